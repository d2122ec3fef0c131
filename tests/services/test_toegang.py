"""Need-to-know and the audit trail of reads, changes and refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from app.models import AuditActie, AuditRecord, Inwoner, Rol
from app.services import audit, inwoners
from app.services.errors import ToegangGeweigerd, ValidationError
from app.services.toegang import RedenNodig
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services import traject_helpers


@pytest.fixture
def teams(session):
    a, b = maak_team(session, "Team Noord"), maak_team(session, "Team Zuid")
    gorinchem, heemskerk = (
        gemeente_by_name(session, "Gorinchem"),
        gemeente_by_name(session, "Heemskerk"),
    )
    coach_a = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=a)
    collega_a = maak_medewerker(session, "collega.a", [Rol.PARTICIPATIECOACH], team=a)
    coach_b = maak_medewerker(session, "coach.b", [Rol.JOBCOACH], team=b)
    leider_a = maak_medewerker(session, "leider.a", [Rol.TEAMLEIDER], team=a)

    def inwoner(n, coach, gemeente):
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(n), voornamen=f"Persoon{n}", achternaam="Test",
            geboortedatum=date(1990, 1, 1), woongemeente_id=gemeente.id,
            regievoerder_id=coach.id if coach else None,
        )  # fmt: skip
        return inwoners.create_inwoner(session, actor=leider_a if coach is None else coach,
                                       gegevens=data, today=TODAY)  # fmt: skip

    return {
        "coach_a": coach_a, "collega_a": collega_a, "coach_b": coach_b, "leider_a": leider_a,
        "van_a": inwoner(1, coach_a, gorinchem), "van_collega": inwoner(2, collega_a, gorinchem),
        "van_b": inwoner(3, coach_b, heemskerk), "zonder": inwoner(4, None, gorinchem),
        "gorinchem": gorinchem, "heemskerk": heemskerk,
    }  # fmt: skip


def ids(session, actor) -> set:
    return set(inwoners.search_inwoner_ids(session, actor=actor, filter=inwoners.InwonerFilter()))


def trail(session, inwoner) -> list[tuple[str, AuditActie]]:
    return [(r.gebruikersnaam, r.actie) for r in session.scalars(
        select(AuditRecord).where(AuditRecord.inwoner_id == inwoner.id).order_by(AuditRecord.moment)
    )]  # fmt: skip


class TestReach:
    def test_coach_sees_own_and_team_caseload(self, session, teams):
        assert ids(session, teams["coach_a"]) == {teams["van_a"].id, teams["van_collega"].id}

    def test_teamleider_sees_team_and_unassigned(self, session, teams):
        assert ids(session, teams["leider_a"]) == {
            teams["van_a"].id, teams["van_collega"].id, teams["zonder"].id
        }  # fmt: skip

    def test_teamleider_of_a_municipal_team_sees_its_unassigned_only(self, session, teams):
        team = maak_team(session, "Team Heemskerk")
        team.gemeente = teams["heemskerk"]
        leider = maak_medewerker(session, "leider.h", [Rol.TEAMLEIDER], team=team)
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(8), voornamen="Nog", achternaam="Niemand",
            geboortedatum=date(1990, 1, 1), woongemeente_id=teams["heemskerk"].id,
        )  # fmt: skip
        hier = inwoners.create_inwoner(session, actor=leider, gegevens=data, today=TODAY)
        assert ids(session, leider) == {hier.id}  # not the unassigned one in Gorinchem

    def test_klantmanager_sees_own_gemeente_only(self, session, teams):
        km = maak_medewerker(session, "km", [Rol.KLANTMANAGER_GEMEENTE],
                             gemeente=teams["heemskerk"])  # fmt: skip
        assert ids(session, km) == {teams["van_b"].id}
        status = inwoners.inwoner_status(session, actor=km, inwoner_id=teams["van_b"].id)
        assert status.gemeente == "Heemskerk" and status.regievoerder == "Coach.b"
        assert status.traject == ""
        traject_helpers.aangemeld(session, teams["coach_b"], teams["van_b"])
        status = inwoners.inwoner_status(session, actor=km, inwoner_id=teams["van_b"].id)
        assert status.traject == "Aangemeld sinds 01-09-2026, werkcoach Coach.b"
        with pytest.raises(ToegangGeweigerd):  # status only, never the dossier
            inwoners.get_inwoner(session, actor=km, inwoner_id=teams["van_b"].id)
        with pytest.raises(ToegangGeweigerd):
            inwoners.inwoner_status(session, actor=km, inwoner_id=teams["van_a"].id)

    def test_beheerder_lists_everyone_but_opens_only_with_a_reason(self, session, teams):
        fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
        assert {teams["van_a"].id, teams["van_b"].id, teams["zonder"].id} <= ids(session, fb)
        with pytest.raises(RedenNodig):
            inwoners.get_inwoner(session, actor=fb, inwoner_id=teams["van_b"].id)

    def test_rows_outside_reach_are_not_returned(self, session, teams):
        rows = inwoners.inwoner_rows(session, actor=teams["coach_a"],
                                     ids=[teams["van_a"].id, teams["van_b"].id])  # fmt: skip
        assert set(rows) == {teams["van_a"].id}

    def test_new_inwoner_must_stay_within_reach(self, session, teams):
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(9), voornamen="Los", achternaam="Zand", geboortedatum=date(1990, 1, 1),
            woongemeente_id=teams["gorinchem"].id,
        )  # fmt: skip
        with pytest.raises(ValidationError) as info:
            inwoners.create_inwoner(session, actor=teams["coach_a"], gegevens=data, today=TODAY)
        assert "regievoerder" in info.value.errors
        assert session.scalar(select(Inwoner.id).where(Inwoner.bsn == make_bsn(9))) is None


class TestDossier:
    def test_coach_opens_team_dossier_and_it_is_audited(self, session, teams):
        inwoners.get_inwoner(session, actor=teams["coach_a"], inwoner_id=teams["van_collega"].id)
        assert trail(session, teams["van_collega"])[-1] == ("coach.a", AuditActie.GELEZEN)

    def test_reload_is_not_a_second_read(self, session, teams):
        before = len(trail(session, teams["van_a"]))
        inwoners.get_inwoner(session, actor=teams["coach_a"], inwoner_id=teams["van_a"].id)
        inwoners.get_inwoner(session, actor=teams["coach_a"], inwoner_id=teams["van_a"].id,
                             audit=False)  # fmt: skip
        assert len(trail(session, teams["van_a"])) == before + 1

    def test_coach_of_other_team_is_refused(self, session, teams):
        with pytest.raises(ToegangGeweigerd) as info:
            inwoners.get_inwoner(session, actor=teams["coach_b"], inwoner_id=teams["van_a"].id)
        assert "niet op de caseload van u of uw team" in info.value.message
        assert info.value.inwoner_id == teams["van_a"].id

    def test_refusal_is_recorded_after_the_rollback(self, session, teams):
        sessions = sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint")
        with pytest.raises(ToegangGeweigerd) as info:
            inwoners.get_inwoner(session, actor=teams["coach_b"], inwoner_id=teams["van_a"].id)
        audit.record_refusal(sessions, medewerker_id=teams["coach_b"].id,
                             gebruikersnaam="coach.b", error=info.value)  # fmt: skip
        assert trail(session, teams["van_a"])[-1] == ("coach.b", AuditActie.GEWEIGERD)

    def test_beheerder_needs_a_reason_outside_the_team(self, session, teams):
        fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
        with pytest.raises(RedenNodig):
            inwoners.get_inwoner(session, actor=fb, inwoner_id=teams["van_a"].id)
        with pytest.raises(RedenNodig):
            inwoners.get_inwoner(session, actor=fb, inwoner_id=teams["van_a"].id, reden="kort")
        inwoners.get_inwoner(session, actor=fb, inwoner_id=teams["van_a"].id,
                             reden="Klacht van inwoner onderzoeken")  # fmt: skip
        laatste = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.inwoner_id == teams["van_a"].id)
            .order_by(AuditRecord.moment.desc())
        ).first()
        assert (laatste.actie, laatste.reden) == (AuditActie.BREAK_THE_GLASS,
                                                  "Klacht van inwoner onderzoeken")  # fmt: skip

    def test_a_reason_does_not_help_other_roles(self, session, teams):
        with pytest.raises(ToegangGeweigerd) as info:
            inwoners.get_inwoner(session, actor=teams["coach_b"], inwoner_id=teams["van_a"].id,
                                 reden="Ik wil het graag zien")  # fmt: skip
        assert not isinstance(info.value, RedenNodig)

    def test_change_records_old_and_new_and_masks_the_bsn(self, session, teams):
        inwoner = teams["van_a"]
        nieuw = replace(inwoners.InwonerGegevens.from_inwoner(inwoner), achternaam="Vries",
                        bsn=make_bsn(20))  # fmt: skip
        inwoners.update_inwoner(session, actor=teams["coach_a"], inwoner_id=inwoner.id,
                                versie=inwoner.versie, gegevens=nieuw, today=TODAY)  # fmt: skip
        record = session.scalars(
            select(AuditRecord).where(
                AuditRecord.inwoner_id == inwoner.id, AuditRecord.actie == AuditActie.GEWIJZIGD
            )
        ).one()
        assert record.velden["achternaam"] == ["Test", "Vries"]
        assert record.velden["bsn"] == ["*****" + make_bsn(1)[-4:], "*****" + make_bsn(20)[-4:]]
        everything = str([(r.velden, r.reden) for r in session.scalars(select(AuditRecord))])
        assert make_bsn(1) not in everything and make_bsn(20) not in everything


class TestAppendOnly:
    def test_database_refuses_changing_or_deleting_audit_records(self, session, teams):
        inwoners.get_inwoner(session, actor=teams["coach_a"], inwoner_id=teams["van_a"].id)
        session.flush()
        for statement in (update(AuditRecord).values(reden="vervalst"), delete(AuditRecord)):
            with pytest.raises(DBAPIError, match="audittrail kan niet"), session.begin_nested():
                session.execute(statement)
        assert session.scalar(select(AuditRecord.reden).limit(1)) != "vervalst"


class TestZoekAudit:
    def test_beheerder_sees_everything_teamleider_only_team(self, session, teams):
        inwoners.get_inwoner(session, actor=teams["coach_b"], inwoner_id=teams["van_b"].id)
        inwoners.get_inwoner(session, actor=teams["coach_a"], inwoner_id=teams["van_a"].id)
        fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
        alle = {r.gebruikersnaam for r in audit.zoek_audit(session, actor=fb)}
        assert {"coach.a", "coach.b"} <= alle
        team = {r.gebruikersnaam for r in audit.zoek_audit(session, actor=teams["leider_a"])}
        assert "coach.a" in team and "coach.b" not in team

    def test_by_bsn_and_user(self, session, teams):
        inwoners.get_inwoner(session, actor=teams["coach_a"], inwoner_id=teams["van_a"].id)
        fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
        records = audit.zoek_audit(session, actor=fb, bsn=make_bsn(1), gebruikersnaam="COACH.A")
        assert [r.actie for r in records] == [AuditActie.AANGEMAAKT, AuditActie.GELEZEN]
