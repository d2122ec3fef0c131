"""The hand-written SQL the benchmark times next to the services: for each figure the SQL a
person who knows this schema would write for the same answer (tests/services/test_bench.py
holds the answers to the services'), run on a fresh session with every row fetched."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, Uuid, bindparam, text
from sqlalchemy.orm import Session, sessionmaker

from app.services import instellingen as inst
from app.services.caseload import laatste_start
from app.services.inwoners import MAX_TREFFERS, MIN_BSN_CIJFERS, bsn_cijfers, zoekwoorden

# Rows the list shows on a first screen after a search.
ZICHTBAAR = 40


def voer_uit(session: Session, sql: str, params: dict[str, Any]):
    """Run hand-written SQL with those of `params` it names, UUIDs and dates bound as the
    models store them on either database."""
    params = {k: v for k, v in params.items() if f":{k}" in sql}
    typed = [bindparam(k, type_=Uuid() if isinstance(v, uuid.UUID) else Date())
             for k, v in params.items() if isinstance(v, uuid.UUID | date)]  # fmt: skip
    return session.execute(text(sql).bindparams(*typed), params)


# --- search as you type ----------------------------------------------------------------------


_RIJEN = """
SELECT i.id, i.achternaam, i.voornamen, i.tussenvoegsel, i.bsn, i.geboortedatum, i.woonplaats,
       g.naam, m.naam
FROM inwoner i JOIN gemeente g ON g.id = i.woongemeente_id
LEFT JOIN medewerker m ON m.id = i.regievoerder_id
WHERE i.id IN (SELECT id FROM ({ids}) AS eerste)
"""


# The reach of a coach (a team's caseload): their own inwoners, those on a trajectory they
# coach, the team's, and the debt clients of the team's consulenten (app/services/toegang.py).
BEREIK = """(i.regievoerder_id = :m
  OR i.id IN (SELECT inwoner_id FROM traject WHERE fase <> 'AFGESLOTEN' AND (werkcoach_id = :m
              OR jobcoach_id = :m OR participatiecoach_id = :m OR accountmanager_id = :m))
  OR i.regievoerder_id IN (SELECT id FROM medewerker WHERE team_id = :team)
  OR i.id IN (SELECT inwoner_id FROM schuldhulptraject WHERE fase <> 'AFGESLOTEN'
              AND consulent_id IN (SELECT id FROM medewerker WHERE team_id = :team)))"""

# A team lead also reaches the team's unassigned inwoners (of the team's gemeente, or all).
BEREIK_TEAMLEIDER = (
    BEREIK[:-1]
    + """
  OR (i.regievoerder_id IS NULL AND ((SELECT gemeente_id FROM team WHERE id = :team) IS NULL
      OR i.woongemeente_id = (SELECT gemeente_id FROM team WHERE id = :team))))"""
)


def hand_zoeken(tekst: str, bereik: dict[str, uuid.UUID] | None = None
                ) -> list[tuple[str, dict[str, Any]]]:  # fmt: skip
    """The matching IDs (at most the list's maximum) and the rows of the first screen, for
    someone who sees every inwoner or, with `bereik` ({"m": coach, "team": their team}),
    within a coach's reach."""
    from app.services.text import parse_date

    tekst = tekst.strip()
    params: dict[str, Any] = {"n": MAX_TREFFERS + 1, **(bereik or {})}
    in_bereik = f" AND {BEREIK}" if bereik else ""
    volgorde = "i.sorteernaam, i.id"
    if (d := parse_date(tekst)) is not None:
        where, params["d"] = "i.geboortedatum = :d", d
    elif (digits := bsn_cijfers(tekst)) is not None:
        if len(digits) < MIN_BSN_CIJFERS:
            return []  # nothing to ask the database
        where, params["a"], params["b"] = "i.bsn >= :a AND i.bsn < :b", digits, digits + ":"
        volgorde = "i.bsn"
    else:
        woorden = zoekwoorden(tekst)
        if len(woorden) == 1 and len(woorden[0]) == 1:
            where, params["a"] = "i.sorteernaam >= :a AND i.sorteernaam < :b", woorden[0]
            params["b"] = chr(ord(woorden[0]) + 1)
        else:
            woorden.sort(key=len, reverse=True)  # the longest word has the fewest matches
            extra = "".join(
                f" AND EXISTS (SELECT 1 FROM inwoner_zoekwoord a{k} WHERE a{k}.inwoner_id = "
                f"z.inwoner_id AND a{k}.woord >= :a{k} AND a{k}.woord < :b{k})"
                for k in range(1, len(woorden))
            )
            if bereik:
                extra += (" AND EXISTS (SELECT 1 FROM inwoner i WHERE i.id = z.inwoner_id AND "
                          f"i.geanonimiseerd_op IS NULL{in_bereik})")  # fmt: skip
            for k, w in enumerate(woorden):
                params[f"a{k}"], params[f"b{k}"] = w, w[:-1] + chr(ord(w[-1]) + 1)
            ids = (f"SELECT DISTINCT z.sorteernaam, z.inwoner_id AS id FROM inwoner_zoekwoord z "
                   f"WHERE z.woord >= :a0 AND z.woord < :b0{extra} "
                   f"ORDER BY z.sorteernaam, z.inwoner_id LIMIT :n")  # fmt: skip
            eerste = f"SELECT id FROM ({ids}) AS z LIMIT {ZICHTBAAR}"
            return [(ids, params), (_RIJEN.format(ids=eerste), params)]
    ids = (f"SELECT i.id FROM inwoner i WHERE {where} AND i.geanonimiseerd_op IS NULL"
           f"{in_bereik} ORDER BY {volgorde} LIMIT :n")  # fmt: skip
    eerste = f"SELECT id FROM ({ids}) AS z LIMIT {ZICHTBAAR}"
    return [(ids, params), (_RIJEN.format(ids=eerste), params)]


# --- werkvoorraad and caseload ---------------------------------------------------------------


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

# What a team lead's werkvoorraad adds to their own: the trajectories in the team's reach past
# the warning of a month-based norm (the months are decided exactly in Python in both).
HAND_TEAM_NORMEN = f"""SELECT t.id, t.fase, t.werkfit_sinds, t.ontwikkeling_sinds,
  t.verlengd_tot, i.id, i.voornamen, i.tussenvoegsel, i.achternaam
FROM traject t JOIN inwoner i ON i.id = t.inwoner_id
WHERE ((t.fase IN ('ZELFSTANDIG_ZOEKEN', 'ONTWIKKELING', 'MATCHING')
        AND t.werkfit_sinds <= :uitstroom)
    OR (t.fase = 'ONTWIKKELING' AND t.ontwikkeling_sinds <= :ontwikkeling))
  AND {BEREIK_TEAMLEIDER}"""


def _normgrenzen(sessions: sessionmaker[Session], grens, uitstroom: str, ontwikkeling: str
                 ) -> dict[str, Any]:  # fmt: skip
    """Today and the start dates past the two month-based norms (the settings `uitstroom`
    and `ontwikkeling`), by `grens` (the warning or the escalation date function)."""
    vandaag = date.today()
    with sessions() as session:
        waarden = inst.alle_instellingen(session)
    return {"vandaag": vandaag, "uitstroom": grens(vandaag, waarden[uitstroom]),
            "ontwikkeling": grens(vandaag, waarden[ontwikkeling])}  # fmt: skip


def team_normen_params(sessions: sessionmaker[Session], leider: uuid.UUID, team: uuid.UUID
                       ) -> dict[str, Any]:  # fmt: skip
    from app.services.normen import uiterste_start

    grenzen = _normgrenzen(sessions, uiterste_start, inst.UITSTROOM_WAARSCHUWING,
                           inst.ONTWIKKELING_WAARSCHUWING)  # fmt: skip
    return {"m": leider, "team": team, **grenzen}


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
    grenzen = _normgrenzen(sessions, laatste_start, inst.UITSTROOM_ESCALATIE,
                           inst.ONTWIKKELING_ESCALATIE)  # fmt: skip
    return {"team": team, **grenzen}


# --- the dossier -----------------------------------------------------------------------------


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


# --- the KPIs --------------------------------------------------------------------------------


def _maanden(dialect: str, van: str, tot: str) -> str:
    """Whole calendar months from `van` to `tot` (as kpi.volle_maanden counts them)."""
    if dialect == "sqlite":

        def deel(d: str, f: str) -> str:
            return f"CAST(strftime('%{f}', {d}) AS INTEGER)"
    else:

        def deel(d: str, f: str) -> str:
            return f"EXTRACT({ {'Y': 'YEAR', 'm': 'MONTH', 'd': 'DAY'}[f] } FROM {d})"

    return (
        f"(({deel(tot, 'Y')} * 12 + {deel(tot, 'm')}) - ({deel(van, 'Y')} * 12 + "
        f"{deel(van, 'm')}) - CASE WHEN {deel(tot, 'd')} < {deel(van, 'd')} THEN 1 ELSE 0 "
        "END)"
    )


def _dagen(dialect: str, van: str, tot: str) -> str:
    if dialect == "sqlite":
        return f"CAST(julianday({tot}) - julianday({van}) AS INTEGER)"
    return f"({tot} - {van})"


# The inwoners with an SW or beschut-werk label on the last day (a UNION: DISTINCT alone
# makes SQLite walk the label table in inwoner order), active that day.
_DOELGROEP = """(SELECT l.inwoner_id FROM inwoner_label l
  WHERE l.label IN ('SW_WSW', 'BSW_NIEUW_BESCHUT') AND l.geldig_van <= :tot
    AND (l.geldig_tot IS NULL OR l.geldig_tot >= :tot)
  UNION SELECT l2.inwoner_id FROM inwoner_label l2 WHERE 1 = 0) d
  JOIN inwoner i ON i.id = d.inwoner_id
  AND (i.dossier_gesloten_op IS NULL OR i.dossier_gesloten_op > :tot)"""
_BANENAFSPRAAK = """EXISTS (SELECT 1 FROM inwoner_label l WHERE l.inwoner_id = {kolom}
  AND l.label = 'DOELGROEPREGISTER_BANENAFSPRAAK' AND l.geldig_van <= :tot
  AND (l.geldig_tot IS NULL OR l.geldig_tot >= :tot))"""
_LAATSTE_NIVEAU = """(SELECT w.inwoner_id, max(w.niveau) AS niveau FROM werkniveau_meting w
  JOIN (SELECT inwoner_id, max(datum) AS datum FROM werkniveau_meting WHERE datum <= :tot
        GROUP BY inwoner_id) m ON m.inwoner_id = w.inwoner_id AND m.datum = w.datum
  GROUP BY w.inwoner_id) n ON n.inwoner_id = d.inwoner_id"""
_UIT_NAAR_WERK = "('DETACHERING', 'WERK_LKS', 'WERK_REGULIER', 'SCHOOL_OPLEIDING', 'GARANTIEBAAN')"


def hand_kpis(dialect: str, duurzaam_maanden: int) -> dict[str, str]:
    """Per KPI the (teller, noemer) of a period (:van, :tot, :voor = the day before :van),
    each as one aggregate query over its population (see app/services/kpi.py)."""
    n = duurzaam_maanden
    return {
        "K01": f"""SELECT sum(CASE WHEN EXISTS (SELECT 1 FROM ontwikkelplan p
            WHERE p.inwoner_id = d.inwoner_id AND p.vastgesteld_op <= :tot
            AND p.status IN ('VASTGESTELD', 'VERVANGEN')
            AND (p.afgesloten_op IS NULL OR p.afgesloten_op > :tot)) THEN 1 ELSE 0 END), count(*)
            FROM {_DOELGROEP}""",
        "K02": f"""SELECT sum(CASE WHEN n.niveau > b.niveau THEN 1 ELSE 0 END), count(*)
            FROM {_DOELGROEP} JOIN werkniveau_meting b ON b.inwoner_id = d.inwoner_id
            AND b.is_baseline AND b.datum <= :tot JOIN {_LAATSTE_NIVEAU}""",
        "K03": f"""SELECT sum(CASE WHEN n.niveau >= b.niveau THEN 1 ELSE 0 END), count(*)
            FROM {_DOELGROEP} JOIN werkniveau_meting b ON b.inwoner_id = d.inwoner_id
            AND b.is_baseline AND b.datum <= :tot JOIN {_LAATSTE_NIVEAU}""",
        "K05": f"""SELECT count(*), count(*) FROM plaatsing p WHERE p.startdatum <= :tot
            AND (p.einddatum IS NULL OR p.einddatum >= :tot)
            AND {_BANENAFSPRAAK.format(kolom="p.inwoner_id")}""",
        "PL": "SELECT count(*), count(*) FROM plaatsing WHERE startdatum BETWEEN :van AND :tot",
        "K06": f"""SELECT sum(coalesce(m.vastgestelde_loonwaarde, m.berekende_loonwaarde)),
            count(*) FROM loonwaardemeting m WHERE m.datum BETWEEN :van AND :tot
            AND NOT EXISTS (SELECT 1 FROM loonwaardemeting l WHERE l.inwoner_id = m.inwoner_id
              AND l.datum BETWEEN :van AND :tot AND l.datum > m.datum)
            AND {_BANENAFSPRAAK.format(kolom="m.inwoner_id")}""",
        "K07": f"""SELECT sum(CASE WHEN p.einddatum IS NULL
              OR {_maanden(dialect, "p.startdatum", "p.einddatum")} >= {n} THEN 1 ELSE 0 END),
            count(*) FROM plaatsing p
            WHERE {_maanden(dialect, "p.startdatum", ":tot")} >= {n}
            AND {_maanden(dialect, "p.startdatum", ":voor")} < {n}""",
        "K13": f"""SELECT sum(CASE WHEN uitstroomreden IN {_UIT_NAAR_WERK} THEN 1 ELSE 0 END),
            count(*) FROM traject WHERE fase = 'AFGESLOTEN' AND einddatum BETWEEN :van AND :tot""",
        "DL": f"""SELECT sum({_dagen(dialect, "t.startdatum", "p.startdatum")}), count(*)
            FROM plaatsing p JOIN traject t ON t.id = p.traject_id
            WHERE p.startdatum BETWEEN :van AND :tot AND NOT EXISTS (SELECT 1 FROM plaatsing e
              WHERE e.traject_id = p.traject_id AND e.startdatum < p.startdatum)""",
        "UV": """SELECT sum(CASE WHEN EXISTS (SELECT 1 FROM fase_overgang o
              WHERE o.traject_id = t.id AND o.naar_fase = 'AFGESLOTEN'
              AND o.van_fase = 'ONDERBROKEN') THEN 1 ELSE 0 END), count(*)
            FROM traject t WHERE t.fase = 'AFGESLOTEN' AND t.einddatum BETWEEN :van AND :tot""",
    }


def kpi_params(van: date, tot: date) -> dict[str, Any]:
    from datetime import timedelta

    return {"van": van, "tot": tot, "voor": van - timedelta(days=1)}


# --- schuldhulp ------------------------------------------------------------------------------

# A consulent's open schuldhulptrajecten with the inwoner, consulent, gemeente and their
# schulden counted and summed (the next deadline is computed in Python in both).
HAND_SCHULDHULP = """SELECT s.*, i.voornamen, i.tussenvoegsel, i.achternaam, i.bsn, m.naam, g.naam,
  (SELECT count(*) FROM schuld WHERE traject_id = s.id),
  (SELECT coalesce(sum(bedrag_opgegeven), 0) FROM schuld WHERE traject_id = s.id)
FROM schuldhulptraject s JOIN inwoner i ON i.id = s.inwoner_id
JOIN medewerker m ON m.id = s.consulent_id JOIN gemeente g ON g.id = s.gemeente_id
WHERE s.fase <> 'AFGESLOTEN' AND s.consulent_id = :m"""
