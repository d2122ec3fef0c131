"""Opening a database the way both the GUI and the CLI need it."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.db import (
    make_engine,
    make_sessionmaker,
    refresh_statistics,
    sqlite_path,
    upgrade_database,
)
from app.services.backup import backup_map, beveilig, dagelijkse_backup
from app.services.referentiedata import ensure_reference_data

log = logging.getLogger(__name__)


def open_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """Connect, apply pending migrations (backing up a SQLite file first) and make sure the
    shipped reference data exists.

    For an embedded SQLite file also: only the user may read it (data directory 0700, files
    0600), and the first start of a day takes the daily backup (a failure is logged, the app
    starts anyway)."""
    engine = make_engine(url)
    database = sqlite_path(engine)
    if database is not None:
        _beveilig(database)  # the directory first, before SQLite creates the file in it
    upgrade_database(engine)
    refresh_statistics(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        ensure_reference_data(session)
    if database is not None:
        _beveilig(database)
        try:
            backup = dagelijkse_backup(database, backup_map(database), date.today())
        except Exception:
            log.exception("De dagelijkse reservekopie van %s is niet gelukt", database)
        else:
            if backup:
                log.info("Dagelijkse reservekopie gemaakt: %s", backup)
    return engine, sessions


def _beveilig(database: Path) -> None:
    """0700/0600; the data directory itself only when the database lives in it (a database
    elsewhere, e.g. in a shared folder, does not make Koers change that folder)."""
    try:
        data_dir = config.data_dir()
        eigen_map = database.parent.resolve() == data_dir.resolve()
        beveilig(data_dir if eigen_map else None, database)
    except OSError:
        log.warning("De rechten van %s konden niet worden afgeschermd", database, exc_info=True)
