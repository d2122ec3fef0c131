"""The dossier of one inwoner: a header, the personalia (view and edit), the contact journal,
the ontwikkelplannen (IopTab), the trajectory (TrajectTab), the loonwaarde (LoonwaardeTab)
and, for debt-help roles, the schuldhulptraject (SchuldhulpTab). Re-integration roles that may
not read debt data see only a "Schuldhulp lopend" badge in the header while one runs.

The dossier never keeps a Session: it loads in one short unit of work, remembers the version it
loaded, and saves in another with `update_inwoner(..., versie=...)`, so a change someone else
made in between is refused (ConflictError) instead of overwritten.

Opening is one audited read; reloads (after a save, undo or someone else's change) are not
audited again. What the signed-in medewerker may not change is shown read-only, and the
contact journal only to those who may read it. A dossier opened outside the team
(break-the-glass) keeps its reason, passes it to every service call and says so in a banner.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.audit import laatste_wijziging
from app.services.errors import ConflictError, DomainError, NotFoundError, ValidationError
from app.services.inwoners import InwonerGegevens, get_inwoner, update_inwoner
from app.services.rechten import Gegeven, Recht
from app.services.schuldhulp import heeft_lopend_schuldhulptraject
from app.services.text import format_date, mask_bsn
from app.ui import signals
from app.ui.choices import load_choices
from app.ui.conflict import ConflictDialog, verschillen
from app.ui.contact_journal import ContactJournal
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error
from app.ui.inwoner_form import InwonerForm
from app.ui.iop_tab import IopTab
from app.ui.loonwaarde_tab import LoonwaardeTab
from app.ui.schuldhulp_tab import SchuldhulpTab
from app.ui.traject_tab import TrajectTab
from app.ui.widgets import make_hint, require_methods

BANNER_STYLE = (
    "QLabel { background: #fff4ce; color: #4d3800; border: 1px solid #e0c060; "
    "border-radius: 3px; padding: 4px 8px; }"
)
BADGE_STYLE = (
    "QLabel { background: #e8f0fe; color: #174ea6; border: 1px solid #aecbfa; "
    "border-radius: 9px; padding: 1px 8px; }"
)


def name_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    return font


class InwonerPage(QWidget):
    """What the main window needs of a tab about one inwoner (dossier or status view).

    Subclasses define `load()`, which reads the inwoner and fills the page."""

    title_changed = Signal(str)
    modified_changed = Signal(bool)
    close_requested = Signal()

    def __init__(self, ctx: UiContext, inwoner_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.inwoner_id = inwoner_id
        self.naam = ""
        self.reden: str | None = None

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        require_methods(cls, "load")

    def is_modified(self) -> bool:
        return False

    def confirm_close(self) -> bool:
        return True

    def discard_changes(self) -> None:
        """Forget unsaved edits without asking (used when the window must close)."""

    def save_settings(self) -> None:
        pass

    def focus_first(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_section(self, name: str) -> bool:
        """Bring a part of the page to the front ("personalia", "contactjournaal",
        "ontwikkelplan", "traject", "loonwaarde", "schuldhulp"); False when this page has no
        such part."""
        return False


class DossierView(InwonerPage):
    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        reden: str | None = None,
    ):
        super().__init__(ctx, inwoner_id, parent)
        self.reden = reden
        self.versie: int | None = None
        self.bsn: str | None = None
        self.gesloten_op: date | None = None
        self.may_edit = ctx.mag(Gegeven.PERSONALIA, Recht.WIJZIGEN)
        self.may_read_journal = ctx.mag(Gegeven.CONTACTJOURNAAL, Recht.LEZEN)
        self._opened = False
        self._modified = False
        self._notifying = False

        self.banner = QLabel(self.tr("Geopend buiten uw team — reden vastgelegd"))
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        if reden is None:
            self.banner.hide()  # not setVisible(): without a parent yet it would become a window
        else:
            self.banner.setToolTip(self.tr("Reden: {reden}").format(reden=reden))
            self.banner.setAccessibleDescription(self.banner.toolTip())
        self.name_label = QLabel()
        self.name_label.setFont(name_font(self))
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Who may not read debt data may know that a debt trajectory runs (need-to-know).
        self.shows_schuldhulp_badge = ctx.mag(
            Gegeven.SCHULDHULP_SIGNAAL, Recht.LEZEN
        ) and not ctx.mag(Gegeven.SCHULDHULP, Recht.LEZEN)
        self.schuldhulp_badge = QLabel(self.tr("Schuldhulp lopend"))
        self.schuldhulp_badge.setStyleSheet(BADGE_STYLE)
        self.schuldhulp_badge.setToolTip(
            self.tr(
                "Er loopt een schuldhulptraject. De schuldgegevens zelf zijn alleen zichtbaar "
                "voor schulddienstverlening."
            )
        )
        self.schuldhulp_badge.setAccessibleDescription(self.schuldhulp_badge.toolTip())
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.schuldhulp_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        self.facts_label = QLabel()
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.banner)
        header.addLayout(name_row)
        header.addWidget(self.facts_label)

        # Personalia
        self.form = InwonerForm()
        self.form.set_read_only(not self.may_edit)
        self.save_button = QPushButton(self.tr("&Opslaan"))
        self.save_button.setToolTip(self.tr("Wijzigingen opslaan (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton(self.tr("Wijzigingen &ongedaan maken"))
        self.undo_button.clicked.connect(self.undo_changes)
        self.status = QLabel()
        make_hint(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        if not self.may_edit:
            self.save_button.hide()
            self.undo_button.hide()
        # The buttons sit right under the fields, not at the far bottom of the page.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.form)
        content_layout.addLayout(buttons)
        content_layout.addStretch(1)
        personalia = QScrollArea()
        personalia.setWidget(content)
        personalia.setWidgetResizable(True)
        personalia.setFrameShape(QFrame.Shape.NoFrame)

        self.tabs = QTabWidget()
        self.tabs.addTab(personalia, self.tr("&Personalia"))
        # Named parts, so the werkvoorraad can open the dossier at the right place.
        self.sections: dict[str, QWidget] = {"personalia": personalia}
        # Without the right to read it, the journal is not built at all (it would only be
        # refused by the service).
        self.journal: ContactJournal | None = None
        if self.may_read_journal:
            self.journal = ContactJournal(
                ctx,
                inwoner_id,
                reden=reden,
                can_add=ctx.mag(Gegeven.CONTACTJOURNAAL, Recht.WIJZIGEN),
            )
            self.tabs.addTab(self.journal, self.tr("&Contactjournaal"))
            self.sections["contactjournaal"] = self.journal
        self.iop: IopTab | None = None
        if ctx.mag(Gegeven.ONTWIKKELPLAN, Recht.LEZEN):
            self.iop = IopTab(ctx, inwoner_id, reden=reden)
            self.iop.modified_changed.connect(lambda _m: self._update_state())
            self.tabs.addTab(self.iop, self.tr("O&ntwikkelplan"))
            self.sections["ontwikkelplan"] = self.iop
        self.traject: TrajectTab | None = None
        if ctx.mag(Gegeven.TRAJECT, Recht.LEZEN):
            self.traject = TrajectTab(ctx, inwoner_id, reden=reden)
            self.traject.modified_changed.connect(lambda _m: self._update_state())
            self.tabs.addTab(self.traject, self.tr("Tra&ject"))
            self.sections["traject"] = self.traject
        self.loonwaarde: LoonwaardeTab | None = None
        if ctx.mag(Gegeven.TRAJECT, Recht.LEZEN):
            self.loonwaarde = LoonwaardeTab(ctx, inwoner_id, reden=reden)
            self.tabs.addTab(self.loonwaarde, self.tr("Loonwaa&rde"))
            self.sections["loonwaarde"] = self.loonwaarde
        # Sch&uldhulp: H would clash with the Help menu, S and L with parts of other tabs.
        self.schuldhulp: SchuldhulpTab | None = None
        if ctx.mag(Gegeven.SCHULDHULP, Recht.LEZEN):
            self.schuldhulp = SchuldhulpTab(ctx, inwoner_id, reden=reden)
            self.tabs.addTab(self.schuldhulp, self.tr("Sch&uldhulp"))
            self.sections["schuldhulp"] = self.schuldhulp

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.schuldhulp_badge.hide()  # with a parent now: shown by load() while one runs

        self.form.changed.connect(self._update_state)
        ctx.changes.changed.connect(self._on_changed)

    # --- loading and saving ---------------------------------------------------------------

    def load(self) -> None:
        """Read the inwoner (raises NotFoundError when it no longer exists, RedenNodig or
        ToegangGeweigerd when it is outside the medewerker's reach). Only the first load is
        an audited opening."""
        with self._ctx.unit_of_work() as (session, actor):
            inwoner = get_inwoner(
                session,
                actor=actor,
                inwoner_id=self.inwoner_id,
                reden=self.reden,
                audit=not self._opened,
            )
            choices = load_choices(session, inwoner=inwoner)
            schuldhulp_lopend = self.shows_schuldhulp_badge and heeft_lopend_schuldhulptraject(
                session, actor=actor, inwoner_id=self.inwoner_id
            )
            gegevens = InwonerGegevens.from_inwoner(inwoner)
            versie = inwoner.versie
            naam = inwoner.volledige_naam
            facts = [
                self.tr("BSN {bsn}").format(bsn=mask_bsn(inwoner.bsn))
                if inwoner.bsn
                else self.tr("geen BSN (geanonimiseerd)"),
                self.tr("geboren {datum}").format(datum=format_date(inwoner.geboortedatum)),
                inwoner.woongemeente.naam,
            ]
            if inwoner.regievoerder is not None:
                facts.append(self.tr("regievoerder {naam}").format(naam=inwoner.regievoerder.naam))
            if inwoner.dossier_gesloten_op is not None:
                facts.append(
                    self.tr("dossier gesloten op {datum}").format(
                        datum=format_date(inwoner.dossier_gesloten_op)
                    )
                )
            geboortedatum: date = inwoner.geboortedatum
            bsn, gesloten_op = inwoner.bsn, inwoner.dossier_gesloten_op
        self._opened = True
        self.bsn, self.gesloten_op = bsn, gesloten_op
        self.versie = versie
        self.naam = naam
        self.form.set_choices(choices)
        self.form.set_gegevens(gegevens)
        self.name_label.setText(naam)
        self.schuldhulp_badge.setVisible(schuldhulp_lopend)
        self.facts_label.setText(" · ".join(facts))
        if self.journal is not None:
            self.journal.set_geboortedatum(geboortedatum)
            self.journal.load()
        self.title_changed.emit(naam)
        self._update_state()

    def show_section(self, name: str) -> bool:
        widget = self.sections.get(name)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True

    def is_modified(self) -> bool:
        return (
            self.form.is_modified()
            or (self.journal is not None and self.journal.is_modified())
            or (self.iop is not None and self.iop.is_modified())
            or (self.traject is not None and self.traject.is_modified())
        )

    @Slot()
    def save(self) -> bool:
        """Save the personalia; True when saved (or nothing to save)."""
        if not self.form.is_modified() or not self.may_edit:
            return True
        if not self.form.is_valid():
            self.form.show_all_errors()
            self.tabs.setCurrentIndex(0)
            self.form.focus_first_error()
            return False
        gegevens = self.form.gegevens()
        try:
            with self._ctx.unit_of_work() as (session, actor):
                update_inwoner(
                    session,
                    actor=actor,
                    inwoner_id=self.inwoner_id,
                    versie=self.versie,
                    gegevens=gegevens,
                    reden=self.reden,
                )
        except ValidationError as error:
            self.form.set_errors(error.errors)
            self.form.focus_first_error()
            return False
        except ConflictError:
            self._offer_reload()
            return False
        except NotFoundError as error:
            show_domain_error(self, error)
            return False
        except DomainError as error:
            show_domain_error(self, error)
            return False
        self.load()
        self.status.setText(self.tr("Opgeslagen."))
        self._notifying = True
        try:
            self._ctx.changes.notify(signals.INWONER, self.inwoner_id)
        finally:
            self._notifying = False
        return True

    def _offer_reload(self) -> None:
        """A colleague saved first: reload, show what they changed and put back the user's
        own changes they choose (see app/ui/conflict.py)."""
        toen, mijn, eigen = self.form.baseline_shown(), self.form.shown(), self.form.raw()
        try:
            self.load()
            with self._ctx.unit_of_work() as (session, _actor):
                door = laatste_wijziging(
                    session, inwoner_id=self.inwoner_id, onderwerp="inwoner",
                    record_id=self.inwoner_id,
                )  # fmt: skip
        except DomainError as reload_error:  # e.g. no longer in reach: keep the typing
            show_domain_error(self, reload_error)
            return
        rows = verschillen(self.form.labels, toen, self.form.shown(), mijn)
        dialog = ConflictDialog(self.tr("het dossier van {naam}").format(naam=self.naam), rows,
                                door, self)  # fmt: skip
        dialog.exec()
        terug = dialog.gekozen()
        self.form.put_back({name: eigen[name] for name in terug})
        self._update_state()
        if terug:
            self.status.setText(self.tr("Uw wijzigingen staan weer in het formulier: controleer "
                                        "ze en sla op."))  # fmt: skip
        else:
            self.status.setText(self.tr("Opnieuw geladen; uw wijzigingen zijn vervallen."))

    @Slot()
    def undo_changes(self) -> None:
        self.load()

    def confirm_close(self) -> bool:
        """True when the dossier may close: nothing unsaved, or the user agrees to discard."""
        if not self.is_modified():
            return True
        return ask(
            self,
            self.tr("Niet opgeslagen"),
            self.tr(
                "Het dossier van {naam} heeft wijzigingen die nog niet zijn opgeslagen of "
                "toegevoegd. Wilt u die weggooien?"
            ).format(naam=self.naam),
            yes=self.tr("Weggooien"),
            no=self.tr("Terug naar het dossier"),
        )

    def save_settings(self) -> None:
        if self.journal is not None:
            self.journal.save_settings()

    def discard_changes(self) -> None:
        if self.iop is not None:
            self.iop.discard_changes()
        if self.traject is not None:
            self.traject.discard_changes()
        self.form.set_gegevens(self.form.gegevens())
        if self.journal is not None:
            self.journal.samenvatting.clear()
            self.journal.vervolgactie.clear()
            self.journal.vervolgdatum.clear()

    def focus_first(self) -> None:
        if self.may_edit:
            self.form.field("voornamen").setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)

    # --- state ----------------------------------------------------------------------------

    @Slot()
    def _update_state(self) -> None:
        personalia = self.form.is_modified()
        self.save_button.setEnabled(personalia and self.form.is_valid())
        self.undo_button.setEnabled(personalia)
        if personalia:
            self.status.setText(self.form.summary() or self.tr("Niet-opgeslagen wijzigingen."))
        elif self.status.text() != self.tr("Opgeslagen."):
            self.status.setText("")
        modified = self.is_modified()  # the tab title marks unsaved edits in any tab
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    def _update_schuldhulp_badge(self) -> None:
        if not self.shows_schuldhulp_badge:
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                lopend = heeft_lopend_schuldhulptraject(
                    session, actor=actor, inwoner_id=self.inwoner_id
                )
        except DomainError:
            return  # the badge keeps what it showed; the dossier reports refusals itself
        self.schuldhulp_badge.setVisible(lopend)

    @Slot(str, object)
    def _on_changed(self, kind: str, item_id: object) -> None:
        if kind == signals.SCHULDHULP and item_id == self.inwoner_id:
            self._update_schuldhulp_badge()
            return
        # Someone else (another view) changed this inwoner: show it, unless we are editing —
        # then the version check will tell at save time.
        if self._notifying or kind != signals.INWONER or item_id != self.inwoner_id:
            return
        if not self.form.is_modified():
            try:
                self.load()
            except NotFoundError:
                self.close_requested.emit()
            except DomainError as error:  # e.g. no longer on the team's caseload
                show_domain_error(self, error)
                self.close_requested.emit()
