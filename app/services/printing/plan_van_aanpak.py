"""The printed plan van aanpak of a schuldhulptraject (brief §6.3, §6.7): who and where, the
course so far (melding, aanvraag, beschikking), the plan itself, the schulden with their
totals, the agreed referrals, budgetbeheer, the Wgs deadlines and signature blocks for the
inwoner and the consulent. Takes plain data (`PlanVanAanpakDocument`), so it can be tested
without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from app.services.printing.document import FONT, para, render, styles, table
from app.services.printing.document import fields as field_table

Paren = tuple[tuple[str, str], ...]

TITEL = "Plan van aanpak schuldhulpverlening"
SCHULD_KOPPEN = ("Schuldeiser", "Soort", "Kenmerk", "Opgegeven", "Akkoord", "Status")
VERWIJZING_KOPPEN = ("Datum", "Partner", "Waarvoor")
TERMIJN_KOPPEN = ("Termijn", "Uiterlijk", "Stand")
# Fixed widths (174 mm, the usable width) so headers and amounts are never broken.
SCHULD_BREEDTES = [36 * mm, 44 * mm, 22 * mm, 23 * mm, 23 * mm, 26 * mm]


@dataclass(frozen=True)
class PlanVanAanpakDocument:
    organisatie: str
    inwoner: str
    bsn: str  # masked: *****2782
    medeaanvrager: str  # empty without one
    consulent: str
    gemeente: str
    verloop: Paren  # melding, eerste gesprek, beschikking, fase …
    aanpak: Paren  # product, variant, complexiteit, reason no bank credit
    plan: str
    schulden: tuple[tuple[str, str, str, str, str, str], ...]
    totalen: Paren
    doorverwijzingen: tuple[tuple[str, str, str], ...]
    budgetbeheer: Paren  # empty without budgetbeheer
    termijnen: tuple[tuple[str, str, str], ...]
    demo: bool = False  # from a demo database: every page says so


def render_plan_van_aanpak(doc: PlanVanAanpakDocument, *, printed: date | None = None) -> bytes:
    s = styles()
    personen = [("Inwoner", doc.inwoner), ("BSN", doc.bsn)]
    if doc.medeaanvrager:
        personen.append(("Medeaanvrager", doc.medeaanvrager))
    personen += [("Consulent", doc.consulent), ("Gemeente", doc.gemeente)]
    story: list = [
        para(TITEL, s.title),
        field_table(personen),
        *_section("1. Verloop", field_table(doc.verloop)),
        *_section("2. Aanpak", field_table(doc.aanpak)),
        *_section("3. Plan van aanpak", para(doc.plan.strip() or "—")),
        CondPageBreak(40 * mm),
    ]
    if doc.schulden:
        story += _section("4. Schulden", table(SCHULD_KOPPEN, doc.schulden, SCHULD_BREEDTES))
    else:
        story += _section("4. Schulden", para("Er zijn nog geen schulden vastgelegd.", s.small))
    story += [Spacer(1, 2 * mm), field_table(doc.totalen)]
    story += _section(
        "5. Doorverwijzingen",
        table(VERWIJZING_KOPPEN, doc.doorverwijzingen, [25 * mm, 50 * mm, 99 * mm])
        if doc.doorverwijzingen else para("Geen doorverwijzingen.", s.small),
    )  # fmt: skip
    story += _section(
        "6. Budgetbeheer",
        field_table(doc.budgetbeheer) if doc.budgetbeheer else para("Geen budgetbeheer.", s.small),
    )
    story += _section(
        "7. Termijnen (Wet gemeentelijke schuldhulpverlening)",
        table(TERMIJN_KOPPEN, doc.termijnen, [60 * mm, 25 * mm, 89 * mm]),
        para(
            "Het eerste gesprek volgt binnen vier weken na de melding (bij een bedreigende "
            "situatie binnen drie werkdagen); de beschikking binnen acht weken na het eerste "
            "gesprek, tenzij de gemeente een andere termijn heeft vastgesteld.",
            s.small,
        ),
    )
    story.append(KeepTogether([para("8. Ondertekening", s.heading), _signatures(doc)]))
    return render(story, title=f"{TITEL} {doc.inwoner}", header=doc.organisatie,
                  footer=f"Plan van aanpak schuldhulp {doc.inwoner}",
                  printed=printed, demo=doc.demo)  # fmt: skip


def _section(title: str, *content: Flowable) -> list[Flowable]:
    """A heading kept on the page of what follows it."""
    return [KeepTogether([para(title, styles().heading), *content])]


def _signatures(doc: PlanVanAanpakDocument) -> Table:
    s = styles()
    inwoner = doc.inwoner + (f" en {doc.medeaanvrager}" if doc.medeaanvrager else "")
    cell = [
        [para("Inwoner", s.cell_bold), para("Consulent schulddienstverlening", s.cell_bold)],
        [para(inwoner, s.cell), para(doc.consulent, s.cell)],
        [para("Datum: …………………", s.cell), para("Datum: …………………", s.cell)],
        [para("Handtekening:", s.cell), para("Handtekening:", s.cell)],
        ["", ""],
    ]
    result = Table(cell, colWidths=[85 * mm, 85 * mm], rowHeights=[None, None, None, None, 18 * mm])
    result.setStyle(TableStyle([
        ("BOX", (0, 0), (0, -1), 0.5, colors.grey), ("BOX", (1, 0), (1, -1), 0.5, colors.grey),
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return result
