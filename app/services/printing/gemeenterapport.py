"""The printed periodic report to a municipality: title and period, then per section a table of
the KPIs (name and definition next to the value, last year, target, teller and noemer), the
charts of `grafieken`, the breakdowns and the team lead's explanation; the caseload of the
gemeente; "pagina X van Y" in the footer. Takes the plain `Gemeenterapport` (no database)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.services.getallen import getal, kort, rond
from app.services.kpi import KpiUitkomst, Soort
from app.services.printing.document import (
    ACCENT,
    CELL_PADDING,
    USABLE_WIDTH,
    para,
    render,
    styles,
)
from app.services.printing.document import fields as field_table
from app.services.text import format_date, format_moment

if TYPE_CHECKING:
    from app.services.gemeenterapport import (
        CaseloadCijfers,
        Gemeenterapport,
        Sectie,
        Toelichting,
        Uitsplitsingsblok,
    )

KPI_KOPPEN = ("Indicator en definitie", "Waarde", "Vorig jaar", "Doel", "Teller/noemer")
KPI_BREEDTES = [85 * mm, 20 * mm, 21 * mm, 20 * mm, 28 * mm]  # 174 mm, the usable width
UITSPLITSING_BREEDTES = [36 * mm, 18 * mm, 28 * mm]
GRAFIEK_BREEDTE = USABLE_WIDTH - sum(UITSPLITSING_BREEDTES) - 4 * mm


def _rechts() -> ParagraphStyle:
    return ParagraphStyle("cell_right", parent=styles().cell, alignment=TA_RIGHT)


def _tabel(koppen: Sequence[str], rijen: Sequence[Sequence[object]], breedtes: Sequence[float],
           *, getallen_vanaf: int = 1) -> Table:  # fmt: skip
    """A table in the house style whose columns from `getallen_vanaf` on are right-aligned
    numbers; a cell may be a ready Paragraph."""
    s, rechts = styles(), _rechts()

    def cel(waarde: object, kolom: int, stijl: ParagraphStyle) -> Flowable:
        if isinstance(waarde, Flowable):
            return waarde
        return para(waarde, rechts if kolom >= getallen_vanaf and stijl is s.cell else stijl)

    kop_rechts = ParagraphStyle("head_right", parent=s.cell_bold, alignment=TA_RIGHT)
    data = [[para(k, kop_rechts if i >= getallen_vanaf else s.cell_bold)
             for i, k in enumerate(koppen)]]  # fmt: skip
    data += [[cel(w, i, s.cell) for i, w in enumerate(r)] for r in rijen]
    result = Table(data, colWidths=list(breedtes), repeatRows=1, hAlign="LEFT")
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


def _teller_noemer(u: KpiUitkomst) -> str:
    c = u.cijfer
    if u.kpi.soort == Soort.PERCENTAGE:
        return f"{getal(c.teller)} van {getal(c.noemer)}"
    if u.kpi.soort == Soort.GEMIDDELDE:
        return f"n = {getal(c.noemer)}"
    return ""


def _indicator(u: KpiUitkomst) -> Paragraph:
    s = styles()
    eenheid = f" ({escape(u.kpi.eenheid)})" if u.kpi.eenheid != "%" else ""
    tekst = (f"<b>{escape(u.kpi.code)} {escape(u.kpi.naam)}</b>{eenheid}<br/>"
             f"<font size=7.5 color='#555555'>{escape(u.kpi.definitie)}</font>")  # fmt: skip
    return Paragraph(tekst, s.cell)


def kpi_tabel(kpis: Sequence[KpiUitkomst]) -> Table:
    rijen = [(_indicator(u), kort(u.cijfer.waarde, u.kpi.eenheid),
              kort(u.vorig_jaar.waarde, u.kpi.eenheid),
              kort(rond(u.doel, u.kpi.soort), u.kpi.eenheid) if u.doel is not None else "geen",
              _teller_noemer(u)) for u in kpis]  # fmt: skip
    return _tabel(KPI_KOPPEN, rijen, KPI_BREEDTES)


def _uitsplitsing(blok: Uitsplitsingsblok) -> Table:
    """The breakdown's chart with its figures beside it."""
    u = blok.uitkomst
    procent = u.kpi.soort == Soort.PERCENTAGE
    if procent:
        koppen = (blok.dimensie.label, "Waarde", "Teller/noemer")
        rijen = [(x.naam, kort(x.cijfer.waarde, u.kpi.eenheid),
                  f"{getal(x.cijfer.teller)} van {getal(x.cijfer.noemer)}")
                 for x in u.uitsplitsing]  # fmt: skip
        breedtes = UITSPLITSING_BREEDTES
    else:  # a count or an average: the value says it
        koppen = (
            blok.dimensie.label,
            "Waarde" if u.kpi.eenheid == "%" else u.kpi.eenheid.capitalize(),
        )
        rijen = [(x.naam, kort(x.cijfer.waarde, u.kpi.eenheid)) for x in u.uitsplitsing]
        breedtes = [UITSPLITSING_BREEDTES[0], sum(UITSPLITSING_BREEDTES[1:])]
    if not rijen:
        cijfers: Flowable = para("Geen gegevens in deze periode.", styles().small)
    else:
        cijfers = _tabel(koppen, rijen, breedtes)
    naast = Table([[blok.grafiek(breedte=GRAFIEK_BREEDTE), cijfers]],
                  colWidths=[GRAFIEK_BREEDTE + 4 * mm, None], hAlign="LEFT")  # fmt: skip
    naast.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return naast


def _toelichting(t: Toelichting | None) -> list[Flowable]:
    s = styles()
    kop = ParagraphStyle("sub", parent=s.cell_bold, textColor=ACCENT, spaceBefore=3 * mm)
    if t is None:
        return [para("Toelichting", kop), para("Geen toelichting ingevuld.", s.small)]
    return [
        para("Toelichting", kop),
        para(t.tekst),
        para(f"— {t.door}, {format_moment(t.gewijzigd_op)}", s.small),
    ]


def _sectie(nummer: int, sectie: Sectie) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(50 * mm),
        KeepTogether([para(f"{nummer}. {sectie.titel}", s.heading), kpi_tabel(sectie.kpis)]),
    ]
    vergelijking = sectie.vergelijking()
    if vergelijking is not None:
        story += [Spacer(1, 3 * mm), vergelijking]
    blokken: list[list[Flowable]] = [[Spacer(1, 3 * mm), _uitsplitsing(b)]
                                     for b in sectie.uitsplitsingen]  # fmt: skip
    # The explanation stays on the page of the last breakdown.
    toelichting = _toelichting(sectie.toelichting)
    if blokken:
        blokken[-1] += toelichting
    else:
        blokken = [toelichting]
    story += [KeepTogether(b) for b in blokken]
    return story


def _caseload(nummer: int, c: CaseloadCijfers, gemeente: str) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(f"{nummer}. Caseload", s.heading),
        para(
            f"Stand op {format_date(c.peildatum)}: de actieve inwoners met {gemeente} als "
            "betalende gemeente binnen uw bereik, met de fase en het stadium van hun lopende "
            "traject zoals die nu zijn.",
            s.small,
        ),
        Spacer(1, 2 * mm),
    ]
    rijen = [(Paragraph(f"<b>{escape(t.naam)}</b><br/><font size=7.5 color='#555555'>"
                        f"{escape(t.definitie)}</font>", s.cell), getal(t.aantal))
             for t in c.tellingen]  # fmt: skip
    story.append(_tabel(("Onderdeel en definitie", "Aantal"), rijen, [150 * mm, 24 * mm]))
    if any(u.rijen for u in c.uitsplitsingen):
        blokken = [_tabel((u.titel, "Aantal"), [(t.naam, getal(t.aantal)) for t in u.rijen],
                          [40 * mm, 14 * mm]) if u.rijen else para("Geen.", s.small)
                   for u in c.uitsplitsingen]  # fmt: skip
        naast = Table([blokken], colWidths=[58 * mm] * len(blokken), hAlign="LEFT")
        naast.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
        story += [Spacer(1, 3 * mm), c.grafiek(), Spacer(1, 3 * mm),
                  KeepTogether([naast, *_toelichting(c.toelichting)])]  # fmt: skip
    else:
        story.append(KeepTogether(_toelichting(c.toelichting)))
    return story


def render_gemeenterapport(rapport: Gemeenterapport, *, printed: date | None = None) -> bytes:
    s = styles()
    vorig = rapport.vorig_jaar
    titel = f"Rapportage aan de gemeente {rapport.gemeente}"
    story: list[Flowable] = [
        para(titel, s.title),
        field_table(
            [
                ("Gemeente", rapport.gemeente),
                ("Periode", str(rapport.periode)),
                (
                    "Vergeleken met",
                    f"dezelfde periode vorig jaar ({format_date(vorig.van)} t/m "
                    f"{format_date(vorig.tot)})",
                ),
                ("Opgesteld door", f"{rapport.gemaakt_door}, {rapport.organisatie}"),
                ("Gemaakt op", format_moment(rapport.gemaakt_op)),
            ]
        ),
        para(
            "Cijfers over de inwoners met deze gemeente als betalende gemeente (een "
            "opgeheven gemeente telt mee bij de gemeente waarin zij is opgegaan). Een doel "
            "staat er alleen waar het voor dit jaar is ingesteld; “–” betekent dat er in de "
            "periode niets te tellen was.",
            s.small,
        ),
        *_toelichting(rapport.toelichting),
    ]
    nummer = 0
    for nummer, sectie in enumerate(rapport.secties, start=1):
        story += _sectie(nummer, sectie)
    if rapport.caseload is not None:
        story += _caseload(nummer + 1, rapport.caseload, rapport.gemeente)
    return render(story, title=f"{titel}, {rapport.periode.naam}", header=rapport.organisatie,
                  footer=f"Rapportage gemeente {rapport.gemeente} · {rapport.periode.naam}",
                  printed=printed, demo=rapport.demo)  # fmt: skip
