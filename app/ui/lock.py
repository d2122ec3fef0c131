"""Locking an idle session (BIO): after some minutes without keyboard or mouse input the main
window hides its contents behind `LockScreen` until the signed-in medewerker gives the password.

`IdleWatcher` is an application-wide event filter: every key press, click, mouse move or wheel
turn notes the moment; a single-shot timer checks the time that passed since and fires
`idle` once the interval passed without input. The interval comes from
`instellingen.vergrendeltijd` and can be set directly (tests use milliseconds).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.aanmelden import aanmelden
from app.services.errors import DomainError
from app.ui.context import UiContext
from app.ui.login import BusyCursor, heading, password_edit
from app.ui.widgets import FieldLabel, make_error_label, make_hint


class IdleWatcher(QObject):
    """Emits `idle` after `interval_ms` without user input; `stop`/`start` around a lock."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._last_input = time.monotonic()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def interval_ms(self) -> int:
        return self._interval_ms

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval_ms = interval_ms
        if self._running:
            self._timer.start(self._remaining_ms())

    def start(self) -> None:
        self._running = True
        self._last_input = time.monotonic()
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def is_running(self) -> bool:
        return self._running

    def note_input(self) -> None:
        self._last_input = time.monotonic()

    def _remaining_ms(self) -> int:
        passed = (time.monotonic() - self._last_input) * 1000
        return max(0, int(self._interval_ms - passed))

    @Slot()
    def _check(self) -> None:
        if not self._running:
            return
        remaining = self._remaining_ms()
        if remaining > 0:
            self._timer.start(remaining)
        else:
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: isinstance is four times cheaper than
        # event.type(), which makes a Python enum each time. Input: keys, mouse, wheel, touch.
        if isinstance(event, QInputEvent):
            self._last_input = time.monotonic()
        return False

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """Shown instead of the window contents while locked: who is signed in, and the password."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx

        title = heading(self.tr("Koers is vergrendeld"))
        who = QLabel(
            self.tr("Aangemeld als <b>{naam}</b> ({gebruikersnaam})<br>{rollen}").format(
                naam=_html(ctx.actor_naam),
                gebruikersnaam=_html(ctx.actor_gebruikersnaam),
                rollen=_html(ctx.rollen_tekst()),
            )
        )
        who.setTextFormat(Qt.TextFormat.RichText)
        self.who = who
        explanation = make_hint(
            QLabel(
                self.tr(
                    "Vul uw wachtwoord in om verder te werken; wat u nog niet had opgeslagen, "
                    "staat er dan nog. Bent u niet deze medewerker, kies dan Afmelden: Koers "
                    "sluit dan."
                )
            )
        )
        self.wachtwoord = password_edit()
        self.wachtwoord.setAccessibleName(self.tr("Wachtwoord"))
        self.wachtwoord.returnPressed.connect(self.unlock)
        self.wachtwoord.textEdited.connect(lambda _t: self.error.hide())
        self.error = make_error_label("ontgrendelen")
        self.unlock_button = QPushButton(self.tr("&Ontgrendelen"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.sign_out_button = QPushButton(self.tr("A&fmelden"))
        self.sign_out_button.setToolTip(self.tr("Koers sluiten"))
        self.sign_out_button.clicked.connect(self.sign_out_requested)

        field = QHBoxLayout()
        field.addWidget(FieldLabel(self.tr("&Wachtwoord:"), self.wachtwoord))
        field.addWidget(self.wachtwoord, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_out_button)
        buttons.addWidget(self.unlock_button)

        panel = QFrame()
        panel.setObjectName("vergrendeld")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(520)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(title)
        inner.addWidget(who)
        inner.addSpacing(4)
        inner.addWidget(explanation)
        inner.addSpacing(8)
        inner.addLayout(field)
        inner.addWidget(self.error)
        inner.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 2)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def reset(self) -> None:
        self.wachtwoord.clear()
        self.error.hide()
        self.wachtwoord.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def unlock(self) -> None:
        """Check the password like a sign-in (wrong ones count towards the block)."""
        if not self.wachtwoord.text():
            self._show_error(self.tr("Vul uw wachtwoord in."))
            return
        try:
            with BusyCursor():
                medewerker_id = aanmelden(
                    self._ctx.sessions,
                    gebruikersnaam=self._ctx.actor_gebruikersnaam,
                    wachtwoord=self.wachtwoord.text(),
                )
        except DomainError as error:
            self._show_error(error.message)
            return
        if medewerker_id != self._ctx.actor_id:  # cannot happen: same username
            self._show_error(self.tr("Alleen {naam} kan Koers ontgrendelen.").format(
                naam=self._ctx.actor_naam))  # fmt: skip
            return
        self.wachtwoord.clear()
        self.error.hide()
        self.unlocked.emit()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.wachtwoord.clear()
        self.wachtwoord.setFocus(Qt.FocusReason.OtherFocusReason)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
