"""Benchmark: `siteselect explore`'s re-rank latency, one weight change at a time, through the
app's own code path: the action the ``+`` / ``-`` keys are bound to, run in the app under
Textual's Pilot at 80 x 24, timed until the screen has been refreshed (``call_after_refresh``),
against a fresh ``ss.rank`` with the same weights in the same process. (Pilot's ``press``
itself waits until the process looks idle, in 20 ms naps: a test harness's pace, not the app's.)

The issue's target is 100 ms per change on the embedded data. Run
``python bench/bench_explore.py``; results go to ``bench/results/explore.json``.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import siteselect as ss  # noqa: E402
from siteselect.cli.explore.app import ExploreApp  # noqa: E402
from siteselect.cli.explore.session import Session  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "explore.json"
TARGET_S = 0.100


async def _press_times(profile: str, presses: int) -> tuple[list[float], str, dict[str, float]]:
    """Seconds from each key press to the redrawn screen; the criterion moved and the last
    weights (for the peer)."""
    result = ss.rank(profile=profile)
    app = ExploreApp(result)
    criteria = [c.name for c in result.config.criteria]
    name = "labour" if "labour" in criteria else criteria[0]
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *["down"] * criteria.index(name))
        await pilot.pause()
        for i in range(presses):
            action = "nudge(1)" if i % 2 == 0 else "nudge(-1)"  # up and down: weights stay near
            steps = len(app.session.steps)
            refreshed = asyncio.Event()
            start = time.perf_counter()
            await app.run_action(action)
            app.call_after_refresh(refreshed.set)
            await refreshed.wait()
            times.append(time.perf_counter() - start)
            assert len(app.session.steps) == steps + 1, "the action did not re-rank"
            await pilot.pause()  # let the highlight messages settle before the next change
        weights = app.session.raw_weights()
    return times, name, weights


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the app's re-rank per key press for two profiles, and the peer."""
    presses = 10 if quick else 40
    rows: list[dict[str, object]] = []
    for profile in ("automotive-tier1", "default"):
        ss.rank(profile=profile)  # warm: layers read, caches filled
        times, name, weights = asyncio.run(_press_times(profile, presses))
        session = Session(ss.rank(profile=profile))
        library = []
        for i in range(presses):
            start = time.perf_counter()
            session.nudge_weight(name, 1 if i % 2 == 0 else -1)
            library.append(time.perf_counter() - start)
        fresh = []
        for _ in range(3 if quick else 5):
            start = time.perf_counter()
            ss.rank(profile=profile, weights=weights)
            fresh.append(time.perf_counter() - start)
        app_s = statistics.median(times)
        rows.append(
            {
                "name": f"explore: one weight key, re-rank and redraw ({profile}, 80x24, Pilot)",
                "seconds": round(app_s, 4),
                "max_seconds": round(max(times), 4),
                "library_seconds": round(statistics.median(library), 4),
                "presses": presses,
                "target_seconds": TARGET_S,
                "within_target": app_s <= TARGET_S,
                "peer": f"ss.rank(profile={profile!r}, weights=...) fresh",
                "peer_seconds": round(statistics.median(fresh), 4),
                "ratio": round(statistics.median(fresh) / app_s, 1),
            }
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
