"""Loonkostensubsidie (Participatiewet art. 10d) as a pure calculation over Decimals
(rules.md §2). Nothing is rounded until the end, and then half-up to cents.

1. wml_maand    = minimum hourly wage (for the age) × hours per week × 52 / 12
2. wml_maand_vt = wml_maand × 1.08 (vakantiebijslag)
3. loonwaarde in euros = loonwaarde % × functieloon per month incl. vakantiebijslag (the
   functieloon is the job's wage; without one it equals wml_maand_vt)
4. lks = wml_maand_vt − loonwaarde in euros, never below 0, at most 70 % of wml_maand_vt
5. werkgeverslasten = percentage (23.5 %, 23 % before 2018) × lks
6. totaal = lks + werkgeverslasten

A loonwaarde of 100 % or more gives no LKS.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VAKANTIEBIJSLAG = Decimal("1.08")
MAXIMUM_DEEL_WML = Decimal("0.70")
WEKEN_PER_MAAND = Decimal(52) / Decimal(12)
CENT = Decimal("0.01")


def euro(bedrag: Decimal) -> Decimal:
    """Round to cents, half-up (only at the end of a calculation)."""
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LksBerekening:
    """The breakdown an employer and a municipality check, every amount rounded to cents."""

    wml_uur: Decimal
    wml_maand: Decimal
    wml_maand_vt: Decimal
    loonwaarde_euro: Decimal
    lks_voor_maximum: Decimal
    lks: Decimal
    werkgeverslasten: Decimal
    totaal: Decimal

    def as_dict(self) -> dict[str, str]:
        """Amounts as strings with two decimals ("1360.33"), for JSON."""
        return {name: f"{getattr(self, name):.2f}" for name in self.__dataclass_fields__}


def bereken_lks(
    *,
    wml_uur: Decimal,
    uren_per_week: Decimal,
    loonwaarde_pct: Decimal,
    werkgeverslasten_pct: Decimal,
    functieloon_uur: Decimal | None = None,
) -> LksBerekening:
    """The monthly LKS for one placement. `wml_uur` is already the age-specific hourly
    minimum wage (rounded to cents, as published); percentages are 0–100."""
    wml_maand = wml_uur * uren_per_week * WEKEN_PER_MAAND
    wml_maand_vt = wml_maand * VAKANTIEBIJSLAG
    functieloon_vt = (
        wml_maand_vt
        if functieloon_uur is None
        else functieloon_uur * uren_per_week * WEKEN_PER_MAAND * VAKANTIEBIJSLAG
    )
    loonwaarde_euro = loonwaarde_pct / 100 * functieloon_vt
    if loonwaarde_pct >= 100:
        lks_voor_maximum = Decimal(0)
    else:
        lks_voor_maximum = max(Decimal(0), wml_maand_vt - loonwaarde_euro)
    lks = min(lks_voor_maximum, MAXIMUM_DEEL_WML * wml_maand_vt)
    werkgeverslasten = werkgeverslasten_pct / 100 * lks
    return LksBerekening(
        wml_uur=euro(wml_uur),
        wml_maand=euro(wml_maand),
        wml_maand_vt=euro(wml_maand_vt),
        loonwaarde_euro=euro(loonwaarde_euro),
        lks_voor_maximum=euro(lks_voor_maximum),
        lks=euro(lks),
        werkgeverslasten=euro(werkgeverslasten),
        totaal=euro(lks + werkgeverslasten),
    )


def jeugd_uurloon(volwassen_uurloon: Decimal, percentage: Decimal) -> Decimal:
    """The youth minimum hourly wage: a percentage of the adult amount, rounded to cents."""
    return euro(volwassen_uurloon * percentage / 100)


def loonwaarde_uit_taken(taken: list[tuple[Decimal, Decimal, Decimal, Decimal]]) -> int:
    """The loonwaarde of a measurement: per task (aandeel, kwaliteit, tempo, inzetbaarheid),
    all percentages, the task's result is the mean of its three scores; the loonwaarde is the
    share-weighted sum of the results as a whole percentage (half-up)."""
    totaal = sum(
        (aandeel * (kwaliteit + tempo + inzetbaarheid) / 3 / 100
         for aandeel, kwaliteit, tempo, inzetbaarheid in taken),
        Decimal(0),
    )  # fmt: skip
    return int(totaal.quantize(Decimal(1), rounding=ROUND_HALF_UP))
