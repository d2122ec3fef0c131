"""Safety of the embedded SQLite database: backups, integrity checks, restore and permissions.

Backups use SQLite's online backup API, which copies a consistent snapshot (including what is
still in the WAL file) while the application keeps running. Every file is written beside its
destination under a temporary name and renamed into place, so a crash never leaves half a backup
or half a restored database behind. A backup is a self-contained file (journal mode DELETE).

The first start of a day makes `backups/koers-JJJJ-MM-DD.db` beside the database (for the
embedded database that is the data directory); rotation keeps the 7 newest of those plus, for
the 4 most recent ISO weeks before the oldest of them, the newest backup of each week. Other
files in that folder (`koers backup`, backups before migrations) are never deleted by rotation.

A PostgreSQL team server is backed up on the server itself (pg_dump); these functions are for
SQLite files only.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app import config, versleuteling
from app.services.errors import DomainError

BACKUP_MAP = "backups"
DAGELIJKS = re.compile(r"^koers-(\d{4})-(\d{2})-(\d{2})\.db$")
DAGELIJKS_BEWAARD = 7
WEKEN_BEWAARD = 4
POSTGRESQL_MELDING = (
    "Dit is een PostgreSQL-database op een teamserver: reservekopieën (pg_dump), controles en "
    "herstel worden op de server gedaan door de beheerder, niet door Koers."
)


class BackupError(DomainError):
    """A backup, check or restore that cannot be done; the message is Dutch."""


def database_bestand(bron: Engine | str | Path) -> Path:
    """The SQLite file behind an engine, URL or path; refuses PostgreSQL and `:memory:`."""
    if isinstance(bron, Path):
        return bron
    url = make_url(bron.url if isinstance(bron, Engine) else bron)
    if url.get_backend_name() != "sqlite":
        raise BackupError(POSTGRESQL_MELDING)
    if url.database in (None, "", ":memory:"):
        raise BackupError("Een database die alleen in het geheugen staat, heeft geen bestand om "
                          "een reservekopie van te maken.")  # fmt: skip
    return Path(url.database)


def backup_map(database: Path) -> Path:
    """The folder for backups of this database: `backups` beside it (in the data directory)."""
    return database.parent / BACKUP_MAP


def backup_naam(database: Path, nu: datetime | None = None) -> str:
    """`koers-backup-JJJJmmdd-HHMMSS.db`, the naming of the backup taken before migrations."""
    stamp = (nu or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{database.stem}-backup-{stamp}{database.suffix}"


def maak_backup(bron: Engine | str | Path, doel: Path, *, sleutel: str | None = None) -> Path:
    """Copy the SQLite database to `doel` (mode 0600) with the online backup API.

    An encrypted database is copied encrypted, with its own key from the keyring, or with
    `sleutel` (restoring a backup: the key of the database it belongs to).

    Consistent while other connections read or write: the copy is the state of the last commit
    before it started. Written to a temporary file in the target folder, then renamed.
    """
    database = database_bestand(bron)
    if not database.is_file():
        raise BackupError(f"Er is geen database om een reservekopie van te maken: {database}")
    # The copy of an encrypted database is encrypted with the same key.
    if not versleuteling.is_versleuteld(database):
        sleutel = None
    elif sleutel is None:
        sleutel = versleuteling.sleutel_nodig(database)
    if not doel.parent.is_dir():
        raise BackupError(f"De map voor de reservekopie bestaat niet: {doel.parent}")
    handle, naam = tempfile.mkstemp(dir=doel.parent, prefix=f".{doel.name}.", suffix=".tmp")
    os.close(handle)  # mkstemp made it 0600; SQLite writes into the empty file
    tijdelijk = Path(naam)
    try:
        source = versleuteling.verbind(database, sleutel, alleen_lezen=True)
        try:
            target = versleuteling.verbind(tijdelijk, sleutel)
            try:
                source.backup(target)
                # One self-contained file: no -wal beside the copy.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        with open(tijdelijk, "rb+") as file:
            os.fsync(file.fileno())
        _chmod(tijdelijk, 0o600)
        os.replace(tijdelijk, doel)
    except versleuteling.FOUTEN as error:
        raise BackupError(
            f"De reservekopie van {database} kon niet worden gemaakt: {error}"
        ) from None
    finally:
        tijdelijk.unlink(missing_ok=True)
        Path(f"{tijdelijk}-journal").unlink(missing_ok=True)
    return doel


def controleer(pad: Path, sleutel: str | None = None) -> list[str]:
    """Problems found in a Koers SQLite file, in Dutch; an empty list means it is sound.

    Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check`. A missing file, a file that
    is not SQLite, a truncated or otherwise damaged one gives a problem, never an exception.
    An encrypted file is read with `sleutel` (the key of the database it belongs to).
    """
    if not pad.is_file():
        return [f"Het bestand bestaat niet: {pad}"]
    if pad.stat().st_size == 0:
        return [f"{pad} is leeg: geen SQLite-database (en dus geen database of reservekopie van "
                "Koers)."]  # fmt: skip
    if versleuteling.is_versleuteld(pad) and sleutel is None:
        return [f"{pad} is geen SQLite-database, of een versleutelde waarvoor deze computer "
                "geen sleutel heeft."]  # fmt: skip
    if not versleuteling.is_versleuteld(pad):
        sleutel = None
    try:
        connection = versleuteling.verbind(pad, sleutel, alleen_lezen=True)
    except versleuteling.FOUTEN as error:
        return [f"{pad} kan niet worden geopend: {error}"]
    try:
        problemen = [
            f"Integriteit: {regel}"
            for (regel,) in connection.execute("PRAGMA integrity_check")
            if regel != "ok"
        ]
        for tabel, rowid, doel, _ in connection.execute("PRAGMA foreign_key_check"):
            problemen.append(f"Verwijzing: rij {rowid} van tabel {tabel} verwijst naar een rij in "
                             f"{doel} die niet bestaat.")  # fmt: skip
        heeft_versie = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not problemen and not heeft_versie:
            problemen.append(f"{pad} is een SQLite-database, maar geen database van Koers.")
    except versleuteling.FOUTEN as error:
        if sleutel is not None:
            return [f"{pad} kan met de sleutel van deze database niet worden gelezen: het is "
                    f"beschadigd of met een andere sleutel versleuteld ({error})."]  # fmt: skip
        return [f"{pad} is beschadigd en kan niet worden gelezen: {error}"]
    finally:
        connection.close()
    return problemen


def herstel(backup: Path, database: Path, *, nu: datetime | None = None) -> Path | None:
    """Replace `database` by the backup, after checking the backup; returns where the replaced
    database was kept (`<naam>-voor-herstel-<tijd>.db`), or None when there was none.

    A damaged backup is refused and nothing changes. Koers must not have the database open
    elsewhere while it is restored.
    """
    problemen = controleer(backup, versleuteling.sleutel_van(database))
    if problemen:
        raise BackupError(f"De reservekopie {backup} is niet in orde; er is niets hersteld.\n"
                          + "\n".join(problemen))  # fmt: skip
    if not database.parent.is_dir():
        raise BackupError(f"De map van de database bestaat niet: {database.parent}")
    bewaard = None
    if database.exists():
        stamp = (nu or datetime.now()).strftime("%Y%m%d-%H%M%S")
        bewaard = maak_backup(
            database, database.with_name(f"{database.stem}-voor-herstel-{stamp}{database.suffix}")
        )
        sluit_wal(database, versleuteling.sleutel_van(database))
    maak_backup(backup, database, sleutel=versleuteling.sleutel_van(database))
    beveilig(None, database)
    return bewaard


def sluit_wal(database: Path, sleutel: str | None = None) -> None:
    """Fold the WAL into the file and switch it off, so no -wal of the old database is applied
    to the restored one. Refused while another program holds the database open."""
    try:
        connection = versleuteling.verbind(database, sleutel, timeout=2)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            modus = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            connection.close()
    except versleuteling.FOUTEN as error:
        raise BackupError(f"De database is in gebruik of beschadigd ({error}); sluit Koers en "
                          "probeer het opnieuw. Er is niets veranderd.") from None  # fmt: skip
    if str(modus).lower() != "delete":
        raise BackupError("De database is nog in gebruik; sluit Koers overal en probeer het "
                          "opnieuw. Er is niets veranderd.")  # fmt: skip
    for extra in ("-wal", "-shm"):
        Path(f"{database}{extra}").unlink(missing_ok=True)


def dagelijkse_backup(database: Path, map: Path, vandaag: date) -> Path | None:
    """On the first start of a day, back up to `map/koers-JJJJ-MM-DD.db` and rotate.

    Returns the new backup, or None when today's exists already or there is no database yet.
    """
    if not database.is_file():
        return None
    map.mkdir(mode=0o700, parents=True, exist_ok=True)
    _chmod(map, 0o700)
    doel = map / f"koers-{vandaag.isoformat()}.db"
    if doel.exists():
        return None
    maak_backup(database, doel)
    roteer(map)
    return doel


def te_bewaren(datums: list[date]) -> set[date]:
    """Which daily backups rotation keeps: the 7 newest, and of each of the 4 most recent ISO
    weeks before the oldest of those, the newest."""
    nieuwste = sorted(set(datums), reverse=True)
    bewaard = set(nieuwste[:DAGELIJKS_BEWAARD])
    if len(nieuwste) <= DAGELIJKS_BEWAARD:
        return bewaard
    grens = nieuwste[DAGELIJKS_BEWAARD - 1].isocalendar()[:2]
    weken: dict[tuple[int, int], date] = {}
    for datum in nieuwste[DAGELIJKS_BEWAARD:]:
        week = datum.isocalendar()[:2]
        if week < grens and week not in weken and len(weken) < WEKEN_BEWAARD:
            weken[week] = datum  # newest first, so the first of a week is its newest
    return bewaard | set(weken.values())


def roteer(map: Path) -> list[Path]:
    """Delete the daily backups rotation does not keep; returns the deleted files. Files not
    named like a daily backup are left alone."""
    dagelijks: dict[date, Path] = {}
    for pad in map.iterdir():
        match = DAGELIJKS.match(pad.name)
        if match and pad.is_file():
            with contextlib.suppress(ValueError):
                dagelijks[date(*(int(g) for g in match.groups()))] = pad
    houden = te_bewaren(list(dagelijks))
    weg = [pad for datum, pad in sorted(dagelijks.items()) if datum not in houden]
    for pad in weg:
        pad.unlink(missing_ok=True)
    return weg


def beveilig(data_dir: Path | None, database: Path) -> None:
    """Only the user may enter the data directory (0700) and read or write the database and
    its -wal/-shm files (0600). Does nothing on Windows, where the profile folder is private."""
    if os.name != "posix":
        return
    if data_dir is not None and data_dir.is_dir():
        _chmod(data_dir, 0o700)
    for pad in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if pad.is_file():
            _chmod(pad, 0o600)
    if backup_map(database).is_dir():
        _chmod(backup_map(database), 0o700)


def _chmod(pad: Path, modus: int) -> None:
    if os.name == "posix":
        os.chmod(pad, modus)


# --- encryption at rest (see app/versleuteling.py) ----------------------------------------


def versleutel(database: Path) -> list[Path]:
    """Encrypt the embedded database in place with a new key kept in the keyring; returns the
    plain copies that were removed. Koers must be closed."""
    versleuteling.module()
    if not database.is_file():
        raise BackupError(f"Er is geen database om te versleutelen: {database}")
    if versleuteling.is_versleuteld(database):
        raise BackupError(f"De database {database} is al versleuteld.")
    if problemen := controleer(database):
        raise BackupError("De database is niet in orde; er is niets versleuteld.\n"
                          + "\n".join(problemen))  # fmt: skip
    sleutel = secrets.token_hex(32)
    # Stored first: without a keyring this fails and nothing has changed.
    config.store_secret(versleuteling.sleutelnaam(database), sleutel)
    try:
        sluit_wal(database)
        _vervang(database, van=None, naar=sleutel)
    except Exception:
        config.delete_secret(versleuteling.sleutelnaam(database))
        raise
    return verwijder_onversleutelde_kopieen(database)


def ontsleutel(database: Path) -> None:
    """Back to a plain database file. The key stays in the keyring: the encrypted backups made
    meanwhile still need it."""
    if not versleuteling.is_versleuteld(database):
        raise BackupError(f"De database {database} is niet versleuteld.")
    sleutel = versleuteling.sleutel_nodig(database)
    sluit_wal(database, sleutel)
    _vervang(database, van=sleutel, naar=None)


def _vervang(database: Path, *, van: str | None, naar: str | None) -> None:
    """Export to a temporary file beside the database, check it, then rename it into place."""
    handle, naam = tempfile.mkstemp(dir=database.parent, prefix=f".{database.name}.",
                                    suffix=".tmp")  # fmt: skip
    os.close(handle)
    tijdelijk = Path(naam)
    tijdelijk.unlink()  # SQLCipher's ATTACH creates the file itself
    try:
        versleuteling.exporteer(database, tijdelijk, van=van, naar=naar)
        if problemen := controleer(tijdelijk, sleutel=naar):
            raise BackupError("De omgezette database klopt niet; er is niets veranderd.\n"
                              + "\n".join(problemen))  # fmt: skip
        _chmod(tijdelijk, 0o600)
        with open(tijdelijk, "rb+") as file:
            os.fsync(file.fileno())
        os.replace(tijdelijk, database)
        _sync_map(database.parent)
        beveilig(None, database)
    except versleuteling.FOUTEN as error:
        raise BackupError(f"Omzetten van de database is mislukt: {error}. Er is niets "
                          "veranderd.") from None  # fmt: skip
    finally:
        tijdelijk.unlink(missing_ok=True)


def verwijder_onversleutelde_kopieen(database: Path) -> list[Path]:
    """The plain copies of an encrypted database (its backups, the copies made before a
    migration or a restore) give the data away: remove them."""
    naam, ext = database.stem, database.suffix
    kandidaten = [*backup_map(database).glob("*.db"),
                  *database.parent.glob(f"{naam}-backup-*{ext}"),
                  *database.parent.glob(f"{naam}-voor-herstel-*{ext}")]  # fmt: skip
    weg = []
    for pad in kandidaten:
        if pad.is_file() and not versleuteling.is_versleuteld(pad):
            pad.unlink()
            weg.append(pad)
    return weg


def _sync_map(map: Path) -> None:
    if os.name != "posix":
        return
    handle = os.open(map, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
