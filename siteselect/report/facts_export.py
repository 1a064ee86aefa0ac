"""Park facts and requirement checks in the machine outputs: JSON members and export columns.

The rank JSON carries a ``facts`` member (the file, whether it is illustrative, the
missing-fact policy of the search and of each fact criterion, what matched, what is stale,
how units were converted) and a ``requirements`` member (each requirement's need and how
many parks met, missed, were unknown and were removed); each ranked park carries its own
``facts`` (value, unit, date, source, as written) and ``requirements`` (status, value,
need). The exports (CSV, GeoJSON, GeoPackage, Parquet, FlatGeobuf, Excel, Markdown) carry per
fact a value column named by its key (which carries its unit), and its unit, date and source
columns; per requirement a status and a value column; and the Excel workbook two more sheets.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

from siteselect.constants import USER_FILE_MARK
from siteselect.facts.schema import FACT_BY_KEY, SCHEMA_NAME
from siteselect.report.tabular import ExportColumn, ExportTable

if TYPE_CHECKING:
    from siteselect.facts.model import FactSheet, FactValidation
    from siteselect.requirements import RequirementCheck
    from siteselect.results import RankResult


def _plain(value: Any) -> Any:
    """A value as JSON: dates as ISO text, tuples as lists, NaN and infinities as null."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def fact_policies(result: RankResult) -> dict[str, str]:
    """Each ``fact`` criterion's missing-fact policy (its own, else the search's)."""
    facts = result.facts
    default = facts.missing if facts is not None else "penalise"
    return {
        c.name: str(getattr(c.params, "missing", None) or default)
        for c in result.config.criteria
        if c.measure == "fact"
    }


def build_facts_json(result: RankResult) -> dict[str, Any] | None:
    """The ``facts`` member of a ranking: ``None`` when the search has no facts sheet."""
    facts = result.facts
    if facts is None:
        return None
    counts = {how: 0 for how in ("id", "name", "fuzzy", "none")}
    for m in facts.matches:
        counts[m.how] = counts.get(m.how, 0) + 1
    return {
        "file": facts.file,
        "schema": SCHEMA_NAME,
        "schema_version": facts.schema_version,
        "illustrative": facts.illustrative,
        "mark": USER_FILE_MARK,
        "missing": facts.missing,
        "missing_text": facts.describe_policy(),
        "criteria": fact_policies(result),
        "keys": list(facts.keys),
        "parks": len(facts.by_park),
        "matched": counts,
        "fuzzy": [
            {"row": m.row, "given": m.given_name, "park": m.park, "similarity": m.similarity}
            for m in facts.fuzzy
        ],
        "unmatched": [
            {
                "row": m.row,
                "given": m.given_name or m.given_id,
                "reason": m.reason,
                "closest": [{"id": c[0], "name": c[1], "similarity": c[2]} for c in m.closest],
            }
            for m in facts.misses
        ],
        "stale": [p.message for p in facts.stale],
        "max_age_days": facts.max_age_days,
        "as_of": facts.as_of.isoformat() if facts.as_of else None,
        "conversions": list(facts.conversions),
    }


def build_requirements_json(result: RankResult) -> dict[str, Any] | None:
    """The ``requirements`` member of a ranking: ``None`` without ``[requirements]``."""
    outcome = result.requirements
    if outcome is None:
        return None
    return {
        "tenant": outcome.tenant,
        "unknown": outcome.unknown,
        "requirements": [
            {
                "requirement": s.requirement,
                "label": s.label,
                "needed": _plain(s.needed),
                "unit": s.unit,
                "basis": s.basis,
                "met": s.met,
                "not_met": s.not_met,
                "unknown": s.unknown,
                "removed": s.removed,
            }
            for s in outcome.summaries
        ],
    }


def park_facts_json(result: RankResult, cid: str) -> dict[str, Any]:
    """One park's facts: per key, value, unit, date, source, as written (and stale)."""
    return {f.key: f.to_json() for f in result.park_facts(cid)}


def check_json(check: RequirementCheck) -> dict[str, Any]:
    """One requirement check as JSON."""
    return {
        "status": check.status,
        "value": _plain(check.value),
        "needed": _plain(check.needed),
        "unit": check.unit,
        "basis": check.basis,
        "user_supplied": check.user_supplied,
        "note": check.note,
    }


def park_requirements_json(result: RankResult, cid: str) -> dict[str, Any]:
    """One park's requirement checks, by requirement key."""
    outcome = result.requirements
    if outcome is None:
        return {}
    return {c.requirement: check_json(c) for c in outcome.for_park(cid)}


def fact_columns(result: RankResult) -> list[ExportColumn]:
    """Export columns of the facts and requirements (none for a search without them)."""
    columns: list[ExportColumn] = []
    facts = result.facts
    if facts is not None:
        columns.append(ExportColumn("facts_file", "str"))
        for key in facts.keys:
            spec = FACT_BY_KEY[key]
            kind: Any = "float" if spec.numeric else "bool" if spec.kind == "bool" else "str"
            columns.append(ExportColumn(f"fact_{key}", kind))
            if spec.unit:
                columns.append(ExportColumn(f"fact_{key}_unit", "str"))
            columns += [
                ExportColumn(f"fact_{key}_date", "str"),
                ExportColumn(f"fact_{key}_source", "str"),
            ]
    outcome = result.requirements
    if outcome is not None:
        for s in outcome.summaries:
            columns.append(ExportColumn(f"req_{s.requirement}", "str"))
            numeric = isinstance(s.needed, int | float) and not isinstance(s.needed, bool)
            columns.append(
                ExportColumn(f"req_{s.requirement}_value", "float" if numeric else "str")
            )
    return columns


def fact_row(result: RankResult, cid: str | None) -> list[Any]:
    """The values of :func:`fact_columns` for one park (``None`` for a park not considered)."""
    row: list[Any] = []
    facts = result.facts
    if facts is not None:
        own = facts.by_park.get(str(cid), {}) if cid is not None else {}
        row.append(f"{facts.file} {USER_FILE_MARK}" if own else None)
        for key in facts.keys:
            spec = FACT_BY_KEY[key]
            fact = own.get(key)
            if fact is None:
                row += [None] * (4 if spec.unit else 3)
                continue
            value = fact.value
            if spec.numeric:
                value = float(fact.number)
            elif spec.kind != "bool":
                value = _plain(value)
                value = "; ".join(value) if isinstance(value, list) else value
            row.append(value)
            if spec.unit:
                row.append(spec.unit)
            row += [fact.date.isoformat() if fact.date else None, fact.source]
    outcome = result.requirements
    if outcome is not None:
        checks = {c.requirement: c for c in outcome.for_park(str(cid))} if cid else {}
        for s in outcome.summaries:
            check = checks.get(s.requirement)
            numeric = isinstance(s.needed, int | float) and not isinstance(s.needed, bool)
            if check is None:
                row += [None, None]
                continue
            value = _plain(check.value)
            if not numeric and value is not None:
                value = "; ".join(value) if isinstance(value, list) else str(value)
            row += [check.status, value]
    return row


def facts_tables(result: RankResult) -> tuple[ExportTable, ...]:
    """The Excel workbook's ``facts`` and ``requirements`` sheets."""
    out = []
    facts = result.facts
    if facts is not None:
        policies = fact_policies(result)
        rows = []
        for key in facts.keys:
            spec = FACT_BY_KEY[key]
            rows.append((key, spec.label["en"], spec.label["es"], spec.unit, facts.file))
        rows.append(("(file)", "illustrative", str(facts.illustrative).lower(), "", facts.file))
        rows.append(("(policy)", "missing", facts.missing, facts.describe_policy(), facts.file))
        for name, policy in policies.items():
            rows.append(("(criterion)", name, policy, "", facts.file))
        out.append(
            ExportTable(
                name="facts",
                columns=(
                    ExportColumn("key", "str"),
                    ExportColumn("label_en", "str"),
                    ExportColumn("label_es", "str"),
                    ExportColumn("unit", "str"),
                    ExportColumn("file", "str"),
                ),
                rows=tuple(rows),
            )
        )
    outcome = result.requirements
    if outcome is not None and outcome.summaries:
        out.append(
            ExportTable(
                name="requirements",
                columns=(
                    ExportColumn("requirement", "str"),
                    ExportColumn("rule", "str"),
                    ExportColumn("basis", "str"),
                    ExportColumn("met", "int"),
                    ExportColumn("not_met", "int"),
                    ExportColumn("unknown", "int"),
                    ExportColumn("removed", "int"),
                ),
                rows=tuple(
                    (s.requirement, s.label, s.basis, s.met, s.not_met, s.unknown, s.removed)
                    for s in outcome.summaries
                ),
            )
        )
    return tuple(out)


def build_facts_document(sheet: FactSheet) -> dict[str, Any]:
    """A sheet's rows as a park-facts document (``docs/schemas/park-facts.schema.json``)."""
    from siteselect.facts.schema import IDENTITY_KEYS, SCHEMA_VERSION

    parks = []
    for row in sheet.rows:
        entry: dict[str, Any] = {"row": row.row, "id": row.id, "name": row.name}
        identity = {"municipality": row.municipality, "state": row.state, **row.identity}
        for key in IDENTITY_KEYS:
            if key not in ("id", "name") and identity.get(key) is not None:
                entry[key] = identity[key]
        entry["facts"] = {key: fact.to_json() for key, fact in row.facts.items()}
        parks.append(entry)
    return {
        "schema": SCHEMA_NAME,
        "version": sheet.schema_version or SCHEMA_VERSION,
        "illustrative": sheet.illustrative,
        "parks": parks,
    }


def build_facts_validation_json(validation: FactValidation) -> dict[str, Any]:
    """The JSON document of ``siteselect facts validate`` (``facts-validate.schema.json``)."""
    sheet = validation.sheet
    facts = validation.facts
    counts = {how: 0 for how in ("id", "name", "fuzzy", "none")}
    for m in facts.matches:
        counts[m.how] = counts.get(m.how, 0) + 1
    settings = {k: _plain(v) for k, v in validation.settings.items()}
    return {
        "file": sheet.file,
        "format": sheet.format,
        "sheet": sheet.sheet,
        "schema": SCHEMA_NAME,
        "schema_version": sheet.schema_version,
        "lang": sheet.lang,
        "illustrative": sheet.illustrative,
        "valid": validation.valid,
        "header_row": sheet.header_row,
        "as_of": sheet.as_of.isoformat(),
        "max_age_days": sheet.max_age_days,
        "conversion": settings,
        "columns": [
            {
                "column": c.letter,
                "header": c.header,
                "role": c.role,
                "key": c.key,
                "unit": c.unit.text if c.unit is not None else None,
                "canonical_unit": c.unit.canonical if c.unit is not None else None,
            }
            for c in sheet.columns
        ],
        "rows": len(sheet.rows),
        "candidates": validation.candidates,
        "matched": counts,
        "matches": [
            {
                "row": m.row,
                "given_id": m.given_id,
                "given_name": m.given_name,
                "given_municipality": m.given_municipality,
                "park": m.park,
                "park_name": m.park_name,
                "how": m.how,
                "similarity": m.similarity,
                "reason": m.reason,
                "closest": [{"id": c[0], "name": c[1], "similarity": c[2]} for c in m.closest],
            }
            for m in facts.matches
        ],
        "counts": validation.counts(),
        "problems": [
            {
                "severity": p.severity,
                "row": p.row,
                "column": p.column,
                "key": p.key,
                "message": p.message,
            }
            for p in validation.problems
        ],
        "conversions": list(sheet.conversions),
        "notes": list(sheet.notes),
        "facts": build_facts_document(sheet),
    }


def build_facts_csv(sheet: FactSheet) -> str:
    """A sheet in canonical form as CSV: identity, then each fact by its key (which carries its
    unit), then each group's date and source (``rent_date``, ``rent_source``). Text cells a
    spreadsheet would run as a formula are neutralised."""
    import csv
    import io

    from siteselect.facts.schema import IDENTITY_KEYS
    from siteselect.report.text import neutralise_cell

    keys = sheet.keys
    groups = list(dict.fromkeys(FACT_BY_KEY[k].group for k in keys))
    header = [*IDENTITY_KEYS, *keys]
    for group in groups:
        header += [f"{group}_date", f"{group}_source"]
    if sheet.illustrative:
        header.append("illustrative")  # a CSV has no file sheet: every row says it
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in sheet.rows:
        identity = {
            "id": row.id,
            "name": row.name,
            "municipality": row.municipality,
            "state": row.state,
            **row.identity,
        }
        cells: list[Any] = [identity.get(k) for k in IDENTITY_KEYS]
        for key in keys:
            fact = row.facts.get(key)
            value = None if fact is None else _plain(fact.value)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, list):
                value = "; ".join(value)
            elif isinstance(value, float):
                value = repr(value)
            cells.append(value)
        for group in groups:
            dated = [f for f in row.facts.values() if FACT_BY_KEY[f.key].group == group]
            first = dated[0] if dated else None
            cells += [
                first.date.isoformat() if first is not None and first.date else None,
                first.source if first is not None else None,
            ]
        if sheet.illustrative:
            cells.append("yes")
        writer.writerow(["" if c is None else neutralise_cell(str(c)) for c in cells])
    return buffer.getvalue()
