"""Starting the GUI: failures to open the database or find the user give a message, not a
silent exit; the main window has the promised menus, shortcuts and status bar."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.ui import application


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


def test_unknown_user_gives_dutch_message(qtbot, criticals, tmp_path):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert application.run_gui(database_url=url, gebruikersnaam="niemand") == 1
    assert criticals == ["Er is geen medewerker met gebruikersnaam 'niemand'."]


def test_main_window_menus_shortcuts_and_status(make_window, db):
    window = make_window(db)
    menus = {
        action.text(): [a.text() for a in action.menu().actions() if not a.isSeparator()]
        for action in window.menuBar().actions()
    }
    assert menus == {
        "&Bestand": ["&Nieuwe inwoner…", "&Opslaan", "Zoektekst &wissen", "&Afsluiten"],
        "&Ga naar": ["&Inwoners", "&Zoeken"],
        "&Help": ["&Over Koers"],
    }
    shortcuts = {a.text(): [s.toString() for s in a.shortcuts()] for a in window.actions()}
    assert shortcuts["&Nieuwe inwoner…"] == ["Ctrl+N"]
    assert shortcuts["&Opslaan"] == ["Ctrl+S"]
    assert shortcuts["&Zoeken"] == ["Ctrl+F"]
    assert shortcuts["&Inwoners"] == ["Ctrl+1"]
    assert shortcuts["&Afsluiten"] == ["Ctrl+Q"]
    assert shortcuts["Zoektekst &wissen"] == ["Ctrl+W", "Esc"]
    assert not window.save_action.isEnabled()  # nothing to save on the list
    assert "Database: test.db" in _status_text(window)
    assert "Gebruiker: Test Coach" in _status_text(window)


def _status_text(window) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in window.statusBar().findChildren(QLabel))


def test_resolve_actor(db):
    assert application.resolve_actor(db.sessions, "jdevries") == db.coach_id
