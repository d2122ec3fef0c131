"""The import wizard: inwoners from another system's CSV or XLSX file, run by a functioneel
beheerder without a developer (Bestand → Inwoners importeren…, Ctrl+Shift+I).

Four steps in one dialog:

1. Bestand kiezen — the file is read in the background and the page says what Koers found
   (character set, separator, rows, columns). A saved mapping (JSON) can be loaded.
2. Kolommen koppelen — per Koers column the source column: Koers' suggestion from the column
   names, or the loaded mapping. The first rows show how Koers will read them. A required column
   without a source blocks the next step; the mapping can be saved for the next export.
3. Controleren — a dry run of the import (rolled back). Errors per line in a table, the chosen
   line's cells beside it, and an XLSX error report to fix the file in a spreadsheet. Only a
   file without errors can be imported.
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
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QBrush, QColor, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models import Medewerker
from app.services.errors import DomainError
from app.services.importverslag import ImportResult, schrijf_foutenverslag
from app.services.inwoner_import import FORMAAT, import_inwoners
from app.services.koppeling import Koppeling, kopfouten, lees_koppeling, voorstel, waarden
from app.services.medewerkers import get_by_username, list_medewerkers
from app.services.rechten import Gegeven, Recht
from app.services.tabellen import Tabel, TabelFout, lees
from app.ui import files, settings, signals
from app.ui.context import UiContext
from app.ui.errors import show_domain_error, show_info
from app.ui.operations import Cancelled, report_error
from app.ui.table import KEY_ROLE, RowsModel, make_table
from app.ui.widgets import ERROR_STYLE, FieldLabel, bold, bullets, make_error_label, make_hint

POLL_MS = 100
VOORBEELD_REGELS = 5
# The folder of the last file chosen: an export usually comes back to the same place.
MAP: settings.Setting[str] = settings.Setting("import/map", str, "")
_REGEL = re.compile(r"regel (\d+): (.*)", re.DOTALL)
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
class Uitkomst:
    """A check or an import, with the file's lines that have errors (to show them)."""

    result: ImportResult
    kolommen: list[str] = field(default_factory=list)
    rijen: dict[int, list[str]] = field(default_factory=dict)


def importeer(
    session: Session,
    actor: Medewerker,
    *,
    path: Path,
    koppeling: Koppeling,
    regievoerder: str | None,
    dry_run: bool,
    voortgang: _Voortgang,
) -> Uitkomst:
    coach = get_by_username(session, regievoerder) if regievoerder else None
    result = import_inwoners(
        session,
        actor=actor,
        path=path,
        dry_run=dry_run,
        regievoerder=coach,
        koppeling=koppeling,
        voortgang=voortgang,
    )
    if result.fouten or dry_run:
        # The caller owns the transaction: a check or a refused file adds nothing.
        session.rollback()
    uitkomst = Uitkomst(result)
    if result.regelfouten:
        try:
            tabel = lees(path)
        except TabelFout:
            return uitkomst  # gone or changed meanwhile: the messages alone must do
        uitkomst.kolommen, uitkomst.rijen = tabel.kolommen, dict(tabel.rijen)
    return uitkomst


# --- the pages ------------------------------------------------------------------------------


class BestandPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pad = QLabel(self.tr("Nog geen bestand gekozen."))
        self.pad.setWordWrap(True)
        self.pad.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browse_button = QPushButton(self.tr("&Bladeren…"))
        self.bezig = QProgressBar()
        self.bezig.setRange(0, 0)
        self.bezig.setTextVisible(False)
        self.bezig.setMaximumHeight(8)
        self.bezig.hide()
        self.info = make_hint(QLabel())
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.hide()
        self.fout = make_error_label("bestand")

        self.koppeling = make_hint(
            QLabel(
                self.tr(
                    "Geen koppeling geladen: Koers stelt er een voor op grond van de "
                    "kolomnamen. Hebt u eerder een koppeling bewaard voor dit soort bestand, "
                    "laad die dan."
                )
            )
        )
        self.koppeling_button = QPushButton(self.tr("&Koppeling laden…"))
        self.koppeling_fout = make_error_label("koppeling")

        bestand_row = QHBoxLayout()
        bestand_row.addWidget(self.pad, 1)
        bestand_row.addWidget(self.browse_button, 0, Qt.AlignmentFlag.AlignTop)
        koppeling_row = QHBoxLayout()
        koppeling_row.addWidget(self.koppeling, 1)
        koppeling_row.addWidget(self.koppeling_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(bold(QLabel(self.tr("Bestand"))))
        layout.addLayout(bestand_row)
        layout.addWidget(self.bezig)
        layout.addWidget(self.info)
        layout.addWidget(self.fout)
        layout.addSpacing(16)
        layout.addWidget(bold(QLabel(self.tr("Koppeling (optioneel)"))))
        layout.addLayout(koppeling_row)
        layout.addWidget(self.koppeling_fout)
        layout.addStretch(1)

    def toon_bezig(self, pad: Path) -> None:
        self.pad.setText(str(pad))
        self.info.hide()
        self.fout.hide()
        self.bezig.show()
        self.browse_button.setEnabled(False)

    def toon_tabel(self, tabel: Tabel | None, fout: str = "") -> None:
        self.bezig.hide()
        self.browse_button.setEnabled(True)
        self.info.setText(beschrijving(tabel) if tabel is not None and tabel.kolommen else "")
        self.info.setVisible(bool(self.info.text()))
        self.fout.setText(fout)
        self.fout.setVisible(bool(fout))


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


class KoppelingPage(QWidget):
    """Which source column feeds which Koers column, a preview, and the regievoerder."""

    changed = Signal()
    NAAM, VERPLICHT, BRON, OMSCHRIJVING = range(4)

    def __init__(self, medewerkers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabel: Tabel | None = None
        self.bron = 0  # the wizard's source version this page was filled for
        self._codes: dict[str, dict[str, str]] = {}

        self.table = QTableWidget(len(FORMAAT.kolommen), 4)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kolom in Koers"),
                self.tr("Verplicht"),
                self.tr("Kolom in het bestand"),
                self.tr("Wat erin staat"),
            ]
        )
        self.table.setAccessibleName(self.tr("Koppeling van de kolommen"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from combo to combo
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(_BronKeuze().sizeHint().height() + 6)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((self.NAAM, 130), (self.VERPLICHT, 150), (self.BRON, 220)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        for row, kolom in enumerate(FORMAAT.kolommen):
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
        self.voorbeeld_model = RowsModel([self.tr("Regel"), *FORMAAT.namen])
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

        self.regievoerder_combo = QComboBox()
        self.regievoerder_combo.addItem(self.tr("Geen"), None)
        for gebruikersnaam, tekst in medewerkers:
            self.regievoerder_combo.addItem(tekst, gebruikersnaam)
        self.bewaar_button = QPushButton(self.tr("Koppeling be&waren…"))
        self.bewaard = make_hint(QLabel())
        self.bewaard.hide()

        onder = QHBoxLayout()
        onder.addWidget(FieldLabel(self.tr("&Regievoerder"), self.regievoerder_combo))
        onder.addWidget(self.regievoerder_combo)
        onder.addWidget(
            make_hint(QLabel(self.tr("voor inwoners zonder regievoerder in het bestand"))), 1
        )
        onder.addWidget(self.bewaar_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problemen)
        layout.addWidget(
            bold(
                QLabel(self.tr("Voorbeeld: de eerste regels van het bestand zoals Koers ze leest"))
            )
        )
        layout.addWidget(self.voorbeeld)
        layout.addLayout(onder)
        layout.addWidget(self.bewaard)
        self.bewaar_button.clicked.connect(self.bewaar)

    def combo(self, koers_kolom: str) -> QComboBox:
        return self.table.cellWidget(FORMAAT.namen.index(koers_kolom), self.BRON)

    def vul(self, tabel: Tabel, koppeling: Koppeling, bron: int) -> None:
        """Start from this mapping for this file."""
        self.tabel, self.bron, self._codes = tabel, bron, koppeling.codes
        bronkolommen = [k for k in tabel.kolommen if k.strip()]
        combos = []
        for row, kolom in enumerate(FORMAAT.kolommen):
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
            combos.append(combo)
        # Combos made now would come last in the focus chain: put them where the table is.
        chain = [self.table, *combos, self.voorbeeld, self.regievoerder_combo, self.bewaar_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.bewaard.hide()
        self._update()

    def koppeling(self) -> Koppeling:
        kolommen = {
            naam: bron
            for naam in FORMAAT.namen
            if (bron := self.combo(naam).currentData()) is not None
        }
        return Koppeling(FORMAAT.entiteit, kolommen, self._codes)

    def regievoerder(self) -> str | None:
        return self.regievoerder_combo.currentData()

    def problems(self) -> list[str]:
        if self.tabel is None:
            return []
        return kopfouten(FORMAAT, self.koppeling(), self.tabel.kolommen)

    @Slot()
    def _update(self) -> None:
        koppeling = self.koppeling()
        for row, kolom in enumerate(FORMAAT.kolommen):
            ontbreekt = kolom.verplicht and kolom.naam not in koppeling.kolommen
            item = self.table.item(row, self.VERPLICHT)
            if ontbreekt:
                item.setText(self.tr("ja, niet gekoppeld"))
                item.setForeground(QBrush(ERROR_COLOR))
            else:
                item.setText(self.tr("ja") if kolom.verplicht else "")
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
        problemen = self.problems()
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
            [str(regel), *waarden(FORMAAT, koppeling, rij).values()]
            for regel, rij in self.tabel.als_dicts()[:VOORBEELD_REGELS]
        ]
        self.voorbeeld_model.set_rows(rijen)
        for column, naam in enumerate(FORMAAT.namen, start=1):
            self.voorbeeld.setColumnHidden(column, naam not in koppeling.kolommen)

    @Slot()
    def bewaar(self) -> Path | None:
        assert self.tabel is not None
        voorstel_pad = _map() / f"{Path(self.tabel.naam).stem}-koppeling.json"
        pad = files.choose_save_file(
            self, self.tr("Koppeling bewaren"), voorstel_pad, self.tr("Koppelingen (*.json)")
        )
        if pad is None:
            return None
        if pad.suffix.lower() != ".json":
            pad = pad.with_name(f"{pad.name}.json")
        try:
            self.koppeling().bewaar(pad)
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
    """The dry run: its errors per line, and the line an error is about."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uitkomst: Uitkomst | None = None
        self._koppeling = Koppeling(FORMAAT.entiteit)
        self.voortgang = _Voortgangsbalk(self.tr("Annuleren"))
        self.opnieuw_button = QPushButton(self.tr("Opnieuw &controleren"))

        self.fouten_model = RowsModel([self.tr("Regel"), self.tr("Fout")])
        self.fouten_table = make_table(self.fouten_model, self.tr("Fouten"), (60,))
        self.fouten_table.setWordWrap(True)
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

        boven = QHBoxLayout()
        boven.addWidget(self.voortgang, 1)
        boven.addWidget(self.opnieuw_button, 0, Qt.AlignmentFlag.AlignTop)
        onder = QHBoxLayout()
        onder.addWidget(self.verslag, 1)
        onder.addWidget(self.verslag_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(boven)
        layout.addWidget(self.fouten, 1)
        layout.addLayout(onder)
        layout.addStretch(0)  # keeps a passed check at the top when the error part is hidden
        # Arrow keys move the current row; a click (or double-click) on it shows it too.
        self.fouten_table.selectionModel().currentRowChanged.connect(self._toon_regel)
        self.fouten_table.clicked.connect(self._toon_regel)
        self._toon_fouten(False)

    def _toon_fouten(self, zichtbaar: bool) -> None:
        for widget in (self.fouten, self.verslag_button, self.verslag):
            widget.setVisible(zichtbaar)

    def start(self, koppeling: Koppeling) -> None:
        self.uitkomst, self._koppeling = None, koppeling
        self.fouten_model.set_rows([])
        self._toon_fouten(False)
        self.opnieuw_button.setEnabled(False)
        self.voortgang.start(self.tr("Het bestand wordt gecontroleerd…"))

    def toon(self, uitkomst: Uitkomst) -> None:
        self.uitkomst = uitkomst
        result = uitkomst.result
        self.opnieuw_button.setEnabled(True)
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
            + self.tr("Er wordt niets geïmporteerd zolang het bestand fouten heeft."),
            fout=True,
        )
        rijen, sleutels = [], []
        for tekst in result.fouten:
            if match := _REGEL.fullmatch(tekst):
                rijen.append((match[1], _zin(match[2])))
                sleutels.append(int(match[1]))
            else:
                rijen.append(("", _zin(tekst)))
                sleutels.append(None)
        self.fouten_model.set_rows(rijen, sleutels, [(None, tekst) for _r, tekst in rijen])
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
        regel = index.data(KEY_ROLE) if index.isValid() else None
        uitkomst = self.uitkomst
        self.detail_leeg.setVisible(not index.isValid())
        self.detail_titel.setVisible(index.isValid())
        if not index.isValid() or uitkomst is None:
            self.detail_fouten.hide()
            self.detail_model.set_rows([])
            return
        cellen = uitkomst.rijen.get(regel) if regel is not None else None
        if cellen is None:
            self.detail_titel.setText(self.tr("Het bestand als geheel"))
        else:
            self.detail_titel.setText(self.tr("Regel {n} van het bestand").format(n=regel))
        meldingen = uitkomst.result.regelfouten.get(regel, []) if regel is not None else []
        self.detail_fouten.setText(bullets(_zin(m) for m in meldingen))
        self.detail_fouten.setVisible(bool(meldingen))
        koers: dict[str, list[str]] = {}
        for naam, bron in self._koppeling.kolommen.items():
            koers.setdefault(bron, []).append(naam)
        rijen = []
        for i, waarde in enumerate(cellen or []):
            kolom = uitkomst.kolommen[i] if i < len(uitkomst.kolommen) else ""
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

    def start(self) -> None:
        self.samenvatting.hide()
        self.voortgang.start(self.tr("De inwoners worden geïmporteerd…"))

    def klaar(self, result: ImportResult) -> None:
        self.voortgang.klaar(self.tr("Klaar."))
        self.samenvatting.setText(
            result.summary()
            + "\n\n"
            + self.tr(
                "Elke nieuwe inwoner staat in de audittrail (reden: import). Wordt hetzelfde "
                "bestand nog eens geïmporteerd, dan slaat Koers de inwoners over die er al zijn."
            )
        )
        self.samenvatting.show()


# --- the wizard -----------------------------------------------------------------------------


class ImportWizard(QDialog):
    BESTAND, KOPPELING, CONTROLE, IMPORT = range(4)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.path: Path | None = None
        self.tabel: Tabel | None = None
        self.geladen: Koppeling | None = None  # a mapping the user loaded
        self.controle: Uitkomst | None = None
        self.resultaat: ImportResult | None = None  # of the real import
        self.token: int | None = None
        self._voortgang: _Voortgang | None = None
        self._dry_run = True
        self._bron = 0  # bumped when the file or the loaded mapping changes
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

        with ctx.unit_of_work() as (session, _actor):
            medewerkers = [
                (m.gebruikersnaam, f"{m.naam} ({m.gebruikersnaam})")
                for m in list_medewerkers(session)
            ]

        self.setWindowTitle(self.tr("Inwoners importeren"))
        self.stap = make_hint(QLabel())
        self.titel = bold(QLabel(), 1.3)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        lijn = QFrame()
        lijn.setFrameShape(QFrame.Shape.HLine)
        lijn.setFrameShadow(QFrame.Shadow.Sunken)

        self.bestand_page = BestandPage()
        self.koppeling_page = KoppelingPage(medewerkers)
        self.controle_page = ControlePage()
        self.import_page = ImportPage()
        self.stack = QStackedWidget()
        for page in (self.bestand_page, self.koppeling_page, self.controle_page, self.import_page):
            self.stack.addWidget(page)

        self.back_button = QPushButton(self.tr("< &Terug"))
        self.next_button = QPushButton(self.tr("&Volgende >"))
        self.close_button = QPushButton(self.tr("&Sluiten"))
        for button in (self.back_button, self.next_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stap)
        layout.addWidget(self.titel)
        layout.addWidget(self.uitleg)
        layout.addWidget(lijn)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.setMinimumSize(900, 620)

        self.bestand_page.browse_button.clicked.connect(self.kies_bestand)
        self.bestand_page.koppeling_button.clicked.connect(self.laad_koppeling)
        self.koppeling_page.changed.connect(self._update_buttons)
        self.controle_page.opnieuw_button.clicked.connect(self.controleer)
        self.controle_page.verslag_button.clicked.connect(self.bewaar_verslag)
        self.controle_page.voortgang.annuleer_button.clicked.connect(self.annuleer)
        self.import_page.voortgang.annuleer_button.clicked.connect(self.annuleer)
        self.back_button.clicked.connect(self.terug)
        self.next_button.clicked.connect(self.volgende)
        self.close_button.clicked.connect(self.reject)
        self._go(self.BESTAND)

    # --- navigation -----------------------------------------------------------------------

    def stappen(self) -> list[tuple[str, str]]:
        return [
            (
                self.tr("Bestand kiezen"),
                self.tr(
                    "Kies het bestand met de inwoners: een CSV-bestand (scheidingsteken ; , tab "
                    "of |, tekenset UTF-8 of Windows-1252) of een Excel-werkmap (.xlsx). De "
                    "eerste regel bevat de kolomnamen."
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
                    "Koers controleert elke regel met dezelfde regels als het inwonerformulier. Er "
                    "wordt nog niets opgeslagen."
                ),
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
        if index == self.KOPPELING and self.koppeling_page.bron != self._bron:
            assert self.tabel is not None
            koppeling = self.geladen or voorstel(FORMAAT, self.tabel.kolommen)
            self.koppeling_page.vul(self.tabel, koppeling, self._bron)
        elif index == self.CONTROLE and controleren:
            self.controleer()
        elif index == self.IMPORT:
            self._start(dry_run=False)
        self._update_buttons()
        self._focus()

    def _focus(self) -> None:
        index = self.current()
        if index == self.KOPPELING:
            self.koppeling_page.combo(FORMAAT.namen[0]).setFocus()
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
            return self.tabel is not None
        if index == self.KOPPELING:
            return not self.koppeling_page.problems()
        if index == self.CONTROLE:
            return self.controle is not None and not self.controle.result.fouten
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

    # --- step 1: the file and a saved mapping ---------------------------------------------

    @Slot()
    def kies_bestand(self) -> None:
        pad = choose_open_file(
            self,
            self.tr("Bestand met inwoners kiezen"),
            _map(),
            self.tr("CSV- of Excel-bestanden (*.csv *.txt *.xlsx);;Alle bestanden (*)"),
        )
        if pad is None:
            return
        MAP.set(str(pad.parent))
        self.lees_bestand(pad)

    def lees_bestand(self, pad: Path) -> None:
        self.path, self.tabel = pad, None
        self._bron += 1
        self.bestand_page.toon_bezig(pad)
        # A large workbook takes seconds to read: off the GUI thread, like all long work.
        self.token = self._ctx.operations.run(
            lambda _session, _actor: lees(pad),
            owner=self,
            on_done=self._gelezen,
            on_error=self._niet_gelezen,
        )
        self._update_buttons()

    def _gelezen(self, tabel: Tabel) -> None:
        self.token = None
        fout = ""
        if not tabel.kolommen:
            fout = self.tr("{naam} is leeg. De eerste regel moet de kolomnamen bevatten.")
        elif not tabel.rijen:
            fout = self.tr(
                "{naam} bevat alleen de kopregel: er zijn geen inwoners om te importeren."
            )
        else:
            self.tabel = tabel
        self.bestand_page.toon_tabel(tabel, fout.format(naam=tabel.naam))
        self._update_buttons()
        self._focus()

    def _niet_gelezen(self, error: BaseException) -> None:
        self.token = None
        if isinstance(error, DomainError):
            self.bestand_page.toon_tabel(None, error.message)
        else:
            self.bestand_page.toon_tabel(None, self.tr("Het bestand kan niet worden gelezen."))
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
        try:
            koppelingen = [k for k in lees_koppeling(pad) if k.entiteit == FORMAAT.entiteit]
        except DomainError as error:
            koppelingen, fout = [], error.message
        else:
            fout = self.tr("{pad} bevat geen koppeling voor inwoners.").format(pad=pad)
        page.koppeling_fout.setText("" if koppelingen else fout)
        page.koppeling_fout.setVisible(not koppelingen)
        if not koppelingen:
            return
        self.geladen = koppelingen[0]
        self._bron += 1
        page.koppeling.setText(
            self.tr("Koppeling geladen uit {pad}: {n} kolommen gekoppeld.").format(
                pad=pad, n=len(self.geladen.kolommen)
            )
        )

    # --- steps 3 and 4: checking and importing --------------------------------------------

    @Slot()
    def controleer(self) -> None:
        self._start(dry_run=True)

    def _start(self, *, dry_run: bool) -> None:
        assert self.path is not None and self.token is None
        path, voortgang = self.path, _Voortgang()
        koppeling = self.koppeling_page.koppeling()
        regievoerder = self.koppeling_page.regievoerder()

        def work(session: Session, actor: Medewerker) -> Uitkomst:
            return importeer(
                session,
                actor,
                path=path,
                koppeling=koppeling,
                regievoerder=regievoerder,
                dry_run=dry_run,
                voortgang=voortgang,
            )

        self._voortgang, self._dry_run = voortgang, dry_run
        if dry_run:
            self.controle = None
            self.controle_page.start(koppeling)
        else:
            self.resultaat = None
            self.import_page.start()
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
        # Checking and writing count as one each (see import_inwoners): a check is half.
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
        elif uitkomst.result.fouten:
            # The file changed after the check: show its errors the way the check does.
            self.controle = uitkomst
            self._go(self.CONTROLE, controleren=False)
            self.controle_page.toon(uitkomst)
        else:
            self.resultaat = uitkomst.result
            self.import_page.klaar(uitkomst.result)
            self._ctx.changes.notify(signals.INWONER, None)
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
        uitkomst, bron = self.controle, self.path
        if uitkomst is None or bron is None or self.token is not None:
            return
        pad = files.choose_save_file(
            self,
            self.tr("Foutenverslag opslaan"),
            _map() / f"{bron.stem}-fouten.xlsx",
            self.tr("Excel-werkmappen (*.xlsx)"),
        )
        if pad is None:
            return
        if pad.suffix.lower() != ".xlsx":
            pad = pad.with_name(f"{pad.name}.xlsx")
        melding = self.tr("Het foutenverslag kan niet worden opgeslagen in {pad}: {reden}.")

        def work(_session: Session, _actor: Medewerker) -> Path:
            try:
                schrijf_foutenverslag(pad, bron, uitkomst.result)
            except OSError as error:
                reden = error.strerror or str(error)
                raise DomainError(melding.format(pad=pad, reden=reden)) from None
            return pad

        self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda pad: show_info(
                self,
                self.tr("Foutenverslag opgeslagen"),
                self.tr("Het foutenverslag staat in {pad}.").format(pad=pad),
            ),
            progress_text=self.tr("Foutenverslag opslaan…"),
        )


def mag_importeren(ctx: UiContext) -> bool:
    """The import adds inwoners for the whole organisation: a task for the functioneel
    beheerder (who may also export everyone), not for a coach with a caseload."""
    return ctx.mag(Gegeven.VERHUIZING, Recht.WIJZIGEN)


def open_import_wizard(ctx: UiContext, parent: QWidget | None = None) -> ImportWizard:
    wizard = ImportWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def import_action(ctx: UiContext, parent: QObject) -> QAction:
    """The menu action "Inwoners importeren…" (for a functioneel beheerder only)."""
    action = QAction(parent.tr("Inwoners &importeren…"), parent)
    action.setShortcut("Ctrl+Shift+I")
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setEnabled(mag_importeren(ctx))
    action.setVisible(action.isEnabled())
    widget = parent if isinstance(parent, QWidget) else None
    action.triggered.connect(lambda: open_import_wizard(ctx, widget))
    return action
