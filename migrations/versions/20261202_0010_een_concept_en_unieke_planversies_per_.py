"""Eén concept per inwoner en type en unieke planversies, ook als twee collega's tegelijk een nieuwe versie maken.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 00:03:26.980292
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('ontwikkelplan', schema=None) as batch_op:
        batch_op.create_index('uq_ontwikkelplan_concept', ['inwoner_id', 'type'], unique=True, sqlite_where=sa.text("status = 'CONCEPT'"), postgresql_where=sa.text("status = 'CONCEPT'"))
        batch_op.create_unique_constraint(batch_op.f('uq_ontwikkelplan_inwoner_id'), ['inwoner_id', 'type', 'planversie'])



def downgrade() -> None:
    with op.batch_alter_table('ontwikkelplan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_ontwikkelplan_inwoner_id'), type_='unique')
        batch_op.drop_index('uq_ontwikkelplan_concept', sqlite_where=sa.text("status = 'CONCEPT'"), postgresql_where=sa.text("status = 'CONCEPT'"))

