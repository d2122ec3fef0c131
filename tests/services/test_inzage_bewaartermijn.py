"""Inzage (AVG art. 15) and retention: complete, about one person only, and really gone."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from sqlalchemy import String, Text, inspect, select, text

from app.models import (
    AuditActie,
    AuditRecord,
    Base,
    Bewijs,
    Bronsleutel,
    Inwoner,
    Kanaal,
    Meetinstrument,
    Ontwikkelstadium,
    Partner,
    Rol,
    Uitstroomreden,
    Uitvalreden,
)
from app.services import (
    bewaartermijnen,
    contactmomenten,
    diagnoses,
    handhaving,
    inwoners,
    inzage,
    ontwikkelplannen,
    schulden,
    schuldhulp,
    trajecten,
)
from app.services.demodatabase import DEMO_REGEL, markeer_als_demo
from app.services.errors import DomainError, ValidationError
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, make_bsn
from tests.services import schuldhulp_helpers, traject_helpers
from tests.services.iop_helpers import concept, vaststellen, volledig


@pytest.fixture
def dossiers(session, team_a):
    coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team_a)
    fb = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER], team=team_a)
    gorinchem = gemeente_by_name(session, "Gorinchem")

    def maak(n, voornamen, achternaam, contact, straat):
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(n), voornamen=voornamen, achternaam=achternaam,
            geboortedatum=date(1985, 4, 12), straat=straat, huisnummer="4",
            postcode="4201 AB", woonplaats="Gorinchem", woongemeente_id=gorinchem.id,
            telefoon="0612345678", email=f"{voornamen.lower()}@example.nl",
            regievoerder_id=coach.id,
        )  # fmt: skip
        inwoner = inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)
        contactmomenten.add_contactmoment(
            session, actor=coach, inwoner_id=inwoner.id, today=TODAY,
            gegevens=contactmomenten.ContactGegevens(datum=TODAY, kanaal=Kanaal.HUISBEZOEK,
                                                     samenvatting=contact),
        )  # fmt: skip
        return inwoner

    lukasz = maak(
        1, "Łukasz", "Şahin-Öztürk", "Huisbezoek bij Łukasz over zijn schulden.", "Lingewal"
    )
    ander = maak(2, "Anna", "Anders", "Gesprek met Anna.", "Dam")
    doel = ontwikkelplannen.DoelGegevens("Łukasz werkt drie dagen bij Attema",
                                         streefdatum=date(2027, 1, 1))  # fmt: skip
    plan = concept(session, coach, lukasz,
                   volledig(talenten="Łukasz repareert fietsen", doelen=[doel]))  # fmt: skip
    vaststellen(session, coach, plan)
    ontwikkelplannen.evalueer(
        session, actor=coach, plan_id=plan.id, today=TODAY,
        gegevens=ontwikkelplannen.EvaluatieGegevens(TODAY, "Łukasz heeft minder begeleiding nodig"),
    )  # fmt: skip
    ontwikkelplannen.meet_werkniveau(
        session, actor=coach, inwoner_id=lukasz.id, today=TODAY,
        gegevens=ontwikkelplannen.WerkniveauGegevens(TODAY, 2, True, Bewijs.OBSERVATIE,
                                                     "Łukasz bij Attema"),
    )  # fmt: skip
    inwoners.get_inwoner(session, actor=coach, inwoner_id=lukasz.id)
    traject = _traject(session, coach, lukasz)
    consulent = schuldhulp_helpers.consulent(session, team_a)
    schuld = schuldhulp_helpers.gemeld(session, consulent, lukasz)
    schuldhulp_helpers.schuld(session, consulent, schuld, "Łukasz' verhuurder", "950.00")
    schulden.verwijs_door(session, actor=consulent, traject_id=schuld.id,
                          partner=Partner.HUMANITAS, datum=TODAY,
                          reden="Łukasz wil een maatje", today=TODAY)  # fmt: skip
    schuldhulp.meld_uitval(session, actor=consulent, traject_id=schuld.id, versie=None,
                           datum=TODAY, reden=Uitvalreden.ANDERS,
                           toelichting="Łukasz verhuist naar Polen", today=TODAY)  # fmt: skip
    return {"coach": coach, "consulent": consulent, "fb": fb, "lukasz": lukasz, "ander": ander,
            "traject": traject}  # fmt: skip


def _traject(session, coach, lukasz):
    """A trajectory with Łukasz's name in every free text it has, then closed."""
    traject = traject_helpers.in_intake(session, coach, lukasz,
                                        hoe_gaat_het="Łukasz voelt zich goed")  # fmt: skip
    trajecten.bepaal_stadium(session, actor=coach, traject_id=traject.id, datum=TODAY,
                             stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL, today=TODAY,
                             toelichting="Łukasz kan zich ontwikkelen")  # fmt: skip
    diagnoses.leg_diagnose_vast(session, actor=coach, inwoner_id=lukasz.id, today=TODAY,
                                gegevens=diagnoses.DiagnoseGegevens(
                                    Meetinstrument.MELBA, TODAY, "De Passage",
                                    "Łukasz werkt nauwkeurig"))  # fmt: skip
    diagnoses.scoor_participatieladder(session, actor=coach, inwoner_id=lukasz.id, datum=TODAY,
                                       trede=3, toelichting="Łukasz sport",
                                       today=TODAY)  # fmt: skip
    traject_helpers.loonwaardemeting(
        session,
        coach,
        lukasz,
        vastgestelde_loonwaarde=30,
        reden_vastgesteld="Łukasz werkt in een beschutte setting",
    )
    afspraak = trajecten.verplichtingen(session, lukasz.id)[0]
    handhaving.open_handhaving(session, actor=coach, traject_id=traject.id, today=TODAY,
                               gegevens=handhaving.HandhavingGegevens(
                                   afspraak.id, TODAY, "Łukasz kwam drie keer niet",
                                   "Maatregelverordening 2026"))  # fmt: skip
    return trajecten.sluit_af(session, actor=coach, traject_id=traject.id, datum=TODAY,
                              uitstroomreden=Uitstroomreden.VERHUIZING, today=TODAY,
                              toelichting="Łukasz verhuist naar Polen")  # fmt: skip


class TestInzage:
    def test_everything_of_the_person_and_nothing_of_anyone_else(self, session, dossiers, tmp_path):
        result = inzage.maak_inzage(session, actor=dossiers["fb"], bsn=make_bsn(1),
                                    directory=tmp_path)  # fmt: skip
        data = json.loads(result.json_path.read_text(encoding="utf-8"))
        assert data["personalia"][0]["voornamen"] == "Łukasz"
        assert data["personalia"][0]["bsn"] == make_bsn(1)
        assert data["contactmomenten"][0]["samenvatting"].startswith("Huisbezoek bij Łukasz")
        assert "Łukasz werkt drie dagen bij Attema" in data["ontwikkelplannen"][0]["doelen"]
        assert "minder begeleiding" in data["ontwikkelplannen"][0]["evaluaties"]
        assert data["werkniveau"][0]["niveau"] == 2
        assert "Łukasz verhuist naar Polen" in data["trajecten"][0]["verloop"]
        assert data["intakes"][0]["hoe_gaat_het"] == "Łukasz voelt zich goed"
        assert data["diagnoses"][0]["resultaat"] == "Łukasz werkt nauwkeurig"
        assert data["participatieladder"][0]["trede"] == 3
        assert data["loonwaardemetingen"][0]["loonwaarde"] == 30
        assert data["handhaving"][0]["omschrijving"] == "Łukasz kwam drie keer niet"
        assert data["schuldhulp"][0]["hulpvraag"] == "Achterstand huur en energie"
        assert "Łukasz' verhuurder (Verhuurder / woningcorporatie): 950.00" in data[
            "schuldhulp"][0]["schulden"]  # fmt: skip
        assert data["budgetbeheer"] == []
        acties = [r["actie"] for r in data["toegang"]]
        assert acties.count(AuditActie.GELEZEN.label) == 1
        assert AuditActie.INZAGE.label in acties  # the export lists its own making
        dump = result.json_path.read_text(encoding="utf-8")
        assert "Anna" not in dump and make_bsn(2) not in dump
        pdf_text = subprocess.run(["pdftotext", str(result.pdf_path), "-"], capture_output=True,
                                  text=True, check=True).stdout  # fmt: skip
        assert "Łukasz" in pdf_text and "Şahin-Öztürk" in pdf_text and "Anna" not in pdf_text
        assert not list(tmp_path.glob(".*"))  # no temporary files left behind

    def test_from_a_demo_database_the_pdf_says_demo(self, session, dossiers, tmp_path):
        markeer_als_demo(session, TODAY)
        result = inzage.maak_inzage(session, actor=dossiers["fb"], bsn=make_bsn(1),
                                    directory=tmp_path)  # fmt: skip
        pdf_text = subprocess.run(["pdftotext", str(result.pdf_path), "-"], capture_output=True,
                                  text=True, check=True).stdout  # fmt: skip
        assert DEMO_REGEL in pdf_text

    def test_is_audited(self, session, dossiers, tmp_path):
        inzage.maak_inzage(session, actor=dossiers["fb"], bsn=make_bsn(1), directory=tmp_path)
        assert session.scalar(select(AuditRecord).where(
            AuditRecord.actie == AuditActie.INZAGE, AuditRecord.gebruikersnaam == "fb"))  # fmt: skip

    def test_unknown_bsn(self, session, dossiers, tmp_path):
        with pytest.raises(DomainError, match="geen gegevens"):
            inzage.maak_inzage(session, actor=dossiers["fb"], bsn=make_bsn(30), directory=tmp_path)


def close(session, dossiers, naam, datum):
    bewaartermijnen.sluit_dossier(session, actor=dossiers["coach"], inwoner_id=dossiers[naam].id,
                                  datum=datum, today=TODAY)  # fmt: skip


class TestBewaartermijn:
    def test_only_expired_dossiers_are_listed(self, session, dossiers):
        close(session, dossiers, "lukasz", date(2018, 11, 1))  # 8 years ago
        close(session, dossiers, "ander", date(2020, 1, 1))  # not yet 7 years
        verlopen = bewaartermijnen.verlopen_dossiers(session, actor=dossiers["fb"], peildatum=TODAY)
        assert [d.inwoner_id for d in verlopen] == [dossiers["lukasz"].id]
        assert verlopen[0].verlopen_op == date(2025, 11, 1)

    def test_retention_period_is_configurable(self, session, dossiers):
        close(session, dossiers, "ander", date(2020, 1, 1))
        bewaartermijnen.wijzig_termijn(session, actor=dossiers["fb"], soort="DOSSIER", jaren=5)
        assert len(bewaartermijnen.verlopen_dossiers(session, actor=dossiers["fb"],
                                                     peildatum=TODAY)) == 1  # fmt: skip
        with pytest.raises(ValidationError):
            bewaartermijnen.wijzig_termijn(session, actor=dossiers["fb"], soort="DOSSIER", jaren=0)

    def test_closing_rules(self, session, dossiers):
        with pytest.raises(ValidationError):
            close(session, dossiers, "lukasz", date(2027, 1, 1))
        close(session, dossiers, "lukasz", date(2018, 11, 1))
        with pytest.raises(DomainError, match="al gesloten"):
            close(session, dossiers, "lukasz", date(2018, 11, 1))

    def test_no_closing_with_a_running_trajectory(self, session, dossiers):
        traject_helpers.aangemeld(session, dossiers["coach"], dossiers["ander"])
        with pytest.raises(DomainError, match="lopend traject"):
            close(session, dossiers, "ander", date(2026, 1, 1))

    def test_no_closing_with_a_running_schuldhulptraject(self, session, dossiers):
        schuldhulp_helpers.gemeld(session, dossiers["consulent"], dossiers["ander"])
        with pytest.raises(DomainError, match="lopend schuldhulptraject"):
            close(session, dossiers, "ander", date(2026, 1, 1))

    def test_destroyed_dossier_holds_no_name_or_bsn_anywhere(self, session, dossiers):
        close(session, dossiers, "lukasz", date(2018, 11, 1))
        # Imported from another system: its client number identifies him as well.
        session.add(Bronsleutel(entiteit="inwoner", sleutel="KLANT-4711",
                                record_id=dossiers["lukasz"].id))  # fmt: skip
        rapport = bewaartermijnen.vernietig(session, actor=dossiers["fb"], peildatum=TODAY)
        assert [d["inwoner_id"] for d in rapport.dossiers] == [str(dossiers["lukasz"].id)]
        assert "Łukasz" not in json.dumps(rapport.as_dict())
        session.flush()
        for needle in (
            "Łukasz",
            "Şahin",
            "lukasz",  # the folded search words too
            "sahin",
            make_bsn(1),
            "Lingewal",
            "Attema",
            "fietsen",
            "Polen",
            "KLANT-4711",
        ):
            assert not _found_anywhere(session, needle), needle
        # The other person and the anonymous statistics remain.
        assert _found_anywhere(session, "Anna")
        kept = session.get(Inwoner, dossiers["lukasz"].id)
        assert (kept.geboortedatum, kept.woongemeente.naam) == (date(1985, 1, 1), "Gorinchem")
        assert session.scalar(
            select(AuditRecord).where(
                AuditRecord.inwoner_id == kept.id, AuditRecord.actie == AuditActie.GEANONIMISEERD
            )
        )
        assert (
            bewaartermijnen.verlopen_dossiers(session, actor=dossiers["fb"], peildatum=TODAY) == []
        )


def _found_anywhere(session, needle: str) -> bool:
    """Whether any text column of any table holds the value (JSON columns included)."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text) or column.type.__class__.__name__ == "JSON":
                cast = f"CAST({column.name} AS TEXT)"
                hit = session.execute(text(
                    f"SELECT 1 FROM {table.name} WHERE {cast} LIKE :needle LIMIT 1"
                ), {"needle": f"%{needle}%"}).first()  # fmt: skip
                if hit:
                    return True
    return False


def test_found_anywhere_finds_json(session, dossiers):
    assert _found_anywhere(session, "Şahin")  # in inwoner and in the audit record's velden
    assert inspect(session.get_bind())
