"""Signing in: argon2 password hashes, five wrong passwords lock the account for 15 minutes,
and the first functioneel beheerder of an empty database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import AuditActie, Medewerker, Rol
from app.services.audit import record
from app.services.errors import DomainError
from app.services.medewerkers import nieuwe_medewerker
from app.services.wachtwoorden import hash_wachtwoord, needs_rehash, wachtwoord_klopt

MAX_POGINGEN = 5
BLOKKADE = timedelta(minutes=15)
ONJUIST = "Gebruikersnaam of wachtwoord klopt niet."


class AanmeldFout(DomainError):
    """Sign-in refused. The message never says whether the username exists."""


def aanmelden(
    sessions: sessionmaker[Session],
    *,
    gebruikersnaam: str,
    wachtwoord: str,
    now: datetime | None = None,
) -> uuid.UUID:
    """Check a username and password; return the medewerker's id.

    Runs its own transaction, committed also when the sign-in is refused, so the count of
    wrong passwords (five in a row lock the account for 15 minutes) and the audit record stay.
    """
    now = now or datetime.now(UTC)
    fout: AanmeldFout | None = None
    with sessions.begin() as session:
        medewerker = session.scalar(
            select(Medewerker).where(Medewerker.gebruikersnaam == gebruikersnaam.strip().lower())
        )
        if medewerker is None or not medewerker.actief:
            hash_wachtwoord(wachtwoord)  # spend the same time: timing must not reveal names
            raise AanmeldFout(ONJUIST)
        if medewerker.geblokkeerd_tot is not None and medewerker.geblokkeerd_tot > now:
            minuten = max(1, round((medewerker.geblokkeerd_tot - now).total_seconds() / 60))
            raise AanmeldFout(
                f"Dit account is geblokkeerd na {MAX_POGINGEN} onjuiste wachtwoorden. Probeer "
                f"het over {minuten} minuten opnieuw of vraag de functioneel beheerder."
            )
        if wachtwoord_klopt(medewerker, wachtwoord):
            medewerker.mislukte_pogingen = 0
            medewerker.geblokkeerd_tot = None
            if needs_rehash(medewerker.wachtwoord_hash):
                medewerker.wachtwoord_hash = hash_wachtwoord(wachtwoord)
            actie = AuditActie.AANGEMELD
        else:
            medewerker.mislukte_pogingen += 1
            fout = AanmeldFout(ONJUIST)
            if medewerker.mislukte_pogingen >= MAX_POGINGEN:
                medewerker.mislukte_pogingen = 0
                medewerker.geblokkeerd_tot = now + BLOKKADE
                fout = AanmeldFout(
                    f"Dit was de {MAX_POGINGEN}e keer een onjuist wachtwoord: het account is "
                    f"{int(BLOKKADE.total_seconds() // 60)} minuten geblokkeerd."
                )
            actie = AuditActie.AANMELDEN_MISLUKT
        record(session, actor=medewerker, actie=actie, onderwerp="medewerker",
               record_id=medewerker.id)  # fmt: skip
        medewerker_id = medewerker.id
    if fout is not None:
        raise fout
    return medewerker_id


def eerste_beheerder_nodig(session: Session) -> bool:
    """True on a database where nobody can sign in yet."""
    return not session.scalar(
        select(exists().where(Medewerker.wachtwoord_hash.is_not(None), Medewerker.actief))
    )


def maak_eerste_beheerder(
    session: Session, *, naam: str, gebruikersnaam: str, wachtwoord: str
) -> Medewerker:
    """The first functioneel beheerder; refused once anyone can sign in."""
    if not eerste_beheerder_nodig(session):
        raise DomainError("Er is al een functioneel beheerder; die maakt nieuwe accounts aan.")
    return nieuwe_medewerker(
        session, actor=None, naam=naam, gebruikersnaam=gebruikersnaam, wachtwoord=wachtwoord,
        rollen=[Rol.FUNCTIONEEL_BEHEERDER],
    )  # fmt: skip
