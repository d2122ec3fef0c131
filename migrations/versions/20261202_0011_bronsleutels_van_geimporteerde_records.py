"""Bronsleutels: de sleutel die een geïmporteerd record in het bronsysteem had.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 00:28:51.536549
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bronsleutel',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('entiteit', sa.String(length=40), nullable=False),
    sa.Column('sleutel', sa.String(length=200), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bronsleutel')),
    sa.UniqueConstraint('entiteit', 'sleutel', name=op.f('uq_bronsleutel_entiteit'))
    )
    with op.batch_alter_table('bronsleutel', schema=None) as batch_op:
        batch_op.create_index('ix_bronsleutel_record', ['record_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('bronsleutel', schema=None) as batch_op:
        batch_op.drop_index('ix_bronsleutel_record')

    op.drop_table('bronsleutel')
