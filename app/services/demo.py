"""Fictitious, reproducible demo data for an empty database (`koers demo`).

The sources contain no client-level data (brief §8.1), so every person here is invented: Dutch
names from Faker nl_NL plus a share of Polish, Turkish, Hungarian and Romanian names (letters
outside Latin-1 must survive search, sorting and printing), valid and unique BSNs, addresses whose
postcode fits the municipality, teams with coaches carrying a caseload of at most 50, labels with
validity periods, a contact journal and a few employers; ontwikkelplannen (demo_plannen),
re-integration trajectories in every phase with their history (demo_trajecten) and
schuldhulptrajecten with their schulden (demo_schuldhulp).

Why it is built this way:
- Reproducible: one seeded `random.Random` drives everything, UUIDs included, so the same seed
  gives the same database (screenshots and bug reports can refer to "seed 1, Jansen").
- Fast: 100,000 inwoners must load in well under two minutes, so rows are plain dicts written
  in chunks with one executemany each (no ORM objects, no per-row flush, see `_Demo.insert`),
  Faker is only asked once for pools of names that the seeded RNG then draws from, and cyclic
  garbage collection pauses while the rows pile up.
- All or nothing: everything is written in ONE transaction. An interrupted run leaves the
  database empty, so it can simply be run again; committing per chunk would leave half a demo
  that the "only into an empty database" rule would then refuse to complete.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.db import analyze
from app.models import (
    AdministratieVinkje,
    Begeleidingsregime,
    Budgetbeheer,
    Contactmoment,
    Diagnose,
    Doorverwijzing,
    Evaluatie,
    FaseOvergang,
    Gemeente,
    Handhavingszaak,
    Intake,
    Inwoner,
    InwonerLabel,
    InwonerZoekwoord,
    Kanaal,
    Label,
    LabelBron,
    Loonwaardemeting,
    LoonwaardeTaak,
    Medewerker,
    MedewerkerRol,
    Ontwikkelafspraak,
    Ontwikkeldoel,
    Ontwikkelplan,
    ParticipatieladderScore,
    Plaatsing,
    Rol,
    Schuld,
    SchuldhulpOvergang,
    Schuldhulptraject,
    Team,
    TeamType,
    Traject,
    Werkgever,
    WerkniveauMeting,
)
from app.services.bulk import grote_sqlite_cache, voeg_toe, zonder_gc
from app.services.demo_plannen import PlanBuilder
from app.services.demo_schuldhulp import SHARE_SCHULDHULP, SchuldhulpBuilder, Schuldhulpdienst
from app.services.demo_schuldhulp import TABELLEN as SCHULDHULP_TABELLEN
from app.services.demo_trajecten import TABELLEN, Ploeg, TrajectBuilder
from app.services.demodatabase import DEMO_WACHTWOORD, markeer_als_demo
from app.services.errors import DomainError
from app.services.inwoners import search_keys, zoekwoord_rijen
from app.services.referentiedata import AVRES, IJMOND, WERKZAAK, ensure_reference_data
from app.services.schuldhulp import termijnregels
from app.services.text import fold, nl_int
from app.services.wachtwoorden import hash_wachtwoord

CHUNK = 5_000
MAX_CASELOAD = 50  # brief §2.2: caseload 40–50 per coach
SHARE_WITHOUT_REGIEVOERDER = 0.08
SHARE_NON_LATIN1 = 0.04
SHARE_STATUSHOUDER_NAMES = 0.03

Progress = Callable[[int, int], None]


# --- result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoResult:
    seed: int
    inwoners: int
    medewerkers: int
    teams: int
    werkgevers: int
    labels: int
    contactmomenten: int
    ontwikkelplannen: int
    seconden: float
    trajecten: int = 0
    schuldhulptrajecten: int = 0
    accounts: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconden": round(self.seconden, 1)}

    def summary(self) -> str:
        seconden = f"{self.seconden:.1f}".replace(".", ",")
        accounts = ", ".join(f"'{naam}' ({rol})" for rol, naam in self.accounts.items())
        return (
            f"Demogegevens geladen: {nl_int(self.inwoners)} inwoners, "
            f"{nl_int(self.medewerkers)} medewerkers, "
            f"{nl_int(self.contactmomenten)} contactmomenten, "
            f"{nl_int(self.ontwikkelplannen)} ontwikkelplannen, "
            f"{nl_int(self.trajecten)} trajecten, "
            f"{nl_int(self.schuldhulptrajecten)} schuldhulptrajecten in {seconden} s.\n"
            f"Aanmelden kan bijvoorbeeld als {accounts}, met wachtwoord '{DEMO_WACHTWOORD}'."
        )


# --- places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Woonplaats:
    naam: str
    postcodes: tuple[int, int]  # inclusive range of the four digits
    netnummer: str
    gewicht: int = 1


@dataclass(frozen=True)
class GemeenteProfiel:
    inwonertal: int  # weight of the municipality in the demo
    woonplaatsen: tuple[Woonplaats, ...]
    straten: tuple[str, ...] = ()


W = Woonplaats
GEMEENTE_PROFIELEN: dict[str, GemeenteProfiel] = {
    "Gorinchem": GemeenteProfiel(
        38_000,
        (W("Gorinchem", (4201, 4208), "0183"),),
        ("Langendijk", "Arkelstraat", "Merwedelaan", "Lingewal", "Haarwijkerstraat"),
    ),
    "Molenlanden": GemeenteProfiel(
        45_000,
        (
            W("Nieuw-Lekkerland", (2957, 2957), "0184", 14),
            W("Giessenburg", (3381, 3381), "0184", 10),
            W("Arkel", (4241, 4241), "0183", 8),
            W("Bleskensgraaf", (2971, 2971), "0184", 8),
            W("Groot-Ammers", (2964, 2964), "0184", 8),
            W("Streefkerk", (2959, 2959), "0184", 6),
            W("Hoornaar", (4223, 4223), "0183", 4),
            W("Noordeloos", (4225, 4225), "0183", 3),
            W("Ottoland", (2975, 2975), "0184", 3),
            W("Goudriaan", (2977, 2977), "0184", 2),
        ),
        ("Lekdijk", "Graafdijk", "Peulenstraat", "Giessenweg"),
    ),
    "Vijfheerenlanden": GemeenteProfiel(
        59_000,
        (
            W("Leerdam", (4141, 4142), "0345", 35),
            W("Vianen", (4131, 4133), "0347", 28),
            W("Meerkerk", (4231, 4231), "0183", 8),
            W("Lexmond", (4128, 4128), "0347", 5),
            W("Hagestein", (4124, 4124), "0347", 2),
            W("Schoonrewoerd", (4145, 4145), "0345", 2),
            W("Kedichem", (4151, 4151), "0345", 2),
        ),
        ("Industrieweg", "Vlietskade", "Lingedijk", "Voorstraat", "Hagenweg"),
    ),
    "West Betuwe": GemeenteProfiel(
        53_000,
        (
            W("Geldermalsen", (4191, 4191), "0345", 28),
            W("Beesd", (4153, 4153), "0345", 8),
            W("Meteren", (4194, 4194), "0345", 6),
            W("Asperen", (4147, 4147), "0345", 5),
            W("Herwijnen", (4171, 4171), "0418", 5),
            W("Haaften", (4175, 4175), "0418", 5),
            W("Waardenburg", (4181, 4181), "0418", 4),
            W("Heukelum", (4161, 4161), "0345", 4),
        ),
        ("Rijksstraatweg", "Waaldijk", "Lingedijk"),
    ),
    "Neder-Betuwe": GemeenteProfiel(
        25_000,
        (
            W("Kesteren", (4041, 4041), "0488", 10),
            W("Opheusden", (4043, 4043), "0488", 10),
            W("Dodewaard", (6669, 6669), "0488", 8),
            W("Ochten", (4051, 4051), "0344", 8),
            W("Echteld", (4054, 4054), "0344", 3),
            W("IJzendoorn", (4053, 4053), "0344", 2),
        ),
        ("Rijnbandijk", "Waalbandijk", "Boomgaardstraat"),
    ),
    "West Maas en Waal": GemeenteProfiel(
        20_000,
        (
            W("Beneden-Leeuwen", (6658, 6658), "0487", 10),
            W("Wamel", (6659, 6659), "0487", 5),
            W("Dreumel", (6621, 6621), "0487", 5),
            W("Boven-Leeuwen", (6657, 6657), "0487", 4),
            W("Maasbommel", (6627, 6627), "0487", 2),
            W("Alphen", (6626, 6626), "0487", 2),
        ),
        ("Maasdijk", "Waalbandijk", "Zandstraat"),
    ),
    "Zaltbommel": GemeenteProfiel(
        30_000,
        (
            W("Zaltbommel", (5301, 5302), "0418", 25),
            W("Brakel", (5306, 5306), "0418", 5),
            W("Gameren", (5311, 5311), "0418", 3),
            W("Rossum", (5328, 5328), "0418", 3),
        ),
        ("Waaldijk", "Oliestraat", "Steenweg"),
    ),
    "Buren": GemeenteProfiel(
        28_000,
        (
            W("Maurik", (4021, 4021), "0344", 5),
            W("Lienden", (4033, 4033), "0344", 5),
            W("Buren", (4116, 4116), "0344", 3),
            W("Beusichem", (4112, 4112), "0345", 3),
            W("Zoelen", (4011, 4011), "0344", 2),
            W("Kerk-Avezaath", (4012, 4012), "0344", 2),
            W("Ingen", (4031, 4031), "0344", 2),
        ),
        ("Rijnbandijk", "Graaf van Burenstraat"),
    ),
    "Beverwijk": GemeenteProfiel(
        43_000,
        (W("Beverwijk", (1941, 1948), "0251", 40), W("Wijk aan Zee", (1949, 1949), "0251", 3)),
        ("Breestraat", "Zeestraat", "Kuikensweg", "Baanstee"),
    ),
    "Heemskerk": GemeenteProfiel(
        40_000,
        (W("Heemskerk", (1961, 1969), "0251"),),
        ("Trompet", "Maerelaan", "Tolhek", "Rijksweg"),
    ),
    "Velsen": GemeenteProfiel(
        69_000,
        (
            W("IJmuiden", (1971, 1976), "0255", 30),
            W("Velserbroek", (1991, 1991), "023", 12),
            W("Santpoort-Noord", (2071, 2071), "023", 8),
            W("Velsen-Zuid", (1981, 1981), "0255", 6),
            W("Velsen-Noord", (1951, 1951), "0251", 5),
            W("Driehuis", (1985, 1985), "0255", 4),
            W("Santpoort-Zuid", (2082, 2082), "023", 4),
        ),
        ("Kennemerlaan", "Zeeweg", "Lange Nieuwstraat", "Duinweg", "Velserduinweg"),
    ),
    "Uitgeest": GemeenteProfiel(
        14_000,
        (W("Uitgeest", (1911, 1911), "0251"),),
        ("Middelweg", "Langebuurt", "Geesterweg"),
    ),
}
del W

_STRAATDELEN = {
    "laan": ("Eiken", "Beuken", "Linden", "Berken", "Kastanje", "Esdoorn", "Platanen",
             "Rembrandt", "Vondel", "Prins Bernhard", "Beatrix", "Juliana", "Oranje"),
    "straat": ("Tulp", "Rozen", "Narcissen", "Seringen", "Anjer", "Iris", "Kerk", "Molen",
               "School", "Nieuw", "Hoog", "Markt", "Haven", "Dijk", "Wilhelmina", "Willem de "
               "Zwijger", "Johan de Witt", "Vincent van Gogh", "Frans Hals", "Jan Steen"),
    "weg": ("Stations", "Dorps", "Polder", "Zand", "Achter", "Kanaal", "Parallel", "Molen"),
    "hof": ("Merel", "Lijster", "Vinken", "Zwaluw", "Reiger", "Kievit", "Specht", "Roodborst"),
    "plein": ("Kerk", "Markt", "Stations", "Oranje"),
    "singel": ("Wilgen", "Populieren", "Vesting", "Burgemeester de Vries"),
    "pad": ("Meidoorn", "Vlinder", "Klaver"),
}  # fmt: skip
STRATEN: tuple[str, ...] = (
    "Dorpsstraat", "Kerkstraat", "Hoofdstraat", "Voorstraat", "Rijksstraatweg",
    *(f"{deel}{soort}" for soort, delen in _STRAATDELEN.items() for deel in delen),
)  # fmt: skip

POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # PostNL leaves out F, I, O, Q, U and Y
POSTCODE_VERBODEN = frozenset({"SA", "SD", "SS"})

# --- names -----------------------------------------------------------------------------------

TUSSENVOEGSELS = frozenset(
    {"de", "den", "der", "van", "van de", "van der", "van den", "van 't", "in 't", "ter", "ten",
     "te", "op de", "op den", "uit de", "uit den", "le", "la"}
)  # fmt: skip
# The ten most common Dutch surnames (each roughly 0.3–0.5 % of the population): Faker lists
# them only once or twice among a thousand names, which makes them too rare.
VEEL_VOORKOMEND = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
                   "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder")  # fmt: skip
# Faker nl_NL's first names are those of today's babies; people born before 1985 more often
# carry these.
OUDERE_VOORNAMEN = {
    "m": ("Johannes", "Cornelis", "Hendrik", "Jan", "Willem", "Gerrit", "Pieter", "Jacobus",
          "Adrianus", "Henk", "Kees", "Peter", "Marco", "Dennis", "Erik", "Ronald", "Patrick",
          "Richard", "Sander", "Martijn", "Jeroen", "Mark", "Michel", "Rob", "Frank", "Hans",
          "Arjan", "Wim", "Bert", "Jeroen"),
    "v": ("Maria", "Johanna", "Cornelia", "Wilhelmina", "Anna", "Elisabeth", "Hendrika",
          "Petronella", "Ingrid", "Monique", "Sandra", "Marieke", "Linda", "Wendy", "Esther",
          "Ilse", "Anja", "Petra", "Marja", "Annemarie", "Karin", "Yvonne", "Saskia", "Mirjam",
          "Natasja", "Tineke", "Gerda", "Jolanda", "Anita", "Bianca"),
}  # fmt: skip


@dataclass(frozen=True)
class Herkomst:
    """Names of one origin; Polish-style surnames take a feminine form for women."""

    mannen: tuple[str, ...]
    vrouwen: tuple[str, ...]
    achternamen: tuple[str, ...]
    vrouwelijke_vorm: bool = False


# People whose names use letters outside Latin-1 (Ł, ş, ğ, ő, ı, ż, ș, ț …).
HERKOMSTEN_BUITEN_LATIN1: tuple[Herkomst, ...] = (
    Herkomst(
        ("Łukasz", "Paweł", "Michał", "Wojciech", "Grzegorz", "Bartłomiej", "Jarosław",
         "Mirosław", "Stanisław", "Piotr", "Tomasz", "Krzysztof"),
        ("Małgorzata", "Agnieszka", "Katarzyna", "Dorota", "Żaneta", "Jolanta", "Elżbieta",
         "Bożena", "Magdalena", "Anna"),
        ("Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Dąbrowski",
         "Zieliński", "Szymański", "Woźniak", "Kozłowski", "Jabłoński", "Król", "Nowak",
         "Żak", "Łukaszewicz", "Gałązka"),
        vrouwelijke_vorm=True,
    ),
    Herkomst(
        ("Mehmet", "Mustafa", "Ahmet", "Hüseyin", "İsmail", "Oğuz", "Barış", "Serkan", "Emre",
         "Burak", "Yiğit", "Çağrı"),
        ("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Gülşen", "Tuğba", "Büşra", "Şeyma",
         "Özlem", "Elif", "Merve"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
         "Özdemir", "Arslan", "Doğan", "Kılıç", "Çetin", "Koç", "Şimşek", "Erdoğan"),
    ),
    Herkomst(
        ("Gergő", "Ferenc", "László", "Zoltán", "Bálint", "Levente", "Ödön"),
        ("Erzsébet", "Zsófia", "Katalin", "Réka", "Enikő", "Csilla", "Ildikó"),
        ("Erdős", "Szőke", "Kovács", "Nagy", "Tóth", "Szabó", "Horváth", "Győri", "Szűcs",
         "Tőkés", "Bíró"),
    ),
    Herkomst(
        ("Ștefan", "Răzvan", "Andrei", "Mihai", "Ionuț", "Cătălin", "Gheorghe"),
        ("Mădălina", "Ioana", "Andreea", "Elena", "Alexandra", "Roxana", "Bianca"),
        ("Popescu", "Ionescu", "Munteanu", "Ștefănescu", "Țurcanu", "Dumitrescu", "Lupașcu",
         "Moldovan"),
    ),
)  # fmt: skip
HERKOMST_STATUSHOUDERS = Herkomst(
    ("Mohammed", "Ahmad", "Yonas", "Abdi", "Omar", "Yusuf", "Samir", "Tesfay", "Hamza", "Khalid"),
    ("Fatima", "Amal", "Huda", "Aisha", "Nour", "Rahel", "Saba", "Hiwet", "Leila", "Mariam"),
    ("Al-Hassan", "Haddad", "Tesfamariam", "Abdullahi", "Mohamud", "Alizadeh", "Haile",
     "Ghebremedhin", "Al-Khatib", "Nasser", "Osman"),
)  # fmt: skip


def _outside_latin1(text: str) -> bool:
    return any(ord(c) > 0xFF for c in text)


def split_achternaam(naam: str) -> tuple[str | None, str] | None:
    """('van der', 'Veen') from 'van der Veen'; None for names that are not a plain Dutch
    surname (Faker nl_NL also lists medieval ones such as 'Gepa van Bourgondië')."""
    words = naam.split(" ")
    for i, word in enumerate(words):
        if word[:1].isupper():
            rest = " ".join(words[i:])
            prefix = " ".join(words[:i]) or None
            if " " in rest or (prefix is not None and prefix not in TUSSENVOEGSELS):
                return None
            return prefix, rest
    return None


# --- contact journal -------------------------------------------------------------------------

LOCATIES: dict[str, tuple[str, ...]] = {
    AVRES: ("De LingeLoods", "De Rozenobel", "Kwekerij De Landsinghof", "Sociaal Lokaal Leerdam",
            "Pand 83", "de Timmerwerkplaats", "het Werkplein Gorinchem"),
    WERKZAAK: ("het leerwerkbedrijf van Werkzaak", "de groenploeg van Werkzaak",
               "de productiehal van Werkzaak"),
    IJMOND: ("het Ontwikkelhuis", "de Passage", "IJmond Groen", "Young Heroes"),
}  # fmt: skip

# (kanaal, or None for "any"; text; vertrouwelijk). {naam}, {werkgever}, {locatie} are filled in.
KENNISMAKING: tuple[tuple[Kanaal | None, str, bool], ...] = (
    (Kanaal.FYSIEK, "Kennismakingsgesprek gevoerd. {naam} vertelt over eerdere werkervaring en "
     "wil graag weer aan het werk.", False),
    (Kanaal.FYSIEK, "Intakegesprek: opleiding, werkervaring, gezondheid en thuissituatie "
     "besproken. Afgesproken een ontwikkelplan op te stellen.", False),
    (Kanaal.HUISBEZOEK, "Kennismaking bij {naam} thuis. Dagstructuur en wensen besproken; "
     "{naam} wil graag buiten werken.", False),
)  # fmt: skip
VERVOLGCONTACT: tuple[tuple[Kanaal | None, str, bool], ...] = (
    (None, "Voortgangsgesprek: {naam} werkt nu drie dagdelen bij {locatie}; gaat goed, het "
     "tempo neemt toe.", False),
    (Kanaal.TELEFOON, "Telefonisch contact over ziekmelding; {naam} verwacht volgende week weer "
     "te starten.", False),
    (Kanaal.HUISBEZOEK, "Huisbezoek afgelegd. Zorgen over betalingsachterstanden; met "
     "toestemming aangemeld bij schulddienstverlening.", False),
    (Kanaal.OP_LOCATIE, "Werkplekbezoek bij {werkgever}: leidinggevende is tevreden over inzet "
     "en houding.", False),
    (Kanaal.OP_LOCATIE, "Evaluatie proefplaatsing bij {werkgever}; afgesproken de plaatsing met "
     "twee maanden te verlengen.", False),
    (Kanaal.FYSIEK, "Samen een sollicitatiebrief geschreven voor een vacature als orderpicker "
     "bij {werkgever}.", False),
    (None, "Gesprek over taal; {naam} start bij het taalcafé in de bibliotheek.", False),
    (Kanaal.TELEFOON, "Afspraak niet nagekomen; {naam} telefonisch niet bereikt. Brief gestuurd "
     "met een nieuwe afspraak.", False),
    (Kanaal.OP_LOCATIE, "Loonwaardemeting voorbereid met {werkgever}; taken en uren in kaart "
     "gebracht.", False),
    (Kanaal.TELEFOON, "Overleg met de klantmanager van de gemeente over de voortgang van het "
     "traject.", False),
    (Kanaal.DIGITAAL, "Beeldbelgesprek over de planning van de komende weken.", False),
    (Kanaal.FYSIEK, "{naam} heeft een contract voor zes maanden gekregen bij {werkgever}. "
     "Nazorg afgesproken.", False),
    (None, "Gesprek over dagstructuur; {naam} gaat twee ochtenden per week naar {locatie}.",
     False),
    (Kanaal.DIGITAAL, "Mail ontvangen met vragen over de vrijlatingsregeling; uitleg gegeven.",
     False),
    (Kanaal.FYSIEK, "Startgesprek werkfit-traject. Doelen: op tijd komen, samenwerken en "
     "instructies opvolgen.", False),
    (Kanaal.OP_LOCATIE, "Terugkoppeling van {locatie}: {naam} is gemotiveerd maar heeft nog "
     "moeite met het tempo.", False),
    (Kanaal.FYSIEK, "Samen met {naam} een cv gemaakt en op werk.nl gezet.", False),
    (Kanaal.TELEFOON, "Met toestemming van {naam} overlegd met de GGZ-behandelaar over de "
     "belastbaarheid.", True),
    (Kanaal.OP_LOCATIE, "Driegesprek met {naam} en de leidinggevende bij {werkgever} over de "
     "werktijden.", False),
    (Kanaal.FYSIEK, "Budgetgesprek: vaste lasten en inkomsten in kaart gebracht.", False),
    (Kanaal.FYSIEK, "Ontheffing van de arbeidsverplichting besproken; medisch advies "
     "aangevraagd.", True),
    (None, "{naam} heeft het VCA-certificaat gehaald.", False),
    (Kanaal.TELEFOON, "Gesprek over vervoer naar het werk; fietsen lukt niet, OV-abonnement "
     "aangevraagd.", False),
    (Kanaal.DIGITAAL, "{naam} heeft de afspraak per mail verzet wegens een doktersbezoek.",
     False),
)  # fmt: skip
VERVOLGACTIES = (
    "Nieuwe afspraak inplannen.", "Werkplekbezoek bij {werkgever} plannen.",
    "Ontwikkelplan bijwerken.", "Klantmanager gemeente terugbellen.",
    "Cv nalopen en versturen.", "Navragen hoe de sollicitatie is afgelopen.",
    "Evaluatiegesprek proefplaatsing voeren.", "Aanmelding schulddienstverlening controleren.",
    "Aanmelden voor de taalcursus.",
)  # fmt: skip
KANAAL_VRIJ = (Kanaal.FYSIEK, Kanaal.TELEFOON, Kanaal.DIGITAAL, Kanaal.OP_LOCATIE)
KANAAL_VRIJ_GEWICHT = (40, 30, 15, 15)
# Contacts per inwoner with a regievoerder (mean ≈ 3.2; overall mean ≈ 3 with those without).
AANTAL_CONTACTEN = tuple(range(9))
AANTAL_CONTACTEN_GEWICHT = (6, 14, 20, 20, 16, 10, 7, 4, 3)
GEMIDDELD_CONTACTEN = sum(
    n * w for n, w in zip(AANTAL_CONTACTEN, AANTAL_CONTACTEN_GEWICHT, strict=True)
) / sum(AANTAL_CONTACTEN_GEWICHT)

# Cumulative weights, computed once: random.choices() would redo it on every call.
_CUM_WOONPLAATS = {
    naam: tuple(itertools.accumulate(w.gewicht for w in profiel.woonplaatsen))
    for naam, profiel in GEMEENTE_PROFIELEN.items()
}
_STRATEN_PER_GEMEENTE = {
    naam: STRATEN + profiel.straten for naam, profiel in GEMEENTE_PROFIELEN.items()
}
_CUM_KANAAL_VRIJ = tuple(itertools.accumulate(KANAAL_VRIJ_GEWICHT))
_CUM_AANTAL_CONTACTEN = tuple(itertools.accumulate(AANTAL_CONTACTEN_GEWICHT))

VASTE_WERKGEVERS = (  # brief §8.1: Avres' employer partners
    ("Attema B.V.", "Gorinchem"),
    ("Libbey Leerdam", "Vijfheerenlanden"),
    ("Schreuders Sport", "Gorinchem"),
)
# Reserved example domains (RFC 2606): demo mail can never reach a real person.
MAILDOMEINEN = ("example.com", "example.net", "example.org")


# --- generation ------------------------------------------------------------------------------


# The version (4) and variant (RFC 4122) bits of a random UUID, as UUID(version=4) sets them.
_UUID4_WIS = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_ZET = (0x8000 << 48) | (4 << 76)
_set_slot = object.__setattr__  # UUID is immutable: its __setattr__ refuses


def _uuid4(bits: int) -> uuid.UUID:
    """uuid.UUID(int=bits, version=4), without UUID.__init__'s checks."""
    value = object.__new__(uuid.UUID)
    _set_slot(value, "int", (bits & _UUID4_WIS) | _UUID4_ZET)
    _set_slot(value, "is_safe", uuid.SafeUUID.unknown)
    return value


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


@dataclass
class _Coachteam:
    """A municipality's team; inwoners are dealt to its coaches in turn, so caseloads differ
    by at most one — except the main demo coach (`voorrang`), who is dealt a full caseload
    first, so whoever signs in as that coach sees a realistic werkvoorraad."""

    team_id: uuid.UUID
    teamleider_id: uuid.UUID
    coaches: list[uuid.UUID]
    jobcoaches: list[uuid.UUID] = field(default_factory=list)
    participatiecoaches: list[uuid.UUID] = field(default_factory=list)
    voorrang: uuid.UUID | None = None

    def __post_init__(self) -> None:
        anderen = [c for c in self.coaches if c != self.voorrang] or self.coaches
        self._beurt = itertools.cycle(anderen)
        self._voorrang_over = MAX_CASELOAD if self.voorrang is not None else 0

    def volgende_coach(self) -> uuid.UUID:
        if self._voorrang_over:
            self._voorrang_over -= 1
            return self.voorrang
        return next(self._beurt)


class _Builder:
    """Holds the seeded RNG, the name pools and what was made so far."""

    def __init__(self, seed: int, today: date) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.bsns: set[str] = set()
        self.gebruikersnamen: set[str] = set()
        faker = Faker("nl_NL")
        faker.seed_instance(seed)
        self.voornamen = {
            "m": [faker.first_name_male() for _ in range(600)],
            "v": [faker.first_name_female() for _ in range(600)],
        }
        achternamen = []
        for _ in range(3_000):
            if (split := split_achternaam(faker.last_name())) is not None:
                achternamen.append(split)
        for naam in VEEL_VOORKOMEND:
            split = split_achternaam(naam)
            assert split is not None, naam
            achternamen.extend([split] * 12)
        self.achternamen: list[tuple[str | None, str]] = achternamen
        self.bedrijfsnamen = [faker.company() for _ in range(200)]

    # Basic draws.

    def uuid(self) -> uuid.UUID:
        """The same value as uuid.UUID(int=..., version=4), made without UUID.__init__'s
        checks, which cost more than everything else about an id (a big demo makes some
        millions)."""
        return _uuid4(self.rng.getrandbits(128))

    def date_between(self, first: date, last: date) -> date:
        return date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def bsn(self) -> str:
        """A new valid BSN: eight random digits plus the check digit of the 11-proef."""
        while True:
            digits = f"{self.rng.randrange(1_000_000, 100_000_000):08d}"
            check = sum(w * int(d) for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
            bsn = digits + str(check)
            if check < 10 and bsn not in self.bsns:
                self.bsns.add(bsn)
                return bsn

    def kvk(self, taken: set[str]) -> str:
        while True:
            kvk = str(self.rng.randrange(10_000_000, 100_000_000))
            if kvk not in taken:
                taken.add(kvk)
                return kvk

    def postcode(self, woonplaats: Woonplaats) -> str:
        cijfers = self.rng.randint(*woonplaats.postcodes)
        while True:
            letters = "".join(self.rng.choices(POSTCODE_LETTERS, k=2))
            if letters not in POSTCODE_VERBODEN:
                return f"{cijfers} {letters}"

    def huisnummer(self) -> str:
        # Most streets are short: low numbers are far more common than high ones.
        nummer = str(min(1 + int(self.rng.expovariate(1 / 35)), 450))
        roll = self.rng.random()
        if roll < 0.05:
            return nummer + self.rng.choice("abc")
        if roll < 0.08:
            return f"{nummer}-{self.rng.randint(1, 3)}"
        return nummer

    def telefoon(self, netnummer: str) -> str:
        if self.rng.random() < 0.75:
            nummer = f"06{self.rng.randint(10_000_000, 59_999_999)}"
            return nummer if self.rng.random() < 0.6 else f"{nummer[:2]}-{nummer[2:]}"
        lokaal = 10 - len(netnummer)
        return f"{netnummer} {self.rng.randrange(2 * 10 ** (lokaal - 1), 10**lokaal)}"

    def email(self, voornaam: str, tussenvoegsel: str | None, achternaam: str) -> str:
        voor, achter = _ascii_slug(voornaam), _ascii_slug((tussenvoegsel or "") + achternaam)
        local = self.rng.choice((f"{voor}.{achter}", f"{voor[:1]}{achter}", f"{voor}{achter}"))
        if self.rng.random() < 0.4:
            local += str(self.rng.randint(1, 99))
        return f"{local}@{self.rng.choice(MAILDOMEINEN)}"

    # Names.

    def dutch_name(self, geslacht: str, geboortejaar: int) -> tuple[str, str | None, str]:
        if geboortejaar < 1985 and self.rng.random() < 0.7:
            pool: Sequence[str] = OUDERE_VOORNAMEN[geslacht]
        else:
            pool = self.voornamen[geslacht]
        voornamen = self.rng.choice(pool)
        if self.rng.random() < 0.12:
            tweede = self.rng.choice(pool)
            voornamen = voornamen if tweede == voornamen else f"{voornamen} {tweede}"
        tussenvoegsel, achternaam = self.rng.choice(self.achternamen)
        if tussenvoegsel is None and self.rng.random() < 0.03:
            # Married name with a hyphen, as Faker's own formats do.
            achternaam = f"{achternaam}-{self.rng.choice(self.achternamen)[1]}"
        return voornamen, tussenvoegsel, achternaam

    def foreign_name(self, herkomst: Herkomst, geslacht: str) -> tuple[str, None, str]:
        voornaam = self.rng.choice(herkomst.mannen if geslacht == "m" else herkomst.vrouwen)
        achternaam = self.rng.choice(herkomst.achternamen)
        if herkomst is not HERKOMST_STATUSHOUDERS:
            if self.rng.random() < 0.1:
                achternaam = f"{achternaam}-{self.rng.choice(herkomst.achternamen)}"
            if not _outside_latin1(voornaam + achternaam):
                achternaam = self.rng.choice(
                    [n for n in herkomst.achternamen if _outside_latin1(n)]
                )
        if herkomst.vrouwelijke_vorm and geslacht == "v":
            achternaam = re.sub(r"ski\b", "ska", achternaam)
        return voornaam, None, achternaam

    def medewerker_naam(self) -> tuple[str, str]:
        geslacht = self.rng.choice("mv")
        geboortejaar = self.rng.randint(1965, 2000)
        if self.rng.random() < 0.06:
            voornaam, tussenvoegsel, achternaam = self.foreign_name(
                self.rng.choice(HERKOMSTEN_BUITEN_LATIN1), geslacht
            )
        else:
            voornaam, tussenvoegsel, achternaam = self.dutch_name(geslacht, geboortejaar)
            voornaam = voornaam.split(" ")[0]
        naam = " ".join(p for p in (voornaam, tussenvoegsel, achternaam) if p)
        basis = (_ascii_slug(voornaam)[:1] + _ascii_slug((tussenvoegsel or "") + achternaam))[:60]
        gebruikersnaam = basis
        for n in itertools.count(2):
            if gebruikersnaam not in self.gebruikersnamen:
                break
            gebruikersnaam = f"{basis}{n}"
        self.gebruikersnamen.add(gebruikersnaam)
        return naam, gebruikersnaam


def _distribute(rng: random.Random, gemeenten: list[Gemeente], total: int) -> list[int]:
    """The index of each inwoner's woongemeente, weighted by population."""
    weights = [GEMEENTE_PROFIELEN[g.naam].inwonertal for g in gemeenten]
    return rng.choices(range(len(gemeenten)), weights=weights, k=total)


def generate_demo(
    sessions: sessionmaker[Session],
    *,
    inwoners: int,
    seed: int,
    progress: Progress | None = None,
    today: date | None = None,
    contacten: float | None = None,
) -> DemoResult:
    """Fill an EMPTY database with `inwoners` fictitious inwoners and everything around them.

    `contacten` is the mean number of contactmomenten per inwoner with a regievoerder (about
    3 when not given; the benchmark asks for 10, a busy organisation's journal).

    Raises DomainError when the database already holds inwoners: demo data must never mix with
    real dossiers.
    """
    if inwoners < 1:
        raise DomainError("Geef een aantal inwoners van minstens 1.")
    if contacten is not None and not 0 <= contacten <= 100:
        raise DomainError("Geef een gemiddeld aantal contactmomenten tussen 0 en 100.")
    started = time.perf_counter()
    with sessions.begin() as session:
        if session.scalar(select(Inwoner.id).limit(1)) is not None:
            raise DomainError(
                "De database bevat al inwoners. Demogegevens worden alleen in een lege database "
                "geladen; kies een nieuwe database met --database."
            )
        ensure_reference_data(session)
        with grote_sqlite_cache(session), zonder_gc():
            demo = _Demo(session, _Builder(seed, today or date.today()), contacten)
            counts = demo.run(inwoners, progress)
        markeer_als_demo(session, demo.today)
        analyze(session.connection())  # a bulk load: plan queries on the new data
    return DemoResult(
        seed=seed, seconden=time.perf_counter() - started, accounts=demo.accounts, **counts
    )


# The tables of demo_trajecten.TABELLEN after "trajecten", in the same order.
_TRAJECT_TABELLEN = (FaseOvergang, Intake, Diagnose, ParticipatieladderScore,
                     Loonwaardemeting, LoonwaardeTaak, Plaatsing, Handhavingszaak)  # fmt: skip
# The tables of demo_schuldhulp.TABELLEN, in the same order (parents first).
_SCHULDHULP_TABELLEN = (Schuldhulptraject, SchuldhulpOvergang, AdministratieVinkje, Schuld,
                        Doorverwijzing, Budgetbeheer)  # fmt: skip


class _Demo:
    """One demo run inside one transaction."""

    def __init__(self, session: Session, builder: _Builder, contacten: float | None) -> None:
        self.session = session
        # None keeps the random stream of a seed as it was before the benchmark asked for more.
        self.contact_factor = None if contacten is None else contacten / GEMIDDELD_CONTACTEN
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.counts = dict.fromkeys(
            ("inwoners", "medewerkers", "teams", "werkgevers", "labels", "contactmomenten",
             "ontwikkelplannen", "trajecten", "schuldhulptrajecten"), 0
        )  # fmt: skip
        self.plannen = PlanBuilder(self.rng, builder.uuid, builder.today)
        self.trajecten = TrajectBuilder(self.rng, builder.uuid, builder.today, self.plannen)
        self.accountmanagers: dict[str, list[uuid.UUID]] = {}
        self.werkgevers: dict[str, list[tuple[uuid.UUID, str]]] = {}
        # One hash for every demo account: argon2 per account would take minutes.
        self.wachtwoord_hash = hash_wachtwoord(DEMO_WACHTWOORD)
        self.accounts: dict[str, str] = {}
        # Per organisation with a team schulddienstverlening: its teamleider and consulenten.
        self.sdv: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        # Debt help draws from its own generator (from the same seed), so adding it changed
        # none of the other demo data of a seed.
        self.schuldhulp_rng = random.Random(f"schuldhulp:{builder.seed}")
        self.termijnregels = termijnregels(session)

    def insert(self, table, rows: list[dict[str, Any]], counter: str | None = None) -> None:
        """Bulk insert (app/services/bulk.py), counted for the summary."""
        voeg_toe(self.session, table, rows)
        if counter:
            self.counts[counter] += len(rows)

    def run(self, total: int, progress: Progress | None) -> dict[str, int]:
        gemeenten = [
            g
            for g in self.session.scalars(
                select(Gemeente)
                .where(Gemeente.opvolger_id.is_(None), Gemeente.organisatie_id.is_not(None))
                .options(selectinload(Gemeente.organisatie))
                .order_by(Gemeente.naam)
            )
            if g.naam in GEMEENTE_PROFIELEN
        ]
        if not gemeenten:
            raise DomainError("Er zijn geen gemeenten om demo-inwoners in te laten wonen.")
        self.b.gebruikersnamen.update(self.session.scalars(select(Medewerker.gebruikersnaam)))

        woongemeente = _distribute(self.rng, gemeenten, total)
        met_regie = [self.rng.random() >= SHARE_WITHOUT_REGIEVOERDER for _ in range(total)]
        per_gemeente = [0] * len(gemeenten)
        for index, regie in zip(woongemeente, met_regie, strict=True):
            per_gemeente[index] += regie
        teams = self.make_teams(gemeenten, per_gemeente)
        werkgevers = self.make_werkgevers(gemeenten, total)
        uitgeest = next((g for g in gemeenten if g.naam == "Uitgeest"), None)
        alle_werkgevers = [w for lijst in self.werkgevers.values() for w in lijst]
        ploegen = {}
        for gemeente in gemeenten:
            org, team = gemeente.organisatie.naam, teams[gemeente.naam]
            ploegen[gemeente.naam] = Ploeg(
                org=org, teamleider_id=team.teamleider_id, jobcoaches=team.jobcoaches,
                participatiecoaches=team.participatiecoaches,
                accountmanagers=self.accountmanagers[org],
                werkgevers=self.werkgevers.get(org) or alle_werkgevers,
            )  # fmt: skip
        schuldhulp = self.make_schuldhulp(gemeenten, woongemeente)

        for start in range(0, total, CHUNK):
            stop = min(start + CHUNK, total)
            inwoner_rows: list[dict[str, Any]] = []
            label_rows: list[dict[str, Any]] = []
            contact_rows: list[dict[str, Any]] = []
            woord_rows: list[dict[str, Any]] = []
            # The inwoners' plans and trajectories, table by table (demo_plannen and
            # demo_trajecten decide together, so a plan fits the trajectory's route).
            rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for i in range(start, stop):
                gemeente = gemeenten[woongemeente[i]]
                team = teams[gemeente.naam]
                row, extra = self.inwoner(gemeente, team if met_regie[i] else None, uitgeest)
                inwoner_rows.append(row)
                woord_rows.extend(zoekwoord_rijen(row["id"], row))
                labels = self.labels(row, extra)
                label_rows.extend(labels)
                locaties = LOCATIES.get(gemeente.organisatie.naam, LOCATIES[AVRES])
                contacten = self.contacten(
                    row, team, werkgevers[gemeente.organisatie.naam], locaties
                )
                self.trajecten.rows(row, ploegen[gemeente.naam], labels, contacten, rows)
                schuldhulp.rows(row, rows)
                contact_rows.extend(contacten)
            self.insert(Inwoner, inwoner_rows, "inwoners")
            self.insert(InwonerZoekwoord, woord_rows)
            self.insert(InwonerLabel, label_rows, "labels")
            self.insert(Contactmoment, contact_rows, "contactmomenten")
            # Parents before children: a plan refers to its traject, a sanction investigation
            # to an agreement of the plan.
            self.insert(Traject, rows["trajecten"], "trajecten")
            self.insert(Ontwikkelplan, rows["plannen"], "ontwikkelplannen")
            self.insert(Ontwikkeldoel, rows["doelen"])
            self.insert(Ontwikkelafspraak, rows["afspraken"])
            self.insert(Begeleidingsregime, rows["regimes"])
            self.insert(Evaluatie, rows["evaluaties"])
            self.insert(WerkniveauMeting, rows["werkniveaus"])
            for table, model in zip(TABELLEN[1:], _TRAJECT_TABELLEN, strict=True):
                self.insert(model, rows[table])
            for table, model in zip(SCHULDHULP_TABELLEN, _SCHULDHULP_TABELLEN, strict=True):
                self.insert(model, rows[table], "schuldhulptrajecten" if model is
                            Schuldhulptraject else None)  # fmt: skip
            if progress is not None:
                progress(stop, total)
        return self.counts

    # Organisation.

    def medewerker(self, team_id: uuid.UUID | None, rollen: Sequence[Rol], org: str) -> dict:
        """A medewerker row; `_rollen` and `_org` are taken out again before the insert."""
        naam, gebruikersnaam = self.b.medewerker_naam()
        return {
            "id": self.b.uuid(),
            "versie": 1,
            "naam": naam,
            "gebruikersnaam": gebruikersnaam,
            "email": f"{gebruikersnaam}@{_ascii_slug(org)}.example",
            "team_id": team_id,
            "actief": True,
            "wachtwoord_hash": self.wachtwoord_hash,
            "_rollen": rollen,
            "_org": org,
        }

    def make_teams(self, gemeenten: list[Gemeente], per_gemeente: list[int]) -> dict:
        """A team per current municipality (caseload ≤ MAX_CASELOAD per coach) plus debt-help
        and employer-service teams per organisation."""
        team_rows, medewerker_rows = [], []
        coachteams: dict[str, _Coachteam] = {}
        organisaties = {g.organisatie.naam: g.organisatie for g in gemeenten}

        def team(naam: str, soort: TeamType, org: str, gemeente_id=None) -> uuid.UUID:
            team_id = self.b.uuid()
            team_rows.append(
                {
                    "id": team_id,
                    "versie": 1,
                    "organisatie_id": organisaties[org].id,
                    "naam": naam,
                    "type": soort,
                    "gemeente_id": gemeente_id,
                }
            )
            return team_id

        for gemeente, aantal in zip(gemeenten, per_gemeente, strict=True):
            org = gemeente.organisatie.naam
            soort = TeamType.LOKAAL_INTEGRAAL if org == AVRES else TeamType.GEMEENTETEAM
            team_id = team(f"Team {gemeente.naam}", soort, org, gemeente.id)
            leider = self.medewerker(team_id, (Rol.TEAMLEIDER,), org)
            coaches = []
            for n in range(max(1, math.ceil(aantal / MAX_CASELOAD))):
                rol = Rol.JOBCOACH if self.rng.random() < 0.6 else Rol.PARTICIPATIECOACH
                # Every team has a jobcoach (the werkcoach of a trajectory must be one) and,
                # from two coaches on, a participatiecoach.
                rol = {0: Rol.JOBCOACH, 1: Rol.PARTICIPATIECOACH}.get(n, rol)
                coaches.append(self.medewerker(team_id, (rol,), org))
            medewerker_rows += [leider, *coaches]
            voorrang = None
            if not self.accounts:  # examples to sign in with, printed by `koers demo`
                self.accounts = {"teamleider": leider["gebruikersnaam"],
                                 "coach": coaches[0]["gebruikersnaam"]}  # fmt: skip
                if len(coaches) > 1:
                    self.accounts["participatiecoach"] = coaches[1]["gebruikersnaam"]
                voorrang = coaches[0]["id"]
            ids = [c["id"] for c in coaches]
            self.rng.shuffle(ids)
            coachteams[gemeente.naam] = _Coachteam(
                team_id, leider["id"], ids,
                jobcoaches=[c["id"] for c in coaches if c["_rollen"] == (Rol.JOBCOACH,)],
                participatiecoaches=[c["id"] for c in coaches
                                     if c["_rollen"] == (Rol.PARTICIPATIECOACH,)],
                voorrang=voorrang,
            )  # fmt: skip

        first_org = gemeenten[0].organisatie.naam
        extra_consulenten = min(10, sum(per_gemeente) // 5_000)
        for org in organisaties:
            if org == AVRES:  # Avres runs debt services itself (brief §1.1)
                team_id = team("Schulddienstverlening", TeamType.SDV, org)
                leider = self.medewerker(team_id, (Rol.TEAMLEIDER,), org)
                medewerker_rows.append(leider)
                consulenten = []
                for _ in range(3 + extra_consulenten):
                    rollen = (Rol.CONSULENT_SDV,)
                    consulenten.append(self.medewerker(team_id, rollen, org))
                medewerker_rows += consulenten
                self.sdv[org] = (leider, consulenten)
            wsp = {IJMOND: "WSP Zuid-Kennemerland en IJmond"}.get(org, f"Werkgeversdienst {org}")
            team_id = team(wsp, TeamType.WSP, org)
            medewerker_rows.append(self.medewerker(team_id, (Rol.TEAMLEIDER,), org))
            for _ in range(2):
                rollen = (Rol.ACCOUNTMANAGER,)
                medewerker_rows.append(self.medewerker(team_id, rollen, org))

        if "beheerder" not in self.b.gebruikersnamen:
            beheerder = self.medewerker(None, (Rol.FUNCTIONEEL_BEHEERDER,), AVRES)
            beheerder.update(naam="Functioneel Beheer (demo)", gebruikersnaam="beheerder",
                             email="beheerder@avres.example")  # fmt: skip
            medewerker_rows.append(beheerder)
            self.accounts["beheerder"] = "beheerder"
        rol_rows = []
        namen, rollen = {}, {}
        for row in medewerker_rows:
            org = row.pop("_org")
            namen[row["id"]] = row["naam"]
            for rol in row.pop("_rollen"):
                rol_rows.append({"id": self.b.uuid(), "medewerker_id": row["id"], "rol": rol})
                rollen.setdefault(row["id"], rol)
                if rol is Rol.ACCOUNTMANAGER:
                    self.accountmanagers.setdefault(org, []).append(row["id"])
                    if org == first_org and "accountmanager" not in self.accounts:
                        self.accounts["accountmanager"] = row["gebruikersnaam"]
        for leider, consulenten in itertools.islice(self.sdv.values(), 1):
            # The first consulent is the main demo consulent (Schuldhulpdienst.verdeel).
            self.accounts["consulent SDV"] = consulenten[0]["gebruikersnaam"]
            self.accounts["teamleider SDV"] = leider["gebruikersnaam"]
        if "beheerder" in self.accounts:  # listed last
            self.accounts["beheerder"] = self.accounts.pop("beheerder")
        hoofdcoach = next(iter(coachteams.values())).voorrang if coachteams else None
        self.trajecten.medewerkers(namen, rollen, hoofdcoach)
        self.insert(Team, team_rows, "teams")
        self.insert(Medewerker, medewerker_rows, "medewerkers")
        self.insert(MedewerkerRol, rol_rows)
        return coachteams

    def make_schuldhulp(
        self, gemeenten: list[Gemeente], woongemeente: list[int]
    ) -> SchuldhulpBuilder:
        """The builder of the schuldhulptrajecten: about SHARE_SCHULDHULP of all inwoners get
        one, all of them in the municipalities of an organisation with a team
        schulddienstverlening (only Avres: brief §6), run by its consulenten."""
        aantal = Counter(woongemeente)
        per_org: dict[str, list[tuple[uuid.UUID, str, int]]] = defaultdict(list)
        for index, gemeente in enumerate(gemeenten):
            if gemeente.organisatie.naam in self.sdv:
                per_org[gemeente.organisatie.naam].append((gemeente.id, gemeente.naam,
                                                            aantal[index]))  # fmt: skip
        bediend = max(1, sum(n for lijst in per_org.values() for *_, n in lijst))
        doel = SHARE_SCHULDHULP * sum(aantal.values())
        dienst = Schuldhulpdienst({}, {}, {})
        for org, lijst in per_org.items():
            consulenten = [c["id"] for c in self.sdv[org][1]]
            deel = Schuldhulpdienst.verdeel(lijst, consulenten,
                                            doel * sum(n for *_, n in lijst) / bediend)  # fmt: skip
            dienst.consulenten.update(deel.consulenten)
            dienst.kans.update(deel.kans)
            dienst.gemeentenamen.update(deel.gemeentenamen)
            if dienst.hoofdconsulent is None:
                dienst.hoofdconsulent = deel.hoofdconsulent
                dienst.hoofdgemeente = deel.hoofdgemeente
        rng = self.schuldhulp_rng
        return SchuldhulpBuilder(rng, lambda: _uuid4(rng.getrandbits(128)), self.today,
                                 self.termijnregels, dienst)  # fmt: skip

    def make_werkgevers(self, gemeenten: list[Gemeente], total: int) -> dict[str, list[str]]:
        """Employers per organisation (names, for the journal); a valid 8-digit KvK each."""
        by_name = {g.naam: g for g in gemeenten}
        taken = set(self.session.scalars(select(Werkgever.kvk).where(Werkgever.kvk.is_not(None))))
        bedrijven = [(naam, by_name.get(plaats)) for naam, plaats in VASTE_WERKGEVERS]
        gebruikt = {naam for naam, _ in VASTE_WERKGEVERS}
        # More employers for bigger demos, but no more than a region plausibly works with.
        aantal = min(60, 10 + total // 2_000)
        for naam in self.b.bedrijfsnamen:
            if len(bedrijven) >= aantal:
                break
            if naam not in gebruikt:
                gebruikt.add(naam)
                bedrijven.append((naam, self.rng.choice(gemeenten)))
        rows = []
        per_org: dict[str, list[str]] = {g.organisatie.naam: [] for g in gemeenten}
        for naam, gemeente in bedrijven:
            if gemeente is None:
                continue
            org = gemeente.organisatie.naam
            overeenkomst = self.rng.random() < 0.4
            sinds = _years_before(self.today, 5)
            werkgever_id = self.b.uuid()
            self.werkgevers.setdefault(org, []).append((werkgever_id, naam))
            rows.append(
                {
                    "id": werkgever_id,
                    "versie": 1,
                    "naam": naam,
                    "kvk": self.b.kvk(taken),
                    "gemeente_id": gemeente.id,
                    "accountmanager_id": self.rng.choice(self.accountmanagers[org]),
                    "samenwerkingsovereenkomst": overeenkomst,
                    "samenwerkingsovereenkomst_datum": (
                        self.b.date_between(sinds, self.today) if overeenkomst else None
                    ),
                    "sroi_opdrachtnemer": self.rng.random() < 0.2,
                }
            )
            per_org[org].append(naam)
        for org, namen in per_org.items():
            if not namen:  # every journal needs an employer to mention
                per_org[org] = [naam for naam, _ in VASTE_WERKGEVERS]
        self.insert(Werkgever, rows, "werkgevers")
        return per_org

    # Inwoners.

    def inwoner(
        self, gemeente: Gemeente, team: _Coachteam | None, uitgeest: Gemeente | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        b, rng, today = self.b, self.rng, self.today
        profiel = GEMEENTE_PROFIELEN[gemeente.naam]
        geboortedatum = b.date_between(
            _years_before(today, 68) + timedelta(days=1), _years_before(today, 16)
        )
        geslacht = rng.choice("mv")
        roll = rng.random()
        statushouder = False
        if roll < SHARE_NON_LATIN1:
            naam = b.foreign_name(rng.choice(HERKOMSTEN_BUITEN_LATIN1), geslacht)
        elif roll < SHARE_NON_LATIN1 + SHARE_STATUSHOUDER_NAMES:
            naam = b.foreign_name(HERKOMST_STATUSHOUDERS, geslacht)
            statushouder = True
        else:
            naam = b.dutch_name(geslacht, geboortedatum.year)
        voornamen, tussenvoegsel, achternaam = naam
        cum_weights = _CUM_WOONPLAATS[gemeente.naam]
        woonplaats = rng.choices(profiel.woonplaatsen, cum_weights=cum_weights)[0]
        heeft_adres = rng.random() < 0.97
        betaalgemeente_id = gemeente.id
        sw_uitgeest = False
        # Uitgeest stays betaalgemeente of its SW staff who moved (brief §1.1, §2.3).
        if (
            uitgeest is not None
            and gemeente.naam in ("Heemskerk", "Beverwijk")
            and geboortedatum.year < 1990
            and rng.random() < 0.02
        ):
            betaalgemeente_id, sw_uitgeest = uitgeest.id, True
        row = {
            "id": b.uuid(),
            "versie": 1,
            "bsn": b.bsn(),
            "voornamen": voornamen,
            "tussenvoegsel": tussenvoegsel,
            "achternaam": achternaam,
            "geboortedatum": geboortedatum,
            "straat": rng.choice(_STRATEN_PER_GEMEENTE[gemeente.naam]) if heeft_adres else None,
            "huisnummer": b.huisnummer() if heeft_adres else None,
            "postcode": b.postcode(woonplaats) if heeft_adres else None,
            "woonplaats": woonplaats.naam if heeft_adres else None,
            "woongemeente_id": gemeente.id,
            "betaalgemeente_id": betaalgemeente_id,
            "telefoon": b.telefoon(woonplaats.netnummer) if rng.random() < 0.8 else None,
            "email": b.email(voornamen.split(" ")[0], tussenvoegsel, achternaam)
            if rng.random() < 0.45
            else None,
            "regievoerder_id": team.volgende_coach() if team is not None else None,
        }
        row.update(search_keys(row))
        return row, {"statushouder": statushouder, "sw_uitgeest": sw_uitgeest}

    def label(
        self,
        inwoner_id,
        label: Label,
        van: date,
        tot: date | None,
        bron: LabelBron,
        ref: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": self.b.uuid(),
            "versie": 1,
            "inwoner_id": inwoner_id,
            "label": label,
            "geldig_van": van,
            "geldig_tot": tot,
            "bron": bron,
            "beschikking_ref": ref,
        }

    def labels(self, inwoner: dict[str, Any], extra: dict[str, Any]) -> list[dict[str, Any]]:
        """Time-bound client-group labels (brief §2) for about half of the inwoners."""
        rng, today, b = self.rng, self.today, self.b
        geboren: date = inwoner["geboortedatum"]
        vijftien = _years_before(geboren, -15)
        leeftijd = (today - geboren).days // 365
        id_ = inwoner["id"]
        rows = []

        def since(max_years: int) -> date:
            return b.date_between(max(vijftien, _years_before(today, max_years)), today)

        def ended_or_open(van: date, share_ended: float) -> date | None:
            if rng.random() < share_ended and van < today:
                return b.date_between(van + timedelta(days=1), today)
            return None

        if extra["statushouder"] and rng.random() < 0.8:
            van = since(6)
            rows.append(self.label(id_, Label.STATUSHOUDER, van, None, LabelBron.GEMEENTE))
            if rng.random() < 0.7:
                tot = van + timedelta(days=3 * 365)
                rows.append(self.label(id_, Label.INBURGERAAR, van, tot, LabelBron.GEMEENTE))
        sw_start_latest = date(2014, 12, 31)  # no new Wsw entry since 1 Jan 2015
        achttien = _years_before(geboren, -18)
        if extra["sw_uitgeest"] or (achttien <= sw_start_latest and rng.random() < 0.04):
            van = b.date_between(max(achttien, date(1995, 1, 1)), sw_start_latest)
            rows.append(self.label(id_, Label.SW_WSW, van, None, LabelBron.UWV))
        if leeftijd < 27 and rng.random() < 0.5:
            rows.append(
                self.label(
                    id_,
                    Label.JONGERE_15_27,
                    vijftien,
                    _years_before(geboren, -27) - timedelta(days=1),
                    LabelBron.EIGEN_ORGANISATIE,
                )
            )
            if leeftijd < 21 and rng.random() < 0.3:
                van = since(4)
                rows.append(self.label(id_, Label.PRO_VSO, van, None, LabelBron.SCHOOL))
            elif rng.random() < 0.15:
                rows.append(self.label(id_, Label.VSV_JONGERE, since(3), None, LabelBron.RMC))
        if rng.random() < 0.45:
            for label in rng.sample(
                _LABEL_KEUZE, k=1 if rng.random() < 0.75 else 2, counts=_LABEL_GEWICHT
            ):
                if any(r["label"] == label for r in rows):
                    continue
                bron, ref_prefix, share_ended = _LABEL_BRON[label]
                van = (
                    since(8)
                    if label not in _NA_2015
                    else b.date_between(max(vijftien, date(2015, 1, 1)), today)
                )
                if van < vijftien:  # too young for a label that started after 2015
                    continue
                ref = f"{ref_prefix}/{van.year}/{rng.randint(1000, 99999)}" if ref_prefix else None
                rows.append(self.label(id_, label, van, ended_or_open(van, share_ended), bron, ref))
        return rows

    def contacten(
        self,
        inwoner: dict[str, Any],
        team: _Coachteam,
        werkgevers: list[str],
        locaties: Sequence[str],
    ) -> list[dict[str, Any]]:
        """The journal: about three contacts (or the asked mean) in the past two years, by the
        regievoerder (or the team leader for an inwoner nobody is assigned to yet)."""
        rng, b = self.rng, self.b
        auteur = inwoner["regievoerder_id"]
        if auteur is None:
            aantal = 1 if rng.random() < 0.5 else 0
            auteur = team.teamleider_id
        else:
            aantal = rng.choices(AANTAL_CONTACTEN, cum_weights=_CUM_AANTAL_CONTACTEN)[0]
            if self.contact_factor is not None:  # rounded at random, so the mean holds
                aantal = int(aantal * self.contact_factor + rng.random())
        if aantal == 0:
            return []
        first = max(_years_before(self.today, 2), _years_before(inwoner["geboortedatum"], -15))
        datums = sorted(b.date_between(first, self.today) for _ in range(aantal))
        voornaam = inwoner["voornamen"].split(" ")[0]
        rows = []
        for n, datum in enumerate(datums):
            kanaal, tekst, vertrouwelijk = rng.choice(KENNISMAKING if n == 0 else VERVOLGCONTACT)
            if kanaal is None:
                kanaal = rng.choices(KANAAL_VRIJ, cum_weights=_CUM_KANAAL_VRIJ)[0]
            werkgever = rng.choice(werkgevers)
            vul = {"naam": voornaam, "werkgever": werkgever, "locatie": rng.choice(locaties)}
            vervolgactie = vervolgdatum = None
            if rng.random() < 0.35:
                vervolgactie = rng.choice(VERVOLGACTIES).format(**vul)
                vervolgdatum = datum + timedelta(days=rng.randint(7, 42))
            rows.append(
                {
                    "id": b.uuid(),
                    "versie": 1,
                    "inwoner_id": inwoner["id"],
                    "auteur_id": auteur,
                    "datum": datum,
                    "kanaal": kanaal,
                    "samenvatting": tekst.format(**vul),
                    "vervolgactie": vervolgactie,
                    "vervolgdatum": vervolgdatum,
                    "vertrouwelijk": vertrouwelijk,
                }
            )
        return rows


# label: (source, prefix of the decision reference or None, share already ended)
_LABEL_BRON: dict[Label, tuple[LabelBron, str | None, float]] = {
    Label.BIJSTAND_PW: (LabelBron.GEMEENTE, "PW", 0.25),
    Label.DOELGROEPREGISTER_BANENAFSPRAAK: (LabelBron.UWV, "UWV/DGR", 0.05),
    Label.BSW_NIEUW_BESCHUT: (LabelBron.UWV, "UWV/BW", 0.05),
    Label.SDV_KLANT: (LabelBron.EIGEN_ORGANISATIE, None, 0.4),
    Label.WW: (LabelBron.UWV, "UWV/WW", 0.6),
    Label.WIA: (LabelBron.UWV, "UWV/WIA", 0.1),
    Label.WAJONG: (LabelBron.UWV, "UWV/WAJ", 0.05),
    Label.GGZ: (LabelBron.EIGEN_ORGANISATIE, None, 0.3),
    Label.ALLEENSTAANDE_OUDER: (LabelBron.GEMEENTE, None, 0.1),
    Label.LAAGGELETTERD: (LabelBron.EIGEN_ORGANISATIE, None, 0.1),
    Label.MINIMA: (LabelBron.GEMEENTE, None, 0.3),
    Label.ONTHEFFING: (LabelBron.GEMEENTE, "PW/ONT", 0.5),
}
_LABEL_KEUZE = tuple(_LABEL_BRON)
_LABEL_GEWICHT = (40, 8, 4, 8, 5, 3, 3, 4, 4, 4, 4, 3)
_NA_2015 = frozenset({Label.DOELGROEPREGISTER_BANENAFSPRAAK, Label.BSW_NIEUW_BESCHUT})
