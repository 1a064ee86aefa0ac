"""OpenStreetMap road edges through osmnx: an offline ``.osm`` reader and a cached download.

Both paths end in :func:`build_osm_edges`, one pure function from an osmnx graph to drivable
edges in EPSG:6372, which :func:`siteselect.network.build_road_graph` turns into a road graph
(``class_column="highway"`` gives truck speeds by road class).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError, DataError

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx

METRIC_CRS = "EPSG:6372"

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


def read_osm_edges(path: str | Path) -> gpd.GeoDataFrame:
    """Read drivable road edges from an OpenStreetMap XML file, offline.

    Parameters
    ----------
    path
        An ``.osm`` or ``.osm.bz2`` file (``.pbf`` is not supported by osmnx).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``u``, ``v`` (OSM node ids), ``highway`` (one class), ``length_km``, ``name``
        and LineString geometry, in EPSG:6372; see :func:`build_osm_edges`.
    """
    import osmnx as ox

    file = Path(path)
    if not file.exists():
        msg = f"OSM file {file} does not exist; give a .osm or .osm.bz2 extract"
        raise DataError(msg)
    if file.suffix == ".pbf":
        msg = f"{file}: .pbf is not supported; convert it with `osmium cat {file} -o out.osm.bz2`"
        raise DataError(msg)
    try:
        graph = ox.graph_from_xml(file, simplify=False, retain_all=True)
    except Exception as exc:  # osmnx and its XML parser raise several unrelated types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = f"cannot read OSM file {file}: {first}"
        raise DataError(msg) from exc
    return build_osm_edges(graph, source=str(file))


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

    bbox = _parse_bbox(place_or_bbox)
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


def build_osm_edges(graph: nx.MultiDiGraph, *, source: str = "OSM graph") -> gpd.GeoDataFrame:
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

    Returns
    -------
    geopandas.GeoDataFrame
        One row per directed edge: ``u``, ``v``, ``highway`` (one class), ``length_km``,
        ``name``, geometry.
    """
    import geopandas as gpd
    import osmnx as ox

    keep = []
    classes: dict[tuple[Any, Any, Any], str] = {}
    for u, v, k, data in graph.edges(keys=True, data=True):
        cls = _drivable_class(data.get("highway"))
        if cls is not None:
            keep.append((u, v, k))
            classes[(u, v, k)] = cls
    if not keep:
        msg = f"{source}: no drivable road (highway={', '.join(DRIVABLE_CLASSES[:3])}, ...) found"
        raise DataError(msg)
    drivable = graph.edge_subgraph(keep).copy()
    for key, cls in classes.items():
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


def _parse_bbox(place_or_bbox: str | Sequence[float]) -> tuple[float, float, float, float] | None:
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
