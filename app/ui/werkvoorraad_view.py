"""The Werkvoorraad section: what needs the signed-in medewerker's attention today and in the
coming days (app.services.werkvoorraad), most urgent first. It is the start screen for
everyone who works with trajectories.

The list loads in the background (the operations helper); it reloads when F5 or Vernieuwen
is pressed and after any change that can move an item (inwoner, contact, plan, trajectory,
settings, medewerkers and teams) — at once when it is on screen, otherwise when it is shown
again. Escalations and overdue items stand out by colour and by their Urgentie text (in
bold), so colour is never the only sign. Enter or double-click opens the dossier at the part
the item is about. A team lead chooses a member of the team to see that medewerker's
werkvoorraad.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import Rol
from app.services.medewerkers import list_medewerkers
from app.services.normen import Niveau
from app.services.text import format_date
from app.services.werkvoorraad import WerkItem, werkvoorraad
from app.ui import settings, signals
from app.ui.context import UiContext
from app.ui.operations import report_error
from app.ui.refresh import RefreshWhenShown
from app.ui.table import AnyIndex, ReadOnlyTableModel, make_table
from app.ui.widgets import FieldLabel, make_hint, select_data

LOAD_KEY = "werkvoorraad/load"
DEFAULT_WIDTHS = (110, 220, 480)  # Urgentie, Inwoner, Wat (stretches); Datum fits its text

# The changes that can add, move or remove an item.
REFRESH_KINDS = frozenset(
    {
        signals.INWONER,
        signals.CONTACTMOMENT,
        signals.ONTWIKKELPLAN,
        signals.TRAJECT,
        signals.INSTELLINGEN,
    }
)

# (background, text) per level that must stand out; dark text on a light tint keeps a
# contrast above 7:1 in light and dark desktop themes alike (both colours are fixed).
COLOURS: dict[Niveau, tuple[str, str]] = {
    Niveau.ESCALATIE: ("#fbe3e1", "#8c1d18"),
    Niveau.TE_LAAT: ("#fff0d6", "#6b3a00"),
}
BOLD_LEVELS = frozenset({Niveau.ESCALATIE, Niveau.TE_LAAT, Niveau.VANDAAG})


def _tr(text: str) -> str:
    return QCoreApplication.translate("WerkvoorraadView", text)


def niveau_label(niveau: Niveau) -> str:
    """The level as the Urgentie column shows it."""
    return {
        Niveau.ESCALATIE: _tr("Escalatie"),
        Niveau.TE_LAAT: _tr("Te laat"),
        Niveau.VANDAAG: _tr("Vandaag"),
        Niveau.WAARSCHUWING: _tr("Waarschuwing"),
        Niveau.DEZE_WEEK: _tr("Binnenkort"),
    }[niveau]


def _niveau_count(niveau: Niveau, n: int) -> str:
    if niveau == Niveau.ESCALATIE:
        return _tr("1 escalatie") if n == 1 else _tr("{n} escalaties").format(n=n)
    if niveau == Niveau.WAARSCHUWING:
        return _tr("1 waarschuwing") if n == 1 else _tr("{n} waarschuwingen").format(n=n)
    if niveau == Niveau.TE_LAAT:
        return _tr("{n} te laat").format(n=n)
    if niveau == Niveau.VANDAAG:
        return _tr("{n} vandaag").format(n=n)
    return _tr("{n} binnenkort").format(n=n)


def format_summary(items: Sequence[WerkItem]) -> str:
    """'12 punten: 2 escalaties, 5 te laat, 1 vandaag, 3 waarschuwingen, 1 binnenkort'."""
    if not items:
        return _tr("Geen punten")
    counts = Counter(item.niveau for item in items)
    total = _tr("1 punt") if len(items) == 1 else _tr("{n} punten").format(n=len(items))
    parts = [_niveau_count(niveau, counts[niveau]) for niveau in Niveau if counts[niveau]]
    return _tr("{totaal}: {delen}").format(totaal=total, delen=", ".join(parts))


def item_key(item: WerkItem) -> tuple:
    """What identifies an item across reloads (to keep it selected)."""
    return (item.soort, item.inwoner_id, item.record_id)


class WerkvoorraadModel(ReadOnlyTableModel):
    """The items, one a row: Urgentie, Inwoner, Wat, Datum."""

    URGENTIE, INWONER, WAT, DATUM = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_tr("Urgentie"), _tr("Inwoner"), _tr("Wat"), _tr("Datum")], parent)
        self._items: list[WerkItem] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_items(self, items: Sequence[WerkItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[WerkItem]:
        return list(self._items)

    def item(self, row: int) -> WerkItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, key: tuple) -> int | None:
        for row, item in enumerate(self._items):
            if item_key(item) == key:
                return row
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.URGENTIE:
                return niveau_label(item.niveau)
            if column == self.INWONER:
                return item.naam
            if column == self.WAT:
                return item.omschrijving
            if column == self.DATUM:
                return format_date(item.datum)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.INWONER, self.WAT):
            return item.naam if column == self.INWONER else item.omschrijving
        if role == Qt.ItemDataRole.BackgroundRole and item.niveau in COLOURS:
            return QBrush(QColor(COLOURS[item.niveau][0]))
        if role == Qt.ItemDataRole.ForegroundRole and item.niveau in COLOURS:
            return QBrush(QColor(COLOURS[item.niveau][1]))
        if role == Qt.ItemDataRole.FontRole and column == self.URGENTIE:
            return self._bold if item.niveau in BOLD_LEVELS else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.URGENTIE:
                return niveau_label(item.niveau)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None


class WerkvoorraadView(RefreshWhenShown, QWidget):
    open_requested = Signal(object)  # the WerkItem
    loaded = Signal(int)  # the number of items now shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._token: int | None = None
        self._has_result = False
        self.items: list[WerkItem] = []
        self.is_teamleider = Rol.TEAMLEIDER in ctx.actor_rollen

        self.count_label = QLabel(self.tr("Laden…"))
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("De werkvoorraad opnieuw laden (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_action = QAction(self.tr("Vernieuwen"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)

        bar = QHBoxLayout()
        # A team lead looks at a team member's werkvoorraad too.
        self.medewerker: QComboBox | None = None
        if self.is_teamleider:
            self.medewerker = QComboBox()
            self.medewerker.setAccessibleName(self.tr("Werkvoorraad van"))
            self.load_team()
            self.medewerker.currentIndexChanged.connect(self._on_medewerker_changed)
            bar.addWidget(FieldLabel(self.tr("Werkvoorraad v&an:"), self.medewerker))
            bar.addWidget(self.medewerker)
            bar.addSpacing(12)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.refresh_button)

        self.model = WerkvoorraadModel(self)
        self.table = make_table(self.model, self.tr("Werkvoorraad"), DEFAULT_WIDTHS)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WerkvoorraadModel.WAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            WerkvoorraadModel.DATUM, QHeaderView.ResizeMode.ResizeToContents
        )
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
        if self.medewerker is not None:
            QWidget.setTabOrder(self.medewerker, self.refresh_button)
        QWidget.setTabOrder(self.refresh_button, self.table)

        # Several changes in one go (a save that touches plan and trajectory) load once.
        self._init_refresh(self.refresh, stale=False)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    # --- whose werkvoorraad ---------------------------------------------------------------

    def load_team(self) -> None:
        """Fill the team lead's choice: themselves first, then the active team members."""
        if self.medewerker is None:
            return
        with self._ctx.unit_of_work() as (session, actor):
            leden = [
                (m.id, m.naam)
                for m in list_medewerkers(session, team_id=actor.team_id)
                if actor.team_id is not None and m.id != actor.id
            ]
        combo = self.medewerker
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Mijn werkvoorraad"), None)
        for medewerker_id, naam in leden:
            combo.addItem(naam, medewerker_id)
        select_data(combo, current)
        combo.blockSignals(False)

    def current_medewerker_id(self) -> uuid.UUID | None:
        """Whose werkvoorraad is shown; None for the signed-in medewerker's own."""
        return self.medewerker.currentData() if self.medewerker is not None else None

    def select_medewerker(self, medewerker_id: uuid.UUID | None) -> None:
        if self.medewerker is not None:
            select_data(self.medewerker, medewerker_id)

    @Slot()
    def _on_medewerker_changed(self) -> None:
        self.count_label.setText(self.tr("Laden…"))
        self.refresh()

    # --- loading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Load the werkvoorraad now, in the background."""
        self._refreshed()
        medewerker_id = self.current_medewerker_id()
        self._token = self._ctx.operations.run(
            lambda session, actor: werkvoorraad(session, actor=actor, medewerker_id=medewerker_id),
            owner=self,
            on_done=lambda items: self._show(medewerker_id, items),
            on_error=self._on_error,
            key=LOAD_KEY,
        )

    def is_loading(self) -> bool:
        return self._refresh_timer.isActive() or (
            self._token is not None and self._ctx.operations.is_running(self._token)
        )

    def _show(self, medewerker_id: uuid.UUID | None, items: list[WerkItem]) -> None:
        current = self.current_item()
        had_focus = self.table.hasFocus()
        self.items = items
        self.model.set_items(items)
        if current is not None and (row := self.model.row_of(item_key(current))) is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        elif items and not self._has_result:
            self.table.selectRow(0)  # the start screen: Enter opens the most urgent item
        self._has_result = True
        self.count_label.setText(format_summary(items) if items else "")
        if items:
            self.stack.setCurrentWidget(self.table)
            if had_focus:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            text = self.tr("Niets dat vandaag aandacht vraagt.")
            if medewerker_id is not None and self.medewerker is not None:
                text = self.tr("Niets dat vandaag aandacht vraagt bij {naam}.").format(
                    naam=self.medewerker.currentText()
                )
            self.empty.setText(
                text
                + "\n"
                + self.tr(
                    "Evaluaties, overschreden normen, afgesproken contacten en trajecten die "
                    "op een volgende stap wachten, verschijnen hier zodra ze aandacht vragen."
                )
            )
            self.stack.setCurrentWidget(self.empty)
        self.loaded.emit(len(items))

    def _on_error(self, error: BaseException) -> None:
        if self.medewerker is not None and self.current_medewerker_id() is not None:
            # Refused or gone (moved to another team, say): back to the own werkvoorraad.
            self.medewerker.setCurrentIndex(0)
        elif not self._has_result:
            self.count_label.setText(self.tr("De werkvoorraad kon niet worden geladen."))
        report_error(self, error)

    # --- selection and opening ------------------------------------------------------------

    def current_item(self) -> WerkItem | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.model.item(index.row())

    def focus_list(self) -> None:
        if self.stack.currentWidget() is self.table:
            if not self.table.currentIndex().isValid() and self.model.rowCount():
                self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.medewerker is not None:
            self.medewerker.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.refresh_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        if item is not None:
            self.open_requested.emit(item)

    # --- refreshing and settings ----------------------------------------------------------

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind == signals.MEDEWERKER:
            self.load_team()  # names and teams, and so whose inwoners are whose, may have changed
        elif kind not in REFRESH_KINDS:
            return
        self._refresh_soon()

    def restore_settings(self) -> None:
        state = settings.WERKVOORRAAD_HEADER.get()
        if not state.isEmpty():
            self.table.horizontalHeader().restoreState(state)

    def save_settings(self) -> None:
        settings.WERKVOORRAAD_HEADER.set(self.table.horizontalHeader().saveState())
