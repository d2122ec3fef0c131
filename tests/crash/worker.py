"""A Koers process that writes until it is killed, for tests/crash/test_kill.py.

    python -m tests.crash.worker DBURL ACKFILE SEED   start up, then write until killed
    python -m tests.crash.worker --serve              a fork server for the same (see `serve`)

It opens the database the way the app does (`app.startup.open_database`: migration check,
reference data, daily backup) and then repeats, each in its own unit of work through the
services, until it is killed:

- import: an all-or-nothing CSV import of a batch of inwoners (services.inwoner_import); every
  row of a batch has the woonplaats `Kill-<seed>-<n>-<size>`, so a checker can count it;
- edit: a new e-mail address for one of the edit targets (update_inwoner, with its versie);
- contact: a contactmoment for one of the edit targets (add_contactmoment).

ACKFILE gets one line per event, appended and fsynced before the worker goes on: `ready` once
start-up is done, `begin <change>` before a unit of work and `ack <change>` after its commit
returned. Every acked change must therefore survive a kill; the one change that was begun but
not acked may or may not be in the database, but never in part.

Kept free of PySide6 and pytest, so that it starts as fast as the services allow.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import traceback
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from stdnum.nl import bsn as stdnum_bsn

from app.models import Inwoner, Kanaal, Medewerker
from app.services.contactmomenten import ContactGegevens, add_contactmoment
from app.services.inwoner_import import KOLOMMEN, import_inwoners
from app.services.inwoners import InwonerGegevens, update_inwoner
from app.startup import open_database

ACTOR = "killcoach"
# The inwoners the edits and contactmomenten go to: made by the test, found by this name.
DOEL_ACHTERNAAM = "Doelwit"
TAG_PREFIX = "Kill-"
# Each seed draws its BSNs from its own range, so batches of different runs never collide
# (the test's edit targets use numbers below the first range).
BSN_RANGE = 200_000
MAX_SEED = (100_000_000 - 10_000_000) // BSN_RANGE - 1


class AckFile:
    """Appends lines that are on disk before `write` returns."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def write(self, line: str) -> None:
        # One write() per line, so a kill leaves at most one incomplete last line.
        os.write(self._fd, f"{line}\n".encode())
        os.fsync(self._fd)


def tag(seed: int, n: int, size: int) -> str:
    return f"{TAG_PREFIX}{seed}-{n}-{size}"


def tag_size(tag: str) -> int:
    return int(tag.rsplit("-", 1)[1])


def bsns(seed: int) -> Iterator[str]:
    """Valid, distinct BSNs of this seed's range, in order."""
    start = 10_000_000 + (seed + 1) * BSN_RANGE
    for number in range(start, start + BSN_RANGE):
        for check in range(10):
            candidate = f"{number}{check}"
            if stdnum_bsn.is_valid(candidate):
                yield candidate
                break


def _actor(session: Session) -> Medewerker:
    return session.scalars(select(Medewerker).where(Medewerker.gebruikersnaam == ACTOR)).one()


def _write_csv(path: Path, batch: str, numbers: list[str]) -> None:
    rows = [";".join(KOLOMMEN)]
    for i, number in enumerate(numbers):
        values = {
            "bsn": number, "voornamen": "Karel", "tussenvoegsel": "", "achternaam": f"Rij {i}",
            "geboortedatum": "01-02-1980", "straat": "Kerkstraat", "huisnummer": str(i + 1),
            "postcode": "4201 AB", "woonplaats": batch, "gemeente": "Gorinchem",
            "telefoon": "", "email": "",
        }  # fmt: skip
        rows.append(";".join(values[k] for k in KOLOMMEN))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def do_import(sessions: sessionmaker[Session], path: Path) -> None:
    with sessions.begin() as session:
        actor = _actor(session)
        result = import_inwoners(session, actor=actor, path=path, dry_run=False, regievoerder=actor)
        if result.fouten:  # the worker's own file: a refusal is a bug in the worker or the app
            raise RuntimeError("; ".join(result.fouten))


def do_edit(sessions: sessionmaker[Session], inwoner_id: uuid.UUID, email: str) -> None:
    with sessions.begin() as session:
        inwoner = session.get(Inwoner, inwoner_id)
        gegevens = InwonerGegevens.from_inwoner(inwoner)
        gegevens.email = email
        update_inwoner(
            session, actor=_actor(session), inwoner_id=inwoner_id, versie=inwoner.versie,
            gegevens=gegevens,
        )  # fmt: skip


def do_contact(sessions: sessionmaker[Session], inwoner_id: uuid.UUID, text: str) -> uuid.UUID:
    with sessions.begin() as session:
        gegevens = ContactGegevens(datum=date.today(), kanaal=Kanaal.TELEFOON, samenvatting=text)
        contact = add_contactmoment(
            session, actor=_actor(session), inwoner_id=inwoner_id, gegevens=gegevens
        )
        return contact.id


def run(url: str, ackfile: Path, seed: int) -> None:
    """Start up like the app, then write until killed (never returns normally)."""
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed {seed} is outside 0..{MAX_SEED}")
    rng = random.Random(seed)
    acks = AckFile(ackfile)
    _engine, sessions = open_database(url)
    with sessions.begin() as session:
        doelen = list(
            session.scalars(
                select(Inwoner.id).where(Inwoner.achternaam == DOEL_ACHTERNAAM)
                .order_by(Inwoner.bsn)
            )
        )  # fmt: skip
    if not doelen:
        raise RuntimeError(f"no inwoners named {DOEL_ACHTERNAAM} to edit")
    numbers = bsns(seed)
    acks.write("ready")
    for n in itertools.count():
        kind = rng.choices(("import", "edit", "contact"), weights=(3, 4, 3))[0]
        doel = rng.choice(doelen)
        if kind == "import":
            # Mostly small batches; now and then one large enough that SQLite writes pages to
            # the WAL before the commit, where a kill could leave half a transaction behind.
            size = rng.choice((1, 20, 50, 100)) if rng.random() < 0.9 else 2_000
            batch = tag(seed, n, size)
            path = ackfile.with_name(f"{batch}.csv")
            _write_csv(path, batch, list(itertools.islice(numbers, size)))
            acks.write(f"begin import {batch}")
            do_import(sessions, path)
            acks.write(f"ack import {batch}")
            path.unlink()
        elif kind == "edit":
            email = f"kill.{seed}.{n}@example.nl"
            acks.write(f"begin edit {doel.hex} {email}")
            do_edit(sessions, doel, email)
            acks.write(f"ack edit {doel.hex} {email}")
        else:
            acks.write(f"begin contact {doel.hex}")
            contact_id = do_contact(sessions, doel, f"Kill {seed}-{n}")
            acks.write(f"ack contact {doel.hex} {contact_id.hex}")


def serve() -> None:
    """Fork server: for each line `{"url": …, "ackfile": …, "seed": …}` on stdin, fork a child
    that runs `run`, answer `pid <pid>` on stdout and, once the child has ended, `status <raw
    wait status>`.

    Forking from a process that has imported Koers already spares each kill the ~1 s start of
    a Python interpreter, so many more kills fit in a test run. The fork server never opens
    the database: each child opens it itself, so no connection or SQLite state is shared.
    """
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(job)
        os.write(1, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"status {status}\n".encode())


def _child(job: dict) -> None:
    try:
        run(job["url"], Path(job["ackfile"]), int(job["seed"]))
    except BaseException:
        traceback.print_exc()
    finally:
        # Never return into the fork server's loop, nor run its exit handlers.
        os._exit(1)


def main(argv: list[str]) -> None:
    if argv == ["--serve"]:
        serve()
        return
    if len(argv) != 3:
        sys.exit("usage: python -m tests.crash.worker DBURL ACKFILE SEED | --serve")
    url, ackfile, seed = argv
    run(url, Path(ackfile), int(seed))


if __name__ == "__main__":
    main(sys.argv[1:])
