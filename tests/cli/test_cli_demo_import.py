"""`koers demo` and `koers import inwoners`: exit codes, messages, and nothing written on 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import make_engine
from app.models import Inwoner, Medewerker
from app.services.inwoner_import import KOLOMMEN
from tests.conftest import make_bsn

HEADER = ";".join(KOLOMMEN)


def count(db: str, model=Inwoner) -> int:
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def regievoerders(db: str) -> set:
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            return set(connection.scalars(select(Inwoner.regievoerder_id)))
    finally:
        engine.dispose()


def medewerkers(db: str) -> list[str]:
    engine = make_engine(db)
    with engine.connect() as connection:
        namen = list(connection.scalars(select(Medewerker.gebruikersnaam)))
    engine.dispose()
    return namen


def csv_file(tmp_path, *rows: str):
    path = tmp_path / "inwoners.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def row(n: int, **overrides: str) -> str:
    values = dict.fromkeys(KOLOMMEN, "")
    values.update(
        bsn=make_bsn(n), voornamen="Łukasz", achternaam="Şahin-Öztürk",
        geboortedatum="12-04-1985", gemeente="Gorinchem",
    )  # fmt: skip
    values.update(overrides)
    return ";".join(values[k] for k in KOLOMMEN)


class TestDemo:
    def test_loads_then_refuses_a_second_time(self, db, capsys):
        assert main(["--database", db, "demo", "--inwoners", "120", "--seed", "3"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Demogegevens geladen: 120 inwoners, ")
        assert count(db) == 120
        medewerkers = count(db, Medewerker)

        assert main(["--database", db, "demo", "--inwoners", "10"]) == 1
        err = capsys.readouterr().err
        assert "koers: De database bevat al inwoners" in err
        assert count(db) == 120 and count(db, Medewerker) == medewerkers

    def test_json(self, db, capsys):
        assert main(["--database", db, "demo", "--inwoners", "30", "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["inwoners"] == 30 and data["seed"] == 1
        assert data["contactmomenten"] > 0

    def test_removal_by_a_functioneel_beheerder_only_and_only_of_a_demo(self, db, capsys):
        path = make_engine(db).url.database
        assert main(["--database", db, "--as", "beheer", "demo", "--verwijderen"]) == 1
        assert "bevat geen demogegevens" in capsys.readouterr().err
        assert count(db, Medewerker) == 1  # nothing happened to a real database

        assert main(["--database", db, "demo", "--inwoners", "20"]) == 0
        capsys.readouterr()
        assert main(["--database", db, "demo", "--verwijderen"]) == 1  # who?
        assert "--as" in capsys.readouterr().err
        coach = next(iter(sorted(naam for naam in medewerkers(db) if naam != "beheer")))
        assert main(["--database", db, "--as", coach, "demo", "--verwijderen"]) == 1
        assert "niet wijzigen" in capsys.readouterr().err
        assert count(db) == 20

        assert main(["--database", db, "--as", "beheer", "demo", "--verwijderen"]) == 0
        assert capsys.readouterr().out.startswith(f"Demodatabase verwijderd: {path}.")
        assert not Path(path).exists()  # the next start makes a new, empty database

    @pytest.mark.parametrize("value", ["0", "-5", "veel"])
    def test_bad_number_is_a_usage_error(self, db, capsys, value):
        with pytest.raises(SystemExit) as exit_info:
            main(["--database", db, "demo", "--inwoners", value])
        assert exit_info.value.code == 2
        assert "onjuist gebruik" in capsys.readouterr().err


class TestImport:
    def test_valid_file(self, db, tmp_path, capsys):
        path = csv_file(tmp_path, row(1), row(2))
        assert main(["--database", db, "--as", "beheer", "import", "inwoners", str(path)]) == 0
        assert capsys.readouterr().out == f"2 inwoners geïmporteerd uit {path}.\n"
        assert count(db) == 2

    def test_errors_exit_1_and_write_nothing(self, db, tmp_path, capsys):
        path = csv_file(tmp_path, row(1), row(0, bsn="123456789"), row(3, gemeente="Atlantis"))
        assert main(["--database", db, "--as", "beheer", "import", "inwoners", str(path)]) == 1
        captured = capsys.readouterr()
        lines = captured.err.splitlines()
        assert lines[0].startswith("regel 3: ") and "elfproef" in lines[0]
        assert lines[1] == "regel 4: gemeente 'Atlantis' is onbekend"
        assert lines[2] == f"Niets geïmporteerd: 2 fout(en) in {path}."
        assert captured.out == ""
        assert count(db) == 0

    def test_dry_run_writes_nothing(self, db, tmp_path, capsys):
        path = csv_file(tmp_path, row(1))
        assert (
            main(["--database", db, "--as", "beheer", "import", "inwoners", str(path), "--dry-run"])
            == 0
        )
        assert "proefrun" in capsys.readouterr().out
        assert count(db) == 0

    def test_json(self, db, tmp_path, capsys):
        path = csv_file(tmp_path, row(1))
        assert (
            main(
                [
                    "--database",
                    db,
                    "--as",
                    "beheer",
                    "import",
                    "inwoners",
                    str(path),
                    "--format",
                    "json",
                ]
            )
            == 0
        )
        data = json.loads(capsys.readouterr().out)
        assert data["aantal"] == 1 and data["geimporteerd"] == 1 and data["fouten"] == []

    def test_regievoerder(self, db, tmp_path, capsys):
        path = csv_file(tmp_path, row(1), row(2))
        args = [
            "--database",
            db,
            "--as",
            "beheer",
            "import",
            "inwoners",
            str(path),
            "--regievoerder",
        ]
        assert main([*args, "beheer"]) == 0
        assert len(regievoerders(db)) == 1 and None not in regievoerders(db)

    def test_unknown_regievoerder(self, db, tmp_path, capsys):
        path = csv_file(tmp_path, row(1))
        args = [
            "--database",
            db,
            "--as",
            "beheer",
            "import",
            "inwoners",
            str(path),
            "--regievoerder",
            "niemand",
        ]
        assert main(args) == 1
        assert "Er is geen medewerker met gebruikersnaam 'niemand'" in capsys.readouterr().err
        assert count(db) == 0

    def test_missing_file(self, db, tmp_path, capsys):
        path = tmp_path / "weg.csv"
        assert main(["--database", db, "--as", "beheer", "import", "inwoners", str(path)]) == 1
        assert f"Het bestand {path} bestaat niet." in capsys.readouterr().err

    def test_windows_1252_file(self, db, tmp_path, capsys):
        path = tmp_path / "ansi.csv"
        path.write_bytes(
            f"{HEADER}\n{row(1, voornamen='Zoë', achternaam='Jansen')}\n".encode("cp1252")
        )
        assert main(["--database", db, "--as", "beheer", "import", "inwoners", str(path)]) == 0
        assert count(db) == 1

    def test_file_argument_is_required(self, db, capsys):
        with pytest.raises(SystemExit) as exit_info:
            main(["--database", db, "--as", "beheer", "import", "inwoners"])
        assert exit_info.value.code == 2


def test_import_needs_an_acting_medewerker(db, tmp_path, capsys):
    path = csv_file(tmp_path, row(1))
    assert main(["--database", db, "import", "inwoners", str(path)]) == 1
    assert "Geef met --as GEBRUIKERSNAAM aan" in capsys.readouterr().err
    assert count(db) == 0
