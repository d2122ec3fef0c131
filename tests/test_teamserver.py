"""The team server settings: validated, kept in a 0600 file without the password (that goes to
keyring), used by `config.database_url` unless --database or KOERS_DATABASE_URL says otherwise,
and a connection test that says in Dutch what is wrong."""

from __future__ import annotations

import json
import stat

import pytest
from sqlalchemy.engine import make_url

from app import config, teamserver
from app.config import SecretStoreError
from app.teamserver import Teamserver
from tests.conftest import POSTGRES_URL, NoKeyring

SERVER = Teamserver(host="koers.gemeente.local", port=5433, database="koers", gebruiker="petra")


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KOERS_DATABASE_URL", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"host": ""}, "host"),
        ({"host": "koers server"}, "host"),
        ({"port": 0}, "port"),
        ({"port": 70000}, "port"),
        ({"database": ""}, "database"),
        ({"database": "koers; drop"}, "database"),
        ({"gebruiker": ""}, "gebruiker"),
        ({"tls": "altijd"}, "tls"),
    ],
)
def test_settings_are_checked_field_by_field(wijziging, veld):
    server = Teamserver(**{**SERVER.__dict__, **wijziging})
    assert list(teamserver.controleer(server)) == [veld]


def test_valid_settings_pass():
    assert teamserver.controleer(SERVER) == {}


def test_save_keeps_the_password_in_keyring_only(data, memory_keyring):
    teamserver.bewaar(SERVER, "Geheim-Wachtwoord-42")
    pad = data / teamserver.BESTAND
    assert stat.S_IMODE(pad.stat().st_mode) == 0o600
    assert "Geheim-Wachtwoord-42" not in pad.read_text()
    assert json.loads(pad.read_text())["host"] == "koers.gemeente.local"
    assert teamserver.lees() == SERVER
    url = make_url(config.database_url())
    assert (url.host, url.port, url.username, url.password) == (
        "koers.gemeente.local", 5433, "petra", "Geheim-Wachtwoord-42",
    )  # fmt: skip
    assert url.query["sslmode"] == "require"


def test_explicit_database_and_environment_go_first(data, memory_keyring, monkeypatch):
    teamserver.bewaar(SERVER, "x")
    assert config.database_url("sqlite:///elders.db") == "sqlite:///elders.db"
    monkeypatch.setenv("KOERS_DATABASE_URL", "sqlite:///env.db")
    assert config.database_url() == "sqlite:///env.db"


def test_saving_without_password_keeps_the_stored_one(data, memory_keyring):
    teamserver.bewaar(SERVER, "eerste")
    teamserver.bewaar(Teamserver(**{**SERVER.__dict__, "tls": "verify-full"}), None)
    assert make_url(config.database_url()).password == "eerste"


def test_moving_to_another_server_forgets_the_old_password(data, memory_keyring):
    teamserver.bewaar(SERVER, "eerste")
    ander = Teamserver(**{**SERVER.__dict__, "host": "nieuw.gemeente.local"})
    teamserver.bewaar(ander, "tweede")
    assert memory_keyring.store == {(config.KEYRING_SERVICE, ander.sleutel): "tweede"}


def test_no_keyring_saves_nothing(data):
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        with pytest.raises(SecretStoreError):
            teamserver.bewaar(SERVER, "geheim")
    finally:
        keyring.set_keyring(previous)
    assert teamserver.lees() is None
    assert not (data / teamserver.BESTAND).exists()


def test_forget_goes_back_to_the_embedded_database(data, memory_keyring):
    teamserver.bewaar(SERVER, "geheim")
    teamserver.vergeet()
    assert teamserver.lees() is None
    assert memory_keyring.store == {}
    assert config.database_url() == config.default_database_url()


def test_unreadable_settings_are_ignored(data):
    (data / teamserver.BESTAND).write_text("{niet: json")
    assert teamserver.lees() is None
    assert config.database_url() == config.default_database_url()


def test_unreachable_server_is_explained(data):
    uitslag = teamserver.test_verbinding(
        Teamserver(host="127.0.0.1", port=1, database="koers", gebruiker="x", tls="disable"), "x"
    )
    assert not uitslag.gelukt
    assert "127.0.0.1:1 is niet bereikbaar" in uitslag.melding


def test_invalid_settings_are_not_tried():
    uitslag = teamserver.test_verbinding(Teamserver(host="", database="", gebruiker=""), None)
    assert not uitslag.gelukt and "Vul de naam of het adres van de server in." in uitslag.melding


needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="needs the test PostgreSQL server")


def _test_server(**wijziging) -> Teamserver:
    url = make_url(POSTGRES_URL)
    server = Teamserver(host=url.host, port=url.port, database=url.database,
                        gebruiker=url.username, tls="disable")  # fmt: skip
    return Teamserver(**{**server.__dict__, **wijziging})


@pytest.mark.database
@needs_postgres
def test_connection_test_on_a_real_server():
    uitslag = teamserver.test_verbinding(_test_server(), make_url(POSTGRES_URL).password)
    assert uitslag.gelukt, uitslag.melding
    assert uitslag.melding.startswith("Verbinding gelukt (PostgreSQL ")


@pytest.mark.database
@needs_postgres
def test_missing_database_is_named():
    uitslag = teamserver.test_verbinding(_test_server(database="bestaat_niet"), None)
    assert uitslag.melding == "De database 'bestaat_niet' bestaat niet op deze server."


@pytest.mark.database
@needs_postgres
def test_tls_required_by_koers_but_not_offered_by_the_server():
    uitslag = teamserver.test_verbinding(_test_server(tls="require"), None)
    assert not uitslag.gelukt and "versleuteling (TLS)" in uitslag.melding
