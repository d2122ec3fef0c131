"""Municipalities as users choose them."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Gemeente
from app.services.errors import NotFoundError
from app.services.text import fold


def list_gemeenten(session: Session, *, alleen_huidige: bool = True) -> list[Gemeente]:
    """Municipalities by name; by default only those that still exist (no successor)."""
    query = select(Gemeente).order_by(Gemeente.naam)
    if alleen_huidige:
        query = query.where(Gemeente.opvolger_id.is_(None))
    return list(session.scalars(query))


def get_gemeente(session: Session, gemeente_id: uuid.UUID, *, field: str = "woongemeente"):
    gemeente = session.get(Gemeente, gemeente_id)
    if gemeente is None:
        raise NotFoundError("Deze gemeente bestaat niet (meer).", field=field)
    return gemeente


def gemeenten_by_name(session: Session) -> dict[str, Gemeente]:
    """All municipalities keyed by folded name and by CBS code, for imports."""
    result: dict[str, Gemeente] = {}
    for gemeente in session.scalars(select(Gemeente)):
        result[fold(gemeente.naam)] = gemeente
        if gemeente.cbs_code:
            result[fold(gemeente.cbs_code)] = gemeente
    return result
