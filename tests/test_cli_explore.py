"""Tests for `siteselect explore`: the session's changes, and the app driven headless by
Textual's Pilot at 80 x 24 (keys -> the expected shortlist), with snapshots at 80 and 160."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from siteselect.api import run
from siteselect.cli import cli
from siteselect.cli.explore.session import CORRIDOR_CYCLE, WEIGHT_STEP, Session
from siteselect.config import load_search, read_config
from siteselect.constants import METHODS
from siteselect.report.numbers import round_value
from siteselect.results import RankResult
from tests.conftest import write_config

textual = pytest.importorskip("textual")

from siteselect.cli.explore.app import ExploreApp  # noqa: E402


@pytest.fixture(scope="module")
def result() -> RankResult:
    return run(load_search(profile="automotive-tier1"))


def _ids(res: RankResult) -> list[str]:
    return [str(i) for i in res.shortlist.index]


def drive(app: ExploreApp, body: Callable[[Any], Awaitable[None]], size: tuple[int, int]) -> None:
    """Run the app headless at ``size`` and let ``body(pilot)`` press keys."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await body(pilot)

    asyncio.run(main())


def static_text(widget: Any) -> str:
    """The text a Static shows: its content rendered at its width."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=max(20, widget.size.width), no_color=True).print(widget.content)
    return buffer.getvalue()


def table_rows(app: ExploreApp, name: str = "#shortlist") -> list[list[str]]:
    from textual.widgets import DataTable

    table = app.query_one(name, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


# ---- the session: the library's calls, no Textual -------------------------------------------


def test_a_weight_step_is_with_weights(result: RankResult) -> None:
    session = Session(result)
    before = session.raw_weights()["labour"]
    session.nudge_weight("labour", 3)
    assert session.raw_weights()["labour"] == pytest.approx(before + 3 * WEIGHT_STEP)
    expected = result.with_weights({"labour": before + 3 * WEIGHT_STEP})
    assert _ids(session.result) == _ids(expected)
    assert session.result.shortlist["score"].tolist() == pytest.approx(
        expected.shortlist["score"].tolist(), abs=1e-12
    )
    assert session.last is not None and session.last.label.startswith("weight labour")
    assert session.undo() and session.result is result and not session.undo()


def test_method_and_top_rescore_as_a_fresh_rank(result: RankResult) -> None:
    session = Session(result)
    session.next_method()
    method = METHODS[(METHODS.index("topsis") + 1) % len(METHODS)]
    fresh = run(load_search(profile="automotive-tier1", method=method))
    assert session.result.scores.method == method
    assert _ids(session.result) == _ids(fresh)
    session.set_top(4)
    assert len(session.result.shortlist) == 4


def test_moves_are_rank_differences(result: RankResult) -> None:
    session = Session(result)
    assert set(session.moves().values()) == {0}
    session.set_weights({"labour": 0.0, "border": 0.5})
    before = result.scores.table["rank"]
    now = session.result.scores.table["rank"]
    for cid, move in session.moves().items():
        assert move == int(before.loc[cid]) - int(now.loc[cid])
    assert any(m for m in session.moves().values())


def test_corridors_cycle_and_derived_weights_become_direct(result: RankResult) -> None:
    session = Session(result)
    assert session.next_corridors() == CORRIDOR_CYCLE[1]
    derived = run(load_search(profile="automotive-tier1").model_copy())
    data = derived.config.as_mapping()
    data["weights"] = {"method": "entropy"}
    from siteselect.config import parse_config

    entropy = Session(run(parse_config(data)))
    weights = entropy.raw_weights()
    assert weights == pytest.approx(dict(entropy.result.weights))
    entropy.nudge_weight("labour", 1)
    assert entropy.config.weights.method == "direct"


# ---- the app, headless ----------------------------------------------------------------------


def test_keys_change_a_weight_and_the_shortlist_reranks(result: RankResult) -> None:
    app = ExploreApp(result)
    criteria = [c.name for c in result.config.criteria]

    async def body(pilot: Any) -> None:
        assert [r[2] for r in table_rows(app)] == [
            str(result.candidates.frame.loc[i, "name"]) for i in _ids(result)
        ]
        await pilot.press("tab", *["down"] * criteria.index("border"))
        await pilot.press(*["plus"] * 10)  # border 0.12 -> 0.22
        expected = result.with_weights({"border": 0.22})
        rows = table_rows(app)
        assert [r[3] for r in rows] == [f"{s:.3f}" for s in expected.shortlist["score"]]
        assert [r[2] for r in rows] == [
            str(expected.candidates.frame.loc[i, "name"]) for i in _ids(expected)
        ]
        # moves since opening: up arrows and down arrows for the parks that moved
        before = result.scores.table["rank"]
        for cid, row in zip(_ids(expected), rows, strict=True):
            move = int(before.loc[cid]) - int(expected.scores.table.loc[cid, "rank"])
            assert row[1] == ("" if move == 0 else f"↑{move}" if move > 0 else f"↓{-move}")
        assert any(r[1] for r in rows)
        status = static_text(app.query_one("#status"))
        assert "border 0.21 -> 0.22" in status and " ms)" in status
        await pilot.press("minus", "u")  # down a step, then undo it
        assert app.session.raw_weights()["border"] == pytest.approx(0.22)
        await pilot.press("0")
        assert app.session.raw_weights()["border"] == 0.0

    drive(app, body, (80, 24))


def test_method_top_and_the_park_panel(result: RankResult) -> None:
    app = ExploreApp(result)

    async def body(pilot: Any) -> None:
        await pilot.press("M")
        fresh = run(load_search(profile="automotive-tier1", method="promethee"))
        assert [r[3] for r in table_rows(app)] == [f"{s:.3f}" for s in fresh.shortlist["score"]]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert len(table_rows(app)) == len(result.shortlist) + 2
        await pilot.press("down", "down")
        third = _ids(app.session.result)[2]
        head = static_text(app.query_one("#park-head"))
        assert str(app.session.result.candidates.frame.loc[third, "name"]) in head
        # at 80 columns the park's values sit in the weights table
        weights = table_rows(app, "#weights")
        value = app.session.result.explain(third).criteria[0]
        assert weights[0][3] == f"{value.contribution:.3f}"

    drive(app, body, (80, 24))


def test_compare_smaa_map_and_help_screens(result: RankResult) -> None:
    app = ExploreApp(result)

    def screen_text() -> str:
        from textual.widgets import Static

        return static_text(app.screen.query_one("#content", Static))

    async def body(pilot: Any) -> None:
        await pilot.press("down", "space", "up", "c")  # mark #2, compare #1 with it
        text = screen_text()
        assert "overtakes" in text or "cannot overtake" in text
        await pilot.press("escape", "s")
        assert "rank acceptability" in screen_text() and "shares of the weight" in screen_text()
        await pilot.press("escape", "m")
        text = screen_text()
        flat = " ".join(text.split())  # the legend wraps at the screen's width
        first = str(result.to_geodataframe().loc[_ids(result)[0], "name"])
        assert f"1 {first}" in flat
        # State names label the outline where they fit among the markers.
        assert sum(s in flat for s in ("Coahuila", "Tamaulipas", "Guanajuato", "Zacatecas")) >= 2
        assert re.search(r"[\u2801-\u28ff]", text)  # braille outlines
        await pilot.press("z")
        assert "Mexico" in screen_text()
        await pilot.press("escape", "question_mark")
        assert "write the search as TOML" in screen_text()
        await pilot.press("escape")
        assert app.screen.id == "_default" or not app.screen.is_modal

    drive(app, body, (80, 24))


async def _answer(pilot: Any, app: ExploreApp, value: str) -> None:
    from textual.widgets import Input

    await pilot.pause()
    app.screen.query_one(Input).value = value
    await pilot.press("enter")
    await pilot.pause()


def test_w_writes_a_config_that_rank_reproduces(result: RankResult, tmp_path: Path) -> None:
    app = ExploreApp(result)
    target = tmp_path / "search.toml"

    async def body(pilot: Any) -> None:
        await pilot.press("tab", "down", "down", "down", *["plus"] * 7, "M", "left_square_bracket")
        await pilot.press("w")
        await _answer(pilot, app, str(target))
        assert target.is_file()

    drive(app, body, (80, 24))
    shown = app.session.result
    out = CliRunner().invoke(cli, ["rank", "--config", str(target), "-f", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    got = [(r["id"], r["rank"], r["score"]) for r in doc["results"]]
    want = [
        (cid, int(shown.shortlist.loc[cid, "rank"]), round_value(shown.shortlist.loc[cid, "score"]))
        for cid in _ids(shown)
    ]
    assert got == want
    assert doc["method"] == shown.scores.method == "promethee"
    assert "# siteselect explore" in target.read_text(encoding="utf-8")


def test_files_are_not_overwritten_without_a_yes(result: RankResult, tmp_path: Path) -> None:
    app = ExploreApp(result)
    target = tmp_path / "shortlist.csv"
    target.write_text("mine\n", encoding="utf-8")

    async def body(pilot: Any) -> None:
        await pilot.press("e")
        await _answer(pilot, app, str(target))
        await pilot.press("n")
        assert target.read_text(encoding="utf-8") == "mine\n"
        await pilot.press("e")
        await _answer(pilot, app, str(target))
        await pilot.press("y")
        await pilot.pause()

    drive(app, body, (80, 24))
    lines = target.read_text(encoding="utf-8-sig").splitlines()  # the BOM Excel needs
    assert lines[0].startswith("rank,id,name")
    assert lines[1].split(",")[1] == _ids(result)[0]
    assert not list(tmp_path.glob(".shortlist.csv.*"))  # the atomic writer left no temp file


def test_corridor_and_constraints_run_the_search_again(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        '[search]\ntop = 5\n[[criteria]]\nname = "labour"\nmeasure = "population_within"\n'
        'minutes = 30\ndirection = "max"\nweight = 1\n'
        '[[criteria]]\nname = "wage"\nmeasure = "attribute"\ncolumn = "min_wage_mxn_day"\n'
        'direction = "min"\nweight = 1\n'
        '[[constraints]]\ncriterion = "labour"\nmin = 0\n'
        '[[constraints]]\ncolumn = "min_wage_mxn_day"\nmax = 500\n',
    )
    res = run(read_config(config))
    app = ExploreApp(res)

    async def constraints(pilot: Any, values: dict[str, str]) -> None:
        from textual.widgets import Input

        await pilot.press("T")
        await pilot.pause()
        for key, value in values.items():
            app.screen.query_one(f"#{key}", Input).value = value
        app.screen.query_one(f"#{key}", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def body(pilot: Any) -> None:
        await pilot.press("C")  # bajio + northeast -> bajio
        await app.workers.wait_for_complete()
        await pilot.pause()
        frame = app.session.result.candidates.frame
        assert set(frame["corridor"]) == {"bajio"}
        assert "corridors bajio" in static_text(app.query_one("#status"))
        ranked = len(app.session.result.scores.table)
        await constraints(pilot, {"c0-min": "1000000"})  # a labour shed of 1 M people
        table = app.session.result.scores.table
        assert app.session.config.constraints[0].min == 1_000_000
        assert 0 < len(table) < ranked
        labour = app.session.result.raw.loc[table.index, "labour"]
        assert (labour >= 1_000_000).all()
        assert len(table_rows(app)) == min(5, len(table))
        await constraints(pilot, {"c1-max": "300"})  # below every minimum wage
        # nothing passes: the error is a notice, the search stays as it was
        assert app.session.config.constraints[1].max == 500
        assert len(app.session.result.scores.table) == len(table)

    drive(app, body, (80, 24))


def test_r_writes_the_selected_parks_report(result: RankResult, tmp_path: Path) -> None:
    app = ExploreApp(result)
    target = tmp_path / "report.html"

    async def body(pilot: Any) -> None:
        await pilot.press("down", "r")
        await _answer(pilot, app, str(target))
        await app.workers.wait_for_complete()
        await pilot.pause()

    drive(app, body, (80, 24))
    html = target.read_text(encoding="utf-8")
    second = str(result.candidates.frame.loc[_ids(result)[1], "name"])
    assert second in html


# ---- snapshots at 80 and 160 columns --------------------------------------------------------


@pytest.fixture
def small_result(tmp_path: Path) -> RankResult:
    """A search of four alternatives without locations: a screen that only changes when the
    app does (the embedded data's figures may move)."""
    (tmp_path / "alts.csv").write_text(
        "id,name,cost,quality,risk\n"
        "a,Alpha Industrial Park,100,7,0.2\n"
        "b,Bravo Logistics Hub,80,5,0.4\n"
        "c,Charlie Technology Park,120,9,0.1\n"
        "d,Delta Manufacturing Zone,90,6,0.3\n",
        encoding="utf-8",
    )
    config = write_config(
        tmp_path,
        '[profile]\nname = "snapshot"\n[search]\nmethod = "wsm"\ntop = 4\ncorridors = ["all"]\n'
        '[candidates]\npath = "alts.csv"\n'
        + "".join(
            f'[[criteria]]\nname = "{n}"\nmeasure = "attribute"\ncolumn = "{n}"\n'
            f'direction = "{d}"\nweight = {w}\n'
            for n, d, w in (("cost", "min", 0.4), ("quality", "max", 0.4), ("risk", "min", 0.2))
        ),
    )
    return run(read_config(config))


@pytest.mark.parametrize("size", [(80, 24), (160, 40)], ids=["80x24", "160x40"])
def test_snapshot(small_result: RankResult, size: tuple[int, int], snap_compare: Any) -> None:
    """The screen after raising the weight of cost twice (review the SVGs in __snapshots__)."""
    app = ExploreApp(small_result, timing=False)
    assert snap_compare(app, press=["tab", "plus", "plus"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 40)], ids=["80x24", "160x40"])
def test_the_screen_holds_every_panel_uncut(result: RankResult, size: tuple[int, int]) -> None:
    app = ExploreApp(result)
    shots: list[str] = []

    async def body(pilot: Any) -> None:
        shots.append(app.export_screenshot())

    drive(app, body, size)
    svg = shots[0].replace("&#160;", " ")
    for label in ("Shortlist", "Weights", "Criterion", "Parque", "Industrial", "labour"):
        assert label in svg
    assert "…" not in svg  # nothing cropped: names wrap within their column
    if size[0] >= 120:
        assert "Contrib." in svg  # the explanation has its own panel when wide


def test_changes_are_listed_net_of_the_steps(result: RankResult) -> None:
    session = Session(result)
    for _ in range(3):
        session.nudge_weight("labour", 1)
    session.nudge_weight("labour", -1)
    session.next_method()
    session.set_top(5)
    assert session.changes() == [
        "weight labour 0.13 -> 0.15",
        "method topsis -> promethee",
        "shortlist: top 5",
    ]


def test_without_textual_explore_says_how_to_install_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['textual'] = None  # as if it were not installed\n"
        "from siteselect.cli import main\n"
        "main(['explore'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == "Error: siteselect explore needs Textual: pip install 'textual>=0.80'"
    )
