"""Whether this is a demo database, and removing one in one step.

A database filled by `demo.generate_demo` (the first-start wizard or `koers demo`) carries the
instelling `DEMO` (the day it was loaded). The window title, a banner, the login dialog and
every printed document read it, so nobody mistakes an invented person for a real one.

Removing the demo deletes the embedded database file with everything in it: the demo accounts
and dossiers, but also what was typed in while trying Koers out and the audit trail, which is
append-only and so cannot be emptied row by row. Koers then starts over at the first-start
wizard. A team server is never wiped from the application: colleagues work in it, and
dropping a shared database is the job of whoever runs the server.

This module imports nothing heavy (no Faker): the main window asks `is_demo` on every start.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db import sqlite_path
from app.models import Instelling, Medewerker
from app.services.errors import DomainError
from app.services.rechten import Gegeven, Recht, vereis

log = logging.getLogger(__name__)

# Not one of instellingen.INSTELLINGEN: nobody sets it by hand, Beheer does not list it.
DEMO = "demo_geladen_op"
DEMO_WACHTWOORD = "welkom-in-koers"  # every demo account's password (demo.py uses it)
# On every page or sheet printed or written from a demo database.
DEMO_REGEL = "DEMO — verzonnen gegevens uit een demodatabase, geen echt dossier"
GEEN_DEMO = "Deze database bevat geen demogegevens; Koers verwijdert alleen een demodatabase."


def is_demo(session: Session) -> bool:
    return session.scalar(select(Instelling.sleutel).where(Instelling.sleutel == DEMO)) is not None


def markeer_als_demo(session: Session, day: date) -> None:
    """Called by generate_demo inside its one transaction, so the mark and the data come and
    go together."""
    if session.get(Instelling, DEMO) is None:
        session.add(Instelling(sleutel=DEMO, waarde=day.isoformat()))
        session.flush()


def controleer_verwijderen(session: Session, *, actor: Medewerker) -> Path:
    """The database file `verwijder_demodatabase` would delete; refused (DomainError) unless
    the actor is a functioneel beheerder and this is an embedded demo database."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    path = sqlite_path(session.get_bind().engine)  # a Connection in tests
    if path is None:
        raise DomainError(
            "Demogegevens op een teamserver verwijdert Koers niet: collega's werken in dezelfde "
            "database. Vraag wie de server beheert de database te verwijderen en opnieuw aan "
            "te maken."
        )
    if not is_demo(session):
        raise DomainError(GEEN_DEMO)
    return path


def verwijder_demodatabase(engine: Engine) -> Path:
    """Delete the embedded demo database file (and SQLite's journal files next to it).

    Checked again here, on a fresh connection, because the file is gone for good afterwards:
    only a database that still carries the demo mark is deleted. The engine is disposed
    first; nobody may use it afterwards."""
    path = sqlite_path(engine)
    if path is None:
        raise DomainError("Alleen de database op deze computer kan als demo worden verwijderd.")
    with Session(engine) as session:
        demo = is_demo(session)
    engine.dispose()
    if not demo:
        raise DomainError(GEEN_DEMO)
    for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        file.unlink(missing_ok=True)
    log.warning("Demodatabase verwijderd: %s", path)
    return path
