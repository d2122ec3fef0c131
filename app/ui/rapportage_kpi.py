"""The KPI page of the Rapportages section: every KPI the medewerker may see (app.services.kpi;
the schuldhulp KPIs only with debt rights) for a period, with last year's value, the year's
target where one is set and the definition next to it.

Filters narrow every figure (app.services.kpi.Filter): gemeente, team, coach (regievoerder),
doelgroep, age band and duration on benefit; "Alle …" is no filter. A filter that changes
computes again, the line under the filters names the period and the filters in force, and the
list behind a figure uses the very same filter. The choices load in the background when the
page is first shown; a team lead chooses among the coaches of their own team (as in the
werkvoorraad and the caseload overview), and a chosen team narrows the coaches to its own.

The period is typed as the CLI takes it (2026, 2026-T1, 2026-5M, 2026-03-01..2026-06-30);
one that is not a period gets its Dutch message under the field and the figures shown stay
as they were. Selecting a KPI shows its definition and its breakdown by the chosen dimension
as a table and as the chart of app.services.grafieken — the same ReportLab drawing the
printed report embeds, rendered to SVG — so screen and paper cannot disagree. Values use
grafieken's number format too (decimal comma).

Enter or double-click on a KPI lists the inwoners behind its value (`inwoners_achter`): those
in the teller for counts and percentages, the whole population for averages; the two buttons
ask for either explicitly. On a row of the breakdown the same, for that value only.
"""

from __future__ import annotations

import html
import itertools
import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models import Label, Medewerker, Rol
from app.services.errors import ValidationError
from app.services.gemeenten import list_gemeenten
from app.services.getallen import getal, rond
from app.services.kpi import (
    BANDEN,
    KPIS,
    Dimensie,
    Filter,
    KpiUitkomst,
    Soort,
    Uitsplitsing,
    inwoners_achter,
    kpis,
)
from app.services.medewerkers import list_teams, medewerkers_met_rol
from app.services.periodes import Periode, periode
from app.services.rechten import BREAK_THE_GLASS
from app.ui import settings, signals
from app.ui.context import UiContext
from app.ui.operations import report_error
from app.ui.refresh import RefreshWhenShown
from app.ui.table import AnyIndex, ReadOnlyTableModel, make_table
from app.ui.widgets import FieldLabel, bold, make_error_label, make_hint, select_data

KPI_HEADER: settings.Setting[QByteArray] = settings.Setting(
    "rapportages/kpi_header_state", QByteArray, QByteArray()
)
UITSPLITSING_HEADER: settings.Setting[QByteArray] = settings.Setting(
    "rapportages/uitsplitsing_header_state", QByteArray, QByteArray()
)
KPI_SPLITTER: settings.Setting[QByteArray] = settings.Setting(
    "rapportages/kpi_splitter", QByteArray, QByteArray()
)
LOAD_KEY = "rapportages/kpi"
UITSPLITSING_KEY = "rapportages/kpi_uitsplitsing"
LIJST_KEY = "rapportages/kpi_lijst"
KEUZES_KEY = "rapportages/kpi_keuzes"
# Code, KPI, Waarde, Vorig jaar, Doel; the Definitie stretches.
DEFAULT_WIDTHS = (55, 270, 120, 120, 100)
UITSPLITSING_WIDTHS = (200, 100, 80)  # Naam, Waarde, Teller; Noemer stretches

# Who can be a regievoerder, so who the coach filter offers.
REGIEVOERDER_ROLLEN = (
    Rol.JOBCOACH,
    Rol.PARTICIPATIECOACH,
    Rol.CONSULENT_SDV,
    Rol.INKOMENSCONSULENT,
    Rol.ACCOUNTMANAGER,
)
# What changes the choices of the filters.
KEUZE_KINDS = frozenset({signals.MEDEWERKER, signals.INSTELLINGEN})

# What can change a KPI (and so the municipality report).
REFRESH_KINDS = frozenset(
    {
        signals.INWONER,
        signals.TRAJECT,
        signals.ONTWIKKELPLAN,
        signals.LOONWAARDE,
        signals.SCHULDHULP,
        signals.INSTELLINGEN,
        signals.MEDEWERKER,
    }
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("KpiPane", text)


def huidige_periode(today: date) -> str:
    """The four-month period `today` is in: '2026-T3'."""
    return f"{today.year}-T{(today.month - 1) // 4 + 1}"


def waarde_tekst(u: KpiUitkomst) -> str:
    return getal(u.cijfer.waarde, u.kpi.eenheid)


def vorig_jaar_tekst(u: KpiUitkomst) -> str:
    return getal(u.vorig_jaar.waarde, u.kpi.eenheid)


def doel_tekst(u: KpiUitkomst) -> str:
    """The target as the report prints it; empty when none is set."""
    return "" if u.doel is None else getal(rond(u.doel, u.kpi.soort), u.kpi.eenheid)


def alleen_teller(soort: Soort) -> bool:
    """Who is 'behind' a value by default: the teller of a count or percentage; of an average
    (days, loonwaarde) the whole population it is the average over."""
    return soort != Soort.GEMIDDELDE


def teller_noemer(u: KpiUitkomst | Uitsplitsing, soort: Soort, eenheid: str) -> str:
    cijfer = u.cijfer
    if soort == Soort.PERCENTAGE:
        return _tr("{teller} van {noemer}").format(teller=getal(cijfer.teller),
                                                   noemer=getal(cijfer.noemer))  # fmt: skip
    if soort == Soort.GEMIDDELDE:
        return _tr("totaal {teller} over {noemer}").format(
            teller=getal(cijfer.teller, eenheid), noemer=getal(cijfer.noemer)
        )
    return ""


class KpiModel(ReadOnlyTableModel):
    """The KPIs in catalogue order: Code, KPI, Waarde, Vorig jaar, Doel, Definitie."""

    CODE, NAAM, WAARDE, VORIG_JAAR, DOEL, DEFINITIE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_tr("Code"), _tr("KPI"), _tr("Waarde"), _tr("Vorig jaar"), _tr("Doel"),
                          _tr("Definitie")], parent)  # fmt: skip
        self._uitkomsten: list[KpiUitkomst] = []

    def set_uitkomsten(self, uitkomsten: list[KpiUitkomst]) -> None:
        self.beginResetModel()
        self._uitkomsten = list(uitkomsten)
        self.endResetModel()

    def uitkomsten(self) -> list[KpiUitkomst]:
        return list(self._uitkomsten)

    def uitkomst(self, row: int) -> KpiUitkomst | None:
        return self._uitkomsten[row] if 0 <= row < len(self._uitkomsten) else None

    def row_of(self, code: str) -> int | None:
        return next((r for r, u in enumerate(self._uitkomsten) if u.kpi.code == code), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._uitkomsten)

    def _display(self, u: KpiUitkomst, column: int) -> str:
        if column == self.CODE:
            return u.kpi.code
        if column == self.NAAM:
            return u.kpi.naam
        if column == self.WAARDE:
            return waarde_tekst(u)
        if column == self.VORIG_JAAR:
            return vorig_jaar_tekst(u)
        if column == self.DOEL:
            return doel_tekst(u)
        return u.kpi.definitie

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._uitkomsten):
            return None
        u, column = self._uitkomsten[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(u, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DEFINITIE:
                return "<p>" + html.escape(u.kpi.definitie) + "</p>"
            if column == self.NAAM:
                return u.kpi.naam
            if column == self.WAARDE:
                detail = teller_noemer(u, u.kpi.soort, u.kpi.eenheid)
                wie = _tr("de teller") if alleen_teller(u.kpi.soort) else _tr("de populatie")
                tip = _tr("Enter of dubbelklik: de inwoners in {wie}").format(wie=wie)
                return f"{detail}\n{tip}" if detail else tip
            if column == self.DOEL and u.doel is None:
                return _tr("Voor {jaar} is geen doel vastgesteld.").format(jaar=u.periode.jaar)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.WAARDE, self.VORIG_JAAR, self.DOEL
        ):  # fmt: skip
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class UitsplitsingModel(ReadOnlyTableModel):
    """One KPI broken down: a row per value of the dimension (in the service's order)."""

    NAAM, WAARDE, TELLER, NOEMER = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_tr("Waarde van de dimensie"), _tr("Waarde"), _tr("Teller"),
                          _tr("Noemer")], parent)  # fmt: skip
        self.uitkomst: KpiUitkomst | None = None
        self.dimensie: Dimensie | None = None
        self._rijen: list[Uitsplitsing] = []

    def set_uitkomst(self, uitkomst: KpiUitkomst | None, dimensie: Dimensie | None) -> None:
        self.beginResetModel()
        self.uitkomst, self.dimensie = uitkomst, dimensie
        self._rijen = list(uitkomst.uitsplitsing) if uitkomst is not None else []
        if dimensie is not None:
            self._headers[self.NAAM] = dimensie.label
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def rij(self, row: int) -> Uitsplitsing | None:
        return self._rijen[row] if 0 <= row < len(self._rijen) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rijen)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rijen) or self.uitkomst is None:
            return None
        rij, column, kpi = self._rijen[index.row()], index.column(), self.uitkomst.kpi
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.NAAM:
                return rij.naam
            if column == self.WAARDE:
                return getal(rij.cijfer.waarde, kpi.eenheid)
            if column == self.TELLER:
                return getal(rij.cijfer.teller)
            return getal(rij.cijfer.noemer)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAAM:
            if rij.sleutel is None:
                return _tr("Zonder waarde voor deze dimensie: geen lijst beschikbaar.")
            return rij.naam
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAAM:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def filter_voor(basis: Filter, dimensie: Dimensie, sleutel: str) -> Filter:
    """The filter that keeps one value of a breakdown (on top of the page's filter)."""
    if dimensie == Dimensie.GEMEENTE:
        return replace(basis, gemeente_id=uuid.UUID(sleutel))
    if dimensie == Dimensie.TEAM:
        return replace(basis, team_id=uuid.UUID(sleutel))
    if dimensie == Dimensie.COACH:
        return replace(basis, coach_id=uuid.UUID(sleutel))
    if dimensie == Dimensie.DOELGROEP:
        return replace(basis, doelgroep=Label(sleutel))
    if dimensie == Dimensie.LEEFTIJD:
        return replace(basis, leeftijd=sleutel)
    return replace(basis, uitkeringsduur=sleutel)


@dataclass(frozen=True)
class Keuzes:
    """The choices of the filters that come from the database, as plain values."""

    gemeenten: list[tuple[uuid.UUID, str]]
    teams: list[tuple[uuid.UUID, str]]
    coaches: list[tuple[uuid.UUID, str, uuid.UUID | None]]  # id, name, team


def laad_keuzes(session, actor: Medewerker) -> Keuzes:
    """Today's gemeenten, every team, and the active medewerkers who can be regievoerder; for
    a team lead (who may not break the glass) only those of their own team."""
    eigen_team = actor.team_id if not actor.rollen & BREAK_THE_GLASS else None
    coaches: dict[uuid.UUID, tuple[uuid.UUID, str, uuid.UUID | None]] = {}
    for rol in REGIEVOERDER_ROLLEN:
        for m in medewerkers_met_rol(session, rol):
            if eigen_team is None or m.team_id == eigen_team:
                coaches[m.id] = (m.id, m.naam, m.team_id)
    return Keuzes(
        gemeenten=[(g.id, g.naam) for g in list_gemeenten(session)],
        teams=[(t.id, t.naam) for t in list_teams(session)],
        coaches=sorted(coaches.values(), key=lambda c: c[1].casefold()),
    )


def fill_combo(combo: QComboBox, alle: str, items: list[tuple[Any, str]]) -> None:
    """Refill a filter: 'Alle …' (no filter) first; the choice stays where it still exists."""
    current = combo.currentData()
    blocked = combo.blockSignals(True)
    combo.clear()
    combo.addItem(alle, None)
    for data, naam in items:
        combo.addItem(naam, data)
    select_data(combo, current)
    combo.blockSignals(blocked)


class KpiPane(RefreshWhenShown, QWidget):
    """The KPI page."""

    lijst_gevraagd = Signal(str, str, object)  # title, explanation, the inwoners' UUIDs
    loaded = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._token: int | None = None
        self._uitsplitsing_token: int | None = None
        self._lijst_token: int | None = None
        self._keuzes_token: int | None = None
        self._keuzes_stale = True  # loaded with the first figures
        self._has_result = False
        self.periode: Periode | None = None  # what the shown figures were computed for
        self.filter = Filter()  # and with which filter
        self.filter_delen: list[str] = []  # that filter in words: ["Gorinchem", "team …"]
        self.keuzes = Keuzes([], [], [])
        self.svg_text = ""

        self.periode_edit = QLineEdit(huidige_periode(date.today()))
        self.periode_edit.setMaximumWidth(190)
        self.periode_edit.setToolTip(
            self.tr(
                "Een jaar (2026), een viermaandsperiode (2026-T1 … 2026-T3), cumulatief vanaf "
                "1 januari (2026-2M, 2026-5M, 2026-8M) of twee datums (2026-03-01..2026-06-30)"
            )
        )
        self.periode_edit.returnPressed.connect(self.refresh)
        self.periode_edit.textEdited.connect(lambda _t: self.set_periode_fout(None))
        self.periode_fout = make_error_label("periode")
        self.bereken_button = QPushButton(self.tr("Ber&ekenen"))
        self.bereken_button.setToolTip(self.tr("De KPI's voor deze periode berekenen (F5)"))
        self.bereken_button.clicked.connect(self.refresh)
        self.refresh_action = QAction(self.tr("Berekenen"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The filters; gemeenten, teams and coaches follow from the database (load_keuzes).
        self.gemeente = self._filter_combo(self.tr("Alle gemeenten"), [])
        self.team = self._filter_combo(self.tr("Alle teams"), [])
        self.coach = self._filter_combo(self.tr("Alle coaches"), [])
        self.coach.setToolTip(self.tr("De regievoerder van de inwoners"))
        doelgroepen = [(label.value, label.label) for label in Label]
        self.doelgroep = self._filter_combo(self.tr("Alle doelgroepen"), doelgroepen)
        self.doelgroep.setToolTip(
            self.tr("Inwoners met dit label op de laatste dag van de periode")
        )
        leeftijden = [(band, band) for band in BANDEN[Dimensie.LEEFTIJD]]
        self.leeftijd = self._filter_combo(self.tr("Alle leeftijden"), leeftijden)
        self.leeftijd.setToolTip(self.tr("De leeftijd op de laatste dag van de periode"))
        duren = [(band, band) for band in BANDEN[Dimensie.UITKERINGSDUUR]]
        self.uitkeringsduur = self._filter_combo(self.tr("Alle uitkeringsduren"), duren)
        self.uitkeringsduur.setToolTip(
            self.tr("Hoe lang de inwoner op de laatste dag van de periode al bijstand heeft")
        )
        self.filters = (self.gemeente, self.team, self.coach, self.doelgroep, self.leeftijd,
                        self.uitkeringsduur)  # fmt: skip
        for combo in self.filters:
            combo.currentIndexChanged.connect(
                self._on_team_changed if combo is self.team else self._on_filter_changed
            )
        self.wis_button = QPushButton(self.tr("Filters &wissen"))
        self.wis_button.setToolTip(self.tr("Alle filters op 'Alle …' zetten"))
        self.wis_button.clicked.connect(self.clear_filters)
        self.wis_button.setEnabled(False)

        periode_bar = QHBoxLayout()
        periode_bar.setContentsMargins(0, 0, 0, 0)
        periode_bar.addWidget(self.periode_edit)
        periode_bar.addWidget(self.bereken_button)
        periode_bar.addStretch(1)
        bar = QGridLayout()
        bar.setHorizontalSpacing(6)
        velden = [
            [(self.tr("&Periode:"), self.periode_edit, periode_bar),
             (self.tr("Ge&meente:"), self.gemeente, None),
             (self.tr("&Team:"), self.team, None),
             (self.tr("Co&ach:"), self.coach, None)],
            [(self.tr("Doe&lgroep:"), self.doelgroep, None),
             (self.tr("Lee&ftijd:"), self.leeftijd, None),
             (self.tr("&Uitkeringsduur:"), self.uitkeringsduur, None)],
        ]  # fmt: skip
        for rij, rij_velden in enumerate(velden):
            for kolom, (tekst, veld, layout) in enumerate(rij_velden):
                if kolom:
                    bar.setColumnMinimumWidth(3 * kolom - 1, 12)
                bar.addWidget(FieldLabel(tekst, veld), rij, 3 * kolom)
                if layout is not None:
                    bar.addLayout(layout, rij, 3 * kolom + 1)
                else:  # each combo as wide as its longest choice, not as its column
                    bar.addWidget(veld, rij, 3 * kolom + 1, Qt.AlignmentFlag.AlignLeft)
        bar.addWidget(self.wis_button, 1, 9, 1, 2, Qt.AlignmentFlag.AlignLeft)
        bar.setColumnStretch(11, 1)

        self.model = KpiModel(self)
        self.table = make_table(self.model, self.tr("KPI's"), DEFAULT_WIDTHS)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        # The selected KPI: its definition, the breakdown and the chart.
        self.titel = bold(QLabel(), 1.1)
        self.titel.setWordWrap(True)
        self.definitie = QLabel()
        self.definitie.setWordWrap(True)
        self.definitie.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bron = make_hint(QLabel())
        self.dimensie = QComboBox()
        for dimensie in Dimensie:
            self.dimensie.addItem(dimensie.label, dimensie)
        self.dimensie.currentIndexChanged.connect(self.load_uitsplitsing)
        self.uitsplitsing_model = UitsplitsingModel(self)
        self.uitsplitsing = make_table(self.uitsplitsing_model, self.tr("Uitsplitsing"),
                                       UITSPLITSING_WIDTHS)  # fmt: skip
        self.uitsplitsing.activated.connect(self._on_uitsplitsing_activated)
        self.teller_button = QPushButton(self.tr("&Inwoners achter het cijfer…"))
        self.teller_button.setToolTip(self.tr("De inwoners in de teller van de gekozen KPI"))
        self.teller_button.clicked.connect(lambda: self.show_inwoners(alleen_teller=True))
        self.populatie_button = QPushButton(self.tr("Hele p&opulatie…"))
        self.populatie_button.setToolTip(
            self.tr("Alle inwoners die de gekozen KPI meetelt (de noemer)")
        )
        self.populatie_button.clicked.connect(lambda: self.show_inwoners(alleen_teller=False))
        self.chart = QSvgWidget()
        self.chart.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.chart.setMinimumSize(320, 160)
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart.setAccessibleName(self.tr("Grafiek van de uitsplitsing"))
        # The drawing is made for paper: white behind it in light and dark themes alike.
        palette = self.chart.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.chart.setPalette(palette)
        self.chart.setAutoFillBackground(True)
        self.chart_status = make_hint(QLabel())
        self.chart_status.setAlignment(Qt.AlignmentFlag.AlignCenter)

        links = QWidget()
        links_layout = QVBoxLayout(links)
        links_layout.setContentsMargins(0, 0, 0, 0)
        links_layout.addWidget(self.titel)
        links_layout.addWidget(self.definitie)
        links_layout.addWidget(self.bron)
        dimensie_bar = QHBoxLayout()
        dimensie_bar.addWidget(FieldLabel(self.tr("Uitsplitsen &naar:"), self.dimensie))
        dimensie_bar.addWidget(self.dimensie)
        dimensie_bar.addStretch(1)
        links_layout.addLayout(dimensie_bar)
        links_layout.addWidget(self.uitsplitsing, 1)
        knoppen = QHBoxLayout()
        knoppen.addWidget(self.teller_button)
        knoppen.addWidget(self.populatie_button)
        knoppen.addStretch(1)
        links_layout.addLayout(knoppen)
        rechts = QWidget()
        rechts_layout = QVBoxLayout(rechts)
        rechts_layout.setContentsMargins(0, 0, 0, 0)
        rechts_layout.addWidget(self.chart, 1)
        rechts_layout.addWidget(self.chart_status)
        detail = QSplitter(Qt.Orientation.Horizontal)
        detail.addWidget(links)
        detail.addWidget(rechts)
        detail.setStretchFactor(0, 2)
        detail.setStretchFactor(1, 3)
        detail.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.periode_fout)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        order = [self.periode_edit, self.bereken_button, self.gemeente, self.team, self.coach,
                 self.doelgroep, self.leeftijd, self.uitkeringsduur, self.wis_button, self.table,
                 self.dimensie, self.uitsplitsing, self.teller_button,
                 self.populatie_button]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.restore_settings()
        self._show_detail(None)

        self._init_refresh(self.refresh, stale=True)
        ctx.changes.changed.connect(self._on_changed)

    # --- choices --------------------------------------------------------------------------

    def _filter_combo(self, alle: str, items: list[tuple[Any, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        fill_combo(combo, alle, items)
        return combo

    def load_keuzes(self) -> None:
        """Fetch the gemeenten, teams and coaches in the background."""
        self._keuzes_stale = False
        self._keuzes_token = self._ctx.operations.run(
            laad_keuzes,
            owner=self,
            on_done=self._set_keuzes,
            on_error=self._on_keuzes_error,
            key=KEUZES_KEY,
        )

    def _set_keuzes(self, keuzes: Keuzes) -> None:
        voor = self.current_filter()
        self.keuzes = keuzes
        fill_combo(self.gemeente, self.tr("Alle gemeenten"), keuzes.gemeenten)
        fill_combo(self.team, self.tr("Alle teams"), keuzes.teams)
        self._fill_coaches()
        self.wis_button.setEnabled(self.current_filter() != Filter())
        if self._has_result and self.current_filter() != voor:
            self.refresh()  # a chosen coach or team is gone: show what the combos now say

    def _on_keuzes_error(self, error: BaseException) -> None:
        self._keuzes_stale = True  # try again with the next computation
        report_error(self, error)

    def _fill_coaches(self) -> None:
        """The coaches to choose from: those of the chosen team, or all of them."""
        team_id = self.team.currentData()
        coaches = [(i, naam) for i, naam, team in self.keuzes.coaches
                   if team_id is None or team == team_id]  # fmt: skip
        fill_combo(self.coach, self.tr("Alle coaches"), coaches)

    def current_filter(self) -> Filter:
        """The filter the combos describe."""
        doelgroep = self.doelgroep.currentData()
        return Filter(
            gemeente_id=self.gemeente.currentData(),
            team_id=self.team.currentData(),
            coach_id=self.coach.currentData(),
            doelgroep=Label(doelgroep) if doelgroep is not None else None,
            leeftijd=self.leeftijd.currentData(),
            uitkeringsduur=self.uitkeringsduur.currentData(),
        )

    def current_filter_delen(self) -> list[str]:
        """The filters in force in words, for the header line and the list's title."""
        delen = []
        if self.gemeente.currentData() is not None:
            delen.append(self.gemeente.currentText())
        if self.team.currentData() is not None:
            team = self.team.currentText()  # "Team Gorinchem" needs no "team" before it
            delen.append(team if team.casefold().startswith(self.tr("team").casefold())
                         else self.tr("team {naam}").format(naam=team))  # fmt: skip
        for combo, tekst in ((self.coach, self.tr("coach {naam}")),
                             (self.doelgroep, self.tr("doelgroep {naam}")),
                             (self.leeftijd, self.tr("leeftijd {naam}")),
                             (self.uitkeringsduur, self.tr("uitkeringsduur {naam}"))):  # fmt: skip
            if combo.currentData() is not None:
                delen.append(tekst.format(naam=combo.currentText()))
        return delen

    @Slot()
    def _on_team_changed(self) -> None:
        self._fill_coaches()
        self._on_filter_changed()

    @Slot()
    def _on_filter_changed(self) -> None:
        self.wis_button.setEnabled(self.current_filter() != Filter())
        self.refresh()

    @Slot()
    def clear_filters(self) -> None:
        self.select_filter(Filter())
        self.gemeente.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_filter(self, f: Filter) -> None:
        """Set every filter at once and compute once (a choice that is not there: 'Alle …')."""
        doelgroep = f.doelgroep.value if f.doelgroep is not None else None
        waarden = (f.gemeente_id, f.team_id, f.coach_id, doelgroep, f.leeftijd, f.uitkeringsduur)
        for combo, waarde in zip(self.filters, waarden, strict=True):
            combo.blockSignals(True)
            if combo is self.coach:
                self._fill_coaches()  # the chosen team's
            select_data(combo, waarde)
            combo.blockSignals(False)
        self._on_filter_changed()

    def set_periode_fout(self, message: str | None) -> None:
        self.periode_fout.setText(message or "")
        self.periode_fout.setVisible(bool(message))
        self.periode_edit.setAccessibleDescription(message or "")

    def periode_fout_text(self) -> str:
        return self.periode_fout.text() if not self.periode_fout.isHidden() else ""

    def current_dimensie(self) -> Dimensie:
        return Dimensie(self.dimensie.currentData())  # the combo hands str enums back as str

    def select_dimensie(self, dimensie: Dimensie) -> None:
        select_data(self.dimensie, dimensie)

    # --- loading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Compute the KPIs for the period in the field; a period that is not one gets its
        message at the field and the figures shown stay."""
        self._refreshed()
        if self._keuzes_stale:
            self.load_keuzes()
        try:
            p = periode(self.periode_edit.text())
        except ValidationError as error:
            self.set_periode_fout(error.errors.get("periode", error.message))
            self.periode_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.set_periode_fout(None)
        self.periode_edit.setText(p.naam)
        f, delen = self.current_filter(), self.current_filter_delen()
        if not self._has_result:
            self.summary.setText(self.tr("Berekenen…"))
        self._token = self._ctx.operations.run(
            lambda session, actor: kpis(session, actor=actor, periode=p, filter=f),
            owner=self,
            on_done=lambda uitkomsten: self._show(p, f, delen, uitkomsten),
            on_error=self._on_error,
            key=LOAD_KEY,
            progress_text=self.tr("KPI's berekenen…"),
        )

    def is_loading(self) -> bool:
        tokens = (self._token, self._uitsplitsing_token, self._lijst_token, self._keuzes_token)
        return self._refresh_timer.isActive() or any(
            t is not None and self._ctx.operations.is_running(t) for t in tokens
        )

    def _show(self, p: Periode, f: Filter, delen: list[str],
              uitkomsten: list[KpiUitkomst]) -> None:  # fmt: skip
        current = self.current_uitkomst()
        had_focus = self.table.hasFocus()
        self.periode, self.filter, self.filter_delen = p, f, delen
        self._has_result = True
        self.model.set_uitkomsten(uitkomsten)
        if not self._splitter_restored:  # once: afterwards the splitter is the user's
            self._fit_table(len(uitkomsten))
            self._splitter_restored = True
        self.summary.setText(" · ".join([str(p), *delen]))
        row = self.model.row_of(current.kpi.code) if current is not None else None
        if uitkomsten:
            self.table.selectRow(row if row is not None else 0)  # loads the breakdown
            if had_focus:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._show_detail(None)
        self.loaded.emit()

    def _on_error(self, error: BaseException) -> None:
        if not self._has_result:
            self.summary.setText(self.tr("De KPI's konden niet worden berekend."))
        report_error(self, error)

    # --- the selected KPI -----------------------------------------------------------------

    def current_uitkomst(self) -> KpiUitkomst | None:
        index = self.table.currentIndex()
        return self.model.uitkomst(index.row()) if index.isValid() else None

    def select_code(self, code: str) -> None:
        row = self.model.row_of(code)
        if row is not None:
            self.table.selectRow(row)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(self.model.uitkomst(current.row()) if current.isValid() else None)
        self.load_uitsplitsing()

    def _show_detail(self, u: KpiUitkomst | None) -> None:
        for button in (self.teller_button, self.populatie_button):
            button.setEnabled(u is not None)
        if u is None:
            self.titel.setText(self.tr("Geen KPI gekozen"))
            self.definitie.setText(
                self.tr("Kies een KPI in de tabel voor de definitie en de uitsplitsing.")
            )
            self.bron.clear()
            self.uitsplitsing_model.set_uitkomst(None, None)
            self._set_chart("", "")
            return
        self.titel.setText(self.tr("{code} {naam}: {waarde}").format(
            code=u.kpi.code, naam=u.kpi.naam, waarde=waarde_tekst(u)))  # fmt: skip
        self.definitie.setText(u.kpi.definitie)
        self.bron.setText(self.tr("Bron van de norm: {bron}").format(bron=u.kpi.bron)
                          if u.kpi.bron else "")  # fmt: skip

    @Slot()
    def load_uitsplitsing(self) -> None:
        """Break the selected KPI down by the chosen dimension, with its chart."""
        u, p, f, dim = self.current_uitkomst(), self.periode, self.filter, self.current_dimensie()
        if u is None or p is None:
            return
        self.chart_status.setText(self.tr("Uitsplitsing berekenen…"))
        code = u.kpi.code

        def work(session, actor) -> tuple[KpiUitkomst, str]:
            # The chart module loads ReportLab: here, in the background, not at start-up.
            from app.services.grafieken import svg, uitsplitsing_grafiek

            (uitkomst,) = kpis(session, actor=actor, periode=p, filter=f, dimensie=dim,
                               codes=[code])  # fmt: skip
            return uitkomst, svg(uitsplitsing_grafiek(uitkomst, dimensie=dim.label))

        self._uitsplitsing_token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda result: self._show_uitsplitsing(dim, *result),
            on_error=self._on_uitsplitsing_error,
            key=UITSPLITSING_KEY,
        )

    def _show_uitsplitsing(self, dim: Dimensie, uitkomst: KpiUitkomst, svg_text: str) -> None:
        current = self.current_uitkomst()
        if current is None or current.kpi.code != uitkomst.kpi.code:
            return  # another KPI was chosen meanwhile; its own breakdown follows
        self.uitsplitsing_model.set_uitkomst(uitkomst, dim)
        leeg = "" if uitkomst.uitsplitsing else self.tr("Geen gegevens in deze periode.")
        self._set_chart(svg_text, leeg)

    def _on_uitsplitsing_error(self, error: BaseException) -> None:
        self.chart_status.setText(self.tr("De uitsplitsing kon niet worden berekend."))
        report_error(self, error)

    def _set_chart(self, svg_text: str, status: str) -> None:
        self.svg_text = svg_text
        self.chart.load(QByteArray(svg_text.encode("utf-8")) if svg_text else QByteArray())
        self.chart.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.chart_status.setText(status)
        self.chart_status.setVisible(bool(status))

    # --- click-through --------------------------------------------------------------------

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        u = self.model.uitkomst(index.row())
        if u is not None:
            self.show_inwoners(alleen_teller=alleen_teller(u.kpi.soort))

    @Slot(QModelIndex)
    def _on_uitsplitsing_activated(self, index: QModelIndex) -> None:
        rij, u = self.uitsplitsing_model.rij(index.row()), self.uitsplitsing_model.uitkomst
        if rij is None or u is None or rij.sleutel is None:
            return
        dim = self.uitsplitsing_model.dimensie
        self.show_inwoners(alleen_teller=alleen_teller(u.kpi.soort),
                           filter=filter_voor(self.filter, dim, rij.sleutel),
                           onderdeel=f"{dim.label}: {rij.naam}")  # fmt: skip

    def show_inwoners(self, *, alleen_teller: bool, filter: Filter | None = None,
                      onderdeel: str = "") -> None:  # fmt: skip
        """Look up the inwoners behind the selected KPI; `lijst_gevraagd` carries them."""
        u, p = self.current_uitkomst(), self.periode
        if u is None or p is None:
            return
        f = filter or self.filter
        delen = [f"{u.kpi.code} {u.kpi.naam}", p.naam]
        delen += [d for d in (" · ".join(self.filter_delen), onderdeel) if d]
        titel = " — ".join(delen)
        wie = (self.tr("De inwoners in de teller van deze KPI.") if alleen_teller
               else self.tr("Alle inwoners in de populatie van deze KPI (de noemer)."))  # fmt: skip
        toelichting = "\n".join([wie, u.kpi.definitie, self.tr(
            "Alleen inwoners binnen uw bereik staan in de lijst.")])  # fmt: skip
        code = u.kpi.code
        self._lijst_token = self._ctx.operations.run(
            lambda session, actor: inwoners_achter(session, actor=actor, code=code, periode=p,
                                                   filter=f, alleen_teller=alleen_teller),
            owner=self,
            on_done=lambda ids: self.lijst_gevraagd.emit(titel, toelichting, ids),
            key=LIJST_KEY,
            progress_text=self.tr("Inwoners opzoeken…"),
        )  # fmt: skip

    def focus_table(self) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- refreshing and settings ----------------------------------------------------------

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind in KEUZE_KINDS:
            self._keuzes_stale = True  # loaded again with the next computation
        if kind not in REFRESH_KINDS or not self._has_result:
            return
        self._refresh_soon()

    def restore_settings(self) -> None:
        for setting, table in ((KPI_HEADER, self.table),
                               (UITSPLITSING_HEADER, self.uitsplitsing)):  # fmt: skip
            state = setting.get()
            if not state.isEmpty():
                table.horizontalHeader().restoreState(state)
        state = KPI_SPLITTER.get()
        self._splitter_restored = not state.isEmpty() and self.splitter.restoreState(state)
        if not self._splitter_restored:
            self._fit_table(len(KPIS))

    def _fit_table(self, rows: int) -> None:
        """Room for every KPI above, the breakdown below."""
        hoogte = (self.table.horizontalHeader().sizeHint().height()
                  + rows * self.table.verticalHeader().defaultSectionSize() + 6)  # fmt: skip
        self.splitter.setSizes([hoogte, max(sum(self.splitter.sizes()) - hoogte, 300)])

    def save_settings(self) -> None:
        KPI_HEADER.set(self.table.horizontalHeader().saveState())
        UITSPLITSING_HEADER.set(self.uitsplitsing.horizontalHeader().saveState())
        KPI_SPLITTER.set(self.splitter.saveState())
