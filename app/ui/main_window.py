"""The main window: a permanent Inwoners section plus one closable tab per open dossier.

Menus hold only actions that work; every action has a shortcut (Ctrl+N new inwoner, Ctrl+S
save, Ctrl+F search, Ctrl+1 Inwoners, Ctrl+W or Esc closes the dossier, Ctrl+Q quits).
Geometry and the list's column widths are remembered between sessions.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabBar, QTabWidget, QWidget

from app import __version__, config
from app.services.errors import NotFoundError
from app.ui import settings
from app.ui.context import UiContext
from app.ui.dossier import DossierView
from app.ui.errors import show_domain_error
from app.ui.inwoners_view import InwonersView
from app.ui.new_inwoner_dialog import NewInwonerDialog

DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.new_dialog: NewInwonerDialog | None = None

        self.inwoners = InwonersView(ctx)
        self.inwoners.open_requested.connect(self.open_dossier)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.addTab(self.inwoners, self.tr("Inwoners"))
        self.tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.LeftSide, None)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.setCentralWidget(self.tabs)

        self._build_actions()
        self._build_menus()

        status = QLabel(
            self.tr("Database: {database}   ·   Gebruiker: {naam}").format(
                database=ctx.database_label, naam=ctx.actor_naam
            )
        )
        status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(status, 1)

        self.restore_settings()
        self._on_current_changed(0)
        self.inwoners.focus_search()

    # --- actions and menus ----------------------------------------------------------------

    def _action(self, text: str, slot, *shortcuts: QKeySequence | str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            self.tr("&Nieuwe inwoner…"), self.new_inwoner, QKeySequence.StandardKey.New
        )
        self.save_action = self._action(
            self.tr("&Opslaan"), self.save_current, QKeySequence.StandardKey.Save
        )
        self.close_action = self._action(
            self.tr("Dossier &sluiten"), self.close_current, "Ctrl+W", "Esc"
        )
        self.quit_action = self._action(self.tr("&Afsluiten"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.inwoners_action = self._action(self.tr("&Inwoners"), self.show_inwoners, "Ctrl+1")
        self.search_action = self._action(
            self.tr("&Zoeken"), self.focus_search, QKeySequence.StandardKey.Find
        )
        self.about_action = self._action(self.tr("&Over Koers"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bestand = self.menuBar().addMenu(self.tr("&Bestand"))
        bestand.addAction(self.new_action)
        bestand.addAction(self.save_action)
        bestand.addAction(self.close_action)
        bestand.addSeparator()
        bestand.addAction(self.quit_action)
        ga_naar = self.menuBar().addMenu(self.tr("&Ga naar"))
        ga_naar.addAction(self.inwoners_action)
        ga_naar.addAction(self.search_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    # --- dossiers -------------------------------------------------------------------------

    def dossiers(self) -> list[DossierView]:
        return [
            widget
            for i in range(self.tabs.count())
            if isinstance(widget := self.tabs.widget(i), DossierView)
        ]

    def current_dossier(self) -> DossierView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DossierView) else None

    @Slot(object)
    def open_dossier(self, inwoner_id: uuid.UUID) -> DossierView | None:
        """Show the dossier, opening a tab for it unless it is open already."""
        for dossier in self.dossiers():
            if dossier.inwoner_id == inwoner_id:
                self.tabs.setCurrentWidget(dossier)
                return dossier
        dossier = DossierView(self.ctx, inwoner_id)
        try:
            dossier.load()
        except NotFoundError as error:
            dossier.deleteLater()
            show_domain_error(self, error)
            return None
        index = self.tabs.addTab(dossier, _tab_text(dossier.naam))
        self.tabs.setTabToolTip(index, dossier.naam)
        dossier.title_changed.connect(lambda _naam, d=dossier: self._update_tab(d))
        dossier.modified_changed.connect(lambda _m, d=dossier: self._update_tab(d))
        dossier.close_requested.connect(lambda d=dossier: self._remove_dossier(d))
        self.tabs.setCurrentIndex(index)
        dossier.form.field("voornamen").setFocus()
        return dossier

    def _update_tab(self, dossier: DossierView) -> None:
        index = self.tabs.indexOf(dossier)
        if index < 0:
            return
        text = _tab_text(dossier.naam)
        self.tabs.setTabText(index, f"{text} •" if dossier.form.is_modified() else text)
        self.tabs.setTabToolTip(index, dossier.naam)
        if index == self.tabs.currentIndex():
            self._update_title()

    @Slot(int)
    def close_tab(self, index: int) -> bool:
        widget = self.tabs.widget(index)
        if not isinstance(widget, DossierView):
            return False
        if not widget.confirm_close():
            return False
        self._remove_dossier(widget)
        return True

    def _remove_dossier(self, dossier: DossierView) -> None:
        index = self.tabs.indexOf(dossier)
        if index >= 0:
            dossier.save_settings()
            self.tabs.removeTab(index)
            dossier.deleteLater()

    @Slot()
    def close_current(self) -> None:
        """Ctrl+W / Esc: close the current dossier; on the list, Esc clears the search."""
        if self.current_dossier() is not None:
            self.close_tab(self.tabs.currentIndex())
        else:
            self.inwoners.clear_search()

    @Slot()
    def save_current(self) -> None:
        dossier = self.current_dossier()
        if dossier is None:
            return
        if not dossier.form.is_modified():
            self.statusBar().showMessage(self.tr("Geen wijzigingen om op te slaan."), 3000)
            return
        if dossier.save():
            self.statusBar().showMessage(self.tr("Opgeslagen."), 3000)

    # --- other actions --------------------------------------------------------------------

    @Slot()
    def new_inwoner(self) -> NewInwonerDialog:
        if self.new_dialog is not None and self.new_dialog.isVisible():
            self.new_dialog.activateWindow()
            return self.new_dialog
        dialog = NewInwonerDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_created(dialog.created_id))
        dialog.destroyed.connect(self._forget_dialog)
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def _on_created(self, inwoner_id: uuid.UUID | None) -> None:
        if inwoner_id is not None:
            self.open_dossier(inwoner_id)

    @Slot()
    def _forget_dialog(self) -> None:
        self.new_dialog = None

    @Slot()
    def show_inwoners(self) -> None:
        self.tabs.setCurrentWidget(self.inwoners)
        self.inwoners.table.setFocus()

    @Slot()
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.inwoners)
        self.inwoners.focus_search()

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Over Koers"),
            self.tr(
                "<p><b>Koers</b> {versie}</p>"
                "<p>Casemanagement voor sociaal ontwikkelbedrijven en sociale diensten.</p>"
                "<p>Database: {database}<br>Logbestand: {log}</p>"
            ).format(versie=__version__, database=self.ctx.database_label, log=config.log_path()),
        )

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        dossier = self.current_dossier()
        self.save_action.setEnabled(dossier is not None)
        self.close_action.setText(
            self.tr("Dossier &sluiten") if dossier is not None else self.tr("Zoektekst &wissen")
        )
        self._update_title()

    def _update_title(self) -> None:
        dossier = self.current_dossier()
        section = dossier.naam if dossier is not None else self.tr("Inwoners")
        self.setWindowTitle(self.tr("Koers — {sectie}").format(sectie=section))

    # --- settings and closing -------------------------------------------------------------

    def restore_settings(self) -> None:
        geometry = settings.MAIN_WINDOW_GEOMETRY.get()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def save_settings(self) -> None:
        settings.MAIN_WINDOW_GEOMETRY.set(self.saveGeometry())
        self.inwoners.save_settings()
        for dossier in self.dossiers():
            dossier.save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        for dossier in self.dossiers():
            if dossier.is_modified():
                self.tabs.setCurrentWidget(dossier)
                if not dossier.confirm_close():
                    event.ignore()
                    return
        self.save_settings()
        event.accept()


def _tab_text(naam: str) -> str:
    text = naam if len(naam) <= 32 else naam[:31] + "…"
    return text.replace("&", "&&")
