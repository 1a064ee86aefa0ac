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

from siteselect.errors import ConfigError

LANGUAGES = ("es", "en")
GROUP = {"en": ",", "es": "\u00a0"}
DECIMAL = {"en": ".", "es": ","}


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
        text = f"{value:,.{digits}f}"
        if text.startswith("-") and float(text.replace(",", "")) == 0:
            text = text[1:]  # no "-0.0"
        marks = str.maketrans(",.", GROUP[self.lang] + DECIMAL[self.lang])
        return text.translate(marks).replace("-", "\u2212")

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
        """A calendar date: ``1 December 2026`` / ``1 de diciembre de 2026``."""
        return self.t("format.date", day=day.day, month=self.t(f"month.{day.month}"), year=day.year)

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
        label = self.get(f"unit.{unit}", unit) or unit
        return self.t("format.value_unit", value=self.auto(value), unit=label)


def check_language(lang: str) -> str:
    """``lang`` if a catalogue exists for it, else a :class:`ConfigError` naming the choices."""
    if lang not in LANGUAGES:
        msg = f"--lang: {lang!r} is not available; use one of {', '.join(LANGUAGES)}"
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
    catalogue: dict[str, str] = json.loads(text)
    return Messages(lang, catalogue)


def placeholders(text: str) -> set[str]:
    """The named placeholders of a message (for checking catalogues against each other)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
