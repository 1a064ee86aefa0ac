"""Optimisation: the best set of k sites under budget, coverage and diversification rules.

Models are built from plain arrays (:class:`LocationModel`, :func:`from_cost_matrix`), with
one method per constraint family and the MILP solver injected when solving. See
:mod:`siteselect.optimize.solve` for how an answer is found and proven.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from siteselect.optimize.model import (
    OBJECTIVES,
    Evaluation,
    LocationModel,
    Pairs,
    from_cost_matrix,
)
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


class _CallableModule(types.ModuleType):
    """``siteselect.optimize`` is both this package and the public ``ss.optimize(...)``.

    Importing a subpackage sets it as an attribute of its parent, which would shadow the API
    function of the same name; so the package itself is callable and runs
    :func:`siteselect.api.optimize`.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from siteselect.api import optimize

        return optimize(*args, **kwargs)


if not TYPE_CHECKING:
    sys.modules[__name__].__class__ = _CallableModule
