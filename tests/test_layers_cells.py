"""Tests for siteselect.layers.cells: delimiters, decimal marks, numbers and missing words."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from siteselect.layers.cells import (
    NA_TOKENS,
    is_missing_word,
    parse_numbers,
    read_dms,
    sniff_decimal,
    sniff_separator,
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
