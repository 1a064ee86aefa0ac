"""Tests for siteselect.report.sources: an illustrative column is flagged in every result it
touches (the project's data standard), here the tables of `optimize`, `stress` and `regions`
and the JSON of `stress`, which once said nothing of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from siteselect.cli import cli
from tests.conftest import write_config

pytestmark = pytest.mark.filterwarnings("ignore::siteselect.errors.DataNote")
NOTE = "illustrative values (replace with your own) influenced the score through: rent"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("illustrative")
    (folder / "rents.csv").write_text(
        "id,rent\nparque-industrial-nogalar,6.5\nparque-industrial-apodaca,5.0\n"
        "parque-industrial-escobedo,5.8\n",
        encoding="utf-8",
    )
    return write_config(
        folder,
        '[search]\ncorridors = ["northeast"]\n[candidates]\nattributes = "rents.csv"\n'
        'illustrative = ["rent"]\n[[criteria]]\nname = "rent"\nmeasure = "attribute"\n'
        'column = "rent"\ndirection = "min"\nweight = 0.5\n'
        '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 0.5\n[optimize]\nk = 2\n',
    )


def _invoke(args: list[str]) -> str:
    got = CliRunner().invoke(cli, [*args, "--width", "160"], catch_exceptions=False)
    assert got.exit_code == 0, got.output
    return " ".join(got.stdout.split())


@pytest.mark.parametrize("command", [["optimize"], ["stress", "--no-ports"], ["regions"]])
def test_tables_say_illustrative_values_touched_them(config: Path, command: list[str]) -> None:
    assert NOTE in _invoke([*command, "--config", str(config)])


def test_stress_json_lists_the_illustrative_inputs(config: Path) -> None:
    got = CliRunner().invoke(cli, ["stress", "--no-ports", "--config", str(config), "-f", "json"])
    assert got.exit_code == 0, got.output
    assert json.loads(got.stdout)["illustrative"] == ["rent"]


def test_a_search_without_illustrative_values_says_nothing_of_them() -> None:
    assert "illustrative" not in _invoke(["stress", "--no-ports", "--corridor", "northeast"])
