"""The Beheer section: medewerkers, bewaartermijnen, instellingen (with the work-level
scale), loonreferenties, the KPI targets per year, schuldhulptermijnen (the Atw decree days
and each municipality's beschikkingstermijn) and the audit trail.

Each page is there only for roles that may use it (a teamleider sees only the audit trail)
and loads when it is first shown. Long work — checking and destroying expired dossiers,
searching the audit trail — runs through the operations helper.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.audit import velden_tekst, zoek_audit
from app.services.bestanden import write_atomically
from app.services.bewaartermijnen import termijnen, verlopen_dossiers, vernietig, wijzig_termijn
from app.services.errors import DomainError, ValidationError
from app.services.gemeenten import list_gemeenten
from app.services.instellingen import (
    INSTELLINGEN,
    JA_NEE,
    VERGRENDELTIJD,
    alle_instellingen,
    zet_instelling,
)
from app.services.kpi import KPIS, Soort, doelen, zet_doel
from app.services.loonwaarde import (
    decimaal,
    loonreferenties,
    zet_herbeoordeling,
    zet_jeugdpercentage,
    zet_minimumloon,
    zet_werkgeverslasten,
)
from app.services.medewerkers import list_teams, overzicht_medewerkers
from app.services.ontwikkelplannen import verwijder_werkniveau, werkniveaus
from app.services.rechten import Gegeven, Recht
from app.services.schuldhulp import (
    gelijkgestelde_dagen,
    voeg_gelijkgestelde_dag_toe,
    zet_beschikkingstermijn,
)
from app.services.text import (
    begin_of_day,
    format_date,
    format_moment,
    format_money,
    parse_date,
)
from app.ui import files, signals
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error, show_info
from app.ui.medewerker_dialog import MedewerkerDialog, MedewerkerRij, WachtwoordDialog
from app.ui.table import RowsModel, make_table, select_key, selected_key
from app.ui.werkniveau_dialog import MAX_NIVEAU, WERKNIVEAU, WerkniveauDialog
from app.ui.widgets import (
    FieldErrors,
    FieldLabel,
    bold,
    make_error_label,
    make_hint,
    require_methods,
)


class LazyPage(QWidget):
    """A page that loads its data the first time it is shown; subclasses define `refresh()`."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        require_methods(cls, "refresh")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.refresh()


class FieldErrorSaving:
    """For pages of reference data (with LazyPage): small forms whose saves report next to
    their fields and in `saved_label`, which the page creates."""

    _ctx: UiContext
    saved_label: QLabel

    def _save(self, errors: FieldErrors, work) -> bool:
        """Run `work(session, actor)` in one transaction; messages next to the fields when it
        is refused (nothing is saved then)."""
        self.saved_label.setText("")
        try:
            with self._ctx.unit_of_work() as (session, actor):
                work(session, actor)
        except ValidationError as error:
            errors.set_errors(error.errors)
            errors.focus_first()
            return False
        except DomainError as error:
            show_domain_error(self, error)
            return False
        errors.set_errors({})
        self.saved_label.setText(self.tr("Opgeslagen."))
        self._ctx.changes.notify(signals.INSTELLINGEN, None)
        self.refresh()
        return True


# --- medewerkers ---------------------------------------------------------------------------


class MedewerkersPage(LazyPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[MedewerkerRij] = []
        self.dialog: MedewerkerDialog | WachtwoordDialog | None = None
        self.model = RowsModel(
            [
                self.tr("Naam"),
                self.tr("Gebruikersnaam"),
                self.tr("Rollen"),
                self.tr("Team"),
                self.tr("Actief"),
                self.tr("Geblokkeerd"),
            ],
            self,
        )
        self.table = make_table(self.model, self.tr("Medewerkers"), (220, 150, 280, 260, 70))
        self.table.activated.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        may_change = ctx.mag(Gegeven.MEDEWERKERS, Recht.WIJZIGEN)
        self.new_button = QPushButton(self.tr("&Nieuwe medewerker…"))
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.clicked.connect(self.edit)
        self.password_button = QPushButton(self.tr("Wachtwoord &opnieuw instellen…"))
        self.password_button.clicked.connect(self.reset_password)
        if not may_change:  # hide(), not setVisible: a parentless widget would become a window
            for button in (self.new_button, self.edit_button, self.password_button):
                button.hide()
        self.count = make_hint(QLabel())
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.password_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        ctx.changes.changed.connect(self._on_changed)
        self._update_buttons()

    def refresh(self) -> None:
        with self._ctx.unit_of_work() as (session, actor):
            medewerkers = overzicht_medewerkers(session, actor=actor)
            rows = [MedewerkerRij.from_medewerker(m) for m in medewerkers]
        current = self.current()
        self.rows = rows
        ja, nee = self.tr("ja"), self.tr("nee")
        self.model.set_rows(
            [
                (
                    r.naam,
                    r.gebruikersnaam,
                    r.rollen_tekst(),
                    r.team,
                    ja if r.actief else nee,
                    ja if r.geblokkeerd else "",
                )
                for r in rows
            ],
            keys=[r.id for r in rows],
            tooltips=[(None, None, r.rollen_tekst(), None, None, None) for r in rows],
        )
        select_key(self.table, current.id if current is not None else None)
        self.count.setText(
            self.tr("1 medewerker") if len(rows) == 1
            else self.tr("{n} medewerkers").format(n=len(rows))
        )  # fmt: skip
        self._update_buttons()

    def current(self) -> MedewerkerRij | None:
        key = selected_key(self.table)
        return next((r for r in self.rows if r.id == key), None)

    def select(self, gebruikersnaam: str) -> None:
        for row, rij in enumerate(self.rows):
            if rij.gebruikersnaam == gebruikersnaam:
                self.table.selectRow(row)
                return

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.current() is not None
        self.edit_button.setEnabled(selected)
        self.password_button.setEnabled(selected)

    def _choices(self) -> tuple[list, list]:
        with self._ctx.unit_of_work() as (session, _actor):
            teams = [(t.id, t.naam) for t in list_teams(session)]
            gemeenten = [(g.id, g.naam) for g in list_gemeenten(session)]
        return teams, gemeenten

    def _open(self, dialog: MedewerkerDialog | WachtwoordDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def _forget_dialog(self) -> None:
        self.dialog = None

    @Slot()
    def new(self) -> MedewerkerDialog:
        teams, gemeenten = self._choices()
        dialog = MedewerkerDialog(self._ctx, teams=teams, gemeenten=gemeenten, parent=self)
        self._open(dialog)
        return dialog

    @Slot()
    def edit(self) -> MedewerkerDialog | None:
        rij = self.current()
        if rij is None or not self._ctx.mag(Gegeven.MEDEWERKERS, Recht.WIJZIGEN):
            return None
        teams, gemeenten = self._choices()
        dialog = MedewerkerDialog(
            self._ctx, teams=teams, gemeenten=gemeenten, bestaand=rij, parent=self
        )
        self._open(dialog)
        return dialog

    @Slot()
    def reset_password(self) -> WachtwoordDialog | None:
        rij = self.current()
        if rij is None:
            return None
        dialog = WachtwoordDialog(self._ctx, rij, self)
        self._open(dialog)
        return dialog

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind == signals.MEDEWERKER and self.loaded:
            self.refresh()


# --- bewaartermijnen -----------------------------------------------------------------------


def with_mnemonic(text: str, letters: str) -> str:
    """`text` with '&' before the first of these letters in it (unchanged when none)."""
    text = text.replace("&", "&&")
    positions = [i for i, c in enumerate(text) if c.lower() in letters]
    return text if not positions else text[: positions[0]] + "&" + text[positions[0] :]


class BewaartermijnenPage(LazyPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.may_change = ctx.mag(Gegeven.BEWAARTERMIJN, Recht.WIJZIGEN)
        self.spins: dict[str, QSpinBox] = {}
        self.stored: dict[str, int] = {}
        self.checked_count: int | None = None
        self.last_report: Path | None = None

        # Retention periods: one row per kind of record, built on first load.
        self.termijnen_box = QGroupBox(self.tr("Bewaartermijnen"))
        self.termijnen_form = QFormLayout()
        self.termijnen_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.termijnen_errors = FieldErrors(self.termijnen_form, make_error_label())
        self.save_button = QPushButton(self.tr("Termijnen &opslaan"))
        self.save_button.clicked.connect(self.save_termijnen)
        if not self.may_change:
            self.save_button.hide()
        self.saved_label = make_hint(QLabel())
        termijnen_buttons = QHBoxLayout()
        termijnen_buttons.addWidget(self.saved_label, 1)
        termijnen_buttons.addWidget(self.save_button)
        box_layout = QVBoxLayout(self.termijnen_box)
        box_layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "Hoe lang Koers een dossier bewaart nadat het is gesloten, volgens de "
                        "archiefregels (Selectielijst) van uw organisatie."
                    )
                )
            )
        )
        box_layout.addLayout(self.termijnen_form)
        box_layout.addWidget(self.termijnen_errors.general)
        box_layout.addLayout(termijnen_buttons)

        # Expired dossiers.
        verlopen_box = QGroupBox(self.tr("Verlopen dossiers"))
        self.check_button = QPushButton(self.tr("&Controleren"))
        self.check_button.setToolTip(
            self.tr("Zoek de dossiers waarvan de bewaartermijn voorbij is")
        )
        self.check_button.clicked.connect(self.check)
        self.destroy_button = QPushButton(self.tr("&Vernietigen…"))
        self.destroy_button.setToolTip(
            self.tr("De verlopen dossiers anonimiseren en een rapport opslaan")
        )
        self.destroy_button.clicked.connect(self.destroy_expired)
        if not self.may_change:
            self.destroy_button.hide()
        self.result_label = QLabel(self.tr("Kies Controleren om de verlopen dossiers te zoeken."))
        self.result_label.setWordWrap(True)
        self.model = RowsModel(
            [self.tr("Naam"), self.tr("Gesloten op"), self.tr("Bewaartermijn verlopen op")], self
        )
        self.table = make_table(self.model, self.tr("Verlopen dossiers"), (300, 130))
        verlopen_buttons = QHBoxLayout()
        verlopen_buttons.addWidget(self.result_label, 1)
        verlopen_buttons.addWidget(self.check_button)
        verlopen_buttons.addWidget(self.destroy_button)
        verlopen_layout = QVBoxLayout(verlopen_box)
        verlopen_layout.addLayout(verlopen_buttons)
        verlopen_layout.addWidget(self.table, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.termijnen_box)
        layout.addWidget(verlopen_box, 1)
        self._update_buttons()

    def refresh(self) -> None:
        with self._ctx.unit_of_work() as (session, actor):
            rows = [(t.soort, t.omschrijving, t.jaren) for t in termijnen(session, actor=actor)]
        for soort, omschrijving, jaren in rows:
            spin = self.spins.get(soort)
            if spin is None:
                spin = QSpinBox()
                spin.setObjectName(soort)
                spin.setRange(1, 100)
                spin.setSuffix(self.tr(" jaar na sluiten"))
                spin.setReadOnly(not self.may_change)
                spin.setAccessibleName(omschrijving)
                spin.valueChanged.connect(lambda _v, s=soort: self._on_spin(s))
                # The first period gets a mnemonic on a letter no other key of this tab uses.
                text = with_mnemonic(omschrijving, "pjrkln") if not self.spins else omschrijving
                self.spins[soort] = spin
                label = self.termijnen_errors.add(soort, text, spin)
                label.setWordWrap(True)
            spin.blockSignals(True)
            spin.setValue(jaren)
            spin.blockSignals(False)
            self.stored[soort] = jaren
        self._update_buttons()

    def _on_spin(self, soort: str) -> None:
        self.termijnen_errors.clear(soort)
        self.saved_label.setText("")
        self._update_buttons()

    def changed_termijnen(self) -> dict[str, int]:
        return {
            soort: spin.value()
            for soort, spin in self.spins.items()
            if spin.value() != self.stored.get(soort)
        }

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(bool(self.changed_termijnen()))
        self.destroy_button.setEnabled(bool(self.checked_count))

    @Slot()
    def save_termijnen(self) -> None:
        changed = self.changed_termijnen()
        if not changed:
            return
        errors: dict[str, str] = {}
        try:
            with self._ctx.unit_of_work() as (session, actor):
                for soort, jaren in changed.items():
                    try:
                        wijzig_termijn(session, actor=actor, soort=soort, jaren=jaren)
                    except ValidationError as error:
                        errors[soort] = "\n".join(error.errors.values())
                if errors:
                    raise ValidationError(errors)
        except ValidationError:
            self.termijnen_errors.set_errors(errors)
            self.termijnen_errors.focus_first()
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self.stored.update(changed)
        self.saved_label.setText(self.tr("Opgeslagen."))
        self._update_buttons()
        self._ctx.changes.notify(signals.BEWAARTERMIJN, None)
        if self.checked_count is not None:
            self.check()  # the list of expired dossiers depends on the periods

    @Slot()
    def check(self) -> None:
        self.check_button.setEnabled(False)
        self._ctx.operations.run(
            lambda session, actor: [
                (d.inwoner_id, d.naam, d.gesloten_op, d.verlopen_op)
                for d in verlopen_dossiers(session, actor=actor)
            ],
            owner=self,
            on_done=self._show_expired,
            on_error=self._on_error,
            progress_text=self.tr("Verlopen dossiers zoeken…"),
        )

    def _on_error(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        from app.ui.operations import report_error

        report_error(self, error)

    def _show_expired(self, rows: list[tuple]) -> None:
        self.check_button.setEnabled(True)
        self.checked_count = len(rows)
        shown = [(naam, format_date(gesloten), format_date(verlopen))
                 for _, naam, gesloten, verlopen in rows]  # fmt: skip
        self.model.set_rows(shown, keys=[row[0] for row in rows])
        if not rows:
            self.result_label.setText(
                self.tr("Geen verlopen dossiers: er hoeft niets te worden vernietigd.")
            )
        elif len(rows) == 1:
            self.result_label.setText(self.tr("1 dossier is langer bewaard dan de termijn."))
        else:
            self.result_label.setText(
                self.tr("{n} dossiers zijn langer bewaard dan de termijn.").format(n=len(rows))
            )
        self._update_buttons()

    @Slot()
    def destroy_expired(self) -> None:
        count = self.checked_count or 0
        if count == 0:
            return
        if not ask(
            self,
            self.tr("Verlopen dossiers vernietigen"),
            (
                self.tr("1 verlopen dossier wordt vernietigd.")
                if count == 1
                else self.tr("{n} verlopen dossiers worden vernietigd.").format(n=count)
            )
            + " "
            + self.tr(
                "BSN, namen, adres, contactgegevens en vrije tekst worden verwijderd; alleen "
                "anonieme gegevens voor statistiek blijven over.\n\nDit kan niet ongedaan worden "
                "gemaakt. U kiest hierna waar het rapport wordt opgeslagen."
            ),
            yes=self.tr("Vernietigen"),
            no=self.tr("Annuleren"),
        ):
            return
        path = files.choose_save_file(
            self,
            self.tr("Rapport van de vernietiging opslaan"),
            Path.home() / f"vernietigingsrapport-{date.today():%Y%m%d}.json",
            self.tr("JSON-bestanden (*.json)"),
        )
        if path is None:
            return  # nothing destroyed without a place for the report

        def work(session, actor) -> tuple[int, Path]:
            rapport = vernietig(session, actor=actor)
            data = rapport.as_dict()
            # Written before the transaction commits: if writing fails, nothing is destroyed.
            write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2).encode())
            return data["aantal"], path

        self.destroy_button.setEnabled(False)
        self._ctx.operations.run(
            work,
            owner=self,
            on_done=self._destroyed,
            on_error=self._on_destroy_error,
            progress_text=self.tr("Verlopen dossiers vernietigen…"),
        )

    def _on_destroy_error(self, error: BaseException) -> None:
        self._update_buttons()
        from app.ui.operations import report_error

        report_error(self, error)

    def _destroyed(self, result: tuple[int, Path]) -> None:
        count, path = result
        self.last_report = path
        self._ctx.changes.notify(signals.INWONER, None)
        show_info(
            self,
            self.tr("Vernietigd"),
            (
                self.tr("1 dossier is vernietigd.")
                if count == 1
                else self.tr("{n} dossiers zijn vernietigd.").format(n=count)
            )
            + "\n\n"
            + self.tr("Het rapport staat in:\n{pad}").format(pad=path),
        )
        self.check()


# --- instellingen --------------------------------------------------------------------------


def _with_free_mnemonic(text: str, used: set[str]) -> str:
    """`text` with '&' before its first letter that no other key uses yet (that letter is then
    taken); unchanged when every letter is taken — the field is still reached with Tab."""
    for letter in text.lower():
        if letter.isalpha() and letter not in used:
            used.add(letter)
            return with_mnemonic(text, letter)
    return text.replace("&", "&&")


def _zet_instellingen(session, actor, changed: dict[str, int]) -> dict[str, str]:
    """Store the changed settings; the messages of those refused (empty when all are stored).

    The service checks each value against the others as stored so far, so two settings that
    must stay in order (warning before escalation) and both move can be refused in one order
    and accepted in the other: refused ones are tried again while the others make progress.
    """
    pending = dict(changed)
    while True:
        errors: dict[str, str] = {}
        progress = False
        for sleutel, waarde in list(pending.items()):
            try:
                zet_instelling(session, actor=actor, sleutel=sleutel, waarde=waarde)
            except ValidationError as error:
                errors.update(error.errors)
            else:
                del pending[sleutel]
                progress = True
        if not errors or not progress:
            return errors


class InstellingenPage(LazyPage):
    """The organisation's settings (INSTELLINGEN: the lock time, the re-integration and debt
    norms and how far the werkvoorraad looks ahead), one spin box each with its unit and
    range — a tick box for a yes/no setting (unit JA_NEE, stored as 1/0) —, saved together;
    and, for who may change reference data, the work-level scale."""

    # Letters other keys of this tab (and the window around it) already use.
    USED_MNEMONICS = "onwrmtsabgdhklp"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.may_change = ctx.mag(Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
        self.stored: dict[str, int] = {}
        self.spins: dict[str, QSpinBox] = {}
        self.checks: dict[str, QCheckBox] = {}

        lock_box = QGroupBox(self.tr("Vergrendelen"))
        lock_form = QFormLayout()
        lock_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.lock_errors = FieldErrors(lock_form)
        norm_box = QGroupBox(self.tr("Normen en werkvoorraad"))
        norm_form = QFormLayout()
        norm_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.norm_errors = FieldErrors(norm_form)
        used = set(self.USED_MNEMONICS)
        for sleutel, getal in INSTELLINGEN.items():
            errors = self.lock_errors if sleutel == VERGRENDELTIJD else self.norm_errors
            if getal.eenheid == JA_NEE:
                check = QCheckBox(_with_free_mnemonic(getal.label, used))
                check.setObjectName(sleutel)
                check.setAccessibleName(getal.label)
                check.setToolTip(
                    self.tr("Aangevinkt is ja; standaard {standaard}").format(
                        standaard=self.tr("ja") if getal.standaard else self.tr("nee")
                    )
                )
                check.setEnabled(self.may_change)
                check.toggled.connect(lambda _v, s=sleutel: self._on_spin(s))
                errors.form.addRow(check)
                errors.add_message_row(sleutel, check)
                self.checks[sleutel] = check
                continue
            spin = QSpinBox()
            spin.setObjectName(sleutel)
            spin.setRange(getal.minimum, getal.maximum)
            spin.setSuffix(f" {getal.eenheid}")
            spin.setAccessibleName(getal.label)
            spin.setToolTip(
                self.tr("{minimum} tot en met {maximum} {eenheid}; standaard {standaard}").format(
                    minimum=getal.minimum, maximum=getal.maximum, eenheid=getal.eenheid,
                    standaard=getal.standaard,
                )
            )  # fmt: skip
            spin.setReadOnly(not self.may_change)
            spin.valueChanged.connect(lambda _v, s=sleutel: self._on_spin(s))
            errors.add(sleutel, _with_free_mnemonic(getal.label, used), spin)
            self.spins[sleutel] = spin
        self.minuten = self.spins[VERGRENDELTIJD]

        lock_layout = QVBoxLayout(lock_box)
        lock_layout.addLayout(lock_form)
        lock_layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "Zonder toetsenbord of muis vergrendelt Koers na deze tijd; ontgrendelen "
                        "vraagt het wachtwoord. Dit geldt voor iedereen die met deze database "
                        "werkt; wie Koers nu al open heeft, krijgt de nieuwe tijd bij de "
                        "volgende start."
                    )
                )
            )
        )  # full width: in the form it would wrap in a narrow column
        lock_layout.addStretch(1)
        norm_layout = QVBoxLayout(norm_box)
        norm_layout.addLayout(norm_form)
        norm_layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "Wanneer een punt in de werkvoorraad verschijnt: een waarschuwing of "
                        "escalatie na zoveel maanden, hoe vaak per jaar een inwoner in stadium 3 "
                        "contact heeft, na hoeveel dagen zonder volgende stap een traject "
                        "opvalt en hoeveel dagen de werkvoorraad vooruitkijkt; voor schuldhulp "
                        "de NVVK-norm voor een aanbod en of budgetbeheer alleen binnen een "
                        "schuldhulptraject mag. Dit geldt voor iedereen die met deze database "
                        "werkt."
                    )
                )
            )
        )
        boxes = QHBoxLayout()
        boxes.addWidget(lock_box, 1)
        boxes.addWidget(norm_box, 2)

        self.general_error = make_error_label()
        self.save_button = QPushButton(self.tr("&Opslaan"))
        self.save_button.setToolTip(self.tr("Alle gewijzigde instellingen samen opslaan"))
        self.save_button.clicked.connect(self.save)
        self.saved_label = make_hint(QLabel())
        if not self.may_change:
            self.save_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)

        # The work-level scale (the sources give none, so the organisation sets its own).
        self.may_change_scale = ctx.mag(Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
        self.niveaus: list[tuple[int, str]] = []
        self.dialog: WerkniveauDialog | None = None
        self.scale_box = QGroupBox(self.tr("Werkniveauschaal"))
        self.scale_model = RowsModel([self.tr("Niveau"), self.tr("Omschrijving")], self)
        self.scale_table = make_table(self.scale_model, self.tr("Werkniveauschaal"), (80,))
        self.scale_table.activated.connect(lambda _i: self.edit_niveau())
        self.scale_table.selectionModel().selectionChanged.connect(self._update_scale_buttons)
        self.add_button = QPushButton(self.tr("&Niveau toevoegen…"))
        self.add_button.clicked.connect(self.add_niveau)
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.clicked.connect(self.edit_niveau)
        self.delete_button = QPushButton(self.tr("Ve&rwijderen"))
        self.delete_button.clicked.connect(self.delete_niveau)
        self.scale_count = make_hint(QLabel())
        scale_buttons = QHBoxLayout()
        scale_buttons.addWidget(self.scale_count, 1)
        scale_buttons.addWidget(self.add_button)
        scale_buttons.addWidget(self.edit_button)
        scale_buttons.addWidget(self.delete_button)
        scale_layout = QVBoxLayout(self.scale_box)
        scale_layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "De stappen waarin ontwikkelplannen en metingen het werkniveau van een "
                        "inwoner uitdrukken. Een niveau dat in een plan of meting staat, kunt u "
                        "niet verwijderen; pas dan de omschrijving aan."
                    )
                )
            )
        )
        scale_layout.addLayout(scale_buttons)
        scale_layout.addWidget(self.scale_table, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(boxes)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        layout.addWidget(self.scale_box, 1)
        if not self.may_change_scale:  # hide(), not setVisible: see MedewerkersPage
            self.scale_box.hide()
            layout.addStretch(1)
        ctx.changes.changed.connect(self._on_data_changed)
        self._update_save_button()
        self._update_scale_buttons()

    def refresh(self) -> None:
        with self._ctx.unit_of_work() as (session, _actor):
            waarden = alle_instellingen(session)
        self.stored = dict(waarden)
        for sleutel, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(waarden[sleutel])
            spin.blockSignals(False)
        for sleutel, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(bool(waarden[sleutel]))
            check.blockSignals(False)
        self._set_errors({})
        self.saved_label.setText("")
        self._update_save_button()
        self.refresh_scale()

    def _on_spin(self, sleutel: str) -> None:
        self._errors_for(sleutel).clear(sleutel)
        self.saved_label.setText("")
        self._update_save_button()

    def _errors_for(self, sleutel: str) -> FieldErrors:
        return self.lock_errors if sleutel == VERGRENDELTIJD else self.norm_errors

    def error_text(self, sleutel: str) -> str:
        """The message shown next to this setting ('' when none)."""
        return self._errors_for(sleutel).error_text(sleutel)

    def _set_errors(self, errors: dict[str, str]) -> None:
        self.lock_errors.set_errors({k: v for k, v in errors.items() if k == VERGRENDELTIJD})
        self.norm_errors.set_errors(
            {k: v for k, v in errors.items() if k in INSTELLINGEN and k != VERGRENDELTIJD}
        )
        general = [v for k, v in errors.items() if k not in INSTELLINGEN]
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))

    def value(self, sleutel: str) -> int:
        """The value on screen: the spin box's, or 1/0 for a ticked/unticked box."""
        if sleutel in self.checks:
            return int(self.checks[sleutel].isChecked())
        return self.spins[sleutel].value()

    def field(self, sleutel: str) -> QSpinBox | QCheckBox:
        return self.checks.get(sleutel) or self.spins[sleutel]

    def changed_settings(self) -> dict[str, int]:
        """The settings whose field differs from what is stored."""
        return {
            sleutel: self.value(sleutel)
            for sleutel in INSTELLINGEN
            if sleutel in self.stored and self.value(sleutel) != self.stored[sleutel]
        }

    def _update_save_button(self) -> None:
        self.save_button.setEnabled(self.may_change and bool(self.changed_settings()))

    @Slot()
    def save(self) -> None:
        """Save every changed setting in one transaction: all of them, or (with a message next
        to each refused field) none."""
        changed = self.changed_settings()
        if not changed or not self.may_change:
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                errors = _zet_instellingen(session, actor, changed)
                if errors:
                    raise ValidationError(errors)
        except ValidationError as error:
            self._set_errors(error.errors)
            for sleutel in INSTELLINGEN:
                if self.error_text(sleutel):
                    self.field(sleutel).setFocus(Qt.FocusReason.OtherFocusReason)
                    break
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self.stored.update(changed)
        self._set_errors({})
        self._update_save_button()
        self.saved_label.setText(self.tr("Opgeslagen."))
        self._ctx.changes.notify(signals.INSTELLINGEN, None)

    # The work-level scale.

    def refresh_scale(self, select: int | None = None) -> None:
        if not self.may_change_scale:
            return
        with self._ctx.unit_of_work() as (session, _actor):
            niveaus = [(w.niveau, w.omschrijving) for w in werkniveaus(session)]
        current = self.current_niveau() if select is None else select
        self.niveaus = niveaus
        self.scale_model.set_rows(
            [(str(n), omschrijving) for n, omschrijving in niveaus],
            keys=[n for n, _ in niveaus],
            tooltips=[(None, omschrijving) for _, omschrijving in niveaus],
        )
        select_key(self.scale_table, current)
        self.scale_count.setText(
            self.tr("1 niveau") if len(niveaus) == 1
            else self.tr("{n} niveaus").format(n=len(niveaus))
        )  # fmt: skip
        self._update_scale_buttons()

    def current_niveau(self) -> int | None:
        return selected_key(self.scale_table)

    def select_niveau(self, niveau: int) -> None:
        select_key(self.scale_table, niveau)

    @Slot()
    def _update_scale_buttons(self) -> None:
        selected = self.may_change_scale and self.current_niveau() is not None
        full = len(self.niveaus) >= MAX_NIVEAU
        self.add_button.setEnabled(self.may_change_scale and not full)
        self.add_button.setToolTip(
            self.tr("De schaal heeft al {n} niveaus.").format(n=MAX_NIVEAU) if full else ""
        )
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _open(self, dialog: WerkniveauDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def _forget_dialog(self) -> None:
        self.dialog = None

    @Slot()
    def add_niveau(self) -> WerkniveauDialog | None:
        if not self.may_change_scale:
            return None
        dialog = WerkniveauDialog(self._ctx, bestaande=[n for n, _ in self.niveaus], parent=self)
        self._open(dialog)
        return dialog

    @Slot()
    def edit_niveau(self) -> WerkniveauDialog | None:
        niveau = self.current_niveau()
        if niveau is None or not self.may_change_scale:
            return None
        omschrijving = dict(self.niveaus)[niveau]
        dialog = WerkniveauDialog(
            self._ctx,
            bestaande=[n for n, _ in self.niveaus],
            niveau=niveau,
            omschrijving=omschrijving,
            parent=self,
        )
        self._open(dialog)
        return dialog

    @Slot()
    def delete_niveau(self) -> None:
        niveau = self.current_niveau()
        if niveau is None or not self.may_change_scale:
            return
        if not ask(
            self,
            self.tr("Werkniveau verwijderen"),
            self.tr("Werkniveau {n} ({omschrijving}) van de schaal verwijderen?").format(
                n=niveau, omschrijving=dict(self.niveaus)[niveau]
            ),
            yes=self.tr("Verwijderen"),
            no=self.tr("Annuleren"),
        ):
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                verwijder_werkniveau(session, actor=actor, niveau=niveau)
        except DomainError as error:
            show_domain_error(self, error, title=self.tr("Niet verwijderd"))
            return
        self._ctx.changes.notify(WERKNIVEAU, None)

    @Slot(str, object)
    def _on_data_changed(self, kind: str, item_id: object) -> None:
        if kind == WERKNIVEAU and self.loaded:
            self.refresh_scale(select=item_id if isinstance(item_id, int) else None)


# --- audittrail ----------------------------------------------------------------------------


class AuditPage(QWidget):
    FILTERS = ("bsn", "gebruikersnaam", "van", "tot")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.bsn = QLineEdit()
        self.bsn.setMaxLength(11)
        self.bsn.setPlaceholderText(self.tr("volledig BSN"))
        self.gebruikersnaam = QLineEdit()
        self.gebruikersnaam.setMaxLength(64)
        self.van = QLineEdit()
        self.van.setPlaceholderText(self.tr("dd-mm-jjjj"))
        self.van.setMaxLength(10)
        self.tot = QLineEdit()
        self.tot.setPlaceholderText(self.tr("dd-mm-jjjj"))
        self.tot.setMaxLength(10)
        for edit, width in ((self.bsn, 200), (self.van, 150), (self.tot, 150)):
            edit.setMaximumWidth(width)
        edits = {"bsn": self.bsn, "gebruikersnaam": self.gebruikersnaam, "van": self.van,
                 "tot": self.tot}  # fmt: skip
        labels = {
            "bsn": self.tr("&Inwoner (BSN)"),
            "gebruikersnaam": self.tr("Gebr&uiker"),
            "van": self.tr("&Van"),
            "tot": self.tr("T&ot en met"),
        }
        self.general = make_error_label()
        # Two columns of filters: BSN and user left, dates right.
        grid = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        self._forms = {"bsn": left, "gebruikersnaam": left, "van": right, "tot": right}
        self.errors_left = FieldErrors(left)
        self.errors_right = FieldErrors(right)
        for name, edit in edits.items():
            target = self.errors_left if self._forms[name] is left else self.errors_right
            target.add(name, labels[name], edit)
            edit.returnPressed.connect(self.search)
            edit.textEdited.connect(lambda _t, n=name: self._clear(n))
        grid.addLayout(left, 1)
        grid.addSpacing(18)
        grid.addLayout(right, 1)

        self.search_button = QPushButton(self.tr("&Zoeken"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.count = make_hint(QLabel(self.tr("Vul een of meer filters in en kies Zoeken.")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.search_button)

        self.model = RowsModel(
            [
                self.tr("Moment"),
                self.tr("Gebruiker"),
                self.tr("Actie"),
                self.tr("Onderwerp"),
                self.tr("Velden"),
                self.tr("Reden"),
            ],
            self,
        )
        self.table = make_table(self.model, self.tr("Audittrail"), (130, 130, 230, 110, 330))

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.rows: list[tuple[str, ...]] = []

    def _clear(self, name: str) -> None:
        (self.errors_left if name in ("bsn", "gebruikersnaam") else self.errors_right).clear(name)

    def error_text(self, name: str) -> str:
        errors = self.errors_left if name in ("bsn", "gebruikersnaam") else self.errors_right
        return errors.error_text(name)

    def _set_errors(self, errors: dict[str, str]) -> None:
        left, right = ("bsn", "gebruikersnaam"), ("van", "tot")
        self.errors_left.set_errors({k: v for k, v in errors.items() if k in left})
        self.errors_right.set_errors({k: v for k, v in errors.items() if k in right})
        general = [v for k, v in errors.items() if k not in self.FILTERS]
        self.general.setText("\n".join(general))
        self.general.setVisible(bool(general))

    @Slot()
    def search(self) -> None:
        errors: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for name, edit in (("van", self.van), ("tot", self.tot)):
            text = edit.text().strip()
            dates[name] = parse_date(text) if text else None
            if text and dates[name] is None:
                errors[name] = self.tr(
                    "'{tekst}' is geen geldige datum; gebruik dd-mm-jjjj."
                ).format(tekst=text)
        if dates["van"] and dates["tot"] and dates["tot"] < dates["van"]:
            errors["tot"] = self.tr("De einddatum ligt voor de begindatum.")
        if errors:
            self._set_errors(errors)
            return
        self._set_errors({})
        bsn = self.bsn.text().strip() or None
        gebruikersnaam = self.gebruikersnaam.text().strip() or None
        van = begin_of_day(dates["van"]) if dates["van"] else None
        tot = begin_of_day(dates["tot"] + timedelta(days=1)) if dates["tot"] else None

        def work(session, actor) -> list[tuple[str, ...]]:
            records = zoek_audit(session, actor=actor, bsn=bsn, gebruikersnaam=gebruikersnaam,
                                 van=van, tot=tot)  # fmt: skip
            return [
                (
                    format_moment(r.moment),
                    r.gebruikersnaam,
                    getattr(r.actie, "label", str(r.actie)),
                    r.onderwerp,
                    velden_tekst(r.velden),
                    r.reden or "",
                )
                for r in records
            ]

        self.search_button.setEnabled(False)
        self.count.setText(self.tr("Zoeken…"))
        self._ctx.operations.run(
            work,
            owner=self,
            on_done=self._show,
            on_error=self._on_error,
            key="beheer/audit",
            progress_text=self.tr("Audittrail doorzoeken…"),
        )

    def _on_error(self, error: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.count.setText("")
        if isinstance(error, ValidationError):
            self._set_errors(error.errors)
        elif isinstance(error, DomainError) and error.field in self.FILTERS:
            self._set_errors({error.field: error.message})
        else:
            from app.ui.operations import report_error

            report_error(self, error)

    def _show(self, rows: list[tuple[str, ...]]) -> None:
        self.search_button.setEnabled(True)
        self.rows = rows
        # Newest first: that is what one looks for.
        shown = list(reversed(rows))
        self.model.set_rows(shown, tooltips=[(None, None, None, None, r[4], r[5]) for r in shown])
        self.count.setText(
            self.tr("Geen auditregels gevonden.") if not rows
            else self.tr("1 auditregel, nieuwste eerst.") if len(rows) == 1
            else self.tr("{n} auditregels, nieuwste eerst.").format(n=len(rows))
        )  # fmt: skip


# --- loonreferenties -----------------------------------------------------------------------


def _decimaal_of_none(tekst: str):
    try:
        return decimaal(tekst) if tekst.strip() else None
    except ValueError:
        return None


def _procent(waarde) -> str:
    """70.00 → "70 %", 23.50 → "23,5 %"."""
    return f"{waarde.normalize():f}".replace(".", ",") + " %"


class LoonreferentiesPage(FieldErrorSaving, LazyPage):
    """The dated reference data of the LKS calculation — the minimum hourly wage, the youth
    percentages and the werkgeverslasten — and each municipality's re-measurement interval
    for loonwaardemetingen. Each part has its own small form; a refused value shows its
    message next to the field and saves nothing."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.gemeenten: list[tuple[object, str, int]] = []

        def box(titel: str, kolommen: list[str], breedtes: tuple[int, ...]):
            groep = QGroupBox(titel)
            model = RowsModel(kolommen, self)
            table = make_table(model, titel, breedtes)
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            errors = FieldErrors(form, make_error_label())
            layout = QVBoxLayout(groep)
            layout.addWidget(table, 1)
            layout.addLayout(form)
            layout.addWidget(errors.general)
            errors.general.hide()
            return groep, model, form, errors, layout

        def knop(tekst: str, slot, layout: QVBoxLayout) -> QPushButton:
            button = QPushButton(tekst)
            button.clicked.connect(slot)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            layout.addLayout(row)
            return button

        # Minimumloon.
        (wml_box, self.wml_model, _form, self.wml_errors,
         wml_layout) = box(self.tr("Minimumloon"), [self.tr("Geldig van"), self.tr("Per uur")],
                           (110,))  # fmt: skip
        self.wml_datum, self.wml_bedrag = QLineEdit(), QLineEdit()
        self.wml_datum.setPlaceholderText("dd-mm-jjjj")
        self.wml_bedrag.setPlaceholderText("14,71")
        self.wml_errors.add("geldig_van", self.tr("Geldig van"), self.wml_datum)
        self.wml_errors.add("uurloon", self.tr("Bruto per uur (€)"), self.wml_bedrag)
        self.wml_button = knop(self.tr("Minimumloon toevoegen"), self.add_minimumloon,
                               wml_layout)  # fmt: skip

        # Youth percentages.
        (jeugd_box, self.jeugd_model, _form, self.jeugd_errors, jeugd_layout) = box(
            self.tr("Jeugdpercentages"),
            [self.tr("Leeftijd"), self.tr("Percentage"), self.tr("Geldig van")],
            (70, 90),
        )
        self.jeugd_datum, self.jeugd_percentage = QLineEdit(), QLineEdit()
        self.jeugd_datum.setPlaceholderText("dd-mm-jjjj")
        self.jeugd_leeftijd = QSpinBox()
        self.jeugd_leeftijd.setRange(15, 20)
        self.jeugd_leeftijd.setSuffix(self.tr(" jaar"))
        self.jeugd_errors.add("geldig_van", self.tr("Geldig van"), self.jeugd_datum)
        self.jeugd_errors.add("leeftijd", self.tr("Leeftijd"), self.jeugd_leeftijd)
        self.jeugd_errors.add("percentage", self.tr("Percentage van het minimumloon"),
                              self.jeugd_percentage)  # fmt: skip
        self.jeugd_button = knop(self.tr("Percentage opslaan"), self.save_jeugd, jeugd_layout)

        # Werkgeverslasten.
        (lasten_box, self.lasten_model, _form, self.lasten_errors, lasten_layout) = box(
            self.tr("Werkgeverslasten"), [self.tr("Geldig van"), self.tr("Percentage")], (110,)
        )
        self.lasten_datum, self.lasten_percentage = QLineEdit(), QLineEdit()
        self.lasten_datum.setPlaceholderText("dd-mm-jjjj")
        self.lasten_errors.add("geldig_van", self.tr("Geldig van"), self.lasten_datum)
        self.lasten_errors.add("percentage", self.tr("Percentage"), self.lasten_percentage)
        self.lasten_button = knop(self.tr("Percentage toevoegen"), self.add_werkgeverslasten,
                                  lasten_layout)  # fmt: skip

        # Re-measurement interval per municipality.
        (termijn_box, self.termijn_model, _form, self.termijn_errors, termijn_layout) = box(
            self.tr("Herbeoordeling loonwaarde per gemeente"),
            [self.tr("Gemeente"), self.tr("Termijn")],
            (200,),
        )
        self.termijn_gemeente = QComboBox()
        self.termijn_maanden = QSpinBox()
        self.termijn_maanden.setRange(1, 60)
        self.termijn_maanden.setSuffix(self.tr(" maanden"))
        self.termijn_gemeente.currentIndexChanged.connect(self._on_gemeente)
        self.termijn_errors.add("gemeente", self.tr("Gemeente"), self.termijn_gemeente)
        self.termijn_errors.add("maanden", self.tr("Herbeoordelingstermijn"),
                                self.termijn_maanden)  # fmt: skip
        self.termijn_button = knop(self.tr("Termijn opslaan"), self.save_termijn, termijn_layout)

        grid = QHBoxLayout()
        links, rechts = QVBoxLayout(), QVBoxLayout()
        links.addWidget(wml_box)
        links.addWidget(lasten_box)
        rechts.addWidget(jeugd_box)
        rechts.addWidget(termijn_box)
        grid.addLayout(links)
        grid.addLayout(rechts)
        self.saved_label = make_hint(QLabel())
        layout = QVBoxLayout(self)
        layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "De bedragen en percentages waarmee Koers de loonkostensubsidie "
                        "berekent, elk vanaf een datum; een rij met een bestaande datum wordt "
                        "gecorrigeerd. De herbeoordelingstermijn bepaalt wanneer een volgende "
                        "loonwaardemeting nodig is."
                    )
                )
            )
        )
        layout.addLayout(grid, 1)
        layout.addWidget(self.saved_label)  # fmt: skip

    def refresh(self) -> None:
        with self._ctx.unit_of_work() as (session, actor):
            referenties = loonreferenties(session, actor=actor)
            wml, jeugd = referenties.minimumloon, referenties.jeugdpercentages
            lasten = referenties.werkgeverslasten
            self.wml_model.set_rows([(format_date(r.geldig_van), format_money(r.uurloon))
                                     for r in wml])  # fmt: skip
            self.jeugd_model.set_rows([(str(r.leeftijd), _procent(r.percentage),
                                        format_date(r.geldig_van)) for r in jeugd])  # fmt: skip
            self.lasten_model.set_rows([(format_date(r.geldig_van),
                                         _procent(r.percentage))
                                        for r in lasten])  # fmt: skip
            self.gemeenten = [(g.id, g.naam, g.herbeoordeling_maanden)
                              for g in list_gemeenten(session)]  # fmt: skip
        self.termijn_model.set_rows([(naam, self.tr("{n} maanden").format(n=maanden))
                                     for _id, naam, maanden in self.gemeenten])  # fmt: skip
        huidige = self.termijn_gemeente.currentText()
        self.termijn_gemeente.blockSignals(True)
        self.termijn_gemeente.clear()
        for gemeente_id, naam, _maanden in self.gemeenten:
            self.termijn_gemeente.addItem(naam, gemeente_id)
        self.termijn_gemeente.setCurrentIndex(max(0, self.termijn_gemeente.findText(huidige)))
        self.termijn_gemeente.blockSignals(False)
        self._on_gemeente()

    def _on_gemeente(self, _index: int = 0) -> None:
        index = self.termijn_gemeente.currentIndex()
        if 0 <= index < len(self.gemeenten):
            self.termijn_maanden.setValue(self.gemeenten[index][2])

    @Slot()
    def add_minimumloon(self) -> bool:
        geldig_van = parse_date(self.wml_datum.text())
        uurloon = _decimaal_of_none(self.wml_bedrag.text())
        ok = self._save(self.wml_errors, lambda session, actor: zet_minimumloon(
            session, actor=actor, geldig_van=geldig_van, uurloon=uurloon))  # fmt: skip
        if ok:
            self.wml_datum.clear()
            self.wml_bedrag.clear()
        return ok

    @Slot()
    def save_jeugd(self) -> bool:
        geldig_van = parse_date(self.jeugd_datum.text())
        percentage = _decimaal_of_none(self.jeugd_percentage.text())
        leeftijd = self.jeugd_leeftijd.value()
        return self._save(self.jeugd_errors, lambda session, actor: zet_jeugdpercentage(
            session, actor=actor, geldig_van=geldig_van, leeftijd=leeftijd,
            percentage=percentage))  # fmt: skip

    @Slot()
    def add_werkgeverslasten(self) -> bool:
        geldig_van = parse_date(self.lasten_datum.text())
        percentage = _decimaal_of_none(self.lasten_percentage.text())
        return self._save(self.lasten_errors, lambda session, actor: zet_werkgeverslasten(
            session, actor=actor, geldig_van=geldig_van, percentage=percentage))  # fmt: skip

    @Slot()
    def save_termijn(self) -> bool:
        gemeente_id = self.termijn_gemeente.currentData()
        if gemeente_id is None:
            self.termijn_errors.set_errors({"gemeente": self.tr("Kies een gemeente.")})
            return False
        maanden = self.termijn_maanden.value()
        return self._save(self.termijn_errors, lambda session, actor: zet_herbeoordeling(
            session, actor=actor, gemeente_id=gemeente_id, maanden=maanden))  # fmt: skip


# --- KPI-doelen ----------------------------------------------------------------------------


def _getal(waarde: Decimal) -> str:
    """62.50 → "62,5", 100.00 → "100": a target as one types it."""
    return f"{waarde.normalize():f}".replace(".", ",")


class GridErrors:
    """Fields in the rows of a QGridLayout, each with its message in red on the row below it:
    what FieldErrors is for a form, for a table of fields (`set_errors`, `focus_first` and
    `general` as FieldErrorSaving uses them)."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}

    def add(self, name: str, widget: QWidget, grid: QGridLayout, row: int, column: int,
            span: int) -> None:  # fmt: skip
        """The message row of `widget`: `span` columns of `row` from `column`."""
        label = make_error_label(name)
        grid.addWidget(label, row, column, 1, span)
        self.widgets[name] = widget
        self._labels[name] = label

    def set_error(self, name: str, message: str | None) -> None:
        label = self._labels[name]
        label.setText(message or "")
        label.setVisible(bool(message))
        self.widgets[name].setAccessibleDescription(message or "")

    def set_errors(self, errors: dict[str, str]) -> None:
        """Show these messages (and hide all others); unknown names go to `general`."""
        for name in self._labels:
            self.set_error(name, errors.get(name))
        general = [message for name, message in errors.items() if name not in self._labels]
        self.general.setText("\n".join(general))
        self.general.setVisible(bool(general))

    def clear(self, name: str | None = None) -> None:
        if name is None:
            self.set_errors({})
        elif name in self._labels:
            self.set_error(name, None)

    def error_text(self, name: str) -> str:
        label = self._labels[name]
        return "" if label.isHidden() else label.text()

    def focus_first(self) -> None:
        for name, widget in self.widgets.items():
            if self.error_text(name):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return


class KpiDoelenPage(FieldErrorSaving, LazyPage):
    """The target of every KPI for a year, as the KPI overviews and the municipality report
    show it. The sources name a target for only some KPIs (shown next to each as a reminder),
    so a field stays empty unless the organisation sets one: a KPI without a target shows its
    actual figure only. One field per KPI, reached with Tab; the changed targets are saved
    together — all of them, or (with a message next to each refused field) none. Targets
    are reference data, not personal data: the debt KPIs are listed too."""

    # Letters other keys of this tab (and the window around it) already use.
    USED_MNEMONICS = "mtslkpabgdh"

    COLUMNS = 5  # code, KPI, target, unit, target in the source

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.stored: dict[str, str] = {}  # code → the stored target as shown ('' for none)
        self.edits: dict[str, QLineEdit] = {}
        self.shown_jaar = date.today().year
        used = set(self.USED_MNEMONICS)

        self.jaar = QSpinBox()
        self.jaar.setRange(2000, 2100)
        self.jaar.setValue(self.shown_jaar)
        self.jaar.setKeyboardTracking(False)  # typing 2027 is one change, not four
        self.jaar.setAccessibleName(self.tr("Jaar"))
        self.jaar.valueChanged.connect(self._on_jaar)
        jaar_row = QHBoxLayout()
        jaar_row.addWidget(FieldLabel(_with_free_mnemonic(self.tr("Jaar"), used), self.jaar))
        jaar_row.addWidget(self.jaar)
        jaar_row.addStretch(1)

        self.general = make_error_label()
        self.errors = GridErrors(self.general)
        table = QWidget()
        table.setObjectName("kpi_doelen")
        grid = QGridLayout(table)
        grid.setHorizontalSpacing(16)
        self.doel_header = bold(QLabel())
        headers = {0: bold(QLabel(self.tr("Code"))), 1: bold(QLabel(self.tr("KPI"))),
                   2: self.doel_header, 4: bold(QLabel(self.tr("Doel in de bron")))}  # fmt: skip
        for column, header in headers.items():
            grid.addWidget(header, 0, column)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(line, 1, 0, 1, self.COLUMNS)
        for n, kpi in enumerate(KPIS):
            row = 2 + 2 * n
            naam = QLabel(kpi.naam)
            naam.setToolTip(kpi.definitie)
            bron = make_hint(QLabel(kpi.bron or "–"))
            bron.setWordWrap(False)  # short texts; wrapped, a row would grow out of line
            bron.setToolTip(self.tr("Het doel dat de bronnen noemen; Koers neemt het niet "
                                    "vanzelf over."))  # fmt: skip
            edit = QLineEdit()
            edit.setObjectName(f"doel_{kpi.code}")
            edit.setMaxLength(12)
            edit.setFixedWidth(96)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setPlaceholderText(self.tr("geen doel"))
            edit.setAccessibleName(self.tr("Doel {code} {naam}").format(code=kpi.code,
                                                                        naam=kpi.naam))  # fmt: skip
            edit.setToolTip(
                self.tr("Een percentage van 0 tot en met 100; leeg is geen doel.")
                if kpi.soort == Soort.PERCENTAGE
                else self.tr("Een getal van 0 of meer; leeg is geen doel.")
            )
            edit.textEdited.connect(lambda _t, code=kpi.code: self._on_edit(code))
            edit.textChanged.connect(lambda _t: self._update_save_button())
            edit.returnPressed.connect(self.save)
            self.edits[kpi.code] = edit
            for column, widget in enumerate((QLabel(kpi.code), naam, edit,
                                             QLabel(kpi.eenheid), bron)):  # fmt: skip
                grid.addWidget(widget, row, column)
            self.errors.add(kpi.code, edit, grid, row + 1, 1, self.COLUMNS - 1)
        # A compact table on the left: the field right after the name, however wide the window.
        grid.setColumnStretch(self.COLUMNS, 1)
        grid.setRowStretch(2 + 2 * len(KPIS), 1)
        scroll = QScrollArea()
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.save_button = QPushButton(_with_free_mnemonic(self.tr("Opslaan"), used))
        self.save_button.setToolTip(self.tr("Alle gewijzigde doelen samen opslaan"))
        self.save_button.clicked.connect(self.save)
        self.saved_label = make_hint(QLabel())
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "Het doel van elke KPI per jaar, zoals de KPI-overzichten en de "
                        "rapportage aan de gemeenten het naast de werkelijke waarde tonen. "
                        "De bronnen noemen niet voor elke KPI een doel: laat het veld leeg "
                        "als er geen is, dan toont Koers alleen de werkelijke waarde. Typ "
                        "een getal zoals 62,5; een percentage ligt tussen 0 en 100."
                    )
                )
            )
        )
        layout.addLayout(jaar_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        self._update_save_button()

    def refresh(self) -> None:
        jaar = self.jaar.value()
        with self._ctx.unit_of_work() as (session, _actor):
            gezet = doelen(session, jaar)
        self.shown_jaar = jaar
        self.stored = {k.code: _getal(gezet[k.code]) if k.code in gezet else "" for k in KPIS}
        for code, edit in self.edits.items():
            edit.setText(self.stored[code])
        self.doel_header.setText(self.tr("Doel {jaar}").format(jaar=jaar))
        self.errors.set_errors({})
        self._update_save_button()

    def changed_targets(self) -> dict[str, str]:
        """The typed text of each field that differs from the stored target."""
        return {
            code: edit.text().strip()
            for code, edit in self.edits.items()
            if edit.text().strip() != self.stored.get(code, "")
        }

    def error_text(self, code: str) -> str:
        """The message shown next to this KPI's target ('' when none)."""
        return self.errors.error_text(code)

    def _on_edit(self, code: str) -> None:
        self.errors.clear(code)
        self.saved_label.setText("")
        self._update_save_button()

    def _update_save_button(self) -> None:
        self.save_button.setEnabled(bool(self.changed_targets()))

    @Slot(int)
    def _on_jaar(self, jaar: int) -> None:
        if jaar == self.shown_jaar:
            return
        if self.changed_targets() and not ask(
            self,
            self.tr("Doelen niet opgeslagen"),
            self.tr(
                "De gewijzigde doelen voor {oud} zijn nog niet opgeslagen. Wilt u ze weggooien "
                "en de doelen voor {nieuw} tonen?"
            ).format(oud=self.shown_jaar, nieuw=jaar),
            yes=self.tr("Weggooien"),
            no=self.tr("Annuleren"),
        ):
            self.jaar.blockSignals(True)
            self.jaar.setValue(self.shown_jaar)
            self.jaar.blockSignals(False)
            return
        self.saved_label.setText("")
        self.refresh()

    @Slot()
    def save(self) -> bool:
        """Save every changed target of the year shown (an empty field removes it)."""
        changed = self.changed_targets()
        if not changed:
            return False
        jaar = self.shown_jaar
        waarden: dict[str, Decimal | None] = {}
        errors: dict[str, str] = {}
        for code, tekst in changed.items():
            try:
                waarden[code] = decimaal(tekst) if tekst else None
            except ValueError:
                errors[code] = self.tr(
                    "'{tekst}' is geen getal. Typ bijvoorbeeld 62,5, of laat het veld leeg "
                    "voor geen doel."
                ).format(tekst=tekst)

        def work(session, actor) -> None:
            for code, waarde in waarden.items():
                try:
                    zet_doel(session, actor=actor, code=code, jaar=jaar, doelwaarde=waarde)
                except ValidationError as error:
                    errors[code] = "\n".join(error.errors.values())
            if errors:  # nothing is saved then: the transaction rolls back
                raise ValidationError({code: errors[code] for code in self.edits
                                       if code in errors})  # fmt: skip

        return self._save(self.errors, work)


# --- schuldhulptermijnen -------------------------------------------------------------------


class SchuldhulptermijnenPage(FieldErrorSaving, LazyPage):
    """What the Wgs deadlines of schuldhulptrajecten depend on besides the law: the days a
    Besluit gelijkstelling equates with a feestdag (Atw), and each municipality's
    beschikkingstermijn (8 weeks unless a verordening set another). Who may change reference
    data adds days and changes terms — a refused value shows its message next to the field
    and saves nothing —; a debt team's lead sees both lists read-only."""

    # Letters other keys of this tab (and the window around it) already use.
    USED_MNEMONICS = "onwrmtsabgdhklp"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.may_change = ctx.mag(Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
        self.gemeenten: list[tuple[object, str, int]] = []
        used = set(self.USED_MNEMONICS)

        def groep(titel: str, uitleg: str, kolommen: list[str], breedtes: tuple[int, ...]):
            box = QGroupBox(titel)
            model = RowsModel(kolommen, self)
            table = make_table(model, titel, breedtes)
            form = QFormLayout()
            # Fields keep their maximum width; a message below one gets the whole row.
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            errors = FieldErrors(form, make_error_label())
            layout = QVBoxLayout(box)
            layout.addWidget(make_hint(QLabel(uitleg)))
            layout.addWidget(table, 1)
            invoer = QWidget()  # the form and its button, hidden for who may only look
            invoer_layout = QVBoxLayout(invoer)
            invoer_layout.setContentsMargins(0, 0, 0, 0)
            invoer_layout.addLayout(form)
            invoer_layout.addWidget(errors.general)
            errors.general.hide()
            layout.addWidget(invoer)
            return box, model, table, errors, invoer, invoer_layout

        def knop(tekst: str, slot, layout: QVBoxLayout) -> QPushButton:
            button = QPushButton(_with_free_mnemonic(tekst, used))
            button.clicked.connect(slot)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            layout.addLayout(row)
            return button

        # Decree days.
        (dagen_box, self.dagen_model, self.dagen_table, self.dagen_errors, self.dagen_invoer,
         dagen_layout) = groep(
            self.tr("Gelijkgestelde dagen (Algemene termijnenwet)"),
            self.tr(
                "Dagen die een Besluit gelijkstelling gelijkstelt met een algemeen erkende "
                "feestdag, zoals de vrijdag na Hemelvaartsdag. Eindigt een termijn van de Wgs "
                "op zo'n dag, dan loopt hij door tot de volgende werkdag. De feestdagen zelf "
                "kent Koers al."
            ),
            [self.tr("Datum"), self.tr("Omschrijving")],
            (110,),
        )  # fmt: skip
        self.dag_datum, self.dag_omschrijving = QLineEdit(), QLineEdit()
        self.dag_datum.setPlaceholderText("dd-mm-jjjj")
        self.dag_datum.setMaxLength(10)
        self.dag_omschrijving.setMaxLength(200)
        self.dag_datum.setMaximumWidth(130)
        self.dag_omschrijving.setMaximumWidth(360)
        self.dag_omschrijving.setPlaceholderText(self.tr("bijv. Vrijdag na Hemelvaartsdag"))
        self.dagen_errors.add("datum", _with_free_mnemonic(self.tr("Datum"), used),
                              self.dag_datum)  # fmt: skip
        self.dagen_errors.add("omschrijving", _with_free_mnemonic(self.tr("Omschrijving"), used),
                              self.dag_omschrijving)  # fmt: skip
        self.dag_datum.textEdited.connect(lambda _t: self.dagen_errors.clear("datum"))
        self.dag_omschrijving.textEdited.connect(lambda _t: self.dagen_errors.clear("omschrijving"))
        self.dag_button = knop(self.tr("Dag toevoegen"), self.add_dag, dagen_layout)
        self.dag_datum.returnPressed.connect(self.add_dag)
        self.dag_omschrijving.returnPressed.connect(self.add_dag)

        # Beschikkingstermijn per municipality.
        (termijn_box, self.termijn_model, self.termijn_table, self.termijn_errors,
         self.termijn_invoer, termijn_layout) = groep(
            self.tr("Beschikkingstermijn per gemeente"),
            self.tr(
                "Binnen hoeveel weken na het eerste gesprek (de aanvraag) de beschikking er "
                "moet zijn: 8 weken volgens de Wgs, tenzij de verordening van de gemeente een "
                "andere termijn stelt."
            ),
            [self.tr("Gemeente"), self.tr("Termijn")],
            (200,),
        )  # fmt: skip
        self.termijn_gemeente = QComboBox()
        self.termijn_weken = QSpinBox()
        self.termijn_weken.setRange(1, 26)
        self.termijn_weken.setSuffix(self.tr(" weken"))
        self.termijn_gemeente.setMaximumWidth(220)
        self.termijn_weken.setMaximumWidth(110)
        self.termijn_gemeente.currentIndexChanged.connect(self._on_gemeente)
        self.termijn_weken.valueChanged.connect(lambda _v: self.termijn_errors.clear("weken"))
        self.termijn_errors.add("gemeente", _with_free_mnemonic(self.tr("Gemeente"), used),
                                self.termijn_gemeente)  # fmt: skip
        self.termijn_errors.add("weken",
                                _with_free_mnemonic(self.tr("Beschikkingstermijn"), used),
                                self.termijn_weken)  # fmt: skip
        self.termijn_button = knop(self.tr("Termijn opslaan"), self.save_termijn,
                                   termijn_layout)  # fmt: skip
        if not self.may_change:  # hide(), not setVisible: see MedewerkersPage
            self.dagen_invoer.hide()
            self.dag_button.hide()
            self.termijn_invoer.hide()
            self.termijn_button.hide()
        self.dagen_table.activated.connect(lambda _i: self.dag_datum.setFocus())

        boxes = QHBoxLayout()
        boxes.addWidget(dagen_box, 3)
        boxes.addWidget(termijn_box, 2)
        self.saved_label = make_hint(QLabel())
        layout = QVBoxLayout(self)
        layout.addLayout(boxes, 1)
        layout.addWidget(self.saved_label)

    def refresh(self) -> None:
        with self._ctx.unit_of_work() as (session, _actor):
            dagen = [(d.datum, d.omschrijving) for d in gelijkgestelde_dagen(session)]
            self.gemeenten = [(g.id, g.naam, g.beschikking_weken)
                              for g in list_gemeenten(session)]  # fmt: skip
        self.dagen_model.set_rows([(format_date(datum), omschrijving)
                                   for datum, omschrijving in dagen],
                                  keys=[datum for datum, _ in dagen],
                                  tooltips=[(None, omschrijving)
                                            for _, omschrijving in dagen])  # fmt: skip
        self.termijn_model.set_rows(
            [(naam, self.weken_tekst(weken)) for _id, naam, weken in self.gemeenten],
            keys=[gemeente_id for gemeente_id, _naam, _weken in self.gemeenten],
        )
        huidige = self.termijn_gemeente.currentText()
        self.termijn_gemeente.blockSignals(True)
        self.termijn_gemeente.clear()
        for gemeente_id, naam, _weken in self.gemeenten:
            self.termijn_gemeente.addItem(naam, gemeente_id)
        self.termijn_gemeente.setCurrentIndex(max(0, self.termijn_gemeente.findText(huidige)))
        self.termijn_gemeente.blockSignals(False)
        self._on_gemeente()

    def weken_tekst(self, weken: int) -> str:
        return self.tr("1 week") if weken == 1 else self.tr("{n} weken").format(n=weken)

    def _on_gemeente(self, _index: int = 0) -> None:
        index = self.termijn_gemeente.currentIndex()
        if 0 <= index < len(self.gemeenten):
            self.termijn_weken.blockSignals(True)
            self.termijn_weken.setValue(self.gemeenten[index][2])
            self.termijn_weken.blockSignals(False)
        self.termijn_errors.clear()

    @Slot()
    def add_dag(self) -> bool:
        if not self.may_change:
            return False
        tekst = self.dag_datum.text().strip()
        datum = parse_date(tekst)
        if tekst and datum is None:
            self.saved_label.setText("")
            message = self.tr("'{tekst}' is geen geldige datum; gebruik dd-mm-jjjj.")
            self.dagen_errors.set_errors({"datum": message.format(tekst=tekst)})
            self.dagen_errors.focus_first()
            return False
        omschrijving = self.dag_omschrijving.text()
        ok = self._save(self.dagen_errors, lambda session, actor: voeg_gelijkgestelde_dag_toe(
            session, actor=actor, datum=datum, omschrijving=omschrijving))  # fmt: skip
        if ok:
            self.dag_datum.clear()
            self.dag_omschrijving.clear()
            select_key(self.dagen_table, datum)
        return ok

    @Slot()
    def save_termijn(self) -> bool:
        if not self.may_change:
            return False
        gemeente_id = self.termijn_gemeente.currentData()
        if gemeente_id is None:
            self.termijn_errors.set_errors({"gemeente": self.tr("Kies een gemeente.")})
            return False
        weken = self.termijn_weken.value()
        ok = self._save(self.termijn_errors, lambda session, actor: zet_beschikkingstermijn(
            session, actor=actor, gemeente_id=gemeente_id, weken=weken))  # fmt: skip
        if ok:
            select_key(self.termijn_table, gemeente_id)
        return ok


# --- the section ---------------------------------------------------------------------------


class BeheerView(QTabWidget):
    """The pages the signed-in medewerker may use; `is_empty()` when there are none."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.medewerkers: MedewerkersPage | None = None
        self.bewaartermijnen: BewaartermijnenPage | None = None
        self.instellingen: InstellingenPage | None = None
        self.loonreferenties: LoonreferentiesPage | None = None
        self.kpi_doelen: KpiDoelenPage | None = None
        self.schuldhulptermijnen: SchuldhulptermijnenPage | None = None
        self.audit: AuditPage | None = None
        if ctx.mag(Gegeven.MEDEWERKERS, Recht.LEZEN):
            self.medewerkers = MedewerkersPage(ctx)
            self.addTab(self.medewerkers, self.tr("&Medewerkers"))
        if ctx.mag(Gegeven.BEWAARTERMIJN, Recht.LEZEN):
            self.bewaartermijnen = BewaartermijnenPage(ctx)
            self.addTab(self.bewaartermijnen, self.tr("Bewaar&termijnen"))
        if ctx.mag(Gegeven.REFERENTIEDATA, Recht.WIJZIGEN):
            self.instellingen = InstellingenPage(ctx)
            self.addTab(self.instellingen, self.tr("In&stellingen"))
            self.loonreferenties = LoonreferentiesPage(ctx)
            self.addTab(self.loonreferenties, self.tr("&Loonreferenties"))
            self.kpi_doelen = KpiDoelenPage(ctx)
            self.addTab(self.kpi_doelen, self.tr("&KPI-doelen"))
        # Reference data, no personal data: read-only for a debt team's lead too.
        if ctx.mag(Gegeven.REFERENTIEDATA, Recht.LEZEN) or ctx.mag(Gegeven.SCHULDHULP):
            self.schuldhulptermijnen = SchuldhulptermijnenPage(ctx)
            self.addTab(self.schuldhulptermijnen, self.tr("Schuldhul&ptermijnen"))
        if ctx.mag(Gegeven.AUDITTRAIL, Recht.LEZEN):
            self.audit = AuditPage(ctx)
            self.addTab(self.audit, self.tr("&Audittrail"))

    @staticmethod
    def has_pages(ctx: UiContext) -> bool:
        return (
            ctx.mag(Gegeven.MEDEWERKERS, Recht.LEZEN)
            or ctx.mag(Gegeven.BEWAARTERMIJN, Recht.LEZEN)
            or ctx.mag(Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
            or ctx.mag(Gegeven.AUDITTRAIL, Recht.LEZEN)
        )

    def titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]
