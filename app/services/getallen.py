"""Figures as the reports show them, on screen, on paper and in Excel: Dutch notation with the
unit, and targets rounded the way the figures are. Apart from the charts (`grafieken`), so the
screens that only show numbers do not load ReportLab when Koers starts."""

from __future__ import annotations

from decimal import Decimal

from app.services.kpi import Soort


def getal(waarde: Decimal | int | None, eenheid: str = "") -> str:
    """A number the Dutch way — 1.234,5 — with its unit ("66,7 %", "111,0 dagen"); "–" for
    no value."""
    if waarde is None:
        return "–"
    tekst = f"{waarde:,}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{tekst} {eenheid}".rstrip()


def kort(waarde: Decimal | int | None, eenheid: str) -> str:
    """A value in a table cell or on a bar: with "%", without longer units ("dagen",
    "plaatsingen"), which the row or column heading names."""
    return getal(waarde, eenheid if eenheid == "%" else "")


def rond(waarde: Decimal | None, soort: Soort) -> Decimal | None:
    """A target as the figures are shown — whole for counts, one decimal otherwise — when
    that does not change it (a target is stored with two decimals: 80.00 shows as 80,0 %,
    but 33.35 stays 33,35)."""
    if waarde is None:
        return None
    kort = waarde.quantize(Decimal(1) if soort == Soort.AANTAL else Decimal("0.1"))
    return kort if kort == waarde else waarde
