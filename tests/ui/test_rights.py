"""What each role sees: the GUI hides what the services would refuse, and shows the Dutch
message of a refusal (which is also recorded in the audit trail)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from app.models import AuditActie, AuditRecord, Kanaal, Medewerker
from app.services.contactmomenten import ContactGegevens, add_contactmoment
from app.ui.dossier import DossierView
from app.ui.status_view import StatusView
from tests.ui.conftest import wait_for_search


def tab_titles(widget) -> list[str]:
    return [widget.tabText(i) for i in range(widget.count())]


def test_jobcoach_sees_everything_of_the_caseload(qtbot, make_window, db):
    inwoner_id = db.add("Kees", "Jansen")
    window = make_window(db)
    assert window.new_action.isVisible()
    assert not window.buiten_team_action.isVisible() and not window.inzage_action.isVisible()
    assert window.beheer is None and not window.beheer_action.isEnabled()
    dossier = window.open_dossier(inwoner_id)
    assert isinstance(dossier, DossierView)
    assert not dossier.form.is_read_only()
    assert dossier.save_button.isVisible()
    assert tab_titles(dossier.tabs) == [
        "&Personalia", "&Contactjournaal", "O&ntwikkelplan", "Tra&ject", "Loonwaa&rde"]  # fmt: skip
    dossier.tabs.setCurrentWidget(dossier.journal)
    assert dossier.journal.form_box.isVisible()  # may add contacts
    assert not dossier.banner.isVisible()


def test_accountmanager_reads_personalia_only(qtbot, make_window, db):
    inwoner_id = db.add("Piet", "Smit")
    window = make_window(db, actor=db.accountmanager_id)
    assert not window.new_action.isVisible() and not window.new_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.new_dialog is None  # Ctrl+N does nothing either
    assert not window.sluit_dossier_action.isVisible()

    dossier = window.open_dossier(inwoner_id)
    assert dossier.form.is_read_only()
    voornamen = dossier.form.field("voornamen")
    assert isinstance(voornamen, QLineEdit) and voornamen.isReadOnly()
    assert not dossier.form.field("woongemeente").isEnabled()
    assert not dossier.save_button.isVisible() and not dossier.undo_button.isVisible()
    assert dossier.form.hint.text() == "U kunt deze gegevens bekijken, maar niet wijzigen."
    qtbot.keyClicks(voornamen, "X")
    assert not dossier.is_modified()
    assert not window.save_action.isEnabled()
    dossier.tabs.setCurrentWidget(dossier.journal)
    assert dossier.journal.form_box.isVisible()  # an accountmanager does log contacts


def test_teamleider_reads_the_journal_and_only_the_audit_trail(qtbot, make_window, db):
    zonder_coach = db.add("Zonder", "Coach", regievoerder_id=None, door=db.teamleider_id)
    met_contact = db.add("Met", "Contact")
    with db.sessions.begin() as session:
        add_contactmoment(session, actor=session.get(Medewerker, db.actor_id),
                          inwoner_id=met_contact, gegevens=ContactGegevens(
                              datum=date.today(), kanaal=Kanaal.FYSIEK,
                              samenvatting="Gesprek gehad"))  # fmt: skip
    window = make_window(db, actor=db.teamleider_id)
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert zonder_coach in view.model.ids()  # a teamleider sees the unassigned ones
    assert window.new_action.isVisible()
    assert window.beheer is not None
    assert window.beheer.titles() == ["&Audittrail"]
    assert tab_titles(window.tabs) == ["Werkvoorraad", "Inwoners", "Beheer", "Rapportages"]

    dossier = window.open_dossier(met_contact)
    assert tab_titles(dossier.tabs) == [
        "&Personalia", "&Contactjournaal", "O&ntwikkelplan", "Tra&ject", "Loonwaa&rde"]  # fmt: skip
    dossier.tabs.setCurrentWidget(dossier.journal)
    assert not dossier.journal.form_box.isVisible()  # read-only journal
    assert dossier.journal.model.rowCount() == 1
    assert dossier.journal.model.data(dossier.journal.model.index(0, 3)) == "Gesprek gehad"


def test_klantmanager_gets_the_status_view(qtbot, make_window, db):
    db.add("Anna", "Gorinchem-Inwoner", woongemeente_id=db.gemeente_ids["Gorinchem"])
    elders = db.add("Bert", "Bureninwoner", woongemeente_id=db.gemeente_ids["Buren"])
    window = make_window(db, actor=db.klantmanager_id)
    assert not window.new_action.isVisible()
    assert "&Dossier" not in [a.text() for a in window.menuBar().actions()]
    assert window.beheer is None
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert view.model.rowCount() > 0
    assert elders not in view.model.ids()  # only the own gemeente

    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    page = window.current_page()
    assert isinstance(page, StatusView)
    assert window.dossiers() == []
    assert page.values["gemeente"].text() == "Gorinchem"
    assert page.values["dossier"].text() == "lopend"
    assert not window.save_action.isEnabled()
    assert window.windowTitle() == f"Koers — {page.naam}"
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is None


def test_refused_dossier_shows_message_and_is_audited(qtbot, make_window, db, message_boxes):
    ander_team = db.add("Greet", "Anders", regievoerder_id=db.other_coach_id,
                        door=db.other_coach_id)  # fmt: skip
    window = make_window(db)  # testcoach, Team Gorinchem
    assert window.open_dossier(ander_team) is None
    assert message_boxes.texts[-1].startswith(
        "U hebt geen toegang tot het dossier van deze inwoner"
    )
    assert window.tabs.count() == 2  # werkvoorraad and list, no dossier
    assert window.dialog is None  # a jobcoach is not asked for a reason: simply refused
    with db.sessions.begin() as session:
        refused = session.scalars(
            select(AuditRecord).where(
                AuditRecord.inwoner_id == ander_team, AuditRecord.actie == AuditActie.GEWEIGERD
            )
        ).all()
        assert [r.gebruikersnaam for r in refused] == ["testcoach"]
