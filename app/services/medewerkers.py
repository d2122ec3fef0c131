"""Medewerkers (app users). Until sign-in exists, Koers acts as one local user."""

from __future__ import annotations

import getpass
import re
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditActie, Medewerker, MedewerkerRol, Rol
from app.services.audit import record
from app.services.errors import DomainError, NotFoundError, ValidationError
from app.services.rechten import Gegeven, Recht, vereis
from app.services.wachtwoorden import check_wachtwoord_sterkte, hash_wachtwoord

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


_GEBRUIKERSNAAM = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def nieuwe_medewerker(
    session: Session,
    *,
    actor: Medewerker | None,
    naam: str,
    gebruikersnaam: str,
    wachtwoord: str,
    rollen: Sequence[Rol],
    team_id: uuid.UUID | None = None,
    gemeente_id: uuid.UUID | None = None,
) -> Medewerker:
    """Create an account. Only a functioneel beheerder may (`actor=None` is reserved for the
    first functioneel beheerder of an empty database, see `aanmelden.maak_eerste_beheerder`)."""
    if actor is not None:
        vereis(actor, Gegeven.MEDEWERKERS, Recht.WIJZIGEN)
    errors: dict[str, str] = {}
    naam = " ".join(naam.split())
    gebruikersnaam = gebruikersnaam.strip().lower()
    if not naam:
        errors["naam"] = "Vul de naam van de medewerker in."
    if not _GEBRUIKERSNAAM.match(gebruikersnaam):
        errors["gebruikersnaam"] = (
            "Kies een gebruikersnaam van 2 tot 64 tekens: kleine letters, cijfers, punt, "
            "streepje of liggend streepje."
        )
    elif session.scalar(select(Medewerker.id).where(Medewerker.gebruikersnaam == gebruikersnaam)):
        errors["gebruikersnaam"] = f"De gebruikersnaam '{gebruikersnaam}' is al in gebruik."
    try:
        check_wachtwoord_sterkte(wachtwoord, gebruikersnaam=gebruikersnaam)
    except ValidationError as error:
        errors.update(error.errors)
    if not rollen:
        errors["rollen"] = "Kies minstens één rol."
    if Rol.KLANTMANAGER_GEMEENTE in rollen and gemeente_id is None:
        errors["gemeente"] = "Kies de gemeente van de klantmanager."
    if errors:
        raise ValidationError(errors)
    medewerker = Medewerker(
        naam=naam,
        gebruikersnaam=gebruikersnaam,
        wachtwoord_hash=hash_wachtwoord(wachtwoord),
        team_id=team_id,
        gemeente_id=gemeente_id,
        rol_toewijzingen=[MedewerkerRol(rol=rol) for rol in dict.fromkeys(rollen)],
    )
    session.add(medewerker)
    session.flush()
    record(session, actor=actor or medewerker, actie=AuditActie.GEBRUIKER_BEHEERD,
           onderwerp="medewerker", record_id=medewerker.id,
           velden={"gebruikersnaam": (None, gebruikersnaam),
                   "rollen": (None, ", ".join(sorted(r.value for r in rollen)))})  # fmt: skip
    return medewerker
