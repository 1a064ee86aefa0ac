"""The public path at scale, each beside its peer and its goal (issue 21).

- ``siteselect rank`` of the default profile / ``python -c "import geopandas"``, alternated in
  one run (median of each): goal <= 2.5x.
- ``siteselect rank`` of the default profile over 100,000 user points (a CSV of lon/lat points
  in the Bajío and Northeast boxes, seeded, built here): goal <= 10 s and <= 1 GB peak RSS.
- The 60-minute labour shed of 1,000 user points through ``ss.rank`` (a config of one
  ``population_within`` criterion), against a fair networkx peer on the same car graph and
  access legs: one ``single_source_dijkstra_path_length`` with a cutoff per point, the people
  at the reached places summed by a vectorised lookup (no Python loop over the places). Both
  sides run warm (the road graph read once before): goal >= 10x.

Timings on a shared machine are noisy: read the ratios, measured in the same run.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
SEED = 20261206
REPEATS = 5  # the shed's three timings (whole call, step, peer) are medians of this many
# lon/lat boxes mostly inside the Bajío and Northeast corridors (a few points fall outside).
BOXES = ((-104.0, 20.0, -99.5, 22.5), (-101.5, 24.5, -98.5, 27.0))
DEFAULT_PROFILE = REPO / "configs" / "profiles" / "default.toml"
SHED_CONFIG = """
[profile]
name = "shed"
[search]
top = 5
corridors = ["all"]  # every point measured (the peer measures them all)
[candidates]
path = "{path}"
[[criteria]]
name = "labour"
measure = "population_within"
minutes = 60
direction = "max"
weight = 1
"""


def _points_csv(path: Path, n: int, rng: np.random.Generator) -> None:
    """``n`` seeded points in the corridor boxes as ``id,name,lon,lat``."""
    which = rng.integers(0, len(BOXES), n)
    box = np.array(BOXES)[which]
    lon = rng.uniform(box[:, 0], box[:, 2])
    lat = rng.uniform(box[:, 1], box[:, 3])
    lines = ["id,name,lon,lat"]
    lines += [
        f"p{i},site {i},{x:.6f},{y:.6f}" for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _timed_child(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command in a fresh child (via a small wrapper,
    so the RSS is the command's own)."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", wrapper, *cmd], check=True, capture_output=True)
    seconds, kb = out.stdout.decode().split()
    return float(seconds), float(kb) / 1024.0


def _rank_vs_geopandas(repeats: int) -> dict[str, object]:
    rank = [PYTHON, "-m", "siteselect", "rank"]
    geo = [PYTHON, "-c", "import geopandas"]
    subprocess.run(rank, check=True, capture_output=True)  # warm the disk caches
    ours, peer = [], []
    for _ in range(repeats):
        ours.append(_timed_child(rank)[0])
        peer.append(_timed_child(geo)[0])
    ratio = statistics.median(ours) / statistics.median(peer)
    return {
        "name": "siteselect rank (default profile), warm",
        "seconds": round(statistics.median(ours), 3),
        "peer": "python -c 'import geopandas' (alternated)",
        "peer_seconds": round(statistics.median(peer), 3),
        "ratio_to_peer": round(ratio, 2),
        "goal": "<= 2.5",
        "met": ratio <= 2.5,
    }


def _rank_100k(folder: Path, n: int) -> dict[str, object]:
    csv = folder / "points.csv"
    _points_csv(csv, n, np.random.default_rng(SEED))
    config = folder / "big.toml"
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    config.write_text(f'{text}\n[candidates]\npath = "{csv.as_posix()}"\n', encoding="utf-8")
    cmd = [PYTHON, "-m", "siteselect", "rank", "--config", str(config), "--format", "json"]
    subprocess.run(cmd[:4], check=True, capture_output=True)  # warm the graph cache
    seconds, mb = _timed_child(cmd)
    met = seconds <= 10.0 and mb <= 1024.0
    return {
        "name": f"siteselect rank --config (default profile) of {n:,} user points",
        "seconds": round(seconds, 2),
        "peak_mb": round(mb, 1),
        "goal": "<= 10 s and <= 1024 MB",
        "met": met,
    }


def _shed_vs_networkx(folder: Path, n: int) -> dict[str, object]:
    import networkx as nx

    import siteselect as ss
    from siteselect.config import read_config
    from siteselect.context import build_access_leg, read_road_graph
    from siteselect.layers import read_layer
    from siteselect.layers.store import LayerStore

    rng = np.random.default_rng(SEED + 1)
    csv = folder / "shed.csv"
    _points_csv(csv, 4 * n, rng)
    config_path = folder / "shed.toml"
    config_path.write_text(SHED_CONFIG.format(path=csv.as_posix()), encoding="utf-8")
    config = read_config(config_path)
    graph = read_road_graph(config, LayerStore()).for_traveller("car")
    access = build_access_leg(config)
    # Keep n points within 5 km of a road (as the network bench does).
    from pyproj import Transformer

    table = np.loadtxt(csv, delimiter=",", skiprows=1, usecols=(2, 3))
    tr = Transformer.from_crs("EPSG:4326", "EPSG:6372", always_xy=True)
    xy = np.column_stack(tr.transform(table[:, 0], table[:, 1]))
    dist, _ = graph.tree.query(xy)
    keep = np.flatnonzero(dist <= 5_000.0)[:n]
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([lines[0], *(lines[i + 1] for i in keep)]) + "\n", encoding="utf-8")
    xy = xy[keep]

    ss.rank(config=config_path)  # warm: imports, the graph's disk cache
    calls = []
    for _ in range(REPEATS):  # the median of a few: one call is about a tenth of a second
        start = time.perf_counter()
        result = ss.rank(config=config_path)
        calls.append(time.perf_counter() - start)
    ours_s = statistics.median(calls)
    ours = result.raw["labour"].reindex([f"p{i}" for i in keep]).to_numpy(dtype=float)

    # The shed step ss.rank runs (criteria/_shed.py -> network.compute_shed), timed alone on
    # the same points, places and graph: what the call costs besides reading and checking.
    from siteselect import network

    people = read_layer("population")
    people_xy = np.column_stack([people.geometry.x, people.geometry.y])
    amount = people["population"].to_numpy(dtype=float)
    network.compute_shed(graph, xy[:5], people_xy, amount, 60.0, access=access)  # warm
    steps = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        step, _ = network.compute_shed(graph, xy, people_xy, amount, 60.0, access=access)
        steps.append(time.perf_counter() - start)
    step_s = statistics.median(steps)

    places = read_layer("population")
    pop = places["population"].to_numpy(dtype=float)
    p_xy = np.column_stack([places.geometry.x, places.geometry.y])
    coo = graph.minutes.tocoo()
    g = nx.Graph()
    g.add_nodes_from(range(graph.n_nodes))
    g.add_weighted_edges_from(
        zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True), weight="m"
    )

    def legs(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d, node = graph.tree.query(points)
        return np.asarray(node), d / 1000 * access.detour_factor / access.speed_kph * 60

    peers = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        c_node, c_min = legs(xy)
        p_node, p_min = legs(p_xy)
        peer = np.zeros(len(xy))
        reach = np.full(graph.n_nodes, np.inf)
        for i, (node, leg) in enumerate(zip(c_node.tolist(), c_min.tolist(), strict=True)):
            lengths = nx.single_source_dijkstra_path_length(g, node, cutoff=60.0 - leg, weight="m")
            nodes = np.fromiter(lengths.keys(), dtype=np.int64, count=len(lengths))
            reach[nodes] = np.fromiter(lengths.values(), dtype=float, count=len(lengths))
            t = reach[p_node] + p_min + leg
            peer[i] = pop[t <= 60.0 + 1e-9].sum()
            reach[nodes] = np.inf
        peers.append(time.perf_counter() - start)
    peer_s = statistics.median(peers)
    measured = np.isfinite(ours)  # a point set aside (e.g. outside Mexico) has no shed
    agree = np.isclose(ours[measured], peer[measured], rtol=1e-6)
    step_agree = np.isclose(step, peer, rtol=1e-6)
    ratio = peer_s / ours_s
    step_ratio = peer_s / step_s
    return {
        "name": f"labour shed 60 min, {len(xy):,} user points through ss.rank, {len(pop):,} places",
        "seconds": round(ours_s, 3),
        "peer": "networkx single_source_dijkstra_path_length(cutoff) per point, vectorised sum",
        "peer_seconds": round(peer_s, 3),
        "ratio": round(ratio, 1),
        "goal": ">= 10",
        "met": ratio >= 10.0,
        "shed_step_seconds": round(step_s, 3),
        "shed_step_ratio": round(step_ratio, 1),
        "shed_step_met": step_ratio >= 10.0,
        "points_agreeing": f"{int(agree.sum())} of {len(agree)} measured",
        "step_points_agreeing": f"{int(step_agree.sum())} of {len(step_agree)}",
        "set_aside": int((~measured).sum()),
        "note": (
            "seconds: the whole ss.rank call (config, reading and checking the 1,000 points: "
            "corridors, metros, inside Mexico; scoring); shed_step: network.compute_shed, the "
            "step ss.rank runs for the shed, alone on the same points and graph. Sheds take no "
            "direct short hop (AccessLeg), so the peer's legs are the same"
        ),
    }


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the three workloads; return rows and write ``bench/results/scale.json``."""
    rows: list[dict[str, Any]] = []
    rows.append(_rank_vs_geopandas(3 if quick else 7))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows.append(_rank_100k(folder, 20_000 if quick else 100_000))
        # The machine's speed in this run (the figures had 0.41 s): the 10 s goal is
        # absolute, so a slow hour can miss it with no change in the code.
        rows[-1]["import_geopandas_s_this_run"] = rows[0]["peer_seconds"]
        rows.append(_shed_vs_networkx(folder, 200 if quick else 1_000))
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "scale.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
