"""The inwoner list's item model: holds only IDs and fetches rows in batches on demand.

The search gives the IDs of all matches in list order (100,000 UUIDs are a few megabytes); a
row's display values are fetched the first time the view asks for it, together with the rest
of its batch of `BATCH_SIZE` rows, in one short query in the GUI thread (milliseconds). At most
`MAX_BATCHES` batches stay cached, so memory does not grow while scrolling through everything.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from sqlalchemy.orm import Session, sessionmaker

from app.models import Medewerker
from app.services.inwoners import InwonerRij, inwoner_rows
from app.services.text import format_date, mask_bsn
from app.ui.table import ReadOnlyTableModel

log = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_BATCHES = 50

ID_ROLE = Qt.ItemDataRole.UserRole + 1

# (attribute of InwonerRij, header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("naam", "Naam"),
    ("bsn", "BSN"),
    ("geboortedatum", "Geboortedatum"),
    ("woonplaats", "Woonplaats"),
    ("gemeente", "Gemeente"),
    ("regievoerder", "Regievoerder"),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)

AnyIndex = QModelIndex | QPersistentModelIndex


class InwonerTableModel(ReadOnlyTableModel):
    def __init__(
        self, sessions: sessionmaker[Session], actor_id: uuid.UUID, parent: QObject | None = None
    ) -> None:
        super().__init__((), parent)
        # After the QObject exists, so tr() works.
        self._headers = [self.tr(header) for _name, header in COLUMNS]
        self._sessions = sessions
        self._actor_id = actor_id
        self._ids: list[uuid.UUID] = []
        self._batches: OrderedDict[int, list[InwonerRij | None]] = OrderedDict()
        self._failed = False
        self.fetch_count = 0  # number of batch queries, for tests and diagnostics

    # --- contents ------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[uuid.UUID]) -> None:
        """Show these inwoners (in this order); cached rows are dropped. A list that continues
        the current one (the whole list after its first screen) is appended instead: what is
        on screen, the selection and the scroll position stay."""
        n = len(self._ids)
        if 0 < n < len(ids) and list(ids[:n]) == self._ids:
            self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
            self._ids.extend(ids[n:])
            self._batches.pop((n - 1) // BATCH_SIZE, None)  # the last batch was cut short
            self.endInsertRows()
            return
        self.beginResetModel()
        self._ids = list(ids)
        self._batches.clear()
        self._failed = False
        self.endResetModel()

    def ids(self) -> list[uuid.UUID]:
        return self._ids

    def refresh_rows(self) -> None:
        """Same IDs, fresh values: drop the cache and let the view ask again."""
        self._batches.clear()
        self._failed = False
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def inwoner_id(self, row: int) -> uuid.UUID | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, inwoner_id: uuid.UUID) -> int | None:
        try:
            return self._ids.index(inwoner_id)
        except ValueError:
            return None

    def loaded_row_count(self) -> int:
        """How many rows are in the cache now (tests check that this stays small)."""
        return sum(len(batch) for batch in self._batches.values())

    def row(self, row: int) -> InwonerRij | None:
        """The display values of one row, fetching its batch when needed."""
        if not 0 <= row < len(self._ids):
            return None
        number = row // BATCH_SIZE
        batch = self._batches.get(number)
        if batch is None:
            batch = self._fetch(number)
        else:
            self._batches.move_to_end(number)
        return batch[row - number * BATCH_SIZE]

    def _fetch(self, number: int) -> list[InwonerRij | None]:
        ids = self._ids[number * BATCH_SIZE : (number + 1) * BATCH_SIZE]
        try:
            with self._sessions.begin() as session:
                actor = session.get(Medewerker, self._actor_id)
                rows = inwoner_rows(session, actor=actor, ids=ids)
        except Exception:
            # Painting must go on; report once, show the rows as empty.
            rows = {}
            if not self._failed:
                self._failed = True
                error = sys.exc_info()
                QTimer.singleShot(0, lambda: sys.excepthook(*error))
        self.fetch_count += 1
        batch = [rows.get(inwoner_id) for inwoner_id in ids]
        self._batches[number] = batch
        while len(self._batches) > MAX_BATCHES:
            self._batches.popitem(last=False)
        return batch

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        if role == ID_ROLE:
            return self.inwoner_id(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = COLUMN_NAMES[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and column != "naam":
            return None
        rij = self.row(index.row())
        if rij is None:
            return self.tr("(niet meer aanwezig)") if column == "naam" else ""
        if column == "bsn":
            return mask_bsn(rij.bsn)
        if column == "geboortedatum":
            return format_date(rij.geboortedatum)
        return getattr(rij, column)
