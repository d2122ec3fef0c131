"""The Schuldhulp section: the open schuldhulptrajecten of the signed-in consulent, the whole
debt team or one colleague (app.services.schuldhulp_overzicht), each with its next Wgs
deadline or norm.

The list loads in the background and reloads on F5 and after any change that can move a
deadline (schuldhulp, inwoner, settings, medewerkers) — at once when it is on screen, otherwise
when it is shown again. Every column sorts by clicking its header, dates and numbers by
value; the default is the most urgent deadline first. A deadline that has passed shows in
red with "te laat" in its text, one within three days in amber, and a bedreigende situatie
is marked in the Fase column in words, so colour is never the only sign. Enter or
double-click opens the dossier at its schuldhulp part.

"Nieuwe melding…" (Ctrl+M, for who may change debt data) asks for the BSN. A debt counsellor
is rarely on the inwoner's re-integration team, so the dossier of someone found is usually
outside their reach until a melding exists: then the melding is registered here (with the
Schuldhulp tab's `MeldingDialog`) and the dossier opens afterwards. An inwoner already
within reach opens at the schuldhulp part, where the tab's own actions are. An unknown BSN
leads to registering the inwoner first.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import Rol, SchuldhulpFase
from app.services.errors import ToegangGeweigerd
from app.services.inwoners import check_toegang
from app.services.medewerkers import medewerkers_met_rol
from app.services.rechten import Gegeven, Recht
from app.services.schuldhulp import inwoner_voor_melding
from app.services.schuldhulp_overzicht import OverzichtRij, overzicht
from app.services.text import format_date, format_money
from app.services.wgs import BIJNA_DAGEN
from app.ui import settings, signals
from app.ui.context import UiContext
from app.ui.errors import ask, show_info
from app.ui.iop_dialogs import ServiceDialog
from app.ui.operations import report_error
from app.ui.refresh import RefreshWhenShown
from app.ui.schuldhulp_dialogs import MeldingDialog
from app.ui.table import AnyIndex, ReadOnlyTableModel, make_table
from app.ui.widgets import FieldLabel, make_hint, select_data

SCHULDHULP_HEADER: settings.Setting[QByteArray] = settings.Setting(
    "schuldhulp/header_state", QByteArray, QByteArray()
)
LOAD_KEY = "schuldhulp/load"
SECTION = "schuldhulp"  # the dossier part this list opens
# Inwoner, BSN, Fase, Sinds, Consulent, Gemeente, Schulden, Volgende termijn, Uiterlijk;
# Dagen over fits its text.
DEFAULT_WIDTHS = (160, 85, 225, 85, 125, 110, 110, 170, 85)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# Which deadlines need work: signals.SCHULDHULP and what moves a deadline or a name.
REFRESH_KINDS = frozenset({signals.SCHULDHULP, signals.INWONER, signals.INSTELLINGEN})

# (background, text): dark text on a light tint, contrast above 7:1 (as in the werkvoorraad).
TE_LAAT_KLEUR = ("#fbe3e1", "#8c1d18")
BIJNA_KLEUR = ("#fff0d6", "#6b3a00")

# Scope choices in the combo: ("eigen", None), ("team", None) or ("consulent", id).
EIGEN, TEAM, CONSULENT = "eigen", "team", "consulent"


def _tr(text: str) -> str:
    return QCoreApplication.translate("SchuldhulpView", text)


def dagen_tekst(dagen: int | None) -> str:
    """The Dagen over cell: the number of calendar days, late ones in words too."""
    if dagen is None:
        return ""
    if dagen < 0:
        return _tr("{n} (te laat)").format(n=dagen)
    if dagen == 0:
        return _tr("0 (vandaag)")
    return str(dagen)


def format_summary(rijen: Sequence[OverzichtRij], peildatum: date) -> str:
    """'4 trajecten: 1 te laat, 1 binnen 3 dagen'."""
    if not rijen:
        return ""
    totaal = _tr("1 traject") if len(rijen) == 1 else _tr("{n} trajecten").format(n=len(rijen))
    dagen = [d for r in rijen if (d := r.dagen_over(peildatum)) is not None]
    te_laat = sum(1 for d in dagen if d < 0)
    bijna = sum(1 for d in dagen if 0 <= d <= BIJNA_DAGEN)
    delen = []
    if te_laat:
        delen.append(_tr("{n} te laat").format(n=te_laat))
    if bijna:
        delen.append(_tr("{n} binnen {d} dagen").format(n=bijna, d=BIJNA_DAGEN))
    if not delen:
        return totaal
    return _tr("{totaal}: {delen}").format(totaal=totaal, delen=", ".join(delen))


class SchuldhulpModel(ReadOnlyTableModel):
    """The open trajectories, one a row. `SORT_ROLE` gives each cell a value that sorts as
    the column means it (dates and amounts by value, a missing deadline last)."""

    (INWONER, BSN, FASE, SINDS, CONSULENT, GEMEENTE, SCHULDEN, TERMIJN, UITERLIJK,
     DAGEN) = range(10)  # fmt: skip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [_tr("Inwoner"), _tr("BSN"), _tr("Fase"), _tr("Sinds"), _tr("Consulent"),
             _tr("Gemeente"), _tr("Schulden"), _tr("Volgende termijn"), _tr("Uiterlijk"),
             _tr("Dagen over")],
            parent,
        )  # fmt: skip
        self._rijen: list[OverzichtRij] = []
        self.peildatum = date.today()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rijen(self, rijen: Sequence[OverzichtRij], peildatum: date) -> None:
        self.beginResetModel()
        self._rijen = list(rijen)
        self.peildatum = peildatum
        self.endResetModel()

    def rij(self, row: int) -> OverzichtRij | None:
        return self._rijen[row] if 0 <= row < len(self._rijen) else None

    def row_of(self, traject_id: uuid.UUID) -> int | None:
        return next((r for r, rij in enumerate(self._rijen) if rij.traject_id == traject_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rijen)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder.value  # a first click: smallest or earliest first
        return super().headerData(section, orientation, role)

    def dagen(self, rij: OverzichtRij) -> int | None:
        return rij.dagen_over(self.peildatum)

    def _kleur(self, rij: OverzichtRij) -> tuple[str, str] | None:
        dagen = self.dagen(rij)
        if dagen is None:
            return None
        if dagen < 0:
            return TE_LAAT_KLEUR
        return BIJNA_KLEUR if dagen <= BIJNA_DAGEN else None

    def _display(self, rij: OverzichtRij, column: int) -> str:
        if column == self.INWONER:
            return rij.naam
        if column == self.BSN:
            return rij.bsn
        if column == self.FASE:
            fase = rij.fase.label
            return _tr("{fase} · ⚠ bedreiging").format(fase=fase) if rij.bedreiging else fase
        if column == self.SINDS:
            return format_date(rij.fase_sinds)
        if column == self.CONSULENT:
            return rij.consulent
        if column == self.GEMEENTE:
            return rij.gemeente
        if column == self.SCHULDEN:
            if not rij.aantal_schulden:
                return _tr("geen")
            return _tr("{n} · {bedrag}").format(
                n=rij.aantal_schulden, bedrag=format_money(rij.totaal_schulden)
            )
        if column == self.TERMIJN:
            return rij.volgende.soort.label if rij.volgende else _tr("geen")
        if column == self.UITERLIJK:
            return format_date(rij.volgende.uiterlijk) if rij.volgende else ""
        if column == self.DAGEN:
            return dagen_tekst(self.dagen(rij))
        return ""

    def _sort_value(self, rij: OverzichtRij, column: int) -> Any:
        # Plain ints, floats and strings, which QSortFilterProxyModel compares by value.
        geen_termijn = date.max.toordinal()
        if column == self.FASE:
            return list(SchuldhulpFase).index(rij.fase) * 2 + (0 if rij.bedreiging else 1)
        if column == self.SINDS:
            return rij.fase_sinds.toordinal()
        if column == self.SCHULDEN:
            return float(rij.totaal_schulden) + rij.aantal_schulden / 1000
        if column == self.UITERLIJK:
            return rij.volgende.uiterlijk.toordinal() if rij.volgende else geen_termijn
        if column == self.DAGEN:
            dagen = self.dagen(rij)
            return geen_termijn if dagen is None else dagen
        if column == self.BSN:
            return rij.bsn[-4:]
        return self._display(rij, column).casefold()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rijen):
            return None
        rij = self._rijen[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(rij, column)
        if role == SORT_ROLE:
            return self._sort_value(rij, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(rij, column)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            kleur = self._kleur(rij)
            if kleur is None:
                return None
            return QBrush(QColor(kleur[0 if role == Qt.ItemDataRole.BackgroundRole else 1]))
        if role == Qt.ItemDataRole.FontRole and column == self.DAGEN:
            return self._bold if self._kleur(rij) is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.DAGEN, self.SCHULDEN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, rij: OverzichtRij, column: int) -> str | None:
        if column == self.INWONER:
            return rij.naam
        if column == self.FASE and rij.bedreiging:
            return _tr("Er is een bedreigende situatie gemeld (ontruiming, afsluiting …).")
        if column in (self.TERMIJN, self.UITERLIJK, self.DAGEN) and rij.volgende:
            soort = rij.volgende.soort
            aard = _tr("wettelijke termijn") if soort.wettelijk else _tr("norm of einddatum")
            return _tr("{soort} ({aard}): uiterlijk {datum}").format(
                soort=soort.label, aard=aard, datum=format_date(rij.volgende.uiterlijk)
            )
        return None


class BsnDialog(ServiceDialog):
    """Ask the BSN for a new melding; looks the inwoner up (`inwoner_voor_melding`) and tells
    whether their dossier is within the medewerker's reach. `gevonden` holds (id, naam) or
    None for an unknown BSN, `bsn` the number as typed."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            title=_tr("Nieuwe melding schuldhulp"),
            intro=_tr(
                "Vul het BSN in van de inwoner die zich meldt (of voor wie een partner meldt). "
                "Koers zoekt de inwoner op; het opzoeken wordt vastgelegd."
            ),
            action=_tr("&Zoeken"),
            parent=parent,
        )
        self.gevonden: tuple[uuid.UUID, str] | None = None
        self.bereikbaar = False
        self.bsn = QLineEdit()
        self.bsn.setMaxLength(11)
        self.bsn.setPlaceholderText(_tr("9 cijfers"))
        self.bsn.setMaximumWidth(200)
        self.errors.add("bsn", _tr("&BSN"), self.bsn)
        self.bsn.textEdited.connect(lambda _t: self.errors.clear("bsn"))
        self.bsn.setFocus()

    def perform(self, session, actor) -> tuple[uuid.UUID, str] | None:
        gevonden = inwoner_voor_melding(session, actor=actor, bsn=self.bsn.text())
        bereikbaar = False
        if gevonden is not None:
            # Only asked, not opened: an inwoner outside reach is no refused access here.
            try:
                check_toegang(session, actor=actor, inwoner_id=gevonden[0])
                bereikbaar = True
            except ToegangGeweigerd:
                bereikbaar = False
        self.gevonden, self.bereikbaar = gevonden, bereikbaar
        return gevonden


class SchuldhulpView(RefreshWhenShown, QWidget):
    open_requested = Signal(object)  # the inwoner's UUID: open the dossier at "schuldhulp"
    new_inwoner_requested = Signal(str)  # the BSN: register this inwoner first
    loaded = Signal(int)  # the number of trajectories now shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._token: int | None = None
        self._has_result = False
        self.rijen: list[OverzichtRij] = []
        self.consulenten: list[tuple[uuid.UUID, str]] = []  # of the own team, for a melding
        self.dialog: BsnDialog | MeldingDialog | None = None
        self.is_consulent = Rol.CONSULENT_SDV in ctx.actor_rollen
        self.may_change = ctx.mag(Gegeven.SCHULDHULP, Recht.WIJZIGEN)

        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Trajecten van"))
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.load_team()
        self.scope.currentIndexChanged.connect(self._on_scope_changed)
        self.count_label = QLabel(self.tr("Laden…"))
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("De trajecten opnieuw laden (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_action = self._action(self.tr("Vernieuwen"), self.refresh, Qt.Key.Key_F5)
        self.melding_button = QPushButton(self.tr("Nieuwe &melding…"))
        self.melding_button.setToolTip(
            self.tr("Een melding schuldhulp registreren voor een inwoner, op BSN (Ctrl+M)")
        )
        self.melding_button.clicked.connect(self.new_melding)
        self.melding_action = self._action(self.tr("Nieuwe melding…"), self.new_melding,
                                           QKeySequence("Ctrl+M"))  # fmt: skip
        if not self.may_change:  # hide(), not setVisible(): see MedewerkersPage
            self.melding_button.hide()
            self.melding_action.setEnabled(False)

        bar = QHBoxLayout()
        bar.addWidget(FieldLabel(self.tr("&Trajecten van:"), self.scope))
        bar.addWidget(self.scope)
        bar.addSpacing(12)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.melding_button)

        self.model = SchuldhulpModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)
        self.table = make_table(self.proxy, self.tr("Schuldhulptrajecten"), DEFAULT_WIDTHS)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.sortByColumn(SchuldhulpModel.UITERLIJK, Qt.SortOrder.AscendingOrder)
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
        QWidget.setTabOrder(self.scope, self.refresh_button)
        QWidget.setTabOrder(self.refresh_button, self.melding_button)
        QWidget.setTabOrder(self.melding_button, self.table)

        self._init_refresh(self.refresh, stale=False)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _action(self, text: str, slot, key) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- whose trajectories ---------------------------------------------------------------

    def load_team(self) -> None:
        """Fill the scope: own trajectories (a consulent), the whole team, then each other
        consulent schulddienstverlening of the team by name."""
        with self._ctx.unit_of_work() as (session, actor):
            self.consulenten = [
                (m.id, m.naam)
                for m in medewerkers_met_rol(session, Rol.CONSULENT_SDV)
                if m.id == actor.id or (actor.team_id is not None and m.team_id == actor.team_id)
            ]
        collegas = [(i, naam) for i, naam in self.consulenten if i != self._ctx.actor_id]
        combo = self.scope
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if self.is_consulent:
            combo.addItem(self.tr("Mijn trajecten"), (EIGEN, None))
        combo.addItem(self.tr("Hele team"), (TEAM, None))
        for medewerker_id, naam in collegas:
            combo.addItem(naam, (CONSULENT, medewerker_id))
        select_data(combo, current)
        combo.blockSignals(False)

    def current_scope(self) -> tuple[str, uuid.UUID | None]:
        return self.scope.currentData() or (EIGEN if self.is_consulent else TEAM, None)

    def select_scope(self, soort: str, medewerker_id: uuid.UUID | None = None) -> None:
        select_data(self.scope, (soort, medewerker_id))

    def select_colleague(self, naam: str) -> None:
        self.scope.setCurrentIndex(max(self.scope.findText(naam), 0))

    @Slot()
    def _on_scope_changed(self) -> None:
        self.count_label.setText(self.tr("Laden…"))
        self.refresh()

    # --- loading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Load the trajectories now, in the background."""
        self._refreshed()
        scope = self.current_scope()
        soort, medewerker_id = scope
        peildatum = date.today()

        def work(session, actor) -> list[OverzichtRij]:
            return overzicht(session, actor=actor, consulent_id=medewerker_id,
                             team=soort == TEAM)  # fmt: skip

        self._token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda rijen: self._show(scope, rijen, peildatum),
            on_error=self._on_error,
            key=LOAD_KEY,
        )

    def is_loading(self) -> bool:
        return self._refresh_timer.isActive() or (
            self._token is not None and self._ctx.operations.is_running(self._token)
        )

    def _show(self, scope: tuple, rijen: list[OverzichtRij], peildatum: date) -> None:
        current = self.current_rij()
        had_focus = self.table.hasFocus()
        self.rijen = rijen
        self.model.set_rijen(rijen, peildatum)
        if current is not None and (row := self.model.row_of(current.traject_id)) is not None:
            self.select_source_row(row)
        elif rijen and not self._has_result:
            self.table.selectRow(0)
        self._has_result = True
        self.count_label.setText(format_summary(rijen, peildatum))
        if rijen:
            self.stack.setCurrentWidget(self.table)
            if had_focus:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.empty.setText(self._empty_text(scope))
            self.stack.setCurrentWidget(self.empty)
        self.loaded.emit(len(rijen))

    def _empty_text(self, scope: tuple) -> str:
        soort, _medewerker_id = scope
        if soort == EIGEN:
            text = self.tr("U hebt geen lopende schuldhulptrajecten.")
        elif soort == TEAM:
            text = self.tr("Het team heeft geen lopende schuldhulptrajecten.")
        else:
            text = self.tr("{naam} heeft geen lopende schuldhulptrajecten.").format(
                naam=self.scope.currentText()
            )
        if self.may_change:
            text += "\n" + self.tr(
                "Een nieuwe melding legt u vast met Nieuwe melding… (Ctrl+M); het traject "
                "verschijnt dan hier met de termijn voor het eerste gesprek."
            )
        return text

    def _on_error(self, error: BaseException) -> None:
        if self.current_scope()[0] == CONSULENT:
            # Refused or gone (moved to another team, say): back to the default.
            self.scope.setCurrentIndex(0)
        elif not self._has_result:
            self.count_label.setText(self.tr("De schuldhulptrajecten konden niet worden geladen."))
        report_error(self, error)

    # --- selection and opening ------------------------------------------------------------

    def source_row(self, proxy_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()

    def select_source_row(self, row: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def shown_rows(self) -> list[OverzichtRij]:
        """The trajectories in the order the table shows them."""
        return [self.model.rij(self.source_row(r)) for r in range(self.proxy.rowCount())]

    def current_rij(self) -> OverzichtRij | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.model.rij(self.proxy.mapToSource(index).row())

    def focus_list(self) -> None:
        if self.stack.currentWidget() is self.table:
            if not self.table.currentIndex().isValid() and self.proxy.rowCount():
                self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.scope.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        rij = self.model.rij(self.proxy.mapToSource(index).row())
        if rij is not None:
            self.open_requested.emit(rij.inwoner_id)

    # --- a new melding --------------------------------------------------------------------

    def _open(self, dialog: BsnDialog | MeldingDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    @Slot()
    def new_melding(self) -> BsnDialog | None:
        """Ask the BSN; then see `_found`."""
        if not self.may_change:
            return None
        dialog = BsnDialog(self._ctx, self)
        dialog.accepted.connect(lambda: self._found(dialog.bsn.text().strip(), dialog.gevonden,
                                                    dialog.bereikbaar))  # fmt: skip
        self._open(dialog)
        return dialog

    def _found(
        self, bsn: str, gevonden: tuple[uuid.UUID, str] | None, bereikbaar: bool
    ) -> MeldingDialog | None:
        """Within reach: the dossier at its schuldhulp part (where the melding is made).
        Outside reach: the melding here first, then the dossier. Unknown: register first."""
        if gevonden is None:
            self._unknown(bsn)
            return None
        inwoner_id, naam = gevonden
        if bereikbaar:
            self.open_requested.emit(inwoner_id)
            return None
        dialog = MeldingDialog(
            self._ctx,
            inwoner_id,
            self.consulenten,
            consulent_id=self._ctx.actor_id if self.is_consulent else None,
            parent=self,
        )
        dialog.setWindowTitle(self.tr("Melding schuldhulp registreren — {naam}").format(naam=naam))
        dialog.accepted.connect(lambda: self._registered(inwoner_id))
        self._open(dialog)
        return dialog

    def _registered(self, inwoner_id: uuid.UUID) -> None:
        self._ctx.changes.notify(signals.SCHULDHULP, inwoner_id)
        self.open_requested.emit(inwoner_id)

    def _unknown(self, bsn: str) -> None:
        text = self.tr("Koers kent geen inwoner met BSN {bsn}.").format(bsn=bsn)
        if not self._ctx.mag(Gegeven.PERSONALIA, Recht.WIJZIGEN):
            show_info(
                self,
                self.tr("Inwoner niet gevonden"),
                text + " " + self.tr("Vraag een collega de inwoner eerst te registreren."),
            )
            return
        if ask(
            self,
            self.tr("Inwoner niet gevonden"),
            text
            + " "
            + self.tr(
                "Registreer de inwoner eerst; daarna opent het dossier en legt u daar de "
                "melding vast."
            ),
            yes=self.tr("Inwoner registreren…"),
            no=self.tr("Annuleren"),
        ):
            self.new_inwoner_requested.emit(bsn)

    # --- refreshing and settings ----------------------------------------------------------

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind == signals.MEDEWERKER:
            self.load_team()
        elif kind not in REFRESH_KINDS:
            return
        self._refresh_soon()

    def restore_settings(self) -> None:
        state = SCHULDHULP_HEADER.get()
        if not state.isEmpty():
            self.table.horizontalHeader().restoreState(state)

    def save_settings(self) -> None:
        SCHULDHULP_HEADER.set(self.table.horizontalHeader().saveState())
