"""An inwoner's contact journal: a form to add a contact and the list, newest first.

The form keeps a draft while something is typed (app/ui/drafts.py): after a crash the note is
offered back when the journal of that inwoner is opened again.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.drafts import CONTACT_NOTE
from app.models import Contactmoment, Kanaal
from app.services.contactmomenten import (
    ContactGegevens,
    add_contactmoment,
    field_errors,
    list_contactmomenten,
)
from app.services.errors import DomainError, ValidationError
from app.services.text import format_date, parse_date
from app.ui import settings, signals
from app.ui.context import UiContext
from app.ui.drafts import DOSSIER_MNEMONICS, DraftKeeper
from app.ui.errors import show_domain_error
from app.ui.inwoner_form import SHOW_ERROR_AFTER_MS
from app.ui.table import ReadOnlyTableModel
from app.ui.widgets import FieldLabel, find_data, make_error_label, make_hint, mnemonics_of

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ContactRij:
    """One journal line as plain values."""

    datum: date
    kanaal: str
    auteur: str
    samenvatting: str
    vervolg: str
    vertrouwelijk: bool

    @classmethod
    def from_contactmoment(cls, contact: Contactmoment) -> ContactRij:
        vervolg = contact.vervolgactie or ""
        if contact.vervolgdatum is not None:
            vervolg = (
                f"{format_date(contact.vervolgdatum)}: {vervolg}"
                if vervolg
                else (format_date(contact.vervolgdatum))
            )
        return cls(
            datum=contact.datum,
            kanaal=contact.kanaal.label,
            auteur=contact.auteur.naam if contact.auteur else "",
            samenvatting=contact.samenvatting,
            vervolg=vervolg,
            vertrouwelijk=contact.vertrouwelijk,
        )


class ContactTableModel(ReadOnlyTableModel):
    """The few contacts of one inwoner; small enough to hold completely."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self._headers = [self.tr("Datum"), self.tr("Kanaal"), self.tr("Door"),
                         self.tr("Samenvatting"), self.tr("Vervolgactie")]  # fmt: skip
        self._rows: list[ContactRij] = []

    def set_rows(self, rows: list[ContactRij]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ContactRij]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rij = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return format_date(rij.datum)
            if column == 1:
                return rij.kanaal
            if column == 2:
                return rij.auteur
            if column == 3:
                prefix = self.tr("[Vertrouwelijk] ") if rij.vertrouwelijk else ""
                return prefix + rij.samenvatting
            return rij.vervolg
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return rij.samenvatting if column == 3 else rij.vervolg
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class ContactJournal(QWidget):
    """Add contacts to one inwoner's journal and read it back, newest first."""

    FIELDS = ("datum", "kanaal", "samenvatting", "vervolgactie", "vervolgdatum")

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        reden: str | None = None,
        can_add: bool = True,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.inwoner_id = inwoner_id
        self.reden = reden  # break-the-glass reason the dossier was opened with, if any
        self.can_add = can_add
        self._today = today
        self._geboortedatum: date | None = None
        self._touched: set[str] = set()
        self._pending: set[str] = set()
        self._service_errors: dict[str, str] = {}
        self._show_all = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(SHOW_ERROR_AFTER_MS)
        self._idle.timeout.connect(self._commit_pending)
        self._build()
        self._reset_form()
        ctx.changes.changed.connect(self._on_changed)
        if can_add:
            # The note is new, so its draft is keyed by the inwoner and has no version.
            self.drafts.track(inwoner_id, inwoner_id, None, offer=self.drafts.find(inwoner_id))

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.datum = QDateEdit()
        self.datum.setDisplayFormat("dd-MM-yyyy")
        self.datum.setCalendarPopup(True)
        self.datum.setMaximumWidth(150)
        self.kanaal = QComboBox()
        self.kanaal.addItem(self.tr("Kies het kanaal…"), None)
        for kanaal in Kanaal:
            self.kanaal.addItem(kanaal.label, kanaal)
        self.samenvatting = QPlainTextEdit()
        self.samenvatting.setTabChangesFocus(True)
        self.samenvatting.setPlaceholderText(self.tr("Wat is er besproken of gebeurd?"))
        self.samenvatting.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.vervolgactie = QLineEdit()
        self.vervolgactie.setPlaceholderText(self.tr("Bijvoorbeeld: cv nasturen naar werkgever"))
        self.vervolgdatum = QLineEdit()
        self.vervolgdatum.setPlaceholderText(self.tr("dd-mm-jjjj (optioneel)"))
        self.vervolgdatum.setMaximumWidth(150)
        self.vervolgdatum.setMaxLength(10)
        self.vertrouwelijk = QCheckBox(self.tr("&Vertrouwelijk"))
        self.vertrouwelijk.setToolTip(
            self.tr("Markeer dit contact als vertrouwelijk (gevoelige informatie).")
        )

        self.datum.dateChanged.connect(lambda _d: self._on_edited("datum", pending=False))
        self.kanaal.activated.connect(lambda _i: self._on_edited("kanaal", pending=False))
        self.samenvatting.textChanged.connect(lambda: self._on_edited("samenvatting"))
        self.vervolgactie.textEdited.connect(lambda _t: self._on_edited("vervolgactie"))
        self.vervolgdatum.textEdited.connect(lambda _t: self._on_edited("vervolgdatum"))
        self.vervolgactie.editingFinished.connect(lambda: self._commit_field("vervolgactie"))
        self.vervolgdatum.editingFinished.connect(lambda: self._commit_field("vervolgdatum"))

        inputs: dict[str, QWidget] = {
            "datum": self.datum,
            "kanaal": self.kanaal,
            "samenvatting": self.samenvatting,
            "vervolgactie": self.vervolgactie,
            "vervolgdatum": self.vervolgdatum,
        }
        labels = {
            "datum": self.tr("&Datum *"),
            "kanaal": self.tr("&Kanaal *"),
            "samenvatting": self.tr("&Samenvatting *"),
            "vervolgactie": self.tr("V&ervolgactie"),
            "vervolgdatum": self.tr("Vervolg&datum"),
        }
        box = QGroupBox(self.tr("Nieuw contactmoment"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._error_labels: dict[str, QLabel] = {}
        self._error_rows: dict[str, int] = {}
        self._form_layout = form
        for name in self.FIELDS:
            label = FieldLabel(labels[name], inputs[name])
            if name == "datum":
                row_widget = QWidget()
                row = QHBoxLayout(row_widget)
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(self.datum)
                row.addSpacing(12)
                row.addWidget(self.vertrouwelijk)
                row.addStretch(1)
                form.addRow(label, row_widget)
            else:
                form.addRow(label, inputs[name])
            error = make_error_label(name)
            index = form.rowCount()
            form.setWidget(index, QFormLayout.ItemRole.FieldRole, error)
            form.setRowVisible(index, False)
            self._error_labels[name] = error
            self._error_rows[name] = index

        self.add_button = QPushButton(self.tr("&Toevoegen"))
        self.add_button.setToolTip(self.tr("Toevoegen (Ctrl+Enter)"))
        self.add_button.clicked.connect(self.add)
        self.status = QLabel()
        make_hint(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.add_button)
        form.addRow(buttons)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.add)

        self.model = ContactTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for column, width in enumerate((100, 170, 150, 420, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Contactmomenten"))
        state = settings.CONTACT_LIST_HEADER.get()
        if not state.isEmpty():
            header.restoreState(state)

        self.empty = QLabel(self.tr("Nog geen contactmomenten."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        make_hint(self.empty)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.list_title = QLabel()
        self.read_only_hint = make_hint(
            QLabel(self.tr("U kunt het contactjournaal lezen, maar er niets aan toevoegen."))
        )
        self.drafts = DraftKeeper(
            self._ctx,
            CONTACT_NOTE,
            values=self.draft_values,
            restore=lambda draft: self.restore_draft(draft.values),
            # Like the dossier's question on closing: only typed text counts as unsaved.
            modified=self.is_modified,
            used_mnemonics=set(DOSSIER_MNEMONICS) | mnemonics_of(box),
            parent=self,
        )
        self.drafts.bar.discard_requested.connect(self.discard_draft)
        # textChanged (not textEdited): the dossier clears these fields itself when the user
        # throws the edits away, and then the draft must go too.
        for signal in (self.samenvatting.textChanged, self.vervolgactie.textChanged,
                       self.vervolgdatum.textChanged, self.datum.dateChanged,
                       self.kanaal.currentIndexChanged, self.vertrouwelijk.toggled):  # fmt: skip
            signal.connect(self.drafts.edited)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_hint)
        layout.addWidget(self.drafts.bar)
        layout.addWidget(box)
        self.form_box = box
        if self.can_add:
            self.read_only_hint.hide()
        if not self.can_add:
            box.hide()
        layout.addWidget(self.list_title)
        layout.addWidget(self.stack, 1)

        QWidget.setTabOrder(self.datum, self.vertrouwelijk)
        QWidget.setTabOrder(self.vertrouwelijk, self.kanaal)
        QWidget.setTabOrder(self.kanaal, self.samenvatting)
        QWidget.setTabOrder(self.samenvatting, self.vervolgactie)
        QWidget.setTabOrder(self.vervolgactie, self.vervolgdatum)
        QWidget.setTabOrder(self.vervolgdatum, self.add_button)
        QWidget.setTabOrder(self.add_button, self.table)

    # --- data -----------------------------------------------------------------------------

    def set_geboortedatum(self, geboortedatum: date | None) -> None:
        self._geboortedatum = geboortedatum
        self._refresh()

    def load(self) -> None:
        """(Re)read the journal; a short query in the GUI thread."""
        with self._ctx.unit_of_work() as (session, actor):
            contacts = list_contactmomenten(
                session, actor=actor, inwoner_id=self.inwoner_id, reden=self.reden
            )
            rows = [ContactRij.from_contactmoment(c) for c in contacts]
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.list_title.setVisible(bool(rows))
        if len(rows) == 1:
            self.list_title.setText(self.tr("1 contactmoment, nieuwste eerst"))
        else:
            self.list_title.setText(
                self.tr("{n} contactmomenten, nieuwste eerst").format(n=len(rows))
            )

    def gegevens(self) -> ContactGegevens:
        return ContactGegevens(
            datum=self.datum.date().toPython(),
            kanaal=self.kanaal.currentData(),
            samenvatting=self.samenvatting.toPlainText(),
            vervolgactie=self.vervolgactie.text(),
            vervolgdatum=parse_date(self.vervolgdatum.text()),
            vertrouwelijk=self.vertrouwelijk.isChecked(),
        )

    def errors(self) -> dict[str, str]:
        errors = field_errors(
            self.gegevens(), geboortedatum=self._geboortedatum, today=self._today()
        )
        vervolgdatum = self.vervolgdatum.text().strip()
        if vervolgdatum and parse_date(vervolgdatum) is None:
            errors["vervolgdatum"] = self.tr(
                "'{tekst}' is geen geldige datum. Vul de vervolgdatum in als dd-mm-jjjj."
            ).format(tekst=vervolgdatum)
        return errors

    def is_valid(self) -> bool:
        return not self.errors() and not self._service_errors

    def is_modified(self) -> bool:
        """Something typed that is not yet added."""
        return bool(
            self.samenvatting.toPlainText().strip()
            or self.vervolgactie.text().strip()
            or self.vervolgdatum.text().strip()
        )

    def error_text(self, name: str) -> str:
        index = self._error_rows[name]
        label = self._error_labels[name]
        return label.text() if self._form_layout.isRowVisible(index) else ""

    @Slot()
    def add(self) -> None:
        """Add the contact when valid; otherwise show every field's message."""
        if not self.can_add:
            return
        if not self.is_valid():
            self._show_all = True
            self._refresh()
            return
        gegevens = self.gegevens()
        try:
            with self._ctx.unit_of_work() as (session, actor):
                add_contactmoment(
                    session,
                    actor=actor,
                    inwoner_id=self.inwoner_id,
                    gegevens=gegevens,
                    reden=self.reden,
                )
        except ValidationError as error:
            self._service_errors = dict(error.errors)
            self._refresh()
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self._reset_form()
        self.drafts.forget()
        self._ctx.changes.notify(signals.CONTACTMOMENT, self.inwoner_id)
        self.samenvatting.setFocus()

    @Slot()
    def discard_draft(self) -> None:
        """The bar's Verwerpen: an empty form, and the draft goes."""
        self._reset_form()
        self.drafts.forget()

    def draft_values(self) -> dict[str, Any]:
        """The form as typed (the follow-up date as its text), as JSON values."""
        kanaal = self.kanaal.currentData()
        return {
            "datum": self.datum.date().toPython().isoformat(),
            "kanaal": str(kanaal) if kanaal is not None else None,
            "samenvatting": self.samenvatting.toPlainText(),
            "vervolgactie": self.vervolgactie.text(),
            "vervolgdatum": self.vervolgdatum.text(),
            "vertrouwelijk": self.vertrouwelijk.isChecked(),
        }

    def restore_draft(self, values: dict[str, Any]) -> None:
        """Fill the form with a draft's values (a value the draft lacks or that is no longer
        valid keeps what the form shows)."""
        widgets = (self.datum, self.kanaal, self.samenvatting, self.vervolgactie,
                   self.vervolgdatum, self.vertrouwelijk)  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        try:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self.datum.setDate(QDate(date.fromisoformat(values["datum"])))
            with contextlib.suppress(KeyError, ValueError):
                kanaal = Kanaal(values["kanaal"])
                self.kanaal.setCurrentIndex(max(find_data(self.kanaal, kanaal), 0))
            self.samenvatting.setPlainText(str(values.get("samenvatting", "")))
            self.vervolgactie.setText(str(values.get("vervolgactie", "")))
            self.vervolgdatum.setText(str(values.get("vervolgdatum", "")))
            self.vertrouwelijk.setChecked(bool(values.get("vertrouwelijk", False)))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._refresh()

    def save_settings(self) -> None:
        settings.CONTACT_LIST_HEADER.set(self.table.horizontalHeader().saveState())

    # --- form state -----------------------------------------------------------------------

    def _reset_form(self) -> None:
        for widget in (self.datum, self.samenvatting):
            widget.blockSignals(True)
        self.datum.setDate(QDate(self._today()))
        self.samenvatting.clear()
        for widget in (self.datum, self.samenvatting):
            widget.blockSignals(False)
        self.kanaal.setCurrentIndex(0)
        self.vervolgactie.clear()
        self.vervolgdatum.clear()
        self.vertrouwelijk.setChecked(False)
        self._touched.clear()
        self._pending.clear()
        self._service_errors.clear()
        self._show_all = False
        self._refresh()

    def _on_edited(self, name: str, *, pending: bool = True) -> None:
        self._service_errors.pop(name, None)
        if pending:
            self._pending.add(name)
            self._idle.start()
        else:
            self._touched.add(name)
        self._refresh()

    def _commit_field(self, name: str) -> None:
        if name in self._pending:
            self._pending.discard(name)
            self._touched.add(name)
            self._refresh()

    @Slot()
    def _commit_pending(self) -> None:
        self._touched |= self._pending
        self._pending.clear()
        self._refresh()

    def _refresh(self) -> None:
        errors = self.errors()
        for name, label in self._error_labels.items():
            message = self._service_errors.get(name)
            if message is None and (
                self._show_all or name in self._touched or self.error_text(name)
            ):
                message = errors.get(name)
            label.setText(message or "")
            self._form_layout.setRowVisible(self._error_rows[name], bool(message))
        valid = not errors and not self._service_errors
        self.add_button.setEnabled(valid)
        count = len(errors.keys() | self._service_errors.keys())
        if valid or not (self._touched or self._show_all or self._pending):
            self.status.setText("")
        else:
            self.status.setText(
                self.tr("Nog 1 veld in te vullen of te verbeteren.")
                if count == 1
                else self.tr("Nog {n} velden in te vullen of te verbeteren.").format(n=count)
            )

    @Slot(str, object)
    def _on_changed(self, kind: str, item_id: object) -> None:
        if kind == signals.CONTACTMOMENT and item_id == self.inwoner_id:
            self.load()
        elif kind == signals.INWONER and item_id == self.inwoner_id:
            self.load()  # author names or the inwoner itself may have changed
