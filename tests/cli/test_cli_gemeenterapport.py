"""`koers report gemeente`: the periodic report to a municipality as JSON (stdout or file),
PDF and Excel; refusals on stderr with exit code 1 and nothing written, usage errors 2."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

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
    url = f"sqlite:///{tmp_path / 'g.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        team = maak_team(session, "Team A")
        coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team)
        maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team)
        gorinchem = gemeente_by_name(session, "Gorinchem").id
        for n, naam in ((1, "Łukasz"), (8, "Anna")):
            data = inwoners.InwonerGegevens(
                bsn=make_bsn(n), voornamen=naam, achternaam="Test",
                geboortedatum=date(1980, 1, 1), regievoerder_id=coach.id,
                woongemeente_id=gorinchem, betaalgemeente_id=gorinchem,
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


def rapport(db, *args: str, als: str = "lead.a") -> int:
    return main(["--database", db, "--as", als, "report", "gemeente", "--gemeente", "Gorinchem",
                 "--periode", "2026-T1", *args])  # fmt: skip


def test_json_on_stdout(db, capsys):
    assert rapport(db, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"gemeente", "organisatie", "periode", "vorig_jaar", "gemaakt_op",
                         "gemaakt_door", "schuldhulp", "demo", "toelichting", "onderdelen",
                         "caseload"}  # fmt: skip
    assert data["gemeente"]["naam"] == "Gorinchem"
    assert data["periode"] == {"naam": "2026-T1", "van": "2026-01-01", "tot": "2026-04-30"}
    assert data["schuldhulp"] is False
    [k01] = [k for o in data["onderdelen"] for k in o["kpis"] if k["code"] == "K01"]
    assert (k01["waarde"], k01["teller"], k01["noemer"]) == ("50.0", "1", 2)
    assert k01["definitie"].startswith("Het deel van de inwoners met een SW-")
    assert not [k for o in data["onderdelen"] for k in o["kpis"] if k["code"].startswith("S")]
    assert {t["sleutel"]: t["aantal"] for t in data["caseload"]["tellingen"]}["actief"] == 2


def test_json_is_the_default_and_can_go_to_a_file(db, capsys, tmp_path):
    assert rapport(db) == 0
    assert json.loads(capsys.readouterr().out)["gemeente"]["naam"] == "Gorinchem"
    path = tmp_path / "rapport.json"
    assert rapport(db, "--format", "json", "-o", str(path)) == 0
    assert json.loads(path.read_text(encoding="utf-8"))["periode"]["naam"] == "2026-T1"
    assert str(path) in capsys.readouterr().out


def test_pdf_and_xlsx_files(db, capsys, tmp_path):
    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    assert rapport(db, "--format", "pdf", "-o", str(pdf)) == 0
    assert "Rapportage Gorinchem 2026-T1 geschreven naar" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
    tekst = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "Rapportage aan de gemeente Gorinchem" in tekst
    k01 = next(r for r in tekst.splitlines() if "K01 IOP-dekking doelgroepmedewerkers" in r)
    assert "50,0 %" in k01 and "1 van 2" in k01
    assert rapport(db, "--format", "xlsx", "-o", str(xlsx)) == 0
    wb = load_workbook(xlsx)
    assert "Ontwikkeling" in wb.sheetnames and "Definities" in wb.sheetnames
    rij = next(r for r in wb["Ontwikkeling"].iter_rows(values_only=True) if r[0] == "K01")
    assert rij[2:6] == (50.0, "%", 1, 2)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files


def test_refusals(db, capsys, tmp_path):
    assert rapport(db, "--format", "pdf") == 1
    assert "Geef met -o het bestand op" in capsys.readouterr().err
    assert rapport(db, "--format", "xlsx", "-o", str(tmp_path)) == 1
    assert "is een map" in capsys.readouterr().err
    assert rapport(db, "--format", "pdf", "-o", str(tmp_path / "nergens" / "r.pdf")) == 1
    assert "bestaat niet" in capsys.readouterr().err
    assert main(["--database", db, "--as", "lead.a", "report", "gemeente", "--gemeente",
                 "Atlantis", "--periode", "2026-T1"]) == 1  # fmt: skip
    assert "geen gemeente 'Atlantis'" in capsys.readouterr().err
    assert main(["--database", db, "--as", "lead.a", "report", "gemeente", "--gemeente",
                 "Gorinchem", "--periode", "2026-T4"]) == 1  # fmt: skip
    assert "viermaandsperiode" in capsys.readouterr().err
    pdf = tmp_path / "coach.pdf"
    assert rapport(db, "--format", "pdf", "-o", str(pdf), als="coach.a") == 1
    assert "niet" in capsys.readouterr().err
    assert not pdf.exists()
    assert main(["--database", db, "report", "gemeente", "--gemeente", "Gorinchem",
                 "--periode", "2026"]) == 1  # fmt: skip
    assert "--as" in capsys.readouterr().err


def test_usage_errors_exit_2(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        rapport(db, "--format", "docx")
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["--database", db, "--as", "lead.a", "report", "gemeente", "--periode", "2026"])
    assert exit_.value.code == 2
    assert "--gemeente" in capsys.readouterr().err
