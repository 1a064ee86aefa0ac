"""Tests for `siteselect report`: files written, refusals with one-line errors and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run_main

PARK = "parque-industrial-monterrey"


@pytest.mark.slow
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


@pytest.mark.slow
def test_shortlist_report_is_html(tmp_path: Path) -> None:
    target = tmp_path / "shortlist.html"
    args = ["report", "--shortlist", "--top", "2", "--profile", "logistics", "-o", str(target)]
    code, _, err = run_main(args)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert html.count('<section class="park park-page"') == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report", "-o", "x.pdf"], 2, "give a PARK id, or --shortlist"),
        (["report", PARK, "--shortlist", "-o", "x.pdf"], 2, "not both"),
        (["report", "--shortlist", "--compare", PARK, "-o", "x.pdf"], 2, "--compare goes"),
        (["report", PARK, "-o", "x.docx"], 2, "name it .html or .pdf"),
        (["report", "no-such-park", "-o", "x.pdf"], 3, "unknown park"),
        (["report", PARK, "--corridor", "bajio", "-o", "x.pdf"], 2, "--corridor all"),
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


@pytest.mark.slow
def test_compare_with_the_park_itself_or_twice_warns_and_compares_once(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    other = "parque-industrial-nogalar"
    args = ["report", PARK, "--compare", PARK, "--compare", other, "--compare", other]
    code, _, err = run_main([*args, "-o", str(target)])
    assert code == 0, err
    lines = err.strip().splitlines()
    itself = [line for line in lines if "is the park of the report itself" in line]
    twice = [line for line in lines if "is given more than once" in line]
    assert len(itself) == 1 and itself[0].startswith("warning: --compare: ")
    assert len(twice) == 1 and twice[0].startswith("warning: --compare: ")
    html = target.read_text(encoding="utf-8")
    comparison = html[html.index('<section id="comparison">') :]
    head = comparison[: comparison.index("</thead>")]
    assert head.count("Parque Industrial Monterrey") == 1
    assert head.count("Parque Industrial Nogalar") == 1 and head.count("</th>") == 3


def test_notes_are_printed_once_and_the_users_facts_are_marked(tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_text(
        f"id,rent_usd_m2_month\n{PARK},6.5\nparque-industrial-nogalar,7.0\n", encoding="utf-8"
    )
    (tmp_path / "search.toml").write_text(
        '[search]\nmethod = "wsm"\ncorridors = ["northeast"]\n'
        '[candidates]\nattributes = "facts.csv"\n'
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n'
        '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    target = tmp_path / "report.html"
    args = ["report", PARK, "-c", str(tmp_path / "search.toml"), "-o", str(target)]
    code, _, err = run_main(args)
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert notes and len(notes) == len(set(notes)), err
    assert sum("joined 2 of" in line for line in notes) == 1
    html = target.read_text(encoding="utf-8")
    assert "facts.csv ‡" in html and str(tmp_path) not in html
    # The resilience pillar has the cost of a closed crossing, not a "not available" note.
    assert "Largest drive-time increase with one main crossing or port closed" in html
    assert "not available in this version" not in html


@pytest.mark.slow
def test_shortlist_title_names_the_per_corridor_shortlist(tmp_path: Path) -> None:
    target = tmp_path / "shortlist.html"
    code, _, err = run_main(["report", "--shortlist", "--lang", "es", "-o", str(target)])
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert "los 5 mejores de cada corredor" in html and "(10 parques)" in html
    assert html.count('<section class="park park-page"') == 10


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (None, 3, "--logo: nope.png does not exist"),  # a missing data file: 3, not 2
        (b"GIF89a not a png", 3, "--logo: bad.png is not a PNG or JPEG image"),
        (b"\x89PNG\r\n\x1a\nbroken", 3, "--logo: bad.png is not a readable PNG image"),
    ],
)
def test_a_bad_logo_is_one_line(
    tmp_path: Path, content: bytes | None, code: int, message: str
) -> None:
    name = "nope.png" if content is None else "bad.png"
    if content is not None:
        (tmp_path / name).write_bytes(content)
    target = tmp_path / "r.pdf"
    got, _, err = run_main(["report", PARK, "--logo", str(tmp_path / name), "-o", str(target)])
    assert got == code and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
