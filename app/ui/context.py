"""What every view needs: the sessionmaker, who is acting, the change bus and the operations
helper. One `UiContext` exists per main window (and so per application)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from app.models import Medewerker
from app.services.errors import NotFoundError, ToegangGeweigerd
from app.ui.operations import Operations, record_refusal_safely
from app.ui.signals import ChangeBus


@dataclass
class UiContext:
    sessions: sessionmaker[Session]
    actor_id: uuid.UUID
    actor_naam: str
    actor_gebruikersnaam: str
    database_label: str
    changes: ChangeBus
    operations: Operations

    @contextmanager
    def unit_of_work(self) -> Iterator[tuple[Session, Medewerker]]:
        """One transaction for one user action, with the acting medewerker loaded in it.

        Committed when the block ends normally, rolled back on any exception, so a refused
        action writes nothing. Never keep the session (or its objects' lazy loads) afterwards.
        A refused access (ToegangGeweigerd) is recorded in the audit trail, then re-raised.
        """
        try:
            with self.sessions.begin() as session:
                actor = session.get(Medewerker, self.actor_id)
                if actor is None:
                    raise NotFoundError("De medewerker waarmee u werkt bestaat niet (meer).")
                yield session, actor
        except ToegangGeweigerd as error:
            record_refusal_safely(
                self.sessions,
                actor_id=self.actor_id,
                gebruikersnaam=self.actor_gebruikersnaam,
                error=error,
            )
            raise
