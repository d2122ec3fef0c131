"""Signing in: the first functioneel beheerder of an empty database, and the login dialog.

Both dialogs run before the main window exists and talk to the services with their own short
transactions. The login dialog leaves the counting of wrong passwords (and the block after
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

from app.services.aanmelden import aanmelden, maak_eerste_beheerder
from app.services.errors import DomainError, ValidationError
from app.services.wachtwoorden import MIN_LENGTE
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


class BusyCursor:
    """A wait cursor while a password is checked (argon2 takes a moment on purpose)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc) -> None:
        QGuiApplication.restoreOverrideCursor()


class EersteBeheerderDialog(QDialog):
    """Create the first functioneel beheerder; `gebruikersnaam` holds its name afterwards."""

    def __init__(self, sessions: sessionmaker[Session], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self.gebruikersnaam = ""
        self.setWindowTitle(self.tr("Koers — eerste functioneel beheerder"))

        explanation = QLabel(
            self.tr(
                "Er kan nog niemand aanmelden bij deze database. Maak eerst het account van de "
                "functioneel beheerder aan. Die maakt daarna de accounts van de medewerkers "
                "aan, kent rollen en teams toe, stelt bewaartermijnen en de vergrendeltijd in "
                "en kan de audittrail inzien. Dossiers van inwoners opent een functioneel "
                "beheerder alleen met een reden die wordt vastgelegd."
            )
        )
        explanation.setWordWrap(True)
        self.explanation = explanation

        self.naam = QLineEdit()
        self.naam.setMaxLength(200)
        self.naam.setPlaceholderText(self.tr("Voor- en achternaam"))
        self.gebruikersnaam_edit = QLineEdit()
        self.gebruikersnaam_edit.setMaxLength(64)
        self.gebruikersnaam_edit.setPlaceholderText(self.tr("bijvoorbeeld jdevries"))
        self.wachtwoord = password_edit()
        self.herhaling = password_edit()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add("naam", self.tr("&Naam *"), self.naam)
        self.errors.add("gebruikersnaam", self.tr("&Gebruikersnaam *"), self.gebruikersnaam_edit)
        self.errors.add("wachtwoord", self.tr("&Wachtwoord *"), self.wachtwoord)
        self.errors.add("herhaling", self.tr("&Herhaal wachtwoord *"), self.herhaling)
        hint = make_hint(
            QLabel(
                self.tr(
                    "Het wachtwoord heeft minstens {n} tekens en bevat de gebruikersnaam niet."
                ).format(n=MIN_LENGTE)
            )
        )

        self.save_button = QPushButton(self.tr("Account &aanmaken"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        for name, edit in (
            ("naam", self.naam),
            ("gebruikersnaam", self.gebruikersnaam_edit),
            ("wachtwoord", self.wachtwoord),
            ("herhaling", self.herhaling),
        ):
            edit.textEdited.connect(lambda _t, n=name: self.errors.clear(n))

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Eerste functioneel beheerder")))
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.naam.setFocus()

    @Slot()
    def save(self) -> None:
        errors: dict[str, str] = {}
        if self.herhaling.text() != self.wachtwoord.text():
            errors["herhaling"] = self.tr("De twee wachtwoorden zijn niet gelijk.")
        try:
            with BusyCursor(), self._sessions.begin() as session:
                medewerker = maak_eerste_beheerder(
                    session,
                    naam=self.naam.text(),
                    gebruikersnaam=self.gebruikersnaam_edit.text(),
                    wachtwoord=self.wachtwoord.text(),
                )
                if errors:  # the service checked the rest; nothing is saved
                    raise ValidationError(errors)
                gebruikersnaam = medewerker.gebruikersnaam
        except ValidationError as error:
            self.errors.set_errors({**error.errors, **errors})
            self.errors.focus_first()
            return
        except DomainError as error:
            self.errors.set_errors({"": error.message})
            return
        self.gebruikersnaam = gebruikersnaam
        self.accept()


class LoginDialog(QDialog):
    """Username and password; `medewerker_id` holds who signed in after `accept`."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        gebruikersnaam: str = "",
        database_label: str = "",
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
