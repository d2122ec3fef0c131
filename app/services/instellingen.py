"""Organisation-wide settings kept in the database, so every computer of a team follows them.

Each setting is a whole number with a Dutch label, a default and a permitted range
(`INSTELLINGEN`); the Beheer screen lists them all and `zet_instelling` validates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Instelling, Medewerker
from app.services.errors import ValidationError
from app.services.rechten import Gegeven, Recht, vereis


@dataclass(frozen=True)
class Getal:
    sleutel: str
    label: str
    eenheid: str
    standaard: int
    minimum: int
    maximum: int


VERGRENDELTIJD = "vergrendeltijd_minuten"
UITSTROOM_WAARSCHUWING = "norm_uitstroom_waarschuwing_maanden"
UITSTROOM_ESCALATIE = "norm_uitstroom_escalatie_maanden"
ONTWIKKELING_WAARSCHUWING = "norm_ontwikkeling_waarschuwing_maanden"
ONTWIKKELING_ESCALATIE = "norm_ontwikkeling_escalatie_maanden"
STADIUM3_CONTACTEN = "norm_stadium3_contacten_per_jaar"
VOLGENDE_STAP = "norm_volgende_stap_dagen"
VOORUITKIJKEN = "werkvoorraad_vooruitkijken_dagen"
NVVK_DAGEN = "norm_nvvk_aanbod_dagen"
BUDGETBEHEER_ALLEEN_MET_TRAJECT = "budgetbeheer_alleen_met_schuldhulptraject"
CASELOAD_BSW = "norm_caseload_bsw_max"
CASELOAD_SW = "norm_caseload_sw_max"
DUURZAAM_MAANDEN = "norm_duurzame_plaatsing_maanden"
JA_NEE = "ja/nee"  # the unit of a yes/no setting (1 = ja), shown as a tick box

# Defaults from rules.md §5 (re-integration norms, configurable).
INSTELLINGEN: dict[str, Getal] = {g.sleutel: g for g in (
    Getal(VERGRENDELTIJD, "Vergrendelen na … minuten zonder invoer", "minuten", 15, 1, 120),
    Getal(UITSTROOM_WAARSCHUWING, "Werkfit zonder uitstroom: waarschuwing na", "maanden",
          4, 1, 24),
    Getal(UITSTROOM_ESCALATIE, "Werkfit zonder uitstroom: escalatie na", "maanden", 6, 1, 36),
    Getal(ONTWIKKELING_WAARSCHUWING, "Ontwikkeltraject: waarschuwing na", "maanden", 18, 1, 48),
    Getal(ONTWIKKELING_ESCALATIE, "Ontwikkeltraject: escalatie na", "maanden", 24, 1, 60),
    Getal(STADIUM3_CONTACTEN, "Stadium 3 zonder actieve begeleiding: contacten per jaar",
          "per jaar", 2, 2, 52),
    Getal(VOLGENDE_STAP, "Traject zonder volgende stap: signaal na", "dagen", 14, 1, 180),
    Getal(VOORUITKIJKEN, "Werkvoorraad: vooruitkijken", "dagen", 7, 1, 31),
    # rules.md §5: caseload norms per werkbegeleider (overload above the upper bound) and a
    # sustainable placement (not defined in the sources; default 6 months).
    Getal(CASELOAD_BSW, "Caseload werkbegeleider: hoogstens … beschut werkers", "inwoners",
          12, 1, 100),
    Getal(CASELOAD_SW, "Caseload werkbegeleider: hoogstens … SW-medewerkers", "inwoners",
          50, 1, 200),
    Getal(DUURZAAM_MAANDEN, "Duurzame plaatsing: duurt minstens", "maanden", 6, 1, 36),
    # rules.md §4: the NVVK norm for a schuldregeling offer, a warning (default 120 days).
    Getal(NVVK_DAGEN, "Schuldhulp: aanbod schuldregeling binnen (NVVK-norm)", "dagen",
          120, 30, 365),
    # Brief §6.7: current policy, kept switchable because wider preventive use is studied.
    Getal(BUDGETBEHEER_ALLEEN_MET_TRAJECT, "Budgetbeheer alleen binnen een schuldhulptraject",
          JA_NEE, 1, 0, 1),
)}  # fmt: skip

# Pairs where the first must come before the second.
_VOLGORDE = ((UITSTROOM_WAARSCHUWING, UITSTROOM_ESCALATIE),
             (ONTWIKKELING_WAARSCHUWING, ONTWIKKELING_ESCALATIE))  # fmt: skip


def instelling(session: Session, sleutel: str) -> int:
    rij = session.get(Instelling, sleutel)
    return int(rij.waarde) if rij else INSTELLINGEN[sleutel].standaard


def alle_instellingen(session: Session) -> dict[str, int]:
    opgeslagen = {r.sleutel: int(r.waarde) for r in session.scalars(
        select(Instelling).where(Instelling.sleutel.in_(INSTELLINGEN)))}  # fmt: skip
    return {k: opgeslagen.get(k, g.standaard) for k, g in INSTELLINGEN.items()}


def zet_instelling(session: Session, *, actor: Medewerker, sleutel: str, waarde: int) -> None:
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    getal = INSTELLINGEN[sleutel]
    if not getal.minimum <= waarde <= getal.maximum:
        raise ValidationError({sleutel: f"{getal.label}: kies {getal.minimum} tot en met "
                                        f"{getal.maximum} {getal.eenheid}."})  # fmt: skip
    waarden = alle_instellingen(session) | {sleutel: waarde}
    for eerst, daarna in _VOLGORDE:
        if sleutel in (eerst, daarna) and waarden[eerst] >= waarden[daarna]:
            raise ValidationError({sleutel: f"'{INSTELLINGEN[eerst].label}' moet korter zijn dan "
                                            f"'{INSTELLINGEN[daarna].label}'."})  # fmt: skip
    rij = session.get(Instelling, sleutel)
    if rij is None:
        session.add(Instelling(sleutel=sleutel, waarde=str(waarde)))
    else:
        rij.waarde = str(waarde)
    session.flush()


def vergrendeltijd(session: Session) -> int:
    """Minutes without input after which the application locks (rules.md §7, BIO)."""
    return instelling(session, VERGRENDELTIJD)


def zet_vergrendeltijd(session: Session, *, actor: Medewerker, minuten: int) -> None:
    zet_instelling(session, actor=actor, sleutel=VERGRENDELTIJD, waarde=minuten)
