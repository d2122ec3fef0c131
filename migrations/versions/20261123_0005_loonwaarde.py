"""Loonwaardemetingen met taken, minimumloon (met jeugdpercentages), werkgeverslasten, BSW-taakstelling, herbeoordelingstermijn per gemeente.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 20:15:22.412210
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('minimumloon',
    sa.Column('geldig_van', sa.Date(), nullable=False),
    sa.Column('uurloon', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('geldig_van', name=op.f('pk_minimumloon'))
    )
    op.create_table('minimumloon_jeugd',
    sa.Column('geldig_van', sa.Date(), nullable=False),
    sa.Column('leeftijd', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('percentage', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('geldig_van', 'leeftijd', name=op.f('pk_minimumloon_jeugd'))
    )
    op.create_table('werkgeverslasten',
    sa.Column('geldig_van', sa.Date(), nullable=False),
    sa.Column('percentage', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('geldig_van', name=op.f('pk_werkgeverslasten'))
    )
    op.create_table('taakstelling',
    sa.Column('gemeente_id', sa.Uuid(), nullable=False),
    sa.Column('jaar', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('fte_31u', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_taakstelling_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('gemeente_id', 'jaar', name=op.f('pk_taakstelling'))
    )
    op.create_table('loonwaardemeting',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('methode', sa.Enum('UNIFORME_METHODE', 'DARIUZ', 'ANDERS', name='meetmethode', native_enum=False, length=40), nullable=False),
    sa.Column('aanleiding', sa.Enum('LKS', 'BSW', 'BEGELEID_WERKEN', 'HERBEOORDELING', name='aanleiding', native_enum=False, length=40), nullable=False),
    sa.Column('meter', sa.String(length=200), nullable=False),
    sa.Column('meter_organisatie', sa.String(length=200), nullable=False),
    sa.Column('werkgever_id', sa.Uuid(), nullable=True),
    sa.Column('werkplek', sa.String(length=200), nullable=False),
    sa.Column('normfunctie', sa.String(length=200), nullable=False),
    sa.Column('uren_per_week', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('berekende_loonwaarde', sa.Integer(), nullable=False),
    sa.Column('vastgestelde_loonwaarde', sa.Integer(), nullable=True),
    sa.Column('reden_vastgesteld', sa.Text(), nullable=True),
    sa.Column('volgende_meting', sa.Date(), nullable=False),
    sa.Column('vastgelegd_door_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_loonwaardemeting_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['medewerker.id'], name=op.f('fk_loonwaardemeting_vastgelegd_door_id_medewerker')),
    sa.ForeignKeyConstraint(['werkgever_id'], ['werkgever.id'], name=op.f('fk_loonwaardemeting_werkgever_id_werkgever')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loonwaardemeting'))
    )
    with op.batch_alter_table('loonwaardemeting', schema=None) as batch_op:
        batch_op.create_index('ix_loonwaardemeting_inwoner_datum', ['inwoner_id', 'datum'], unique=False)
        batch_op.create_index('ix_loonwaardemeting_volgende_meting', ['volgende_meting'], unique=False)

    op.create_table('loonwaarde_taak',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meting_id', sa.Uuid(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('omschrijving', sa.String(length=200), nullable=False),
    sa.Column('aandeel', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('kwaliteit', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('tempo', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('inzetbaarheid', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['meting_id'], ['loonwaardemeting.id'], name=op.f('fk_loonwaarde_taak_meting_id_loonwaardemeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loonwaarde_taak'))
    )
    with op.batch_alter_table('loonwaarde_taak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loonwaarde_taak_meting_id'), ['meting_id'], unique=False)

    with op.batch_alter_table('gemeente', schema=None) as batch_op:
        batch_op.add_column(sa.Column('herbeoordeling_maanden', sa.Integer(), server_default='12', nullable=False))

    with op.batch_alter_table('plaatsing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('loonwaardemeting_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plaatsing_loonwaardemeting_id_loonwaardemeting'), 'loonwaardemeting', ['loonwaardemeting_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('plaatsing', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plaatsing_loonwaardemeting_id_loonwaardemeting'), type_='foreignkey')
        batch_op.drop_column('loonwaardemeting_id')

    with op.batch_alter_table('gemeente', schema=None) as batch_op:
        batch_op.drop_column('herbeoordeling_maanden')

    with op.batch_alter_table('loonwaarde_taak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loonwaarde_taak_meting_id'))

    op.drop_table('loonwaarde_taak')
    with op.batch_alter_table('loonwaardemeting', schema=None) as batch_op:
        batch_op.drop_index('ix_loonwaardemeting_volgende_meting')
        batch_op.drop_index('ix_loonwaardemeting_inwoner_datum')

    op.drop_table('loonwaardemeting')
    op.drop_table('taakstelling')
    op.drop_table('werkgeverslasten')
    op.drop_table('minimumloon_jeugd')
    op.drop_table('minimumloon')
