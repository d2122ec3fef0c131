"""The trajectory workflow T1–T17 (brief §3.13, §9.4): each transition's allowed path and every
refusal, the timeline it leaves, and what the GUI is offered."""

from __future__ import annotations

from datetime import timedelta

from app.models import (
    TrajectFase,
    Uitstroomreden,
)
from app.services import trajecten as svc
from tests.conftest import TODAY
from tests.services import traject_helpers as h

F = TrajectFase


def test_walk_from_aanmelding_to_closure(session, actor, plan_inwoner, team_a):
    traject = h.geplaatst(session, actor, plan_inwoner, team_a)
    svc.start_begeleiding(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    svc.start_nazorg(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        nazorg_tot=TODAY + timedelta(days=180),
        afspraken="Maandelijks bellen met werkgever en inwoner",
        today=TODAY,
    )
    svc.sluit_af(
        session,
        actor=actor,
        traject_id=traject.id,
        uitstroomreden=Uitstroomreden.WERK_REGULIER,
        datum=TODAY,
        today=TODAY,
    )
    codes = [(o.code, o.naar_fase) for o in traject.overgangen]
    assert codes == [
        ("START", F.AANGEMELD),
        ("T1", F.INTAKE),
        ("T3", F.STADIUM_BEPAALD),
        ("COACH", F.STADIUM_BEPAALD),
        ("T4", F.ONTWIKKELING),
        ("T5", F.ONTWIKKELING),
        ("T6", F.MATCHING),
        ("T9", F.GEPLAATST),
        ("T10", F.BEGELEIDING_OP_WERK),
        ("T11", F.NAZORG),
        ("T11", F.AFGESLOTEN),
    ]
    assert traject.fase == F.AFGESLOTEN and traject.einddatum == TODAY
