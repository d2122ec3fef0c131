"""CSV import of inwoners: every line checked with the form's rules, all or nothing.

Runs on SQLite and PostgreSQL. Files are written per test, so the line numbers in the expected
messages are visible right next to the lines they point at.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Inwoner, Rol
from app.services import inwoners as svc
from app.services.inwoner_import import KOLOMMEN, ImportResult, import_inwoners
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, make_bsn, woorden

HEADER = ";".join(KOLOMMEN)


def line(n: int = 0, sep: str = ";", **overrides: str) -> str:
    """One valid data line (BSN number n), with some columns replaced."""
    values = {
        "bsn": make_bsn(n),
        "voornamen": "Pieter",
        "tussenvoegsel": "de",
        "achternaam": "Jong",
        "geboortedatum": "12-04-1985",
        "straat": "Groenmarkt",
        "huisnummer": "12a",
        "postcode": "4201ab",
        "woonplaats": "Gorinchem",
        "gemeente": "Gorinchem",
        "telefoon": "0612345678",
        "email": "pieter@example.nl",
    }
    values.update(overrides)
    return sep.join(values[k] for k in KOLOMMEN)


def write(tmp_path: Path, *lines: str, bom: bool = False, name: str = "inwoners.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + "\n".join(lines).encode("utf-8") + b"\n")
    return path


def run(session, actor, path: Path, *, dry_run: bool = False, regievoerder=None) -> ImportResult:
    return import_inwoners(
        session, actor=actor, path=path, dry_run=dry_run, regievoerder=regievoerder, today=TODAY
    )


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Inwoner))


def stored(session, bsn: str) -> Inwoner:
    session.expire_all()
    return session.scalar(select(Inwoner).where(Inwoner.bsn == bsn))


class TestValidFiles:
    def test_semicolon_file_imports_every_row(self, session, actor, gemeente, tmp_path):
        path = write(tmp_path, HEADER, line(1), line(2, voornamen="Anna"), line(3))
        result = run(session, actor, path)
        assert result.fouten == []
        assert result.aantal == 3 and result.geimporteerd == 3
        assert count(session) == 3
        inwoner = stored(session, make_bsn(1))
        # The same normalised values and derived columns as the form would store.
        assert inwoner.postcode == "4201 AB"
        assert inwoner.woongemeente_id == inwoner.betaalgemeente_id == gemeente.id
        assert inwoner.versie == 1
        assert inwoner.regievoerder_id is None
        assert inwoner.sorteernaam == "jong pieter de"
        assert woorden(session, inwoner.id) == ["de", "jong", "pieter"]

    def test_comma_file_with_quoted_values(self, session, actor, tmp_path):
        header = ",".join(KOLOMMEN)
        path = write(
            tmp_path, header, line(1, sep=",", straat='"Kerkstraat, achterom"'), line(2, sep=",")
        )
        result = run(session, actor, path)
        assert result.fouten == []
        assert stored(session, make_bsn(1)).straat == "Kerkstraat, achterom"
        assert count(session) == 2

    def test_bom_header_case_spaces_and_column_order(self, session, actor, tmp_path):
        columns = list(reversed(KOLOMMEN))
        header = ";".join(f"  {c.upper()} " for c in columns)
        row = line(1)
        values = dict(zip(KOLOMMEN, row.split(";"), strict=True))
        path = write(tmp_path, header, ";".join(values[c] for c in columns), bom=True)
        result = run(session, actor, path)
        assert result.fouten == []
        assert stored(session, make_bsn(1)).achternaam == "Jong"

    def test_excel_csv_utf8_with_bom_and_crlf(self, session, actor, tmp_path):
        path = tmp_path / "excel.csv"
        content = "\r\n".join([HEADER, line(1), line(bsn="123456789"), ""])
        path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
        result = run(session, actor, path)
        assert len(result.fouten) == 1 and result.fouten[0].startswith("regel 3: ")
        path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([HEADER, line(1), ""]).encode("utf-8"))
        assert run(session, actor, path).fouten == []
        assert stored(session, make_bsn(1)).email == "pieter@example.nl"  # no stray \r

    def test_both_date_formats(self, session, actor, tmp_path):
        path = write(
            tmp_path,
            HEADER,
            line(1, geboortedatum="01-02-1980"),
            line(2, geboortedatum="1980-02-01"),
        )
        assert run(session, actor, path).fouten == []
        assert stored(session, make_bsn(1)).geboortedatum == date(1980, 2, 1)
        assert stored(session, make_bsn(2)).geboortedatum == date(1980, 2, 1)

    @pytest.mark.parametrize("naam", ["GM0512", "gm0512", "0512", "  GORINCHEM ", "gorinchem"])
    def test_gemeente_by_name_or_cbs_code(self, session, actor, gemeente, tmp_path, naam):
        path = write(tmp_path, HEADER, line(1, gemeente=naam))
        assert run(session, actor, path).fouten == []
        assert stored(session, make_bsn(1)).woongemeente_id == gemeente.id

    def test_gemeente_accent_and_case_insensitive(self, session, actor, tmp_path):
        path = write(tmp_path, HEADER, line(1, gemeente="west  BETUWÉ"))
        assert run(session, actor, path).fouten == []
        west_betuwe = gemeente_by_name(session, "West Betuwe")
        assert stored(session, make_bsn(1)).woongemeente_id == west_betuwe.id

    def test_name_outside_latin1_round_trips_exactly(self, session, actor, tmp_path):
        path = write(
            tmp_path,
            HEADER,
            line(1, voornamen="Łukasz", tussenvoegsel="", achternaam="Şahin-Öztürk"),
        )
        assert run(session, actor, path).fouten == []
        inwoner = stored(session, make_bsn(1))
        assert inwoner.volledige_naam == "Łukasz Şahin-Öztürk"
        found = svc.search_inwoner_ids(
            session, actor=actor, filter=svc.InwonerFilter(tekst="lukasz sahin")
        )
        assert found == [inwoner.id]

    def test_optional_fields_may_be_empty(self, session, actor, tmp_path):
        empty = dict.fromkeys(
            (
                "tussenvoegsel",
                "straat",
                "huisnummer",
                "postcode",
                "woonplaats",
                "telefoon",
                "email",
            ),
            "",
        )
        path = write(tmp_path, HEADER, line(1, **empty))
        assert run(session, actor, path).fouten == []
        inwoner = stored(session, make_bsn(1))
        assert (inwoner.straat, inwoner.tussenvoegsel, inwoner.email) == (None, None, None)

    def test_eight_digit_bsn_gets_its_leading_zero(self, session, actor, tmp_path):
        path = write(tmp_path, HEADER, line(bsn="11222335"))
        assert run(session, actor, path).fouten == []
        assert stored(session, "011222335") is not None

    def test_blank_lines_are_skipped(self, session, actor, tmp_path):
        path = write(tmp_path, HEADER, "", line(1), ";;;;;;;;;;;", line(2), "")
        result = run(session, actor, path)
        assert result.fouten == [] and result.aantal == 2

    def test_regievoerder_is_set_on_every_row(self, session, actor, team_a, tmp_path):
        coach = maak_medewerker(session, "coach.import", [Rol.JOBCOACH], team=team_a)
        path = write(tmp_path, HEADER, line(1), line(2))
        assert run(session, actor, path, regievoerder=coach).fouten == []
        assert {stored(session, make_bsn(n)).regievoerder_id for n in (1, 2)} == {coach.id}

    def test_dry_run_checks_but_imports_nothing(self, session, actor, tmp_path):
        path = write(tmp_path, HEADER, line(1), line(2))
        result = run(session, actor, path, dry_run=True)
        assert result.fouten == [] and result.aantal == 2 and result.geimporteerd == 0
        assert count(session) == 0
        assert "proefrun" in result.summary()

    def test_many_rows_in_one_go(self, session, actor, tmp_path):
        bsns = list(dict.fromkeys(make_bsn(n) for n in range(1, 7_000)))[:6_000]
        path = write(tmp_path, HEADER, *(line(bsn=bsn) for bsn in bsns))
        result = run(session, actor, path)
        assert result.fouten == [] and result.aantal == 6_000
        assert count(session) == 6_000


def expect_refused(session, actor, tmp_path, *lines: str, bom: bool = False) -> list[str]:
    """Import the file; assert that nothing was imported and return the messages."""
    result = run(session, actor, write(tmp_path, *lines, bom=bom))
    assert result.fouten, "expected errors"
    assert result.geimporteerd == 0
    assert count(session) == 0
    return result.fouten


class TestRefusedRows:
    """Each refusal names its physical line (header = regel 1); the other, valid lines are not
    imported either."""

    def test_bsn_failing_the_elfproef(self, session, actor, tmp_path):
        fouten = expect_refused(
            session, actor, tmp_path, HEADER, line(1), line(bsn="123456789"), line(2)
        )
        assert fouten == [
            "regel 3: BSN 123456789 voldoet niet aan de elfproef; controleer het nummer"
        ]

    def test_birth_date_in_the_future(self, session, actor, tmp_path):
        fouten = expect_refused(
            session, actor, tmp_path, HEADER, line(1, geboortedatum="01-01-2090")
        )
        assert fouten == ["regel 2: de geboortedatum 01-01-2090 ligt in de toekomst"]

    def test_postcode(self, session, actor, tmp_path):
        fouten = expect_refused(
            session, actor, tmp_path, HEADER, line(1), line(2), line(3), line(4, postcode="1234 A")
        )
        assert len(fouten) == 1
        assert fouten[0].startswith("regel 5: ") and "postcode" in fouten[0]
        assert "'1234 A'" in fouten[0]

    def test_unknown_gemeente(self, session, actor, tmp_path):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1, gemeente="Atlantis"))
        assert fouten == ["regel 2: gemeente 'Atlantis' is onbekend"]

    @pytest.mark.parametrize(
        ("oud", "opvolger"),
        [("Leerdam", "Vijfheerenlanden"), ("GM0689", "Molenlanden"), ("Lingewaal", "West Betuwe")],
    )
    def test_merged_gemeente_names_its_successor(self, session, actor, tmp_path, oud, opvolger):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1, gemeente=oud))
        assert fouten == [
            f"regel 2: gemeente '{oud}' is opgegaan in {opvolger}; gebruik die gemeente"
        ]

    @pytest.mark.parametrize(
        ("column", "words"),
        [
            ("bsn", "bsn"),
            ("voornamen", "voornamen"),
            ("achternaam", "achternaam"),
            ("geboortedatum", "geboortedatum"),
            ("gemeente", "woongemeente"),
        ],
    )
    def test_missing_required_field(self, session, actor, tmp_path, column, words):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1, **{column: ""}))
        assert len(fouten) == 1
        assert fouten[0].startswith("regel 2: ") and words in fouten[0].lower()

    def test_unreadable_date(self, session, actor, tmp_path):
        fouten = expect_refused(
            session, actor, tmp_path, HEADER, line(1, geboortedatum="31-02-1990")
        )
        assert fouten == [
            "regel 2: de geboortedatum '31-02-1990' is geen geldige datum; gebruik dd-mm-jjjj "
            "of jjjj-mm-dd"
        ]

    def test_incomplete_address(self, session, actor, tmp_path):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1, straat=""))
        assert len(fouten) == 1 and fouten[0].startswith("regel 2: ") and "straat" in fouten[0]

    @pytest.mark.parametrize(
        ("column", "value"), [("telefoon", "12345"), ("email", "geen-adres"), ("huisnummer", "a1")]
    )
    def test_bad_optional_field(self, session, actor, tmp_path, column, value):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1, **{column: value}))
        assert len(fouten) == 1 and fouten[0].startswith("regel 2: ") and value in fouten[0]

    def test_text_too_long_for_its_column(self, session, actor, tmp_path):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1, tussenvoegsel="x" * 21))
        assert fouten == ["regel 2: het tussenvoegsel is te lang (hoogstens 20 tekens)"]

    def test_every_problem_of_every_line_in_line_and_column_order(self, session, actor, tmp_path):
        fouten = expect_refused(
            session,
            actor,
            tmp_path,
            HEADER,
            line(1, gemeente="Atlantis", geboortedatum="01-01-2090"),
            line(2),
            line(3, postcode="1234 A"),
        )
        assert [f.split(":")[0] for f in fouten] == ["regel 2", "regel 2", "regel 4"]
        assert "geboortedatum" in fouten[0] and "Atlantis" in fouten[1]

    def test_duplicate_bsn_in_file_reports_both_lines(self, session, actor, tmp_path):
        bsn = make_bsn(1)
        fouten = expect_refused(
            session, actor, tmp_path, HEADER, line(1), line(2), line(1, voornamen="Anna")
        )
        assert fouten == [
            f"regel 2: BSN {bsn} staat ook op regel 4",
            f"regel 4: BSN {bsn} staat ook op regel 2",
        ]

    def test_duplicate_bsn_is_found_on_lines_with_other_errors(self, session, actor, tmp_path):
        fouten = expect_refused(
            session, actor, tmp_path, HEADER, line(1), line(1, geboortedatum="01-01-2090")
        )
        assert f"regel 2: BSN {make_bsn(1)} staat ook op regel 3" in fouten

    def test_bsn_already_in_koers(self, session, actor, gemeente, tmp_path):
        existing = svc.InwonerGegevens(
            bsn=make_bsn(2),
            voornamen="Anna",
            achternaam="Berg",
            geboortedatum=date(1990, 2, 1),
            woongemeente_id=gemeente.id,
        )
        svc.create_inwoner(session, actor=actor, gegevens=existing, today=TODAY)
        result = run(session, actor, write(tmp_path, HEADER, line(1), line(2)))
        assert result.fouten == [f"regel 3: er staat al een inwoner met BSN {make_bsn(2)} in Koers"]
        assert result.aantal == 1  # the valid line, not imported
        assert count(session) == 1  # only the one that was there

    def test_wrong_number_of_fields(self, session, actor, tmp_path):
        fouten = expect_refused(session, actor, tmp_path, HEADER, line(1) + ";extra")
        assert fouten == [
            "regel 2: 13 velden in plaats van 12; controleer het scheidingsteken ';' en de "
            "aanhalingstekens"
        ]

    def test_line_numbers_count_blank_and_multiline_records(self, session, actor, tmp_path):
        fouten = expect_refused(
            session,
            actor,
            tmp_path,
            HEADER,
            "",
            line(1, straat='"Groenmarkt\nachterom"'),  # one record on lines 3 and 4
            line(bsn="123456789"),
        )
        assert len(fouten) == 1 and fouten[0].startswith("regel 5: ")

    def test_aantal_counts_the_valid_lines(self, session, actor, tmp_path):
        result = run(
            session, actor, write(tmp_path, HEADER, line(1), line(bsn="1"), line(3), line(4))
        )
        assert result.aantal == 3 and len(result.fouten) == 1
        assert result.summary() == f"Niets geïmporteerd: 1 fout in {tmp_path / 'inwoners.csv'}."


class TestRefusedFiles:
    def test_missing_column(self, session, actor, tmp_path):
        header = HEADER.replace(";email", "")
        fouten = expect_refused(session, actor, tmp_path, header, line(1).rsplit(";", 1)[0])
        assert fouten == ["regel 1: de kolom 'email' ontbreekt in de kopregel"]

    def test_missing_and_unknown_columns(self, session, actor, tmp_path):
        header = HEADER.replace("geboortedatum", "geb_datum").replace(";postcode", "")
        fouten = expect_refused(session, actor, tmp_path, header, line(1))
        assert (
            fouten[0] == "regel 1: de kolommen 'geboortedatum', 'postcode' ontbreken in de kopregel"
        )
        assert fouten[1].startswith("regel 1: de kolom 'geb_datum' is onbekend")
        assert len(fouten) == 2

    def test_column_twice(self, session, actor, tmp_path):
        fouten = expect_refused(session, actor, tmp_path, HEADER + ";bsn", line(1) + ";x")
        assert fouten == ["regel 1: de kolom 'bsn' staat meer dan eens in de kopregel"]

    def test_windows_1252_is_read_as_such(self, session, actor, tmp_path):
        """Dutch Excel's plain 'CSV' is Windows-1252: detected, and the ë survives."""
        path = tmp_path / "latin1.csv"
        path.write_bytes(f"{HEADER}\n{line(1, voornamen='Zoë')}\n".encode("cp1252"))
        assert run(session, actor, path).fouten == []
        assert stored(session, make_bsn(1)).voornamen == "Zoë"

    @pytest.mark.parametrize("content", [b"", b"\n\n", "\ufeff".encode(), b";;;\n"])
    def test_empty_file(self, session, actor, tmp_path, content):
        path = tmp_path / "leeg.csv"
        path.write_bytes(content)
        result = run(session, actor, path)
        assert len(result.fouten) == 1 and result.fouten[0].startswith(
            "Het bestand leeg.csv is leeg"
        )

    def test_only_header(self, session, actor, tmp_path):
        result = run(session, actor, write(tmp_path, HEADER, name="kop.csv"))
        assert result.fouten == [
            "Het bestand kop.csv bevat alleen de kopregel: er zijn geen inwoners om te importeren."
        ]

    def test_missing_file(self, session, actor, tmp_path):
        result = run(session, actor, tmp_path / "bestaat-niet.csv")
        assert result.fouten == [f"Het bestand {tmp_path / 'bestaat-niet.csv'} bestaat niet."]


def test_result_as_dict_and_summary(tmp_path):
    result = ImportResult(bestand="a.csv", dry_run=False, aantal=1_234)
    assert result.as_dict() == {
        "bestand": "a.csv",
        "dry_run": False,
        "aantal": 1234,
        "geimporteerd": 1234,
        "overgeslagen": 0,
        "alleen_geldig": False,
        "fouten": [],
    }
    assert result.summary() == "1.234 inwoners geïmporteerd uit a.csv."
    assert ImportResult(bestand="a.csv", dry_run=False, aantal=1).summary() == (
        "1 inwoner geïmporteerd uit a.csv."
    )
