"""Tests for siteselect.report.terminal: tables as text, user data never markup."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from siteselect.api import run
from siteselect.config import read_config
from siteselect.report.terminal import render_explanation, render_shortlist
from siteselect.results import RankResult
from tests.conftest import write_config


def _text(renderable: object) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=200, no_color=True).print(renderable)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def result(logistics_ranking: RankResult) -> RankResult:
    return logistics_ranking


def test_the_table_names_drivers_and_provenance(result: RankResult) -> None:
    text = _text(render_shortlist(result))
    assert "Helped most" in text and "Hurt most" in text
    assert "weights normalised to sum to 1" in text
    assert "illustrative values" not in text  # measured layers only
    assert "OpenStreetMap" in text
    top_id = str(result.shortlist.index[0])
    helped, _hurt = result.drivers(top_id)
    assert helped and set(helped) <= set(result.weights)


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    (tmp_path / "alts.csv").write_text(
        "id,name,cost\n"
        "a,Parque Santa Fe [ampliacion],1\n"
        "b,[/],2\n"
        "c,[link=http://e.x]c[/link],3\n"
        'd,"\x1b[2J\x1b]0;pwned\x07clear",4\n',
        encoding="utf-8",
    )
    text = (
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "cost"\nmeasure = "attribute"\n'
        'column = "cost"\ndirection = "max"\nweight = 1\n'
    )
    res = run(read_config(write_config(tmp_path, text)))
    out = _text(render_shortlist(res))
    assert "Parque Santa Fe [ampliacion]" in out
    assert "[/]" in out
    assert "[link=http://e.x]c[/link]" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "clear" in out
    explained = _text(render_explanation(res.explain("b"), res.provenance))
    assert "[/]" in explained
