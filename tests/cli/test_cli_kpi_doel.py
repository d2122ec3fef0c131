"""`koers kpi-doel`: list the KPI targets of a year, set or remove one; refusals on stderr with
exit code 1 (nothing written), wrong usage with exit code 2."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.cli import main
from app.models import AuditActie, AuditRecord, Rol
from app.services.kpi import KPIS, doelen
from app.startup import open_database
from tests.conftest import maak_medewerker, maak_team


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db(tmp_path):
    """A functioneel beheerder and a team lead."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        maak_medewerker(session, "beheer", [Rol.FUNCTIONEEL_BEHEERDER])
        maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=maak_team(session, "Team A"))
    yield url, sessions
    engine.dispose()


def kpi_doel(db, *args: str, als: str = "beheer") -> int:
    url, _sessions = db
    return main(["--database", url, "--as", als, "kpi-doel", *args])


def opgeslagen(db, jaar: int = 2026) -> dict[str, Decimal]:
    _url, sessions = db
    with sessions.begin() as session:
        return doelen(session, jaar)


def test_set_a_target_with_a_dutch_or_a_dot_decimal(db, capsys):
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K01", "--waarde", "62,5") == 0
    assert capsys.readouterr().out == (
        "Doel K01 (IOP-dekking doelgroepmedewerkers) voor 2026: 62,5 %.\n"
    )
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "k05", "--waarde", "325.0",
                    "--format", "json") == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == {
        "code": "K05", "naam": "Geplaatst met banenafspraak", "jaar": 2026, "doel": "325",
        "vorig_doel": None,
    }  # fmt: skip
    assert opgeslagen(db) == {"K01": Decimal("62.5"), "K05": Decimal("325")}
    assert opgeslagen(db, 2027) == {}
    # Setting it again replaces it.
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K01", "--waarde", "70") == 0
    assert opgeslagen(db)["K01"] == Decimal("70")


def test_list_every_kpi_with_its_target(db, capsys):
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K07", "--waarde", "90") == 0
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "S01", "--waarde", "450") == 0
    capsys.readouterr()
    assert kpi_doel(db, "--jaar", "2026") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "KPI-doelen voor 2026"
    assert lines[2].split() == ["Code", "KPI", "Doel", "Doel", "in", "de", "bron"]
    rows = {line.split()[0]: line for line in lines[4 : 4 + len(KPIS)]}
    assert list(rows) == [k.code for k in KPIS]  # the debt KPIs too: targets are no personal data
    assert rows["K07"].split("  ")[0] == "K07"
    assert "90 %" in rows["K07"] and rows["K07"].endswith("Avres 2026: 90 %")
    assert "450 trajecten" in rows["S01"]
    assert " – " in rows["K01"]  # no target set: only the actual figure will show
    assert lines[-1] == "2 van de 13 KPI's hebben een doel voor 2026."

    assert kpi_doel(db, "--jaar", "2026", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jaar"] == 2026
    k07 = next(d for d in data["doelen"] if d["code"] == "K07")
    assert k07 == {"code": "K07", "naam": "Duurzame plaatsingen", "soort": "%", "eenheid": "%",
                   "doel": "90", "bron": "Avres 2026: 90 %"}  # fmt: skip
    assert next(d for d in data["doelen"] if d["code"] == "PL")["doel"] is None

    # Another year has its own targets; a team lead may look.
    assert kpi_doel(db, "--jaar", "2027", "--format", "json", als="lead.a") == 0
    assert {d["doel"] for d in json.loads(capsys.readouterr().out)["doelen"]} == {None}


def test_remove_a_target(db, capsys):
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K02", "--waarde", "20") == 0
    capsys.readouterr()
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K02", "--verwijder") == 0
    assert (
        capsys.readouterr().out == "Doel K02 (Aantoonbaar hoger werkniveau) voor 2026 verwijderd.\n"
    )
    assert opgeslagen(db) == {}
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K02", "--verwijder", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["vorig_doel"] is None
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K02", "--verwijder") == 0
    assert "had voor 2026 geen doel" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kpi", "K01", "--waarde", "120"), "Een doel voor K01 ligt tussen 0 en 100 %"),
        (("--kpi", "K05", "--waarde", "-1"), "Een doel voor K05 ligt tussen 0 en 10000000"),
        (("--kpi", "X99", "--waarde", "1"), "Onbekende KPI: X99."),
        (("--kpi", "X99", "--verwijder"), "Onbekende KPI: X99."),
    ],
)
def test_refused_values_write_nothing(db, capsys, args, message):
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K03", "--waarde", "60") == 0
    capsys.readouterr()
    assert kpi_doel(db, "--jaar", "2026", *args) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"koers: {message}")
    assert opgeslagen(db) == {"K03": Decimal("60")}


def test_a_year_out_of_range_is_refused(db, capsys):
    assert kpi_doel(db, "--jaar", "1999", "--kpi", "K01", "--waarde", "50") == 1
    assert capsys.readouterr().err == "koers: Kies een jaar tussen 2000 en 2100.\n"
    assert opgeslagen(db, 1999) == {}


def test_a_team_lead_may_not_change_targets(db, capsys):
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K01", "--waarde", "90", als="lead.a") == 1
    assert capsys.readouterr().err == (
        "koers: U mag referentiegegevens en instellingen niet wijzigen met uw rol (Teamleider).\n"
    )
    assert opgeslagen(db) == {}
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K01", "--waarde", "90") == 0
    assert kpi_doel(db, "--jaar", "2026", "--kpi", "K01", "--verwijder", als="lead.a") == 1
    assert opgeslagen(db) == {"K01": Decimal("90")}
    _url, sessions = db
    with sessions.begin() as session:  # each refusal is in the audit trail
        geweigerd = session.scalars(
            select(AuditRecord.gebruikersnaam).where(AuditRecord.actie == AuditActie.GEWEIGERD)
        ).all()
    assert geweigerd == ["lead.a", "lead.a"]


def test_without_as_nothing_happens(db, capsys):
    url, _sessions = db
    assert main(["--database", url, "kpi-doel", "--jaar", "2026", "--kpi", "K01",
                 "--waarde", "90"]) == 1  # fmt: skip
    assert "--as GEBRUIKERSNAAM" in capsys.readouterr().err
    assert opgeslagen(db) == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--jaar", "2026", "--kpi", "K01"), "geef bij --kpi ook --waarde W of --verwijder"),
        (("--jaar", "2026", "--waarde", "5"), "--waarde en --verwijder gaan samen met --kpi"),
        (("--jaar", "2026", "--kpi", "K01", "--waarde", "abc"), "'abc' is geen getal"),
        (("--jaar", "dit jaar"), "'dit jaar' is geen jaar"),
        (
            ("--jaar", "2026", "--kpi", "K01", "--waarde", "5", "--verwijder"),
            "argument --verwijder",
        ),
    ],
)
def test_wrong_usage(db, capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        kpi_doel(db, *args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "koers: onjuist gebruik:" in err
    assert message in err
    assert opgeslagen(db) == {}
