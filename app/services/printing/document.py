"""The house style of every printed document: embedded DejaVu fonts (so Ł, ş, ğ, ő print),
A4, a header with the organisation and "Vertrouwelijk", a footer with the document's name,
print date and "pagina X van Y"."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.config import RESOURCES_DIR
from app.services.demodatabase import DEMO_REGEL
from app.services.text import format_date

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
ACCENT = colors.HexColor("#1F4E79")
MARGIN = 18 * mm


@cache
def register_fonts() -> None:
    for name in (FONT, FONT_BOLD, FONT_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(RESOURCES_DIR / "fonts" / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)  # fmt: skip


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13)
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=22,
            textColor=ACCENT,
            spaceAfter=4 * mm,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=5 * mm,
            spaceAfter=2 * mm,
        ),
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8.5, leading=11
        ),
    )


def para(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text: escaped, with line breaks kept."""
    value = "" if text is None else str(text)
    return Paragraph(escape(value).replace("\n", "<br/>"), style or styles().body)


CELL_PADDING = 3
CHAR_WIDTH = 5.4  # average width of a DejaVu Sans character at the cell size (bold headers too), pt
USABLE_WIDTH = A4[0] - 2 * MARGIN


def auto_widths(header: Sequence[str], rows: Sequence[Sequence[object]],
                total: float = USABLE_WIDTH) -> list[float]:  # fmt: skip
    """Column widths that fit each column's longest word (so words are not broken) and share
    the rest of the page by how much text each column holds."""
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    minimum, wish = [], []
    for cells in columns:
        texts = [str(c) if c is not None else "" for c in cells]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        minimum.append(longest_word * CHAR_WIDTH + 2 * CELL_PADDING + 2)
        wish.append(min(max((len(t) for t in texts), default=1), 60) * CHAR_WIDTH)
    spare = total - sum(minimum)
    if spare <= 0:  # too many long words: scale down and let the longest ones break
        return [m * total / sum(minimum) for m in minimum]
    extra = [max(w - m, 0) for w, m in zip(wish, minimum, strict=True)]
    weight = sum(extra) or len(extra)
    return [m + spare * ((e or (0 if sum(extra) else 1)) / weight)
            for m, e in zip(minimum, extra, strict=True)]  # fmt: skip


def table(header: Sequence[str], rows: Sequence[Sequence[object]],
          widths: Sequence[float] | None = None) -> Table:  # fmt: skip
    """A table whose header repeats on every page it continues on."""
    s = styles()
    data = [[para(h, s.cell_bold) for h in header]]
    data += [[para(c, s.cell) for c in row] for row in rows]
    result = Table(data, colWidths=widths or auto_widths(header, rows), repeatRows=1,
                   hAlign="LEFT")  # fmt: skip
    result.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))  # fmt: skip
    return result


def fields(pairs: Sequence[tuple[str, object]]) -> Table:
    """Label–value pairs in two columns."""
    s = styles()
    data = [[para(label, s.cell_bold), para(value, s.cell)] for label, value in pairs]
    result = Table(data, colWidths=[45 * mm, None], hAlign="LEFT")
    result.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]))  # fmt: skip
    return result


class _NumberedCanvas(Canvas):
    """Draws header and footer after the whole document is laid out, so "pagina X van Y"
    knows Y."""

    def __init__(self, *args, header: str, footer: str, demo: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._header, self._footer, self._demo = header, footer, demo

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = A4
        self.saveState()
        self.setFont(FONT_BOLD, 8.5)
        self.setFillColor(ACCENT)
        self.drawString(MARGIN, height - 12 * mm, self._header)
        self.setFillColor(colors.HexColor("#B00020"))
        self.drawRightString(width - MARGIN, height - 12 * mm, "VERTROUWELIJK")
        self.setStrokeColor(ACCENT)
        self.setLineWidth(0.5)
        self.line(MARGIN, height - 13.5 * mm, width - MARGIN, height - 13.5 * mm)
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        self.line(MARGIN, 13 * mm, width - MARGIN, 13 * mm)
        self.drawString(MARGIN, 9 * mm, self._footer)
        self.drawRightString(width - MARGIN, 9 * mm, f"pagina {number} van {total}")
        if self._demo:
            self._demo_mark(width, height)
        self.restoreState()

    def _demo_mark(self, width: float, height: float) -> None:
        """A demo database's paper must never pass for a real dossier: a line above the
        footer and "DEMO" across the page, light enough to read the text through."""
        self.setFont(FONT_BOLD, 8.5)
        self.setFillColor(colors.HexColor("#B00020"))
        self.drawCentredString(width / 2, 15 * mm, DEMO_REGEL)
        self.setFillColor(colors.Color(0.69, 0, 0.13, alpha=0.10))
        self.setFont(FONT_BOLD, 110)
        self.translate(width / 2, height / 2)
        self.rotate(45)
        self.drawCentredString(0, -38, "DEMO")


def render(story: Sequence[Flowable], *, title: str, header: str, footer: str,
           printed: date | None = None, demo: bool = False) -> bytes:  # fmt: skip
    """Lay out the story on A4 with the house header and footer; return the PDF bytes.
    `demo`: printed from a demo database (demodatabase.is_demo), marked on every page."""
    register_fonts()
    buffer = io.BytesIO()
    footer_text = f"{footer} · afgedrukt op {format_date(printed or date.today())}"
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="Koers", leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=20 * mm, bottomMargin=18 * mm,
    )  # fmt: skip
    marks = {"header": header, "footer": footer_text, "demo": demo}
    document.build(list(story), canvasmaker=lambda *a, **k: _NumberedCanvas(*a, **marks, **k))
    return buffer.getvalue()
