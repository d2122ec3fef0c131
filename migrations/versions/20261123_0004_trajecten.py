"""Trajecten: fasen en overgangen, intakes, diagnoses, participatieladder, plaatsingen, handhaving.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:41:23.626848
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('participatieladder_score',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('trede', sa.Integer(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=True),
    sa.Column('beoordelaar_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.CheckConstraint('trede BETWEEN 1 AND 6', name=op.f('ck_participatieladder_score_trede')),
    sa.ForeignKeyConstraint(['beoordelaar_id'], ['medewerker.id'], name=op.f('fk_participatieladder_score_beoordelaar_id_medewerker')),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_participatieladder_score_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participatieladder_score'))
    )
    with op.batch_alter_table('participatieladder_score', schema=None) as batch_op:
        batch_op.create_index('ix_participatieladder_score_inwoner_datum', ['inwoner_id', 'datum'], unique=False)

    op.create_table('traject',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('gemeente_id', sa.Uuid(), nullable=False),
    sa.Column('aanmeldbron', sa.Enum('GEMEENTE_POORT', 'KLANTMANAGER', 'UWV', 'SCHOOL_PRO_VSO', 'MBO', 'RMC_MATCHMAKER', 'YOUNG_HEROES', 'SOCIAAL_TEAM', 'GGZ', 'VLUCHTELINGENWERK', 'WERKGEVER', 'ZELFMELDER', 'BESTANDSKOPPELING', 'AFLOPENDE_WW', name='aanmeldbron', native_enum=False, length=40), nullable=False),
    sa.Column('werkcoach_id', sa.Uuid(), nullable=False),
    sa.Column('jobcoach_id', sa.Uuid(), nullable=True),
    sa.Column('participatiecoach_id', sa.Uuid(), nullable=True),
    sa.Column('accountmanager_id', sa.Uuid(), nullable=True),
    sa.Column('ontwikkelstadium', sa.Enum('1_KLEINE_AFSTAND', '2_ONTWIKKELPOTENTIEEL', '3_NIET_TOE_AAN_WERK', name='ontwikkelstadium', native_enum=False, length=40), nullable=True),
    sa.Column('fase', sa.Enum('AANGEMELD', 'INTAKE', 'VERKENNING_DIAGNOSE', 'STADIUM_BEPAALD', 'ZELFSTANDIG_ZOEKEN', 'ONTWIKKELING', 'PARTICIPATIE', 'MATCHING', 'GEPLAATST', 'BEGELEIDING_OP_WERK', 'NAZORG', 'ONDERBROKEN', 'AFGESLOTEN', name='trajectfase', native_enum=False, length=40), nullable=False),
    sa.Column('fase_sinds', sa.Date(), nullable=False),
    sa.Column('fase_voor_onderbreking', sa.Enum('AANGEMELD', 'INTAKE', 'VERKENNING_DIAGNOSE', 'STADIUM_BEPAALD', 'ZELFSTANDIG_ZOEKEN', 'ONTWIKKELING', 'PARTICIPATIE', 'MATCHING', 'GEPLAATST', 'BEGELEIDING_OP_WERK', 'NAZORG', 'ONDERBROKEN', 'AFGESLOTEN', name='trajectfase', native_enum=False, length=40), nullable=True),
    sa.Column('startdatum', sa.Date(), nullable=False),
    sa.Column('einddatum', sa.Date(), nullable=True),
    sa.Column('uitstroomreden', sa.Enum('WERK_REGULIER', 'WERK_LKS', 'GARANTIEBAAN', 'DETACHERING', 'SCHOOL_OPLEIDING', 'ZORG', 'VERHUIZING', 'ANDERE_UITKERING', 'PENSIOEN', 'WIA', 'OVERLIJDEN', 'HANDHAVING_BEEINDIGD', 'ANDERS', name='uitstroomreden', native_enum=False, length=40), nullable=True),
    sa.Column('uitstroom_toelichting', sa.Text(), nullable=True),
    sa.Column('werkfit_sinds', sa.Date(), nullable=True),
    sa.Column('ontwikkeling_sinds', sa.Date(), nullable=True),
    sa.Column('verlengd_tot', sa.Date(), nullable=True),
    sa.Column('overdracht_op', sa.Date(), nullable=True),
    sa.Column('overdracht_notitie', sa.Text(), nullable=True),
    sa.Column('vacature', sa.Text(), nullable=True),
    sa.Column('contact_per_jaar', sa.Integer(), nullable=True),
    sa.Column('nazorg_tot', sa.Date(), nullable=True),
    sa.Column('nazorg_afspraken', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.CheckConstraint('contact_per_jaar IS NULL OR contact_per_jaar >= 2', name=op.f('ck_traject_contact_norm')),
    sa.ForeignKeyConstraint(['accountmanager_id'], ['medewerker.id'], name=op.f('fk_traject_accountmanager_id_medewerker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_traject_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_traject_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jobcoach_id'], ['medewerker.id'], name=op.f('fk_traject_jobcoach_id_medewerker')),
    sa.ForeignKeyConstraint(['participatiecoach_id'], ['medewerker.id'], name=op.f('fk_traject_participatiecoach_id_medewerker')),
    sa.ForeignKeyConstraint(['werkcoach_id'], ['medewerker.id'], name=op.f('fk_traject_werkcoach_id_medewerker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traject'))
    )
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.create_index('ix_traject_fase_fase_sinds', ['fase', 'fase_sinds'], unique=False)
        batch_op.create_index(batch_op.f('ix_traject_inwoner_id'), ['inwoner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traject_jobcoach_id'), ['jobcoach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traject_participatiecoach_id'), ['participatiecoach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traject_werkcoach_id'), ['werkcoach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traject_accountmanager_id'), ['accountmanager_id'], unique=False)
        batch_op.create_index('uq_traject_actief', ['inwoner_id'], unique=True, sqlite_where=sa.text("fase <> 'AFGESLOTEN'"), postgresql_where=sa.text("fase <> 'AFGESLOTEN'"))

    op.create_table('diagnose',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('traject_id', sa.Uuid(), nullable=True),
    sa.Column('instrument', sa.Enum('PERSOONLIJKE_VERKENNING', 'TALENTSCAN', 'MELBA', 'ABC', 'ADA', 'PSYCHOLOGISCH_ONDERZOEK', 'LOONWAARDEMETING', name='meetinstrument', native_enum=False, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('uitvoerder', sa.String(length=200), nullable=False),
    sa.Column('resultaat', sa.Text(), nullable=False),
    sa.Column('vastgelegd_door_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_diagnose_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_diagnose_traject_id_traject'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['medewerker.id'], name=op.f('fk_diagnose_vastgelegd_door_id_medewerker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnose'))
    )
    with op.batch_alter_table('diagnose', schema=None) as batch_op:
        batch_op.create_index('ix_diagnose_inwoner_datum', ['inwoner_id', 'datum'], unique=False)
        batch_op.create_index(batch_op.f('ix_diagnose_traject_id'), ['traject_id'], unique=False)

    op.create_table('fase_overgang',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('soort', sa.Enum('FASE', 'STADIUM', 'EVALUATIE', 'COACH', 'VERLENGING', 'HANDHAVING', name='overgangsoort', native_enum=False, length=40), nullable=False),
    sa.Column('van_fase', sa.Enum('AANGEMELD', 'INTAKE', 'VERKENNING_DIAGNOSE', 'STADIUM_BEPAALD', 'ZELFSTANDIG_ZOEKEN', 'ONTWIKKELING', 'PARTICIPATIE', 'MATCHING', 'GEPLAATST', 'BEGELEIDING_OP_WERK', 'NAZORG', 'ONDERBROKEN', 'AFGESLOTEN', name='trajectfase', native_enum=False, length=40), nullable=True),
    sa.Column('naar_fase', sa.Enum('AANGEMELD', 'INTAKE', 'VERKENNING_DIAGNOSE', 'STADIUM_BEPAALD', 'ZELFSTANDIG_ZOEKEN', 'ONTWIKKELING', 'PARTICIPATIE', 'MATCHING', 'GEPLAATST', 'BEGELEIDING_OP_WERK', 'NAZORG', 'ONDERBROKEN', 'AFGESLOTEN', name='trajectfase', native_enum=False, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('moment', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('medewerker_id', sa.Uuid(), nullable=False),
    sa.Column('reden', sa.Text(), nullable=True),
    sa.Column('voorwaarden', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['medewerker_id'], ['medewerker.id'], name=op.f('fk_fase_overgang_medewerker_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_fase_overgang_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fase_overgang'))
    )
    with op.batch_alter_table('fase_overgang', schema=None) as batch_op:
        batch_op.create_index('ix_fase_overgang_traject_moment', ['traject_id', 'moment'], unique=False)

    op.create_table('intake',
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('type', sa.Enum('KENNISMAKING', 'BREDE_INTAKE', name='intaketype', native_enum=False, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('intaker_id', sa.Uuid(), nullable=False),
    sa.Column('deelnemers', sa.Text(), nullable=True),
    sa.Column('hoe_gaat_het', sa.Text(), nullable=True),
    sa.Column('mogelijkheden', sa.Text(), nullable=True),
    sa.Column('belemmeringen', sa.Text(), nullable=True),
    sa.Column('willen_score', sa.Integer(), nullable=True),
    sa.Column('willen', sa.Text(), nullable=True),
    sa.Column('kunnen_score', sa.Integer(), nullable=True),
    sa.Column('kunnen', sa.Text(), nullable=True),
    sa.Column('vaardigheden_score', sa.Integer(), nullable=True),
    sa.Column('vaardigheden', sa.Text(), nullable=True),
    sa.Column('omstandigheden_score', sa.Integer(), nullable=True),
    sa.Column('omstandigheden', sa.Text(), nullable=True),
    sa.Column('twijfel_over_stadium', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('advies_mogelijk', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('advies_stadium', sa.Enum('1_KLEINE_AFSTAND', '2_ONTWIKKELPOTENTIEEL', '3_NIET_TOE_AAN_WERK', name='ontwikkelstadium', native_enum=False, length=40), nullable=True),
    sa.Column('re_integratieadvies', sa.Text(), nullable=True),
    sa.Column('plan_van_aanpak', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['intaker_id'], ['medewerker.id'], name=op.f('fk_intake_intaker_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_intake_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake'))
    )
    with op.batch_alter_table('intake', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_traject_id'), ['traject_id'], unique=False)

    op.create_table('plaatsing',
    sa.Column('inwoner_id', sa.Uuid(), nullable=False),
    sa.Column('traject_id', sa.Uuid(), nullable=True),
    sa.Column('werkgever_id', sa.Uuid(), nullable=True),
    sa.Column('werkplek', sa.String(length=200), nullable=False),
    sa.Column('plaatsingsvorm', sa.Enum('REGULIER', 'REGULIER_LKS', 'GARANTIEBAAN', 'OPSTAPBAAN', 'DETACHERING_INDIVIDUEEL', 'GROEPSDETACHERING', 'WOL', 'BEGELEID_WERKEN', 'BSW_DIENSTVERBAND_INTERN', 'BSW_BIJ_OPDRACHTGEVER', 'BSW_ELDERS', 'SW_INTERN', 'WERKERVARINGSPLEK', 'LEERWERKPLEK', 'ACTIVERINGSPLEK', 'ONTWIKKELPLEK', 'PARTICIPATIEPLAATS', 'VRIJWILLIGERSWERK', 'DAGBESTEDING', 'SCHOOL_OPLEIDING', 'WERKCOOPERATIE', name='plaatsingsvorm', native_enum=False, length=40), nullable=False),
    sa.Column('startdatum', sa.Date(), nullable=False),
    sa.Column('einddatum', sa.Date(), nullable=True),
    sa.Column('uren_per_week', sa.Integer(), nullable=True),
    sa.Column('jobcoach_id', sa.Uuid(), nullable=True),
    sa.Column('lks', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('einde_reden', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inwoner_id'], ['inwoner.id'], name=op.f('fk_plaatsing_inwoner_id_inwoner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jobcoach_id'], ['medewerker.id'], name=op.f('fk_plaatsing_jobcoach_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_plaatsing_traject_id_traject'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['werkgever_id'], ['werkgever.id'], name=op.f('fk_plaatsing_werkgever_id_werkgever')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plaatsing'))
    )
    with op.batch_alter_table('plaatsing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plaatsing_inwoner_id'), ['inwoner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plaatsing_traject_id'), ['traject_id'], unique=False)

    op.create_table('handhavingszaak',
    sa.Column('traject_id', sa.Uuid(), nullable=False),
    sa.Column('afspraak_id', sa.Uuid(), nullable=True),
    sa.Column('afspraak_omschrijving', sa.Text(), nullable=False),
    sa.Column('signaal_datum', sa.Date(), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('verordening', sa.String(length=200), nullable=False),
    sa.Column('verwijtbaarheid', sa.Text(), nullable=True),
    sa.Column('persoonlijke_omstandigheden', sa.Text(), nullable=True),
    sa.Column('advies', sa.Text(), nullable=True),
    sa.Column('advies_op', sa.Date(), nullable=True),
    sa.Column('besluit_gemeente', sa.String(length=200), nullable=True),
    sa.Column('besluit_op', sa.Date(), nullable=True),
    sa.Column('geopend_door_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('aangemaakt_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('gewijzigd_op', app.models.base.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['afspraak_id'], ['ontwikkelafspraak.id'], name=op.f('fk_handhavingszaak_afspraak_id_ontwikkelafspraak'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['geopend_door_id'], ['medewerker.id'], name=op.f('fk_handhavingszaak_geopend_door_id_medewerker')),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_handhavingszaak_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handhavingszaak'))
    )
    with op.batch_alter_table('handhavingszaak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handhavingszaak_traject_id'), ['traject_id'], unique=False)

    with op.batch_alter_table('evaluatie', schema=None) as batch_op:
        batch_op.add_column(sa.Column('werkfit', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('belemmeringen_weggenomen', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('ontwikkelplan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('traject_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ontwikkelplan_traject_id'), ['traject_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ontwikkelplan_traject_id_traject'), 'traject', ['traject_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('ontwikkelplan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ontwikkelplan_traject_id_traject'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ontwikkelplan_traject_id'))
        batch_op.drop_column('traject_id')

    with op.batch_alter_table('evaluatie', schema=None) as batch_op:
        batch_op.drop_column('belemmeringen_weggenomen')
        batch_op.drop_column('werkfit')

    with op.batch_alter_table('handhavingszaak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handhavingszaak_traject_id'))

    op.drop_table('handhavingszaak')
    with op.batch_alter_table('plaatsing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plaatsing_traject_id'))
        batch_op.drop_index(batch_op.f('ix_plaatsing_inwoner_id'))

    op.drop_table('plaatsing')
    with op.batch_alter_table('intake', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_traject_id'))

    op.drop_table('intake')
    with op.batch_alter_table('fase_overgang', schema=None) as batch_op:
        batch_op.drop_index('ix_fase_overgang_traject_moment')

    op.drop_table('fase_overgang')
    with op.batch_alter_table('diagnose', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diagnose_traject_id'))
        batch_op.drop_index('ix_diagnose_inwoner_datum')

    op.drop_table('diagnose')
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.drop_index('uq_traject_actief', sqlite_where=sa.text("fase <> 'AFGESLOTEN'"), postgresql_where=sa.text("fase <> 'AFGESLOTEN'"))
        batch_op.drop_index(batch_op.f('ix_traject_werkcoach_id'))
        batch_op.drop_index(batch_op.f('ix_traject_accountmanager_id'))
        batch_op.drop_index(batch_op.f('ix_traject_participatiecoach_id'))
        batch_op.drop_index(batch_op.f('ix_traject_jobcoach_id'))
        batch_op.drop_index(batch_op.f('ix_traject_inwoner_id'))
        batch_op.drop_index('ix_traject_fase_fase_sinds')

    op.drop_table('traject')
    with op.batch_alter_table('participatieladder_score', schema=None) as batch_op:
        batch_op.drop_index('ix_participatieladder_score_inwoner_datum')

    op.drop_table('participatieladder_score')
