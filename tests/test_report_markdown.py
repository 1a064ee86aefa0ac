"""Tests for siteselect.report.markdown: the shortlist table a person pastes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from siteselect.api import run
from siteselect.cli import cli
from siteselect.config import load_search, read_config
from siteselect.errors import ConfigError, SiteselectError
from siteselect.report.markdown import (
    DEFAULT_COLUMNS,
    build_rank_markdown,
    list_markdown_columns,
    parse_markdown_columns,
)
from siteselect.results import RankResult
from tests.conftest import write_config


@pytest.fixture(scope="module")
def result() -> RankResult:
    return run(load_search(profile="automotive-tier1", top=4))


def _table(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows]


def test_default_columns_are_the_ones_people_paste(result: RankResult) -> None:
    table = _table(build_rank_markdown(result))
    header, align, *rows = table
    # the embedded parks carry their metro (data/metros.csv)
    assert header == [
        "#",
        "Park",
        "Metro",
        "Corridor",
        "State",
        "Score",
        "Helped most",
        "Hurt most",
    ]
    assert align[0] == "---:" and align[1] == "---" and align[5] == "---:"
    assert len(rows) == len(result.shortlist) == 4
    top = str(result.shortlist.index[0])
    assert rows[0][0] == "1"
    assert rows[0][1] == result.candidates.frame.loc[top, "name"]
    assert rows[0][2] == result.candidates.frame.loc[top, "metro_name"]
    assert rows[0][5] == f"{float(result.shortlist['score'].iloc[0]):.3f}"
    helped, hurt = result.drivers(top)
    assert all(name.replace("_", "\\\\_") in rows[0][6] for name in helped)
    assert all(name.replace("_", "\\\\_") in rows[0][7] for name in hurt)


def test_the_provenance_block_follows_the_table(result: RankResult) -> None:
    text = build_rank_markdown(result)
    assert "- profile: automotive-tier1" in text
    assert "config\\_sha256" in text


def test_chosen_columns_in_order_with_raw_values_and_lon_lat(result: RankResult) -> None:
    text = build_rank_markdown(result, ["park", "labour", "border", "lon", "lat", "id"])
    header, _align, first, *_ = _table(text)
    assert header == ["Park", "labour", "border", "Lon", "Lat", "Id"]
    assert first[1].endswith("M people") and first[2].endswith(" min")
    lon, lat = float(first[3]), float(first[4])
    assert -118 < lon < -86 and 14 < lat < 33
    assert first[5] == str(result.shortlist.index[0])


def test_a_metro_column_is_a_default_when_the_candidates_have_one(tmp_path: Path) -> None:
    (tmp_path / "alts.csv").write_text(
        "id,name,metro,cost\na,Alpha,Querétaro,1\nb,Bravo,Monterrey,2\n", encoding="utf-8"
    )
    config = write_config(
        tmp_path,
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "cost"\nmeasure = "attribute"\n'
        'column = "cost"\ndirection = "max"\nweight = 1\n',
    )
    res = run(read_config(config))
    header, _align, first, second = _table(build_rank_markdown(res))
    assert header[:3] == ["#", "Park", "Metro"]
    assert first[:3] == ["1", "Bravo", "Monterrey"] and second[2] == "Querétaro"


def test_unknown_or_repeated_columns_are_one_line_errors(result: RankResult) -> None:
    valid = list_markdown_columns(result.config)
    assert set(DEFAULT_COLUMNS) <= set(valid) and "labour" in valid
    with pytest.raises(ConfigError, match=r"unknown column 'bogus'; use some of: rank, id"):
        parse_markdown_columns("rank,bogus", result.config)
    with pytest.raises(ConfigError, match="twice"):
        parse_markdown_columns("rank,rank", result.config)
    with pytest.raises(ConfigError, match="at least one"):
        parse_markdown_columns(" , ", result.config)


def test_cli_rank_markdown_with_columns(tmp_path: Path) -> None:
    target = tmp_path / "shortlist.md"
    runner = CliRunner()
    args = ["rank", "--profile", "automotive-tier1", "--top", "3", "-o", str(target)]
    out = runner.invoke(cli, [*args, "--columns", "rank,park,score,oems"])
    assert out.exit_code == 0, out.output
    header = _table(target.read_text(encoding="utf-8"))[0]
    assert header == ["#", "Park", "Score", "oems"]
    again = runner.invoke(cli, [*args, "--columns", "rank"])
    assert isinstance(again.exception, SiteselectError)  # no overwrite without --force
    assert again.exception.exit_code == 2 and "--force" in str(again.exception)
    bad = runner.invoke(cli, ["rank", "-f", "md", "--columns", "rank,nope"])
    assert isinstance(bad.exception, ConfigError) and "use some of" in str(bad.exception)
    wrong = runner.invoke(cli, ["rank", "-f", "csv", "--columns", "rank"])
    assert isinstance(wrong.exception, ConfigError) and "Markdown" in str(wrong.exception)
