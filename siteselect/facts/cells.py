"""Cells of a facts sheet: numbers, dates, yes/no, choices and lists as a developer writes them.

A pure module. Each ``parse_*`` function takes a cell as read (a number or date from a
spreadsheet, or text) and returns the value, or raises :class:`CellError` with a sentence
saying what is wrong and how to write it. Nothing ambiguous is guessed: ``1,500`` in a cell
whose decimal mark is unknown could be 1.5 or 1,500 and is refused; ``03/04/2026`` in an
English sheet could be March or April and is refused (Mexican sheets write day first).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

from siteselect.facts.schema import FactSpec
from siteselect.facts.units import plain_unit

EMPTY = frozenset(
    {"", "-", "--", "—", "n/a", "na", "nd", "n.d.", "s/d", "sd", "sin dato", "null", "none", "?"}
)
"""Cells that mean "not known": the fact stays unknown (a gap, never a zero)."""

TRUE = frozenset({"si", "sí", "s", "yes", "y", "true", "verdadero", "1", "x", "✓", "cuenta con"})
FALSE = frozenset({"no", "n", "false", "falso", "0", "sin", "no cuenta"})

MONTHS: dict[str, int] = {}
for _i, (_es, _en) in enumerate(
    zip(
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        strict=True,
    ),
    start=1,
):
    for _name in (_es, _en, _es[:3], _en[:3]):
        MONTHS[_name] = _i
MONTHS["sept"] = 9
MONTHS["setiembre"] = 9

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|[.,]\d+)$")


class CellError(ValueError):
    """A cell that cannot be read as its fact; the message says how to write it."""


class AmbiguousNumber(CellError):
    """``1,500`` where nothing says whether ``,`` groups thousands or marks decimals."""


def plain(text: str) -> str:
    """Text compared loosely: lower case, no accents, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", out)


def is_empty(cell: object) -> bool:
    """Whether a cell says nothing (blank, ``-``, ``n/d``, ``sin dato``...)."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and plain(cell) in EMPTY


def show(cell: object) -> str:
    """A cell as a message shows it."""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else str(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: object, decimal: str | None = None, unit: str = "") -> float:
    """A number from a cell.

    Parameters
    ----------
    cell
        A number, or text such as ``1,234.5``, ``7,10``, ``40,0 MVA``, ``85 %``.
    decimal
        The file's decimal mark (``.`` or ``,``) when known (a sniffed CSV); ``None`` for
        text cells of a spreadsheet, where only unambiguous text is read.
    unit
        The column's unit as written: the same unit after the number is allowed.

    Raises
    ------
    CellError
        Not a number, an ambiguous separator, or another unit than the column's.
    """
    if isinstance(cell, bool):
        raise CellError(f"{cell!r} is yes/no, not a number")
    if isinstance(cell, int | float):
        value = float(cell)
        if not math.isfinite(value):
            raise CellError(f"{cell!r} is not a finite number")
        return value
    if isinstance(cell, date | datetime):
        raise CellError(f"{show(cell)} is a date, not a number")
    text = str(cell).strip().replace("\u00a0", " ").replace("\u202f", " ")
    text = _strip_unit(text, unit)
    text = text.replace(" ", "")
    if not _NUMBER.match(text):
        raise CellError(f"{show(cell)!r} is not a number")
    return float(_normalise_separators(text, decimal, str(cell).strip()))


def _strip_unit(text: str, unit: str) -> str:
    """Text without a trailing unit equal to the column's (``40,0 MVA`` in an MVA column).

    A unit is words after a space (``MVA``, ``USD/m²/mes``) or a ``%``; anything else glued
    to the number (``7.2x``) is left for the number check to refuse.
    """
    match = re.match(r"^([+-]?[\d.,\s]*\d)(\s*%|\s+(\S.*))$", text)
    if match is None:
        return text
    tail = match.group(2).strip()
    if tail != "%" and not re.search(r"[^\W\d_]", tail):
        return text  # digits only after a space: "1 234,5" grouped by a space
    if tail == "%" and unit == "%":
        return match.group(1).strip()
    if unit and plain_unit(tail) == plain_unit(unit):
        return match.group(1).strip()
    what = f"the column's unit is {unit}" if unit else "the column has no unit"
    raise CellError(f"{text!r} carries the unit {tail!r} but {what}; write the number alone")


def _normalise_separators(text: str, decimal: str | None, shown: str) -> str:
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        # Both marks: the last one is the decimal mark (1.234,5 or 1,234.5).
        last = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if last == "," else ","
        if decimal is not None and decimal != last:
            raise CellError(
                f"{shown!r} uses {last!r} as decimal mark but the file uses {decimal!r}"
            )
        return text.replace(group, "").replace(last, ".")
    mark = "," if commas else "." if dots else None
    if mark is None:
        return text
    count = commas or dots
    grouped = re.fullmatch(r"[+-]?\d{1,3}([.,]\d{3})+", text) is not None
    if decimal is not None:
        if mark == decimal and count == 1:
            return text.replace(",", ".")
        if mark != decimal and grouped:
            return text.replace(mark, "")
        raise CellError(f"{shown!r} does not read with the file's decimal mark {decimal!r}")
    if count > 1:
        if grouped:
            return text.replace(mark, "")
        raise CellError(f"{shown!r} is not a number")
    if grouped:
        raise AmbiguousNumber(
            f"{shown!r} is ambiguous (a thousands separator or a decimal mark?); type it as a "
            "number, or without a thousands separator (1500, or 1.5)"
        )
    return text.replace(",", ".")


def parse_integer(cell: object, decimal: str | None = None) -> int:
    """A whole number (a year); ``2015.0`` is fine, ``2015.5`` is not."""
    value = parse_number(cell, decimal)
    if not value.is_integer():
        raise CellError(f"{show(cell)!r} is not a whole number")
    return int(value)


def parse_bool(cell: object) -> bool:
    """Yes or no: ``Sí``/``No``, ``yes``/``no``, ``1``/``0``, ``x``, true/false."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    key = plain(show(cell))
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise CellError(f"{show(cell)!r} is not yes or no (write Sí/No or Yes/No)")


def parse_date(cell: object, *, day_first: bool | None) -> date:
    """A date from a spreadsheet date, ISO text, ``30/11/2026``, ``30 de noviembre de 2026``,
    ``noviembre 2026`` (the first of the month) or ``November 30, 2026``.

    Parameters
    ----------
    day_first
        ``True`` in Spanish sheets (Mexico writes day/month/year), ``False`` for month first,
        ``None`` when unknown: ``03/04/2026`` is then refused (``30/11/2026`` is not).
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise CellError(
            f"{show(cell)!r} is a number, not a date; write the date as 2026-11-30 or 30/11/2026"
        )
    text = plain(show(cell)).replace(",", " ").replace(".", " ")
    text = re.sub(r"\s+", " ", text).strip()
    try:
        return _read_date(text, day_first)
    except ValueError as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(f"{show(cell)!r} is not a date (write 2026-11-30 or 30/11/2026)") from None


def _read_date(text: str, day_first: bool | None) -> date:
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?", text)
    if iso:
        return date(int(iso[1]), int(iso[2]), int(iso[3]))
    iso_month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if iso_month:
        return date(int(iso_month[1]), int(iso_month[2]), 1)
    numeric = re.fullmatch(r"(\d{1,2})[/\-](\d{1,2})[/\-](\d{4})", text)
    if numeric:
        a, b, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        if day_first is None and a <= 12 and b <= 12 and a != b:
            raise CellError(
                f"{text!r} is ambiguous (day/month or month/day?); write it as "
                f"{year}-{b:02d}-{a:02d} or {year}-{a:02d}-{b:02d}"
            )
        if day_first is False or (day_first is None and b > 12):
            a, b = b, a
        return date(year, b, a)
    words = text.replace(" de ", " ").replace(" del ", " ").split(" ")
    if len(words) == 3 and words[1] in MONTHS and words[0].isdigit() and words[2].isdigit():
        return date(int(words[2]), MONTHS[words[1]], int(words[0]))
    if len(words) == 3 and words[0] in MONTHS and words[1].isdigit() and words[2].isdigit():
        return date(int(words[2]), MONTHS[words[0]], int(words[1]))
    if len(words) == 2 and words[0] in MONTHS and words[1].isdigit():
        return date(int(words[1]), MONTHS[words[0]], 1)
    raise ValueError(text)


def parse_choice(cell: object, spec: FactSpec) -> str:
    """The key of one of a choice fact's values, written in either language."""
    key = plain(show(cell))
    for choice in spec.choices:
        names = {choice.key.replace("_", " "), choice.key, *choice.label.values(), *choice.aliases}
        if key in {plain(n) for n in names}:
            return choice.key
    allowed = ", ".join(c.label["es"] + " / " + c.label["en"] for c in spec.choices)
    raise CellError(f"{show(cell)!r} is not one of: {allowed}")


def parse_list(cell: object, spec: FactSpec) -> tuple[str, ...]:
    """Items separated by ``;`` (or ``,`` and ``/`` when no ``;``), known values named
    canonically (``pil`` is ``Parque Industrial Limpio``)."""
    text = show(cell)
    separator = ";" if ";" in text else "," if "," in text else "/" if "/" in text else None
    items = [p.strip() for p in (text.split(separator) if separator else [text])]
    out: list[str] = []
    for item in items:
        if not item:
            continue
        key = plain(item).replace("-", " ")
        found = item
        for known in spec.known:
            names = {known.key, *known.label.values(), *known.aliases}
            if key in {plain(n).replace("-", " ") for n in names}:
                found = known.key
                break
        if found not in out:
            out.append(found)
    return tuple(out)


def parse_text(cell: object) -> str:
    """Text as written, spaces trimmed (a number read from a spreadsheet without ``.0``)."""
    return show(cell)
