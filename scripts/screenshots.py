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
from datetime import date, timedelta
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

    from app.services.aanmelden import aanmelden
    from app.startup import open_database
    from app.ui.application import build_main_window, make_application
    from app.ui.login import LoginDialog

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

    # Signing in, as the demo teamleider (`koers --as … gui` prefills the name).
    login = LoginDialog(sessions, gebruikersnaam=accounts["teamleider"], database_label=label)
    login.show()
    login.wachtwoord.setText(wachtwoord)
    login.wachtwoord.setFocus()
    shot(login, "00-aanmelden.png")
    login.sign_in()
    actor_id = login.medewerker_id
    if actor_id is None:
        raise SystemExit(f"aanmelden als {accounts['teamleider']} mislukt: {login.error.text()}")

    window = build_main_window(sessions, actor_id, label=label)
    windows.append(window)
    window.resize(*SIZE)
    window.show()

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
    beheer.show_inwoners()

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


def type_text(form, name: str, text: str) -> None:
    widget = form.field(name)
    widget.setFocus()
    widget.setText(text)
    widget.textEdited.emit(text)
    widget.editingFinished.emit()


def fill_database(sessions, inwoners: int) -> tuple[dict[str, str], str]:
    """Demo data from app.services.demo; a small built-in set if that is not available.
    Returns the accounts to sign in with ({"teamleider": name, "beheerder": name}) and their
    password."""
    try:
        from app.services.demo import DEMO_WACHTWOORD, generate_demo
    except ImportError:
        print("app.services.demo ontbreekt: kleine eigen demoset gebruikt", file=sys.stderr)
        return fallback_demo(sessions)
    result = generate_demo(sessions, inwoners=inwoners, seed=1, progress=None)
    return result.accounts, DEMO_WACHTWOORD


def fallback_demo(sessions) -> tuple[dict[str, str], str]:
    from sqlalchemy import select

    from app.models import Gemeente, Kanaal, Organisatie, Rol, Team, TeamType
    from app.services.aanmelden import maak_eerste_beheerder
    from app.services.contactmomenten import ContactGegevens, add_contactmoment
    from app.services.inwoners import InwonerGegevens, create_inwoner
    from app.services.medewerkers import nieuwe_medewerker

    wachtwoord = "welkom-in-koers"
    voornamen = ["Anna", "Pieter", "Fatima", "Mohamed", "Sanne", "Daan", "Emma", "Joost", "Ayşe"]
    achternamen = [("", "Jansen"), ("", "Janssen"), ("de", "Vries"), ("", "Bakker"),
                   ("van", "Dijk"), ("", "Yılmaz"), ("el", "Amrani"), ("", "Nowak")]  # fmt: skip
    with sessions.begin() as session:
        beheerder = maak_eerste_beheerder(
            session,
            naam="Functioneel Beheer (demo)",
            gebruikersnaam="beheerder",
            wachtwoord=wachtwoord,
        )
        organisatie = session.scalar(select(Organisatie).where(Organisatie.naam == "Avres"))
        team = Team(naam="Team Gorinchem", organisatie=organisatie,
                    type=TeamType.LOKAAL_INTEGRAAL)  # fmt: skip
        session.add(team)
        session.flush()
        leider = nieuwe_medewerker(session, actor=beheerder, naam="Tineke de Leeuw",
                                   gebruikersnaam="tdeleeuw", wachtwoord=wachtwoord,
                                   rollen=[Rol.TEAMLEIDER], team_id=team.id)  # fmt: skip
        actor = nieuwe_medewerker(session, actor=beheerder, naam="Sanne Coach",
                                  gebruikersnaam="scoach", wachtwoord=wachtwoord,
                                  rollen=[Rol.JOBCOACH], team_id=team.id)  # fmt: skip
        gemeenten = list(session.scalars(select(Gemeente).where(Gemeente.opvolger_id.is_(None))))
        for i in range(50):
            tussenvoegsel, achternaam = achternamen[i % len(achternamen)]
            gemeente = gemeenten[i % len(gemeenten)]
            gegevens = InwonerGegevens(
                bsn=_bsn(i), voornamen=voornamen[i % len(voornamen)], tussenvoegsel=tussenvoegsel,
                achternaam=achternaam, geboortedatum=date(1965 + i % 35, 1 + i % 12, 1 + i % 27),
                straat="Kerkstraat", huisnummer=str(1 + i), postcode="4201 AB",
                woonplaats=gemeente.naam, woongemeente_id=gemeente.id, regievoerder_id=actor.id,
            )  # fmt: skip
            inwoner = create_inwoner(session, actor=actor, gegevens=gegevens)
            for days, kanaal, tekst in (
                (40, Kanaal.FYSIEK, "Intakegesprek: wensen en mogelijkheden besproken."),
                (12, Kanaal.TELEFOON, "Gebeld over de proefplaatsing; gaat goed."),
                (2, Kanaal.HUISBEZOEK, "Huisbezoek: cv bijgewerkt, vacatures doorgenomen."),
            ):
                add_contactmoment(session, actor=actor, inwoner_id=inwoner.id,
                                  gegevens=ContactGegevens(
                                      datum=date.today() - timedelta(days=days), kanaal=kanaal,
                                      samenvatting=tekst))  # fmt: skip
        return {"teamleider": leider.gebruikersnaam, "beheerder": "beheerder"}, wachtwoord


def _bsn(number: int) -> str:
    while True:
        digits = [int(c) for c in f"{20_000_000 + number:08d}"]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        number += 1


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
