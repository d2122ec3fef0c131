"""The `koers` command. Thin: parses arguments, calls services, prints Dutch text or JSON.

Exit codes: 0 ok, 1 refused by a rule or bad input (message on stderr, nothing written),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import __version__, config
from app.db import database_status, make_engine, upgrade_database
from app.models import Medewerker
from app.services.errors import DomainError
from app.services.medewerkers import ensure_local_user, get_by_username
from app.startup import open_database

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What every command gets: the database and who is acting."""

    engine: Engine
    sessions: sessionmaker[Session]
    gebruikersnaam: str | None
    fmt: str

    @contextmanager
    def unit_of_work(self) -> Iterator[tuple[Session, Medewerker]]:
        """One transaction with the acting medewerker: committed on success, rolled back on
        any error, so a refused command writes nothing."""
        with self.sessions.begin() as session:
            if self.gebruikersnaam:
                actor = get_by_username(session, self.gebruikersnaam)
            else:
                actor = ensure_local_user(session)
            yield session, actor


def progress_printer(label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return show


def emit(ctx: Context, data: dict, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if ctx.fmt == "json" else text)


# --- commands ----------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.application import run_gui

    return run_gui(database_url=config.database_url(args.database), gebruikersnaam=args.as_user)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = make_engine(config.database_url(args.database))
    before = database_status(engine)
    backup = upgrade_database(engine)
    after = database_status(engine)
    if before.up_to_date:
        print(f"De database is al bijgewerkt (versie {after.current}).")
    else:
        print(f"Database bijgewerkt van versie {before.current or 'leeg'} naar {after.current}.")
    if backup:
        print(f"Reservekopie: {backup}")
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    engine = make_engine(config.database_url(args.database))
    status = database_status(engine)
    data = {
        "database": status.url,
        "versie": status.current,
        "nieuwste_versie": status.head,
        "bijgewerkt": status.up_to_date,
    }
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        print(f"Database: {status.url}")
        print(f"Versie: {status.current or 'leeg'} (nieuwste: {status.head})")
        print("Bijgewerkt." if status.up_to_date else "Er zijn migraties die nog moeten draaien: "
              "`koers db upgrade`.")  # fmt: skip
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.demo import generate_demo

    result = generate_demo(
        ctx.sessions, inwoners=args.inwoners, seed=args.seed, progress=progress_printer("Demo")
    )
    emit(ctx, result.as_dict(), result.summary())
    return 0


def cmd_import_inwoners(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.inwoner_import import import_inwoners

    with ctx.unit_of_work() as (session, actor):
        regievoerder = get_by_username(session, args.regievoerder) if args.regievoerder else None
        result = import_inwoners(
            session, actor=actor, path=args.bestand, dry_run=args.dry_run,
            regievoerder=regievoerder,
        )  # fmt: skip
        if result.fouten or args.dry_run:
            session.rollback()
    if result.fouten:
        for fout in result.fouten:
            print(fout, file=sys.stderr)
        print(
            f"Niets geïmporteerd: {len(result.fouten)} fout(en) in {args.bestand}.",
            file=sys.stderr,
        )
        return 1
    emit(ctx, result.as_dict(), result.summary())
    return 0


# --- parser --------------------------------------------------------------------------------


class DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2, as argparse does, with a Dutch lead
        self.print_usage(sys.stderr)
        self.exit(2, f"koers: onjuist gebruik: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="koers",
        description="Koers: casemanagement voor sociaal ontwikkelbedrijven en sociale diensten.",
    )
    parser.add_argument("--version", action="version", version=f"Koers {__version__}")
    parser.add_argument(
        "--database", metavar="URL",
        help="SQLAlchemy-URL van de database (standaard KOERS_DATABASE_URL of de ingebouwde "
        "SQLite-database in de gegevensmap)",
    )  # fmt: skip
    parser.add_argument(
        "--as", dest="as_user", metavar="GEBRUIKERSNAAM",
        help="handel als deze medewerker (standaard de lokale gebruiker)",
    )  # fmt: skip
    sub = parser.add_subparsers(
        dest="command", metavar="OPDRACHT", parser_class=DutchArgumentParser
    )

    gui = sub.add_parser("gui", help="open het programma (standaard)")
    gui.set_defaults(func=cmd_gui, needs_context=False)

    db = sub.add_parser("db", help="databasebeheer")
    db_sub = db.add_subparsers(dest="db_command", metavar="OPDRACHT", required=True)
    upgrade = db_sub.add_parser("upgrade", help="voer openstaande migraties uit (met reservekopie)")
    upgrade.set_defaults(func=cmd_db_upgrade, needs_context=False)
    status = db_sub.add_parser("status", help="toon de versie van de database")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.set_defaults(func=cmd_db_status, needs_context=False)

    demo = sub.add_parser(
        "demo", help="vul een lege database met fictieve demogegevens",
        description="Vult een lege database met fictieve, reproduceerbare demogegevens.",
    )  # fmt: skip
    demo.add_argument("--inwoners", type=_positive_int, default=1000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--format", choices=("text", "json"), default="text")
    demo.set_defaults(func=cmd_demo, needs_context=True)

    imp = sub.add_parser("import", help="importeer gegevens uit een bestand")
    imp_sub = imp.add_subparsers(dest="import_command", metavar="SOORT", required=True)
    inw = imp_sub.add_parser(
        "inwoners", help="importeer inwoners uit een CSV-bestand",
        description="Importeert inwoners uit een CSV-bestand (zie README). Eerst wordt elke "
        "regel gecontroleerd; bij één fout wordt niets geïmporteerd.",
    )  # fmt: skip
    inw.add_argument("bestand", type=Path, metavar="BESTAND.csv")
    inw.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    inw.add_argument(
        "--regievoerder",
        metavar="GEBRUIKERSNAAM",
        help="maak deze medewerker regievoerder van alle geïmporteerde inwoners",
    )
    inw.add_argument("--format", choices=("text", "json"), default="text")
    inw.set_defaults(func=cmd_import_inwoners, needs_context=True)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("moet minstens 1 zijn")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "gui"])
    config.setup_logging()
    try:
        if not args.needs_context:
            return args.func(args)
        engine, sessions = open_database(config.database_url(args.database))
        if args.as_user:  # refuse an unknown --as before any command runs
            with sessions.begin() as session:
                get_by_username(session, args.as_user)
        ctx = Context(engine, sessions, args.as_user, getattr(args, "format", "text"))
        return args.func(args, ctx)
    except DomainError as error:
        print(f"koers: {error.message}", file=sys.stderr)
        return 1
    except OperationalError as error:
        log.exception("Databasefout")
        print(
            f"koers: de database is niet bereikbaar of beschadigd: {error.orig}",
            file=sys.stderr,
        )
        return 1
