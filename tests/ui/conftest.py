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
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Gemeente, Inwoner, Medewerker, Organisatie, Rol, Team, TeamType
from app.services.aanmelden import maak_eerste_beheerder
from app.services.inwoners import InwonerGegevens, create_inwoner
from app.services.medewerkers import nieuwe_medewerker
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


PASSWORD = "koers-test-2024"


@contextmanager
def cheap_hashes() -> Iterator[None]:
    """Argon2 at test cost while the module's accounts are made (see tests/conftest.py)."""
    from argon2 import PasswordHasher

    from app.services import wachtwoorden

    old = wachtwoorden._hasher
    wachtwoorden._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        wachtwoorden._hasher = old


@dataclass
class Db:
    """A database with real accounts (all with password `PASSWORD`):

    - beheerder (Functioneel Beheer): the first functioneel beheerder, in no team;
    - team "Team Gorinchem": testcoach (Test Coach, jobcoach — the default actor),
      jdevries (Jolanda de Vries, jobcoach), tleider (Tineke Leider, teamleider) and
      amanager (Arie Manager, accountmanager);
    - team "Team Buren": bvisser (Bram Visser, jobcoach);
    - team "Schulddienstverlening" (type SDV): csdv (Carla Schulte, consulent
      schulddienstverlening) and tlsdv (Sander Leeuw, teamleider of the debt team);
    - kgorinchem (Karin Klant, klantmanager gemeente Gorinchem).
    Inwoners made with `add` are on testcoach's caseload unless told otherwise.
    """

    sessions: sessionmaker[Session]
    actor_id: uuid.UUID
    coach_id: uuid.UUID
    beheerder_id: uuid.UUID
    teamleider_id: uuid.UUID
    accountmanager_id: uuid.UUID
    other_coach_id: uuid.UUID
    klantmanager_id: uuid.UUID
    consulent_id: uuid.UUID
    sdv_teamleider_id: uuid.UUID
    team_ids: dict[str, uuid.UUID]
    gemeente_ids: dict[str, uuid.UUID]
    engine: Engine
    counter: int = 0

    def add(self, voornamen: str, achternaam: str, *, door: uuid.UUID | None = None,
            **kwargs) -> uuid.UUID:  # fmt: skip
        """Create an inwoner through the service (as `door`, default testcoach)."""
        self.counter += 1
        values = {
            "bsn": make_bsn(self.counter * 7 + 1000),
            "voornamen": voornamen,
            "achternaam": achternaam,
            "geboortedatum": date(1980, 1, 1),
            "woongemeente_id": self.gemeente_ids["Gorinchem"],
            "regievoerder_id": self.actor_id,
        }
        values.update(kwargs)
        with self.sessions.begin() as session:
            actor = session.get(Medewerker, door or self.actor_id)
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
                    "regievoerder_id": self.actor_id,
                }
                values.update(make(i))
                create_inwoner(session, actor=actor, gegevens=InwonerGegevens(**values))

    def bsn_of(self, inwoner_id: uuid.UUID) -> str:
        with self.sessions.begin() as session:
            return session.get(Inwoner, inwoner_id).bsn


def make_db(path) -> Db:
    engine, sessions = open_database(f"sqlite:///{path / 'k.db'}")
    with cheap_hashes(), sessions.begin() as session:
        beheerder = maak_eerste_beheerder(
            session, naam="Functioneel Beheer", gebruikersnaam="beheerder", wachtwoord=PASSWORD
        )
        organisatie = session.scalar(select(Organisatie).where(Organisatie.naam == "Avres"))
        teams = {}
        for naam in ("Team Gorinchem", "Team Buren"):
            teams[naam] = Team(naam=naam, organisatie=organisatie, type=TeamType.LOKAAL_INTEGRAAL)
            session.add(teams[naam])
        teams["Schulddienstverlening"] = Team(
            naam="Schulddienstverlening", organisatie=organisatie, type=TeamType.SDV
        )
        session.add(teams["Schulddienstverlening"])
        session.flush()
        gemeenten = {g.naam: g.id for g in session.scalars(select(Gemeente))}

        def account(naam: str, gebruikersnaam: str, *rollen: Rol, team: str | None = None,
                    gemeente: str | None = None) -> uuid.UUID:  # fmt: skip
            medewerker = nieuwe_medewerker(
                session, actor=beheerder, naam=naam, gebruikersnaam=gebruikersnaam,
                wachtwoord=PASSWORD, rollen=list(rollen),
                team_id=teams[team].id if team else None,
                gemeente_id=gemeenten[gemeente] if gemeente else None,
            )  # fmt: skip
            return medewerker.id

        gorinchem = "Team Gorinchem"
        return Db(
            sessions=sessions,
            actor_id=account("Test Coach", "testcoach", Rol.JOBCOACH, team=gorinchem),
            coach_id=account("Jolanda de Vries", "jdevries", Rol.JOBCOACH, team=gorinchem),
            beheerder_id=beheerder.id,
            teamleider_id=account("Tineke Leider", "tleider", Rol.TEAMLEIDER, team=gorinchem),
            accountmanager_id=account(
                "Arie Manager", "amanager", Rol.ACCOUNTMANAGER, team=gorinchem
            ),
            other_coach_id=account("Bram Visser", "bvisser", Rol.JOBCOACH, team="Team Buren"),
            klantmanager_id=account(
                "Karin Klant", "kgorinchem", Rol.KLANTMANAGER_GEMEENTE, gemeente="Gorinchem"
            ),
            consulent_id=account(
                "Carla Schulte", "csdv", Rol.CONSULENT_SDV, team="Schulddienstverlening"
            ),
            sdv_teamleider_id=account(
                "Sander Leeuw", "tlsdv", Rol.TEAMLEIDER, team="Schulddienstverlening"
            ),
            team_ids={naam: team.id for naam, team in teams.items()},
            gemeente_ids=gemeenten,
            engine=engine,
        )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Iterator[Db]:
    """A database for the test module (reference data, two teams, one account per role)."""
    database = make_db(tmp_path_factory.mktemp("uidb"))
    yield database
    database.engine.dispose()


@pytest.fixture
def fresh_db(tmp_path) -> Iterator[Db]:
    """Such a database for one test."""
    database = make_db(tmp_path)
    yield database
    QThreadPool.globalInstance().waitForDone()
    database.engine.dispose()


@pytest.fixture
def make_window(qtbot):
    """Build a main window on a database for a medewerker (default: testcoach), shown unless
    show=False.

    The fixture keeps the windows alive and deletes them in a fixed order afterwards: left to
    Python's garbage collector, a window could be deleted in the middle of Qt deleting one of
    its dialogs.
    """
    from app.ui.application import build_main_window

    windows = []

    def make(database: Db, *, actor: uuid.UUID | None = None, show: bool = True,
             lock_after_ms: int | None = None):  # fmt: skip
        window = build_main_window(
            database.sessions, actor or database.actor_id, label="test.db",
            lock_after_ms=lock_after_ms,
        )  # fmt: skip
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
        for page in window.pages():  # nothing to ask about at teardown
            page.discard_changes()
        if window.new_dialog is not None:
            window.new_dialog.form.set_gegevens(window.new_dialog.form.gegevens())
        window.close()
        window.deleteLater()
    QApplication.processEvents()
    windows.clear()


def go_to_inwoners(qtbot, window) -> None:
    """Ctrl+2: the inwoner list. (Who works with trajectories starts on the werkvoorraad.)"""
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.inwoners


def wait_for_search(qtbot, view) -> None:
    """Wait until the inwoner list has the result of the newest search."""
    qtbot.waitUntil(lambda: not view.is_searching(), timeout=10_000)


# The offscreen platform cannot resize or raise windows and says so.
OFFSCREEN_NOISE = "This plugin does not support (propagateSizeHints|raise)"


def pytest_collection_modifyitems(config, items) -> None:
    # The offscreen platform warns whenever a window's size constraints change or a window is
    # raised; that is noise of the test platform, not of Koers, so it must not fail GUI tests.
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
        "regievoerder_id": db.coach_id if i % 4 == 0 else db.actor_id,
    }


@pytest.fixture(scope="module")
def db1000(tmp_path_factory) -> Iterator[Db]:
    """1,000 inwoners in varied names, municipalities and (team) coaches, plus Łukasz
    Şahin-Öztürk."""
    database = make_db(tmp_path_factory.mktemp("uidb1000"))
    database.add_many(999, lambda i: demo_values(database, i))
    database.add("Łukasz", "Şahin-Öztürk", woongemeente_id=database.gemeente_ids["Buren"])
    yield database
    database.engine.dispose()
