"""Run every benchmark (``make bench``) and print one table; results go to bench/results/."""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SUITES = (
    "bench_cli",
    "bench_scale",
    "bench_api",
    "bench_network",
    "bench_mcda",
    "bench_report",
    "bench_layers",
    "bench_optimize",
    "bench_surface",
    "bench_explore",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, for a smoke run.")
    parser.add_argument(
        "--with-slowest",
        action="store_true",
        help="bench_optimize: also run spopt's 200 x 2,000 p-median (15 and 5 min); "
        "left out by default (they alone take about 20 minutes).",
    )
    parser.add_argument(
        "--with-before",
        action="store_true",
        help="bench_optimize: also solve the 200 x 2,000 p-median without the tree search "
        "(up to 2 minutes per solver), in the same run.",
    )
    # Skipping is the default now; the old flag still parses.
    parser.add_argument("--skip-slowest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("suites", nargs="*", default=list(SUITES))
    args = parser.parse_args()
    # Fresh-process rows time the package as installed: with its bytecode written, as a wheel
    # install (or any run without PYTHONDONTWRITEBYTECODE) leaves it; `make bench` does it too.
    compileall.compile_dir(str(HERE.parent / "siteselect"), quiet=1)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    rows: list[dict[str, object]] = []
    for name in args.suites:
        module = importlib.import_module(name)
        if name == "bench_optimize":
            got = module.run(
                quick=args.quick, with_slowest=args.with_slowest, with_before=args.with_before
            )
        else:
            got = module.run(quick=args.quick)
        rows.extend({"suite": name, **r} for r in got)
    (out / "all.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
