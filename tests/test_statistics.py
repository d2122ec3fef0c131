"""The planner statistics follow the data: on SQLite none for a small database, a refresh once
the number of inwoners passed 1,000 or more than doubled; on both after a bulk load (the demo,
an import of 1,000 records or more)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from app.db import refresh_statistics
from app.services.bulk import GROTE_LOAD
from app.services.demo import generate_demo
from app.startup import open_database


def _known_inwoners(engine) -> int:
    with engine.connect() as connection:
        if not inspect(connection).has_table("sqlite_stat1"):
            return 0
        stat = connection.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'inwoner' LIMIT 1")
        ).scalar()
        return int(stat.split()[0]) if stat else 0


def _add_copies(engine, times: int) -> None:
    """Grow the inwoner table cheaply (no need for realistic rows to count them)."""
    columns = [c["name"] for c in inspect(engine).get_columns("inwoner")]
    copied = {"id": "lower(hex(randomblob(16)))", "bsn": "NULL"}
    select_list = ", ".join(copied.get(c, c) for c in columns)
    with engine.begin() as connection:
        for _ in range(times):
            connection.execute(text(
                f"INSERT INTO inwoner ({', '.join(columns)}) SELECT {select_list} FROM inwoner"))  # fmt: skip


def test_statistics_after_a_bulk_load_and_when_the_data_doubled(tmp_path):
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'koers.db'}")
    assert refresh_statistics(engine) is False  # empty: nothing to plan for
    generate_demo(sessions, inwoners=600, seed=1)
    assert _known_inwoners(engine) == 600  # the demo is a bulk load: refreshed at once
    assert refresh_statistics(engine) is False  # up to date
    _add_copies(engine, 1)  # 1,200: not yet double
    assert refresh_statistics(engine) is False
    _add_copies(engine, 1)  # 2,400: more than double
    assert refresh_statistics(engine) is True
    assert _known_inwoners(engine) == 2400
    engine.dispose()


def test_postgresql_keeps_its_own_statistics():
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert refresh_statistics(engine) is False  # returns before connecting


def test_a_bulk_load_on_postgresql_is_analysed_at_once(fresh_engine):
    """PostgreSQL's autovacuum analyses a freshly loaded table only later; until then the
    planner guesses (the KPIs of a new 100,000-inwoner server took 7,6 s instead of 0,5 s)."""
    if fresh_engine.dialect.name != "postgresql":
        pytest.skip("the SQLite case is the test above")
    from sqlalchemy.orm import sessionmaker

    from app.db import upgrade_database
    from app.services.referentiedata import ensure_reference_data

    upgrade_database(fresh_engine)
    sessions = sessionmaker(bind=fresh_engine)
    with sessions.begin() as session:
        ensure_reference_data(session)
    generate_demo(sessions, inwoners=300, seed=1)
    with fresh_engine.connect() as connection:
        geschat = connection.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = 'inwoner'")).scalar()  # fmt: skip
    assert geschat == 300


def _geschat(engine) -> int:
    """What the planner believes the number of inwoners is (0: no statistics yet)."""
    if engine.dialect.name == "sqlite":
        return _known_inwoners(engine)
    with engine.connect() as connection:
        geschat = connection.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = 'inwoner'")).scalar()  # fmt: skip
    return max(int(geschat), 0)  # -1: never analysed


@pytest.mark.parametrize("aantal, geanalyseerd", [(GROTE_LOAD, True), (GROTE_LOAD - 1, False)])
def test_an_import_of_many_records_refreshes_the_statistics(fresh_engine, tmp_path, aantal,
                                                            geanalyseerd):  # fmt: skip
    from sqlalchemy.orm import sessionmaker

    from app.db import upgrade_database
    from app.models import Rol
    from app.services.inwoner_import import import_inwoners
    from app.services.referentiedata import ensure_reference_data
    from tests.conftest import maak_medewerker
    from tests.services.test_inwoner_import import HEADER, line, write

    upgrade_database(fresh_engine)
    sessions = sessionmaker(bind=fresh_engine)
    # Every second number: make_bsn(n) skips to n + 1 when n has no valid check digit.
    path = write(tmp_path, HEADER, *(line(2 * n) for n in range(1, aantal + 1)))
    with sessions.begin() as session:
        ensure_reference_data(session)
        beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
        result = import_inwoners(session, actor=beheerder, path=path, dry_run=False,
                                 regievoerder=None)  # fmt: skip
        assert result.geimporteerd == aantal
    assert _geschat(fresh_engine) == (aantal if geanalyseerd else 0)
