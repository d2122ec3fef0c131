"""`koers report kpi`: the KPIs as text, JSON and CSV; refusals on stderr with exit code 1."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.cli import main
from app.models import InwonerLabel, Label, Ontwikkelplan, PlanStatus, PlanType, Rol
from app.services import inwoners
from app.startup import open_database
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db(tmp_path):
    """Two SW employees of coach.a in Gorinchem, one with a vastgesteld IOP."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        team = maak_team(session, "Team A")
        coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team)
        maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team)
        for n, naam in ((1, "Łukasz"), (8, "Anna")):
            data = inwoners.InwonerGegevens(
                bsn=make_bsn(n), voornamen=naam, achternaam="Test",
                geboortedatum=date(1980, 1, 1), regievoerder_id=coach.id,
                woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
            )  # fmt: skip
            inwoner = inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)
            session.add(InwonerLabel(inwoner_id=inwoner.id, label=Label.SW_WSW,
                                     geldig_van=date(2020, 1, 1)))  # fmt: skip
            if n == 1:
                session.add(Ontwikkelplan(inwoner_id=inwoner.id, type=PlanType.IOP, planversie=1,
                                          status=PlanStatus.VASTGESTELD,
                                          evaluatie_interval_maanden=6,
                                          vastgesteld_op=date(2026, 2, 1)))  # fmt: skip
    yield url
    engine.dispose()


def kpi(db, *args: str) -> int:
    return main(["--database", db, "--as", "lead.a", "report", "kpi", *args])


def test_json_per_kpi_with_its_definition(db, capsys):
    assert kpi(db, "--periode", "2026-T1", "--kpi", "K01", "--format", "json") == 0
    [k01] = json.loads(capsys.readouterr().out)
    assert (k01["code"], k01["waarde"], k01["teller"], k01["noemer"]) == ("K01", "50.0", "1", 2)
    assert k01["vorig_jaar"] == "0.0" and k01["doel"] is None
    assert k01["definitie"].startswith("Het deel van de inwoners met een SW-")


def test_csv_with_a_breakdown(db, capsys):
    assert (
        kpi(db, "--periode", "2026", "--kpi", "K01", "--dimensie", "gemeente", "--format", "csv")
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "code;kpi;uitsplitsing;waarde;eenheid;teller;noemer;vorig_jaar;doel"
    assert lines[1] == "K01;IOP-dekking doelgroepmedewerkers;;50,0;%;1;2;0,0;"
    assert lines[2] == "K01;IOP-dekking doelgroepmedewerkers;Gorinchem;50,0;%;1;2;;"


def test_text_lists_every_kpi_the_user_may_see(db, capsys):
    assert kpi(db, "--periode", "2026") == 0
    out = capsys.readouterr().out
    assert "K01  IOP-dekking doelgroepmedewerkers: 50,0 %" in out
    assert "S01" not in out  # no debt data for a team lead outside the debt team


def test_refusals(db, capsys):
    assert kpi(db, "--periode", "2026-T4") == 1
    assert "viermaandsperiode" in capsys.readouterr().err
    assert kpi(db, "--periode", "2026", "--gemeente", "Atlantis") == 1
    assert "geen gemeente 'Atlantis'" in capsys.readouterr().err
    assert main(["--database", db, "--as", "coach.a", "report", "kpi", "--periode", "2026"]) == 1
    assert "niet" in capsys.readouterr().err


def caseload(db, *args: str) -> int:
    return main(["--database", db, "--as", "lead.a", "report", "caseload", *args])


def test_caseload_text_json_and_csv(db, capsys):
    assert caseload(db, "--peildatum", "2026-11-23") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Caseload per coach op 23-11-2026"
    assert out[4].split() == ["Coach.a", "2", "2", "0", "0", "0", "0"]
    assert out[6].split() == ["Totaal", "2", "2", "0", "0", "0", "0"]
    assert caseload(db, "--niveau", "gemeente", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["naam"], r["actief"], r["sw"]) for r in data["rijen"]] == [("Gorinchem", 2, 2)]
    assert "schuldhulp_te_laat" not in data["totaal"]
    assert caseload(db, "--format", "csv") == 0
    header, coach, totaal = capsys.readouterr().out.splitlines()[:3]
    assert header.startswith("sleutel;naam;") and ";Coach.a;" in coach
    assert totaal.startswith(";Totaal;")


def test_caseload_refusals(db, capsys):
    assert caseload(db, "--team", "Team Onbekend") == 1
    assert "geen team 'Team Onbekend'" in capsys.readouterr().err
    assert main(["--database", db, "--as", "coach.a", "report", "caseload"]) == 1
    assert "niet" in capsys.readouterr().err


def test_filter_on_age_band_and_time_on_benefit(db, capsys):
    assert (
        kpi(db, "--periode", "2026", "--kpi", "K01", "--leeftijd", "45–54", "--format", "json") == 0
    )
    assert json.loads(capsys.readouterr().out)[0]["noemer"] == 2
    assert (
        kpi(
            db,
            "--periode",
            "2026",
            "--kpi",
            "K01",
            "--leeftijd",
            "< 27",
            "--uitkeringsduur",
            "geen bijstand",
            "--format",
            "json",
        )
        == 0
    )
    [k01] = json.loads(capsys.readouterr().out)
    assert (k01["noemer"], k01["waarde"]) == (0, None)
