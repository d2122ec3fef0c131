"""The contact journal: add entries (Ctrl+Enter), newest first, refusals next to the fields."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from app.models import Contactmoment, Kanaal
from app.services.text import format_date


def count_contacts(db, inwoner_id) -> int:
    with db.sessions.begin() as session:
        return session.scalar(select(func.count()).where(Contactmoment.inwoner_id == inwoner_id))


@pytest.fixture
def journal(qtbot, make_window, db):
    inwoner_id = db.add("Noor", "Visser")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    qtbot.keyClick(dossier, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Contactjournaal
    assert dossier.tabs.currentWidget() is dossier.journal
    return dossier.journal


def fill(qtbot, journal, *, datum: date, kanaal: Kanaal, samenvatting: str) -> None:
    journal.datum.setDate(QDate(datum))
    index = journal.kanaal.findData(kanaal)
    journal.kanaal.setCurrentIndex(index)
    journal.kanaal.activated.emit(index)
    journal.samenvatting.setFocus()
    qtbot.keyClicks(journal.samenvatting, samenvatting)


def test_empty_journal_says_so(journal):
    assert journal.stack.currentWidget() is journal.empty
    assert journal.empty.text() == "Nog geen contactmomenten."
    assert journal.datum.date().toPython() == date.today()
    assert journal.datum.displayFormat() == "dd-MM-yyyy"
    assert not journal.add_button.isEnabled()


def test_add_entries_listed_newest_first(qtbot, journal, db):
    today = date.today()
    entries = [
        (today - timedelta(days=10), Kanaal.TELEFOON, "Intake telefonisch"),
        (today, Kanaal.HUISBEZOEK, "Huisbezoek: cv besproken"),
        (today - timedelta(days=3), Kanaal.FYSIEK, "Gesprek op kantoor"),
    ]
    for datum, kanaal, samenvatting in entries:
        fill(qtbot, journal, datum=datum, kanaal=kanaal, samenvatting=samenvatting)
        assert journal.add_button.isEnabled()
        qtbot.keyClick(journal.samenvatting, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert journal.samenvatting.toPlainText() == ""  # the form is ready for the next one

    assert count_contacts(db, journal.inwoner_id) == 3
    model = journal.model
    assert journal.stack.currentWidget() is journal.table
    shown = [
        [model.data(model.index(row, column)) for column in range(4)]
        for row in range(model.rowCount())
    ]
    assert shown == [
        [format_date(today), "Huisbezoek", "Test Coach", "Huisbezoek: cv besproken"],
        [format_date(today - timedelta(days=3)), "Gesprek op kantoor", "Test Coach",
         "Gesprek op kantoor"],
        [format_date(today - timedelta(days=10)), "Telefoon", "Test Coach",
         "Intake telefonisch"],
    ]  # fmt: skip
    assert journal.list_title.text() == "3 contactmomenten, nieuwste eerst"


def test_future_contact_date_is_refused(qtbot, journal, db):
    future = date.today() + timedelta(days=2)
    fill(qtbot, journal, datum=future, kanaal=Kanaal.TELEFOON, samenvatting="Afspraak")
    assert journal.error_text("datum") == (
        f"Het contact op {format_date(future)} ligt in de toekomst."
    )
    assert not journal.add_button.isEnabled()
    qtbot.keyClick(journal.samenvatting, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert count_contacts(db, journal.inwoner_id) == 0
    assert journal.samenvatting.toPlainText() == "Afspraak"  # nothing lost


def test_add_attempt_shows_missing_fields(qtbot, journal, db):
    qtbot.keyClick(journal.samenvatting, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert journal.error_text("kanaal") == "Kies hoe het contact was (kanaal)."
    assert journal.error_text("samenvatting") == "Vul een samenvatting van het contact in."
    assert count_contacts(db, journal.inwoner_id) == 0


def test_vervolgdatum_needs_a_vervolgactie_and_a_real_date(qtbot, journal):
    fill(qtbot, journal, datum=date.today(), kanaal=Kanaal.DIGITAAL, samenvatting="Mail")
    journal.vervolgdatum.setFocus()
    qtbot.keyClicks(journal.vervolgdatum, "31-13-2030")
    qtbot.keyClick(journal.vervolgdatum, Qt.Key.Key_Tab)
    assert "geen geldige datum" in journal.error_text("vervolgdatum")
    journal.vervolgdatum.clear()
    journal.vervolgdatum.setFocus()
    qtbot.keyClicks(journal.vervolgdatum, format_date(date.today() + timedelta(days=7)))
    qtbot.keyClick(journal.vervolgdatum, Qt.Key.Key_Tab)
    assert journal.error_text("vervolgdatum") == ""
    journal.samenvatting.setFocus()
    qtbot.keyClick(journal.samenvatting, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert journal.error_text("vervolgactie") == (
        "Beschrijf de vervolgactie die bij de vervolgdatum hoort."
    )


def test_vertrouwelijk_is_marked_in_the_list(qtbot, journal):
    fill(qtbot, journal, datum=date.today(), kanaal=Kanaal.FYSIEK, samenvatting="Schulden")
    journal.vertrouwelijk.setChecked(True)
    qtbot.mouseClick(journal.add_button, Qt.MouseButton.LeftButton)
    assert journal.model.data(journal.model.index(0, 3)) == "[Vertrouwelijk] Schulden"


def test_contact_model_passes_qtmodeltester(qtbot, qtmodeltester, journal):
    fill(qtbot, journal, datum=date.today(), kanaal=Kanaal.TELEFOON, samenvatting="Gebeld")
    qtbot.mouseClick(journal.add_button, Qt.MouseButton.LeftButton)
    qtmodeltester.check(journal.model, force_py=True)
