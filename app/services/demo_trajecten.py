"""Demo trajecten for `koers demo`: re-integration trajectories in every phase and stage, each
with the phase history the workflow services (trajecten.py, handhaving.py) would have written,
plus intakes, diagnoses, participatieladder scores, placements, sanction investigations and the
plan evaluations that drive them — as plain rows for bulk inserts (see demo.py).

How one trajectory is made:
1. A scenario picks the phase it is in now and, for the norms, how long it has been there: most
   are within the norms, a deliberate share is not (werkfit for more than 4 or 6 months, in
   development for more than 18 or 24 months, sometimes extended by the team lead, a stage-3
   contact overdue, a phase without a next step for more than 14 days, aftercare that ends
   this week), all relative to the demo's "today".
2. A route of steps reaches that phase by the state model (brief §3.13): START, T1 … T16.
3. The dates are laid out backwards from today, then the steps are written forwards together
   with what happened within each phase (coach assignments, evaluations, a team lead's
   extension, a sanction investigation). So each step's `van_fase` is the previous step's
   `naar_fase`, steps that stay in the phase (coach, evaluation, extension, handhaving) have
   `van_fase == naar_fase`, and dates and moments only go up.
The plan that a development trajectory needs (a vastgesteld IOP before T4) is asked from the
PlanBuilder with a start date that fits the route, and its evaluations are recorded here.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.models import (
    Aanleiding,
    Aanmeldbron,
    IntakeType,
    Intensiteit,
    Kanaal,
    Label,
    Meetinstrument,
    Meetmethode,
    Ontwikkelstadium,
    OvergangSoort,
    Partij,
    Plaatsingsvorm,
    PlanStatus,
    Rol,
    TrajectFase,
    Uitstroomreden,
)
from app.services.demo_plannen import PlanBuilder, plus_maanden
from app.services.lks import loonwaarde_uit_taken
from app.services.normen import contact_interval
from app.services.referentiedata import GELIJKGESTELDE_DAGEN
from app.services.text import format_date
from app.services.werkdagen import Kalender

F = TrajectFase
S1 = Ontwikkelstadium.KLEINE_AFSTAND
S2 = Ontwikkelstadium.ONTWIKKELPOTENTIEEL
S3 = Ontwikkelstadium.NIET_TOE_AAN_WERK
FASE, STADIUM = OvergangSoort.FASE, OvergangSoort.STADIUM

SHARE_ACTIEF = 0.43  # of the inwoners with a regievoerder: about 40 % of all inwoners
SHARE_HISTORISCH = 0.09  # an earlier, closed trajectory
SHARE_DAGELIJKS_GEZIEN = 0.7  # daily-contact plans whose contact yesterday is in the journal
SHARE_VERVOLG = 0.12  # a recent contact with a planned follow-up
SHARE_HANDHAVING = 0.12
SHARE_EVALUATIE_TE_LAAT = 0.2
TABELLEN = ("trajecten", "overgangen", "intakes", "diagnoses", "ladder", "loonwaardemetingen",
            "loonwaardetaken", "plaatsingen", "handhaving")  # fmt: skip
SHARE_BSW_GEMETEN = 0.6  # beschut werk / begeleid werken placements with a loonwaardemeting
SHARE_HERMETING = 0.55  # each further re-measurement while a placement runs
SHARE_VASTGESTELD = {Aanleiding.LKS: 0.05, Aanleiding.BSW: 0.3, Aanleiding.BEGELEID_WERKEN: 0.2}
# The main demo coach's werkvoorraad: a new measurement due within 30 days, and one overdue.
HOOFDCOACH_METINGEN = ("binnenkort", "verlopen")


# --- the steps of the state model ------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared by identity: the steps below are constants
class Stap:
    code: str
    naar: TrajectFase
    soort: OvergangSoort = FASE
    stadium: Ontwikkelstadium | None = None  # the stage a T3/T8/T12/T13 sets


START = Stap("START", F.AANGEMELD)
T1 = Stap("T1", F.INTAKE)
T2 = Stap("T2", F.VERKENNING_DIAGNOSE)
T3_1 = Stap("T3", F.ZELFSTANDIG_ZOEKEN, STADIUM, S1)
T3_2 = Stap("T3", F.STADIUM_BEPAALD, STADIUM, S2)
T3_3 = Stap("T3", F.STADIUM_BEPAALD, STADIUM, S3)
T3_PARTICIPATIE = Stap("T3", F.PARTICIPATIE, STADIUM, S3)  # naar_participatie from stage 3
T4 = Stap("T4", F.ONTWIKKELING)
T6 = Stap("T6", F.MATCHING)
T7_MATCHING = Stap("T7", F.MATCHING)
T8 = Stap("T8", F.STADIUM_BEPAALD, STADIUM, S2)
T9 = Stap("T9", F.GEPLAATST)
T10 = Stap("T10", F.BEGELEIDING_OP_WERK)
T11_NAZORG = Stap("T11", F.NAZORG)
T12 = Stap("T12", F.PARTICIPATIE, STADIUM, S3)
T13 = Stap("T13", F.STADIUM_BEPAALD, STADIUM, S2)
T15 = Stap("T15", F.ONDERBROKEN)
T3_NAAR = {S1: T3_1, S2: T3_2, S3: T3_3}


def hervat(fase: TrajectFase) -> Stap:
    return Stap("T15", fase)


def sluit(van: TrajectFase) -> Stap:
    return Stap("T7" if van == F.ZELFSTANDIG_ZOEKEN else "T11", F.AFGESLOTEN)


# Days spent in a phase that is not the last one of the route.
DUUR: dict[TrajectFase, tuple[int, int]] = {
    F.AANGEMELD: (2, 14), F.INTAKE: (7, 30), F.VERKENNING_DIAGNOSE: (20, 75),
    F.STADIUM_BEPAALD: (7, 35), F.ZELFSTANDIG_ZOEKEN: (30, 150), F.ONTWIKKELING: (120, 480),
    F.PARTICIPATIE: (150, 600), F.MATCHING: (14, 90), F.GEPLAATST: (1, 14),
    F.BEGELEIDING_OP_WERK: (60, 200), F.NAZORG: (90, 180), F.ONDERBROKEN: (20, 120),
}  # fmt: skip

# The phase a trajectory is in now, by the role of the inwoner's regievoerder.
ACTIEF_BIJ_JOBCOACH = (
    (F.AANGEMELD, 5), (F.INTAKE, 7), (F.VERKENNING_DIAGNOSE, 5), (F.STADIUM_BEPAALD, 6),
    (F.ZELFSTANDIG_ZOEKEN, 11), (F.ONTWIKKELING, 25), (F.PARTICIPATIE, 5), (F.MATCHING, 10),
    (F.GEPLAATST, 5), (F.BEGELEIDING_OP_WERK, 8), (F.NAZORG, 6), (F.ONDERBROKEN, 4),
)  # fmt: skip
ACTIEF_BIJ_PARTICIPATIECOACH = (
    (F.AANGEMELD, 7), (F.INTAKE, 10), (F.VERKENNING_DIAGNOSE, 8), (F.STADIUM_BEPAALD, 9),
    (F.ZELFSTANDIG_ZOEKEN, 6), (F.ONTWIKKELING, 12), (F.PARTICIPATIE, 40), (F.ONDERBROKEN, 5),
)  # fmt: skip
# Closed trajectories: how they ended. The stage-2 routes need the inwoner's plan, so only an
# inwoner without a running trajectory gets those.
AFGESLOTEN_ROUTES = (
    ("zelf_werk", 25), ("zelf_geplaatst", 15), ("intake_uitval", 10), ("onderbroken", 12),
    ("participatie", 15), ("ontwikkeling_werk", 15), ("ontwikkeling_school", 5),
    ("zelf_anders", 3),
)  # fmt: skip

# The main demo coach's caseload starts with these, so their werkvoorraad shows every kind.
HOOFDCOACH_SCRIPT: tuple[tuple[TrajectFase, str], ...] = (
    (F.ZELFSTANDIG_ZOEKEN, "waarschuwing"), (F.ZELFSTANDIG_ZOEKEN, "escalatie"),
    (F.MATCHING, "waarschuwing"), (F.ONTWIKKELING, "waarschuwing"),
    (F.ONTWIKKELING, "escalatie"), (F.ONTWIKKELING, "verlengd"), (F.ONTWIKKELING, "werkfit"),
    (F.ONTWIKKELING, "achterstallig"), (F.ONTWIKKELING, "dagelijks"),
    (F.ONTWIKKELING, "handhaving"), (F.PARTICIPATIE, "achterstallig"), (F.AANGEMELD, "wacht"),
    (F.INTAKE, "wacht"), (F.STADIUM_BEPAALD, "wacht"), (F.NAZORG, "eindigt"),
    (F.GEPLAATST, ""), (F.BEGELEIDING_OP_WERK, "vervolg"), (F.VERKENNING_DIAGNOSE, ""),
    (F.ONDERBROKEN, ""), (F.MATCHING, ""),
)  # fmt: skip


# --- texts -----------------------------------------------------------------------------------

AANMELDBRONNEN = (
    (Aanmeldbron.GEMEENTE_POORT, 30), (Aanmeldbron.KLANTMANAGER, 22), (Aanmeldbron.UWV, 8),
    (Aanmeldbron.SOCIAAL_TEAM, 8), (Aanmeldbron.ZELFMELDER, 6), (Aanmeldbron.GGZ, 4),
    (Aanmeldbron.AFLOPENDE_WW, 5), (Aanmeldbron.BESTANDSKOPPELING, 3),
    (Aanmeldbron.WERKGEVER, 2), (Aanmeldbron.VLUCHTELINGENWERK, 2),
)  # fmt: skip
HOE_GAAT_HET = (
    "Gaat redelijk; slaapt slecht sinds de scheiding.",
    "Voelt zich goed en wil graag aan de slag.",
    "Wisselend: goede en slechte dagen door rugklachten.",
    "Onzeker na een lange periode zonder werk.",
    "Gaat beter sinds er rust is in de thuissituatie.",
    "Gespannen door geldzorgen, maar positief over werk.",
)
MOGELIJKHEDEN = (
    "Ervaring in de bouw en de logistiek; heeft rijbewijs B.",
    "Wil graag met mensen werken, bijvoorbeeld in de zorg of de horeca.",
    "Handig met gereedschap; heeft thuis een werkplaats.",
    "Mbo-2 detailhandel afgerond; kassawerk en vakkenvullen gedaan.",
    "Spreekt Arabisch en Engels en leert snel Nederlands.",
    "Houdt van buitenwerk en groen; wil graag in de hoveniersbranche.",
)
BELEMMERINGEN = (
    "Fysiek beperkt belastbaar (rug en knieën).",
    "Nederlandse taal nog op A1-niveau.",
    "Kinderopvang nog niet geregeld.",
    "Schulden; aangemeld bij schulddienstverlening.",
    "Psychische klachten, in behandeling bij de GGZ.",
    "Geen eigen vervoer; woont buiten de bebouwde kom.",
    "Weinig werkritme na jaren zonder werk.",
)
FACTOREN: dict[str, tuple[str, ...]] = {  # the note for a score of 1 … 5
    "willen": ("Wil (nog) niet; ziet geen reden om te veranderen.",
               "Ziet het nut van werk nog niet goed.", "Twijfelt of werk nu haalbaar is.",
               "Gemotiveerd, het liefst iets in de buurt.", "Zeer gemotiveerd om te werken."),
    "kunnen": ("Op dit moment niet belastbaar.", "Beperkt belastbaar; medisch advies nodig.",
               "Kan 16 tot 24 uur, niet zwaar tillen.",
               "Kan 32 uur werken met kleine aanpassingen.",
               "Geen beperkingen in de belastbaarheid."),
    "vaardigheden": ("Mist basisvaardigheden (taal, rekenen, dagritme).",
                     "Weinig werkervaring en moeite met instructies.",
                     "Werknemersvaardigheden moeten nog groeien.",
                     "Basisvaardigheden op orde; digitaal vaardig.",
                     "Heeft een vak en ruime werkervaring."),
    "omstandigheden": ("Crisis in de thuissituatie.", "Schulden en onzekere huisvesting.",
                       "Mantelzorg vraagt veel tijd.", "Kleine zorgen, goed te regelen.",
                       "Stabiele thuissituatie."),
}  # fmt: skip
SCORES = {S1: (3, 5), S2: (2, 4), S3: (1, 3)}
RE_INTEGRATIEADVIES = {
    S1: "Zelfstandig solliciteren met steun van het digitale platform; vinger aan de pols.",
    S2: "Ontwikkeltraject met een jobcoach en een IOP; eerst werknemersvaardigheden opbouwen.",
    S3: "Participatietraject: vrijwilligerswerk of dagbesteding in de eigen wijk.",
}
PLAN_VAN_AANPAK = {
    S1: "Cv bijwerken, inschrijven bij twee uitzendbureaus, maandelijks contact.",
    S2: "Start op een leerwerkplek, IOP opstellen met de jobcoach, evaluatie na drie maanden.",
    S3: "Kennismaken bij een participatieplaats; contact met het sociaal team.",
}
STADIUM_TOELICHTING = {
    S1: "Kan zelfstandig werk vinden; werkervaring en motivatie zijn er.",
    S2: "Wil en kan, maar mist nog werknemersvaardigheden: ontwikkelpotentieel.",
    S3: "Werk is nu niet haalbaar; eerst stabiliteit en meedoen in de wijk.",
}
T8_TEKST = "Zelfstandig zoeken levert na maanden niets op; een ontwikkelaanpak is nodig."
T12_TEKST = ("Belastbaarheid blijft te laag voor werk; participatie is het hoogst haalbare "
             "doel.")  # fmt: skip
T13_TEKST = "Schulden geregeld en gezondheid stabiel: de belemmeringen zijn weggenomen."
PARTICIPATIE_TEKST = ("Meedoen in de wijk is nu het hoogst haalbare doel; vrijwilligerswerk of "
                      "dagbesteding met een vast contactmoment.")  # fmt: skip
NOODZAAK = (  # no full stop: the T5 step adds its conclusions after a semicolon
    "Begeleiding blijft nodig, intensiteit gelijk",
    "Minder begeleiding nodig, werkt steeds zelfstandiger",
    "Meer begeleiding nodig na een terugval",
)
OVERDRACHT = (
    "Cv, wensen en belastbaarheid besproken; voorkeur voor werk in de logistiek.",
    "Driegesprek gevoerd: 24 uur per week, dicht bij huis, vaste begeleider nodig.",
    "Kennisgemaakt met de accountmanager; kan direct starten.",
    "Profiel en praktijkverklaringen overgedragen; zoekt werk in het groen of de schoonmaak.",
)
FUNCTIES = ("Orderpicker", "Productiemedewerker", "Medewerker groenvoorziening",
            "Schoonmaakmedewerker", "Magazijnmedewerker", "Medewerker bediening",
            "Vakkenvuller", "Inpakker")  # fmt: skip
TAKEN: dict[str, tuple[str, ...]] = {
    "Orderpicker": ("Orders verzamelen met de handscanner", "Rolcontainers laden",
                    "Emballage sorteren", "Voorraad aanvullen", "Werkplek opruimen"),
    "Productiemedewerker": ("Machine bijvullen", "Eindcontrole van producten", "Inpakken",
                            "Werkplek schoonhouden", "Afwijkingen melden"),
    "Medewerker groenvoorziening": ("Maaien", "Snoeien", "Onkruid wieden",
                                    "Zwerfvuil prikken", "Gereedschap onderhouden"),
    "Schoonmaakmedewerker": ("Stofzuigen en dweilen", "Sanitair reinigen", "Afval legen",
                             "Bureaus afnemen", "Voorraad schoonmaakmiddelen bijhouden"),
    "Magazijnmedewerker": ("Goederen ontvangen en controleren", "Orders verzamelen",
                           "Pallets wikkelen", "Voorraad tellen", "Magazijn opruimen"),
    "Medewerker bediening": ("Tafels dekken en afruimen", "Bestellingen opnemen",
                             "Afwassen", "Gasten ontvangen", "Terras opbouwen"),
    "Vakkenvuller": ("Vakken vullen", "Houdbaarheid controleren", "Spiegelen",
                     "Karton afvoeren", "Klanten de weg wijzen"),
    "Inpakker": ("Producten inpakken", "Dozen vouwen", "Etiketten plakken",
                 "Pallets stapelen", "Kwaliteit controleren"),
}  # fmt: skip
METERS = ("Ingrid Bakker", "Marco de Wit", "Sanne Kok", "Peter Jansen", "Fatima El Amrani",
          "Ruud Visser")  # fmt: skip
METHODEN = (
    (Meetmethode.DARIUZ, "Dariuz", 50),
    (Meetmethode.UNIFORME_METHODE, "UWV (uniforme methode)", 20),
    (Meetmethode.UNIFORME_METHODE, "Loonwaardepunt Noord-Holland", 22),
    (Meetmethode.ANDERS, "Arbeidsdeskundig bureau De Linde", 8),
)  # fmt: skip
REDEN_VASTGESTELD = (
    "Aangepaste werkplek met extra begeleiding; de methode meet in deze beschermde omgeving "
    "te hoog.",
    "Werkt alleen met vaste taken onder directe aansturing van de werkleider; vastgesteld "
    "in overleg met de gemeente.",
)
NAZORG_AFSPRAKEN = (
    "Eens per maand telefonisch contact met de werknemer en de leidinggevende.",
    "Na 1, 3 en 6 maanden een evaluatiegesprek op de werkplek.",
    "Jobcoach blijft aanspreekpunt voor de werkgever; maandelijks contact.",
)
ONDERBREKING = (
    "Langdurig ziek; traject tijdelijk stopgezet.",
    "Opgenomen in een kliniek; contact via de behandelaar.",
    "Zwangerschapsverlof; hervatten na de bevalling.",
    "Mantelzorg voor een ouder vraagt nu alle tijd.",
    "Niet meer verschenen en niet bereikbaar; uitval vastgelegd.",
)
HERVATTING = ("Weer hersteld; traject hervat.", "Thuissituatie stabiel; opnieuw gestart.")
VERLENGING = (
    "Praktijkverklaring bijna gehaald; nog een half jaar om de opleiding af te ronden.",
    "Duidelijke vooruitgang in uren en tempo; plaatsing bij een werkgever is in zicht.",
)
WERKCOACH_WISSEL = (
    "Vorige werkcoach is naar een ander team gegaan.",
    "Caseload verdeeld na langdurig verlof van de vorige werkcoach.",
)
DIAGNOSES: dict[Meetinstrument, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # instrument: (performers, result summaries)
    Meetinstrument.MELBA: (
        ("Melba-assessor De Passage", "Melba-assessor (extern)"),
        (
            "Sterk in nauwkeurigheid en doorzettingsvermogen; aandachtspunten werktempo en "
            "samenwerken. Geschikt voor productiewerk met vaste structuur.",
            "Goed in praktisch werk en instructies opvolgen; moeite met plannen. Werk met een "
            "vaste dagindeling en een vaste begeleider.",
        ),
    ),
    Meetinstrument.ABC: (
        ("ABC-meting (extern)",),
        (
            "Competenties op niveau 2 van 4; de meeste ontwikkelruimte in zelfstandigheid en "
            "communicatie.",
            "Competenties op niveau 3 van 4; klaar voor een werkervaringsplek bij een werkgever.",
        ),
    ),
    Meetinstrument.ADA: (
        ("Arbeidsdeskundige Werkfit Advies", "AD&A-team De Passage"),
        (
            "Belastbaar voor 20 uur per week, niet zwaar tillen. Leerbaarheid voldoende; advies: "
            "ontwikkeltraject met praktijkleren.",
            "Nu niet belastbaar voor arbeid door psychische klachten; advies: eerst behandeling en "
            "participatie, over een jaar opnieuw beoordelen.",
        ),
    ),
    Meetinstrument.PSYCHOLOGISCH_ONDERZOEK: (
        ("Psychologenpraktijk De Linde",),
        (
            "Gemiddelde leerbaarheid; snel overprikkeld in drukke omgevingen. Advies: rustige "
            "werkplek en vaste begeleider.",
            "Beneden gemiddelde leerbaarheid; leert het best door voordoen en herhalen.",
        ),
    ),
    Meetinstrument.TALENTSCAN: (
        ("Werkcoach",),
        (
            "Praktisch ingesteld; houdt van buitenwerk en werken met de handen. Drijfveer: erbij "
            "horen.",
            "Sociaal en behulpzaam; talent voor klantcontact. Drijfveer: iets betekenen voor "
            "anderen.",
        ),
    ),
    Meetinstrument.PERSOONLIJKE_VERKENNING: (
        ("Werkcoach",),
        (
            "Talenten in klantcontact; bedreiging is de onzekere thuissituatie. Kansen in de "
            "horeca en de detailhandel.",
            "Sterk in techniek; zwakte is de Nederlandse taal. Kansen in de metaal met een "
            "taalcursus naast het werk.",
        ),
    ),
}
DIAGNOSE_VERKENNING = (Meetinstrument.MELBA, Meetinstrument.ABC,
                       Meetinstrument.PSYCHOLOGISCH_ONDERZOEK,
                       Meetinstrument.PERSOONLIJKE_VERKENNING)  # fmt: skip
DIAGNOSE_START_ONTWIKKELING = (Meetinstrument.TALENTSCAN, Meetinstrument.PERSOONLIJKE_VERKENNING,
                               Meetinstrument.MELBA, Meetinstrument.ABC)  # fmt: skip
LADDER_TOELICHTING = {
    1: "Komt weinig buiten de deur.", 2: "Heeft contact met buren en familie.",
    3: "Doet mee aan activiteiten in het buurthuis.", 4: "Doet vrijwilligerswerk.",
    5: "Betaald werk met begeleiding van de jobcoach.", 6: "Betaald werk zonder ondersteuning.",
}  # fmt: skip
VERORDENING = {
    "Avres": "Maatregelenverordening Participatiewet Avres 2023",
    "IJmond Werkt!": "IJmondiale Maatregelverordening 2024",
}
VERORDENING_ANDERS = "Verordening maatregelen Participatiewet Rivierenland 2022"
HANDHAVING_OMSCHRIJVING = (
    "Drie afspraken op rij niet verschenen zonder afmelding.",
    "Weigert de aangeboden werkervaringsplek zonder geldige reden.",
    "Meldt zich herhaaldelijk niet af bij ziekte en is niet bereikbaar.",
)
VERWIJTBAARHEID = (
    "Verwijtbaar: de afspraken waren bekend, haalbaar en schriftelijk bevestigd.",
    "Verminderd verwijtbaar: de inwoner had in die weken geen werkende telefoon.",
)
OMSTANDIGHEDEN = (
    "Alleenstaande ouder met twee jonge kinderen; schulden.",
    "Geen bijzondere omstandigheden die het verzuim verklaren.",
    "Mantelzorg voor een zieke ouder; overbelast.",
)
ADVIES = (
    "Maatregel van 20% gedurende één maand.",
    "Afzien van een maatregel; een schriftelijke waarschuwing volstaat.",
    "Maatregel van 10% gedurende één maand, met afspraken over bereikbaarheid.",
)
DAGELIJKS_CONTACT = (
    "Dagelijks contact op de werkplek; dag verliep rustig.",
    "Op de werkplek gesproken over de taken van vandaag; gaat goed.",
    "Kort contact bij de start van de dag; voelde zich niet lekker maar bleef.",
)
VERVOLG_CONTACT = (
    ("Gesprek over de voortgang; afgesproken om samen vacatures te bekijken.",
     "Vacatures doornemen en een sollicitatie versturen."),
    ("Werkplekbezoek: de werkgever wil de uren uitbreiden.",
     "Urenuitbreiding met werkgever en inwoner bespreken."),
    ("Telefonisch contact over het rooster; nog geen opvang voor de woensdag.",
     "Navragen of de kinderopvang geregeld is."),
    ("Gesprek over de evaluatie van het plan; doelen lijken haalbaar.",
     "Evaluatieverslag nabespreken."),
)  # fmt: skip
PARTICIPATIE_CONTACT = (
    "Telefonisch contact: gaat goed met het vrijwilligerswerk in het buurthuis.",
    "Huisbezoek: dagbesteding bevalt, wil graag een extra dagdeel.",
    "Telefonisch contact: nog steeds veel gezondheidsklachten; contact met het sociaal team.",
)
TOELICHTING_GEEN_NAZORG = "Werkgever begeleidt zelf; nazorg is niet nodig."

_CUM: dict[int, tuple[int, ...]] = {}


def _dagen_tussen_contacten(today: date, per_jaar: int | None) -> int:
    """The longest gap in days between stage-3 contacts (the norm is at least 2 a year)."""
    return (today - (today - contact_interval(max(per_jaar or 2, 2)))).days


def _fase_op(route: _Route, datum: date) -> TrajectFase:
    """The phase the route is in on `datum` (the last step on or before it)."""
    fase = route.stappen[0].naar
    for stap, dag in zip(route.stappen, route.datums, strict=True):
        if dag > datum:
            break
        fase = stap.naar
    return fase


def _kies(rng: random.Random, opties: Sequence[tuple[Any, int]]) -> Any:
    """A weighted choice; the cumulative weights are computed once per table."""
    cum = _CUM.get(id(opties))
    if cum is None:
        cum = _CUM[id(opties)] = tuple(itertools.accumulate(w for _, w in opties))
    return opties[rng.choices(range(len(opties)), cum_weights=cum)[0]][0]


# --- the people around one municipality's inwoners -------------------------------------------


@dataclass
class Ploeg:
    """One municipality's team as the trajectories need it: its coaches by role and team
    lead, and the organisation's accountmanagers and employers."""

    org: str
    teamleider_id: uuid.UUID
    jobcoaches: list[uuid.UUID]
    participatiecoaches: list[uuid.UUID]
    accountmanagers: list[uuid.UUID]
    werkgevers: list[tuple[uuid.UUID, str]]


@dataclass
class _Context:
    inwoner: dict[str, Any]
    ploeg: Ploeg
    labels: list[dict[str, Any]]
    regie: uuid.UUID
    werkcoach: uuid.UUID
    jobcoach: uuid.UUID
    participatiecoach: uuid.UUID | None
    accountmanager: uuid.UUID
    vroegst: date  # no trajectory before the 16th birthday


@dataclass
class _Route:
    """A trajectory to write: its steps with their dates and the choices that go with them."""

    stappen: list[Stap]
    datums: list[date]
    variant: str = ""
    plan_start: date | None = None  # a vastgesteld IOP from this date (before T4 / guidance)
    concept_plan: date | None = None  # a concept IOP being prepared (stadium bepaald)
    werkfit: date | None = None  # the evaluation that found the inwoner werkfit
    belemmeringen_weg: date | None = None  # the evaluation before T13
    begeleid: bool = False  # stage 3 with a participatiecoach and plan (else contacts/year)
    contact_per_jaar: int | None = None
    nazorg_tot: date | None = None
    uitstroom: Uitstroomreden | None = None
    toelichting: str | None = None
    eind: date | None = None  # the closing date of a closed trajectory


@dataclass
class _Stand:
    """The trajectory row being written and its timeline so far."""

    row: dict[str, Any]
    stappen: list[dict[str, Any]] = field(default_factory=list)
    fase: TrajectFase | None = None
    moment: datetime | None = None


class TrajectBuilder:
    """Rows for one inwoner's trajectories (at most one running) and everything around them,
    including the inwoner's plan (asked from the PlanBuilder so that it fits the route)."""

    def __init__(
        self, rng: random.Random, new_id: Callable[[], uuid.UUID], today: date,
        plannen: PlanBuilder,
    ) -> None:  # fmt: skip
        self.rng, self.new_id, self.today, self.plannen = rng, new_id, today, plannen
        self._random = rng.random
        self.namen: dict[uuid.UUID, str] = {}
        self.rollen: dict[uuid.UUID, Rol] = {}
        self.hoofdcoach: uuid.UUID | None = None
        self.script = list(HOOFDCOACH_SCRIPT)
        self.hoofdcoach_metingen = list(HOOFDCOACH_METINGEN)
        atw = Kalender(frozenset(d for d, _ in GELIJKGESTELDE_DAGEN))
        self.vorige_werkdag = atw.vorige_werkdag(today)
        # The last day a step can be on. Nothing happens "today": a step's moment (07:00 to
        # 16:00 UTC on its day) must lie before the moment a user takes the next step, or
        # the timeline, ordered by moment, would put the user's step first.
        self.gisteren = today - timedelta(days=1)

    def medewerkers(self, namen: dict[uuid.UUID, str], rollen: dict[uuid.UUID, Rol],
                    hoofdcoach: uuid.UUID | None) -> None:  # fmt: skip
        self.namen, self.rollen, self.hoofdcoach = namen, rollen, hoofdcoach

    # Basic draws (random() with arithmetic: randint and choice cost three times as much,
    # and a big demo makes millions).

    def _int(self, laag: int, hoog: int) -> int:
        return laag + int(self._random() * (hoog - laag + 1))

    def _een(self, reeks: Sequence[Any]) -> Any:
        return reeks[int(self._random() * len(reeks))]

    def _dag(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=int(self._random() * ((last - first).days + 1)))

    def _dagen(self, bereik: tuple[int, int]) -> int:
        return bereik[0] + int(self._random() * (bereik[1] - bereik[0] + 1))

    # Per inwoner.

    def rows(
        self, inwoner: dict[str, Any], ploeg: Ploeg, labels: list[dict[str, Any]],
        contacten: list[dict[str, Any]], into: dict[str, list[dict[str, Any]]],
    ) -> None:  # fmt: skip
        """Append the inwoner's plan, trajectories and extra contacts to `into` (one list per
        table; `contacten` is the inwoner's journal so far, and may be changed)."""
        random_ = self._random
        regie = inwoner["regievoerder_id"]
        if regie is None:  # nobody works with this inwoner yet: no plan, no trajectory
            return
        plan_eisen: dict[str, Any] = {}
        routes: list[_Route] = []
        script = regie == self.hoofdcoach and self.script
        loopt = script or random_() < SHARE_ACTIEF
        liep = random_() < SHARE_HISTORISCH
        if loopt or liep:
            ctx = self._context(inwoner, ploeg, labels, regie)
            actief = None
            if script:
                actief = self._route(ctx, *self.script[0])
                if actief is not None:
                    self.script.pop(0)
            elif loopt:
                actief = self._willekeurige_route(ctx)
            if actief is not None:
                routes.append(actief)
            if liep:
                eerder = self._afgesloten_route(ctx, voor=actief.datums[0] if actief else None)
                if eerder is not None:
                    routes.insert(0, eerder)
            met_plan = [r for r in routes if r.plan_start or r.concept_plan]
            if met_plan:
                r = met_plan[-1]
                plan_eisen = {
                    "plan": True, "start": r.plan_start or r.concept_plan,
                    "vastgesteld": r.plan_start is not None, "evaluaties": False,
                    "nieuwe_versie": r.eind is None,
                    "intensiteit": Intensiteit.DAGELIJKS if r.variant == "dagelijks" else None,
                }  # fmt: skip
            elif actief is not None:
                plan_eisen = {"plan": False}
        plan = self.plannen.rows(inwoner, **plan_eisen)
        for table, rows in plan.items():
            if rows:
                into[table].extend(rows)
        for route in routes:
            self._schrijf(ctx, route, plan, into)
        self._dagelijks_contact(inwoner, plan, routes, contacten)
        if routes and routes[-1].eind is None:
            self._contacten(ctx, routes[-1], contacten)

    def _context(self, inwoner, ploeg: Ploeg, labels, regie: uuid.UUID) -> _Context:
        rng = self.rng
        jobcoach_regie = self.rollen.get(regie) == Rol.JOBCOACH
        werkcoach = regie if jobcoach_regie else self._een(ploeg.jobcoaches)
        jobcoach = werkcoach
        if jobcoach_regie and regie != self.hoofdcoach and len(ploeg.jobcoaches) > 1 and \
                rng.random() < 0.2:  # fmt: skip
            jobcoach = self._een(ploeg.jobcoaches)
        if not jobcoach_regie:
            participatiecoach = regie
        elif ploeg.participatiecoaches and rng.random() < 0.6:
            participatiecoach = self._een(ploeg.participatiecoaches)
        else:
            participatiecoach = None
        geboren: date = inwoner["geboortedatum"]
        try:
            vroegst = geboren.replace(year=geboren.year + 16)
        except ValueError:  # 29 February
            vroegst = geboren.replace(year=geboren.year + 16, day=28)
        return _Context(inwoner, ploeg, labels, regie, werkcoach, jobcoach, participatiecoach,
                        self._een(ploeg.accountmanagers), vroegst)  # fmt: skip

    # --- choosing a route ---------------------------------------------------------------------

    def _willekeurige_route(self, ctx: _Context) -> _Route | None:
        rng = self.rng
        jobcoach_regie = ctx.werkcoach == ctx.regie
        fase = _kies(rng, ACTIEF_BIJ_JOBCOACH if jobcoach_regie else ACTIEF_BIJ_PARTICIPATIECOACH)
        roll = rng.random()
        variant = ""
        if fase in (F.AANGEMELD, F.INTAKE, F.STADIUM_BEPAALD):
            variant = "wacht" if roll < 0.28 else ""
        elif fase in (F.ZELFSTANDIG_ZOEKEN, F.MATCHING):
            variant = "waarschuwing" if roll < 0.22 else "escalatie" if roll < 0.35 else ""
        elif fase == F.ONTWIKKELING:
            variant = next((v for grens, v in ((0.1, "waarschuwing"), (0.16, "escalatie"),
                                                (0.19, "verlengd"), (0.29, "werkfit"))
                            if roll < grens), "")  # fmt: skip
        elif fase == F.PARTICIPATIE:
            variant = "achterstallig" if roll < 0.25 else ""
        elif fase == F.NAZORG:
            variant = "eindigt" if roll < 0.25 else ""
        if variant == "" and fase in (F.ONTWIKKELING, F.PARTICIPATIE, F.MATCHING) and \
                rng.random() < SHARE_HANDHAVING:  # fmt: skip
            variant = "handhaving"
        route = self._route(ctx, fase, variant)
        if route is None:  # too young for this route: a recent registration instead
            route = self._route(ctx, F.AANGEMELD, "")
        return route

    def _route(self, ctx: _Context, fase: TrajectFase, variant: str) -> _Route | None:
        """The route to `fase` with its dates laid out backwards from today; None when it
        would start before the inwoner's 16th birthday."""
        rng, today = self.rng, self.today
        route = _Route([], [], variant)
        leeftijd = self._dagen((15, 45) if variant == "wacht" else (1, 13))
        if fase == F.AANGEMELD:
            route.stappen = [START]
        elif fase == F.INTAKE:
            route.stappen = [START, T1]
        elif fase == F.VERKENNING_DIAGNOSE:
            route.stappen = [START, T1, T2]
            leeftijd = self._dagen((3, 100))
        elif fase == F.STADIUM_BEPAALD:
            if ctx.werkcoach != ctx.regie or rng.random() < 0.3:
                route.stappen = self._prefix(S3)
            elif rng.random() < 0.15:
                route.stappen = [*self._prefix(S1), T8]
            else:
                route.stappen = self._prefix(S2)
            if route.stappen[-1].stadium == S2 and rng.random() < 0.5:
                route.concept_plan = today - timedelta(days=self._int(0, leeftijd))
        elif fase == F.ZELFSTANDIG_ZOEKEN:
            route.stappen = self._prefix(S1)
            leeftijd = self._werkfit_dagen(variant, (7, 115))
        elif fase == F.ONTWIKKELING:
            return self._route_ontwikkeling(ctx, variant)
        elif fase == F.PARTICIPATIE:
            return self._route_participatie(ctx, variant)
        elif fase == F.MATCHING:
            return self._route_matching(ctx, variant)
        elif fase in (F.GEPLAATST, F.BEGELEIDING_OP_WERK, F.NAZORG):
            return self._route_geplaatst(ctx, fase, variant)
        elif fase == F.ONDERBROKEN:
            van = self._een((F.INTAKE, F.ZELFSTANDIG_ZOEKEN, F.ONTWIKKELING, F.PARTICIPATIE,
                              F.MATCHING))  # fmt: skip
            basis = self._route(ctx, van, "") if van != F.INTAKE else _Route([START, T1], [])
            if basis is None:
                return None
            route = _Route([*basis.stappen, T15], [], begeleid=basis.begeleid,
                           contact_per_jaar=basis.contact_per_jaar)  # fmt: skip
            leeftijd = self._dagen((3, 150))
        return self._leg_uit(ctx, route, leeftijd)

    def _prefix(self, stadium: Ontwikkelstadium) -> list[Stap]:
        verkenning = [T2] if self.rng.random() < 0.25 else []
        return [START, T1, *verkenning, T3_NAAR[stadium]]

    def _werkfit_dagen(self, variant: str, normaal: tuple[int, int]) -> int:
        if variant == "waarschuwing":
            return self._dagen((125, 175))
        if variant == "escalatie":
            return self._dagen((190, 290))
        return self._dagen(normaal)

    def _route_ontwikkeling(self, ctx: _Context, variant: str) -> _Route | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            stappen = [*self._prefix(S1), T8, T4]
        elif roll < 0.13 and ctx.participatiecoach is not None:
            stappen = [*self._prefix(S3), T3_PARTICIPATIE, T13, T4]
        else:
            stappen = [*self._prefix(S2), T4]
        # The development clock (ontwikkeling_sinds) runs from the first T4. An overdue
        # evaluation needs a plan older than the longest interval (12 months).
        klok = {
            "waarschuwing": (555, 715),
            "escalatie": (740, 900),
            "verlengd": (740, 900),
            "werkfit": (150, 520),
            "achterstallig": (400, 530),
        }.get(variant, (20, 530))
        dagen = self._dagen(klok)
        werkfit_dagen = None
        if variant == "werkfit":
            werkfit_dagen = self._werkfit_dagen(
                self._een(("", "waarschuwing", "escalatie")), (10, 100)
            )
            dagen = max(dagen, werkfit_dagen + self._int(30, 200))
        route = _Route(stappen, [], variant, begeleid=T13 in stappen)
        duur: dict[int, int] = {}
        leeftijd = dagen
        if variant == "" and dagen > 200 and rng.random() < 0.1:  # an earlier interruption
            route.stappen += [T15, hervat(F.ONTWIKKELING)]
            pauze = self._int(20, 90)
            voor = self._int(30, dagen - pauze - 30)
            n = len(route.stappen)
            duur[n - 3], duur[n - 2] = voor, pauze
            leeftijd = dagen - voor - pauze
        if werkfit_dagen is not None:
            route.werkfit = self.today - timedelta(days=werkfit_dagen)
        return self._leg_uit(ctx, route, leeftijd, duur)

    def _route_participatie(self, ctx: _Context, variant: str) -> _Route | None:
        rng = self.rng
        via_ontwikkeling = ctx.werkcoach == ctx.regie and rng.random() < 0.2
        stappen = [*self._prefix(S2), T4, T12] if via_ontwikkeling else \
            [*self._prefix(S3), T3_PARTICIPATIE]  # fmt: skip
        route = _Route(stappen, [], variant)
        route.begeleid = ctx.participatiecoach is not None and rng.random() < 0.75
        if not route.begeleid:
            route.contact_per_jaar = self._een((2, 2, 2, 4, 6, 12))
        dagen = _dagen_tussen_contacten(self.today, route.contact_per_jaar)
        if variant == "achterstallig":
            leeftijd = self._dagen((dagen + 30, dagen + 500))
        else:
            leeftijd = self._dagen((14, 900))
        return self._leg_uit(ctx, route, leeftijd)

    def _route_matching(self, ctx: _Context, variant: str) -> _Route | None:
        """Matching since a while; the outflow clock (werkfit_sinds) started at the stage-1
        decision, or at the werkfit evaluation just before T6."""
        rng = self.rng
        totaal = self._werkfit_dagen(variant, (20, 115))  # days since werkfit
        if ctx.werkcoach != ctx.regie or rng.random() < 0.3:
            stappen = [*self._prefix(S1), T7_MATCHING]
            leeftijd = self._int(7, max(7, min(100, totaal - 14)))
            return self._leg_uit(ctx, _Route(stappen, [], variant), leeftijd,
                                 {len(stappen) - 2: max(14, totaal - leeftijd)})  # fmt: skip
        stappen = [*self._prefix(S2), T4, T6]
        gap = self._int(0, min(30, totaal - 7))
        route = _Route(stappen, [], variant)
        route.werkfit = self.today - timedelta(days=totaal)
        return self._leg_uit(ctx, route, totaal - gap)

    def _route_geplaatst(self, ctx: _Context, fase: TrajectFase, variant: str) -> _Route | None:
        today = self.today
        basis = self._route_matching(ctx, "")
        if basis is None:
            return None
        stappen = [*basis.stappen, T9, T10, T11_NAZORG][: len(basis.stappen) + {
            F.GEPLAATST: 1, F.BEGELEIDING_OP_WERK: 2, F.NAZORG: 3}[fase]]  # fmt: skip
        route = _Route(stappen, [], variant)
        if fase == F.NAZORG:
            # Aftercare until a date (this week for some), for three to six months.
            dagen = self._int(-3, 7) if variant == "eindigt" else self._int(8, 150)
            nazorg_tot = today + timedelta(days=dagen)
            lengte = self._int(max(90, dagen + 7), max(180, dagen + 30))
            route.nazorg_tot = nazorg_tot
            leeftijd = lengte - dagen
        elif fase == F.GEPLAATST:
            leeftijd = self._dagen((1, 14))
        else:
            leeftijd = self._dagen((7, 240))
        return self._leg_uit(ctx, route, leeftijd)

    def _afgesloten_route(self, ctx: _Context, voor: date | None) -> _Route | None:
        """An earlier trajectory that has ended, before the running one (if any) started."""
        rng, today = self.rng, self.today
        soort = _kies(rng, AFGESLOTEN_ROUTES)
        if voor is not None and soort.startswith("ontwikkeling"):
            soort = "zelf_werk"
        if soort.startswith("ontwikkeling"):
            eind = today - timedelta(days=self._int(20, 480))
        else:
            eind = today - timedelta(days=self._int(30, 1800))
            if voor is not None:
                eind = min(eind, voor - timedelta(days=self._int(30, 400)))
        route = _Route([], [])
        werk = (Uitstroomreden.WERK_REGULIER, Uitstroomreden.WERK_REGULIER,
                Uitstroomreden.DETACHERING)  # fmt: skip
        if soort == "zelf_werk":
            route.stappen = [*self._prefix(S1), sluit(F.ZELFSTANDIG_ZOEKEN)]
            route.uitstroom = self._een(werk)
        elif soort == "zelf_anders":
            route.stappen = [*self._prefix(S1), sluit(F.ZELFSTANDIG_ZOEKEN)]
            route.uitstroom = self._een((Uitstroomreden.SCHOOL_OPLEIDING,
                                          Uitstroomreden.ANDERE_UITKERING))  # fmt: skip
        elif soort == "zelf_geplaatst":
            route.stappen = [*self._prefix(S1), T7_MATCHING, T9, T10,
                             sluit(F.BEGELEIDING_OP_WERK)]  # fmt: skip
            route.uitstroom = self._een(werk)
        elif soort == "intake_uitval":
            route.stappen = [START, T1, sluit(F.INTAKE)]
            route.uitstroom = self._een((Uitstroomreden.VERHUIZING, Uitstroomreden.ANDERS))
            if route.uitstroom == Uitstroomreden.ANDERS:
                route.toelichting = "Niet verschenen op de intake; na drie pogingen afgesloten."
        elif soort == "onderbroken":
            route.stappen = [*self._prefix(S1), T15, sluit(F.ONDERBROKEN)]
            route.uitstroom = self._een((Uitstroomreden.ZORG, Uitstroomreden.ANDERE_UITKERING,
                                          Uitstroomreden.VERHUIZING))  # fmt: skip
        elif soort == "participatie":
            route.stappen = [*self._prefix(S3), T3_PARTICIPATIE, sluit(F.PARTICIPATIE)]
            route.contact_per_jaar = self._een((2, 4))
            route.uitstroom = self._een(
                (
                    Uitstroomreden.PENSIOEN,
                    Uitstroomreden.WIA,
                    Uitstroomreden.ZORG,
                    Uitstroomreden.VERHUIZING,
                )
            )
        elif soort == "ontwikkeling_werk":
            route.stappen = [*self._prefix(S2), T4, T6, T9, T10, T11_NAZORG, sluit(F.NAZORG)]
            route.uitstroom = self._een((Uitstroomreden.WERK_REGULIER, Uitstroomreden.WERK_LKS,
                                          Uitstroomreden.DETACHERING))  # fmt: skip
        else:  # ontwikkeling_school
            route.stappen = [*self._prefix(S2), T4, sluit(F.ONTWIKKELING)]
            route.uitstroom = Uitstroomreden.SCHOOL_OPLEIDING
        route.eind = eind
        route = self._leg_uit(ctx, route, 0)
        if route is not None and T11_NAZORG in route.stappen:
            i = route.stappen.index(T11_NAZORG)
            route.nazorg_tot = max(
                route.datums[i] + timedelta(days=30), eind - timedelta(days=self._int(0, 14))
            )
        return route

    def _leg_uit(self, ctx: _Context, route: _Route, leeftijd: int,
                 duur: dict[int, int] | None = None) -> _Route | None:  # fmt: skip
        """Dates backwards from today (or the end of a closed trajectory): the last step
        `leeftijd` days before, each earlier one the time of its phase (`duur` by index, else
        a default for the phase) before the next. Then the dates that depend on them: when
        the IOP was vastgesteld, the werkfit evaluation, the barriers-removed evaluation."""
        stappen, n = route.stappen, len(route.stappen)
        datums = [self.today] * n
        datums[-1] = (route.eind or self.today) - timedelta(days=leeftijd)
        for i in range(n - 2, -1, -1):
            dagen = (duur or {}).get(i)
            if dagen is None:
                dagen = self._dagen(DUUR[stappen[i].naar])
            datums[i] = datums[i + 1] - timedelta(days=dagen)
        if datums[0] < ctx.vroegst:
            return None
        route.datums = datums

        def in_fase_voor(index: int) -> date:  # a day in the phase before step `index`
            return self._dag(datums[index - 1], datums[index])

        if T13 in stappen or (T3_PARTICIPATIE in stappen and route.begeleid):
            route.plan_start = in_fase_voor(stappen.index(T3_PARTICIPATIE))
        elif T4 in stappen:
            route.plan_start = in_fase_voor(stappen.index(T4))
        if T13 in stappen:
            i = stappen.index(T13)
            route.belemmeringen_weg = self._dag(
                max(datums[i] - timedelta(days=30), datums[i - 1]), datums[i]
            )
        if T6 in stappen and (route.werkfit is None or route.werkfit <= datums[stappen.index(
                T6) - 1]):  # fmt: skip
            i = stappen.index(T6)
            route.werkfit = self._dag(max(datums[i - 1] + timedelta(days=1),
                                          datums[i] - timedelta(days=self._int(0, 30))),
                                      datums[i])  # fmt: skip
        return route

    # --- writing a route -------------------------------------------------------------------------

    def _moment(self, stand: _Stand, datum: date) -> datetime:
        moment = datetime(datum.year, datum.month, datum.day, 7, tzinfo=UTC) + timedelta(
            minutes=self._int(0, 540))  # fmt: skip
        if stand.moment is not None and moment <= stand.moment:
            moment = stand.moment + timedelta(minutes=self._int(1, 20))
        stand.moment = moment
        return moment

    def _stap(
        self, stand: _Stand, code: str, naar: TrajectFase, datum: date, door: uuid.UUID,
        soort: OvergangSoort = FASE, reden: str | None = None,
        voorwaarden: Sequence[str] = (),
    ) -> None:  # fmt: skip
        stand.stappen.append({
            "id": self.new_id(), "traject_id": stand.row["id"], "code": code, "soort": soort,
            "van_fase": stand.fase, "naar_fase": naar, "datum": datum,
            "moment": self._moment(stand, datum), "medewerker_id": door, "reden": reden,
            "voorwaarden": "\n".join(voorwaarden) or None,
        })  # fmt: skip
        if naar != stand.fase:
            stand.fase = naar
            stand.row["fase"], stand.row["fase_sinds"] = naar, datum

    def _coach(self, stand: _Stand, rol: str, medewerker: uuid.UUID, datum: date, door,
               toelichting: str = "") -> None:  # fmt: skip
        stand.row[f"{rol}_id"] = medewerker
        reden = f"{rol.capitalize()}: {self.namen[medewerker]}" + (
            f" — {toelichting}" if toelichting else "")  # fmt: skip
        self._stap(stand, "COACH", stand.fase, datum, door, OvergangSoort.COACH, reden)

    def _schrijf(self, ctx: _Context, route: _Route, plan: dict[str, list[dict[str, Any]]],
                 into: dict[str, list[dict[str, Any]]]) -> None:  # fmt: skip
        rng, today = self.rng, self.today
        traject_id = self.new_id()
        bron = self._aanmeldbron(ctx)
        werkcoach = ctx.werkcoach
        wissel = None  # an earlier werkcoach handed over during the trajectory
        andere = [j for j in ctx.ploeg.jobcoaches if j != werkcoach]
        if andere and len(route.stappen) > 4 and rng.random() < 0.05:
            wissel = werkcoach
            werkcoach = self._een(andere)
        row = {
            "id": traject_id, "versie": 1, "inwoner_id": ctx.inwoner["id"],
            "gemeente_id": ctx.inwoner["betaalgemeente_id"], "aanmeldbron": bron,
            "werkcoach_id": werkcoach, "jobcoach_id": None, "participatiecoach_id": None,
            "accountmanager_id": None, "ontwikkelstadium": None, "fase": F.AANGEMELD,
            "fase_sinds": route.datums[0], "fase_voor_onderbreking": None,
            "startdatum": route.datums[0], "einddatum": None, "uitstroomreden": None,
            "uitstroom_toelichting": None, "werkfit_sinds": None, "ontwikkeling_sinds": None,
            "verlengd_tot": None, "overdracht_op": None, "overdracht_notitie": None,
            "vacature": None, "contact_per_jaar": None, "nazorg_tot": None,
            "nazorg_afspraken": None,
        }  # fmt: skip
        stand = _Stand(row)
        plan_row = plan["plannen"][0] if plan["plannen"] and (
            route.plan_start is not None) else None  # fmt: skip
        evaluaties = self._evaluaties(ctx, route, plan_row, into) if plan_row else []
        eval_iter = iter(evaluaties)
        volgende_eval = next(eval_iter, None)
        eind = route.eind or self.gisteren
        stappen, datums = route.stappen, route.datums
        intake: dict[str, Any] | None = None
        ladder: list[tuple[date, int]] = []
        plaatsing: dict[str, Any] | None = None
        for i, stap in enumerate(stappen):
            van, datum = stand.fase, datums[i]
            tot = datums[i + 1] if i + 1 < len(stappen) else eind
            volgende = stappen[i + 1] if i + 1 < len(stappen) else None
            door = row["werkcoach_id"]
            # The step itself.
            if stap is START:
                self._stap(stand, "START", F.AANGEMELD, datum, door,
                           reden=f"Aangemeld via {bron.label.lower()}")  # fmt: skip
            elif stap is T1:
                self._stap(stand, "T1", F.INTAKE, datum, door, voorwaarden=(
                    "Woongemeente en betaalgemeente bekend", "Aanmeldbron vastgelegd",
                    "Werkcoach toegewezen"))  # fmt: skip
            elif stap is T2:
                waarom = [w for w, geldt in (
                    ("Twijfel over het stadium", intake["twijfel_over_stadium"]),
                    ("Nog geen re-integratieadvies mogelijk", not intake["advies_mogelijk"]))
                    if geldt]  # fmt: skip
                self._stap(
                    stand,
                    "T2",
                    F.VERKENNING_DIAGNOSE,
                    datum,
                    door,
                    reden="; ".join(waarom),
                    voorwaarden=("Intake vastgelegd", *waarom),
                )
            elif stap.code == "T3" and stap.naar != F.PARTICIPATIE:
                row["ontwikkelstadium"] = stap.stadium
                if stap.stadium == S1:
                    row["werkfit_sinds"] = datum
                self._stap(stand, "T3", stap.naar, datum, door, STADIUM,
                           f"{stap.stadium.label}: {STADIUM_TOELICHTING[stap.stadium]}",
                           ("Intakeverslag compleet", "Willen, kunnen, vaardigheden en "
                            "omstandigheden beoordeeld"))  # fmt: skip
                ladder.append((datum, self._int(*{S1: (3, 4), S2: (2, 3), S3: (1, 2)}[
                    stap.stadium])))  # fmt: skip
            elif stap in (T8, T13):
                row["ontwikkelstadium"], row["werkfit_sinds"] = S2, None
                row["contact_per_jaar"] = None
                self._stap(stand, stap.code, F.STADIUM_BEPAALD, datum, door, STADIUM,
                           T8_TEKST if stap is T8 else T13_TEKST,
                           ["Monitoring: zelfstandig zoeken werkt niet"] if stap is T8
                           else ["Evaluatie: belemmeringen weggenomen"])  # fmt: skip
                if stap is T13 and ladder:
                    ladder.append((datum, min(4, ladder[-1][1] + 1)))
            elif stap is T4:
                row["ontwikkeling_sinds"] = row["ontwikkeling_sinds"] or datum
                plan_row["traject_id"] = traject_id
                self._stap(
                    stand,
                    "T4",
                    F.ONTWIKKELING,
                    datum,
                    row["jobcoach_id"],
                    voorwaarden=(
                        "Stadium 2",
                        "Jobcoach toegewezen",
                        f"IOP versie 1 vastgesteld op {format_date(plan_row['vastgesteld_op'])}",
                    ),
                )
            elif stap in (T12, T3_PARTICIPATIE):
                van2 = row["ontwikkelstadium"] == S2
                row["ontwikkelstadium"], row["werkfit_sinds"] = S3, None
                row["contact_per_jaar"] = route.contact_per_jaar
                regime = (f"{route.contact_per_jaar} contacten per jaar afgesproken"
                          if route.contact_per_jaar
                          else "Participatiecoach met vastgesteld ontwikkelplan")  # fmt: skip
                self._stap(stand, "T12" if van2 else "T3", F.PARTICIPATIE, datum,
                           row["participatiecoach_id"] or door, STADIUM,
                           T12_TEKST if van2 else PARTICIPATIE_TEKST,
                           ("Reden vastgelegd (willen, kunnen, vaardigheden, omstandigheden)",
                            regime))  # fmt: skip
            elif stap in (T6, T7_MATCHING):
                notitie = self._een(OVERDRACHT)
                werkgever = self._een(ctx.ploeg.werkgevers)[1]
                row["accountmanager_id"] = ctx.accountmanager
                row["overdracht_op"], row["overdracht_notitie"] = datum, notitie
                if stap is T7_MATCHING or rng.random() < 0.5:
                    row["vacature"] = f"{self._een(FUNCTIES)} bij {werkgever}"
                self._stap(stand, stap.code, F.MATCHING, datum, row["jobcoach_id"] or door,
                           reden=f"Warme overdracht aan {self.namen[ctx.accountmanager]}: "
                                 f"{notitie}",
                           voorwaarden=("Concrete baan in zicht" if stap is T7_MATCHING
                                        else "Werkfit volgens evaluatie",
                                        "Warme overdracht vastgelegd"))  # fmt: skip
            elif stap is T9:
                vorm = plaatsing["plaatsingsvorm"]
                into["plaatsingen"].append(plaatsing)
                voorwaarden = ["Werkgever/werkplek, plaatsingsvorm en startdatum vastgelegd"]
                if plaatsing["lks"]:
                    voorwaarden.append("Geldige loonwaardemeting")
                self._stap(stand, "T9", F.GEPLAATST, datum, ctx.accountmanager,
                           reden=f"{vorm.label} bij {plaatsing['werkplek']} per "
                                 f"{format_date(datum)}", voorwaarden=voorwaarden)  # fmt: skip
                if datum + timedelta(days=30) <= eind:
                    trede = 6 if vorm == Plaatsingsvorm.REGULIER else 5
                    ladder.append((datum + timedelta(days=self._int(14, 30)), trede))
            elif stap is T10:
                self._stap(stand, "T10", F.BEGELEIDING_OP_WERK, datum, row["jobcoach_id"],
                           reden=f"Begeleiding door {self.namen[row['jobcoach_id']]}",
                           voorwaarden=("Jobcoach begeleidt op het werk",))  # fmt: skip
            elif stap is T11_NAZORG:
                tekst = self._een(NAZORG_AFSPRAKEN)
                row["nazorg_tot"], row["nazorg_afspraken"] = route.nazorg_tot, tekst
                self._stap(stand, "T11", F.NAZORG, datum, row["jobcoach_id"],
                           reden=f"Nazorg tot {format_date(route.nazorg_tot)}: {tekst}",
                           voorwaarden=("Nazorg gedefinieerd",))  # fmt: skip
            elif stap is T15:
                row["fase_voor_onderbreking"] = van
                self._stap(stand, "T15", F.ONDERBROKEN, datum, door, reden=self._een(ONDERBREKING))
            elif stap.code == "T15":  # resumed
                row["fase_voor_onderbreking"] = None
                self._stap(stand, "T15", stap.naar, datum, door, reden=self._een(HERVATTING))
            elif stap.naar == F.AFGESLOTEN:
                reden = route.uitstroom
                toelichting = route.toelichting
                if reden in (Uitstroomreden.WERK_REGULIER, Uitstroomreden.WERK_LKS,
                             Uitstroomreden.DETACHERING) and van == F.BEGELEIDING_OP_WERK and \
                        row["ontwikkelstadium"] == S2:  # fmt: skip
                    toelichting = TOELICHTING_GEEN_NAZORG
                row["uitstroomreden"], row["uitstroom_toelichting"] = reden, toelichting
                row["einddatum"], row["fase_voor_onderbreking"] = datum, None
                self._stap(stand, stap.code, F.AFGESLOTEN, datum, door,
                           reden=reden.label + (f": {toelichting}" if toelichting else ""),
                           voorwaarden=("Uitstroomreden en datum vastgelegd",))  # fmt: skip
            # What happened within the phase, before the next step (or until today).
            fase = stand.fase
            gebeurtenissen: list[tuple[date, Callable[[], None]]] = []
            binnen = (gebeurtenissen, stand, datum, tot)
            if (fase == F.INTAKE and volgende is not None and volgende.naar != F.AFGESLOTEN) or (
                    fase == F.INTAKE and volgende is None and rng.random() < 0.6):  # fmt: skip
                intake = self._intake(ctx, route, traject_id, self._dag(datum, tot), volgende,
                                      door, into)  # fmt: skip
            elif fase == F.VERKENNING_DIAGNOSE:
                nodig = volgende is not None
                if nodig or rng.random() < 0.6:
                    instrumenten = [self._een(DIAGNOSE_VERKENNING)]
                    if not intake["advies_mogelijk"]:
                        instrumenten = [Meetinstrument.ADA] if nodig or rng.random() < 0.5 \
                            else []  # fmt: skip
                    for instrument in instrumenten:
                        self._diagnose(ctx, traject_id, instrument, self._dag(datum, tot), door,
                                       into)  # fmt: skip
            elif fase == F.STADIUM_BEPAALD:
                stage2 = row["ontwikkelstadium"] == S2
                if row["jobcoach_id"] is None and (volgende is T4 or (
                        volgende is None and stage2 and rng.random() < 0.5)):  # fmt: skip
                    self._coach_in_fase(*binnen, "jobcoach", ctx.jobcoach, door)
                if volgende is T4 and rng.random() < 0.4:
                    self._diagnose(ctx, traject_id, self._een(DIAGNOSE_START_ONTWIKKELING),
                                   self._dag(datum, tot), door, into)  # fmt: skip
                if row["participatiecoach_id"] is None and (
                        (volgende is T3_PARTICIPATIE and route.begeleid)
                        or (volgende is None and not stage2 and ctx.participatiecoach
                            and rng.random() < 0.5)):  # fmt: skip
                    self._coach_in_fase(*binnen, "participatiecoach", ctx.participatiecoach, door)
            elif fase == F.ONTWIKKELING and volgende is T12 and route.begeleid:
                self._coach_in_fase(*binnen, "participatiecoach", ctx.participatiecoach,
                                    row["jobcoach_id"])  # fmt: skip
            elif fase == F.MATCHING and volgende is T9:
                if row["jobcoach_id"] is None:
                    self._coach_in_fase(*binnen, "jobcoach", ctx.jobcoach, door)
                plaatsing = self._plaatsing(ctx, route, traject_id, datum, tot, into)
                plaatsing["jobcoach_id"] = ctx.jobcoach
            if volgende is None and route.variant == "verlengd" and fase == F.ONTWIKKELING:
                escalatie = plus_maanden(row["ontwikkeling_sinds"], 24)
                besluit = self._dag(max(escalatie, today - timedelta(days=60), datum), eind)
                tot_datum = plus_maanden(besluit, self._int(5, 9))
                gebeurtenissen.append((besluit, self._verleng_event(stand, ctx, besluit,
                                                                    tot_datum)))  # fmt: skip
            if volgende is None and route.variant == "handhaving" and plan_row is not None:
                gebeurtenissen += self._handhaving(ctx, stand, plan, datum, door, into)
            if wissel is not None and (volgende is None or i == len(stappen) - 2):
                self._coach_in_fase(*binnen, "werkcoach", wissel, wissel,
                                    self._een(WERKCOACH_WISSEL))  # fmt: skip
                wissel = None
            while volgende_eval is not None and volgende_eval["datum"] <= tot:
                if fase in (F.ONTWIKKELING, F.PARTICIPATIE):
                    gebeurtenissen.append(
                        (volgende_eval["datum"], self._evaluatie_event(stand, volgende_eval))
                    )
                    if fase == F.ONTWIKKELING and volgende_eval["werkfit"]:
                        row["werkfit_sinds"] = row["werkfit_sinds"] or volgende_eval["datum"]
                volgende_eval = next(eval_iter, None)
            if fase in (F.ONTWIKKELING, F.PARTICIPATIE) and (tot - datum).days > 150 and \
                    ladder and rng.random() < 0.55:  # fmt: skip
                ladder.append((self._dag(datum, tot), min(4, ladder[-1][1] + 1)))
            gebeurtenissen.sort(key=lambda g: g[0])
            for _, event in gebeurtenissen:
                event()
        into["trajecten"].append(row)
        into["overgangen"].extend(stand.stappen)
        self._ladder(ctx, ladder, eind, into)

    def _coach_in_fase(
        self, gebeurtenissen: list[tuple[date, Callable[[], None]]], stand: _Stand, van: date,
        tot: date, rol: str, medewerker: uuid.UUID, door: uuid.UUID, toelichting: str = "",
    ) -> None:  # fmt: skip
        """A coach assigned on a day in this phase (wijs_coach_toe), to write in date order."""
        datum = self._dag(van, tot)
        gebeurtenissen.append(
            (datum, lambda: self._coach(stand, rol, medewerker, datum, door, toelichting))
        )

    def _evaluatie_event(self, stand: _Stand, evaluatie: dict[str, Any]):
        conclusies = [
            c
            for c, geldt in (
                ("werkfit: werk in zicht", evaluatie["werkfit"]),
                ("belemmeringen weggenomen", evaluatie["belemmeringen_weggenomen"]),
            )
            if geldt
        ]
        reden = "; ".join([evaluatie["begeleidingsnoodzaak"], *conclusies])
        return lambda: self._stap(
            stand,
            "T5",
            stand.fase,
            evaluatie["datum"],
            evaluatie["uitvoerder_id"],
            OvergangSoort.EVALUATIE,
            reden,
        )

    def _verleng_event(self, stand: _Stand, ctx: _Context, besluit: date, tot: date):
        def event() -> None:
            stand.row["verlengd_tot"] = tot
            self._stap(stand, "T16", stand.fase, besluit, ctx.ploeg.teamleider_id,
                       OvergangSoort.VERLENGING,
                       f"Verlengd tot {format_date(tot)}: {self._een(VERLENGING)}",
                       ("Besluit teamleider",))  # fmt: skip

        return event

    def _aanmeldbron(self, ctx: _Context) -> Aanmeldbron:
        rng = self.rng
        soorten = {lab["label"] for lab in ctx.labels}
        if Label.PRO_VSO in soorten and rng.random() < 0.7:
            return Aanmeldbron.SCHOOL_PRO_VSO
        if Label.VSV_JONGERE in soorten and rng.random() < 0.7:
            return Aanmeldbron.YOUNG_HEROES if ctx.ploeg.org == "IJmond Werkt!" \
                else Aanmeldbron.RMC_MATCHMAKER  # fmt: skip
        if Label.STATUSHOUDER in soorten and rng.random() < 0.5:
            return Aanmeldbron.VLUCHTELINGENWERK
        return _kies(rng, AANMELDBRONNEN)

    # --- what goes with the steps --------------------------------------------------------------

    def _intake(self, ctx: _Context, route: _Route, traject_id, datum: date,
                volgende: Stap | None, intaker: uuid.UUID, into) -> dict[str, Any]:  # fmt: skip
        rng = self.rng
        stadium = next((s.stadium for s in route.stappen if s.stadium), None) or \
            self._een((S1, S2, S3))  # fmt: skip
        naar_verkenning = volgende is T2
        compleet = volgende is not None or rng.random() < 0.4
        brede = (ctx.ploeg.org == "IJmond Werkt!" and rng.random() < 0.9) or rng.random() < 0.1
        twijfel, advies = False, True
        if naar_verkenning:  # T2 needs doubt about the stage or no advice possible yet
            twijfel = rng.random() < 0.7
            advies = twijfel and rng.random() < 0.7
        elif volgende is None and compleet and rng.random() < 0.2:
            twijfel = True
        row: dict[str, Any] = {
            "id": self.new_id(), "versie": 1, "traject_id": traject_id,
            "type": IntakeType.BREDE_INTAKE if brede else IntakeType.KENNISMAKING,
            "datum": datum, "intaker_id": intaker,
            "deelnemers": "Inwoner, klantmanager gemeente en werkcoach" if brede else None,
            "hoe_gaat_het": self._een(HOE_GAAT_HET), "mogelijkheden": self._een(MOGELIJKHEDEN),
            "belemmeringen": self._een(BELEMMERINGEN) if compleet or rng.random() < 0.5
            else None,
            "twijfel_over_stadium": twijfel, "advies_mogelijk": advies,
            "advies_stadium": None if twijfel or not advies or not compleet else stadium,
            "re_integratieadvies": RE_INTEGRATIEADVIES[stadium] if brede and compleet else None,
            "plan_van_aanpak": PLAN_VAN_AANPAK[stadium] if brede and compleet else None,
        }  # fmt: skip
        laag, hoog = SCORES[stadium]
        for naam, notities in FACTOREN.items():
            if compleet or rng.random() < 0.5:
                score = self._int(laag, hoog)
                row[f"{naam}_score"], row[naam] = score, notities[score - 1]
            else:
                row[f"{naam}_score"], row[naam] = None, None
        into["intakes"].append(row)
        return row

    def _diagnose(self, ctx: _Context, traject_id, instrument: Meetinstrument, datum: date,
                  door, into, resultaat: str | None = None) -> None:  # fmt: skip
        uitvoerders, resultaten = DIAGNOSES[instrument]
        uitvoerder = self._een(uitvoerders)
        if uitvoerder == "Werkcoach":
            uitvoerder = self.namen[door]
        into["diagnoses"].append({
            "id": self.new_id(), "versie": 1, "inwoner_id": ctx.inwoner["id"],
            "traject_id": traject_id, "instrument": instrument, "datum": datum,
            "uitvoerder": uitvoerder, "resultaat": resultaat or self._een(resultaten),
            "vastgelegd_door_id": door,
        })  # fmt: skip

    def _label_geldig(self, ctx: _Context, label: Label, op: date, beschikking=False) -> bool:
        return any(
            lab["label"] == label and lab["geldig_van"] <= op
            and (lab["geldig_tot"] is None or op <= lab["geldig_tot"])
            and (lab["beschikking_ref"] or not beschikking)
            for lab in ctx.labels
        )  # fmt: skip

    def _plaatsing(self, ctx: _Context, route: _Route, traject_id, matching: date, start: date,
                   into) -> dict[str, Any]:  # fmt: skip
        """The placement that T9 records on `start`; a loonwaardemeting first for LKS (and for
        most beschut werk and begeleid werken placements)."""
        rng = self.rng
        stage2 = T6 in route.stappen
        vormen = [(Plaatsingsvorm.REGULIER, 20 if stage2 else 70),
                  (Plaatsingsvorm.REGULIER_LKS, 30 if stage2 else 8),
                  (Plaatsingsvorm.DETACHERING_INDIVIDUEEL, 10), (Plaatsingsvorm.OPSTAPBAAN, 10),
                  (Plaatsingsvorm.GROEPSDETACHERING, 5 if stage2 else 0),
                  (Plaatsingsvorm.WOL, 5 if stage2 else 0)]  # fmt: skip
        if route.uitstroom == Uitstroomreden.WERK_LKS:
            vormen = [(Plaatsingsvorm.REGULIER_LKS, 1)]
        elif route.uitstroom == Uitstroomreden.DETACHERING:
            vormen = [(Plaatsingsvorm.DETACHERING_INDIVIDUEEL, 1)]
        elif route.uitstroom is None:
            if self._label_geldig(ctx, Label.DOELGROEPREGISTER_BANENAFSPRAAK, start):
                vormen.append((Plaatsingsvorm.GARANTIEBAAN, 60))
            if self._label_geldig(ctx, Label.BSW_NIEUW_BESCHUT, start, beschikking=True):
                vormen.append((Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER, 60))
            if self._label_geldig(ctx, Label.SW_WSW, start):
                vormen.append((Plaatsingsvorm.BEGELEID_WERKEN, 40))
        vorm = rng.choices([v for v, _ in vormen], weights=[w for _, w in vormen])[0]
        doel = None
        if ctx.regie == self.hoofdcoach and route.eind is None:
            dagen = (self.today - start).days
            doel = next((d for d in self.hoofdcoach_metingen
                         if d == "binnenkort" or dagen >= 20), None)  # fmt: skip
            if doel is not None:
                self.hoofdcoach_metingen.remove(doel)
                vorm = Plaatsingsvorm.REGULIER_LKS
        aanleiding = {
            Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER: Aanleiding.BSW,
            Plaatsingsvorm.BEGELEID_WERKEN: Aanleiding.BEGELEID_WERKEN,
        }.get(vorm)
        werkgever_id, werkgever = self._een(ctx.ploeg.werkgevers)
        lks = vorm == Plaatsingsvorm.REGULIER_LKS
        uren = self._een((12, 16, 20, 24, 24, 28, 32, 36))
        if vorm == Plaatsingsvorm.BEGELEID_WERKEN:
            uren = self._een((16, 20, 24, 28, 32))
        plaatsing = {
            "id": self.new_id(), "versie": 1, "inwoner_id": ctx.inwoner["id"],
            "traject_id": traject_id, "werkgever_id": werkgever_id, "werkplek": werkgever,
            "plaatsingsvorm": vorm, "startdatum": start, "einddatum": None,
            "uren_per_week": uren, "jobcoach_id": None, "lks": lks, "loonwaardemeting_id": None,
            "einde_reden": None,
        }  # fmt: skip
        if lks:
            plaatsing["loonwaardemeting_id"] = self._metingen(
                ctx, route, plaatsing, matching, Aanleiding.LKS, into, doel
            )
        elif aanleiding is not None and rng.random() < SHARE_BSW_GEMETEN:
            self._metingen(ctx, route, plaatsing, matching, aanleiding, into)
        return plaatsing

    def _metingen(self, ctx: _Context, route: _Route, plaatsing: dict[str, Any], matching: date,
                  aanleiding: Aanleiding, into, doel: str | None = None) -> uuid.UUID:  # fmt: skip
        """The placement's loonwaardemeting, made shortly before the start, and for some the
        re-measurements while it runs; returns the one valid on the start date. `doel` places
        the latest one so that the next is due within 30 days or overdue."""
        rng, start = self.rng, plaatsing["startdatum"]
        eind = route.eind or self.gisteren
        datums = [self._dag(max(matching, start - timedelta(days=60)), start)]
        while len(datums) < 3 and rng.random() < SHARE_HERMETING:
            volgende = plus_maanden(datums[-1], self._int(4, 11))
            if volgende > eind:
                break
            datums.append(volgende)
        if doel is not None:
            dagen = (self.today - start).days
            if doel == "binnenkort":
                vervalt = self.today + timedelta(days=self._int(5, 25))
            else:
                vervalt = self.today - timedelta(days=self._int(2, min(40, dagen - 1)))
            laatste = plus_maanden(vervalt, -12)
            datums = [d for d in datums if d <= start and d < laatste] or [laatste]
            if laatste > datums[-1]:
                datums.append(laatste)
        normfunctie = self._een(FUNCTIES)
        methode, organisatie = self._methode()
        meter = self._een(METERS)
        loonwaarde = (self._een((35, 40, 45, 50, 55, 60, 65, 70)) if aanleiding == Aanleiding.LKS
                      else self._int(10, 35))  # fmt: skip
        geldig = None
        for n, datum in enumerate(datums):
            if n and rng.random() < 0.3:  # sometimes another measurer or bureau
                methode, organisatie = self._methode()
                meter = self._een(METERS)
            meting_id = self.new_id()
            taken = self._taken(meting_id, normfunctie, loonwaarde)
            berekend = loonwaarde_uit_taken([(t["aandeel"], t["kwaliteit"], t["tempo"],
                                              t["inzetbaarheid"]) for t in taken])  # fmt: skip
            vastgesteld = reden = None
            if rng.random() < SHARE_VASTGESTELD.get(aanleiding, 0) and berekend > 15:
                vastgesteld = berekend - self._een((5, 10, 10, 15))
                reden = self._een(REDEN_VASTGESTELD)
            into["loonwaardemetingen"].append({
                "id": meting_id, "versie": 1, "inwoner_id": ctx.inwoner["id"], "datum": datum,
                "methode": methode, "aanleiding": Aanleiding.HERBEOORDELING if n else aanleiding,
                "meter": meter, "meter_organisatie": organisatie,
                "werkgever_id": plaatsing["werkgever_id"], "werkplek": plaatsing["werkplek"],
                "normfunctie": normfunctie, "uren_per_week": Decimal(plaatsing["uren_per_week"]),
                "berekende_loonwaarde": berekend, "vastgestelde_loonwaarde": vastgesteld,
                "reden_vastgesteld": reden, "volgende_meting": plus_maanden(datum, 12),
                "vastgelegd_door_id": ctx.jobcoach,
            })  # fmt: skip
            into["loonwaardetaken"].extend(taken)
            if datum <= start:
                geldig = meting_id
            loonwaarde = min(90, loonwaarde + self._een((0, 5, 5, 10)))
        return geldig

    def _methode(self) -> tuple[Meetmethode, str]:
        totaal = sum(w for *_, w in METHODEN)
        keuze = self._random() * totaal
        for methode, organisatie, gewicht in METHODEN:
            keuze -= gewicht
            if keuze < 0:
                return methode, organisatie
        return METHODEN[-1][:2]

    def _taken(self, meting_id: uuid.UUID, normfunctie: str, loonwaarde: int) -> list[dict]:
        """3–5 tasks of the normfunctie whose shares add up to 100 and whose scores average
        to about `loonwaarde`."""
        omschrijvingen = TAKEN[normfunctie]
        n = self._int(3, 5)
        aandelen = [5] * n
        for _ in range((100 - 5 * n) // 5):
            aandelen[int(self._random() * n)] += 5
        aandelen.sort(reverse=True)
        taken = []
        for volgorde, (omschrijving, aandeel) in enumerate(
                zip(omschrijvingen, aandelen, strict=False), start=1):  # fmt: skip
            waarde = max(5, min(95, loonwaarde + self._int(-10, 10)))
            kwaliteit = min(100, waarde + self._int(0, 15))
            inzetbaarheid = min(100, waarde + self._int(0, 10))
            tempo = max(0, min(100, 3 * waarde - kwaliteit - inzetbaarheid))
            taken.append({
                "id": self.new_id(), "meting_id": meting_id, "volgorde": volgorde,
                "omschrijving": omschrijving, "aandeel": Decimal(aandeel),
                "kwaliteit": Decimal(kwaliteit), "tempo": Decimal(tempo),
                "inzetbaarheid": Decimal(inzetbaarheid),
            })  # fmt: skip
        return taken

    def _evaluaties(self, ctx: _Context, route: _Route, plan_row: dict[str, Any],
                    into) -> list[dict[str, Any]]:  # fmt: skip
        """The plan's evaluations from its start until today (or the end of the trajectory),
        every interval, with the werkfit and barriers-removed ones where the route needs them;
        a share is overdue. Sets the plan's next evaluation (or closes the plan)."""
        rng = self.rng
        start = plan_row["vastgesteld_op"]
        maanden = plan_row["evaluatie_interval_maanden"]
        eind = route.eind or self.gisteren
        verplicht = sorted(d for d in (route.werkfit, route.belemmeringen_weg) if d is not None)
        datums: list[tuple[date, bool]] = []
        vorige = start
        while True:
            datum = plus_maanden(vorige, maanden) + timedelta(days=self._int(0, 10))
            if verplicht and verplicht[0] <= datum:
                datum = verplicht.pop(0)
                datums.append((datum, True))
            elif datum > eind:
                break
            else:
                datums.append((datum, False))
            vorige = datum
        achterstallig = route.variant == "achterstallig" or (
            route.variant in ("", "werkfit") and rng.random() < SHARE_EVALUATIE_TE_LAAT
        )
        if achterstallig and route.eind is None and datums and not datums[-1][1]:
            datums.pop()
            vorige = datums[-1][0] if datums else start
        if route.eind is None:
            plan_row["volgende_evaluatie"] = plus_maanden(vorige, maanden)
        else:
            plan_row.update(
                status=PlanStatus.AFGESLOTEN,
                afgesloten_op=route.eind,
                volgende_evaluatie=None,
                afsluitreden=f"Traject afgesloten: {route.uitstroom.label.lower()}",
            )
        rows = []
        werkfit_sinds = route.werkfit
        for datum, _ in datums:
            werkfit = werkfit_sinds is not None and datum >= werkfit_sinds and (
                T6 not in route.stappen or datum == werkfit_sinds)  # fmt: skip
            weg = datum == route.belemmeringen_weg
            rows.append({
                "id": self.new_id(), "versie": 1, "plan_id": plan_row["id"], "datum": datum,
                "uitvoerder_id": ctx.participatiecoach if route.begeleid and _fase_op(
                    route, datum) == F.PARTICIPATIE else ctx.jobcoach,
                "begeleidingsnoodzaak": self._een(NOODZAAK), "doelen_bijgesteld":
                rng.random() < 0.3,
                "advies": "Klaar voor matching; warme overdracht aan de accountmanager."
                if werkfit else "Terug naar de ontwikkelaanpak (stadium 2)." if weg
                else "Doorgaan met het plan.",
                "werkfit": werkfit, "belemmeringen_weggenomen": weg,
            })  # fmt: skip
        into["evaluaties"].extend(rows)
        return rows

    def _handhaving(self, ctx: _Context, stand: _Stand, plan, sinds: date, door,
                    into) -> list[tuple[date, Callable[[], None]]]:  # fmt: skip
        """A sanction investigation on a breached obligation of the plan, at a random step:
        opened, weighed, advised, or decided by the municipality."""
        gisteren = self.gisteren
        verplichtingen = [a for a in plan["afspraken"] if a["verplichting"]
                          and a["partij"] == Partij.INWONER
                          and a["plan_id"] == plan["plannen"][0]["id"]]  # fmt: skip
        if not verplichtingen:
            return []
        afspraak = self._een(verplichtingen)
        signaal = self._dag(max(sinds, plan["plannen"][0]["vastgesteld_op"]), gisteren)
        stadium = self._int(0, 3)  # opened, weighed, advised, decided
        omschrijving = self._een(HANDHAVING_OMSCHRIJVING)
        zaak = {
            "id": self.new_id(), "versie": 1, "traject_id": stand.row["id"],
            "afspraak_id": afspraak["id"], "afspraak_omschrijving": afspraak["omschrijving"],
            "signaal_datum": signaal, "omschrijving": omschrijving,
            "verordening": VERORDENING.get(ctx.ploeg.org, VERORDENING_ANDERS),
            "verwijtbaarheid": self._een(VERWIJTBAARHEID) if stadium >= 1 else None,
            "persoonlijke_omstandigheden": self._een(OMSTANDIGHEDEN) if stadium >= 1 else None,
            "advies": None, "advies_op": None, "besluit_gemeente": None, "besluit_op": None,
            "geopend_door_id": door,
        }  # fmt: skip
        into["handhaving"].append(zaak)
        events = [
            (
                signaal,
                lambda: self._stap(
                    stand,
                    "T14",
                    stand.fase,
                    signaal,
                    door,
                    OvergangSoort.HANDHAVING,
                    f"Maatregelonderzoek geopend: {afspraak['omschrijving']} — {omschrijving}",
                    ("Geschonden verplichting uit het IOP", "Niet-nakoming beschreven"),
                ),
            )
        ]
        if stadium >= 2:
            advies_op = self._dag(signaal, gisteren)
            zaak["advies"], zaak["advies_op"] = self._een(ADVIES), advies_op
            events.append(
                (
                    advies_op,
                    lambda: self._stap(
                        stand,
                        "T14",
                        stand.fase,
                        advies_op,
                        door,
                        OvergangSoort.HANDHAVING,
                        f"Advies aan de gemeente: {zaak['advies']}",
                        ("Verwijtbaarheid beoordeeld", "Persoonlijke omstandigheden gewogen"),
                    ),
                )
            )
        if stadium == 3:
            besluit_op = self._dag(zaak["advies_op"], gisteren)
            kenmerk = f"PW/{besluit_op.year}/{self._int(1000, 99999)}"
            zaak["besluit_gemeente"], zaak["besluit_op"] = kenmerk, besluit_op
            events.append(
                (
                    besluit_op,
                    lambda: self._stap(
                        stand,
                        "T14",
                        stand.fase,
                        besluit_op,
                        door,
                        OvergangSoort.HANDHAVING,
                        f"Besluit gemeente {kenmerk} van {format_date(besluit_op)}",
                    ),
                )
            )
        return events

    def _ladder(self, ctx: _Context, ladder: list[tuple[date, int]], eind: date, into) -> None:
        gezien: set[date] = set()
        for datum, trede in ladder:
            if datum > eind or datum in gezien:
                continue
            gezien.add(datum)
            into["ladder"].append({
                "id": self.new_id(), "versie": 1, "inwoner_id": ctx.inwoner["id"],
                "datum": datum, "trede": trede, "toelichting": LADDER_TOELICHTING[trede],
                "beoordelaar_id": ctx.werkcoach,
            })  # fmt: skip

    # --- the journal -------------------------------------------------------------------------

    def _contact(self, inwoner: dict[str, Any], datum: date, kanaal: Kanaal, tekst: str,
                 vervolg: tuple[str, date] | None = None) -> dict[str, Any]:  # fmt: skip
        """A journal entry by the inwoner's regievoerder (who writes their journal)."""
        return {
            "id": self.new_id(), "versie": 1, "inwoner_id": inwoner["id"],
            "auteur_id": inwoner["regievoerder_id"], "datum": datum, "kanaal": kanaal,
            "samenvatting": tekst,
            "vervolgactie": vervolg[0] if vervolg else None,
            "vervolgdatum": vervolg[1] if vervolg else None, "vertrouwelijk": False,
        }  # fmt: skip

    def _dagelijks_contact(self, inwoner: dict[str, Any], plan, routes: list[_Route],
                           contacten: list[dict[str, Any]]) -> None:  # fmt: skip
        """Daily-contact plans: most have yesterday's contact in the journal, some do not."""
        rng = self.rng
        if not plan["regimes"] or plan["plannen"][0]["status"] != PlanStatus.VASTGESTELD or \
                plan["regimes"][0]["intensiteit"] != Intensiteit.DAGELIJKS:  # fmt: skip
            return
        gemist = bool(routes) and routes[-1].variant == "dagelijks"
        if gemist:
            contacten[:] = [c for c in contacten if c["datum"] < self.vorige_werkdag]
        elif rng.random() < SHARE_DAGELIJKS_GEZIEN:
            datum = self._een((self.vorige_werkdag, self.today))
            contacten.append(self._contact(inwoner, datum, Kanaal.OP_LOCATIE,
                                           self._een(DAGELIJKS_CONTACT)))  # fmt: skip

    def _contacten(self, ctx: _Context, route: _Route, contacten: list[dict[str, Any]]) -> None:
        """Stage 3: contacts within the agreed frequency, or deliberately overdue; and for some a
        recent contact with a follow-up planned in the coming days."""
        rng, today = self.rng, self.today
        if route.stappen[-1].naar == F.PARTICIPATIE:
            dagen = _dagen_tussen_contacten(today, route.contact_per_jaar)
            if route.variant == "achterstallig":
                grens = today - timedelta(days=dagen + self._int(1, 60))
                contacten[:] = [c for c in contacten if c["datum"] <= grens]
                return
            laatste = max((c["datum"] for c in contacten), default=None)
            if laatste is None or laatste < today - timedelta(days=dagen - 14):
                datum = today - timedelta(days=self._int(0, max(0, dagen - 21)))
                kanaal = self._een((Kanaal.TELEFOON, Kanaal.HUISBEZOEK))
                contacten.append(self._contact(ctx.inwoner, datum, kanaal,
                                               self._een(PARTICIPATIE_CONTACT)))  # fmt: skip
            return
        if route.variant == "vervolg" or (route.variant != "dagelijks"
                                          and rng.random() < SHARE_VERVOLG):  # fmt: skip
            laatste = max((c["datum"] for c in contacten), default=today - timedelta(days=30))
            datum = max(laatste, today - timedelta(days=self._int(1, 10)))
            tekst, actie = self._een(VERVOLG_CONTACT)
            vervolg = (actie, today + timedelta(days=self._int(0, 6)))
            contacten.append(self._contact(ctx.inwoner, datum, self._een((Kanaal.FYSIEK,
                                                                   Kanaal.TELEFOON)),
                                           tekst, vervolg))  # fmt: skip
