"""Column titles of a facts sheet: which fact each column holds and in which unit.

A pure module. A title names a fact in Spanish or English (``Superficie disponible``,
``Available land``, or the key ``land_available_ha``) and declares its unit in brackets
(``Superficie disponible (ha)``), after ``en``/``in`` or as a last word. A developer's sheet
often has a row of group titles above the column titles (``Energía`` over ``Disponible
(MVA)`` and ``Tensión (kV)``): a title that names nothing alone is read with its group's
title in front. A fact with a unit whose column declares none is an error naming the column:
a number without its unit is never guessed (only the key, which carries the unit, implies it).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from siteselect.facts.cells import plain
from siteselect.facts.schema import (
    FACT_BY_KEY,
    FACTS,
    GROUP_META_SUFFIX,
    GROUPS,
    LANGS,
    META_ALIASES,
    META_LABELS,
)
from siteselect.facts.units import ACCEPTED, CANONICAL, Unit, parse_unit

HEADER_SCAN_ROWS = 12
"""The header row is looked for among the first rows of a sheet (titles, notes above it)."""


@dataclass(frozen=True)
class Column:
    """What one column of a sheet holds.

    Attributes
    ----------
    index
        0-based column number.
    header
        The title as written (with its group's title in front when that was needed).
    role
        ``fact``, ``date``, ``source`` (the row's date and source), ``group_date``,
        ``group_source`` (a group's own), ``illustrative`` (a yes on any row declares the
        whole file illustrative: how a CSV, which has no file sheet, says it), or
        ``ignored``.
    key
        The fact key (role ``fact``) or the group key (``group_*``).
    unit
        The unit the column declares (facts with units only).
    lang
        The language its title is in, when it tells.
    """

    index: int
    header: str
    role: str
    key: str | None = None
    unit: Unit | None = None
    lang: str | None = None

    @property
    def letter(self) -> str:
        """The spreadsheet column letter (A, B, ..., AA)."""
        return column_letter(self.index)


@dataclass(frozen=True)
class HeaderProblem:
    """A problem with a column title; ``error`` problems make the sheet invalid."""

    column: int | None
    header: str
    severity: str
    message: str


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column number."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _norm(text: str) -> str:
    """A title as a lookup key: plain text, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", plain(text)).split())


@functools.cache
def _lookup() -> Mapping[str, tuple[str, str | None, str | None, bool]]:
    """Normalised title -> (role, key, language, is the key itself)."""
    table: dict[str, tuple[str, str | None, str | None, bool]] = {}

    def add(text: str, role: str, key: str | None, lang: str | None, is_key: bool = False) -> None:
        table.setdefault(_norm(text), (role, key, lang, is_key))

    for spec in FACTS:
        add(spec.key, "fact", spec.key, None, True)
        for lang in LANGS:
            add(spec.label[lang], "fact", spec.key, lang)
        for alias in spec.aliases:
            add(alias, "fact", spec.key, None)
    add("ilustrativo", "illustrative", None, "es")
    add("illustrative", "illustrative", None, "en")
    for what in ("date", "source"):
        for lang in LANGS:
            add(META_LABELS[what][lang], what, None, lang)
        for alias in META_ALIASES[what]:
            add(alias, what, None, None)
        for group in GROUPS:
            if group.key == "identity":  # undated: its date and source are the row's
                continue
            add(f"{group.key}_{what}", f"group_{what}", group.key, None)
            for lang in LANGS:
                suffix = GROUP_META_SUFFIX[what][lang]
                add(f"{group.label[lang]} {suffix}", f"group_{what}", group.key, lang)
                add(f"{suffix} {group.label[lang]}", f"group_{what}", group.key, lang)
                add(f"{suffix} de {group.label[lang]}", f"group_{what}", group.key, lang)
    return table


@functools.cache
def _keys() -> Mapping[str, tuple[str, str | None]]:
    """Canonical column keys, matched exactly before any loose comparison (the fact
    ``water_origin`` and the water group's ``water_source`` must not meet)."""
    table: dict[str, tuple[str, str | None]] = {spec.key: ("fact", spec.key) for spec in FACTS}
    table.update({"date": ("date", None), "source": ("source", None)})
    table["illustrative"] = ("illustrative", None)
    for group in GROUPS:
        if group.key != "identity":
            for what in ("date", "source"):
                table[f"{group.key}_{what}"] = (f"group_{what}", group.key)
    return table


_BRACKETS = re.compile(r"^(.*?)\s*[\(\[]([^\)\]]*)[\)\]]\s*$")


def split_unit(header: str) -> tuple[str, str | None]:
    """A title's label and the unit in its brackets: ``Renta (USD/m²/mes)``."""
    match = _BRACKETS.match(header.strip())
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return header.strip(), None


def match_header(header: str) -> tuple[Column | None, str | None]:
    """The column a title names (index 0; the caller sets it), or why it names nothing.

    Returns the column (``None`` when the title is no fact), and a problem message for a
    title that names a fact but whose unit is missing or unknown.
    """
    text = " ".join(str(header).split())
    if not text:
        return None, None
    exact = _keys().get(text)
    if exact is not None:  # a canonical key (what `facts export --format csv` writes)
        role, key = exact
        unit = None
        if role == "fact" and FACT_BY_KEY[str(key)].dimension is not None:
            dimension = str(FACT_BY_KEY[str(key)].dimension)
            unit = parse_unit(CANONICAL[dimension], dimension)
        return Column(0, text, role, key, unit, None), None
    whole = _lookup().get(_norm(text))
    if whole is not None and (whole[0] != "fact" or FACT_BY_KEY[str(whole[1])].dimension is None):
        # A title whose brackets are part of its name: ``Construcción a la medida (BTS)``.
        role, key, lang, _is_key = whole
        return Column(0, text, role, key, None, lang), None
    label, unit_text = split_unit(text)
    found = _lookup().get(_norm(label))
    if found is None and unit_text is None:
        # ``Superficie disponible en ha``, ``Available land in m2``, ``Agua m3/dia``
        for pattern in (r"^(.*?)\s+(?:en|in)\s+(\S+(?:\s\S+)?)$", r"^(.*?)\s+(\S+)$"):
            peeled = re.match(pattern, label)
            if peeled:
                hit = _lookup().get(_norm(peeled.group(1)))
                if hit is not None and hit[0] == "fact":
                    spec = FACT_BY_KEY[str(hit[1])]
                    if spec.dimension and parse_unit(peeled.group(2), spec.dimension):
                        found, label, unit_text = hit, peeled.group(1), peeled.group(2)
                        break
    if found is None:
        return None, None
    role, key, lang, is_key = found
    if role != "fact":
        return Column(0, text, role, key, None, lang), None
    spec = FACT_BY_KEY[str(key)]
    if spec.dimension is None:
        if unit_text:
            return None, f"{spec.label['en']} takes no unit, but the title says {unit_text!r}"
        return Column(0, text, role, key, None, lang), None
    if unit_text is None:
        if is_key:  # the key carries its unit: land_available_ha
            unit = parse_unit(CANONICAL[spec.dimension], spec.dimension)
            return Column(0, text, role, key, unit, lang), None
        return None, (
            f"gives no unit for {spec.label['en']}: write it in the title, e.g. "
            f"'{label} ({_example_unit(spec.dimension, lang)})' (accepted: "
            f"{ACCEPTED[spec.dimension]})"
        )
    unit = parse_unit(unit_text, spec.dimension)
    if unit is None:
        return None, (
            f"unit {unit_text!r} is not one siteselect reads for {spec.label['en']} "
            f"(accepted: {ACCEPTED[spec.dimension]})"
        )
    return Column(0, text, role, key, unit, lang), None


def _example_unit(dimension: str, lang: str | None) -> str:
    if dimension == "rent":
        return "USD/m²/mes" if lang == "es" else "USD/m²/month"
    if dimension == "flow":
        return "m³/día" if lang == "es" else "m³/day"
    return CANONICAL[dimension]


def score_row(cells: Sequence[str]) -> int:
    """How many cells of a row are titles of the schema (to find the header row)."""
    return sum(1 for c in cells if c and (match_header(c)[0] is not None or match_header(c)[1]))


def map_columns(
    headers: Sequence[str], groups: Sequence[str] | None = None
) -> tuple[tuple[Column, ...], tuple[HeaderProblem, ...]]:
    """Read every title of the header row.

    Parameters
    ----------
    headers
        The header row's titles ('' for an empty cell).
    groups
        The group titles above each column (merged cells already spread), if any.

    Returns
    -------
    tuple
        One :class:`Column` a column (``ignored`` for titles that name nothing) and the
        problems: a missing or unknown unit (error), two columns for one fact (error), a
        title that names nothing (warning, with the closest title when there is one).
    """
    columns: list[Column] = []
    problems: list[HeaderProblem] = []
    seen: dict[tuple[str, str | None], int] = {}
    for i, header in enumerate(headers):
        header = " ".join(str(header or "").split())
        group = " ".join(str(groups[i] or "").split()) if groups and i < len(groups) else ""
        # A group's title first (``Renta`` over ``Fuente`` is the rent's source), then alone.
        column, problem = match_header(f"{group} {header}") if group and header else (None, None)
        if column is None:
            own, own_problem = match_header(header or group)
            if own is not None or problem is None:
                column, problem = own, own_problem
        letter = column_letter(i)
        if problem is not None:
            shown = f"{group} / {header}" if group and header else header or group
            problems.append(
                HeaderProblem(i, shown, "error", f"column {letter} {shown!r}: {problem}")
            )
            columns.append(Column(i, header, "ignored"))
            continue
        if column is None:
            if header:
                hint = _closest(header)
                problems.append(
                    HeaderProblem(
                        i,
                        header,
                        "warning",
                        f"column {letter} {header!r} is not a fact of the schema; ignored"
                        + (f" (did you mean {hint!r}?)" if hint else ""),
                    )
                )
            columns.append(Column(i, header, "ignored"))
            continue
        column = Column(i, column.header, column.role, column.key, column.unit, column.lang)
        slot = (column.role, column.key)
        if slot in seen:
            first = seen[slot]
            problems.append(
                HeaderProblem(
                    i,
                    header,
                    "error",
                    f"columns {column_letter(first)} and {letter} both hold "
                    f"{_describe_slot(column)}; keep one",
                )
            )
            columns.append(Column(i, header, "ignored"))
            continue
        seen[slot] = i
        columns.append(column)
    return tuple(columns), tuple(problems)


def _describe_slot(column: Column) -> str:
    if column.role == "fact":
        return FACT_BY_KEY[str(column.key)].label["en"]
    if column.role in ("date", "source"):
        return f"the facts' {column.role}"
    return f"the {column.key} {column.role.removeprefix('group_')}"


def _closest(header: str) -> str | None:
    label, _unit = split_unit(header)
    names = [spec.label[lang] for spec in FACTS for lang in LANGS]
    found = difflib.get_close_matches(label, names, n=1, cutoff=0.75)
    return found[0] if found else None


def detect_language(columns: Sequence[Column]) -> str | None:
    """``es`` or ``en`` from the titles that tell (``None`` when none does)."""
    votes = {lang: sum(1 for c in columns if c.lang == lang) for lang in LANGS}
    if not any(votes.values()):
        return None
    return max(LANGS, key=lambda lang: votes[lang])
