"""Errors: DomainError → message box, anything else → crash dialog; the app keeps running."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app import config
from app.services.errors import DomainError
from app.ui import errors as ui_errors
from app.ui.errors import CrashDialog, details_text, handle_exception


def make_exc_info():
    try:
        {}["ontbrekende sleutel"]
    except KeyError:
        return sys.exc_info()
    raise AssertionError


def test_crash_dialog_shows_details_and_log_path_and_copies(qtbot):
    details = details_text(*make_exc_info())
    dialog = CrashDialog(details)
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    assert "Traceback" in text and "KeyError: 'ontbrekende sleutel'" in text
    assert "Koers 0.1.0" in text
    assert dialog.details.isReadOnly()
    assert str(config.log_path()) in dialog.log_label.text()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "KeyError: 'ontbrekende sleutel'" in copied
    assert str(config.log_path()) in copied

    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == CrashDialog.DialogCode.Accepted


def test_excepthook_logs_and_opens_crash_dialog(qtbot, monkeypatch, caplog):
    monkeypatch.setattr(ui_errors, "_last_shown", None)
    opened = []

    def fake_exec(self):
        opened.append(self.details.toPlainText())
        return 0

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    with caplog.at_level(logging.ERROR, logger="koers.crash"):
        handle_exception(*make_exc_info())
    assert len(opened) == 1 and "KeyError" in opened[0]
    assert "Onverwachte fout" in caplog.text


def test_excepthook_shows_domain_error_as_message(qtbot, message_boxes, monkeypatch):
    monkeypatch.setattr(CrashDialog, "exec", lambda self: pytest.fail("no crash dialog"))
    handle_exception(DomainError, DomainError("Dit mag niet."), None)
    assert message_boxes.shown == [("Niet gelukt", "Dit mag niet.")]


def test_second_error_is_added_to_open_crash_dialog(qtbot, monkeypatch):
    monkeypatch.setattr(ui_errors, "_last_shown", None)
    dialogs = []

    def fake_exec(self):
        dialogs.append(self)
        if len(dialogs) == 1:  # an error while the dialog is open
            handle_exception(*make_exc_info())
        return 0

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    handle_exception(*make_exc_info())
    assert len(dialogs) == 1
    assert dialogs[0].details.toPlainText().count("KeyError: 'ontbrekende sleutel'") == 2


def test_install_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    ui_errors.install_excepthook()
    assert sys.excepthook is handle_exception


def test_same_error_right_after_closing_is_only_logged(qtbot, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr(ui_errors, "_last_shown", None)
    exc_info = make_exc_info()
    handle_exception(*exc_info)
    with caplog.at_level(logging.ERROR, logger="koers.crash"):
        handle_exception(*exc_info)  # e.g. the next repaint of the same broken widget
    assert len(shown) == 1
    assert "Onverwachte fout" in caplog.text
