"""Never lose typing: the autosave of long forms and how drafts are offered back.

`DraftKeeper` serves one form (the contact note, the IOP concept, the intake report). The view
that holds the form tells it which record the form shows (`track`, right after filling in the
stored values), when the user edits (`edited`) and when a save or a deliberate discard makes
the draft superfluous (`forget`). A moment after the last edit the keeper writes the form's
values to the draft store (app/drafts.py) — only while they differ from what was loaded; an
edit back to the stored state deletes the draft at once. When `track` is given a draft, the
keeper puts its values in the form and shows `DraftBar`: "Niet opgeslagen wijzigingen hersteld",
the time of the draft, a warning when the record changed since, and "Verwerpen".

`DraftsDialog` is what the main window shows once after sign-in when drafts exist: one line per
draft, with "Openen" (the dossier at that form) and "Verwerpen…".
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.drafts import CONTACT_NOTE, INTAKE, PLAN, Draft, DraftStore
from app.services.text import AMSTERDAM
from app.ui.context import UiContext
from app.ui.errors import ask, tr
from app.ui.widgets import make_hint, with_mnemonic

log = logging.getLogger(__name__)

# Long enough not to write on every keystroke, short enough that little is lost in a crash.
SAVE_DELAY_MS = 1500
BAR_STYLE = (
    "QFrame#concept { background: #fff4ce; border: 1px solid #e0c060; border-radius: 3px; }"
    " QFrame#concept QLabel { color: #4d3800; }"
)
# Letters taken around a form in a dossier, which the bar's button must not use: the menu bar
# (Bestand, Ga naar, Dossier, Help) and the dossier's tabs (Personalia, Contactjournaal,
# Ontwikkelplan, Traject, Loonwaarde, Schuldhulp).
DOSSIER_MNEMONICS = frozenset("BGDHPCNJRU")
# The dossier part that holds each kind of form (see DossierView.show_section).
SECTIONS = {CONTACT_NOTE: "contactjournaal", PLAN: "ontwikkelplan", INTAKE: "traject"}


def store_for(ctx: UiContext) -> DraftStore:
    """The drafts of the signed-in medewerker on the database this window works on."""
    return DraftStore(medewerker_id=ctx.actor_id, database=ctx.database_label)


def kind_label(kind: str) -> str:
    return {
        CONTACT_NOTE: tr("Contactnotitie"),
        PLAN: tr("Ontwikkelplan (concept)"),
        INTAKE: tr("Intakeverslag"),
    }[kind]


def format_saved_at(moment: datetime, today: date | None = None) -> str:
    """The draft's time for a list: 14:32 today, else 12-11-2026 14:32 (Dutch time)."""
    local = moment.astimezone(AMSTERDAM)
    today = today or datetime.now(AMSTERDAM).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d-%m-%Y %H:%M")


class DraftBar(QFrame):
    """The yellow bar over a form whose unsaved values were restored from a draft."""

    discard_requested = Signal()

    def __init__(self, used_mnemonics: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("concept")
        self.setStyleSheet(BAR_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.discard_button = QPushButton(with_mnemonic(self.tr("Verwerpen"), used_mnemonics))
        self.discard_button.setAutoDefault(False)
        self.discard_button.setToolTip(
            self.tr("De herstelde wijzigingen weggooien en de opgeslagen gegevens tonen")
        )
        self.discard_button.clicked.connect(self.discard_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.discard_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_restored(self, draft: Draft, *, record_changed: bool,
                      both: list[str] | None = None) -> None:  # fmt: skip
        """`both`: after merging onto a colleague's save, the fields you both changed (None:
        not merged)."""
        local = draft.saved_at.astimezone(AMSTERDAM)
        if local.date() == datetime.now(AMSTERDAM).date():
            when = self.tr("om {tijd}").format(tijd=local.strftime("%H:%M"))
        else:
            when = self.tr("op {datum} om {tijd}").format(
                datum=local.strftime("%d-%m-%Y"), tijd=local.strftime("%H:%M")
            )
        text = self.tr("Niet opgeslagen wijzigingen hersteld (bewaard {moment}).").format(
            moment=when
        )
        if record_changed and both is None:
            text += " " + self.tr(
                "Het dossier is intussen gewijzigd; controleer de gegevens voordat u opslaat."
            )
        elif record_changed:
            text += " " + self.tr(
                "Een collega heeft het intussen gewijzigd: alleen uw eigen wijzigingen zijn "
                "teruggezet, de rest is wat de collega opsloeg."
            )
            if both:
                text += " " + self.tr(
                    "Bij {n} gegeven(s) wijzigden u allebei iets; daar staat uw versie: "
                    "controleer die voordat u opslaat."
                ).format(n=len(both))
        text += " " + self.tr("Sla ze op, of kies Verwerpen om ze weg te gooien.")
        self.label.setText(text)
        self.setAccessibleName(text)
        self.show()


class DraftKeeper(QObject):
    """Keeps the draft of one form (see the module): `values()` gives the form's values as
    JSON values, `restore(draft)` puts a draft's values in the form without making them the
    stored state, `modified()` (by default: values differ from those at `track`) says whether
    there is anything to keep."""

    def __init__(
        self,
        ctx: UiContext,
        kind: str,
        *,
        values: Callable[[], dict[str, Any]],
        restore: Callable[[Draft], None],
        modified: Callable[[], bool] | None = None,
        used_mnemonics: set[str],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.store = store_for(ctx)
        self.kind = kind
        self._values = values
        self._restore = restore
        self._modified = modified or (lambda: self._values() != self._stored)
        self._stored: dict[str, Any] = {}
        self._restoring = False
        self.record_id: uuid.UUID | None = None  # the record whose draft is kept; None: none
        self.inwoner_id: uuid.UUID | None = None
        self.versie: int | None = None  # the record's version the form's values start from
        self.bar = DraftBar(used_mnemonics)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)

    def find(self, record_id: uuid.UUID) -> Draft | None:
        return self.store.load(self.kind, record_id)

    def track(self, record_id: uuid.UUID, inwoner_id: uuid.UUID, versie: int | None, *,
              offer: Draft | None = None) -> None:  # fmt: skip
        """The form now shows this record as stored (`versie`: the version a save passes,
        None for a new record). With `offer`, that draft's values go into the form."""
        self.timer.stop()
        self.record_id, self.inwoner_id, self.versie = record_id, inwoner_id, versie
        self._stored = self._values()
        if offer is None:
            self.bar.hide()
            return
        changed = offer.versie is not None and versie is not None and offer.versie != versie
        both: list[str] | None = None
        if changed and offer.basis is not None:
            # A colleague saved the record since: only the user's own changes go back on top
            # of it, so nothing of theirs is overwritten unseen.
            values, both = offer.merged_onto(self._stored)
            offer = replace(offer, values=values)
        else:
            # Later drafts keep the version this one started from, so that after another
            # crash the warning about a record changed in between is given again.
            self.versie = offer.versie
        self._restoring = True
        try:
            self._restore(offer)
        finally:
            self._restoring = False
        self.bar.show_restored(offer, record_changed=changed, both=both)

    def release(self) -> None:
        """The form no longer shows an editable record (its draft, if any, stays)."""
        self.timer.stop()
        self.record_id = self.inwoner_id = self.versie = None
        self.bar.hide()

    @Slot()
    def edited(self) -> None:
        """The user changed the form: keep it a moment from now, or drop the draft when the
        form is back at what is stored."""
        if self.record_id is None or self._restoring:
            return
        if self._modified():
            self.timer.start()
        else:
            self.forget()

    @Slot()
    def forget(self) -> None:
        """Saved or deliberately discarded: the draft goes."""
        self.timer.stop()
        self.bar.hide()
        if self.record_id is not None:
            try:
                self.store.delete(self.kind, self.record_id)
            except OSError:
                log.warning("Concept van %s kon niet worden verwijderd", self.kind, exc_info=True)

    @Slot()
    def save_now(self) -> None:
        """Write the draft now (the timer does this a moment after the last edit)."""
        self.timer.stop()
        if self.record_id is None or self.inwoner_id is None:
            return
        if not self._modified():
            self.forget()
            return
        try:
            self.store.save(self.kind, self.record_id, inwoner_id=self.inwoner_id,
                            versie=self.versie, values=self._values(),
                            basis=self._stored)  # fmt: skip
        except OSError:
            # Autosave must never interrupt the typing; the form itself still holds it all.
            log.warning("Concept van %s kon niet worden bewaard", self.kind, exc_info=True)


class DraftsDialog(QDialog):
    """After sign-in: the drafts left from an earlier session, to open or throw away."""

    open_requested = Signal(object)  # the Draft

    def __init__(self, store: DraftStore, drafts: Sequence[Draft],
                 names: dict[uuid.UUID, str], parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Niet opgeslagen wijzigingen"))
        intro = make_hint(QLabel(self.tr(
            "Koers heeft wijzigingen bewaard die nog niet waren opgeslagen, bijvoorbeeld "
            "omdat Koers onverwacht werd afgesloten. Open ze om ze te controleren en op te "
            "slaan.")))  # fmt: skip
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Niet opgeslagen wijzigingen"))
        for draft in drafts:
            naam = names.get(draft.inwoner_id) or self.tr("inwoner buiten uw lijst")
            text = f"{kind_label(draft.kind)} – {naam}, {format_saved_at(draft.saved_at)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, draft)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        # Enter reaches the default button (Openen); a double click opens as well.
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton(self.tr("&Openen"))
        self.open_button.setToolTip(self.tr("Het dossier openen bij dit formulier"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.discard_button = QPushButton(self.tr("&Verwerpen…"))
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.discard_selected)
        self.close_button = QPushButton(self.tr("&Sluiten"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(560, 280)

    def texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _take_selected(self) -> Draft | None:
        """Remove the chosen line (closing the dialog after the last) and return its draft."""
        row = self.list.currentRow()
        if row < 0:
            return None
        draft = self.list.takeItem(row).data(Qt.ItemDataRole.UserRole)
        if self.list.count() == 0:
            self.accept()
        return draft

    @Slot()
    def open_selected(self) -> None:
        draft = self._take_selected()
        if draft is not None:
            self.open_requested.emit(draft)

    @Slot()
    def discard_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or not ask(
            self,
            self.tr("Wijzigingen verwerpen"),
            self.tr("Wilt u deze niet-opgeslagen wijzigingen weggooien?\n\n{regel}").format(
                regel=item.text()
            ),
            yes=self.tr("Weggooien"),
            no=self.tr("Bewaren"),
        ):
            return
        draft = self._take_selected()
        if draft is not None:
            self.store.delete(draft.kind, draft.record_id)
