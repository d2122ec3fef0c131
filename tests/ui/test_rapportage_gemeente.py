"""The Gemeenterapport page of the Rapportages section: the preview shows what
`gemeenterapport()` computes; a team lead's explanation is stored (all changed fields or none),
refused at the field when too long, never overwrites someone else's change, and lands in the
PDF and the workbook; the functioneel beheerder reads the texts; the debt section only for the
debt team's lead; unsaved text is never dropped without asking.

The data (module-wide): in Gorinchem three SW employees of testcoach (one with a vastgesteld
IOP) and Sanne with a melding schuldhulp (consulent Carla Schulte); a target of 80 % for K01 in
2026. Every test starts without explanations."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel
from sqlalchemy import delete

from app.models import Inwoner, InwonerLabel, Label, Medewerker, Rapporttoelichting
from app.services.gemeenterapport import bewaar_toelichting, gemeenterapport, toelichtingen
from app.services.kpi import zet_doel
from app.services.periodes import periode
from app.ui import files
from app.ui import rapportage_gemeente as ui
from tests.conftest import TODAY
from tests.services import schuldhulp_helpers as sh
from tests.services.iop_helpers import concept, vaststellen
from tests.ui.conftest import Db

PERIODE = "2026-T3"
DAG = timedelta(days=1)


@pytest.fixture(scope="module")
def seeded(db: Db) -> dict[str, object]:
    ids: dict[str, object] = {
        "sw": [db.add(f"Stijn{i}", "Werk") for i in range(3)],
        "sanne": db.add("Sanne", "Schuld"),
    }
    with db.sessions.begin() as session:
        coach = session.get(Medewerker, db.actor_id)
        for inwoner_id in ids["sw"]:
            session.add(InwonerLabel(inwoner_id=inwoner_id, label=Label.SW_WSW,
                                     geldig_van=date(2015, 1, 1)))  # fmt: skip
        vaststellen(session, coach, concept(session, coach, session.get(Inwoner, ids["sw"][0])))
        consulent = session.get(Medewerker, db.consulent_id)
        sh.gemeld(session, consulent, session.get(Inwoner, ids["sanne"]),
                  melding_datum=TODAY - 60 * DAG)  # fmt: skip
        beheerder = session.get(Medewerker, db.beheerder_id)
        zet_doel(session, actor=beheerder, code="K01", jaar=2026, doelwaarde=Decimal(80))
    return ids


@pytest.fixture(autouse=True)
def no_explanations(db: Db) -> None:
    with db.sessions.begin() as session:
        session.execute(delete(Rapporttoelichting))


# --- helpers --------------------------------------------------------------------------------


def wait_loaded(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=15_000)


def open_section(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = window.rapportages
    assert window.tabs.currentWidget() is view
    wait_loaded(qtbot, view)
    return view


def open_rapport(qtbot, window, gemeente: str = "Gorinchem", tekst: str = PERIODE):
    """The Gemeenterapport page with the report of this gemeente and period."""
    view = open_section(qtbot, window)
    view.tabs.setCurrentWidget(view.gemeenterapport)
    wait_loaded(qtbot, view)
    pane = view.gemeenterapport
    pane.periode_edit.setText(tekst)
    pane.select_gemeente(gemeente)
    qtbot.keyClick(pane.periode_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    assert pane.rapport.gemeente == gemeente and pane.rapport.periode.naam == tekst
    return view, pane


def service(db: Db, actor_id: uuid.UUID, func, **kwargs):
    with db.sessions.begin() as session:
        return func(session, actor=session.get(Medewerker, actor_id), **kwargs)


def rapport(db: Db, actor_id: uuid.UUID, gemeente: str = "Gorinchem", tekst: str = PERIODE):
    return service(db, actor_id, gemeenterapport, gemeente_id=db.gemeente_ids[gemeente],
                   periode=periode(tekst))  # fmt: skip


def opgeslagen(db: Db, actor_id: uuid.UUID | None = None, tekst: str = PERIODE) -> dict[str, str]:
    """The stored explanations of Gorinchem's report, by section."""
    result = service(db, actor_id or db.teamleider_id, toelichtingen,
                     gemeente_id=db.gemeente_ids["Gorinchem"], periode=periode(tekst))  # fmt: skip
    return {k: t.tekst for k, t in result.items()}


def bewaar(db: Db, onderdeel: str, tekst: str, versie: int | None = None) -> None:
    service(db, db.teamleider_id, bewaar_toelichting, gemeente_id=db.gemeente_ids["Gorinchem"],
            periode=periode(PERIODE), onderdeel=onderdeel, tekst=tekst, versie=versie)  # fmt: skip


def tekst(waarde: str | None, eenheid: str) -> str:
    """A value of `as_dict()` as the screen (and the report) shows it."""
    if waarde is None:
        return "–"
    return f"{waarde.replace('.', ',')} {eenheid}".rstrip()


def doel(k: dict) -> str:
    if k["doel"] is None:
        return ""
    return tekst(str(Decimal(k["doel"]).quantize(Decimal("0.1"))), k["eenheid"])


def expected_rows(onderdeel: dict) -> list[list[str]]:
    return [[k["code"], k["naam"], tekst(k["waarde"], k["eenheid"]),
             tekst(k["vorig_jaar"], k["eenheid"]), doel(k)] for k in onderdeel["kpis"]]  # fmt: skip


def activate(qtbot, widget) -> None:
    """Shortcuts work in the active window; a progress dialog that came and went (slow work)
    may have left another window active."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def save(qtbot, view, pane) -> None:
    """Ctrl+S in the page, as the user presses it."""
    activate(qtbot, pane)
    qtbot.keyClick(pane.velden["algemeen"].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_loaded(qtbot, view)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def mnemonic_list(widget) -> list[str]:
    letters = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not child.isVisibleTo(widget):
            continue
        text = child.text().replace("&&", "")
        index = text.find("&")
        if 0 <= index < len(text) - 1:
            letters.append(text[index + 1].upper())
    return letters


# --- the preview ----------------------------------------------------------------------------


def test_the_preview_shows_what_the_service_computes(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert tabs == ["&Caseload", "&KPI's", "Gemeente&rapport"]
    view, pane = open_rapport(qtbot, window)

    data = rapport(db, db.teamleider_id).as_dict()
    sleutels = [o["sleutel"] for o in data["onderdelen"]]
    assert sleutels == ["ontwikkeling", "werk"]  # no debt section for this team lead
    assert pane.shown_sections() == ["algemeen", *sleutels, "caseload"]
    for nummer, o in enumerate(data["onderdelen"], start=1):
        assert pane.kpi_rows(o["sleutel"]) == expected_rows(o)
        assert pane.blokken[o["sleutel"]].kop.text().replace("&", "") == f"{nummer}. {o['titel']}"
    k01 = pane.kpi_rows("ontwikkeling")[0]
    assert k01 == ["K01", "IOP-dekking doelgroepmedewerkers", "33,3 %", "0,0 %", "80,0 %"]
    assert pane.caseload_rows() == [[t["naam"], str(t["aantal"])]
                                    for t in data["caseload"]["tellingen"]]  # fmt: skip
    assert pane.caseload_rows()[0] == ["Actieve inwoners", "4"]
    assert pane.blokken["caseload"].kop.text().replace("&", "") == "3. Caseload"
    assert pane.titel.text() == "Rapportage aan de gemeente Gorinchem"
    assert pane.ondertitel.text().startswith("2026-T3 (01-09-2026 t/m 31-12-2026), vergeleken")
    # Every explanation field: empty, nobody changed it yet, a counter.
    for sleutel in pane.shown_sections():
        veld = pane.velden[sleutel]
        assert veld.tekst() == "" and not veld.edit.isReadOnly()
        assert veld.door.text() == "Nog geen toelichting."
        assert veld.teller.text() == "0 van 2.000 tekens"
    assert pane.alleen_lezen.isHidden()
    assert not pane.save_button.isEnabled()  # nothing changed yet
    assert pane.pdf_button.isEnabled() and pane.excel_button.isEnabled()

    # Keyboard: distinct mnemonics on the page, its tabs and the menu bar; F5 fetches again.
    letters = mnemonic_list(pane) + [t[t.find("&") + 1].upper() for t in tabs]
    letters += [a.text()[a.text().find("&") + 1].upper() for a in window.menuBar().actions()
                if a.isVisible() and "&" in a.text()]  # fmt: skip
    assert len(letters) == len(set(letters)), sorted(letters)
    shown = pane.rapport
    activate(qtbot, pane)
    pane.periode_edit.setFocus()
    qtbot.keyClick(pane.periode_edit, Qt.Key.Key_F5)
    wait_loaded(qtbot, view)
    assert pane.rapport is not shown and pane.rapport.gemeente == "Gorinchem"


def test_an_invalid_period_is_told_at_the_field(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view, pane = open_rapport(qtbot, window)
    shown = pane.rapport
    pane.periode_edit.setText("2026-T4")
    qtbot.keyClick(pane.periode_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    assert pane.periode_fout_text().startswith("'2026-T4' is geen periode.")
    assert pane.rapport is shown


# --- writing explanations -------------------------------------------------------------------


def test_a_saved_explanation_is_stored_and_in_the_pdf_and_the_workbook(
    qtbot, make_window, db, seeded, message_boxes, monkeypatch, tmp_path
):
    window = make_window(db, actor=db.teamleider_id)
    view, pane = open_rapport(qtbot, window)
    algemeen, werk = pane.velden["algemeen"], pane.velden["werk"]
    algemeen.edit.setFocus()
    qtbot.keyClicks(algemeen.edit, "Goed kwartaal voor Gorinchem.")
    werk.edit.setPlainText("Twee plaatsingen; één uitstroom naar werk (Łukasz).")
    assert algemeen.teller.text() == "29 van 2.000 tekens"
    assert algemeen.door.text() == "Nog niet opgeslagen."
    assert pane.is_modified() and pane.save_button.isEnabled()
    assert view.tabs.tabText(2) == "Gemeente&rapport •"

    save(qtbot, view, pane)
    assert opgeslagen(db) == {"algemeen": "Goed kwartaal voor Gorinchem.",
                              "werk": "Twee plaatsingen; één uitstroom naar werk (Łukasz)."}  # fmt: skip
    assert not pane.is_modified() and not pane.save_button.isEnabled()
    assert view.tabs.tabText(2) == "Gemeente&rapport"
    assert pane.status.text() == "2 toelichtingen opgeslagen."
    assert algemeen.door.text().startswith("Laatst gewijzigd door Tineke Leider, ")
    assert message_boxes.shown == []

    # PDF: the suggested name, ".pdf" added, written in the background, then opened.
    suggested, opened = [], []

    def choose(parent, title, suggestion, filter_text):
        suggested.append(suggestion.name)
        return tmp_path / "rapport"

    monkeypatch.setattr(files, "choose_save_file", choose)
    monkeypatch.setattr(ui.QDesktopServices, "openUrl", lambda url: opened.append(url))
    message_boxes.answers = ["Openen"]
    qtbot.mouseClick(pane.pdf_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    target = tmp_path / "rapport.pdf"
    assert pane.last_export == target and target.exists()
    assert suggested == ["Rapportage Gorinchem 2026-T3.pdf"]
    assert message_boxes.shown[-1][0] == "PDF opgeslagen"
    assert [url.toLocalFile() for url in opened] == [str(target)]
    text = " ".join(pdf_text(target).split())
    assert "Goed kwartaal voor Gorinchem." in text
    assert "Twee plaatsingen; één uitstroom naar werk (Łukasz)." in text
    assert "Tineke Leider" in text

    # Excel: the same texts, on the overview and on the section's sheet; not opened ("Niet nu").
    suggested.clear()
    qtbot.mouseClick(pane.excel_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    target = tmp_path / "rapport.xlsx"
    assert pane.last_export == target
    assert suggested == ["Rapportage Gorinchem 2026-T3.xlsx"]
    assert len(opened) == 1
    wb = load_workbook(target)

    def texts(sheet: str) -> list[str]:
        return [c for row in wb[sheet].iter_rows(values_only=True) for c in row
                if isinstance(c, str)]  # fmt: skip

    assert "Goed kwartaal voor Gorinchem." in texts("Overzicht")
    assert "Twee plaatsingen; één uitstroom naar werk (Łukasz)." in texts(
        "Plaatsingen en uitstroom"
    )

    # Emptying a field removes its explanation.
    werk.edit.clear()
    save(qtbot, view, pane)
    assert opgeslagen(db) == {"algemeen": "Goed kwartaal voor Gorinchem."}
    assert werk.door.text() == "Nog geen toelichting."


def test_a_text_over_2000_characters_is_refused_at_the_field(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view, pane = open_rapport(qtbot, window)
    pane.velden["algemeen"].edit.setPlainText("Kort en goed.")
    veld = pane.velden["ontwikkeling"]
    veld.edit.setPlainText("x" * 2001)
    assert veld.teller.text() == "2.001 van 2.000 tekens · 1 te veel"
    assert "b3261e" in veld.teller.styleSheet()  # red

    save(qtbot, view, pane)
    assert veld.fout_text().startswith("De toelichting is 2.001 tekens lang; er passen er "
                                       "hoogstens 2.000.")  # fmt: skip
    assert veld.edit.accessibleDescription() == veld.fout_text()
    assert veld.edit.hasFocus()
    assert pane.velden["algemeen"].fout_text() == ""
    assert opgeslagen(db) == {}  # all or nothing: the short text is not stored either
    assert pane.status.text().startswith("Niets opgeslagen")
    assert pane.is_modified() and veld.tekst() == "x" * 2001  # nothing typed is lost

    veld.edit.setPlainText("x" * 2000)
    save(qtbot, view, pane)
    assert veld.fout_text() == ""
    assert opgeslagen(db) == {"algemeen": "Kort en goed.", "ontwikkeling": "x" * 2000}


def test_a_concurrent_change_is_not_overwritten(qtbot, make_window, db, seeded, message_boxes):
    bewaar(db, "werk", "Eerste versie.")
    window = make_window(db, actor=db.teamleider_id)
    view, pane = open_rapport(qtbot, window)
    assert pane.velden["werk"].tekst() == "Eerste versie."
    pane.velden["algemeen"].edit.setPlainText("Mijn algemene tekst.")
    pane.velden["werk"].edit.setPlainText("Mijn versie.")
    # Meanwhile someone else changes the same field (and F5 keeps what is typed).
    [versie] = [t.versie for t in service(db, db.teamleider_id, toelichtingen,
                                          gemeente_id=db.gemeente_ids["Gorinchem"],
                                          periode=periode(PERIODE)).values()]  # fmt: skip
    bewaar(db, "werk", "Versie van een collega.", versie)
    pane.reload()
    wait_loaded(qtbot, view)
    assert pane.velden["werk"].tekst() == "Mijn versie."

    save(qtbot, view, pane)
    assert opgeslagen(db) == {"werk": "Versie van een collega."}  # nothing overwritten
    [(title, text)] = message_boxes.shown
    assert title == "Toelichting niet opgeslagen"
    assert "intussen door iemand anders gewijzigd" in text and "er is niets overschreven" in text
    assert "Plaatsingen en uitstroom" in text and "klembord" in text
    assert "Mijn versie." in QGuiApplication.clipboard().text()
    # Reloaded: the colleague's text in that field; the other edit is kept, to save again.
    assert pane.velden["werk"].tekst() == "Versie van een collega."
    assert not pane.velden["werk"].is_modified()
    assert pane.velden["algemeen"].tekst() == "Mijn algemene tekst."
    save(qtbot, view, pane)
    assert opgeslagen(db) == {"werk": "Versie van een collega.",
                              "algemeen": "Mijn algemene tekst."}  # fmt: skip


def test_the_beheerder_reads_the_explanations(qtbot, make_window, db, seeded):
    bewaar(db, "algemeen", "Tekst van de teamleider.")
    window = make_window(db, actor=db.beheerder_id)
    _view, pane = open_rapport(qtbot, window)
    veld = pane.velden["algemeen"]
    assert veld.tekst() == "Tekst van de teamleider."
    assert veld.door.text().startswith("Laatst gewijzigd door Tineke Leider, ")
    assert all(pane.velden[k].edit.isReadOnly() for k in pane.shown_sections())
    assert pane.alleen_lezen.isVisible()
    assert pane.alleen_lezen.text() == ("U kunt de toelichtingen lezen; alleen een teamleider "
                                        "vult ze in.")  # fmt: skip
    assert not pane.save_button.isVisible() and not pane.save_action.isEnabled()
    assert veld.teller.isHidden()
    qtbot.keyClicks(veld.edit, "erbij")
    assert veld.tekst() == "Tekst van de teamleider."
    assert pane.pdf_button.isEnabled()


def test_the_debt_section_only_for_the_debt_team_lead(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    _view, pane = open_rapport(qtbot, window)
    assert "schuldhulp" not in pane.shown_sections()
    assert pane.blokken["schuldhulp"].isHidden()

    window = make_window(db, actor=db.sdv_teamleider_id)
    _view, pane = open_rapport(qtbot, window)
    data = rapport(db, db.sdv_teamleider_id).as_dict()
    [schuldhulp] = [o for o in data["onderdelen"] if o["sleutel"] == "schuldhulp"]
    assert pane.shown_sections() == ["algemeen", "ontwikkeling", "werk", "schuldhulp", "caseload"]
    assert pane.kpi_rows("schuldhulp") == expected_rows(schuldhulp)
    assert pane.kpi_rows("schuldhulp")[0][:3] == ["S01", "Schuldhulptrajecten (meldingen)",
                                                  "1 trajecten"]  # fmt: skip
    pane.velden["schuldhulp"].edit.setPlainText("Eén nieuwe melding.")
    save(qtbot, _view, pane)
    assert opgeslagen(db, db.sdv_teamleider_id) == {"schuldhulp": "Eén nieuwe melding."}
    assert opgeslagen(db) == {}  # not readable for the Gorinchem team lead


# --- unsaved text is never dropped silently -------------------------------------------------


def test_switching_gemeente_or_period_with_unsaved_text_asks_first(
    qtbot, make_window, db, seeded, message_boxes
):
    window = make_window(db, actor=db.teamleider_id)
    view, pane = open_rapport(qtbot, window)
    pane.velden["algemeen"].edit.setPlainText("Nog niet opgeslagen.")

    # Another gemeente: asked; "Annuleren" keeps the text and the report.
    pane.select_gemeente("Zaltbommel")
    wait_loaded(qtbot, view)
    [(title, text)] = message_boxes.shown
    assert title == "Toelichting niet opgeslagen"
    assert text.startswith("De toelichting bij de rapportage Gorinchem 2026-T3 is gewijzigd")
    assert pane.gemeente.currentText() == "Gorinchem" and pane.rapport.gemeente == "Gorinchem"
    assert pane.velden["algemeen"].tekst() == "Nog niet opgeslagen."

    # Another period: the same question.
    pane.periode_edit.setText("2026-T2")
    qtbot.keyClick(pane.periode_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    assert len(message_boxes.shown) == 2
    assert pane.periode_edit.text() == PERIODE and pane.rapport.periode.naam == PERIODE
    assert pane.velden["algemeen"].tekst() == "Nog niet opgeslagen."

    # Closing the window: asked too, and the window stays.
    window.tabs.setCurrentWidget(window.inwoners)
    assert not window.close()
    assert message_boxes.shown[-1][1].endswith("Koers toch sluiten?")
    assert window.isVisible() and window.tabs.currentWidget() is view
    assert view.tabs.currentWidget() is pane

    # "Verwerpen": the other gemeente's report, without the text.
    message_boxes.answers = ["Verwerpen"]
    pane.select_gemeente("Zaltbommel")
    wait_loaded(qtbot, view)
    assert pane.rapport.gemeente == "Zaltbommel"
    assert pane.velden["algemeen"].tekst() == "" and not pane.is_modified()
    assert opgeslagen(db) == {}

    # Without unsaved text nothing is asked.
    asked = len(message_boxes.shown)
    pane.select_gemeente("Gorinchem")
    wait_loaded(qtbot, view)
    assert pane.rapport.gemeente == "Gorinchem" and len(message_boxes.shown) == asked


def test_saving_a_file_with_unsaved_text_asks_first(
    qtbot, make_window, db, seeded, message_boxes, monkeypatch, tmp_path
):
    window = make_window(db, actor=db.teamleider_id)
    _view, pane = open_rapport(qtbot, window)
    pane.velden["werk"].edit.setPlainText("Nog niet opgeslagen.")
    chosen = []
    monkeypatch.setattr(files, "choose_save_file", lambda *args: chosen.append(args) or None)
    qtbot.mouseClick(pane.pdf_button, Qt.MouseButton.LeftButton)
    assert message_boxes.shown[-1][1].startswith("Het bestand bevat alleen de opgeslagen")
    assert chosen == []  # "Annuleren": no file dialog
    message_boxes.answers = ["Toch opslaan als PDF"]
    qtbot.mouseClick(pane.pdf_button, Qt.MouseButton.LeftButton)
    assert len(chosen) == 1  # cancelled in the file dialog: nothing written
    assert pane.last_export is None and list(tmp_path.iterdir()) == []
    pane.discard_changes()
    assert not pane.is_modified()
