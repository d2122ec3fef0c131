"""Signing in, and the small pieces the other dialogs before the main window share.

The login dialog runs before the main window exists and talks to the services with its own
short transactions (an empty database gets the first-start wizard instead, `eerste_start`). It
leaves the counting of wrong passwords (and the block after
five) to `aanmelden.aanmelden`; it only shows the Dutch message it gets back.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from app.services.aanmelden import aanmelden
from app.services.demodatabase import DEMO_WACHTWOORD
from app.services.errors import DomainError
from app.ui.widgets import FieldErrors, make_error_label, make_hint


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


# The demo banner's colours (login dialog and main window): yellow like a road-works sign.
DEMO_STYLE = "background: #fff3b0; color: #3d3100; border: 1px solid #e0c341; padding: 6px;"


class BusyCursor:
    """A wait cursor while a password is checked (argon2 takes a moment on purpose)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc) -> None:
        QGuiApplication.restoreOverrideCursor()


class LoginDialog(QDialog):
    """Username and password; `medewerker_id` holds who signed in after `accept`."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        gebruikersnaam: str = "",
        database_label: str = "",
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self.medewerker_id: uuid.UUID | None = None
        self.setWindowTitle(self.tr("Koers — aanmelden"))

        self.gebruikersnaam = QLineEdit(gebruikersnaam)
        self.gebruikersnaam.setMaxLength(64)
        self.gebruikersnaam.setAccessibleName(self.tr("Gebruikersnaam"))
        self.wachtwoord = password_edit()
        self.wachtwoord.setAccessibleName(self.tr("Wachtwoord"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = make_error_label("aanmelden")
        self.errors = FieldErrors(form, self.error)
        self.errors.add("gebruikersnaam", self.tr("&Gebruikersnaam"), self.gebruikersnaam)
        self.errors.add("wachtwoord", self.tr("&Wachtwoord"), self.wachtwoord)
        self.gebruikersnaam.textEdited.connect(lambda _t: self.errors.clear())
        self.wachtwoord.textEdited.connect(lambda _t: self.errors.clear("wachtwoord"))

        self.login_button = QPushButton(self.tr("&Aanmelden"))
        self.login_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.clicked.connect(self.sign_in)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Aanmelden bij Koers")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        if demo:
            self.demo_hint = QLabel(self.tr(
                "<b>Demodatabase</b>: alle inwoners en medewerkers zijn verzonnen. Elk "
                "demo-account heeft het wachtwoord <b>{wachtwoord}</b>; de gebruikersnamen "
                "staan in Beheer → Medewerkers."
            ).format(wachtwoord=DEMO_WACHTWOORD))  # fmt: skip
            self.demo_hint.setObjectName("demo")
            self.demo_hint.setWordWrap(True)
            self.demo_hint.setStyleSheet(DEMO_STYLE)
            layout.addWidget(self.demo_hint)
        if database_label:
            database = make_hint(QLabel(self.tr("Database: {db}").format(db=database_label)))
            database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(database)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        (self.wachtwoord if gebruikersnaam else self.gebruikersnaam).setFocus()

    @Slot()
    def sign_in(self) -> None:
        gebruikersnaam = self.gebruikersnaam.text().strip()
        if not gebruikersnaam:
            self.errors.set_errors({"gebruikersnaam": self.tr("Vul uw gebruikersnaam in.")})
            self.gebruikersnaam.setFocus()
            return
        if not self.wachtwoord.text():
            self.errors.set_errors({"wachtwoord": self.tr("Vul uw wachtwoord in.")})
            self.wachtwoord.setFocus()
            return
        try:
            with BusyCursor():
                medewerker_id = aanmelden(
                    self._sessions, gebruikersnaam=gebruikersnaam, wachtwoord=self.wachtwoord.text()
                )
        except DomainError as error:
            self.errors.set_errors({"": error.message})
            self.wachtwoord.clear()
            self.wachtwoord.setFocus()
            return
        self.medewerker_id = medewerker_id
        self.accept()
