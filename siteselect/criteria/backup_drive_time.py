"""``backup_drive_time``: the extra minutes to the second-nearest feature of a layer, what a
site loses when its nearest crossing (or port) closes."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from siteselect.criteria._layered import DriveParams
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register
from siteselect.criteria.features import build_nearest, feature_points, read_targets
from siteselect.errors import DataError


class BackupParams(DriveParams):
    """``to``, ``where``, ``traveller`` and ``distinct``: a column whose value the backup must
    not share with the nearest (``city_mx``: another border city, not the next bridge of the
    same one, so that a lane's closure, such as the 2022 inspections at every Texas bridge of
    a city, counts)."""

    distinct: str | None = Field(default=None, min_length=1)


@register
class BackupDriveTime(Measure[BackupParams]):
    """Minutes from the nearest feature to the next one: the detour when the nearest closes.

    Resilience measured where every site has it: a Bajío park far from the border still has a
    nearest crossing and a second one, so the detour is finite everywhere (a count of
    crossings within a few hours is zero for a whole corridor). The nearest and the backup
    feature ride along: ``nearest`` names the backup, ``details`` hold both drive times.
    """

    name = "backup_drive_time"
    params = BackupParams
    unit = "min"
    summary = "extra minutes to the second-nearest feature (the detour when the nearest closes)"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: BackupParams, context: MeasureContext
    ) -> MeasureResult:
        """Backup minus nearest drive time (``inf`` with no backup reachable)."""
        from siteselect import network

        targets = read_targets(context, params.to, params.where)
        origins = candidates.xy()
        n = origins.shape[0]
        first = np.full(n, np.inf)
        second = np.full(n, np.inf)
        backup = np.full(n, -1, dtype=np.int64)
        group = np.arange(len(targets))
        if params.distinct is not None:
            if params.distinct not in targets.columns:
                msg = f"backup_drive_time: {params.to!s} has no column {params.distinct!r}"
                raise DataError(msg)
            _, group = np.unique(targets[params.distinct].astype(str), return_inverse=True)
        if len(targets) and n:
            graph = context.road_graph(params.traveller)
            access = context.access_leg()
            legs = network.compute_access_legs(graph, origins, access=access)
            live = np.flatnonzero(legs.ok)
            # Per road node, then per site: a site's trips are its node's plus its own access
            # leg, the same for every target, so the node's order of targets is the site's.
            nodes, which = np.unique(legs.node[live], return_inverse=True)
            which = which.reshape(-1)
            node_xy = np.column_stack([graph.x[nodes], graph.y[nodes]])
            origin, target, minutes, _ = network.compute_reach_pairs(
                graph, node_xy, feature_points(targets.geometry), access=access, with_km=False
            )
            n1, n2, b2 = _first_two(origin, target, minutes, group, nodes.size)
            leg = legs.minutes[live]
            first[live] = n1[which] + leg
            second[live] = n2[which] + leg
            backup[live] = b2[which]
        return MeasureResult(
            values=second - first,
            unit=self.unit,
            nearest=build_nearest(targets, params.to, backup),
            details={"nearest_min": first, "backup_min": second},
        )


def _first_two(
    origin: np.ndarray, target: np.ndarray, minutes: np.ndarray, group: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per origin: minutes to the nearest target, to the nearest of another group, and which.

    Ties in minutes go to the lower target row. ``inf`` and ``-1`` where there is none.
    """
    first = np.full(n, np.inf)
    second = np.full(n, np.inf)
    backup = np.full(n, -1, dtype=np.int64)
    if origin.size == 0:
        return first, second, backup
    order = np.lexsort((target, minutes, origin))
    origin, target, minutes = origin[order], target[order], minutes[order]
    head = np.ones(origin.size, dtype=bool)
    head[1:] = origin[1:] != origin[:-1]
    # Each pair's origin's nearest target, spread over the origin's pairs.
    lead = np.maximum.accumulate(np.where(head, np.arange(origin.size), 0))
    first[origin[head]] = minutes[head]
    other = np.flatnonzero(group[target] != group[target[lead]])
    if other.size:
        keep = np.ones(other.size, dtype=bool)
        keep[1:] = origin[other[1:]] != origin[other[:-1]]
        pick = other[keep]
        second[origin[pick]] = minutes[pick]
        backup[origin[pick]] = target[pick]
    return first, second, backup
