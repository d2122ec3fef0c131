"""The first start: where the data lives, the first functioneel beheerder, demo data; and how a
demo database shows itself (title, banner, login dialog) and goes away in one step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QDialog, QPushButton
from sqlalchemy import func, select

from app.models import Inwoner, Medewerker, Rol
from app.services.aanmelden import eerste_beheerder_nodig, maak_eerste_beheerder
from app.services.demo import generate_demo
from app.services.demodatabase import DEMO_WACHTWOORD, is_demo
from app.services.errors import DomainError
from app.startup import open_database
from app.ui import application, eerste_start
from app.ui.eerste_start import EersteStartWizard
from app.ui.login import LoginDialog
from app.ui.server_dialog import SERVER_GEWIJZIGD, ServerDialog
from tests.ui.conftest import PASSWORD, cheap_hashes


@pytest.fixture
def empty(tmp_path):
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'leeg.db'}")
    yield sessions
    QThreadPool.globalInstance().waitForDone()
    engine.dispose()


def wizard_on(qtbot, sessions, *, instelbaar: bool = True) -> EersteStartWizard:
    wizard = EersteStartWizard(sessions, server_instelbaar=instelbaar, database_label="leeg.db")
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard):
        wizard.show()
    return wizard


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)


def fill_beheerder(qtbot, wizard: EersteStartWizard, herhaling: str = PASSWORD) -> None:
    page = wizard.beheerder_page
    type_into(qtbot, page.naam, "Fleur Beheer")
    type_into(qtbot, page.gebruikersnaam, "fbeheer")
    type_into(qtbot, page.wachtwoord, PASSWORD)
    type_into(qtbot, page.herhaling, herhaling)


def test_embedded_first_start_with_demo_data(qtbot, empty):
    wizard = wizard_on(qtbot, empty)
    assert wizard.current() == wizard.PLEK
    assert wizard.stap.text() == "Stap 1 van 4"
    assert wizard.plek_page.lokaal.isChecked()  # the embedded database: nothing to set up
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    assert wizard.current() == wizard.BEHEERDER
    assert "Maak eerst het account van de functioneel beheerder aan" in (
        wizard.beheerder_page.uitleg.text())  # fmt: skip
    assert wizard.next_button.text() == "Account &aanmaken"
    fill_beheerder(qtbot, wizard)
    qtbot.keyClick(wizard.beheerder_page.herhaling, Qt.Key.Key_Return)

    assert wizard.current() == wizard.DEMO
    assert not wizard.back_button.isVisible()  # the account is made: no way back
    assert not wizard.demo_page.laden.isChecked()  # real use never gets demo data by accident
    wizard.demo_page.laden.setChecked(True)
    with cheap_hashes():
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        assert wizard.busy and not wizard.next_button.isEnabled()
        wizard.reject()  # Esc while loading: ignored, the load finishes in seconds
        assert wizard.isVisible()
        qtbot.waitUntil(lambda: wizard.current() == wizard.KLAAR, timeout=60_000)

    tekst = wizard.klaar.text()
    assert "<b>fbeheer</b>" in tekst and DEMO_WACHTWOORD in tekst
    for rol, naam in wizard.demo.accounts.items():
        assert (naam in tekst) == (rol != "beheerder")
    assert "Demogegevens verwijderen" in tekst
    assert wizard.next_button.text() == "&Aanmelden" and not wizard.cancel_button.isVisible()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.gebruikersnaam == "fbeheer"
    with empty.begin() as session:
        assert is_demo(session)
        assert session.scalar(select(func.count()).select_from(Inwoner)) == 1000
        fleur = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam == "fbeheer"))
        assert fleur.rollen == {Rol.FUNCTIONEEL_BEHEERDER}


def test_f1_opens_the_guide_at_the_first_start(qtbot, empty):
    wizard = wizard_on(qtbot, empty)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.keyClick(wizard.plek_page.lokaal, Qt.Key.Key_F1)
    assert wizard.help_dialog.isVisible()
    assert wizard.help_dialog.lijst.currentItem().text() == "Aan de slag"
    assert "De eerste start" in wizard.help_dialog.browser.toPlainText()
    wizard.help_dialog.close()


def test_the_beheerder_step_checks_and_saves_nothing_wrong(qtbot, empty):
    wizard = wizard_on(qtbot, empty, instelbaar=False)
    assert wizard.current() == wizard.BEHEERDER  # Koers did not choose the database
    assert wizard.stap.text() == "Stap 1 van 3" and not wizard.back_button.isVisible()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # everything empty
    errors = wizard.beheerder_page.errors
    assert errors.error_text("naam") == "Vul de naam van de medewerker in."
    assert errors.error_text("gebruikersnaam").startswith("Kies een gebruikersnaam")
    assert errors.error_text("wachtwoord") == "Kies een wachtwoord van minstens 10 tekens."

    fill_beheerder(qtbot, wizard, herhaling=PASSWORD + "x")
    assert errors.error_text("naam") == ""  # editing a field clears its message
    qtbot.keyClick(wizard.beheerder_page.herhaling, Qt.Key.Key_Return)
    assert errors.error_text("herhaling") == "De twee wachtwoorden zijn niet gelijk."
    assert wizard.current() == wizard.BEHEERDER
    with empty.begin() as session:
        assert eerste_beheerder_nodig(session)  # nothing was saved

    type_into(qtbot, wizard.beheerder_page.herhaling, PASSWORD)
    qtbot.keyClick(wizard.beheerder_page.herhaling, Qt.Key.Key_Return)
    assert wizard.current() == wizard.DEMO
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # no demo data
    assert wizard.current() == wizard.KLAAR
    assert DEMO_WACHTWOORD not in wizard.klaar.text()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    with empty.begin() as session:
        assert not is_demo(session)
        assert session.scalar(select(func.count()).select_from(Inwoner)) == 0


def test_choosing_the_team_server_opens_the_connection_dialog(qtbot, empty, monkeypatch):
    answers = [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]
    monkeypatch.setattr(ServerDialog, "exec", lambda _dialog: answers.pop(0))
    wizard = wizard_on(qtbot, empty)
    wizard.plek_page.server.setChecked(True)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current() == wizard.PLEK and wizard.isVisible()  # cancelled: stay
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == SERVER_GEWIJZIGD  # saved: Koers reconnects to the server


def test_on_a_server_no_demo_step_and_back_to_this_computer(qtbot, empty, monkeypatch,
                                                            message_boxes):  # fmt: skip
    monkeypatch.setattr(eerste_start, "sqlite_path", lambda _engine: None)
    forgotten = []
    monkeypatch.setattr("app.teamserver.vergeet", lambda: forgotten.append(True))
    wizard = wizard_on(qtbot, empty)
    assert wizard.stappen == [wizard.PLEK, wizard.BEHEERDER, wizard.KLAAR]
    assert wizard.plek_page.server.isChecked()
    wizard.plek_page.lokaal.setChecked(True)
    message_boxes.answers = ["Annuleren"]
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current() == wizard.PLEK and not forgotten
    message_boxes.answers = ["Ingebouwde database gebruiken"]
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert forgotten and wizard.result() == SERVER_GEWIJZIGD

    wizard = wizard_on(qtbot, empty)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # the server it is
    fill_beheerder(qtbot, wizard)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current() == wizard.KLAAR  # demo data never goes onto a shared server


def test_a_refused_demo_says_why_and_stays(qtbot, empty, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise DomainError("De database bevat al inwoners.")

    monkeypatch.setattr("app.services.demo.generate_demo", refuse)
    wizard = wizard_on(qtbot, empty, instelbaar=False)
    fill_beheerder(qtbot, wizard)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wizard.demo_page.laden.setChecked(True)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy)
    assert wizard.current() == wizard.DEMO
    assert wizard.demo_page.error.text() == "De database bevat al inwoners."
    assert wizard.next_button.isEnabled() and wizard.cancel_button.isEnabled()


# --- a demo database --------------------------------------------------------------------------


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "koers.db"
    engine, sessions = open_database(f"sqlite:///{path}", reservekopie=False)
    with cheap_hashes():
        with sessions.begin() as session:
            fleur = maak_eerste_beheerder(session, naam="Fleur Beheer", gebruikersnaam="fbeheer",
                                          wachtwoord=PASSWORD)  # fmt: skip
            fleur_id = fleur.id
        result = generate_demo(sessions, inwoners=30, seed=1)
    yield path, sessions, fleur_id, result.accounts
    QThreadPool.globalInstance().waitForDone()
    engine.dispose()


def windows_of_run_gui(monkeypatch) -> list:
    """The main windows run_gui builds (other tests' closed windows may still exist)."""
    built = []
    real = application.build_main_window

    def build(*args, **kwargs):
        built.append(real(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(application, "build_main_window", build)
    return built


def coach_id(sessions, accounts):
    with sessions.begin() as session:
        return session.scalar(
            select(Medewerker.id).where(Medewerker.gebruikersnaam == accounts["coach"])
        )


def test_a_demo_database_says_so_everywhere(qtbot, demo_db):
    path, sessions, fleur_id, accounts = demo_db
    login = LoginDialog(sessions, database_label=str(path), demo=True)
    qtbot.addWidget(login)
    assert DEMO_WACHTWOORD in login.demo_hint.text()

    window = application.build_main_window(sessions, fleur_id, label=str(path))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("Koers — DEMO — ")
    assert window.demo_banner.isVisible()
    assert "alle inwoners, medewerkers en dossiers zijn verzonnen" in (
        window.demo_banner.label.text())  # fmt: skip
    assert window.remove_demo_action.isVisible()  # a functioneel beheerder
    bestand = window.menuBar().actions()[0].menu()
    assert window.remove_demo_action in bestand.actions()
    window.close()

    coach = application.build_main_window(sessions, coach_id(sessions, accounts), label="k")
    qtbot.addWidget(coach)
    coach.show()
    assert coach.demo_banner.isVisible() and "DEMO" in coach.windowTitle()
    assert not coach.remove_demo_action.isVisible()  # only a functioneel beheerder removes
    coach.close()


def test_remove_demo_asks_then_closes_for_run_gui(qtbot, demo_db, message_boxes):
    path, sessions, fleur_id, _accounts = demo_db
    window = application.build_main_window(sessions, fleur_id, label=str(path))
    qtbot.addWidget(window)
    window.show()
    message_boxes.answers = ["Annuleren"]
    window.remove_demo_action.trigger()
    assert "Dit kan niet ongedaan worden gemaakt" in message_boxes.texts[-1]
    assert window.isVisible() and not window.verwijderen_gevraagd and path.exists()
    window.lock()  # a locked window removes nothing: its button is off like its menu
    button = window.demo_banner.findChild(QPushButton)
    assert not button.isEnabled()
    window.remove_demo_action.trigger()
    assert window.isVisible() and len(message_boxes.texts) == 1
    window.unlock()
    assert button.isEnabled()
    message_boxes.answers = ["Demodatabase verwijderen"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.isVisible() and window.verwijderen_gevraagd
    assert path.exists()  # run_gui deletes it once the window's connections are gone


def test_run_gui_deletes_the_demo_and_starts_over(qtbot, demo_db, monkeypatch, message_boxes):
    path, sessions, _fleur_id, _accounts = demo_db
    QThreadPool.globalInstance().waitForDone()
    sessions.kw["bind"].dispose()
    monkeypatch.setattr(application, "install_excepthook", lambda: None)

    def login(dialog):
        assert dialog.demo_hint.isVisibleTo(dialog)
        dialog.gebruikersnaam.setText("fbeheer")
        dialog.wachtwoord.setText(PASSWORD)
        dialog.sign_in()
        message_boxes.answers = ["Demodatabase verwijderen"]
        QTimer.singleShot(0, remove)
        return dialog.result()

    def remove():
        built[-1].remove_demo_action.trigger()

    built = windows_of_run_gui(monkeypatch)
    wizards = []

    def first_start(wizard):
        wizards.append(wizard.stappen)
        with wizard._sessions.begin() as session:
            assert not is_demo(session) and eerste_beheerder_nodig(session)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", login)
    monkeypatch.setattr(EersteStartWizard, "exec", first_start)
    assert application.run_gui(database_url=f"sqlite:///{path}", gebruikersnaam=None) == 0
    assert len(wizards) == 1  # the demo went, and Koers started over on an empty database


def test_a_new_user_completes_the_first_start_and_sees_the_demo(qtbot, tmp_path, monkeypatch):
    """The acceptance walk: `koers gui` on a computer without Koers data, as a user would."""
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KOERS_DATABASE_URL", raising=False)
    monkeypatch.setattr(application, "install_excepthook", lambda: None)
    built = windows_of_run_gui(monkeypatch)
    seen = {}

    def first_start(wizard):
        wizard.show()
        assert wizard.stappen == [wizard.PLEK, wizard.BEHEERDER, wizard.DEMO, wizard.KLAAR]
        wizard.next()  # alleen op deze computer
        fill_beheerder(qtbot, wizard)
        wizard.next()
        wizard.demo_page.laden.setChecked(True)
        with cheap_hashes():
            wizard.next()
            qtbot.waitUntil(lambda: wizard.current() == wizard.KLAAR, timeout=60_000)
        wizard.next()  # Aanmelden
        return wizard.result()

    def login(dialog):
        seen["hint"] = dialog.demo_hint.text()
        dialog.wachtwoord.setText(PASSWORD)  # the name is filled in already
        dialog.sign_in()
        QTimer.singleShot(0, look_and_close)
        return dialog.result()

    def look_and_close():
        window = built[-1]
        window.show_inwoners()
        qtbot.waitUntil(lambda: window.inwoners.model.rowCount() > 0, timeout=10_000)
        seen["title"] = window.windowTitle()
        seen["banner"] = window.demo_banner.isVisible()
        seen["rows"] = window.inwoners.model.rowCount()
        window.close()

    monkeypatch.setattr(EersteStartWizard, "exec", first_start)
    monkeypatch.setattr(LoginDialog, "exec", login)
    assert application.run_gui(database_url=None, gebruikersnaam=None) == 0
    assert (tmp_path / "koers.db").exists()  # the embedded database in the data directory
    assert DEMO_WACHTWOORD in seen["hint"]
    assert seen["title"] == "Koers — DEMO — Inwoners" and seen["banner"]
    assert seen["rows"] >= 100  # the first screen of the 1,000 demo inwoners
