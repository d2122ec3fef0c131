"""The data model. Importing this package registers every table on `Base.metadata`."""

from app.models.audit import (
    AuditActie,
    AuditAnonimisering,
    AuditRecord,
    Bewaartermijn,
    Instelling,
)
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
from app.models.ontwikkelplan import (
    Begeleidingsregime,
    Bewijs,
    DoelStatus,
    Evaluatie,
    Intensiteit,
    Ontwikkelafspraak,
    Ontwikkeldoel,
    Ontwikkelplan,
    Partij,
    PlanStatus,
    PlanType,
    Setting,
    Werkniveau,
    WerkniveauMeting,
)
from app.models.organisatie import Gemeente, Organisatie, Team

__all__ = [
    "AuditActie",
    "AuditAnonimisering",
    "AuditRecord",
    "Base",
    "Begeleidingsregime",
    "Bewaartermijn",
    "Bewijs",
    "Contactmoment",
    "DoelStatus",
    "Evaluatie",
    "Gemeente",
    "GemeenteRol",
    "Instelling",
    "Intensiteit",
    "Inwoner",
    "InwonerLabel",
    "Kanaal",
    "Label",
    "LabelBron",
    "Medewerker",
    "MedewerkerRol",
    "Ontwikkelafspraak",
    "Ontwikkeldoel",
    "Ontwikkelplan",
    "Organisatie",
    "OrganisatieType",
    "Partij",
    "PlanStatus",
    "PlanType",
    "Rol",
    "Setting",
    "Team",
    "TeamType",
    "Werkgever",
    "Werkniveau",
    "WerkniveauMeting",
]
