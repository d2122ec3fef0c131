"""`koers import … --mapping/--verslag`, `koers import koppeling`, `koers export inwoners` and
`koers import --sjabloon`: a functioneel beheerder moves a caseload in and out."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from app.cli import main
from app.services.inwoner_import import FORMAAT
from app.services.tabellen import lees
from tests.cli.test_cli_demo_import import count
from tests.conftest import make_bsn

BRON = ["Klantnr", "Burgerservicenummer", "Voornaam", "Achternaam", "Geboren", "Gemeente"]


def bronbestand(tmp_path, *rijen):
    pad = tmp_path / "bron.csv"
    pad.write_text("\n".join([",".join(BRON), *rijen]) + "\n", encoding="cp1252")
    return pad


def bronrij(n: int, klant: str, **anders) -> str:
    waarden = {"Klantnr": klant, "Burgerservicenummer": make_bsn(n), "Voornaam": "Zoë",
               "Achternaam": "Bakker", "Geboren": "12-04-1985", "Gemeente": "Gorinchem"}  # fmt: skip
    waarden.update(anders)
    return ",".join(waarden[k] for k in BRON)


def test_suggest_a_mapping_then_import_with_it_twice(db, tmp_path, capsys):
    pad = bronbestand(tmp_path, bronrij(1, "A1"), bronrij(12, "A2"))
    koppeling = tmp_path / "koppeling.json"
    assert main(["import", "koppeling", str(pad), "-o", str(koppeling)]) == 0
    out = capsys.readouterr().out
    assert "bsn             ← Burgerservicenummer" in out
    inhoud = json.loads(koppeling.read_text(encoding="utf-8"))
    inhoud["kolommen"]["sleutel"] = "Klantnr"  # the user completes what was not recognised
    koppeling.write_text(json.dumps(inhoud), encoding="utf-8")

    args = ["--database", db, "--as", "beheer", "import", "inwoners", str(pad),
            "--mapping", str(koppeling), "--regievoerder", "beheer"]  # fmt: skip
    assert main(args) == 0
    assert "2 inwoners geïmporteerd" in capsys.readouterr().out
    assert main(args) == 0  # the same export again
    assert "0 inwoners geïmporteerd" in capsys.readouterr().out
    assert count(db) == 2


def test_errors_give_a_report_next_to_the_lines(db, tmp_path, capsys):
    pad = bronbestand(tmp_path, bronrij(1, "A1"), bronrij(12, "A2", Geboren="31-02-1985"))
    koppeling = tmp_path / "k.json"
    main(["import", "koppeling", str(pad), "-o", str(koppeling)])
    verslag = tmp_path / "verslag.xlsx"
    args = ["--database", db, "--as", "beheer", "import", "inwoners", str(pad), "--mapping",
            str(koppeling), "--regievoerder", "beheer", "--verslag", str(verslag)]  # fmt: skip
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "regel 3: de geboortedatum '31-02-1985' is geen geldige datum" in err
    rijen = list(load_workbook(verslag).active.iter_rows(values_only=True))
    assert rijen[0][-1] == "fout" and rijen[1][-1] is None
    assert "geen geldige datum" in rijen[2][-1]
    assert count(db) == 0


def test_export_then_templates(db, tmp_path, capsys):
    pad = bronbestand(tmp_path, bronrij(1, "A1"))
    koppeling = tmp_path / "k.json"
    main(["import", "koppeling", str(pad), "-o", str(koppeling)])
    main(["--database", db, "--as", "beheer", "import", "inwoners", str(pad), "--mapping",
          str(koppeling), "--regievoerder", "beheer"])  # fmt: skip
    uit = tmp_path / "uit.csv"
    assert main(["--database", db, "--as", "beheer", "export", "inwoners", "-o", str(uit)]) == 0
    assert "1 inwoners geëxporteerd" in capsys.readouterr().out
    assert lees(uit).kolommen == FORMAAT.namen
    assert main(["--database", db, "--as", "beheer", "export", "inwoners", "-o", str(uit)]) == 1
    assert "bestaat al" in capsys.readouterr().err

    assert main(["import", "--sjabloon", str(tmp_path / "sjablonen")]) == 0
    assert (tmp_path / "sjablonen" / "inwoners.xlsx").exists()
    assert main(["import"]) == 1
    assert "koers import inwoners BESTAND" in capsys.readouterr().err


def test_contact_journal_in_and_out(db, tmp_path, capsys):
    pad = bronbestand(tmp_path, bronrij(1, "A1"))
    koppeling = tmp_path / "k.json"
    main(["import", "koppeling", str(pad), "-o", str(koppeling)])
    inhoud = json.loads(koppeling.read_text(encoding="utf-8"))
    inhoud["kolommen"]["sleutel"] = "Klantnr"
    koppeling.write_text(json.dumps(inhoud), encoding="utf-8")
    assert main(["--database", db, "--as", "beheer", "import", "inwoners", str(pad),
                 "--mapping", str(koppeling), "--regievoerder", "beheer"]) == 0  # fmt: skip
    contacten = tmp_path / "contacten.csv"
    contacten.write_text("sleutel;inwoner;datum;kanaal;samenvatting\n"
                         "C1;A1;02-11-2026;TELEFOON;Gebeld over de start\n", encoding="utf-8")  # fmt: skip
    args = ["--database", db, "--as", "beheer", "import", "contactmomenten", str(contacten)]
    assert main([*args, "--dry-run"]) == 0
    assert "Controle geslaagd: 1 contactmoment" in capsys.readouterr().out
    assert main(args) == 0
    assert "1 contactmoment geïmporteerd" in capsys.readouterr().out
    uit = tmp_path / "uit.csv"
    assert main(["--database", db, "--as", "beheer", "export", "contactmomenten", "-o",
                 str(uit)]) == 0  # fmt: skip
    assert lees(uit).rijen[0][1][:2] == ["C1", "A1"]


def test_only_the_valid_lines_from_the_command_line(db, tmp_path, capsys):
    pad = bronbestand(tmp_path, bronrij(1, "A1"), bronrij(12, "A2", Geboren="31-02-1985"))
    koppeling = tmp_path / "k.json"
    main(["import", "koppeling", str(pad), "-o", str(koppeling)])
    args = ["--database", db, "--as", "beheer", "import", "inwoners", str(pad), "--mapping",
            str(koppeling), "--regievoerder", "beheer", "--alleen-geldige"]  # fmt: skip
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "regel 3: de geboortedatum '31-02-1985' is geen geldige datum" in captured.err
    assert "1 inwoner geïmporteerd" in captured.out and "1 regel(s) met 1 fout" in captured.out
    assert count(db) == 1


def test_plans_out_and_in_as_a_set_of_files(db, tmp_path, capsys):
    """Templates for every layout; a plan set exported from an empty journal imports back."""
    assert main(["import", "--sjabloon", str(tmp_path / "s")]) == 0
    namen = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert "doelen.xlsx" in namen and "ontwikkelplannen.csv" in namen
    uit = tmp_path / "uit"
    args = ["--database", db, "--as", "beheer", "export", "ontwikkelplannen", "-o", str(uit)]
    assert main(args) == 0
    assert "0 ontwikkelplannen geëxporteerd" in capsys.readouterr().out
    assert main(args) == 1 and "bestaat al" in capsys.readouterr().err
    plannen = uit / "ontwikkelplannen.csv"
    assert main(["--database", db, "--as", "beheer", "import", "ontwikkelplannen", str(plannen),
                 "--doelen", str(uit / "doelen.csv"), "--dry-run"]) == 0  # fmt: skip
    bad = tmp_path / "plannen.csv"
    bad.write_text(plannen.read_text(encoding="utf-8-sig").splitlines()[0]
                   + "\nP1;onbekend;IOP;1;;CONCEPT\n", encoding="utf-8")  # fmt: skip
    verslag = tmp_path / "verslag"
    assert main(["--database", db, "--as", "beheer", "import", "ontwikkelplannen", str(bad),
                 "--verslag", str(verslag)]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "plannen.csv, regel 2:" in err and any(verslag.iterdir())


def test_trajecten_out_and_in_as_a_set_of_files(db, tmp_path, capsys):
    uit = tmp_path / "uit"
    args = ["--database", db, "--as", "beheer", "export", "trajecten", "-o", str(uit),
            "--formaat", "xlsx"]  # fmt: skip
    assert main(args) == 0
    assert "0 trajecten geëxporteerd" in capsys.readouterr().out
    imp = ["--database", db, "--as", "beheer", "import", "trajecten", str(uit / "trajecten.xlsx"),
           "--faseovergangen", str(uit / "faseovergangen.xlsx"), "--plaatsingen",
           str(uit / "plaatsingen.xlsx"), "--dry-run"]  # fmt: skip
    assert main(imp) == 0
    slecht = tmp_path / "t.csv"
    slecht.write_text("sleutel;inwoner;startdatum;aanmeldbron;werkcoach\nT1;X;01-01-2026;UWV;beheer\n",
                      encoding="utf-8")  # fmt: skip
    leeg = tmp_path / "f.csv"
    leeg.write_text("traject;volgnummer;datum;code;soort;naar_fase\n", encoding="utf-8")
    assert main(["--database", db, "--as", "beheer", "import", "trajecten", str(slecht),
                 "--faseovergangen", str(leeg), "--verslag", str(tmp_path / "v")]) == 1  # fmt: skip
    assert "t.csv, regel 2:" in capsys.readouterr().err
    assert (tmp_path / "v" / "trajecten-fouten.xlsx").exists()


def test_schuldhulp_out_and_in_as_a_set_of_files(db, tmp_path, capsys):
    uit = tmp_path / "uit"
    args = ["--database", db, "--as", "beheer", "export", "schuldhulp", "-o", str(uit)]
    assert main(args) == 0
    assert "0 schuldhulptrajecten geëxporteerd" in capsys.readouterr().out
    assert main(["--database", db, "--as", "beheer", "import", "schuldhulp",
                 str(uit / "schuldhulptrajecten.csv"), "--overgangen",
                 str(uit / "schuldhulpovergangen.csv"), "--schulden", str(uit / "schulden.csv"),
                 "--dry-run"]) == 0  # fmt: skip
    assert main(["import", "koppeling", "--soort", "schulden", str(uit / "schulden.csv"), "-o",
                 str(tmp_path / "k.json")]) == 0  # fmt: skip


def test_loonwaarde_out_and_in_as_a_set_of_files(db, tmp_path, capsys):
    uit = tmp_path / "uit"
    args = ["--database", db, "--as", "beheer", "export", "loonwaarde", "-o", str(uit)]
    assert main(args) == 0
    assert "0 loonwaardemetingen geëxporteerd" in capsys.readouterr().out
    assert main(["--database", db, "--as", "beheer", "import", "loonwaarde",
                 str(uit / "loonwaardemetingen.csv"), "--taken", str(uit / "loonwaardetaken.csv"),
                 "--dry-run"]) == 0  # fmt: skip
    slecht = tmp_path / "metingen.csv"
    kop = (uit / "loonwaardemetingen.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    slecht.write_text(kop + "\nM1;onbekend\n", encoding="utf-8")
    verslag = tmp_path / "v"
    assert main(["--database", db, "--as", "beheer", "import", "loonwaarde", str(slecht),
                 "--verslag", str(verslag)]) == 1  # fmt: skip
    assert "metingen.csv, regel 2:" in capsys.readouterr().err
    assert any(verslag.iterdir())
