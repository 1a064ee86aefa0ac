"""The revealed-preference back-test of a profile: does its score find where firms of its own
industry actually chose to locate?

:func:`siteselect.api.check_profile` (through :func:`evaluate_backtest`) scores every embedded
park of the profile's own corridors (``--corridor all``: the whole country; no hard
constraints) with
the profile's criteria *minus* its cluster criteria (those whose measure reads the
``establishments`` layer: they would count the answer), weights renormalised over the rest, with
the profile's method. The outcome of a park is the number of SEMARNAT RETC 2022 establishments
of the profile's own SCIAN codes within ``radius_km`` (straight line, EPSG:6372). The codes are
those the ``where`` filters of the cluster criteria select, or ``[backtest] scian`` (rama or
subsector codes, matched as prefixes of the 6-digit code) for a profile without one.

Statistics (pure functions below, checked against published examples in the tests):

- ROC AUC of the score for "at least one such establishment" against none, in the Mann-Whitney
  form (ties count one half), :func:`compute_auc`;
- Spearman's rho of score and count (average ranks for ties), :func:`compute_spearman`;
- leave-one-metro-out: the parks of each metro (``metro`` of the candidates) removed in turn,
  the MCDA model fitted again on the rest and the AUC recomputed; the minimum and median over
  the folds where both classes remain.

The baseline is "metro population alone": the CONAPO 2026 population of the park's metro (its
municipality's for a park in no metro), with the same statistics. A profile beats it when its
AUC and its rho are both higher.

This module composes the search like :mod:`siteselect.api` does (it calls :func:`run`), so it
sits above it, beside the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from siteselect.errors import ConfigError, DataError, name_input

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.config import CriterionConfig, SearchConfig
    from siteselect.layers.store import LayerStore
    from siteselect.results import RankResult

FloatArray = NDArray[np.float64]

DEFAULT_RADIUS_KM = 10.0
"""Establishments within this straight-line distance of a park count as sitting at it: a park
and the industrial district around it (RETC points are ≈30 m; parks' points 0.5-9 km)."""

CLUSTER_LAYER = "establishments"


def _average_ranks(values: NDArray[np.generic]) -> FloatArray:
    from scipy.stats import rankdata

    ranks: FloatArray = np.asarray(rankdata(values, method="average"), dtype=np.float64)
    return ranks


def compute_auc(
    scores: Sequence[float] | FloatArray, positive: Sequence[bool] | NDArray[np.bool_]
) -> float:
    """Area under the ROC curve of ``scores`` for ``positive``: the probability that a positive
    outscores a negative, ties counting one half (the Mann-Whitney U over ``n+ n-``).

    NaN when either class is empty.
    """
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = _average_ranks(s)
    u = float(ranks[y].sum()) - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


def compute_spearman(x: Sequence[float] | FloatArray, y: Sequence[float] | FloatArray) -> float:
    """Spearman's rank correlation: Pearson's r of the average ranks. NaN if either is constant."""
    rx = _average_ranks(np.asarray(x, dtype=np.float64))
    ry = _average_ranks(np.asarray(y, dtype=np.float64))
    dx, dy = rx - rx.mean(), ry - ry.mean()
    denominator = float(np.sqrt((dx * dx).sum() * (dy * dy).sum()))
    return float((dx * dy).sum()) / denominator if denominator > 0 else float("nan")


def count_within_radius(
    sites: FloatArray, points: FloatArray, radius_km: float
) -> NDArray[np.int64]:
    """How many ``points`` lie within ``radius_km`` of each site (``(n, 2)`` metres)."""
    from scipy.spatial import cKDTree

    if len(points) == 0:
        return np.zeros(len(sites), dtype=np.int64)
    found = cKDTree(points).query_ball_point(sites, r=radius_km * 1000.0, return_length=True)
    return np.asarray(found, dtype=np.int64)


def is_cluster_criterion(criterion: CriterionConfig) -> bool:
    """Whether a criterion reads the ``establishments`` layer (a cluster count)."""
    return any(str(ref) == CLUSTER_LAYER for ref in criterion.params.layer_refs())


def _establishment_filter(criterion: CriterionConfig) -> Any:
    """The ``where`` that selects a criterion's establishments (``per_where`` of a ratio whose
    divisor is the establishments layer)."""
    params = criterion.params
    if str(getattr(params, "per", "")) == CLUSTER_LAYER:
        return getattr(params, "per_where", None)
    return getattr(params, "where", None)


def describe_codes(criteria: Sequence[CriterionConfig]) -> list[str]:
    """The SCIAN codes the ``where`` filters of cluster criteria name (``scian*`` columns)."""
    codes: list[str] = []
    for c in criteria:
        where = _establishment_filter(c) or {}
        for column, wanted in where.items():
            if not str(column).startswith("scian"):
                continue
            values = getattr(wanted, "in_", None) if not isinstance(wanted, str | int) else None
            items = values if values is not None else [wanted]
            for item in items:
                text = str(item)
                if text not in codes:
                    codes.append(text)
    return codes


def select_establishments(
    establishments: gpd.GeoDataFrame, config: SearchConfig
) -> tuple[gpd.GeoDataFrame, list[str], str]:
    """The establishments of the profile's own industry, the codes, and where they came from.

    ``[backtest] scian`` wins when given (codes matched as prefixes of the 6-digit ``scian``);
    else the union of the cluster criteria's ``where`` selections.
    """
    from siteselect.criteria.features import select_features

    explicit = list(config.backtest.scian)
    if explicit:
        codes = establishments["scian"].astype(str)
        keep = np.zeros(len(establishments), dtype=bool)
        for code in explicit:
            keep |= codes.str.startswith(str(code)).to_numpy()
        return establishments.loc[keep], explicit, "[backtest] scian"
    # The industry is what the cluster criteria count (their `to`), not the establishments a
    # ratio divides by (a tightness criterion's `per`: every manufacturer).
    clusters = [
        c
        for c in config.criteria
        if is_cluster_criterion(c) and str(getattr(c.params, "per", "")) != CLUSTER_LAYER
    ]
    if not clusters:
        msg = (
            f"profile {config.profile.name!r} has no cluster criterion (none reads the "
            "establishments layer): add `[backtest] scian = [...]` (SCIAN rama or subsector "
            "codes of its industry) to back-test it"
        )
        raise ConfigError(msg)
    keep = np.zeros(len(establishments), dtype=bool)
    index = establishments.index
    for c in clusters:
        chosen = select_features(establishments, CLUSTER_LAYER, _establishment_filter(c))
        keep |= index.isin(chosen.index)
    names = ", ".join(c.name for c in clusters)
    return (
        establishments.loc[keep],
        describe_codes(clusters) or ["all"],
        f"cluster criteria ({names})",
    )


def build_backtest_search(
    config: SearchConfig, corridors: Sequence[str] | None = None
) -> tuple[SearchConfig, list[str]]:
    """The profile without its cluster criteria and constraints, on the embedded parks of
    ``corridors`` (default: the profile's own search corridors; ``["all"]``: the country).

    Returns the search and the names of the criteria left out.
    """
    from siteselect.config import parse_config

    dropped = [c.name for c in config.criteria if is_cluster_criterion(c)]
    kept = [c for c in config.criteria if not is_cluster_criterion(c)]
    if not kept:
        msg = (
            f"profile {config.profile.name!r}: every criterion is a cluster count; nothing to test"
        )
        raise ConfigError(msg)
    data = config.as_mapping()
    data["criteria"] = [c.as_mapping() for c in kept]
    data["constraints"] = []
    data["candidates"] = {}
    wanted = list(corridors) if corridors is not None else list(config.search.corridors)
    data["search"] = {**data["search"], "corridors": wanted, "consensus": None}
    data.pop("optimize", None)
    if data.get("weights", {}).get("method") == "ahp":  # the matrix names the dropped criteria
        data["weights"] = {"method": "direct"}
    return parse_config(data, source=f"profile {config.profile.name} (back-test)"), dropped


@dataclass(frozen=True)
class Figures:
    """The statistics of one score against the outcome."""

    auc: float
    rho: float
    lomo_min: float
    lomo_median: float


MIN_CORRIDOR_PARKS = 5
"""A corridor's own figures need at least this many parks (fewer: n/a, with the reason)."""


@dataclass(frozen=True)
class CorridorFigures:
    """One corridor's back-test, on its own parks: the profile's score (fitted once over every
    corridor searched) and the metro-population baseline against the same outcome.

    ``note`` says why a figure is n/a (too few parks; every park, or none, chosen).
    """

    corridor: str
    parks: int
    positives: int
    threshold: str
    auc: float
    rho: float
    base_auc: float
    base_rho: float
    note: str = ""

    @property
    def beats(self) -> bool | None:
        """Both AUC and rho above the baseline's; ``None`` where a figure is n/a."""
        figures = (self.auc, self.rho, self.base_auc, self.base_rho)
        if not all(np.isfinite(x) for x in figures):
            return None
        return bool(self.auc > self.base_auc and self.rho > self.base_rho)


@dataclass(frozen=True)
class BacktestResult:
    """What :func:`check_profile` found for one profile.

    Attributes
    ----------
    profile, method
        The profile and the method it scores with.
    codes, codes_from
        The SCIAN codes of the outcome and where they came from.
    establishments
        How many RETC 2022 establishments have those codes (nationally), and ``near_parks``:
        how many of them lie within ``radius_km`` of at least one park.
    radius_km
        The outcome's radius.
    criteria, dropped
        The criteria scored, and the cluster criteria left out.
    parks, positives, threshold
        Parks scored, those the AUC counts as chosen, and the rule (``>= 1`` establishment
        within the radius; above the median count where every park has one).
    profile_figures, baseline
        The statistics of the profile's score and of the metro-population baseline.
    folds
        Metros left out in turn (folds where both classes remained).
    table
        One row a park: ``name``, ``metro``, ``metro_name``, ``corridor``, ``score``,
        ``count``, ``metro_population``; in score order.
    corridors
        The corridors back-tested (``all``: the whole country).
    per_corridor
        With more than one corridor among the parks: each corridor's own figures.
    """

    profile: str
    method: str
    codes: tuple[str, ...]
    codes_from: str
    establishments: int
    near_parks: int
    radius_km: float
    criteria: tuple[str, ...]
    dropped: tuple[str, ...]
    parks: int
    positives: int
    profile_figures: Figures
    baseline: Figures
    folds: int
    table: pd.DataFrame
    threshold: str = ">= 1"
    corridors: tuple[str, ...] = ()
    per_corridor: tuple[CorridorFigures, ...] = ()

    @property
    def beats_auc(self) -> bool | None:
        """The profile's AUC is above the baseline's; ``None`` when the AUC is undefined
        (every park, or none, has such an establishment within the radius)."""
        if not np.isfinite(self.profile_figures.auc):
            return None
        return bool(self.profile_figures.auc > self.baseline.auc)

    @property
    def beats_rho(self) -> bool:
        """The profile's Spearman rho is above the baseline's."""
        return bool(self.profile_figures.rho > self.baseline.rho)

    @property
    def beats_baseline(self) -> bool:
        """What a shipped profile must show: a higher rho, and a higher AUC where defined."""
        return self.beats_rho and self.beats_auc is not False


def _lomo(
    groups: pd.Series, positive: NDArray[np.bool_], score_without: Any
) -> tuple[list[float], int]:
    aucs = []
    for group in pd.unique(groups):
        keep = (groups != group).to_numpy()
        auc = compute_auc(score_without(keep), positive[keep])
        if np.isfinite(auc):
            aucs.append(auc)
    return aucs, len(aucs)


def select_positives(count: FloatArray) -> tuple[NDArray[np.bool_], str]:
    """The parks the AUC counts as chosen: those with at least one establishment; where every
    park has one (all manufacturing near cities), those above the median count, so that the
    AUC still asks where firms concentrate."""
    if (count < 1).any() or count.size == 0:
        return count >= 1, ">= 1"
    median = float(np.median(count))
    return count > median, f"> {median:g} (the median: every park has one)"


def _figures(
    score: FloatArray, count: FloatArray, positive: NDArray[np.bool_], lomo: list[float]
) -> Figures:
    return Figures(
        auc=compute_auc(score, positive),
        rho=compute_spearman(score, count),
        lomo_min=float(np.min(lomo)) if lomo else float("nan"),
        lomo_median=float(np.median(lomo)) if lomo else float("nan"),
    )


def check_radius(radius_km: float) -> float:
    """The outcome's radius, checked: a number of km above 0."""
    if not (isinstance(radius_km, int | float) and np.isfinite(radius_km) and radius_km > 0):
        msg = f"{name_input('--radius-km')}: must be a number > 0, got {radius_km!r}"
        raise ConfigError(msg)
    return float(radius_km)


def evaluate_backtest(
    config: SearchConfig,
    search: SearchConfig,
    dropped: Sequence[str],
    result: RankResult,
    store: LayerStore,
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> BacktestResult:
    """The back-test's figures for a profile, from the run of its back-test search.

    :func:`siteselect.api.check_profile` composes it: ``search`` and ``dropped`` from
    :func:`build_backtest_search`, ``result`` the run of ``search`` on every park.

    Parameters
    ----------
    config
        The profile as shipped (its cluster criteria name the industry).
    search, dropped
        The back-test search (labour pools sized) and the criteria it left out.
    result
        The run of ``search``.
    store
        The run's data folder reader.
    radius_km
        Establishments within this many km (straight line) of a park are its outcome.

    Returns
    -------
    BacktestResult
    """
    from siteselect.metros import compute_group_population
    from siteselect.scoring import score_rows

    radius_km = check_radius(radius_km)
    chosen, codes, codes_from = select_establishments(store.layer(CLUSTER_LAYER), config)
    table = result.scores.table
    frame = result.candidates.frame.loc[table.index]
    geoms: Any = frame.geometry
    sites = np.column_stack([geoms.x.to_numpy(), geoms.y.to_numpy()])
    points = np.column_stack([chosen.geometry.x.to_numpy(), chosen.geometry.y.to_numpy()])
    count = count_within_radius(sites, points, radius_km).astype(np.float64)
    near = 0
    if len(points):
        near = int((count_within_radius(points, sites, radius_km) > 0).sum())
    score = table["score"].to_numpy(dtype=np.float64)
    groups = frame["metro"].astype(str)
    population = compute_group_population(
        groups, store.table("metros.csv"), store.table("population_municipalities.csv")
    ).to_numpy()
    if np.isnan(population).any():
        missing = list(frame.index[np.isnan(population)][:3])
        msg = f"the back-test's baseline has no population for {missing} (municipality unknown)"
        raise DataError(msg)
    positive, threshold = select_positives(count)
    raw = result.raw.loc[table.index]

    def refit(keep: NDArray[np.bool_]) -> FloatArray:
        _, scores = score_rows(search, raw.loc[keep])
        return scores.table["score"].reindex(raw.index[keep]).to_numpy(dtype=np.float64)

    lomo, folds = _lomo(groups, positive, refit)
    base_lomo, _ = _lomo(groups, positive, lambda keep: population[keep])
    corridor = (
        frame["corridor"].fillna("").astype(str)
        if "corridor" in frame.columns
        else pd.Series("", index=frame.index)
    )
    per_corridor = compute_corridor_figures(corridor, score, population, count)
    out = pd.DataFrame(
        {
            "name": frame["name"].astype(str),
            "metro": groups,
            "metro_name": frame["metro_name"].astype(str),
            "corridor": corridor,
            "score": score,
            "count": count.astype(np.int64),
            "metro_population": population.astype(np.int64),
        },
        index=table.index,
    )
    return BacktestResult(
        profile=config.profile.name,
        method=result.scores.method,
        codes=tuple(codes),
        codes_from=codes_from,
        establishments=len(chosen),
        near_parks=near,
        radius_km=float(radius_km),
        criteria=tuple(result.weights),
        dropped=tuple(dropped),
        parks=len(table),
        positives=int(positive.sum()),
        profile_figures=_figures(score, count, positive, lomo),
        baseline=_figures(population, count, positive, base_lomo),
        threshold=threshold,
        folds=folds,
        table=out,
        corridors=tuple(search.search.corridors),
        per_corridor=per_corridor,
    )


def compute_corridor_figures(
    corridor: pd.Series, score: FloatArray, population: FloatArray, count: FloatArray
) -> tuple[CorridorFigures, ...]:
    """Each corridor's AUC and rho on its own parks, beside the baseline's (the chosen parks
    by :func:`select_positives` within the corridor); empty for a single corridor."""
    names = [c for c in pd.unique(corridor) if c]
    if len(names) < 2:
        return ()
    nan = float("nan")
    out = []
    for name in sorted(names):
        mask = (corridor == name).to_numpy()
        n = int(mask.sum())
        if n < MIN_CORRIDOR_PARKS:
            out.append(
                CorridorFigures(
                    name,
                    n,
                    0,
                    "",
                    nan,
                    nan,
                    nan,
                    nan,
                    note=f"{n} park(s): too few (at least {MIN_CORRIDOR_PARKS})",
                )
            )
            continue
        positive, threshold = select_positives(count[mask])
        k = int(positive.sum())
        note = ""
        if k in (0, n):
            note = "AUC n/a: every park chosen" if k == n else "AUC n/a: no park chosen"
        out.append(
            CorridorFigures(
                corridor=name,
                parks=n,
                positives=k,
                threshold=threshold,
                auc=compute_auc(score[mask], positive),
                rho=compute_spearman(score[mask], count[mask]),
                base_auc=compute_auc(population[mask], positive),
                base_rho=compute_spearman(population[mask], count[mask]),
                note=note,
            )
        )
    return tuple(out)
