"""Surface: where the next park should go. Every cell of an H3 grid scored like a park.

An H3 grid over the corridors (:mod:`~siteselect.surface.grid`) is processed in partitions of
parent cells; each partition's cells are candidates whose points are the cell centres, measured
by the parks' own measure code (:mod:`~siteselect.surface.measure`), in this process or on a
Dask cluster (:mod:`~siteselect.surface.executor`). The profile's value functions and method are
fitted once on the whole grid and applied per partition (:mod:`~siteselect.surface.run`), so a
cell's score does not depend on the partitioning. :mod:`~siteselect.surface.zones` merges the
best cells into zones.
"""

from __future__ import annotations

from siteselect.surface.grid import (
    GridPlan,
    build_cell_polygons,
    build_cells,
    build_grid_plan,
    build_partition_cells,
)
from siteselect.surface.measure import (
    build_cell_candidates,
    measure_candidates,
    measure_partition,
    split_criteria,
)
from siteselect.surface.result import SurfaceResult
from siteselect.surface.run import DEFAULT_PARTITION_SIZE, DEFAULT_RES, compute_surface
from siteselect.surface.zones import select_zones

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "DEFAULT_RES",
    "GridPlan",
    "SurfaceResult",
    "build_cell_candidates",
    "build_cell_polygons",
    "build_cells",
    "build_grid_plan",
    "build_partition_cells",
    "compute_surface",
    "measure_candidates",
    "measure_partition",
    "select_zones",
    "split_criteria",
]
