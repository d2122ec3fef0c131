"""The GUI figures, measured in a process of their own (offscreen), started by `run`:

    python -m app.bench.gui koud --database URL --gebruiker ID --start T
    python -m app.bench.gui dossier --database URL --gebruiker ID

`koud`: from `--start` (the wall clock just before the parent started this process: Python,
imports, opening the database, the main window) until the Inwoners list has painted its first
rows; then search as you type in the list (each keystroke until its results are painted);
then the whole list scrolled through, and the peak memory of the process.
`dossier`: opening the dossiers given (`--inwoner`) until shown, then every tab in turn.

Prints one JSON object on stdout. The sign-in dialog is skipped: the user's typing is not
Koers's time.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import uuid

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.startup import open_database
from app.ui.application import build_main_window, make_application
from app.ui.main_window import MainWindow

WACHT_S = 60  # a figure that takes longer than this is not waited for


def _wacht(app: QApplication, klaar, tot: float) -> None:
    while not klaar():
        if time.perf_counter() > tot:
            raise TimeoutError("De GUI reageerde niet binnen de wachttijd.")
        app.processEvents()
        time.sleep(0.0005)


class _Geschilderd(QObject):
    """Notes the moment a widget has painted while `voorwaarde()` holds."""

    def __init__(self, widget, voorwaarde) -> None:
        super().__init__(widget)
        self.moment: float | None = None
        self._voorwaarde = voorwaarde
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.moment is None and self._voorwaarde():
            QTimer.singleShot(0, self._klaar)  # after this paint has been done
        return False

    def _klaar(self) -> None:
        if self.moment is None:
            self.moment = time.time()

    def opnieuw(self) -> None:
        self.moment = None


def _venster(url: str, gebruiker: uuid.UUID) -> tuple[QApplication, MainWindow]:
    app = make_application()
    _engine, sessions = open_database(url, reservekopie=False)
    window = build_main_window(sessions, gebruiker)
    window.resize(1280, 800)
    return app, window


def koud(url: str, gebruiker: uuid.UUID, start: float, zoektermen: list[str]) -> dict:
    app, window = _venster(url, gebruiker)
    view = window.inwoners
    window.show_inwoners()
    viewport = view.table.viewport()
    geschilderd = _Geschilderd(viewport, lambda: view.model.rowCount() > 0)
    window.show()
    _wacht(app, lambda: geschilderd.moment is not None, time.perf_counter() + WACHT_S)
    uitkomst: dict = {"koude_start_s": geschilderd.moment - start}
    # The first screen comes first; the whole list is read after it.
    _wacht(app, lambda: not view.is_searching(), time.perf_counter() + WACHT_S)
    uitkomst["lijst_rijen"] = view.model.rowCount()

    # Search as you type, without the pause the field waits for typing to stop (150 ms): that
    # is a choice, not a cost. Each keystroke: the search, the new list, painted.
    tijden = []
    for tekst in zoektermen:
        klaar: list[int] = []
        view.search_finished.connect(klaar.append)
        view.search.blockSignals(True)
        view.search.setText(tekst)
        view.search.blockSignals(False)
        geschilderd.opnieuw()
        started = time.time()
        view.run_search()
        _wacht(app, lambda k=klaar: bool(k), time.perf_counter() + WACHT_S)
        viewport.update()
        _wacht(app, lambda: geschilderd.moment is not None, time.perf_counter() + WACHT_S)
        tijden.append(geschilderd.moment - started)
        view.search_finished.disconnect(klaar.append)
    uitkomst["zoeken_s"] = tijden

    # The whole list: back to everyone, scrolled through to the end.
    if zoektermen:
        view.search.setText("")
        view.run_search()
        _wacht(app, lambda: not view.is_searching(), time.perf_counter() + WACHT_S)
    scrollbar = view.table.verticalScrollBar()
    stap = max(1, scrollbar.maximum() // 50)
    for waarde in range(0, scrollbar.maximum() + stap, stap):
        scrollbar.setValue(waarde)
        app.processEvents()
    uitkomst["geheugen_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    return uitkomst


def dossier(url: str, gebruiker: uuid.UUID, inwoners: list[uuid.UUID]) -> dict:
    """Open these dossiers one after another, each with every tab shown."""
    app, window = _venster(url, gebruiker)
    window.show()
    app.processEvents()
    open_s, alle_s, tabs = [], [], 0
    for inwoner_id in inwoners:
        started = time.perf_counter()
        page = window.open_dossier(inwoner_id)
        if page is None:
            raise RuntimeError("Het dossier ging niet open.")
        app.processEvents()  # shown: personalia and journal read, every tab there
        open_s.append(time.perf_counter() - started)
        for index in range(page.tabs.count()):
            page.tabs.setCurrentIndex(index)
            app.processEvents()
        _wacht(app, lambda: window.ctx.operations.pending() == 0,
               time.perf_counter() + WACHT_S)  # fmt: skip
        alle_s.append(time.perf_counter() - started)
        tabs = page.tabs.count()
        window.close_current()
        app.processEvents()
    window.close()
    return {"dossier_s": open_s, "alle_tabbladen_s": alle_s, "tabs": tabs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.bench.gui")
    parser.add_argument("modus", choices=("koud", "dossier"))
    parser.add_argument("--database", required=True)
    parser.add_argument("--gebruiker", type=uuid.UUID, required=True)
    parser.add_argument("--start", type=float, default=None)
    parser.add_argument("--zoek", action="append", default=[])
    parser.add_argument("--inwoner", type=uuid.UUID, action="append", default=[])
    args = parser.parse_args(argv)
    if args.modus == "koud":
        uitkomst = koud(args.database, args.gebruiker, args.start or time.time(), args.zoek)
    else:
        uitkomst = dossier(args.database, args.gebruiker, args.inwoner)
    print(json.dumps(uitkomst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
