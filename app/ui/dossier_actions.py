"""Actions on a whole dossier: closing it (from then on its retention period runs).

The inzage export lives in the main window: it only needs a folder and the operations helper.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.bewaartermijnen import sluit_dossier
from app.services.errors import DomainError, ValidationError
from app.services.text import format_date
from app.ui import signals
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error
from app.ui.login import heading
from app.ui.widgets import FieldErrors, make_error_label, make_hint


class SluitDossierDialog(QDialog):
    """Choose the date the dossier closes; asks once more before closing it."""

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        naam: str,
        *,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.inwoner_id = inwoner_id
        self.naam = naam
        self.reden = reden  # the break-the-glass reason the dossier was opened with
        today = today or date.today()
        self.setWindowTitle(self.tr("Dossier sluiten"))
        text = QLabel(
            self.tr(
                "Sluit het dossier van {naam} als de begeleiding is beëindigd. Vanaf de "
                "sluitdatum loopt de bewaartermijn; daarna kan de functioneel beheerder het "
                "dossier vernietigen."
            ).format(naam=naam)
        )
        text.setWordWrap(True)
        self.datum = QDateEdit(QDate(today))
        self.datum.setDisplayFormat("dd-MM-yyyy")
        self.datum.setCalendarPopup(True)
        self.datum.setMaximumDate(QDate(today))
        self.datum.dateChanged.connect(lambda _d: self.errors.clear("datum"))
        form = QFormLayout()
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add("datum", self.tr("&Sluitdatum *"), self.datum)
        hint = make_hint(QLabel(self.tr("De sluitdatum ligt vandaag of eerder.")))

        self.close_button = QPushButton(self.tr("Dossier s&luiten…"))
        self.close_button.setDefault(True)
        cancel = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Dossier sluiten")))
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.datum.setFocus()

    @Slot()
    def submit(self) -> None:
        datum: date = self.datum.date().toPython()
        if not ask(
            self,
            self.tr("Dossier sluiten"),
            self.tr(
                "Het dossier van {naam} sluiten per {datum}? Vanaf die datum loopt de "
                "bewaartermijn."
            ).format(naam=self.naam, datum=format_date(datum)),
            yes=self.tr("Dossier sluiten"),
            no=self.tr("Annuleren"),
        ):
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                sluit_dossier(
                    session,
                    actor=actor,
                    inwoner_id=self.inwoner_id,
                    datum=datum,
                    reden=self.reden,
                )
        except ValidationError as error:
            self.errors.set_errors(error.errors)
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self._ctx.changes.notify(signals.INWONER, self.inwoner_id)
        self.accept()
