"""The figures measured through the services, each as the GUI or CLI asks for it (a fresh
session, the medewerker loaded, the answer computed), and where a query answers it, next to
hand-written SQL for the same answer on the same database.

Nothing is committed: printing writes audit records, which are rolled back, so the bench
database stays as generated."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Uuid, bindparam, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.bench.gegevens import Gebruikers
from app.bench.uitslag import Meting
from app.models import Inwoner, Medewerker, Ontwikkelplan, PlanStatus
from app.services import instellingen as inst
from app.services.caseload import Niveau, caseload, laatste_start
from app.services.gemeenterapport import gemeenterapport, pdf_bytes
from app.services.inwoners import (
    MAX_TREFFERS,
    MIN_BSN_CIJFERS,
    InwonerFilter,
    bsn_cijfers,
    inwoner_rows,
    search_inwoner_ids,
    zoekwoorden,
)
from app.services.iop_afdrukken import print_plan
from app.services.kpi import kpis
from app.services.periodes import periode
from app.services.schuldhulp_overzicht import overzicht
from app.services.toegang import in_bereik
from app.services.werkvoorraad import werkvoorraad

Werk = Callable[[Session, Medewerker], Any]
# Rows the list shows on a first screen after a search.
ZICHTBAAR = 40


def _keer(sessions: sessionmaker[Session], actor_id: uuid.UUID, werk: Werk, n: int
          ) -> tuple[list[float], Any]:  # fmt: skip
    """Run `werk` n times as the GUI does: a fresh session, the medewerker loaded, the answer;
    returns the seconds of each run and the last answer."""
    tijden, uitkomst = [], None
    for _ in range(n):
        with sessions() as session:
            started = time.perf_counter()
            actor = session.get(Medewerker, actor_id)
            uitkomst = werk(session, actor)
            tijden.append(time.perf_counter() - started)
            session.rollback()
    return tijden, uitkomst


def _hand(sessions: sessionmaker[Session], statements: list[tuple[str, dict[str, Any]]],
          n: int) -> list[float]:  # fmt: skip
    """Time hand-written SQL (all rows fetched) n times, each run in a fresh session."""
    tijden = []
    for _ in range(n):
        with sessions() as session:
            started = time.perf_counter()
            for sql, params in statements:
                voer_uit(session, sql, params).all()
            tijden.append(time.perf_counter() - started)
    return tijden


def voer_uit(session: Session, sql: str, params: dict[str, Any]):
    """Run hand-written SQL with those of `params` it names, UUIDs and dates bound as the
    models store them on either database."""
    params = {k: v for k, v in params.items() if f":{k}" in sql}
    typed = [bindparam(k, type_=Uuid() if isinstance(v, uuid.UUID) else Date())
             for k, v in params.items() if isinstance(v, uuid.UUID | date)]  # fmt: skip
    return session.execute(text(sql).bindparams(*typed), params)


# --- search as you type ----------------------------------------------------------------------


def voorbeelden(sessions: sessionmaker[Session], g: Gebruikers, aantal: int = 3) -> list[Inwoner]:
    """Inwoners to search for: spread over the coach's list, so every user measured may
    find them."""
    with sessions() as session:
        coach = session.get(Medewerker, g.coach)
        ids = search_inwoner_ids(session, actor=coach, filter=InwonerFilter())
        gekozen = [ids[len(ids) * (k + 1) // (aantal + 1)] for k in range(aantal)]
        inwoners = [session.get(Inwoner, i) for i in gekozen]
        session.expunge_all()
        return inwoners


def toetsen(woorden: list[str]) -> list[str]:
    """What the search field holds after each keystroke of typing these texts."""
    return [w[:n] for w in woorden for n in range(1, len(w) + 1)]


def _zoek_werk(tekst: str) -> Werk:
    def werk(session: Session, actor: Medewerker):
        ids = search_inwoner_ids(session, actor=actor, filter=InwonerFilter(tekst=tekst))
        return inwoner_rows(session, actor=actor, ids=ids[:ZICHTBAAR])

    return werk


_RIJEN = """
SELECT i.id, i.achternaam, i.voornamen, i.tussenvoegsel, i.bsn, i.geboortedatum, i.woonplaats,
       g.naam, m.naam
FROM inwoner i JOIN gemeente g ON g.id = i.woongemeente_id
LEFT JOIN medewerker m ON m.id = i.regievoerder_id
WHERE i.id IN (SELECT id FROM ({ids}) AS eerste)
"""


def hand_zoeken(tekst: str) -> list[tuple[str, dict[str, Any]]]:
    """The best SQL for someone who sees every inwoner: the matching IDs (at most the list's
    maximum) and the rows of the first screen."""
    from app.services.text import parse_date

    tekst = tekst.strip()
    params: dict[str, Any] = {"n": MAX_TREFFERS + 1}
    volgorde = "sorteernaam, id"
    if (d := parse_date(tekst)) is not None:
        where, params["d"] = "geboortedatum = :d", d
    elif (digits := bsn_cijfers(tekst)) is not None:
        if len(digits) < MIN_BSN_CIJFERS:
            return []  # nothing to ask the database
        where, params["a"], params["b"] = "bsn >= :a AND bsn < :b", digits, digits + ":"
        volgorde = "bsn"
    else:
        woorden = zoekwoorden(tekst)
        if len(woorden) == 1 and len(woorden[0]) == 1:
            where, params["a"] = "sorteernaam >= :a AND sorteernaam < :b", woorden[0]
            params["b"] = chr(ord(woorden[0]) + 1)
        else:
            woorden.sort(key=len, reverse=True)  # the longest word has the fewest matches
            extra = "".join(
                f" AND EXISTS (SELECT 1 FROM inwoner_zoekwoord a{k} WHERE a{k}.inwoner_id = "
                f"z.inwoner_id AND a{k}.woord >= :a{k} AND a{k}.woord < :b{k})"
                for k in range(1, len(woorden))
            )
            for k, w in enumerate(woorden):
                params[f"a{k}"], params[f"b{k}"] = w, w[:-1] + chr(ord(w[-1]) + 1)
            ids = (f"SELECT DISTINCT z.sorteernaam, z.inwoner_id AS id FROM inwoner_zoekwoord z "
                   f"WHERE z.woord >= :a0 AND z.woord < :b0{extra} "
                   f"ORDER BY z.sorteernaam, z.inwoner_id LIMIT :n")  # fmt: skip
            eerste = f"SELECT id FROM ({ids}) AS z LIMIT {ZICHTBAAR}"
            return [(ids, params), (_RIJEN.format(ids=eerste), params)]
    ids = (f"SELECT id FROM inwoner WHERE {where} AND geanonimiseerd_op IS NULL "
           f"ORDER BY {volgorde} LIMIT :n")  # fmt: skip
    eerste = f"SELECT id FROM ({ids}) AS z LIMIT {ZICHTBAAR}"
    return [(ids, params), (_RIJEN.format(ids=eerste), params)]


def zoeken(sessions: sessionmaker[Session], g: Gebruikers) -> list[Meting]:
    """Latency per keystroke (search plus the first screen of rows), typing the name, BSN and
    date of birth of three inwoners, as the functioneel beheerder (the whole file: the
    largest lists) and as the coach (their team's caseload)."""
    mensen = voorbeelden(sessions, g)
    soorten = {
        "naam": [f"{p.achternaam} {p.voornamen.split()[0]}" for p in mensen],
        "bsn": [p.bsn for p in mensen],
        "geboortedatum": [p.geboortedatum.strftime("%d-%m-%Y") for p in mensen],
    }
    for actor_id in (g.beheerder, g.coach):  # a fresh connection's first query is not typing
        _keer(sessions, actor_id, _zoek_werk(soorten["naam"][0][:1]), 1)
    metingen = []
    for soort, woorden in soorten.items():
        reeks = toetsen(woorden)
        for wie, actor_id in (("beheerder", g.beheerder), ("coach", g.coach)):
            tijden: list[float] = []
            hand: list[float] = []
            for tekst in reeks:
                tijden += _keer(sessions, actor_id, _zoek_werk(tekst), 1)[0]
                if wie == "beheerder":
                    hand += _hand(sessions, hand_zoeken(tekst), 1)
            metingen.append(Meting(
                f"zoeken_{soort}_{wie}",
                f"zoeken op {soort} per toetsaanslag, {wie}",
                tijden, doel=0.050, hand=hand or None, schaal=2,
                toelichting=f"{len(reeks)} toetsaanslagen"
                + ("" if hand else "; binnen het bereik van het team, geen handvergelijking"),
            ))  # fmt: skip
    return metingen


# --- werkvoorraad, overviews, KPIs, report -------------------------------------------------


# The rows the werkvoorraad of a medewerker decides from, written by hand: their inwoners
# (regievoerder or coach on the running trajectory) and, for those, the plans to evaluate,
# the running trajectories with the last contact, follow-up contacts due and the
# loonwaardemetingen due. The norms are decided in Python in both.
HAND_MIJN = """
SELECT id FROM inwoner WHERE regievoerder_id = :m
UNION SELECT inwoner_id FROM traject WHERE fase <> 'AFGESLOTEN' AND (werkcoach_id = :m
   OR jobcoach_id = :m OR participatiecoach_id = :m OR accountmanager_id = :m)
"""
HAND_WERKVOORRAAD = [
    f"""SELECT p.id, p.type, p.volgende_evaluatie, i.id, i.voornamen, i.tussenvoegsel,
        i.achternaam FROM ontwikkelplan p JOIN inwoner i ON i.id = p.inwoner_id
        WHERE p.status = 'VASTGESTELD' AND p.volgende_evaluatie <= :tot
        AND p.inwoner_id IN ({HAND_MIJN})""",
    f"""SELECT t.id, t.fase, t.fase_sinds, t.nazorg_tot, t.contact_per_jaar, i.voornamen,
        i.tussenvoegsel, i.achternaam, (SELECT max(c.datum) FROM contactmoment c
        WHERE c.inwoner_id = t.inwoner_id) FROM traject t JOIN inwoner i ON i.id = t.inwoner_id
        WHERE t.fase <> 'AFGESLOTEN' AND t.inwoner_id IN ({HAND_MIJN})""",
    f"""SELECT c.id, c.vervolgdatum, c.vervolgactie, c.inwoner_id FROM contactmoment c
        WHERE c.vervolgdatum <= :tot AND c.inwoner_id IN ({HAND_MIJN})
        AND NOT EXISTS (SELECT 1 FROM contactmoment l WHERE l.inwoner_id = c.inwoner_id
                        AND l.datum > c.datum)""",
    f"""SELECT l.id, l.volgende_meting, l.datum, l.inwoner_id FROM loonwaardemeting l
        WHERE l.volgende_meting <= :tot AND l.inwoner_id IN ({HAND_MIJN})
        AND NOT EXISTS (SELECT 1 FROM loonwaardemeting n WHERE n.inwoner_id = l.inwoner_id
                        AND n.datum > l.datum)""",
]

# The caseload overview per coach by hand: the team's coaches' active inwoners by phase and
# stage, without a vastgesteld plan, with an overdue evaluation and past a norm; and the
# labels valid today (SW/BSW against the norm, the doelgroepen).
HAND_CASELOAD = [
    """SELECT i.regievoerder_id, t.fase, t.ontwikkelstadium, count(*),
       sum(CASE WHEN t.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ontwikkelplan p
           WHERE p.inwoner_id = i.id AND p.status = 'VASTGESTELD') THEN 1 ELSE 0 END),
       sum(CASE WHEN EXISTS (SELECT 1 FROM ontwikkelplan p WHERE p.inwoner_id = i.id
           AND p.status = 'VASTGESTELD' AND p.volgende_evaluatie < :vandaag) THEN 1 ELSE 0 END),
       sum(CASE WHEN (t.fase IN ('ZELFSTANDIG_ZOEKEN', 'ONTWIKKELING', 'MATCHING')
                      AND t.werkfit_sinds <= :uitstroom)
             OR (t.fase = 'ONTWIKKELING' AND t.ontwikkeling_sinds <= :ontwikkeling
                 AND (t.verlengd_tot IS NULL OR t.verlengd_tot < :vandaag))
           THEN 1 ELSE 0 END)
    FROM inwoner i
    JOIN medewerker m ON m.id = i.regievoerder_id AND m.team_id = :team
    LEFT JOIN traject t ON t.inwoner_id = i.id AND t.fase <> 'AFGESLOTEN'
    WHERE i.dossier_gesloten_op IS NULL
    GROUP BY i.regievoerder_id, t.fase, t.ontwikkelstadium""",
    """SELECT i.regievoerder_id, l.label, count(*)
    FROM inwoner i
    JOIN medewerker m ON m.id = i.regievoerder_id AND m.team_id = :team
    JOIN inwoner_label l ON l.inwoner_id = i.id AND l.geldig_van <= :vandaag
         AND (l.geldig_tot IS NULL OR l.geldig_tot >= :vandaag)
    WHERE i.dossier_gesloten_op IS NULL
    GROUP BY i.regievoerder_id, l.label""",
]


def caseload_params(sessions: sessionmaker[Session], team: uuid.UUID) -> dict[str, Any]:
    """The values HAND_CASELOAD needs: the team, today, and the start dates past the norms."""
    vandaag = date.today()
    with sessions() as session:
        waarden = inst.alle_instellingen(session)
    return {
        "team": team,
        "vandaag": vandaag,
        "uitstroom": laatste_start(vandaag, waarden[inst.UITSTROOM_ESCALATIE]),
        "ontwikkeling": laatste_start(vandaag, waarden[inst.ONTWIKKELING_ESCALATIE]),
    }


def overzichten(sessions: sessionmaker[Session], g: Gebruikers) -> list[Meting]:
    vandaag = date.today()
    with sessions() as session:
        vooruit = inst.instelling(session, inst.VOORUITKIJKEN)
        team = session.get(Medewerker, g.teamleider).team_id
        gemeente_id = session.scalar(
            select(Inwoner.woongemeente_id).where(Inwoner.regievoerder_id == g.coach)
            .group_by(Inwoner.woongemeente_id).order_by(func.count().desc()).limit(1))  # fmt: skip
    tot = vandaag + timedelta(days=vooruit)
    metingen = []

    tijden, items = _keer(sessions, g.coach, lambda s, a: werkvoorraad(s, actor=a), 20)
    hand = _hand(sessions, [(sql, {"m": g.coach, "tot": tot}) for sql in HAND_WERKVOORRAAD], 20)
    metingen.append(Meting("werkvoorraad_coach", "werkvoorraad van de coach", tijden,
                           doel=0.200, hand=hand, schaal=2,
                           toelichting=f"{len(items)} items"))  # fmt: skip
    tijden, items = _keer(sessions, g.teamleider, lambda s, a: werkvoorraad(s, actor=a), 5)
    metingen.append(Meting(
        "werkvoorraad_teamleider", "werkvoorraad van de teamleider", tijden, toets="mediaan",
        doel=0.500, toelichting=f"{len(items)} items, met de escalaties van het team"))  # fmt: skip
    if g.consulent_sdv is not None:
        tijden, items = _keer(sessions, g.consulent_sdv,
                              lambda s, a: werkvoorraad(s, actor=a), 10)  # fmt: skip
        metingen.append(Meting("werkvoorraad_consulent_sdv",
                               "werkvoorraad van de consulent schulddienstverlening", tijden,
                               doel=0.200, toelichting=f"{len(items)} items"))  # fmt: skip

    def per_coach(session, actor):
        return caseload(session, actor=actor, niveau=Niveau.COACH).rijen

    tijden, rijen = _keer(sessions, g.teamleider, per_coach, 5)
    hand = _hand(sessions, [(sql, caseload_params(sessions, team)) for sql in HAND_CASELOAD], 5)
    metingen.append(Meting("caseload_teamleider", "caseloadoverzicht van de teamleider", tijden,
                           toets="mediaan", doel=0.500, hand=hand, max_verhouding=2, schaal=12,
                           toelichting=f"{len(rijen)} coaches"))  # fmt: skip

    jaar = periode(str(vandaag.year))
    tijden, _ = _keer(sessions, g.teamleider, lambda s, a: kpis(s, actor=a, periode=jaar), 3)
    metingen.append(Meting("kpi_alle", "alle KPI's over een jaar, met vorig jaar", tijden,
                           toets="mediaan", doel=1.0, schaal=12))  # fmt: skip

    def rapport_pdf(session, actor):
        return pdf_bytes(gemeenterapport(session, actor=actor, periode=jaar,
                                         gemeente_id=gemeente_id))  # fmt: skip

    tijden, pdf = _keer(sessions, g.teamleider, rapport_pdf, 3)
    metingen.append(Meting("gemeenterapport_pdf", "gemeenterapportage als PDF", tijden,
                           toets="mediaan", schaal=12,
                           toelichting=f"{len(pdf) // 1024} kB"))  # fmt: skip
    if g.consulent_sdv is not None:
        tijden, rijen = _keer(sessions, g.consulent_sdv, lambda s, a: overzicht(s, actor=a), 5)
        metingen.append(Meting("schuldhulp_overzicht", "schuldhulpoverzicht van de consulent",
                               tijden, toets="mediaan", doel=0.500,
                               toelichting=f"{len(rijen)} trajecten"))  # fmt: skip
    return metingen


# --- printing ontwikkelplannen ----------------------------------------------------------------


def afdrukken(sessions: sessionmaker[Session], g: Gebruikers) -> list[Meting]:
    """One plan (20 times) and a batch of 200, each in its own transaction as the batch print
    does, as the team lead (whose reach holds the team's plans)."""
    with sessions() as session:
        leider = session.get(Medewerker, g.teamleider)
        plan_ids = list(session.scalars(
            select(Ontwikkelplan.id).join(Inwoner, Inwoner.id == Ontwikkelplan.inwoner_id)
            .where(Ontwikkelplan.status == PlanStatus.VASTGESTELD, in_bereik(leider))
            .order_by(Ontwikkelplan.id).limit(200)))  # fmt: skip
    if not plan_ids:
        return []

    def een(plan_id):
        return lambda s, a: print_plan(s, actor=a, plan_id=plan_id)

    enkel = [t for p in plan_ids[:20] for t in _keer(sessions, g.teamleider, een(p), 1)[0]]
    started = time.perf_counter()
    for plan_id in plan_ids:
        _keer(sessions, g.teamleider, een(plan_id), 1)
    batch = time.perf_counter() - started
    return [
        Meting("iop_een", "één ontwikkelplan afdrukken (lezen + PDF)", enkel, doel=0.200),
        Meting(
            "iop_200",
            f"{len(plan_ids)} ontwikkelplannen achter elkaar",
            [batch],
            toets="mediaan",
            doel=30.0,
            toelichting=f"{batch / len(plan_ids) * 1000:.0f} ms per plan",
        ),
    ]


# --- the dossier -------------------------------------------------------------------------------

# What the dossier's tabs show, by hand: the personalia with gemeente and regievoerder, the
# journal, the plans with their goals, the trajectories with their history, the
# loonwaardemetingen and the schuldhulptrajecten.
HAND_DOSSIER = [
    """SELECT i.*, g.naam, m.naam FROM inwoner i JOIN gemeente g ON g.id = i.woongemeente_id
       LEFT JOIN medewerker m ON m.id = i.regievoerder_id WHERE i.id = :i""",
    "SELECT * FROM contactmoment WHERE inwoner_id = :i ORDER BY datum DESC",
    """SELECT p.*, d.* FROM ontwikkelplan p LEFT JOIN ontwikkeldoel d ON d.plan_id = p.id
       WHERE p.inwoner_id = :i""",
    """SELECT t.*, o.* FROM traject t LEFT JOIN fase_overgang o ON o.traject_id = t.id
       WHERE t.inwoner_id = :i""",
    "SELECT * FROM loonwaardemeting WHERE inwoner_id = :i",
    "SELECT * FROM schuldhulptraject WHERE inwoner_id = :i",
]


def dossier_inwoners(sessions: sessionmaker[Session], g: Gebruikers, aantal: int
                     ) -> list[uuid.UUID]:  # fmt: skip
    """Dossiers to open: spread over the coach's own list."""
    with sessions() as session:
        coach = session.get(Medewerker, g.coach)
        ids = search_inwoner_ids(session, actor=coach, filter=InwonerFilter())
    return [ids[len(ids) * (k + 1) // (aantal + 1)] for k in range(aantal)]


def hand_dossier(sessions: sessionmaker[Session], inwoners: list[uuid.UUID]) -> list[float]:
    return [t for i in inwoners
            for t in _hand(sessions, [(sql, {"i": i}) for sql in HAND_DOSSIER], 1)]  # fmt: skip
