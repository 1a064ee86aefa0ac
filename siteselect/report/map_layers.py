"""What a proposal's map draws, read from the embedded layers: states and their names, the main
places (GeoNames), the main highways, the neighbouring countries, railways, the facilities each
park's score was measured to, its drive-time areas, the names ``where`` filters use, and the
supplier ecosystem around each park (RETC establishments by sector, the parks nearby).

Main highways: the embedded graph carries no road class, so "main" is read from how roads are
used: the roads on the fastest routes between the main places (GeoNames places of
:data:`MAIN_ROUTE_PEOPLE` people or more) and the commercial border crossings and seaports. The
selection is computed once per graph and kept in the disk cache.

Drive-time areas are drawn smoothed: the exact area (a union of Voronoi cells of reached road
nodes, cut by access-leg discs) has spikes along fast roads that read as a starfish; the map
draws its morphological closing by :data:`SMOOTH_CLOSE_M` then opening by
:data:`SMOOTH_OPEN_M` (gaps between arms narrower than twice the closing are filled, spikes
narrower than twice the opening are cut). Areas in tables are those of the exact polygons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from siteselect.errors import DataError
from siteselect.frames import cell

if TYPE_CHECKING:
    from siteselect.results import RankResult

MAP_KINDS = ("border_crossings", "seaports", "airports", "power_substations")
MAIN_PLACE_PEOPLE = 50_000
"""Places of at least this many people (GeoNames) are labelled on maps, biggest first."""
MAIN_ROUTE_PEOPLE = 150_000
"""Places of at least this many people are the ends of the routes that make the main roads."""
SMOOTH_CLOSE_M = 8_000.0
SMOOTH_OPEN_M = 3_000.0
SMOOTH_SIMPLIFY_M = 250.0
NEIGHBOUR_RADIUS_KM = 25.0
MAX_NEIGHBOUR_PARKS = 8
MAX_SECTORS = 8


@dataclass(frozen=True)
class MapPoint:
    """A point on the map, in EPSG:6372 metres; ``layer`` is the layer it comes from."""

    kind: str
    label: str
    x: float
    y: float
    layer: str = ""
    size: float = 0.0  # people of a place, for label priority
    id: str = ""  # the feature's id in its layer (for its name in the report's language)


@dataclass(frozen=True)
class Neighbourhood:
    """The supplier ecosystem within ``radius_km`` of a park (straight line).

    Attributes
    ----------
    establishments
        RETC 2022 establishments within the radius (manufacturing and other industry).
    in_parks
        How many of them name an industrial park in their record.
    sectors
        ``(RETC sector text, count)``, most first.
    parks
        ``(name, developer, km)`` of the nearest other industrial parks within the radius
        (at most ``MAX_NEIGHBOUR_PARKS``), nearest first.
    parks_within
        How many other embedded parks lie within the radius (the list may hold fewer); None
        when they were not looked for (a search of the user's own sites).
    """

    radius_km: float
    establishments: int
    in_parks: int
    sectors: tuple[tuple[str, int], ...]
    parks: tuple[tuple[str, str | None, float], ...]
    parks_within: int | None = None


@dataclass(frozen=True)
class MapLayers:
    """What the map draws, read from the embedded layers (see :func:`read_map_layers`).

    Attributes
    ----------
    states
        State polygons (EPSG:6372).
    railways
        Railway lines (EPSG:6372) or ``None``.
    facilities
        Per park id, the facilities its score was measured to.
    lines
        Per park id, line features its score was measured to (the nearest railway).
    isochrones
        Per park id, ``(minutes, polygon)`` pairs in EPSG:6372, shortest first.
    names
        Per layer, feature id -> name of the features a criterion's ``where`` names by id
        (for labels such as "the nearest of: World Trade Bridge, Colombia Solidarity").
    state_labels, places
        State names at a point inside each state; the main places (GeoNames) with their people.
    roads
        The main highways as an ``(n, 5)`` array: segment ``x0, y0, x1, y1`` (EPSG:6372) and the
        share of the route trees that use it (trunk roads near 1), or ``None``.
    neighbours
        Land polygons of the neighbouring countries (the United States...), drawn apart from
        the sea; empty when the data folder has no ``neighbours`` layer.
    smoothed
        Per park id, the drive-time areas as drawn (see the module's note).
    neighbourhoods
        Per park id, its supplier ecosystem.
    local_names
        Per layer, feature id -> name in the report's language where the layer has one
        (the Spanish names of the border crossings).
    """

    states: Any
    railways: Any | None
    facilities: Mapping[str, tuple[MapPoint, ...]] = field(default_factory=dict)
    lines: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    isochrones: Mapping[str, tuple[tuple[float, Any], ...]] = field(default_factory=dict)
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    state_labels: tuple[MapPoint, ...] = ()
    places: tuple[MapPoint, ...] = ()
    roads: Any | None = None
    neighbours: tuple[Any, ...] = ()
    smoothed: Mapping[str, tuple[tuple[float, Any], ...]] = field(default_factory=dict)
    neighbourhoods: Mapping[str, Neighbourhood] = field(default_factory=dict)
    local_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def read_map_layers(
    result: RankResult,
    ids: Sequence[str],
    isochrones: Mapping[str, Any] | None = None,
    *,
    data_dir: Any = None,
    graph: Any = None,
    lang: str = "en",
) -> MapLayers:
    """Read what the map draws: states, railways, and for each park the features its score
    was measured to (located from ``RankResult.measures[...].nearest``: nothing is measured
    again); with them, the names of the features ``where`` filters pick by id.

    ``isochrones`` maps a park id to the frame :func:`siteselect.api.build_isochrones`
    returned (EPSG:4326; ``minutes`` column); ``graph`` is the search's road graph (the main
    highways are read from it); ``lang`` picks the features' local names.
    """
    from siteselect.constants import METRIC_CRS
    from siteselect.criteria import select_features
    from siteselect.criteria.features import layer_label
    from siteselect.layers.store import LayerStore

    store = LayerStore(data_dir)
    base = read_base_layers(store, graph)
    facilities: dict[str, tuple[MapPoint, ...]] = {}
    lines: dict[str, tuple[Any, ...]] = {}
    for cid in ids:
        position = result.candidates.position(cid)
        points: list[MapPoint] = []
        found_lines: list[Any] = []
        for c in result.config.criteria:
            nearest = result.measures[c.name].nearest
            if nearest is None or nearest.row[position] < 0:
                continue
            refs = c.params.layer_refs()
            if not refs:
                continue
            where = getattr(c.params, "where", None)
            targets = select_features(store.layer(refs[0]), layer_label(refs[0]), where)
            geom = targets.geometry.iloc[int(nearest.row[position])]
            if geom.geom_type == "Point":
                # A feature without a name is labelled by its kind (in the report's language).
                label = nearest.names[position] or ""
                layer = layer_label(refs[0])
                kind = layer if layer in MAP_KINDS else "facility"
                fid = str(nearest.ids[position] or "")
                points.append(MapPoint(kind, label, float(geom.x), float(geom.y), layer, id=fid))
            else:
                found_lines.append(geom)
        facilities[cid] = tuple(points)
        lines[cid] = tuple(found_lines)
    iso: dict[str, tuple[tuple[float, Any], ...]] = {}
    for cid, frame in (isochrones or {}).items():
        metric = frame.to_crs(METRIC_CRS)
        pairs = sorted(
            (float(mm), g) for mm, g in zip(metric["minutes"], metric.geometry, strict=True)
        )
        iso[cid] = tuple(pairs)
    names = _read_where_names(result, store)
    return replace(
        base,
        facilities=facilities,
        lines=lines,
        isochrones=iso,
        names=names,
        smoothed={cid: tuple((t, smooth_area(g)) for t, g in pairs) for cid, pairs in iso.items()},
        neighbourhoods={cid: read_neighbourhood(result, cid, store) for cid in ids},
        local_names=_read_local_names(store, lang),
    )


def read_base_layers(store: Any, graph: Any = None) -> MapLayers:
    """What every map draws under its subject: states and their names, the neighbouring
    countries, railways, the main places, and the main highways of ``graph`` (none without
    one). ``store`` is a :class:`~siteselect.layers.store.LayerStore`."""
    states_frame = store.layer("states")
    try:
        railways = store.layer("railways").geometry
    except DataError:  # a data folder without railways still gets a map
        railways = None
    state_labels = tuple(
        MapPoint("state", str(name), float(p.x), float(p.y), "states")
        for name, p in zip(
            states_frame["state"], states_frame.geometry.representative_point(), strict=True
        )
    )
    places = _read_places(store)
    return MapLayers(
        states_frame.geometry,
        railways,
        state_labels=state_labels,
        places=places,
        roads=select_main_roads(graph, store, places) if graph is not None else None,
        neighbours=_read_neighbours(store),
    )


def smooth_area(polygon: Any) -> Any:
    """A drive-time area as a map draws it: closed, opened and simplified (see the module)."""
    if polygon is None or polygon.is_empty:
        return polygon
    closed = polygon.buffer(SMOOTH_CLOSE_M, quad_segs=4).buffer(-SMOOTH_CLOSE_M, quad_segs=4)
    opened = closed.buffer(-SMOOTH_OPEN_M, quad_segs=4).buffer(SMOOTH_OPEN_M, quad_segs=4)
    shape = opened if not opened.is_empty else closed
    return shape.simplify(SMOOTH_SIMPLIFY_M)


def _read_places(store: Any) -> tuple[MapPoint, ...]:
    """The main places of the cities layer (GeoNames), biggest first."""
    try:
        cities = store.layer("cities")
    except DataError:
        return ()
    big = cities.loc[cities["population"] >= MAIN_PLACE_PEOPLE].sort_values(
        "population", ascending=False
    )
    return tuple(
        MapPoint("place", str(name), float(g.x), float(g.y), "cities", float(people))
        for name, people, g in zip(big["name"], big["population"], big.geometry, strict=True)
    )


def _read_neighbours(store: Any) -> tuple[Any, ...]:
    try:
        frame = store.layer("neighbours")
    except DataError:  # a data folder without it: the sea's colour all round
        return ()
    return tuple(g for g in frame.geometry if g is not None and not g.is_empty)


def _read_local_names(store: Any, lang: str) -> dict[str, dict[str, str]]:
    """Feature names in the report's language where a layer has them (``name_mx``)."""
    if lang != "es":
        return {}
    out: dict[str, dict[str, str]] = {}
    frame = store.layer("border_crossings")
    if "name_mx" in frame.columns:
        out["border_crossings"] = {
            str(i): str(n)
            for i, n in zip(frame["id"], frame["name_mx"], strict=True)
            if isinstance(n, str) and n
        }
    return out


def read_neighbourhood(
    result: RankResult, cid: str, store: Any, radius_km: float = NEIGHBOUR_RADIUS_KM
) -> Neighbourhood:
    """RETC establishments by sector and the industrial parks within ``radius_km`` of a park."""
    import numpy as np

    frame = result.candidates.frame
    point = frame.geometry.loc[cid]
    radius = radius_km * 1000.0
    sectors: tuple[tuple[str, int], ...] = ()
    count = in_parks = 0
    try:
        est = store.layer("establishments")
    except DataError:
        est = None
    if est is not None and len(est):
        d = np.hypot(est.geometry.x.to_numpy() - point.x, est.geometry.y.to_numpy() - point.y)
        near = est.loc[d <= radius]
        count = len(near)
        in_parks = int(near["park"].fillna("").astype(str).str.strip().ne("").sum())
        counts = near["sector"].fillna("").astype(str).value_counts()
        sectors = tuple((str(s), int(n)) for s, n in counts.items() if s)[:MAX_SECTORS]
    parks: list[tuple[str, str | None, float]] = []
    within: int | None = None
    try:
        all_parks = store.layer("parks")
    except DataError:
        all_parks = None
    if all_parks is not None and result.config.candidates.path is None:
        own = str(cell(frame, cid, "name"))
        d = np.hypot(
            all_parks.geometry.x.to_numpy() - point.x, all_parks.geometry.y.to_numpy() - point.y
        )
        within = 0
        for i in np.argsort(d):
            if d[i] > radius:
                break
            row = all_parks.iloc[int(i)]
            if str(row["id"]) == cid or str(row["name"]) == own:
                continue
            within += 1  # every park counts; the list keeps the nearest few
            if len(parks) < MAX_NEIGHBOUR_PARKS:
                developer = row.get("developer")
                dev = str(developer) if isinstance(developer, str) and developer else None
                parks.append((str(row["name"]), dev, float(d[i]) / 1000.0))
    return Neighbourhood(radius_km, count, in_parks, sectors, tuple(parks), within)


def select_main_roads(graph: Any, store: Any, places: Sequence[MapPoint]) -> Any:
    """The main highways: the road-graph edges on the fastest routes between the main places,
    commercial border crossings and seaports, as ``(n, 5)`` rows ``x0, y0, x1, y1, share``
    (cached on disk)."""
    import numpy as np

    from siteselect.layers import cache, layer_path

    ends = [(p.x, p.y) for p in places if p.size >= MAIN_ROUTE_PEOPLE]
    for layer in ("border_crossings", "seaports"):
        try:
            frame = store.layer(layer)
        except DataError:
            continue
        if "commercial" in frame.columns:
            frame = frame.loc[frame["commercial"].astype(str).str.lower() == "true"]
        ends += [(float(g.x), float(g.y)) for g in frame.geometry]
    if len(ends) < 2:
        return None
    xy = np.asarray(ends, dtype=float)
    try:
        source = layer_path("highways", store.data_dir)
        key = cache.build_key(
            "mainroads", source, {"n": int(graph.n_nodes), "ends": float(xy.sum()), "v": 2}
        )
    except (OSError, DataError):
        key = None
    if key is not None:
        arrays = cache.read_arrays(key)
        if arrays is not None:
            return arrays["segments"]
    segments = _route_segments(graph, xy)
    if key is not None:
        cache.write_arrays(key, {"segments": segments})
    return segments


def _route_segments(graph: Any, xy: Any) -> Any:
    """Edges on the fastest routes between every pair of ``xy`` points (snapped to nodes)."""
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    _, nodes = graph.tree.query(xy)
    nodes = np.unique(np.asarray(nodes, dtype=np.int64))
    _, pred = dijkstra(graph.minutes, directed=False, indices=nodes, return_predecessors=True)
    used: dict[tuple[int, int], int] = {}
    for row in range(len(nodes)):
        p = pred[row]
        done = np.zeros(graph.n_nodes, dtype=bool)
        for target in nodes:
            node = int(target)
            while p[node] >= 0 and not done[node]:
                done[node] = True
                prev = int(p[node])
                edge = (min(prev, node), max(prev, node))
                used[edge] = used.get(edge, 0) + 1
                node = prev
    if not used:
        return np.zeros((0, 5))
    pairs = np.asarray(sorted(used), dtype=np.int64)
    # How many of the route trees use an edge: trunk roads are on many.
    share = np.asarray([used[(int(a), int(b))] for a, b in pairs], dtype=float) / len(nodes)
    return np.column_stack(
        [
            graph.x[pairs[:, 0]],
            graph.y[pairs[:, 0]],
            graph.x[pairs[:, 1]],
            graph.y[pairs[:, 1]],
            share,
        ]
    )


def _read_where_names(result: RankResult, store: Any) -> dict[str, dict[str, str]]:
    """Layer -> id -> name of the features a criterion's ``where`` names by id."""
    from siteselect.criteria.features import layer_label

    out: dict[str, dict[str, str]] = {}
    for c in result.config.criteria:
        where = getattr(c.params, "where", None)
        refs = c.params.layer_refs()
        if not where or "id" not in where or not refs:
            continue
        frame = store.layer(refs[0])
        if "id" not in frame.columns or "name" not in frame.columns:
            continue
        known = out.setdefault(layer_label(refs[0]), {})
        for fid, name in zip(frame["id"].astype(str), frame["name"], strict=True):
            if isinstance(name, str) and name:
                known[fid] = name
    return out
