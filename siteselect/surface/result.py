"""The result of a surface: every cell's raw values and score, and what the run left out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from siteselect.config import SearchConfig
    from siteselect.mcda import Fitted


@dataclass(frozen=True)
class SurfaceResult:
    """Suitability of every cell of an H3 grid over the corridors, for one search.

    Attributes
    ----------
    config
        The search (all its criteria; those measured are in :attr:`criteria`).
    res
        H3 resolution.
    corridors
        Corridors the grid covers.
    cells
        Index: cell id (H3, hexadecimal), sorted. Columns ``lon``, ``lat`` (the cell's centre,
        EPSG:4326), one raw column per measured criterion in real units (named as the
        criterion; :attr:`raw_columns` gives the export names with units), ``eligible``
        (passes the constraints that apply to a location) and ``score`` (NaN where not
        eligible). Unrounded.
    criteria
        The criteria measured for every cell, in config order.
    units
        Unit of each measured criterion's raw values.
    raw_columns
        Export column name (with unit) of each measured criterion, e.g. ``border_min``.
    left_out
        ``(criterion or constraint, reason)`` for what a grid cell cannot be scored on.
    fitted
        The MCDA model fitted once on every eligible cell; ``mcda.apply_scores(fitted, rows)``
        scores any rows the same way.
    method
        MCDA method.
    partitions, executor
        How many partitions the grid was processed in, and where (``in-process`` or Dask).
    parks
        The embedded parks (``id``, ``name``, ``x``, ``y`` in EPSG:6372): zones name the
        nearest one.
    states
        State polygons (EPSG:6372, column ``state``) for zone descriptions and maps.
    notes
        Remarks for the user (left-out criteria, dropped criteria, constraints).
    provenance
        Credit lines of the data used.
    """

    config: SearchConfig
    res: int
    corridors: tuple[str, ...]
    cells: pd.DataFrame
    criteria: tuple[str, ...]
    units: Mapping[str, str]
    raw_columns: Mapping[str, str]
    left_out: tuple[tuple[str, str], ...]
    fitted: Fitted
    method: str
    partitions: int
    executor: str
    parks: pd.DataFrame
    states: gpd.GeoDataFrame
    notes: tuple[str, ...] = ()
    provenance: tuple[str, ...] = ()

    @property
    def n_cells(self) -> int:
        """Number of cells."""
        return len(self.cells)

    @property
    def weights(self) -> dict[str, float]:
        """Weights of the criteria that entered the score (normalised to sum to 1)."""
        return self.fitted.weight_map

    def to_frame(self) -> pd.DataFrame:
        """Cells with export column names: ``cell``, ``lon``, ``lat``, raw values, score."""
        frame = self.cells.rename(columns=dict(self.raw_columns)).reset_index()
        return frame.rename(columns={frame.columns[0]: "cell"})

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """:meth:`to_frame` with each cell's hexagon (EPSG:4326)."""
        import geopandas as gpd

        from siteselect.surface.grid import build_cell_polygons, parse_cell_ids

        frame = self.to_frame()
        polygons = build_cell_polygons(parse_cell_ids(frame["cell"]))
        return gpd.GeoDataFrame(frame, geometry=polygons.to_numpy(), crs=polygons.crs)

    def zones(self, top: int = 20, quantile: float = 0.9) -> pd.DataFrame:
        """The best zones: contiguous cells above the score quantile (see ``surface.zones``)."""
        from siteselect.surface.zones import select_zones

        return select_zones(self, top=top, quantile=quantile)

    def nearest_park(self, x: float, y: float) -> tuple[str | None, str | None, float]:
        """Id, name and straight-line km of the embedded park nearest to a point (EPSG:6372)."""
        if len(self.parks) == 0:
            return None, None, float("nan")
        d = np.hypot(self.parks["x"].to_numpy() - x, self.parks["y"].to_numpy() - y)
        i = int(np.argmin(d))
        return str(self.parks["id"].iloc[i]), str(self.parks["name"].iloc[i]), float(d[i] / 1000)

    def parks_in_cells(self, cells: Any) -> int:
        """How many embedded parks lie in the given cells (H3 ints of this grid's resolution)."""
        if len(self.parks) == 0 or "cell" not in self.parks.columns:
            return 0
        return int(np.isin(self.parks["cell"].to_numpy(dtype=np.int64), cells).sum())

    def state_at(self, x: float, y: float) -> str:
        """The state containing a point (EPSG:6372), or an empty string."""
        import shapely

        if len(self.states) == 0:
            return ""
        inside = shapely.contains_xy(self.states.geometry.to_numpy(), x, y)
        hits = np.flatnonzero(inside)
        return str(self.states["state"].iloc[int(hits[0])]) if hits.size else ""

    def describe(self) -> dict[str, Any]:
        """The run's context: profile, method, resolution, corridors, counts, weights."""
        scored = self.cells["score"].notna()
        return {
            "profile": self.config.profile.name,
            "method": self.method,
            "res": self.res,
            "corridors": list(self.corridors),
            "cells": self.n_cells,
            "scored": int(scored.sum()),
            "weights": self.weights,
            "criteria": list(self.criteria),
            "left_out": [{"name": n, "reason": r} for n, r in self.left_out],
            "partitions": self.partitions,
            "executor": self.executor,
        }
