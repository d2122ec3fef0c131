"""The round trip of issue 10: the demo data exported from one database and imported into an
empty one is the same data.

The accounts (teams and medewerkers) are set up in the new database first, as an organisation
does before it moves its caseload in; then every export file is imported in order. Exporting the
new database must give exactly the files the old one gave: every key (the old ids, kept as
source keys), every reference (inwoner, traject and plan keys, usernames) and every value.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.models import (
    Contactmoment,
    Gemeente,
    Inwoner,
    Loonwaardemeting,
    Medewerker,
    MedewerkerRol,
    Ontwikkelplan,
    Organisatie,
    Schuldhulptraject,
    Team,
    Traject,
    Werkgever,
)
from app.services import (
    contact_import,
    inwoner_import,
    loonwaarde_import,
    plan_import,
    schuldhulp_import,
    traject_import,
)
from app.services.demo import generate_demo
from app.services.tabellen import lees
from app.startup import open_database


def exporteer_alles(sessions, map: Path) -> None:
    map.mkdir()
    with sessions.begin() as session:
        beheerder = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam ==
                                                            "beheerder"))  # fmt: skip
        inwoner_import.exporteer(session, actor=beheerder, pad=map / "inwoners.csv")
        contact_import.exporteer(session, actor=beheerder, pad=map / "contactmomenten.csv")
        for module in (plan_import, traject_import, schuldhulp_import, loonwaarde_import):
            module.exporteer(session, actor=beheerder, map=map, formaat="csv")


def kopieer_accounts(van, naar) -> None:
    """Teams, medewerkers and werkgevers by their names (the reference data exists in both
    already)."""
    with van.begin() as oud, naar.begin() as nieuw:
        organisaties = {o.naam: o for o in nieuw.scalars(select(Organisatie))}
        gemeenten = {g.naam: g for g in nieuw.scalars(select(Gemeente))}
        teams = {}
        for team in oud.scalars(select(Team)):
            kopie = Team(naam=team.naam, type=team.type,
                         organisatie=organisaties[team.organisatie.naam],
                         gemeente=gemeenten[team.gemeente.naam] if team.gemeente else None)  # fmt: skip
            nieuw.add(kopie)
            teams[team.id] = kopie
        medewerkers = {}
        for m in oud.scalars(select(Medewerker)):
            medewerkers[m.id] = Medewerker(
                naam=m.naam, gebruikersnaam=m.gebruikersnaam, email=m.email, actief=m.actief,
                team=teams.get(m.team_id), wachtwoord_hash=m.wachtwoord_hash,
                gemeente=gemeenten[m.gemeente.naam] if m.gemeente else None,
                rol_toewijzingen=[MedewerkerRol(rol=r) for r in m.rollen],
            )  # fmt: skip
            nieuw.add(medewerkers[m.id])
        # Employers are reference data of the organisation too (measurements name them).
        for w in oud.scalars(select(Werkgever)):
            nieuw.add(Werkgever(
                naam=w.naam, kvk=w.kvk, samenwerkingsovereenkomst=w.samenwerkingsovereenkomst,
                samenwerkingsovereenkomst_datum=w.samenwerkingsovereenkomst_datum,
                sroi_opdrachtnemer=w.sroi_opdrachtnemer,
                gemeente=gemeenten[w.gemeente.naam] if w.gemeente else None,
                accountmanager=medewerkers.get(w.accountmanager_id),
            ))  # fmt: skip


def importeer_alles(sessions, map: Path) -> None:
    with sessions.begin() as session:
        beheerder = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam ==
                                                            "beheerder"))  # fmt: skip
        resultaten = [
            inwoner_import.import_inwoners(session, actor=beheerder, path=map / "inwoners.csv",
                                           dry_run=False, regievoerder=None),
            contact_import.import_contactmomenten(
                session, actor=beheerder, path=map / "contactmomenten.csv", dry_run=False),
            plan_import.import_plannen(
                session, actor=beheerder, plannen=map / "ontwikkelplannen.csv",
                doelen=map / "doelen.csv", afspraken=map / "afspraken.csv", dry_run=False),
            traject_import.import_trajecten(
                session, actor=beheerder, trajecten=map / "trajecten.csv",
                overgangen=map / "faseovergangen.csv", plaatsingen=map / "plaatsingen.csv",
                dry_run=False),
            schuldhulp_import.import_schuldhulp(
                session, actor=beheerder, trajecten=map / "schuldhulptrajecten.csv",
                overgangen=map / "schuldhulpovergangen.csv", schulden=map / "schulden.csv",
                dry_run=False),
            loonwaarde_import.import_loonwaarde(
                session, actor=beheerder, metingen=map / "loonwaardemetingen.csv",
                taken=map / "loonwaardetaken.csv", dry_run=False),
        ]  # fmt: skip
        for result in resultaten:
            assert result.fouten == [], result.fouten[:5]


def aantallen(sessions) -> dict[str, int]:
    with sessions.begin() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Inwoner, Contactmoment, Ontwikkelplan, Traject,
                              Schuldhulptraject, Loonwaardemeting)}  # fmt: skip


def test_demo_data_out_and_into_an_empty_database_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))
    oud_engine, oud = open_database(f"sqlite:///{tmp_path / 'oud.db'}")
    nieuw_engine, nieuw = open_database(f"sqlite:///{tmp_path / 'nieuw.db'}")
    try:
        generate_demo(oud, inwoners=120, seed=7)
        exporteer_alles(oud, tmp_path / "uit")
        kopieer_accounts(oud, nieuw)
        importeer_alles(nieuw, tmp_path / "uit")
        exporteer_alles(nieuw, tmp_path / "terug")
        voor, na = aantallen(oud), aantallen(nieuw)
    finally:
        oud_engine.dispose()
        nieuw_engine.dispose()

    assert na == voor
    assert all(voor.values()), voor  # every kind of record was really there to move
    bestanden = sorted(p.name for p in (tmp_path / "uit").iterdir())
    assert len(bestanden) == 13
    for naam in bestanden:
        uit, terug = lees(tmp_path / "uit" / naam), lees(tmp_path / "terug" / naam)
        assert uit.rijen, f"{naam} is empty: the demo should have such records"
        assert terug.kolommen == uit.kolommen, naam
        assert sorted(c for _r, c in terug.rijen) == sorted(c for _r, c in uit.rijen), naam
