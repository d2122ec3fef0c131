"""Adding and changing medewerkers (accounts), and setting a new password, for the
functioneel beheerder. Field messages come from the services and appear next to the fields."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models import Medewerker, Rol
from app.services.errors import ConflictError, DomainError, ValidationError
from app.services.medewerkers import nieuwe_medewerker, reset_wachtwoord, wijzig_medewerker
from app.services.wachtwoorden import MIN_LENGTE
from app.ui import signals
from app.ui.choices import Choice
from app.ui.context import UiContext
from app.ui.errors import show_domain_error
from app.ui.login import BusyCursor, heading, password_edit
from app.ui.widgets import FieldErrors, make_error_label, make_hint, select_data


@dataclass(frozen=True)
class MedewerkerRij:
    """One account as plain values, for the table and the dialogs."""

    id: uuid.UUID
    naam: str
    gebruikersnaam: str
    rollen: frozenset[Rol]
    team_id: uuid.UUID | None
    team: str
    gemeente_id: uuid.UUID | None
    actief: bool
    geblokkeerd: bool
    kan_aanmelden: bool
    versie: int

    @classmethod
    def from_medewerker(cls, medewerker: Medewerker, now: datetime | None = None) -> MedewerkerRij:
        now = now or datetime.now(UTC)
        return cls(
            id=medewerker.id,
            naam=medewerker.naam,
            gebruikersnaam=medewerker.gebruikersnaam,
            rollen=medewerker.rollen,
            team_id=medewerker.team_id,
            team=medewerker.team.naam if medewerker.team is not None else "",
            gemeente_id=medewerker.gemeente_id,
            actief=medewerker.actief,
            geblokkeerd=medewerker.geblokkeerd_tot is not None and medewerker.geblokkeerd_tot > now,
            kan_aanmelden=medewerker.wachtwoord_hash is not None,
            versie=medewerker.versie,
        )

    def rollen_tekst(self) -> str:
        return ", ".join(rol.label for rol in Rol if rol in self.rollen)


def _buttons(dialog: QDialog, save_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    save = QPushButton(save_text)
    save.setDefault(True)
    cancel = QPushButton(dialog.tr("Annuleren"))
    buttons = QDialogButtonBox()
    buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    cancel.clicked.connect(dialog.reject)
    return buttons, save


class MedewerkerDialog(QDialog):
    """A new account (`bestaand` None) or changes to an existing one."""

    def __init__(
        self,
        ctx: UiContext,
        *,
        teams: Sequence[Choice],
        gemeenten: Sequence[Choice],
        bestaand: MedewerkerRij | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.bestaand = bestaand
        self.saved_id: uuid.UUID | None = None
        nieuw = bestaand is None
        self.setWindowTitle(
            self.tr("Nieuwe medewerker") if nieuw else self.tr("Medewerker wijzigen")
        )

        self.naam = QLineEdit(bestaand.naam if bestaand else "")
        self.naam.setMaxLength(200)
        self.gebruikersnaam = QLineEdit(bestaand.gebruikersnaam if bestaand else "")
        self.gebruikersnaam.setMaxLength(64)
        self.gebruikersnaam.setReadOnly(not nieuw)
        if nieuw:
            self.gebruikersnaam.setPlaceholderText(self.tr("kleine letters, bijvoorbeeld jdevries"))
        else:
            self.gebruikersnaam.setToolTip(self.tr("Een gebruikersnaam verandert niet."))
        self.wachtwoord = password_edit()
        self.herhaling = password_edit()

        self.rollen: dict[Rol, QCheckBox] = {}
        rollen_widget = QWidget()
        grid = QGridLayout(rollen_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, rol in enumerate(Rol):
            box = QCheckBox(rol.label)
            box.setObjectName(rol.value)
            box.setChecked(bestaand is not None and rol in bestaand.rollen)
            box.toggled.connect(self._on_roles_changed)
            grid.addWidget(box, i // 2, i % 2)
            self.rollen[rol] = box
        first_role = self.rollen[next(iter(Rol))]

        self.team = QComboBox()
        self.team.addItem(self.tr("Geen team"), None)
        for team_id, naam in teams:
            self.team.addItem(naam, team_id)
        select_data(self.team, bestaand.team_id if bestaand else None)
        self.gemeente = QComboBox()
        self.gemeente.addItem(self.tr("Kies de gemeente…"), None)
        for gemeente_id, naam in gemeenten:
            self.gemeente.addItem(naam, gemeente_id)
        select_data(self.gemeente, bestaand.gemeente_id if bestaand else None)
        self.actief = QCheckBox(self.tr("Account is a&ctief (kan aanmelden)"))
        self.actief.setChecked(bestaand.actief if bestaand else True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add("naam", self.tr("&Naam *"), self.naam)
        self.errors.add("gebruikersnaam", self.tr("&Gebruikersnaam *"), self.gebruikersnaam)
        if nieuw:
            self.errors.add("wachtwoord", self.tr("&Wachtwoord *"), self.wachtwoord)
            self.errors.add("herhaling", self.tr("&Herhaal wachtwoord *"), self.herhaling)
            form.addRow(
                "",
                make_hint(
                    QLabel(
                        self.tr(
                            "Minstens {n} tekens, zonder de gebruikersnaam. De medewerker "
                            "krijgt het van u op een veilige manier."
                        ).format(n=MIN_LENGTE)
                    )
                ),
            )
        label = self.errors.add("rollen", self.tr("&Rollen *"), rollen_widget)
        label.setBuddy(first_role)
        self.errors.add("team", self.tr("&Team"), self.team)
        self.errors.add("gemeente", self.tr("Ge&meente"), self.gemeente)
        self.gemeente_hint = make_hint(
            QLabel(self.tr("Alleen voor een klantmanager gemeente: die ziet de inwoners van deze "
                           "gemeente (alleen lezen)."))
        )  # fmt: skip
        form.addRow("", self.gemeente_hint)
        if not nieuw:
            form.addRow("", self.actief)
            self.errors.add_message_row("actief", self.actief)

        for name, edit in (
            ("naam", self.naam),
            ("gebruikersnaam", self.gebruikersnaam),
            ("wachtwoord", self.wachtwoord),
            ("herhaling", self.herhaling),
        ):
            edit.textEdited.connect(lambda _t, n=name: self.errors.clear(n))
        self.team.activated.connect(lambda _i: self.errors.clear("team"))
        self.gemeente.activated.connect(lambda _i: self.errors.clear("gemeente"))

        buttons, self.save_button = _buttons(self, self.tr("&Opslaan"))
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.tr("Nieuwe medewerker")
                if nieuw
                else self.tr("{naam} wijzigen").format(naam=bestaand.naam)
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self._on_roles_changed()
        self.naam.setFocus()

    def gekozen_rollen(self) -> list[Rol]:
        return [rol for rol, box in self.rollen.items() if box.isChecked()]

    @Slot()
    def _on_roles_changed(self) -> None:
        klantmanager = self.rollen[Rol.KLANTMANAGER_GEMEENTE].isChecked()
        self.gemeente.setEnabled(klantmanager)
        self.errors.clear("rollen")
        if not klantmanager:
            self.errors.clear("gemeente")

    @Slot()
    def save(self) -> None:
        errors: dict[str, str] = {}
        rollen = self.gekozen_rollen()
        gemeente_id = self.gemeente.currentData() if Rol.KLANTMANAGER_GEMEENTE in rollen else None
        if self.bestaand is None and self.herhaling.text() != self.wachtwoord.text():
            errors["herhaling"] = self.tr("De twee wachtwoorden zijn niet gelijk.")
        try:
            with BusyCursor(), self._ctx.unit_of_work() as (session, actor):
                if self.bestaand is None:
                    medewerker = nieuwe_medewerker(
                        session,
                        actor=actor,
                        naam=self.naam.text(),
                        gebruikersnaam=self.gebruikersnaam.text(),
                        wachtwoord=self.wachtwoord.text(),
                        rollen=rollen,
                        team_id=self.team.currentData(),
                        gemeente_id=gemeente_id,
                    )
                else:
                    medewerker = wijzig_medewerker(
                        session,
                        actor=actor,
                        medewerker_id=self.bestaand.id,
                        versie=self.bestaand.versie,
                        naam=self.naam.text(),
                        rollen=rollen,
                        team_id=self.team.currentData(),
                        gemeente_id=gemeente_id,
                        actief=self.actief.isChecked(),
                    )
                if errors:  # everything else was fine: still nothing is saved
                    raise ValidationError(errors)
                saved_id = medewerker.id
        except ValidationError as error:
            self.errors.set_errors({**error.errors, **errors})
            self.errors.focus_first()
            return
        except ConflictError as error:
            show_domain_error(self, error)
            return
        except DomainError as error:
            self.errors.set_errors({"": error.message})
            return
        self.saved_id = saved_id
        self._ctx.changes.notify(signals.MEDEWERKER, saved_id)
        self.accept()


class WachtwoordDialog(QDialog):
    """A new password for a medewerker (also lifts a block after wrong passwords)."""

    def __init__(
        self, ctx: UiContext, medewerker: MedewerkerRij, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.medewerker = medewerker
        self.setWindowTitle(self.tr("Wachtwoord opnieuw instellen"))
        intro = QLabel(
            self.tr(
                "Een nieuw wachtwoord voor {naam} ({gebruikersnaam}). Geef het op een veilige "
                "manier door. Was het account geblokkeerd na onjuiste wachtwoorden, dan vervalt "
                "die blokkade."
            ).format(naam=medewerker.naam, gebruikersnaam=medewerker.gebruikersnaam)
        )
        intro.setWordWrap(True)
        self.wachtwoord = password_edit()
        self.herhaling = password_edit()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = make_error_label()
        self.errors = FieldErrors(form, self.general)
        self.errors.add("wachtwoord", self.tr("&Nieuw wachtwoord *"), self.wachtwoord)
        self.errors.add("herhaling", self.tr("&Herhaal wachtwoord *"), self.herhaling)
        self.wachtwoord.textEdited.connect(lambda _t: self.errors.clear("wachtwoord"))
        self.herhaling.textEdited.connect(lambda _t: self.errors.clear("herhaling"))
        hint = make_hint(
            QLabel(self.tr("Minstens {n} tekens, zonder de gebruikersnaam.").format(n=MIN_LENGTE))
        )
        buttons, self.save_button = _buttons(self, self.tr("Wachtwoord &instellen"))
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.wachtwoord.setFocus()

    @Slot()
    def save(self) -> None:
        if self.herhaling.text() != self.wachtwoord.text():
            self.errors.set_errors({"herhaling": self.tr("De twee wachtwoorden zijn niet gelijk.")})
            self.herhaling.setFocus()
            return
        try:
            with BusyCursor(), self._ctx.unit_of_work() as (session, actor):
                reset_wachtwoord(
                    session,
                    actor=actor,
                    medewerker_id=self.medewerker.id,
                    wachtwoord=self.wachtwoord.text(),
                )
        except ValidationError as error:
            self.errors.set_errors(error.errors)
            self.errors.focus_first()
            return
        except DomainError as error:
            self.errors.set_errors({"": error.message})
            return
        self._ctx.changes.notify(signals.MEDEWERKER, self.medewerker.id)
        self.accept()
