"""Toelichtingen bij de periodieke rapportage aan de gemeenten.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:03:21.235833
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rapporttoelichting',
    sa.Column('gemeente_id', sa.Uuid(), nullable=False),
    sa.Column('periode', sa.String(length=32), nullable=False),
    sa.Column('onderdeel', sa.String(length=32), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('gewijzigd_door_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_rapporttoelichting_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['gewijzigd_door_id'], ['medewerker.id'], name=op.f('fk_rapporttoelichting_gewijzigd_door_id_medewerker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rapporttoelichting')),
    sa.UniqueConstraint('gemeente_id', 'periode', 'onderdeel', name=op.f('uq_rapporttoelichting_gemeente_id'))
    )


def downgrade() -> None:
    op.drop_table('rapporttoelichting')
