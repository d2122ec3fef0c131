"""The werkvoorraad: for one medewerker, what needs attention today and in the coming days —
overdue and upcoming evaluations, exceeded norms, planned contacts, trajectories waiting for a
next step, aftercare that ends, loonwaardemetingen that fall due and, for debt counsellors, the
Wgs deadlines of their schuldhulptrajecten.

Each kind of item is one SQL query over the medewerker's own inwoners (regievoerder, or coach
on the active trajectory, within their reach); month-based norms are then decided exactly in
Python (`normen`). A team lead also gets every escalation within the team.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.models import (
    Begeleidingsregime,
    Contactmoment,
    Intensiteit,
    Inwoner,
    Loonwaardemeting,
    Medewerker,
    Ontwikkelplan,
    PlanStatus,
    Rol,
    Schuldhulptraject,
    Traject,
    TrajectFase,
)
from app.services import instellingen as inst
from app.services.errors import NotFoundError, ToegangGeweigerd
from app.services.normen import (
    Niveau,
    Termijn,
    contact_gepland_op,
    grens,
    norm_niveau,
    termijn_niveau,
    uiterste_start,
)
from app.services.rechten import Gegeven, Recht, mag_actor, vereis
from app.services.schuldhulp import kalender, omschrijving
from app.services.schuldhulp_overzicht import open_trajecten
from app.services.text import format_date
from app.services.toegang import begeleid_door, in_bereik
from app.services.wgs import TermijnSoort

F = TrajectFase
ZONDER_VOLGENDE_STAP = (F.AANGEMELD, F.INTAKE, F.STADIUM_BEPAALD)
WERKFIT_FASEN = (F.ZELFSTANDIG_ZOEKEN, F.ONTWIKKELING, F.MATCHING)


@dataclass(frozen=True)
class WerkItem:
    niveau: Niveau
    soort: str
    inwoner_id: uuid.UUID
    naam: str
    omschrijving: str
    datum: date  # when it was or is due, or when the norm was reached
    onderdeel: str  # the dossier part to open (DossierView.show_section)
    record_id: uuid.UUID | None = None


def _naam(voornamen: str, tussenvoegsel: str | None, achternaam: str) -> str:
    return " ".join(p for p in (voornamen, tussenvoegsel, achternaam) if p)


_NAAM = (Inwoner.voornamen, Inwoner.tussenvoegsel, Inwoner.achternaam)


def _van(session: Session, actor: Medewerker, medewerker_id: uuid.UUID | None) -> Medewerker:
    vereis(actor, Gegeven.TRAJECT, Recht.LEZEN)
    if medewerker_id is None or medewerker_id == actor.id:
        return actor
    medewerker = session.get(Medewerker, medewerker_id)
    if medewerker is None:
        raise NotFoundError("Deze medewerker bestaat niet.")
    # A team lead without a team has no team members (None == None is no shared team).
    if (Rol.TEAMLEIDER not in actor.rollen or actor.team_id is None
            or medewerker.team_id != actor.team_id):  # fmt: skip
        raise ToegangGeweigerd(
            "U kunt alleen uw eigen werkvoorraad zien, of als teamleider die van uw team.",
            onderwerp="werkvoorraad",
        )
    return medewerker


def _mijn(session: Session, m: Medewerker) -> list[uuid.UUID]:
    """The inwoners this medewerker works for: regievoerder, or coach on the running
    trajectory (both within reach by definition). Read first, so every query below starts
    from these few inwoners and their indexes instead of the whole database."""
    eigen = select(Inwoner.id).where(Inwoner.regievoerder_id == m.id)
    return list(session.scalars(eigen.union(begeleid_door(m))))


def werkvoorraad(
    session: Session, *, actor: Medewerker, medewerker_id: uuid.UUID | None = None,
    peildatum: date | None = None,
) -> list[WerkItem]:  # fmt: skip
    """The werkvoorraad of `medewerker_id` (default: the actor), most urgent first."""
    m = _van(session, actor, medewerker_id)
    peil = peildatum or date.today()
    waarden = inst.alle_instellingen(session)
    vooruit = waarden[inst.VOORUITKIJKEN]
    mijn = _mijn(session, m)
    # A team lead sees the escalations of the whole team as well (brief §3.13 T16).
    team = in_bereik(m) if Rol.TEAMLEIDER in m.rollen else false()
    items = [
        *_evaluaties(session, mijn, peil, vooruit),
        *_normen(session, mijn, team, peil, waarden),
        *_stadium3_contact(session, mijn, peil, vooruit, waarden[inst.STADIUM3_CONTACTEN]),
        *_dagelijks_contact(session, mijn, peil),
        *_vervolgcontacten(session, mijn, peil, vooruit),
        *_trajecten(session, mijn, peil, vooruit, waarden[inst.VOLGENDE_STAP]),
        *_loonwaardemetingen(session, mijn, peil),
    ]
    # Debt data only for whom may read it, on both sides (a team lead looking at a counsellor).
    if mag_actor(m, Gegeven.SCHULDHULP, Recht.LEZEN) and mag_actor(
            actor, Gegeven.SCHULDHULP, Recht.LEZEN):  # fmt: skip
        items.extend(_schuldhulp(session, m, peil, vooruit))
    return sorted(items, key=lambda i: (i.niveau.rang, i.datum, i.naam))


def _evaluaties(
    session: Session, mijn: list[uuid.UUID], peil: date, vooruit: int
) -> Iterable[WerkItem]:
    rows = session.execute(
        select(Ontwikkelplan.id, Ontwikkelplan.type, Ontwikkelplan.volgende_evaluatie,
               Inwoner.id, *_NAAM)
        .join(Inwoner, Inwoner.id == Ontwikkelplan.inwoner_id)
        .where(Ontwikkelplan.status == PlanStatus.VASTGESTELD,
               Ontwikkelplan.volgende_evaluatie <= peil + timedelta(days=vooruit),
               Ontwikkelplan.inwoner_id.in_(mijn)))  # fmt: skip
    for plan_id, type_, volgende, inwoner_id, *naam in rows:
        niveau = termijn_niveau(volgende, peil, vooruit)
        wanneer = "was" if niveau == Niveau.TE_LAAT else "is"
        yield WerkItem(niveau, "evaluatie", inwoner_id, _naam(*naam),
                       f"Evaluatie {type_.value} {wanneer} gepland op {format_date(volgende)}",
                       volgende, "ontwikkelplan", plan_id)  # fmt: skip


def _normen(
    session: Session, mijn: list[uuid.UUID], team, peil: date, w: dict[str, int]
) -> Iterable[WerkItem]:
    uitstroom = Termijn(w[inst.UITSTROOM_WAARSCHUWING], w[inst.UITSTROOM_ESCALATIE])
    ontwikkeling = Termijn(w[inst.ONTWIKKELING_WAARSCHUWING], w[inst.ONTWIKKELING_ESCALATIE])
    rows = session.execute(
        select(Traject.id, Traject.fase, Traject.werkfit_sinds, Traject.ontwikkeling_sinds,
               Traject.verlengd_tot, Inwoner.id, Traject.inwoner_id.in_(mijn), *_NAAM)
        .join(Inwoner, Inwoner.id == Traject.inwoner_id)
        .where(or_(Traject.inwoner_id.in_(mijn), team), or_(
            and_(Traject.fase.in_(WERKFIT_FASEN),
                 Traject.werkfit_sinds <= uiterste_start(peil, uitstroom.waarschuwing_maanden)),
            and_(Traject.fase == F.ONTWIKKELING,
                 Traject.ontwikkeling_sinds <= uiterste_start(
                     peil, ontwikkeling.waarschuwing_maanden)))))  # fmt: skip
    for traject_id, fase, werkfit, ontwikkeling_sinds, verlengd, inwoner_id, eigen, *naam in rows:
        checks = []
        if werkfit is not None and fase in WERKFIT_FASEN:
            checks.append((werkfit, uitstroom, "uitstroomnorm", "Werkfit sinds {start} en "
                           "nog niet uitgestroomd ({maanden} mnd)"))  # fmt: skip
        if ontwikkeling_sinds is not None and fase == F.ONTWIKKELING and not (
                verlengd and verlengd >= peil):  # fmt: skip
            checks.append((ontwikkeling_sinds, ontwikkeling, "ontwikkelduur", "In ontwikkeling "
                           "sinds {start}: langer dan {maanden} maanden"))  # fmt: skip
        for start, termijn, soort, tekst in checks:
            niveau = norm_niveau(start, peil, termijn)
            if niveau is None or (not eigen and niveau != Niveau.ESCALATIE):
                continue
            maanden = (termijn.escalatie_maanden if niveau == Niveau.ESCALATIE
                       else termijn.waarschuwing_maanden)  # fmt: skip
            omschrijving = tekst.format(start=format_date(start), maanden=maanden)
            if niveau == Niveau.ESCALATIE and soort == "ontwikkelduur":
                omschrijving += " — besluit teamleider nodig (verlengen of ander stadium)"
            yield WerkItem(niveau, soort, inwoner_id, _naam(*naam), omschrijving,
                           grens(start, maanden), "traject", traject_id)  # fmt: skip


def _laatste_contact(inwoner_id):
    """The date of the inwoner's last contact, correlated so the index on (inwoner_id, datum)
    answers it per row instead of grouping the whole journal."""
    return (select(func.max(Contactmoment.datum)).where(Contactmoment.inwoner_id == inwoner_id)
            .scalar_subquery())  # fmt: skip


def _stadium3_contact(
    session: Session, mijn: list[uuid.UUID], peil: date, vooruit: int, norm: int
) -> Iterable[WerkItem]:
    rows = session.execute(
        select(Traject.id, Traject.fase_sinds, Traject.contact_per_jaar,
               _laatste_contact(Traject.inwoner_id), Inwoner.id, *_NAAM)
        .join(Inwoner, Inwoner.id == Traject.inwoner_id)
        .where(Traject.fase == F.PARTICIPATIE, Traject.inwoner_id.in_(mijn)))  # fmt: skip
    for traject_id, sinds, per_jaar, laatste_datum, inwoner_id, *naam in rows:
        aantal = max(per_jaar or norm, norm)
        start = laatste_datum or sinds
        gepland = contact_gepland_op(start, aantal)
        niveau = termijn_niveau(gepland, peil, vooruit)
        if niveau is None:
            continue
        yield WerkItem(niveau, "contactnorm", inwoner_id, _naam(*naam),
                       f"Stadium 3: {aantal}× per jaar contact; volgend contact uiterlijk "
                       f"{format_date(gepland)}", gepland, "contactjournaal",
                       traject_id)  # fmt: skip


def _dagelijks_contact(session: Session, mijn: list[uuid.UUID], peil: date) -> Iterable[WerkItem]:
    """Beschut workers with low wage value have daily contact with their jobcoach (rule 13):
    the plan's guidance regime says DAGELIJKS. Missing since the previous werkdag (Atw: no
    contact is expected on a weekend, feestdag or decree day)."""
    vorige = kalender(session).vorige_werkdag(peil)
    laatste = _laatste_contact(Inwoner.id)
    rows = session.execute(
        select(Inwoner.id, laatste, func.min(Ontwikkelplan.vastgesteld_op), *_NAAM)
        .join(Ontwikkelplan, Ontwikkelplan.inwoner_id == Inwoner.id)
        .join(Begeleidingsregime, Begeleidingsregime.plan_id == Ontwikkelplan.id)
        .where(Ontwikkelplan.status == PlanStatus.VASTGESTELD,
               Begeleidingsregime.intensiteit == Intensiteit.DAGELIJKS,
               or_(laatste.is_(None), laatste < vorige), Ontwikkelplan.inwoner_id.in_(mijn))
        .group_by(Inwoner.id, *_NAAM))  # fmt: skip
    for inwoner_id, laatste_datum, vastgesteld, *naam in rows:
        if laatste_datum is None and vastgesteld is not None and vastgesteld >= vorige:
            continue  # the plan started today or on the last working day
        sinds = (
            f"laatste contact {format_date(laatste_datum)}" if laatste_datum else "nog geen contact"
        )
        yield WerkItem(Niveau.TE_LAAT, "contactnorm", inwoner_id, _naam(*naam),
                       f"Dagelijks contact afgesproken; {sinds}", vorige,
                       "contactjournaal")  # fmt: skip


def _vervolgcontacten(
    session: Session, mijn: list[uuid.UUID], peil: date, vooruit: int
) -> Iterable[WerkItem]:
    later = aliased(Contactmoment)
    rows = session.execute(
        select(Contactmoment.id, Contactmoment.vervolgdatum, Contactmoment.vervolgactie,
               Inwoner.id, *_NAAM)
        .join(Inwoner, Inwoner.id == Contactmoment.inwoner_id)
        .where(Contactmoment.vervolgdatum.is_not(None),
               Contactmoment.vervolgdatum <= peil + timedelta(days=vooruit),
               ~exists().where(later.inwoner_id == Contactmoment.inwoner_id,
                               later.datum > Contactmoment.datum),
               Contactmoment.inwoner_id.in_(mijn)))  # fmt: skip
    for contact_id, vervolgdatum, actie, inwoner_id, *naam in rows:
        yield WerkItem(termijn_niveau(vervolgdatum, peil, vooruit), "vervolgcontact", inwoner_id,
                       _naam(*naam), f"Vervolgcontact: {actie or 'geen actie beschreven'}",
                       vervolgdatum, "contactjournaal", contact_id)  # fmt: skip


def _trajecten(
    session: Session, mijn: list[uuid.UUID], peil: date, vooruit: int, stap_dagen: int
) -> Iterable[WerkItem]:
    wacht_sinds = peil - timedelta(days=stap_dagen)
    rows = session.execute(
        select(Traject.id, Traject.fase, Traject.fase_sinds, Traject.nazorg_tot, Inwoner.id,
               *_NAAM)
        .join(Inwoner, Inwoner.id == Traject.inwoner_id)
        .where(Traject.inwoner_id.in_(mijn), or_(
            and_(Traject.fase.in_(ZONDER_VOLGENDE_STAP), Traject.fase_sinds <= wacht_sinds),
            and_(Traject.fase == F.NAZORG,
                 Traject.nazorg_tot <= peil + timedelta(days=vooruit)))))  # fmt: skip
    for traject_id, fase, sinds, nazorg_tot, inwoner_id, *naam in rows:
        if fase == F.NAZORG:
            yield WerkItem(termijn_niveau(nazorg_tot, peil, vooruit), "nazorg", inwoner_id,
                           _naam(*naam), f"Nazorg loopt af op {format_date(nazorg_tot)}: "
                           "sluit het traject af", nazorg_tot, "traject", traject_id)  # fmt: skip
        else:
            yield WerkItem(Niveau.WAARSCHUWING, "volgende_stap", inwoner_id, _naam(*naam),
                           f"{fase.label} sinds {format_date(sinds)} zonder volgende stap",
                           sinds + timedelta(days=stap_dagen), "traject", traject_id)  # fmt: skip


# A new loonwaardemeting is arranged with an external measurer weeks ahead (issue 6).
LOONWAARDE_VOORUIT_DAGEN = 30


def _loonwaardemetingen(session: Session, mijn: list[uuid.UUID], peil: date) -> Iterable[WerkItem]:
    """The latest measurement of each inwoner whose next one is due within 30 days or
    overdue (a newer measurement replaces it)."""
    later = aliased(Loonwaardemeting)
    rows = session.execute(
        select(Loonwaardemeting.id, Loonwaardemeting.volgende_meting, Loonwaardemeting.datum,
               Inwoner.id, *_NAAM)
        .join(Inwoner, Inwoner.id == Loonwaardemeting.inwoner_id)
        .where(Loonwaardemeting.inwoner_id.in_(mijn),
               Loonwaardemeting.volgende_meting <= peil + timedelta(
                   days=LOONWAARDE_VOORUIT_DAGEN),
               ~exists().where(later.inwoner_id == Loonwaardemeting.inwoner_id,
                               later.datum > Loonwaardemeting.datum)))  # fmt: skip
    for meting_id, volgende, datum, inwoner_id, *naam in rows:
        niveau = termijn_niveau(volgende, peil, LOONWAARDE_VOORUIT_DAGEN)
        yield WerkItem(niveau, "loonwaardemeting", inwoner_id, _naam(*naam),
                       f"Nieuwe loonwaardemeting nodig uiterlijk {format_date(volgende)} "
                       f"(vorige {format_date(datum)})", volgende, "loonwaarde",
                       meting_id)  # fmt: skip


def _schuldhulp(session: Session, m: Medewerker, peil: date, vooruit: int) -> Iterable[WerkItem]:
    """The next Wgs deadline of each open schuldhulptraject of this consulent when it is near
    or past; a team lead also gets every missed legal deadline of the team."""
    scope = Schuldhulptraject.consulent_id == m.id
    if Rol.TEAMLEIDER in m.rollen and m.team_id is not None:
        team = select(Medewerker.id).where(Medewerker.team_id == m.team_id)
        scope = or_(scope, Schuldhulptraject.consulent_id.in_(team))
    for rij in open_trajecten(session, scope):
        termijn = rij.volgende
        if termijn is None:
            continue
        niveau = termijn_niveau(termijn.uiterlijk, peil, vooruit)
        if niveau == Niveau.TE_LAAT and termijn.soort == TermijnSoort.NVVK:
            niveau = Niveau.WAARSCHUWING  # a norm, not a legal deadline
        eigen = rij.consulent_id == m.id
        if niveau is None or (not eigen and not (niveau == Niveau.TE_LAAT
                                                 and termijn.soort.wettelijk)):  # fmt: skip
            continue
        tekst = omschrijving(termijn, peil) + ("" if eigen else f" — consulent {rij.consulent}")
        yield WerkItem(niveau, "schuldhulp", rij.inwoner_id, rij.naam, tekst, termijn.uiterlijk,
                       "schuldhulp", rij.traject_id)  # fmt: skip
