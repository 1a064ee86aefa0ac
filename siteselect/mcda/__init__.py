"""MCDA: value functions, weights, WSM/TOPSIS/PROMETHEE II/VIKOR fitted once, applied anywhere."""

from __future__ import annotations

from siteselect.constants import METHODS
from siteselect.mcda.explain import compare_candidates, explain_candidate
from siteselect.mcda.model import Fitted, apply, apply_scores, compute_ranks, fit, score
from siteselect.mcda.sensitivity import (
    SwapResult,
    check_rank_reversal,
    compute_rank_acceptability,
    compute_sample_ranks,
    compute_swap_weight,
    compute_weight_sweep,
)
from siteselect.mcda.spec import CriterionSpec, MethodOptions, ScoreResult
from siteselect.mcda.weights import (
    AHPResult,
    compute_ahp_weights,
    compute_critic_weights,
    compute_entropy_weights,
    normalise_weights,
)

__all__ = [
    "METHODS",
    "AHPResult",
    "CriterionSpec",
    "Fitted",
    "MethodOptions",
    "ScoreResult",
    "SwapResult",
    "apply",
    "apply_scores",
    "check_rank_reversal",
    "compare_candidates",
    "compute_ahp_weights",
    "compute_critic_weights",
    "compute_entropy_weights",
    "compute_rank_acceptability",
    "compute_ranks",
    "compute_sample_ranks",
    "compute_swap_weight",
    "compute_weight_sweep",
    "explain_candidate",
    "fit",
    "normalise_weights",
    "score",
]
