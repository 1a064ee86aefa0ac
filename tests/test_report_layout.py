"""Tests for siteselect.report.layout: tables that fit a width without cutting a word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Table
from rich.text import Text

from siteselect.report.layout import SECTION, Column, FitTable
from tests.width_checks import check_cut, render, words

COLUMNS = [
    Column("rank", "#", justify="right"),
    Column("park", "Park", min_width=10),
    Column("state", "State", priority=2, stack="park", stack_header=False),
    Column("score", "Score", justify="right"),
    Column("bar", "", priority=3, wrap=False),
    Column("helped", "Helped most", min_width=12),
    Column("hurt", "Hurt most", priority=1, stack="helped", stack_prefix="hurt: "),
]
ROWS = [
    {
        "rank": "1",
        "park": "Parque Industrial Querétaro",
        "state": "Querétaro",
        "score": "0.785",
        "bar": "████████░░",
        "helped": "labour (5.53 M people), border (232 min)",
        "hurt": "seaport (501 min)",
    },
    {
        "rank": "12",
        "park": "Zona Industrial de San Luis Potosí",
        "state": "San Luis Potosí",
        "score": "1,234.5",
        "bar": "██░░░░░░░░",
        "helped": "power (1.60 km)",
        "hurt": "border (1,046 min), freight_lane (1,001 min)",
    },
]


def test_every_column_at_its_natural_width_when_there_is_room() -> None:
    layout = FitTable(COLUMNS, ROWS).layout(200)
    assert [c.key for c in layout.columns] == [c.key for c in COLUMNS]
    assert not layout.stacked and not layout.dropped and layout.fits
    park = layout.widths[1]
    assert park == len("Zona Industrial de San Luis Potosí")


def test_columns_leave_by_priority_stacked_or_dropped() -> None:
    table = FitTable(COLUMNS, ROWS)
    narrow = table.layout(60)
    assert {c.key for c in narrow.dropped} == {"bar"}  # no stack target: dropped
    assert {c.key for c in narrow.stacked} == {"state"}  # stacked under the park's name
    assert "hurt" in {c.key for c in narrow.columns}  # priority 1 stays while the rest fits
    text = render(table, 60)
    assert {"San", "Luis", "Potosí"} <= words(text)
    assert "not shown at 60 columns" not in text  # the bar has no header: nothing to name
    # the state on a line of its own under the name
    assert any(line.split("│")[2].strip() == "Querétaro" for line in text.splitlines()[3:6])


def test_a_stacked_column_keeps_its_text_with_a_prefix_and_names_the_header() -> None:
    table = FitTable(COLUMNS, ROWS)
    layout = table.layout(50)
    assert "hurt" in {c.key for c in layout.stacked}
    text = render(table, 50)
    assert "hurt:" in text
    cells = list(table.visible_cells(50))
    assert "Helped most / Hurt most" in cells  # the header names both
    stacked = "labour (5.53 M people), border (232 min)\nhurt: seaport (501 min)"
    assert stacked in cells


def test_a_dropped_column_is_named_under_the_table() -> None:
    columns = [Column("a", "Alpha"), Column("b", "Beta", priority=1)]
    rows = [{"a": "x" * 30, "b": "y" * 30}]
    text = render(FitTable(columns, rows), 50)
    assert "y" * 30 not in text
    assert "not shown at 50 columns: Beta" in text


def test_words_are_never_cut_at_any_width_the_table_fits() -> None:
    table = FitTable(COLUMNS, ROWS)
    reference = render(table, 1000)
    for width in range(40, 200, 7):
        if table.layout(width).fits:
            check_cut(render(table, width), reference, width)


def test_sections_and_text_cells() -> None:
    columns = [Column("k", "key"), Column("v", "value", justify="right")]
    rows = [{"k": Text("a", style="bold"), "v": "1.0000"}, SECTION, {"k": "cr", "v": "0.0100"}]
    text = render(FitTable(columns, rows), 80)
    assert "├" in text  # the section line
    assert "cr" in text and "0.0100" in text


def test_a_fit_table_inside_another_table_measures_itself() -> None:
    outer = Table()
    outer.add_column("inner")
    outer.add_row(FitTable(COLUMNS, ROWS))
    text = render(outer, 120)
    assert "Parque Industrial" in text
    assert all(len(line) <= 120 for line in text.splitlines())


word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé0123456789.,()", min_size=1, max_size=12)
cell = st.lists(word, min_size=0, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.tuples(cell, cell, cell, cell), min_size=1, max_size=5),
    width=st.integers(min_value=30, max_value=160),
    priorities=st.tuples(*(st.integers(0, 3) for _ in range(4))),
)
def test_nothing_is_cut_whatever_the_cells_and_the_width(
    cells: list[tuple[str, str, str, str]], width: int, priorities: tuple[int, ...]
) -> None:
    """Invariant: whenever the layout fits, every word of every shown cell is printed whole
    and no line is wider than the width; when it does not fit, it says so."""
    columns = [
        Column(f"c{i}", f"Col {i}", priority=p, stack="c0" if i == 3 and p else None)
        for i, p in enumerate(priorities)
    ]
    rows = [{f"c{i}": v for i, v in enumerate(row)} for row in cells]
    table = FitTable(columns, rows)
    layout = table.layout(width)
    text = render(table, width)
    if not layout.fits:
        return
    printed = words(text)
    for value in table.visible_cells(width):
        for w in words(value):
            assert w in printed, (w, width)
    assert all(len(line) <= width for line in text.splitlines())
    # what is dropped is named; what is stacked keeps its words
    for c in layout.stacked:
        for row in rows:
            for w in words(row[c.key]):
                assert w in printed
