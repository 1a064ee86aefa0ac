"""Criteria in words of a report's language: what each measures, its ``where`` filter and
its value function (every label from the message catalogues, no string concatenation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from siteselect.constants import USER_FILE_MARK
from siteselect.report.definitions import target_label

if TYPE_CHECKING:
    from siteselect.config.schema import CriterionConfig as Criterion
    from siteselect.report.i18n import Messages
    from siteselect.results import CriterionValue, RankResult


# ---- labels --------------------------------------------------------------------------------


def label_criterion(
    criterion: Criterion, m: Messages, names: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """What a criterion measures, in words of the report's language (not the config's).

    A ``where`` filter is part of what was measured, so it is part of the label: the
    features it names by id (by their names in ``names``, layer -> id -> name), or its
    conditions ("≥ 300,000 northbound trucks a year").
    """
    params = criterion.params.model_dump(mode="json", by_alias=True, exclude_none=True)
    measure = criterion.measure
    to = target_label(params.get("to")) or ""
    values = {
        "layer": m.get(f"source.name.{to}", to) or to,
        "column": params.get("column", ""),
        "minutes": m.number(float(params.get("minutes", 0)), 0),
        "hours": m.number(float(params.get("hours", 0)), 0),
        "km": m.number(float(params.get("km", 0)), 0),
        "kv": m.number(float(params.get("voltage_kv", 0)), 0),
    }
    if measure == "attribute":
        found = m.get(f"criterion.attribute.{params.get('column')}", None)
        return found or m.t("criterion.attribute", **values)
    if measure == "fact":
        from siteselect.facts.schema import fact_label

        return m.t("criterion.fact", fact=fact_label(str(params.get("fact")), m.lang))
    specific = m.get(f"criterion.{measure}.{to}", None, **values)
    base = specific or m.t(f"criterion.{measure}", **values)
    where = params.get("where")
    if not where:
        return base
    lookup = (names or {}).get(to, {})
    rule = where.get("id") if len(where) == 1 else None
    if isinstance(rule, dict) and set(rule) == {"in"}:
        among = ", ".join(lookup.get(str(i), str(i)) for i in rule["in"])
        found = m.get(f"criterion.{measure}.among", None, names=among, **values)
        if found:
            return found
    conditions = [_condition(str(k), w, lookup, m) for k, w in where.items()]
    return m.t("criterion.where", label=base, conditions=", ".join(conditions))


def describe_industries(criterion: Criterion, m: Messages) -> str:
    """The industries a count's ``where`` keeps, in words (``armadoras de vehículos``), or
    ``""`` when it selects by something else."""
    params = criterion.params.model_dump(mode="json", by_alias=True, exclude_none=True)
    where = params.get("where") or {}
    words: list[str] = []
    for column, rule in where.items():
        if not str(column).startswith("scian"):
            return ""
        listed = rule.get("in", []) if isinstance(rule, dict) else [rule]
        words += [_where_value(v, str(column), {}, m) for v in listed]
    unique = list(dict.fromkeys(words))
    if not unique:
        return ""
    if len(unique) == 1:
        return unique[0]
    return m.t("list.final", head=", ".join(unique[:-1]), last=unique[-1])


def _where_value(value: Any, column: str, lookup: Mapping[str, str], m: Messages) -> str:
    if column == "id":
        return lookup.get(str(value), str(value))
    if column.startswith("scian"):  # an industry by its name, never its SCIAN code
        return m.get(f"scian.{value}", None) or m.t("scian.code", code=str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        whole = float(value).is_integer()
        return m.number(float(value), 0) if whole else m.auto(float(value))
    return str(value)


def _where_text(m: Messages, column: str, op: str, **values: Any) -> str:
    found = m.get(f"where.{column}.{op}", None, column=column, **values)
    return found or m.t(f"where.{op}", column=column, **values)


def _condition(column: str, rule: Any, lookup: Mapping[str, str], m: Messages) -> str:
    """One condition of a ``where`` filter in words: ``≥ 115 kV``, ``SCIAN 31, 32, 33``."""
    if isinstance(rule, bool):
        return _where_text(m, column, "true" if rule else "false")
    if not isinstance(rule, dict):
        return _where_text(m, column, "eq", value=_where_value(rule, column, lookup, m))
    parts = []
    for op in ("min", "max"):
        if rule.get(op) is not None:
            parts.append(_where_text(m, column, op, value=_where_value(rule[op], "", {}, m)))
    for op in ("in", "not"):
        items = rule.get(op)
        if items is None:
            continue
        listed = items if isinstance(items, list) else [items]
        words = dict.fromkeys(_where_value(v, column, lookup, m) for v in listed)
        text = ", ".join(words)
        parts.append(_where_text(m, column, op, values=text))
    return ", ".join(parts)


def build_labels(
    criteria: Sequence[Criterion], m: Messages, names: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str]:
    """Criterion name -> its label; two criteria never share one (the name tells them apart)."""
    labels = {c.name: label_criterion(c, m, names) for c in criteria}
    counts: dict[str, int] = {}
    for text in labels.values():
        counts[text] = counts.get(text, 0) + 1
    return {
        name: m.t("criterion.named", label=text, name=name) if counts[text] > 1 else text
        for name, text in labels.items()
    }


def collect_feature_names(result: RankResult) -> dict[str, dict[str, str]]:
    """Layer -> feature id -> name, as far as the nearest-feature details of a run know them."""
    out: dict[str, dict[str, str]] = {}
    for measure in result.measures.values():
        nearest = measure.nearest
        if nearest is None:
            continue
        known = out.setdefault(nearest.layer, {})
        for fid, name in zip(nearest.ids, nearest.names, strict=True):
            if fid is not None and name:
                known[fid] = name
    return out


def describe_value_function(criterion: Criterion, unit: str, m: Messages) -> str:
    """A criterion's value function in words: ``linear: 60 min scores 1, 900 min scores 0``."""
    if criterion.value == "linear" and criterion.best is not None and criterion.worst is not None:
        return m.t(
            "assumptions.linear",
            best=m.quantity(criterion.best, unit),
            worst=m.quantity(criterion.worst, unit),
        )
    if criterion.value is None:
        return m.t("assumptions.value_default")
    return m.t("assumptions.value_other", name=criterion.value)


# ---- the engine's notes -----------------------------------------------------------------------

_NOTES: tuple[tuple[str, str], ...] = (
    (
        r"VIKOR C1 acceptable advantage: (?P<met>met|not met) "
        r"\(Q2 - Q1 = (?P<gap>[\d.]+), DQ = (?P<dq>[\d.]+)\)",
        "note.vikor.c1",
    ),
    (
        r"VIKOR C2 acceptable stability: (?P<met>met|not met) \((?P<first>\S+) is "
        r"(?P<s>best|not best) by S, (?P<r>best|not best) by R\)",
        "note.vikor.c2",
    ),
    (r"VIKOR compromise solution: (?P<first>\S+)", "note.vikor.solution"),
    (r"VIKOR compromise set \(C(?P<c>[12]) not met\): (?P<ids>.+)", "note.vikor.set"),
    (r"criterion '(?P<name>[^']+)' dropped: (?P<why>.+)", "note.dropped"),
    (
        r"(?P<name>[\w-]+): (?P<n>\d+) missing cell\(s\) scored as worst.*",
        "note.missing_cells",
    ),
    (
        r"(?P<name>[\w-]+): (?P<n>\d+) infinite cell\(s\) scored at the column's extremes",
        "note.infinite_cells",
    ),
    (  # siteselect.labour.LabourPool.describe
        r"(?P<name>[\w-]+): (?P<what>saturates at|the nearest) (?P<people>[\d,]+) people "
        r"\((?P<workers>[\d,]+) workers x (?P<multiple>[\d,]+) people per worker, "
        r"(?P<file>[^)]+)\)",
        "note.pool",
    ),
    (  # siteselect.criteria.count_within.describe_thin, behind the criterion's name
        r"(?P<name>[\w-]+): counts (?P<n>\d+) feature\(s\) of (?P<layer>\S+) in all "
        r"\(fewer than (?P<least>\d+)\): a thin signal that one plant more or less changes",
        "note.thin_count",
    ),
)


def translate_note(note: str, m: Messages, names: Mapping[str, str] | None = None) -> str:
    """One of the engine's notes in the report's language, with park names for ids.

    The notes the engine writes for people who read code (VIKOR's compromise conditions,
    dropped criteria, missing cells) are known patterns with a catalogue sentence each; any
    other note is shown as the engine wrote it, introduced as such.
    """
    import re

    lookup = names or {}

    def name(cid: str) -> str:
        return lookup.get(cid, cid)

    for pattern, key in _NOTES:
        found = re.fullmatch(pattern, note)
        if found is None:
            continue
        g = found.groupdict()
        if key == "note.vikor.c1":
            return m.t(
                f"{key}.{'met' if g['met'] == 'met' else 'not_met'}",
                gap=m.number(float(g["gap"]), 4),
                dq=m.number(float(g["dq"]), 4),
            )
        if key == "note.vikor.c2":
            return m.t(f"{key}.{'met' if g['met'] == 'met' else 'not_met'}", first=name(g["first"]))
        if key == "note.vikor.solution":
            return m.t(key, first=name(g["first"]))
        if key == "note.vikor.set":
            more = g["ids"].endswith(" ...")
            ids = g["ids"].removesuffix(" ...").split(", ")
            parks = ", ".join(name(i) for i in ids) + (" …" if more else "")
            return m.t(f"{key}.c{g['c']}", parks=parks)
        if key == "note.dropped":
            return m.t(key, name=g["name"], why=g["why"])
        if key == "note.pool":

            def count(text: str) -> str:
                return m.number(float(text.replace(",", "")), 0)

            return m.t(
                f"{key}.{'saturates' if g['what'] == 'saturates at' else 'nearest'}",
                name=g["name"],
                people=count(g["people"]),
                workers=count(g["workers"]),
                multiple=count(g["multiple"]),
                file=g["file"],
            )
        if key == "note.thin_count":
            return m.t(key, name=g["name"], count=g["n"], layer=g["layer"], least=g["least"])
        return m.t(key, name=g["name"], count=g["n"])
    from siteselect.report.fact_notes import translate_fact_note

    said = translate_fact_note(note, m, lookup)  # a facts sheet's, a tenant's requirements'
    return said if said is not None else m.t("note.engine", text=note)


def describe_power_basis(value: CriterionValue, m: Messages) -> str | None:
    """Where a power value came from, in the report's language: the park's own facts (MVA at
    kV, date, source, marked ‡ as the user's) or the grid distance (fallback); ``None`` when
    the criterion does not read facts or the search has no facts sheet."""
    flag = value.details.get("from_facts")
    if flag is None:
        return None
    if flag <= 0:
        return m.t("power.basis.fallback")
    by_key = {f.key: f for f in value.facts}
    mva, kv = by_key.get("power_mva_available"), by_key.get("supply_voltage_kv")
    parts = []
    if mva is not None and kv is not None:
        parts.append(
            m.t(
                "power.basis.at",
                mva=m.quantity(mva.number, mva.unit),
                kv=m.quantity(kv.number, kv.unit),
            )
        )
    else:
        parts += [m.quantity(f.number, f.unit) for f in value.facts]
    parts += [m.date(d) for d in sorted({f.date for f in value.facts if f.date is not None})]
    parts += sorted({f.source for f in value.facts if f.source})
    if value.facts_file:
        parts.append(value.facts_file)
    key = "power.basis.short" if value.details.get("facts_short", 0.0) > 0 else "power.basis.facts"
    return m.t(key, facts="; ".join(parts), mark=USER_FILE_MARK)
