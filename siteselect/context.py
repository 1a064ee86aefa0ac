"""The measure context of a search: every layer, raster and the road graph its measures read,
read once, and the credit lines of what a run used.

Below :mod:`siteselect.api` (which composes the entry points from it) and beside the stages
that measure: :mod:`siteselect.surface` builds a grid's context here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.criteria import MeasureContext, get_measure
from siteselect.errors import DataError
from siteselect.layers.options import ref_key

if TYPE_CHECKING:
    from siteselect.closures import Closures
    from siteselect.config import SearchConfig
    from siteselect.layers.store import LayerStore
    from siteselect.network import AccessLeg, RoadGraph


def build_context(
    config: SearchConfig, store: LayerStore, closures: Closures | None = None
) -> MeasureContext:
    """Read every layer, raster and the road graph the config's measures need, once.

    ``closures`` remove features from the layers and cut the road graph (resilience runs).
    """
    # The graph first: provenance lists sources in the order a run reads them.
    graph = read_road_graph(config, store) if config.needs_graph else None
    layers = {}
    rasters = {}
    for c in config.criteria:
        measure = get_measure(c.measure)
        for ref in c.params.layer_refs():
            if measure.rasters:
                rasters[ref_key(ref)] = store.raster(ref)
            else:
                layers[ref_key(ref)] = store.layer(ref)
    units, illustrative = read_column_table(config, store)
    if closures:
        from siteselect.closures import close_layers, close_roads

        layers = close_layers(layers, closures)
        if graph is not None:
            graph = close_roads(graph, closures)
    return MeasureContext(
        layers=layers,
        rasters=rasters,
        graph=graph,
        access=build_access_leg(config),
        column_units=units,
        illustrative_columns=illustrative,
    )


def read_column_table(
    config: SearchConfig, store: LayerStore
) -> tuple[dict[str, str], frozenset[str]]:
    """Units and illustrative columns: the embedded parks' (``parks_columns.csv``) and the
    columns the config declares illustrative (``[candidates] illustrative``)."""
    declared = frozenset(config.candidates.illustrative)
    if config.candidates.path is not None:
        return {}, declared
    table = store.table("parks_columns.csv")
    units = dict(zip(table["column"], table["unit"], strict=True))
    marked = table.loc[table["status"].str.strip() == "illustrative", "column"]
    return units, frozenset(marked) | declared


def read_road_graph(config: SearchConfig, store: LayerStore) -> RoadGraph:
    """The road graph: the user's OSM extract if configured, else the embedded highways.

    A graph built once is kept in the disk cache (see :mod:`siteselect.layers.cache`), keyed
    by its source file and build settings.
    """
    from siteselect import network
    from siteselect.layers import cache, layer_path

    net = config.network
    speed = net.default_speed_kph or network.DEFAULT_SPEED_KPH
    if net.osm_path is not None:
        source = Path(net.osm_path)
        if not source.is_file():
            what = "is a folder" if source.is_dir() else "does not exist"
            msg = f"[network] osm_path: {source.name} {what}; give a .osm, .osm.bz2 or .gpkg file"
            raise DataError(msg)
        params: dict[str, object] = {
            "speeds": dict(network.TRUCK_SPEEDS_KPH),
            "car_speeds": dict(network.CAR_SPEEDS_KPH),
            "default": speed,
        }
        store.used.append("osm_extract")
    else:
        source = layer_path("highways", store.data_dir)
        params = {"default": speed, "travellers": list(network.TRAVELLERS)}
        if "highways" not in store.used:
            store.used.append("highways")
    key = cache.build_key("graph", source, params)
    arrays = cache.read_arrays(key)
    if arrays is not None:
        return network.RoadGraph.from_arrays(arrays)
    if net.osm_path is not None:
        from siteselect.layers.osm import read_osm_edges

        graph = network.build_road_graph(
            read_osm_edges(net.osm_path), class_column="highway", default_speed_kph=speed
        )
    else:
        graph = network.build_road_graph(store.layer("highways"), default_speed_kph=speed)
    cache.write_arrays(key, graph.to_arrays())
    return graph


def build_access_leg(config: SearchConfig) -> AccessLeg:
    """How sites and facilities join the road graph, from the ``[network]`` section."""
    from siteselect.network import AccessLeg

    return AccessLeg(
        detour_factor=config.network.detour_factor,
        speed_kph=config.network.access_speed_kph,
        direct_max_km=config.network.direct_max_km,
    )


def build_provenance(config: SearchConfig, used: Sequence[str]) -> tuple[str, ...]:
    """Short credit lines for the data a run used (user files named by file name only)."""
    from siteselect.layers import LAYERS

    lines = []
    if config.candidates.path is not None:
        lines.append(f"candidates: {Path(config.candidates.path).name} (user file)")
    facts = config.candidates.facts
    if facts is not None:
        lines.append(f"park facts: {Path(facts.path).name} (user file, marked ‡)")
    for ref in used:
        if ref == "osm_extract" and config.network.osm_path is not None:
            lines.append(
                f"roads: {Path(config.network.osm_path).name} (© OpenStreetMap contributors, ODbL)"
            )
            continue
        info = LAYERS.get(ref)
        if info is None:
            lines.append(f"{Path(ref).name} (user file)")
        elif info.attribution not in lines:
            lines.append(info.attribution)
    if any(ref in LAYERS for ref in used):
        lines.append("details: data/README.md; licences: data/LICENSES.md")
    return tuple(lines)
