"""The personalia form, used by the dossier and by the new-inwoner dialog.

It builds `InwonerGegevens` from its widgets and shows `services.inwoners.field_errors` in red
under each field: for a field once the user has edited it (after a short pause in typing, or
when leaving the field), for every field after a save attempt (`show_all_errors`), and the
errors a save returned (`set_errors`) until the field is edited again. `is_valid()` and the
`validity_changed` signal let the owner enable its save button only when all is well.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.inwoners import InwonerGegevens, field_errors
from app.services.text import format_date, parse_date
from app.ui.choices import Choice, Choices
from app.ui.widgets import ERROR_STYLE, FieldLabel, make_error_label, make_hint, select_data

SHOW_ERROR_AFTER_MS = 800

TEXT_FIELDS = (
    "bsn",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "telefoon",
    "email",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
)
COMBO_FIELDS = ("woongemeente", "betaalgemeente", "regievoerder")
# Tab order: the left column top to bottom, then the right column.
FIELD_ORDER = (
    "bsn",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "telefoon",
    "email",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "woongemeente",
    "betaalgemeente",
    "regievoerder",
)
MAX_LENGTH = {
    "bsn": 11,
    "voornamen": 200,
    "tussenvoegsel": 20,
    "achternaam": 200,
    "geboortedatum": 10,
    "telefoon": 20,
    "email": 254,
    "straat": 200,
    "huisnummer": 20,
    "postcode": 10,
    "woonplaats": 100,
}
NARROW = {
    "bsn": 150,
    "tussenvoegsel": 150,
    "geboortedatum": 150,
    "huisnummer": 150,
    "postcode": 150,
}


class InwonerForm(QWidget):
    changed = Signal()
    validity_changed = Signal(bool)

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._inputs: dict[str, QLineEdit | QComboBox] = {}
        self._error_labels: dict[str, QLabel] = {}
        self._error_rows: dict[str, tuple[QFormLayout, int]] = {}
        self._touched: set[str] = set()
        self._pending: set[str] = set()
        self._service_errors: dict[str, str] = {}
        self._show_all = False
        self._valid: bool | None = None
        self._baseline = InwonerGegevens()
        self._baseline_shown: dict[str, str] = {}
        self._read_only = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(SHOW_ERROR_AFTER_MS)
        self._idle.timeout.connect(self._commit_pending)
        self._build()
        self._baseline = self.gegevens()
        self._refresh()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        labels = {
            "bsn": self.tr("&BSN *"),
            "voornamen": self.tr("&Voornamen *"),
            "tussenvoegsel": self.tr("T&ussenvoegsel"),
            "achternaam": self.tr("&Achternaam *"),
            "geboortedatum": self.tr("&Geboortedatum *"),
            "telefoon": self.tr("&Telefoon"),
            "email": self.tr("&E-mail"),
            "straat": self.tr("&Straat"),
            "huisnummer": self.tr("&Huisnummer"),
            "postcode": self.tr("&Postcode"),
            "woonplaats": self.tr("&Woonplaats"),
            "woongemeente": self.tr("Woon&gemeente *"),
            "betaalgemeente": self.tr("Betaalge&meente"),
            "regievoerder": self.tr("&Regievoerder"),
        }
        self.labels = {name: labels[name].replace("&", "").removesuffix(" *")
                       for name in FIELD_ORDER}  # fmt: skip
        placeholders = {
            "bsn": self.tr("9 cijfers"),
            "geboortedatum": self.tr("dd-mm-jjjj"),
            "telefoon": self.tr("bijv. 06 12345678"),
            "email": self.tr("bijv. naam@voorbeeld.nl"),
            "huisnummer": self.tr("bijv. 12a"),
            "postcode": self.tr("bijv. 4201 AB"),
        }
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setMaxLength(MAX_LENGTH[name])
            edit.setPlaceholderText(placeholders.get(name, ""))
            if name in NARROW:
                edit.setMaximumWidth(NARROW[name])
            edit.textEdited.connect(lambda _text, n=name: self._on_edited(n))
            edit.editingFinished.connect(lambda n=name: self._on_editing_finished(n))
            self._inputs[name] = edit
        for name in COMBO_FIELDS:
            combo = QComboBox()
            combo.setObjectName(name)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            combo.activated.connect(lambda _i, n=name: self._on_chosen(n))
            self._inputs[name] = combo
        self._fill_combos(Choices())

        groups = {
            "persoon": (
                self.tr("Persoon"),
                ("bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum"),
            ),
            "contact": (self.tr("Contact"), ("telefoon", "email")),
            "adres": (
                self.tr("Adres"),
                (
                    "straat",
                    "huisnummer",
                    "postcode",
                    "woonplaats",
                    "woongemeente",
                    "betaalgemeente",
                ),
            ),
            "begeleiding": (self.tr("Begeleiding"), ("regievoerder",)),
        }
        boxes: dict[str, QGroupBox] = {}
        for key, (title, names) in groups.items():
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            for name in names:
                label = FieldLabel(labels[name], self._inputs[name])
                form.addRow(label, self._inputs[name])
                error = make_error_label(name)
                row = form.rowCount()
                form.setWidget(row, QFormLayout.ItemRole.FieldRole, error)
                form.setRowVisible(row, False)
                self._error_labels[name] = error
                self._error_rows[name] = (form, row)
            boxes[key] = box

        self._general_error = QLabel()
        self._general_error.setStyleSheet(ERROR_STYLE)
        self._general_error.setWordWrap(True)
        self._general_error.hide()
        self.hint = hint = QLabel(
            self.tr(
                "Velden met * zijn verplicht. Vult u een deel van het adres in, "
                "vul het dan helemaal in."
            )
        )
        make_hint(hint)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.addWidget(boxes["persoon"], 0, 0)
        grid.addWidget(boxes["contact"], 1, 0)
        grid.addWidget(boxes["adres"], 0, 1)
        grid.addWidget(boxes["begeleiding"], 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self._general_error)
        layout.addLayout(grid, 1)

        previous = None
        for name in FIELD_ORDER:
            if previous is not None:
                QWidget.setTabOrder(previous, self._inputs[name])
            previous = self._inputs[name]

    def _combo(self, name: str) -> QComboBox:
        combo = self._inputs[name]
        assert isinstance(combo, QComboBox)
        return combo

    def _edit(self, name: str) -> QLineEdit:
        edit = self._inputs[name]
        assert isinstance(edit, QLineEdit)
        return edit

    def _fill_combos(self, choices: Choices) -> None:
        def fill(name: str, first: str, items: Sequence[Choice]) -> None:
            combo = self._combo(name)
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for item_id, naam in items:
                combo.addItem(naam, item_id)
            select_data(combo, current)
            combo.blockSignals(False)

        fill("woongemeente", self.tr("Kies de woongemeente…"), choices.gemeenten)
        fill("betaalgemeente", self.tr("Zelfde als woongemeente"), choices.gemeenten)
        fill("regievoerder", self.tr("Geen regievoerder"), choices.medewerkers)

    # --- public API -----------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """Show the values without letting them be changed (no right to change personalia)."""
        self._read_only = read_only
        for name in TEXT_FIELDS:
            self._edit(name).setReadOnly(read_only)
        for name in COMBO_FIELDS:
            self._combo(name).setEnabled(not read_only)
        self.hint.setText(
            self.tr("U kunt deze gegevens bekijken, maar niet wijzigen.")
            if read_only
            else self.tr(
                "Velden met * zijn verplicht. Vult u een deel van het adres in, "
                "vul het dan helemaal in."
            )
        )

    def is_read_only(self) -> bool:
        return self._read_only

    def field(self, name: str) -> QLineEdit | QComboBox:
        return self._inputs[name]

    def set_choices(self, choices: Choices) -> None:
        """Fill the municipality and medewerker combos (the current choice is kept)."""
        self._fill_combos(choices)
        self._refresh()

    def set_gegevens(self, gegevens: InwonerGegevens) -> None:
        """Show stored values; they become the baseline for `is_modified`."""
        for name in TEXT_FIELDS:
            if name == "geboortedatum":
                text = format_date(gegevens.geboortedatum)
            else:
                text = getattr(gegevens, name) or ""
            self._edit(name).setText(text)
        self._select("woongemeente", gegevens.woongemeente_id)
        betaal = gegevens.betaalgemeente_id
        self._select("betaalgemeente", None if betaal == gegevens.woongemeente_id else betaal)
        self._select("regievoerder", gegevens.regievoerder_id)
        self._touched.clear()
        self._pending.clear()
        self._service_errors.clear()
        self._show_all = False
        self._baseline = self.gegevens()
        self._baseline_shown = self.shown()
        self._refresh()

    # --- after a conflict: the values as the user sees them, and putting some back ------------

    def shown(self) -> dict[str, str]:
        """Each field's value as the user sees it (a combo's text, not its id)."""
        return {
            name: widget.currentText() if isinstance(widget, QComboBox) else widget.text()
            for name, widget in self._inputs.items()
        }

    def baseline_shown(self) -> dict[str, str]:
        return dict(self._baseline_shown)

    def raw(self) -> dict[str, object]:
        """What `put_back` needs: an edit's text or a combo's chosen id."""
        return {
            name: widget.currentData() if isinstance(widget, QComboBox) else widget.text()
            for name, widget in self._inputs.items()
        }

    def put_back(self, values: dict[str, object]) -> None:
        """Fill these fields with the user's own values on top of what is stored; the
        baseline stays, so the form counts as changed and the user saves it."""
        for name, value in values.items():
            widget = self._inputs[name]
            if isinstance(widget, QComboBox):
                select_data(widget, value)
            else:
                widget.setText(str(value))
            self._touched.add(name)
        self._refresh()

    def _select(self, name: str, item_id: uuid.UUID | None) -> None:
        select_data(self._combo(name), item_id)

    def gegevens(self) -> InwonerGegevens:
        text = {name: self._edit(name).text() for name in TEXT_FIELDS}
        return InwonerGegevens(
            bsn=text["bsn"],
            voornamen=text["voornamen"],
            tussenvoegsel=text["tussenvoegsel"],
            achternaam=text["achternaam"],
            geboortedatum=parse_date(text["geboortedatum"]),
            straat=text["straat"],
            huisnummer=text["huisnummer"],
            postcode=text["postcode"],
            woonplaats=text["woonplaats"],
            woongemeente_id=self._combo("woongemeente").currentData(),
            betaalgemeente_id=self._combo("betaalgemeente").currentData(),
            telefoon=text["telefoon"],
            email=text["email"],
            regievoerder_id=self._combo("regievoerder").currentData(),
        )

    def errors(self) -> dict[str, str]:
        """Every current problem, keyed by field (shown or not)."""
        errors = field_errors(self.gegevens(), today=self._today())
        datum = self._edit("geboortedatum").text().strip()
        if datum and parse_date(datum) is None:
            errors["geboortedatum"] = self.tr(
                "'{tekst}' is geen geldige datum. Vul de geboortedatum in als dd-mm-jjjj, "
                "bijvoorbeeld 05-03-1984."
            ).format(tekst=datum)
        return errors

    def is_valid(self) -> bool:
        return not self.errors() and not self._service_errors

    def is_modified(self) -> bool:
        return self.gegevens() != self._baseline

    def error_text(self, name: str) -> str:
        """The message shown next to a field now ('' when none is shown)."""
        form, row = self._error_rows[name]
        return self._error_labels[name].text() if form.isRowVisible(row) else ""

    def summary(self) -> str:
        """One line for next to the save button: what is still in the way."""
        count = len(self.errors().keys() | self._service_errors.keys())
        if count == 0:
            return ""
        if count == 1:
            return self.tr("Nog 1 veld in te vullen of te verbeteren.")
        return self.tr("Nog {n} velden in te vullen of te verbeteren.").format(n=count)

    def show_all_errors(self) -> None:
        """After a save attempt: show the message of every field."""
        self._show_all = True
        self._refresh()

    def set_errors(self, errors: dict[str, str]) -> None:
        """Errors a save returned (e.g. a BSN that is already registered)."""
        self._service_errors = dict(errors)
        self._refresh()

    def focus_first_error(self) -> None:
        shown = self.errors() | self._service_errors
        for name in FIELD_ORDER:
            if name in shown:
                self._inputs[name].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # --- reacting to the user -------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self._pending.add(name)
        self._service_errors.pop(name, None)
        self._idle.start()
        self._refresh()

    def _on_editing_finished(self, name: str) -> None:
        if name in self._pending:
            self._pending.discard(name)
            self._touched.add(name)
            self._refresh()

    def _on_chosen(self, name: str) -> None:
        self._touched.add(name)
        self._service_errors.pop(name, None)
        self._refresh()

    @Slot()
    def _commit_pending(self) -> None:
        self._touched |= self._pending
        self._pending.clear()
        self._refresh()

    def _refresh(self) -> None:
        errors = self.errors()
        for name in self._error_labels:
            message = self._service_errors.get(name)
            if message is None and (
                self._show_all or name in self._touched or self.error_text(name)
            ):
                message = errors.get(name)
            self._set_error(name, message)
        general = [m for k, m in self._service_errors.items() if k not in self._error_labels]
        self._general_error.setText("\n".join(general))
        self._general_error.setVisible(bool(general))
        valid = not errors and not self._service_errors
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self.changed.emit()

    def _set_error(self, name: str, message: str | None) -> None:
        form, row = self._error_rows[name]
        label = self._error_labels[name]
        label.setText(message or "")
        form.setRowVisible(row, bool(message))
        self._inputs[name].setAccessibleDescription(message or "")
