"""The best zones of a surface: contiguous cells above a score quantile, merged.

Cells scoring at or above the ``quantile`` of the scored cells are joined to their H3
neighbours (the six cells sharing an edge) when those are selected too; each connected group is
a zone. Zones are ranked by their best cell's score (ties: larger area first), and described
by area, best cell (where to build: the state and the nearest existing park are its), centroid,
the parks already inside, and the criteria that
helped and hurt them most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.errors import ConfigError, name_input

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.surface.result import SurfaceResult

ZONE_COLUMNS = (
    "zone",
    "cells",
    "area_km2",
    "score_max",
    "score_mean",
    "centroid_lon",
    "centroid_lat",
    "best_lon",
    "best_lat",
    "state",
    "best_cell",
    "nearest_park_id",
    "nearest_park",
    "nearest_park_km",
    "parks_inside",
    "helped",
    "hurt",
)


def select_zones(result: SurfaceResult, *, top: int = 20, quantile: float = 0.9) -> pd.DataFrame:
    """The ``top`` best zones of a surface.

    Parameters
    ----------
    result
        A computed surface.
    top
        How many zones to return (>= 1).
    quantile
        Cells scoring at or above this quantile of the scored cells are selected (0..1).

    Returns
    -------
    pandas.DataFrame
        One row per zone, best first, with :data:`ZONE_COLUMNS` plus the median raw value of
        each criterion over the zone's cells (``raw_<criterion>``); ``helped`` and ``hurt``
        are lists of criterion names.
    """
    import pandas as pd
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    check_zone_options(top, quantile)
    cells = result.cells
    scores = cells["score"].to_numpy(dtype=np.float64)
    scored = np.isfinite(scores)
    if not scored.any():
        return pd.DataFrame(columns=list(ZONE_COLUMNS))
    threshold = float(np.quantile(scores[scored], quantile))
    chosen = np.flatnonzero(scored & (scores >= threshold))
    ids = cells.index[chosen]
    ints = _cell_ints(ids)
    order = np.argsort(ints)
    ints_sorted = ints[order]
    a, b = _neighbour_pairs(ints_sorted)
    n = ints_sorted.size
    graph = coo_matrix((np.ones(a.size), (a, b)), shape=(n, n))
    _, label_sorted = connected_components(graph, directed=False)
    label = np.empty(n, dtype=np.int64)
    label[order] = label_sorted
    sub = cells.iloc[chosen]
    return _describe_zones(result, sub, label, top, threshold)


def check_zone_options(top: int, quantile: float) -> None:
    """Raise a :class:`ConfigError` for a bad number of zones or quantile."""
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        msg = f"{name_input('--top')} {top!r}: give a number of zones >= 1"
        raise ConfigError(msg)
    if not (isinstance(quantile, int | float) and 0.0 <= quantile < 1.0):
        where = f"{name_input('--quantile')} {quantile!r}"
        msg = f"{where}: give a share in [0, 1), e.g. 0.9 for the best 10 %"
        raise ConfigError(msg)


def _cell_ints(ids: Any) -> np.ndarray:
    from siteselect.surface.grid import parse_cell_ids

    return parse_cell_ids(ids)


def _neighbour_pairs(ints_sorted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) positions of selected cells that are H3 neighbours."""
    from h3.api import numpy_int

    rows = []
    cols = []
    for i, c in enumerate(ints_sorted):
        ring = np.asarray(numpy_int.grid_disk(int(c), 1), dtype=np.int64)
        pos = np.searchsorted(ints_sorted, ring)
        pos = np.minimum(pos, ints_sorted.size - 1)
        hit = pos[(ints_sorted[pos] == ring) & (pos != i)]
        rows.append(np.full(hit.size, i, dtype=np.int64))
        cols.append(hit.astype(np.int64))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def _describe_zones(
    result: SurfaceResult, sub: pd.DataFrame, label: np.ndarray, top: int, threshold: float
) -> pd.DataFrame:
    import pandas as pd

    from siteselect import mcda
    from siteselect.layers import lonlat_to_metric
    from siteselect.surface.grid import compute_cell_areas_km2

    scores = sub["score"].to_numpy(dtype=np.float64)
    n_zones = int(label.max()) + 1
    best = np.full(n_zones, -np.inf)
    np.maximum.at(best, label, scores)
    ints = _cell_ints(sub.index)
    area = compute_cell_areas_km2(ints)
    zone_area = np.bincount(label, weights=area, minlength=n_zones)
    # Best first; ties by larger area, then by the best cell's id (stable).
    ranking = np.lexsort((-zone_area, -np.round(best, 12)))[:top]
    x, y = lonlat_to_metric().transform(
        sub["lon"].to_numpy(dtype=np.float64), sub["lat"].to_numpy(dtype=np.float64)
    )
    names = list(result.criteria)
    weights = result.fitted.weight_map
    active = [c for c in names if weights.get(c, 0.0) > 0]
    rows = []
    for rank, z in enumerate(ranking, start=1):
        members = np.flatnonzero(label == z)
        w = area[members]
        cx = float(np.average(x[members], weights=w))
        cy = float(np.average(y[members], weights=w))
        zone_cells = sub.iloc[members]
        best_pos = members[int(np.argmax(scores[members]))]
        normalised = mcda.apply(result.fitted, zone_cells[list(result.fitted.names)]).normalised
        value = normalised.mean(axis=0)
        helped, hurt = _drivers(active, weights, value)
        # Where to build is the best cell: a large zone's centroid may lie in its weaker part
        # (or outside it), so the state and the nearest park are the best cell's.
        bx, by = float(x[best_pos]), float(y[best_pos])
        park = result.nearest_park(bx, by)
        row: dict[str, Any] = {
            "zone": rank,
            "cells": int(members.size),
            "area_km2": float(w.sum()),
            "score_max": float(scores[members].max()),
            "score_mean": float(np.average(scores[members], weights=w)),
            "centroid_lon": 0.0,
            "centroid_lat": 0.0,
            "best_lon": float(sub["lon"].iloc[best_pos]),
            "best_lat": float(sub["lat"].iloc[best_pos]),
            "state": result.state_at(bx, by),
            "best_cell": str(sub.index[best_pos]),
            "nearest_park_id": park[0],
            "nearest_park": park[1],
            "nearest_park_km": park[2],
            "parks_inside": result.parks_in_cells(ints[members]),
            "helped": helped,
            "hurt": hurt,
        }
        lon, lat = _metric_to_lonlat(cx, cy)
        row["centroid_lon"], row["centroid_lat"] = lon, lat
        for c in names:
            values = zone_cells[c].to_numpy(dtype=np.float64)
            finite = values[~np.isnan(values)]
            row[f"raw_{c}"] = float(np.median(finite)) if finite.size else float("nan")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*ZONE_COLUMNS, *(f"raw_{c}" for c in names)])
    frame.attrs["threshold"] = threshold
    return frame


def _drivers(
    active: list[str], weights: dict[str, float], value: pd.Series, k: int = 2
) -> tuple[list[str], list[str]]:
    """Criteria that helped (``w v``) and hurt (``w (1 - v)``) a zone most, as for parks.

    ``v`` is the criterion's value-function score averaged over the zone's cells.
    """
    from siteselect.mcda.explain import select_drivers

    values = [float(value.get(c, 0.0)) for c in active]
    return select_drivers(active, [weights[c] for c in active], values, k)


def _metric_to_lonlat(x: float, y: float) -> tuple[float, float]:
    from pyproj import Transformer

    from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS

    lon, lat = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True).transform(x, y)
    return float(lon), float(lat)
