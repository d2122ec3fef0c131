"""Fixtures for GUI tests.

Each test module gets its own SQLite file database (workers open their own sessions, so the
rollback `session` fixture of tests/conftest.py does not fit). QSettings and the data
directory point at temporary folders, so tests never touch the real user's settings or log.
Message boxes are answered by a recorder instead of blocking the test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Gemeente, Medewerker
from app.services.inwoners import InwonerGegevens, create_inwoner
from app.services.medewerkers import ensure_local_user
from app.startup import open_database
from app.ui import errors as ui_errors
from app.ui.settings import qsettings
from tests.conftest import make_bsn


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory) -> Iterator[None]:
    settings_dir = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    old = os.environ.get("KOERS_DATA_DIR")
    os.environ["KOERS_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    yield
    if old is None:
        os.environ.pop("KOERS_DATA_DIR", None)
    else:
        os.environ["KOERS_DATA_DIR"] = old


@pytest.fixture(autouse=True)
def _clean_settings(qapp) -> Iterator[None]:
    qsettings().clear()
    yield
    # Let background work finish and deliver before widgets are torn down.
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()


@dataclass
class MessageBoxes:
    """Records every message box; answers with the next text in `answers` (else Escape)."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)

    def __call__(self, box: QMessageBox) -> None:
        self.shown.append((box.windowTitle(), box.text()))
        target = box.escapeButton() or box.defaultButton()
        if self.answers:
            wanted = self.answers.pop(0)
            target = next(b for b in box.buttons() if b.text() == wanted)
        if target is not None:
            target.click()

    @property
    def texts(self) -> list[str]:
        return [text for _title, text in self.shown]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> MessageBoxes:
    recorder = MessageBoxes()
    monkeypatch.setattr(ui_errors, "exec_message_box", recorder)
    return recorder


@dataclass
class Db:
    sessions: sessionmaker[Session]
    actor_id: uuid.UUID
    coach_id: uuid.UUID
    gemeente_ids: dict[str, uuid.UUID]
    engine: Engine
    counter: int = 0

    def add(self, voornamen: str, achternaam: str, **kwargs) -> uuid.UUID:
        """Create an inwoner through the service; returns its ID."""
        self.counter += 1
        values = {
            "bsn": make_bsn(self.counter * 7 + 1000),
            "voornamen": voornamen,
            "achternaam": achternaam,
            "geboortedatum": date(1980, 1, 1),
            "woongemeente_id": self.gemeente_ids["Gorinchem"],
        }
        values.update(kwargs)
        with self.sessions.begin() as session:
            actor = session.get(Medewerker, self.actor_id)
            inwoner = create_inwoner(session, actor=actor, gegevens=InwonerGegevens(**values))
            return inwoner.id

    def add_many(self, count: int, make) -> None:
        """Create `count` inwoners in one transaction; make(i) returns InwonerGegevens kwargs."""
        with self.sessions.begin() as session:
            actor = session.get(Medewerker, self.actor_id)
            for i in range(count):
                self.counter += 1
                values = {
                    "bsn": make_bsn(self.counter * 7 + 1000),
                    "geboortedatum": date(1980, 1, 1),
                    "woongemeente_id": self.gemeente_ids["Gorinchem"],
                }
                values.update(make(i))
                create_inwoner(session, actor=actor, gegevens=InwonerGegevens(**values))


def make_db(path) -> Db:
    engine, sessions = open_database(f"sqlite:///{path / 'k.db'}")
    with sessions.begin() as session:
        actor = ensure_local_user(session, "testcoach")
        actor.naam = "Test Coach"
        coach = ensure_local_user(session, "jdevries")
        coach.naam = "Jolanda de Vries"
        gemeenten = {g.naam: g.id for g in session.scalars(select(Gemeente))}
        return Db(sessions, actor.id, coach.id, gemeenten, engine)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Iterator[Db]:
    """An empty database for the test module (reference data and two medewerkers)."""
    database = make_db(tmp_path_factory.mktemp("uidb"))
    yield database
    database.engine.dispose()


@pytest.fixture
def fresh_db(tmp_path) -> Iterator[Db]:
    """An empty database for one test."""
    database = make_db(tmp_path)
    yield database
    QThreadPool.globalInstance().waitForDone()
    database.engine.dispose()


@pytest.fixture
def make_window(qtbot):
    """Build a main window on a database (shown unless show=False).

    The fixture keeps the windows alive and deletes them in a fixed order afterwards: left to
    Python's garbage collector, a window could be deleted in the middle of Qt deleting one of
    its dialogs.
    """
    from app.ui.application import build_main_window

    windows = []

    def make(database: Db, *, show: bool = True):
        window = build_main_window(database.sessions, database.actor_id, label="test.db")
        windows.append(window)
        if show:
            with qtbot.waitExposed(window):
                window.show()
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()
    for window in windows:
        for dossier in window.dossiers():  # nothing to ask about at teardown
            dossier.form.set_gegevens(dossier.form.gegevens())
            dossier.journal.samenvatting.clear()
        window.close()
        window.deleteLater()
    QApplication.processEvents()
    windows.clear()


def wait_for_search(qtbot, view) -> None:
    """Wait until the inwoner list has the result of the newest search."""
    qtbot.waitUntil(lambda: not view.is_searching(), timeout=10_000)


OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(config, items) -> None:
    # The offscreen platform warns whenever a window's size constraints change; that is
    # noise of the test platform, not of Koers, so it must not fail GUI tests.
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


ACHTERNAMEN = (
    ("", "Jansen"), ("", "Janssen"), ("de", "Vries"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Dijk"),
    ("", "Yılmaz"), ("", "Kaya"), ("el", "Amrani"), ("", "Nowak"),
)  # fmt: skip
VOORNAMEN = ("Anna", "Pieter", "Fatima", "Mohamed", "Sanne", "Daan", "Emma", "Joost", "Noor",
             "Kees", "Lotte", "Bram", "Ayşe", "Mehmet", "Iris", "Ruud", "Sophie")  # fmt: skip
GEMEENTEN = ("Gorinchem", "Molenlanden", "Vijfheerenlanden", "Zaltbommel", "Buren")


def demo_values(db: Db, i: int) -> dict:
    tussenvoegsel, achternaam = ACHTERNAMEN[i % len(ACHTERNAMEN)]
    return {
        "voornamen": VOORNAMEN[(i * 7) % len(VOORNAMEN)],
        "tussenvoegsel": tussenvoegsel,
        "achternaam": achternaam,
        "geboortedatum": date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
        "woongemeente_id": db.gemeente_ids[GEMEENTEN[i % len(GEMEENTEN)]],
        "regievoerder_id": db.coach_id if i % 4 == 0 else None,
    }


@pytest.fixture(scope="module")
def db1000(tmp_path_factory) -> Iterator[Db]:
    """1,000 inwoners in varied names, municipalities and coaches, plus Łukasz Şahin-Öztürk."""
    database = make_db(tmp_path_factory.mktemp("uidb1000"))
    database.add_many(999, lambda i: demo_values(database, i))
    database.add("Łukasz", "Şahin-Öztürk", woongemeente_id=database.gemeente_ids["Buren"])
    yield database
    database.engine.dispose()
