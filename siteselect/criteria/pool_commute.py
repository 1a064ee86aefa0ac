"""``pool_commute``: the mean drive time of the nearest people a plant needs (its own labour pool),
and how far it has to reach for them."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field

from siteselect.criteria._layered import Traveller
from siteselect.criteria._shed import ShedParams, read_shed_points
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register
from siteselect.criteria.features import LayerTo


class PoolCommuteParams(ShedParams):
    """``minutes`` (the farthest a commute may reach), ``pool`` (people the plant needs; set
    from ``[requirements] workers`` when absent) and the shed's ``to``/``column``/``traveller``."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    to: LayerTo = "population"
    pool: float | None = Field(default=None, gt=0)
    traveller: Traveller = "car"


@register
class PoolCommute(Measure[PoolCommuteParams]):
    """Population-weighted mean drive time of the nearest ``pool`` people.

    The commute of the workforce a plant would hire, nearest first: a big shed's far towns do
    not lengthen it (a mean over a whole 60-minute shed does), and a site whose pool is thin
    reaches far. Where the people within ``minutes`` fall short of the pool the value is
    infinite (scored as the worst). Details: ``reach_min``, the drive time within which the pool
    is reached (``inf`` when not).
    """

    name = "pool_commute"
    params = PoolCommuteParams
    unit = "min"
    summary = "mean drive time of the nearest people the plant needs (its labour pool)"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: PoolCommuteParams, context: MeasureContext
    ) -> MeasureResult:
        """Minutes; ``inf`` where the pool is not within ``minutes``."""
        from siteselect import network
        from siteselect.errors import ConfigError

        if params.pool is None:
            msg = "pool_commute needs `pool` or [requirements] workers to size the pool"
            raise ConfigError(msg)
        xy, amount, notes = read_shed_points(params, context)
        origins = candidates.xy()
        n = origins.shape[0]
        mean = np.full(n, np.inf)
        reach = np.full(n, np.inf)
        origin, place, minutes, _ = network.compute_reach_pairs(
            context.road_graph(params.traveller),
            origins,
            xy,
            params.minutes,
            access=context.access_leg(),
            with_km=False,
        )
        order = np.lexsort((place, minutes, origin))
        origin, place, minutes = origin[order], place[order], minutes[order]
        start = np.searchsorted(origin, np.arange(n))
        count = np.bincount(origin, minlength=n)
        pool = float(params.pool)
        for i in np.flatnonzero(count):
            rows = slice(start[i], start[i] + count[i])
            people = amount[place[rows]]
            cum = np.cumsum(people)
            if cum[-1] < pool:
                continue
            k = int(np.searchsorted(cum, pool))
            # The last place counts only for the people the pool still needs.
            taken = people[: k + 1].copy()
            taken[k] -= cum[k] - pool
            t = minutes[rows][: k + 1]
            mean[i] = float(np.dot(taken, t) / pool)
            reach[i] = float(t[-1])
        return MeasureResult(values=mean, unit=self.unit, details={"reach_min": reach}, notes=notes)
