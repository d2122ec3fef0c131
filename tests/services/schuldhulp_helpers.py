"""Walk a schuldhulptraject to a phase along the allowed path, so each test starts where it
tests. The melding is on MELDING; the later steps happen on the dates below, all before TODAY."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.models import (
    AdministratieItem,
    Beschikking,
    Complexiteit,
    Meldingsbron,
    Meldingswijze,
    Rol,
    Schuldhulptraject,
    Schuldproduct,
    Schuldsoort,
    SchuldStatus,
    Schuldvariant,
    Team,
    TeamType,
)
from app.services import schulden
from app.services import schuldhulp as svc
from app.services.schuldhulp import BeschikkingGegevens, MeldingGegevens
from tests.conftest import TODAY, maak_medewerker, maak_team

MELDING = date(2026, 9, 1)
GESPREK = date(2026, 9, 15)
BESCHIKKING = date(2026, 10, 1)
REGELING = date(2026, 11, 2)
PLAN = "Stabiliseren, schuldeisers aanschrijven en een minnelijke regeling voorstellen."


def sdv_team(session) -> Team:
    return maak_team(session, "Schulddienstverlening", TeamType.SDV)


def consulent(session, team, naam="consulent.sdv"):
    return maak_medewerker(session, naam, [Rol.CONSULENT_SDV], team=team)


def gemeld(session, actor, inwoner, **extra) -> Schuldhulptraject:
    gegevens = MeldingGegevens(melding_datum=extra.pop("melding_datum", MELDING),
                               bron=Meldingsbron.ZELF, wijze=Meldingswijze.TELEFOON,
                               hulpvraag="Achterstand huur en energie", **extra)  # fmt: skip
    return svc.registreer_melding(session, actor=actor, inwoner_id=inwoner.id, gegevens=gegevens,
                                  today=TODAY)  # fmt: skip


def na_gesprek(session, actor, inwoner) -> Schuldhulptraject:
    t = gemeld(session, actor, inwoner)
    return svc.leg_eerste_gesprek_vast(session, actor=actor, traject_id=t.id, versie=t.versie,
                                       datum=GESPREK, leefgebieden="Zoekt werk",
                                       today=TODAY)  # fmt: skip


def toegelaten(session, actor, inwoner, *, compleet=True) -> Schuldhulptraject:
    t = na_gesprek(session, actor, inwoner)
    if compleet:
        svc.vink_administratie(session, actor=actor, traject_id=t.id, items=list(AdministratieItem),
                               today=TODAY)  # fmt: skip
    gegevens = BeschikkingGegevens(Beschikking.TOELATING, BESCHIKKING, Complexiteit.COMPLEX,
                                   plan_van_aanpak=PLAN,
                                   product=Schuldproduct.SCHULDBEMIDDELING,
                                   variant=Schuldvariant.SCHULDREGELING)  # fmt: skip
    return svc.neem_beschikking(session, actor=actor, traject_id=t.id, versie=t.versie,
                                gegevens=gegevens, today=TODAY)  # fmt: skip


def in_regeling(session, actor, inwoner) -> Schuldhulptraject:
    t = toegelaten(session, actor, inwoner)
    return svc.start_schuldregeling(session, actor=actor, traject_id=t.id, versie=t.versie,
                                    datum=REGELING, today=TODAY)  # fmt: skip


def schuld(session, actor, traject, eiser="Woonlinie", bedrag="1250.00",
           status=SchuldStatus.OPGAVE_ONTVANGEN, akkoord=None):  # fmt: skip
    gegevens = schulden.SchuldGegevens(
        eiser,
        Schuldsoort.VERHUURDER,
        status,
        GESPREK,
        Decimal(bedrag),
        Decimal(akkoord) if akkoord else None,
    )
    return schulden.voeg_schuld_toe(session, actor=actor, traject_id=traject.id,
                                    gegevens=gegevens, today=TODAY)  # fmt: skip
