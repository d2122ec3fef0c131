"""The printed ontwikkelplan (brief §4.3): cover data, profile, assessments, potential and work
level, goals, agreements, guidance regime, evaluations and signature blocks. Takes plain data
(`IopDocument`), so it can be tested and timed without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle

from app.services.printing.document import FONT, para, render, styles, table
from app.services.printing.document import fields as field_table
from app.services.text import format_date


@dataclass(frozen=True)
class IopDocument:
    organisatie: str
    titel: str  # e.g. "Individueel ontwikkelplan (IOP)"
    kort: str  # e.g. "IOP"
    inwoner: str
    geboortedatum: date
    gemeente: str
    labels: str
    planversie: int
    status: str
    periode: str
    coach: str
    profiel: tuple[tuple[str, str], ...]
    metingen: str
    ontwikkelpotentieel: str
    werkniveau_start: str
    werkniveau_doel: str
    doelen: tuple[tuple[str, str, str, str, str, str], ...]
    afspraken: tuple[tuple[str, str, str], ...]
    regime: tuple[tuple[str, str], ...]
    evaluatie_schema: str
    laatste_evaluatie: tuple[tuple[str, str], ...]
    ondertekend_inwoner_op: date | None
    ondertekend_coach_op: date | None
    demo: bool = False  # from a demo database: every page says so


def _or_dash(text: str | None) -> str:
    return text.strip() if text and text.strip() else "—"


def render_iop(doc: IopDocument, *, printed: date | None = None) -> bytes:
    s = styles()
    story = [
        para(doc.titel, s.title),
        field_table(
            [
                ("Naam", doc.inwoner),
                ("Geboortedatum", format_date(doc.geboortedatum)),
                ("Gemeente", doc.gemeente),
                ("Doelgroep", _or_dash(doc.labels)),
                ("Soort plan", doc.titel),
                ("Versie", f"{doc.planversie} ({doc.status.lower()})"),
                ("Periode", _or_dash(doc.periode)),
                ("Coach", _or_dash(doc.coach)),
            ]
        ),
        para("1. Wie ben ik", s.heading),
        field_table([(label, _or_dash(text)) for label, text in doc.profiel]),
        para("2. Metingen en onderzoek", s.heading),
        para(_or_dash(doc.metingen)),
        para("3. Ontwikkelpotentieel en werkniveau", s.heading),
        field_table(
            [
                ("Ontwikkelpotentieel", _or_dash(doc.ontwikkelpotentieel)),
                ("Werkniveau bij start", _or_dash(doc.werkniveau_start)),
                ("Beoogd werkniveau", _or_dash(doc.werkniveau_doel)),
            ]
        ),
        CondPageBreak(40 * mm),
        para("4. Ontwikkeldoelen", s.heading),
    ]
    if doc.doelen:
        # Fixed widths so every plan looks alike; long compounds get the wide columns.
        widths = [7 * mm, 40 * mm, 27 * mm, 33 * mm, 20 * mm, 24 * mm, 23 * mm]
        rows = [(str(n), *doel) for n, doel in enumerate(doc.doelen, start=1)]
        story.append(table(["#", "Doel", "Competentie", "Instrument / plek", "Door wie",
                            "Streefdatum", "Status"], rows, widths))  # fmt: skip
    else:
        story.append(para("Nog geen doelen.", s.small))
    story.append(para("5. Afspraken en verplichtingen", s.heading))
    if doc.afspraken:
        story.append(table(["Afspraak", "Wie", "Verplichting"], doc.afspraken,
                           [110 * mm, 32 * mm, 32 * mm]))  # fmt: skip
        if any(a[2] == "ja" for a in doc.afspraken):
            story.append(para(
                "Een verplichting is een afspraak waarvan het niet nakomen gevolgen kan hebben "
                "voor de uitkering (onderzoek naar een maatregel).", s.small))  # fmt: skip
    else:
        story.append(para("Nog geen afspraken.", s.small))
    story += [
        para("6. Begeleiding", s.heading),
        field_table(doc.regime) if doc.regime else para("Nog geen begeleidingsregime.", s.small),
        para("7. Evaluatie", s.heading),
        para(doc.evaluatie_schema),
    ]
    if doc.laatste_evaluatie:
        story.append(Spacer(1, 2 * mm))
        story.append(field_table(doc.laatste_evaluatie))
    story.append(KeepTogether([para("8. Ondertekening", s.heading),
                               _signatures(doc)]))  # fmt: skip
    return render(story, title=f"{doc.kort} {doc.inwoner}", header=doc.organisatie,
                  footer=f"{doc.kort} {doc.inwoner} · versie {doc.planversie}",
                  printed=printed, demo=doc.demo)  # fmt: skip


def _signatures(doc: IopDocument) -> Table:
    s = styles()
    cell = [
        [para("Inwoner", s.cell_bold), para("Coach", s.cell_bold)],
        [para(doc.inwoner, s.cell), para(doc.coach or "", s.cell)],
        [para(f"Datum: {format_date(doc.ondertekend_inwoner_op) or '…………………'}", s.cell),
         para(f"Datum: {format_date(doc.ondertekend_coach_op) or '…………………'}", s.cell)],
        [para("Handtekening:", s.cell), para("Handtekening:", s.cell)],
        ["", ""],
    ]  # fmt: skip
    result = Table(cell, colWidths=[85 * mm, 85 * mm], rowHeights=[None, None, None, None, 18 * mm])
    result.setStyle(TableStyle([
        ("BOX", (0, 0), (0, -1), 0.5, colors.grey), ("BOX", (1, 0), (1, -1), 0.5, colors.grey),
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return result
