"""siteselect: nearshoring site selection for industrial parks in Mexico.

A library first, with a command line on top::

    import siteselect as ss

    result = ss.rank(profile="electronics")
    gdf = result.to_geodataframe()                 # EPSG:4326, in rank order
    other = result.with_weights({"labour": 0.6})   # re-scored, nothing re-measured
    why = result.explain("parque-industrial-queretaro")
    best3 = ss.optimize(profile="electronics", k=3)  # the best set of 3 parks
    grid = ss.surface(profile="electronics", res=7)   # every H3 cell scored like a park
    regions = ss.compare_regions(profile="electronics")  # the corridors side by side

Heavy modules load on first use, so ``import siteselect`` and ``siteselect --help`` stay fast.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from siteselect._version import __version__
from siteselect.errors import (
    ConfigError,
    DataError,
    InfeasibleError,
    OutputError,
    SiteselectError,
    SiteselectWarning,
)

if TYPE_CHECKING:
    from siteselect.api import (
        analyse_sensitivity,
        build_isochrones,
        check_profile,
        compare_regions,
        optimize,
        rank,
        run,
        stress,
        surface,
    )
    from siteselect.backtest import BacktestResult
    from siteselect.config import SearchConfig, list_profiles, load_search, read_config
    from siteselect.criteria import REGISTRY as MEASURES
    from siteselect.optimize.result import OptimizeResult, StressResult
    from siteselect.regions import RegionComparison
    from siteselect.results import (
        Comparison,
        CriterionValue,
        Explanation,
        NearestRef,
        RankResult,
        Sensitivity,
    )
    from siteselect.surface import SurfaceResult

# public name -> module that defines it (imported on first access)
_LAZY = {
    "rank": "siteselect.api",
    "check_profile": "siteselect.api",
    "BacktestResult": "siteselect.backtest",
    "run": "siteselect.api",
    "analyse_sensitivity": "siteselect.api",
    "build_isochrones": "siteselect.api",
    "compare_regions": "siteselect.api",
    "RegionComparison": "siteselect.regions",
    "optimize": "siteselect.api",
    "stress": "siteselect.api",
    "OptimizeResult": "siteselect.optimize.result",
    "StressResult": "siteselect.optimize.result",
    "surface": "siteselect.api",
    "SurfaceResult": "siteselect.surface",
    "SearchConfig": "siteselect.config",
    "list_profiles": "siteselect.config",
    "load_search": "siteselect.config",
    "read_config": "siteselect.config",
    "RankResult": "siteselect.results",
    "Explanation": "siteselect.results",
    "Comparison": "siteselect.results",
    "CriterionValue": "siteselect.results",
    "NearestRef": "siteselect.results",
    "Sensitivity": "siteselect.results",
}


def __getattr__(name: str) -> Any:
    if name == "MEASURES":
        return importlib.import_module("siteselect.criteria").REGISTRY
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'siteselect' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    if name == "optimize":
        # The subpackage siteselect.optimize is callable and stands for the function (see
        # siteselect/optimize/__init__.py): importing it would shadow the function anyway.
        value = importlib.import_module("siteselect.optimize")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _CallablePackage(types.ModuleType):
    """A subpackage that is also the API function of its name: ``siteselect.optimize`` and
    ``siteselect.surface`` are packages, and ``ss.optimize(...)``, ``ss.surface(...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function = getattr(importlib.import_module("siteselect.api"), self.__name__.split(".")[-1])
        return function(*args, **kwargs)


# Subpackages named like an API function: importing one binds it on this package, which would
# hide the function; the package stays callable instead. Done here, above `api`, so that the
# stages never import the API that composes them.
_CALLABLE_PACKAGES = frozenset({"optimize", "surface"})


class _Facade(types.ModuleType):
    """This package: binding a subpackage named in :data:`_CALLABLE_PACKAGES` makes it
    callable."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CALLABLE_PACKAGES and type(value) is types.ModuleType:
            value.__class__ = _CallablePackage
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Facade


__all__ = [
    "MEASURES",
    "BacktestResult",
    "Comparison",
    "ConfigError",
    "CriterionValue",
    "DataError",
    "Explanation",
    "InfeasibleError",
    "NearestRef",
    "OptimizeResult",
    "OutputError",
    "RankResult",
    "RegionComparison",
    "SearchConfig",
    "Sensitivity",
    "SiteselectError",
    "SiteselectWarning",
    "StressResult",
    "SurfaceResult",
    "__version__",
    "analyse_sensitivity",
    "build_isochrones",
    "check_profile",
    "compare_regions",
    "list_profiles",
    "load_search",
    "optimize",
    "rank",
    "read_config",
    "run",
    "stress",
    "surface",
]
