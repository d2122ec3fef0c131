"""The schema revision check on start: an embedded database is upgraded on its own, a shared
server never silently; a database migrated by a newer Koers is refused everywhere; only an
active functioneel beheerder (with the right password) upgrades an older server."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db import database_status, migrate, upgrade_database
from app.models import Medewerker, Rol
from app.services.errors import DomainError
from app.startup import DatabaseNieuwer, ServerVerouderd, open_database, server_bijwerken
from tests.conftest import WACHTWOORD, maak_medewerker

pytestmark = pytest.mark.database

VORIGE = "0008"  # any revision before head will do


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def older_with_accounts(engine) -> None:
    """A database on an older revision that already has a beheerder and a coach."""
    upgrade_database(engine)
    with Session(engine) as session, session.begin():
        maak_medewerker(session, "beheer", [Rol.FUNCTIONEEL_BEHEERDER])
        maak_medewerker(session, "coach", [Rol.JOBCOACH])
        maak_medewerker(session, "oudbeheer", [Rol.FUNCTIONEEL_BEHEERDER]).actief = False
    migrate(engine, command.downgrade, VORIGE)
    assert database_status(engine).older


def stamp_newer(engine) -> None:
    upgrade_database(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))


def test_a_database_of_a_newer_koers_is_refused_and_left_alone(fresh_engine):
    stamp_newer(fresh_engine)
    with pytest.raises(DatabaseNieuwer) as info:
        open_database(url_of(fresh_engine))
    assert "Werk Koers bij" in info.value.message and "9999" in info.value.message
    assert database_status(fresh_engine).current == "9999"


def test_older_embedded_database_is_upgraded_on_start_but_a_server_is_not(fresh_engine):
    older_with_accounts(fresh_engine)
    if fresh_engine.dialect.name == "sqlite":
        engine, _ = open_database(url_of(fresh_engine))
        engine.dispose()
        assert database_status(fresh_engine).up_to_date
        return
    with pytest.raises(ServerVerouderd) as info:
        open_database(url_of(fresh_engine))
    assert "functioneel beheerder" in info.value.message and VORIGE in info.value.message
    assert database_status(fresh_engine).current == VORIGE  # nothing migrated


@pytest.mark.parametrize(
    ("gebruikersnaam", "wachtwoord", "melding"),
    [
        ("coach", WACHTWOORD, "Alleen een functioneel beheerder"),
        ("beheer", "fout-wachtwoord", "klopt niet"),
        ("oudbeheer", WACHTWOORD, "klopt niet"),
        ("niemand", WACHTWOORD, "klopt niet"),
    ],
)
def test_only_an_active_beheerder_with_the_password_upgrades(fresh_engine, gebruikersnaam,
                                                             wachtwoord, melding):  # fmt: skip
    older_with_accounts(fresh_engine)
    with pytest.raises(DomainError, match=melding):
        server_bijwerken(fresh_engine, gebruikersnaam=gebruikersnaam, wachtwoord=wachtwoord)
    assert database_status(fresh_engine).current == VORIGE


def test_beheerder_upgrades_and_then_everyone_can_open_it(fresh_engine):
    older_with_accounts(fresh_engine)
    naam = server_bijwerken(fresh_engine, gebruikersnaam=" Beheer ", wachtwoord=WACHTWOORD)
    assert naam == "Beheer"
    assert database_status(fresh_engine).up_to_date
    engine, sessions = open_database(url_of(fresh_engine))
    with sessions.begin() as session:
        assert session.scalar(select(Medewerker.naam).where(Medewerker.gebruikersnaam == "coach"))
    engine.dispose()


def test_upgrading_a_newer_database_is_refused(fresh_engine):
    stamp_newer(fresh_engine)
    with pytest.raises(DatabaseNieuwer):
        server_bijwerken(fresh_engine, gebruikersnaam="beheer", wachtwoord=WACHTWOORD)


def test_an_empty_database_is_set_up(fresh_engine):
    engine, _ = open_database(url_of(fresh_engine))
    engine.dispose()
    assert database_status(fresh_engine).up_to_date
