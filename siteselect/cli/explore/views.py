"""What the explore panels show, as rich renderables and rows: built from the session's result
with the library's views (explain, drivers, the report's terminal renderers), never computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from siteselect.frames import cell
from siteselect.report.layout import Column, FitTable
from siteselect.report.numbers import bar, format_number, format_raw
from siteselect.report.terminal import text

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.cli.explore.session import Session
    from siteselect.results import Explanation, RankResult


def move_text(move: int | None) -> Text:
    """A rank move as the shortlist shows it: ``↑3`` (up), ``↓2`` (down), ``new``, or blank."""
    if move is None:
        return Text("new", style="bold cyan")
    if move > 0:
        return Text(f"↑{move}", style="bold green")
    if move < 0:
        return Text(f"↓{-move}", style="bold red")
    return Text("")


def shortlist_rows(session: Session, since: str = "opened") -> list[tuple[str, Text, Text, str]]:
    """One row per shortlisted park: rank, move (since the search was opened, or since the
    last change), name, score."""
    result = session.result
    frame = result.candidates.frame
    table = result.scores.table
    moves = session.moves(since)
    rows = []
    for cid in session.shortlist_ids():
        rows.append(
            (
                str(int(cell(table, cid, "rank"))),
                move_text(moves[cid]),
                text(cell(frame, cid, "name")),
                f"{float(cell(table, cid, 'score')):.3f}",
            )
        )
    return rows


def weight_rows(session: Session, park: str | None = None) -> list[tuple[Any, ...]]:
    """One row per criterion: name (dim without weight), normalised weight and a bar; with
    ``park``, that park's 0-1 value and contribution instead of the bar."""
    result = session.result
    raw = session.raw_weights()
    total = sum(raw.values()) or 1.0
    largest = max(raw.values()) or 1.0
    values = {v.criterion: v for v in result.criterion_values(park)} if park else {}
    rows: list[tuple[Any, ...]] = []
    for c in result.config.criteria:
        name = text(c.name, style="" if raw[c.name] > 0 else "dim")
        if c.name not in result.weights and raw[c.name] > 0:
            name.append(" (out)", style="dim")  # dropped from the score (no spread)
        share = f"{raw[c.name] / total:.2f}"
        if park is None:
            rows.append((name, share, bar(raw[c.name] / largest, 4)))
        else:
            v = values[c.name]
            rows.append((name, share, format_number(v.value, 2), format_number(v.contribution, 3)))
    return rows


def park_head(explanation: Explanation) -> Text:
    """The selected park in two or three lines: name, rank and score, where it is."""
    head = Text()
    head.append(explanation.name, style="bold")
    if explanation.rank is not None:
        head.append(
            f"\nrank {explanation.rank} of {explanation.of}, score "
            f"{format_number(explanation.score)} ({explanation.method})"
        )
    else:
        head.append(f"\neliminated ({explanation.eliminated_by})")
    fields = [str(v) for v in explanation.fields.values() if v]
    if fields:
        head.append("\n" + ", ".join(fields), style="dim")
    return head


def render_explanation_brief(explanation: Explanation) -> Group:
    """The selected park: rank and score, then per criterion the raw value, its 0-1 value and
    its contribution (the full table is ``siteselect explain``)."""
    head = park_head(explanation)
    columns = [
        Column("criterion", "Criterion"),
        Column("raw", "Raw", justify="right", priority=2),
        Column("value", "Value", justify="right", priority=1),
        Column("contribution", "Contrib.", justify="right"),
    ]
    rows = [
        {
            "criterion": text(v.criterion),
            "raw": format_raw(v.raw, v.unit),
            "value": format_number(v.value, 2),
            "contribution": format_number(v.contribution),
        }
        for v in sorted(explanation.criteria, key=lambda v: -(v.contribution or 0.0))
    ]
    nearest = [
        f"{v.criterion}: {v.nearest.name or v.nearest.id or v.nearest.layer}"
        + (f", {format_number(v.details['drive_km'], 0)} km" if "drive_km" in v.details else "")
        for v in explanation.criteria
        if v.nearest is not None
    ]
    table = FitTable(columns, rows, table_options={"box": None, "pad_edge": False})
    parts: list[Any] = [head, table]
    if nearest:
        parts.append(Text("measured to: " + "; ".join(nearest), style="dim"))
    return Group(*parts)


def status_line(session: Session, *, timing: bool = True) -> str:
    """The search in one line: profile, method, corridors, shortlist, the last change and
    (with ``timing``) how long its re-ranking took."""
    result = session.result
    cfg = result.config
    per = cfg.search.top_per_corridor
    shortlist = f"best {per} per corridor" if per else f"top {cfg.search.top}"
    parts = [
        cfg.profile.name,
        result.scores.method,
        ", ".join(cfg.search.corridors),
        shortlist,
        f"{len(result.scores.table)} ranked",
    ]
    last = session.last
    if last is not None:
        parts.append(f"{last.label} ({last.seconds * 1000:.0f} ms)" if timing else last.label)
    return " · ".join(parts)


def render_map(
    result: RankResult,
    states: gpd.GeoDataFrame,
    width: int,
    height: int,
    *,
    country: bool = False,
) -> Group:
    """The shortlist on a braille map of the states, numbered by rank, with a legend."""
    from siteselect.report.terminal_map import (
        MapPlace,
        compute_extent,
        marker_for,
        render_terminal_map,
    )

    ids = [str(i) for i in result.shortlist.index]
    points = result.candidates.frame.geometry.loc[ids]
    places = [
        MapPlace(float(p.x), float(p.y), marker_for(i), "bold yellow" if i else "bold green")
        for i, p in enumerate(points)
    ]
    legend_rows = min(len(ids), max(2, height // 3))
    map_height = max(4, height - legend_rows - 1)
    extent = None if country else compute_extent(places)
    picture = render_terminal_map(states, places, width, map_height, extent=extent)
    frame = result.candidates.frame
    table = result.scores.table
    entries = [
        f"{marker_for(i)} {cell(frame, cid, 'name')} ({float(cell(table, cid, 'score')):.3f})"
        for i, cid in enumerate(ids)
    ]
    legend = Text("  ".join(entries), style="")
    scope = "Mexico" if country else "the shortlist"
    title = Text(f"shortlist by rank ({scope}; z: zoom): states INEGI, markers = rank", style="dim")
    return Group(title, picture, legend)
