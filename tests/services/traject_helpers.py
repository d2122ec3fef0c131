"""Walk a trajectory to a phase along the allowed path, so each test starts where it tests.

Dates: the trajectory starts on START and every step happens on TODAY (the step functions refuse
dates in the future, and the order of steps on one day is kept by the moment column)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.models import (
    Aanleiding,
    Aanmeldbron,
    IntakeType,
    Meetmethode,
    Ontwikkelstadium,
    Rol,
    Traject,
)
from app.services import loonwaarde as lw
from app.services import trajecten as svc
from tests.conftest import TODAY, maak_medewerker
from tests.services.iop_helpers import concept, vaststellen

START = date(2026, 9, 1)

COMPLETE_INTAKE = dict(
    hoe_gaat_het="Gaat redelijk, wil graag aan het werk", mogelijkheden="Handig, sociaal",
    belemmeringen="Weinig werkritme", willen_score=4, willen="Gemotiveerd", kunnen_score=3,
    kunnen="Fysiek belastbaar", vaardigheden_score=2, vaardigheden="Weinig werkervaring",
    omstandigheden_score=3, omstandigheden="Kinderopvang geregeld",
)  # fmt: skip


def accountmanager(session, team):
    return maak_medewerker(session, "accountmanager", [Rol.ACCOUNTMANAGER], team=team)


def aangemeld(session, actor, inwoner) -> Traject:
    return svc.meld_aan(session, actor=actor, inwoner_id=inwoner.id,
                        aanmeldbron=Aanmeldbron.GEMEENTE_POORT, werkcoach_id=actor.id,
                        startdatum=START, today=TODAY)  # fmt: skip


def in_intake(session, actor, inwoner, **intake) -> Traject:
    traject = aangemeld(session, actor, inwoner)
    svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    gegevens = svc.IntakeGegevens(type=IntakeType.KENNISMAKING, datum=TODAY,
                                  **{**COMPLETE_INTAKE, **intake})  # fmt: skip
    svc.leg_intake_vast(session, actor=actor, traject_id=traject.id, gegevens=gegevens,
                        today=TODAY)  # fmt: skip
    return traject


def stadium(session, actor, inwoner, stadium: Ontwikkelstadium) -> Traject:
    traject = in_intake(session, actor, inwoner)
    return svc.bepaal_stadium(session, actor=actor, traject_id=traject.id, stadium=stadium,
                              toelichting="Past bij de uitkomst van de intake", datum=TODAY,
                              today=TODAY)  # fmt: skip


def in_ontwikkeling(session, actor, inwoner) -> Traject:
    traject = stadium(session, actor, inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    svc.wijs_coach_toe(session, actor=actor, traject_id=traject.id, rol="jobcoach",
                       medewerker_id=actor.id, today=TODAY)  # fmt: skip
    vaststellen(session, actor, concept(session, actor, inwoner))
    return svc.start_ontwikkeling(session, actor=actor, traject_id=traject.id, datum=TODAY,
                                  today=TODAY)  # fmt: skip


def evaluatie(session, actor, traject, **conclusies):
    gegevens = svc.TrajectEvaluatie(datum=TODAY, begeleidingsnoodzaak="Wekelijks contact nodig",
                                    **conclusies)  # fmt: skip
    return svc.evalueer_traject(session, actor=actor, traject_id=traject.id, gegevens=gegevens,
                                today=TODAY)  # fmt: skip


def in_matching(session, actor, inwoner, team) -> Traject:
    traject = in_ontwikkeling(session, actor, inwoner)
    evaluatie(session, actor, traject, werkfit=True)
    am = accountmanager(session, team)
    return svc.naar_matching(session, actor=actor, traject_id=traject.id,
                             accountmanager_id=am.id, overdracht_op=TODAY,
                             overdracht_notitie="Kandidaat besproken met accountmanager",
                             today=TODAY)  # fmt: skip


def geplaatst(session, actor, inwoner, team, **plaatsing) -> Traject:
    from app.models import Plaatsingsvorm

    traject = in_matching(session, actor, inwoner, team)
    gegevens = svc.PlaatsingGegevens(**{"werkplek": "Hoveniersbedrijf De Linge",
                                        "plaatsingsvorm": Plaatsingsvorm.REGULIER,
                                        "startdatum": TODAY, "uren_per_week": 24, **plaatsing})  # fmt: skip
    svc.plaats(session, actor=actor, traject_id=traject.id, gegevens=gegevens, today=TODAY)
    return traject


def loonwaardemeting(session, actor, inwoner, datum=TODAY, **overrides):
    """A measured loonwaarde of 55 % (valid for the municipality's 12 months)."""
    gegevens = lw.MetingGegevens(
        datum=datum, methode=Meetmethode.DARIUZ, aanleiding=Aanleiding.LKS, meter="J. Meter",
        meter_organisatie="Dariuz", werkplek="Hoveniersbedrijf De Linge",
        normfunctie="Medewerker groenvoorziening", uren_per_week=Decimal(32),
        taken=[lw.TaakGegevens("Maaien", Decimal(60), Decimal(60), Decimal(50), Decimal(55)),
               lw.TaakGegevens("Snoeien", Decimal(40), Decimal(55), Decimal(50), Decimal(60))],
    )  # fmt: skip
    for key, value in overrides.items():
        setattr(gegevens, key, value)
    return lw.leg_meting_vast(session, actor=actor, inwoner_id=inwoner.id, gegevens=gegevens,
                              today=TODAY)  # fmt: skip
