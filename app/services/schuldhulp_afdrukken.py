"""Printing the plan van aanpak of a schuldhulptraject, to be signed by the inwoner and the
consulent.

The trajectory is read through `schuldhulp.get_schuldhulptraject` (SCHULDHULP lezen and the
inwoner's reach checked there); the print is an audited read of personal data. A plan exists
once there is a toelatingsbeschikking. Deadlines are described with `wgs.termijn_stand`, as
in the Schuldhulp tab.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.models import AuditActie, Beschikking, Medewerker, SchuldhulpFase, Schuldhulptraject
from app.services import schulden as schulden_svc
from app.services import schuldhulp as svc
from app.services import wgs
from app.services.audit import record
from app.services.bestanden import write_atomically
from app.services.demodatabase import is_demo
from app.services.errors import DomainError
from app.services.text import fold, format_date, format_money, mask_bsn

GEEN_PLAN = ("Er is nog geen plan van aanpak om af te drukken: dat hoort bij de "
             "toelatingsbeschikking.")  # fmt: skip

if TYPE_CHECKING:  # the printing modules load ReportLab: only when printing
    from app.services.printing.plan_van_aanpak import PlanVanAanpakDocument


def _of_dash(value: str | None) -> str:
    return value.strip() if value and value.strip() else "—"


def _verloop(t: Schuldhulptraject) -> list[tuple[str, str]]:
    rows = [("Melding", f"{format_date(t.melding_datum)} — {t.melding_bron.label}, "
                        f"{t.melding_wijze.label.lower()}")]  # fmt: skip
    if t.hulpvraag:
        rows.append(("Hulpvraag", t.hulpvraag))
    if t.bedreiging is not None:
        tekst = f"{t.bedreiging.label} (bekend sinds {format_date(t.bedreiging_datum)})"
        if t.bedreiging_toelichting:
            tekst += f": {t.bedreiging_toelichting}"
        rows.append(("Bedreigende situatie", tekst))
    rows.append(("Eerste gesprek (aanvraag)", format_date(t.eerste_gesprek) or "—"))
    if t.beschikking is not None:
        rows.append(("Beschikking", f"{t.beschikking.label} op {format_date(t.beschikking_datum)}"))
    if t.start_schuldregeling is not None:
        rows.append(("Start schuldregeling", format_date(t.start_schuldregeling)))
    if t.wsnp_verzoek_datum is not None:
        rows.append(("WSNP-verzoek", format_date(t.wsnp_verzoek_datum)))
    rows.append(("Fase", f"{t.fase.label} sinds {format_date(t.fase_sinds)}"))
    return rows


def _aanpak(t: Schuldhulptraject) -> list[tuple[str, str]]:
    rows = [
        ("Product", t.product.label if t.product else "—"),
        ("Variant", t.variant.label if t.variant else "—"),
        ("Complexiteit", t.complexiteit.label if t.complexiteit else "—"),
    ]
    if t.reden_geen_bankkrediet:
        rows.append(("Reden geen bankkrediet", t.reden_geen_bankkrediet))
    if t.leefgebieden:
        rows.append(("Andere leefgebieden", t.leefgebieden))
    return rows


def plan_van_aanpak_document(
    session: Session, traject: Schuldhulptraject, *, budgetbeheer=None, peildatum: date
) -> PlanVanAanpakDocument:
    """The plain data of the printed plan (`budgetbeheer`: the Budgetbeheer to show, if any)."""
    from app.services.printing.plan_van_aanpak import PlanVanAanpakDocument

    t = traject
    organisatie = t.gemeente.organisatie
    totalen = schulden_svc.totalen(t.schulden)
    afgesloten = t.fase == SchuldhulpFase.AFGESLOTEN
    termijnen = []
    for termijn in svc.termijnen_van(session, t):
        _stand, tekst = wgs.termijn_stand(termijn, peildatum, afgesloten=afgesloten)
        termijnen.append((termijn.soort.label, format_date(termijn.uiterlijk), tekst))
    beheer: tuple[tuple[str, str], ...] = ()
    if budgetbeheer is not None:
        b = budgetbeheer
        beheer = (
            ("Sinds", format_date(b.startdatum)
             + (f" tot {format_date(b.einddatum)}" if b.einddatum else "")),
            ("Leefgeld", f"{format_money(b.leefgeld)} {b.frequentie.label.lower()}"),
            ("Postadres", f"{organisatie.naam if organisatie else 'De organisatie'} is "
                          "postadres" if b.postadres else "eigen adres"),
        )  # fmt: skip
    return PlanVanAanpakDocument(
        organisatie=organisatie.naam if organisatie else "Koers",
        demo=is_demo(session),
        inwoner=t.inwoner.volledige_naam,
        bsn=mask_bsn(t.inwoner.bsn) if t.inwoner.bsn else "—",
        medeaanvrager=t.medeaanvrager.volledige_naam if t.medeaanvrager else "",
        consulent=t.consulent.naam,
        gemeente=t.gemeente.naam,
        verloop=tuple(_verloop(t)),
        aanpak=tuple(_aanpak(t)),
        plan=t.plan_van_aanpak or "",
        schulden=tuple((s.schuldeiser, s.soort.label, s.kenmerk or "",
                        format_money(s.bedrag_opgegeven) or "—",
                        format_money(s.bedrag_akkoord) or "—",
                        f"{s.status.label} ({format_date(s.status_datum)})")
                       for s in t.schulden),
        totalen=(("Aantal schulden", str(totalen.aantal)),
                 ("Totaal opgegeven", format_money(totalen.opgegeven)),
                 ("Totaal akkoord", format_money(totalen.akkoord)),
                 ("Openstaand", format_money(totalen.openstaand))),
        doorverwijzingen=tuple((format_date(d.datum), d.partner.label, _of_dash(d.reden))
                               for d in t.doorverwijzingen),
        budgetbeheer=beheer,
        termijnen=tuple(termijnen),
    )  # fmt: skip


def print_plan_van_aanpak(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None,
    printed: date | None = None,
) -> bytes:  # fmt: skip
    """The plan van aanpak of a trajectory with a toelating, as PDF bytes."""
    traject = svc.get_schuldhulptraject(session, actor=actor, traject_id=traject_id, reden=reden)
    if traject.beschikking != Beschikking.TOELATING:
        raise DomainError(GEEN_PLAN)
    beheer = schulden_svc.budgetbeheer_van(session, actor=actor, inwoner_id=traject.inwoner_id)
    gekoppeld = [b for b in beheer if b.schuldhulptraject_id == traject.id]
    lopend = [b for b in beheer if b.einddatum is None]
    peildatum = printed or date.today()
    document = plan_van_aanpak_document(
        session, traject, peildatum=peildatum, budgetbeheer=(gekoppeld or lopend or [None])[0]
    )
    record(session, actor=actor, actie=AuditActie.GELEZEN,
           onderwerp="schuldhulp (plan van aanpak)", inwoner_id=traject.inwoner_id,
           record_id=traject.id, reden=reden)  # fmt: skip
    from app.services.printing.plan_van_aanpak import render_plan_van_aanpak

    return render_plan_van_aanpak(document, printed=peildatum)


def schrijf_plan_van_aanpak(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, path: Path,
    reden: str | None = None, printed: date | None = None,
) -> Path:  # fmt: skip
    """Print the plan van aanpak to `path` (written atomically: complete or not at all)."""
    pdf = print_plan_van_aanpak(session, actor=actor, traject_id=traject_id, reden=reden,
                                printed=printed)  # fmt: skip
    write_atomically(path, pdf)
    return path


def bestandsnaam_voor(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None
) -> str:
    """The suggested file name of a trajectory's plan van aanpak (rights checked)."""
    traject = svc.get_schuldhulptraject(session, actor=actor, traject_id=traject_id, reden=reden)
    inwoner = traject.inwoner
    return bestandsnaam(f"{inwoner.achternaam} {inwoner.voornamen}",
                        traject.beschikking_datum or traject.melding_datum)  # fmt: skip


def bestandsnaam(naam: str, datum: date) -> str:
    """Plan-van-aanpak-el-amrani-fatima-2026-10-01.pdf (surname first, like the other prints)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(naam)).strip("-")
    return f"Plan-van-aanpak-{slug}-{datum.isoformat()}.pdf"
