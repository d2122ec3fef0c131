"""The Rapportages section (issue 8) for team leads and functioneel beheerders: the caseload
overview (app.services.caseload) on its first page, the KPIs (app.ui.rapportage_kpi) on the
second and the periodic report to a municipality (app.ui.rapportage_gemeente) on the third.

The caseload overview has a row per coach, team or gemeente and the totals last (they stay
last however the table is sorted): active inwoners, SW and BSW against the norm, overloaded
coaches, inwoners without IOP, overdue evaluations, escalated norms and — for who may read
debt data — late schuldhulp deadlines; then the breakdown chosen under Uitsplitsing (phase,
stage or doelgroep), one column per value that occurs. An overloaded coach's row is red and
says "overbelast" in words, so colour is never the only sign. Every column's definition is
its header's tooltip. Enter or double-click on a number lists the inwoners behind it
(`caseload_inwoners`, the same conditions as the count) in `InwonersDialog`, where Enter
opens a dossier.

Figures load in the background (the operations helper) when the page is first shown, when a
choice changes, on F5 and after a change that can move a figure — at once when the page is on
screen, otherwise when it is shown again. Column widths are remembered per column.
"""

from __future__ import annotations

import html
import itertools
import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.caseload import (
    DOELGROEPEN,
    FASEN,
    SCHULDHULP,
    STADIA,
    WAARDE_LABELS,
    Caseloadoverzicht,
    Caseloadrij,
    Niveau,
    caseload,
    caseload_inwoners,
)
from app.services.gemeenten import list_gemeenten
from app.services.medewerkers import list_teams
from app.services.rechten import BREAK_THE_GLASS
from app.services.text import format_date
from app.ui import settings, signals
from app.ui.context import UiContext
from app.ui.inwoner_model import InwonerTableModel
from app.ui.inwoners_view import DEFAULT_WIDTHS as INWONER_WIDTHS
from app.ui.operations import report_error
from app.ui.rapportage_gemeente import GemeenterapportPane
from app.ui.rapportage_kpi import KpiPane
from app.ui.refresh import RefreshWhenShown
from app.ui.table import AnyIndex, ReadOnlyTableModel, make_table
from app.ui.widgets import FieldLabel, make_hint, select_data

# Width per column key ("naam", "sw", "fase:INTAKE" …) as JSON: the set of columns changes
# with the level, the breakdown and the data, so a header state would not fit.
CASELOAD_BREEDTES: settings.Setting[str] = settings.Setting(
    "rapportages/caseload_breedtes", str, ""
)
LOAD_KEY = "rapportages/caseload"
LIJST_KEY = "rapportages/caseload_lijst"
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# What can change a figure of the overview.
REFRESH_KINDS = frozenset(
    {
        signals.INWONER,
        signals.TRAJECT,
        signals.ONTWIKKELPLAN,
        signals.SCHULDHULP,
        signals.INSTELLINGEN,
        signals.MEDEWERKER,
    }
)

# (background, text) of an overloaded coach: dark red on a light tint (contrast above 7:1),
# as the late items of the werkvoorraad and the schuldhulp list.
OVERBELAST_KLEUR = ("#fbe3e1", "#8c1d18")
NAAM_BREEDTE, NORM_BREEDTE, MIN_BREEDTE = 220, 130, 72

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
UITSPLITSINGEN = {"fase": FASEN, "ontwikkelstadium": STADIA, "doelgroep": DOELGROEPEN}


def _tr(text: str) -> str:
    return QCoreApplication.translate("RapportageView", text)


def aantal(n: int) -> str:
    """A count the Dutch way: 1.234."""
    return DUTCH.toString(n)


def inwoners_tekst(n: int) -> str:
    return _tr("1 inwoner") if n == 1 else _tr("{n} inwoners").format(n=aantal(n))


def tooltip_html(text: str) -> str:
    """Rich text, so Qt wraps a long definition instead of one screen-wide line."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def niveau_naam(niveau: Niveau) -> str:
    return {Niveau.COACH: _tr("Coach"), Niveau.TEAM: _tr("Team"),
            Niveau.GEMEENTE: _tr("Gemeente")}[niveau]  # fmt: skip


@dataclass(frozen=True)
class Kolom:
    """One column of the overview: `sleutel` names it (for its width), `kolom` and `waarde`
    are the arguments of `caseload_inwoners` behind its numbers (kolom None: no list)."""

    sleutel: str
    kop: str
    kolom: str | None
    waarde: str | None = None
    definitie: str = ""


@dataclass(frozen=True)
class CaseloadVraag:
    """The choices an overview was made with; its click-through uses the same."""

    niveau: Niveau
    peildatum: date
    team_id: uuid.UUID | None = None
    gemeente_id: uuid.UUID | None = None


class CaseloadModel(ReadOnlyTableModel):
    """The rows of a `Caseloadoverzicht` and its totals (the last row), with the columns of
    `kolommen(...)`. `SORT_ROLE` gives numbers as ints and names folded."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.overzicht: Caseloadoverzicht | None = None
        self.kolommen: list[Kolom] = []
        self._rijen: list[Caseloadrij] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_overzicht(self, overzicht: Caseloadoverzicht | None, uitsplitsing: str | None) -> None:
        self.beginResetModel()
        self.overzicht = overzicht
        self._rijen = [] if overzicht is None else [*overzicht.rijen, overzicht.totaal]
        self.kolommen = [] if overzicht is None else kolommen(overzicht, uitsplitsing)
        self._headers = [k.kop for k in self.kolommen]
        self.endResetModel()

    def rij(self, row: int) -> Caseloadrij | None:
        return self._rijen[row] if 0 <= row < len(self._rijen) else None

    def is_totaal(self, row: int) -> bool:
        return bool(self._rijen) and row == len(self._rijen) - 1

    def kolom_index(self, sleutel: str) -> int | None:
        return next((c for c, k in enumerate(self.kolommen) if k.sleutel == sleutel), None)

    def row_of(self, sleutel: Any) -> int | None:
        """The row of a coach, team or gemeente key (None: the totals)."""
        if sleutel is None:
            return len(self._rijen) - 1 if self._rijen else None
        return next((r for r, rij in enumerate(self._rijen[:-1]) if rij.sleutel == sleutel), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rijen)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.kolommen):
            if role == Qt.ItemDataRole.ToolTipRole and self.kolommen[section].definitie:
                return tooltip_html(self.kolommen[section].definitie)
            if role == Qt.ItemDataRole.InitialSortOrderRole:
                # Names A–Z, figures largest first: who needs attention comes up.
                order = (
                    Qt.SortOrder.AscendingOrder if section == 0 else Qt.SortOrder.DescendingOrder
                )
                return order.value
        return super().headerData(section, orientation, role)

    # --- the values -----------------------------------------------------------------------

    def waarde(self, rij: Caseloadrij, kolom: Kolom) -> int | None:
        """The number in a cell (None for the name)."""
        if kolom.sleutel == "naam":
            return None
        if kolom.waarde is not None:
            return getattr(rij, kolom.kolom)[kolom.waarde]
        return getattr(rij, kolom.sleutel)

    def _per_coach(self, row: int) -> bool:
        return (
            self.overzicht is not None
            and self.overzicht.niveau == Niveau.COACH
            and not (self.is_totaal(row))
        )

    def boven_norm(self, row: int, sleutel: str) -> bool:
        """Is this coach's SW or BSW count above the norm?"""
        rij, norm = self._rijen[row], self.overzicht.norm
        if not self._per_coach(row):
            return False
        if sleutel == "sw":
            return rij.sw > norm.sw_tot
        if sleutel == "bsw":
            return rij.bsw > norm.bsw_tot
        return False

    def overbelast(self, row: int) -> bool:
        return self._rijen[row].overbelast > 0

    def _display(self, row: int, kolom: Kolom) -> str:
        rij = self._rijen[row]
        if kolom.sleutel == "naam":
            return _tr("Totaal") if self.is_totaal(row) else rij.naam
        norm = self.overzicht.norm
        if kolom.sleutel in ("sw", "bsw") and self._per_coach(row):
            van, tot = (norm.sw_van, norm.sw_tot) if kolom.sleutel == "sw" else (
                norm.bsw_van, norm.bsw_tot)  # fmt: skip
            n = rij.sw if kolom.sleutel == "sw" else rij.bsw
            # Above the norm: red and bold here, "overbelast" in words in its own column.
            return _tr("{n} (norm {van}–{tot})").format(n=aantal(n), van=van, tot=tot)
        if kolom.sleutel == "overbelast":
            if self._per_coach(row):
                return _tr("overbelast") if rij.overbelast else _tr("nee")
            return _tr("{n} van {m}").format(n=aantal(rij.overbelast), m=aantal(rij.coaches))
        value = self.waarde(rij, kolom)
        return "" if value is None else aantal(value)

    def _sort_value(self, row: int, kolom: Kolom) -> Any:
        if kolom.sleutel == "naam":
            return self._rijen[row].naam.casefold()
        return self.waarde(self._rijen[row], kolom) or 0

    def _tooltip(self, row: int, kolom: Kolom) -> str | None:
        rij = self._rijen[row]
        if kolom.sleutel == "naam":
            return rij.naam
        if self.boven_norm(row, kolom.sleutel):
            return _tr("Boven de norm: deze coach is overbelast. Enter of dubbelklik: de "
                       "inwoners achter dit getal")  # fmt: skip
        if kolom.sleutel == "overbelast":
            if not self._per_coach(row):
                return _tr(
                    "{n} van de {m} coaches met inwoners in deze regel zijn overbelast."
                ).format(n=rij.overbelast, m=rij.coaches)
            return _tr("Meer SW- of BSW-inwoners dan de norm.") if rij.overbelast else None
        if kolom.kolom is not None:
            return _tr("Enter of dubbelklik: de inwoners achter dit getal")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rijen):
            return None
        row, kolom = index.row(), self.kolommen[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, kolom)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if self.boven_norm(row, kolom.sleutel):
                return _tr("{tekst}, boven de norm").format(tekst=self._display(row, kolom))
            return self._display(row, kolom)
        if role == SORT_ROLE:
            return self._sort_value(row, kolom)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, kolom)
        rood = self._per_coach(row) and self.overbelast(row)
        if role == Qt.ItemDataRole.BackgroundRole and rood:
            return QBrush(QColor(OVERBELAST_KLEUR[0]))
        if role == Qt.ItemDataRole.ForegroundRole and (
            rood or (kolom.sleutel == "overbelast" and self.overbelast(row))
        ):
            return QBrush(QColor(OVERBELAST_KLEUR[1]))
        if role == Qt.ItemDataRole.FontRole:
            if (
                self.is_totaal(row)
                or self.boven_norm(row, kolom.sleutel)
                or (kolom.sleutel == "overbelast" and self.overbelast(row))
            ):
                return self._bold
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and kolom.sleutel != "naam":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def kolommen(overzicht: Caseloadoverzicht, uitsplitsing: str | None) -> list[Kolom]:
    """The columns of an overview: the name, the main figures (schuldhulp only when the
    overview has it), then one per value of the breakdown that occurs in the totals."""
    d, norm = overzicht.definities, overzicht.norm
    result = [
        Kolom("naam", niveau_naam(overzicht.niveau), "actief", None, d["actief"]),
        Kolom("actief", _tr("Actief"), "actief", None, d["actief"]),
        Kolom("sw", _tr("SW"), "sw", None,
              d["sw"] + " " + _tr("Norm per coach: {van}–{tot}.").format(
                  van=norm.sw_van, tot=norm.sw_tot)),
        Kolom("bsw", _tr("BSW"), "bsw", None,
              d["bsw"] + " " + _tr("Norm per coach: {van}–{tot}.").format(
                  van=norm.bsw_van, tot=norm.bsw_tot)),
        Kolom("overbelast", _tr("Overbelast"), None, None, d["overbelast"]),
        Kolom("zonder_iop", _tr("Zonder IOP"), "zonder_iop", None, d["zonder_iop"]),
        Kolom("evaluatie_te_laat", _tr("Evaluatie te laat"), "evaluatie_te_laat", None,
              d["evaluatie_te_laat"]),
        Kolom("norm_overschreden", _tr("Norm overschreden"), "norm_overschreden", None,
              d["norm_overschreden"]),
    ]  # fmt: skip
    if overzicht.schuldhulp:
        result.append(Kolom(SCHULDHULP, _tr("Schuldhulp te laat"), SCHULDHULP, None,
                            d[SCHULDHULP]))  # fmt: skip
    if uitsplitsing in UITSPLITSINGEN:
        totaal = getattr(overzicht.totaal, uitsplitsing)
        for waarde in UITSPLITSINGEN[uitsplitsing]:
            if totaal[waarde]:
                label = WAARDE_LABELS[waarde]
                result.append(Kolom(f"{uitsplitsing}:{waarde}", label, uitsplitsing, waarde,
                                    f"{label}. {d[uitsplitsing]}"))  # fmt: skip
    return result


class TotaalLaatstProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE`, the totals row always last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        model = self.sourceModel()
        aflopend = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if model.is_totaal(left.row()):
            return aflopend
        if model.is_totaal(right.row()):
            return not aflopend
        return super().lessThan(left, right)


class InwonersDialog(QDialog):
    """The inwoners behind a figure: name, masked BSN and the rest of the inwoner list's row
    (`InwonerTableModel`, which reads only the visible rows, within the medewerker's reach).
    Enter or double-click (or Openen) opens the dossier and closes the list."""

    open_requested = Signal(object)  # the inwoner's UUID

    def __init__(self, ctx: UiContext, titel: str, toelichting: str, ids: list[uuid.UUID],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(titel)
        self.ids = list(ids)
        intro = make_hint(QLabel(toelichting))
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel(inwoners_tekst(len(self.ids)))
        self.model = InwonerTableModel(ctx.sessions, ctx.actor_id, self)
        self.model.set_ids(self.ids)
        self.table = make_table(self.model, titel, INWONER_WIDTHS)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.table.activated.connect(self._on_activated)
        self.empty = make_hint(QLabel(_tr("Er staan geen inwoners achter dit getal.")))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        stack = QStackedWidget()
        stack.addWidget(self.table)
        stack.addWidget(self.empty)
        stack.setCurrentWidget(self.table if self.ids else self.empty)

        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(_tr("&Openen"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(bool(self.ids))
        self.open_button.clicked.connect(self.open_current)
        close = buttons.addButton(_tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        for button in (self.open_button, close):
            # Enter belongs to the table (it opens the selected inwoner), not to a button.
            button.setAutoDefault(False)
            button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.count_label)
        layout.addWidget(stack, 1)
        layout.addWidget(buttons)
        self.resize(1000, 520)
        if self.ids:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.inwoner_id(index.row()) if index.isValid() else None

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        self.open_current()

    @Slot()
    def open_current(self) -> None:
        inwoner_id = self.current_id()
        if inwoner_id is not None:
            self.accept()
            self.open_requested.emit(inwoner_id)


class CaseloadPane(RefreshWhenShown, QWidget):
    """The caseload overview page."""

    lijst_gevraagd = Signal(str, str, object)  # title, explanation, the inwoners' UUIDs
    loaded = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._token: int | None = None
        self._lijst_token: int | None = None
        self._has_result = False
        self._restoring = False
        self.vraag: CaseloadVraag | None = None  # what the shown overview was made with
        self.overzicht: Caseloadoverzicht | None = None
        self._breedtes: dict[str, int] = self._load_breedtes()

        self.niveau = QComboBox()
        self.niveau.addItem(self.tr("Per coach"), Niveau.COACH)
        self.niveau.addItem(self.tr("Per team"), Niveau.TEAM)
        self.niveau.addItem(self.tr("Per gemeente"), Niveau.GEMEENTE)
        self.peildatum = QDateEdit(QDate(date.today()))
        self.peildatum.setDisplayFormat("dd-MM-yyyy")
        self.peildatum.setCalendarPopup(True)
        self.peildatum.setMaximumWidth(150)
        self.peildatum.setToolTip(
            self.tr("De dag waarop labels gelden en waarvoor termijnen worden beoordeeld")
        )
        # A team filter for who sees more than one team (a team lead sees their own coaches).
        self.team: QComboBox | None = None
        with ctx.unit_of_work() as (_session, actor):
            if actor.team_id is None or actor.rollen & BREAK_THE_GLASS:
                self.team = QComboBox()
                self.team.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.gemeente = QComboBox()
        self.gemeente.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.load_filters()
        self.uitsplitsing = QComboBox()
        self.uitsplitsing.addItem(self.tr("Fase"), "fase")
        self.uitsplitsing.addItem(self.tr("Ontwikkelstadium"), "ontwikkelstadium")
        self.uitsplitsing.addItem(self.tr("Doelgroep"), "doelgroep")
        self.uitsplitsing.addItem(self.tr("Geen"), None)
        self.uitsplitsing.setToolTip(
            self.tr("Welke indeling als extra kolommen rechts in de tabel staat")
        )
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("Het overzicht opnieuw berekenen (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_action = QAction(self.tr("Vernieuwen"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)

        bar = QHBoxLayout()
        bar.addWidget(FieldLabel(self.tr("&Niveau:"), self.niveau))
        bar.addWidget(self.niveau)
        bar.addSpacing(12)
        bar.addWidget(FieldLabel(self.tr("&Peildatum:"), self.peildatum))
        bar.addWidget(self.peildatum)
        bar.addSpacing(12)
        if self.team is not None:
            bar.addWidget(FieldLabel(self.tr("&Team:"), self.team))
            bar.addWidget(self.team)
            bar.addSpacing(12)
        bar.addWidget(FieldLabel(self.tr("Ge&meente:"), self.gemeente))
        bar.addWidget(self.gemeente)
        bar.addSpacing(12)
        bar.addWidget(FieldLabel(self.tr("&Uitsplitsing:"), self.uitsplitsing))
        bar.addWidget(self.uitsplitsing)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)

        self.summary = QLabel(self.tr("Laden…"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = CaseloadModel(self)
        self.proxy = TotaalLaatstProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy, self.tr("Caseloadoverzicht"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.sectionResized.connect(self._on_section_resized)
        self.table.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._on_activated)
        hint = make_hint(QLabel(self.tr(
            "Enter of dubbelklik op een getal toont de inwoners erachter. De definitie van een "
            "kolom staat in de tooltip van de kolomkop.")))  # fmt: skip

        self.empty = make_hint(QLabel())
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        layout.addWidget(hint)
        order = [self.niveau, self.peildatum, *([self.team] if self.team else []), self.gemeente,
                 self.uitsplitsing, self.refresh_button, self.table]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._date_timer = QTimer(self)  # typing a date: load once it stands still
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(400)
        self._date_timer.timeout.connect(self.refresh)
        self._init_refresh(self.refresh, stale=True)
        self.niveau.currentIndexChanged.connect(self._on_choice_changed)
        self.gemeente.currentIndexChanged.connect(self._on_choice_changed)
        if self.team is not None:
            self.team.currentIndexChanged.connect(self._on_choice_changed)
        self.peildatum.dateChanged.connect(lambda _d: self._date_timer.start())
        self.uitsplitsing.currentIndexChanged.connect(self._on_uitsplitsing_changed)
        ctx.changes.changed.connect(self._on_changed)

    # --- choices --------------------------------------------------------------------------

    def load_filters(self) -> None:
        """Fill the gemeente filter and, when there is one, the team filter."""
        with self._ctx.unit_of_work() as (session, _actor):
            gemeenten = [(g.id, g.naam) for g in list_gemeenten(session)]
            teams = [(t.id, t.naam) for t in list_teams(session)] if self.team is not None else []
        for combo, alle, items in ((self.gemeente, self.tr("Alle gemeenten"), gemeenten),
                                   (self.team, self.tr("Alle teams"), teams)):  # fmt: skip
            if combo is None:
                continue
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(alle, None)
            for item_id, naam in items:
                combo.addItem(naam, item_id)
            select_data(combo, current)
            combo.blockSignals(False)

    def current_vraag(self) -> CaseloadVraag:
        return CaseloadVraag(
            niveau=Niveau(self.niveau.currentData()),  # the combo hands it back as str
            peildatum=self.peildatum.date().toPython(),
            team_id=self.team.currentData() if self.team is not None else None,
            gemeente_id=self.gemeente.currentData(),
        )

    def current_uitsplitsing(self) -> str | None:
        return self.uitsplitsing.currentData()

    @Slot()
    def _on_choice_changed(self) -> None:
        self.refresh()

    @Slot()
    def _on_uitsplitsing_changed(self) -> None:
        if self.overzicht is not None:
            self._fill(self.overzicht)

    # --- loading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Compute the overview now, in the background."""
        self._refreshed()
        self._date_timer.stop()
        vraag = self.current_vraag()
        if not self._has_result:
            self.summary.setText(self.tr("Laden…"))

        def work(session, actor) -> Caseloadoverzicht:
            return caseload(session, actor=actor, niveau=vraag.niveau, peildatum=vraag.peildatum,
                            team_id=vraag.team_id, gemeente_id=vraag.gemeente_id)  # fmt: skip

        self._token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda overzicht: self._show(vraag, overzicht),
            on_error=self._on_error,
            key=LOAD_KEY,
            progress_text=self.tr("Caseloadoverzicht berekenen…"),
        )

    def is_loading(self) -> bool:
        tokens = (self._token, self._lijst_token)
        return (
            self._refresh_timer.isActive()
            or self._date_timer.isActive()
            or any(t is not None and self._ctx.operations.is_running(t) for t in tokens)
        )

    def _show(self, vraag: CaseloadVraag, overzicht: Caseloadoverzicht) -> None:
        self.vraag = vraag
        self._has_result = True
        had_focus = self.table.hasFocus()
        self._fill(overzicht)
        self.summary.setText(self._summary(overzicht))
        if overzicht.rijen:
            self.stack.setCurrentWidget(self.table)
            if had_focus:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.empty.setText(self._empty_text(vraag))
            self.stack.setCurrentWidget(self.empty)
        self.loaded.emit()

    def _fill(self, overzicht: Caseloadoverzicht) -> None:
        """Show an overview with the chosen breakdown, keeping the selected cell."""
        current = self.current_cell()
        self.overzicht = overzicht
        self.model.set_overzicht(overzicht, self.current_uitsplitsing())
        self._apply_breedtes()
        if current is not None:
            sleutel, kolom = current
            row, column = self.model.row_of(sleutel), self.model.kolom_index(kolom)
            if row is not None and column is not None:
                index = self.proxy.mapFromSource(self.model.index(row, column))
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _summary(self, overzicht: Caseloadoverzicht) -> str:
        t = overzicht.totaal
        delen = [inwoners_tekst(t.actief) + " " + self.tr("actief")]
        if overzicht.niveau != Niveau.COACH or t.coaches:
            delen.append(self.tr("1 coach") if t.coaches == 1
                         else self.tr("{n} coaches").format(n=aantal(t.coaches)))  # fmt: skip
        if t.overbelast:
            delen.append(self.tr("{n} overbelast").format(n=aantal(t.overbelast)))
        return self.tr("Peildatum {datum}: {delen}").format(
            datum=format_date(overzicht.peildatum), delen=", ".join(delen)
        )

    def _empty_text(self, vraag: CaseloadVraag) -> str:
        text = self.tr("Geen actieve inwoners op {datum} binnen uw bereik").format(
            datum=format_date(vraag.peildatum)
        )
        filters = [combo.currentText() for combo in (self.team, self.gemeente)
                   if combo is not None and combo.currentData() is not None]  # fmt: skip
        if filters:
            text += " " + self.tr("voor {filters}").format(filters=" en ".join(filters))
        return (
            text
            + ".\n"
            + self.tr("Het overzicht telt inwoners met een open dossier en een regievoerder.")
        )

    def _on_error(self, error: BaseException) -> None:
        if not self._has_result:
            self.summary.setText(self.tr("Het caseloadoverzicht kon niet worden berekend."))
        report_error(self, error)

    # --- click-through --------------------------------------------------------------------

    def current_cell(self) -> tuple[Any, str] | None:
        """(row key, column key) of the selected cell; row key None is the totals."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.kolommen:
            return None
        source = self.proxy.mapToSource(index)
        rij = self.model.rij(source.row())
        if rij is None:
            return None
        return rij.sleutel, self.model.kolommen[source.column()].sleutel

    def select_cell(self, sleutel: Any, kolom: str) -> QModelIndex:
        """Select a cell by row key (None: the totals) and column key; returns its proxy index."""
        row, column = self.model.row_of(sleutel), self.model.kolom_index(kolom)
        if row is None or column is None:
            return QModelIndex()
        index = self.proxy.mapFromSource(self.model.index(row, column))
        self.table.setCurrentIndex(index)
        return index

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.show_inwoners(source.row(), source.column())

    def show_inwoners(self, row: int, column: int) -> None:
        """Look up the inwoners behind a cell; `lijst_gevraagd` carries them."""
        rij, vraag = self.model.rij(row), self.vraag
        if rij is None or vraag is None or not 0 <= column < len(self.model.kolommen):
            return
        kolom = self.model.kolommen[column]
        if kolom.kolom is None:
            return  # coaches, not inwoners
        kop = self.tr("Actief") if kolom.sleutel == "naam" else kolom.kop
        naam = self.tr("Totaal") if self.model.is_totaal(row) else rij.naam
        titel = self.tr("{kolom} — {naam}").format(kolom=kop, naam=naam)
        toelichting = self.tr("{definitie}\nPeildatum {datum}.").format(
            definitie=kolom.definitie, datum=format_date(vraag.peildatum)
        )
        sleutel = None if self.model.is_totaal(row) else rij.sleutel

        def work(session, actor) -> list[uuid.UUID]:
            return caseload_inwoners(
                session, actor=actor, niveau=vraag.niveau, sleutel=sleutel, kolom=kolom.kolom,
                waarde=kolom.waarde, peildatum=vraag.peildatum, team_id=vraag.team_id,
                gemeente_id=vraag.gemeente_id,
            )  # fmt: skip

        self._lijst_token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda ids: self.lijst_gevraagd.emit(titel, toelichting, ids),
            key=LIJST_KEY,
            progress_text=self.tr("Inwoners opzoeken…"),
        )

    def focus_table(self) -> None:
        if self.stack.currentWidget() is self.table:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.niveau.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- refreshing and settings ----------------------------------------------------------

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind == signals.MEDEWERKER:
            self.load_filters()
        if kind not in REFRESH_KINDS:
            return
        self._refresh_soon()

    @staticmethod
    def _load_breedtes() -> dict[str, int]:
        try:
            value = json.loads(CASELOAD_BREEDTES.get() or "{}")
        except ValueError:
            return {}
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(v, int) and v > 10}

    def _default_breedte(self, kolom: Kolom) -> int:
        if kolom.sleutel == "naam":
            return NAAM_BREEDTE
        if kolom.sleutel in ("sw", "bsw") and self.model.overzicht.niveau == Niveau.COACH:
            return NORM_BREEDTE
        text = self.table.horizontalHeader().fontMetrics().horizontalAdvance(kolom.kop)
        return max(MIN_BREEDTE, min(text + 24, 160))

    def _apply_breedtes(self) -> None:
        header = self.table.horizontalHeader()
        self._restoring = True
        try:
            for column, kolom in enumerate(self.model.kolommen):
                header.resizeSection(
                    column, self._breedtes.get(kolom.sleutel) or self._default_breedte(kolom)
                )
        finally:
            self._restoring = False

    @Slot(int, int, int)
    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        if self._restoring or not 0 <= column < len(self.model.kolommen):
            return
        self._breedtes[self.model.kolommen[column].sleutel] = new

    def save_settings(self) -> None:
        CASELOAD_BREEDTES.set(json.dumps(self._breedtes, sort_keys=True))


class RapportageView(QWidget):
    """The section: the caseload overview, the KPIs and the report to a gemeente, each on a
    page of its own."""

    open_requested = Signal(object)  # the inwoner's UUID: open the dossier

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.dialog: InwonersDialog | None = None
        self.caseload = CaseloadPane(ctx)
        self.kpi = KpiPane(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.caseload, self.tr("&Caseload"))
        self.tabs.addTab(self.kpi, self.tr("&KPI's"))
        self.gemeenterapport = GemeenterapportPane(ctx)
        self.tabs.addTab(self.gemeenterapport, self._gemeenterapport_tab())
        self.gemeenterapport.modified_changed.connect(self._on_gemeenterapport_modified)
        for pane in (self.caseload, self.kpi):
            pane.lijst_gevraagd.connect(self.show_list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @Slot(str, str, object)
    def show_list(self, titel: str, toelichting: str, ids: list[uuid.UUID]) -> InwonersDialog:
        """The inwoners behind a figure, in a dialog from which Enter opens a dossier."""
        if self.dialog is not None:
            self.dialog.close()
        dialog = InwonersDialog(self._ctx, titel, toelichting, ids, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_requested.connect(self.open_requested)
        dialog.destroyed.connect(lambda: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _gemeenterapport_tab(self) -> str:
        return self.tr("Gemeente&rapport")

    @Slot(bool)
    def _on_gemeenterapport_modified(self, modified: bool) -> None:
        """Unsaved explanations: a dot on the page's tab, as on a dossier's."""
        text = self._gemeenterapport_tab()
        index = self.tabs.indexOf(self.gemeenterapport)
        self.tabs.setTabText(index, f"{text} •" if modified else text)

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def focus_list(self) -> None:
        if self.tabs.currentWidget() is self.kpi:
            self.kpi.focus_table()
        elif self.tabs.currentWidget() is self.gemeenterapport:
            self.gemeenterapport.focus_first()
        else:
            self.caseload.focus_table()

    def is_loading(self) -> bool:
        return (
            self.caseload.is_loading() or self.kpi.is_loading() or self.gemeenterapport.is_loading()
        )

    def save_settings(self) -> None:
        self.caseload.save_settings()
        self.kpi.save_settings()
