"""Benchmark: the time to write one PDF proposal report (goal: under 5 s on the 2-core machine).

Two figures: the command a sales person runs (``siteselect report PARK -o x.pdf``, a fresh
process: imports, the ranking, isochrones, map, charts and PDF) and, in one warm process, the
report's own stages after the ranking (view model with isochrones and map layers, pictures,
PDF). Run ``python bench/bench_report.py``; results go to ``bench/results/report.json``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import siteselect as ss  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "report.json"
PARK = "parque-industrial-monterrey"
GOAL_SECONDS = 5.0


def _median(fn: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _command(folder: Path) -> float:
    """Run the report command; return its CPU seconds (user + system), which other loads on
    the machine disturb less than the wall-clock time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "siteselect",
            "report",
            PARK,
            "-o",
            str(folder / "r.pdf"),
            "--force",
        ],
        check=True,
        capture_output=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the report command end to end, and the report stages in a warm process."""
    from siteselect.api import build_report
    from siteselect.report.charts import render_proposal_images
    from siteselect.report.pdf import render_proposal_pdf

    repeats = 2 if quick else 5
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        _command(Path(folder))  # warm the disk cache of the road graph
        cpu: list[float] = []
        command = _median(lambda: cpu.append(_command(Path(folder))), repeats)
    rows.append(
        {
            "name": "siteselect report PARK -o report.pdf (fresh process)",
            "seconds": round(command, 3),
            "cpu_seconds": round(statistics.median(cpu), 3),
            "load_average": round(os.getloadavg()[0], 2),
            "goal_seconds": GOAL_SECONDS,
            "meets_goal": command < GOAL_SECONDS,
        }
    )
    result = ss.rank()
    view = build_report(result, PARK, day=date(2026, 12, 1))
    images = render_proposal_images(view)
    stages = {
        "rank (default profile)": lambda: ss.rank(),
        "build_report (view, isochrones, map layers)": lambda: build_report(
            result, PARK, day=date(2026, 12, 1)
        ),
        "render_proposal_images (map, chart)": lambda: render_proposal_images(view),
        "render_proposal_pdf": lambda: render_proposal_pdf(view, images),
    }
    for name, fn in stages.items():
        rows.append({"name": f"warm: {name}", "seconds": round(_median(fn, repeats), 3)})
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
