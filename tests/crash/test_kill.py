"""Kill test (issue 9): Koers killed with SIGKILL in the middle of its writes, over and over,
keeps a sound database, loses no committed change and leaves no half transaction behind.

One SQLite database lives through every kill. Each round starts a worker (tests/crash/worker.py)
that imports batches of inwoners, edits inwoners and adds contactmomenten through the services,
lets it write for a random moment, kills it with SIGKILL and then checks the file with SQLite
itself: integrity_check and foreign_key_check pass, every change the worker acknowledged after
its commit is there, every import batch is there completely or not at all, and each change has
its audit record. Most workers are forked from a fork server that has imported Koers already
(a kill then costs ~0.3 s instead of ~1.5 s); every tenth is a whole new interpreter started as
`python -m tests.crash.worker`. A few are killed while still starting up.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from app.models import Rol
from app.services.inwoners import InwonerGegevens, create_inwoner
from app.startup import open_database
from tests.conftest import gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.crash.worker import ACTOR, DOEL_ACHTERNAAM, TAG_PREFIX, tag_size

ROOT = Path(__file__).resolve().parents[2]
KILLS = 64
FRESH_EVERY = 10  # rounds 0, 10, 20 … start a new interpreter instead of forking
EARLY_EVERY = 8  # rounds 4, 12, 28, 36 … (4 + 8k, unless fresh) are killed while starting up
MAX_WRITE_TIME = 0.5  # seconds a worker may write before it is killed
START_TIMEOUT = 60.0  # a busy CI machine may take long to start Python
RANDOM_SEED = 20261123
START_EMAIL = "start@example.nl"


class ForkServer:
    """`python -m tests.crash.worker --serve`, and its answers read without blocking forever."""

    def __init__(self, env: dict[str, str], stderr: IO[bytes]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.worker", "--serve"], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, bufsize=0,
        )  # fmt: skip
        self._buffer = b""

    def start(self, url: str, ackfile: Path, seed: int) -> ForkedWorker:
        job = {"url": url, "ackfile": str(ackfile), "seed": seed}
        self.process.stdin.write(json.dumps(job).encode() + b"\n")
        return ForkedWorker(self, int(self.answer("pid")))

    def has_answer(self) -> bool:
        if b"\n" in self._buffer:
            return True
        readable, _, _ = select.select([self.process.stdout], [], [], 0)
        return bool(readable)

    def answer(self, key: str) -> str:
        while b"\n" not in self._buffer:
            readable, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT)
            assert readable, "the fork server does not answer"
            chunk = os.read(self.process.stdout.fileno(), 4096)
            assert chunk, "the fork server has ended"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        name, value = line.decode().split()
        assert name == key, f"fork server answered {line!r}, expected {key}"
        return value

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class ForkedWorker:
    server: ForkServer
    pid: int

    def ended(self) -> bool:
        return self.server.has_answer()  # it answers `status` once the child has ended

    def kill(self) -> bool:
        """SIGKILL; True when that is what ended it (not an error before)."""
        if not self.ended():  # once ended, the fork server has reaped it: the pid is free
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                os.kill(self.pid, signal.SIGKILL)
        status = int(self.server.answer("status"))
        return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@dataclass
class FreshWorker:
    process: subprocess.Popen

    def ended(self) -> bool:
        return self.process.poll() is not None

    def kill(self) -> bool:
        self.process.send_signal(signal.SIGKILL)
        return self.process.wait() == -signal.SIGKILL


@dataclass
class Acks:
    """One worker's ack file: the changes acknowledged after their commit, and the one begun
    but not acknowledged when it was killed (committed or not: both are allowed)."""

    ready: bool = False
    acked: list[list[str]] = field(default_factory=list)
    in_flight: list[str] | None = None

    @classmethod
    def read(cls, path: Path) -> Acks:
        acks = cls()
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        # The last element is "" after a final newline, or a line the kill cut short.
        for line in text.split("\n")[:-1]:
            kind, *change = line.split()
            if kind == "ready":
                acks.ready = True
            elif kind == "begin":
                acks.in_flight = change
            else:
                # An ack repeats its begin line (a contactmoment's adds the new id).
                begun = acks.in_flight
                assert kind == "ack" and begun and change[: len(begun)] == begun, line
                acks.acked.append(change)
                acks.in_flight = None
        return acks


@dataclass
class Expected:
    """What the database must hold from now on: every acknowledged change, plus each
    unacknowledged one that a check has already found committed (it must not vanish later)."""

    emails: dict[str, str]  # edit target (hex id) → its e-mail address
    edits: Counter[str] = field(default_factory=Counter)  # committed edits per target
    imports: set[str] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)
    commits: int = 0

    def add(self, change: list[str]) -> None:
        kind, *rest = change
        if kind == "import":
            self.imports.add(rest[0])
        elif kind == "edit":
            self.emails[rest[0]] = rest[1]
            self.edits[rest[0]] += 1
        else:
            self.contacts.add(rest[1])
        self.commits += 1


def check_database(path: Path, expected: Expected, acks: Acks) -> list[str]:
    """What is wrong with the database after a kill (nothing, we hope)."""
    for change in acks.acked:
        expected.add(change)
    in_flight = acks.in_flight or ["none"]
    connection = sqlite3.connect(path)
    try:
        problems = _check_sqlite(connection)
        if problems:  # the queries below would only report the same damage again
            return problems
        problems += _check_imports(connection, expected, in_flight)
        problems += _check_edits(connection, expected, in_flight)
        problems += _check_contacts(connection, expected, in_flight)
        return problems
    except sqlite3.DatabaseError as error:  # e.g. "database disk image is malformed"
        return [f"SQLite: {error}"]
    finally:
        connection.close()


def _check_sqlite(connection: sqlite3.Connection) -> list[str]:
    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity[:5]}"]
    # The journal mode is stored in the file: the app must have left it in WAL mode.
    if (mode := connection.execute("PRAGMA journal_mode").fetchone()[0]) != "wal":
        problems.append(f"journal_mode is {mode}, not wal")
    if broken := connection.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign_key_check: {broken[:5]}")
    return problems


def _check_imports(connection, expected: Expected, in_flight: list[str]) -> list[str]:
    problems = []
    rows = dict(
        connection.execute(
            "SELECT woonplaats, count(*) FROM inwoner WHERE woonplaats LIKE ? GROUP BY woonplaats",
            (f"{TAG_PREFIX}%",),
        )
    )
    audited = dict(
        connection.execute(
            "SELECT i.woonplaats, count(*) FROM inwoner i JOIN audit_record a ON a.record_id = i.id"
            " AND a.actie = 'AANGEMAAKT' AND a.reden = 'import' WHERE i.woonplaats LIKE ?"
            " GROUP BY i.woonplaats",
            (f"{TAG_PREFIX}%",),
        )
    )
    for batch, count in rows.items():
        if count != tag_size(batch) or audited.get(batch) != tag_size(batch):
            problems.append(
                f"partial import {batch}: {count} inwoners, {audited.get(batch, 0)} audit records"
            )
    if lost := expected.imports - rows.keys():
        problems.append(f"acknowledged imports missing: {sorted(lost)}")
    for batch in rows.keys() - expected.imports:
        if in_flight == ["import", batch]:
            expected.add(in_flight)  # committed just before the kill
        else:
            problems.append(f"import {batch} present but never begun")
    return problems


def _check_edits(connection, expected: Expected, in_flight: list[str]) -> list[str]:
    problems = []
    for inwoner_id in sorted(expected.emails):
        email, versie = connection.execute(
            "SELECT email, versie FROM inwoner WHERE id = ?", (inwoner_id,)
        ).fetchone()
        if email != expected.emails[inwoner_id] and in_flight == ["edit", inwoner_id, email]:
            expected.add(in_flight)  # committed just before the kill
        if email != expected.emails[inwoner_id]:
            problems.append(
                f"inwoner {inwoner_id}: e-mail {email}, acknowledged {expected.emails[inwoner_id]}"
            )
        audits = connection.execute(
            "SELECT count(*) FROM audit_record WHERE record_id = ? AND actie = 'GEWIJZIGD'",
            (inwoner_id,),
        ).fetchone()[0]
        if not versie - 1 == audits == expected.edits[inwoner_id]:
            problems.append(
                f"inwoner {inwoner_id}: versie {versie}, {audits} change audit records, "
                f"{expected.edits[inwoner_id]} committed edits"
            )
    return problems


def _check_contacts(connection, expected: Expected, in_flight: list[str]) -> list[str]:
    problems = []
    present = {row[0] for row in connection.execute("SELECT id FROM contactmoment")}
    audited = {
        row[0]
        for row in connection.execute(
            "SELECT record_id FROM audit_record WHERE onderwerp = 'contactmoment'"
            " AND actie = 'AANGEMAAKT'"
        )
    }
    if lost := expected.contacts - present:
        problems.append(f"acknowledged contactmomenten missing: {sorted(lost)}")
    extra = present - expected.contacts
    if len(extra) == 1 and in_flight[0] == "contact":
        expected.add([*in_flight, extra.pop()])  # committed just before the kill
    elif extra:
        problems.append(f"contactmomenten present but never begun: {sorted(extra)}")
    if unaudited := present - audited:
        problems.append(f"contactmomenten without audit record: {sorted(unaudited)}")
    return problems


def prepare(url: str) -> dict[str, str]:
    """A new database with the worker's medewerker and edit targets; their e-mail by hex id."""
    engine, sessions = open_database(url)
    try:
        with sessions.begin() as session:
            team = maak_team(session, "Team Kill")
            actor = maak_medewerker(session, ACTOR, [Rol.JOBCOACH], team=team)
            gemeente = gemeente_by_name(session, "Gorinchem")
            doelen = []
            for n in range(1, 4):
                gegevens = InwonerGegevens(
                    bsn=make_bsn(n), voornamen="Doel", achternaam=DOEL_ACHTERNAAM,
                    geboortedatum=date(1980, 1, 1), woongemeente_id=gemeente.id,
                    regievoerder_id=actor.id, email=START_EMAIL,
                )  # fmt: skip
                doelen.append(create_inwoner(session, actor=actor, gegevens=gegevens))
        return {doel.id.hex: START_EMAIL for doel in doelen}
    finally:
        engine.dispose()


def test_sigkill_loses_no_commit_and_leaves_no_partial_import(tmp_path, monkeypatch):
    # The data directory (backups, file modes) must be the test's, not the user's.
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    database = tmp_path / "koers.db"
    url = f"sqlite:///{database}"
    expected = Expected(emails=prepare(url))
    env = {**os.environ, "KOERS_DATA_DIR": str(tmp_path)}
    rng = random.Random(RANDOM_SEED)
    failures: dict[str, str] = {}
    kills = in_write_loop = fresh = 0
    mid_change: Counter[str] = Counter()  # kills while a change was begun, not acknowledged
    started = time.monotonic()

    with (tmp_path / "worker-stderr.log").open("ab") as stderr:
        server = ForkServer(env, stderr)
        try:
            for round_ in range(KILLS):
                ackfile = tmp_path / f"acks-{round_:03d}.log"
                seed = round_ + 1
                if round_ % FRESH_EVERY == 0:
                    fresh += 1
                    worker = FreshWorker(subprocess.Popen(
                        [sys.executable, "-m", "tests.crash.worker", url, str(ackfile),
                         str(seed)], cwd=ROOT, env=env, stderr=stderr,
                    ))  # fmt: skip
                else:
                    worker = server.start(url, ackfile, seed)
                early = round_ % EARLY_EVERY == EARLY_EVERY // 2 and round_ % FRESH_EVERY != 0
                if (failure := _kill_later(worker, ackfile, early, rng)) is not None:
                    failures[failure] = f"round {round_}: {failure}"
                    break
                kills += 1
                acks = Acks.read(ackfile)
                in_write_loop += acks.ready
                if acks.in_flight:
                    mid_change[acks.in_flight[0]] += 1
                for problem in check_database(database, expected, acks):
                    # Damage stays: report each problem once, with the first kill that showed it.
                    failures.setdefault(problem, f"round {round_}: {problem}")
        finally:
            server.close()

    summary = (
        f"{kills} kills ({in_write_loop} in the write loop, {fresh} of a new interpreter; in "
        f"the middle of {mid_change['import']} imports, {mid_change['edit']} edits and "
        f"{mid_change['contact']} contactmomenten) in {time.monotonic() - started:.0f} s; "
        f"{expected.commits} commits checked ({len(expected.imports)} imports, "
        f"{sum(expected.edits.values())} edits, {len(expected.contacts)} contactmomenten); "
        f"{len(failures)} failures"
    )
    print(summary)
    log = (tmp_path / "worker-stderr.log").read_text(errors="replace")[-3000:]
    report = list(failures.values())[:20]
    assert not failures, "\n".join([summary, *report, "worker stderr:", log])
    assert kills >= 50, summary
    assert in_write_loop >= 50, summary


def _kill_later(
    worker: ForkedWorker | FreshWorker, ackfile: Path, early: bool, rng: random.Random
) -> str | None:
    """Let the worker write for a random moment (or kill it while it starts up), then SIGKILL
    it; what went wrong, or None. Killed in any case, so no worker outlives the test."""
    failure = None
    try:
        if early:
            time.sleep(rng.uniform(0.0, 0.15))
        elif _wait_until_ready(ackfile, worker):
            time.sleep(rng.uniform(0.0, MAX_WRITE_TIME))
        else:
            failure = "the worker did not reach its writes"
    finally:
        killed = worker.kill()
    if failure is None and not killed:
        failure = "the worker ended before it was killed"
    return failure


def _wait_until_ready(ackfile: Path, worker: ForkedWorker | FreshWorker) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and not worker.ended():
        if ackfile.exists() and ackfile.read_bytes().startswith(b"ready\n"):
            return True
        time.sleep(0.005)
    return False
