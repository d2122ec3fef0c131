"""Who may see and change which kind of data: the permission matrix, as data, in one place.

The README shows this matrix (`koers rechten` prints it); the tests check every cell against
the services. The GUI only hides what the services would refuse anyway.

Need-to-know (the *bereik*): besides the kind of data, a role reaches only some inwoners —
a coach their own caseload and their team's, a team lead their team's, a klantmanager gemeente
the inwoners of their municipality. A functioneel beheerder opens a dossier outside their team
only with a logged reason ("break-the-glass").
"""

from __future__ import annotations

from app.models import Medewerker
from app.models.enums import KoersEnum, Rol, TeamType
from app.services.errors import ToegangGeweigerd


class Gegeven(KoersEnum):
    PERSONALIA = "PERSONALIA", "Personalia (naam, BSN, adres, contactgegevens, labels)"
    CONTACTJOURNAAL = "CONTACTJOURNAAL", "Contactjournaal"
    ONTWIKKELPLAN = "ONTWIKKELPLAN", "Ontwikkelplannen (IOP), evaluaties en werkniveau"
    TRAJECT = "TRAJECT", "Trajecten (fasen, intake, participatieladder, plaatsingen, loonwaarde)"
    DIAGNOSE = "DIAGNOSE", "Diagnoses en onderzoeken (Melba, AD&A, psychologisch …)"
    HANDHAVING = "HANDHAVING", "Handhaving (maatregelonderzoek)"
    NORMBESLUIT = "NORMBESLUIT", "Besluit bij een overschreden norm (verlenging)"
    STATUS = "STATUS", "Status (gemeente, regievoerder)"
    SCHULDHULP = "SCHULDHULP", "Schuldhulpgegevens (schulden, schuldeisers)"
    SCHULDHULP_SIGNAAL = "SCHULDHULP_SIGNAAL", "Signaal 'schuldhulp lopend'"
    RAPPORTAGE = "RAPPORTAGE", "Rapportages, caseloadoverzicht en KPI's"
    MEDEWERKERS = "MEDEWERKERS", "Medewerkers en rollen"
    REFERENTIEDATA = "REFERENTIEDATA", "Referentiegegevens en instellingen"
    AUDITTRAIL = "AUDITTRAIL", "Audittrail"
    INZAGE = "INZAGE", "Inzage-export (AVG art. 15)"
    BEWAARTERMIJN = "BEWAARTERMIJN", "Bewaartermijnen en vernietiging"
    VERHUIZING = "VERHUIZING", "Verhuizing: import en export van alle dossiers"


class Recht(KoersEnum):
    LEZEN = "LEZEN", "lezen"
    WIJZIGEN = "WIJZIGEN", "wijzigen"


class Bereik(KoersEnum):
    TEAM = "TEAM", "eigen caseload en die van het eigen team"
    GEMEENTE = "GEMEENTE", "inwoners van de eigen gemeente"


_R = frozenset({Recht.LEZEN})
_W = frozenset({Recht.LEZEN, Recht.WIJZIGEN})

_CASELOAD = {
    Gegeven.PERSONALIA: _W,
    Gegeven.CONTACTJOURNAAL: _W,
    Gegeven.ONTWIKKELPLAN: _W,
    Gegeven.TRAJECT: _W,
    Gegeven.STATUS: _R,
    Gegeven.SCHULDHULP_SIGNAAL: _R,
}
# Coaches who guide people towards work also record diagnoses and run sanction investigations.
_COACH = {**_CASELOAD, Gegeven.DIAGNOSE: _W, Gegeven.HANDHAVING: _W}

MATRIX: dict[Rol, dict[Gegeven, frozenset[Recht]]] = {
    Rol.JOBCOACH: _COACH,
    Rol.PARTICIPATIECOACH: _COACH,
    Rol.INKOMENSCONSULENT: {**_CASELOAD, Gegeven.HANDHAVING: _W},
    Rol.CONSULENT_SDV: {**_CASELOAD, Gegeven.TRAJECT: _R, Gegeven.SCHULDHULP: _W},
    Rol.ACCOUNTMANAGER: {**_CASELOAD, Gegeven.PERSONALIA: _R, Gegeven.ONTWIKKELPLAN: _R},
    Rol.TEAMLEIDER: {
        **_CASELOAD,
        Gegeven.CONTACTJOURNAAL: _R,
        Gegeven.ONTWIKKELPLAN: _R,
        Gegeven.TRAJECT: _R,
        Gegeven.DIAGNOSE: _R,
        Gegeven.HANDHAVING: _R,
        Gegeven.NORMBESLUIT: _W,
        Gegeven.SCHULDHULP: _R,
        Gegeven.RAPPORTAGE: _R,
        Gegeven.AUDITTRAIL: _R,
    },
    Rol.FUNCTIONEEL_BEHEERDER: {
        Gegeven.PERSONALIA: _W,
        Gegeven.CONTACTJOURNAAL: _R,
        Gegeven.ONTWIKKELPLAN: _R,
        Gegeven.TRAJECT: _R,
        Gegeven.DIAGNOSE: _R,
        Gegeven.HANDHAVING: _R,
        Gegeven.STATUS: _R,
        Gegeven.SCHULDHULP_SIGNAAL: _R,
        Gegeven.RAPPORTAGE: _R,
        Gegeven.MEDEWERKERS: _W,
        Gegeven.REFERENTIEDATA: _W,
        Gegeven.AUDITTRAIL: _R,
        Gegeven.INZAGE: _W,
        Gegeven.BEWAARTERMIJN: _W,
        # Moving an organisation's data in or out is run by the beheerder, without a
        # developer; every record it touches is audited.
        Gegeven.VERHUIZING: _W,
    },
    Rol.KLANTMANAGER_GEMEENTE: {Gegeven.STATUS: _R},
}

BEREIK: dict[Rol, Bereik] = {
    Rol.JOBCOACH: Bereik.TEAM,
    Rol.PARTICIPATIECOACH: Bereik.TEAM,
    Rol.INKOMENSCONSULENT: Bereik.TEAM,
    Rol.CONSULENT_SDV: Bereik.TEAM,
    Rol.ACCOUNTMANAGER: Bereik.TEAM,
    Rol.TEAMLEIDER: Bereik.TEAM,
    Rol.FUNCTIONEEL_BEHEERDER: Bereik.TEAM,
    Rol.KLANTMANAGER_GEMEENTE: Bereik.GEMEENTE,
}

# Debt-help data is for debt-help roles and *their* team leads (rules.md §7): a teamleider's
# SCHULDHULP right holds only while they lead a schulddienstverlening team.
ALLEEN_SDV_TEAM = frozenset({(Rol.TEAMLEIDER, Gegeven.SCHULDHULP)})

# Roles that may open a dossier outside their reach when they log a reason.
BREAK_THE_GLASS = frozenset({Rol.FUNCTIONEEL_BEHEERDER})
# Roles that see inwoners nobody is regievoerder of yet, so they can assign them.
ZIET_ONTOEGEWEZEN = frozenset({Rol.TEAMLEIDER})


def rechten(
    rollen: frozenset[Rol], gegeven: Gegeven, teamtype: TeamType | None = None
) -> frozenset[Recht]:
    """What a user with these roles, in a team of this type, may do with this kind of data
    (the union of the roles)."""
    result: frozenset[Recht] = frozenset()
    for rol in rollen:
        if (rol, gegeven) in ALLEEN_SDV_TEAM and teamtype != TeamType.SDV:
            continue
        result |= MATRIX[rol].get(gegeven, frozenset())
    return result


def mag(
    rollen: frozenset[Rol], gegeven: Gegeven, recht: Recht, teamtype: TeamType | None = None
) -> bool:
    return recht in rechten(rollen, gegeven, teamtype)


def teamtype(actor: Medewerker) -> TeamType | None:
    return actor.team.type if actor.team is not None else None


def mag_actor(actor: Medewerker, gegeven: Gegeven, recht: Recht = Recht.LEZEN) -> bool:
    return mag(actor.rollen, gegeven, recht, teamtype(actor))


def vereis(actor: Medewerker, gegeven: Gegeven, recht: Recht) -> None:
    """Refuse unless one of the actor's roles grants this right."""
    if not mag_actor(actor, gegeven, recht):
        raise ToegangGeweigerd(
            f"U mag {gegeven.label[0].lower()}{gegeven.label[1:]} niet {recht.label} "
            f"met uw rol ({', '.join(sorted(r.label for r in actor.rollen)) or 'geen rol'}).",
            onderwerp=gegeven.value.lower(),
        )


def matrix_rows() -> list[tuple[str, list[str]]]:
    """The matrix as text rows (Gegeven × Rol), for the README and `koers rechten`."""
    rows = []
    for gegeven in Gegeven:
        cells = []
        for rol in Rol:
            granted = MATRIX[rol].get(gegeven, frozenset())
            cell = ("wijzigen" if Recht.WIJZIGEN in granted else
                    "lezen" if Recht.LEZEN in granted else "–")  # fmt: skip
            if (rol, gegeven) in ALLEEN_SDV_TEAM:
                cell += " (alleen team schulddienstverlening)"
            cells.append(cell)
        rows.append((gegeven.label, cells))
    return rows
