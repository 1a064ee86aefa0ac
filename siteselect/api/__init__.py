"""API: each entry point composes the stages, config -> candidates -> measures -> constraints
-> scores -> result, in a few lines.

One module per concern, each above the stages it composes:

- :mod:`~siteselect.api.search`: the search (``rank``, ``run`` and its steps ``resolve_search``,
  ``prepare``, ``run_in_context``), the corridors side by side (``compare_regions``) and the
  H3 grid scored like parks (``surface``).
- :mod:`~siteselect.api.analysis`: analyses of a search: the back-test of a profile
  (``check_profile``), entropy or CRITIC weights (``derive_weights``), weight sensitivity
  (``analyse_sensitivity``).
- :mod:`~siteselect.api.isochrones`: drive-time isochrones of one candidate
  (``build_isochrones``).
- :mod:`~siteselect.api.report`: proposal reports (``build_report``, ``build_branding``) and
  their stress test, kept in the disk cache (``compute_resilience``).
- :mod:`~siteselect.api.optimization`: the optimizer (``optimize``,
  ``build_optimize_section``) and the stress test of a ranking (``stress``).
- :mod:`~siteselect.api.facts`: park facts (``build_facts_template``, ``validate_facts``,
  ``read_facts``).
- :mod:`~siteselect.api.osm`: OpenStreetMap layers, downloaded or read (``fetch_osm_layers``).
- :mod:`~siteselect.api._common`: what the entry points share (the search their arguments ask
  for).

``build_context``, ``build_access_leg`` and ``read_road_graph`` come from
:mod:`siteselect.context`, as callers of this package have always imported them.
"""

from __future__ import annotations

from siteselect.api.analysis import analyse_sensitivity, check_profile, derive_weights
from siteselect.api.facts import build_facts_template, read_facts, validate_facts
from siteselect.api.isochrones import ISOCHRONE_ATTRIBUTION, build_isochrones
from siteselect.api.optimization import build_optimize_section, optimize, stress
from siteselect.api.osm import fetch_osm_layers
from siteselect.api.report import build_branding, build_report, compute_resilience
from siteselect.api.search import (
    compare_regions,
    prepare,
    rank,
    resolve_search,
    run,
    run_in_context,
    surface,
)
from siteselect.context import build_access_leg, build_context, read_road_graph

__all__ = [
    "ISOCHRONE_ATTRIBUTION",
    "analyse_sensitivity",
    "build_access_leg",
    "build_branding",
    "build_context",
    "build_facts_template",
    "build_isochrones",
    "build_optimize_section",
    "build_report",
    "check_profile",
    "compare_regions",
    "compute_resilience",
    "derive_weights",
    "fetch_osm_layers",
    "optimize",
    "prepare",
    "rank",
    "read_facts",
    "read_road_graph",
    "resolve_search",
    "run",
    "run_in_context",
    "stress",
    "surface",
    "validate_facts",
]
