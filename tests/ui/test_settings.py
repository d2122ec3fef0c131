"""Remembered settings: the typed registry, window geometry and column widths."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from app.ui import settings
from app.ui.settings import REGISTRY, Setting


def test_setting_round_trip_and_default():
    setting = settings.MAIN_WINDOW_GEOMETRY
    assert setting.get() == QByteArray()
    setting.set(QByteArray(b"abc"))
    assert setting.get() == QByteArray(b"abc")
    setting.reset()
    assert setting.get() == QByteArray()


def test_wrong_type_falls_back_to_default():
    settings.qsettings().setValue(settings.INWONER_LIST_HEADER.key, 12)
    assert settings.INWONER_LIST_HEADER.get() == QByteArray()


def test_keys_are_declared_once():
    assert "mainwindow/geometry" in REGISTRY
    with pytest.raises(ValueError):
        Setting("mainwindow/geometry", QByteArray, QByteArray())


def test_geometry_and_column_widths_are_remembered(qtbot, make_window, db):
    window = make_window(db)
    window.resize(780, 560)
    header = window.inwoners.table.horizontalHeader()
    header.resizeSection(0, 333)
    header.resizeSection(2, 97)
    window.close()  # saves

    again = make_window(db)
    assert (again.width(), again.height()) == (780, 560)
    header = again.inwoners.table.horizontalHeader()
    assert header.sectionSize(0) == 333
    assert header.sectionSize(2) == 97


def test_first_start_uses_default_size(qtbot, make_window, db):
    window = make_window(db, show=False)
    assert (window.width(), window.height()) == (1280, 800)
