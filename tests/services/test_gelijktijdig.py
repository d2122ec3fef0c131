"""Two colleagues on one PostgreSQL server doing the same thing at the same moment: exactly one
succeeds, the other gets a clear Dutch message (ConflictError), and the invariants hold (one
current phase with a history without gaps, one vastgesteld plan, one concept).

Each race is real: user A does the work and holds its row locks (flushed, not committed) while
user B starts the same work from the same version; then A commits. B either waits for A's
lock and finds the row changed, or reads after A's commit and fails the version check; both
must end in ConflictError and change nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_sessionmaker, upgrade_database
from app.models import (
    FaseOvergang,
    Inwoner,
    Medewerker,
    Ontwikkelplan,
    Ontwikkelstadium,
    PlanStatus,
    Rol,
    Traject,
    TrajectFase,
)
from app.services import inwoners
from app.services import ontwikkelplannen as plannen
from app.services import trajecten as svc
from app.services.errors import ConflictError
from app.services.referentiedata import ensure_reference_data
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services.iop_helpers import concept, vaststellen
from tests.services.traject_helpers import aangemeld, stadium

pytestmark = pytest.mark.database

Work = Callable[[Session, Medewerker], object]


@dataclass
class Werkplek:
    sessions: sessionmaker[Session]
    coach_a: uuid.UUID
    coach_b: uuid.UUID
    inwoner_id: uuid.UUID

    def doe(self, work: Work) -> object:
        """Work as coach A in a committed transaction of its own (the set-up of a race)."""
        with self.sessions.begin() as session:
            return work(session, session.get(Medewerker, self.coach_a))

    def lees(self, query):
        with self.sessions.begin() as session:
            return session.execute(query).all()


@pytest.fixture
def werkplek(fresh_engine) -> Werkplek:
    if fresh_engine.dialect.name != "postgresql":
        pytest.skip("Gelijktijdig werken is er op de teamserver (PostgreSQL); de ingebouwde "
                    "database heeft één gebruiker.")  # fmt: skip
    upgrade_database(fresh_engine)
    sessions = make_sessionmaker(fresh_engine)
    with sessions.begin() as session:
        ensure_reference_data(session)
        team = maak_team(session, "Team A")
        rollen = [Rol.JOBCOACH, Rol.TEAMLEIDER]
        a = maak_medewerker(session, "coach_a", rollen, team=team)
        b = maak_medewerker(session, "coach_b", rollen, team=team)
        gegevens = inwoners.InwonerGegevens(
            bsn=make_bsn(77), voornamen="Noor", achternaam="Bakker",
            geboortedatum=date(1991, 5, 4), regievoerder_id=a.id,
            woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
        )  # fmt: skip
        inwoner = inwoners.create_inwoner(session, actor=a, gegevens=gegevens, today=TODAY)
        return Werkplek(sessions, a.id, b.id, inwoner.id)


def race(werkplek: Werkplek, work: Work) -> dict[str, object]:
    """Coach A and coach B do `work` at the same moment; their outcomes ("ok" or the error)."""
    a_holds_locks = threading.Event()
    outcomes: dict[str, object] = {}

    def user(naam: str, actor_id: uuid.UUID, before_commit: Callable[[], None]) -> None:
        try:
            with werkplek.sessions.begin() as session:
                work(session, session.get(Medewerker, actor_id))
                session.flush()
                before_commit()
            outcomes[naam] = "ok"
        except Exception as error:  # the test inspects it
            outcomes[naam] = error
        finally:
            a_holds_locks.set()

    def a_waits() -> None:
        a_holds_locks.set()
        time.sleep(0.5)  # B now reads the old version and waits for A's row lock

    a = threading.Thread(target=user, args=("a", werkplek.coach_a, a_waits))
    b = threading.Thread(target=user, args=("b", werkplek.coach_b, lambda: None))
    a.start()
    a_holds_locks.wait(10)
    b.start()
    a.join(30)
    b.join(30)
    return outcomes


def one_wins(outcomes: dict[str, object]) -> None:
    assert outcomes["a"] == "ok", outcomes
    assert isinstance(outcomes["b"], ConflictError), outcomes
    assert "intussen door iemand anders gewijzigd" in outcomes["b"].message


def history_is_whole(werkplek: Werkplek, traject_id: uuid.UUID, stappen: int) -> None:
    """The traject's phase is where its last step ended, and every step starts where the one
    before it ended."""
    rows = werkplek.lees(select(FaseOvergang.van_fase, FaseOvergang.naar_fase)
                         .where(FaseOvergang.traject_id == traject_id)
                         .order_by(FaseOvergang.moment))  # fmt: skip
    assert len(rows) == stappen
    for (_v, vorige_naar), (van, _n) in itertools.pairwise(rows):
        assert van == vorige_naar
    [(fase,)] = werkplek.lees(select(Traject.fase).where(Traject.id == traject_id))
    assert fase == rows[-1].naar_fase


def test_the_same_phase_step_twice_at_once(werkplek):
    traject = werkplek.doe(lambda s, a: aangemeld(s, a, s.get(Inwoner, werkplek.inwoner_id)))
    outcomes = race(
        werkplek,
        lambda s, a: svc.start_intake(
            s, actor=a, traject_id=traject.id, versie=traject.versie, datum=TODAY, today=TODAY
        ),
    )
    one_wins(outcomes)
    history_is_whole(werkplek, traject.id, stappen=2)
    [(fase,)] = werkplek.lees(select(Traject.fase).where(Traject.id == traject.id))
    assert fase == TrajectFase.INTAKE


def test_a_step_that_keeps_the_phase_twice_at_once(werkplek):
    """Assigning a coach keeps the phase; its version still guards the trajectory."""
    traject = werkplek.doe(
        lambda s, a: stadium(
            s, a, s.get(Inwoner, werkplek.inwoner_id), Ontwikkelstadium.ONTWIKKELPOTENTIEEL
        )
    )
    stappen = len(werkplek.lees(select(FaseOvergang.id)
                                .where(FaseOvergang.traject_id == traject.id)))  # fmt: skip
    outcomes = race(werkplek, lambda s, a: svc.wijs_coach_toe(
        s, actor=a, traject_id=traject.id, versie=traject.versie, rol="jobcoach",
        medewerker_id=a.id, today=TODAY))  # fmt: skip
    one_wins(outcomes)
    history_is_whole(werkplek, traject.id, stappen=stappen + 1)


def test_two_registrations_of_one_inwoner_give_one_traject(werkplek):
    outcomes = race(werkplek, lambda s, a: aangemeld(s, a, s.get(Inwoner, werkplek.inwoner_id)))
    assert sorted(map(str, outcomes.values())).count("ok") == 1, outcomes
    assert werkplek.lees(select(func.count()).select_from(Traject)) == [(1,)]


def test_fixing_one_concept_twice_at_once(werkplek):
    plan = werkplek.doe(lambda s, a: concept(s, a, s.get(Inwoner, werkplek.inwoner_id)))
    one_wins(race(werkplek, lambda s, a: vaststellen(s, a, plan)))
    statussen = werkplek.lees(select(Ontwikkelplan.status))
    assert statussen == [(PlanStatus.VASTGESTELD,)]


def test_two_new_versions_of_one_plan_at_once(werkplek):
    """The race the load test found: both made a concept with the same version number."""
    plan = werkplek.doe(lambda s, a: vaststellen(s, a, concept(s, a, s.get(
        Inwoner, werkplek.inwoner_id))))  # fmt: skip
    one_wins(race(werkplek, lambda s, a: plannen.nieuwe_versie(s, actor=a, plan_id=plan.id)))
    rows = werkplek.lees(select(Ontwikkelplan.status, Ontwikkelplan.planversie)
                         .order_by(Ontwikkelplan.planversie))  # fmt: skip
    assert rows == [(PlanStatus.VASTGESTELD, 1), (PlanStatus.CONCEPT, 2)]


def test_two_edits_of_one_inwoner_at_once(werkplek):
    with werkplek.sessions.begin() as session:
        inwoner = session.get(Inwoner, werkplek.inwoner_id)
        gegevens, versie = inwoners.InwonerGegevens.from_inwoner(inwoner), inwoner.versie

    def wijzig(session, actor):
        nieuw = dataclasses.replace(gegevens, email=f"{actor.gebruikersnaam}@voorbeeld.nl")
        inwoners.update_inwoner(session, actor=actor, inwoner_id=werkplek.inwoner_id,
                                versie=versie, gegevens=nieuw, today=TODAY)  # fmt: skip

    one_wins(race(werkplek, wijzig))
    assert werkplek.lees(select(Inwoner.email)) == [("coach_a@voorbeeld.nl",)]
