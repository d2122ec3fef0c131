"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from app.services.aanmelden import maak_eerste_beheerder
from app.startup import open_database
from tests.conftest import WACHTWOORD


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))  # log file stays in tmp


@pytest.fixture
def db(tmp_path) -> str:
    """A database with one functioneel beheerder, 'beheer', who runs the imports."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        maak_eerste_beheerder(session, naam="Beheer", gebruikersnaam="beheer",
                              wachtwoord=WACHTWOORD)  # fmt: skip
    engine.dispose()
    return url
