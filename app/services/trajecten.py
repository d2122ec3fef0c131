"""The re-integration trajectory and its workflow: the state model T1–T17 of brief §3.13 with the
rules of §9.4 (1–15, 22–24).

Every transition is one function here. It checks the trajectory's state (`_ontbreekt_*`, the same
checks `mogelijke_overgangen` shows the GUI) and the user's input, and either performs the
transition — changing the Traject and appending a FaseOvergang with the checks it passed — or
raises a DomainError that lists everything that is missing, so one refusal tells the whole story.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.models import (
    ACTIEVE_FASEN,
    UITSTROOM_NAAR_WERK,
    Aanmeldbron,
    AuditActie,
    Diagnose,
    Evaluatie,
    FaseOvergang,
    Handhavingszaak,
    Intake,
    IntakeType,
    Inwoner,
    InwonerLabel,
    Label,
    Medewerker,
    Meetinstrument,
    Ontwikkelafspraak,
    Ontwikkelplan,
    Ontwikkelstadium,
    OvergangSoort,
    Partij,
    Plaatsing,
    Plaatsingsvorm,
    PlanStatus,
    PlanType,
    Rol,
    Taakstelling,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services.audit import next_moment, record
from app.services.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    ValidationError,
    gelijktijdig_bewaakt,
)
from app.services.instellingen import STADIUM3_CONTACTEN, instelling
from app.services.inwoners import check_toegang
from app.services.loonwaarde import geldige_meting
from app.services.ontwikkelplannen import EvaluatieGegevens, evalueer, ontbreekt_voor_vaststellen
from app.services.rechten import Gegeven, Recht, mag_actor, vereis
from app.services.text import format_date

F = TrajectFase
MIN_REDEN = 10
LOPEND_TRAJECT = "Deze inwoner heeft al een lopend traject; sluit dat eerst af."
# No new Wsw employment since the Participatiewet (brief §9.4 rule 20, T17).
WSW_AFGESLOTEN_PER = date(2015, 1, 1)
BEGELEID_WERKEN_UREN = (16, 40)
BSW_VORMEN = frozenset({
    Plaatsingsvorm.BSW_DIENSTVERBAND_INTERN, Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER,
    Plaatsingsvorm.BSW_ELDERS,
})  # fmt: skip
WSW_VORMEN = frozenset({Plaatsingsvorm.SW_INTERN})
# The jobcoach guides at work too (rule 11) and for these phases someone must be placed.
GEPLAATSTE_FASEN = frozenset({F.GEPLAATST, F.BEGELEIDING_OP_WERK, F.NAZORG})
ROL_VAN = {"werkcoach": Rol.JOBCOACH, "jobcoach": Rol.JOBCOACH,
           "participatiecoach": Rol.PARTICIPATIECOACH,
           "accountmanager": Rol.ACCOUNTMANAGER}  # fmt: skip
COACH_LABEL = {"werkcoach": "werkcoach", "jobcoach": "jobcoach",
               "participatiecoach": "participatiecoach",
               "accountmanager": "accountmanager"}  # fmt: skip


# --- loading and access ----------------------------------------------------------------------


def _load(session: Session, traject_id: uuid.UUID) -> Traject:
    traject = session.scalar(
        select(Traject).where(Traject.id == traject_id).options(
            selectinload(Traject.overgangen).selectinload(FaseOvergang.medewerker),
            selectinload(Traject.werkcoach), selectinload(Traject.jobcoach),
            selectinload(Traject.participatiecoach), selectinload(Traject.accountmanager),
            selectinload(Traject.gemeente)))  # fmt: skip
    if traject is None:
        raise NotFoundError("Dit traject bestaat niet (meer).")
    return traject


def get_traject(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None
) -> Traject:
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    traject = _load(session, traject_id)
    check_toegang(session, actor=actor, inwoner_id=traject.inwoner_id, reden=reden)
    return traject


def trajecten_van(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[Traject]:
    """All trajectories of an inwoner, the active one first, then newest first."""
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    ids = session.scalars(select(Traject.id).where(Traject.inwoner_id == inwoner_id)
                          .order_by(Traject.startdatum.desc()))  # fmt: skip
    trajecten = [_load(session, i) for i in ids]
    return sorted(trajecten, key=lambda t: t.fase == F.AFGESLOTEN)


def _for_change(
    session: Session, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    reden: str | None, gegeven: Gegeven = Gegeven.TRAJECT,
) -> Traject:  # fmt: skip
    vereis(actor, gegeven, Recht.WIJZIGEN)
    traject = _load(session, traject_id)
    check_toegang(session, actor=actor, inwoner_id=traject.inwoner_id, reden=reden)
    if versie is not None and traject.versie != versie:
        raise ConflictError("Dit traject")
    return traject


def _medewerker(session: Session, medewerker_id: uuid.UUID | None, rol: Rol) -> Medewerker | None:
    if medewerker_id is None:
        return None
    medewerker = session.get(Medewerker, medewerker_id)
    if medewerker is None or not medewerker.actief or rol not in medewerker.rollen:
        return None
    return medewerker


def _verplicht(errors: dict[str, str], naam: str, waarde: str | None, boodschap: str,
               minimum: int = 1) -> str | None:  # fmt: skip
    tekst = (waarde or "").strip()
    if len(tekst) < minimum:
        errors[naam] = boodschap
        return None
    return tekst


def _datum(errors: dict[str, str], naam: str, waarde: date | None, today: date, wat: str,
           niet_voor: date | None = None) -> None:  # fmt: skip
    if waarde is None:
        errors[naam] = f"Vul de datum van {wat} in."
    elif waarde > today:
        errors[naam] = f"De datum van {wat} ({format_date(waarde)}) ligt in de toekomst."
    elif niet_voor is not None and waarde < niet_voor:
        errors[naam] = (f"De datum van {wat} ligt vóór {format_date(niet_voor)}, het begin van de "
                        "huidige fase.")  # fmt: skip


def _weiger(wat: str, ontbreekt: list[str]) -> None:
    if ontbreekt:
        raise DomainError(f"{wat} kan pas als: " + "; ".join(ontbreekt) + ".")


def _stap(
    session: Session, traject: Traject, actor: Medewerker, *, code: str, naar: TrajectFase,
    datum: date, soort: OvergangSoort = OvergangSoort.FASE, reden: str | None = None,
    voorwaarden: list[str] | None = None, audit_reden: str | None = None,
) -> FaseOvergang:  # fmt: skip
    """Append a step to the timeline, move the trajectory and write the audit trail."""
    van = traject.fase
    overgang = FaseOvergang(
        traject_id=traject.id, code=code, soort=soort, van_fase=van, naar_fase=naar, datum=datum,
        moment=next_moment(), medewerker_id=actor.id, reden=reden,
        voorwaarden="\n".join(voorwaarden) if voorwaarden else None,
    )  # fmt: skip
    traject.overgangen.append(overgang)
    if naar != van:
        traject.fase = naar
        traject.fase_sinds = datum
    with gelijktijdig_bewaakt("Dit traject"):
        session.flush()
    velden = {"fase": (van, naar)} if naar != van else {"stap": (None, soort.label)}
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="traject",
           inwoner_id=traject.inwoner_id, record_id=traject.id, velden=velden,
           reden=audit_reden)  # fmt: skip
    return overgang


# --- aanmelding ------------------------------------------------------------------------------


def meld_aan(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, aanmeldbron: Aanmeldbron | None,
    werkcoach_id: uuid.UUID | None, startdatum: date | None, reden: str | None = None,
    today: date | None = None,
) -> Traject:  # fmt: skip
    """Register an inwoner for a trajectory (fase AANGEMELD). The paying municipality of the
    inwoner pays for it; one active trajectory per inwoner."""
    vereis(actor, Gegeven.TRAJECT, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    today = today or date.today()
    inwoner = session.get(Inwoner, inwoner_id)
    if inwoner.dossier_gesloten_op is not None:
        raise DomainError("Het dossier van deze inwoner is gesloten; heropen het eerst.")
    if session.scalar(select(Traject.id).where(Traject.inwoner_id == inwoner_id,
                                               Traject.fase != F.AFGESLOTEN)):  # fmt: skip
        raise DomainError(LOPEND_TRAJECT)
    errors: dict[str, str] = {}
    if aanmeldbron is None:
        errors["aanmeldbron"] = "Kies de aanmeldbron (wie heeft de inwoner aangemeld)."
    if _medewerker(session, werkcoach_id, Rol.JOBCOACH) is None:
        errors["werkcoach"] = "Kies een actieve werkcoach (een medewerker met de rol jobcoach)."
    _datum(errors, "startdatum", startdatum, today, "de aanmelding")
    if errors:
        raise ValidationError(errors)
    traject = Traject(
        inwoner_id=inwoner_id, gemeente_id=inwoner.betaalgemeente_id, aanmeldbron=aanmeldbron,
        werkcoach_id=werkcoach_id, fase=F.AANGEMELD, fase_sinds=startdatum,
        startdatum=startdatum,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(traject)
            session.flush()
    except IntegrityError:  # a colleague registered the same inwoner a moment ago
        raise DomainError(LOPEND_TRAJECT) from None
    traject.overgangen.append(FaseOvergang(
        traject_id=traject.id, code="START", soort=OvergangSoort.FASE, van_fase=None,
        naar_fase=F.AANGEMELD, datum=startdatum, moment=next_moment(), medewerker_id=actor.id,
        reden=f"Aangemeld via {aanmeldbron.label.lower()}"))  # fmt: skip
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="traject",
           inwoner_id=inwoner_id, record_id=traject.id, reden=reden)  # fmt: skip
    return traject


# --- preconditions on the trajectory's state (shared by the operations and the GUI) ----------


def _laatste_intake(session: Session, traject: Traject) -> Intake | None:
    return session.scalar(
        select(Intake).where(Intake.traject_id == traject.id)
        .order_by(Intake.datum.desc(), Intake.aangemaakt_op.desc()).limit(1))  # fmt: skip


def _diagnoses(session: Session, traject: Traject) -> list[Diagnose]:
    return list(session.scalars(select(Diagnose).where(Diagnose.traject_id == traject.id)))


def _fase(traject: Traject, *fasen: TrajectFase) -> list[str]:
    if traject.fase in fasen:
        return []
    namen = " of ".join(f.label.lower() for f in fasen)
    return [f"het traject in de fase {namen} is (nu: {traject.fase.label.lower()})"]


def _actief(traject: Traject) -> list[str]:
    if traject.fase in ACTIEVE_FASEN - {F.ONDERBROKEN}:
        return []
    return [f"het traject loopt (nu: {traject.fase.label.lower()})"]


def _ontbreekt_t1(session: Session, traject: Traject) -> list[str]:
    # The rest of T1's precondition — woongemeente, betaalgemeente, aanmeldbron and werkcoach
    # known — is guaranteed by the schema and checked by `meld_aan`.
    return _fase(traject, F.AANGEMELD)


def intake_ontbreekt(intake: Intake | None) -> list[str]:
    """What an intake report still lacks before a stage can be set (rules 1 and 4)."""
    if intake is None:
        return ["er een intake is vastgelegd"]
    missing = []
    for naam, label in (("hoe_gaat_het", "hoe het met de inwoner gaat"),
                        ("mogelijkheden", "de mogelijkheden"),
                        ("belemmeringen", "de belemmeringen")):  # fmt: skip
        if not (getattr(intake, naam) or "").strip():
            missing.append(f"de intake beschrijft {label}")
    factoren = [label for naam, label in _FACTOREN
                if getattr(intake, f"{naam}_score") is None
                or not (getattr(intake, naam) or "").strip()]  # fmt: skip
    if factoren:
        missing.append("de intake beoordeelt " + ", ".join(factoren))
    if intake.type == IntakeType.BREDE_INTAKE:
        for naam, label in (("deelnemers", "de deelnemers (inwoner, gemeente, organisatie)"),
                            ("re_integratieadvies", "het re-integratieadvies"),
                            ("plan_van_aanpak", "het plan van aanpak")):  # fmt: skip
            if not (getattr(intake, naam) or "").strip():
                missing.append(f"de brede intake legt {label} vast")
    return missing


_FACTOREN = (("willen", "willen"), ("kunnen", "kunnen"), ("vaardigheden", "vaardigheden"),
             ("omstandigheden", "omstandigheden"))  # fmt: skip


def _ontbreekt_t2(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.INTAKE)
    intake = _laatste_intake(session, traject)
    if intake is None:
        missing.append("er een intake is vastgelegd")
    elif not intake.twijfel_over_stadium and intake.advies_mogelijk:
        missing.append("de intake twijfel over het stadium laat of nog geen advies mogelijk "
                       "maakt (anders: bepaal het stadium)")  # fmt: skip
    return missing


def _ontbreekt_t3(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.INTAKE, F.VERKENNING_DIAGNOSE)
    intake = _laatste_intake(session, traject)
    missing += intake_ontbreekt(intake)
    if intake is None:
        return missing
    diagnoses = _diagnoses(session, traject)
    if traject.fase == F.INTAKE and intake.twijfel_over_stadium:
        missing.append("de twijfel over het stadium is onderzocht in een verkenning (rule 2: "
                       "start eerst de verkenning/diagnose)")  # fmt: skip
    ada = any(d.instrument == Meetinstrument.ADA for d in diagnoses)
    if not intake.advies_mogelijk and not ada:
        missing.append("er een AD&A-diagnose is vastgelegd, omdat de intake nog geen advies "
                       "mogelijk maakte")  # fmt: skip
    if traject.fase == F.VERKENNING_DIAGNOSE and not diagnoses:
        missing.append("de verkenning minstens één diagnose of onderzoek heeft vastgelegd")
    return missing


def _ontbreekt_t4(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.STADIUM_BEPAALD)
    if traject.ontwikkelstadium != Ontwikkelstadium.ONTWIKKELPOTENTIEEL:
        missing.append("het stadium 2 (ontwikkelpotentieel) is")
    if traject.jobcoach_id is None:
        missing.append("er een jobcoach is toegewezen")
    plan = _actief_plan(session, traject.inwoner_id)
    if plan is None:
        missing.append("het IOP is vastgesteld")
    else:
        missing += [f"het IOP bevat {m}" for m in ontbreekt_voor_vaststellen(plan)]
    return missing


def _actief_plan(session: Session, inwoner_id: uuid.UUID) -> Ontwikkelplan | None:
    return session.scalar(select(Ontwikkelplan).where(
        Ontwikkelplan.inwoner_id == inwoner_id, Ontwikkelplan.status == PlanStatus.VASTGESTELD,
        Ontwikkelplan.type.in_((PlanType.IOP, PlanType.POP)))
        .order_by(Ontwikkelplan.type).limit(1))  # fmt: skip


def _evaluaties_sinds(session: Session, inwoner_id: uuid.UUID, sinds: date) -> list[Evaluatie]:
    return list(session.scalars(
        select(Evaluatie).join(Ontwikkelplan, Ontwikkelplan.id == Evaluatie.plan_id)
        .where(Ontwikkelplan.inwoner_id == inwoner_id, Evaluatie.datum >= sinds)
        .order_by(Evaluatie.datum.desc(), Evaluatie.aangemaakt_op.desc())))  # fmt: skip


def _ontbreekt_t5(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.ONTWIKKELING, F.PARTICIPATIE)
    if _actief_plan(session, traject.inwoner_id) is None:
        missing.append("er een vastgesteld IOP is om te evalueren")
    return missing


def _ontbreekt_t6(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.ONTWIKKELING)
    if traject.werkfit_sinds is None:
        missing.append("de laatste evaluatie vaststelt dat de inwoner werkfit is (werk in zicht)")
    return missing


def _ontbreekt_t7_matching(session: Session, traject: Traject) -> list[str]:
    return _fase(traject, F.ZELFSTANDIG_ZOEKEN)


def _ontbreekt_t8(session: Session, traject: Traject) -> list[str]:
    return _fase(traject, F.ZELFSTANDIG_ZOEKEN)


def _ontbreekt_t9(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.MATCHING)
    if traject.overdracht_op is None:
        missing.append("de warme overdracht aan de accountmanager is vastgelegd")
    return missing


def _ontbreekt_t10(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.GEPLAATST)
    if traject.jobcoach_id is None:
        missing.append("er een jobcoach is die de begeleiding op het werk doet")
    return missing


def _ontbreekt_nazorg(session: Session, traject: Traject) -> list[str]:
    return _fase(traject, F.BEGELEIDING_OP_WERK)


def _ontbreekt_afsluiten(session: Session, traject: Traject) -> list[str]:
    if traject.fase == F.AFGESLOTEN:
        return ["het traject nog niet is afgesloten"]
    return []


def _ontbreekt_t12(session: Session, traject: Traject) -> list[str]:
    if traject.fase == F.ONTWIKKELING or (
        traject.fase == F.STADIUM_BEPAALD and traject.ontwikkelstadium is not None
        and traject.ontwikkelstadium != Ontwikkelstadium.KLEINE_AFSTAND
    ):  # fmt: skip
        return []
    return ["het traject in de ontwikkelaanpak is, of het stadium 2 of 3 is bepaald"]


def _ontbreekt_t13(session: Session, traject: Traject) -> list[str]:
    missing = _fase(traject, F.PARTICIPATIE)
    evaluaties = _evaluaties_sinds(session, traject.inwoner_id, traject.fase_sinds)
    if not any(e.belemmeringen_weggenomen for e in evaluaties):
        missing.append("een evaluatie vaststelt dat de belemmeringen zijn weggenomen")
    return missing


def open_zaak(session: Session, traject_id: uuid.UUID) -> Handhavingszaak | None:
    """The sanction investigation of this trajectory that awaits the municipality's decision."""
    return session.scalar(select(Handhavingszaak).where(
        Handhavingszaak.traject_id == traject_id,
        Handhavingszaak.besluit_op.is_(None)))  # fmt: skip


def verplichtingen(session: Session, inwoner_id: uuid.UUID) -> list[Ontwikkelafspraak]:
    """The inwoner's obligations in the vastgesteld plans: what a sanction investigation can
    be about (rule 24)."""
    return list(session.scalars(
        select(Ontwikkelafspraak).join(Ontwikkelplan, Ontwikkelplan.id == Ontwikkelafspraak.plan_id)
        .where(Ontwikkelplan.inwoner_id == inwoner_id,
               Ontwikkelplan.status == PlanStatus.VASTGESTELD,
               Ontwikkelafspraak.verplichting, Ontwikkelafspraak.partij == Partij.INWONER)
        .order_by(Ontwikkelplan.type, Ontwikkelafspraak.volgorde)))  # fmt: skip


def _ontbreekt_t14(session: Session, traject: Traject) -> list[str]:
    missing = _actief(traject)
    if open_zaak(session, traject.id) is not None:
        missing.append("er geen ander maatregelonderzoek openstaat")
    if not verplichtingen(session, traject.inwoner_id):
        missing.append("het IOP een verplichting van de inwoner bevat die geschonden kan zijn")
    return missing


def _ontbreekt_t15(session: Session, traject: Traject) -> list[str]:
    return _actief(traject)


def _ontbreekt_hervatten(session: Session, traject: Traject) -> list[str]:
    return _fase(traject, F.ONDERBROKEN)


def _ontbreekt_t16(session: Session, traject: Traject) -> list[str]:
    return _fase(traject, F.ONTWIKKELING)


# --- the transitions -------------------------------------------------------------------------


def start_intake(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    datum: date | None = None, reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T1: aangemeld → intake."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    missing = _ontbreekt_t1(session, traject)
    _weiger("De intake starten", missing)
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today, "de start van de intake", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    _stap(session, traject, actor, code="T1", naar=F.INTAKE, datum=datum,
          voorwaarden=["Woongemeente en betaalgemeente bekend", "Aanmeldbron vastgelegd",
                       "Werkcoach toegewezen"], audit_reden=reden)  # fmt: skip
    return traject


@dataclass
class IntakeGegevens:
    type: IntakeType = IntakeType.KENNISMAKING
    datum: date | None = None
    deelnemers: str = ""
    hoe_gaat_het: str = ""
    mogelijkheden: str = ""
    belemmeringen: str = ""
    willen_score: int | None = None
    willen: str = ""
    kunnen_score: int | None = None
    kunnen: str = ""
    vaardigheden_score: int | None = None
    vaardigheden: str = ""
    omstandigheden_score: int | None = None
    omstandigheden: str = ""
    twijfel_over_stadium: bool = False
    advies_mogelijk: bool = True
    advies_stadium: Ontwikkelstadium | None = None
    re_integratieadvies: str = ""
    plan_van_aanpak: str = ""

    @classmethod
    def from_intake(cls, intake: Intake) -> IntakeGegevens:
        waarden = {}
        for naam in cls.__dataclass_fields__:
            waarde = getattr(intake, naam)
            waarden[naam] = "" if waarde is None and isinstance(getattr(cls, naam, None), str) \
                else waarde  # fmt: skip
        return cls(**waarden)


_INTAKE_TEKST = ("deelnemers", "hoe_gaat_het", "mogelijkheden", "belemmeringen", "willen",
                 "kunnen", "vaardigheden", "omstandigheden", "re_integratieadvies",
                 "plan_van_aanpak")  # fmt: skip


def leg_intake_vast(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, gegevens: IntakeGegevens,
    intake_id: uuid.UUID | None = None, versie: int | None = None, reden: str | None = None,
    today: date | None = None,
) -> Intake:  # fmt: skip
    """Record (or correct) the intake report while the trajectory is in intake or exploration.
    An incomplete report may be saved; a stage needs a complete one (T3)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, None, reden)
    _weiger("De intake vastleggen", _fase(traject, F.INTAKE, F.VERKENNING_DIAGNOSE))
    errors: dict[str, str] = {}
    _datum(errors, "datum", gegevens.datum, today, "de intake", traject.startdatum)
    for naam, label in _FACTOREN:
        score = getattr(gegevens, f"{naam}_score")
        if score is not None and not 1 <= score <= 5:
            errors[f"{naam}_score"] = f"Geef {label} een score van 1 (laag) tot 5 (hoog)."
    if errors:
        raise ValidationError(errors)
    if intake_id is None:
        intake = Intake(traject_id=traject.id, intaker_id=actor.id, type=gegevens.type,
                        datum=gegevens.datum)  # fmt: skip
        session.add(intake)
        actie = AuditActie.AANGEMAAKT
    else:
        intake = session.get(Intake, intake_id)
        if intake is None or intake.traject_id != traject.id:
            raise NotFoundError("Deze intake bestaat niet (meer).")
        if versie is not None and intake.versie != versie:
            raise ConflictError("Deze intake")
        actie = AuditActie.GEWIJZIGD
    for naam in IntakeGegevens.__dataclass_fields__:
        waarde = getattr(gegevens, naam)
        setattr(intake, naam, (waarde.strip() or None) if naam in _INTAKE_TEKST else waarde)
    with gelijktijdig_bewaakt("Deze intake"):
        session.flush()
    record(session, actor=actor, actie=actie, onderwerp="intake", inwoner_id=traject.inwoner_id,
           record_id=intake.id, reden=reden)  # fmt: skip
    return intake


def intakes(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None
) -> list[Intake]:
    traject = get_traject(session, actor=actor, traject_id=traject_id, reden=reden)
    return list(session.scalars(select(Intake).where(Intake.traject_id == traject.id)
                                .options(selectinload(Intake.intaker))
                                .order_by(Intake.datum)))  # fmt: skip


def start_verkenning(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    datum: date | None = None, reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T2: intake → verkenning/diagnose, when the intake leaves doubt or allows no advice."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("De verkenning starten", _ontbreekt_t2(session, traject))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today, "de start van de verkenning", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    intake = _laatste_intake(session, traject)
    waarom = [w for w, geldt in (("Twijfel over het stadium", intake.twijfel_over_stadium),
                                 ("Nog geen re-integratieadvies mogelijk",
                                  not intake.advies_mogelijk)) if geldt]  # fmt: skip
    _stap(session, traject, actor, code="T2", naar=F.VERKENNING_DIAGNOSE, datum=datum,
          reden="; ".join(waarom), voorwaarden=["Intake vastgelegd", *waarom],
          audit_reden=reden)  # fmt: skip
    return traject


def bepaal_stadium(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    stadium: Ontwikkelstadium | None, toelichting: str, datum: date | None = None,
    reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T3: the stage decision after a complete intake (and diagnosis where needed). Stage 1
    starts the self-directed search at once; stages 2 and 3 wait for their track (T4, T12)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Het stadium bepalen", _ontbreekt_t3(session, traject))
    errors: dict[str, str] = {}
    if stadium is None:
        errors["stadium"] = "Kies het ontwikkelstadium (1, 2 of 3)."
    tekst = _verplicht(errors, "toelichting", toelichting,
                       "Licht het stadium toe (waarom dit stadium past).", MIN_REDEN)  # fmt: skip
    _datum(errors, "datum", datum, today, "het stadiumbesluit", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    traject.ontwikkelstadium = stadium
    naar = F.ZELFSTANDIG_ZOEKEN if stadium == Ontwikkelstadium.KLEINE_AFSTAND else F.STADIUM_BEPAALD
    if naar == F.ZELFSTANDIG_ZOEKEN:
        traject.werkfit_sinds = datum  # stage 1 is ready for work: the outflow norm runs
    _stap(session, traject, actor, code="T3", naar=naar, datum=datum, soort=OvergangSoort.STADIUM,
          reden=f"{stadium.label}: {tekst}",
          voorwaarden=["Intakeverslag compleet", "Willen, kunnen, vaardigheden en "
                       "omstandigheden beoordeeld"], audit_reden=reden)  # fmt: skip
    return traject


def wijs_coach_toe(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    rol: str, medewerker_id: uuid.UUID | None, toelichting: str = "", reden: str | None = None,
    today: date | None = None,
) -> Traject:  # fmt: skip
    """Assign the jobcoach, participatiecoach or accountmanager, or change the werkcoach.

    The werkcoach stays for the whole trajectory (rule 5): a change is an explicit, logged
    event with a reason. So is a change of jobcoach once someone is placed (rule 11)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Een coach toewijzen", _ontbreekt_afsluiten(session, traject))
    kolom = f"{rol}_id"
    huidig = getattr(traject, kolom)
    label = COACH_LABEL[rol]
    errors: dict[str, str] = {}
    if _medewerker(session, medewerker_id, ROL_VAN[rol]) is None:
        errors["medewerker"] = (f"Kies een actieve medewerker met de rol "
                                f"{ROL_VAN[rol].label.lower()}.")  # fmt: skip
    elif medewerker_id == huidig:
        errors["medewerker"] = f"Deze medewerker is al de {label} van dit traject."
    wissel = huidig is not None and (rol == "werkcoach" or (
        rol == "jobcoach" and traject.fase in GEPLAATSTE_FASEN))  # fmt: skip
    tekst = toelichting.strip()
    if wissel:
        tekst = _verplicht(errors, "toelichting", toelichting,
                           f"Geef de reden voor de wisseling van {label} (minstens {MIN_REDEN} "
                           "tekens); die wordt vastgelegd.", MIN_REDEN)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    setattr(traject, kolom, medewerker_id)
    nieuw = session.get(Medewerker, medewerker_id)
    _stap(session, traject, actor, code="COACH", naar=traject.fase, datum=today,
          soort=OvergangSoort.COACH,
          reden=f"{label.capitalize()}: {nieuw.naam}" + (f" — {tekst}" if tekst else ""),
          audit_reden=reden)  # fmt: skip
    return traject


def start_ontwikkeling(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    datum: date | None = None, reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T4: stage 2 → ontwikkelaanpak, with a jobcoach and a vastgesteld IOP (rule 6)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("De ontwikkelaanpak starten", _ontbreekt_t4(session, traject))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today, "de start van de ontwikkelaanpak", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    plan = _actief_plan(session, traject.inwoner_id)
    plan.traject_id = traject.id
    traject.ontwikkeling_sinds = traject.ontwikkeling_sinds or datum
    _stap(session, traject, actor, code="T4", naar=F.ONTWIKKELING, datum=datum,
          voorwaarden=["Stadium 2", "Jobcoach toegewezen",
                       f"{plan.type.value} versie {plan.planversie} vastgesteld op "
                       f"{format_date(plan.vastgesteld_op)}"], audit_reden=reden)  # fmt: skip
    return traject


@dataclass
class TrajectEvaluatie:
    datum: date | None = None
    begeleidingsnoodzaak: str = ""
    doelen_bijgesteld: bool = False
    advies: str = ""
    werkfit: bool = False
    belemmeringen_weggenomen: bool = False


def evalueer_traject(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, gegevens: TrajectEvaluatie,
    reden: str | None = None, today: date | None = None,
) -> Evaluatie:  # fmt: skip
    """T5: the periodic evaluation of the IOP during the ontwikkelaanpak (or the participation
    track); its conclusions open matching (werkfit) or the way back to stage 2."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, None, reden)
    _weiger("Evalueren", _ontbreekt_t5(session, traject))
    plan = _actief_plan(session, traject.inwoner_id)
    plan_evaluatie = EvaluatieGegevens(gegevens.datum, gegevens.begeleidingsnoodzaak,
                                       gegevens.doelen_bijgesteld, gegevens.advies)  # fmt: skip
    evaluatie = evalueer(session, actor=actor, plan_id=plan.id, reden=reden, today=today,
                         gegevens=plan_evaluatie)  # fmt: skip
    evaluatie.werkfit = gegevens.werkfit
    evaluatie.belemmeringen_weggenomen = gegevens.belemmeringen_weggenomen
    if traject.fase == F.ONTWIKKELING:
        # The latest evaluation decides: work-ready since the first werkfit one in a row.
        traject.werkfit_sinds = (traject.werkfit_sinds or gegevens.datum) if gegevens.werkfit \
            else None  # fmt: skip
    conclusies = [c for c, geldt in (("werkfit: werk in zicht", gegevens.werkfit),
                                     ("belemmeringen weggenomen",
                                      gegevens.belemmeringen_weggenomen)) if geldt]  # fmt: skip
    _stap(session, traject, actor, code="T5", naar=traject.fase, datum=gegevens.datum,
          soort=OvergangSoort.EVALUATIE,
          reden="; ".join([gegevens.begeleidingsnoodzaak.strip(), *conclusies]),
          audit_reden=reden)  # fmt: skip
    return evaluatie


def _overdracht(
    session: Session, traject: Traject, errors: dict[str, str], accountmanager_id: uuid.UUID | None,
    overdracht_op: date | None, notitie: str, today: date,
) -> str | None:  # fmt: skip
    if _medewerker(session, accountmanager_id, Rol.ACCOUNTMANAGER) is None:
        errors["accountmanager"] = "Kies de accountmanager die de inwoner overneemt."
    _datum(errors, "overdracht_op", overdracht_op, today, "de warme overdracht",
           traject.fase_sinds)  # fmt: skip
    return _verplicht(errors, "overdracht_notitie", notitie,
                      "Leg vast wat bij de warme overdracht is besproken.", MIN_REDEN)  # fmt: skip


def naar_matching(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    accountmanager_id: uuid.UUID | None, overdracht_op: date | None, overdracht_notitie: str,
    vacature: str = "", reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T6 (from the ontwikkelaanpak, after a werkfit evaluation) and T7 (stage 1, support for
    a concrete job): matching, with a recorded warm handover to the accountmanager (rule 15)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    stage1 = traject.fase == F.ZELFSTANDIG_ZOEKEN
    missing = (_ontbreekt_t7_matching if stage1 else _ontbreekt_t6)(session, traject)
    _weiger("Naar matching", missing)
    errors: dict[str, str] = {}
    notitie = _overdracht(session, traject, errors, accountmanager_id, overdracht_op,
                          overdracht_notitie, today)  # fmt: skip
    baan = vacature.strip()
    if stage1:
        baan = _verplicht(errors, "vacature", vacature, "Beschrijf de concrete baan waarvoor "
                          "de inwoner steun nodig heeft.")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.accountmanager_id = accountmanager_id
    traject.overdracht_op, traject.overdracht_notitie = overdracht_op, notitie
    traject.vacature = baan or None
    am = session.get(Medewerker, accountmanager_id)
    _stap(session, traject, actor, code="T7" if stage1 else "T6", naar=F.MATCHING,
          datum=overdracht_op, reden=f"Warme overdracht aan {am.naam}: {notitie}",
          voorwaarden=["Concrete baan in zicht" if stage1 else "Werkfit volgens evaluatie",
                       "Warme overdracht vastgelegd"], audit_reden=reden)  # fmt: skip
    return traject


def terug_naar_stadium_2(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    toelichting: str, datum: date | None = None, reden: str | None = None,
    today: date | None = None,
) -> Traject:  # fmt: skip
    """T8 (stage 1: self-help does not work) and T13 (stage 3: barriers removed) → stage 2.
    The trajectory waits in 'stadium bepaald' for its jobcoach and IOP (T4)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    van3 = traject.fase == F.PARTICIPATIE
    missing = _ontbreekt_t13(session, traject) if van3 else _ontbreekt_t8(session, traject)
    if traject.fase not in (F.PARTICIPATIE, F.ZELFSTANDIG_ZOEKEN):
        missing = ["het traject in stadium 1 (zelfstandig zoeken) of 3 (participatie) is"]
    _weiger("Terug naar stadium 2", missing)
    errors: dict[str, str] = {}
    wat = "waarom de inwoner nu een ontwikkelaanpak nodig heeft" if not van3 else \
        "welke belemmeringen zijn weggenomen"  # fmt: skip
    tekst = _verplicht(errors, "toelichting", toelichting, f"Beschrijf {wat}.", MIN_REDEN)
    _datum(errors, "datum", datum, today, "het besluit", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    traject.ontwikkelstadium = Ontwikkelstadium.ONTWIKKELPOTENTIEEL
    traject.werkfit_sinds = None
    traject.contact_per_jaar = None
    _stap(session, traject, actor, code="T13" if van3 else "T8", naar=F.STADIUM_BEPAALD,
          datum=datum, soort=OvergangSoort.STADIUM, reden=tekst,
          voorwaarden=["Evaluatie: belemmeringen weggenomen"] if van3 else
          ["Monitoring: zelfstandig zoeken werkt niet"], audit_reden=reden)  # fmt: skip
    return traject


def naar_participatie(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    toelichting: str, contact_per_jaar: int | None = None, datum: date | None = None,
    reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T12 (stage 2 → 3) and the start of the stage-3 track: social participation as the
    highest reachable goal, with a contact regime (rule 12): a participatiecoach with a
    vastgesteld plan, or an agreed number of contacts a year (at least the norm)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Naar de participatieaanpak (stadium 3)", _ontbreekt_t12(session, traject))
    minimum = instelling(session, STADIUM3_CONTACTEN)
    errors: dict[str, str] = {}
    tekst = _verplicht(errors, "toelichting", toelichting,
                       "Onderbouw stadium 3 met willen, kunnen, vaardigheden en omstandigheden.",
                       MIN_REDEN)  # fmt: skip
    begeleid = traject.participatiecoach_id is not None and \
        _actief_plan(session, traject.inwoner_id) is not None  # fmt: skip
    if contact_per_jaar is not None and contact_per_jaar < minimum:
        errors["contact_per_jaar"] = (f"Spreek minstens {minimum} contacten per jaar af "
                                      "(norm voor stadium 3).")  # fmt: skip
    elif contact_per_jaar is None and not begeleid:
        errors["contact_per_jaar"] = (
            "Leg een contactregime vast: wijs een participatiecoach toe met een vastgesteld "
            f"ontwikkelplan, of spreek een contactfrequentie af (minstens {minimum} per jaar)."
        )
    _datum(errors, "datum", datum, today, "het besluit", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    van2 = traject.ontwikkelstadium == Ontwikkelstadium.ONTWIKKELPOTENTIEEL
    traject.ontwikkelstadium = Ontwikkelstadium.NIET_TOE_AAN_WERK
    traject.contact_per_jaar = contact_per_jaar
    traject.werkfit_sinds = None
    regime = (f"{contact_per_jaar} contacten per jaar afgesproken" if contact_per_jaar
              else "Participatiecoach met vastgesteld ontwikkelplan")  # fmt: skip
    _stap(session, traject, actor, code="T12" if van2 else "T3", naar=F.PARTICIPATIE,
          datum=datum, soort=OvergangSoort.STADIUM, reden=tekst,
          voorwaarden=["Reden vastgelegd (willen, kunnen, vaardigheden, omstandigheden)",
                       regime], audit_reden=reden)  # fmt: skip
    return traject


@dataclass
class PlaatsingGegevens:
    werkplek: str = ""
    werkgever_id: uuid.UUID | None = None
    plaatsingsvorm: Plaatsingsvorm | None = None
    startdatum: date | None = None
    uren_per_week: int | None = None
    lks: bool = False


def _label_geldig(session: Session, inwoner_id: uuid.UUID, label: Label, op: date,
                  met_beschikking: bool = False) -> bool:  # fmt: skip
    labels = session.scalars(select(InwonerLabel).where(
        InwonerLabel.inwoner_id == inwoner_id, InwonerLabel.label == label))  # fmt: skip
    return any(lab.geldig_op(op) and (lab.beschikking_ref or not met_beschikking)
               for lab in labels)  # fmt: skip


def plaatsingsregels(
    session: Session, inwoner_id: uuid.UUID, g: PlaatsingGegevens
) -> dict[str, str]:
    """The legal conditions of a placement form (brief §9.4 rules 16–20, T9 and T17)."""
    errors: dict[str, str] = {}
    vorm, start = g.plaatsingsvorm, g.startdatum
    if vorm is None or start is None:
        return errors
    if vorm in WSW_VORMEN and start >= WSW_AFGESLOTEN_PER:
        errors["plaatsingsvorm"] = (
            "Een nieuw Wsw-dienstverband kan niet meer: sinds 1 januari 2015 is de instroom in "
            "de Wsw gesloten. Kies beschut werk of een andere vorm."
        )
    if (g.lks or vorm == Plaatsingsvorm.REGULIER_LKS) and geldige_meting(
            session, inwoner_id, start) is None:  # fmt: skip
        errors["lks"] = ("Loonkostensubsidie vraagt een loonwaardemeting die op de startdatum "
                         "geldig is; leg die eerst vast (tabblad Loonwaarde).")  # fmt: skip
    if vorm == Plaatsingsvorm.GARANTIEBAAN and not _label_geldig(
            session, inwoner_id, Label.DOELGROEPREGISTER_BANENAFSPRAAK, start):  # fmt: skip
        errors["plaatsingsvorm"] = ("Een garantiebaan vraagt een geldige registratie in het "
                                    "doelgroepregister (UWV) op de startdatum.")  # fmt: skip
    if vorm in BSW_VORMEN and not _label_geldig(
            session, inwoner_id, Label.BSW_NIEUW_BESCHUT, start, met_beschikking=True):  # fmt: skip
        errors["plaatsingsvorm"] = ("Beschut werk vraagt een geldige UWV-indicatie beschut werk "
                                    "met het kenmerk van het besluit van de gemeente.")  # fmt: skip
    if vorm == Plaatsingsvorm.BEGELEID_WERKEN:
        if not _label_geldig(session, inwoner_id, Label.SW_WSW, start):
            errors["plaatsingsvorm"] = "Begeleid werken vraagt een geldige Wsw-indicatie."
        laag, hoog = BEGELEID_WERKEN_UREN
        if g.uren_per_week is None or not laag <= g.uren_per_week <= hoog:
            errors["uren_per_week"] = f"Begeleid werken is {laag} tot en met {hoog} uur per week."
    return errors


BSW_UREN_PER_FTE = Decimal(31)


def bsw_quotum_waarschuwing(
    session: Session, inwoner_id: uuid.UUID, g: PlaatsingGegevens
) -> str | None:
    """A warning (not a refusal, rule 18) when a BSW placement takes the paying municipality
    over its quota for the year: the municipality must still hire registered candidates."""
    if g.plaatsingsvorm not in BSW_VORMEN or g.startdatum is None:
        return None
    gemeente_id = session.get(Inwoner, inwoner_id).betaalgemeente_id
    quotum = session.get(Taakstelling, (gemeente_id, g.startdatum.year))
    if quotum is None:
        return None
    bezet = session.scalar(
        select(func.coalesce(func.sum(Plaatsing.uren_per_week), 0))
        .join(Inwoner, Inwoner.id == Plaatsing.inwoner_id)
        .where(Inwoner.betaalgemeente_id == gemeente_id,
               Plaatsing.plaatsingsvorm.in_(BSW_VORMEN), Plaatsing.startdatum <= g.startdatum,
               or_(Plaatsing.einddatum.is_(None),
                   Plaatsing.einddatum >= g.startdatum)))  # fmt: skip
    fte = (Decimal(bezet) + Decimal(g.uren_per_week or 0)) / BSW_UREN_PER_FTE
    if fte <= quotum.fte_31u:
        return None

    def nl(getal: Decimal) -> str:
        return f"{getal:.1f}".replace(".", ",")

    return (f"Let op: met deze plaatsing komt beschut werk voor de gemeente op {nl(fte)} fte, "
            f"boven de taakstelling van {nl(quotum.fte_31u)} fte voor "
            f"{g.startdatum.year}.")  # fmt: skip


def plaats(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    gegevens: PlaatsingGegevens, reden: str | None = None, today: date | None = None,
) -> Plaatsing:  # fmt: skip
    """T9: matching → geplaatst. The jobcoach of the development phase goes along (rule 11)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Plaatsen", _ontbreekt_t9(session, traject))
    errors: dict[str, str] = {}
    werkplek = _verplicht(errors, "werkplek", gegevens.werkplek,
                          "Vul de werkgever of werkplek in.")  # fmt: skip
    if gegevens.plaatsingsvorm is None:
        errors["plaatsingsvorm"] = "Kies de plaatsingsvorm."
    if gegevens.startdatum is None:
        errors["startdatum"] = "Vul de startdatum van de plaatsing in."
    elif gegevens.startdatum < traject.fase_sinds:
        errors["startdatum"] = "De plaatsing begint vóór de matching; controleer de startdatum."
    if gegevens.uren_per_week is not None and not 1 <= gegevens.uren_per_week <= 40:
        errors["uren_per_week"] = "Vul 1 tot en met 40 uur per week in."
    errors = plaatsingsregels(session, traject.inwoner_id, gegevens) | errors
    if errors:
        raise ValidationError(errors)
    waarschuwing = bsw_quotum_waarschuwing(session, traject.inwoner_id, gegevens)
    lks = gegevens.lks or gegevens.plaatsingsvorm == Plaatsingsvorm.REGULIER_LKS
    meting = geldige_meting(session, traject.inwoner_id, gegevens.startdatum) if lks else None
    plaatsing = Plaatsing(
        inwoner_id=traject.inwoner_id, traject_id=traject.id, werkgever_id=gegevens.werkgever_id,
        werkplek=werkplek, plaatsingsvorm=gegevens.plaatsingsvorm,
        startdatum=gegevens.startdatum, uren_per_week=gegevens.uren_per_week,
        jobcoach_id=traject.jobcoach_id, lks=lks,
        loonwaardemeting_id=meting.id if meting else None,
    )  # fmt: skip
    session.add(plaatsing)
    voorwaarden = ["Werkgever/werkplek, plaatsingsvorm en startdatum vastgelegd"]
    if waarschuwing:
        voorwaarden.append(waarschuwing)
    if meting is not None:
        voorwaarden.append(
            f"Geldige loonwaardemeting van {format_date(meting.datum)} ({meting.loonwaarde} %)"
        )
    _stap(session, traject, actor, code="T9", naar=F.GEPLAATST,
          datum=min(gegevens.startdatum, today),
          reden=f"{gegevens.plaatsingsvorm.label} bij {werkplek} per "
                f"{format_date(gegevens.startdatum)}",
          voorwaarden=voorwaarden, audit_reden=reden)  # fmt: skip
    return plaatsing


def plaatsingen(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[Plaatsing]:
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    return list(session.scalars(select(Plaatsing).where(Plaatsing.inwoner_id == inwoner_id)
                                .options(selectinload(Plaatsing.jobcoach))
                                .order_by(Plaatsing.startdatum.desc())))  # fmt: skip


def beeindig_plaatsing(
    session: Session, *, actor: Medewerker, plaatsing_id: uuid.UUID, einddatum: date | None,
    reden_einde: str, reden: str | None = None, today: date | None = None,
) -> Plaatsing:  # fmt: skip
    """End a placement with a date and a reason (rule 22: every ended placement has both)."""
    today = today or date.today()
    vereis(actor, Gegeven.TRAJECT, Recht.WIJZIGEN)
    plaatsing = session.get(Plaatsing, plaatsing_id)
    if plaatsing is None:
        raise NotFoundError("Deze plaatsing bestaat niet (meer).")
    check_toegang(session, actor=actor, inwoner_id=plaatsing.inwoner_id, reden=reden)
    if plaatsing.einddatum is not None:
        raise DomainError(f"Deze plaatsing is al beëindigd op {format_date(plaatsing.einddatum)}.")
    errors: dict[str, str] = {}
    _datum(errors, "einddatum", einddatum, today, "het einde van de plaatsing",
           plaatsing.startdatum)  # fmt: skip
    tekst = _verplicht(errors, "reden_einde", reden_einde,
                       "Geef aan waarom de plaatsing eindigt.", MIN_REDEN)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    plaatsing.einddatum, plaatsing.einde_reden = einddatum, tekst
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="plaatsing",
           inwoner_id=plaatsing.inwoner_id, record_id=plaatsing.id, reden=reden,
           velden={"einddatum": (None, einddatum)})  # fmt: skip
    return plaatsing


def start_begeleiding(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    datum: date | None = None, reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T10: geplaatst → begeleiding op werk by the same jobcoach (change them first with a
    reason if someone else takes over)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("De begeleiding op het werk starten", _ontbreekt_t10(session, traject))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today, "de start van de begeleiding", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    jobcoach = session.get(Medewerker, traject.jobcoach_id)
    _stap(session, traject, actor, code="T10", naar=F.BEGELEIDING_OP_WERK, datum=datum,
          reden=f"Begeleiding door {jobcoach.naam}",
          voorwaarden=["Jobcoach begeleidt op het werk"], audit_reden=reden)  # fmt: skip
    return traject


def start_nazorg(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    nazorg_tot: date | None, afspraken: str, datum: date | None = None, reden: str | None = None,
    today: date | None = None,
) -> Traject:  # fmt: skip
    """T11 (first half): begeleiding op werk → nazorg, with the aftercare defined."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("De nazorg starten", _ontbreekt_nazorg(session, traject))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today, "de start van de nazorg", traject.fase_sinds)
    if nazorg_tot is None:
        errors["nazorg_tot"] = "Vul in tot wanneer de nazorg loopt."
    elif datum is not None and nazorg_tot <= datum:
        errors["nazorg_tot"] = "De nazorg eindigt na de start; kies een latere einddatum."
    tekst = _verplicht(errors, "afspraken", afspraken,
                       "Leg de nazorgafspraken vast (wie, hoe vaak contact).",
                       MIN_REDEN)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.nazorg_tot, traject.nazorg_afspraken = nazorg_tot, tekst
    _stap(session, traject, actor, code="T11", naar=F.NAZORG, datum=datum,
          reden=f"Nazorg tot {format_date(nazorg_tot)}: {tekst}",
          voorwaarden=["Nazorg gedefinieerd"], audit_reden=reden)  # fmt: skip
    return traject


def sluit_af(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    uitstroomreden: Uitstroomreden | None, datum: date | None, toelichting: str = "",
    reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """Close the trajectory with an exit reason and date (rule 22). Outflow into work only
    after a placement or from the self-directed search (T7); a stage-2 trajectory that ends in
    work without aftercare says why not (rule 23)."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Afsluiten", _ontbreekt_afsluiten(session, traject))
    errors: dict[str, str] = {}
    if uitstroomreden is None:
        errors["uitstroomreden"] = "Kies de uitstroomreden."
    elif uitstroomreden in UITSTROOM_NAAR_WERK and traject.fase not in (
            GEPLAATSTE_FASEN | {F.ZELFSTANDIG_ZOEKEN}):  # fmt: skip
        errors["uitstroomreden"] = (
            f"Uitstroom naar werk ({uitstroomreden.label.lower()}) kan pas na een plaatsing of "
            "vanuit zelfstandig zoeken; plaats de inwoner eerst of kies een andere reden."
        )
    _datum(errors, "datum", datum, today, "de afsluiting", traject.fase_sinds)
    tekst = toelichting.strip()
    zonder_nazorg = traject.fase in (F.GEPLAATST, F.BEGELEIDING_OP_WERK)
    stadium2 = traject.ontwikkelstadium == Ontwikkelstadium.ONTWIKKELPOTENTIEEL
    if uitstroomreden in UITSTROOM_NAAR_WERK and zonder_nazorg and stadium2 and not tekst:
        errors["toelichting"] = ("Na een plaatsing volgt meestal nazorg. Start de nazorg, of "
                                 "geef aan waarom er geen nazorg nodig is.")  # fmt: skip
    if uitstroomreden == Uitstroomreden.ANDERS and not tekst:
        errors["toelichting"] = "Licht de uitstroomreden 'anders' toe."
    if errors:
        raise ValidationError(errors)
    code = "T7" if traject.fase == F.ZELFSTANDIG_ZOEKEN else "T11"
    traject.uitstroomreden = uitstroomreden
    traject.uitstroom_toelichting = tekst or None
    traject.einddatum = datum
    traject.fase_voor_onderbreking = None
    _stap(session, traject, actor, code=code, naar=F.AFGESLOTEN, datum=datum,
          reden=uitstroomreden.label + (f": {tekst}" if tekst else ""),
          voorwaarden=["Uitstroomreden en datum vastgelegd"], audit_reden=reden)  # fmt: skip
    return traject


def onderbreek(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    toelichting: str, datum: date | None = None, reden: str | None = None,
    today: date | None = None,
) -> Traject:  # fmt: skip
    """T15: interrupt (or record the dropout of) a running trajectory, with a reason."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Onderbreken", _ontbreekt_t15(session, traject))
    errors: dict[str, str] = {}
    tekst = _verplicht(errors, "toelichting", toelichting,
                       "Geef de reden van de onderbreking of uitval.", MIN_REDEN)  # fmt: skip
    _datum(errors, "datum", datum, today, "de onderbreking", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    traject.fase_voor_onderbreking = traject.fase
    _stap(session, traject, actor, code="T15", naar=F.ONDERBROKEN, datum=datum, reden=tekst,
          audit_reden=reden)  # fmt: skip
    return traject


def hervat(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    toelichting: str, datum: date | None = None, reden: str | None = None,
    today: date | None = None,
) -> Traject:  # fmt: skip
    """Resume an interrupted trajectory in the phase it was interrupted in."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden)
    _weiger("Hervatten", _ontbreekt_hervatten(session, traject))
    errors: dict[str, str] = {}
    tekst = _verplicht(errors, "toelichting", toelichting,
                       "Geef aan waarom het traject wordt hervat.", MIN_REDEN)  # fmt: skip
    _datum(errors, "datum", datum, today, "de hervatting", traject.fase_sinds)
    if errors:
        raise ValidationError(errors)
    naar = traject.fase_voor_onderbreking or F.INTAKE
    traject.fase_voor_onderbreking = None
    _stap(session, traject, actor, code="T15", naar=naar, datum=datum, reden=tekst,
          audit_reden=reden)  # fmt: skip
    return traject


def verleng(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None = None,
    tot: date | None, toelichting: str, reden: str | None = None, today: date | None = None,
) -> Traject:  # fmt: skip
    """T16: a team lead's decision on an escalated development trajectory: continue until a
    date (or change the stage instead, T12/T6). Until then the escalation is silent."""
    today = today or date.today()
    traject = _for_change(session, actor, traject_id, versie, reden, Gegeven.NORMBESLUIT)
    _weiger("Verlengen", _ontbreekt_t16(session, traject))
    errors: dict[str, str] = {}
    if tot is None:
        errors["tot"] = "Vul in tot wanneer het ontwikkeltraject mag doorlopen."
    elif tot <= today:
        errors["tot"] = "Een verlenging loopt tot een datum in de toekomst."
    elif tot > today + relativedelta(months=12):
        errors["tot"] = "Verleng met hoogstens 12 maanden tegelijk; daarna opnieuw besluiten."
    tekst = _verplicht(errors, "toelichting", toelichting,
                       "Onderbouw het besluit om het ontwikkeltraject te verlengen.",
                       MIN_REDEN)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.verlengd_tot = tot
    _stap(session, traject, actor, code="T16", naar=traject.fase, datum=today,
          soort=OvergangSoort.VERLENGING, reden=f"Verlengd tot {format_date(tot)}: {tekst}",
          voorwaarden=["Besluit teamleider"], audit_reden=reden)  # fmt: skip
    return traject


# --- what the GUI may offer now ---------------------------------------------------------------


@dataclass(frozen=True)
class Overgang:
    """One next step for the GUI: `actie` names the service function, `waarom_niet` says what
    is missing when it is not possible now."""

    code: str
    actie: str
    naam: str
    waarom_niet: list[str] = field(default_factory=list)

    @property
    def mogelijk(self) -> bool:
        return not self.waarom_niet


_OVERGANGEN: list[tuple[str, str, str, Callable[[Session, Traject], list[str]]]] = [
    ("T1", "start_intake", "Intake starten", _ontbreekt_t1),
    ("T2", "start_verkenning", "Verkenning / diagnose starten", _ontbreekt_t2),
    ("T3", "bepaal_stadium", "Stadium bepalen", _ontbreekt_t3),
    ("T4", "start_ontwikkeling", "Ontwikkelaanpak starten", _ontbreekt_t4),
    ("T5", "evalueer_traject", "Evaluatie vastleggen", _ontbreekt_t5),
    ("T6", "naar_matching", "Naar matching", lambda s, t: _ontbreekt_t7_matching(s, t)
     if t.fase == F.ZELFSTANDIG_ZOEKEN else _ontbreekt_t6(s, t)),
    ("T8", "terug_naar_stadium_2", "Terug naar stadium 2", lambda s, t: _ontbreekt_t13(s, t)
     if t.fase == F.PARTICIPATIE else _ontbreekt_t8(s, t)),
    ("T12", "naar_participatie", "Naar participatie (stadium 3)", _ontbreekt_t12),
    ("T9", "plaats", "Plaatsen", _ontbreekt_t9),
    ("T10", "start_begeleiding", "Begeleiding op werk starten", _ontbreekt_t10),
    ("T11", "start_nazorg", "Nazorg starten", _ontbreekt_nazorg),
    ("T14", "open_handhaving", "Maatregelonderzoek openen", _ontbreekt_t14),
    ("T15", "onderbreek", "Onderbreken / uitval", _ontbreekt_t15),
    ("T15", "hervat", "Hervatten", _ontbreekt_hervatten),
    ("T16", "verleng", "Verlengen (teamleider)", _ontbreekt_t16),
    ("T11", "sluit_af", "Afsluiten", _ontbreekt_afsluiten),
]  # fmt: skip

# Steps that make sense only in (or near) a phase; the GUI hides the rest instead of showing a
# wall of disabled buttons.
_RELEVANT: dict[str, frozenset[TrajectFase]] = {
    "start_intake": frozenset({F.AANGEMELD}),
    "start_verkenning": frozenset({F.INTAKE}),
    "bepaal_stadium": frozenset({F.INTAKE, F.VERKENNING_DIAGNOSE}),
    "start_ontwikkeling": frozenset({F.STADIUM_BEPAALD}),
    "evalueer_traject": frozenset({F.ONTWIKKELING, F.PARTICIPATIE}),
    "naar_matching": frozenset({F.ONTWIKKELING, F.ZELFSTANDIG_ZOEKEN}),
    "terug_naar_stadium_2": frozenset({F.ZELFSTANDIG_ZOEKEN, F.PARTICIPATIE}),
    "naar_participatie": frozenset({F.STADIUM_BEPAALD, F.ONTWIKKELING}),
    "plaats": frozenset({F.MATCHING}),
    "start_begeleiding": frozenset({F.GEPLAATST}),
    "start_nazorg": frozenset({F.BEGELEIDING_OP_WERK}),
    "open_handhaving": ACTIEVE_FASEN - {F.ONDERBROKEN},
    "onderbreek": ACTIEVE_FASEN - {F.ONDERBROKEN},
    "hervat": frozenset({F.ONDERBROKEN}),
    "verleng": frozenset({F.ONTWIKKELING}),
    "sluit_af": ACTIEVE_FASEN,
}
_RECHT = {"verleng": Gegeven.NORMBESLUIT, "open_handhaving": Gegeven.HANDHAVING}


def mogelijke_overgangen(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None
) -> list[Overgang]:
    """The next steps that fit the current phase, each with what is missing if it cannot be
    taken now (including a lacking right)."""
    traject = get_traject(session, actor=actor, traject_id=traject_id, reden=reden)
    result = []
    for code, actie, naam, check in _OVERGANGEN:
        if traject.fase not in _RELEVANT[actie]:
            continue
        gegeven = _RECHT.get(actie, Gegeven.TRAJECT)
        if not mag_actor(actor, gegeven, Recht.WIJZIGEN):
            if actie == "verleng":
                continue  # only team leads decide; coaches need not see the button
            waarom = [f"u de rechten hebt om {gegeven.label[0].lower()}{gegeven.label[1:]} "
                      "te wijzigen"]  # fmt: skip
        else:
            waarom = check(session, traject)
        result.append(Overgang(code, actie, naam, waarom))
    return result
