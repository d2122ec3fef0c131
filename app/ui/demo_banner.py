"""How the main window shows a demo database: a yellow banner above every screen and, for a
functioneel beheerder on the embedded database, "Bestand → Demogegevens verwijderen…".

Removing asks first, then checks with the service (role, demo mark, embedded database) and
closes the main window with `verwijderen_gevraagd` set; `application.run_gui` deletes the file
once the window (and its database connections) are gone and starts the first-start wizard.
Closing asks about unsaved edits as always; saying "Annuleren" there removes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton

from app.db import sqlite_path
from app.services.demodatabase import controleer_verwijderen
from app.services.errors import DomainError
from app.services.rechten import Gegeven, Recht
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error
from app.ui.login import DEMO_STYLE


def mag_verwijderen(ctx: UiContext) -> bool:
    embedded = sqlite_path(ctx.sessions.kw["bind"]) is not None
    return ctx.demo and embedded and ctx.mag(Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)


def remove_demo_action(ctx: UiContext, window: QMainWindow) -> QAction:
    """The menu action; hidden unless this medewerker may remove this demo database."""
    action = QAction(window.tr("Demogegevens &verwijderen…"), window)
    action.setEnabled(mag_verwijderen(ctx))
    action.setVisible(action.isEnabled())
    action.triggered.connect(lambda: remove_demo(ctx, window))
    window.addAction(action)  # one of the window's actions: locking disables it with the rest
    return action


def remove_demo(ctx: UiContext, window: QMainWindow) -> None:
    if not ask(
        window,
        window.tr("Demogegevens verwijderen"),
        window.tr(
            "Koers verwijdert de hele demodatabase: de verzonnen inwoners en medewerkers, maar "
            "ook alles wat u er zelf in hebt gezet, uw eigen account en de audittrail. Daarna "
            "sluit het venster en begint Koers opnieuw met een lege database, bij de eerste "
            "start.\n\nDit kan niet ongedaan worden gemaakt."
        ),
        yes=window.tr("Demodatabase verwijderen"),
        no=window.tr("Annuleren"),
    ):
        return
    try:
        with ctx.unit_of_work() as (session, actor):
            controleer_verwijderen(session, actor=actor)
    except DomainError as error:
        show_domain_error(window, error)
        return
    window.verwijderen_gevraagd = True
    if not window.close():  # unsaved edits and the user kept them
        window.verwijderen_gevraagd = False


class DemoBanner(QFrame):
    """The yellow line above every screen of a demo database (also above the lock screen: it
    holds no personal data)."""

    def __init__(self, ctx: UiContext, action: QAction) -> None:
        super().__init__()
        self.setObjectName("demobalk")
        self.setStyleSheet(f"QFrame#demobalk {{ {DEMO_STYLE} }}")
        self.label = QLabel(self.tr(
            "<b>Demodatabase</b> — alle inwoners, medewerkers en dossiers zijn verzonnen. Voer "
            "hier geen echte gegevens in."
        ))  # fmt: skip
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        if action.isVisible():
            button = QPushButton(self.tr("Demogegevens verwijderen…"))
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)  # off while the window is locked
            layout.addWidget(button)
