"""The Schuldhulp section: the open schuldhulptrajecten of a consulent, their team or a
colleague with the next deadline, late ones marked in words, sorting by value, opening the
dossier, who has the section at all, and a new melding found by BSN."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from app.models import (
    AuditActie,
    AuditRecord,
    Bedreiging,
    Medewerker,
    Meldingsbron,
    Meldingswijze,
    Rol,
    Schuldhulptraject,
    Schuldsoort,
    SchuldStatus,
    Uitvalreden,
)
from app.services import schulden, wgs
from app.services import schuldhulp as svc
from app.services.medewerkers import nieuwe_medewerker
from app.services.schuldhulp import MeldingGegevens
from app.ui import signals
from app.ui.schuldhulp_dialogs import MeldingDialog
from app.ui.schuldhulp_view import BsnDialog, SchuldhulpModel
from tests.ui.conftest import PASSWORD, Db, cheap_hashes

DAG = timedelta(days=1)
M = SchuldhulpModel


def melding(db: Db, door: uuid.UUID, inwoner_id: uuid.UUID, datum: date, **extra) -> uuid.UUID:
    """A melding through the service, as consulent `door`, on `datum`."""
    gegevens = MeldingGegevens(melding_datum=datum, bron=Meldingsbron.ZELF,
                               wijze=Meldingswijze.TELEFOON, hulpvraag="Huurachterstand",
                               **extra)  # fmt: skip
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, door)
        traject = svc.registreer_melding(session, actor=actor, inwoner_id=inwoner_id,
                                         gegevens=gegevens)  # fmt: skip
        return traject.id


def melding_met_dagen_over(db: Db, lo: int, hi: int) -> date:
    """A melding date whose eerste-gesprek deadline (Atw included) is `lo`..`hi` days away."""
    today = date.today()
    with db.sessions.begin() as session:
        kalender = svc.kalender(session)
    for back in range(40):
        datum = today - back * DAG
        if lo <= (wgs.eerste_gesprek_uiterlijk(datum, kalender) - today).days <= hi:
            return datum
    raise AssertionError("no melding date found")


def schuld(db: Db, door: uuid.UUID, traject_id: uuid.UUID, eiser: str, bedrag: str) -> None:
    with db.sessions.begin() as session:
        schulden.voeg_schuld_toe(
            session, actor=session.get(Medewerker, door), traject_id=traject_id,
            gegevens=schulden.SchuldGegevens(eiser, Schuldsoort.VERHUURDER,
                                             SchuldStatus.OPGAVE_ONTVANGEN, date.today(),
                                             Decimal(bedrag)),
        )  # fmt: skip


def seed(db: Db) -> dict[str, uuid.UUID]:
    """Carla Schulte (csdv): Kees Bakker (eerste gesprek weeks late), Fatima el Amrani (due
    within 3 days), Bram Visser (9–12 days) and Anna Smit (3+ weeks, two schulden). Her
    colleague Joost Consulent: Noor de Boer with an energy cut-off. All inwoners are on
    testcoach's caseload (another team), as usual for a debt counsellor."""
    with cheap_hashes(), db.sessions.begin() as session:
        beheerder = session.get(Medewerker, db.beheerder_id)
        collega = nieuwe_medewerker(
            session, actor=beheerder, naam="Joost Consulent", gebruikersnaam="jconsulent",
            wachtwoord=PASSWORD, rollen=[Rol.CONSULENT_SDV],
            team_id=db.team_ids["Schulddienstverlening"],
        )  # fmt: skip
        collega_id = collega.id
    today = date.today()
    ids = {
        "kees": db.add("Kees", "Bakker"),
        "fatima": db.add("Fatima", "Amrani", tussenvoegsel="el"),
        "bram": db.add("Bram", "Visser"),
        "anna": db.add("Anna", "Smit"),
        "noor": db.add("Noor", "Boer", tussenvoegsel="de"),
        "los": db.add("Lotte", "Meijer"),  # no trajectory
        "collega": collega_id,
    }
    cs = db.consulent_id
    ids["t_kees"] = melding(db, cs, ids["kees"], today - 60 * DAG)
    ids["t_fatima"] = melding(db, cs, ids["fatima"], melding_met_dagen_over(db, 1, 3))
    ids["t_bram"] = melding(db, cs, ids["bram"], melding_met_dagen_over(db, 9, 12))
    ids["t_anna"] = melding(db, cs, ids["anna"], today - 3 * DAG)
    schuld(db, cs, ids["t_anna"], "Woonlinie", "1250.00")
    schuld(db, cs, ids["t_anna"], "Eneco", "300.50")
    ids["t_noor"] = melding(db, collega_id, ids["noor"], today, bedreiging=Bedreiging.ENERGIE,
                            bedreiging_datum=today)  # fmt: skip
    return ids


@pytest.fixture
def seeded(fresh_db) -> tuple[Db, dict[str, uuid.UUID]]:
    return fresh_db, seed(fresh_db)


def wait_loaded(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=10_000)


def cell(view, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.proxy.data(view.proxy.index(row, column), role)


def names(view) -> list[str]:
    return [cell(view, r, M.INWONER) for r in range(view.proxy.rowCount())]


def row_of(view, naam: str) -> int:
    return names(view).index(naam)


def open_section(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    view = window.schuldhulp
    assert window.tabs.currentWidget() is view
    wait_loaded(qtbot, view)
    return view


def click_header(qtbot, view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))  # fmt: skip


def test_consulent_sees_own_trajectories_most_urgent_first(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db, actor=db.consulent_id)
    view = open_section(qtbot, window)
    assert window.windowTitle() == "Koers — Schuldhulp"
    headers = [view.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    assert headers == ["Inwoner", "BSN", "Fase", "Sinds", "Consulent", "Gemeente", "Schulden",
                       "Volgende termijn", "Uiterlijk", "Dagen over"]  # fmt: skip
    assert view.scope.currentText() == "Mijn trajecten"
    assert names(view) == ["Kees Bakker", "Fatima el Amrani", "Bram Visser", "Anna Smit"]
    assert view.count_label.text() == "4 trajecten: 1 te laat, 1 binnen 3 dagen"

    # Late: "te laat" in words, in dark red on a light tint, in bold.
    kees = row_of(view, "Kees Bakker")
    assert cell(view, kees, M.DAGEN).endswith("(te laat)")
    assert int(cell(view, kees, M.DAGEN).split()[0]) < -20
    assert cell(view, kees, M.TERMIJN) == "Eerste gesprek"
    assert cell(view, kees, M.BSN).startswith("*****")
    assert cell(view, kees, M.FASE) == "Voorzorg / intake"
    assert cell(view, kees, M.CONSULENT) == "Carla Schulte"
    assert cell(view, kees, M.GEMEENTE) == "Gorinchem"
    foreground = cell(view, kees, M.INWONER, Qt.ItemDataRole.ForegroundRole).color()
    assert foreground.red() > 100 and foreground.green() < 60
    assert cell(view, kees, M.DAGEN, Qt.ItemDataRole.FontRole).bold()
    # Within three days: amber, no "te laat".
    fatima = row_of(view, "Fatima el Amrani")
    assert "te laat" not in cell(view, fatima, M.DAGEN)
    amber = cell(view, fatima, M.INWONER, Qt.ItemDataRole.BackgroundRole).color()
    assert amber != cell(view, kees, M.INWONER, Qt.ItemDataRole.BackgroundRole).color()
    # Further away: the normal colours.
    anna = row_of(view, "Anna Smit")
    assert cell(view, anna, M.INWONER, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(view, anna, M.SCHULDEN) == "2 · € 1.550,50"
    assert cell(view, row_of(view, "Bram Visser"), M.SCHULDEN) == "geen"


def test_whole_team_and_a_colleague(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db, actor=db.consulent_id)
    view = open_section(qtbot, window)
    combo = view.scope
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Mijn trajecten", "Hele team", "Joost Consulent",
    ]  # fmt: skip
    assert "Noor de Boer" not in names(view)

    combo.setCurrentIndex(combo.findText("Hele team"))
    wait_loaded(qtbot, view)
    assert sorted(names(view)) == ["Anna Smit", "Bram Visser", "Fatima el Amrani",
                                   "Kees Bakker", "Noor de Boer"]  # fmt: skip
    noor = row_of(view, "Noor de Boer")
    assert cell(view, noor, M.FASE) == "Voorzorg / intake · ⚠ bedreiging"
    assert cell(view, noor, M.CONSULENT) == "Joost Consulent"
    assert "bedreigende situatie" in cell(view, noor, M.FASE, Qt.ItemDataRole.ToolTipRole)

    combo.setCurrentIndex(combo.findText("Joost Consulent"))
    wait_loaded(qtbot, view)
    assert names(view) == ["Noor de Boer"]
    assert view.count_label.text().startswith("1 traject")


def test_sorting_by_days_left_is_numeric(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db, actor=db.consulent_id)
    view = open_section(qtbot, window)
    click_header(qtbot, view, M.DAGEN)
    assert view.table.horizontalHeader().sortIndicatorSection() == M.DAGEN
    days = [int(cell(view, r, M.DAGEN).split()[0]) for r in range(view.proxy.rowCount())]
    assert days == sorted(days)  # -40, 2, 10, 25: not "-40", "10", "2", "25"
    assert len({len(str(abs(d))) for d in days}) > 1  # the values differ in their digits
    click_header(qtbot, view, M.DAGEN)
    days = [int(cell(view, r, M.DAGEN).split()[0]) for r in range(view.proxy.rowCount())]
    assert days == sorted(days, reverse=True)
    # Names sort by name, the amounts of debt by amount.
    click_header(qtbot, view, M.INWONER)
    assert names(view) == ["Anna Smit", "Bram Visser", "Fatima el Amrani", "Kees Bakker"]
    click_header(qtbot, view, M.SCHULDEN)
    assert names(view)[-1] == "Anna Smit"


def test_model_passes_the_model_tester(qtbot, qtmodeltester, make_window, seeded):
    db, _ids = seeded
    window = make_window(db, actor=db.consulent_id)
    view = open_section(qtbot, window)
    model = SchuldhulpModel()
    model.set_rijen(view.rijen, date.today())
    qtmodeltester.check(model)


def test_team_lead_sees_the_team_and_cannot_register(qtbot, make_window, seeded):
    db, _ids = seeded
    window = make_window(db, actor=db.sdv_teamleider_id)
    view = open_section(qtbot, window)
    combo = view.scope
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Hele team", "Carla Schulte", "Joost Consulent",
    ]  # fmt: skip
    assert len(names(view)) == 5
    assert view.melding_button.isHidden()
    assert not view.melding_action.isEnabled()
    assert view.new_melding() is None
    combo.setCurrentIndex(combo.findText("Carla Schulte"))
    wait_loaded(qtbot, view)
    assert names(view)[0] == "Kees Bakker"


@pytest.mark.parametrize("who", ["actor_id", "teamleider_id"])
def test_no_schuldhulp_section_without_debt_rights(make_window, db, who):
    window = make_window(db, actor=getattr(db, who))  # testcoach, tleider (not a debt team)
    assert window.schuldhulp is None
    assert not window.schuldhulp_action.isVisible()
    assert "Schuldhulp" not in [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_nothing_open_says_so(qtbot, make_window, fresh_db):
    window = make_window(fresh_db, actor=fresh_db.consulent_id)
    view = open_section(qtbot, window)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text().startswith("U hebt geen lopende schuldhulptrajecten.")
    assert "Nieuwe melding" in view.empty.text()
    assert view.count_label.text() == ""


def test_double_click_opens_the_dossier_at_schuldhulp(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db, actor=db.consulent_id)
    view = open_section(qtbot, window)
    index = view.proxy.index(row_of(view, "Anna Smit"), M.FASE)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == ids["anna"]
    # The schuldhulp part when the dossier has one, otherwise the dossier's first part.
    expected = dossier.sections.get("schuldhulp", dossier.sections["personalia"])
    assert dossier.tabs.currentWidget() is expected

    # Back on the list, Enter opens the selected one.
    window.show_schuldhulp()
    assert view.current_rij().naam == "Anna Smit"
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.current_dossier().inwoner_id == ids["bram"]


def test_changes_and_f5_refresh_the_list(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db, actor=db.consulent_id)
    view = open_section(qtbot, window)
    assert len(names(view)) == 4
    melding(db, db.consulent_id, ids["los"], date.today())
    window.ctx.changes.notify(signals.SCHULDHULP, ids["los"])
    wait_loaded(qtbot, view)
    assert "Lotte Meijer" in names(view)

    # Closed elsewhere without telling Koers: F5 fetches it.
    with db.sessions.begin() as session:
        svc.meld_uitval(session, actor=session.get(Medewerker, db.consulent_id),
                        traject_id=ids["t_kees"], versie=None, datum=date.today(),
                        reden=Uitvalreden.TERUGGETROKKEN)  # fmt: skip
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F5)
    wait_loaded(qtbot, view)
    assert "Kees Bakker" not in names(view)
    assert view.count_label.text() == "4 trajecten: 1 binnen 3 dagen"


# --- a new melding ------------------------------------------------------------------------


def bsn_dialog(qtbot, window) -> BsnDialog:
    view = open_section(qtbot, window)
    assert view.melding_button.isVisible()
    qtbot.keyClick(view.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, BsnDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_bsn_is_checked_and_an_unknown_one_reported(qtbot, make_window, seeded, message_boxes):
    db, _ids = seeded
    window = make_window(db, actor=db.consulent_id)
    dialog = bsn_dialog(qtbot, window)
    dialog.bsn.setText("12345")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("bsn") == "Een BSN heeft 9 cijfers: '12345' heeft er 5."
    assert dialog.isVisible() and message_boxes.texts == []
    dialog.bsn.setText("123456781")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "elfproef" in dialog.errors.error_text("bsn")

    dialog.bsn.setText("123456782")  # valid, but nobody has it
    message_boxes.answers.append("Annuleren")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts[-1].startswith("Koers kent geen inwoner met BSN 123456782.")
    assert window.new_dialog is None

    # The same, now registering the inwoner first: the BSN is filled in already.
    dialog = bsn_dialog(qtbot, window)
    dialog.bsn.setText("123456782")
    message_boxes.answers.append("Inwoner registreren…")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.new_dialog is not None
    assert window.new_dialog.form.field("bsn").text() == "123456782"


def test_melding_for_an_inwoner_outside_reach(qtbot, make_window, seeded, message_boxes):
    db, ids = seeded
    window = make_window(db, actor=db.consulent_id)
    # Lotte Meijer is on testcoach's caseload: not a dossier Carla may open yet.
    dialog = bsn_dialog(qtbot, window)
    dialog.bsn.setText(db.bsn_of(ids["los"]))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    view = window.schuldhulp
    melding_dialog = view.dialog
    assert isinstance(melding_dialog, MeldingDialog)
    assert "Lotte Meijer" in melding_dialog.windowTitle()
    assert window.current_dossier() is None  # not opened, so not refused either
    qtbot.waitExposed(melding_dialog)
    melding_dialog.bron.setCurrentIndex(1)
    melding_dialog.wijze.setCurrentIndex(1)
    qtbot.mouseClick(melding_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts == []
    # Registered: now within reach, the dossier opens.
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == ids["los"]
    assert dossier.tabs.currentWidget() is dossier.sections.get(
        "schuldhulp", dossier.sections["personalia"]
    )
    with db.sessions.begin() as session:
        traject = session.scalars(
            select(Schuldhulptraject).where(Schuldhulptraject.inwoner_id == ids["los"])
        ).one()
        assert traject.consulent_id == db.consulent_id
        # Looked up for the melding (logged), never refused: the dossier was not tried.
        acties = set(session.scalars(select(AuditRecord.actie).where(
            AuditRecord.inwoner_id == ids["los"], AuditRecord.medewerker_id == db.consulent_id)))  # fmt: skip
        assert AuditActie.GEWEIGERD not in acties and AuditActie.GELEZEN in acties
    window.show_schuldhulp()
    wait_loaded(qtbot, view)
    assert "Lotte Meijer" in names(view)


def test_melding_for_an_inwoner_within_reach_opens_the_dossier(qtbot, make_window, seeded):
    db, ids = seeded
    window = make_window(db, actor=db.consulent_id)
    dialog = bsn_dialog(qtbot, window)
    dialog.bsn.setText(db.bsn_of(ids["anna"]))  # her trajectory brings her within reach
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == ids["anna"]
    assert dossier.tabs.currentWidget() is dossier.sections.get(
        "schuldhulp", dossier.sections["personalia"]
    )
    assert not isinstance(window.schuldhulp.dialog, MeldingDialog)
