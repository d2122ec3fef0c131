"""Render Koers's main screens with demo data to PNG files, for review.

    python scripts/screenshots.py --out docs/screenshots

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

    from app.startup import open_database
    from app.ui.application import build_main_window, make_application, resolve_actor

    app = make_application([sys.argv[0]])
    engine, sessions = open_database(f"sqlite:///{tmp / 'koers.db'}")
    fill_database(sessions, inwoners)
    actor_id = resolve_actor(sessions, None)
    window = build_main_window(sessions, actor_id, label=str(tmp / "koers.db"))
    window.resize(*SIZE)
    window.show()

    def settle(ms: int = 300) -> None:
        """Let searches finish and everything repaint."""
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.start(ms)
        while deadline.isActive() or window.inwoners.is_searching():
            QThreadPool.globalInstance().waitForDone(50)
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = out / name
        if not widget.grab().save(str(path)):
            raise SystemExit(f"kon {path} niet opslaan")
        print(path)

    view = window.inwoners
    settle(800)
    shot(window, "01-inwoners.png")

    view.search.setFocus()
    for letter in "jans":  # typed as a user would; the list narrows while typing
        view.search.insert(letter)
        settle(60)
    shot(window, "02-inwoners-zoeken-jans.png")

    inwoner_id = pick_inwoner_with_contacts(sessions, actor_id, view)
    view.search.clear()
    settle()
    dossier = window.open_dossier(inwoner_id)
    shot(window, "03-dossier-personalia.png")

    dossier.tabs.setCurrentWidget(dossier.journal)
    shot(window, "04-dossier-contactjournaal.png")

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
    window.close()
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


def fill_database(sessions, inwoners: int) -> None:
    """Demo data from app.services.demo; a small built-in set if that is not available."""
    try:
        from app.services.demo import generate_demo
    except ImportError:
        print("app.services.demo ontbreekt: kleine eigen demoset gebruikt", file=sys.stderr)
        fallback_demo(sessions)
        return
    generate_demo(sessions, inwoners=inwoners, seed=1, progress=None)


def fallback_demo(sessions) -> None:
    from sqlalchemy import select

    from app.models import Gemeente, Kanaal
    from app.services.contactmomenten import ContactGegevens, add_contactmoment
    from app.services.inwoners import InwonerGegevens, create_inwoner
    from app.services.medewerkers import ensure_local_user

    voornamen = ["Anna", "Pieter", "Fatima", "Mohamed", "Sanne", "Daan", "Emma", "Joost", "Ayşe"]
    achternamen = [("", "Jansen"), ("", "Janssen"), ("de", "Vries"), ("", "Bakker"),
                   ("van", "Dijk"), ("", "Yılmaz"), ("el", "Amrani"), ("", "Nowak")]  # fmt: skip
    with sessions.begin() as session:
        actor = ensure_local_user(session)
        gemeenten = list(session.scalars(select(Gemeente).where(Gemeente.opvolger_id.is_(None))))
        for i in range(50):
            tussenvoegsel, achternaam = achternamen[i % len(achternamen)]
            gemeente = gemeenten[i % len(gemeenten)]
            gegevens = InwonerGegevens(
                bsn=_bsn(i), voornamen=voornamen[i % len(voornamen)], tussenvoegsel=tussenvoegsel,
                achternaam=achternaam, geboortedatum=date(1965 + i % 35, 1 + i % 12, 1 + i % 27),
                straat="Kerkstraat", huisnummer=str(1 + i), postcode="4201 AB",
                woonplaats=gemeente.naam, woongemeente_id=gemeente.id,
                regievoerder_id=actor.id if i % 2 else None,
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


def _bsn(number: int) -> str:
    while True:
        digits = [int(c) for c in f"{20_000_000 + number:08d}"]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        number += 1


def pick_inwoner_with_contacts(sessions, actor_id, view) -> object:
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


if __name__ == "__main__":
    raise SystemExit(main())
