"""Starting the GUI: the QApplication, the crash handler, the database, signing in and the
main window.

`run_gui` is what `koers gui` calls: on a database where nobody can sign in yet it first runs
the first-start wizard (`eerste_start`), then shows the login dialog (the username from
`koers --as X gui` prefilled). Cancelling either ends Koers with exit code 0.
`build_main_window` makes a ready main window for a signed-in medewerker without running the
event loop, for tests and the screenshot script.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid

from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.db import DatabaseStatus, database_status, make_engine, sqlite_path
from app.models import Medewerker
from app.services.aanmelden import eerste_beheerder_nodig
from app.services.demodatabase import is_demo, verwijder_demodatabase
from app.services.errors import DomainError
from app.services.rechten import teamtype
from app.startup import ServerVerouderd, controleer_schema, open_database, server_bijwerken
from app.ui import errors as ui_errors
from app.ui.context import UiContext
from app.ui.eerste_start import EersteStartWizard
from app.ui.errors import ask, install_excepthook, tr
from app.ui.login import BusyCursor, LoginDialog
from app.ui.main_window import MainWindow
from app.ui.operations import Operations
from app.ui.server_dialog import SERVER_GEWIJZIGD, BijwerkenDialog, ServerDialog
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
    app.setWindowIcon(QIcon(str(config.RESOURCES_DIR / "koers.png")))
    app.setDesktopFileName("koers")  # the menu entry of `koers snelkoppeling`
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
    sessions: sessionmaker[Session],
    *,
    gebruikersnaam: str | None,
    label: str,
    server_instelbaar: bool = False,
) -> uuid.UUID | int | None:
    """The first-start wizard when nobody can sign in yet, then the login dialog; None when
    cancelled, SERVER_GEWIJZIGD when the user set up (or left) a team server from one of
    them."""
    with sessions.begin() as session:
        needed = eerste_beheerder_nodig(session)
    if needed:
        wizard = EersteStartWizard(sessions, server_instelbaar=server_instelbaar,
                                   database_label=label)  # fmt: skip
        result = _result(wizard.exec())
        if result != QDialog.DialogCode.Accepted:
            return result
        gebruikersnaam = wizard.gebruikersnaam
    with sessions.begin() as session:
        demo = is_demo(session)
    login = LoginDialog(sessions, gebruikersnaam=gebruikersnaam or "", database_label=label,
                        demo=demo)  # fmt: skip
    if server_instelbaar:
        _offer_server_settings(login)
    result = _result(login.exec())
    return login.medewerker_id if result == QDialog.DialogCode.Accepted else result


def _result(code: int) -> QDialog.DialogCode | int | None:
    """Accepted, SERVER_GEWIJZIGD, or None when cancelled."""
    if code in (QDialog.DialogCode.Accepted, SERVER_GEWIJZIGD):
        return code
    return None


def _offer_server_settings(dialog: QDialog) -> None:
    """A "Teamserver…" button, e.g. for a coach whose first start made an embedded database
    while the team works on a server."""
    buttons = dialog.findChild(QDialogButtonBox)
    button = buttons.addButton(tr("&Teamserver…"), QDialogButtonBox.ButtonRole.ResetRole)
    button.setObjectName("teamserver")
    button.setAutoDefault(False)

    def open_settings() -> None:
        if ServerDialog(dialog).exec() == QDialog.DialogCode.Accepted:
            dialog.done(SERVER_GEWIJZIGD)

    button.clicked.connect(open_settings)


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
        demo = is_demo(session)
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
        demo=demo,
    )
    window = MainWindow(ctx, lock_after_ms=lock_after_ms)
    changes.setParent(window)
    operations.setParent(window)
    return window


def run_gui(*, database_url: str | None, gebruikersnaam: str | None) -> int:
    """`database_url`: `--database`, or None for what is configured (KOERS_DATABASE_URL, the
    team server, the embedded database). Only then can the user change the team server from
    the sign-in dialogs or after a failed connection; Koers then reconnects. After
    "Demogegevens verwijderen" the demo file is deleted and Koers starts over."""
    app = make_application()
    config.setup_logging()
    install_excepthook()
    instelbaar = not (database_url or os.environ.get("KOERS_DATABASE_URL"))
    while True:
        signed_in = _open_and_sign_in(database_url, gebruikersnaam, instelbaar)
        if isinstance(signed_in, int):
            return signed_in
        engine, sessions, label, actor_id = signed_in
        window = build_main_window(sessions, actor_id, label=label)
        window.show()
        try:
            code = app.exec()
        finally:
            QThreadPool.globalInstance().waitForDone()
            engine.dispose()
        if not window.verwijderen_gevraagd:
            return code
        try:
            verwijder_demodatabase(engine)
        except DomainError as error:
            QMessageBox.critical(None, tr("Koers"), error.message)
            return 1
        gebruikersnaam = None  # the accounts went with the demo


def _open_and_sign_in(database_url: str | None, gebruikersnaam: str | None, instelbaar: bool):
    """(engine, sessions, label, actor_id) of who signed in, or the exit code."""
    while True:
        url = config.database_url(database_url)
        opened = _open(url, server_instelbaar=instelbaar)
        if opened == SERVER_GEWIJZIGD:
            continue
        if opened is None:
            return 1
        engine, sessions = opened
        label = database_label(sessions)
        try:
            actor_id = sign_in(sessions, gebruikersnaam=gebruikersnaam, label=label,
                               server_instelbaar=instelbaar)  # fmt: skip
        except DomainError as error:
            QMessageBox.critical(None, tr("Koers"), error.message)
            engine.dispose()
            return 1
        if actor_id == SERVER_GEWIJZIGD:
            engine.dispose()
            continue
        if actor_id is None:  # cancelled: nothing to do, not an error
            engine.dispose()
            return 0
        return engine, sessions, label, actor_id


def _open(url: str, *, server_instelbaar: bool):
    """(engine, sessions), SERVER_GEWIJZIGD, or None after telling the user why not.

    A shared server is first checked without changing it: empty → set up only when the user
    agrees; older → only a functioneel beheerder upgrades it; newer → "update Koers"."""
    try:
        engine = make_engine(url)
        try:
            status = controleer_schema(engine)
        except ServerVerouderd as error:
            if not _bijwerken_als_beheerder(engine, error.message):
                return None
            status = database_status(engine)
        finally:
            engine.dispose()
        if status.empty and engine.dialect.name != "sqlite" and not _inrichten(status):
            return None
        return open_database(url)
    except DomainError as error:  # a newer database: the message says what to do
        QMessageBox.critical(None, tr("Koers"), error.message)
        return None
    except Exception as error:
        log.exception("Database openen mislukt: %s", config.safe_url(url))
        tekst = tr(
            "De database kon niet worden geopend.\n\n{fout}\n\nDatabase: {url}\nLogbestand: {log}"
        ).format(fout=_reden(error), url=config.safe_url(url), log=config.log_path())
        if not server_instelbaar:
            QMessageBox.critical(None, tr("Koers"), tekst)
            return None
        return _offer_server_after_failure(tekst)


def _reden(error: Exception) -> str:
    """The driver's own message without the password-bearing URL SQLAlchemy appends."""
    return str(getattr(error, "orig", None) or error)


def _offer_server_after_failure(tekst: str):
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Koers"), tekst)
    instellen = box.addButton(tr("&Teamserver instellen…"), QMessageBox.ButtonRole.ActionRole)
    box.setEscapeButton(box.addButton(tr("Afsluiten"), QMessageBox.ButtonRole.RejectRole))
    ui_errors.exec_message_box(box)  # via the module: the one place boxes are shown
    if box.clickedButton() is instellen and ServerDialog().exec() == QDialog.DialogCode.Accepted:
        return SERVER_GEWIJZIGD
    return None


def _inrichten(status: DatabaseStatus) -> bool:
    return ask(
        None,
        tr("Koers — lege database"),
        tr(
            "De database {url} is leeg. Wilt u Koers hierop inrichten? Daarna maakt u de eerste "
            "functioneel beheerder aan."
        ).format(url=status.url),
        yes=tr("Koers inrichten"),
        no=tr("Afsluiten"),
    )


def _bijwerken_als_beheerder(engine: Engine, melding: str) -> bool:
    """Ask a functioneel beheerder to sign in and upgrade; False when the user gives up."""
    dialog = BijwerkenDialog(melding)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            with BusyCursor():
                server_bijwerken(engine, gebruikersnaam=dialog.gebruikersnaam.text(),
                                 wachtwoord=dialog.wachtwoord.text())  # fmt: skip
        except DomainError as error:
            dialog.show_error(error.message)
            continue
        return True
    return False
