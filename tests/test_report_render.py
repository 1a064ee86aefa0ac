"""Tests for the proposal renderers: HTML (self-contained, escaped, shown by Chromium) and PDF
(text extracted, both languages, A4 and Letter), and the map and charts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from siteselect.api import build_report, run
from siteselect.report.charts import ProposalImages, render_proposal_images
from siteselect.report.html import render_proposal_html
from siteselect.report.pdf import render_proposal_pdf
from siteselect.report.proposal import ProposalView
from siteselect.results import RankResult
from tests.test_report_proposal import _hostile_config

PARK = "parque-industrial-monterrey"
NAME = "Parque Industrial Monterrey"
HOSTILE = "<script>alert(1)</script>"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def views(default_ranking: RankResult) -> dict[str, ProposalView]:
    return {
        lang: build_report(default_ranking, PARK, lang=lang, day=date(2026, 12, 1), paper=paper)
        for lang, paper in (("en", "a4"), ("es", "letter"))
    }


@pytest.fixture(scope="module")
def images(views: dict[str, ProposalView]) -> dict[str, ProposalImages]:
    return {lang: render_proposal_images(view) for lang, view in views.items()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ProposalView:
    folder = tmp_path_factory.mktemp("hostile")
    result = run(_hostile_config(folder))  # type: ignore[arg-type]
    return build_report(result, "evil", lang="en", day=date(2026, 12, 1))


def _pdf_text(data: bytes) -> tuple[str, list[tuple[float, float]]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return text, sizes


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# ---- pictures -------------------------------------------------------------------------------


def test_map_and_charts_are_pngs_with_their_content(images: dict[str, ProposalImages]) -> None:
    import numpy as np
    from matplotlib.image import imread

    picture = images["en"].map
    assert picture is not None
    width, height = _png_size(picture)
    assert width > 1500 and 0.4 < height / width < 0.7
    pixels = imread(io.BytesIO(picture))[..., :3]
    # The land colour of the states layer and the 30-minute isochrone are both drawn.
    land = np.all(np.abs(pixels - np.array([0xF3, 0xF1, 0xEA]) / 255) < 0.02, axis=-1)
    assert land.mean() > 0.05
    assert len(images["en"].charts) == 1 and _png_size(images["en"].charts[0])[0] > 1000


def test_pictures_are_drawn_the_same_way_twice(views: dict[str, ProposalView]) -> None:
    first = render_proposal_images(views["en"])
    again = render_proposal_images(views["en"])
    assert first == again


# ---- HTML -----------------------------------------------------------------------------------


def test_html_is_self_contained(
    views: dict[str, ProposalView], images: dict[str, ProposalImages]
) -> None:
    html = render_proposal_html(views["en"], images["en"])
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<script" not in html.lower()
    # Nothing is fetched: every image is a data URI, no stylesheet or font is linked.
    sources = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "url(" not in html and "@import" not in html
    assert f'<h1 id="title">Site proposal: {NAME}</h1>' in html


def test_html_speaks_the_language_with_its_number_formats(
    views: dict[str, ProposalView], images: dict[str, ProposalImages]
) -> None:
    es = render_proposal_html(views["es"], images["es"])
    en = render_proposal_html(views["en"], images["en"])
    assert "Propuesta de sitio" in es and "Cuenca laboral" in es and "Supuestos" in es
    assert "Site proposal" in en and "Labour shed" in en and "Assumptions" in en
    # The labour pool and the solar resource of the park, formatted for each language.
    people = next(c for c in views["en"].parks[0].contributions if c.criterion == "labour")
    solar = next(c for c in views["es"].parks[0].contributions if c.criterion == "solar")
    assert re.fullmatch(r"\d\.\d\d M people", people.raw_text) and people.raw_text in en
    assert people.raw_text.replace(".", ",").replace("people", "personas") in es
    assert re.fullmatch(f"\\d{NBSP}\\d{{3}} kWh/m²/año", solar.raw_text) and solar.raw_text in es
    assert solar.raw_text.replace(NBSP, ",").replace("año", "yr") in en
    assert "1 de diciembre de 2026" in es and "1 December 2026" in en
    assert "size: letter" in es and "size: A4" in en


def test_hostile_names_stay_text_in_html(hostile: ProposalView) -> None:
    html = render_proposal_html(hostile)
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script" not in html.lower()


# ---- PDF ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdf_text_has_the_park_the_score_and_the_language(
    views: dict[str, ProposalView], images: dict[str, ProposalImages]
) -> None:
    for lang, words in (
        ("en", ("Site proposal", "Labour shed", "Assumptions", "Industry 5.0 scorecard")),
        ("es", ("Propuesta de sitio", "Cuenca laboral", "Supuestos", "Tablero Industria 5.0")),
    ):
        view = views[lang]
        text, _ = _pdf_text(render_proposal_pdf(view, images[lang]))
        flat = re.sub(r"\s+", " ", text.replace(NBSP, " "))
        assert NAME in flat
        score = view.messages.number(view.parks[0].score, 3)
        assert score in flat and re.fullmatch(r"0\.\d{3}" if lang == "en" else r"0,\d{3}", score)
        for word in words:
            assert word in flat, (lang, word)
    facilities = views["es"].parks[0].facilities
    assert facilities is not None
    crossing = facilities.rows[0][1]  # the border crossing the score used
    assert crossing in flat
    assert {"–", "—"} & set(flat)  # marks beyond Latin-1 print (fpdf2 with DejaVu)


@pytest.mark.slow
def test_pdf_paper_sizes(views: dict[str, ProposalView], images: dict[str, ProposalImages]) -> None:
    _, a4 = _pdf_text(render_proposal_pdf(views["en"], images["en"]))
    _, letter = _pdf_text(render_proposal_pdf(views["es"], images["es"]))
    assert all(
        w == pytest.approx(595.28, abs=0.5) and h == pytest.approx(841.89, abs=0.5) for w, h in a4
    )
    assert all(
        w == pytest.approx(612, abs=0.5) and h == pytest.approx(792, abs=0.5) for w, h in letter
    )
    assert 2 <= len(a4) <= 6


@pytest.mark.slow
def test_pdf_is_reproducible_with_a_creation_date(
    views: dict[str, ProposalView], images: dict[str, ProposalImages]
) -> None:
    from datetime import UTC, datetime

    when = datetime(2026, 1, 1, tzinfo=UTC)
    first = render_proposal_pdf(views["en"], images["en"], created=when)
    assert render_proposal_pdf(views["en"], images["en"], created=when) == first


def test_hostile_names_stay_text_in_pdf(hostile: ProposalView) -> None:
    text, _ = _pdf_text(render_proposal_pdf(hostile))
    flat = re.sub(r"\s+", " ", text)
    assert HOSTILE in flat  # printed as the characters it is
    assert "$x^2$ & <b>bold</b>" in flat


# ---- in a browser ---------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")


def _browse(page: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            _chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_console_check_catches_errors(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><body><img src="http://192.0.2.1/x.png"><script>undefinedFn()</script></body></html>',
        encoding="utf-8",
    )
    done = _browse(page, tmp_path, "--dump-dom")
    assert any("undefinedFn" in line for line in _console(done.stderr))


@pytest.mark.slow
@pytest.mark.parametrize("which", ["park", "hostile"])
def test_chromium_shows_the_report(
    which: str,
    views: dict[str, ProposalView],
    images: dict[str, ProposalImages],
    hostile: ProposalView,
    tmp_path: Path,
) -> None:
    import numpy as np
    from matplotlib.image import imread

    chromium = _chromium()
    assert chromium
    view = views["en"] if which == "park" else hostile
    name = NAME if which == "park" else HOSTILE
    page = tmp_path / "report.html"
    page.write_text(
        render_proposal_html(view, images["en"] if which == "park" else None), encoding="utf-8"
    )
    dom = _browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert not _console(dom.stderr), _console(dom.stderr)
    # The park's name is the page's title text, as text (the DOM holds it escaped).
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    title = re.search(r'<h1 id="title">(.*?)</h1>', dom.stdout)
    assert title is not None and escaped in title.group(1)
    assert "<script>alert" not in dom.stdout
    assert re.search(r'<img id="map-image" src="data:image/png;base64,', dom.stdout)
    shot = tmp_path / "report.png"
    done = _browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,1800")
    assert done.returncode == 0 and shot.is_file()
    assert not _console(done.stderr)
    pixels = imread(shot)[..., :3]
    # The map is on screen: the states' land colour covers part of the first screen.
    land = np.all(np.abs(pixels - np.array([0xF3, 0xF1, 0xEA]) / 255) < 0.02, axis=-1)
    assert land.mean() > 0.02
