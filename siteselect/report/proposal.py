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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError, InfeasibleError, SiteselectWarning, name_input
from siteselect.frames import cell
from siteselect.report.i18n import Messages, read_messages
from siteselect.report.map_layers import MapLayers, MapPoint
from siteselect.report.park_section import (
    _Context,
    _context,
    _criteria_by_name,
    _raw_text,
    _section,
    profile_name,
)
from siteselect.report.proposal_annex import _assumptions, _robustness
from siteselect.report.proposal_view import (
    AssumptionsView,
    BrandingView,
    MapView,
    ParkSection,
    TableView,
)
from siteselect.report.resilience import Resilience, closure_texts

if TYPE_CHECKING:
    from siteselect.results import RankResult

PAPERS = ("a4", "letter")
AUDIENCES = ("sales", "analyst")
COMPARISON_COLUMNS = 5
"""Parks per block of the comparison table: a wider table is cut into blocks that fit."""
OVERVIEW_CRITERIA = 3
MAX_ALTERNATIVES = 4


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
            msg = (
                f"{name_input('--compare')}: {cid!r} is the park of the report itself; left out "
                "of the comparison"
            )
        elif cid in kept:
            msg = f"{name_input('--compare')}: {cid!r} is given more than once; compared once"
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
        msg = f"{name_input('--paper')}: {paper!r} is not a paper size; use a4 or letter"
        raise ConfigError(msg)
    chosen = audience or ("analyst" if parks is None else "sales")
    if chosen not in AUDIENCES:
        msg = f"{name_input('--audience')}: {chosen!r} is not an audience; use sales or analyst"
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
        msg = f"{name_input('--top')}: must be >= 1, got {top}"
        raise ConfigError(msg)
    ranked = [str(i) for i in result.scores.table.index]
    return ranked[:top] if top is not None else [str(i) for i in result.shortlist.index]


def _resolve(result: RankResult, key: str) -> str:
    """A park id; a park the search removed is an error that says why (see
    :meth:`RankResult.resolve`: exit 2 for a park outside the corridors, with the fix)."""
    return result.resolve(key)
