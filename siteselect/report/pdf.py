"""PDF proposals with fpdf2 (pure Python: nothing to install beyond the wheels), A4 or Letter.

Text is drawn in DejaVu Sans, the font matplotlib ships, so accents, dashes and symbols of
Spanish and English print without a system font. Cells are plain text (no markdown), so a
name from data is printed as it is.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from siteselect.report.charts import ProposalImages
    from siteselect.report.proposal import PillarView, ProposalView, TableView

FONT = "DejaVu"
INK = (31, 42, 55)
MUTED = (82, 96, 109)
ACCENT = (11, 110, 79)
BAND = (244, 246, 245)
LINE = (217, 222, 227)
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}


def _font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "": folder / "DejaVuSans.ttf",
        "B": folder / "DejaVuSans-Bold.ttf",
    }


def _document(view: ProposalView, created: datetime | None) -> Any:
    from fpdf import FPDF

    m = view.messages

    class Proposal(FPDF):
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
    pdf.set_text_color(*(INK if level != 2 else ACCENT))
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
    with pdf.table(
        col_widths=widths,
        text_align=align,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=BAND, color=INK),
        line_height=size * 0.55,
        padding=(0.8, 1.2),
        markdown=False,
        width=pdf.epw,
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


def _image(pdf: Any, png: bytes, width: float, ratio: float, shrink: float = 1.0) -> None:
    """Place a picture; it may shrink to ``shrink`` of its width to stay on this page."""
    height = width * ratio
    if height > _room(pdf) - 1 and height * shrink <= _room(pdf) - 1:
        width = (_room(pdf) - 1) / ratio
        height = width * ratio
    if pdf.will_page_break(height):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 1)


def _png_ratio(png: bytes) -> float:
    # PNG header: width and height are big-endian integers at bytes 16-24.
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    return height / width


def _figures(pdf: Any, pairs: list[tuple[str, str]]) -> None:
    columns = 3
    gap = 3.0
    width = (pdf.epw - gap * (columns - 1)) / columns
    for start in range(0, len(pairs), columns):
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
        for k in range(len(pairs[start : start + columns])):
            x = pdf.l_margin + k * (width + gap)
            pdf.set_fill_color(*ACCENT)
            pdf.rect(x, y, 1.2, box, style="F")
        pdf.set_y(y + box + gap)


def _pillars(pdf: Any, pillars: tuple[PillarView, ...], view: ProposalView) -> None:
    m = view.messages
    for pillar in pillars:
        if pdf.will_page_break(14):
            pdf.add_page()
        pdf.set_font(FONT, "B", 9.5)
        pdf.set_text_color(*INK)
        pdf.cell(pdf.epw * 0.7, 5.5, pillar.title)
        pdf.set_text_color(*ACCENT)
        pdf.cell(
            pdf.epw * 0.3,
            5.5,
            pillar.score_text
            if pillar.score is None
            else m.t("pdf.pillar_score", score=pillar.score_text),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
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
                pdf.set_fill_color(*ACCENT)
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
    from siteselect.report.charts import render_proposal_images

    m = view.messages
    pictures = images if images is not None else render_proposal_images(view)
    pdf = _document(view, created)
    pdf.add_page()
    # Page 1: who, where, how good, and the map.
    _heading(pdf, view.title, 1)
    _paragraph(pdf, view.subtitle, 9.5)
    if view.date_text:
        _paragraph(pdf, m.t("label.prepared", date=view.date_text), 8)
    pdf.ln(3)
    if view.kind == "park":
        park = view.parks[0]
        pairs = [
            (m.t("label.rank"), m.t("park.rank_of", rank=park.rank, of=park.of)),
            (park.score_label, park.score_value),
        ]
        _figures(pdf, pairs + list(park.highlights))
    if pictures.map is not None and view.map is not None:
        _image(pdf, pictures.map, pdf.epw, _png_ratio(pictures.map))
        _paragraph(pdf, m.t("map.caption"), 7)
    else:
        _paragraph(pdf, m.t("label.no_map"))
    for index, park in enumerate(view.parks):
        if view.kind == "shortlist":
            _heading(pdf, m.t("section.park", rank=park.rank, name=park.name), 2)
            _paragraph(
                pdf,
                m.t("pdf.park_line", place=park.place, rank=park.rank_text, score=park.score_text),
                8.5,
            )
            _heading(pdf, m.t("section.contributions"), 3)
        chart = pictures.charts[index]
        ratio = _png_ratio(chart)
        if view.kind == "park":
            _heading(pdf, m.t("section.contributions"), 2, keep=pdf.epw * 0.92 * ratio * 0.6)
        _image(pdf, chart, pdf.epw * 0.92, ratio, shrink=0.6)
        _paragraph(pdf, m.t("chart.caption"), 7)
        for note in park.notes:
            _paragraph(pdf, note, 7.5, INK)
        if park.facilities is not None:
            _heading(pdf, m.t("section.facilities"), 3)
            _table(pdf, park.facilities, (19, 24, 10, 10, 11, 26))
        if park.labour is not None:
            _heading(pdf, m.t("section.labour"), 3)
            _table(pdf, park.labour, (70, 30))
        if park.facts is not None:
            _heading(pdf, m.t("section.park_facts"), 3)
            _table(pdf, park.facts, (30, 22, 20, 28), 7.0)
        if park.requirements is not None:
            _heading(pdf, m.t("section.requirements"), 3)
            _table(pdf, park.requirements, (25, 30, 30, 15), 7.0)
        _heading(pdf, m.t("section.scorecard"), 3)
        _paragraph(pdf, m.t("scorecard.caption"), 7)
        _pillars(pdf, park.scorecard, view)
    _heading(pdf, m.t("section.comparison"), 2)
    _paragraph(pdf, m.t("comparison.caption"), 7.5)
    columns = len(view.comparison.headers)
    size = 7.0 if columns <= 5 else 6.0
    _table(pdf, view.comparison, (2.2, *([1.0] * (columns - 1))), size)
    if view.swaps:
        _heading(pdf, m.t("label.swaps"), 3)
        for line in view.swaps:
            _paragraph(pdf, m.t("pdf.bullet", text=line), 8, INK)
    a = view.assumptions
    _heading(pdf, m.t("section.assumptions"), 2)
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
    if a.engine_notes:
        _heading(pdf, m.t("label.engine_notes"), 3)
        for note in a.engine_notes:
            _paragraph(pdf, m.t("pdf.bullet", text=note), 7.5)
    _heading(pdf, m.t("section.sources"), 3)
    _table(pdf, a.sources, (16, 38, 24, 26), 6.8)
    data: bytes = bytes(pdf.output())
    return data
