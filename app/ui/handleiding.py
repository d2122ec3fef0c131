"""The user guide (docs/handleiding.md) in the application: F1 opens it at the page for the
screen the user is on. One page per task: the guide's `##` chapters, listed on the left."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QTextCursor, QTextImageFormat
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QTextBrowser,
    QWidget,
)

from app.config import DOCS_DIR

HANDLEIDING = DOCS_DIR / "handleiding.md"
# The chapters the screens point to (a test checks they are in the guide).
START = "Aan de slag"
INWONER = "Inwoner registreren"
TRAJECT = "Traject doorlopen"
ONTWIKKELPLAN = "Ontwikkelplan (IOP) opstellen en printen"
LOONWAARDE = "Loonwaarde en loonkostensubsidie"
SCHULDHULP = "Schuldhulp"
RAPPORTAGES = "Rapportages"
BEHEER = "Beheer"
INLEIDING = "Over deze handleiding"
AFBEELDING_BREEDTE = 640  # the screenshots are 1280 wide: half size fits the page


def hoofdstukken(tekst: str) -> list[tuple[str, str]]:
    """The guide as (title, markdown) per `##` chapter; what precedes the first is the
    introduction."""
    delen = ("\n" + tekst).split("\n## ")
    inleiding = delen[0].strip()
    uit = [(INLEIDING, inleiding)] if inleiding else []
    for deel in delen[1:]:
        titel, _, rest = deel.partition("\n")
        uit.append((titel.strip(), f"## {titel.strip()}\n{rest}"))
    return uit


class HelpVenster(QDialog):
    """The guide: chapters on the left, the chosen one with its screenshots on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koers — handleiding"))
        self.resize(1000, 720)
        try:
            tekst = HANDLEIDING.read_text(encoding="utf-8")
        except OSError:
            tekst = self.tr("## De handleiding ontbreekt\n\n{pad} is niet gevonden.").format(
                pad=HANDLEIDING
            )
        self.delen = hoofdstukken(tekst)
        self.lijst = QListWidget()
        self.lijst.setAccessibleName(self.tr("Hoofdstukken"))
        self.lijst.addItems([titel for titel, _ in self.delen])
        self.lijst.setMaximumWidth(260)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Handleiding"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(DOCS_DIR)])  # the screenshots' relative paths
        layout = QHBoxLayout(self)
        layout.addWidget(self.lijst)
        layout.addWidget(self.browser, 1)
        self.lijst.currentRowChanged.connect(self._toon)
        self.lijst.setCurrentRow(0)

    def titels(self) -> list[str]:
        return [titel for titel, _ in self.delen]

    def ga_naar(self, titel: str) -> None:
        """Show this chapter (the first when it does not exist)."""
        titels = self.titels()
        self.lijst.setCurrentRow(titels.index(titel) if titel in titels else 0)

    @Slot(int)
    def _toon(self, rij: int) -> None:
        if not 0 <= rij < len(self.delen):
            return
        document = self.browser.document()
        document.setMarkdown(self.delen[rij][1])
        # Screenshots at half size, so a page reads without scrolling sideways.
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.isValid() and fragment.charFormat().isImageFormat():
                    formaat = QTextImageFormat(fragment.charFormat().toImageFormat())
                    formaat.setWidth(AFBEELDING_BREEDTE)
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
                    cursor.setCharFormat(formaat)
                it += 1
            block = block.next()
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # a page opens at its top
