"""Criteria: the measure registry. One measure a file; each turns candidates into raw values.

A measure is registered by name with its parameters (a pydantic model, whose keys a
``[[criteria]]`` entry may use), its unit and ``compute(candidates, params, context) ->
MeasureResult``: values in real units plus the details a report needs (the nearest feature,
drive km beside drive minutes). The config's criterion schema is generated from this registry,
so a new measure is one new file in this package (imported below, which registers it).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from siteselect.criteria.base import (
    REGISTRY,
    Candidates,
    JoinedAttributes,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    Nearest,
    get_measure,
    register,
)
from siteselect.criteria.count_within_km import compute_count_within_km
from siteselect.criteria.distance import compute_nearest_distance_km
from siteselect.criteria.features import Where, WhereRule, select_features, truthy_or_value
from siteselect.errors import ConfigError, SiteselectError

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import CriterionConfig

# Every public module of this package is a measure: importing it registers it, so a new
# measure is one new file.
_NOT_MEASURES = frozenset({"base", "features"})
for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name not in _NOT_MEASURES:
        importlib.import_module(f"{__name__}.{_module.name}")


def compute_measures(
    candidates: Candidates,
    criteria: Sequence[CriterionConfig],
    context: MeasureContext,
) -> dict[str, MeasureResult]:
    """Compute every criterion's measure for every candidate.

    Parameters
    ----------
    candidates
        The candidates (points in EPSG:6372 when any measure needs locations).
    criteria
        The configured criteria.
    context
        Layers, rasters, road graph and access leg read for this run.

    Returns
    -------
    dict
        Criterion name -> :class:`MeasureResult`, in the criteria's order.

    Raises
    ------
    ConfigError
        A measure needs locations the candidates do not have.
    DataError
        A layer or column cannot give the values; the message names the criterion.
    """
    out: dict[str, MeasureResult] = {}
    for i, criterion in enumerate(criteria):
        measure = get_measure(criterion.measure)
        if measure.needs_location and not candidates.has_location:
            msg = (
                f"criteria[{i}] ({criterion.name!r}): measure {criterion.measure!r} needs "
                "candidate locations; give lon/lat columns or a vector file"
            )
            raise ConfigError(msg)
        try:
            out[criterion.name] = measure.compute(candidates, criterion.params, context)
        except SiteselectError as exc:
            # Same error class, with the criterion that asked for it in front.
            raise type(exc)(f"criteria[{i}] ({criterion.name!r}): {exc}") from None
    return out


def build_raw_frame(candidates: Candidates, measures: Mapping[str, MeasureResult]) -> pd.DataFrame:
    """Raw values as a frame: index = candidate id, one float column per criterion."""
    import pandas as pd

    return pd.DataFrame(
        {name: result.values for name, result in measures.items()}, index=candidates.ids
    )


def raw_column(criterion: CriterionConfig, unit: str) -> str:
    """Name of a criterion's raw-value column in exports, carrying its unit (``border_min``).

    An attribute keeps its own column name (``rent_usd_m2_month``); other measures are named
    ``<criterion>_<unit>`` with the unit made identifier-safe (``solar_kwh_m2_yr``).
    """
    column = getattr(criterion.params, "column", None)
    if criterion.measure == "attribute" and column:
        return str(column)
    text = (unit or "value").lower()
    slug = "".join(ch if ch.isalnum() else "_" for ch in text)
    slug = "_".join(part for part in slug.split("_") if part)
    return f"{criterion.name}_{slug or 'value'}"


__all__ = [
    "REGISTRY",
    "Candidates",
    "JoinedAttributes",
    "Measure",
    "MeasureContext",
    "MeasureParams",
    "MeasureResult",
    "Nearest",
    "Where",
    "WhereRule",
    "build_raw_frame",
    "compute_count_within_km",
    "compute_measures",
    "compute_nearest_distance_km",
    "get_measure",
    "raw_column",
    "register",
    "select_features",
    "truthy_or_value",
]
