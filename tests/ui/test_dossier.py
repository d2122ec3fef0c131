"""The dossier: personalia view/edit/save, conflicts, closing with unsaved edits."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.models import Inwoner, Medewerker
from app.services.inwoners import InwonerGegevens, update_inwoner
from app.services.text import format_date
from app.ui.conflict import BEIDEN, ConflictDialog
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


def someone_else_saves(db, inwoner_id, **changes) -> None:
    """A colleague saves a change after the dossier was opened."""
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.coach_id)
        inwoner = session.get(Inwoner, inwoner_id)
        gegevens = dataclasses.replace(InwonerGegevens.from_inwoner(inwoner), **changes)
        update_inwoner(session, actor=actor, inwoner_id=inwoner_id, versie=inwoner.versie,
                       gegevens=gegevens)  # fmt: skip


def answer_conflict(monkeypatch, *, uncheck=(), vervallen=False) -> list:
    """Stand in for the user at the conflict dialog; returns the dialogs seen."""
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        for r in range(dialog.table.rowCount()):
            item = dialog.table.item(r, 0)
            if item.text() in uncheck:
                item.setCheckState(Qt.CheckState.Unchecked)
        (dialog.vervallen if vervallen else dialog.toepassen).click()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", exec_)
    return seen


def rows(dialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]


def test_conflict_shows_the_colleagues_change_and_puts_mine_back(qtbot, opened, db,
                                                                 monkeypatch):  # fmt: skip
    _window, dossier, inwoner_id = opened
    someone_else_saves(db, inwoner_id, telefoon="0181123456", email="kees@voorbeeld.nl")
    retype(qtbot, dossier.form.field("voornamen"), "Cornelis")
    retype(qtbot, dossier.form.field("telefoon"), "0612345678")
    seen = answer_conflict(monkeypatch, uncheck=("Telefoon",))
    ctrl_s(qtbot, dossier.form.field("voornamen"))

    [dialog] = seen
    assert rows(dialog) == [
        ["Voornamen", "Kees", "Kees", "Cornelis"],
        ["Telefoon", "(leeg)", "0181123456", "0612345678"],
        ["E-mail", "(leeg)", "kees@voorbeeld.nl", "–"],
    ]
    assert dialog.table.item(1, 0).background().color() == BEIDEN  # both changed the phone
    inwoner = stored(db, inwoner_id)
    assert (inwoner.voornamen, inwoner.telefoon) == ("Kees", "0181123456")  # nothing overwritten
    # My first name is back, the colleague's phone and e-mail stay; I check and save.
    form = dossier.form
    assert form.field("voornamen").text() == "Cornelis"
    assert form.field("telefoon").text() == "0181123456"
    assert form.field("email").text() == "kees@voorbeeld.nl"
    assert form.is_modified() and "controleer" in dossier.status.text()
    ctrl_s(qtbot, form.field("voornamen"))
    inwoner = stored(db, inwoner_id)
    assert (inwoner.voornamen, inwoner.telefoon, inwoner.email) == (
        "Cornelis", "0181123456", "kees@voorbeeld.nl",
    )  # fmt: skip


def test_conflict_names_who_saved_first(qtbot, opened, db, monkeypatch):
    _window, dossier, inwoner_id = opened
    someone_else_saves(db, inwoner_id, telefoon="0181123456")
    retype(qtbot, dossier.form.field("voornamen"), "Cornelis")
    seen = answer_conflict(monkeypatch)
    ctrl_s(qtbot, dossier.form.field("voornamen"))
    with db.sessions.begin() as session:
        naam = session.get(Medewerker, db.coach_id).naam
    texts = " ".join(label.text() for label in seen[0].findChildren(QLabel))
    assert f"{naam} heeft het dossier van Kees Bakker op " in texts
    assert "Er is niets overschreven." in texts


def test_conflict_can_drop_my_changes(qtbot, opened, db, monkeypatch):
    _window, dossier, inwoner_id = opened
    someone_else_saves(db, inwoner_id, telefoon="0181123456")
    retype(qtbot, dossier.form.field("voornamen"), "Cornelis")
    answer_conflict(monkeypatch, vervallen=True)
    ctrl_s(qtbot, dossier.form.field("voornamen"))
    assert dossier.form.field("voornamen").text() == "Kees"
    assert dossier.form.field("telefoon").text() == "0181123456"
    assert not dossier.form.is_modified()
    assert stored(db, inwoner_id).voornamen == "Kees"


def test_escape_at_the_conflict_keeps_my_typing(qtbot, opened, db, monkeypatch):
    _window, dossier, inwoner_id = opened
    someone_else_saves(db, inwoner_id, telefoon="0181123456")
    retype(qtbot, dossier.form.field("voornamen"), "Cornelis")

    def escape(dialog):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", escape)
    ctrl_s(qtbot, dossier.form.field("voornamen"))
    assert dossier.form.field("voornamen").text() == "Cornelis"
    assert dossier.form.field("telefoon").text() == "0181123456"


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
