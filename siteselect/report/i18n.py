"""Messages and number formats of reports in Spanish and English.

Every label a report shows comes from a message catalogue (``locales/<lang>.json``, shipped as
package data): a key and a whole sentence with named placeholders, never a sentence assembled
from pieces. Numbers and dates are formatted for the language: ``1,234.5`` in English,
``1 234,5`` in Spanish (a no-break space groups thousands).
"""

from __future__ import annotations

import functools
import json
import math
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from siteselect.errors import ConfigError, name_input

LANGUAGES = ("es", "en")
LOCALES = {"es": "es_MX", "en": "en_GB"}
"""The CLDR locale of each report language (Mexican Spanish; British English, the house's)."""


@dataclass(frozen=True)
class Messages:
    """One language's catalogue and formats.

    Parameters
    ----------
    lang
        ``es`` or ``en``.
    catalogue
        Message key -> text with ``{named}`` placeholders.
    """

    lang: str
    catalogue: Mapping[str, str]
    glossary: tuple[Mapping[str, str], ...] = ()

    @property
    def locale(self) -> str:
        """The CLDR locale numbers and dates are formatted with."""
        return LOCALES[self.lang]

    def t(self, key: str, **values: Any) -> str:
        """The message ``key`` with its placeholders filled (a missing key is a bug)."""
        try:
            text = self.catalogue[key]
        except KeyError:
            msg = f"message {key!r} is missing from the {self.lang} catalogue"
            raise KeyError(msg) from None
        return text.format_map(values) if values else text

    def get(self, key: str, default: str | None = None, **values: Any) -> str | None:
        """The message ``key`` if the catalogue has it, else ``default``."""
        if key not in self.catalogue:
            return default
        return self.t(key, **values)

    def number(self, value: float | None, digits: int = 1) -> str:
        """A number with the language's grouping and decimal marks (``n/a`` when missing)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.t("value.missing")
        if math.isinf(value):
            return self.t("value.unreachable")
        from babel.numbers import format_decimal

        rounded = round(float(value), digits)
        if rounded == 0:
            rounded = 0.0  # no "-0.0"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        text: str = format_decimal(rounded, format=pattern, locale=self.locale)
        return text.replace("-", "\u2212")

    def auto(self, value: float | None) -> str:
        """A number with as many decimals as its size deserves (0 from 100, 1 from 10, else 2)."""
        if value is None or not math.isfinite(value):
            return self.number(value)
        size = abs(value)
        return self.number(value, 0 if size >= 100 else 1 if size >= 10 else 2)

    def percent(self, fraction: float | None) -> str:
        """A share as a percentage: ``12.5 %`` / ``12,5 %``."""
        if fraction is None or not math.isfinite(fraction):
            return self.number(fraction)
        return self.t("format.percent", value=self.number(100.0 * fraction, 1))

    def date(self, day: date) -> str:
        """A calendar date: ``1 December 2026`` / ``1 de diciembre de 2026`` (CLDR long)."""
        from babel.dates import format_date

        text: str = format_date(day, format="long", locale=self.locale)
        return text

    def duration(self, minutes: float | None) -> str:
        """A drive time for people: ``45 min``, ``3 h 53 min``, ``14 h 21 min``, ``2 h``."""
        if minutes is None or not math.isfinite(minutes):
            return self.number(minutes)
        total = round(minutes)
        hours, rest = divmod(total, 60)
        if hours == 0:
            return self.t("format.minutes", minutes=rest)
        if rest == 0:
            return self.t("format.hours", hours=self.number(hours, 0))
        return self.t("format.hours_minutes", hours=self.number(hours, 0), minutes=rest)

    def clock(self, minutes: float | None) -> str:
        """A drive time as ``h:mm`` for tables: ``3:53``, ``14:21``."""
        if minutes is None or not math.isfinite(minutes):
            return self.number(minutes)
        hours, rest = divmod(round(minutes), 60)
        return f"{hours}:{rest:02d}"

    def quantity(self, value: float | None, unit: str) -> str:
        """A raw criterion value with its unit, for people: ``4.42 M people``, ``157 min``."""
        if value is None or not math.isfinite(value):
            return self.number(value)
        if unit == "people":
            if abs(value) >= 1e6:
                return self.t("format.people_millions", value=self.number(value / 1e6, 2))
            return self.t("format.people", value=self.number(value, 0))
        if unit == "count":
            return self.number(value, 0)
        if not unit:  # a user's column without a declared unit
            return self.auto(value)
        if unit == "min" and abs(value) >= 60:  # 14 h 21 min, never "861 min"
            return self.duration(value)
        label = self.get(f"unit.{unit}", unit) or unit
        return self.t("format.value_unit", value=self.auto(value), unit=label)


def check_language(lang: str) -> str:
    """``lang`` if a catalogue exists for it, else a :class:`ConfigError` naming the choices."""
    if lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        msg = f"{name_input('--lang')}: {lang!r} is not available; use one of {known}"
        raise ConfigError(msg)
    return lang


@functools.cache
def read_messages(lang: str) -> Messages:
    """The catalogue of a language, read once from the package's ``locales`` folder."""
    check_language(lang)
    text = (
        resources.files("siteselect.report")
        .joinpath("locales", f"{lang}.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    glossary = tuple(data.pop("_glossary", ()))
    catalogue: dict[str, str] = {k: v for k, v in data.items() if not k.startswith("_")}
    return Messages(lang, catalogue, glossary)


def placeholders(text: str) -> set[str]:
    """The named placeholders of a message (for checking catalogues against each other)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
