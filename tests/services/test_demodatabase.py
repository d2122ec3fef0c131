"""A demo database says so (the mark comes and goes with the demo data), and only a functioneel
beheerder removes it, only when it is an embedded demo database, and then the whole file goes.

The mark tests run on SQLite and PostgreSQL; the removal on a server is refused there.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from app.models import Instelling, Inwoner, Rol
from app.services.aanmelden import maak_eerste_beheerder
from app.services.demo import generate_demo
from app.services.demodatabase import (
    DEMO,
    controleer_verwijderen,
    is_demo,
    verwijder_demodatabase,
)
from app.services.errors import DomainError, ToegangGeweigerd
from app.services.instellingen import alle_instellingen
from app.startup import open_database
from tests.conftest import TODAY, WACHTWOORD, maak_medewerker


@pytest.fixture
def sessions(session) -> sessionmaker:
    return sessionmaker(
        bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def beheerder(session):
    return maak_medewerker(session, "fbeheer", [Rol.FUNCTIONEEL_BEHEERDER])


def test_a_new_database_is_no_demo(session):
    assert not is_demo(session)


def test_the_demo_marks_the_database_and_beheer_does_not_list_the_mark(session, sessions):
    generate_demo(sessions, inwoners=20, seed=3, today=TODAY)
    assert is_demo(session)
    assert session.get(Instelling, DEMO).waarde == TODAY.isoformat()
    assert DEMO not in alle_instellingen(session)


def test_an_interrupted_demo_leaves_neither_data_nor_mark(session, sessions):
    def stop(_done, _total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_demo(sessions, inwoners=20, seed=3, today=TODAY, progress=stop)
    assert not is_demo(session)
    assert session.scalar(select(func.count()).select_from(Inwoner)) == 0


def test_removal_is_for_a_functioneel_beheerder(session, sessions, actor):
    generate_demo(sessions, inwoners=20, seed=3, today=TODAY)
    with pytest.raises(ToegangGeweigerd):
        controleer_verwijderen(session, actor=actor)  # a jobcoach and teamleider


def test_removal_needs_a_demo_database(session, beheerder):
    if session.get_bind().dialect.name == "sqlite":
        with pytest.raises(DomainError, match="geen demogegevens"):
            controleer_verwijderen(session, actor=beheerder)
    else:
        with pytest.raises(DomainError, match="teamserver"):
            controleer_verwijderen(session, actor=beheerder)


def test_removal_of_an_embedded_demo_is_allowed_and_never_of_a_server(session, sessions, beheerder):
    generate_demo(sessions, inwoners=20, seed=3, today=TODAY)
    if session.get_bind().dialect.name == "sqlite":
        path = controleer_verwijderen(session, actor=beheerder)
        assert path.name == "koers-test.db"
    else:
        with pytest.raises(DomainError, match="Demogegevens op een teamserver"):
            controleer_verwijderen(session, actor=beheerder)


def test_the_demo_file_is_deleted_with_everything_in_it(tmp_path):
    path = tmp_path / "koers.db"
    engine, sessions = open_database(f"sqlite:///{path}", reservekopie=False)
    with sessions.begin() as session:
        maak_eerste_beheerder(session, naam="Fleur", gebruikersnaam="fleur", wachtwoord=WACHTWOORD)
    generate_demo(sessions, inwoners=20, seed=3, today=TODAY)
    assert path.exists()
    assert verwijder_demodatabase(engine) == path
    assert not path.exists()
    assert not path.with_name("koers.db-wal").exists()
    engine, sessions = open_database(f"sqlite:///{path}", reservekopie=False)  # starts empty
    with sessions.begin() as session:
        assert not is_demo(session)
        assert session.scalar(select(func.count()).select_from(Inwoner)) == 0
    engine.dispose()


def test_a_database_without_the_mark_is_never_deleted(tmp_path):
    path = tmp_path / "koers.db"
    engine, _sessions = open_database(f"sqlite:///{path}", reservekopie=False)
    with pytest.raises(DomainError, match="geen demogegevens"):
        verwijder_demodatabase(engine)
    assert path.exists()


def test_a_server_is_never_deleted(fresh_engine):
    if fresh_engine.dialect.name == "sqlite":
        pytest.skip("a server only with KOERS_TEST_DATABASE_URL")
    with pytest.raises(DomainError, match="Alleen de database op deze computer"):
        verwijder_demodatabase(fresh_engine)
