"""`koers db …`, usage errors and the acting user."""

import json

import pytest

from app.cli import main


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'k.db'}"


def test_status_of_new_database(db, capsys):
    assert main(["--database", db, "db", "status", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["versie"] is None and status["bijgewerkt"] is False


def test_upgrade_then_status(db, capsys):
    assert main(["--database", db, "db", "upgrade"]) == 0
    assert "bijgewerkt van versie leeg naar" in capsys.readouterr().out
    assert main(["--database", db, "db", "upgrade"]) == 0
    assert "al bijgewerkt" in capsys.readouterr().out
    assert main(["--database", db, "db", "status"]) == 0
    assert "klaar voor gebruik" in capsys.readouterr().out


def test_database_from_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KOERS_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "env.db").exists()


def test_default_database_lives_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("KOERS_DATABASE_URL", raising=False)
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "data" / "koers.db").exists()


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["db", "verwijder"])
    assert info.value.code == 2
    assert "onjuist gebruik" in capsys.readouterr().err


def test_unknown_acting_user_is_refused(db, capsys):
    assert main(["--database", db, "--as", "niemand", "demo", "--inwoners", "1"]) == 1
    assert "Er is geen medewerker met gebruikersnaam 'niemand'." in capsys.readouterr().err


def test_unreachable_database_is_a_clear_error(capsys):
    url = "postgresql+psycopg://koers@127.0.0.1:1/koers"
    assert main(["--database", url, "db", "status"]) == 1
    assert "niet bereikbaar" in capsys.readouterr().err
