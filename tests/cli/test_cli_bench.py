"""`koers bench`: a small run writes the JSON and markdown and prints the table; bad input is
refused in Dutch."""

from __future__ import annotations

import json

from app.cli import main


def test_small_bench_writes_json_and_markdown(tmp_path, capsys):
    uitvoer = tmp_path / "uit"
    code = main(["bench", "--inwoners", "300", "--zonder-gui", "--zonder-schaal",
                 "--map", str(tmp_path / "db"), "--uitvoer", str(uitvoer)])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0
    assert "Demogegevens maken: 300 inwoners" in err
    assert out.startswith("Koers bench, ") and "| werkvoorraad van de coach" in out
    data = json.loads((uitvoer / "bench-results.json").read_text(encoding="utf-8"))
    assert data["inwoners"] == 300 and data["machine"]["database"] == "sqlite"
    assert data["metingen"]["demo"]["mediaan"] > 0
    assert data["metingen"]["zoeken_naam_beheerder"]["verhouding"] > 0
    assert (uitvoer / "bench-results.md").read_text(encoding="utf-8") == out.rstrip("\n") + "\n"
    # Again: the database is there, so nothing is generated; JSON on request.
    code = main(["bench", "--inwoners", "300", "--zonder-gui", "--zonder-schaal", "--format",
                 "json", "--map", str(tmp_path / "db"), "--uitvoer", str(uitvoer)])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0 and "Demogegevens maken" not in err
    assert json.loads(out)["metingen"]["demo"]["toelichting"] == "eenmalig per omvang"


def test_output_must_be_a_directory(tmp_path, capsys):
    bestand = tmp_path / "bestand.txt"
    bestand.write_text("x", encoding="utf-8")
    assert main(["bench", "--inwoners", "300", "--uitvoer", str(bestand)]) == 1
    assert "is geen map" in capsys.readouterr().err


def test_a_database_without_anyone_to_measure_as_is_refused(db, tmp_path, capsys):
    # Inwoners without a coach, team lead or beheerder: nothing to measure as.
    from app.services.demo import generate_demo
    from app.startup import open_database

    engine, sessions = open_database(db)
    generate_demo(sessions, inwoners=50, seed=3)
    with sessions.begin() as session:
        from sqlalchemy import update

        from app.models import Inwoner

        session.execute(update(Inwoner).values(regievoerder_id=None))
    engine.dispose()
    code = main(["bench", "--database", db, "--zonder-gui", "--uitvoer", str(tmp_path)])
    assert code == 1
    assert "geen jobcoach met inwoners" in capsys.readouterr().err
