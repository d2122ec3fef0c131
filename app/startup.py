"""Opening a database the way both the GUI and the CLI need it."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_sessionmaker, refresh_statistics, upgrade_database
from app.services.referentiedata import ensure_reference_data


def open_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """Connect, apply pending migrations (backing up a SQLite file first) and make sure the
    shipped reference data exists."""
    engine = make_engine(url)
    upgrade_database(engine)
    refresh_statistics(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        ensure_reference_data(session)
    return engine, sessions
