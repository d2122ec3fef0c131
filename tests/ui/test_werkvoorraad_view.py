"""The Werkvoorraad section: the start screen, its items most urgent first and marked by more
than colour, the empty state, opening a dossier at the right part, refreshing, and the team
lead looking at a team member's werkvoorraad."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from app.models import Aanmeldbron, Inwoner, Kanaal, Medewerker, Ontwikkelstadium
from app.services import instellingen
from app.services.contactmomenten import ContactGegevens, add_contactmoment
from app.services.normen import Niveau
from app.services.text import format_date
from app.services.trajecten import meld_aan
from app.services.werkvoorraad import WerkItem
from app.ui import signals
from app.ui.werkvoorraad_view import WerkvoorraadModel, format_summary
from tests.services import traject_helpers as h
from tests.ui.conftest import Db, go_to_inwoners

DAG = timedelta(days=1)


def add_contact(db: Db, inwoner_id: uuid.UUID, *, vervolgdatum: date, actie: str) -> None:
    with db.sessions.begin() as session:
        add_contactmoment(
            session, actor=session.get(Medewerker, db.actor_id), inwoner_id=inwoner_id,
            gegevens=ContactGegevens(datum=date.today() - 10 * DAG, kanaal=Kanaal.TELEFOON,
                                     samenvatting="Gebeld", vervolgactie=actie,
                                     vervolgdatum=vervolgdatum),
        )  # fmt: skip


def seed(db: Db) -> dict[str, uuid.UUID]:
    """Three inwoners on testcoach's caseload, each with one item:
    - Łukasz Şahin-Öztürk: werkfit for seven months without outflow (escalation, trajectory);
    - Kees Bakker: a follow-up call two days late (te laat, contact journal);
    - Anna Smit: registered a month ago and no next step since (waarschuwing, trajectory)."""
    today = date.today()
    ids = {
        "lukasz": db.add("Łukasz", "Şahin-Öztürk"),
        "kees": db.add("Kees", "Bakker"),
        "anna": db.add("Anna", "Smit"),
    }
    add_contact(db, ids["kees"], vervolgdatum=today - 2 * DAG, actie="Terugbellen over werkplek")
    with db.sessions.begin() as session:
        coach = session.get(Medewerker, db.actor_id)
        meld_aan(session, actor=coach, inwoner_id=ids["anna"], werkcoach_id=coach.id,
                 aanmeldbron=Aanmeldbron.GEMEENTE_POORT, startdatum=today - 30 * DAG)  # fmt: skip
        traject = h.stadium(session, coach, session.get(Inwoner, ids["lukasz"]),
                            Ontwikkelstadium.KLEINE_AFSTAND)  # fmt: skip
        traject.werkfit_sinds = today - relativedelta(months=7)
    return ids


@pytest.fixture
def seeded(fresh_db) -> tuple[Db, dict[str, uuid.UUID]]:
    return fresh_db, seed(fresh_db)


def wait_loaded(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=10_000)


def rows(view) -> list[list[str]]:
    model = view.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def row_of(view, naam: str) -> int:
    return next(r for r, row in enumerate(rows(view)) if row[1] == naam)


def test_start_screen_lists_the_items_most_urgent_first(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    assert window.tabs.currentWidget() is view
    assert window.windowTitle() == "Koers — Werkvoorraad"
    wait_loaded(qtbot, view)
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Urgentie", "Inwoner", "Wat", "Datum"]
    shown = rows(view)
    assert [row[:2] for row in shown] == [
        ["Escalatie", "Łukasz Şahin-Öztürk"],
        ["Te laat", "Kees Bakker"],
        ["Waarschuwing", "Anna Smit"],
    ]
    assert shown[0][2].startswith("Werkfit sinds")
    assert shown[1][2:] == [
        "Vervolgcontact: Terugbellen over werkplek",
        format_date(date.today() - 2 * DAG),
    ]
    assert shown[2][2] == (
        f"Aangemeld sinds {format_date(date.today() - 30 * DAG)} zonder volgende stap"
    )
    assert view.count_label.text() == "3 punten: 1 escalatie, 1 te laat, 1 waarschuwing"
    assert view.stack.currentWidget() is view.table
    assert view.table.hasFocus()  # keyboard first: arrows and Enter work at once


def test_escalations_and_late_items_stand_out_not_by_colour_only(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    model = view.model

    def role(row, role, column=0):
        return model.data(model.index(row, column), role)

    backgrounds = [role(r, Qt.ItemDataRole.BackgroundRole) for r in range(3)]
    assert backgrounds[0] is not None and backgrounds[1] is not None
    assert backgrounds[0].color() != backgrounds[1].color()
    assert backgrounds[2] is None  # a warning keeps the normal row colours
    for r in (0, 1):
        # Dark text on the light tint, and the level in words, in bold.
        assert role(r, Qt.ItemDataRole.ForegroundRole).color().lightness() < 100
        assert role(r, Qt.ItemDataRole.BackgroundRole).color().lightness() > 200
        font = role(r, Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont) and font.bold()
        assert role(r, Qt.ItemDataRole.BackgroundRole, column=3) is not None  # the whole row
    assert role(2, Qt.ItemDataRole.FontRole) is None


def test_model_passes_the_model_tester(qtbot, qtmodeltester, make_window, seeded):
    db, _ids = seeded
    window = make_window(db)
    wait_loaded(qtbot, window.werkvoorraad)
    model = WerkvoorraadModel()
    model.set_items(window.werkvoorraad.items)
    qtmodeltester.check(model)


def test_summary_counts_each_level():
    def items(*niveaus):
        return [WerkItem(n, "evaluatie", uuid.uuid4(), "X", "", date.today(), "ontwikkelplan")
                for n in niveaus]  # fmt: skip

    n = Niveau
    assert format_summary(items(n.WAARSCHUWING)) == "1 punt: 1 waarschuwing"
    assert format_summary(items(n.DEZE_WEEK, n.ESCALATIE, n.ESCALATIE, n.TE_LAAT, n.TE_LAAT,
                                n.VANDAAG, n.WAARSCHUWING, n.WAARSCHUWING)) == (
        "8 punten: 2 escalaties, 2 te laat, 1 vandaag, 2 waarschuwingen, 1 binnenkort"
    )  # fmt: skip


def test_nothing_to_do_says_so(qtbot, make_window, fresh_db):
    window = make_window(fresh_db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    assert view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text().startswith("Niets dat vandaag aandacht vraagt.")
    assert view.count_label.text() == ""


def test_enter_opens_the_dossier_at_the_contact_journal(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    assert view.current_item().naam == "Łukasz Şahin-Öztürk"  # the most urgent, selected
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_item().naam == "Kees Bakker"
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == ids["kees"]
    assert dossier.tabs.currentWidget() is dossier.journal
    assert window.windowTitle() == "Koers — Kees Bakker"

    # Closing the dossier returns to the werkvoorraad, with the item still selected.
    window.close_current()
    assert window.current_dossier() is None
    assert window.tabs.currentWidget() is view
    assert view.current_item().naam == "Kees Bakker"


def test_double_click_opens_a_trajectory_item_at_the_trajectory(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    row = row_of(view, "Łukasz Şahin-Öztürk")
    index = view.model.index(row, 2)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == ids["lukasz"]
    assert len(window.dossiers()) == 1
    # The trajectory part when the dossier has one, otherwise the dossier's first part.
    expected = dossier.sections.get("traject", dossier.sections["personalia"])
    assert dossier.tabs.currentWidget() is expected


def test_an_item_about_the_plan_opens_the_plan(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db)
    wait_loaded(qtbot, window.werkvoorraad)
    item = window.werkvoorraad.items[0]
    page = window.open_work_item(replace(item, onderdeel="ontwikkelplan"))
    assert page is window.current_dossier()
    assert page.tabs.currentWidget() is page.iop
    # Already open: the same tab comes to the front, at the part asked for.
    window.show_werkvoorraad()
    assert window.open_work_item(replace(item, onderdeel="contactjournaal")) is page
    assert page.tabs.currentWidget() is page.journal
    assert len(window.dossiers()) == 1


def test_changes_and_f5_refresh_the_list(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    assert view.model.rowCount() == 3

    # A contact made elsewhere in Koers: the change signal reloads the list.
    add_contact(db, ids["anna"], vervolgdatum=date.today(), actie="Intake plannen")
    window.ctx.changes.notify(signals.CONTACTMOMENT, ids["anna"])
    wait_loaded(qtbot, view)
    assert [row[0] for row in rows(view)] == ["Escalatie", "Te laat", "Vandaag", "Waarschuwing"]
    assert view.count_label.text() == (
        "4 punten: 1 escalatie, 1 te laat, 1 vandaag, 1 waarschuwing"
    )

    # A change Koers was not told about (another computer): F5 fetches it.
    add_contact(db, ids["lukasz"], vervolgdatum=date.today() + 3 * DAG, actie="Vacature sturen")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F5)
    wait_loaded(qtbot, view)
    assert rows(view)[-1][:2] == ["Binnenkort", "Łukasz Şahin-Öztürk"]
    assert view.count_label.text().startswith("5 punten:")
    assert view.count_label.text().endswith("1 binnenkort")


def test_new_norms_apply_at_once(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    with db.sessions.begin() as session:
        beheerder = session.get(Medewerker, db.beheerder_id)
        instellingen.zet_instelling(session, actor=beheerder, sleutel=instellingen.VOLGENDE_STAP,
                                    waarde=60)  # fmt: skip
    window.ctx.changes.notify(signals.INSTELLINGEN, None)
    wait_loaded(qtbot, view)
    assert "Anna Smit" not in [row[1] for row in rows(view)]  # 30 days is no longer too long


def test_a_hidden_list_reloads_when_shown(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db)
    view = window.werkvoorraad
    wait_loaded(qtbot, view)
    go_to_inwoners(qtbot, window)
    add_contact(db, ids["anna"], vervolgdatum=date.today(), actie="Intake plannen")
    window.ctx.changes.notify(signals.CONTACTMOMENT, ids["anna"])
    assert not view.is_loading()  # nothing loads while nobody looks
    assert view.model.rowCount() == 3
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is view
    assert window.windowTitle() == "Koers — Werkvoorraad"
    wait_loaded(qtbot, view)
    assert view.model.rowCount() == 4
    assert view.table.hasFocus()


def test_team_lead_views_a_team_members_werkvoorraad(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db, actor=db.teamleider_id)
    view = window.werkvoorraad
    combo = view.medewerker
    assert combo is not None
    # Themselves, then the own team by name (not Bram Visser of Team Buren, not the beheerder).
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Mijn werkvoorraad", "Arie Manager", "Jolanda de Vries", "Test Coach",
    ]  # fmt: skip
    wait_loaded(qtbot, view)
    # Their own: the team's escalations.
    assert [row[:2] for row in rows(view)] == [["Escalatie", "Łukasz Şahin-Öztürk"]]

    combo.setFocus()
    combo.setCurrentIndex(combo.findText("Test Coach"))
    wait_loaded(qtbot, view)
    assert [row[1] for row in rows(view)] == ["Łukasz Şahin-Öztürk", "Kees Bakker", "Anna Smit"]
    assert view.count_label.text().startswith("3 punten")

    combo.setCurrentIndex(combo.findText("Jolanda de Vries"))
    wait_loaded(qtbot, view)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text().startswith("Niets dat vandaag aandacht vraagt bij Jolanda de Vries.")
    # A team lead opens a team member's item like their own.
    combo.setCurrentIndex(combo.findText("Test Coach"))
    wait_loaded(qtbot, view)
    view.table.activated.emit(view.model.index(row_of(view, "Kees Bakker"), 0))
    dossier = window.current_dossier()
    assert dossier is not None and dossier.naam == "Kees Bakker"


def test_a_coach_has_no_choice_of_medewerker(qtbot, make_window, db):
    window = make_window(db)
    assert window.werkvoorraad.medewerker is None


def test_klantmanager_starts_on_the_list(qtbot, make_window, db):
    window = make_window(db, actor=db.klantmanager_id)
    assert window.werkvoorraad is None
    assert not window.werkvoorraad_action.isVisible()
    assert window.tabs.currentWidget() is window.inwoners
    assert window.windowTitle() == "Koers — Inwoners"
    assert window.inwoners.search.hasFocus()
