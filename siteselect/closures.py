"""Closures: crossings, ports and roads removed from a run (``--close``, ``--close-road``).

A :class:`Closures` names features to remove from the layers a search reads (``--close
border_crossings:world-trade-bridge``) and circles where the road network is cut
(``--close-road -99.5,27.5,5``). :func:`siteselect.api.build_context` applies them, so every
measure of a run sees the world with those features closed. Kept apart from the optimiser so
that a plain ``rank`` does not load it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from siteselect.errors import ConfigError, name_input

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.network import RoadGraph


@dataclass(frozen=True)
class Closures:
    """Features and roads closed for a run.

    Attributes
    ----------
    features
        Layer name -> ids of the features removed from it.
    roads
        ``(lon, lat, km)`` circles within which every road is cut.
    """

    features: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    roads: tuple[tuple[float, float, float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.roads) or any(self.features.values())

    def describe(self) -> list[str]:
        """One note per closure, for outputs."""
        notes = [f"closed: {layer} {', '.join(ids)}" for layer, ids in self.features.items() if ids]
        notes += [
            f"closed roads within {km:g} km of ({lon:.4f}, {lat:.4f})"
            for lon, lat, km in self.roads
        ]
        return notes


def build_closures(
    closed: Mapping[str, Sequence[str]] | None = None,
    closed_roads: Sequence[tuple[float, float, float]] | None = None,
) -> Closures:
    """Check and freeze what the API's ``closed`` and ``closed_roads`` arguments say."""
    if closed is not None and not isinstance(closed, Mapping):
        msg = (
            f"closed: give a mapping of layer to ids, e.g. {{'border_crossings': "
            f"['world-trade-bridge']}}, not a {type(closed).__name__}"
        )
        raise ConfigError(msg)
    features: dict[str, tuple[str, ...]] = {}
    for layer, ids in (closed or {}).items():
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, Iterable):
            msg = f"closed[{layer!r}]: give an id or a list of ids, not a {type(ids).__name__}"
            raise ConfigError(msg)
        features[str(layer)] = tuple(dict.fromkeys(str(i) for i in ids))
    roads = []
    for item in closed_roads or ():
        try:
            lon, lat, km = (float(v) for v in item)
        except (TypeError, ValueError):
            msg = f"closed_roads: {item!r} is not (lon, lat, km)"
            raise ConfigError(msg) from None
        _check_road(lon, lat, km, "closed_roads")
        roads.append((lon, lat, km))
    return Closures(features=features, roads=tuple(roads))


def _check_road(lon: float, lat: float, km: float, option: str) -> None:
    """Refuse a road cut off the globe or without a positive finite radius, naming the
    option the user wrote (``--close-road`` or the API's ``closed_roads``)."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        msg = f"{option}: ({lon}, {lat}) is not a lon/lat in degrees"
        raise ConfigError(msg)
    if not (math.isfinite(km) and km > 0):
        msg = f"{option}: the radius must be a positive number of km, got {km:g}"
        raise ConfigError(msg)


def parse_close(values: Sequence[str]) -> dict[str, list[str]]:
    """``--close LAYER:ID`` options as ``{layer: [ids]}``."""
    out: dict[str, list[str]] = {}
    for text in values:
        layer, sep, fid = text.partition(":")
        if not sep or not layer.strip() or not fid.strip():
            msg = f"--close {text!r}: use LAYER:ID, e.g. border_crossings:world-trade-bridge"
            raise ConfigError(msg)
        out.setdefault(layer.strip(), []).append(fid.strip())
    return out


def parse_close_road(values: Sequence[str]) -> list[tuple[float, float, float]]:
    """``--close-road LON,LAT,KM`` options as tuples."""
    out = []
    for text in values:
        parts = text.split(",")
        try:
            lon, lat, km = (float(p) for p in parts)
        except ValueError:
            msg = f"--close-road {text!r}: use LON,LAT,KM, e.g. -99.51,27.60,5"
            raise ConfigError(msg) from None
        _check_road(lon, lat, km, f"--close-road {text!r}")
        out.append((lon, lat, km))
    return out


def close_layers(
    layers: Mapping[str, gpd.GeoDataFrame], closures: Closures
) -> dict[str, gpd.GeoDataFrame]:
    """The layers with the closed features removed; unknown layers and ids are errors."""
    out = dict(layers)
    for layer, ids in closures.features.items():
        if not ids:
            continue
        if layer not in out:
            read = ", ".join(sorted(out)) or "none"
            where = name_input(f"--close {layer}:...", f"closed[{layer!r}]")
            msg = f"{where}: this search reads no layer {layer!r} (it reads: {read})"
            raise ConfigError(msg)
        frame = out[layer]
        if "id" not in frame.columns:
            where = name_input(f"--close {layer}:...", f"closed[{layer!r}]")
            msg = f"{where}: layer {layer!r} has no id column"
            raise ConfigError(msg)
        known = frame["id"].astype(str)
        missing = [i for i in ids if i not in set(known)]
        if missing:
            sample = ", ".join(list(known)[:6])
            where = name_input(f"--close {layer}:{missing[0]}", f"closed[{layer!r}] {missing[0]!r}")
            msg = f"{where}: no such id in {layer!r} (ids like: {sample})"
            raise ConfigError(msg)
        kept = frame.loc[~known.isin(ids).to_numpy()]
        if len(kept) == 0:
            where = name_input("--close", "closed")
            msg = f"{where}: closing {', '.join(ids)} leaves layer {layer!r} empty"
            raise ConfigError(msg)
        out[layer] = kept
    return out


def close_roads(graph: RoadGraph, closures: Closures) -> RoadGraph:
    """The road graph cut within every closed-road circle."""
    if not closures.roads:
        return graph
    from siteselect.layers import lonlat_to_metric
    from siteselect.network import cut_road_graph

    lon = np.array([r[0] for r in closures.roads])
    lat = np.array([r[1] for r in closures.roads])
    x, y = lonlat_to_metric().transform(lon, lat)
    return cut_road_graph(graph, np.column_stack([x, y]), [r[2] for r in closures.roads])
