"""Diagnoses and measurements (Melba, ABC, AD&A, psychological tests, talentscan, loonwaarde)
and the participatieladder. Diagnosis results are special personal data (health, psychology):
only roles with the DIAGNOSE right read them, and every read is audited (brief §9.5)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    Diagnose,
    Medewerker,
    Meetinstrument,
    ParticipatieladderScore,
    Traject,
)
from app.services.audit import record
from app.services.errors import ValidationError
from app.services.inwoners import check_toegang
from app.services.rechten import Gegeven, Recht, vereis

# rules.md §6: the six rungs of the standard participatieladder.
TREDEN = {
    1: "Geïsoleerd",
    2: "Sociale contacten buitenshuis",
    3: "Deelname georganiseerde activiteiten",
    4: "Onbetaald werk",
    5: "Betaald werk met ondersteuning",
    6: "Betaald werk",
}


@dataclass
class DiagnoseGegevens:
    instrument: Meetinstrument | None = None
    datum: date | None = None
    uitvoerder: str = ""
    resultaat: str = ""


def leg_diagnose_vast(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, gegevens: DiagnoseGegevens,
    traject_id: uuid.UUID | None = None, reden: str | None = None, today: date | None = None,
) -> Diagnose:  # fmt: skip
    vereis(actor, Gegeven.DIAGNOSE, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    today = today or date.today()
    errors: dict[str, str] = {}
    if gegevens.instrument is None:
        errors["instrument"] = "Kies het instrument (Melba, ABC, AD&A …)."
    if gegevens.datum is None:
        errors["datum"] = "Vul de datum van de diagnose in."
    elif gegevens.datum > today:
        errors["datum"] = "De diagnose ligt in de toekomst."
    if not gegevens.uitvoerder.strip():
        errors["uitvoerder"] = "Vul in wie de diagnose heeft uitgevoerd (collega of bureau)."
    if not gegevens.resultaat.strip():
        errors["resultaat"] = (
            "Vat de uitkomst samen; het volledige rapport blijft bij de uitvoerder."
        )
    if traject_id is not None:
        traject = session.get(Traject, traject_id)
        if traject is None or traject.inwoner_id != inwoner_id:
            errors["traject"] = "Dit traject hoort niet bij deze inwoner."
    if errors:
        raise ValidationError(errors)
    diagnose = Diagnose(
        inwoner_id=inwoner_id, traject_id=traject_id, instrument=gegevens.instrument,
        datum=gegevens.datum, uitvoerder=gegevens.uitvoerder.strip(),
        resultaat=gegevens.resultaat.strip(), vastgelegd_door_id=actor.id,
    )  # fmt: skip
    session.add(diagnose)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="diagnose",
           inwoner_id=inwoner_id, record_id=diagnose.id, reden=reden)  # fmt: skip
    return diagnose


def diagnoses(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[Diagnose]:
    """All diagnoses of an inwoner, newest first. Reading them is audited on its own."""
    vereis(actor, Gegeven.DIAGNOSE, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    rows = list(session.scalars(select(Diagnose).where(Diagnose.inwoner_id == inwoner_id)
                                .order_by(Diagnose.datum.desc())))  # fmt: skip
    record(session, actor=actor, actie=AuditActie.GELEZEN, onderwerp="diagnose",
           inwoner_id=inwoner_id, reden=reden)  # fmt: skip
    return rows


def scoor_participatieladder(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, datum: date | None,
    trede: int | None, toelichting: str = "", reden: str | None = None, today: date | None = None,
) -> ParticipatieladderScore:  # fmt: skip
    vereis(actor, Gegeven.TRAJECT, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    today = today or date.today()
    errors: dict[str, str] = {}
    if datum is None:
        errors["datum"] = "Vul de datum van de score in."
    elif datum > today:
        errors["datum"] = "De score ligt in de toekomst."
    if trede not in TREDEN:
        errors["trede"] = "Kies een trede van de participatieladder (1 tot en met 6)."
    if errors:
        raise ValidationError(errors)
    score = ParticipatieladderScore(inwoner_id=inwoner_id, datum=datum, trede=trede,
                                    toelichting=toelichting.strip() or None,
                                    beoordelaar_id=actor.id)  # fmt: skip
    session.add(score)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="participatieladder",
           inwoner_id=inwoner_id, record_id=score.id, reden=reden)  # fmt: skip
    return score


def participatieladder(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[ParticipatieladderScore]:
    """The scores over time, oldest first (the chart's order)."""
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    return list(session.scalars(select(ParticipatieladderScore).where(
        ParticipatieladderScore.inwoner_id == inwoner_id)
        .order_by(ParticipatieladderScore.datum,
                  ParticipatieladderScore.aangemaakt_op)))  # fmt: skip
