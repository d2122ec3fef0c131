"""The organisations, municipalities and retention periods Koers ships with (brief §1.1 and §8.1).

Loaded idempotently at start-up, so a new database is usable at once and an existing one gets
municipalities added in a later release. A functioneel beheerder may add more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    GelijkgesteldeDag,
    Gemeente,
    GemeenteRol,
    Minimumloon,
    MinimumloonJeugd,
    Organisatie,
    OrganisatieType,
    Taakstelling,
    Werkgeverslasten,
    Werkniveau,
)
from app.services import bewaartermijnen


@dataclass(frozen=True)
class GemeenteData:
    naam: str
    cbs_code: str
    organisatie: str | None
    rol: GemeenteRol
    deelnemer_sinds: date | None = None
    deelnemer_tot: date | None = None
    opvolger: str | None = None


AVRES = "Avres"
WERKZAAK = "Werkzaak Rivierenland"
IJMOND = "IJmond Werkt!"

ORGANISATIES: tuple[tuple[str, OrganisatieType, date | None], ...] = (
    (AVRES, OrganisatieType.GR, date(2016, 1, 1)),
    (WERKZAAK, OrganisatieType.SOB, None),
    (IJMOND, OrganisatieType.GR, None),
)

_FUSIE_2019 = date(2019, 1, 1)
_GR, _DVO, _OPGEHEVEN = GemeenteRol.GR_DEELNEMER, GemeenteRol.DVO_AFNEMER, GemeenteRol.OPGEHEVEN

GEMEENTEN: tuple[GemeenteData, ...] = (
    # Avres, regio Alblasserwaard–Vijfheerenlanden
    GemeenteData("Gorinchem", "GM0512", AVRES, _GR, date(2016, 1, 1)),
    GemeenteData("Molenlanden", "GM1978", AVRES, _GR, _FUSIE_2019),
    GemeenteData("Vijfheerenlanden", "GM1961", AVRES, _GR, _FUSIE_2019),
    GemeenteData("Giessenlanden", "GM0689", AVRES, _OPGEHEVEN, None, _FUSIE_2019, "Molenlanden"),
    GemeenteData("Molenwaard", "GM1927", AVRES, _OPGEHEVEN, None, _FUSIE_2019, "Molenlanden"),
    GemeenteData("Leerdam", "GM0545", AVRES, _OPGEHEVEN, None, _FUSIE_2019, "Vijfheerenlanden"),
    GemeenteData("Zederik", "GM0707", AVRES, _OPGEHEVEN, None, _FUSIE_2019, "Vijfheerenlanden"),
    GemeenteData("Vianen", "GM0620", None, _OPGEHEVEN, None, _FUSIE_2019, "Vijfheerenlanden"),
    GemeenteData("Lingewaal", "GM0733", AVRES, _OPGEHEVEN, None, _FUSIE_2019, "West Betuwe"),
    # Werkzaak Rivierenland
    GemeenteData("West Betuwe", "GM1960", WERKZAAK, _GR, _FUSIE_2019),
    GemeenteData("Neder-Betuwe", "GM1740", WERKZAAK, _GR),
    GemeenteData("West Maas en Waal", "GM0668", WERKZAAK, _GR),
    GemeenteData("Zaltbommel", "GM0297", WERKZAAK, _GR),
    GemeenteData("Buren", "GM0214", WERKZAAK, _GR),
    GemeenteData("Geldermalsen", "GM0236", WERKZAAK, _OPGEHEVEN, None, _FUSIE_2019, "West Betuwe"),
    GemeenteData("Neerijnen", "GM0304", WERKZAAK, _OPGEHEVEN, None, _FUSIE_2019, "West Betuwe"),
    # IJmond Werkt!
    GemeenteData("Beverwijk", "GM0375", IJMOND, _GR),
    GemeenteData("Heemskerk", "GM0396", IJMOND, _GR),
    GemeenteData("Velsen", "GM0453", IJMOND, _GR),
    GemeenteData("Uitgeest", "GM0450", IJMOND, _DVO, date(2022, 1, 1)),
)


# The sources give no work-level scale (brief §4.4, §9.6 question 1); this is the shipped
# default, which a functioneel beheerder can change.
# rules.md §2: the adult minimum hourly wage (hourly since 2024), the youth percentages and the
# werkgeverslasten allowance. A functioneel beheerder adds later values under Beheer.
MINIMUMLOON = (
    (date(2024, 1, 1), Decimal("13.27")),
    (date(2024, 7, 1), Decimal("13.68")),
    (date(2025, 1, 1), Decimal("14.06")),
    (date(2025, 7, 1), Decimal("14.40")),
    (date(2026, 1, 1), Decimal("14.71")),
)
JEUGDPERCENTAGES_VAN = date(2024, 1, 1)
JEUGDPERCENTAGES = {20: Decimal("80"), 19: Decimal("60"), 18: Decimal("50"),
                    17: Decimal("39.5"), 16: Decimal("34.5"), 15: Decimal("30")}  # fmt: skip
WERKGEVERSLASTEN = ((date(2015, 1, 1), Decimal("23")), (date(2018, 1, 1), Decimal("23.5")))
# Brief §5.3: IJmond's BSW quota in FTE of 31 hours (Staatscourant).
TAAKSTELLINGEN = {"Beverwijk": {2024: Decimal(28), 2025: Decimal(30)},
                  "Heemskerk": {2024: Decimal(23), 2025: Decimal(25)},
                  "Velsen": {2024: Decimal(50), 2025: Decimal(54)}}  # fmt: skip

# Days a Besluit gelijkstelling equates with an algemeen erkende feestdag (rules.md §4). A
# functioneel beheerder adds the next ones when a new decree appears.
GELIJKGESTELDE_DAGEN = (
    (date(2023, 4, 28), "Vrijdag na Koningsdag"),
    (date(2023, 5, 19), "Vrijdag na Hemelvaartsdag"),
    (date(2024, 5, 10), "Vrijdag na Hemelvaartsdag"),
    (date(2024, 12, 27), "Vrijdag na Tweede Kerstdag"),
    (date(2025, 5, 30), "Vrijdag na Hemelvaartsdag"),
    (date(2026, 1, 2), "Vrijdag na Nieuwjaarsdag"),
    (date(2026, 5, 15), "Vrijdag na Hemelvaartsdag"),
    (date(2027, 5, 7), "Vrijdag na Hemelvaartsdag"),
    (date(2028, 4, 28), "Vrijdag na Koningsdag"),
    (date(2028, 5, 26), "Vrijdag na Hemelvaartsdag"),
)

WERKNIVEAUS = (
    (1, "Eenvoudige, afgebakende taken onder directe begeleiding"),
    (2, "Routinetaken met regelmatige aansturing"),
    (3, "Zelfstandig routinewerk met af en toe ondersteuning"),
    (4, "Zelfstandig werk met eigen verantwoordelijkheid binnen een team"),
    (5, "Regulier werk zonder structurele ondersteuning"),
)


def ensure_reference_data(session: Session) -> None:
    """Add the shipped organisations, municipalities and scales that are not there yet."""
    organisaties = {o.naam: o for o in session.scalars(select(Organisatie))}
    for naam, soort, geldig_van in ORGANISATIES:
        if naam not in organisaties:
            organisaties[naam] = Organisatie(naam=naam, type=soort, geldig_van=geldig_van)
            session.add(organisaties[naam])
    gemeenten = {g.naam: g for g in session.scalars(select(Gemeente))}
    for data in GEMEENTEN:
        if data.naam not in gemeenten:
            gemeenten[data.naam] = Gemeente(
                naam=data.naam,
                cbs_code=data.cbs_code,
                organisatie=organisaties[data.organisatie] if data.organisatie else None,
                rol=data.rol,
                deelnemer_sinds=data.deelnemer_sinds,
                deelnemer_tot=data.deelnemer_tot,
            )
            session.add(gemeenten[data.naam])
    for data in GEMEENTEN:
        if data.opvolger and gemeenten[data.naam].opvolger is None:
            gemeenten[data.naam].opvolger = gemeenten[data.opvolger]
    _ensure_loonreferenties(session)
    # Every start runs this: one query per table for what is there, not one per shipped row.
    dagen = set(session.scalars(select(GelijkgesteldeDag.datum)))
    for datum, omschrijving in GELIJKGESTELDE_DAGEN:
        if datum not in dagen:
            session.add(GelijkgesteldeDag(datum=datum, omschrijving=omschrijving))
    taken = {tuple(r) for r in session.execute(select(Taakstelling.gemeente_id, Taakstelling.jaar))}
    for naam, per_jaar in TAAKSTELLINGEN.items():
        for jaar, fte in per_jaar.items():
            if naam in gemeenten and (gemeenten[naam].id, jaar) not in taken:
                session.add(Taakstelling(gemeente_id=gemeenten[naam].id, jaar=jaar, fte_31u=fte))
    if session.scalar(select(Werkniveau.niveau).limit(1)) is None:
        session.add_all(Werkniveau(niveau=n, omschrijving=o) for n, o in WERKNIVEAUS)
    session.flush()
    bewaartermijnen.ensure_defaults(session)


def _ensure_loonreferenties(session: Session) -> None:
    """Add the shipped wage reference values that are missing (never overwrite an edit)."""
    lonen = set(session.scalars(select(Minimumloon.geldig_van)))
    for geldig_van, uurloon in MINIMUMLOON:
        if geldig_van not in lonen:
            session.add(Minimumloon(geldig_van=geldig_van, uurloon=uurloon))
    jeugd = {tuple(r) for r in session.execute(
        select(MinimumloonJeugd.geldig_van, MinimumloonJeugd.leeftijd))}  # fmt: skip
    for leeftijd, percentage in JEUGDPERCENTAGES.items():
        if (JEUGDPERCENTAGES_VAN, leeftijd) not in jeugd:
            session.add(MinimumloonJeugd(geldig_van=JEUGDPERCENTAGES_VAN, leeftijd=leeftijd,
                                         percentage=percentage))  # fmt: skip
    lasten = set(session.scalars(select(Werkgeverslasten.geldig_van)))
    for geldig_van, percentage in WERKGEVERSLASTEN:
        if geldig_van not in lasten:
            session.add(Werkgeverslasten(geldig_van=geldig_van, percentage=percentage))
