"""Render Koers's main screens with demo data to PNG files, for review.

    python scripts/screenshots.py --out docs/screenshots

Signs in as the demo teamleider (the login dialog is the first screenshot), then shows the
functioneel beheerder's Beheer section and the break-the-glass reason dialog.

Works offscreen (QT_QPA_PLATFORM=offscreen) and under Xvfb (QT_QPA_PLATFORM=xcb, as
`make screenshots` runs it). Everything happens in a temporary data directory with its own
SQLite database and settings, so nothing of the user's own Koers is read or changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1280, 800)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Schermafbeeldingen van Koers met demodata.")
    parser.add_argument("--out", type=Path, required=True, help="map voor de PNG-bestanden")
    parser.add_argument("--inwoners", type=int, default=1000, help="aantal demo-inwoners")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("LANG", "C.UTF-8")
    with tempfile.TemporaryDirectory(prefix="koers-screenshots-") as tmp:
        os.environ["KOERS_DATA_DIR"] = tmp
        return render(Path(tmp), out, args.inwoners)


def render(tmp: Path, out: Path, inwoners: int) -> int:
    from PySide6.QtCore import QSettings, QThreadPool, QTimer
    from PySide6.QtWidgets import QWidget

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))

    from app import teamserver
    from app.drafts import CONTACT_NOTE
    from app.services.aanmelden import aanmelden
    from app.services.kpi import Dimensie
    from app.startup import open_database
    from app.teamserver import Teamserver
    from app.ui.application import build_main_window, make_application
    from app.ui.conflict import ConflictDialog, verschillen
    from app.ui.drafts import store_for
    from app.ui.import_wizard import open_import_wizard
    from app.ui.login import LoginDialog
    from app.ui.server_dialog import ServerDialog
    from tests.conftest import make_bsn

    app = make_application([sys.argv[0]])
    engine, sessions = open_database(f"sqlite:///{tmp / 'koers.db'}")
    accounts, wachtwoord = fill_database(sessions, inwoners)
    label = str(tmp / "koers.db")
    windows: list[QWidget] = []

    def settle(ms: int = 300) -> None:
        """Let searches and background work finish and everything repaint."""
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.start(ms)
        while deadline.isActive() or any(
            getattr(w, "inwoners", None) is not None and w.inwoners.is_searching() for w in windows
        ):
            QThreadPool.globalInstance().waitForDone(50)
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = out / name
        if not widget.grab().save(str(path)):
            raise SystemExit(f"kon {path} niet opslaan")
        print(path)

    first_start(tmp, shot)

    # Signing in, as the demo teamleider (`koers --as … gui` prefills the name).
    login = LoginDialog(sessions, gebruikersnaam=accounts["teamleider"], database_label=label,
                        demo=True)  # fmt: skip
    login.show()
    login.wachtwoord.setText(wachtwoord)
    login.wachtwoord.setFocus()
    shot(login, "00-aanmelden.png")
    server = ServerDialog()
    server.show()
    server.host.setText("koers.avres.local")
    server.gebruiker.setText("koers_team")
    server.wachtwoord.setText("geheim")
    # A real connection test: nothing listens there, so it shows the message a user gets.
    onbereikbaar = Teamserver(host="127.0.0.1", port=1, database="koers", gebruiker="koers_team")
    server._tested(teamserver.test_verbinding(onbereikbaar, "geheim"), None)
    shot(server, "22-teamserver.png")
    server.done(0)

    login.sign_in()
    actor_id = login.medewerker_id
    if actor_id is None:
        raise SystemExit(f"aanmelden als {accounts['teamleider']} mislukt: {login.error.text()}")

    window = build_main_window(sessions, actor_id, label=label)
    windows.append(window)
    window.resize(*SIZE)
    window.show()

    settle(800)
    window.show_inwoners()  # the werkvoorraad is the start screen; the list is one tab further
    view = window.inwoners
    settle(800)
    shot(window, "01-inwoners.png")

    view.search.setFocus()
    for letter in "jans":  # typed as a user would; the list narrows while typing
        view.search.insert(letter)
        settle(60)
    shot(window, "02-inwoners-zoeken-jans.png")

    if not view.model.ids():  # a small demo set may have no 'jans' on this team
        view.search.clear()
        settle()
    inwoner_id = pick_inwoner_with_contacts(sessions, view)
    view.search.clear()
    settle()
    dossier = window.open_dossier(inwoner_id)
    shot(window, "03-dossier-personalia.png")

    conflict = ConflictDialog(
        "het dossier van " + dossier.naam,
        verschillen(dossier.form.labels, {"telefoon": "", "email": "", "straat": "Lingewal"},
                    {"telefoon": "0183 123456", "email": "", "straat": "Lingewal"},
                    {"telefoon": "06 12345678", "email": "", "straat": "Kortendijk"}),
        ("Petra de Vries", datetime.now(UTC) - timedelta(minutes=3)),
        window,
    )  # fmt: skip
    conflict.show()
    shot(conflict, "23-conflict.png")
    conflict.done(0)

    dossier.tabs.setCurrentWidget(dossier.journal)
    shot(window, "04-dossier-contactjournaal.png")
    window.close_current()

    plan_inwoner = pick_inwoner_with_plan(sessions, view)
    if plan_inwoner is not None:
        dossier = window.open_dossier(plan_inwoner)
        dossier.tabs.setCurrentWidget(dossier.iop)
        settle(500)
        shot(window, "10-dossier-ontwikkelplan.png")
        window.close_current()

    # The team lead's reports: the caseload per coach and the KPIs with a breakdown chart.
    window.show_rapportages()
    rapportages = window.rapportages
    settle(800)
    while rapportages.is_loading():
        settle(100)
    shot(window, "19-rapportages-caseload.png")
    rapportages.tabs.setCurrentWidget(rapportages.kpi)
    settle(800)
    while rapportages.is_loading():
        settle(100)
    rapportages.kpi.table.selectRow(0)
    settle(300)
    rapportages.kpi.select_dimensie(Dimensie.DOELGROEP)
    settle(500)
    while rapportages.is_loading():
        settle(100)
    shot(window, "20-rapportages-kpi.png")
    rapportages.tabs.setCurrentWidget(rapportages.gemeenterapport)
    settle(800)
    while rapportages.is_loading():
        settle(100)
    shot(window, "21-rapportages-gemeenterapport.png")

    dialog = window.new_inwoner()
    form = dialog.form
    type_text(form, "bsn", "123456788")
    type_text(form, "voornamen", "Łukasz")
    type_text(form, "achternaam", "Şahin-Öztürk")
    type_text(form, "geboortedatum", (date.today() + timedelta(days=40)).strftime("%d-%m-%Y"))
    type_text(form, "straat", "Lingewal")
    type_text(form, "huisnummer", "4")
    type_text(form, "postcode", "1234 A")
    type_text(form, "woonplaats", "Gorinchem")
    combo = form.field("woongemeente")
    combo.setCurrentIndex(combo.findText("Gorinchem"))
    form.show_all_errors()
    settle()
    shot(dialog, "05-nieuwe-inwoner-fouten.png")
    dialog.form.set_gegevens(dialog.form.gegevens())  # close without the "discard?" question
    dialog.done(0)

    window.lock()
    shot(window, "06-vergrendeld.png")
    window.lock_screen.wachtwoord.setText(wachtwoord)
    window.lock_screen.unlock()
    window.close()
    settle()

    # The coach: the werkvoorraad as start screen, and a trajectory in the dossier.
    coach_id = aanmelden(sessions, gebruikersnaam=accounts["coach"], wachtwoord=wachtwoord)
    coach = build_main_window(sessions, coach_id, label=label)
    windows.append(coach)
    coach.resize(*SIZE)
    coach.show()
    settle(800)
    while coach.werkvoorraad.is_loading():
        settle(100)
    shot(coach, "11-werkvoorraad.png")
    item = next((i for i in coach.werkvoorraad.model.items() if i.onderdeel == "traject"), None)
    if item is not None:
        dossier = coach.open_work_item(item)
        settle(800)
        shot(coach, "12-dossier-traject.png")
        dossier.traject.parts.setCurrentWidget(dossier.traject.intake_page)
        settle(300)
        shot(coach, "13-traject-intake.png")
        dossier.traject.parts.setCurrentWidget(dossier.traject.ladder_page)
        settle(300)
        shot(coach, "14-traject-participatieladder.png")
        for page in coach.pages():
            page.discard_changes()
        # A contact note typed before a crash comes back under the yellow bar (the coach writes
        # contact notes; the teamleider only reads them).
        note_id = dossier.inwoner_id
        coach.close_current()
        store_for(coach.ctx).save(
            CONTACT_NOTE, note_id, inwoner_id=note_id, versie=None,
            now=datetime.now(UTC) - timedelta(minutes=20),
            values={"datum": date.today().isoformat(), "kanaal": "TELEFOON",
                    "samenvatting": "Gebeld over de start bij de groenvoorziening. Is gemotiveerd, "
                    "wil wel eerst de kinderopvang geregeld hebben voor de woensdag",
                    "vervolgactie": "", "vervolgdatum": "", "vertrouwelijk": False},
        )  # fmt: skip
        dossier = coach.open_dossier(note_id)
        dossier.tabs.setCurrentWidget(dossier.journal)
        shot(coach, "24-contactnotitie-hersteld.png")
        dossier.journal.discard_draft()
        coach.close_current()
    item = next((i for i in coach.werkvoorraad.model.items() if i.soort == "loonwaardemeting"),
                None)  # fmt: skip
    if item is not None:
        coach.open_work_item(item)
        settle(800)
        shot(coach, "15-dossier-loonwaarde.png")
        for page in coach.pages():
            page.discard_changes()
    coach.close()
    settle()

    # The debt counsellor: the werkvoorraad with Wgs deadlines, the overview and a trajectory.
    consulent_id = aanmelden(sessions, gebruikersnaam=accounts["consulent SDV"],
                             wachtwoord=wachtwoord)  # fmt: skip
    consulent = build_main_window(sessions, consulent_id, label=label)
    windows.append(consulent)
    consulent.resize(*SIZE)
    consulent.show()
    settle(800)
    while consulent.werkvoorraad.is_loading():
        settle(100)
    shot(consulent, "16-werkvoorraad-schuldhulp.png")
    consulent.show_schuldhulp()
    overzicht = consulent.schuldhulp
    settle(500)
    while overzicht.is_loading():
        settle(100)
    shot(consulent, "17-schuldhulp-overzicht.png")
    rij = next((r for r in overzicht.shown_rows() if r.fase.value == "SCHULDREGELING"
                and r.aantal_schulden > 2), None)  # fmt: skip
    if rij is not None:
        consulent.open_schuldhulp(rij.inwoner_id)
        settle(1000)
        shot(consulent, "18-dossier-schuldhulp.png")
        for page in consulent.pages():
            page.discard_changes()
    consulent.close()
    settle()

    # The functioneel beheerder: user management, and a dossier outside the team.
    beheerder_id = aanmelden(sessions, gebruikersnaam=accounts["beheerder"], wachtwoord=wachtwoord)
    beheer = build_main_window(sessions, beheerder_id, label=label)
    windows.append(beheer)
    beheer.resize(*SIZE)
    beheer.show()
    settle(500)
    beheer.show_beheer()
    settle(500)
    shot(beheer, "07-beheer-medewerkers.png")
    assert beheer.beheer is not None
    beheer.beheer.setCurrentWidget(beheer.beheer.bewaartermijnen)
    settle()
    beheer.beheer.bewaartermijnen.check()
    settle(500)
    shot(beheer, "07b-beheer-bewaartermijnen.png")
    beheer.beheer.setCurrentWidget(beheer.beheer.audit)
    beheer.beheer.audit.gebruikersnaam.setText(accounts["teamleider"])
    beheer.beheer.audit.search()
    settle(500)
    shot(beheer, "07c-beheer-audittrail.png")
    beheer.beheer.setCurrentWidget(beheer.beheer.schuldhulptermijnen)
    settle(500)
    shot(beheer, "07d-beheer-schuldhulptermijnen.png")
    beheer.show_inwoners()

    # Moving in: another system's export, its columns mapped by suggestion.
    bron = tmp / "klanten-oud-systeem.csv"
    bron.write_text(
        "Klantnummer;BSN;Voornaam;Voorvoegsel;Geslachtsnaam;Geboren;Woongemeente;Coach\n"
        + "".join(f"K{n:04d};{make_bsn(90_000 + n * 7)};Sanne;van;Dijk;0{n}-03-1988;Gorinchem;\n"
                  for n in range(1, 8)),
        encoding="cp1252",
    )  # fmt: skip
    wizard = open_import_wizard(beheer.ctx, beheer)
    wizard.lees_bestand(bron)
    while QThreadPool.globalInstance().activeThreadCount():
        settle(100)
    settle(300)
    wizard.volgende()
    settle(300)
    shot(wizard, "25-import-koppelen.png")
    wizard.done(0)
    # The contact journal of that system uses its own channel codes: translated on screen.
    contacten = tmp / "contacten-oud-systeem.csv"
    contacten.write_text(
        "Nr;Klantnummer;Datum;Soort;Verslag\n"
        "1;K0001;02-11-2026;tel.;Gebeld over de start\n"
        "2;K0002;03-11-2026;bezoek;Thuis gesproken over de kinderopvang\n"
        "3;K0003;04-11-2026;Telefoon;Teruggebeld\n",
        encoding="cp1252",
    )
    wizard = open_import_wizard(beheer.ctx, beheer)
    wizard.bestand_page.soort_combo.setCurrentIndex(1)  # contactmomenten
    wizard.lees_bestand(contacten)
    while QThreadPool.globalInstance().activeThreadCount():
        settle(100)
    settle(300)
    wizard.volgende()
    settle(300)
    shot(wizard, "26-import-codes.png")
    wizard.done(0)

    beheer.show_beheer()
    settle()
    beheer.show_help()  # F1 on the Beheer section: the guide at its Beheer page
    settle()
    shot(beheer.help_dialog, "27-handleiding.png")
    beheer.help_dialog.close()

    beheer.open_dossier(inwoner_id)  # outside the beheerder's team: asks for a reason
    reden = beheer.dialog
    if reden is None:
        raise SystemExit("de beheerder kreeg geen vraag om een reden")
    reden.edit.setPlainText("Verzoek om inzage van de inwoner (AVG art. 15), zaak 2024-118.")
    settle()
    shot(reden, "08-buiten-team-reden.png")
    reden.submit()
    settle()
    shot(beheer, "09-dossier-buiten-team.png")

    for page in beheer.pages():
        page.discard_changes()
    beheer.close()
    settle()
    QThreadPool.globalInstance().waitForDone()
    engine.dispose()
    return 0


def first_start(tmp: Path, shot) -> None:
    """The first-start wizard on an empty embedded database: the choice, the first
    beheerder, and the last step after loading the demo data."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from app.startup import open_database
    from app.ui.eerste_start import EersteStartWizard

    path = tmp / "eerste-start.db"
    engine, sessions = open_database(f"sqlite:///{path}")
    wizard = EersteStartWizard(sessions, server_instelbaar=True, database_label=str(path))
    wizard.show()
    shot(wizard, "28-eerste-start-plek.png")
    wizard.next()
    page = wizard.beheerder_page
    page.naam.setText("Fleur van Dijk")
    page.gebruikersnaam.setText("fvandijk")
    page.wachtwoord.setText("een-lang-wachtwoord")
    page.herhaling.setText("een-lang-wachtwoord")
    shot(wizard, "29-eerste-start-beheerder.png")
    wizard.next()
    wizard.demo_page.laden.setChecked(True)
    wizard.next()
    while wizard.busy:
        QThreadPool.globalInstance().waitForDone(50)
        QApplication.processEvents()
    shot(wizard, "30-eerste-start-klaar.png")
    wizard.done(0)
    engine.dispose()


def type_text(form, name: str, text: str) -> None:
    widget = form.field(name)
    widget.setFocus()
    widget.setText(text)
    widget.textEdited.emit(text)
    widget.editingFinished.emit()


def fill_database(sessions, inwoners: int) -> tuple[dict[str, str], str]:
    """Demo data from app.services.demo. Returns the accounts to sign in with (by role, e.g.
    {"teamleider": name, "coach": name, "beheerder": name}) and their password."""
    from app.services.demo import DEMO_WACHTWOORD, generate_demo

    result = generate_demo(sessions, inwoners=inwoners, seed=1, progress=None)
    return result.accounts, DEMO_WACHTWOORD


def pick_inwoner_with_contacts(sessions, view) -> object:
    """An inwoner from the 'jans' list with several contacts (any inwoner if none has)."""
    from sqlalchemy import func, select

    from app.models import Contactmoment

    ids = view.model.ids()
    with sessions.begin() as session:
        best = session.execute(
            select(Contactmoment.inwoner_id, func.count())
            .where(Contactmoment.inwoner_id.in_(ids[:500]))
            .group_by(Contactmoment.inwoner_id)
            .order_by(func.count().desc())
            .limit(1)
        ).first()
    return best[0] if best is not None else ids[0]


def pick_inwoner_with_plan(sessions, view) -> object | None:
    """An inwoner in the list whose vastgesteld plan has the most goals."""
    from sqlalchemy import func, select

    from app.models import Ontwikkeldoel, Ontwikkelplan, PlanStatus

    ids = view.model.ids()
    with sessions.begin() as session:
        best = session.execute(
            select(Ontwikkelplan.inwoner_id, func.count(Ontwikkeldoel.id))
            .join(Ontwikkeldoel, Ontwikkeldoel.plan_id == Ontwikkelplan.id)
            .where(Ontwikkelplan.inwoner_id.in_(ids[:2000]),
                   Ontwikkelplan.status == PlanStatus.VASTGESTELD)
            .group_by(Ontwikkelplan.inwoner_id)
            .order_by(func.count(Ontwikkeldoel.id).desc())
            .limit(1)
        ).first()  # fmt: skip
    return best[0] if best is not None else None


if __name__ == "__main__":
    raise SystemExit(main())
