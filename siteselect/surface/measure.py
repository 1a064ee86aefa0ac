"""Cells as candidates: which criteria apply to a location, and one partition measured.

A cell is a candidate whose representative point is the cell's centre; its raw values come
from :func:`siteselect.criteria.compute_measures`, the code that measures parks. Criteria that
read a column of the candidates (``attribute``: rent, power, ...) have no value for a piece of
land and are left out, as are constraints on such columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.criteria import Candidates, MeasureContext, compute_measures, get_measure

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import ConstraintConfig, CriterionConfig, SearchConfig
    from siteselect.surface.grid import FloatArray, GridPlan, IntArray


def split_criteria(
    config: SearchConfig,
) -> tuple[list[CriterionConfig], list[ConstraintConfig], list[tuple[str, str]]]:
    """The criteria and constraints a grid can use, and what is left out with the reason.

    Returns
    -------
    tuple
        Criteria measured at a location; constraints on those criteria; ``(name, reason)``
        for every criterion and constraint left out.
    """
    kept = []
    left_out = []
    for c in config.criteria:
        if get_measure(c.measure).needs_location:
            kept.append(c)
        else:
            column = getattr(c.params, "column", c.name)
            left_out.append(
                (c.name, f"reads the parks' column {column!r}, which a grid cell does not have")
            )
    names = {c.name for c in kept}
    constraints = []
    for con in config.constraints:
        if con.criterion is not None and con.criterion in names:
            constraints.append(con)
        elif con.criterion is not None:
            left_out.append((f"constraint {con.label!r}", "its criterion is left out"))
        else:
            left_out.append(
                (f"constraint {con.label!r}", f"reads the parks' column {con.column!r}")
            )
    return kept, constraints, left_out


def build_cell_candidates(
    cells: IntArray, lon: FloatArray, lat: FloatArray, *, source: str = "H3 grid"
) -> Candidates:
    """Cells as candidates: index = cell id, point = cell centre in EPSG:6372.

    Footprints (the hexagons) are left out: no measure reads them, and outputs build them
    from the ids only when they are written.
    """
    import geopandas as gpd

    from siteselect.constants import METRIC_CRS
    from siteselect.layers import lonlat_to_metric
    from siteselect.surface.grid import format_cell_ids

    ids = format_cell_ids(cells)
    x, y = lonlat_to_metric().transform(lon, lat)
    frame = gpd.GeoDataFrame(
        {"name": ids.to_numpy(), "lon": lon, "lat": lat},
        index=ids.rename("id"),
        geometry=gpd.points_from_xy(x, y, crs=METRIC_CRS),
    )
    return Candidates(frame=frame, source=source)


def measure_candidates(
    candidates: Candidates, criteria: Sequence[CriterionConfig], context: MeasureContext
) -> pd.DataFrame:
    """Raw values of every criterion for every candidate (index = id, a column a criterion)."""
    import pandas as pd

    measures = compute_measures(candidates, criteria, context)
    return pd.DataFrame(
        {name: np.asarray(m.values, dtype=np.float64) for name, m in measures.items()},
        index=candidates.ids,
    )


def empty_partition(criteria: Sequence[CriterionConfig]) -> pd.DataFrame:
    """A partition without cells, with the columns of a measured one (Dask's ``meta``)."""
    import pandas as pd

    columns: dict[str, Any] = {"lon": pd.Series(dtype=np.float64)}
    columns["lat"] = pd.Series(dtype=np.float64)
    columns.update({c.name: pd.Series(dtype=np.float64) for c in criteria})
    return pd.DataFrame(columns, index=pd.Index([], name="cell", dtype="str"))


def measure_partition(
    index: int,
    plan: GridPlan,
    criteria: Sequence[CriterionConfig],
    context: MeasureContext,
) -> pd.DataFrame:
    """Make the cells of one partition and measure them: what a worker runs.

    Returns
    -------
    pandas.DataFrame
        Index: cell id (hex, sorted); ``lon``, ``lat`` of the centre and one raw column per
        criterion, in real units.
    """
    from siteselect.surface.grid import build_partition_cells

    cells, lon, lat = build_partition_cells(plan, index)
    if cells.size == 0:
        return empty_partition(criteria)
    candidates = build_cell_candidates(cells, lon, lat, source=f"H3 grid res {plan.res}")
    raw = measure_candidates(candidates, criteria, context)
    raw.insert(0, "lat", lat)
    raw.insert(0, "lon", lon)
    raw.index.name = "cell"
    return raw
