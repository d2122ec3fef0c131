"""`koers wgs-termijnen` (the deadlines for given dates) and `koers report schuldhulp` (the open
trajectories with their next deadline), as text and JSON, with refusals on stderr."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.cli import main
from app.models import Rol
from app.services import inwoners
from app.startup import open_database
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services import schuldhulp_helpers as h


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        cons = h.consulent(session, h.sdv_team(session), "cons")
        maak_medewerker(session, "coach", [Rol.JOBCOACH], team=maak_team(session, "Team A"))
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(1), voornamen="Łukasz", achternaam="Şahin-Öztürk",
            geboortedatum=date(1985, 1, 1), regievoerder_id=cons.id,
            woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
        )  # fmt: skip
        inwoner = inwoners.create_inwoner(session, actor=cons, gegevens=data, today=TODAY)
        h.schuld(session, cons, h.na_gesprek(session, cons, inwoner), "Eneco", "480.50")
    yield url
    engine.dispose()


def wgs(db, *args: str) -> int:
    return main(["--database", db, "wgs-termijnen", *args])


def test_wgs_termijnen_json_has_the_three_keys(db, capsys):
    assert wgs(db, "--melding", "2026-04-16", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "eerste_gesprek_uiterlijk": "2026-05-18",  # Hemelvaart, decree day and weekend skipped
        "beschikking_uiterlijk": None, "einde_schuldregeling": None}  # fmt: skip
    args = ["--melding", "2026-10-29", "--bedreigend", "--eerste-gesprek", "2026-10-30"]
    assert wgs(db, *args, "--start-schuldregeling", "2023-06-30", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "eerste_gesprek_uiterlijk": "2026-11-03", "beschikking_uiterlijk": "2026-12-28",
        "einde_schuldregeling": "2026-06-30"}  # fmt: skip


def test_wgs_termijnen_text_and_a_municipal_term(db, capsys):
    args = ["--melding", "24-11-2026", "--eerste-gesprek", "24-11-2026"]
    assert wgs(db, *args, "--beschikking-weken", "6") == 0
    out = capsys.readouterr().out
    assert "Eerste gesprek uiterlijk   22-12-2026  (4 weken na de melding)" in out
    assert "Beschikking uiterlijk      05-01-2027  (6 weken na de aanvraag)" in out


def test_wgs_termijnen_refuses_bad_input(db, capsys):
    assert wgs(db, "--melding", "2026-11-24", "--eerste-gesprek", "2026-11-01") == 1
    assert "vóór de melding" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        wgs(db, "--melding", "31-02-2026")
    assert exit_.value.code == 2


def test_report_schuldhulp_json_and_text(db, capsys):
    args = ["--database", db, "--as", "cons", "report", "schuldhulp", "--peildatum", "2026-11-23"]
    assert main([*args, "--format", "json"]) == 0
    [rij] = json.loads(capsys.readouterr().out)
    assert rij["naam"] == "Łukasz Şahin-Öztürk" and rij["fase"] == "VOORZORG"
    assert rij["volgende_termijn"] == "BESCHIKKING" and rij["dagen_over"] == -13
    assert rij["te_laat"] and rij["totaal_schulden"] == "480.50"
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Beschikking uiterlijk 10-11-2026 (13 dagen te laat)" in out
    assert "1 lopende trajecten, 1 met een verstreken termijn." in out


def test_report_schuldhulp_refused_for_a_jobcoach(db, capsys):
    assert main(["--database", db, "--as", "coach", "report", "schuldhulp"]) == 1
    assert "niet" in capsys.readouterr().err
