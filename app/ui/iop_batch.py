"""Printing the current plans of a whole caseload: "Plannen van caseload afdrukken…".

The user chooses a medewerker (whose caseload) and a folder; `print_caseload` then writes
one PDF per inwoner off the GUI thread through the operations helper. The progress dialog
(after ~500 ms) shows "plan n van N" and can cancel: the batch stops before the next plan,
and because every PDF is written atomically no half-written file is left behind.

Progress crosses threads as plain numbers in `_BatchState`, which a timer in the GUI thread
reads; the worker never touches a widget.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models import Medewerker
from app.services.iop_afdrukken import BatchResultaat, print_caseload
from app.services.medewerkers import list_medewerkers
from app.services.rechten import Gegeven, Recht
from app.ui import files
from app.ui.context import UiContext
from app.ui.operations import report_error
from app.ui.widgets import FieldErrors, FieldLabel, make_error_label, make_hint, select_data

POLL_MS = 100


@dataclass
class _BatchState:
    """Shared between the worker (writes) and the GUI thread (reads)."""

    cancel: threading.Event = field(default_factory=threading.Event)
    done: int = 0
    total: int = 0
    finished: threading.Event = field(default_factory=threading.Event)


class CaseloadPrintDialog(QDialog):
    """Choose a caseload and a folder, print, and see how many plans were written."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.token: int | None = None
        self.state: _BatchState | None = None
        self.directory: Path | None = None
        self.result: BatchResultaat | None = None
        self.cancelled = False
        self._progress: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

        self.setWindowTitle(self.tr("Plannen van caseload afdrukken"))
        intro = QLabel(
            self.tr(
                "Drukt voor elke inwoner op de caseload van de gekozen medewerker het huidige "
                "ontwikkelplan af (het vastgestelde IOP, anders het concept of een ander plan): "
                "één PDF per inwoner in de gekozen map. Inwoners zonder plan worden overgeslagen."
            )
        )
        intro.setWordWrap(True)

        self.medewerker = QComboBox()
        with ctx.unit_of_work() as (session, _actor):
            choices = [(m.gebruikersnaam, f"{m.naam} ({m.gebruikersnaam})")
                       for m in list_medewerkers(session)]  # fmt: skip
        for gebruikersnaam, text in choices:
            self.medewerker.addItem(text, gebruikersnaam)
        select_data(self.medewerker, ctx.actor_gebruikersnaam)

        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("Kies een map…"))
        self.folder.textEdited.connect(lambda _t: self.errors.clear("map"))
        self.browse_button = QPushButton(self.tr("&Bladeren…"))
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_folder)
        folder_row = QWidget()
        folder_layout = QHBoxLayout(folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        folder_layout.addWidget(self.folder, 1)
        folder_layout.addWidget(self.browse_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add("medewerker", self.tr("Caseload &van"), self.medewerker)
        form.addRow(FieldLabel(self.tr("&Map"), self.folder), folder_row)
        self.errors.add_message_row("map", self.folder)

        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()

        self.start_button = QPushButton(self.tr("&Afdrukken"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("&Sluiten"))
        self.close_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.result_label)
        layout.addWidget(
            make_hint(QLabel(self.tr("Het afdrukken wordt vastgelegd in de audittrail.")))
        )
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.medewerker.setFocus()

    # --- actions --------------------------------------------------------------------------

    @Slot()
    def choose_folder(self) -> None:
        start = Path(self.folder.text()) if self.folder.text().strip() else Path.home()
        chosen = files.choose_directory(self, self.tr("Map voor de PDF's kiezen"), start)
        if chosen is not None:
            self.folder.setText(str(chosen))
            self.errors.clear("map")

    def is_running(self) -> bool:
        return self.token is not None

    @Slot()
    def start(self) -> int | None:
        if self.is_running():
            return None
        text = self.folder.text().strip()
        if not text:
            self.errors.set_errors({"map": self.tr("Kies de map waarin de PDF's komen.")})
            self.folder.setFocus()
            return None
        directory = Path(text).expanduser()
        if directory.exists() and not directory.is_dir():
            self.errors.set_errors({"map": self.tr("Dit is een bestand, geen map.")})
            return None
        self.errors.clear()
        gebruikersnaam = self.medewerker.currentData()
        state = _BatchState()
        sessions = self._ctx.sessions

        def progress(done: int, total: int) -> None:
            state.done, state.total = done, total

        def work(session: Session, actor: Medewerker) -> BatchResultaat:
            try:
                # Each plan is printed in its own short transaction (see print_caseload).
                return print_caseload(
                    sessions,
                    actor_id=actor.id,
                    medewerker=gebruikersnaam,
                    directory=directory,
                    progress=progress,
                    cancelled=state.cancel.is_set,
                )
            finally:
                state.finished.set()

        self.state, self.directory, self.result, self.cancelled = state, directory, None, False
        self._progress = None
        self.result_label.hide()
        self.start_button.setEnabled(False)
        self.token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=self._done,
            on_error=self._failed,
            progress_text=self.tr("Plannen afdrukken…"),
        )
        self._timer.start()
        return self.token

    def cancel(self) -> None:
        """Stop the batch (as the progress dialog's Annuleren does)."""
        if self.state is not None and self.token is not None:
            self.state.cancel.set()
            self._ctx.operations.cancel(self.token)
            self._poll()

    # --- progress and results (GUI thread) ------------------------------------------------

    @Slot()
    def _poll(self) -> None:
        state = self.state
        if state is None:
            return
        if self.token is not None:
            if not self._ctx.operations.is_running(self.token):
                # The operations helper forgot the job without delivering: cancelled.
                self.token = None
                self.cancelled = True
                state.cancel.set()
                self.result_label.setText(self.tr("Afdrukken wordt gestopt…"))
                self.result_label.show()
            else:
                dialog = self._ctx.operations.progress_dialog(self.token)
                if dialog is not None and dialog is not self._progress:
                    # Stop the worker at once on "Annuleren", not only at the next poll: the
                    # helper hides the progress dialog when it forgets the job.
                    self._progress = dialog
                    dialog.installEventFilter(self)
                if dialog is not None and state.total:
                    dialog.setMaximum(state.total)
                    dialog.setValue(state.done)
                    dialog.setLabelText(
                        self.tr("Plan {n} van {totaal} afgedrukt…").format(
                            n=state.done, totaal=state.total
                        )
                    )
        if self.cancelled and state.finished.is_set():
            self._timer.stop()
            self.start_button.setEnabled(True)
            self.result_label.setText(
                self.tr(
                    "Afgebroken. {n} van de {totaal} plannen waren al opgeslagen in {map}; "
                    "een half geschreven bestand blijft niet achter."
                ).format(n=state.done, totaal=state.total or "?", map=self.directory)
            )
            self.result_label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._progress and event.type() == QEvent.Type.Hide:
            # Hidden by its own "Annuleren" (the helper forgets the job right after) or
            # because the work is done: look once the click has been handled.
            QTimer.singleShot(0, self, self._stop_if_cancelled)
        return super().eventFilter(watched, event)

    @Slot()
    def _stop_if_cancelled(self) -> None:
        token = self.token
        if (
            self.state is not None
            and token is not None
            and not self._ctx.operations.is_running(token)
        ):
            self.state.cancel.set()

    def _done(self, result: BatchResultaat) -> None:
        self._timer.stop()
        self.token = None
        self.result = result
        self.start_button.setEnabled(True)
        n = len(result.geschreven)
        text = (
            self.tr("1 plan afgedrukt in {map}.")
            if n == 1
            else self.tr("{n} plannen afgedrukt in {map}.")
        ).format(n=n, map=self.directory)
        if result.zonder_plan:
            text += " " + (
                self.tr("1 inwoner zonder plan is overgeslagen.")
                if result.zonder_plan == 1
                else self.tr("{n} inwoners zonder plan zijn overgeslagen.")
            ).format(n=result.zonder_plan)
        if result.geannuleerd:
            text += " " + self.tr("Het afdrukken is afgebroken.")
        self.result_label.setText(text)
        self.result_label.show()
        self.close_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._timer.stop()
        self.token = None
        self.start_button.setEnabled(True)
        report_error(self, error)

    def reject(self) -> None:
        # Closing while it runs stops the batch; files already written stay complete.
        self.cancel()
        super().reject()


def open_caseload_print(ctx: UiContext, parent: QWidget | None = None) -> CaseloadPrintDialog:
    dialog = CaseloadPrintDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def caseload_print_action(ctx: UiContext, parent: QObject) -> QAction:
    """The menu action "Plannen van caseload afdrukken…" (for whoever may read plans)."""
    action = QAction(parent.tr("Plannen van caseload af&drukken…"), parent)
    action.setShortcut("Ctrl+Shift+P")
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setEnabled(ctx.mag(Gegeven.ONTWIKKELPLAN, Recht.LEZEN))
    action.setVisible(action.isEnabled())
    widget = parent if isinstance(parent, QWidget) else None
    action.triggered.connect(lambda: open_caseload_print(ctx, widget))
    return action
