"""`koers server …` (the team server settings) and `koers db upgrade` on a shared server: only
a functioneel beheerder, only after confirmation; every other command refuses an older server
with the way out."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from app import config, teamserver
from app.cli import main
from app.db import database_status
from tests.conftest import POSTGRES_URL
from tests.test_schema_check import VORIGE, older_with_accounts, url_of


@pytest.fixture
def data(tmp_path, monkeypatch, memory_keyring):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KOERS_DATABASE_URL", raising=False)
    return tmp_path


def stdin(monkeypatch, text: str, *, tty: bool = False) -> None:
    import io

    stream = io.StringIO(text)
    stream.isatty = lambda: tty
    monkeypatch.setattr("sys.stdin", stream)


def test_no_server_configured(data, capsys):
    assert main(["server", "toon"]) == 0
    assert "Geen teamserver ingesteld" in capsys.readouterr().out
    assert main(["server", "test"]) == 1
    assert "Er is geen teamserver ingesteld" in capsys.readouterr().err


def test_unreachable_server_is_not_saved(data, monkeypatch, capsys):
    stdin(monkeypatch, "geheim\n")
    args = ["server", "instellen", "--host", "127.0.0.1", "--poort", "1", "--gebruiker", "petra",
            "--wachtwoord-stdin"]  # fmt: skip
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1:1 is niet bereikbaar" in err and "Er is niets opgeslagen" in err
    assert teamserver.lees() is None


def test_invalid_settings_are_refused_before_asking_the_password(data, capsys):
    assert main(["server", "instellen", "--host", "a b", "--gebruiker", "petra"]) == 1
    assert "letters, cijfers, punten en streepjes" in capsys.readouterr().err


def test_save_without_test_show_and_forget(data, monkeypatch, capsys, memory_keyring):
    stdin(monkeypatch, "geheim\n")
    assert main(["server", "instellen", "--host", "koers.local", "--gebruiker", "petra",
                 "--tls", "verify-full", "--wachtwoord-stdin", "--zonder-test"]) == 0  # fmt: skip
    assert "koers.local" in capsys.readouterr().out
    assert main(["server", "toon"]) == 0
    out = capsys.readouterr().out
    assert "petra@koers.local:5432/koers" in out and "bewaard in de sleutelbos" in out
    assert "geheim" not in out
    assert make_url(config.database_url()).host == "koers.local"
    assert main(["server", "vergeet"]) == 0
    assert teamserver.lees() is None and memory_keyring.store == {}


@pytest.mark.database
@pytest.mark.skipif(not POSTGRES_URL, reason="a shared server is PostgreSQL")
def test_db_upgrade_of_a_shared_server(fresh_engine, monkeypatch, capsys):
    older_with_accounts(fresh_engine)
    url = url_of(fresh_engine)
    stdin(monkeypatch, "")
    # Any command refuses the older server and says how to get out.
    assert main(["--database", url, "--as", "coach", "report", "werkvoorraad"]) == 1
    err = capsys.readouterr().err
    assert "oudere versie" in err and "koers --as GEBRUIKERSNAAM db upgrade" in err
    # Without --as, as a coach, or without confirmation: nothing happens.
    assert main(["--database", url, "db", "upgrade"]) == 1
    assert "alleen een functioneel beheerder" in capsys.readouterr().err
    assert main(["--database", url, "--as", "coach", "db", "upgrade", "--ja"]) == 1
    assert "Alleen een functioneel beheerder" in capsys.readouterr().err
    assert main(["--database", url, "--as", "beheer", "db", "upgrade"]) == 1
    assert "Bevestig met --ja" in capsys.readouterr().err
    stdin(monkeypatch, "nee\n", tty=True)
    assert main(["--database", url, "--as", "beheer", "db", "upgrade"]) == 1
    assert database_status(fresh_engine).current == VORIGE
    # The beheerder confirms.
    stdin(monkeypatch, "ja\n", tty=True)
    assert main(["--database", url, "--as", "beheer", "db", "upgrade"]) == 0
    assert f"bijgewerkt van versie {VORIGE} naar" in capsys.readouterr().out
    assert database_status(fresh_engine).up_to_date
