"""Migrations: empty → head → base → head, and models and migrations agree (`alembic check`).

Runs on SQLite and, with KOERS_TEST_DATABASE_URL, on PostgreSQL in a database of its own.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from app.db import (
    backup_sqlite,
    database_status,
    make_engine,
    migrate,
    sqlite_path,
    upgrade_database,
)
from app.models import Base, Rol

pytestmark = pytest.mark.database


def run_alembic(engine: Engine, action, revision: str) -> None:
    migrate(engine, action, revision)


def diff(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_upgrade_downgrade_upgrade(fresh_engine):
    run_alembic(fresh_engine, command.upgrade, "head")
    tables = set(inspect(fresh_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    run_alembic(fresh_engine, command.downgrade, "base")
    assert set(inspect(fresh_engine).get_table_names()) <= {"alembic_version"}
    run_alembic(fresh_engine, command.upgrade, "head")
    assert database_status(fresh_engine).up_to_date


def test_models_and_migrations_agree(fresh_engine):
    """The equivalent of `alembic check`: autogenerate finds nothing to migrate."""
    upgrade_database(fresh_engine)
    assert diff(fresh_engine) == []


def test_status_of_empty_database(fresh_engine):
    status = database_status(fresh_engine)
    assert status.empty and not status.up_to_date
    assert status.head


def test_sqlite_upgrade_backs_up_an_existing_file(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'koers.db'}")
    assert upgrade_database(engine) is None  # a new, empty file needs no backup
    run_alembic(engine, command.downgrade, "base")
    with engine.begin() as connection:  # an existing database one migration behind
        connection.execute(text("CREATE TABLE bewijs (x INTEGER)"))
        connection.execute(text("INSERT INTO bewijs VALUES (42)"))
    run_alembic(engine, command.stamp, "base")
    backup = upgrade_database(engine)
    assert backup is not None and backup.exists() and backup.parent == tmp_path
    assert backup.name.startswith("koers-backup-")
    backup_engine = make_engine(f"sqlite:///{backup}")
    with backup_engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM bewijs")).scalar() == 42
    backup_engine.dispose()
    engine.dispose()


def test_backup_name_has_timestamp(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'koers.db'}")
    upgrade_database(engine)
    path = sqlite_path(engine)
    assert path == tmp_path / "koers.db"
    backup = backup_sqlite(path, now=datetime(2026, 11, 23, 9, 5, 7))
    assert backup.name == "koers-backup-20261123-090507.db"
    engine.dispose()


def test_sqlite_connections_are_durable_and_strict(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'koers.db'}")
    with engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
    engine.dispose()


def test_upgrade_keeps_the_data_of_a_populated_database(fresh_engine):
    """Every migration after the first runs against rows that refer to each other (batch table
    rebuilds on SQLite must not trip over foreign keys)."""
    from app.db import make_sessionmaker
    from app.services.inwoners import InwonerGegevens, create_inwoner
    from app.services.referentiedata import ensure_reference_data
    from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, make_bsn

    run_alembic(fresh_engine, command.upgrade, "0001")
    sessions = make_sessionmaker(fresh_engine)
    with sessions.begin() as session:
        session.execute(
            text(
                "INSERT INTO organisatie (id, naam, type, versie) VALUES "
                "('00000000000000000000000000000001', 'Avres', 'GR', 1)"
            )
            if fresh_engine.dialect.name == "sqlite"
            else text(
                "INSERT INTO organisatie (id, naam, type, versie) VALUES "
                "('00000000-0000-0000-0000-000000000001', 'Avres', 'GR', 1)"
            )
        )
    upgrade_database(fresh_engine)
    with sessions.begin() as session:
        ensure_reference_data(session)
        actor = maak_medewerker(session, "coach", [Rol.TEAMLEIDER])
        gemeente = gemeente_by_name(session, "Gorinchem")
        data = InwonerGegevens(
            bsn=make_bsn(1),
            voornamen="Jan",
            achternaam="Smit",
            geboortedatum=TODAY.replace(year=1980),
            woongemeente_id=gemeente.id,
            regievoerder_id=actor.id,
        )
        create_inwoner(session, actor=actor, gegevens=data, today=TODAY)
    # Down and up again with data in place.
    run_alembic(fresh_engine, command.downgrade, "0001")
    upgrade_database(fresh_engine)
    with sessions.begin() as session:
        assert session.execute(text("SELECT achternaam FROM inwoner")).scalar() == "Smit"


def test_the_revisions_read_at_start_up_are_alembics():
    """Start-up reads the migration files itself, to spare importing Alembic (app/db.py)."""
    from alembic.script import ScriptDirectory

    from app.db import _revisies, alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    head, known = _revisies()
    assert head == scripts.get_current_head()
    assert known == {script.revision for script in scripts.walk_revisions()}
