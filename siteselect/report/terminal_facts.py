"""Terminal renderers of park facts and requirements (rich renderables; they never print).

Compact on purpose (they fit 80 columns): :func:`render_requirements` gives one row per
requirement (the need, how many parks meet it, miss it, are unknown, were removed) and one
line per shortlisted park (✓ met, ✗ not met, ? unknown, with the values);
:func:`render_park_facts` lists one park's facts with unit, date and source, marked ‡ (a
user's file) and † (illustrative); :func:`facts_footer_lines` credits the file and states
the missing-fact policy under any table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from siteselect.constants import ILLUSTRATIVE_MARK, USER_FILE_MARK
from siteselect.report.facts_view import (
    build_fact_cards,
    build_requirement_lines,
    format_needed,
)
from siteselect.report.layout import Column, FitTable
from siteselect.report.text import strip_control
from siteselect.requirements import describe_value

if TYPE_CHECKING:
    from siteselect.facts.model import FactValidation
    from siteselect.results import RankResult

STYLES = {"met": "green", "not_met": "red", "unknown": "yellow"}
MAX_REMOVED_SHOWN = 10


def _text(value: Any, style: str = "") -> Text:
    return Text(strip_control("" if value is None else str(value)), style=style)


def facts_footer_lines(result: RankResult) -> list[str]:
    """What every table under a search with facts or requirements says: the file (‡), that
    it is illustrative (†), the missing-fact policy, what was matched, stale facts."""
    facts = result.facts
    lines: list[str] = []
    if facts is not None:
        flag = (
            f", {ILLUSTRATIVE_MARK} ILLUSTRATIVE values, not real figures"
            if facts.illustrative
            else ""
        )
        lines.append(
            f"facts {USER_FILE_MARK}: {facts.file} (user-supplied{flag}); "
            f"{len(facts.by_park)} parks matched, {len(facts.fuzzy)} by a similar name, "
            f"{len(facts.misses)} row(s) matched none"
        )
        lines.append(f"missing facts: {facts.describe_policy()}")
        own = [
            f"{c.name} {getattr(c.params, 'missing', None)}"
            for c in result.config.criteria
            if c.measure == "fact" and getattr(c.params, "missing", None)
        ]
        if own:
            lines.append("missing facts, per criterion: " + ", ".join(own))
        if facts.stale:
            lines.append(
                f"stale facts: {len(facts.stale)} park row(s) older than {facts.max_age_days} days"
            )
    outcome = result.requirements
    # A [requirements] section that only sizes the labour pool (workers) checks nothing.
    if outcome is not None and outcome.summaries:
        tenant = f" ({outcome.tenant})" if outcome.tenant else ""
        lines.append(
            f"requirements{tenant}: an unknown value is "
            + (
                "removed (unknown = exclude)"
                if outcome.unknown == "exclude"
                else "kept and shown as unknown"
            )
        )
    return lines


def render_requirements(
    result: RankResult, ids: Sequence[str] | None = None, *, lang: str = "en"
) -> Group | None:
    """The requirements over the search, then each park of ``ids`` (default: the shortlist)
    with its checks; ``None`` for a search without requirements, or whose requirements check
    nothing (a profile's ``workers`` only sizes its labour pool)."""
    outcome = result.requirements
    if outcome is None or not outcome.summaries:
        return None
    table = Table(title="requirements", title_justify="left", header_style="bold")
    table.add_column("Requirement", overflow="fold")
    table.add_column("Needed", overflow="fold")
    for col in ("Met", "Not met", "Unknown", "Removed"):
        table.add_column(col, justify="right")
    first = next(iter(outcome.checks.values()), ())
    by_key = {c.requirement: c for c in first}
    for s in outcome.summaries:
        sample = by_key.get(s.requirement)
        needed = format_needed(sample, lang) if sample is not None else f"{s.needed}"
        table.add_row(
            _text(s.requirement),
            _text(needed),
            str(s.met),
            str(s.not_met),
            str(s.unknown),
            str(s.removed),
        )
    shown = list(ids) if ids is not None else [str(i) for i in result.shortlist.index]
    ranks = result.scores.table["rank"]
    lines: list[Any] = [table]
    frame = result.candidates.frame
    for cid in shown:
        line = Text()
        rank = f"{int(ranks.loc[cid])}. " if cid in ranks.index else ""
        line.append(strip_control(rank + str(frame.loc[cid, "name"])), style="bold")
        line.append(": ")
        checks = build_requirement_lines(result, cid, lang)
        known = [c for c in checks if c.status != "unknown"]
        for i, check in enumerate(known):
            if i:
                line.append(", ")
            line.append(check.symbol + " ", style=STYLES[check.status])
            line.append(strip_control(f"{check.requirement} {check.value_text}"))
            if check.note:
                line.append(strip_control(f" ({check.note})"), style="dim")
        unknown = [c.requirement for c in checks if c.status == "unknown"]
        if unknown:
            line.append("; " if known else "")
            line.append("? ", style=STYLES["unknown"])
            line.append(strip_control("unknown: " + ", ".join(unknown)))
        lines.append(line)
    removed = outcome.removed
    if len(removed):
        lines.append(_text(f"removed by the requirements: {len(removed)} park(s)", "bold"))
        for cid in list(removed.index)[:MAX_REMOVED_SHOWN]:
            missed = outcome.missed(str(cid))
            gaps = [c for c in outcome.for_park(str(cid)) if c.status == "unknown"]
            shown = [f"{c.requirement} ({describe_value(c)})" for c in missed]
            if outcome.unknown == "exclude":
                shown += [f"{c.requirement} (unknown)" for c in gaps]
            line = Text("✗ ", style="red")
            line.append(strip_control(f"{removed.loc[cid, 'name']}: {', '.join(shown)}"))
            lines.append(line)
        if len(removed) > MAX_REMOVED_SHOWN:
            lines.append(
                _text(
                    f"... and {len(removed) - MAX_REMOVED_SHOWN} more (every one, with the "
                    "requirements it misses, in --format json and the exports)",
                    "dim",
                )
            )
    return Group(*lines)


def render_park_facts(result: RankResult, cid: str, *, lang: str = "en") -> Group | None:
    """One park's facts (value in its unit, date, source; stale flagged) and requirement
    checks; ``None`` when the search has neither."""
    cards = build_fact_cards(result, cid, lang)
    checks = build_requirement_lines(result, cid, lang)
    if not cards and not checks and result.facts is None:
        return None
    parts: list[Any] = []
    facts = result.facts
    if facts is not None:
        # Laid out for the width (80 columns and up): words are never cut (FitTable).
        rows: list[dict[str, Any]] = [
            {
                "fact": _text(card.label),
                "value": _text(card.value_text),
                "date": _text(card.date.isoformat() if card.date else "")
                + (Text(" stale", style="yellow") if card.stale else Text()),
                "source": _text(card.source),
            }
            for card in cards
        ]
        if not cards:
            rows.append({"fact": _text("(no row of the sheet matched this park)")})
        parts.append(
            FitTable(
                [
                    Column("fact", "Fact"),
                    Column("value", "Value"),
                    Column("date", "Date", wrap=False),
                    Column("source", "Source", priority=1, max_width=40),
                ],
                rows,
                title=f"park facts from {strip_control(facts.file)} {USER_FILE_MARK}",
                table_options={"title_justify": "left", "header_style": "bold"},
            )
        )
    if checks:
        req_rows = [
            {
                "mark": Text(check.symbol, style=STYLES[check.status]),
                "requirement": _text(check.requirement),
                "needed": _text(check.needed_text),
                "park": _text(check.value_text + (f" ({check.note})" if check.note else "")),
                "basis": _text(check.basis),
            }
            for check in checks
        ]
        parts.append(
            FitTable(
                [
                    Column("mark", ""),
                    Column("requirement", "Requirement"),
                    Column("needed", "Needed"),
                    Column("park", "Park"),
                    Column("basis", "From", priority=1, max_width=40),
                ],
                req_rows,
                title="requirements",
                table_options={"title_justify": "left", "header_style": "bold"},
            )
        )
    parts.extend(_text(line, "dim") for line in facts_footer_lines(result))
    return Group(*parts)


def facts_views(result: RankResult, ids: Sequence[str] | None = None) -> list[Any]:
    """Everything a shortlist adds for facts and requirements, as renderables."""
    out: list[Any] = []
    views = render_requirements(result, ids)
    if views is not None:
        out.append(views)
    out.extend(_text(line, "dim") for line in facts_footer_lines(result))
    return out


SEVERITY_STYLES = {"error": "red", "warning": "yellow", "stale": "magenta"}


def render_facts_validation(validation: FactValidation) -> Group:
    """``siteselect facts validate``: the verdict, the columns read (with units and
    conversions), every problem by row and column, every fuzzy match and every miss."""
    sheet = validation.sheet
    facts = validation.facts
    head = Text()
    head.append(strip_control(sheet.file), style="bold")
    where = f" ({sheet.format}" + (f", sheet {sheet.sheet}" if sheet.sheet else "")
    head.append(strip_control(where + (f", {sheet.lang}" if sheet.lang else "") + "): "))
    head.append(
        "valid" if validation.valid else "NOT valid", style="green" if validation.valid else "red"
    )
    counts = validation.counts()
    matched = {
        how: sum(1 for m in facts.matches if m.how == how) for how in ("id", "name", "fuzzy")
    }
    lines = [
        f"schema {sheet.schema_version}; column titles on row {sheet.header_row}; "
        f"{len(sheet.rows)} park rows; {counts['error']} error(s), {counts['warning']} "
        f"warning(s), {counts['stale']} stale",
        f"matched against {validation.candidates} parks: {matched['id']} by id, "
        f"{matched['name']} by name, {matched['fuzzy']} by a similar name, "
        f"{len(facts.misses)} not matched",
    ]
    if sheet.illustrative:
        lines.append(
            f"{ILLUSTRATIVE_MARK} the file declares its values ILLUSTRATIVE (not real figures)"
        )
    if sheet.max_age_days is not None:
        lines.append(
            f"stale: older than {sheet.max_age_days} days before {sheet.as_of.isoformat()}"
        )
    parts: list[Any] = [head, _text("\n".join(f"  {line}" for line in lines), "dim")]
    table = Table(title="columns", title_justify="left", header_style="bold")
    for col in ("Col", "Title", "Reads", "Unit"):
        table.add_column(col, overflow="fold")
    for c in sheet.columns:
        if c.role == "ignored":
            continue
        reads = c.key if c.role == "fact" else f"{c.role} {c.key or ''}".strip()
        unit = ""
        if c.unit is not None:
            unit = c.unit.text if c.unit.is_canonical else f"{c.unit.text} -> {c.unit.canonical}"
        table.add_row(c.letter, _text(c.header), _text(reads), _text(unit))
    parts.append(table)
    for p in validation.problems:
        label = {"error": "error", "warning": "warning", "stale": "stale"}[p.severity]
        parts.append(_text(f"  {label}: {p.message}", SEVERITY_STYLES[p.severity]))
    for m in facts.fuzzy:
        parts.append(
            _text(
                f"  fuzzy match: row {m.row} {m.given_name!r} -> {m.park} ({m.park_name}), "
                f"similarity {m.similarity:.2f}",
                "cyan",
            )
        )
    for m in facts.misses:
        closest = ", ".join(f"{c[0]} ({c[2]:.2f})" for c in m.closest)
        given = m.given_name or m.given_id or ""
        text = f"  no match: row {m.row} {given!r}" + (f": {m.reason}" if m.reason else "")
        if closest:
            text += f"; closest: {closest}"
        parts.append(_text(text, "yellow"))
    for note in (*sheet.conversions, *sheet.notes):
        parts.append(_text(f"  note: {note}", "dim"))
    return Group(*parts)
