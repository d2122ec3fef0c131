"""The LKS-overzicht for an employer: who, where, the loonwaardemeting with its tasks, and the
monthly loonkostensubsidie worked out for the chosen hours and date (rules.md §2–3).

Takes plain values (`LksDocument`) and returns PDF bytes in the house style."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.services.printing.document import fields, para, render, styles, table

Paren = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class LksDocument:
    organisatie: str
    inwoner: str
    werkgever: str
    normfunctie: str
    meting: Paren
    taken: tuple[tuple[str, str, str, str, str], ...]
    loonwaarde: str
    uitgangspunten: Paren
    berekening: Paren
    demo: bool = False  # from a demo database: every page says so


TAAK_KOPPEN = ("Taak", "Aandeel", "Kwaliteit", "Tempo", "Inzetbaarheid")


def render_lks(document: LksDocument, *, printed: date | None = None) -> bytes:
    s = styles()
    story: list = [
        para("Overzicht loonkostensubsidie", s.title),
        fields(
            (
                ("Werknemer", document.inwoner),
                ("Werkgever / werkplek", document.werkgever),
                ("Normfunctie", document.normfunctie),
            )
        ),
        para("Loonwaardemeting", s.heading),
        fields(document.meting),
    ]
    if document.taken:
        story += [para("Taken", s.heading), _taken(document.taken)]
    story += [
        para("Loonwaarde", s.heading),
        para(document.loonwaarde),
        para("Loonkostensubsidie per maand", s.heading),
        fields(document.uitgangspunten),
        para("", s.body),
        table(("Onderdeel", "Bedrag"), [list(row) for row in document.berekening]),
        para(
            "De loonkostensubsidie vult het loon aan tot het wettelijk minimumloon (inclusief "
            "vakantiebijslag) en is ten hoogste 70 % daarvan; de werkgeverslasten komen "
            "erbovenop.",
            s.small,
        ),
    ]
    return render(
        story,
        title=f"LKS-overzicht {document.inwoner}",
        header=f"{document.organisatie} · Loonkostensubsidie",
        footer=f"LKS-overzicht {document.inwoner}",
        printed=printed,
        demo=document.demo,
    )


def _taken(rows: Sequence[Sequence[str]]):
    return table(TAAK_KOPPEN, [list(row) for row in rows])
