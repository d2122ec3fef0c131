"""What the set imports share: trajecten (traject_import) and schuldhulptrajecten
(schuldhulp_import) are each read from several files checked together (the record, its history,
its parts). Both read a line through `Regel` (importverslag.Regelbasis with the checks against
the importer's context), collect every file's messages with `met_fouten` and write one error
report with a sheet per file (`schrijf_foutenverslag`). What every importer shares (audit rows,
source keys, export cells) is in importverslag.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from app.models import Rol
from app.services.importverslag import Bestand, ImportResult, Regelbasis
from app.services.tabellen import TabelFout, lees, schrijf_xlsx
from app.services.text import format_date

MAX_TEKST = 200  # source keys and werkplek: the length of their columns


@dataclass
class SetImportResult(ImportResult):
    """One result for the set; `aantal` and `overgeslagen` count the main records."""

    # Per layout (its entiteit): the file, its messages per line, for the error report.
    bronnen: dict[str, Path] = field(default_factory=dict)
    regelfouten_per_bestand: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    bestandsfouten: list[str] = field(default_factory=list)  # about a file, not one line


R = TypeVar("R", bound="SetImportResult")


class Context(Protocol):
    """What a line is checked against (each importer's own context has at least this)."""

    today: date
    inwoners: dict[str, Any]  # by source key
    medewerkers: dict[str, MedewerkerRij]  # by username

    def datum(self, tekst: str) -> date | None: ...


class MedewerkerRij(NamedTuple):
    id: uuid.UUID
    gebruikersnaam: str
    actief: bool
    rollen: frozenset[Rol]


class Regel(Regelbasis):
    """A line of a set, checked against the importer's context (`Context`)."""

    def __init__(self, bestand: Bestand, regel: int, w: dict[str, str], ctx: Context) -> None:
        super().__init__(bestand, regel, w)
        self.ctx = ctx

    def tekst(self, veld: str) -> str | None:
        return self.w[veld] or None

    def verplicht(self, veld: str, melding: str) -> str:
        if not self.w[veld]:
            self.weiger(melding, veld)
        return self.w[veld]

    def sleutel(self, veld: str, wat: str) -> str:
        sleutel = self.verplicht(veld, f"vul de sleutel van {wat} in")
        if len(sleutel) > MAX_TEKST:
            self.weiger(f"de sleutel is langer dan {MAX_TEKST} tekens", veld)
        return sleutel

    def inwoner(self) -> Any:  # the importer's own inwoner tuple, or None
        sleutel = self.verplicht("inwoner", "vul de sleutel van de inwoner in")
        inwoner = self.ctx.inwoners.get(sleutel)
        if sleutel and inwoner is None:
            self.weiger(f"inwoner '{sleutel}' is onbekend: importeer eerst de inwoners, of "
                        "controleer de sleutel", "inwoner")  # fmt: skip
        return inwoner

    def datum(
        self, veld: str, *, verplicht: str | None = None, toekomst: bool = False,
        niet_voor: date | None = None, wat: str = "de startdatum",
    ) -> date | None:  # fmt: skip
        """A date, not in the future unless `toekomst`, not before `niet_voor` (`wat`)."""
        tekst = self.verplicht(veld, verplicht) if verplicht else self.w[veld]
        if not tekst:
            return None
        datum = self.ctx.datum(tekst)
        if datum is None:
            self.weiger(f"{veld} '{tekst}' is geen geldige datum; gebruik dd-mm-jjjj of "
                        "jjjj-mm-dd", veld)  # fmt: skip
        elif not toekomst and datum > self.ctx.today:
            self.weiger(f"{veld} {format_date(datum)} ligt in de toekomst", veld)
        elif niet_voor is not None and datum < niet_voor:
            self.weiger(f"{veld} {format_date(datum)} ligt vóór {wat} {format_date(niet_voor)}",
                        veld)  # fmt: skip
        else:
            return datum
        return None

    def code(self, veld: str, *, verplicht: str | None = None) -> Any:
        tekst = self.verplicht(veld, verplicht) if verplicht else self.w[veld]
        return self.gecodeerd(veld, tekst)

    def geheel(self, veld: str, laag: int, hoog: int | None, *,
               verplicht: str | None = None) -> int | None:  # fmt: skip
        tekst = self.verplicht(veld, verplicht) if verplicht else self.w[veld]
        if not tekst:
            return None
        getal = int(tekst) if tekst.isdecimal() else None
        if getal is None or getal < laag or (hoog is not None and getal > hoog):
            bereik = f"van {laag} tot en met {hoog}" if hoog is not None else f"van minstens {laag}"
            self.weiger(f"{veld} '{tekst}' is geen geheel getal {bereik}", veld)
            return None
        return getal

    def medewerker(self, veld: str) -> MedewerkerRij | None:
        naam = self.w[veld].lower()
        medewerker = self.ctx.medewerkers.get(naam)
        if naam and medewerker is None:
            self.weiger(f"er is geen medewerker met gebruikersnaam '{naam}'", veld)
        return medewerker


def met_fouten(result: R, bestanden: list[Bestand]) -> R:
    """Every file's messages, each file's in line order, named by the file."""
    for b in bestanden:
        if b.onleesbaar:
            result.fouten.append(b.onleesbaar)
            result.bestandsfouten.append(b.onleesbaar)
            continue
        result.fouten += [f"{b.naam}, {fout}" for fout in b.fouten.sorted()]
        per_regel = b.fouten.per_regel()
        result.regelfouten_per_bestand[b.formaat.entiteit] = per_regel
        result.bestandsfouten += [f"{b.naam}: {fout}" for fout in per_regel.get(1, [])]
    return result


def schrijf_foutenverslag(pad: Path, result: SetImportResult) -> None:
    """As importverslag.schrijf_foutenverslag, for the set: per file a sheet with the lines and a
    column 'fout' next to each, and the problems of the files themselves on a sheet of their
    own."""
    bladen = []
    for entiteit, bron in result.bronnen.items():
        try:
            tabel = lees(bron)
        except TabelFout:
            continue  # its problem is on the sheet 'Bestand'
        fouten = result.regelfouten_per_bestand.get(entiteit, {})
        rijen = [[str(regel), *cellen, "; ".join(fouten.get(regel, []))]
                 for regel, cellen in tabel.rijen]  # fmt: skip
        bladen.append((entiteit, ["regel", *tabel.kolommen, "fout"], rijen))
    if result.bestandsfouten:
        bladen.append(("Bestand", ["fout"], [[f] for f in result.bestandsfouten]))
    schrijf_xlsx(pad, bladen)
