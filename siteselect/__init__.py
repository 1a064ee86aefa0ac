"""siteselect: nearshoring site selection for industrial parks in Mexico.

A library first, with a command line on top::

    import siteselect as ss

    result = ss.rank(profile="electronics")
    gdf = result.to_geodataframe()                 # EPSG:4326, in rank order
    other = result.with_weights({"labour": 0.6})   # re-scored, nothing re-measured
    why = result.explain("parque-industrial-queretaro")
    grid = ss.surface(profile="electronics", res=7)   # every H3 cell scored like a park

Heavy modules load on first use, so ``import siteselect`` and ``siteselect --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from siteselect.errors import (
    ConfigError,
    DataError,
    InfeasibleError,
    OutputError,
    SiteselectError,
    SiteselectWarning,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from siteselect.api import analyse_sensitivity, build_isochrones, rank, run, surface
    from siteselect.config import SearchConfig, list_profiles, load_search, read_config
    from siteselect.criteria import REGISTRY as MEASURES
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
    "run": "siteselect.api",
    "analyse_sensitivity": "siteselect.api",
    "build_isochrones": "siteselect.api",
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
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "MEASURES",
    "Comparison",
    "ConfigError",
    "CriterionValue",
    "DataError",
    "Explanation",
    "InfeasibleError",
    "NearestRef",
    "OutputError",
    "RankResult",
    "SearchConfig",
    "Sensitivity",
    "SiteselectError",
    "SiteselectWarning",
    "SurfaceResult",
    "__version__",
    "analyse_sensitivity",
    "build_isochrones",
    "list_profiles",
    "load_search",
    "rank",
    "read_config",
    "run",
    "surface",
]
