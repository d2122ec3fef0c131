"""Opening a database the way both the GUI and the CLI need it.

The schema revision is compared first. An embedded SQLite file belongs to one user and is
upgraded on start (after a backup). A shared PostgreSQL server is never migrated silently: an
empty one is set up, an older one is refused (`ServerVerouderd`) until a functioneel beheerder
confirms the upgrade (`server_bijwerken`), and a database migrated by a newer Koers is refused
everywhere (`DatabaseNieuwer`): an older client could otherwise write data the newer schema
does not expect.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.db import (
    DatabaseStatus,
    database_status,
    make_engine,
    make_sessionmaker,
    migrate,
    refresh_statistics,
    sqlite_path,
    upgrade_database,
)
from app.models import Medewerker, MedewerkerRol, Rol
from app.services.backup import backup_map, beveilig, dagelijkse_backup
from app.services.errors import DomainError
from app.services.referentiedata import ensure_reference_data
from app.services.wachtwoorden import hash_klopt

log = logging.getLogger(__name__)


def open_database(url: str, *, reservekopie: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Connect, apply pending migrations (backing up a SQLite file first) and make sure the
    shipped reference data exists.

    For an embedded SQLite file also: only the user may read it (data directory 0700, files
    0600), and the first start of a day takes the daily backup (a failure is logged, the app
    starts anyway) unless `reservekopie` is False (the benchmark's generated databases)."""
    engine = make_engine(url)
    database = sqlite_path(engine)
    if database is not None:
        _beveilig(database)  # the directory first, before SQLite creates the file in it
    try:
        controleer_schema(engine)
    except DomainError:
        engine.dispose()
        raise
    upgrade_database(engine)
    refresh_statistics(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        ensure_reference_data(session)
    if database is not None:
        _beveilig(database)
    if database is not None and reservekopie:
        try:
            backup = dagelijkse_backup(database, backup_map(database), date.today())
        except Exception:
            log.exception("De dagelijkse reservekopie van %s is niet gelukt", database)
        else:
            if backup:
                log.info("Dagelijkse reservekopie gemaakt: %s", backup)
    return engine, sessions


class DatabaseNieuwer(DomainError):
    """The database was migrated by a newer Koers than this one."""

    def __init__(self, status: DatabaseStatus) -> None:
        super().__init__(
            f"De database is bijgewerkt door een nieuwere versie van Koers (databaseversie "
            f"{status.current}; deze Koers kent tot en met {status.head}). Werk Koers bij naar "
            "de nieuwste versie; tot die tijd opent deze versie de database niet, zodat er "
            "niets beschadigd raakt."
        )
        self.status = status


class ServerVerouderd(DomainError):
    """A shared server with an older schema: only a functioneel beheerder may upgrade it."""

    def __init__(self, status: DatabaseStatus) -> None:
        super().__init__(
            f"De database op de server heeft een oudere versie ({status.current}) dan deze "
            f"Koers ({status.head}). Een functioneel beheerder moet de server eerst bijwerken; "
            "daarna moeten alle collega's deze versie van Koers gebruiken."
        )
        self.status = status


def controleer_schema(engine: Engine) -> DatabaseStatus:
    """Refuse a database this client must not open or must not migrate on its own."""
    status = database_status(engine)
    if status.newer:
        raise DatabaseNieuwer(status)
    if status.older and engine.dialect.name != "sqlite":
        raise ServerVerouderd(status)
    return status


def server_bijwerken(engine: Engine, *, gebruikersnaam: str, wachtwoord: str | None) -> str:
    """Upgrade a shared server to this client's schema, on behalf of a functioneel beheerder.

    The beheerder is checked with plain column reads that exist in every revision (the ORM
    model may already describe columns the old schema lacks). `wachtwoord=None` is for the
    CLI, which trusts `--as` as all its commands do. Returns the beheerder's name (for the
    log line); raises DomainError when the account is not an active functioneel beheerder."""
    status = database_status(engine)
    if status.newer:
        raise DatabaseNieuwer(status)
    naam = _beheerder(engine, gebruikersnaam, wachtwoord)
    if not status.up_to_date:
        from alembic import command

        migrate(engine, command.upgrade, "head")
        log.warning("Server bijgewerkt van %s naar %s door %s", status.current, status.head,
                    gebruikersnaam)  # fmt: skip
    return naam


def _beheerder(engine: Engine, gebruikersnaam: str, wachtwoord: str | None) -> str:
    medewerker = Medewerker.__table__.c
    rol = MedewerkerRol.__table__.c
    with engine.connect() as connection:
        row = connection.execute(
            select(medewerker.id, medewerker.naam, medewerker.wachtwoord_hash, medewerker.actief)
            .where(medewerker.gebruikersnaam == gebruikersnaam.strip().lower())
        ).first()  # fmt: skip
        rollen = set()
        if row is not None:
            rollen = set(connection.scalars(select(rol.rol).where(rol.medewerker_id == row.id)))
    if (
        row is None
        or not row.actief
        or (wachtwoord is not None and not hash_klopt(row.wachtwoord_hash, wachtwoord))
    ):
        raise DomainError("Gebruikersnaam of wachtwoord klopt niet.")
    if Rol.FUNCTIONEEL_BEHEERDER not in rollen:
        raise DomainError(
            "Alleen een functioneel beheerder mag de database op de server bijwerken."
        )
    return row.naam


def _beveilig(database: Path) -> None:
    """0700/0600; the data directory itself only when the database lives in it (a database
    elsewhere, e.g. in a shared folder, does not make Koers change that folder)."""
    try:
        data_dir = config.data_dir()
        eigen_map = database.parent.resolve() == data_dir.resolve()
        beveilig(data_dir if eigen_map else None, database)
    except OSError:
        log.warning("De rechten van %s konden niet worden afgeschermd", database, exc_info=True)
