"""Moving in and out: files of other systems (CSV in any separator and encoding, XLSX), a mapping
of their columns and codes, source keys against duplicates, an error report next to the lines,
export in the import's own layout, and templates."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.models import Bronsleutel, Inwoner, Kanaal
from app.services import contact_import, tabellen
from app.services import inwoner_import as imp
from app.services.importverslag import schrijf_foutenverslag, schrijf_sjablonen
from app.services.koppeling import (
    Kolom,
    Koppeling,
    code,
    kopfouten,
    lees_koppeling,
    voorstel,
)
from tests.conftest import TODAY, make_bsn
from tests.services.test_inwoner_import import HEADER, line

pytestmark = pytest.mark.database


def run(session, actor, path, **kwargs):
    kwargs.setdefault("dry_run", False)
    kwargs.setdefault("regievoerder", None)
    return imp.import_inwoners(session, actor=actor, path=path, today=TODAY, **kwargs)


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Inwoner))


# --- reading tables ----------------------------------------------------------------------------


@pytest.mark.parametrize("teken", [";", ",", "\t", "|"])
def test_any_common_separator_is_found(tmp_path, teken):
    pad = tmp_path / "x.csv"
    pad.write_text(f'naam{teken}"plaats{teken}of niet"\nJan{teken}Gorinchem\n', encoding="utf-8")
    tabel = tabellen.lees(pad)
    assert tabel.scheidingsteken == teken
    assert tabel.kolommen == ["naam", f"plaats{teken}of niet"]
    assert tabel.rijen == [(2, ["Jan", "Gorinchem"])]


def test_xlsx_values_read_as_a_user_types_them(tmp_path):
    boek = Workbook()
    blad = boek.active
    blad.append(["bsn", "geboortedatum", "huisnummer", "leeg"])
    blad.append([111222333, datetime(1985, 4, 12), 12.0, None])
    blad.append([None, None, None, None])  # a blank row is skipped
    blad.append(["011222335", date(1990, 1, 2), "3a", None])
    boek.save(tmp_path / "x.xlsx")
    tabel = tabellen.lees(tmp_path / "x.xlsx")
    assert tabel.kolommen == ["bsn", "geboortedatum", "huisnummer", "leeg"]
    assert tabel.rijen == [(2, ["111222333", "12-04-1985", "12", ""]),
                           (4, ["011222335", "02-01-1990", "3a", ""])]  # fmt: skip


def test_a_broken_xlsx_is_a_dutch_message(tmp_path):
    (tmp_path / "kapot.xlsx").write_bytes(b"geen zip")
    with pytest.raises(tabellen.TabelFout, match="geen leesbaar Excel-bestand"):
        tabellen.lees(tmp_path / "kapot.xlsx")


# --- mapping -----------------------------------------------------------------------------------

BRON = ["Klantnummer", "BSN", "Voornaam", "Voorvoegsel", "Geslachtsnaam", "Geboren", "Adres",
        "Huisnr", "Postcode", "Plaats", "Woongemeente", "Telefoonnummer", "E-mail", "Coach"]  # fmt: skip


def test_suggested_mapping_uses_names_synonyms_and_spelling():
    koppeling = voorstel(imp.FORMAAT, BRON)
    assert koppeling.kolommen == {
        "sleutel": "Klantnummer", "bsn": "BSN", "voornamen": "Voornaam",
        "tussenvoegsel": "Voorvoegsel", "achternaam": "Geslachtsnaam", "geboortedatum": "Geboren",
        "straat": "Adres", "huisnummer": "Huisnr", "postcode": "Postcode", "woonplaats": "Plaats",
        "gemeente": "Woongemeente", "telefoon": "Telefoonnummer", "email": "E-mail",
        "regievoerder": "Coach",
    }  # fmt: skip
    assert kopfouten(imp.FORMAAT, koppeling, BRON) == []


def test_missing_required_column_and_unknown_source_column_are_named():
    koppeling = Koppeling("inwoners", {"bsn": "BSN", "achternaam": "Achternaam"})
    fouten = kopfouten(imp.FORMAAT, koppeling, ["BSN"])
    assert "de verplichte kolom 'voornamen' (alle voornamen) is niet gekoppeld" in fouten[0]
    assert any("het bestand heeft die kolom niet" in f for f in fouten)


def test_code_values_are_translated_by_the_mapping_or_known_as_such():
    kolom = Kolom("kanaal", "", codes=Kanaal)
    koppeling = Koppeling("contactmomenten", codes={"kanaal": {"tel.": "TELEFOON"}})
    assert code(kolom, koppeling, "tel.") == Kanaal.TELEFOON
    assert code(kolom, koppeling, "huisbezoek") == Kanaal.HUISBEZOEK  # the code itself
    assert code(kolom, koppeling, "Telefoon") == Kanaal.TELEFOON  # its label
    assert code(kolom, koppeling, "fax") is None


def test_mapping_file_round_trip_and_refusals(tmp_path):
    koppeling = voorstel(imp.FORMAAT, BRON)
    koppeling.codes = {"kanaal": {"tel.": "TELEFOON"}}
    koppeling.bewaar(tmp_path / "k.json")
    assert lees_koppeling(tmp_path / "k.json") == [koppeling]
    (tmp_path / "ander.json").write_text(json.dumps({"iets": 1}))
    with pytest.raises(Exception, match="geen koppelingsbestand van Koers"):
        lees_koppeling(tmp_path / "ander.json")


def source_file(tmp_path, *rijen, naam="bron.csv"):
    pad = tmp_path / naam
    kop = ";".join(BRON)
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="cp1252")
    return pad


def source_row(n, klant, **anders):
    waarden = {"Klantnummer": klant, "BSN": make_bsn(n), "Voornaam": "Zoë", "Voorvoegsel": "",
               "Geslachtsnaam": "Bakker", "Geboren": "1985-04-12", "Adres": "Groenmarkt",
               "Huisnr": "1", "Postcode": "4201 AB", "Plaats": "Gorinchem",
               "Woongemeente": "GM0512", "Telefoonnummer": "", "E-mail": "", "Coach": ""}  # fmt: skip
    waarden.update(anders)
    return ";".join(waarden[k] for k in BRON)


def test_import_through_a_mapping(session, actor, tmp_path):
    pad = source_file(tmp_path, source_row(1, "K-1"), source_row(12, "K-2"))
    koppeling = voorstel(imp.FORMAAT, BRON)
    result = run(session, actor, pad, koppeling=koppeling, regievoerder=actor)
    assert result.fouten == [] and result.geimporteerd == 2
    inwoner = session.scalar(select(Inwoner).where(Inwoner.bsn == make_bsn(1)))
    assert (inwoner.voornamen, inwoner.geboortedatum) == ("Zoë", date(1985, 4, 12))
    sleutels = dict(session.execute(select(Bronsleutel.sleutel, Bronsleutel.record_id)).all())
    assert sleutels["K-1"] == inwoner.id


def test_per_row_regievoerder_by_username(session, actor, tmp_path):
    pad = source_file(tmp_path, source_row(1, "K-1", Coach=actor.gebruikersnaam.upper()),
                      source_row(12, "K-2", Coach="onbekend"))  # fmt: skip
    result = run(session, actor, pad, koppeling=voorstel(imp.FORMAAT, BRON))
    assert result.fouten == ["regel 3: er is geen actieve medewerker met gebruikersnaam "
                             "'onbekend' om regievoerder te maken"]  # fmt: skip
    assert count(session) == 0


# --- source keys -------------------------------------------------------------------------------


def test_importing_the_same_file_again_makes_no_duplicates(session, actor, tmp_path):
    pad = source_file(tmp_path, source_row(1, "K-1"), source_row(12, "K-2"))
    koppeling = voorstel(imp.FORMAAT, BRON)
    assert run(session, actor, pad, koppeling=koppeling, regievoerder=actor).geimporteerd == 2
    # A later export of the same system: one new client, two known ones.
    pad = source_file(tmp_path, source_row(1, "K-1"), source_row(12, "K-2"),
                      source_row(23, "K-3"))  # fmt: skip
    result = run(session, actor, pad, koppeling=koppeling, regievoerder=actor)
    assert (result.fouten, result.geimporteerd, result.overgeslagen) == ([], 1, 2)
    assert "2 stonden er al in (zelfde sleutel) en worden overgeslagen." in result.summary()
    assert count(session) == 3


def test_without_a_key_column_the_bsn_is_the_key(session, actor, tmp_path):
    pad = tmp_path / "i.csv"
    pad.write_text("\n".join([HEADER, line(1), line(2)]) + "\n", encoding="utf-8")
    assert run(session, actor, pad, regievoerder=actor).geimporteerd == 2
    again = run(session, actor, pad, regievoerder=actor)
    assert (again.fouten, again.geimporteerd, again.overgeslagen) == ([], 0, 2)
    assert count(session) == 2


def test_a_key_twice_in_the_file_is_an_error(session, actor, tmp_path):
    pad = source_file(tmp_path, source_row(1, "K-1"), source_row(12, "K-1"))
    result = run(session, actor, pad, koppeling=voorstel(imp.FORMAAT, BRON), regievoerder=actor)
    assert result.fouten == ["regel 2: sleutel K-1 staat ook op regel 3",
                             "regel 3: sleutel K-1 staat ook op regel 2"]  # fmt: skip


# --- errors: all or nothing, line numbers, the report --------------------------------------------


def test_a_bad_bsn_on_line_2000_of_5000_imports_nothing(session, actor, tmp_path):
    regels = [line(n * 7 + 1) for n in range(4_999)]
    regels[1_998] = line(bsn="123456780")  # data line 1,999 is line 2,000 of the file
    pad = tmp_path / "groot.csv"
    pad.write_text("\n".join([HEADER, *regels]) + "\n", encoding="utf-8")
    result = run(session, actor, pad, regievoerder=actor)
    assert len(result.fouten) == 1 and result.fouten[0].startswith("regel 2000: ")
    assert "elfproef" in result.fouten[0] or "BSN" in result.fouten[0]
    assert count(session) == 0


def test_error_report_puts_each_message_next_to_its_line(session, actor, tmp_path):
    pad = tmp_path / "i.csv"
    pad.write_text("\n".join([HEADER, line(1), line(bsn="123"), line(12)]) + "\n",
                   encoding="utf-8")  # fmt: skip
    result = run(session, actor, pad, regievoerder=actor)
    schrijf_foutenverslag(tmp_path / "verslag.xlsx", pad, result)
    blad = load_workbook(tmp_path / "verslag.xlsx").active
    rijen = [[c or "" for c in r] for r in blad.iter_rows(values_only=True)]
    assert rijen[0] == ["regel", *imp.KOLOMMEN, "fout"]
    assert [r[0] for r in rijen[1:]] == ["2", "3", "4"]
    assert rijen[1][-1] == "" and rijen[3][-1] == ""
    assert "BSN" in rijen[2][-1]


# --- export and templates ----------------------------------------------------------------------


def test_export_writes_the_import_layout_and_audits_it(session, actor, tmp_path, beheerder):
    pad = source_file(tmp_path, source_row(1, "K-1"), source_row(12, "K-2"))
    run(session, actor, pad, koppeling=voorstel(imp.FORMAAT, BRON), regievoerder=actor)
    aantal = imp.exporteer(session, actor=beheerder, pad=tmp_path / "uit.csv")
    assert aantal == 2
    tabel = tabellen.lees(tmp_path / "uit.csv")
    assert tabel.kolommen == imp.FORMAAT.namen
    rij = dict(zip(tabel.kolommen, tabel.rijen[0][1], strict=True))
    assert rij["sleutel"] in ("K-1", "K-2") and rij["gemeente"] == "Gorinchem"
    assert rij["regievoerder"] == actor.gebruikersnaam
    from app.models import AuditActie, AuditRecord

    assert session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.actie == AuditActie.GEEXPORTEERD)) == 2  # fmt: skip


def test_only_a_functioneel_beheerder_exports(session, actor, tmp_path):
    from app.services.errors import ToegangGeweigerd

    with pytest.raises(ToegangGeweigerd):
        imp.exporteer(session, actor=actor, pad=tmp_path / "uit.csv")
    assert not (tmp_path / "uit.csv").exists()


def test_exported_file_imports_into_an_empty_database(session, actor, tmp_path, beheerder):
    """Out and in again: same people, same keys, nothing doubled (the round trip)."""
    pad = source_file(tmp_path, source_row(1, "K-1"), source_row(12, "K-2", Voorvoegsel="van"))
    run(session, actor, pad, koppeling=voorstel(imp.FORMAAT, BRON), regievoerder=actor)
    imp.exporteer(session, actor=beheerder, pad=tmp_path / "uit.xlsx")
    voor = personen(session)
    session.execute(Bronsleutel.__table__.delete())
    session.execute(Inwoner.__table__.delete())
    result = run(session, actor, tmp_path / "uit.xlsx")
    assert result.fouten == [] and result.geimporteerd == 2
    assert personen(session) == voor
    assert run(session, actor, tmp_path / "uit.xlsx").overgeslagen == 2


def personen(session) -> list[tuple]:
    session.expire_all()
    return sorted(session.execute(select(
        Inwoner.bsn, Inwoner.voornamen, Inwoner.tussenvoegsel, Inwoner.achternaam,
        Inwoner.geboortedatum, Inwoner.straat, Inwoner.huisnummer, Inwoner.postcode,
        Inwoner.woonplaats, Inwoner.woongemeente_id, Inwoner.telefoon, Inwoner.email,
        Inwoner.regievoerder_id)).all())  # fmt: skip


def test_templates_have_the_headers_and_an_explanation(tmp_path):
    paden = schrijf_sjablonen(tmp_path / "sjablonen", [imp.FORMAAT, contact_import.FORMAAT])
    assert [p.name for p in paden] == ["inwoners.csv", "inwoners.xlsx", "contactmomenten.csv",
                                       "contactmomenten.xlsx"]  # fmt: skip
    assert tabellen.lees(paden[0]).kolommen == imp.FORMAAT.namen
    boek = load_workbook(paden[3])
    assert boek.sheetnames == ["contactmomenten", "Toelichting"]
    uitleg = list(boek["Toelichting"].iter_rows(values_only=True))
    assert uitleg[0] == ("kolom", "verplicht", "wat erin staat")
    assert uitleg[1] == ("sleutel", "ja", "de sleutel van het contact in het bronsysteem")


def test_only_the_valid_lines_when_the_user_chooses_so(session, actor, tmp_path):
    pad = tmp_path / "i.csv"
    pad.write_text("\n".join([HEADER, line(1), line(bsn="123"), line(12), line(12)]) + "\n",
                   encoding="utf-8")  # fmt: skip
    result = run(session, actor, pad, regievoerder=actor, alleen_geldig=True)
    assert [f.split(":")[0] for f in result.fouten] == ["regel 3", "regel 4", "regel 5"]
    assert result.geimporteerd == 1 and count(session) == 1  # the doubled BSN goes too
    assert result.summary().endswith("3 regel(s) met 3 fouten overgeslagen.")
    assert session.scalar(select(Inwoner.bsn)) == make_bsn(1)
