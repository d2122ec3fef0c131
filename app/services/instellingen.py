"""Organisation-wide settings kept in the database, so every computer of a team follows them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Instelling, Medewerker
from app.services.errors import ValidationError
from app.services.rechten import Gegeven, Recht, vereis

VERGRENDELTIJD = "vergrendeltijd_minuten"
STANDAARD_VERGRENDELTIJD = 15


def vergrendeltijd(session: Session) -> int:
    """Minutes without input after which the application locks (rules.md §7, BIO)."""
    instelling = session.get(Instelling, VERGRENDELTIJD)
    return int(instelling.waarde) if instelling else STANDAARD_VERGRENDELTIJD


def zet_vergrendeltijd(session: Session, *, actor: Medewerker, minuten: int) -> None:
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    if not 1 <= minuten <= 120:
        raise ValidationError({"minuten": "Kies een vergrendeltijd van 1 tot 120 minuten."})
    instelling = session.get(Instelling, VERGRENDELTIJD)
    if instelling is None:
        session.add(Instelling(sleutel=VERGRENDELTIJD, waarde=str(minuten)))
    else:
        instelling.waarde = str(minuten)
    session.flush()
