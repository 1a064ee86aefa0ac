"""Tests for `siteselect data check`: real data folders in, exit codes and messages out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from siteselect.cli import cli, main
from siteselect.cli.data import render_check_report
from siteselect.layers.validate import CheckReport, CheckResult
from tests.conftest import write_tiny_data

BAD = CheckReport(
    Path("data"),
    [
        CheckResult(
            "ids:parks", False, "1 rows with duplicate or blank id", [{"row": 3, "id": "a"}]
        ),
        CheckResult("parks_columns", True, "20 park columns documented", informative=True),
        CheckResult("coordinates:parks", True, "82 points", [{"id": "x", "problem": "hidden"}]),
    ],
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real entry point in-process: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exc:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.mark.parametrize("args", [["data"], ["data", "check"]])
def test_help_texts(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Example" in result.output


def test_maintainer_tools_are_not_commands() -> None:
    result = CliRunner().invoke(cli, ["data", "--help"])
    assert "make data" in result.output and "tools/compare_reference.py" in result.output
    assert "build" not in CliRunner().invoke(cli, ["data", "--help"]).output.split("Commands:")[1]
    result = CliRunner().invoke(cli, ["data", "check", "--reference-dir", "x"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_check_table_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_tiny_data(tmp_path / "data")
    code, out, err = run(["data", "check", "--data-dir", str(folder)], capsys)
    assert code == 0 and err == ""
    assert "all checks passed" in out
    assert "in_corridor:parks" in out and "on_border:border_crossings" in out


def test_check_on_a_real_broken_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "seaports.csv").write_text(
        "id,name,state,coast,lon,lat,accuracy_m,source\n"
        "MXATM,Altamira,Tamaulipas,Gulf,22.484,-97.873,2000,s\n"
        "MXATM,Altamira,Tamaulipas,Gulf,-97.873,22.484,2000,s\n",
        encoding="utf-8",
    )
    code, out, err = run(["data", "check", "--data-dir", str(folder)], capsys)
    assert code == 3
    assert "lon/lat look swapped" in out
    assert err.startswith("Error: data check failed: ")
    assert "ids:seaports" in err and "coordinates:seaports" in err
    assert len(err.strip().splitlines()) == 1


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_tiny_data(tmp_path / "data")
    parks = (folder / "parks.csv").read_text(encoding="utf-8").splitlines()
    (folder / "parks.csv").write_text("\n".join([*parks, parks[1]]) + "\n", encoding="utf-8")
    code, out, _ = run(["data", "check", "--data-dir", str(folder), "--format", "json"], capsys)
    assert code == 3
    payload = json.loads(out)
    assert payload["passed"] is False and payload["data_dir"] == str(folder)
    failed = {r["name"]: r for r in payload["results"] if not r["passed"]}
    assert set(failed) == {"ids:parks", "schema:parks"}
    assert failed["ids:parks"]["rows"] == [{"row": 1, "id": "p1"}, {"row": 3, "id": "p1"}]


def test_render_has_status_words_and_rows_of_failed_checks_only() -> None:
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(render_check_report(BAD))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "FAIL" in text and "info" in text and "1 check(s) failed" in text
    assert "Data check: data" in text
    assert "hidden" not in text  # rows of passed checks are not listed


def test_render_all_rows_with_a_title_and_columns() -> None:
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(render_check_report(BAD, title="Compared", columns=("id",), all_rows=True))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Compared" in text and "coordinates:parks" in text
    assert "x" in text.split("coordinates:parks")[-1] and "hidden" not in text
