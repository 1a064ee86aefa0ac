"""Benchmark: the library path. ``result.with_weights`` (re-scoring, no measure recomputed)
against a fresh ``ss.rank`` with the same weights, in one process, warm.

Run ``python bench/bench_api.py``; results go to ``bench/results/api.json``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import siteselect as ss  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "api.json"


def _median(fn: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time with_weights against a fresh rank for two profiles."""
    repeats = 3 if quick else 7
    rows: list[dict[str, object]] = []
    for profile, weights in (
        ("default", {"labour": 0.4, "border": 0.1}),
        ("electronics", {"labour": 0.5}),
    ):
        base = ss.rank(profile=profile)  # warm: layers read, caches filled
        fresh = _median(lambda p=profile, w=weights: ss.rank(profile=p, weights=w), repeats)
        rescored = _median(lambda b=base, w=weights: b.with_weights(w), repeats * 3)
        rows.append(
            {
                "name": f"with_weights ({profile})",
                "seconds": round(rescored, 4),
                "peer": f"ss.rank(profile={profile!r}, weights=...) fresh",
                "peer_seconds": round(fresh, 4),
                "ratio": round(fresh / rescored, 1),
            }
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
