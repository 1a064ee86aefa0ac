"""Optimisation: the best set of k sites under budget, coverage and diversification rules.

Models are built from plain arrays (:class:`LocationModel`, :func:`from_cost_matrix`), with
one method per constraint family and the MILP solver injected when solving. See
:mod:`siteselect.optimize.solve` for how an answer is found and proven.
"""

from __future__ import annotations

from siteselect.optimize.model import (
    OBJECTIVES,
    Evaluation,
    LocationModel,
    from_cost_matrix,
)
from siteselect.optimize.pairs import Pairs
from siteselect.optimize.solve import (
    Solution,
    SolveProgress,
    check_feasible,
    diagnose,
    solve_model,
)

__all__ = [
    "OBJECTIVES",
    "Evaluation",
    "LocationModel",
    "Pairs",
    "Solution",
    "SolveProgress",
    "check_feasible",
    "diagnose",
    "from_cost_matrix",
    "solve_model",
]
