"""The benchmark's measurements on a small demo: the hand-written SQL gives the answers the
services give (else its ratio means nothing), on SQLite and PostgreSQL, and every figure is
measured."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from app.bench import hand, vragen
from app.bench.gegevens import gebruikers, zorg_voor_demo
from app.db import upgrade_database
from app.models import Medewerker
from app.services.caseload import Niveau, caseload
from app.services.inwoners import InwonerFilter, search_inwoner_ids
from app.services.referentiedata import ensure_reference_data

N = 300


@pytest.fixture
def bench_db(fresh_engine):
    upgrade_database(fresh_engine)
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)
    with sessions.begin() as session:
        ensure_reference_data(session)
    assert zorg_voor_demo(sessions, N) is not None
    assert zorg_voor_demo(sessions, N) is None  # there already: not made twice
    with sessions() as session:
        return sessions, gebruikers(session)


def _ids(rows) -> list[uuid.UUID]:
    return [value if isinstance(value, uuid.UUID) else uuid.UUID(value) for value in rows]


def test_the_users_measured_are_chosen_from_the_data(bench_db):
    sessions, g = bench_db
    with sessions() as session:
        coach = session.get(Medewerker, g.coach)
        leider = session.get(Medewerker, g.teamleider)
        assert coach.team_id == leider.team_id
        assert search_inwoner_ids(session, actor=coach, filter=InwonerFilter())
        assert session.get(Medewerker, g.beheerder) is not None
        assert g.consulent_sdv is not None


@pytest.mark.parametrize("wie", ["beheerder", "coach"])
def test_hand_written_search_finds_what_the_service_finds(bench_db, wie):
    sessions, g = bench_db
    mensen = vragen.voorbeelden(sessions, g, 2)
    teksten = vragen.toetsen([f"{mensen[0].achternaam} {mensen[0].voornamen}", mensen[1].bsn,
                              mensen[1].geboortedatum.strftime("%d-%m-%Y"), "de", "a"])  # fmt: skip
    assert teksten[:2] == [mensen[0].achternaam[0], mensen[0].achternaam[:2]]
    with sessions() as session:
        actor = session.get(Medewerker, g.beheerder if wie == "beheerder" else g.coach)
        bereik = None if wie == "beheerder" else {"m": actor.id, "team": actor.team_id}
        for tekst in teksten:
            dienst = search_inwoner_ids(session, actor=actor,
                                        filter=InwonerFilter(tekst=tekst))  # fmt: skip
            if not (statements := hand.hand_zoeken(tekst, bereik)):
                assert dienst == [], tekst  # one digit: no search yet
                continue
            (ids_sql, params), (rijen_sql, _) = statements
            gevonden = _ids(r[-1] for r in hand.voer_uit(session, ids_sql, params))
            assert gevonden == dienst, tekst
            rijen = hand.voer_uit(session, rijen_sql, params).all()
            assert len(rijen) == min(len(dienst), hand.ZICHTBAAR), tekst
    assert dienst  # the whole date of birth finds the inwoner


def test_hand_written_caseload_counts_what_the_overview_counts(bench_db):
    sessions, g = bench_db
    with sessions() as session:
        leider = session.get(Medewerker, g.teamleider)
        rijen = caseload(session, actor=leider, niveau=Niveau.COACH).rijen
        params = hand.caseload_params(sessions, leider.team_id)
        telling = hand.voer_uit(session, hand.HAND_CASELOAD[0], params).all()
    assert telling
    # The same totals: active, without a plan, overdue evaluations, past a norm.
    for kolom, index in (("actief", 3), ("zonder_iop", 4), ("evaluatie_te_laat", 5),
                         ("norm_overschreden", 6)):  # fmt: skip
        assert sum(r[index] for r in telling) == sum(getattr(r, kolom) for r in rijen), kolom
    assert sum(r[3] for r in telling) > 0


def test_every_figure_is_measured(bench_db):
    sessions, g = bench_db
    metingen = vragen.zoeken(sessions, g) + vragen.overzichten(sessions, g)
    metingen += vragen.afdrukken(sessions, g)
    sleutels = {m.sleutel for m in metingen}
    assert {"zoeken_naam_beheerder", "zoeken_bsn_coach", "zoeken_geboortedatum_beheerder",
            "werkvoorraad_coach", "werkvoorraad_teamleider", "caseload_teamleider",
            "kpi_alle", "gemeenterapport_pdf", "iop_een", "iop_200"} <= sleutels  # fmt: skip
    for meting in metingen:
        assert meting.waarden and all(w > 0 for w in meting.waarden), meting.sleutel
    # Beside hand-written SQL: search for the beheerder, the werkvoorraad, the caseload.
    met_hand = {m.sleutel for m in metingen if m.hand}
    assert {"zoeken_naam_beheerder", "werkvoorraad_coach", "caseload_teamleider"} <= met_hand
    hand = vragen.hand_dossier(sessions, vragen.dossier_inwoners(sessions, g, 3))
    assert len(hand) == 3
    # Printing rolled back its audit records: the bench database stays as generated.
    with sessions() as session:
        from app.models import AuditRecord

        assert not session.scalars(select(AuditRecord).where(
            AuditRecord.onderwerp == "ontwikkelplan (afdruk)")).all()  # fmt: skip


def test_hand_written_kpis_count_what_the_service_counts(bench_db):
    from app.services.kpi import kpis
    from app.services.periodes import periode

    sessions, g = bench_db
    jaar = periode(str(vragen.date.today().year))
    with sessions() as session:
        uitkomsten = kpis(session, actor=session.get(Medewerker, g.teamleider), periode=jaar)
        sql = vragen.kpi_sql(sessions, {u.kpi.code for u in uitkomsten})
        assert set(sql) == {u.kpi.code for u in uitkomsten}  # every KPI has its hand version
        for u in uitkomsten:
            for p, cijfer in ((jaar, u.cijfer), (jaar.vorig_jaar(), u.vorig_jaar)):
                teller, noemer = hand.voer_uit(session, sql[u.kpi.code],
                                               hand.kpi_params(p.van, p.tot)).one()  # fmt: skip
                assert (int(teller or 0), int(noemer or 0)) == (
                    int(cijfer.teller),
                    cijfer.noemer,
                ), (u.kpi.code, p.naam)
    assert any(u.cijfer.noemer for u in uitkomsten)


def test_hand_written_schuldhulp_reads_the_consulents_trajecten(bench_db):
    from app.services.schuldhulp_overzicht import overzicht

    sessions, g = bench_db
    with sessions() as session:
        rijen = overzicht(session, actor=session.get(Medewerker, g.consulent_sdv))
        hand_rijen = hand.voer_uit(session, hand.HAND_SCHULDHULP, {"m": g.consulent_sdv}).all()
    assert rijen and len(hand_rijen) == len(rijen)


def test_hand_written_team_norms_hold_the_team_leads_escalations(bench_db):
    from app.services.werkvoorraad import werkvoorraad

    sessions, g = bench_db
    with sessions() as session:
        leider = session.get(Medewerker, g.teamleider)
        items = werkvoorraad(session, actor=leider)
        params = hand.team_normen_params(sessions, leider.id, leider.team_id)
        rijen = hand.voer_uit(session, hand.HAND_TEAM_NORMEN, params).all()
    trajecten = {uuid.UUID(str(r[0])) for r in rijen}
    normen = {i.record_id for i in items if i.soort in ("uitstroomnorm", "ontwikkelduur")}
    assert normen and normen <= trajecten
