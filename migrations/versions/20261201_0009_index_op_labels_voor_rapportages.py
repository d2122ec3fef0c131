"""Index op inwonerlabels per label, voor rapportages die bij de houders van een label beginnen.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:18:09.423582
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('inwoner_label', schema=None) as batch_op:
        batch_op.create_index('ix_inwoner_label_label_inwoner', ['label', 'inwoner_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inwoner_label', schema=None) as batch_op:
        batch_op.drop_index('ix_inwoner_label_label_inwoner')

