"""Secrets go to the OS keyring only: never into a settings file or a log."""

import logging

import keyring
import pytest

from app import config
from tests.conftest import NoKeyring


def test_secret_round_trip_and_nowhere_on_disk(memory_keyring, tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    config.setup_logging()
    config.store_secret("postgresql://koers@server/koers", "Geheim-Wachtwoord-42")
    logging.getLogger("koers.test").info("verbinding met de teamserver opgeslagen")
    assert config.load_secret("postgresql://koers@server/koers") == "Geheim-Wachtwoord-42"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Geheim-Wachtwoord-42" not in path.read_bytes(), path
    config.delete_secret("postgresql://koers@server/koers")
    assert config.load_secret("postgresql://koers@server/koers") is None


def test_no_keyring_is_a_clear_dutch_error():
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        with pytest.raises(config.SecretStoreError, match="geen sleutelbos"):
            config.store_secret("x", "y")
    finally:
        keyring.set_keyring(previous)
