"""The first start: where the data lives, the first functioneel beheerder, and demo data to try
Koers out.

Shown instead of the login dialog on a database where nobody can sign in yet. Its steps, in
one dialog like the import wizard:

1. Waar staan de gegevens? — "alleen op deze computer" (the embedded database) or "met mijn
   team op een teamserver" (the connection dialog). Changing it ends the wizard with
   `SERVER_GEWIJZIGD`: Koers reconnects and, on an empty server, starts the wizard there.
   Only shown when Koers chooses the database itself (not with `--database` or
   KOERS_DATABASE_URL).
2. Functioneel beheerder — the first account. Creating it commits; there is no way back.
3. Demogegevens — only for the embedded database: a shared server holds real dossiers, and
   demo data must never mix with them. Loading runs off the GUI thread (about a few seconds),
   all or nothing.
4. Klaar — who signs in now, and with which demo accounts Koers can be tried in other roles.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from app.db import sqlite_path
from app.services.aanmelden import maak_eerste_beheerder
from app.services.demodatabase import DEMO_WACHTWOORD
from app.services.errors import DomainError, ValidationError
from app.services.text import nl_int
from app.services.wachtwoorden import MIN_LENGTE
from app.ui import handleiding
from app.ui.login import BusyCursor, password_edit
from app.ui.operations import call_in_background
from app.ui.server_dialog import SERVER_GEWIJZIGD, ServerDialog, kies_ingebouwde_database
from app.ui.widgets import FieldErrors, StepFrame, make_error_label, make_hint

DEMO_INWONERS = 1000  # enough to feel a real caseload, loaded in a few seconds
DEMO_SEED = 1  # the seed the guide's screenshots are made with


def _page(*widgets: QWidget) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return page


class PlekPage(QWidget):
    """Step 1: the embedded database or the team server."""

    def __init__(self, *, embedded: bool, database_label: str) -> None:
        super().__init__()
        self.embedded = embedded
        self.lokaal = QRadioButton(self.tr("&Alleen op deze computer"))
        self.server = QRadioButton(self.tr("Met mijn &team op een teamserver"))
        group = QButtonGroup(self)
        group.addButton(self.lokaal)
        group.addButton(self.server)
        (self.lokaal if embedded else self.server).setChecked(True)
        lokaal_uitleg = self.tr(
            "Voor wie alleen werkt of Koers wil uitproberen. Er is niets in te stellen: de "
            "gegevens staan in een database op deze computer, die alleen u kunt lezen, en Koers "
            "maakt elke dag een reservekopie."
        )
        server_uitleg = self.tr(
            "Voor een team dat samen in één database werkt. U hebt de gegevens van de "
            "PostgreSQL-server gekregen van uw functioneel beheerder of ICT-afdeling; Koers "
            "vraagt er in de volgende stap naar."
        )
        if embedded:
            lokaal_uitleg += " " + self.tr("Database: {db}").format(db=database_label)
        else:
            server_uitleg = self.tr("Koers is verbonden met {db}.").format(db=database_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button, uitleg in ((self.lokaal, lokaal_uitleg), (self.server, server_uitleg)):
            layout.addWidget(button)
            hint = make_hint(QLabel(uitleg))
            hint.setContentsMargins(24, 0, 0, 8)
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(hint)
        layout.addStretch(1)

    def changed(self) -> bool:
        """True when the user chose the other kind of database than the one Koers has open."""
        return self.lokaal.isChecked() != self.embedded


class BeheerderPage(QWidget):
    """Step 2: the first functioneel beheerder's account."""

    def __init__(self) -> None:
        super().__init__()
        uitleg = QLabel(self.tr(
            "Er kan nog niemand aanmelden bij deze database. Maak eerst het account van de "
            "functioneel beheerder aan. Die maakt daarna de accounts van de medewerkers aan, "
            "kent rollen en teams toe, stelt bewaartermijnen en de vergrendeltijd in en kan de "
            "audittrail inzien. Dossiers van inwoners opent een functioneel beheerder alleen met "
            "een reden die wordt vastgelegd."
        ))  # fmt: skip
        uitleg.setWordWrap(True)
        self.uitleg = uitleg
        self.naam = QLineEdit()
        self.naam.setMaxLength(200)
        self.naam.setPlaceholderText(self.tr("Voor- en achternaam"))
        self.gebruikersnaam = QLineEdit()
        self.gebruikersnaam.setMaxLength(64)
        self.gebruikersnaam.setPlaceholderText(self.tr("bijvoorbeeld jdevries"))
        self.wachtwoord = password_edit()
        self.herhaling = password_edit()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label("beheerder")
        self.errors = FieldErrors(form, self.general)
        self.errors.add("naam", self.tr("&Naam *"), self.naam)
        self.errors.add("gebruikersnaam", self.tr("&Gebruikersnaam *"), self.gebruikersnaam)
        self.errors.add("wachtwoord", self.tr("&Wachtwoord *"), self.wachtwoord)
        self.errors.add("herhaling", self.tr("&Herhaal wachtwoord *"), self.herhaling)
        for name, edit in (
            ("naam", self.naam),
            ("gebruikersnaam", self.gebruikersnaam),
            ("wachtwoord", self.wachtwoord),
            ("herhaling", self.herhaling),
        ):
            edit.textEdited.connect(lambda _t, n=name: self.errors.clear(n))  # fmt: skip
        hint = make_hint(QLabel(self.tr(
            "Het wachtwoord heeft minstens {n} tekens en bevat de gebruikersnaam niet. Koers "
            "bewaart het niet, alleen een controlegetal ervan."
        ).format(n=MIN_LENGTE)))  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(uitleg)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addStretch(1)

    def save(self, sessions: sessionmaker[Session]) -> tuple[str, str] | None:
        """Create the account; (naam, gebruikersnaam), or None after showing what is wrong
        (then nothing was saved)."""
        errors: dict[str, str] = {}
        if self.herhaling.text() != self.wachtwoord.text():
            errors["herhaling"] = self.tr("De twee wachtwoorden zijn niet gelijk.")
        try:
            with BusyCursor(), sessions.begin() as session:
                medewerker = maak_eerste_beheerder(
                    session,
                    naam=self.naam.text(),
                    gebruikersnaam=self.gebruikersnaam.text(),
                    wachtwoord=self.wachtwoord.text(),
                )
                if errors:  # the service checked the rest; the rollback saves nothing
                    raise ValidationError(errors)
                gemaakt = medewerker.naam, medewerker.gebruikersnaam
        except ValidationError as error:
            self.errors.set_errors({**error.errors, **errors})
            self.errors.focus_first()
            return None
        except DomainError as error:
            self.errors.set_errors({"": error.message})
            return None
        return gemaakt


class DemoPage(QWidget):
    """Step 3: demo data, or an empty database."""

    def __init__(self) -> None:
        super().__init__()
        uitleg = QLabel(self.tr(
            "Wilt u Koers eerst uitproberen? Dan vult Koers deze database met {n} verzonnen "
            "inwoners, met hun trajecten, ontwikkelplannen, loonwaardemetingen en "
            "schuldhulptrajecten, en met demo-accounts voor elke rol.\n\n"
            "Koers laat overal zien dat het om demogegevens gaat: in de titel, in een balk "
            "boven elk scherm en op alles wat u afdrukt. Voer in een demodatabase geen echte "
            "gegevens in. Met Bestand → Demogegevens verwijderen verdwijnt alles in één stap en "
            "begint u opnieuw met een lege database."
        ).format(n=nl_int(DEMO_INWONERS)))  # fmt: skip
        uitleg.setWordWrap(True)
        self.laden = QCheckBox(self.tr("&Demogegevens laden om Koers uit te proberen"))
        self.bezig = QProgressBar()
        self.bezig.setRange(0, 0)  # busy; a 1,000-inwoner demo has no steps worth showing
        self.bezig.setTextVisible(False)
        self.bezig.hide()
        self.status = make_hint(QLabel())
        self.error = make_error_label("demo")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(uitleg)
        layout.addSpacing(6)
        layout.addWidget(self.laden)
        layout.addWidget(self.bezig)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)


class EersteStartWizard(QDialog):
    """Accepted when the first beheerder exists (`gebruikersnaam`; `demo` holds the loaded
    demo's result, if any); `SERVER_GEWIJZIGD` when the user switched database; rejected
    when cancelled."""

    PLEK, BEHEERDER, DEMO, KLAAR = range(4)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        server_instelbaar: bool,
        database_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self.embedded = sqlite_path(sessions.kw["bind"]) is not None
        self.naam = ""
        self.gebruikersnaam = ""
        self.demo = None  # demo.DemoResult once loaded
        self.busy = False
        self.setWindowTitle(self.tr("Koers — eerste start"))

        self.plek_page = PlekPage(embedded=self.embedded, database_label=database_label)
        self.beheerder_page = BeheerderPage()
        self.demo_page = DemoPage()
        self.klaar = QLabel()
        self.klaar.setWordWrap(True)
        self.klaar.setTextFormat(Qt.TextFormat.RichText)
        self.klaar.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        for page in (self.plek_page, self.beheerder_page, self.demo_page, _page(self.klaar)):
            self.stack.addWidget(page)
        self.titels = {
            self.PLEK: self.tr("Waar bewaart Koers de gegevens?"),
            self.BEHEERDER: self.tr("De eerste functioneel beheerder"),
            self.DEMO: self.tr("Demogegevens"),
            self.KLAAR: self.tr("Koers is klaar voor gebruik"),
        }
        self.stappen = ([self.PLEK] if server_instelbaar else []) + [self.BEHEERDER] + (
            [self.DEMO] if self.embedded else []) + [self.KLAAR]  # fmt: skip

        welkom = make_hint(QLabel(self.tr("Welkom bij Koers · F1 opent de handleiding")))
        frame = StepFrame(self, self.stack, close_text=self.tr("Annuleren"), above=[welkom])
        self.stap, self.titel = frame.stap, frame.titel
        self.back_button, self.next_button = frame.back_button, frame.next_button
        self.cancel_button = frame.close_button
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)
        self.help_dialog: handleiding.HelpVenster | None = None
        QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self, self.show_help)
        self.setMinimumSize(600, 460)
        self._show(self.stappen[0])

    @Slot()
    def show_help(self) -> None:
        """F1: the guide at its first-start page, beside the wizard."""
        if self.help_dialog is None:
            self.help_dialog = handleiding.HelpVenster(self)
        self.help_dialog.ga_naar(handleiding.START)
        self.help_dialog.show()
        self.help_dialog.raise_()

    # --- navigation -------------------------------------------------------------------------

    def current(self) -> int:
        return self.stack.currentIndex()

    def _show(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.stap.setText(self.tr("Stap {n} van {totaal}").format(
            n=self.stappen.index(step) + 1, totaal=len(self.stappen)))  # fmt: skip
        self.titel.setText(self.titels[step])
        self.next_button.setText({
            self.BEHEERDER: self.tr("Account &aanmaken"),
            self.KLAAR: self.tr("&Aanmelden"),
        }.get(step, self.tr("&Volgende >")))  # fmt: skip
        # The account is committed once made: the steps before it are behind us for good.
        self.back_button.setVisible(step == self.BEHEERDER and self.PLEK in self.stappen)
        self.cancel_button.setVisible(step != self.KLAAR)
        focus = {
            self.PLEK: self.plek_page.lokaal if self.embedded else self.plek_page.server,
            self.BEHEERDER: self.beheerder_page.naam,
            self.DEMO: self.demo_page.laden,
        }.get(step, self.next_button)
        focus.setFocus()

    def _after(self, step: int) -> int:
        return self.stappen[self.stappen.index(step) + 1]

    @Slot()
    def back(self) -> None:
        if self.current() == self.BEHEERDER and self.PLEK in self.stappen:
            self._show(self.PLEK)

    @Slot()
    def next(self) -> None:
        step = self.current()
        if self.busy:
            return
        if step == self.PLEK:
            self._leave_plek()
        elif step == self.BEHEERDER:
            gemaakt = self.beheerder_page.save(self._sessions)
            if gemaakt is not None:
                self.naam, self.gebruikersnaam = gemaakt
                self._finish_page()
                self._show(self._after(step))
        elif step == self.DEMO:
            if self.demo_page.laden.isChecked() and self.demo is None:
                self._load_demo()
            else:
                self._show(self.KLAAR)
        else:
            self.accept()

    def _leave_plek(self) -> None:
        if not self.plek_page.changed():
            self._show(self.BEHEERDER)
        elif self.plek_page.server.isChecked():
            if ServerDialog(self).exec() == QDialog.DialogCode.Accepted:
                self.done(SERVER_GEWIJZIGD)
        elif kies_ingebouwde_database(self):
            self.done(SERVER_GEWIJZIGD)

    # --- demo data --------------------------------------------------------------------------

    def _load_demo(self) -> None:
        from app.services.demo import generate_demo  # Faker: only when demo data is wanted

        sessions = self._sessions
        self._set_busy(True)
        self.demo_page.error.hide()
        self.demo_page.status.setText(self.tr("Demogegevens laden…"))
        call_in_background(
            self,
            lambda: generate_demo(sessions, inwoners=DEMO_INWONERS, seed=DEMO_SEED),
            self._demo_loaded,
        )

    def _demo_loaded(self, result, error: BaseException | None) -> None:
        self._set_busy(False)
        if error is not None:
            self.demo_page.status.clear()
            if not isinstance(error, DomainError):
                raise error  # the crash dialog: a bug, not something the user can fix
            self.demo_page.error.setText(error.message)
            self.demo_page.error.show()
            return
        self.demo = result
        self.demo_page.status.setText(self.tr("Demogegevens geladen."))
        self._finish_page()
        self._show(self.KLAAR)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.demo_page.bezig.setVisible(busy)
        for widget in (self.next_button, self.cancel_button, self.demo_page.laden):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy:  # the demo loads in one transaction; it finishes in seconds
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    # --- the last step ----------------------------------------------------------------------

    def _finish_page(self) -> None:
        tekst = [self.tr(
            "Het account van <b>{naam}</b> is aangemaakt. Na <i>Aanmelden</i> meldt u zich aan "
            "als <b>{gebruikersnaam}</b> met het wachtwoord dat u net koos. Maak daarna in "
            "<i>Beheer → Medewerkers</i> de accounts van uw collega's aan."
        ).format(naam=escape(self.naam), gebruikersnaam=escape(self.gebruikersnaam))]  # fmt: skip
        if self.demo is not None:
            accounts = "".join(
                f"<li><b>{escape(naam)}</b> ({escape(rol)})</li>"
                for rol, naam in self.demo.accounts.items()
                if rol != "beheerder"
            )
            tekst.append(self.tr(
                "De demodatabase bevat {n} verzonnen inwoners. Probeer Koers ook in een andere "
                "rol: meld u aan als een van deze demo-medewerkers, met het wachtwoord "
                "<b>{wachtwoord}</b>:<ul>{accounts}</ul>"
                "Klaar met uitproberen? Kies <i>Bestand → Demogegevens verwijderen</i>."
            ).format(n=nl_int(self.demo.inwoners), wachtwoord=DEMO_WACHTWOORD,
                     accounts=accounts))  # fmt: skip
        tekst.append(self.tr("Hulp nodig? <b>F1</b> opent de handleiding bij het scherm waar u "
                             "bent."))  # fmt: skip
        self.klaar.setText("".join(f"<p>{t}</p>" for t in tekst))
