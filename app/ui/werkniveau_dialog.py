"""Adding a step to the work-level scale or changing its description, for the functioneel
beheerder. Field messages come from the service and appear next to the fields."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import DomainError, ValidationError
from app.services.ontwikkelplannen import zet_werkniveau
from app.ui.context import UiContext
from app.ui.login import BusyCursor, heading
from app.ui.widgets import FieldErrors, make_error_label, make_hint

# The change-signal kind for the work-level scale (id = the niveau).
WERKNIVEAU = "werkniveau"
MIN_NIVEAU, MAX_NIVEAU = 1, 20


class WerkniveauDialog(QDialog):
    """A new step (`omschrijving` None) or a new description for step `niveau`."""

    def __init__(
        self,
        ctx: UiContext,
        *,
        bestaande: Collection[int],
        niveau: int | None = None,
        omschrijving: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.bestaande = set(bestaande)
        self.nieuw = omschrijving is None
        self.saved_niveau: int | None = None
        title = (
            self.tr("Werkniveau toevoegen")
            if self.nieuw
            else self.tr("Werkniveau {n} wijzigen").format(n=niveau)
        )
        self.setWindowTitle(title)

        self.niveau = QSpinBox()
        self.niveau.setRange(MIN_NIVEAU, MAX_NIVEAU)
        # The size of a number, not the width of the form.
        self.niveau.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        if niveau is None:  # the first free step above the scale, else the first free one
            vrij = [n for n in range(MIN_NIVEAU, MAX_NIVEAU + 1) if n not in self.bestaande]
            boven = [n for n in vrij if n > max(self.bestaande, default=0)]
            niveau = (boven or vrij or [MAX_NIVEAU])[0]
        self.niveau.setValue(niveau)
        if not self.nieuw:
            self.niveau.setReadOnly(True)
            self.niveau.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            self.niveau.setToolTip(self.tr("Het nummer van een werkniveau verandert niet."))
        self.omschrijving = QLineEdit(omschrijving or "")
        self.omschrijving.setMaxLength(200)
        self.omschrijving.setPlaceholderText(self.tr("wat iemand op dit niveau kan"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add(
            "niveau", self.tr("&Niveau *") if self.nieuw else self.tr("&Niveau"), self.niveau
        )
        self.errors.add("omschrijving", self.tr("&Omschrijving *"), self.omschrijving)
        self.niveau.valueChanged.connect(lambda _v: self.errors.clear("niveau"))
        self.omschrijving.textEdited.connect(lambda _t: self.errors.clear("omschrijving"))

        save = QPushButton(self.tr("Toe&voegen") if self.nieuw else self.tr("Op&slaan"))
        save.setDefault(True)
        cancel = QPushButton(self.tr("Annuleren"))
        buttons = QDialogButtonBox()
        buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        save.clicked.connect(self.save)
        self.save_button = save

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addLayout(form)
        layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "Hoe hoger het niveau, hoe zelfstandiger het werk. Plannen en metingen "
                        "tonen het nummer met deze omschrijving."
                    )
                )
            )
        )
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        (self.niveau if self.nieuw else self.omschrijving).setFocus()

    @Slot()
    def save(self) -> None:
        niveau = self.niveau.value()
        if self.nieuw and niveau in self.bestaande:
            self.errors.set_errors(
                {
                    "niveau": self.tr(
                        "Werkniveau {n} staat al op de schaal; kies een ander nummer, of "
                        "Wijzigen om de omschrijving aan te passen."
                    ).format(n=niveau)
                }
            )
            self.niveau.setFocus()
            return
        try:
            with BusyCursor(), self._ctx.unit_of_work() as (session, actor):
                zet_werkniveau(
                    session, actor=actor, niveau=niveau, omschrijving=self.omschrijving.text()
                )
        except ValidationError as error:
            self.errors.set_errors(error.errors)
            self.errors.focus_first()
            return
        except DomainError as error:
            self.errors.set_errors({"": error.message})
            return
        self.saved_niveau = niveau
        self._ctx.changes.notify(WERKNIVEAU, niveau)
        self.accept()
