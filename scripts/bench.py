"""`make bench`: timings users feel, kept out of the tests (tests assert behaviour only).

Measures printing ontwikkelplannen (issue 4): one plan (median and p95 of 20) and a batch of
200, each from a demo database, including reading the plan from the database. And the
werkvoorraad (issue 5): `koers demo` at 100,000 inwoners (how long it takes), then the
werkvoorraad of the demo's coach (median and p95 of 20, the first one cold) and of the team
lead, who also sees the team's escalations; on the same database the werkvoorraad of the demo
consulent schulddienstverlening and the schuldhulp overview of the debt team (issue 7); the
team lead's caseload overview, with the ratio to a hand-written SQL query for the same figures,
and the full KPI set over a year (issue 8). Writes
bench-results.json and prints a markdown table. `--werkvoorraad-inwoners 0` leaves the big
demo out.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from app.models import Medewerker, Ontwikkelplan, PlanStatus
from app.services.caseload import Niveau, caseload
from app.services.demo import generate_demo
from app.services.iop_afdrukken import iop_document
from app.services.kpi import kpis
from app.services.periodes import periode
from app.services.printing.iop import render_iop
from app.services.schuldhulp_overzicht import overzicht
from app.services.werkvoorraad import werkvoorraad
from app.startup import open_database


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def bench_werkvoorraad(inwoners: int, tmp: str) -> dict[str, float]:
    """Generate a demo of `inwoners` (timed), then time the werkvoorraad of its demo coach
    and team lead as the GUI asks for it: a fresh session, the medewerker loaded, the list
    computed."""
    engine, sessions = open_database(f"sqlite:///{Path(tmp) / 'werkvoorraad.db'}")
    started = time.perf_counter()
    demo = generate_demo(sessions, inwoners=inwoners, seed=1)
    demo_s = time.perf_counter() - started

    def timed(gebruikersnaam: str, lijst=werkvoorraad) -> tuple[float, int]:
        with sessions() as session:
            started = time.perf_counter()
            actor = session.scalar(
                select(Medewerker).where(Medewerker.gebruikersnaam == gebruikersnaam)
            )
            items = lijst(session, actor=actor)
            return time.perf_counter() - started, len(items)

    coach = [timed(demo.accounts["coach"]) for _ in range(20)]
    teamleider = [timed(demo.accounts["teamleider"]) for _ in range(5)]
    consulent = [timed(demo.accounts["consulent SDV"]) for _ in range(20)]
    sdv_team = [timed(demo.accounts["teamleider SDV"], overzicht) for _ in range(5)]

    def overview(session, actor):
        return caseload(session, actor=actor, niveau=Niveau.COACH).rijen

    def kpi_set(session, actor):
        return kpis(session, actor=actor, periode=periode(str(date.today().year)))

    lead = demo.accounts["teamleider"]
    caseload_s = [timed(lead, overview) for _ in range(5)]
    hand_s = [_hand_caseload(sessions, lead) for _ in range(5)]
    kpi_s = [timed(lead, kpi_set) for _ in range(3)]
    engine.dispose()
    coach_s = [s for s, _ in coach]
    return {
        "demo_inwoners": inwoners,
        "demo_s": round(demo_s, 1),
        "werkvoorraad_coach_eerste_s": round(coach_s[0], 4),
        "werkvoorraad_coach_mediaan_s": round(statistics.median(coach_s), 4),
        "werkvoorraad_coach_p95_s": round(_p95(coach_s), 4),
        "werkvoorraad_coach_items": coach[0][1],
        "werkvoorraad_teamleider_mediaan_s": round(statistics.median(s for s, _ in teamleider), 4),
        "werkvoorraad_teamleider_items": teamleider[0][1],
        "werkvoorraad_consulent_sdv_mediaan_s": round(statistics.median(s for s, _ in consulent),
                                                      4),
        "werkvoorraad_consulent_sdv_items": consulent[0][1],
        "schuldhulp_overzicht_team_mediaan_s": round(statistics.median(s for s, _ in sdv_team), 4),
        "schuldhulp_overzicht_team_trajecten": sdv_team[0][1],
        "caseload_teamleider_mediaan_s": round(statistics.median(s for s, _ in caseload_s), 4),
        "caseload_teamleider_coaches": caseload_s[0][1],
        "caseload_handgeschreven_sql_s": round(statistics.median(hand_s), 4),
        "caseload_verhouding": round(statistics.median(s for s, _ in caseload_s)
                                     / statistics.median(hand_s), 2),
        "kpi_alle_jaar_mediaan_s": round(statistics.median(s for s, _ in kpi_s), 4),
    }  # fmt: skip


# The same figures as the caseload overview's main part, written by hand for this database:
# active inwoners of the team's coaches by phase, and SW/BSW labels valid today.
HAND_CASELOAD = """
SELECT i.regievoerder_id, count(*),
       sum(CASE WHEN t.fase IS NULL THEN 1 ELSE 0 END),
       sum(CASE WHEN t.fase = 'MATCHING' THEN 1 ELSE 0 END),
       sum(CASE WHEN t.fase = 'ONTWIKKELING' THEN 1 ELSE 0 END),
       sum(CASE WHEN t.ontwikkelstadium IS NULL THEN 1 ELSE 0 END)
FROM inwoner i
JOIN medewerker m ON m.id = i.regievoerder_id AND m.team_id = :team
LEFT JOIN traject t ON t.inwoner_id = i.id AND t.fase <> 'AFGESLOTEN'
WHERE i.dossier_gesloten_op IS NULL
GROUP BY i.regievoerder_id
"""
HAND_LABELS = """
SELECT i.regievoerder_id, l.label, count(*)
FROM inwoner i
JOIN medewerker m ON m.id = i.regievoerder_id AND m.team_id = :team
JOIN inwoner_label l ON l.inwoner_id = i.id AND l.geldig_van <= :vandaag
     AND (l.geldig_tot IS NULL OR l.geldig_tot >= :vandaag)
WHERE i.dossier_gesloten_op IS NULL
GROUP BY i.regievoerder_id, l.label
"""


def _hand_caseload(sessions, gebruikersnaam: str) -> float:
    with sessions() as session:
        started = time.perf_counter()
        team = session.scalar(select(Medewerker.team_id).where(
            Medewerker.gebruikersnaam == gebruikersnaam))  # fmt: skip
        session.execute(text(HAND_CASELOAD), {"team": team.hex}).all()
        session.execute(text(HAND_LABELS), {"team": team.hex, "vandaag": date.today()}).all()
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inwoners", type=int, default=2000)
    parser.add_argument("--werkvoorraad-inwoners", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=Path("bench-results.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine, sessions = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        generate_demo(sessions, inwoners=args.inwoners, seed=1)
        with sessions() as session:
            plan_ids = list(session.scalars(select(Ontwikkelplan.id).where(
                Ontwikkelplan.status == PlanStatus.VASTGESTELD).limit(200)))  # fmt: skip
        if len(plan_ids) < 200:
            print(f"Te weinig plannen ({len(plan_ids)}); kies meer --inwoners.", file=sys.stderr)
            return 1

        def print_one(session, plan_id) -> bytes:
            plan = session.get(Ontwikkelplan, plan_id)
            return render_iop(iop_document(session, plan, peildatum=date.today()))

        single = []
        with sessions() as session:
            for plan_id in plan_ids[:20]:
                started = time.perf_counter()
                print_one(session, plan_id)
                single.append(time.perf_counter() - started)
            started = time.perf_counter()
            for plan_id in plan_ids:
                print_one(session, plan_id)
            batch = time.perf_counter() - started
        engine.dispose()
        results: dict[str, float] = {
            "iop_een_plan_mediaan_s": round(statistics.median(single), 4),
            "iop_een_plan_p95_s": round(_p95(single), 4),
            "iop_200_plannen_s": round(batch, 2),
            "iop_per_plan_in_batch_s": round(batch / 200, 4),
        }
        if args.werkvoorraad_inwoners > 0:
            results |= bench_werkvoorraad(args.werkvoorraad_inwoners, tmp)
    args.output.write_text(json.dumps(results, indent=2), encoding="utf-8")
    targets = {"iop_een_plan_mediaan_s": "< 0.2", "iop_een_plan_p95_s": "< 0.2",
               "iop_200_plannen_s": "< 30", "iop_per_plan_in_batch_s": "< 0.2",
               "demo_inwoners": "", "demo_s": "< 120 (100.000 inwoners)",
               "werkvoorraad_coach_eerste_s": "< 0.5", "werkvoorraad_coach_mediaan_s": "< 0.2",
               "werkvoorraad_coach_p95_s": "< 0.2", "werkvoorraad_coach_items": "",
               "werkvoorraad_teamleider_mediaan_s": "< 0.5",
               "werkvoorraad_teamleider_items": "",
               "werkvoorraad_consulent_sdv_mediaan_s": "< 0.2",
               "werkvoorraad_consulent_sdv_items": "",
               "schuldhulp_overzicht_team_mediaan_s": "< 0.5",
               "schuldhulp_overzicht_team_trajecten": "",
               "caseload_teamleider_mediaan_s": "< 0.5", "caseload_teamleider_coaches": "",
               "caseload_handgeschreven_sql_s": "", "caseload_verhouding": "< 2",
               "kpi_alle_jaar_mediaan_s": "< 1"}  # fmt: skip
    print("| meting | waarde | doel |\n|---|---|---|")
    for key, value in results.items():
        print(f"| {key} | {value} | {targets[key]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
