"""Ontwikkelplan lifecycle: every rule with its allowed path and each refusal."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest
from sqlalchemy import func, select, update

from app.models import (
    Bewijs,
    DoelStatus,
    Intensiteit,
    Ontwikkelplan,
    PlanStatus,
    PlanType,
    Rol,
)
from app.services import ontwikkelplannen as svc
from app.services.errors import ConflictError, DomainError, ToegangGeweigerd, ValidationError
from tests.conftest import TODAY, maak_medewerker
from tests.services.iop_helpers import concept, vaststellen, volledig


class TestConcept:
    def test_new_concept_is_version_1(self, session, actor, plan_inwoner):
        plan = svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.IOP,
                              today=TODAY)  # fmt: skip
        assert (plan.status, plan.planversie, plan.eigenaar_id) == (PlanStatus.CONCEPT, 1, actor.id)

    def test_second_concept_of_the_same_type_is_refused(self, session, actor, plan_inwoner):
        svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.IOP)
        with pytest.raises(DomainError, match="al een concept-IOP"):
            svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.IOP)
        svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.POP)

    def test_edit_saves_goals_in_order(self, session, actor, plan_inwoner):
        doelen = [svc.DoelGegevens(f"Doel {n}", streefdatum=date(2027, 1, n)) for n in range(1, 4)]
        plan = concept(session, actor, plan_inwoner, volledig(doelen=doelen))
        assert [d.omschrijving for d in plan.doelen] == ["Doel 1", "Doel 2", "Doel 3"]
        assert plan.regime.intensiteit == Intensiteit.HOOGFREQUENT

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"periode_van": date(2027, 1, 1), "periode_tot": date(2026, 1, 1)}, "periode_tot"),
            ({"werkniveau_doel": 9}, "werkniveau_doel"),
            ({"evaluatie_interval_maanden": 0}, "evaluatie_interval_maanden"),
            ({"doelen": [svc.DoelGegevens(" ")]}, "doel_1"),
            ({"afspraken": [svc.AfspraakGegevens("")]}, "afspraak_1"),
            ({"regime": svc.RegimeGegevens("", None, "", None)}, "regime"),
        ],
    )
    def test_refusals(self, session, actor, plan_inwoner, overrides, field):
        plan = svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.IOP)
        with pytest.raises(ValidationError) as info:
            svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                               gegevens=volledig(**overrides))  # fmt: skip
        assert field in info.value.errors

    def test_concurrent_edit_is_a_conflict(self, session, actor, plan_inwoner):
        plan = concept(session, actor, plan_inwoner)
        stale = plan.versie
        svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=stale,
                           gegevens=volledig(talenten="Nieuw"))  # fmt: skip
        with pytest.raises(ConflictError):
            svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=stale,
                               gegevens=volledig(talenten="Ouder"))  # fmt: skip

    def test_goal_only_edit_also_bumps_the_version(self, session, actor, plan_inwoner):
        plan = concept(session, actor, plan_inwoner)
        before = plan.versie
        doelen = [*volledig().doelen, svc.DoelGegevens("Extra", streefdatum=date(2027, 6, 1))]
        svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=before,
                           gegevens=volledig(doelen=doelen))  # fmt: skip
        assert plan.versie > before


class TestVaststellen:
    def test_sets_status_signatures_and_next_evaluation(self, session, actor, plan_inwoner):
        plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        assert plan.status == PlanStatus.VASTGESTELD
        assert plan.volgende_evaluatie == date(2027, 5, 23)  # 6 months, python-dateutil

    def test_configurable_interval(self, session, actor, plan_inwoner):
        plan = concept(session, actor, plan_inwoner, volledig(evaluatie_interval_maanden=3))
        assert vaststellen(session, actor, plan).volgende_evaluatie == date(2027, 2, 23)

    def test_missing_parts_are_all_listed(self, session, actor, plan_inwoner):
        plan = concept(
            session, actor, plan_inwoner, svc.PlanGegevens(doelen=[svc.DoelGegevens("X")])
        )
        with pytest.raises(DomainError) as info:
            vaststellen(session, actor, plan)
        assert info.value.message == (
            "Het IOP kan nog niet worden vastgesteld. Vul eerst in: het ontwikkelpotentieel; "
            "minstens één ontwikkeldoel met een streefdatum; de ontwikkelafspraken; "
            "het begeleidingsregime."
        )
        assert plan.status == PlanStatus.CONCEPT

    @pytest.mark.parametrize("field", ["ondertekend_inwoner_op", "ondertekend_coach_op"])
    def test_signatures_are_required_and_not_in_the_future(
        self, session, actor, plan_inwoner, field
    ):
        plan = concept(session, actor, plan_inwoner)
        with pytest.raises(ValidationError) as info:
            vaststellen(session, actor, plan, **{field: None})
        assert field in info.value.errors
        with pytest.raises(ValidationError):
            vaststellen(session, actor, plan, **{field: date(2027, 1, 1)})

    def test_vastgesteld_plan_cannot_be_changed_through_any_service(
        self, session, actor, plan_inwoner
    ):
        plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        with pytest.raises(DomainError, match="kan niet meer worden gewijzigd"):
            svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                               gegevens=volledig(talenten="Anders"))  # fmt: skip
        with pytest.raises(DomainError, match="kan niet meer worden gewijzigd"):
            vaststellen(session, actor, plan)
        assert plan.talenten == "Handig met gereedschap"


class TestVersions:
    def test_new_version_copies_and_replaces_on_vaststellen(self, session, actor, plan_inwoner):
        v1 = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        v2 = svc.nieuwe_versie(session, actor=actor, plan_id=v1.id)
        assert (v2.planversie, v2.vorige_id, v2.status) == (2, v1.id, PlanStatus.CONCEPT)
        assert [d.omschrijving for d in v2.doelen] == ["Op tijd beginnen"]
        assert svc.verschillen(v1, v2) == []  # a true copy: only real edits show as changes
        assert v1.status == PlanStatus.VASTGESTELD  # still in force while v2 is a concept
        v2 = svc.wijzig_concept(session, actor=actor, plan_id=v2.id, versie=v2.versie,
                                gegevens=volledig(werkniveau_doel=4))  # fmt: skip
        vaststellen(session, actor, v2)
        assert (v1.status, v2.status) == (PlanStatus.VERVANGEN, PlanStatus.VASTGESTELD)
        assert session.scalar(select(func.count()).select_from(Ontwikkelplan).where(
            Ontwikkelplan.inwoner_id == plan_inwoner.id,
            Ontwikkelplan.status == PlanStatus.VASTGESTELD)) == 1  # fmt: skip
        assert ("Beoogd werkniveau", "3", "4") in svc.verschillen(v1, v2)

    def test_new_version_only_from_vastgesteld_and_once(self, session, actor, plan_inwoner):
        plan = concept(session, actor, plan_inwoner)
        with pytest.raises(DomainError, match="Alleen van een vastgesteld plan"):
            svc.nieuwe_versie(session, actor=actor, plan_id=plan.id)
        vaststellen(session, actor, plan)
        svc.nieuwe_versie(session, actor=actor, plan_id=plan.id)
        with pytest.raises(DomainError, match="al een concept"):
            svc.nieuwe_versie(session, actor=actor, plan_id=plan.id)

    def test_no_fresh_plan_next_to_a_vastgesteld_one(self, session, actor, plan_inwoner):
        vaststellen(session, actor, concept(session, actor, plan_inwoner))
        with pytest.raises(DomainError, match="Nieuwe versie"):
            svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.IOP)

    def test_differences_list_goals(self, session, actor, plan_inwoner):
        v1 = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        v2 = svc.nieuwe_versie(session, actor=actor, plan_id=v1.id)
        doelen = [replace(volledig().doelen[0], status=DoelStatus.BEHAALD),
                  svc.DoelGegevens("Nieuw doel", streefdatum=date(2027, 9, 1))]  # fmt: skip
        v2 = svc.wijzig_concept(session, actor=actor, plan_id=v2.id, versie=v2.versie,
                                gegevens=volledig(doelen=doelen))  # fmt: skip
        diff = {label: (old, new) for label, old, new in svc.verschillen(v1, v2)}
        assert diff["Doel 1"][1].endswith("Behaald")
        assert diff["Doel 2"] == ("(geen)", "Nieuw doel · 01-09-2027 · Open")

    def test_afsluiten(self, session, actor, plan_inwoner):
        plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        with pytest.raises(ValidationError):
            svc.afsluiten(session, actor=actor, plan_id=plan.id, reden_afsluiting=" ")
        svc.afsluiten(session, actor=actor, plan_id=plan.id, reden_afsluiting="Uitgestroomd")
        assert (plan.status, plan.volgende_evaluatie) == (PlanStatus.AFGESLOTEN, None)
        with pytest.raises(DomainError, match="al afgesloten"):
            svc.afsluiten(session, actor=actor, plan_id=plan.id, reden_afsluiting="Nogmaals")


class TestEvaluaties:
    def test_evaluation_moves_the_next_date(self, session, actor, plan_inwoner):
        plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        svc.evalueer(session, actor=actor, plan_id=plan.id, today=date(2027, 6, 1),
                     gegevens=svc.EvaluatieGegevens(date(2027, 6, 1), "Minder begeleiding nodig",
                                                    True, "Door naar stadium 1"))  # fmt: skip
        assert plan.volgende_evaluatie == date(2027, 12, 1)

    @pytest.mark.parametrize(
        ("gegevens", "field"),
        [
            (svc.EvaluatieGegevens(None, "x"), "datum"),
            (svc.EvaluatieGegevens(date(2026, 12, 1), "x"), "datum"),
            (svc.EvaluatieGegevens(date(2026, 1, 1), "x"), "datum"),
            (svc.EvaluatieGegevens(TODAY, " "), "begeleidingsnoodzaak"),
        ],
    )
    def test_refusals(self, session, actor, plan_inwoner, gegevens, field):
        plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        with pytest.raises(ValidationError) as info:
            svc.evalueer(session, actor=actor, plan_id=plan.id, gegevens=gegevens, today=TODAY)
        assert field in info.value.errors

    def test_only_vastgesteld_plans_are_evaluated(self, session, actor, plan_inwoner):
        plan = concept(session, actor, plan_inwoner)
        with pytest.raises(DomainError, match="Alleen een vastgesteld plan"):
            svc.evalueer(session, actor=actor, plan_id=plan.id,
                         gegevens=svc.EvaluatieGegevens(TODAY, "x"), today=TODAY)  # fmt: skip

    def test_overdue_evaluations_are_queryable(self, session, actor, plan_inwoner):
        plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
        assert svc.achterstallige_evaluaties(session, actor=actor, peildatum=TODAY) == []
        session.execute(update(Ontwikkelplan).where(Ontwikkelplan.id == plan.id)
                        .values(volgende_evaluatie=date(2026, 10, 1)))  # fmt: skip
        overdue = svc.achterstallige_evaluaties(session, actor=actor, peildatum=TODAY)
        assert [(o.naam, o.dagen_te_laat) for o in overdue] == [("Łukasz Şahin-Öztürk", 53)]
        buiten = maak_medewerker(session, "ander", [Rol.JOBCOACH])
        assert svc.achterstallige_evaluaties(session, actor=buiten, peildatum=TODAY) == []


class TestWerkniveau:
    def test_measurement_with_evidence(self, session, actor, plan_inwoner):
        gegevens = svc.WerkniveauGegevens(date(2025, 1, 1), 2, True, Bewijs.OBSERVATIE,
                                          "Observatie werkleider")  # fmt: skip
        svc.meet_werkniveau(session, actor=actor, inwoner_id=plan_inwoner.id, gegevens=gegevens,
                            today=TODAY)  # fmt: skip
        with pytest.raises(ValidationError, match="al een nulmeting"):
            svc.meet_werkniveau(session, actor=actor, inwoner_id=plan_inwoner.id, gegevens=gegevens,
                                today=TODAY)  # fmt: skip
        later = replace(gegevens, datum=TODAY, niveau=3, is_baseline=False,
                        bewijs=Bewijs.PRAKTIJKVERKLARING)  # fmt: skip
        svc.meet_werkniveau(session, actor=actor, inwoner_id=plan_inwoner.id, gegevens=later,
                            today=TODAY)  # fmt: skip
        assert [m.niveau for m in svc.werkniveau_metingen(session, actor=actor,
                                                          inwoner_id=plan_inwoner.id)] == [2, 3]  # fmt: skip

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [({"niveau": 9}, "niveau"), ({"bewijs": None}, "bewijs"),
         ({"bewijs_omschrijving": ""}, "bewijs_omschrijving"), ({"datum": None}, "datum"),
         ({"datum": date(2027, 1, 1)}, "datum")],
    )  # fmt: skip
    def test_refusals(self, session, actor, plan_inwoner, overrides, field):
        gegevens = replace(svc.WerkniveauGegevens(TODAY, 2, False, Bewijs.METING, "Melba"),
                           **overrides)  # fmt: skip
        with pytest.raises(ValidationError) as info:
            svc.meet_werkniveau(session, actor=actor, inwoner_id=plan_inwoner.id, gegevens=gegevens,
                                today=TODAY)  # fmt: skip
        assert field in info.value.errors


def test_accountmanager_reads_but_does_not_write(session, actor, plan_inwoner, team_a):
    plan = concept(session, actor, plan_inwoner)
    am = maak_medewerker(session, "am", [Rol.ACCOUNTMANAGER], team=team_a)
    assert svc.get_plan(session, actor=am, plan_id=plan.id).id == plan.id
    with pytest.raises(ToegangGeweigerd):
        svc.wijzig_concept(session, actor=am, plan_id=plan.id, versie=plan.versie,
                           gegevens=volledig())  # fmt: skip


def test_database_holds_one_vastgesteld_plan_per_type(session, actor, plan_inwoner):
    """Even past the service (two users racing on a server), the database refuses a second."""
    from sqlalchemy.exc import IntegrityError

    v1 = vaststellen(session, actor, concept(session, actor, plan_inwoner))
    v2 = svc.nieuwe_versie(session, actor=actor, plan_id=v1.id)
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(update(Ontwikkelplan).where(Ontwikkelplan.id == v2.id)
                        .values(status=PlanStatus.VASTGESTELD))  # fmt: skip


def test_concept_changes_are_audited_with_old_and_new(session, actor, plan_inwoner):
    from app.models import AuditActie, AuditRecord

    plan = concept(session, actor, plan_inwoner)
    svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                       gegevens=volledig(werkniveau_doel=4))  # fmt: skip
    laatste = session.scalars(select(AuditRecord).where(
        AuditRecord.record_id == plan.id, AuditRecord.actie == AuditActie.GEWIJZIGD)
        .order_by(AuditRecord.moment.desc())).first()  # fmt: skip
    assert laatste.velden == {"Beoogd werkniveau": ["3", "4"]}


class TestWerkniveauSchaal:
    def test_beheerder_sets_and_removes_levels(self, session, team_a):
        fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER], team=team_a)
        svc.zet_werkniveau(session, actor=fb, niveau=6, omschrijving="Leidinggevend werk")
        svc.zet_werkniveau(session, actor=fb, niveau=1, omschrijving="Eenvoudig werk")
        schaal = {w.niveau: w.omschrijving for w in svc.werkniveaus(session)}
        assert schaal[6] == "Leidinggevend werk" and schaal[1] == "Eenvoudig werk"
        svc.verwijder_werkniveau(session, actor=fb, niveau=6)
        assert 6 not in {w.niveau for w in svc.werkniveaus(session)}

    def test_refusals(self, session, actor, plan_inwoner, team_a):
        fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER], team=team_a)
        with pytest.raises(ToegangGeweigerd):
            svc.zet_werkniveau(session, actor=actor, niveau=6, omschrijving="x")
        with pytest.raises(ValidationError) as info:
            svc.zet_werkniveau(session, actor=fb, niveau=0, omschrijving=" ")
        assert set(info.value.errors) == {"niveau", "omschrijving"}
        concept(session, actor, plan_inwoner)  # uses levels 2 and 3
        with pytest.raises(DomainError, match="wordt gebruikt"):
            svc.verwijder_werkniveau(session, actor=fb, niveau=2)


def test_weergave_names_every_part_a_user_edits():
    """The conflict dialog compares these: every PlanGegevens field has a label and a text."""
    gegevens = volledig()
    weergave = svc.weergave(gegevens)
    assert set(weergave) == {f.name for f in fields(svc.PlanGegevens)}
    assert weergave["talenten"] == ("Talenten", gegevens.talenten)
    label, tekst = weergave["doelen"]
    assert label == "Doelen" and tekst.count("\n") == len(gegevens.doelen) - 1
    assert svc.weergave(svc.PlanGegevens())["doelen"] == ("Doelen", "(geen)")
