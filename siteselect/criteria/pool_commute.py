"""``pool_commute``: the mean drive time of the nearest people a plant needs (its own labour pool),
and how far it has to reach for them."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from siteselect.criteria._layered import Traveller
from siteselect.criteria._shed import ShedParams, held_reach, read_shed_points
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
        graph = context.road_graph(params.traveller)
        mean, reach = network.compute_pool_commute(
            graph,
            candidates.xy(),
            xy,
            amount,
            float(params.pool),
            params.minutes,
            access=context.access_leg(),
            # An earlier labour shed's per-node table of the same people, when there is one.
            reach_table=held_reach(params, context),
        )
        return MeasureResult(values=mean, unit=self.unit, details={"reach_min": reach}, notes=notes)
