"""`make loadtest`: many users on one PostgreSQL server at once, then proof that nothing was lost
(issue 9, item 3).

Starts a throwaway PostgreSQL server (or uses `--url`, an existing EMPTY database), opens it the
app's way (migrations and reference data), loads the demo data and starts `--users` simulated
users, each a separate process signed in as one demo medewerker. For `--seconds` they do what
people do all day: search, open dossiers, add contactmomenten, edit personalia, move trajecten
through their phases, fix new versions of an IOP and run their reports. Afterwards it prints the
throughput, the latency percentiles per operation and the conflicts, then checks every invariant
with SQL and that every acknowledged write is in the database, with its audit record.

Why it is built this way:
- Separate processes ("spawn"), each with its own engine and a session per user action, as the
  GUI on twenty laptops would; threads would share one interpreter and one connection pool.
- Users deliberately contend: half of their writes go to a handful of "hot" dossiers of their
  team, and they pause briefly between reading and saving (as a person does), so optimistic
  locking is actually exercised and conflicts occur.
- A write counts only once it is acknowledged: a worker appends it to its ack log after the
  commit returned. The check afterwards wants every acknowledged write present (or replaced by a
  later acknowledged one), no two acknowledged writes on the same version (a lost update), and no
  write in the database that its user was told had failed.
- A conflict (ConflictError, or a DomainError because someone else was first) is the expected
  answer under contention and is counted apart from unexpected errors, which must be zero.

Exit status 0 only with zero lost writes, zero broken invariants and zero unexpected errors.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from threading import BrokenBarrierError
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_sessionmaker
from app.models import (
    Aanmeldbron,
    Base,
    Contactmoment,
    FaseOvergang,
    Inwoner,
    Kanaal,
    Medewerker,
    Ontwikkelplan,
    PlanStatus,
    PlanType,
    Rol,
    SchuldhulpFase,
    Schuldhulptraject,
    Team,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services import contactmomenten, inwoners, ontwikkelplannen, trajecten
from app.services.aanmelden import aanmelden
from app.services.caseload import Niveau, caseload
from app.services.contactmomenten import ContactGegevens
from app.services.demo import DEMO_WACHTWOORD, generate_demo
from app.services.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    ToegangGeweigerd,
    ValidationError,
)
from app.services.inwoners import InwonerFilter, InwonerGegevens
from app.services.kpi import kpis
from app.services.periodes import periode
from app.services.schuldhulp_overzicht import overzicht
from app.services.text import fold, format_date
from app.services.werkvoorraad import werkvoorraad
from app.startup import open_database

ROOT = Path(__file__).resolve().parent.parent
THROWAWAY_POSTGRES = ROOT / "scripts" / "throwaway-postgres.sh"

HEET_INWONERS = 6  # per team: the dossiers everybody works on at once
HEET_PLANNEN = 2
HEET_KANS = 0.5  # share of the writes that go to the hot dossiers
BEDENKTIJD = 0.02  # at most this many seconds between reading and saving
START_TIMEOUT = 180  # seconds for every worker to start and sign in

# The mix per kind of user (weights). Only coaches move trajecten and fix plans; team leads
# read the trajectory but run the reports; debt counsellors keep the journal.
MIX: dict[str, dict[str, int]] = {
    "coach": {"zoeken": 20, "dossier": 25, "contact": 15, "bewerken": 10, "overgang": 17,
              "plan": 5, "rapport": 8},
    "teamleider": {"zoeken": 25, "dossier": 30, "bewerken": 10, "rapport": 35},
    "consulent": {"zoeken": 25, "dossier": 30, "contact": 25, "bewerken": 10, "rapport": 10},
    "sdv_teamleider": {"zoeken": 30, "dossier": 30, "bewerken": 5, "rapport": 35},
}  # fmt: skip

# Who sits at the n-th laptop: coaches (A) and the team lead (LA) of the biggest team, those of
# the second team (B, LB), debt counsellors (C) and their team lead (LC). Two teams of users
# contend inside their own team, as in an office; a short run still gets every kind of user.
PLAATSEN = ("A", "A", "LA", "C", "A", "B", "B", "LB", "A", "B",
            "LC", "A", "B", "A", "C", "B", "A", "B", "A", "A")  # fmt: skip

# Refusals that mean "someone else was first" (the state moved under the user's feet): the
# expected answer under contention, not a defect. Anything else refused is unexpected here,
# because the simulated users only ask what their screen would offer them.
VOORRANG = (
    trajecten.LOPEND_TRAJECT,
    "Er is al een concept-",
    "Alleen van een vastgesteld plan kan een nieuwe versie",
    "kan niet meer worden gewijzigd",
    " kan pas als: ",
)


@dataclass
class Gebruiker:
    """One simulated user: who signs in and which dossiers they work on."""

    nummer: int
    medewerker_id: str
    gebruikersnaam: str
    soort: str
    team: str
    werkcoach_id: str | None  # a jobcoach of the team, for new registrations
    pool: list[str]
    heet: list[str]
    plan_pool: list[str] = field(default_factory=list)
    heet_plan: list[str] = field(default_factory=list)
    zoektermen: list[str] = field(default_factory=list)


# --- the simulated user (runs in its own process) ----------------------------------------------


def werker(url: str, gebruiker: Gebruiker, seconden: float, start: Any, uitvoer: str) -> None:
    """Sign in, wait until everybody has (`start` is a multiprocessing Barrier), then work for
    `seconden` and write the results."""
    engine = make_engine(url)
    simulatie = Simulatie(make_sessionmaker(engine), gebruiker, Path(uitvoer))
    try:
        simulatie.actor_id = aanmelden(simulatie.sessions, gebruikersnaam=gebruiker.gebruikersnaam,
                                       wachtwoord=DEMO_WACHTWOORD)  # fmt: skip
    except Exception:
        simulatie.fout("aanmelden")
    try:
        start.wait(timeout=START_TIMEOUT)
    except BrokenBarrierError:
        simulatie.fout("starten")
    else:
        if simulatie.actor_id is not None:
            simulatie.draai(seconden)
    simulatie.schrijf_resultaat()
    engine.dispose()


class Simulatie:
    def __init__(self, sessions: sessionmaker[Session], g: Gebruiker, uitvoer: Path) -> None:
        self.sessions = sessions
        self.g = g
        self.uitvoer = uitvoer
        self.actor_id: uuid.UUID | None = None
        self.rng = random.Random(f"loadtest:{g.nummer}")
        self.latenties: dict[str, list[float]] = defaultdict(list)
        self.conflicten: dict[str, Counter[str]] = defaultdict(Counter)
        self.fouten: Counter[str] = Counter()
        self.tracebacks: list[str] = []
        self.verstreken = 0.0
        self.teller = 0
        self.duur = 0.0  # time inside transactions for the running operation
        self.operatie = ""
        # Open for the whole run (closed in schrijf_resultaat), line-buffered: an acknowledged
        # write is in the file before the next operation starts.
        self.acks = open(  # noqa: SIM115
            uitvoer / f"acks-{g.nummer:03d}.jsonl", "w", encoding="utf-8", buffering=1
        )

    # Plumbing.

    @contextmanager
    def transactie(self) -> Iterator[tuple[Session, Medewerker]]:
        """One user action: a session of its own, the actor loaded in it, committed at the end
        (as the GUI's unit of work). Only the time in here counts as latency."""
        started = time.perf_counter()
        try:
            with self.sessions.begin() as session:
                yield session, session.get(Medewerker, self.actor_id)
        finally:
            self.duur += time.perf_counter() - started

    def bevestig(self, **ack: Any) -> None:
        """Called only after the transaction's commit returned."""
        ack = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in ack.items()}
        self.acks.write(json.dumps({"gebruiker": self.g.nummer, **ack}) + "\n")

    def uniek(self, wat: str) -> str:
        self.teller += 1
        return f"{wat}-{self.g.nummer:03d}-{self.teller:06d}"

    def kies(self, heet: list[str], pool: list[str], kans: float = HEET_KANS) -> uuid.UUID:
        lijst = heet if heet and self.rng.random() < kans else pool
        return uuid.UUID(self.rng.choice(lijst))

    def bedenk(self) -> None:
        time.sleep(self.rng.uniform(0, BEDENKTIJD))

    def fout(self, operatie: str) -> None:
        self.fouten[operatie] += 1
        if len(self.tracebacks) < 3:
            self.tracebacks.append(f"{self.g.gebruikersnaam} ({self.g.soort}), {operatie}:\n"
                                   f"{traceback.format_exc()}")  # fmt: skip

    def draai(self, seconden: float) -> None:
        mix = MIX[self.g.soort]
        namen, gewichten = list(mix), list(mix.values())
        started = time.monotonic()
        einde = started + seconden
        while time.monotonic() < einde:
            self.voer_uit(self.rng.choices(namen, gewichten)[0])
        self.verstreken = time.monotonic() - started

    def voer_uit(self, operatie: str) -> None:
        self.operatie, self.duur = operatie, 0.0
        try:
            getattr(self, operatie)()
        except ConflictError:
            self.conflicten[self.operatie]["versie"] += 1
        except (ValidationError, ToegangGeweigerd, NotFoundError):
            self.fout(self.operatie)
            return
        except DomainError as error:
            if not any(melding in error.message for melding in VOORRANG):
                self.fout(self.operatie)
                return
            self.conflicten[self.operatie]["voorrang"] += 1
        except Exception:
            self.fout(self.operatie)
            return
        self.latenties[self.operatie].append(self.duur)

    def schrijf_resultaat(self) -> None:
        self.acks.close()
        resultaat = {
            "gebruiker": self.g.nummer, "gebruikersnaam": self.g.gebruikersnaam,
            "soort": self.g.soort, "verstreken": self.verstreken, "latenties": self.latenties,
            "conflicten": self.conflicten, "fouten": self.fouten, "tracebacks": self.tracebacks,
        }  # fmt: skip
        pad = self.uitvoer / f"resultaat-{self.g.nummer:03d}.json"
        pad.write_text(json.dumps(resultaat), encoding="utf-8")

    # The operations.

    def zoeken(self) -> None:
        tekst = self.rng.choice(self.g.zoektermen)
        with self.transactie() as (s, actor):
            ids = inwoners.search_inwoner_ids(s, actor=actor, filter=InwonerFilter(tekst=tekst))
            inwoners.inwoner_rows(s, actor=actor, ids=ids[:50])  # the rows the list shows

    def dossier(self) -> None:
        inwoner_id = self.kies(self.g.heet, self.g.pool)
        with self.transactie() as (s, actor):
            inwoners.get_inwoner(s, actor=actor, inwoner_id=inwoner_id)
            trajecten.trajecten_van(s, actor=actor, inwoner_id=inwoner_id)
            ontwikkelplannen.list_plannen(s, actor=actor, inwoner_id=inwoner_id)
            contactmomenten.list_contactmomenten(s, actor=actor, inwoner_id=inwoner_id)

    def contact(self) -> None:
        inwoner_id = self.kies(self.g.heet, self.g.pool)
        gegevens = ContactGegevens(datum=date.today(), kanaal=self.rng.choice(list(Kanaal)),
                                   samenvatting=f"Loadtest {self.uniek('contact')}")  # fmt: skip
        with self.transactie() as (s, actor):
            contact = contactmomenten.add_contactmoment(s, actor=actor, inwoner_id=inwoner_id,
                                                        gegevens=gegevens)  # fmt: skip
            contact_id = contact.id
        self.bevestig(soort="contact", id=contact_id, inwoner_id=inwoner_id,
                      waarde=gegevens.samenvatting)  # fmt: skip

    def bewerken(self) -> None:
        """Open the personalia, think, save a new e-mail address with the version read."""
        inwoner_id = self.kies(self.g.heet, self.g.pool)
        with self.transactie() as (s, actor):
            inwoner = inwoners.get_inwoner(s, actor=actor, inwoner_id=inwoner_id, audit=False)
            gegevens, versie = InwonerGegevens.from_inwoner(inwoner), inwoner.versie
        self.bedenk()
        gegevens.email = f"{self.uniek('mail')}@loadtest.example"
        with self.transactie() as (s, actor):
            inwoners.update_inwoner(s, actor=actor, inwoner_id=inwoner_id, versie=versie,
                                    gegevens=gegevens)  # fmt: skip
            nieuwe_versie = s.get(Inwoner, inwoner_id).versie
        self.bevestig(soort="inwoner", id=inwoner_id, waarde=gegevens.email,
                      versie=nieuwe_versie)  # fmt: skip

    def overgang(self) -> None:
        """The next step the trajectory tab offers: register when nothing runs, resume an
        interrupted trajectory, otherwise interrupt it or (sometimes) close it."""
        inwoner_id = self.kies(self.g.heet, self.g.pool)
        with self.transactie() as (s, actor):
            lopend = next((t for t in trajecten.trajecten_van(s, actor=actor, inwoner_id=inwoner_id)
                           if t.fase != TrajectFase.AFGESLOTEN), None)  # fmt: skip
            gelezen = (lopend.id, lopend.fase, lopend.versie) if lopend else None
        self.bedenk()
        vandaag = date.today()
        with self.transactie() as (s, actor):
            if gelezen is None:
                traject = trajecten.meld_aan(
                    s, actor=actor, inwoner_id=inwoner_id,
                    aanmeldbron=self.rng.choice([Aanmeldbron.KLANTMANAGER, Aanmeldbron.UWV]),
                    werkcoach_id=uuid.UUID(self.g.werkcoach_id), startdatum=vandaag)  # fmt: skip
                actie = "AANGEMAAKT"
            else:
                traject_id, fase, versie = gelezen
                kwargs = dict(actor=actor, traject_id=traject_id, versie=versie, datum=vandaag)
                if fase == TrajectFase.ONDERBROKEN:
                    traject = trajecten.hervat(s, toelichting="Inwoner is weer beschikbaar.",
                                               **kwargs)  # fmt: skip
                elif self.rng.random() < 0.15:
                    traject = trajecten.sluit_af(s, uitstroomreden=Uitstroomreden.ANDERS,
                                                 toelichting="Afgesloten in de loadtest.",
                                                 **kwargs)  # fmt: skip
                else:
                    traject = trajecten.onderbreek(s, toelichting="Tijdelijk ziek gemeld.",
                                                   **kwargs)  # fmt: skip
                actie = "GEWIJZIGD"
            stap = traject.overgangen[-1]
            ack = dict(soort="overgang", actie=actie, id=traject.id, overgang_id=stap.id,
                       waarde=traject.fase.value, versie=traject.versie)  # fmt: skip
        self.bevestig(**ack)

    def plan(self) -> None:
        """Make a new version of the vastgesteld IOP and fix it; a concept that a colleague
        left behind (their fixing lost a race) is fixed instead."""
        if not self.g.plan_pool:
            self.operatie = "dossier"
            return self.dossier()
        inwoner_id = self.kies(self.g.heet_plan, self.g.plan_pool)
        with self.transactie() as (s, actor):
            iops = [p for p in ontwikkelplannen.list_plannen(s, actor=actor, inwoner_id=inwoner_id)
                    if p.type == PlanType.IOP]  # fmt: skip
            concept = next(((p.id, p.versie) for p in iops if p.status == PlanStatus.CONCEPT),
                           None)  # fmt: skip
            vast = next((p.id for p in iops if p.status == PlanStatus.VASTGESTELD), None)
        self.bedenk()
        if concept is None:
            if vast is None:
                return
            with self.transactie() as (s, actor):
                kopie = ontwikkelplannen.nieuwe_versie(s, actor=actor, plan_id=vast)
                concept = (kopie.id, kopie.versie)
                ack = dict(soort="plan_nieuw", id=kopie.id, inwoner_id=inwoner_id,
                           waarde=kopie.planversie)  # fmt: skip
            self.bevestig(**ack)
        vandaag = date.today()
        with self.transactie() as (s, actor):
            ontwikkelplannen.vaststellen(s, actor=actor, plan_id=concept[0], versie=concept[1],
                                         ondertekend_inwoner_op=vandaag,
                                         ondertekend_coach_op=vandaag)  # fmt: skip
        self.bevestig(soort="plan_vastgesteld", id=concept[0], inwoner_id=inwoner_id)

    def rapport(self) -> None:
        soort = self.g.soort
        keuzes = {"coach": ["werkvoorraad"], "consulent": ["werkvoorraad"],
                  "teamleider": ["werkvoorraad", "caseload", "kpi"],
                  "sdv_teamleider": ["schuldhulpoverzicht", "caseload"]}[soort]  # fmt: skip
        self.operatie = self.rng.choice(keuzes)
        with self.transactie() as (s, actor):
            if self.operatie == "werkvoorraad":
                werkvoorraad(s, actor=actor)
            elif self.operatie == "caseload":
                caseload(s, actor=actor, niveau=Niveau.COACH)
            elif self.operatie == "kpi":
                kpis(s, actor=actor, periode=periode(str(date.today().year)))
            else:
                overzicht(s, actor=actor, team=True)


# --- who works where -----------------------------------------------------------------------------


def _team_pool(session: Session, team_id: uuid.UUID) -> list[str]:
    """Open dossiers whose regievoerder is in the team: within reach of every team member for
    the whole run (reach through a running trajectory could end when a colleague closes it)."""
    return [str(i) for i in session.scalars(
        select(Inwoner.id).join(Medewerker, Medewerker.id == Inwoner.regievoerder_id)
        .where(Medewerker.team_id == team_id, Inwoner.dossier_gesloten_op.is_(None),
               Inwoner.geanonimiseerd_op.is_(None)).order_by(Inwoner.id))]  # fmt: skip


def _plan_pool(session: Session, pool: list[str]) -> list[str]:
    """Inwoners with a vastgesteld IOP and no concept: where 'new version' is offered."""
    ids = [uuid.UUID(i) for i in pool]
    vast = set(session.scalars(select(Ontwikkelplan.inwoner_id).where(
        Ontwikkelplan.inwoner_id.in_(ids), Ontwikkelplan.type == PlanType.IOP,
        Ontwikkelplan.status == PlanStatus.VASTGESTELD)))  # fmt: skip
    concept = set(session.scalars(select(Ontwikkelplan.inwoner_id).where(
        Ontwikkelplan.inwoner_id.in_(ids), Ontwikkelplan.type == PlanType.IOP,
        Ontwikkelplan.status == PlanStatus.CONCEPT)))  # fmt: skip
    return sorted(str(i) for i in vast - concept)


def _zoektermen(session: Session, pool: list[str], rng: random.Random) -> list[str]:
    """What people type in the search box: part of a surname, the start of a BSN, a date."""
    steekproef = [uuid.UUID(i) for i in rng.sample(pool, min(30, len(pool)))]
    termen = []
    for achternaam, bsn, geboortedatum in session.execute(
            select(Inwoner.achternaam, Inwoner.bsn, Inwoner.geboortedatum)
            .where(Inwoner.id.in_(steekproef))):  # fmt: skip
        termen += [fold(achternaam)[:4], format_date(geboortedatum)] + ([bsn[:4]] if bsn else [])
    return termen or ["jan"]


def kies_gebruikers(sessions: sessionmaker[Session], aantal: int, seed: int) -> list[Gebruiker]:
    rng = random.Random(f"loadtest-gebruikers:{seed}")
    with sessions() as session:
        medewerkers = list(session.scalars(
            select(Medewerker).where(Medewerker.actief, Medewerker.team_id.is_not(None))
            .order_by(Medewerker.gebruikersnaam)))  # fmt: skip
        per_team: dict[uuid.UUID, list[Medewerker]] = defaultdict(list)
        for m in medewerkers:
            per_team[m.team_id].append(m)
        teams = {t.id: t for t in session.scalars(select(Team))}

        def coaches(team_id) -> list[Medewerker]:
            return [m for m in per_team[team_id]
                    if m.rollen & {Rol.JOBCOACH, Rol.PARTICIPATIECOACH}]  # fmt: skip

        def leider(team_id) -> list[Medewerker]:
            return [m for m in per_team[team_id] if Rol.TEAMLEIDER in m.rollen][:1]

        coachteams = sorted((t for t in per_team if coaches(t)),
                            key=lambda t: (-len(coaches(t)), teams[t].naam))  # fmt: skip
        sdv_team = next(
            (t for t in per_team if any(Rol.CONSULENT_SDV in m.rollen for m in per_team[t])), None
        )
        if not coachteams:
            raise SystemExit("De demogegevens hebben geen team met coaches.")
        a = coachteams[0]
        b = coachteams[1] if len(coachteams) > 1 else None
        rijen = {"A": (a, coaches(a), "coach"), "LA": (a, leider(a), "teamleider")}
        if b is not None:
            rijen |= {"B": (b, coaches(b), "coach"), "LB": (b, leider(b), "teamleider")}
        if sdv_team is not None:
            consulenten = [m for m in per_team[sdv_team] if Rol.CONSULENT_SDV in m.rollen]
            rijen |= {"C": (sdv_team, consulenten, "consulent"),
                      "LC": (sdv_team, leider(sdv_team), "sdv_teamleider")}  # fmt: skip

        # Per team the dossiers its users share: the pool, the hot ones, what to search for.
        team_data: dict[uuid.UUID, dict[str, Any]] = {}
        for team_id in sorted({rij[0] for rij in rijen.values()}):
            if team_id == sdv_team:
                pool = sorted({str(i) for i in session.scalars(
                    select(Schuldhulptraject.inwoner_id)
                    .join(Medewerker, Medewerker.id == Schuldhulptraject.consulent_id)
                    .join(Inwoner, Inwoner.id == Schuldhulptraject.inwoner_id)
                    .where(Medewerker.team_id == team_id,
                           Schuldhulptraject.fase != SchuldhulpFase.AFGESLOTEN,
                           Inwoner.dossier_gesloten_op.is_(None),
                           Inwoner.geanonimiseerd_op.is_(None)))})  # fmt: skip
                lopend = pool
            else:
                pool = _team_pool(session, team_id)
                met_traject = set(map(str, session.scalars(select(Traject.inwoner_id).where(
                    Traject.fase != TrajectFase.AFGESLOTEN))))  # fmt: skip
                lopend = [i for i in pool if i in met_traject]
            plan_pool = _plan_pool(session, pool) if team_id != sdv_team else []
            jobcoaches = [str(m.id) for m in per_team[team_id] if Rol.JOBCOACH in m.rollen]
            team_data[team_id] = {
                "pool": pool, "heet": rng.sample(lopend, min(HEET_INWONERS, len(lopend))),
                "plan_pool": plan_pool,
                "heet_plan": rng.sample(plan_pool, min(HEET_PLANNEN, len(plan_pool))),
                "zoektermen": _zoektermen(session, pool, rng),
                "werkcoach_id": jobcoaches[0] if jobcoaches else None,
            }  # fmt: skip

        gebruikers: list[Gebruiker] = []
        volgende: Counter[str] = Counter()
        for nummer in range(1, aantal + 1):
            plaats = PLAATSEN[(nummer - 1) % len(PLAATSEN)]
            if plaats not in rijen or volgende[plaats] >= len(rijen[plaats][1]):
                plaats = "A"  # that kind of user has run out: one more coach of the big team
            team_id, mensen, soort = rijen[plaats]
            # More users than people: the same medewerker signs in on a second laptop.
            m = mensen[volgende[plaats] % len(mensen)]
            volgende[plaats] += 1
            data = team_data[team_id]
            werkcoach = str(m.id) if Rol.JOBCOACH in m.rollen else data["werkcoach_id"]
            gebruikers.append(Gebruiker(
                nummer=nummer, medewerker_id=str(m.id), gebruikersnaam=m.gebruikersnaam,
                soort=soort, team=teams[team_id].naam, werkcoach_id=werkcoach,
                **{k: v for k, v in data.items() if k != "werkcoach_id"},
            ))  # fmt: skip
    return gebruikers


# --- running and reporting --------------------------------------------------------------------


def _nl(getal: float, decimalen: int = 1) -> str:
    tekst = f"{getal:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def _percentiel(waarden: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    geordend = sorted(waarden)
    return geordend[max(0, math.ceil(p / 100 * len(geordend)) - 1)]


CONFLICT_SOORTEN = {
    "versie": "versie intussen gewijzigd (ConflictError)",
    "voorrang": "een ander was eerder (geweigerd)",
}


@dataclass
class Uitkomst:
    operaties: int = 0
    seconden: float = 0.0
    conflicten: Counter[str] = field(default_factory=Counter)
    fouten: int = 0
    tracebacks: list[str] = field(default_factory=list)


def rapporteer(resultaten: list[dict[str, Any]]) -> Uitkomst:
    uitkomst = Uitkomst()
    latenties: dict[str, list[float]] = defaultdict(list)
    conflicten: dict[str, Counter[str]] = defaultdict(Counter)
    fouten: Counter[str] = Counter()
    for r in resultaten:
        for operatie, waarden in r["latenties"].items():
            latenties[operatie] += waarden
        for operatie, soorten in r["conflicten"].items():
            conflicten[operatie].update(soorten)
        fouten.update(r["fouten"])
        uitkomst.tracebacks += r["tracebacks"]
        uitkomst.seconden = max(uitkomst.seconden, r["verstreken"])
    uitkomst.operaties = sum(len(v) for v in latenties.values()) + sum(fouten.values())
    uitkomst.fouten = sum(fouten.values())
    for soorten in conflicten.values():
        uitkomst.conflicten.update(soorten)

    per_seconde = uitkomst.operaties / uitkomst.seconden if uitkomst.seconden else 0.0
    print(f"\nOperaties: {_nl(uitkomst.operaties, 0)} in {_nl(uitkomst.seconden)} s = "
          f"{_nl(per_seconde)} per seconde")  # fmt: skip
    print(f"\n{'operatie':<20}{'aantal':>8}{'conflict':>10}{'fout':>6}"
          f"{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")  # fmt: skip
    for operatie in sorted(set(latenties) | set(fouten)):
        waarden = latenties.get(operatie, [])
        cijfers = [_nl(1000 * _percentiel(waarden, p)) if waarden else "–"
                   for p in (50, 95, 99, 100)]  # fmt: skip
        aantal = len(waarden) + fouten[operatie]
        print(f"{operatie:<20}{_nl(aantal, 0):>8}{sum(conflicten[operatie].values()):>10}"
              f"{fouten[operatie]:>6}" + "".join(f"{c:>10}" for c in cijfers))  # fmt: skip
    print("(latentie: de tijd in de transacties van één operatie, zonder bedenktijd)")
    print(f"\nConflicten: {sum(uitkomst.conflicten.values())}")
    for operatie, soorten in sorted(conflicten.items()):
        if soorten:
            print(f"  {operatie}: " + ", ".join(f"{n} × {CONFLICT_SOORTEN[s]}"
                                                for s, n in sorted(soorten.items())))  # fmt: skip
    print(f"Onverwachte fouten: {uitkomst.fouten}")
    if uitkomst.tracebacks:
        print("\nDe eerste onverwachte fout:\n" + uitkomst.tracebacks[0])
    return uitkomst


# --- the checks afterwards ---------------------------------------------------------------------

# Each query returns the rows that break the invariant (the first few are printed).
INVARIANTEN: list[tuple[str, str]] = [
    ("hoogstens één lopend traject per inwoner",
     "SELECT inwoner_id, count(*) FROM traject WHERE fase <> 'AFGESLOTEN' "
     "GROUP BY inwoner_id HAVING count(*) > 1"),
    ("de fase van elk traject is de naar-fase van zijn laatste faseovergang",
     "SELECT t.id, t.fase, l.naar_fase FROM traject t LEFT JOIN LATERAL (SELECT o.naar_fase "
     "FROM fase_overgang o WHERE o.traject_id = t.id ORDER BY o.moment DESC, o.id DESC LIMIT 1) l "
     "ON true WHERE l.naar_fase IS DISTINCT FROM t.fase"),
    ("elke faseovergang begint waar de vorige eindigde",
     "SELECT traject_id, id, van_fase, vorige FROM (SELECT traject_id, id, van_fase, "
     "lag(naar_fase) OVER (PARTITION BY traject_id ORDER BY moment, id) AS vorige "
     "FROM fase_overgang) x WHERE van_fase IS DISTINCT FROM vorige"),
    ("onderbroken precies als de fase vóór de onderbreking bekend is",
     "SELECT id, fase, fase_voor_onderbreking FROM traject "
     "WHERE (fase = 'ONDERBROKEN') <> (fase_voor_onderbreking IS NOT NULL)"),
    ("afgesloten precies als einddatum en uitstroomreden bekend zijn",
     "SELECT id, fase, einddatum, uitstroomreden FROM traject "
     "WHERE (fase = 'AFGESLOTEN') <> (einddatum IS NOT NULL AND uitstroomreden IS NOT NULL)"),
    ("hoogstens één vastgesteld ontwikkelplan per inwoner en type",
     "SELECT inwoner_id, type, count(*) FROM ontwikkelplan WHERE status = 'VASTGESTELD' "
     "GROUP BY inwoner_id, type HAVING count(*) > 1"),
    ("hoogstens één conceptplan per inwoner en type",
     "SELECT inwoner_id, type, count(*) FROM ontwikkelplan WHERE status = 'CONCEPT' "
     "GROUP BY inwoner_id, type HAVING count(*) > 1"),
    ("elke planversie komt per inwoner en type één keer voor",
     "SELECT inwoner_id, type, planversie, string_agg(status::text, ', ') FROM ontwikkelplan "
     "GROUP BY inwoner_id, type, planversie HAVING count(*) > 1"),
    ("elke faseovergang van tijdens de test staat in de audittrail",
     "SELECT coalesce(o.traject_id, a.record_id), o.n, a.n FROM (SELECT traject_id, count(*) AS n "
     "FROM fase_overgang WHERE moment >= :t0 GROUP BY traject_id) o FULL JOIN (SELECT record_id, "
     "count(*) AS n FROM audit_record WHERE moment >= :t0 AND onderwerp = 'traject' "
     "AND actie IN ('AANGEMAAKT', 'GEWIJZIGD') GROUP BY record_id) a "
     "ON a.record_id = o.traject_id WHERE coalesce(o.n, 0) <> coalesce(a.n, 0)"),
    ("elk contactmoment van tijdens de test staat in de audittrail",
     "SELECT c.id, c.inwoner_id FROM contactmoment c WHERE c.aangemaakt_op >= :t0_db "
     "AND NOT EXISTS (SELECT 1 FROM audit_record a WHERE a.record_id = c.id "
     "AND a.onderwerp = 'contactmoment' AND a.actie = 'AANGEMAAKT')"),
]  # fmt: skip


@dataclass
class Controle:
    verloren: list[tuple[str, int]] = field(default_factory=list)
    invarianten: list[tuple[str, int]] = field(default_factory=list)
    voorbeelden: dict[str, list[tuple]] = field(default_factory=dict)  # invariant → bad rows

    @property
    def aantal_verloren(self) -> int:
        return sum(n for _, n in self.verloren)

    @property
    def aantal_gebroken(self) -> int:
        return sum(1 for _, n in self.invarianten if n)


def _laad_acks(map_: Path) -> list[dict[str, Any]]:
    acks = []
    for pad in sorted(map_.glob("acks-*.jsonl")):
        for regel in pad.read_text(encoding="utf-8").splitlines():
            ack = json.loads(regel)
            for sleutel in ("id", "inwoner_id", "overgang_id"):
                if sleutel in ack:
                    ack[sleutel] = uuid.UUID(ack[sleutel])
            acks.append(ack)
    return acks


def _audit_sleutel(actie: str, onderwerp: str, record_id, velden: dict | None):
    """What an audit record says was written, to match against an acknowledged write."""
    veld = {"inwoner": "email", "traject": "fase", "ontwikkelplan": "status"}.get(onderwerp)
    nieuw = None
    if actie == "GEWIJZIGD" and velden and veld in velden:
        nieuw = velden[veld][1]
    return actie, onderwerp, record_id, nieuw


def _ack_sleutel(ack: dict[str, Any]):
    match ack["soort"]:
        case "contact":
            return "AANGEMAAKT", "contactmoment", ack["id"], None
        case "inwoner":
            return "GEWIJZIGD", "inwoner", ack["id"], ack["waarde"]
        case "overgang" if ack["actie"] == "AANGEMAAKT":
            return "AANGEMAAKT", "traject", ack["id"], None
        case "overgang":
            return "GEWIJZIGD", "traject", ack["id"], ack["waarde"]
        case "plan_nieuw":
            return "AANGEMAAKT", "ontwikkelplan", ack["id"], None
        case _:
            return "GEWIJZIGD", "ontwikkelplan", ack["id"], PlanStatus.VASTGESTELD.value


def _laatste_per_versie(acks: list[dict[str, Any]], controle: Controle, wat: str,
                        huidig: dict[uuid.UUID, tuple[int, str]]) -> int:  # fmt: skip
    """Versioned records (inwoner, traject): no two acknowledged writes on the same version
    (one silently overwrote the other), and the record now holds the value of its last
    acknowledged version. Returns how many records are further than any acknowledgement
    (a write stored although its user was told it failed)."""
    per_record: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for ack in acks:
        per_record[ack["id"]].append(ack)
    dubbel = verloren = onbevestigd = 0
    for record_id, lijst in per_record.items():
        versies = Counter(a["versie"] for a in lijst)
        dubbel += sum(n - 1 for n in versies.values() if n > 1)
        laatste = max(lijst, key=lambda a: a["versie"])
        versie, waarde = huidig.get(record_id, (0, None))
        if versie < laatste["versie"] or (versie == laatste["versie"]
                                          and waarde != laatste["waarde"]):  # fmt: skip
            verloren += 1
        elif versie > laatste["versie"]:
            onbevestigd += 1
    controle.verloren.append((f"{wat}: twee bevestigde schrijfacties op dezelfde versie", dubbel))
    controle.verloren.append((f"{wat}: laatste bevestigde waarde niet in de database", verloren))
    return onbevestigd


def controleer(engine: Engine, acks: list[dict[str, Any]], t0: datetime,
               t0_db: datetime) -> Controle:  # fmt: skip
    controle = Controle()
    soorten: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ack in acks:
        soorten[ack["soort"]].append(ack)
    # Writes stored although their user was told they failed, per kind.
    onbevestigd: dict[str, int] = {}
    with engine.connect() as c:
        # Contactmomenten: each one acknowledged is there with its text; none extra.
        nieuw = {i: (inw, tekst) for i, inw, tekst in c.execute(
            select(Contactmoment.id, Contactmoment.inwoner_id, Contactmoment.samenvatting)
            .where(Contactmoment.aangemaakt_op >= t0_db))}  # fmt: skip
        controle.verloren.append(("contactmoment ontbreekt of heeft een andere tekst", sum(
            1 for a in soorten["contact"] if nieuw.get(a["id"]) != (a["inwoner_id"], a["waarde"])
        )))  # fmt: skip
        onbevestigd["contactmomenten"] = len(nieuw.keys() - {a["id"] for a in soorten["contact"]})

        # Personalia: the e-mail address of the last acknowledged version.
        ids = list({a["id"] for a in soorten["inwoner"]})
        huidig = {
            i: (v, e)
            for i, v, e in c.execute(
                select(Inwoner.id, Inwoner.versie, Inwoner.email).where(Inwoner.id.in_(ids))
            )
        }
        onbevestigd["personalia"] = _laatste_per_versie(soorten["inwoner"], controle, "inwoner",
                                                        huidig)  # fmt: skip

        # Trajecten: every acknowledged step on the timeline, the phase of the last one.
        stappen = {i: (t, f.value) for i, t, f in c.execute(
            select(FaseOvergang.id, FaseOvergang.traject_id, FaseOvergang.naar_fase)
            .where(FaseOvergang.moment >= t0))}  # fmt: skip
        controle.verloren.append(("faseovergang ontbreekt of gaat naar een andere fase", sum(
            1 for a in soorten["overgang"]
            if stappen.get(a["overgang_id"]) != (a["id"], a["waarde"]))))  # fmt: skip
        ids = list({a["id"] for a in soorten["overgang"]})
        huidig = {
            i: (v, f.value)
            for i, v, f in c.execute(
                select(Traject.id, Traject.versie, Traject.fase).where(Traject.id.in_(ids))
            )
        }
        onbevestigd["trajectstappen"] = len(
            stappen.keys() - {a["overgang_id"] for a in soorten["overgang"]}
        ) + _laatste_per_versie(soorten["overgang"], controle, "traject", huidig)

        # Ontwikkelplannen: every acknowledged version exists, every acknowledged vaststelling
        # is in force or was replaced, and the plan in force is an acknowledged one.
        vastgesteld = {a["id"] for a in soorten["plan_vastgesteld"]}
        betrokken = list({a["inwoner_id"] for a in soorten["plan_nieuw"]}
                         | {a["inwoner_id"] for a in soorten["plan_vastgesteld"]})  # fmt: skip
        plannen = {
            i: (inw, s)
            for i, inw, s in c.execute(
                select(Ontwikkelplan.id, Ontwikkelplan.inwoner_id, Ontwikkelplan.status).where(
                    Ontwikkelplan.inwoner_id.in_(betrokken), Ontwikkelplan.type == PlanType.IOP
                )
            )
        }
        in_kracht = {inw: i for i, (inw, s) in plannen.items() if s == PlanStatus.VASTGESTELD}
        controle.verloren.append(("nieuwe planversie ontbreekt", sum(
            1 for a in soorten["plan_nieuw"] if a["id"] not in plannen)))  # fmt: skip
        controle.verloren.append(
            (
                "vastgesteld plan ontbreekt of is niet vastgesteld/vervangen",
                sum(
                    1
                    for i in vastgesteld
                    if plannen.get(i, (None, None))[1]
                    not in (PlanStatus.VASTGESTELD, PlanStatus.VERVANGEN)
                ),
            )
        )
        controle.verloren.append(("het plan van kracht is niet het laatst vastgestelde", sum(
            1 for inw in {a["inwoner_id"] for a in soorten["plan_vastgesteld"]}
            if in_kracht.get(inw) not in vastgesteld)))  # fmt: skip
        gemaakt = set(c.scalars(select(Ontwikkelplan.id).where(
            Ontwikkelplan.aangemaakt_op >= t0_db)))  # fmt: skip
        onbevestigd["planversies"] = len(gemaakt - {a["id"] for a in soorten["plan_nieuw"]})

        # The audit trail: a record for every acknowledged write, none for others.
        audit: Counter = Counter()
        for actie, onderwerp, record_id, velden in c.execute(text(
                "SELECT actie, onderwerp, record_id, velden FROM audit_record WHERE moment >= :t0 "
                "AND actie IN ('AANGEMAAKT', 'GEWIJZIGD') "
                "AND onderwerp IN ('contactmoment', 'inwoner', 'traject', 'ontwikkelplan')"),
                {"t0": t0}):  # fmt: skip
            audit[_audit_sleutel(actie, onderwerp, record_id, velden)] += 1
        verwacht = Counter(_ack_sleutel(a) for a in acks)
        controle.verloren.append(("audit-record ontbreekt bij een bevestigde schrijfactie", sum(
            max(0, n - audit[k]) for k, n in verwacht.items())))  # fmt: skip
        onbevestigd["audit-records"] = sum(max(0, n - verwacht[k]) for k, n in audit.items())

        for naam, sql in INVARIANTEN:
            rijen = [tuple(r) for r in c.execute(text(sql), {"t0": t0, "t0_db": t0_db})]
            controle.invarianten.append((naam, len(rijen)))
            controle.voorbeelden[naam] = rijen[:3]
        tabellen = [t for t in Base.metadata.sorted_tables if "versie" in t.c]
        controle.invarianten.append((
            f"versie is een positief getal in alle {len(tabellen)} bewerkbare tabellen",
            sum(c.scalar(select(func.count()).select_from(t)
                         .where((t.c.versie.is_(None)) | (t.c.versie < 1))) for t in tabellen),
        ))  # fmt: skip
    for wat, aantal in onbevestigd.items():
        controle.invarianten.append(
            (f"geen {wat} opgeslagen die de gebruiker als mislukt zag", aantal)
        )
    return controle


def _tekst(waarde: Any) -> str:
    return "–" if waarde is None else str(waarde)


def druk_controle_af(controle: Controle, acks: list[dict[str, Any]]) -> None:
    aantallen = Counter(a["soort"] for a in acks)
    namen = {"contact": "contactmomenten", "inwoner": "wijzigingen personalia",
             "overgang": "trajectstappen", "plan_nieuw": "nieuwe planversies",
             "plan_vastgesteld": "vastgestelde plannen"}  # fmt: skip
    print(
        f"\nControle na afloop: {_nl(len(acks), 0)} bevestigde schrijfacties ("
        + ", ".join(f"{_nl(aantallen[s], 0)} {naam}" for s, naam in namen.items())
        + ")"
    )
    print("Verloren schrijfacties:")
    for naam, aantal in controle.verloren:
        print(f"  {'OK ' if not aantal else 'FOUT'} {aantal:>5}  {naam}")
    print("Invarianten:")
    for naam, aantal in controle.invarianten:
        print(f"  {'OK ' if not aantal else 'FOUT'} {aantal:>5}  {naam}")
        for rij in controle.voorbeelden.get(naam, []):
            print("               bijvoorbeeld: " + ", ".join(_tekst(w) for w in rij))


# --- main ------------------------------------------------------------------------------------


def loadtest(args: argparse.Namespace, url: str) -> int:
    if make_url(url).get_backend_name() != "postgresql":
        print("De loadtest draait alleen op PostgreSQL (meerdere gebruikers op één server).",
              file=sys.stderr)  # fmt: skip
        return 2
    print(f"Database voorbereiden en {_nl(args.inwoners, 0)} demo-inwoners laden …", flush=True)
    try:
        engine, sessions = open_database(url)
        demo = generate_demo(sessions, inwoners=args.inwoners, seed=args.seed)
    except DomainError as error:  # e.g. --url names a database that is not empty
        print(error.message, file=sys.stderr)
        return 2
    print(demo.summary().splitlines()[0])
    gebruikers = kies_gebruikers(sessions, args.users, args.seed)
    soorten = Counter(g.soort for g in gebruikers)
    print(
        f"\n{len(gebruikers)} gebruikers ("
        + ", ".join(f"{n} {s}" for s, n in soorten.items())
        + f") werken {_nl(args.seconds, 0)} s tegelijk, elk in een eigen proces …",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="koers-loadtest-") as tmp:
        ctx = multiprocessing.get_context("spawn")
        start = ctx.Barrier(len(gebruikers) + 1)
        t0 = datetime.now(UTC)
        with engine.connect() as c:
            t0_db = c.scalar(select(func.now()))
        processen = [
            ctx.Process(
                target=werker, name=f"gebruiker-{g.nummer}", args=(url, g, args.seconds, start, tmp)
            )
            for g in gebruikers
        ]
        for p in processen:
            p.start()
        try:
            start.wait(timeout=START_TIMEOUT)
        except BrokenBarrierError:
            print("Niet alle gebruikers zijn op tijd gestart.", file=sys.stderr)
        einde = time.monotonic() + args.seconds + 120
        for p in processen:
            p.join(timeout=max(1.0, einde - time.monotonic()))
        vastgelopen = [p for p in processen if p.is_alive()]
        for p in vastgelopen:
            p.terminate()
            p.join()
        resultaten = [json.loads(pad.read_text(encoding="utf-8"))
                      for pad in sorted(Path(tmp).glob("resultaat-*.json"))]  # fmt: skip
        acks = _laad_acks(Path(tmp))

    uitkomst = rapporteer(resultaten)
    ontbrekend = len(gebruikers) - len(resultaten)
    if ontbrekend:
        print(f"{ontbrekend} gebruiker(s) stopten zonder resultaat (vastgelopen of afgebroken).")
    controle = controleer(engine, acks, t0, t0_db)
    engine.dispose()
    druk_controle_af(controle, acks)
    print(f"\n{controle.aantal_verloren} verloren schrijfacties, "
          f"{controle.aantal_gebroken} gebroken invarianten")  # fmt: skip
    geslaagd = not (controle.aantal_verloren or controle.aantal_gebroken or uitkomst.fouten
                    or ontbrekend)  # fmt: skip
    print("Loadtest geslaagd." if geslaagd else "Loadtest MISLUKT.")
    return 0 if geslaagd else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="gelijktijdige gebruikers")
    parser.add_argument("--seconds", type=float, default=60, help="duur van de belasting")
    parser.add_argument("--inwoners", type=int, default=5_000, help="demo-inwoners")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="een bestaande, LEGE PostgreSQL-database in plaats van een "
                        "wegwerpserver")  # fmt: skip
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users en --seconds moeten positief zijn")
    if args.url:
        return loadtest(args, args.url)
    pgdir = tempfile.mkdtemp(prefix="koers-loadtest-pg-")
    os.chmod(pgdir, 0o755)  # the server may run as user 'postgres' (see throwaway-postgres.sh)
    try:
        gestart = subprocess.run([str(THROWAWAY_POSTGRES), "start", pgdir], stdout=subprocess.PIPE,
                                 text=True, check=False)  # fmt: skip
        if gestart.returncode != 0:
            return 2
        return loadtest(args, gestart.stdout.strip())
    finally:
        subprocess.run([str(THROWAWAY_POSTGRES), "stop", pgdir], check=False)
        shutil.rmtree(pgdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
