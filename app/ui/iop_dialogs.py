"""Dialogs of the IOP tab: a new plan, vaststellen, afsluiten, an evaluation, a work-level
measurement, and the differences between two versions.

Each dialog that changes something calls its service itself in one unit of work when the
user confirms: field messages appear next to the fields, a refusal in a message box, and the
dialog only closes (accepted) when the change is stored. The IOP tab then reloads and tells
the other views.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QCoreApplication, QDate, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models import Bewijs, PlanType
from app.services import ontwikkelplannen as svc
from app.services.errors import DomainError, ValidationError
from app.services.text import format_date
from app.ui.context import UiContext
from app.ui.errors import show_domain_error
from app.ui.widgets import (
    FieldErrors,
    make_error_label,
    make_hint,
    require_methods,
    select_data,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("IopDialogs", text)


def date_edit(value: date, *, maximum: date | None = None, minimum: date | None = None):
    edit = QDateEdit(QDate(value))
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    if maximum is not None:
        edit.setMaximumDate(QDate(maximum))
    if minimum is not None:
        edit.setMinimumDate(QDate(minimum))
    edit.setMaximumWidth(150)
    return edit


def text_edit(placeholder: str = "", lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class ServiceDialog(QDialog):
    """A small form whose primary button performs one service call: subclasses define
    `perform(session, actor)` (and may define `local_errors()`)."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        require_methods(cls, "perform")

    def __init__(
        self,
        ctx: UiContext,
        *,
        title: str,
        intro: str,
        action: str,
        reden: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.reden = reden
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label("algemeen")
        self.errors = FieldErrors(self.form, self.general)
        self.ok_button = QPushButton(action)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def local_errors(self) -> dict[str, str]:
        return {}

    @Slot()
    def submit(self) -> None:
        errors = self.local_errors()
        if errors:
            self.errors.set_errors(errors)
            self.errors.focus_first()
            self.adjustSize()
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                self.result_value = self.perform(session, actor)
        except ValidationError as error:
            self.errors.set_errors(error.errors)
            self.errors.focus_first()
            self.adjustSize()  # room for the messages
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self.accept()


class NieuwPlanDialog(ServiceDialog):
    """Choose the kind of plan; makes an empty concept of it."""

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        types: Sequence[PlanType],
        *,
        reden: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Nieuw ontwikkelplan"),
            intro=tr(
                "Er wordt een leeg concept gemaakt dat u daarna invult en, als het met de "
                "inwoner is besproken en ondertekend, vaststelt."
            ),
            action=tr("Plan &maken"),
            reden=reden,
            parent=parent,
        )
        self.inwoner_id = inwoner_id
        self.created_id: uuid.UUID | None = None
        self.type = QComboBox()
        for plan_type in types:
            self.type.addItem(plan_type.label, plan_type.value)
        self.errors.add("type", self.tr("&Soort plan"), self.type)
        bezet = [t.label for t in PlanType if t not in types]
        if bezet:
            note = make_hint(
                QLabel(
                    self.tr(
                        "Niet in de lijst: {soorten}. Daarvan is al een concept of een "
                        "vastgesteld plan; werk dat bij of kies daar Nieuwe versie."
                    ).format(soorten=", ".join(bezet))
                )
            )
            self.extra.addWidget(note)
        self.type.setFocus()

    def chosen(self) -> PlanType:
        return PlanType(self.type.currentData())

    def perform(self, session, actor):
        plan = svc.nieuw_plan(
            session, actor=actor, inwoner_id=self.inwoner_id, type=self.chosen(), reden=self.reden
        )
        self.created_id = plan.id
        return plan.id


class VaststellenDialog(ServiceDialog):
    """Record both signature dates and fix the plan; asks to confirm it becomes read-only."""

    def __init__(
        self,
        ctx: UiContext,
        plan_id: uuid.UUID,
        versie: int,
        titel: str,
        *,
        vervangt: str | None = None,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        today = today or date.today()
        intro = tr(
            "Stel {titel} vast als het met de inwoner is besproken en door beiden is "
            "ondertekend. Vul de datums van de handtekeningen in."
        ).format(titel=titel)
        if vervangt:
            intro += " " + tr("Het vervangt dan {vorige}.").format(vorige=vervangt)
        super().__init__(
            ctx,
            title=tr("Plan vaststellen"),
            intro=intro,
            action=tr("&Vaststellen"),
            reden=reden,
            parent=parent,
        )
        self.plan_id, self.versie, self.today = plan_id, versie, today
        self.inwoner = date_edit(today, maximum=today)
        self.coach = date_edit(today, maximum=today)
        self.errors.add(
            "ondertekend_inwoner_op", self.tr("Ondertekend door de &inwoner op *"), self.inwoner
        )
        self.errors.add(
            "ondertekend_coach_op", self.tr("Ondertekend door de &coach op *"), self.coach
        )
        warning = QLabel(
            self.tr(
                "Let op: na vaststellen is {titel} alleen-lezen. Wijzigen kan daarna alleen in "
                "een nieuwe versie."
            ).format(titel=titel)
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("QLabel { font-weight: bold; }")
        self.bevestig = QCheckBox(self.tr("Ik begrijp dat het plan &alleen-lezen wordt"))
        self.extra.addWidget(warning)
        self.extra.addWidget(self.bevestig)
        self.ok_button.setEnabled(False)
        self.bevestig.toggled.connect(self.ok_button.setEnabled)
        self.inwoner.setFocus()

    def perform(self, session, actor):
        return svc.vaststellen(
            session,
            actor=actor,
            plan_id=self.plan_id,
            versie=self.versie,
            ondertekend_inwoner_op=self.inwoner.date().toPython(),
            ondertekend_coach_op=self.coach.date().toPython(),
            reden=self.reden,
        ).id

    @Slot()
    def submit(self) -> None:
        if self.bevestig.isChecked():
            super().submit()


class AfsluitenDialog(ServiceDialog):
    """Close a plan with a reason; it is read-only afterwards."""

    def __init__(
        self,
        ctx: UiContext,
        plan_id: uuid.UUID,
        titel: str,
        *,
        reden: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Plan afsluiten"),
            intro=tr(
                "Sluit {titel} af als het niet meer wordt gevolgd, bijvoorbeeld omdat de "
                "inwoner uitstroomt naar werk. Het plan is daarna alleen-lezen en er worden "
                "geen evaluaties meer gepland."
            ).format(titel=titel),
            action=tr("Plan a&fsluiten"),
            reden=reden,
            parent=parent,
        )
        self.plan_id = plan_id
        self.reden_edit = text_edit(self.tr("Bijv. uitgestroomd naar regulier werk"), 3)
        self.errors.add("afsluitreden", self.tr("&Reden *"), self.reden_edit)
        self.reden_edit.textChanged.connect(lambda: self.errors.clear("afsluitreden"))
        self.reden_edit.setFocus()

    def perform(self, session, actor):
        return svc.afsluiten(
            session,
            actor=actor,
            plan_id=self.plan_id,
            reden_afsluiting=self.reden_edit.toPlainText(),
            reden=self.reden,
        ).id


class EvaluatieDialog(ServiceDialog):
    """Record an evaluation of a vastgesteld plan; shows when the next one will be due."""

    def __init__(
        self,
        ctx: UiContext,
        plan_id: uuid.UUID,
        titel: str,
        *,
        vastgesteld_op: date | None,
        interval_maanden: int,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Evaluatie toevoegen"),
            intro=tr(
                "Leg de evaluatie van {titel} vast. Elke evaluatie beoordeelt opnieuw de "
                "begeleidingsnoodzaak en de ontwikkeldoelen."
            ).format(titel=titel),
            action=tr("Evaluatie &toevoegen"),
            reden=reden,
            parent=parent,
        )
        today = today or date.today()
        self.plan_id = plan_id
        self.interval_maanden = interval_maanden
        self.datum = date_edit(today, maximum=today, minimum=vastgesteld_op)
        self.noodzaak = text_edit(
            self.tr("Is begeleiding nog nodig, en hoe intensief? Kan het lichter?"), 3
        )
        self.bijgesteld = QCheckBox(self.tr("De ontwikkel&doelen zijn bijgesteld"))
        self.advies = text_edit(self.tr("Advies voor de komende periode (optioneel)"), 3)
        self.errors.add("datum", self.tr("&Datum *"), self.datum)
        self.errors.add("begeleidingsnoodzaak", self.tr("&Begeleidingsnoodzaak *"), self.noodzaak)
        self.form.addRow("", self.bijgesteld)
        self.errors.add("advies", self.tr("&Advies"), self.advies)
        self.volgende = make_hint(QLabel())
        self.extra.addWidget(self.volgende)
        self.datum.dateChanged.connect(self._update_next)
        self.datum.dateChanged.connect(lambda _d: self.errors.clear("datum"))
        self.noodzaak.textChanged.connect(lambda: self.errors.clear("begeleidingsnoodzaak"))
        self._update_next()
        self.noodzaak.setFocus()

    @Slot()
    def _update_next(self) -> None:
        volgende = self.datum.date().toPython() + relativedelta(months=self.interval_maanden)
        self.volgende.setText(
            self.tr("De volgende evaluatie wordt dan gepland op {datum}.").format(
                datum=format_date(volgende)
            )
        )

    def perform(self, session, actor):
        return svc.evalueer(
            session,
            actor=actor,
            plan_id=self.plan_id,
            gegevens=svc.EvaluatieGegevens(
                datum=self.datum.date().toPython(),
                begeleidingsnoodzaak=self.noodzaak.toPlainText(),
                doelen_bijgesteld=self.bijgesteld.isChecked(),
                advies=self.advies.toPlainText(),
            ),
            reden=self.reden,
        ).id


class WerkniveauDialog(ServiceDialog):
    """Record a measured work level with its evidence."""

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        niveaus: Sequence[tuple[int, str]],
        *,
        heeft_nulmeting: bool,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Werkniveau meten"),
            intro=tr(
                "Leg het werkniveau vast met het bewijs waarop het is gebaseerd, zodat een "
                "hoger werkniveau aantoonbaar is."
            ),
            action=tr("&Vastleggen"),
            reden=reden,
            parent=parent,
        )
        today = today or date.today()
        self.inwoner_id = inwoner_id
        self.datum = date_edit(today, maximum=today)
        self.niveau = QComboBox()
        self.niveau.addItem(self.tr("Kies het werkniveau…"), None)
        for niveau, omschrijving in niveaus:
            self.niveau.addItem(f"{niveau} – {omschrijving}", niveau)
        self.nulmeting = QCheckBox(self.tr("Dit is de &nulmeting (het startpunt)"))
        if heeft_nulmeting:
            self.nulmeting.setEnabled(False)
            self.nulmeting.setToolTip(self.tr("Deze inwoner heeft al een nulmeting."))
        self.bewijs = QComboBox()
        self.bewijs.addItem(self.tr("Kies het soort bewijs…"), None)
        for bewijs in Bewijs:
            self.bewijs.addItem(bewijs.label, bewijs.value)
        self.omschrijving = text_edit(
            self.tr("Bijv. Melba-profiel van 12-03-2026, praktijkverklaring Groen"), 3
        )
        self.errors.add("datum", self.tr("&Datum *"), self.datum)
        self.errors.add("niveau", self.tr("&Werkniveau *"), self.niveau)
        self.form.addRow("", self.nulmeting)
        self.errors.add_message_row("is_baseline", self.nulmeting)
        self.errors.add("bewijs", self.tr("&Bewijs *"), self.bewijs)
        self.errors.add("bewijs_omschrijving", self.tr("&Omschrijving bewijs *"), self.omschrijving)
        self.niveau.currentIndexChanged.connect(lambda _i: self.errors.clear("niveau"))
        self.bewijs.currentIndexChanged.connect(lambda _i: self.errors.clear("bewijs"))
        self.omschrijving.textChanged.connect(lambda: self.errors.clear("bewijs_omschrijving"))
        self.niveau.setFocus()

    def select(self, niveau: int | None, bewijs: Bewijs | None) -> None:
        select_data(self.niveau, niveau)
        select_data(self.bewijs, bewijs)

    def perform(self, session, actor):
        bewijs = self.bewijs.currentData()
        return svc.meet_werkniveau(
            session,
            actor=actor,
            inwoner_id=self.inwoner_id,
            gegevens=svc.WerkniveauGegevens(
                datum=self.datum.date().toPython(),
                niveau=self.niveau.currentData(),
                is_baseline=self.nulmeting.isChecked(),
                bewijs=Bewijs(bewijs) if bewijs else None,
                bewijs_omschrijving=self.omschrijving.toPlainText(),
            ),
            reden=self.reden,
        ).id


class VerschillenDialog(QDialog):
    """What changed between two versions: onderdeel / oud / nieuw."""

    def __init__(
        self,
        rows: Sequence[tuple[str, str, str]],
        *,
        oud: str,
        nieuw: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vergelijken met de vorige versie"))
        heading = QLabel(
            self.tr("Wat is er veranderd van {oud} naar {nieuw}?").format(oud=oud, nieuw=nieuw)
        )
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Onderdeel"),
                self.tr("Was ({oud})").format(oud=oud),
                self.tr("Wordt ({nieuw})").format(nieuw=nieuw),
            ]
        )
        self.table.setAccessibleName(self.tr("Verschillen"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 170)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty = make_hint(
            QLabel(
                self.tr("Geen verschillen: {nieuw} is inhoudelijk gelijk aan {oud}.").format(
                    oud=oud, nieuw=nieuw
                )
            )
        )
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Sluiten"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(close)
        self.resize(900, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            tuple(self.table.item(row, column).text() for column in range(3))
            for row in range(self.table.rowCount())
        ]
