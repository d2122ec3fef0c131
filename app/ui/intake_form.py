"""The intake report as a form: the conversation, the four factors that separate stage 2
from 3 (willen, kunnen, vaardigheden, omstandigheden: a score 1–5 and a note each) and the
advice. It edits plain `IntakeGegevens`; the Traject tab saves them through the service and
shows the service's messages next to the fields. `draft_values` and `restore_draft` are the
form's values as JSON values, for the draft kept while the user types (app/ui/drafts.py).
"""

from __future__ import annotations

import contextlib
from dataclasses import fields
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.models import IntakeType, Ontwikkelstadium
from app.models.enums import KoersEnum
from app.services.text import format_date
from app.services.trajecten import IntakeGegevens
from app.ui.iop_dialogs import text_edit
from app.ui.traject_dialogs import enum_data
from app.ui.widgets import FieldErrors, find_data, make_error_label, make_hint, select_data

TEXTS = ("deelnemers", "hoe_gaat_het", "mogelijkheden", "belemmeringen", "re_integratieadvies",
         "plan_van_aanpak")  # fmt: skip
FACTOREN = ("willen", "kunnen", "vaardigheden", "omstandigheden")


class IntakeForm(QWidget):
    """Edit one intake report; `changed` fires on every change of what the form shows,
    `edited` only on the user's edits."""

    changed = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = IntakeGegevens()
        self._loading = False
        self.read_only = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label("intake")
        self.errors = FieldErrors(self.form, self.general)

        self.type = QComboBox()
        for intake_type in IntakeType:
            self.type.addItem(intake_type.label, intake_type)
        self.datum = QDateEdit()
        self.datum.setDisplayFormat("dd-MM-yyyy")
        self.datum.setCalendarPopup(True)
        self.datum.setMaximumWidth(150)
        self.texts: dict[str, QPlainTextEdit] = {
            "deelnemers": text_edit(self.tr("Inwoner, klantmanager gemeente, werkcoach …"), 2),
            "hoe_gaat_het": text_edit(self.tr("Hoe gaat het met de inwoner?"), 3),
            "mogelijkheden": text_edit(self.tr("Talenten, ervaring, wat lukt wel"), 3),
            "belemmeringen": text_edit(self.tr("Wat staat werk nu in de weg?"), 3),
            "re_integratieadvies": text_edit(self.tr("Het advies over de route naar werk"), 3),
            "plan_van_aanpak": text_edit(self.tr("De eerste stappen, met wie en wanneer"), 3),
        }
        self.scores: dict[str, QComboBox] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        factor_rows: dict[str, QWidget] = {}
        for naam in FACTOREN:
            score = QComboBox()
            score.addItem(self.tr("— geen score"), None)
            for n in range(1, 6):
                extra = {1: self.tr(" (laag)"), 5: self.tr(" (hoog)")}.get(n, "")
                score.addItem(f"{n}{extra}", n)
            score.setAccessibleName(self.tr("Score {factor}").format(factor=naam))
            note = text_edit(self.tr("Toelichting bij de score"), 2)
            note.setAccessibleName(self.tr("Toelichting {factor}").format(factor=naam))
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(score, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(note, 1)
            row.setFocusProxy(score)
            self.scores[naam], self.notes[naam] = score, note
            factor_rows[naam] = row
        self.twijfel = QCheckBox(self.tr("Twij&fel over het stadium (dan eerst een verkenning)"))
        self.advies_mogelijk = QCheckBox(self.tr("Een re-integratieadvies is mogelijk"))
        self.advies_stadium = QComboBox()
        self.advies_stadium.addItem(self.tr("— nog geen advies"), None)
        for stadium in Ontwikkelstadium:
            self.advies_stadium.addItem(stadium.label, stadium)

        add = self.errors.add
        add("type", self.tr("S&oort gesprek"), self.type)
        add("datum", self.tr("Dat&um *"), self.datum)
        add("deelnemers", self.tr("D&eelnemers"), self.texts["deelnemers"])
        add("hoe_gaat_het", self.tr("Hoe gaat het"), self.texts["hoe_gaat_het"])
        add("mogelijkheden", self.tr("Mogelij&kheden"), self.texts["mogelijkheden"])
        add("belemmeringen", self.tr("Belemme&ringen"), self.texts["belemmeringen"])
        factor_labels = {"willen": self.tr("&Willen"), "kunnen": self.tr("Kunnen"),
                         "vaardigheden": self.tr("Vaardigheden"),
                         "omstandigheden": self.tr("Omstandigheden")}  # fmt: skip
        self.factor_hint = make_hint(QLabel(self.tr(
            "De vier factoren onderscheiden stadium 2 van 3: geef elk een score van 1 (laag) "
            "tot 5 (hoog) met een toelichting.")))  # fmt: skip
        self.form.addRow("", self.factor_hint)
        for naam in FACTOREN:
            add(f"{naam}_score", factor_labels[naam], factor_rows[naam])
        self.form.addRow("", self.twijfel)
        self.form.addRow("", self.advies_mogelijk)
        add("advies_stadium", self.tr("Advies stadium"), self.advies_stadium)
        add("re_integratieadvies", self.tr("Re-integratieadvies"),
            self.texts["re_integratieadvies"])  # fmt: skip
        add("plan_van_aanpak", self.tr("Plan van aanpak"), self.texts["plan_van_aanpak"])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.general)

        self.type.currentIndexChanged.connect(self._edited)
        self.datum.dateChanged.connect(lambda _d: self._edited("datum"))
        for naam, edit in self.texts.items():
            edit.textChanged.connect(lambda naam=naam: self._edited(naam))
        for naam in FACTOREN:
            self.scores[naam].currentIndexChanged.connect(
                lambda _i, naam=naam: self._edited(f"{naam}_score")
            )
            self.notes[naam].textChanged.connect(self._edited)
        for box in (self.twijfel, self.advies_mogelijk):
            box.toggled.connect(self._edited)
        self.advies_stadium.currentIndexChanged.connect(self._edited)
        self.set_gegevens(IntakeGegevens())

    # --- values ---------------------------------------------------------------------------

    def set_gegevens(self, gegevens: IntakeGegevens, *, today: date | None = None) -> None:
        """Show these values as the stored state (not modified afterwards)."""
        self._fill(gegevens, today)
        self._loaded = self.gegevens()
        self.changed.emit()

    def _fill(self, gegevens: IntakeGegevens, today: date | None = None) -> None:
        self._loading = True
        try:
            self.type.setCurrentIndex(max(find_data(self.type, gegevens.type), 0))
            self.datum.setDate(QDate(gegevens.datum or today or date.today()))
            for naam, edit in self.texts.items():
                edit.setPlainText(getattr(gegevens, naam) or "")
            for naam in FACTOREN:
                select_data(self.scores[naam], getattr(gegevens, f"{naam}_score"))
                self.notes[naam].setPlainText(getattr(gegevens, naam) or "")
            self.twijfel.setChecked(gegevens.twijfel_over_stadium)
            self.advies_mogelijk.setChecked(gegevens.advies_mogelijk)
            select_data(self.advies_stadium, gegevens.advies_stadium)
            self.errors.clear()
        finally:
            self._loading = False

    def draft_values(self) -> dict[str, Any]:
        """What the form holds, as JSON values (dates as yyyy-mm-dd, choices as codes)."""
        gegevens = self.gegevens()
        values = {f.name: getattr(gegevens, f.name) for f in fields(IntakeGegevens)}
        values["datum"] = gegevens.datum.isoformat() if gegevens.datum else None
        return values

    def restore_draft(self, values: dict[str, Any]) -> None:
        """Show a draft's values; the stored state stays what it was, so the form is modified.
        A value the draft lacks, or that is no longer valid, keeps what the form shows."""
        now = self.gegevens()
        merged = {f.name: values.get(f.name, getattr(now, f.name)) for f in fields(IntakeGegevens)}
        merged["type"] = _enum(IntakeType, merged["type"]) or now.type
        merged["advies_stadium"] = _enum(Ontwikkelstadium, merged["advies_stadium"])
        datum = now.datum
        with contextlib.suppress(TypeError, ValueError):
            datum = date.fromisoformat(merged["datum"])
        merged["datum"] = datum
        self._fill(IntakeGegevens(**merged))
        self.changed.emit()

    @property
    def loaded(self) -> IntakeGegevens:
        """The stored values the form was filled with."""
        return self._loaded

    def labels(self) -> dict[str, str]:
        """Each field's name for a user, in the form's order (for the conflict dialog)."""
        labels = {
            "type": self.tr("Soort gesprek"), "datum": self.tr("Datum"),
            "deelnemers": self.tr("Deelnemers"), "hoe_gaat_het": self.tr("Hoe gaat het"),
            "mogelijkheden": self.tr("Mogelijkheden"),
            "belemmeringen": self.tr("Belemmeringen"),
        }  # fmt: skip
        for naam in FACTOREN:
            labels[f"{naam}_score"] = self.tr("{factor}: score").format(factor=naam.capitalize())
            labels[naam] = self.tr("{factor}: toelichting").format(factor=naam.capitalize())
        labels |= {
            "twijfel_over_stadium": self.tr("Twijfel over het stadium"),
            "advies_mogelijk": self.tr("Re-integratieadvies mogelijk"),
            "advies_stadium": self.tr("Advies stadium"),
            "re_integratieadvies": self.tr("Re-integratieadvies"),
            "plan_van_aanpak": self.tr("Plan van aanpak"),
        }
        return labels

    def shown(self, gegevens: IntakeGegevens) -> dict[str, str]:
        """Each field's value as text for a user."""
        result = {}
        for f in fields(IntakeGegevens):
            value = getattr(gegevens, f.name)
            if isinstance(value, bool):
                result[f.name] = self.tr("ja") if value else self.tr("nee")
            elif isinstance(value, KoersEnum):
                result[f.name] = value.label
            elif isinstance(value, date):
                result[f.name] = format_date(value)
            else:
                result[f.name] = "" if value is None else str(value).strip()
        return result

    def gegevens(self) -> IntakeGegevens:
        values = {naam: edit.toPlainText() for naam, edit in self.texts.items()}
        for naam in FACTOREN:
            values[f"{naam}_score"] = self.scores[naam].currentData()
            values[naam] = self.notes[naam].toPlainText()
        return IntakeGegevens(
            type=enum_data(self.type, IntakeType) or IntakeType.KENNISMAKING,
            datum=self.datum.date().toPython(),
            twijfel_over_stadium=self.twijfel.isChecked(),
            advies_mogelijk=self.advies_mogelijk.isChecked(),
            advies_stadium=enum_data(self.advies_stadium, Ontwikkelstadium),
            **values,
        )

    def is_modified(self) -> bool:
        now, then = self.gegevens(), self._loaded
        return any(
            _norm(getattr(now, f.name)) != _norm(getattr(then, f.name))
            for f in fields(IntakeGegevens)
        )

    # --- state ----------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in [*self.texts.values(), *self.notes.values()]:
            edit.setReadOnly(read_only)
        self.datum.setReadOnly(read_only)
        for widget in (self.type, self.advies_stadium, self.twijfel, self.advies_mogelijk,
                       *self.scores.values()):  # fmt: skip
            widget.setEnabled(not read_only)

    def set_errors(self, errors: dict[str, str]) -> None:
        self.errors.set_errors(errors)

    def focus_first_error(self) -> None:
        self.errors.focus_first()

    def error_text(self, name: str) -> str:
        return self.errors.error_text(name)

    def _edited(self, name: object = None) -> None:
        if self._loading:
            return
        if isinstance(name, str):
            self.errors.clear(name)
        self.changed.emit()
        self.edited.emit()


def _norm(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _enum(enum: type[KoersEnum], value: object) -> KoersEnum | None:
    """The member with this code; None for none or for a code that no longer exists."""
    try:
        return enum(value) if value is not None else None
    except ValueError:
        return None
