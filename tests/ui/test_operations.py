"""The operations helper: background work, results in the GUI thread, stale results dropped,
progress after a delay with cancel, errors routed to the right place."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import func, select

from app.models import Medewerker
from app.services.errors import DomainError
from app.ui import operations as ops_module
from app.ui.operations import Operations


@pytest.fixture
def ops(db, qtbot):
    operations = Operations(db.sessions, db.actor_id)
    yield operations
    QThreadPool.globalInstance().waitForDone()


@pytest.fixture
def owner(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_result_arrives_in_gui_thread(qtbot, ops, owner):
    results = []

    def work(session, actor):
        return (threading.current_thread() is threading.main_thread(), actor.gebruikersnaam)

    ops.run(
        work, owner=owner,
        on_done=lambda r: results.append((r, threading.current_thread() is threading.main_thread())),
    )  # fmt: skip
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    (in_main, username), delivered_in_main = results[0]
    assert not in_main and delivered_in_main
    assert username == "testcoach"


def test_stale_results_are_dropped(qtbot, ops, owner):
    results = []
    release = threading.Event()

    def slow(session, actor):
        release.wait(5)
        return "oud"

    ops.run(slow, owner=owner, on_done=results.append, key="zoek")
    ops.run(lambda s, a: "nieuw", owner=owner, on_done=results.append, key="zoek")
    qtbot.waitUntil(lambda: results == ["nieuw"], timeout=5000)
    release.set()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert results == ["nieuw"]


def test_progress_dialog_after_delay_and_cancel_rolls_back(qtbot, ops, owner, db, monkeypatch):
    monkeypatch.setattr(ops_module, "PROGRESS_DELAY_MS", 50)
    release = threading.Event()
    results = []

    def writing(session, actor):
        actor.email = "gewijzigd@voorbeeld.nl"
        session.flush()
        release.wait(5)
        return "klaar"

    token = ops.run(writing, owner=owner, on_done=results.append, progress_text="Bezig…")
    qtbot.waitUntil(lambda: ops.progress_dialog(token) is not None, timeout=5000)
    dialog = ops.progress_dialog(token)
    assert dialog.labelText() == "Bezig…"
    assert dialog.findChild(QPushButton).text() == "Annuleren"
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Annuleren
    assert not ops.is_running(token)
    release.set()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert results == []
    with db.sessions.begin() as session:
        assert session.get(Medewerker, db.actor_id).email is None


def test_quick_work_shows_no_progress(qtbot, ops, owner):
    results = []
    token = ops.run(lambda s, a: 1, owner=owner, on_done=results.append, progress_text="Bezig…")
    qtbot.waitUntil(lambda: results == [1], timeout=5000)
    assert ops.progress_dialog(token) is None


def test_domain_error_becomes_message(qtbot, ops, owner, message_boxes):
    def refuse(session, actor):
        raise DomainError("Dat kan niet.")

    ops.run(refuse, owner=owner, on_done=lambda r: pytest.fail("no result"))
    qtbot.waitUntil(lambda: message_boxes.texts == ["Dat kan niet."], timeout=5000)


def test_unexpected_error_goes_to_excepthook(qtbot, ops, owner, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: seen.append(e))

    def broken(session, actor):
        return 1 / 0

    ops.run(broken, owner=owner, on_done=lambda r: pytest.fail("no result"))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert isinstance(seen[0], ZeroDivisionError)


def test_result_for_deleted_owner_is_dropped(qtbot, ops):
    results = []
    widget = QWidget()
    release = threading.Event()

    def work(session, actor):
        release.wait(5)
        return session.scalar(select(func.count()).select_from(Medewerker))

    ops.run(work, owner=widget, on_done=results.append)
    widget.deleteLater()
    qtbot.wait(10)
    release.set()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert results == []


def test_operations_deleted_while_work_runs(qtbot, db, owner):
    operations = Operations(db.sessions, db.actor_id)
    release = threading.Event()
    operations.run(lambda s, a: release.wait(5), owner=owner, on_done=lambda r: None)
    operations.deleteLater()
    qtbot.wait(10)
    release.set()
    time.sleep(0.05)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)  # no crash, nothing delivered


def test_refused_access_is_recorded_and_shown(qtbot, ops, owner, db, message_boxes):
    from app.models import AuditActie, AuditRecord
    from app.services.errors import ToegangGeweigerd

    def refused(session, actor):
        raise ToegangGeweigerd("U hebt geen toegang tot dit dossier.", inwoner_id=None)

    ops.run(refused, owner=owner, on_done=lambda r: pytest.fail("no result"))
    qtbot.waitUntil(lambda: message_boxes.texts == ["U hebt geen toegang tot dit dossier."])
    with db.sessions.begin() as session:
        records = session.scalars(
            select(AuditRecord).where(AuditRecord.actie == AuditActie.GEWEIGERD)
        ).all()
        assert [(r.gebruikersnaam, r.reden) for r in records] == [
            ("testcoach", "U hebt geen toegang tot dit dossier.")
        ]
