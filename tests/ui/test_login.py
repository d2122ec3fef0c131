"""Signing in: the first functioneel beheerder of an empty database, and the login dialog
with its Dutch messages (wrong password, blocked after five wrong ones)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import Medewerker, Rol
from app.services.aanmelden import eerste_beheerder_nodig
from app.startup import open_database
from app.ui.login import EersteBeheerderDialog, LoginDialog
from tests.ui.conftest import PASSWORD


@pytest.fixture
def empty(tmp_path):
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'leeg.db'}")
    yield sessions
    engine.dispose()


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_first_beheerder_dialog_explains_and_checks(qtbot, empty):
    dialog = EersteBeheerderDialog(empty)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Maak eerst het account van de functioneel beheerder aan" in dialog.explanation.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # everything empty
    assert dialog.errors.error_text("naam") == "Vul de naam van de medewerker in."
    assert dialog.errors.error_text("gebruikersnaam").startswith("Kies een gebruikersnaam")
    assert dialog.errors.error_text("wachtwoord") == ("Kies een wachtwoord van minstens 10 tekens.")
    assert dialog.result() != EersteBeheerderDialog.DialogCode.Accepted

    type_into(qtbot, dialog.naam, "Fleur Beheer")
    assert dialog.errors.error_text("naam") == ""  # editing a field clears its message
    type_into(qtbot, dialog.gebruikersnaam_edit, "fbeheer")
    type_into(qtbot, dialog.wachtwoord, PASSWORD)
    type_into(qtbot, dialog.herhaling, PASSWORD + "x")
    qtbot.keyClick(dialog.herhaling, Qt.Key.Key_Return)
    assert dialog.errors.error_text("herhaling") == "De twee wachtwoorden zijn niet gelijk."
    with empty.begin() as session:
        assert eerste_beheerder_nodig(session)  # nothing was saved

    type_into(qtbot, dialog.herhaling, PASSWORD)
    qtbot.keyClick(dialog.herhaling, Qt.Key.Key_Return)
    assert dialog.result() == EersteBeheerderDialog.DialogCode.Accepted
    assert dialog.gebruikersnaam == "fbeheer"
    with empty.begin() as session:
        beheerder = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam == "fbeheer"))
        assert beheerder.rollen == {Rol.FUNCTIONEEL_BEHEERDER}
        assert beheerder.wachtwoord_hash != PASSWORD


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
