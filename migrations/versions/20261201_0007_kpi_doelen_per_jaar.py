"""Doelwaarden van de KPI's per jaar.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:54:59.371545
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kpi_doel',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('jaar', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('doelwaarde', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('code', 'jaar', name=op.f('pk_kpi_doel'))
    )


def downgrade() -> None:
    op.drop_table('kpi_doel')
