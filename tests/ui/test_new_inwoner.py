"""The new-inwoner dialog: Dutch messages next to the fields, nothing saved until valid."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import func, select

from app.models import Inwoner
from app.services.text import format_date
from app.ui.new_inwoner_dialog import NewInwonerDialog
from tests.conftest import make_bsn
from tests.ui.conftest import wait_for_search


def count_inwoners(db) -> int:
    with db.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Inwoner))


def type_into(qtbot, form, name: str, text: str) -> None:
    widget = form.field(name)
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)  # leaving the field shows its message


def choose(form, name: str, text: str) -> None:
    combo = form.field(name)
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def fill_valid(qtbot, form, bsn: str) -> None:
    type_into(qtbot, form, "bsn", bsn)
    type_into(qtbot, form, "voornamen", "Anna Maria")
    type_into(qtbot, form, "tussenvoegsel", "van")
    type_into(qtbot, form, "achternaam", "Dijk")
    type_into(qtbot, form, "geboortedatum", "05-03-1984")
    type_into(qtbot, form, "straat", "Lange Dreef")
    type_into(qtbot, form, "huisnummer", "12a")
    type_into(qtbot, form, "postcode", "4201ab")
    type_into(qtbot, form, "woonplaats", "Gorinchem")
    choose(form, "woongemeente", "Gorinchem")


@pytest.fixture
def dialog(qtbot, make_window, db):
    window = make_window(db)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_dialog
    assert isinstance(dialog, NewInwonerDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_bad_input_gives_dutch_messages_next_to_fields_and_saves_nothing(qtbot, dialog, db):
    before = count_inwoners(db)
    form = dialog.form
    assert form.field("bsn").hasFocus()
    assert not dialog.save_button.isEnabled()
    assert form.error_text("bsn") == ""  # nothing shown before the user did anything

    fill_valid(qtbot, form, make_bsn(900))
    assert dialog.save_button.isEnabled()

    type_into(qtbot, form, "bsn", "123456788")  # fails the 11-proef
    future = format_date(date.today() + timedelta(days=30))
    type_into(qtbot, form, "geboortedatum", future)
    type_into(qtbot, form, "postcode", "1234 A")

    assert form.error_text("bsn") == (
        "BSN 123456788 voldoet niet aan de elfproef; controleer het nummer."
    )
    assert form.error_text("geboortedatum") == f"De geboortedatum {future} ligt in de toekomst."
    assert form.error_text("postcode") == (
        "Vul een geldige postcode in, zoals 4201 AB: '1234 A' is dat niet."
    )
    assert not dialog.save_button.isEnabled()
    assert dialog.status.text() == "Nog 3 velden in te vullen of te verbeteren."

    qtbot.keyClick(form.field("postcode"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert count_inwoners(db) == before


def test_messages_appear_while_typing_after_a_pause(qtbot, dialog):
    form = dialog.form
    qtbot.keyClicks(form.field("bsn"), "12345")
    assert form.error_text("bsn") == ""  # not while the user is still typing
    qtbot.waitUntil(lambda: form.error_text("bsn") != "", timeout=3000)
    assert "9 cijfers" in form.error_text("bsn")
    qtbot.keyClicks(form.field("bsn"), "6788")  # a shown message follows every keystroke
    assert "elfproef" in form.error_text("bsn")


def test_unparseable_date_is_explained(qtbot, dialog):
    type_into(qtbot, dialog.form, "geboortedatum", "31-02-1980")
    assert dialog.form.error_text("geboortedatum") == (
        "'31-02-1980' is geen geldige datum. Vul de geboortedatum in als dd-mm-jjjj, "
        "bijvoorbeeld 05-03-1984."
    )


def test_save_attempt_shows_every_missing_field(qtbot, dialog):
    qtbot.keyClick(dialog.form.field("bsn"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    form = dialog.form
    assert form.error_text("bsn") == "Vul het BSN in."
    assert form.error_text("voornamen") == "Vul de voornamen in."
    assert form.error_text("achternaam") == "Vul de achternaam in."
    assert form.error_text("geboortedatum") == "Vul de geboortedatum in (dd-mm-jjjj)."
    assert form.error_text("woongemeente") == "Kies de woongemeente."
    assert form.error_text("postcode") == ""  # the address is optional
    assert form.field("bsn").hasFocus()


def test_valid_inwoner_is_saved_and_appears_in_the_list(qtbot, dialog, db):
    window = dialog.parent()
    before = count_inwoners(db)
    fill_valid(qtbot, dialog.form, make_bsn(901))
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert count_inwoners(db) == before + 1
    with db.sessions.begin() as session:
        inwoner = session.scalar(select(Inwoner).where(Inwoner.bsn == make_bsn(901)))
        assert inwoner.volledige_naam == "Anna Maria van Dijk"
        assert inwoner.postcode == "4201 AB"
        assert inwoner.geboortedatum == date(1984, 3, 5)
        new_id = inwoner.id
    # The new dossier opens, and the list (refreshed by the change signal) shows the inwoner.
    assert window.current_dossier().inwoner_id == new_id
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert new_id in view.model.ids()
    row = view.model.row_of(new_id)
    assert view.model.data(view.model.index(row, 0)) == "Dijk, Anna Maria van"


def test_duplicate_bsn_is_shown_next_to_the_field(qtbot, dialog, db):
    db.add("Bestaande", "Inwoner", bsn=make_bsn(902))
    before = count_inwoners(db)
    fill_valid(qtbot, dialog.form, make_bsn(902))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.error_text("bsn") == (
        f"Er staat al een inwoner met BSN {make_bsn(902)} in Koers."
    )
    assert not dialog.save_button.isEnabled()
    assert count_inwoners(db) == before
    type_into(qtbot, dialog.form, "bsn", make_bsn(903))  # editing the field clears it
    assert dialog.form.error_text("bsn") == ""
    assert dialog.save_button.isEnabled()


def test_escape_asks_before_discarding_typed_data(qtbot, dialog, message_boxes):
    type_into(qtbot, dialog.form, "voornamen", "Kees")
    message_boxes.answers.append("Verder invullen")
    qtbot.keyClick(dialog.form.field("achternaam"), Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert "niet opgeslagen" in message_boxes.texts[-1]
    message_boxes.answers.append("Weggooien")
    qtbot.keyClick(dialog.form.field("achternaam"), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_on_empty_dialog_closes_without_asking(qtbot, dialog, message_boxes):
    qtbot.keyClick(dialog.form.field("bsn"), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert message_boxes.shown == []
