"""The dialog for registering a new inwoner."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import DomainError, ValidationError
from app.services.inwoners import InwonerGegevens, create_inwoner
from app.ui import signals
from app.ui.choices import load_choices
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error
from app.ui.inwoner_form import InwonerForm
from app.ui.widgets import make_hint


class NewInwonerDialog(QDialog):
    """Fill in the personalia and save; `created_id` holds the new inwoner's ID afterwards."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.created_id: uuid.UUID | None = None
        self.setWindowTitle(self.tr("Nieuwe inwoner"))

        self.form = InwonerForm(self)
        with ctx.unit_of_work() as (session, _actor):
            self.form.set_choices(load_choices(session))
        if not ctx.mag_buiten_team:
            # A new dossier must land on the maker's (team's) caseload: start with themselves.
            self.form.set_gegevens(InwonerGegevens(regievoerder_id=ctx.actor_id))

        self.save_button = QPushButton(self.tr("&Opslaan"))
        self.save_button.setToolTip(self.tr("Opslaan (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        self.status = QLabel()
        make_hint(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(bottom)

        self.form.changed.connect(self._update_buttons)
        self._update_buttons()
        self.form.field("bsn").setFocus()
        self.resize(max(self.sizeHint().width(), 860), self.sizeHint().height())

    @Slot()
    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.form.is_valid())
        self.status.setText(self.form.summary())
        QTimer.singleShot(0, self, self._grow_to_fit)

    @Slot()
    def _grow_to_fit(self) -> None:
        """Messages under the fields wrap over more lines: grow so none is cut off."""
        if self.layout() is None:
            return
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    @Slot()
    def save(self) -> None:
        """Save when everything is valid; otherwise show every field's message."""
        if not self.form.is_valid():
            self.form.show_all_errors()
            self.form.focus_first_error()
            return
        gegevens = self.form.gegevens()
        try:
            with self._ctx.unit_of_work() as (session, actor):
                inwoner = create_inwoner(session, actor=actor, gegevens=gegevens)
                created_id = inwoner.id
        except ValidationError as error:
            self.form.set_errors(error.errors)
            self.form.focus_first_error()
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self.created_id = created_id
        self._ctx.changes.notify(signals.INWONER, created_id)
        self.accept()

    def reject(self) -> None:
        """Esc / Annuleren: ask before throwing away what was typed."""
        if self.form.is_modified() and not ask(
            self,
            self.tr("Nieuwe inwoner"),
            self.tr("De ingevulde gegevens zijn niet opgeslagen. Wilt u ze weggooien?"),
            yes=self.tr("Weggooien"),
            no=self.tr("Verder invullen"),
        ):
            return
        super().reject()
