"""Create the hashmap tables; add rating_modules.revision.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 00:00:00

Costs and levels are exact on both backends (NUMERIC on PostgreSQL, their
text at full scale on SQLite; see models.ExactDecimal).  The revision of a
module's rules lets every worker see a change on its next request.
"""
from alembic import op
import sqlalchemy as sa

from ratingapi.storage import models

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
MAP_TYPE = "map_type IN ('flat', 'rate')"
ONE_PARENT = '(service_id IS NULL) != (field_id IS NULL)'


def _id():
    return sa.Column('id', BigId, autoincrement=True, nullable=False)


def _public_id(name):
    return sa.Column(name, sa.String(36), nullable=False)


def _parents(table):
    return [
        sa.Column('service_id', BigId,
                  sa.ForeignKey('hashmap_services.id', ondelete='CASCADE',
                                name=op.f('fk_%s_service_id_hashmap_services'
                                          % table)),
                  nullable=True),
        sa.Column('field_id', BigId,
                  sa.ForeignKey('hashmap_fields.id', ondelete='CASCADE',
                                name=op.f('fk_%s_field_id_hashmap_fields'
                                          % table)),
                  nullable=True),
        sa.Column('group_id', BigId,
                  sa.ForeignKey('hashmap_groups.id', ondelete='SET NULL',
                                name=op.f('fk_%s_group_id_hashmap_groups'
                                          % table)),
                  nullable=True),
    ]


def upgrade():
    with op.batch_alter_table('rating_modules') as batch:
        batch.add_column(sa.Column('revision', sa.BigInteger(),
                                   nullable=False, server_default='0'))

    op.create_table(
        'hashmap_services', _id(), _public_id('service_id'),
        sa.Column('name', sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hashmap_services')),
        sa.UniqueConstraint('service_id',
                            name=op.f('uq_hashmap_services_service_id')),
        sa.UniqueConstraint('name', name=op.f('uq_hashmap_services_name')),
    )
    op.create_table(
        'hashmap_groups', _id(), _public_id('group_id'),
        sa.Column('name', sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hashmap_groups')),
        sa.UniqueConstraint('group_id',
                            name=op.f('uq_hashmap_groups_group_id')),
        sa.UniqueConstraint('name', name=op.f('uq_hashmap_groups_name')),
    )
    op.create_table(
        'hashmap_fields', _id(), _public_id('field_id'),
        sa.Column('service_id', BigId,
                  sa.ForeignKey(
                      'hashmap_services.id', ondelete='CASCADE',
                      name=op.f('fk_hashmap_fields_service_id_'
                                'hashmap_services')),
                  nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hashmap_fields')),
        sa.UniqueConstraint('field_id',
                            name=op.f('uq_hashmap_fields_field_id')),
        sa.UniqueConstraint('service_id', 'name',
                            name=op.f('uq_hashmap_fields_service_id')),
    )
    op.create_table(
        'hashmap_mappings', _id(), _public_id('mapping_id'),
        sa.Column('value', sa.String(255), nullable=True),
        sa.Column('cost', models.COST, nullable=False),
        sa.Column('map_type', sa.String(4), nullable=False),
        *_parents('hashmap_mappings'),
        sa.Column('tenant_id', sa.String(255), nullable=True),
        sa.Column('name', sa.String(32), nullable=False),
        sa.Column('description', sa.String(256), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('end', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_by', sa.String(255), nullable=False),
        sa.Column('updated_by', sa.String(255), nullable=True),
        sa.Column('deleted_by', sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hashmap_mappings')),
        sa.UniqueConstraint('mapping_id',
                            name=op.f('uq_hashmap_mappings_mapping_id')),
        sa.CheckConstraint(MAP_TYPE,
                           name=op.f('ck_hashmap_mappings_map_type')),
        sa.CheckConstraint(ONE_PARENT,
                           name=op.f('ck_hashmap_mappings_one_parent')),
    )
    for column in ('service_id', 'field_id', 'group_id'):
        op.create_index('ix_hashmap_mappings_%s' % column,
                        'hashmap_mappings', [column])
    op.create_table(
        'hashmap_thresholds', _id(), _public_id('threshold_id'),
        sa.Column('level', models.LEVEL, nullable=False),
        sa.Column('cost', models.COST, nullable=False),
        sa.Column('map_type', sa.String(4), nullable=False),
        *_parents('hashmap_thresholds'),
        sa.Column('tenant_id', sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hashmap_thresholds')),
        sa.UniqueConstraint(
            'threshold_id', name=op.f('uq_hashmap_thresholds_threshold_id')),
        sa.CheckConstraint(MAP_TYPE,
                           name=op.f('ck_hashmap_thresholds_map_type')),
        sa.CheckConstraint(ONE_PARENT,
                           name=op.f('ck_hashmap_thresholds_one_parent')),
    )
    tenant = sa.func.coalesce(sa.column('tenant_id'), '')
    op.create_index('uq_hashmap_thresholds_service_level',
                    'hashmap_thresholds', ['service_id', 'level', tenant],
                    unique=True)
    op.create_index('uq_hashmap_thresholds_field_level',
                    'hashmap_thresholds', ['field_id', 'level', tenant],
                    unique=True)
    op.create_index('ix_hashmap_thresholds_group_id', 'hashmap_thresholds',
                    ['group_id'])


def downgrade():
    for table in ('hashmap_thresholds', 'hashmap_mappings', 'hashmap_fields',
                  'hashmap_groups', 'hashmap_services'):
        op.drop_table(table)
    with op.batch_alter_table('rating_modules') as batch:
        batch.drop_column('revision')
