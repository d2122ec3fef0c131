"""`koers report werkvoorraad`: the werkvoorraad as a table for people and as JSON for scripts;
someone else's list only for their team lead; refusals on stderr with exit code 1."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from app.cli import main
from app.models import AuditActie, AuditRecord, Kanaal, Ontwikkelstadium, Rol
from app.services import contactmomenten, inwoners
from app.startup import open_database
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services import traject_helpers as h

PEIL = TODAY.isoformat()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db(tmp_path):
    """Team A: coach.a (with Łukasz Şahin-Öztürk, whose outflow norm is escalated and whose
    follow-up contact is two days late), coach.a2 and their team lead lead.a. Team B: coach.b,
    with nothing to do."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        team_a, team_b = maak_team(session, "Team A"), maak_team(session, "Team B")
        coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team_a)
        maak_medewerker(session, "coach.a2", [Rol.JOBCOACH], team=team_a)
        maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team_a)
        maak_medewerker(session, "coach.b", [Rol.JOBCOACH], team=team_b)
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(1), voornamen="Łukasz", achternaam="Şahin-Öztürk",
            geboortedatum=TODAY.replace(year=1985), regievoerder_id=coach.id,
            woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
        )  # fmt: skip
        inwoner = inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)
        traject = h.stadium(session, coach, inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
        traject.werkfit_sinds = TODAY - relativedelta(months=7)
        contactmomenten.add_contactmoment(
            session, actor=coach, inwoner_id=inwoner.id, today=TODAY,
            gegevens=contactmomenten.ContactGegevens(
                datum=TODAY - timedelta(days=20), kanaal=Kanaal.TELEFOON,
                samenvatting="Gebeld over sollicitaties", vervolgactie="Cv nabespreken",
                vervolgdatum=TODAY - timedelta(days=2)),
        )  # fmt: skip
        ids = {"inwoner": str(inwoner.id), "traject": str(traject.id)}
    yield {"url": url, "sessions": sessions, **ids}
    engine.dispose()


def koers(db, *args: str) -> int:
    return main(["--database", db["url"], *args])


def refusals(db, gebruikersnaam: str) -> list[AuditRecord]:
    with db["sessions"]() as session:
        return list(session.scalars(select(AuditRecord).where(
            AuditRecord.gebruikersnaam == gebruikersnaam,
            AuditRecord.actie == AuditActie.GEWEIGERD)))  # fmt: skip


def test_text_is_a_table_with_the_most_urgent_first(db, capsys):
    assert koers(db, "--as", "coach.a", "report", "werkvoorraad", "--peildatum", PEIL) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Werkvoorraad van Coach.a (coach.a) op {TODAY:%d-%m-%Y}"
    assert lines[2].split() == ["Urgentie", "Datum", "Inwoner", "Wat"]
    assert lines[4].startswith("Escalatie ")
    assert "Łukasz Şahin-Öztürk" in lines[4] and "Werkfit sinds" in lines[4]
    assert lines[5].startswith("Te laat ")
    assert f"{TODAY - timedelta(days=2):%d-%m-%Y}" in lines[5]
    assert "Vervolgcontact: Cv nabespreken" in lines[5]
    # The columns line up: every row's name starts where the header's Inwoner does.
    column = lines[2].index("Inwoner")
    assert all(line[column:].startswith("Łukasz") for line in lines[4:6])
    assert lines[-1].startswith("2 punten: 1 escalatie, 1 te laat")


def test_json_lists_every_item_with_its_keys(db, capsys):
    assert koers(db, "--as", "coach.a", "report", "werkvoorraad", "--peildatum", PEIL,
                 "--format", "json") == 0  # fmt: skip
    items = json.loads(capsys.readouterr().out)
    assert isinstance(items, list) and len(items) == 2
    escalatie, te_laat = items
    assert escalatie == {
        "niveau": "ESCALATIE",
        "soort": "uitstroomnorm",
        "inwoner_id": db["inwoner"],
        "naam": "Łukasz Şahin-Öztürk",
        "omschrijving": escalatie["omschrijving"],
        "datum": (TODAY - relativedelta(months=1)).isoformat(),  # werkfit + 6 months
        "onderdeel": "traject",
        "record_id": db["traject"],
    }
    assert escalatie["omschrijving"].startswith("Werkfit sinds")
    assert te_laat["niveau"] == "TE_LAAT" and te_laat["soort"] == "vervolgcontact"
    assert te_laat["datum"] == (TODAY - timedelta(days=2)).isoformat()
    assert te_laat["onderdeel"] == "contactjournaal" and te_laat["record_id"]


def test_the_date_changes_what_is_due(db, capsys):
    eerder = (TODAY - timedelta(days=3)).isoformat()  # before the follow-up date
    assert koers(db, "--as", "coach.a", "report", "werkvoorraad", "--peildatum", eerder,
                 "--format", "json") == 0  # fmt: skip
    niveaus = {i["soort"]: i["niveau"] for i in json.loads(capsys.readouterr().out)}
    assert niveaus == {"uitstroomnorm": "ESCALATIE", "vervolgcontact": "DEZE_WEEK"}


def test_nothing_to_do(db, capsys):
    assert koers(db, "--as", "coach.b", "report", "werkvoorraad", "--peildatum", PEIL) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Niets dat vandaag aandacht vraagt."
    assert koers(db, "--as", "coach.b", "report", "werkvoorraad", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("coach", ["coach.a2", "coach.b"])
def test_a_coach_may_not_see_someone_elses_list(db, capsys, coach):
    assert koers(db, "--as", coach, "report", "werkvoorraad", "--medewerker", "coach.a") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "U kunt alleen uw eigen werkvoorraad zien" in captured.err
    assert [r.onderwerp for r in refusals(db, coach)] == ["werkvoorraad"]


def test_the_team_lead_sees_a_team_members_list(db, capsys):
    assert koers(db, "--as", "lead.a", "report", "werkvoorraad", "--medewerker", "coach.a",
                 "--peildatum", PEIL, "--format", "json") == 0  # fmt: skip
    assert [i["soort"] for i in json.loads(capsys.readouterr().out)] == [
        "uitstroomnorm",
        "vervolgcontact",
    ]
    # Their own list holds the team's escalations only.
    assert koers(db, "--as", "lead.a", "report", "werkvoorraad", "--peildatum", PEIL) == 0
    out = capsys.readouterr().out
    assert out.startswith("Werkvoorraad van Lead.a (lead.a)")
    assert "Escalatie" in out and "Vervolgcontact" not in out


def test_but_not_of_another_team(db, capsys):
    assert koers(db, "--as", "lead.a", "report", "werkvoorraad", "--medewerker", "coach.b") == 1
    assert "U kunt alleen uw eigen werkvoorraad zien" in capsys.readouterr().err
    assert len(refusals(db, "lead.a")) == 1


def test_a_team_lead_without_a_team_has_no_team_members(db, capsys):
    with db["sessions"].begin() as session:
        maak_medewerker(session, "lead.zonder", [Rol.TEAMLEIDER])
        maak_medewerker(session, "beheer", [Rol.FUNCTIONEEL_BEHEERDER])
    assert koers(db, "--as", "lead.zonder", "report", "werkvoorraad", "--medewerker", "beheer") == 1
    assert "U kunt alleen uw eigen werkvoorraad zien" in capsys.readouterr().err


def test_unknown_users(db, capsys):
    assert koers(db, "--as", "niemand", "report", "werkvoorraad") == 1
    assert "Er is geen medewerker met gebruikersnaam 'niemand'" in capsys.readouterr().err
    assert koers(db, "--as", "lead.a", "report", "werkvoorraad", "--medewerker", "niemand") == 1
    assert "Er is geen medewerker met gebruikersnaam 'niemand'" in capsys.readouterr().err


def test_needs_as(db, capsys):
    assert koers(db, "report", "werkvoorraad") == 1
    assert "Geef met --as GEBRUIKERSNAAM aan" in capsys.readouterr().err


def test_usage_errors(db, capsys):
    with pytest.raises(SystemExit) as info:
        koers(db, "--as", "coach.a", "report", "werkvoorraad", "--peildatum", "morgen")
    assert info.value.code == 2 and "'morgen' is geen datum" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        koers(db, "--as", "coach.a", "report")
    assert info.value.code == 2


def test_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "werkvoorraad", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--medewerker GEBRUIKERSNAAM" in out and "--peildatum DATUM" in out
