"""The "Ontwikkelplan" tab of a dossier: every plan and version of one inwoner, the editor of
the concept, the lifecycle actions, printing, evaluations and work-level measurements.

Left: the versions (newest first) with "Nieuw plan…", and the work-level measurements. Right:
the chosen plan with a banner saying what state it is in, what can be done with it, and the
plan itself — editable for a concept (when the medewerker may change plans), otherwise the
same layout read-only.

Like the dossier, the tab keeps no Session: every load and every action is one unit of work
that copies what is shown into plain values; a save passes the version it loaded, so a change
someone else made in between is refused (ConflictError) instead of overwritten. After each
change the tab reloads and tells the other views (`changed("ontwikkelplan", inwoner_id)`).
Ctrl+S saves the concept while the focus is in the tab.

While a concept is edited its draft is kept (app/ui/drafts.py); when the concept is shown again
after a crash, the draft is put back in the editor under a bar that says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices,  # noqa: F401  (the tests patch its openUrl here)
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.drafts import PLAN
from app.models import Medewerker, PlanStatus, PlanType
from app.services import ontwikkelplannen as svc
from app.services.audit import laatste_wijziging
from app.services.errors import ConflictError, DomainError, ValidationError
from app.services.iop_afdrukken import KORT, bestandsnaam, print_plan
from app.services.rechten import Gegeven, Recht
from app.services.text import format_date
from app.ui import signals
from app.ui.conflict import ConflictDialog, verschillen
from app.ui.context import UiContext
from app.ui.dossier_tab import DossierTab, PrintTexts
from app.ui.drafts import DOSSIER_MNEMONICS, DraftKeeper
from app.ui.errors import ask, show_domain_error
from app.ui.iop_dialogs import (
    AfsluitenDialog,
    EvaluatieDialog,
    NieuwPlanDialog,
    VaststellenDialog,
    VerschillenDialog,
    WerkniveauDialog,
)
from app.ui.iop_editor import IopEditor
from app.ui.table import RowsModel, make_table
from app.ui.widgets import ERROR_STYLE, bold, make_hint, mnemonics_of

# The change-bus kind for plans, evaluations and work-level measurements (id = the inwoner's
# UUID). Belongs in app/ui/signals.py next to the other kinds.

STATUS_KORT = {
    PlanStatus.CONCEPT: "Concept",
    PlanStatus.VASTGESTELD: "Vastgesteld",
    PlanStatus.VERVANGEN: "Vervangen",
    PlanStatus.AFGESLOTEN: "Afgesloten",
}
OPEN = (PlanStatus.CONCEPT, PlanStatus.VASTGESTELD)

BANNER = "QLabel {{ background: {bg}; color: {fg}; border: 1px solid {border}; border-radius: 3px; padding: 6px 8px; }}"  # noqa: E501
BANNER_STYLES = {
    PlanStatus.CONCEPT: BANNER.format(bg="#e8f0fe", fg="#174ea6", border="#aecbfa"),
    PlanStatus.VASTGESTELD: BANNER.format(bg="#e6f4ea", fg="#0d652d", border="#a8dab5"),
    PlanStatus.VERVANGEN: BANNER.format(bg="#f1f3f4", fg="#3c4043", border="#dadce0"),
    PlanStatus.AFGESLOTEN: BANNER.format(bg="#f1f3f4", fg="#3c4043", border="#dadce0"),
}
OVERDUE_STYLE = ERROR_STYLE + " font-weight: bold;"


# --- what the tab shows, as plain values -----------------------------------------------------


@dataclass(frozen=True)
class PlanRij:
    """One line of the version history."""

    id: uuid.UUID
    type: PlanType
    planversie: int
    status: PlanStatus
    vastgesteld_op: date | None
    eigenaar: str
    vorige_id: uuid.UUID | None

    @property
    def titel(self) -> str:
        return f"{KORT[self.type]} versie {self.planversie}"


@dataclass(frozen=True)
class EvaluatieRij:
    datum: date
    door: str
    begeleidingsnoodzaak: str
    doelen_bijgesteld: bool
    advies: str


@dataclass(frozen=True)
class MetingRij:
    datum: date
    niveau: int
    niveau_omschrijving: str
    nulmeting: bool
    bewijs: str
    bewijs_omschrijving: str
    door: str


@dataclass(frozen=True)
class PlanDetail:
    """The chosen plan: everything the tab shows of it."""

    id: uuid.UUID
    type: PlanType
    planversie: int
    status: PlanStatus
    versie: int  # the optimistic-lock version a save must pass
    gegevens: svc.PlanGegevens
    eigenaar: str
    vastgesteld_op: date | None
    ondertekend_inwoner_op: date | None
    ondertekend_coach_op: date | None
    volgende_evaluatie: date | None
    afgesloten_op: date | None
    afsluitreden: str
    evaluaties: tuple[EvaluatieRij, ...]
    ontbreekt: tuple[str, ...]
    bestandsnaam: str
    vorige_id: uuid.UUID | None

    @property
    def titel(self) -> str:
        return f"{KORT[self.type]} versie {self.planversie}"


def read_detail(session: Session, actor: Medewerker, plan_id: uuid.UUID, reden: str | None):
    plan = svc.get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    return PlanDetail(
        id=plan.id,
        type=plan.type,
        planversie=plan.planversie,
        status=plan.status,
        versie=plan.versie,
        gegevens=svc.PlanGegevens.from_plan(plan),
        eigenaar=plan.eigenaar.naam if plan.eigenaar else "",
        vastgesteld_op=plan.vastgesteld_op,
        ondertekend_inwoner_op=plan.ondertekend_inwoner_op,
        ondertekend_coach_op=plan.ondertekend_coach_op,
        volgende_evaluatie=plan.volgende_evaluatie,
        afgesloten_op=plan.afgesloten_op,
        afsluitreden=plan.afsluitreden or "",
        evaluaties=tuple(
            EvaluatieRij(
                e.datum,
                e.uitvoerder.naam if e.uitvoerder else "",
                e.begeleidingsnoodzaak,
                e.doelen_bijgesteld,
                e.advies or "",
            )
            for e in sorted(plan.evaluaties, key=lambda e: e.datum, reverse=True)
        ),
        ontbreekt=tuple(svc.ontbreekt_voor_vaststellen(plan))
        if plan.status == PlanStatus.CONCEPT
        else (),
        bestandsnaam=bestandsnaam(plan),
        vorige_id=plan.vorige_id,
    )


# --- the tab ---------------------------------------------------------------------------------


class IopTab(DossierTab):
    """Ontwikkelplannen of one inwoner."""

    modified_changed = Signal(bool)
    RELOAD_ON = (signals.ONTWIKKELPLAN, signals.INWONER)

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        reden: str | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(ctx, inwoner_id, reden, parent, today=today)
        self.may_edit = ctx.mag(Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN)
        self.rows: list[PlanRij] = []
        self.metingen: list[MetingRij] = []
        self.niveaus: list[tuple[int, str]] = []
        self.detail: PlanDetail | None = None
        self._modified = False
        self._selecting = False
        self._build()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        # Left: versions and work level
        self.new_button = self._button(
            self.tr("&Nieuw plan…"), self.new_plan, self.tr("Een nieuw ontwikkelplan maken")
        )
        self.history_model = RowsModel(
            [self.tr("Plan"), self.tr("Versie"), self.tr("Status"), self.tr("Vastgesteld"),
             self.tr("Eigenaar")], self,
        )  # fmt: skip
        self.history = make_table(
            self.history_model, self.tr("Versies van de ontwikkelplannen"), (45, 50, 85, 85)
        )
        self.history.selectionModel().currentRowChanged.connect(self._on_history_selected)
        history_title = QHBoxLayout()
        history_title.addWidget(bold(QLabel(self.tr("Plannen en versies"))))
        history_title.addStretch(1)
        history_title.addWidget(self.new_button)

        self.metingen_model = RowsModel(
            [self.tr("Datum"), self.tr("Niveau"), self.tr("Bewijs")], self
        )
        self.metingen_table = make_table(
            self.metingen_model, self.tr("Werkniveaumetingen"), (85, 110)
        )
        self.metingen_empty = make_hint(QLabel(self.tr("Nog geen werkniveau gemeten.")))
        self.meet_button = self._button(
            self.tr("&Werkniveau meten…"),
            self.meet_werkniveau,
            self.tr("Een gemeten werkniveau vastleggen, met het bewijs"),
        )
        werkniveau_box = QGroupBox(self.tr("Werkniveau"))
        werkniveau_layout = QVBoxLayout(werkniveau_box)
        werkniveau_layout.addWidget(self.metingen_table)
        werkniveau_layout.addWidget(self.metingen_empty)
        meet_row = QHBoxLayout()
        meet_row.addStretch(1)
        meet_row.addWidget(self.meet_button)
        werkniveau_layout.addLayout(meet_row)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addLayout(history_title)
        left_layout.addWidget(self.history)
        left_layout.addSpacing(8)
        left_layout.addWidget(werkniveau_box)
        left_layout.addStretch(1)

        # Right: the chosen plan
        self.title_label = bold(QLabel(), 1.3)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.facts_label = make_hint(QLabel())
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evaluatie_label = QLabel()
        self.evaluatie_label.setWordWrap(True)
        self.evaluatie_overdue = False

        self.save_button = self._button(
            self.tr("&Opslaan"), self.save, self.tr("Het concept opslaan (Ctrl+S)")
        )
        self.undo_button = self._button(
            self.tr("Wi&jzigingen ongedaan maken"),
            self.undo_changes,
            self.tr("Terug naar de laatst opgeslagen inhoud"),
        )
        self.vaststellen_button = self._button(self.tr("Vast&stellen…"), self.vaststellen)
        self.versie_button = self._button(self.tr("Nieuwe &versie"), self.nieuwe_versie)
        self.evaluatie_button = self._button(
            self.tr("&Evaluatie toevoegen…"), self.evaluatie_toevoegen
        )
        self.afsluiten_button = self._button(self.tr("Afs&luiten…"), self.afsluiten)
        self.vergelijk_button = self._button(
            self.tr("Vergelij&k met vorige versie"), self.vergelijk
        )
        self.print_button = self._button(
            self.tr("Af&drukken…"),
            self.afdrukken,
            self.tr("Het plan als PDF opslaan om af te drukken en te laten ondertekenen"),
        )
        self.status_label = make_hint(QLabel())
        self.status_label.setWordWrap(False)

        # One row of actions; which ones show depends on the plan's status (see _update_state).
        action_row = QHBoxLayout()
        for button in (
            self.save_button,
            self.undo_button,
            self.vaststellen_button,
            self.versie_button,
            self.evaluatie_button,
            self.afsluiten_button,
        ):
            action_row.addWidget(button)
        action_row.addStretch(1)
        action_row.addWidget(self.vergelijk_button)
        action_row.addWidget(self.print_button)
        self.facts_label.setWordWrap(False)
        facts_row = QHBoxLayout()
        facts_row.addWidget(self.facts_label, 1)
        facts_row.addWidget(self.status_label)

        self.evaluaties_model = RowsModel(
            [self.tr("Datum"), self.tr("Door"), self.tr("Begeleidingsnoodzaak"),
             self.tr("Doelen bijgesteld"), self.tr("Advies")], self,
        )  # fmt: skip
        self.evaluaties_table = make_table(
            self.evaluaties_model, self.tr("Evaluaties"), (90, 130, 300, 120)
        )
        self.evaluaties_empty = make_hint(QLabel(self.tr("Nog niet geëvalueerd.")))
        self.evaluaties_box = QGroupBox(self.tr("Evaluaties"))
        evaluaties_layout = QVBoxLayout(self.evaluaties_box)
        evaluaties_layout.addWidget(self.evaluaties_table)
        evaluaties_layout.addWidget(self.evaluaties_empty)

        self.editor = IopEditor()
        self.editor.changed.connect(self._update_state)
        for combo in self.editor.findChildren(QComboBox):
            combo.installEventFilter(self)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addWidget(self.evaluaties_box)
        content_layout.addWidget(self.editor)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        content.installEventFilter(self)

        plan_page = QWidget()
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.setContentsMargins(4, 0, 0, 0)
        plan_layout.addWidget(self.title_label)
        plan_layout.addWidget(self.banner)
        plan_layout.addLayout(facts_row)
        plan_layout.addWidget(self.evaluatie_label)
        plan_layout.addLayout(action_row)
        plan_layout.addWidget(self.scroll, 1)

        # The empty state
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        make_hint(self.empty_label)
        self.empty_button = self._button(self.tr("Nieuw plan…"), self.new_plan)
        self.empty_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(plan_page)
        self.stack.addWidget(empty_page)
        self.plan_page, self.empty_page = plan_page, empty_page

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 900])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        for button in (
            self.new_button,
            self.empty_button,
            self.meet_button,
            self.save_button,
            self.undo_button,
            self.vaststellen_button,
            self.versie_button,
            self.evaluatie_button,
            self.afsluiten_button,
        ):
            button.setVisible(self.may_edit)

        header = self.evaluaties_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.resizeSection(4, 200)

        # Last, so the bar's button knows which mnemonics the tab took.
        self.drafts = DraftKeeper(
            self._ctx,
            PLAN,
            values=self.editor.draft_values,
            restore=lambda draft: self.editor.restore_draft(draft.values),
            used_mnemonics=set(DOSSIER_MNEMONICS) | mnemonics_of(self),
            parent=self,
        )
        plan_layout.insertWidget(plan_layout.indexOf(self.banner) + 1, self.drafts.bar)
        self.drafts.bar.discard_requested.connect(self.undo_changes)
        self.editor.edited.connect(self.drafts.edited)

    # --- loading --------------------------------------------------------------------------

    def load(self, select_id: uuid.UUID | None = None) -> None:
        """(Re)read the plans, the chosen plan (`select_id`, else the one shown, else the
        current one) and the work-level measurements."""
        target = select_id or (self.detail.id if self.detail else None)
        with self._ctx.unit_of_work() as (session, actor):
            plannen = svc.list_plannen(
                session, actor=actor, inwoner_id=self.inwoner_id, reden=self.reden
            )
            plannen.sort(key=lambda p: (p.aangemaakt_op, p.planversie), reverse=True)
            rows = [
                PlanRij(p.id, p.type, p.planversie, p.status, p.vastgesteld_op,
                        p.eigenaar.naam if p.eigenaar else "", p.vorige_id)
                for p in plannen
            ]  # fmt: skip
            niveaus = [(w.niveau, w.omschrijving) for w in svc.werkniveaus(session)]
            omschrijving = dict(niveaus)
            metingen = [
                MetingRij(m.datum, m.niveau, omschrijving.get(m.niveau, ""), m.is_baseline,
                          m.bewijs.label, m.bewijs_omschrijving,
                          m.beoordelaar.naam)
                for m in svc.werkniveau_metingen(
                    session, actor=actor, inwoner_id=self.inwoner_id, reden=self.reden)
            ]  # fmt: skip
            if target not in {row.id for row in rows}:
                target = self._default_plan(rows)
            detail = read_detail(session, actor, target, self.reden) if target else None
        self.loaded = True
        self.rows, self.niveaus, self.metingen = rows, niveaus, list(reversed(metingen))
        self._show(detail)

    @staticmethod
    def _default_plan(rows: list[PlanRij]) -> uuid.UUID | None:
        for status in (PlanStatus.CONCEPT, PlanStatus.VASTGESTELD):
            for row in rows:
                if row.status == status:
                    return row.id
        return rows[0].id if rows else None

    def _show(self, detail: PlanDetail | None) -> None:
        self.detail = detail
        self._selecting = True
        try:
            self.history_model.set_rows(
                [
                    (KORT[r.type], str(r.planversie), STATUS_KORT[r.status],
                     format_date(r.vastgesteld_op), r.eigenaar)
                    for r in self.rows
                ],
                keys=[r.id for r in self.rows],
                tooltips=[(r.type.label, "", r.status.label, "", "") for r in self.rows],
            )  # fmt: skip
            if detail is not None:
                row = self.history_model.row_of(detail.id)
                if row is not None:
                    self.history.selectRow(row)
        finally:
            self._selecting = False
        table = self.history
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + min(max(len(self.rows), 3), 12) * table.verticalHeader().defaultSectionSize()
            + 4
        )

        self.metingen_model.set_rows(
            [
                (format_date(m.datum),
                 f"{m.niveau}" + (self.tr(" – nulmeting") if m.nulmeting else ""), m.bewijs)
                for m in self.metingen
            ],
            tooltips=[
                (m.door, m.niveau_omschrijving, m.bewijs_omschrijving) for m in self.metingen
            ],
        )  # fmt: skip
        table = self.metingen_table
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + min(len(self.metingen), 5) * table.verticalHeader().defaultSectionSize()
            + 4
        )
        self.metingen_table.setVisible(bool(self.metingen))
        self.metingen_empty.setVisible(not self.metingen)

        if detail is None:
            self.empty_label.setText(
                self.tr("Nog geen ontwikkelplan. Kies Nieuw plan… om het eerste te maken.")
                if self.may_edit
                else self.tr("Nog geen ontwikkelplan.")
            )
            self.stack.setCurrentWidget(self.empty_page)
            self.editor.set_gegevens(svc.PlanGegevens())
            self.drafts.release()
            self._update_state()
            return
        self.stack.setCurrentWidget(self.plan_page)
        self.editor.set_werkniveaus(self.niveaus)
        self.editor.set_gegevens(detail.gegevens)
        self.editor.set_read_only(not self.can_edit())
        if self.can_edit():
            self.drafts.track(detail.id, self.inwoner_id, detail.versie,
                              offer=self.drafts.find(detail.id))  # fmt: skip
        else:
            self.drafts.release()
        self._show_header(detail)
        self.evaluaties_model.set_rows(
            [
                (format_date(e.datum), e.door, e.begeleidingsnoodzaak,
                 self.tr("ja") if e.doelen_bijgesteld else self.tr("nee"), e.advies)
                for e in detail.evaluaties
            ],
            tooltips=[("", "", e.begeleidingsnoodzaak, "", e.advies) for e in detail.evaluaties],
        )  # fmt: skip
        self.evaluaties_box.setVisible(detail.status != PlanStatus.CONCEPT)
        self.evaluaties_table.setVisible(bool(detail.evaluaties))
        table = self.evaluaties_table
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + min(max(len(detail.evaluaties), 1), 6) * table.verticalHeader().defaultSectionSize()
            + 4
        )
        self.evaluaties_empty.setVisible(not detail.evaluaties)
        self._update_state()

    def _show_header(self, d: PlanDetail) -> None:
        self.title_label.setText(f"{d.type.label} — {self.tr('versie')} {d.planversie}")
        self.banner.setStyleSheet(BANNER_STYLES[d.status])
        if d.status == PlanStatus.CONCEPT:
            text = self.tr("Concept — nog niet vastgesteld.")
            if self.may_edit:
                text += " " + self.tr(
                    "Vul het plan in met de inwoner en sla op (Ctrl+S). Na ondertekening kiest "
                    "u Vaststellen."
                )
                in_force = self._in_force(d.type)
                if in_force is not None:
                    text += " " + self.tr(
                        "{titel} (vastgesteld op {datum}) blijft geldig tot deze versie is "
                        "vastgesteld."
                    ).format(titel=in_force.titel, datum=format_date(in_force.vastgesteld_op))
                if d.ontbreekt:
                    text += "\n" + self.tr("Nog nodig om vast te stellen: {lijst}.").format(
                        lijst="; ".join(d.ontbreekt)
                    )
                else:
                    text += "\n" + self.tr("Het plan is compleet en kan worden vastgesteld.")
        elif d.status == PlanStatus.VASTGESTELD:
            text = self.tr(
                "Vastgesteld op {datum} — ondertekend door de inwoner op {inwoner} en door de "
                "coach op {coach}. Dit plan is alleen-lezen."
            ).format(
                datum=format_date(d.vastgesteld_op),
                inwoner=format_date(d.ondertekend_inwoner_op),
                coach=format_date(d.ondertekend_coach_op),
            )
            if self.may_edit:
                text += " " + self.tr("Kies Nieuwe versie om het bij te werken.")
        elif d.status == PlanStatus.VERVANGEN:
            text = self.tr(
                "Vervangen door een nieuwe versie — dit is een eerdere versie (alleen-lezen)."
            )
            if d.vastgesteld_op:
                text += " " + self.tr("Vastgesteld op {datum}.").format(
                    datum=format_date(d.vastgesteld_op)
                )
        else:
            text = self.tr("Afgesloten op {datum}: {reden} Dit plan is alleen-lezen.").format(
                datum=format_date(d.afgesloten_op), reden=d.afsluitreden.rstrip(".") + "."
            )
        self.banner.setText(text)

        periode = " t/m ".join(
            format_date(x) for x in (d.gegevens.periode_van, d.gegevens.periode_tot) if x
        )
        facts = [self.tr("Eigenaar: {naam}").format(naam=d.eigenaar or "—")]
        if periode:
            facts.append(self.tr("Periode: {periode}").format(periode=periode))
        self.facts_label.setText(" · ".join(facts))

        self.evaluatie_overdue = False
        today = self._today()
        if d.status == PlanStatus.VASTGESTELD and d.volgende_evaluatie:
            days = (d.volgende_evaluatie - today).days
            if days < 0:
                self.evaluatie_overdue = True
                text = self.tr("Evaluatie te laat: gepland op {datum} ({n} dagen geleden).").format(
                    datum=format_date(d.volgende_evaluatie), n=-days
                )
            else:
                text = self.tr("Volgende evaluatie: {datum}").format(
                    datum=format_date(d.volgende_evaluatie)
                )
        elif d.status == PlanStatus.CONCEPT:
            text = self.tr("Na vaststelling wordt het plan elke {n} maanden geëvalueerd.").format(
                n=d.gegevens.evaluatie_interval_maanden
            )
        else:
            text = ""
        self.evaluatie_label.setText(text)
        self.evaluatie_label.setVisible(bool(text))
        self.evaluatie_label.setStyleSheet(OVERDUE_STYLE if self.evaluatie_overdue else "")

    # --- state ----------------------------------------------------------------------------

    def can_edit(self) -> bool:
        """Is the shown plan a concept this medewerker may change?"""
        return (
            self.may_edit and self.detail is not None and self.detail.status == PlanStatus.CONCEPT
        )

    def is_modified(self) -> bool:
        return self.can_edit() and self.editor.is_modified()

    def _open_types(self) -> set[PlanType]:
        return {row.type for row in self.rows if row.status in OPEN}

    def _in_force(self, plan_type: PlanType) -> PlanRij | None:
        """The vastgesteld plan of this type, if any."""
        return next(
            (r for r in self.rows if r.type == plan_type and r.status == PlanStatus.VASTGESTELD),
            None,
        )

    def _previous(self) -> PlanRij | None:
        d = self.detail
        if d is None:
            return None
        if d.vorige_id is not None:
            for row in self.rows:
                if row.id == d.vorige_id:
                    return row
        earlier = [r for r in self.rows if r.type == d.type and r.planversie < d.planversie]
        return max(earlier, key=lambda r: r.planversie, default=None)

    def _enable(self, button: QPushButton, enabled: bool, why_not: str, tip: str = "") -> None:
        button.setEnabled(enabled)
        button.setToolTip(tip if enabled else why_not)

    @Slot()
    def _update_state(self) -> None:
        d = self.detail
        status = d.status if d else None
        concept = status == PlanStatus.CONCEPT
        vastgesteld = status == PlanStatus.VASTGESTELD
        modified = self.is_modified()
        free_types = [t for t in PlanType if t not in self._open_types()]
        self._enable(
            self.new_button,
            bool(free_types),
            self.tr("Van elk soort plan is er al een concept of een vastgesteld plan."),
            self.tr("Een nieuw ontwikkelplan maken"),
        )
        self.empty_button.setEnabled(bool(free_types))
        # Only the actions that fit the plan's status are shown; the rest of the time a
        # button is disabled only for a passing reason (nothing to save, a concept exists).
        self.save_button.setVisible(self.may_edit and concept)
        self.undo_button.setVisible(self.may_edit and concept)
        self.vaststellen_button.setVisible(self.may_edit and concept)
        self.versie_button.setVisible(self.may_edit and vastgesteld)
        self.evaluatie_button.setVisible(self.may_edit and vastgesteld)
        self.afsluiten_button.setVisible(self.may_edit and status in OPEN)
        self._enable(
            self.save_button,
            modified,
            self.tr("Er zijn geen wijzigingen om op te slaan."),
            self.tr("Het concept opslaan (Ctrl+S)"),
        )
        self.undo_button.setEnabled(modified)
        self.vaststellen_button.setToolTip(
            self.tr("Het plan vaststellen met de datums van ondertekening")
        )
        concept_exists = d is not None and any(
            r.type == d.type and r.status == PlanStatus.CONCEPT for r in self.rows
        )
        self._enable(
            self.versie_button,
            not concept_exists,
            self.tr("Er is al een concept van dit plan; werk dat bij."),
            self.tr("Een bewerkbare kopie van dit plan maken"),
        )
        self.evaluatie_button.setToolTip(self.tr("De uitkomst van een evaluatie vastleggen"))
        self.afsluiten_button.setToolTip(self.tr("Het plan beëindigen, met een reden"))
        previous = self._previous()
        self._enable(
            self.vergelijk_button,
            previous is not None,
            self.tr("Dit is de eerste versie; er is niets om mee te vergelijken."),
            self.tr("Laat zien wat er is veranderd ten opzichte van {vorige}").format(
                vorige=previous.titel if previous else ""
            ),
        )
        self._enable(
            self.print_button,
            d is not None,
            "",
            self.tr("Het plan als PDF opslaan om af te drukken en te laten ondertekenen"),
        )
        if modified:
            count = self.editor.error_count()
            if not count:
                text = self.tr("Niet-opgeslagen wijzigingen.")
            elif count == 1:
                text = self.tr(
                    "Niet opgeslagen: verbeter eerst wat rood gemarkeerd is (1 melding)."
                )
            else:
                text = self.tr(
                    "Niet opgeslagen: verbeter eerst wat rood gemarkeerd is ({n} meldingen)."
                ).format(n=count)
            self.status_label.setText(text)
        elif self.status_label.text().startswith(self.tr("Niet")):
            self.status_label.setText("")
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # --- unsaved changes ------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user agrees to throw it away (its draft
        goes with it)."""
        if not self.is_modified():
            return True
        if not ask(
            self,
            self.tr("Niet opgeslagen"),
            self.tr(
                "Het concept heeft wijzigingen die nog niet zijn opgeslagen. Wilt u die weggooien?"
            ),
            yes=self.tr("Weggooien"),
            no=self.tr("Terug naar het plan"),
        ):
            return False
        self.drafts.forget()
        return True

    confirm_close = confirm_discard

    def discard_changes(self) -> None:
        self.drafts.forget()
        if self.detail is not None:
            self.editor.set_gegevens(self.detail.gegevens)
        self._update_state()

    @Slot()
    def undo_changes(self) -> None:
        self.discard_changes()
        self._say(self.tr("Wijzigingen ongedaan gemaakt."))

    def _save_first(self) -> bool:
        """Before an action on the stored plan: save what is typed (True when nothing is
        left unsaved)."""
        return not self.is_modified() or self.save()

    # --- keyboard: Ctrl+S -----------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Ctrl+S while the focus is in this tab saves the plan, not (as the main window's
        # shortcut would) the personalia: claim the key before the shortcut system sees it.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Save)
            and self.can_edit()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Save) and self.can_edit():
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.widget() and event.type() == QEvent.Type.LayoutRequest:
            # Rows, messages and fixed-height tables change the plan's height; a resizable
            # scroll area only notices when told (otherwise it squeezes its content).
            QCoreApplication.postEvent(self.scroll, QEvent(QEvent.Type.LayoutRequest))
            return False
        # Combo boxes swallow unknown keys, so Ctrl+S would not reach keyPressEvent.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Save)
            and self.can_edit()
        ):
            self.save()
            return True
        return super().eventFilter(watched, event)

    # --- actions --------------------------------------------------------------------------

    @Slot()
    def _on_history_selected(self, *_args) -> None:
        if self._selecting:
            return
        row = self.history.currentIndex().row()
        plan_id = self.history_model.key(row)
        if plan_id is None or (self.detail is not None and plan_id == self.detail.id):
            return
        if not self.confirm_discard():
            self._show_selection_only()
            return
        self.show_plan(plan_id)

    def _show_selection_only(self) -> None:
        if self.detail is None:
            return
        row = self.history_model.row_of(self.detail.id)
        if row is not None:
            self._selecting = True
            try:
                self.history.selectRow(row)
            finally:
                self._selecting = False

    def open_plan(self, plan_id: uuid.UUID) -> None:
        """Show this plan (e.g. the one a draft belongs to), loading the tab if it was not
        yet; unsaved edits of another plan are asked about first."""
        if not self.loaded:
            self._load_quietly(select_id=plan_id)
        elif (self.detail is None or self.detail.id != plan_id) and self.confirm_discard():
            self.show_plan(plan_id)

    def show_plan(self, plan_id: uuid.UUID) -> None:
        try:
            with self._ctx.unit_of_work() as (session, actor):
                detail = read_detail(session, actor, plan_id, self.reden)
        except DomainError as error:
            show_domain_error(self, error)
            self._show_selection_only()
            return
        self._say("")
        self._show(detail)

    # Dialogs open with `_keep_last_dialog(dialog).open()`, not `_open`: a cancelled dialog
    # leaves the tab as it is (a reload would reset a concept that is being edited).

    def _changed(self, select_id: uuid.UUID | None, message: str) -> None:
        """After a stored change: reload, say what happened, tell the other views."""
        self.load(select_id)
        self._say(message)
        self._notify(signals.ONTWIKKELPLAN)

    @Slot()
    def new_plan(self) -> NieuwPlanDialog | None:
        if not self.may_edit or not self.confirm_discard():
            return None
        types = [t for t in PlanType if t not in self._open_types()]
        if not types:
            show_domain_error(
                self,
                DomainError(
                    self.tr(
                        "Van elk soort plan is er al een concept of een vastgesteld plan. "
                        "Werk dat bij, of kies Nieuwe versie."
                    )
                ),
            )
            return None
        dialog = NieuwPlanDialog(self._ctx, self.inwoner_id, types, reden=self.reden, parent=self)
        dialog.accepted.connect(
            lambda: self._changed(
                dialog.created_id,
                self.tr("Nieuw concept gemaakt. Vul het plan in en sla op (Ctrl+S)."),
            )
        )
        self._keep_last_dialog(dialog).open()
        return dialog

    @Slot()
    def save(self) -> bool:
        """Save the concept; True when saved (or nothing to save)."""
        if not self.can_edit() or not self.editor.is_modified():
            return True
        assert self.detail is not None
        local = self.editor.local_errors()
        if local:
            self.editor.set_errors(local)
            self.editor.focus_first_error()
            self._update_state()
            return False
        gegevens = self.editor.gegevens()
        plan_id = self.detail.id
        try:
            with self._ctx.unit_of_work() as (session, actor):
                svc.wijzig_concept(
                    session,
                    actor=actor,
                    plan_id=plan_id,
                    versie=self.detail.versie,
                    gegevens=gegevens,
                    reden=self.reden,
                )
        except ValidationError as error:
            self.editor.set_errors(error.errors)
            self.editor.focus_first_error()
            self._update_state()
            return False
        except ConflictError:
            self._offer_reload()
            return False
        except DomainError as error:
            show_domain_error(self, error)
            return False
        self.drafts.forget()
        self._changed(plan_id, self.tr("Opgeslagen."))
        return True

    def _offer_reload(self) -> None:
        """A colleague saved this concept first: reload, show per part what they changed and
        put back the user's own changes they choose (see app/ui/conflict.py)."""
        assert self.detail is not None
        plan_id, toen, mijn = self.detail.id, self.detail.gegevens, self.editor.gegevens()
        self.drafts.forget()  # the typing is in `mijn`; the reload must show what is stored
        try:
            self.load()
            with self._ctx.unit_of_work() as (session, _actor):
                door = laatste_wijziging(session, inwoner_id=self.inwoner_id,
                                         onderwerp="ontwikkelplan", record_id=plan_id)  # fmt: skip
        except DomainError as error:
            self.editor.put_back(mijn)
            show_domain_error(self, error)
            return
        if self.detail is None or self.detail.id != plan_id or not self.can_edit():
            # Vastgesteld or closed meanwhile: there is no concept left to put the edits in.
            show_domain_error(self, DomainError(self.tr(
                "Dit plan is intussen vastgesteld of afgesloten; uw wijzigingen kunnen er niet "
                "meer in. Maak zo nodig een nieuwe versie."
            )))  # fmt: skip
            return
        nu = self.detail.gegevens
        weergaven = [svc.weergave(g) for g in (toen, nu, mijn)]
        labels = {naam: label for naam, (label, _t) in weergaven[0].items()}
        toen_t, nu_t, mijn_t = ({n: t for n, (_l, t) in w.items()} for w in weergaven)
        dialog = ConflictDialog(self.tr("dit ontwikkelplan"),
                                verschillen(labels, toen_t, nu_t, mijn_t), door, self)  # fmt: skip
        dialog.exec()
        terug = dialog.gekozen()
        if terug:
            self.editor.put_back(replace(nu, **{naam: getattr(mijn, naam) for naam in terug}))
            self.drafts.edited()
            self._update_state()
            self._say(self.tr("Uw wijzigingen staan weer in het plan: controleer ze en sla op."))
        else:
            self._say(self.tr("Opnieuw geladen; uw wijzigingen zijn vervallen."))

    @Slot()
    def vaststellen(self) -> VaststellenDialog | None:
        if not self.can_edit() or not self._save_first():
            return None
        assert self.detail is not None
        plan_id = self.detail.id
        try:
            with self._ctx.unit_of_work() as (session, actor):
                plan = svc.get_plan(session, actor=actor, plan_id=plan_id, reden=self.reden)
                missing = svc.ontbreekt_voor_vaststellen(plan)
                versie, status = plan.versie, plan.status
        except DomainError as error:
            show_domain_error(self, error)
            return None
        if status != PlanStatus.CONCEPT or versie != self.detail.versie:
            self._offer_reload()
            return None
        if missing:
            show_domain_error(
                self,
                DomainError(
                    self.tr("{titel} kan nog niet worden vastgesteld. Vul eerst in:").format(
                        titel=self.detail.titel
                    )
                    + "\n\n"
                    + "\n".join(f"• {item}" for item in missing)
                ),
                title=self.tr("Nog niet compleet"),
            )
            return None
        in_force = self._in_force(self.detail.type)
        dialog = VaststellenDialog(
            self._ctx,
            plan_id,
            versie,
            self.detail.titel,
            vervangt=(
                self.tr("{titel} (vastgesteld op {datum})").format(
                    titel=in_force.titel, datum=format_date(in_force.vastgesteld_op)
                )
                if in_force
                else None
            ),
            reden=self.reden,
            parent=self,
        )
        dialog.accepted.connect(
            lambda: self._changed(plan_id, self.tr("Vastgesteld. Het plan is nu alleen-lezen."))
        )
        self._keep_last_dialog(dialog).open()
        return dialog

    @Slot()
    def nieuwe_versie(self) -> uuid.UUID | None:
        d = self.detail
        if not self.may_edit or d is None or d.status != PlanStatus.VASTGESTELD:
            return None
        try:
            with self._ctx.unit_of_work() as (session, actor):
                kopie = svc.nieuwe_versie(session, actor=actor, plan_id=d.id, reden=self.reden)
                kopie_id, planversie = kopie.id, kopie.planversie
        except DomainError as error:
            show_domain_error(self, error)
            return None
        self._changed(
            kopie_id,
            self.tr(
                "Versie {nieuw} is gemaakt als concept; versie {oud} blijft geldig tot de nieuwe "
                "is vastgesteld."
            ).format(nieuw=planversie, oud=d.planversie),
        )
        return kopie_id

    @Slot()
    def afsluiten(self) -> AfsluitenDialog | None:
        d = self.detail
        if not self.may_edit or d is None or d.status not in OPEN or not self._save_first():
            return None
        dialog = AfsluitenDialog(self._ctx, d.id, d.titel, reden=self.reden, parent=self)
        dialog.accepted.connect(lambda: self._changed(d.id, self.tr("Het plan is afgesloten.")))
        self._keep_last_dialog(dialog).open()
        return dialog

    @Slot()
    def evaluatie_toevoegen(self) -> EvaluatieDialog | None:
        d = self.detail
        if not self.may_edit or d is None or d.status != PlanStatus.VASTGESTELD:
            return None
        dialog = EvaluatieDialog(
            self._ctx,
            d.id,
            d.titel,
            vastgesteld_op=d.vastgesteld_op,
            interval_maanden=d.gegevens.evaluatie_interval_maanden,
            reden=self.reden,
            today=self._today(),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._changed(d.id, self.tr("Evaluatie toegevoegd.")))
        self._keep_last_dialog(dialog).open()
        return dialog

    @Slot()
    def meet_werkniveau(self) -> WerkniveauDialog | None:
        if not self.may_edit:
            return None
        dialog = WerkniveauDialog(
            self._ctx,
            self.inwoner_id,
            self.niveaus,
            heeft_nulmeting=any(m.nulmeting for m in self.metingen),
            reden=self.reden,
            today=self._today(),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._changed(None, self.tr("Werkniveau vastgelegd.")))
        self._keep_last_dialog(dialog).open()
        return dialog

    @Slot()
    def vergelijk(self) -> VerschillenDialog | None:
        d, previous = self.detail, self._previous()
        if d is None or previous is None:
            return None
        try:
            with self._ctx.unit_of_work() as (session, actor):
                oud = svc.get_plan(session, actor=actor, plan_id=previous.id, reden=self.reden)
                nieuw = svc.get_plan(session, actor=actor, plan_id=d.id, reden=self.reden)
                rows = svc.verschillen(oud, nieuw)
        except DomainError as error:
            show_domain_error(self, error)
            return None
        if self.is_modified():
            self._say(self.tr("De vergelijking toont de opgeslagen inhoud van het concept."))
        dialog = VerschillenDialog(
            rows,
            oud=f"{previous.titel}, {STATUS_KORT[previous.status].lower()}",
            nieuw=f"{d.titel}, {STATUS_KORT[d.status].lower()}",
            parent=self,
        )
        self._keep_last_dialog(dialog).open()
        return dialog

    @Slot()
    def afdrukken(self) -> int | None:
        """Render the plan off the GUI thread and save it where the user chooses."""
        d = self.detail
        if d is None or not self._save_first():
            return None
        d = self.detail
        assert d is not None
        path = self._choose_pdf(self.tr("Plan opslaan als PDF"), d.bestandsnaam)
        if path is None:
            return None
        plan_id, reden = d.id, self.reden

        def work(session: Session, actor: Medewerker) -> bytes:
            return print_plan(session, actor=actor, plan_id=plan_id, reden=reden)

        # The file is written when the rendered plan is back (a few milliseconds): after
        # "Annuleren" there is then neither a file nor an audit record of the print.
        texts = PrintTexts(
            busy=self.tr("Plan afdrukken…"),
            not_saved=self.tr("Het plan kon niet worden opgeslagen als {pad}: {fout}"),
            done_title=self.tr("Plan afgedrukt"),
            done_text=self.tr("Het plan is opgeslagen als:\n{pad}\n\nWilt u het nu openen?"),
        )
        return self._print(work, path, texts)

    def _print_busy_changed(self) -> None:
        self._update_state()
