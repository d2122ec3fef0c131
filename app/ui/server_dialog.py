"""Connecting to the team's PostgreSQL server, and upgrading it as a functioneel beheerder.

`ServerDialog` edits host, port, database, user and TLS mode, keeps the password in keyring
(`app.teamserver`) and tests the connection off the GUI thread, so an unreachable server (a
timeout of several seconds) never freezes the window. "Ingebouwde database gebruiken" forgets
the server. `BijwerkenDialog` asks a functioneel beheerder's username and password before a
shared server with an older schema is upgraded.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import config, teamserver
from app.config import SecretStoreError
from app.teamserver import Teamserver, Verbindingstest
from app.ui.errors import ask, tr
from app.ui.login import BusyCursor, heading, password_edit
from app.ui.operations import call_in_background
from app.ui.widgets import FieldErrors, make_error_label, make_hint, select_data

log = logging.getLogger(__name__)

SERVER_GEWIJZIGD = 2  # a dialog's result: the team server settings changed, reconnect


def kies_ingebouwde_database(parent: QWidget | None) -> bool:
    """Forget the team server after the user agreed; True when forgotten."""
    if not ask(
        parent,
        tr("Ingebouwde database gebruiken"),
        tr(
            "Koers gebruikt dan weer de database op deze computer, niet die van het team. "
            "De instellingen en het bewaarde wachtwoord van de teamserver worden vergeten."
        ),
        yes=tr("Ingebouwde database gebruiken"),
        no=tr("Annuleren"),
    ):
        return False
    teamserver.vergeet()
    return True


class ServerDialog(QDialog):
    """The team server's settings. Accepted after "Opslaan" or "Ingebouwde database gebruiken";
    Koers then reconnects with what is configured now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koers — teamserver"))
        huidig = teamserver.lees()
        self._huidig = huidig

        self.host = QLineEdit(huidig.host if huidig else "")
        self.host.setPlaceholderText("bijvoorbeeld koers.gemeente.local")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(huidig.port if huidig else teamserver.STANDAARD_POORT)
        self.database = QLineEdit(huidig.database if huidig else "koers")
        self.gebruiker = QLineEdit(huidig.gebruiker if huidig else "")
        self.wachtwoord = password_edit()
        if huidig and config.load_secret(huidig.sleutel):
            self.wachtwoord.setPlaceholderText(self.tr("bewaard in de sleutelbos; leeg laten"))
        self.tls = QComboBox()
        for mode, tekst in teamserver.TLS_MODI.items():
            self.tls.addItem(tekst, mode)
        select_data(self.tls, huidig.tls if huidig else "require")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = make_error_label("teamserver")
        self.errors = FieldErrors(form, self.error)
        self.errors.add("host", self.tr("&Server"), self.host)
        self.errors.add("port", self.tr("&Poort"), self.port)
        self.errors.add("database", self.tr("&Database"), self.database)
        self.errors.add("gebruiker", self.tr("&Gebruiker"), self.gebruiker)
        self.errors.add("wachtwoord", self.tr("&Wachtwoord"), self.wachtwoord)
        self.errors.add("tls", self.tr("&Beveiliging"), self.tls)
        for edit in (self.host, self.database, self.gebruiker, self.wachtwoord):
            edit.textEdited.connect(self._edited)

        self.uitslag = QLabel()
        self.uitslag.setWordWrap(True)
        self.uitslag.setObjectName("verbindingstest")
        self.bezig = QProgressBar()
        self.bezig.setRange(0, 0)  # busy, no known end
        self.bezig.setTextVisible(False)
        self.bezig.hide()

        self.test_button = QPushButton(self.tr("Verbinding &testen"))
        self.test_button.clicked.connect(self.test)
        self.save_button = QPushButton(self.tr("&Opslaan"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.embedded_button = QPushButton(self.tr("&Ingebouwde database gebruiken"))
        self.embedded_button.setEnabled(huidig is not None)
        self.embedded_button.clicked.connect(self.use_embedded)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.embedded_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Verbinding met de teamserver")))
        layout.addWidget(make_hint(QLabel(self.tr(
            "Werkt uw team samen in één database, vul dan de gegevens van de PostgreSQL-server "
            "in die u van uw functioneel beheerder of ICT-afdeling hebt gekregen. Het wachtwoord "
            "bewaart Koers in de sleutelbos van uw computer, nooit in een bestand."
        ))))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.bezig)
        layout.addWidget(self.uitslag)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.host.setFocus()

    def server(self) -> Teamserver:
        return Teamserver(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            gebruiker=self.gebruiker.text().strip(),
            tls=self.tls.currentData(),
        )

    def _password(self, server: Teamserver) -> str | None:
        """What was typed, else the stored password of this same server."""
        return self.wachtwoord.text() or config.load_secret(server.sleutel)

    def _checked(self) -> Teamserver | None:
        server = self.server()
        fouten = teamserver.controleer(server)
        if not fouten and not self._password(server):
            fouten = {"wachtwoord": self.tr("Vul het wachtwoord in.")}
        if fouten:
            self.errors.set_errors(fouten)
            self.errors.focus_first()
            return None
        return server

    def _edited(self, _text: str = "") -> None:
        self.errors.clear()
        self.uitslag.clear()

    @Slot()
    def test(self) -> None:
        server = self._checked()
        if server is None:
            return
        wachtwoord = self._password(server)
        self._set_busy(True)
        self.uitslag.setText(self.tr("Verbinding testen met {server}…").format(
            server=server.omschrijving))  # fmt: skip
        call_in_background(self, lambda: teamserver.test_verbinding(server, wachtwoord),
                           self._tested)  # fmt: skip

    def _tested(self, uitslag: Verbindingstest | None, error: BaseException | None) -> None:
        self._set_busy(False)
        if error is not None:  # test_verbinding words the expected failures itself
            log.error("Verbindingstest mislukt", exc_info=error)
            uitslag = Verbindingstest(False, self.tr("De verbinding kon niet worden getest: "
                                                     "{fout}").format(fout=error))  # fmt: skip
        self.uitslag.setText(uitslag.melding)
        self.uitslag.setStyleSheet("" if uitslag.gelukt else "color: #b00020;")

    def _set_busy(self, busy: bool) -> None:
        self.bezig.setVisible(busy)
        for button in (self.test_button, self.save_button, self.embedded_button):
            button.setEnabled(not busy and (button is not self.embedded_button or
                                            self._huidig is not None))  # fmt: skip

    @Slot()
    def save(self) -> None:
        server = self._checked()
        if server is None:
            return
        try:
            with BusyCursor():
                teamserver.bewaar(server, self.wachtwoord.text() or None)
        except (SecretStoreError, OSError) as error:
            self.errors.set_errors({"": str(error)})
            return
        self.accept()

    @Slot()
    def use_embedded(self) -> None:
        if kies_ingebouwde_database(self):
            self.accept()


class BijwerkenDialog(QDialog):
    """A functioneel beheerder confirms the upgrade of an older shared server by signing in."""

    def __init__(self, melding: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koers — server bijwerken"))
        self.gebruikersnaam = QLineEdit()
        self.gebruikersnaam.setMaxLength(64)
        self.wachtwoord = password_edit()
        form = QFormLayout()
        self.error = make_error_label("bijwerken")
        self.errors = FieldErrors(form, self.error)
        self.errors.add("gebruikersnaam", self.tr("&Gebruikersnaam beheerder"), self.gebruikersnaam)
        self.errors.add("wachtwoord", self.tr("&Wachtwoord"), self.wachtwoord)
        uitleg = QLabel(melding + "\n\n" + self.tr(
            "Bent u functioneel beheerder, meld u dan hieronder aan om de server nu bij te "
            "werken. Zorg dat er een reservekopie van de server is (pg_dump) en dat collega's "
            "Koers hebben gesloten."
        ))  # fmt: skip
        uitleg.setWordWrap(True)
        self.bijwerken_button = QPushButton(self.tr("Server &bijwerken"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.bijwerken_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Afsluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        self.bijwerken_button.clicked.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("De server moet worden bijgewerkt")))
        layout.addWidget(uitleg)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.gebruikersnaam.setFocus()

    def show_error(self, message: str) -> None:
        self.errors.set_errors({"": message})

    @Slot()
    def _check(self) -> None:
        if not self.gebruikersnaam.text().strip():
            self.errors.set_errors({"gebruikersnaam": self.tr("Vul uw gebruikersnaam in.")})
            return
        if not self.wachtwoord.text():
            self.errors.set_errors({"wachtwoord": self.tr("Vul uw wachtwoord in.")})
            return
        self.accept()
