"""`koers backup`, `koers restore` and `koers db check`."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.startup import open_database


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))
    pad = tmp_path / "k.db"
    engine, _ = open_database(f"sqlite:///{pad}")  # migrated, with the reference data
    engine.dispose()
    assert gemeenten(pad)
    return pad


def koers(database: Path, *args: str) -> int:
    return main(["--database", f"sqlite:///{database}", *args])


def gemeenten(database: Path) -> list[str]:
    connection = sqlite3.connect(database)
    try:
        return [naam for (naam,) in connection.execute("SELECT naam FROM gemeente ORDER BY naam")]
    finally:
        connection.close()


def hernoem_gemeenten(database: Path) -> None:
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE gemeente SET naam = naam || ' (nieuw)'")
    connection.close()


def geen_terminal(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def terminal(monkeypatch, antwoord: str) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal(antwoord + "\n"))


def test_backup_to_a_file(database, tmp_path, capsys):
    doel = tmp_path / "kopie.db"
    assert koers(database, "backup", "-o", str(doel)) == 0
    assert capsys.readouterr().out.strip() == str(doel)
    assert gemeenten(doel) == gemeenten(database)


def test_backup_by_default_in_the_backups_folder(database, capsys):
    assert koers(database, "backup") == 0
    pad = Path(capsys.readouterr().out.strip())
    assert pad.parent == database.parent / "backups"
    assert pad.name.startswith("k-backup-") and pad.suffix == ".db"
    assert gemeenten(pad) == gemeenten(database)


def test_backup_refuses_to_overwrite_and_a_missing_folder(database, tmp_path, capsys):
    bestaand = tmp_path / "bestaat.db"
    bestaand.write_text("niet overschrijven")
    assert koers(database, "backup", "-o", str(bestaand)) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert bestaand.read_text() == "niet overschrijven"
    assert koers(database, "backup", "-o", str(tmp_path / "weg" / "kopie.db")) == 1
    assert "map voor de reservekopie bestaat niet" in capsys.readouterr().err


def test_backup_without_a_database(tmp_path, capsys):
    assert koers(tmp_path / "weg.db", "backup") == 1
    assert "Er is geen database" in capsys.readouterr().err
    assert not (tmp_path / "weg.db").exists() and not (tmp_path / "backups").exists()


def test_restore_with_ja_gives_back_the_data_of_the_backup(database, tmp_path, capsys):
    voor = gemeenten(database)
    assert koers(database, "backup", "-o", str(tmp_path / "kopie.db")) == 0
    hernoem_gemeenten(database)
    assert koers(database, "restore", str(tmp_path / "kopie.db"), "--ja") == 0
    uit = capsys.readouterr().out
    assert "Database hersteld uit" in uit and "k-voor-herstel-" in uit
    assert gemeenten(database) == voor
    assert koers(database, "db", "check") == 0
    assert capsys.readouterr().out.strip() == "Database in orde."


def test_restore_without_ja_and_without_a_terminal_is_refused(database, tmp_path, monkeypatch,
                                                             capsys):  # fmt: skip
    assert koers(database, "backup", "-o", str(tmp_path / "kopie.db")) == 0
    hernoem_gemeenten(database)
    na = gemeenten(database)
    geen_terminal(monkeypatch)
    assert koers(database, "restore", str(tmp_path / "kopie.db")) == 1
    assert "Bevestig met --ja" in capsys.readouterr().err
    assert gemeenten(database) == na
    assert not list(tmp_path.glob("k-voor-herstel-*"))


def test_restore_asks_on_a_terminal(database, tmp_path, monkeypatch, capsys):
    voor = gemeenten(database)
    assert koers(database, "backup", "-o", str(tmp_path / "kopie.db")) == 0
    hernoem_gemeenten(database)
    na = gemeenten(database)
    terminal(monkeypatch, "nee")
    assert koers(database, "restore", str(tmp_path / "kopie.db")) == 1
    assert "Afgebroken; er is niets hersteld." in capsys.readouterr().err
    assert gemeenten(database) == na
    terminal(monkeypatch, "ja")
    assert koers(database, "restore", str(tmp_path / "kopie.db")) == 0
    assert "Typ ja om door te gaan" in capsys.readouterr().out
    assert gemeenten(database) == voor


def test_restore_of_a_corrupted_backup_is_refused(database, tmp_path, capsys):
    kopie = tmp_path / "kopie.db"
    assert koers(database, "backup", "-o", str(kopie)) == 0
    with open(kopie, "r+b") as file:
        file.seek(kopie.stat().st_size // 2)
        file.write(b"\x00\xff" * 2048)
    hernoem_gemeenten(database)
    na = gemeenten(database)
    assert koers(database, "restore", str(kopie), "--ja") == 1
    assert "niet in orde; er is niets hersteld" in capsys.readouterr().err
    assert gemeenten(database) == na
    assert not list(tmp_path.glob("k-voor-herstel-*"))


def test_restore_of_a_text_file_is_refused(database, tmp_path, capsys):
    tekst = tmp_path / "notities.txt"
    tekst.write_text("geen database")
    assert koers(database, "restore", str(tekst), "--ja") == 1
    assert "geen SQLite-database" in capsys.readouterr().err


def test_db_check_reports_problems_with_exit_1(database, capsys):
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE gemeente SET opvolger_id = '00112233445566778899aabbccddeeff'")
    connection.close()
    assert koers(database, "db", "check") == 1
    captured = capsys.readouterr()
    assert "verwijst naar een rij in gemeente" in captured.out
    assert "is niet in orde" in captured.err


def test_db_check_of_a_missing_database(tmp_path, capsys):
    assert koers(tmp_path / "weg.db", "db", "check") == 1
    assert "Het bestand bestaat niet" in capsys.readouterr().out


@pytest.mark.parametrize("opdracht", [["backup"], ["restore", "kopie.db", "--ja"], ["db", "check"]])
def test_postgresql_is_backed_up_on_the_server(opdracht, capsys):
    url = "postgresql+psycopg://koers@127.0.0.1:1/koers"
    assert main(["--database", url, *opdracht]) == 1
    err = capsys.readouterr().err
    assert "teamserver" in err and "pg_dump" in err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    uit = capsys.readouterr().out
    assert "backup" in uit and "restore" in uit
