"""Demo data: reproducible, realistic, valid by the application's own rules, and only ever loaded
into an empty database.

Runs on SQLite and PostgreSQL: the demo's sessionmaker is bound to the test's connection, so the
demo's transaction becomes a savepoint that the test rolls back.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from stdnum.nl import bsn as stdnum_bsn

from app.models import (
    Contactmoment,
    Gemeente,
    Inwoner,
    InwonerLabel,
    Medewerker,
    MedewerkerRol,
    Rol,
    Team,
    Werkgever,
)
from app.services import contactmomenten, validation
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
    savepoint.rollback()
    return {"inwoners": inwoners, "medewerkers": medewerkers, "contacten": contacten}


def test_same_seed_gives_the_same_data(session, sessions):
    first = snapshot(session, sessions, 5)
    assert count(session, Inwoner) == 0  # really rolled back: the next run starts empty
    second = snapshot(session, sessions, 5)
    assert first == second
    assert len(first["inwoners"]) == 200


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
        assert (inwoner.zoeknaam, inwoner.sorteernaam) == (keys["zoeknaam"], keys["sorteernaam"])
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
    assert all("jans" in session.get(Inwoner, i).zoeknaam for i in found)


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
        contactmomenten=3012, ontwikkelplannen=400, seconden=4.24,
        accounts={"teamleider": "a.jansen", "beheerder": "beheerder"},
    )  # fmt: skip
    assert result.summary() == (
        "Demogegevens geladen: 1.000 inwoners, 25 medewerkers, 3.012 contactmomenten, "
        "400 ontwikkelplannen in 4,2 s.\n"
        "Aanmelden kan bijvoorbeeld als 'a.jansen' (teamleider), 'beheerder' (beheerder), met "
        f"wachtwoord '{DEMO_WACHTWOORD}'."
    )
    assert result.as_dict()["inwoners"] == 1000 and result.as_dict()["seconden"] == 4.2


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
