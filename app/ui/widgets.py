"""Small widget helpers shared by the views."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QLabel, QWidget


class FieldLabel(QLabel):
    """A label with a mnemonic for a field (its buddy).

    Text drawn with a mnemonic underline can be a pixel wider than QLabel measures, and QLabel
    clips to its measured size, cutting off the last letter; a little slack avoids that.
    """

    SLACK = 3

    def __init__(self, text: str, buddy: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(text, parent)
        if buddy is not None:
            self.setBuddy(buddy)

    def sizeHint(self) -> QSize:
        return super().sizeHint() + QSize(self.SLACK, 0)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() + QSize(self.SLACK, 0)


def find_data(combo: QComboBox, value: Any) -> int:
    """The index of the item whose data equals `value` (by ==, which QComboBox.findData does
    not do for Python objects such as UUIDs); -1 when absent."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            return index
    return -1


def select_data(combo: QComboBox, value: Any) -> None:
    """Select the item with this data, or the first item when there is none."""
    combo.setCurrentIndex(max(find_data(combo, value), 0) if value is not None else 0)


HINT_STYLE = "color: #5f6368;"  # muted but readable (contrast > 4.5:1 on the window colour)


def make_hint(label: QLabel) -> QLabel:
    """Style a label as a hint or status line: muted, but not greyed out like disabled text."""
    label.setStyleSheet(HINT_STYLE)
    label.setWordWrap(True)
    return label
