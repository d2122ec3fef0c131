"""Schuldhulptrajecten met faseovergangen, administratie, schulden, doorverwijzingen en budgetbeheer; gelijkgestelde dagen (Atw); beschikkingstermijn per gemeente.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:07:14.213572
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('gelijkgestelde_dag',
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('omschrijving', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('datum', name=op.f('pk_gelijkgestelde_dag'))
    )
    op.create_table('schuldhulptraject',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('medeaanvrager_id', sa.Uuid(), nullable=True),
    sa.Column('consulent_id', sa.Uuid(), nullable=False),
    sa.Column('gemeente_id', sa.Uuid(), nullable=False),
    sa.Column('melding_datum', sa.Date(), nullable=False),
    sa.Column('melding_bron', sa.Enum('ZELF', 'SOCIAAL_TEAM', 'WONINGCORPORATIE', 'VROEGSIGNALERING', 'VLUCHTELINGENWERK', 'SPREEKUUR', 'LEERGELD', 'WERKCOACH', 'ANDERS', name='meldingsbron', native_enum=False, length=40), nullable=False),
    sa.Column('melding_wijze', sa.Enum('BALIE', 'TELEFOON', 'DIGITAAL', 'BRIEF', 'HUISBEZOEK', 'VIA_PARTNER', name='meldingswijze', native_enum=False, length=40), nullable=False),
    sa.Column('hulpvraag', sa.Text(), nullable=True),
    sa.Column('bedreiging', sa.Enum('ONTRUIMING', 'ENERGIE', 'WATER', 'ZORGVERZEKERING', 'ANDERS', name='bedreiging', native_enum=False, length=40), nullable=True),
    sa.Column('bedreiging_datum', sa.Date(), nullable=True),
    sa.Column('bedreiging_toelichting', sa.Text(), nullable=True),
    sa.Column('eerste_gesprek', sa.Date(), nullable=True),
    sa.Column('leefgebieden', sa.Text(), nullable=True),
    sa.Column('beschikking', sa.Enum('TOELATING', 'AFWIJZING', name='beschikking', native_enum=False, length=40), nullable=True),
    sa.Column('beschikking_datum', sa.Date(), nullable=True),
    sa.Column('plan_van_aanpak', sa.Text(), nullable=True),
    sa.Column('complexiteit', sa.Enum('EENVOUDIG', 'COMPLEX', name='complexiteit', native_enum=False, length=40), nullable=True),
    sa.Column('product', sa.Enum('SCHULDBEMIDDELING', 'BUDGETBEHEER', 'SOCIAAL_KREDIET', 'PREVENTIE', name='schuldproduct', native_enum=False, length=40), nullable=True),
    sa.Column('variant', sa.Enum('CRISISINTERVENTIE', 'STABILISATIE', 'SCHULDREGELING', name='schuldvariant', native_enum=False, length=40), nullable=True),
    sa.Column('reden_geen_bankkrediet', sa.Text(), nullable=True),
    sa.Column('fase', sa.Enum('VOORZORG', 'STABILISATIE', 'SCHULDREGELING', 'WSNP', 'NAZORG', 'AFGESLOTEN', name='schuldhulpfase', native_enum=False, length=40), nullable=False),
    sa.Column('fase_sinds', sa.Date(), nullable=False),
    sa.Column('start_schuldregeling', sa.Date(), nullable=True),
    sa.Column('wsnp_verzoek_datum', sa.Date(), nullable=True),
    sa.Column('nazorg_tot', sa.Date(), nullable=True),
    sa.Column('uitkomst', sa.Enum('SCHULDREGELING_AFGEROND', 'WSNP_TOEGELATEN', 'GESTABILISEERD', 'ZELFREDZAAM', 'AFGEWEZEN', 'UITVAL', name='uitkomst', native_enum=False, length=40), nullable=True),
    sa.Column('uitval_fase', sa.Enum('VOORZORG', 'STABILISATIE', 'SCHULDREGELING', 'WSNP', 'NAZORG', 'AFGESLOTEN', name='schuldhulpfase', native_enum=False, length=40), nullable=True),
    sa.Column('uitval_reden', sa.Enum('GEEN_MEDEWERKING', 'NIEUWE_SCHULDEN', 'TERUGGETROKKEN', 'ADMINISTRATIE_ONVOLLEDIG', 'VERHUISD', 'OVERLEDEN', 'ANDERS', name='uitvalreden', native_enum=False, length=40), nullable=True),
    sa.Column('afsluiting_toelichting', sa.Text(), nullable=True),
    sa.Column('einddatum', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consulent_id'], ['medewerker.id'], name=op.f('fk_schuldhulptraject_consulent_id_medewerker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_schuldhulptraject_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_schuldhulptraject_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['medeaanvrager_id'], ['inwoner.id'], name=op.f('fk_schuldhulptraject_medeaanvrager_id_inwoner'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schuldhulptraject'))
    )
    with op.batch_alter_table('schuldhulptraject', schema=None) as batch_op:
        batch_op.create_index('ix_schuldhulptraject_consulent_fase', ['consulent_id', 'fase'], unique=False)
        batch_op.create_index(batch_op.f('ix_schuldhulptraject_inwoner_id'), ['inwoner_id'], unique=False)
        batch_op.create_index('uq_schuldhulptraject_open', ['inwoner_id'], unique=True, sqlite_where=sa.text("fase <> 'AFGESLOTEN'"), postgresql_where=sa.text("fase <> 'AFGESLOTEN'"))

    op.create_table('budgetbeheer',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('schuldhulptraject_id', sa.Uuid(), nullable=True),
    sa.Column('startdatum', sa.Date(), nullable=False),
    sa.Column('einddatum', sa.Date(), nullable=True),
    sa.Column('leefgeld', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('frequentie', sa.Enum('WEKELIJKS', 'TWEEWEKELIJKS', 'MAANDELIJKS', name='leefgeldfrequentie', native_enum=False, length=40), nullable=False),
    sa.Column('postadres', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_budgetbeheer_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schuldhulptraject_id'], ['schuldhulptraject.id'], name=op.f('fk_budgetbeheer_schuldhulptraject_id_schuldhulptraject'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budgetbeheer'))
    )
    with op.batch_alter_table('budgetbeheer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budgetbeheer_inwoner_id'), ['inwoner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budgetbeheer_schuldhulptraject_id'), ['schuldhulptraject_id'], unique=False)

    op.create_table('schuld',
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('schuldeiser', sa.String(length=200), nullable=False),
    sa.Column('soort', sa.Enum('BELASTINGDIENST', 'CJIB', 'GEMEENTE', 'VERHUURDER', 'ENERGIE', 'WATER', 'ZORGVERZEKERAAR', 'TELECOM', 'BANK', 'DEURWAARDER', 'DUO', 'WINKEL', 'PARTICULIER', 'ANDERS', name='schuldsoort', native_enum=False, length=40), nullable=False),
    sa.Column('kenmerk', sa.String(length=100), nullable=True),
    sa.Column('bedrag_opgegeven', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('bedrag_akkoord', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('status', sa.Enum('AANGESCHREVEN', 'OPGAVE_ONTVANGEN', 'AKKOORD', 'AFGEWEZEN', 'AFGELOST', name='schuldstatus', native_enum=False, length=40), nullable=False),
    sa.Column('status_datum', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['schuldhulptraject.id'], name=op.f('fk_schuld_traject_id_schuldhulptraject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schuld'))
    )
    with op.batch_alter_table('schuld', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schuld_traject_id'), ['traject_id'], unique=False)

    op.create_table('schuldhulp_administratie',
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('item', sa.Enum('IDENTITEIT', 'INKOMEN', 'BANKAFSCHRIFTEN', 'VASTE_LASTEN', 'SCHULDENOVERZICHT', 'TOESLAGEN', 'HUISHOUDEN', name='administratieitem', native_enum=False, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('medewerker_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['medewerker_id'], ['medewerker.id'], name=op.f('fk_schuldhulp_administratie_medewerker_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['schuldhulptraject.id'], name=op.f('fk_schuldhulp_administratie_traject_id_schuldhulptraject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('traject_id', 'item', name=op.f('pk_schuldhulp_administratie'))
    )
    op.create_table('schuldhulp_doorverwijzing',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('partner', sa.Enum('SCHULDHULPMAATJES', 'HUMANITAS', 'FORMULIERENBRIGADE', 'THUISADMINISTRATIE', 'SOCIAAL_TEAM', 'LEERGELD', 'BEWINDVOERING', 'REINTEGRATIE', 'ANDERS', name='partner', native_enum=False, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('reden', sa.Text(), nullable=False),
    sa.Column('medewerker_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['medewerker_id'], ['medewerker.id'], name=op.f('fk_schuldhulp_doorverwijzing_medewerker_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['schuldhulptraject.id'], name=op.f('fk_schuldhulp_doorverwijzing_traject_id_schuldhulptraject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schuldhulp_doorverwijzing'))
    )
    with op.batch_alter_table('schuldhulp_doorverwijzing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schuldhulp_doorverwijzing_traject_id'), ['traject_id'], unique=False)

    op.create_table('schuldhulp_overgang',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('van_fase', sa.Enum('VOORZORG', 'STABILISATIE', 'SCHULDREGELING', 'WSNP', 'NAZORG', 'AFGESLOTEN', name='schuldhulpfase', native_enum=False, length=40), nullable=True),
    sa.Column('naar_fase', sa.Enum('VOORZORG', 'STABILISATIE', 'SCHULDREGELING', 'WSNP', 'NAZORG', 'AFGESLOTEN', name='schuldhulpfase', native_enum=False, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('moment', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('medewerker_id', sa.Uuid(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['medewerker_id'], ['medewerker.id'], name=op.f('fk_schuldhulp_overgang_medewerker_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['schuldhulptraject.id'], name=op.f('fk_schuldhulp_overgang_traject_id_schuldhulptraject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schuldhulp_overgang'))
    )
    with op.batch_alter_table('schuldhulp_overgang', schema=None) as batch_op:
        batch_op.create_index('ix_schuldhulp_overgang_traject_moment', ['traject_id', 'moment'], unique=False)

    with op.batch_alter_table('gemeente', schema=None) as batch_op:
        batch_op.add_column(sa.Column('beschikking_weken', sa.Integer(), server_default='8', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('gemeente', schema=None) as batch_op:
        batch_op.drop_column('beschikking_weken')

    with op.batch_alter_table('schuldhulp_overgang', schema=None) as batch_op:
        batch_op.drop_index('ix_schuldhulp_overgang_traject_moment')

    op.drop_table('schuldhulp_overgang')
    with op.batch_alter_table('schuldhulp_doorverwijzing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schuldhulp_doorverwijzing_traject_id'))

    op.drop_table('schuldhulp_doorverwijzing')
    op.drop_table('schuldhulp_administratie')
    with op.batch_alter_table('schuld', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schuld_traject_id'))

    op.drop_table('schuld')
    with op.batch_alter_table('budgetbeheer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budgetbeheer_schuldhulptraject_id'))
        batch_op.drop_index(batch_op.f('ix_budgetbeheer_inwoner_id'))

    op.drop_table('budgetbeheer')
    with op.batch_alter_table('schuldhulptraject', schema=None) as batch_op:
        batch_op.drop_index('uq_schuldhulptraject_open', sqlite_where=sa.text("fase <> 'AFGESLOTEN'"), postgresql_where=sa.text("fase <> 'AFGESLOTEN'"))
        batch_op.drop_index(batch_op.f('ix_schuldhulptraject_inwoner_id'))
        batch_op.drop_index('ix_schuldhulptraject_consulent_fase')

    op.drop_table('schuldhulptraject')
    op.drop_table('gelijkgestelde_dag')
