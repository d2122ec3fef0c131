"""The overview of open schuldhulptrajecten with their next deadline, and the deadlines in the
werkvoorraad: for the consulent, their colleagues and the debt team's lead only."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Bedreiging, Rol, SchuldhulpFase, Uitvalreden
from app.services import instellingen as inst
from app.services import inwoners
from app.services import schuldhulp as svc
from app.services.errors import ToegangGeweigerd
from app.services.normen import Niveau
from app.services.schuldhulp_overzicht import overzicht
from app.services.werkvoorraad import werkvoorraad
from app.services.wgs import TermijnSoort
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services import schuldhulp_helpers as h


@pytest.fixture
def w(session, team_a):
    """Debt team: cons (Fatima: eerste gesprek due in 7 days; Kees: eerste gesprek 8 weeks
    late; Anna: admitted with schulden, NVVK due in January; Bert: closed) and cons2 (Joost: a
    threat, 3 werkdagen passed); lead leads the debt team."""
    team = h.sdv_team(session)
    cons, cons2 = h.consulent(session, team), h.consulent(session, team, "cons2")
    lead = maak_medewerker(session, "lead.sdv", [Rol.TEAMLEIDER], team=team)
    gorinchem = gemeente_by_name(session, "Gorinchem").id

    def klant(n, naam, door):
        data = inwoners.InwonerGegevens(bsn=make_bsn(80 + n), voornamen=naam, achternaam="Test",
                                        geboortedatum=date(1980, 1, 1), woongemeente_id=gorinchem,
                                        regievoerder_id=door.id)  # fmt: skip
        return inwoners.create_inwoner(session, actor=door, gegevens=data, today=TODAY)

    t = {
        "fatima": h.gemeld(session, cons, klant(1, "Fatima", cons),
                           melding_datum=date(2026, 11, 2)),
        "kees": h.gemeld(session, cons, klant(2, "Kees", cons)),
        "anna": h.toegelaten(session, cons, klant(3, "Anna", cons)),
        "joost": h.gemeld(session, cons2, klant(4, "Joost", cons2),
                          melding_datum=date(2026, 11, 16), bedreiging=Bedreiging.ENERGIE,
                          bedreiging_datum=date(2026, 11, 16)),
        "bert": h.gemeld(session, cons, klant(5, "Bert", cons)),
    }  # fmt: skip
    h.schuld(session, cons, t["anna"], "Woonlinie", "1250.00")
    h.schuld(session, cons, t["anna"], "Eneco", "300.50")
    svc.meld_uitval(session, actor=cons, traject_id=t["bert"].id, versie=None, datum=TODAY,
                    reden=Uitvalreden.TERUGGETROKKEN, today=TODAY)  # fmt: skip
    return {"team": team, "cons": cons, "cons2": cons2, "lead": lead, **t}


def namen(rijen):
    return [r.naam.split()[0] for r in rijen]


def test_own_overview_sorted_by_next_deadline(session, w):
    rijen = overzicht(session, actor=w["cons"])
    assert namen(rijen) == ["Kees", "Fatima", "Anna"]
    kees, fatima, anna = rijen
    assert kees.volgende.soort == TermijnSoort.EERSTE_GESPREK
    assert kees.volgende.uiterlijk == date(2026, 9, 29) and kees.dagen_over(TODAY) == -55
    assert fatima.volgende.uiterlijk == date(2026, 11, 30) and fatima.dagen_over(TODAY) == 7
    assert anna.volgende.soort == TermijnSoort.NVVK and anna.fase == SchuldhulpFase.STABILISATIE
    assert (anna.aantal_schulden, str(anna.totaal_schulden)) == (2, "1550.50")
    assert kees.bsn.startswith("*") and not kees.bedreiging
    data = kees.as_dict(TODAY)
    assert data["te_laat"] and data["volgende_termijn_uiterlijk"] == "2026-09-29"


def test_team_overview_for_a_colleague_and_the_lead(session, w):
    assert namen(overzicht(session, actor=w["cons"], team=True)) == [
        "Kees",
        "Joost",
        "Fatima",
        "Anna",
    ]
    joost = overzicht(session, actor=w["cons"], consulent_id=w["cons2"].id)
    assert namen(joost) == ["Joost"] and joost[0].bedreiging
    assert joost[0].volgende.uiterlijk == date(2026, 11, 19)  # 3 werkdagen
    assert namen(overzicht(session, actor=w["lead"])) == ["Kees", "Joost", "Fatima", "Anna"]


def test_overview_refusals(session, w, team_a):
    with pytest.raises(ToegangGeweigerd):
        overzicht(session, actor=maak_medewerker(session, "coach", [Rol.JOBCOACH], team=team_a))
    with pytest.raises(ToegangGeweigerd):
        overzicht(session, actor=maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER],
                                                 team=team_a))  # fmt: skip
    ander_team = maak_team(session, "SDV Buren", h.TeamType.SDV)
    ander = h.consulent(session, ander_team, "cons.buren")
    with pytest.raises(ToegangGeweigerd, match="eigen team"):
        overzicht(session, actor=ander, consulent_id=w["cons"].id)
    assert overzicht(session, actor=ander) == []


def items(session, actor, **kw):
    return [
        (i.naam.split()[0], i.niveau)
        for i in werkvoorraad(session, actor=actor, peildatum=TODAY, **kw)
        if i.soort == "schuldhulp"
    ]


def test_deadlines_feed_the_werkvoorraad(session, w):
    assert items(session, w["cons"]) == [("Kees", Niveau.TE_LAAT), ("Fatima", Niveau.DEZE_WEEK)]
    [item] = [i for i in werkvoorraad(session, actor=w["cons"], peildatum=TODAY)
              if i.naam.startswith("Kees")]  # fmt: skip
    assert item.onderdeel == "schuldhulp" and item.record_id == w["kees"].id
    assert "55 dagen te laat" in item.omschrijving
    # The lead gets the missed legal deadlines of the whole team, not what is merely near.
    assert items(session, w["lead"]) == [("Kees", Niveau.TE_LAAT), ("Joost", Niveau.TE_LAAT)]
    assert items(session, w["lead"], medewerker_id=w["cons2"].id) == [("Joost", Niveau.TE_LAAT)]


def test_nvvk_norm_is_a_warning_not_a_breach(session, w):
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    inst.zet_instelling(session, actor=beheerder, sleutel=inst.NVVK_DAGEN, waarde=30)
    assert ("Anna", Niveau.WAARSCHUWING) in items(session, w["cons"])
    assert "Anna" not in [n for n, _ in items(session, w["lead"])]


def test_no_debt_items_for_roles_without_debt_rights(session, w, team_a):
    lead_a = maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team_a)
    assert items(session, lead_a) == []
