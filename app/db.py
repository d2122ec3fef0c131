"""Engine, sessions and the migration runner.

SQLite is made durable and strict on every connection (WAL, foreign keys, synchronous=FULL), and
its transactions are handled by SQLAlchemy rather than by the sqlite3 module, so that SAVEPOINTs
and transactional DDL work (a failed migration leaves the file as it was).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from app import versleuteling
from app.config import MIGRATIONS_DIR
from app.services.backup import backup_naam, maak_backup

if TYPE_CHECKING:  # Alembic is imported when a migration runs, not at every start
    from alembic.config import Config

log = logging.getLogger(__name__)


def make_engine(url: str | URL, *, sqlite_foreign_keys: bool = True, **kwargs) -> Engine:
    """An engine; an encrypted SQLite file (app/versleuteling.py) is opened with SQLCipher and
    the key from the keyring."""
    sleutel = None
    bestand = _sqlite_bestand(make_url(url))
    if bestand is not None and versleuteling.is_versleuteld(bestand):
        sleutel = versleuteling.sleutel_nodig(bestand)
        kwargs["module"] = versleuteling.module()
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys, sleutel=sleutel)
    return engine


def _configure_sqlite(engine: Engine, *, foreign_keys: bool, sleutel: str | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if sleutel is not None:
            versleuteling.zet_sleutel(dbapi_connection, sleutel)  # before anything is read
        # Let SQLAlchemy emit BEGIN itself (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=FULL")
        # Overwrite deleted content, so anonymised personal data does not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: objects handed to the GUI stay readable after the unit of work.
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass(frozen=True)
class DatabaseStatus:
    """The schema revision of a database compared with the migrations this Koers ships."""

    url: str
    current: str | None
    head: str
    known: frozenset[str] = frozenset()

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def empty(self) -> bool:
        return self.current is None

    @property
    def newer(self) -> bool:
        """Migrated by a newer Koers: a revision this client does not know."""
        return self.current is not None and self.current not in self.known

    @property
    def older(self) -> bool:
        return not self.empty and not self.up_to_date and not self.newer


_REVISIE = re.compile(r"^revision: str = ['\"](\w+)['\"]", re.MULTILINE)
_VORIGE = re.compile(r"^down_revision: str \| None = ['\"](\w+)['\"]", re.MULTILINE)


@functools.cache
def _revisies() -> tuple[str, frozenset[str]]:
    """The newest revision this Koers ships and all it knows, read once from the migration
    files' own `revision` and `down_revision` lines: a start with an up-to-date database then
    needs no Alembic (a tenth of a second of imports). A test holds this to Alembic's answer."""
    revisies, vorige = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        tekst = path.read_text(encoding="utf-8")
        if match := _REVISIE.search(tekst):
            revisies.add(match[1])
        if match := _VORIGE.search(tekst):
            vorige.add(match[1])
    heads = revisies - vorige
    return (heads.pop() if len(heads) == 1 else ""), frozenset(revisies)


def database_status(engine: Engine) -> DatabaseStatus:
    head, known = _revisies()
    with engine.connect() as connection:
        current = None
        if inspect(connection).has_table("alembic_version"):
            current = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    url = engine.url.render_as_string(hide_password=True)
    return DatabaseStatus(url, current, head, known)


def sqlite_path(engine: Engine) -> Path | None:
    return _sqlite_bestand(make_url(engine.url))


def _sqlite_bestand(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def backup_sqlite(path: Path, *, now: datetime | None = None) -> Path:
    """Copy a SQLite database to `<name>-backup-YYYYmmdd-HHMMSS.db` next to it (SQLite's online
    backup API: a consistent snapshot including what is still in the WAL file; an encrypted
    database stays encrypted)."""
    return maak_backup(path, path.with_name(backup_naam(path, now)))


MIGRATION_LOCK = 4_857_001  # an arbitrary, fixed key for PostgreSQL's advisory lock


def migrate(engine: Engine, action: Callable[[Config, str], None], revision: str) -> None:
    """Run an Alembic command (upgrade, downgrade, stamp) in one transaction.

    On SQLite, batch migrations rebuild tables; with foreign keys enforced, dropping a table
    that other rows refer to would fail. So they run with foreign keys off and every reference
    is checked before the commit (SQLite's documented procedure for altering tables).
    """
    sqlite = engine.dialect.name == "sqlite"
    migrator = make_engine(engine.url, sqlite_foreign_keys=False) if sqlite else engine
    try:
        with migrator.begin() as connection:
            if engine.dialect.name == "postgresql":
                # Two beheerders upgrading a shared server at once: the second waits here and
                # then finds nothing left to do, instead of running the same DDL twice.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            config = alembic_config()
            config.attributes["connection"] = connection
            action(config, revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("Migratie afgebroken: verwijzingen in de database kloppen niet.")
    finally:
        if migrator is not engine:
            migrator.dispose()


def upgrade_database(engine: Engine) -> Path | None:
    """Apply pending migrations; back up a SQLite file that holds any table first.

    Returns the backup path when one was made.
    """
    status = database_status(engine)
    if status.up_to_date:
        return None
    backup = None
    path = sqlite_path(engine)
    if path is not None and path.exists() and inspect(engine).get_table_names():
        backup = backup_sqlite(path)
        log.info("Reservekopie gemaakt: %s", backup)
    from alembic import command

    migrate(engine, command.upgrade, "head")
    log.info("Database bijgewerkt van %s naar %s", status.current, status.head)
    return backup


def refresh_statistics(engine: Engine) -> bool:
    """Keep SQLite's query-planner statistics in step with the data (ANALYZE); True when they
    were refreshed.

    Without statistics SQLite guesses, and for the werkvoorraad it guesses wrong: it walks a
    status index over every plan instead of the few inwoners of one coach (10× slower at
    100,000 inwoners). A refresh runs at start-up when there are none yet or the number of
    inwoners has more than doubled since the last one (a bulk load calls `analyze` itself).
    PostgreSQL's autovacuum keeps its own statistics, so this does nothing there.
    """
    if engine.dialect.name != "sqlite":
        return False
    with engine.begin() as connection:
        actual = connection.exec_driver_sql("SELECT max(rowid) FROM inwoner").scalar() or 0
        known = 0
        if inspect(connection).has_table("sqlite_stat1"):
            stat = connection.exec_driver_sql(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'inwoner' LIMIT 1"
            ).scalar()
            known = int(stat.split()[0]) if stat else 0
        if actual < 1000 or actual <= 2 * known:
            return False
        analyze(connection)
    log.info("Statistieken van de database bijgewerkt")
    return True


def analyze(connection: Connection) -> None:
    """Refresh the planner's statistics in this connection's transaction, e.g. after a bulk
    load. On SQLite a full ANALYZE (about a second at 100,000 inwoners) records exact row
    counts, which `refresh_statistics` relies on. PostgreSQL's autovacuum analyses new tables
    only a while later: until then the KPIs of a freshly loaded server took 7,6 s instead of
    0,5 s at 100,000 inwoners."""
    if connection.dialect.name in ("sqlite", "postgresql"):
        connection.exec_driver_sql("ANALYZE")
