"""Signing in: the login dialog with its Dutch messages (wrong password, blocked after five
wrong ones). The first functioneel beheerder: tests/ui/test_eerste_start.py."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.login import LoginDialog
from tests.ui.conftest import PASSWORD


def login(qtbot, sessions, gebruikersnaam: str = "") -> LoginDialog:
    dialog = LoginDialog(sessions, gebruikersnaam=gebruikersnaam, database_label="test.db")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_login_success(qtbot, db):
    dialog = login(qtbot, db.sessions, "testcoach")
    assert dialog.wachtwoord.hasFocus()  # the name was prefilled (koers --as testcoach gui)
    qtbot.keyClicks(dialog.wachtwoord, PASSWORD)
    qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.medewerker_id == db.actor_id


def test_login_failure_shows_dutch_message_in_dialog(qtbot, db):
    dialog = login(qtbot, db.sessions)
    assert dialog.gebruikersnaam.hasFocus()
    qtbot.keyClick(dialog.gebruikersnaam, Qt.Key.Key_Return)
    assert dialog.errors.error_text("gebruikersnaam") == "Vul uw gebruikersnaam in."

    qtbot.keyClicks(dialog.gebruikersnaam, "jdevries")
    dialog.wachtwoord.setFocus()
    qtbot.keyClicks(dialog.wachtwoord, "fout-wachtwoord")
    qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert dialog.error.text() == "Gebruikersnaam of wachtwoord klopt niet."
    assert dialog.error.isVisible()
    assert dialog.wachtwoord.text() == "" and dialog.wachtwoord.hasFocus()
    assert dialog.result() != LoginDialog.DialogCode.Accepted

    dialog.gebruikersnaam.setText("niemand")  # an unknown name gets the same message
    qtbot.keyClicks(dialog.wachtwoord, PASSWORD)
    qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert dialog.error.text() == "Gebruikersnaam of wachtwoord klopt niet."


def test_five_wrong_passwords_block_the_account(qtbot, fresh_db):
    dialog = login(qtbot, fresh_db.sessions, "jdevries")
    for _ in range(5):
        qtbot.keyClicks(dialog.wachtwoord, "fout-wachtwoord")
        qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert dialog.error.text() == (
        "Dit was de 5e keer een onjuist wachtwoord: het account is 15 minuten geblokkeerd."
    )
    qtbot.keyClicks(dialog.wachtwoord, PASSWORD)  # even the right one is refused now
    qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert dialog.error.text().startswith("Dit account is geblokkeerd na 5 onjuiste wachtwoorden.")
    assert dialog.result() != LoginDialog.DialogCode.Accepted


def test_escape_cancels_login(qtbot, db):
    dialog = login(qtbot, db.sessions)
    qtbot.keyClick(dialog.gebruikersnaam, Qt.Key.Key_Escape)
    assert dialog.result() == LoginDialog.DialogCode.Rejected
    assert not dialog.isVisible()
