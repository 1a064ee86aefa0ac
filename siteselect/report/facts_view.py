"""Views of park facts and requirement checks, in a document's language, for every renderer.

:func:`build_fact_cards` turns a park's facts into :class:`FactCard` (label, value in its
unit, date, source, staleness, the ‡ mark of a user's file and the † of an illustrative one);
:func:`build_requirement_lines` turns its requirement checks into :class:`RequirementLine`
(met / not met / unknown, the park's value and the need, in units); :func:`build_facts_block`
puts both together with the file credited and the missing-fact policy. Numbers and dates are
formatted with Babel for es-MX (``1,234.5``, ``30 de septiembre de 2026``) or English.
Nothing here reads a file or recomputes a fact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from siteselect.config.requirements import REQUIREMENT_BY_KEY
from siteselect.constants import ILLUSTRATIVE_MARK, USER_FILE_MARK
from siteselect.facts.schema import FACT_BY_KEY, GROUP_BY_KEY, choice_label

if TYPE_CHECKING:
    from siteselect.facts import FactSet, FactValue
    from siteselect.requirements import RequirementCheck, RequirementSummary
    from siteselect.results import RankResult

LOCALES = {"es": "es_MX", "en": "en_US"}
UNITS: Mapping[str, Mapping[str, str]] = {
    "es": {
        "USD/m²/month": "USD/m²/mes",
        "m³/day": "m³/día",
        "h": "h",
        "people": "personas",
        "yes/no": "sí/no",
        "count": "núm.",
    },
    "en": {"yes/no": "yes/no", "count": "count"},
}
WORDS: Mapping[str, Mapping[str, str]] = {
    "es": {
        "yes": "Sí",
        "no": "No",
        "met": "cumple",
        "not_met": "no cumple",
        "unknown": "sin dato",
        "unknown_value": "s/d",
        "by": "a más tardar el {date}",
        "at_least": "≥ {value}",
        "at_most": "≤ {value}",
        "all": "todas: {items}",
        "stale": "desactualizado",
        "unreachable": "inalcanzable",
        "build_to_suit": "construcción a la medida",
        "user": "{mark} dato del usuario: {file}",
        "illustrative": "{mark} valores ilustrativos (ficticios), no datos reales: {file}",
        "policy.exclude": "un parque sin el dato se excluye (missing = exclude)",
        "policy.neutral": "un parque sin el dato se califica con la mediana de los datos "
        "conocidos (missing = neutral)",
        "policy.penalise": "un parque sin el dato se califica con el peor dato conocido "
        "(missing = penalise)",
        "stale_note": "datos con más de {days} días marcados como desactualizados",
    },
    "en": {
        "yes": "Yes",
        "no": "No",
        "met": "met",
        "not_met": "not met",
        "unknown": "unknown",
        "unknown_value": "n/a",
        "by": "by {date}",
        "at_least": "≥ {value}",
        "at_most": "≤ {value}",
        "all": "all of: {items}",
        "stale": "stale",
        "unreachable": "unreachable",
        "build_to_suit": "build-to-suit",
        "user": "{mark} user's data: {file}",
        "illustrative": "{mark} illustrative (fictitious) values, not real figures: {file}",
        "policy.exclude": "a park without the fact is removed (missing = exclude)",
        "policy.neutral": "a park without the fact is scored at the median of the known "
        "values (missing = neutral)",
        "policy.penalise": "a park without the fact is scored at the worst known value "
        "(missing = penalise)",
        "stale_note": "facts older than {days} days are marked stale",
    },
}


@dataclass(frozen=True)
class FactCard:
    """One fact of one park, ready to show.

    Attributes
    ----------
    key, label, group, group_label
        The fact and its group, with their titles in the language. Facts from a sheet carry
        their schema group; a proposal also shows a park's own sourced columns (group
        ``park``: the embedded rail spur, the minimum wage, a ``[candidates] attributes``
        column) and what siteselect measured (group ``measured``: the labour pool, drive
        times) as cards of this same type (see :mod:`siteselect.report.sales`).
    value
        In the canonical unit (see :class:`~siteselect.facts.FactValue`).
    value_text
        The value formatted with its unit and marks (``12.5 MVA ‡``).
    unit
        The unit as shown in the language (``USD/m²/mes``).
    date, date_text
        The date the fact carries, and in words (``30 de septiembre de 2026``).
    source
        Where the fact comes from, as the sheet says.
    stale
        Older than the search's maximum age.
    given
        The cell as written, with its column's unit (before any conversion).
    mark
        ``‡`` (a user's file), with ``†`` when the file is illustrative.
    """

    key: str
    label: str
    group: str
    group_label: str
    value: Any
    value_text: str
    unit: str
    date: date | None
    date_text: str
    source: str
    stale: bool
    given: str
    mark: str


@dataclass(frozen=True)
class RequirementLine:
    """One requirement of one park, ready to show.

    Attributes
    ----------
    requirement, label
        The ``[requirements]`` key and its title in the language.
    status, status_text, symbol
        ``met``/``not_met``/``unknown``, in words, and as ✓ ✗ ?.
    value, value_text
        The park's value (``None`` when unknown) and formatted with its unit and mark.
    needed, needed_text
        The need and as a rule (``≥ 8 MVA``, ``a más tardar el 30 de septiembre de 2027``).
    unit
        The requirement's unit as shown.
    basis
        Where the value comes from (the facts file, ``criterion border``, ``candidates``).
    user_supplied
        The value comes from the user's facts file.
    note
        ``build-to-suit``, ``unreachable``, the items lacking.
    """

    requirement: str
    label: str
    status: str
    status_text: str
    symbol: str
    value: Any
    value_text: str
    needed: Any
    needed_text: str
    unit: str
    basis: str
    user_supplied: bool
    note: str


@dataclass(frozen=True)
class FactsBlock:
    """What a document says about one park's own facts and the tenant's requirements.

    ``notes`` credit the file (‡), say when it is illustrative (†), the missing-fact
    policy and the staleness rule.
    """

    park: str
    file: str | None
    illustrative: bool
    policy_text: str
    cards: tuple[FactCard, ...]
    requirements: tuple[RequirementLine, ...]
    notes: tuple[str, ...]
    policy: str = "penalise"


def _w(lang: str, key: str, **values: Any) -> str:
    text = WORDS.get(lang, WORDS["en"])[key]
    return text.format(**values) if values else text


def format_unit(unit: str, lang: str) -> str:
    """A canonical unit as a language writes it."""
    return UNITS.get(lang, {}).get(unit, unit)


def format_number(value: float, lang: str, digits: int | None = None) -> str:
    """A number with Babel's marks for es-MX or English; as many decimals as it deserves."""
    from babel.numbers import format_decimal

    if digits is None:
        size = abs(value)
        digits = 0 if size >= 100 or float(value).is_integer() else 1 if size >= 10 else 2
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_US")))


def format_fact_number(value: float, unit: str, lang: str) -> str:
    """A fact's number as its sheet states it: money with two decimals, others with up to
    two, none shown when whole (``7.20``, ``1,250.5``, ``22,000``)."""
    from babel.numbers import format_decimal

    pattern = "#,##0.00" if unit.startswith("USD") else "#,##0.##"
    return str(format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_US")))


def format_day(day: date, lang: str) -> str:
    """A date in words: ``30 de septiembre de 2026`` / ``September 30, 2026``."""
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=LOCALES.get(lang, "en_US")))


def format_fact_value(fact: FactValue, lang: str) -> str:
    """A fact's value in words with its unit, no mark."""
    spec = FACT_BY_KEY[fact.key]
    value = fact.value
    if isinstance(value, bool):
        return _w(lang, "yes" if value else "no")
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, tuple):
        return "; ".join(choice_label(spec, v, lang) for v in value)
    if spec.kind == "choice":
        return choice_label(spec, str(value), lang)
    if isinstance(value, int) and spec.kind == "integer":
        return str(value)
    if isinstance(value, int | float):
        unit = format_unit(spec.unit, lang)
        text = format_fact_number(float(value), spec.unit, lang)
        return f"{text} {unit}" if unit and unit != "%" else f"{text} %" if unit else text
    return str(value)


def _mark(facts: FactSet) -> str:
    return USER_FILE_MARK + (ILLUSTRATIVE_MARK if facts.illustrative else "")


def build_fact_cards(result: RankResult, cid: str, lang: str = "en") -> tuple[FactCard, ...]:
    """One park's facts from the search's facts sheet, in the schema's order."""
    facts = result.facts
    if facts is None:
        return ()
    mark = _mark(facts)
    out = []
    for fact in result.park_facts(cid):
        spec = FACT_BY_KEY[fact.key]
        group = GROUP_BY_KEY[spec.group]
        out.append(
            FactCard(
                key=fact.key,
                label=spec.label.get(lang, spec.label["en"]),
                group=spec.group,
                group_label=group.label.get(lang, group.label["en"]),
                value=fact.value,
                value_text=f"{format_fact_value(fact, lang)} {mark}",
                unit=format_unit(spec.unit, lang),
                date=fact.date,
                date_text=format_day(fact.date, lang) if fact.date else "",
                source=fact.source or "",
                stale=fact.stale,
                given=fact.given,
                mark=mark,
            )
        )
    return tuple(out)


def format_requirement_value(check: RequirementCheck, lang: str) -> str:
    """A park's value for a requirement, with its unit (``s/d`` when unknown)."""
    value = check.value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _w(lang, "unknown_value")
    if isinstance(value, bool):
        return _w(lang, "yes" if value else "no")
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, tuple):
        spec = FACT_BY_KEY["certifications"]
        return "; ".join(choice_label(spec, v, lang) for v in value) or "—"
    if isinstance(value, float) and math.isinf(value):
        return _w(lang, "unreachable")
    if check.unit == "h":  # a drive time for people: 15 h 55 min, never 15.92 h
        return format_hours(float(value), lang)
    unit = format_unit(check.unit, lang)
    text = format_fact_number(float(value), check.unit, lang)
    return f"{text} {unit}".strip()


def format_hours(hours: float, lang: str) -> str:
    """A duration given in hours as people read it: ``45 min``, ``4 h``, ``15 h 55 min``."""
    total = round(hours * 60.0)
    whole, minutes = divmod(total, 60)
    if whole == 0:
        return f"{minutes} min"
    head = f"{format_number(float(whole), lang, 0)} h"
    return head if minutes == 0 else f"{head} {minutes} min"


def format_needed(check: RequirementCheck | RequirementSummary, lang: str) -> str:
    """The need as a rule: ``≥ 8 MVA``, ``≤ 4.0 h``, ``Sí``, ``a más tardar el ...``."""
    spec = REQUIREMENT_BY_KEY[check.requirement]
    needed = check.needed
    unit = format_unit(check.unit, lang)
    if spec.check in ("min", "pool"):
        return _w(lang, "at_least", value=f"{format_number(float(needed), lang)} {unit}".strip())
    if spec.check in ("max", "hours"):
        return _w(lang, "at_most", value=f"{format_number(float(needed), lang)} {unit}".strip())
    if spec.check == "yes":
        return _w(lang, "yes")
    if spec.check == "by":
        return _w(lang, "by", date=format_day(needed, lang))
    items = "; ".join(choice_label(FACT_BY_KEY["certifications"], v, lang) for v in needed)
    return _w(lang, "all", items=items)


def build_requirement_lines(
    result: RankResult, cid: str, lang: str = "en"
) -> tuple[RequirementLine, ...]:
    """One park's requirement checks (empty for a search without requirements)."""
    outcome = result.requirements
    if outcome is None:
        return ()
    facts = result.facts
    mark = _mark(facts) if facts is not None else USER_FILE_MARK
    from siteselect.requirements import STATUS_MARKS

    out = []
    for check in outcome.for_park(cid):
        spec = REQUIREMENT_BY_KEY[check.requirement]
        value_text = format_requirement_value(check, lang)
        if check.user_supplied and check.value is not None:
            value_text = f"{value_text} {mark}"
        note = check.note
        if note == "build-to-suit":
            note = _w(lang, "build_to_suit")
        elif note == "unreachable":
            note = _w(lang, "unreachable")
        out.append(
            RequirementLine(
                requirement=check.requirement,
                label=spec.label.get(lang, spec.label["en"]),
                status=check.status,
                status_text=_w(lang, check.status),
                symbol=STATUS_MARKS[check.status],
                value=check.value,
                value_text=value_text,
                needed=check.needed,
                needed_text=format_needed(check, lang),
                unit=format_unit(check.unit, lang),
                basis=check.basis,
                user_supplied=check.user_supplied,
                note=note,
            )
        )
    return tuple(out)


def describe_policy(policy: str, lang: str = "en", *, key: bool = True) -> str:
    """The missing-fact policy in one sentence of the language; ``key=False`` leaves out the
    config key in brackets (``(missing = penalise)``), for documents a tenant reads."""
    text = _w(lang, f"policy.{policy}")
    return text if key else text.split(" (missing", 1)[0]


def build_facts_block(result: RankResult, cid: str, lang: str = "en") -> FactsBlock | None:
    """A park's facts and requirement checks with their notes; ``None`` when the search has
    neither a facts sheet nor requirements."""
    facts = result.facts
    if facts is None and result.requirements is None:
        return None
    notes: list[str] = []
    policy = facts.missing if facts is not None else "penalise"
    if facts is not None:
        notes.append(_w(lang, "user", mark=USER_FILE_MARK, file=facts.file))
        if facts.illustrative:
            notes.append(_w(lang, "illustrative", mark=ILLUSTRATIVE_MARK, file=facts.file))
        notes.append(describe_policy(policy, lang))
        if facts.max_age_days is not None:
            notes.append(_w(lang, "stale_note", days=facts.max_age_days))
    return FactsBlock(
        park=cid,
        file=facts.file if facts is not None else None,
        illustrative=bool(facts is not None and facts.illustrative),
        policy_text=describe_policy(policy, lang),
        cards=build_fact_cards(result, cid, lang),
        requirements=build_requirement_lines(result, cid, lang),
        notes=tuple(notes),
        policy=policy,
    )
