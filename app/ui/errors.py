"""How errors reach the user.

- A `DomainError` (a refused action) becomes a clear Dutch message box.
- Anything unexpected is logged and opens the `CrashDialog`: what happened in plain Dutch, the
  technical details in a read-only box with "Kopieer details", and the log file's path. The
  application keeps running. `install_excepthook` routes every uncaught exception there.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import time
import traceback
from datetime import datetime
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import __version__, config
from app.services.errors import DomainError

log = logging.getLogger("koers.crash")


def tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def exec_message_box(box: QMessageBox) -> None:
    """Run a message box modally. The single place boxes are shown (tests replace it)."""
    box.exec()


def show_domain_error(parent: QWidget | None, error: DomainError, *, title: str | None = None):
    """A refused action: the service's Dutch message in a warning box."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or tr("Niet gelukt"))
    box.setText(error.message)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(tr("OK"))
    exec_message_box(box)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """Something worth knowing after an action (e.g. where files were written)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(tr("OK"))
    exec_message_box(box)


def ask(parent: QWidget | None, title: str, text: str, *, yes: str, no: str) -> bool:
    """A yes/no question with Dutch button texts; True when the user chose `yes`."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    exec_message_box(box)
    return box.clickedButton() is yes_button


def details_text(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The technical details a functioneel beheerder needs, as plain text."""
    lines = [
        f"Koers {__version__} — {datetime.now():%d-%m-%Y %H:%M:%S}",
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"{platform.system()} {platform.release()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


class CrashDialog(QDialog):
    """Shown for an unexpected exception; the application keeps running afterwards."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koers — onverwachte fout"))
        self.setMinimumSize(640, 420)

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32, 32)
        )
        heading = QLabel(self.tr("<b>Er ging iets onverwachts mis.</b>"))
        explanation = QLabel(
            self.tr(
                "Koers blijft open en wat al was opgeslagen is veilig. De laatste handeling is "
                "mogelijk niet uitgevoerd: controleer dat en probeer het zo nodig opnieuw. "
                "Blijft dit gebeuren, stuur dan de details hieronder naar uw functioneel "
                "beheerder."
            )
        )
        explanation.setWordWrap(True)

        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName(self.tr("Technische details"))

        self.log_label = QLabel(self.tr("Logbestand: {pad}").format(pad=config.log_path()))
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Kopieer details"))
        self.continue_button = QPushButton(self.tr("&Doorgaan"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)
        self.continue_button.setFocus()

    def add_details(self, details: str) -> None:
        """Another error while this dialog is open: append instead of stacking dialogs."""
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)

    @Slot()
    def copy_details(self) -> None:
        text = f"{self.details.toPlainText()}\n\nLogbestand: {config.log_path()}"
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setText(self.tr("Gekopieerd"))


_open_dialog: CrashDialog | None = None
# The same error again right after the dialog closed (e.g. from every repaint of a broken
# widget) is only logged, so the user is not trapped in a loop of dialogs.
REPEAT_QUIET_SECONDS = 10.0
_last_shown: tuple[tuple[str, str, int], float] | None = None


def _signature(exc_type: type[BaseException], tb: TracebackType | None) -> tuple[str, str, int]:
    frames = traceback.extract_tb(tb) if tb is not None else []
    last = frames[-1] if frames else None
    return (exc_type.__name__, last.filename if last else "", last.lineno or 0 if last else 0)


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """`sys.excepthook`: log, then show a message (DomainError) or the crash dialog."""
    global _open_dialog, _last_shown
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    app = QApplication.instance()
    on_gui_thread = threading.current_thread() is threading.main_thread()
    if isinstance(exc, DomainError) and app is not None and on_gui_thread:
        log.info("Geweigerd: %s", exc)
        show_domain_error(QApplication.activeWindow(), exc)
        return
    log.error("Onverwachte fout", exc_info=(exc_type, exc, tb))
    if app is None or not on_gui_thread:
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = details_text(exc_type, exc, tb)
    if _open_dialog is not None:
        _open_dialog.add_details(details)
        return
    signature = _signature(exc_type, tb)
    if (
        _last_shown is not None
        and _last_shown[0] == signature
        and time.monotonic() - _last_shown[1] < REPEAT_QUIET_SECONDS
    ):
        return
    dialog = CrashDialog(details, QApplication.activeWindow())
    _open_dialog = dialog
    try:
        dialog.exec()
    finally:
        _open_dialog = None
        _last_shown = (signature, time.monotonic())
        dialog.deleteLater()


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    log.error(
        "Onverwachte fout in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )


def install_excepthook() -> None:
    sys.excepthook = handle_exception
    threading.excepthook = _thread_hook
