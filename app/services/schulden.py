"""Schulden (creditors and amounts with their totals), referrals to partners and budgetbeheer
of a schuldhulptraject (brief §6.2, §6.4, §6.7). Same rights and audit as the trajectory."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    Budgetbeheer,
    Doorverwijzing,
    Leefgeldfrequentie,
    Medewerker,
    Partner,
    Schuld,
    Schuldhulptraject,
    Schuldsoort,
    SchuldStatus,
)
from app.services import instellingen as inst
from app.services.audit import record
from app.services.errors import ConflictError, DomainError, NotFoundError, ValidationError
from app.services.inwoners import check_toegang
from app.services.rechten import Gegeven, Recht, vereis
from app.services.schuldhulp import F, _datum, _for_change, _open, _tekst

MAX_BEDRAG = Decimal("10000000")


# --- schulden ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchuldGegevens:
    schuldeiser: str
    soort: Schuldsoort
    status: SchuldStatus
    status_datum: date | None
    bedrag_opgegeven: Decimal | None = None
    bedrag_akkoord: Decimal | None = None
    kenmerk: str | None = None


def _check_schuld(g: SchuldGegevens, today: date, niet_voor: date) -> None:
    errors: dict[str, str] = {}
    if _tekst(g.schuldeiser) is None:
        errors["schuldeiser"] = "Vul de naam van de schuldeiser in."
    for naam, bedrag in (("bedrag_opgegeven", g.bedrag_opgegeven),
                         ("bedrag_akkoord", g.bedrag_akkoord)):  # fmt: skip
        if bedrag is not None and not Decimal(0) <= bedrag < MAX_BEDRAG:
            errors[naam] = "Vul een bedrag van € 0 tot € 10 miljoen in."
        elif bedrag is not None and bedrag != bedrag.quantize(Decimal("0.01")):
            errors[naam] = "Een bedrag heeft hoogstens twee cijfers achter de komma."
    if g.status != SchuldStatus.AANGESCHREVEN and g.bedrag_opgegeven is None:
        errors.setdefault(
            "bedrag_opgegeven",
            f"Bij de status '{g.status.label.lower()}' hoort het opgegeven bedrag.",
        )
    if g.status in (SchuldStatus.AKKOORD, SchuldStatus.AFGELOST) and g.bedrag_akkoord is None:
        errors.setdefault(
            "bedrag_akkoord",
            f"Bij de status '{g.status.label.lower()}' hoort het afgesproken bedrag.",
        )
    _datum(errors, "status_datum", g.status_datum, today, "de status", niet_voor,
           "de datum van de melding")  # fmt: skip
    if errors:
        raise ValidationError(errors)


def _schuld_velden(schuld: Schuld, g: SchuldGegevens) -> None:
    schuld.schuldeiser = _tekst(g.schuldeiser)[:200]
    schuld.soort, schuld.status, schuld.status_datum = g.soort, g.status, g.status_datum
    schuld.bedrag_opgegeven, schuld.bedrag_akkoord = g.bedrag_opgegeven, g.bedrag_akkoord
    schuld.kenmerk = (_tekst(g.kenmerk) or "")[:100] or None


def voeg_schuld_toe(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, gegevens: SchuldGegevens,
    today: date | None = None,
) -> Schuld:  # fmt: skip
    traject = _for_change(session, actor, traject_id, None)
    _open(traject)
    _check_schuld(gegevens, today or date.today(), traject.melding_datum)
    schuld = Schuld(traject_id=traject.id)
    _schuld_velden(schuld, gegevens)
    traject.schulden.append(schuld)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="schuld",
           inwoner_id=traject.inwoner_id, record_id=schuld.id)  # fmt: skip
    return schuld


def _schuld_for_change(
    session: Session, actor: Medewerker, schuld_id: uuid.UUID, versie: int | None
) -> tuple[Schuld, Schuldhulptraject]:
    schuld = session.get(Schuld, schuld_id)
    if schuld is None:
        raise NotFoundError("Deze schuld bestaat niet (meer).")
    traject = _for_change(session, actor, schuld.traject_id, None)
    _open(traject)
    if versie is not None and schuld.versie != versie:
        raise ConflictError("Deze schuld")
    return schuld, traject


def wijzig_schuld(
    session: Session, *, actor: Medewerker, schuld_id: uuid.UUID, versie: int | None,
    gegevens: SchuldGegevens, today: date | None = None,
) -> Schuld:  # fmt: skip
    schuld, traject = _schuld_for_change(session, actor, schuld_id, versie)
    _check_schuld(gegevens, today or date.today(), traject.melding_datum)
    oud = schuld.status
    _schuld_velden(schuld, gegevens)
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="schuld",
           inwoner_id=traject.inwoner_id, record_id=schuld.id,
           velden={"status": (oud, schuld.status)})  # fmt: skip
    return schuld


def verwijder_schuld(
    session: Session, *, actor: Medewerker, schuld_id: uuid.UUID, versie: int | None
) -> None:
    """Remove a debt entered by mistake (a settled one stays, with status afgelost)."""
    schuld, traject = _schuld_for_change(session, actor, schuld_id, versie)
    traject.schulden.remove(schuld)
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="schuld",
           inwoner_id=traject.inwoner_id, record_id=schuld_id,
           velden={"verwijderd": (schuld.schuldeiser, None)})  # fmt: skip


@dataclass(frozen=True)
class Totalen:
    aantal: int
    opgegeven: Decimal  # sum of the claimed amounts
    akkoord: Decimal  # sum of the agreed amounts
    openstaand: Decimal  # claimed amounts of debts not yet afgelost
    per_status: dict[SchuldStatus, int]


def totalen(schulden: Iterable[Schuld]) -> Totalen:
    lijst = list(schulden)
    nul = Decimal("0.00")
    return Totalen(
        aantal=len(lijst),
        opgegeven=sum((s.bedrag_opgegeven or nul for s in lijst), nul),
        akkoord=sum((s.bedrag_akkoord or nul for s in lijst), nul),
        openstaand=sum((s.bedrag_opgegeven or nul for s in lijst
                        if s.status != SchuldStatus.AFGELOST), nul),
        per_status={st: sum(1 for s in lijst if s.status == st) for st in SchuldStatus},
    )  # fmt: skip


# --- referrals and budgetbeheer ---------------------------------------------------------------


def verwijs_door(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, partner: Partner | None,
    datum: date | None, reden: str | None, today: date | None = None,
) -> Doorverwijzing:  # fmt: skip
    traject = _for_change(session, actor, traject_id, None)
    _open(traject)
    errors: dict[str, str] = {}
    if partner is None:
        errors["partner"] = "Kies de partner."
    _datum(errors, "datum", datum, today or date.today(), "de doorverwijzing",
           traject.melding_datum, "de datum van de melding")  # fmt: skip
    if _tekst(reden) is None:
        errors["reden"] = "Schrijf waarvoor u doorverwijst."
    if errors:
        raise ValidationError(errors)
    verwijzing = Doorverwijzing(partner=partner, datum=datum, reden=_tekst(reden),
                                medewerker_id=actor.id)  # fmt: skip
    traject.doorverwijzingen.append(verwijzing)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="doorverwijzing",
           inwoner_id=traject.inwoner_id, record_id=verwijzing.id)  # fmt: skip
    return verwijzing


def budgetbeheer_van(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID
) -> list[Budgetbeheer]:
    vereis(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id)
    return list(session.scalars(select(Budgetbeheer).where(Budgetbeheer.inwoner_id == inwoner_id)
                                .order_by(Budgetbeheer.startdatum.desc())))  # fmt: skip


def start_budgetbeheer(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID,
    schuldhulptraject_id: uuid.UUID | None, startdatum: date | None, leefgeld: Decimal | None,
    frequentie: Leefgeldfrequentie, postadres: bool = False, today: date | None = None,
) -> Budgetbeheer:  # fmt: skip
    """Avres pays the bills, the inwoner receives leefgeld. Current policy (a setting) allows
    it only within a running schuldhulptraject of the same inwoner."""
    vereis(actor, Gegeven.SCHULDHULP, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id)
    if schuldhulptraject_id is not None:
        traject = _for_change(session, actor, schuldhulptraject_id, None)
        if traject.inwoner_id != inwoner_id or traject.fase == F.AFGESLOTEN:
            raise DomainError("Koppel budgetbeheer aan een lopend schuldhulptraject van deze "
                              "inwoner.")  # fmt: skip
    elif inst.instelling(session, inst.BUDGETBEHEER_ALLEEN_MET_TRAJECT):
        raise DomainError("Budgetbeheer kan alleen binnen een lopend schuldhulptraject (beleid "
                          "van de organisatie). Registreer eerst een melding.")  # fmt: skip
    if session.scalar(
        select(func.count())
        .select_from(Budgetbeheer)
        .where(Budgetbeheer.inwoner_id == inwoner_id, Budgetbeheer.einddatum.is_(None))
    ):
        raise DomainError("Deze inwoner heeft al lopend budgetbeheer.")  # fmt: skip
    errors: dict[str, str] = {}
    _datum(errors, "startdatum", startdatum, today or date.today(),
           "het begin van het budgetbeheer")  # fmt: skip
    if leefgeld is None or not Decimal(0) < leefgeld < Decimal(10000):
        errors["leefgeld"] = "Vul het leefgeld in: een bedrag groter dan € 0."
    if errors:
        raise ValidationError(errors)
    beheer = Budgetbeheer(inwoner_id=inwoner_id, schuldhulptraject_id=schuldhulptraject_id,
                          startdatum=startdatum, leefgeld=leefgeld, frequentie=frequentie,
                          postadres=postadres)  # fmt: skip
    session.add(beheer)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="budgetbeheer",
           inwoner_id=inwoner_id, record_id=beheer.id)  # fmt: skip
    return beheer


def beeindig_budgetbeheer(
    session: Session, *, actor: Medewerker, budgetbeheer_id: uuid.UUID, versie: int | None,
    einddatum: date | None, today: date | None = None,
) -> Budgetbeheer:  # fmt: skip
    vereis(actor, Gegeven.SCHULDHULP, Recht.WIJZIGEN)
    beheer = session.get(Budgetbeheer, budgetbeheer_id)
    if beheer is None:
        raise NotFoundError("Dit budgetbeheer bestaat niet (meer).")
    check_toegang(session, actor=actor, inwoner_id=beheer.inwoner_id)
    if versie is not None and beheer.versie != versie:
        raise ConflictError("Dit budgetbeheer")
    if beheer.einddatum is not None:
        raise DomainError("Dit budgetbeheer is al beëindigd.")
    errors: dict[str, str] = {}
    _datum(errors, "einddatum", einddatum, today or date.today(), "het einde", beheer.startdatum,
           "het begin van het budgetbeheer")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    beheer.einddatum = einddatum
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="budgetbeheer",
           inwoner_id=beheer.inwoner_id, record_id=beheer.id,
           velden={"einddatum": (None, einddatum)})  # fmt: skip
    return beheer
