"""The editor of one ontwikkelplan: profile, potential and work level, goals and agreements as
editable tables, and the begeleidingsregime.

The editor only shows and collects plain values (`PlanGegevens`); the IOP tab loads and saves
them through the services. A plan that is no longer a concept is shown in the same layout,
read-only.

Tables: Ins adds a row below the current one, Del removes the current row, Alt+Up and
Alt+Down move it; the buttons beside each table do the same.

`draft_values` and `restore_draft` are the form as typed (dates as their text), as JSON values,
for the draft kept while the user types (app/ui/drafts.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models import DoelStatus, Intensiteit, Partij, Setting
from app.models.enums import KoersEnum
from app.services.ontwikkelplannen import (
    AfspraakGegevens,
    DoelGegevens,
    PlanGegevens,
    RegimeGegevens,
)
from app.services.text import format_date, parse_date
from app.ui.widgets import FieldErrors, FieldLabel, make_error_label, make_hint, select_data

AnyIndex = QModelIndex | QPersistentModelIndex

ERROR_ROW_COLOUR = QColor("#fde7e9")
ERROR_KEY = "_fout"
READ_ONLY_STYLE = (
    "QPlainTextEdit, QLineEdit, QSpinBox, QTableView { background: #f4f4f4; color: #202124; }"
)


def tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("IopEditor", text)


# --- editable row tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an editable table: `kind` is "text", "date" (dd-mm-jjjj text), "enum"
    (a KoersEnum, chosen from a combo box) or "bool" (a check box)."""

    key: str
    header: str
    kind: str = "text"
    enum: type[KoersEnum] | None = None
    width: int = 120
    placeholder: str = ""


class RowsModel(QAbstractTableModel):
    """Rows of plain values (one dict per row) that the user edits, adds, removes and moves.

    A row can carry a message (`row_error`): it is drawn in red and the message is its tooltip.
    Editing a row clears its message; a date that is not dd-mm-jjjj gets one at once.
    """

    edited = Signal()

    def __init__(
        self,
        columns: Sequence[Column],
        new_row: Callable[[], dict[str, Any]],
        describe: Callable[[int, str], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._new_row = new_row
        self._describe = describe  # (row number from 1, bad date text) → message
        self._rows: list[dict[str, Any]] = []
        self.read_only = False

    # content

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != ERROR_KEY} for row in self._rows]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def insert_row(self, row: int) -> int:
        row = max(0, min(row, len(self._rows)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, self._new_row())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.edited.emit()
        return True

    def move_row(self, row: int, delta: int) -> int:
        """Move a row one place up (-1) or down (+1); returns its new position."""
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        destination = target if delta < 0 else target + 1
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self.edited.emit()
        return target

    # errors

    def set_row_errors(self, errors: dict[int, str]) -> None:
        for row, values in enumerate(self._rows):
            message = errors.get(row)
            if message:
                values[ERROR_KEY] = message
            else:
                values.pop(ERROR_KEY, None)
        if self._rows:
            self._changed_row(0, len(self._rows) - 1)

    def row_error(self, row: int) -> str:
        return self._rows[row].get(ERROR_KEY, "") if 0 <= row < len(self._rows) else ""

    def row_errors(self) -> dict[int, str]:
        return {row: v[ERROR_KEY] for row, v in enumerate(self._rows) if v.get(ERROR_KEY)}

    def date_errors(self) -> dict[int, str]:
        """Rows with a date that is not a valid dd-mm-jjjj."""
        errors = {}
        for row, values in enumerate(self._rows):
            for column in self.columns:
                text = str(values.get(column.key) or "").strip()
                if column.kind == "date" and text and parse_date(text) is None:
                    errors[row] = self._describe(row + 1, text)
        return errors

    def _changed_row(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, first, last)

    # Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.columns[index.column()]
        values = self._rows[index.row()]
        value = values.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind == "bool":
                return None
            if column.kind == "enum":
                return value.label if value is not None else ""
            return value or ""
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == "enum":
                return value.value if value is not None else None
            return value
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and values.get(ERROR_KEY):
            return ERROR_ROW_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            if values.get(ERROR_KEY):
                return values[ERROR_KEY]
            if column.kind == "text" and value:
                return value
            if column.kind == "date":
                return tr("Datum als dd-mm-jjjj")
            return None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.read_only or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        column = self.columns[index.column()]
        values = self._rows[index.row()]
        if column.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.kind == "enum":
            assert column.enum is not None
            new = column.enum(value) if value is not None else None
        else:
            new = str(value or "")
        if values.get(column.key) == new:
            return False
        values[column.key] = new
        values.pop(ERROR_KEY, None)
        if column.kind == "date" and new.strip() and parse_date(new) is None:
            values[ERROR_KEY] = self._describe(index.row() + 1, new.strip())
        self._changed_row(index.row(), index.row())
        self.edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and orientation == Qt.Orientation.Vertical
            and self.row_error(section)
        ):
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Vertical:
            return self.row_error(section) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            # A row with a message is marked in its number too (the red background is hidden
            # under the selection).
            return f"{section + 1} !" if self.row_error(section) else str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if self.read_only:
            return flags
        if self.columns[index.column()].kind == "bool":
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable


class CellDelegate(QStyledItemDelegate):
    """Combo boxes for enum columns, a dd-mm-jjjj line edit for dates, a line edit else."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = self.columns[index.column()]
        if column.kind == "enum":
            assert column.enum is not None
            combo = QComboBox(parent)
            for member in column.enum:
                combo.addItem(member.label, member.value)
            combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if column.placeholder:
            editor.setPlaceholderText(column.placeholder)
        if column.kind == "date":
            editor.setMaxLength(10)
        return editor

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)  # air around wrapped lines

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            select_data(editor, value)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class RowsTable(QTableView):
    """A table view with keyboard commands for its rows: Ins, Del, Alt+Up, Alt+Down."""

    add_requested = Signal()
    remove_requested = Signal()
    move_requested = Signal(int)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # The stretched first column changed width: wrapped rows need new heights (the
        # header settles its stretched section a moment later, hence the second pass).
        self.resizeRowsToContents()
        QTimer.singleShot(0, self, self.resizeRowsToContents)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        alt = modifiers & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_Insert and not modifiers:
            self.add_requested.emit()
        elif key == Qt.Key.Key_Delete and not modifiers:
            self.remove_requested.emit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and alt:
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class RowsEditor(QWidget):
    """An editable table with Toevoegen / Verwijderen / Omhoog / Omlaag beside it and the
    rows' messages below it."""

    def __init__(
        self,
        model: RowsModel,
        *,
        name: str,
        add_text: str,
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.empty_text = empty_text
        self.table = RowsTable()
        self.table.setModel(model)
        self.table.setItemDelegate(CellDelegate(model.columns, self.table))
        self.table.setAccessibleName(name)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        # Long goals wrap onto more lines instead of being cut off.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        vertical = self.table.verticalHeader()
        vertical.setMinimumSectionSize(self.fontMetrics().height() + 12)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        vertical.sectionResized.connect(lambda *_: self._fit_height())
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for index, column in enumerate(model.columns):
            header.resizeSection(index, column.width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Wrapped rows need new heights when a column gets narrower or wider.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.add_button = QPushButton(add_text)
        self.add_button.setToolTip(tr("Een regel toevoegen onder de huidige (Ins)"))
        self.remove_button = QPushButton(tr("Verwijderen"))
        self.remove_button.setToolTip(tr("De gekozen regel verwijderen (Del)"))
        self.up_button = QPushButton(tr("Omhoog"))
        self.up_button.setToolTip(tr("De gekozen regel een plaats omhoog (Alt+Pijl omhoog)"))
        self.down_button = QPushButton(tr("Omlaag"))
        self.down_button.setToolTip(tr("De gekozen regel een plaats omlaag (Alt+Pijl omlaag)"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.button_box = QWidget()
        self.button_box.setLayout(buttons)

        self.hint = make_hint(QLabel())
        self.errors_label = make_error_label()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 1)
        row.addWidget(self.button_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.errors_label)

        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.table.add_requested.connect(self.add_row)
        self.table.remove_requested.connect(self.remove_row)
        self.table.move_requested.connect(self.move_row)
        model.modelReset.connect(self._refresh)
        model.rowsInserted.connect(self._refresh)
        model.rowsRemoved.connect(self._refresh)
        model.rowsMoved.connect(self._refresh)
        model.dataChanged.connect(self._refresh)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._refresh()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def set_current_row(self, row: int, column: int = 0) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, column))

    def commit_editing(self) -> None:
        """Take over what is typed in a cell that is still being edited."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    @Slot()
    def add_row(self) -> None:
        if self.model.read_only:
            return
        self.commit_editing()
        current = self.current_row()
        row = self.model.insert_row(current + 1 if current >= 0 else self.model.rowCount())
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.edit(index)

    @Slot()
    def remove_row(self) -> None:
        if self.model.read_only:
            return
        self.commit_editing()
        row = self.current_row()
        if self.model.remove_row(row):
            self.set_current_row(min(row, self.model.rowCount() - 1))

    @Slot(int)
    def move_row(self, delta: int) -> None:
        if self.model.read_only:
            return
        self.commit_editing()
        row = self.current_row()
        if row < 0:
            return
        column = self.table.currentIndex().column()
        target = self.model.move_row(row, delta)
        self.set_current_row(target, column)

    def set_read_only(self, read_only: bool) -> None:
        self.commit_editing()
        self.model.set_read_only(read_only)
        self.button_box.setVisible(not read_only)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self._refresh()

    @Slot()
    def _refresh(self) -> None:
        rows = self.model.rowCount()
        self._fit_height()
        if rows == 0:
            self.hint.setText(self.empty_text if not self.model.read_only else tr("(geen)"))
        elif not self.model.read_only:
            self.hint.setText(
                tr("Dubbelklik of typ in een cel om te wijzigen; Ins voegt een regel toe.")
            )
        self.hint.setVisible(rows == 0 or not self.model.read_only)
        errors = self.model.row_errors()
        self.errors_label.setText("\n".join(errors[row] for row in sorted(errors)))
        self.errors_label.setVisible(bool(errors))
        self._update_buttons()

    MAX_HEIGHT = 420

    def _fit_height(self) -> None:
        """As high as its rows (at least two lines, at most MAX_HEIGHT; beyond that the table
        scrolls), so the page scrolls as a whole."""
        vertical = self.table.verticalHeader()
        rows = self.model.rowCount()
        content = vertical.length() + max(0, 2 - rows) * vertical.minimumSectionSize()
        height = (
            self.table.horizontalHeader().sizeHint().height()
            + content
            + 2 * self.table.frameWidth()
            + 2
        )
        self.table.setFixedHeight(min(height, self.MAX_HEIGHT))

    def _update_buttons(self) -> None:
        row = self.current_row()
        rows = self.model.rowCount()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < rows - 1)


def doel_kolommen() -> tuple[Column, ...]:
    return (
        Column(
            "omschrijving", tr("Doel"), width=260, placeholder=tr("Wat wil de inwoner bereiken?")
        ),
        Column("competentie", tr("Competentie"), width=120),
        Column("instrument", tr("Instrument / plek"), width=125),
        Column("verantwoordelijke", tr("Verantwoordelijke"), width=125),
        Column("streefdatum", tr("Streefdatum"), "date", width=92, placeholder="dd-mm-jjjj"),
        Column("status", tr("Status"), "enum", DoelStatus, width=100),
    )


def afspraak_kolommen() -> tuple[Column, ...]:
    return (
        Column("omschrijving", tr("Afspraak"), width=380, placeholder=tr("Wie doet wat?")),
        Column("partij", tr("Wie"), "enum", Partij, width=120),
        Column("verplichting", tr("Verplichting"), "bool", width=95),
    )


def doel_rij(doel: DoelGegevens | None = None) -> dict[str, Any]:
    doel = doel or DoelGegevens()
    return {
        "omschrijving": doel.omschrijving,
        "competentie": doel.competentie,
        "instrument": doel.instrument,
        "verantwoordelijke": doel.verantwoordelijke,
        "streefdatum": format_date(doel.streefdatum),
        "status": doel.status,
    }


def afspraak_rij(afspraak: AfspraakGegevens | None = None) -> dict[str, Any]:
    afspraak = afspraak or AfspraakGegevens()
    return {
        "omschrijving": afspraak.omschrijving,
        "partij": afspraak.partij,
        "verplichting": afspraak.verplichting,
    }


# --- the editor ------------------------------------------------------------------------------


def profiel_velden() -> tuple[tuple[str, str, str], ...]:
    return (
        ("talenten", tr("&Talenten"), tr("Waar is de inwoner goed in?")),
        ("drijfveren", tr("Drijfveren"), tr("Wat motiveert de inwoner?")),
        ("zwakten", tr("Zwakten"), tr("Wat gaat (nog) moeizaam?")),
        ("ontwikkelmogelijkheden", tr("Ontwikkelmogelijkheden"), tr("Welke kansen zijn er?")),
        ("bedreigingen", tr("Bedreigingen"), tr("Wat kan de ontwikkeling in de weg staan?")),
        ("leefgebieden", tr("Andere leefgebieden"), tr("Gezondheid, wonen, financiën, netwerk …")),
    )


class IopEditor(QWidget):
    """Edit (or, read-only, show) the contents of one plan as `PlanGegevens`. `changed` fires
    on every change of what the form shows, `edited` only on the user's edits."""

    changed = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded: tuple | None = None
        self._filling = False
        self.read_only = False
        self.texts: dict[str, QPlainTextEdit] = {}
        self._build()

    # building

    def _text(self, name: str, placeholder: str, lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        edit.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
        edit.textChanged.connect(self._on_edited)
        self.texts[name] = edit
        return edit

    def _date(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText("dd-mm-jjjj")
        edit.setMaxLength(10)
        edit.setFixedWidth(self.fontMetrics().horizontalAdvance("00-00-00000") + 24)
        edit.textEdited.connect(lambda _t, n=name: self._on_field_edited(n))
        return edit

    def _build(self) -> None:
        # Plan: period and evaluation interval
        self.periode_van = self._date("periode_van")
        self.periode_tot = self._date("periode_tot")
        self.interval = QSpinBox()
        self.interval.setRange(1, 24)
        self.interval.setSuffix(tr(" maanden"))
        self.interval.setMaximumWidth(self.fontMetrics().horizontalAdvance("24 maanden") + 48)
        self.interval.valueChanged.connect(
            lambda _v: self._on_field_edited("evaluatie_interval_maanden")
        )
        periode = QWidget()
        periode_row = QHBoxLayout(periode)
        periode_row.setContentsMargins(0, 0, 0, 0)
        periode_row.addWidget(self.periode_van)
        periode_row.addWidget(QLabel(tr("t/m")))
        periode_row.addWidget(self.periode_tot)
        periode_row.addStretch(1)
        plan_box = QGroupBox(tr("Planperiode en evaluatie"))
        plan_form = QFormLayout(plan_box)
        self.plan_errors = FieldErrors(plan_form)
        plan_form.addRow(FieldLabel(tr("&Periode"), self.periode_van), periode)
        self.plan_errors.add_message_row("periode_van", self.periode_van)
        self.plan_errors.add_message_row("periode_tot", self.periode_tot)
        self.plan_errors.add("evaluatie_interval_maanden", tr("&Evalueren elke"), self.interval)

        # Profile: two columns of text boxes
        profiel_box = QGroupBox(tr("Wie is de inwoner (profiel)"))
        grid = QGridLayout(profiel_box)
        for n, (name, label, placeholder) in enumerate(profiel_velden()):
            edit = self._text(name, placeholder)
            row, column = divmod(n, 2)
            grid.addWidget(FieldLabel(label, edit), row * 2, column)
            grid.addWidget(edit, row * 2 + 1, column)
        metingen = self._text(
            "metingen", tr("Uitkomsten van Melba, ABC, AD&A, psychologisch onderzoek, loonwaarde")
        )
        grid.addWidget(FieldLabel(tr("&Metingen en onderzoek"), metingen), 6, 0, 1, 2)
        grid.addWidget(metingen, 7, 0, 1, 2)

        # Potential and work level
        potentieel_box = QGroupBox(tr("Ontwikkelpotentieel en werkniveau"))
        potentieel_form = QFormLayout(potentieel_box)
        potentieel_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.potentieel_errors = FieldErrors(potentieel_form)
        potentieel = self._text(
            "ontwikkelpotentieel", tr("Wat kan de inwoner bereiken, en binnen welke termijn?")
        )
        self.potentieel_errors.add("ontwikkelpotentieel", tr("Ontwikkel&potentieel *"), potentieel)
        self.werkniveau_start = self._niveau_combo("werkniveau_start")
        self.werkniveau_doel = self._niveau_combo("werkniveau_doel")
        self.potentieel_errors.add(
            "werkniveau_start", tr("Werkniveau bij &start"), self.werkniveau_start
        )
        self.potentieel_errors.add(
            "werkniveau_doel", tr("Beoogd &werkniveau"), self.werkniveau_doel
        )

        # Goals and agreements
        self.doelen_model = RowsModel(
            doel_kolommen(),
            doel_rij,
            lambda n, text: tr(
                "Doel {n}: '{tekst}' is geen geldige streefdatum; schrijf dd-mm-jjjj."
            ).format(n=n, tekst=text),
            self,
        )
        self.doelen = RowsEditor(
            self.doelen_model,
            name=tr("Ontwikkeldoelen"),
            add_text=tr("Doel t&oevoegen"),
            empty_text=tr("Nog geen doelen. Kies Doel toevoegen (of Ins in de tabel)."),
        )
        doelen_box = QGroupBox(tr("Ontwikkeldoelen *"))
        QVBoxLayout(doelen_box).addWidget(self.doelen)

        self.afspraken_model = RowsModel(afspraak_kolommen(), afspraak_rij, lambda n, t: "", self)
        self.afspraken = RowsEditor(
            self.afspraken_model,
            name=tr("Ontwikkelafspraken"),
            add_text=tr("Afspraak toe&voegen"),
            empty_text=tr("Nog geen afspraken. Kies Afspraak toevoegen (of Ins in de tabel)."),
        )
        afspraken_box = QGroupBox(tr("Ontwikkelafspraken *"))
        afspraken_layout = QVBoxLayout(afspraken_box)
        afspraken_layout.addWidget(
            make_hint(
                QLabel(
                    tr(
                        "Markeer een afspraak als verplichting als het niet nakomen ervan tot "
                        "een maatregel kan leiden."
                    )
                )
            )
        )
        afspraken_layout.addWidget(self.afspraken)
        for model in (self.doelen_model, self.afspraken_model):
            model.edited.connect(self._on_edited)

        # Guidance regime
        regime_box = QGroupBox(tr("Begeleidingsregime *"))
        regime_form = QFormLayout(regime_box)
        regime_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.regime_error = make_error_label("regime")
        self.regime_errors = FieldErrors(regime_form, self.regime_error)
        self.begeleider = QLineEdit()
        self.begeleider.setPlaceholderText(tr("Bijv. jobcoach, praktijkbegeleider, werkleider"))
        self.intensiteit = self._enum_combo(Intensiteit, tr("Kies de intensiteit…"))
        self.contactfrequentie = QLineEdit()
        self.contactfrequentie.setPlaceholderText(tr("Bijv. 1 keer per week"))
        self.setting = self._enum_combo(Setting, tr("Kies waar de inwoner werkt…"))
        self.agogisch = QCheckBox(tr("Intensieve &agogische begeleiding"))
        self.begeleider.textEdited.connect(lambda _t: self._on_field_edited("regime"))
        self.contactfrequentie.textEdited.connect(lambda _t: self._on_field_edited("regime"))
        self.agogisch.toggled.connect(lambda _c: self._on_field_edited("regime"))
        regime_form.addRow(FieldLabel(tr("Wie &begeleidt"), self.begeleider), self.begeleider)
        regime_form.addRow(FieldLabel(tr("&Intensiteit"), self.intensiteit), self.intensiteit)
        regime_form.addRow(
            FieldLabel(tr("&Contactfrequentie"), self.contactfrequentie), self.contactfrequentie
        )
        regime_form.addRow(FieldLabel(tr("Waa&r"), self.setting), self.setting)
        regime_form.addRow("", self.agogisch)
        regime_form.addRow("", self.regime_error)
        self.regime_hint = make_hint(
            QLabel(tr("Laat alles leeg zolang er nog geen begeleiding is afgesproken."))
        )
        regime_form.addRow("", self.regime_hint)

        self.legend = make_hint(QLabel(tr("* nodig om het plan vast te stellen")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        for box in (
            plan_box,
            profiel_box,
            potentieel_box,
            doelen_box,
            afspraken_box,
            regime_box,
        ):
            layout.addWidget(box)
        self.boxes = {
            "plan": plan_box,
            "profiel": profiel_box,
            "potentieel": potentieel_box,
            "doelen": doelen_box,
            "afspraken": afspraken_box,
            "regime": regime_box,
        }

    def _niveau_combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(30)
        combo.currentIndexChanged.connect(lambda _i, n=name: self._on_field_edited(n))
        return combo

    def _enum_combo(self, enum: type[KoersEnum], empty: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(empty, None)
        for member in enum:
            combo.addItem(member.label, member.value)
        combo.currentIndexChanged.connect(lambda _i: self._on_field_edited("regime"))
        return combo

    # values

    def set_werkniveaus(self, niveaus: Sequence[tuple[int, str]]) -> None:
        self._filling = True
        try:
            for combo in (self.werkniveau_start, self.werkniveau_doel):
                current = combo.currentData()
                combo.clear()
                combo.addItem(tr("(niet ingevuld)"), None)
                for niveau, omschrijving in niveaus:
                    combo.addItem(f"{niveau} – {omschrijving}", niveau)
                    combo.setItemData(combo.count() - 1, omschrijving, Qt.ItemDataRole.ToolTipRole)
                select_data(combo, current)
        finally:
            self._filling = False

    def set_gegevens(self, gegevens: PlanGegevens) -> None:
        """Show these values; they become the unmodified state."""
        self.doelen.commit_editing()
        self.afspraken.commit_editing()
        self._filling = True
        try:
            self.periode_van.setText(format_date(gegevens.periode_van))
            self.periode_tot.setText(format_date(gegevens.periode_tot))
            self.interval.setValue(gegevens.evaluatie_interval_maanden)
            for name, edit in self.texts.items():
                edit.setPlainText(getattr(gegevens, name) or "")
            select_data(self.werkniveau_start, gegevens.werkniveau_start)
            select_data(self.werkniveau_doel, gegevens.werkniveau_doel)
            self.doelen_model.set_rows([doel_rij(d) for d in gegevens.doelen])
            self.afspraken_model.set_rows([afspraak_rij(a) for a in gegevens.afspraken])
            regime = gegevens.regime or RegimeGegevens()
            self.begeleider.setText(regime.begeleider)
            select_data(self.intensiteit, regime.intensiteit)
            self.contactfrequentie.setText(regime.contactfrequentie)
            select_data(self.setting, regime.setting)
            self.agogisch.setChecked(regime.agogisch)
        finally:
            self._filling = False
        self.set_errors({})
        self._loaded = self._snapshot()
        self.changed.emit()

    def put_back(self, gegevens: PlanGegevens) -> None:
        """Show `gegevens` while what was loaded stays the unmodified state: after a conflict,
        the user's own changes back on top of a colleague's save, still to be saved."""
        loaded = self._loaded
        self.set_gegevens(gegevens)
        self._loaded = loaded
        self.changed.emit()

    def gegevens(self) -> PlanGegevens:
        """What the form holds now (a date that is not dd-mm-jjjj counts as no date; see
        `local_errors`)."""
        self.doelen.commit_editing()
        self.afspraken.commit_editing()
        doelen = [
            DoelGegevens(
                omschrijving=row["omschrijving"],
                competentie=row["competentie"],
                instrument=row["instrument"],
                verantwoordelijke=row["verantwoordelijke"],
                streefdatum=parse_date(row["streefdatum"] or ""),
                status=row["status"] or DoelStatus.OPEN,
            )
            for row in self.doelen_model.rows()
        ]
        afspraken = [
            AfspraakGegevens(
                omschrijving=row["omschrijving"],
                partij=row["partij"] or Partij.INWONER,
                verplichting=bool(row["verplichting"]),
            )
            for row in self.afspraken_model.rows()
        ]
        intensiteit = self.intensiteit.currentData()
        setting = self.setting.currentData()
        regime = RegimeGegevens(
            begeleider=self.begeleider.text(),
            intensiteit=Intensiteit(intensiteit) if intensiteit else None,
            contactfrequentie=self.contactfrequentie.text(),
            setting=Setting(setting) if setting else None,
            agogisch=self.agogisch.isChecked(),
        )
        empty_regime = not (
            regime.begeleider.strip()
            or regime.intensiteit
            or regime.contactfrequentie.strip()
            or regime.setting
            or regime.agogisch
        )
        return PlanGegevens(
            periode_van=parse_date(self.periode_van.text()),
            periode_tot=parse_date(self.periode_tot.text()),
            evaluatie_interval_maanden=self.interval.value(),
            werkniveau_start=self.werkniveau_start.currentData(),
            werkniveau_doel=self.werkniveau_doel.currentData(),
            doelen=doelen,
            afspraken=afspraken,
            regime=None if empty_regime else regime,
            **{name: edit.toPlainText() for name, edit in self.texts.items()},
        )

    def draft_values(self) -> dict[str, Any]:
        """The form as typed, as JSON values. A table cell still being edited is left alone
        (committing it would close the editor under the user's fingers)."""
        return {
            "periode_van": self.periode_van.text(),
            "periode_tot": self.periode_tot.text(),
            "evaluatie_interval_maanden": self.interval.value(),
            "teksten": {name: edit.toPlainText() for name, edit in self.texts.items()},
            "werkniveau_start": self.werkniveau_start.currentData(),
            "werkniveau_doel": self.werkniveau_doel.currentData(),
            "doelen": self.doelen_model.rows(),
            "afspraken": self.afspraken_model.rows(),
            "begeleider": self.begeleider.text(),
            "intensiteit": self.intensiteit.currentData(),
            "contactfrequentie": self.contactfrequentie.text(),
            "setting": self.setting.currentData(),
            "agogisch": self.agogisch.isChecked(),
        }

    def restore_draft(self, values: dict[str, Any]) -> None:
        """Show a draft's values; the stored state stays what it was, so the form is modified.
        A value the draft lacks keeps what the form shows."""
        self.doelen.commit_editing()
        self.afspraken.commit_editing()
        now = self.draft_values()
        values = {**now, **values}
        self._filling = True
        try:
            self.periode_van.setText(str(values["periode_van"] or ""))
            self.periode_tot.setText(str(values["periode_tot"] or ""))
            self.interval.setValue(int(values["evaluatie_interval_maanden"]))
            for name, edit in self.texts.items():
                edit.setPlainText(str(values["teksten"].get(name, edit.toPlainText())))
            select_data(self.werkniveau_start, values["werkniveau_start"])
            select_data(self.werkniveau_doel, values["werkniveau_doel"])
            self.doelen_model.set_rows([_draft_row(row, doel_rij(), {"status": DoelStatus})
                                        for row in values["doelen"]])  # fmt: skip
            self.afspraken_model.set_rows([_draft_row(row, afspraak_rij(), {"partij": Partij})
                                           for row in values["afspraken"]])  # fmt: skip
            self.begeleider.setText(str(values["begeleider"] or ""))
            select_data(self.intensiteit, values["intensiteit"])
            self.contactfrequentie.setText(str(values["contactfrequentie"] or ""))
            select_data(self.setting, values["setting"])
            self.agogisch.setChecked(bool(values["agogisch"]))
        finally:
            self._filling = False
        self.changed.emit()

    def local_errors(self) -> dict[str, str]:
        """What the form itself can tell is wrong: dates that are not dd-mm-jjjj."""
        errors: dict[str, str] = {}
        for name, edit, wat in (
            ("periode_van", self.periode_van, tr("het begin van de periode")),
            ("periode_tot", self.periode_tot, tr("het einde van de periode")),
        ):
            text = edit.text().strip()
            if text and parse_date(text) is None:
                errors[name] = tr(
                    "'{tekst}' is geen geldige datum voor {wat}; schrijf dd-mm-jjjj."
                ).format(tekst=text, wat=wat)
        for row, message in self.doelen_model.date_errors().items():
            errors[f"doel_{row + 1}"] = message
        return errors

    def _snapshot(self) -> tuple:
        raw_dates = [row["streefdatum"] for row in self.doelen_model.rows()]
        raw_dates += [self.periode_van.text(), self.periode_tot.text()]
        return (self.gegevens(), tuple(raw_dates))

    def is_modified(self) -> bool:
        return self._loaded is not None and not self.read_only and self._snapshot() != self._loaded

    # errors

    def set_errors(self, errors: dict[str, str]) -> None:
        """Show the messages of a ValidationError (or `local_errors`) at their fields/rows."""
        self.plan_errors.set_errors(
            {k: v for k, v in errors.items() if k in ("periode_van", "periode_tot",
                                                      "evaluatie_interval_maanden")}
        )  # fmt: skip
        self.potentieel_errors.set_errors(
            {k: v for k, v in errors.items() if k in ("ontwikkelpotentieel", "werkniveau_start",
                                                      "werkniveau_doel")}
        )  # fmt: skip
        self.regime_errors.set_errors({k: v for k, v in errors.items() if k == "regime"})
        for prefix, model in (("doel_", self.doelen_model), ("afspraak_", self.afspraken_model)):
            rows = {}
            for key, message in errors.items():
                if key.startswith(prefix) and key[len(prefix) :].isdigit():
                    rows[int(key[len(prefix) :]) - 1] = message
            model.set_row_errors(rows)

    def error_count(self) -> int:
        count = sum(
            1
            for errors in (self.plan_errors, self.potentieel_errors, self.regime_errors)
            for name in errors.widgets
            if errors.error_text(name)
        )
        count += bool(self.regime_errors.general_text() and not self.regime_error.isHidden())
        return count + len(self.doelen_model.row_errors()) + len(self.afspraken_model.row_errors())

    def focus_first_error(self) -> None:
        for errors in (self.plan_errors, self.potentieel_errors, self.regime_errors):
            for name, widget in errors.widgets.items():
                if errors.error_text(name):
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
        if not self.regime_error.isHidden():
            self.begeleider.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        for editor in (self.doelen, self.afspraken):
            rows = editor.model.row_errors()
            if rows:
                editor.set_current_row(min(rows))
                editor.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # state

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        # Read-only fields look it: grey instead of white, so nobody tries to type in them.
        self.setStyleSheet(READ_ONLY_STYLE if read_only else "")
        for edit in self.texts.values():
            edit.setReadOnly(read_only)
        for edit in (self.periode_van, self.periode_tot, self.begeleider, self.contactfrequentie):
            edit.setReadOnly(read_only)
        self.interval.setReadOnly(read_only)
        self.interval.setButtonSymbols(
            QSpinBox.ButtonSymbols.NoButtons if read_only else QSpinBox.ButtonSymbols.UpDownArrows
        )
        for combo in (self.werkniveau_start, self.werkniveau_doel, self.intensiteit, self.setting):
            combo.setEnabled(not read_only)
        self.agogisch.setEnabled(not read_only)
        self.doelen.set_read_only(read_only)
        self.afspraken.set_read_only(read_only)
        self.regime_hint.setVisible(not read_only)
        self.legend.setVisible(not read_only)

    def _on_field_edited(self, name: str) -> None:
        if self._filling:
            return
        for errors in (self.plan_errors, self.potentieel_errors, self.regime_errors):
            if name in errors.widgets:
                errors.clear(name)
        if name == "regime":
            self.regime_errors.set_errors({})
        self.changed.emit()
        self.edited.emit()

    @Slot()
    def _on_edited(self) -> None:
        if self._filling:
            return
        sender = self.sender()
        if isinstance(sender, QPlainTextEdit):
            self._on_field_edited(sender.objectName())
            return
        self.changed.emit()
        self.edited.emit()


def _draft_row(
    row: dict[str, Any], template: dict[str, Any], enums: dict[str, type[KoersEnum]]
) -> dict[str, Any]:
    """A table row from a draft: the keys of a new row, enum codes back to members (a code
    that no longer exists keeps the new row's value)."""
    values = dict(template)
    for key in template.keys() & row.keys():
        if key in enums:
            with contextlib.suppress(ValueError):
                values[key] = enums[key](row[key])
        else:
            values[key] = row[key]
    return values
