"""Encryption at rest of the embedded database (opt-in): SQLCipher, the key in the keyring.

A laptop can be stolen; with `koers versleutel` the database file (and every backup made from
then on) is encrypted with a random 256-bit key that lives only in the operating system's
keyring, under a name tied to the database's path. Koers opens an encrypted file with the
SQLCipher build of SQLite (`sqlcipher3`), a plain one with Python's own `sqlite3`: which one is
decided by the file's first bytes, so nothing else needs configuring. Encrypting first writes
an encrypted copy beside the file, checks it and then renames it into place, so a crash leaves
either the plain or the encrypted database, never half of one; afterwards the plain copies
(daily backups, backups before migrations or a restore) are removed, since they would give the
data away. Without the key an encrypted database or backup cannot be read by anyone, Koers
included: the message says so.

This module holds the primitives (which driver, the key, connecting, exporting); encrypting
and decrypting a database in place are in app/services/backup.py with the other safety work.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from app import config
from app.services.errors import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"

try:  # only where a binary wheel exists (see pyproject.toml)
    from sqlcipher3 import dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - depends on the platform
    sqlcipher = None

# What either driver raises; code that opens files of both kinds catches this.
FOUTEN: tuple[type[Exception], ...] = (sqlite3.Error,) + (
    (sqlcipher.Error,) if sqlcipher is not None else ()
)


class VersleutelingFout(DomainError):
    """Encrypting or opening an encrypted database is not possible; the message is Dutch."""


def sleutelnaam(database: Path) -> str:
    return f"sqlcipher:{database.resolve()}"


def sleutel_van(database: Path) -> str | None:
    """The key of this database from the keyring (also the key of its backups)."""
    return config.load_secret(sleutelnaam(database))


def is_versleuteld(pad: Path) -> bool:
    """True for an existing, non-empty file that does not start as a plain SQLite file."""
    try:
        with open(pad, "rb") as file:
            begin = file.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(begin) and begin != SQLITE_HEADER


def module() -> ModuleType:
    if sqlcipher is None:
        raise VersleutelingFout(
            "Versleuteling van de database is op deze computer niet beschikbaar (SQLCipher "
            "ontbreekt)."
        )
    return sqlcipher


def zet_sleutel(connection: Any, sleutel: str) -> None:
    """The first statement on a SQLCipher connection: the raw 256-bit key (hex)."""
    connection.execute(f"PRAGMA key = \"x'{_hex(sleutel)}'\"")


def sleutel_nodig(database: Path) -> str:
    """The key of an encrypted database, or a message that says what is wrong."""
    module()
    sleutel = sleutel_van(database)
    if sleutel is None:
        raise VersleutelingFout(
            f"De database {database} is versleuteld, maar de sleutel staat niet in de "
            "sleutelbos van deze computer (of de sleutelbos is op slot). Zonder die sleutel "
            "kan niemand de gegevens lezen, ook Koers niet."
        )
    return sleutel


def verbind(pad: Path, sleutel: str | None = None, *, alleen_lezen: bool = False,
            timeout: float = 10) -> Any:  # fmt: skip
    """A DB-API connection to a SQLite file, plain or (with `sleutel`) encrypted."""
    doel: str | Path = f"{pad.resolve().as_uri()}?mode=ro" if alleen_lezen else pad
    if sleutel is None:
        return sqlite3.connect(doel, uri=alleen_lezen, timeout=timeout)
    connection = module().connect(str(doel), uri=alleen_lezen, timeout=timeout)
    zet_sleutel(connection, sleutel)
    return connection


def exporteer(database: Path, doel: Path, *, van: str | None, naar: str | None) -> None:
    """Copy every table into a new file with SQLCipher's export, from key `van` to key `naar`
    (None: plain)."""
    connection = module().connect(str(database), timeout=10)
    try:
        if van is not None:
            zet_sleutel(connection, van)
        sleutel = f"x'{_hex(naar)}'" if naar is not None else ""
        connection.execute(f'ATTACH DATABASE ? AS doel KEY "{sleutel}"', (str(doel),))
        connection.execute("SELECT sqlcipher_export('doel')")
        connection.execute("DETACH DATABASE doel")
    finally:
        connection.close()


def _hex(sleutel: str) -> str:
    if len(sleutel) != 64 or any(c not in "0123456789abcdef" for c in sleutel.lower()):
        raise VersleutelingFout("De sleutel in de sleutelbos heeft niet de verwachte vorm.")
    return sleutel.lower()
