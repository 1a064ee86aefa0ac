"""Labour pools: the people a labour shed must hold for a plant of a given headcount.

A labour criterion with ``value = "pool"`` scores a shed linearly from 0 people to the pool the
plant needs, and no higher: past that, more people do not make a site better for this plant
(a big metro's extra depth is not a benefit the plant can use, and its competition for the same
workers is another criterion's question). The pool is the plant's ``[requirements] workers``
times a multiple derived from INEGI figures and a hiring rule of thumb, each a row of
``data/labour_market.csv``::

    multiple = 1 / (share aged 15+ x participation x manufacturing share x hire share)

With the shipped figures (0.747, 0.60, 0.165, 0.05) it is about 270 people per worker: a
1,500-worker plant needs about 405,000 people within its commute shed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from siteselect.config.schema import SearchConfig
from siteselect.errors import ConfigError, DataError

if TYPE_CHECKING:
    from siteselect.layers.store import LayerStore

POOL_FACTORS = ("share_15_plus", "participation", "manufacturing_share", "hire_share")
"""The rows of ``labour_market.csv`` whose product is the people one worker draws on."""


@dataclass(frozen=True)
class LabourPool:
    """The pool one criterion saturates at, and where it comes from."""

    criterion: str
    workers: int
    multiple: float
    people: float

    measure: str = "population_within"

    def describe(self) -> str:
        """One line for a run's notes."""
        what = "saturates at" if self.measure == "population_within" else "the nearest"
        return (
            f"{self.criterion}: {what} {self.people:,.0f} people ({self.workers:,} "
            f"workers x {self.multiple:.0f} people per worker, data/labour_market.csv)"
        )


def compute_pool_multiple(facts: Mapping[str, float]) -> float:
    """People a shed needs per worker hired: the inverse of the four factors' product."""
    product = 1.0
    for key in POOL_FACTORS:
        value = facts.get(key)
        if value is None or not 0 < value <= 1:
            msg = f"labour_market.csv: {key!r} must be a share in (0, 1], got {value!r}"
            raise DataError(msg)
        product *= value
    return 1.0 / product


def resolve_labour(config: SearchConfig, store: LayerStore) -> SearchConfig:
    """The search with its labour pools sized from ``[requirements] workers`` and the data
    folder's ``labour_market.csv`` (a note in the store says each); unchanged without any."""
    if not any(c.value == "pool" or c.measure == "pool_commute" for c in config.criteria):
        return config
    table = store.table("labour_market.csv")
    facts = {str(k): float(v) for k, v in zip(table["key"], table["value"], strict=True)}
    resolved, pools = resolve_pools(config, facts)
    store.notes.extend(p.describe() for p in pools)
    return resolved


def resolve_pools(
    config: SearchConfig, facts: Mapping[str, float]
) -> tuple[SearchConfig, tuple[LabourPool, ...]]:
    """The config with every ``value = "pool"`` criterion made linear from 0 to its pool.

    A config without such a criterion comes back unchanged.
    """
    pools = [c for c in config.criteria if c.value == "pool"]
    commutes = [
        c
        for c in config.criteria
        if c.measure == "pool_commute" and getattr(c.params, "pool", None) is None
    ]
    if not pools and not commutes:
        return config, ()
    workers = config.requirements.workers if config.requirements is not None else None
    if workers is None:
        msg = (
            f"criterion {commutes[0].name!r}: pool_commute needs `pool` or [requirements] "
            "workers (the plant's headcount)"
        )
        raise ConfigError(msg)
    multiple = compute_pool_multiple(facts)
    people = float(round(workers * multiple, -3))
    resolved = []
    out = []
    for c in config.criteria:
        if c.value == "pool":
            resolved.append(c.model_copy(update={"value": "linear", "best": people, "worst": 0.0}))
            out.append(LabourPool(c.name, workers, multiple, people))
        elif c in commutes:
            params = c.params.model_copy(update={"pool": people})
            resolved.append(c.model_copy(update={"params": params}))
            out.append(LabourPool(c.name, workers, multiple, people, c.measure))
        else:
            resolved.append(c)
    return config.model_copy(update={"criteria": resolved}), tuple(out)
