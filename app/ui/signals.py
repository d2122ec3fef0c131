"""The application-wide change signal.

After a save or an addition the view that did it emits `changed(kind, id)`; every open view
that shows that kind of data refreshes what it shows. Kinds: "inwoner" (id = the inwoner's
UUID), "contactmoment" (id = the inwoner's UUID whose journal changed), "medewerker" (id = the
medewerker's UUID), "instellingen" and "bewaartermijn" (id None), "ontwikkelplan" and "traject"
(id = the inwoner's UUID whose plans or trajectory changed), "loonwaarde" (id = the inwoner's
UUID whose loonwaardemetingen changed), "schuldhulp" (id = the inwoner's UUID whose
schuldhulptraject, schulden or budgetbeheer changed).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

INWONER = "inwoner"
CONTACTMOMENT = "contactmoment"
MEDEWERKER = "medewerker"
INSTELLINGEN = "instellingen"
BEWAARTERMIJN = "bewaartermijn"
ONTWIKKELPLAN = "ontwikkelplan"
TRAJECT = "traject"
LOONWAARDE = "loonwaarde"
SCHULDHULP = "schuldhulp"


class ChangeBus(QObject):
    """One per application (it lives in the UI context); views connect to `changed`."""

    changed = Signal(str, object)

    def notify(self, kind: str, item_id: object) -> None:
        self.changed.emit(kind, item_id)
