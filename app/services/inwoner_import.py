"""Import inwoners from a CSV file (`koers import inwoners`).

All or nothing: every line is checked first, with the same rules as the inwoner form
(`inwoners.normalise`), and one error anywhere means nothing is imported. The messages name the
physical line in the file (the header is line 1), so a user can fix the file in a spreadsheet and
try again. A valid file is written with bulk inserts inside the caller's transaction.

The file: UTF-8 (with or without BOM), `;` or `,` as separator (whichever the header uses),
and exactly the columns in `KOLOMMEN`, in any order, names case-insensitive.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.models import AuditActie, AuditRecord, Gemeente, Inwoner, Medewerker
from app.services import validation as v
from app.services.audit import next_moment, velden_json
from app.services.errors import DomainError, ValidationError
from app.services.gemeenten import gemeenten_by_name
from app.services.inwoners import InwonerGegevens, normalise, search_keys
from app.services.rechten import BREAK_THE_GLASS, Gegeven, Recht, vereis
from app.services.text import fold, parse_date
from app.services.toegang import in_bereik

KOLOMMEN = (
    "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "straat",
    "huisnummer", "postcode", "woonplaats", "gemeente", "telefoon", "email",
)  # fmt: skip
CHUNK = 5_000
# Bound parameters per "bsn IN (...)" query: well below SQLite's and PostgreSQL's limits.
BSN_QUERY_CHUNK = 900


def _nl_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@dataclass
class ImportResult:
    """What an import found and did. `aantal` counts the valid lines (imported unless there
    were errors or it was a dry run)."""

    bestand: str
    dry_run: bool
    aantal: int = 0
    fouten: list[str] = field(default_factory=list)

    @property
    def geimporteerd(self) -> int:
        return 0 if self.fouten or self.dry_run else self.aantal

    def as_dict(self) -> dict[str, Any]:
        return {
            "bestand": self.bestand,
            "dry_run": self.dry_run,
            "aantal": self.aantal,
            "geimporteerd": self.geimporteerd,
            "fouten": list(self.fouten),
        }

    def summary(self) -> str:
        inwoners = "inwoner" if self.aantal == 1 else "inwoners"
        if self.fouten:
            fouten = "fout" if len(self.fouten) == 1 else "fouten"
            return f"Niets geïmporteerd: {len(self.fouten)} {fouten} in {self.bestand}."
        if self.dry_run:
            return (
                f"Controle geslaagd: {_nl_int(self.aantal)} {inwoners} in {self.bestand} kunnen "
                "worden geïmporteerd (proefrun, er is niets opgeslagen)."
            )
        return f"{_nl_int(self.aantal)} {inwoners} geïmporteerd uit {self.bestand}."


# Where a field's message sorts within its line: in column order, as the user reads the line.
_VELD_VOLGORDE = {naam: i for i, naam in enumerate(KOLOMMEN)} | {"woongemeente": 9}


class _Fouten:
    """Messages with the line they belong to, reported in line and column order."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, int, str]] = []

    def add(self, regel: int, message: str, veld: str | None = None) -> None:
        order = _VELD_VOLGORDE.get(veld or "", len(KOLOMMEN))
        text = f"regel {regel}: {_as_clause(message)}"
        self._items.append((regel, order, len(self._items), text))

    def __bool__(self) -> bool:
        return bool(self._items)

    def lines(self) -> set[int]:
        return {item[0] for item in self._items}

    def sorted(self) -> list[str]:
        return [item[3] for item in sorted(self._items)]


def _as_clause(message: str) -> str:
    """'Vul de achternaam in.' → 'vul de achternaam in', so that the
    service's sentence reads on after 'regel 14: '. Acronyms such as 'BSN' keep their case."""
    message = message.strip().rstrip(".")
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        message = message[0].lower() + message[1:]
    return message


def _read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's text, or a Dutch error message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, f"Het bestand {path} bestaat niet."
    except OSError as error:
        return None, f"Het bestand {path} kan niet worden gelezen: {error.strerror}."
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        regel = data[: error.start].count(b"\n") + 1
        return None, (
            f"Het bestand is geen UTF-8 (onleesbaar teken op regel {regel}). Sla het op als "
            "'CSV UTF-8' (in Excel: Opslaan als → CSV UTF-8) en probeer het opnieuw."
        )


def _gemeente_error(naam: str, gemeente: Gemeente | None) -> str | None:
    if gemeente is None:
        return f"gemeente '{naam}' is onbekend"
    if gemeente.opvolger_id is not None:
        return f"gemeente '{naam}' is opgegaan in {gemeente.huidige().naam}; gebruik die gemeente"
    return None


# Maximum lengths straight from the table, so text that would not fit is refused per line
# instead of failing the whole insert on PostgreSQL.
def import_inwoners(
    session: Session,
    *,
    actor: Medewerker,
    path: Path,
    dry_run: bool,
    regievoerder: Medewerker | None,
    today: date | None = None,
) -> ImportResult:
    """Check every line of `path` and, when all are valid and it is not a dry run, add the
    inwoners. Errors are returned in `fouten` (nothing is written then); the caller owns the
    transaction."""
    vereis(actor, Gegeven.PERSONALIA, Recht.WIJZIGEN)
    result = ImportResult(bestand=str(path), dry_run=dry_run)
    text, error = _read_text(path)
    if error is not None or text is None:
        result.fouten.append(error or "")
        return result

    # The separator is whichever of ';' and ',' the header (first line with text) uses most.
    header_line = next((line for line in text.splitlines() if line.strip(" \t;,")), "")
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    fouten = _Fouten()
    parsed = _parse(text, delimiter, fouten)
    if parsed is None:
        result.fouten = fouten.sorted()
        return result
    kolommen, rows = parsed
    if not kolommen:
        result.fouten.append(
            f"Het bestand {path.name} is leeg. De eerste regel moet de kolomnamen bevatten: "
            f"{', '.join(KOLOMMEN)}."
        )
        return result
    if not rows:
        result.fouten.append(
            f"Het bestand {path.name} bevat alleen de kopregel: er zijn geen inwoners om te "
            "importeren."
        )
        return result

    gemeenten = gemeenten_by_name(session)
    checked: list[_Regel] = []
    for regel, cells in rows:
        if len(cells) != len(kolommen):
            fouten.add(
                regel,
                f"{len(cells)} velden in plaats van {len(kolommen)}; controleer het "
                f"scheidingsteken '{delimiter}' en de aanhalingstekens",
            )
            continue
        cells_by_name = dict(zip(kolommen, cells, strict=True))
        checked.append(_check_row(cells_by_name, regel, fouten, gemeenten, regievoerder, today))

    _check_duplicates(session, checked, fouten)
    result.aantal = len({regel for regel, _ in rows} - fouten.lines())
    if fouten:
        result.fouten = fouten.sorted()
        return result
    if not dry_run:
        _insert(session, actor, [r.values for r in checked if r.values is not None])
    return result


def _parse(
    text: str, delimiter: str, fouten: _Fouten
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header's column names (empty when there is no header) and the data lines with their
    physical line number; None after reporting a bad header or unreadable CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    kolommen: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    regel = 1
    while True:
        regel = reader.line_num + 1  # a quoted value may span lines: report where it starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            fouten.add(regel, f"deze regel is geen geldige CSV ({error})")
            return None
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, also ';;;;' lines that spreadsheets leave behind
        if kolommen is None:
            kolommen = [cell.strip().lower() for cell in cells]
            if not _check_header(kolommen, regel, fouten):
                return None
        else:
            rows.append((regel, cells))
    return kolommen or [], rows


def _kolommen(namen: list[str]) -> str:
    quoted = ", ".join(f"'{naam}'" for naam in namen)
    return f"de kolom {quoted}" if len(namen) == 1 else f"de kolommen {quoted}"


def _check_header(kolommen: list[str], regel: int, fouten: _Fouten) -> bool:
    """Exactly the expected column names, each once; reports every difference at once."""
    missing = [k for k in KOLOMMEN if k not in kolommen]
    unknown = [k or "(leeg)" for k in kolommen if k not in KOLOMMEN]
    double = sorted({k for k in kolommen if k in KOLOMMEN and kolommen.count(k) > 1})
    if missing:
        verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
        fouten.add(regel, f"{_kolommen(missing)} {verb} in de kopregel")
    if unknown:
        verb = "is" if len(unknown) == 1 else "zijn"
        fouten.add(
            regel,
            f"{_kolommen(unknown)} {verb} onbekend; de kopregel moet precies deze kolommen "
            f"hebben: {', '.join(KOLOMMEN)}",
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


def _check_row(
    cells: dict[str, str],
    regel: int,
    fouten: _Fouten,
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


def _check_duplicates(session: Session, checked: list[_Regel], fouten: _Fouten) -> None:
    """A BSN may occur once in the file and must not be in Koers yet: both are reported, never
    merged, because a double BSN usually means a typing error in one of the two."""
    lines_by_bsn: dict[str, list[int]] = defaultdict(list)
    for row in checked:
        if row.bsn is not None:
            lines_by_bsn[row.bsn].append(row.regel)
    for bsn, regels in lines_by_bsn.items():
        for regel in regels:
            andere = [str(r) for r in regels if r != regel]
            if andere:
                fouten.add(regel, f"BSN {bsn} staat ook op regel {', '.join(andere)}", "bsn")

    bsns = list(lines_by_bsn)
    for start in range(0, len(bsns), BSN_QUERY_CHUNK):
        chunk = bsns[start : start + BSN_QUERY_CHUNK]
        for bsn in session.scalars(select(Inwoner.bsn).where(Inwoner.bsn.in_(chunk))):
            for regel in lines_by_bsn[bsn]:
                fouten.add(regel, f"er staat al een inwoner met BSN {bsn} in Koers", "bsn")


def _insert(session: Session, actor: Medewerker, rows: list[dict[str, Any]]) -> None:
    """Core bulk insert: the same column values, search keys and audit records as
    `create_inwoner`."""
    records = [
        {"id": uuid.uuid4(), "versie": 1, **values, **search_keys(values)} for values in rows
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
