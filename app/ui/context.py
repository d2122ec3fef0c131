"""What every view needs: the sessionmaker, who is signed in (and with which roles), the change
bus and the operations helper. One `UiContext` exists per main window (and so per application).

`mag(gegeven, recht)` tells views what to hide; the services enforce the same matrix anyway.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from app.models import Medewerker, Rol, TeamType
from app.services.errors import NotFoundError, ToegangGeweigerd
from app.services.rechten import BREAK_THE_GLASS, Gegeven, Recht, mag
from app.services.toegang import RedenNodig
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
    actor_rollen: frozenset[Rol] = field(default_factory=frozenset)
    actor_teamtype: TeamType | None = None
    demo: bool = False  # a demo database: banner, title and printed documents say so

    def mag(self, gegeven: Gegeven, recht: Recht = Recht.LEZEN) -> bool:
        """May the signed-in medewerker do this (per the permission matrix)?"""
        return mag(self.actor_rollen, gegeven, recht, self.actor_teamtype)

    @property
    def mag_buiten_team(self) -> bool:
        """May open a dossier outside the team with a logged reason (break-the-glass)."""
        return bool(self.actor_rollen & BREAK_THE_GLASS)

    def rollen_tekst(self) -> str:
        return ", ".join(sorted(rol.label for rol in self.actor_rollen))

    @contextmanager
    def unit_of_work(self) -> Iterator[tuple[Session, Medewerker]]:
        """One transaction for one user action, with the acting medewerker loaded in it.

        Committed when the block ends normally, rolled back on any exception, so a refused
        action writes nothing. Never keep the session (or its objects' lazy loads) afterwards.
        A refused access (ToegangGeweigerd) is recorded in the audit trail, then re-raised.
        `RedenNodig` is not a refusal but a question (give a reason): it is not recorded.
        """
        try:
            with self.sessions.begin() as session:
                actor = session.get(Medewerker, self.actor_id)
                if actor is None:
                    raise NotFoundError("De medewerker waarmee u werkt bestaat niet (meer).")
                yield session, actor
        except RedenNodig:
            raise
        except ToegangGeweigerd as error:
            record_refusal_safely(
                self.sessions,
                actor_id=self.actor_id,
                gebruikersnaam=self.actor_gebruikersnaam,
                error=error,
            )
            raise
