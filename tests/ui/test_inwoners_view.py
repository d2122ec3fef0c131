"""The Inwoners section: list, search as you type, filters, empty states, opening dossiers."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import inwoners
from app.services.text import fold
from app.ui import inwoners_view
from tests.ui.conftest import ACHTERNAMEN, VOORNAMEN, go_to_inwoners, wait_for_search


def expected_matches(word: str) -> int:
    count = 0
    for i in range(999):
        tussenvoegsel, achternaam = ACHTERNAMEN[i % len(ACHTERNAMEN)]
        naam = " ".join(p for p in (VOORNAMEN[(i * 7) % len(VOORNAMEN)], tussenvoegsel,
                                    achternaam) if p)  # fmt: skip
        count += any(w.startswith(word) for w in inwoners.zoekwoorden(naam))
    return count


def names(view) -> list[str]:
    model = view.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_list_shows_all_inwoners_lazily(qtbot, make_window, db1000):
    window = make_window(db1000)
    go_to_inwoners(qtbot, window)
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert view.model.rowCount() == 1000
    assert view.count_label.text() == "1.000 inwoners"
    assert window.windowTitle() == "Koers — Inwoners"
    qtbot.wait(50)  # let the view paint
    # Only the rows on screen (one or two batches) were fetched, not all 1,000.
    assert 0 < view.model.loaded_row_count() <= 400


def test_search_as_you_type_narrows(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is view
    assert view.search.hasFocus()
    counts = []
    for letter in "jans":
        qtbot.keyClicks(view.search, letter)
        wait_for_search(qtbot, view)
        counts.append(view.model.rowCount())
    assert counts == sorted(counts, reverse=True)
    assert counts[0] < 1000
    assert counts[-1] == expected_matches("jans") > 0
    assert all("jans" in fold(naam) for naam in names(view))
    assert view.count_label.text() == f"{counts[-1]} inwoners"


def test_a_broad_search_says_there_are_more(qtbot, make_window, db1000, monkeypatch):
    monkeypatch.setattr(inwoners, "MAX_TREFFERS", 10)
    monkeypatch.setattr(inwoners_view, "MAX_TREFFERS", 10)
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    qtbot.keyClicks(view.search, "jans")
    wait_for_search(qtbot, view)
    assert view.model.rowCount() == 10
    assert view.count_label.text() == "meer dan 10 inwoners"
    assert "verfijnen" in view.count_label.toolTip()
    view.search.clear()  # the whole list is never cut off
    wait_for_search(qtbot, view)
    assert view.count_label.text() == "1.000 inwoners"
    assert view.count_label.toolTip() == ""


def test_search_finds_accented_name_and_shows_it_exactly(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    for query in ("lukasz", "sahin"):
        view.search.clear()
        qtbot.keyClicks(view.search, query)
        wait_for_search(qtbot, view)
        assert names(view) == ["Şahin-Öztürk, Łukasz"], query
    for query in ("ŞAHİN-öz", "Łukasz Şahin"):  # QTest types ASCII only; paste the rest
        view.search.setText(query)
        wait_for_search(qtbot, view)
        assert names(view) == ["Şahin-Öztürk, Łukasz"], query

    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # the only match: Enter opens it
    dossier = window.current_dossier()
    assert dossier is not None
    assert dossier.name_label.text() == "Łukasz Şahin-Öztürk"
    assert window.windowTitle() == "Koers — Łukasz Şahin-Öztürk"
    assert dossier.form.field("voornamen").text() == "Łukasz"
    assert dossier.form.field("achternaam").text() == "Şahin-Öztürk"


def test_search_on_bsn_and_birth_date(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    first_id = view.model.inwoner_id(0)
    dossier = window.open_dossier(first_id)
    bsn = dossier.form.field("bsn").text()
    geboortedatum = dossier.form.field("geboortedatum").text()
    window.show_inwoners()

    qtbot.keyClicks(view.search, bsn)
    wait_for_search(qtbot, view)
    assert view.model.ids() == [first_id]
    assert bsn not in names(view)  # never the full BSN in the list
    assert view.model.data(view.model.index(0, 1)) == "*****" + bsn[-4:]

    view.search.clear()
    qtbot.keyClicks(view.search, geboortedatum)
    wait_for_search(qtbot, view)
    assert first_id in view.model.ids()
    assert all(
        view.model.data(view.model.index(row, 2)) == geboortedatum
        for row in range(view.model.rowCount())
    )


def test_filters_on_gemeente_and_coach(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert view.gemeente.itemText(0) == "Alle gemeenten"
    assert view.coach.itemText(0) == "Alle regievoerders"

    view.gemeente.setCurrentIndex(view.gemeente.findText("Buren"))
    wait_for_search(qtbot, view)
    buren = view.model.rowCount()
    assert 0 < buren < 1000
    assert {view.model.data(view.model.index(r, 4)) for r in range(buren)} == {"Buren"}

    view.coach.setCurrentIndex(view.coach.findText("Jolanda de Vries"))
    wait_for_search(qtbot, view)
    both = view.model.rowCount()
    assert 0 < both < buren
    assert {view.model.data(view.model.index(r, 5)) for r in range(both)} == {"Jolanda de Vries"}

    view.gemeente.setCurrentIndex(0)
    wait_for_search(qtbot, view)
    assert view.model.rowCount() == 250  # every fourth inwoner has this coach


def test_one_digit_asks_for_the_next(qtbot, make_window, db1000):
    window = make_window(db1000)
    go_to_inwoners(qtbot, window)
    view = window.inwoners
    qtbot.keyClicks(view.search, "1")
    wait_for_search(qtbot, view)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text() == "Typ verder: zoeken op BSN begint bij het tweede cijfer."
    qtbot.keyClicks(view.search, "0")
    wait_for_search(qtbot, view)
    assert view.model.rowCount() > 0 and view.stack.currentWidget() is view.table


def test_no_match_shows_empty_state(qtbot, make_window, db1000):
    window = make_window(db1000)
    go_to_inwoners(qtbot, window)
    view = window.inwoners
    qtbot.keyClicks(view.search, "zzzqqq")
    wait_for_search(qtbot, view)
    assert view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty
    assert "Geen inwoners gevonden" in view.empty.text()
    assert view.count_label.text() == "0 inwoners"

    qtbot.keyClick(view.search, Qt.Key.Key_Escape)  # Esc clears the search
    assert view.search.text() == ""
    wait_for_search(qtbot, view)
    assert view.model.rowCount() == 1000
    assert view.stack.currentWidget() is view.table


def test_empty_database_explains_what_to_do(qtbot, make_window, fresh_db):
    window = make_window(fresh_db)
    view = window.inwoners
    wait_for_search(qtbot, view)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text().startswith("Nog geen inwoners. Kies Nieuwe inwoner (Ctrl+N)")


def test_enter_and_double_click_open_a_dossier_once(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    window.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dossier = window.current_dossier()
    assert dossier is not None and dossier.inwoner_id == view.model.inwoner_id(1)
    assert window.tabs.count() == 3  # werkvoorraad, list, dossier

    window.show_inwoners()
    view.table.activated.emit(view.model.index(1, 0))  # same inwoner again: no second tab
    assert window.tabs.count() == 3
    assert window.current_dossier() is dossier


def test_ctrl_f_focuses_search_from_a_dossier(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    window.open_dossier(view.model.inwoner_id(0))
    assert window.current_dossier() is not None
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is view
    assert view.search.hasFocus()


def test_ctrl_2_returns_to_the_list(qtbot, make_window, db1000):
    window = make_window(db1000)
    view = window.inwoners
    wait_for_search(qtbot, view)
    window.open_dossier(view.model.inwoner_id(0))
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is view
    assert window.windowTitle() == "Koers — Inwoners"
