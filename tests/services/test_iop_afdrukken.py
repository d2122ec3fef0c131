"""The printed IOP: complete, exact names, several pages for many goals; batch printing."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from sqlalchemy.orm import sessionmaker

from app.models import AuditActie, AuditRecord, Rol
from app.services import iop_afdrukken as svc
from app.services import ontwikkelplannen
from app.services.demodatabase import DEMO_REGEL, markeer_als_demo
from app.services.errors import DomainError, NotFoundError
from tests.conftest import maak_medewerker, make_bsn
from tests.services.iop_helpers import concept, vaststellen, volledig


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def pages(text: str) -> int:
    return max(int(n) for n in re.findall(r"pagina \d+ van (\d+)", text))


def test_plan_with_25_goals_spans_pages_and_prints_everything(
    session, actor, plan_inwoner, tmp_path
):
    doelen = [ontwikkelplannen.DoelGegevens(
        f"Doel nummer {n}: zelfstandig de werkplek inrichten en afsluiten", "Zelfstandigheid",
        "Leerwerkplek Groen", "Jobcoach", date(2027, 1, 1 + n % 28)) for n in range(1, 26)]  # fmt: skip
    plan = vaststellen(
        session, actor, concept(session, actor, plan_inwoner, volledig(doelen=doelen))
    )
    text = pdf_text(svc.print_plan(session, actor=actor, plan_id=plan.id), tmp_path)
    assert "Łukasz Şahin-Öztürk" in text
    for n in range(1, 26):
        assert f"Doel nummer {n}:" in text
    assert pages(text) >= 2
    for header in ("VERTROUWELIJK", "Ontwikkelpotentieel", "Afspraken en verplichtingen",
                   "Begeleiding", "Ondertekening", "Individueel ontwikkelplan (IOP)"):  # fmt: skip
        assert header in text
    assert "Kan doorgroeien naar regulier werk" in text
    assert "2 – Routinetaken" in text  # the work level with its description


def test_printing_is_audited(session, actor, plan_inwoner, tmp_path):
    plan = concept(session, actor, plan_inwoner)
    svc.print_plan(session, actor=actor, plan_id=plan.id)
    assert session.query(AuditRecord).filter_by(onderwerp="ontwikkelplan (afdruk)",
                                                actie=AuditActie.GELEZEN).count() == 1  # fmt: skip


def test_print_by_bsn_prefers_the_vastgesteld_plan(session, actor, plan_inwoner, tmp_path):
    v1 = vaststellen(session, actor, concept(session, actor, plan_inwoner))
    ontwikkelplannen.nieuwe_versie(session, actor=actor, plan_id=v1.id)
    pdf, naam = svc.print_plan_for_bsn(session, actor=actor, bsn=make_bsn(5))
    assert naam.startswith("IOP-sahin-ozturk-lukasz-") and naam.endswith("-v1.pdf")
    assert "1 (vastgesteld)" in pdf_text(pdf, tmp_path)


def test_no_plan_to_print(session, actor, plan_inwoner):
    with pytest.raises(NotFoundError, match="nog geen ontwikkelplan"):
        svc.print_plan_for_bsn(session, actor=actor, bsn=make_bsn(5))


@pytest.fixture
def sessions(session):
    return sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint",
                        expire_on_commit=False)  # fmt: skip


def test_caseload_batch_with_progress(session, sessions, actor, plan_inwoner, tmp_path):
    concept(session, actor, plan_inwoner)
    seen = []
    result = svc.print_caseload(sessions, actor_id=actor.id, medewerker=actor.gebruikersnaam,
                                directory=tmp_path / "uit",
                                progress=lambda n, t: seen.append((n, t)))  # fmt: skip
    assert [p.name for p in result.geschreven] == [p.name for p in (tmp_path / "uit").iterdir()]
    assert seen == [(1, 1)] and not result.geannuleerd


def test_cancelled_batch_leaves_no_partial_files(session, sessions, actor, plan_inwoner, tmp_path):
    concept(session, actor, plan_inwoner)
    result = svc.print_caseload(sessions, actor_id=actor.id, medewerker=actor.gebruikersnaam,
                                directory=tmp_path / "uit", cancelled=lambda: True)  # fmt: skip
    assert result.geannuleerd and result.geschreven == []
    assert list((tmp_path / "uit").iterdir()) == []


def test_caseload_of_someone_outside_reach(session, sessions, actor, plan_inwoner, tmp_path):
    maak_medewerker(session, "elders", [Rol.JOBCOACH])
    with pytest.raises(DomainError, match="geen inwoners binnen uw bereik"):
        svc.print_caseload(sessions, actor_id=actor.id, medewerker="elders",
                           directory=tmp_path)  # fmt: skip


def test_from_a_demo_database_every_page_says_demo(session, actor, plan_inwoner, tmp_path):
    doelen = [ontwikkelplannen.DoelGegevens(f"Doel {n}", "Zelfstandigheid", "Leerwerkplek",
                                            "Jobcoach", date(2027, 1, n)) for n in range(1, 26)]  # fmt: skip
    plan = concept(session, actor, plan_inwoner, volledig(doelen=doelen))
    assert "DEMO" not in pdf_text(svc.print_plan(session, actor=actor, plan_id=plan.id), tmp_path)
    markeer_als_demo(session, date(2026, 11, 1))
    text = pdf_text(svc.print_plan(session, actor=actor, plan_id=plan.id), tmp_path)
    assert text.count(DEMO_REGEL) == pages(text) >= 2
