"""Demo ontwikkelplannen for `koers demo`: concept and vastgesteld IOPs, some with overdue
evaluations and some with many goals, as plain rows for bulk inserts (see demo.py)."""

from __future__ import annotations

import calendar
import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from app.models import Bewijs, DoelStatus, Intensiteit, Partij, PlanStatus, PlanType, Setting

SHARE_WITH_PLAN = 0.45
SHARE_VASTGESTELD = 0.75
SHARE_NEW_VERSION = 0.1
BASELINE_DATUM = date(2025, 1, 1)  # the reference date of the work-level KPI (brief §4.4)

TALENTEN = ("Handig met gereedschap", "Werkt nauwkeurig en netjes", "Goed met mensen",
            "Sterk en fit, houdt van buitenwerk", "Rekent snel", "Creatief",
            "Betrouwbaar en altijd op tijd", "Spreekt drie talen")  # fmt: skip
DRIJFVEREN = ("Wil zijn of haar gezin onderhouden", "Wil onder de mensen zijn",
              "Wil een vak leren", "Wil uit de bijstand",
              "Wil iets betekenen voor anderen")  # fmt: skip
ZWAKTEN = ("Nederlandse taal", "Houdt moeilijk structuur vast", "Snel overprikkeld",
           "Weinig werkervaring", "Fysiek beperkt belastbaar",
           "Laat zich snel afleiden")  # fmt: skip
MOGELIJKHEDEN = ("Taalcursus naast het werk", "Leerwerkplek in het groen",
                 "Praktijkverklaring halen", "Proefplaatsing bij een werkgever",
                 "Sollicitatietraining")  # fmt: skip
BEDREIGINGEN = ("Schulden", "Onzekere huisvesting", "Mantelzorgtaken",
                "Terugval in gezondheid", "Geen kinderopvang")  # fmt: skip
POTENTIEEL = ("Kan binnen een jaar doorgroeien naar regulier werk met loonkostensubsidie.",
              "Kan met begeleiding een hoger werkniveau bereiken binnen de eigen locatie.",
              "Eerst stabiliseren; daarna een leerwerkplek met perspectief op werk.",
              "Kan doorstromen naar een garantiebaan bij een reguliere werkgever.")  # fmt: skip
DOELEN = (
    ("Komt elke werkdag op tijd en meldt zich af bij ziekte", "Werkhouding", "Leerwerkplek"),
    (
        "Voert de dagtaken zelfstandig uit volgens de werkinstructie",
        "Zelfstandigheid",
        "Werk Intern",
    ),
    ("Vraagt om hulp wanneer een taak niet lukt", "Communicatie", "Jobcoaching"),
    ("Haalt de praktijkverklaring groenvoorziening", "Vakvaardigheid", "Leerwerkplek Groen"),
    ("Werkt 24 uur per week zonder uitval", "Belastbaarheid", "Opbouw uren"),
    ("Volgt de taalcursus en haalt niveau A2", "Taal", "Taalcursus"),
    ("Solliciteert op drie passende vacatures per maand", "Solliciteren", "Sollicitatietraining"),
    ("Werkt samen in een groep zonder conflicten", "Samenwerken", "Groepsdetachering"),
)
AFSPRAKEN = (
    ("Meldt zich voor 9 uur af bij ziekte", Partij.INWONER, True),
    ("Komt naar de afgesproken gesprekken", Partij.INWONER, True),
    ("Zorgt voor werkkleding en vervoer", Partij.ORGANISATIE, False),
    ("Regelt een taalcursus", Partij.ORGANISATIE, False),
    ("Begeleidt bij de aanvraag van schuldhulp", Partij.PARTNER, False),
)
FREQUENTIE = {Intensiteit.DAGELIJKS: "Dagelijks op de werkplek",
              Intensiteit.HOOGFREQUENT: "1 keer per week",
              Intensiteit.AFGESPROKEN_FREQUENTIE: "1 keer per maand",
              Intensiteit.MIN_2_PER_JAAR: "2 keer per jaar"}  # fmt: skip


def plus_maanden(dag: date, maanden: int) -> date:
    """`dag` plus (or minus) calendar months, the month's last day when it has fewer days:
    what dateutil's relativedelta does, at a fraction of its cost."""
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 + maanden, 12)
    try:
        return dag.replace(year=jaar, month=maand + 1)
    except ValueError:
        return date(jaar, maand + 1, calendar.monthrange(jaar, maand + 1)[1])


class PlanBuilder:
    """Rows for one inwoner's plan: ontwikkelplan, doelen, afspraken, regime, evaluaties."""

    def __init__(self, rng: random.Random, new_id: Callable[[], uuid.UUID], today: date) -> None:
        self.rng, self.new_id, self.today = rng, new_id, today

    def rows(
        self, inwoner: dict[str, Any], *, plan: bool | None = None, start: date | None = None,
        vastgesteld: bool | None = None, intensiteit: Intensiteit | None = None,
        evaluaties: bool = True, nieuwe_versie: bool = True,
    ) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
        """The rows of one inwoner's plan. Without arguments a random share of the inwoners
        with a coach gets one; a trajectory (demo_trajecten) can instead ask for a plan or for
        none, set its start and status and record the evaluations itself (`evaluaties=False`
        leaves `volgende_evaluatie` to the caller)."""
        result: dict[str, list[dict[str, Any]]] = {
            "plannen": [], "doelen": [], "afspraken": [], "regimes": [], "evaluaties": [],
            "werkniveaus": [],
        }  # fmt: skip
        coach = inwoner.get("regievoerder_id")
        if coach is None or plan is False:
            return result
        rng = self.rng
        if plan is None and rng.random() >= SHARE_WITH_PLAN:
            return result
        if vastgesteld is None:
            vastgesteld = rng.random() < SHARE_VASTGESTELD
        if start is None:
            start = self.today - timedelta(days=rng.randint(20, 600))
        plan_id = self.new_id()
        interval = rng.choice((3, 6, 6, 6, 12))
        volgende = None
        if vastgesteld and evaluaties:
            # Some plans are evaluated on time, some are overdue (the dashboard shows those).
            volgende = plus_maanden(start, interval)
            while volgende < self.today - timedelta(days=rng.choice((0, 0, 0, 45, 120))):
                volgende = plus_maanden(volgende, interval)
        result["plannen"].append({
            "id": plan_id, "versie": 1, "inwoner_id": inwoner["id"], "traject_id": None,
            "type": PlanType.IOP,
            "planversie": 1, "vorige_id": None,
            "status": PlanStatus.VASTGESTELD if vastgesteld else PlanStatus.CONCEPT,
            "eigenaar_id": coach, "periode_van": start,
            "periode_tot": plus_maanden(start, 12),
            "talenten": ", ".join(rng.sample(TALENTEN, 2)), "drijfveren": rng.choice(DRIJFVEREN),
            "zwakten": ", ".join(rng.sample(ZWAKTEN, 2)),
            "ontwikkelmogelijkheden": rng.choice(MOGELIJKHEDEN),
            "bedreigingen": rng.choice(BEDREIGINGEN), "leefgebieden": None, "metingen": None,
            "ontwikkelpotentieel": rng.choice(POTENTIEEL),
            "werkniveau_start": (niveau := rng.randint(1, 4)),
            "werkniveau_doel": min(5, niveau + rng.choice((0, 1, 1, 2))),
            "evaluatie_interval_maanden": interval, "volgende_evaluatie": volgende,
            "vastgesteld_op": start if vastgesteld else None,
            "ondertekend_inwoner_op": start if vastgesteld else None,
            "ondertekend_coach_op": start if vastgesteld else None,
            "afgesloten_op": None, "afsluitreden": None,
        })  # fmt: skip
        aantal = rng.choice((1, 2, 3, 3, 4, 5)) if rng.random() > 0.03 else rng.randint(12, 25)
        for n in range(1, aantal + 1):
            omschrijving, competentie, instrument = rng.choice(DOELEN)
            result["doelen"].append({
                "id": self.new_id(), "versie": 1, "plan_id": plan_id, "volgorde": n,
                "omschrijving": omschrijving, "competentie": competentie,
                "instrument": instrument, "verantwoordelijke": rng.choice(("Jobcoach", "Inwoner")),
                "streefdatum": start + timedelta(days=rng.randint(60, 360)),
                "status": rng.choice((DoelStatus.OPEN, DoelStatus.BEZIG, DoelStatus.BEZIG,
                                      DoelStatus.BEHAALD)),
            })  # fmt: skip
        for n, (omschrijving, partij, verplicht) in enumerate(rng.sample(AFSPRAKEN, 2), 1):
            result["afspraken"].append({
                "id": self.new_id(), "versie": 1, "plan_id": plan_id, "volgorde": n,
                "omschrijving": omschrijving, "partij": partij, "verplichting": verplicht,
            })  # fmt: skip
        intensiteit = intensiteit or rng.choice(tuple(FREQUENTIE))
        result["regimes"].append({
            "id": self.new_id(), "versie": 1, "plan_id": plan_id, "begeleider": "Jobcoach",
            "intensiteit": intensiteit, "contactfrequentie": FREQUENTIE[intensiteit],
            "setting": rng.choice(tuple(Setting)), "agogisch": rng.random() < 0.3,
        })  # fmt: skip
        if vastgesteld and volgende and plus_maanden(volgende, -interval) > start:
            result["evaluaties"].append({
                "id": self.new_id(), "versie": 1, "plan_id": plan_id,
                "datum": plus_maanden(volgende, -interval), "uitvoerder_id": coach,
                "begeleidingsnoodzaak": "Begeleiding blijft nodig; intensiteit gelijk.",
                "doelen_bijgesteld": rng.random() < 0.4, "advies": "Doorgaan met het plan.",
                "werkfit": False, "belemmeringen_weggenomen": False,
            })  # fmt: skip
        plan = result["plannen"][0]
        if vastgesteld:
            self._werkniveaus(result, inwoner["id"], coach, plan["werkniveau_start"], start)
            if nieuwe_versie and rng.random() < SHARE_NEW_VERSION:
                self._nieuwe_versie(result, plan)
        return result

    def _werkniveaus(self, result, inwoner_id, coach, niveau: int, start: date) -> None:
        """A baseline at the reference date and, for some, a demonstrably higher level later."""
        metingen = [(BASELINE_DATUM, niveau, True, Bewijs.OBSERVATIE,
                     "Nulmeting door de werkleider")]  # fmt: skip
        if self.rng.random() < 0.3 and niveau < 5:
            metingen.append((max(start, BASELINE_DATUM) + timedelta(days=self.rng.randint(60, 300)),
                             niveau + 1, False, Bewijs.PRAKTIJKVERKLARING,
                             "Praktijkverklaring behaald"))  # fmt: skip
        for datum, waarde, baseline, bewijs, omschrijving in metingen:
            if datum > self.today:
                continue
            result["werkniveaus"].append({
                "id": self.new_id(), "versie": 1, "inwoner_id": inwoner_id, "datum": datum,
                "niveau": waarde, "is_baseline": baseline, "bewijs": bewijs,
                "bewijs_omschrijving": omschrijving, "beoordelaar_id": coach,
            })  # fmt: skip

    def _nieuwe_versie(self, result, plan: dict[str, Any]) -> None:
        """A concept version 2 being prepared, so the version history and comparison show."""
        nieuw_id = self.new_id()
        result["plannen"].append({
            **plan, "id": nieuw_id, "planversie": 2, "vorige_id": plan["id"],
            "status": PlanStatus.CONCEPT, "werkniveau_doel": min(5, plan["werkniveau_doel"] + 1),
            "volgende_evaluatie": None, "vastgesteld_op": None, "ondertekend_inwoner_op": None,
            "ondertekend_coach_op": None,
        })  # fmt: skip
        for table in ("doelen", "afspraken", "regimes"):
            result[table] += [{**row, "id": self.new_id(), "plan_id": nieuw_id}
                              for row in result[table] if row["plan_id"] == plan["id"]]  # fmt: skip
