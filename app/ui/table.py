"""A small read-only table model for short lists (medewerkers, expired dossiers, audit
records) that are held completely as display text, plus the usual view settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

AnyIndex = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class ReadOnlyTableModel(QAbstractTableModel):
    """A flat, read-only table with fixed column headers: what every list model shares."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class RowsModel(ReadOnlyTableModel):
    """Rows of display strings, each with a key (e.g. an ID) under `KEY_ROLE`."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[Any] = []
        self._tooltips: list[tuple[str, ...] | None] = []

    def set_rows(
        self,
        rows: Sequence[Sequence[str]],
        keys: Sequence[Any] | None = None,
        tooltips: Sequence[Sequence[str] | None] | None = None,
    ) -> None:
        self.beginResetModel()
        self._rows = [tuple(row) for row in rows]
        self._keys = list(keys) if keys is not None else [None] * len(self._rows)
        self._tooltips = (
            [tuple(t) if t is not None else None for t in tooltips]
            if tooltips is not None
            else [None] * len(self._rows)
        )
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: Any) -> int | None:
        for row, value in enumerate(self._keys):
            if value == key:
                return row
        return None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = self._tooltips[index.row()]
            if tips is not None and tips[index.column()]:
                return tips[index.column()]
            return None
        if role == KEY_ROLE:
            return self._keys[index.row()]
        return None


def make_table(model: QAbstractTableModel, name: str, widths: Sequence[int] = ()) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    return table


def selected_key(table: QTableView) -> Any:
    """The key of the selected row of a RowsModel table, or None."""
    index = table.currentIndex()
    if not index.isValid() or not table.selectionModel().hasSelection():
        return None
    return table.model().key(index.row())


def select_key(table: QTableView, key: Any) -> None:
    """Select the row with this key again (after a reload), if it is still there."""
    if key is not None and (row := table.model().row_of(key)) is not None:
        table.selectRow(row)
