"""Demo data: reproducible, realistic, valid by the application's own rules, and only ever loaded
into an empty database.

Runs on SQLite and PostgreSQL: the demo's sessionmaker is bound to the test's connection, so the
demo's transaction becomes a savepoint that the test rolls back.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from stdnum.nl import bsn as stdnum_bsn

from app.models import (
    Aanleiding,
    Contactmoment,
    Diagnose,
    FaseOvergang,
    Gemeente,
    Handhavingszaak,
    Intake,
    Inwoner,
    InwonerLabel,
    InwonerZoekwoord,
    Loonwaardemeting,
    Medewerker,
    MedewerkerRol,
    Meetinstrument,
    Ontwikkelafspraak,
    Ontwikkelplan,
    Ontwikkelstadium,
    OvergangSoort,
    Partij,
    Plaatsing,
    PlanStatus,
    Rol,
    Team,
    Traject,
    TrajectFase,
    Werkgever,
)
from app.services import contactmomenten, trajecten, validation
from app.services import inwoners as svc
from app.services.demo import (
    DEMO_WACHTWOORD,
    GEMEENTE_PROFIELEN,
    MAX_CASELOAD,
    DemoResult,
    generate_demo,
    split_achternaam,
)
from app.services.errors import DomainError
from app.services.lks import loonwaarde_uit_taken
from app.services.loonwaarde import geldige_meting
from app.services.werkvoorraad import werkvoorraad
from tests.conftest import TODAY, make_bsn

N = 600
SEED = 11


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


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def snapshot(session, sessions, seed: int) -> dict[str, list]:
    """Generate in a savepoint, read what was made, roll it back: a fresh database each time."""
    savepoint = session.begin_nested()
    session.connection()  # emit the SAVEPOINT now; begin_nested() alone is lazy
    generate_demo(sessions, inwoners=200, seed=seed, progress=None, today=TODAY)
    inwoners = session.execute(
        select(
            Inwoner.id, Inwoner.bsn, Inwoner.voornamen, Inwoner.tussenvoegsel, Inwoner.achternaam,
            Inwoner.geboortedatum, Inwoner.postcode, Inwoner.regievoerder_id,
        ).order_by(Inwoner.id)
    ).all()  # fmt: skip
    medewerkers = session.execute(
        select(Medewerker.id, Medewerker.gebruikersnaam).order_by(Medewerker.id)
    ).all()
    contacten = session.execute(
        select(Contactmoment.id, Contactmoment.datum, Contactmoment.samenvatting).order_by(
            Contactmoment.id
        )
    ).all()
    stappen = session.execute(
        select(FaseOvergang.id, FaseOvergang.traject_id, FaseOvergang.code, FaseOvergang.datum,
               FaseOvergang.moment, FaseOvergang.reden).order_by(FaseOvergang.id)
    ).all()  # fmt: skip
    savepoint.rollback()
    return {"inwoners": inwoners, "medewerkers": medewerkers, "contacten": contacten,
            "stappen": stappen}  # fmt: skip


def test_same_seed_gives_the_same_data(session, sessions):
    first = snapshot(session, sessions, 5)
    assert count(session, Inwoner) == 0  # really rolled back: the next run starts empty
    second = snapshot(session, sessions, 5)
    assert first == second
    assert len(first["inwoners"]) == 200
    assert first["stappen"]


def test_another_seed_gives_other_data(session, sessions):
    first = snapshot(session, sessions, 5)
    other = snapshot(session, sessions, 6)
    assert {r.bsn for r in first["inwoners"]}.isdisjoint({r.bsn for r in other["inwoners"]})


def test_counts_match_the_result(session, demo):
    assert demo.inwoners == count(session, Inwoner) == N
    assert demo.contactmomenten == count(session, Contactmoment)
    assert demo.labels == count(session, InwonerLabel)
    assert demo.werkgevers == count(session, Werkgever)
    assert demo.teams == count(session, Team)
    assert demo.trajecten == count(session, Traject)
    demo_staff = count(session, Medewerker, Medewerker.email.like("%.example"))
    assert demo.medewerkers == demo_staff
    assert 2.5 <= demo.contactmomenten / N <= 3.5  # about three per inwoner


def test_progress_is_reported_per_chunk(session, sessions, monkeypatch):
    monkeypatch.setattr("app.services.demo.CHUNK", 100)
    calls = []
    generate_demo(
        sessions, inwoners=250, seed=1, progress=lambda d, t: calls.append((d, t)), today=TODAY
    )
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_every_inwoner_passes_the_form_rules(session, demo):
    inwoners = session.scalars(select(Inwoner)).all()
    for inwoner in inwoners:
        gegevens = svc.InwonerGegevens.from_inwoner(inwoner)
        assert svc.field_errors(gegevens, today=TODAY) == {}, inwoner.bsn
        assert stdnum_bsn.is_valid(inwoner.bsn)
        keys = svc.search_keys(
            {
                "voornamen": inwoner.voornamen,
                "tussenvoegsel": inwoner.tussenvoegsel,
                "achternaam": inwoner.achternaam,
            }
        )
        assert inwoner.sorteernaam == keys["sorteernaam"]
        assert inwoner.versie == 1
    assert len({i.bsn for i in inwoners}) == len(inwoners)
    assert len({i.id for i in inwoners}) == len(inwoners)


def test_ages_between_16_and_67(session, demo):
    oldest, youngest = session.execute(
        select(func.min(Inwoner.geboortedatum), func.max(Inwoner.geboortedatum))
    ).one()
    assert youngest <= date(TODAY.year - 16, TODAY.month, TODAY.day)
    assert oldest > date(TODAY.year - 68, TODAY.month, TODAY.day)


def test_postcodes_are_valid_and_fit_the_municipality(session, demo):
    rows = session.execute(
        select(Inwoner.postcode, Inwoner.woonplaats, Gemeente.naam)
        .join(Gemeente, Gemeente.id == Inwoner.woongemeente_id)
        .where(Inwoner.postcode.is_not(None))
    ).all()
    assert len(rows) > N * 0.9
    for postcode, woonplaats, gemeente in rows:
        assert validation.check_postcode(postcode) == postcode
        plaats = next(w for w in GEMEENTE_PROFIELEN[gemeente].woonplaatsen if w.naam == woonplaats)
        low, high = plaats.postcodes
        assert low <= int(postcode[:4]) <= high


def test_spread_over_current_municipalities_only(session, demo):
    per_gemeente = dict(
        session.execute(
            select(Gemeente.naam, func.count())
            .join(Inwoner, Inwoner.woongemeente_id == Gemeente.id)
            .group_by(Gemeente.naam)
        ).all()
    )
    assert set(per_gemeente) <= set(GEMEENTE_PROFIELEN)
    assert len(per_gemeente) >= 10
    assert per_gemeente["Velsen"] > per_gemeente["Uitgeest"]
    merged = count(
        session,
        Inwoner,
        Inwoner.woongemeente_id.in_(select(Gemeente.id).where(Gemeente.opvolger_id.is_not(None))),
    )
    assert merged == 0


def test_names_are_realistic_and_some_outside_latin1(session, demo):
    namen = session.execute(
        select(Inwoner.voornamen, Inwoner.tussenvoegsel, Inwoner.achternaam)
    ).all()
    outside = [n for n in namen if any(ord(c) > 0xFF for c in n.voornamen + n.achternaam)]
    assert 0.02 * N <= len(outside) <= 0.07 * N
    assert any(n.tussenvoegsel in ("van", "de", "van der", "van den") for n in namen)
    # Faker's medieval entries (e.g. 'Gepa van Bourgondië') are left out.
    assert not any(" van " in n.achternaam or n.achternaam[:1].islower() for n in namen)


def test_search_finds_jansen_and_janssen(session, demo):
    """Each team lead searches their own team's caseload; together they find the Jansens."""
    leiders = session.scalars(
        select(Medewerker).join(MedewerkerRol).where(MedewerkerRol.rol == Rol.TEAMLEIDER)
    ).all()
    found = [
        i
        for leider in leiders
        for i in svc.search_inwoner_ids(
            session, actor=leider, filter=svc.InwonerFilter(tekst="jans")
        )
    ]
    assert found
    for inwoner_id in found:
        inwoner = session.get(Inwoner, inwoner_id)
        assert any(w.startswith("jans") for w in svc.zoekwoorden(inwoner.volledige_naam))
    # The demo writes the search words the services would.
    assert session.scalar(select(func.count()).select_from(InwonerZoekwoord)) >= 2 * len(
        session.scalars(select(Inwoner.id)).all()
    )


def test_caseloads(session, demo):
    coach_ids = set(
        session.scalars(
            select(MedewerkerRol.medewerker_id).where(
                MedewerkerRol.rol.in_([Rol.JOBCOACH, Rol.PARTICIPATIECOACH])
            )
        )
    )
    caseload = Counter(
        session.scalars(select(Inwoner.regievoerder_id).where(Inwoner.regievoerder_id.is_not(None)))
    )
    assert set(caseload) <= coach_ids  # only coaches are regievoerder
    assert max(caseload.values()) <= MAX_CASELOAD
    assert 25 <= sum(caseload.values()) / len(caseload) <= MAX_CASELOAD
    without = count(session, Inwoner, Inwoner.regievoerder_id.is_(None))
    assert 0.03 * N <= without <= 0.15 * N
    # The coach works in the team of the inwoner's municipality.
    mismatched = session.scalar(
        select(func.count())
        .select_from(Inwoner)
        .join(Medewerker, Medewerker.id == Inwoner.regievoerder_id)
        .join(Team, Team.id == Medewerker.team_id)
        .where(Team.gemeente_id != Inwoner.woongemeente_id)
    )
    assert mismatched == 0


def test_teams_and_roles(session, demo):
    teams = session.scalars(select(Team)).all()
    assert {"Team Gorinchem", "Team Heemskerk", "Team Velsen"} <= {t.naam for t in teams}
    leiders = Counter(
        session.scalars(
            select(Medewerker.team_id)
            .join(MedewerkerRol, MedewerkerRol.medewerker_id == Medewerker.id)
            .where(MedewerkerRol.rol == Rol.TEAMLEIDER, Medewerker.email.like("%.example"))
        )
    )
    assert {t.id for t in teams} == set(leiders) and set(leiders.values()) == {1}
    rollen = set(session.scalars(select(MedewerkerRol.rol)))
    assert {Rol.CONSULENT_SDV, Rol.ACCOUNTMANAGER, Rol.JOBCOACH, Rol.PARTICIPATIECOACH} <= rollen
    namen = session.scalars(select(Medewerker.gebruikersnaam)).all()
    assert len(namen) == len(set(namen))


def test_labels_have_sane_validity(session, demo):
    labels = session.scalars(select(InwonerLabel)).all()
    assert count(session, Inwoner, Inwoner.labels.any()) >= 0.3 * N
    for label in labels:
        assert label.geldig_van <= TODAY
        assert label.geldig_tot is None or label.geldig_tot >= label.geldig_van
    sw = [lbl for lbl in labels if lbl.label == "SW_WSW"]
    assert all(lbl.geldig_van < date(2015, 1, 1) for lbl in sw)  # no new Wsw since 2015


def test_contacts_are_by_the_regievoerder_in_the_past_two_years(session, demo):
    rows = session.execute(
        select(Contactmoment, Inwoner.regievoerder_id, Inwoner.geboortedatum).join(
            Inwoner, Inwoner.id == Contactmoment.inwoner_id
        )
    ).all()
    for contact, regievoerder_id, geboortedatum in rows:
        if regievoerder_id is not None:
            assert contact.auteur_id == regievoerder_id
        assert TODAY - timedelta(days=731) <= contact.datum <= TODAY
        gegevens = contactmomenten.ContactGegevens(
            datum=contact.datum,
            kanaal=contact.kanaal,
            samenvatting=contact.samenvatting,
            vervolgactie=contact.vervolgactie or "",
            vervolgdatum=contact.vervolgdatum,
            vertrouwelijk=contact.vertrouwelijk,
        )
        assert (
            contactmomenten.field_errors(gegevens, geboortedatum=geboortedatum, today=TODAY) == {}
        )
        assert "{" not in contact.samenvatting  # every placeholder filled in
    assert any(c.vervolgactie for c, _, _ in rows)


def test_werkgevers_with_valid_kvk(session, demo):
    werkgevers = session.scalars(select(Werkgever)).all()
    assert {"Attema B.V.", "Libbey Leerdam", "Schreuders Sport"} <= {w.naam for w in werkgevers}
    assert len(werkgevers) > 3
    for werkgever in werkgevers:
        assert len(werkgever.kvk) == 8 and werkgever.kvk.isdigit()
        assert werkgever.accountmanager_id is not None
    assert len({w.kvk for w in werkgevers}) == len(werkgevers)


def test_refused_when_the_database_has_inwoners(session, sessions, actor, gemeente):
    gegevens = svc.InwonerGegevens(
        bsn=make_bsn(1),
        voornamen="Anna",
        achternaam="Berg",
        geboortedatum=date(1990, 2, 1),
        woongemeente_id=gemeente.id,
    )
    svc.create_inwoner(session, actor=actor, gegevens=gegevens, today=TODAY)
    session.flush()
    medewerkers = count(session, Medewerker)
    with pytest.raises(DomainError, match="bevat al inwoners"):
        generate_demo(sessions, inwoners=10, seed=1, progress=None, today=TODAY)
    assert count(session, Inwoner) == 1
    assert count(session, Medewerker) == medewerkers


def test_refused_for_less_than_one_inwoner(sessions):
    with pytest.raises(DomainError):
        generate_demo(sessions, inwoners=0, seed=1, progress=None, today=TODAY)


def test_summary_and_dict():
    result = DemoResult(
        seed=1, inwoners=1000, medewerkers=25, teams=16, werkgevers=10, labels=700,
        contactmomenten=3012, ontwikkelplannen=400, seconden=4.24, trajecten=1012,
        schuldhulptrajecten=37, accounts={"teamleider": "a.jansen", "beheerder": "beheerder"},
    )  # fmt: skip
    assert result.summary() == (
        "Demogegevens geladen: 1.000 inwoners, 25 medewerkers, 3.012 contactmomenten, "
        "400 ontwikkelplannen, 1.012 trajecten, 37 schuldhulptrajecten in 4,2 s.\n"
        "Aanmelden kan bijvoorbeeld als 'a.jansen' (teamleider), 'beheerder' (beheerder), met "
        f"wachtwoord '{DEMO_WACHTWOORD}'."
    )
    assert result.as_dict()["inwoners"] == 1000 and result.as_dict()["seconden"] == 4.2
    assert result.as_dict()["schuldhulptrajecten"] == 37


@pytest.mark.parametrize(
    ("naam", "expected"),
    [
        ("Jansen", (None, "Jansen")),
        ("van der Veen", ("van der", "Veen")),
        ("de Jong", ("de", "Jong")),
        ("Gepa van Bourgondië", None),
        ("Uit de Willigen", None),
        ("die Bont", None),
    ],
)
def test_split_achternaam(naam, expected):
    assert split_achternaam(naam) == expected


def test_demo_accounts_can_sign_in(session, demo):
    """Every demo medewerker signs in with the printed password; a beheerder is among them."""
    from app.services.wachtwoorden import wachtwoord_klopt

    beheerder = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam == "beheerder"))
    assert beheerder.rollen == {Rol.FUNCTIONEEL_BEHEERDER}
    assert all(wachtwoord_klopt(m, DEMO_WACHTWOORD) for m in session.scalars(select(Medewerker)))


def test_demo_plans_include_concepts_overdue_and_long_ones(session, demo):
    from app.models import Ontwikkeldoel, Ontwikkelplan, PlanStatus

    statuses = Counter(session.scalars(select(Ontwikkelplan.status)))
    assert statuses[PlanStatus.CONCEPT] > 0 and statuses[PlanStatus.VASTGESTELD] > 0
    overdue = session.scalars(select(Ontwikkelplan.id).where(
        Ontwikkelplan.volgende_evaluatie < TODAY)).all()  # fmt: skip
    assert overdue
    goals = Counter(session.scalars(select(Ontwikkeldoel.plan_id)))
    assert max(goals.values()) >= 12


def test_demo_has_plan_versions_and_work_levels(session, demo):
    from app.models import Ontwikkelplan, WerkniveauMeting

    tweede = session.scalars(select(Ontwikkelplan).where(Ontwikkelplan.planversie == 2)).all()
    assert tweede and all(p.vorige_id is not None for p in tweede)
    assert session.scalar(select(func.count()).select_from(WerkniveauMeting).where(
        WerkniveauMeting.is_baseline)) > 0  # fmt: skip


# --- trajecten (demo_trajecten) ---------------------------------------------------------------

BLIJFT_IN_FASE = {OvergangSoort.COACH, OvergangSoort.EVALUATIE, OvergangSoort.VERLENGING,
                  OvergangSoort.HANDHAVING}  # fmt: skip


def test_trajecten_in_every_phase_and_stage(session, demo):
    fasen = Counter(session.scalars(select(Traject.fase)))
    assert set(fasen) == set(TrajectFase)
    stadia = set(session.scalars(select(Traject.ontwikkelstadium)))
    assert set(Ontwikkelstadium) <= stadia
    lopend = sum(n for fase, n in fasen.items() if fase != TrajectFase.AFGESLOTEN)
    assert 0.3 * N <= lopend <= 0.5 * N  # about 40 % of the inwoners, plus closed ones
    assert fasen[TrajectFase.AFGESLOTEN] >= 0.03 * N


def test_at_most_one_running_traject_per_inwoner(session, demo):
    lopend = Counter(session.scalars(
        select(Traject.inwoner_id).where(Traject.fase != TrajectFase.AFGESLOTEN)))  # fmt: skip
    assert max(lopend.values()) == 1
    # A closed earlier trajectory ended before the running one started.
    per_inwoner: dict = {}
    for traject in session.scalars(select(Traject).order_by(Traject.startdatum)):
        per_inwoner.setdefault(traject.inwoner_id, []).append(traject)
    for reeks in per_inwoner.values():
        for eerder, later in pairwise(reeks):
            assert eerder.fase == TrajectFase.AFGESLOTEN and eerder.einddatum < later.startdatum


def test_traject_histories_are_consistent(session, demo):
    """The timeline is what the workflow services would have written: START first, each step
    leaves the phase the previous one entered, coach/evaluation/extension/handhaving steps stay
    in it, dates and moments go up, and the trajectory's phase is the last one entered."""
    stappen: dict = {}
    for stap in session.scalars(select(FaseOvergang).order_by(FaseOvergang.moment)):
        stappen.setdefault(stap.traject_id, []).append(stap)
    trajecten_ = session.scalars(select(Traject)).all()
    assert set(stappen) == {t.id for t in trajecten_}
    for traject in trajecten_:
        tijdlijn = stappen[traject.id]
        eerste = tijdlijn[0]
        assert (eerste.code, eerste.van_fase, eerste.naar_fase) == (
            "START",
            None,
            TrajectFase.AANGEMELD,
        )
        assert eerste.datum == traject.startdatum
        assert eerste.reden.startswith("Aangemeld via ")
        for vorige, stap in pairwise(tijdlijn):
            assert stap.van_fase == vorige.naar_fase, (traject.id, vorige.code, stap.code)
            if stap.soort in BLIJFT_IN_FASE:
                assert stap.naar_fase == stap.van_fase
            else:
                assert stap.naar_fase != stap.van_fase
            assert stap.datum >= vorige.datum
            assert stap.moment > vorige.moment
        assert tijdlijn[-1].naar_fase == traject.fase
        # Nothing on the demo's "today": a user's step today must come after every demo step.
        assert tijdlijn[-1].datum < TODAY
        wissel = [s for s in tijdlijn if s.naar_fase != s.van_fase][-1]
        assert traject.fase_sinds == wissel.datum
        codes = {s.code for s in tijdlijn}
        assert codes <= {"START", "COACH", *(f"T{n}" for n in range(1, 17))}


def test_traject_fields_fit_the_phase(session, demo):
    """What each phase implies (trajecten.py): the coaches, the norm clocks, the handover,
    the stage-3 contact regime, the aftercare and the closing."""
    F = TrajectFase
    jobcoaches = set(
        session.scalars(
            select(MedewerkerRol.medewerker_id).where(MedewerkerRol.rol == Rol.JOBCOACH)
        )
    )
    gekoppeld = {p.traject_id: p for p in session.scalars(
        select(Ontwikkelplan).where(Ontwikkelplan.traject_id.is_not(None)))}  # fmt: skip
    for t in session.scalars(select(Traject)):
        assert t.werkcoach_id in jobcoaches
        stadium = {F.ZELFSTANDIG_ZOEKEN: Ontwikkelstadium.KLEINE_AFSTAND,
                   F.ONTWIKKELING: Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
                   F.PARTICIPATIE: Ontwikkelstadium.NIET_TOE_AAN_WERK}.get(t.fase)  # fmt: skip
        if stadium is not None:
            assert t.ontwikkelstadium == stadium
        if t.fase in (F.AANGEMELD, F.INTAKE, F.VERKENNING_DIAGNOSE):
            assert t.ontwikkelstadium is None
        if t.fase == F.ZELFSTANDIG_ZOEKEN:
            assert t.werkfit_sinds is not None
        if t.fase == F.ONTWIKKELING:
            assert t.jobcoach_id is not None and t.ontwikkeling_sinds is not None
            plan = gekoppeld[t.id]
            assert plan.vastgesteld_op <= t.ontwikkeling_sinds
        if t.fase in (F.MATCHING, F.GEPLAATST, F.BEGELEIDING_OP_WERK, F.NAZORG):
            assert t.accountmanager_id and t.overdracht_op and t.overdracht_notitie
            assert t.werkfit_sinds is not None and t.werkfit_sinds <= t.overdracht_op
        if t.fase in (F.BEGELEIDING_OP_WERK, F.NAZORG):
            assert t.jobcoach_id is not None
        if t.fase == F.PARTICIPATIE:
            assert t.contact_per_jaar or t.participatiecoach_id
            assert t.werkfit_sinds is None
        if t.fase == F.NAZORG:
            assert t.nazorg_tot > t.fase_sinds and len(t.nazorg_afspraken) >= 10
        assert (t.fase == F.ONDERBROKEN) == (t.fase_voor_onderbreking is not None)
        assert (
            (t.fase == F.AFGESLOTEN) == (t.einddatum is not None) == (t.uitstroomreden is not None)
        )
        if t.verlengd_tot is not None:
            assert t.fase == F.ONTWIKKELING and t.verlengd_tot > TODAY
    # Every plan linked to a trajectory belongs to the same inwoner and was vastgesteld.
    trajecten_ = {t.id: t for t in session.scalars(select(Traject))}
    for traject_id, plan in gekoppeld.items():
        assert plan.inwoner_id == trajecten_[traject_id].inwoner_id
        assert plan.status in (PlanStatus.VASTGESTELD, PlanStatus.AFGESLOTEN)


def test_intakes_diagnoses_and_placements_pass_the_services_rules(session, demo):
    F = TrajectFase
    for t in session.scalars(select(Traject).where(Traject.ontwikkelstadium.is_not(None))):
        intake = trajecten._laatste_intake(session, t)
        assert trajecten.intake_ontbreekt(intake) == [], t.id
        assert intake.datum >= t.startdatum
        for factor in ("willen", "kunnen", "vaardigheden", "omstandigheden"):
            assert 1 <= getattr(intake, f"{factor}_score") <= 5
    assert session.scalar(select(func.count()).select_from(Intake).where(
        Intake.twijfel_over_stadium)) > 0  # fmt: skip
    instrumenten = set(session.scalars(select(Diagnose.instrument)))
    assert {Meetinstrument.MELBA, Meetinstrument.ABC, Meetinstrument.ADA,
            Meetinstrument.PSYCHOLOGISCH_ONDERZOEK} <= instrumenten  # fmt: skip
    geplaatst = session.scalars(select(Traject).where(Traject.fase.in_(
        (F.GEPLAATST, F.BEGELEIDING_OP_WERK, F.NAZORG)))).all()  # fmt: skip
    plaatsingen = {p.traject_id: p for p in session.scalars(select(Plaatsing))}
    assert geplaatst and all(t.id in plaatsingen for t in geplaatst)
    for plaatsing in plaatsingen.values():
        gegevens = trajecten.PlaatsingGegevens(
            werkplek=plaatsing.werkplek, werkgever_id=plaatsing.werkgever_id,
            plaatsingsvorm=plaatsing.plaatsingsvorm, startdatum=plaatsing.startdatum,
            uren_per_week=plaatsing.uren_per_week, lks=plaatsing.lks,
        )  # fmt: skip
        assert trajecten.plaatsingsregels(session, plaatsing.inwoner_id, gegevens) == {}
        assert plaatsing.jobcoach_id is not None


def test_lks_placements_rest_on_a_valid_loonwaardemeting(session, demo):
    lks = session.scalars(select(Plaatsing).where(Plaatsing.lks)).all()
    assert len(lks) >= 5
    for plaatsing in lks:
        meting = geldige_meting(session, plaatsing.inwoner_id, plaatsing.startdatum)
        assert meting is not None and plaatsing.loonwaardemeting_id == meting.id
        assert meting.aanleiding == Aanleiding.LKS and meting.werkplek == plaatsing.werkplek
        assert meting.uren_per_week == plaatsing.uren_per_week


def test_loonwaardemetingen_add_up(session, demo):
    metingen = session.scalars(select(Loonwaardemeting)).all()
    assert {Aanleiding.LKS, Aanleiding.BSW, Aanleiding.HERBEOORDELING} <= {
        m.aanleiding for m in metingen}  # fmt: skip
    for meting in metingen:
        assert 3 <= len(meting.taken) <= 5
        assert sum(t.aandeel for t in meting.taken) == 100
        assert meting.berekende_loonwaarde == loonwaarde_uit_taken(
            [(t.aandeel, t.kwaliteit, t.tempo, t.inzetbaarheid) for t in meting.taken]
        )
        assert meting.datum < TODAY and meting.volgende_meting.year == meting.datum.year + 1
        assert (meting.vastgestelde_loonwaarde is None) == (meting.reden_vastgesteld is None)
    assert any(m.vastgestelde_loonwaarde is not None for m in metingen)
    per_inwoner = Counter(m.inwoner_id for m in metingen)
    assert max(per_inwoner.values()) >= 2


def test_main_coach_has_loonwaardemetingen_due_and_overdue(session, demo):
    coach = session.scalar(
        select(Medewerker).where(Medewerker.gebruikersnaam == demo.accounts["coach"])
    )
    laatste = {}
    for meting in session.scalars(select(Loonwaardemeting).join(Inwoner).where(
            Inwoner.regievoerder_id == coach.id).order_by(Loonwaardemeting.datum)):  # fmt: skip
        laatste[meting.inwoner_id] = meting
    volgende = [m.volgende_meting for m in laatste.values()]
    assert any(TODAY <= d <= TODAY + timedelta(days=30) for d in volgende)
    assert any(d < TODAY for d in volgende)
    items = werkvoorraad(session, actor=coach, peildatum=TODAY)
    assert sum(item.soort == "loonwaardemeting" for item in items) >= 2


def test_handhaving_is_about_an_obligation_of_the_inwoners_plan(session, demo):
    zaken = session.scalars(select(Handhavingszaak)).all()
    assert zaken
    for zaak in zaken:
        afspraak = session.get(Ontwikkelafspraak, zaak.afspraak_id)
        plan = session.get(Ontwikkelplan, afspraak.plan_id)
        traject = session.get(Traject, zaak.traject_id)
        assert afspraak.verplichting and afspraak.partij == Partij.INWONER
        assert plan.inwoner_id == traject.inwoner_id and plan.status == PlanStatus.VASTGESTELD
        assert zaak.afspraak_omschrijving == afspraak.omschrijving
        assert zaak.signaal_datum >= plan.vastgesteld_op
        if zaak.advies is not None:
            assert zaak.verwijtbaarheid and zaak.persoonlijke_omstandigheden
        if zaak.besluit_op is not None:
            assert zaak.advies_op <= zaak.besluit_op


def test_main_coach_has_a_full_caseload_and_a_varied_werkvoorraad(session, demo):
    coach = session.scalar(
        select(Medewerker).where(Medewerker.gebruikersnaam == demo.accounts["coach"])
    )
    assert Rol.JOBCOACH in coach.rollen
    caseload = count(session, Inwoner, Inwoner.regievoerder_id == coach.id)
    assert 40 <= caseload <= MAX_CASELOAD
    items = werkvoorraad(session, actor=coach, peildatum=TODAY)
    soorten = Counter(item.soort for item in items)
    assert {"uitstroomnorm", "ontwikkelduur", "evaluatie", "contactnorm",
            "volgende_stap"} <= set(soorten)  # fmt: skip
    assert {"nazorg", "vervolgcontact"} <= set(soorten)
    niveaus = {item.niveau.value for item in items}
    assert {"ESCALATIE", "WAARSCHUWING", "TE_LAAT"} <= niveaus


def test_demo_accounts_for_every_coaching_role(session, demo):
    rollen = {
        naam: session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam == gebruiker))
        .rollen for naam, gebruiker in demo.accounts.items()
    }  # fmt: skip
    assert Rol.TEAMLEIDER in rollen["teamleider"]
    assert Rol.JOBCOACH in rollen["coach"]
    assert Rol.PARTICIPATIECOACH in rollen["participatiecoach"]
    assert Rol.ACCOUNTMANAGER in rollen["accountmanager"]
