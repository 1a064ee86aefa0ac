"""Shared computation of the drive-to-nearest measures (minutes and kilometres in one pass)."""

from __future__ import annotations

import numpy as np

from siteselect.criteria._layered import DriveParams
from siteselect.criteria.base import Candidates, MeasureContext, MeasureResult
from siteselect.criteria.features import (
    build_nearest,
    check_same_crs,
    read_targets,
    straight_km,
    target_xy,
)


def compute_drive(
    candidates: Candidates, params: DriveParams, context: MeasureContext, *, value: str
) -> MeasureResult:
    """Drive to the nearest feature of ``to``: ``value`` is ``drive_min`` or ``drive_km``.

    One multi-source Dijkstra pass from all the targets gives every candidate its nearest
    target, the minutes and the kilometres of that trip; the other figure and the straight
    line to the same target ride along as details.
    """
    from siteselect import network

    graph = context.road_graph(params.traveller)
    frame = candidates.frame
    check_same_crs(frame, graph.crs, "the road graph")
    targets = read_targets(context, params.to, params.where)
    check_same_crs(frame, targets.crs, params.to)
    origins = candidates.xy()
    xy, feature_row = target_xy(targets.geometry)
    access = context.access_leg()
    table = network.compute_drive_to_nearest(graph, origins, xy, access=access)
    vertex = table["target"].to_numpy(dtype=np.int64)
    rows = np.where(vertex >= 0, feature_row[np.maximum(vertex, 0)], -1)
    other = "drive_km" if value == "drive_min" else "drive_min"
    details = {
        other: table[other].to_numpy(dtype=np.float64),
        "straight_km": straight_km(origins, xy, vertex),
    }
    return MeasureResult(
        values=table[value].to_numpy(dtype=np.float64),
        unit="min" if value == "drive_min" else "km",
        nearest=build_nearest(targets, params.to, rows),
        details=details,
    )
