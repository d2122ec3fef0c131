"""Zoekwoorden: de woorden van elke naam, zodat zoeken een indexbereik is en geen scan; de
lijstvolgorde als index zonder geanonimiseerden.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 02:36:27.907128
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.text import fold

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The words as app/services/inwoners.zoekwoorden made them when this revision was written.
_NIET_WOORD = re.compile(r"[\W_]+")
_INWONER = sa.table("inwoner", sa.column("id", sa.Uuid()), sa.column("voornamen"),
                    sa.column("tussenvoegsel"), sa.column("achternaam"),
                    sa.column("sorteernaam"), sa.column("geanonimiseerd_op"),
                    sa.column("zoeknaam"))  # fmt: skip
_WOORD = sa.table("inwoner_zoekwoord", sa.column("woord"), sa.column("inwoner_id", sa.Uuid()),
                  sa.column("sorteernaam"))  # fmt: skip
CHUNK = 5000


def _namen(bind):
    return bind.execute(sa.select(
        _INWONER.c.id, _INWONER.c.voornamen, _INWONER.c.tussenvoegsel, _INWONER.c.achternaam,
        _INWONER.c.sorteernaam).where(_INWONER.c.geanonimiseerd_op.is_(None))).all()  # fmt: skip


def upgrade() -> None:
    op.create_table('inwoner_zoekwoord',
    sa.Column('woord', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'), nullable=False),
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('sorteernaam', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_inwoner_zoekwoord_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('woord', 'inwoner_id', name=op.f('pk_inwoner_zoekwoord'))
    )
    bind = op.get_bind()
    rows = []
    for id_, voornamen, tussenvoegsel, achternaam, sorteernaam in _namen(bind):
        naam = fold(" ".join(p for p in (voornamen, tussenvoegsel, achternaam) if p))
        woorden = dict.fromkeys(w[:100] for w in _NIET_WOORD.split(naam) if w)
        rows.extend({"woord": w, "inwoner_id": id_, "sorteernaam": sorteernaam} for w in woorden)
    for start in range(0, len(rows), CHUNK):
        bind.execute(_WOORD.insert(), rows[start : start + CHUNK])
    with op.batch_alter_table('inwoner_zoekwoord', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inwoner_zoekwoord_inwoner_id'), ['inwoner_id'], unique=False)
        batch_op.create_index('ix_inwoner_zoekwoord_woord_sorteernaam', ['woord', 'sorteernaam', 'inwoner_id'], unique=False)

    with op.batch_alter_table('inwoner', schema=None) as batch_op:
        batch_op.drop_column('zoeknaam')
        batch_op.drop_index('ix_inwoner_sorteernaam_id')
        batch_op.create_index('ix_inwoner_lijst', ['sorteernaam', 'id'], unique=False,
                              sqlite_where=sa.text('geanonimiseerd_op IS NULL'),
                              postgresql_where=sa.text('geanonimiseerd_op IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('inwoner', schema=None) as batch_op:
        batch_op.drop_index('ix_inwoner_lijst')
        batch_op.create_index('ix_inwoner_sorteernaam_id', ['sorteernaam', 'id'], unique=False)
        batch_op.add_column(sa.Column('zoeknaam', sa.VARCHAR(length=500), nullable=False,
                                      server_default=""))
    bind = op.get_bind()
    for id_, voornamen, tussenvoegsel, achternaam, _sorteernaam in _namen(bind):
        naam = fold(" ".join(p for p in (voornamen, tussenvoegsel, achternaam) if p))
        bind.execute(_INWONER.update().where(_INWONER.c.id == id_).values(zoeknaam=naam))

    with op.batch_alter_table('inwoner_zoekwoord', schema=None) as batch_op:
        batch_op.drop_index('ix_inwoner_zoekwoord_woord_sorteernaam')
        batch_op.drop_index(batch_op.f('ix_inwoner_zoekwoord_inwoner_id'))

    op.drop_table('inwoner_zoekwoord')
