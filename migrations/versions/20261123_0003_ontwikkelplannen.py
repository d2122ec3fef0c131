"""Ontwikkelplannen (IOP, POP …) met doelen, afspraken, begeleidingsregime, evaluaties en werkniveau.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 17:20:23.325776
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('werkniveau',
    sa.Column('niveau', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('omschrijving', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('niveau', name=op.f('pk_werkniveau'))
    )
    op.create_table('ontwikkelplan',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('type', sa.Enum('IOP', 'POP', 'COACHINGSPLAN', 'PLAN_VAN_AANPAK', name='plantype', native_enum=False, length=40), nullable=False),
    sa.Column('planversie', sa.Integer(), nullable=False),
    sa.Column('vorige_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.Enum('CONCEPT', 'VASTGESTELD', 'VERVANGEN', 'AFGESLOTEN', name='planstatus', native_enum=False, length=40), nullable=False),
    sa.Column('eigenaar_id', sa.Uuid(), nullable=True),
    sa.Column('periode_van', sa.Date(), nullable=True),
    sa.Column('periode_tot', sa.Date(), nullable=True),
    sa.Column('talenten', sa.Text(), nullable=True),
    sa.Column('drijfveren', sa.Text(), nullable=True),
    sa.Column('zwakten', sa.Text(), nullable=True),
    sa.Column('ontwikkelmogelijkheden', sa.Text(), nullable=True),
    sa.Column('bedreigingen', sa.Text(), nullable=True),
    sa.Column('leefgebieden', sa.Text(), nullable=True),
    sa.Column('metingen', sa.Text(), nullable=True),
    sa.Column('ontwikkelpotentieel', sa.Text(), nullable=True),
    sa.Column('werkniveau_start', sa.Integer(), nullable=True),
    sa.Column('werkniveau_doel', sa.Integer(), nullable=True),
    sa.Column('evaluatie_interval_maanden', sa.Integer(), nullable=False),
    sa.Column('volgende_evaluatie', sa.Date(), nullable=True),
    sa.Column('vastgesteld_op', sa.Date(), nullable=True),
    sa.Column('ondertekend_inwoner_op', sa.Date(), nullable=True),
    sa.Column('ondertekend_coach_op', sa.Date(), nullable=True),
    sa.Column('afgesloten_op', sa.Date(), nullable=True),
    sa.Column('afsluitreden', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['eigenaar_id'], ['medewerker.id'], name=op.f('fk_ontwikkelplan_eigenaar_id_medewerker')),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_ontwikkelplan_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vorige_id'], ['ontwikkelplan.id'], name=op.f('fk_ontwikkelplan_vorige_id_ontwikkelplan')),
    sa.ForeignKeyConstraint(['werkniveau_doel'], ['werkniveau.niveau'], name=op.f('fk_ontwikkelplan_werkniveau_doel_werkniveau')),
    sa.ForeignKeyConstraint(['werkniveau_start'], ['werkniveau.niveau'], name=op.f('fk_ontwikkelplan_werkniveau_start_werkniveau')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ontwikkelplan'))
    )
    with op.batch_alter_table('ontwikkelplan', schema=None) as batch_op:
        batch_op.create_index('ix_ontwikkelplan_inwoner_type', ['inwoner_id', 'type'], unique=False)
        batch_op.create_index('uq_ontwikkelplan_vastgesteld', ['inwoner_id', 'type'], unique=True,
                              sqlite_where=sa.text("status = 'VASTGESTELD'"),
                              postgresql_where=sa.text("status = 'VASTGESTELD'"))
        batch_op.create_index('ix_ontwikkelplan_status_evaluatie', ['status', 'volgende_evaluatie'], unique=False)

    op.create_table('werkniveau_meting',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('niveau', sa.Integer(), nullable=False),
    sa.Column('is_baseline', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('bewijs', sa.Enum('METING', 'PRAKTIJKVERKLARING', 'OBSERVATIE', name='bewijs', native_enum=False, length=40), nullable=False),
    sa.Column('bewijs_omschrijving', sa.Text(), nullable=False),
    sa.Column('beoordelaar_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['beoordelaar_id'], ['medewerker.id'], name=op.f('fk_werkniveau_meting_beoordelaar_id_medewerker')),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_werkniveau_meting_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['niveau'], ['werkniveau.niveau'], name=op.f('fk_werkniveau_meting_niveau_werkniveau')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_werkniveau_meting'))
    )
    with op.batch_alter_table('werkniveau_meting', schema=None) as batch_op:
        batch_op.create_index('ix_werkniveau_meting_inwoner_datum', ['inwoner_id', 'datum'], unique=False)

    op.create_table('begeleidingsregime',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('begeleider', sa.String(length=200), nullable=False),
    sa.Column('intensiteit', sa.Enum('DAGELIJKS', 'HOOGFREQUENT', 'AFGESPROKEN_FREQUENTIE', 'MIN_2_PER_JAAR', name='intensiteit', native_enum=False, length=40), nullable=False),
    sa.Column('contactfrequentie', sa.String(length=100), nullable=False),
    sa.Column('setting', sa.Enum('INDIVIDUEEL_BIJ_OPDRACHTGEVER', 'GROEP_COLLEGAS', 'GROEP_ONDER_LEIDING_SOB', 'INTERN', 'WOL', name='setting', native_enum=False, length=40), nullable=False),
    sa.Column('agogisch', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['ontwikkelplan.id'], name=op.f('fk_begeleidingsregime_plan_id_ontwikkelplan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_begeleidingsregime')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_begeleidingsregime_plan_id'))
    )
    op.create_table('evaluatie',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('uitvoerder_id', sa.Uuid(), nullable=False),
    sa.Column('begeleidingsnoodzaak', sa.Text(), nullable=False),
    sa.Column('doelen_bijgesteld', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('advies', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['ontwikkelplan.id'], name=op.f('fk_evaluatie_plan_id_ontwikkelplan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uitvoerder_id'], ['medewerker.id'], name=op.f('fk_evaluatie_uitvoerder_id_medewerker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluatie'))
    )
    with op.batch_alter_table('evaluatie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluatie_plan_id'), ['plan_id'], unique=False)

    op.create_table('ontwikkelafspraak',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('partij', sa.Enum('INWONER', 'ORGANISATIE', 'PARTNER', name='partij', native_enum=False, length=40), nullable=False),
    sa.Column('verplichting', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['ontwikkelplan.id'], name=op.f('fk_ontwikkelafspraak_plan_id_ontwikkelplan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ontwikkelafspraak'))
    )
    with op.batch_alter_table('ontwikkelafspraak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ontwikkelafspraak_plan_id'), ['plan_id'], unique=False)

    op.create_table('ontwikkeldoel',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('competentie', sa.String(length=200), nullable=True),
    sa.Column('instrument', sa.String(length=200), nullable=True),
    sa.Column('verantwoordelijke', sa.String(length=200), nullable=True),
    sa.Column('streefdatum', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('OPEN', 'BEZIG', 'BEHAALD', 'NIET_BEHAALD', 'VERVALLEN', name='doelstatus', native_enum=False, length=40), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['ontwikkelplan.id'], name=op.f('fk_ontwikkeldoel_plan_id_ontwikkelplan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ontwikkeldoel'))
    )
    with op.batch_alter_table('ontwikkeldoel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ontwikkeldoel_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ontwikkeldoel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ontwikkeldoel_plan_id'))

    op.drop_table('ontwikkeldoel')
    with op.batch_alter_table('ontwikkelafspraak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ontwikkelafspraak_plan_id'))

    op.drop_table('ontwikkelafspraak')
    with op.batch_alter_table('evaluatie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluatie_plan_id'))

    op.drop_table('evaluatie')
    op.drop_table('begeleidingsregime')
    with op.batch_alter_table('werkniveau_meting', schema=None) as batch_op:
        batch_op.drop_index('ix_werkniveau_meting_inwoner_datum')

    op.drop_table('werkniveau_meting')
    with op.batch_alter_table('ontwikkelplan', schema=None) as batch_op:
        batch_op.drop_index('ix_ontwikkelplan_status_evaluatie')
        batch_op.drop_index('uq_ontwikkelplan_vastgesteld')
        batch_op.drop_index('ix_ontwikkelplan_inwoner_type')

    op.drop_table('ontwikkelplan')
    op.drop_table('werkniveau')
