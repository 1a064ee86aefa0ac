"""OpenStreetMap through osmnx: road edges and the layers of ``siteselect layers fetch-osm``.

Road edges: an offline ``.osm`` reader, a cached download and a GeoPackage written by
``fetch-osm``, all ending in :func:`build_osm_edges`, one pure function from an osmnx graph to
drivable edges in EPSG:6372, which :func:`siteselect.network.build_road_graph` turns into a
road graph (``class_column="highway"`` gives truck speeds by road class).

Layers (:data:`OSM_WHAT`): the drive network with road classes and truck speeds, power lines
and substations with voltages, railways and industrial land use, downloaded from Overpass
(:func:`download_osm_layers`, only when asked, cached on disk by osmnx so a second run needs
no network) or read from a ``.osm`` file (:func:`read_osm_layers`); both feed the same pure
builders (:func:`build_osm_layers`), and :func:`write_osm_geopackage` writes them into one
GeoPackage that ``[network] osm_path``, a criterion's ``to`` and ``layers validate`` read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.constants import METRIC_CRS
from siteselect.errors import ConfigError, DataError, name_input

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    from shapely.geometry.base import BaseGeometry


DRIVABLE_CLASSES: tuple[str, ...] = (
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "motorway_link",
    "trunk_link",
    "primary_link",
    "secondary_link",
    "tertiary_link",
    "living_street",
    "road",
)
"""``highway`` values a truck may use, fastest first (osmnx's ``drive`` network, less service
roads). An edge carrying several values (a simplified graph's merged edge) takes the slowest
drivable one, a conservative choice for trucks."""

EDGE_COLUMNS: tuple[str, ...] = ("u", "v", "highway", "length_km", "name", "geometry")


def read_osm_edges(
    path: str | Path, *, classes: Sequence[str] = DRIVABLE_CLASSES
) -> gpd.GeoDataFrame:
    """Read drivable road edges from an OpenStreetMap XML file, offline.

    Parameters
    ----------
    path
        An ``.osm`` or ``.osm.bz2`` file (``.pbf`` is not supported by osmnx), or the
        GeoPackage ``siteselect layers fetch-osm`` writes (its ``roads`` layer).
    classes
        The ``highway`` classes kept.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``u``, ``v`` (OSM node ids), ``highway`` (one class), ``length_km``, ``name``
        and LineString geometry, in EPSG:6372; see :func:`build_osm_edges`.
    """
    import osmnx as ox

    file = Path(path)
    if not file.exists():
        msg = f"OSM file {file.name} does not exist; give a .osm or .osm.bz2 extract"
        raise DataError(msg)
    if file.is_dir():
        msg = f"OSM file {file.name} is a folder; give a .osm, .osm.bz2 or fetch-osm .gpkg file"
        raise DataError(msg)
    if file.suffix.lower() == ".gpkg":
        roads = read_osm_geopackage_roads(file)
        return roads.loc[roads["highway"].isin(list(classes))].reset_index(drop=True)
    if file.suffix == ".pbf":
        msg = f"{file}: .pbf is not supported; convert it with `osmium cat {file} -o out.osm.bz2`"
        raise DataError(msg)
    try:
        graph = ox.graph_from_xml(file, simplify=False, retain_all=True)
    except Exception as exc:  # osmnx and its XML parser raise several unrelated types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = f"cannot read OSM file {file}: {first}"
        raise DataError(msg) from exc
    return build_osm_edges(graph, source=file.name, classes=classes)


def download_osm_edges(
    place_or_bbox: str | Sequence[float],
    cache_dir: str | Path,
    *,
    overpass_url: str | None = None,
    nominatim_url: str | None = None,
    timeout_s: float = 180.0,
) -> gpd.GeoDataFrame:
    """Download drivable road edges from Overpass (opt-in; needs the network), with a cache.

    Responses are cached as JSON in ``cache_dir`` by osmnx, so a second call with the same
    area reads the cache and makes no request. osmnx's global settings are changed only for
    the duration of the call and restored afterwards.

    Parameters
    ----------
    place_or_bbox
        A place name geocoded by Nominatim (``"Apodaca, Nuevo León, Mexico"``) or a bounding box
        ``(west, south, east, north)`` in degrees.
    cache_dir
        Folder for osmnx's HTTP cache (created if needed).
    overpass_url, nominatim_url
        Other servers than osmnx's defaults (a mirror, or a local test server).
    timeout_s
        Request time-out, seconds.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`read_osm_edges`.
    """
    import osmnx as ox

    bbox = parse_bbox(place_or_bbox)
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with _osmnx_settings(
        use_cache=True,
        cache_folder=str(folder),
        requests_timeout=timeout_s,
        log_console=False,
        **({"overpass_url": overpass_url.rstrip("/")} if overpass_url else {}),
        **({"overpass_rate_limit": False} if overpass_url else {}),
        **({"nominatim_url": nominatim_url.rstrip("/")} if nominatim_url else {}),
    ):
        try:
            if bbox is not None:
                graph = ox.graph_from_bbox(
                    bbox, network_type="drive", simplify=False, retain_all=True
                )
            else:
                graph = ox.graph_from_place(
                    str(place_or_bbox), network_type="drive", simplify=False, retain_all=True
                )
        except Exception as exc:  # requests, osmnx and geocoder errors alike
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            msg = (
                f"OSM download for {place_or_bbox!r} failed: {first}; "
                "check the network or read a .osm file instead"
            )
            raise DataError(msg) from exc
    return build_osm_edges(graph, source=f"Overpass {place_or_bbox!r}")


def build_osm_edges(
    graph: nx.MultiDiGraph,
    *,
    source: str = "OSM graph",
    classes: Sequence[str] = DRIVABLE_CLASSES,
) -> gpd.GeoDataFrame:
    """Turn an osmnx graph into drivable road edges (pure; no IO).

    Keeps edges whose ``highway`` tag names a drivable class (:data:`DRIVABLE_CLASSES`; untagged
    and footway-like edges go, which also avoids osmnx's NaN speeds on untagged edges), then the
    largest strongly connected piece, then simplifies the graph (interstitial nodes removed, a
    change of road class kept as a node) and projects to EPSG:6372.

    Filtering comes before simplification: osmnx's default simplification would merge a road
    and the footway that continues it into one edge. So the Aguascalientes test extract gives
    682 nodes / 1,401 edges, not the 786 / 1,564 of filtering an already simplified graph.

    Parameters
    ----------
    graph
        An osmnx ``MultiDiGraph`` in EPSG:4326, preferably unsimplified (``simplify=False``).
    source
        Named in error messages.
    classes
        The ``highway`` classes kept (before simplification, so a junction with a dropped
        class does not split an edge).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per directed edge: ``u``, ``v``, ``highway`` (one class), ``length_km``,
        ``name``, geometry.
    """
    import geopandas as gpd
    import osmnx as ox

    keep = []
    found: dict[tuple[Any, Any, Any], str] = {}
    for u, v, k, data in graph.edges(keys=True, data=True):
        cls = _drivable_class(data.get("highway"))
        if cls is not None and cls in classes:
            keep.append((u, v, k))
            found[(u, v, k)] = cls
    if not keep:
        msg = f"{source}: no drivable road (highway={', '.join(classes[:3])}, ...) found"
        raise DataError(msg)
    drivable = graph.edge_subgraph(keep).copy()
    for key, cls in found.items():
        drivable.edges[key]["highway"] = cls
    drivable = ox.truncate.largest_component(drivable, strongly=True)
    if not drivable.graph.get("simplified", False):
        drivable = ox.simplify_graph(drivable, edge_attrs_differ=["highway"])
    edges = ox.graph_to_gdfs(drivable, nodes=False, fill_edge_geometry=True).reset_index()
    edges["highway"] = [_drivable_class(h) for h in edges["highway"]]
    edges["length_km"] = edges["length"].astype(float) / 1000.0
    if "name" not in edges.columns:
        edges["name"] = None
    edges["name"] = [n if isinstance(n, str) else None for n in edges["name"]]
    out = gpd.GeoDataFrame(edges[list(EDGE_COLUMNS)], geometry="geometry", crs=edges.crs)
    return out.to_crs(METRIC_CRS)


def _drivable_class(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    found = [v for v in values if isinstance(v, str) and v in DRIVABLE_CLASSES]
    if not found:
        return None
    return max(found, key=DRIVABLE_CLASSES.index)


def parse_bbox(place_or_bbox: str | Sequence[float]) -> tuple[float, float, float, float] | None:
    """A ``(west, south, east, north)`` bbox in degrees, checked; ``None`` for a place name."""
    if isinstance(place_or_bbox, str):
        if not place_or_bbox.strip():
            msg = "OSM download: give a place name or a bbox (west, south, east, north)"
            raise ConfigError(msg)
        return None
    values = [float(v) for v in place_or_bbox]
    if len(values) != 4:
        msg = f"OSM download: bbox {place_or_bbox!r} needs 4 numbers (west, south, east, north)"
        raise ConfigError(msg)
    west, south, east, north = values
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        msg = f"OSM download: bbox {place_or_bbox!r} is not (west, south, east, north) in degrees"
        raise ConfigError(msg)
    return west, south, east, north


def build_osm_area(
    corridor: str | None,
    bbox: str | Sequence[float] | None,
    corridors: gpd.GeoDataFrame | None = None,
) -> BaseGeometry:
    """The area to fetch, in EPSG:4326: a corridor's outline (simplified) or a bbox.

    ``corridors`` is the corridors layer (needed for a corridor's name only).
    """
    from shapely.geometry import box

    from siteselect.constants import GEOGRAPHIC_CRS

    if (corridor is None) == (bbox is None):
        corridor_opt, bbox_opt = name_input("--corridor"), name_input("--bbox")
        msg = f"give the area with either {corridor_opt} NAME or {bbox_opt} W,S,E,N"
        raise ConfigError(msg)
    if bbox is not None:
        if isinstance(bbox, str):
            try:
                values: Sequence[float] = [float(v) for v in bbox.split(",")]
            except ValueError:
                msg = (
                    f"{name_input('--bbox')} {bbox!r}: write four numbers "
                    "west,south,east,north in degrees"
                )
                raise ConfigError(msg) from None
        else:
            values = bbox
        parsed = parse_bbox(values)
        assert parsed is not None  # a sequence always parses to a bbox or raises
        area = box(*parsed)
        _check_area_size(area, f"{name_input('--bbox')} {','.join(f'{v:g}' for v in parsed)}")
        return area
    assert corridors is not None, "a corridor's outline needs the corridors layer"
    known = [str(c) for c in corridors["corridor"]]
    if corridor not in known:
        msg = f"unknown corridor {corridor!r}; known corridors: {', '.join(known)}"
        raise ConfigError(msg)
    shape = corridors.loc[corridors["corridor"] == corridor].to_crs(GEOGRAPHIC_CRS).geometry
    # A slightly larger, simpler outline: a short Overpass query that still covers the corridor.
    outline: BaseGeometry = shape.iloc[0].buffer(0.02).simplify(0.01)
    _check_area_size(outline, f"corridor {corridor!r}")
    return outline


MAX_FETCH_KM2 = 400_000.0
"""The largest area ``fetch-osm`` asks Overpass for: above the largest manufacturing corridor
(north-centre, about 369,000 km2). osmnx splits an area into squares of 2,500 km2, one query
each; a mistyped bbox (a degree too many) can mean thousands of queries to a shared server."""


def _check_area_size(area: BaseGeometry, what: str) -> None:
    """Refuse an area larger than :data:`MAX_FETCH_KM2` (in EPSG:4326; measured in EPSG:6372)."""
    import geopandas as gpd

    from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS

    km2 = float(gpd.GeoSeries([area], crs=GEOGRAPHIC_CRS).to_crs(METRIC_CRS).area.iloc[0]) / 1e6
    if km2 > MAX_FETCH_KM2:
        msg = (
            f"{what} covers {km2:,.0f} km², more than the {MAX_FETCH_KM2:,.0f} km² fetch-osm asks "
            f"Overpass for (about {km2 / 2_500:,.0f} queries); fetch a smaller area (a corridor "
            f"of the Bajío, centre or north, or a bbox), or read an extract with "
            f"{name_input('--osm-file')}"
        )
        raise ConfigError(msg)


@contextmanager
def _osmnx_settings(**changes: Any) -> Iterator[None]:
    """Set osmnx settings for the block and restore the previous values afterwards."""
    import osmnx as ox

    saved = {name: getattr(ox.settings, name) for name in changes}
    try:
        for name, value in changes.items():
            setattr(ox.settings, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(ox.settings, name, value)


# --------------------------------------------------------------------------------------------
# layers for `siteselect layers fetch-osm`

OSM_WHAT: tuple[str, ...] = ("roads", "power", "rail", "industrial")
"""What ``fetch-osm`` can fetch; ``power`` gives two layers (``power_lines``, ``substations``)."""

ROAD_CLASSES: Mapping[str, tuple[str, ...]] = {
    "major": (
        "motorway",
        "trunk",
        "primary",
        "secondary",
        "motorway_link",
        "trunk_link",
        "primary_link",
        "secondary_link",
    ),
    "drive": DRIVABLE_CLASSES,
}
"""``--roads major`` (the default: a corridor's full street network is millions of edges) or
``drive`` (every class a truck may use)."""

FEATURE_TAGS: Mapping[str, dict[str, bool | str | list[str]]] = {
    "power": {"power": ["line", "minor_line", "cable", "substation"]},
    "rail": {"railway": ["rail"]},
    "industrial": {"landuse": "industrial"},
}
ROADS_LAYER = "roads"

Progress = Callable[[str, int, int], None]
"""Called with (what, done, total) as each part starts; the CLI draws a bar on stderr."""


def parse_what(text: str | Sequence[str]) -> tuple[str, ...]:
    """``roads,power`` -> ``("roads", "power")``; unknown names are a ConfigError."""
    items = [t.strip() for t in (text.split(",") if isinstance(text, str) else text)]
    items = [t for t in items if t]
    unknown = [t for t in items if t not in OSM_WHAT]
    if unknown or not items:
        given = ", ".join(unknown) or "nothing"
        msg = f"{name_input('--what')}: {given} given; use some of {', '.join(OSM_WHAT)}"
        raise ConfigError(msg)
    return tuple(dict.fromkeys(items))


def parse_voltage_kv(value: Any) -> float:
    """An OSM ``voltage`` tag (volts, ``;``-separated for several circuits) as the highest kV."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return float("nan")
    numbers = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", str(value))]
    return max(numbers) / 1000.0 if numbers else float("nan")


def build_road_layer(edges: gpd.GeoDataFrame, classes: Sequence[str]) -> gpd.GeoDataFrame:
    """Drivable edges of the given classes with their truck speed and minutes (pure)."""
    import numpy as np

    from siteselect.network import DEFAULT_SPEED_KPH, TRUCK_SPEEDS_KPH

    out = edges.loc[edges["highway"].isin(list(classes))].copy()
    out["speed_kph"] = [float(TRUCK_SPEEDS_KPH.get(h, DEFAULT_SPEED_KPH)) for h in out["highway"]]
    out["drive_min"] = np.asarray(out["length_km"], dtype=float) / out["speed_kph"] * 60.0
    cols = ["u", "v", "highway", "speed_kph", "length_km", "drive_min", "name", "geometry"]
    return out[cols].reset_index(drop=True)


def build_osm_layers(
    features: Mapping[str, gpd.GeoDataFrame], edges: gpd.GeoDataFrame | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """Layers in EPSG:6372 from osmnx features (by ``what``) and road edges (pure; no IO).

    ``power_lines`` (``voltage_kv``: the highest circuit), ``substations`` (a point inside each,
    ``voltage_kv``), ``rail`` (lines with ``usage``, ``service``) and ``industrial`` (polygons
    with ``area_ha``); each with ``id`` (``way/123``) and ``name``.
    """
    import geopandas as gpd

    out: dict[str, gpd.GeoDataFrame] = {}
    if edges is not None:
        out[ROADS_LAYER] = edges
    if "power" in features:
        frame = _with_ids(features["power"])
        power = frame.get("power")
        kinds = power.astype(str) if power is not None else None
        lines = frame.loc[_is(frame, ("LineString", "MultiLineString")) & (kinds != "substation")]
        subs = frame.loc[kinds == "substation"] if kinds is not None else frame.iloc[:0]
        out["power_lines"] = _columns(lines, {"power": "power", "voltage": "voltage_kv"})
        stations = _columns(subs, {"power": "power", "voltage": "voltage_kv"})
        stations["geometry"] = stations.geometry.representative_point()
        out["substations"] = stations
    if "rail" in features:
        frame = _with_ids(features["rail"])
        lines = frame.loc[_is(frame, ("LineString", "MultiLineString"))]
        out["rail"] = _columns(lines, {"usage": "usage", "service": "service"})
    if "industrial" in features:
        frame = _with_ids(features["industrial"])
        areas = _columns(frame.loc[_is(frame, ("Polygon", "MultiPolygon"))], {})
        areas["area_ha"] = areas.geometry.area / 10_000.0
        out["industrial"] = areas
    for name, frame in out.items():
        out[name] = gpd.GeoDataFrame(frame, geometry="geometry", crs=frame.crs)
    return out


def _with_ids(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if len(frame) == 0:
        return frame.set_crs("EPSG:4326", allow_override=True).to_crs(METRIC_CRS)
    ids = [f"{kind}/{osmid}" for kind, osmid in frame.index]
    out = frame.reset_index(drop=True).to_crs(METRIC_CRS)
    out.insert(0, "id", ids)
    return out


def _is(frame: gpd.GeoDataFrame, kinds: tuple[str, ...]) -> Any:
    return frame.geom_type.isin(kinds)


def _columns(frame: gpd.GeoDataFrame, rename: Mapping[str, str]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    data: dict[str, Any] = {
        "id": list(frame["id"]) if "id" in frame.columns else [],
        "name": [v if isinstance(v, str) else None for v in frame.get("name", [None] * len(frame))],
    }
    for source, target in rename.items():
        values = list(frame[source]) if source in frame.columns else [None] * len(frame)
        if target == "voltage_kv":
            data[target] = [parse_voltage_kv(v) for v in values]
        else:
            data[target] = [v if isinstance(v, str) else None for v in values]
    return gpd.GeoDataFrame(data, geometry=list(frame.geometry), crs=frame.crs or METRIC_CRS)


def download_osm_layers(
    area: BaseGeometry,
    what: Sequence[str],
    cache_dir: str | Path | None,
    *,
    roads: str = "major",
    overpass_url: str | None = None,
    timeout_s: float = 180.0,
    progress: Progress | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Download the ``what`` layers inside ``area`` from Overpass (opt-in; needs the network).

    Responses are cached by osmnx in ``cache_dir`` (``None``: no cache), so a second run over
    the same area and layers makes no request. osmnx's settings are restored afterwards.

    Parameters
    ----------
    area
        A polygon in EPSG:4326.
    what
        Some of :data:`OSM_WHAT`.
    cache_dir
        Folder for osmnx's HTTP cache.
    roads
        ``major`` or ``drive`` (see :data:`ROAD_CLASSES`).
    overpass_url
        Another server than osmnx's default (a mirror, or a local test server).
    timeout_s
        Request time-out, seconds.
    progress
        Told when each part starts.
    """
    import osmnx as ox

    what = parse_what(list(what))
    classes = _road_classes(roads)
    settings: dict[str, Any] = {"requests_timeout": timeout_s, "log_console": False}
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        settings.update(use_cache=True, cache_folder=str(cache_dir))
    else:
        settings["use_cache"] = False
    if overpass_url:
        settings.update(overpass_url=overpass_url.rstrip("/"), overpass_rate_limit=False)
    features: dict[str, gpd.GeoDataFrame] = {}
    edges = None
    with _osmnx_settings(**settings):
        for done, item in enumerate(what):
            if progress is not None:
                progress(item, done, len(what))
            try:
                if item == "roads":
                    custom = f'["highway"~"^({"|".join(classes)})$"]'
                    graph = ox.graph_from_polygon(
                        area, simplify=False, retain_all=True, custom_filter=custom
                    )
                    edges = build_road_layer(
                        build_osm_edges(graph, source="Overpass", classes=classes), classes
                    )
                else:
                    features[item] = _features_or_empty(
                        lambda tags: ox.features_from_polygon(area, tags=tags), item
                    )
            except (ConfigError, DataError):
                raise
            except Exception as exc:  # requests, osmnx and shapely errors alike
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                msg = (
                    f"OSM download of {item} failed: {first}; check the network or "
                    f"{name_input('--overpass-url')}"
                )
                raise DataError(msg) from exc
    if progress is not None:
        progress("done", len(what), len(what))
    return build_osm_layers(features, edges)


def read_osm_layers(
    path: str | Path, what: Sequence[str], *, roads: str = "major"
) -> dict[str, gpd.GeoDataFrame]:
    """The offline twin of :func:`download_osm_layers`: the same layers from a ``.osm`` file."""
    import osmnx as ox

    what = parse_what(list(what))
    classes = _road_classes(roads)
    file = Path(path)
    if not file.is_file():
        msg = f"OSM file {file.name} does not exist or is not a file"
        raise DataError(msg)
    features: dict[str, gpd.GeoDataFrame] = {}
    edges = None
    for item in what:
        try:
            if item == "roads":
                edges = build_road_layer(read_osm_edges(file, classes=classes), classes)
            else:
                features[item] = _features_or_empty(
                    lambda tags: ox.features_from_xml(file, tags=tags), item
                )
        except (ConfigError, DataError):
            raise
        except Exception as exc:  # osmnx and its XML parser raise several types
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            msg = f"cannot read {item} from {file.name}: {first}"
            raise DataError(msg) from exc
    return build_osm_layers(features, edges)


def _road_classes(roads: str) -> tuple[str, ...]:
    if roads not in ROAD_CLASSES:
        msg = f"{name_input('--roads')} {roads!r}: use {' or '.join(ROAD_CLASSES)}"
        raise ConfigError(msg)
    return ROAD_CLASSES[roads]


def _features_or_empty(
    fetch: Callable[[dict[str, bool | str | list[str]]], gpd.GeoDataFrame], item: str
) -> gpd.GeoDataFrame:
    """osmnx raises when an area has no such features: that is an empty layer, not an error."""
    import geopandas as gpd
    from osmnx._errors import InsufficientResponseError

    try:
        return fetch(FEATURE_TAGS[item])
    except InsufficientResponseError:
        return gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")


def write_osm_geopackage(
    layers: Mapping[str, gpd.GeoDataFrame], path: Path, *, force: bool = False
) -> dict[str, int]:
    """Write the layers into one GeoPackage (EPSG:4326), atomically; return rows per layer."""
    from siteselect.constants import GEOGRAPHIC_CRS
    from siteselect.report.writer import write_file_with

    def write(tmp: Path) -> None:
        for name, frame in layers.items():
            frame.to_crs(GEOGRAPHIC_CRS).to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")

    write_file_with(Path(path), write, force=force)
    return {name: len(frame) for name, frame in layers.items()}


def read_osm_geopackage_roads(path: Path) -> gpd.GeoDataFrame:
    """The ``roads`` layer of a ``fetch-osm`` GeoPackage as road edges in EPSG:6372."""
    import geopandas as gpd
    import pyogrio

    try:
        names = [str(n) for n, _kind in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = f"cannot read {path.name}: {first}"
        raise DataError(msg) from exc
    if ROADS_LAYER not in names:
        msg = (
            f"{path.name} has no {ROADS_LAYER!r} layer (layers: {', '.join(names)}); "
            "[network] osm_path takes `siteselect layers fetch-osm --what roads` output or a "
            ".osm/.osm.bz2 file"
        )
        raise DataError(msg)
    edges = gpd.read_file(path, layer=ROADS_LAYER, engine="pyogrio")
    missing = [c for c in ("highway", "length_km") if c not in edges.columns]
    if missing or edges.crs is None or len(edges) == 0:
        what = (
            f"no column {missing[0]!r}" if missing else "no CRS" if edges.crs is None else "no rows"
        )
        msg = f"{path.name}: layer {ROADS_LAYER!r} has {what}; fetch it again with fetch-osm"
        raise DataError(msg)
    return edges.to_crs(METRIC_CRS)
