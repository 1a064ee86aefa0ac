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
        graph = context.road_graph(params.traveller)
        pool = float(params.pool)
        # In chunks of origins: the pairs within the drive time run to thousands an origin,
        # so a whole 100,000-point file at once would hold hundreds of millions of them.
        for first in range(0, n, POOL_CHUNK):
            part = slice(first, min(first + POOL_CHUNK, n))
            origin, place, minutes, _ = network.compute_reach_pairs(
                graph,
                origins[part],
                xy,
                params.minutes,
                access=context.access_leg(),
                with_km=False,
            )
            mean[part], reach[part] = _pool_means(
                origin, amount[place], minutes, part.stop - part.start, pool
            )
        return MeasureResult(values=mean, unit=self.unit, details={"reach_min": reach}, notes=notes)


POOL_CHUNK = 2_000
"""Origins whose reach pairs are held at once."""


def _pool_means(
    origin: np.ndarray, people: np.ndarray, minutes: np.ndarray, n: int, pool: float
) -> tuple[np.ndarray, np.ndarray]:
    """Each origin's mean minutes over its nearest ``pool`` people, and the minutes at which
    the pool is reached (``inf`` where the pairs fall short), without a loop over origins.

    The pairs are sorted by origin then minutes; in one running sum over all of them an
    origin's pool is reached at the first pair whose sum passes the sum before the origin plus
    ``pool``; the last place counts only for the people the pool still needs.
    """
    mean = np.full(n, np.inf)
    reach = np.full(n, np.inf)
    if origin.size == 0:
        return mean, reach
    # One sort on a combined key (origin, then minutes) is three times a two-key lexsort;
    # the order of equal minutes changes neither the mean nor the reach.
    span = float(np.max(minutes)) + 1.0 if np.all(np.isfinite(minutes)) else np.inf
    if np.isfinite(span) and span * n < 2.0**32:
        order = np.argsort(origin * span + minutes)
    else:
        order = np.lexsort((minutes, origin))
    origin, people, minutes = origin[order], people[order], minutes[order]
    count = np.bincount(origin, minlength=n)
    end = np.cumsum(count)
    start = end - count
    cum = np.cumsum(people)
    weighted = np.cumsum(people * minutes)
    before = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    before_w = np.where(start > 0, weighted[np.maximum(start - 1, 0)], 0.0)
    total = np.where(count > 0, cum[np.maximum(end - 1, 0)], 0.0) - before
    ok = np.flatnonzero((count > 0) & (total >= pool))
    if ok.size == 0:
        return mean, reach
    k = np.searchsorted(cum, before[ok] + pool, side="left")
    k = np.clip(k, start[ok], end[ok] - 1)
    excess = (cum[k] - before[ok]) - pool
    mean[ok] = (weighted[k] - before_w[ok] - excess * minutes[k]) / pool
    reach[ok] = minutes[k]
    return mean, reach
