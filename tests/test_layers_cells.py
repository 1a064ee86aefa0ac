"""Tests for siteselect.layers.cells: delimiters, decimal marks, numbers and missing words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from siteselect.layers.cells import (
    NA_TOKENS,
    is_missing_word,
    parse_numbers,
    read_dms,
    sniff_decimal,
    sniff_separator,
    type_columns,
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a,b,c", "1,2,3"], ","),
        (["a;b;c", "-100,5;21,3;x"], ";"),  # decimal commas do not fool it
        (["a\tb", "1\t2"], "\t"),
        (["a|b|c", "1|2,5|3"], "|"),
        (['"a;b",c', '"1;2",3'], ","),  # quoted separators
        (["single"], ","),
    ],
)
def test_sniff_separator(lines: list[str], expected: str) -> None:
    assert sniff_separator(lines) == expected


def test_sniff_decimal() -> None:
    assert sniff_decimal(pd.DataFrame({"x": ["-100,5", "21,25"]}), ";") == ","
    assert sniff_decimal(pd.DataFrame({"x": ["-100.5", "1.250"]}), ",") == "."
    assert sniff_decimal(pd.DataFrame({"x": ["abc", "12"]}), ",") == "."


def test_parse_numbers_with_thousands() -> None:
    got = parse_numbers(pd.Series(["1.234.567,8", "-3,5", "", "x", "12"]), ",")
    assert got.iloc[0] == 1234567.8 and got.iloc[1] == -3.5 and got.iloc[4] == 12
    assert got.iloc[[2, 3]].isna().all()
    got = parse_numbers(pd.Series(["1,234,567.8", "-3.5"]), ".")
    assert list(got) == [1234567.8, -3.5]
    # Numbers already read stay as they are (20.545 is not 20,545 thousands).
    assert list(parse_numbers(pd.Series([20.545, -100.5]), ",")) == [20.545, -100.5]


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 6)))
def test_decimal_commas_round_trip(value: float) -> None:
    text = repr(value).replace(".", ",")
    if "e" in text.lower():
        return
    assert parse_numbers(pd.Series([text]), ",").iloc[0] == pytest.approx(value)


_CELL_WORDS = ["consultar", "N/D", " n / d ", "Sin  Datos", "–", "", "  ", "nan", "x1", "1,5", "07"]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_CELL_WORDS),
            st.text(alphabet=st.sampled_from("nN/dD sS0123456789.,-–\t\x1c\u00a0ac"), max_size=8),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_missing_words_match_the_per_cell_reading(cells: list[str]) -> None:
    """The digit shortcut of ``is_missing_word`` (cells with a digit are never a missing word)
    gives what normalising every cell in Python gives (the reading before the shortcut)."""
    for series in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        expected = [" ".join(c.lower().split()) in NA_TOKENS for c in cells]
        assert is_missing_word(series).tolist() == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("100°23'05\"W", -(100 + 23 / 60 + 5 / 3600)),
        ("20°35'12\"N", 20 + 35 / 60 + 12 / 3600),
        ("100 23 05 O", -(100 + 23 / 60 + 5 / 3600)),  # oeste
        ("25°40'S", -(25 + 40 / 60)),
        ("100° 23′ 05.5″ W", -(100 + 23 / 60 + 5.5 / 3600)),
        ("100.5", None),  # decimal degrees already
        ("12", None),
        ("20°75'", None),  # 75 minutes: not a DMS cell
        ("consultar", None),
    ],
)
def test_read_dms(cell: str, expected: float | None) -> None:
    got = read_dms(cell)
    assert got == (None if expected is None else pytest.approx(expected, abs=1e-12))


@given(
    deg=st.integers(0, 179),
    minutes=st.integers(0, 59),
    seconds=st.integers(0, 59),
    hemi=st.sampled_from("NSEWO"),
)
def test_dms_round_trip(deg: int, minutes: int, seconds: int, hemi: str) -> None:
    value = deg + minutes / 60 + seconds / 3600
    expected = -value if hemi in "SWO" else value
    got = read_dms(f"{deg}°{minutes:02d}'{seconds:02d}\"{hemi}")
    assert got == pytest.approx(expected, abs=1e-12)


_FIGURE_CELLS = st.one_of(
    st.sampled_from(["12", "-3.5", "1,234", "1.234", "1.234,5", "1,234.5", "2,5", "", "N/D"]),
    st.sampled_from(["consultar", "0012", " 7 ", "1e5", "3,000,000", "1.2.3", "x1", "nan"]),
    st.text(alphabet=st.sampled_from("0123456789.,-+ e"), max_size=9),
)


def _parse_every_cell(values: pd.Series, decimal: str) -> pd.Series:
    """parse_numbers as it read text before skipping the rewrites of marks a column lacks."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    if decimal == ",":
        grouped = text.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
        text = text.where(~grouped, text.str.replace(".", "", regex=False))
        text = text.str.replace(",", ".", regex=False)
    else:
        grouped = text.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    return pd.to_numeric(text, errors="coerce")


@given(st.lists(_FIGURE_CELLS, min_size=1, max_size=30), st.sampled_from([".", ","]))
def test_numbers_read_as_when_every_cell_was_rewritten(cells: list[str], decimal: str) -> None:
    """Skipping the thousands and decimal-comma rewrites where no cell holds the mark changes
    no number, nor the column's dtype (plain integers stay integers)."""
    for series in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        expected = _parse_every_cell(series, decimal)
        pd.testing.assert_series_equal(parse_numbers(series, decimal), expected, check_exact=True)


@given(st.lists(st.lists(_FIGURE_CELLS, min_size=1, max_size=12), min_size=1, max_size=3))
def test_sniff_decimal_counts_as_matching_every_cell(columns: list[list[str]]) -> None:
    """A sample without a comma is read as decimal points without matching each cell: what
    counting every cell gives."""
    import re

    frame = pd.DataFrame({f"c{i}": pd.Series(c, dtype="str") for i, c in enumerate(columns)})
    cells = [str(v).strip() for col in frame.columns for v in frame[col].tolist()]
    comma = sum(bool(re.match(r"^[+-]?\d+,\d+$", c)) for c in cells)
    strict = sum(
        bool(re.match(r"^[+-]?\d+,\d+$", c)) and not re.match(r"^[+-]?\d{1,3}(,\d{3})+$", c)
        for c in cells
    )
    dot = [c for c in cells if not re.match(r"^[+-]?\d+,\d+$", c)]
    dot_loose = sum(bool(re.match(r"^[+-]?\d+\.\d+$", c)) for c in dot)
    dot_strict = sum(
        bool(re.match(r"^[+-]?\d+\.\d+$", c)) and not re.match(r"^[+-]?\d{1,3}(\.\d{3})+$", c)
        for c in dot
    )
    loose_comma_only = strict == dot_strict == 0 and comma > 0 and dot_loose == 0
    expected = "," if strict > dot_strict or loose_comma_only else "."
    assert sniff_decimal(frame, ",") == expected


@given(st.lists(_FIGURE_CELLS, min_size=1, max_size=30), st.sampled_from([".", ","]))
@example(["12", "0012"], ".")  # figures, then a code: text
@example(["1,5", "2,5"], ",")  # decimal commas
@example(["12", "1,234"], ".")  # a thousands comma after a plain figure
@example(["12", "N/D", " 7 "], ".")  # a gap between figures
@example(["p1", "2"], ".")  # a text first cell
@example(["1.234", "5"], ",")  # thousands with decimal commas
def test_a_column_is_numeric_when_every_filled_cell_is_a_figure(
    cells: list[str], decimal: str
) -> None:
    """type_columns' rule, whichever cells it reads first: numeric when every cell that is not
    a missing word reads as a number and none is a code with a leading zero; its numbers are
    parse_numbers', gaps where the words are."""
    raw = pd.DataFrame({"x": pd.Series(cells, dtype="str")})
    frame, numeric, _notes = type_columns(raw, decimal)
    stripped = raw["x"].str.strip()
    filled = ~is_missing_word(stripped)
    numbers = _parse_every_cell(raw["x"], decimal)
    codes = stripped.str.match(r"^[+-]?0\d").any()
    expected = bool(filled.any()) and not codes and bool(numbers[filled].notna().all())
    assert numeric == (["x"] if expected else [])
    if expected:
        pd.testing.assert_series_equal(frame["x"], numbers.where(filled), check_names=False)


_PLAIN_CELLS = st.one_of(
    _FIGURE_CELLS,
    st.sampled_from(["p1", "site 7", " 12 ", "inf", "-0.5", "+3", "0.25", "1e-3", "ab c"]),
    st.text(alphabet=st.sampled_from("0123456789.,-+ ep"), max_size=9),
)


@given(st.lists(_PLAIN_CELLS, min_size=1, max_size=30), st.sampled_from([".", ","]))
@example(["12", "3.5", "inf"], ".")  # figures and an infinity: a gap, with a note
@example(["12", "3.5"], ".")  # every cell a figure: numbers, no gap
@example(["2", "3"], ".")  # integers stay integers
@example(["p1", "site 2"], ".")  # text without an empty cell: the column as read
@example(["p1", " ", "p3"], ".")  # an empty cell: missing
def test_plain_columns_read_as_the_steps_read_them(cells: list[str], decimal: str) -> None:
    """The shortcuts of ``type_columns`` (a column of figures, a text column told by its first
    cell, either without an empty cell) give the column, its type and notes the per-cell
    steps give."""
    from unittest import mock

    from siteselect.layers import cells as module

    raw = pd.DataFrame({"x": pd.Series(cells, dtype="str")})
    fast = type_columns(raw, decimal)
    with mock.patch.object(module, "_read_plain_column", return_value=None):
        slow = type_columns(raw, decimal)
    pd.testing.assert_frame_equal(fast[0], slow[0], check_exact=True)
    assert fast[1:] == slow[1:]


@given(st.lists(st.lists(_PLAIN_CELLS, min_size=1, max_size=8), min_size=1, max_size=3))
def test_sniff_decimal_reads_text_and_other_columns_alike(columns: list[list[str]]) -> None:
    """The vectorised search for a comma in a text column gives what reading each cell's text
    gives, missing cells included."""
    text = pd.DataFrame(
        {f"c{i}": pd.Series([*c, None], dtype="str") for i, c in enumerate(columns)}
    )
    cells = pd.DataFrame({c: text[c].astype(object) for c in text.columns})
    assert sniff_decimal(text, ",") == sniff_decimal(cells, ",")


@given(st.lists(st.one_of(_PLAIN_CELLS, st.none()), min_size=1, max_size=20))
@example(["007", None])
@example(["-0.5", "+01"])
def test_a_code_is_found_as_str_match_finds_it(cells: list[str | None]) -> None:
    """The search for a code with a leading zero in an Arrow text column answers what
    ``str.match`` answers, for text and object columns alike."""
    from siteselect.layers.cells import _LEADING_ZERO, _any_match

    for series in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        expected = bool(series.str.match(r"^[+-]?0\d").fillna(False).astype(bool).any())
        assert _any_match(series, _LEADING_ZERO.pattern) == expected


@pytest.mark.parametrize("word", ["inf", "-inf", "Infinity", "+INF", " infinito ", "∞"])
@pytest.mark.parametrize("first", ["5.5", "inf"])
def test_an_infinity_is_a_stated_gap_not_a_figure(word: str, first: str) -> None:
    # It was read as infinity and scored at the column's extreme: the best rent when it
    # stood first among figures (a column of plain figures skipped the words).
    raw = pd.DataFrame({"rent": pd.Series([first, word, "6.1"], dtype="str")})
    frame, numeric, notes = type_columns(raw, ".")
    assert numeric == ["rent"]
    values = frame["rent"].to_numpy(dtype=float)
    assert np.isnan(values[1]) and values[2] == 6.1
    assert np.isfinite(values[~np.isnan(values)]).all()
    assert len(notes) == 1 and f"'{word.strip()}'" in notes[0]
