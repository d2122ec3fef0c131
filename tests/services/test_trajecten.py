"""The trajectory workflow T1–T17 (brief §3.13, §9.4): each transition's allowed path and every
refusal, the timeline it leaves, and what the GUI is offered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import false, select

from app.models import (
    Aanmeldbron,
    AuditRecord,
    IntakeType,
    InwonerLabel,
    Label,
    LabelBron,
    Meetinstrument,
    Ontwikkelstadium,
    Plaatsingsvorm,
    Rol,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services import diagnoses as diag
from app.services import trajecten as svc
from app.services.errors import ConflictError, DomainError, ToegangGeweigerd, ValidationError
from tests.conftest import TODAY, maak_medewerker, maak_team
from tests.services import traject_helpers as h
from tests.services.iop_helpers import concept

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


# --- aanmelding and T1 -------------------------------------------------------------------------


def test_meld_aan_records_the_first_step_and_the_paying_municipality(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    assert traject.fase == F.AANGEMELD and traject.gemeente_id == plan_inwoner.betaalgemeente_id
    assert [o.code for o in traject.overgangen] == ["START"]


def test_meld_aan_refuses_missing_input_and_a_second_active_traject(session, actor, plan_inwoner):
    with pytest.raises(ValidationError) as error:
        svc.meld_aan(
            session,
            actor=actor,
            inwoner_id=plan_inwoner.id,
            aanmeldbron=None,
            werkcoach_id=None,
            startdatum=TODAY + timedelta(days=1),
            today=TODAY,
        )
    assert set(error.value.errors) == {"aanmeldbron", "werkcoach", "startdatum"}
    h.aangemeld(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="al een lopend traject"):
        h.aangemeld(session, actor, plan_inwoner)


def test_werkcoach_must_be_an_active_jobcoach(session, actor, plan_inwoner, team_a):
    am = h.accountmanager(session, team_a)
    with pytest.raises(ValidationError) as error:
        svc.meld_aan(
            session,
            actor=actor,
            inwoner_id=plan_inwoner.id,
            aanmeldbron=Aanmeldbron.UWV,
            werkcoach_id=am.id,
            startdatum=TODAY,
            today=TODAY,
        )
    assert "werkcoach" in error.value.errors


def test_t1_starts_the_intake(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    assert traject.fase == F.INTAKE and traject.fase_sinds == TODAY
    assert "Werkcoach toegewezen" in traject.overgangen[-1].voorwaarden


def test_t1_refuses_a_date_before_the_aanmelding_and_a_second_time(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    with pytest.raises(ValidationError) as error:
        svc.start_intake(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=h.START - timedelta(days=1),
            today=TODAY,
        )
    assert "datum" in error.value.errors
    assert traject.fase == F.AANGEMELD
    svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    with pytest.raises(DomainError, match="fase aangemeld"):
        svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)


def test_a_stale_version_is_refused(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    with pytest.raises(ConflictError):
        svc.start_intake(
            session,
            actor=actor,
            traject_id=traject.id,
            versie=traject.versie + 1,
            datum=TODAY,
            today=TODAY,
        )


# --- intake, T2 and T3 ---------------------------------------------------------------------------


def test_intake_scores_must_be_1_to_5(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    with pytest.raises(ValidationError) as error:
        svc.leg_intake_vast(
            session,
            actor=actor,
            traject_id=traject.id,
            today=TODAY,
            gegevens=svc.IntakeGegevens(datum=TODAY, willen_score=6),
        )
    assert "willen_score" in error.value.errors


def test_intake_only_during_intake_or_exploration(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="De intake vastleggen kan pas"):
        svc.leg_intake_vast(
            session,
            actor=actor,
            traject_id=traject.id,
            today=TODAY,
            gegevens=svc.IntakeGegevens(datum=TODAY),
        )


def test_t3_sets_stage_1_and_starts_the_self_directed_search(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    assert traject.fase == F.ZELFSTANDIG_ZOEKEN and traject.werkfit_sinds == TODAY


def test_t3_sets_stage_2_and_waits_for_the_development_track(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    assert traject.fase == F.STADIUM_BEPAALD and traject.werkfit_sinds is None
    assert traject.overgangen[-1].soort.value == "STADIUM"


def test_t3_refuses_an_incomplete_intake_listing_everything(session, actor, plan_inwoner):
    traject = h.in_intake(
        session, actor, plan_inwoner, belemmeringen="", willen_score=None, kunnen=""
    )
    with pytest.raises(DomainError) as error:
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            toelichting="x" * 12,
            stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
            datum=TODAY,
            today=TODAY,
        )
    assert "de intake beschrijft de belemmeringen" in error.value.message
    assert "de intake beoordeelt willen, kunnen" in error.value.message
    assert traject.ontwikkelstadium is None


def test_t3_refuses_without_any_intake(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    with pytest.raises(DomainError, match="er een intake is vastgelegd"):
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            toelichting="x" * 12,
            stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
            datum=TODAY,
            today=TODAY,
        )


def test_t3_brede_intake_needs_participants_advice_and_plan(session, actor, plan_inwoner):
    traject = h.in_intake(session, actor, plan_inwoner)
    intake = svc.intakes(session, actor=actor, traject_id=traject.id)[0]
    gegevens = svc.IntakeGegevens.from_intake(intake)
    gegevens.type = IntakeType.BREDE_INTAKE
    svc.leg_intake_vast(
        session,
        actor=actor,
        traject_id=traject.id,
        gegevens=gegevens,
        intake_id=intake.id,
        versie=intake.versie,
        today=TODAY,
    )
    with pytest.raises(DomainError) as error:
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            toelichting="x" * 12,
            stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
            datum=TODAY,
            today=TODAY,
        )
    for wat in ("de deelnemers", "het re-integratieadvies", "het plan van aanpak"):
        assert wat in error.value.message
    gegevens.deelnemers, gegevens.re_integratieadvies = "Inwoner, gemeente, Avres", "Werkfit maken"
    gegevens.plan_van_aanpak = "Leerwerkplek groen"
    svc.leg_intake_vast(
        session,
        actor=actor,
        traject_id=traject.id,
        gegevens=gegevens,
        intake_id=intake.id,
        today=TODAY,
    )
    svc.bepaal_stadium(
        session,
        actor=actor,
        traject_id=traject.id,
        toelichting="x" * 12,
        stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
        datum=TODAY,
        today=TODAY,
    )


def test_t3_refuses_missing_stage_and_too_short_toelichting(session, actor, plan_inwoner):
    traject = h.in_intake(session, actor, plan_inwoner)
    with pytest.raises(ValidationError) as error:
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            stadium=None,
            toelichting="kort",
            datum=TODAY,
            today=TODAY,
        )
    assert set(error.value.errors) == {"stadium", "toelichting"}


def test_doubt_requires_exploration_before_a_stage(session, actor, plan_inwoner):
    """Rule 2 and T2: doubt → verkenning/diagnose with at least one diagnosis, then T3."""
    traject = h.in_intake(session, actor, plan_inwoner, twijfel_over_stadium=True)
    with pytest.raises(DomainError, match="verkenning"):
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            toelichting="x" * 12,
            stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
            datum=TODAY,
            today=TODAY,
        )
    svc.start_verkenning(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    assert traject.fase == F.VERKENNING_DIAGNOSE
    assert traject.overgangen[-1].reden == "Twijfel over het stadium"
    with pytest.raises(DomainError, match="minstens één diagnose"):
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            toelichting="x" * 12,
            stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
            datum=TODAY,
            today=TODAY,
        )
    diag.leg_diagnose_vast(
        session,
        actor=actor,
        inwoner_id=plan_inwoner.id,
        traject_id=traject.id,
        gegevens=diag.DiagnoseGegevens(Meetinstrument.MELBA, TODAY, "Collega", "Goed werkgedrag"),
        today=TODAY,
    )
    svc.bepaal_stadium(
        session,
        actor=actor,
        traject_id=traject.id,
        toelichting="x" * 12,
        stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
        datum=TODAY,
        today=TODAY,
    )
    assert traject.fase == F.STADIUM_BEPAALD


def test_no_advice_requires_an_ada_diagnosis(session, actor, plan_inwoner):
    """Rule 3: no re-integration advice after intake → AD&A before the stage."""
    traject = h.in_intake(session, actor, plan_inwoner, advies_mogelijk=False)
    svc.start_verkenning(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    diag.leg_diagnose_vast(
        session,
        actor=actor,
        inwoner_id=plan_inwoner.id,
        traject_id=traject.id,
        gegevens=diag.DiagnoseGegevens(Meetinstrument.MELBA, TODAY, "Collega", "Uitslag"),
        today=TODAY,
    )
    with pytest.raises(DomainError, match="AD&A-diagnose"):
        svc.bepaal_stadium(
            session,
            actor=actor,
            traject_id=traject.id,
            toelichting="x" * 12,
            stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
            datum=TODAY,
            today=TODAY,
        )
    diag.leg_diagnose_vast(
        session,
        actor=actor,
        inwoner_id=plan_inwoner.id,
        traject_id=traject.id,
        gegevens=diag.DiagnoseGegevens(Meetinstrument.ADA, TODAY, "AD&A-team", "Belastbaar 20 uur"),
        today=TODAY,
    )
    svc.bepaal_stadium(
        session,
        actor=actor,
        traject_id=traject.id,
        toelichting="x" * 12,
        stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
        datum=TODAY,
        today=TODAY,
    )


def test_t2_refuses_when_the_intake_leaves_no_doubt(session, actor, plan_inwoner):
    traject = h.in_intake(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="twijfel over het stadium"):
        svc.start_verkenning(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)


# --- T4 and coaches -----------------------------------------------------------------------------


def test_t4_refuses_without_jobcoach_and_iop(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    with pytest.raises(DomainError) as error:
        svc.start_ontwikkeling(
            session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY
        )
    assert error.value.message == (
        "De ontwikkelaanpak starten kan pas als: er een jobcoach is "
        "toegewezen; het IOP is vastgesteld."
    )
    assert traject.fase == F.STADIUM_BEPAALD


def test_t4_refuses_a_concept_iop(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    svc.wijs_coach_toe(
        session,
        actor=actor,
        traject_id=traject.id,
        rol="jobcoach",
        medewerker_id=actor.id,
        today=TODAY,
    )
    concept(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="het IOP is vastgesteld"):
        svc.start_ontwikkeling(
            session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY
        )


def test_t4_refuses_stage_3(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.NIET_TOE_AAN_WERK)
    with pytest.raises(DomainError, match="stadium 2"):
        svc.start_ontwikkeling(
            session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY
        )


def test_t4_links_the_plan_and_starts_the_development_clock(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    plan = svc._actief_plan(session, plan_inwoner.id)
    assert plan.traject_id == traject.id and traject.ontwikkeling_sinds == TODAY


def test_werkcoach_change_needs_a_reason_and_is_logged(session, actor, plan_inwoner, team_a):
    traject = h.aangemeld(session, actor, plan_inwoner)
    andere = maak_medewerker(session, "coach.b", [Rol.JOBCOACH], team=team_a)
    with pytest.raises(ValidationError) as error:
        svc.wijs_coach_toe(
            session,
            actor=actor,
            traject_id=traject.id,
            rol="werkcoach",
            medewerker_id=andere.id,
            today=TODAY,
        )
    assert "toelichting" in error.value.errors and traject.werkcoach_id == actor.id
    svc.wijs_coach_toe(
        session,
        actor=actor,
        traject_id=traject.id,
        rol="werkcoach",
        medewerker_id=andere.id,
        toelichting="Verhuisd naar ander werkgebied",
        today=TODAY,
    )
    stap = traject.overgangen[-1]
    assert traject.werkcoach_id == andere.id
    assert stap.code == "COACH" and "Verhuisd" in stap.reden and stap.naar_fase == F.AANGEMELD


def test_coach_must_have_the_role_and_differ(session, actor, plan_inwoner, team_a):
    traject = h.aangemeld(session, actor, plan_inwoner)
    am = h.accountmanager(session, team_a)
    with pytest.raises(ValidationError, match="rol participatiecoach"):
        svc.wijs_coach_toe(
            session,
            actor=actor,
            traject_id=traject.id,
            rol="participatiecoach",
            medewerker_id=am.id,
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="al de werkcoach"):
        svc.wijs_coach_toe(
            session,
            actor=actor,
            traject_id=traject.id,
            rol="werkcoach",
            medewerker_id=actor.id,
            toelichting="x" * 12,
            today=TODAY,
        )


def test_jobcoach_change_after_placement_needs_a_reason(session, actor, plan_inwoner, team_a):
    """Rule 11: the jobcoach of the development phase goes along to the workplace."""
    traject = h.geplaatst(session, actor, plan_inwoner, team_a)
    assert (
        svc.plaatsingen(session, actor=actor, inwoner_id=plan_inwoner.id)[0].jobcoach_id == actor.id
    )
    andere = maak_medewerker(session, "coach.c", [Rol.JOBCOACH], team=team_a)
    with pytest.raises(ValidationError, match="wisseling van jobcoach"):
        svc.wijs_coach_toe(
            session,
            actor=actor,
            traject_id=traject.id,
            rol="jobcoach",
            medewerker_id=andere.id,
            today=TODAY,
        )
    svc.wijs_coach_toe(
        session,
        actor=actor,
        traject_id=traject.id,
        rol="jobcoach",
        medewerker_id=andere.id,
        toelichting="Specialist in de groensector",
        today=TODAY,
    )
    assert traject.jobcoach_id == andere.id


# --- T5, T6 ---------------------------------------------------------------------------------------


def test_t5_evaluation_records_a_step_and_the_next_evaluation(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    evaluatie = h.evaluatie(session, actor, traject)
    plan = svc._actief_plan(session, plan_inwoner.id)
    assert traject.overgangen[-1].soort.value == "EVALUATIE"
    assert traject.fase == F.ONTWIKKELING and not evaluatie.werkfit
    assert plan.volgende_evaluatie == date(2027, 5, 23)


def test_t5_refuses_outside_development_and_without_conclusion(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    with pytest.raises(DomainError, match="Evalueren kan pas"):
        h.evaluatie(session, actor, traject)


def test_t5_refuses_an_empty_begeleidingsnoodzaak(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError, match="begeleidingsnoodzaak"):
        svc.evalueer_traject(
            session,
            actor=actor,
            traject_id=traject.id,
            today=TODAY,
            gegevens=svc.TrajectEvaluatie(datum=TODAY),
        )
    assert [o.code for o in traject.overgangen][-1] == "T4"


def test_t6_needs_a_werkfit_evaluation_and_a_warm_handover(session, actor, plan_inwoner, team_a):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    am = h.accountmanager(session, team_a)
    kwargs = dict(
        accountmanager_id=am.id,
        overdracht_op=TODAY,
        overdracht_notitie="Kandidaat besproken",
        today=TODAY,
    )
    with pytest.raises(DomainError, match="werkfit"):
        svc.naar_matching(session, actor=actor, traject_id=traject.id, **kwargs)
    h.evaluatie(session, actor, traject, werkfit=True)
    assert traject.werkfit_sinds == TODAY
    with pytest.raises(ValidationError) as error:
        svc.naar_matching(
            session,
            actor=actor,
            traject_id=traject.id,
            accountmanager_id=actor.id,
            overdracht_op=None,
            overdracht_notitie="",
            today=TODAY,
        )
    assert set(error.value.errors) == {"accountmanager", "overdracht_op", "overdracht_notitie"}
    svc.naar_matching(session, actor=actor, traject_id=traject.id, **kwargs)
    assert traject.fase == F.MATCHING and traject.accountmanager_id == am.id
    assert traject.overgangen[-1].code == "T6"


def test_t6_a_later_not_werkfit_evaluation_counts(session, actor, plan_inwoner, team_a):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    h.evaluatie(session, actor, traject, werkfit=True)
    h.evaluatie(session, actor, traject, werkfit=False)
    am = h.accountmanager(session, team_a)
    with pytest.raises(DomainError, match="werkfit"):
        svc.naar_matching(
            session,
            actor=actor,
            traject_id=traject.id,
            accountmanager_id=am.id,
            overdracht_op=TODAY,
            overdracht_notitie="Kandidaat besproken",
            today=TODAY,
        )


# --- stage 1: T7, T8 -------------------------------------------------------------------------------


def test_t7_stage_1_to_matching_needs_a_concrete_job(session, actor, plan_inwoner, team_a):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    am = h.accountmanager(session, team_a)
    kwargs = dict(
        accountmanager_id=am.id,
        overdracht_op=TODAY,
        overdracht_notitie="Vacature besproken",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        svc.naar_matching(session, actor=actor, traject_id=traject.id, **kwargs)
    assert set(error.value.errors) == {"vacature"}
    svc.naar_matching(
        session,
        actor=actor,
        traject_id=traject.id,
        vacature="Orderpicker bij Distributiecentrum Gorinchem",
        **kwargs,
    )
    assert traject.fase == F.MATCHING and traject.overgangen[-1].code == "T7"


def test_t7_stage_1_exits_into_work(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    svc.sluit_af(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        uitstroomreden=Uitstroomreden.WERK_REGULIER,
    )
    assert traject.fase == F.AFGESLOTEN and traject.overgangen[-1].code == "T7"


def test_t8_stage_1_to_2_needs_a_reason(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    with pytest.raises(ValidationError, match="ontwikkelaanpak nodig"):
        svc.terug_naar_stadium_2(
            session, actor=actor, traject_id=traject.id, toelichting="", datum=TODAY, today=TODAY
        )
    svc.terug_naar_stadium_2(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        toelichting="Drie maanden gesolliciteerd zonder resultaat",
        today=TODAY,
    )
    assert traject.fase == F.STADIUM_BEPAALD
    assert traject.ontwikkelstadium == Ontwikkelstadium.ONTWIKKELPOTENTIEEL
    assert traject.werkfit_sinds is None and traject.overgangen[-1].code == "T8"


def test_t8_refused_from_other_phases(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    with pytest.raises(DomainError, match="stadium 1"):
        svc.terug_naar_stadium_2(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            toelichting="x" * 12,
            today=TODAY,
        )


# --- T9: placement rules ---------------------------------------------------------------------------


def test_t9_needs_the_handover_state_and_the_placement_data(session, actor, plan_inwoner, team_a):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="fase matching"):
        svc.plaats(
            session,
            actor=actor,
            traject_id=traject.id,
            today=TODAY,
            gegevens=svc.PlaatsingGegevens(),
        )
    h.evaluatie(session, actor, traject, werkfit=True)
    am = h.accountmanager(session, team_a)
    svc.naar_matching(
        session,
        actor=actor,
        traject_id=traject.id,
        accountmanager_id=am.id,
        overdracht_op=TODAY,
        overdracht_notitie="Kandidaat besproken",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        svc.plaats(
            session,
            actor=actor,
            traject_id=traject.id,
            today=TODAY,
            gegevens=svc.PlaatsingGegevens(uren_per_week=50),
        )
    assert set(error.value.errors) == {"werkplek", "plaatsingsvorm", "startdatum", "uren_per_week"}
    assert traject.fase == F.MATCHING


@pytest.mark.parametrize("vorm, extra, melding", [
    (Plaatsingsvorm.REGULIER_LKS, {}, "loonwaardemeting"),
    (Plaatsingsvorm.REGULIER, {"lks": True}, "loonwaardemeting"),
    (Plaatsingsvorm.GARANTIEBAAN, {}, "doelgroepregister"),
    (Plaatsingsvorm.BSW_DIENSTVERBAND_INTERN, {}, "indicatie beschut werk"),
    (Plaatsingsvorm.BEGELEID_WERKEN, {"uren_per_week": 24}, "Wsw-indicatie"),
    (Plaatsingsvorm.SW_INTERN, {}, "Wsw-dienstverband"),
])  # fmt: skip
def test_t9_placement_form_rules_refuse(session, actor, plan_inwoner, team_a, vorm, extra, melding):
    traject = h.in_matching(session, actor, plan_inwoner, team_a)
    gegevens = svc.PlaatsingGegevens(
        werkplek="Groenbedrijf", plaatsingsvorm=vorm, startdatum=TODAY, **extra
    )
    with pytest.raises(ValidationError, match=melding):
        svc.plaats(session, actor=actor, traject_id=traject.id, gegevens=gegevens, today=TODAY)
    assert traject.fase == F.MATCHING
    assert svc.plaatsingen(session, actor=actor, inwoner_id=plan_inwoner.id) == []


def _label(session, inwoner, label, van=date(2025, 1, 1), tot=None, ref=None):
    session.add(
        InwonerLabel(
            inwoner_id=inwoner.id,
            label=label,
            geldig_van=van,
            geldig_tot=tot,
            bron=LabelBron.UWV,
            beschikking_ref=ref,
        )
    )
    session.flush()


def test_t9_lks_with_a_valid_measurement(session, actor, plan_inwoner, team_a):
    h.loonwaardemeting(session, actor, plan_inwoner, datum=TODAY - timedelta(days=30))
    traject = h.geplaatst(
        session, actor, plan_inwoner, team_a, plaatsingsvorm=Plaatsingsvorm.REGULIER_LKS
    )
    assert svc.plaatsingen(session, actor=actor, inwoner_id=plan_inwoner.id)[0].lks
    assert "Geldige loonwaardemeting" in traject.overgangen[-1].voorwaarden


def test_t9_lks_measurement_older_than_12_months_is_refused(session, actor, plan_inwoner, team_a):
    h.loonwaardemeting(session, actor, plan_inwoner, datum=date(2025, 11, 22))
    with pytest.raises(ValidationError, match="loonwaardemeting"):
        h.geplaatst(
            session, actor, plan_inwoner, team_a, plaatsingsvorm=Plaatsingsvorm.REGULIER_LKS
        )


def test_t9_garantiebaan_with_a_current_registration(session, actor, plan_inwoner, team_a):
    _label(session, plan_inwoner, Label.DOELGROEPREGISTER_BANENAFSPRAAK, tot=TODAY - timedelta(1))
    with pytest.raises(ValidationError, match="doelgroepregister"):
        h.geplaatst(
            session, actor, plan_inwoner, team_a, plaatsingsvorm=Plaatsingsvorm.GARANTIEBAAN
        )


def test_t9_garantiebaan_allowed(session, actor, plan_inwoner, team_a):
    _label(session, plan_inwoner, Label.DOELGROEPREGISTER_BANENAFSPRAAK)
    traject = h.geplaatst(
        session, actor, plan_inwoner, team_a, plaatsingsvorm=Plaatsingsvorm.GARANTIEBAAN
    )
    assert traject.fase == F.GEPLAATST


def test_t9_bsw_needs_the_municipal_decision(session, actor, plan_inwoner, team_a):
    _label(session, plan_inwoner, Label.BSW_NIEUW_BESCHUT)
    with pytest.raises(ValidationError, match="besluit van de gemeente"):
        h.geplaatst(
            session,
            actor,
            plan_inwoner,
            team_a,
            plaatsingsvorm=Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER,
        )


def test_t9_bsw_allowed_with_indication_and_decision(session, actor, plan_inwoner, team_a):
    _label(session, plan_inwoner, Label.BSW_NIEUW_BESCHUT, ref="GEM-2026-0042")
    traject = h.geplaatst(
        session, actor, plan_inwoner, team_a, plaatsingsvorm=Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER
    )
    assert traject.fase == F.GEPLAATST


@pytest.mark.parametrize("uren, toegestaan", [(15, False), (16, True), (40, True)])
def test_t9_begeleid_werken_hours(session, actor, plan_inwoner, team_a, uren, toegestaan):
    _label(session, plan_inwoner, Label.SW_WSW, van=date(2010, 1, 1))
    kwargs = dict(plaatsingsvorm=Plaatsingsvorm.BEGELEID_WERKEN, uren_per_week=uren)
    if toegestaan:
        assert h.geplaatst(session, actor, plan_inwoner, team_a, **kwargs).fase == F.GEPLAATST
    else:
        with pytest.raises(ValidationError, match="16 tot en met 40"):
            h.geplaatst(session, actor, plan_inwoner, team_a, **kwargs)


def test_t17_no_new_wsw_employment_since_2015():
    """T17 as a rule on the placement data: 31 Dec 2014 was the last possible start."""
    regels = svc.plaatsingsregels
    for start, refused in ((date(2014, 12, 31), False), (date(2015, 1, 1), True)):
        errors = regels(
            None,
            None,
            svc.PlaatsingGegevens(
                werkplek="SW-bedrijf", plaatsingsvorm=Plaatsingsvorm.SW_INTERN, startdatum=start
            ),
        )
        assert ("plaatsingsvorm" in errors) == refused


# --- T10, T11, closing -------------------------------------------------------------------------------


def test_t10_needs_the_placement_phase(session, actor, plan_inwoner, team_a):
    traject = h.in_matching(session, actor, plan_inwoner, team_a)
    with pytest.raises(DomainError, match="fase geplaatst"):
        svc.start_begeleiding(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)


def test_t11_nazorg_needs_an_end_after_the_start_and_agreements(
    session, actor, plan_inwoner, team_a
):
    traject = h.geplaatst(session, actor, plan_inwoner, team_a)
    with pytest.raises(DomainError, match="begeleiding op werk"):
        svc.start_nazorg(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            nazorg_tot=TODAY + timedelta(days=90),
            afspraken="x" * 12,
            today=TODAY,
        )
    svc.start_begeleiding(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    with pytest.raises(ValidationError) as error:
        svc.start_nazorg(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            nazorg_tot=TODAY,
            afspraken="",
            today=TODAY,
        )
    assert set(error.value.errors) == {"nazorg_tot", "afspraken"}


def test_closing_needs_a_reason_and_date(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError) as error:
        svc.sluit_af(
            session,
            actor=actor,
            traject_id=traject.id,
            uitstroomreden=None,
            datum=None,
            today=TODAY,
        )
    assert set(error.value.errors) == {"uitstroomreden", "datum"}
    assert traject.fase == F.ONTWIKKELING


def test_closing_into_work_needs_a_placement(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError, match="na een plaatsing"):
        svc.sluit_af(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            today=TODAY,
            uitstroomreden=Uitstroomreden.WERK_LKS,
        )


def test_closing_anders_needs_an_explanation(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError, match="anders"):
        svc.sluit_af(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            today=TODAY,
            uitstroomreden=Uitstroomreden.ANDERS,
        )


def test_rule_23_work_without_aftercare_says_why(session, actor, plan_inwoner, team_a):
    traject = h.geplaatst(session, actor, plan_inwoner, team_a)
    svc.start_begeleiding(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="nazorg"):
        svc.sluit_af(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            today=TODAY,
            uitstroomreden=Uitstroomreden.WERK_REGULIER,
        )
    svc.sluit_af(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        uitstroomreden=Uitstroomreden.WERK_REGULIER,
        toelichting="Werkgever begeleidt zelf; geen nazorg nodig",
    )
    assert traject.fase == F.AFGESLOTEN


def test_closed_trajectory_accepts_no_further_steps_and_allows_a_new_one(
    session, actor, plan_inwoner
):
    traject = h.aangemeld(session, actor, plan_inwoner)
    svc.sluit_af(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        uitstroomreden=Uitstroomreden.VERHUIZING,
    )
    with pytest.raises(DomainError, match="niet is afgesloten"):
        svc.sluit_af(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            today=TODAY,
            uitstroomreden=Uitstroomreden.VERHUIZING,
        )
    with pytest.raises(DomainError, match="fase aangemeld"):
        svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    nieuw = h.aangemeld(session, actor, plan_inwoner)
    assert [t.id for t in svc.trajecten_van(session, actor=actor, inwoner_id=plan_inwoner.id)] == [
        nieuw.id,
        traject.id,
    ]


# --- stage 3: T12, T13 ----------------------------------------------------------------------------------


def test_t12_needs_a_reason_and_a_contact_regime(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError) as error:
        svc.naar_participatie(
            session, actor=actor, traject_id=traject.id, toelichting="", datum=TODAY, today=TODAY
        )
    assert set(error.value.errors) == {"toelichting", "contact_per_jaar"}
    with pytest.raises(ValidationError, match="minstens 2 contacten"):
        svc.naar_participatie(
            session,
            actor=actor,
            traject_id=traject.id,
            contact_per_jaar=1,
            toelichting="Kan door psychische klachten niet werken",
            datum=TODAY,
            today=TODAY,
        )
    svc.naar_participatie(
        session,
        actor=actor,
        traject_id=traject.id,
        contact_per_jaar=4,
        toelichting="Kan door psychische klachten niet werken",
        datum=TODAY,
        today=TODAY,
    )
    assert traject.fase == F.PARTICIPATIE and traject.contact_per_jaar == 4
    assert traject.ontwikkelstadium == Ontwikkelstadium.NIET_TOE_AAN_WERK
    assert traject.overgangen[-1].code == "T12"


def test_t12_participatiecoach_with_a_plan_is_a_regime(session, actor, plan_inwoner, team_a):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    pc = maak_medewerker(session, "participatiecoach", [Rol.PARTICIPATIECOACH], team=team_a)
    svc.wijs_coach_toe(
        session,
        actor=actor,
        traject_id=traject.id,
        rol="participatiecoach",
        medewerker_id=pc.id,
        today=TODAY,
    )
    svc.naar_participatie(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        toelichting="Hoogfrequent contact met participatiecoach",
        today=TODAY,
    )
    assert "Participatiecoach met vastgesteld ontwikkelplan" in traject.overgangen[-1].voorwaarden


def test_stage_3_from_the_stage_decision(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.NIET_TOE_AAN_WERK)
    svc.naar_participatie(
        session,
        actor=actor,
        traject_id=traject.id,
        contact_per_jaar=2,
        toelichting="Maximale ontwikkeling bereikt",
        datum=TODAY,
        today=TODAY,
    )
    assert traject.fase == F.PARTICIPATIE and traject.overgangen[-1].code == "T3"


def test_t12_refused_from_stage_1(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    with pytest.raises(DomainError, match="ontwikkelaanpak"):
        svc.naar_participatie(
            session,
            actor=actor,
            traject_id=traject.id,
            contact_per_jaar=2,
            toelichting="x" * 12,
            datum=TODAY,
            today=TODAY,
        )


def test_t13_needs_an_evaluation_that_barriers_are_removed(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    svc.naar_participatie(
        session,
        actor=actor,
        traject_id=traject.id,
        contact_per_jaar=2,
        toelichting="Eerst schulden en gezondheid op orde",
        datum=TODAY,
        today=TODAY,
    )
    with pytest.raises(DomainError, match="belemmeringen zijn weggenomen"):
        svc.terug_naar_stadium_2(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            toelichting="Schulden geregeld",
            today=TODAY,
        )
    h.evaluatie(session, actor, traject, belemmeringen_weggenomen=True)
    svc.terug_naar_stadium_2(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        toelichting="Schulden geregeld, gezondheid stabiel",
        today=TODAY,
    )
    assert traject.fase == F.STADIUM_BEPAALD and traject.contact_per_jaar is None
    assert traject.overgangen[-1].code == "T13"


# --- T15 and T16 ----------------------------------------------------------------------------------------


def test_t15_interrupt_and_resume_in_the_same_phase(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError, match="reden van de onderbreking"):
        svc.onderbreek(
            session, actor=actor, traject_id=traject.id, toelichting="", datum=TODAY, today=TODAY
        )
    svc.onderbreek(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        toelichting="Opgenomen in het ziekenhuis",
    )
    assert traject.fase == F.ONDERBROKEN
    with pytest.raises(DomainError, match="Onderbreken kan pas"):
        svc.onderbreek(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            today=TODAY,
            toelichting="Nogmaals onderbroken",
        )
    svc.hervat(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        toelichting="Hersteld en weer beschikbaar",
    )
    assert traject.fase == F.ONTWIKKELING and traject.fase_voor_onderbreking is None


def test_hervat_only_an_interrupted_trajectory(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="onderbroken"):
        svc.hervat(
            session,
            actor=actor,
            traject_id=traject.id,
            datum=TODAY,
            today=TODAY,
            toelichting="Hersteld en weer beschikbaar",
        )


def test_t16_only_a_team_lead_extends(session, actor, plan_inwoner, team_a):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    coach = maak_medewerker(session, "coach.d", [Rol.JOBCOACH], team=team_a)
    with pytest.raises(ToegangGeweigerd):
        svc.verleng(
            session,
            actor=coach,
            traject_id=traject.id,
            tot=TODAY + timedelta(days=90),
            toelichting="Nog drie maanden nodig",
            today=TODAY,
        )
    with pytest.raises(ValidationError) as error:
        svc.verleng(
            session,
            actor=actor,
            traject_id=traject.id,
            tot=TODAY + timedelta(days=400),
            toelichting="",
            today=TODAY,
        )
    assert set(error.value.errors) == {"tot", "toelichting"}
    svc.verleng(
        session,
        actor=actor,
        traject_id=traject.id,
        tot=TODAY + timedelta(days=90),
        toelichting="Laatste doelen binnen bereik",
        today=TODAY,
    )
    assert traject.verlengd_tot == TODAY + timedelta(days=90)
    assert traject.overgangen[-1].code == "T16"


def test_t16_refused_outside_development(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    with pytest.raises(DomainError, match="ontwikkelaanpak"):
        svc.verleng(
            session,
            actor=actor,
            traject_id=traject.id,
            tot=TODAY + timedelta(days=90),
            toelichting="Laatste doelen binnen bereik",
            today=TODAY,
        )


# --- what the GUI is offered, access and audit ---------------------------------------------------------


def test_possible_steps_say_why_not(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    stappen = {
        o.actie: o for o in svc.mogelijke_overgangen(session, actor=actor, traject_id=traject.id)
    }
    assert set(stappen) == {
        "start_ontwikkeling",
        "naar_participatie",
        "open_handhaving",
        "onderbreek",
        "sluit_af",
    }
    assert stappen["start_ontwikkeling"].waarom_niet == [
        "er een jobcoach is toegewezen",
        "het IOP is vastgesteld",
    ]
    assert stappen["onderbreek"].mogelijk and stappen["sluit_af"].mogelijk


def test_possible_steps_hide_the_extension_from_coaches(session, actor, plan_inwoner, team_a):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    coach = maak_medewerker(session, "coach.e", [Rol.JOBCOACH], team=team_a)
    acties = {
        o.actie for o in svc.mogelijke_overgangen(session, actor=coach, traject_id=traject.id)
    }
    assert "verleng" not in acties and "evalueer_traject" in acties
    assert "verleng" in {
        o.actie for o in svc.mogelijke_overgangen(session, actor=actor, traject_id=traject.id)
    }


def test_read_only_roles_see_steps_as_not_allowed(session, actor, plan_inwoner, team_a):
    traject = h.aangemeld(session, actor, plan_inwoner)
    lezer = maak_medewerker(session, "sdv", [Rol.CONSULENT_SDV], team=team_a)
    stappen = svc.mogelijke_overgangen(session, actor=lezer, traject_id=traject.id)
    assert stappen and all("rechten" in o.waarom_niet[0] for o in stappen)
    with pytest.raises(ToegangGeweigerd):
        svc.start_intake(session, actor=lezer, traject_id=traject.id, datum=TODAY, today=TODAY)


def test_outside_the_team_is_refused(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    vreemde = maak_medewerker(session, "vreemd", [Rol.JOBCOACH], team=maak_team(session, "B"))
    with pytest.raises(ToegangGeweigerd):
        svc.get_traject(session, actor=vreemde, traject_id=traject.id)
    with pytest.raises(ToegangGeweigerd):
        svc.start_intake(session, actor=vreemde, traject_id=traject.id, datum=TODAY, today=TODAY)


def test_every_step_is_audited(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    svc.start_intake(session, actor=actor, traject_id=traject.id, datum=TODAY, today=TODAY)
    rows = session.scalars(
        select(AuditRecord).where(
            AuditRecord.record_id == traject.id, AuditRecord.onderwerp == "traject"
        )
    ).all()
    assert [r.actie.value for r in rows] == ["AANGEMAAKT", "GEWIJZIGD"]
    assert rows[-1].velden == {"fase": ["AANGEMELD", "INTAKE"]}


def test_two_users_registering_at_once_get_the_rule_not_a_crash(
    session, actor, plan_inwoner, monkeypatch
):
    """The partial unique index catches the race the service's own check cannot see: here the
    check is made blind to the running trajectory, as if a colleague had just committed it."""
    h.aangemeld(session, actor, plan_inwoner)
    real_select = svc.select

    def blind_select(*columns):
        query = real_select(*columns)
        return query.where(false()) if columns == (Traject.id,) else query

    monkeypatch.setattr(svc, "select", blind_select)
    with pytest.raises(DomainError, match="al een lopend traject"):
        h.aangemeld(session, actor, plan_inwoner)
    monkeypatch.undo()
    assert len(svc.trajecten_van(session, actor=actor, inwoner_id=plan_inwoner.id)) == 1


def test_a_coach_from_another_team_reaches_the_inwoner_while_guiding(session, actor, plan_inwoner):
    """A jobcoach of the OW team guides someone whose regievoerder is in W&I: they reach the
    dossier as long as the trajectory runs, and no longer after it closed."""
    from app.services.inwoners import get_inwoner

    jobcoach = maak_medewerker(session, "ow.coach", [Rol.JOBCOACH], team=maak_team(session, "OW"))
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    with pytest.raises(ToegangGeweigerd):
        get_inwoner(session, actor=jobcoach, inwoner_id=plan_inwoner.id)
    svc.wijs_coach_toe(
        session,
        actor=actor,
        traject_id=traject.id,
        rol="jobcoach",
        medewerker_id=jobcoach.id,
        today=TODAY,
    )
    assert get_inwoner(session, actor=jobcoach, inwoner_id=plan_inwoner.id).id == plan_inwoner.id
    svc.sluit_af(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        uitstroomreden=Uitstroomreden.VERHUIZING,
    )
    with pytest.raises(ToegangGeweigerd):
        get_inwoner(session, actor=jobcoach, inwoner_id=plan_inwoner.id)


def test_a_new_plan_version_stays_linked_to_the_trajectory(session, actor, plan_inwoner):
    from app.services import ontwikkelplannen

    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    plan = svc._actief_plan(session, plan_inwoner.id)
    kopie = ontwikkelplannen.nieuwe_versie(session, actor=actor, plan_id=plan.id)
    assert kopie.traject_id == traject.id


def test_t9_bsw_beyond_the_quota_warns_but_places(session, actor, plan_inwoner, team_a):
    """Rule 18: Velsen's quota for 2026 set to 1 FTE (31 h); a placement of 36 h goes over."""
    from decimal import Decimal

    from app.models import Gemeente, Taakstelling
    from tests.conftest import gemeente_by_name

    velsen = gemeente_by_name(session, "Velsen")
    plan_inwoner.betaalgemeente_id = velsen.id
    session.add(Taakstelling(gemeente_id=velsen.id, jaar=TODAY.year, fte_31u=Decimal(1)))
    _label(session, plan_inwoner, Label.BSW_NIEUW_BESCHUT, ref="VEL-2026-7")
    gegevens = svc.PlaatsingGegevens(
        werkplek="Groen",
        startdatum=TODAY,
        uren_per_week=30,
        plaatsingsvorm=Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER,
    )
    assert svc.bsw_quotum_waarschuwing(session, plan_inwoner.id, gegevens) is None
    gegevens.uren_per_week = 36
    assert "op 1,2 fte, boven de taakstelling van 1,0 fte" in svc.bsw_quotum_waarschuwing(
        session, plan_inwoner.id, gegevens
    )
    traject = h.geplaatst(
        session,
        actor,
        plan_inwoner,
        team_a,
        plaatsingsvorm=Plaatsingsvorm.BSW_BIJ_OPDRACHTGEVER,
        uren_per_week=36,
    )
    assert traject.fase == F.GEPLAATST
    assert "boven de taakstelling" in traject.overgangen[-1].voorwaarden
    assert session.get(Gemeente, velsen.id).naam == "Velsen"


def test_a_placement_ends_with_a_date_and_a_reason(session, actor, plan_inwoner, team_a):
    h.geplaatst(session, actor, plan_inwoner, team_a)
    plaatsing = svc.plaatsingen(session, actor=actor, inwoner_id=plan_inwoner.id)[0]
    with pytest.raises(ValidationError) as error:
        svc.beeindig_plaatsing(
            session,
            actor=actor,
            plaatsing_id=plaatsing.id,
            einddatum=TODAY - timedelta(days=1),
            reden_einde="",
            today=TODAY,
        )
    assert set(error.value.errors) == {"einddatum", "reden_einde"}
    svc.beeindig_plaatsing(
        session,
        actor=actor,
        plaatsing_id=plaatsing.id,
        einddatum=TODAY,
        reden_einde="Contract niet verlengd door werkgever",
        today=TODAY,
    )
    assert plaatsing.einddatum == TODAY
    with pytest.raises(DomainError, match="al beëindigd"):
        svc.beeindig_plaatsing(
            session,
            actor=actor,
            plaatsing_id=plaatsing.id,
            einddatum=TODAY,
            reden_einde="Nogmaals beëindigd",
            today=TODAY,
        )
