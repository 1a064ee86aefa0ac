"""Benchmark: one PDF proposal, ``siteselect report PARK --lang es -o p.pdf`` (goal: <= 5 s).

On the shared 2-core machine wall-clock figures move with the load, so the command is timed in
the same run as a peer, ``python -c "import geopandas"`` (each repeat runs one, then the
other), and reported as seconds and as a ratio to the peer; the load average is recorded.

Figures:

* the command in a fresh process with the disk cache warm (the road graph, the main roads and
  the stress test of the search are kept in it: a sales team's second report under the same
  profile, and every report after it);
* the same with an empty cache (``SITESELECT_CACHE_DIR`` set to a new folder: the first report
  on a machine, which builds the road graph and runs the stress test);
* in one warm process, the report's stages: ranking, stress test (computed, and read from the
  cache), drive-time areas, map layers, view model, map picture, PDF.

Run ``python bench/bench_report.py [--quick]``; results go to ``bench/results/report.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "report.json"
PARK = "parque-industrial-monterrey"
GOAL_SECONDS = 5.0
COMMAND = ("-m", "siteselect", "report", PARK, "--lang", "es", "--force", "-o")
PEER = ("-c", "import geopandas")


def _wall(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _paired(folder: Path, repeats: int, cache: Path | None) -> tuple[list[float], list[float]]:
    """The report command and the peer, one after the other, ``repeats`` times."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    report: list[float] = []
    peer: list[float] = []
    for i in range(repeats):
        if cache is not None:  # an empty cache for every repeat
            env["SITESELECT_CACHE_DIR"] = str(cache / f"run{i}")
        report.append(_wall([sys.executable, *COMMAND, str(folder / "p.pdf")], env))
        peer.append(_wall([sys.executable, *PEER], env))
    return report, peer


def _row(name: str, report: list[float], peer: list[float]) -> dict[str, object]:
    median, best = statistics.median(report), min(report)
    return {
        "name": name,
        "seconds": round(median, 3),
        "min_seconds": round(best, 3),
        "peer_seconds": round(statistics.median(peer), 3),
        "ratio_to_import_geopandas": round(median / statistics.median(peer), 2),
        "load_average": round(os.getloadavg()[0], 2),
        "goal_seconds": GOAL_SECONDS,
        "meets_goal": median <= GOAL_SECONDS,
    }


def _median(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _stages(repeats: int) -> list[dict[str, object]]:
    """The report's stages in one warm process (caches as the machine has them)."""
    import siteselect as ss
    from siteselect.api import build_isochrones, compute_resilience, read_road_graph
    from siteselect.layers import cache
    from siteselect.layers.store import LayerStore
    from siteselect.report.charts import render_map_png
    from siteselect.report.map_layers import read_map_layers
    from siteselect.report.pdf import render_proposal_pdf
    from siteselect.report.proposal import build_proposal

    result = ss.rank()
    iso = {PARK: build_isochrones(result.config, PARK, (30, 60))}
    graph = read_road_graph(result.config, LayerStore(None))
    layers = read_map_layers(result, [PARK], iso, graph=graph, lang="es")
    resilience = compute_resilience(result)
    view = build_proposal(
        result, [PARK], lang="es", layers=layers, resilience=resilience, day=date(2026, 12, 1)
    )
    assert view.map is not None
    picture = render_map_png(view.map, view.messages)
    from siteselect.report.charts import ProposalImages

    images = ProposalImages(picture, ())

    def stress_computed() -> object:
        with tempfile.TemporaryDirectory() as empty:
            os.environ[cache.CACHE_ENV] = empty
            try:
                return compute_resilience(result)
            finally:
                del os.environ[cache.CACHE_ENV]

    stages: dict[str, Callable[[], object]] = {
        "rank (default profile)": ss.rank,
        "stress test, computed (25 closures)": stress_computed,
        "stress test, read from the cache": lambda: compute_resilience(result),
        "drive-time areas (30, 60 min)": lambda: build_isochrones(result.config, PARK, (30, 60)),
        "map layers (states, places, main roads, neighbourhood)": lambda: read_map_layers(
            result, [PARK], iso, graph=graph, lang="es"
        ),
        "view model (sales, es)": lambda: build_proposal(
            result, [PARK], lang="es", layers=layers, resilience=resilience
        ),
        "map picture (PNG)": lambda: render_map_png(view.map, view.messages),  # type: ignore[arg-type]
        "PDF (fpdf2)": lambda: render_proposal_pdf(view, images),
    }
    return [
        {"name": f"warm: {name}", "seconds": round(_median(fn, repeats), 3)}
        for name, fn in stages.items()
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the report command (cache warm and empty) against the peer, and the stages."""
    warnings.simplefilter("ignore")
    repeats = 2 if quick else 5
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        _paired(out, 1, None)  # fill the cache (graph, main roads, stress test)
        rows.append(
            _row(
                "report PARK --lang es -o p.pdf, fresh process, cache warm",
                *_paired(out, repeats, None),
            )
        )
        rows.append(
            _row(
                "report PARK --lang es -o p.pdf, fresh process, empty cache",
                *_paired(out, 1 if quick else 2, out / "cache"),
            )
        )
    rows.extend(_stages(1 if quick else 3))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
