"""Drive times on the road network: nearest facility, labour sheds and isochrones.

The road network is a weighted graph held as two ``scipy.sparse`` CSR matrices of the same
sparsity (edge minutes and edge kilometres). All shortest paths run through
:func:`scipy.sparse.csgraph.dijkstra`, many sources per call, never one Python loop per
candidate over the graph.

Points that are not on the graph (candidate parks, facilities, towns) join it through an
*access leg*: the straight line to the nearest graph node (a k-d tree query) times a detour
factor, driven at a local speed (:class:`AccessLeg`; defaults 1.3 and 30 km/h). Both ends of a
trip pay their access leg.

The graph is undirected (the embedded scgraph highway network has no one-way information, and
the OpenStreetMap reader merges both directions of a road into one edge), so the drive time
from a facility to a site equals the drive time from the site to the facility. That is what
lets :func:`compute_drive_to_nearest` answer "nearest facility of a kind" for every candidate
with ONE Dijkstra pass from a super-source joined to all the facilities.
"""

from __future__ import annotations

from siteselect.constants import METRIC_CRS
from siteselect.network._common import FloatArray, IntArray
from siteselect.network.access import AccessLegs, compute_access_legs
from siteselect.network.graph import (
    CAR_SPEED_COLUMN,
    CAR_SPEEDS_KPH,
    DEFAULT_MAX_EDGE_KM,
    DEFAULT_SPEED_KPH,
    MERGE_TOLERANCE_M,
    SPEED_COLUMN,
    TRAVELLERS,
    TRUCK_SPEEDS_KPH,
    AccessLeg,
    RoadGraph,
    build_road_graph,
    cut_road_graph,
)
from siteselect.network.isochrones import build_isochrones
from siteselect.network.nearest import compute_drive_between, compute_drive_to_nearest
from siteselect.network.pool import compute_pool_commute
from siteselect.network.reach import (
    NodeReach,
    compute_node_reach,
    compute_reach_pairs,
    compute_shed_by_node,
    compute_shed_with_reach,
    extend_node_reach,
    merge_node_reach,
)
from siteselect.network.shed import (
    compute_commute_burden,
    compute_count_within,
    compute_decayed_shed,
    compute_population_within,
    compute_shed,
)

__all__ = [
    "CAR_SPEEDS_KPH",
    "CAR_SPEED_COLUMN",
    "DEFAULT_MAX_EDGE_KM",
    "DEFAULT_SPEED_KPH",
    "MERGE_TOLERANCE_M",
    "METRIC_CRS",
    "SPEED_COLUMN",
    "TRAVELLERS",
    "TRUCK_SPEEDS_KPH",
    "AccessLeg",
    "AccessLegs",
    "FloatArray",
    "IntArray",
    "NodeReach",
    "RoadGraph",
    "build_isochrones",
    "build_road_graph",
    "compute_access_legs",
    "compute_commute_burden",
    "compute_count_within",
    "compute_decayed_shed",
    "compute_drive_between",
    "compute_drive_to_nearest",
    "compute_node_reach",
    "compute_pool_commute",
    "compute_population_within",
    "compute_reach_pairs",
    "compute_shed",
    "compute_shed_by_node",
    "compute_shed_with_reach",
    "cut_road_graph",
    "extend_node_reach",
    "merge_node_reach",
]
