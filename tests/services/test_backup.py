"""Backups, integrity checks, restore, rotation and permissions of the embedded database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.services.backup import (
    BackupError,
    backup_map,
    beveilig,
    controleer,
    dagelijkse_backup,
    database_bestand,
    herstel,
    maak_backup,
    roteer,
    te_bewaren,
)
from app.startup import open_database


@pytest.fixture(scope="module")
def sjabloon(tmp_path_factory) -> Path:
    """A migrated Koers database with reference data, made once and copied per test."""
    pad = tmp_path_factory.mktemp("sjabloon") / "koers.db"
    engine, _ = open_database(f"sqlite:///{pad}")
    engine.dispose()
    return pad


@pytest.fixture
def database(sjabloon, tmp_path) -> Path:
    pad = tmp_path / "koers.db"
    shutil.copy(sjabloon, pad)
    return pad


def inhoud(pad: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    connection = sqlite3.connect(pad)
    try:
        tabellen = [naam for (naam,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        return {t: sorted(map(repr, connection.execute(f'SELECT * FROM "{t}"'))) for t in tabellen}
    finally:
        connection.close()


def wijzig(pad: Path) -> None:
    """Change, add and delete rows, as a day's work would."""
    connection = sqlite3.connect(pad)
    with connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("UPDATE gemeente SET naam = naam || ' (gewijzigd)' WHERE rowid % 2 = 0")
        connection.execute("DELETE FROM werkgeverslasten")
        connection.execute("CREATE TABLE extra (x)")
        connection.execute("INSERT INTO extra VALUES (1)")
    connection.close()


def beschadig(pad: Path) -> None:
    """Overwrite bytes in the middle of the file."""
    grootte = pad.stat().st_size
    with open(pad, "r+b") as file:
        file.seek(grootte // 2)
        file.write(b"\xff" * 4096)


def modus(pad: Path) -> int:
    return stat.S_IMODE(pad.stat().st_mode)


def test_backup_while_another_connection_writes_is_consistent(database, tmp_path):
    voor = inhoud(database)
    schrijver = sqlite3.connect(database, isolation_level=None)
    schrijver.execute("PRAGMA journal_mode=WAL")
    schrijver.execute("BEGIN IMMEDIATE")
    schrijver.execute("UPDATE gemeente SET naam = naam || ' half'")
    schrijver.execute("DELETE FROM werkgeverslasten")
    try:
        doel = maak_backup(f"sqlite:///{database}", tmp_path / "kopie.db")
    finally:
        schrijver.execute("ROLLBACK")
        schrijver.close()
    assert controleer(doel) == []
    assert inhoud(doel) == voor
    assert modus(doel) == 0o600
    assert not Path(f"{doel}-wal").exists()  # a self-contained file
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_includes_committed_changes_still_in_the_wal(database, tmp_path):
    lezer = sqlite3.connect(database)  # keeps the WAL from being checkpointed away
    lezer.execute("PRAGMA journal_mode=WAL")
    wijzig(database)
    assert Path(f"{database}-wal").stat().st_size > 0
    doel = maak_backup(database, tmp_path / "kopie.db")
    lezer.close()
    assert inhoud(doel) == inhoud(database)


def test_restore_gives_back_exactly_the_data_of_the_backup(database, tmp_path):
    voor = inhoud(database)
    backup = maak_backup(database, tmp_path / "kopie.db")
    wijzig(database)
    assert inhoud(database) != voor
    bewaard = herstel(backup, database, nu=datetime(2026, 11, 23, 9, 30, 0))
    assert inhoud(database) == voor
    assert bewaard == tmp_path / "koers-voor-herstel-20261123-093000.db"
    assert "extra" in inhoud(bewaard)  # the replaced database, with the later changes
    assert controleer(database) == []
    assert modus(database) == 0o600


def test_restore_over_a_crashed_database_with_a_wal_uses_only_the_backup(database, tmp_path):
    voor = inhoud(database)
    backup = maak_backup(database, tmp_path / "kopie.db")
    # A crash: committed changes only in the -wal, not yet in the database file.
    lezer = sqlite3.connect(database)
    lezer.execute("SELECT count(*) FROM gemeente").fetchone()
    wijzig(database)
    wal = Path(f"{database}-wal")
    crash = {pad: pad.read_bytes() for pad in (database, wal)}
    lezer.close()
    for pad, data in crash.items():
        pad.write_bytes(data)
    Path(f"{database}-shm").unlink(missing_ok=True)
    assert wal.stat().st_size > 0
    bewaard = herstel(backup, database)
    assert not wal.exists()
    assert inhoud(database) == voor
    assert "extra" in inhoud(bewaard)  # the kept file has what was in the old -wal


def test_corrupted_backup_is_refused_and_changes_nothing(database, tmp_path):
    backup = maak_backup(database, tmp_path / "kopie.db")
    beschadig(backup)
    wijzig(database)
    voor = inhoud(database)
    bestanden = sorted(p.name for p in tmp_path.iterdir())
    assert controleer(backup)
    with pytest.raises(BackupError, match="niet in orde; er is niets hersteld"):
        herstel(backup, database)
    assert inhoud(database) == voor
    assert sorted(p.name for p in tmp_path.iterdir()) == bestanden


@pytest.mark.parametrize(
    ("inhoud_bestand", "melding"),
    [
        (b"dit is tekst, geen database\n" * 100, "geen SQLite-database"),
        (None, "beschadigd"),  # truncated: the first half of a real database
        (b"", "geen SQLite-database"),
    ],
)
def test_check_gives_a_dutch_problem_for_bad_files(database, tmp_path, inhoud_bestand, melding):
    pad = tmp_path / "slecht.db"
    if inhoud_bestand is None:
        data = database.read_bytes()
        pad.write_bytes(data[: len(data) // 2])
    else:
        pad.write_bytes(inhoud_bestand)
    problemen = controleer(pad)
    assert problemen and melding in problemen[0]


def test_check_of_a_missing_file_and_of_a_foreign_sqlite_file(tmp_path):
    assert controleer(tmp_path / "weg.db") == [f"Het bestand bestaat niet: {tmp_path / 'weg.db'}"]
    vreemd = tmp_path / "vreemd.db"
    sqlite3.connect(vreemd).execute("CREATE TABLE x (a)").connection.close()
    assert "geen database van Koers" in controleer(vreemd)[0]


def test_check_reports_broken_references(database):
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE gemeente SET opvolger_id = '00112233445566778899aabbccddeeff'")
    connection.close()
    problemen = controleer(database)
    assert problemen and all("verwijst naar een rij in gemeente" in p for p in problemen)


def test_postgresql_and_memory_are_refused():
    with pytest.raises(BackupError, match="pg_dump"):
        database_bestand("postgresql+psycopg://koers@server/koers")
    with pytest.raises(BackupError, match="geheugen"):
        database_bestand("sqlite:///:memory:")


def test_backup_of_a_missing_database_or_into_a_missing_folder(database, tmp_path):
    with pytest.raises(BackupError, match="geen database"):
        maak_backup(tmp_path / "weg.db", tmp_path / "kopie.db")
    with pytest.raises(BackupError, match="map voor de reservekopie bestaat niet"):
        maak_backup(database, tmp_path / "weg" / "kopie.db")


def test_daily_backup_once_per_day(database):
    map = backup_map(database)
    eerste = dagelijkse_backup(database, map, date(2026, 11, 23))
    assert eerste == map / "koers-2026-11-23.db"
    assert controleer(eerste) == []
    assert modus(map) == 0o700 and modus(eerste) == 0o600
    assert dagelijkse_backup(database, map, date(2026, 11, 23)) is None
    assert dagelijkse_backup(database, map, date(2026, 11, 24)) == map / "koers-2026-11-24.db"
    assert sorted(p.name for p in map.iterdir()) == ["koers-2026-11-23.db", "koers-2026-11-24.db"]


def test_no_daily_backup_without_a_database(tmp_path):
    assert dagelijkse_backup(tmp_path / "koers.db", tmp_path / "backups", date(2026, 1, 1)) is None


def test_rotation_keeps_seven_daily_and_four_weekly():
    # Daily backups from Monday 2026-09-28 (week 40) to Sunday 2026-11-22 (week 47).
    begin = date(2026, 9, 28)
    datums = [begin + timedelta(days=n) for n in range(56)]
    bewaard = te_bewaren(datums)
    dagelijks = {date(2026, 11, d) for d in range(16, 23)}  # Mon 16 … Sun 22: week 47
    wekelijks = {date(2026, 11, 15), date(2026, 11, 8), date(2026, 11, 1), date(2026, 10, 25)}
    assert bewaard == dagelijks | wekelijks


def test_rotation_with_gaps_takes_the_newest_of_each_week():
    dagelijks = [
        date(2026, 11, 23), date(2026, 11, 20), date(2026, 11, 19), date(2026, 11, 17),
        date(2026, 11, 12), date(2026, 11, 10), date(2026, 11, 9),  # the oldest is in week 46
    ]  # fmt: skip
    ouder = [
        date(2026, 11, 8), date(2026, 11, 3), date(2026, 11, 2),  # week 45
        date(2026, 10, 20),  # week 43 (nothing in week 44)
        date(2026, 10, 14),  # week 42
        date(2026, 10, 6), date(2026, 10, 5),  # week 41
        date(2026, 9, 29),  # week 40: a fifth week, not kept
    ]  # fmt: skip
    assert te_bewaren(dagelijks + ouder) == set(dagelijks) | {
        date(2026, 11, 8), date(2026, 10, 20), date(2026, 10, 14), date(2026, 10, 6)
    }  # fmt: skip


def test_rotation_keeps_everything_while_there_are_seven_or_fewer():
    datums = [date(2026, 1, 1) + timedelta(days=n) for n in range(7)]
    assert te_bewaren(datums) == set(datums)


def test_rotation_over_a_sequence_of_days_keeps_exactly_the_expected_files(database):
    map = backup_map(database)
    map.mkdir()
    (map / "koers-backup-20260101-120000.db").write_bytes(b"handmatig")  # never rotated
    (map / "notities.txt").write_text("blijft")
    dag = date(2026, 9, 28)
    while dag <= date(2026, 11, 22):
        dagelijkse_backup(database, map, dag)
        dag += timedelta(days=1)
    dagelijks = [f"koers-2026-11-{d:02d}.db" for d in range(16, 23)]
    wekelijks = ["koers-2026-11-15.db", "koers-2026-11-08.db", "koers-2026-11-01.db",
                 "koers-2026-10-25.db"]  # fmt: skip
    anders = ["koers-backup-20260101-120000.db", "notities.txt"]
    assert sorted(p.name for p in map.iterdir()) == sorted(dagelijks + wekelijks + anders)
    assert roteer(map) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_permissions(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    database = data / "koers.db"
    for pad in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        pad.write_bytes(b"")
        pad.chmod(0o644)
    beveilig(data, database)
    assert modus(data) == 0o700
    assert {modus(p) for p in data.iterdir()} == {0o600}


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_open_database_secures_the_data_dir_and_takes_the_daily_backup(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    monkeypatch.setenv("KOERS_DATA_DIR", str(data))
    engine, _ = open_database(f"sqlite:///{data / 'koers.db'}")
    engine.dispose()
    assert modus(data) == 0o700 and modus(data / "koers.db") == 0o600
    backups = list((data / "backups").iterdir())
    assert [p.name for p in backups] == [f"koers-{date.today().isoformat()}.db"]
    assert controleer(backups[0]) == []
    engine, _ = open_database(f"sqlite:///{data / 'koers.db'}")  # the second start of the day
    engine.dispose()
    assert len(list((data / "backups").iterdir())) == 1


def test_open_database_elsewhere_leaves_that_folder_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))
    gedeeld = tmp_path / "gedeeld"
    gedeeld.mkdir(mode=0o755)
    gedeeld.chmod(0o755)
    engine, _ = open_database(f"sqlite:///{gedeeld / 'koers.db'}")
    engine.dispose()
    assert modus(gedeeld) == 0o755
    assert modus(gedeeld / "koers.db") == 0o600


def test_a_failing_daily_backup_does_not_stop_the_start(tmp_path, monkeypatch, caplog):
    from app import startup

    def mislukt(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(startup, "dagelijkse_backup", mislukt)
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'koers.db'}")
    with sessions() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM gemeente").scalar()
    engine.dispose()
    assert "De dagelijkse reservekopie" in caplog.text and "schijf vol" in caplog.text
