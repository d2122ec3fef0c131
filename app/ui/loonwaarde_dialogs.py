"""The dialog of the Loonwaarde tab: recording a loonwaardemeting with its tasks.

While the user types in the task table, a line under it shows the sum of the shares and the
loonwaarde computed from the tasks (`loonwaarde.berekende_loonwaarde`), or what is still wrong
(`loonwaarde.taak_fouten`). On "Vastleggen" the service checks everything; its messages
appear next to the fields, those about the tasks under the table, and nothing is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models import Aanleiding, Meetmethode
from app.services import loonwaarde as svc
from app.ui.context import UiContext
from app.ui.iop_dialogs import ServiceDialog, text_edit
from app.ui.widgets import FieldErrors, FieldLabel, make_hint

TAAK_VELDEN = ("omschrijving", "aandeel", "kwaliteit", "tempo", "inzetbaarheid")


def parse_decimal(text: str) -> Decimal | None:
    """A typed number, None for an empty field; ValueError for anything else."""
    return svc.decimaal(text) if text.strip() else None


class TaakFieldErrors(FieldErrors):
    """Field messages where those about single tasks (taak_1, …) join the task list's own."""

    def set_errors(self, errors: dict[str, str]) -> None:
        taken = [errors[k] for k in errors if k == "taken" or k.startswith("taak_")]
        rest = {k: v for k, v in errors.items() if k != "taken" and not k.startswith("taak_")}
        if taken:
            rest["taken"] = "\n".join(taken)
        super().set_errors(rest)


class MetingDialog(ServiceDialog):
    """Record a loonwaardemeting; `result_value` is the new measurement's id."""

    def __init__(
        self, ctx: UiContext, inwoner_id: uuid.UUID, *, reden: str | None = None,
        today: Callable[[], date] = date.today, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(
            ctx,
            title=self.tr("Loonwaardemeting vastleggen"),
            intro=self.tr(
                "Leg de uitkomst van een loonwaardemeting vast: waar en door wie er is gemeten "
                "en per taak het aandeel in het werk en de kwaliteit, het tempo en de "
                "inzetbaarheid als percentage van de normfunctie. De aandelen tellen op tot "
                "100 %."
            ),
            action=self.tr("Vastleggen"),
            reden=reden,
            parent=parent,
        )
        self.inwoner_id = inwoner_id
        self._today = today
        self.result_value: uuid.UUID | None = None
        self.errors = TaakFieldErrors(self.form, self.general)

        self.datum = QDateEdit(QDate(today()))
        self.datum.setDisplayFormat("dd-MM-yyyy")
        self.datum.setCalendarPopup(True)
        self.datum.setMaximumDate(QDate(today()))
        self.datum.setMaximumWidth(150)
        self.methode = QComboBox()
        self.methode.addItem(self.tr("Kies de methode…"), None)
        for methode in Meetmethode:
            self.methode.addItem(methode.label, methode)
        self.aanleiding = QComboBox()
        self.aanleiding.addItem(self.tr("Kies de aanleiding…"), None)
        for aanleiding in Aanleiding:
            self.aanleiding.addItem(aanleiding.label, aanleiding)
        self.meter = QLineEdit()
        self.meter_organisatie = QLineEdit()
        self.werkplek = QLineEdit()
        self.werkplek.setPlaceholderText(self.tr("Werkgever en afdeling of werkplek"))
        self.normfunctie = QLineEdit()
        self.uren = QLineEdit()
        self.uren.setPlaceholderText(self.tr("bijvoorbeeld 32"))
        self.uren.setMaximumWidth(120)

        self.taken = QTableWidget(0, len(TAAK_VELDEN))
        self.taken.setHorizontalHeaderLabels(
            [self.tr("Omschrijving"), self.tr("Aandeel %"), self.tr("Kwaliteit %"),
             self.tr("Tempo %"), self.tr("Inzetbaarheid %")]
        )  # fmt: skip
        self.taken.setAccessibleName(self.tr("Taken van de functie"))
        self.taken.verticalHeader().hide()
        self.taken.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.taken.setTabKeyNavigation(True)
        header = self.taken.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(TAAK_VELDEN)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.taken.setMinimumHeight(160)
        self.taken.itemChanged.connect(self._update_live)
        self.add_button = QPushButton(self.tr("Taak &toevoegen"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_taak)
        self.remove_button = QPushButton(self.tr("Taak ve&rwijderen"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_taak)
        self.live = make_hint(QLabel())
        self.live.setObjectName("live_loonwaarde")
        taken_box = QWidget()
        taken_layout = QVBoxLayout(taken_box)
        taken_layout.setContentsMargins(0, 0, 0, 0)
        taken_layout.addWidget(self.taken)
        row = QHBoxLayout()
        row.addWidget(self.live, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        taken_layout.addLayout(row)

        self.vastgesteld = QLineEdit()
        self.vastgesteld.setPlaceholderText(self.tr("leeg: de berekende loonwaarde"))
        self.vastgesteld.setMaximumWidth(200)
        self.reden_vastgesteld = text_edit(
            self.tr("Waarom wijkt de vastgestelde loonwaarde af van de meting?"), 3
        )

        e = self.errors
        e.add("datum", self.tr("&Datum van de meting:"), self.datum)
        e.add("methode", self.tr("&Methode:"), self.methode)
        e.add("aanleiding", self.tr("&Aanleiding:"), self.aanleiding)
        e.add("meter", self.tr("&Wie heeft gemeten:"), self.meter)
        e.add("meter_organisatie", self.tr("&Organisatie van de meter:"), self.meter_organisatie)
        e.add("werkplek", self.tr("Werk&gever / werkplek:"), self.werkplek)
        e.add("normfunctie", self.tr("&Normfunctie:"), self.normfunctie)
        e.add("uren_per_week", self.tr("&Uren per week:"), self.uren)
        self.form.addRow(FieldLabel(self.tr("Ta&ken:"), self.taken), taken_box)
        e.add_message_row("taken", self.taken)
        e.add("vastgestelde_loonwaarde", self.tr("&Vastgestelde loonwaarde %:"),
              self.vastgesteld)  # fmt: skip
        e.add("reden_vastgesteld", self.tr("R&eden van afwijken:"), self.reden_vastgesteld)
        self.setMinimumWidth(720)
        self.add_taak()

    # --- the task table -------------------------------------------------------------------

    @Slot()
    def add_taak(self) -> int:
        row = self.taken.rowCount()
        self.taken.blockSignals(True)
        self.taken.insertRow(row)
        for column in range(len(TAAK_VELDEN)):
            self.taken.setItem(row, column, QTableWidgetItem(""))
        self.taken.blockSignals(False)
        self.taken.setCurrentCell(row, 0)
        self._update_live()
        return row

    @Slot()
    def remove_taak(self) -> None:
        row = self.taken.currentRow()
        if row < 0:
            row = self.taken.rowCount() - 1
        if row >= 0:
            self.taken.removeRow(row)
        self._update_live()

    def set_taak(self, row: int, *values: str) -> None:
        """Fill a row (for tests and keyboard-free use): omschrijving, aandeel, kwaliteit …"""
        while self.taken.rowCount() <= row:
            self.add_taak()
        for column, value in enumerate(values):
            self.taken.item(row, column).setText(value)

    def _cell(self, row: int, column: int) -> str:
        item = self.taken.item(row, column)
        return item.text() if item is not None else ""

    def taak_gegevens(self) -> tuple[list[svc.TaakGegevens], dict[str, str]]:
        """The tasks typed (wholly empty rows left out), and which numbers are not numbers."""
        taken, fouten = [], {}
        for row in range(self.taken.rowCount()):
            cells = [self._cell(row, c) for c in range(len(TAAK_VELDEN))]
            if not any(cell.strip() for cell in cells):
                continue
            n = len(taken) + 1
            taak = svc.TaakGegevens(omschrijving=cells[0])
            for naam, text in zip(TAAK_VELDEN[1:], cells[1:], strict=True):
                try:
                    setattr(taak, naam, parse_decimal(text))
                except ValueError:
                    fouten.setdefault(f"taak_{n}", self.tr(
                        "Taak {n}: {naam} „{tekst}” is geen getal.").format(
                            n=n, naam=naam, tekst=text))  # fmt: skip
            taken.append(taak)
        return taken, fouten

    @Slot()
    def _update_live(self, *_args) -> None:
        taken, fouten = self.taak_gegevens()
        som = sum((t.aandeel for t in taken if t.aandeel is not None), Decimal(0))
        parts = [self.tr("Aandelen samen: {som} %").format(som=_getal(som))]
        fouten = fouten or svc.taak_fouten(taken)
        waarde = None if fouten else svc.berekende_loonwaarde(taken)
        if waarde is not None:
            parts.append(self.tr("berekende loonwaarde: {waarde} %").format(waarde=waarde))
        else:
            parts.append(next(iter(fouten.values())))
        self.live.setText(" · ".join(parts))
        self.berekend = waarde

    # --- saving ---------------------------------------------------------------------------

    def gegevens(self) -> svc.MetingGegevens:
        taken, _fouten = self.taak_gegevens()
        try:
            uren = parse_decimal(self.uren.text())
        except ValueError:
            uren = None
        vastgesteld = self.vastgesteld.text().strip()
        return svc.MetingGegevens(
            datum=self.datum.date().toPython(),
            methode=self.methode.currentData(),
            aanleiding=self.aanleiding.currentData(),
            meter=self.meter.text(),
            meter_organisatie=self.meter_organisatie.text(),
            werkplek=self.werkplek.text(),
            normfunctie=self.normfunctie.text(),
            uren_per_week=uren,
            taken=taken,
            vastgestelde_loonwaarde=int(vastgesteld) if vastgesteld.isdigit() else None,
            reden_vastgesteld=self.reden_vastgesteld.toPlainText(),
        )

    def local_errors(self) -> dict[str, str]:
        _taken, errors = self.taak_gegevens()
        try:
            parse_decimal(self.uren.text())
        except ValueError:
            errors["uren_per_week"] = self.tr("Vul het aantal uren als getal in, bijvoorbeeld 32.")
        vastgesteld = self.vastgesteld.text().strip()
        if vastgesteld and not vastgesteld.isdigit():
            errors["vastgestelde_loonwaarde"] = self.tr(
                "Vul een heel percentage in (0 tot en met 100), of laat het veld leeg."
            )
        return errors

    def perform(self, session, actor) -> uuid.UUID:
        meting = svc.leg_meting_vast(session, actor=actor, inwoner_id=self.inwoner_id,
                                     gegevens=self.gegevens(), reden=self.reden,
                                     today=self._today())  # fmt: skip
        return meting.id

    def error_text(self, name: str) -> str:
        return self.errors.error_text(name)


def _getal(waarde: Decimal) -> str:
    return f"{waarde.normalize():f}".replace(".", ",")
