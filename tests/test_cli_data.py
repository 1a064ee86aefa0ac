"""Tests for `siteselect data check` and `siteselect data build`."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from siteselect.checks import CheckReport, CheckResult
from siteselect.cli import cli, main
from siteselect.cli.data import BUILT_FILES, render_check_report

GOOD = CheckReport(
    Path("data"),
    None,
    [
        CheckResult("ids:parks", True, "82 ids, all unique"),
        CheckResult(
            "reference:seaports",
            True,
            "11 of 14 seaports matched",
            [{"id": "MXZLO", "reference": "Manzanillo", "dist_km": 0.62, "passed": True}],
        ),
    ],
)
BAD = CheckReport(
    Path("data"),
    None,
    [
        CheckResult(
            "ids:parks", False, "1 rows with duplicate or blank id", [{"row": 3, "id": "a"}]
        ),
        CheckResult("reference", True, "skipped: no reference data", informative=True),
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


def fake_check(report: CheckReport, seen: dict[str, object]) -> object:
    def check_data(data_dir: Path | None = None, reference_dir: Path | None = None) -> CheckReport:
        seen.update(data_dir=data_dir, reference_dir=reference_dir)
        return report

    return check_data


@pytest.mark.parametrize("args", [["data"], ["data", "check"], ["data", "build"]])
def test_help_texts(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Example" in result.output


def test_check_table_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("siteselect.checks.check_data", fake_check(GOOD, seen))
    code, out, err = run(["data", "check", "--reference-dir", "/somewhere"], capsys)
    assert code == 0 and err == ""
    assert "all checks passed" in out
    assert "MXZLO" in out and "0.62" in out  # reference rows are listed with their distance
    assert seen["reference_dir"] == Path("/somewhere")


def test_check_failure_exits_3_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("siteselect.checks.check_data", fake_check(BAD, {}))
    code, out, err = run(["data", "check"], capsys)
    assert code == 3
    assert "FAIL" in out and "ids:parks" in out
    assert err.startswith("Error: data check failed: 1 of 2 checks (ids:parks)")
    assert len(err.strip().splitlines()) == 1


def test_check_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("siteselect.checks.check_data", fake_check(BAD, {}))
    code, out, _ = run(["data", "check", "--format", "json"], capsys)
    assert code == 3
    payload = json.loads(out)
    assert payload["passed"] is False
    assert payload["results"][0]["rows"] == [{"row": 3, "id": "a"}]


def test_check_on_a_real_broken_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "seaports.csv").write_text(
        "id,name,state,coast,lon,lat,accuracy_m,source\n"
        "MXATM,Altamira,Tamaulipas,Gulf,22.484,-97.873,2000,s\n"
        "MXATM,Altamira,Tamaulipas,Gulf,-97.873,22.484,2000,s\n",
        encoding="utf-8",
    )
    code, out, err = run(
        ["data", "check", "--data-dir", str(folder), "--reference-dir", str(tmp_path / "no")],
        capsys,
    )
    assert code == 3
    assert "lon/lat look swapped" in out
    assert "ids:seaports" in err and "coordinates:seaports" in err


def test_render_has_status_words() -> None:
    from rich.console import Console

    console = Console(file=__import__("io").StringIO(), width=100, no_color=True)
    console.print(render_check_report(BAD))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "FAIL" in text and "info" in text and "1 check(s) failed" in text


@pytest.fixture
def fake_builder(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []

    def build_data(out_dir: Path) -> list[Path]:
        calls.append(out_dir)
        return [out_dir / f for f in BUILT_FILES]

    module = types.ModuleType("siteselect.layers.build")
    module.build_data = build_data  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "siteselect.layers.build", module)
    return calls


def test_build_calls_the_builder(
    tmp_path: Path, fake_builder: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["data", "build", "--out", str(tmp_path / "new")], capsys)
    assert code == 0 and out == ""
    assert fake_builder == [tmp_path / "new"]
    assert f"{len(BUILT_FILES)} files" in err


def test_build_refuses_to_overwrite_without_force(
    tmp_path: Path, fake_builder: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "states.gpkg").write_bytes(b"")
    code, _, err = run(["data", "build", "--out", str(tmp_path)], capsys)
    assert code == 2
    assert "states.gpkg" in err and "--force" in err
    assert fake_builder == []
    code, _, _ = run(["data", "build", "--out", str(tmp_path), "--force"], capsys)
    assert code == 0 and fake_builder == [tmp_path]
