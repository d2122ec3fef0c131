"""Reading and writing tables of rows: CSV (any common separator, UTF-8 or Windows-1252) and
XLSX, as exports of other systems and spreadsheets come.

`lees` gives the header and the data rows with the line (CSV) or row (XLSX) number a user sees
in the file, so a message can say "regel 2.000". Blank rows are skipped. Every value is text:
an XLSX date becomes dd-mm-jjjj and a whole number loses its ".0", as a user would type them.
`schrijf` writes the same shape back; a CSV is UTF-8 with a BOM and `;` (what Dutch Excel opens
directly), an XLSX has one sheet per table.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zipfile import BadZipFile

from app.services.bestanden import write_atomically
from app.services.errors import DomainError

log = logging.getLogger(__name__)

SCHEIDINGSTEKENS = ";,\t|"


class TabelFout(DomainError):
    """A file that cannot be read as a table; the message is Dutch and names the file."""


@dataclass
class Tabel:
    naam: str  # the file (and sheet) it came from, for messages
    kolommen: list[str]
    rijen: list[tuple[int, list[str]]] = field(default_factory=list)  # (line number, cells)
    codering: str = "utf-8"
    scheidingsteken: str = ";"

    def als_dicts(self) -> list[tuple[int, dict[str, str]]]:
        return [(regel, dict(zip(self.kolommen, cellen, strict=False)))
                for regel, cellen in self.rijen]  # fmt: skip


def lees(pad: Path, *, blad: str | None = None) -> Tabel:
    """The table in a CSV or XLSX file (for XLSX the sheet `blad`, else the first)."""
    if not pad.is_file():
        raise TabelFout(f"Het bestand {pad} bestaat niet.")
    if pad.suffix.lower() in (".xlsx", ".xlsm"):
        return _lees_xlsx(pad, blad)
    try:
        data = pad.read_bytes()
    except OSError as error:
        raise TabelFout(f"Het bestand {pad} kan niet worden gelezen: {error.strerror}.") from None
    tekst, codering = _decodeer(data)
    return _lees_csv(pad.name, tekst, codering)


def _decodeer(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it is valid, else Windows-1252: what Excel writes as
    'CSV (gescheiden door lijstscheidingsteken)' on a Dutch Windows."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _scheidingsteken(tekst: str) -> str:
    """The separator the header line uses most (outside quotes)."""
    kop = next((regel for regel in tekst.splitlines() if regel.strip(" \t;,|")), "")
    zonder_quotes = "".join(deel for i, deel in enumerate(kop.split('"')) if i % 2 == 0)
    tellingen = {teken: zonder_quotes.count(teken) for teken in SCHEIDINGSTEKENS}
    beste = max(tellingen, key=lambda teken: tellingen[teken])
    return beste if tellingen[beste] else ";"


def _lees_csv(naam: str, tekst: str, codering: str) -> Tabel:
    teken = _scheidingsteken(tekst)
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=teken)
    tabel = Tabel(naam, [], codering=codering, scheidingsteken=teken)
    while True:
        regel = reader.line_num + 1  # a quoted value may span lines: report where it starts
        try:
            cellen = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise TabelFout(f"{naam}, regel {regel}: geen geldige CSV ({error}).") from None
        if not any(cel.strip() for cel in cellen):
            continue  # blank lines, also ';;;;' lines that spreadsheets leave behind
        if not tabel.kolommen:
            tabel.kolommen = [cel.strip() for cel in cellen]
        else:
            tabel.rijen.append((regel, cellen))
    return tabel


def _lees_xlsx(pad: Path, blad: str | None) -> Tabel:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        boek = load_workbook(pad, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        log.info("%s is geen leesbaar xlsx-bestand", pad, exc_info=True)
        raise TabelFout(
            f"{pad.name} is geen leesbaar Excel-bestand (.xlsx). Open het in Excel "
            "en sla het opnieuw op als Excel-werkmap."
        ) from None
    try:
        if blad is not None and blad not in boek.sheetnames:
            raise TabelFout(f"{pad.name} heeft geen werkblad '{blad}'.")
        werkblad = boek[blad] if blad else boek.worksheets[0]
        tabel = Tabel(f"{pad.name}", [], codering="xlsx", scheidingsteken="")
        for nummer, rij in enumerate(werkblad.iter_rows(values_only=True), start=1):
            cellen = [_tekst(waarde) for waarde in rij]
            if not any(cel.strip() for cel in cellen):
                continue
            if not tabel.kolommen:
                tabel.kolommen = [cel.strip() for cel in cellen]
                while tabel.kolommen and not tabel.kolommen[-1]:
                    tabel.kolommen.pop()  # formatting can stretch a sheet beyond its columns
            else:
                tabel.rijen.append((nummer, cellen[: len(tabel.kolommen)]))
        return tabel
    finally:
        boek.close()


def _tekst(waarde: object) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        return waarde.strftime("%d-%m-%Y") if waarde.time() == datetime.min.time() else \
            waarde.strftime("%d-%m-%Y %H:%M")  # fmt: skip
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    return str(waarde)


def schrijf_csv(pad: Path, kolommen: list[str], rijen: list[list[str]]) -> None:
    """UTF-8 with BOM and `;`, written atomically."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(kolommen)
    writer.writerows(rijen)
    write_atomically(pad, buffer.getvalue().encode("utf-8-sig"))


def schrijf_xlsx(pad: Path, bladen: list[tuple[str, list[str], list[list[str]]]]) -> None:
    """One sheet per (name, columns, rows), header in bold and frozen, written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook(write_only=False)
    boek.remove(boek.active)
    for naam, kolommen, rijen in bladen:
        blad = boek.create_sheet(naam[:31])  # Excel's limit on sheet names
        blad.append(kolommen)
        for cel in blad[1]:
            cel.font = Font(bold=True)
        blad.freeze_panes = "A2"
        for rij in rijen:
            blad.append(rij)
        for i, kolom in enumerate(kolommen, start=1):
            breedte = max([len(kolom), *(len(str(r[i - 1])) for r in rijen[:200] if i <= len(r))])
            blad.column_dimensions[blad.cell(1, i).column_letter].width = min(60, breedte + 2)
    buffer = io.BytesIO()
    boek.save(buffer)
    write_atomically(pad, buffer.getvalue())
