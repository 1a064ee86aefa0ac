"""``fact``: a park's own fact from the search's park-facts sheet, in the schema's unit.

``measure = "fact"``, ``fact = "power_mva_available"`` scores the parks on what their own
sheet states (MVA available, hectares, rent in USD/m²/month...; the unit is the schema's,
converted on reading). Yes/no facts count as 1/0; a list fact counts its items, or with
``contains = "AMPIP"`` is 1 when it holds that item. A park whose fact is unknown is never
scored as zero: the search's missing-fact policy decides (``[candidates.facts] missing``, or
the criterion's own ``missing``): ``exclude`` removes it (a ``known`` hard constraint),
``neutral`` scores it at the median of the known values, ``penalise`` at the worst known
value. Every result says which parks were unknown (``details["unknown"]`` is 1 for them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, field_validator

from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    register,
)
from siteselect.errors import ConfigError
from siteselect.facts.schema import FACT_BY_KEY, MISSING_POLICIES


class FactParams(MeasureParams):
    """``fact``: a key of the park-facts schema; ``missing`` overrides the search's policy;
    ``contains`` turns a list fact into yes/no."""

    fact: str = Field(min_length=1, description="a key of the park-facts schema")
    missing: str | None = None
    contains: str | None = Field(default=None, min_length=1)

    @field_validator("fact")
    @classmethod
    def _known_fact(cls, value: str) -> str:
        spec = FACT_BY_KEY.get(value)
        if spec is None or not spec.dated:
            usable = ", ".join(k for k, s in FACT_BY_KEY.items() if s.dated)
            raise ValueError(f"{value!r} is not a fact of the park-facts schema ({usable})")
        if spec.kind in ("text", "date"):
            raise ValueError(f"fact {value!r} is {spec.kind}, not a number a criterion can score")
        return value

    @field_validator("missing")
    @classmethod
    def _policy(cls, value: str | None) -> str | None:
        if value is not None and value not in MISSING_POLICIES:
            raise ValueError(f"missing must be one of {', '.join(MISSING_POLICIES)}")
        return value


@register
class Fact(Measure[FactParams]):
    """A park fact in its schema unit, with the missing-fact policy applied."""

    name = "fact"
    params = FactParams
    summary = "a park's own fact from the park-facts sheet (unit from the schema)"
    needs_location = False

    def unit_of(self, params: FactParams, context: MeasureContext) -> str:
        """The schema's canonical unit (``count`` for a list, ``yes/no`` for a yes/no fact)."""
        spec = FACT_BY_KEY[params.fact]
        if spec.kind == "list":
            return "yes/no" if params.contains else "count"
        if spec.kind in ("bool", "choice"):
            return "yes/no"
        return spec.unit

    def compute(
        self, candidates: Candidates, params: FactParams, context: MeasureContext
    ) -> MeasureResult:
        """The fact of every candidate; unknown ones per the policy, always marked."""
        spec = FACT_BY_KEY[params.fact]
        frame = candidates.frame
        facts = candidates.facts
        if params.fact not in frame.columns:
            where = (
                f"{facts.file} has no column for it"
                if facts is not None
                else 'the search has no facts sheet ([candidates] facts = "parks.xlsx"; '
                "a facts sheet describes parks, so the cells of a surface have none)"
            )
            msg = f"fact {params.fact!r} is not known for any candidate: {where}"
            raise ConfigError(msg)
        if spec.kind == "choice" and params.contains is None:
            msg = f'fact {params.fact!r} is a choice: add contains = "<value>" to score it'
            raise ConfigError(msg)
        values = np.array(
            [_number(v, spec.kind, params.contains) for v in frame[params.fact].tolist()],
            dtype=np.float64,
        )
        unknown = np.isnan(values)
        policy = params.missing or (facts.missing if facts is not None else "penalise")
        notes: list[str] = []
        n_unknown = int(unknown.sum())
        if n_unknown:
            from siteselect.facts.model import describe_missing_policy  # a facts sheet's run

            named = ", ".join(str(i) for i in frame.index[unknown][:5])
            more = " ..." if n_unknown > 5 else ""
            notes.append(
                f"{n_unknown} of {len(values)} parks have no {params.fact} ({named}{more}): "
                f"{describe_missing_policy(policy)}"
            )
        if policy == "neutral" and n_unknown and not unknown.all():
            median = float(np.median(values[~unknown]))
            values = np.where(unknown, median, values)
            notes.append(
                f"unknown {params.fact} scored as the median {median:g} {spec.unit}".rstrip()
            )
        illustrative = params.fact in context.illustrative_columns or bool(
            facts is not None and facts.illustrative and params.fact in facts.keys
        )
        return MeasureResult(
            values=values,
            unit=self.unit_of(params, context),
            details={"unknown": unknown.astype(np.float64)},
            notes=tuple(notes),
            illustrative=illustrative,
        )


def _number(value: Any, kind: str, contains: str | None) -> float:
    """A frame cell of a fact as a float (NaN when unknown)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    try:
        if value != value:  # pandas NA-likes
            return float("nan")
    except (TypeError, ValueError):
        return float("nan")
    if kind == "list":
        items = [p.strip() for p in str(value).split(";") if p.strip()]
        if contains is None:
            return float(len(items))
        wanted = contains.strip().lower()
        return 1.0 if any(item.lower() == wanted for item in items) else 0.0
    if kind == "choice":
        return 1.0 if str(value).strip().lower() == str(contains).strip().lower() else 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "yes", "sí", "si"):
            return 1.0
        if text in ("false", "no"):
            return 0.0
        try:
            return float(text)
        except ValueError:
            return float("nan")
    return float(value)
