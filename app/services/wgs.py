"""The deadlines of a schuldhulptraject (Wgs art. 4 and 4a, Awb, Atw; rules.md §4) as pure
functions over dates and a `Kalender`.

- Eerste gesprek: within 4 weeks of the melding, extended per Atw art. 1; with a bedreigende
  situatie within 3 werkdagen, counted from the day after the threat became known (the melding,
  or a later signal), whichever of the two ends first.
- Beschikking: within 8 weeks of the aanvraag (= the eerste gesprek), or the term the
  municipality set by verordening; extended per Atw art. 1.
- Schuldregeling: 18 months from the first repayment for regelingen started on or after
  1 July 2023, 36 months before. A repayment period, not a deadline for the municipality, so
  it is not extended.
- NVVK: an offer of a schuldregeling within 120 days (configurable) of the toelating; a
  warning norm, not a legal deadline, so in calendar days without extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from dateutil.relativedelta import relativedelta

from app.models.enums import KoersEnum
from app.services.text import format_date
from app.services.werkdagen import Kalender

EERSTE_GESPREK_WEKEN = 4
EERSTE_GESPREK_WERKDAGEN_BIJ_BEDREIGING = 3
BESCHIKKING_WEKEN = 8
NVVK_DAGEN = 120
SCHULDREGELING_KORTER_VANAF = date(2023, 7, 1)
SCHULDREGELING_MAANDEN = 18
SCHULDREGELING_MAANDEN_VOOR_2023_07 = 36


def eerste_gesprek_uiterlijk(
    melding: date, kalender: Kalender, bedreiging_bekend: date | None = None
) -> date:
    """The last day for the eerste gesprek; `bedreiging_bekend` is the day a bedreigende
    situatie became known (None without one; never before the melding)."""
    uiterlijk = kalender.na_weken(melding, EERSTE_GESPREK_WEKEN)
    if bedreiging_bekend is not None:
        begin = max(melding, bedreiging_bekend)
        spoed = kalender.na_werkdagen(begin, EERSTE_GESPREK_WERKDAGEN_BIJ_BEDREIGING)
        uiterlijk = min(uiterlijk, spoed)
    return uiterlijk


def beschikking_uiterlijk(
    aanvraag: date, kalender: Kalender, weken: int = BESCHIKKING_WEKEN
) -> date:
    return kalender.na_weken(aanvraag, weken)


def looptijd_schuldregeling(start: date) -> int:
    """Months of the repayment period of a regeling that started (first repayment) on `start`."""
    if start >= SCHULDREGELING_KORTER_VANAF:
        return SCHULDREGELING_MAANDEN
    return SCHULDREGELING_MAANDEN_VOOR_2023_07


def einde_schuldregeling(start: date) -> date:
    """The day the repayment period ends: 18 (or, before July 2023, 36) months after the first
    repayment, counted like every other term here (start 1 March 2024 → 1 September 2025)."""
    return start + relativedelta(months=looptijd_schuldregeling(start))


def nvvk_aanbod_uiterlijk(toelating: date, dagen: int = NVVK_DAGEN) -> date:
    return toelating + timedelta(days=dagen)


class TermijnSoort(KoersEnum):
    EERSTE_GESPREK = "EERSTE_GESPREK", "Eerste gesprek"
    BESCHIKKING = "BESCHIKKING", "Beschikking"
    NVVK = "NVVK", "Aanbod schuldregeling (NVVK-norm)"
    EINDE_SCHULDREGELING = "EINDE_SCHULDREGELING", "Einde schuldregeling"

    @property
    def wettelijk(self) -> bool:
        """A Wgs deadline (late is a breach), as opposed to a norm or a planned end."""
        return self in (TermijnSoort.EERSTE_GESPREK, TermijnSoort.BESCHIKKING)


@dataclass(frozen=True)
class Termijn:
    soort: TermijnSoort
    uiterlijk: date
    gehaald: date | None = None  # the day it was met; None while open

    @property
    def open(self) -> bool:
        return self.gehaald is None

    def dagen_over(self, peildatum: date) -> int:
        """Calendar days left until the deadline (negative when late)."""
        return (self.uiterlijk - peildatum).days

    @property
    def te_laat_gehaald(self) -> bool:
        # A repayment period ends; it is not something to meet in time.
        return (self.soort != TermijnSoort.EINDE_SCHULDREGELING and self.gehaald is not None
                and self.gehaald > self.uiterlijk)  # fmt: skip


@dataclass(frozen=True)
class Stand:
    """What the deadlines of one trajectory depend on."""

    melding: date
    bedreiging_bekend: date | None = None
    eerste_gesprek: date | None = None
    beschikking: date | None = None
    toelating: date | None = None  # the beschikking date when it admitted the inwoner
    regeling_beoogd: bool = False  # the plan aims at a schuldregeling (NVVK applies)
    aanbod: date | None = None  # schuldregeling started or WSNP requested
    start_schuldregeling: date | None = None
    regeling_beeindigd: date | None = None  # nazorg started or trajectory closed
    afgesloten: bool = False


def termijnen(
    stand: Stand, kalender: Kalender, *, beschikking_weken: int = BESCHIKKING_WEKEN,
    nvvk_dagen: int = NVVK_DAGEN,
) -> list[Termijn]:  # fmt: skip
    """Every deadline that applies to the trajectory so far, met or open, in order."""
    result = [Termijn(TermijnSoort.EERSTE_GESPREK,
                      eerste_gesprek_uiterlijk(stand.melding, kalender, stand.bedreiging_bekend),
                      stand.eerste_gesprek)]  # fmt: skip
    if stand.eerste_gesprek is not None:
        result.append(Termijn(TermijnSoort.BESCHIKKING,
                              beschikking_uiterlijk(stand.eerste_gesprek, kalender,
                                                    beschikking_weken),
                              stand.beschikking))  # fmt: skip
    if stand.toelating is not None and (stand.regeling_beoogd or stand.aanbod is not None):
        result.append(
            Termijn(
                TermijnSoort.NVVK, nvvk_aanbod_uiterlijk(stand.toelating, nvvk_dagen), stand.aanbod
            )
        )
    if stand.start_schuldregeling is not None:
        result.append(Termijn(TermijnSoort.EINDE_SCHULDREGELING,
                              einde_schuldregeling(stand.start_schuldregeling),
                              stand.regeling_beeindigd))  # fmt: skip
    return result


def volgende_termijn(stand: Stand, lijst: list[Termijn]) -> Termijn | None:
    """The open deadline that ends first; none for a closed trajectory."""
    if stand.afgesloten:
        return None
    open_ = [t for t in lijst if t.open]
    return min(open_, key=lambda t: t.uiterlijk) if open_ else None


BIJNA_DAGEN = 3  # an open deadline this close is shown as a warning


class Termijnstatus(Enum):
    """How a deadline stands; screens colour by it, the text says it in words."""

    OPEN = "open"
    BIJNA = "bijna"  # open, at most BIJNA_DAGEN days left
    TE_LAAT = "te_laat"  # open and past
    GEHAALD = "gehaald"  # met on time (or, for the schuldregeling, ended)
    TE_LAAT_GEHAALD = "te_laat_gehaald"
    VERVALLEN = "vervallen"  # still open when the trajectory closed


def _dagen(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def termijn_stand(
    termijn: Termijn, peildatum: date, *, afgesloten: bool = False
) -> tuple[Termijnstatus, str]:
    """The deadline's state on `peildatum` and that state in words ("3 dagen te laat",
    "te laat gehaald op 02-10-2026" …), the same on screen, on paper and in lists."""
    if not termijn.open:
        gehaald = format_date(termijn.gehaald)
        if termijn.soort == TermijnSoort.EINDE_SCHULDREGELING:
            return Termijnstatus.GEHAALD, f"beëindigd op {gehaald}"
        if termijn.te_laat_gehaald:
            return Termijnstatus.TE_LAAT_GEHAALD, f"te laat gehaald op {gehaald}"
        return Termijnstatus.GEHAALD, f"gehaald op {gehaald}, op tijd"
    if afgesloten:
        return Termijnstatus.VERVALLEN, "vervallen: het traject is afgesloten"
    over = termijn.dagen_over(peildatum)
    if over < 0:
        return Termijnstatus.TE_LAAT, f"{_dagen(-over)} te laat"
    if over == 0:
        return Termijnstatus.BIJNA, "let op: verloopt vandaag"
    if over <= BIJNA_DAGEN:
        return Termijnstatus.BIJNA, f"let op: nog {_dagen(over)}"
    return Termijnstatus.OPEN, f"nog {_dagen(over)}"
