"""Medewerkers (app users). Until sign-in exists, Koers acts as one local user."""

from __future__ import annotations

import getpass
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Medewerker, MedewerkerRol, Rol
from app.services.errors import DomainError, NotFoundError

# The local user may do everything the later sign-in will split over roles.
LOCAL_USER_ROLES = (Rol.JOBCOACH, Rol.TEAMLEIDER, Rol.FUNCTIONEEL_BEHEERDER)


def local_username() -> str:
    try:
        return getpass.getuser() or "koers"
    except (KeyError, OSError):
        return "koers"


def ensure_local_user(session: Session, gebruikersnaam: str | None = None) -> Medewerker:
    """The medewerker Koers acts as on this computer, created on first start."""
    gebruikersnaam = gebruikersnaam or local_username()
    medewerker = session.scalar(
        select(Medewerker).where(Medewerker.gebruikersnaam == gebruikersnaam)
    )
    if medewerker is None:
        medewerker = Medewerker(
            naam=gebruikersnaam,
            gebruikersnaam=gebruikersnaam,
            rol_toewijzingen=[MedewerkerRol(rol=rol) for rol in LOCAL_USER_ROLES],
        )
        session.add(medewerker)
        session.flush()
    return medewerker


def get_by_username(session: Session, gebruikersnaam: str) -> Medewerker:
    medewerker = session.scalar(
        select(Medewerker).where(Medewerker.gebruikersnaam == gebruikersnaam.strip())
    )
    if medewerker is None:
        raise NotFoundError(f"Er is geen medewerker met gebruikersnaam '{gebruikersnaam}'.")
    if not medewerker.actief:
        raise DomainError(f"Medewerker '{gebruikersnaam}' is niet meer actief.")
    return medewerker


def get_medewerker(session: Session, medewerker_id: uuid.UUID) -> Medewerker:
    medewerker = session.get(Medewerker, medewerker_id)
    if medewerker is None:
        raise NotFoundError("Deze medewerker bestaat niet (meer).", field="regievoerder")
    return medewerker


def list_medewerkers(session: Session) -> list[Medewerker]:
    """Active medewerkers by name, e.g. to choose a regievoerder or filter on coach."""
    return list(
        session.scalars(select(Medewerker).where(Medewerker.actief).order_by(Medewerker.naam))
    )
