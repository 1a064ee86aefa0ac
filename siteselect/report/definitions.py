"""Criterion definitions: what each criterion of a ranking is, so an export describes its own
columns (the provenance block of every export carries them)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.report.numbers import round_value

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from siteselect.config.schema import CriterionConfig
    from siteselect.mcda.model import Fitted
    from siteselect.results import RankResult

# Measure parameters that a definition names at its top level; the others go in `options`.
_TOP_PARAMS = ("to", "where", "minutes", "hours", "km", "column")


def target_label(to: Any) -> str | None:
    """A criterion's ``to`` as outputs show it: a layer name, or a file's name (no folders)."""
    if to is None:
        return None
    if isinstance(to, dict):
        name = Path(str(to.get("path", ""))).name
        return f"{name}:{to['layer']}" if to.get("layer") else name
    text = str(to)
    return Path(text).name if ("/" in text or "\\" in text or Path(text).suffix) else text


def _number(value: Any) -> float | None:
    """A finite float, or ``None`` (missing, NaN, unreachable)."""
    if value is None:
        return None
    try:
        if value != value:
            return None
    except (TypeError, ValueError):
        return None
    x = float(value)
    return None if math.isinf(x) else x


def build_criterion_definitions(result: RankResult) -> list[dict[str, Any]]:
    """What each criterion of a ranking is (see :func:`build_definitions`)."""
    return build_definitions(
        result.config.criteria,
        fitted=result.fitted,
        weights=result.weights,
        method=result.scores.method,
        units={name: m.unit for name, m in result.measures.items()},
        illustrative=frozenset(name for name, m in result.measures.items() if m.illustrative),
    )


def build_definitions(
    criteria: Sequence[CriterionConfig],
    *,
    fitted: Fitted,
    weights: Mapping[str, float],
    method: str,
    units: Mapping[str, str],
    illustrative: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """What each criterion of a run (a ranking, a surface) is, so an export describes its
    own columns.

    Per criterion: ``name``, ``description``, ``measure``, ``layer`` (the target layer, or a
    user file by its file name, never a local path), ``where`` (the filter on its features),
    ``minutes``/``hours``/``km`` (the reach), ``column`` (the attribute or amount column),
    ``unit`` (of the raw value), ``direction``, ``weight`` (normalised, as scored),
    ``value_function`` (``kind``, ``best`` and ``worst`` in the criterion's unit: for the
    relative kinds ``minmax``/``vector`` the candidates' fitted range, said by
    ``fitted = true``; ``points``, ``midpoint``, ``steepness``, ``threshold`` where they
    apply), ``illustrative``, the measure's other settings in ``options``, and for
    PROMETHEE runs the ``preference`` function.
    """
    ranges = {
        name: (float(lo), float(hi))
        for name, lo, hi in zip(fitted.names, fitted.columns.lo, fitted.columns.hi, strict=True)
    }
    out = []
    for c in criteria:
        params = c.params.model_dump(mode="json", by_alias=True, exclude_none=True)
        kind = c.value or "minmax"
        best, worst = _number(c.best), _number(c.worst)
        relative = kind in ("minmax", "vector")
        if relative and c.name in ranges:
            lo, hi = ranges[c.name]
            best, worst = (hi, lo) if c.direction == "max" else (lo, hi)
        value_function: dict[str, Any] = {
            "kind": kind,
            "best": round_value(best),
            "worst": round_value(worst),
            "fitted": relative,
        }
        for key in ("midpoint", "steepness", "threshold"):
            if getattr(c, key) is not None:
                value_function[key] = round_value(getattr(c, key))
        if c.points:
            value_function["points"] = [[round_value(a), round_value(b)] for a, b in c.points]
        entry: dict[str, Any] = {
            "name": c.name,
            "description": c.description,
            "measure": c.measure,
            "layer": target_label(params.get("to")),
            "where": params.get("where"),
            "minutes": round_value(params.get("minutes")),
            "hours": round_value(params.get("hours")),
            "km": round_value(params.get("km")),
            "column": params.get("column"),
            "unit": units[c.name],
            "direction": str(c.direction),
            "weight": round_value(float(weights.get(c.name, 0.0))),
            "value_function": value_function,
            "illustrative": c.name in illustrative,
            "options": {k: v for k, v in params.items() if k not in _TOP_PARAMS},
        }
        if method == "promethee":
            entry["preference"] = {
                "function": c.preference,
                "q": round_value(c.q),
                "p": round_value(c.p),
                "s": round_value(c.s),
            }
        out.append(entry)
    return out
