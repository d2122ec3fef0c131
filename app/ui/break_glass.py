"""Break-the-glass: a functioneel beheerder opens a dossier outside their team only with a
reason, which the service records in the audit trail.

`RedenDialog` asks the reason when opening a dossier raised `RedenNodig`;
`BuitenTeamDialog` finds a dossier outside the team by its exact BSN and asks the reason at
once (the list only shows the team's inwoners, so there is nothing to click on).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import DomainError, NotFoundError, ValidationError
from app.services.inwoners import zoek_op_bsn
from app.services.toegang import MIN_REDEN
from app.ui.context import UiContext
from app.ui.login import heading
from app.ui.widgets import FieldErrors, make_error_label, make_hint


def _tr(text: str) -> str:
    return QCoreApplication.translate("break_glass", text)


def reden_edit(parent: QWidget | None = None) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(
        _tr("Bijvoorbeeld: verzoek om inzage van de inwoner, zaaknummer 2024-118")
    )
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 14)
    return edit


def reden_problem(text: str) -> str | None:
    """The message for a reason that is too short, or None."""
    if len(text.strip()) < MIN_REDEN:
        return _tr(
            "Geef een reden van minstens {n} tekens: waarom moet u dit dossier openen?"
        ).format(n=MIN_REDEN)
    return None


def logged_text() -> str:
    return _tr(
        "Uw naam, het moment en deze reden worden vastgelegd in de audittrail. De inwoner kan "
        "dat terugzien in een inzage-export, en wie de audittrail controleert ook."
    )


class RedenDialog(QDialog):
    """Ask why a dossier outside the team must be opened; `reden()` afterwards."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dossier buiten uw team openen"))
        text = QLabel(message)
        text.setWordWrap(True)
        self.logged = logged = make_hint(QLabel(logged_text()))
        self.edit = reden_edit()
        self.edit.setAccessibleName(self.tr("Reden"))
        self.edit.textChanged.connect(self._update)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add("reden", self.tr("&Reden *"), self.edit)
        self.count = make_hint(QLabel())

        self.open_button = QPushButton(self.tr("Dossier &openen"))
        self.open_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Reden om dit dossier te openen")))
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(logged)
        layout.addWidget(buttons)
        self.setMinimumWidth(540)
        self._update()
        self.edit.setFocus()

    def reden(self) -> str:
        return self.edit.toPlainText().strip()

    @Slot()
    def _update(self) -> None:
        length = len(self.reden())
        self.errors.clear("reden")
        if length == MIN_REDEN - 1:
            self.count.setText(self.tr("Nog 1 teken nodig."))
        elif length < MIN_REDEN:
            self.count.setText(self.tr("Nog {n} tekens nodig.").format(n=MIN_REDEN - length))
        else:  # the line stays, so the dialog does not jump while typing
            self.count.setText(self.tr("{n} tekens.").format(n=length))

    @Slot()
    def submit(self) -> None:
        if (problem := reden_problem(self.reden())) is not None:
            self.errors.set_errors({"reden": problem})
            self.edit.setFocus()
            return
        self.accept()


class BuitenTeamDialog(QDialog):
    """Find a dossier by exact BSN and give the reason; `inwoner_id` and `reden()` after."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.inwoner_id: uuid.UUID | None = None
        self.setWindowTitle(self.tr("Dossier buiten mijn team openen"))
        intro = QLabel(
            self.tr(
                "Alleen als het nodig is voor uw werk opent u een dossier van een inwoner die niet "
                "op de caseload van uw team staat. Vul het volledige BSN in en de reden."
            )
        )
        intro.setWordWrap(True)
        self.bsn = QLineEdit()
        self.bsn.setMaxLength(11)
        self.bsn.setMaximumWidth(160)
        self.bsn.setPlaceholderText(self.tr("9 cijfers"))
        self.edit = reden_edit()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add("bsn", self.tr("&BSN *"), self.bsn)
        self.errors.add("reden", self.tr("&Reden *"), self.edit)
        self.bsn.textEdited.connect(lambda _t: self.errors.clear("bsn"))
        self.edit.textChanged.connect(lambda: self.errors.clear("reden"))
        self.logged = logged = make_hint(QLabel(logged_text()))

        self.open_button = QPushButton(self.tr("Dossier &openen"))
        self.open_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Dossier buiten mijn team openen")))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(logged)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(540)
        self.bsn.setFocus()

    def reden(self) -> str:
        return self.edit.toPlainText().strip()

    @Slot()
    def submit(self) -> None:
        errors: dict[str, str] = {}
        if (problem := reden_problem(self.reden())) is not None:
            errors["reden"] = problem
        inwoner_id = None
        try:
            with self._ctx.unit_of_work() as (session, actor):
                inwoner_id = zoek_op_bsn(session, actor=actor, bsn=self.bsn.text())
        except ValidationError as error:
            errors.update(error.errors)
        except NotFoundError as error:
            errors[error.field or "bsn"] = error.message
        except DomainError as error:
            errors[""] = error.message
        if errors:
            self.errors.set_errors(errors)
            self.errors.focus_first()
            return
        self.inwoner_id = inwoner_id
        self.accept()
