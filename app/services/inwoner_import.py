"""Import inwoners from a CSV or XLSX file (`koers import inwoners`), and export them in the
same layout (`koers export inwoners`).

All or nothing: every line is checked first, with the same rules as the inwoner form
(`inwoners.normalise`), and one error anywhere means nothing is imported. The messages name the
physical line in the file (the header is line 1), so a user can fix the file in a spreadsheet and
try again; `schrijf_foutenverslag` writes them next to the lines as an XLSX. A valid file is
written with bulk inserts inside the caller's transaction.

The file (read by app/services/tabellen.py): CSV in UTF-8 or Windows-1252 with any common
separator, or XLSX. Without a mapping the header has the columns of `FORMAAT` (`KOLOMMEN` are
required, `sleutel` and `regievoerder` optional) in any order, names case-insensitive; with a
mapping (app/services/koppeling.py) the source's own columns and codes are translated first.
Each inwoner keeps its source key (the `sleutel` column, else the BSN) in `bronsleutel`: the
same file imported again skips the inwoners it made the first time instead of doubling them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    AuditRecord,
    Bronsleutel,
    Gemeente,
    Inwoner,
    InwonerZoekwoord,
    Medewerker,
)
from app.services import validation as v
from app.services.audit import next_moment, velden_json
from app.services.bulk import na_grote_load
from app.services.errors import DomainError, ValidationError
from app.services.gemeenten import gemeenten_by_name
from app.services.importverslag import Fouten, ImportResult, schrijf_export
from app.services.inwoners import InwonerGegevens, normalise, search_keys, zoekwoord_rijen
from app.services.koppeling import Formaat, Kolom, Koppeling, kopfouten, waarden
from app.services.rechten import BREAK_THE_GLASS, Gegeven, Recht, vereis
from app.services.tabellen import Tabel, TabelFout, lees
from app.services.text import fold, format_date, parse_date
from app.services.toegang import in_bereik

KOLOMMEN = (
    "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "straat",
    "huisnummer", "postcode", "woonplaats", "gemeente", "telefoon", "email",
)  # fmt: skip
ENTITEIT = "inwoner"
FORMAAT = Formaat("inwoners", "Inwoners", (
    Kolom("sleutel", "de sleutel van de inwoner in het bronsysteem (bijvoorbeeld het "
          "klantnummer); leeg: het BSN", synoniemen=("klantnummer", "relatienummer", "id")),
    Kolom("bsn", "burgerservicenummer, 9 cijfers (8 mag: dan komt er een 0 voor)", True,
          synoniemen=("burgerservicenummer", "sofinummer")),
    Kolom("voornamen", "alle voornamen", True, synoniemen=("voornaam",)),
    Kolom("tussenvoegsel", "bijvoorbeeld 'van der'", synoniemen=("voorvoegsel",)),
    Kolom("achternaam", "de achternaam zonder tussenvoegsel", True,
          synoniemen=("geslachtsnaam", "naam")),
    Kolom("geboortedatum", "dd-mm-jjjj of jjjj-mm-dd", True, synoniemen=("geboren",)),
    Kolom("straat", "straatnaam", synoniemen=("adres",)),
    Kolom("huisnummer", "huisnummer met toevoeging", synoniemen=("huisnr", "nummer")),
    Kolom("postcode", "1234 AB"),
    Kolom("woonplaats", "woonplaats", synoniemen=("plaats",)),
    Kolom("gemeente", "woongemeente: naam of CBS-code (GM0512)", True,
          synoniemen=("woongemeente",)),
    Kolom("telefoon", "telefoonnummer", synoniemen=("telefoonnummer", "mobiel")),
    Kolom("email", "e-mailadres", synoniemen=("emailadres", "e-mail")),
    Kolom("regievoerder", "gebruikersnaam van de regievoerder in Koers; leeg: de regievoerder "
          "die bij het importeren is gekozen, of niemand",
          synoniemen=("coach", "consulent", "casemanager")),
))  # fmt: skip
OPTIONEEL = ("sleutel", "regievoerder")  # the rest of FORMAAT's columns are KOLOMMEN
CHUNK = 5_000
# Bound parameters per "bsn IN (...)" query: well below SQLite's and PostgreSQL's limits.
BSN_QUERY_CHUNK = 900


# Where a field's message sorts within its line: in column order, as the user reads the line.
_VELD_VOLGORDE = {naam: i for i, naam in enumerate(KOLOMMEN)} | {"woongemeente": 9}


def _gemeente_error(naam: str, gemeente: Gemeente | None) -> str | None:
    if gemeente is None:
        return f"gemeente '{naam}' is onbekend"
    if gemeente.opvolger_id is not None:
        return f"gemeente '{naam}' is opgegaan in {gemeente.huidige().naam}; gebruik die gemeente"
    return None


RESULTAAT = ("inwoner", "inwoners")


def import_inwoners(
    session: Session,
    *,
    actor: Medewerker,
    path: Path,
    dry_run: bool,
    regievoerder: Medewerker | None,
    koppeling: Koppeling | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    alleen_geldig: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Check every line of `path` and, when all are valid and it is not a dry run, add the
    inwoners that are not in Koers yet (by source key). Errors are returned in `fouten`
    (nothing is written then); the caller owns the transaction. `voortgang(done, total)` is
    called while lines are checked and written (checking and writing count as one each).
    `alleen_geldig`: import the valid lines even when others have errors (those are left out
    and reported); a problem with the file itself still stops everything."""
    vereis(actor, Gegeven.PERSONALIA, Recht.WIJZIGEN)
    result = ImportResult(bestand=str(path), dry_run=dry_run, woorden=RESULTAAT,
                          alleen_geldig=alleen_geldig)  # fmt: skip
    try:
        tabel = lees(path)
    except TabelFout as error:
        result.fouten.append(error.message)
        return result
    if not tabel.kolommen:
        result.fouten.append(
            f"Het bestand {path.name} is leeg. De eerste regel moet de kolomnamen bevatten: "
            f"{', '.join(KOLOMMEN)}."
        )
        return result
    fouten = Fouten(_VELD_VOLGORDE)
    rows = _rijen(tabel, koppeling, fouten)
    if rows is None:
        result.fouten = fouten.sorted()
        result.regelfouten = fouten.per_regel()
        return result
    if not tabel.rijen:
        result.fouten.append(
            f"Het bestand {path.name} bevat alleen de kopregel: er zijn geen inwoners om te "
            "importeren."
        )
        return result

    gemeenten = gemeenten_by_name(session)
    medewerkers = {m.gebruikersnaam: m for m in session.scalars(select(Medewerker))}
    checked: list[_Regel] = []
    totaal = 2 * len(rows)
    for n, (regel, cells) in enumerate(rows):
        if voortgang is not None and n % 500 == 0:
            voortgang(n, totaal)
        coach = regievoerder
        if naam := cells.get("regievoerder", "").strip().lower():
            coach = medewerkers.get(naam)
            if coach is None or not coach.actief:
                fouten.add(regel, f"er is geen actieve medewerker met gebruikersnaam '{naam}' "
                                  "om regievoerder te maken", "regievoerder")  # fmt: skip
                continue
        row = _check_row(cells, regel, fouten, gemeenten, coach, today)
        row.sleutel = cells.get("sleutel", "").strip() or row.bsn
        checked.append(row)

    bekend = _check_duplicates(session, checked, fouten)
    result.aantal = len({regel for regel, _ in rows} - fouten.lines())
    result.overgeslagen = len(bekend)
    if fouten:
        result.fouten = fouten.sorted()
        result.regelfouten = fouten.per_regel()
        if not alleen_geldig:
            return result
    if not dry_run:
        overslaan = bekend | fouten.lines()
        nieuw = [r for r in checked if r.values is not None and r.regel not in overslaan]

        def geschreven(n: int) -> None:
            if voortgang is not None:
                voortgang(len(rows) + n, totaal)

        _insert(session, actor, nieuw, geschreven)
        na_grote_load(session, len(nieuw))
    if voortgang is not None:
        voortgang(totaal, totaal)
    return result


def _rijen(tabel: Tabel, koppeling: Koppeling | None,
           fouten: Fouten) -> list[tuple[int, dict[str, str]]] | None:  # fmt: skip
    """The data lines as Koers columns; None after reporting a header that cannot be used."""
    if koppeling is None:
        kolommen = [k.strip().lower() for k in tabel.kolommen]
        if not _check_header(kolommen, 1, fouten):
            return None
        koppeling = Koppeling(FORMAAT.entiteit, {k: k for k in kolommen})
        bron = [k.strip().lower() for k in tabel.kolommen]
    else:
        bron = tabel.kolommen
        if problemen := kopfouten(FORMAAT, koppeling, bron):
            for probleem in problemen:
                fouten.add(1, probleem)
            return None
    rijen = []
    for regel, cellen in tabel.rijen:
        if len(cellen) != len(bron) and tabel.scheidingsteken:
            fouten.add(
                regel,
                f"{len(cellen)} velden in plaats van {len(bron)}; controleer het "
                f"scheidingsteken '{tabel.scheidingsteken}' en de aanhalingstekens",
            )
            continue
        rijen.append((regel, waarden(FORMAAT, koppeling, dict(zip(bron, cellen, strict=False)))))
    return rijen


def _kolommen(namen: list[str]) -> str:
    quoted = ", ".join(f"'{naam}'" for naam in namen)
    return f"de kolom {quoted}" if len(namen) == 1 else f"de kolommen {quoted}"


def _check_header(kolommen: list[str], regel: int, fouten: Fouten) -> bool:
    """Exactly the expected column names, each once; reports every difference at once."""
    missing = [k for k in KOLOMMEN if k not in kolommen]
    unknown = [k or "(leeg)" for k in kolommen if k not in FORMAAT.namen]
    double = sorted({k for k in kolommen if k in FORMAAT.namen and kolommen.count(k) > 1})
    if missing:
        verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
        fouten.add(regel, f"{_kolommen(missing)} {verb} in de kopregel")
    if unknown:
        verb = "is" if len(unknown) == 1 else "zijn"
        fouten.add(
            regel,
            f"{_kolommen(unknown)} {verb} onbekend; de kopregel moet precies deze kolommen "
            f"hebben: {', '.join(KOLOMMEN)} (en mag '{OPTIONEEL[0]}' en '{OPTIONEEL[1]}' "
            "hebben), of gebruik een koppeling",
        )
    if double:
        verb = "staat" if len(double) == 1 else "staan"
        fouten.add(regel, f"{_kolommen(double)} {verb} meer dan eens in de kopregel")
    return not (missing or unknown or double)


@dataclass
class _Regel:
    """One checked line: its column values when valid, and its BSN when that alone is valid
    (so duplicates are found even on lines with other errors)."""

    regel: int
    values: dict[str, Any] | None
    bsn: str | None
    sleutel: str | None = None  # the key in the source system (the BSN when it has none)


def _check_row(
    cells: dict[str, str],
    regel: int,
    fouten: Fouten,
    gemeenten: dict[str, Gemeente],
    regievoerder: Medewerker | None,
    today: date | None,
) -> _Regel:
    """Check one line with the inwoner form's rules; its errors go to `fouten`."""
    found_error = False

    def refuse(message: str, veld: str) -> None:
        nonlocal found_error
        found_error = True
        fouten.add(regel, message, veld)

    geboortedatum_tekst = cells["geboortedatum"].strip()
    geboortedatum = parse_date(geboortedatum_tekst) if geboortedatum_tekst else None
    if geboortedatum_tekst and geboortedatum is None:
        refuse(
            f"de geboortedatum '{geboortedatum_tekst}' is geen geldige datum; gebruik "
            "dd-mm-jjjj of jjjj-mm-dd",
            "geboortedatum",
        )

    gemeente_tekst = " ".join(cells["gemeente"].split())
    gemeente = None
    if gemeente_tekst:
        key = fold(gemeente_tekst)
        gemeente = gemeenten.get(key) or gemeenten.get(f"gm{key}")  # "0512" for GM0512
        if (message := _gemeente_error(gemeente_tekst, gemeente)) is not None:
            refuse(message, "gemeente")
            gemeente = None

    gegevens = InwonerGegevens(
        bsn=cells["bsn"],
        voornamen=cells["voornamen"],
        tussenvoegsel=cells["tussenvoegsel"],
        achternaam=cells["achternaam"],
        geboortedatum=geboortedatum,
        straat=cells["straat"],
        huisnummer=cells["huisnummer"],
        postcode=cells["postcode"],
        woonplaats=cells["woonplaats"],
        woongemeente_id=gemeente.id if gemeente is not None else None,
        telefoon=cells["telefoon"],
        email=cells["email"],
        regievoerder_id=regievoerder.id if regievoerder is not None else None,
    )
    try:
        values = normalise(gegevens, today=today)
    except ValidationError as error:
        for veld, message in error.errors.items():
            # An unreadable date or an unknown gemeente was already reported above; the form's
            # "fill it in" message would only confuse.
            if veld == "geboortedatum" and geboortedatum_tekst and geboortedatum is None:
                continue
            if veld == "woongemeente" and gemeente_tekst:
                continue
            refuse(message, veld)
        bsn = None if "bsn" in error.errors else v.check_bsn(gegevens.bsn)
        return _Regel(regel, None, bsn)

    return _Regel(regel, None if found_error else values, values["bsn"])


def _check_duplicates(session: Session, checked: list[_Regel], fouten: Fouten) -> set[int]:
    """A BSN and a source key may occur once in the file. An inwoner imported before (its
    source key is known) is skipped: the lines returned. Any other BSN already in Koers is
    reported, never merged, because a double BSN usually means a typing error in one of the
    two."""
    # A key that is the BSN itself is reported once, as a BSN.
    eigen_sleutel = lambda r: r.sleutel if r.sleutel != r.bsn else None  # noqa: E731
    for waarde, naam in ((lambda r: r.bsn, "BSN"), (eigen_sleutel, "sleutel")):
        regels_per: dict[str, list[int]] = defaultdict(list)
        for row in checked:
            if waarde(row) is not None:
                regels_per[waarde(row)].append(row.regel)
        for tekst, regels in regels_per.items():
            for regel in regels:
                if andere := [str(r) for r in regels if r != regel]:
                    fouten.add(regel, f"{naam} {tekst} staat ook op regel {', '.join(andere)}",
                               "bsn" if naam == "BSN" else "sleutel")  # fmt: skip

    sleutels = [r.sleutel for r in checked if r.sleutel]
    bekend = set()
    for start in range(0, len(sleutels), BSN_QUERY_CHUNK):
        bekend |= set(session.scalars(select(Bronsleutel.sleutel).where(
            Bronsleutel.entiteit == ENTITEIT,
            Bronsleutel.sleutel.in_(sleutels[start : start + BSN_QUERY_CHUNK]))))  # fmt: skip
    overgeslagen = {r.regel for r in checked if r.sleutel in bekend}

    lines_by_bsn: dict[str, list[int]] = defaultdict(list)
    for row in checked:
        if row.bsn is not None and row.regel not in overgeslagen:
            lines_by_bsn[row.bsn].append(row.regel)
    bsns = list(lines_by_bsn)
    for start in range(0, len(bsns), BSN_QUERY_CHUNK):
        chunk = bsns[start : start + BSN_QUERY_CHUNK]
        for bsn in session.scalars(select(Inwoner.bsn).where(Inwoner.bsn.in_(chunk))):
            for regel in lines_by_bsn[bsn]:
                fouten.add(regel, f"er staat al een inwoner met BSN {bsn} in Koers", "bsn")
    return overgeslagen


def _insert(session: Session, actor: Medewerker, regels: list[_Regel],
            geschreven: Callable[[int], None]) -> None:  # fmt: skip
    """Core bulk insert: the same column values, search keys and audit records as
    `create_inwoner`, and each inwoner's source key."""
    rows = [r.values for r in regels]
    records = [
        {"id": uuid.uuid4(), "versie": 1, **values, **search_keys(values)} for values in rows
    ]
    sleutels = [
        {"id": uuid.uuid4(), "entiteit": ENTITEIT, "sleutel": r.sleutel, "record_id": rec["id"]}
        for r, rec in zip(regels, records, strict=True)
    ]
    audit = [
        {"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
         "gebruikersnaam": actor.gebruikersnaam,
         "inwoner_id": record["id"], "record_id": record["id"], "actie": AuditActie.AANGEMAAKT,
         "onderwerp": "inwoner", "reden": "import",
         "velden": velden_json({k: (None, val) for k, val in values.items() if val is not None})}
        for record, values in zip(records, rows, strict=True)
    ]  # fmt: skip
    for start in range(0, len(records), CHUNK):
        session.execute(insert(Inwoner.__table__), records[start : start + CHUNK])
        session.execute(insert(AuditRecord.__table__), audit[start : start + CHUNK])
        session.execute(insert(Bronsleutel.__table__), sleutels[start : start + CHUNK])
        session.execute(insert(InwonerZoekwoord.__table__), [
            woord for record in records[start : start + CHUNK]
            for woord in zoekwoord_rijen(record["id"], record)])  # fmt: skip
        geschreven(start + len(records[start : start + CHUNK]))
    # Like a single new dossier, an imported one must be within its importer's reach.
    if not actor.rollen & BREAK_THE_GLASS:
        ids = [r["id"] for r in records]
        bereikbaar = sum(
            session.scalar(select(func.count()).select_from(Inwoner)
                           .where(Inwoner.id.in_(ids[i : i + CHUNK]), in_bereik(actor)))
            for i in range(0, len(ids), CHUNK)
        )  # fmt: skip
        if bereikbaar < len(ids):
            raise DomainError(
                "Deze inwoners zouden buiten uw caseload vallen, zodat u ze daarna niet kunt "
                "openen. Geef met --regievoerder uzelf of een collega uit uw team op."
            )


# --- the error report, export and templates ---------------------------------------------------


def export_rijen(session: Session, *, actor: Medewerker) -> list[list[str]]:
    """Every inwoner with personal data in FORMAAT's layout (an anonymised one has none left),
    each read recorded in the audit trail. For a functioneel beheerder only: it is everyone."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)
    sleutels = dict(session.execute(select(Bronsleutel.record_id, Bronsleutel.sleutel)
                                    .where(Bronsleutel.entiteit == ENTITEIT)).all())  # fmt: skip
    gemeenten = dict(session.execute(select(Gemeente.id, Gemeente.naam)).all())
    coaches = dict(session.execute(select(Medewerker.id, Medewerker.gebruikersnaam)).all())
    rijen, audit = [], []
    for i in session.scalars(select(Inwoner).where(Inwoner.bsn.is_not(None))
                             .order_by(Inwoner.sorteernaam, Inwoner.id)):  # fmt: skip
        rijen.append([
            sleutels.get(i.id, str(i.id)), i.bsn, i.voornamen, i.tussenvoegsel or "",
            i.achternaam, format_date(i.geboortedatum), i.straat or "", i.huisnummer or "",
            i.postcode or "", i.woonplaats or "", gemeenten.get(i.woongemeente_id, ""),
            i.telefoon or "", i.email or "", coaches.get(i.regievoerder_id, ""),
        ])  # fmt: skip
        audit.append({"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
                      "gebruikersnaam": actor.gebruikersnaam, "inwoner_id": i.id,
                      "record_id": i.id, "actie": AuditActie.GEEXPORTEERD,
                      "onderwerp": "inwoner", "reden": "export"})  # fmt: skip
    for start in range(0, len(audit), CHUNK):
        session.execute(insert(AuditRecord.__table__), audit[start : start + CHUNK])
    return rijen


def exporteer(session: Session, *, actor: Medewerker, pad: Path) -> int:
    """Write every inwoner to `pad` (.csv or .xlsx) in the layout the import reads back."""
    return schrijf_export(pad, FORMAAT, export_rijen(session, actor=actor))
