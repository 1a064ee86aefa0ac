"""Numbers for people and machines: rounding for exports, short human formats for terminals."""

from __future__ import annotations

import math
from typing import Any

UNREACHABLE = "unreachable"
"""An infinite measure in a terminal (a drive time to nothing reachable, a labour pool not
reached within the shed's minutes): the word the ranked table and ``explain`` share."""

DIGITS = 6
"""Decimals kept in machine outputs (JSON, CSV, GeoJSON properties): stable across runs."""


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """``1 park``, ``2 parks``, ``0 parks``: a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def as_float(value: Any) -> float | None:
    """A cell as a float, ``None`` where it is missing, not a number or NaN (infinities kept:
    an unreachable feature)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def round_value(value: Any, digits: int = DIGITS) -> float | None:
    """A JSON-safe rounded float (``None`` for missing, NaN or infinite values)."""
    if value is None:
        return None
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return None
    r = round(x, digits)
    return 0.0 if r == 0 else r


def format_raw(value: float | None, unit: str) -> str:
    """A raw value with its unit, short: ``4.42 M people``, ``157 min``, ``7.37 USD/m2/month``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if math.isinf(value):
        return UNREACHABLE
    if unit == "people":
        return f"{value / 1e6:.2f} M people" if value >= 1e6 else f"{value / 1e3:,.0f} k people"
    if unit == "count":
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.2f} {unit}".strip()


def format_number(value: Any, digits: int = 3) -> str:
    """A number for a table cell: thousands separated above 1,000, ``n/a`` when missing."""
    if value is None:
        return "n/a"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "inf"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def format_measure(value: Any, digits: int = 3) -> str:
    """A criterion's raw value for a table cell: :func:`format_number`, with an infinite one
    read as :data:`UNREACHABLE` (it printed ``inf min``)."""
    x = as_float(value) if value is not None else None
    if x is not None and math.isinf(x):
        return UNREACHABLE
    return format_number(value, digits)


def bar(fraction: float, width: int = 10) -> str:
    """A text bar of ``width`` cells filled to ``fraction``."""
    fraction = min(max(fraction, 0.0), 1.0)
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def bar_fraction(method: str, score: float) -> float:
    """Where a score sits in its method's range: PROMETHEE's net flow is in [-1, 1]."""
    return (score + 1.0) / 2.0 if method == "promethee" else score
