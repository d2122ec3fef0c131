"""The user guide: a page per task, its screenshots present, and F1 opening the page for the
screen the user is on."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from app.config import DOCS_DIR
from app.ui import handleiding
from tests.ui.conftest import go_to_inwoners, wait_for_search

TEKST = handleiding.HANDLEIDING.read_text(encoding="utf-8")


def test_a_page_per_task_and_every_screen_points_at_one():
    titels = [titel for titel, _ in handleiding.hoofdstukken(TEKST)]
    assert titels[0] == handleiding.INLEIDING
    for titel in (handleiding.START, handleiding.INWONER, handleiding.TRAJECT,
                  handleiding.ONTWIKKELPLAN, handleiding.LOONWAARDE, handleiding.SCHULDHULP,
                  handleiding.RAPPORTAGES, handleiding.BEHEER):  # fmt: skip
        assert titel in titels, titel


def test_every_screenshot_of_the_guide_exists():
    afbeeldingen = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", TEKST)
    assert len(afbeeldingen) >= 10
    for pad in afbeeldingen:
        assert (DOCS_DIR / pad).is_file(), pad


def _afbeeldingen(venster) -> list:
    document = venster.browser.document()
    gevonden, block = [], document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            formaat = it.fragment().charFormat()
            if formaat.isImageFormat():
                gevonden.append(formaat.toImageFormat())
            it += 1
        block = block.next()
    return gevonden


def test_f1_opens_the_page_of_the_screen(qtbot, make_window, db1000):
    window = make_window(db1000)
    go_to_inwoners(qtbot, window)
    wait_for_search(qtbot, window.inwoners)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    venster = window.help_dialog
    assert venster is not None and venster.isVisible()
    assert venster.lijst.currentItem().text() == handleiding.INWONER
    assert "Nieuwe inwoner" in venster.browser.toPlainText()
    afbeeldingen = _afbeeldingen(venster)
    assert afbeeldingen and all(a.width() == handleiding.AFBEELDING_BREEDTE for a in afbeeldingen)
    resource = venster.browser.loadResource(2, afbeeldingen[0].name())  # ImageResource
    assert resource is not None and not resource.isNull()

    venster.close()
    page = window.open_dossier(window.inwoners.model.inwoner_id(0))
    page.tabs.setCurrentWidget(page.traject)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_dialog is venster  # one window, reused
    assert venster.lijst.currentItem().text() == handleiding.TRAJECT
    venster.lijst.setCurrentRow(venster.titels().index(handleiding.BEHEER))
    assert "Audittrail" in venster.browser.toPlainText()
    qtbot.waitUntil(venster.isActiveWindow)  # beside Koers, in front
    qtbot.keyClick(venster.lijst, Qt.Key.Key_Escape)
    assert not venster.isVisible()
    assert window.current_page() is page  # Esc closed the guide, not the dossier
