"""Starting the GUI: the QApplication, the crash handler, the database, signing in and the
main window.

`run_gui` is what `koers gui` calls: on a database where nobody can sign in yet it first asks
for the first functioneel beheerder, then shows the login dialog (the username from
`koers --as X gui` prefilled). Cancelling either ends Koers with exit code 0.
`build_main_window` makes a ready main window for a signed-in medewerker without running the
event loop, for tests and the screenshot script.
"""

from __future__ import annotations

import logging
import sys
import uuid

from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.db import sqlite_path
from app.models import Medewerker
from app.services.aanmelden import eerste_beheerder_nodig
from app.services.errors import DomainError
from app.services.rechten import teamtype
from app.startup import open_database
from app.ui.context import UiContext
from app.ui.errors import install_excepthook, tr
from app.ui.login import EersteBeheerderDialog, LoginDialog
from app.ui.main_window import MainWindow
from app.ui.operations import Operations
from app.ui.settings import APPLICATION, ORGANISATION
from app.ui.signals import ChangeBus

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Koers's names, Dutch locale and Qt's own Dutch texts."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    translator = QTranslator(app)
    if translator.load(
        QLocale(QLocale.Language.Dutch),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(translator)
    return app


def database_label(sessions: sessionmaker[Session]) -> str:
    """Where the data is, for the status bar: the SQLite file or the URL without password."""
    engine = sessions.kw["bind"]
    path = sqlite_path(engine)
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def sign_in(
    sessions: sessionmaker[Session], *, gebruikersnaam: str | None, label: str
) -> uuid.UUID | None:
    """First functioneel beheerder when needed, then the login dialog; None when cancelled."""
    with sessions.begin() as session:
        needed = eerste_beheerder_nodig(session)
    if needed:
        first = EersteBeheerderDialog(sessions)
        if first.exec() != EersteBeheerderDialog.DialogCode.Accepted:
            return None
        gebruikersnaam = first.gebruikersnaam
    login = LoginDialog(sessions, gebruikersnaam=gebruikersnaam or "", database_label=label)
    if login.exec() != LoginDialog.DialogCode.Accepted:
        return None
    return login.medewerker_id


def build_main_window(
    sessions: sessionmaker[Session],
    actor_id: uuid.UUID,
    *,
    label: str | None = None,
    lock_after_ms: int | None = None,
) -> MainWindow:
    """The main window for this signed-in medewerker. `lock_after_ms` overrides the
    organisation's idle time (tests)."""
    with sessions.begin() as session:
        actor = session.get(Medewerker, actor_id)
        if actor is None:
            raise DomainError("De medewerker waarmee u werkt bestaat niet (meer).")
        naam, gebruikersnaam, rollen = actor.naam, actor.gebruikersnaam, actor.rollen
        actor_teamtype = teamtype(actor)
    changes = ChangeBus()
    operations = Operations(sessions, actor_id)
    ctx = UiContext(
        sessions=sessions,
        actor_id=actor_id,
        actor_naam=naam,
        actor_gebruikersnaam=gebruikersnaam,
        database_label=label or database_label(sessions),
        changes=changes,
        operations=operations,
        actor_rollen=rollen,
        actor_teamtype=actor_teamtype,
    )
    window = MainWindow(ctx, lock_after_ms=lock_after_ms)
    changes.setParent(window)
    operations.setParent(window)
    return window


def run_gui(*, database_url: str, gebruikersnaam: str | None) -> int:
    app = make_application()
    config.setup_logging()
    install_excepthook()
    try:
        engine, sessions = open_database(database_url)
    except Exception as error:
        log.exception("Database openen mislukt: %s", config.safe_url(database_url))
        QMessageBox.critical(
            None,
            tr("Koers"),
            tr(
                "De database kon niet worden geopend.\n\n{fout}\n\nDatabase: {url}\n"
                "Logbestand: {log}"
            ).format(fout=error, url=config.safe_url(database_url), log=config.log_path()),
        )
        return 1
    label = database_label(sessions)
    try:
        actor_id = sign_in(sessions, gebruikersnaam=gebruikersnaam, label=label)
    except DomainError as error:
        QMessageBox.critical(None, tr("Koers"), error.message)
        engine.dispose()
        return 1
    if actor_id is None:  # cancelled: nothing to do, not an error
        engine.dispose()
        return 0
    window = build_main_window(sessions, actor_id, label=label)
    window.show()
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()
        engine.dispose()
