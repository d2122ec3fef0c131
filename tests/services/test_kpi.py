"""The KPIs on a small data set whose correct values are known by hand, with the boundaries
the issue names (a placement of exactly 6 months, a trajectory closed on the last day and one
the day after the period), the comparison with last year, targets, dimensions and rights.

Period under test: 2026-T2, 1 May – 31 August 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.models import (
    Aanleiding,
    Aanmeldbron,
    Bewijs,
    FaseOvergang,
    InwonerLabel,
    Label,
    Loonwaardemeting,
    Meetmethode,
    Meldingsbron,
    Meldingswijze,
    Ontwikkelplan,
    OvergangSoort,
    Plaatsing,
    Plaatsingsvorm,
    PlanStatus,
    PlanType,
    Rol,
    SchuldhulpFase,
    Schuldhulptraject,
    TeamType,
    Traject,
    TrajectFase,
    Uitkomst,
    Uitstroomreden,
    Werkniveau,
    WerkniveauMeting,
)
from app.services import inwoners
from app.services import kpi as svc
from app.services.audit import next_moment
from app.services.errors import ToegangGeweigerd, ValidationError
from app.services.kpi import Dimensie, Filter
from app.services.periodes import periode
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn

T2 = periode("2026-T2")


@pytest.fixture
def w(session, team_a):
    coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team_a)
    lead = maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team_a)
    gorinchem = gemeente_by_name(session, "Gorinchem")
    leerdam = gemeente_by_name(session, "Leerdam")  # merged into Vijfheerenlanden in 2019
    if session.get(Werkniveau, 4) is None:
        pytest.skip("werkniveau scale missing")
    n = iter(range(100, 2000, 11))

    def inwoner(naam, geboren=date(1990, 1, 1), gemeente=gorinchem):
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(next(n)),
            voornamen=naam,
            achternaam="Test",
            geboortedatum=geboren,
            woongemeente_id=gemeente.id,
            betaalgemeente_id=gemeente.id,
            regievoerder_id=coach.id,
        )
        return inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)

    def label(wie, soort, van, tot=None):
        session.add(InwonerLabel(inwoner_id=wie.id, label=soort, geldig_van=van, geldig_tot=tot))

    def plan(wie, status, vastgesteld=None):
        session.add(
            Ontwikkelplan(
                inwoner_id=wie.id,
                type=PlanType.IOP,
                planversie=1,
                status=status,
                evaluatie_interval_maanden=6,
                vastgesteld_op=vastgesteld,
            )
        )

    def niveau(wie, datum, waarde, baseline=False):
        session.add(
            WerkniveauMeting(
                inwoner_id=wie.id,
                datum=datum,
                niveau=waarde,
                is_baseline=baseline,
                bewijs=Bewijs.OBSERVATIE,
                bewijs_omschrijving="gezien",
                beoordelaar_id=coach.id,
            )
        )

    def plaatsing(wie, start, einde=None, traject=None):
        session.add(
            Plaatsing(
                inwoner_id=wie.id,
                traject_id=traject.id if traject else None,
                werkplek="Attema",
                plaatsingsvorm=Plaatsingsvorm.REGULIER,
                startdatum=start,
                einddatum=einde,
            )
        )

    def meting(wie, datum, berekend, vastgesteld=None):
        session.add(
            Loonwaardemeting(
                inwoner_id=wie.id,
                datum=datum,
                methode=Meetmethode.UNIFORME_METHODE,
                aanleiding=Aanleiding.LKS,
                meter="M",
                meter_organisatie="O",
                werkplek="W",
                normfunctie="N",
                uren_per_week=Decimal(32),
                berekende_loonwaarde=berekend,
                vastgestelde_loonwaarde=vastgesteld,
                reden_vastgesteld="beschutte setting" if vastgesteld else None,
                volgende_meting=datum.replace(year=datum.year + 1),
                vastgelegd_door_id=coach.id,
            )
        )

    def traject(wie, start, einde=None, reden=None, van_fase=None):
        t = Traject(
            inwoner_id=wie.id,
            gemeente_id=gorinchem.id,
            aanmeldbron=Aanmeldbron.UWV,
            werkcoach_id=coach.id,
            fase=TrajectFase.AFGESLOTEN if einde else TrajectFase.MATCHING,
            fase_sinds=einde or start,
            startdatum=start,
            einddatum=einde,
            uitstroomreden=reden,
        )
        session.add(t)
        session.flush()
        if einde:
            session.add(
                FaseOvergang(
                    traject_id=t.id,
                    code="T14",
                    soort=OvergangSoort.FASE,
                    van_fase=van_fase or TrajectFase.MATCHING,
                    naar_fase=TrajectFase.AFGESLOTEN,
                    datum=einde,
                    moment=next_moment(),
                    medewerker_id=coach.id,
                )
            )
        return t

    def schuldhulp(wie, melding, einde=None, uitkomst=None, gemeente=gorinchem):
        session.add(
            Schuldhulptraject(
                inwoner_id=wie.id,
                consulent_id=coach.id,
                gemeente_id=gemeente.id,
                melding_datum=melding,
                melding_bron=Meldingsbron.ZELF,
                melding_wijze=Meldingswijze.BALIE,
                fase=SchuldhulpFase.AFGESLOTEN if einde else SchuldhulpFase.VOORZORG,
                fase_sinds=einde or melding,
                einddatum=einde,
                uitkomst=uitkomst,
            )
        )

    # K01–K03: target-group employees.
    a, b, c, d, e = (inwoner(x) for x in ("Anna", "Bas", "Cor", "Dirk", "Eva"))
    label(a, Label.SW_WSW, date(2020, 1, 1))
    label(b, Label.BSW_NIEUW_BESCHUT, date(2024, 1, 1))
    label(c, Label.SW_WSW, date(2020, 1, 1), date(2026, 4, 30))  # expired before the end
    label(d, Label.BSW_NIEUW_BESCHUT, date(2024, 1, 1))
    label(e, Label.BSW_NIEUW_BESCHUT, date(2024, 1, 1))
    plan(a, PlanStatus.VASTGESTELD, date(2026, 3, 1))
    plan(c, PlanStatus.VASTGESTELD, date(2026, 3, 1))
    plan(d, PlanStatus.VASTGESTELD, date(2026, 9, 15))  # after the period
    plan(e, PlanStatus.CONCEPT)
    niveau(a, date(2025, 1, 1), 2, baseline=True)
    niveau(a, date(2026, 6, 1), 3)
    niveau(b, date(2025, 1, 1), 3, baseline=True)
    niveau(b, date(2026, 2, 1), 3)
    niveau(d, date(2025, 1, 1), 2, baseline=True)
    niveau(d, date(2026, 7, 1), 1)
    niveau(d, date(2026, 9, 10), 4)  # after the period

    # K05, PL, K07, K06: placements and wage value.
    f, g, h, i = (inwoner(x) for x in ("Fien", "Gijs", "Henk", "Ilse"))
    label(h, Label.DOELGROEPREGISTER_BANENAFSPRAAK, date(2025, 1, 1))
    label(i, Label.DOELGROEPREGISTER_BANENAFSPRAAK, date(2026, 4, 1))
    plaatsing(f, date(2026, 1, 1), date(2026, 7, 1))  # exactly 6 months: sustainable
    plaatsing(g, date(2026, 1, 15), date(2026, 7, 14))  # one day short
    plaatsing(h, date(2025, 12, 1))  # running, 6 months on 1 June
    plaatsing(g, date(2025, 9, 1))  # 6 months before the period: not counted
    plaatsing(f, date(2026, 6, 10))  # new in the period
    meting(h, date(2026, 6, 1), 40)
    meting(h, date(2026, 7, 1), 50, vastgesteld=45)
    meting(h, date(2025, 6, 1), 30)  # last year
    meting(i, date(2026, 5, 15), 60)

    # K13, UV, DL: trajectories.
    j, k, m, o, p = (inwoner(x) for x in ("Jan", "Kim", "Mo", "Olaf", "Piet"))
    traject(j, date(2025, 1, 1), date(2026, 5, 1), Uitstroomreden.WERK_REGULIER)
    traject(k, date(2025, 1, 1), date(2026, 8, 31), Uitstroomreden.SCHOOL_OPLEIDING)
    traject(
        m,
        date(2025, 1, 1),
        date(2026, 6, 15),
        Uitstroomreden.VERHUIZING,
        van_fase=TrajectFase.ONDERBROKEN,
    )
    traject(o, date(2025, 1, 1), date(2026, 9, 1), Uitstroomreden.WERK_REGULIER)  # day after
    loopt = traject(p, date(2026, 1, 10))
    plaatsing(i, date(2026, 5, 1), traject=loopt)  # first placement: 111 days
    plaatsing(p, date(2026, 7, 1), traject=loopt)  # second one: not a first placement

    # S01–S03: debt help, one in a merged municipality.
    q, r, s = inwoner("Quinten"), inwoner("Rik", gemeente=leerdam), inwoner("Sara")
    schuldhulp(q, date(2026, 5, 20))
    schuldhulp(r, date(2026, 6, 3), gemeente=leerdam)
    schuldhulp(s, date(2026, 1, 1), date(2026, 6, 30), Uitkomst.GESTABILISEERD)
    schuldhulp(a, date(2026, 2, 1), date(2026, 7, 1), Uitkomst.UITVAL)
    session.flush()
    return {
        "coach": coach,
        "lead": lead,
        "team": team_a,
        "gorinchem": gorinchem,
        "leerdam": leerdam,
        "a": a,
        "b": b,
        "d": d,
        "e": e,
        "f": f,
        "g": g,
        "h": h,
    }


def uitkomsten(session, actor, **kw):
    return {u.kpi.code: u for u in svc.kpis(session, actor=actor, periode=T2, **kw)}


def waarde(u):
    return None if u.cijfer.waarde is None else str(u.cijfer.waarde)


def test_every_kpi_on_the_hand_made_set(session, w):
    sdv = maak_medewerker(
        session, "lead.sdv", [Rol.TEAMLEIDER], team=maak_team(session, "SDV", TeamType.SDV)
    )
    u = uitkomsten(session, sdv)
    assert {c: waarde(x) for c, x in u.items()} == {
        "K01": "25.0",  # Anna of Anna, Bas, Dirk, Eva
        "K02": "33.3",  # Anna of Anna, Bas, Dirk
        "K03": "66.7",  # Anna and Bas
        "K05": "2",  # Henk (running) and Ilse (from 1 May), both with a banenafspraak label
        "PL": "3",  # Fien 10 June, Ilse 1 May, Piet 1 July
        "K06": "52.5",  # Henk 45 (vastgesteld), Ilse 60
        "K07": "66.7",  # Fien (exactly 6 months) and Henk of Fien, Gijs, Henk
        "K13": "66.7",  # Jan (work, 1 May) and Kim (school, 31 August) of Jan, Kim, Mo
        "DL": "111.0",  # 10 January → 1 May
        "UV": "33.3",  # Mo
        "S01": "2",  # Quinten and Rik
        "S02": "50.0",  # Anna dropped out, Sara stabilised
        "S03": "180.0",  # Sara: 1 January → 30 June
    }
    assert (u["K01"].cijfer.teller, u["K01"].cijfer.noemer) == (Decimal(1), 4)
    assert u["K06"].vorig_jaar.waarde == Decimal("30.0")  # Henk's 2025 measurement
    assert u["K13"].vorig_jaar.waarde is None  # nothing closed in 2025-T2


def test_a_trajectory_crossing_the_period_end_counts_in_the_next_period(
    session,
    w,
):
    t3 = uitkomsten(session, w["lead"])["K13"]
    assert t3.cijfer.noemer == 3
    volgende = svc.kpis(session, actor=w["lead"], periode=periode("2026-T3"), codes=["K13"])[0]
    assert (volgende.cijfer.teller, volgende.cijfer.noemer) == (Decimal(1), 1)  # Olaf, 1 Sept


def test_debt_kpis_only_for_who_may_read_debt_data(session, w):
    assert not {"S01", "S02", "S03"} & uitkomsten(session, w["lead"]).keys()
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    assert "S01" not in uitkomsten(session, beheerder)
    with pytest.raises(ValidationError):
        svc.kpis(session, actor=w["lead"], periode=T2, codes=["S01"])
    with pytest.raises(ToegangGeweigerd):
        svc.kpis(session, actor=w["coach"], periode=T2)


def test_breakdown_by_gemeente_maps_merged_municipalities_to_today(session, w):
    sdv = maak_medewerker(
        session, "lead.sdv", [Rol.TEAMLEIDER], team=maak_team(session, "SDV", TeamType.SDV)
    )
    [s01] = svc.kpis(session, actor=sdv, periode=T2, codes=["S01"], dimensie=Dimensie.GEMEENTE)
    assert [(x.naam, str(x.cijfer.waarde)) for x in s01.uitsplitsing] == [
        ("Gorinchem", "1"),
        ("Vijfheerenlanden", "1"),
    ]
    vijfheerenlanden = gemeente_by_name(session, "Vijfheerenlanden")
    [gefilterd] = svc.kpis(
        session,
        actor=sdv,
        periode=T2,
        codes=["S01"],
        filter=Filter(gemeente_id=vijfheerenlanden.id),
    )
    assert gefilterd.cijfer.waarde == Decimal(1)


def test_breakdown_by_doelgroep_and_age(session, w):
    [k01] = svc.kpis(
        session, actor=w["lead"], periode=T2, codes=["K01"], dimensie=Dimensie.DOELGROEP
    )
    assert [(x.naam, x.cijfer.teller, x.cijfer.noemer) for x in k01.uitsplitsing] == [
        ("Beschut werk", Decimal(0), 3),
        ("SW (Wsw)", Decimal(1), 1),
    ]
    [k01] = svc.kpis(
        session, actor=w["lead"], periode=T2, codes=["K01"], dimensie=Dimensie.LEEFTIJD
    )
    assert [(x.naam, x.cijfer.noemer) for x in k01.uitsplitsing] == [("27–44", 4)]
    [leeg] = svc.kpis(
        session, actor=w["lead"], periode=T2, codes=["K01"], filter=Filter(leeftijd="< 27")
    )
    assert leeg.cijfer.noemer == 0 and leeg.cijfer.waarde is None


def test_targets_per_year(session, w):
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    svc.zet_doel(session, actor=beheerder, code="K01", jaar=2026, doelwaarde=Decimal(100))
    u = uitkomsten(session, w["lead"])
    assert u["K01"].doel == Decimal(100) and u["K02"].doel is None
    with pytest.raises(ValidationError):
        svc.zet_doel(session, actor=beheerder, code="K01", jaar=2026, doelwaarde=Decimal(101))
    with pytest.raises(ValidationError):
        svc.zet_doel(session, actor=beheerder, code="X99", jaar=2026, doelwaarde=Decimal(1))
    with pytest.raises(ValidationError, match="tussen 0 en 10000000"):
        svc.zet_doel(session, actor=beheerder, code="PL", jaar=2026, doelwaarde=Decimal("1e9"))
    with pytest.raises(ValidationError, match="twee cijfers"):
        svc.zet_doel(session, actor=beheerder, code="K01", jaar=2026, doelwaarde=Decimal("62.555"))
    with pytest.raises(ToegangGeweigerd):
        svc.zet_doel(session, actor=w["lead"], code="K01", jaar=2026, doelwaarde=Decimal(90))
    svc.zet_doel(session, actor=beheerder, code="K01", jaar=2026, doelwaarde=None)
    assert uitkomsten(session, w["lead"])["K01"].doel is None


def test_the_inwoners_behind_a_figure(session, w):
    achter = svc.inwoners_achter(session, actor=w["lead"], code="K01", periode=T2)
    assert set(achter) == {w[x].id for x in "abde"}
    assert svc.inwoners_achter(
        session, actor=w["lead"], code="K01", periode=T2, alleen_teller=True
    ) == [w["a"].id]
    assert set(
        svc.inwoners_achter(session, actor=w["lead"], code="K07", periode=T2, alleen_teller=True)
    ) == {w["f"].id, w["h"].id}


def test_as_dict_is_json_ready(session, w):
    u = uitkomsten(session, w["lead"])["K07"].as_dict()
    assert u["waarde"] == "66.7" and u["teller"] == "2" and u["noemer"] == 3
    assert u["van"] == "2026-05-01" and u["definitie"].startswith("Van de plaatsingen")
