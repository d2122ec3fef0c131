"""The main window: the Werkvoorraad (the start screen for everyone who works with
trajectories), a permanent Inwoners section, a Beheer section for the roles that manage
Koers, a Schuldhulp section for who works with debt-help data, a Rapportages section (caseload
overview and KPIs) for team leads and functioneel beheerders, and one closable tab per open
dossier (or, for a klantmanager gemeente, status view).

Menus hold only actions that work for the signed-in medewerker; every action has a shortcut
(Ctrl+N new inwoner, Ctrl+S save, Ctrl+F search, Ctrl+1 Werkvoorraad, Ctrl+2 Inwoners,
Ctrl+3 Beheer, Ctrl+4 Schuldhulp, Ctrl+5 Rapportages — the sections in the order of their
tabs —, Ctrl+W or Esc
closes the tab, Ctrl+L locks, Ctrl+Q quits; Ctrl+Shift+O opens a dossier outside the team,
Ctrl+Shift+E makes an inzage export, Ctrl+Shift+L closes the dossier, Ctrl+Shift+I imports
inwoners — a functioneel beheerder only). Closing a dossier
returns to the tab that was shown before it. After the organisation's idle time the window
locks: its contents are hidden until the password is given; unsaved edits stay.
Geometry and the list's column widths are remembered between sessions. A demo database says
so in the title and in a banner above every screen (`demo_banner`).

Right after sign-in, when drafts of long forms were left from an earlier session (a crash, a
power cut), a small window lists them, each to open at its form or to throw away. Closing a
dossier or Koers with "Weggooien" throws the drafts of those edits away too.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__, config
from app.drafts import INTAKE, PLAN, Draft
from app.services.errors import DomainError
from app.services.instellingen import vergrendeltijd
from app.services.inwoners import inwoner_rows
from app.services.inzage import maak_inzage
from app.services.rechten import Gegeven, Recht
from app.services.toegang import RedenNodig
from app.services.werkvoorraad import WerkItem
from app.ui import files, handleiding, settings, signals
from app.ui.beheer import BeheerView
from app.ui.break_glass import BuitenTeamDialog, RedenDialog
from app.ui.context import UiContext
from app.ui.demo_banner import DemoBanner, remove_demo_action
from app.ui.dossier import DossierView, InwonerPage
from app.ui.dossier_actions import SluitDossierDialog
from app.ui.drafts import SECTIONS, DraftsDialog, store_for
from app.ui.errors import CrashDialog, show_domain_error, show_info
from app.ui.import_wizard import import_action
from app.ui.inwoners_view import InwonersView
from app.ui.iop_batch import caseload_print_action
from app.ui.lock import IdleWatcher, LockScreen
from app.ui.new_inwoner_dialog import NewInwonerDialog
from app.ui.rapportage_view import RapportageView
from app.ui.schuldhulp_view import SECTION as SCHULDHULP_SECTION
from app.ui.schuldhulp_view import SchuldhulpView
from app.ui.status_view import StatusView
from app.ui.werkvoorraad_view import WerkvoorraadView

DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        lock_after_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.new_dialog: NewInwonerDialog | None = None
        self.dialog: QDialog | None = None  # the reason/close/break-the-glass dialog now open
        self.drafts_dialog: DraftsDialog | None = None
        self._drafts_offered = False
        self.locked = False
        self._hidden_while_locked: list[QWidget] = []
        self._action_states: dict[QAction, bool] = {}
        self._focus_before_lock: QWidget | None = None
        self.may_create = ctx.mag(Gegeven.PERSONALIA, Recht.WIJZIGEN)
        self.sees_dossiers = ctx.mag(Gegeven.PERSONALIA, Recht.LEZEN)

        self.inwoners = InwonersView(ctx)
        self.inwoners.open_requested.connect(self.open_dossier)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        # Closing a dossier goes back to where it was opened from (werkvoorraad or list).
        self.tabs.tabBar().setSelectionBehaviorOnRemove(QTabBar.SelectionBehavior.SelectPreviousTab)
        self.werkvoorraad: WerkvoorraadView | None = None
        if ctx.mag(Gegeven.TRAJECT, Recht.LEZEN):
            self.werkvoorraad = WerkvoorraadView(ctx)
            self.werkvoorraad.open_requested.connect(self.open_work_item)
            self.tabs.addTab(self.werkvoorraad, self.tr("Werkvoorraad"))
        self.tabs.addTab(self.inwoners, self.tr("Inwoners"))
        self.beheer: BeheerView | None = None
        if BeheerView.has_pages(ctx):
            self.beheer = BeheerView(ctx)
            self.tabs.addTab(self.beheer, self.tr("Beheer"))
        self.schuldhulp: SchuldhulpView | None = None
        if ctx.mag(Gegeven.SCHULDHULP, Recht.LEZEN):
            self.schuldhulp = SchuldhulpView(ctx)
            self.schuldhulp.open_requested.connect(self.open_schuldhulp)
            self.schuldhulp.new_inwoner_requested.connect(
                lambda bsn: self.new_inwoner(bsn=bsn, section=SCHULDHULP_SECTION)
            )
            self.tabs.addTab(self.schuldhulp, self.tr("Schuldhulp"))
        self.rapportages: RapportageView | None = None
        if ctx.mag(Gegeven.RAPPORTAGE, Recht.LEZEN):
            self.rapportages = RapportageView(ctx)
            self.rapportages.open_requested.connect(self.open_dossier)
            self.tabs.addTab(self.rapportages, self.tr("Rapportages"))
        for index in range(self.tabs.count()):  # the sections cannot be closed
            self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, None)
            self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.LeftSide, None)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_current_changed)

        self.lock_screen = LockScreen(ctx)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.sign_out_requested.connect(self.sign_out)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_screen)

        self.verwijderen_gevraagd = False  # "Demogegevens verwijderen": run_gui deletes it
        self._build_actions()
        self._build_menus()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.demo_banner: DemoBanner | None = None
        if ctx.demo:
            self.demo_banner = DemoBanner(ctx, self.remove_demo_action)
            layout.addWidget(self.demo_banner)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)

        status = QLabel(
            self.tr("Database: {database}   ·   Gebruiker: {naam} ({rollen})").format(
                database=ctx.database_label + (self.tr(" (demo)") if ctx.demo else ""),
                naam=ctx.actor_naam,
                rollen=ctx.rollen_tekst() or self.tr("geen rol"),
            )
        )
        status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(status, 1)

        self._fixed_lock_ms = lock_after_ms
        self.idle = IdleWatcher(lock_after_ms or self._lock_ms_from_settings(), self)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        ctx.changes.changed.connect(self._on_changed)

        self.restore_settings()
        self.tabs.setCurrentIndex(0)  # the werkvoorraad when there is one, else the list
        self._on_current_changed(0)
        if self.werkvoorraad is not None:
            self.werkvoorraad.focus_list()
        else:
            self.inwoners.focus_search()

    # --- actions and menus ----------------------------------------------------------------

    def _action(self, text: str, slot, *shortcuts: QKeySequence | str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @staticmethod
    def _allow(action: QAction, allowed: bool) -> None:
        """Hide what the signed-in medewerker may not do (its shortcut is off too)."""
        action.setVisible(allowed)
        action.setEnabled(allowed)

    def _build_actions(self) -> None:
        ctx = self.ctx
        self.new_action = self._action(
            self.tr("&Nieuwe inwoner…"), self.new_inwoner, QKeySequence.StandardKey.New
        )
        self._allow(self.new_action, self.may_create)
        self.save_action = self._action(
            self.tr("&Opslaan"), self.save_current, QKeySequence.StandardKey.Save
        )
        self.close_action = self._action(
            self.tr("Tabblad &sluiten"), self.close_current, "Ctrl+W", "Esc"
        )
        self.lock_action = self._action(self.tr("&Vergrendelen"), self.lock, "Ctrl+L")
        self.quit_action = self._action(self.tr("&Afsluiten"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.werkvoorraad_action = self._action(
            self.tr("&Werkvoorraad"), self.show_werkvoorraad, "Ctrl+1"
        )
        self._allow(self.werkvoorraad_action, self.werkvoorraad is not None)
        self.inwoners_action = self._action(self.tr("&Inwoners"), self.show_inwoners, "Ctrl+2")
        self.beheer_action = self._action(self.tr("&Beheer"), self.show_beheer, "Ctrl+3")
        self._allow(self.beheer_action, self.beheer is not None)
        self.schuldhulp_action = self._action(
            self.tr("&Schuldhulp"), self.show_schuldhulp, "Ctrl+4"
        )
        self._allow(self.schuldhulp_action, self.schuldhulp is not None)
        self.rapportages_action = self._action(
            self.tr("&Rapportages"), self.show_rapportages, "Ctrl+5"
        )
        self._allow(self.rapportages_action, self.rapportages is not None)
        self.search_action = self._action(
            self.tr("&Zoeken"), self.focus_search, QKeySequence.StandardKey.Find
        )
        self.buiten_team_action = self._action(
            self.tr("Dossier &buiten mijn team openen…"), self.open_outside_team, "Ctrl+Shift+O"
        )
        self._allow(self.buiten_team_action, ctx.mag_buiten_team)
        self.inzage_action = self._action(
            self.tr("&Inzage-export…"), self.export_inzage, "Ctrl+Shift+E"
        )
        self._allow(self.inzage_action, ctx.mag(Gegeven.INZAGE, Recht.WIJZIGEN))
        self.sluit_dossier_action = self._action(
            self.tr("Dossier s&luiten…"), self.close_dossier_case, "Ctrl+Shift+L"
        )
        self._allow(self.sluit_dossier_action, ctx.mag(Gegeven.PERSONALIA, Recht.WIJZIGEN))
        self.caseload_print_action = caseload_print_action(self.ctx, self)
        self.import_action = import_action(self.ctx, self)
        for action in (self.caseload_print_action, self.import_action):
            self.addAction(action)  # the window's: locking disables them with the rest
        self.remove_demo_action = remove_demo_action(self.ctx, self)
        self.help_action = self._action(
            self.tr("&Handleiding"), self.show_help, QKeySequence.StandardKey.HelpContents
        )
        self.help_dialog: handleiding.HelpVenster | None = None
        self.about_action = self._action(self.tr("&Over Koers"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bestand = self.menuBar().addMenu(self.tr("&Bestand"))
        bestand.addAction(self.new_action)
        bestand.addAction(self.save_action)
        bestand.addAction(self.close_action)
        bestand.addSeparator()
        bestand.addAction(self.lock_action)
        bestand.addAction(self.quit_action)
        ga_naar = self.menuBar().addMenu(self.tr("&Ga naar"))
        ga_naar.addAction(self.werkvoorraad_action)
        ga_naar.addAction(self.inwoners_action)
        ga_naar.addAction(self.beheer_action)
        ga_naar.addAction(self.schuldhulp_action)
        ga_naar.addAction(self.rapportages_action)
        ga_naar.addAction(self.search_action)
        dossier_actions = (self.buiten_team_action, self.inzage_action, self.sluit_dossier_action)
        if any(action.isVisible() for action in dossier_actions):
            dossier = self.menuBar().addMenu(self.tr("&Dossier"))
            dossier.addAction(self.buiten_team_action)
            if self.buiten_team_action.isVisible():
                dossier.addSeparator()
            dossier.addAction(self.inzage_action)
            dossier.addAction(self.sluit_dossier_action)
        if self.caseload_print_action.isVisible():
            bestand.insertAction(self.lock_action, self.caseload_print_action)
            bestand.insertSeparator(self.lock_action)
        if self.import_action.isVisible():
            bestand.insertAction(self.lock_action, self.import_action)
            bestand.insertSeparator(self.lock_action)
        if self.remove_demo_action.isVisible():
            bestand.insertAction(self.lock_action, self.remove_demo_action)
            bestand.insertSeparator(self.lock_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.about_action)

    # --- dossiers -------------------------------------------------------------------------

    def pages(self) -> list[InwonerPage]:
        """The open dossiers and status views."""
        return [
            widget
            for i in range(self.tabs.count())
            if isinstance(widget := self.tabs.widget(i), InwonerPage)
        ]

    def dossiers(self) -> list[DossierView]:
        return [page for page in self.pages() if isinstance(page, DossierView)]

    def current_page(self) -> InwonerPage | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, InwonerPage) else None

    def current_dossier(self) -> DossierView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DossierView) else None

    @Slot(object)
    def open_dossier(
        self,
        inwoner_id: uuid.UUID,
        *,
        reden: str | None = None,
        reden_if_needed: str | None = None,
    ) -> InwonerPage | None:
        """Show the dossier (or, for a klantmanager gemeente, the status), opening a tab for
        it unless it is open already.

        A dossier outside the team raises `RedenNodig` for a functioneel beheerder: then the
        reason is asked (`reden_if_needed` is used instead when given) and the dossier is
        opened with it. Returns None when nothing was opened (yet).
        """
        for page in self.pages():
            if page.inwoner_id == inwoner_id:
                self.tabs.setCurrentWidget(page)
                return page
        page: InwonerPage = (
            DossierView(self.ctx, inwoner_id, reden=reden)
            if self.sees_dossiers
            else StatusView(self.ctx, inwoner_id)
        )
        try:
            page.load()
        except RedenNodig as error:
            page.deleteLater()
            if reden_if_needed is not None and reden is None:
                return self.open_dossier(inwoner_id, reden=reden_if_needed)
            self.ask_reason(inwoner_id, error.message)
            return None
        except DomainError as error:
            page.deleteLater()
            show_domain_error(self, error)
            return None
        index = self.tabs.addTab(page, _tab_text(page.naam))
        self.tabs.setTabToolTip(index, page.naam)
        page.title_changed.connect(lambda _naam, p=page: self._update_tab(p))
        page.modified_changed.connect(lambda _m, p=page: self._update_tab(p))
        page.close_requested.connect(lambda p=page: self._remove_page(p))
        self._update_tab(page)  # a contact note restored from a draft is unsaved from the start
        self.tabs.setCurrentIndex(index)
        page.focus_first()
        return page

    @Slot(object)
    def open_work_item(self, item: WerkItem) -> InwonerPage | None:
        """Open the dossier of a werkvoorraad item at the part it is about (the trajectory,
        the plan or the contact journal); the dossier's first part when it has no such part."""
        page = self.open_dossier(item.inwoner_id)
        if page is not None:
            page.show_section(item.onderdeel)
        return page

    @Slot(object)
    def open_draft(self, draft: Draft) -> InwonerPage | None:
        """Open the dossier at the form a draft belongs to; the form puts the draft back."""
        page = self.open_dossier(draft.inwoner_id)
        if isinstance(page, DossierView):
            # The plan or trajectory first, so the tab does not load another one before it.
            if draft.kind == PLAN and page.iop is not None:
                page.iop.open_plan(draft.record_id)
            elif draft.kind == INTAKE and page.traject is not None:
                page.traject.open_intake(draft.record_id)
            page.show_section(SECTIONS[draft.kind])
        return page

    @Slot(object)
    def open_schuldhulp(self, inwoner_id: uuid.UUID) -> InwonerPage | None:
        """Open the dossier at its schuldhulp part (its first part when it has none)."""
        page = self.open_dossier(inwoner_id)
        if page is not None:
            page.show_section(SCHULDHULP_SECTION)
        return page

    def ask_reason(self, inwoner_id: uuid.UUID, message: str) -> RedenDialog:
        """Break-the-glass: ask why, then open the dossier with that reason."""
        dialog = RedenDialog(message, self)
        dialog.accepted.connect(lambda: self.open_dossier(inwoner_id, reden=dialog.reden()))
        self._open_dialog(dialog)
        return dialog

    @Slot()
    def open_outside_team(self) -> BuitenTeamDialog | None:
        if not self.ctx.mag_buiten_team:
            return None
        dialog = BuitenTeamDialog(self.ctx, self)
        dialog.accepted.connect(
            lambda: self.open_dossier(dialog.inwoner_id, reden_if_needed=dialog.reden())
        )
        self._open_dialog(dialog)
        return dialog

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _update_tab(self, page: InwonerPage) -> None:
        index = self.tabs.indexOf(page)
        if index < 0:
            return
        text = _tab_text(page.naam)
        self.tabs.setTabText(index, f"{text} •" if page.is_modified() else text)
        self.tabs.setTabToolTip(index, page.naam)
        if index == self.tabs.currentIndex():
            self._update_title()
            self._update_actions()

    @Slot(int)
    def close_tab(self, index: int) -> bool:
        widget = self.tabs.widget(index)
        if not isinstance(widget, InwonerPage):
            return False
        modified = widget.is_modified()
        if not widget.confirm_close():
            return False
        if modified:  # the user chose to throw the edits away: their drafts go too
            widget.discard_changes()
        self._remove_page(widget)
        return True

    def _remove_page(self, page: InwonerPage) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            page.save_settings()
            self.tabs.removeTab(index)
            page.deleteLater()

    @Slot()
    def close_current(self) -> None:
        """Ctrl+W / Esc: close the current tab; on the list, Esc clears the search."""
        if self.current_page() is not None:
            self.close_tab(self.tabs.currentIndex())
        elif self.tabs.currentWidget() is self.inwoners:
            self.inwoners.clear_search()

    @Slot()
    def save_current(self) -> None:
        dossier = self.current_dossier()
        if dossier is None or not dossier.may_edit:
            return
        if not dossier.form.is_modified():
            self.statusBar().showMessage(self.tr("Geen wijzigingen om op te slaan."), 3000)
            return
        if dossier.save():
            self.statusBar().showMessage(self.tr("Opgeslagen."), 3000)

    # --- dossier actions ------------------------------------------------------------------

    @Slot()
    def export_inzage(self) -> None:
        """AVG art. 15: write everything about the current dossier's inwoner to a folder."""
        dossier = self.current_dossier()
        if dossier is None or not dossier.bsn or not self.inzage_action.isEnabled():
            return
        directory = files.choose_directory(
            self, self.tr("Map voor de inzage-export kiezen"), Path.home()
        )
        if directory is None:
            return
        bsn, naam = dossier.bsn, dossier.naam
        self.ctx.operations.run(
            lambda session, actor: maak_inzage(session, actor=actor, bsn=bsn, directory=directory),
            owner=self,
            on_done=lambda result: self._inzage_done(naam, result),
            progress_text=self.tr("Inzage-export maken…"),
        )

    def _inzage_done(self, naam: str, result) -> None:
        self.last_inzage = result
        show_info(
            self,
            self.tr("Inzage-export gemaakt"),
            self.tr(
                "De inzage-export van {naam} is opgeslagen:\n\n{json}\n{pdf}\n\n"
                "Het maken van deze export is vastgelegd in de audittrail."
            ).format(naam=naam, json=result.json_path, pdf=result.pdf_path),
        )

    @Slot()
    def close_dossier_case(self) -> SluitDossierDialog | None:
        dossier = self.current_dossier()
        if dossier is None or not self.sluit_dossier_action.isEnabled():
            return None
        if dossier.is_modified():
            show_domain_error(
                self,
                DomainError(
                    self.tr("Sla de wijzigingen in dit dossier eerst op, of maak ze ongedaan.")
                ),
            )
            return None
        dialog = SluitDossierDialog(
            self.ctx, dossier.inwoner_id, dossier.naam, reden=dossier.reden, parent=self
        )
        self._open_dialog(dialog)
        return dialog

    # --- drafts left from an earlier session ----------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._drafts_offered:
            self._drafts_offered = True
            # After the window is on screen, so the list opens on top of it.
            QTimer.singleShot(0, self, self.offer_drafts)

    @Slot()
    def offer_drafts(self) -> DraftsDialog | None:
        """List the signed-in medewerker's drafts on this database, if there are any."""
        store = store_for(self.ctx)
        drafts = store.all()
        if not drafts or self.locked:
            return None
        try:
            with self.ctx.unit_of_work() as (session, actor):
                rows = inwoner_rows(session, actor=actor, ids=[d.inwoner_id for d in drafts])
                names = {inwoner_id: row.naam for inwoner_id, row in rows.items()}
        except DomainError:
            names = {}  # the list still shows what kind of form each draft is and when
        dialog = DraftsDialog(store, drafts, names, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_requested.connect(self.open_draft)
        dialog.destroyed.connect(self._forget_drafts_dialog)
        self.drafts_dialog = dialog
        dialog.show()  # not modal: the dossiers it opens are worked on beside it
        return dialog

    @Slot()
    def _forget_drafts_dialog(self) -> None:
        self.drafts_dialog = None

    # --- other actions --------------------------------------------------------------------

    @Slot()
    def new_inwoner(
        self, *, bsn: str | None = None, section: str | None = None
    ) -> NewInwonerDialog | None:
        """Register a new inwoner, then open the dossier (at `section` when given). `bsn`
        fills in the BSN already (from the Schuldhulp section's melding)."""
        if not self.may_create:
            return None
        if self.new_dialog is not None and self.new_dialog.isVisible():
            self.new_dialog.activateWindow()
            return self.new_dialog
        dialog = NewInwonerDialog(self.ctx, self)
        if bsn:
            dialog.form.set_gegevens(replace(dialog.form.gegevens(), bsn=bsn))
            dialog.form.field("voornamen").setFocus()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_created(dialog.created_id, section))
        dialog.destroyed.connect(self._forget_new_dialog)
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def _on_created(self, inwoner_id: uuid.UUID | None, section: str | None = None) -> None:
        if inwoner_id is not None:
            page = self.open_dossier(inwoner_id)
            if page is not None and section is not None:
                page.show_section(section)

    @Slot()
    def _forget_new_dialog(self) -> None:
        self.new_dialog = None

    @Slot()
    def show_werkvoorraad(self) -> None:
        if self.werkvoorraad is not None:
            self.tabs.setCurrentWidget(self.werkvoorraad)
            self.werkvoorraad.focus_list()

    @Slot()
    def show_inwoners(self) -> None:
        self.tabs.setCurrentWidget(self.inwoners)
        self.inwoners.table.setFocus()

    @Slot()
    def show_beheer(self) -> None:
        if self.beheer is not None:
            self.tabs.setCurrentWidget(self.beheer)
            self.beheer.tabBar().setFocus()

    @Slot()
    def show_schuldhulp(self) -> None:
        if self.schuldhulp is not None:
            self.tabs.setCurrentWidget(self.schuldhulp)
            self.schuldhulp.focus_list()

    @Slot()
    def show_rapportages(self) -> None:
        if self.rapportages is not None:
            self.tabs.setCurrentWidget(self.rapportages)
            self.rapportages.focus_list()

    @Slot()
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.inwoners)
        self.inwoners.focus_search()

    def help_chapter(self) -> str:
        """The guide's chapter for the screen the user is on (in a dossier: its tab)."""
        widget = self.tabs.currentWidget()
        if isinstance(widget, DossierView):
            shown, parts = widget.tabs.currentWidget(), (
                (widget.iop, handleiding.ONTWIKKELPLAN), (widget.traject, handleiding.TRAJECT),
                (widget.loonwaarde, handleiding.LOONWAARDE),
                (widget.schuldhulp, handleiding.SCHULDHULP))  # fmt: skip
        else:
            shown, parts = widget, (
                (self.werkvoorraad, handleiding.START), (self.schuldhulp, handleiding.SCHULDHULP),
                (self.rapportages, handleiding.RAPPORTAGES),
                (self.beheer, handleiding.BEHEER))  # fmt: skip
        return next((chapter for part, chapter in parts if part is not None and shown is part),
                    handleiding.INWONER)  # fmt: skip

    @Slot()
    def show_help(self) -> None:
        """F1: the user guide at the page for this screen (one window, kept beside Koers)."""
        if self.help_dialog is None:
            self.help_dialog = handleiding.HelpVenster(self)
        self.help_dialog.ga_naar(self.help_chapter())
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Over Koers"),
            self.tr(
                "<p><b>Koers</b> {versie}</p>"
                "<p>Casemanagement voor sociaal ontwikkelbedrijven en sociale diensten.</p>"
                "<p>Aangemeld als {naam} ({gebruikersnaam})<br>Rollen: {rollen}</p>"
                "<p>Database: {database}<br>Logbestand: {log}</p>"
            ).format(
                versie=__version__,
                naam=_html(self.ctx.actor_naam),
                gebruikersnaam=_html(self.ctx.actor_gebruikersnaam),
                rollen=_html(self.ctx.rollen_tekst() or self.tr("geen")),
                database=_html(self.ctx.database_label),
                log=_html(str(config.log_path())),
            ),
        )

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        page = self.current_page()
        self.close_action.setText(
            self.tr("Tabblad &sluiten") if page is not None else self.tr("Zoektekst &wissen")
        )
        self._update_actions()
        self._update_title()

    def _update_actions(self) -> None:
        if self.locked:
            return
        dossier = self.current_dossier()
        self.save_action.setEnabled(dossier is not None and dossier.may_edit)
        self.close_action.setEnabled(
            self.current_page() is not None or self.tabs.currentWidget() is self.inwoners
        )
        if self.inzage_action.isVisible():
            self.inzage_action.setEnabled(dossier is not None and bool(dossier.bsn))
        if self.sluit_dossier_action.isVisible():
            self.sluit_dossier_action.setEnabled(
                dossier is not None and dossier.gesloten_op is None and bool(dossier.bsn)
            )

    def _update_title(self) -> None:
        koers = self.tr("Koers — DEMO") if self.ctx.demo else self.tr("Koers")
        if self.locked:
            self.setWindowTitle(self.tr("{koers} — vergrendeld").format(koers=koers))
            return
        page = self.current_page()
        if page is not None:
            section = page.naam
        elif self.beheer is not None and self.tabs.currentWidget() is self.beheer:
            section = self.tr("Beheer")
        elif self.werkvoorraad is not None and self.tabs.currentWidget() is self.werkvoorraad:
            section = self.tr("Werkvoorraad")
        elif self.schuldhulp is not None and self.tabs.currentWidget() is self.schuldhulp:
            section = self.tr("Schuldhulp")
        elif self.rapportages is not None and self.tabs.currentWidget() is self.rapportages:
            section = self.tr("Rapportages")
        else:
            section = self.tr("Inwoners")
        self.setWindowTitle(self.tr("{koers} — {sectie}").format(koers=koers, sectie=section))

    @Slot(str, object)
    def _on_changed(self, kind: str, _item_id: object) -> None:
        if kind == signals.INSTELLINGEN and self._fixed_lock_ms is None:
            self.idle.set_interval_ms(self._lock_ms_from_settings())

    # --- locking --------------------------------------------------------------------------

    def _lock_ms_from_settings(self) -> int:
        with self.ctx.sessions.begin() as session:
            return vergrendeltijd(session) * 60_000

    @Slot()
    def lock(self) -> None:
        """Hide everything behind the lock screen; edits stay where they are."""
        if self.locked:
            return
        self.locked = True
        self.idle.stop()
        self._focus_before_lock = QApplication.focusWidget()
        # Dialogs (a new inwoner being typed, a reason…) hide too and come back on unlock;
        # message boxes stay, they hold no personal data and end by themselves.
        self._hidden_while_locked = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self
            and widget.isVisible()
            and isinstance(widget, QDialog)
            and not isinstance(widget, QMessageBox | CrashDialog)
            and widget.parentWidget() is not None
            and widget.parentWidget().window() is self
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self._action_states = {action: action.isEnabled() for action in self.actions()}
        for action in self._action_states:
            action.setEnabled(False)
        self.menuBar().hide()
        self.stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.reset()
        self._update_title()

    @Slot()
    def unlock(self) -> None:
        if not self.locked:
            return
        self.locked = False
        self.stack.setCurrentWidget(self.tabs)
        self.menuBar().show()
        for action, enabled in self._action_states.items():
            action.setEnabled(enabled)
        self._action_states = {}
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self._update_actions()
        self._update_title()
        focus, self._focus_before_lock = self._focus_before_lock, None
        if focus is not None and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle.start()

    @Slot()
    def sign_out(self) -> None:
        """From the lock screen: close Koers (asking about unsaved edits, as always)."""
        self.close()

    # --- settings and closing -------------------------------------------------------------

    def restore_settings(self) -> None:
        geometry = settings.MAIN_WINDOW_GEOMETRY.get()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def save_settings(self) -> None:
        settings.MAIN_WINDOW_GEOMETRY.set(self.saveGeometry())
        self.inwoners.save_settings()
        if self.werkvoorraad is not None:
            self.werkvoorraad.save_settings()
        if self.schuldhulp is not None:
            self.schuldhulp.save_settings()
        if self.rapportages is not None:
            self.rapportages.save_settings()
        for page in self.pages():
            page.save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        discarded = []
        for page in self.pages():
            if page.is_modified():
                self.tabs.setCurrentWidget(page)
                if not page.confirm_close():
                    event.ignore()
                    return
                discarded.append(page)
        for page in discarded:  # only now that Koers really closes: their drafts go too
            page.discard_changes()
        self.save_settings()
        self.idle.stop()
        event.accept()


def _tab_text(naam: str) -> str:
    text = naam if len(naam) <= 32 else naam[:31] + "…"
    return text.replace("&", "&&")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
