"""Enumerations of the domain (brief §9.3), each member with the Dutch label users see.

Values are stored as their code (e.g. "JOBCOACH") in a VARCHAR, not a native database enum, so
adding a member later needs no type migration on PostgreSQL.
"""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa


class KoersEnum(StrEnum):
    """A StrEnum whose members carry a Dutch `label` next to their stored code."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


def enum_type(enum: type[KoersEnum]) -> sa.Enum:
    return sa.Enum(
        enum,
        native_enum=False,
        length=40,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class OrganisatieType(KoersEnum):
    GR = "GR", "Gemeenschappelijke regeling"
    SOB = "SOB", "Sociaal ontwikkelbedrijf"


class GemeenteRol(KoersEnum):
    GR_DEELNEMER = "GR_DEELNEMER", "Deelnemer gemeenschappelijke regeling"
    DVO_AFNEMER = "DVO_AFNEMER", "Afnemer via dienstverleningsovereenkomst"
    OPGEHEVEN = "OPGEHEVEN", "Opgeheven (gefuseerd)"


class TeamType(KoersEnum):
    LOKAAL_INTEGRAAL = "LOKAAL_INTEGRAAL", "Lokaal integraal team"
    GEMEENTETEAM = "GEMEENTETEAM", "Gemeenteteam"
    VAKGROEP = "VAKGROEP", "Vakgroep"
    WSP = "WSP", "WerkgeversServicePunt"
    ADA = "ADA", "AD&A"
    OW = "OW", "Ontwikkeling Werkt!"
    WI = "WI", "Werk en Inkomen"
    SDV = "SDV", "Schulddienstverlening"


class Rol(KoersEnum):
    JOBCOACH = "JOBCOACH", "Jobcoach / werkcoach"
    PARTICIPATIECOACH = "PARTICIPATIECOACH", "Participatiecoach"
    CONSULENT_SDV = "CONSULENT_SDV", "Consulent schulddienstverlening"
    INKOMENSCONSULENT = "INKOMENSCONSULENT", "Inkomensconsulent"
    ACCOUNTMANAGER = "ACCOUNTMANAGER", "Accountmanager"
    TEAMLEIDER = "TEAMLEIDER", "Teamleider"
    FUNCTIONEEL_BEHEERDER = "FUNCTIONEEL_BEHEERDER", "Functioneel beheerder"
    KLANTMANAGER_GEMEENTE = "KLANTMANAGER_GEMEENTE", "Klantmanager gemeente (alleen lezen)"


class Label(KoersEnum):
    BIJSTAND_PW = "BIJSTAND_PW", "Bijstand (Participatiewet)"
    IOAW = "IOAW", "IOAW"
    IOAZ = "IOAZ", "IOAZ"
    BBZ = "BBZ", "Bbz"
    ONTHEFFING = "ONTHEFFING", "Ontheffing arbeidsverplichting"
    SW_WSW = "SW_WSW", "SW (Wsw)"
    BSW_NIEUW_BESCHUT = "BSW_NIEUW_BESCHUT", "Beschut werk"
    DOELGROEPREGISTER_BANENAFSPRAAK = "DOELGROEPREGISTER_BANENAFSPRAAK", "Doelgroepregister"
    GARANTIEBAAN = "GARANTIEBAAN", "Garantiebaan"
    PRO_VSO = "PRO_VSO", "Pro/Vso"
    MBO = "MBO", "Mbo"
    VSV_JONGERE = "VSV_JONGERE", "Voortijdig schoolverlater"
    JONGERE_15_27 = "JONGERE_15_27", "Jongere 15–27"
    STATUSHOUDER = "STATUSHOUDER", "Statushouder"
    INBURGERAAR = "INBURGERAAR", "Inburgeraar"
    ANDERSTALIG = "ANDERSTALIG", "Anderstalig"
    LAAGGELETTERD = "LAAGGELETTERD", "Laaggeletterd"
    ALLEENSTAANDE_OUDER = "ALLEENSTAANDE_OUDER", "Alleenstaande ouder"
    GGZ = "GGZ", "GGZ"
    WW = "WW", "WW"
    WIA = "WIA", "WIA"
    WAJONG = "WAJONG", "Wajong"
    DAGBESTEDING = "DAGBESTEDING", "Dagbesteding"
    AANKOMENDE_INSTROOM = "AANKOMENDE_INSTROOM", "Aankomende instroom"
    NIEUWE_DOELGROEP_SOCIALE_INFRA = "NIEUWE_DOELGROEP_SOCIALE_INFRA", "Nieuwe doelgroep"
    MINIMA = "MINIMA", "Minima"
    SDV_KLANT = "SDV_KLANT", "Klant schulddienstverlening"


class LabelBron(KoersEnum):
    UWV = "UWV", "UWV"
    GEMEENTE = "GEMEENTE", "Gemeente"
    SCHOOL = "SCHOOL", "School"
    RMC = "RMC", "RMC"
    EIGEN_ORGANISATIE = "EIGEN_ORGANISATIE", "Eigen organisatie"


class Kanaal(KoersEnum):
    FYSIEK = "FYSIEK", "Gesprek op kantoor"
    TELEFOON = "TELEFOON", "Telefoon"
    HUISBEZOEK = "HUISBEZOEK", "Huisbezoek"
    OP_LOCATIE = "OP_LOCATIE", "Op locatie / werkplek"
    DIGITAAL = "DIGITAAL", "Digitaal (mail, video)"
