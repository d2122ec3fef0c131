"""Locking after idle time: the contents hide behind the lock screen, unlocking needs the
password of whoever signed in (wrong ones count towards the block), edits stay in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models import Medewerker
from tests.ui.conftest import PASSWORD


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def wrong_tries(db, medewerker_id) -> int:
    with db.sessions.begin() as session:
        return session.get(Medewerker, medewerker_id).mislukte_pogingen


def test_idle_lock_and_unlock_keeps_edits(qtbot, make_window, fresh_db):
    db = fresh_db
    inwoner_id = db.add("Kees", "Bakker")
    window = make_window(db, lock_after_ms=300)
    dossier = window.open_dossier(inwoner_id)
    retype(qtbot, dossier.form.field("telefoon"), "0612345678")
    assert dossier.is_modified()

    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert window.stack.currentWidget() is window.lock_screen
    assert not window.tabs.isVisible()  # no personal data on screen
    assert not window.menuBar().isVisible()
    assert not window.save_action.isEnabled() and not window.new_action.isEnabled()
    assert window.windowTitle() == "Koers — vergrendeld"
    assert "Test Coach" in window.lock_screen.who.text()
    assert "testcoach" in window.lock_screen.who.text()
    assert window.lock_screen.wachtwoord.hasFocus()
    window.idle.set_interval_ms(60_000)  # no second lock while the test types

    screen = window.lock_screen
    qtbot.keyClicks(screen.wachtwoord, "verkeerd-wachtwoord")
    qtbot.keyClick(screen.wachtwoord, Qt.Key.Key_Return)
    assert window.locked
    assert screen.error.text() == "Gebruikersnaam of wachtwoord klopt niet."
    assert wrong_tries(db, db.actor_id) == 1  # counts towards the block, like a sign-in

    qtbot.keyClicks(screen.wachtwoord, PASSWORD)
    qtbot.keyClick(screen.wachtwoord, Qt.Key.Key_Return)
    assert not window.locked
    assert window.tabs.isVisible() and window.menuBar().isVisible()
    assert window.current_dossier() is dossier
    assert dossier.form.field("telefoon").text() == "0612345678"  # the edit is still there
    assert window.save_action.isEnabled()
    assert window.windowTitle() == "Koers — Kees Bakker"
    assert wrong_tries(db, db.actor_id) == 0
    assert window.idle.is_running()


def test_input_postpones_the_lock(qtbot, make_window, db):
    # Wide margins: on a busy 2-core machine a start-up load can hold the GUI thread for a
    # few hundred milliseconds, which must not count as idle time in this test.
    window = make_window(db, lock_after_ms=1200)
    for _ in range(6):
        qtbot.wait(300)
        qtbot.keyClick(window.inwoners.search, Qt.Key.Key_A)
    assert not window.locked  # 1800 ms passed, but never 1200 ms without input
    qtbot.waitUntil(lambda: window.locked, timeout=5000)


def test_ctrl_l_locks_and_open_dialog_hides(qtbot, make_window, db):
    window = make_window(db)
    dialog = window.new_inwoner()
    qtbot.waitExposed(dialog)
    dialog.form.field("voornamen").setText("Anna")
    window.lock()
    assert window.locked
    assert not dialog.isVisible()

    window.lock_screen.wachtwoord.setText(PASSWORD)
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.locked
    assert dialog.isVisible()
    assert dialog.form.field("voornamen").text() == "Anna"


def test_sign_out_asks_about_unsaved_edits(qtbot, make_window, db, message_boxes):
    inwoner_id = db.add("Noor", "Visser")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    retype(qtbot, dossier.form.field("voornamen"), "Nora")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked

    message_boxes.answers.append("Terug naar het dossier")
    qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert "niet zijn opgeslagen" in message_boxes.texts[-1]
    assert window.isVisible() and window.locked  # still locked, the edit kept

    message_boxes.answers.append("Weggooien")
    qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    QApplication.processEvents()


def test_locking_disables_the_beheerder_actions_too(qtbot, make_window, db):
    window = make_window(db, actor=db.beheerder_id)
    actions = (window.import_action, window.caseload_print_action)
    assert window.import_action.isEnabled()
    before = [a.isEnabled() for a in actions]
    window.lock()
    assert not any(a.isEnabled() for a in actions)
    window.unlock()
    assert [a.isEnabled() for a in actions] == before
