"""Encryption at rest of the embedded database: the file and its backups unreadable without the
key in the keyring, Koers working as before with it, and a clear message without it."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import keyring
import pytest

from app import versleuteling
from app.cli import main
from app.config import SecretStoreError
from app.services.backup import (
    BackupError,
    backup_map,
    controleer,
    dagelijkse_backup,
    herstel,
    maak_backup,
    ontsleutel,
    versleutel,
)
from app.startup import open_database
from tests.conftest import NoKeyring
from tests.services.test_backup import sjabloon  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(versleuteling.sqlcipher is None, reason="SQLCipher ontbreekt")


@pytest.fixture
def database(sjabloon, tmp_path, monkeypatch, memory_keyring) -> Path:  # noqa: F811
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    pad = tmp_path / "koers.db"
    shutil.copy(sjabloon, pad)
    return pad


def gemeenten(pad: Path) -> list[tuple]:
    """Read through Koers itself (the engine picks SQLCipher and the key)."""
    engine, _ = open_database(f"sqlite:///{pad}")
    try:
        with engine.connect() as connection:
            return sorted(map(tuple, connection.exec_driver_sql(
                "SELECT naam, inwonertal FROM gemeente")))  # fmt: skip
    finally:
        engine.dispose()


def unreadable_without_key(pad: Path) -> None:
    assert pad.read_bytes()[:16] != versleuteling.SQLITE_HEADER
    connection = sqlite3.connect(pad)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        connection.execute("SELECT * FROM gemeente").fetchall()
    connection.close()


def test_encrypt_in_place_and_keep_working(database, memory_keyring):
    voor = gemeenten(database)
    backup_map(database).mkdir(exist_ok=True)  # opening it made today's backup there too
    plain = maak_backup(database, backup_map(database) / "koers-2026-11-30.db")
    voor_migratie = maak_backup(database, database.with_name("koers-backup-20261130-120000.db"))

    verwijderd = versleutel(database)

    unreadable_without_key(database)
    assert {plain, voor_migratie} <= set(verwijderd)  # plain copies would give the data away
    assert not plain.exists() and not voor_migratie.exists()
    assert not any(p.read_bytes()[:16] == versleuteling.SQLITE_HEADER
                   for p in backup_map(database).iterdir())  # fmt: skip
    assert [naam for (_s, naam) in memory_keyring.store] == [versleuteling.sleutelnaam(database)]
    assert controleer(database, versleuteling.sleutel_van(database)) == []
    assert gemeenten(database) == voor  # Koers opens it with the key from the keyring
    engine, _ = open_database(f"sqlite:///{database}")  # writes work too
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE gemeente SET inwonertal = 12345")
    engine.dispose()
    engine, _ = open_database(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT DISTINCT inwonertal FROM gemeente").all() == [
            (12345,)
        ]
    engine.dispose()
    unreadable_without_key(database)


def test_backups_of_an_encrypted_database_are_encrypted_and_restore(database, tmp_path):
    versleutel(database)
    voor = gemeenten(database)
    backup = dagelijkse_backup(database, backup_map(database), date(2026, 12, 1))
    unreadable_without_key(backup)
    assert controleer(backup) != []  # without the key nobody can check or read it
    assert controleer(backup, versleuteling.sleutel_van(database)) == []
    engine, _ = open_database(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE gemeente SET inwonertal = 1 WHERE naam = 'Gorinchem'")
    engine.dispose()
    assert gemeenten(database) != voor

    herstel(backup, database)
    assert gemeenten(database) == voor
    unreadable_without_key(database)


def test_without_the_key_koers_says_so_and_changes_nothing(database, memory_keyring):
    versleutel(database)
    inhoud = database.read_bytes()
    memory_keyring.store.clear()
    with pytest.raises(
        versleuteling.VersleutelingFout, match="sleutel staat niet in de sleutelbos"
    ):
        open_database(f"sqlite:///{database}")
    assert database.read_bytes() == inhoud


def test_encrypting_twice_and_decrypting_plain_are_refused(database):
    with pytest.raises(BackupError, match="niet versleuteld"):
        ontsleutel(database)
    versleutel(database)
    with pytest.raises(BackupError, match="al versleuteld"):
        versleutel(database)


def test_decrypt_gives_the_plain_database_back(database):
    voor = gemeenten(database)
    versleutel(database)
    ontsleutel(database)
    assert database.read_bytes()[:16] == versleuteling.SQLITE_HEADER
    assert gemeenten(database) == voor


def test_no_keyring_no_encryption(database):
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        with pytest.raises(SecretStoreError):
            versleutel(database)
    finally:
        keyring.set_keyring(previous)
    assert database.read_bytes()[:16] == versleuteling.SQLITE_HEADER


def test_a_database_in_use_is_not_encrypted(database, memory_keyring):
    engine, _ = open_database(f"sqlite:///{database}")
    with engine.connect() as connection:  # Koers is open: its WAL cannot be folded away
        connection.exec_driver_sql("SELECT 1").all()
        with pytest.raises(BackupError, match="in gebruik"):
            versleutel(database)
    engine.dispose()
    assert memory_keyring.store == {}
    assert database.read_bytes()[:16] == versleuteling.SQLITE_HEADER


def test_cli_encrypts_after_confirmation(database, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    url = f"sqlite:///{database}"
    assert main(["--database", url, "versleutel"]) == 1
    assert "Bevestig met --ja" in capsys.readouterr().err
    assert main(["--database", url, "versleutel", "--ja"]) == 0
    assert "is versleuteld" in capsys.readouterr().out
    unreadable_without_key(database)
    assert main(["--database", url, "db", "check"]) == 0
    assert "Database in orde." in capsys.readouterr().out
    assert main(["--database", url, "versleutel", "--uit", "--ja"]) == 0
    assert database.read_bytes()[:16] == versleuteling.SQLITE_HEADER
