"""The chart definitions shared by screen (SVG) and paper (PDF): Dutch numbers, the target
line, last year's value, and the same drawing rendered both ways. No database needed."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, String

from app.services import grafieken as g
from app.services.kpi import KPI_CODES, Cijfer, KpiUitkomst, Soort, Uitsplitsing
from app.services.periodes import periode

T2 = periode("2026-T2")


def uitkomst(code, teller, noemer, vorig=(0, 0), doel=None, rijen=()):
    kpi = KPI_CODES[code]
    return KpiUitkomst(
        kpi, T2, Cijfer(Decimal(teller), noemer, kpi.soort),
        Cijfer(Decimal(vorig[0]), vorig[1], kpi.soort), doel,
        [Uitsplitsing(naam, naam, Cijfer(Decimal(t), n, kpi.soort)) for naam, t, n in rijen],
    )  # fmt: skip


def teksten(drawing: Drawing) -> list[str]:
    result = []

    def walk(node):
        if isinstance(node, String):
            result.append(node.text)
        for child in getattr(node, "contents", []):
            walk(child)

    walk(drawing)
    return result


def test_numbers_the_dutch_way():
    assert g.getal(Decimal("1234.5")) == "1.234,5"
    assert g.getal(Decimal("66.7"), "%") == "66,7 %"
    assert g.getal(3, "plaatsingen") == "3 plaatsingen"
    assert g.getal(None, "%") == "–"
    assert g.kort(Decimal("111.0"), "dagen") == "111,0"
    assert g.kort(Decimal("50.0"), "%") == "50,0 %"


def test_a_target_shows_like_the_figures_without_changing_it():
    assert g.rond(Decimal("80.00"), Soort.PERCENTAGE) == Decimal("80.0")
    assert str(g.rond(Decimal("325.00"), Soort.AANTAL)) == "325"
    assert g.rond(Decimal("33.35"), Soort.PERCENTAGE) == Decimal("33.35")
    assert g.rond(None, Soort.AANTAL) is None


def test_breakdown_with_target_line_and_last_year():
    k13 = uitkomst("K13", 2, 3, vorig=(1, 4), doel=Decimal("70.00"),
                   rijen=[("< 27", 1, 1), ("27–44", 1, 1), ("45–54", 0, 1)])  # fmt: skip
    d = g.uitsplitsing_grafiek(k13, dimensie="Leeftijd")
    tekst = teksten(d)
    assert "K13 Uitstroom naar werk of school naar leeftijd" in " ".join(tekst)
    assert "2026-T2: 66,7 % · vorig jaar 25,0 % · doel 70,0 %" in tekst
    assert "doel 70,0 %" in tekst
    # One dashed red line for the target.
    lijnen = [x for x in d.contents if isinstance(x, Line) and x.strokeDashArray]
    assert len(lijnen) == 1
    svg = g.svg(d)
    assert svg.startswith("<?xml") and "<svg" in svg
    for waarde in ("100,0 %", "0,0 %", "&lt; 27", "27–44", "doel 70,0 %"):
        assert waarde in svg


def test_bars_read_top_down_in_the_order_given():
    pl = uitkomst("PL", 3, 3, rijen=[("SW (Wsw)", 1, 1), ("Beschut werk", 2, 2)])
    svg = g.svg(g.uitsplitsing_grafiek(pl))
    assert svg.index("SW (Wsw)") > svg.index("Beschut werk")  # drawn bottom-up
    assert "3 plaatsingen" in svg  # the unit of counts in the subtitle, not on each bar


def test_comparison_of_percentages_with_last_year():
    d = g.vergelijking_grafiek([uitkomst("K01", 1, 4, doel=Decimal(100)),
                                uitkomst("K02", 1, 3, vorig=(1, 2)),
                                uitkomst("K03", 2, 3, vorig=(2, 3))])  # fmt: skip
    svg = g.svg(d)
    for waarde in ("K01", "K02", "K03", "25,0", "33,3", "50,0", "66,7", "2026-T2",
                   "vorig jaar", "doel"):  # fmt: skip
        assert f">{waarde}<" in svg, waarde
    assert ">–<" in svg  # K01 had nothing to count last year: a dash, not a 0
    with pytest.raises(ValueError):
        g.vergelijking_grafiek([uitkomst("K01", 1, 4), uitkomst("PL", 3, 3)])


def test_empty_charts_say_so():
    leeg = g.uitsplitsing_grafiek(uitkomst("K13", 0, 0))
    assert "Geen gegevens in deze periode." in teksten(leeg)
    assert "Geen indicatoren." in teksten(g.vergelijking_grafiek([]))


def test_a_long_title_wraps_within_the_width():
    titel = "Een heel lange titel " * 8
    d = g.staafgrafiek(titel, [g.Staaf("a", Decimal(1))], breedte=200)
    regels = [s for s in d.contents if isinstance(s, String) and s.fontName == g.FONT_BOLD]
    assert len(regels) > 1


def test_the_same_drawing_prints_in_the_pdf(tmp_path):
    d = g.uitsplitsing_grafiek(uitkomst("K13", 2, 3, rijen=[("< 27", 2, 3)]))
    path = tmp_path / "grafiek.pdf"
    renderPDF.drawToFile(d, str(path))
    tekst = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    assert re.search(r"66,7\s*%", tekst)
    assert "Uitstroom naar werk of school" in tekst
