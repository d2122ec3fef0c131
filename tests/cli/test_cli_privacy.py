"""The CLI side of issue 3: accounts, need-to-know with `--as`, audit, inzage, retention."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.cli import main
from app.models import AuditActie, AuditRecord, Inwoner, Rol
from app.services import inwoners
from app.services.bewaartermijnen import sluit_dossier
from app.services.text import AMSTERDAM
from app.startup import open_database
from tests.conftest import TODAY, WACHTWOORD, gemeente_by_name, maak_medewerker, maak_team, make_bsn


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db(tmp_path):
    """Two teams, each with a jobcoach and one inwoner; a functioneel beheerder."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    engine, sessions = open_database(url)
    with sessions.begin() as session:
        gorinchem = gemeente_by_name(session, "Gorinchem")
        maak_medewerker(session, "beheer", [Rol.FUNCTIONEEL_BEHEERDER])
        for n, naam in ((1, "a"), (2, "b")):
            team = maak_team(session, f"Team {naam.upper()}")
            coach = maak_medewerker(session, f"coach.{naam}", [Rol.JOBCOACH], team=team)
            data = inwoners.InwonerGegevens(
                bsn=make_bsn(n), voornamen="Łukasz" if n == 1 else "Anna",
                achternaam="Şahin-Öztürk" if n == 1 else "Anders",
                geboortedatum=date(1985, 4, 12), woongemeente_id=gorinchem.id,
                regievoerder_id=coach.id,
            )  # fmt: skip
            inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)
    yield {"url": url, "sessions": sessions}
    engine.dispose()


def records(db, **where) -> list[AuditRecord]:
    with db["sessions"]() as session:
        query = select(AuditRecord).order_by(AuditRecord.moment)
        for key, value in where.items():
            query = query.where(getattr(AuditRecord, key) == value)
        return list(session.scalars(query))


def koers(db, *args: str) -> int:
    return main(["--database", db["url"], *args])


def test_personal_data_commands_need_as(db, capsys):
    assert koers(db, "inwoner", "toon", "--bsn", make_bsn(1)) == 1
    assert "Geef met --as GEBRUIKERSNAAM aan" in capsys.readouterr().err


def test_coach_opens_own_dossier(db, capsys):
    assert koers(db, "--as", "coach.a", "inwoner", "toon", "--bsn", make_bsn(1)) == 0
    assert "Łukasz Şahin-Öztürk" in capsys.readouterr().out
    assert [r.actie for r in records(db, gebruikersnaam="coach.a")][-1] == AuditActie.GELEZEN


def test_coach_of_team_b_is_refused_and_the_attempt_is_audited(db, capsys):
    assert koers(db, "--as", "coach.b", "inwoner", "toon", "--bsn", make_bsn(1)) == 1
    err = capsys.readouterr().err
    assert "U hebt geen toegang tot het dossier van deze inwoner" in err
    assert "Łukasz" not in err
    assert [r.actie for r in records(db, gebruikersnaam="coach.b")][-1] == AuditActie.GEWEIGERD


def test_beheerder_breaks_the_glass_with_a_reason(db, capsys):
    assert koers(db, "--as", "beheer", "inwoner", "toon", "--bsn", make_bsn(1)) == 1
    assert "Geef een reden" in capsys.readouterr().err
    assert koers(db, "--as", "beheer", "inwoner", "toon", "--bsn", make_bsn(1),
                 "--reden", "Klacht onderzoeken op verzoek van de inwoner") == 0  # fmt: skip
    laatste = records(db, gebruikersnaam="beheer")[-1]
    assert laatste.actie == AuditActie.BREAK_THE_GLASS and laatste.reden.startswith("Klacht")


def test_audit_shows_one_read_and_one_change_with_values(db, capsys):
    assert koers(db, "--as", "coach.a", "inwoner", "toon", "--bsn", make_bsn(1)) == 0
    with db["sessions"].begin() as session:
        coach = session.scalar(select(AuditRecord.medewerker_id).where(
            AuditRecord.gebruikersnaam == "coach.a").limit(1))  # fmt: skip
        from app.models import Medewerker

        actor = session.get(Medewerker, coach)
        inwoner = session.scalar(select(Inwoner).where(Inwoner.bsn == make_bsn(1)))
        gegevens = inwoners.InwonerGegevens.from_inwoner(inwoner)
        gegevens.telefoon = "0687654321"
        inwoners.update_inwoner(session, actor=actor, inwoner_id=inwoner.id,
                                versie=inwoner.versie, gegevens=gegevens)  # fmt: skip
    capsys.readouterr()
    assert koers(db, "--as", "beheer", "audit", "--bsn", make_bsn(1), "--format", "json") == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["gebruiker"] == "coach.a"]
    assert [r["actie"] for r in rows] == ["AANGEMAAKT", "GELEZEN", "GEWIJZIGD"]
    assert rows[2]["velden"] == {"telefoon": [None, "0687654321"]}


def test_audit_by_user_as_csv_and_period(db, capsys):
    assert koers(db, "--as", "coach.a", "inwoner", "toon", "--bsn", make_bsn(1)) == 0
    capsys.readouterr()
    # The period is in days of Europe/Amsterdam: around midnight UTC that is another date.
    vandaag = datetime.now(AMSTERDAM).date().isoformat()
    assert koers(db, "--as", "beheer", "audit", "--gebruiker", "coach.a", "--van", vandaag,
                 "--tot", vandaag, "--format", "csv") == 0  # fmt: skip
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("moment;gebruiker;actie") and len(lines) == 3
    assert make_bsn(1) not in "\n".join(lines)


def test_coach_may_not_read_the_audit_trail(db, capsys):
    assert koers(db, "--as", "coach.a", "audit", "--bsn", make_bsn(1)) == 1
    assert "U mag audittrail niet lezen" in capsys.readouterr().err


def test_first_beheerder_then_accounts(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'leeg.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("een-sterk-wachtwoord\n"))
    assert main(["--database", url, "gebruiker", "add", "--naam", "Bea Heer",
                 "--gebruikersnaam", "bea", "--rol", "functioneel-beheerder",
                 "--wachtwoord-stdin"]) == 0  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("een-sterk-wachtwoord\n"))
    assert main(["--database", url, "gebruiker", "add", "--naam", "Tweede",
                 "--gebruikersnaam", "twee", "--rol", "functioneel-beheerder",
                 "--wachtwoord-stdin"]) == 1  # fmt: skip
    assert "Alleen de eerste functioneel beheerder" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("nog-een-wachtwoord\n"))
    assert main(["--database", url, "--as", "bea", "gebruiker", "add", "--naam", "Co Ach",
                 "--gebruikersnaam", "coach", "--rol", "jobcoach", "--team", "geen team",
                 "--wachtwoord-stdin"]) == 1  # fmt: skip
    assert "Er is geen team 'geen team'" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("nog-een-wachtwoord\n"))
    assert main(["--database", url, "--as", "bea", "gebruiker", "add", "--naam", "Co Ach",
                 "--gebruikersnaam", "coach", "--rol", "jobcoach", "--wachtwoord-stdin"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--database", url, "--as", "bea", "gebruiker", "list", "--format", "json"]) == 0
    names = [m["gebruikersnaam"] for m in json.loads(capsys.readouterr().out)["medewerkers"]]
    assert sorted(names) == ["bea", "coach"]
    log = (tmp_path / "data" / "koers.log").read_text(encoding="utf-8")
    assert "een-sterk-wachtwoord" not in log and "nog-een-wachtwoord" not in log


def test_unknown_role_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as info:
        koers(db, "--as", "beheer", "gebruiker", "add", "--naam", "X", "--gebruikersnaam", "x",
              "--rol", "directeur")  # fmt: skip
    assert info.value.code == 2 and "onbekende rol 'directeur'" in capsys.readouterr().err


def test_inzage(db, tmp_path, capsys):
    assert (
        koers(db, "--as", "beheer", "inzage", "--bsn", make_bsn(1), "-o", str(tmp_path / "uit"))
        == 0
    )
    data = json.loads(next((tmp_path / "uit").glob("*.json")).read_text(encoding="utf-8"))
    assert data["personalia"][0]["achternaam"] == "Şahin-Öztürk"
    assert "Anna" not in json.dumps(data, ensure_ascii=False)
    assert next((tmp_path / "uit").glob("*.pdf")).read_bytes().startswith(b"%PDF")


def test_retention_check_and_destroy(db, tmp_path, capsys, monkeypatch):
    with db["sessions"].begin() as session:
        from app.models import Medewerker

        coach = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam == "coach.a"))
        inwoner_id = session.scalar(select(Inwoner.id).where(Inwoner.bsn == make_bsn(1)))
        sluit_dossier(session, actor=coach, inwoner_id=inwoner_id,
                      datum=date(TODAY.year - 8, 1, 15))  # fmt: skip
    assert koers(db, "--as", "beheer", "bewaartermijn", "--controleer") == 0
    assert "Łukasz Şahin-Öztürk" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert koers(db, "--as", "beheer", "bewaartermijn", "--vernietig") == 1
    assert "Bevestig met --ja" in capsys.readouterr().err
    assert koers(db, "--as", "beheer", "bewaartermijn", "--vernietig", "--ja",
                 "--rapport", str(tmp_path / "bestaat-niet" / "r.json")) == 1  # fmt: skip
    assert "er is niets vernietigd" in capsys.readouterr().err.lower()
    rapport = tmp_path / "rapport.json"
    assert koers(db, "--as", "beheer", "bewaartermijn", "--vernietig", "--ja",
                 "--rapport", str(rapport)) == 0  # fmt: skip
    assert json.loads(rapport.read_text(encoding="utf-8"))["aantal"] == 1
    with db["sessions"]() as session:
        assert session.scalar(select(Inwoner.bsn).where(Inwoner.id == inwoner_id)) is None
    assert koers(db, "--as", "beheer", "bewaartermijn", "--controleer") == 0
    assert "Geen dossiers over de bewaartermijn" in capsys.readouterr().out
    assert WACHTWOORD


def test_rechten_prints_the_matrix(capsys):
    assert main(["rechten"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| Gegevens | Jobcoach / werkcoach |")


def _plan_for_lukasz(db) -> None:
    from app.models import Medewerker
    from tests.services.iop_helpers import concept, vaststellen

    with db["sessions"].begin() as session:
        coach = session.scalar(select(Medewerker).where(Medewerker.gebruikersnaam == "coach.a"))
        inwoner = session.scalar(select(Inwoner).where(Inwoner.bsn == make_bsn(1)))
        vaststellen(session, coach, concept(session, coach, inwoner))


def test_print_iop_for_one_inwoner(db, tmp_path, capsys):
    _plan_for_lukasz(db)
    target = tmp_path / "plan.pdf"
    assert (
        koers(db, "--as", "coach.a", "print", "iop", "--bsn", make_bsn(1), "-o", str(target)) == 0
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert (
        koers(db, "--as", "coach.b", "print", "iop", "--bsn", make_bsn(1), "-o", str(target)) == 1
    )
    assert "geen toegang" in capsys.readouterr().err


def test_print_iop_for_a_caseload(db, tmp_path, capsys):
    _plan_for_lukasz(db)
    out = tmp_path / "plannen"
    assert koers(db, "--as", "coach.a", "print", "iop", "--medewerker", "coach.a", "--alle",
                 "-o", str(out)) == 0  # fmt: skip
    assert len(list(out.glob("*.pdf"))) == 1
    assert "1 plan(nen) afgedrukt" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        koers(db, "--as", "coach.a", "print", "iop", "--medewerker", "coach.a")
