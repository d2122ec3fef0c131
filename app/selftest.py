"""`koers --selftest`: does this installation work? In a temporary folder: create a database
and migrate it (the migrations are there), write and read an inwoner through the services
(rules, audit), render a PDF (ReportLab and the embedded fonts), load demo data (Faker and its
Dutch providers, which the first-start wizard needs), and build the main window
offscreen (Qt and its platform plugins). For an installer's smoke test and for support; it
touches no real data."""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

# A valid BSN (11-proef) that is the textbook example, not a person.
TEST_BSN = "123456782"


class _Stap:
    def __init__(self, schrijf: Callable[[str], None]) -> None:
        self.schrijf = schrijf
        self.naam = ""

    def __call__(self, naam: str) -> None:
        self.naam = naam
        self.schrijf(f"… {naam}")


def selftest(schrijf: Callable[[str], None] = print) -> int:
    """Run every step; 0 when all passed, 1 (with the failed step named) otherwise."""
    stap = _Stap(schrijf)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="koers-zelftest-") as tmp:
            _stappen(Path(tmp), stap)
    except Exception as error:
        schrijf(f"Zelftest mislukt bij '{stap.naam}': {type(error).__name__}: {error}")
        return 1
    schrijf(f"Zelftest geslaagd in {time.perf_counter() - started:.1f} s.".replace(".", ",", 1))
    return 0


def _stappen(tmp: Path, stap: _Stap) -> None:
    stap("database maken en bijwerken naar de nieuwste versie")
    from app.db import database_status
    from app.startup import open_database

    engine, sessions = open_database(f"sqlite:///{tmp / 'zelftest.db'}", reservekopie=False)
    try:
        if not database_status(engine).up_to_date:
            raise RuntimeError("de database is niet bijgewerkt")

        stap("een inwoner vastleggen en teruglezen")
        from app.services.aanmelden import maak_eerste_beheerder
        from app.services.gemeenten import list_gemeenten
        from app.services.inwoners import InwonerGegevens, create_inwoner, get_inwoner

        with sessions.begin() as session:
            beheerder = maak_eerste_beheerder(session, naam="Zelftest", gebruikersnaam="zelftest",
                                              wachtwoord=secrets.token_urlsafe(16))  # fmt: skip
            gemeente = list_gemeenten(session)[0]
            gegevens = InwonerGegevens(bsn=TEST_BSN, voornamen="Zelf", tussenvoegsel="",
                                       achternaam="Test", geboortedatum=date(1990, 1, 1),
                                       woongemeente_id=gemeente.id)  # fmt: skip
            inwoner_id = create_inwoner(session, actor=beheerder, gegevens=gegevens).id
            beheerder_id = beheerder.id
        with sessions.begin() as session:
            from app.models import Medewerker

            actor = session.get(Medewerker, beheerder_id)
            inwoner = get_inwoner(session, actor=actor, inwoner_id=inwoner_id,
                                  reden="zelftest van de installatie")  # fmt: skip
            if (inwoner.bsn, inwoner.volledige_naam) != (TEST_BSN, "Zelf Test"):
                raise RuntimeError("de teruggelezen inwoner klopt niet")

        stap("een PDF maken")
        from app.services.printing.document import para, render, styles

        pdf = render([para("Zelftest van Koers.", styles().body)], title="Zelftest",
                     header="Koers — zelftest", footer="Koers")  # fmt: skip
        if not pdf.startswith(b"%PDF") or b"DejaVu" not in pdf:
            raise RuntimeError("de PDF is onvolledig (lettertypen ontbreken?)")

        stap("demogegevens laden (de eerste start biedt ze aan)")
        from app.services.demo import generate_demo
        from app.services.demodatabase import is_demo

        demo_engine, demo_sessions = open_database(f"sqlite:///{tmp / 'demo.db'}",
                                                   reservekopie=False)  # fmt: skip
        try:
            generate_demo(demo_sessions, inwoners=5, seed=1)
            with demo_sessions.begin() as session:
                if not is_demo(session):
                    raise RuntimeError("de demodatabase is niet als demo gemarkeerd")
        finally:
            demo_engine.dispose()

        stap("het hoofdvenster opbouwen (zonder scherm)")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QApplication

        from app.ui.application import build_main_window, make_application

        app = make_application()
        window = build_main_window(sessions, beheerder_id, label="zelftest")
        window.show()
        app.processEvents()
        titel = window.windowTitle()
        window.close()
        QThreadPool.globalInstance().waitForDone()
        QApplication.processEvents()
        window.deleteLater()
        if "Koers" not in titel:
            raise RuntimeError(f"onverwachte venstertitel {titel!r}")
    finally:
        engine.dispose()
