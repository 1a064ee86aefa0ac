"""Suitability surface over the Bajío: cells per second, peak memory, growth, Dask, labour shed.

Workload: ``siteselect.surface.compute_surface`` with the default profile (its seven location
measures: two drive times, rail distance, labour shed and commute burden within 60 min,
commercial crossings within 6 h, clear-sky solar) over the Bajío corridor at H3 res 7
(~31,000 cells) and res 8 (~216,000 cells), the whole run timed (layers read, grid built,
measured, fitted, scored; the road graph comes from the disk cache, as on any run after the
first). Each case runs in a fresh process, so its peak memory (``VmHWM``) is its own.

* in-process: ``compute_surface(...)``;
* 2 workers: a local Dask cluster of 2 processes (1 thread each) started beforehand (its start
  is reported apart), the same call with ``scheduler=``; peak memory of each worker reported.

Labour shed, per-node tables against a naive loop: the 60-min shed of every res-8 cell through
``network.compute_shed_by_node`` (one table per road node the cells join, then a gather) against
one ``network.compute_shed`` call per cell (one bounded Dijkstra per cell). The naive loop is
timed on a sample of cells and extrapolated linearly to all of them (said in the row).

The whole country (``corridors=["all"]``: every corridor of ``data/corridors.csv``, which tile
Mexico): res 7 in-process (~330,000 cells) and res 8 on 2 Dask workers (~2.3 M cells, 100,000-cell
partitions), time and peak memory of each (issue 22). ``--quick`` leaves them out.

``--res9`` adds both corridors at res 9 (~4 M cells) on 2 workers with 100,000-cell partitions:
minutes of work, run by hand (``python bench/bench_surface.py --res9``), not by ``make bench``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _memory import read_peak_mb

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "surface.json"
NAIVE_SAMPLE = 300


def _one(res: int, corridors: list[str], workers: int, partition_size: int) -> dict[str, Any]:
    """One case, in this (fresh) process."""
    from siteselect.config import load_search
    from siteselect.surface import compute_surface

    config = load_search(profile="default")
    if workers == 0:
        started = time.perf_counter()
        result = compute_surface(
            config, res=res, corridors=corridors, partition_size=partition_size
        )
        seconds = time.perf_counter() - started
        return {
            "cells": result.n_cells,
            "seconds": seconds,
            "peak_mb": read_peak_mb(),
            "partitions": result.partitions,
        }
    import logging

    from distributed import Client, LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    cluster_s = time.perf_counter() - started
    try:
        started = time.perf_counter()
        result = compute_surface(
            config,
            res=res,
            corridors=corridors,
            partition_size=partition_size,
            scheduler=cluster.scheduler_address,
        )
        seconds = time.perf_counter() - started
        worker_mb = client.run(read_peak_mb)
    finally:
        client.close()
        cluster.close()
    return {
        "cells": result.n_cells,
        "seconds": seconds,
        "cluster_start_s": cluster_s,
        "peak_mb": read_peak_mb(),
        "worker_peak_mb": sorted(round(v) for v in worker_mb.values()),
        "partitions": result.partitions,
    }


def _labour(res: int) -> dict[str, Any]:
    """The 60-min labour shed of every cell: per-node tables against one Dijkstra per cell."""
    import numpy as np

    from siteselect import network
    from siteselect.api import build_context
    from siteselect.config import load_search
    from siteselect.criteria._shed import read_shed_points
    from siteselect.layers.store import LayerStore
    from siteselect.surface import build_cell_candidates, build_cells, build_grid_plan
    from siteselect.surface.grid import build_corridor_area

    store = LayerStore()
    config = load_search(profile="default")
    context = build_context(config, store)
    graph = context.road_graph()
    labour = next(c for c in config.criteria if c.measure == "population_within")
    xy, people, _ = read_shed_points(labour.params, context)  # the default profile's people
    minutes = float(labour.params.minutes)
    area, _ = build_corridor_area(store.layer("corridors"), ["bajio"])
    cells = build_cell_candidates(*build_cells(build_grid_plan(area, res))).xy()
    started = time.perf_counter()
    total, _ = network.compute_shed_by_node(graph, cells, xy, people, minutes)
    fast = time.perf_counter() - started
    rng = np.random.default_rng(20240601)
    sample = rng.choice(cells.shape[0], size=NAIVE_SAMPLE, replace=False)
    started = time.perf_counter()
    naive = [
        network.compute_shed(graph, cells[i : i + 1], xy, people, minutes)[0][0] for i in sample
    ]
    naive_s = (time.perf_counter() - started) / NAIVE_SAMPLE * cells.shape[0]
    assert np.allclose(naive, total[sample], rtol=1e-12)  # same answers on the sample
    return {
        "name": f"labour shed {minutes:g} min (default profile), Bajío res {res}",
        "cells": int(cells.shape[0]),
        "seconds": round(fast, 3),
        "peer": f"one compute_shed call per cell, timed on {NAIVE_SAMPLE} cells, extrapolated",
        "peer_seconds": round(naive_s, 1),
        "ratio": round(naive_s / fast, 1),
    }


def _national() -> list[dict[str, object]]:
    """The whole country: res 7 in-process and res 8 on 2 Dask workers."""
    rows: list[dict[str, object]] = []
    for res, workers in ((7, 0), (8, 2)):
        got = _child(["surface", str(res), "all", str(workers), "100000"])
        where = "in-process" if workers == 0 else f"{workers} Dask workers"
        row: dict[str, object] = {
            "name": f"surface, default profile, whole country (all) res {res}, {where}",
            "cells": got["cells"],
            "seconds": round(got["seconds"], 1),
            "cells_per_s": round(got["cells"] / got["seconds"]),
            "peak_mb": round(got["peak_mb"]),
            "partitions": got["partitions"],
        }
        if workers:
            row["worker_peak_mb"] = got["worker_peak_mb"]
            row["cluster_start_s"] = round(got["cluster_start_s"], 1)
        rows.append(row)
    return rows


def _child(args: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--one", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench case {args} failed:\n{proc.stderr}")
    row: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return row


def run(quick: bool = False, res9: bool = False) -> list[dict[str, object]]:
    """Time the Bajío surface at res 7 and 8, in-process and on 2 Dask workers, and the whole
    country at res 7 in-process and res 8 on 2 workers."""
    rows: list[dict[str, object]] = []
    _child(["surface", "6", "bajio", "0", "100000"])  # warm the disk cache of the road graph
    times: dict[tuple[int, int], dict[str, Any]] = {}
    for workers in (0, 2):
        for res in (7,) if quick else (7, 8):
            got = _child(["surface", str(res), "bajio", str(workers), "100000"])
            times[(res, workers)] = got
            where = "in-process" if workers == 0 else f"{workers} Dask workers"
            row: dict[str, object] = {
                "name": f"surface, default profile, Bajío res {res}, {where}",
                "cells": got["cells"],
                "seconds": round(got["seconds"], 2),
                "cells_per_s": round(got["cells"] / got["seconds"]),
                "peak_mb": round(got["peak_mb"]),
                "partitions": got["partitions"],
            }
            if workers:
                row["worker_peak_mb"] = got["worker_peak_mb"]
                row["cluster_start_s"] = round(got["cluster_start_s"], 1)
            rows.append(row)
    for workers in (0, 2):
        if (7, workers) in times and (8, workers) in times:
            a, b = times[(7, workers)], times[(8, workers)]
            rows.append(
                {
                    "name": f"growth res 7 -> 8 ({'in-process' if not workers else '2 workers'})",
                    "cells_ratio": round(b["cells"] / a["cells"], 2),
                    "time_ratio": round(b["seconds"] / a["seconds"], 2),
                }
            )
    rows.append(_child(["labour", "7" if quick else "8"]))
    if not quick:
        rows.extend(_national())
    if res9:
        got = _child(["surface", "9", "bajio,northeast", "2", "100000"])
        rows.append(
            {
                "name": "surface, default profile, both corridors res 9, 2 Dask workers",
                "cells": got["cells"],
                "seconds": round(got["seconds"], 1),
                "cells_per_s": round(got["cells"] / got["seconds"]),
                "peak_mb": round(got["peak_mb"]),
                "worker_peak_mb": got["worker_peak_mb"],
                "partitions": got["partitions"],
                "cluster_start_s": round(got["cluster_start_s"], 1),
            }
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--one":
        kind, *rest = args[1:]
        if kind == "labour":
            out = _labour(int(rest[0]))
        else:
            res, corridors, workers, size = rest
            out = _one(int(res), corridors.split(","), int(workers), int(size))
        print(json.dumps(out))
        return
    for row in run(quick="--quick" in args, res9="--res9" in args):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
