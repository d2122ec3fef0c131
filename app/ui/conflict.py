"""When a colleague saved the same record first: what they changed, and your changes back.

The form has already been reloaded with what is stored now (and its new version). The dialog
lists, per field, the value when the user started, the value stored now and the user's own
value; fields both changed are marked. The user ticks which of their own changes to put back
("Mijn wijzigingen opnieuw toepassen", the default, also on Escape: typing is never thrown
away silently) or drops them all. Putting a change back only fills the form; the user checks
and saves, so a colleague's change is never overwritten without being seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.text import format_moment
from app.ui.login import heading

BEIDEN = QColor("#fff3cd")  # the row both changed: look before you save


@dataclass(frozen=True)
class Verschil:
    naam: str
    label: str
    toen: str
    nu: str
    mijn: str

    @property
    def door_mij(self) -> bool:
        return self.mijn != self.toen

    @property
    def door_ander(self) -> bool:
        return self.nu != self.toen

    @property
    def beiden(self) -> bool:
        return self.door_mij and self.door_ander and self.mijn != self.nu


def verschillen(labels: dict[str, str], toen: dict[str, str], nu: dict[str, str],
                mijn: dict[str, str]) -> list[Verschil]:  # fmt: skip
    """The fields someone changed, in the form's order (values as shown to the user)."""
    rows = [Verschil(naam, label, toen.get(naam, ""), nu.get(naam, ""), mijn.get(naam, ""))
            for naam, label in labels.items()]  # fmt: skip
    return [row for row in rows if row.door_mij or row.door_ander]


class ConflictDialog(QDialog):
    """`gekozen()` holds the fields whose own value goes back into the form (empty after
    "Mijn wijzigingen laten vervallen")."""

    def __init__(
        self,
        wat: str,
        rows: list[Verschil],
        door: tuple[str, datetime] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Intussen gewijzigd"))
        self._rows = rows
        self._vervallen = False
        wie = (
            self.tr("{naam} heeft {wat} op {moment} opgeslagen terwijl u het bewerkte.").format(
                naam=door[0], wat=wat, moment=format_moment(door[1]))
            if door else
            self.tr("Iemand anders heeft {wat} opgeslagen terwijl u het bewerkte.").format(wat=wat)
        )  # fmt: skip
        uitleg = QLabel(wie + " " + self.tr(
            "Er is niets overschreven. Het scherm toont nu wat is opgeslagen; kies welke van uw "
            "wijzigingen u opnieuw wilt toepassen en sla daarna op."
        ))  # fmt: skip
        uitleg.setWordWrap(True)

        self.table = QTableWidget(len(rows), 4)
        self.table.setObjectName("verschillen")
        self.table.setHorizontalHeaderLabels([
            self.tr("Gegeven"), self.tr("Toen u begon"), self.tr("Nu opgeslagen"),
            self.tr("Uw wijziging"),
        ])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        leeg = self.tr("(leeg)")
        for r, row in enumerate(rows):
            label = QTableWidgetItem(row.label)
            if row.door_mij:
                label.setFlags(label.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                label.setCheckState(Qt.CheckState.Checked)
                label.setToolTip(self.tr("Aangevinkt: uw waarde komt terug in het formulier."))
            cells = [row.toen or leeg, row.nu or leeg, row.mijn or leeg if row.door_mij else "–"]
            self.table.setItem(r, 0, label)
            for c, tekst in enumerate(cells, start=1):
                self.table.setItem(r, c, QTableWidgetItem(tekst))
            if row.beiden:
                for c in range(4):
                    self.table.item(r, c).setBackground(QBrush(BEIDEN))
                label.setToolTip(self.tr("U en de ander hebben dit gegeven allebei gewijzigd."))
        self.table.resizeColumnsToContents()

        legenda = QLabel(self.tr("Geel: u en de ander hebben hetzelfde gegeven gewijzigd."))
        legenda.setVisible(any(row.beiden for row in rows))
        self.toepassen = QPushButton(self.tr("&Mijn wijzigingen opnieuw toepassen"))
        self.toepassen.setDefault(True)
        self.toepassen.setEnabled(any(row.door_mij for row in rows))
        self.vervallen = QPushButton(self.tr("Mijn wijzigingen &laten vervallen"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.toepassen, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.vervallen, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.toepassen.clicked.connect(self.accept)
        self.vervallen.clicked.connect(self._laat_vervallen)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Intussen gewijzigd door een collega")))
        layout.addWidget(uitleg)
        layout.addWidget(self.table)
        layout.addWidget(legenda)
        layout.addWidget(buttons)
        self.resize(760, 220 + 30 * min(len(rows), 10))

    def _laat_vervallen(self) -> None:
        self._vervallen = True
        self.accept()

    def reject(self) -> None:  # Escape keeps the user's work: the same as "toepassen"
        self.accept()

    def gekozen(self) -> list[str]:
        if self._vervallen:
            return []
        return [
            row.naam
            for r, row in enumerate(self._rows)
            if row.door_mij and self.table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]
