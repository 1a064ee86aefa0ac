"""Proposal reports: the typed view model a sales team's document is rendered from.

:func:`build_proposal` turns a :class:`~siteselect.results.RankResult` (and the map layers and
isochrones read for it) into a :class:`ProposalView`: every text already in the report's
language, every number formatted for it, nothing recomputed. The HTML and PDF renderers
(:mod:`~siteselect.report.html`, :mod:`~siteselect.report.pdf`) only lay it out.

Two audiences read it. ``sales`` (the default of a park report) leads with a verdict built
from the park's measured strengths, its facts as cards, the tenant's requirements checked and
the map; then access, workforce, suppliers, resilience and sustainability as measured; the
method and sources go to an annex, and other parks appear only when ``compare`` names them.
``analyst`` keeps the score, what drives it, the comparison, the weight changes that would
swap parks, the Industry 5.0 scores and the method's robustness notes.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError, InfeasibleError, SiteselectWarning
from siteselect.frames import cell
from siteselect.report.definitions import target_label
from siteselect.report.facts_view import (
    FactCard,
    FactsBlock,
    RequirementLine,
    build_facts_block,
    describe_policy,
)
from siteselect.report.i18n import Messages, read_messages
from siteselect.report.labels import (
    build_labels,
    collect_feature_names,
    describe_power_basis,
    describe_value_function,
    translate_note,
)
from siteselect.report.map_layers import MapLayers, MapPoint
from siteselect.report.resilience import Resilience, closure_texts
from siteselect.report.sales import (
    SupplierView,
    build_access_rows,
    build_industries,
    build_key_figures,
    build_park_facts,
    build_suppliers,
    build_verdict,
    select_page_cards,
)
from siteselect.report.sources import build_sources

if TYPE_CHECKING:
    from siteselect.config.schema import CriterionConfig as Criterion
    from siteselect.criteria import JoinedAttributes
    from siteselect.results import CriterionValue, Explanation, RankResult

PAPERS = ("a4", "letter")
AUDIENCES = ("sales", "analyst")
COMPARISON_COLUMNS = 5
"""Parks per block of the comparison table: a wider table is cut into blocks that fit."""
OVERVIEW_CRITERIA = 3
HUMAN = ("population_within", "commute_burden", "shed_ratio", "pool_commute")
RESILIENCE = ("crossings_within", "backup_drive_time", "grid_distance")
POWER_UNITS = ("MVA", "MW", "kW")
MAX_ALTERNATIVES = 4
ILLUSTRATIVE_MARK = "†"
USER_FILE_MARK = "‡"


@dataclass(frozen=True)
class TableView:
    """A table ready to lay out: headers and formatted cells.

    Attributes
    ----------
    headers
        Column titles.
    rows
        Formatted cells, one tuple a row.
    numeric
        Per column, whether it holds numbers (right-aligned).
    highlight
        Index of a row to emphasise (the subject park), or ``None``.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    highlight: int | None = None


@dataclass(frozen=True)
class ContributionView:
    """One criterion's share of a park's score (for the contributions chart).

    ``earned`` is ``weight x value`` (the value-function score in [0, 1]): the part of the
    criterion's weight the park earned.
    """

    criterion: str
    label: str
    weight: float
    value: float | None
    earned: float
    raw_text: str
    illustrative: bool


@dataclass(frozen=True)
class ScoreItemView:
    """A line of the Industry 5.0 scorecard."""

    label: str
    value_text: str
    value: float | None
    weight_text: str
    note: str | None = None


@dataclass(frozen=True)
class PillarView:
    """One Industry 5.0 pillar: its criteria, their weighted mean score, what is missing.

    ``facts`` are figures that are not criteria of the score (label, value), such as the cost
    of a closed border crossing in the resilience pillar.
    """

    key: str
    title: str
    items: tuple[ScoreItemView, ...]
    score: float | None
    score_text: str
    notes: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MapView:
    """The map of a proposal: layers, the parks shown, localised legend and attribution.

    ``isochrones`` are the first park's drive-time areas as drawn (smoothed); ``areas`` the
    largest drawn area of every other subject (a shortlist map outlines them all);
    ``labels`` other map words (the neighbour country's name).
    """

    layers: MapLayers
    subjects: tuple[MapPoint, ...]
    others: tuple[MapPoint, ...]
    facilities: tuple[MapPoint, ...]
    lines: tuple[Any, ...]
    isochrones: tuple[tuple[float, Any], ...]
    iso_labels: tuple[str, ...]
    legend: Mapping[str, str]
    titles: tuple[str, str]
    attribution: str
    north: str
    areas: tuple[tuple[float, Any], ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParkSection:
    """Everything a proposal says about one park.

    ``verdict`` is one or two sentences from the park's measured strengths. ``facts`` are the
    park's own facts, one path each (the user's facts sheet, else the park's sourced
    columns), ``key_figures`` what was measured for it (labour pool, drive times), both as
    :class:`~siteselect.report.facts_view.FactCard`; ``cards`` the ones a sales document's
    first page shows; ``facts_table`` every fact with its date and source, ``facts_notes``
    the file credited (‡), the illustrative mark (†), the missing-fact policy and staleness.
    ``requirements`` are the tenant's ``[requirements]`` checked for the park
    (:class:`~siteselect.report.facts_view.RequirementLine`), ``requirements_table`` the
    same as a table. ``access`` is a drive time (h:mm) and distance table; ``pillars`` the
    people, resilience and sustainability pillars as measured (no 0-100 score: for the sales
    version); ``scorecard`` the scored pillars (for the analyst version); ``rank_note`` says
    when the method cannot separate the park from the next ones; ``metro`` the metropolitan
    area the park belongs to and ``agreement`` its rank under each method (analyst).
    """

    id: str
    name: str
    place: str
    rank: int
    of: int
    score: float
    rank_text: str
    score_text: str
    score_label: str
    score_value: str
    highlights: tuple[tuple[str, str], ...]
    contributions: tuple[ContributionView, ...]
    facilities: TableView | None
    labour: TableView | None
    scorecard: tuple[PillarView, ...]
    notes: tuple[str, ...]
    developer: str = ""
    verdict: tuple[str, ...] = ()
    facts: tuple[FactCard, ...] = ()
    key_figures: tuple[FactCard, ...] = ()
    cards: tuple[FactCard, ...] = ()
    facts_title: str = ""
    facts_table: TableView | None = None
    facts_notes: tuple[str, ...] = ()
    requirements: tuple[RequirementLine, ...] = ()
    requirements_table: TableView | None = None
    access: TableView | None = None
    suppliers: SupplierView | None = None
    pillars: tuple[PillarView, ...] = ()
    rank_note: str = ""
    metro: str = ""
    agreement: str = ""


@dataclass(frozen=True)
class Branding:
    """Who the document comes from and is for (``--logo``, ``--photo``, ``--contact``,
    ``--prepared-for``, the config's ``[report]``): images already read and checked
    (:func:`siteselect.layers.images.read_image`), colours as ``#rrggbb``."""

    logo: Any = None
    photo: Any = None
    contact: str = ""
    prepared_for: str = ""
    developer: str = ""
    primary: str = "#0b6e4f"
    accent: str = "#1f2a37"


@dataclass(frozen=True)
class BrandingView:
    """Branding as the renderers use it: image bytes and kinds, texts, colours."""

    logo: bytes | None
    logo_kind: str
    logo_ratio: float
    photo: bytes | None
    photo_kind: str
    photo_ratio: float
    contact: str
    prepared_for: str
    developer: str
    primary: str
    accent: str

    def rgb(self, which: str) -> tuple[int, int, int]:
        """A colour as an (r, g, b) triple."""
        text = (self.primary if which == "primary" else self.accent).lstrip("#")
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


@dataclass(frozen=True)
class AssumptionsView:
    """How the score was made and from what: profile, method, weights, rules, sources."""

    profile: str
    description: str
    method: str
    weights_method: str
    weights: TableView
    corridors: str
    counts: str
    constraints: tuple[str, ...]
    sources: TableView
    notes: tuple[str, ...]
    engine_notes: tuple[str, ...]


@dataclass(frozen=True)
class ProposalView:
    """A whole proposal document, in one language.

    Attributes
    ----------
    kind
        ``park`` (one park against alternatives) or ``shortlist`` (the top of a search).
    parks
        One section for the park, or one a shortlisted park, in rank order.
    comparison
        Parks (columns) by rank, score and criteria (rows).
    swaps
        Sentences saying which single weight change would swap the park with each other.
    map
        The map, or ``None`` when the candidates have no locations.
    audience
        ``sales`` or ``analyst`` (see the module's note).
    overview
        A shortlist report's opening table: one row a park.
    comparison_blocks
        The comparison cut into blocks of at most :data:`COMPARISON_COLUMNS` parks, each with
        the row labels, so that every column fits a page.
    show_comparison
        Whether the document compares parks (always for an analyst; for sales only when
        ``compare`` named parks).
    robustness
        The method's robustness notes (analyst): method agreement, VIKOR's compromise
        conditions, the engine's notes, in the report's language.
    regions
        A shortlist over several corridors: the corridors side by side (what ``siteselect
        regions`` prints), or ``None``.
    """

    lang: str
    paper: str
    kind: str
    title: str
    subtitle: str
    date_text: str
    messages: Messages
    parks: tuple[ParkSection, ...]
    comparison: TableView
    swaps: tuple[str, ...]
    map: MapView | None
    assumptions: AssumptionsView
    footer: str
    audience: str = "analyst"
    branding: BrandingView | None = None
    overview: TableView | None = None
    comparison_blocks: tuple[TableView, ...] = ()
    show_comparison: bool = True
    robustness: tuple[str, ...] = ()
    regions: TableView | None = None
    regions_intro: str = ""


def _criteria_by_name(result: RankResult) -> dict[str, Criterion]:
    return {c.name: c for c in result.config.criteria}


# ---- one park ------------------------------------------------------------------------------


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
        if v.measure in ("drive_time", "drive_distance"):
            minutes = v.raw if v.unit == "min" else v.details.get("drive_min")
            km = v.raw if v.unit == "km" else v.details.get("drive_km")
            drive_min, drive_km = m.clock(minutes), m.number(km, 0)
            straight = v.details.get("straight_km")
        else:
            drive_min = drive_km = m.t("value.not_measured")
            # A power value decided by the park's facts is not a distance: the map's stays here.
            straight = v.details.get("grid_km", v.raw)
        rows.append(
            (kind, name, drive_min, drive_km, m.number(straight, 1), ctx.labels[v.criterion])
        )
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
    from siteselect.report.sales import _place_name

    return _place_name(v, ctx.m, ctx.names)


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
            name = v.nearest.name or v.nearest.id or ""
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
        verdict=build_verdict(result, explanation, m, ctx.labels, ctx.names, profile),
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


# ---- the document --------------------------------------------------------------------------


def _comparison(
    result: RankResult, ids: Sequence[str], ctx: _Context
) -> tuple[TableView, tuple[str, ...]]:
    m = ctx.m
    explanations = [result.explain(i) for i in ids]
    headers = (m.t("compare.row"), *(e.name for e in explanations))
    rows: list[tuple[str, ...]] = [
        (m.t("compare.rank"), *(str(e.rank) for e in explanations)),
        (
            m.t("compare.score"),
            *(m.number(e.score, 3) for e in explanations),
        ),
    ]
    for c in result.config.criteria:
        cells = []
        for e in explanations:
            v = next(x for x in e.criteria if x.criterion == c.name)
            cells.append(_raw_text(v, m, ctx.user_criteria(result, e.id)))
        rows.append((ctx.labels[c.name], *cells))
    if ctx.resilience is not None:
        costs = [ctx.resilience.costs.get(e.id) for e in explanations]
        texts = [
            closure_texts(cost, e.of, m, ctx.names)
            if cost is not None
            else (m.t("value.missing"),) * 2
            for cost, e in zip(costs, explanations, strict=True)
        ]
        rows.append((m.t("resilience.increase"), *(t[0] for t in texts)))
        rows.append((m.t("resilience.worst_rank"), *(t[1] for t in texts)))
    table = TableView(
        headers=headers,
        rows=tuple(rows),
        numeric=(False, *([True] * len(explanations))),
        highlight=None,
    )
    swaps: list[str] = []
    if len(ids) >= 2:
        comparison = result.compare(list(ids))
        names = {p.id: p.name for p in comparison.parks}
        for s in comparison.swaps:
            if s.criterion is None or s.weight_from is None or s.weight_to is None:
                swaps.append(m.t("swap.none", ahead=names[s.ahead], behind=names[s.behind]))
            else:
                swaps.append(
                    m.t(
                        "swap.change",
                        ahead=names[s.ahead],
                        behind=names[s.behind],
                        criterion=ctx.labels[s.criterion],
                        before=m.percent(s.weight_from),
                        after=m.percent(s.weight_to),
                    )
                )
    return table, tuple(swaps)


def split_columns(table: TableView, size: int = COMPARISON_COLUMNS) -> tuple[TableView, ...]:
    """A wide table (a label column, then one column a park) as blocks of at most ``size``
    parks, each repeating the label column, so that every block fits a page."""
    n = len(table.headers) - 1
    if n <= size:
        return (table,)
    blocks = []
    for start in range(1, n + 1, size):
        stop = min(start + size, n + 1)
        blocks.append(
            TableView(
                headers=(table.headers[0], *table.headers[start:stop]),
                rows=tuple((r[0], *r[start:stop]) for r in table.rows),
                numeric=(table.numeric[0], *table.numeric[start:stop]),
                highlight=table.highlight,
            )
        )
    return tuple(blocks)


def _overview(
    result: RankResult, sections: Sequence[ParkSection], ctx: _Context, audience: str
) -> TableView:
    """A shortlist's opening table: one row a park, its place and its values on the profile's
    heaviest criteria (and its score for an analyst)."""
    m = ctx.m
    heaviest = sorted(result.config.criteria, key=lambda c: -result.weights.get(c.name, 0.0))
    shown = [c.name for c in heaviest[:OVERVIEW_CRITERIA] if result.weights.get(c.name, 0) > 0]
    headers = [m.t("overview.rank"), m.t("overview.park"), m.t("overview.place")]
    numeric = [True, False, False]
    if audience == "analyst":
        headers.append(m.t("overview.score"))
        numeric.append(True)
    headers += [ctx.labels[c] for c in shown]
    numeric += [True] * len(shown)
    rows = []
    for section in sections:
        e = result.explain(section.id)
        user = ctx.user_criteria(result, e.id)
        values = {v.criterion: v for v in e.criteria}
        row = [str(section.rank), section.name, section.place]
        if audience == "analyst":
            row.append(section.score_value)
        row += [_raw_text(values[c], m, user) for c in shown]
        rows.append(tuple(row))
    return TableView(tuple(headers), tuple(rows), tuple(numeric))


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
    weights = TableView(
        headers=(
            m.t("assumptions.criterion"),
            m.t("assumptions.measures"),
            m.t("assumptions.weight"),
            m.t("assumptions.direction"),
            m.t("assumptions.value_function"),
        ),
        rows=tuple(weight_rows),
        numeric=(False, False, True, False, False),
    )
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
                criteria=", ".join(result.illustrative),
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
    constraints = tuple(
        m.t("assumptions.constraint", rule=e.constraint, removed=e.removed)
        for e in result.eliminations
    )
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
        counts=m.t(
            "assumptions.counts",
            considered=len(result.candidates.frame),
            passed=len(result.scores.table),
            removed=len(result.removed),
        ),
        constraints=constraints,
        sources=sources,
        notes=tuple(notes),
        engine_notes=tuple(translate_note(n, m, names) for n in result.notes),
    )


def _map_view(
    result: RankResult,
    layers: MapLayers,
    subjects: Sequence[str],
    others: Sequence[str],
    m: Messages,
) -> MapView:
    frame = result.candidates.frame
    geoms = frame.geometry

    def point(cid: str, kind: str, label: str) -> MapPoint:
        g = geoms.loc[cid]
        return MapPoint(kind, label, float(g.x), float(g.y))

    rank = result.scores.table["rank"]
    subject_points = tuple(
        point(c, "subject", m.t("map.park_label", rank=int(cell(result.scores.table, c, "rank"))))
        for c in subjects
    )
    other_points = tuple(point(c, "park", str(int(rank.loc[c]))) for c in others)
    facilities: list[MapPoint] = []
    lines: list[Any] = []
    for c in subjects:
        for f in layers.facilities.get(c, ()):
            local = layers.local_names.get(f.layer, {}).get(f.id) if f.id else None
            if local:  # the name in the report's language (a crossing's Spanish name)
                f = MapPoint(f.kind, local, f.x, f.y, f.layer, id=f.id)
            elif not f.label:  # a feature without a name is labelled by its kind
                kind = m.get(f"facility.nearest.{f.layer}", None) or m.get(f"layer.{f.layer}")
                f = MapPoint(f.kind, kind or f.layer, f.x, f.y, f.layer)
            if f not in facilities:
                facilities.append(f)
        lines.extend(layers.lines.get(c, ()))
    legend = {
        key: m.t(f"map.legend.{key}")
        for key in (
            "roads",
            "subject",
            "park",
            "border_crossings",
            "seaports",
            "airports",
            "power_substations",
            "railways",
            "facility",
            "rail_used",
        )
    }
    drawn = layers.smoothed or layers.isochrones
    isochrones = drawn.get(subjects[0], ()) if subjects else ()
    areas = tuple(drawn[c][-1] for c in subjects[1:] if drawn.get(c))
    return MapView(
        layers=layers,
        subjects=subject_points,
        others=other_points,
        facilities=tuple(facilities),
        lines=tuple(lines),
        isochrones=isochrones,
        iso_labels=tuple(m.t("map.legend.iso", minutes=m.number(t, 0)) for t, _ in isochrones),
        legend=legend,
        titles=(m.t("map.title_region"), m.t("map.title_local")),
        attribution=m.t("map.attribution"),
        north=m.t("map.north"),
        areas=areas,
        labels={
            "us": m.t("map.label.us"),
            "sea": m.t("map.label.sea"),
            "roads": m.t("map.legend.roads"),
            "areas": m.t("map.legend.areas"),
        },
    )


def _select_alternatives(subjects: Sequence[str], alternatives: Sequence[str]) -> list[str]:
    """The alternatives to compare, once each and without the park itself (a warning says
    what was left out)."""
    kept: list[str] = []
    for cid in alternatives:
        if cid in subjects:
            msg = f"--compare: {cid!r} is the park of the report itself; left out of the comparison"
        elif cid in kept:
            msg = f"--compare: {cid!r} is given more than once; compared once"
        else:
            kept.append(cid)
            continue
        warnings.warn(msg, SiteselectWarning, stacklevel=3)
    return kept


def build_proposal(
    result: RankResult,
    parks: Sequence[str] | None,
    *,
    compare: Sequence[str] = (),
    lang: str = "en",
    paper: str = "a4",
    layers: MapLayers | None = None,
    day: date | None = None,
    top: int | None = None,
    resilience: Resilience | None = None,
    audience: str | None = None,
    branding: Branding | None = None,
) -> ProposalView:
    """The view model of a proposal.

    Parameters
    ----------
    result
        The ranking the proposal reports on.
    parks
        One park (id or exact name) for a park proposal; ``None`` for the shortlist report.
    compare
        Alternatives to compare the park with. An analyst's report compares with the best
        other parks of the shortlist (up to four) by default; a sales report compares only
        with the parks named here. The park itself and repeated parks are left out with a
        :class:`~siteselect.errors.SiteselectWarning`.
    lang
        ``es`` or ``en``.
    paper
        ``a4`` or ``letter``.
    layers
        Map layers, isochrones, feature names and each park's neighbourhood (see
        :func:`read_map_layers`); no map when ``None``.
    day
        The date the document carries (the caller reads the clock or ``SOURCE_DATE_EPOCH``).
    top
        Number of shortlisted parks in a shortlist report (default: the search's shortlist).
    resilience
        The stress test of the search (:func:`build_resilience`, run by
        :func:`siteselect.api.build_report`). Without one, the resilience pillar says the
        cost of a closed crossing was not computed.
    audience
        ``sales`` or ``analyst``; default ``sales`` for a park, ``analyst`` for a shortlist.
    branding
        Logo, photo, contact, who it is prepared for, colours.

    The park's facts come from the search's facts sheet (``[candidates] facts``) where it
    gives them, else from the park's own columns; the requirement checklist from the
    search's ``[requirements]`` (see :mod:`siteselect.report.sales`).

    Returns
    -------
    ProposalView
    """
    m = read_messages(lang)
    if paper not in PAPERS:
        msg = f"--paper: {paper!r} is not a paper size; use a4 or letter"
        raise ConfigError(msg)
    chosen = audience or ("analyst" if parks is None else "sales")
    if chosen not in AUDIENCES:
        msg = f"--audience: {chosen!r} is not an audience; use sales or analyst"
        raise ConfigError(msg)
    table = result.scores.table
    shortlist = [str(i) for i in result.shortlist.index]
    if parks is None:
        kind = "shortlist"
        subjects = select_subjects(result, None, top=top)
        compared = subjects
        named = True
    else:
        kind = "park"
        subjects = [_resolve(result, p) for p in parks]
        alternatives = _select_alternatives(subjects, [_resolve(result, c) for c in compare])
        named = bool(alternatives)
        if not alternatives and chosen == "analyst":
            alternatives = [c for c in shortlist if c not in subjects][:MAX_ALTERNATIVES]
        compared = list(dict.fromkeys([*subjects, *alternatives]))
        for cid in compared:
            if cid not in table.index:
                name = str(cell(result.candidates.frame, cid, "name"))
                msg = f"park {name!r} is eliminated by the search, so it has no score to compare"
                raise InfeasibleError(msg)
    ctx = _context(
        result,
        m,
        layers.names if layers is not None else None,
        resilience,
        layers.local_names if layers is not None else None,
        analyst=chosen == "analyst",
    )
    iso = layers.isochrones if layers is not None else {}
    sections = tuple(
        _section(
            result,
            cid,
            ctx,
            iso.get(cid, ()),
            layers=layers,
        )
        for cid in subjects
    )
    show_comparison = chosen == "analyst" or (kind == "park" and named)
    if len(compared) >= 2 and show_comparison:
        comparison, swaps = _comparison(result, compared, ctx)
    else:
        comparison, swaps = _comparison(result, compared[:1], ctx)
    if chosen == "sales":
        swaps = ()  # a sales document never argues for another park
    # The map shows the whole shortlist (and any parks compared); a sales map of one park
    # shows only the parks the document names.
    if chosen == "sales" and kind == "park":
        others = [c for c in compared if c not in subjects]
    else:
        others = [c for c in dict.fromkeys([*shortlist, *compared]) if c not in subjects]
    map_view = None
    if layers is not None and result.candidates.has_location:
        map_view = _map_view(result, layers, subjects, others, m)
    profile = profile_name(result, m)
    if kind == "park":
        title = m.t("title.park", name=sections[0].name)
        subtitle = m.t(f"subtitle.park.{chosen}", place=sections[0].place, profile=profile)
    else:
        title = _shortlist_title(result, subjects, top, profile, m)
        corridors = [str(m.get(f"corridor.{c}", c)) for c in result.config.search.corridors]
        subtitle = m.t("subtitle.shortlist", of=len(table), corridors=", ".join(corridors))
    day_text = m.date(day) if day is not None else ""
    from siteselect._version import __version__

    regions, regions_intro = (
        _regions(result, ctx) if kind == "shortlist" and chosen == "analyst" else (None, "")
    )
    return ProposalView(
        lang=lang,
        paper=paper,
        kind=kind,
        title=title,
        subtitle=subtitle,
        date_text=day_text,
        messages=m,
        parks=sections,
        comparison=comparison,
        swaps=swaps,
        map=map_view,
        assumptions=_assumptions(result, ctx, ("states",) if map_view is not None else ()),
        footer=m.t("footer", version=__version__, date=day_text),
        audience=chosen,
        branding=_branding_view(branding, sections[0].developer if kind == "park" else ""),
        overview=_overview(result, sections, ctx, chosen) if kind == "shortlist" else None,
        comparison_blocks=split_columns(comparison),
        show_comparison=show_comparison and len(comparison.headers) > 2,
        robustness=_robustness(result, m) if chosen == "analyst" else (),
        regions=regions,
        regions_intro=regions_intro,
    )


def _regions(result: RankResult, ctx: _Context) -> tuple[TableView | None, str]:
    """A shortlist over more than one corridor: the corridors side by side, read from the one
    ranking as ``siteselect regions`` reads it (its best park, median score, labour pool,
    border and port medians, method agreement); ``None`` for a single corridor."""
    from siteselect.regions import LABOUR_POOL_MINUTES, build_region_comparison
    from siteselect.report.numbers import as_float

    frame = result.candidates.frame
    if "corridor" not in frame.columns:
        return None, ""
    ranked = frame.loc[frame.index.isin(result.scores.table.index), "corridor"]
    if ranked.nunique() < 2:
        return None, ""
    m = ctx.m
    names = {str(c): str(m.get(f"corridor.{c}", str(c))) for c in ranked.unique()}
    comparison = build_region_comparison(
        result, top=1, names=names, method_ranks=result.agreement.ranks
    )
    table = comparison.table
    # One column per kind of access (the first criterion of each: the profile's main border
    # lane, its port, its backup crossing); the JSON of `regions` holds them all.
    # A criterion measured to named features only (the default's Laredo lane) gives way to
    # one measured to any feature of its kind.
    specs = _criteria_by_name(result)

    def named_only(name: str) -> bool:
        where = getattr(specs[name].params, "where", None) or {}
        return any(k in ("id", "name") for k in where)

    kinds: dict[str, Any] = {}
    for a in sorted(comparison.access, key=lambda a: named_only(a.name)):
        key = f"regions.access.{a.measure}.{a.layer}"
        if m.get(key) is not None:
            kinds.setdefault(key, a)
    access = list(kinds.values())
    access_labels = list(kinds)
    has_labour = table["labour_pool"].notna().any()
    headers = [
        m.t("regions.corridor"),
        m.t("regions.parks"),
        m.t("regions.median"),
        m.t("regions.best"),
    ]
    numeric = [False, True, True, False]
    if has_labour:
        minutes = LABOUR_POOL_MINUTES
        if comparison.labour_source not in (None, "measured"):
            spec = _criteria_by_name(result).get(str(comparison.labour_source))
            minutes = float(getattr(spec.params, "minutes", minutes)) if spec else minutes
        headers.append(m.t("regions.labour", minutes=m.number(minutes, 0)))
        numeric.append(True)
    headers += [m.t(key) for key in access_labels]
    numeric += [True] * len(access)
    has_tau = "tau_min" in table.columns
    if has_tau:
        headers.append(m.t("regions.agreement"))
        numeric.append(True)
    rows = []
    for cid, row in table.iterrows():
        best = comparison.best.loc[comparison.best["corridor"] == cid]
        best_text = (
            m.t("regions.best_text", name=str(best["name"].iloc[0]), rank=int(best["rank"].iloc[0]))
            if len(best)
            else "–"
        )
        cells = [
            str(row["name"]),
            f"{int(row['ranked'])}/{int(row['parks'])}",
            m.number(as_float(row["median_score"]), 3),
            best_text,
        ]
        if has_labour:
            cells.append(m.quantity(as_float(row["labour_pool"]), "people"))
        cells += [m.quantity(as_float(row[a.name]), a.unit) for a in access]
        if has_tau:
            cells.append(m.number(as_float(row["tau_min"]), 2))
        rows.append(tuple(cells))
    method = m.t(f"method.short.{result.scores.method}")
    return (
        TableView(tuple(headers), tuple(rows), tuple(numeric)),
        m.t("regions.intro", method=method),
    )


def _branding_view(branding: Branding | None, developer: str) -> BrandingView:
    b = branding or Branding()

    def parts(image: Any) -> tuple[bytes | None, str, float]:
        if image is None:
            return None, "", 0.0
        return image.data, image.kind, image.height / image.width

    logo, logo_kind, logo_ratio = parts(b.logo)
    photo, photo_kind, photo_ratio = parts(b.photo)
    return BrandingView(
        logo=logo,
        logo_kind=logo_kind,
        logo_ratio=logo_ratio,
        photo=photo,
        photo_kind=photo_kind,
        photo_ratio=photo_ratio,
        contact=b.contact,
        prepared_for=b.prepared_for,
        developer=b.developer or developer,
        primary=b.primary,
        accent=b.accent,
    )


def _shortlist_title(
    result: RankResult, subjects: Sequence[str], top: int | None, profile: str, m: Messages
) -> str:
    """What the shortlist holds: the best N overall, or the best N of each corridor."""
    per = result.config.search.top_per_corridor
    by_corridor = per is not None and "corridor" in result.candidates.frame.columns
    if top is None and by_corridor:
        return m.t("title.shortlist_per_corridor", per=per, count=len(subjects), profile=profile)
    return m.t("title.shortlist", count=len(subjects), profile=profile)


def select_subjects(result: RankResult, park: str | None, *, top: int | None = None) -> list[str]:
    """The ids a report is about: the park, or the shortlist (its first ``top`` when given)."""
    if park is not None:
        return [_resolve(result, park)]
    if top is not None and top < 1:
        msg = f"--top: must be >= 1, got {top}"
        raise ConfigError(msg)
    ranked = [str(i) for i in result.scores.table.index]
    return ranked[:top] if top is not None else [str(i) for i in result.shortlist.index]


def _resolve(result: RankResult, key: str) -> str:
    """A park id; a park the search removed is an error that says why (see
    :meth:`RankResult.resolve`: exit 2 for a park outside the corridors, with the fix)."""
    return result.resolve(key)
