"""The status of one inwoner, read-only: what a klantmanager gemeente may see instead of the
dossier (name, date of birth, gemeente, regievoerder, labels, whether the dossier is closed)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.services.errors import DomainError, NotFoundError
from app.services.inwoners import inwoner_status
from app.services.text import format_date
from app.ui import signals
from app.ui.context import UiContext
from app.ui.dossier import InwonerPage, name_font
from app.ui.errors import show_domain_error
from app.ui.widgets import make_hint


class StatusView(InwonerPage):
    FIELDS = ("geboortedatum", "gemeente", "regievoerder", "traject", "labels", "dossier")

    def __init__(self, ctx: UiContext, inwoner_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(ctx, inwoner_id, parent)
        self.name_label = QLabel()
        self.name_label.setFont(name_font(self))
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = make_hint(
            QLabel(
                self.tr(
                    "U ziet de status van deze inwoner (alleen lezen). Het dossier zelf is "
                    "alleen toegankelijk voor de medewerkers die de inwoner begeleiden."
                )
            )
        )
        self.values: dict[str, QLabel] = {}
        box = QGroupBox(self.tr("Status"))
        form = QFormLayout(box)
        labels = {
            "geboortedatum": self.tr("Geboortedatum"),
            "gemeente": self.tr("Gemeente"),
            "regievoerder": self.tr("Regievoerder"),
            "traject": self.tr("Traject"),
            "labels": self.tr("Doelgroepen en labels"),
            "dossier": self.tr("Dossier"),
        }
        for name in self.FIELDS:
            value = QLabel()
            value.setObjectName(name)
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            value.setAccessibleName(labels[name])
            form.addRow(labels[name] + ":", value)
            self.values[name] = value

        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(hint)
        layout.addWidget(box)
        layout.addStretch(1)
        ctx.changes.changed.connect(self._on_changed)

    def load(self) -> None:
        with self._ctx.unit_of_work() as (session, actor):
            status = inwoner_status(session, actor=actor, inwoner_id=self.inwoner_id)
        self.naam = status.naam
        self.name_label.setText(status.naam)
        self.values["geboortedatum"].setText(format_date(status.geboortedatum))
        self.values["gemeente"].setText(status.gemeente)
        self.values["regievoerder"].setText(status.regievoerder or self.tr("nog niet toegewezen"))
        self.values["traject"].setText(status.traject or self.tr("geen lopend traject"))
        self.values["labels"].setText(", ".join(status.labels) or self.tr("geen"))
        self.values["dossier"].setText(
            self.tr("gesloten op {datum}").format(datum=format_date(status.dossier_gesloten_op))
            if status.dossier_gesloten_op is not None
            else self.tr("lopend")
        )
        self.title_changed.emit(status.naam)

    def focus_first(self) -> None:
        self.values["geboortedatum"].setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str, object)
    def _on_changed(self, kind: str, item_id: object) -> None:
        if kind != signals.INWONER or item_id != self.inwoner_id:
            return
        try:
            self.load()
        except NotFoundError:
            self.close_requested.emit()
        except DomainError as error:
            show_domain_error(self, error)
            self.close_requested.emit()
