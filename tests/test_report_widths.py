"""Every command's table at 80 and 160 columns: no number truncated, no word broken.

Each renderer a command prints is rendered at 80 and 160 columns and compared with the same
output at 1,000 columns, where nothing wraps (see ``tests/width_checks.py``). The CLI tests at
the end check that ``--width`` and ``COLUMNS`` reach the tables.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import siteselect as ss
from siteselect.api import analyse_sensitivity, run
from siteselect.cli import cli
from siteselect.config import list_profiles, load_search, read_profile
from siteselect.report import terminal
from siteselect.results import RankResult
from tests.conftest import write_config
from tests.width_checks import REFERENCE, check_cut, check_renderable

WIDTHS = (80, 160)


@pytest.fixture(scope="module")
def result() -> RankResult:
    return run(load_search(profile="automotive-tier1"))


@pytest.fixture(scope="module")
def per_corridor() -> RankResult:
    return run(load_search(profile="default"))  # the best 5 of each corridor


def test_rank(result: RankResult, per_corridor: RankResult) -> None:
    for res in (result, per_corridor):
        texts = check_renderable(terminal.render_shortlist(res), WIDTHS)
        assert "not shown" not in texts[80]  # columns stack at 80, none is lost
        assert "León" in texts[80] and "Score" in texts[80]
        assert "Hurt most" in texts[160]  # its own column at 160


def test_explain_and_compare(result: RankResult) -> None:
    ids = [str(i) for i in result.shortlist.index[:3]]
    texts = check_renderable(terminal.render_explanation(result.explain(ids[0]), result.provenance))
    assert "Contribution" in texts[80] and "Layer" in texts[160]
    check_renderable(terminal.render_comparison(result.compare(ids[:2])))
    texts = check_renderable(terminal.render_comparison(result.compare(ids)))
    assert "overtakes" in texts[80]


def test_park_facts_and_requirements_fit_80_columns() -> None:
    """The example sheet's long sources and file name (issue 18's example) cut no word."""
    import warnings

    from siteselect.errors import SiteselectWarning
    from siteselect.report.terminal_facts import facts_views, render_park_facts

    examples = Path(__file__).resolve().parents[1] / "examples"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)  # the sheet's notes: not the subject
        res = ss.rank(
            profile="automotive-tier1",
            facts=examples / "park_facts_example.xlsx",
            requirements=examples / "requirements_automotive.toml",
        )
    for cid in list(res.shortlist.index[:3]):
        texts = check_renderable(render_park_facts(res, str(cid)), WIDTHS)
        assert "park_facts_example.xlsx" in texts[80]
    from rich.console import Group

    check_renderable(Group(*facts_views(res)), WIDTHS)


def test_sensitivity_has_a_legend_and_whole_figures(result: RankResult) -> None:
    sens = analyse_sensitivity(result, samples=50, seed=1, shown=10, sweep="labour")
    names = {str(k): str(v) for k, v in result.candidates.frame["name"].items()}
    texts = check_renderable(terminal.render_sensitivity(sens, names))
    for text in texts.values():
        assert "0.…" not in text
        assert "shares of the weight samples" in text
    assert "r10" in texts[160]
    assert " r1 " in texts[80] and "P(top" in texts[80]


def test_weights_profiles_and_layers() -> None:
    check_renderable(terminal.render_weights_table("AHP", {"a": 0.5, "b": 0.5}, {"cr": 0.01}))
    profiles = [(name, read_profile(name)) for name in list_profiles()]
    check_renderable(terminal.render_profiles(profiles))
    for name, cfg in profiles:
        check_renderable(terminal.render_profile(name, cfg, f"{name}.toml"))
    from siteselect.layers import LAYERS, describe_layer, read_layer

    check_renderable(terminal.render_layers([(n, describe_layer(n)) for n in LAYERS]))
    for layer in ("border_crossings", "parks", "seaports"):
        texts = check_renderable(terminal.render_frame(read_layer(layer), layer, 20))
        assert "not shown at 80 columns" in texts[80]  # the last columns leave first


def test_layers_validate_report(tmp_path: Path) -> None:
    from siteselect.layers import ReadOptions
    from siteselect.layers.validate import validate_user_file

    path = tmp_path / "parques.csv"
    path.write_text(
        "clave;nombre;Longitud;Latitud\nA;Parque Uno;-100,39;20,59\nB;Parque Dos;-101,2;21,9\n",
        encoding="utf-8",
    )
    reports = validate_user_file(path, ReadOptions(), read_as="candidates")
    check_renderable(terminal.render_layer_reports(reports))


def test_data_check_report() -> None:
    from siteselect.cli.data import render_check_report
    from siteselect.layers.validate import check_data

    check_renderable(render_check_report(check_data(None)))


def test_stress_and_optimize() -> None:
    from siteselect.report.optimize import render_optimize, render_stress

    stressed = ss.stress(profile="default", corridors=["northeast"], ports=False)
    texts = check_renderable(render_stress(stressed))
    changed = int((stressed.summary["rank_change"] != 0).sum())
    assert f"the {changed} parks whose rank changes" in " ".join(texts[160].split())
    check_renderable(render_stress(stressed, 0))
    check_renderable(render_stress(stressed, 5))
    chosen = ss.optimize(profile="default", k=3)
    check_renderable(render_optimize(chosen))


def test_optimize_with_demand_columns(tmp_path: Path) -> None:
    from siteselect.report.optimize import render_optimize

    config = write_config(
        tmp_path,
        '[search]\ncorridors = ["all"]\n[optimize]\nobjective = "p-median"\nk = 2\n'
        '[optimize.demand]\nlayer = "cities"\nid = "id"\nweight = "population"\n'
        "where = { population = { min = 400000 } }\n"
        '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 1\n',
    )
    texts = check_renderable(render_optimize(ss.optimize(config=config)))
    assert "Demand served" in " ".join(texts[160].split())


def test_surface_zones() -> None:
    from siteselect.report.surface import render_zones

    grid = ss.surface(profile="default", corridors=["bajio"], res=6)
    texts = check_renderable(render_zones(grid, grid.zones(top=5)))
    assert "-1" in texts[80]  # the coordinates, whole, on one line


# ---- the CLI: --width and COLUMNS reach the tables -----------------------------------------


def _invoke(args: list[str], env: dict[str, str] | None = None) -> str:
    out = CliRunner().invoke(cli, args, env=env or {}, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--profile", "automotive-tier1"],
        ["explain", "parque-industrial-apodaca", "--profile", "automotive-tier1"],
        ["profiles", "show", "electronics"],
        ["layers", "list"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_the_cli_lays_out_for_width_and_columns(args: list[str]) -> None:
    reference = _invoke([*args, "--width", str(REFERENCE)])
    by_option = _invoke([*args, "--width", "80"])
    check_cut(by_option, reference, 80)
    by_env = _invoke(args, env={"COLUMNS": "80"})
    assert by_env == by_option
    wide = _invoke(args, env={"COLUMNS": "160"})
    check_cut(wide, reference, 160)
    assert max(len(line) for line in wide.splitlines()) > 80


def test_piped_output_without_columns_is_140_wide() -> None:
    text = _invoke(["profiles", "list"], env={"COLUMNS": ""})
    assert max(len(line) for line in text.splitlines()) <= 140


@pytest.mark.parametrize("width", ["5", "50"])
def test_a_width_too_narrow_is_a_usage_error(width: str) -> None:
    """Below 60 columns a table can no longer fold its columns away and would cut numbers
    (at 50, ranks vanished and scores split over lines): refused in one line."""
    from tests.test_cli import run_main

    code, stdout, err = run_main(["rank", "--top", "2", "--width", width])
    assert code == 2 and stdout == ""
    assert err.startswith("Error: --width: at least 60 columns") and len(err.splitlines()) == 1


def test_a_narrow_columns_setting_lays_out_at_60(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    text = _invoke(["rank", "--top", "2"])
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "0.752" in text  # the score whole, as at 80 columns


def test_json_output_ignores_the_width() -> None:
    narrow = _invoke(["profiles", "list", "-f", "json", "--width", "60"])
    assert json.loads(narrow) == json.loads(_invoke(["profiles", "list", "-f", "json"]))
    assert io.StringIO(narrow).readline().startswith("{")


def test_counts_take_the_right_number() -> None:
    from siteselect.report.numbers import count_noun

    assert [count_noun(n, "park") for n in (0, 1, 2, 1500)] == [
        "0 parks",
        "1 park",
        "2 parks",
        "1,500 parks",
    ]
    assert count_noun(1, "corridor") == "1 corridor"
