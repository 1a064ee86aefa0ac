"""What a sales proposal says first: a verdict from the park's measured strengths, its facts as
cards with units, the tenant's requirements checked, access times, workforce, suppliers.

Everything here reads the result (and the layers :mod:`~siteselect.report.map_layers` read for
the map); nothing is measured again and nothing is invented: a fact that is not given is left
out, never shown as a dash.

A park's facts come by one path each, as :class:`~siteselect.report.facts_view.FactCard`
(the view every renderer lays out): a fact the user's park-facts sheet gives for the park
(``--facts`` / ``[candidates] facts``, :func:`~siteselect.report.facts_view.build_fact_cards`:
unit, date, source, ‡ and the file credited, † when the sheet is illustrative); otherwise the
park's own sourced columns (:func:`build_column_cards`: the embedded parks' rail spur and
minimum wage, a ``[candidates] attributes`` column marked ‡). The tenant's requirements are
the ``[requirements]`` outcome the search computed
(:func:`~siteselect.report.facts_view.build_requirement_lines`); the search's hard
``[[constraints]]`` are listed in the method annex, not as a tenant's checklist.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from siteselect.constants import ILLUSTRATIVE_MARK, USER_FILE_MARK
from siteselect.frames import cell
from siteselect.report.facts_view import FactCard, build_fact_cards, format_fact_number

if TYPE_CHECKING:
    from siteselect.report.i18n import Messages
    from siteselect.report.map_layers import Neighbourhood
    from siteselect.results import CriterionValue, Explanation, RankResult


FACT_UNITS: Mapping[str, str] = {
    # suffix of a column name -> its unit (the house names columns with their unit)
    "_usd_m2_month": "USD/m2/month",
    "_mxn_m2_month": "MXN/m2/month",
    "_mxn_day": "MXN/day",
    "_m3_day": "m3/day",
    "_mva": "MVA",
    "_mw": "MW",
    "_kv": "kV",
    "_ha": "ha",
    "_m2": "m2",
    "_km": "km",
    "_min": "min",
    "_m": "m",
    "_pct": "%",
    "_year": "",
}
"""Units read from a column's name (``land_available_ha`` is in hectares)."""

IDENTITY = frozenset(
    {
        "name",
        "developer",
        "municipality",
        "municipality_code",
        "state",
        "corridor",
        "lon",
        "lat",
        "accuracy_m",
        "coord_source",
        "n_establishments",
        "source",
        "rail_spur_source",
        "wage_zone",
        "geometry",
        "contact",
        "contact_name",
        "contact_email",
        "contact_phone",
        "metro",
        "metro_name",
    }
)
"""Columns that say who or where a park is, or how it was placed: never a fact card."""

TRUE_WORDS = frozenset({"true", "yes", "sí", "si", "1", "y", "s", "x"})
FALSE_WORDS = frozenset({"false", "no", "0", "n"})

STRENGTH_SHARE = 0.25
"""A criterion is one of a park's strengths when its value ranks in this best share of the
ranked parks (and its value-function score is at least :data:`STRENGTH_VALUE`)."""
STRENGTH_VALUE = 0.5
MAX_STRENGTHS = 3
SUPPLIER_RADIUS_KM = 25.0
"""Suppliers and neighbouring parks are counted within this straight-line distance."""
MEASURED_PLACES = ("border_crossings", "seaports", "airports")
PAGE_ONE_CARDS = 9
"""Cards on a sales document's first page: the park's facts first, then measured figures."""
PAGE_ONE_FIGURES = 3
"""Measured figures kept on the first page however many facts there are."""
CARD_ORDER = (
    "land_available_ha",
    "building_available_m2",
    "rent_usd_m2_month",
    "power_mva_available",
    "power_mva",
    "supply_voltage_kv",
    "water_m3_day",
    "natural_gas",
    "rail_spur",
    "building_delivery_date",
    "build_to_suit",
    "certifications",
    "min_wage_mxn_day",
)
"""The facts a tenant asks first, in the order page 1 shows them (others follow)."""


@dataclass(frozen=True)
class SupplierView:
    """The supplier ecosystem around a park: establishments by sector, and the parks nearby."""

    summary: str
    sectors: tuple[tuple[str, str], ...]
    parks: tuple[tuple[str, str, str], ...]
    headers_sectors: tuple[str, str]
    headers_parks: tuple[str, str, str]
    note: str


# ---- facts -----------------------------------------------------------------------------------


def unit_of_column(column: str) -> str | None:
    """The unit a column's name declares (``None`` when it declares none)."""
    for suffix, unit in FACT_UNITS.items():
        if column.endswith(suffix):
            return unit
    return None


def _truth(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and not value.strip()


def format_fact(value: float, unit: str, m: Messages) -> tuple[str, str, str]:
    """``(value, unit, text)`` of a numeric fact in the report's language."""
    if unit == "min":
        text = m.duration(value)
        return text, m.t("unit.h_min"), text
    if unit == "people":
        text = m.quantity(value, unit)
        return text, m.t("unit.people"), text
    label = m.get(f"unit.{unit}", unit) or unit
    # As a sheet states it: money with two decimals, others with up to two (9.5 ha, 7.20 USD).
    number = format_fact_number(value, unit, m.lang)
    return number, label, m.t("format.value_unit", value=number, unit=label)


def _marked(text: str, mark: str, m: Messages) -> str:
    return m.t("format.marked", text=text, mark=mark) if mark else text


def build_park_facts(result: RankResult, cid: str, m: Messages) -> tuple[FactCard, ...]:
    """Every fact of a park, one path each: the user's facts sheet for the facts it gives for
    the park, the park's own sourced columns for the rest (see the module's note)."""
    sheet = tuple(c for c in build_fact_cards(result, cid, m.lang) if c.group != "identity")
    given = frozenset(c.key for c in sheet)
    illustrative = frozenset(result.config.candidates.illustrative)
    columns = build_column_cards(result, cid, m, illustrative=illustrative, skip=given)
    return (*sheet, *columns)


def select_page_cards(
    facts: Sequence[FactCard], figures: Sequence[FactCard], most: int = PAGE_ONE_CARDS
) -> tuple[FactCard, ...]:
    """The cards of a sales document's first page: the facts a tenant asks first (in
    :data:`CARD_ORDER`), then what was measured, :data:`PAGE_ONE_FIGURES` of them kept.

    A measured figure of zero (no supplier of the industry within reach) is no selling point:
    it stays in the document's workforce and supplier sections, not on the first page.
    """
    figures = [f for f in figures if not (isinstance(f.value, float | int) and f.value == 0)]
    rank = {key: i for i, key in enumerate(CARD_ORDER)}
    ordered = sorted(facts, key=lambda c: rank.get(c.key, len(rank)))
    room = max(most - min(len(figures), PAGE_ONE_FIGURES), 0)
    chosen = ordered[:room]
    return (*chosen, *figures[: most - len(chosen)])


def build_column_cards(
    result: RankResult,
    cid: str,
    m: Messages,
    *,
    illustrative: frozenset[str] = frozenset(),
    skip: frozenset[str] = frozenset(),
) -> tuple[FactCard, ...]:
    """A park's own columns as fact cards (group ``park``): every column of the candidate that
    is a fact (not an identity or placement column, not in ``skip``), in its unit, with its
    date and source.

    A fact not given (blank, n/a) is left out. A value from the user's ``[candidates]
    attributes`` file is marked ‡ and credited to the file; a column declared illustrative
    is marked †. Yes/no facts are cards only when true ("rail spur: yes"): a blank is unknown,
    and "no" is not a selling fact.
    """
    frame = result.candidates.frame
    user = result.candidates.attributes
    from_user = user is not None and cid in user.ids
    group = m.t("facts.group.park")
    cards: list[FactCard] = []
    for column in frame.columns:
        col = str(column)
        if col in IDENTITY or col in skip or col.startswith("_"):
            continue
        if col.endswith(("_date", "_source")) and col != "building_delivery_date":
            continue
        value = cell(frame, cid, col)
        if _missing(value):
            continue
        users = from_user and user is not None and col in user.columns
        label = m.get(f"fact.{col}", None) or m.get(f"criterion.attribute.{col}", None)
        if label is None:
            label = col.replace("_", " ").capitalize()
        day, day_text = _fact_date(frame, cid, col, m, users)
        source = _fact_source(frame, cid, col, m, users, user.file if user else "")
        mark = ILLUSTRATIVE_MARK if col in illustrative else USER_FILE_MARK if users else ""
        unit = unit_of_column(col)
        number = _number(value)
        truth = _truth(value) if unit is None else None
        if number is not None and unit is not None:
            _, unit_text, text = format_fact(number, unit, m)
        elif truth is not None and (unit is None or number is None):
            if not truth:
                continue
            unit_text = ""
            text = m.t("value.yes")
        elif number is not None:
            continue  # a number without a unit is not a fact a reader can use
        else:
            unit_text, text = "", str(value)
        if col == "min_wage_mxn_day":
            zone = cell(frame, cid, "wage_zone") if "wage_zone" in frame.columns else None
            if isinstance(zone, str) and zone:
                label = m.get(f"fact.min_wage.{zone}", label) or label
        cards.append(
            FactCard(
                key=col,
                label=label,
                group="park",
                group_label=group,
                value=value,
                value_text=_marked(text, mark, m),
                unit=unit_text,
                date=day,
                date_text=day_text,
                source=source,
                stale=False,
                given=str(value),
                mark=mark,
            )
        )
    return tuple(cards)


def _fact_date(frame: Any, cid: str, col: str, m: Messages, users: bool) -> tuple[date | None, str]:
    """The date of a column's fact (its own ``<col>_date``, a ``facts_date`` or ``date``
    column, else the catalogue's date of an embedded column) and in words."""
    for name in (f"{col}_date", "facts_date", "date"):
        if name in frame.columns:
            value = cell(frame, cid, name)
            if not _missing(value):
                try:
                    day = date.fromisoformat(str(value)[:10])
                except ValueError:
                    return None, str(value)
                return day, m.date(day)
    if users:
        return None, ""
    return None, m.get(f"fact.date.{col}", "") or ""


def _fact_source(frame: Any, cid: str, col: str, m: Messages, users: bool, file: str) -> str:
    own = f"{col}_source"
    if own in frame.columns and not _missing(cell(frame, cid, own)):
        # The citation, without the note after it ("...: rail connectivity with KCSM").
        return str(cell(frame, cid, own)).split(": ", 1)[0]
    if users:
        return m.t("fact.source.user_file", file=file)
    return m.get(f"fact.source.{col}", "") or m.t("fact.source.parks")


# ---- measured key figures --------------------------------------------------------------------


def place_name(v: CriterionValue, m: Messages, names: Mapping[str, Mapping[str, str]]) -> str:
    """The name of the feature a criterion reached, in the report's language: the catalogue's
    (``Aeropuerto Internacional de Monterrey``), else the names known to the run, else the
    layer's (the data's own names are English for airports)."""
    if v.nearest is None:
        return ""
    layer, fid = v.nearest.layer, v.nearest.id
    if fid is not None:
        local = m.get(f"place.{layer}.{fid}", None) or names.get(layer, {}).get(fid)
        if local:
            return local
    return v.nearest.name or m.get(f"layer.{layer}", layer) or layer


def name_forms(name: str, m: Messages) -> tuple[str, str]:
    """A place's name with the article the report's language puts before it, and after "to".

    Spanish names a crossing or an airport with its noun (``el Aeropuerto Internacional de
    Monterrey``, ``al Puente Internacional Colombia``, ``a Tecate``); the catalogue's
    ``article.<first word>`` entries say which nouns take which article. A language without
    them (English) gives the name as it is, and ``to`` plus the name.
    """
    article = m.get(f"article.{name.split(' ', 1)[0].lower()}", None) if name else None
    the_name = f"{article} {name}" if article else name
    to = m.get(f"article.to.{article or 'none'}", None) or "to"
    return the_name, f"{to} {name}"


def build_key_figures(
    explanation: Explanation,
    m: Messages,
    labels: Mapping[str, str],
    names: Mapping[str, Mapping[str, str]],
    dates: Mapping[str, str],
    industries: Mapping[str, str] | None = None,
) -> tuple[FactCard, ...]:
    """The measured figures a tenant asks first, as cards (group ``measured``): the labour
    pool, the drive time to the crossing, port and airport the score used, suppliers and
    crossings within reach."""
    cards: list[FactCard] = []
    seen: set[str] = set()
    group = m.t("facts.group.measured")
    industries = industries or {}
    for v in explanation.criteria:
        if v.raw is None or not math.isfinite(v.raw):
            continue
        to = str(v.parameters.get("to") or "")
        key = f"{v.measure}.{to}"
        if key in seen:
            continue
        minutes = m.number(float(v.parameters.get("minutes", 0)), 0)
        hours = m.number(float(v.parameters.get("hours", 0)), 0)
        source = m.get(f"fact.measured.{to}", None) or m.t("fact.measured")
        if v.measure == "population_within" and v.unit == "people":
            label = m.t("figure.labour", minutes=minutes)
        elif v.measure == "drive_time" and v.nearest is not None and to in MEASURED_PLACES:
            name = place_name(v, m, names)
            the_name, to_name = name_forms(name, m)
            label = m.t(f"figure.drive.{to}", name=name, the_name=the_name, to_name=to_name)
        elif v.measure == "count_within" and to == "establishments":
            what = industries.get(v.criterion, "")
            time = m.duration(float(v.parameters.get("minutes", 0)))
            label = (
                m.t("figure.suppliers_of", what=what, time=time)
                if what
                else m.t("figure.suppliers", time=time)
            )
        elif v.measure == "crossings_within":
            label = m.t("figure.crossings", hours=hours)
        else:
            continue
        seen.add(key)
        if v.unit in ("count", "weighted count"):
            unit = m.get(f"unit.count.{to}", None) or m.t("unit.count")
            text = m.t("format.value_unit", value=m.number(_plain_count(v), 0), unit=unit)
        else:
            _, unit, text = format_fact(v.raw, v.unit, m)
        mark = ILLUSTRATIVE_MARK if v.illustrative else ""
        cards.append(
            FactCard(
                key=v.criterion,
                label=label,
                group="measured",
                group_label=group,
                value=v.raw,
                value_text=_marked(text, mark, m),
                unit=unit,
                date=None,
                date_text=dates.get(to, ""),
                source=source,
                stale=False,
                given="",
                mark=mark,
            )
        )
    return tuple(cards)


# ---- the verdict -----------------------------------------------------------------------------


def _share_rank(result: RankResult, criterion: str, cid: str, direction: str) -> float | None:
    """Where the park's value sits among the ranked parks: 0 = best, 1 = worst."""
    ranked = result.scores.table.index
    if criterion not in result.measures:
        return None
    values = pd.Series(result.measures[criterion].values, index=result.candidates.ids)
    values = values.reindex(ranked).astype(float)
    values = values[values.notna()]
    if cid not in values.index or len(values) < 2:
        return None
    mine = float(values.loc[cid])
    better = (values < mine).sum() if direction == "min" else (values > mine).sum()
    return float(better) / float(len(values) - 1)


def select_strengths(
    result: RankResult, explanation: Explanation
) -> list[tuple[CriterionValue, float]]:
    """The park's measured strengths: criteria whose value ranks in the best
    :data:`STRENGTH_SHARE` of the ranked parks, best contribution first (with the share)."""
    criteria = {c.name: c for c in result.config.criteria}
    found = []
    for v in explanation.criteria:
        if v.weight <= 0 or v.value is None or v.value < STRENGTH_VALUE:
            continue
        share = _share_rank(result, v.criterion, explanation.id, criteria[v.criterion].direction)
        if share is None or share > STRENGTH_SHARE:
            continue
        found.append((v, share))
    found.sort(key=lambda pair: -(pair[0].weight * (pair[0].value or 0.0)))
    return found[:MAX_STRENGTHS]


def fact_keys(v: CriterionValue) -> frozenset[str]:
    """The park facts a criterion's value states: a ``fact`` criterion's fact, or the power
    figures a grid distance was decided from (empty for a value measured from the layers)."""
    if v.measure == "fact":
        return frozenset({str(v.parameters.get("fact") or "")})
    if v.details.get("from_facts", 0.0) > 0 and v.details.get("facts_short", 0.0) <= 0:
        return frozenset(f.key for f in v.facts)
    return frozenset()


def _lower_first(label: str) -> str:
    """A card's label inside a sentence (``Terreno disponible`` -> ``terreno disponible``;
    an acronym such as ``LEED`` stays)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _strength_phrase(
    v: CriterionValue,
    m: Messages,
    labels: Mapping[str, str],
    names: Mapping[str, Mapping[str, str]],
    industries: str = "",
    cards: Mapping[str, FactCard] | None = None,
) -> str:
    """A measured strength as a phrase a tenant reads (what, how much, in its unit).

    A value stated by the park's facts reads as the fact card shows it (its unit, format and
    marks, ‡ and † where illustrative), so the verdict never says a figure the cards do not.
    """
    to = str(v.parameters.get("to") or "")
    cards = cards or {}
    if v.measure == "fact" and str(v.parameters.get("fact")) in cards:
        card = cards[str(v.parameters.get("fact"))]
        return m.t("verdict.fact", label=_lower_first(card.label), value=card.value_text)
    # Power decided by the park's own facts: its figures, before any distance phrase.
    if v.details.get("from_facts", 0.0) > 0 and v.details.get("facts_short", 0.0) <= 0:
        figures = {f.key: f for f in v.facts}
        mva, kv = figures.get("power_mva_available"), figures.get("supply_voltage_kv")
        if mva is not None and kv is not None:
            power = cards.get(mva.key)
            mark = power.mark if power is not None else USER_FILE_MARK
            mark += ILLUSTRATIVE_MARK if v.illustrative and ILLUSTRATIVE_MARK not in mark else ""
            return m.t(
                "verdict.power_facts",
                mva=format_fact(mva.number, mva.unit, m)[2],
                kv=format_fact(kv.number, kv.unit, m)[2],
                mark=mark,
            )
    minutes = float(v.parameters.get("minutes", 0))
    time = m.duration(minutes)
    hours = m.number(float(v.parameters.get("hours", 0)), 0)
    if v.measure == "drive_time" and v.nearest is not None:
        key = f"verdict.drive.{to}" if to in MEASURED_PLACES else ""
        name = place_name(v, m, names)
        the_name, to_name = name_forms(name, m)
        found = m.get(
            key, None, time=m.duration(v.raw), name=name, the_name=the_name, to_name=to_name
        )
        if found:
            return found
    if v.measure == "population_within" and v.unit == "people":
        people = m.quantity(v.raw, "people")
        if v.parameters.get("traveller") == "truck":  # people a truck reaches: a market
            return m.t("verdict.market", people=people, time=time)
        return m.t("verdict.labour", people=people, time=time)
    if v.measure == "commute_burden":
        return m.t("verdict.commute", time=m.duration(v.raw), minutes=m.number(minutes, 0))
    if v.measure == "pool_commute":
        return m.t("verdict.pool_commute", time=m.duration(v.raw))
    if v.measure == "shed_ratio":
        return m.t("verdict.tightness", value=m.number(v.raw, 0), time=time)
    if v.measure == "backup_drive_time" and v.nearest is not None:
        return m.t("verdict.backup", name=place_name(v, m, names), time=m.duration(v.raw))
    if v.measure == "grid_distance":
        voltage = m.number(float(v.parameters.get("voltage_kv", 0)), 0)
        return m.t("verdict.grid", kv=voltage, km=m.auto(v.raw))
    if v.measure == "count_within" and to == "establishments":
        count = m.number(_plain_count(v), 0)
        if industries:
            return m.t("verdict.suppliers_of", count=count, what=industries, time=time)
        return m.t("verdict.suppliers", count=count, time=time)
    if v.measure == "crossings_within":
        return m.t("verdict.crossings", count=m.number(v.raw, 0), hours=hours)
    if v.measure == "distance" and to in ("railways", "power_substations", "power_lines"):
        return m.t(f"verdict.distance.{to}", km=m.auto(v.raw))
    if v.measure == "raster" and to == "solar":
        return m.t("verdict.solar", value=m.quantity(v.raw, v.unit))
    value = m.quantity(v.raw, v.unit)
    value = _marked(value, ILLUSTRATIVE_MARK, m) if v.illustrative else value
    return m.t("verdict.other", label=labels[v.criterion].lower(), value=value)


def _plain_count(v: CriterionValue) -> float:
    """How many features a count reached: a gravity count's plain count (its value weighs
    each by its drive time), else the value."""
    plain = v.details.get("count") if v.unit == "weighted count" else None
    return float(plain) if plain is not None and math.isfinite(float(plain)) else float(v.raw)


def build_industries(result: RankResult, m: Messages) -> dict[str, str]:
    """Criterion -> the industries its count keeps, in words (only counts that say)."""
    from siteselect.report.labels import describe_industries

    out = {}
    for c in result.config.criteria:
        if c.measure == "count_within":
            words = describe_industries(c, m)
            if words:
                out[c.name] = words
    return out


def join_words(items: Sequence[str], m: Messages) -> str:
    """``a``, ``a and b``, ``a, b and c`` in the report's language."""
    if len(items) <= 1:
        return "".join(items)
    return m.t("list.final", head=", ".join(items[:-1]), last=items[-1])


def build_verdict(
    result: RankResult,
    explanation: Explanation,
    m: Messages,
    labels: Mapping[str, str],
    names: Mapping[str, Mapping[str, str]],
    profile: str,
    facts: Sequence[FactCard] | None = None,
) -> tuple[str, ...]:
    """One or two plain sentences saying why this park: its measured strengths (criteria where
    it ranks in the best quarter of the parks), and its place when it is in the shortlist.

    Nothing is claimed that was not measured: without a strength, the sentence states the
    park's two best measured figures plainly. ``facts`` are the park's fact cards (built
    here when not given): a figure of the park's facts is said once, as its card says it.
    """
    if facts is None:
        facts = build_park_facts(result, explanation.id, m)
    cards = {c.key: c for c in facts}
    strengths = [v for v, _ in select_strengths(result, explanation)]
    name = explanation.name
    industries = build_industries(result, m)
    key = "verdict.strengths"
    if not strengths:
        key = "verdict.facts"
        strengths = sorted(
            (v for v in explanation.criteria if v.weight > 0 and v.value is not None),
            key=lambda v: -(v.value or 0.0),
        )[:2]
        if not strengths:
            return ()
    # A fact is said once: of two phrases stating it (the power headroom and the power the
    # grid distance was decided from), the one that says more takes the first one's place.
    said: list[tuple[frozenset[str], str]] = []
    for v in strengths:
        keys = fact_keys(v)
        phrase = _strength_phrase(v, m, labels, names, industries.get(v.criterion, ""), cards)
        overlap = [i for i, (done, _) in enumerate(said) if keys & done]
        if not overlap:
            said.append((keys, phrase))
        elif all(said[i][0] < keys for i in overlap):
            said[overlap[0]] = (keys, phrase)
            said = [pair for i, pair in enumerate(said) if i not in overlap[1:]]
    phrases = [phrase for _, phrase in said]
    sentences = [m.t(key, name=name, items=join_words(phrases, m))]
    shortlist = [str(i) for i in result.shortlist.index]
    if explanation.rank is not None and explanation.id in shortlist:
        sentences.append(
            m.t("verdict.rank", rank=explanation.rank, of=explanation.of, profile=profile)
        )
    return tuple(sentences)


# ---- access, workforce, suppliers ------------------------------------------------------------


def build_access_rows(
    explanation: Explanation,
    m: Messages,
    names: Mapping[str, Mapping[str, str]],
) -> tuple[tuple[str, ...], ...]:
    """Drive time (``h:mm``) and road distance to each facility the score reached, one row a
    facility (a facility reached by two criteria once): the backup crossing with its own
    drive time, straight-line distances (railway, grid) said as such."""
    rows: list[tuple[str, ...]] = []
    seen: set[tuple[str, str]] = set()
    for v in explanation.criteria:
        if not v.reaches:
            continue
        layer = v.nearest.layer if v.nearest else str(v.parameters.get("to") or "")
        kind = m.get(f"layer.{layer}", layer) or layer
        if v.measure == "backup_drive_time":
            kind = m.t("access.backup")
        elif v.measure == "grid_distance":
            kind = m.t("access.grid", kv=m.number(float(v.parameters.get("voltage_kv", 0)), 0))
        if v.nearest is not None and v.nearest.name:
            place = place_name(v, m, names)
        else:  # unnamed in the data: "the nearest", never the kind's name again
            place = m.get(f"access.unnamed.{layer}", None) or m.t("access.unnamed")
        key = (kind, place)
        if key in seen:
            continue
        seen.add(key)
        if v.measure in ("drive_time", "drive_distance"):
            minutes = v.raw if v.unit == "min" else v.details.get("drive_min")
            km = v.raw if v.unit == "km" else v.details.get("drive_km")
            rows.append((kind, place, m.clock(minutes), m.number(km, 0)))
        elif v.measure == "backup_drive_time":
            rows.append((kind, place, m.clock(v.details.get("backup_min")), ""))
        elif v.unit == "km":
            rows.append((kind, place, m.t("access.straight_line"), m.auto(v.raw)))
    return tuple(rows)


def build_suppliers(
    neighbourhood: Neighbourhood | None, m: Messages, park_name: str
) -> SupplierView | None:
    """Establishments near the park by sector, and the industrial parks nearby by name.

    The establishments are RETC records, which the data leave unnamed (some are registered to
    persons): they are shown by sector with their counts, never with an invented name."""
    if neighbourhood is None:
        return None
    radius = m.number(neighbourhood.radius_km, 0)
    sectors = tuple(
        (m.get(f"sector.{_sector_key(s)}", s) or s, m.number(n, 0))
        for s, n in neighbourhood.sectors
    )
    parks = tuple(
        (name, developer or "", m.t("format.value_unit", value=m.auto(km), unit="km"))
        for name, developer, km in neighbourhood.parks
    )
    if not sectors and not parks:
        return None
    within = neighbourhood.parks_within
    summary = m.t(
        # Without the embedded parks looked for (the user's own sites) no count is claimed.
        "suppliers.summary" if within is not None else "suppliers.summary_no_parks",
        name=park_name,
        count=m.number(neighbourhood.establishments, 0),
        in_parks=m.number(neighbourhood.in_parks, 0),
        parks=m.number(within or 0, 0),
        km=radius,
    )
    if within is not None and within > len(parks):
        summary += " " + m.t("suppliers.parks_listed", listed=len(parks))
    return SupplierView(
        summary=summary,
        sectors=sectors,
        parks=parks,
        headers_sectors=(m.t("suppliers.sector"), m.t("suppliers.count")),
        headers_parks=(m.t("suppliers.park"), m.t("suppliers.developer"), m.t("suppliers.km")),
        note=m.t("suppliers.note", km=radius),
    )


def _sector_key(sector: str) -> str:
    """A catalogue key for a RETC sector text (accents and case removed)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", sector).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
