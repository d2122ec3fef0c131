"""Ontwikkelplannen (IOP, POP, coachingsplan, plan van aanpak): the lifecycle
concept → vastgesteld → vervangen | afgesloten, evaluations and work-level measurements.

Rules (issue 4, brief §4 and §9.4 rules 6–9):
- only a concept can be changed; a vastgesteld plan is read-only and changes through a new
  version (a copy to edit), which replaces it when it is vastgesteld in turn;
- one vastgesteld plan per inwoner per type at a time, and at most one concept;
- vaststellen needs ontwikkelpotentieel, at least one goal with a streefdatum, agreements and
  a begeleidingsregime; the refusal lists everything that is missing;
- the next evaluation falls a configurable number of months (default 6) after the plan was
  vastgesteld or last evaluated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.models import (
    AuditActie,
    Begeleidingsregime,
    Bewijs,
    DoelStatus,
    Evaluatie,
    Intensiteit,
    Inwoner,
    Medewerker,
    Ontwikkelafspraak,
    Ontwikkeldoel,
    Ontwikkelplan,
    Partij,
    PlanStatus,
    PlanType,
    Setting,
    Werkniveau,
    WerkniveauMeting,
)
from app.services.audit import record
from app.services.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    ValidationError,
    gelijktijdig_bewaakt,
)
from app.services.inwoners import check_toegang
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date
from app.services.toegang import in_bereik

STANDAARD_INTERVAL_MAANDEN = 6


@dataclass
class DoelGegevens:
    omschrijving: str = ""
    competentie: str = ""
    instrument: str = ""
    verantwoordelijke: str = ""
    streefdatum: date | None = None
    status: DoelStatus = DoelStatus.OPEN


@dataclass
class AfspraakGegevens:
    omschrijving: str = ""
    partij: Partij = Partij.INWONER
    verplichting: bool = False


@dataclass
class RegimeGegevens:
    begeleider: str = ""
    intensiteit: Intensiteit | None = None
    contactfrequentie: str = ""
    setting: Setting | None = None
    agogisch: bool = False


@dataclass
class PlanGegevens:
    """Everything a user edits in a concept plan."""

    periode_van: date | None = None
    periode_tot: date | None = None
    talenten: str = ""
    drijfveren: str = ""
    zwakten: str = ""
    ontwikkelmogelijkheden: str = ""
    bedreigingen: str = ""
    leefgebieden: str = ""
    metingen: str = ""
    ontwikkelpotentieel: str = ""
    werkniveau_start: int | None = None
    werkniveau_doel: int | None = None
    evaluatie_interval_maanden: int = STANDAARD_INTERVAL_MAANDEN
    doelen: list[DoelGegevens] = field(default_factory=list)
    afspraken: list[AfspraakGegevens] = field(default_factory=list)
    regime: RegimeGegevens | None = None

    @classmethod
    def from_plan(cls, plan: Ontwikkelplan) -> PlanGegevens:
        simple = {f.name: getattr(plan, f.name) for f in fields(cls)
                  if f.name not in ("doelen", "afspraken", "regime")}  # fmt: skip
        simple = {k: ("" if v is None and isinstance(getattr(cls, k, None), str) else v)
                  for k, v in simple.items()}  # fmt: skip
        return cls(
            **simple,
            doelen=[DoelGegevens(d.omschrijving, d.competentie or "", d.instrument or "",
                                 d.verantwoordelijke or "", d.streefdatum, d.status)
                    for d in plan.doelen],
            afspraken=[AfspraakGegevens(a.omschrijving, a.partij, a.verplichting)
                       for a in plan.afspraken],
            regime=RegimeGegevens(plan.regime.begeleider, plan.regime.intensiteit,
                                  plan.regime.contactfrequentie, plan.regime.setting,
                                  plan.regime.agogisch) if plan.regime else None,
        )  # fmt: skip


_TEXT_FIELDS = ("talenten", "drijfveren", "zwakten", "ontwikkelmogelijkheden", "bedreigingen",
                "leefgebieden", "metingen", "ontwikkelpotentieel")  # fmt: skip


def _check(gegevens: PlanGegevens, niveaus: set[int]) -> dict[str, str]:
    """Field errors of a concept (what may be saved at all; completeness is for vaststellen)."""
    errors: dict[str, str] = {}
    if (
        gegevens.periode_van
        and gegevens.periode_tot
        and gegevens.periode_tot < gegevens.periode_van
    ):
        errors["periode_tot"] = "Het einde van de planperiode ligt vóór het begin."
    for name in ("werkniveau_start", "werkniveau_doel"):
        value = getattr(gegevens, name)
        if value is not None and value not in niveaus:
            errors[name] = f"Werkniveau {value} staat niet op de werkniveauschaal."
    if not 1 <= gegevens.evaluatie_interval_maanden <= 24:
        errors["evaluatie_interval_maanden"] = "Evalueer minstens eens per 24 maanden (1–24)."
    for n, doel in enumerate(gegevens.doelen, start=1):
        if not doel.omschrijving.strip():
            errors[f"doel_{n}"] = f"Doel {n}: beschrijf het doel."
    for n, afspraak in enumerate(gegevens.afspraken, start=1):
        if not afspraak.omschrijving.strip():
            errors[f"afspraak_{n}"] = f"Afspraak {n}: beschrijf de afspraak."
    regime = gegevens.regime
    if regime is not None:
        ontbreekt = [label for label, value in (
            ("wie begeleidt", regime.begeleider.strip()), ("de intensiteit", regime.intensiteit),
            ("de contactfrequentie", regime.contactfrequentie.strip()),
            ("de setting", regime.setting)) if not value]  # fmt: skip
        if ontbreekt:
            errors["regime"] = "Begeleidingsregime: vul " + ", ".join(ontbreekt) + " in."
    return errors


def ontbreekt_voor_vaststellen(plan: Ontwikkelplan) -> list[str]:
    """What a plan still lacks to be vastgesteld (brief §9.4 rule 6), in the order of the plan."""
    missing = []
    if not (plan.ontwikkelpotentieel or "").strip():
        missing.append("het ontwikkelpotentieel")
    if not any(d.streefdatum for d in plan.doelen):
        missing.append("minstens één ontwikkeldoel met een streefdatum")
    if not plan.afspraken:
        missing.append("de ontwikkelafspraken")
    if plan.regime is None:
        missing.append("het begeleidingsregime")
    return missing


def _load(session: Session, plan_id: uuid.UUID) -> Ontwikkelplan:
    plan = session.scalar(
        select(Ontwikkelplan).where(Ontwikkelplan.id == plan_id).options(
            selectinload(Ontwikkelplan.doelen), selectinload(Ontwikkelplan.afspraken),
            selectinload(Ontwikkelplan.regime), selectinload(Ontwikkelplan.evaluaties),
            selectinload(Ontwikkelplan.eigenaar),
        )
    )  # fmt: skip
    if plan is None:
        raise NotFoundError("Dit ontwikkelplan bestaat niet (meer).")
    return plan


def get_plan(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, reden: str | None = None
) -> Ontwikkelplan:
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.LEZEN)
    plan = _load(session, plan_id)
    check_toegang(session, actor=actor, inwoner_id=plan.inwoner_id, reden=reden)
    return plan


def list_plannen(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[Ontwikkelplan]:
    """All plans and versions of an inwoner, newest first per type."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    return list(session.scalars(
        select(Ontwikkelplan).where(Ontwikkelplan.inwoner_id == inwoner_id)
        .options(selectinload(Ontwikkelplan.eigenaar))
        .order_by(Ontwikkelplan.type, Ontwikkelplan.planversie.desc())
    ))  # fmt: skip


def _open_plan(session: Session, inwoner_id: uuid.UUID, type: PlanType, status: PlanStatus):
    return session.scalar(select(Ontwikkelplan).where(
        Ontwikkelplan.inwoner_id == inwoner_id, Ontwikkelplan.type == type,
        Ontwikkelplan.status == status))  # fmt: skip


def nieuw_plan(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, type: PlanType,
    reden: str | None = None, today: date | None = None,
) -> Ontwikkelplan:  # fmt: skip
    """A first, empty concept plan of this type."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    if _open_plan(session, inwoner_id, type, PlanStatus.CONCEPT):
        raise DomainError(f"Er is al een concept-{type.value}; werk dat bij.")
    if _open_plan(session, inwoner_id, type, PlanStatus.VASTGESTELD):
        raise DomainError(f"Er is al een vastgesteld {type.value}; kies 'Nieuwe versie' om het "
                          "bij te werken.")  # fmt: skip
    vorige = session.scalar(select(Ontwikkelplan.planversie).where(
        Ontwikkelplan.inwoner_id == inwoner_id, Ontwikkelplan.type == type)
        .order_by(Ontwikkelplan.planversie.desc()).limit(1))  # fmt: skip
    plan = Ontwikkelplan(
        inwoner_id=inwoner_id, type=type, planversie=(vorige or 0) + 1,
        status=PlanStatus.CONCEPT, eigenaar_id=actor.id, periode_van=today or date.today(),
        evaluatie_interval_maanden=STANDAARD_INTERVAL_MAANDEN,
    )  # fmt: skip
    session.add(plan)
    with gelijktijdig_bewaakt(f"Het {type.value} van deze inwoner", uniek=True):
        session.flush()  # the unique concept index: a colleague made one a moment ago
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="ontwikkelplan",
           inwoner_id=inwoner_id, record_id=plan.id)  # fmt: skip
    return plan


def _require_concept(plan: Ontwikkelplan) -> None:
    if plan.status != PlanStatus.CONCEPT:
        raise DomainError(
            f"Dit {plan.type.value} is {plan.status.label.lower()} en kan niet meer worden "
            "gewijzigd. Kies 'Nieuwe versie' om een bewerkbare kopie te maken."
        )


def _apply(session: Session, plan: Ontwikkelplan, gegevens: PlanGegevens) -> None:
    for name in ("periode_van", "periode_tot", "werkniveau_start", "werkniveau_doel",
                 "evaluatie_interval_maanden"):  # fmt: skip
        setattr(plan, name, getattr(gegevens, name))
    for name in _TEXT_FIELDS:
        setattr(plan, name, getattr(gegevens, name).strip() or None)
    plan.doelen = [
        Ontwikkeldoel(volgorde=n, omschrijving=d.omschrijving.strip(),
                      competentie=d.competentie.strip() or None,
                      instrument=d.instrument.strip() or None,
                      verantwoordelijke=d.verantwoordelijke.strip() or None,
                      streefdatum=d.streefdatum, status=d.status)
        for n, d in enumerate(gegevens.doelen, start=1)
    ]  # fmt: skip
    plan.afspraken = [
        Ontwikkelafspraak(volgorde=n, omschrijving=a.omschrijving.strip(), partij=a.partij,
                          verplichting=a.verplichting)
        for n, a in enumerate(gegevens.afspraken, start=1)
    ]  # fmt: skip
    r = gegevens.regime
    if r is None:
        plan.regime = None
    else:
        if plan.regime is None:
            plan.regime = Begeleidingsregime(begeleider="", intensiteit=r.intensiteit,
                                             contactfrequentie="", setting=r.setting)  # fmt: skip
        plan.regime.begeleider = r.begeleider.strip()
        plan.regime.intensiteit, plan.regime.setting = r.intensiteit, r.setting
        plan.regime.contactfrequentie = r.contactfrequentie.strip()
        plan.regime.agogisch = r.agogisch


def wijzig_concept(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, versie: int,
    gegevens: PlanGegevens, reden: str | None = None,
) -> Ontwikkelplan:  # fmt: skip
    """Save a concept; refused for a vastgesteld plan and when someone else saved in between."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    plan = get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    _require_concept(plan)
    if plan.versie != versie:
        raise ConflictError("Dit ontwikkelplan")
    niveaus = set(session.scalars(select(Werkniveau.niveau)))
    if errors := _check(gegevens, niveaus):
        raise ValidationError(errors)
    wijzigingen = _verschillen(PlanGegevens.from_plan(plan), gegevens)
    try:
        with session.begin_nested():
            _apply(session, plan, gegevens)
            # Touch the plan row itself, so its version also guards edits of goals only.
            plan.gewijzigd_op = func.now()
            session.flush()
    except StaleDataError:
        raise ConflictError("Dit ontwikkelplan") from None
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="ontwikkelplan",
           inwoner_id=plan.inwoner_id, record_id=plan.id, reden=reden,
           velden={label: (old, new) for label, old, new in wijzigingen})  # fmt: skip
    return plan


def vaststellen(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, versie: int,
    ondertekend_inwoner_op: date | None, ondertekend_coach_op: date | None,
    reden: str | None = None, today: date | None = None,
) -> Ontwikkelplan:  # fmt: skip
    """Sign and fix the plan; from now on it is read-only. Replaces the previous version."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    today = today or date.today()
    plan = get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    _require_concept(plan)
    if plan.versie != versie:
        raise ConflictError("Dit ontwikkelplan")
    if missing := ontbreekt_voor_vaststellen(plan):
        raise DomainError(
            f"Het {plan.type.value} kan nog niet worden vastgesteld. Vul eerst in: "
            + "; ".join(missing)
            + "."
        )
    errors = {}
    for name, value in (("ondertekend_inwoner_op", ondertekend_inwoner_op),
                        ("ondertekend_coach_op", ondertekend_coach_op)):  # fmt: skip
        wie = "de inwoner" if "inwoner" in name else "de coach"
        if value is None:
            errors[name] = f"Vul de datum in waarop {wie} het plan heeft ondertekend."
        elif value > today:
            errors[name] = f"De ondertekening door {wie} ligt in de toekomst."
    if errors:
        raise ValidationError(errors)
    with gelijktijdig_bewaakt("Dit ontwikkelplan", uniek=True):
        vorige = _open_plan(session, plan.inwoner_id, plan.type, PlanStatus.VASTGESTELD)
        if vorige is not None:
            vorige.status = PlanStatus.VERVANGEN
            vorige.periode_tot = vorige.periode_tot or today
            session.flush()  # one vastgesteld plan per type, also at the moment of the swap
        plan.status = PlanStatus.VASTGESTELD
        plan.vastgesteld_op = today
        plan.ondertekend_inwoner_op = ondertekend_inwoner_op
        plan.ondertekend_coach_op = ondertekend_coach_op
        plan.volgende_evaluatie = today + relativedelta(months=plan.evaluatie_interval_maanden)
        session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="ontwikkelplan",
           inwoner_id=plan.inwoner_id, record_id=plan.id, reden=reden,
           velden={"status": (PlanStatus.CONCEPT, PlanStatus.VASTGESTELD)})  # fmt: skip
    return plan


def nieuwe_versie(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, reden: str | None = None
) -> Ontwikkelplan:
    """A concept copy of a vastgesteld plan, to edit; the original stays in force until the
    copy is vastgesteld."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    bron = get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    if bron.status != PlanStatus.VASTGESTELD:
        raise DomainError("Alleen van een vastgesteld plan kan een nieuwe versie worden gemaakt.")
    if _open_plan(session, bron.inwoner_id, bron.type, PlanStatus.CONCEPT):
        raise DomainError(f"Er is al een concept-{bron.type.value}; werk dat bij.")
    kopie = Ontwikkelplan(
        inwoner_id=bron.inwoner_id, traject_id=bron.traject_id, type=bron.type,
        planversie=bron.planversie + 1, vorige_id=bron.id, status=PlanStatus.CONCEPT,
        eigenaar_id=actor.id,
        evaluatie_interval_maanden=STANDAARD_INTERVAL_MAANDEN,
    )  # fmt: skip
    # A full copy, period included: the user changes what changed, and the comparison between
    # the versions shows exactly that.
    _apply(session, kopie, PlanGegevens.from_plan(bron))
    session.add(kopie)
    with gelijktijdig_bewaakt("Dit ontwikkelplan", uniek=True):
        session.flush()  # the unique concept index: a colleague made one a moment ago
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="ontwikkelplan",
           inwoner_id=bron.inwoner_id, record_id=kopie.id, reden=reden)  # fmt: skip
    return kopie


def afsluiten(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, reden_afsluiting: str,
    reden: str | None = None, today: date | None = None,
) -> Ontwikkelplan:  # fmt: skip
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    plan = get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    if plan.status not in (PlanStatus.CONCEPT, PlanStatus.VASTGESTELD):
        raise DomainError(f"Dit plan is al {plan.status.label.lower()}.")
    if not reden_afsluiting.strip():
        raise ValidationError({"afsluitreden": "Geef aan waarom het plan wordt afgesloten."})
    plan.status = PlanStatus.AFGESLOTEN
    plan.afgesloten_op = today or date.today()
    plan.afsluitreden = reden_afsluiting.strip()
    plan.volgende_evaluatie = None
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="ontwikkelplan",
           inwoner_id=plan.inwoner_id, record_id=plan.id, reden=reden,
           velden={"status": (None, PlanStatus.AFGESLOTEN)})  # fmt: skip
    return plan


@dataclass
class EvaluatieGegevens:
    datum: date | None = None
    begeleidingsnoodzaak: str = ""
    doelen_bijgesteld: bool = False
    advies: str = ""


def evalueer(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, gegevens: EvaluatieGegevens,
    reden: str | None = None, today: date | None = None,
) -> Evaluatie:  # fmt: skip
    """Record an evaluation of a vastgesteld plan; the next one is due an interval later."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    today = today or date.today()
    plan = get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    if plan.status != PlanStatus.VASTGESTELD:
        raise DomainError("Alleen een vastgesteld plan wordt geëvalueerd.")
    errors = {}
    if gegevens.datum is None:
        errors["datum"] = "Vul de datum van de evaluatie in."
    elif gegevens.datum > today:
        errors["datum"] = f"De evaluatie op {format_date(gegevens.datum)} ligt in de toekomst."
    elif plan.vastgesteld_op and gegevens.datum < plan.vastgesteld_op:
        errors["datum"] = "De evaluatie ligt vóór de vaststelling van het plan."
    if not gegevens.begeleidingsnoodzaak.strip():
        errors["begeleidingsnoodzaak"] = (
            "Elke evaluatie concludeert over de begeleidingsnoodzaak; vul die in."
        )
    if errors:
        raise ValidationError(errors)
    evaluatie = Evaluatie(
        plan_id=plan.id, datum=gegevens.datum, uitvoerder_id=actor.id,
        begeleidingsnoodzaak=gegevens.begeleidingsnoodzaak.strip(),
        doelen_bijgesteld=gegevens.doelen_bijgesteld, advies=gegevens.advies.strip() or None,
    )  # fmt: skip
    session.add(evaluatie)
    plan.volgende_evaluatie = gegevens.datum + relativedelta(months=plan.evaluatie_interval_maanden)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="evaluatie",
           inwoner_id=plan.inwoner_id, record_id=evaluatie.id, reden=reden)  # fmt: skip
    return evaluatie


@dataclass(frozen=True)
class AchterstalligeEvaluatie:
    plan_id: uuid.UUID
    inwoner_id: uuid.UUID
    naam: str
    type: PlanType
    volgende_evaluatie: date
    dagen_te_laat: int


def achterstallige_evaluaties(
    session: Session, *, actor: Medewerker, peildatum: date | None = None
) -> list[AchterstalligeEvaluatie]:
    """Vastgestelde plans whose evaluation is overdue, within the actor's reach, oldest first."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.LEZEN)
    peildatum = peildatum or date.today()
    rows = session.execute(
        select(Ontwikkelplan.id, Inwoner.id, Inwoner.voornamen, Inwoner.tussenvoegsel,
               Inwoner.achternaam, Ontwikkelplan.type, Ontwikkelplan.volgende_evaluatie)
        .join(Inwoner, Inwoner.id == Ontwikkelplan.inwoner_id)
        .where(Ontwikkelplan.status == PlanStatus.VASTGESTELD,
               Ontwikkelplan.volgende_evaluatie < peildatum, in_bereik(actor))
        .order_by(Ontwikkelplan.volgende_evaluatie)
    )  # fmt: skip
    return [
        AchterstalligeEvaluatie(plan_id, inwoner_id,
                                " ".join(p for p in (voornamen, tv, achternaam) if p),
                                type_, volgende, (peildatum - volgende).days)
        for plan_id, inwoner_id, voornamen, tv, achternaam, type_, volgende in rows
    ]  # fmt: skip


# --- differences between versions ------------------------------------------------------------


_LABELS = {
    "periode_van": "Periode vanaf", "periode_tot": "Periode tot", "talenten": "Talenten",
    "drijfveren": "Drijfveren", "zwakten": "Zwakten",
    "ontwikkelmogelijkheden": "Ontwikkelmogelijkheden", "bedreigingen": "Bedreigingen",
    "leefgebieden": "Andere leefgebieden", "metingen": "Metingen en onderzoek",
    "ontwikkelpotentieel": "Ontwikkelpotentieel", "werkniveau_start": "Werkniveau bij start",
    "werkniveau_doel": "Beoogd werkniveau",
    "evaluatie_interval_maanden": "Evaluatie elke … maanden",
}  # fmt: skip


def verschillen(oud: Ontwikkelplan, nieuw: Ontwikkelplan) -> list[tuple[str, str, str]]:
    """What changed between two versions, as (onderdeel, oud, nieuw) in plain Dutch text."""
    return _verschillen(PlanGegevens.from_plan(oud), PlanGegevens.from_plan(nieuw))


def _verschillen(a: PlanGegevens, b: PlanGegevens) -> list[tuple[str, str, str]]:
    result = []
    for name, label in _LABELS.items():
        old, new = getattr(a, name), getattr(b, name)
        if old != new:
            result.append((label, _text(old), _text(new)))
    for label, old_items, new_items, show in (
        ("Doel", a.doelen, b.doelen, _doel_text),
        ("Afspraak", a.afspraken, b.afspraken, _afspraak_text),
    ):
        for n in range(max(len(old_items), len(new_items))):
            old = show(old_items[n]) if n < len(old_items) else ""
            new = show(new_items[n]) if n < len(new_items) else ""
            if old != new:
                result.append((f"{label} {n + 1}", old or "(geen)", new or "(vervallen)"))
    old_regime = _regime_text(a.regime)
    new_regime = _regime_text(b.regime)
    if old_regime != new_regime:
        result.append(("Begeleidingsregime", old_regime, new_regime))
    return result


def weergave(g: PlanGegevens) -> dict[str, tuple[str, str]]:
    """Each part of a plan as (label, text), keyed by its PlanGegevens field: what a user
    compares when a colleague saved the same concept first (goals and agreements as one part
    each, one line per item)."""
    result = {name: (label, _text(getattr(g, name))) for name, label in _LABELS.items()}
    result["doelen"] = ("Doelen", "\n".join(map(_doel_text, g.doelen)) or "(geen)")
    result["afspraken"] = ("Afspraken", "\n".join(map(_afspraak_text, g.afspraken)) or "(geen)")
    result["regime"] = ("Begeleidingsregime", _regime_text(g.regime))
    return result


def _text(value) -> str:
    if value is None or value == "":
        return "(leeg)"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _doel_text(d: DoelGegevens) -> str:
    parts = [d.omschrijving, d.competentie, d.instrument, d.verantwoordelijke,
             format_date(d.streefdatum), d.status.label]  # fmt: skip
    return " · ".join(p for p in parts if p)


def _afspraak_text(a: AfspraakGegevens) -> str:
    return f"{a.omschrijving} ({a.partij.label}{', verplichting' if a.verplichting else ''})"


def _regime_text(r: RegimeGegevens | None) -> str:
    if r is None:
        return "(geen)"
    parts = [r.begeleider, r.intensiteit.label if r.intensiteit else "", r.contactfrequentie,
             r.setting.label if r.setting else "", "agogisch" if r.agogisch else ""]  # fmt: skip
    return " · ".join(p for p in parts if p)


# --- work level ------------------------------------------------------------------------------


def werkniveaus(session: Session) -> list[Werkniveau]:
    return list(session.scalars(select(Werkniveau).order_by(Werkniveau.niveau)))


@dataclass
class WerkniveauGegevens:
    datum: date | None = None
    niveau: int | None = None
    is_baseline: bool = False
    bewijs: Bewijs | None = None
    bewijs_omschrijving: str = ""


def meet_werkniveau(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, gegevens: WerkniveauGegevens,
    reden: str | None = None, today: date | None = None,
) -> WerkniveauMeting:  # fmt: skip
    """Record a work level with its evidence ("aantoonbaar": no level without evidence)."""
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    today = today or date.today()
    errors = {}
    if gegevens.datum is None:
        errors["datum"] = "Vul de datum van de meting in."
    elif gegevens.datum > today:
        errors["datum"] = "De meting ligt in de toekomst."
    if gegevens.niveau not in {w.niveau for w in werkniveaus(session)}:
        errors["niveau"] = "Kies een werkniveau van de schaal."
    if gegevens.bewijs is None:
        errors["bewijs"] = (
            "Kies waarop het werkniveau is gebaseerd (meting, praktijkverklaring of observatie)."
        )
    if not gegevens.bewijs_omschrijving.strip():
        errors["bewijs_omschrijving"] = "Beschrijf het bewijs, zodat het niveau aantoonbaar is."
    if errors:
        raise ValidationError(errors)
    if gegevens.is_baseline and session.scalar(select(WerkniveauMeting.id).where(
            WerkniveauMeting.inwoner_id == inwoner_id, WerkniveauMeting.is_baseline)):  # fmt: skip
        raise ValidationError({"is_baseline": "Deze inwoner heeft al een nulmeting."})
    meting = WerkniveauMeting(
        inwoner_id=inwoner_id, datum=gegevens.datum, niveau=gegevens.niveau,
        is_baseline=gegevens.is_baseline, bewijs=gegevens.bewijs,
        bewijs_omschrijving=gegevens.bewijs_omschrijving.strip(), beoordelaar_id=actor.id,
    )  # fmt: skip
    session.add(meting)
    session.flush()
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="werkniveau",
           inwoner_id=inwoner_id, record_id=meting.id, reden=reden)  # fmt: skip
    return meting


def werkniveau_metingen(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> list[WerkniveauMeting]:
    vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    return list(session.scalars(select(WerkniveauMeting).where(
        WerkniveauMeting.inwoner_id == inwoner_id).order_by(WerkniveauMeting.datum)
        .options(selectinload(WerkniveauMeting.beoordelaar))))  # fmt: skip


def zet_werkniveau(session: Session, *, actor: Medewerker, niveau: int, omschrijving: str) -> None:
    """Add a step to the work-level scale or rename one (the sources give no scale, so the
    organisation sets its own, brief §4.4)."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    errors = {}
    if not 1 <= niveau <= 20:
        errors["niveau"] = "Een werkniveau is een getal van 1 tot en met 20."
    if not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf wat dit werkniveau inhoudt."
    elif len(omschrijving.strip()) > 200:
        errors["omschrijving"] = "De omschrijving is te lang (hoogstens 200 tekens)."
    if errors:
        raise ValidationError(errors)
    bestaand = session.get(Werkniveau, niveau)
    if bestaand is None:
        session.add(Werkniveau(niveau=niveau, omschrijving=omschrijving.strip()))
    else:
        bestaand.omschrijving = omschrijving.strip()
    session.flush()


def verwijder_werkniveau(session: Session, *, actor: Medewerker, niveau: int) -> None:
    """Remove a step that no plan or measurement uses."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    bestaand = session.get(Werkniveau, niveau)
    if bestaand is None:
        raise NotFoundError(f"Werkniveau {niveau} staat niet op de schaal.")
    in_gebruik = session.scalar(
        select(func.count())
        .select_from(Ontwikkelplan)
        .where(
            (Ontwikkelplan.werkniveau_start == niveau) | (Ontwikkelplan.werkniveau_doel == niveau)
        )
    )
    in_gebruik += session.scalar(select(func.count()).select_from(WerkniveauMeting).where(
        WerkniveauMeting.niveau == niveau))  # fmt: skip
    if in_gebruik:
        raise DomainError(
            f"Werkniveau {niveau} wordt gebruikt in {in_gebruik} plan(nen) of meting(en) en kan "
            "niet worden verwijderd; pas de omschrijving aan."
        )
    session.delete(bestaand)
    session.flush()
