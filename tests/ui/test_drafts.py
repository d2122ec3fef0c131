"""Never lose typing: the contact note, the IOP concept and the intake report keep a draft a
moment after the last edit; after a crash the same form offers it back under a bar
"Niet opgeslagen wijzigingen hersteld"; a save or Verwerpen deletes it; after sign-in the main
window lists the drafts left behind.

A crash is simulated by deleting the form's C++ object outright: no close event, no save, no
discard — only what is on disk survives.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt, QThreadPool
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.drafts import CONTACT_NOTE, INTAKE, PLAN, DraftStore, drafts_dir
from app.models import Contactmoment, Intake, IntakeType, Kanaal, Medewerker, Ontwikkelplan
from app.services import ontwikkelplannen as plan_svc
from app.ui.contact_journal import ContactJournal
from app.ui.drafts import SAVE_DELAY_MS, format_saved_at
from app.ui.iop_tab import IopTab
from app.ui.traject_tab import TrajectTab
from app.ui.widgets import select_data
from tests.ui.test_iop_tab import maak_plan, make_ctx, type_goal, volledig
from tests.ui.test_traject_tab import in_intake

RESTORED = "Niet opgeslagen wijzigingen hersteld (bewaard om "
CHANGED = "Het dossier is intussen gewijzigd; controleer de gegevens voordat u opslaat."
MERGED = "alleen uw eigen wijzigingen zijn teruggezet"


@pytest.fixture(autouse=True)
def _no_drafts_left():
    yield
    shutil.rmtree(drafts_dir(), ignore_errors=True)


@pytest.fixture
def widgets():
    """Forms made by a test; those not crashed are deleted afterwards."""
    made = []
    yield made
    QThreadPool.globalInstance().waitForDone()
    for widget in made:
        if shiboken6.isValid(widget):
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def crash(widget) -> None:
    """Koers dies with the form open: nothing is saved or discarded any more."""
    shiboken6.delete(widget)


def store(db, actor: uuid.UUID | None = None, database: str = "test.db") -> DraftStore:
    return DraftStore(medewerker_id=actor or db.actor_id, database=database)


def ctx_for(db, actor: uuid.UUID | None, database: str):
    return replace(make_ctx(db, actor), database_label=database)


def show(qtbot, widgets, widget, ctx):
    ctx.operations.setParent(widget)
    ctx.changes.setParent(widget)
    widgets.append(widget)
    widget.resize(1300, 900)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


@pytest.fixture
def make_journal(qtbot, db, widgets):
    def make(inwoner_id: uuid.UUID, *, actor: uuid.UUID | None = None,
             database: str = "test.db") -> ContactJournal:  # fmt: skip
        ctx = ctx_for(db, actor, database)
        journal = ContactJournal(ctx, inwoner_id)
        journal.load()
        return show(qtbot, widgets, journal, ctx)

    return make


@pytest.fixture
def make_iop(qtbot, db, widgets):
    def make(inwoner_id: uuid.UUID) -> IopTab:
        ctx = ctx_for(db, None, "test.db")
        tab = show(qtbot, widgets, IopTab(ctx, inwoner_id), ctx)
        assert tab.loaded
        return tab

    return make


@pytest.fixture
def make_traject(qtbot, db, widgets):
    def make(inwoner_id: uuid.UUID) -> TrajectTab:
        ctx = ctx_for(db, None, "test.db")
        tab = show(qtbot, widgets, TrajectTab(ctx, inwoner_id), ctx)
        assert tab.loaded
        tab.parts.setCurrentWidget(tab.intake_page)
        return tab

    return make


def type_text(qtbot, edit, text: str) -> None:
    """Type at the end of a text box, as a user who clicked after the text would."""
    edit.setFocus()
    if hasattr(edit, "moveCursor"):
        edit.moveCursor(QTextCursor.MoveOperation.End)
    else:
        edit.end(False)
    qtbot.keyClicks(edit, text)


def wait_for_draft(qtbot, drafts: DraftStore, kind: str, record_id: uuid.UUID):
    qtbot.waitUntil(lambda: drafts.load(kind, record_id) is not None, timeout=SAVE_DELAY_MS * 4)
    return drafts.load(kind, record_id)


# --- the contact note ------------------------------------------------------------------------


def test_a_contact_note_survives_a_crash_and_can_be_thrown_away(qtbot, db, make_journal):
    inwoner_id = db.add("Noor", "Crash")
    drafts = store(db)
    journal = make_journal(inwoner_id)
    assert journal.drafts.bar.isHidden()
    journal.kanaal.setCurrentIndex(journal.kanaal.findData(Kanaal.TELEFOON))
    type_text(qtbot, journal.samenvatting, "Gebeld over de sollicitatie bij de kwekerij")
    type_text(qtbot, journal.vervolgdatum, "31-13-2030")  # kept as typed, wrong or not
    journal.vertrouwelijk.setChecked(True)
    assert drafts.load(CONTACT_NOTE, inwoner_id) is None  # not on every keystroke

    draft = wait_for_draft(qtbot, drafts, CONTACT_NOTE, inwoner_id)
    assert draft.inwoner_id == inwoner_id and draft.versie is None
    assert draft.values["samenvatting"] == "Gebeld over de sollicitatie bij de kwekerij"

    crash(journal)
    again = make_journal(inwoner_id)
    assert again.samenvatting.toPlainText() == "Gebeld over de sollicitatie bij de kwekerij"
    assert again.kanaal.currentData() == Kanaal.TELEFOON
    assert again.vervolgdatum.text() == "31-13-2030"
    assert again.vertrouwelijk.isChecked()
    assert again.is_modified()
    bar = again.drafts.bar
    assert bar.isVisible()
    assert bar.label.text().startswith(RESTORED + format_saved_at(draft.saved_at) + ").")
    assert CHANGED not in bar.label.text()  # a new note has no version to compare

    qtbot.mouseClick(bar.discard_button, Qt.MouseButton.LeftButton)
    assert again.samenvatting.toPlainText() == "" and again.vervolgdatum.text() == ""
    assert not again.is_modified()
    assert bar.isHidden()
    assert drafts.load(CONTACT_NOTE, inwoner_id) is None


def test_adding_the_contact_deletes_its_draft(qtbot, db, make_journal):
    inwoner_id = db.add("Daan", "Toegevoegd")
    drafts = store(db)
    journal = make_journal(inwoner_id)
    index = journal.kanaal.findData(Kanaal.FYSIEK)
    journal.kanaal.setCurrentIndex(index)
    journal.kanaal.activated.emit(index)
    type_text(qtbot, journal.samenvatting, "Gesprek over werkritme")
    wait_for_draft(qtbot, drafts, CONTACT_NOTE, inwoner_id)

    qtbot.mouseClick(journal.add_button, Qt.MouseButton.LeftButton)
    assert drafts.load(CONTACT_NOTE, inwoner_id) is None
    assert not journal.drafts.timer.isActive()
    with db.sessions.begin() as session:
        assert session.scalar(select(func.count()).where(
            Contactmoment.inwoner_id == inwoner_id)) == 1  # fmt: skip


def test_an_untouched_or_emptied_form_keeps_no_draft(qtbot, db, make_journal):
    inwoner_id = db.add("Sanne", "Leeg")
    drafts = store(db)
    journal = make_journal(inwoner_id)
    journal.kanaal.setCurrentIndex(journal.kanaal.findData(Kanaal.DIGITAAL))
    assert not journal.drafts.timer.isActive()  # nothing typed: nothing to keep

    type_text(qtbot, journal.samenvatting, "Mail")
    wait_for_draft(qtbot, drafts, CONTACT_NOTE, inwoner_id)
    journal.samenvatting.selectAll()
    qtbot.keyClick(journal.samenvatting, Qt.Key.Key_Delete)
    assert drafts.load(CONTACT_NOTE, inwoner_id) is None  # at once, not after the delay
    assert not journal.drafts.timer.isActive()


def test_only_the_same_medewerker_on_the_same_database_gets_the_draft(qtbot, db, make_journal):
    inwoner_id = db.add("Iris", "Gedeeld")
    journal = make_journal(inwoner_id)
    type_text(qtbot, journal.samenvatting, "Vertrouwelijk gesprek")
    wait_for_draft(qtbot, store(db), CONTACT_NOTE, inwoner_id)
    crash(journal)

    colleague = make_journal(inwoner_id, actor=db.coach_id)  # same team, same laptop
    assert colleague.samenvatting.toPlainText() == ""
    assert colleague.drafts.bar.isHidden()
    elsewhere = make_journal(inwoner_id, database="/srv/koers/andere.db")
    assert elsewhere.samenvatting.toPlainText() == ""
    assert elsewhere.drafts.bar.isHidden()
    mine = make_journal(inwoner_id)
    assert mine.samenvatting.toPlainText() == "Vertrouwelijk gesprek"


def test_a_draft_of_another_day_says_which_day(qtbot, db, make_journal):
    inwoner_id = db.add("Mehmet", "Vorige")
    store(db).save(CONTACT_NOTE, inwoner_id, inwoner_id=inwoner_id, versie=None,
                   values={"samenvatting": "Van voor het weekend"},
                   now=datetime(2026, 1, 9, 16, 45, tzinfo=UTC))  # fmt: skip
    journal = make_journal(inwoner_id)
    assert journal.drafts.bar.label.text().startswith(
        "Niet opgeslagen wijzigingen hersteld (bewaard op 09-01-2026 om 17:45). Sla ze op, of "
        "kies Verwerpen om ze weg te gooien."
    )


# --- the IOP concept -------------------------------------------------------------------------


def test_an_iop_concept_survives_a_crash_and_verwerpen_restores_the_stored_plan(
    qtbot, db, make_iop
):
    inwoner_id = db.add("Kees", "Concept")
    plan_id = maak_plan(db, inwoner_id, volledig(talenten="Handig"))
    drafts = store(db)
    tab = make_iop(inwoner_id)
    type_text(qtbot, tab.editor.texts["talenten"], " en zorgzaam")
    tab.editor.doelen.table.setFocus()
    type_goal(qtbot, tab.editor.doelen.table, "Rijbewijs halen")
    type_text(qtbot, tab.editor.periode_tot, "31-02-2027")  # not a date: kept as typed
    draft = wait_for_draft(qtbot, drafts, PLAN, plan_id)
    assert draft.inwoner_id == inwoner_id
    assert draft.versie == tab.detail.versie

    crash(tab)
    again = make_iop(inwoner_id)
    editor = again.editor
    assert editor.texts["talenten"].toPlainText() == "Handig en zorgzaam"
    goals = [row["omschrijving"] for row in editor.doelen_model.rows()]
    assert len(goals) == 3 and "Rijbewijs halen" in goals
    assert editor.periode_tot.text() == "31-02-2027"
    assert again.is_modified() and again.save_button.isEnabled()
    assert again.drafts.bar.isVisible()
    assert again.drafts.bar.label.text().startswith(RESTORED)
    assert CHANGED not in again.drafts.bar.label.text()

    qtbot.mouseClick(again.drafts.bar.discard_button, Qt.MouseButton.LeftButton)
    assert editor.texts["talenten"].toPlainText() == "Handig"
    assert len(editor.doelen_model.rows()) == 2
    assert not again.is_modified()
    assert again.drafts.bar.isHidden()
    assert drafts.load(PLAN, plan_id) is None


def test_a_restored_concept_of_a_plan_changed_since_keeps_the_colleagues_change(qtbot, db,
                                                                              make_iop):  # fmt: skip
    inwoner_id = db.add("Lotte", "Intussen")
    plan_id = maak_plan(db, inwoner_id, volledig(talenten="Handig"))
    drafts = store(db)
    tab = make_iop(inwoner_id)
    type_text(qtbot, tab.editor.texts["talenten"], ", punctueel")
    wait_for_draft(qtbot, drafts, PLAN, plan_id)
    crash(tab)
    with db.sessions.begin() as session:  # saved from another laptop in the meantime
        actor = session.get(Medewerker, db.actor_id)
        plan = session.get(Ontwikkelplan, plan_id)
        plan_svc.wijzig_concept(session, actor=actor, plan_id=plan_id, versie=plan.versie,
                                gegevens=volledig(talenten="Handig", metingen="Melba"))  # fmt: skip

    again = make_iop(inwoner_id)
    # Only the user's own change comes back; the colleague's measurement stays.
    assert again.editor.texts["talenten"].toPlainText() == "Handig, punctueel"
    assert again.editor.texts["metingen"].toPlainText() == "Melba"
    assert MERGED in again.drafts.bar.label.text()
    assert "allebei" not in again.drafts.bar.label.text()
    # Typing on and crashing again: the draft now starts from the colleague's version.
    type_text(qtbot, again.editor.texts["talenten"], " en eerlijk")
    qtbot.waitUntil(lambda: "eerlijk" in drafts.load(PLAN, plan_id).values["teksten"]["talenten"])
    crash(again)
    again = make_iop(inwoner_id)
    assert again.editor.texts["talenten"].toPlainText() == "Handig, punctueel en eerlijk"
    assert again.editor.texts["metingen"].toPlainText() == "Melba"

    assert again.save()
    assert drafts.load(PLAN, plan_id) is None
    assert again.drafts.bar.isHidden()
    with db.sessions.begin() as session:
        plan = session.get(Ontwikkelplan, plan_id)
        assert (plan.talenten, plan.metingen) == ("Handig, punctueel en eerlijk", "Melba")


def test_a_restored_concept_names_fields_both_changed(qtbot, db, make_iop):
    inwoner_id = db.add("Lotte", "Allebei")
    plan_id = maak_plan(db, inwoner_id, volledig(talenten="Handig"))
    drafts = store(db)
    tab = make_iop(inwoner_id)
    type_text(qtbot, tab.editor.texts["talenten"], ", punctueel")
    wait_for_draft(qtbot, drafts, PLAN, plan_id)
    crash(tab)
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        plan = session.get(Ontwikkelplan, plan_id)
        plan_svc.wijzig_concept(session, actor=actor, plan_id=plan_id, versie=plan.versie,
                                gegevens=volledig(talenten="Handig en sterk"))  # fmt: skip
    again = make_iop(inwoner_id)
    assert again.editor.texts["talenten"].toPlainText() == "Handig, punctueel"  # mine, to check
    assert "Bij 1 gegeven(s) wijzigden u allebei iets" in again.drafts.bar.label.text()


def test_a_read_only_plan_keeps_no_draft(qtbot, db, make_iop):
    inwoner_id = db.add("Ruud", "Vastgesteld")
    plan_id = maak_plan(db, inwoner_id, volledig(), vastgesteld_op=date.today())
    tab = make_iop(inwoner_id)
    assert not tab.can_edit()
    assert tab.drafts.record_id is None
    store(db).save(PLAN, plan_id, inwoner_id=inwoner_id, versie=1, values={})
    tab.load()
    assert tab.drafts.bar.isHidden()  # a draft cannot go into a plan that is not a concept


# --- the intake report -----------------------------------------------------------------------


def test_an_intake_report_survives_a_crash_and_saving_deletes_the_draft(qtbot, db, make_traject):
    inwoner_id = db.add("Emma", "Intake")
    traject_id = in_intake(db, inwoner_id)
    drafts = store(db)
    tab = make_traject(inwoner_id)
    form = tab.intake_form
    type_text(qtbot, form.texts["deelnemers"], "Inwoner en werkcoach")
    select_data(form.scores["willen"], 5)
    draft = wait_for_draft(qtbot, drafts, INTAKE, traject_id)
    assert draft.values["intake_id"] == str(tab.intake_id)

    crash(tab)
    again = make_traject(inwoner_id)
    form = again.intake_form
    assert form.texts["deelnemers"].toPlainText() == "Inwoner en werkcoach"
    assert form.scores["willen"].currentData() == 5
    assert form.texts["mogelijkheden"].toPlainText() == "Handig, sociaal"  # the stored rest
    assert again.is_modified() and again.save_intake_button.isEnabled()
    assert again.drafts.bar.isVisible()
    assert again.drafts.bar.label.text().startswith(RESTORED)

    assert again.save_intake()
    assert drafts.load(INTAKE, traject_id) is None
    assert again.drafts.bar.isHidden()
    with db.sessions.begin() as session:
        intake = session.scalar(select(Intake).where(Intake.traject_id == traject_id))
        assert (intake.deelnemers, intake.willen_score) == ("Inwoner en werkcoach", 5)


def test_a_new_intake_report_comes_back_as_the_new_report(qtbot, db, make_traject):
    inwoner_id = db.add("Bram", "Tweede")
    traject_id = in_intake(db, inwoner_id)
    drafts = store(db)
    tab = make_traject(inwoner_id)
    first = tab.intake_id
    tab.new_intake_button.click()
    select_data(tab.intake_form.type, IntakeType.BREDE_INTAKE)
    type_text(qtbot, tab.intake_form.texts["deelnemers"], "Inwoner, gemeente en werkcoach")
    draft = wait_for_draft(qtbot, drafts, INTAKE, traject_id)
    assert draft.values["intake_id"] is None

    crash(tab)
    again = make_traject(inwoner_id)
    assert again.intake_id is None
    assert again.intake_combo.currentText() == "Nieuw verslag (nog niet opgeslagen)"
    assert again.intake_form.type.currentData() == IntakeType.BREDE_INTAKE
    deelnemers = again.intake_form.texts["deelnemers"].toPlainText()
    assert deelnemers == "Inwoner, gemeente en werkcoach"
    assert again.drafts.bar.isVisible()

    qtbot.mouseClick(again.drafts.bar.discard_button, Qt.MouseButton.LeftButton)
    assert again.intake_form.texts["deelnemers"].toPlainText() == ""
    assert not again.is_modified()
    assert drafts.load(INTAKE, traject_id) is None
    again.intake_combo.setCurrentIndex(0)  # the stored report is still there
    assert again.intake_id == first


# --- the main window -------------------------------------------------------------------------


def test_after_sign_in_the_drafts_are_listed_and_open_at_their_form(qtbot, db, make_window):
    noor = db.add("Noor", "Herstel")
    iris = db.add("Iris", "Plan")
    plan_id = maak_plan(db, iris, volledig(talenten="Handig"))
    drafts = store(db)
    note = drafts.save(CONTACT_NOTE, noor, inwoner_id=noor, versie=None,
                       values={"samenvatting": "Gebeld", "kanaal": "TELEFOON"})  # fmt: skip
    plan = drafts.save(PLAN, plan_id, inwoner_id=iris, versie=1,
                       values={"teksten": {"talenten": "Uit het concept"}})  # fmt: skip
    store(db, db.coach_id).save(CONTACT_NOTE, iris, inwoner_id=iris, versie=None, values={})

    window = make_window(db, show=False)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: window.drafts_dialog is not None)
    dialog = window.drafts_dialog
    assert not dialog.isModal()
    assert dialog.texts() == [  # newest first; a colleague's draft is not among them
        f"Ontwikkelplan (concept) – Plan, Iris, {format_saved_at(plan.saved_at)}",
        f"Contactnotitie – Herstel, Noor, {format_saved_at(note.saved_at)}",
    ]

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    page = window.current_dossier()
    assert page.inwoner_id == iris
    assert page.tabs.currentWidget() is page.iop
    assert page.iop.editor.texts["talenten"].toPlainText() == "Uit het concept"
    assert page.iop.drafts.bar.isVisible()
    assert dialog.texts() == [f"Contactnotitie – Herstel, Noor, {format_saved_at(note.saved_at)}"]

    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # Enter opens too; the last one closes it
    qtbot.waitUntil(lambda: window.drafts_dialog is None)
    page = window.current_dossier()
    assert page.inwoner_id == noor
    assert page.tabs.currentWidget() is page.journal
    assert page.journal.samenvatting.toPlainText() == "Gebeld"
    assert page.journal.drafts.bar.isVisible()
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("•")  # unsaved


def test_an_intake_draft_opens_at_the_intake_report(qtbot, db, make_window):
    inwoner_id = db.add("Ayşe", "Verslag")
    traject_id = in_intake(db, inwoner_id)
    with db.sessions.begin() as session:
        intake = session.scalar(select(Intake).where(Intake.traject_id == traject_id))
        intake_id, versie = intake.id, intake.versie
    store(db).save(INTAKE, traject_id, inwoner_id=inwoner_id, versie=versie,
                   values={"intake_id": str(intake_id),
                           "velden": {"deelnemers": "Uit het concept"}})  # fmt: skip
    window = make_window(db, show=False)
    dialog = window.offer_drafts()
    assert dialog.texts()[0].startswith("Intakeverslag – Verslag, Ayşe, ")

    dialog.open_selected()
    page = window.current_dossier()
    assert page.tabs.currentWidget() is page.traject
    assert page.traject.parts.currentWidget() is page.traject.intake_page
    assert page.traject.intake_id == intake_id
    assert page.traject.intake_form.texts["deelnemers"].toPlainText() == "Uit het concept"
    assert not page.traject.drafts.bar.isHidden()
    assert page.is_modified()


def test_a_draft_can_be_thrown_away_from_the_list(qtbot, db, make_window, message_boxes):
    inwoner_id = db.add("Joost", "Weg")
    drafts = store(db)
    drafts.save(CONTACT_NOTE, inwoner_id, inwoner_id=inwoner_id, versie=None,
                values={"samenvatting": "Oud"})  # fmt: skip
    window = make_window(db, show=False)
    dialog = window.offer_drafts()
    assert dialog is not None

    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)  # asks; Escape keeps it
    assert message_boxes.texts[-1].startswith("Wilt u deze niet-opgeslagen wijzigingen")
    assert drafts.load(CONTACT_NOTE, inwoner_id) is not None
    message_boxes.answers = ["Weggooien"]
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert drafts.load(CONTACT_NOTE, inwoner_id) is None
    qtbot.waitUntil(lambda: window.drafts_dialog is None)


def test_without_drafts_nothing_is_shown(qtbot, db, make_window):
    window = make_window(db)
    QApplication.processEvents()
    assert window.drafts_dialog is None
    assert window.offer_drafts() is None


def test_closing_a_dossier_with_weggooien_throws_its_drafts_away(
    qtbot, db, make_window, message_boxes
):
    inwoner_id = db.add("Fatima", "Sluiten")
    plan_id = maak_plan(db, inwoner_id, volledig())
    drafts = store(db)
    window = make_window(db)
    page = window.open_dossier(inwoner_id)
    page.show_section("contactjournaal")
    type_text(qtbot, page.journal.samenvatting, "Half getypt")
    page.show_section("ontwikkelplan")
    type_text(qtbot, page.iop.editor.texts["talenten"], " en geduldig")
    wait_for_draft(qtbot, drafts, CONTACT_NOTE, inwoner_id)
    wait_for_draft(qtbot, drafts, PLAN, plan_id)

    index = window.tabs.indexOf(page)
    assert not window.close_tab(index)  # "Terug naar het dossier": everything stays
    assert drafts.load(PLAN, plan_id) is not None
    message_boxes.answers = ["Weggooien"]
    assert window.close_tab(index)
    assert drafts.all() == []
