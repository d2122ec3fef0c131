"""Actions on a whole dossier (inzage export, closing it) and the audit of opening and
changing a dossier in the GUI."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import AuditActie, AuditRecord, Inwoner
from app.services.text import format_date
from app.ui import files
from tests.ui.test_break_glass import REDEN


def test_open_and_change_once_gives_one_read_and_one_change(qtbot, make_window, fresh_db):
    db = fresh_db
    inwoner_id = db.add("Ruud", "Hendriks", telefoon="")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    qtbot.keyClick(dossier, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # journal too
    dossier.tabs.setCurrentIndex(0)
    telefoon = dossier.form.field("telefoon")
    telefoon.setFocus()
    qtbot.keyClicks(telefoon, "0183123456")
    qtbot.keyClick(telefoon, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dossier.status.text() == "Opgeslagen."
    dossier.undo_changes()  # reloads, like a change signal: not a new opening
    window.show_inwoners()
    window.open_dossier(inwoner_id)  # already open: the tab is shown, not read again

    with db.sessions.begin() as session:
        records = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.inwoner_id == inwoner_id)
            .where(AuditRecord.actie.in_([AuditActie.GELEZEN, AuditActie.GEWIJZIGD]))
        ).all()
        assert sorted(r.actie.value for r in records) == ["GELEZEN", "GEWIJZIGD"]
        assert {r.gebruikersnaam for r in records} == {"testcoach"}
        change = next(r for r in records if r.actie == AuditActie.GEWIJZIGD)
        assert change.velden == {"telefoon": [None, "0183123456"]}


def test_inzage_export_writes_files(qtbot, make_window, db, message_boxes, monkeypatch, tmp_path):
    inwoner_id = db.add("Fatima", "el Amrani")
    monkeypatch.setattr(files, "choose_directory", lambda parent, title, start: tmp_path)
    window = make_window(db, actor=db.beheerder_id)
    window.open_dossier(inwoner_id, reden=REDEN)
    assert window.inzage_action.isVisible() and window.inzage_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: window.ctx.operations.pending() == 0, timeout=20_000)
    result = window.last_inzage
    assert result.json_path.parent == tmp_path and result.json_path.exists()
    assert result.pdf_path.exists() and result.pdf_path.read_bytes().startswith(b"%PDF")
    export = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert export["personalia"][0]["achternaam"] == "el Amrani"
    assert str(result.json_path) in message_boxes.texts[-1]
    assert str(result.pdf_path) in message_boxes.texts[-1]


def test_inzage_export_cancelled_writes_nothing(qtbot, make_window, db, monkeypatch, tmp_path):
    inwoner_id = db.add("Joost", "Bos")
    monkeypatch.setattr(files, "choose_directory", lambda parent, title, start: None)
    window = make_window(db, actor=db.beheerder_id)
    window.open_dossier(inwoner_id, reden=REDEN)
    window.export_inzage()
    assert window.ctx.operations.pending() == 0
    assert list(tmp_path.iterdir()) == []


def test_close_dossier_with_date_and_confirmation(qtbot, make_window, db, message_boxes):
    inwoner_id = db.add("Bram", "Peters")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    assert window.sluit_dossier_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.dialog
    qtbot.waitExposed(dialog)
    assert dialog.datum.date().toPython() == date.today()
    assert dialog.datum.maximumDate().toPython() == date.today()  # not in the future

    message_boxes.answers.append("Annuleren")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert "Het dossier van Bram Peters sluiten per" in message_boxes.texts[-1]
    assert dialog.isVisible()
    with db.sessions.begin() as session:
        assert session.get(Inwoner, inwoner_id).dossier_gesloten_op is None

    message_boxes.answers.append("Dossier sluiten")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    with db.sessions.begin() as session:
        assert session.get(Inwoner, inwoner_id).dossier_gesloten_op == date.today()
    assert f"dossier gesloten op {format_date(date.today())}" in dossier.facts_label.text()
    assert not window.sluit_dossier_action.isEnabled()  # closed once


def test_dossier_actions_hidden_without_rights(qtbot, make_window, db):
    inwoner_id = db.add("Sophie", "Kaya")
    window = make_window(db, actor=db.accountmanager_id)
    window.open_dossier(inwoner_id)
    assert not window.inzage_action.isVisible()
    assert not window.sluit_dossier_action.isVisible()
    assert window.close_dossier_case() is None
