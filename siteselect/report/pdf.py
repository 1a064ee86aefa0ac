"""PDF proposals with fpdf2 (pure Python: nothing to install beyond the wheels), A4 or Letter.

Text is drawn in DejaVu Sans, the TrueType font matplotlib ships (Latin, Greek, Cyrillic,
Hebrew, Arabic, symbols), so accents, dashes and most names print without a system font.
Characters DejaVu lacks (a name in Chinese, Japanese or Korean, an emoji) are drawn with Noto
fonts from the declared font packages, added only when the document needs them (see
:mod:`siteselect.report.fonts`); a character no font draws is named in a
:class:`~siteselect.errors.SiteselectWarning`. Cells are plain text (no markdown), so a name
from data is printed as it is.

Layout: a heading is kept on the page with what follows it; a comparison wider than
:data:`~siteselect.report.proposal.COMPARISON_COLUMNS` parks comes in blocks that each fit the
page; a shortlist opens with its overview table and map, then one page a park.
"""

from __future__ import annotations

import io
import warnings
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import SiteselectWarning

if TYPE_CHECKING:
    from siteselect.report.charts import ProposalImages
    from siteselect.report.facts_view import FactCard
    from siteselect.report.proposal import ProposalView
    from siteselect.report.proposal_view import ParkSection, PillarView, TableView

FONT = "DejaVu"
INK = (31, 42, 55)
MUTED = (82, 96, 109)
ACCENT = (11, 110, 79)
BAND = (244, 246, 245)
LINE = (217, 222, 227)
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
STATUS_COLOURS = {"met": ACCENT, "not_met": (184, 50, 42), "unknown": MUTED}


def _font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "": folder / "DejaVuSans.ttf",
        "B": folder / "DejaVuSans-Bold.ttf",
    }


def _document(view: ProposalView, created: datetime | None, folder: Path) -> Any:
    from fpdf import FPDF

    from siteselect.report.fonts import collect_characters, select_fallback_fonts

    m = view.messages

    class Proposal(FPDF):
        accent: tuple[int, int, int] = ACCENT

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, "", 7)
            self.set_text_color(*MUTED)
            self.cell(0, 5, view.footer, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, m.t("label.page", page=self.page_no(), pages="{nb}"), align="R")

    pdf = Proposal(orientation="P", unit="mm", format=PAPER_SIZES[view.paper])
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(auto=True, margin=16)
    for style, path in _font_files().items():
        pdf.add_font(FONT, style, str(path))
    # Fallback fonts only for the characters DejaVu lacks (most documents need none).
    main: Any = pdf.fonts[FONT.lower()]
    drawn = set(main.ttfont.getBestCmap() or {})
    missing = {c for c in collect_characters(view) if ord(c) >= 0x20 and ord(c) not in drawn}
    fallbacks = []
    for i, path in enumerate(select_fallback_fonts(missing, folder) if missing else ()):
        try:
            pdf.add_font(f"fallback{i}", "", str(path))
            pdf.add_font(f"fallback{i}", "B", str(path))
        except Exception:  # a font fpdf2 cannot embed is left out; the warning says what
            continue
        fallbacks.append(f"fallback{i}")
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    if view.branding is not None:
        pdf.accent = view.branding.rgb("primary")
    pdf.set_title(view.title)
    pdf.set_lang(view.lang)
    pdf.set_creator("siteselect")
    if created is not None:
        pdf.set_creation_date(created)
    return pdf


def _heading(pdf: Any, text: str, level: int = 2, keep: float = 28.0) -> None:
    size = {1: 17, 2: 12.5, 3: 10}[level]
    # A heading keeps ``keep`` mm of its content with it on the page.
    if pdf.will_page_break(size * 0.5 + (0 if level == 1 else keep)):
        pdf.add_page()
    pdf.ln(2 if level == 3 else 4)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*(INK if level != 2 else pdf.accent))
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
    if level == 2:
        pdf.set_draw_color(*LINE)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
        pdf.ln(2)
    pdf.set_text_color(*INK)


def _paragraph(pdf: Any, text: str, size: float = 8.5, colour: tuple[int, ...] = MUTED) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*INK)


def _table(
    pdf: Any, tv: TableView, widths: tuple[float, ...] | None = None, size: float = 7.5
) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, "", size)
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(255, 255, 255)
    align = tuple("RIGHT" if n else "LEFT" for n in tv.numeric)
    if widths is not None and len(widths) != len(tv.headers):
        widths = None
    # The header row and the first rows stay together.
    if pdf.will_page_break(size * 0.55 * 6):
        pdf.add_page()
    with pdf.table(
        col_widths=widths,
        text_align=align,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=BAND, color=INK),
        line_height=size * 0.55,
        padding=(0.8, 1.2),
        markdown=False,
        width=pdf.epw,
        wrapmode="WORD",  # a word longer than its cell is still cut
    ) as table:
        head = table.row()
        for h in tv.headers:
            head.cell(h)
        for i, cells in enumerate(tv.rows):
            style = FontFace(emphasis="BOLD") if tv.highlight == i else None
            row = table.row(style=style)
            for c in cells:
                row.cell(c)
    pdf.ln(2)


def _room(pdf: Any) -> float:
    """Height left on the page above the bottom margin (mm)."""
    return float(pdf.page_break_trigger - pdf.get_y())


def _image(
    pdf: Any, data: bytes, width: float, ratio: float, shrink: float = 1.0, x: float | None = None
) -> None:
    """Place a picture; it may shrink to ``shrink`` of its width to stay on this page."""
    height = width * ratio
    if height > _room(pdf) - 1 and height * shrink <= _room(pdf) - 1:
        width = (_room(pdf) - 1) / ratio
        height = width * ratio
    if pdf.will_page_break(height):
        pdf.add_page()
    left = pdf.l_margin + (pdf.epw - width) / 2 if x is None else x
    pdf.image(io.BytesIO(data), x=left, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 1)


def _png_ratio(png: bytes) -> float:
    # PNG header: width and height are big-endian integers at bytes 16-24.
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    return height / width


def _figures(pdf: Any, pairs: list[tuple[str, str]], columns: int = 3) -> None:
    gap = 3.0
    width = (pdf.epw - gap * (columns - 1)) / columns
    for start in range(0, len(pairs), columns):
        if pdf.will_page_break(16):
            pdf.add_page()
        y = pdf.get_y()
        heights = []
        for k, (label, value) in enumerate(pairs[start : start + columns]):
            x = pdf.l_margin + k * (width + gap)
            pdf.set_xy(x + 2.5, y + 1.5)
            pdf.set_font(FONT, "", 7)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(width - 4, 3.2, label, new_x="LEFT", new_y="NEXT", align="L")
            pdf.set_x(x + 2.5)
            pdf.set_font(FONT, "B", 9.5)
            pdf.set_text_color(*INK)
            pdf.multi_cell(width - 4, 4.4, value, new_x="LEFT", new_y="NEXT", align="L")
            heights.append(pdf.get_y() - y + 1.5)
        box = max(heights)
        _accent_bars(pdf, y, len(heights), width, gap, box)
        pdf.set_y(y + box + gap)


def _accent_bars(pdf: Any, y: float, n: int, width: float, gap: float, height: float) -> None:
    """The accent bar at the left of each of ``n`` boxes of a row (key figures, fact cards)."""
    pdf.set_fill_color(*pdf.accent)
    for k in range(n):
        pdf.rect(pdf.l_margin + k * (width + gap), y, 1.2, height, style="F")


def _cards(pdf: Any, cards: tuple[FactCard, ...], view: ProposalView) -> None:
    """Fact cards: a label, the value with its unit (marked † or ‡), its date and source."""
    columns = 3
    gap = 3.0
    width = (pdf.epw - gap * (columns - 1)) / columns
    for start in range(0, len(cards), columns):
        if pdf.will_page_break(20):
            pdf.add_page()
        y = pdf.get_y()
        heights = []
        for k, card in enumerate(cards[start : start + columns]):
            x = pdf.l_margin + k * (width + gap)
            pdf.set_xy(x + 2.5, y + 1.2)
            pdf.set_font(FONT, "", 6.8)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(width - 4, 3.0, card.label, new_x="LEFT", new_y="NEXT", align="L")
            pdf.set_x(x + 2.5)
            pdf.set_font(FONT, "B", 10)
            pdf.set_text_color(*INK)
            pdf.multi_cell(width - 4, 4.6, card.value_text, new_x="LEFT", new_y="NEXT", align="L")
            note = " · ".join(p for p in (card.date_text, card.source) if p)
            if note:
                pdf.set_x(x + 2.5)
                pdf.set_font(FONT, "", 5.8)
                pdf.set_text_color(*MUTED)
                pdf.multi_cell(width - 4, 2.6, note, new_x="LEFT", new_y="NEXT", align="L")
            heights.append(pdf.get_y() - y + 1.2)
        box = max(heights)
        _accent_bars(pdf, y, len(heights), width, gap, box)
        pdf.set_y(y + box + gap * 0.7)
    pdf.set_text_color(*INK)


def _facts(pdf: Any, park: ParkSection, view: ProposalView, level: int) -> None:
    """Every fact of the park with its date and source, and what the marks mean."""
    if park.facts_table is None:
        return
    _heading(pdf, park.facts_title, level)
    _table(pdf, park.facts_table, (28, 22, 22, 28), 7.0)
    for note in park.facts_notes:
        _paragraph(pdf, note, 7)


def _pillars(pdf: Any, pillars: tuple[PillarView, ...], view: ProposalView) -> None:
    m = view.messages
    for pillar in pillars:
        if pdf.will_page_break(14):
            pdf.add_page()
        pdf.set_font(FONT, "B", 9.5)
        pdf.set_text_color(*INK)
        pdf.cell(pdf.epw * 0.7, 5.5, pillar.title)
        pdf.set_text_color(*pdf.accent)
        score = "" if not pillar.score_text else pillar.score_text
        if pillar.score is not None:
            score = m.t("pdf.pillar_score", score=pillar.score_text)
        pdf.cell(pdf.epw * 0.3, 5.5, score, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        for item in pillar.items:
            pdf.set_font(FONT, "", 8)
            text = m.t(
                "pdf.pillar_item", label=item.label, value=item.value_text, weight=item.weight_text
            )
            pdf.multi_cell(pdf.epw * 0.72, 3.9, text, new_x="RIGHT", new_y="TOP", align="L")
            y = pdf.get_y() + 1.4
            x = pdf.l_margin + pdf.epw * 0.75
            bar = pdf.epw * 0.25
            pdf.set_fill_color(228, 231, 235)
            pdf.rect(x, y, bar, 1.6, style="F")
            if item.value is not None:
                pdf.set_fill_color(*pdf.accent)
                pdf.rect(x, y, bar * max(0.0, min(1.0, item.value)), 1.6, style="F")
            pdf.set_xy(pdf.l_margin, pdf.get_y())
            pdf.ln(4.2)
        for label, value in pillar.facts:
            pdf.set_font(FONT, "", 8)
            text = m.t("pdf.pillar_fact", label=label, value=value)
            pdf.multi_cell(pdf.epw, 3.9, text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(0.8)
        for note in pillar.notes:
            _paragraph(pdf, note, 7.5)
        pdf.ln(1.5)


def _masthead(pdf: Any, view: ProposalView) -> None:
    """Logo, developer and who the document is for, above the title."""
    b = view.branding
    if b is None:
        return
    top = pdf.get_y()
    bottom = top
    if b.logo is not None:
        height = 14.0
        width = min(height / b.logo_ratio, 60.0)
        pdf.image(io.BytesIO(b.logo), x=pdf.l_margin, y=top, w=width, h=width * b.logo_ratio)
        bottom = max(bottom, top + width * b.logo_ratio)
    m = view.messages
    lines = [
        t
        for t in (b.developer, b.prepared_for and m.t("label.prepared_for", who=b.prepared_for))
        if t
    ]
    if lines:
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(pdf.l_margin + pdf.epw * 0.45, top)
        pdf.multi_cell(
            pdf.epw * 0.55, 4, "\n".join(lines), align="R", new_x="LMARGIN", new_y="NEXT"
        )
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + (2 if bottom > top else 0))
    pdf.set_text_color(*INK)


def _contact(pdf: Any, view: ProposalView) -> None:
    b = view.branding
    if b is None or not b.contact:
        return
    m = view.messages
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*pdf.accent)
    pdf.multi_cell(0, 4.5, m.t("label.contact", contact=b.contact), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def _map(pdf: Any, view: ProposalView, pictures: ProposalImages, shrink: float = 0.55) -> None:
    m = view.messages
    if pictures.map is not None and view.map is not None:
        _image(pdf, pictures.map, pdf.epw, _png_ratio(pictures.map), shrink=shrink)
        _paragraph(pdf, m.t("map.caption"), 6.5)
    else:
        _paragraph(pdf, m.t("label.no_map"))


def _sales_park(pdf: Any, park: ParkSection, view: ProposalView, first: bool) -> None:
    """A park as a tenant reads it: verdict, facts, checklist (then the map on page 1)."""
    m = view.messages
    if park.verdict:
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 5.4, " ".join(park.verdict), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if park.cards:
        _cards(pdf, park.cards, view)
    if park.requirements_table is not None:
        _heading(pdf, m.t("section.requirements"), 3, keep=14)
        _table(pdf, park.requirements_table, (30, 26, 26, 18), 7.5)


def _sales_details(pdf: Any, park: ParkSection, view: ProposalView) -> None:
    """The park's facts, access, workforce, suppliers, resilience and sustainability."""
    m = view.messages
    if park.facts and (park.facts_notes or any(c not in park.cards for c in park.facts)):
        _facts(pdf, park, view, 2)
    if park.access is not None:
        _heading(pdf, m.t("section.access"), 2)
        _table(pdf, park.access, (24, 40, 16, 14))
        _paragraph(pdf, m.t("access.caption"), 7)
    if park.labour is not None:
        _heading(pdf, m.t("section.workforce"), 2)
        _table(pdf, park.labour, (70, 30))
    if park.suppliers is not None:
        s = park.suppliers
        _heading(pdf, m.t("section.suppliers"), 2)
        _paragraph(pdf, s.summary, 8.5, INK)
        from siteselect.report.proposal_view import TableView

        if s.sectors:
            _table(pdf, TableView(s.headers_sectors, s.sectors, (False, True)), (70, 30))
        if s.parks:
            _table(pdf, TableView(s.headers_parks, s.parks, (False, False, True)), (50, 30, 20))
        _paragraph(pdf, s.note, 7)
    if park.pillars:
        _heading(pdf, m.t("section.pillars"), 2)
        _pillars(pdf, park.pillars, view)


def _analyst_park(
    pdf: Any, park: ParkSection, view: ProposalView, chart: bytes | None, captions: bool
) -> None:
    m = view.messages
    if chart is not None:
        ratio = _png_ratio(chart)
        _heading(pdf, m.t("section.contributions"), 3, keep=pdf.epw * 0.92 * ratio * 0.6)
        _image(pdf, chart, pdf.epw * 0.92, ratio, shrink=0.6)
        if captions:
            _paragraph(pdf, m.t("chart.caption"), 7)
    for note in park.notes:
        _paragraph(pdf, note, 7.5, INK)
    if park.facilities is not None:
        _heading(pdf, m.t("section.facilities"), 3)
        _table(pdf, park.facilities, (19, 24, 10, 10, 11, 26))
    if park.labour is not None:
        _heading(pdf, m.t("section.labour"), 3)
        _table(pdf, park.labour, (70, 30))
    _facts(pdf, park, view, 3)
    if park.requirements_table is not None:
        _heading(pdf, m.t("section.requirements"), 3)
        _table(pdf, park.requirements_table, (30, 26, 26, 18), 7.0)
    _heading(pdf, m.t("section.scorecard"), 3)
    if captions:
        _paragraph(pdf, m.t("scorecard.caption"), 7)
    _pillars(pdf, park.scorecard, view)


def _comparison(pdf: Any, view: ProposalView) -> None:
    m = view.messages
    _heading(pdf, m.t("section.comparison"), 2)
    _paragraph(pdf, m.t("comparison.caption"), 7.5)
    for block in view.comparison_blocks or (view.comparison,):
        columns = len(block.headers)
        size = 7.0 if columns <= 5 else 6.4
        _table(pdf, block, (2.2, *([1.0] * (columns - 1))), size)
    if view.swaps:
        _heading(pdf, m.t("label.swaps"), 3)
        for line in view.swaps:
            _paragraph(pdf, m.t("pdf.bullet", text=line), 8, INK)


def _annex(pdf: Any, view: ProposalView) -> None:
    m = view.messages
    a = view.assumptions
    title = "section.method_annex" if view.audience == "sales" else "section.assumptions"
    _heading(pdf, m.t(title), 2)
    constraints = "; ".join(a.constraints) if a.constraints else m.t("label.none")
    profile = (
        m.t("pdf.profile", name=a.profile, description=a.description)
        if a.description
        else a.profile
    )
    for label, value in (
        (m.t("label.profile"), profile),
        (m.t("label.method"), a.method),
        (m.t("label.weights"), a.weights_method),
        (m.t("label.corridors"), a.corridors),
        (m.t("label.candidates"), a.counts),
        (m.t("label.constraints"), constraints),
    ):
        pdf.set_font(FONT, "B", 8)
        pdf.cell(48, 4.2, label)
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4.2, value, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)
    _table(pdf, a.weights, (14, 40, 10, 14, 32), 7.0)
    for note in a.notes:
        _paragraph(pdf, note, 7.5)
    notes = view.robustness or (a.engine_notes if view.audience == "analyst" else ())
    if notes:
        _heading(pdf, m.t("label.engine_notes"), 3, keep=12)
        for note in notes:
            _paragraph(pdf, m.t("pdf.bullet", text=note), 7.5)
    _heading(pdf, m.t("section.sources"), 3)
    _table(pdf, a.sources, (16, 38, 24, 26), 6.8)


def render_proposal_pdf(
    view: ProposalView, images: ProposalImages | None = None, *, created: datetime | None = None
) -> bytes:
    """The proposal as PDF bytes, on the view's paper (A4 or Letter).

    Parameters
    ----------
    view
        The proposal's view model.
    images
        Pictures already drawn; drawn here when ``None``.
    created
        The document's creation date (``SOURCE_DATE_EPOCH`` for reproducible files).
    """
    import tempfile

    from siteselect.report.charts import render_proposal_images

    pictures = images if images is not None else render_proposal_images(view)
    # A CJK font subset lives in a scratch folder while the document is made.
    with tempfile.TemporaryDirectory(prefix="siteselect-fonts-") as scratch:
        pdf = _document(view, created, Path(scratch))
        _lay_out(pdf, view, pictures)
        data: bytes = bytes(pdf.output())
        _warn_missing_glyphs(pdf, view)
    return data


def _lay_out(pdf: Any, view: ProposalView, pictures: ProposalImages) -> None:
    """Every page of the document, in order."""
    m = view.messages
    pdf.add_page()
    _masthead(pdf, view)
    _heading(pdf, view.title, 1)
    _paragraph(pdf, view.subtitle, 9.5)
    if view.date_text:
        _paragraph(pdf, m.t("label.prepared", date=view.date_text), 8)
    pdf.ln(2)
    sales = view.audience == "sales"
    charts = list(pictures.charts)
    if view.kind == "park":
        park = view.parks[0]
        if sales:
            _sales_park(pdf, park, view, first=True)
            _contact(pdf, view)
            _map(pdf, view, pictures)
            if view.branding is not None and view.branding.photo is not None:
                b = view.branding
                _image(pdf, b.photo, pdf.epw * 0.6, b.photo_ratio, shrink=0.4)  # type: ignore[arg-type]
            _sales_details(pdf, park, view)
        else:
            pairs = [
                (m.t("label.rank"), m.t("park.rank_of", rank=park.rank, of=park.of)),
                (park.score_label, park.score_value),
            ]
            if park.metro:
                pairs.append((m.t("label.metro"), park.metro))
            _figures(pdf, pairs + list(park.highlights))
            for line in (park.agreement, park.rank_note):
                if line:
                    _paragraph(pdf, line, 8, INK)
            _map(pdf, view, pictures)
            _heading(pdf, m.t("section.contributions"), 2, keep=40)
            _analyst_park(pdf, park, view, charts[0] if charts else None, captions=True)
        if view.show_comparison:
            _comparison(pdf, view)
    else:
        # A shortlist opens with its overview and map, then a page a park.
        if view.overview is not None:
            _heading(pdf, m.t("section.overview"), 2, keep=20)
            n = len(view.overview.headers)
            widths = (6, 30, 26, *([14] * (n - 3)))
            _table(pdf, view.overview, widths, 6.8 if n > 6 else 7.2)
        _contact(pdf, view)
        _map(pdf, view, pictures, shrink=0.5)
        if view.regions is not None:
            _heading(pdf, m.t("section.regions"), 2, keep=30)
            _paragraph(pdf, view.regions_intro, 8)
            n = len(view.regions.headers)
            _table(pdf, view.regions, (20, 13, 13, 30, *([14] * (n - 4))), 6.8)
        for index, park in enumerate(view.parks):
            pdf.add_page()
            _heading(pdf, m.t("section.park", rank=park.rank, name=park.name), 2)
            _paragraph(pdf, " · ".join(p for p in (park.place, park.metro) if p), 8.5)
            if sales:
                _sales_park(pdf, park, view, first=False)
                _sales_details(pdf, park, view)
            else:
                for line in (park.agreement, park.rank_note):
                    if line:
                        _paragraph(pdf, line, 8, INK)
                chart = charts[index] if index < len(charts) else None
                _analyst_park(pdf, park, view, chart, captions=index == 0)
        if view.show_comparison and not sales:
            pdf.add_page()
            _comparison(pdf, view)
    _annex(pdf, view)


def _warn_missing_glyphs(pdf: Any, view: ProposalView) -> None:
    """Say which names lost characters no available font could draw."""
    drawn: set[int] = set()
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            drawn |= set(ttfont.getBestCmap() or {})
    names = [p.name for p in view.parks if any(ord(ch) not in drawn for ch in p.name.strip())]
    if names:
        shown = ", ".join(repr(n) for n in names[:3])
        warnings.warn(
            f"PDF: no available font draws every character of {shown}; the HTML report "
            "shows them (reinstall siteselect's font packages: manimgx-fonts, "
            "manimgx-fonts-cjk)",
            SiteselectWarning,
            stacklevel=3,
        )
