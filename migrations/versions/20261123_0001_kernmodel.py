"""Kernmodel: organisaties, gemeenten, teams, medewerkers, inwoners, labels, werkgevers en contactmomenten.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 16:23:57.284628
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisatie",
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum("GR", "SOB", name="organisatietype", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("geldig_van", sa.Date(), nullable=True),
        sa.Column("geldig_tot", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisatie")),
        sa.UniqueConstraint("naam", name=op.f("uq_organisatie_naam")),
    )
    op.create_table(
        "gemeente",
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("cbs_code", sa.String(length=6), nullable=True),
        sa.Column("organisatie_id", sa.Uuid(), nullable=True),
        sa.Column(
            "rol",
            sa.Enum(
                "GR_DEELNEMER",
                "DVO_AFNEMER",
                "OPGEHEVEN",
                name="gemeenterol",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("deelnemer_sinds", sa.Date(), nullable=True),
        sa.Column("deelnemer_tot", sa.Date(), nullable=True),
        sa.Column("opvolger_id", sa.Uuid(), nullable=True),
        sa.Column("inwonertal", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opvolger_id"], ["gemeente.id"], name=op.f("fk_gemeente_opvolger_id_gemeente")
        ),
        sa.ForeignKeyConstraint(
            ["organisatie_id"],
            ["organisatie.id"],
            name=op.f("fk_gemeente_organisatie_id_organisatie"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gemeente")),
        sa.UniqueConstraint("cbs_code", name=op.f("uq_gemeente_cbs_code")),
        sa.UniqueConstraint("naam", name=op.f("uq_gemeente_naam")),
    )
    op.create_table(
        "team",
        sa.Column("organisatie_id", sa.Uuid(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "LOKAAL_INTEGRAAL",
                "GEMEENTETEAM",
                "VAKGROEP",
                "WSP",
                "ADA",
                "OW",
                "WI",
                "SDV",
                name="teamtype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("gemeente_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeente.id"], name=op.f("fk_team_gemeente_id_gemeente")
        ),
        sa.ForeignKeyConstraint(
            ["organisatie_id"], ["organisatie.id"], name=op.f("fk_team_organisatie_id_organisatie")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
    )
    op.create_table(
        "medewerker",
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("actief", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_medewerker_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medewerker")),
        sa.UniqueConstraint("gebruikersnaam", name=op.f("uq_medewerker_gebruikersnaam")),
    )
    with op.batch_alter_table("medewerker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_medewerker_team_id"), ["team_id"], unique=False)

    op.create_table(
        "inwoner",
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("voornamen", sa.String(length=200), nullable=False),
        sa.Column("tussenvoegsel", sa.String(length=20), nullable=True),
        sa.Column("achternaam", sa.String(length=200), nullable=False),
        sa.Column("geboortedatum", sa.Date(), nullable=False),
        sa.Column("straat", sa.String(length=200), nullable=True),
        sa.Column("huisnummer", sa.String(length=20), nullable=True),
        sa.Column("postcode", sa.String(length=7), nullable=True),
        sa.Column("woonplaats", sa.String(length=100), nullable=True),
        sa.Column("woongemeente_id", sa.Uuid(), nullable=False),
        sa.Column("betaalgemeente_id", sa.Uuid(), nullable=False),
        sa.Column("telefoon", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("regievoerder_id", sa.Uuid(), nullable=True),
        sa.Column("zoeknaam", sa.String(length=500), nullable=False),
        sa.Column("sorteernaam", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["betaalgemeente_id"],
            ["gemeente.id"],
            name=op.f("fk_inwoner_betaalgemeente_id_gemeente"),
        ),
        sa.ForeignKeyConstraint(
            ["regievoerder_id"],
            ["medewerker.id"],
            name=op.f("fk_inwoner_regievoerder_id_medewerker"),
        ),
        sa.ForeignKeyConstraint(
            ["woongemeente_id"], ["gemeente.id"], name=op.f("fk_inwoner_woongemeente_id_gemeente")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inwoner")),
        sa.UniqueConstraint("bsn", name=op.f("uq_inwoner_bsn")),
    )
    with op.batch_alter_table("inwoner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inwoner_geboortedatum"), ["geboortedatum"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inwoner_regievoerder_id"), ["regievoerder_id"], unique=False
        )
        batch_op.create_index("ix_inwoner_sorteernaam_id", ["sorteernaam", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inwoner_woongemeente_id"), ["woongemeente_id"], unique=False
        )

    op.create_table(
        "medewerker_rol",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("medewerker_id", sa.Uuid(), nullable=False),
        sa.Column(
            "rol",
            sa.Enum(
                "JOBCOACH",
                "PARTICIPATIECOACH",
                "CONSULENT_SDV",
                "INKOMENSCONSULENT",
                "ACCOUNTMANAGER",
                "TEAMLEIDER",
                "FUNCTIONEEL_BEHEERDER",
                "KLANTMANAGER_GEMEENTE",
                name="rol",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["medewerker_id"],
            ["medewerker.id"],
            name=op.f("fk_medewerker_rol_medewerker_id_medewerker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medewerker_rol")),
        sa.UniqueConstraint("medewerker_id", "rol", name=op.f("uq_medewerker_rol_medewerker_id")),
    )
    op.create_table(
        "werkgever",
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("kvk", sa.String(length=8), nullable=True),
        sa.Column("gemeente_id", sa.Uuid(), nullable=True),
        sa.Column("accountmanager_id", sa.Uuid(), nullable=True),
        sa.Column(
            "samenwerkingsovereenkomst", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.Column("samenwerkingsovereenkomst_datum", sa.Date(), nullable=True),
        sa.Column("sroi_opdrachtnemer", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accountmanager_id"],
            ["medewerker.id"],
            name=op.f("fk_werkgever_accountmanager_id_medewerker"),
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeente.id"], name=op.f("fk_werkgever_gemeente_id_gemeente")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_werkgever")),
        sa.UniqueConstraint("kvk", name=op.f("uq_werkgever_kvk")),
    )
    op.create_table(
        "contactmoment",
        sa.Column("inwoner_id", sa.Uuid(), nullable=False),
        sa.Column("auteur_id", sa.Uuid(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column(
            "kanaal",
            sa.Enum(
                "FYSIEK",
                "TELEFOON",
                "HUISBEZOEK",
                "OP_LOCATIE",
                "DIGITAAL",
                name="kanaal",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("samenvatting", sa.Text(), nullable=False),
        sa.Column("vervolgactie", sa.Text(), nullable=True),
        sa.Column("vervolgdatum", sa.Date(), nullable=True),
        sa.Column("vertrouwelijk", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["auteur_id"], ["medewerker.id"], name=op.f("fk_contactmoment_auteur_id_medewerker")
        ),
        sa.ForeignKeyConstraint(
            ["inwoner_id"],
            ["inwoner.id"],
            name=op.f("fk_contactmoment_inwoner_id_inwoner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contactmoment")),
    )
    with op.batch_alter_table("contactmoment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contactmoment_inwoner_datum", ["inwoner_id", "datum"], unique=False
        )

    op.create_table(
        "inwoner_label",
        sa.Column("inwoner_id", sa.Uuid(), nullable=False),
        sa.Column(
            "label",
            sa.Enum(
                "BIJSTAND_PW",
                "IOAW",
                "IOAZ",
                "BBZ",
                "ONTHEFFING",
                "SW_WSW",
                "BSW_NIEUW_BESCHUT",
                "DOELGROEPREGISTER_BANENAFSPRAAK",
                "GARANTIEBAAN",
                "PRO_VSO",
                "MBO",
                "VSV_JONGERE",
                "JONGERE_15_27",
                "STATUSHOUDER",
                "INBURGERAAR",
                "ANDERSTALIG",
                "LAAGGELETTERD",
                "ALLEENSTAANDE_OUDER",
                "GGZ",
                "WW",
                "WIA",
                "WAJONG",
                "DAGBESTEDING",
                "AANKOMENDE_INSTROOM",
                "NIEUWE_DOELGROEP_SOCIALE_INFRA",
                "MINIMA",
                "SDV_KLANT",
                name="label",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("geldig_van", sa.Date(), nullable=False),
        sa.Column("geldig_tot", sa.Date(), nullable=True),
        sa.Column(
            "bron",
            sa.Enum(
                "UWV",
                "GEMEENTE",
                "SCHOOL",
                "RMC",
                "EIGEN_ORGANISATIE",
                name="labelbron",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("beschikking_ref", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "aangemaakt_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "gewijzigd_op",
            app.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inwoner_id"],
            ["inwoner.id"],
            name=op.f("fk_inwoner_label_inwoner_id_inwoner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inwoner_label")),
    )
    with op.batch_alter_table("inwoner_label", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inwoner_label_inwoner_id"), ["inwoner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("inwoner_label", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inwoner_label_inwoner_id"))

    op.drop_table("inwoner_label")
    with op.batch_alter_table("contactmoment", schema=None) as batch_op:
        batch_op.drop_index("ix_contactmoment_inwoner_datum")

    op.drop_table("contactmoment")
    op.drop_table("werkgever")
    op.drop_table("medewerker_rol")
    with op.batch_alter_table("inwoner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inwoner_woongemeente_id"))
        batch_op.drop_index("ix_inwoner_sorteernaam_id")
        batch_op.drop_index(batch_op.f("ix_inwoner_regievoerder_id"))
        batch_op.drop_index(batch_op.f("ix_inwoner_geboortedatum"))

    op.drop_table("inwoner")
    with op.batch_alter_table("medewerker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medewerker_team_id"))

    op.drop_table("medewerker")
    op.drop_table("team")
    op.drop_table("gemeente")
    op.drop_table("organisatie")
