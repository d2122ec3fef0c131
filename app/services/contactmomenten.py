"""The contact journal of an inwoner."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import AuditActie, Contactmoment, Inwoner, Kanaal, Medewerker
from app.services.audit import record
from app.services.errors import ValidationError
from app.services.inwoners import check_toegang
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date

MAX_TEKST = 10_000


@dataclass
class ContactGegevens:
    datum: date | None = None
    kanaal: Kanaal | None = None
    samenvatting: str = ""
    vervolgactie: str = ""
    vervolgdatum: date | None = None
    vertrouwelijk: bool = False


def field_errors(
    gegevens: ContactGegevens, *, geboortedatum: date | None = None, today: date | None = None
) -> dict[str, str]:
    today = today or date.today()
    errors: dict[str, str] = {}
    if gegevens.datum is None:
        errors["datum"] = "Vul de datum van het contact in."
    elif gegevens.datum > today:
        errors["datum"] = f"Het contact op {format_date(gegevens.datum)} ligt in de toekomst."
    elif geboortedatum is not None and gegevens.datum < geboortedatum:
        errors["datum"] = "Het contact ligt vóór de geboortedatum van de inwoner."
    if gegevens.kanaal is None:
        errors["kanaal"] = "Kies hoe het contact was (kanaal)."
    if not gegevens.samenvatting.strip():
        errors["samenvatting"] = "Vul een samenvatting van het contact in."
    elif len(gegevens.samenvatting) > MAX_TEKST:
        errors["samenvatting"] = f"De samenvatting is te lang (hoogstens {MAX_TEKST} tekens)."
    if len(gegevens.vervolgactie) > MAX_TEKST:
        errors["vervolgactie"] = f"De vervolgactie is te lang (hoogstens {MAX_TEKST} tekens)."
    if gegevens.vervolgdatum is not None:
        if not gegevens.vervolgactie.strip():
            errors["vervolgactie"] = "Beschrijf de vervolgactie die bij de vervolgdatum hoort."
        if gegevens.datum is not None and gegevens.vervolgdatum < gegevens.datum:
            errors["vervolgdatum"] = "De vervolgdatum ligt vóór de datum van het contact."
    return errors


def add_contactmoment(
    session: Session,
    *,
    actor: Medewerker,
    inwoner_id: uuid.UUID,
    gegevens: ContactGegevens,
    reden: str | None = None,
    today: date | None = None,
) -> Contactmoment:
    vereis(actor, Gegeven.CONTACTJOURNAAL, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    inwoner = session.get(Inwoner, inwoner_id)
    errors = field_errors(gegevens, geboortedatum=inwoner.geboortedatum, today=today)
    if errors:
        raise ValidationError(errors)
    contact = Contactmoment(
        inwoner_id=inwoner.id,
        auteur_id=actor.id,
        datum=gegevens.datum,
        kanaal=gegevens.kanaal,
        samenvatting=gegevens.samenvatting.strip(),
        vervolgactie=gegevens.vervolgactie.strip() or None,
        vervolgdatum=gegevens.vervolgdatum,
        vertrouwelijk=gegevens.vertrouwelijk,
    )
    session.add(contact)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="contactmoment",
           inwoner_id=inwoner.id, record_id=contact.id, reden=reden)  # fmt: skip
    return contact


def list_contactmomenten(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[Contactmoment]:
    """The journal, newest first (same day: last entered first). Part of the dossier: its
    opening was audited by `get_inwoner`."""
    vereis(actor, Gegeven.CONTACTJOURNAAL, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    return list(
        session.scalars(
            select(Contactmoment)
            .where(Contactmoment.inwoner_id == inwoner_id)
            .options(selectinload(Contactmoment.auteur))
            .order_by(Contactmoment.datum.desc(), Contactmoment.aangemaakt_op.desc())
        )
    )
