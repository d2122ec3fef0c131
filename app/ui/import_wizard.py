"""The import wizard: records from another system's CSV or XLSX files, run by a functioneel
beheerder without a developer (Bestand → Gegevens importeren…, Ctrl+Shift+I).

What it imports is a `Soort` in `SOORTEN`: inwoners and contactmomenten (one file each), and
ontwikkelplannen, trajecten and schuldhulptrajecten (a set of files checked together: the record,
its history or parts). Every kind goes through the same steps and code; the table says which
layouts, which files are required, which service to call and which error report to write.

Four steps in one dialog:

1. Bestand kiezen — what is imported, then per layout a file, read in the background; the page
   says what Koers found (character set, separator, rows, columns). A saved mapping (JSON) can
   be loaded.
2. Kolommen koppelen — per file (a tab each in a set) per Koers column the source column:
   Koers' suggestion from the column names, or the loaded mapping. The first rows show how
   Koers will read them. A required column without a source blocks the next step; the mappings
   can be saved (a set's in one file, as a list) for the next export.
3. Controleren — a dry run of the import (rolled back). Errors per file and line in a table,
   the chosen line's cells beside it, and XLSX error report(s) to fix the files in a
   spreadsheet. Only files without errors can be imported.
4. Importeren — the real import, all or nothing, with a progress bar and Annuleren, then the
   summary; open lists refresh through the change bus.

The check and the import run through the operations helper (own Session, the GUI thread is
never blocked). Their progress bar lives on the wizard page rather than in the helper's pop-up:
the page is where the user already looks. Progress crosses threads as plain numbers
(`_Voortgang`), read by a timer. Annuleren makes the service's progress callback raise
`Cancelled`, so the helper rolls the worker's transaction back — and the page reports what
really happened: a run that finished before it saw the cancel is reported as done.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QBrush, QColor, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models import Medewerker
from app.services import (
    contact_import,
    loonwaarde_import,
    plan_import,
    schuldhulp_import,
    traject_import,
)
from app.services.bestanden import write_atomically
from app.services.errors import DomainError
from app.services.importverslag import ImportResult, schrijf_foutenverslag
from app.services.inwoner_import import FORMAAT, import_inwoners
from app.services.koppeling import (
    BESTANDSFORMAAT,
    Formaat,
    Kolom,
    Koppeling,
    code,
    kopfouten,
    lees_koppeling,
    voorstel,
    waarden,
)
from app.services.medewerkers import get_by_username, list_medewerkers
from app.services.rechten import Gegeven, Recht
from app.services.tabellen import Tabel, TabelFout, lees
from app.ui import files, settings, signals
from app.ui.context import UiContext
from app.ui.errors import show_domain_error, show_info
from app.ui.operations import Cancelled, report_error
from app.ui.table import KEY_ROLE, RowsModel, make_table
from app.ui.widgets import (
    ERROR_STYLE,
    FieldLabel,
    StepFrame,
    bold,
    bullets,
    make_error_label,
    make_hint,
)

POLL_MS = 100
VOORBEELD_REGELS = 5
MAX_CODES = 50  # unknown values listed per file; more means a wrong column, most likely
CODES_REGELS = 6  # the codes table's height, in rows (it scrolls beyond)
# The folder of the last file chosen: an export usually comes back to the same place.
MAP: settings.Setting[str] = settings.Setting("import/map", str, "")
# "regel 3: …" of a single file, "doelen.csv, regel 3: …" of a set's
_REGEL = re.compile(r"(?:([^\n]+?), )?regel (\d+): (.*)", re.DOTALL)
ERROR_COLOR = QColor("#b3261e")  # ERROR_STYLE's colour, for table cells


def tr(text: str) -> str:
    return QCoreApplication.translate("import_wizard", text)


def choose_open_file(
    parent: QWidget | None, title: str, start: Path, filter_text: str
) -> Path | None:
    """A file to open, or None when cancelled. Here because app/ui/files.py has no open dialog
    yet; tests replace it like the ones there."""
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(start), filter_text)
    return Path(chosen) if chosen else None


def _map() -> Path:
    return Path(MAP.get()) if MAP.get() else Path.home()


def _zin(tekst: str) -> str:
    """'vul de achternaam in' → 'Vul de achternaam in': the service's clause as a sentence."""
    return tekst[:1].upper() + tekst[1:]


def beschrijving(tabel: Tabel) -> str:
    """What Koers found in a file, for the user to check it read the file right."""
    regels = len(tabel.rijen)
    kolommen = ", ".join(k or tr("(leeg)") for k in tabel.kolommen)
    if tabel.codering == "xlsx":
        soort = tr("Excel-werkmap, eerste werkblad.")
    else:
        tekens = {
            ";": tr("puntkomma (;)"),
            ",": tr("komma (,)"),
            "\t": tr("tab"),
            "|": tr("verticale streep (|)"),
        }
        soort = tr("CSV-bestand, tekenset {codering}, scheidingsteken {teken}.").format(
            codering="UTF-8" if tabel.codering == "utf-8" else "Windows-1252",
            teken=tekens.get(tabel.scheidingsteken, tabel.scheidingsteken),
        )
    aantal = (
        tr("1 regel met gegevens")
        if regels == 1
        else tr("{n} regels met gegevens").format(n=f"{regels:,}".replace(",", "."))
    )
    return tr("{soort} {aantal} en {k} kolommen: {kolommen}.").format(
        soort=soort, aantal=aantal, k=len(tabel.kolommen), kolommen=kolommen
    )


# --- what can be imported -------------------------------------------------------------------


Uitvoeren = Callable[..., ImportResult]


@dataclass(frozen=True)
class Soort:
    """One kind of record the wizard imports: its layouts (one file each; the first required,
    as `verplicht` says for the others), the service that checks and imports them, the error
    report(s) and the change to announce. One code path for every kind."""

    label: str
    titel: str  # the window's title
    woorden: str  # what is imported, in a sentence: "de inwoners"
    formaten: tuple[Formaat, ...]
    verplicht: tuple[bool, ...]
    # (session, actor, paden, koppelingen, regievoerder, dry_run, voortgang, alleen_geldig)
    uitvoeren: Uitvoeren
    # (pad the user chose, the files, result) → the reports written; `verslag_map`: pad is a folder
    verslag: Callable[[Path, list[Path | None], ImportResult], list[Path]]
    signaal: str
    verslag_map: bool = False

    @property
    def set(self) -> bool:
        return len(self.formaten) > 1


def _inwoners(session, actor, paden, koppelingen, regievoerder, dry_run, voortgang,
              alleen_geldig):  # fmt: skip
    coach = get_by_username(session, regievoerder) if regievoerder else None
    return import_inwoners(session, actor=actor, path=paden[0], dry_run=dry_run,
                           regievoerder=coach, koppeling=koppelingen.get(FORMAAT.entiteit),
                           voortgang=voortgang, alleen_geldig=alleen_geldig)  # fmt: skip


def _contactmomenten(session, actor, paden, koppelingen, _regievoerder, dry_run, voortgang,
                     alleen_geldig):  # fmt: skip
    return contact_import.import_contactmomenten(
        session, actor=actor, path=paden[0], dry_run=dry_run,
        koppeling=koppelingen.get(contact_import.FORMAAT.entiteit), voortgang=voortgang,
        alleen_geldig=alleen_geldig,
    )  # fmt: skip


def _plannen(session, actor, paden, koppelingen, _regievoerder, dry_run, voortgang,
             _alleen_geldig):  # a set is all or nothing  # fmt: skip
    plannen, doelen, afspraken = paden
    return plan_import.import_plannen(
        session, actor=actor, plannen=plannen, doelen=doelen, afspraken=afspraken,
        dry_run=dry_run, koppelingen=koppelingen, voortgang=voortgang,
    )  # fmt: skip


def _trajecten(session, actor, paden, koppelingen, _regievoerder, dry_run, voortgang,
               _alleen_geldig):  # a set is all or nothing  # fmt: skip
    trajecten, overgangen, plaatsingen = paden
    return traject_import.import_trajecten(
        session, actor=actor, trajecten=trajecten, overgangen=overgangen,
        plaatsingen=plaatsingen, dry_run=dry_run, koppelingen=koppelingen, voortgang=voortgang,
    )  # fmt: skip


def _schuldhulp(session, actor, paden, koppelingen, _regievoerder, dry_run, voortgang,
                _alleen_geldig):  # a set is all or nothing  # fmt: skip
    trajecten, overgangen, schulden = paden
    return schuldhulp_import.import_schuldhulp(
        session, actor=actor, trajecten=trajecten, overgangen=overgangen, schulden=schulden,
        dry_run=dry_run, koppelingen=koppelingen, voortgang=voortgang,
    )  # fmt: skip


def _loonwaarde(session, actor, paden, koppelingen, _regievoerder, dry_run, voortgang,
                _alleen_geldig):  # a set is all or nothing  # fmt: skip
    metingen, taken = paden
    return loonwaarde_import.import_loonwaarde(
        session, actor=actor, metingen=metingen, taken=taken, dry_run=dry_run,
        koppelingen=koppelingen, voortgang=voortgang,
    )  # fmt: skip


def _loonwaardeverslagen(map: Path, _paden: list[Path | None],
                         result: ImportResult) -> list[Path]:  # fmt: skip
    assert isinstance(result, loonwaarde_import.LoonwaardeImportResult)
    return loonwaarde_import.schrijf_foutenverslagen(map, result)


def _een_verslag(pad: Path, paden: list[Path | None], result: ImportResult) -> list[Path]:
    assert paden[0] is not None
    schrijf_foutenverslag(pad, paden[0], result)
    return [pad]


def _verslag_van(schrijf: Callable[[Path, Any], None]):
    """A set's report in one workbook, a sheet per file (traject_import, schuldhulp_import)."""

    def verslag(pad: Path, _paden: list[Path | None], result: ImportResult) -> list[Path]:
        schrijf(pad, result)
        return [pad]

    return verslag


def _planverslagen(map: Path, _paden: list[Path | None], result: ImportResult) -> list[Path]:
    assert isinstance(result, plan_import.PlanImportResult)
    return plan_import.schrijf_foutenverslagen(map, result)


SOORTEN = (
    Soort(tr("Inwoners"), tr("Inwoners importeren"), tr("de inwoners"), (FORMAAT,), (True,),
          _inwoners, _een_verslag, signals.INWONER),
    Soort(tr("Contactmomenten"), tr("Contactmomenten importeren"), tr("de contactmomenten"),
          (contact_import.FORMAAT,), (True,), _contactmomenten, _een_verslag,
          signals.CONTACTMOMENT),
    Soort(tr("Ontwikkelplannen (met doelen en afspraken)"), tr("Ontwikkelplannen importeren"),
          tr("de ontwikkelplannen"), plan_import.FORMATEN, (True, False, False), _plannen,
          _planverslagen, signals.ONTWIKKELPLAN, verslag_map=True),
    Soort(tr("Trajecten (met faseovergangen en plaatsingen)"), tr("Trajecten importeren"),
          tr("de trajecten"), traject_import.FORMATEN, (True, True, False), _trajecten,
          _verslag_van(traject_import.schrijf_foutenverslag), signals.TRAJECT),
    Soort(tr("Schuldhulptrajecten (met overgangen en schulden)"),
          tr("Schuldhulptrajecten importeren"), tr("de schuldhulptrajecten"),
          schuldhulp_import.FORMATEN, (True, True, False), _schuldhulp,
          _verslag_van(schuldhulp_import.schrijf_foutenverslag), signals.SCHULDHULP),
    Soort(tr("Loonwaardemetingen (met taken)"), tr("Loonwaardemetingen importeren"),
          tr("de loonwaardemetingen"), loonwaarde_import.FORMATEN, (True, False), _loonwaarde,
          _loonwaardeverslagen, signals.LOONWAARDE, verslag_map=True),
)  # fmt: skip


def regelfouten(result: ImportResult, formaat: Formaat, pad: Path) -> dict[int, list[str]]:
    """The messages per line of one file of the import: a set's result keeps them per file
    (by entiteit, or as a result per file), a single file's in `regelfouten`."""
    per_bestand = getattr(result, "regelfouten_per_bestand", None)
    if per_bestand is not None:
        return per_bestand.get(formaat.entiteit, {})
    delen = getattr(result, "bestanden", None)
    if delen is not None:
        return next((d.regelfouten for d in delen if d.bestand == str(pad)), {})
    return result.regelfouten


# --- the work (worker thread) ---------------------------------------------------------------


@dataclass
class _Voortgang:
    """Shared by the worker (writes, and stops when asked) and the GUI thread (reads)."""

    cancel: threading.Event = field(default_factory=threading.Event)
    done: int = 0
    total: int = 0

    def __call__(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise Cancelled  # the operations helper rolls the worker's transaction back
        self.done, self.total = done, total


@dataclass
class Bron:
    """One file of a check, with its lines that have errors (to show them)."""

    naam: str
    formaat: Formaat
    regelfouten: dict[int, list[str]] = field(default_factory=dict)
    kolommen: list[str] = field(default_factory=list)
    rijen: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class Uitkomst:
    """A check or an import, and its files (in the order of the kind's layouts)."""

    result: ImportResult
    soort: Soort
    paden: list[Path | None]
    bronnen: list[Bron | None] = field(default_factory=list)

    def bron(self, naam: str | None) -> Bron | None:
        """The file an error names (a single file's errors name none)."""
        bestaand = [b for b in self.bronnen if b is not None]
        if naam is None:
            return bestaand[0] if len(bestaand) == 1 else None
        return next((b for b in bestaand if b.naam == naam), None)


def importeer(
    session: Session,
    actor: Medewerker,
    *,
    soort: Soort,
    paden: list[Path | None],
    koppelingen: dict[str, Koppeling],
    regievoerder: str | None,
    dry_run: bool,
    voortgang: _Voortgang,
    alleen_geldig: bool = False,
) -> Uitkomst:
    result = soort.uitvoeren(session, actor, paden, koppelingen, regievoerder, dry_run, voortgang,
                             alleen_geldig)  # fmt: skip
    if dry_run or (result.fouten and not result.geimporteerd):
        # The caller owns the transaction: a check or a refused file adds nothing.
        session.rollback()
    uitkomst = Uitkomst(result, soort, paden)
    for formaat, pad in zip(soort.formaten, paden, strict=True):
        if pad is None:
            uitkomst.bronnen.append(None)
            continue
        bron = Bron(pad.name, formaat, regelfouten(result, formaat, pad) if result.fouten else {})
        uitkomst.bronnen.append(bron)
        if bron.regelfouten:
            try:
                tabel = lees(pad)
            except TabelFout:
                continue  # gone or changed meanwhile: the messages alone must do
            bron.kolommen, bron.rijen = tabel.kolommen, dict(tabel.rijen)
    return uitkomst


# --- the pages ------------------------------------------------------------------------------


class _BestandRij(QWidget):
    """One file of the import: which layout, the file chosen and what Koers found in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.titel = bold(QLabel())
        self.pad = QLabel(self.tr("Nog geen bestand gekozen."))
        self.pad.setWordWrap(True)
        self.pad.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browse_button = QPushButton(self.tr("&Bladeren…"))
        self.weg_button = QPushButton(self.tr("Weghalen"))
        self.weg_button.setToolTip(self.tr("Dit bestand niet meenemen"))
        self.bezig = QProgressBar()
        self.bezig.setRange(0, 0)
        self.bezig.setTextVisible(False)
        self.bezig.setMaximumHeight(8)
        self.bezig.hide()
        self.info = make_hint(QLabel())
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.hide()
        self.fout = make_error_label("bestand")

        row = QHBoxLayout()
        row.addWidget(self.pad, 1)
        row.addWidget(self.browse_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.weg_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.titel)
        layout.addLayout(row)
        layout.addWidget(self.bezig)
        layout.addWidget(self.info)
        layout.addWidget(self.fout)

    def zet(self, formaat: Formaat, verplicht: bool, *, set_: bool) -> None:
        """Empty, for this layout."""
        if set_:
            soort = self.tr("verplicht") if verplicht else self.tr("optioneel")
            self.titel.setText(f"{formaat.titel} ({soort})")
        else:
            self.titel.setText(self.tr("Bestand"))
        self.weg_button.setVisible(not verplicht)
        self.weg_button.setEnabled(False)
        self.pad.setText(self.tr("Nog geen bestand gekozen."))
        self.toon_tabel(None)

    def toon_bezig(self, pad: Path) -> None:
        self.pad.setText(str(pad))
        self.info.hide()
        self.fout.hide()
        self.bezig.show()

    def toon_tabel(self, tabel: Tabel | None, fout: str = "") -> None:
        self.bezig.hide()
        self.info.setText(beschrijving(tabel) if tabel is not None and tabel.kolommen else "")
        self.info.setVisible(bool(self.info.text()))
        self.fout.setText(fout)
        self.fout.setVisible(bool(fout))


class BestandPage(QWidget):
    """What is imported, its file(s), and a saved mapping."""

    MAX_BESTANDEN = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.soort_combo = QComboBox()
        for soort in SOORTEN:
            self.soort_combo.addItem(soort.label)
        self.rijen = [_BestandRij() for _ in range(self.MAX_BESTANDEN)]

        self.koppeling = make_hint(QLabel())
        self.koppeling_button = QPushButton(self.tr("&Koppeling laden…"))
        self.koppeling_fout = make_error_label("koppeling")

        soort_row = QHBoxLayout()
        soort_row.addWidget(FieldLabel(self.tr("&Wat importeert u?"), self.soort_combo))
        soort_row.addWidget(self.soort_combo)
        soort_row.addStretch(1)
        koppeling_row = QHBoxLayout()
        koppeling_row.addWidget(self.koppeling, 1)
        koppeling_row.addWidget(self.koppeling_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addLayout(soort_row)
        layout.addSpacing(8)
        for rij in self.rijen:
            layout.addWidget(rij)
        layout.addSpacing(10)
        layout.addWidget(bold(QLabel(self.tr("Koppeling (optioneel)"))))
        layout.addLayout(koppeling_row)
        layout.addWidget(self.koppeling_fout)
        layout.addStretch(1)

    # The single file's widgets (the first row), as the page had them before sets.
    @property
    def pad(self) -> QLabel:
        return self.rijen[0].pad

    @property
    def browse_button(self) -> QPushButton:
        return self.rijen[0].browse_button

    @property
    def info(self) -> QLabel:
        return self.rijen[0].info

    @property
    def fout(self) -> QLabel:
        return self.rijen[0].fout

    def zet(self, soort: Soort) -> None:
        for i, rij in enumerate(self.rijen):
            rij.setVisible(i < len(soort.formaten))
            if i < len(soort.formaten):
                rij.zet(soort.formaten[i], soort.verplicht[i], set_=soort.set)


class _BronKeuze(QComboBox):
    """A combo in a table that leaves the mouse wheel to the table unless it has focus, so
    scrolling through the columns never changes a choice by accident."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class KoppelingTabel(QWidget):
    """The mapping of one file: per Koers column its source column, and a preview."""

    changed = Signal()
    NAAM, VERPLICHT, BRON, OMSCHRIJVING = range(4)

    def __init__(self, formaat: Formaat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.formaat = formaat
        self.tabel: Tabel | None = None
        self.bron: object = None  # what this tab was filled for (see ImportWizard._go)
        self.naam = ""  # the file's name
        # Koers column → {source value: code}: the loaded translations and the user's choices
        self._codes: dict[str, dict[str, str]] = {}
        self._alle: list[tuple[Kolom, str]] = []  # source values Koers does not know itself
        self._onbekend: list[tuple[Kolom, str]] = []  # … those listed under "Codes"

        self.table = QTableWidget(len(formaat.kolommen), 4)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kolom in Koers"),
                self.tr("Verplicht"),
                self.tr("Kolom in het bestand"),
                self.tr("Wat erin staat"),
            ]
        )
        self.table.setAccessibleName(
            self.tr("Koppeling van de kolommen: {titel}").format(titel=formaat.titel)
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from combo to combo
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(_BronKeuze().sizeHint().height() + 6)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((self.NAAM, 150), (self.VERPLICHT, 150), (self.BRON, 220)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        for row, kolom in enumerate(formaat.kolommen):
            naam = QTableWidgetItem(kolom.naam)
            naam.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, self.NAAM, naam)
            verplicht = QTableWidgetItem("")
            verplicht.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, self.VERPLICHT, verplicht)
            omschrijving = QTableWidgetItem(kolom.omschrijving)
            omschrijving.setToolTip(kolom.omschrijving)
            omschrijving.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, self.OMSCHRIJVING, omschrijving)

        self.problemen = make_error_label("koppeling")
        self.voorbeeld_model = RowsModel([self.tr("Regel"), *formaat.namen])
        self.voorbeeld = make_table(self.voorbeeld_model, self.tr("Voorbeeld"), (60,))
        self.voorbeeld.horizontalHeader().setStretchLastSection(False)
        self.voorbeeld.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        # Room for every preview line and a horizontal scroll bar: the preview never scrolls
        # vertically, the mapping above takes the rest of the height.
        self.voorbeeld.setFixedHeight(
            self.voorbeeld.horizontalHeader().sizeHint().height()
            + VOORBEELD_REGELS * self.voorbeeld.verticalHeader().defaultSectionSize()
            + self.voorbeeld.horizontalScrollBar().sizeHint().height()
            + 4
        )

        # Source values of code columns Koers does not recognise: the user says which code.
        self.codes = QWidget()
        self.codes_tabel = QTableWidget(0, 3)
        self.codes_tabel.setHorizontalHeaderLabels(
            [self.tr("Kolom in Koers"), self.tr("Waarde in het bestand"), self.tr("Code in Koers")]
        )
        self.codes_tabel.setAccessibleName(
            self.tr("Vertaling van de codes: {titel}").format(titel=formaat.titel)
        )
        self.codes_tabel.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.codes_tabel.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.codes_tabel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.codes_tabel.setTabKeyNavigation(False)
        self.codes_tabel.verticalHeader().hide()
        rij = _BronKeuze().sizeHint().height() + 6
        self.codes_tabel.verticalHeader().setDefaultSectionSize(rij)
        codes_header = self.codes_tabel.horizontalHeader()
        codes_header.setHighlightSections(False)
        codes_header.resizeSection(0, 150)
        codes_header.resizeSection(1, 220)
        codes_header.setStretchLastSection(True)
        self.codes_tabel.setMaximumHeight(codes_header.sizeHint().height() + CODES_REGELS * rij + 4)
        self._codes_rij = rij
        self.codes_meer = make_hint(QLabel())
        self.codes_meer.hide()
        self.codes_fout = make_error_label("codes")
        self.codes_fout.hide()
        codes_layout = QVBoxLayout(self.codes)
        codes_layout.setContentsMargins(0, 0, 0, 0)
        codes_layout.addWidget(bold(QLabel(self.tr("Codes"))))
        codes_layout.addWidget(
            make_hint(
                QLabel(
                    self.tr(
                        "Deze waarden in het bestand kent Koers niet. Kies bij elke waarde de "
                        "code in Koers; bewaar de koppeling, dan hoeft dat de volgende keer niet."
                    )
                )
            )
        )
        codes_layout.addWidget(self.codes_tabel)
        codes_layout.addWidget(self.codes_meer)
        codes_layout.addWidget(self.codes_fout)
        self.codes.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problemen)
        layout.addWidget(self.codes)
        layout.addWidget(
            bold(
                QLabel(self.tr("Voorbeeld: de eerste regels van het bestand zoals Koers ze leest"))
            )
        )
        layout.addWidget(self.voorbeeld)

    def combo(self, koers_kolom: str) -> QComboBox:
        return self.table.cellWidget(self.formaat.namen.index(koers_kolom), self.BRON)

    def combos(self) -> list[QComboBox]:
        return [self.combo(naam) for naam in self.formaat.namen]

    def code_combo(self, koers_kolom: str, waarde: str) -> QComboBox:
        """The choice of the code for an unknown source value (listed under "Codes")."""
        row = next(
            r for r, (k, w) in enumerate(self._onbekend) if (k.naam, w) == (koers_kolom, waarde)
        )
        return self.codes_tabel.cellWidget(row, 2)

    def code_combos(self) -> list[QComboBox]:
        return [self.codes_tabel.cellWidget(r, 2) for r in range(len(self._onbekend))]

    def onbekend(self) -> list[tuple[str, str]]:
        """The values listed under "Codes": (Koers column, source value)."""
        return [(kolom.naam, waarde) for kolom, waarde in self._onbekend]

    def vul(self, tabel: Tabel, koppeling: Koppeling, bron: object) -> None:
        """Start from this mapping for this file."""
        self.tabel, self.bron = tabel, bron
        self._codes = {k: dict(v) for k, v in koppeling.codes.items()}  # the loaded one stays
        self._alle, self._onbekend = [], []
        self.naam = tabel.naam
        bronkolommen = [k for k in tabel.kolommen if k.strip()]
        for row, kolom in enumerate(self.formaat.kolommen):
            combo = _BronKeuze()
            combo.setAccessibleName(kolom.naam)
            combo.addItem(self.tr("(niet gekoppeld)"), None)
            for naam in bronkolommen:
                combo.addItem(naam, naam)
            gekozen = koppeling.kolommen.get(kolom.naam)
            if gekozen is not None and gekozen not in bronkolommen:
                # Keep what the loaded mapping says, so the problem is shown, not hidden.
                combo.addItem(
                    self.tr("{kolom} (niet in het bestand)").format(kolom=gekozen), gekozen
                )
            combo.setCurrentIndex(max(combo.findData(gekozen), 0) if gekozen is not None else 0)
            combo.currentIndexChanged.connect(self._update)
            self.table.setCellWidget(row, self.BRON, combo)
        self._update()

    def koppeling(self) -> Koppeling:
        kolommen = {
            naam: bron
            for naam in self.formaat.namen
            if (bron := self.combo(naam).currentData()) is not None
        }
        codes = {k: dict(v) for k, v in self._codes.items() if v}
        return Koppeling(self.formaat.entiteit, kolommen, codes)

    def problems(self) -> list[str]:
        if self.tabel is None:
            return []
        return kopfouten(self.formaat, self.koppeling(), self.tabel.kolommen) + self.code_problems()

    def code_problems(self) -> list[str]:
        """Per code column with an unknown value that has no code chosen: what to do."""
        koppeling = self.koppeling()
        open_ = []
        for kolom, waarde in self._alle:  # those not listed too: a loaded mapping may know them
            if code(kolom, koppeling, waarde) is None and kolom.naam not in open_:
                open_.append(kolom.naam)
        return [
            self.tr("Kies bij elke onbekende waarde van '{kolom}' de code in Koers").format(
                kolom=naam
            )
            for naam in open_
        ]

    def _zoek_onbekend(self) -> list[tuple[Kolom, str]]:
        """Per mapped code column the distinct source values Koers does not recognise by
        themselves (not a code, not a label), in the order of the file."""
        assert self.tabel is not None
        kaal = Koppeling(self.formaat.entiteit)  # no translations: what Koers knows itself
        gevonden: list[tuple[Kolom, str]] = []
        rijen = self.tabel.als_dicts()
        for kolom in self.formaat.kolommen:
            bron = self.combo(kolom.naam).currentData()
            if kolom.codes is None or bron is None or bron not in self.tabel.kolommen:
                continue
            gezien: set[str] = set()
            for _regel, rij in rijen:
                waarde = (rij.get(bron) or "").strip()
                if not waarde or waarde in gezien:
                    continue
                gezien.add(waarde)
                if code(kolom, kaal, waarde) is None:
                    gevonden.append((kolom, waarde))
        return gevonden

    def _toon_codes(self) -> None:
        """List the unknown values again (the column mapping changed), each with its choice:
        the one made before or loaded, else "(kies)"."""
        self._alle = self._zoek_onbekend()
        self._onbekend = self._alle[:MAX_CODES]
        meer = len(self._alle) - len(self._onbekend)
        self.codes_tabel.setRowCount(0)
        self.codes_tabel.setRowCount(len(self._onbekend))
        # Every listed value visible without scrolling, up to CODES_REGELS (then it scrolls).
        zichtbaar = max(1, min(len(self._onbekend), CODES_REGELS))
        kop = self.codes_tabel.horizontalHeader().sizeHint().height()
        self.codes_tabel.setFixedHeight(kop + zichtbaar * self._codes_rij + 4)
        for row, (kolom, waarde) in enumerate(self._onbekend):
            assert kolom.codes is not None
            for column, tekst in ((0, kolom.naam), (1, waarde)):
                item = QTableWidgetItem(tekst)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(tekst)
                self.codes_tabel.setItem(row, column, item)
            combo = _BronKeuze()
            combo.setAccessibleName(
                self.tr("Code voor '{waarde}' in {kolom}").format(waarde=waarde, kolom=kolom.naam)
            )
            combo.addItem(self.tr("(kies)"), None)
            for lid in kolom.codes:
                combo.addItem(f"{lid.label} ({lid.value})", lid.value)
            gekozen = self._codes.get(kolom.naam, {}).get(waarde)
            combo.setCurrentIndex(max(combo.findData(gekozen), 0) if gekozen is not None else 0)
            combo.currentIndexChanged.connect(
                lambda _index, k=kolom.naam, w=waarde, c=combo: self._kies_code(k, w, c)
            )
            self.codes_tabel.setCellWidget(row, 2, combo)
        self.codes_meer.setText(
            self.tr(
                "En nog {n} andere onbekende waarden. Is de kolom goed gekoppeld? Anders: "
                "vertaal ze in een koppelingsbestand en laad dat."
            ).format(n=meer)
        )
        self.codes_meer.setVisible(bool(meer))
        self.codes.setVisible(bool(self._onbekend))
        # Tab goes from the column choices on to the code choices, then the preview.
        chain = [self.combos()[-1], *self.code_combos(), self.voorbeeld]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _kies_code(self, koers_kolom: str, waarde: str, combo: QComboBox) -> None:
        gekozen = combo.currentData()
        if gekozen is None:
            self._codes.get(koers_kolom, {}).pop(waarde, None)
        else:
            self._codes.setdefault(koers_kolom, {})[waarde] = gekozen
        self._toon_code_problemen()
        self.changed.emit()

    def _toon_code_problemen(self) -> None:
        problemen = self.code_problems()
        self.codes_fout.setText("\n".join(p + "." for p in problemen))
        self.codes_fout.setVisible(bool(problemen))

    @Slot()
    def _update(self) -> None:
        self._toon_codes()
        self._toon_code_problemen()
        koppeling = self.koppeling()
        for row, kolom in enumerate(self.formaat.kolommen):
            ontbreekt = kolom.verplicht and kolom.naam not in koppeling.kolommen
            item = self.table.item(row, self.VERPLICHT)
            if ontbreekt:
                item.setText(self.tr("ja, niet gekoppeld"))
                item.setForeground(QBrush(ERROR_COLOR))
            else:
                item.setText(self.tr("ja") if kolom.verplicht else "")
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
        problemen = kopfouten(self.formaat, koppeling, self.tabel.kolommen)
        if problemen:
            self.problemen.setText(
                self.tr("Zo kan Koers het bestand niet lezen:")
                + "\n"
                + bullets(_zin(p) + "." for p in problemen)
            )
        self.problemen.setVisible(bool(problemen))
        self._toon_voorbeeld(koppeling)
        self.changed.emit()

    def _toon_voorbeeld(self, koppeling: Koppeling) -> None:
        assert self.tabel is not None
        rijen = [
            [str(regel), *waarden(self.formaat, koppeling, rij).values()]
            for regel, rij in self.tabel.als_dicts()[:VOORBEELD_REGELS]
        ]
        self.voorbeeld_model.set_rows(rijen)
        for column, naam in enumerate(self.formaat.namen, start=1):
            self.voorbeeld.setColumnHidden(column, naam not in koppeling.kolommen)


class KoppelingPage(QWidget):
    """Per file (a tab each in a set) which source column feeds which Koers column, with a
    preview; the regievoerder for inwoners; saving the mappings."""

    changed = Signal()
    NAAM, VERPLICHT, BRON, OMSCHRIJVING = range(4)

    def __init__(self, medewerkers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delen: list[KoppelingTabel] = []  # the tabs shown, in the order of the files
        self._tabs: dict[tuple[int, str], KoppelingTabel] = {}  # (file, entiteit) → its tab
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)  # one file: no tab bar

        self.regievoerder_combo = QComboBox()
        self.regievoerder_combo.addItem(self.tr("Geen"), None)
        for gebruikersnaam, tekst in medewerkers:
            self.regievoerder_combo.addItem(tekst, gebruikersnaam)
        self.laad_button = QPushButton(self.tr("Koppeling &laden…"))
        self.bewaar_button = QPushButton(self.tr("Koppeling be&waren…"))
        self.bewaard = make_hint(QLabel())
        self.bewaard.hide()

        self.regievoerder_rij = QWidget()
        regievoerder = QHBoxLayout(self.regievoerder_rij)
        regievoerder.setContentsMargins(0, 0, 0, 0)
        regievoerder.addWidget(FieldLabel(self.tr("&Regievoerder"), self.regievoerder_combo))
        regievoerder.addWidget(self.regievoerder_combo)
        regievoerder.addWidget(
            make_hint(QLabel(self.tr("voor inwoners zonder regievoerder in het bestand"))), 1
        )
        onder = QHBoxLayout()
        onder.addWidget(self.regievoerder_rij, 1)
        onder.addStretch(0)
        onder.addWidget(self.laad_button)
        onder.addWidget(self.bewaar_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(onder)
        layout.addWidget(self.bewaard)

    # The first file's mapping, as the page had it before sets.
    @property
    def table(self) -> QTableWidget:
        return self.delen[0].table

    @property
    def problemen(self) -> QLabel:
        return self.delen[0].problemen

    @property
    def voorbeeld_model(self) -> RowsModel:
        return self.delen[0].voorbeeld_model

    @property
    def voorbeeld(self) -> QTableView:
        return self.delen[0].voorbeeld

    def combo(self, koers_kolom: str, deel: int = 0) -> QComboBox:
        return self.delen[deel].combo(koers_kolom)

    def deel(self, entiteit: str) -> KoppelingTabel:
        return next(d for d in self.delen if d.formaat.entiteit == entiteit)

    def toon(self, items: list[tuple[int, Formaat, Tabel, object]], maak) -> None:
        """Show a tab per file: (its place in the kind, layout, table, what it is filled for).
        A tab already filled for the same is kept as the user left it; `maak(formaat, tabel)`
        gives the mapping to start a new one from."""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        self.tabs.blockSignals(False)
        self.delen = []
        for i, formaat, tabel, bron in items:
            deel = self._tabs.get((i, formaat.entiteit))
            if deel is None:
                deel = self._tabs[(i, formaat.entiteit)] = KoppelingTabel(formaat)
                deel.changed.connect(self._update)
            if deel.bron != bron:
                deel.vul(tabel, maak(formaat, tabel), bron)
            self.tabs.addTab(deel, f"{formaat.titel}: {tabel.naam}")
            self.delen.append(deel)
        # The combos come first in the focus chain, then what is below the tabs.
        chain = [self.tabs]
        for deel in self.delen:
            chain += [deel.table, *deel.combos(), deel.voorbeeld]
        chain += [self.regievoerder_combo, self.laad_button, self.bewaar_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.bewaard.hide()
        self._update()

    def koppelingen(self) -> dict[str, Koppeling]:
        return {d.formaat.entiteit: d.koppeling() for d in self.delen}

    def regievoerder(self) -> str | None:
        if self.regievoerder_rij.isHidden():
            return None
        return self.regievoerder_combo.currentData()

    def problems(self) -> list[str]:
        return [p for d in self.delen for p in d.problems()]

    @Slot()
    def _update(self) -> None:
        for index, deel in enumerate(self.delen):
            titel = f"{deel.formaat.titel}: {deel.naam}"
            self.tabs.setTabText(index, f"⚠ {titel}" if deel.problems() else titel)
        self.changed.emit()

    @Slot()
    def bewaar(self) -> Path | None:
        if not self.delen:
            return None
        stam = Path(self.delen[0].naam).stem
        pad = files.choose_save_file(
            self,
            self.tr("Koppeling bewaren"),
            _map() / f"{stam}-koppeling.json",
            self.tr("Koppelingen (*.json)"),
        )
        if pad is None:
            return None
        if pad.suffix.lower() != ".json":
            pad = pad.with_name(f"{pad.name}.json")
        koppelingen = list(self.koppelingen().values())
        try:
            if len(koppelingen) == 1:
                koppelingen[0].bewaar(pad)
            else:  # a set: one file, a list with the mapping of each layout
                inhoud = [{"formaat": BESTANDSFORMAAT, "versie": 1, "entiteit": k.entiteit,
                           "kolommen": k.kolommen, "codes": k.codes}
                          for k in koppelingen]  # fmt: skip
                tekst = json.dumps(inhoud, ensure_ascii=False, indent=2)
                write_atomically(pad, tekst.encode("utf-8"))
        except OSError as error:
            show_domain_error(
                self,
                DomainError(
                    self.tr("De koppeling kan niet worden bewaard in {pad}: {reden}.").format(
                        pad=pad, reden=error.strerror or error
                    )
                ),
            )
            return None
        self.bewaard.setText(self.tr("Koppeling bewaard in {pad}.").format(pad=pad))
        self.bewaard.show()
        return pad


class _Voortgangsbalk(QWidget):
    """A status line, a progress bar and Annuleren: the running part of steps 3 and 4."""

    def __init__(self, annuleren: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balk = QProgressBar()
        self.annuleer_button = QPushButton(annuleren)
        balk_row = QHBoxLayout()
        balk_row.addWidget(self.balk, 1)
        balk_row.addWidget(self.annuleer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(balk_row)

    def start(self, tekst: str) -> None:
        self.status.setText(tekst)
        self.status.setStyleSheet("")
        self.balk.setRange(0, 0)  # busy until the service reports its first numbers
        self.balk.show()
        self.annuleer_button.show()
        self.annuleer_button.setEnabled(True)

    def stopt(self, tekst: str) -> None:
        self.status.setText(tekst)
        self.annuleer_button.setEnabled(False)

    def klaar(self, tekst: str, *, fout: bool = False) -> None:
        self.status.setText(tekst)
        self.status.setStyleSheet(ERROR_STYLE if fout else "")
        self.balk.hide()
        self.annuleer_button.hide()


class ControlePage(QWidget):
    """The dry run: its errors per line (and file), and the line an error is about."""

    BESTAND = 2  # the fouten table's column with the file's name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uitkomst: Uitkomst | None = None
        self._koppelingen: dict[str, Koppeling] = {}
        self.voortgang = _Voortgangsbalk(self.tr("Annuleren"))
        self.opnieuw_button = QPushButton(self.tr("Opnieuw &controleren"))

        self.fouten_model = RowsModel([self.tr("Regel"), self.tr("Fout"), self.tr("Bestand")])
        self.fouten_table = make_table(self.fouten_model, self.tr("Fouten"), (60,))
        self.fouten_table.setWordWrap(True)
        # The file comes first where there is a set of files (hidden otherwise).
        self.fouten_table.horizontalHeader().moveSection(self.BESTAND, 0)
        self.fouten_table.horizontalHeader().resizeSection(self.BESTAND, 130)
        self.detail_titel = bold(QLabel())
        self.detail_fouten = make_error_label("regel")
        self.detail_model = RowsModel(
            [self.tr("Kolom in het bestand"), self.tr("Kolom in Koers"), self.tr("Waarde")]
        )
        self.detail_table = make_table(self.detail_model, self.tr("De regel"), (140, 110))
        self.detail_leeg = make_hint(QLabel(self.tr("Kies een fout om de regel te zien.")))
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_leeg)
        detail_layout.addWidget(self.detail_titel)
        detail_layout.addWidget(self.detail_fouten)
        detail_layout.addWidget(self.detail_table, 1)
        self.fouten = QSplitter(Qt.Orientation.Horizontal)
        self.fouten.setChildrenCollapsible(False)
        self.fouten.addWidget(self.fouten_table)
        self.fouten.addWidget(detail)
        self.fouten.setStretchFactor(0, 3)
        self.fouten.setStretchFactor(1, 2)
        self.verslag_button = QPushButton(self.tr("&Foutenverslag opslaan…"))
        self.verslag = make_hint(
            QLabel(
                self.tr(
                    "Het foutenverslag is het bestand als Excel-werkmap met bij elke regel de "
                    "fout: verbeter de regels in het bestand en kies Opnieuw controleren."
                )
            )
        )

        # The user's explicit choice (issue 10): import the good lines of a file whose lines
        # stand on their own, and leave the lines with errors out.
        self.alleen_geldig = QCheckBox(
            self.tr("Alleen de &goede regels importeren; de regels met fouten worden overgeslagen")
        )
        self.alleen_geldig.hide()

        boven = QHBoxLayout()
        boven.addWidget(self.voortgang, 1)
        boven.addWidget(self.opnieuw_button, 0, Qt.AlignmentFlag.AlignTop)
        onder = QHBoxLayout()
        onder.addWidget(self.verslag, 1)
        onder.addWidget(self.verslag_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(boven)
        layout.addWidget(self.fouten, 1)
        layout.addWidget(self.alleen_geldig)
        layout.addLayout(onder)
        layout.addStretch(0)  # keeps a passed check at the top when the error part is hidden
        # Arrow keys move the current row; a click (or double-click) on it shows it too.
        self.fouten_table.selectionModel().currentRowChanged.connect(self._toon_regel)
        self.fouten_table.clicked.connect(self._toon_regel)
        self._toon_fouten(False)

    def _toon_fouten(self, zichtbaar: bool) -> None:
        for widget in (self.fouten, self.verslag_button, self.verslag):
            widget.setVisible(zichtbaar)

    def start(self, koppelingen: dict[str, Koppeling], *, set_: bool = False) -> None:
        self.uitkomst, self._koppelingen = None, koppelingen
        self.alleen_geldig.hide()
        self.fouten_table.setColumnHidden(self.BESTAND, not set_)
        self.verslag.setText(
            self.tr(
                "Het foutenverslag is elk bestand als Excel-werkblad met bij elke regel de fout: "
                "verbeter de regels in de bestanden en kies Opnieuw controleren."
            )
            if set_
            else self.tr(
                "Het foutenverslag is het bestand als Excel-werkmap met bij elke regel de "
                "fout: verbeter de regels in het bestand en kies Opnieuw controleren."
            )
        )
        self.fouten_model.set_rows([])
        self._toon_fouten(False)
        self.opnieuw_button.setEnabled(False)
        self.voortgang.start(
            self.tr("De bestanden worden gecontroleerd…")
            if set_
            else self.tr("Het bestand wordt gecontroleerd…")
        )

    def toon(self, uitkomst: Uitkomst) -> None:
        self.uitkomst = uitkomst
        result = uitkomst.result
        self.opnieuw_button.setEnabled(True)
        self.alleen_geldig.setChecked(False)
        self.alleen_geldig.setVisible(
            bool(result.fouten) and not uitkomst.soort.set and result.aantal > result.overgeslagen
        )
        if not result.fouten:
            self.voortgang.klaar(result.summary() + " " + self.tr("Kies Importeren."))
            self._toon_fouten(False)
            return
        aantal = len(result.fouten)
        self.voortgang.klaar(
            (
                self.tr("1 fout gevonden.")
                if aantal == 1
                else self.tr("{n} fouten gevonden.").format(n=aantal)
            )
            + " "
            + (
                self.tr("Er wordt niets geïmporteerd zolang de bestanden fouten hebben.")
                if uitkomst.soort.set
                else self.tr("Er wordt niets geïmporteerd zolang het bestand fouten heeft.")
            ),
            fout=True,
        )
        rijen, sleutels = [], []
        for tekst in result.fouten:
            if match := _REGEL.fullmatch(tekst):
                bestand, regel, melding = match.groups()
                rijen.append((regel, _zin(melding), bestand or ""))
                sleutels.append((bestand, int(regel)))
            else:
                rijen.append(("", _zin(tekst), ""))
                sleutels.append(None)
        tooltips = [(None, tekst, bestand) for _r, tekst, bestand in rijen]
        self.fouten_model.set_rows(rijen, sleutels, tooltips)
        self._toon_fouten(True)
        self._toon_regel(QModelIndex())

    def afgebroken(self) -> None:
        self.opnieuw_button.setEnabled(True)
        self.voortgang.klaar(self.tr("De controle is afgebroken."))

    def mislukt(self, tekst: str) -> None:
        self.opnieuw_button.setEnabled(True)
        self.voortgang.klaar(tekst, fout=True)

    @Slot(QModelIndex)
    def _toon_regel(self, index: QModelIndex) -> None:
        sleutel = index.data(KEY_ROLE) if index.isValid() else None
        naam, regel = sleutel if sleutel is not None else (None, None)
        uitkomst = self.uitkomst
        self.detail_leeg.setVisible(not index.isValid())
        self.detail_titel.setVisible(index.isValid())
        if not index.isValid() or uitkomst is None:
            self.detail_fouten.hide()
            self.detail_model.set_rows([])
            return
        bron = uitkomst.bron(naam) if sleutel is not None else None
        cellen = bron.rijen.get(regel) if bron is not None and regel is not None else None
        if cellen is None:
            self.detail_titel.setText(
                self.tr("{naam} als geheel").format(naam=naam)
                if naam
                else self.tr("Het bestand als geheel")
            )
        elif naam:
            self.detail_titel.setText(self.tr("Regel {n} van {naam}").format(n=regel, naam=naam))
        else:
            self.detail_titel.setText(self.tr("Regel {n} van het bestand").format(n=regel))
        meldingen = bron.regelfouten.get(regel, []) if bron is not None else []
        self.detail_fouten.setText(bullets(_zin(m) for m in meldingen))
        self.detail_fouten.setVisible(bool(meldingen))
        koers: dict[str, list[str]] = {}
        koppeling = self._koppelingen.get(bron.formaat.entiteit) if bron is not None else None
        for koers_kolom, bronkolom in (koppeling.kolommen if koppeling else {}).items():
            koers.setdefault(bronkolom, []).append(koers_kolom)
        rijen = []
        kolommen = bron.kolommen if bron is not None else []
        for i, waarde in enumerate(cellen or []):
            kolom = kolommen[i] if i < len(kolommen) else ""
            rijen.append(
                (
                    kolom or self.tr("(kolom {n})").format(n=i + 1),
                    ", ".join(koers.get(kolom, [])),
                    waarde,
                )
            )
        self.detail_model.set_rows(rijen)


class ImportPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voortgang = _Voortgangsbalk(self.tr("&Annuleren"))
        self.samenvatting = QLabel()
        self.samenvatting.setWordWrap(True)
        self.samenvatting.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.samenvatting.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.voortgang)
        layout.addWidget(self.samenvatting)
        layout.addStretch(1)

    def start(self, soort: Soort) -> None:
        self.samenvatting.hide()
        self.voortgang.start(self.tr("{wat} worden geïmporteerd…").format(wat=_zin(soort.woorden)))

    def klaar(self, result: ImportResult, soort: Soort) -> None:
        self.voortgang.klaar(self.tr("Klaar."))
        nog_eens = (
            self.tr(
                "Worden dezelfde bestanden nog eens geïmporteerd, dan slaat Koers {wat} over "
                "die er al zijn."
            )
            if soort.set
            else self.tr(
                "Wordt hetzelfde bestand nog eens geïmporteerd, dan slaat Koers {wat} over die "
                "er al zijn."
            )
        )
        self.samenvatting.setText(
            result.summary()
            + "\n\n"
            + self.tr("Wat nieuw is staat in de audittrail (reden: import).")
            + " "
            + nog_eens.format(wat=soort.woorden)
        )
        self.samenvatting.show()


# --- the wizard -----------------------------------------------------------------------------


class ImportWizard(QDialog):
    BESTAND, KOPPELING, CONTROLE, IMPORT = range(4)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.soort = SOORTEN[0]
        self.paden: list[Path | None] = []  # per layout of the kind: the file chosen
        self.tabellen: list[Tabel | None] = []  # … and what Koers read from it
        self._versies: list[int] = []  # per layout: bumped when its file changes
        self.geladen: dict[str, Koppeling] = {}  # mappings the user loaded, by entiteit
        self._geladen_versie = 0  # bumped on each load
        self.controle: Uitkomst | None = None
        self.resultaat: ImportResult | None = None  # of the real import
        self.token: int | None = None
        self._voortgang: _Voortgang | None = None
        self._dry_run = True
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

        with ctx.unit_of_work() as (session, _actor):
            medewerkers = [
                (m.gebruikersnaam, f"{m.naam} ({m.gebruikersnaam})")
                for m in list_medewerkers(session)
            ]

        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)

        self.bestand_page = BestandPage()
        self.koppeling_page = KoppelingPage(medewerkers)
        self.controle_page = ControlePage()
        self.controle_page.alleen_geldig.toggled.connect(lambda _aan: self._update_buttons())
        self.import_page = ImportPage()
        self.stack = QStackedWidget()
        for page in (self.bestand_page, self.koppeling_page, self.controle_page, self.import_page):
            self.stack.addWidget(page)

        frame = StepFrame(self, self.stack, close_text=self.tr("&Sluiten"),
                          below_title=[self.uitleg])  # fmt: skip
        self.stap, self.titel = frame.stap, frame.titel
        self.back_button, self.next_button = frame.back_button, frame.next_button
        self.close_button = frame.close_button
        for button in (self.back_button, self.next_button, self.close_button):
            button.setAutoDefault(False)
        self.setMinimumSize(900, 620)
        self.resize(980, 760)  # room for the mapping, the codes and the preview together

        self.bestand_page.soort_combo.currentIndexChanged.connect(self.kies_soort)
        for i, rij in enumerate(self.bestand_page.rijen):
            rij.browse_button.clicked.connect(lambda _c=False, i=i: self.kies_bestand(i))
            rij.weg_button.clicked.connect(lambda _c=False, i=i: self.haal_weg(i))
        self.bestand_page.koppeling_button.clicked.connect(self.laad_koppeling)
        self.koppeling_page.laad_button.clicked.connect(self.laad_koppeling)
        self.koppeling_page.bewaar_button.clicked.connect(self.koppeling_page.bewaar)
        self.koppeling_page.changed.connect(self._update_buttons)
        self.controle_page.opnieuw_button.clicked.connect(self.controleer)
        self.controle_page.verslag_button.clicked.connect(self.bewaar_verslag)
        self.controle_page.voortgang.annuleer_button.clicked.connect(self.annuleer)
        self.import_page.voortgang.annuleer_button.clicked.connect(self.annuleer)
        self.back_button.clicked.connect(self.terug)
        self.next_button.clicked.connect(self.volgende)
        self.close_button.clicked.connect(self.reject)
        self.kies_soort(0)

    # --- navigation -----------------------------------------------------------------------

    def stappen(self) -> list[tuple[str, str]]:
        return [
            (
                self.tr("Bestand kiezen"),
                (
                    self.tr(
                        "Kies wat u importeert en de bestanden: elk deel van de set een eigen "
                        "bestand, die samen worden gecontroleerd."
                    )
                    if self.soort.set
                    else self.tr("Kies wat u importeert en het bestand met {wat}.").format(
                        wat=self.soort.woorden
                    )
                )
                + " "
                + self.tr(
                    "Een bestand is een CSV-bestand (scheidingsteken ; , tab of |, tekenset UTF-8 "
                    "of Windows-1252) of een Excel-werkmap (.xlsx); de eerste regel bevat de "
                    "kolomnamen."
                ),
            ),
            (
                self.tr("Kolommen koppelen"),
                self.tr(
                    "Kies bij elke kolom van Koers de kolom uit het bestand. Koers heeft een "
                    "voorstel gedaan op grond van de kolomnamen: controleer het aan de hand van "
                    "het voorbeeld. Verplichte kolommen moeten gekoppeld zijn."
                ),
            ),
            (
                self.tr("Controleren"),
                self.tr(
                    "Koers controleert elke regel met dezelfde regels als de formulieren van "
                    "Koers{samen}. Er wordt nog niets opgeslagen."
                ).format(samen=self.tr(", de bestanden samen") if self.soort.set else ""),
            ),
            (
                self.tr("Importeren"),
                self.tr(
                    "Alles of niets: bij een fout of bij Annuleren wordt er niets geïmporteerd."
                ),
            ),
        ]

    def current(self) -> int:
        return self.stack.currentIndex()

    def _go(self, index: int, *, controleren: bool = True) -> None:
        titel, uitleg = self.stappen()[index]
        self.stap.setText(self.tr("Stap {n} van {totaal}").format(n=index + 1, totaal=4))
        self.titel.setText(titel)
        self.uitleg.setText(uitleg)
        self.stack.setCurrentIndex(index)
        if index == self.KOPPELING:
            self._toon_koppelingen()
        elif index == self.CONTROLE and controleren:
            self.controleer()
        elif index == self.IMPORT:
            self._start(dry_run=False)
        self._update_buttons()
        self._focus()

    def _focus(self) -> None:
        index = self.current()
        if index == self.KOPPELING:
            deel = self.koppeling_page.tabs.currentWidget()
            deel.combos()[0].setFocus()
        elif self.next_button.isVisible() and self.next_button.isEnabled():
            self.next_button.setFocus()
        elif index == self.BESTAND:
            self.bestand_page.browse_button.setFocus()
        elif index == self.CONTROLE and self.controle_page.fouten.isVisible():
            self.controle_page.fouten_table.setFocus()
        elif self.token is not None:
            self.stack.currentWidget().voortgang.annuleer_button.setFocus()
        else:
            self.close_button.setFocus()

    def is_complete(self) -> bool:
        index = self.current()
        if index == self.BESTAND:
            return self.token is None and all(
                tabel is not None if pad is not None or verplicht else True
                for pad, tabel, verplicht in zip(
                    self.paden, self.tabellen, self.soort.verplicht, strict=True
                )
            )
        if index == self.KOPPELING:
            return not self.koppeling_page.problems()
        if index == self.CONTROLE:
            gekozen = self.controle_page.alleen_geldig
            return self.controle is not None and (
                not self.controle.result.fouten
                or (gekozen.isVisibleTo(self.controle_page) and gekozen.isChecked())
            )
        return False

    @Slot()
    def _update_buttons(self) -> None:
        index, running = self.current(), self.token is not None
        self.back_button.setEnabled(
            index > self.BESTAND
            and not running
            and not (index == self.IMPORT and self.resultaat is not None)
        )
        self.next_button.setVisible(index < self.IMPORT)
        self.next_button.setText(
            self.tr("&Importeren") if index == self.CONTROLE else self.tr("&Volgende >")
        )
        self.next_button.setEnabled(not running and self.is_complete())
        self.close_button.setEnabled(not running)
        self.bestand_page.soort_combo.setEnabled(not running)
        for rij, pad in zip(self.bestand_page.rijen, self.paden, strict=False):
            rij.browse_button.setEnabled(not running)
            rij.weg_button.setEnabled(not running and pad is not None)
        # Enter goes on, or closes when all is done; never closes halfway by accident.
        self.next_button.setDefault(self.next_button.isEnabled() and index < self.IMPORT)
        self.close_button.setDefault(index == self.IMPORT and not running)

    @Slot()
    def volgende(self) -> None:
        if self.next_button.isEnabled() and self.next_button.isVisible():
            self._go(self.current() + 1)

    @Slot()
    def terug(self) -> None:
        if self.back_button.isEnabled():
            # Back from a stopped import is back to the check, which runs again.
            self._go(self.current() - 1, controleren=self.current() == self.IMPORT)

    def reject(self) -> None:
        # Escape or closing the window while a check or import runs stops it (rolled back);
        # the page then says what happened, so nothing ends without the user knowing.
        if self.token is not None and self._voortgang is not None:
            self.annuleer()
            return
        if self.token is not None:
            self._ctx.operations.cancel(self.token)  # reading a file: just drop the result
        super().reject()

    # --- step 1: what is imported, the file(s) and a saved mapping -------------------------

    @Slot(int)
    def kies_soort(self, index: int) -> None:
        """Start over with another kind of record: its files, no mapping loaded."""
        if self.token is not None:
            self._ctx.operations.cancel(self.token)  # a file still being read: drop it
            self.token = None
        self.soort = SOORTEN[index]
        if self.bestand_page.soort_combo.currentIndex() != index:
            self.bestand_page.soort_combo.setCurrentIndex(index)
        aantal = len(self.soort.formaten)
        self.paden, self.tabellen = [None] * aantal, [None] * aantal
        self._versies = [v + 1 for v in self._versies[:aantal]] + [0] * (
            aantal - len(self._versies[:aantal])
        )
        self.geladen = {}
        self.controle = self.resultaat = None
        self.setWindowTitle(self.soort.titel)
        self.bestand_page.zet(self.soort)
        self.bestand_page.koppeling_fout.hide()
        self._toon_geladen(None)
        self.koppeling_page.regievoerder_rij.setVisible(self.soort.formaten[0] == FORMAAT)
        self._go(self.BESTAND)

    @Slot()
    def kies_bestand(self, i: int = 0) -> None:
        formaat = self.soort.formaten[i]
        wat = formaat.titel.lower() if self.soort.set else self.soort.woorden.removeprefix("de ")
        pad = choose_open_file(
            self,
            self.tr("Bestand met {wat} kiezen").format(wat=wat),
            _map(),
            self.tr("CSV- of Excel-bestanden (*.csv *.txt *.xlsx);;Alle bestanden (*)"),
        )
        if pad is None:
            return
        MAP.set(str(pad.parent))
        self.lees_bestand(pad, i)

    def lees_bestand(self, pad: Path, i: int = 0) -> None:
        self.paden[i], self.tabellen[i] = pad, None
        self._versies[i] += 1
        versie = self._versies[i]
        self.bestand_page.rijen[i].toon_bezig(pad)
        # A large workbook takes seconds to read: off the GUI thread, like all long work.
        self.token = self._ctx.operations.run(
            lambda _session, _actor: lees(pad),
            owner=self,
            on_done=lambda tabel: self._gelezen(tabel, i, versie),
            on_error=lambda error: self._niet_gelezen(error, i, versie),
        )
        self._update_buttons()

    @Slot()
    def haal_weg(self, i: int) -> None:
        """An optional file of a set left out after all."""
        if self.token is not None or self.soort.verplicht[i]:
            return
        self.paden[i], self.tabellen[i] = None, None
        self._versies[i] += 1
        self.bestand_page.rijen[i].zet(self.soort.formaten[i], False, set_=self.soort.set)
        self._update_buttons()

    def _actueel(self, i: int, versie: int) -> bool:
        """A read that is still wanted: the same kind and file as when it started."""
        return i < len(self._versies) and self._versies[i] == versie

    def _gelezen(self, tabel: Tabel, i: int, versie: int) -> None:
        if not self._actueel(i, versie):
            return
        self.token = None
        fout = ""
        if not tabel.kolommen:
            fout = self.tr("{naam} is leeg. De eerste regel moet de kolomnamen bevatten.")
        elif not tabel.rijen and i == 0:
            # The parts of a set may be empty (plans without goals); the set itself not.
            fout = self.tr(
                "{naam} bevat alleen de kopregel: er zijn geen {wat} om te importeren."
            ).replace("{wat}", self.soort.woorden.removeprefix("de "))
        else:
            self.tabellen[i] = tabel
        self.bestand_page.rijen[i].toon_tabel(tabel, fout.format(naam=tabel.naam))
        self._update_buttons()
        self._focus()

    def _niet_gelezen(self, error: BaseException, i: int, versie: int) -> None:
        if not self._actueel(i, versie):
            return
        self.token = None
        rij = self.bestand_page.rijen[i]
        if isinstance(error, DomainError):
            rij.toon_tabel(None, error.message)
        else:
            rij.toon_tabel(None, self.tr("Het bestand kan niet worden gelezen."))
            report_error(self, error)
        self._update_buttons()
        self._focus()

    @Slot()
    def laad_koppeling(self) -> None:
        pad = choose_open_file(
            self,
            self.tr("Koppeling laden"),
            _map(),
            self.tr("Koppelingen (*.json);;Alle bestanden (*)"),
        )
        if pad is None:
            return
        page = self.bestand_page
        entiteiten = [f.entiteit for f in self.soort.formaten]
        try:
            koppelingen = [k for k in lees_koppeling(pad) if k.entiteit in entiteiten]
        except DomainError as error:
            koppelingen, fout = [], error.message
        else:
            fout = self.tr("{pad} bevat geen koppeling voor {wat}.").format(
                pad=pad, wat=self.soort.woorden.removeprefix("de ")
            )
        page.koppeling_fout.setText("" if koppelingen else fout)
        page.koppeling_fout.setVisible(not koppelingen)
        if not koppelingen:
            if self.current() == self.KOPPELING:
                show_domain_error(self, DomainError(fout))
            return
        # Every layout the file has a mapping for takes it; the others keep theirs.
        self.geladen.update({k.entiteit: k for k in koppelingen})
        self._geladen_versie += 1
        self._toon_geladen(pad, koppelingen)
        if self.current() == self.KOPPELING:
            self._toon_koppelingen()
            self._update_buttons()

    def _toon_geladen(self, pad: Path | None, koppelingen: list[Koppeling] = ()) -> None:
        label = self.bestand_page.koppeling
        if pad is None:
            label.setText(
                self.tr(
                    "Geen koppeling geladen: Koers stelt er een voor op grond van de "
                    "kolomnamen. Hebt u eerder een koppeling bewaard voor dit soort bestand, "
                    "laad die dan."
                )
            )
            return
        n = sum(len(k.kolommen) for k in koppelingen)
        if self.soort.set:
            titels = ", ".join(
                f.titel.lower() for f in self.soort.formaten if f.entiteit in self.geladen
            )
            tekst = self.tr("Koppeling geladen uit {pad} voor {titels}: {n} kolommen gekoppeld.")
            label.setText(tekst.format(pad=pad, titels=titels, n=n))
        else:
            tekst = self.tr("Koppeling geladen uit {pad}: {n} kolommen gekoppeld.")
            label.setText(tekst.format(pad=pad, n=n))

    # --- step 2: the mappings ---------------------------------------------------------------

    def _toon_koppelingen(self) -> None:
        """A tab per file read; one filled before for the same file and the same loaded
        mapping keeps what the user chose there."""
        items = []
        for i, (formaat, tabel) in enumerate(zip(self.soort.formaten, self.tabellen, strict=True)):
            if tabel is not None:
                geladen = self._geladen_versie if formaat.entiteit in self.geladen else 0
                items.append((i, formaat, tabel, (self._versies[i], geladen)))

        def maak(formaat: Formaat, tabel: Tabel) -> Koppeling:
            return self.geladen.get(formaat.entiteit) or voorstel(formaat, tabel.kolommen)

        self.koppeling_page.toon(items, maak)

    # --- steps 3 and 4: checking and importing --------------------------------------------

    @Slot()
    def controleer(self) -> None:
        self._start(dry_run=True)

    def _start(self, *, dry_run: bool) -> None:
        assert self.paden[0] is not None and self.token is None
        soort, paden, voortgang = self.soort, list(self.paden), _Voortgang()
        koppelingen = self.koppeling_page.koppelingen()
        regievoerder = self.koppeling_page.regievoerder()
        gekozen = self.controle_page.alleen_geldig
        alleen_geldig = not dry_run and gekozen.isVisibleTo(self.controle_page) and \
            gekozen.isChecked()  # fmt: skip

        def work(session: Session, actor: Medewerker) -> Uitkomst:
            return importeer(
                session,
                actor,
                soort=soort,
                paden=paden,
                koppelingen=koppelingen,
                regievoerder=regievoerder,
                dry_run=dry_run,
                voortgang=voortgang,
                alleen_geldig=alleen_geldig,
            )

        self._voortgang, self._dry_run = voortgang, dry_run
        if dry_run:
            self.controle = None
            self.controle_page.start(koppelingen, set_=soort.set)
        else:
            self.resultaat = None
            self.import_page.start(soort)
        self.token = self._ctx.operations.run(
            work, owner=self, on_done=self._klaar, on_error=self._mislukt
        )
        self._timer.start()
        self._update_buttons()

    def _balk(self) -> _Voortgangsbalk:
        page = self.controle_page if self._dry_run else self.import_page
        return page.voortgang

    @Slot()
    def _poll(self) -> None:
        voortgang = self._voortgang
        if voortgang is None or not voortgang.total:
            return
        # Checking and writing count as one each (in every import service): a check is half.
        total = voortgang.total // 2 if self._dry_run else voortgang.total
        self._balk().balk.setRange(0, total)
        self._balk().balk.setValue(min(voortgang.done, total))

    @Slot()
    def annuleer(self) -> None:
        if self.token is None or self._voortgang is None:
            return
        self._voortgang.cancel.set()
        self._balk().stopt(self.tr("Bezig met stoppen…"))

    def _einde(self) -> None:
        self._timer.stop()
        self.token, self._voortgang = None, None

    def _klaar(self, uitkomst: Uitkomst) -> None:
        self._einde()
        if self._dry_run:
            self.controle = uitkomst
            self.controle_page.toon(uitkomst)
        elif uitkomst.result.fouten and not uitkomst.result.geimporteerd:
            # The file changed after the check: show its errors the way the check does.
            self.controle = uitkomst
            self._go(self.CONTROLE, controleren=False)
            self.controle_page.toon(uitkomst)
        else:
            self.resultaat = uitkomst.result
            self.import_page.klaar(uitkomst.result, uitkomst.soort)
            self._ctx.changes.notify(uitkomst.soort.signaal, None)
        self._update_buttons()
        self._focus()

    def _mislukt(self, error: BaseException) -> None:
        self._einde()
        niets = "" if self._dry_run else " " + self.tr("Er is niets geïmporteerd.")
        if isinstance(error, Cancelled):
            if self._dry_run:
                self.controle_page.afgebroken()
            else:
                self._balk().klaar(self.tr("Het importeren is afgebroken.") + niets)
        elif isinstance(error, DomainError):
            tekst = self.tr("Niet gelukt: {melding}").format(melding=error.message) + niets
            self._fout(tekst)
        else:
            self._fout(self.tr("Er ging iets onverwachts mis.") + niets)
            report_error(self, error)
        self._update_buttons()
        self._focus()

    def _fout(self, tekst: str) -> None:
        if self._dry_run:
            self.controle_page.mislukt(tekst)
        else:
            self._balk().klaar(tekst, fout=True)

    @Slot()
    def bewaar_verslag(self) -> None:
        uitkomst = self.controle
        if uitkomst is None or uitkomst.paden[0] is None or self.token is not None:
            return
        soort, paden = uitkomst.soort, uitkomst.paden
        if soort.verslag_map:  # a report per file, named after it: they go in a folder
            pad = files.choose_directory(self, self.tr("Map voor de foutenverslagen"), _map())
        else:
            pad = files.choose_save_file(
                self,
                self.tr("Foutenverslag opslaan"),
                _map() / f"{paden[0].stem}-fouten.xlsx",
                self.tr("Excel-werkmappen (*.xlsx)"),
            )
            if pad is not None and pad.suffix.lower() != ".xlsx":
                pad = pad.with_name(f"{pad.name}.xlsx")
        if pad is None:
            return
        melding = self.tr("Het foutenverslag kan niet worden opgeslagen in {pad}: {reden}.")

        def work(_session: Session, _actor: Medewerker) -> list[Path]:
            try:
                return soort.verslag(pad, paden, uitkomst.result)
            except OSError as error:
                reden = error.strerror or str(error)
                raise DomainError(melding.format(pad=pad, reden=reden)) from None

        def klaar(geschreven: list[Path]) -> None:
            if len(geschreven) == 1:
                tekst = self.tr("Het foutenverslag staat in {pad}.").format(pad=geschreven[0])
            else:
                tekst = self.tr("De foutenverslagen staan in {map}: {namen}.").format(
                    map=pad, namen=", ".join(p.name for p in geschreven)
                )
            show_info(self, self.tr("Foutenverslag opgeslagen"), tekst)

        self._ctx.operations.run(
            work,
            owner=self,
            on_done=klaar,
            progress_text=self.tr("Foutenverslag opslaan…"),
        )


def mag_importeren(ctx: UiContext) -> bool:
    """The import adds records for the whole organisation: a task for the functioneel
    beheerder (who may also export everyone), not for a coach with a caseload. Every import
    service asks for this right too."""
    return ctx.mag(Gegeven.VERHUIZING, Recht.WIJZIGEN)


def open_import_wizard(ctx: UiContext, parent: QWidget | None = None) -> ImportWizard:
    wizard = ImportWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def import_action(ctx: UiContext, parent: QObject) -> QAction:
    """The menu action "Gegevens importeren…" (for a functioneel beheerder only); the wizard
    imports the other kinds of record too."""
    action = QAction(parent.tr("Gegevens &importeren…"), parent)
    action.setShortcut("Ctrl+Shift+I")
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setEnabled(mag_importeren(ctx))
    action.setVisible(action.isEnabled())
    widget = parent if isinstance(parent, QWidget) else None
    action.triggered.connect(lambda: open_import_wizard(ctx, widget))
    return action
