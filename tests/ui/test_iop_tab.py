"""The Ontwikkelplan tab: empty state, editing goals, vaststellen, versions, evaluations,
differences, printing, work level and what a read-only role sees."""

from __future__ import annotations

import shutil
import subprocess
import threading
import uuid
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton
from sqlalchemy import select

from app.models import (
    DoelStatus,
    Intensiteit,
    Medewerker,
    Ontwikkelplan,
    Partij,
    PlanStatus,
    PlanType,
    Setting,
    WerkniveauMeting,
)
from app.services import ontwikkelplannen as svc
from app.services.text import format_date
from app.ui import files, iop_tab, signals
from app.ui.conflict import ConflictDialog
from app.ui.context import UiContext
from app.ui.iop_tab import IopTab
from app.ui.operations import Operations
from app.ui.signals import ChangeBus

TODAY = date.today()


def make_ctx(db, actor_id: uuid.UUID | None = None) -> UiContext:
    actor_id = actor_id or db.actor_id
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, actor_id)
        naam, gebruikersnaam, rollen = actor.naam, actor.gebruikersnaam, actor.rollen
    return UiContext(
        sessions=db.sessions,
        actor_id=actor_id,
        actor_naam=naam,
        actor_gebruikersnaam=gebruikersnaam,
        database_label="test.db",
        changes=ChangeBus(),
        operations=Operations(db.sessions, actor_id),
        actor_rollen=rollen,
    )


@pytest.fixture
def open_tab(qtbot, db):
    """Build and show an IOP tab for an inwoner (as testcoach unless told otherwise)."""

    def make(inwoner_id: uuid.UUID, *, actor: uuid.UUID | None = None) -> IopTab:
        ctx = make_ctx(db, actor)
        tab = IopTab(ctx, inwoner_id)
        ctx.operations.setParent(tab)
        ctx.changes.setParent(tab)
        tab.resize(1300, 900)
        qtbot.addWidget(tab)
        with qtbot.waitExposed(tab):
            tab.show()
        assert tab.loaded
        return tab

    yield make
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()


def volledig(**overrides) -> svc.PlanGegevens:
    values = {
        "periode_van": TODAY,
        "talenten": "Handig met gereedschap",
        "ontwikkelpotentieel": "Kan doorgroeien naar regulier werk",
        "werkniveau_start": 2,
        "werkniveau_doel": 3,
        "doelen": [
            svc.DoelGegevens("Op tijd beginnen", "Werkhouding", "Leerwerkplek", "Jobcoach",
                             TODAY + relativedelta(months=6)),
            svc.DoelGegevens("Praktijkverklaring groen halen", "Vakvaardigheid", "Groen",
                             "Praktijkbegeleider", TODAY + relativedelta(months=12)),
        ],
        "afspraken": [svc.AfspraakGegevens("Meldt zich af bij ziekte", Partij.INWONER, True)],
        "regime": svc.RegimeGegevens("Jobcoach", Intensiteit.HOOGFREQUENT, "1 keer per week",
                                     Setting.INTERN),
    }  # fmt: skip
    values.update(overrides)
    return svc.PlanGegevens(**values)


def maak_plan(db, inwoner_id, gegevens=None, *, vastgesteld_op: date | None = None) -> uuid.UUID:
    """A plan made through the services: a concept, or vastgesteld on `vastgesteld_op`."""
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        plan = svc.nieuw_plan(session, actor=actor, inwoner_id=inwoner_id, type=PlanType.IOP,
                              today=vastgesteld_op)  # fmt: skip
        if gegevens is not None:
            plan = svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                                      gegevens=gegevens)  # fmt: skip
        if vastgesteld_op is not None:
            svc.vaststellen(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                            ondertekend_inwoner_op=vastgesteld_op,
                            ondertekend_coach_op=vastgesteld_op, today=vastgesteld_op)  # fmt: skip
        return plan.id


def plannen(db, inwoner_id) -> list[Ontwikkelplan]:
    with db.sessions.begin() as session:
        rows = list(session.scalars(select(Ontwikkelplan).where(
            Ontwikkelplan.inwoner_id == inwoner_id).order_by(Ontwikkelplan.planversie)))  # fmt: skip
        for plan in rows:
            _ = [plan.doelen, plan.afspraken, plan.regime, plan.evaluaties]
        session.expunge_all()
        return rows


def cell_editor(table):
    """The editor of the cell being edited (typed into like a user would)."""
    editor = table.indexWidget(table.currentIndex())
    assert editor is not None, "no cell is being edited"
    return editor


def type_goal(qtbot, table, text: str) -> None:
    """Ins in the goals table, type the goal, Enter."""
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    editor = cell_editor(table)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes the editor queued


def ctrl_s(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


# --- tests -----------------------------------------------------------------------------------


def test_empty_state_then_new_plan(qtbot, db, open_tab):
    inwoner_id = db.add("Anna", "Leeg")
    tab = open_tab(inwoner_id)
    assert tab.stack.currentWidget() is tab.empty_page
    assert tab.empty_label.text() == (
        "Nog geen ontwikkelplan. Kies Nieuw plan… om het eerste te maken."
    )
    assert tab.empty_button.isVisible() and tab.empty_button.isEnabled()

    dialog = tab.new_plan()
    assert dialog.type.currentText() == "Individueel ontwikkelplan (IOP)"
    with qtbot.waitSignal(tab._ctx.changes.changed) as changed:
        dialog.ok_button.click()
    assert changed.args == [signals.ONTWIKKELPLAN, inwoner_id]

    assert tab.stack.currentWidget() is tab.plan_page
    assert tab.history_model.rowCount() == 1
    assert tab.history_model.text(0, 2) == "Concept"
    assert not tab.editor.read_only
    assert "Nog nodig om vast te stellen: het ontwikkelpotentieel" in tab.banner.text()
    [plan] = plannen(db, inwoner_id)
    assert plan.status == PlanStatus.CONCEPT and plan.type == PlanType.IOP
    # Of this type there is now an open plan, so the dialog no longer offers it.
    again = tab.new_plan()
    offered = [PlanType(again.type.itemData(i)) for i in range(again.type.count())]
    assert offered == [PlanType.POP, PlanType.COACHINGSPLAN, PlanType.PLAN_VAN_AANPAK]
    again.reject()


def test_goals_add_move_remove_and_save_keeps_order(qtbot, db, open_tab):
    inwoner_id = db.add("Bert", "Doelen")
    maak_plan(db, inwoner_id)
    tab = open_tab(inwoner_id)
    table = tab.editor.doelen.table
    table.setFocus()

    for text in ("Doel A", "Doel B", "Doel C"):
        type_goal(qtbot, table, text)
    model = tab.editor.doelen_model
    assert [row["omschrijving"] for row in model.rows()] == ["Doel A", "Doel B", "Doel C"]
    assert tab.save_button.isEnabled()
    assert tab.status_label.text() == "Niet-opgeslagen wijzigingen."

    # C is current: Alt+Up moves it above B.
    assert tab.editor.doelen.current_row() == 2
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [row["omschrijving"] for row in model.rows()] == ["Doel A", "Doel C", "Doel B"]
    assert tab.editor.doelen.current_row() == 1
    # Remove A with Del, and give C a target date and status through its cells.
    tab.editor.doelen.set_current_row(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [row["omschrijving"] for row in model.rows()] == ["Doel C", "Doel B"]
    model.setData(model.index(0, 4), "01-03-2027")
    model.setData(model.index(0, 5), DoelStatus.BEZIG.value)

    ctrl_s(qtbot, table)
    assert tab.status_label.text() == "Opgeslagen."
    assert not tab.save_button.isEnabled()
    [plan] = plannen(db, inwoner_id)
    assert [d.omschrijving for d in plan.doelen] == ["Doel C", "Doel B"]
    assert plan.doelen[0].streefdatum == date(2027, 3, 1)
    assert plan.doelen[0].status == DoelStatus.BEZIG
    assert [d.volgorde for d in plan.doelen] == [1, 2]
    # Reloaded from the database in the same order.
    assert [row["omschrijving"] for row in model.rows()] == ["Doel C", "Doel B"]


def test_row_errors_are_shown_on_the_rows(qtbot, db, open_tab):
    inwoner_id = db.add("Cor", "Fouten")
    maak_plan(db, inwoner_id)
    tab = open_tab(inwoner_id)
    editor = tab.editor.doelen
    editor.add_button.click()
    editor.commit_editing()
    editor.add_button.click()
    editor.commit_editing()
    model = tab.editor.doelen_model
    model.setData(model.index(0, 0), "Zelfstandig reizen")
    model.setData(model.index(0, 4), "31-02-2027")  # no such date
    assert model.row_error(0) == (
        "Doel 1: '31-02-2027' is geen geldige streefdatum; schrijf dd-mm-jjjj."
    )
    assert not tab.save()
    assert editor.errors_label.text() == (
        "Doel 1: '31-02-2027' is geen geldige streefdatum; schrijf dd-mm-jjjj."
    )
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None

    model.setData(model.index(0, 4), "28-02-2027")
    assert not tab.save()  # the second goal has no description: the service says so
    assert model.row_error(1) == "Doel 2: beschrijf het doel."
    assert model.row_error(0) == ""
    assert editor.errors_label.text() == "Doel 2: beschrijf het doel."
    assert tab.status_label.text() == (
        "Niet opgeslagen: verbeter eerst wat rood gemarkeerd is (1 melding)."
    )
    assert plannen(db, inwoner_id)[0].doelen == []


def test_vaststellen_refused_with_the_missing_list_then_accepted(
    qtbot, db, open_tab, message_boxes
):
    inwoner_id = db.add("Dirk", "Vast")
    plan_id = maak_plan(db, inwoner_id)
    tab = open_tab(inwoner_id)

    assert tab.vaststellen() is None
    title, text = message_boxes.shown[-1]
    assert title == "Nog niet compleet"
    assert text == (
        "IOP versie 1 kan nog niet worden vastgesteld. Vul eerst in:\n\n"
        "• het ontwikkelpotentieel\n• minstens één ontwikkeldoel met een streefdatum\n"
        "• de ontwikkelafspraken\n• het begeleidingsregime"
    )

    # Complete the plan in the editor; Vaststellen saves what is typed first.
    editor = tab.editor
    editor.texts["ontwikkelpotentieel"].setPlainText("Kan doorgroeien naar een garantiebaan")
    editor.doelen.add_button.click()
    editor.doelen.commit_editing()
    editor.doelen_model.setData(editor.doelen_model.index(0, 0), "Op tijd komen")
    editor.doelen_model.setData(editor.doelen_model.index(0, 4), "01-06-2027")
    editor.afspraken.add_button.click()
    editor.afspraken.commit_editing()
    editor.afspraken_model.setData(editor.afspraken_model.index(0, 0), "Komt naar gesprekken")
    editor.afspraken_model.setData(
        editor.afspraken_model.index(0, 2), Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )  # fmt: skip
    editor.begeleider.setText("Jobcoach")
    editor.intensiteit.setCurrentIndex(2)
    editor.contactfrequentie.setText("1 keer per maand")
    editor.setting.setCurrentIndex(1)
    assert tab.is_modified()

    dialog = tab.vaststellen()
    assert dialog is not None
    assert plannen(db, inwoner_id)[0].afspraken[0].verplichting  # saved first
    assert not dialog.ok_button.isEnabled()  # not before the confirmation
    dialog.inwoner.setDate(TODAY - relativedelta(days=2))
    dialog.coach.setDate(TODAY - relativedelta(days=1))
    dialog.bevestig.setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()

    [plan] = plannen(db, inwoner_id)
    assert plan.id == plan_id and plan.status == PlanStatus.VASTGESTELD
    assert plan.ondertekend_inwoner_op == TODAY - relativedelta(days=2)
    assert plan.ondertekend_coach_op == TODAY - relativedelta(days=1)
    # Shown read-only, with a clear banner, and without the editing actions.
    assert tab.detail.status == PlanStatus.VASTGESTELD
    assert tab.editor.read_only
    assert tab.editor.texts["talenten"].isReadOnly()
    assert not tab.editor.intensiteit.isEnabled()
    assert (
        tab.editor.doelen_model.flags(tab.editor.doelen_model.index(0, 0))
        & (Qt.ItemFlag.ItemIsEditable)
        == Qt.ItemFlag.NoItemFlags
    )
    assert not tab.editor.doelen.button_box.isVisibleTo(tab)
    assert "Dit plan is alleen-lezen" in tab.banner.text()
    assert not tab.save_button.isVisibleTo(tab)
    assert not tab.vaststellen_button.isVisibleTo(tab)
    assert tab.versie_button.isVisibleTo(tab) and tab.evaluatie_button.isVisibleTo(tab)
    assert tab.history_model.text(0, 3) == format_date(TODAY)
    volgende = TODAY + relativedelta(months=6)
    assert tab.evaluatie_label.text() == f"Volgende evaluatie: {format_date(volgende)}"


def test_new_version_is_an_editable_copy(qtbot, db, open_tab):
    inwoner_id = db.add("Eva", "Versie")
    eerste = maak_plan(db, inwoner_id, volledig(), vastgesteld_op=TODAY)
    tab = open_tab(inwoner_id)
    assert tab.detail.id == eerste and tab.editor.read_only

    kopie = tab.nieuwe_versie()
    assert kopie is not None and tab.detail.id == kopie
    assert tab.detail.status == PlanStatus.CONCEPT and tab.detail.planversie == 2
    assert not tab.editor.read_only
    assert [row["omschrijving"] for row in tab.editor.doelen_model.rows()] == [
        "Op tijd beginnen", "Praktijkverklaring groen halen"]  # fmt: skip
    assert [tab.history_model.text(r, 1) for r in range(2)] == ["2", "1"]  # newest first
    assert [tab.history_model.text(r, 2) for r in range(2)] == ["Concept", "Vastgesteld"]
    assert "IOP versie 1 (vastgesteld op" in tab.banner.text()
    assert "blijft geldig tot deze versie is vastgesteld" in tab.banner.text()
    assert tab.status_label.text().startswith("Versie 2 is gemaakt als concept")
    oud, nieuw = plannen(db, inwoner_id)
    assert oud.status == PlanStatus.VASTGESTELD and nieuw.vorige_id == oud.id

    # Back to version 1 in the history: read-only again; "Nieuwe versie" is not possible
    # while the concept exists.
    tab.history.selectRow(1)
    assert tab.detail.id == eerste and tab.editor.read_only
    assert not tab.versie_button.isEnabled()
    assert "al een concept" in tab.versie_button.toolTip()


def test_evaluation_is_added_and_moves_the_next_date(qtbot, db, open_tab):
    inwoner_id = db.add("Fien", "Evaluatie")
    vastgesteld = TODAY - relativedelta(months=8)
    maak_plan(db, inwoner_id, volledig(periode_van=vastgesteld), vastgesteld_op=vastgesteld)
    tab = open_tab(inwoner_id)
    overdue = vastgesteld + relativedelta(months=6)
    assert tab.evaluatie_overdue
    assert tab.evaluatie_label.text().startswith(
        f"Evaluatie te laat: gepland op {format_date(overdue)}"
    )
    assert "#b3261e" in tab.evaluatie_label.styleSheet()  # red
    assert tab.evaluaties_empty.isVisibleTo(tab)

    dialog = tab.evaluatie_toevoegen()
    volgende = TODAY + relativedelta(months=6)
    assert dialog.volgende.text() == (
        f"De volgende evaluatie wordt dan gepland op {format_date(volgende)}."
    )
    dialog.ok_button.click()  # without the conclusion: refused at the field
    assert dialog.isVisible()
    assert dialog.errors.error_text("begeleidingsnoodzaak").startswith("Elke evaluatie")
    dialog.noodzaak.setPlainText("Begeleiding kan lichter: eens per maand")
    dialog.bijgesteld.setChecked(True)
    dialog.ok_button.click()

    assert not tab.evaluatie_overdue
    assert tab.evaluatie_label.text() == f"Volgende evaluatie: {format_date(volgende)}"
    assert tab.evaluatie_label.styleSheet() == ""
    assert tab.evaluaties_model.rowCount() == 1
    assert tab.evaluaties_model.text(0, 2) == "Begeleiding kan lichter: eens per maand"
    assert tab.evaluaties_model.text(0, 3) == "ja"
    [plan] = plannen(db, inwoner_id)
    assert plan.volgende_evaluatie == volgende and len(plan.evaluaties) == 1


def test_diff_dialog_shows_a_changed_field(qtbot, db, open_tab):
    inwoner_id = db.add("Gijs", "Verschil")
    maak_plan(db, inwoner_id, volledig(), vastgesteld_op=TODAY)
    tab = open_tab(inwoner_id)
    assert not tab.vergelijk_button.isEnabled()  # the first version
    tab.nieuwe_versie()
    tab.editor.texts["ontwikkelpotentieel"].setPlainText("Kan binnen een jaar uitstromen")
    ctrl_s(qtbot, tab.editor.texts["ontwikkelpotentieel"])
    assert tab.status_label.text() == "Opgeslagen."

    assert tab.vergelijk_button.isEnabled()
    dialog = tab.vergelijk()
    rows = dialog.rows()
    assert ("Ontwikkelpotentieel", "Kan doorgroeien naar regulier werk",
            "Kan binnen een jaar uitstromen") in rows  # fmt: skip
    assert dialog.table.horizontalHeaderItem(1).text() == "Was (IOP versie 1, vastgesteld)"
    assert dialog.table.horizontalHeaderItem(2).text() == "Wordt (IOP versie 2, concept)"
    dialog.reject()


def test_printing_writes_a_pdf_with_the_name(qtbot, db, open_tab, message_boxes, monkeypatch,
                                              tmp_path):  # fmt: skip
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    inwoner_id = db.add("Łukasz", "Şahin-Öztürk")
    maak_plan(db, inwoner_id, volledig(), vastgesteld_op=TODAY)
    tab = open_tab(inwoner_id)
    suggested = []

    def choose(parent, title, suggestion, filter_text):
        suggested.append(suggestion.name)
        return tmp_path / "plan"  # without .pdf: the tab adds it

    opened = []
    monkeypatch.setattr(files, "choose_save_file", choose)
    monkeypatch.setattr(iop_tab.QDesktopServices, "openUrl", lambda url: opened.append(url))
    message_boxes.answers = ["Openen"]

    token = tab.afdrukken()
    assert token is not None
    qtbot.waitUntil(lambda: tab.last_print is not None, timeout=15_000)
    target = tmp_path / "plan.pdf"
    assert tab.last_print == target
    assert suggested == [tab.detail.bestandsnaam]
    assert suggested[0].startswith("IOP-sahin-ozturk-lukasz-") and suggested[0].endswith("-v1.pdf")
    assert message_boxes.shown[-1][0] == "Plan afgedrukt"
    assert [url.toLocalFile() for url in opened] == [str(target)]
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Łukasz Şahin-Öztürk" in text
    assert "Praktijkverklaring groen halen" in " ".join(text.split())


def test_cancelled_printing_writes_nothing(qtbot, db, open_tab, monkeypatch, tmp_path):
    inwoner_id = db.add("Olga", "Annuleren")
    maak_plan(db, inwoner_id, volledig())
    tab = open_tab(inwoner_id)
    release = threading.Event()

    def slow_print(session, **kwargs):
        release.wait(10)
        return b"%PDF-1.4 niet af"

    monkeypatch.setattr(iop_tab, "print_plan", slow_print)
    monkeypatch.setattr(files, "choose_save_file", lambda *args: tmp_path / "plan.pdf")
    token = tab.afdrukken()
    ops = tab._ctx.operations
    qtbot.waitUntil(lambda: ops.progress_dialog(token) is not None, timeout=5000)
    [cancel] = ops.progress_dialog(token).findChildren(QPushButton)
    cancel.click()
    release.set()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)  # the (dropped) result would arrive now
    assert list(tmp_path.iterdir()) == []
    assert tab.last_print is None
    assert tab.print_button.isEnabled()


def test_read_only_role_sees_no_edit_buttons(qtbot, db, open_tab):
    inwoner_id = db.add("Hans", "Lezen")
    maak_plan(db, inwoner_id, volledig())
    tab = open_tab(inwoner_id, actor=db.accountmanager_id)
    assert not tab.may_edit
    assert tab.detail is not None and tab.detail.status == PlanStatus.CONCEPT
    for button in (tab.new_button, tab.save_button, tab.undo_button, tab.vaststellen_button,
                   tab.versie_button, tab.evaluatie_button, tab.afsluiten_button,
                   tab.meet_button, tab.empty_button):  # fmt: skip
        assert not button.isVisibleTo(tab), button.text()
    assert tab.print_button.isVisibleTo(tab) and tab.print_button.isEnabled()
    assert tab.vergelijk_button.isVisibleTo(tab)
    assert tab.editor.read_only
    assert not tab.editor.doelen.button_box.isVisibleTo(tab)
    assert tab.banner.text() == "Concept — nog niet vastgesteld."
    # Ctrl+S and the action methods do nothing.
    assert tab.vaststellen() is None and tab.new_plan() is None
    assert tab.meet_werkniveau() is None

    leeg = db.add("Ina", "Zonderplan")
    empty = open_tab(leeg, actor=db.accountmanager_id)
    assert empty.empty_label.text() == "Nog geen ontwikkelplan."


def test_werkniveau_measurement(qtbot, db, open_tab):
    inwoner_id = db.add("Joop", "Niveau")
    tab = open_tab(inwoner_id)
    assert tab.metingen_empty.isVisibleTo(tab)
    dialog = tab.meet_werkniveau()
    dialog.ok_button.click()
    assert dialog.errors.error_text("niveau") == "Kies een werkniveau van de schaal."
    assert dialog.errors.error_text("bewijs_omschrijving").startswith("Beschrijf het bewijs")
    dialog.select(3, svc.Bewijs.PRAKTIJKVERKLARING)
    dialog.nulmeting.setChecked(True)
    dialog.omschrijving.setPlainText("Praktijkverklaring schoonmaak")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.metingen_model.rowCount() == 1
    assert tab.metingen_model.text(0, 1) == "3 – nulmeting"
    assert tab.metingen_model.text(0, 2) == "Praktijkverklaring"
    with db.sessions.begin() as session:
        meting = session.scalar(
            select(WerkniveauMeting).where(WerkniveauMeting.inwoner_id == inwoner_id)
        )
        assert meting.niveau == 3 and meting.is_baseline
    # A second measurement cannot be another baseline.
    assert not tab.meet_werkniveau().nulmeting.isEnabled()
    tab.last_dialog.reject()


def test_afsluiten_with_a_reason(qtbot, db, open_tab):
    inwoner_id = db.add("Karel", "Afsluiten")
    maak_plan(db, inwoner_id, volledig(), vastgesteld_op=TODAY)
    tab = open_tab(inwoner_id)
    dialog = tab.afsluiten()
    dialog.ok_button.click()
    assert dialog.errors.error_text("afsluitreden") == "Geef aan waarom het plan wordt afgesloten."
    dialog.reden_edit.setPlainText("Uitgestroomd naar regulier werk")
    dialog.ok_button.click()
    assert tab.detail.status == PlanStatus.AFGESLOTEN
    assert tab.banner.text() == (
        f"Afgesloten op {format_date(TODAY)}: Uitgestroomd naar regulier werk. "
        "Dit plan is alleen-lezen."
    )
    assert not tab.afsluiten_button.isVisibleTo(tab)
    assert not tab.evaluatie_label.isVisibleTo(tab)
    assert tab.new_button.isEnabled()  # a new IOP may be made now


def colleague_saves_first(db, tab, plan_id, **changes) -> None:
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.coach_id)
        plan = session.get(Ontwikkelplan, plan_id)
        svc.wijzig_concept(session, actor=actor, plan_id=plan_id, versie=plan.versie,
                           gegevens=volledig(**changes))  # fmt: skip


def test_conflict_shows_the_colleagues_change_and_puts_mine_back(qtbot, db, open_tab,
                                                                 monkeypatch):  # fmt: skip
    inwoner_id = db.add("Lies", "Conflict")
    plan_id = maak_plan(db, inwoner_id, volledig())
    tab = open_tab(inwoner_id)
    tab.editor.texts["talenten"].setPlainText("Mijn versie")
    tab.editor.texts["drijfveren"].setPlainText("Mijn drijfveren")
    colleague_saves_first(db, tab, plan_id, talenten="Andermans versie",
                          bedreigingen="Andermans bedreigingen")  # fmt: skip
    seen = []

    def choose(dialog):
        seen.append([[dialog.table.item(r, c).text() for c in range(4)]
                     for r in range(dialog.table.rowCount())])  # fmt: skip
        dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # keep theirs
        dialog.toepassen.click()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    assert not tab.save()
    assert seen == [[
        ["Talenten", volledig().talenten, "Andermans versie", "Mijn versie"],
        ["Drijfveren", "(leeg)", "(leeg)", "Mijn drijfveren"],
        ["Bedreigingen", "(leeg)", "Andermans bedreigingen", "–"],
    ]]  # fmt: skip
    texts = tab.editor.texts
    assert texts["talenten"].toPlainText() == "Andermans versie"
    assert texts["drijfveren"].toPlainText() == "Mijn drijfveren"
    assert texts["bedreigingen"].toPlainText() == "Andermans bedreigingen"
    assert tab.is_modified()
    assert tab.save()
    with db.sessions.begin() as session:
        plan = session.get(Ontwikkelplan, plan_id)
        assert (plan.talenten, plan.drijfveren, plan.bedreigingen) == (
            "Andermans versie", "Mijn drijfveren", "Andermans bedreigingen",
        )  # fmt: skip


def test_conflict_can_drop_my_changes(qtbot, db, open_tab, monkeypatch):
    inwoner_id = db.add("Lies", "Vervallen")
    plan_id = maak_plan(db, inwoner_id, volledig())
    tab = open_tab(inwoner_id)
    tab.editor.texts["talenten"].setPlainText("Mijn versie")
    colleague_saves_first(db, tab, plan_id, talenten="Andermans versie")
    monkeypatch.setattr(ConflictDialog, "exec",
                        lambda d: d.vervallen.click() or d.result())  # fmt: skip
    assert not tab.save()
    assert tab.editor.texts["talenten"].toPlainText() == "Andermans versie"
    assert not tab.is_modified()


def test_selecting_another_version_asks_before_discarding(qtbot, db, open_tab, message_boxes):
    inwoner_id = db.add("Mark", "Wissel")
    eerste = maak_plan(db, inwoner_id, volledig(), vastgesteld_op=TODAY)
    tab = open_tab(inwoner_id)
    tab.nieuwe_versie()
    with qtbot.waitSignal(tab.modified_changed):
        tab.editor.texts["drijfveren"].setPlainText("Nog niet opgeslagen")
    message_boxes.answers = ["Terug naar het plan"]
    tab.history.selectRow(1)
    assert tab.detail.planversie == 2 and tab.is_modified()
    assert tab.history.currentIndex().row() == 0
    message_boxes.answers = ["Weggooien"]
    tab.history.selectRow(1)
    assert tab.detail.id == eerste and not tab.is_modified()


def test_ctrl_s_saves_the_plan_inside_a_window_with_its_own_ctrl_s(qtbot, db, open_tab):
    """In the main window Ctrl+S is a window shortcut; with the focus in the IOP tab it must
    save the plan (and not be ambiguous)."""
    inwoner_id = db.add("Nina", "Sneltoets")
    maak_plan(db, inwoner_id, volledig())
    ctx = make_ctx(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    window_saves = []
    action = QAction("Opslaan", window)
    action.setShortcut(QKeySequence.StandardKey.Save)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: window_saves.append(True))
    window.addAction(action)
    tab = IopTab(ctx, inwoner_id)
    window.setCentralWidget(tab)
    window.resize(1300, 900)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    for widget in (tab.editor.texts["talenten"], tab.editor.setting):
        widget.setFocus()
        if widget is tab.editor.setting:
            widget.setCurrentIndex(3)
        else:
            widget.setPlainText("Via Ctrl+S")
        assert tab.is_modified()
        ctrl_s(qtbot, widget)
        assert not tab.is_modified(), widget
    assert window_saves == []
    [plan] = plannen(db, inwoner_id)
    assert plan.talenten == "Via Ctrl+S" and plan.regime.setting == list(Setting)[2]
