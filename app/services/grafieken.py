"""The charts of the reports, defined once (issue 8 item 5): ReportLab charts in a `Drawing`,
which the PDF embeds as vector graphics and the screen shows as SVG (`svg`), so screen and
paper never disagree.

- `uitsplitsing_grafiek`: one KPI broken down by a dimension (a horizontal bar per value, with
  the target as a dashed line where one is set and the total and last year's value above it).
- `vergelijking_grafiek`: several KPIs of one kind side by side, this period against the same
  period last year (two bars per KPI, the target as a short dashed line).
- `staafgrafiek`: plain labelled counts (e.g. a caseload by phase).

Labels are Dutch with a decimal comma and use the embedded DejaVu fonts of the printed
documents. No Qt here: the GUI renders the SVG text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.services.getallen import getal, kort, rond
from app.services.kpi import KpiUitkomst, Soort
from app.services.printing.document import ACCENT, FONT, FONT_BOLD, register_fonts

BREEDTE = 170 * mm
HUIDIG = ACCENT
VORIG = colors.HexColor("#A6BDD7")
DOEL = colors.HexColor("#B00020")
TEKST = colors.HexColor("#333333")
GRIJS = colors.HexColor("#777777")
TITEL_PT, LABEL_PT, KLEIN_PT = 9, 7.5, 6.5


@dataclass(frozen=True)
class Staaf:
    label: str
    waarde: Decimal | None


# ReportLab writes its <clipPath> outside <defs>; Qt's SVG renderer then paints the clipping
# rectangle as a black area over the chart. Inside <defs> every renderer treats it alike.
_CLIP_PATH = re.compile(r"(<clipPath\b.*?</clipPath>)", re.DOTALL)


def svg(drawing: Drawing) -> str:
    """The drawing as SVG text, for the screen."""
    return _CLIP_PATH.sub(r"<defs>\1</defs>", renderSVG.drawToString(drawing))


def _schaal(waarden: Sequence[Decimal | None], percentage: bool) -> tuple[float, float]:
    """The top and step of the value axis: 0–100 for percentages, otherwise a round number
    just above the largest value."""
    if percentage:
        return 100.0, 20.0
    grootste = max((float(w) for w in waarden if w is not None), default=0.0)
    if grootste <= 0:
        return 1.0, 1.0
    orde = 10 ** math.floor(math.log10(grootste))
    for factor in (1, 2, 2.5, 5, 10):
        stap = orde * factor / 5
        if stap * 5 >= grootste:
            stap = max(stap, 1.0)  # counts: whole steps
            return stap * math.ceil(grootste / stap), stap
    return orde * 10, orde * 2  # pragma: no cover - the loop always returns


def _as_label(waarde: float) -> str:
    return getal(Decimal(str(round(waarde, 1))).normalize() if waarde % 1 else int(waarde))


def _kop(titel: str, onder: str | None, breedte: float) -> list[tuple[str, str, float, object]]:
    """The lines of the title (wrapped to the width) and of the grey line below it."""
    regels = [(r, FONT_BOLD, TITEL_PT, ACCENT)
              for r in simpleSplit(titel, FONT_BOLD, TITEL_PT, breedte)]  # fmt: skip
    if onder:
        regels += [(r, FONT, LABEL_PT, GRIJS) for r in simpleSplit(onder, FONT, LABEL_PT, breedte)]
    return regels


def _kophoogte(regels: list[tuple[str, str, float, object]]) -> float:
    return sum(grootte + 4 for _t, _f, grootte, _k in regels)


def _teken_kop(drawing: Drawing, regels: list[tuple[str, str, float, object]]) -> float:
    """Draw the heading lines at the top; returns the y below them."""
    y = drawing.height
    for tekst, font, grootte, kleur in regels:
        drawing.add(String(0, y - grootte - 1, tekst, fontName=font, fontSize=grootte,
                           fillColor=kleur))  # fmt: skip
        y -= grootte + 4
    return y


def _leeg(drawing: Drawing, y: float, tekst: str) -> Drawing:
    drawing.add(String(0, y - 12, tekst, fontName=FONT, fontSize=LABEL_PT, fillColor=GRIJS))
    return drawing


def _waarde_as(axis, top: float, stap: float) -> None:
    axis.valueMin, axis.valueMax, axis.valueStep = 0, top, stap
    axis.labels.fontName, axis.labels.fontSize = FONT, KLEIN_PT
    axis.labels.fillColor = GRIJS
    axis.labelTextFormat = _as_label
    axis.strokeColor = GRIJS
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#E3E3E3")
    axis.gridStrokeWidth = 0.4


def staafgrafiek(
    titel: str, staven: Sequence[Staaf], *, eenheid: str = "", percentage: bool = False,
    doel: Decimal | None = None, onder: str | None = None, breedte: float = BREEDTE,
    leeg: str = "Geen gegevens in deze periode.",
) -> Drawing:  # fmt: skip
    """Horizontal bars, one per label in the given order (top to bottom), the value at the
    end of each bar and the target as a dashed vertical line."""
    register_fonts()
    regels = _kop(titel, onder, breedte)
    if not staven:
        drawing = Drawing(breedte, _kophoogte(regels) + 16)
        return _leeg(drawing, _teken_kop(drawing, regels), leeg)
    regel = 13.0
    drawing = Drawing(breedte, _kophoogte(regels) + 35 + len(staven) * regel)
    y_boven = _teken_kop(drawing, regels)
    label_breedte = min(max(stringWidth(s.label, FONT, LABEL_PT) for s in staven) + 6,
                        breedte * 0.42)  # fmt: skip
    chart = HorizontalBarChart()
    chart.x, chart.y = label_breedte, 14
    chart.width = breedte - label_breedte - 48
    chart.height = y_boven - 6 - chart.y
    # ReportLab draws the first category at the bottom; reverse so the list reads downwards.
    omgekeerd = list(reversed(staven))
    chart.data = [[float(s.waarde or 0) for s in omgekeerd]]
    chart.categoryAxis.categoryNames = [_kort(s.label, label_breedte) for s in omgekeerd]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, LABEL_PT
    chart.categoryAxis.labels.fillColor = TEKST
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = GRIJS
    chart.categoryAxis.tickLeft = 0
    top, stap = _schaal([s.waarde for s in staven] + [doel], percentage)
    _waarde_as(chart.valueAxis, top, stap)
    chart.bars[0].fillColor = HUIDIG
    chart.bars.strokeColor = None
    chart.barWidth = 8
    chart.groupSpacing = 4
    chart.barLabelFormat = "values"  # the unit of counts and days is in the subtitle
    chart.barLabelArray = [[kort(s.waarde, eenheid) for s in omgekeerd]]
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, KLEIN_PT
    chart.barLabels.fillColor = TEKST
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if doel is not None:
        x = chart.x + chart.width * min(float(doel), top) / top
        drawing.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=DOEL,
                         strokeWidth=1, strokeDashArray=[3, 2]))  # fmt: skip
        drawing.add(String(x, chart.y + chart.height + 1.5, f"doel {getal(doel, eenheid)}",
                           fontName=FONT, fontSize=KLEIN_PT, fillColor=DOEL,
                           textAnchor="middle"))  # fmt: skip
    return drawing


def _kort(label: str, ruimte: float) -> str:
    """Shorten a label with an ellipsis so it fits the space left of the bars."""
    if stringWidth(label, FONT, LABEL_PT) <= ruimte - 6:
        return label
    while label and stringWidth(label + "…", FONT, LABEL_PT) > ruimte - 6:
        label = label[:-1]
    return label.rstrip() + "…"


def _samenvatting(u: KpiUitkomst) -> str:
    delen = [f"{u.periode.naam}: {getal(u.cijfer.waarde, u.kpi.eenheid)}",
             f"vorig jaar {getal(u.vorig_jaar.waarde, u.kpi.eenheid)}"]  # fmt: skip
    if u.doel is not None:
        delen.append(f"doel {getal(rond(u.doel, u.kpi.soort), u.kpi.eenheid)}")
    return " · ".join(delen)


def uitsplitsing_grafiek(
    uitkomst: KpiUitkomst, *, dimensie: str | None = None, breedte: float = BREEDTE
) -> Drawing:
    """One KPI broken down (`uitkomst` from `kpi.kpis(..., dimensie=...)`): a bar per value,
    the target as a line when set, the total and last year's value noted above the bars."""
    u = uitkomst
    titel = f"{u.kpi.code} {u.kpi.naam}" + (f" naar {dimensie.lower()}" if dimensie else "")
    staven = [Staaf(x.naam, x.cijfer.waarde) for x in u.uitsplitsing]
    return staafgrafiek(titel, staven, eenheid=u.kpi.eenheid,
                        percentage=u.kpi.soort == Soort.PERCENTAGE,
                        doel=rond(u.doel, u.kpi.soort),
                        onder=_samenvatting(u), breedte=breedte)  # fmt: skip


def vergelijking_grafiek(
    uitkomsten: Sequence[KpiUitkomst], *, titel: str | None = None, breedte: float = BREEDTE,
    hoogte: float = 62 * mm,
) -> Drawing:  # fmt: skip
    """KPIs of one kind (all percentages, or all counts) in one chart: this period and the
    same period last year side by side, the target as a short dashed line over each pair."""
    register_fonts()
    if not uitkomsten:
        regels = _kop(titel or "Vergelijking met vorig jaar", None, breedte)
        drawing = Drawing(breedte, _kophoogte(regels) + 16)
        return _leeg(drawing, _teken_kop(drawing, regels), "Geen indicatoren.")
    soorten = {u.kpi.soort for u in uitkomsten}
    if len(soorten) > 1:
        raise ValueError("vergelijk alleen KPI's van één soort")
    percentage = soorten == {Soort.PERCENTAGE}
    periode = uitkomsten[0].periode
    titel = titel or ("Vergelijking met vorig jaar (%)" if percentage
                      else "Vergelijking met vorig jaar")  # fmt: skip
    drawing = Drawing(breedte, hoogte)
    y_boven = _teken_kop(drawing, _kop(titel, None, breedte))

    _legenda(
        drawing, breedte, y_boven + 1, periode.naam, any(u.doel is not None for u in uitkomsten)
    )

    chart = VerticalBarChart()
    chart.x, chart.y = 26, 24
    chart.width = breedte - chart.x - 4
    chart.height = y_boven - 16 - chart.y
    huidig = [u.cijfer.waarde for u in uitkomsten]
    vorig = [u.vorig_jaar.waarde for u in uitkomsten]
    # No value (nothing to count) is a bar of height 0 labelled "–", not a missing bar.
    chart.data = [[float(w or 0) for w in huidig], [float(w or 0) for w in vorig]]
    chart.categoryAxis.categoryNames = [u.kpi.code for u in uitkomsten]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT_BOLD, LABEL_PT
    chart.categoryAxis.labels.fillColor = TEKST
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = GRIJS
    top, stap = _schaal([*huidig, *vorig, *(u.doel for u in uitkomsten)], percentage)
    _waarde_as(chart.valueAxis, top, stap)
    chart.bars[0].fillColor, chart.bars[1].fillColor = HUIDIG, VORIG
    chart.bars.strokeColor = None
    chart.groupSpacing = 14
    chart.barSpacing = 1.5
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[getal(w) for w in huidig], [getal(w) for w in vorig]]
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, KLEIN_PT
    chart.barLabels.fillColor = TEKST
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 1.5
    drawing.add(chart)
    groep = chart.width / len(uitkomsten)
    for i, u in enumerate(uitkomsten):
        if u.doel is None:
            continue
        y = chart.y + chart.height * min(float(u.doel), top) / top
        links, rechts = chart.x + groep * i + 4, chart.x + groep * (i + 1) - 4
        drawing.add(Line(links, y, rechts, y, strokeColor=DOEL, strokeWidth=1.2,
                         strokeDashArray=[3, 2]))  # fmt: skip
    return drawing


def _legenda(drawing: Drawing, breedte: float, y: float, periode: str, doel: bool) -> None:
    """The key, right-aligned just below the title: this period, last year, the target."""
    delen = [(HUIDIG, periode), (VORIG, "vorig jaar")] + ([(DOEL, "doel")] if doel else [])
    x = breedte
    for kleur, tekst in reversed(delen):
        x -= stringWidth(tekst, FONT, LABEL_PT)
        drawing.add(String(x, y - LABEL_PT - 1, tekst, fontName=FONT, fontSize=LABEL_PT,
                           fillColor=TEKST))  # fmt: skip
        x -= 11
        if kleur == DOEL:
            drawing.add(Line(x, y - LABEL_PT / 2 - 1, x + 8, y - LABEL_PT / 2 - 1,
                             strokeColor=DOEL, strokeWidth=1.2,
                             strokeDashArray=[3, 2]))  # fmt: skip
        else:
            drawing.add(Rect(x, y - LABEL_PT - 1, 8, 7, fillColor=kleur, strokeColor=None))
        x -= 10
