"""Password hashes (argon2) and the password rules. Passwords are never stored or logged."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.models import Medewerker
from app.services.errors import ValidationError

MIN_LENGTE = 10

_hasher = PasswordHasher()


def hash_wachtwoord(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def needs_rehash(wachtwoord_hash: str) -> bool:
    return _hasher.check_needs_rehash(wachtwoord_hash)


def check_wachtwoord_sterkte(wachtwoord: str, *, gebruikersnaam: str = "") -> None:
    if len(wachtwoord) < MIN_LENGTE:
        raise ValidationError(
            {"wachtwoord": f"Kies een wachtwoord van minstens {MIN_LENGTE} tekens."}
        )
    if gebruikersnaam and gebruikersnaam.casefold() in wachtwoord.casefold():
        raise ValidationError({"wachtwoord": "Het wachtwoord mag de gebruikersnaam niet bevatten."})


def wachtwoord_klopt(medewerker: Medewerker, wachtwoord: str) -> bool:
    """Also used to unlock an idle session with the signed-in user's own password."""
    return hash_klopt(medewerker.wachtwoord_hash, wachtwoord)


def hash_klopt(wachtwoord_hash: str | None, wachtwoord: str) -> bool:
    if not wachtwoord_hash:
        return False
    try:
        return _hasher.verify(wachtwoord_hash, wachtwoord)
    except (VerificationError, InvalidHashError):
        return False
