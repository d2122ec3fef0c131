"""The `koers` command. Thin: parses arguments, calls services, prints Dutch text or JSON.

Exit codes: 0 ok, 1 refused by a rule or bad input (message on stderr, nothing written),
2 usage error.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app import __version__, config, teamserver, versleuteling
from app.db import database_status, make_engine, upgrade_database
from app.models import Medewerker, Rol
from app.services.audit import record_refusal, velden_tekst, zoek_audit
from app.services.backup import (
    BackupError,
    backup_map,
    backup_naam,
    controleer,
    database_bestand,
    herstel,
    maak_backup,
    ontsleutel,
    versleutel,
)
from app.services.bestanden import write_atomically
from app.services.bewaartermijnen import sluit_dossier, verlopen_dossiers, vernietig
from app.services.errors import ConflictError, DomainError, ToegangGeweigerd
from app.services.gemeenten import gemeenten_by_name
from app.services.inwoners import get_inwoner, zoek_op_bsn
from app.services.inzage import maak_inzage
from app.services.iop_afdrukken import print_caseload, print_plan_for_bsn
from app.services.kpi import BANDEN, Dimensie
from app.services.medewerkers import (
    get_by_username,
    list_teams,
    nieuwe_medewerker,
    overzicht_medewerkers,
)
from app.services.normen import Niveau
from app.services.rechten import matrix_rows
from app.services.text import (
    begin_of_day,
    fold,
    format_date,
    format_moment,
    format_money,
    nl_int,
    parse_date,
)
from app.services.werkvoorraad import werkvoorraad
from app.startup import DatabaseNieuwer, ServerVerouderd, open_database, server_bijwerken

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
        """One transaction with the acting medewerker (`--as`): committed on success, rolled
        back on any error, so a refused command writes nothing. A refused access is recorded in
        the audit trail afterwards, in a transaction of its own."""
        if not self.gebruikersnaam:
            raise DomainError("Geef met --as GEBRUIKERSNAAM aan namens welke medewerker u werkt.")
        actor_id = None
        try:
            with self.sessions.begin() as session:
                actor = get_by_username(session, self.gebruikersnaam)
                actor_id = actor.id
                yield session, actor
        except ToegangGeweigerd as error:
            if actor_id is not None:
                record_refusal(self.sessions, medewerker_id=actor_id,
                               gebruikersnaam=self.gebruikersnaam, error=error)  # fmt: skip
            raise


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

    return run_gui(database_url=args.database, gebruikersnaam=args.as_user)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = make_engine(config.database_url(args.database))
    before = database_status(engine)
    if before.newer:
        raise DatabaseNieuwer(before)
    backup = None
    if before.older and engine.dialect.name != "sqlite":
        # A shared server: only a functioneel beheerder, and only when confirmed.
        if not args.as_user:
            raise DomainError(
                f"De database op de server heeft versie {before.current}; alleen een "
                "functioneel beheerder mag hem bijwerken: koers --as GEBRUIKERSNAAM db upgrade"
            )
        gevolg = (f"De server {before.url} wordt bijgewerkt van versie {before.current} naar "
                  f"{before.head}. Collega's met een oudere Koers kunnen daarna pas weer werken "
                  "als zij Koers hebben bijgewerkt.")  # fmt: skip
        if not _bevestigd(args, gevolg):
            print("Afgebroken; de server is niet bijgewerkt.", file=sys.stderr)
            return 1
        server_bijwerken(engine, gebruikersnaam=args.as_user, wachtwoord=None)
    else:
        backup = upgrade_database(engine)
    after = database_status(engine)
    if before.up_to_date:
        print(f"De database is al bijgewerkt (versie {after.current}).")
    else:
        print(f"Database bijgewerkt van versie {before.current or 'leeg'} naar {after.current}.")
    if backup:
        print(f"Reservekopie: {backup}")
    return 0


def _bevestigd(args: argparse.Namespace, gevolg: str) -> bool:
    """--ja, or "ja" typed on a terminal; without a terminal the command asks for --ja."""
    if args.ja:
        return True
    if not sys.stdin.isatty():
        raise DomainError(f"{gevolg} Bevestig met --ja.")
    return input(f"{gevolg} Typ ja om door te gaan: ").strip().lower() == "ja"


def cmd_db_status(args: argparse.Namespace) -> int:
    engine = make_engine(config.database_url(args.database))
    status = database_status(engine)
    data = {
        "database": status.url,
        "versie": status.current,
        "nieuwste_versie": status.head,
        "bijgewerkt": status.up_to_date,
        "nieuwer_dan_koers": status.newer,
    }
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        print(f"Database: {status.url}")
        print(f"Versie: {status.current or 'leeg'} (nieuwste: {status.head})")
        print(teamserver.stand(status) if not status.older else
              "Er zijn migraties die nog moeten draaien: `koers db upgrade`.")  # fmt: skip
    return 0


def _sqlite_database(args: argparse.Namespace) -> Path:
    """The embedded database file; refuses a PostgreSQL server (backed up on the server)."""
    return database_bestand(config.database_url(args.database))


def cmd_backup(args: argparse.Namespace) -> int:
    database = _sqlite_database(args)
    if args.output is not None:
        doel = args.output
        if doel.exists():
            raise BackupError(f"{doel} bestaat al; kies een ander bestand. Er is niets "
                              "geschreven.")  # fmt: skip
    else:
        doel = backup_map(database) / backup_naam(database)
        if database.is_file():
            doel.parent.mkdir(mode=0o700, exist_ok=True)
    print(maak_backup(database, doel))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    database = _sqlite_database(args)
    problemen = controleer(args.bestand, versleuteling.sleutel_van(database))
    if problemen:
        raise BackupError(f"De reservekopie {args.bestand} is niet in orde; er is niets "
                          "hersteld.\n" + "\n".join(problemen))  # fmt: skip
    gevolg = (f"Herstellen vervangt de database {database} door {args.bestand} (de huidige "
              "wordt bewaard).")  # fmt: skip
    if not _bevestigd(args, gevolg):
        print("Afgebroken; er is niets hersteld.", file=sys.stderr)
        return 1
    bewaard = herstel(args.bestand, database)
    print(f"Database hersteld uit {args.bestand}.")
    if bewaard:
        print(f"De vervangen database is bewaard als {bewaard}.")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    database = _sqlite_database(args)
    problemen = controleer(database, versleuteling.sleutel_van(database))
    if not problemen:
        print("Database in orde.")
        return 0
    for probleem in problemen:
        print(probleem)
    print(f"koers: de database {database} is niet in orde ({len(problemen)} probleem/problemen).",
          file=sys.stderr)  # fmt: skip
    return 1


def cmd_server_toon(args: argparse.Namespace) -> int:
    server = teamserver.lees()
    if server is None:
        print(f"Geen teamserver ingesteld; Koers gebruikt {config.default_database_url()}.")
        return 0
    wachtwoord = "bewaard in de sleutelbos" if config.load_secret(server.sleutel) else "ontbreekt"
    print(f"Teamserver: {server.omschrijving}")
    print(f"Beveiliging: {teamserver.TLS_MODI[server.tls]}")
    print(f"Wachtwoord: {wachtwoord}")
    return 0


def cmd_server_test(args: argparse.Namespace) -> int:
    server = teamserver.lees()
    if server is None:
        raise DomainError("Er is geen teamserver ingesteld: koers server instellen …")
    uitslag = teamserver.test_verbinding(server, config.load_secret(server.sleutel))
    print(uitslag.melding, file=sys.stdout if uitslag.gelukt else sys.stderr)
    return 0 if uitslag.gelukt else 1


def cmd_server_instellen(args: argparse.Namespace) -> int:
    server = teamserver.Teamserver(host=args.host.strip(), port=args.poort,
                                   database=args.db_naam.strip(),
                                   gebruiker=args.gebruiker.strip(), tls=args.tls)  # fmt: skip
    if fouten := teamserver.controleer(server):
        raise DomainError(" ".join(fouten.values()) + " Er is niets opgeslagen.")
    wachtwoord = _read_password(args)
    if not args.zonder_test:
        uitslag = teamserver.test_verbinding(server, wachtwoord)
        if not uitslag.gelukt:
            raise DomainError(f"{uitslag.melding} Er is niets opgeslagen (--zonder-test slaat "
                              "de instellingen toch op).")  # fmt: skip
        print(uitslag.melding)
    teamserver.bewaar(server, wachtwoord)
    print(f"Teamserver ingesteld: {server.omschrijving}; het wachtwoord staat in de sleutelbos.")
    return 0


def cmd_server_vergeet(args: argparse.Namespace) -> int:
    teamserver.vergeet()
    print(f"Geen teamserver meer ingesteld; Koers gebruikt {config.default_database_url()}.")
    return 0


def cmd_versleutel(args: argparse.Namespace) -> int:
    database = _sqlite_database(args)
    if args.uit:
        gevolg = (f"De database {database} wordt weer onversleuteld opgeslagen; wie de laptop "
                  "heeft, kan de gegevens dan lezen.")  # fmt: skip
        if not _bevestigd(args, gevolg):
            print("Afgebroken; er is niets veranderd.", file=sys.stderr)
            return 1
        ontsleutel(database)
        print(f"De database {database} is niet meer versleuteld. De sleutel blijft in de "
              "sleutelbos voor de versleutelde reservekopieën.")  # fmt: skip
        return 0
    gevolg = (
        f"De database {database} wordt versleuteld met een sleutel die alleen in de "
        "sleutelbos van deze computer staat; zonder die sleutel kan niemand de gegevens "
        "lezen. Onversleutelde reservekopieën worden verwijderd. Sluit Koers eerst."
    )
    if not _bevestigd(args, gevolg):
        print("Afgebroken; er is niets veranderd.", file=sys.stderr)
        return 1
    verwijderd = versleutel(database)
    print(f"De database {database} is versleuteld; de sleutel staat in de sleutelbos.")
    if verwijderd:
        print(f"{len(verwijderd)} onversleutelde reservekopie(ën) verwijderd; de volgende start "
              "maakt een nieuwe, versleutelde.")  # fmt: skip
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure what users feel on a demo database of N inwoners (see app/bench)."""
    from app.bench.run import Opdracht, bench

    url = args.bench_database or args.database
    if args.uitvoer.exists() and not args.uitvoer.is_dir():
        raise DomainError(f"{args.uitvoer} is geen map; geef met --uitvoer een map op.")
    opdracht = Opdracht(inwoners=args.inwoners, database=url, map=args.map,
                        gui=not args.zonder_gui, schaal=not args.zonder_schaal)  # fmt: skip
    uitslag = bench(opdracht, lambda tekst: print(tekst, file=sys.stderr),
                    progress_printer("Demo"))  # fmt: skip
    args.uitvoer.mkdir(parents=True, exist_ok=True)
    tekst = json.dumps(uitslag.as_dict(), ensure_ascii=False, indent=2)
    write_atomically(args.uitvoer / "bench-results.json", (tekst + "\n").encode())
    write_atomically(args.uitvoer / "bench-results.md", uitslag.markdown().encode())
    print(tekst if args.format == "json" else uitslag.markdown())
    print(f"Uitslag geschreven naar {args.uitvoer / 'bench-results.json'} en "
          f"{args.uitvoer / 'bench-results.md'}.", file=sys.stderr)  # fmt: skip
    return 0


def cmd_snelkoppeling(args: argparse.Namespace) -> int:
    from app.snelkoppeling import schrijf_snelkoppeling

    pad = schrijf_snelkoppeling(args.map)
    print(f"Menu-item geschreven: {pad}. Koers staat nu in het programmamenu (Kantoor).")
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    if args.verwijderen:
        return _verwijder_demo(ctx)
    from app.services.demo import generate_demo

    result = generate_demo(
        ctx.sessions,
        inwoners=args.inwoners,
        seed=args.seed,
        contacten=args.contacten,
        progress=progress_printer("Demo"),
    )
    emit(ctx, result.as_dict(), result.summary())
    return 0


def _verwijder_demo(ctx: Context) -> int:
    from app.services.demodatabase import controleer_verwijderen, verwijder_demodatabase

    with ctx.unit_of_work() as (session, actor):
        controleer_verwijderen(session, actor=actor)
    pad = verwijder_demodatabase(ctx.engine)
    emit(ctx, {"verwijderd": str(pad)}, f"Demodatabase verwijderd: {pad}. Bij de volgende start "
                                        "begint Koers opnieuw met een lege database.")  # fmt: skip
    return 0


def _koppeling(args: argparse.Namespace, formaat):
    """The mapping for this kind of record from --mapping, or None (Koers' own layout)."""
    from app.services.koppeling import lees_koppeling

    if args.mapping is None:
        return None
    koppelingen = [k for k in lees_koppeling(args.mapping) if k.entiteit == formaat.entiteit]
    if not koppelingen:
        raise DomainError(f"{args.mapping} bevat geen koppeling voor {formaat.entiteit}.")
    return koppelingen[0]


def _importeer(args: argparse.Namespace, ctx: Context, formaat, importeer) -> int:
    """Check, import (or only check with --dry-run) and report, for every kind of record;
    `importeer(session, actor, koppeling)` runs the service."""
    from app.services.importverslag import schrijf_foutenverslag

    koppeling = _koppeling(args, formaat)
    with ctx.unit_of_work() as (session, actor):
        result = importeer(session, actor, koppeling)
        if args.dry_run or (result.fouten and not result.geimporteerd):
            session.rollback()
    if result.fouten and result.geimporteerd:  # --alleen-geldige: imported, with left-outs
        for fout in result.fouten:
            print(fout, file=sys.stderr)
        emit(ctx, result.as_dict(), result.summary())
        return 0
    if result.fouten:
        for fout in result.fouten:
            print(fout, file=sys.stderr)
        print(
            f"Niets geïmporteerd: {len(result.fouten)} fout(en) in {args.bestand}.",
            file=sys.stderr,
        )
        if args.verslag is not None:
            schrijf_foutenverslag(args.verslag, args.bestand, result)
            print(f"Verslag met een kolom 'fout' per regel: {args.verslag}", file=sys.stderr)
        return 1
    emit(ctx, result.as_dict(), result.summary())
    return 0


def cmd_import_inwoners(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import inwoner_import as imp

    def importeer(session, actor, koppeling):
        regievoerder = get_by_username(session, args.regievoerder) if args.regievoerder else None
        return imp.import_inwoners(
            session, actor=actor, path=args.bestand, dry_run=args.dry_run,
            regievoerder=regievoerder, koppeling=koppeling,
            voortgang=progress_printer("Importeren"), alleen_geldig=args.alleen_geldige,
        )  # fmt: skip

    return _importeer(args, ctx, imp.FORMAAT, importeer)


def cmd_import_contactmomenten(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import contact_import as imp

    def importeer(session, actor, koppeling):
        return imp.import_contactmomenten(
            session, actor=actor, path=args.bestand, dry_run=args.dry_run, koppeling=koppeling,
            voortgang=progress_printer("Importeren"), alleen_geldig=args.alleen_geldige,
        )  # fmt: skip

    return _importeer(args, ctx, imp.FORMAAT, importeer)


def _koppelingen(args: argparse.Namespace, formaten) -> dict | None:
    """The mappings for a set of files from --mapping, by layout name."""
    from app.services.koppeling import lees_koppeling

    if args.mapping is None:
        return None
    namen = {f.entiteit for f in formaten}
    return {k.entiteit: k for k in lees_koppeling(args.mapping) if k.entiteit in namen}


def _importeer_set(args: argparse.Namespace, ctx: Context, importeer, verslagen) -> int:
    """Like `_importeer`, for records that come in several files (a plan with its goals):
    `verslagen(map, result)` writes one error report per file into --verslag MAP."""
    with ctx.unit_of_work() as (session, actor):
        result = importeer(session, actor)
        if result.fouten or args.dry_run:
            session.rollback()
    if result.fouten:
        for fout in result.fouten:
            print(fout, file=sys.stderr)
        print(f"Niets geïmporteerd: {len(result.fouten)} fout(en).", file=sys.stderr)
        if args.verslag is not None:
            args.verslag.mkdir(parents=True, exist_ok=True)
            for pad in verslagen(args.verslag, result):
                print(f"Verslag met een kolom 'fout' per regel: {pad}", file=sys.stderr)
        return 1
    emit(ctx, result.as_dict(), result.summary())
    return 0


# The kinds of record that come as a set of files: per command, the service function, its file
# arguments (service keyword → command-line attribute) and whether its error report is one
# workbook with a sheet per file (else one workbook per file, written by the module).
_SETS_IMPORT = {
    "ontwikkelplannen": ("import_plannen", {"plannen": "bestand", "doelen": "doelen",
                                            "afspraken": "afspraken"}, False),
    "trajecten": ("import_trajecten", {"trajecten": "bestand", "overgangen": "faseovergangen",
                                       "plaatsingen": "plaatsingen"}, True),
    "schuldhulp": ("import_schuldhulp", {"trajecten": "bestand", "overgangen": "overgangen",
                                         "schulden": "schulden"}, True),
    "loonwaarde": ("import_loonwaarde", {"metingen": "bestand", "taken": "taken"}, False),
}  # fmt: skip


def cmd_import_set(args: argparse.Namespace, ctx: Context) -> int:
    module = _sets()[args.import_command]
    functie, bestanden, een_werkmap = _SETS_IMPORT[args.import_command]
    koppelingen = _koppelingen(args, module.FORMATEN)

    def importeer(session, actor):
        paden = {kwarg: getattr(args, attr) for kwarg, attr in bestanden.items()}
        return getattr(module, functie)(
            session, actor=actor, dry_run=args.dry_run, koppelingen=koppelingen,
            voortgang=progress_printer("Importeren"), **paden,
        )  # fmt: skip

    def verslagen(map: Path, result) -> list[Path]:
        if not een_werkmap:
            return module.schrijf_foutenverslagen(map, result)
        pad = map / f"{args.import_command}-fouten.xlsx"  # one sheet per file
        module.schrijf_foutenverslag(pad, result)
        return [pad]

    return _importeer_set(args, ctx, importeer, verslagen)


def cmd_export_set(args: argparse.Namespace, ctx: Context) -> int:
    """Export a kind of record that takes several files (plans with goals and agreements)."""
    module = _sets()[args.export_command]
    bestaand = [args.output / f"{f.entiteit}.{args.formaat}" for f in module.FORMATEN
                if (args.output / f"{f.entiteit}.{args.formaat}").exists()]  # fmt: skip
    if bestaand:
        raise DomainError(f"{bestaand[0]} bestaat al; kies een andere map.")
    args.output.mkdir(parents=True, exist_ok=True)
    with ctx.unit_of_work() as (session, actor):
        aantallen = module.exporteer(session, actor=actor, map=args.output, formaat=args.formaat)
    for naam, aantal in aantallen.items():
        print(f"{nl_int(aantal)} {naam} geëxporteerd naar {args.output}.")
    return 0


def _sets() -> dict:
    """Kinds of record that move as a set of files, by their name on the command line."""
    from app.services import loonwaarde_import, plan_import, schuldhulp_import, traject_import

    return {"ontwikkelplannen": plan_import, "trajecten": traject_import,
            "schuldhulp": schuldhulp_import, "loonwaarde": loonwaarde_import}  # fmt: skip


def _formaten() -> dict:
    """Every layout by name, for `koers import koppeling --soort` and the templates."""
    formaten = [m.FORMAAT for m in _uitwisseling().values()]
    formaten += [f for m in _sets().values() for f in m.FORMATEN]
    return {f.entiteit: f for f in formaten}


def _uitwisseling() -> dict:
    """Every kind of record that moves in and out, by its name on the command line."""
    from app.services import contact_import, inwoner_import

    return {"inwoners": inwoner_import, "contactmomenten": contact_import}


def cmd_import_sjabloon(args: argparse.Namespace) -> int:
    from app.services.importverslag import schrijf_sjablonen

    if args.sjabloon is None:
        raise DomainError("Kies wat u importeert (bijvoorbeeld: koers import inwoners BESTAND), "
                          "of schrijf sjablonen met --sjabloon MAP.")  # fmt: skip
    for pad in schrijf_sjablonen(args.sjabloon, list(_formaten().values())):
        print(pad)
    return 0


def cmd_import_koppeling(args: argparse.Namespace) -> int:
    from app.services.koppeling import kopfouten, voorstel
    from app.services.tabellen import lees

    formaat = _formaten()[args.soort]
    tabel = lees(args.bestand)
    koppeling = voorstel(formaat, tabel.kolommen)
    if args.output.exists():
        raise DomainError(f"{args.output} bestaat al; kies een ander bestand.")
    koppeling.bewaar(args.output)
    for kolom in formaat.namen:
        print(f"{kolom:<15} ← {koppeling.kolommen.get(kolom, '(niet gekoppeld)')}")
    for probleem in kopfouten(formaat, koppeling, tabel.kolommen):
        print(f"Let op: {probleem}.", file=sys.stderr)
    print(f"Koppeling geschreven naar {args.output}; pas die zo nodig aan.")
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    module = _uitwisseling()[args.export_command]
    if args.output.exists():
        raise DomainError(f"{args.output} bestaat al; kies een ander bestand.")
    with ctx.unit_of_work() as (session, actor):
        aantal = module.exporteer(session, actor=actor, pad=args.output)
    print(f"{nl_int(aantal)} {args.export_command} geëxporteerd naar {args.output}.")
    return 0


def _rol(text: str) -> Rol:
    for rol in Rol:
        if text.strip().lower().replace("-", "_") == rol.value.lower():
            return rol
    keuzes = ", ".join(r.value.lower().replace("_", "-") for r in Rol)
    raise argparse.ArgumentTypeError(f"onbekende rol '{text}' (kies uit: {keuzes})")


def _decimaal(text: str) -> Decimal:
    from app.services.loonwaarde import decimaal

    try:
        return decimaal(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen getal") from None


def _datum(text: str) -> date:
    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum (dd-mm-jjjj of jjjj-mm-dd)")
    return value


def _read_password(args: argparse.Namespace) -> str:
    """From standard input with --wachtwoord-stdin (scripts), else asked twice on a terminal;
    never from an option, which would end up in the shell history."""
    if args.wachtwoord_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise DomainError("Geef het wachtwoord via --wachtwoord-stdin of start op een terminal.")
    eerste = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Herhaal het wachtwoord: ") != eerste:
        raise DomainError("De wachtwoorden verschillen; er is niets opgeslagen.")
    return eerste


def cmd_gebruiker_add(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.aanmelden import eerste_beheerder_nodig, maak_eerste_beheerder

    wachtwoord = _read_password(args)
    if not ctx.gebruikersnaam:
        with ctx.sessions.begin() as session:
            if not eerste_beheerder_nodig(session) or args.rollen != [Rol.FUNCTIONEEL_BEHEERDER]:
                raise DomainError(
                    "Geef met --as aan welke functioneel beheerder dit account aanmaakt. Alleen "
                    "de eerste functioneel beheerder van een lege database kan zonder --as."
                )
            medewerker = maak_eerste_beheerder(session, naam=args.naam,
                gebruikersnaam=args.gebruikersnaam, wachtwoord=wachtwoord)  # fmt: skip
            naam = medewerker.gebruikersnaam
    else:
        with ctx.unit_of_work() as (session, actor):
            team = _team(session, args.team) if args.team else None
            gemeente = _gemeente(session, args.gemeente) if args.gemeente else None
            medewerker = nieuwe_medewerker(
                session, actor=actor, naam=args.naam, gebruikersnaam=args.gebruikersnaam,
                wachtwoord=wachtwoord, rollen=args.rollen,
                team_id=team.id if team else None, gemeente_id=gemeente.id if gemeente else None,
            )  # fmt: skip
            naam = medewerker.gebruikersnaam
    emit(ctx, {"gebruikersnaam": naam}, f"Medewerker '{naam}' aangemaakt.")
    return 0


def _team(session: Session, naam: str):
    for team in list_teams(session):
        if fold(team.naam) == fold(naam):
            return team
    raise DomainError(f"Er is geen team '{naam}'.")


def _gemeente(session: Session, naam: str):
    gemeente = gemeenten_by_name(session).get(fold(naam))
    if gemeente is None:
        raise DomainError(f"Er is geen gemeente '{naam}'.")
    return gemeente


def cmd_gebruiker_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.unit_of_work() as (session, actor):
        rows = [
            {"gebruikersnaam": m.gebruikersnaam, "naam": m.naam,
             "rollen": sorted(r.value for r in m.rollen),
             "team": m.team.naam if m.team else None, "actief": m.actief,
             "geblokkeerd_tot": m.geblokkeerd_tot.isoformat() if m.geblokkeerd_tot else None}
            for m in overzicht_medewerkers(session, actor=actor)
        ]  # fmt: skip
    labels = {rol.value: rol.label for rol in Rol}
    text = "\n".join(
        f"{r['gebruikersnaam']:<22} {r['naam']:<30} {(r['team'] or '–'):<28} "
        + ", ".join(labels[rol] for rol in r["rollen"])
        + ("" if r["actief"] else "  (niet actief)")
        for r in rows
    )
    emit(ctx, {"medewerkers": rows}, text or "Nog geen medewerkers.")
    return 0


def _audit_rows(records) -> list[dict]:
    return [
        {"moment": r.moment.isoformat(), "gebruiker": r.gebruikersnaam, "actie": r.actie.value,
         "omschrijving": r.actie.label, "onderwerp": r.onderwerp,
         "inwoner_id": str(r.inwoner_id) if r.inwoner_id else None, "velden": r.velden,
         "reden": r.reden}
        for r in records
    ]  # fmt: skip


def cmd_audit(args: argparse.Namespace, ctx: Context) -> int:
    van = begin_of_day(args.van) if args.van else None
    tot = begin_of_day(args.tot + timedelta(days=1)) if args.tot else None
    with ctx.unit_of_work() as (session, actor):
        records = zoek_audit(session, actor=actor, bsn=args.bsn, gebruikersnaam=args.gebruiker,
                             van=van, tot=tot)  # fmt: skip
        rows = _audit_rows(records)
        moments = [format_moment(r.moment) for r in records]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, delimiter=";")
        writer.writerow(["moment", "gebruiker", "actie", "onderwerp", "inwoner_id", "velden",
                         "reden"])  # fmt: skip
        for row in rows:
            velden = json.dumps(row["velden"], ensure_ascii=False) if row["velden"] else ""
            writer.writerow([row["moment"], row["gebruiker"], row["actie"], row["onderwerp"],
                             row["inwoner_id"] or "", velden, row["reden"] or ""])  # fmt: skip
    else:
        for moment, row in zip(moments, rows, strict=True):
            velden = velden_tekst(row["velden"])
            print(f"{moment}  {row['gebruiker']:<20} {row['omschrijving']:<40} {velden}"
                  + (f"  (reden: {row['reden']})" if row["reden"] else ""))  # fmt: skip
        if not rows:
            print("Geen auditregels gevonden.")
    return 0


def cmd_inzage(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.unit_of_work() as (session, actor):
        result = maak_inzage(session, actor=actor, bsn=args.bsn, directory=args.output)
    emit(ctx, {"json": str(result.json_path), "pdf": str(result.pdf_path)},
         f"Inzage geschreven:\n  {result.json_path}\n  {result.pdf_path}")  # fmt: skip
    return 0


def cmd_bewaartermijn(args: argparse.Namespace, ctx: Context) -> int:
    if args.vernietig:
        return _vernietig(args, ctx)
    with ctx.unit_of_work() as (session, actor):
        verlopen = verlopen_dossiers(session, actor=actor, peildatum=args.peildatum)
    rows = [{"inwoner_id": str(d.inwoner_id), "naam": d.naam,
             "gesloten_op": d.gesloten_op.isoformat(), "verlopen_op": d.verlopen_op.isoformat()}
            for d in verlopen]  # fmt: skip
    text = "\n".join(
        f"{format_date(d.gesloten_op)}  verlopen {format_date(d.verlopen_op)}  {d.naam}"
        for d in verlopen
    )
    emit(ctx, {"verlopen": rows}, (text + f"\n{len(rows)} dossier(s) over de bewaartermijn.")
         if rows else "Geen dossiers over de bewaartermijn.")  # fmt: skip
    return 0


def _vernietig(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.unit_of_work() as (session, actor):
        aantal = len(verlopen_dossiers(session, actor=actor, peildatum=args.peildatum))
    if aantal == 0:
        print("Geen dossiers over de bewaartermijn; er is niets vernietigd.")
        return 0
    if not args.ja:
        if not sys.stdin.isatty():
            raise DomainError(f"{aantal} dossier(s) zouden worden geanonimiseerd. Bevestig met "
                              "--ja; dit kan niet ongedaan worden gemaakt.")  # fmt: skip
        antwoord = input(f"{aantal} dossier(s) anonimiseren? Dit kan niet ongedaan worden "
                         "gemaakt. Typ JA om door te gaan: ")  # fmt: skip
        if antwoord.strip() != "JA":
            print("Afgebroken; er is niets vernietigd.")
            return 1
    pad = args.rapport or Path(f"vernietigingsrapport-{datetime.now():%Y%m%d-%H%M%S}.json")
    if not pad.parent.is_dir():
        raise DomainError(f"De map voor het rapport bestaat niet: {pad.parent}. Er is niets "
                          "vernietigd.")  # fmt: skip
    with ctx.unit_of_work() as (session, actor):
        rapport = vernietig(session, actor=actor, peildatum=args.peildatum)
        # Inside the transaction: if the report cannot be written, nothing is destroyed.
        try:
            write_atomically(pad, json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2)
                             .encode("utf-8"))  # fmt: skip
        except OSError as error:
            raise DomainError(f"Het rapport kon niet worden geschreven ({error.strerror}); er "
                              "is niets vernietigd.") from None  # fmt: skip
    print(f"{len(rapport.dossiers)} dossier(s) geanonimiseerd. Rapport: {pad}")
    return 0


def _print_dossier(ctx: Context, inwoner) -> None:
    data = {
        "bsn": inwoner.bsn, "naam": inwoner.volledige_naam,
        "geboortedatum": inwoner.geboortedatum.isoformat(),
        "adres": " ".join(p for p in (inwoner.straat, inwoner.huisnummer, inwoner.postcode,
                                      inwoner.woonplaats) if p) or None,
        "woongemeente": inwoner.woongemeente.naam, "betaalgemeente": inwoner.betaalgemeente.naam,
        "telefoon": inwoner.telefoon, "email": inwoner.email,
        "regievoerder": inwoner.regievoerder.naam if inwoner.regievoerder else None,
        "dossier_gesloten_op": inwoner.dossier_gesloten_op.isoformat()
        if inwoner.dossier_gesloten_op else None,
    }  # fmt: skip
    labels = {"bsn": "BSN", "email": "E-mail", "geboortedatum": "Geboortedatum",
              "dossier_gesloten_op": "Dossier gesloten op"}  # fmt: skip
    shown = {**data, "geboortedatum": format_date(inwoner.geboortedatum),
             "dossier_gesloten_op": format_date(inwoner.dossier_gesloten_op)}  # fmt: skip
    text = "\n".join(f"{labels.get(k, k.capitalize()):<20} {v}" for k, v in shown.items() if v)
    emit(ctx, data, text)


def cmd_inwoner_toon(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.unit_of_work() as (session, actor):
        inwoner_id = zoek_op_bsn(session, actor=actor, bsn=args.bsn)
        inwoner = get_inwoner(session, actor=actor, inwoner_id=inwoner_id, reden=args.reden)
        _print_dossier(ctx, inwoner)
    return 0


def cmd_inwoner_sluit(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.unit_of_work() as (session, actor):
        inwoner_id = zoek_op_bsn(session, actor=actor, bsn=args.bsn)
        sluit_dossier(session, actor=actor, inwoner_id=inwoner_id, datum=args.datum,
                      reden=args.reden)  # fmt: skip
    print(f"Dossier gesloten per {format_date(args.datum)}; de bewaartermijn loopt vanaf dan.")
    return 0


def cmd_print_iop(args: argparse.Namespace, ctx: Context) -> int:
    if args.bsn:
        with ctx.unit_of_work() as (session, actor):
            pdf, naam = print_plan_for_bsn(session, actor=actor, bsn=args.bsn, reden=args.reden)
        path = args.output or Path(naam)
        if path.is_dir():
            path = path / naam
        write_atomically(path, pdf)
        emit(ctx, {"bestand": str(path)}, f"Ontwikkelplan afgedrukt naar {path}")
        return 0
    if not args.output:
        raise DomainError("Geef met -o de map op waarin de plannen komen.")
    with ctx.unit_of_work() as (_session, actor):
        actor_id = actor.id
    result = print_caseload(
        ctx.sessions, actor_id=actor_id, medewerker=args.medewerker, directory=args.output,
        progress=progress_printer("Afdrukken"),
    )  # fmt: skip
    tekst = f"{len(result.geschreven)} plan(nen) afgedrukt in {args.output}."
    if result.zonder_plan:
        tekst += f" {result.zonder_plan} inwoner(s) op de caseload hebben nog geen plan."
    emit(ctx, {"bestanden": [str(p) for p in result.geschreven],
               "zonder_plan": result.zonder_plan}, tekst)  # fmt: skip
    return 0


def _werkvoorraad_rows(items) -> list[dict]:
    return [
        {"niveau": i.niveau.value, "soort": i.soort, "inwoner_id": str(i.inwoner_id),
         "naam": i.naam, "omschrijving": i.omschrijving, "datum": i.datum.isoformat(),
         "onderdeel": i.onderdeel, "record_id": str(i.record_id) if i.record_id else None}
        for i in items
    ]  # fmt: skip


_AANTALLEN = {
    Niveau.ESCALATIE: ("escalatie", "escalaties"),
    Niveau.TE_LAAT: ("te laat", "te laat"),
    Niveau.VANDAAG: ("vandaag", "vandaag"),
    Niveau.WAARSCHUWING: ("waarschuwing", "waarschuwingen"),
    Niveau.DEZE_WEEK: ("binnenkort", "binnenkort"),
}


def _werkvoorraad_samenvatting(items) -> str:
    """'12 punten: 2 escalaties, 5 te laat, …'."""
    delen = []
    for niveau, (een, meer) in _AANTALLEN.items():
        n = sum(1 for i in items if i.niveau == niveau)
        if n:
            delen.append(f"{n} {een if n == 1 else meer}")
    return f"{len(items)} {'punt' if len(items) == 1 else 'punten'}: " + ", ".join(delen)


def _werkvoorraad_tekst(items, *, naam: str, peildatum: date) -> str:
    kop = f"Werkvoorraad van {naam} op {format_date(peildatum)}"
    if not items:
        return f"{kop}\n\nNiets dat vandaag aandacht vraagt."
    rows = [("Urgentie", "Datum", "Inwoner", "Wat")] + [
        (i.niveau.label, format_date(i.datum), _kort(i.naam, 32), i.omschrijving) for i in items
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  " + row[3]
        for row in rows
    ]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * 3)
    return "\n".join([kop, "", *lines, "", _werkvoorraad_samenvatting(items)])


def _kort(text: str, lengte: int) -> str:
    return text if len(text) <= lengte else text[: lengte - 1] + "…"


def cmd_report_werkvoorraad(args: argparse.Namespace, ctx: Context) -> int:
    peildatum = args.peildatum or date.today()
    with ctx.unit_of_work() as (session, actor):
        medewerker = get_by_username(session, args.medewerker) if args.medewerker else actor
        items = werkvoorraad(session, actor=actor, medewerker_id=medewerker.id,
                             peildatum=peildatum)  # fmt: skip
        naam = f"{medewerker.naam} ({medewerker.gebruikersnaam})"
    if args.format == "json":
        print(json.dumps(_werkvoorraad_rows(items), ensure_ascii=False, indent=2))
    else:
        print(_werkvoorraad_tekst(items, naam=naam, peildatum=peildatum))
    return 0


def cmd_lks(args: argparse.Namespace, ctx: Context) -> int:
    """The monthly loonkostensubsidie with its breakdown (rules.md §2); reads only the
    reference data (minimum wage, werkgeverslasten), no personal data."""
    from app.services.loonwaarde import lks_voor

    with ctx.sessions() as session:
        berekening = lks_voor(session, loonwaarde=args.loonwaarde, uren_per_week=args.uren,
                              peildatum=args.peildatum, leeftijd=args.leeftijd,
                              functieloon_uur=args.functieloon_uur,
                              wml_uur_override=args.wml_uur)  # fmt: skip
    data = berekening.as_dict()
    regels = [
        ("Minimumloon per uur", "wml_uur"), ("Minimumloon per maand", "wml_maand"),
        ("  met 8 % vakantiebijslag", "wml_maand_vt"), ("Loonwaarde in euro's", "loonwaarde_euro"),
        ("LKS vóór het maximum", "lks_voor_maximum"), ("LKS (hoogstens 70 % van het WML)", "lks"),
        ("Werkgeverslasten", "werkgeverslasten"), ("Totaal per maand", "totaal"),
    ]  # fmt: skip
    tekst = "\n".join(f"{label:<34} {format_money(getattr(berekening, key)):>12}"
                      for label, key in regels)  # fmt: skip
    emit(ctx, data, tekst)
    return 0


def cmd_wgs_termijnen(args: argparse.Namespace, ctx: Context) -> int:
    """The Wgs deadlines (rules.md §4) for given dates; reads only the decree days and no
    personal data."""
    from app.services import wgs
    from app.services.schuldhulp import kalender

    if args.eerste_gesprek and args.eerste_gesprek < args.melding:
        raise DomainError("Het eerste gesprek kan niet vóór de melding liggen.")
    with ctx.sessions() as session:
        atw = kalender(session)
    eerste = wgs.eerste_gesprek_uiterlijk(args.melding, atw,
                                          args.melding if args.bedreigend else None)  # fmt: skip
    beschikking = (wgs.beschikking_uiterlijk(args.eerste_gesprek, atw, args.beschikking_weken)
                   if args.eerste_gesprek else None)  # fmt: skip
    start = args.start_schuldregeling
    einde = wgs.einde_schuldregeling(start) if start else None
    data = {"eerste_gesprek_uiterlijk": eerste.isoformat(),
            "beschikking_uiterlijk": beschikking.isoformat() if beschikking else None,
            "einde_schuldregeling": einde.isoformat() if einde else None}  # fmt: skip
    grond = ("3 werkdagen na de melding: bedreigende situatie" if args.bedreigend
             else "4 weken na de melding")  # fmt: skip
    regels = [f"Eerste gesprek uiterlijk   {format_date(eerste)}  ({grond})"]
    if beschikking:
        regels.append(f"Beschikking uiterlijk      {format_date(beschikking)}  "
                      f"({args.beschikking_weken} weken na de aanvraag)")  # fmt: skip
    if einde:
        maanden = wgs.looptijd_schuldregeling(start)
        regels.append(f"Einde schuldregeling       {format_date(einde)}  ({maanden} maanden)")
    emit(ctx, data, "\n".join(regels))
    return 0


def cmd_report_schuldhulp(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.schuldhulp import omschrijving
    from app.services.schuldhulp_overzicht import overzicht

    peildatum = args.peildatum or date.today()
    with ctx.unit_of_work() as (session, actor):
        consulent = get_by_username(session, args.consulent) if args.consulent else None
        rijen = overzicht(session, actor=actor, consulent_id=consulent.id if consulent else None,
                          team=args.team)  # fmt: skip
    if args.format == "json":
        print(json.dumps([r.as_dict(peildatum) for r in rijen], ensure_ascii=False, indent=2))
        return 0
    if not rijen:
        print("Geen lopende schuldhulptrajecten.")
        return 0
    rows = [("Inwoner", "Fase", "Consulent", "Schulden", "Volgende termijn")] + [
        (_kort(r.naam, 30), r.fase.label, _kort(r.consulent, 24),
         f"{r.aantal_schulden} · {format_money(r.totaal_schulden)}",
         omschrijving(r.volgende, peildatum) if r.volgende else "–")
        for r in rijen
    ]  # fmt: skip
    widths = [max(len(row[c]) for row in rows) for c in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
              + "  " + row[4])  # fmt: skip
    laat = sum(1 for r in rijen if r.volgende and r.volgende.dagen_over(peildatum) < 0)
    print(f"\n{len(rijen)} lopende trajecten, {laat} met een verstreken termijn.")
    return 0


def _kpi_filter(session: Session, args: argparse.Namespace):
    from app.models import Label
    from app.services.kpi import Filter

    doelgroep = None
    if args.doelgroep:
        doelgroep = next((lab for lab in Label if fold(lab.value) == fold(args.doelgroep)
                          or fold(lab.label) == fold(args.doelgroep)), None)  # fmt: skip
        if doelgroep is None:
            raise DomainError(f"Er is geen doelgroep '{args.doelgroep}'.")
    return Filter(
        gemeente_id=_gemeente(session, args.gemeente).huidige().id if args.gemeente else None,
        team_id=_team(session, args.team).id if args.team else None,
        coach_id=get_by_username(session, args.coach).id if args.coach else None,
        doelgroep=doelgroep,
        leeftijd=args.leeftijd,
        uitkeringsduur=args.uitkeringsduur,
    )


def cmd_report_kpi(args: argparse.Namespace, ctx: Context) -> int:
    """The KPIs of brief §7.2 for a period, with last year and the target where set."""
    from app.services.kpi import kpis
    from app.services.periodes import periode

    p = periode(args.periode)
    dimensie = Dimensie[args.dimensie.upper()] if args.dimensie else None
    with ctx.unit_of_work() as (session, actor):
        uitkomsten = kpis(session, actor=actor, periode=p, filter=_kpi_filter(session, args),
                          dimensie=dimensie, codes=args.kpi or None)  # fmt: skip
    if args.format == "json":
        print(json.dumps([u.as_dict() for u in uitkomsten], ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        writer = csv.writer(sys.stdout, delimiter=";")
        writer.writerow(["code", "kpi", "uitsplitsing", "waarde", "eenheid", "teller", "noemer",
                         "vorig_jaar", "doel"])  # fmt: skip
        for u in uitkomsten:
            rijen = [("", u.cijfer)] + [(x.naam, x.cijfer) for x in u.uitsplitsing]
            for naam, cijfer in rijen:
                writer.writerow([u.kpi.code, u.kpi.naam, naam, _nl(cijfer.waarde), u.kpi.eenheid,
                                 _nl(cijfer.teller), cijfer.noemer,
                                 _nl(u.vorig_jaar.waarde) if not naam else "",
                                 _nl(u.doel) if not naam else ""])  # fmt: skip
        return 0
    print(f"KPI's over {p}\n")
    for u in uitkomsten:
        vorig = f"vorig jaar {_nl(u.vorig_jaar.waarde) or '–'}"
        doel = f", doel {_nl(u.doel)}" if u.doel is not None else ""
        print(f"{u.kpi.code:<4} {u.kpi.naam}: {_nl(u.cijfer.waarde) or '–'} {u.kpi.eenheid} "
              f"({vorig}{doel})")  # fmt: skip
        for x in u.uitsplitsing:
            print(f"       {x.naam:<32} {_nl(x.cijfer.waarde) or '–'}")
    return 0


def _doel(waarde: Decimal | None) -> str | None:
    """A target as typed: 62.50 → "62.5", 100.00 → "100"; None without one."""
    return None if waarde is None else f"{waarde.normalize():f}"


def _doelen_tekst(jaar: int, rows: list[dict]) -> str:
    def doel(row: dict) -> str:
        return "–" if row["doel"] is None else f"{row['doel'].replace('.', ',')} {row['eenheid']}"

    table = [("Code", "KPI", "Doel", "Doel in de bron")] + [
        (r["code"], r["naam"], doel(r), r["bron"] or "–") for r in rows
    ]
    widths = [max(len(row[c]) for row in table) for c in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
             + "  " + row[3] for row in table]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 15)
    aantal = sum(1 for r in rows if r["doel"] is not None)
    slot = f"{aantal} van de {len(rows)} KPI's hebben een doel voor {jaar}."
    return "\n".join([f"KPI-doelen voor {jaar}", "", *lines, "", slot])


def cmd_kpi_doel(args: argparse.Namespace, ctx: Context) -> int:
    """The KPI targets of a year: every KPI with its target, or set or remove one (reference
    data, no personal data; changing it is for a functioneel beheerder)."""
    from app.services.kpi import KPI_CODES, KPIS, doelen, zet_doel

    if args.kpi is None and (args.waarde is not None or args.verwijder):
        args.parser.error("--waarde en --verwijder gaan samen met --kpi CODE")
    if args.kpi is not None and args.waarde is None and not args.verwijder:
        args.parser.error("geef bij --kpi ook --waarde W of --verwijder")
    if args.kpi is None:
        with ctx.unit_of_work() as (session, _actor):
            gezet = doelen(session, args.jaar)
        rows = [{"code": k.code, "naam": k.naam, "soort": k.soort.value, "eenheid": k.eenheid,
                 "doel": _doel(gezet.get(k.code)), "bron": k.bron or None}
                for k in KPIS]  # fmt: skip
        emit(ctx, {"jaar": args.jaar, "doelen": rows}, _doelen_tekst(args.jaar, rows))
        return 0

    code = args.kpi.strip().upper()
    with ctx.unit_of_work() as (session, actor):
        vorig = doelen(session, args.jaar).get(code)
        zet_doel(session, actor=actor, code=code, jaar=args.jaar, doelwaarde=args.waarde)
    kpi = KPI_CODES[code]
    doel = _doel(args.waarde)
    data = {"code": code, "naam": kpi.naam, "jaar": args.jaar, "doel": doel,
            "vorig_doel": _doel(vorig)}  # fmt: skip
    if doel is not None:
        text = f"Doel {code} ({kpi.naam}) voor {args.jaar}: {doel.replace('.', ',')} {kpi.eenheid}."
    elif vorig is not None:
        text = f"Doel {code} ({kpi.naam}) voor {args.jaar} verwijderd."
    else:
        text = f"{code} ({kpi.naam}) had voor {args.jaar} geen doel; er is niets veranderd."
    emit(ctx, data, text)
    return 0


def cmd_report_gemeente(args: argparse.Namespace, ctx: Context) -> int:
    """The periodic report to one municipality as PDF, Excel or JSON."""
    from app.services.gemeenterapport import gemeenterapport, schrijf_pdf, schrijf_xlsx
    from app.services.periodes import periode

    if args.format in ("pdf", "xlsx") and not args.output:
        raise DomainError(f"Geef met -o het bestand op waarin de rapportage ({args.format}) komt.")
    if args.output and args.output.is_dir():
        raise DomainError(f"{args.output} is een map; geef met -o een bestandsnaam op.")
    if args.output and not args.output.parent.is_dir():
        raise DomainError(f"De map {args.output.parent} bestaat niet.")
    p = periode(args.periode)
    with ctx.unit_of_work() as (session, actor):
        rapport = gemeenterapport(session, actor=actor, periode=p,
                                  gemeente_id=_gemeente(session, args.gemeente).id)  # fmt: skip
    if args.format == "json":
        tekst = json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2)
        if not args.output:
            print(tekst)
            return 0
        write_atomically(args.output, (tekst + "\n").encode())
    elif args.format == "pdf":
        schrijf_pdf(rapport, args.output)
    else:
        schrijf_xlsx(rapport, args.output)
    print(f"Rapportage {rapport.gemeente} {p.naam} geschreven naar {args.output}")
    return 0


def cmd_report_caseload(args: argparse.Namespace, ctx: Context) -> int:
    """The caseload overview per coach, team or gemeente (brief §7.4 report 1)."""
    from app.services.caseload import Niveau, caseload

    with ctx.unit_of_work() as (session, actor):
        team = _team(session, args.team).id if args.team else None
        gemeente = _gemeente(session, args.gemeente).id if args.gemeente else None
        overzicht = caseload(session, actor=actor, niveau=Niveau[args.niveau.upper()],
                             peildatum=args.peildatum, team_id=team,
                             gemeente_id=gemeente)  # fmt: skip
    if args.format == "json":
        print(json.dumps(overzicht.as_dict(), ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=overzicht.kolommen(), delimiter=";")
        writer.writeheader()
        writer.writerows(overzicht.regels())
        return 0
    kop = ["Naam", "Actief", "SW", "BSW", "Zonder IOP", "Evaluatie te laat", "Norm overschreden"]
    if overzicht.schuldhulp:
        kop.append("Schuldhulp te laat")
    rows = [kop]
    for rij in [*overzicht.rijen, overzicht.totaal]:
        waarden = [rij.actief, rij.sw, rij.bsw, rij.zonder_iop, rij.evaluatie_te_laat,
                   rij.norm_overschreden]  # fmt: skip
        if overzicht.schuldhulp:
            waarden.append(rij.schuldhulp_te_laat)
        overbelast = rij.overbelast and rij is not overzicht.totaal and args.niveau == "coach"
        naam = _kort(rij.naam, 30) + (" (overbelast)" if overbelast else "")
        rows.append([naam, *(str(w) for w in waarden)])
    widths = [max(len(r[c]) for r in rows) for c in range(len(kop))]
    print(f"Caseload per {args.niveau} op {format_date(overzicht.peildatum)}\n")
    for i, row in enumerate(rows):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w)
                        for j, (c, w) in enumerate(zip(row, widths, strict=True))))  # fmt: skip
        if i == 0 or i == len(rows) - 2:
            print("  ".join("-" * w for w in widths))
    return 0


def _nl(waarde: Decimal | None) -> str:
    """Dutch decimal comma for people and spreadsheets; empty when there is no value."""
    return "" if waarde is None else str(waarde).replace(".", ",")


def cmd_rechten(args: argparse.Namespace) -> int:
    rollen = [r.label for r in Rol]
    rows = matrix_rows()
    if args.format == "json":
        print(json.dumps({"rollen": rollen, "rechten": dict(rows)}, ensure_ascii=False, indent=2))
    else:
        print("| Gegevens | " + " | ".join(rollen) + " |")
        print("|---" * (len(rollen) + 1) + "|")
        for gegeven, cells in rows:
            print(f"| {gegeven} | " + " | ".join(cells) + " |")
    return 0


# --- parser --------------------------------------------------------------------------------


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse with Dutch help headings; its own error texts stay as argparse writes them."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str):  # exit 2, as argparse does, with a Dutch lead
        self.print_usage(sys.stderr)
        self.exit(2, f"koers: onjuist gebruik: {message}\n")


LEEFTIJDSBANDEN = tuple(BANDEN[Dimensie.LEEFTIJD])
UITKERINGSDUREN = tuple(BANDEN[Dimensie.UITKERINGSDUUR])


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="koers",
        description="Koers: casemanagement voor sociaal ontwikkelbedrijven en sociale diensten.",
    )
    parser.add_argument("--version", action="version", version=f"Koers {__version__}",
                        help="toon het versienummer en stop")  # fmt: skip
    parser.add_argument("--selftest", action="store_true",
                        help="controleer deze installatie in een tijdelijke map (database, "
                        "migraties, PDF, venster zonder scherm) en stop")  # fmt: skip
    parser.add_argument(
        "--database", metavar="URL",
        help="SQLAlchemy-URL van de database (standaard KOERS_DATABASE_URL of de ingebouwde "
        "SQLite-database in de gegevensmap)",
    )  # fmt: skip
    parser.add_argument(
        "--as", dest="as_user", metavar="GEBRUIKERSNAAM",
        help="handel als deze medewerker; nodig voor opdrachten die persoonsgegevens lezen of "
        "wijzigen",
    )  # fmt: skip
    sub = parser.add_subparsers(
        dest="command", metavar="OPDRACHT", parser_class=DutchArgumentParser
    )

    gui = sub.add_parser("gui", help="open het programma (standaard)")
    gui.set_defaults(func=cmd_gui, needs_context=False)

    db = sub.add_parser("db", help="databasebeheer")
    db_sub = db.add_subparsers(dest="db_command", metavar="OPDRACHT", required=True)
    upgrade = db_sub.add_parser(
        "upgrade", help="voer openstaande migraties uit (met reservekopie)",
        description="Werkt de database bij naar deze versie van Koers. De ingebouwde database "
        "krijgt eerst een reservekopie. Een teamserver die al in gebruik is, werkt alleen een "
        "functioneel beheerder bij (--as) na bevestiging.",
    )  # fmt: skip
    upgrade.add_argument("--ja", action="store_true",
                         help="werk een teamserver bij zonder te vragen")  # fmt: skip
    upgrade.set_defaults(func=cmd_db_upgrade, needs_context=False)
    status = db_sub.add_parser("status", help="toon de versie van de database")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.set_defaults(func=cmd_db_status, needs_context=False)
    check = db_sub.add_parser(
        "check", help="controleer de integriteit van de ingebouwde database",
        description="Controleert de ingebouwde SQLite-database (integrity_check en "
        "verwijzingen). Exit 1 als er problemen zijn.",
    )  # fmt: skip
    check.set_defaults(func=cmd_db_check, needs_context=False)

    backup = sub.add_parser(
        "backup", help="maak een reservekopie van de ingebouwde database",
        description="Maakt een consistente reservekopie, ook terwijl Koers draait. Zonder -o in "
        "de map backups naast de database. Een PostgreSQL-server maakt zijn eigen "
        "reservekopieën (pg_dump).",
    )  # fmt: skip
    backup.add_argument("-o", "--output", type=Path, metavar="BESTAND",
                        help="schrijf de reservekopie naar dit (nieuwe) bestand")  # fmt: skip
    backup.set_defaults(func=cmd_backup, needs_context=False)

    restore = sub.add_parser(
        "restore", help="zet een reservekopie terug (de huidige database wordt bewaard)",
        description="Controleert de reservekopie en vervangt daarna de ingebouwde database; de "
        "vervangen database blijft bewaard als <naam>-voor-herstel-<tijd>.db. Sluit Koers eerst.",
    )  # fmt: skip
    restore.add_argument("bestand", type=Path, metavar="BESTAND", help="de reservekopie")
    restore.add_argument("--ja", action="store_true", help="herstel zonder te vragen")
    restore.set_defaults(func=cmd_restore, needs_context=False)

    versl = sub.add_parser(
        "versleutel", help="versleutel de ingebouwde database (sleutel in de sleutelbos)",
        description="Versleutelt de ingebouwde database en alle reservekopieën die Koers daarna "
        "maakt (SQLCipher, 256-bits sleutel in de sleutelbos). Onversleutelde reservekopieën "
        "worden verwijderd. Sluit Koers eerst.",
    )  # fmt: skip
    versl.add_argument("--uit", action="store_true", help="sla de database weer onversleuteld op")
    versl.add_argument("--ja", action="store_true", help="zonder te vragen")
    versl.set_defaults(func=cmd_versleutel, needs_context=False)

    server = sub.add_parser(
        "server", help="de teamserver (PostgreSQL) instellen, tonen, testen of vergeten",
        description="De verbinding met de PostgreSQL-server van het team. Het wachtwoord staat "
        "alleen in de sleutelbos van het systeem. --database en KOERS_DATABASE_URL gaan voor.",
    )  # fmt: skip
    server_sub = server.add_subparsers(dest="server_command", metavar="OPDRACHT", required=True)
    server_sub.add_parser("toon", help="toon de ingestelde teamserver").set_defaults(
        func=cmd_server_toon, needs_context=False)  # fmt: skip
    server_sub.add_parser("test", help="test de verbinding met de teamserver").set_defaults(
        func=cmd_server_test, needs_context=False)  # fmt: skip
    server_sub.add_parser("vergeet", help="gebruik weer de ingebouwde database").set_defaults(
        func=cmd_server_vergeet, needs_context=False)  # fmt: skip
    instellen = server_sub.add_parser(
        "instellen", help="stel de teamserver in (test eerst de verbinding)",
        description="Test de verbinding en bewaar daarna de instellingen; het wachtwoord wordt "
        "gevraagd (of met --wachtwoord-stdin gelezen) en in de sleutelbos bewaard.",
    )  # fmt: skip
    instellen.add_argument("--host", required=True, help="naam of adres van de server")
    instellen.add_argument("--poort", type=int, default=teamserver.STANDAARD_POORT)
    instellen.add_argument("--db-naam", default="koers", metavar="NAAM",
                           help="naam van de database (standaard koers)")  # fmt: skip
    instellen.add_argument("--gebruiker", required=True, help="gebruikersnaam voor de database")
    instellen.add_argument("--tls", choices=tuple(teamserver.TLS_MODI), default="require",
                           help="beveiliging van de verbinding (standaard require)")  # fmt: skip
    instellen.add_argument("--wachtwoord-stdin", action="store_true",
                           help="lees het wachtwoord van standaardinvoer")  # fmt: skip
    instellen.add_argument("--zonder-test", action="store_true",
                           help="bewaar ook als de server nu niet bereikbaar is")  # fmt: skip
    instellen.set_defaults(func=cmd_server_instellen, needs_context=False)

    snel = sub.add_parser(
        "snelkoppeling", help="zet Koers in het programmamenu (Linux)",
        description="Schrijft een menu-item (koers.desktop) dat dit programma met het "
        "Koers-pictogram start, in ~/.local/share/applications of --map.",
    )  # fmt: skip
    snel.add_argument("--map", type=Path, metavar="MAP", help="schrijf het menu-item in MAP")
    snel.set_defaults(func=cmd_snelkoppeling, needs_context=False)

    bench = sub.add_parser(
        "bench", help="meet de snelheid op een demodatabase van N inwoners",
        description="Maakt (eenmalig) een demodatabase van N inwoners met ongeveer tien "
        "contactmomenten per inwoner en meet wat gebruikers merken: zoeken per "
        "toetsaanslag, de werkvoorraad, overzichten, KPI's, de gemeenterapportage, "
        "ontwikkelplannen afdrukken en, in een onzichtbaar venster, de koude start, een "
        "dossier openen en het geheugen. Elke query-meting naast handgeschreven SQL; daarna "
        "dezelfde metingen op een tiende van de inwoners (schaalcontrole). Schrijft "
        "bench-results.json en bench-results.md en zegt welk doel niet is gehaald.",
    )  # fmt: skip
    bench.add_argument("--inwoners", type=_positive_int, default=100_000, metavar="N",
                       help="aantal inwoners van de demodatabase (standaard 100.000)")  # fmt: skip
    bench.add_argument("--database", dest="bench_database", metavar="URL",
                       help="meet op deze database (leeg: eerst demogegevens); standaard een "
                       "eigen bestand per omvang in --map")  # fmt: skip
    bench.add_argument(
        "--map",
        type=Path,
        metavar="MAP",
        help="waar de gemaakte benchdatabases blijven (standaard in de cache)",
    )
    bench.add_argument(
        "--uitvoer",
        type=Path,
        default=Path("."),
        metavar="MAP",
        help="waar bench-results.json en .md komen (standaard hier)",
    )
    bench.add_argument("--zonder-gui", action="store_true", help="sla de GUI-metingen over")
    bench.add_argument(
        "--zonder-schaal",
        action="store_true",
        help="sla de schaalcontrole op een tiende van de inwoners over",
    )
    bench.add_argument("--format", choices=("text", "json"), default="text")
    bench.set_defaults(func=cmd_bench, needs_context=False)

    demo = sub.add_parser(
        "demo", help="vul een lege database met fictieve demogegevens",
        description="Vult een lege database met fictieve, reproduceerbare demogegevens. Met "
        "--verwijderen: verwijdert een ingebouwde demodatabase helemaal (als functioneel "
        "beheerder, met --as).",
    )  # fmt: skip
    demo.add_argument("--inwoners", type=_positive_int, default=1000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--contacten", type=float, metavar="GEMIDDELD",
                      help="gemiddeld aantal contactmomenten per inwoner met een regievoerder "
                      "(standaard ongeveer 3)")  # fmt: skip
    demo.add_argument(
        "--verwijderen", action="store_true",
        help="verwijder de demodatabase op deze computer, met alles erin",
    )  # fmt: skip
    demo.add_argument("--format", choices=("text", "json"), default="text")
    demo.set_defaults(func=cmd_demo, needs_context=True)

    imp = sub.add_parser(
        "import", help="importeer gegevens uit een bestand",
        description="Importeert gegevens uit CSV- of Excel-bestanden van een ander systeem. "
        "Met --sjabloon MAP: schrijf lege sjablonen met uitleg in MAP.",
    )  # fmt: skip
    imp.add_argument("--sjabloon", type=Path, metavar="MAP",
                     help="schrijf lege sjablonen (CSV en XLSX, met uitleg) in MAP")  # fmt: skip
    imp.set_defaults(func=cmd_import_sjabloon, needs_context=False)
    imp_sub = imp.add_subparsers(dest="import_command", metavar="SOORT")
    inw = imp_sub.add_parser(
        "inwoners", help="importeer inwoners uit een CSV- of Excel-bestand",
        description="Importeert inwoners uit een CSV-bestand (UTF-8 of Windows-1252, elk "
        "gangbaar scheidingsteken) of een Excel-bestand (.xlsx), zie README. Eerst wordt elke "
        "regel gecontroleerd; bij één fout wordt niets geïmporteerd. Inwoners die al eerder "
        "uit hetzelfde bestand zijn geïmporteerd (zelfde sleutel), worden overgeslagen.",
    )  # fmt: skip
    inw.add_argument("bestand", type=Path, metavar="BESTAND")
    inw.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    inw.add_argument(
        "--regievoerder",
        metavar="GEBRUIKERSNAAM",
        help="maak deze medewerker regievoerder van de inwoners zonder eigen regievoerder",
    )
    inw.add_argument("--mapping", type=Path, metavar="KOPPELING.json",
                     help="koppeling van de kolommen en codes van het bronsysteem "
                     "(zie `koers import koppeling`)")  # fmt: skip
    inw.add_argument("--verslag", type=Path, metavar="VERSLAG.xlsx",
                     help="schrijf bij fouten het bestand met een kolom 'fout' naar dit "
                     "Excel-bestand")  # fmt: skip
    inw.add_argument("--alleen-geldige", action="store_true",
                     help="importeer de goede regels en sla de regels met fouten over")  # fmt: skip
    inw.add_argument("--format", choices=("text", "json"), default="text")
    inw.set_defaults(func=cmd_import_inwoners, needs_context=True)
    con = imp_sub.add_parser(
        "contactmomenten", help="importeer contactmomenten (functioneel beheerder)",
        description="Importeert het contactjournaal uit een CSV- of Excel-bestand. Elk contact "
        "noemt zijn inwoner met de sleutel uit het bestand met inwoners: importeer die eerst. "
        "Bij één fout wordt niets geïmporteerd; wat er al staat (zelfde sleutel) wordt "
        "overgeslagen.",
    )  # fmt: skip
    con.add_argument("bestand", type=Path, metavar="BESTAND")
    con.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    con.add_argument("--mapping", type=Path, metavar="KOPPELING.json")
    con.add_argument("--verslag", type=Path, metavar="VERSLAG.xlsx")
    con.add_argument("--alleen-geldige", action="store_true",
                     help="importeer de goede regels en sla de regels met fouten over")  # fmt: skip
    con.add_argument("--format", choices=("text", "json"), default="text")
    con.set_defaults(func=cmd_import_contactmomenten, needs_context=True)
    ont = imp_sub.add_parser(
        "ontwikkelplannen", help="importeer ontwikkelplannen met doelen en afspraken",
        description="Importeert ontwikkelplannen (met --doelen en --afspraken hun doelen en "
        "afspraken) uit CSV- of Excel-bestanden; elk plan noemt zijn inwoner met de sleutel uit "
        "het bestand met inwoners. Bij één fout in een van de bestanden wordt niets "
        "geïmporteerd; plannen die er al staan (zelfde sleutel) worden overgeslagen.",
    )  # fmt: skip
    ont.add_argument("bestand", type=Path, metavar="PLANNEN")
    ont.add_argument("--doelen", type=Path, metavar="DOELEN")
    ont.add_argument("--afspraken", type=Path, metavar="AFSPRAKEN")
    ont.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    ont.add_argument("--mapping", type=Path, metavar="KOPPELING.json")
    ont.add_argument("--verslag", type=Path, metavar="MAP",
                     help="schrijf bij fouten per bestand een Excel-bestand met een kolom "
                     "'fout' in MAP")  # fmt: skip
    ont.add_argument("--format", choices=("text", "json"), default="text")
    ont.set_defaults(func=cmd_import_set, needs_context=True)
    tra = imp_sub.add_parser(
        "trajecten", help="importeer trajecten met fasegeschiedenis en plaatsingen",
        description="Importeert trajecten met hun faseovergangen en (naar keuze) plaatsingen "
        "uit CSV- of Excel-bestanden die samen worden gecontroleerd. Elk traject noemt zijn "
        "inwoner met de sleutel uit het bestand met inwoners: importeer die eerst. Bij één fout "
        "wordt niets geïmporteerd; wat er al staat (zelfde sleutel) wordt overgeslagen.",
    )  # fmt: skip
    tra.add_argument("bestand", type=Path, metavar="TRAJECTEN")
    tra.add_argument("--faseovergangen", type=Path, required=True, metavar="FASEOVERGANGEN")
    tra.add_argument("--plaatsingen", type=Path, metavar="PLAATSINGEN")
    tra.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    tra.add_argument("--mapping", type=Path, metavar="KOPPELING.json")
    tra.add_argument("--verslag", type=Path, metavar="MAP",
                     help="schrijf bij fouten een Excel-bestand met een blad per bestand "
                     "in MAP")  # fmt: skip
    tra.add_argument("--format", choices=("text", "json"), default="text")
    tra.set_defaults(func=cmd_import_set, needs_context=True)
    sch = imp_sub.add_parser(
        "schuldhulp", help="importeer schuldhulptrajecten met fasegeschiedenis en schulden",
        description="Importeert schuldhulptrajecten met hun faseovergangen en (naar keuze) "
        "schulden uit CSV- of Excel-bestanden die samen worden gecontroleerd. Elk traject "
        "noemt zijn inwoner met de sleutel uit het bestand met inwoners: importeer die eerst. "
        "Bij één fout wordt niets geïmporteerd; wat er al staat (zelfde sleutel) wordt "
        "overgeslagen.",
    )  # fmt: skip
    sch.add_argument("bestand", type=Path, metavar="TRAJECTEN")
    sch.add_argument("--overgangen", type=Path, required=True, metavar="OVERGANGEN")
    sch.add_argument("--schulden", type=Path, metavar="SCHULDEN")
    sch.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    sch.add_argument("--mapping", type=Path, metavar="KOPPELING.json")
    sch.add_argument("--verslag", type=Path, metavar="MAP",
                     help="schrijf bij fouten een Excel-bestand met een blad per bestand "
                     "in MAP")  # fmt: skip
    sch.add_argument("--format", choices=("text", "json"), default="text")
    sch.set_defaults(func=cmd_import_set, needs_context=True)
    loo = imp_sub.add_parser(
        "loonwaarde", help="importeer loonwaardemetingen met hun taken",
        description="Importeert loonwaardemetingen met (--taken) hun taken uit CSV- of "
        "Excel-bestanden die samen worden gecontroleerd, met de regels van het scherm "
        "Loonwaarde; de loonwaarde berekent Koers uit de taken. Elke meting noemt haar inwoner "
        "met de sleutel uit het bestand met inwoners. Bij één fout wordt niets geïmporteerd.",
    )  # fmt: skip
    loo.add_argument("bestand", type=Path, metavar="METINGEN")
    loo.add_argument("--taken", type=Path, metavar="TAKEN")
    loo.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    loo.add_argument("--mapping", type=Path, metavar="KOPPELING.json")
    loo.add_argument("--verslag", type=Path, metavar="MAP",
                     help="schrijf bij fouten per bestand een Excel-bestand met een kolom "
                     "'fout' in MAP")  # fmt: skip
    loo.add_argument("--format", choices=("text", "json"), default="text")
    loo.set_defaults(func=cmd_import_set, needs_context=True)
    kop = imp_sub.add_parser(
        "koppeling", help="stel een koppeling voor bij een bestand van een ander systeem",
        description="Leest de kolomnamen van het bestand en schrijft een koppeling naar de "
        "kolommen van Koers (gelijke namen, bekende synoniemen of bijna gelijke spelling). "
        "Vul het bestand zo nodig aan en gebruik het met --mapping.",
    )  # fmt: skip
    kop.add_argument("bestand", type=Path, metavar="BESTAND")
    kop.add_argument("--soort", default="inwoners",
                     choices=("inwoners", "contactmomenten", "ontwikkelplannen", "doelen",
                              "afspraken", "trajecten", "faseovergangen", "plaatsingen",
                              "schuldhulptrajecten", "schuldhulpovergangen", "schulden",
                              "loonwaardemetingen", "loonwaardetaken"),
                     help="wat het bestand bevat (standaard inwoners)")  # fmt: skip
    kop.add_argument("-o", "--output", type=Path, required=True, metavar="KOPPELING.json")
    kop.set_defaults(func=cmd_import_koppeling, needs_context=False)

    exp = sub.add_parser("export", help="exporteer gegevens naar een bestand")
    exp_sub = exp.add_subparsers(dest="export_command", metavar="SOORT", required=True)
    exp_inw = exp_sub.add_parser(
        "inwoners", help="exporteer alle inwoners (functioneel beheerder)",
        description="Schrijft alle inwoners naar CSV of XLSX in de indeling die `koers import "
        "inwoners` weer leest, met hun sleutel uit het bronsysteem. Elke inwoner komt in de "
        "audittrail.",
    )  # fmt: skip
    exp_inw.add_argument("-o", "--output", type=Path, required=True, metavar="BESTAND",
                         help="een nieuw .csv- of .xlsx-bestand")  # fmt: skip
    exp_inw.set_defaults(func=cmd_export, needs_context=True)
    exp_con = exp_sub.add_parser(
        "contactmomenten", help="exporteer het hele contactjournaal (functioneel beheerder)",
        description="Schrijft alle contactmomenten naar CSV of XLSX in de indeling die `koers "
        "import contactmomenten` weer leest. Elk contact komt in de audittrail.",
    )  # fmt: skip
    exp_con.add_argument("-o", "--output", type=Path, required=True, metavar="BESTAND",
                         help="een nieuw .csv- of .xlsx-bestand")  # fmt: skip
    exp_con.set_defaults(func=cmd_export, needs_context=True)
    # The kinds that export as a set of files into a folder (named here, not imported: building
    # the parser must not load every service).
    for naam, wat, bestanden in (
        ("ontwikkelplannen", "alle ontwikkelplannen met doelen en afspraken",
         "ontwikkelplannen.*, doelen.* en afspraken.*"),
        ("trajecten", "alle trajecten met faseovergangen en plaatsingen",
         "trajecten.*, faseovergangen.* en plaatsingen.*"),
        ("schuldhulp", "alle schuldhulptrajecten met overgangen en schulden",
         "schuldhulptrajecten.*, schuldhulpovergangen.* en schulden.*"),
        ("loonwaarde", "alle loonwaardemetingen met hun taken",
         "loonwaardemetingen.* en loonwaardetaken.*"),
    ):  # fmt: skip
        exp_set = exp_sub.add_parser(
            naam, help=f"exporteer {wat}",
            description=f"Schrijft {bestanden} in MAP, in de indeling die `koers import {naam}` "
            "weer leest. Elk geëxporteerd record komt in de audittrail.",
        )  # fmt: skip
        exp_set.add_argument("-o", "--output", type=Path, required=True, metavar="MAP")
        exp_set.add_argument("--formaat", choices=("csv", "xlsx"), default="csv")
        exp_set.set_defaults(func=cmd_export_set, needs_context=True)

    gebruiker = sub.add_parser("gebruiker", help="medewerkers (accounts) beheren")
    geb_sub = gebruiker.add_subparsers(dest="gebruiker_command", metavar="OPDRACHT",
                                       required=True)  # fmt: skip
    add = geb_sub.add_parser(
        "add", help="maak een account aan",
        description="Maakt een account aan. Op een lege database maakt dit zonder --as de eerste "
        "functioneel beheerder. Het wachtwoord wordt gevraagd (of via --wachtwoord-stdin).",
    )  # fmt: skip
    add.add_argument("--naam", required=True)
    add.add_argument("--gebruikersnaam", required=True)
    add.add_argument("--rol", dest="rollen", type=_rol, action="append", required=True,
                     metavar="ROL", help="rol (herhaalbaar): " + ", ".join(
                         r.value.lower().replace("_", "-") for r in Rol))  # fmt: skip
    add.add_argument("--team", metavar="TEAMNAAM")
    add.add_argument("--gemeente", metavar="GEMEENTE", help="voor een klantmanager gemeente")
    add.add_argument("--wachtwoord-stdin", action="store_true",
                     help="lees het wachtwoord van standaardinvoer (één regel)")  # fmt: skip
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(func=cmd_gebruiker_add, needs_context=True)
    lst = geb_sub.add_parser("list", help="toon alle medewerkers")
    lst.add_argument("--format", choices=("text", "json"), default="text")
    lst.set_defaults(func=cmd_gebruiker_list, needs_context=True)

    audit = sub.add_parser(
        "audit", help="toon de audittrail (wie las of wijzigde wat)",
        description="Toont de audittrail van één persoon (--bsn) of van één medewerker "
        "(--gebruiker), eventueel beperkt tot een periode.",
    )  # fmt: skip
    wie = audit.add_mutually_exclusive_group(required=True)
    wie.add_argument("--bsn")
    wie.add_argument("--gebruiker", metavar="GEBRUIKERSNAAM")
    audit.add_argument("--van", type=_datum, metavar="DATUM")
    audit.add_argument("--tot", type=_datum, metavar="DATUM", help="tot en met deze datum")
    audit.add_argument("--format", choices=("text", "json", "csv"), default="text")
    audit.set_defaults(func=cmd_audit, needs_context=True)

    inzage = sub.add_parser(
        "inzage", help="exporteer alle gegevens van één persoon (AVG art. 15)",
        description="Schrijft alles wat Koers over één persoon bewaart naar een JSON- en een "
        "PDF-bestand, inclusief wie het dossier heeft ingezien. Wordt zelf ook vastgelegd.",
    )  # fmt: skip
    inzage.add_argument("--bsn", required=True)
    inzage.add_argument("-o", "--output", type=Path, required=True, metavar="MAP")
    inzage.add_argument("--format", choices=("text", "json"), default="text")
    inzage.set_defaults(func=cmd_inzage, needs_context=True)

    bewaar = sub.add_parser(
        "bewaartermijn", help="dossiers over de bewaartermijn controleren of anonimiseren",
        description="--controleer toont gesloten dossiers waarvan de bewaartermijn voorbij is; "
        "--vernietig anonimiseert ze (na bevestiging) en schrijft een rapport.",
    )  # fmt: skip
    actie = bewaar.add_mutually_exclusive_group(required=True)
    actie.add_argument("--controleer", action="store_true")
    actie.add_argument("--vernietig", action="store_true")
    bewaar.add_argument("--ja", action="store_true", help="bevestig zonder te vragen")
    bewaar.add_argument("--rapport", type=Path, metavar="BESTAND.json")
    bewaar.add_argument("--peildatum", type=_datum, metavar="DATUM")
    bewaar.add_argument("--format", choices=("text", "json"), default="text")
    bewaar.set_defaults(func=cmd_bewaartermijn, needs_context=True)

    inwoner = sub.add_parser("inwoner", help="één dossier tonen of sluiten")
    inw_sub = inwoner.add_subparsers(dest="inwoner_command", metavar="OPDRACHT", required=True)
    toon = inw_sub.add_parser("toon", help="open het dossier (wordt vastgelegd)")
    toon.add_argument("--bsn", required=True)
    toon.add_argument("--reden", help="reden om een dossier buiten uw team te openen")
    toon.add_argument("--format", choices=("text", "json"), default="text")
    toon.set_defaults(func=cmd_inwoner_toon, needs_context=True)
    sluit = inw_sub.add_parser("sluit", help="sluit het dossier (start van de bewaartermijn)")
    sluit.add_argument("--bsn", required=True)
    sluit.add_argument("--datum", type=_datum, required=True)
    sluit.add_argument("--reden", help="reden om een dossier buiten uw team te sluiten")
    sluit.set_defaults(func=cmd_inwoner_sluit, needs_context=True)

    afdruk = sub.add_parser("print", help="documenten afdrukken (PDF)")
    afdruk_sub = afdruk.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    iop = afdruk_sub.add_parser(
        "iop", help="het huidige ontwikkelplan van één inwoner of van een hele caseload",
        description="Drukt het huidige ontwikkelplan (het vastgestelde, anders het concept) af "
        "als PDF: van één inwoner (--bsn) of van alle inwoners op de caseload van een "
        "medewerker (--medewerker U --alle -o MAP).",
    )  # fmt: skip
    wie_iop = iop.add_mutually_exclusive_group(required=True)
    wie_iop.add_argument("--bsn")
    wie_iop.add_argument("--medewerker", metavar="GEBRUIKERSNAAM")
    iop.add_argument("--alle", action="store_true", help="alle plannen van de caseload")
    iop.add_argument("-o", "--output", type=Path, metavar="BESTAND_OF_MAP")
    iop.add_argument("--reden", help="reden om een dossier buiten uw team te openen")
    iop.add_argument("--format", choices=("text", "json"), default="text")
    iop.set_defaults(func=cmd_print_iop, needs_context=True)

    report = sub.add_parser(
        "report", help="overzichten (werkvoorraad, schuldhulp, kpi …)",
        description="Overzichten. Ze lezen alleen en tonen wat u volgens uw rechten mag zien.",
    )  # fmt: skip
    report_sub = report.add_subparsers(dest="report_command", metavar="OVERZICHT", required=True)
    wv = report_sub.add_parser(
        "werkvoorraad", help="wat vandaag en de komende dagen aandacht vraagt",
        description="Toont de werkvoorraad: te late en komende evaluaties, overschreden normen "
        "(uitstroom, ontwikkelduur, contact in stadium 3), afgesproken vervolgcontacten, "
        "trajecten zonder volgende stap, nazorg die afloopt en loonwaardemetingen die binnen 30 "
        "dagen nodig zijn — het urgentste eerst. Standaard "
        "die van uzelf (--as); een teamleider kan die van een medewerker uit het eigen team "
        "opvragen.",
    )  # fmt: skip
    wv.add_argument("--medewerker", metavar="GEBRUIKERSNAAM",
                    help="de werkvoorraad van deze medewerker (standaard: uzelf)")  # fmt: skip
    wv.add_argument("--peildatum", type=_datum, metavar="DATUM",
                    help="de werkvoorraad zoals die op deze datum is, jjjj-mm-dd of dd-mm-jjjj "
                    "(standaard: vandaag)")  # fmt: skip
    wv.add_argument("--format", choices=("text", "json"), default="text",
                    help="text: een tabel om te lezen (standaard); json: een lijst voor "
                    "scripts")  # fmt: skip
    wv.set_defaults(func=cmd_report_werkvoorraad, needs_context=True)
    sh = report_sub.add_parser(
        "schuldhulp", help="lopende schuldhulptrajecten met hun eerstvolgende termijn",
        description="Toont de lopende schuldhulptrajecten met fase, schulden en de eerstvolgende "
        "wettelijke termijn (eerste gesprek, beschikking, NVVK-norm, einde schuldregeling), de "
        "urgentste eerst. Standaard die van uzelf als consulent, of van uw team als "
        "teamleider. Alleen voor wie schuldhulpgegevens mag zien.",
    )  # fmt: skip
    sh.add_argument("--consulent", metavar="GEBRUIKERSNAAM",
                    help="de trajecten van deze consulent uit uw team")  # fmt: skip
    sh.add_argument("--team", action="store_true", help="de trajecten van uw hele team")
    sh.add_argument("--peildatum", type=_datum, metavar="DATUM",
                    help="tel de resterende dagen vanaf deze datum (standaard: "
                    "vandaag)")  # fmt: skip
    sh.add_argument("--format", choices=("text", "json"), default="text",
                    help="text: een tabel om te lezen (standaard); json: een lijst voor "
                    "scripts")  # fmt: skip
    sh.set_defaults(func=cmd_report_schuldhulp, needs_context=True)

    cl = report_sub.add_parser(
        "caseload", help="caseload per coach, team of gemeente",
        description="Toont per coach (regievoerder), team of gemeente de actieve inwoners, de "
        "SW- en beschut-werkaantallen tegen de norm, inwoners zonder vastgesteld IOP, te late "
        "evaluaties, overschreden normen en — voor wie dat mag zien — te late "
        "schuldhulptermijnen. Een teamleider ziet het eigen team, een functioneel beheerder "
        "alles.",
    )  # fmt: skip
    cl.add_argument("--niveau", choices=("coach", "team", "gemeente"), default="coach")
    cl.add_argument("--peildatum", type=_datum, metavar="DATUM",
                    help="de datum waarop labels en termijnen gelden (standaard "
                    "vandaag)")  # fmt: skip
    cl.add_argument("--team", help="alleen dit team")
    cl.add_argument("--gemeente", help="alleen deze (huidige) gemeente")
    cl.add_argument("--format", choices=("text", "json", "csv"), default="text")
    cl.set_defaults(func=cmd_report_caseload, needs_context=True)

    kp = report_sub.add_parser(
        "kpi", help="de KPI's over een periode, met vorig jaar en het doel",
        description="Berekent de KPI's (IOP-dekking, werkniveau, plaatsingen, loonwaarde, "
        "duurzame plaatsingen, uitstroom, doorlooptijd, uitval en — voor wie dat mag zien — "
        "schuldhulp) over een periode, met dezelfde periode vorig jaar en het doel waar dat is "
        "ingesteld. Alleen voor teamleiders en functioneel beheerders.",
    )  # fmt: skip
    kp.add_argument("--periode", required=True, metavar="PERIODE",
                    help="2026, 2026-T1 … 2026-T3, 2026-2M/5M/8M of "
                    "jjjj-mm-dd..jjjj-mm-dd")  # fmt: skip
    kp.add_argument("--kpi", action="append", metavar="CODE",
                    help="alleen deze KPI (herhaalbaar), bijvoorbeeld K01")  # fmt: skip
    kp.add_argument("--gemeente", help="alleen inwoners van deze (huidige) gemeente")
    kp.add_argument("--team", help="alleen inwoners van dit team")
    kp.add_argument("--coach", metavar="GEBRUIKERSNAAM", help="alleen deze regievoerder")
    kp.add_argument("--doelgroep", metavar="LABEL", help="alleen inwoners met dit label")
    kp.add_argument(
        "--leeftijd",
        choices=LEEFTIJDSBANDEN,
        metavar="BAND",
        help="alleen deze leeftijdsgroep: " + ", ".join(LEEFTIJDSBANDEN),
    )
    kp.add_argument(
        "--uitkeringsduur",
        choices=UITKERINGSDUREN,
        metavar="BAND",
        help="alleen deze duur in de bijstand: " + ", ".join(UITKERINGSDUREN),
    )
    kp.add_argument("--dimensie", choices=("gemeente", "team", "coach", "doelgroep",
                                           "leeftijd", "uitkeringsduur"),
                    help="uitsplitsen naar deze dimensie")  # fmt: skip
    kp.add_argument("--format", choices=("text", "json", "csv"), default="text")
    kp.set_defaults(func=cmd_report_kpi, needs_context=True)
    gm = report_sub.add_parser(
        "gemeente", help="de periodieke rapportage aan een gemeente (PDF, Excel of JSON)",
        description="Maakt de rapportage aan één gemeente over een periode: de KPI's met hun "
        "definitie, dezelfde periode vorig jaar en het doel, uitsplitsingen en grafieken, de "
        "caseload van de gemeente en de toelichtingen van de teamleider. Schuldhulpcijfers "
        "alleen voor wie die mag zien. PDF en Excel bevatten dezelfde cijfers als de JSON. "
        "Alleen voor teamleiders en functioneel beheerders.",
    )  # fmt: skip
    gm.add_argument("--gemeente", required=True,
                    help="de gemeente (naam of CBS-code; een opgeheven gemeente telt bij haar "
                    "opvolger)")  # fmt: skip
    gm.add_argument("--periode", required=True, metavar="PERIODE",
                    help="2026, 2026-T1 … 2026-T3, 2026-2M/5M/8M of "
                    "jjjj-mm-dd..jjjj-mm-dd")  # fmt: skip
    gm.add_argument("--format", choices=("pdf", "xlsx", "json"), default="json",
                    help="pdf of xlsx (met -o), of json (standaard; zonder -o op het "
                    "scherm)")  # fmt: skip
    gm.add_argument("-o", "--output", type=Path, metavar="BESTAND",
                    help="schrijf naar dit bestand (nodig bij pdf en xlsx)")  # fmt: skip
    gm.set_defaults(func=cmd_report_gemeente, needs_context=True)

    kd = sub.add_parser(
        "kpi-doel", help="de doelen van de KPI's per jaar tonen, instellen of verwijderen",
        description="Zonder --kpi: toont elke KPI met haar doel voor het jaar en het doel dat "
        "de bronnen noemen. Met --kpi en --waarde: stelt het doel in; met --kpi en "
        "--verwijder: verwijdert het, zodat de KPI alleen haar werkelijke waarde toont. "
        "Instellen en verwijderen is voor een functioneel beheerder.",
    )  # fmt: skip
    kd.add_argument("--jaar", type=_jaar, required=True, metavar="JJJJ",
                    help="het jaar van de doelen, bijvoorbeeld 2026")  # fmt: skip
    kd.add_argument("--kpi", metavar="CODE",
                    help="de KPI, bijvoorbeeld K01 (de lijst zonder --kpi toont de "
                    "codes)")  # fmt: skip
    kd_actie = kd.add_mutually_exclusive_group()
    kd_actie.add_argument("--waarde", type=_decimaal, metavar="W",
                          help="het doel, 62,5 of 62.5; een percentage ligt tussen 0 en "
                          "100")  # fmt: skip
    kd_actie.add_argument("--verwijder", action="store_true", help="verwijder het doel")
    kd.add_argument("--format", choices=("text", "json"), default="text")
    kd.set_defaults(func=cmd_kpi_doel, needs_context=True, parser=kd)

    lks = sub.add_parser(
        "lks", help="bereken de loonkostensubsidie per maand",
        description="Berekent de loonkostensubsidie (Participatiewet art. 10d) per maand met de "
        "opbouw: minimumloon, vakantiebijslag, loonwaarde in euro's, het maximum van 70 %, "
        "werkgeverslasten en totaal. Het minimumloon en het percentage werkgeverslasten komen "
        "uit de referentiegegevens op de peildatum.",
    )  # fmt: skip
    lks.add_argument("--loonwaarde", type=_decimaal, required=True, metavar="PCT",
                     help="de loonwaarde in procenten (0–100)")  # fmt: skip
    lks.add_argument("--uren", type=_decimaal, required=True, metavar="U",
                     help="uren per week")  # fmt: skip
    lks.add_argument("--peildatum", type=_datum, required=True, metavar="DATUM",
                     help="jjjj-mm-dd of dd-mm-jjjj")  # fmt: skip
    lks.add_argument("--leeftijd", type=int, metavar="N",
                     help="leeftijd van de werknemer (onder 21 geldt het jeugdloon)")  # fmt: skip
    lks.add_argument("--functieloon-uur", type=_decimaal, metavar="EUR",
                     help="het uurloon van de functie (standaard het minimumloon)")  # fmt: skip
    lks.add_argument("--wml-uur", type=_decimaal, metavar="EUR",
                     help="gebruik dit minimumuurloon in plaats van de tabel")  # fmt: skip
    lks.add_argument("--format", choices=("text", "json"), default="text")
    lks.set_defaults(func=cmd_lks, needs_context=True)

    wgs_p = sub.add_parser(
        "wgs-termijnen", help="bereken de wettelijke termijnen van de schuldhulpverlening",
        description="Berekent de termijnen van de Wet gemeentelijke schuldhulpverlening: het "
        "eerste gesprek binnen 4 weken na de melding (binnen 3 werkdagen bij een bedreigende "
        "situatie), de beschikking binnen 8 weken na het eerste gesprek (de aanvraag) en het "
        "einde van de schuldregeling (18 maanden, vóór 1 juli 2023 36 maanden). Een termijn in "
        "weken die eindigt op een zaterdag, zondag, feestdag of gelijkgestelde dag schuift op "
        "naar de eerstvolgende werkdag (Algemene termijnenwet).",
    )  # fmt: skip
    wgs_p.add_argument("--melding", type=_datum, required=True, metavar="DATUM",
                       help="datum van de melding (hulpvraag), jjjj-mm-dd of "
                       "dd-mm-jjjj")  # fmt: skip
    wgs_p.add_argument("--bedreigend", action="store_true",
                       help="er is een bedreigende situatie (ontruiming, afsluiting, "
                       "opzegging zorgverzekering)")  # fmt: skip
    wgs_p.add_argument("--eerste-gesprek", type=_datum, metavar="DATUM",
                       help="datum van het eerste gesprek (de aanvraag)")  # fmt: skip
    wgs_p.add_argument("--start-schuldregeling", type=_datum, metavar="DATUM",
                       help="datum van de eerste aflossing")  # fmt: skip
    wgs_p.add_argument("--beschikking-weken", type=_positive_int, default=8, metavar="N",
                       help="beschikkingstermijn van de gemeente in weken "
                       "(standaard 8)")  # fmt: skip
    wgs_p.add_argument("--format", choices=("text", "json"), default="text")
    wgs_p.set_defaults(func=cmd_wgs_termijnen, needs_context=True)

    rechten = sub.add_parser("rechten", help="toon de rechtenmatrix (wie mag wat)")
    rechten.add_argument("--format", choices=("markdown", "json"), default="markdown")
    rechten.set_defaults(func=cmd_rechten, needs_context=False)
    return parser


def _jaar(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen jaar (jjjj)") from None


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
    if args.selftest:
        from app.selftest import selftest

        return selftest()
    if getattr(args, "print_command", None) == "iop" and args.medewerker and not args.alle:
        parser.error("--medewerker gaat samen met --alle (alle plannen van de caseload)")
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
        if isinstance(error, ServerVerouderd):
            print("Een functioneel beheerder werkt de server bij met: "
                  "koers --as GEBRUIKERSNAAM db upgrade", file=sys.stderr)  # fmt: skip
        return 1
    except StaleDataError:  # a colleague's commit won a race the service did not guard
        print(f"koers: {ConflictError().message}", file=sys.stderr)
        return 1
    except OperationalError as error:
        log.exception("Databasefout")
        print(
            f"koers: de database is niet bereikbaar of beschadigd: {error.orig}",
            file=sys.stderr,
        )
        return 1
    except Exception:  # never a traceback for the user; the details go to the log
        log.exception("Onverwachte fout in `koers %s`", args.command)
        print(
            f"koers: er ging onverwacht iets mis; er is niets half opgeslagen. Details staan in "
            f"{config.log_path()}.",
            file=sys.stderr,
        )
        return 1
