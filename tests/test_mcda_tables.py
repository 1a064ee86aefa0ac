"""Tests for siteselect.layers.tables.read_pairwise_csv."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from siteselect.errors import ConfigError
from siteselect.layers.tables import read_pairwise_csv


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pairwise.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_fractions_decimals_and_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "criterion, labour ,logistics,power\nlabour,1,3,0.2\n"
        "logistics,1/3,1, 1 / 2\npower,5,2,1\n\n",
    )
    matrix, names = read_pairwise_csv(path)
    assert names == ["labour", "logistics", "power"]
    np.testing.assert_allclose(matrix, [[1, 3, 0.2], [1 / 3, 1, 0.5], [5, 2, 1]])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("c,a,b\na,1,3\n", "not square"),
        ("c,a,b\na,1,3\nx,1/3,1\n", r"line 3: row is named 'x'"),
        ("c,a,b\na,1,three\nb,1/3,1\n", r"line 2, row 'a', column 'b'.*'three'"),
        ("c,a,b\na,1,0\nb,1/3,1\n", r"column 'b'.*positive"),
        ("c,a,b\na,1,1/0\nb,1/3,1\n", r"column 'b'"),
        ("c,a,b\na,1\nb,1/3,1\n", r"line 2, row 'a': 1 judgements for 2"),
        ("c,a,a\na,1,1\na,1,1\n", "appears twice"),
        ("", "empty"),
    ],
)
def test_problems_are_one_line_config_errors(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(ConfigError, match=match) as info:
        read_pairwise_csv(write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_missing_file_is_a_config_error_as_a_malformed_one(tmp_path: Path) -> None:
    # It was a DataError (exit 3) while every fault inside the file is a ConfigError (2).
    with pytest.raises(ConfigError, match="not found"):
        read_pairwise_csv(tmp_path / "nope.csv")


def test_a_semicolon_matrix_with_decimal_commas_reads_like_the_comma_one(tmp_path: Path) -> None:
    """What a Spanish Excel writes: `;` between cells, `,` for decimals."""
    comma = tmp_path / "a.csv"
    comma.write_text("c,x,y\nx,1,4\ny,0.25,1\n", encoding="utf-8")
    semi = tmp_path / "b.csv"
    semi.write_text("c;x;y\nx;1;4\ny;0,25;1\n", encoding="utf-8")
    a, names_a = read_pairwise_csv(comma)
    b, names_b = read_pairwise_csv(semi)
    assert names_a == names_b == ["x", "y"]
    np.testing.assert_array_equal(a, b)
