"""The Inwoners section: search as you type, filters on gemeente and coach, and the lazy list.

Typing restarts a 150 ms timer; when it fires the search runs in the background (only the
newest search's result is used). The result is a list of IDs for `InwonerTableModel`, which
fetches the visible rows itself. Enter or double-click opens a dossier.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.gemeenten import list_gemeenten
from app.services.inwoners import (
    MAX_TREFFERS,
    MIN_BSN_CIJFERS,
    InwonerFilter,
    bsn_cijfers,
    search_inwoner_ids,
)
from app.services.medewerkers import list_medewerkers
from app.services.rechten import Gegeven, Recht
from app.ui import settings, signals
from app.ui.context import UiContext
from app.ui.inwoner_model import InwonerTableModel
from app.ui.widgets import FieldLabel, make_hint, select_data

SEARCH_DELAY_MS = 150
SEARCH_KEY = "inwoners/search"
FIRST_SCREEN_KEY = "inwoners/first-screen"
FIRST_SCREEN = 100  # rows read first at start-up, so the list shows before all IDs are read
DEFAULT_WIDTHS = (250, 100, 115, 160, 150)  # the last column stretches

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def format_count(count: int) -> str:
    """'1 inwoner', '1.000 inwoners'."""
    if count == 1:
        return QCoreApplication.translate("InwonersView", "1 inwoner")
    return QCoreApplication.translate("InwonersView", "{n} inwoners").format(
        n=DUTCH.toString(count)
    )


class InwonersView(QWidget):
    open_requested = Signal(object)  # inwoner id
    search_finished = Signal(int)  # number of matches

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._open_single_match = False
        self._total_known_empty = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Zoek op naam, BSN of geboortedatum (dd-mm-jjjj)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Zoeken"))
        self.search.setToolTip(self.tr("Zoeken (Ctrl+F)"))
        self.search.textChanged.connect(self._schedule_search)
        self.search.installEventFilter(self)

        self.gemeente = QComboBox()
        self.gemeente.setAccessibleName(self.tr("Filter op gemeente"))
        self.coach = QComboBox()
        self.coach.setAccessibleName(self.tr("Filter op regievoerder"))
        self.load_filters()
        self.gemeente.currentIndexChanged.connect(self._schedule_search)
        self.coach.currentIndexChanged.connect(self._schedule_search)

        self.count_label = QLabel(self.tr("Laden…"))
        self.count_label.setMinimumWidth(110)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        search_label = FieldLabel(self.tr("&Zoeken:"), self.search)
        gemeente_label = FieldLabel(self.tr("&Gemeente:"), self.gemeente)
        coach_label = FieldLabel(self.tr("&Regievoerder:"), self.coach)
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        bar.addSpacing(12)
        bar.addWidget(gemeente_label)
        bar.addWidget(self.gemeente, 1)
        bar.addSpacing(12)
        bar.addWidget(coach_label)
        bar.addWidget(self.coach, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)

        self.model = InwonerTableModel(ctx.sessions, ctx.actor_id, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        self.table.setTabKeyNavigation(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.table.setAccessibleName(self.tr("Inwoners"))
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(DEFAULT_WIDTHS):
            header.resizeSection(column, width)
        self.restore_settings()
        self.table.activated.connect(self._on_activated)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        make_hint(self.empty)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        QWidget.setTabOrder(self.search, self.gemeente)
        QWidget.setTabOrder(self.gemeente, self.coach)
        QWidget.setTabOrder(self.coach, self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        ctx.changes.changed.connect(self._on_changed)
        self.run_search()

    # --- filters and search ---------------------------------------------------------------

    def load_filters(self) -> None:
        """Fill the gemeente and coach filters (the current choice is kept)."""
        with self._ctx.unit_of_work() as (session, _actor):
            gemeenten = [(g.id, g.naam) for g in list_gemeenten(session)]
            coaches = [(m.id, m.naam) for m in list_medewerkers(session)]
        for combo, first, items in (
            (self.gemeente, self.tr("Alle gemeenten"), gemeenten),
            (self.coach, self.tr("Alle regievoerders"), coaches),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for item_id, naam in items:
                combo.addItem(naam, item_id)
            select_data(combo, current)
            combo.blockSignals(False)

    def current_filter(self) -> InwonerFilter:
        return InwonerFilter(
            tekst=self.search.text(),
            gemeente_id=self.gemeente.currentData(),
            regievoerder_id=self.coach.currentData(),
        )

    @Slot()
    def _schedule_search(self) -> None:
        self._debounce.start()

    @Slot()
    def run_search(self) -> None:
        """Search now (in the background) with the current text and filters."""
        self._debounce.stop()
        flt = self.current_filter()
        # At start-up: the first screen in a moment, the whole list after it.
        if not self._loaded and flt == InwonerFilter():
            self._ctx.operations.run(
                lambda session, actor: search_inwoner_ids(
                    session, actor=actor, filter=flt, eerste=FIRST_SCREEN),
                owner=self,
                on_done=self._show_first_screen,
                key=FIRST_SCREEN_KEY,
            )  # fmt: skip
        self._ctx.operations.run(
            lambda session, actor: search_inwoner_ids(session, actor=actor, filter=flt),
            owner=self,
            on_done=lambda ids: self._show_results(flt, ids),
            key=SEARCH_KEY,
        )

    def is_searching(self) -> bool:
        return self._debounce.isActive() or self._ctx.operations.pending() > 0

    def _show_first_screen(self, ids: list[uuid.UUID]) -> None:
        """The top of the list while the rest is read (the count says Laden… until then); the
        whole list continues it, so nothing on screen jumps."""
        if self._loaded or not ids:
            return
        self.model.set_ids(ids)
        self.stack.setCurrentWidget(self.table)

    def _show_results(self, flt: InwonerFilter, ids: list[uuid.UUID]) -> None:
        # A text search stops after MAX_TREFFERS (the user types on); the whole list never.
        meer = bool(flt.tekst.strip()) and len(ids) > MAX_TREFFERS
        ids = ids[:MAX_TREFFERS] if meer else ids
        current = self.current_id()
        if ids == self.model.ids():
            self.model.refresh_rows()
        else:
            self.model.set_ids(ids)
            if current is not None and (row := self.model.row_of(current)) is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self._loaded = True
        filtered = bool(flt.tekst.strip() or flt.gemeente_id or flt.regievoerder_id)
        self.count_label.setText(
            self.tr("meer dan {n}").format(n=format_count(len(ids)))
            if meer
            else format_count(len(ids))
        )
        self.count_label.setToolTip(
            self.tr("Typ verder om de zoekopdracht te verfijnen.") if meer else ""
        )
        cijfers = bsn_cijfers(flt.tekst)
        if ids:
            self.stack.setCurrentWidget(self.table)
        else:
            if cijfers is not None and len(cijfers) < MIN_BSN_CIJFERS:
                self.empty.setText(
                    self.tr("Typ verder: zoeken op BSN begint bij het tweede cijfer.")
                )
            elif filtered:
                self.empty.setText(
                    self.tr(
                        "Geen inwoners gevonden die passen bij de zoektekst en filters.\n"
                        "Zoek op (een deel van) de naam, het BSN of de geboortedatum "
                        "(dd-mm-jjjj)."
                    )
                )
            elif self._ctx.mag_buiten_team:
                self.empty.setText(
                    self.tr(
                        "Er staan geen inwoners op de caseload van u of uw team. Een dossier "
                        "daarbuiten opent u met Dossier buiten mijn team openen "
                        "(Ctrl+Shift+O), met een reden die wordt vastgelegd."
                    )
                )
            elif self._ctx.mag(Gegeven.PERSONALIA, Recht.WIJZIGEN):
                self.empty.setText(
                    self.tr(
                        "Nog geen inwoners. Kies Nieuwe inwoner (Ctrl+N) om de eerste "
                        "inwoner in te voeren."
                    )
                )
            else:
                self.empty.setText(self.tr("Er staan (nog) geen inwoners in Koers die u mag zien."))
            self.stack.setCurrentWidget(self.empty)
        if self._open_single_match:
            self._open_single_match = False
            self._enter_results()
        self.search_finished.emit(len(ids))

    # --- selection and opening ------------------------------------------------------------

    def current_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.inwoner_id(index.row()) if index.isValid() else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> bool:
        """Esc on the list: clear the search text; False when there was nothing to clear."""
        if not self.search.text():
            return False
        self.search.clear()
        self.focus_search()
        return True

    @Slot(object)
    def _on_activated(self, index) -> None:
        inwoner_id = self.model.inwoner_id(index.row())
        if inwoner_id is not None:
            self.open_requested.emit(inwoner_id)

    def _enter_results(self) -> None:
        """Enter in the search field: open the only match, or go to the list."""
        rows = self.model.rowCount()
        if rows == 1:
            self.open_requested.emit(self.model.inwoner_id(0))
        elif rows > 1:
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.is_searching():
                    self._open_single_match = True
                else:
                    self._enter_results()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount():
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # --- refreshing and settings ----------------------------------------------------------

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind == signals.INWONER:
            self.run_search()
        elif kind == signals.MEDEWERKER:
            self.load_filters()
            self.run_search()  # names, teams and so the reach may have changed

    def restore_settings(self) -> None:
        state = settings.INWONER_LIST_HEADER.get()
        if not state.isEmpty():
            self.table.horizontalHeader().restoreState(state)

    def save_settings(self) -> None:
        settings.INWONER_LIST_HEADER.set(self.table.horizontalHeader().saveState())
