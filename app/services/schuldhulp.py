"""The schuldhulptraject and its workflow (brief §6.3, §6.7 and §9.4 rule 25; rules.md §4):
melding → eerste gesprek (the aanvraag) → beschikking → stabilisatie → schuldregeling or
WSNP-verzoek → nazorg → afgesloten, with uitval possible in every phase.

Every step is one function. It checks the phase and what must be in place (`ontbreekt_voor`, the
same checks the GUI shows next to each action) and either moves the trajectory — appending a
SchuldhulpOvergang, so lead times per phase are known — or raises a Dutch DomainError naming
everything that is missing. Debt data is read and changed only with the SCHULDHULP right, for
inwoners within reach, and every change is written to the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AdministratieItem,
    AdministratieVinkje,
    AuditActie,
    Bedreiging,
    Beschikking,
    Complexiteit,
    GelijkgesteldeDag,
    Gemeente,
    Inwoner,
    Medewerker,
    Meldingsbron,
    Meldingswijze,
    Rol,
    SchuldhulpFase,
    SchuldhulpOvergang,
    Schuldhulptraject,
    Schuldproduct,
    Schuldvariant,
    Uitkomst,
    Uitvalreden,
)
from app.services import instellingen as inst
from app.services import wgs
from app.services.audit import next_moment, record
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
from app.services.validation import check_bsn
from app.services.werkdagen import Kalender

F = SchuldhulpFase
MIN_PLAN = 20
OPEN_TRAJECT = "Deze inwoner heeft al een lopend schuldhulptraject; werk daarin verder."
# Where a trajectory may go from each phase (brief §6.3); uitval is possible from every one.
VOLGENDE_FASEN: dict[SchuldhulpFase, tuple[SchuldhulpFase, ...]] = {
    F.VOORZORG: (F.STABILISATIE, F.AFGESLOTEN),
    F.STABILISATIE: (F.SCHULDREGELING, F.WSNP, F.NAZORG),
    F.SCHULDREGELING: (F.WSNP, F.NAZORG),
    F.WSNP: (F.NAZORG,),
    F.NAZORG: (F.AFGESLOTEN,),
    F.AFGESLOTEN: (),
}
# Outcomes chosen when closing after nazorg; AFGEWEZEN and UITVAL have their own steps.
AFSLUIT_UITKOMSTEN = (Uitkomst.SCHULDREGELING_AFGEROND, Uitkomst.WSNP_TOEGELATEN,
                      Uitkomst.GESTABILISEERD, Uitkomst.ZELFREDZAAM)  # fmt: skip


# --- reference data ---------------------------------------------------------------------------


def kalender(session: Session) -> Kalender:
    """The Atw calendar with the decree days in the database."""
    return Kalender(frozenset(session.scalars(select(GelijkgesteldeDag.datum))))


def gelijkgestelde_dagen(session: Session) -> list[GelijkgesteldeDag]:
    return list(session.scalars(select(GelijkgesteldeDag).order_by(GelijkgesteldeDag.datum)))


def voeg_gelijkgestelde_dag_toe(
    session: Session, *, actor: Medewerker, datum: date | None, omschrijving: str
) -> GelijkgesteldeDag:
    """Add a day a new Besluit gelijkstelling equates with a feestdag (rules.md §4)."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    errors: dict[str, str] = {}
    tekst = omschrijving.strip()
    if datum is None:
        errors["datum"] = "Vul de datum uit het besluit in."
    elif datum.weekday() >= 5:
        errors["datum"] = f"{format_date(datum)} valt in het weekend en telt al niet als werkdag."
    elif Kalender().vrije_dag(datum) is not None:
        errors["datum"] = f"{format_date(datum)} is al een algemeen erkende feestdag."
    elif session.get(GelijkgesteldeDag, datum) is not None:
        errors["datum"] = f"{format_date(datum)} staat er al in."
    if not tekst:
        errors["omschrijving"] = "Beschrijf de dag, bijvoorbeeld 'Vrijdag na Hemelvaartsdag'."
    if errors:
        raise ValidationError(errors)
    dag = GelijkgesteldeDag(datum=datum, omschrijving=tekst[:200])
    session.add(dag)
    session.flush()
    return dag


def zet_beschikkingstermijn(
    session: Session, *, actor: Medewerker, gemeente_id: uuid.UUID, weken: int
) -> None:
    """The municipality's term for the beschikking, when a verordening set one (rules.md §4)."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    gemeente = session.get(Gemeente, gemeente_id)
    if gemeente is None:
        raise NotFoundError("Deze gemeente bestaat niet.")
    if not 1 <= weken <= 26:
        raise ValidationError({"weken": "Kies een beschikkingstermijn van 1 tot 26 weken."})
    gemeente.beschikking_weken = weken
    session.flush()


# --- loading and access -----------------------------------------------------------------------


def _load(session: Session, traject_id: uuid.UUID) -> Schuldhulptraject:
    traject = session.scalar(
        select(Schuldhulptraject).where(Schuldhulptraject.id == traject_id).options(
            selectinload(Schuldhulptraject.overgangen).selectinload(SchuldhulpOvergang.medewerker),
            selectinload(Schuldhulptraject.schulden), selectinload(Schuldhulptraject.administratie),
            selectinload(Schuldhulptraject.doorverwijzingen),
            selectinload(Schuldhulptraject.consulent), selectinload(Schuldhulptraject.gemeente),
            selectinload(Schuldhulptraject.inwoner),
            selectinload(Schuldhulptraject.medeaanvrager)))  # fmt: skip
    if traject is None:
        raise NotFoundError("Dit schuldhulptraject bestaat niet (meer).")
    return traject


def get_schuldhulptraject(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, reden: str | None = None
) -> Schuldhulptraject:
    vereis(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
    traject = _load(session, traject_id)
    check_toegang(session, actor=actor, inwoner_id=traject.inwoner_id, reden=reden)
    return traject


def schuldhulptrajecten_van(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None,
    audit: bool = True,
) -> list[Schuldhulptraject]:  # fmt: skip
    """All debt trajectories of an inwoner, the open one first, then newest first. Debt data
    is sensitive, so this read is logged (BIO 12.4); `audit=False` is for reloading what is
    already open after a change, so the trail shows each opening once."""
    vereis(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    ids = list(session.scalars(select(Schuldhulptraject.id)
                               .where(Schuldhulptraject.inwoner_id == inwoner_id)
                               .order_by(Schuldhulptraject.melding_datum.desc())))  # fmt: skip
    if audit:
        record(session, actor=actor, actie=AuditActie.GELEZEN, onderwerp="schuldhulp",
               inwoner_id=inwoner_id)  # fmt: skip
    trajecten = [_load(session, i) for i in ids]
    return sorted(trajecten, key=lambda t: t.fase == F.AFGESLOTEN)


def heeft_lopend_schuldhulptraject(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID
) -> bool:
    """The 'schuldhulp lopend' signal re-integration roles may see without the debt data."""
    vereis(actor, Gegeven.SCHULDHULP_SIGNAAL, Recht.LEZEN)
    return _heeft_open_traject(session, inwoner_id)


def _heeft_open_traject(session: Session, inwoner_id: uuid.UUID) -> bool:
    return session.scalar(select(func.count()).select_from(Schuldhulptraject).where(
        Schuldhulptraject.inwoner_id == inwoner_id,
        Schuldhulptraject.fase != F.AFGESLOTEN)) > 0  # fmt: skip


def _for_change(
    session: Session, actor: Medewerker, traject_id: uuid.UUID, versie: int | None
) -> Schuldhulptraject:
    vereis(actor, Gegeven.SCHULDHULP, Recht.WIJZIGEN)
    traject = _load(session, traject_id)
    check_toegang(session, actor=actor, inwoner_id=traject.inwoner_id)
    if versie is not None and traject.versie != versie:
        raise ConflictError("Dit schuldhulptraject")
    return traject


def _open(traject: Schuldhulptraject) -> None:
    if traject.fase == F.AFGESLOTEN:
        raise DomainError("Dit schuldhulptraject is afgesloten; er kan niets meer aan veranderen.")


# --- shared checks ----------------------------------------------------------------------------


def _datum(errors: dict[str, str], naam: str, waarde: date | None, today: date, wat: str,
           niet_voor: date | None = None, wat_eerder: str = "") -> None:  # fmt: skip
    if waarde is None:
        errors[naam] = f"Vul de datum van {wat} in."
    elif waarde > today:
        errors[naam] = f"De datum van {wat} ({format_date(waarde)}) ligt in de toekomst."
    elif niet_voor is not None and waarde < niet_voor:
        errors[naam] = (f"De datum van {wat} ligt vóór {format_date(niet_voor)}"
                        f"{', ' + wat_eerder if wat_eerder else ''}.")  # fmt: skip


def _tekst(waarde: str | None) -> str | None:
    tekst = (waarde or "").strip()
    return tekst or None


def _stap(
    session: Session, traject: Schuldhulptraject, actor: Medewerker, *, naar: SchuldhulpFase,
    datum: date, toelichting: str | None = None,
) -> SchuldhulpOvergang:  # fmt: skip
    """Append a phase change to the history, move the trajectory, write the audit trail."""
    van = traject.fase if traject.overgangen else None
    overgang = SchuldhulpOvergang(traject_id=traject.id, van_fase=van, naar_fase=naar, datum=datum,
                                  moment=next_moment(), medewerker_id=actor.id,
                                  toelichting=toelichting)  # fmt: skip
    traject.overgangen.append(overgang)
    traject.fase = naar
    traject.fase_sinds = datum
    if naar == F.AFGESLOTEN:
        traject.einddatum = datum
    session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="schuldhulp",
           inwoner_id=traject.inwoner_id, record_id=traject.id,
           velden={"fase": (van, naar)})  # fmt: skip
    return overgang


def _weiger(wat: str, ontbreekt: list[str]) -> None:
    if ontbreekt:
        raise DomainError(f"{wat} kan pas als: " + "; ".join(ontbreekt) + ".")


def _gewijzigd(session: Session, actor: Medewerker, traject: Schuldhulptraject, velden) -> None:
    with gelijktijdig_bewaakt("Dit schuldhulptraject"):
        session.flush()
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="schuldhulp",
           inwoner_id=traject.inwoner_id, record_id=traject.id, velden=velden)  # fmt: skip


# --- melding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeldingGegevens:
    melding_datum: date | None
    bron: Meldingsbron
    wijze: Meldingswijze
    hulpvraag: str | None = None
    bedreiging: Bedreiging | None = None
    bedreiging_datum: date | None = None
    bedreiging_toelichting: str | None = None
    consulent_id: uuid.UUID | None = None
    medeaanvrager_id: uuid.UUID | None = None


def _consulent(session: Session, actor: Medewerker, consulent_id: uuid.UUID | None) -> Medewerker:
    if consulent_id is None:
        if Rol.CONSULENT_SDV in actor.rollen:
            return actor
        raise ValidationError({"consulent": "Kies de consulent schulddienstverlening."})
    consulent = session.get(Medewerker, consulent_id)
    if consulent is None or not consulent.actief or Rol.CONSULENT_SDV not in consulent.rollen:
        raise ValidationError({"consulent": "Kies een actieve consulent schulddienstverlening."})
    return consulent


def _check_bedreiging(
    errors: dict[str, str], bedreiging: Bedreiging | None, datum: date | None,
    toelichting: str | None, melding: date | None, today: date,
) -> None:  # fmt: skip
    if bedreiging is None:
        return
    _datum(errors, "bedreiging_datum", datum, today, "het signaal van de bedreiging", melding,
           "de datum van de melding")  # fmt: skip
    if bedreiging == Bedreiging.ANDERS and _tekst(toelichting) is None:
        errors["bedreiging_toelichting"] = "Beschrijf de bedreigende situatie."


def registreer_melding(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, gegevens: MeldingGegevens,
    today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """A request for help (any form, also oral) starts a trajectory in the voorzorg phase; the
    Wgs clock for the eerste gesprek starts on the day of the melding.

    A debt counsellor is rarely on the inwoner's re-integration team: the melding itself is
    their need-to-know, so they may register one for an inwoner found by BSN
    (`inwoner_voor_melding`); from then on the trajectory brings the inwoner within reach."""
    vereis(actor, Gegeven.SCHULDHULP, Recht.WIJZIGEN)
    if Rol.CONSULENT_SDV not in actor.rollen:
        check_toegang(session, actor=actor, inwoner_id=inwoner_id)
    elif session.get(Inwoner, inwoner_id) is None:
        raise NotFoundError("Deze inwoner bestaat niet (meer).")
    today = today or date.today()
    g = gegevens
    errors: dict[str, str] = {}
    _datum(errors, "melding_datum", g.melding_datum, today, "de melding")
    _check_bedreiging(errors, g.bedreiging, g.bedreiging_datum, g.bedreiging_toelichting,
                      g.melding_datum, today)  # fmt: skip
    if g.medeaanvrager_id is not None and (
        g.medeaanvrager_id == inwoner_id or session.get(Inwoner, g.medeaanvrager_id) is None
    ):
        errors["medeaanvrager"] = "Kies als medeaanvrager een andere, bestaande inwoner."
    inwoner = session.get(Inwoner, inwoner_id)
    if inwoner.woongemeente_id is None:
        errors["gemeente"] = ("Vul eerst de woongemeente van de inwoner in: die bepaalt de "
                              "termijnen.")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    consulent = _consulent(session, actor, g.consulent_id)
    if _heeft_open_traject(session, inwoner_id):
        raise DomainError(OPEN_TRAJECT)
    traject = Schuldhulptraject(
        inwoner_id=inwoner_id, medeaanvrager_id=g.medeaanvrager_id, consulent_id=consulent.id,
        gemeente_id=inwoner.woongemeente_id, melding_datum=g.melding_datum, melding_bron=g.bron,
        melding_wijze=g.wijze, hulpvraag=_tekst(g.hulpvraag), bedreiging=g.bedreiging,
        bedreiging_datum=g.bedreiging_datum if g.bedreiging else None,
        bedreiging_toelichting=_tekst(g.bedreiging_toelichting) if g.bedreiging else None,
        fase=F.VOORZORG, fase_sinds=g.melding_datum,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(traject)
            session.flush()
    except IntegrityError:
        # Someone else registered a melding for this inwoner at the same moment.
        raise DomainError(OPEN_TRAJECT) from None
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="schuldhulp",
           inwoner_id=inwoner_id, record_id=traject.id)  # fmt: skip
    _stap(session, traject, actor, naar=F.VOORZORG, datum=g.melding_datum,
          toelichting="Melding geregistreerd")  # fmt: skip
    return traject


def inwoner_voor_melding(
    session: Session, *, actor: Medewerker, bsn: str
) -> tuple[uuid.UUID, str] | None:
    """The inwoner with exactly this BSN (id and name), for a debt counsellor who takes a
    melding; None when Koers does not know them yet. Logged as a read."""
    vereis(actor, Gegeven.SCHULDHULP, Recht.WIJZIGEN)
    nummer = check_bsn(bsn)
    inwoner = session.scalar(select(Inwoner).where(Inwoner.bsn == nummer))
    if inwoner is None:
        return None
    record(session, actor=actor, actie=AuditActie.GELEZEN, onderwerp="schuldhulp",
           inwoner_id=inwoner.id, reden="Opgezocht voor een melding schuldhulp")  # fmt: skip
    return inwoner.id, inwoner.volledige_naam


def leg_bedreiging_vast(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    bedreiging: Bedreiging, datum: date | None, toelichting: str | None = None,
    today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """A threat that becomes known after the melding: before the eerste gesprek it shortens
    the deadline to 3 werkdagen from the signal."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    today = today or date.today()
    errors: dict[str, str] = {}
    _check_bedreiging(errors, bedreiging, datum, toelichting, traject.melding_datum, today)
    if errors:
        raise ValidationError(errors)
    oud = traject.bedreiging
    traject.bedreiging, traject.bedreiging_datum = bedreiging, datum
    traject.bedreiging_toelichting = _tekst(toelichting)
    _gewijzigd(session, actor, traject, {"bedreiging": (oud, bedreiging)})
    return traject


# --- voorzorg: eerste gesprek, administratie, beschikking ------------------------------------


def leg_eerste_gesprek_vast(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    datum: date | None, leefgebieden: str | None = None, today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """The eerste gesprek is the aanvraag: the beschikking term starts here."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    today = today or date.today()
    if traject.fase != F.VOORZORG or traject.eerste_gesprek is not None:
        raise DomainError("Het eerste gesprek is al vastgelegd.")
    errors: dict[str, str] = {}
    _datum(errors, "eerste_gesprek", datum, today, "het eerste gesprek", traject.melding_datum,
           "de datum van de melding")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.eerste_gesprek = datum
    traject.leefgebieden = _tekst(leefgebieden)
    _gewijzigd(session, actor, traject, {"eerste_gesprek": (None, datum)})
    return traject


def ontbrekende_administratie(traject: Schuldhulptraject) -> list[AdministratieItem]:
    afgevinkt = {v.item for v in traject.administratie}
    return [item for item in AdministratieItem if item not in afgevinkt]


def vink_administratie(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID,
    items: Iterable[AdministratieItem], versie: int | None = None, today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """Set which parts of the administration are complete (ticked ones keep their date)."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    if traject.fase not in (F.VOORZORG, F.STABILISATIE):
        raise DomainError("De administratie wordt gecontroleerd in de voorzorg- en "
                          "stabilisatiefase; die is voorbij.")  # fmt: skip
    today = today or date.today()
    gewenst = set(items)
    bestaand = {v.item: v for v in traject.administratie}
    for item, vinkje in bestaand.items():
        if item not in gewenst:
            traject.administratie.remove(vinkje)
    for item in gewenst - bestaand.keys():
        traject.administratie.append(AdministratieVinkje(item=item, datum=today,
                                                         medewerker_id=actor.id))  # fmt: skip
    # The ticks are rows of their own: touch the trajectory, so its version guards them too.
    traject.gewijzigd_op = func.now()
    _gewijzigd(session, actor, traject,
               {"administratie": (len(bestaand), len(gewenst))})  # fmt: skip
    return traject


@dataclass(frozen=True)
class BeschikkingGegevens:
    soort: Beschikking
    datum: date | None
    complexiteit: Complexiteit | None
    plan_van_aanpak: str | None = None
    product: Schuldproduct | None = None
    variant: Schuldvariant | None = None
    reden_geen_bankkrediet: str | None = None
    motivering: str | None = None  # why the request is refused


def neem_beschikking(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    gegevens: BeschikkingGegevens, today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """The decision on the aanvraag. A toelating comes with a plan van aanpak and starts the
    stabilisation; an afwijzing closes the trajectory."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    today = today or date.today()
    _weiger("Een beschikking", _ontbreekt_voor_beschikking(traject))
    g = gegevens
    errors: dict[str, str] = {}
    _datum(errors, "beschikking_datum", g.datum, today, "de beschikking", traject.eerste_gesprek,
           "de datum van het eerste gesprek (de aanvraag)")  # fmt: skip
    if g.complexiteit is None:
        errors["complexiteit"] = "Kies of de zaak eenvoudig of complex is."
    if g.soort == Beschikking.TOELATING:
        if len(_tekst(g.plan_van_aanpak) or "") < MIN_PLAN:
            errors["plan_van_aanpak"] = (f"Schrijf het plan van aanpak (minstens {MIN_PLAN} "
                                         "tekens): bij een toelating hoort een plan.")  # fmt: skip
        if g.product is None:
            errors["product"] = "Kies het product."
        if g.product == Schuldproduct.SCHULDBEMIDDELING and g.variant is None:
            errors["variant"] = ("Kies de variant: crisisinterventie, stabilisatie of "
                                 "schuldregeling.")  # fmt: skip
        if g.product == Schuldproduct.SOCIAAL_KREDIET and _tekst(g.reden_geen_bankkrediet) is None:
            errors["reden_geen_bankkrediet"] = ("Sociaal krediet alleen als een bank niet leent: "
                                                "leg het bewijs of de reden vast.")  # fmt: skip
    elif _tekst(g.motivering) is None:
        errors["motivering"] = "Geef de motivering van de afwijzing."
    if errors:
        raise ValidationError(errors)
    traject.beschikking, traject.beschikking_datum = g.soort, g.datum
    traject.complexiteit = g.complexiteit
    if g.soort == Beschikking.TOELATING:
        traject.plan_van_aanpak = _tekst(g.plan_van_aanpak)
        traject.product, traject.variant = g.product, g.variant
        krediet = g.product == Schuldproduct.SOCIAAL_KREDIET
        traject.reden_geen_bankkrediet = _tekst(g.reden_geen_bankkrediet) if krediet else None
        _stap(session, traject, actor, naar=F.STABILISATIE, datum=g.datum,
              toelichting="Toelatingsbeschikking")  # fmt: skip
    else:
        traject.uitkomst = Uitkomst.AFGEWEZEN
        traject.afsluiting_toelichting = _tekst(g.motivering)
        _stap(session, traject, actor, naar=F.AFGESLOTEN, datum=g.datum,
              toelichting="Afwijzingsbeschikking")  # fmt: skip
    return traject


# --- the phases after the beschikking --------------------------------------------------------


def _ontbreekt_voor_beschikking(t: Schuldhulptraject) -> list[str]:
    ontbreekt = []
    if t.fase != F.VOORZORG:
        ontbreekt.append("het traject in de voorzorgfase is (er is al een beschikking)")
    if t.eerste_gesprek is None:
        ontbreekt.append("het eerste gesprek (de aanvraag) is vastgelegd")
    return ontbreekt


def _ontbreekt_voor_regeling(t: Schuldhulptraject, fasen: tuple[SchuldhulpFase, ...]) -> list[str]:
    ontbreekt = []
    if t.fase not in fasen:
        ontbreekt.append("het traject in de fase " + " of ".join(f.label.lower() for f in fasen)
                         + f" is (nu: {t.fase.label.lower()})")  # fmt: skip
    if t.beschikking != Beschikking.TOELATING:
        ontbreekt.append("er een toelatingsbeschikking is")
    missend = ontbrekende_administratie(t)
    if missend:
        ontbreekt.append("de administratie compleet is (ontbreekt: "
                         + ", ".join(i.label.lower() for i in missend) + ")")  # fmt: skip
    return ontbreekt


def _ontbreekt_voor_nazorg(t: Schuldhulptraject) -> list[str]:
    if t.fase in (F.STABILISATIE, F.SCHULDREGELING, F.WSNP):
        return []
    return [f"het traject in stabilisatie, schuldregeling of WSNP is (nu: {t.fase.label.lower()})"]


def _ontbreekt_voor_afsluiten(t: Schuldhulptraject) -> list[str]:
    if t.fase == F.NAZORG:
        return []
    return [f"het traject in de nazorgfase is (nu: {t.fase.label.lower()})"]


def ontbreekt_voor(t: Schuldhulptraject) -> dict[str, list[str]]:
    """Per action, what is still missing (empty: the action is possible now). The GUI shows
    these next to the buttons; the functions below refuse with the same texts."""
    return {
        "eerste_gesprek": ([] if t.fase == F.VOORZORG and t.eerste_gesprek is None
                           else ["er nog geen eerste gesprek is vastgelegd"]),
        "beschikking": _ontbreekt_voor_beschikking(t),
        "schuldregeling": _ontbreekt_voor_regeling(t, (F.STABILISATIE,)),
        "wsnp": _ontbreekt_voor_regeling(t, (F.STABILISATIE, F.SCHULDREGELING)),
        "nazorg": _ontbreekt_voor_nazorg(t),
        "afsluiten": _ontbreekt_voor_afsluiten(t),
        "uitval": [] if t.fase != F.AFGESLOTEN else ["het traject nog loopt"],
    }  # fmt: skip


def start_schuldregeling(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    datum: date | None, toelichting: str | None = None, today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """The minnelijke schuldregeling starts with the first repayment; its 18 months count from
    there. Only with a toelating and a complete administration."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    _weiger("Een schuldregeling", _ontbreekt_voor_regeling(traject, (F.STABILISATIE,)))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today or date.today(), "de eerste aflossing",
           traject.fase_sinds, "het begin van de stabilisatie")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.start_schuldregeling = datum
    _stap(session, traject, actor, naar=F.SCHULDREGELING, datum=datum,
          toelichting=_tekst(toelichting))  # fmt: skip
    return traject


def dien_wsnp_verzoek_in(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    datum: date | None, toelichting: str | None = None, today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """The court route when a minnelijke regeling is not possible or failed."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    _weiger("Een WSNP-verzoek",
            _ontbreekt_voor_regeling(traject, (F.STABILISATIE, F.SCHULDREGELING)))  # fmt: skip
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today or date.today(), "het WSNP-verzoek", traject.fase_sinds,
           "het begin van de huidige fase")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.wsnp_verzoek_datum = datum
    _stap(session, traject, actor, naar=F.WSNP, datum=datum, toelichting=_tekst(toelichting))
    return traject


def start_nazorg(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    datum: date | None, nazorg_tot: date | None = None, toelichting: str | None = None,
    today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """After stabilisation, settlement or WSNP: aftercare against relapse (brief §6.3)."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    _weiger("Nazorg", _ontbreekt_voor_nazorg(traject))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today or date.today(), "het begin van de nazorg",
           traject.fase_sinds, "het begin van de huidige fase")  # fmt: skip
    if nazorg_tot is not None and datum is not None and nazorg_tot <= datum:
        errors["nazorg_tot"] = "De nazorg moet eindigen na het begin."
    if errors:
        raise ValidationError(errors)
    traject.nazorg_tot = nazorg_tot
    _stap(session, traject, actor, naar=F.NAZORG, datum=datum, toelichting=_tekst(toelichting))
    return traject


def sluit_af(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    datum: date | None, uitkomst: Uitkomst | None, toelichting: str | None = None,
    today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """Close after the nazorg, with the outcome (it drives the reports)."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    _weiger("Afsluiten", _ontbreekt_voor_afsluiten(traject))
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today or date.today(), "de afsluiting", traject.fase_sinds,
           "het begin van de nazorg")  # fmt: skip
    if uitkomst not in AFSLUIT_UITKOMSTEN:
        errors["uitkomst"] = ("Kies de uitkomst van het traject. (Uitval en afwijzing hebben "
                              "een eigen stap.)")  # fmt: skip
    if errors:
        raise ValidationError(errors)
    traject.uitkomst = uitkomst
    traject.afsluiting_toelichting = _tekst(toelichting)
    _stap(session, traject, actor, naar=F.AFGESLOTEN, datum=datum, toelichting=uitkomst.label)
    return traject


def meld_uitval(
    session: Session, *, actor: Medewerker, traject_id: uuid.UUID, versie: int | None,
    datum: date | None, reden: Uitvalreden | None, toelichting: str | None = None,
    today: date | None = None,
) -> Schuldhulptraject:  # fmt: skip
    """Dropout, possible in every phase; the phase and reason feed the dropout-rate KPI."""
    traject = _for_change(session, actor, traject_id, versie)
    _open(traject)
    errors: dict[str, str] = {}
    _datum(errors, "datum", datum, today or date.today(), "de uitval", traject.fase_sinds,
           "het begin van de huidige fase")  # fmt: skip
    if reden is None:
        errors["reden"] = "Kies de reden van de uitval."
    elif reden == Uitvalreden.ANDERS and _tekst(toelichting) is None:
        errors["toelichting"] = "Beschrijf de reden van de uitval."
    if errors:
        raise ValidationError(errors)
    traject.uitkomst = Uitkomst.UITVAL
    traject.uitval_fase, traject.uitval_reden = traject.fase, reden
    traject.afsluiting_toelichting = _tekst(toelichting)
    _stap(session, traject, actor, naar=F.AFGESLOTEN, datum=datum,
          toelichting=f"Uitval: {reden.label}")  # fmt: skip
    return traject


# --- deadlines and lead times -----------------------------------------------------------------


# The columns the deadlines depend on (`stand_van`), so lists can select just these.
STAND_KOLOMMEN = ("melding_datum", "bedreiging", "bedreiging_datum", "eerste_gesprek",
                  "beschikking", "beschikking_datum", "variant", "start_schuldregeling",
                  "wsnp_verzoek_datum", "fase", "fase_sinds")  # fmt: skip


def stand_van(
    *, melding_datum: date, bedreiging: Bedreiging | None, bedreiging_datum: date | None,
    eerste_gesprek: date | None, beschikking: Beschikking | None, beschikking_datum: date | None,
    variant: Schuldvariant | None, start_schuldregeling: date | None,
    wsnp_verzoek_datum: date | None, fase: SchuldhulpFase, fase_sinds: date,
    regeling_beeindigd: date | None = None,
) -> wgs.Stand:  # fmt: skip
    """The plain dates the Wgs deadlines depend on. A regeling ends when the nazorg starts
    (for an open trajectory that is `fase_sinds` in NAZORG)."""
    if regeling_beeindigd is None and fase == F.NAZORG:
        regeling_beeindigd = fase_sinds
    return wgs.Stand(
        melding=melding_datum,
        bedreiging_bekend=bedreiging_datum if bedreiging else None,
        eerste_gesprek=eerste_gesprek,
        beschikking=beschikking_datum,
        toelating=beschikking_datum if beschikking == Beschikking.TOELATING else None,
        regeling_beoogd=variant == Schuldvariant.SCHULDREGELING,
        aanbod=min((d for d in (start_schuldregeling, wsnp_verzoek_datum) if d), default=None),
        start_schuldregeling=start_schuldregeling,
        regeling_beeindigd=regeling_beeindigd if start_schuldregeling else None,
        afgesloten=fase == F.AFGESLOTEN,
    )


def stand(traject: Schuldhulptraject) -> wgs.Stand:
    beeindigd = next((o.datum for o in traject.overgangen
                      if o.naar_fase in (F.NAZORG, F.AFGESLOTEN)), None)  # fmt: skip
    return stand_van(**{k: getattr(traject, k) for k in STAND_KOLOMMEN},
                     regeling_beeindigd=beeindigd)  # fmt: skip


@dataclass(frozen=True)
class Termijnregels:
    """What the deadlines read from the database: the calendar and the configured terms."""

    kalender: Kalender
    nvvk_dagen: int
    beschikking_weken: dict[uuid.UUID, int]  # per gemeente

    def termijnen(self, s: wgs.Stand, gemeente_id: uuid.UUID) -> list[wgs.Termijn]:
        weken = self.beschikking_weken.get(gemeente_id, wgs.BESCHIKKING_WEKEN)
        return wgs.termijnen(s, self.kalender, beschikking_weken=weken, nvvk_dagen=self.nvvk_dagen)


def termijnregels(session: Session) -> Termijnregels:
    return Termijnregels(
        kalender(session), inst.instelling(session, inst.NVVK_DAGEN),
        {i: weken for i, weken in session.execute(select(Gemeente.id, Gemeente.beschikking_weken))},
    )  # fmt: skip


def termijnen_van(session: Session, traject: Schuldhulptraject) -> list[wgs.Termijn]:
    return termijnregels(session).termijnen(stand(traject), traject.gemeente_id)


@dataclass(frozen=True)
class Doorlooptijd:
    fase: SchuldhulpFase
    van: date
    tot: date | None  # None: the current phase
    dagen: int


def doorlooptijden(traject: Schuldhulptraject, peildatum: date) -> list[Doorlooptijd]:
    """Lead time per phase, from the phase changes (brief §6.7)."""
    stappen = [o for o in traject.overgangen]
    result = []
    for i, o in enumerate(stappen):
        if o.naar_fase == F.AFGESLOTEN:
            break
        tot = stappen[i + 1].datum if i + 1 < len(stappen) else None
        result.append(Doorlooptijd(o.naar_fase, o.datum, tot, ((tot or peildatum) - o.datum).days))
    return result


def omschrijving(termijn: wgs.Termijn, peildatum: date) -> str:
    """'Eerste gesprek uiterlijk 21-12-2026 (nog 5 dagen)' and the like, for lists."""
    _stand, tekst = wgs.termijn_stand(termijn, peildatum)
    return f"{termijn.soort.label} uiterlijk {format_date(termijn.uiterlijk)} ({tekst})"
