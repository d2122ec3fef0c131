"""Shared fixtures.

Database tests (marked `database`) run against SQLite by default and against PostgreSQL when
KOERS_TEST_DATABASE_URL is set (as `make test` does). Each test runs inside a transaction that
is rolled back, on a schema built by the real migrations.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import NoKeyringError
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from app.db import make_engine, upgrade_database
from app.models import (
    Gemeente,
    InwonerZoekwoord,
    Medewerker,
    MedewerkerRol,
    Organisatie,
    Rol,
    Team,
    TeamType,
)
from app.services.referentiedata import ensure_reference_data
from app.services.wachtwoorden import hash_wachtwoord

POSTGRES_URL = os.environ.get("KOERS_TEST_DATABASE_URL")


def pytest_report_header(config) -> str:
    return f"Koers database tests on: {POSTGRES_URL or 'SQLite'}"


def pytest_terminal_summary(terminalreporter) -> None:
    """Say plainly which database the database tests ran on, with their counts."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = sum(
            1 for r in reports if getattr(r, "when", "call") == "call" and "database" in r.keywords
        )
    backend = "PostgreSQL" if POSTGRES_URL else "SQLite"
    terminalreporter.write_line(
        f"Databasetests op {backend}: {counts['passed']} geslaagd, {counts['failed']} mislukt, "
        f"{counts['error']} fout, {counts['skipped']} overgeslagen"
    )


def pytest_collection_modifyitems(config, items) -> None:
    # Tests that use the database fixtures are database tests, whether marked or not.
    for item in items:
        if {"db_engine", "session", "fresh_engine"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)


def reset_postgres_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.store[service, username] = password

    def get_password(self, service, username):
        return self.store.get((service, username))

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


class NoKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise NoKeyringError("no backend")


@pytest.fixture
def memory_keyring():
    """Secrets in memory instead of the machine's keyring (there is none without a desktop)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """Argon2 with its production cost takes ~0.1 s a hash; tests need correctness, not cost."""
    from argon2 import PasswordHasher

    from app.services import wachtwoorden

    monkeypatch.setattr(
        wachtwoorden, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'koers-test.db'}"


@pytest.fixture(scope="session")
def db_engine(db_url) -> Iterator[Engine]:
    engine = make_engine(db_url)
    if engine.dialect.name == "postgresql":
        reset_postgres_schema(engine)
    upgrade_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_engine(tmp_path) -> Iterator[Engine]:
    """An empty database of its own (a new SQLite file, or a new PostgreSQL database)."""
    if not POSTGRES_URL:
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        yield engine
        engine.dispose()
        return
    name = f"koers_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def session(db_engine) -> Iterator[Session]:
    """A session whose every change is rolled back after the test (commits become savepoints)."""
    connection = db_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)  # fmt: skip
    ensure_reference_data(session)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


WACHTWOORD = "test-wachtwoord-1"


def maak_medewerker(
    session: Session, gebruikersnaam: str, rollen, *, team: Team | None = None,
    gemeente: Gemeente | None = None,
) -> Medewerker:  # fmt: skip
    """A medewerker straight in the database (tests of the account services use those)."""
    medewerker = Medewerker(
        naam=gebruikersnaam.capitalize(), gebruikersnaam=gebruikersnaam,
        wachtwoord_hash=hash_wachtwoord(WACHTWOORD), team=team, gemeente=gemeente,
        rol_toewijzingen=[MedewerkerRol(rol=rol) for rol in rollen],
    )  # fmt: skip
    session.add(medewerker)
    session.flush()
    return medewerker


def maak_team(session: Session, naam: str, type: TeamType = TeamType.LOKAAL_INTEGRAAL) -> Team:
    organisatie = session.scalar(select(Organisatie).where(Organisatie.naam == "Avres"))
    team = Team(naam=naam, organisatie=organisatie, type=type)
    session.add(team)
    session.flush()
    return team


@pytest.fixture
def team_a(session) -> Team:
    return maak_team(session, "Team A")


@pytest.fixture
def actor(session, team_a) -> Medewerker:
    """A jobcoach who also leads team A: reaches their caseload, the team's and new inwoners
    that nobody is regievoerder of yet."""
    return maak_medewerker(session, "testcoach", [Rol.JOBCOACH, Rol.TEAMLEIDER], team=team_a)


@pytest.fixture
def gemeente(session) -> Gemeente:
    return gemeente_by_name(session, "Gorinchem")


def gemeente_by_name(session: Session, naam: str) -> Gemeente:
    return session.scalar(select(Gemeente).where(Gemeente.naam == naam))


TODAY = date(2026, 11, 23)


def woorden(session: Session, inwoner_id) -> list[str]:
    """The stored search words of an inwoner, sorted."""
    return sorted(session.scalars(
        select(InwonerZoekwoord.woord).where(InwonerZoekwoord.inwoner_id == inwoner_id)))  # fmt: skip


def make_bsn(number: int) -> str:
    """The n-th valid BSN after 100000000: 8 digits plus the check digit of the 11-proef."""
    while True:
        digits = [int(c) for c in f"{10_000_000 + number:08d}"]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        number += 1
