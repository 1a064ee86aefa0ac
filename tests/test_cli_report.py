"""Tests for `siteselect report`: files written, refusals with one-line errors and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run_main

PARK = "parque-industrial-monterrey"


def test_report_writes_a_pdf_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "monterrey.pdf"
    code, out, err = run_main(
        ["report", PARK, "--lang", "es", "--paper", "letter", "-o", str(target)]
    )
    assert code == 0, err
    assert out == "" and "wrote" in err
    assert target.read_bytes()[:5] == b"%PDF-"
    before = target.read_bytes()
    code, _, err = run_main(["report", PARK, "-o", str(target)])
    assert code == 2 and "use --force" in err and len(err.strip().splitlines()) == 1
    assert target.read_bytes() == before


def test_shortlist_report_is_html(tmp_path: Path) -> None:
    target = tmp_path / "shortlist.html"
    args = ["report", "--shortlist", "--top", "2", "--profile", "logistics", "-o", str(target)]
    code, _, err = run_main(args)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert html.count('<section class="park"') == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report", "-o", "x.pdf"], 2, "give a PARK id, or --shortlist"),
        (["report", PARK, "--shortlist", "-o", "x.pdf"], 2, "not both"),
        (["report", "--shortlist", "--compare", PARK, "-o", "x.pdf"], 2, "--compare goes"),
        (["report", PARK, "-o", "x.docx"], 2, "name it .html or .pdf"),
        (["report", "no-such-park", "-o", "x.pdf"], 3, "unknown park"),
        (["report", PARK, "--corridor", "bajio", "-o", "x.pdf"], 4, "--corridor all"),
        (["report", PARK, "--lang", "fr", "-o", "x.pdf"], 2, "'fr' is not one of"),
    ],
)
def test_bad_requests_are_one_line_errors(
    args: list[str], code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    got, out, err = run_main(args)
    assert got == code, err
    assert message in err and "Traceback" not in err
    assert out == ""
    assert not any(tmp_path.glob("x.*"))
