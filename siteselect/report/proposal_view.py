"""The view models of a proposal report: tables, one park's section, its pillars and
contributions, the map, branding as the renderers use it, and the method's assumptions; every
text already in the report's language.

The whole document (:class:`~siteselect.report.proposal.ProposalView`) and its branding input
(:class:`~siteselect.report.proposal.Branding`) are defined beside :func:`build_proposal` in
:mod:`~siteselect.report.proposal`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from siteselect.report.facts_view import FactCard, RequirementLine
from siteselect.report.map_layers import MapLayers, MapPoint
from siteselect.report.sales import SupplierView


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
