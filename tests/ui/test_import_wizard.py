"""The import wizard: a file in another system's layout, mapped by suggestion, checked (errors
per line, the line beside them, an error report) and imported with progress and Annuleren —
all or nothing. Only a functioneel beheerder gets to start it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Bronsleutel, Contactmoment, Inwoner, Medewerker
from app.models.enums import Kanaal
from app.services import contact_import, inwoner_import, traject_import
from app.services.koppeling import Koppeling, lees_koppeling
from app.ui import files, import_wizard
from app.ui.import_wizard import ImportWizard
from tests.conftest import make_bsn
from tests.ui.test_iop_tab import make_ctx

HEADER = "Klantnummer;BSN;Voornaam;Geslachtsnaam;Geboren;Woongemeente"


def bsn(n: int) -> str:
    return make_bsn(n * 7 + 1)  # spaced: make_bsn(n) and make_bsn(n + 1) may be the same


def line(n: int, *, geboren: str = "12-04-1985", gemeente: str = "Gorinchem") -> str:
    return f"K{n:04};{bsn(n)};Anna {n};Jansen;{geboren};{gemeente}"


def write(tmp_path: Path, *lines: str, name: str = "klanten.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(db, *numbers: int) -> list[Inwoner]:
    with db.sessions() as session:
        bsns = [bsn(n) for n in numbers]
        return list(session.scalars(select(Inwoner).where(Inwoner.bsn.in_(bsns))))


@pytest.fixture
def wizard(qtbot, db):
    ctx = make_ctx(db, db.beheerder_id)
    wizard = ImportWizard(ctx)
    ctx.operations.setParent(wizard)
    ctx.changes.setParent(wizard)
    wizard.changes = []
    ctx.changes.changed.connect(lambda kind, item_id: wizard.changes.append((kind, item_id)))
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard):
        wizard.show()
    yield wizard
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()


def idle(qtbot, wizard) -> None:
    qtbot.waitUntil(lambda: wizard.token is None, timeout=10_000)


def choose_file(qtbot, wizard, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: path)
    wizard.bestand_page.browse_button.click()
    idle(qtbot, wizard)


def to_check(qtbot, wizard) -> None:
    """From the mapping to the result of the check."""
    assert wizard.current() == wizard.KOPPELING and wizard.next_button.isEnabled()
    wizard.next_button.click()
    assert wizard.current() == wizard.CONTROLE
    idle(qtbot, wizard)


def mapping(wizard) -> dict[str, str]:
    return {naam: wizard.koppeling_page.combo(naam).currentText()
            for naam in inwoner_import.FORMAAT.namen}  # fmt: skip


def select_source(wizard, koers_kolom: str, bron: str) -> None:
    combo = wizard.koppeling_page.combo(koers_kolom)
    index = combo.findData(bron)
    assert index >= 0, bron
    combo.setCurrentIndex(index)


def test_another_systems_file_is_mapped_checked_and_imported(qtbot, wizard, db, tmp_path,
                                                             monkeypatch):  # fmt: skip
    path = write(tmp_path, HEADER, line(101), line(102), line(103))
    assert wizard.windowTitle() == "Inwoners importeren"
    assert wizard.titel.text() == "Bestand kiezen"
    assert not wizard.next_button.isEnabled() and not wizard.back_button.isEnabled()

    choose_file(qtbot, wizard, monkeypatch, path)
    assert wizard.bestand_page.pad.text() == str(path)
    assert wizard.bestand_page.info.text() == (
        "CSV-bestand, tekenset UTF-8, scheidingsteken puntkomma (;). 3 regels met gegevens en 6 "
        "kolommen: Klantnummer, BSN, Voornaam, Geslachtsnaam, Geboren, Woongemeente."
    )
    assert import_wizard.MAP.get() == str(tmp_path)  # the next dialog starts here
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Enter goes on

    assert wizard.titel.text() == "Kolommen koppelen"
    assert mapping(wizard) == {
        "sleutel": "Klantnummer", "bsn": "BSN", "voornamen": "Voornaam",
        "tussenvoegsel": "(niet gekoppeld)", "achternaam": "Geslachtsnaam",
        "geboortedatum": "Geboren", "straat": "(niet gekoppeld)",
        "huisnummer": "(niet gekoppeld)", "postcode": "(niet gekoppeld)",
        "woonplaats": "(niet gekoppeld)", "gemeente": "Woongemeente",
        "telefoon": "(niet gekoppeld)", "email": "(niet gekoppeld)",
        "regievoerder": "(niet gekoppeld)",
    }  # fmt: skip
    page = wizard.koppeling_page
    assert page.table.item(1, page.VERPLICHT).text() == "ja"  # bsn
    assert page.problemen.isHidden()
    preview = page.voorbeeld_model
    assert preview.rowCount() == 3
    shown = [c for c in range(preview.columnCount()) if not page.voorbeeld.isColumnHidden(c)]
    assert [preview.headerData(c, Qt.Orientation.Horizontal) for c in shown] == [
        "Regel", "sleutel", "bsn", "voornamen", "achternaam", "geboortedatum", "gemeente",
    ]  # fmt: skip
    assert [preview.text(0, c) for c in shown] == [
        "2", "K0101", bsn(101), "Anna 101", "Jansen", "12-04-1985", "Gorinchem",
    ]  # fmt: skip
    page.regievoerder_combo.setCurrentIndex(page.regievoerder_combo.findData("jdevries"))

    to_check(qtbot, wizard)
    check = wizard.controle_page
    assert check.voortgang.status.text() == (
        f"Controle geslaagd: 3 inwoners in {path} kunnen worden geïmporteerd (proefrun, er is "
        "niets opgeslagen). Kies Importeren."
    )
    assert check.fouten.isHidden()
    assert stored(db, 101, 102, 103) == []  # a check stores nothing
    assert wizard.next_button.text() == "&Importeren" and wizard.next_button.isEnabled()

    wizard.next_button.click()
    assert wizard.titel.text() == "Importeren"
    idle(qtbot, wizard)
    summary = wizard.import_page.samenvatting.text()
    assert summary.startswith(f"3 inwoners geïmporteerd uit {path}.")
    assert wizard.import_page.voortgang.status.text() == "Klaar."
    assert not wizard.back_button.isEnabled() and wizard.next_button.isHidden()
    assert wizard.close_button.isEnabled() and wizard.close_button.isDefault()
    inwoners = {i.bsn: i for i in stored(db, 101, 102, 103)}
    assert sorted(i.voornamen for i in inwoners.values()) == ["Anna 101", "Anna 102", "Anna 103"]
    assert {i.regievoerder_id for i in inwoners.values()} == {db.coach_id}
    with db.sessions() as session:
        sleutels = set(session.scalars(select(Bronsleutel.sleutel)
                                       .where(Bronsleutel.record_id.in_(list(
                                           i.id for i in inwoners.values())))))  # fmt: skip
    assert sleutels == {"K0101", "K0102", "K0103"}
    assert wizard.changes == [("inwoner", None)]  # open lists refresh
    wizard.close_button.click()
    assert not wizard.isVisible()


def test_the_user_may_choose_to_import_only_the_good_lines(qtbot, wizard, db, tmp_path,
                                                          monkeypatch):  # fmt: skip
    path = write(tmp_path, HEADER, line(251), line(252, geboren="31-02-1980"), line(253))
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()
    to_check(qtbot, wizard)
    keuze = wizard.controle_page.alleen_geldig
    assert keuze.isVisibleTo(wizard) and not keuze.isChecked()
    assert not wizard.next_button.isEnabled()  # nothing goes in unless the user says so
    keuze.setChecked(True)
    assert wizard.next_button.isEnabled()
    wizard.next_button.click()
    idle(qtbot, wizard)
    assert wizard.import_page.samenvatting.text().startswith(f"2 inwoners geïmporteerd uit {path}.")
    assert "1 regel(s) met 1 fout overgeslagen" in wizard.import_page.samenvatting.text()
    assert sorted(i.voornamen for i in stored(db, 251, 252, 253)) == ["Anna 251", "Anna 253"]


def test_an_error_on_line_3_is_shown_with_its_line_and_nothing_is_imported(
    qtbot, wizard, db, tmp_path, monkeypatch, message_boxes
):
    path = write(tmp_path, HEADER, line(201), line(202, geboren="31-02-1980"), line(203))
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()
    to_check(qtbot, wizard)

    check = wizard.controle_page
    assert check.voortgang.status.text() == (
        "1 fout gevonden. Er wordt niets geïmporteerd zolang het bestand fouten heeft."
    )
    model = check.fouten_model
    assert [(model.text(0, 0), model.text(0, 1))] == [
        ("3", "De geboortedatum '31-02-1980' is geen geldige datum; gebruik dd-mm-jjjj of "
              "jjjj-mm-dd"),
    ]  # fmt: skip
    assert not wizard.next_button.isEnabled()

    table = check.fouten_table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(model.index(0, 1)).center())  # fmt: skip
    assert check.detail_titel.text() == "Regel 3 van het bestand"
    assert check.detail_fouten.text() == (
        "• De geboortedatum '31-02-1980' is geen geldige datum; gebruik dd-mm-jjjj of jjjj-mm-dd"
    )
    detail = check.detail_model
    assert [tuple(detail.text(r, c) for c in range(3)) for r in range(detail.rowCount())] == [
        ("Klantnummer", "sleutel", "K0202"), ("BSN", "bsn", bsn(202)),
        ("Voornaam", "voornamen", "Anna 202"), ("Geslachtsnaam", "achternaam", "Jansen"),
        ("Geboren", "geboortedatum", "31-02-1980"), ("Woongemeente", "gemeente", "Gorinchem"),
    ]  # fmt: skip

    verslag = tmp_path / "verslag"  # without .xlsx: the wizard adds it
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: verslag)
    check.verslag_button.click()
    qtbot.waitUntil(lambda: bool(message_boxes.shown), timeout=10_000)
    assert message_boxes.shown == [
        ("Foutenverslag opgeslagen", f"Het foutenverslag staat in {verslag}.xlsx.")
    ]
    rows = list(load_workbook(f"{verslag}.xlsx").active.iter_rows(values_only=True))
    assert rows[0][-1] == "fout" and rows[2][0] == "3"
    assert rows[2][-1].startswith("de geboortedatum '31-02-1980' is geen geldige datum")
    assert stored(db, 201, 202, 203) == []

    # The user fixes the file in a spreadsheet and checks again: now it may be imported.
    write(tmp_path, HEADER, line(201), line(202), line(203))
    check.opnieuw_button.click()
    idle(qtbot, wizard)
    assert check.voortgang.status.text().startswith("Controle geslaagd: 3 inwoners")
    assert wizard.next_button.isEnabled()


def test_an_unmapped_required_column_blocks_the_mapping_step(qtbot, wizard, tmp_path,
                                                            monkeypatch):  # fmt: skip
    path = write(tmp_path, "Klantnummer;BSN;Voornaam;Familie;Geboren;Woongemeente",
                 line(301))  # fmt: skip
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()

    page = wizard.koppeling_page
    row = inwoner_import.FORMAAT.namen.index("achternaam")
    assert page.combo("achternaam").currentText() == "(niet gekoppeld)"
    assert page.table.item(row, page.VERPLICHT).text() == "ja, niet gekoppeld"
    assert page.problemen.isVisible()
    assert page.problemen.text() == (
        "Zo kan Koers het bestand niet lezen:\n• De verplichte kolom 'achternaam' (de achternaam "
        "zonder tussenvoegsel) is niet gekoppeld aan een kolom van het bestand."
    )
    assert not wizard.next_button.isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Enter neither goes on nor closes
    assert wizard.isVisible() and wizard.current() == wizard.KOPPELING

    select_source(wizard, "achternaam", "Familie")
    assert page.table.item(row, page.VERPLICHT).text() == "ja"
    assert page.problemen.isHidden() and wizard.next_button.isEnabled()


def test_a_mapping_is_saved_and_loaded_for_the_next_export(qtbot, wizard, db, tmp_path,
                                                          monkeypatch):  # fmt: skip
    path = write(tmp_path, "Nr;Sofi;Roepnaam;Familie;Datum;Plaats", line(401))
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()
    for koers, bron in (("bsn", "Sofi"), ("voornamen", "Roepnaam"), ("achternaam", "Familie"),
                        ("geboortedatum", "Datum"), ("gemeente", "Plaats")):  # fmt: skip
        select_source(wizard, koers, bron)
    # Koers suggested 'Plaats' for the woonplaats too; here it is the municipality only.
    assert wizard.koppeling_page.combo("woonplaats").currentText() == "Plaats"
    wizard.koppeling_page.combo("woonplaats").setCurrentIndex(0)
    assert wizard.next_button.isEnabled()
    target = tmp_path / "ander-systeem"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: target)
    wizard.koppeling_page.bewaar_button.click()
    saved = tmp_path / "ander-systeem.json"
    assert wizard.koppeling_page.bewaard.text() == f"Koppeling bewaard in {saved}."
    [koppeling] = lees_koppeling(saved)
    assert koppeling.entiteit == "inwoners"
    assert koppeling.kolommen == {"bsn": "Sofi", "voornamen": "Roepnaam", "achternaam": "Familie",
                                  "geboortedatum": "Datum", "gemeente": "Plaats"}  # fmt: skip

    # Next time: a new wizard loads the mapping, then the same export.
    second = ImportWizard(wizard._ctx)
    qtbot.addWidget(second)
    second.show()
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: saved)
    second.bestand_page.koppeling_button.click()
    assert second.bestand_page.koppeling.text() == (
        f"Koppeling geladen uit {saved}: 5 kolommen gekoppeld."
    )
    choose_file(qtbot, second, monkeypatch, path)
    second.next_button.click()
    assert {k: v for k, v in mapping(second).items() if v != "(niet gekoppeld)"} == {
        "bsn": "Sofi", "voornamen": "Roepnaam", "achternaam": "Familie",
        "geboortedatum": "Datum", "gemeente": "Plaats",
    }  # fmt: skip
    assert second.next_button.isEnabled()
    to_check(qtbot, second)
    assert second.controle_page.voortgang.status.text().startswith("Controle geslaagd: 1 inwoner ")


def test_a_loaded_mapping_that_does_not_fit_the_file_says_so(qtbot, wizard, tmp_path,
                                                            monkeypatch):  # fmt: skip
    broken = tmp_path / "kapot.json"
    broken.write_text("{niet af", encoding="utf-8")
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: broken)
    wizard.bestand_page.koppeling_button.click()
    fout = wizard.bestand_page.koppeling_fout
    assert fout.isVisible() and fout.text().startswith(
        f"Het koppelingsbestand {broken} is onleesbaar"
    )

    other = tmp_path / "oud.json"
    Koppeling("inwoners", {"bsn": "Burgerservicenummer", "voornamen": "Voornaam"}).bewaar(other)
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: other)
    wizard.bestand_page.koppeling_button.click()
    assert fout.isHidden()
    choose_file(qtbot, wizard, monkeypatch, write(tmp_path, HEADER, line(501)))
    wizard.next_button.click()
    page = wizard.koppeling_page
    assert page.combo("bsn").currentText() == "Burgerservicenummer (niet in het bestand)"
    assert (
        "• De koppeling noemt de kolom 'Burgerservicenummer' voor 'bsn', maar het bestand heeft die kolom niet."
        in page.problemen.text()
    )
    assert not wizard.next_button.isEnabled()


def test_an_unreadable_file_gets_a_dutch_message(qtbot, wizard, tmp_path, monkeypatch,
                                                message_boxes):  # fmt: skip
    nep = tmp_path / "klanten.xlsx"
    nep.write_bytes(b"dit is geen werkmap")
    choose_file(qtbot, wizard, monkeypatch, nep)
    fout = wizard.bestand_page.fout
    assert fout.isVisible()
    assert fout.text().startswith("klanten.xlsx is geen leesbaar Excel-bestand (.xlsx)")
    assert not wizard.next_button.isEnabled() and message_boxes.shown == []

    choose_file(qtbot, wizard, monkeypatch, write(tmp_path, HEADER, name="leeg.csv"))
    assert fout.text() == (
        "leeg.csv bevat alleen de kopregel: er zijn geen inwoners om te importeren."
    )
    assert not wizard.next_button.isEnabled()

    choose_file(qtbot, wizard, monkeypatch, write(tmp_path, HEADER, line(601)))
    assert fout.isHidden() and wizard.next_button.isEnabled()


def blocked(monkeypatch, name: str):
    """Make the service's `name` wait, once it has done its work, until the test says so."""
    started, release = threading.Event(), threading.Event()
    real = getattr(inwoner_import, name)

    def wait(*args, **kwargs):
        result = real(*args, **kwargs)
        started.set()
        assert release.wait(10)
        return result

    monkeypatch.setattr(inwoner_import, name, wait)
    return started, release


def test_cancelling_the_import_rolls_everything_back(qtbot, wizard, db, tmp_path, monkeypatch):
    path = write(tmp_path, HEADER, line(701), line(702), line(703))
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()
    to_check(qtbot, wizard)
    # The worker has written every inwoner in its transaction and waits there.
    started, release = blocked(monkeypatch, "_insert")
    wizard.next_button.click()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    page = wizard.import_page.voortgang
    assert not wizard.back_button.isEnabled() and not wizard.close_button.isEnabled()
    assert page.annuleer_button.isVisible()
    page.annuleer_button.click()
    assert page.status.text() == "Bezig met stoppen…"
    release.set()
    idle(qtbot, wizard)

    assert page.status.text() == "Het importeren is afgebroken. Er is niets geïmporteerd."
    assert stored(db, 701, 702, 703) == []
    assert wizard.resultaat is None and wizard.changes == []
    assert wizard.isVisible() and wizard.back_button.isEnabled()

    # Back is back to the check, which runs again; then the import can be done after all.
    monkeypatch.undo()
    wizard.back_button.click()
    assert wizard.current() == wizard.CONTROLE
    idle(qtbot, wizard)
    wizard.next_button.click()
    idle(qtbot, wizard)
    assert len(stored(db, 701, 702, 703)) == 3


def test_escape_during_the_check_stops_it_instead_of_closing(qtbot, wizard, tmp_path,
                                                            monkeypatch):  # fmt: skip
    choose_file(qtbot, wizard, monkeypatch, write(tmp_path, HEADER, line(801), line(802)))
    wizard.next_button.click()
    started, release = blocked(monkeypatch, "_check_duplicates")
    wizard.next_button.click()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    release.set()
    idle(qtbot, wizard)
    assert wizard.isVisible()
    assert wizard.controle_page.voortgang.status.text() == "De controle is afgebroken."
    assert not wizard.next_button.isEnabled()
    assert wizard.controle_page.opnieuw_button.isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # nothing runs: now Escape closes
    assert not wizard.isVisible()


def test_tab_goes_through_the_mapping_choices(qtbot, wizard, tmp_path, monkeypatch):
    choose_file(qtbot, wizard, monkeypatch, write(tmp_path, HEADER, line(901)))
    wizard.next_button.click()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    namen = inwoner_import.FORMAAT.namen
    assert QApplication.focusWidget() is wizard.koppeling_page.combo(namen[0])
    for naam in namen[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is wizard.koppeling_page.combo(naam)


def test_only_a_functioneel_beheerder_can_start_the_import(qtbot, make_window, db):
    window = make_window(db, actor=db.beheerder_id)
    bestand = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Bestand")
    texts = [a.text() for a in bestand.actions() if a.isVisible() and not a.isSeparator()]
    assert "Gegevens &importeren…" in texts
    assert window.import_action.shortcut().toString() == "Ctrl+Shift+I"
    window.import_action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.close_button.click()

    coach = make_window(db)
    assert not coach.import_action.isVisible() and not coach.import_action.isEnabled()
    bestand = next(a.menu() for a in coach.menuBar().actions() if a.text() == "&Bestand")
    assert coach.import_action not in bestand.actions()


# --- the other kinds of record: one file, or a set checked together --------------------------


def with_keys(db, tmp_path, *keys: str, start: int) -> None:
    """Inwoners with source keys, through the service (a contact or trajectory names them)."""
    pad = tmp_path / "inwoners-met-sleutel.csv"
    kop = "sleutel;" + ";".join(inwoner_import.KOLOMMEN)
    rijen = [f"{key};{bsn(start + n)};Noor;;Bakker;01-02-1980;;;;;Gorinchem;;"
             for n, key in enumerate(keys)]  # fmt: skip
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    with db.sessions.begin() as session:
        actor, coach = (
            session.get(Medewerker, db.beheerder_id),
            session.get(Medewerker, db.coach_id),
        )
        result = inwoner_import.import_inwoners(session, actor=actor, path=pad, dry_run=False,
                                                regievoerder=coach)  # fmt: skip
        assert result.fouten == []


def layout_file(tmp_path: Path, formaat, rows: list[dict[str, str]], name: str | None = None,
                header: list[str] | None = None) -> Path:  # fmt: skip
    """A file in Koers' layout (or with the `header` given): one line per dict."""
    path = tmp_path / (name or f"{formaat.entiteit}.csv")
    lines = [";".join(header or formaat.namen),
             *(";".join(r.get(k, "") for k in formaat.namen) for r in rows)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def choose_kind(wizard, label_start: str) -> None:
    combo = wizard.bestand_page.soort_combo
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(label_start))
    combo.setCurrentIndex(index)


def choose_set_file(qtbot, wizard, monkeypatch, index: int, path: Path) -> None:
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: path)
    wizard.bestand_page.rijen[index].browse_button.click()
    idle(qtbot, wizard)


def count_keys(db, entiteit: str, *keys: str) -> int:
    with db.sessions() as session:
        return len(list(session.scalars(select(Bronsleutel.id).where(
            Bronsleutel.entiteit == entiteit, Bronsleutel.sleutel.in_(keys)))))  # fmt: skip


def test_contactmomenten_are_imported_through_the_wizard(qtbot, wizard, db, tmp_path,
                                                         monkeypatch):  # fmt: skip
    with_keys(db, tmp_path, "KC-1", "KC-2", start=1100)
    formaat = contact_import.FORMAAT
    path = layout_file(tmp_path, formaat, [
        {"sleutel": "CW-1", "inwoner": "KC-1", "datum": "03-11-2026", "kanaal": "TELEFOON",
         "samenvatting": "Gebeld over de aanmelding", "vertrouwelijk": "nee"},
        {"sleutel": "CW-2", "inwoner": "KC-2", "datum": "04-11-2026", "kanaal": "TELEFOON",
         "samenvatting": "Teruggebeld"},
    ], name="contacten.csv")  # fmt: skip
    choose_kind(wizard, "Contactmomenten")
    assert wizard.windowTitle() == "Contactmomenten importeren"
    assert [r.isVisible() for r in wizard.bestand_page.rijen] == [True, False, False]
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()

    page = wizard.koppeling_page
    assert page.combo("inwoner").currentText() == "inwoner"  # Koers' own layout maps itself
    assert page.regievoerder_rij.isHidden()  # a choice for inwoners only
    assert page.tabs.tabBar().isHidden()  # one file: no tabs
    to_check(qtbot, wizard)
    assert wizard.controle_page.voortgang.status.text().startswith(
        f"Controle geslaagd: 2 contactmomenten in {path} kunnen worden geïmporteerd"
    )
    assert count_keys(db, contact_import.ENTITEIT, "CW-1", "CW-2") == 0

    wizard.next_button.click()
    idle(qtbot, wizard)
    assert wizard.import_page.samenvatting.text().startswith(
        f"2 contactmomenten geïmporteerd uit {path}."
    )
    assert count_keys(db, contact_import.ENTITEIT, "CW-1", "CW-2") == 2
    assert wizard.changes == [("contactmoment", None)]


def kanalen(db, *keys: str) -> dict[str, Kanaal]:
    with db.sessions() as session:
        rows = session.execute(
            select(Bronsleutel.sleutel, Contactmoment.kanaal)
            .join(Contactmoment, Contactmoment.id == Bronsleutel.record_id)
            .where(Bronsleutel.entiteit == contact_import.ENTITEIT, Bronsleutel.sleutel.in_(keys))
        )
        return dict(rows.all())  # fmt: skip


def choose_code(wizard, koers_kolom: str, waarde: str, code: str) -> None:
    combo = wizard.koppeling_page.delen[0].code_combo(koers_kolom, waarde)
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def test_the_user_translates_unknown_codes_on_screen(qtbot, wizard, db, tmp_path, monkeypatch):
    with_keys(db, tmp_path, "KT-1", "KT-2", "KT-3", start=1200)
    path = write(tmp_path, "Nummer;Klant;Datum;Soort;Notitie",
                 "CT-1;KT-1;03-11-2026;tel.;Gebeld", "CT-2;KT-2;04-11-2026;bezoek;Langs geweest",
                 "CT-3;KT-3;05-11-2026;Telefoon;Teruggebeld", "CT-4;KT-1;06-11-2026;tel.;Nog eens",
                 name="contacten.csv")  # fmt: skip
    choose_kind(wizard, "Contactmomenten")
    choose_file(qtbot, wizard, monkeypatch, path)
    wizard.next_button.click()
    for koers, bron in (("sleutel", "Nummer"), ("inwoner", "Klant"), ("datum", "Datum"),
                        ("kanaal", "Soort"), ("samenvatting", "Notitie")):  # fmt: skip
        select_source(wizard, koers, bron)

    page = wizard.koppeling_page
    deel = page.delen[0]
    # Each unknown value once; 'Telefoon' is the label of a code, so Koers knows it.
    assert deel.codes.isVisible() and deel.onbekend() == [("kanaal", "tel."), ("kanaal", "bezoek")]
    combo = deel.code_combo("kanaal", "tel.")
    assert combo.currentText() == "(kies)"
    assert [combo.itemText(i) for i in range(1, combo.count())] == [
        "Gesprek op kantoor (FYSIEK)", "Telefoon (TELEFOON)", "Huisbezoek (HUISBEZOEK)",
        "Op locatie / werkplek (OP_LOCATIE)", "Digitaal (mail, video) (DIGITAAL)",
    ]  # fmt: skip
    melding = "Kies bij elke onbekende waarde van 'kanaal' de code in Koers."
    assert deel.codes_fout.isVisible() and deel.codes_fout.text() == melding
    assert page.problemen.isHidden()  # the columns themselves are fine
    assert not wizard.next_button.isEnabled()

    choose_code(wizard, "kanaal", "tel.", "TELEFOON")
    assert not wizard.next_button.isEnabled()  # 'bezoek' still open
    choose_code(wizard, "kanaal", "bezoek", "HUISBEZOEK")
    assert deel.codes_fout.isHidden() and wizard.next_button.isEnabled()
    assert page.koppelingen()["contactmomenten"].codes == {
        "kanaal": {"tel.": "TELEFOON", "bezoek": "HUISBEZOEK"}
    }

    # Another column for the kanaal: the list follows it; back again, the choices are kept.
    select_source(wizard, "kanaal", "Notitie")
    assert ("kanaal", "Gebeld") in deel.onbekend() and not wizard.next_button.isEnabled()
    page.combo("kanaal").setCurrentIndex(0)
    assert deel.codes.isHidden() and deel.onbekend() == []
    select_source(wizard, "kanaal", "Soort")
    assert deel.onbekend() == [("kanaal", "tel."), ("kanaal", "bezoek")]
    assert deel.code_combo("kanaal", "bezoek").currentText() == "Huisbezoek (HUISBEZOEK)"
    assert wizard.next_button.isEnabled()

    target = tmp_path / "contacten-koppeling.json"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: target)
    page.bewaar_button.click()
    assert json.loads(target.read_text(encoding="utf-8"))["codes"] == {
        "kanaal": {"tel.": "TELEFOON", "bezoek": "HUISBEZOEK"}
    }

    to_check(qtbot, wizard)
    assert wizard.controle_page.voortgang.status.text().startswith(
        f"Controle geslaagd: 4 contactmomenten in {path} kunnen worden geïmporteerd"
    )
    wizard.next_button.click()
    idle(qtbot, wizard)
    assert kanalen(db, "CT-1", "CT-2", "CT-3", "CT-4") == {
        "CT-1": Kanaal.TELEFOON, "CT-2": Kanaal.HUISBEZOEK, "CT-3": Kanaal.TELEFOON,
        "CT-4": Kanaal.TELEFOON,
    }  # fmt: skip

    # Next time the saved mapping chooses the codes: nothing left to do.
    second = ImportWizard(wizard._ctx)
    qtbot.addWidget(second)
    second.show()
    choose_kind(second, "Contactmomenten")
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: target)
    second.bestand_page.koppeling_button.click()
    choose_file(qtbot, second, monkeypatch, path)
    second.next_button.click()
    tweede = second.koppeling_page.delen[0]
    assert tweede.code_combo("kanaal", "tel.").currentText() == "Telefoon (TELEFOON)"
    assert tweede.codes_fout.isHidden() and second.next_button.isEnabled()


def trajecten_set(tmp_path: Path, *, inwoner: str, sleutel: str, stap_datum: str = "01-09-2026",
                  trajecten_header: list[str] | None = None) -> list[Path]:  # fmt: skip
    """A trajectory with its first step and a placement, in the three layouts."""
    ti = traject_import
    return [
        layout_file(tmp_path, ti.TRAJECTEN, [{
            "sleutel": sleutel, "inwoner": inwoner, "startdatum": "01-09-2026",
            "aanmeldbron": "UWV", "werkcoach": "testcoach",
        }], header=trajecten_header),
        layout_file(tmp_path, ti.OVERGANGEN, [{
            "traject": sleutel, "volgnummer": "1", "datum": stap_datum, "code": "START",
            "soort": "FASE", "naar_fase": "AANGEMELD",
        }]),
        layout_file(tmp_path, ti.PLAATSINGEN, [{
            "sleutel": f"P{sleutel}", "traject": sleutel, "inwoner": inwoner,
            "werkplek": "Hoveniersbedrijf De Linge", "plaatsingsvorm": "REGULIER",
            "startdatum": "01-10-2026",
        }]),
    ]  # fmt: skip


def test_a_set_of_trajecten_files_is_checked_together_and_imported(qtbot, wizard, db, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    with_keys(db, tmp_path, "KT-1", start=1200)
    paths = trajecten_set(tmp_path, inwoner="KT-1", sleutel="TW-1")
    choose_kind(wizard, "Trajecten")
    assert wizard.windowTitle() == "Trajecten importeren"
    rijen = wizard.bestand_page.rijen
    assert [r.titel.text() for r in rijen] == [
        "Trajecten (verplicht)", "Faseovergangen (verplicht)", "Plaatsingen (optioneel)",
    ]  # fmt: skip
    choose_set_file(qtbot, wizard, monkeypatch, 0, paths[0])
    assert not wizard.next_button.isEnabled()  # the steps are required too
    choose_set_file(qtbot, wizard, monkeypatch, 1, paths[1])
    assert wizard.next_button.isEnabled()  # the placements are optional
    choose_set_file(qtbot, wizard, monkeypatch, 2, paths[2])
    assert rijen[2].info.text().startswith("CSV-bestand, tekenset UTF-8")
    wizard.next_button.click()

    page = wizard.koppeling_page
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Trajecten: trajecten.csv", "Faseovergangen: faseovergangen.csv",
        "Plaatsingen: plaatsingen.csv",
    ]  # fmt: skip
    assert page.deel("faseovergangen").combo("naar_fase").currentText() == "naar_fase"
    assert page.regievoerder_rij.isHidden()
    to_check(qtbot, wizard)
    assert wizard.controle_page.voortgang.status.text().startswith(
        "Controle geslaagd: 1 traject in trajecten.csv, faseovergangen.csv en plaatsingen.csv"
    )
    assert count_keys(db, traject_import.ENTITEIT, "TW-1") == 0

    wizard.next_button.click()
    idle(qtbot, wizard)
    assert wizard.import_page.samenvatting.text().startswith(
        "1 traject geïmporteerd uit trajecten.csv, faseovergangen.csv en plaatsingen.csv. "
        "Daarbij 1 faseovergang en 1 plaatsing."
    )
    assert count_keys(db, traject_import.ENTITEIT, "TW-1") == 1
    assert count_keys(db, traject_import.PLAATSING, "PTW-1") == 1
    assert wizard.changes == [("traject", None)]


def test_an_error_in_the_second_file_is_shown_with_its_file_and_line(
    qtbot, wizard, db, tmp_path, monkeypatch, message_boxes
):
    with_keys(db, tmp_path, "KT-2", start=1300)
    paths = trajecten_set(tmp_path, inwoner="KT-2", sleutel="TW-2", stap_datum="31-02-2026")
    choose_kind(wizard, "Trajecten")
    for index, path in enumerate(paths[:2]):
        choose_set_file(qtbot, wizard, monkeypatch, index, path)
    wizard.next_button.click()
    to_check(qtbot, wizard)

    check = wizard.controle_page
    assert check.voortgang.status.text().endswith(
        "Er wordt niets geïmporteerd zolang de bestanden fouten hebben."
    )
    model = check.fouten_model
    rows = [tuple(model.text(r, c) for c in range(3)) for r in range(model.rowCount())]
    fout = ("2", "Datum '31-02-2026' is geen geldige datum; gebruik dd-mm-jjjj of jjjj-mm-dd",
            "faseovergangen.csv")  # fmt: skip
    assert fout in rows
    assert not check.fouten_table.isColumnHidden(check.BESTAND)
    assert not wizard.next_button.isEnabled()

    table = check.fouten_table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(model.index(rows.index(fout), 1)).center())  # fmt: skip
    assert check.detail_titel.text() == "Regel 2 van faseovergangen.csv"
    detail = check.detail_model
    cells = [tuple(detail.text(r, c) for c in range(3)) for r in range(detail.rowCount())]
    assert ("datum", "datum", "31-02-2026") in cells and ("code", "code", "START") in cells

    verslag = tmp_path / "verslag.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: verslag)
    check.verslag_button.click()
    qtbot.waitUntil(lambda: bool(message_boxes.shown), timeout=10_000)
    assert message_boxes.shown == [
        ("Foutenverslag opgeslagen", f"Het foutenverslag staat in {verslag}.")
    ]
    assert "faseovergangen" in load_workbook(verslag).sheetnames
    assert count_keys(db, traject_import.ENTITEIT, "TW-2") == 0


def test_a_sets_mapping_is_saved_in_one_file_and_loaded_into_every_tab(
    qtbot, wizard, db, tmp_path, monkeypatch
):
    with_keys(db, tmp_path, "KT-3", start=1400)
    header = ["Nr", "Klant", "Begin", "Verwijzer", "Coach", *traject_import.TRAJECTEN.namen[5:]]
    paths = trajecten_set(tmp_path, inwoner="KT-3", sleutel="TW-3", trajecten_header=header)
    choose_kind(wizard, "Trajecten")
    for index, path in enumerate(paths[:2]):
        choose_set_file(qtbot, wizard, monkeypatch, index, path)
    wizard.next_button.click()
    page = wizard.koppeling_page
    trajecten = page.deel("trajecten")
    assert trajecten.combo("werkcoach").currentText() == "Coach"  # a known synonym
    assert page.tabs.tabText(0) == "⚠ Trajecten: trajecten.csv"  # 'sleutel' is not mapped
    assert not wizard.next_button.isEnabled()
    for koers, bron in (("sleutel", "Nr"), ("startdatum", "Begin")):
        combo = trajecten.combo(koers)
        combo.setCurrentIndex(combo.findData(bron))
    assert page.tabs.tabText(0) == "Trajecten: trajecten.csv" and wizard.next_button.isEnabled()

    target = tmp_path / "traject-koppeling"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: target)
    page.bewaar_button.click()
    saved = tmp_path / "traject-koppeling.json"
    assert page.bewaard.text() == f"Koppeling bewaard in {saved}."
    koppelingen = {k.entiteit: k for k in lees_koppeling(saved)}
    assert list(koppelingen) == ["trajecten", "faseovergangen"]
    assert koppelingen["trajecten"].kolommen["sleutel"] == "Nr"
    assert koppelingen["faseovergangen"].kolommen["naar_fase"] == "naar_fase"

    # Next time: the files first, then the mapping loaded on the mapping step fills the tabs.
    second = ImportWizard(wizard._ctx)
    qtbot.addWidget(second)
    second.show()
    choose_kind(second, "Trajecten")
    for index, path in enumerate(paths[:2]):
        choose_set_file(qtbot, second, monkeypatch, index, path)
    second.next_button.click()
    assert not second.next_button.isEnabled()
    monkeypatch.setattr(import_wizard, "choose_open_file", lambda *_args: saved)
    second.koppeling_page.laad_button.click()
    assert second.koppeling_page.deel("trajecten").combo("sleutel").currentText() == "Nr"
    assert second.koppeling_page.deel("trajecten").combo("startdatum").currentText() == "Begin"
    assert second.bestand_page.koppeling.text() == (
        f"Koppeling geladen uit {saved} voor trajecten, faseovergangen: 32 kolommen gekoppeld."
    )
    assert second.next_button.isEnabled()
    to_check(qtbot, second)
    assert second.controle_page.voortgang.status.text().startswith("Controle geslaagd: 1 traject")


def test_loonwaardemetingen_with_their_tasks_through_the_wizard(qtbot, wizard, db, tmp_path,
                                                               monkeypatch):  # fmt: skip
    from app.services import loonwaarde_import as li

    with_keys(db, tmp_path, "KL-1", start=1500)
    metingen = layout_file(tmp_path, li.METINGEN, [{
        "sleutel": "LW-1", "inwoner": "KL-1", "datum": "02-11-2026", "methode": "DARIUZ",
        "aanleiding": "LKS", "meter": "J. de Boer", "meter_organisatie": "Dariuz",
        "werkplek": "Groenvoorziening", "normfunctie": "Medewerker groen",
        "uren_per_week": "24",
    }])  # fmt: skip
    taken = layout_file(tmp_path, li.TAKEN, [
        {"meting": "LW-1", "volgnummer": "1", "omschrijving": "Maaien", "aandeel": "60",
         "kwaliteit": "80", "tempo": "70", "inzetbaarheid": "90"},
        {"meting": "LW-1", "volgnummer": "2", "omschrijving": "Snoeien", "aandeel": "40",
         "kwaliteit": "60", "tempo": "60", "inzetbaarheid": "80"},
    ])  # fmt: skip
    choose_kind(wizard, "Loonwaardemetingen")
    assert [r.titel.text() for r in wizard.bestand_page.rijen[:2]] == [
        "Loonwaardemetingen (verplicht)", "Taken van loonwaardemetingen (optioneel)"]  # fmt: skip
    choose_set_file(qtbot, wizard, monkeypatch, 0, metingen)
    choose_set_file(qtbot, wizard, monkeypatch, 1, taken)
    wizard.next_button.click()
    to_check(qtbot, wizard)
    assert wizard.controle_page.voortgang.status.text().startswith("Controle geslaagd: 1 ")
    wizard.next_button.click()
    idle(qtbot, wizard)
    assert count_keys(db, li.ENTITEIT, "LW-1") == 1
    assert wizard.changes == [("loonwaarde", None)]


def test_every_kind_of_record_can_be_chosen(qtbot, db, make_window):
    from app.ui.import_wizard import SOORTEN

    namen = [soort.label for soort in SOORTEN]
    assert namen == ["Inwoners", "Contactmomenten", "Ontwikkelplannen (met doelen en afspraken)",
                     "Trajecten (met faseovergangen en plaatsingen)",
                     "Schuldhulptrajecten (met overgangen en schulden)",
                     "Loonwaardemetingen (met taken)"]  # fmt: skip
