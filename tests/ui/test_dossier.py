"""The dossier: personalia view/edit/save, conflicts, closing with unsaved edits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from app.models import Inwoner, Medewerker
from app.services.inwoners import InwonerGegevens, update_inwoner
from app.services.text import format_date
from tests.ui.conftest import wait_for_search


def stored(db, inwoner_id) -> Inwoner:
    with db.sessions.begin() as session:
        return session.get(Inwoner, inwoner_id)


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def ctrl_s(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def opened(qtbot, make_window, db):
    inwoner_id = db.add("Kees", "Bakker", woonplaats="", telefoon="")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    return window, dossier, inwoner_id


def test_dossier_shows_personalia(opened):
    window, dossier, _inwoner_id = opened
    assert window.windowTitle() == "Koers — Kees Bakker"
    assert dossier.name_label.text() == "Kees Bakker"
    assert "geboren 01-01-1980" in dossier.facts_label.text()
    assert "BSN *****" in dossier.facts_label.text()
    assert dossier.form.field("geboortedatum").text() == "01-01-1980"
    assert dossier.form.field("woongemeente").currentText() == "Gorinchem"
    assert dossier.form.field("betaalgemeente").currentText() == "Zelfde als woongemeente"
    assert not dossier.save_button.isEnabled()  # nothing changed yet
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Kees Bakker"


def test_edit_and_save_with_ctrl_s(qtbot, opened, db):
    window, dossier, inwoner_id = opened
    versie = stored(db, inwoner_id).versie
    retype(qtbot, dossier.form.field("telefoon"), "0612345678")
    assert dossier.save_button.isEnabled()
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("•")

    ctrl_s(qtbot, dossier.form.field("telefoon"))
    inwoner = stored(db, inwoner_id)
    assert inwoner.telefoon == "0612345678"
    assert inwoner.versie == versie + 1
    assert dossier.versie == versie + 1
    assert not dossier.save_button.isEnabled()
    assert dossier.status.text() == "Opgeslagen."
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Kees Bakker"


def test_renaming_updates_title_and_list(qtbot, opened, db):
    window, dossier, inwoner_id = opened
    retype(qtbot, dossier.form.field("achternaam"), "Bakker-Jansen")
    ctrl_s(qtbot, dossier.form.field("achternaam"))
    assert window.windowTitle() == "Koers — Kees Bakker-Jansen"
    view = window.inwoners
    wait_for_search(qtbot, view)
    row = view.model.row_of(inwoner_id)
    assert view.model.data(view.model.index(row, 0)) == "Bakker-Jansen, Kees"


def test_invalid_edit_is_not_saved(qtbot, opened, db):
    _window, dossier, inwoner_id = opened
    future = format_date(date.today() + timedelta(days=1))
    retype(qtbot, dossier.form.field("geboortedatum"), future)
    assert dossier.form.error_text("geboortedatum") == (
        f"De geboortedatum {future} ligt in de toekomst."
    )
    assert not dossier.save_button.isEnabled()
    ctrl_s(qtbot, dossier.form.field("geboortedatum"))
    assert stored(db, inwoner_id).geboortedatum == date(1980, 1, 1)
    assert dossier.form.field("geboortedatum").hasFocus()


def test_postcode_message_next_to_field(qtbot, opened, db):
    _window, dossier, inwoner_id = opened
    form = dossier.form
    retype(qtbot, form.field("straat"), "Dorpsstraat")
    retype(qtbot, form.field("huisnummer"), "3")
    retype(qtbot, form.field("postcode"), "1234 A")
    retype(qtbot, form.field("woonplaats"), "Gorinchem")
    assert form.error_text("postcode") == (
        "Vul een geldige postcode in, zoals 4201 AB: '1234 A' is dat niet."
    )
    ctrl_s(qtbot, form.field("postcode"))
    assert stored(db, inwoner_id).postcode is None


def test_concurrent_change_gives_conflict_and_overwrites_nothing(qtbot, opened, db, message_boxes):
    _window, dossier, inwoner_id = opened
    # Someone else saves a change after the dossier was opened.
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.coach_id)
        inwoner = session.get(Inwoner, inwoner_id)
        gegevens = InwonerGegevens.from_inwoner(inwoner)
        gegevens.telefoon = "0181123456"
        update_inwoner(session, actor=actor, inwoner_id=inwoner_id, versie=inwoner.versie,
                       gegevens=gegevens)  # fmt: skip

    retype(qtbot, dossier.form.field("voornamen"), "Cornelis")
    message_boxes.answers.append("Niet nu")
    ctrl_s(qtbot, dossier.form.field("voornamen"))
    assert "is intussen door iemand anders gewijzigd" in message_boxes.texts[-1]
    inwoner = stored(db, inwoner_id)
    assert inwoner.voornamen == "Kees"
    assert inwoner.telefoon == "0181123456"
    assert dossier.form.field("voornamen").text() == "Cornelis"  # the user's edit is kept

    message_boxes.answers.append("Opnieuw laden")
    ctrl_s(qtbot, dossier.form.field("voornamen"))
    assert dossier.form.field("voornamen").text() == "Kees"
    assert dossier.form.field("telefoon").text() == "0181123456"
    assert not dossier.form.is_modified()


def test_escape_closes_dossier_and_asks_about_unsaved_edits(qtbot, opened, message_boxes):
    window, dossier, _inwoner_id = opened
    retype(qtbot, dossier.form.field("voornamen"), "Klaas")
    message_boxes.answers.append("Terug naar het dossier")
    qtbot.keyClick(dossier.form.field("voornamen"), Qt.Key.Key_Escape)
    assert window.current_dossier() is dossier
    assert "niet zijn opgeslagen" in message_boxes.texts[-1]

    message_boxes.answers.append("Weggooien")
    qtbot.keyClick(dossier.form.field("voornamen"), Qt.Key.Key_Escape)
    assert window.current_dossier() is None
    assert window.tabs.count() == 2  # the werkvoorraad and the list stay
    assert window.windowTitle() == "Koers — Werkvoorraad"  # back where it was opened from


def test_ctrl_w_closes_unchanged_dossier_without_asking(qtbot, opened, message_boxes):
    window, dossier, _inwoner_id = opened
    qtbot.keyClick(
        dossier.form.field("voornamen"), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
    )
    assert window.tabs.count() == 2
    assert message_boxes.shown == []


def test_undo_restores_stored_values(qtbot, opened):
    _window, dossier, _inwoner_id = opened
    retype(qtbot, dossier.form.field("voornamen"), "Klaas")
    qtbot.mouseClick(dossier.undo_button, Qt.MouseButton.LeftButton)
    assert dossier.form.field("voornamen").text() == "Kees"
    assert not dossier.save_button.isEnabled()


def test_dossier_of_merged_gemeente_keeps_its_value(qtbot, make_window, db):
    inwoner_id = db.add("Oud", "Adres", woongemeente_id=db.gemeente_ids["Leerdam"])
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.form.field("woongemeente").currentText() == "Leerdam"
    assert not dossier.form.is_modified()
