"""The figures measured through the services, each as the GUI or CLI asks for it (a fresh
session, the medewerker loaded, the answer computed), and where a query answers it, next to
hand-written SQL for the same answer on the same database.

Nothing is committed: printing writes audit records, which are rolled back, so the bench
database stays as generated."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.bench.gegevens import Gebruikers
from app.bench.hand import (
    HAND_CASELOAD,
    HAND_DOSSIER,
    HAND_SCHULDHULP,
    HAND_TEAM_NORMEN,
    HAND_WERKVOORRAAD,
    ZICHTBAAR,
    caseload_params,
    hand_kpis,
    hand_zoeken,
    kpi_params,
    team_normen_params,
    voer_uit,
)
from app.bench.uitslag import Meting
from app.models import Inwoner, Medewerker, Ontwikkelplan, PlanStatus
from app.services import instellingen as inst
from app.services.caseload import Niveau, caseload
from app.services.gemeenterapport import gemeenterapport, pdf_bytes
from app.services.inwoners import InwonerFilter, inwoner_rows, search_inwoner_ids
from app.services.iop_afdrukken import print_plan
from app.services.kpi import kpis, regels
from app.services.periodes import periode
from app.services.schuldhulp_overzicht import overzicht
from app.services.toegang import in_bereik
from app.services.werkvoorraad import werkvoorraad

Werk = Callable[[Session, Medewerker], Any]


def _keer(sessions: sessionmaker[Session], actor_id: uuid.UUID, werk: Werk, n: int
          ) -> tuple[list[float], Any]:  # fmt: skip
    """Run `werk` n times as the GUI does: a fresh session, the medewerker loaded, the answer;
    returns the seconds of each run and the last answer."""
    tijden, uitkomst = [], None
    for _ in range(n):
        with sessions() as session:
            started = time.perf_counter()
            actor = session.get(Medewerker, actor_id)
            uitkomst = werk(session, actor)
            tijden.append(time.perf_counter() - started)
            session.rollback()
    return tijden, uitkomst


def _hand(sessions: sessionmaker[Session], statements: list[tuple[str, dict[str, Any]]],
          n: int) -> list[float]:  # fmt: skip
    """Time hand-written SQL (all rows fetched) n times, each run in a fresh session."""
    tijden = []
    for _ in range(n):
        with sessions() as session:
            started = time.perf_counter()
            for sql, params in statements:
                voer_uit(session, sql, params).all()
            tijden.append(time.perf_counter() - started)
    return tijden


# --- search as you type ----------------------------------------------------------------------


def voorbeelden(sessions: sessionmaker[Session], g: Gebruikers, aantal: int = 3) -> list[Inwoner]:
    """Inwoners to search for: spread over the coach's list, so every user measured may
    find them."""
    with sessions() as session:
        coach = session.get(Medewerker, g.coach)
        ids = search_inwoner_ids(session, actor=coach, filter=InwonerFilter())
        gekozen = [ids[len(ids) * (k + 1) // (aantal + 1)] for k in range(aantal)]
        inwoners = [session.get(Inwoner, i) for i in gekozen]
        session.expunge_all()
        return inwoners


def toetsen(woorden: list[str]) -> list[str]:
    """What the search field holds after each keystroke of typing these texts."""
    return [w[:n] for w in woorden for n in range(1, len(w) + 1)]


def _zoek_werk(tekst: str) -> Werk:
    def werk(session: Session, actor: Medewerker):
        ids = search_inwoner_ids(session, actor=actor, filter=InwonerFilter(tekst=tekst))
        return inwoner_rows(session, actor=actor, ids=ids[:ZICHTBAAR])

    return werk


def zoeken(sessions: sessionmaker[Session], g: Gebruikers) -> list[Meting]:
    """Latency per keystroke (search plus the first screen of rows), typing the name, BSN and
    date of birth of three inwoners, as the functioneel beheerder (the whole file: the
    largest lists) and as the coach (their team's caseload)."""
    mensen = voorbeelden(sessions, g)
    soorten = {
        "naam": [f"{p.achternaam} {p.voornamen.split()[0]}" for p in mensen],
        "bsn": [p.bsn for p in mensen],
        "geboortedatum": [p.geboortedatum.strftime("%d-%m-%Y") for p in mensen],
    }
    for actor_id in (g.beheerder, g.coach):  # a fresh connection's first query is not typing
        _keer(sessions, actor_id, _zoek_werk(soorten["naam"][0][:1]), 1)
    with sessions() as session:
        bereik = {"m": g.coach, "team": session.get(Medewerker, g.coach).team_id}
    metingen = []
    for soort, woorden in soorten.items():
        reeks = toetsen(woorden)
        for wie, actor_id, wie_bereik in (("beheerder", g.beheerder, None),
                                          ("coach", g.coach, bereik)):  # fmt: skip
            tijden: list[float] = []
            hand: list[float] = []
            for tekst in reeks:
                tijden += _keer(sessions, actor_id, _zoek_werk(tekst), 1)[0]
                hand += _hand(sessions, hand_zoeken(tekst, wie_bereik), 1)
            metingen.append(Meting(
                f"zoeken_{soort}_{wie}", f"zoeken op {soort} per toetsaanslag, {wie}",
                tijden, doel=0.050, hand=hand, schaal=2,
                toelichting=f"{len(reeks)} toetsaanslagen"
                + ("" if wie == "beheerder" else "; binnen het bereik van het team"),
            ))  # fmt: skip
    return metingen


# --- werkvoorraad, overviews, KPIs, report -------------------------------------------------


def kpi_sql(sessions: sessionmaker[Session], codes: set[str]) -> dict[str, str]:
    """The hand-written SQL of these KPIs for this database's dialect and settings."""
    with sessions() as session:
        dialect = session.get_bind().dialect.name
        maanden = regels(session).duurzaam_maanden
    return {code: sql for code, sql in hand_kpis(dialect, maanden).items()
            if code in codes}  # fmt: skip


def overzichten(sessions: sessionmaker[Session], g: Gebruikers) -> list[Meting]:
    vandaag = date.today()
    with sessions() as session:
        vooruit = inst.instelling(session, inst.VOORUITKIJKEN)
        team = session.get(Medewerker, g.teamleider).team_id
        gemeente_id = session.scalar(
            select(Inwoner.woongemeente_id).where(Inwoner.regievoerder_id == g.coach)
            .group_by(Inwoner.woongemeente_id).order_by(func.count().desc()).limit(1))  # fmt: skip
    tot = vandaag + timedelta(days=vooruit)
    metingen = []

    tijden, items = _keer(sessions, g.coach, lambda s, a: werkvoorraad(s, actor=a), 20)
    hand = _hand(sessions, [(sql, {"m": g.coach, "tot": tot}) for sql in HAND_WERKVOORRAAD], 20)
    metingen.append(Meting("werkvoorraad_coach", "werkvoorraad van de coach", tijden,
                           doel=0.200, hand=hand, schaal=2,
                           toelichting=f"{len(items)} items"))  # fmt: skip
    tijden, items = _keer(sessions, g.teamleider, lambda s, a: werkvoorraad(s, actor=a), 5)
    hand = _hand(sessions, [
        *((sql, {"m": g.teamleider, "tot": tot}) for sql in HAND_WERKVOORRAAD),
        (HAND_TEAM_NORMEN, team_normen_params(sessions, g.teamleider, team))], 5)  # fmt: skip
    metingen.append(Meting(
        "werkvoorraad_teamleider", "werkvoorraad van de teamleider", tijden, toets="mediaan",
        doel=0.500, hand=hand,
        toelichting=f"{len(items)} items, met de escalaties van het team"))  # fmt: skip
    if g.consulent_sdv is not None:
        tijden, items = _keer(sessions, g.consulent_sdv,
                              lambda s, a: werkvoorraad(s, actor=a), 10)  # fmt: skip
        eigen = {"m": g.consulent_sdv, "tot": tot}
        hand = _hand(sessions, [*((sql, eigen) for sql in HAND_WERKVOORRAAD),
                                (HAND_SCHULDHULP, eigen)], 10)  # fmt: skip
        metingen.append(Meting(
            "werkvoorraad_consulent_sdv", "werkvoorraad van de consulent schulddienstverlening",
            tijden, doel=0.200, hand=hand, toelichting=f"{len(items)} items"))  # fmt: skip

    def per_coach(session, actor):
        return caseload(session, actor=actor, niveau=Niveau.COACH).rijen

    tijden, rijen = _keer(sessions, g.teamleider, per_coach, 5)
    hand = _hand(sessions, [(sql, caseload_params(sessions, team)) for sql in HAND_CASELOAD], 5)
    metingen.append(Meting("caseload_teamleider", "caseloadoverzicht van de teamleider", tijden,
                           toets="mediaan", doel=0.500, hand=hand, max_verhouding=2, schaal=12,
                           toelichting=f"{len(rijen)} coaches"))  # fmt: skip

    jaar = periode(str(vandaag.year))
    tijden, uitkomsten = _keer(sessions, g.teamleider,
                               lambda s, a: kpis(s, actor=a, periode=jaar), 3)  # fmt: skip
    vorig = jaar.vorig_jaar()
    hand = _hand(sessions, [
        (sql, kpi_params(p.van, p.tot))
        for sql in kpi_sql(sessions, {u.kpi.code for u in uitkomsten}).values()
        for p in (jaar, vorig)], 3)  # fmt: skip
    metingen.append(Meting("kpi_alle", "alle KPI's over een jaar, met vorig jaar", tijden,
                           toets="mediaan", doel=1.0, hand=hand, schaal=12,
                           toelichting=f"{len(uitkomsten)} KPI's"))  # fmt: skip

    def rapport_pdf(session, actor):
        return pdf_bytes(gemeenterapport(session, actor=actor, periode=jaar,
                                         gemeente_id=gemeente_id))  # fmt: skip

    tijden, pdf = _keer(sessions, g.teamleider, rapport_pdf, 3)
    metingen.append(Meting("gemeenterapport_pdf", "gemeenterapportage als PDF", tijden,
                           toets="mediaan", schaal=12,
                           toelichting=f"{len(pdf) // 1024} kB; vooral opmaak (ReportLab), de "
                           "cijfers zijn de KPI's en de caseload van één gemeente"))  # fmt: skip
    if g.consulent_sdv is not None:
        tijden, rijen = _keer(sessions, g.consulent_sdv, lambda s, a: overzicht(s, actor=a), 5)
        hand = _hand(sessions, [(HAND_SCHULDHULP, {"m": g.consulent_sdv})], 5)
        metingen.append(Meting("schuldhulp_overzicht", "schuldhulpoverzicht van de consulent",
                               tijden, toets="mediaan", doel=0.500, hand=hand,
                               toelichting=f"{len(rijen)} trajecten"))  # fmt: skip
    return metingen


# --- printing ontwikkelplannen ----------------------------------------------------------------


def afdrukken(sessions: sessionmaker[Session], g: Gebruikers) -> list[Meting]:
    """One plan (20 times) and a batch of 200, each in its own transaction as the batch print
    does, as the team lead (whose reach holds the team's plans)."""
    with sessions() as session:
        leider = session.get(Medewerker, g.teamleider)
        plan_ids = list(session.scalars(
            select(Ontwikkelplan.id).join(Inwoner, Inwoner.id == Ontwikkelplan.inwoner_id)
            .where(Ontwikkelplan.status == PlanStatus.VASTGESTELD, in_bereik(leider))
            .order_by(Ontwikkelplan.id).limit(200)))  # fmt: skip
    if not plan_ids:
        return []

    def een(plan_id):
        return lambda s, a: print_plan(s, actor=a, plan_id=plan_id)

    enkel = [t for p in plan_ids[:20] for t in _keer(sessions, g.teamleider, een(p), 1)[0]]
    started = time.perf_counter()
    for plan_id in plan_ids:
        _keer(sessions, g.teamleider, een(plan_id), 1)
    batch = time.perf_counter() - started
    return [
        Meting("iop_een", "één ontwikkelplan afdrukken (lezen + PDF)", enkel, doel=0.200),
        Meting(
            "iop_200",
            f"{len(plan_ids)} ontwikkelplannen achter elkaar",
            [batch],
            toets="mediaan",
            doel=30.0,
            toelichting=f"{batch / len(plan_ids) * 1000:.0f} ms per plan",
        ),
    ]


# --- the dossier -------------------------------------------------------------------------------


def dossier_inwoners(sessions: sessionmaker[Session], g: Gebruikers, aantal: int
                     ) -> list[uuid.UUID]:  # fmt: skip
    """Dossiers to open: spread over the coach's own list."""
    with sessions() as session:
        coach = session.get(Medewerker, g.coach)
        ids = search_inwoner_ids(session, actor=coach, filter=InwonerFilter())
    return [ids[len(ids) * (k + 1) // (aantal + 1)] for k in range(aantal)]


def hand_dossier(sessions: sessionmaker[Session], inwoners: list[uuid.UUID]) -> list[float]:
    return [t for i in inwoners
            for t in _hand(sessions, [(sql, {"i": i}) for sql in HAND_DOSSIER], 1)]  # fmt: skip
