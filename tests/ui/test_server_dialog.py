"""Setting up the team server from the GUI: checked fields, the password to keyring, a
connection test that keeps the window responsive, and the start-up flow (a "Teamserver…" button
on the sign-in dialogs, an offer after a failed connection, a beheerder who upgrades an older
server)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QPushButton

from app import teamserver
from app.db import database_status
from app.teamserver import Teamserver
from app.ui import application
from app.ui.login import LoginDialog
from app.ui.server_dialog import BijwerkenDialog, ServerDialog
from tests.conftest import WACHTWOORD
from tests.test_schema_check import VORIGE, older_with_accounts


@pytest.fixture
def data(tmp_path, monkeypatch, memory_keyring):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KOERS_DATABASE_URL", raising=False)
    return memory_keyring


def fill(dialog: ServerDialog, *, host="koers.local", port=5432, gebruiker="petra",
         wachtwoord="geheim") -> None:  # fmt: skip
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.gebruiker.setText(gebruiker)
    dialog.wachtwoord.setText(wachtwoord)


def test_missing_fields_are_named_and_nothing_is_saved(qtbot, data):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    fill(dialog, host="", gebruiker="", wachtwoord="")
    dialog.save_button.click()
    assert dialog.errors.error_text("host") == "Vul de naam of het adres van de server in."
    assert dialog.errors.error_text("gebruiker") == "Vul de gebruikersnaam voor de database in."
    assert dialog.result() != QDialog.DialogCode.Accepted
    fill(dialog, wachtwoord="")
    dialog.save_button.click()
    assert dialog.errors.error_text("wachtwoord") == "Vul het wachtwoord in."
    assert teamserver.lees() is None


def test_save_stores_settings_and_password_then_reopens_filled(qtbot, data):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.tls.setCurrentIndex(dialog.tls.findData("verify-full"))
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    server = teamserver.lees()
    assert server == Teamserver(host="koers.local", database="koers", gebruiker="petra",
                                tls="verify-full")  # fmt: skip
    assert data.store == {("Koers", server.sleutel): "geheim"}
    again = ServerDialog()
    qtbot.addWidget(again)
    assert again.host.text() == "koers.local" and again.wachtwoord.text() == ""
    assert "sleutelbos" in again.wachtwoord.placeholderText()
    again.save_button.click()  # the stored password is enough
    assert again.result() == QDialog.DialogCode.Accepted


def test_connection_test_runs_in_the_background(qtbot, data):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    fill(dialog, host="127.0.0.1", port=1)
    dialog.tls.setCurrentIndex(dialog.tls.findData("disable"))
    dialog.test_button.click()
    assert not dialog.save_button.isEnabled()  # busy: no second click
    qtbot.waitUntil(lambda: "niet bereikbaar" in dialog.uitslag.text(), timeout=15000)
    assert dialog.save_button.isEnabled() and dialog.bezig.isHidden()
    assert teamserver.lees() is None  # testing saves nothing


def test_back_to_the_embedded_database(qtbot, data, message_boxes):
    teamserver.bewaar(Teamserver(host="koers.local", database="koers", gebruiker="p"), "x")
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    message_boxes.answers = ["Ingebouwde database gebruiken"]
    dialog.embedded_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert teamserver.lees() is None and data.store == {}


def test_login_offers_the_team_server_only_when_koers_chooses_the_database(qtbot, fresh_db,
                                                                          monkeypatch):  # fmt: skip
    seen = []

    def login(dialog):
        button = dialog.findChild(QPushButton, "teamserver")
        seen.append(button is not None)
        if button is None:
            return QDialog.DialogCode.Rejected
        monkeypatch.setattr(ServerDialog, "exec", lambda _d: QDialog.DialogCode.Accepted)
        button.click()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", login)
    assert application.sign_in(fresh_db.sessions, gebruikersnaam=None, label="k.db") is None
    result = application.sign_in(fresh_db.sessions, gebruikersnaam=None, label="k.db",
                                 server_instelbaar=True)  # fmt: skip
    assert result == application.SERVER_GEWIJZIGD
    assert seen == [False, True]


def test_failed_connection_offers_the_server_settings(qtbot, data, monkeypatch, message_boxes):
    teamserver.bewaar(Teamserver(host="127.0.0.1", port=1, database="koers", gebruiker="p",
                                 tls="disable"), "Geheim-42")  # fmt: skip
    monkeypatch.setattr(application, "install_excepthook", lambda: None)
    opened = []
    monkeypatch.setattr(ServerDialog, "exec", lambda _d: opened.append(1) or 0)
    message_boxes.answers = ["&Teamserver instellen…"]
    assert application.run_gui(database_url=None, gebruikersnaam=None) == 1
    assert opened == [1]
    assert "De database kon niet worden geopend." in message_boxes.texts[0]
    assert "Geheim-42" not in message_boxes.texts[0]


def test_beheerder_upgrades_an_older_database_after_signing_in(qtbot, fresh_engine, monkeypatch):
    older_with_accounts(fresh_engine)
    answers = iter([("coach", WACHTWOORD), ("beheer", "onjuist"), ("beheer", WACHTWOORD)])
    errors = []

    def sign_in_as(dialog):
        if dialog.error.text():
            errors.append(dialog.error.text())
        naam, wachtwoord = next(answers)
        dialog.gebruikersnaam.setText(naam)
        dialog.wachtwoord.setText(wachtwoord)
        dialog.bijwerken_button.click()
        return dialog.result()

    monkeypatch.setattr(BijwerkenDialog, "exec", sign_in_as)
    assert database_status(fresh_engine).current == VORIGE
    assert application._bijwerken_als_beheerder(fresh_engine, "ouder")
    assert errors == ["Alleen een functioneel beheerder mag de database op de server bijwerken.",
                      "Gebruikersnaam of wachtwoord klopt niet."]  # fmt: skip
    assert database_status(fresh_engine).up_to_date


def test_giving_up_leaves_the_older_database_alone(qtbot, fresh_engine, monkeypatch):
    older_with_accounts(fresh_engine)
    monkeypatch.setattr(BijwerkenDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    assert not application._bijwerken_als_beheerder(fresh_engine, "ouder")
    assert database_status(fresh_engine).current == VORIGE
