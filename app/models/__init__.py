"""The data model. Importing this package registers every table on `Base.metadata`."""

from app.models.audit import AuditActie, AuditAnonimisering, AuditRecord, Bewaartermijn
from app.models.base import Base
from app.models.contactmoment import Contactmoment
from app.models.enums import (
    GemeenteRol,
    Kanaal,
    Label,
    LabelBron,
    OrganisatieType,
    Rol,
    TeamType,
)
from app.models.inwoner import Inwoner, InwonerLabel, Werkgever
from app.models.medewerker import Medewerker, MedewerkerRol
from app.models.organisatie import Gemeente, Organisatie, Team

__all__ = [
    "AuditActie",
    "AuditAnonimisering",
    "AuditRecord",
    "Base",
    "Bewaartermijn",
    "Contactmoment",
    "Gemeente",
    "GemeenteRol",
    "Inwoner",
    "InwonerLabel",
    "Kanaal",
    "Label",
    "LabelBron",
    "Medewerker",
    "MedewerkerRol",
    "Organisatie",
    "OrganisatieType",
    "Rol",
    "Team",
    "TeamType",
    "Werkgever",
]
