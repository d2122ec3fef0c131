"""The Gemeenterapport page of the Rapportages section (issue 8 item 4): the periodic report to
one municipality (app.services.gemeenterapport) for a period, previewed on screen, with the
short explanations a team lead writes per section, saved as PDF or Excel.

The preview is compact: per section of the report its KPIs (code, name, value, last year,
target) in the number format of the KPI page and the paper (grafieken), the caseload counts,
and per section a multi-line explanation field with who last changed it and a character
counter. Sections follow the report: the schuldhulp section (and its explanation) only appears
when the report contains it, i.e. for who may read debt data.

Only a team lead saves explanations (Ctrl+S saves every changed field in one transaction, so
either all or none are stored); others read them, with a line saying so. Refusals land next to
the field (ValidationError.errors). When someone else saved a field in between (ConflictError)
nothing is stored: a message says so, the user's own text goes to the clipboard and the page
reloads with the stored text in that field (the other unsaved fields keep their edits).

Unsaved explanations are never dropped silently: choosing another gemeente or period, or
closing the window, first asks. Reloading the same report (F5, or a change elsewhere) keeps
them. "PDF opslaan…" and "Excel opslaan…" ask for a file name, make the report afresh and
write it atomically in the background (so the file holds the stored explanations), then offer
to open it.
"""

from __future__ import annotations

import html
import itertools
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models import Rol
from app.services.errors import ConflictError, DomainError, ValidationError
from app.services.gemeenten import list_gemeenten
from app.services.gemeenterapport import (
    ALGEMEEN,
    CASELOAD,
    MAX_TOELICHTING,
    ONDERDELEN,
    OVERIGE,
    TOELICHTINGEN,
    Gemeenterapport,
    Toelichting,
    bewaar_toelichting,
    gemeenterapport,
    schrijf_pdf,
    schrijf_xlsx,
)
from app.services.getallen import getal
from app.services.periodes import Periode, periode
from app.services.text import format_date
from app.ui import files, settings
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error
from app.ui.operations import report_error
from app.ui.rapportage_kpi import REFRESH_KINDS, KpiModel, huidige_periode, teller_noemer
from app.ui.refresh import RefreshWhenShown
from app.ui.table import AnyIndex, RowsModel, make_table
from app.ui.widgets import (
    ERROR_STYLE,
    HINT_STYLE,
    FieldLabel,
    bold,
    fit_height,
    make_error_label,
    make_hint,
    select_data,
    with_mnemonic,
)

GEMEENTE: settings.Setting[str] = settings.Setting("rapportages/gemeenterapport_gemeente", str, "")
LOAD_KEY = "rapportages/gemeenterapport"
# Code, KPI (stretches), Waarde, Vorig jaar, Doel.
KPI_WIDTHS = (55, 300, 120, 120, 110)
# The order of the page (and of the PDF): the general explanation, the sections, the caseload.
VOLGORDE = (ALGEMEEN, *(o.sleutel for o in ONDERDELEN), OVERIGE.sleutel, CASELOAD)
# Letters taken elsewhere while the page is on screen: the menu bar (Bestand, Ga naar, Dossier,
# Help), the section's tabs (Caseload, KPI's, Gemeenterapport) and the page's own fields and
# buttons (Periode, geMeente, Ophalen, Toelichting opslaan, pdF, Excel).
BEZET = frozenset("BGDHCKRPMOTFE")


def _tr(text: str) -> str:
    return QCoreApplication.translate("GemeenterapportPane", text)


def tekens(n: int) -> str:
    return getal(n)  # 2.000, the Dutch way


class NietOpgeslagen(Exception):
    """Raised in the save worker (so its transaction is rolled back, storing nothing) when a
    field was refused (`fouten`, by section key) or changed by someone else (`conflicten`)."""

    def __init__(self, fouten: dict[str, str], conflicten: list[str], melding: str) -> None:
        super().__init__(melding or "; ".join(fouten.values()))
        self.fouten = fouten
        self.conflicten = conflicten
        self.melding = melding


class VoorbeeldKpiModel(KpiModel):
    """The KPI page's model (the same texts) without its click-through hints: the definition
    is the name's tooltip, teller and noemer the value's."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        u = self.uitkomst(index.row()) if index.isValid() else None
        if u is not None and role == Qt.ItemDataRole.ToolTipRole:
            if index.column() in (self.CODE, self.NAAM):
                return "<p>" + html.escape(u.kpi.definitie) + "</p>"
            if index.column() == self.WAARDE:
                return teller_noemer(u, u.kpi.soort, u.kpi.eenheid) or None
            return None
        return super().data(index, role)


class AantallenModel(RowsModel):
    """The caseload counts: Onderdeel, Aantal (right-aligned), the definition as tooltip."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def _compact_table(model, name: str, widths=(), *, stretch: int = 1) -> QTableView:
    """A table exactly as tall as its rows (the page scrolls, not the table); the column
    `stretch` takes the room that is left."""
    table = make_table(model, name, widths)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class ToelichtingVeld(QWidget):
    """The explanation of one section: the text, who last changed it, a character counter and
    its message. `toelichting` is what was stored when the text was loaded: its version goes
    back to the service on saving, so a change by someone else in between is noticed."""

    changed = Signal()

    def __init__(self, sleutel: str, *, mag_schrijven: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.sleutel = sleutel
        self.toelichting: Toelichting | None = None
        self.mag_schrijven = mag_schrijven
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"toelichting_{sleutel}")
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(
            _tr("Toelichting: {onderdeel}").format(onderdeel=TOELICHTINGEN[sleutel])
        )
        regel = self.edit.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(5 * regel + 14)  # longer texts scroll inside the field
        self.edit.setReadOnly(not mag_schrijven)
        self.edit.setPlaceholderText(
            _tr("Korte toelichting op deze cijfers voor de gemeente (hoogstens {max} tekens)")
            .format(max=tekens(MAX_TOELICHTING)) if mag_schrijven
            else _tr("Geen toelichting ingevuld.")
        )  # fmt: skip
        self.door = make_hint(QLabel())
        self.teller = QLabel()
        self.teller.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.teller.setVisible(mag_schrijven)
        self.fout = make_error_label(f"toelichting_{sleutel}")

        onder = QHBoxLayout()
        onder.setContentsMargins(0, 0, 0, 0)
        onder.addWidget(self.door, 1)
        onder.addWidget(self.teller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addLayout(onder)
        layout.addWidget(self.fout)
        self.edit.textChanged.connect(self._on_text_changed)
        self._update()

    def tekst(self) -> str:
        return self.edit.toPlainText()

    def opgeslagen_tekst(self) -> str:
        return self.toelichting.tekst if self.toelichting is not None else ""

    def versie(self) -> int | None:
        return self.toelichting.versie if self.toelichting is not None else None

    def is_modified(self) -> bool:
        return self.tekst() != self.opgeslagen_tekst()

    def set_toelichting(self, toelichting: Toelichting | None, *, keep_edit: bool = False) -> None:
        """Show the stored explanation; `keep_edit`: keep the typed text and the version it
        was started from (a reload of the same report)."""
        if keep_edit and self.is_modified():
            self._update()
            return
        self.toelichting = toelichting
        if self.tekst() != self.opgeslagen_tekst():
            self.edit.setPlainText(self.opgeslagen_tekst())
        self.set_fout(None)
        self._update()

    def set_fout(self, message: str | None) -> None:
        self.fout.setText(message or "")
        self.fout.setVisible(bool(message))
        self.edit.setAccessibleDescription(message or "")

    def fout_text(self) -> str:
        return self.fout.text() if not self.fout.isHidden() else ""

    @Slot()
    def _on_text_changed(self) -> None:
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        t, modified = self.toelichting, self.is_modified()
        if t is None:
            door = _tr("Nog niet opgeslagen.") if modified else _tr("Nog geen toelichting.")
        else:
            door = _tr("Laatst gewijzigd door {wie}").format(wie=t.ondertekening)
            if modified:
                door += " · " + _tr("gewijzigd, nog niet opgeslagen")
        self.door.setText(door)
        n = len(self.tekst())
        te_veel = n > MAX_TOELICHTING
        tekst = _tr("{n} van {max} tekens").format(n=tekens(n), max=tekens(MAX_TOELICHTING))
        if te_veel:
            tekst += " · " + _tr("{n} te veel").format(n=tekens(n - MAX_TOELICHTING))
        self.teller.setText(tekst)
        self.teller.setStyleSheet(ERROR_STYLE if te_veel else HINT_STYLE)


class Onderdeelblok(QWidget):
    """One section of the preview: its heading (the field's label), its figures and its
    explanation field."""

    def __init__(self, sleutel: str, kop: str, veld: ToelichtingVeld, *, tabel: QTableView | None,
                 uitleg: str = "", parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.sleutel = sleutel
        self.veld = veld
        self.tabel = tabel
        self.kop_tekst = kop  # with its mnemonic; the page puts the section's number before it
        self.kop = bold(FieldLabel(kop, veld.edit), 1.1)
        self.uitleg = make_hint(QLabel(uitleg))
        self.uitleg.setVisible(bool(uitleg))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.kop)
        layout.addWidget(self.uitleg)
        if tabel is not None:
            layout.addWidget(tabel)
            layout.addSpacing(4)
            layout.addWidget(QLabel(_tr("Toelichting:")))
        layout.addWidget(veld)


class GemeenterapportPane(RefreshWhenShown, QWidget):
    """The Gemeenterapport page (see the module)."""

    loaded = Signal()
    modified_changed = Signal(bool)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:  # fmt: skip
        super().__init__(parent)
        self._ctx = ctx
        self._token: int | None = None
        self._save_token: int | None = None
        self._export_token: int | None = None
        self._modified = False
        self._verwerp: set[str] = set()  # reload these fields from what is stored
        self._window_filtered: QWidget | None = None
        self.rapport: Gemeenterapport | None = None
        self.last_export: Path | None = None
        self.mag_schrijven = Rol.TEAMLEIDER in ctx.actor_rollen

        self.periode_edit = QLineEdit(huidige_periode(today()))
        self.periode_edit.setMaximumWidth(190)
        self.periode_edit.setToolTip(
            self.tr(
                "Een jaar (2026), een viermaandsperiode (2026-T1 … 2026-T3), cumulatief vanaf "
                "1 januari (2026-2M, 2026-5M, 2026-8M) of twee datums (2026-03-01..2026-06-30)"
            )
        )
        self.periode_edit.returnPressed.connect(self.refresh)
        self.periode_edit.textEdited.connect(lambda _t: self.set_periode_fout(None))
        self.periode_fout = make_error_label("periode")
        self.gemeente = QComboBox()
        self.gemeente.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.load_gemeenten()
        self.gemeente.currentIndexChanged.connect(self._on_gemeente_changed)
        self.ophalen_button = QPushButton(self.tr("&Ophalen"))
        self.ophalen_button.setToolTip(self.tr("De rapportage voor deze gemeente en periode "
                                               "ophalen (F5)"))  # fmt: skip
        self.ophalen_button.clicked.connect(self.refresh)
        self.refresh_action = QAction(self.tr("Ophalen"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)

        bar = QHBoxLayout()
        bar.addWidget(FieldLabel(self.tr("&Periode:"), self.periode_edit))
        bar.addWidget(self.periode_edit)
        bar.addSpacing(12)
        bar.addWidget(FieldLabel(self.tr("Ge&meente:"), self.gemeente))
        bar.addWidget(self.gemeente)
        bar.addSpacing(12)
        bar.addWidget(self.ophalen_button)
        bar.addStretch(1)

        self.alleen_lezen = make_hint(QLabel(self.tr(
            "U kunt de toelichtingen lezen; alleen een teamleider vult ze in.")))  # fmt: skip
        self.alleen_lezen.setVisible(not self.mag_schrijven)

        # The preview: a heading, then one block per explanation field in the report's order.
        self.titel = bold(QLabel(self.tr("Laden…")), 1.25)
        self.titel.setWordWrap(True)
        self.ondertitel = make_hint(QLabel())
        self.ondertitel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.velden: dict[str, ToelichtingVeld] = {}
        self.kpi_models: dict[str, VoorbeeldKpiModel] = {}
        self.blokken: dict[str, Onderdeelblok] = {}
        self.caseload_model = AantallenModel([self.tr("Onderdeel"), self.tr("Aantal")], self)
        used = set(BEZET)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.titel)
        content_layout.addWidget(self.ondertitel)
        for sleutel in VOLGORDE:
            veld = ToelichtingVeld(sleutel, mag_schrijven=self.mag_schrijven)
            veld.changed.connect(self._on_field_changed)
            self.velden[sleutel] = veld
            tabel: QTableView | None = None
            uitleg = ""
            if sleutel == ALGEMEEN:
                uitleg = self.tr("Staat vooraan in het rapport, onder de gegevens van de "
                                 "rapportage.")  # fmt: skip
            elif sleutel == CASELOAD:
                tabel = _compact_table(self.caseload_model, self.tr("Caseload"), (300, 120),
                                       stretch=0)  # fmt: skip
            else:
                model = VoorbeeldKpiModel(self)
                self.kpi_models[sleutel] = model
                tabel = _compact_table(model, TOELICHTINGEN[sleutel], KPI_WIDTHS)
                tabel.setColumnHidden(KpiModel.DEFINITIE, True)
            blok = Onderdeelblok(sleutel, with_mnemonic(TOELICHTINGEN[sleutel], used), veld,
                                 tabel=tabel, uitleg=uitleg)  # fmt: skip
            blok.hide()
            self.blokken[sleutel] = blok
            content_layout.addWidget(blok)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        content.installEventFilter(self)

        self.save_button = QPushButton(self.tr("&Toelichting opslaan"))
        self.save_button.setToolTip(self.tr("De gewijzigde toelichtingen opslaan (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.mag_schrijven)
        self.save_action = QAction(self.tr("Toelichting opslaan"), self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.pdf_button = QPushButton(self.tr("PD&F opslaan…"))
        self.pdf_button.setToolTip(self.tr("De rapportage als PDF opslaan: cijfers, grafieken "
                                           "en toelichtingen"))  # fmt: skip
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.excel_button = QPushButton(self.tr("&Excel opslaan…"))
        self.excel_button.setToolTip(self.tr("De rapportage als Excel-werkmap opslaan, met "
                                             "dezelfde tabellen als de PDF"))  # fmt: skip
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        for button in (self.ophalen_button, self.save_button, self.pdf_button, self.excel_button):
            button.setAutoDefault(False)
        self.status = make_hint(QLabel())
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        knoppen = QHBoxLayout()
        knoppen.addWidget(self.save_button)
        knoppen.addWidget(self.pdf_button)
        knoppen.addWidget(self.excel_button)
        knoppen.addSpacing(12)
        knoppen.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.periode_fout)
        layout.addWidget(self.alleen_lezen)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(knoppen)

        order: list[QWidget] = [self.periode_edit, self.gemeente, self.ophalen_button]
        for blok in self.blokken.values():
            order += [*([blok.tabel] if blok.tabel is not None else []), blok.veld.edit]
        order += [self.save_button, self.pdf_button, self.excel_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._init_refresh(self.reload, stale=True)
        ctx.changes.changed.connect(self._on_changed)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        self._update_buttons()

    # --- choices --------------------------------------------------------------------------

    def load_gemeenten(self) -> None:
        """Today's municipalities; the one chosen last time is chosen again."""
        with self._ctx.unit_of_work() as (session, _actor):
            gemeenten = [(g.id, g.naam) for g in list_gemeenten(session)]
        current = self.gemeente.currentData()
        if current is None and GEMEENTE.get():
            try:
                current = uuid.UUID(GEMEENTE.get())
            except ValueError:
                current = None
        self.gemeente.blockSignals(True)
        self.gemeente.clear()
        for gemeente_id, naam in gemeenten:
            self.gemeente.addItem(naam, gemeente_id)
        select_data(self.gemeente, current)
        self.gemeente.blockSignals(False)

    def set_periode_fout(self, message: str | None) -> None:
        self.periode_fout.setText(message or "")
        self.periode_fout.setVisible(bool(message))
        self.periode_edit.setAccessibleDescription(message or "")

    def periode_fout_text(self) -> str:
        return self.periode_fout.text() if not self.periode_fout.isHidden() else ""

    def select_gemeente(self, naam: str) -> None:
        self.gemeente.setCurrentIndex(self.gemeente.findText(naam))

    @Slot()
    def _on_gemeente_changed(self) -> None:
        self.refresh()

    def _restore_choices(self) -> None:
        """Put the choices of the report on screen back (after "no, keep my text")."""
        if self.rapport is None:
            return
        self.gemeente.blockSignals(True)
        select_data(self.gemeente, self.rapport.gemeente_id)
        self.gemeente.blockSignals(False)
        self.periode_edit.setText(self.rapport.periode.naam)
        self.set_periode_fout(None)

    # --- unsaved explanations -------------------------------------------------------------

    def zichtbare_velden(self) -> list[ToelichtingVeld]:
        return [b.veld for b in self.blokken.values() if not b.isHidden()]

    def is_modified(self) -> bool:
        return any(v.is_modified() for v in self.zichtbare_velden())

    def discard_changes(self) -> None:
        """Forget what was typed: every field shows what is stored."""
        for veld in self.velden.values():
            veld.set_toelichting(veld.toelichting)
        self._on_field_changed()

    def confirm_discard(self, vraag: str, *, yes: str) -> bool:
        """No unsaved explanations, or the user agreed to drop them."""
        if not self.is_modified():
            return True
        self.bring_to_front()
        naam = f"{self.rapport.gemeente} {self.rapport.periode.naam}" if self.rapport else ""
        tekst = self.tr("De toelichting bij de rapportage {naam} is gewijzigd maar nog niet "
                        "opgeslagen.").format(naam=naam) + " " + vraag  # fmt: skip
        if ask(self, self.tr("Toelichting niet opgeslagen"), tekst, yes=yes,
               no=self.tr("Annuleren")):  # fmt: skip
            self.discard_changes()
            return True
        return False

    def bring_to_front(self) -> None:
        """Make this page the one on screen in every tab widget it is in."""
        chain: list[QWidget] = [self]
        while (parent := chain[-1].parentWidget()) is not None:
            chain.append(parent)
        for i, widget in enumerate(chain):
            if isinstance(widget, QTabWidget):
                for child in chain[:i]:
                    if widget.indexOf(child) >= 0:
                        widget.setCurrentWidget(child)
                        break

    @Slot()
    def _on_field_changed(self) -> None:
        modified = self.is_modified()
        self._update_buttons()
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # --- loading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Fetch the report for the gemeente and period chosen; a period that is not one gets
        its message at the field. Another report than the one shown first asks about unsaved
        explanations."""
        self._refreshed()
        try:
            p = periode(self.periode_edit.text())
        except ValidationError as error:
            self.set_periode_fout(error.errors.get("periode", error.message))
            self.periode_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        gemeente_id = self.gemeente.currentData()
        if gemeente_id is None:
            return
        r = self.rapport
        ander = r is not None and (gemeente_id, p.naam) != (r.gemeente_id, r.periode.naam)
        vraag = self.tr("Wijzigingen verwerpen en een andere rapportage ophalen?")
        if ander and not self.confirm_discard(vraag, yes=self.tr("Verwerpen")):
            self._restore_choices()
            return
        self.set_periode_fout(None)
        self.periode_edit.setText(p.naam)
        GEMEENTE.set(str(gemeente_id))
        self._load(gemeente_id, p)

    @Slot()
    def reload(self) -> None:
        """The report shown, again (figures refreshed, unsaved explanations kept)."""
        self._refresh_timer.stop()
        if self.rapport is None:
            self.refresh()
        else:
            self._stale = False
            self._load(self.rapport.gemeente_id, self.rapport.periode)

    def _load(self, gemeente_id: uuid.UUID, p: Periode) -> None:
        if self.rapport is None:
            self.titel.setText(self.tr("Laden…"))
        self._token = self._ctx.operations.run(
            lambda session, actor: gemeenterapport(session, actor=actor, gemeente_id=gemeente_id,
                                                   periode=p),
            owner=self,
            on_done=self._show,
            on_error=self._on_error,
            key=LOAD_KEY,
            progress_text=self.tr("Rapportage ophalen…"),
        )  # fmt: skip

    def is_loading(self) -> bool:
        tokens = (self._token, self._save_token, self._export_token)
        return self._refresh_timer.isActive() or any(
            t is not None and self._ctx.operations.is_running(t) for t in tokens
        )

    def _show(self, rapport: Gemeenterapport) -> None:
        vorige = self.rapport
        zelfde = vorige is not None and (vorige.gemeente_id, vorige.periode.naam) == (
            rapport.gemeente_id, rapport.periode.naam)  # fmt: skip
        self.rapport = rapport
        self._restore_choices()
        teksten: dict[str, Toelichting | None] = {ALGEMEEN: rapport.toelichting}
        for sectie in rapport.secties:
            teksten[sectie.sleutel] = sectie.toelichting
            self.kpi_models[sectie.sleutel].set_uitkomsten(list(sectie.kpis))
            fit_height(self.blokken[sectie.sleutel].tabel, len(sectie.kpis),
                       maximum=max(len(sectie.kpis), 1))  # fmt: skip
        if rapport.caseload is not None:
            c = rapport.caseload
            teksten[CASELOAD] = c.toelichting
            self.caseload_model.set_rows([(t.naam, getal(t.aantal)) for t in c.tellingen],
                                         [t.sleutel for t in c.tellingen],
                                         [(t.definitie, "") for t in c.tellingen])  # fmt: skip
            fit_height(self.blokken[CASELOAD].tabel, len(c.tellingen),
                       maximum=max(len(c.tellingen), 1))  # fmt: skip
            self.blokken[CASELOAD].uitleg.setText(
                self.tr("Stand op {datum}: de actieve inwoners met {gemeente} als betalende "
                        "gemeente binnen uw bereik.").format(
                    datum=format_date(c.peildatum), gemeente=rapport.gemeente))  # fmt: skip
            self.blokken[CASELOAD].uitleg.show()
        nummer = 0  # the sections and the caseload are numbered as in the PDF
        for sleutel, blok in self.blokken.items():
            aanwezig = sleutel in teksten
            blok.setVisible(aanwezig)
            keep = zelfde and aanwezig and sleutel not in self._verwerp
            blok.veld.set_toelichting(teksten.get(sleutel), keep_edit=keep)
            if aanwezig and sleutel != ALGEMEEN:
                nummer += 1
                blok.kop.setText(f"{nummer}. {blok.kop_tekst}")
        self._verwerp.clear()
        vorig = rapport.vorig_jaar
        self.titel.setText(self.tr("Rapportage aan de gemeente {gemeente}").format(
            gemeente=rapport.gemeente))  # fmt: skip
        self.ondertitel.setText(self.tr(
            "{periode}, vergeleken met dezelfde periode vorig jaar ({van} t/m {tot}). Een doel "
            "staat er alleen waar het voor dit jaar is ingesteld; “–”: niets te tellen.").format(
            periode=str(rapport.periode), van=format_date(vorig.van),
            tot=format_date(vorig.tot)))  # fmt: skip
        self._on_field_changed()
        self.loaded.emit()

    def _on_error(self, error: BaseException) -> None:
        if self.rapport is None:
            self.titel.setText(self.tr("De rapportage kon niet worden opgehaald."))
        report_error(self, error)

    # --- saving the explanations ----------------------------------------------------------

    @Slot()
    def save(self) -> None:
        """Save every changed explanation, all or none (see the module)."""
        if not self.mag_schrijven or self.rapport is None or self._busy_saving():
            return
        velden = [v for v in self.zichtbare_velden() if v.is_modified()]
        for veld in self.velden.values():
            veld.set_fout(None)
        if not velden:
            self._say(self.tr("Er is geen gewijzigde toelichting om op te slaan."))
            return
        wijzigingen = [(v.sleutel, v.tekst(), v.versie()) for v in velden]
        gemeente_id, p = self.rapport.gemeente_id, self.rapport.periode

        def work(session, actor) -> dict[str, Toelichting | None]:
            opgeslagen: dict[str, Toelichting | None] = {}
            fouten: dict[str, str] = {}
            conflicten: list[str] = []
            melding = ""
            for sleutel, tekst, versie in wijzigingen:
                try:
                    opgeslagen[sleutel] = bewaar_toelichting(
                        session, actor=actor, gemeente_id=gemeente_id, periode=p,
                        onderdeel=sleutel, tekst=tekst, versie=versie)  # fmt: skip
                except ValidationError as error:
                    fouten[sleutel] = error.errors.get("tekst", error.message)
                except ConflictError as error:
                    conflicten.append(sleutel)
                    melding = error.message
            if fouten or conflicten:
                raise NietOpgeslagen(fouten, conflicten, melding)
            return opgeslagen

        self._set_editable(False)
        self._save_token = self._ctx.operations.run(
            work, owner=self, on_done=self._saved, on_error=self._save_failed,
            progress_text=self.tr("Toelichting opslaan…"),
        )  # fmt: skip
        self._update_buttons()

    def _busy_saving(self) -> bool:
        return self._save_token is not None and self._ctx.operations.is_running(self._save_token)

    def _set_editable(self, editable: bool) -> None:
        for veld in self.velden.values():
            veld.edit.setReadOnly(not (editable and self.mag_schrijven))

    def _saved(self, opgeslagen: dict[str, Toelichting | None]) -> None:
        self._save_token = None
        self._set_editable(True)
        for sleutel, toelichting in opgeslagen.items():
            self.velden[sleutel].set_toelichting(toelichting)
        n = len(opgeslagen)
        self._say(self.tr("Toelichting opgeslagen.") if n == 1
                  else self.tr("{n} toelichtingen opgeslagen.").format(n=n))  # fmt: skip
        self._on_field_changed()

    def _save_failed(self, error: BaseException) -> None:
        self._save_token = None
        self._set_editable(True)
        self._update_buttons()
        if not isinstance(error, NietOpgeslagen):
            self._say(self.tr("Niets opgeslagen."))
            report_error(self, error)
            return
        for sleutel, message in error.fouten.items():
            self.velden[sleutel].set_fout(message)
        if error.fouten:
            self._say(self.tr("Niets opgeslagen: verbeter eerst wat bij het veld staat."))
            eerste = next(k for k in VOLGORDE if k in error.fouten)
            self.velden[eerste].edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self.velden[eerste])
        if error.conflicten:
            eigen = "\n\n".join(f"{TOELICHTINGEN[k]}:\n{self.velden[k].tekst()}"
                                for k in error.conflicten)  # fmt: skip
            QGuiApplication.clipboard().setText(eigen)
            onderdelen = ", ".join(TOELICHTINGEN[k] for k in error.conflicten)
            self._say(self.tr("Niets opgeslagen: iemand anders wijzigde de toelichting "
                              "intussen."))  # fmt: skip
            uitleg = self.tr(
                "Het gaat om: {onderdelen}. Uw eigen tekst staat op het klembord, zodat u die "
                "opnieuw kunt aanbrengen. De opgeslagen tekst wordt nu getoond."
            ).format(onderdelen=onderdelen)
            show_domain_error(self, DomainError(f"{error.melding}\n\n{uitleg}"),
                              title=self.tr("Toelichting niet opgeslagen"))  # fmt: skip
            self._verwerp = set(error.conflicten)
            self.reload()

    # --- PDF and Excel --------------------------------------------------------------------

    def export(self, soort: str) -> None:
        """Ask for a file name and write the report as PDF ("pdf") or Excel ("xlsx")."""
        if self.rapport is None or self._busy_exporting():
            return
        naam = self.tr("PDF") if soort == "pdf" else self.tr("Excel-werkmap")
        if self.is_modified() and not ask(
            self, self.tr("Toelichting niet opgeslagen"),
            self.tr("Het bestand bevat alleen de opgeslagen toelichtingen; wat u nog niet hebt "
                    "opgeslagen (Ctrl+S) staat er niet in."),
            yes=self.tr("Toch opslaan als {naam}").format(naam=naam), no=self.tr("Annuleren"),
        ):  # fmt: skip
            return
        filter_text = (self.tr("PDF-bestanden (*.pdf)") if soort == "pdf"
                       else self.tr("Excel-werkmappen (*.xlsx)"))  # fmt: skip
        title = (self.tr("Rapportage opslaan als PDF") if soort == "pdf"
                 else self.tr("Rapportage opslaan als Excel-werkmap"))  # fmt: skip
        suggestion = Path.home() / f"{self.rapport.bestandsnaam}.{soort}"
        path = files.choose_save_file(self, title, suggestion, filter_text)
        if path is None:
            return
        if path.suffix.lower() != f".{soort}":
            path = path.with_name(f"{path.name}.{soort}")
        schrijf = schrijf_pdf if soort == "pdf" else schrijf_xlsx
        gemeente_id, p = self.rapport.gemeente_id, self.rapport.periode

        def work(session, actor) -> Path:
            rapport = gemeenterapport(session, actor=actor, gemeente_id=gemeente_id, periode=p)
            schrijf(rapport, path)
            return path

        self._export_token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda result: self._exported(result, naam),
            on_error=lambda error: self._export_failed(path, error),
            progress_text=self.tr("{naam} maken…").format(naam=naam),
        )
        self._update_buttons()

    def _busy_exporting(self) -> bool:
        return self._export_token is not None and self._ctx.operations.is_running(
            self._export_token
        )

    def _exported(self, path: Path, naam: str) -> None:
        self._export_token = None
        self._update_buttons()
        self.last_export = path
        self._say(self.tr("Opgeslagen als {pad}").format(pad=path))
        if ask(self, self.tr("{naam} opgeslagen").format(naam=naam),
               self.tr("De rapportage is opgeslagen als {pad}. Nu openen?").format(pad=path),
               yes=self.tr("Openen"), no=self.tr("Niet nu")):  # fmt: skip
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _export_failed(self, path: Path, error: BaseException) -> None:
        self._export_token = None
        self._update_buttons()
        if isinstance(error, OSError):
            self._say(self.tr("Niet opgeslagen."))
            show_domain_error(self, DomainError(self.tr(
                "De rapportage kon niet worden opgeslagen als {pad}: {fout}. Kies een andere "
                "map of naam.").format(pad=path, fout=error.strerror or error)))  # fmt: skip
            return
        report_error(self, error)

    # --- state, refreshing ----------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _update_buttons(self) -> None:
        shown = self.rapport is not None
        saving, exporting = self._busy_saving(), self._busy_exporting()
        can_save = self.mag_schrijven and shown and not saving and self.is_modified()
        self.save_button.setEnabled(can_save)
        self.save_action.setEnabled(can_save)
        for button in (self.pdf_button, self.excel_button):
            button.setEnabled(shown and not exporting)

    def focus_first(self) -> None:
        self.periode_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind not in REFRESH_KINDS or self.rapport is None:
            return
        self._refresh_soon()

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.scroll.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 10, 30)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._window_filtered:
            if self._window_filtered is not None:
                self._window_filtered.removeEventFilter(self)
            window.installEventFilter(self)  # to ask before the window closes
            self._window_filtered = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.widget() and event.type() == QEvent.Type.LayoutRequest:
            # Blocks appear and tables change height; the scroll area only notices when told.
            QCoreApplication.postEvent(self.scroll, QEvent(QEvent.Type.LayoutRequest))
            return False
        if (
            watched is self._window_filtered
            and event.type() == QEvent.Type.Close
            and not self.confirm_discard(self.tr("Koers toch sluiten?"),
                                         yes=self.tr("Sluiten zonder opslaan"))
        ):  # fmt: skip
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def kpi_rows(self, sleutel: str) -> list[list[str]]:
        """The preview of a section as shown: code, KPI, waarde, vorig jaar, doel (tests)."""
        model = self.kpi_models[sleutel]
        return [[model.data(model.index(r, c)) for c in range(KpiModel.DEFINITIE)]
                for r in range(model.rowCount())]  # fmt: skip

    def caseload_rows(self) -> list[list[str]]:
        m = self.caseload_model
        return [[m.data(m.index(r, c)) for c in range(2)] for r in range(m.rowCount())]

    def shown_sections(self) -> list[str]:
        return [k for k, b in self.blokken.items() if not b.isHidden()]
