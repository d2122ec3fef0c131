"""Writing hundreds of thousands of rows quickly: a big demo, a migration from another system.

`voeg_toe` inserts rows with one executemany per chunk at the driver. The values still go
through each column type's own bind processor, so they are stored exactly as the ORM stores
them; only SQLAlchemy's parameter handling per row is skipped, which took more time than the
database itself for a big demo. `grote_sqlite_cache` and `zonder_gc` remove the two other costs
measured then (index pages read back, and garbage collection walking every row again).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, text
from sqlalchemy.orm import Session

from app.db import analyze

CHUNK = 5_000


# Records written in one go from which fresh planner statistics pay for their second or so.
GROTE_LOAD = 1_000


def na_grote_load(session: Session, records: int) -> None:
    """After an import wrote `records` records: the planner's statistics of the new data
    (`db.analyze`), in the same transaction. A migration's first overviews are then as fast as
    later ones, instead of waiting for PostgreSQL's autovacuum or SQLite's next start."""
    if records >= GROTE_LOAD:
        analyze(session.connection())


def voeg_toe(session: Session, model: Any, rijen: list[dict[str, Any]],
             geschreven: Callable[[int], None] | None = None) -> None:  # fmt: skip
    """Insert rows that all have the first row's keys; `geschreven(n)` after each chunk."""
    if not rijen:
        return
    sleutels = list(rijen[0])
    connection = session.connection()
    dialect = connection.dialect
    kolommen = [model.__table__.c[sleutel] for sleutel in sleutels]
    quote = dialect.identifier_preparer.quote
    teken = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(model.__table__.name)} "
           f"({', '.join(quote(k.name) for k in kolommen)}) "
           f"VALUES ({', '.join([teken] * len(kolommen))})")  # fmt: skip
    verwerkt = [(i, p) for i, k in enumerate(kolommen) if (p := _processor(k, dialect))]
    waarden_van = itemgetter(*sleutels)
    for start in range(0, len(rijen), CHUNK):
        deel = []
        for rij in rijen[start : start + CHUNK]:
            # Exactly the first row's keys: an executemany would silently drop keys that only
            # later rows have, and a missing one would be a KeyError halfway.
            try:
                if len(rij) != len(sleutels):
                    raise KeyError
                waarden = list(waarden_van(rij)) if len(sleutels) > 1 else [waarden_van(rij)]
            except KeyError:
                raise RuntimeError(
                    f"Rijen voor {model.__table__.name} hebben ongelijke kolommen"
                ) from None
            for i, process in verwerkt:
                if waarden[i] is not None:
                    waarden[i] = process(waarden[i])
            deel.append(tuple(waarden))
        connection.exec_driver_sql(sql, deel)
        if geschreven is not None:
            geschreven(len(deel))


def _processor(kolom: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The column type's bind processor; for dates, whose few thousand distinct values repeat
    in every chunk (and whose conversion is slow on SQLite), one that remembers."""
    process = kolom.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None or not isinstance(kolom.type, Date):
        return process
    gezien: dict[Any, Any] = {}

    def onthouden(waarde: Any) -> Any:
        if waarde not in gezien:
            gezien[waarde] = process(waarde)
        return gezien[waarde]

    return onthouden


@contextmanager
def grote_sqlite_cache(session: Session) -> Iterator[None]:
    """On SQLite, a page cache of up to 256 MB while writing: random UUID keys spread the
    index inserts over the whole file, and with SQLite's default 2 MB cache a big load spends
    much of its time reading pages back. The connection gets its own setting back after."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    vorige = session.execute(text("PRAGMA cache_size")).scalar_one()
    session.execute(text("PRAGMA cache_size=-262144"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size={int(vorige)}"))


@contextmanager
def zonder_gc() -> Iterator[None]:
    """No cyclic garbage collection while loading: the rows are plain dicts without cycles,
    and with hundreds of thousands alive every full collection walks them all again.
    Reference counting still frees everything; collection resumes after."""
    was_aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_aan:
            gc.enable()
