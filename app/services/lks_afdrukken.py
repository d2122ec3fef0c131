"""Printing the LKS-overzicht of one loonwaardemeting for the employer.

The measurement is read through `loonwaarde.metingen` (rights and reach checked there), the
LKS is worked out with the reference data of the peildatum (`loonwaarde.lks_voor`) and the
print is an audited read of personal data.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.models import AuditActie, Inwoner, Loonwaardemeting, Medewerker
from app.services.audit import record
from app.services.demodatabase import is_demo
from app.services.errors import NotFoundError
from app.services.inwoners import check_toegang
from app.services.lks import LksBerekening
from app.services.loonwaarde import lks_voor, metingen
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import fold, format_date, format_money

BEREKENING = (
    ("wml_uur", "Wettelijk minimumloon per uur"),
    ("wml_maand", "Minimumloon per maand"),
    ("wml_maand_vt", "Minimumloon per maand incl. vakantiebijslag"),
    ("loonwaarde_euro", "Loonwaarde in euro's"),
    ("lks_voor_maximum", "LKS vóór maximum"),
    ("lks", "Loonkostensubsidie (LKS)"),
    ("werkgeverslasten", "Werkgeverslasten"),
    ("totaal", "Totaal per maand"),
)

if TYPE_CHECKING:  # the printing modules load ReportLab: only when printing
    from app.services.printing.lks import LksDocument


def getal(waarde: Decimal | int) -> str:
    """A number the Dutch way without trailing zeros: 12,5 · 100."""
    return f"{Decimal(waarde).normalize():f}".replace(".", ",")


def loonwaarde_tekst(meting: Loonwaardemeting) -> str:
    if meting.vastgestelde_loonwaarde is None:
        return f"{meting.berekende_loonwaarde} % (berekend uit de taken)"
    reden = meting.reden_vastgesteld or ""
    return (f"{meting.vastgestelde_loonwaarde} % (vastgesteld; gemeten "
            f"{meting.berekende_loonwaarde} %). Reden: {reden}")  # fmt: skip


def lks_document(
    inwoner: Inwoner, meting: Loonwaardemeting, berekening: LksBerekening, *, loonwaarde: int,
    uren_per_week: Decimal, peildatum: date, leeftijd: int | None,
    functieloon_uur: Decimal | None, demo: bool = False,
) -> LksDocument:  # fmt: skip
    from app.services.printing.lks import LksDocument

    organisatie = inwoner.woongemeente.organisatie
    uitgangspunten = [
        ("Loonwaarde", f"{loonwaarde} %"),
        ("Uren per week", getal(uren_per_week)),
        ("Peildatum", format_date(peildatum)),
        ("Leeftijd", str(leeftijd) if leeftijd is not None else "21 jaar of ouder"),
    ]
    if functieloon_uur is not None:
        uitgangspunten.append(("Functieloon per uur", format_money(functieloon_uur)))
    tekst = loonwaarde_tekst(meting)
    if loonwaarde != meting.loonwaarde:
        tekst += f" Voor dit overzicht is gerekend met {loonwaarde} %."
    return LksDocument(
        organisatie=organisatie.naam if organisatie else "Koers",
        demo=demo,
        inwoner=inwoner.volledige_naam,
        werkgever=(f"{meting.werkgever.naam} — {meting.werkplek}" if meting.werkgever
                   else meting.werkplek),
        normfunctie=meting.normfunctie,
        meting=(("Datum", format_date(meting.datum)), ("Methode", meting.methode.label),
                ("Aanleiding", meting.aanleiding.label),
                ("Gemeten door", f"{meting.meter} ({meting.meter_organisatie})"),
                ("Uren per week", getal(meting.uren_per_week)),
                ("Volgende meting", format_date(meting.volgende_meting))),
        taken=tuple((t.omschrijving, f"{getal(t.aandeel)} %", f"{getal(t.kwaliteit)} %",
                     f"{getal(t.tempo)} %", f"{getal(t.inzetbaarheid)} %")
                    for t in meting.taken),
        loonwaarde=tekst,
        uitgangspunten=tuple(uitgangspunten),
        berekening=tuple((label, format_money(getattr(berekening, naam)))
                         for naam, label in BEREKENING),
    )  # fmt: skip


def print_lks(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, meting_id: uuid.UUID,
    uren_per_week: Decimal | None, peildatum: date, leeftijd: int | None = None,
    functieloon_uur: Decimal | None = None, loonwaarde: int | None = None,
    reden: str | None = None, printed: date | None = None,
) -> bytes:  # fmt: skip
    """The LKS-overzicht of one measurement as PDF bytes (ValidationError on bad input)."""
    meting = next((m for m in metingen(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
                   if m.id == meting_id), None)  # fmt: skip
    if meting is None:
        raise NotFoundError("Deze loonwaardemeting bestaat niet (meer).")
    waarde = meting.loonwaarde if loonwaarde is None else loonwaarde
    berekening = lks_voor(session, loonwaarde=waarde, uren_per_week=uren_per_week,
                          peildatum=peildatum, leeftijd=leeftijd,
                          functieloon_uur=functieloon_uur)  # fmt: skip
    record(session, actor=actor, actie=AuditActie.GELEZEN,
           onderwerp="loonwaardemeting (LKS-overzicht)", inwoner_id=inwoner_id,
           record_id=meting.id, reden=reden)  # fmt: skip
    inwoner = session.get(Inwoner, inwoner_id)
    document = lks_document(inwoner, meting, berekening, loonwaarde=waarde,
                            uren_per_week=Decimal(uren_per_week), peildatum=peildatum,
                            leeftijd=leeftijd, functieloon_uur=functieloon_uur,
                            demo=is_demo(session))  # fmt: skip
    from app.services.printing.lks import render_lks

    return render_lks(document, printed=printed)


def bestandsnaam_voor(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, datum: date,
    reden: str | None = None,
) -> str:  # fmt: skip
    """The suggested file name of an inwoner's LKS-overzicht (rights checked)."""
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    inwoner = session.get(Inwoner, inwoner_id)
    return bestandsnaam(f"{inwoner.achternaam} {inwoner.voornamen}", datum)


def bestandsnaam(naam: str, datum: date) -> str:
    """LKS-jansen-kees-2026-03-01.pdf (surname first, like the printed plans)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(naam)).strip("-")
    return f"LKS-{slug}-{datum.isoformat()}.pdf"
