"""Scoring: the config's criteria and weights as MCDA inputs, and the scores of the kept rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import CriterionConfig, SearchConfig
    from siteselect.mcda import CriterionSpec, Fitted, MethodOptions, ScoreResult


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
            value=c.value,
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
