"""Choosing files and folders. The one place Koers opens a file dialog, so tests can answer
it instead of a person."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_directory(parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
    """A folder the user chose, or None when cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
    return Path(chosen) if chosen else None


def choose_save_file(
    parent: QWidget | None, title: str, suggestion: Path, filter_text: str
) -> Path | None:
    """A file name to save to, or None when cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggestion), filter_text)
    return Path(chosen) if chosen else None
