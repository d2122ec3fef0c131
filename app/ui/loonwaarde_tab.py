"""The "Loonwaarde" tab of a dossier: the inwoner's loonwaardemetingen, a chart of the
loonwaarde over time, and the loonkostensubsidie (LKS) an employer gets for it.

Top: the history of measurements (oldest first, like the chart) with, for the latest one,
whether the next measurement is overdue or due within 30 days — said in words, not only by
colour. "Meting vastleggen…" opens `MetingDialog`. Below: the LKS panel, which works out the
monthly LKS for the selected measurement (or a typed loonwaarde), the hours, the peildatum
and optionally the age and the functieloon, updating as the user types. "LKS-overzicht
afdrukken…" saves that breakdown with the measurement as a PDF for the employer.

The tab keeps no Session: each load, each calculation and each print is one unit of work.
It reads lazily (when first shown) and reloads on `changed("loonwaarde" | "inwoner", id)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import (
    QDesktopServices,  # noqa: F401  (the tests patch its openUrl here)
    QFont,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models import Medewerker
from app.services import loonwaarde as svc
from app.services.errors import DomainError, ValidationError
from app.services.lks_afdrukken import BEREKENING, bestandsnaam_voor, print_lks
from app.services.rechten import Gegeven, Recht
from app.services.text import format_date, format_money
from app.ui import signals
from app.ui.context import UiContext
from app.ui.dossier_tab import DossierTab, PrintTexts
from app.ui.errors import show_domain_error
from app.ui.loonwaarde_chart import LoonwaardeChart
from app.ui.loonwaarde_dialogs import MetingDialog
from app.ui.table import RowsModel, make_table, select_key, selected_key
from app.ui.widgets import ERROR_STYLE, FieldLabel, make_hint

BINNENKORT_DAGEN = 30


@dataclass(frozen=True)
class MetingRij:
    """One measurement as plain values."""

    id: uuid.UUID
    datum: date
    methode: str
    meter: str
    werkplek: str
    normfunctie: str
    uren_per_week: Decimal
    berekend: int
    vastgesteld: int | None
    volgende_meting: date

    @property
    def loonwaarde(self) -> int:
        return self.vastgesteld if self.vastgesteld is not None else self.berekend


def volgende_tekst(rij: MetingRij, today: date, *, laatste: bool) -> str:
    """The next measurement's date, for the latest one with whether it is overdue or near."""
    text = format_date(rij.volgende_meting)
    if not laatste:
        return text
    if rij.volgende_meting < today:
        return f"{text} — te laat"
    if rij.volgende_meting <= today + timedelta(days=BINNENKORT_DAGEN):
        return f"{text} — binnenkort"
    return text


def _getal(waarde: Decimal) -> str:
    return f"{waarde.normalize():f}".replace(".", ",")


class LoonwaardeTab(DossierTab):
    """Loonwaardemetingen and LKS of one inwoner."""

    RELOAD_ON = (signals.LOONWAARDE, signals.INWONER)

    def __init__(
        self, ctx: UiContext, inwoner_id: uuid.UUID, reden: str | None = None,
        parent: QWidget | None = None, *, today: Callable[[], date] = date.today,
    ) -> None:  # fmt: skip
        super().__init__(ctx, inwoner_id, reden, parent, today=today)
        self.may_edit = ctx.mag(Gegeven.TRAJECT, Recht.WIJZIGEN)
        self.rows: list[MetingRij] = []
        self.berekening = None
        self._build()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = self._button(
            self.tr("Meting &vastleggen…"), self.meting_vastleggen,
            self.tr("De uitkomst van een loonwaardemeting vastleggen"),
        )  # fmt: skip
        self.print_button = self._button(
            self.tr("L&KS-overzicht afdrukken…"), self.afdrukken,
            self.tr("De LKS-berekening met de meting als PDF opslaan voor de werkgever"),
        )  # fmt: skip
        self.status_label = make_hint(QLabel())
        title = QLabel(self.tr("Loonwaardemetingen"))
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.print_button)

        self.model = RowsModel(
            [self.tr("Datum"), self.tr("Methode"), self.tr("Meter"), self.tr("Werkplek"),
             self.tr("Normfunctie"), self.tr("Loonwaarde"), self.tr("Volgende meting")], self,
        )  # fmt: skip
        self.table = make_table(self.model, self.tr("Loonwaardemetingen"),
                                (90, 170, 140, 170, 150, 170))  # fmt: skip
        self.table.selectionModel().currentRowChanged.connect(self._on_selected)
        self.empty_label = make_hint(QLabel(self.tr(
            "Er is nog geen loonwaarde gemeten. Een loonwaardemeting stelt vast hoeveel "
            "procent van het normale werk de inwoner in een functie doet; daarop rust de "
            "loonkostensubsidie.")))  # fmt: skip
        self.chart = LoonwaardeChart()

        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.table, 1)
        history_layout.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(history)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._build_lks())
        # Only now, with a parent: setVisible() on a parentless button would make it a window.
        if not self.may_edit:
            self.new_button.hide()

    def _build_lks(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loonkostensubsidie per maand"))
        self.lks_loonwaarde = QLineEdit()
        self.lks_loonwaarde.setPlaceholderText(self.tr("% (van de gekozen meting)"))
        self.lks_uren = QLineEdit()
        self.lks_uren.setPlaceholderText(self.tr("bijvoorbeeld 32"))
        self.lks_peildatum = QDateEdit(QDate(self._today()))
        self.lks_peildatum.setDisplayFormat("dd-MM-yyyy")
        self.lks_peildatum.setCalendarPopup(True)
        self.lks_leeftijd = QLineEdit()
        self.lks_leeftijd.setPlaceholderText(self.tr("leeg: 21 jaar of ouder"))
        self.lks_functieloon = QLineEdit()
        self.lks_functieloon.setPlaceholderText(self.tr("leeg: het minimumloon"))
        inputs = QFormLayout()
        for text, widget in (
            (self.tr("Loon&waarde %:"), self.lks_loonwaarde),
            (self.tr("&Uren per week:"), self.lks_uren),
            (self.tr("Peildatu&m:"), self.lks_peildatum),
            (self.tr("Lee&ftijd:"), self.lks_leeftijd),
            (self.tr("Functie&loon per uur (€):"), self.lks_functieloon),
        ):
            widget.setMaximumWidth(200)
            inputs.addRow(FieldLabel(text, widget), widget)
        for edit in (self.lks_loonwaarde, self.lks_uren, self.lks_leeftijd,
                     self.lks_functieloon):  # fmt: skip
            edit.textChanged.connect(self.bereken)
        self.lks_peildatum.dateChanged.connect(self.bereken)

        self.bedragen: dict[str, QLabel] = {}
        breakdown = QFormLayout()
        labels = dict(BEREKENING)
        labels["wml_maand_vt"] = self.tr("Minimumloon per maand incl. vakantiebijslag (8 %)")
        for naam, text in labels.items():
            value = QLabel()
            value.setObjectName(naam)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label = QLabel(self.tr(text) + ":")
            if naam in ("lks", "totaal"):
                font = QFont(value.font())
                font.setBold(True)
                value.setFont(font)
                label.setFont(font)
            value.setAccessibleName(self.tr(text))
            self.bedragen[naam] = value
            breakdown.addRow(label, value)
        self.lks_fout = QLabel()
        self.lks_fout.setObjectName("lks_fout")
        self.lks_fout.setStyleSheet(ERROR_STYLE)
        self.lks_fout.setWordWrap(True)
        self.lks_fout.setTextFormat(Qt.TextFormat.PlainText)
        self.lks_fout.hide()

        right = QVBoxLayout()
        right.addLayout(breakdown)
        right.addWidget(self.lks_fout)
        right.addStretch(1)
        row = QHBoxLayout(box)
        row.addLayout(inputs, 1)
        row.addSpacing(24)
        row.addLayout(right, 1)
        return box

    # --- loading --------------------------------------------------------------------------

    def load(self, select_id: uuid.UUID | None = None) -> None:
        """(Re)read the measurements; select `select_id`, else the one selected, else the
        latest."""
        target = select_id or selected_key(self.table)
        with self._ctx.unit_of_work() as (session, actor):
            metingen = svc.metingen(session, actor=actor, inwoner_id=self.inwoner_id,
                                    reden=self.reden)  # fmt: skip
            rows = [MetingRij(id=m.id, datum=m.datum, methode=m.methode.label, meter=m.meter,
                              werkplek=m.werkplek, normfunctie=m.normfunctie,
                              uren_per_week=m.uren_per_week, berekend=m.berekende_loonwaarde,
                              vastgesteld=m.vastgestelde_loonwaarde,
                              volgende_meting=m.volgende_meting)
                    for m in metingen]  # fmt: skip
        self.rows = rows
        self.loaded = True
        today = self._today()
        display, tips = [], []
        for n, r in enumerate(rows):
            loonwaarde = f"{r.loonwaarde} %"
            tip = ""
            if r.vastgesteld is not None:
                loonwaarde += self.tr(" (vastgesteld; gemeten {n} %)").format(n=r.berekend)
                tip = self.tr("Vastgestelde loonwaarde; de meting gaf {n} %.").format(
                    n=r.berekend)  # fmt: skip
            volgende = volgende_tekst(r, today, laatste=n == len(rows) - 1)
            display.append((format_date(r.datum), r.methode, r.meter, r.werkplek, r.normfunctie,
                            loonwaarde, volgende))  # fmt: skip
            tips.append(("", "", "", "", "", tip, ""))
        self.model.set_rows(display, [r.id for r in rows], tips)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.chart.set_punten([(r.datum, r.loonwaarde) for r in rows])
        if rows:
            select_key(self.table, target if self.model.row_of(target) is not None else rows[-1].id)
        self._fill_from(self.selected())
        self._update_state()

    def selected(self) -> MetingRij | None:
        key = selected_key(self.table)
        return next((r for r in self.rows if r.id == key), None)

    @Slot()
    def _on_selected(self, *_args) -> None:
        self._fill_from(self.selected())
        self._update_state()

    def _fill_from(self, rij: MetingRij | None) -> None:
        if rij is None:
            self.bereken()
            return
        self.lks_loonwaarde.blockSignals(True)
        self.lks_loonwaarde.setText(str(rij.loonwaarde))
        self.lks_loonwaarde.blockSignals(False)
        self.lks_uren.blockSignals(True)
        self.lks_uren.setText(_getal(rij.uren_per_week))
        self.lks_uren.blockSignals(False)
        self.bereken()

    def _update_state(self) -> None:
        rij = self.selected()
        busy = self.print_token is not None
        self.print_button.setEnabled(rij is not None and not busy)
        self.print_button.setToolTip(
            self.tr("De LKS-berekening met de meting als PDF opslaan voor de werkgever")
            if rij is not None
            else self.tr("Kies eerst een meting in de lijst.")
        )

    # --- the LKS calculation --------------------------------------------------------------

    def lks_invoer(self) -> tuple[dict, dict[str, str]]:
        """The panel's input as service arguments, and what cannot be read as a number."""
        values: dict = {"peildatum": self.lks_peildatum.date().toPython()}
        errors: dict[str, str] = {}
        for naam, edit, soort, melding in (
            ("loonwaarde", self.lks_loonwaarde, int,
             self.tr("Vul de loonwaarde als heel percentage in.")),
            ("uren_per_week", self.lks_uren, Decimal,
             self.tr("Vul het aantal uren per week als getal in.")),
            ("leeftijd", self.lks_leeftijd, int, self.tr("Vul de leeftijd in jaren in.")),
            ("functieloon_uur", self.lks_functieloon, Decimal,
             self.tr("Vul het functieloon per uur in euro's in, bijvoorbeeld 16,50.")),
        ):  # fmt: skip
            text = edit.text().strip()
            if not text:
                values[naam] = None
                continue
            try:
                getal = svc.decimaal(text)
                if soort is int and getal != getal.to_integral_value():
                    raise ValueError(text)
                values[naam] = int(getal) if soort is int else getal
            except ValueError:
                errors[naam] = melding
        return values, errors

    @Slot()
    def bereken(self, *_args) -> None:
        """Work out the LKS for what the panel holds (one short unit of work)."""
        values, errors = self.lks_invoer()
        berekening = None
        if not errors:
            if values["loonwaarde"] is None or values["uren_per_week"] is None:
                errors["invoer"] = self.tr(
                    "Kies een meting of vul de loonwaarde en de uren per week in.")  # fmt: skip
            else:
                try:
                    with self._ctx.unit_of_work() as (session, _actor):
                        berekening = svc.lks_voor(session, **values)
                except ValidationError as error:
                    errors = dict(error.errors)
                except DomainError as error:
                    errors["algemeen"] = error.message
        self.berekening = berekening
        for naam, label in self.bedragen.items():
            label.setText(format_money(getattr(berekening, naam)) if berekening else "—")
        self.lks_fout.setText("\n".join(errors.values()))
        self.lks_fout.setVisible(bool(errors))

    def bedrag(self, naam: str) -> str:
        return self.bedragen[naam].text()

    # --- actions --------------------------------------------------------------------------

    @Slot()
    def meting_vastleggen(self) -> MetingDialog | None:
        if not self.may_edit:
            return None
        dialog = MetingDialog(self._ctx, self.inwoner_id, reden=self.reden, today=self._today,
                              parent=self)  # fmt: skip
        dialog.accepted.connect(lambda: self._recorded(dialog.result_value))
        self._keep_last_dialog(dialog).open()  # unlike `_open`: no reload when cancelled
        return dialog

    def _recorded(self, meting_id: uuid.UUID | None) -> None:
        self.load(meting_id)
        self._say(self.tr("Meting vastgelegd."))
        self._notify(signals.LOONWAARDE)

    @Slot()
    def afdrukken(self) -> int | None:
        """Render the LKS-overzicht off the GUI thread and save it where the user chooses."""
        rij = self.selected()
        if rij is None or self.print_token is not None:
            return None
        values, errors = self.lks_invoer()
        if errors or self.berekening is None:
            self.bereken()
            self.lks_uren.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        try:
            with self._ctx.unit_of_work() as (session, actor):
                naam = bestandsnaam_voor(session, actor=actor, inwoner_id=self.inwoner_id,
                                         datum=rij.datum, reden=self.reden)  # fmt: skip
        except DomainError as error:
            show_domain_error(self, error)
            return None
        path = self._choose_pdf(self.tr("LKS-overzicht opslaan als PDF"), naam)
        if path is None:
            return None
        inwoner_id, meting_id, reden = self.inwoner_id, rij.id, self.reden

        def work(session: Session, actor: Medewerker) -> bytes:
            return print_lks(session, actor=actor, inwoner_id=inwoner_id, meting_id=meting_id,
                             reden=reden, **values)  # fmt: skip

        return self._print(work, path, PrintTexts(
            busy=self.tr("LKS-overzicht afdrukken…"),
            not_saved=self.tr("Het overzicht kon niet worden opgeslagen als {pad}: {fout}"),
            done_title=self.tr("LKS-overzicht afgedrukt"),
            done_text=self.tr("Het overzicht is opgeslagen als:\n{pad}\n\nWilt u het nu "
                              "openen?"),
        ))  # fmt: skip

    def _print_busy_changed(self) -> None:
        self._update_state()
