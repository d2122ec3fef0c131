"""The import wizard: a file in another system's layout, mapped by suggestion, checked (errors
per line, the line beside them, an error report) and imported with progress and Annuleren —
all or nothing. Only a functioneel beheerder gets to start it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Bronsleutel, Inwoner
from app.services import inwoner_import
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
    assert "Inwoners &importeren…" in texts
    assert window.import_action.shortcut().toString() == "Ctrl+Shift+I"
    window.import_action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.close_button.click()

    coach = make_window(db)
    assert not coach.import_action.isVisible() and not coach.import_action.isEnabled()
    bestand = next(a.menu() for a in coach.menuBar().actions() if a.text() == "&Bestand")
    assert coach.import_action not in bestand.actions()
