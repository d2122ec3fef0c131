"""`make loadtest` in small: three users for three seconds against a database of their own on
the test PostgreSQL server, and the check afterwards finds nothing lost and nothing broken.

PostgreSQL only: the load test is about many users on one server, which SQLite (one user on one
laptop) is not for.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        not POSTGRES_URL or make_url(POSTGRES_URL).get_backend_name() != "postgresql",
        reason="de loadtest draait alleen op PostgreSQL (KOERS_TEST_DATABASE_URL)",
    ),
]


@pytest.fixture
def lege_database() -> Iterator[str]:
    """A fresh database next to the test database: the load test fills it with demo data and
    commits for real, which the rolled-back test transactions must never see."""
    server = make_url(POSTGRES_URL)
    naam = f"koers_loadtest_{uuid.uuid4().hex[:12]}"
    # CREATE/DROP DATABASE cannot run inside a transaction.
    beheer = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with beheer.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{naam}"'))
        yield server.set(database=naam).render_as_string(hide_password=False)
        with beheer.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
    finally:
        beheer.dispose()


def test_loadtest_loses_nothing_and_breaks_no_invariant(lege_database):
    result = subprocess.run(
        [sys.executable, "scripts/loadtest.py", "--url", lege_database, "--users", "3",
         "--seconds", "3", "--inwoners", "300"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 verloren schrijfacties, 0 gebroken invarianten" in result.stdout
    assert "Onverwachte fouten: 0" in result.stdout
    assert "per seconde" in result.stdout and "p95 ms" in result.stdout
