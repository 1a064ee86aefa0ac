"""Tests for the `siteselect weights` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from siteselect.cli import cli, main


def write_pairwise(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "judgements.csv"
    path.write_text(text, encoding="utf-8")
    return path


CONSISTENT = "criterion,labour,logistics,power\nlabour,1,2,4\nlogistics,1/2,1,2\npower,1/4,1/2,1\n"
# Saaty (1990) house example: CR 0.169 > 0.10.
HOUSE = """c,size,trans,neigh,age,yard,modern,cond,fin
size,1,5,3,7,6,6,1/3,1/4
trans,1/5,1,1/3,5,3,3,1/5,1/7
neigh,1/3,3,1,6,3,4,6,1/5
age,1/7,1/5,1/6,1,1/3,1/4,1/7,1/8
yard,1/6,1/3,1/3,3,1,1/2,1/5,1/6
modern,1/6,1/3,1/4,4,2,1,1/5,1/6
cond,3,5,1/6,7,5,5,1,1/2
fin,4,7,5,8,6,6,2,1
"""


def test_ahp_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["weights", "ahp", str(write_pairwise(tmp_path, CONSISTENT)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"weights", "lambda_max", "ci", "cr"}
    assert doc["weights"] == pytest.approx({"labour": 4 / 7, "logistics": 2 / 7, "power": 1 / 7})
    assert doc["cr"] == pytest.approx(0.0, abs=1e-9)


def test_ahp_table_and_inconsistency_warning_on_stderr(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["weights", "ahp", str(write_pairwise(tmp_path, HOUSE))])
    assert result.exit_code == 0, result.output
    assert "fin" in result.stdout and "0.3332" in result.stdout  # Saaty: 0.333
    assert "warning: AHP consistency ratio 0.169 exceeds 0.10" in result.stderr
    assert "Warning" not in result.stdout


def test_ahp_errors_are_one_line_with_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_pairwise(tmp_path, "c,a,b\na,1,3\nb,1/2,1\n")
    with pytest.raises(SystemExit) as info:
        main(["weights", "ahp", str(bad)])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: pairwise matrix is not reciprocal at (a, b)")
    assert "\n" not in err
    with pytest.raises(SystemExit) as info:
        main(["weights", "ahp", str(tmp_path / "missing.csv")])
    assert info.value.code == 2  # as a malformed matrix: the judgements configure a search


@pytest.mark.parametrize("command", ["entropy", "critic"])
def test_objective_weight_commands_from_the_real_cli(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`weights entropy|critic --profile` derives weights from the profile's real raw values."""
    from siteselect.api import rank
    from siteselect.mcda import compute_critic_weights, compute_entropy_weights

    main(["weights", command, "--profile", "electronics", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    result = rank(profile="electronics")
    raw = result.raw.loc[result.scores.table.index]
    directions = {c.name: c.direction for c in result.config.criteria}
    fn = compute_entropy_weights if command == "entropy" else compute_critic_weights
    expected = fn(raw, directions)
    assert doc["weights"] == pytest.approx(expected)
    assert sum(doc["weights"].values()) == pytest.approx(1.0)
    assert doc["candidates"] == len(raw)
    both = CliRunner().invoke(cli, ["weights", command, "-p", "electronics", "-c", "x.toml"])
    assert "either --profile or --config" in str(both.exception)


@pytest.mark.parametrize(
    "args", [["weights"], ["weights", "ahp"], ["weights", "entropy"], ["weights", "critic"]]
)
def test_every_command_has_help(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
