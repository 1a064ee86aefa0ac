"""The measure context of a search: every layer, raster and the road graph its measures read,
read once, and the credit lines of what a run used.

Below :mod:`siteselect.api` (which composes the entry points from it) and beside the stages
that measure: :mod:`siteselect.surface` builds a grid's context here too.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.criteria import (
    MeasureContext,
    MeasureResult,
    Nearest,
    compute_measures,
    get_measure,
)
from siteselect.errors import DataError
from siteselect.layers.options import ref_key

if TYPE_CHECKING:
    from siteselect.candidates import CandidateSet
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


def build_measures(
    config: SearchConfig,
    store: LayerStore,
    chosen: CandidateSet,
    closures: Closures | None = None,
) -> tuple[MeasureContext, dict[str, MeasureResult]]:
    """The context and every criterion's measures, read from the disk cache when a search of
    the embedded parks on the embedded data was measured before.

    The cache key holds every embedded data file's size and modification time, the criteria
    (as resolved), the network settings, the candidates' ids and the package's code, so an
    edited file, setting or release measures afresh; a cached run gives the very values an
    uncached one does. Searches of the user's files, with closures or that warned while
    measuring are not cached. On a hit the context carries no layers nor graph (nothing below
    reads them): only the column table.
    """
    from siteselect.layers import cache

    key = _measure_key(config, store, chosen, closures)
    if key is not None:
        hit = cache.read_arrays(key)
        decoded = _decode_measures(hit) if hit is not None else None
        if decoded is not None:
            measures, used = decoded
            for ref in used:
                if ref not in store.used:
                    store.used.append(ref)
            units, illustrative = read_column_table(config, store)
            # No access leg either: building one would import the network stack for nothing.
            context = MeasureContext(column_units=units, illustrative_columns=illustrative)
            return context, measures
    used_before = list(store.used)
    notes_before = len(store.notes)
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as recording:
            warnings.simplefilter("always")
            try:
                context = build_context(config, store, closures)
                measures = compute_measures(chosen.candidates, config.criteria, context)
            finally:
                caught = list(recording)
    finally:
        # Said to the caller as if never caught (their filters decide), once the recorder is
        # gone: said inside it, each warning was recorded again, without end.
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if key is not None and not caught and len(store.notes) == notes_before:
        used = [ref for ref in store.used if ref not in used_before]
        cache.write_arrays(key, _encode_measures(measures, used))
    return context, measures


def _measure_key(
    config: SearchConfig, store: LayerStore, chosen: CandidateSet, closures: Closures | None
) -> str | None:
    """The cache key of a search's measures, or ``None`` when it is not cached."""
    from siteselect.layers import cache, default_data_dir, is_user_file

    cands = config.candidates
    if closures or cands.path is not None or cands.attributes is not None or cands.facts:
        return None
    if config.network.osm_path is not None or cache.cache_dir() is None:
        return None
    if any(is_user_file(ref) for c in config.criteria for ref in c.params.layer_refs()):
        return None
    data_dir = store.data_dir or default_data_dir()
    code = Path(__file__).resolve().parent
    try:
        files = [p for p in Path(data_dir).iterdir() if p.is_file()]
        files += list(code.rglob("*.py"))
    except OSError:
        return None
    params = {
        "criteria": [c.model_dump(mode="json") for c in config.criteria],
        "network": config.network.model_dump(mode="json"),
        "ids": [str(i) for i in chosen.candidates.ids],
    }
    try:
        return cache.build_files_key("measures", files, params)
    except OSError:
        return None


def _encode_measures(measures: dict[str, MeasureResult], used: list[str]) -> dict[str, Any]:
    """Arrays and one JSON text (no pickles) holding the measures."""
    arrays: dict[str, Any] = {}
    meta: list[dict[str, Any]] = []
    for i, (name, result) in enumerate(measures.items()):
        arrays[f"v{i}"] = np.asarray(result.values)
        details = list(result.details)
        for j, detail in enumerate(details):
            arrays[f"d{i}_{j}"] = np.asarray(result.details[detail])
        entry: dict[str, Any] = {
            "name": name,
            "unit": result.unit,
            "details": details,
            "notes": list(result.notes),
            "illustrative": result.illustrative,
            "facts_read": list(result.facts_read),
            "nearest": None,
        }
        if result.nearest is not None:
            arrays[f"n{i}"] = np.asarray(result.nearest.row)
            entry["nearest"] = {
                "layer": result.nearest.layer,
                "ids": list(result.nearest.ids),
                "names": list(result.nearest.names),
            }
        meta.append(entry)
    arrays["meta"] = np.array(json.dumps({"measures": meta, "used": used}))
    return arrays


def _decode_measures(
    arrays: dict[str, Any],
) -> tuple[dict[str, MeasureResult], list[str]] | None:
    """The measures and layers used from :func:`_encode_measures`'s arrays (``None`` if torn)."""
    try:
        meta = json.loads(str(arrays["meta"]))
        measures: dict[str, MeasureResult] = {}
        for i, entry in enumerate(meta["measures"]):
            nearest = None
            if entry["nearest"] is not None:
                info = entry["nearest"]
                nearest = Nearest(
                    layer=info["layer"],
                    row=arrays[f"n{i}"],
                    ids=tuple(info["ids"]),
                    names=tuple(info["names"]),
                )
            measures[entry["name"]] = MeasureResult(
                values=arrays[f"v{i}"],
                unit=entry["unit"],
                nearest=nearest,
                details={d: arrays[f"d{i}_{j}"] for j, d in enumerate(entry["details"])},
                notes=tuple(entry["notes"]),
                illustrative=bool(entry["illustrative"]),
                facts_read=tuple(entry.get("facts_read", ())),
            )
        return measures, list(meta["used"])
    except (KeyError, ValueError, TypeError):
        return None


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
    from siteselect.layers.memo import read_held_shared

    key = cache.build_key("graph", source, params)

    def read() -> RoadGraph:
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

    # Kept for the process (a graph is never changed: closures cut a copy), with the points
    # it snapped: the next search of a notebook or `explore` reuses both.
    return read_held_shared(("graph", key), [source], read)


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
