"""What every import reports: the result, the messages per line and the error report; the
export and template files every kind of record shares (see app/services/inwoner_import.py)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditActie, Bronsleutel, Medewerker
from app.models.enums import KoersEnum
from app.services.audit import next_moment
from app.services.errors import ValidationError
from app.services.koppeling import Formaat, Koppeling, code, codes_tekst, kopfouten, waarden
from app.services.tabellen import Tabel, TabelFout, lees, schrijf_csv, schrijf_xlsx
from app.services.text import format_date, nl_int


@dataclass
class ImportResult:
    """What an import found and did. `aantal` counts the valid lines (imported unless there
    were errors or it was a dry run)."""

    bestand: str
    dry_run: bool
    aantal: int = 0
    fouten: list[str] = field(default_factory=list)
    overgeslagen: int = 0  # valid lines of records imported before (same source key)
    regelfouten: dict[int, list[str]] = field(default_factory=dict)  # for the error report
    woorden: tuple[str, str] = ("inwoner", "inwoners")  # what was imported, one and many
    # The user chose to import the valid lines and leave the lines with errors out.
    alleen_geldig: bool = False

    @property
    def geimporteerd(self) -> int:
        if self.dry_run or (self.fouten and not self.alleen_geldig):
            return 0
        return self.aantal - self.overgeslagen

    def as_dict(self) -> dict[str, Any]:
        return {
            "bestand": self.bestand,
            "dry_run": self.dry_run,
            "aantal": self.aantal,
            "geimporteerd": self.geimporteerd,
            "overgeslagen": self.overgeslagen,
            "alleen_geldig": self.alleen_geldig,
            "fouten": list(self.fouten),
        }

    def summary(self) -> str:
        enkel, meer = self.woorden
        inwoners = enkel if self.aantal == 1 else meer
        fouten = "fout" if len(self.fouten) == 1 else "fouten"
        if self.fouten and not self.alleen_geldig:
            return f"Niets geïmporteerd: {len(self.fouten)} {fouten} in {self.bestand}."
        al = (f" {nl_int(self.overgeslagen)} stonden er al in (zelfde sleutel) en worden "
              "overgeslagen." if self.overgeslagen else "")  # fmt: skip
        if self.fouten:
            al += (f" {len(self.regelfouten)} regel(s) met {len(self.fouten)} {fouten} "
                   "overgeslagen.")  # fmt: skip
        if self.dry_run:
            return (
                f"Controle geslaagd: {nl_int(self.aantal)} {inwoners} in {self.bestand} kunnen "
                f"worden geïmporteerd (proefrun, er is niets opgeslagen).{al}"
            )
        nieuw = self.aantal - self.overgeslagen
        woord = enkel if nieuw == 1 else meer
        return f"{nl_int(nieuw)} {woord} geïmporteerd uit {self.bestand}.{al}"


class Fouten:
    """Messages with the line they belong to, reported in line and column order."""

    def __init__(self, volgorde: dict[str, int]) -> None:
        self._volgorde = volgorde  # field → its place in the line
        self._items: list[tuple[int, int, int, str]] = []

    def add(self, regel: int, message: str, veld: str | None = None) -> None:
        order = self._volgorde.get(veld or "", len(self._volgorde))
        text = f"regel {regel}: {als_bijzin(message)}"
        self._items.append((regel, order, len(self._items), text))

    def __bool__(self) -> bool:
        return bool(self._items)

    def lines(self) -> set[int]:
        return {item[0] for item in self._items}

    def sorted(self) -> list[str]:
        return [item[3] for item in sorted(self._items)]

    def per_regel(self) -> dict[int, list[str]]:
        """The messages of each line, without the 'regel N: ' they start with."""
        result: dict[int, list[str]] = defaultdict(list)
        for regel, _order, _n, text in sorted(self._items):
            result[regel].append(text.split(": ", 1)[1])
        return dict(result)


def als_bijzin(message: str) -> str:
    """'Vul de achternaam in.' → 'vul de achternaam in', so that the
    service's sentence reads on after 'regel 14: '. Acronyms such as 'BSN' keep their case."""
    message = message.strip().rstrip(".")
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        message = message[0].lower() + message[1:]
    return message


def schrijf_foutenverslag(pad: Path, bron: Path, result: ImportResult) -> None:
    """The source file as an XLSX with a column 'fout' next to every line, for the user to
    fix the lines in a spreadsheet; problems of the file itself on a sheet of their own."""
    try:
        tabel = lees(bron)
    except TabelFout:
        tabel = Tabel(bron.name, [])
    rijen = [[str(regel), *cellen, "; ".join(result.regelfouten.get(regel, []))]
             for regel, cellen in tabel.rijen]  # fmt: skip
    bladen = [("Controle", ["regel", *tabel.kolommen, "fout"], rijen)]
    bestand = [f for f in result.fouten if not f.startswith("regel ") or f.startswith("regel 1:")]
    if bestand:
        bladen.append(("Bestand", ["fout"], [[f] for f in bestand]))
    schrijf_xlsx(pad, bladen)


def schrijf_export(pad: Path, formaat: Formaat, rijen: list[list[str]]) -> int:
    """Rows in `formaat`'s layout to a .csv or .xlsx file, which its import reads back."""
    if pad.suffix.lower() not in (".csv", ".xlsx"):
        raise ValidationError({"bestand": "Kies een bestand dat eindigt op .csv of .xlsx."})
    if pad.suffix.lower() == ".csv":
        schrijf_csv(pad, formaat.namen, rijen)
    else:
        schrijf_xlsx(pad, [(formaat.entiteit, formaat.namen, rijen)])
    return len(rijen)


def schrijf_sjablonen(map: Path, formaten: list[Formaat]) -> list[Path]:
    """Per kind of record an empty CSV, and an XLSX with a sheet that explains every column
    (whether it must be there, whether a value is required, what goes in it)."""
    map.mkdir(parents=True, exist_ok=True)
    paden = []
    for formaat in formaten:
        csv_pad, xlsx_pad = map / f"{formaat.entiteit}.csv", map / f"{formaat.entiteit}.xlsx"
        schrijf_csv(csv_pad, formaat.namen, [])
        uitleg = [[k.naam, "ja" if k.verplicht else "nee", k.omschrijving]
                  for k in formaat.kolommen]  # fmt: skip
        schrijf_xlsx(xlsx_pad, [
            (formaat.entiteit, formaat.namen, []),
            ("Toelichting", ["kolom", "verplicht", "wat erin staat"], uitleg),
        ])  # fmt: skip
        paden += [csv_pad, xlsx_pad]
    return paden


@dataclass
class Bestand:
    """One file of a set (a plan and its goals, a traject and its steps): its lines as Koers
    columns and the messages about them."""

    formaat: Formaat
    pad: Path
    fouten: Fouten
    koppeling: Koppeling | None = None
    rijen: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    onleesbaar: str | None = None  # why the file cannot be read at all
    # Code values seen, with the code they stand for: the same few values repeat on every line.
    codes: dict[tuple[str, str], KoersEnum | None] = field(default_factory=dict)

    @property
    def naam(self) -> str:
        return self.pad.name


# How a yes/no column may be filled in (empty is no).
JA, NEE = {"ja", "j", "true", "1", "waar", "yes"}, {"", "nee", "n", "false", "0", "onwaar", "no"}


class Regelbasis:
    """One line of a `Bestand` being read: its values, and each problem reported once, on its
    line and field (`gemeld` holds the fields whose problem is said, so no later check repeats
    it). Each importer adds the readers its columns need."""

    def __init__(self, bestand: Bestand, regel: int, w: dict[str, str]) -> None:
        self.bestand, self.regel, self.w = bestand, regel, w
        self.gemeld: set[str] = set()

    @property
    def geldig(self) -> bool:
        return not self.gemeld

    def weiger(self, melding: str, veld: str) -> None:
        self.gemeld.add(veld)
        self.bestand.fouten.add(self.regel, melding, veld)

    def gecodeerd(self, veld: str, tekst: str) -> Any:
        """The code `tekst` stands for in this column (by the file's mapping), refused when
        unknown; each distinct value is looked up once per file."""
        sleutel = (veld, tekst)
        if sleutel not in self.bestand.codes:
            kolom = self.bestand.formaat.kolom(veld)
            self.bestand.codes[sleutel] = code(kolom, self.bestand.koppeling, tekst)
        lid = self.bestand.codes[sleutel]
        if tekst and lid is None:
            keuzes = codes_tekst(self.bestand.formaat.kolom(veld))
            self.weiger(f"{veld} '{tekst}' is onbekend; kies uit {keuzes} of vertaal het in de "
                        "koppeling", veld)  # fmt: skip
        return lid

    def ja_nee(self, veld: str) -> bool:
        tekst = self.w[veld].casefold()
        if tekst not in JA | NEE:
            self.weiger(f"{veld} '{self.w[veld]}' is geen ja of nee", veld)
        return tekst in JA


def open_bestand(formaat: Formaat, pad: Path, koppeling: Koppeling | None) -> Bestand:
    """The file's lines as Koers columns, or the reason it cannot be read (its header problems
    are messages of line 1). Without a mapping: Koers' own layout, column names in any case,
    optional columns may lack."""
    bestand = Bestand(formaat, pad, Fouten({naam: i for i, naam in enumerate(formaat.namen)}))
    try:
        tabel = lees(pad)
    except TabelFout as error:
        bestand.onleesbaar = error.message
        return bestand
    if koppeling is None:
        bron = [k.strip().lower() for k in tabel.kolommen]
        koppeling = Koppeling(formaat.entiteit, {k: k for k in formaat.namen if k in bron})
    else:
        bron = tabel.kolommen
    bestand.koppeling = koppeling
    problemen = (
        kopfouten(formaat, koppeling, bron)
        if tabel.kolommen
        else [f"het bestand {tabel.naam} is leeg; de eerste regel moet de kolomnamen bevatten"]
    )
    for probleem in problemen:
        bestand.fouten.add(1, probleem)
    if not problemen:
        bestand.rijen = [(regel, waarden(formaat, koppeling, dict(zip(bron, cellen, strict=False))))
                         for regel, cellen in tabel.rijen]  # fmt: skip
    return bestand


QUERY_CHUNK = 900  # bound parameters per "IN (...)": well below SQLite's and PostgreSQL's limits


def in_delen(waarden: Iterable[Any]) -> Iterator[list[Any]]:
    """The distinct values in sorted chunks of QUERY_CHUNK, for "IN (...)" queries."""
    lijst = sorted(set(waarden))
    for start in range(0, len(lijst), QUERY_CHUNK):
        yield lijst[start : start + QUERY_CHUNK]


def als_id(tekst: str) -> uuid.UUID | None:
    """A key that is a record's own id in Koers (an export of records without a source key)."""
    try:
        return uuid.UUID(tekst)
    except ValueError:
        return None


def afronden(result: ImportResult, bestanden: list[Bestand]) -> ImportResult:
    """Every file's messages in the set's result, each named after its file, in the order of
    the files; `result.bestanden` gets each file's own result for its error report."""
    for b in bestanden:
        eigen = [b.onleesbaar] if b.onleesbaar else b.fouten.sorted()
        # A file that cannot be read is named by its own message already.
        result.fouten += eigen if b.onleesbaar else [f"{b.naam}, {f}" for f in eigen]
        result.bestanden.append(ImportResult(str(b.pad), result.dry_run, fouten=eigen,
                                             regelfouten=b.fouten.per_regel()))  # fmt: skip
    return result


class Teller:
    """Progress over all lines of a set: checking them counts once, writing them once more."""

    def __init__(self, voortgang: Callable[[int, int], None] | None, totaal: int) -> None:
        self.voortgang, self.totaal, self.n = voortgang, totaal, 0

    def regels(self, rijen: list[tuple[int, dict[str, str]]]) -> Iterator[tuple[int, dict]]:
        for rij in rijen:
            if self.voortgang is not None and self.n % 500 == 0:
                self.voortgang(self.n, self.totaal)
            self.n += 1
            yield rij

    def geschreven(self, aantal: int) -> None:
        self.n += aantal
        if self.voortgang is not None:
            self.voortgang(min(self.n, self.totaal), self.totaal)


def meld_dubbele(regels_per_sleutel: dict[str, list[int]], bestand: Bestand) -> None:
    """Tell each line whose key is on other lines too which lines those are."""
    for sleutel, regels in regels_per_sleutel.items():
        for regel in regels:
            if sleutel and (andere := [str(r) for r in regels if r != regel]):
                bestand.fouten.add(regel, f"sleutel {sleutel} staat ook op regel "
                                          f"{', '.join(andere)}", "sleutel")  # fmt: skip


def dubbele_sleutels(b: Bestand) -> set[str]:
    """Keys on more than one line of the file, each line told which others have it."""
    regels: dict[str, list[int]] = defaultdict(list)
    for regel, w in b.rijen:
        if w["sleutel"]:
            regels[w["sleutel"]].append(regel)
    meld_dubbele(regels, b)
    return {sleutel for sleutel, lijst in regels.items() if len(lijst) > 1}


def audit_rij(
    actor: Medewerker, inwoner_id: uuid.UUID, record_id: uuid.UUID, actie: AuditActie,
    onderwerp: str, reden: str, velden: dict | None = None,
) -> dict[str, Any]:  # fmt: skip
    """An audit record for a bulk insert, as `audit.record` would write it."""
    return {"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
            "gebruikersnaam": actor.gebruikersnaam, "inwoner_id": inwoner_id,
            "record_id": record_id, "actie": actie, "onderwerp": onderwerp, "reden": reden,
            "velden": velden}  # fmt: skip


def bronsleutels(session: Session, entiteit: str) -> dict[uuid.UUID, str]:
    """Record id → its key in the source system, for one kind of record (exports use them)."""
    return dict(session.execute(select(Bronsleutel.record_id, Bronsleutel.sleutel)
                                .where(Bronsleutel.entiteit == entiteit)).all())  # fmt: skip


def cel(waarde: Any) -> str:
    """A value in an export cell as the import reads it back: codes, dd-mm-jjjj, text."""
    if waarde is None:
        return ""
    if isinstance(waarde, KoersEnum):
        return waarde.value
    if isinstance(waarde, date):
        return format_date(waarde)
    return str(waarde)
