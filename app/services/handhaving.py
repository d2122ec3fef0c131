"""Handhaving: the sanction investigation (maatregelonderzoek) of brief §3.11 and §9.4 rule 24,
T14 of the state model. It runs next to the trajectory's phase, in three steps: opened on a
breached obligation of the IOP → culpability and personal circumstances weighed → advice; the
municipality decides, and Koers keeps the reference of that decision.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditActie, Handhavingszaak, Medewerker, OvergangSoort, Traject
from app.services.audit import record
from app.services.errors import ConflictError, DomainError, NotFoundError, ValidationError
from app.services.inwoners import check_toegang
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date

# A sanction investigation is part of the trajectory aggregate: it takes its steps with the
# trajectory's own step machinery (access check, timeline step, field checks).
from app.services.trajecten import (
    MIN_REDEN,
    _datum,
    _for_change,
    _ontbreekt_t14,
    _stap,
    _verplicht,
    _weiger,
    verplichtingen,
)


@dataclass
class HandhavingGegevens:
    afspraak_id: uuid.UUID | None = None
    signaal_datum: date | None = None
    omschrijving: str = ""
    verordening: str = ""


def open_handhaving(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, gegevens: HandhavingGegevens,
    reden: str | None = None, today: date | None = None,
) -> Handhavingszaak:  # fmt: skip
    """T14: open a sanction investigation on a documented breach of an obligation."""
    today = today or date.today()
    vereis(actor, Gegeven.HANDHAVING, Recht.WIJZIGEN)
    traject = _for_change(session, actor, traject_id, None, reden, Gegeven.HANDHAVING)
    _weiger("Een maatregelonderzoek openen", _ontbreekt_t14(session, traject))
    errors: dict[str, str] = {}
    afspraak = next((a for a in verplichtingen(session, traject.inwoner_id)
                     if a.id == gegevens.afspraak_id), None)  # fmt: skip
    if afspraak is None:
        errors["afspraak"] = "Kies de verplichting uit het IOP die niet is nagekomen."
    _datum(errors, "signaal_datum", gegevens.signaal_datum, today, "het signaal",
           traject.startdatum)  # fmt: skip
    omschrijving = _verplicht(errors, "omschrijving", gegevens.omschrijving,
                              "Beschrijf wat er is gebeurd (kan wel, wil niet).",
                              MIN_REDEN)  # fmt: skip
    verordening = _verplicht(errors, "verordening", gegevens.verordening,
                             "Noem de maatregelverordening (met versie) die van "
                             "toepassing is.")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    zaak = Handhavingszaak(
        traject_id=traject.id, afspraak_id=afspraak.id, afspraak_omschrijving=afspraak.omschrijving,
        signaal_datum=gegevens.signaal_datum, omschrijving=omschrijving, verordening=verordening,
        geopend_door_id=actor.id,
    )  # fmt: skip
    session.add(zaak)
    session.flush()
    _stap(session, traject, actor, code="T14", naar=traject.fase, datum=gegevens.signaal_datum,
          soort=OvergangSoort.HANDHAVING,
          reden=f"Maatregelonderzoek geopend: {afspraak.omschrijving} — {omschrijving}",
          voorwaarden=["Geschonden verplichting uit het IOP", "Niet-nakoming beschreven"],
          audit_reden=reden)  # fmt: skip
    return zaak


def _zaak(session: Session, actor: Medewerker, zaak_id: uuid.UUID, versie: int | None,
          reden: str | None) -> tuple[Handhavingszaak, Traject]:  # fmt: skip
    vereis(actor, Gegeven.HANDHAVING, Recht.WIJZIGEN)
    zaak = session.get(Handhavingszaak, zaak_id)
    if zaak is None:
        raise NotFoundError("Dit maatregelonderzoek bestaat niet (meer).")
    traject = _for_change(session, actor, zaak.traject_id, None, reden, Gegeven.HANDHAVING)
    if versie is not None and zaak.versie != versie:
        raise ConflictError("Dit maatregelonderzoek")
    if zaak.besluit_op is not None:
        raise DomainError("Over dit maatregelonderzoek heeft de gemeente al besloten; het is "
                          "afgesloten.")  # fmt: skip
    return zaak, traject


def weeg_af(
    session: Session, *, actor: Medewerker, zaak_id: uuid.UUID, versie: int | None = None,
    verwijtbaarheid: str, persoonlijke_omstandigheden: str, reden: str | None = None,
) -> Handhavingszaak:  # fmt: skip
    """Record the weighing of culpability and personal circumstances (before any advice)."""
    zaak, traject = _zaak(session, actor, zaak_id, versie, reden)
    if zaak.advies is not None:
        raise DomainError("Het advies is al gegeven; de afweging ligt daarmee vast.")
    errors: dict[str, str] = {}
    verwijt = _verplicht(errors, "verwijtbaarheid", verwijtbaarheid,
                         "Beoordeel de verwijtbaarheid.", MIN_REDEN)  # fmt: skip
    omstandigheden = _verplicht(errors, "persoonlijke_omstandigheden",
                                persoonlijke_omstandigheden,
                                "Beschrijf de persoonlijke omstandigheden.", MIN_REDEN)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    zaak.verwijtbaarheid, zaak.persoonlijke_omstandigheden = verwijt, omstandigheden
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="handhaving",
           inwoner_id=traject.inwoner_id, record_id=zaak.id, reden=reden)  # fmt: skip
    return zaak


def geef_advies(
    session: Session, *, actor: Medewerker, zaak_id: uuid.UUID, versie: int | None = None,
    advies: str, datum: date | None = None, reden: str | None = None, today: date | None = None,
) -> Handhavingszaak:  # fmt: skip
    """The advice to the municipality; only after culpability and circumstances are weighed."""
    today = today or date.today()
    zaak, traject = _zaak(session, actor, zaak_id, versie, reden)
    missing = [label for label, waarde in (
        ("de verwijtbaarheid is beoordeeld", zaak.verwijtbaarheid),
        ("de persoonlijke omstandigheden zijn beschreven", zaak.persoonlijke_omstandigheden),
    ) if not waarde]  # fmt: skip
    _weiger("Een advies geven", missing)
    errors: dict[str, str] = {}
    tekst = _verplicht(errors, "advies", advies, "Schrijf het advies aan de gemeente.", MIN_REDEN)
    _datum(errors, "advies_op", datum, today, "het advies", zaak.signaal_datum)
    if errors:
        raise ValidationError(errors)
    zaak.advies, zaak.advies_op = tekst, datum
    _stap(session, traject, actor, code="T14", naar=traject.fase, datum=datum,
          soort=OvergangSoort.HANDHAVING, reden=f"Advies aan de gemeente: {tekst}",
          voorwaarden=["Verwijtbaarheid beoordeeld", "Persoonlijke omstandigheden gewogen"],
          audit_reden=reden)  # fmt: skip
    return zaak


def leg_besluit_vast(
    session: Session, *, actor: Medewerker, zaak_id: uuid.UUID, versie: int | None = None,
    kenmerk: str, datum: date | None, reden: str | None = None, today: date | None = None,
) -> Handhavingszaak:  # fmt: skip
    """The municipality's decision (taken outside Koers), by its reference; closes the case."""
    today = today or date.today()
    zaak, traject = _zaak(session, actor, zaak_id, versie, reden)
    _weiger("Het besluit vastleggen", [] if zaak.advies else ["het advies is gegeven"])
    errors: dict[str, str] = {}
    ref = _verplicht(errors, "kenmerk", kenmerk, "Vul het kenmerk van het besluit van de "
                     "gemeente in.")  # fmt: skip
    _datum(errors, "besluit_op", datum, today, "het besluit", zaak.advies_op)
    if errors:
        raise ValidationError(errors)
    zaak.besluit_gemeente, zaak.besluit_op = ref, datum
    _stap(session, traject, actor, code="T14", naar=traject.fase, datum=datum,
          soort=OvergangSoort.HANDHAVING,
          reden=f"Besluit gemeente {ref} van {format_date(datum)}", audit_reden=reden)  # fmt: skip
    return zaak


def handhavingszaken(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None
) -> list[Handhavingszaak]:
    vereis(actor, Gegeven.HANDHAVING, Recht.LEZEN)
    traject = session.get(Traject, traject_id)
    if traject is None:
        raise NotFoundError("Dit traject bestaat niet (meer).")
    check_toegang(session, actor=actor, inwoner_id=traject.inwoner_id, reden=reden)
    return list(session.scalars(select(Handhavingszaak).where(
        Handhavingszaak.traject_id == traject_id)
        .order_by(Handhavingszaak.signaal_datum)))  # fmt: skip
