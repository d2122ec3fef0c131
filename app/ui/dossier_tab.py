"""`DossierTab`: the machinery the dossier's own tabs share (Ontwikkelplan, Traject,
Loonwaarde, Schuldhulp), each of which shows one part of one inwoner's dossier.

A tab keeps no Session: every load, action and print is one unit of work. What this base
holds, and nothing more:

- Lazy loading: the subclass's `load()` (which sets `loaded`) runs when the tab is first
  shown; a refusal (DomainError) becomes a message box.
- `_button(text, slot, tip)`: a button that Enter in one of the tab's fields does not press
  (not auto-default); `slot` is called without arguments.
- Dialogs: `_open(dialog, done)` opens a window-modal dialog, runs `done` when it is
  accepted and reloads quietly when it is cancelled (perhaps after a refusal because someone
  else changed the data in between: the tab then shows what is stored). Every dialog goes
  through `_keep_last_dialog`, so at most the last closed one stays around, as `last_dialog`.
- Changes: `_notify(*kinds)` tells the other views that this inwoner's data changed, while
  the tab's `_on_changed` passes over its own signal; on another view's change of a kind in
  `RELOAD_ON` for this inwoner, a tab that was loaded reloads — unless `is_modified()`
  (unsaved edits it would throw away). A refusal while reloading quietly is shown, except
  NotFoundError: the inwoner is gone and the dossier closes itself.
- Printing: `_choose_pdf` asks where to save, `_print` renders off the GUI thread and saves
  what comes back, keeping `print_token` (a print is running) and `last_print` (the file
  last saved); `_print_busy_changed()` is where a tab enables or disables its print button.

The subclass creates `status_label` (what `_say` writes to) and defines `load()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget
from sqlalchemy.orm import Session

from app.models import Medewerker
from app.services.bestanden import write_atomically
from app.services.errors import DomainError, NotFoundError
from app.ui import files
from app.ui.context import UiContext
from app.ui.errors import ask, show_domain_error
from app.ui.operations import report_error
from app.ui.widgets import require_methods

D = TypeVar("D", bound=QDialog)


@dataclass(frozen=True)
class PrintTexts:
    """What a print says (translated by the tab): while it renders; when the file cannot be
    written (with {pad} and {fout}); and, once saved, the question whether to open it (a
    title, and a text with {pad})."""

    busy: str
    not_saved: str
    done_title: str
    done_text: str


class DossierTab(QWidget):
    """One part of one inwoner's dossier, loaded when first shown (see the module)."""

    # The change kinds (for this inwoner) on which the tab reloads.
    RELOAD_ON: tuple[str, ...] = ()

    status_label: QLabel  # created by the subclass

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        require_methods(cls, "load")

    def __init__(
        self, ctx: UiContext, inwoner_id: uuid.UUID, reden: str | None = None,
        parent: QWidget | None = None, *, today: Callable[[], date] = date.today,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._ctx = ctx
        self.inwoner_id = inwoner_id
        self.reden = reden
        self._today = today
        self.loaded = False
        self.last_dialog: QDialog | None = None
        self.last_print: Path | None = None
        self.print_token: int | None = None
        self._notifying = False
        ctx.changes.changed.connect(self._on_changed)

    def _button(self, text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def is_modified(self) -> bool:
        """Unsaved edits in the tab; none here (a tab with an editor says otherwise)."""
        return False

    # --- loading --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            try:
                self.load()
            except DomainError as error:
                show_domain_error(self, error)

    def _load_quietly(self, **options) -> None:
        """`load(**options)`, showing a refusal; nothing when the inwoner is gone."""
        try:
            self.load(**options)
        except NotFoundError:
            pass  # the dossier closes itself
        except DomainError as error:
            show_domain_error(self, error)

    @Slot()
    def _reload_quietly(self) -> None:
        """After a cancelled dialog: show what is stored now."""
        self._load_quietly()

    # --- dialogs --------------------------------------------------------------------------

    def _keep_last_dialog(self, dialog: D) -> D:
        """Remember `dialog` as `last_dialog`; the one before it goes once it is closed."""
        previous = self.last_dialog
        if previous is not None and shiboken6.isValid(previous) and not previous.isVisible():
            previous.deleteLater()  # keep at most the last closed dialog around
        self.last_dialog = dialog
        return dialog

    def _open(self, dialog: D, done: Callable[[], None]) -> D:
        """Open `dialog`; `done` when it is accepted, a quiet reload when it is cancelled."""
        self._keep_last_dialog(dialog)
        dialog.accepted.connect(done)
        dialog.rejected.connect(self._reload_quietly)
        dialog.open()
        return dialog

    # --- changes --------------------------------------------------------------------------

    def _notify(self, *kinds: str) -> None:
        """Tell the other views that these kinds of this inwoner's data changed (this tab
        has shown the change already: it does not reload on its own signal)."""
        self._notifying = True
        try:
            for kind in kinds:
                self._ctx.changes.notify(kind, self.inwoner_id)
        finally:
            self._notifying = False

    @Slot(str, object)
    def _on_changed(self, kind: str, item_id: object) -> None:
        if self._notifying or item_id != self.inwoner_id or not self.loaded:
            return
        if kind not in self.RELOAD_ON or self.is_modified():
            return
        self._load_quietly()

    # --- printing -------------------------------------------------------------------------

    def _choose_pdf(self, title: str, name: str) -> Path | None:
        """Where to save a PDF (suggested: `name` in the home folder), with ".pdf" added
        when the user left it off; None when cancelled."""
        path = files.choose_save_file(self, title, Path.home() / name,
                                      self.tr("PDF-bestanden (*.pdf)"))  # fmt: skip
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path

    def _print(
        self, work: Callable[[Session, Medewerker], bytes], path: Path, texts: PrintTexts
    ) -> int:
        """Render `work(session, actor)` off the GUI thread; the PDF it returns is written
        at `path` when it is back."""
        self.print_token = self._ctx.operations.run(
            work,
            owner=self,
            on_done=lambda pdf: self._printed(path, pdf, texts),
            on_error=self._print_failed,
            progress_text=texts.busy,
        )
        self._print_busy_changed()
        return self.print_token

    def _print_busy_changed(self) -> None:
        """`print_token` was set or cleared: a tab that prints updates its buttons here."""

    def _printed(self, path: Path, pdf: bytes, texts: PrintTexts) -> None:
        self.print_token = None
        self._print_busy_changed()
        try:
            write_atomically(path, pdf)
        except OSError as error:
            show_domain_error(self, DomainError(
                texts.not_saved.format(pad=path, fout=error.strerror or error)))  # fmt: skip
            return
        self.last_print = path
        self._say(self.tr("Opgeslagen als {pad}").format(pad=path))
        if ask(self, texts.done_title, texts.done_text.format(pad=path),
               yes=self.tr("Openen"), no=self.tr("Niet nu")):  # fmt: skip
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _print_failed(self, error: BaseException) -> None:
        self.print_token = None
        self._print_busy_changed()
        report_error(self, error)
