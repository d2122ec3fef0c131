"""Small widget helpers shared by the views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


def require_methods(cls: type, *names: str) -> None:
    """Refuse, when a subclass is defined, a subclass of a Qt base class that lacks one of the
    methods the base calls. (Qt's metaclass rules out `abc`; this fails at import time rather
    than when a user first clicks.) Call it from the base's `__init_subclass__`."""
    missing = [name for name in names if not callable(getattr(cls, name, None))]
    if missing:
        raise TypeError(f"{cls.__name__} moet {', '.join(missing)} definiëren")


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


ERROR_STYLE = "color: #b3261e;"


def make_error_label(name: str = "") -> QLabel:
    """A red, wrapping plain-text label for a field's message (hidden until there is one)."""
    label = QLabel()
    if name:
        label.setObjectName(f"{name}_fout")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.hide()
    return label


class FieldErrors:
    """Fields in a QFormLayout, each with its message in red on the row below it.

    `add(name, label, widget)` adds a field; `set_errors({name: message})` shows messages
    (a message for an unknown name goes to the general label, if given); `clear(name)` hides
    one, e.g. when the user edits that field again.
    """

    def __init__(self, form: QFormLayout, general: QLabel | None = None) -> None:
        self.form = form
        self.general = general
        self.widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._rows: dict[str, int] = {}

    def add(self, name: str, text: str, widget: QWidget) -> FieldLabel:
        label = FieldLabel(text, widget)
        self.form.addRow(label, widget)
        self.add_message_row(name, widget)
        return label

    def add_message_row(self, name: str, widget: QWidget) -> None:
        """A message row for a field added to the form by the caller."""
        error = make_error_label(name)
        row = self.form.rowCount()
        self.form.setWidget(row, QFormLayout.ItemRole.FieldRole, error)
        self.form.setRowVisible(row, False)
        self.widgets[name] = widget
        self._labels[name] = error
        self._rows[name] = row

    def set_error(self, name: str, message: str | None) -> None:
        label = self._labels[name]
        label.setText(message or "")
        label.setVisible(bool(message))
        self.form.setRowVisible(self._rows[name], bool(message))
        self.widgets[name].setAccessibleDescription(message or "")

    def set_errors(self, errors: dict[str, str]) -> None:
        """Show these messages (and hide all others)."""
        general = []
        for name in self._labels:
            self.set_error(name, errors.get(name))
        for name, message in errors.items():
            if name not in self._labels:
                general.append(message)
        if self.general is not None:
            self.general.setText("\n".join(general))
            self.general.setVisible(bool(general))

    def clear(self, name: str | None = None) -> None:
        if name is None:
            self.set_errors({})
        elif name in self._labels:
            self.set_error(name, None)

    def error_text(self, name: str) -> str:
        return self._labels[name].text() if self.form.isRowVisible(self._rows[name]) else ""

    def general_text(self) -> str:
        return self.general.text() if self.general is not None else ""

    def focus_first(self) -> None:
        for name, widget in self.widgets.items():
            if self.error_text(name):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return


def with_mnemonic(text: str, used: set[str]) -> str:
    """`text` with a keyboard mnemonic (&) on its first letter that is not in `used` (upper
    case), preferring the first letter of a word; that letter is added to `used`. For buttons
    whose set changes at run time. Without a free letter the text stays as it is."""
    plain = text.replace("&", "")
    letters = [i for i, c in enumerate(plain) if c.isascii() and c.isalpha()]
    starts = [i for i in letters if i == 0 or not plain[i - 1].isalnum()]
    for i in starts + [i for i in letters if i not in starts]:
        letter = plain[i].upper()
        if letter not in used:
            used.add(letter)
            return f"{plain[:i]}&{plain[i:]}"
    return plain


def mnemonics_of(widget: QWidget) -> set[str]:
    """The mnemonic letters (upper case) of the labels and buttons in `widget`."""
    letters = set()
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        text = child.text().replace("&&", "")
        index = text.find("&")
        if 0 <= index < len(text) - 1:
            letters.add(text[index + 1].upper())
    return letters


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    """The label in bold, optionally larger (headings inside a tab)."""
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def fit_height(table, rows: int, minimum: int = 1, maximum: int = 8) -> None:
    """A table exactly as tall as `rows` rows (within the bounds), for small tables in a tab."""
    table.setFixedHeight(
        table.horizontalHeader().sizeHint().height()
        + min(max(rows, minimum), maximum) * table.verticalHeader().defaultSectionSize()
        + 4
    )


def bullets(items) -> str:
    return "\n".join(f"• {item}" for item in items)


class StepFrame:
    """The frame of a dialog that goes through steps (the import wizard, the first start):
    "Stap n van m", the step's title, a line, the pages in `stack`, and Terug / Volgende /
    `close_text` at the bottom right. `above` comes before the step counter, `below_title`
    between the title and the line."""

    def __init__(
        self,
        dialog: QWidget,
        stack: QStackedWidget,
        *,
        close_text: str,
        above: Sequence[QWidget] = (),
        below_title: Sequence[QWidget] = (),
    ) -> None:
        self.stap = make_hint(QLabel())
        self.titel = bold(QLabel(), 1.3)
        lijn = QFrame()
        lijn.setFrameShape(QFrame.Shape.HLine)
        lijn.setFrameShadow(QFrame.Shadow.Sunken)
        self.back_button = QPushButton(dialog.tr("< &Terug"))
        self.next_button = QPushButton(dialog.tr("&Volgende >"))
        self.close_button = QPushButton(close_text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(dialog)
        for widget in (*above, self.stap, self.titel, *below_title, lijn):
            layout.addWidget(widget)
        layout.addWidget(stack, 1)
        layout.addLayout(buttons)
