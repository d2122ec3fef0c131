"""Audit trail, bewaartermijnen, aanmelden met wachtwoord en gesloten dossiers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:31:07.261614
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "De audittrail kan niet worden gewijzigd of verwijderd."

# Users may add to the audit trail, never change or remove it (rules.md §7). The one exception
# is the retention service, which scrubs personal values from the records of an anonymised
# dossier while a row in audit_anonimisering marks its transaction.
POSTGRESQL_TRIGGERS = f"""
CREATE FUNCTION koers_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM audit_anonimisering) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION koers_audit_append_only();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION koers_audit_append_only();
"""
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER audit_record_append_only_update BEFORE UPDATE ON audit_record
    WHEN NOT EXISTS (SELECT 1 FROM audit_anonimisering)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_record_append_only_delete BEFORE DELETE ON audit_record
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
)


def upgrade() -> None:
    op.create_table('audit_record',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('moment', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('medewerker_id', sa.Uuid(), nullable=True),
    sa.Column('gebruikersnaam', sa.String(length=64), nullable=False),
    sa.Column('inwoner_id', sa.Uuid(), nullable=True),
    sa.Column('actie', sa.Enum('GELEZEN', 'AANGEMAAKT', 'GEWIJZIGD', 'GEWEIGERD', 'BREAK_THE_GLASS', 'INZAGE', 'GEANONIMISEERD', 'AANGEMELD', 'AANMELDEN_MISLUKT', 'GEBRUIKER_BEHEERD', name='auditactie', native_enum=False, length=40), nullable=False),
    sa.Column('onderwerp', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=True),
    sa.Column('velden', sa.JSON(), nullable=True),
    sa.Column('reden', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_record'))
    )
    with op.batch_alter_table('audit_record', schema=None) as batch_op:
        batch_op.create_index('ix_audit_record_inwoner_moment', ['inwoner_id', 'moment'], unique=False)
        batch_op.create_index('ix_audit_record_medewerker_moment', ['medewerker_id', 'moment'], unique=False)

    op.create_table('audit_anonimisering',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anonimisering'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_TRIGGERS)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    op.create_table('instelling',
    sa.Column('sleutel', sa.String(length=60), nullable=False),
    sa.Column('waarde', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('sleutel', name=op.f('pk_instelling'))
    )
    op.create_table('bewaartermijn',
    sa.Column('soort', sa.String(length=40), nullable=False),
    sa.Column('jaren', sa.Integer(), nullable=False),
    sa.Column('omschrijving', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('soort', name=op.f('pk_bewaartermijn'))
    )
    with op.batch_alter_table('inwoner', schema=None) as batch_op:
        batch_op.alter_column('bsn', existing_type=sa.String(length=9), nullable=True)
        batch_op.add_column(sa.Column('dossier_gesloten_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('geanonimiseerd_op', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_inwoner_dossier_gesloten_op'), ['dossier_gesloten_op'], unique=False)

    with op.batch_alter_table('medewerker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gemeente_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('wachtwoord_hash', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('mislukte_pogingen', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('geblokkeerd_tot', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_medewerker_gemeente_id_gemeente'), 'gemeente', ['gemeente_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('medewerker', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_medewerker_gemeente_id_gemeente'), type_='foreignkey')
        batch_op.drop_column('geblokkeerd_tot')
        batch_op.drop_column('mislukte_pogingen')
        batch_op.drop_column('wachtwoord_hash')
        batch_op.drop_column('gemeente_id')

    with op.batch_alter_table('inwoner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inwoner_dossier_gesloten_op'))
        batch_op.drop_column('geanonimiseerd_op')
        batch_op.drop_column('dossier_gesloten_op')
        batch_op.alter_column('bsn', existing_type=sa.String(length=9), nullable=False)

    op.drop_table('bewaartermijn')
    op.drop_table('instelling')
    with op.batch_alter_table('audit_record', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_record_medewerker_moment')
        batch_op.drop_index('ix_audit_record_inwoner_moment')

    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_record_no_truncate ON audit_record")
        op.execute("DROP TRIGGER audit_record_append_only ON audit_record")
        op.execute("DROP FUNCTION koers_audit_append_only()")
    else:
        op.execute("DROP TRIGGER audit_record_append_only_update")
        op.execute("DROP TRIGGER audit_record_append_only_delete")
    op.drop_table('audit_anonimisering')
    op.drop_table('audit_record')
