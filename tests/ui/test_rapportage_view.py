"""The Rapportages section: who has it, the caseload overview showing exactly what
`caseload()` computes (overload marked in words), the click-through to exactly the inwoners of
`caseload_inwoners()` and on to their dossier, the KPIs showing the values of `kpis()` (the
figures the PDF and Excel report print), the KPI filters (the table and the list behind a
figure exactly those of `kpis()` and `inwoners_achter()` with the same `Filter`), a period that
is not one, the debt figures only for who may see them, and the models under the model tester.

The data (module-wide): testcoach has 13 inwoners with beschut werk (one over the norm of 12),
Iris in intake without an IOP, and Sanne, whose melding schuldhulp (consulent Carla Schulte)
is weeks past its eerste gesprek; three of the beschut werkers have a vastgesteld IOP.
Jolanda de Vries has Evi in development with an overdue evaluation and Karel with SW."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from sqlalchemy import select

from app.models import Inwoner, InwonerLabel, Label, Medewerker, Ontwikkelplan
from app.services.caseload import Niveau, caseload, caseload_inwoners
from app.services.kpi import BANDEN, Dimensie, Filter, inwoners_achter, kpis
from app.services.periodes import periode
from app.services.text import mask_bsn
from app.ui import signals
from app.ui.rapportage_kpi import KpiModel, UitsplitsingModel
from app.ui.rapportage_view import CaseloadModel, InwonersDialog
from tests.conftest import TODAY
from tests.services import schuldhulp_helpers as sh
from tests.services import traject_helpers as h
from tests.services.iop_helpers import concept, vaststellen
from tests.ui.conftest import Db

DAG = timedelta(days=1)
PERIODE = "2026-T3"
K = KpiModel


@pytest.fixture(scope="module")
def seeded(db: Db) -> dict[str, object]:
    ids: dict[str, object] = {
        "bsw": [db.add(f"Bas{i:02d}", "Beschut") for i in range(1, 14)],
        "iris": db.add("Iris", "Intake"),
        "sanne": db.add("Sanne", "Schuld"),
        "evi": db.add("Evi", "Ontwikkeling", regievoerder_id=db.coach_id, door=db.coach_id),
        "karel": db.add("Karel", "Sw", regievoerder_id=db.coach_id, door=db.coach_id),
    }
    with db.sessions.begin() as session:
        coach = session.get(Medewerker, db.actor_id)
        jolanda = session.get(Medewerker, db.coach_id)
        consulent = session.get(Medewerker, db.consulent_id)

        def inwoner(key):
            return session.get(Inwoner, ids[key])

        for inwoner_id in ids["bsw"]:
            session.add(InwonerLabel(inwoner_id=inwoner_id, label=Label.BSW_NIEUW_BESCHUT,
                                     geldig_van=date(2026, 1, 1)))  # fmt: skip
        session.add(InwonerLabel(inwoner_id=ids["karel"], label=Label.SW_WSW,
                                 geldig_van=date(2015, 1, 1)))  # fmt: skip
        for inwoner_id in ids["bsw"][:3]:
            vaststellen(session, coach, concept(session, coach, session.get(Inwoner, inwoner_id)))
        h.in_intake(session, coach, inwoner("iris"))
        h.in_ontwikkeling(session, jolanda, inwoner("evi"))
        plan = session.scalar(select(Ontwikkelplan).where(Ontwikkelplan.inwoner_id == ids["evi"]))
        plan.volgende_evaluatie = date.today() - DAG
        sh.gemeld(session, consulent, inwoner("sanne"), melding_datum=TODAY - 60 * DAG)
    return ids


def wait_loaded(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=10_000)


def open_section(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = window.rapportages
    assert window.tabs.currentWidget() is view
    wait_loaded(qtbot, view)
    return view


def open_kpis(qtbot, view, tekst: str = PERIODE):
    view.tabs.setCurrentWidget(view.kpi)
    wait_loaded(qtbot, view)
    pane = view.kpi
    pane.periode_edit.setText(tekst)
    qtbot.keyClick(pane.periode_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    return pane


def service(db: Db, actor_id: uuid.UUID, func, **kwargs):
    with db.sessions.begin() as session:
        return func(session, actor=session.get(Medewerker, actor_id), **kwargs)


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def caseload_cells(pane) -> dict[str, dict[str, str]]:
    """The texts of the overview per row name (the totals as 'Totaal') and column key."""
    model = pane.model
    return {
        cell(model, r, 0): {k.sleutel: cell(model, r, c) for c, k in enumerate(model.kolommen)}
        for r in range(model.rowCount())
    }


def expected_cells(overzicht, uitsplitsing: str = "fase") -> dict[str, dict[str, str]]:
    """What the overview must show for the service's result."""
    norm = overzicht.norm
    result = {}
    for rij in (*overzicht.rijen, overzicht.totaal):
        per_coach = overzicht.niveau == Niveau.COACH and rij is not overzicht.totaal
        cells = {
            "naam": "Totaal" if rij is overzicht.totaal else rij.naam,
            "actief": str(rij.actief),
            "sw": f"{rij.sw} (norm {norm.sw_van}–{norm.sw_tot})" if per_coach else str(rij.sw),
            "bsw": f"{rij.bsw} (norm {norm.bsw_van}–{norm.bsw_tot})" if per_coach
            else str(rij.bsw),
            "overbelast": ("overbelast" if rij.overbelast else "nee") if per_coach
            else f"{rij.overbelast} van {rij.coaches}",
            "zonder_iop": str(rij.zonder_iop),
            "evaluatie_te_laat": str(rij.evaluatie_te_laat),
            "norm_overschreden": str(rij.norm_overschreden),
        }  # fmt: skip
        if overzicht.schuldhulp:
            cells["schuldhulp_te_laat"] = str(rij.schuldhulp_te_laat)
        for waarde, n in getattr(rij, uitsplitsing).items():
            if getattr(overzicht.totaal, uitsplitsing)[waarde]:
                cells[f"{uitsplitsing}:{waarde}"] = str(n)
        result[cells["naam"]] = cells
    return result


# --- the section ----------------------------------------------------------------------------


def test_teamleider_has_the_section_a_coach_does_not(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    assert window.rapportages is not None
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Werkvoorraad", "Inwoners", "Beheer", "Rapportages"]
    shortcuts = {a.text(): [s.toString() for s in a.shortcuts()] for a in window.actions()}
    assert shortcuts["&Rapportages"] == ["Ctrl+5"]
    ga_naar = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Ga naar")
    assert "&Rapportages" in [a.text() for a in ga_naar.actions() if a.isVisible()]
    view = open_section(qtbot, window)
    assert window.windowTitle() == "Koers — Rapportages"
    assert view.tabs.currentWidget() is view.caseload
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "&Caseload", "&KPI's", "Gemeente&rapport"]  # fmt: skip

    coach = make_window(db)  # testcoach, a jobcoach
    assert coach.rapportages is None
    assert not coach.rapportages_action.isVisible() and not coach.rapportages_action.isEnabled()
    assert "Rapportages" not in [coach.tabs.tabText(i) for i in range(coach.tabs.count())]


def test_nothing_loads_before_the_section_is_shown(make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    assert window.rapportages.caseload.overzicht is None
    assert window.rapportages.kpi.periode is None
    assert window.rapportages.gemeenterapport.rapport is None


# --- the caseload overview ------------------------------------------------------------------


def test_caseload_shows_what_the_service_computes(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    pane = open_section(qtbot, window).caseload
    overzicht = service(db, db.teamleider_id, caseload, niveau=Niveau.COACH,
                        peildatum=date.today())  # fmt: skip
    assert [r.naam for r in overzicht.rijen] == ["Jolanda de Vries", "Test Coach"]
    assert caseload_cells(pane) == expected_cells(overzicht)
    assert headers(pane.model)[:8] == ["Coach", "Actief", "SW", "BSW", "Overbelast",
                                       "Zonder IOP", "Evaluatie te laat", "Norm overschreden"]  # fmt: skip
    # The phase columns: the phases that occur (intake, ontwikkeling, no trajectory).
    assert {"Intake", "Ontwikkelaanpak (stadium 2)", "Geen lopend traject"} <= set(
        headers(pane.model)
    )
    # Each header's tooltip is the column's definition.
    model = pane.model
    for column, kolom in enumerate(model.kolommen):
        tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        sleutel = kolom.kolom if kolom.sleutel != "overbelast" else "overbelast"
        assert overzicht.definities[sleutel][:40] in tip.replace("&#x27;", "'")
    assert pane.summary.text() == (f"Peildatum {date.today():%d-%m-%Y}: "
                                   f"{overzicht.totaal.actief} inwoners actief, 2 coaches, "
                                   "1 overbelast")  # fmt: skip

    # Test Coach has 13 BSW, one over the norm of 12: red, bold, and "overbelast" in words.
    cells = caseload_cells(pane)["Test Coach"]
    assert cells["bsw"] == "13 (norm 10–12)" and cells["overbelast"] == "overbelast"
    assert cells["zonder_iop"] == "1" and "schuldhulp_te_laat" not in cells
    row = next(r for r in range(model.rowCount()) if cell(model, r, 0) == "Test Coach")
    bsw, overbelast = model.kolom_index("bsw"), model.kolom_index("overbelast")
    rood = cell(model, row, bsw, Qt.ItemDataRole.ForegroundRole).color()
    assert rood.red() > 100 and rood.green() < 60
    assert cell(model, row, bsw, Qt.ItemDataRole.FontRole).bold()
    assert cell(model, row, overbelast, Qt.ItemDataRole.FontRole).bold()
    assert "boven de norm" in cell(model, row, bsw, Qt.ItemDataRole.AccessibleTextRole)
    other = next(r for r in range(model.rowCount()) if cell(model, r, 0) == "Jolanda de Vries")
    assert cell(model, other, bsw, Qt.ItemDataRole.ForegroundRole) is None
    totaal = model.rowCount() - 1
    assert cell(model, totaal, overbelast) == "1 van 2"


def test_sorting_is_numeric_and_keeps_the_totals_last(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    pane = open_section(qtbot, window).caseload
    proxy, actief = pane.proxy, pane.model.kolom_index("actief")
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        pane.table.sortByColumn(actief, order)
        names = [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())]
        assert names[-1] == "Totaal"
        values = [int(proxy.data(proxy.index(r, actief))) for r in range(proxy.rowCount() - 1)]
        assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)
        assert len(set(values)) > 1  # 15 and 2+: compared as numbers, not text


def test_levels_filters_and_breakdowns(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = view.caseload
    assert pane.team is None  # a team lead sees their own coaches only
    pane.niveau.setCurrentIndex(pane.niveau.findData(Niveau.TEAM))
    wait_loaded(qtbot, view)
    team = service(db, db.teamleider_id, caseload, niveau=Niveau.TEAM, peildatum=date.today())
    assert pane.model.headerData(0, Qt.Orientation.Horizontal) == "Team"
    assert caseload_cells(pane) == expected_cells(team)
    assert caseload_cells(pane)["Team Gorinchem"]["bsw"] == "13"

    pane.uitsplitsing.setCurrentIndex(pane.uitsplitsing.findData("doelgroep"))
    assert caseload_cells(pane) == expected_cells(team, "doelgroep")
    assert "Beschut werk" in headers(pane.model)

    pane.niveau.setCurrentIndex(pane.niveau.findData(Niveau.GEMEENTE))
    pane.gemeente.setCurrentIndex(pane.gemeente.findText("Gorinchem"))
    wait_loaded(qtbot, view)
    gemeente = service(db, db.teamleider_id, caseload, niveau=Niveau.GEMEENTE,
                       peildatum=date.today(), gemeente_id=db.gemeente_ids["Gorinchem"])  # fmt: skip
    assert caseload_cells(pane) == expected_cells(gemeente, "doelgroep")

    # Another peildatum: before the BSW labels began, nobody counts as beschut werker.
    pane.peildatum.setDate(date(2025, 6, 30))
    wait_loaded(qtbot, view)
    assert pane.vraag.peildatum == date(2025, 6, 30)
    assert caseload_cells(pane)["Totaal"]["actief"] == str(gemeente.totaal.actief)
    assert "Beschut werk" not in headers(pane.model)

    pane.gemeente.setCurrentIndex(pane.gemeente.findText("Zaltbommel"))
    wait_loaded(qtbot, view)
    assert pane.stack.currentWidget() is pane.empty
    assert pane.empty.text().startswith("Geen actieve inwoners op 30-06-2025 binnen uw bereik")
    assert "Zaltbommel" in pane.empty.text()


def test_beheerder_filters_on_a_team(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.beheerder_id)
    view = open_section(qtbot, window)
    pane = view.caseload
    assert pane.team is not None
    pane.team.setCurrentIndex(pane.team.findText("Team Gorinchem"))
    wait_loaded(qtbot, view)
    overzicht = service(db, db.beheerder_id, caseload, niveau=Niveau.COACH,
                        peildatum=date.today(), team_id=db.team_ids["Team Gorinchem"])  # fmt: skip
    assert caseload_cells(pane) == expected_cells(overzicht)


def test_click_through_lists_exactly_the_inwoners_and_opens_a_dossier(qtbot, make_window, db,
                                                                      seeded):  # fmt: skip
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = view.caseload

    def lijst(sleutel, kolom: str) -> InwonersDialog:
        index = pane.select_cell(sleutel, kolom)
        assert index.isValid()
        rect = pane.table.visualRect(index)
        qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        wait_loaded(qtbot, view)
        assert isinstance(view.dialog, InwonersDialog)
        return view.dialog

    def expected(sleutel, kolom: str, waarde=None) -> list[uuid.UUID]:
        return service(db, db.teamleider_id, caseload_inwoners, niveau=Niveau.COACH,
                       sleutel=sleutel, kolom=kolom, waarde=waarde,
                       peildatum=date.today())  # fmt: skip

    dialog = lijst(db.actor_id, "bsw")
    assert dialog.ids == expected(db.actor_id, "bsw") and len(dialog.ids) == 13
    assert dialog.windowTitle() == "BSW — Test Coach"
    assert dialog.count_label.text() == "13 inwoners"
    assert cell(dialog.model, 0, 0) == "Beschut, Bas01"
    assert cell(dialog.model, 0, 1) == mask_bsn(db.bsn_of(dialog.ids[0]))
    dialog.reject()

    dialog = lijst(None, "zonder_iop")  # the totals row
    assert dialog.ids == expected(None, "zonder_iop") == [seeded["iris"]]
    dialog.reject()
    dialog = lijst(db.coach_id, "evaluatie_te_laat")
    assert dialog.ids == [seeded["evi"]]
    dialog.reject()
    dialog = lijst(None, "fase:INTAKE")
    assert dialog.ids == expected(None, "fase", "INTAKE") == [seeded["iris"]]
    dialog.reject()

    # Enter on the table opens the same list; Enter in the list opens the dossier.
    pane.select_cell(db.actor_id, "actief")
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    dialog = view.dialog
    assert dialog.ids == expected(db.actor_id, "actief")
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == dialog.ids[1]
    qtbot.waitUntil(lambda: view.dialog is None)


def test_an_empty_list_says_so(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    dialog = view.show_list("Norm overschreden — Totaal", "Uitleg", [])
    assert dialog.empty.text() == "Er staan geen inwoners achter dit getal."
    assert not dialog.open_button.isEnabled()
    dialog.reject()


def test_a_change_refreshes_the_overview(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = view.caseload
    before = int(caseload_cells(pane)["Jolanda de Vries"]["actief"])
    nieuw = db.add("Nina", "Nieuw", regievoerder_id=db.coach_id, door=db.coach_id)
    window.ctx.changes.notify(signals.INWONER, nieuw)
    wait_loaded(qtbot, view)
    assert int(caseload_cells(pane)["Jolanda de Vries"]["actief"]) == before + 1


def test_column_widths_are_remembered_per_column(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    pane = open_section(qtbot, window).caseload
    header = pane.table.horizontalHeader()
    header.resizeSection(pane.model.kolom_index("zonder_iop"), 151)
    window.save_settings()
    again = make_window(db, actor=db.teamleider_id)
    pane = open_section(qtbot, again).caseload
    assert pane.table.horizontalHeader().sectionSize(pane.model.kolom_index("zonder_iop")) == 151


# --- the KPIs -------------------------------------------------------------------------------


def tekst(waarde: str | None, eenheid: str) -> str:
    """A value of `as_dict()` as the screen (and the report) shows it."""
    if waarde is None:
        return "–"
    return f"{waarde.replace('.', ',')} {eenheid}".rstrip()


def test_kpis_show_the_values_of_the_service(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    uitkomsten = service(db, db.teamleider_id, kpis, periode=periode(PERIODE))
    model = pane.model
    assert headers(model) == ["Code", "KPI", "Waarde", "Vorig jaar", "Doel", "Definitie"]
    assert model.rowCount() == len(uitkomsten)
    for row, u in enumerate(uitkomsten):
        d = u.as_dict()
        assert cell(model, row, K.CODE) == d["code"]
        assert cell(model, row, K.NAAM) == d["naam"]
        assert cell(model, row, K.WAARDE) == tekst(d["waarde"], d["eenheid"])
        assert cell(model, row, K.VORIG_JAAR) == tekst(d["vorig_jaar"], d["eenheid"])
        assert cell(model, row, K.DOEL) == ""  # no targets set
        assert cell(model, row, K.DEFINITIE) == d["definitie"]
    k01 = next(u for u in uitkomsten if u.kpi.code == "K01").as_dict()
    assert k01["teller"] == "3" and k01["noemer"] == 14
    assert cell(model, 0, K.WAARDE) == "21,4 %"
    assert "3 van 14" in cell(model, 0, K.WAARDE, Qt.ItemDataRole.ToolTipRole)
    assert pane.summary.text().startswith("2026-T3 (01-09-2026 t/m 31-12-2026)")
    # The selected KPI's definition stands next to the table.
    assert pane.definitie.text() == k01["definitie"]
    assert pane.titel.text() == "K01 IOP-dekking doelgroepmedewerkers: 21,4 %"

    # For one gemeente: the same as the service with that filter.
    pane.gemeente.setCurrentIndex(pane.gemeente.findText("Zaltbommel"))
    wait_loaded(qtbot, view)
    filtered = service(db, db.teamleider_id, kpis, periode=periode(PERIODE),
                       filter=Filter(gemeente_id=db.gemeente_ids["Zaltbommel"]))  # fmt: skip
    assert [cell(model, r, K.WAARDE) for r in range(model.rowCount())] == [
        tekst(u.as_dict()["waarde"], u.kpi.eenheid) for u in filtered
    ]
    assert cell(model, 0, K.WAARDE) == "–"  # nobody in Zaltbommel
    assert pane.summary.text().endswith("· Zaltbommel")


def test_breakdown_chart_and_click_through(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    pane.select_code("K01")
    pane.select_dimensie(Dimensie.GEMEENTE)
    wait_loaded(qtbot, view)
    (u,) = service(db, db.teamleider_id, kpis, periode=periode(PERIODE), codes=["K01"],
                   dimensie=Dimensie.GEMEENTE)  # fmt: skip
    model = pane.uitsplitsing_model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Gemeente"
    rows = [[cell(model, r, c) for c in range(4)] for r in range(model.rowCount())]
    assert rows == [[x.naam, tekst(str(x.cijfer.waarde), "%"), str(x.cijfer.teller),
                     str(x.cijfer.noemer)] for x in u.uitsplitsing]  # fmt: skip
    assert rows == [["Gorinchem", "21,4 %", "3", "14"]]
    # The chart is grafieken' drawing, shown as SVG.
    assert "K01 IOP-dekking doelgroepmedewerkers naar gemeente" in pane.svg_text
    assert pane.chart.renderer().isValid()
    assert "<defs><clipPath" in pane.svg_text  # else Qt paints the clip area black

    pane.select_dimensie(Dimensie.LEEFTIJD)
    wait_loaded(qtbot, view)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Leeftijd"
    assert "naar leeftijd" in pane.svg_text

    # Enter on the KPI: the inwoners in the teller, exactly those of the service.
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    expected = service(db, db.teamleider_id, inwoners_achter, code="K01",
                       periode=periode(PERIODE), alleen_teller=True)  # fmt: skip
    assert view.dialog.ids == expected == seeded["bsw"][:3]
    assert view.dialog.windowTitle() == "K01 IOP-dekking doelgroepmedewerkers — 2026-T3"
    view.dialog.reject()
    qtbot.mouseClick(pane.populatie_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert view.dialog.ids == service(db, db.teamleider_id, inwoners_achter, code="K01",
                                      periode=periode(PERIODE))  # fmt: skip
    assert len(view.dialog.ids) == 14  # with Karel (SW)
    view.dialog.reject()

    # On a row of the breakdown: that value only.
    pane.select_dimensie(Dimensie.GEMEENTE)
    wait_loaded(qtbot, view)
    pane.uitsplitsing.setCurrentIndex(model.index(0, 1))
    pane.uitsplitsing.setFocus()
    qtbot.keyClick(pane.uitsplitsing, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    assert view.dialog.ids == service(
        db, db.teamleider_id, inwoners_achter, code="K01", periode=periode(PERIODE),
        filter=Filter(gemeente_id=db.gemeente_ids["Gorinchem"]), alleen_teller=True)  # fmt: skip
    assert view.dialog.windowTitle().endswith("— Gemeente: Gorinchem")
    view.dialog.reject()


def test_an_invalid_period_is_told_at_the_field_and_keeps_the_figures(qtbot, make_window, db,
                                                                       seeded):  # fmt: skip
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    shown = pane.model.uitkomsten()
    summary = pane.summary.text()
    assert pane.periode_fout_text() == ""

    pane.periode_edit.setText("2026-T4")
    qtbot.keyClick(pane.periode_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    assert pane.periode_fout_text().startswith("'2026-T4' is geen periode. Gebruik een jaar")
    assert pane.periode_fout.isVisible()
    assert pane.periode_edit.accessibleDescription() == pane.periode_fout_text()
    assert pane.model.uitkomsten() == shown and pane.summary.text() == summary
    assert pane.periode.naam == PERIODE

    qtbot.keyClicks(pane.periode_edit, "x")  # typing again clears the message
    assert pane.periode_fout_text() == ""
    pane.periode_edit.setText("2026")
    qtbot.mouseClick(pane.bereken_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert pane.periode.naam == "2026" and pane.summary.text().startswith("2026 (01-01-2026")


# --- the KPI filters ------------------------------------------------------------------------


def items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def choose(qtbot, view, combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, (text, items(combo))
    combo.setCurrentIndex(index)
    wait_loaded(qtbot, view)


def waarden(pane) -> list[str]:
    return [cell(pane.model, r, K.WAARDE) for r in range(pane.model.rowCount())]


def expected_waarden(uitkomsten) -> list[str]:
    return [tekst(u.as_dict()["waarde"], u.kpi.eenheid) for u in uitkomsten]


def test_filters_narrow_the_kpis_and_the_list_behind_them(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    p = periode(PERIODE)

    # The choices: "Alle …" (no filter) first; a team lead's coaches are those of their team
    # who can be regievoerder (not the team lead).
    assert items(pane.team) == ["Alle teams", "Schulddienstverlening", "Team Buren",
                                "Team Gorinchem"]  # fmt: skip
    assert items(pane.coach) == ["Alle coaches", "Arie Manager", "Jolanda de Vries", "Test Coach"]
    assert items(pane.doelgroep) == ["Alle doelgroepen", *(label.label for label in Label)]
    assert items(pane.leeftijd) == ["Alle leeftijden", "< 27", "27–44", "45–54", "55+"]
    assert items(pane.uitkeringsduur) == ["Alle uitkeringsduren",
                                          *BANDEN[Dimensie.UITKERINGSDUUR]]  # fmt: skip
    assert pane.current_filter() == Filter() and not pane.wis_button.isEnabled()

    # Doelgroep and age band: exactly what the service computes with that filter.
    choose(qtbot, view, pane.doelgroep, "Beschut werk")
    choose(qtbot, view, pane.leeftijd, "45–54")  # everyone was born in 1980
    f = Filter(doelgroep=Label.BSW_NIEUW_BESCHUT, leeftijd="45–54")
    assert pane.filter == f and pane.wis_button.isEnabled()
    uitkomsten = service(db, db.teamleider_id, kpis, periode=p, filter=f)
    assert waarden(pane) == expected_waarden(uitkomsten)
    assert cell(pane.model, 0, K.WAARDE) == "23,1 %"  # 3 of the 13 beschut werkers, not Karel
    assert pane.summary.text() == f"{p} · doelgroep Beschut werk · leeftijd 45–54"

    # The list behind a figure uses the same filter.
    pane.select_code("K01")
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    expected = service(db, db.teamleider_id, inwoners_achter, code="K01", periode=p, filter=f,
                       alleen_teller=True)  # fmt: skip
    assert view.dialog.ids == expected == seeded["bsw"][:3]
    assert view.dialog.windowTitle() == ("K01 IOP-dekking doelgroepmedewerkers — 2026-T3 — "
                                         "doelgroep Beschut werk · leeftijd 45–54")  # fmt: skip
    view.dialog.reject()
    qtbot.mouseClick(pane.populatie_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    expected = service(db, db.teamleider_id, inwoners_achter, code="K01", periode=p, filter=f)
    assert view.dialog.ids == expected and len(expected) == 13  # without Karel (SW)
    view.dialog.reject()

    # A row of the breakdown: its value on top of the page's filter.
    pane.select_dimensie(Dimensie.COACH)
    wait_loaded(qtbot, view)
    (u,) = service(db, db.teamleider_id, kpis, periode=p, filter=f, codes=["K01"],
                   dimensie=Dimensie.COACH)  # fmt: skip
    model = pane.uitsplitsing_model
    assert [cell(model, r, 0) for r in range(model.rowCount())] == [
        x.naam for x in u.uitsplitsing
    ] == ["Test Coach"]  # fmt: skip
    pane.uitsplitsing.setCurrentIndex(model.index(0, 1))
    pane.uitsplitsing.setFocus()
    qtbot.keyClick(pane.uitsplitsing, Qt.Key.Key_Return)
    wait_loaded(qtbot, view)
    assert view.dialog.ids == service(
        db, db.teamleider_id, inwoners_achter, code="K01", periode=p,
        filter=replace(f, coach_id=db.actor_id), alleen_teller=True)  # fmt: skip
    view.dialog.reject()

    # A coach, a gemeente and a duration on benefit as well.
    choose(qtbot, view, pane.coach, "Jolanda de Vries")
    choose(qtbot, view, pane.gemeente, "Gorinchem")
    choose(qtbot, view, pane.uitkeringsduur, "geen bijstand")
    f = Filter(gemeente_id=db.gemeente_ids["Gorinchem"], coach_id=db.coach_id,
               doelgroep=Label.BSW_NIEUW_BESCHUT, leeftijd="45–54",
               uitkeringsduur="geen bijstand")  # fmt: skip
    assert pane.filter == f
    assert waarden(pane) == expected_waarden(
        service(db, db.teamleider_id, kpis, periode=p, filter=f)
    )
    assert cell(pane.model, 0, K.WAARDE) == "–"  # Jolanda has no beschut werkers
    assert pane.summary.text() == (f"{p} · Gorinchem · coach Jolanda de Vries · doelgroep "
                                   "Beschut werk · leeftijd 45–54 · uitkeringsduur geen "
                                   "bijstand")  # fmt: skip

    # A team narrows the coaches to its own: none of another team for a team lead, and the
    # chosen coach of another team is no longer a filter.
    choose(qtbot, view, pane.team, "Team Buren")
    assert items(pane.coach) == ["Alle coaches"]
    assert pane.filter == replace(f, team_id=db.team_ids["Team Buren"], coach_id=None)
    assert pane.summary.text().startswith(f"{p} · Gorinchem · Team Buren · doelgroep")
    choose(qtbot, view, pane.team, "Team Gorinchem")
    assert items(pane.coach) == ["Alle coaches", "Arie Manager", "Jolanda de Vries", "Test Coach"]

    # "Filters wissen": every filter back to "Alle …", computed once more.
    qtbot.mouseClick(pane.wis_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert pane.filter == Filter() and pane.current_filter() == Filter()
    assert not pane.wis_button.isEnabled()
    assert pane.summary.text() == str(p)
    assert waarden(pane) == expected_waarden(service(db, db.teamleider_id, kpis, periode=p))


def test_beheerder_chooses_among_every_coach(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.beheerder_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    assert items(pane.coach) == ["Alle coaches", "Arie Manager", "Bram Visser", "Carla Schulte",
                                 "Jolanda de Vries", "Test Coach"]  # fmt: skip
    choose(qtbot, view, pane.team, "Schulddienstverlening")
    assert items(pane.coach) == ["Alle coaches", "Carla Schulte"]
    choose(qtbot, view, pane.coach, "Carla Schulte")
    f = Filter(team_id=db.team_ids["Schulddienstverlening"], coach_id=db.consulent_id)
    assert pane.filter == f
    assert pane.summary.text().endswith("· team Schulddienstverlening · coach Carla Schulte")
    assert waarden(pane) == expected_waarden(
        service(db, db.beheerder_id, kpis, periode=periode(PERIODE), filter=f)
    )


def test_new_coaches_appear_after_a_change(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.beheerder_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    choose(qtbot, view, pane.coach, "Bram Visser")
    with db.sessions.begin() as session:
        session.get(Medewerker, db.other_coach_id).naam = "Bram Visser-de Wit"
    try:
        window.ctx.changes.notify(signals.MEDEWERKER, db.other_coach_id)
        wait_loaded(qtbot, view)
        assert "Bram Visser-de Wit" in items(pane.coach)
        assert pane.coach.currentText() == "Bram Visser-de Wit"  # still the chosen coach
        assert pane.filter == Filter(coach_id=db.other_coach_id)
    finally:
        with db.sessions.begin() as session:
            session.get(Medewerker, db.other_coach_id).naam = "Bram Visser"


def mnemonic_list(widget) -> list[str]:
    letters = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not child.isVisibleTo(widget):
            continue
        text = child.text().replace("&&", "")
        index = text.find("&")
        if 0 <= index < len(text) - 1:
            letters.append(text[index + 1].upper())
    return letters


def test_kpi_page_keyboard_and_size(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.sdv_teamleider_id)
    window.resize(1280, 800)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    # Distinct mnemonics on the page, its tabs and the menu bar; every filter has one.
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    letters = mnemonic_list(pane) + [t[t.find("&") + 1].upper() for t in tabs]
    letters += [a.text()[a.text().find("&") + 1].upper() for a in window.menuBar().actions()
                if a.isVisible() and "&" in a.text()]  # fmt: skip
    assert len(letters) == len(set(letters)), sorted(letters)
    buddies = {label.buddy() for label in pane.findChildren(QLabel) if label.buddy()}
    assert set(pane.filters) <= buddies
    # The filters fit the page at 1280×800.
    assert pane.minimumSizeHint().width() <= pane.width()
    assert all(combo.isVisible() for combo in pane.filters)
    # Keyboard: Alt+L chooses the doelgroep.
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # a busy machine activates late
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(pane.doelgroep.hasFocus)


# --- debt figures only for who may see them -------------------------------------------------


def test_debt_figures_only_for_the_debt_team_lead(qtbot, make_window, db, seeded):
    window = make_window(db, actor=db.teamleider_id)  # Team Gorinchem: no debt rights
    view = open_section(qtbot, window)
    assert "Schuldhulp te laat" not in headers(view.caseload.model)
    pane = open_kpis(qtbot, view)
    codes = [cell(pane.model, r, K.CODE) for r in range(pane.model.rowCount())]
    assert not {"S01", "S02", "S03"} & set(codes)

    window = make_window(db, actor=db.sdv_teamleider_id)
    view = open_section(qtbot, window)
    overzicht = service(db, db.sdv_teamleider_id, caseload, niveau=Niveau.COACH,
                        peildatum=date.today())  # fmt: skip
    assert overzicht.schuldhulp
    assert "Schuldhulp te laat" in headers(view.caseload.model)
    assert caseload_cells(view.caseload) == expected_cells(overzicht)
    assert caseload_cells(view.caseload)["Carla Schulte"]["schuldhulp_te_laat"] == "1"
    pane = open_kpis(qtbot, view)
    codes = [cell(pane.model, r, K.CODE) for r in range(pane.model.rowCount())]
    assert {"S01", "S02", "S03"} <= set(codes)
    uitkomsten = service(db, db.sdv_teamleider_id, kpis, periode=periode(PERIODE))
    assert [cell(pane.model, r, K.WAARDE) for r in range(pane.model.rowCount())] == [
        tekst(u.as_dict()["waarde"], u.kpi.eenheid) for u in uitkomsten
    ]


# --- the models -----------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtbot, qtmodeltester, make_window, db, seeded):
    window = make_window(db, actor=db.sdv_teamleider_id)
    view = open_section(qtbot, window)
    pane = open_kpis(qtbot, view)
    overzicht = view.caseload.overzicht

    model = CaseloadModel()
    model.set_overzicht(overzicht, "fase")
    qtmodeltester.check(model)
    model.set_overzicht(overzicht, None)
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(view.caseload.model)
    qtmodeltester.check(proxy)

    kpi_model = KpiModel()
    kpi_model.set_uitkomsten(pane.model.uitkomsten())
    qtmodeltester.check(kpi_model)
    (u,) = service(db, db.sdv_teamleider_id, kpis, periode=periode(PERIODE), codes=["S01"],
                   dimensie=Dimensie.GEMEENTE)  # fmt: skip
    uitsplitsing = UitsplitsingModel()
    uitsplitsing.set_uitkomst(u, Dimensie.GEMEENTE)
    qtmodeltester.check(uitsplitsing)
