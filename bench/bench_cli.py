"""End-to-end timings of the command line: `siteselect --help` and `siteselect rank`.

Each command runs in a fresh process (what a user waits for), repeated; the median is reported.
The peer for `--help` is `python -c "import geopandas"`: what start-up would cost if the CLI
imported the geo stack eagerly.

With ``SITESELECT_BENCH_PEER=/path/to/another/checkout`` (say the main branch), `rank` of the
default profile is also timed from that checkout's code and data, alternating with this one's so
that the machine's load falls on both alike: did a change make the default search slower?
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
PEER_ENV = "SITESELECT_BENCH_PEER"


def _time(cmd: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _against_peer(repeats: int) -> list[dict[str, object]]:
    """`rank` (default profile) from this checkout and from ``$SITESELECT_BENCH_PEER``, in turn."""
    peer = os.environ.get(PEER_ENV)
    if not peer:
        return []
    cmd = [PYTHON, "-m", "siteselect", "rank"]
    envs = {
        "this": {**os.environ, "PYTHONPATH": str(REPO)},
        "peer": {**os.environ, "PYTHONPATH": str(Path(peer).resolve())},
    }
    times: dict[str, list[float]] = {"this": [], "peer": []}
    for env in envs.values():  # warm both (disk cache of the road graph, OS file cache)
        subprocess.run(cmd, check=True, capture_output=True, env=env)
    for _ in range(repeats * 2):
        for key, env in envs.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            times[key].append(time.perf_counter() - start)
    this_s, peer_s = statistics.median(times["this"]), statistics.median(times["peer"])
    return [
        {
            "name": "siteselect rank (default profile, two corridors): this checkout",
            "seconds": round(this_s, 3),
            "peer": f"the same command from {peer} ({PEER_ENV}), alternated",
            "peer_seconds": round(peer_s, 3),
            "ratio_to_peer": round(this_s / peer_s, 3),
        }
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the CLI; return rows {name, seconds, peer, peer_seconds, ratio}."""
    repeats = 3 if quick else 7
    cli = [PYTHON, "-m", "siteselect"]
    help_s = _time([*cli, "--help"], repeats)
    geo_s = _time([PYTHON, "-c", "import geopandas"], repeats)
    rows: list[dict[str, object]] = [
        {
            "name": "siteselect --help",
            "seconds": round(help_s, 3),
            "peer": "python -c 'import geopandas'",
            "peer_seconds": round(geo_s, 3),
            "ratio": round(geo_s / help_s, 2),
        }
    ]
    rank_repeats = 3 if quick else 5
    # Warm the disk cache (the road graph) and the OS file cache first: users run warm.
    subprocess.run([*cli, "rank", "--format", "json"], check=True, capture_output=True)
    for profile in ("default", "automotive-tier1"):
        for fmt in ("table", "json"):
            seconds = _time([*cli, "rank", "--profile", profile, "--format", fmt], rank_repeats)
            # The peer measured again beside each command: the ratio is of one moment.
            peer = _time([PYTHON, "-c", "import geopandas"], rank_repeats)
            rows.append(
                {
                    "name": f"siteselect rank --profile {profile} --format {fmt}",
                    "seconds": round(seconds, 3),
                    "peer": "python -c 'import geopandas'",
                    "peer_seconds": round(peer, 3),
                    "ratio_to_peer": round(seconds / peer, 2),
                }
            )
    rows.extend(_against_peer(rank_repeats))
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "cli.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
