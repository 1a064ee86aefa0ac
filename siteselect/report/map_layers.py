"""What a proposal's map draws, read from the embedded layers: states, railways, the
facilities each park's score was measured to, its isochrones, the names ``where`` filters use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from siteselect.errors import DataError

if TYPE_CHECKING:
    from siteselect.results import RankResult

MAP_KINDS = ("border_crossings", "seaports", "airports", "power_substations")


@dataclass(frozen=True)
class MapPoint:
    """A point on the map, in EPSG:6372 metres; ``layer`` is the layer it comes from."""

    kind: str
    label: str
    x: float
    y: float
    layer: str = ""


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
    """

    states: Any
    railways: Any | None
    facilities: Mapping[str, tuple[MapPoint, ...]] = field(default_factory=dict)
    lines: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    isochrones: Mapping[str, tuple[tuple[float, Any], ...]] = field(default_factory=dict)
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def read_map_layers(
    result: RankResult,
    ids: Sequence[str],
    isochrones: Mapping[str, Any] | None = None,
    *,
    data_dir: Any = None,
) -> MapLayers:
    """Read what the map draws: states, railways, and for each park the features its score
    was measured to (located from ``RankResult.measures[...].nearest``: nothing is measured
    again); with them, the names of the features ``where`` filters pick by id.

    ``isochrones`` maps a park id to the frame :func:`siteselect.api.build_isochrones`
    returned (EPSG:4326; ``minutes`` column).
    """
    from siteselect.constants import METRIC_CRS
    from siteselect.criteria import select_features
    from siteselect.criteria.features import layer_label
    from siteselect.layers.store import LayerStore

    store = LayerStore(data_dir)
    states = store.layer("states").geometry
    try:
        railways = store.layer("railways").geometry
    except DataError:  # a data folder without railways still gets a map
        railways = None
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
                points.append(MapPoint(kind, label, float(geom.x), float(geom.y), layer))
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
    return MapLayers(states, railways, facilities, lines, iso, names)


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
