"""Scoring: the config's criteria and weights as MCDA inputs, and the scores of the kept rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import CriterionConfig, SearchConfig
    from siteselect.mcda import CriterionSpec, Fitted, MethodOptions, ScoreResult
    from siteselect.mcda.agreement import Consensus


def build_criterion_specs(
    criteria: Sequence[CriterionConfig], weights: dict[str, float] | None = None
) -> list[CriterionSpec]:
    """Translate configured criteria into the MCDA engine's specs (weights override)."""
    from siteselect.mcda import CriterionSpec

    return [
        CriterionSpec(
            name=c.name,
            direction=c.direction,
            weight=float(weights[c.name]) if weights else float(c.weight),
            value=_value_kind(c),
            best=c.best,
            worst=c.worst,
            points=tuple((float(a), float(b)) for a, b in c.points) if c.points else None,
            midpoint=c.midpoint,
            steepness=c.steepness,
            threshold=c.threshold,
            preference=c.preference,
            q=c.q,
            p=c.p,
            s=c.s,
        )
        for c in criteria
    ]


def _value_kind(c: CriterionConfig) -> Any:
    """The criterion's value function; a ``pool`` must have been sized first."""
    if c.value == "pool":
        msg = (
            f"criterion {c.name!r}: its labour pool was not sized; run the search through "
            "siteselect.rank (or siteselect.labour.resolve_labour) first"
        )
        raise ConfigError(msg)
    return c.value


def build_method_options(config: SearchConfig) -> MethodOptions:
    """The method options of the config's ``[topsis]`` and ``[vikor]`` sections."""
    from siteselect.mcda import MethodOptions

    return MethodOptions(topsis_normalization=config.topsis.normalization, vikor_v=config.vikor.v)


def compute_weights(config: SearchConfig, raw: pd.DataFrame) -> dict[str, float]:
    """The criterion weights the config asks for: direct, AHP, entropy or CRITIC.

    ``raw`` holds the rows the weights are derived from (entropy and CRITIC read the data).
    """
    from siteselect import mcda

    method = config.weights.method
    names = [c.name for c in config.criteria]
    if method == "direct":
        return config.normalised_weights
    directions = {c.name: str(c.direction) for c in config.criteria}
    if method == "ahp":
        from siteselect.layers.tables import read_pairwise_csv

        matrix, labels = read_pairwise_csv(Path(str(config.weights.matrix)))
        if sorted(labels) != sorted(names):
            msg = (
                f"weights.matrix: its criteria {labels} do not match the config's criteria {names}"
            )
            raise ConfigError(msg)
        result = mcda.compute_ahp_weights(matrix, labels)
        return {n: float(result.weights[n]) for n in names}
    frame = raw[names]
    if method == "entropy":
        return {k: float(v) for k, v in mcda.compute_entropy_weights(frame, directions).items()}
    return {k: float(v) for k, v in mcda.compute_critic_weights(frame, directions).items()}


def score_rows(config: SearchConfig, raw: pd.DataFrame) -> tuple[Fitted, ScoreResult]:
    """Weights, specs, the MCDA model fitted on the given rows, and their scores.

    The fitted model (ranges, norms, ideal points, sorted references) scores any other rows
    the same way (:func:`siteselect.mcda.apply`), e.g. the cells of a surface.
    """
    from siteselect import mcda

    weights = compute_weights(config, raw)
    specs = build_criterion_specs(config.criteria, weights)
    fitted = mcda.fit(raw, specs, config.search.method, build_method_options(config))
    return fitted, mcda.apply(fitted, raw)


def compute_method_ranks(
    config: SearchConfig, raw: pd.DataFrame, weights: Mapping[str, float]
) -> pd.DataFrame:
    """The rank of every row under each of the four methods, with the same weights (the fitted
    model applied per method).

    Parameters
    ----------
    config
        The search (criteria, value functions, method options).
    raw
        The rows to rank (the candidates that passed the constraints), one column a criterion.
    weights
        The weights in use (a result's normalised weights; criteria absent weigh 0).

    Returns
    -------
    pandas.DataFrame
        Index as ``raw``; one column of ranks (1 = best) per method, in :data:`METHODS` order.
    """
    from siteselect import mcda
    from siteselect.constants import METHODS

    specs = build_criterion_specs(
        config.criteria, {c.name: float(weights.get(c.name, 0.0)) for c in config.criteria}
    )
    options = build_method_options(config)
    # Each method's ranks in raw's row order (no look-up of 85,000 ids per method).
    out = {method: mcda.compute_ranks(raw, specs, method, options) for method in METHODS}
    import pandas

    return pandas.DataFrame(out, index=raw.index)


def compute_consensus(
    config: SearchConfig, raw: pd.DataFrame, weights: Mapping[str, float], *, seed: int = 0
) -> Consensus:
    """The ranking by ``[search] consensus`` (Borda or Copeland) over the four methods' own
    rankings and, with ``consensus_samples`` > 0, that many SMAA weight samples per method
    (each method scored on the same samples). Equal consensus scores keep the order of the
    configured method.
    """
    import numpy as np

    from siteselect import mcda
    from siteselect.constants import METHODS
    from siteselect.mcda.agreement import Consensus, rank_consensus

    rule = config.search.consensus
    if rule is None:
        msg = "compute_consensus: the search has no [search] consensus"
        raise ConfigError(msg)
    samples = int(config.search.consensus_samples)
    method_ranks = compute_method_ranks(config, raw, weights)
    voters = [method_ranks[m].to_numpy() for m in METHODS]
    if samples > 0:
        specs = build_criterion_specs(
            config.criteria, {c.name: float(weights.get(c.name, 0.0)) for c in config.criteria}
        )
        options = build_method_options(config)
        for method in METHODS:
            voters.extend(
                mcda.compute_sample_ranks(raw, specs, method, options, samples=samples, seed=seed)
            )
    table = rank_consensus(
        rule,
        np.vstack(voters),
        raw.index,
        tiebreak=method_ranks[config.search.method].to_numpy(),
    )
    return Consensus(
        rule=rule,
        methods=tuple(METHODS),
        samples=samples,
        seed=seed,
        table=table,
        method_ranks=method_ranks.reindex(table.index),
    )
