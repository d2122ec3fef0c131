"""The "Schuldhulp" tab of a dossier: the inwoner's schuldhulptraject (debt help), from the
melding to the afsluiting, with its deadlines, schulden, referrals and budgetbeheer.

Without a running trajectory the tab says so in words and offers "Melding registreren…"; the
earlier trajectories are listed, and choosing one shows it. For the shown trajectory: a header
with the phase and what matters now, the Wgs deadlines (late, nearly due and met in words and
in colour), the phase actions, the schulden with their totals, the referrals, budgetbeheer
and the lead time per phase. "Plan van aanpak afdrukken…" saves the plan to sign as a PDF.

Each phase action is a button that is enabled only when the service's `ontbreekt_voor` has
nothing missing; otherwise its tooltip (and accessible description) says what is missing, and
a hint line under the buttons says it for the next step forward. Each action opens a dialog
(app/ui/schuldhulp_dialogs.py) that calls its service. Who may only read debt data (an SDV
team lead) sees everything but no action buttons.

The tab keeps no Session: every load, action and print is one unit of work. It reads lazily
(when first shown) and reloads on `changed("schuldhulp" | "inwoner", inwoner_id)`; after each
change it tells the other views with `changed("schuldhulp", inwoner_id)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import (
    QDesktopServices,  # noqa: F401  (the tests patch its openUrl here)
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models import (
    AdministratieItem,
    Beschikking,
    Medewerker,
    Rol,
    SchuldhulpFase,
    Schuldhulptraject,
)
from app.services import schulden
from app.services import schuldhulp as svc
from app.services.errors import DomainError
from app.services.medewerkers import medewerkers_met_rol
from app.services.rechten import Gegeven, Recht
from app.services.schuldhulp_afdrukken import bestandsnaam_voor, print_plan_van_aanpak
from app.services.text import format_date, format_money
from app.services.wgs import Termijnstatus, termijn_stand
from app.ui import signals
from app.ui.context import UiContext
from app.ui.dossier_tab import DossierTab, PrintTexts
from app.ui.errors import ask, show_domain_error
from app.ui.schuldhulp_dialogs import (
    AdministratieDialog,
    AfsluitenDialog,
    BedreigingDialog,
    BeschikkingDialog,
    BudgetbeheerDialog,
    BudgetbeheerStoppenDialog,
    DoorverwijzingDialog,
    EersteGesprekDialog,
    MeldingDialog,
    NazorgDialog,
    SchuldDialog,
    SchuldhulpRef,
    SchuldRij,
    UitvalDialog,
    schuldregeling_dialog,
    wsnp_dialog,
)
from app.ui.table import RowsModel, make_table, select_key, selected_key
from app.ui.widgets import HINT_STYLE, bold, bullets, fit_height, make_hint

F = SchuldhulpFase
# Letters taken while this tab is shown: the menu bar (Bestand, Ga naar, Dossier, Help) and
# the dossier's tabs (Personalia, Contactjournaal, Ontwikkelplan, Traject, Loonwaarde,
# Schuldhulp). The tab's own buttons use other letters (a test checks both).
TAB_MNEMONICS = frozenset("BGDHPCNJRU")
# The phase actions: (key of `ontbreekt_voor`, button text with its mnemonic, tooltip).
ACTIES = (
    ("eerste_gesprek", "&Eerste gesprek vastleggen…",
     "De datum van het eerste gesprek (de aanvraag) vastleggen"),
    ("administratie", "&Administratie controleren…",
     "Afvinken welke stukken van de administratie compleet zijn"),
    ("beschikking", "Be&schikking…", "De aanvraag toelaten (met het plan van aanpak) of afwijzen"),
    ("schuldregeling", "Schu&ldregeling starten…", "De minnelijke schuldregeling starten"),
    ("wsnp", "&WSNP-verzoek…", "Het verzoek tot toelating tot de WSNP vastleggen"),
    ("nazorg", "Na&zorg starten…", "Na stabilisatie, schuldregeling of WSNP de nazorg starten"),
    ("afsluiten", "A&fsluiten…", "Het traject na de nazorg afsluiten met de uitkomst"),
    ("uitval", "Ui&tval melden…", "Het traject stopt voortijdig"),
    ("bedreiging", "Bedre&iging melden…",
     "Een bedreigende situatie vastleggen die na de melding bekend werd"),
)  # fmt: skip
NAAM = {actie: tekst.replace("&", "").rstrip("…") for actie, tekst, _tip in ACTIES}
# The step(s) forward in each phase: the hint line says what they still need.
VOORUIT = {F.VOORZORG: ("beschikking",), F.STABILISATIE: ("schuldregeling", "wsnp"),
           F.SCHULDREGELING: ("wsnp",), F.WSNP: ("nazorg",), F.NAZORG: ("afsluiten",)}  # fmt: skip
KLAAR = {
    "eerste_gesprek": "Het eerste gesprek is vastgelegd; de termijn voor de beschikking loopt.",
    "administratie": "De administratie is bijgewerkt.",
    "beschikking": "De beschikking is vastgelegd.",
    "schuldregeling": "De schuldregeling is gestart.",
    "wsnp": "Het WSNP-verzoek is vastgelegd.",
    "nazorg": "De nazorg is gestart.",
    "afsluiten": "Het schuldhulptraject is afgesloten.",
    "uitval": "De uitval is gemeld; het traject is afgesloten.",
    "bedreiging": "De bedreigende situatie is vastgelegd.",
}
STAND_STYLE = {
    Termijnstatus.TE_LAAT: "color: #b3261e; font-weight: bold;",
    Termijnstatus.TE_LAAT_GEHAALD: "color: #b3261e;",
    Termijnstatus.BIJNA: "color: #8a4b00; font-weight: bold;",
    Termijnstatus.GEHAALD: "color: #1e6b34;",
    Termijnstatus.OPEN: "",
    Termijnstatus.VERVALLEN: HINT_STYLE,
}
CLOSED_STYLE = ("QLabel { background: #f1f3f4; color: #3c4043; border: 1px solid #dadce0; "
                "border-radius: 3px; padding: 6px 8px; }")  # fmt: skip


# --- what the tab shows, as plain values -----------------------------------------------------


@dataclass(frozen=True)
class TrajectRij:
    """One trajectory in the list of the inwoner's trajectories."""

    id: uuid.UUID
    fase: SchuldhulpFase
    melding_datum: date
    einddatum: date | None
    uitkomst: str
    laatste_fase: SchuldhulpFase  # the phase it is in, or was in when it closed

    @property
    def open(self) -> bool:
        return self.fase != F.AFGESLOTEN


def traject_rij(t: Schuldhulptraject) -> TrajectRij:
    laatste = t.fase
    if t.fase == F.AFGESLOTEN:
        laatste = t.uitval_fase or (t.overgangen[-1].van_fase if t.overgangen else None) or \
            F.VOORZORG  # fmt: skip
    return TrajectRij(t.id, t.fase, t.melding_datum, t.einddatum,
                      t.uitkomst.label if t.uitkomst else "", laatste)  # fmt: skip


@dataclass(frozen=True)
class TermijnRij:
    soort: str
    uiterlijk: date
    stand: Termijnstatus
    tekst: str

    @property
    def regel(self) -> str:
        if self.stand in (Termijnstatus.GEHAALD, Termijnstatus.TE_LAAT_GEHAALD):
            return f"{self.soort}: {self.tekst} (uiterlijk {format_date(self.uiterlijk)})"
        return f"{self.soort}: uiterlijk {format_date(self.uiterlijk)} — {self.tekst}"


@dataclass(frozen=True)
class BudgetbeheerRij:
    id: uuid.UUID
    versie: int
    startdatum: date
    einddatum: date | None
    leefgeld: Decimal
    frequentie: str
    postadres: bool


@dataclass(frozen=True)
class SchuldhulpDetail:
    """The shown trajectory: everything the tab shows of it."""

    ref: SchuldhulpRef
    consulent: str
    gemeente: str
    organisatie: str
    medeaanvrager: str
    melding: str  # "Inwoner zelf, telefonisch"
    hulpvraag: str
    bedreiging: str  # "Vordering tot ontruiming …, bekend sinds 01-09-2026: …" or ""
    beschikking: Beschikking | None
    beschikking_datum: date | None
    aanpak: str  # product, variant, complexiteit
    start_schuldregeling: date | None
    wsnp_verzoek_datum: date | None
    nazorg_tot: date | None
    einddatum: date | None
    afsluiting: str  # the outcome in words, for a closed trajectory
    administratie: dict[AdministratieItem, date]
    termijnen: tuple[TermijnRij, ...]
    ontbreekt: dict[str, tuple[str, ...]]
    schulden: tuple[SchuldRij, ...]
    totalen: schulden.Totalen
    doorverwijzingen: tuple[tuple[date, str, str], ...]  # datum, partner, reden
    doorlooptijden: tuple[svc.Doorlooptijd, ...]

    @property
    def fase(self) -> SchuldhulpFase:
        return self.ref.fase

    @property
    def open(self) -> bool:
        return self.ref.fase != F.AFGESLOTEN

    @property
    def toegelaten(self) -> bool:
        return self.beschikking == Beschikking.TOELATING


def _afsluiting(t: Schuldhulptraject) -> str:
    if t.uitkomst is None:
        return ""
    tekst = t.uitkomst.label
    if t.uitval_reden is not None:
        fase = t.uitval_fase.label.lower() if t.uitval_fase else ""
        tekst += f" in de fase {fase}: {t.uitval_reden.label.lower()}"
    if t.afsluiting_toelichting:
        tekst += f" — {t.afsluiting_toelichting}"
    return tekst


def ontbreekt(t: Schuldhulptraject) -> dict[str, tuple[str, ...]]:
    """Per action what is still missing: the service's `ontbreekt_voor`, and the same for
    the two actions it leaves to their own checks (the administration, a threat)."""
    result = {actie: tuple(items) for actie, items in svc.ontbreekt_voor(t).items()}
    result["administratie"] = (() if t.fase in (F.VOORZORG, F.STABILISATIE) else
                               (f"het traject in de voorzorg- of stabilisatiefase is "
                                f"(nu: {t.fase.label.lower()})",))  # fmt: skip
    result["bedreiging"] = () if t.fase != F.AFGESLOTEN else ("het traject nog loopt",)
    return result


def read_detail(session: Session, t: Schuldhulptraject, peildatum: date) -> SchuldhulpDetail:
    afgesloten = t.fase == F.AFGESLOTEN
    termijnen = []
    for termijn in svc.termijnen_van(session, t):
        stand, tekst = termijn_stand(termijn, peildatum, afgesloten=afgesloten)
        termijnen.append(TermijnRij(termijn.soort.label, termijn.uiterlijk, stand, tekst))
    bedreiging = ""
    if t.bedreiging is not None:
        bedreiging = f"{t.bedreiging.label}, bekend sinds {format_date(t.bedreiging_datum)}"
        if t.bedreiging_toelichting:
            bedreiging += f": {t.bedreiging_toelichting}"
    aanpak = ", ".join(
        x
        for x in (
            t.product.label if t.product else "",
            f"variant {t.variant.label.lower()}" if t.variant else "",
            t.complexiteit.label.lower() if t.complexiteit else "",
        )
        if x
    )
    organisatie = t.gemeente.organisatie
    return SchuldhulpDetail(
        ref=SchuldhulpRef(t.id, t.versie, t.inwoner_id, t.fase, t.fase_sinds, t.melding_datum,
                          t.eerste_gesprek),
        consulent=t.consulent.naam, gemeente=t.gemeente.naam,
        organisatie=organisatie.naam if organisatie else "",
        medeaanvrager=t.medeaanvrager.volledige_naam if t.medeaanvrager else "",
        melding=f"{t.melding_bron.label}, {t.melding_wijze.label.lower()}",
        hulpvraag=t.hulpvraag or "", bedreiging=bedreiging,
        beschikking=t.beschikking, beschikking_datum=t.beschikking_datum, aanpak=aanpak,
        start_schuldregeling=t.start_schuldregeling, wsnp_verzoek_datum=t.wsnp_verzoek_datum,
        nazorg_tot=t.nazorg_tot, einddatum=t.einddatum, afsluiting=_afsluiting(t),
        administratie={v.item: v.datum for v in t.administratie},
        termijnen=tuple(termijnen),
        ontbreekt=ontbreekt(t),
        schulden=tuple(SchuldRij(s.id, s.versie, s.schuldeiser, s.soort, s.kenmerk or "",
                                 s.bedrag_opgegeven, s.bedrag_akkoord, s.status, s.status_datum)
                       for s in t.schulden),
        totalen=schulden.totalen(t.schulden),
        doorverwijzingen=tuple((d.datum, d.partner.label, d.reden) for d in t.doorverwijzingen),
        doorlooptijden=tuple(svc.doorlooptijden(t, peildatum)),
    )  # fmt: skip


def totalen_tekst(t: schulden.Totalen) -> str:
    aantal = "1 schuld" if t.aantal == 1 else f"{t.aantal} schulden"
    return (f"{aantal} · totaal opgegeven {format_money(t.opgegeven)} · totaal akkoord "
            f"{format_money(t.akkoord)} · openstaand {format_money(t.openstaand)}")  # fmt: skip


def _compact(table, *stretch: int) -> None:
    """Columns as wide as their contents and the `stretch` ones sharing the rest, so a table
    of fixed height needs no horizontal scroll bar (which would hide its last row)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.model().columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column in stretch else \
            QHeaderView.ResizeMode.ResizeToContents  # fmt: skip
        header.setSectionResizeMode(column, mode)


class SchuldenModel(RowsModel):
    """The schulden, with the amounts aligned right."""

    BEDRAGEN = (3, 4)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        rechts = index.isValid() and index.column() in self.BEDRAGEN
        if role == Qt.ItemDataRole.TextAlignmentRole and rechts:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


# --- the tab ---------------------------------------------------------------------------------


class SchuldhulpTab(DossierTab):
    """The schuldhulptrajecten of one inwoner."""

    RELOAD_ON = (signals.SCHULDHULP, signals.INWONER)

    def __init__(
        self, ctx: UiContext, inwoner_id: uuid.UUID, reden: str | None = None,
        parent: QWidget | None = None, *, today: Callable[[], date] = date.today,
    ) -> None:  # fmt: skip
        super().__init__(ctx, inwoner_id, reden, parent, today=today)
        self.may_edit = ctx.mag(Gegeven.SCHULDHULP, Recht.WIJZIGEN)
        self.rows: list[TrajectRij] = []
        self.detail: SchuldhulpDetail | None = None
        self.budgetbeheer: list[BudgetbeheerRij] = []
        self.termijn_labels: list[QLabel] = []
        self._selecting = False
        self._build()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        # The empty state: no running trajectory.
        self.empty_label = make_hint(QLabel())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.melding_button = self._button(
            self.tr("&Melding registreren…"), self.melding_registreren,
            self.tr("Een hulpvraag over geldzaken registreren; dat start een schuldhulptraject"),
        )  # fmt: skip
        self.melding_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.empty_box = QWidget()
        empty_layout = QVBoxLayout(self.empty_box)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.melding_button, 0, Qt.AlignmentFlag.AlignHCenter)

        # The list of trajectories (when there is more than one, or none running).
        self.trajecten_model = RowsModel(
            [self.tr("Gemeld"), self.tr("Fase"), self.tr("Afgesloten"), self.tr("Uitkomst")], self
        )
        self.trajecten_table = make_table(self.trajecten_model, self.tr("Schuldhulptrajecten"))
        _compact(self.trajecten_table, 3)
        self.trajecten_table.selectionModel().selectionChanged.connect(self._on_traject_chosen)
        self.trajecten_box = QGroupBox(self.tr("Schuldhulptrajecten"))
        QVBoxLayout(self.trajecten_box).addWidget(self.trajecten_table)

        self.detail_box = QWidget()
        detail_layout = QVBoxLayout(self.detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(self._build_header())
        top = QHBoxLayout()
        top.addWidget(self._build_termijnen(), 2)
        top.addWidget(self._build_acties(), 3)
        detail_layout.addLayout(top)
        detail_layout.addWidget(self._build_schulden())
        bottom = QHBoxLayout()
        bottom.addWidget(self._build_verwijzingen(), 1)
        bottom.addWidget(self._build_budgetbeheer(), 1)
        bottom.addWidget(self._build_doorlooptijden(), 1)
        detail_layout.addLayout(bottom)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.empty_box)
        content_layout.addWidget(self.trajecten_box)
        content_layout.addWidget(self.detail_box)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.status_label = make_hint(QLabel())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status_label)

        self.print_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_shortcut.activated.connect(self.afdrukken)
        # Only now that every widget has a parent (a parentless widget made visible would
        # become a window of its own): what the medewerker may not do is not shown.
        for button in (self.melding_button, *self.actie_buttons.values(), self.add_button,
                       self.edit_button, self.remove_button, self.verwijs_button,
                       self.budget_start_button, self.budget_stop_button):  # fmt: skip
            button.setVisible(self.may_edit)
        self.trajecten_box.hide()
        self.detail_box.hide()

    def _build_header(self) -> QVBoxLayout:
        self.title_label = bold(QLabel(), 1.3)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = self._button(
            self.tr("Plan van aanpak afdrukken…"), self.afdrukken,
            self.tr("Het plan van aanpak als PDF opslaan om te laten ondertekenen (Ctrl+P)"),
        )  # fmt: skip
        row = QHBoxLayout()
        row.addWidget(self.title_label, 1)
        row.addWidget(self.print_button)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(CLOSED_STYLE)
        self.facts_label = make_hint(QLabel())
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.aanpak_label = QLabel()
        self.aanpak_label.setWordWrap(True)
        self.aanpak_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.situatie_label = QLabel()
        self.situatie_label.setWordWrap(True)
        self.situatie_label.setTextFormat(Qt.TextFormat.PlainText)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(row)
        for label in (self.banner, self.facts_label, self.aanpak_label, self.situatie_label):
            header.addWidget(label)
        return header

    def _build_termijnen(self) -> QGroupBox:
        box = QGroupBox(self.tr("Termijnen"))
        self.termijnen_layout = QVBoxLayout(box)
        self.termijnen_layout.setSpacing(6)
        self.termijnen_layout.addStretch(1)  # keeps the lines at the top
        return box

    def _build_acties(self) -> QGroupBox:
        box = QGroupBox(self.tr("Acties"))
        grid = QGridLayout()
        self.actie_buttons: dict[str, QPushButton] = {}
        for n, (actie, tekst, _tip) in enumerate(ACTIES):
            button = self._button(self.tr(tekst), lambda actie=actie: self.open_actie(actie))
            button.setObjectName(f"actie_{actie}")
            self.actie_buttons[actie] = button
            grid.addWidget(button, n // 3, n % 3)
        self.acties_hint = make_hint(QLabel())
        self.acties_hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(box)
        layout.addLayout(grid)
        layout.addWidget(self.acties_hint)
        layout.addStretch(1)
        return box

    def _build_schulden(self) -> QGroupBox:
        box = QGroupBox(self.tr("Schulden"))
        self.schulden_model = SchuldenModel(
            [self.tr("Schuldeiser"), self.tr("Soort"), self.tr("Kenmerk"), self.tr("Opgegeven"),
             self.tr("Akkoord"), self.tr("Status"), self.tr("Statusdatum")], self,
        )  # fmt: skip
        self.schulden_table = make_table(self.schulden_model, self.tr("Schulden"))
        _compact(self.schulden_table, 0, 1)
        self.schulden_table.doubleClicked.connect(lambda _index: self.wijzig_schuld())
        self.schulden_table.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_schuld_buttons()
        )
        for keys, slot in ((("Return", "Enter", "F2"), self.wijzig_schuld),
                           (("Delete",), self.verwijder_schuld),
                           (("Insert",), self.schuld_toevoegen)):  # fmt: skip
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self.schulden_table)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(slot)
        self.schulden_empty = make_hint(QLabel(self.tr("Er zijn nog geen schulden vastgelegd.")))
        self.totalen_label = bold(QLabel())
        self.totalen_label.setObjectName("totalen")
        self.totalen_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = self._button(self.tr("Schuld t&oevoegen…"), self.schuld_toevoegen,
                                       self.tr("Een schuld toevoegen (Insert)"))  # fmt: skip
        self.edit_button = self._button(
            self.tr("Schuld wijzigen…"),
            self.wijzig_schuld,
            self.tr("De gekozen schuld wijzigen (Enter)"),
        )
        self.remove_button = self._button(self.tr("Schuld verwijderen…"), self.verwijder_schuld,
                                          self.tr("Een per vergissing ingevoerde schuld "
                                                  "verwijderen (Delete)"))  # fmt: skip
        row = QHBoxLayout()
        row.addWidget(self.totalen_label, 1)
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.schulden_table)
        layout.addWidget(self.schulden_empty)
        layout.addLayout(row)
        return box

    def _build_verwijzingen(self) -> QGroupBox:
        box = QGroupBox(self.tr("Doorverwijzingen"))
        self.verwijzingen_model = RowsModel(
            [self.tr("Datum"), self.tr("Partner"), self.tr("Waarvoor")], self
        )
        self.verwijzingen_table = make_table(self.verwijzingen_model, self.tr("Doorverwijzingen"))
        _compact(self.verwijzingen_table, 2)
        self.verwijzingen_empty = make_hint(QLabel(self.tr("Nog niet doorverwezen.")))
        self.verwijs_button = self._button(
            self.tr("Door&verwijzen…"),
            self.doorverwijzen,
            self.tr("De inwoner doorverwijzen naar een partner"),
        )
        layout = QVBoxLayout(box)
        layout.addWidget(self.verwijzingen_table)
        layout.addWidget(self.verwijzingen_empty)
        layout.addStretch(1)
        layout.addWidget(self.verwijs_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _build_budgetbeheer(self) -> QGroupBox:
        box = QGroupBox(self.tr("Budgetbeheer"))
        self.budget_label = QLabel()
        self.budget_label.setWordWrap(True)
        self.budget_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.budget_start_button = self._button(self.tr("Budgetbeheer starten…"),
                                                self.start_budgetbeheer)  # fmt: skip
        self.budget_stop_button = self._button(self.tr("Budgetbeheer beëindigen…"),
                                               self.stop_budgetbeheer)  # fmt: skip
        layout = QVBoxLayout(box)
        layout.addWidget(self.budget_label)
        layout.addStretch(1)
        layout.addWidget(self.budget_start_button)
        layout.addWidget(self.budget_stop_button)
        return box

    def _build_doorlooptijden(self) -> QGroupBox:
        box = QGroupBox(self.tr("Doorlooptijd per fase"))
        self.doorloop_model = RowsModel(
            [self.tr("Fase"), self.tr("Van"), self.tr("Tot"), self.tr("Dagen")], self
        )
        self.doorloop_table = make_table(self.doorloop_model, self.tr("Doorlooptijd per fase"))
        _compact(self.doorloop_table, 0)
        layout = QVBoxLayout(box)
        layout.addWidget(self.doorloop_table)
        layout.addStretch(1)
        return box

    # --- loading --------------------------------------------------------------------------

    def load(self, select_id: uuid.UUID | None = None) -> None:
        """(Re)read the trajectories and show `select_id`, else the one shown, else the running
        one (none: the empty state, until one of the earlier ones is chosen)."""
        target = select_id or (self.detail.ref.id if self.detail else None)
        today = self._today()
        with self._ctx.unit_of_work() as (session, actor):
            # The first load is the audited read; reloads after a change are not.
            trajecten = svc.schuldhulptrajecten_van(session, actor=actor,
                                                    inwoner_id=self.inwoner_id,
                                                    reden=self.reden,
                                                    audit=not self.loaded)  # fmt: skip
            rows = [traject_rij(t) for t in trajecten]
            traject = next((t for t in trajecten if t.id == target), None)
            if traject is None:
                traject = next((t for t in trajecten if t.fase != F.AFGESLOTEN), None)
            detail = read_detail(session, traject, today) if traject is not None else None
            beheer = [BudgetbeheerRij(b.id, b.versie, b.startdatum, b.einddatum, b.leefgeld,
                                      b.frequentie.label.lower(), b.postadres)
                      for b in schulden.budgetbeheer_van(session, actor=actor,
                                                         inwoner_id=self.inwoner_id)]  # fmt: skip
        self.loaded = True
        self.rows, self.budgetbeheer = rows, beheer
        self._show(detail)

    @property
    def open_row(self) -> TrajectRij | None:
        return next((r for r in self.rows if r.open), None)

    def _show(self, detail: SchuldhulpDetail | None) -> None:
        self.detail = detail
        running = self.open_row is not None
        self.empty_box.setVisible(not running)
        if self.rows:
            text = self.tr("Er loopt nu geen schuldhulptraject voor deze inwoner. Kies hieronder "
                           "een eerder traject om het verloop te bekijken.")  # fmt: skip
        else:
            text = self.tr("Deze inwoner heeft geen schuldhulptraject.")
        if self.may_edit:
            text += " " + self.tr("Een hulpvraag over geldzaken, ook een mondelinge, registreert "
                                  "u als melding; daarmee begint het traject.")  # fmt: skip
        lopend = self.lopend_budgetbeheer()
        if lopend is not None and not running:
            text += " " + self.tr("Er loopt nog budgetbeheer sinds {datum}: kies het traject "
                                  "om het te bekijken of te beëindigen.").format(
                datum=format_date(lopend.startdatum))  # fmt: skip
        self.empty_label.setText(text)
        self._show_list()
        self.detail_box.setVisible(detail is not None)
        if detail is not None:
            self._show_header(detail)
            self._show_termijnen(detail)
            self._show_acties(detail)
            self._show_schulden(detail)
            self._show_verwijzingen(detail)
            self._show_doorlooptijden(detail)
        self._show_budgetbeheer()
        self._update_print_button()

    def _show_list(self) -> None:
        self._selecting = True
        try:
            self.trajecten_model.set_rows(
                [(format_date(r.melding_datum), r.laatste_fase.label,
                  format_date(r.einddatum) if not r.open else self.tr("loopt nog"),
                  r.uitkomst or "—") for r in self.rows],
                [r.id for r in self.rows],
            )  # fmt: skip
            if self.detail is not None:
                select_key(self.trajecten_table, self.detail.ref.id)
        finally:
            self._selecting = False
        fit_height(self.trajecten_table, len(self.rows), 1, 5)
        self.trajecten_box.setVisible(
            len(self.rows) > 1 or (bool(self.rows) and self.open_row is None)
        )

    def _show_header(self, d: SchuldhulpDetail) -> None:
        self.title_label.setText(self.tr("Schuldhulp: {fase} — sinds {datum}").format(
            fase=d.fase.label, datum=format_date(d.ref.fase_sinds)))  # fmt: skip
        if not d.open:
            self.banner.setText(self.tr("Dit traject is afgesloten op {datum}: {uitkomst}.").format(
                datum=format_date(d.einddatum), uitkomst=d.afsluiting or "—"))  # fmt: skip
        self.banner.setVisible(not d.open)
        gesprek = format_date(d.ref.eerste_gesprek) or self.tr("nog niet gevoerd")
        facts = [self.tr("Consulent: {naam}").format(naam=d.consulent),
                 self.tr("gemeente {naam}").format(naam=d.gemeente),
                 self.tr("gemeld op {datum} ({hoe})").format(
                     datum=format_date(d.ref.melding_datum), hoe=d.melding.lower()),
                 self.tr("eerste gesprek (aanvraag) {datum}").format(datum=gesprek)]  # fmt: skip
        if d.medeaanvrager:
            facts.append(self.tr("medeaanvrager {naam}").format(naam=d.medeaanvrager))
        self.facts_label.setText(" · ".join(facts))
        if d.beschikking is None:
            aanpak = [self.tr("Nog geen beschikking.")]
        else:
            aanpak = [self.tr("{soort} op {datum}").format(
                soort=d.beschikking.label, datum=format_date(d.beschikking_datum))]  # fmt: skip
            if d.aanpak:
                aanpak.append(d.aanpak)
        for value, text in ((d.start_schuldregeling, self.tr("schuldregeling sinds {}")),
                            (d.wsnp_verzoek_datum, self.tr("WSNP-verzoek op {}")),
                            (d.nazorg_tot, self.tr("nazorg tot {}"))):  # fmt: skip
            if value is not None:
                aanpak.append(text.format(format_date(value)))
        self.aanpak_label.setText(" · ".join(aanpak))
        situatie = []
        if d.hulpvraag:
            situatie.append(self.tr("Hulpvraag: {tekst}").format(tekst=d.hulpvraag))
        if d.bedreiging:
            situatie.append(self.tr("Bedreigende situatie: {tekst}").format(tekst=d.bedreiging))
        self.situatie_label.setText("\n".join(situatie))
        self.situatie_label.setVisible(bool(situatie))

    def _show_termijnen(self, d: SchuldhulpDetail) -> None:
        for label in self.termijn_labels:
            self.termijnen_layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.termijn_labels = []
        for n, termijn in enumerate(d.termijnen):
            label = QLabel(termijn.regel)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet(STAND_STYLE[termijn.stand])
            label.setProperty("stand", termijn.stand.value)
            label.setAccessibleName(termijn.regel)
            self.termijnen_layout.insertWidget(n, label)  # has a parent now
            self.termijn_labels.append(label)

    def _show_acties(self, d: SchuldhulpDetail) -> None:
        editable = self.may_edit and d.open
        for actie, _tekst, tip in ACTIES:
            button = self.actie_buttons[actie]
            button.setVisible(editable)
            missing = d.ontbreekt.get(actie, ())
            button.setEnabled(editable and not missing)
            why = (self.tr("Nog niet mogelijk. Dit kan pas als:") + "\n" + bullets(missing)
                   if missing else "")  # fmt: skip
            button.setToolTip(why or self.tr(tip))
            button.setAccessibleDescription(why)
        if not d.open:
            hint = self.tr("Het traject is afgesloten; er volgen geen stappen meer.")
        elif not self.may_edit:
            hint = self.tr("U kunt dit schuldhulptraject bekijken, maar niet wijzigen.")
        else:
            lines = [self.tr("{actie} kan pas als {wat}.").format(
                         actie=self.tr(NAAM[actie]), wat="; ".join(d.ontbreekt[actie]))
                     for actie in VOORUIT.get(d.fase, ()) if d.ontbreekt.get(actie)]  # fmt: skip
            if any(not b.isEnabled() for b in self.actie_buttons.values()):
                lines.append(self.tr("Een grijze knop kan nog niet: wijs hem aan om te zien wat "
                                     "nog nodig is."))  # fmt: skip
            hint = "\n".join(lines)
        self.acties_hint.setText(hint)
        self.acties_hint.setVisible(bool(hint))

    def _show_schulden(self, d: SchuldhulpDetail) -> None:
        previous = selected_key(self.schulden_table)
        self.schulden_model.set_rows(
            [(s.schuldeiser, s.soort.label, s.kenmerk, format_money(s.bedrag_opgegeven) or "—",
              format_money(s.bedrag_akkoord) or "—", s.status.label, format_date(s.status_datum))
             for s in d.schulden],
            [s.id for s in d.schulden],
        )  # fmt: skip
        select_key(self.schulden_table, previous)
        fit_height(self.schulden_table, len(d.schulden), 3, 10)
        self.schulden_table.setVisible(bool(d.schulden))
        self.schulden_empty.setVisible(not d.schulden)
        self.totalen_label.setText(totalen_tekst(d.totalen))
        self.totalen_label.setToolTip(
            ", ".join(
                f"{status.label.lower()}: {n}" for status, n in d.totalen.per_status.items() if n
            )
        )
        editable = self.may_edit and d.open
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setVisible(editable)
        self._update_schuld_buttons()

    def _show_verwijzingen(self, d: SchuldhulpDetail) -> None:
        self.verwijzingen_model.set_rows(
            [(format_date(datum), partner, reden) for datum, partner, reden in d.doorverwijzingen],
            tooltips=[("", "", reden) for _datum, _partner, reden in d.doorverwijzingen],
        )  # fmt: skip
        fit_height(self.verwijzingen_table, len(d.doorverwijzingen), 1, 5)
        self.verwijzingen_table.setVisible(bool(d.doorverwijzingen))
        self.verwijzingen_empty.setVisible(not d.doorverwijzingen)
        self.verwijs_button.setVisible(self.may_edit and d.open)

    def _show_doorlooptijden(self, d: SchuldhulpDetail) -> None:
        self.doorloop_model.set_rows(
            [(t.fase.label, format_date(t.van),
              format_date(t.tot) if t.tot else self.tr("nu"), str(t.dagen))
             for t in d.doorlooptijden]
        )  # fmt: skip
        fit_height(self.doorloop_table, len(d.doorlooptijden), 1, 6)

    def lopend_budgetbeheer(self) -> BudgetbeheerRij | None:
        return next((b for b in self.budgetbeheer if b.einddatum is None), None)

    def _show_budgetbeheer(self) -> None:
        lopend = self.lopend_budgetbeheer()
        if lopend is not None:
            text = self.tr("Lopend sinds {datum}: leefgeld {bedrag} {frequentie}.").format(
                datum=format_date(lopend.startdatum), bedrag=format_money(lopend.leefgeld),
                frequentie=lopend.frequentie)  # fmt: skip
            if lopend.postadres:
                text += " " + self.tr("De organisatie is postadres.")
        elif self.budgetbeheer:
            laatste = self.budgetbeheer[0]
            text = self.tr("Geen lopend budgetbeheer (het laatste liep van {van} tot "
                           "{tot}).").format(van=format_date(laatste.startdatum),
                                             tot=format_date(laatste.einddatum))  # fmt: skip
        else:
            text = self.tr("Geen budgetbeheer.")
        self.budget_label.setText(text)
        running = self.open_row is not None
        can_start = lopend is None and running
        self.budget_start_button.setEnabled(self.may_edit and can_start)
        if can_start:
            tip = self.tr("Budgetbeheer starten binnen het lopende schuldhulptraject")
        elif lopend is not None:
            tip = self.tr("Er loopt al budgetbeheer.")
        else:
            tip = self.tr("Budgetbeheer kan alleen binnen een lopend schuldhulptraject.")
        self.budget_start_button.setToolTip(tip)
        self.budget_stop_button.setEnabled(self.may_edit and lopend is not None)
        self.budget_stop_button.setToolTip(
            self.tr("Het lopende budgetbeheer beëindigen") if lopend is not None
            else self.tr("Er loopt geen budgetbeheer."))  # fmt: skip

    def _update_print_button(self) -> None:
        d = self.detail
        can = d is not None and d.toegelaten and self.print_token is None
        self.print_button.setEnabled(can)
        if d is not None and not d.toegelaten:
            self.print_button.setToolTip(
                self.tr("Er is nog geen plan van aanpak: dat hoort bij de toelatingsbeschikking.")
            )
        else:
            self.print_button.setToolTip(
                self.tr("Het plan van aanpak als PDF opslaan om te laten ondertekenen (Ctrl+P)")
            )

    def selected_schuld(self) -> SchuldRij | None:
        key = selected_key(self.schulden_table)
        if self.detail is None:
            return None
        return next((s for s in self.detail.schulden if s.id == key), None)

    def _update_schuld_buttons(self) -> None:
        chosen = self.selected_schuld() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # --- actions --------------------------------------------------------------------------

    @Slot()
    def _on_traject_chosen(self, *_args) -> None:
        if self._selecting:
            return
        key = selected_key(self.trajecten_table)
        if key is None or (self.detail is not None and key == self.detail.ref.id):
            return
        try:
            self.load(key)
        except DomainError as error:
            show_domain_error(self, error)

    def _changed(self, message: str, select_id: uuid.UUID | None = None) -> None:
        """After a stored change: reload, say what happened, tell the other views."""
        try:
            self.load(select_id)
        except DomainError as error:
            show_domain_error(self, error)
        self._say(message)
        self._notify(signals.SCHULDHULP)

    def _common(self) -> dict:
        return {"today": self._today(), "reden": self.reden, "parent": self}

    @Slot()
    def melding_registreren(self) -> MeldingDialog | None:
        if not self.may_edit or self.open_row is not None:
            return None
        try:
            with self._ctx.unit_of_work() as (session, _actor):
                consulenten = [
                    (m.id, m.naam) for m in medewerkers_met_rol(session, Rol.CONSULENT_SDV)
                ]
        except DomainError as error:
            show_domain_error(self, error)
            return None
        eigen = self._ctx.actor_id if any(c[0] == self._ctx.actor_id for c in consulenten) \
            else None  # fmt: skip
        dialog = MeldingDialog(self._ctx, self.inwoner_id, consulenten, consulent_id=eigen,
                               **self._common())  # fmt: skip
        self._open(dialog, lambda: self._changed(
            self.tr("De melding is geregistreerd. De volgende stap is het eerste gesprek."),
            dialog.created_id))  # fmt: skip
        return dialog

    def open_actie(self, actie: str) -> QDialog | None:
        """Open the dialog of a phase action; None when it cannot be taken now."""
        d = self.detail
        if d is None or not self.may_edit or not d.open:
            return None
        missing = d.ontbreekt.get(actie, ())
        if missing:
            text = self.tr("{actie} kan nog niet. Dit kan pas als:").format(
                actie=self.tr(NAAM[actie]))  # fmt: skip
            show_domain_error(self, DomainError(text + "\n\n" + bullets(missing)),
                              title=self.tr("Nog niet mogelijk"))  # fmt: skip
            return None
        ctx, ref, common = self._ctx, d.ref, self._common()
        dialogs = {
            "eerste_gesprek": lambda: EersteGesprekDialog(ctx, ref, **common),
            "administratie": lambda: AdministratieDialog(ctx, ref, d.administratie, **common),
            "beschikking": lambda: BeschikkingDialog(ctx, ref, **common),
            "schuldregeling": lambda: schuldregeling_dialog(ctx, ref, **common),
            "wsnp": lambda: wsnp_dialog(ctx, ref, **common),
            "nazorg": lambda: NazorgDialog(ctx, ref, **common),
            "afsluiten": lambda: AfsluitenDialog(ctx, ref, **common),
            "uitval": lambda: UitvalDialog(ctx, ref, **common),
            "bedreiging": lambda: BedreigingDialog(ctx, ref, huidig=d.bedreiging, **common),
        }
        dialog = dialogs[actie]()
        return self._open(dialog, lambda: self._changed(self.tr(KLAAR[actie])))

    def _schuld_ref(self) -> SchuldhulpRef | None:
        d = self.detail
        return d.ref if d is not None and d.open and self.may_edit else None

    @Slot()
    def schuld_toevoegen(self) -> SchuldDialog | None:
        ref = self._schuld_ref()
        if ref is None:
            return None
        dialog = SchuldDialog(self._ctx, ref, **self._common())
        self._open(dialog, lambda: self._changed(self.tr("De schuld is toegevoegd.")))
        return dialog

    @Slot()
    def wijzig_schuld(self) -> SchuldDialog | None:
        ref, schuld = self._schuld_ref(), self.selected_schuld()
        if ref is None or schuld is None:
            return None
        dialog = SchuldDialog(self._ctx, ref, schuld=schuld, **self._common())
        self._open(dialog, lambda: self._changed(self.tr("De schuld is gewijzigd.")))
        return dialog

    @Slot()
    def verwijder_schuld(self) -> bool:
        ref, schuld = self._schuld_ref(), self.selected_schuld()
        if ref is None or schuld is None:
            return False
        if not ask(self, self.tr("Schuld verwijderen"),
                   self.tr("De schuld bij {eiser} verwijderen? Doe dit alleen bij een "
                           "vergissing; een afgeloste schuld blijft staan met de status "
                           "afgelost.").format(eiser=schuld.schuldeiser),
                   yes=self.tr("Verwijderen"), no=self.tr("Niet verwijderen")):  # fmt: skip
            return False
        try:
            with self._ctx.unit_of_work() as (session, actor):
                schulden.verwijder_schuld(session, actor=actor, schuld_id=schuld.id,
                                          versie=schuld.versie)  # fmt: skip
        except DomainError as error:
            show_domain_error(self, error)
            self._reload_quietly()
            return False
        self._changed(self.tr("De schuld bij {eiser} is verwijderd.").format(
            eiser=schuld.schuldeiser))  # fmt: skip
        return True

    @Slot()
    def doorverwijzen(self) -> DoorverwijzingDialog | None:
        ref = self._schuld_ref()
        if ref is None:
            return None
        dialog = DoorverwijzingDialog(self._ctx, ref, **self._common())
        self._open(dialog, lambda: self._changed(self.tr("De doorverwijzing is vastgelegd.")))
        return dialog

    @Slot()
    def start_budgetbeheer(self) -> BudgetbeheerDialog | None:
        running = self.open_row
        if not self.may_edit or running is None or self.lopend_budgetbeheer() is not None:
            return None
        organisatie = self.detail.organisatie if self.detail is not None else ""
        dialog = BudgetbeheerDialog(self._ctx, self.inwoner_id, running.id,
                                    organisatie=organisatie, **self._common())  # fmt: skip
        self._open(dialog, lambda: self._changed(self.tr("Het budgetbeheer is gestart.")))
        return dialog

    @Slot()
    def stop_budgetbeheer(self) -> BudgetbeheerStoppenDialog | None:
        lopend = self.lopend_budgetbeheer()
        if not self.may_edit or lopend is None:
            return None
        dialog = BudgetbeheerStoppenDialog(self._ctx, lopend.id, lopend.versie,
                                           lopend.startdatum, **self._common())  # fmt: skip
        self._open(dialog, lambda: self._changed(self.tr("Het budgetbeheer is beëindigd.")))
        return dialog

    # --- printing -------------------------------------------------------------------------

    @Slot()
    def afdrukken(self) -> int | None:
        """Render the plan van aanpak off the GUI thread and save it where the user chooses."""
        d = self.detail
        if d is None or not d.toegelaten or self.print_token is not None:
            return None
        traject_id, reden = d.ref.id, self.reden
        try:
            with self._ctx.unit_of_work() as (session, actor):
                naam = bestandsnaam_voor(session, actor=actor, traject_id=traject_id, reden=reden)
        except DomainError as error:
            show_domain_error(self, error)
            return None
        path = self._choose_pdf(self.tr("Plan van aanpak opslaan als PDF"), naam)
        if path is None:
            return None
        printed = self._today()

        def work(session: Session, actor: Medewerker) -> bytes:
            return print_plan_van_aanpak(session, actor=actor, traject_id=traject_id,
                                         reden=reden, printed=printed)  # fmt: skip

        return self._print(work, path, PrintTexts(
            busy=self.tr("Plan van aanpak afdrukken…"),
            not_saved=self.tr("Het plan kon niet worden opgeslagen als {pad}: {fout}"),
            done_title=self.tr("Plan van aanpak afgedrukt"),
            done_text=self.tr("Het plan is opgeslagen als:\n{pad}\n\nWilt u het nu openen?"),
        ))  # fmt: skip

    def _print_busy_changed(self) -> None:
        self._update_print_button()
