"""The "Traject" tab of a dossier: the inwoner's re-integration trajectory, from aanmelding to
closure, with its intake, diagnoses, participatieladder and sanction investigations.

At the top: the phase the trajectory is in and since when, its stage and the facts that
matter now; without any trajectory an explanation and "Aanmelden voor een traject…". Below,
five parts: Verloop (the coaches, the next steps and the timeline of every step taken),
Intake (the report, editable during intake and exploration), Diagnoses, Participatieladder
(a list and a chart) and Handhaving. Closed trajectories stay available through the list of
trajectories; a new aanmelding is possible once none is running.

The next steps are the service's `mogelijke_overgangen`: one button each; a button that
cannot be used yet is disabled and says in its tooltip (and accessible description) what is
still missing. Each step opens a dialog that collects what that step needs.

Like the dossier, the tab keeps no Session: every load and every action is one unit of work
that copies what is shown into plain values. After each change the tab reloads and tells the
other views (`changed("traject", inwoner_id)`, and "ontwikkelplan" when the IOP changed too).
Diagnoses are special personal data whose every read is audited, so they are read only when
their part is shown. Ctrl+S saves the intake while it has unsaved changes.

While the intake report is edited its draft is kept (app/ui/drafts.py), one per trajectory,
saying which report it is (or that it is a new one); when the trajectory is shown again after
a crash, that report is shown with the draft's values under a bar that says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.drafts import INTAKE, Draft
from app.models import Medewerker, Rol, Traject, TrajectFase
from app.services import diagnoses as diag
from app.services import handhaving as hh
from app.services import trajecten as svc
from app.services.audit import laatste_wijziging
from app.services.errors import ConflictError, DomainError, ValidationError
from app.services.instellingen import STADIUM3_CONTACTEN, instelling
from app.services.medewerkers import medewerkers_met_rol
from app.services.rechten import Gegeven, Recht
from app.services.text import format_date
from app.ui import signals
from app.ui.conflict import ConflictDialog, verschillen
from app.ui.context import UiContext
from app.ui.dossier_tab import DossierTab
from app.ui.drafts import DraftKeeper
from app.ui.errors import ask, show_domain_error
from app.ui.intake_form import IntakeForm
from app.ui.participatieladder_chart import ParticipatieladderChart
from app.ui.table import RowsModel, make_table
from app.ui.traject_dialogs import (
    AanmeldenDialog,
    AdviesDialog,
    AfsluitenTrajectDialog,
    AfwegingDialog,
    BesluitDialog,
    Choice,
    CoachDialog,
    DatumStapDialog,
    DiagnoseDialog,
    EindePlaatsingDialog,
    MatchingDialog,
    NazorgDialog,
    OpenHandhavingDialog,
    ParticipatieDialog,
    PlaatsenDialog,
    ScoreDialog,
    StadiumDialog,
    ToelichtingStapDialog,
    TrajectEvaluatieDialog,
    TrajectRef,
    VerlengDialog,
)
from app.ui.widgets import (
    ERROR_STYLE,
    bold,
    bullets,
    fit_height,
    make_hint,
    mnemonics_of,
    with_mnemonic,
)

F = TrajectFase
ROLLEN = ("werkcoach", "jobcoach", "participatiecoach", "accountmanager")
ROL_LABELS = {"werkcoach": "Werkcoach", "jobcoach": "Jobcoach",
              "participatiecoach": "Participatiecoach",
              "accountmanager": "Accountmanager"}  # fmt: skip
# The right each step needs besides reading (the service's own matrix says the same).
RECHT_VAN_STAP = {"verleng": Gegeven.NORMBESLUIT, "open_handhaving": Gegeven.HANDHAVING}
INTAKE_FASEN = (F.INTAKE, F.VERKENNING_DIAGNOSE)
# Steps beside the way forward: after a step the focus does not go to these.
ZIJSTAPPEN = frozenset({"open_handhaving", "onderbreek", "sluit_af", "verleng"})
# Letters taken while this tab is shown: the menu bar (Bestand, Ga naar, Dossier, Help), the
# dossier's tabs (Personalia, Contactjournaal, Ontwikkelplan, Traject), this tab's header
# (Aanmelden, Trajecten) and its parts (Verloop, Intake, Diagnoses, Ladder, Handhaving).
TAB_MNEMONICS = frozenset("BGDHPCNJMTVISLA")

BANNER = "QLabel {{ background: {bg}; color: {fg}; border: 1px solid {border}; border-radius: 3px; padding: 6px 8px; }}"  # noqa: E501
CLOSED_STYLE = BANNER.format(bg="#f1f3f4", fg="#3c4043", border="#dadce0")
PAUSED_STYLE = BANNER.format(bg="#fff4ce", fg="#4d3800", border="#e0c060")


# --- what the tab shows, as plain values -----------------------------------------------------


@dataclass(frozen=True)
class TrajectRij:
    """One trajectory in the list of the inwoner's trajectories."""

    id: uuid.UUID
    fase: TrajectFase
    startdatum: date
    einddatum: date | None
    uitstroom: str

    @property
    def actief(self) -> bool:
        return self.fase != F.AFGESLOTEN


@dataclass(frozen=True)
class StapRij:
    """One step of the timeline (a FaseOvergang)."""

    datum: date
    code: str
    soort: str
    van: str
    naar: str
    door: str
    reden: str
    voorwaarden: tuple[str, ...]

    @property
    def stap(self) -> str:
        return f"{self.code} · {self.soort}"

    @property
    def van_naar(self) -> str:
        if not self.van:
            return f"→ {self.naar}"
        if self.van == self.naar:
            return self.naar
        return f"{self.van} → {self.naar}"


@dataclass(frozen=True)
class IntakeRij:
    id: uuid.UUID
    versie: int
    gegevens: svc.IntakeGegevens
    intaker: str
    ontbreekt: tuple[str, ...]

    @property
    def titel(self) -> str:
        return f"{self.gegevens.type.label}, {format_date(self.gegevens.datum)}"


@dataclass(frozen=True)
class PlaatsingRij:
    id: uuid.UUID
    startdatum: date
    einddatum: date | None
    werkplek: str
    vorm: str
    uren: int | None
    jobcoach: str
    lks: bool


@dataclass(frozen=True)
class ZaakRij:
    """A sanction investigation and how far it is."""

    id: uuid.UUID
    versie: int
    signaal_datum: date
    afspraak: str
    omschrijving: str
    verordening: str
    verwijtbaarheid: str
    omstandigheden: str
    advies: str
    advies_op: date | None
    besluit: str
    besluit_op: date | None

    @property
    def open(self) -> bool:
        return self.besluit_op is None

    @property
    def stand(self) -> str:
        if self.besluit_op is not None:
            return f"Besloten door de gemeente: {self.besluit} ({format_date(self.besluit_op)})"
        if self.advies:
            return (f"Advies gegeven op {format_date(self.advies_op)}; wacht op het besluit "
                    "van de gemeente")  # fmt: skip
        if self.verwijtbaarheid:
            return "Afgewogen; het advies volgt"
        return "Geopend; de afweging volgt"


@dataclass(frozen=True)
class ScoreRij:
    datum: date
    trede: int
    toelichting: str


@dataclass(frozen=True)
class DiagnoseRij:
    datum: date
    instrument: str
    uitvoerder: str
    resultaat: str


@dataclass(frozen=True)
class TrajectDetail:
    """The shown trajectory: everything the tab shows of it."""

    ref: TrajectRef
    aanmeldbron: str
    einddatum: date | None
    uitstroom: str
    uitstroom_toelichting: str
    fase_voor_onderbreking: TrajectFase | None
    coaches: dict[str, tuple[uuid.UUID | None, str]]
    werkfit_sinds: date | None
    verlengd_tot: date | None
    overdracht_op: date | None
    vacature: str
    contact_per_jaar: int | None
    nazorg_tot: date | None
    nazorg_afspraken: str
    stappen: tuple[StapRij, ...]
    overgangen: tuple[svc.Overgang, ...]
    intakes: tuple[IntakeRij, ...]
    plaatsingen: tuple[PlaatsingRij, ...]
    zaken: tuple[ZaakRij, ...] = field(default=())

    @property
    def fase(self) -> TrajectFase:
        return self.ref.fase

    @property
    def actief(self) -> bool:
        return self.ref.fase != F.AFGESLOTEN

    def overgang(self, actie: str) -> svc.Overgang | None:
        return next((o for o in self.overgangen if o.actie == actie), None)


def _naam(medewerker: Medewerker | None) -> str:
    return medewerker.naam if medewerker is not None else ""


def read_detail(
    session: Session, actor: Medewerker, traject: Traject, reden: str | None, *,
    handhaving: bool,
) -> TrajectDetail:  # fmt: skip
    overgangen = svc.mogelijke_overgangen(session, actor=actor, traject_id=traject.id,
                                          reden=reden)  # fmt: skip
    intakes = svc.intakes(session, actor=actor, traject_id=traject.id, reden=reden)
    plaatsingen = [p for p in svc.plaatsingen(session, actor=actor, reden=reden,
                                              inwoner_id=traject.inwoner_id)
                   if p.traject_id == traject.id]  # fmt: skip
    zaken = hh.handhavingszaken(session, actor=actor, traject_id=traject.id, reden=reden) \
        if handhaving else []  # fmt: skip
    return TrajectDetail(
        ref=TrajectRef(
            id=traject.id, versie=traject.versie, inwoner_id=traject.inwoner_id,
            fase=traject.fase, fase_sinds=traject.fase_sinds, startdatum=traject.startdatum,
            stadium=traject.ontwikkelstadium,
            gemeente=traject.gemeente.naam if traject.gemeente else "",
        ),
        aanmeldbron=traject.aanmeldbron.label,
        einddatum=traject.einddatum,
        uitstroom=traject.uitstroomreden.label if traject.uitstroomreden else "",
        uitstroom_toelichting=traject.uitstroom_toelichting or "",
        fase_voor_onderbreking=traject.fase_voor_onderbreking,
        coaches={
            "werkcoach": (traject.werkcoach_id, _naam(traject.werkcoach)),
            "jobcoach": (traject.jobcoach_id, _naam(traject.jobcoach)),
            "participatiecoach": (traject.participatiecoach_id, _naam(traject.participatiecoach)),
            "accountmanager": (traject.accountmanager_id, _naam(traject.accountmanager)),
        },
        werkfit_sinds=traject.werkfit_sinds,
        verlengd_tot=traject.verlengd_tot,
        overdracht_op=traject.overdracht_op,
        vacature=traject.vacature or "",
        contact_per_jaar=traject.contact_per_jaar,
        nazorg_tot=traject.nazorg_tot,
        nazorg_afspraken=traject.nazorg_afspraken or "",
        stappen=tuple(
            StapRij(o.datum, o.code, o.soort.label, o.van_fase.label if o.van_fase else "",
                    o.naar_fase.label, _naam(o.medewerker), o.reden or "",
                    tuple((o.voorwaarden or "").splitlines()))
            for o in traject.overgangen
        ),
        overgangen=tuple(overgangen),
        intakes=tuple(
            IntakeRij(i.id, i.versie, svc.IntakeGegevens.from_intake(i), _naam(i.intaker),
                      tuple(svc.intake_ontbreekt(i)))
            # oldest first; the last is the one the stage decision reads
            for i in sorted(intakes, key=lambda i: (i.datum, i.aangemaakt_op))
        ),
        plaatsingen=tuple(
            PlaatsingRij(p.id, p.startdatum, p.einddatum, p.werkplek, p.plaatsingsvorm.label,
                         p.uren_per_week, _naam(p.jobcoach), p.lks)
            for p in plaatsingen
        ),
        zaken=tuple(
            ZaakRij(z.id, z.versie, z.signaal_datum, z.afspraak_omschrijving, z.omschrijving,
                    z.verordening, z.verwijtbaarheid or "", z.persoonlijke_omstandigheden or "",
                    z.advies or "", z.advies_op, z.besluit_gemeente or "", z.besluit_op)
            for z in zaken
        ),
    )  # fmt: skip


def _choices(medewerkers: list[Medewerker]) -> list[Choice]:
    return [(m.id, m.naam) for m in medewerkers]


# --- the tab ---------------------------------------------------------------------------------


class TrajectTab(DossierTab):
    """The trajectories of one inwoner."""

    modified_changed = Signal(bool)
    RELOAD_ON = (signals.TRAJECT, signals.ONTWIKKELPLAN, signals.CONTACTMOMENT, signals.INWONER)

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
        self.may_edit = ctx.mag(Gegeven.TRAJECT, Recht.WIJZIGEN)
        self.may_read_diagnoses = ctx.mag(Gegeven.DIAGNOSE, Recht.LEZEN)
        self.may_edit_diagnoses = ctx.mag(Gegeven.DIAGNOSE, Recht.WIJZIGEN)
        self.may_read_handhaving = ctx.mag(Gegeven.HANDHAVING, Recht.LEZEN)
        self.may_edit_handhaving = ctx.mag(Gegeven.HANDHAVING, Recht.WIJZIGEN)
        self.rows: list[TrajectRij] = []
        self.detail: TrajectDetail | None = None
        self.scores: list[ScoreRij] = []
        self.diagnoses: list[DiagnoseRij] = []
        self.diagnoses_loaded = False
        self.intake_id: uuid.UUID | None = None  # the intake in the form (None: a new one)
        self.step_buttons: dict[str, QPushButton] = {}
        self._modified = False
        self._selecting = False
        self._switching = False
        self._new_intake = False  # writing a further intake report (not yet saved)
        self._refocus_steps = False  # a step's dialog was open: focus the next step after it
        self._build()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        # Header: the shown trajectory, the list of trajectories and the aanmelding.
        self.title_label = bold(QLabel(), 1.3)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trajecten_combo = QComboBox()
        self.trajecten_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.trajecten_combo.currentIndexChanged.connect(self._on_traject_chosen)
        self.trajecten_label = QLabel(self.tr("&Trajecten:"))
        self.trajecten_label.setBuddy(self.trajecten_combo)
        self.aanmelden_button = self._button(
            self.tr("Aan&melden voor een traject…"), self.aanmelden,
            self.tr("De inwoner aanmelden voor een nieuw traject"),
        )  # fmt: skip
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.trajecten_label)
        title_row.addWidget(self.trajecten_combo)
        title_row.addWidget(self.aanmelden_button)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.facts_label = make_hint(QLabel())
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header = QWidget()
        header_layout = QVBoxLayout(self.header)
        header_layout.setContentsMargins(0, 0, 0, 0)
        header_layout.addLayout(title_row)
        header_layout.addWidget(self.banner)
        header_layout.addWidget(self.facts_label)

        # The empty state
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        make_hint(self.empty_label)
        self.empty_button = self._button(self.tr("Aan&melden voor een traject…"), self.aanmelden)
        self.empty_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.empty_box = QWidget()
        empty_layout = QVBoxLayout(self.empty_box)
        empty_layout.addSpacing(12)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addSpacing(12)

        self.parts = QTabWidget()
        self.parts.setDocumentMode(True)
        self.verloop_page = self._build_verloop()
        self.intake_page = self._build_intake()
        self.diagnoses_page = self._build_diagnoses() if self.may_read_diagnoses else None
        self.ladder_page = self._build_ladder()
        self.handhaving_page = self._build_handhaving() if self.may_read_handhaving else None
        self.parts.addTab(self.verloop_page, self.tr("&Verloop"))
        self.parts.addTab(self.intake_page, self.tr("&Intake"))
        if self.diagnoses_page is not None:
            self.parts.addTab(self.diagnoses_page, self.tr("Diagno&ses"))
        self.parts.addTab(self.ladder_page, self.tr("Participatie&ladder"))
        if self.handhaving_page is not None:
            self.parts.addTab(self.handhaving_page, self.tr("H&andhaving"))
        self.parts.currentChanged.connect(self._on_part_changed)

        self.status_label = make_hint(QLabel())
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.empty_box)
        layout.addWidget(self.parts, 1)
        layout.addWidget(self.status_label)

        # Only now that every widget has a parent (a parentless widget made visible would
        # become a window of its own): what the medewerker may not do is not shown.
        for button in (self.aanmelden_button, self.empty_button, self.score_button,
                       *self.coach_buttons.values()):  # fmt: skip
            button.setVisible(self.may_edit)
        if self.diagnoses_page is not None:
            self.diagnose_button.setVisible(self.may_edit_diagnoses)
        if self.handhaving_page is not None:
            for button in (self.open_zaak_button, self.afweging_button, self.advies_button,
                           self.besluit_button):  # fmt: skip
                button.setVisible(self.may_edit_handhaving)
        self.header.hide()

    def _build_verloop(self) -> QWidget:
        # Coaches
        self.coach_names: dict[str, QLabel] = {}
        self.coach_buttons: dict[str, QPushButton] = {}
        self.coaches_box = QGroupBox(self.tr("Begeleiding"))
        grid = QGridLayout(self.coaches_box)
        for row, rol in enumerate(ROLLEN):
            label = QLabel(self.tr(ROL_LABELS[rol]) + ":")
            name = QLabel()
            name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = self._button("", lambda rol=rol: self.change_coach(rol))
            grid.addWidget(label, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(button, row, 2)
            self.coach_names[rol], self.coach_buttons[rol] = name, button
        grid.setColumnStretch(1, 1)

        # The next steps
        self.steps_box = QGroupBox(self.tr("Volgende stap"))
        steps_layout = QVBoxLayout(self.steps_box)
        self.steps_grid = QGridLayout()
        steps_layout.addLayout(self.steps_grid)
        self.steps_hint = make_hint(QLabel())
        steps_layout.addWidget(self.steps_hint)
        steps_layout.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.coaches_box, 2)
        top.addWidget(self.steps_box, 3)

        # The timeline: every step, oldest first
        self.timeline_model = RowsModel(
            [self.tr("Datum"), self.tr("Stap"), self.tr("Van → naar"), self.tr("Door"),
             self.tr("Reden"), self.tr("Gecontroleerde voorwaarden")], self,
        )  # fmt: skip
        self.timeline = make_table(self.timeline_model, self.tr("Verloop van het traject"),
                                   (85, 170, 300, 120, 330))  # fmt: skip

        self.plaatsingen_model = RowsModel(
            [self.tr("Start"), self.tr("Einde"), self.tr("Werkplek"), self.tr("Vorm"),
             self.tr("Uren"), self.tr("Jobcoach"), self.tr("LKS")], self,
        )  # fmt: skip
        self.plaatsingen_table = make_table(self.plaatsingen_model, self.tr("Plaatsingen"),
                                            (85, 85, 220, 220, 60, 140))  # fmt: skip
        self.plaatsingen_box = QGroupBox(self.tr("Plaatsingen"))
        plaatsingen_layout = QVBoxLayout(self.plaatsingen_box)
        plaatsingen_layout.addWidget(self.plaatsingen_table)
        self.einde_plaatsing_button = QPushButton(self.tr("Plaatsing beëindigen…"))
        self.einde_plaatsing_button.clicked.connect(self.einde_plaatsing)
        self.plaatsingen_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_plaatsing_button()
        )
        plaatsingen_layout.addWidget(self.einde_plaatsing_button, 0,
                                     Qt.AlignmentFlag.AlignRight)  # fmt: skip
        if not self.may_edit:  # hide() only: setVisible(True) on it would make it a window
            self.einde_plaatsing_button.hide()

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(bold(QLabel(self.tr("Verloop"))))
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.plaatsingen_box)
        return page

    def _build_intake(self) -> QWidget:
        self.intake_hint = make_hint(QLabel())
        self.intake_combo = QComboBox()
        self.intake_combo.currentIndexChanged.connect(self._on_intake_chosen)
        self.intake_combo_label = QLabel(self.tr("Verslag:"))
        self.intake_combo_label.setBuddy(self.intake_combo)
        self.new_intake_button = self._button(
            self.tr("Nieuw verslag"), self.new_intake,
            self.tr("Een tweede verslag beginnen, bijv. van de brede intake na de kennismaking"),
        )  # fmt: skip
        chooser = QHBoxLayout()
        chooser.addWidget(self.intake_combo_label)
        chooser.addWidget(self.intake_combo)
        chooser.addStretch(1)
        chooser.addWidget(self.new_intake_button)
        self.ontbreekt_label = QLabel()
        self.ontbreekt_label.setWordWrap(True)
        self.ontbreekt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.intake_form = IntakeForm()
        self.intake_form.changed.connect(self._update_intake_state)
        for combo in self.intake_form.findChildren(QComboBox):
            combo.installEventFilter(self)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addWidget(self.intake_form)
        content_layout.addStretch(1)
        self.intake_scroll = QScrollArea()
        self.intake_scroll.setWidget(content)
        self.intake_scroll.setWidgetResizable(True)
        self.intake_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.save_intake_button = self._button(
            self.tr("Intake opslaan"), self.save_intake,
            self.tr("Het intakeverslag opslaan (Ctrl+S)"),
        )  # fmt: skip
        self.undo_intake_button = self._button(
            self.tr("Wijzigingen ongedaan maken"), self.undo_intake,
            self.tr("Terug naar het laatst opgeslagen verslag"),
        )  # fmt: skip
        self.intake_status = make_hint(QLabel())
        buttons = QHBoxLayout()
        buttons.addWidget(self.intake_status, 1)
        buttons.addWidget(self.undo_intake_button)
        buttons.addWidget(self.save_intake_button)
        used = set(TAB_MNEMONICS) | mnemonics_of(self.intake_form)
        for button in (self.save_intake_button, self.undo_intake_button, self.new_intake_button):
            button.setText(with_mnemonic(button.text(), used))
        for label in (self.intake_combo_label,):
            label.setText(with_mnemonic(label.text(), used))
        self.drafts = DraftKeeper(
            self._ctx,
            INTAKE,
            values=self._intake_draft_values,
            restore=lambda draft: self.intake_form.restore_draft(draft.values.get("velden", {})),
            used_mnemonics=used,
            parent=self,
        )
        self.drafts.bar.discard_requested.connect(self.undo_intake)
        self.intake_form.edited.connect(self.drafts.edited)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.intake_hint)
        layout.addWidget(self.drafts.bar)
        layout.addLayout(chooser)
        layout.addWidget(self.ontbreekt_label)
        layout.addWidget(self.intake_scroll, 1)
        layout.addLayout(buttons)
        return page

    def _build_diagnoses(self) -> QWidget:
        note = make_hint(QLabel(self.tr(
            "Diagnoses en onderzoeken zijn bijzondere persoonsgegevens: elke keer dat ze worden "
            "bekeken, wordt dat vastgelegd. Alleen een samenvatting staat in Koers; het rapport "
            "blijft bij de uitvoerder.")))  # fmt: skip
        self.diagnoses_model = RowsModel(
            [self.tr("Datum"), self.tr("Instrument"), self.tr("Uitgevoerd door"),
             self.tr("Resultaat")], self,
        )  # fmt: skip
        self.diagnoses_table = make_table(self.diagnoses_model, self.tr("Diagnoses"),
                                          (85, 220, 180))  # fmt: skip
        self.diagnoses_empty = make_hint(QLabel(self.tr("Nog geen diagnoses vastgelegd.")))
        self.diagnose_button = self._button(
            with_mnemonic(self.tr("Diagnose vastleggen…"), set(TAB_MNEMONICS)),
            self.diagnose_vastleggen,
            self.tr("De uitkomst van een diagnose of onderzoek vastleggen"),
        )
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.diagnose_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.diagnoses_table, 1)
        layout.addWidget(self.diagnoses_empty)
        layout.addStretch(0)  # takes the room while the list is hidden
        layout.addLayout(row)
        return page

    def _build_ladder(self) -> QWidget:
        self.chart = ParticipatieladderChart()
        self.scores_model = RowsModel(
            [self.tr("Datum"), self.tr("Trede"), self.tr("Toelichting")], self
        )
        self.scores_table = make_table(
            self.scores_model, self.tr("Scores op de participatieladder"), (85, 280)
        )
        self.score_button = self._button(
            with_mnemonic(self.tr("Score vastleggen…"), set(TAB_MNEMONICS)),
            self.score_vastleggen,
            self.tr("Vastleggen op welke trede van de participatieladder de inwoner staat"),
        )
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.score_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.scores_table, 1)
        layout.addLayout(row)
        return page

    def _build_handhaving(self) -> QWidget:
        note = make_hint(QLabel(self.tr(
            "Een maatregelonderzoek gaat over een verplichting uit het IOP die de inwoner niet "
            "is nagekomen: eerst de afweging (verwijtbaarheid en persoonlijke omstandigheden), "
            "dan het advies; de gemeente besluit.")))  # fmt: skip
        self.zaken_model = RowsModel(
            [self.tr("Signaal"), self.tr("Verplichting"), self.tr("Wat er gebeurde"),
             self.tr("Stand")], self,
        )  # fmt: skip
        self.zaken_table = make_table(self.zaken_model, self.tr("Maatregelonderzoeken"),
                                      (85, 220, 260))  # fmt: skip
        self.zaken_table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._update_zaak_buttons()
        )
        self.zaken_empty = make_hint(QLabel(self.tr("Geen maatregelonderzoeken.")))
        used = set(TAB_MNEMONICS)
        self.open_zaak_button = self._button(
            with_mnemonic(self.tr("Maatregelonderzoek openen…"), used),
            lambda: self.open_step("open_handhaving"),
        )
        self.afweging_button = self._button(
            with_mnemonic(self.tr("Afweging vastleggen…"), used), self.afweging
        )
        self.advies_button = self._button(with_mnemonic(self.tr("Advies geven…"), used),
                                          self.advies)  # fmt: skip
        self.besluit_button = self._button(
            with_mnemonic(self.tr("Besluit gemeente vastleggen…"), used), self.besluit
        )
        row = QHBoxLayout()
        for button in (self.open_zaak_button, self.afweging_button, self.advies_button,
                       self.besluit_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.zaken_table, 1)
        layout.addWidget(self.zaken_empty)
        layout.addStretch(0)  # takes the room while the list is hidden
        layout.addLayout(row)
        return page

    # --- loading --------------------------------------------------------------------------

    def load(self, select_id: uuid.UUID | None = None, *, diagnoses: bool = True) -> None:
        """(Re)read the trajectories, the chosen one (`select_id`, else the one shown, else
        the running one, else the newest), the participatieladder and, when they are shown
        (and `diagnoses`), the diagnoses."""
        target = select_id or (self.detail.ref.id if self.detail else None)
        with self._ctx.unit_of_work() as (session, actor):
            trajecten = svc.trajecten_van(session, actor=actor, inwoner_id=self.inwoner_id,
                                          reden=self.reden)  # fmt: skip
            rows = [TrajectRij(t.id, t.fase, t.startdatum, t.einddatum,
                               t.uitstroomreden.label if t.uitstroomreden else "")
                    for t in trajecten]  # fmt: skip
            traject = next((t for t in trajecten if t.id == target), None)
            if traject is None and trajecten:
                traject = trajecten[0]  # the running one comes first
            detail = None
            if traject is not None:
                detail = read_detail(session, actor, traject, self.reden,
                                     handhaving=self.may_read_handhaving)  # fmt: skip
            scores = [ScoreRij(s.datum, s.trede, s.toelichting or "")
                      for s in diag.participatieladder(session, actor=actor,
                                                       inwoner_id=self.inwoner_id,
                                                       reden=self.reden)]  # fmt: skip
        self.loaded = True
        self.rows, self.scores = rows, scores
        self._show(detail)
        if diagnoses:
            self.diagnoses_loaded = False
            page = self.diagnoses_page
            if page is not None and self.parts.currentWidget() is page:
                self.load_diagnoses()

    def load_diagnoses(self) -> None:
        """Read the diagnoses (an audited read: only when they are shown)."""
        if self.diagnoses_page is None:
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                rows = [DiagnoseRij(d.datum, d.instrument.label, d.uitvoerder, d.resultaat)
                        for d in diag.diagnoses(session, actor=actor, inwoner_id=self.inwoner_id,
                                                reden=self.reden)]  # fmt: skip
        except DomainError as error:
            show_domain_error(self, error)
            return
        self.diagnoses, self.diagnoses_loaded = rows, True
        self.diagnoses_model.set_rows(
            [(format_date(d.datum), d.instrument, d.uitvoerder, d.resultaat) for d in rows],
            tooltips=[("", "", "", d.resultaat) for d in rows],
        )
        self.diagnoses_table.setVisible(bool(rows))
        self.diagnoses_empty.setVisible(not rows)

    @Slot(int)
    def _on_part_changed(self, _index: int) -> None:
        if (self.loaded and not self._switching and self.diagnoses_page is not None
                and not self.diagnoses_loaded
                and self.parts.currentWidget() is self.diagnoses_page):  # fmt: skip
            self.load_diagnoses()

    def _show(self, detail: TrajectDetail | None) -> None:
        had = self.detail is not None
        other = (self.detail.ref.id if self.detail else None) != (
            detail.ref.id if detail else None)  # fmt: skip
        self.detail = detail
        self._show_list()
        has = detail is not None
        self.header.setVisible(has)
        self.empty_box.setVisible(not has)
        self._switching = True  # no audited read of the diagnoses on the way
        try:
            kept = (self.ladder_page, self.diagnoses_page)  # the parts without a trajectory
            if not has and self.parts.currentWidget() not in kept:
                self.parts.setCurrentWidget(self.ladder_page)  # not Qt's pick: the diagnoses
            for page in (self.verloop_page, self.intake_page, self.handhaving_page):
                if page is not None:
                    self.parts.setTabVisible(self.parts.indexOf(page), has)
            if has and not had:
                self.parts.setCurrentWidget(self.verloop_page)
        finally:
            self._switching = False
        if detail is None:
            self.empty_label.setText(
                self.tr("Deze inwoner heeft nog geen traject. Meld de inwoner aan voor een "
                        "traject; daarna volgen de intake, het stadium en de aanpak die past.")
                if self.may_edit else self.tr("Deze inwoner heeft nog geen traject.")
            )  # fmt: skip
        else:
            self._show_header(detail)
            self._show_verloop(detail)
            if self.handhaving_page is not None:
                self._show_zaken(detail)
        self._show_intake(detail, reset=other)
        self._show_scores()

    def _show_list(self) -> None:
        self._selecting = True
        try:
            self.trajecten_combo.clear()
            for row in self.rows:
                if row.actief:
                    text = self.tr("Lopend: aangemeld op {datum} ({fase})").format(
                        datum=format_date(row.startdatum), fase=row.fase.label.lower()
                    )
                else:
                    text = self.tr("Afgesloten: {van} – {tot} ({reden})").format(
                        van=format_date(row.startdatum), tot=format_date(row.einddatum),
                        reden=row.uitstroom.lower())  # fmt: skip
                self.trajecten_combo.addItem(text, row.id)
            if self.detail is not None:
                for index in range(self.trajecten_combo.count()):
                    if self.trajecten_combo.itemData(index) == self.detail.ref.id:
                        self.trajecten_combo.setCurrentIndex(index)
        finally:
            self._selecting = False
        several = len(self.rows) > 1
        self.trajecten_combo.setVisible(several)
        self.trajecten_label.setVisible(several)
        # A new aanmelding once no trajectory is running (one at a time).
        running = any(row.actief for row in self.rows)
        self.aanmelden_button.setVisible(self.may_edit and not running)

    def _show_header(self, d: TrajectDetail) -> None:
        self.title_label.setText(
            self.tr("{fase} — sinds {datum}").format(fase=d.fase.label,
                                                     datum=format_date(d.ref.fase_sinds))
        )  # fmt: skip
        if d.fase == F.AFGESLOTEN:
            text = self.tr("Dit traject is afgesloten op {datum}: {reden}.").format(
                datum=format_date(d.einddatum),
                reden=d.uitstroom + (f" — {d.uitstroom_toelichting}"
                                     if d.uitstroom_toelichting else ""))  # fmt: skip
            if self.may_edit and not any(row.actief for row in self.rows):
                text += " " + self.tr("Een nieuwe aanmelding kan met Aanmelden voor een traject…")
            self.banner.setStyleSheet(CLOSED_STYLE)
        elif d.fase == F.ONDERBROKEN:
            text = self.tr("Onderbroken sinds {datum}. Bij hervatten gaat het traject verder in "
                           "de fase {fase}.").format(
                datum=format_date(d.ref.fase_sinds),
                fase=(d.fase_voor_onderbreking or F.INTAKE).label.lower())  # fmt: skip
            self.banner.setStyleSheet(PAUSED_STYLE)
        else:
            text = ""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        facts = [
            self.tr("Stadium: {stadium}").format(
                stadium=d.ref.stadium.label if d.ref.stadium else self.tr("nog niet bepaald")),
            self.tr("aangemeld op {datum} via {bron}").format(
                datum=format_date(d.ref.startdatum), bron=d.aanmeldbron.lower()),
        ]  # fmt: skip
        if d.ref.gemeente:
            facts.append(self.tr("betaalgemeente {naam}").format(naam=d.ref.gemeente))
        for value, text in (
            (d.werkfit_sinds, self.tr("werkfit sinds {}")),
            (d.verlengd_tot, self.tr("verlengd tot {}")),
            (d.overdracht_op, self.tr("warme overdracht op {}")),
            (d.nazorg_tot, self.tr("nazorg tot {}")),
        ):
            if value is not None:
                facts.append(text.format(format_date(value)))
        if d.contact_per_jaar:
            facts.append(self.tr("{n} contacten per jaar").format(n=d.contact_per_jaar))
        if d.vacature:
            facts.append(self.tr("vacature: {v}").format(v=d.vacature))
        self.facts_label.setText(" · ".join(facts))
        self.facts_label.setToolTip(
            self.tr("Nazorgafspraken: {a}").format(a=d.nazorg_afspraken) if d.nazorg_afspraken
            else ""
        )  # fmt: skip

    def _show_verloop(self, d: TrajectDetail) -> None:
        # Coaches
        for rol in ROLLEN:
            coach_id, naam = d.coaches[rol]
            self.coach_names[rol].setText(naam or "—")
            button = self.coach_buttons[rol]
            button.setVisible(self.may_edit and d.actief)
            button.setProperty("wijzigen", coach_id is not None)
        # One button per next step the medewerker may take.
        focus = self.window().focusWidget()
        had_focus = self._refocus_steps or any(b is focus for b in self.step_buttons.values())
        self._refocus_steps = False
        while self.steps_grid.count():
            item = self.steps_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.step_buttons = {}
        used = set(TAB_MNEMONICS)
        for overgang in d.overgangen:
            gegeven = RECHT_VAN_STAP.get(overgang.actie, Gegeven.TRAJECT)
            if not self._ctx.mag(gegeven, Recht.WIJZIGEN):
                continue  # a read-only user sees no buttons
            button = self._button(with_mnemonic(overgang.naam + "…", used),
                                  lambda actie=overgang.actie: self.open_step(actie))  # fmt: skip
            button.setObjectName(f"stap_{overgang.actie}")
            button.setEnabled(overgang.mogelijk)
            tip = "" if overgang.mogelijk else (
                self.tr("Nog niet mogelijk. Dit kan pas als:") + "\n"
                + bullets(overgang.waarom_niet))  # fmt: skip
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            self.step_buttons[overgang.actie] = button
            count = len(self.step_buttons) - 1
            self.steps_grid.addWidget(button, count // 3, count % 3)
            button.show()  # has a parent now; shown at once, so it can take the focus
        for rol in ROLLEN:
            wijzigen = bool(self.coach_buttons[rol].property("wijzigen"))
            text = (self.tr("{rol} wijzigen…") if wijzigen else
                    self.tr("{rol} toewijzen…")).format(rol=self.tr(ROL_LABELS[rol]))  # fmt: skip
            self.coach_buttons[rol].setText(with_mnemonic(text, used))
        if had_focus:  # the keyboard goes on at the next step forward, not nowhere
            forward = [b for actie, b in self.step_buttons.items()
                       if b.isEnabled() and actie not in ZIJSTAPPEN]  # fmt: skip
            (forward[0] if forward else self.timeline).setFocus(Qt.FocusReason.OtherFocusReason)
        if self.step_buttons:
            grijs = any(not b.isEnabled() for b in self.step_buttons.values())
            hint = self.tr("Een grijze knop kan nog niet: wijs hem aan om te zien wat nog "
                           "nodig is.") if grijs else ""  # fmt: skip
        elif not d.actief:
            hint = self.tr("Het traject is afgesloten; er volgen geen stappen meer.")
        else:
            hint = self.tr("U kunt het verloop bekijken, maar geen stappen zetten.")
        self.steps_hint.setText(hint)
        self.steps_hint.setVisible(bool(hint))

        self.timeline_model.set_rows(
            [(format_date(s.datum), s.stap, s.van_naar, s.door, s.reden, "; ".join(s.voorwaarden))
             for s in d.stappen],
            tooltips=[("", "", "", "", s.reden, bullets(s.voorwaarden)) for s in d.stappen],
        )  # fmt: skip
        self.timeline.scrollToBottom()
        self.plaatsingen_model.set_rows(
            [(format_date(p.startdatum), format_date(p.einddatum), p.werkplek, p.vorm,
              str(p.uren) if p.uren else "", p.jobcoach, self.tr("ja") if p.lks else "")
             for p in d.plaatsingen]
        )  # fmt: skip
        fit_height(self.plaatsingen_table, len(d.plaatsingen), 1, 4)
        self.plaatsingen_box.setVisible(bool(d.plaatsingen))
        self._update_plaatsing_button()

    def _selected_plaatsing(self) -> PlaatsingRij | None:
        rows = self.plaatsingen_table.selectionModel().selectedRows()
        if not rows or self.detail is None:
            return None
        return self.detail.plaatsingen[rows[0].row()]

    def _update_plaatsing_button(self) -> None:
        plaatsing = self._selected_plaatsing()
        open_ = plaatsing is not None and plaatsing.einddatum is None
        self.einde_plaatsing_button.setEnabled(open_)
        self.einde_plaatsing_button.setToolTip(
            "" if open_ else self.tr("Kies een lopende plaatsing in de lijst.")
        )

    @Slot()
    def einde_plaatsing(self) -> EindePlaatsingDialog | None:
        plaatsing = self._selected_plaatsing()
        if not self.may_edit or plaatsing is None or plaatsing.einddatum is not None:
            return None
        dialog = EindePlaatsingDialog(self._ctx, plaatsing.id, startdatum=plaatsing.startdatum,
                                      werkplek=plaatsing.werkplek, reden=self.reden,
                                      today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(self.tr("De plaatsing is beëindigd.")))
        return dialog

    def _show_intake(self, d: TrajectDetail | None, *, reset: bool = False) -> None:
        """Show the intake report in the form: the one shown (with the user's unsaved edits,
        or else as stored), a new one being written, or else the latest."""
        intakes = d.intakes if d is not None else ()
        ids = {i.id for i in intakes}
        same = not reset and d is not None and (self.intake_id is None or self.intake_id in ids)
        if same and self.intake_form.is_modified():
            pass  # keep what the user typed
        elif same and self.intake_id is not None:
            self._show_intake_rij(self.intake_id)
        elif same and self._new_intake and self.can_edit_intake():
            pass  # a new report, still empty
        else:
            # A draft left from an earlier session decides which report to show.
            draft = self.drafts.find(d.ref.id) if d is not None and self.can_edit_intake() \
                else None  # fmt: skip
            if draft is not None:
                intake_id = self._draft_intake_id(draft)
                self._new_intake = intake_id is None
            else:
                intake_id = intakes[-1].id if intakes else None
                self._new_intake = False
            self._show_intake_rij(intake_id)
        self._selecting = True
        try:
            self.intake_combo.clear()
            for intake in intakes:
                self.intake_combo.addItem(intake.titel, intake.id)
            if self.intake_id is None and self.can_edit_intake():
                self.intake_combo.addItem(self.tr("Nieuw verslag (nog niet opgeslagen)"), None)
            for index in range(self.intake_combo.count()):
                if self.intake_combo.itemData(index) == self.intake_id:
                    self.intake_combo.setCurrentIndex(index)
        finally:
            self._selecting = False
        several = self.intake_combo.count() > 1
        self.intake_combo.setVisible(several)
        self.intake_combo_label.setVisible(several)
        self._update_intake_state()

    def _intake(self, intake_id: uuid.UUID | None) -> IntakeRij | None:
        if self.detail is None or intake_id is None:
            return None
        return next((i for i in self.detail.intakes if i.id == intake_id), None)

    def _show_intake_rij(self, intake_id: uuid.UUID | None) -> None:
        """Show this report as stored (None: a new one) and keep its draft from now on; a
        draft of this very report is put back in the form."""
        self.intake_id = intake_id
        intake = self._intake(intake_id)
        self.intake_form.set_gegevens(intake.gegevens if intake else svc.IntakeGegevens(),
                                      today=self._today())  # fmt: skip
        d = self.detail
        if d is None or not self.can_edit_intake():
            self.drafts.release()
            return
        draft = self.drafts.find(d.ref.id)
        if draft is not None and self._draft_intake_id(draft) != intake_id:
            draft = None  # a draft of another report is offered when that one is shown
        self.drafts.track(d.ref.id, self.inwoner_id, intake.versie if intake else None,
                          offer=draft)  # fmt: skip

    def _intake_draft_values(self) -> dict[str, object]:
        return {"intake_id": str(self.intake_id) if self.intake_id else None,
                "velden": self.intake_form.draft_values()}  # fmt: skip

    def _draft_intake_id(self, draft: Draft) -> uuid.UUID | None:
        """The stored report a draft belongs to; None for a new report (also when the
        draft's report no longer exists: its values then become a new report)."""
        try:
            intake_id = uuid.UUID(str(draft.values.get("intake_id")))
        except ValueError:
            return None
        return intake_id if self._intake(intake_id) is not None else None

    def _show_scores(self) -> None:
        self.chart.set_scores([(s.datum, s.trede) for s in self.scores], tot=self._today())
        self.scores_model.set_rows(
            [(format_date(s.datum), f"{s.trede} – {diag.TREDEN.get(s.trede, '')}", s.toelichting)
             for s in reversed(self.scores)],
            tooltips=[("", "", s.toelichting) for s in reversed(self.scores)],
        )  # fmt: skip
        self.scores_table.setVisible(bool(self.scores))

    def _show_zaken(self, d: TrajectDetail) -> None:
        previous = self._selected_zaak()
        self.zaken_model.set_rows(
            [(format_date(z.signaal_datum), z.afspraak, z.omschrijving, z.stand)
             for z in d.zaken],
            keys=[z.id for z in d.zaken],
            tooltips=[("", z.afspraak, z.omschrijving, z.advies or z.verwijtbaarheid)
                      for z in d.zaken],
        )  # fmt: skip
        self.zaken_table.setVisible(bool(d.zaken))
        self.zaken_empty.setVisible(not d.zaken)
        target = previous.id if previous else None
        if target is None or self.zaken_model.row_of(target) is None:
            open_zaken = [z for z in d.zaken if z.open]
            target = (open_zaken or list(d.zaken) or [None])[-1]
            target = target.id if target else None
        if target is not None:
            self.zaken_table.selectRow(self.zaken_model.row_of(target))
        overgang = d.overgang("open_handhaving")
        self.open_zaak_button.setEnabled(overgang is not None and overgang.mogelijk)
        if overgang is None:
            tip = self.tr("Een maatregelonderzoek kan alleen bij een lopend traject.")
        elif overgang.waarom_niet:
            tip = (
                self.tr("Nog niet mogelijk. Dit kan pas als:")
                + "\n"
                + bullets(overgang.waarom_niet)
            )
        else:
            tip = self.tr("Een maatregelonderzoek openen op een verplichting uit het IOP")
        self.open_zaak_button.setToolTip(tip)
        self.open_zaak_button.setAccessibleDescription(tip)
        self._update_zaak_buttons()

    def _selected_zaak(self) -> ZaakRij | None:
        if self.detail is None or self.handhaving_page is None:
            return None
        index = self.zaken_table.currentIndex()
        key = self.zaken_model.key(index.row()) if index.isValid() else None
        return next((z for z in self.detail.zaken if z.id == key), None)

    def _update_zaak_buttons(self) -> None:
        zaak = self._selected_zaak()
        kies = self.tr("Kies eerst een maatregelonderzoek in de lijst.")
        besloten = self.tr("De gemeente heeft al besloten; het onderzoek is afgesloten.")
        states = {
            self.afweging_button: (
                zaak is not None and zaak.open and not zaak.advies,
                kies if zaak is None else besloten if not zaak.open else
                self.tr("Het advies is al gegeven; de afweging ligt daarmee vast."),
                self.tr("De verwijtbaarheid en de persoonlijke omstandigheden afwegen"),
            ),
            self.advies_button: (
                zaak is not None and zaak.open and bool(zaak.verwijtbaarheid) and not zaak.advies,
                kies if zaak is None else besloten if not zaak.open else
                self.tr("Het advies is al gegeven.") if zaak.advies else
                self.tr("Leg eerst de afweging vast (verwijtbaarheid en persoonlijke "
                        "omstandigheden)."),
                self.tr("Het advies aan de gemeente geven"),
            ),
            self.besluit_button: (
                zaak is not None and zaak.open and bool(zaak.advies),
                kies if zaak is None else besloten if not zaak.open else
                self.tr("Geef eerst het advies aan de gemeente."),
                self.tr("Het kenmerk en de datum van het besluit van de gemeente vastleggen"),
            ),
        }  # fmt: skip
        for button, (enabled, why_not, tip) in states.items():
            button.setEnabled(enabled)
            button.setToolTip(tip if enabled else why_not)
            button.setAccessibleDescription("" if enabled else why_not)

    # --- state ----------------------------------------------------------------------------

    def can_edit_intake(self) -> bool:
        d = self.detail
        return self.may_edit and d is not None and d.fase in INTAKE_FASEN

    def is_modified(self) -> bool:
        return self.can_edit_intake() and self.intake_form.is_modified()

    @Slot()
    def _update_intake_state(self) -> None:
        d = self.detail
        editable = self.can_edit_intake()
        intake = self._intake(self.intake_id)
        has_form = intake is not None or editable
        self.intake_form.set_read_only(not editable)
        self.intake_scroll.setVisible(has_form)
        if d is None:
            hint = ""
        elif editable:
            hint = self.tr(
                "Leg het verslag van het intakegesprek vast. Een onvolledig verslag kan worden "
                "opgeslagen; het stadium kan pas als het compleet is."
            )
        elif not has_form:
            hint = self.tr("Er is geen intake vastgelegd.")
            if d.fase == F.AANGEMELD:
                hint = self.tr("De intake begint met Intake starten (Verloop).")
        elif d.fase in INTAKE_FASEN:
            hint = self.tr("U kunt het intakeverslag bekijken, maar niet wijzigen.")
        else:
            hint = self.tr("Het intakeverslag kan alleen tijdens de intake en de verkenning "
                           "worden gewijzigd.")  # fmt: skip
        self.intake_hint.setText(hint)
        self.intake_hint.setVisible(bool(hint))
        # What is still missing before a stage can be set: the stage decision reads the
        # latest stored report.
        if d is not None and has_form and d.fase in (F.AANGEMELD, *INTAKE_FASEN):
            latest = d.intakes[-1] if d.intakes else None
            ontbreekt = latest.ontbreekt if latest else tuple(svc.intake_ontbreekt(None))
            if ontbreekt:
                text = self.tr("Nog nodig voor het stadiumbesluit: {lijst}.").format(
                    lijst="; ".join(ontbreekt)
                )
                self.ontbreekt_label.setStyleSheet(ERROR_STYLE)
            else:
                text = self.tr("Het intakeverslag is compleet: het stadium kan worden bepaald.")
                self.ontbreekt_label.setStyleSheet("")
            if latest is not None and intake is not latest:
                text += " " + self.tr("(Dit volgt uit het laatste verslag: {titel}.)").format(
                    titel=latest.titel
                )
        else:
            text = ""
        self.ontbreekt_label.setText(text)
        self.ontbreekt_label.setVisible(bool(text))
        modified = self.is_modified()
        for button in (self.save_intake_button, self.undo_intake_button):
            button.setVisible(editable)
            button.setEnabled(modified)
        self.new_intake_button.setVisible(editable and intake is not None)
        if modified:
            self.intake_status.setText(self.tr("Niet-opgeslagen wijzigingen."))
        elif self.intake_status.text() == self.tr("Niet-opgeslagen wijzigingen."):
            self.intake_status.setText("")
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # --- unsaved intake -------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user agrees to throw it away (its draft
        goes with it)."""
        if not self.is_modified():
            return True
        if not ask(
            self,
            self.tr("Niet opgeslagen"),
            self.tr("Het intakeverslag heeft wijzigingen die nog niet zijn opgeslagen. Wilt u "
                    "die weggooien?"),
            yes=self.tr("Weggooien"),
            no=self.tr("Terug naar het verslag"),
        ):  # fmt: skip
            return False
        self.drafts.forget()
        return True

    confirm_close = confirm_discard

    def discard_changes(self) -> None:
        self.drafts.forget()
        if self.detail is not None:
            self._show_intake_rij(self.intake_id if self._intake(self.intake_id) else None)
        self._show_intake(self.detail)

    @Slot()
    def undo_intake(self) -> None:
        self.discard_changes()
        self.intake_status.setText(self.tr("Wijzigingen ongedaan gemaakt."))

    def _save_intake_first(self) -> bool:
        return not self.is_modified() or self.save_intake()

    @Slot()
    def save_intake(self) -> bool:
        """Save the intake report; True when saved (or nothing to save)."""
        if not self.is_modified():
            return True
        assert self.detail is not None
        intake = self._intake(self.intake_id)
        gegevens = self.intake_form.gegevens()
        try:
            with self._ctx.unit_of_work() as (session, actor):
                stored = svc.leg_intake_vast(
                    session, actor=actor, traject_id=self.detail.ref.id, gegevens=gegevens,
                    intake_id=intake.id if intake else None,
                    versie=intake.versie if intake else None, reden=self.reden,
                )  # fmt: skip
                stored_id = stored.id
        except ValidationError as error:
            self.intake_form.set_errors(error.errors)
            self.intake_form.focus_first_error()
            self.intake_status.setText(self.tr("Niet opgeslagen: verbeter wat rood gemarkeerd is."))
            return False
        except ConflictError:
            self._intake_conflict(gegevens)
            return False
        except DomainError as error:
            show_domain_error(self, error)
            return False
        self.drafts.forget()
        self.intake_id, self._new_intake = stored_id, False
        self.intake_form.set_gegevens(gegevens)  # stored: no longer modified
        self._changed(self.tr("Het intakeverslag is opgeslagen."))
        self.intake_status.setText(self.tr("Opgeslagen."))
        return True

    def _intake_conflict(self, mijn: svc.IntakeGegevens) -> None:
        """A colleague saved this intake report first: reload it, show per field what they
        changed and put back the user's own changes they choose (see app/ui/conflict.py)."""
        form = self.intake_form
        toen, eigen, intake_id = form.loaded, form.draft_values(), self.intake_id
        self.drafts.forget()  # the typing is in `eigen`; the reload must show what is stored
        try:
            self._show_intake_rij(intake_id)
            self.load()
            with self._ctx.unit_of_work() as (session, _actor):
                door = laatste_wijziging(session, inwoner_id=self.inwoner_id,
                                         onderwerp="intake", record_id=intake_id)  # fmt: skip
        except DomainError as error:
            form.restore_draft(eigen)
            show_domain_error(self, error)
            return
        if self.intake_id != intake_id or not self.can_edit_intake():
            if self.intake_id == intake_id:
                form.restore_draft(eigen)
            show_domain_error(self, DomainError(self.tr(
                "Dit intakeverslag kan intussen niet meer worden gewijzigd; uw tekst staat nog "
                "in het formulier als dat kon."
            )))  # fmt: skip
            return
        rows = verschillen(form.labels(), form.shown(toen), form.shown(form.gegevens()),
                           form.shown(mijn))  # fmt: skip
        dialog = ConflictDialog(self.tr("dit intakeverslag"), rows, door, self)
        dialog.exec()
        terug = dialog.gekozen()
        if terug:
            form.restore_draft(form.draft_values() | {naam: eigen[naam] for naam in terug})
            self.drafts.edited()
            self.intake_status.setText(self.tr("Uw wijzigingen staan weer in het verslag: "
                                               "controleer ze en sla op."))  # fmt: skip
        else:
            self.intake_status.setText(self.tr("Opnieuw geladen; uw wijzigingen zijn vervallen."))

    @Slot()
    def new_intake(self) -> None:
        if not self.can_edit_intake() or not self.confirm_discard():
            return
        self._new_intake = True
        self._show_intake_rij(None)
        self._show_intake(self.detail)
        self.intake_form.type.setFocus()

    @Slot(int)
    def _on_intake_chosen(self, index: int) -> None:
        if self._selecting or index < 0:
            return
        intake_id = self.intake_combo.itemData(index)
        if intake_id == self.intake_id:
            return
        if not self.confirm_discard():
            self._show_intake(self.detail)
            return
        self._show_intake_rij(intake_id)
        self._show_intake(self.detail)

    # --- keyboard: Ctrl+S saves the intake ------------------------------------------------

    def _ctrl_s_is_ours(self, event: QEvent) -> bool:
        return (
            isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Save)
            and self.is_modified()
        )

    def event(self, event: QEvent) -> bool:
        # Claim Ctrl+S before the main window's shortcut (which saves the personalia).
        if event.type() == QEvent.Type.ShortcutOverride and self._ctrl_s_is_ours(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._ctrl_s_is_ours(event):
            event.accept()
            self.save_intake()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Combo boxes swallow unknown keys, so Ctrl+S would not reach keyPressEvent.
        if event.type() == QEvent.Type.KeyPress and self._ctrl_s_is_ours(event):
            self.save_intake()
            return True
        return super().eventFilter(watched, event)

    # --- actions --------------------------------------------------------------------------

    @Slot(int)
    def _on_traject_chosen(self, index: int) -> None:
        if self._selecting or index < 0:
            return
        traject_id = self.trajecten_combo.itemData(index)
        if self.detail is not None and traject_id == self.detail.ref.id:
            return
        if not self.confirm_discard():
            self._show_list()
            return
        self.show_traject(traject_id)

    def open_intake(self, traject_id: uuid.UUID) -> None:
        """Show this trajectory's intake report (e.g. the one a draft belongs to), loading the
        tab if it was not yet; unsaved edits of another trajectory are asked about first."""
        if not self.loaded:
            self._load_quietly(select_id=traject_id)
        elif self.detail is None or self.detail.ref.id != traject_id:
            if not self.confirm_discard():
                return
            self.show_traject(traject_id)
        if self.detail is not None and self.detail.ref.id == traject_id:
            self.parts.setCurrentWidget(self.intake_page)

    def show_traject(self, traject_id: uuid.UUID) -> None:
        try:
            self.load(traject_id)
        except DomainError as error:
            show_domain_error(self, error)
            return
        self._say("")

    def _changed(self, message: str, select_id: uuid.UUID | None = None,
                 *also: str) -> None:  # fmt: skip
        """After a stored change: reload, say what happened, tell the other views."""
        try:
            self.load(select_id)
        except DomainError as error:
            show_domain_error(self, error)
        self._say(message)
        self._notify(signals.TRAJECT, *also)

    @Slot()
    def _reload_quietly(self) -> None:
        # After a cancelled dialog the diagnoses need not be read again (an audited read);
        # a change elsewhere (`_on_changed`) does read them again when they are shown.
        self._load_quietly(diagnoses=False)

    def _read(self, read: Callable[[Session, Medewerker], object]):
        """A small read for a dialog (choices); None after showing a refusal."""
        try:
            with self._ctx.unit_of_work() as (session, actor):
                return read(session, actor)
        except DomainError as error:
            show_domain_error(self, error)
            return None

    @Slot()
    def aanmelden(self) -> AanmeldenDialog | None:
        if not self.may_edit or any(row.actief for row in self.rows):
            return None
        if not self.confirm_discard():
            return None
        werkcoaches = self._read(lambda s, _a: _choices(medewerkers_met_rol(s, Rol.JOBCOACH)))
        if werkcoaches is None:
            return None
        default = self._ctx.actor_id if any(c[0] == self._ctx.actor_id for c in werkcoaches) \
            else None  # fmt: skip
        dialog = AanmeldenDialog(self._ctx, self.inwoner_id, werkcoaches, werkcoach_id=default,
                                 reden=self.reden, today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(
            self.tr("De inwoner is aangemeld. De volgende stap is de intake."),
            dialog.created_id))  # fmt: skip
        return dialog

    def change_coach(self, rol: str) -> CoachDialog | None:
        d = self.detail
        if not self.may_edit or d is None or not d.actief or not self._save_intake_first():
            return None
        choices = self._read(lambda s, _a: _choices(medewerkers_met_rol(s, svc.ROL_VAN[rol])))
        if choices is None:
            return None
        dialog = CoachDialog(self._ctx, d.ref, rol, choices, huidig=d.coaches[rol][1],
                             reden=self.reden, parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(
            self.tr("{rol} vastgelegd.").format(rol=self.tr(ROL_LABELS[rol]))))  # fmt: skip
        return dialog

    def step_button(self, actie: str) -> QPushButton | None:
        return self.step_buttons.get(actie)

    def open_step(self, actie: str) -> QDialog | None:
        """Open the dialog of a next step (`Overgang.actie`); None when it cannot be taken."""
        d = self.detail
        if d is None:
            return None
        overgang = d.overgang(actie)
        gegeven = RECHT_VAN_STAP.get(actie, Gegeven.TRAJECT)
        if overgang is None or not self._ctx.mag(gegeven, Recht.WIJZIGEN):
            return None
        if not overgang.mogelijk:
            text = self.tr("{stap} kan nog niet. Dit kan pas als:").format(stap=overgang.naam)
            show_domain_error(self, DomainError(text + "\n\n" + bullets(overgang.waarom_niet)),
                              title=self.tr("Nog niet mogelijk"))  # fmt: skip
            return None
        if not self._save_intake_first():
            return None
        dialog = self._step_dialog(actie, d)
        if dialog is None:
            return None
        self._refocus_steps = True
        also = (signals.ONTWIKKELPLAN,) if actie in ("evalueer_traject",
                                                     "start_ontwikkeling") else ()  # fmt: skip
        message = STAP_KLAAR.get(actie, "")
        self._open(dialog, lambda: self._changed(self.tr(message), None, *also))
        return dialog

    def _step_dialog(self, actie: str, d: TrajectDetail) -> QDialog | None:
        common = {"reden": self.reden, "today": self._today(), "parent": self}
        ctx, ref = self._ctx, d.ref
        if actie in DATUM_STAPPEN:
            title, intro, action, label = DATUM_STAPPEN[actie]
            return DatumStapDialog(ctx, ref, getattr(svc, actie), title=self.tr(title),
                                   intro=self.tr(intro), action=self.tr(action),
                                   label=self.tr(label), **common)  # fmt: skip
        if actie in TOELICHTING_STAPPEN:
            title, intro, action, label, placeholder = TOELICHTING_STAPPEN[actie]
            return ToelichtingStapDialog(ctx, ref, getattr(svc, actie), title=self.tr(title),
                                         intro=self.tr(intro), action=self.tr(action),
                                         label=self.tr(label),
                                         placeholder=self.tr(placeholder), **common)  # fmt: skip
        if actie == "bepaal_stadium":
            intake = d.intakes[-1] if d.intakes else None
            advies = intake.gegevens.advies_stadium if intake else None
            return StadiumDialog(ctx, ref, advies=advies, **common)
        if actie == "evalueer_traject":
            return TrajectEvaluatieDialog(ctx, ref, **common)
        if actie == "naar_matching":
            choices = self._read(lambda s, _a: _choices(medewerkers_met_rol(s, Rol.ACCOUNTMANAGER)))
            if choices is None:
                return None
            huidig = d.coaches["accountmanager"][0]
            return MatchingDialog(ctx, ref, choices, accountmanager_id=huidig, **common)
        if actie == "naar_participatie":
            minimum = self._read(lambda s, _a: instelling(s, STADIUM3_CONTACTEN))
            if minimum is None:
                return None
            return ParticipatieDialog(ctx, ref, minimum_contacten=minimum,
                                      met_coach=d.coaches["participatiecoach"][0] is not None,
                                      **common)  # fmt: skip
        if actie == "plaats":
            return PlaatsenDialog(ctx, ref, **common)
        if actie == "start_nazorg":
            return NazorgDialog(ctx, ref, **common)
        if actie == "sluit_af":
            return AfsluitenTrajectDialog(ctx, ref, **common)
        if actie == "verleng":
            return VerlengDialog(ctx, ref, **common)
        if actie == "open_handhaving":
            verplichtingen = self._read(lambda s, a: self._verplichtingen(s, a, ref.id))
            if verplichtingen is None:
                return None
            return OpenHandhavingDialog(ctx, ref, verplichtingen, **common)
        return None  # pragma: no cover - every step of the service has a dialog above

    def _verplichtingen(self, session: Session, actor: Medewerker,
                        traject_id: uuid.UUID) -> list[Choice]:  # fmt: skip
        """The IOP obligations a sanction investigation can be about (read with the rights
        and reach of the trajectory)."""
        traject = svc.get_traject(session, actor=actor, traject_id=traject_id, reden=self.reden)
        return [(a.id, a.omschrijving) for a in svc.verplichtingen(session, traject.inwoner_id)]

    @Slot()
    def afweging(self) -> AfwegingDialog | None:
        zaak = self._selected_zaak()
        if not self.may_edit_handhaving or zaak is None or not self.afweging_button.isEnabled():
            return None
        dialog = AfwegingDialog(self._ctx, zaak.id, zaak.versie,
                                verwijtbaarheid=zaak.verwijtbaarheid,
                                omstandigheden=zaak.omstandigheden, reden=self.reden,
                                today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(self.tr("De afweging is vastgelegd.")))
        return dialog

    @Slot()
    def advies(self) -> AdviesDialog | None:
        zaak = self._selected_zaak()
        if not self.may_edit_handhaving or zaak is None or not self.advies_button.isEnabled():
            return None
        dialog = AdviesDialog(self._ctx, zaak.id, zaak.versie, signaal_datum=zaak.signaal_datum,
                              reden=self.reden, today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(self.tr("Het advies is gegeven.")))
        return dialog

    @Slot()
    def besluit(self) -> BesluitDialog | None:
        zaak = self._selected_zaak()
        if not self.may_edit_handhaving or zaak is None or not self.besluit_button.isEnabled():
            return None
        dialog = BesluitDialog(self._ctx, zaak.id, zaak.versie, advies_op=zaak.advies_op,
                               reden=self.reden, today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(
            self.tr("Het besluit van de gemeente is vastgelegd.")))  # fmt: skip
        return dialog

    @Slot()
    def diagnose_vastleggen(self) -> DiagnoseDialog | None:
        if not self.may_edit_diagnoses:
            return None
        d = self.detail
        traject_id = d.ref.id if d is not None and d.actief else None
        dialog = DiagnoseDialog(self._ctx, self.inwoner_id, traject_id, reden=self.reden,
                                today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(self.tr("De diagnose is vastgelegd.")))
        return dialog

    @Slot()
    def score_vastleggen(self) -> ScoreDialog | None:
        if not self.may_edit:
            return None
        laatste = self.scores[-1].trede if self.scores else None
        dialog = ScoreDialog(self._ctx, self.inwoner_id, huidige_trede=laatste,
                             reden=self.reden, today=self._today(), parent=self)  # fmt: skip
        self._open(dialog, lambda: self._changed(
            self.tr("De score op de participatieladder is vastgelegd.")))  # fmt: skip
        return dialog


# --- the texts of the simple steps -----------------------------------------------------------

# actie: (title, intro, action, date label)
DATUM_STAPPEN = {
    "start_intake": (
        "Intake starten",
        "De intake begint: een kennismakingsgesprek of een brede intake met inwoner, gemeente "
        "en organisatie. Leg het verslag daarna vast bij Intake.",
        "Intake &starten", "Gestart &op *",
    ),
    "start_verkenning": (
        "Verkenning / diagnose starten",
        "De intake laat twijfel over het stadium of maakt nog geen advies mogelijk. In de "
        "verkenning worden diagnoses en onderzoeken gedaan; leg ze vast bij Diagnoses.",
        "Verkenning &starten", "Gestart &op *",
    ),
    "start_ontwikkeling": (
        "Ontwikkelaanpak starten",
        "Stadium 2: met de jobcoach en het vastgestelde IOP begint de ontwikkelaanpak. Het "
        "IOP wordt daarna periodiek geëvalueerd.",
        "Ontwikkelaanpak &starten", "Gestart &op *",
    ),
    "start_begeleiding": (
        "Begeleiding op werk starten",
        "De jobcoach begeleidt de inwoner nu op het werk. Neemt iemand anders dat over, wijzig "
        "dan eerst de jobcoach.",
        "Begeleiding &starten", "Gestart &op *",
    ),
}  # fmt: skip
# actie: (title, intro, action, label, placeholder)
TOELICHTING_STAPPEN = {
    "terug_naar_stadium_2": (
        "Terug naar stadium 2",
        "Het traject gaat terug naar stadium 2 (ontwikkelpotentieel) en wacht daar op een "
        "jobcoach en een vastgesteld IOP.",
        "Naar &stadium 2", "&Toelichting *",
        "Waarom is nu een ontwikkelaanpak nodig, of welke belemmeringen zijn weggenomen?",
    ),
    "onderbreek": (
        "Traject onderbreken",
        "Onderbreek het traject, of leg vast dat de inwoner is uitgevallen. Het traject kan "
        "later verder in de fase waarin het nu is.",
        "&Onderbreken", "&Reden *", "Bijv. opname, zwangerschap, niet meer verschenen",
    ),
    "hervat": (
        "Traject hervatten",
        "Het traject gaat verder in de fase waarin het werd onderbroken.",
        "&Hervatten", "&Toelichting *", "Waarom kan het traject weer verder?",
    ),
}  # fmt: skip
STAP_KLAAR = {
    "start_intake": "De intake is gestart. Leg het verslag vast bij Intake.",
    "start_verkenning": "De verkenning is gestart.",
    "bepaal_stadium": "Het stadium is bepaald.",
    "start_ontwikkeling": "De ontwikkelaanpak is gestart.",
    "evalueer_traject": "De evaluatie is vastgelegd.",
    "naar_matching": "Het traject is in de matching; de warme overdracht is vastgelegd.",
    "terug_naar_stadium_2": "Het traject is terug in stadium 2.",
    "naar_participatie": "Het traject volgt de participatieaanpak (stadium 3).",
    "plaats": "De plaatsing is vastgelegd.",
    "start_begeleiding": "De begeleiding op het werk is gestart.",
    "start_nazorg": "De nazorg is gestart.",
    "open_handhaving": "Het maatregelonderzoek is geopend.",
    "onderbreek": "Het traject is onderbroken.",
    "hervat": "Het traject is hervat.",
    "verleng": "Het ontwikkeltraject is verlengd.",
    "sluit_af": "Het traject is afgesloten.",
}
