"""Units of park facts: what a column's declared unit means and how it converts.

A sheet's column declares its unit in its title (``Superficie disponible (m²)``,
``Available power (MW)``); :func:`parse_unit` reads it for the fact's dimension and
:func:`convert_value` turns a value into the fact's canonical unit. Two conversions need a
figure only the user can give, and are refused without it (never guessed): MW to MVA needs
the power factor, MXN to USD needs the exchange rate and its date
(:class:`ConversionSettings`).

Factors: 1 ha = 10,000 m²; 1 acre = 4,046.856 m²; 1 ft = 0.3048 m exactly (so
1 ft² = 0.09290304 m²); 1 L/s = 86.4 m³/day; MVA = MW / power factor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from siteselect.errors import ConfigError

FT = 0.3048
FT2 = FT * FT
ACRE_M2 = 4046.8564224

CANONICAL: dict[str, str] = {
    "area_ha": "ha",
    "area_m2": "m²",
    "length": "m",
    "rent": "USD/m²/month",
    "power": "MVA",
    "voltage": "kV",
    "flow": "m³/day",
    "percent": "%",
}
"""The canonical unit of each dimension (the unit of the fact's key)."""

ACCEPTED: dict[str, str] = {
    "area_ha": "ha, m², acre",
    "area_m2": "m², ft², ha",
    "length": "m, ft",
    "rent": "USD or MXN / m² or ft² / month or year (e.g. USD/m²/mes, MXN/m²/mes, USD/ft²/año)",
    "power": "MVA, kVA, MW, kW (MW and kW need the power factor)",
    "voltage": "kV, V",
    "flow": "m³/día, m³/h, L/s",
    "percent": "%",
}
"""What a column of each dimension may declare, for messages and the English template."""

ACCEPTED_BY_LANG: dict[str, dict[str, str]] = {
    "en": ACCEPTED,
    "es": {
        "area_ha": "ha, m², acre",
        "area_m2": "m², ft², ha",
        "length": "m, ft",
        "rent": "USD o MXN / m² o ft² / mes o año (p. ej. USD/m²/mes, MXN/m²/mes, USD/ft²/año)",
        "power": "MVA, kVA, MW, kW (MW y kW necesitan el factor de potencia)",
        "voltage": "kV, V",
        "flow": "m³/día, m³/h, L/s",
        "percent": "%",
    },
}
""":data:`ACCEPTED` in each language of the template (es-MX and en)."""


class UnitError(ConfigError):
    """A conversion needs a figure the user has not given (power factor, exchange rate)."""


@dataclass(frozen=True)
class ConversionSettings:
    """Figures a conversion needs, stated by the user (``[candidates.facts]`` or options).

    Attributes
    ----------
    power_factor
        Power factor that turns MW into MVA (MVA = MW / power factor), in (0, 1].
    usd_mxn, usd_mxn_date
        Mexican pesos per US dollar, and the date of that rate.
    """

    power_factor: float | None = None
    usd_mxn: float | None = None
    usd_mxn_date: date | None = None


@dataclass(frozen=True)
class Unit:
    """A column's unit, read for a dimension.

    Attributes
    ----------
    text
        The unit as shown (``MW``, ``MXN/m²/month``).
    dimension
        What it measures.
    factor
        Multiplier to the canonical unit, before any stated figure (power factor, rate).
    needs
        ``power_factor``, ``usd_mxn`` or ``None``.
    """

    text: str
    dimension: str
    factor: float
    needs: str | None = None

    @property
    def canonical(self) -> str:
        """The dimension's canonical unit."""
        return CANONICAL[self.dimension]

    @property
    def is_canonical(self) -> bool:
        """Whether values are already in the canonical unit."""
        return self.factor == 1.0 and self.needs is None


def plain_unit(text: str) -> str:
    """A unit text compared loosely: lower case, no accents, superscripts as digits."""
    text = text.replace("²", "2").replace("³", "3").replace("·", "/")
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain).strip()


_SIMPLE: dict[str, dict[str, tuple[str, float, str | None]]] = {
    "area_ha": {
        "ha": ("ha", 1.0, None),
        "hectareas": ("ha", 1.0, None),
        "hectarea": ("ha", 1.0, None),
        "hectares": ("ha", 1.0, None),
        "hectare": ("ha", 1.0, None),
        "m2": ("m²", 1e-4, None),
        "metros cuadrados": ("m²", 1e-4, None),
        "square metres": ("m²", 1e-4, None),
        "sq m": ("m²", 1e-4, None),
        "acre": ("acre", ACRE_M2 / 1e4, None),
        "acres": ("acre", ACRE_M2 / 1e4, None),
        "ac": ("acre", ACRE_M2 / 1e4, None),
    },
    "area_m2": {
        "m2": ("m²", 1.0, None),
        "metros cuadrados": ("m²", 1.0, None),
        "square metres": ("m²", 1.0, None),
        "sq m": ("m²", 1.0, None),
        "ft2": ("ft²", FT2, None),
        "pies2": ("ft²", FT2, None),
        "pie2": ("ft²", FT2, None),
        "sq ft": ("ft²", FT2, None),
        "sqft": ("ft²", FT2, None),
        "square feet": ("ft²", FT2, None),
        "pies cuadrados": ("ft²", FT2, None),
        "ha": ("ha", 1e4, None),
    },
    "length": {
        "m": ("m", 1.0, None),
        "metros": ("m", 1.0, None),
        "metres": ("m", 1.0, None),
        "meters": ("m", 1.0, None),
        "ft": ("ft", FT, None),
        "pies": ("ft", FT, None),
        "feet": ("ft", FT, None),
    },
    "power": {
        "mva": ("MVA", 1.0, None),
        "kva": ("kVA", 1e-3, None),
        "mw": ("MW", 1.0, "power_factor"),
        "kw": ("kW", 1e-3, "power_factor"),
    },
    "voltage": {"kv": ("kV", 1.0, None), "v": ("V", 1e-3, None), "volts": ("V", 1e-3, None)},
    "flow": {
        "m3/dia": ("m³/day", 1.0, None),
        "m3/d": ("m³/day", 1.0, None),
        "m3/day": ("m³/day", 1.0, None),
        "m3 por dia": ("m³/day", 1.0, None),
        "m3 al dia": ("m³/day", 1.0, None),
        "m3/h": ("m³/h", 24.0, None),
        "l/s": ("L/s", 86.4, None),
        "lps": ("L/s", 86.4, None),
        "litros por segundo": ("L/s", 86.4, None),
        "lts/seg": ("L/s", 86.4, None),
    },
    "percent": {"%": ("%", 1.0, None), "porcentaje": ("%", 1.0, None), "pct": ("%", 1.0, None)},
}

_CURRENCY = {"usd": "USD", "us$": "USD", "dls": "USD", "dolares": "USD", "mxn": "MXN"}
_CURRENCY.update({"pesos": "MXN", "mn": "MXN", "$mxn": "MXN"})
_AREA = {"m2": ("m²", 1.0), "ft2": ("ft²", FT2), "pie2": ("ft²", FT2), "pies2": ("ft²", FT2)}
_AREA.update({"sqft": ("ft²", FT2)})
_PERIOD = {
    "mes": ("month", 1.0),
    "month": ("month", 1.0),
    "mo": ("month", 1.0),
    "mensual": ("month", 1.0),
    "ano": ("year", 1 / 12),
    "year": ("year", 1 / 12),
    "yr": ("year", 1 / 12),
    "anual": ("year", 1 / 12),
}


def parse_unit(text: str, dimension: str) -> Unit | None:
    """The unit a column declares, for a fact of ``dimension``; ``None`` when not one of its
    units (the caller says which are accepted).

    Examples
    --------
    >>> parse_unit("MW", "power").needs
    'power_factor'
    >>> round(parse_unit("USD/ft²/mes", "rent").factor, 4)
    10.7639
    """
    plain = plain_unit(text)
    if dimension == "rent":
        return _parse_rent(plain)
    table = _SIMPLE.get(dimension, {})
    found = table.get(plain) or table.get(plain.replace(" ", ""))
    if found is None:
        return None
    shown, factor, needs = found
    return Unit(shown, dimension, factor, needs)


def _parse_rent(plain: str) -> Unit | None:
    """``USD/m²/mes``, ``MXN / m2 / month``, ``USD/ft²/año``: currency, area and period."""
    parts = [p for p in re.split(r"[/\s]+|\bpor\b|\bal\b|\bper\b", plain) if p]
    if len(parts) != 3:
        return None
    currency = _CURRENCY.get(parts[0])
    area = _AREA.get(parts[1])
    period = _PERIOD.get(parts[2])
    if currency is None or area is None or period is None:
        return None
    area_text, area_m2 = area
    period_text, per_month = period
    # per ft² -> per m²: divide by the ft² in a m²; per year -> per month
    factor = per_month / area_m2
    text = f"{currency}/{area_text}/{period_text}"
    return Unit(text, "rent", factor, "usd_mxn" if currency == "MXN" else None)


def convert_value(value: float, unit: Unit, settings: ConversionSettings) -> float:
    """A value in ``unit`` in its dimension's canonical unit.

    Raises
    ------
    UnitError
        The unit needs a power factor or an exchange rate that ``settings`` lacks.
    """
    out = value * unit.factor
    if unit.needs == "power_factor":
        if settings.power_factor is None:
            msg = (
                f"values in {unit.text} need a power factor to become MVA: give "
                "power_factor = 0.9 (your figure) in [candidates.facts], or --power-factor"
            )
            raise UnitError(msg)
        out /= settings.power_factor
    elif unit.needs == "usd_mxn":
        if settings.usd_mxn is None or settings.usd_mxn_date is None:
            msg = (
                f"values in {unit.text} need an exchange rate to become USD: give "
                "usd_mxn = 18.3 and usd_mxn_date = 2026-11-30 (your rate and its date) in "
                "[candidates.facts], or --usd-mxn and --usd-mxn-date"
            )
            raise UnitError(msg)
        out /= settings.usd_mxn
    return out


def describe_conversion(unit: Unit, settings: ConversionSettings) -> str:
    """A sentence saying how a column's unit becomes the canonical one."""
    head = f"{unit.text} -> {unit.canonical}"
    if unit.needs == "power_factor":
        return f"{head} (divided by the power factor {settings.power_factor:g})"
    if unit.needs == "usd_mxn":
        day = settings.usd_mxn_date.isoformat() if settings.usd_mxn_date else "?"
        extra = f" x {unit.factor:.6g}" if unit.factor != 1.0 else ""
        return f"{head} (at {settings.usd_mxn:g} MXN per USD of {day}{extra})"
    return f"{head} (x {unit.factor:.6g})"
