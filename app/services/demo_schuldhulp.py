"""Demo schuldhulptrajecten for `koers demo` (issue 7): debt-help trajectories in every phase,
each with the phase history, administration checklist, schulden, referrals and budgetbeheer
that the workflow services (schuldhulp.py, schulden.py) would have written — as plain rows for
the bulk inserts in demo.py.

Who gets one: only Avres runs debt services itself (brief §1.1, §6), so only inwoners of the
municipalities of an organisation with a team schulddienstverlening do; together about 3.5 % of
all demo inwoners, spread over those municipalities by the trajectories per inhabitant of
brief §6.5 (Gorinchem has more than twice the rate of the others). Each municipality has its own
consulent(en) (brief §6.4); the main demo consulent first gets a script of trajectories, so
whoever signs in as them sees every phase and every kind of deadline.

How one trajectory is made:
1. A scenario picks the phase it is in now or how it ended (afgerond, gestabiliseerd,
   afgewezen, uitval in some phase …), and for the Wgs terms whether they are met.
2. The route of phases that leads there (voorzorg → stabilisatie → schuldregeling or WSNP →
   nazorg → afgesloten, uitval from any phase) is laid out backwards from yesterday (open) or
   the closing date (closed); a schuldregeling lasts its legal 18 months (36 before July 2023)
   before the nazorg. Then the voorzorg: beschikking, eerste gesprek and melding, each within
   its term (4 weeks, or at most 3 days after a threat, which is never more than 3 werkdagen;
   the municipality's beschikking term) or, for a share, well after it — whether a term was
   met is left to the services (wgs.termijnen), which extend it by the Atw calendar.
3. The rows: one SchuldhulpOvergang per phase change (the first from no phase to VOORZORG on the
   melding date), the checklist ticked completely before a schuldregeling or WSNP-verzoek, a
   toelating with plan van aanpak, product and variant, schulden with a status that fits the
   phase and the amounts that status needs, referrals and budgetbeheer.
Nothing happens today (the last day is yesterday): a user's next step must come after it.

The builder draws from its own random generator, seeded from the demo's seed, so adding debt
help changed none of the other demo data of a seed.
"""

from __future__ import annotations

import itertools
import math
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from app.models import (
    AdministratieItem,
    Bedreiging,
    Beschikking,
    Complexiteit,
    Leefgeldfrequentie,
    Meldingsbron,
    Meldingswijze,
    Partner,
    SchuldhulpFase,
    Schuldproduct,
    Schuldsoort,
    SchuldStatus,
    Schuldvariant,
    Uitkomst,
    Uitvalreden,
)
from app.services import wgs
from app.services.schuldhulp import Termijnregels

F = SchuldhulpFase
P = Schuldproduct
V = Schuldvariant
TABELLEN = ("schuldhulptrajecten", "schuldhulp_overgangen", "schuldhulp_administratie",
            "schulden", "schuldhulp_doorverwijzingen", "budgetbeheer")  # fmt: skip

SHARE_SCHULDHULP = 0.035  # of all demo inwoners (issue 7: 3–4 %)
MAX_KANS = 0.6  # per inwoner of one municipality, however small the demo
SHARE_EERDER = 0.08  # an earlier, closed trajectory (relapse)
SHARE_BEDREIGING = 0.15
SHARE_GESPREK_TE_LAAT = 0.1
SHARE_BESCHIKKING_TE_LAAT = 0.08
SHARE_BUDGETBEHEER = 0.25  # of those admitted (product budgetbeheer always)
SHARE_DOORVERWIJZING = 0.25
VROEGSTE_LEEFTIJD = 18
HISTORIE_JAREN = 8  # no melding longer ago than this
# Trajectories per 1,000 inhabitants in 2018 (brief §6.5: Gorinchem 225, Molenlanden 101,
# Vijfheerenlanden 111 without Vianen, about 37,000 inhabitants then).
PER_DUIZEND = {"Gorinchem": 225 / 38, "Molenlanden": 101 / 45, "Vijfheerenlanden": 111 / 37}
PER_DUIZEND_ANDERS = 3.0

# (phase now, variant, weight). Open ones: VOORZORG before or after the eerste gesprek, within
# or past a Wgs term; closed ones by how they ended.
SCENARIOS: tuple[tuple[SchuldhulpFase, str, int], ...] = (
    (F.VOORZORG, "nieuw", 4), (F.VOORZORG, "gesprek_te_laat", 2), (F.VOORZORG, "gesprek", 6),
    (F.VOORZORG, "beschikking_te_laat", 2), (F.STABILISATIE, "", 11),
    (F.STABILISATIE, "nvvk_te_laat", 2), (F.SCHULDREGELING, "", 10), (F.WSNP, "", 2),
    (F.NAZORG, "", 7),
    (F.AFGESLOTEN, "afgerond", 9), (F.AFGESLOTEN, "gestabiliseerd", 10),
    (F.AFGESLOTEN, "zelfredzaam", 3), (F.AFGESLOTEN, "wsnp", 3), (F.AFGESLOTEN, "afgewezen", 7),
    (F.AFGESLOTEN, "uitval", 22),
)  # fmt: skip
GESLOTEN = tuple((f, v, w) for f, v, w in SCENARIOS if f == F.AFGESLOTEN)
# The main demo consulent's first trajectories: every phase and every kind of deadline.
SCRIPT: tuple[tuple[SchuldhulpFase, str], ...] = (
    (F.VOORZORG, "gesprek_te_laat"), (F.VOORZORG, "bedreiging"), (F.VOORZORG, "nieuw"),
    (F.VOORZORG, "beschikking_te_laat"), (F.VOORZORG, "beschikking_binnenkort"),
    (F.STABILISATIE, "nvvk_te_laat"), (F.STABILISATIE, ""), (F.SCHULDREGELING, "eindigt"),
    (F.SCHULDREGELING, ""), (F.WSNP, ""), (F.NAZORG, ""), (F.AFGESLOTEN, "afgerond"),
    (F.AFGESLOTEN, "afgewezen"), (F.AFGESLOTEN, "uitval"), (F.AFGESLOTEN, "gestabiliseerd"),
    (F.VOORZORG, "gesprek"),
)  # fmt: skip
UITVAL_FASEN = ((F.VOORZORG, 45), (F.STABILISATIE, 28), (F.SCHULDREGELING, 15), (F.WSNP, 3),
                (F.NAZORG, 9))  # fmt: skip
# Days a phase lasts before the next one (the schuldregeling before nazorg: its legal term).
DUUR: dict[tuple[SchuldhulpFase, SchuldhulpFase], tuple[int, int]] = {
    (F.STABILISATIE, F.SCHULDREGELING): (30, 115), (F.STABILISATIE, F.WSNP): (60, 300),
    (F.STABILISATIE, F.NAZORG): (120, 420), (F.STABILISATIE, F.AFGESLOTEN): (14, 300),
    (F.SCHULDREGELING, F.WSNP): (60, 400), (F.SCHULDREGELING, F.AFGESLOTEN): (30, 480),
    (F.WSNP, F.NAZORG): (30, 150), (F.WSNP, F.AFGESLOTEN): (10, 90),
    (F.NAZORG, F.AFGESLOTEN): (90, 365),
}  # fmt: skip
NAZORG_UITVAL = (20, 200)

# --- products ---------------------------------------------------------------------------------

REGELING = (P.SCHULDBEMIDDELING, V.SCHULDREGELING)
PRODUCT_STABILISATIE = (
    (REGELING, 45), ((P.SCHULDBEMIDDELING, V.STABILISATIE), 20),
    ((P.SCHULDBEMIDDELING, V.CRISISINTERVENTIE), 8), ((P.BUDGETBEHEER, None), 17),
    ((P.SOCIAAL_KREDIET, None), 5), ((P.PREVENTIE, None), 5),
)  # fmt: skip
PRODUCT_GESTABILISEERD = (
    ((P.SCHULDBEMIDDELING, V.STABILISATIE), 40), ((P.SCHULDBEMIDDELING, V.CRISISINTERVENTIE), 15),
    ((P.BUDGETBEHEER, None), 35), ((P.PREVENTIE, None), 10),
)  # fmt: skip
PRODUCT_ZELFREDZAAM = (((P.PREVENTIE, None), 40), ((P.SCHULDBEMIDDELING, V.STABILISATIE), 40),
                       ((P.BUDGETBEHEER, None), 20))  # fmt: skip
PRODUCT_REGELING = ((REGELING, 88), ((P.SOCIAAL_KREDIET, None), 12))

PLAN_VAN_AANPAK: dict[tuple[Schuldproduct, Schuldvariant | None], tuple[str, ...]] = {
    REGELING: (
        "Inkomen en vaste lasten stabiliseren, alle schuldeisers aanschrijven en een minnelijke "
        "schuldregeling van 18 maanden voorstellen.",
        "Eerst stabiliseren met budgetbeheer; daarna een schuldregeling aanbieden op basis van "
        "de afloscapaciteit. Bij weigering van een schuldeiser een dwangakkoord of de WSNP.",
    ),
    (P.SCHULDBEMIDDELING, V.STABILISATIE): (
        "Betalingsachterstanden stoppen: vaste lasten op orde, betalingsregelingen met de "
        "schuldeisers en rust voor zes tot twaalf maanden; daarna beoordelen of een regeling "
        "mogelijk is.",
        "Schulden stabiliseren: moratorium aanvragen bij de schuldeisers, inkomen maximaliseren "
        "(toeslagen, kwijtschelding) en de beslagvrije voet laten herberekenen.",
    ),
    (P.SCHULDBEMIDDELING, V.CRISISINTERVENTIE): (
        "Crisisinterventie: ontruiming of afsluiting voorkomen met een directe afspraak met de "
        "schuldeiser en een betalingsregeling voor de achterstand; daarna stabiliseren.",
    ),
    (P.BUDGETBEHEER, None): (
        "Budgetbeheer: Avres betaalt de vaste lasten en keert leefgeld uit; samen toewerken naar "
        "het weer zelf beheren van de financiën.",
    ),
    (P.SOCIAAL_KREDIET, None): (
        "Saneringskrediet: de schulden worden in één keer afgelost met een sociaal krediet dat in "
        "18 maanden wordt terugbetaald.",
    ),
    (P.PREVENTIE, None): (
        "Budgetcursus en begeleiding door een vrijwilliger van Schuldhulpmaatjes om nieuwe "
        "achterstanden te voorkomen.",
    ),
}
REDEN_GEEN_BANKKREDIET = (
    "De bank weigert een lening vanwege een BKR-registratie (afwijzing in het dossier).",
    "Geen lening mogelijk bij de bank: inkomen op bijstandsniveau en een achterstandscodering.",
)

# --- texts ------------------------------------------------------------------------------------

MELDINGSBRONNEN = (
    (Meldingsbron.ZELF, 35), (Meldingsbron.SOCIAAL_TEAM, 18), (Meldingsbron.WONINGCORPORATIE, 10),
    (Meldingsbron.VROEGSIGNALERING, 15), (Meldingsbron.VLUCHTELINGENWERK, 3),
    (Meldingsbron.SPREEKUUR, 7), (Meldingsbron.LEERGELD, 2), (Meldingsbron.WERKCOACH, 8),
    (Meldingsbron.ANDERS, 2),
)  # fmt: skip
WIJZE: dict[Meldingsbron, tuple[Meldingswijze, ...]] = {
    Meldingsbron.ZELF: (Meldingswijze.BALIE, Meldingswijze.TELEFOON, Meldingswijze.TELEFOON,
                        Meldingswijze.DIGITAAL, Meldingswijze.DIGITAAL),
    Meldingsbron.SPREEKUUR: (Meldingswijze.BALIE,),
    Meldingsbron.VROEGSIGNALERING: (Meldingswijze.HUISBEZOEK, Meldingswijze.BRIEF,
                                    Meldingswijze.TELEFOON),
    Meldingsbron.ANDERS: (Meldingswijze.BRIEF, Meldingswijze.DIGITAAL),
}  # fmt: skip
VIA_PARTNER = (Meldingswijze.VIA_PARTNER, Meldingswijze.VIA_PARTNER, Meldingswijze.HUISBEZOEK)
BEDREIGINGEN = ((Bedreiging.ONTRUIMING, 40), (Bedreiging.ENERGIE, 30), (Bedreiging.WATER, 8),
                (Bedreiging.ZORGVERZEKERING, 15), (Bedreiging.ANDERS, 7))  # fmt: skip
BEDREIGING_SOORT = {Bedreiging.ONTRUIMING: Schuldsoort.VERHUURDER,
                    Bedreiging.ENERGIE: Schuldsoort.ENERGIE, Bedreiging.WATER: Schuldsoort.WATER,
                    Bedreiging.ZORGVERZEKERING: Schuldsoort.ZORGVERZEKERAAR}  # fmt: skip
BEDREIGING_TEKST = {
    Bedreiging.ONTRUIMING: "Dagvaarding voor ontruiming ontvangen van {eiser}.",
    Bedreiging.ENERGIE: "{eiser} kondigt afsluiting van gas en stroom aan.",
    Bedreiging.WATER: "{eiser} kondigt afsluiting van het water aan.",
    Bedreiging.ZORGVERZEKERING: "{eiser} zegt de zorgverzekering op wegens premieachterstand.",
    Bedreiging.ANDERS: "Beslag op de bankrekening; er blijft minder over dan de beslagvrije voet.",
}
HULPVRAGEN = (
    "Huurachterstand van drie maanden; de woningcorporatie dreigt met ontruiming.",
    "Kan de vaste lasten niet meer betalen sinds de scheiding.",
    "Aanmaningen en incassokosten stapelen zich op; het overzicht is kwijt.",
    "Toeslagen moeten worden terugbetaald; daardoor achterstand bij de zorgverzekeraar.",
    "Inkomen gedaald na ontslag; de WW is lager dan de vaste lasten.",
    "Schulden bij familie en een lening met hoge rente; wil er graag vanaf.",
    "De energierekening is fors gestegen; achterstand bij de energieleverancier.",
    "De deurwaarder heeft beslag gelegd op het loon.",
    "Studieschuld en boetes bij het CJIB; de post wordt niet meer geopend.",
    "Wil hulp om de administratie op orde te krijgen voordat het uit de hand loopt.",
)
LEEFGEBIEDEN = (
    "Werk: zoekt werk en heeft een werkcoach. Taal: goed. Gezondheid: geen bijzonderheden.",
    "Werk: parttime in de schoonmaak. Digitaal weinig vaardig; formulierenbrigade besproken.",
    "Somberheidsklachten, in behandeling bij de praktijkondersteuner. Weinig sociaal netwerk.",
    "Alleenstaande ouder van twee kinderen; Stichting Leergeld besproken. Werk: geen.",
    "Taal: Nederlands op A2-niveau, brieven worden niet begrepen. Werk: via re-integratie.",
    "Gokverslaving in het verleden, nu onder behandeling. Werk: vast contract in de logistiek.",
    "Chronisch ziek; regeling chronisch zieken aangevraagd. Eenzaam sinds de verhuizing.",
)
MOTIVERING_AFWIJZING = (
    "Geen problematische schulden: de achterstand is binnen een jaar zelf af te lossen met een "
    "betalingsregeling.",
    "Binnen vijf jaar na een eerdere schuldregeling die door eigen toedoen is mislukt "
    "(weigeringsgrond in de beleidsregels).",
    "Ondanks herhaald verzoek geen inzicht gegeven in inkomsten en uitgaven.",
    "De schulden komen grotendeels uit een fraudevordering; doorverwezen voor stabilisatie.",
)
UITVALREDENEN_VOORZORG = (
    (Uitvalreden.ADMINISTRATIE_ONVOLLEDIG, 35), (Uitvalreden.GEEN_MEDEWERKING, 30),
    (Uitvalreden.TERUGGETROKKEN, 25), (Uitvalreden.VERHUISD, 5), (Uitvalreden.ANDERS, 5),
)  # fmt: skip
UITVALREDENEN = (
    (Uitvalreden.GEEN_MEDEWERKING, 35), (Uitvalreden.NIEUWE_SCHULDEN, 25),
    (Uitvalreden.TERUGGETROKKEN, 15), (Uitvalreden.VERHUISD, 10), (Uitvalreden.ANDERS, 10),
    (Uitvalreden.OVERLEDEN, 2),
)  # fmt: skip
UITVAL_TEKST: dict[Uitvalreden, tuple[str, ...]] = {
    Uitvalreden.GEEN_MEDEWERKING: ("Drie afspraken gemist en niet gereageerd op brieven.",
                                   "Houdt zich niet aan het leefgeld en betaalt de vaste lasten "
                                   "niet."),
    Uitvalreden.NIEUWE_SCHULDEN: ("Nieuwe achterstanden bij de zorgverzekeraar en de verhuurder.",
                                  "Nieuwe koop op afbetaling afgesloten tijdens het traject."),
    Uitvalreden.TERUGGETROKKEN: ("Wil het zelf oplossen met hulp van familie.",),
    Uitvalreden.ADMINISTRATIE_ONVOLLEDIG: ("Bankafschriften en loonstroken blijven ontbreken.",),
    Uitvalreden.VERHUISD: ("Verhuisd naar een gemeente buiten de regio; warme overdracht "
                           "gedaan.",),
    Uitvalreden.OVERLEDEN: ("",),
    Uitvalreden.ANDERS: ("Opgenomen in een zorginstelling; beschermingsbewind aangevraagd.",
                         "Gedetineerd; traject gestopt in overleg met de reclassering."),
}  # fmt: skip
AFSLUIT_TEKST = {
    Uitkomst.SCHULDREGELING_AFGEROND: "Schuldregeling afgerond; de schuldeisers verlenen finale "
                                      "kwijting.",
    Uitkomst.WSNP_TOEGELATEN: "Toegelaten tot de WSNP; de bewindvoerder neemt het over.",
    Uitkomst.GESTABILISEERD: "Vaste lasten op orde en betalingsregelingen lopen.",
    Uitkomst.ZELFREDZAAM: "Beheert de financiën weer zelf.",
}  # fmt: skip
START_REGELING_TEKST = ("Eerste aflossing; alle schuldeisers akkoord.",
                        "Saneringskrediet verstrekt en de schuldeisers uitbetaald.",
                        "")  # fmt: skip
WSNP_TEKST = ("Minnelijke regeling mislukt: een schuldeiser weigert; verzoek tot toelating tot "
              "de WSNP bij de rechtbank ingediend.",
              "Dwangakkoord afgewezen; WSNP-verzoek ingediend.")  # fmt: skip
NAZORG_TEKST = ("Nazorg met Schuldhulpmaatjes: maandelijks contact over de administratie.",
                "Nazorg: na drie en zes maanden een gesprek over de vaste lasten.",
                "")  # fmt: skip
PARTNERS = (
    (Partner.SCHULDHULPMAATJES, 22), (Partner.HUMANITAS, 12), (Partner.FORMULIERENBRIGADE, 15),
    (Partner.THUISADMINISTRATIE, 10), (Partner.SOCIAAL_TEAM, 14), (Partner.LEERGELD, 6),
    (Partner.BEWINDVOERING, 5), (Partner.REINTEGRATIE, 12), (Partner.ANDERS, 4),
)  # fmt: skip
VERWIJZING_TEKST = {
    Partner.SCHULDHULPMAATJES: "Een maatje voor hulp bij de thuisadministratie en de nazorg.",
    Partner.HUMANITAS: "Thuisadministratie: wekelijks samen de post en de betalingen doornemen.",
    Partner.FORMULIERENBRIGADE: "Hulp bij het aanvragen van toeslagen en minimaregelingen.",
    Partner.THUISADMINISTRATIE: "Een vrijwilliger helpt de administratie op orde te brengen.",
    Partner.SOCIAAL_TEAM: "Zorgen over de thuissituatie; het sociaal team kijkt mee.",
    Partner.LEERGELD: "De kinderen kunnen niet sporten; aanvraag bij Stichting Leergeld.",
    Partner.BEWINDVOERING: "Beschermingsbewind nodig: kan de financiën niet zelf beheren.",
    Partner.REINTEGRATIE: "Zoekt werk; aangemeld bij re-integratie voor een werkcoach.",
    Partner.ANDERS: "Doorverwezen naar de huisarts voor de psychische klachten.",
}

# --- creditors --------------------------------------------------------------------------------

# soort: (names, lowest and highest claim in euros, weight). "{gemeente}" is the inwoner's.
SCHULDEISERS: dict[Schuldsoort, tuple[tuple[str, ...], int, int, int]] = {
    Schuldsoort.BELASTINGDIENST: (("Belastingdienst", "Belastingdienst/Toeslagen",
                                   "Belastingdienst/Toeslagen"), 150, 12_000, 12),
    Schuldsoort.CJIB: (("CJIB",), 40, 1_500, 8),
    Schuldsoort.GEMEENTE: (("Gemeente {gemeente}", "Avres (terugvordering bijstand)"), 80,
                           3_500, 7),
    Schuldsoort.VERHUURDER: (("Poort6", "Woonlinie", "KleurrijkWonen", "Fien Wonen",
                              "Tablis Wonen"), 400, 6_000, 9),
    Schuldsoort.ENERGIE: (("Eneco", "Vattenfall", "Essent", "Budget Energie", "Greenchoice"), 150,
                          3_000, 9),
    Schuldsoort.WATER: (("Oasen", "Vitens"), 40, 600, 5),
    Schuldsoort.ZORGVERZEKERAAR: (("CZ", "VGZ", "Zilveren Kruis", "Menzis", "DSW",
                                   "CAK (wanbetalersregeling)"), 120, 3_500, 12),
    Schuldsoort.TELECOM: (("KPN", "Odido", "Vodafone", "Ziggo"), 50, 1_200, 8),
    Schuldsoort.BANK: (("ING", "Rabobank", "ABN AMRO", "Santander Consumer Finance"), 300,
                       15_000, 5),
    Schuldsoort.DEURWAARDER: (("GGN Mastering Credit", "Flanderijn", "Intrum", "Vesting Finance",
                               "Cannock Chase"), 150, 5_000, 8),
    Schuldsoort.DUO: (("DUO",), 800, 25_000, 4),
    Schuldsoort.WINKEL: (("Wehkamp", "Otto", "Bol.com", "Klarna", "Riverty (AfterPay)"), 40,
                         2_500, 7),
    Schuldsoort.PARTICULIER: (("Familie (moeder)", "Familie (broer)", "Familie (zus)",
                               "Een vriend", "Ex-partner"), 100, 5_000, 4),
    Schuldsoort.ANDERS: (("Waterschap Rivierenland", "Sportschool", "Tandartspraktijk"), 40, 1_000,
                         2),
}  # fmt: skip
_SOORTEN = tuple(SCHULDEISERS)
_CUM_SOORTEN = tuple(itertools.accumulate(w for *_, w in SCHULDEISERS.values()))
KENMERK = {Schuldsoort.CJIB: "CJIB {n}", Schuldsoort.BELASTINGDIENST: "Aanslag {n}",
           Schuldsoort.DUO: "Relatienummer {n}",
           Schuldsoort.DEURWAARDER: "Dossier {n}"}  # fmt: skip
# Number of schulden once past the voorzorg (2–12, most 4–8).
AANTAL_SCHULDEN = tuple(range(2, 13))
AANTAL_SCHULDEN_GEWICHT = (4, 7, 11, 13, 13, 12, 10, 8, 6, 4, 3)
_CUM_AANTAL = tuple(itertools.accumulate(AANTAL_SCHULDEN_GEWICHT))

# The statuses the schulden of a trajectory have, by where it is (status, weight).
STATUS_INVENTARIS = ((SchuldStatus.AANGESCHREVEN, 50), (SchuldStatus.OPGAVE_ONTVANGEN, 50))
STATUS_STABILISATIE = ((SchuldStatus.AANGESCHREVEN, 10), (SchuldStatus.OPGAVE_ONTVANGEN, 65),
                       (SchuldStatus.AKKOORD, 20), (SchuldStatus.AFGEWEZEN, 5))  # fmt: skip
STATUS_REGELING = ((SchuldStatus.AKKOORD, 88), (SchuldStatus.AFGELOST, 12))
STATUS_WSNP = ((SchuldStatus.OPGAVE_ONTVANGEN, 40), (SchuldStatus.AFGEWEZEN, 30),
               (SchuldStatus.AKKOORD, 30))  # fmt: skip
STATUS_AFGELOST = ((SchuldStatus.AFGELOST, 1),)
STATUS_GESTABILISEERD = ((SchuldStatus.AKKOORD, 55), (SchuldStatus.AFGELOST, 45))

_CUM: dict[int, tuple[int, ...]] = {}


def _kies(rng: random.Random, opties: Sequence[tuple[Any, int]]) -> Any:
    """A weighted choice; the cumulative weights are computed once per table."""
    cum = _CUM.get(id(opties))
    if cum is None:
        cum = _CUM[id(opties)] = tuple(itertools.accumulate(w for _, w in opties))
    return opties[rng.choices(range(len(opties)), cum_weights=cum)[0]][0]


def _verjaardag(geboren: date, jaren: int) -> date:
    try:
        return geboren.replace(year=geboren.year + jaren)
    except ValueError:  # 29 February
        return geboren.replace(year=geboren.year + jaren, day=28)


def regeling_start_voor(nazorg: date) -> date:
    """The latest first repayment whose legal term (wgs.einde_schuldregeling) ends by
    `nazorg`: 18 months before it, or 36 when that start would lie before July 2023."""
    start = nazorg - relativedelta(months=wgs.SCHULDREGELING_MAANDEN)
    if start < wgs.SCHULDREGELING_KORTER_VANAF:
        start = nazorg - relativedelta(months=wgs.SCHULDREGELING_MAANDEN_VOOR_2023_07)
    return start


# --- the debt-help team -----------------------------------------------------------------------


@dataclass
class Schuldhulpdienst:
    """The team schulddienstverlening as the trajectories need it: its consulenten per
    municipality and the chance that an inwoner of each has a trajectory."""

    consulenten: dict[uuid.UUID, list[uuid.UUID]]  # gemeente id → consulenten
    kans: dict[uuid.UUID, float]  # gemeente id → chance per inwoner
    gemeentenamen: dict[uuid.UUID, str]
    hoofdconsulent: uuid.UUID | None = None
    hoofdgemeente: uuid.UUID | None = None

    @classmethod
    def verdeel(
        cls, gemeenten: Sequence[tuple[uuid.UUID, str, int]], consulenten: Sequence[uuid.UUID],
        trajecten: float,
    ) -> Schuldhulpdienst:  # fmt: skip
        """`gemeenten`: (id, name, number of demo inwoners) of the municipalities the team
        serves; `trajecten`: how many inwoners of theirs should have one. Each municipality
        gets at least one consulent, the rest go where most trajectories are expected (largest
        quotient first); the first consulent is the main demo consulent and serves the
        municipality with the most."""
        gewicht = {g: PER_DUIZEND.get(naam, PER_DUIZEND_ANDERS) for g, naam, _ in gemeenten}
        verwacht = {g: n * gewicht[g] for g, _, n in gemeenten}
        som = sum(verwacht.values())
        kans = {g: min(MAX_KANS, trajecten * gewicht[g] / som) if som else 0.0 for g in gewicht}
        volgorde = sorted(verwacht, key=lambda g: -verwacht[g])
        per_gemeente: dict[uuid.UUID, list[uuid.UUID]] = {g: [] for g in volgorde}
        for consulent in consulenten:
            g = max(volgorde, key=lambda g: verwacht[g] / (len(per_gemeente[g]) + 1) if
                    per_gemeente[g] else math.inf)  # fmt: skip
            per_gemeente[g].append(consulent)
        per_gemeente = {g: c for g, c in per_gemeente.items() if c}
        hoofdgemeente = next(iter(per_gemeente), None)
        return cls(
            per_gemeente, kans, {g: naam for g, naam, _ in gemeenten},
            hoofdconsulent=per_gemeente[hoofdgemeente][0] if hoofdgemeente else None,
            hoofdgemeente=hoofdgemeente,
        )  # fmt: skip


# --- one trajectory ---------------------------------------------------------------------------


@dataclass
class _Plan:
    """A trajectory to write: the phases entered after the melding with their dates, and the
    choices that go with them."""

    scenario: str
    melding: date
    stappen: list[tuple[SchuldhulpFase, date]] = field(default_factory=list)
    gesprek: date | None = None
    bedreiging: Bedreiging | None = None
    bedreiging_datum: date | None = None
    beschikking: Beschikking | None = None
    beschikking_datum: date | None = None
    product: Schuldproduct | None = None
    variant: Schuldvariant | None = None
    uitkomst: Uitkomst | None = None
    uitval_reden: Uitvalreden | None = None

    def datum(self, fase: SchuldhulpFase) -> date | None:
        return next((d for f, d in self.stappen if f == fase), None)

    @property
    def fase(self) -> SchuldhulpFase:
        return self.stappen[-1][0] if self.stappen else F.VOORZORG

    @property
    def eind(self) -> date | None:
        return self.datum(F.AFGESLOTEN)


class SchuldhulpBuilder:
    """Rows for one inwoner's schuldhulptrajecten (at most one open) and everything in them."""

    def __init__(
        self, rng: random.Random, new_id: Callable[[], uuid.UUID], today: date,
        regels: Termijnregels, dienst: Schuldhulpdienst,
    ) -> None:  # fmt: skip
        self.rng, self.new_id, self.today, self.regels = rng, new_id, today, regels
        self.dienst = dienst
        self._random = rng.random
        self.gisteren = today - timedelta(days=1)
        self.vroegst = _verjaardag(today, -HISTORIE_JAREN)
        self.script = list(SCRIPT) if dienst.hoofdconsulent is not None else []
        self._beurt = {g: itertools.cycle(c) for g, c in dienst.consulenten.items()}

    # Basic draws.

    def _int(self, laag: int, hoog: int) -> int:
        return laag + int(self._random() * (hoog - laag + 1))

    def _een(self, reeks: Sequence[Any]) -> Any:
        return reeks[int(self._random() * len(reeks))]

    def _dag(self, first: date, last: date) -> date:
        if last <= first:
            return last
        return first + timedelta(days=int(self._random() * ((last - first).days + 1)))

    def _dagen(self, bereik: tuple[int, int]) -> timedelta:
        return timedelta(days=self._int(*bereik))

    # Per inwoner.

    def rows(self, inwoner: dict[str, Any], into: dict[str, list[dict[str, Any]]]) -> None:
        """Append the inwoner's schuldhulptrajecten to `into` (one list per table), if any."""
        gemeente_id = inwoner["woongemeente_id"]
        if gemeente_id not in self.dienst.consulenten:
            return
        vroegst = max(_verjaardag(inwoner["geboortedatum"], VROEGSTE_LEEFTIJD), self.vroegst)
        if gemeente_id == self.dienst.hoofdgemeente and self.script:
            fase, variant = self.script[0]
            plan = self._plan(gemeente_id, fase, variant, vroegst)
            if plan is None:
                return
            self.script.pop(0)
            consulent = self.dienst.hoofdconsulent
        else:
            if self._random() >= self.dienst.kans[gemeente_id]:
                return
            fase, variant = self._scenario(SCENARIOS)
            plan = self._plan(gemeente_id, fase, variant, vroegst)
            if plan is None:
                return
            consulent = next(self._beurt[gemeente_id])
        if self._random() < SHARE_EERDER:
            fase, variant = self._scenario(GESLOTEN)
            eind = plan.melding - self._dagen((30, 700))
            eerder = self._plan(gemeente_id, fase, variant, vroegst, eind=eind)
            if eerder is not None:
                self._schrijf(inwoner, gemeente_id, next(self._beurt[gemeente_id]), eerder, into)
        self._schrijf(inwoner, gemeente_id, consulent, plan, into)

    def _scenario(self, opties) -> tuple[SchuldhulpFase, str]:
        cum = _CUM.get(id(opties))
        if cum is None:
            cum = _CUM[id(opties)] = tuple(itertools.accumulate(w for *_, w in opties))
        fase, variant, _ = opties[self.rng.choices(range(len(opties)), cum_weights=cum)[0]]
        return fase, variant

    # --- laying out the dates -----------------------------------------------------------------

    def _weken(self, gemeente_id: uuid.UUID) -> int:
        return self.regels.beschikking_weken.get(gemeente_id, wgs.BESCHIKKING_WEKEN)

    def _plan(
        self, gemeente_id: uuid.UUID, fase: SchuldhulpFase, variant: str, vroegst: date,
        eind: date | None = None,
    ) -> _Plan | None:  # fmt: skip
        """The dates and choices of a trajectory in `fase` now (or closed `eind`, or at some
        day in the past ~4 years); None when the melding would fall before `vroegst`."""
        if fase == F.VOORZORG:
            plan = self._open_voorzorg(gemeente_id, variant)
        else:
            plan = self._na_voorzorg(gemeente_id, fase, variant, eind)
        if plan.melding < vroegst:
            return None
        return plan

    def _open_voorzorg(self, gemeente_id: uuid.UUID, variant: str) -> _Plan:
        gisteren, today = self.gisteren, self.today
        weken = self._weken(gemeente_id)
        if variant in ("nieuw", "bedreiging"):
            bedreiging = variant == "bedreiging" or self._random() < SHARE_BEDREIGING
            # With a threat the eerste gesprek is due within 3 werkdagen: a fresh melding.
            melding = gisteren - timedelta(days=self._int(0, 1 if bedreiging else 20))
            plan = _Plan(variant, melding)
            if bedreiging:
                soort = Bedreiging.ONTRUIMING if variant == "bedreiging" else None
                self._bedreiging(plan, melding, soort)
            return plan
        if variant == "gesprek_te_laat":
            plan = _Plan(variant, today - timedelta(days=self._int(35, 80)))
            if self._random() < SHARE_BEDREIGING:
                self._bedreiging(plan, plan.melding)
            return plan
        if variant == "gesprek":
            gesprek = gisteren - timedelta(days=self._int(0, 7 * weken - 3))
        elif variant == "beschikking_binnenkort":
            gesprek = today - timedelta(days=7 * weken - self._int(3, 8))
        else:  # beschikking_te_laat
            gesprek = today - timedelta(days=7 * weken + self._int(5, 45))
        plan = _Plan(variant, gesprek)
        self._voor_gesprek(plan, gesprek)
        return plan

    def _bedreiging(self, plan: _Plan, bekend: date, soort: Bedreiging | None = None) -> None:
        plan.bedreiging = soort or _kies(self.rng, BEDREIGINGEN)
        plan.bedreiging_datum = bekend

    def _voor_gesprek(self, plan: _Plan, gesprek: date) -> None:
        """The melding (and threat) before an eerste gesprek on `gesprek`: most within the Wgs
        term (4 weeks; 3 werkdagen after a threat became known), a share after it."""
        plan.gesprek = gesprek
        te_laat = self._random() < SHARE_GESPREK_TE_LAAT
        if self._random() < SHARE_BEDREIGING:
            bekend = gesprek - timedelta(days=self._int(6, 15) if te_laat else self._int(0, 3))
            # Mostly known at the melding; sometimes a later signal (leg_bedreiging_vast).
            melding = bekend if self._random() < 0.75 else bekend - timedelta(self._int(1, 10))
            plan.melding = melding
            self._bedreiging(plan, bekend)
        else:
            plan.melding = gesprek - timedelta(days=self._int(30, 50) if te_laat else
                                               self._int(1, 27))  # fmt: skip

    def _na_voorzorg(
        self, gemeente_id: uuid.UUID, fase: SchuldhulpFase, variant: str, eind: date | None
    ) -> _Plan:
        rng = self.rng
        route, uitkomst, uitval_fase = self._route(fase, variant)
        plan = _Plan(variant, self.gisteren, uitkomst=uitkomst)
        if uitkomst == Uitkomst.UITVAL:
            plan.uitval_reden = _kies(rng, UITVALREDENEN_VOORZORG if uitval_fase == F.VOORZORG
                                      else UITVALREDENEN)  # fmt: skip
        toegelaten = route[0] == F.STABILISATIE
        if toegelaten:
            plan.product, plan.variant = self._product(route, variant, uitkomst)
        # Backwards from the last step: yesterday minus the age of the current phase, or the
        # closing date.
        datums = [self.gisteren] * len(route)
        if fase == F.AFGESLOTEN:
            datums[-1] = eind or self.gisteren - timedelta(days=self._int(0, 1_400))
        else:
            datums[-1] = self.gisteren - self._leeftijd(fase, variant, plan)
        for i in range(len(route) - 2, -1, -1):
            datums[i] = self._begin(route[i], route[i + 1], datums[i + 1], uitkomst)
        plan.stappen = list(zip(route, datums, strict=True))
        # The voorzorg ends with the beschikking, or earlier with uitval.
        einde_voorzorg = datums[0]
        if toegelaten or uitkomst == Uitkomst.AFGEWEZEN:
            plan.beschikking = Beschikking.TOELATING if toegelaten else Beschikking.AFWIJZING
            plan.beschikking_datum = einde_voorzorg
            weken = self._weken(gemeente_id)
            dagen = (self._int(7 * weken + 2, 7 * weken + 35)
                     if self._random() < SHARE_BESCHIKKING_TE_LAAT
                     else self._int(7, 7 * weken - 1))  # fmt: skip
            self._voor_gesprek(plan, einde_voorzorg - timedelta(days=dagen))
        elif self._random() < 0.6:  # uitval after the eerste gesprek
            self._voor_gesprek(plan, einde_voorzorg - self._dagen((7, 60)))
        else:  # uitval before it
            plan.melding = einde_voorzorg - self._dagen((14, 100))
            if self._random() < SHARE_BEDREIGING:
                self._bedreiging(plan, plan.melding)
        return plan

    def _route(
        self, fase: SchuldhulpFase, variant: str
    ) -> tuple[list[SchuldhulpFase], Uitkomst | None, SchuldhulpFase | None]:
        """The phases entered after the voorzorg, the outcome and the phase of an uitval."""
        random_ = self._random
        if fase == F.STABILISATIE:
            return [F.STABILISATIE], None, None
        if fase == F.SCHULDREGELING:
            return [F.STABILISATIE, F.SCHULDREGELING], None, None
        if fase == F.WSNP:
            via = [F.SCHULDREGELING] if random_() < 0.3 else []
            return [F.STABILISATIE, *via, F.WSNP], None, None
        if fase == F.NAZORG:
            roll = random_()
            via = [F.SCHULDREGELING] if roll < 0.5 else [F.WSNP] if roll < 0.6 else []
            return [F.STABILISATIE, *via, F.NAZORG], None, None
        a = F.AFGESLOTEN
        if variant == "afgerond":
            uitkomst = Uitkomst.SCHULDREGELING_AFGEROND
            return [F.STABILISATIE, F.SCHULDREGELING, F.NAZORG, a], uitkomst, None
        if variant == "gestabiliseerd":
            return [F.STABILISATIE, F.NAZORG, a], Uitkomst.GESTABILISEERD, None
        if variant == "zelfredzaam":
            return [F.STABILISATIE, F.NAZORG, a], Uitkomst.ZELFREDZAAM, None
        if variant == "wsnp":
            via = [F.SCHULDREGELING] if random_() < 0.3 else []
            return [F.STABILISATIE, *via, F.WSNP, F.NAZORG, a], Uitkomst.WSNP_TOEGELATEN, None
        if variant == "afgewezen":
            return [a], Uitkomst.AFGEWEZEN, None
        # Uitval: the route up to the phase it happened in.
        uitval_fase = _kies(self.rng, UITVAL_FASEN)
        tot = {
            F.VOORZORG: [], F.STABILISATIE: [F.STABILISATIE],
            F.SCHULDREGELING: [F.STABILISATIE, F.SCHULDREGELING],
            F.WSNP: [F.STABILISATIE, F.WSNP],
            F.NAZORG: [F.STABILISATIE, *([F.SCHULDREGELING] if random_() < 0.5 else []),
                       F.NAZORG],
        }[uitval_fase]  # fmt: skip
        return [*tot, a], Uitkomst.UITVAL, uitval_fase

    def _product(
        self, route: list[SchuldhulpFase], variant: str, uitkomst: Uitkomst | None
    ) -> tuple[Schuldproduct, Schuldvariant | None]:
        if F.WSNP in route:
            return REGELING
        if F.SCHULDREGELING in route:
            return _kies(self.rng, PRODUCT_REGELING)
        if variant == "nvvk_te_laat":
            return REGELING
        if uitkomst == Uitkomst.ZELFREDZAAM:
            return _kies(self.rng, PRODUCT_ZELFREDZAAM)
        if F.NAZORG in route:
            return _kies(self.rng, PRODUCT_GESTABILISEERD)
        return _kies(self.rng, PRODUCT_STABILISATIE)

    def _leeftijd(self, fase: SchuldhulpFase, variant: str, plan: _Plan) -> timedelta:
        """How long an open trajectory has been in its current phase (until yesterday)."""
        nvvk = self.regels.nvvk_dagen
        if fase == F.STABILISATIE:
            if variant == "nvvk_te_laat":
                return timedelta(days=self._int(nvvk + 5, nvvk + 120))
            if (plan.product, plan.variant) == REGELING:  # the NVVK offer is still in time
                return timedelta(days=self._int(0, nvvk - 10))
            return timedelta(days=self._int(0, 400))
        if fase == F.SCHULDREGELING:
            if variant == "eindigt":  # the 18 months end within three weeks
                einde = self.today + timedelta(days=self._int(1, 20))
                return self.gisteren - regeling_start_voor(einde)
            # A few are past their 18 months, the final settlement still being made.
            return timedelta(days=self._int(550, 600) if self._random() < 0.05 else
                             self._int(0, 530))  # fmt: skip
        if fase == F.WSNP:
            return timedelta(days=self._int(0, 150))
        return timedelta(days=self._int(0, 300))  # NAZORG

    def _begin(self, fase: SchuldhulpFase, volgende: SchuldhulpFase, volgende_op: date,
               uitkomst: Uitkomst | None) -> date:  # fmt: skip
        """The day `fase` began, given the day the next phase began."""
        if fase == F.SCHULDREGELING and volgende == F.NAZORG:
            return regeling_start_voor(volgende_op - self._dagen((0, 21)))
        if fase == F.NAZORG:  # then volgende is AFGESLOTEN
            bereik = NAZORG_UITVAL if uitkomst == Uitkomst.UITVAL else DUUR[(fase, volgende)]
            return volgende_op - self._dagen(bereik)
        bereik = DUUR[(fase, volgende)]
        if (fase, volgende) == (F.STABILISATIE, F.SCHULDREGELING) and self._random() < 0.15:
            bereik = (self.regels.nvvk_dagen + 1, self.regels.nvvk_dagen + 90)  # NVVK late
        return volgende_op - self._dagen(bereik)

    # --- writing the rows ---------------------------------------------------------------------

    def _moment(self, datum: date, vorig: datetime | None) -> datetime:
        moment = datetime(datum.year, datum.month, datum.day, 7, tzinfo=UTC) + timedelta(
            minutes=self._int(0, 540))  # fmt: skip
        if vorig is not None and moment <= vorig:
            moment = vorig + timedelta(minutes=self._int(1, 20))
        return moment

    def _schrijf(self, inwoner: dict[str, Any], gemeente_id: uuid.UUID, consulent: uuid.UUID,
                 plan: _Plan, into: dict[str, list[dict[str, Any]]]) -> None:  # fmt: skip
        rng, random_ = self.rng, self._random
        traject_id = self.new_id()
        eind = plan.eind
        limiet = eind or self.gisteren  # the last day anything happens in the trajectory
        bron = _kies(rng, MELDINGSBRONNEN)
        if bron == Meldingsbron.WERKCOACH and inwoner["regievoerder_id"] is None:
            bron = Meldingsbron.ZELF
        if plan.bedreiging == Bedreiging.ONTRUIMING and random_() < 0.5:
            bron = Meldingsbron.WONINGCORPORATIE
        wijze = self._een(WIJZE.get(bron, VIA_PARTNER))
        gemeente = self.dienst.gemeentenamen[gemeente_id]
        # The creditor behind a threat is one of the schulden.
        dreiger = None
        toelichting = None
        if plan.bedreiging is not None:
            soort = BEDREIGING_SOORT.get(plan.bedreiging)
            if soort is not None:
                dreiger = (soort, self._eiser(soort, gemeente))
            toelichting = BEDREIGING_TEKST[plan.bedreiging].format(eiser=dreiger[1] if dreiger
                                                                    else "")  # fmt: skip
        toegelaten = plan.beschikking == Beschikking.TOELATING
        product_variant = (plan.product, plan.variant)
        complexiteit = None
        if plan.beschikking is not None:
            complex_ = 0.95 if F.WSNP in dict(plan.stappen) else 0.6 if (
                product_variant == REGELING) else 0.4  # fmt: skip
            complexiteit = Complexiteit.COMPLEX if random_() < complex_ else Complexiteit.EENVOUDIG
        afsluiting = None
        if plan.uitkomst == Uitkomst.AFGEWEZEN:
            afsluiting = self._een(MOTIVERING_AFWIJZING)
        elif plan.uitkomst == Uitkomst.UITVAL:
            tekst = self._een(UITVAL_TEKST[plan.uitval_reden])
            verplicht = plan.uitval_reden == Uitvalreden.ANDERS
            afsluiting = tekst if tekst and (verplicht or random_() < 0.7) else None
        elif plan.uitkomst is not None:
            afsluiting = AFSLUIT_TEKST[plan.uitkomst] if random_() < 0.6 else None
        regeling, wsnp, nazorg = (plan.datum(F.SCHULDREGELING), plan.datum(F.WSNP),
                                  plan.datum(F.NAZORG))  # fmt: skip
        nazorg_tot = None
        if nazorg is not None and random_() < 0.7:
            nazorg_tot = nazorg + relativedelta(months=self._een((6, 6, 12)))
        fase, fase_sinds = plan.stappen[-1] if plan.stappen else (F.VOORZORG, plan.melding)
        uitval_fase = None
        if plan.uitkomst == Uitkomst.UITVAL:
            uitval_fase = plan.stappen[-2][0] if len(plan.stappen) > 1 else F.VOORZORG
        row = {
            "id": traject_id, "versie": 1, "inwoner_id": inwoner["id"], "medeaanvrager_id": None,
            "consulent_id": consulent, "gemeente_id": gemeente_id, "melding_datum": plan.melding,
            "melding_bron": bron, "melding_wijze": wijze,
            "hulpvraag": self._een(HULPVRAGEN) if random_() < 0.9 else None,
            "bedreiging": plan.bedreiging, "bedreiging_datum": plan.bedreiging_datum,
            "bedreiging_toelichting": toelichting, "eerste_gesprek": plan.gesprek,
            "leefgebieden": self._een(LEEFGEBIEDEN) if plan.gesprek and random_() < 0.8 else None,
            "beschikking": plan.beschikking, "beschikking_datum": plan.beschikking_datum,
            "plan_van_aanpak": self._een(PLAN_VAN_AANPAK[product_variant]) if toegelaten else None,
            "complexiteit": complexiteit, "product": plan.product, "variant": plan.variant,
            "reden_geen_bankkrediet": (self._een(REDEN_GEEN_BANKKREDIET)
                                       if plan.product == P.SOCIAAL_KREDIET else None),
            "fase": fase, "fase_sinds": fase_sinds, "start_schuldregeling": regeling,
            "wsnp_verzoek_datum": wsnp, "nazorg_tot": nazorg_tot, "uitkomst": plan.uitkomst,
            "uitval_fase": uitval_fase, "uitval_reden": plan.uitval_reden,
            "afsluiting_toelichting": afsluiting, "einddatum": eind,
        }  # fmt: skip
        into["schuldhulptrajecten"].append(row)
        self._overgangen(traject_id, consulent, plan, into["schuldhulp_overgangen"])
        self._administratie(traject_id, consulent, plan, limiet, into["schuldhulp_administratie"])
        self._schulden(traject_id, plan, limiet, gemeente, dreiger, into["schulden"])
        self._doorverwijzingen(traject_id, consulent, plan, limiet,
                               into["schuldhulp_doorverwijzingen"])  # fmt: skip
        if toegelaten and (plan.product == P.BUDGETBEHEER or random_() < SHARE_BUDGETBEHEER):
            into["budgetbeheer"].append(self._budgetbeheer(inwoner["id"], traject_id, plan))

    def _overgangen(self, traject_id: uuid.UUID, consulent: uuid.UUID, plan: _Plan,
                    into: list[dict[str, Any]]) -> None:  # fmt: skip
        """One row per phase change, as schuldhulp._stap writes them."""
        van: SchuldhulpFase | None = None
        moment = None
        stappen = [(F.VOORZORG, plan.melding), *plan.stappen]
        for naar, datum in stappen:
            if van is None:
                toelichting = "Melding geregistreerd"
            elif naar == F.STABILISATIE:
                toelichting = "Toelatingsbeschikking"
            elif naar == F.AFGESLOTEN and plan.uitkomst == Uitkomst.AFGEWEZEN:
                toelichting = "Afwijzingsbeschikking"
            elif naar == F.AFGESLOTEN and plan.uitkomst == Uitkomst.UITVAL:
                toelichting = f"Uitval: {plan.uitval_reden.label}"
            elif naar == F.AFGESLOTEN:
                toelichting = plan.uitkomst.label
            else:
                teksten = {F.SCHULDREGELING: START_REGELING_TEKST, F.WSNP: WSNP_TEKST,
                           F.NAZORG: NAZORG_TEKST}[naar]  # fmt: skip
                if naar == F.SCHULDREGELING:
                    krediet = plan.product == P.SOCIAAL_KREDIET
                    teksten = (teksten[1],) if krediet else (teksten[0], teksten[2])
                toelichting = self._een(teksten) or None
            moment = self._moment(datum, moment)
            into.append({
                "id": self.new_id(), "traject_id": traject_id, "van_fase": van, "naar_fase": naar,
                "datum": datum, "moment": moment, "medewerker_id": consulent,
                "toelichting": toelichting,
            })  # fmt: skip
            van = naar

    def _administratie(self, traject_id: uuid.UUID, consulent: uuid.UUID, plan: _Plan,
                       limiet: date, into: list[dict[str, Any]]) -> None:  # fmt: skip
        """The checklist is ticked in the voorzorg and stabilisatie; complete before a
        schuldregeling or WSNP-verzoek (the services refuse those otherwise)."""
        na_stabilisatie = next((d for f, d in plan.stappen if f != F.STABILISATIE), None)
        tot = min(na_stabilisatie or limiet, limiet)
        vanaf = plan.gesprek or plan.melding
        items = list(AdministratieItem)
        if plan.datum(F.SCHULDREGELING) or plan.datum(F.WSNP):
            aantal = len(items)
        elif plan.fase == F.STABILISATIE:
            aantal = len(items) if self._random() < 0.5 else self._int(3, len(items) - 1)
        elif plan.fase == F.VOORZORG:
            aantal = self._int(0, 2) if plan.gesprek is None else self._int(1, len(items) - 1)
        elif plan.uitval_reden == Uitvalreden.ADMINISTRATIE_ONVOLLEDIG:
            aantal = self._int(0, len(items) - 2)
        elif plan.beschikking == Beschikking.TOELATING:
            aantal = len(items) if self._random() < 0.7 else self._int(4, len(items) - 1)
        else:
            aantal = self._int(0, len(items))
        if aantal < len(items):
            items = self.rng.sample(items, aantal)
        # Most are ticked between the eerste gesprek and the beschikking.
        beschikt = plan.beschikking_datum
        for item in items:
            eind = beschikt if beschikt and self._random() < 0.8 else tot
            into.append({"traject_id": traject_id, "item": item,
                         "datum": self._dag(vanaf, min(eind, tot)),
                         "medewerker_id": consulent})  # fmt: skip

    def _eiser(self, soort: Schuldsoort, gemeente: str) -> str:
        return self._een(SCHULDEISERS[soort][0]).format(gemeente=gemeente)

    def _bedrag(self, soort: Schuldsoort) -> Decimal:
        _, laag, hoog, _ = SCHULDEISERS[soort]
        euro = math.exp(math.log(laag) + self._random() * (math.log(hoog) - math.log(laag)))
        centen = int(euro * 100)
        if self._random() < 0.3:
            centen -= centen % 100  # a round amount
        return Decimal(max(centen, 100)).scaleb(-2)

    def _schulden(self, traject_id: uuid.UUID, plan: _Plan, limiet: date, gemeente: str,
                  dreiger: tuple[Schuldsoort, str] | None,
                  into: list[dict[str, Any]]) -> None:  # fmt: skip
        """Creditors with a status that fits the phase: an inventory in the voorzorg, agreed
        in a regeling, paid off after it (the agreed amount: the share they accepted)."""
        rng, random_ = self.rng, self._random
        fase, uitval = plan.fase, None
        if plan.uitkomst == Uitkomst.UITVAL:
            uitval = plan.stappen[-2][0] if len(plan.stappen) > 1 else F.VOORZORG
        waar = uitval or fase
        regeling, wsnp = plan.datum(F.SCHULDREGELING), plan.datum(F.WSNP)
        if waar == F.VOORZORG or plan.uitkomst == Uitkomst.AFGEWEZEN:
            if plan.gesprek is None:
                return
            aantal = self._int(0, 6) if plan.uitkomst is None else self._int(0, 5)
            statussen = STATUS_INVENTARIS
        else:
            aantal = rng.choices(AANTAL_SCHULDEN, cum_weights=_CUM_AANTAL)[0]
            if (wsnp is not None and plan.uitkomst != Uitkomst.UITVAL) or waar == F.WSNP:
                statussen = STATUS_WSNP
            elif waar == F.SCHULDREGELING:
                statussen = STATUS_REGELING
            elif regeling is not None:  # nazorg or closed after a regeling
                statussen = STATUS_AFGELOST
            elif waar == F.STABILISATIE:
                statussen = STATUS_STABILISATIE
            else:  # nazorg or closed after stabilisatie
                statussen = STATUS_GESTABILISEERD
        if aantal == 0:
            return
        eerst = plan.gesprek or plan.melding
        beschikt = plan.beschikking_datum or limiet
        aanbod = min(d for d in (regeling, wsnp, limiet) if d is not None)
        # Every creditor accepts the same share in a schuldregeling.
        percentage = self._int(10, 70) if regeling is not None or wsnp is not None else 100
        eisers = [dreiger] if dreiger else []
        gezien = {e for _, e in eisers}
        while len(eisers) < aantal:
            soort = rng.choices(_SOORTEN, cum_weights=_CUM_SOORTEN)[0]
            eiser = self._eiser(soort, gemeente)
            if eiser not in gezien or soort in (Schuldsoort.CJIB, Schuldsoort.BELASTINGDIENST):
                gezien.add(eiser)
                eisers.append((soort, eiser))
        afgewezen = statussen is STATUS_WSNP  # a WSNP-verzoek: at least one creditor refused
        for soort, eiser in eisers[:aantal]:
            status = _kies(rng, statussen)
            if afgewezen:
                status, afgewezen = SchuldStatus.AFGEWEZEN, False
            opgegeven = self._bedrag(soort)
            akkoord = None
            if status == SchuldStatus.AANGESCHREVEN:
                van, tot = eerst, eerst + timedelta(days=21)
                if random_() < 0.7:
                    opgegeven = None  # no answer yet, amount unknown
            elif status == SchuldStatus.OPGAVE_ONTVANGEN:
                van, tot = eerst + timedelta(days=7), wsnp or limiet
            elif status == SchuldStatus.AFGEWEZEN:
                van, tot = beschikt, wsnp or limiet
            elif status == SchuldStatus.AKKOORD:
                van, tot = beschikt, aanbod
            else:  # AFGELOST
                van = regeling or beschikt
                nazorg = plan.datum(F.NAZORG)
                if regeling is not None and nazorg is not None:
                    van = max(regeling, nazorg - timedelta(days=60))
                    tot = nazorg
                else:
                    tot = limiet
            if status in (SchuldStatus.AKKOORD, SchuldStatus.AFGELOST):
                akkoord = (opgegeven * percentage / 100).quantize(Decimal("0.01"))
            datum = self._dag(max(van, plan.melding), min(tot, limiet))
            kenmerk = None
            if random_() < 0.6:
                kenmerk = KENMERK.get(soort, "Klantnummer {n}").format(n=self._int(10**6, 10**9))
            into.append({
                "id": self.new_id(), "versie": 1, "traject_id": traject_id, "schuldeiser": eiser,
                "soort": soort, "kenmerk": kenmerk, "bedrag_opgegeven": opgegeven,
                "bedrag_akkoord": akkoord, "status": status, "status_datum": datum,
            })  # fmt: skip

    def _doorverwijzingen(self, traject_id: uuid.UUID, consulent: uuid.UUID, plan: _Plan,
                          limiet: date, into: list[dict[str, Any]]) -> None:  # fmt: skip
        random_ = self._random
        verwijzingen: list[tuple[Partner, date]] = []
        nazorg = plan.datum(F.NAZORG)
        if nazorg is not None and random_() < 0.5:
            partner = Partner.SCHULDHULPMAATJES if random_() < 0.6 else Partner.HUMANITAS
            verwijzingen.append((partner, self._dag(nazorg, min(nazorg + timedelta(14), limiet))))
        if random_() < SHARE_DOORVERWIJZING:
            for _ in range(1 if random_() < 0.8 else 2):
                partner = _kies(self.rng, PARTNERS)
                if partner not in (p for p, _ in verwijzingen):
                    verwijzingen.append((partner, self._dag(plan.melding, limiet)))
        for partner, datum in verwijzingen:
            into.append({"id": self.new_id(), "traject_id": traject_id, "partner": partner,
                         "datum": datum, "reden": VERWIJZING_TEKST[partner],
                         "medewerker_id": consulent})  # fmt: skip

    def _budgetbeheer(self, inwoner_id: uuid.UUID, traject_id: uuid.UUID,
                      plan: _Plan) -> dict[str, Any]:  # fmt: skip
        """Started while the trajectory runs (after the toelating); ended by its end, and for
        some open ones in the nazorg."""
        eind = plan.eind
        laatste = (eind - timedelta(days=1)) if eind else self.gisteren
        beschikt = plan.beschikking_datum
        start = max(beschikt, self._dag(beschikt, min(beschikt + timedelta(days=30), laatste)))
        einde = None
        nazorg = plan.datum(F.NAZORG)
        if eind is not None:
            einde = self._dag(max(start, nazorg or start), eind)
        elif nazorg is not None and self._random() < 0.4:
            einde = self._dag(max(start, nazorg), self.gisteren)
        frequentie = _kies(self.rng, ((Leefgeldfrequentie.WEKELIJKS, 70),
                                      (Leefgeldfrequentie.TWEEWEKELIJKS, 20),
                                      (Leefgeldfrequentie.MAANDELIJKS, 10)))  # fmt: skip
        laag, hoog = {Leefgeldfrequentie.WEKELIJKS: (50, 150),
                      Leefgeldfrequentie.TWEEWEKELIJKS: (100, 300),
                      Leefgeldfrequentie.MAANDELIJKS: (250, 600)}[frequentie]  # fmt: skip
        leefgeld = Decimal(self._int(laag // 5, hoog // 5) * 5).quantize(Decimal("0.01"))
        return {"id": self.new_id(), "versie": 1, "inwoner_id": inwoner_id,
                "schuldhulptraject_id": traject_id, "startdatum": start, "einddatum": einde,
                "leefgeld": leefgeld, "frequentie": frequentie,
                "postadres": self._random() < 0.6}  # fmt: skip
