"""Demo schuldhulptrajecten (issue 7 item 6): every phase, with schulden, threats and deadlines
past, and every row as the workflow services would have written it — so the services can
carry on with the demo data.

Runs on SQLite and PostgreSQL like test_demo: the demo's transaction is a savepoint that the
test rolls back.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, sessionmaker

from app.models import (
    AdministratieItem,
    AdministratieVinkje,
    Beschikking,
    Budgetbeheer,
    Complexiteit,
    Doorverwijzing,
    Gemeente,
    Inwoner,
    Medewerker,
    Rol,
    Schuld,
    SchuldhulpFase,
    SchuldhulpOvergang,
    Schuldhulptraject,
    Schuldproduct,
    SchuldStatus,
    Schuldvariant,
    TeamType,
    Uitkomst,
    Uitvalreden,
)
from app.services import schulden, wgs
from app.services import schuldhulp as svc
from app.services.demo import DemoResult, generate_demo
from app.services.demo_schuldhulp import (
    MAX_KANS,
    SHARE_SCHULDHULP,
    Schuldhulpdienst,
    regeling_start_voor,
)
from app.services.referentiedata import AVRES
from app.services.schuldhulp import VOLGENDE_FASEN, BeschikkingGegevens
from app.services.werkvoorraad import werkvoorraad
from tests.conftest import TODAY

F = SchuldhulpFase
N = 600
SEED = 11
GISTEREN = TODAY - timedelta(days=1)
OPEN = [f for f in F if f != F.AFGESLOTEN]


@pytest.fixture
def sessions(session) -> sessionmaker:
    return sessionmaker(
        bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def demo(session, sessions) -> DemoResult:
    result = generate_demo(sessions, inwoners=N, seed=SEED, progress=None, today=TODAY)
    session.expire_all()
    return result


def trajecten(session) -> list[Schuldhulptraject]:
    return list(session.scalars(select(Schuldhulptraject).options(
        selectinload(Schuldhulptraject.overgangen), selectinload(Schuldhulptraject.administratie),
        selectinload(Schuldhulptraject.schulden), selectinload(Schuldhulptraject.gemeente),
        selectinload(Schuldhulptraject.inwoner))))  # fmt: skip


def overgangen(traject: Schuldhulptraject) -> list[SchuldhulpOvergang]:
    return sorted(traject.overgangen, key=lambda o: o.moment)


def consulent_van(session, traject: Schuldhulptraject) -> Medewerker:
    return session.get(Medewerker, traject.consulent_id)


# --- volume and who --------------------------------------------------------------------------


def test_every_phase_and_outcome_occurs(session, demo):
    alle = trajecten(session)
    assert demo.schuldhulptrajecten == len(alle) > 0
    fasen = Counter(t.fase for t in alle)
    assert set(fasen) == set(F)
    uitkomsten = {t.uitkomst for t in alle}
    assert {Uitkomst.SCHULDREGELING_AFGEROND, Uitkomst.GESTABILISEERD, Uitkomst.AFGEWEZEN,
            Uitkomst.UITVAL} <= uitkomsten  # fmt: skip
    voorzorg = [t for t in alle if t.fase == F.VOORZORG]
    assert {t.eerste_gesprek is None for t in voorzorg} == {True, False}
    assert any(t.uitval_fase is not None for t in alle)


def test_volume_is_proportionate(session, sessions):
    """About 3.5 % of the inwoners (the main consulent's script adds a few in a small demo),
    all in Avres' municipalities, Gorinchem with the highest rate (brief §6.5)."""
    generate_demo(sessions, inwoners=3_000, seed=2, progress=None, today=TODAY)
    session.expire_all()
    aantal = session.scalar(select(func.count()).select_from(Schuldhulptraject))
    assert 0.025 * 3_000 <= aantal <= 0.05 * 3_000
    per_gemeente = dict(session.execute(
        select(Gemeente.naam, func.count()).select_from(Schuldhulptraject)
        .join(Gemeente, Gemeente.id == Schuldhulptraject.gemeente_id).group_by(Gemeente.naam)).all())  # fmt: skip
    assert set(per_gemeente) == {"Gorinchem", "Molenlanden", "Vijfheerenlanden"}
    inwoners = dict(session.execute(
        select(Gemeente.naam, func.count()).select_from(Inwoner)
        .join(Gemeente, Gemeente.id == Inwoner.woongemeente_id).group_by(Gemeente.naam)).all())  # fmt: skip
    rate = {g: per_gemeente[g] / inwoners[g] for g in per_gemeente}
    assert rate["Gorinchem"] > rate["Molenlanden"] and rate["Gorinchem"] > rate["Vijfheerenlanden"]


def test_verdeel_spreads_consulenten_and_hits_the_target():
    a, b, c = "Gorinchem", "Molenlanden", "Vijfheerenlanden"
    gemeenten = [(1, a, 800), (2, b, 1_000), (3, c, 1_300)]
    dienst = Schuldhulpdienst.verdeel(gemeenten, ["k1", "k2", "k3", "k4", "k5"], 350)
    assert dienst.hoofdgemeente == 1 and dienst.hoofdconsulent == "k1"
    assert sorted(len(c) for c in dienst.consulenten.values()) == [1, 2, 2]
    assert dienst.consulenten[1][0] == "k1"
    verwacht = sum(dienst.kans[g] * n for g, _, n in gemeenten)
    assert verwacht == pytest.approx(350)
    klein = Schuldhulpdienst.verdeel(gemeenten[:1], ["k1"], 10_000)
    assert klein.kans[1] == MAX_KANS
    assert SHARE_SCHULDHULP == 0.035


def test_trajecten_belong_to_the_inwoners_municipality_and_its_consulent(session, demo):
    consulent_gemeenten = defaultdict(set)
    for traject in trajecten(session):
        assert traject.gemeente_id == traject.inwoner.woongemeente_id
        assert traject.gemeente.organisatie.naam == AVRES
        consulent = consulent_van(session, traject)
        assert Rol.CONSULENT_SDV in consulent.rollen and consulent.team.type == TeamType.SDV
        assert traject.medeaanvrager_id is None
        consulent_gemeenten[consulent.id].add(traject.gemeente_id)
    # One municipality per consulent (brief §6.4).
    assert all(len(g) == 1 for g in consulent_gemeenten.values())


def test_demo_accounts_for_debt_help(session, demo):
    consulent = session.scalar(select(Medewerker).where(
        Medewerker.gebruikersnaam == demo.accounts["consulent SDV"]))  # fmt: skip
    leider = session.scalar(select(Medewerker).where(
        Medewerker.gebruikersnaam == demo.accounts["teamleider SDV"]))  # fmt: skip
    assert consulent.rollen == {Rol.CONSULENT_SDV} and consulent.team.type == TeamType.SDV
    assert Rol.TEAMLEIDER in leider.rollen and leider.team_id == consulent.team_id
    assert list(demo.accounts)[-1] == "beheerder"
    # The main consulent's caseload shows every phase and a missed legal deadline.
    eigen = [t for t in trajecten(session) if t.consulent_id == consulent.id]
    assert {t.fase for t in eigen} == set(F)
    te_laat = {termijn.soort for t in eigen if t.fase != F.AFGESLOTEN
               for termijn in svc.termijnen_van(session, t)
               if termijn.open and termijn.uiterlijk < TODAY}  # fmt: skip
    assert {wgs.TermijnSoort.EERSTE_GESPREK, wgs.TermijnSoort.BESCHIKKING,
            wgs.TermijnSoort.NVVK} <= te_laat  # fmt: skip
    # … which their werkvoorraad shows, and the team lead's the missed legal ones.
    items = [i for i in werkvoorraad(session, actor=consulent, peildatum=TODAY)
             if i.soort == "schuldhulp"]  # fmt: skip
    assert {i.niveau.value for i in items} >= {"TE_LAAT", "WAARSCHUWING"}
    assert any(i.niveau.value == "TE_LAAT" and i.soort == "schuldhulp"
               for i in werkvoorraad(session, actor=leider, peildatum=TODAY))  # fmt: skip


# --- the rules, for every trajectory ----------------------------------------------------------


def test_dates_are_in_order(session, demo):
    for t in trajecten(session):
        reeks = [t.melding_datum, t.eerste_gesprek, t.beschikking_datum, t.start_schuldregeling,
                 t.wsnp_verzoek_datum, next((o.datum for o in t.overgangen
                                             if o.naar_fase == F.NAZORG), None), t.einddatum]  # fmt: skip
        gezet = [d for d in reeks if d is not None]
        assert gezet == sorted(gezet), t.id
        assert gezet[-1] <= GISTEREN and t.fase_sinds <= GISTEREN
        if t.bedreiging is not None:
            assert t.melding_datum <= t.bedreiging_datum <= (t.einddatum or GISTEREN)
        else:
            assert t.bedreiging_datum is None and t.bedreiging_toelichting is None
        if t.nazorg_tot is not None:
            assert t.nazorg_tot > t.fase_sinds or t.fase == F.AFGESLOTEN


def test_phase_history_is_what_the_services_write(session, demo):
    """One transition per phase change: the first from no phase to VOORZORG on the melding
    date, each leaving the phase the previous one entered along an allowed path (uitval from
    any phase), dates and moments going up, the last one the trajectory's phase and date."""
    for t in trajecten(session):
        stappen = overgangen(t)
        eerste = stappen[0]
        assert (eerste.van_fase, eerste.naar_fase, eerste.datum) == (None, F.VOORZORG,
                                                                     t.melding_datum)  # fmt: skip
        assert eerste.toelichting == "Melding geregistreerd"
        for vorige, stap in pairwise(stappen):
            assert stap.van_fase == vorige.naar_fase
            assert stap.datum >= vorige.datum and stap.moment > vorige.moment
            uitval = t.uitkomst == Uitkomst.UITVAL and stap.naar_fase == F.AFGESLOTEN
            assert uitval or stap.naar_fase in VOLGENDE_FASEN[stap.van_fase], (t.id, stap.van_fase)
        assert (stappen[-1].naar_fase, stappen[-1].datum) == (t.fase, t.fase_sinds)
        assert len({s.naar_fase for s in stappen}) == len(stappen)  # no phase twice
        assert all(s.medewerker_id == t.consulent_id for s in stappen)
        assert all(s.moment.date() == s.datum for s in stappen)
        naar = {s.naar_fase: s for s in stappen}
        if F.STABILISATIE in naar:
            assert naar[F.STABILISATIE].datum == t.beschikking_datum
            assert naar[F.STABILISATIE].toelichting == "Toelatingsbeschikking"
        assert (naar[F.SCHULDREGELING].datum if F.SCHULDREGELING in naar
                else None) == t.start_schuldregeling  # fmt: skip
        assert (naar[F.WSNP].datum if F.WSNP in naar else None) == t.wsnp_verzoek_datum
        assert (naar[F.AFGESLOTEN].datum if F.AFGESLOTEN in naar else None) == t.einddatum


def test_fields_fit_the_phase_and_outcome(session, demo):
    for t in trajecten(session):
        stappen = overgangen(t)
        laatste = stappen[-1]
        if t.beschikking is None:
            assert t.fase in (F.VOORZORG, F.AFGESLOTEN) and t.beschikking_datum is None
            assert t.complexiteit is None and t.plan_van_aanpak is None and t.product is None
        else:
            assert t.eerste_gesprek is not None and t.complexiteit is not None
        if t.beschikking == Beschikking.TOELATING:
            assert len(t.plan_van_aanpak) >= svc.MIN_PLAN and t.product is not None
            assert (t.variant is not None) == (t.product == Schuldproduct.SCHULDBEMIDDELING)
            assert (t.reden_geen_bankkrediet is not None) == (
                t.product == Schuldproduct.SOCIAAL_KREDIET)  # fmt: skip
        else:
            assert t.product is t.variant is t.reden_geen_bankkrediet is None
        if t.start_schuldregeling is not None or t.wsnp_verzoek_datum is not None:
            assert t.beschikking == Beschikking.TOELATING
        if t.wsnp_verzoek_datum is not None:
            assert t.variant == Schuldvariant.SCHULDREGELING
        if t.fase != F.AFGESLOTEN:
            assert t.uitkomst is t.einddatum is t.uitval_fase is t.uitval_reden is None
            continue
        assert t.einddatum == t.fase_sinds and t.uitkomst is not None
        if t.uitkomst == Uitkomst.AFGEWEZEN:
            assert t.beschikking == Beschikking.AFWIJZING and laatste.van_fase == F.VOORZORG
            assert laatste.datum == t.beschikking_datum and t.afsluiting_toelichting
            assert laatste.toelichting == "Afwijzingsbeschikking"
        elif t.uitkomst == Uitkomst.UITVAL:
            assert t.uitval_fase == laatste.van_fase and t.uitval_reden is not None
            assert laatste.toelichting == f"Uitval: {t.uitval_reden.label}"
            if t.uitval_reden == Uitvalreden.ANDERS:
                assert t.afsluiting_toelichting
        else:
            assert t.uitkomst in svc.AFSLUIT_UITKOMSTEN and laatste.van_fase == F.NAZORG
            assert laatste.toelichting == t.uitkomst.label
        if t.uitkomst != Uitkomst.UITVAL:
            assert t.uitval_fase is t.uitval_reden is None
        if t.uitkomst == Uitkomst.SCHULDREGELING_AFGEROND:
            assert t.start_schuldregeling is not None
        if t.uitkomst == Uitkomst.WSNP_TOEGELATEN:
            assert t.wsnp_verzoek_datum is not None


def test_administration_is_complete_before_a_regeling(session, demo):
    aangevinkt = 0
    for t in trajecten(session):
        vinkjes = t.administratie
        aangevinkt += bool(vinkjes)
        eind = t.einddatum or GISTEREN
        assert all(t.melding_datum <= v.datum <= eind for v in vinkjes)
        assert all(v.medewerker_id == t.consulent_id for v in vinkjes)
        # Only ticked in the voorzorg and the stabilisatie.
        uit_stabilisatie = next((o.datum for o in overgangen(t)
                                 if o.van_fase == F.STABILISATIE), None)  # fmt: skip
        if uit_stabilisatie is not None:
            assert all(v.datum <= uit_stabilisatie for v in vinkjes)
        aanbod = t.start_schuldregeling or t.wsnp_verzoek_datum
        if aanbod is not None:
            assert svc.ontbrekende_administratie(t) == []
            assert all(v.datum <= aanbod for v in vinkjes)
    assert aangevinkt > 0
    assert session.scalar(select(func.count()).select_from(AdministratieVinkje)) > 0


def test_at_most_one_open_trajectory_per_inwoner(session, demo):
    per_inwoner = defaultdict(list)
    for t in sorted(trajecten(session), key=lambda t: t.melding_datum):
        per_inwoner[t.inwoner_id].append(t)
    assert max(Counter(t.inwoner_id for r in per_inwoner.values() for t in r
                       if t.fase != F.AFGESLOTEN).values()) == 1  # fmt: skip
    for reeks in per_inwoner.values():
        for eerder, later in pairwise(reeks):
            assert eerder.fase == F.AFGESLOTEN and eerder.einddatum < later.melding_datum
    for t in trajecten(session):  # adults only
        geboren, melding = t.inwoner.geboortedatum, t.melding_datum
        leeftijd = melding.year - geboren.year - ((melding.month, melding.day)
                                                  < (geboren.month, geboren.day))  # fmt: skip
        assert leeftijd >= 18


def test_schulden_fit_the_phase(session, demo):
    toegelaten = 0
    for t in trajecten(session):
        eind = t.einddatum or GISTEREN
        for s in t.schulden:
            assert s.schuldeiser and s.versie == 1 and t.melding_datum <= s.status_datum <= eind
            for bedrag in (s.bedrag_opgegeven, s.bedrag_akkoord):
                assert bedrag is None or (
                    isinstance(bedrag, Decimal) and bedrag == bedrag.quantize(Decimal("0.01"))
                    and Decimal(0) <= bedrag < schulden.MAX_BEDRAG)  # fmt: skip
            if s.status != SchuldStatus.AANGESCHREVEN:
                assert s.bedrag_opgegeven is not None
            if s.status in (SchuldStatus.AKKOORD, SchuldStatus.AFGELOST):
                assert s.bedrag_akkoord is not None and s.bedrag_akkoord <= s.bedrag_opgegeven
            else:
                assert s.bedrag_akkoord is None
        statussen = {s.status for s in t.schulden}
        if t.beschikking == Beschikking.TOELATING:
            toegelaten += 1
            assert 2 <= len(t.schulden) <= 12
        if t.beschikking is None or t.beschikking == Beschikking.AFWIJZING:
            assert statussen <= {SchuldStatus.AANGESCHREVEN, SchuldStatus.OPGAVE_ONTVANGEN}
            if t.eerste_gesprek is None:
                assert not t.schulden
        if t.fase == F.SCHULDREGELING:
            assert statussen <= {SchuldStatus.AKKOORD, SchuldStatus.AFGELOST}
        if t.uitkomst == Uitkomst.SCHULDREGELING_AFGEROND:
            assert statussen == {SchuldStatus.AFGELOST}
        if t.fase == F.WSNP:
            assert SchuldStatus.AFGEWEZEN in statussen
        if SchuldStatus.AFGELOST in statussen:
            assert t.fase in (F.SCHULDREGELING, F.NAZORG, F.AFGESLOTEN)
    assert toegelaten > 0
    alle = session.scalars(select(Schuld)).all()
    assert {s.status for s in alle} == set(SchuldStatus)
    namen = {s.schuldeiser for s in alle}
    assert {"CJIB", "Belastingdienst/Toeslagen"} & namen


def test_referrals_and_budgetbeheer(session, demo):
    per_traject = {t.id: t for t in trajecten(session)}
    verwijzingen = session.scalars(select(Doorverwijzing)).all()
    assert verwijzingen
    for v in verwijzingen:
        t = per_traject[v.traject_id]
        assert t.melding_datum <= v.datum <= (t.einddatum or GISTEREN) and v.reden
        assert v.medewerker_id == t.consulent_id
    beheer = session.scalars(select(Budgetbeheer)).all()
    assert beheer
    lopend = Counter(b.inwoner_id for b in beheer if b.einddatum is None)
    assert not lopend or max(lopend.values()) == 1
    for b in beheer:
        t = per_traject[b.schuldhulptraject_id]
        assert b.inwoner_id == t.inwoner_id and t.beschikking == Beschikking.TOELATING
        assert t.beschikking_datum <= b.startdatum <= (t.einddatum or GISTEREN)
        if t.einddatum is not None:
            assert b.einddatum is not None and b.startdatum <= b.einddatum <= t.einddatum
        elif b.einddatum is not None:
            assert b.startdatum <= b.einddatum <= GISTEREN
        assert Decimal(0) < b.leefgeld < Decimal(10_000)
        if b.frequentie.value == "WEKELIJKS":
            assert Decimal(50) <= b.leefgeld <= Decimal(150)
    producten_met_beheer = {per_traject[b.schuldhulptraject_id].id for b in beheer}
    assert all(t.id in producten_met_beheer for t in per_traject.values()
               if t.product == Schuldproduct.BUDGETBEHEER)  # fmt: skip


# --- threats and deadlines --------------------------------------------------------------------


def test_threats_and_deadlines_past_and_met_late(session, demo):
    alle = trajecten(session)
    met_bedreiging = [t for t in alle if t.bedreiging is not None]
    assert 0.05 * len(alle) <= len(met_bedreiging) <= 0.35 * len(alle)
    assert all(t.bedreiging_toelichting for t in met_bedreiging)
    te_laat_open, te_laat_gehaald = set(), set()
    for t in alle:
        for termijn in svc.termijnen_van(session, t):
            if termijn.open and t.fase != F.AFGESLOTEN and termijn.uiterlijk < TODAY:
                te_laat_open.add(termijn.soort)
            if termijn.te_laat_gehaald:
                te_laat_gehaald.add(termijn.soort)
    assert {wgs.TermijnSoort.EERSTE_GESPREK, wgs.TermijnSoort.BESCHIKKING} <= te_laat_open
    assert wgs.TermijnSoort.EERSTE_GESPREK in te_laat_gehaald
    # Most are in time.
    gehaald = [termijn for t in alle for termijn in svc.termijnen_van(session, t)
               if termijn.soort.wettelijk and not termijn.open]  # fmt: skip
    assert sum(not g.te_laat_gehaald for g in gehaald) >= 0.7 * len(gehaald)


def test_regeling_start_voor_respects_the_legal_term():
    for nazorg in (date(2026, 8, 31), date(2025, 3, 1), date(2024, 12, 31), date(2023, 6, 30)):
        start = regeling_start_voor(nazorg)
        assert wgs.einde_schuldregeling(start) <= nazorg
        assert wgs.einde_schuldregeling(start) >= nazorg - timedelta(days=3)


# --- the services carry on --------------------------------------------------------------------


def test_the_services_continue_the_demo_data(session, demo):
    """As its consulent, every open phase can take its next step with today's date."""
    per_fase = defaultdict(list)
    for t in trajecten(session):
        per_fase[(t.fase, t.eerste_gesprek is not None)].append(t)

    def eerste(fase, gesprek=True):
        t = per_fase[(fase, gesprek)][0]
        return t, consulent_van(session, t)

    t, cons = eerste(F.VOORZORG, gesprek=False)
    svc.leg_eerste_gesprek_vast(session, actor=cons, traject_id=t.id, versie=t.versie,
                                datum=TODAY, today=TODAY)  # fmt: skip
    assert t.eerste_gesprek == TODAY

    t, cons = eerste(F.VOORZORG)
    gegevens = BeschikkingGegevens(Beschikking.TOELATING, TODAY, Complexiteit.EENVOUDIG,
                                   plan_van_aanpak="Stabiliseren en een regeling voorstellen.",
                                   product=Schuldproduct.SCHULDBEMIDDELING,
                                   variant=Schuldvariant.SCHULDREGELING)  # fmt: skip
    svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                         gegevens=gegevens, today=TODAY)  # fmt: skip
    assert t.fase == F.STABILISATIE and [o.van_fase for o in overgangen(t)][-1] == F.VOORZORG

    t, cons = eerste(F.STABILISATIE)
    svc.vink_administratie(session, actor=cons, traject_id=t.id, items=list(AdministratieItem),
                           today=TODAY)  # fmt: skip
    svc.start_schuldregeling(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                             today=TODAY)  # fmt: skip
    assert t.fase == F.SCHULDREGELING and t.start_schuldregeling == TODAY
    svc.meld_uitval(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                    reden=Uitvalreden.NIEUWE_SCHULDEN, today=TODAY)  # fmt: skip
    assert t.uitkomst == Uitkomst.UITVAL and t.einddatum == TODAY

    t, cons = eerste(F.SCHULDREGELING)
    svc.dien_wsnp_verzoek_in(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                             today=TODAY)  # fmt: skip
    assert t.fase == F.WSNP

    t, cons = eerste(F.WSNP)
    svc.start_nazorg(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                     today=TODAY)  # fmt: skip
    assert t.fase == F.NAZORG

    t, cons = eerste(F.NAZORG)
    svc.sluit_af(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                 uitkomst=Uitkomst.GESTABILISEERD, today=TODAY)  # fmt: skip
    assert t.fase == F.AFGESLOTEN and overgangen(t)[-1].van_fase == F.NAZORG

    # A schuld changes status with the amounts its new status needs.
    lopend = next(t for t in trajecten(session) if t.fase == F.STABILISATIE and t.schulden)
    cons = consulent_van(session, lopend)
    schuld = lopend.schulden[0]
    gegevens = schulden.SchuldGegevens(schuld.schuldeiser, schuld.soort, SchuldStatus.AKKOORD,
                                       TODAY, schuld.bedrag_opgegeven or Decimal("100.00"),
                                       Decimal("50.00"), schuld.kenmerk)  # fmt: skip
    schulden.wijzig_schuld(session, actor=cons, schuld_id=schuld.id, versie=schuld.versie,
                           gegevens=gegevens, today=TODAY)  # fmt: skip
    # The open trajectories stay unique per inwoner in the database.
    assert session.scalar(select(func.count(func.distinct(Schuldhulptraject.inwoner_id))).where(
        Schuldhulptraject.fase != F.AFGESLOTEN)) == session.scalar(
        select(func.count()).select_from(Schuldhulptraject).where(
            Schuldhulptraject.fase != F.AFGESLOTEN))  # fmt: skip


# --- reproducible ---------------------------------------------------------------------------


def _snapshot(session, sessions, seed: int):
    savepoint = session.begin_nested()
    session.connection()
    generate_demo(sessions, inwoners=200, seed=seed, progress=None, today=TODAY)
    rows = session.execute(select(
        Schuldhulptraject.id, Schuldhulptraject.fase, Schuldhulptraject.melding_datum,
        Schuldhulptraject.eerste_gesprek, Schuldhulptraject.beschikking_datum,
        Schuldhulptraject.einddatum).order_by(Schuldhulptraject.id)).all()  # fmt: skip
    bedragen = session.execute(select(Schuld.id, Schuld.bedrag_opgegeven, Schuld.status)
                               .order_by(Schuld.id)).all()  # fmt: skip
    savepoint.rollback()
    return rows, bedragen


def test_same_seed_gives_the_same_trajecten(session, sessions):
    first = _snapshot(session, sessions, 5)
    assert first[0] and first[1]
    assert _snapshot(session, sessions, 5) == first
    assert _snapshot(session, sessions, 6) != first
