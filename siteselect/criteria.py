"""Criteria: one raw value per candidate and criterion, in real units (km, min, people, ...)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.config import CriterionConfig
from siteselect.errors import ConfigError, DataError

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.network import AccessLeg, RoadGraph


@dataclass(frozen=True)
class MeasureContext:
    """What measures need besides the candidates: layers, the road graph, rasters.

    The pipeline supplies cached loaders, so each layer and the graph are read once a run.
    """

    get_layer: Callable[[str], gpd.GeoDataFrame]
    get_graph: Callable[[], RoadGraph]
    get_raster: Callable[[str], Path]
    access: AccessLeg | None = None


def raw_column(criterion: CriterionConfig, unit: str | None = None) -> str:
    """Name of a criterion's raw-value column in exports, carrying its unit (``border_min``).

    An attribute keeps its own column name (``rent_usd_m2_month``); other measures are named
    ``<criterion>_<unit>`` with the unit made identifier-safe (``solar_kwh_m2_yr``).
    """
    if criterion.measure == "attribute":
        return str(criterion.column)
    text = (unit or criterion.unit or "value").lower()
    slug = "".join(ch if ch.isalnum() else "_" for ch in text)
    slug = "_".join(part for part in slug.split("_") if part)
    return f"{criterion.name}_{slug or 'value'}"


def compute_criteria(
    candidates: pd.DataFrame,
    criteria: Sequence[CriterionConfig],
    context: MeasureContext | None,
) -> pd.DataFrame:
    """Compute every criterion's raw value for every candidate.

    Parameters
    ----------
    candidates
        Indexed by candidate id; a GeoDataFrame in EPSG:6372 when any criterion needs locations.
    criteria
        The configured criteria.
    context
        Loaders for layers, graph and rasters; may be ``None`` when every criterion is an
        ``attribute``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``candidates``, one float column per criterion, named by the criterion.
    """
    columns: dict[str, np.ndarray] = {}
    for i, criterion in enumerate(criteria):
        if criterion.measure == "attribute":
            columns[criterion.name] = _attribute(candidates, criterion, i)
            continue
        if context is None or not _has_geometry(candidates):
            msg = (
                f"criteria[{i}] ({criterion.name!r}): measure {criterion.measure!r} needs "
                "candidate locations; give lon/lat columns or a vector file"
            )
            raise ConfigError(msg)
        columns[criterion.name] = _spatial(candidates, criterion, context)
    return pd.DataFrame(columns, index=candidates.index)


def _has_geometry(frame: pd.DataFrame) -> bool:
    return hasattr(frame, "geometry") and "geometry" in frame.columns


def _attribute(candidates: pd.DataFrame, criterion: CriterionConfig, i: int) -> np.ndarray:
    column = str(criterion.column)
    if column not in candidates.columns:
        known = ", ".join(str(c) for c in candidates.columns if c != "geometry")
        msg = (
            f"criteria[{i}].column: {column!r} is not a column of the candidates (columns: {known})"
        )
        raise DataError(msg)
    series = candidates[column]
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        series = series.astype(object).map(_truthy_or_value)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bool(bad.any()):
        row = str(series.index[np.flatnonzero(bad.to_numpy())[0]])
        msg = (
            f"criteria[{i}] ({criterion.name!r}): column {column!r} has a non-numeric value "
            f"{series[row]!r} for candidate {row!r}"
        )
        raise DataError(msg)
    return values.to_numpy(dtype=float)


def _truthy_or_value(value: Any) -> Any:
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "y", "si", "sí"):
            return 1.0
        if low in ("false", "no", "n"):
            return 0.0
        if low == "":
            return np.nan
    return value


def _targets(
    context: MeasureContext,
    layer: str,
    where: dict[str, str | bool | float] | None = None,
) -> gpd.GeoDataFrame:
    frame = select_features(context.get_layer(layer), layer, where)
    if len(frame) == 0:
        msg = f"layer {layer!r} has no features to measure to (where = {where})"
        raise DataError(msg)
    return frame


def select_features(
    frame: gpd.GeoDataFrame, layer: str, where: dict[str, str | bool | float] | None
) -> gpd.GeoDataFrame:
    """The features whose columns equal the ``where`` values (booleans compare as truth)."""
    if not where:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    for column, wanted in where.items():
        if column not in frame.columns:
            known = ", ".join(str(c) for c in frame.columns if c != "geometry")
            msg = f"where: layer {layer!r} has no column {column!r} (columns: {known})"
            raise ConfigError(msg)
        values = frame[column]
        if isinstance(wanted, bool):
            truth = pd.to_numeric(values.astype(object).map(_truthy_or_value), errors="coerce")
            keep &= (truth.fillna(0).to_numpy() > 0) == wanted
        elif isinstance(wanted, int | float):
            keep &= pd.to_numeric(values, errors="coerce").to_numpy() == float(wanted)
        else:
            keep &= values.astype(str).str.lower().to_numpy() == str(wanted).lower()
    return frame.loc[keep]


def _spatial(
    candidates: gpd.GeoDataFrame, criterion: CriterionConfig, context: MeasureContext
) -> np.ndarray:
    measure = criterion.measure
    points = candidates.geometry
    if measure == "distance":
        targets = _targets(context, str(criterion.to), criterion.where)
        _check_crs(points, targets, str(criterion.to))
        return compute_nearest_distance_km(points, targets.geometry)
    if measure == "count_within_km":
        targets = _targets(context, str(criterion.to), criterion.where)
        _check_crs(points, targets, str(criterion.to))
        return compute_count_within_km(points, targets.geometry, float(criterion.km or 0))
    if measure == "raster":
        from siteselect.layers.raster import sample_raster

        return sample_raster(context.get_raster(str(criterion.to)), points)
    return _network(candidates, criterion, context)


def _xy(geoms: gpd.GeoSeries) -> np.ndarray:
    """Coordinates of point geometries, or of every vertex for lines and polygons."""
    import shapely

    if bool((geoms.geom_type == "Point").all()):
        return np.column_stack([geoms.x.to_numpy(), geoms.y.to_numpy()])
    return np.asarray(shapely.get_coordinates(geoms.to_numpy()))


def _network(
    candidates: gpd.GeoDataFrame, criterion: CriterionConfig, context: MeasureContext
) -> np.ndarray:
    from siteselect import network

    graph = context.get_graph()
    _check_crs(candidates.geometry, None, "the road graph", graph_crs=graph.crs)
    origins = _xy(candidates.geometry)
    access = context.access if context.access is not None else network.AccessLeg()
    measure = criterion.measure
    if measure in ("drive_time", "drive_distance"):
        targets = _targets(context, str(criterion.to), criterion.where)
        _check_crs(candidates.geometry, targets, str(criterion.to))
        table = network.compute_drive_to_nearest(
            graph, origins, _xy(targets.geometry), access=access
        )
        column = "drive_min" if measure == "drive_time" else "drive_km"
        return table[column].to_numpy(dtype=float)
    if measure in ("population_within", "commute_burden"):
        cities = _targets(context, "cities")
        pop_xy = _xy(cities.geometry)
        pop = cities["population"].to_numpy(dtype=float)
        minutes = float(criterion.minutes or 0)
        if measure == "population_within":
            return network.compute_population_within(
                graph, origins, pop_xy, pop, minutes, access=access
            )
        return network.compute_commute_burden(graph, origins, pop_xy, pop, minutes, access=access)
    if measure == "crossings_within":
        # Redundancy for trucks: only crossings that take commercial traffic count, unless the
        # criterion says otherwise.
        default: dict[str, str | bool | float] = {"commercial": True}
        where = criterion.where if criterion.where is not None else default
        crossings = _targets(context, "border_crossings", where)
        minutes = float(criterion.hours or 0) * 60.0
        counts = network.compute_count_within(
            graph, origins, _xy(crossings.geometry), minutes, access=access
        )
        return np.asarray(counts, dtype=float)
    msg = f"unknown measure {measure!r}"  # unreachable: the config validates measures
    raise ConfigError(msg)


def _check_crs(
    points: gpd.GeoSeries,
    targets: gpd.GeoDataFrame | None,
    what: str,
    graph_crs: str | None = None,
) -> None:
    """Hand-offs between stages must share one CRS; a mismatch is a bug or a bad file."""
    from pyproj import CRS

    if points.crs is None:
        msg = "candidates have no CRS"
        raise DataError(msg)
    other = graph_crs if targets is None else targets.crs
    if other is None or not CRS(points.crs).equals(CRS(other)):
        msg = f"CRS mismatch between candidates ({points.crs}) and {what} ({other})"
        raise DataError(msg)


def compute_nearest_distance_km(points: gpd.GeoSeries, targets: gpd.GeoSeries) -> np.ndarray:
    """Straight-line distance (km) from each point to the nearest target, via a spatial index.

    Both series must share a projected CRS in metres (EPSG:6372 here).
    """
    if len(points) == 0:
        return np.zeros(0)
    (src, _tgt), dist = targets.sindex.nearest(
        points.to_numpy(), return_all=False, return_distance=True
    )
    out = np.full(len(points), np.nan)
    out[src] = dist / 1000.0
    return out


def compute_count_within_km(points: gpd.GeoSeries, targets: gpd.GeoSeries, km: float) -> np.ndarray:
    """Number of target features within ``km`` (straight line) of each point."""
    src, _tgt = targets.sindex.query(points.to_numpy(), predicate="dwithin", distance=km * 1000.0)
    return np.bincount(src, minlength=len(points)).astype(float)
