"""Regions: a ranking read corridor by corridor, to choose a region before a park.

:func:`build_region_comparison` turns a :class:`~siteselect.results.RankResult` over several
corridors (``--corridor all``: the whole country) into one row per corridor: its parks, its
best parks with their rank in the whole ranking, the median score of its parks, its labour
pool (the median over its parks of the people within :data:`LABOUR_POOL_MINUTES` minutes by
road: one yardstick for every profile, the profile's own labour criterion where it measures
exactly that), and its border and port access (the median of each of the profile's criteria
measured to border crossings or seaports). Apart from the labour pool, nothing is measured
again: every figure is read from the result.

Two columns come from the shortlist work (issue 17) and are filled only when it provides them:
the corridor's metros (from the candidates' ``metro_name`` column) and its method agreement
(from the four methods' ranks, ``method_ranks``). Without them the comparison says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.errors import ConfigError, name_input

if TYPE_CHECKING:
    from siteselect.results import RankResult

ACCESS_LAYERS = ("border_crossings", "seaports")
"""The layers whose criteria count as border and port access."""

LABOUR_MEASURE = "population_within"
"""The measure of a labour shed (people within N minutes, the ``population`` layer)."""

LABOUR_POOL_MINUTES = 60.0
"""The labour pool of a corridor: the median over its parks of the people within this many
minutes by road (issue 22's yardstick, the same for every profile)."""

NO_AGREEMENT = (
    "method agreement per corridor: not available (it needs the four methods' ranks, which "
    "the shortlist work of issue 17 adds to a ranking)"
)
NO_METROS = (
    "metros per corridor: not available (the candidates carry no metro; the metros table of "
    "issue 17 adds it)"
)


@dataclass(frozen=True)
class AccessCriterion:
    """A criterion of the profile measured to border crossings or seaports."""

    name: str
    layer: str
    measure: str
    unit: str


@dataclass(frozen=True)
class RegionComparison:
    """A ranking compared corridor by corridor.

    Attributes
    ----------
    result
        The ranking the comparison reads (its provenance, weights and notes stay valid).
    table
        One row per corridor, best median score first. Index ``corridor``; columns ``name``,
        ``parks`` (considered), ``ranked`` (passed the constraints), ``median_score``,
        ``best_score``, ``best_rank`` (rank of its best park in the whole ranking),
        ``labour_pool`` (median people within :data:`LABOUR_POOL_MINUTES` minutes), one
        ``<criterion>`` column
        per access criterion (median, the criterion's unit), ``metros`` (count, when known)
        and ``tau_min`` (the lowest Kendall tau-b between the ranking's method and another
        method over the corridor's parks, when the methods' ranks are known).
    best
        The best ``top`` parks of each corridor: index ``id``; ``corridor``, ``position``
        (1 = the corridor's best), ``name``, ``rank`` (in the whole ranking), ``score``,
        ``metro_name`` (when known), ``rank_min`` and ``rank_max`` (over the methods, when
        known).
    top
        Parks listed per corridor.
    labour_source
        Where ``labour_pool`` comes from: the profile's criterion of that name, or
        ``measured`` (computed for the comparison); None when it could not be known.
    access
        The access criteria, in the profile's order.
    notes
        What the comparison could not say, and why.
    provenance
        Credit lines of the data used (the ranking's, and the population layer's when the
        labour pool read it).
    """

    result: RankResult
    table: pd.DataFrame
    best: pd.DataFrame
    top: int
    labour_source: str | None
    access: tuple[AccessCriterion, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    provenance: tuple[str, ...] = field(default_factory=tuple)

    @property
    def corridors(self) -> tuple[str, ...]:
        """The corridors compared, in the table's order."""
        return tuple(str(c) for c in self.table.index)

    def describe(self) -> dict[str, Any]:
        """The run's context: profile, method, corridors, counts and weights."""
        cfg = self.result.config
        return {
            "profile": cfg.profile.name,
            "method": self.result.scores.method,
            "corridors": list(self.corridors),
            "considered": len(self.result.candidates.frame),
            "ranked": len(self.result.scores.table),
            "top": self.top,
            "weights": dict(self.result.weights),
        }


def select_labour_criterion(result: RankResult, minutes: float = LABOUR_POOL_MINUTES) -> str | None:
    """The profile's criterion that measures the labour pool itself: people of the
    ``population`` layer within ``minutes`` (no ``where``); None when it has none."""
    for c in result.config.criteria:
        params = c.params
        if (
            c.measure == LABOUR_MEASURE
            and str(getattr(params, "to", "")) == "population"
            and str(getattr(params, "column", "")) == "population"
            and getattr(params, "where", None) is None
            and float(getattr(params, "minutes", float("nan"))) == minutes
            and c.name in result.measures
        ):
            return c.name
    return None


def select_access_criteria(result: RankResult) -> tuple[AccessCriterion, ...]:
    """The profile's criteria measured to border crossings or seaports (any measure)."""
    out = []
    for c in result.config.criteria:
        refs = [str(r) for r in c.params.layer_refs()]
        layer = next((r for r in refs if r in ACCESS_LAYERS), None)
        if layer is not None and c.name in result.measures:
            out.append(AccessCriterion(c.name, layer, c.measure, result.measures[c.name].unit))
    return tuple(out)


def build_region_comparison(
    result: RankResult,
    *,
    top: int = 3,
    names: Mapping[str, str] | None = None,
    labour_pool: pd.Series | None = None,
    method_ranks: pd.DataFrame | None = None,
    provenance: tuple[str, ...] | None = None,
) -> RegionComparison:
    """Compare the corridors of a ranking.

    Parameters
    ----------
    result
        A ranking whose candidates carry a ``corridor`` column (the embedded parks do; a
        user's candidates get theirs from their location).
    top
        Best parks listed per corridor.
    names
        Corridor id -> display name (``corridors.csv``); the id where absent.
    labour_pool
        People within :data:`LABOUR_POOL_MINUTES` minutes of each candidate (index id). When
        None, the profile's own criterion measuring exactly that is read, if it has one.
    method_ranks
        The rank of every ranked candidate under each MCDA method (index id, one column a
        method, the ranking's method among them). With it, each corridor gets its method
        agreement and each listed park its rank range; without it the comparison says so.
    provenance
        Credit lines of the data used; the ranking's when None.

    Returns
    -------
    RegionComparison

    Raises
    ------
    ConfigError
        ``top`` below 1, or candidates without corridors.
    """
    from siteselect.config import check_count

    top = check_count(name_input("--top"), top)  # "3" or 0 is refused, as rank's top
    frame = result.candidates.frame
    if "corridor" not in frame.columns:
        msg = "the candidates carry no corridor: regions compares corridors of located parks"
        raise ConfigError(msg)
    ranking = result.scores.table
    raw = result.raw
    corridor = frame["corridor"].fillna("").astype(str).replace("", "(none)")
    labour_source: str | None = "measured" if labour_pool is not None else None
    if labour_pool is None:
        own = select_labour_criterion(result)
        if own is not None:
            labour_pool, labour_source = raw[own], own
    access = select_access_criteria(result)
    has_metros = "metro_name" in frame.columns
    ranks = _usable_ranks(method_ranks, result.scores.method, ranking.index)
    notes: list[str] = []
    if ranks is None:
        notes.append(NO_AGREEMENT)
    if not has_metros:
        notes.append(NO_METROS)
    if labour_pool is None:
        notes.append(
            f"labour pool: not measured (people within {LABOUR_POOL_MINUTES:g} min need the "
            "road graph and the population layer)"
        )
    if not access:
        notes.append("border and port access: the profile has no criterion measured to them")

    rows: list[dict[str, Any]] = []
    best_rows: list[dict[str, Any]] = []
    for cid in dict.fromkeys(corridor.tolist()):
        members = corridor.index[(corridor == cid).to_numpy()]
        ranked = ranking.loc[ranking.index.isin(members)]  # rank order
        row: dict[str, Any] = {
            "corridor": cid,
            "name": (names or {}).get(cid, cid),
            "parks": len(members),
            "ranked": len(ranked),
            "median_score": _median(ranked["score"]),
            "best_score": float(ranked["score"].iloc[0]) if len(ranked) else None,
            "best_rank": int(ranked["rank"].iloc[0]) if len(ranked) else None,
            "labour_pool": (
                _median(labour_pool.reindex(ranked.index)) if labour_pool is not None else None
            ),
        }
        for a in access:
            row[a.name] = _median(raw.loc[ranked.index, a.name])
        if has_metros:
            row["metros"] = int(frame.loc[members, "metro_name"].nunique())
        if ranks is not None:
            row["tau_min"] = _tau_min(ranks.loc[ranks.index.isin(ranked.index)], result)
        rows.append(row)
        for position, (pid, rec) in enumerate(ranked.head(top).iterrows(), start=1):
            item: dict[str, Any] = {
                "id": pid,
                "corridor": cid,
                "position": position,
                "name": str(frame.at[pid, "name"]),
                "rank": int(rec["rank"]),
                "score": float(rec["score"]),
            }
            if has_metros:
                item["metro_name"] = str(frame.at[pid, "metro_name"])
            if ranks is not None:
                span = ranks.loc[[pid]].to_numpy()
                item["rank_min"], item["rank_max"] = int(span.min()), int(span.max())
            best_rows.append(item)
    table = pd.DataFrame(rows).set_index("corridor")
    # best median score first; a corridor without a ranked park last
    order = table.sort_values(
        ["median_score", "best_rank"], ascending=[False, True], na_position="last"
    ).index
    table = table.loc[order]
    best = pd.DataFrame(best_rows, columns=_BEST_COLUMNS if not best_rows else None)
    if len(best):
        best["order"] = best["corridor"].map({c: i for i, c in enumerate(order)})
        best = best.sort_values(["order", "position"]).drop(columns="order").set_index("id")
    else:
        best = best.set_index("id")
    return RegionComparison(
        result=result,
        table=table,
        best=best,
        top=top,
        labour_source=labour_source,
        access=access,
        notes=tuple(notes),
        provenance=result.provenance if provenance is None else provenance,
    )


_BEST_COLUMNS = ["id", "corridor", "position", "name", "rank", "score"]


def _median(values: pd.Series) -> float | None:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return float(numbers.median()) if len(numbers) else None


def _usable_ranks(ranks: pd.DataFrame | None, chosen: str, ranked: pd.Index) -> pd.DataFrame | None:
    """The methods' ranks of the ranked candidates, or None when they cannot be used."""
    if ranks is None or chosen not in ranks.columns or not ranked.isin(ranks.index).all():
        return None
    return ranks.loc[ranked]


def _tau_min(ranks: pd.DataFrame, result: RankResult) -> float | None:
    """The lowest Kendall tau-b between the ranking's method and another method, over the
    given rows (ranks within a corridor order its parks as the whole ranking does)."""
    from scipy.stats import kendalltau

    chosen = result.scores.method
    if len(ranks) < 2:
        return None
    taus = []
    for method in ranks.columns:
        if method == chosen:
            continue
        tau = kendalltau(ranks[chosen].to_numpy(), ranks[method].to_numpy()).statistic
        if np.isfinite(tau):
            taus.append(float(tau))
    return min(taus) if taus else None
