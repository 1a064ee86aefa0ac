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
        if len(targets):
            origin, target, minutes, _ = network.compute_reach_pairs(
                context.road_graph(params.traveller),
                origins,
                feature_points(targets.geometry),
                access=context.access_leg(),
                with_km=False,
            )
            order = np.lexsort((target, minutes, origin))
            origin, target, minutes = origin[order], target[order], minutes[order]
            group = np.arange(len(targets))
            if params.distinct is not None:
                if params.distinct not in targets.columns:
                    msg = f"backup_drive_time: {params.to!s} has no column {params.distinct!r}"
                    raise DataError(msg)
                _, group = np.unique(targets[params.distinct].astype(str), return_inverse=True)
            start = np.searchsorted(origin, np.arange(n))
            count = np.bincount(origin, minlength=n)
            for i in np.flatnonzero(count):
                rows = slice(start[i], start[i] + count[i])
                t, m = target[rows], minutes[rows]
                first[i] = m[0]
                other = np.flatnonzero(group[t] != group[t[0]])
                if other.size:
                    second[i] = m[other[0]]
                    backup[i] = t[other[0]]
        return MeasureResult(
            values=second - first,
            unit=self.unit,
            nearest=build_nearest(targets, params.to, backup),
            details={"nearest_min": first, "backup_min": second},
        )
