"""Shared steps for tests of ontwikkelplannen: a complete concept, and vaststellen it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.models import Intensiteit, Ontwikkelplan, Partij, PlanType, Setting
from app.services import ontwikkelplannen as svc
from tests.conftest import TODAY


def volledig(**overrides) -> svc.PlanGegevens:
    gegevens = svc.PlanGegevens(
        talenten="Handig met gereedschap", ontwikkelpotentieel="Kan doorgroeien naar regulier werk",
        werkniveau_start=2, werkniveau_doel=3,
        doelen=[svc.DoelGegevens("Op tijd beginnen", "Werkhouding", "Leerwerkplek",
                                 "Jobcoach", date(2027, 3, 1))],
        afspraken=[svc.AfspraakGegevens("Meldt zich af bij ziekte", Partij.INWONER, True)],
        regime=svc.RegimeGegevens("Jobcoach", Intensiteit.HOOGFREQUENT, "1 keer per week",
                                  Setting.INTERN),
    )  # fmt: skip
    return replace(gegevens, **overrides)


def concept(session, actor, inwoner, gegevens=None) -> Ontwikkelplan:
    plan = svc.nieuw_plan(session, actor=actor, inwoner_id=inwoner.id, type=PlanType.IOP,
                          today=TODAY)  # fmt: skip
    return svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                              gegevens=gegevens or volledig())  # fmt: skip


def vaststellen(session, actor, plan, **kwargs) -> Ontwikkelplan:
    values = {"ondertekend_inwoner_op": TODAY, "ondertekend_coach_op": TODAY, **kwargs}
    return svc.vaststellen(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                           today=TODAY, **values)  # fmt: skip
