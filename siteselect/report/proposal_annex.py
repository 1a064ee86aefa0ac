"""The method annex of a proposal: how the score was made and from what (profile, method,
weights, rules, sources), and the method's robustness notes (analyst)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from siteselect.constants import ILLUSTRATIVE_MARK, USER_FILE_MARK
from siteselect.report.i18n import Messages
from siteselect.report.labels import describe_value_function, translate_note
from siteselect.report.park_section import _Context, profile_name
from siteselect.report.proposal_view import (
    AssumptionsView,
    TableView,
)
from siteselect.report.sources import build_sources

if TYPE_CHECKING:
    from siteselect.constraints import Elimination
    from siteselect.results import RankResult


def _robustness(result: RankResult, m: Messages) -> tuple[str, ...]:
    """The method's robustness notes in the report's language: method agreement (Kendall's
    tau-b between the methods, the parks only the chosen method puts in its top) and the
    engine's notes (VIKOR's conditions, dropped criteria...)."""
    names = {str(i): str(n) for i, n in result.candidates.frame["name"].items()}
    out = _agreement_notes(result, m, names)
    out.extend(translate_note(note, m, names) for note in result.notes)
    return tuple(out)


def _agreement_notes(result: RankResult, m: Messages, names: Mapping[str, str]) -> list[str]:
    """Method agreement as sentences: tau-b between the chosen method and each other one,
    the range over all pairs, and the parks of the top only the chosen method puts there."""
    agreement = result.agreement
    chosen = m.t(f"method.short.{agreement.chosen}")
    pairs = ", ".join(
        m.t("robustness.pair", method=m.t(f"method.short.{other}"), tau=m.number(tau, 2))
        for other, tau in agreement.tau_with_chosen()
    )
    low, high = agreement.tau_range
    out = [
        m.t(
            "robustness.tau",
            chosen=chosen,
            pairs=pairs,
            low=m.number(low, 2),
            high=m.number(high, 2),
        )
    ]
    if agreement.alone:
        out.append(
            m.t(
                "robustness.alone",
                chosen=chosen,
                top=agreement.top_n,
                parks=", ".join(names.get(i, i) for i in agreement.alone),
            )
        )
    else:
        out.append(m.t("robustness.none_alone", chosen=chosen, top=agreement.top_n))
    return out


def _source_row(source: Any, m: Messages) -> tuple[str, str, str, str]:
    """A data source in the report's language: the registered layers' texts come from the
    catalogue (``source.*.<layer>``), a text the catalogue lacks is shown as it is."""
    if source.user_file:
        marked = m.t("format.marked", text=source.name, mark=USER_FILE_MARK)
        user = m.t("source.user_file")
        return (marked, user, user, user)
    key = source.name
    return (
        m.get(f"source.name.{key}", key) or key,
        m.get(f"source.source.{key}", source.source) or source.source,
        m.get(f"source.licence.{key}", source.licence) or source.licence,
        m.get(f"source.date.{key}", source.date) or source.date,
    )


def _assumptions(
    result: RankResult, ctx: _Context, extra_layers: tuple[str, ...]
) -> AssumptionsView:
    m = ctx.m
    cfg = result.config
    weight_rows = []
    for c in cfg.criteria:
        unit = result.measures[c.name].unit
        direction = m.t(f"assumptions.direction.{c.direction}")
        weight_rows.append(
            (
                c.name,
                ctx.labels[c.name],
                m.percent(result.weights.get(c.name, 0.0)),
                direction,
                describe_value_function(c, unit, m),
            )
        )
    headers: tuple[str, ...] = (
        m.t("assumptions.criterion"),
        m.t("assumptions.measures"),
        m.t("assumptions.weight"),
        m.t("assumptions.direction"),
        m.t("assumptions.value_function"),
    )
    numeric: tuple[bool, ...] = (False, False, True, False, False)
    rows: list[tuple[str, ...]] = list(weight_rows)
    if not ctx.analyst:  # the config's criterion ids are an analyst's: a tenant reads the label
        headers, numeric = headers[1:], numeric[1:]
        rows = [row[1:] for row in rows]
    weights = TableView(headers=headers, rows=tuple(rows), numeric=numeric)
    sources_list = build_sources(cfg, extra=extra_layers)
    user_files = [s.name for s in sources_list if s.user_file]
    sources = TableView(
        headers=(
            m.t("source.layer"),
            m.t("source.source"),
            m.t("source.licence"),
            m.t("source.date"),
        ),
        rows=tuple(_source_row(s, m) for s in sources_list),
        numeric=(False, False, False, False),
    )
    notes: list[str] = [m.t("assumptions.weights_note")]
    if result.illustrative:
        notes.append(
            m.t(
                "note.illustrative_run",
                mark=ILLUSTRATIVE_MARK,
                criteria=", ".join(
                    c if ctx.analyst else ctx.labels[c].lower() for c in result.illustrative
                ),
            )
        )
    if user_files:
        notes.append(m.t("note.user_files", mark=USER_FILE_MARK, files=", ".join(user_files)))
    if ctx.user is not None and ctx.user.columns:
        notes.append(
            m.t(
                "note.user_attributes",
                mark=USER_FILE_MARK,
                file=ctx.user.file,
                columns=", ".join(sorted(ctx.user.columns)),
                parks=len(ctx.user.ids),
            )
        )
    notes.append(m.t("note.drive_times"))
    constraints = tuple(_describe_elimination(result, e, m) for e in result.eliminations)
    if "states" in extra_layers:
        notes.append(m.t("note.smoothed_areas"))
    corridors = [str(m.get(f"corridor.{c}", c)) for c in cfg.search.corridors]
    names = {str(i): str(n) for i, n in result.candidates.frame["name"].items()}
    return AssumptionsView(
        profile=profile_name(result, m),
        description=m.get(f"profile.description.{cfg.profile.name}", cfg.profile.description) or "",
        method=m.t(f"method.{result.scores.method}"),
        weights_method=m.get(f"weights_method.{result.weights_method}", result.weights_method)
        or result.weights_method,
        weights=weights,
        corridors=", ".join(corridors),
        counts=_describe_counts(result, m),
        constraints=constraints,
        sources=sources,
        notes=tuple(notes),
        engine_notes=tuple(translate_note(n, m, names) for n in result.notes),
    )


def _describe_counts(result: RankResult, m: Messages) -> str:
    """Candidates considered, passed and removed, each removal under its own cause: a row of
    the user's file left out (no coordinates, outside Mexico, a repeat) is not a park outside
    the corridors searched."""
    stages = result.removed["stage"].astype(str)
    text = m.t(
        "assumptions.counts",
        considered=len(result.candidates.frame),
        passed=len(result.scores.table),
        removed=int((stages == "corridor").sum()),
    )
    unusable = int((stages != "corridor").sum())
    if unusable:
        text += " " + m.t("assumptions.counts_unusable", count=unusable)
    return text


def _describe_elimination(result: RankResult, elimination: Elimination, m: Messages) -> str:
    """One hard rule and the parks it removes on its own. A tenant's requirement is said in the
    report's language (``Terreno (≥ 12 ha)``), as its checklist says it; a
    config's ``[[constraints]]`` keeps its rule as written (``min_wage_mxn_day <= 400``)."""
    from siteselect.config.requirements import REQUIREMENT_BY_KEY
    from siteselect.report.facts_view import format_needed

    rule = elimination.constraint
    for summary in result.requirements.summaries if result.requirements is not None else ():
        if rule == f"requirement {summary.label}":
            spec = REQUIREMENT_BY_KEY[summary.requirement]
            label = spec.label.get(m.lang, spec.label["en"])
            rule = f"{label} ({format_needed(summary, m.lang)})"
            break
    key = "assumptions.constraint_one" if elimination.removed == 1 else "assumptions.constraint"
    return m.t(key, rule=rule, removed=m.number(elimination.removed, 0))
