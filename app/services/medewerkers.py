"""Medewerkers (the users of Koers): accounts, roles and teams."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, selectinload

from app.models import AuditActie, Medewerker, MedewerkerRol, Rol, Team
from app.services.audit import record
from app.services.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    ValidationError,
    gelijktijdig_bewaakt,
)
from app.services.rechten import Gegeven, Recht, vereis
from app.services.wachtwoorden import check_wachtwoord_sterkte, hash_wachtwoord


def get_by_username(session: Session, gebruikersnaam: str) -> Medewerker:
    medewerker = session.scalar(
        select(Medewerker).where(Medewerker.gebruikersnaam == gebruikersnaam.strip().lower())
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


def list_medewerkers(
    session: Session, *, team_id: uuid.UUID | None = None
) -> Sequence[Row[tuple[uuid.UUID, str, str]]]:
    """Active medewerkers (of one team, when given) by name, e.g. to choose a regievoerder or
    filter on coach: id, naam and gebruikersnaam only (a choice list of 2,000 medewerkers as
    ORM objects took a quarter of a second of every start and of every dossier opened)."""
    query = select(Medewerker.id, Medewerker.naam, Medewerker.gebruikersnaam).where(
        Medewerker.actief)  # fmt: skip
    if team_id is not None:
        query = query.where(Medewerker.team_id == team_id)
    return session.execute(query.order_by(Medewerker.naam)).all()


def medewerkers_met_rol(session: Session, rol: Rol) -> list[Medewerker]:
    """Active medewerkers with this role by name, e.g. to choose a werkcoach (a jobcoach) or
    the accountmanager of a trajectory."""
    return list(
        session.scalars(
            select(Medewerker)
            .join(MedewerkerRol, MedewerkerRol.medewerker_id == Medewerker.id)
            .where(Medewerker.actief, MedewerkerRol.rol == rol)
            .order_by(Medewerker.naam)
        )
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
                   "rollen": (None, _rollen_tekst(rollen))})  # fmt: skip
    return medewerker


def wijzig_medewerker(
    session: Session,
    *,
    actor: Medewerker,
    medewerker_id: uuid.UUID,
    versie: int,
    naam: str,
    rollen: Sequence[Rol],
    team_id: uuid.UUID | None,
    gemeente_id: uuid.UUID | None,
    actief: bool,
) -> Medewerker:
    vereis(actor, Gegeven.MEDEWERKERS, Recht.WIJZIGEN)
    medewerker = get_medewerker(session, medewerker_id)
    if medewerker.versie != versie:
        raise ConflictError("Deze medewerker")
    errors: dict[str, str] = {}
    naam = " ".join(naam.split())
    if not naam:
        errors["naam"] = "Vul de naam van de medewerker in."
    if not rollen:
        errors["rollen"] = "Kies minstens één rol."
    if Rol.KLANTMANAGER_GEMEENTE in rollen and gemeente_id is None:
        errors["gemeente"] = "Kies de gemeente van de klantmanager."
    if medewerker.id == actor.id and (Rol.FUNCTIONEEL_BEHEERDER not in rollen or not actief):
        errors["rollen"] = "U kunt uw eigen beheerrechten niet intrekken; vraag een collega."
    if errors:
        raise ValidationError(errors)
    oud = {"naam": medewerker.naam, "rollen": _rollen_tekst(medewerker.rollen),
           "team_id": medewerker.team_id, "gemeente_id": medewerker.gemeente_id,
           "actief": medewerker.actief}  # fmt: skip
    nieuw = {"naam": naam, "rollen": _rollen_tekst(rollen), "team_id": team_id,
             "gemeente_id": gemeente_id, "actief": actief}  # fmt: skip
    medewerker.naam, medewerker.team_id = naam, team_id
    medewerker.gemeente_id, medewerker.actief = gemeente_id, actief
    gewenst = set(rollen)
    medewerker.rol_toewijzingen = [t for t in medewerker.rol_toewijzingen if t.rol in gewenst] + [
        MedewerkerRol(rol=rol) for rol in gewenst - medewerker.rollen
    ]
    # Roles are rows of their own: touch the medewerker, so its version guards them too (a
    # colleague's role change is otherwise undone by a later save from an older screen).
    medewerker.gewijzigd_op = func.now()
    with gelijktijdig_bewaakt("Deze medewerker"):
        session.flush()
    veranderd = {k: (oud[k], nieuw[k]) for k in oud if oud[k] != nieuw[k]}
    if veranderd:
        record(session, actor=actor, actie=AuditActie.GEBRUIKER_BEHEERD, onderwerp="medewerker",
               record_id=medewerker.id, velden=veranderd)  # fmt: skip
    return medewerker


def reset_wachtwoord(
    session: Session, *, actor: Medewerker, medewerker_id: uuid.UUID, wachtwoord: str
) -> None:
    """Set a new password (the user should change it); also lifts a block after wrong tries."""
    vereis(actor, Gegeven.MEDEWERKERS, Recht.WIJZIGEN)
    medewerker = get_medewerker(session, medewerker_id)
    check_wachtwoord_sterkte(wachtwoord, gebruikersnaam=medewerker.gebruikersnaam)
    medewerker.wachtwoord_hash = hash_wachtwoord(wachtwoord)
    medewerker.mislukte_pogingen = 0
    medewerker.geblokkeerd_tot = None
    record(session, actor=actor, actie=AuditActie.GEBRUIKER_BEHEERD, onderwerp="medewerker",
           record_id=medewerker.id, reden="Wachtwoord opnieuw ingesteld")  # fmt: skip
    session.flush()


def overzicht_medewerkers(session: Session, *, actor: Medewerker) -> list[Medewerker]:
    """Every account with roles, team and state, for user management."""
    vereis(actor, Gegeven.MEDEWERKERS, Recht.LEZEN)
    return list(
        session.scalars(
            select(Medewerker).options(selectinload(Medewerker.team)).order_by(Medewerker.naam)
        )
    )


def list_teams(session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.naam)))


def _rollen_tekst(rollen) -> str:
    return ", ".join(sorted(r.value for r in rollen))
