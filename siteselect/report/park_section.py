"""One park's section of a proposal: what it says about a ranked park (verdict, facts,
requirements, access, labour, suppliers, pillars, contributions), read from its explanation,
and the context every part of a proposal reads (messages, criteria labels, names)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from siteselect.constants import ILLUSTRATIVE_MARK, USER_FILE_MARK
from siteselect.errors import InfeasibleError
from siteselect.frames import cell
from siteselect.report.definitions import target_label
from siteselect.report.facts_view import (
    FactCard,
    FactsBlock,
    RequirementLine,
    build_facts_block,
    describe_policy,
)
from siteselect.report.i18n import Messages
from siteselect.report.labels import build_labels, collect_feature_names, describe_power_basis
from siteselect.report.map_layers import MapLayers
from siteselect.report.proposal_view import (
    ContributionView,
    ParkSection,
    PillarView,
    ScoreItemView,
    TableView,
)
from siteselect.report.resilience import Resilience, closure_texts
from siteselect.report.sales import (
    build_access_rows,
    build_industries,
    build_key_figures,
    build_park_facts,
    build_suppliers,
    build_verdict,
    place_name,
    select_page_cards,
)

if TYPE_CHECKING:
    from siteselect.config.schema import CriterionConfig as Criterion
    from siteselect.criteria import JoinedAttributes
    from siteselect.results import CriterionValue, Explanation, RankResult

HUMAN = ("population_within", "commute_burden", "shed_ratio", "pool_commute")
RESILIENCE = ("crossings_within", "backup_drive_time", "grid_distance")
POWER_UNITS = ("MVA", "MW", "kW")


def _criteria_by_name(result: RankResult) -> dict[str, Criterion]:
    return {c.name: c for c in result.config.criteria}


@dataclass(frozen=True)
class _Context:
    """What every part of a proposal reads: messages, criteria and their labels, the user's
    attributes, the stress test."""

    m: Messages
    criteria: Mapping[str, Criterion]
    labels: Mapping[str, str]
    user: JoinedAttributes | None = None
    resilience: Resilience | None = None
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    analyst: bool = True

    def user_criteria(self, result: RankResult, cid: str) -> frozenset[str]:
        """Criteria whose value for ``cid`` comes from a user's file: every ``attribute`` of
        candidates read from the user's own file, or a column their ``[candidates]
        attributes`` brought for ``cid``."""
        own_file = result.config.candidates.path is not None
        joined = self.user.columns if self.user is not None and cid in self.user.ids else ()
        return frozenset(
            c.name
            for c in result.config.criteria
            if c.measure == "attribute"
            and (own_file or str(getattr(c.params, "column", "")) in joined)
        )


def _context(
    result: RankResult,
    m: Messages,
    names: Mapping[str, Mapping[str, str]] | None = None,
    resilience: Resilience | None = None,
    local: Mapping[str, Mapping[str, str]] | None = None,
    analyst: bool = True,
) -> _Context:
    known = collect_feature_names(result)
    for layer, lookup in (names or {}).items():
        known.setdefault(layer, {}).update(lookup)
    for layer, lookup in (local or {}).items():
        known.setdefault(layer, {}).update(lookup)
    return _Context(
        m=m,
        criteria=_criteria_by_name(result),
        labels=build_labels(result.config.criteria, m, known),
        user=result.candidates.attributes,
        resilience=resilience,
        names=known,
        analyst=analyst,
    )


def _place(explanation: Explanation, m: Messages) -> str:
    fields = explanation.fields
    parts = [fields.get("municipality"), fields.get("state")]
    known = [p for p in parts if p]
    corridor = fields.get("corridor")
    corridor_name = m.get(f"corridor.{corridor}", corridor) if corridor else None
    if known and corridor_name:
        return m.t("park.place_corridor", place=", ".join(known), corridor=corridor_name)
    if known:
        return ", ".join(known)
    return corridor_name or ""


def _raw_text(v: CriterionValue, m: Messages, user: frozenset[str] = frozenset()) -> str:
    """A raw value with its unit, marked † when illustrative and ‡ when from a user's file."""
    text = m.quantity(v.raw, v.unit)
    if v.illustrative:
        text = m.t("format.marked", text=text, mark=ILLUSTRATIVE_MARK)
    if v.criterion in user:
        text = m.t("format.marked", text=text, mark=USER_FILE_MARK)
    basis = describe_power_basis(v, m)
    if basis is not None:  # the park's own facts (marked ‡) or the grid-distance fallback
        text = f"{text}, {basis}"
    return text


def _contributions(
    explanation: Explanation, ctx: _Context, user: frozenset[str]
) -> tuple[ContributionView, ...]:
    out = []
    for v in explanation.criteria:
        if v.weight <= 0:
            continue
        value = v.value
        out.append(
            ContributionView(
                criterion=v.criterion,
                label=ctx.labels[v.criterion],
                weight=v.weight,
                value=value,
                earned=v.weight * (value if value is not None else 0.0),
                raw_text=_raw_text(v, ctx.m, user),
                illustrative=v.illustrative,
            )
        )
    return tuple(out)


def _facilities(explanation: Explanation, ctx: _Context) -> TableView | None:
    m = ctx.m
    rows = []
    for v in explanation.criteria:
        if not v.reaches:
            continue
        layer = v.nearest.layer if v.nearest else target_label(v.parameters.get("to")) or ""
        kind = m.get(f"layer.{layer}", layer) or layer
        if v.nearest is None:
            name = m.t("facility.none")
        elif v.nearest.name:
            name = _local_name(v, ctx)
        else:  # an unnamed line or substation is called by its kind, never by a machine id
            name = m.get(f"facility.nearest.{layer}", kind) or kind
        not_measured = m.t("value.not_measured")
        if v.measure in ("drive_time", "drive_distance"):
            minutes = v.raw if v.unit == "min" else v.details.get("drive_min")
            km = v.raw if v.unit == "km" else v.details.get("drive_km")
            drive_min, drive_km = m.clock(minutes), m.number(km, 0)
            straight = m.number(v.details.get("straight_km"), 1)
        elif v.measure == "backup_drive_time":
            # The value is the extra time over the nearest crossing: the row gives the drive
            # to the backup crossing itself (its distances are not measured).
            backup = v.details.get("backup_min")
            drive_min = m.clock(backup) if backup is not None else not_measured
            drive_km = straight = not_measured
        else:
            drive_min = drive_km = not_measured
            # A power value decided by the park's facts is not a distance: the map's stays here.
            straight = m.number(v.details.get("grid_km", v.raw), 1)
        rows.append((kind, name, drive_min, drive_km, straight, ctx.labels[v.criterion]))
    if not rows:
        return None
    return TableView(
        headers=(
            m.t("facility.kind"),
            m.t("facility.name"),
            m.t("facility.drive_time"),
            m.t("facility.drive_km"),
            m.t("facility.straight_km"),
            m.t("facility.criterion"),
        ),
        rows=tuple(rows),
        numeric=(False, False, True, True, True, False),
    )


def _local_name(v: CriterionValue, ctx: _Context) -> str:
    """A reached feature's name in the report's language (catalogue, then the layer)."""
    return place_name(v, ctx.m, ctx.names)


def _labour(
    explanation: Explanation,
    isochrones: Sequence[tuple[float, Any]],
    m: Messages,
) -> TableView | None:
    rows = []
    for v in explanation.criteria:
        minutes = m.number(float(v.parameters.get("minutes", 0)), 0)
        if v.measure == "population_within":
            label = (
                m.t("labour.people", minutes=minutes)
                if v.unit == "people"
                else m.t("labour.amount", minutes=minutes, column=v.parameters.get("column", ""))
            )
            rows.append((label, m.quantity(v.raw, v.unit)))
        elif v.measure == "commute_burden":
            rows.append((m.t("labour.commute", minutes=minutes), m.quantity(v.raw, "min")))
    for minutes_value, polygon in isochrones:
        area = polygon.area / 1e6 if polygon is not None else None
        rows.append(
            (
                m.t("labour.area", minutes=m.number(minutes_value, 0)),
                m.t("format.value_unit", value=m.number(area, 0), unit="km²"),
            )
        )
    if not rows:
        return None
    return TableView(
        headers=(m.t("labour.what"), m.t("labour.value")),
        rows=tuple(rows),
        numeric=(False, True),
    )


def _pillar(
    key: str,
    values: Sequence[CriterionValue],
    ctx: _Context,
    user: frozenset[str],
    notes: tuple[str, ...] = (),
    facts: tuple[tuple[str, str], ...] = (),
) -> PillarView:
    m = ctx.m
    items = tuple(
        ScoreItemView(
            label=ctx.labels[v.criterion],
            value_text=_raw_text(v, m, user),
            value=v.value,
            weight_text=m.percent(v.weight),
        )
        for v in values
    )
    weighted = [(v.weight, v.value) for v in values if v.weight > 0 and v.value is not None]
    total = sum(w for w, _ in weighted)
    score = sum(w * x for w, x in weighted) / total if total > 0 else None
    if not values and not facts:
        notes = (m.t("pillar.not_measured"), *notes)
    elif not values:
        notes = (m.t("pillar.not_scored"), *notes)
    return PillarView(
        key=key,
        title=m.t(f"pillar.{key}"),
        items=items,
        score=score,
        score_text=m.t("value.not_measured") if score is None else m.number(100 * score, 0),
        notes=notes,
        facts=facts,
    )


def _is_power(v: CriterionValue, criteria: Mapping[str, Criterion]) -> bool:
    """A power criterion: a power attribute of the park, or a measure to a power layer."""
    params = criteria[v.criterion].params.model_dump(mode="json", by_alias=True)
    column = str(params.get("column") or "")
    if v.measure == "attribute":
        return v.unit in POWER_UNITS or column.startswith("power")
    return str(params.get("to") or "").startswith("power")


def _resilience_facts(
    explanation: Explanation, ctx: _Context
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The resilience pillar's closure figures and notes (or why there are none)."""
    m = ctx.m
    if ctx.resilience is None:
        return (), (m.t("resilience.not_computed"),)
    cost = ctx.resilience.costs.get(explanation.id)
    if cost is None:
        return (), (m.t("resilience.not_computed"),)
    increase, worst = closure_texts(cost, explanation.of, m, ctx.names)
    facts = ((m.t("resilience.increase"), increase), (m.t("resilience.worst_rank"), worst))
    scope = m.t(
        "resilience.scope",
        closures=ctx.resilience.closures,
        trucks=m.number(ctx.resilience.min_trucks, 0),
    )
    return facts, (scope,)


def _scorecard(
    explanation: Explanation, ctx: _Context, user: frozenset[str]
) -> tuple[PillarView, ...]:
    values = explanation.criteria
    human = [v for v in values if v.measure in HUMAN]
    resilience = [v for v in values if v.measure in RESILIENCE]
    sustainable = [v for v in values if v.measure == "raster" or _is_power(v, ctx.criteria)]
    facts, notes = _resilience_facts(explanation, ctx)
    return (
        _pillar("human", human, ctx, user),
        _pillar("resilience", resilience, ctx, user, notes, facts),
        _pillar("sustainability", sustainable, ctx, user),
    )


def _sales_pillars(
    explanation: Explanation, ctx: _Context, user: frozenset[str]
) -> tuple[PillarView, ...]:
    """The people, resilience and sustainability pillars as a tenant reads them: what was
    measured, with its value; no 0-100 score and no weight. A pillar with nothing measured is
    left out (the method annex says what the profile weighs)."""
    m = ctx.m
    out = []
    values = explanation.criteria
    groups = {
        "human": [v for v in values if v.measure in HUMAN],
        "resilience": [v for v in values if v.measure in RESILIENCE],
        "sustainability": [
            v for v in values if v.measure == "raster" or _is_power(v, ctx.criteria)
        ],
    }
    for key, group in groups.items():
        facts: list[tuple[str, str]] = [
            (ctx.labels[v.criterion], _raw_text(v, m, user)) for v in group
        ]
        if key == "resilience" and ctx.resilience is not None:
            cost = ctx.resilience.costs.get(explanation.id)
            if cost is not None:
                facts.append(
                    (
                        m.t("resilience.increase"),
                        closure_texts(cost, explanation.of, m, ctx.names)[0],
                    )
                )
        if not facts:
            continue
        out.append(
            PillarView(
                key=key,
                title=m.t(f"pillar.{key}"),
                items=(),
                score=None,
                score_text="",
                notes=(m.t(f"pillar.sales_note.{key}"),),
                facts=tuple(facts),
            )
        )
    return tuple(out)


def _highlights(
    explanation: Explanation, ctx: _Context, user: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    """Key figures for the first page: the labour pool and the nearest crossing and port."""
    m = ctx.m
    out: list[tuple[str, str]] = []
    for v in explanation.criteria:
        if v.measure == "population_within" and v.unit == "people":
            minutes = m.number(float(v.parameters.get("minutes", 0)), 0)
            out.append((m.t("labour.people", minutes=minutes), _raw_text(v, m, user)))
        elif v.measure in ("drive_time", "drive_distance") and v.nearest is not None:
            name = _local_name(v, ctx) or v.nearest.id or ""
            text = m.t("highlight.to", value=_raw_text(v, m, user), name=name)
            out.append((ctx.labels[v.criterion], text))
    return tuple(out[:4])


def _score_text(method: str, score: float, m: Messages) -> str:
    digits = 3
    return m.t(f"score.{method}", score=m.number(score, digits))


def build_section(
    result: RankResult,
    cid: str,
    *,
    messages: Messages,
    isochrones: Sequence[tuple[float, Any]] = (),
    names: Mapping[str, Mapping[str, str]] | None = None,
    resilience: Resilience | None = None,
) -> ParkSection:
    """What a proposal says about one ranked park.

    ``names`` (layer -> feature id -> name) names the features of ``where`` filters in the
    labels; ``resilience`` is the stress test of the search (see :func:`build_resilience`).
    """
    return _section(result, cid, _context(result, messages, names, resilience), isochrones)


def _dates(m: Messages) -> dict[str, str]:
    """Layer -> the short date of its data, for fact cards (``""`` when undated)."""
    from siteselect.layers import LAYERS

    return {name: m.get(f"source.year.{name}", "") or "" for name in LAYERS}


def _section(
    result: RankResult,
    cid: str,
    ctx: _Context,
    isochrones: Sequence[tuple[float, Any]] = (),
    *,
    layers: MapLayers | None = None,
) -> ParkSection:
    m = ctx.m
    explanation = result.explain(cid)
    if explanation.rank is None or explanation.score is None:
        msg = (
            f"park {explanation.name!r} is eliminated ({explanation.eliminated_by}), so it has "
            f"no score to report; check the profile's constraints and corridors"
        )
        raise InfeasibleError(msg)
    user = ctx.user_criteria(result, explanation.id)
    notes: list[str] = []
    marked = [v.criterion for v in explanation.criteria if v.illustrative and v.weight > 0]
    if marked:
        notes.append(
            m.t(
                "note.illustrative",
                mark=ILLUSTRATIVE_MARK,
                criteria=", ".join(ctx.labels[c] for c in marked),
            )
        )
    if user and ctx.user is not None:
        notes.append(
            m.t(
                "note.user_values",
                mark=USER_FILE_MARK,
                file=ctx.user.file,
                criteria=", ".join(
                    ctx.labels[c.name] for c in result.config.criteria if c.name in user
                ),
            )
        )
    profile = profile_name(result, m)
    access_rows = build_access_rows(explanation, m, ctx.names)
    access = (
        TableView(
            headers=(
                m.t("access.kind"),
                m.t("access.name"),
                m.t("access.time"),
                m.t("access.km"),
            ),
            rows=access_rows,
            numeric=(False, False, True, True),
        )
        if access_rows
        else None
    )
    neighbourhood = layers.neighbourhoods.get(cid) if layers is not None else None
    facts = build_park_facts(result, explanation.id, m)
    industries = build_industries(result, m)
    figures = build_key_figures(explanation, m, ctx.labels, ctx.names, _dates(m), industries)
    block = build_facts_block(result, explanation.id, m.lang)
    requirements = block.requirements if block is not None else ()
    return ParkSection(
        id=explanation.id,
        name=explanation.name,
        place=_place(explanation, m),
        rank=explanation.rank,
        of=explanation.of,
        score=explanation.score,
        rank_text=m.t("park.rank", rank=explanation.rank, of=explanation.of),
        score_text=_score_text(explanation.method, explanation.score, m),
        score_label=m.t(f"score.label.{explanation.method}"),
        score_value=m.number(explanation.score, 3),
        highlights=_highlights(explanation, ctx, user),
        contributions=_contributions(explanation, ctx, user),
        facilities=_facilities(explanation, ctx),
        labour=_labour(explanation, isochrones, m),
        scorecard=_scorecard(explanation, ctx, user),
        notes=tuple(notes),
        developer=explanation.fields.get("developer") or "",
        verdict=build_verdict(result, explanation, m, ctx.labels, ctx.names, profile, facts),
        facts=facts,
        key_figures=figures,
        cards=select_page_cards(facts, figures),
        facts_title=m.t(
            "section.park_facts" if result.facts is not None else "section.park_facts_own"
        ),
        facts_table=_facts_table(facts, m),
        facts_notes=_facts_notes(block, facts, m),
        requirements=requirements,
        requirements_table=_requirements_table(requirements, m),
        access=access,
        suppliers=build_suppliers(neighbourhood, m, explanation.name),
        pillars=_sales_pillars(explanation, ctx, user),
        rank_note=_rank_note(result, explanation, m),
        metro=_metro(result, explanation.id),
        # Each method's rank (an analyst's figure: the four methods are scored for it).
        agreement=_rank_range(result, explanation.id, m) if ctx.analyst else "",
    )


def _facts_table(facts: Sequence[FactCard], m: Messages) -> TableView | None:
    """Every fact of a park: its value in its unit (marked), its date and its source."""
    if not facts:
        return None
    return TableView(
        headers=(m.t("facts.fact"), m.t("facts.value"), m.t("facts.date"), m.t("facts.source")),
        rows=tuple(
            (
                c.label,
                c.value_text,
                m.t("facts.stale", date=c.date_text) if c.stale else c.date_text,
                c.source,
            )
            for c in facts
        ),
        numeric=(False, True, False, False),
    )


def _facts_notes(
    block: FactsBlock | None, facts: Sequence[FactCard], m: Messages
) -> tuple[str, ...]:
    """What the marks on the facts mean: the user's sheet credited (‡), illustrative values
    (†), the missing-fact policy and the staleness rule (said once, under the facts)."""
    if block is None or block.file is None:
        marks = {c.mark for c in facts if c.group == "park"}
        notes = []
        if USER_FILE_MARK in marks:
            notes.append(m.t("facts.note.user_columns", mark=USER_FILE_MARK))
        if ILLUSTRATIVE_MARK in marks:
            notes.append(m.t("facts.note.illustrative_columns", mark=ILLUSTRATIVE_MARK))
        return tuple(notes)
    policy = describe_policy(block.policy, m.lang, key=False)
    kept = [n for n in block.notes if n != block.policy_text]
    return (*kept, m.t("facts.note.policy", policy=policy))


def _requirements_table(lines: Sequence[RequirementLine], m: Messages) -> TableView | None:
    """The tenant's requirements: what was asked, what the park has, met or not."""
    if not lines:
        return None
    return TableView(
        headers=(
            m.t("requirements.requirement"),
            m.t("requirements.needed"),
            m.t("requirements.park"),
            m.t("requirements.status"),
        ),
        rows=tuple(
            (
                r.label,
                r.needed_text,
                r.value_text + (f" ({r.note})" if r.note else ""),
                f"{r.symbol} {r.status_text}",
            )
            for r in lines
        ),
        numeric=(False, False, True, False),
    )


def _metro(result: RankResult, cid: str) -> str:
    """The metropolitan area of a park (SEDATU/CONAPO/INEGI delimitation), or ``""``."""
    frame = result.candidates.frame
    if "metro_name" not in frame.columns:
        return ""
    name = cell(frame, cid, "metro_name")
    return name if isinstance(name, str) else ""


def _rank_range(result: RankResult, cid: str, m: Messages) -> str:
    """The park's rank under each method, as one line (analyst)."""
    agreement = result.agreement
    if cid not in agreement.ranks.index:
        return ""
    ranks = {k: int(cell(agreement.ranks, cid, k)) for k in agreement.methods}
    low, high = min(ranks.values()), max(ranks.values())
    each = ", ".join(
        m.t("robustness.method_rank", method=m.t(f"method.short.{k}"), rank=rank)
        for k, rank in ranks.items()
    )
    if low == high:
        return m.t("robustness.same_rank", rank=low, each=each)
    return m.t("robustness.rank_range", low=low, high=high, each=each)


def _rank_note(result: RankResult, explanation: Explanation, m: Messages) -> str:
    """VIKOR: when the park is in the compromise set, the parks it cannot be told from."""
    if result.scores.method != "vikor":
        return ""
    for note in result.notes:
        if note.startswith("VIKOR compromise set") and explanation.id in note:
            ids = note.split(": ", 1)[1].replace(" ...", "").split(", ")
            frame = result.candidates.frame
            others = [
                str(cell(frame, i, "name")) for i in ids if i != explanation.id and i in frame.index
            ]
            if others:
                return m.t("park.compromise", names=", ".join(others))
    return ""


def profile_name(result: RankResult, m: Messages) -> str:
    """The profile's name in the report's language (the catalogue's, else the config's)."""
    name = result.config.profile.name
    return m.get(f"profile.name.{name}", name) or name
