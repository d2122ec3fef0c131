"""Loonwaardemetingen and the LKS figure an employer gets (rules.md §2–3, brief §5.1–5.2).

A measurement lists the tasks of the job with their share of the work (adding up to 100 %) and
the employee's kwaliteit, tempo and inzetbaarheid per task (0–100 % of the normfunctie); the
loonwaarde is computed from them (`lks.loonwaarde_uit_taken`). Where the method measures too
high (an adapted, sheltered setting), a vastgestelde loonwaarde overrides it with a reason. The
next measurement falls the municipality's re-measurement interval after the date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Aanleiding,
    AuditActie,
    Gemeente,
    Inwoner,
    Loonwaardemeting,
    LoonwaardeTaak,
    Medewerker,
    Meetmethode,
    Minimumloon,
    MinimumloonJeugd,
    Werkgeverslasten,
)
from app.services.audit import record
from app.services.errors import DomainError, NotFoundError, ValidationError
from app.services.inwoners import check_toegang
from app.services.lks import LksBerekening, bereken_lks, jeugd_uurloon, loonwaarde_uit_taken
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date

VOLWASSEN_LEEFTIJD = 21
HONDERD = Decimal(100)


# --- reference data ---------------------------------------------------------------------------


def wml_uur(session: Session, peildatum: date, leeftijd: int | None = None) -> Decimal:
    """The minimum hourly wage on `peildatum` for this age (adult without an age)."""
    volwassen = session.scalar(select(Minimumloon.uurloon).where(
        Minimumloon.geldig_van <= peildatum)
        .order_by(Minimumloon.geldig_van.desc()).limit(1))  # fmt: skip
    if volwassen is None:
        raise DomainError(f"Er is geen minimumloon bekend op {format_date(peildatum)}; een "
                          "functioneel beheerder voegt het toe onder Beheer.")  # fmt: skip
    if leeftijd is None or leeftijd >= VOLWASSEN_LEEFTIJD:
        return volwassen
    percentage = session.scalar(select(MinimumloonJeugd.percentage).where(
        MinimumloonJeugd.leeftijd == leeftijd, MinimumloonJeugd.geldig_van <= peildatum)
        .order_by(MinimumloonJeugd.geldig_van.desc()).limit(1))  # fmt: skip
    if percentage is None:
        raise ValidationError({"leeftijd": f"Voor {leeftijd} jaar geldt geen minimumloon "
                                           "(15 jaar en ouder)."})  # fmt: skip
    return jeugd_uurloon(volwassen, percentage)


def werkgeverslasten_pct(session: Session, peildatum: date) -> Decimal:
    percentage = session.scalar(select(Werkgeverslasten.percentage).where(
        Werkgeverslasten.geldig_van <= peildatum)
        .order_by(Werkgeverslasten.geldig_van.desc()).limit(1))  # fmt: skip
    if percentage is None:
        raise DomainError(f"Er is geen percentage werkgeverslasten bekend op "
                          f"{format_date(peildatum)}.")  # fmt: skip
    return percentage


def lks_voor(
    session: Session, *, loonwaarde: Decimal | int | None, uren_per_week: Decimal | int | None,
    peildatum: date, leeftijd: int | None = None, functieloon_uur: Decimal | None = None,
    wml_uur_override: Decimal | None = None,
) -> LksBerekening:  # fmt: skip
    """The LKS breakdown with the reference data of `peildatum`; input checked first."""
    errors: dict[str, str] = {}
    if loonwaarde is None or not 0 <= Decimal(loonwaarde) <= 100:
        errors["loonwaarde"] = "Vul een loonwaarde van 0 tot en met 100 % in."
    if uren_per_week is None or not 0 < Decimal(uren_per_week) <= 40:
        errors["uren"] = "Vul 1 tot en met 40 uur per week in."
    for naam, bedrag in (("functieloon_uur", functieloon_uur), ("wml_uur", wml_uur_override)):
        if bedrag is not None and bedrag <= 0:
            errors[naam] = "Een uurloon is een positief bedrag in euro's."
    if errors:
        raise ValidationError(errors)
    uurloon = wml_uur_override if wml_uur_override is not None else wml_uur(
        session, peildatum, leeftijd)  # fmt: skip
    return bereken_lks(wml_uur=uurloon, uren_per_week=Decimal(uren_per_week),
                       loonwaarde_pct=Decimal(loonwaarde),
                       werkgeverslasten_pct=werkgeverslasten_pct(session, peildatum),
                       functieloon_uur=functieloon_uur)  # fmt: skip


def decimaal(tekst: str) -> Decimal:
    """A Dutch or international number ("12,5" or "12.5") as a Decimal; ValueError when none."""
    try:
        waarde = Decimal(tekst.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(tekst) from None
    if not waarde.is_finite():
        raise ValueError(tekst)
    return waarde


# --- measurements -----------------------------------------------------------------------------


@dataclass
class TaakGegevens:
    omschrijving: str = ""
    aandeel: Decimal | None = None
    kwaliteit: Decimal | None = None
    tempo: Decimal | None = None
    inzetbaarheid: Decimal | None = None


@dataclass
class MetingGegevens:
    datum: date | None = None
    methode: Meetmethode | None = None
    aanleiding: Aanleiding | None = None
    meter: str = ""
    meter_organisatie: str = ""
    werkplek: str = ""
    werkgever_id: uuid.UUID | None = None
    normfunctie: str = ""
    uren_per_week: Decimal | None = None
    taken: list[TaakGegevens] = field(default_factory=list)
    vastgestelde_loonwaarde: int | None = None
    reden_vastgesteld: str = ""


_SCORES = (("kwaliteit", "kwaliteit"), ("tempo", "tempo"), ("inzetbaarheid", "inzetbaarheid"))


def taak_fouten(taken: list[TaakGegevens]) -> dict[str, str]:
    """What is wrong with the task list: each task described, every percentage 0–100, and the
    shares adding up to exactly 100 %."""
    errors: dict[str, str] = {}
    if not taken:
        return {"taken": "Beschrijf minstens één taak van de functie met zijn aandeel."}
    for n, taak in enumerate(taken, start=1):
        if not taak.omschrijving.strip():
            errors[f"taak_{n}"] = f"Taak {n}: beschrijf de taak."
        for naam, label in (("aandeel", "aandeel"), *_SCORES):
            waarde = getattr(taak, naam)
            if waarde is None:
                errors.setdefault(f"taak_{n}", f"Taak {n}: vul {label} in (0–100 %).")
            elif not 0 <= waarde <= 100:
                errors.setdefault(f"taak_{n}", f"Taak {n}: {label} {waarde:f} % ligt buiten "
                                               "0–100 %.")  # fmt: skip
    aandelen = [t.aandeel for t in taken if t.aandeel is not None]
    som = sum(aandelen, Decimal(0))
    if len(aandelen) == len(taken) and som != HONDERD:
        errors["taken"] = (f"De aandelen van de taken tellen op tot {som:f} %; dat moet "
                           "precies 100 % zijn.")  # fmt: skip
    return errors


def berekende_loonwaarde(taken: list[TaakGegevens]) -> int | None:
    """The loonwaarde of a valid task list (None while it is not valid), for live display."""
    if taak_fouten(taken):
        return None
    return loonwaarde_uit_taken([(t.aandeel, t.kwaliteit, t.tempo, t.inzetbaarheid)
                                 for t in taken])  # fmt: skip


def leg_meting_vast(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, gegevens: MetingGegevens,
    reden: str | None = None, today: date | None = None,
) -> Loonwaardemeting:  # fmt: skip
    vereis(actor, Gegeven.TRAJECT, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    today = today or date.today()
    g = gegevens
    errors: dict[str, str] = {}
    if g.datum is None:
        errors["datum"] = "Vul de datum van de meting in."
    elif g.datum > today:
        errors["datum"] = "De meting ligt in de toekomst."
    if g.methode is None:
        errors["methode"] = "Kies de methode (de uniforme methode of een bureau als Dariuz)."
    if g.aanleiding is None:
        errors["aanleiding"] = "Kies de aanleiding van de meting."
    for naam, label in (("meter", "wie heeft gemeten"), ("meter_organisatie", "de organisatie "
                        "van de meter"), ("werkplek", "de werkgever of werkplek"),
                        ("normfunctie", "de normfunctie")):  # fmt: skip
        if not getattr(g, naam).strip():
            errors[naam] = f"Vul {label} in."
    if g.uren_per_week is None or not 0 < g.uren_per_week <= 40:
        errors["uren_per_week"] = "Vul 1 tot en met 40 uur per week in."
    errors |= taak_fouten(g.taken)
    if g.vastgestelde_loonwaarde is not None:
        if not 0 <= g.vastgestelde_loonwaarde <= 100:
            errors["vastgestelde_loonwaarde"] = "Een loonwaarde ligt tussen 0 en 100 %."
        elif not g.reden_vastgesteld.strip():
            errors["reden_vastgesteld"] = ("Een vastgestelde loonwaarde die afwijkt van de "
                                           "meting vraagt een reden.")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    inwoner = session.get(Inwoner, inwoner_id)
    interval = session.get(Gemeente, inwoner.betaalgemeente_id).herbeoordeling_maanden
    meting = Loonwaardemeting(
        inwoner_id=inwoner_id, datum=g.datum, methode=g.methode, aanleiding=g.aanleiding,
        meter=g.meter.strip(), meter_organisatie=g.meter_organisatie.strip(),
        werkgever_id=g.werkgever_id, werkplek=g.werkplek.strip(),
        normfunctie=g.normfunctie.strip(), uren_per_week=g.uren_per_week,
        berekende_loonwaarde=berekende_loonwaarde(g.taken),
        vastgestelde_loonwaarde=g.vastgestelde_loonwaarde,
        reden_vastgesteld=g.reden_vastgesteld.strip() or None,
        volgende_meting=g.datum + relativedelta(months=interval), vastgelegd_door_id=actor.id,
        taken=[LoonwaardeTaak(volgorde=n, omschrijving=t.omschrijving.strip(), aandeel=t.aandeel,
                              kwaliteit=t.kwaliteit, tempo=t.tempo,
                              inzetbaarheid=t.inzetbaarheid)
               for n, t in enumerate(g.taken, start=1)],
    )  # fmt: skip
    session.add(meting)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="loonwaardemeting",
           inwoner_id=inwoner_id, record_id=meting.id, reden=reden,
           velden={"loonwaarde": (None, meting.loonwaarde)})  # fmt: skip
    return meting


def metingen(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[Loonwaardemeting]:
    """The inwoner's measurements, oldest first (the chart's order)."""
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    return list(session.scalars(
        select(Loonwaardemeting).where(Loonwaardemeting.inwoner_id == inwoner_id)
        .options(selectinload(Loonwaardemeting.taken),
                 selectinload(Loonwaardemeting.vastgelegd_door))
        .order_by(Loonwaardemeting.datum, Loonwaardemeting.aangemaakt_op)))  # fmt: skip


def geldige_meting(session: Session, inwoner_id: uuid.UUID, op: date) -> Loonwaardemeting | None:
    """The latest measurement made on or before `op` that is still valid then (its next
    measurement is not yet due)."""
    return session.scalar(
        select(Loonwaardemeting).where(
            Loonwaardemeting.inwoner_id == inwoner_id, Loonwaardemeting.datum <= op,
            Loonwaardemeting.volgende_meting > op)
        .order_by(Loonwaardemeting.datum.desc()).limit(1))  # fmt: skip


def zet_herbeoordeling(
    session: Session, *, actor: Medewerker, gemeente_id: uuid.UUID, maanden: int
) -> None:
    """The municipality's re-measurement interval (local policy)."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    gemeente = session.get(Gemeente, gemeente_id)
    if gemeente is None:
        raise NotFoundError("Deze gemeente bestaat niet.")
    if not 1 <= maanden <= 60:
        raise ValidationError({"maanden": "Kies een herbeoordelingstermijn van 1 tot 60 maanden."})
    gemeente.herbeoordeling_maanden = maanden
    session.flush()


def zet_minimumloon(
    session: Session, *, actor: Medewerker, geldig_van: date | None, uurloon: Decimal | None
) -> None:
    """Add (or correct) the adult minimum hourly wage from a date on."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    errors = {}
    if geldig_van is None:
        errors["geldig_van"] = "Vul de datum in vanaf wanneer het minimumloon geldt."
    if uurloon is None or not Decimal(1) <= uurloon <= Decimal(100):
        errors["uurloon"] = "Vul het bruto minimumuurloon in euro's in (bijvoorbeeld 14,71)."
    if errors:
        raise ValidationError(errors)
    rij = session.get(Minimumloon, geldig_van)
    if rij is None:
        session.add(Minimumloon(geldig_van=geldig_van, uurloon=uurloon))
    else:
        rij.uurloon = uurloon
    session.flush()


def zet_werkgeverslasten(
    session: Session, *, actor: Medewerker, geldig_van: date | None, percentage: Decimal | None
) -> None:
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    errors = {}
    if geldig_van is None:
        errors["geldig_van"] = "Vul de datum in vanaf wanneer het percentage geldt."
    if percentage is None or not Decimal(0) <= percentage <= Decimal(50):
        errors["percentage"] = "Vul een percentage werkgeverslasten van 0 tot 50 in."
    if errors:
        raise ValidationError(errors)
    rij = session.get(Werkgeverslasten, geldig_van)
    if rij is None:
        session.add(Werkgeverslasten(geldig_van=geldig_van, percentage=percentage))
    else:
        rij.percentage = percentage
    session.flush()


def zet_jeugdpercentage(
    session: Session, *, actor: Medewerker, geldig_van: date | None, leeftijd: int,
    percentage: Decimal | None,
) -> None:  # fmt: skip
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    errors = {}
    if geldig_van is None:
        errors["geldig_van"] = "Vul de datum in vanaf wanneer het percentage geldt."
    if not 15 <= leeftijd < VOLWASSEN_LEEFTIJD:
        errors["leeftijd"] = "Jeugdpercentages gelden van 15 tot en met 20 jaar."
    if percentage is None or not Decimal(1) <= percentage <= HONDERD:
        errors["percentage"] = "Vul een percentage van 1 tot 100 in."
    if errors:
        raise ValidationError(errors)
    rij = session.get(MinimumloonJeugd, (geldig_van, leeftijd))
    if rij is None:
        session.add(MinimumloonJeugd(geldig_van=geldig_van, leeftijd=leeftijd,
                                     percentage=percentage))  # fmt: skip
    else:
        rij.percentage = percentage
    session.flush()


@dataclass(frozen=True)
class Loonreferenties:
    """The wage reference data as the Beheer screen lists it, newest first."""

    minimumloon: list[Minimumloon]
    jeugdpercentages: list[MinimumloonJeugd]
    werkgeverslasten: list[Werkgeverslasten]


def loonreferenties(session: Session, *, actor: Medewerker) -> Loonreferenties:
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.LEZEN)
    return Loonreferenties(
        list(session.scalars(select(Minimumloon).order_by(Minimumloon.geldig_van.desc()))),
        list(session.scalars(select(MinimumloonJeugd).order_by(
            MinimumloonJeugd.geldig_van.desc(), MinimumloonJeugd.leeftijd))),
        list(session.scalars(select(Werkgeverslasten)
                             .order_by(Werkgeverslasten.geldig_van.desc()))),
    )  # fmt: skip
