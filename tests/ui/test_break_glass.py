"""Break-the-glass: a functioneel beheerder opens a dossier outside the team only with a
reason (at least 10 characters), which is logged; the dossier says so in a banner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import AuditActie, AuditRecord, Inwoner
from app.ui.break_glass import BuitenTeamDialog, RedenDialog
from tests.ui.conftest import wait_for_search

REDEN = "Verzoek om inzage van de inwoner, zaak 2024-118"


def audit(db, inwoner_id) -> list[tuple[AuditActie, str, str | None]]:
    with db.sessions.begin() as session:
        return [
            (r.actie, r.gebruikersnaam, r.reden)
            for r in session.scalars(
                select(AuditRecord)
                .where(AuditRecord.inwoner_id == inwoner_id)
                .order_by(AuditRecord.moment, AuditRecord.id)
            )
        ]


def test_reason_dialog_then_banner_and_audit(qtbot, make_window, db):
    inwoner_id = db.add("Sanne", "Bakker")
    window = make_window(db, actor=db.beheerder_id)
    assert window.open_dossier(inwoner_id) is None  # outside the beheerder's reach: ask first
    dialog = window.dialog
    assert isinstance(dialog, RedenDialog)
    qtbot.waitUntil(dialog.edit.hasFocus)
    assert "Uw naam, het moment en deze reden worden vastgelegd" in dialog.logged.text()
    assert dialog.count.text() == "Nog 10 tekens nodig."

    qtbot.keyClicks(dialog.edit, "even kijk")  # 9 characters: too short
    assert dialog.count.text() == "Nog 1 teken nodig."
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("reden") == (
        "Geef een reden van minstens 10 tekens: waarom moet u dit dossier openen?"
    )
    assert window.dossiers() == []

    dialog.edit.setPlainText(REDEN)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == inwoner_id
    assert dossier.reden == REDEN
    assert dossier.banner.isVisible()
    assert dossier.banner.text() == "Geopend buiten uw team — reden vastgelegd"
    assert REDEN in dossier.banner.toolTip()
    dossier.tabs.setCurrentWidget(dossier.journal)
    assert not dossier.journal.form_box.isVisible()  # a beheerder only reads the journal

    # Saving a change passes the reason on.
    dossier.tabs.setCurrentIndex(0)
    window.activateWindow()  # the offscreen platform does not do it when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    telefoon = dossier.form.field("telefoon")
    telefoon.setFocus()
    qtbot.keyClicks(telefoon, "0612345678")
    qtbot.keyClick(telefoon, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with db.sessions.begin() as session:
        assert session.get(Inwoner, inwoner_id).telefoon == "0612345678"
    records = audit(db, inwoner_id)
    assert (AuditActie.BREAK_THE_GLASS, "beheerder", REDEN) in records
    assert (AuditActie.GEWIJZIGD, "beheerder", REDEN) in records
    assert not any(actie == AuditActie.GEWEIGERD for actie, _, _ in records)


def test_beheerder_list_points_to_break_the_glass(qtbot, make_window, fresh_db):
    window = make_window(fresh_db, actor=fresh_db.beheerder_id)
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert view.stack.currentWidget() is view.empty
    assert "Dossier buiten mijn team openen (Ctrl+Shift+O)" in view.empty.text()


def test_cancelling_the_reason_opens_nothing(qtbot, make_window, db):
    inwoner_id = db.add("Daan", "Mulder")
    window = make_window(db, actor=db.beheerder_id)
    window.open_dossier(inwoner_id)
    dialog = window.dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    assert window.dossiers() == []
    assert [a for a, user, _ in audit(db, inwoner_id) if user == "beheerder"] == []


def test_open_outside_team_by_bsn(qtbot, make_window, db, message_boxes):
    inwoner_id = db.add("Emma", "de Boer")
    window = make_window(db, actor=db.beheerder_id)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.dialog
    assert isinstance(dialog, BuitenTeamDialog)
    qtbot.waitUntil(dialog.bsn.hasFocus)

    qtbot.keyClicks(dialog.bsn, "123456789")
    dialog.edit.setPlainText("kort")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "elfproef" in dialog.errors.error_text("bsn")
    assert dialog.errors.error_text("reden").startswith("Geef een reden van minstens 10 tekens")

    bsn = db.bsn_of(inwoner_id)
    dialog.bsn.setText(bsn[:-1] + str((int(bsn[-1]) + 5) % 10))  # another, unknown BSN
    dialog.edit.setPlainText(REDEN)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("bsn") != ""
    assert window.dossiers() == []

    dialog.bsn.setText(bsn)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == inwoner_id
    assert dossier.banner.isVisible()
    assert window.dialog is None or not window.dialog.isVisible()  # not asked twice
    assert (AuditActie.BREAK_THE_GLASS, "beheerder", REDEN) in audit(db, inwoner_id)


def test_jobcoach_has_no_break_the_glass(qtbot, make_window, db, message_boxes):
    ander_team = db.add("Iris", "Elders", regievoerder_id=db.other_coach_id,
                        door=db.other_coach_id)  # fmt: skip
    window = make_window(db)
    assert not window.buiten_team_action.isVisible()
    assert window.open_outside_team() is None
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert window.dialog is None
    window.open_dossier(ander_team, reden=REDEN)  # even with a reason: refused
    assert message_boxes.texts[-1].startswith("U hebt geen toegang")
    assert window.dossiers() == []
