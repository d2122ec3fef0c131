"""The permission matrix: for every role and every protected service operation, allowed or
refused exactly as `rechten.MATRIX` (and so the README table) says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.models import Aanmeldbron, Kanaal, Meetinstrument, PlanType, Rol
from app.services import (
    audit,
    bewaartermijnen,
    contactmomenten,
    diagnoses,
    handhaving,
    instellingen,
    inwoner_import,
    inwoners,
    inzage,
    kpi,
    medewerkers,
    ontwikkelplannen,
    schuldhulp,
    trajecten,
)
from app.services.errors import ToegangGeweigerd
from app.services.periodes import periode
from app.services.rechten import Gegeven, Recht, mag_actor, matrix_rows
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, make_bsn
from tests.services import schuldhulp_helpers, traject_helpers


@pytest.fixture
def wereld(session, team_a):
    """Team A with a coach whose caseload holds one inwoner in Gorinchem."""
    gorinchem = gemeente_by_name(session, "Gorinchem")
    coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team_a)
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(1), voornamen="Sanne", achternaam="Bakker", geboortedatum=date(1990, 1, 1),
        woongemeente_id=gorinchem.id, regievoerder_id=coach.id,
    )  # fmt: skip
    inwoner = inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)
    return {"team": team_a, "coach": coach, "inwoner": inwoner, "gemeente": gorinchem}


def _wijzig(session, actor, w):
    gegevens = replace(inwoners.InwonerGegevens.from_inwoner(w["inwoner"]), telefoon="0612345678")
    inwoners.update_inwoner(session, actor=actor, inwoner_id=w["inwoner"].id,
                            versie=w["inwoner"].versie, gegevens=gegevens, today=TODAY)  # fmt: skip


def _registreer(session, actor, w):
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(2), voornamen="Nieuw", achternaam="Persoon", geboortedatum=date(1980, 1, 1),
        woongemeente_id=w["gemeente"].id, regievoerder_id=w["coach"].id,
    )  # fmt: skip
    inwoners.create_inwoner(session, actor=actor, gegevens=data, today=TODAY)


def _contact(session, actor, w):
    gegevens = contactmomenten.ContactGegevens(datum=TODAY, kanaal=Kanaal.TELEFOON,
                                               samenvatting="Gebeld.")  # fmt: skip
    contactmomenten.add_contactmoment(session, actor=actor, inwoner_id=w["inwoner"].id,
                                      gegevens=gegevens, today=TODAY)  # fmt: skip


def _traject(session, w):
    """The inwoner's trajectory in the ontwikkelaanpak, walked by their coach."""
    if "traject" not in w:
        w["traject"] = traject_helpers.in_ontwikkeling(session, w["coach"], w["inwoner"])
    return w["traject"]


def _diagnose(session, actor, w):
    gegevens = diagnoses.DiagnoseGegevens(Meetinstrument.MELBA, TODAY, "Collega", "Uitslag")
    diagnoses.leg_diagnose_vast(session, actor=actor, inwoner_id=w["inwoner"].id,
                                gegevens=gegevens, today=TODAY)  # fmt: skip


def _handhaving(session, actor, w):
    traject = _traject(session, w)
    afspraak = trajecten.verplichtingen(session, w["inwoner"].id)[0]
    gegevens = handhaving.HandhavingGegevens(afspraak.id, TODAY, "Niet verschenen op werkplek",
                                             "Maatregelverordening 2026")  # fmt: skip
    handhaving.open_handhaving(session, actor=actor, traject_id=traject.id, gegevens=gegevens,
                               today=TODAY)  # fmt: skip


def _schuldhulp(session, w):
    """A running schuldhulptraject of the inwoner, registered by a debt counsellor of team A."""
    if "schuldhulp" not in w:
        consulent = maak_medewerker(session, "consulent.a", [Rol.CONSULENT_SDV], team=w["team"])
        w["schuldhulp"] = schuldhulp_helpers.gemeld(session, consulent, w["inwoner"])
    return w["schuldhulp"]


def _verleng(session, actor, w):
    traject = _traject(session, w)
    trajecten.verleng(session, actor=actor, traject_id=traject.id, tot=TODAY + timedelta(days=90),
                      toelichting="Nog drie maanden voor de laatste doelen", today=TODAY)  # fmt: skip


OPERATIONS: dict[str, tuple[Gegeven, Recht, Callable]] = {
    "dossier openen": (Gegeven.PERSONALIA, Recht.LEZEN,
        lambda s, a, w: inwoners.get_inwoner(s, actor=a, inwoner_id=w["inwoner"].id)),
    "personalia wijzigen": (Gegeven.PERSONALIA, Recht.WIJZIGEN, _wijzig),
    "inwoner registreren": (Gegeven.PERSONALIA, Recht.WIJZIGEN, _registreer),
    "dossier sluiten": (Gegeven.PERSONALIA, Recht.WIJZIGEN,
        lambda s, a, w: bewaartermijnen.sluit_dossier(s, actor=a, inwoner_id=w["inwoner"].id,
                                                      datum=TODAY, today=TODAY)),
    "contactjournaal lezen": (Gegeven.CONTACTJOURNAAL, Recht.LEZEN,
        lambda s, a, w: contactmomenten.list_contactmomenten(s, actor=a,
                                                              inwoner_id=w["inwoner"].id)),
    "contactmoment toevoegen": (Gegeven.CONTACTJOURNAAL, Recht.WIJZIGEN, _contact),
    "ontwikkelplan lezen": (Gegeven.ONTWIKKELPLAN, Recht.LEZEN,
        lambda s, a, w: ontwikkelplannen.list_plannen(s, actor=a, inwoner_id=w["inwoner"].id)),
    "ontwikkelplan maken": (Gegeven.ONTWIKKELPLAN, Recht.WIJZIGEN,
        lambda s, a, w: ontwikkelplannen.nieuw_plan(s, actor=a, inwoner_id=w["inwoner"].id,
                                                    type=PlanType.IOP)),
    "traject lezen": (Gegeven.TRAJECT, Recht.LEZEN,
        lambda s, a, w: trajecten.trajecten_van(s, actor=a, inwoner_id=w["inwoner"].id)),
    "traject aanmelden": (Gegeven.TRAJECT, Recht.WIJZIGEN,
        lambda s, a, w: trajecten.meld_aan(s, actor=a, inwoner_id=w["inwoner"].id,
                                           aanmeldbron=Aanmeldbron.UWV,
                                           werkcoach_id=w["coach"].id, startdatum=TODAY,
                                           today=TODAY)),
    "loonwaardemeting vastleggen": (Gegeven.TRAJECT, Recht.WIJZIGEN,
        lambda s, a, w: traject_helpers.loonwaardemeting(s, a, w["inwoner"])),
    "diagnoses lezen": (Gegeven.DIAGNOSE, Recht.LEZEN,
        lambda s, a, w: diagnoses.diagnoses(s, actor=a, inwoner_id=w["inwoner"].id)),
    "diagnose vastleggen": (Gegeven.DIAGNOSE, Recht.WIJZIGEN, _diagnose),
    "handhaving lezen": (Gegeven.HANDHAVING, Recht.LEZEN,
        lambda s, a, w: handhaving.handhavingszaken(s, actor=a,
                                                    traject_id=_traject(s, w).id)),
    "maatregelonderzoek openen": (Gegeven.HANDHAVING, Recht.WIJZIGEN, _handhaving),
    "ontwikkeltraject verlengen": (Gegeven.NORMBESLUIT, Recht.WIJZIGEN, _verleng),
    "schuldhulp lezen": (Gegeven.SCHULDHULP, Recht.LEZEN,
        lambda s, a, w: schuldhulp.get_schuldhulptraject(s, actor=a,
                                                         traject_id=_schuldhulp(s, w).id)),
    "schuldhulp melding": (Gegeven.SCHULDHULP, Recht.WIJZIGEN,
        lambda s, a, w: schuldhulp_helpers.gemeld(s, a, w["inwoner"])),
    "schuldhulp signaal": (Gegeven.SCHULDHULP_SIGNAAL, Recht.LEZEN,
        lambda s, a, w: schuldhulp.heeft_lopend_schuldhulptraject(
            s, actor=a, inwoner_id=w["inwoner"].id)),
    "kpi's bekijken": (Gegeven.RAPPORTAGE, Recht.LEZEN,
        lambda s, a, w: kpi.kpis(s, actor=a, periode=periode("2026"), codes=["K01"])),
    "status bekijken": (Gegeven.STATUS, Recht.LEZEN,
        lambda s, a, w: inwoners.inwoner_status(s, actor=a, inwoner_id=w["inwoner"].id)),
    "inwoners zoeken": (Gegeven.STATUS, Recht.LEZEN,
        lambda s, a, w: inwoners.search_inwoner_ids(s, actor=a, filter=inwoners.InwonerFilter())),
    "medewerkers bekijken": (Gegeven.MEDEWERKERS, Recht.LEZEN,
        lambda s, a, w: medewerkers.overzicht_medewerkers(s, actor=a)),
    "medewerker aanmaken": (Gegeven.MEDEWERKERS, Recht.WIJZIGEN,
        lambda s, a, w: medewerkers.nieuwe_medewerker(
            s, actor=a, naam="Nieuwe Collega", gebruikersnaam="nieuw",
            wachtwoord="een-lang-wachtwoord", rollen=[Rol.JOBCOACH])),
    "vergrendeltijd instellen": (Gegeven.REFERENTIEDATA, Recht.WIJZIGEN,
        lambda s, a, w: instellingen.zet_vergrendeltijd(s, actor=a, minuten=10)),
    "audittrail lezen": (Gegeven.AUDITTRAIL, Recht.LEZEN,
        lambda s, a, w: audit.zoek_audit(s, actor=a, bsn=w["inwoner"].bsn)),
    "inzage maken": (Gegeven.INZAGE, Recht.WIJZIGEN,
        lambda s, a, w: inzage.maak_inzage(s, actor=a, bsn=w["inwoner"].bsn,
                                           directory=w["map"])),
    "bewaartermijnen bekijken": (Gegeven.BEWAARTERMIJN, Recht.LEZEN,
        lambda s, a, w: bewaartermijnen.verlopen_dossiers(s, actor=a, peildatum=TODAY)),
    "bewaartermijn wijzigen": (Gegeven.BEWAARTERMIJN, Recht.WIJZIGEN,
        lambda s, a, w: bewaartermijnen.wijzig_termijn(s, actor=a, soort="DOSSIER", jaren=8)),
    "dossiers vernietigen": (Gegeven.BEWAARTERMIJN, Recht.WIJZIGEN,
        lambda s, a, w: bewaartermijnen.vernietig(s, actor=a, peildatum=TODAY)),
    "alle inwoners exporteren": (Gegeven.VERHUIZING, Recht.LEZEN,
        lambda s, a, w: inwoner_import.exporteer(s, actor=a, pad=w["map"] / "uit.csv")),
}  # fmt: skip


@pytest.mark.parametrize("rol", list(Rol), ids=lambda r: r.value.lower())
@pytest.mark.parametrize("operatie", list(OPERATIONS))
def test_every_role_and_operation(session, wereld, tmp_path, rol, operatie):
    gegeven, recht, run = OPERATIONS[operatie]
    actor = maak_medewerker(session, f"rol.{rol.value.lower()}", [rol], team=wereld["team"],
                            gemeente=wereld["gemeente"])  # fmt: skip
    wereld["map"] = tmp_path
    if mag_actor(actor, gegeven, recht):
        run(session, actor, wereld)
    else:
        with pytest.raises(ToegangGeweigerd):
            run(session, actor, wereld)


def test_every_data_kind_has_an_operation():
    tested = {gegeven for gegeven, _recht, _run in OPERATIONS.values()}
    assert tested == set(Gegeven)


def test_readme_shows_the_matrix():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for gegeven, cells in matrix_rows():
        assert f"| {gegeven} | " + " | ".join(cells) + " |" in readme
