"""Starting the GUI: failures to open the database give a message, not a silent exit; signing
in comes first (cancelling quits with 0); the main window has the promised menus, shortcuts
and status bar for the signed-in medewerker."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from app.ui import application
from app.ui.eerste_start import EersteStartWizard
from app.ui.login import LoginDialog
from tests.ui.conftest import PASSWORD


@pytest.fixture
def criticals(monkeypatch):
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text))
    )
    monkeypatch.setattr(application, "install_excepthook", lambda: None)
    return shown


def test_unopenable_database_gives_dutch_message(qtbot, criticals, tmp_path):
    url = f"sqlite:///{tmp_path / 'bestaat-niet' / 'map' / 'k.db'}"
    assert application.run_gui(database_url=url, gebruikersnaam=None) == 1
    assert criticals and criticals[0].startswith("De database kon niet worden geopend.")


def test_cancelling_the_first_dialog_quits_with_0(qtbot, criticals, tmp_path, monkeypatch):
    shown = []

    def cancel(dialog):
        shown.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(EersteStartWizard, "exec", cancel)
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert application.run_gui(database_url=url, gebruikersnaam=None) == 0
    assert shown == ["EersteStartWizard"]  # an empty database: nobody can sign in yet
    assert criticals == []


def test_cancelling_login_quits_with_0(qtbot, criticals, fresh_db, monkeypatch):
    prefilled = []

    def cancel(dialog):
        prefilled.append(dialog.gebruikersnaam.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", cancel)
    url = fresh_db.engine.url.render_as_string(hide_password=False)
    assert application.run_gui(database_url=url, gebruikersnaam="tleider") == 0
    assert prefilled == ["tleider"]  # from `koers --as tleider gui`


def test_sign_in_on_empty_database(qtbot, tmp_path, monkeypatch):
    """The first-start wizard makes the functioneel beheerder, then that account signs in."""
    from app.startup import open_database

    engine, sessions = open_database(f"sqlite:///{tmp_path / 'k.db'}")

    def make_first(wizard):
        assert wizard.stappen[0] == wizard.BEHEERDER  # Koers did not choose the database
        page = wizard.beheerder_page
        page.naam.setText("Fleur Beheer")
        page.gebruikersnaam.setText("fbeheer")
        page.wachtwoord.setText(PASSWORD)
        page.herhaling.setText(PASSWORD)
        for _step in range(3):  # account, no demo data, Aanmelden
            wizard.next()
        return wizard.result()

    def login(dialog):
        assert dialog.gebruikersnaam.text() == "fbeheer"
        assert not hasattr(dialog, "demo_hint")  # no demo data was loaded
        dialog.wachtwoord.setText(PASSWORD)
        dialog.sign_in()
        return dialog.result()

    monkeypatch.setattr(EersteStartWizard, "exec", make_first)
    monkeypatch.setattr(LoginDialog, "exec", login)
    actor_id = application.sign_in(sessions, gebruikersnaam=None, label="k.db")
    assert actor_id is not None
    window = application.build_main_window(sessions, actor_id, label="k.db")
    qtbot.addWidget(window)
    assert "Gebruiker: Fleur Beheer (Functioneel beheerder)" in _status_text(window)
    assert window.demo_banner is None and "DEMO" not in window.windowTitle()
    assert not window.remove_demo_action.isVisible()
    window.close()
    engine.dispose()


def test_main_window_menus_shortcuts_and_status(make_window, db):
    window = make_window(db)  # testcoach, a jobcoach
    assert _menus(window) == {
        "&Bestand": [
            "&Nieuwe inwoner…", "&Opslaan", "Zoektekst &wissen", "Plannen van caseload af&drukken…",
            "&Vergrendelen", "&Afsluiten",
        ],
        "&Ga naar": ["&Werkvoorraad", "&Inwoners", "&Zoeken"],
        "&Dossier": ["Dossier s&luiten…"],
        "&Help": ["&Handleiding", "&Over Koers"],
    }  # fmt: skip
    shortcuts = {a.text(): [s.toString() for s in a.shortcuts()] for a in window.actions()}
    assert shortcuts["&Nieuwe inwoner…"] == ["Ctrl+N"]
    assert shortcuts["&Opslaan"] == ["Ctrl+S"]
    assert shortcuts["&Zoeken"] == ["Ctrl+F"]
    assert shortcuts["&Werkvoorraad"] == ["Ctrl+1"]
    assert shortcuts["&Inwoners"] == ["Ctrl+2"]
    assert shortcuts["&Afsluiten"] == ["Ctrl+Q"]
    assert shortcuts["&Vergrendelen"] == ["Ctrl+L"]
    assert shortcuts["&Handleiding"] == ["F1"]
    assert shortcuts["Zoektekst &wissen"] == ["Ctrl+W", "Esc"]
    assert shortcuts["Dossier s&luiten…"] == ["Ctrl+Shift+L"]
    assert not window.save_action.isEnabled()  # nothing to save on the list
    assert not window.sluit_dossier_action.isEnabled()  # no dossier open
    assert "Database: test.db" in _status_text(window)
    assert "Gebruiker: Test Coach (Jobcoach / werkcoach)" in _status_text(window)
    assert window.beheer is None
    assert window.tabs.count() == 2  # the werkvoorraad, the start screen, and the list
    assert window.tabs.currentWidget() is window.werkvoorraad
    assert window.windowTitle() == "Koers — Werkvoorraad"
    assert window.werkvoorraad.table.hasFocus()


def test_beheerder_menus(make_window, db):
    window = make_window(db, actor=db.beheerder_id)
    menus = _menus(window)
    assert menus["&Ga naar"] == [
        "&Werkvoorraad", "&Inwoners", "&Beheer", "&Rapportages", "&Zoeken",
    ]  # fmt: skip
    shortcuts = {a.text(): [s.toString() for s in a.shortcuts()] for a in window.actions()}
    assert shortcuts["&Beheer"] == ["Ctrl+3"]
    assert shortcuts["&Rapportages"] == ["Ctrl+5"]
    assert menus["&Dossier"] == [
        "Dossier &buiten mijn team openen…", "&Inzage-export…", "Dossier s&luiten…",
    ]  # fmt: skip
    assert window.beheer is not None
    assert window.beheer.titles() == [
        "&Medewerkers", "Bewaar&termijnen", "In&stellingen", "&Loonreferenties", "&KPI-doelen",
        "Schuldhul&ptermijnen", "&Audittrail",
    ]  # fmt: skip


def _menus(window) -> dict[str, list[str]]:
    return {
        action.text(): [
            a.text() for a in action.menu().actions() if not a.isSeparator() and a.isVisible()
        ]
        for action in window.menuBar().actions()
    }


def _status_text(window) -> str:
    return " ".join(label.text() for label in window.statusBar().findChildren(QLabel))


def test_unreachable_server_never_shows_or_logs_its_password(qtbot, criticals, tmp_path,
                                                             monkeypatch):  # fmt: skip
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    url = "postgresql+psycopg://koers:Geheim-Wachtwoord-42@127.0.0.1:1/koers"
    assert application.run_gui(database_url=url, gebruikersnaam=None) == 1
    assert criticals and "Geheim-Wachtwoord-42" not in criticals[0] and "***" in criticals[0]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Geheim-Wachtwoord-42" not in path.read_bytes(), path
