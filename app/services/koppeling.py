"""From another system's columns and codes to Koers' layout: the mapping of an import.

A `Formaat` is Koers' own layout of one kind of record (the columns of an export, a template
and an import). A `Koppeling` says which source column feeds which Koers column and which
source value means which Koers code ("tel." → TELEFOON); it is saved as a small JSON file, so
the second run of the same export needs no work. `voorstel` suggests a mapping from the column
names (exact, a known synonym, or a close spelling); a file in Koers' own layout maps onto
itself, so an export imports without any mapping.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.models.enums import KoersEnum
from app.services.bestanden import write_atomically
from app.services.errors import DomainError

BESTANDSFORMAAT = "koers-koppeling"


@dataclass(frozen=True)
class Kolom:
    naam: str  # the column in Koers' layout
    omschrijving: str  # for the template's explanation
    verplicht: bool = False
    codes: type[KoersEnum] | None = None  # the value is one of these codes
    synoniemen: tuple[str, ...] = ()  # column names other systems use for it


@dataclass(frozen=True)
class Formaat:
    entiteit: str  # "inwoners", "contactmomenten" …: also the file and sheet name
    titel: str
    kolommen: tuple[Kolom, ...]

    def kolom(self, naam: str) -> Kolom:
        return next(k for k in self.kolommen if k.naam == naam)

    @property
    def namen(self) -> list[str]:
        return [k.naam for k in self.kolommen]


class KoppelingFout(DomainError):
    pass


@dataclass
class Koppeling:
    entiteit: str
    kolommen: dict[str, str] = field(default_factory=dict)  # Koers column → source column
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # column → {source: code}

    def bewaar(self, pad: Path) -> None:
        inhoud = {"formaat": BESTANDSFORMAAT, "versie": 1, "entiteit": self.entiteit,
                  "kolommen": self.kolommen, "codes": self.codes}  # fmt: skip
        write_atomically(pad, json.dumps(inhoud, ensure_ascii=False, indent=2).encode("utf-8"))


def lees_koppeling(pad: Path) -> list[Koppeling]:
    """The mappings in a file: one object, or a list of them (one per kind of record)."""
    try:
        inhoud = json.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KoppelingFout(f"Het koppelingsbestand {pad} bestaat niet.") from None
    except (OSError, ValueError) as error:
        raise KoppelingFout(f"Het koppelingsbestand {pad} is onleesbaar: {error}") from None
    delen = inhoud if isinstance(inhoud, list) else [inhoud]
    koppelingen = []
    for deel in delen:
        if not isinstance(deel, dict) or deel.get("formaat") != BESTANDSFORMAAT:
            raise KoppelingFout(f"{pad} is geen koppelingsbestand van Koers.")
        kolommen, codes = deel.get("kolommen", {}), deel.get("codes", {})
        if not (isinstance(kolommen, dict) and isinstance(codes, dict)
                and all(isinstance(v, dict) for v in codes.values())):  # fmt: skip
            raise KoppelingFout(f"Het koppelingsbestand {pad} heeft niet de verwachte vorm.")
        koppelingen.append(Koppeling(str(deel.get("entiteit", "")),
                                     {str(k): str(v) for k, v in kolommen.items()},
                                     {str(k): {str(a): str(b) for a, b in v.items()}
                                      for k, v in codes.items()}))  # fmt: skip
    return koppelingen


def _vorm(naam: str) -> str:
    """'Geboorte-datum ' → 'geboortedatum': how names are compared."""
    return re.sub(r"[^0-9a-z]", "", naam.casefold())


def voorstel(formaat: Formaat, bronkolommen: list[str]) -> Koppeling:
    """A suggested mapping: per Koers column the source column with the same name (in any
    case or punctuation), a known synonym, or a close spelling; each source column once."""
    vrij = {_vorm(k): k for k in bronkolommen if k.strip()}
    koppeling = Koppeling(formaat.entiteit)
    for kolom in formaat.kolommen:
        kandidaten = [_vorm(kolom.naam), *map(_vorm, kolom.synoniemen)]
        gevonden = next((vrij[k] for k in kandidaten if k in vrij), None)
        if gevonden is None:
            dichtbij = difflib.get_close_matches(_vorm(kolom.naam), list(vrij), n=1, cutoff=0.85)
            gevonden = vrij[dichtbij[0]] if dichtbij else None
        if gevonden is not None:
            koppeling.kolommen[kolom.naam] = gevonden
            del vrij[_vorm(gevonden)]
    return koppeling


def kopfouten(formaat: Formaat, koppeling: Koppeling, bronkolommen: list[str]) -> list[str]:
    """What stops the file from being read at all: a required column without a source, or a
    mapping to a column the file does not have."""
    fouten = []
    for kolom in formaat.kolommen:
        bron = koppeling.kolommen.get(kolom.naam)
        if bron is None and kolom.verplicht:
            fouten.append(f"de verplichte kolom '{kolom.naam}' ({kolom.omschrijving}) is niet "
                          "gekoppeld aan een kolom van het bestand")  # fmt: skip
        elif bron is not None and bron not in bronkolommen:
            fouten.append(f"de koppeling noemt de kolom '{bron}' voor '{kolom.naam}', maar het "
                          "bestand heeft die kolom niet")  # fmt: skip
    return fouten


def waarden(formaat: Formaat, koppeling: Koppeling, rij: dict[str, str]) -> dict[str, str]:
    """One source row as Koers columns (text, trimmed; unmapped columns empty)."""
    return {k.naam: (rij.get(koppeling.kolommen[k.naam]) or "").strip()
            if k.naam in koppeling.kolommen else "" for k in formaat.kolommen}  # fmt: skip


def code(kolom: Kolom, koppeling: Koppeling, tekst: str) -> KoersEnum | None:
    """The Koers code a source value stands for: the mapping's translation, else the code or
    its label itself (in any case); None when unknown. Empty text gives None too."""
    assert kolom.codes is not None
    if not tekst:
        return None
    vertaald = koppeling.codes.get(kolom.naam, {}).get(tekst, tekst)
    for lid in kolom.codes:
        if _vorm(vertaald) in (_vorm(lid.value), _vorm(lid.label)):
            return lid
    return None


def codes_tekst(kolom: Kolom) -> str:
    assert kolom.codes is not None
    return ", ".join(f"{lid.value} ({lid.label})" for lid in kolom.codes)
