"""Create collector_mappings and collector_states.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14 00:00:00

The state of CloudKitty's deprecated collector API: which collector
collects a service, and whether a collector is enabled.  CloudKitty keeps
the latter among its rating modules as ``collector_<name>``; here it has
its own table, so no collector name can collide with a rating module.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'collector_mappings',
        sa.Column('service', sa.String(255), nullable=False),
        sa.Column('collector', sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint('service',
                                name=op.f('pk_collector_mappings')),
    )
    op.create_index('ix_collector_mappings_collector', 'collector_mappings',
                    ['collector'])
    op.create_table(
        'collector_states',
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_collector_states')),
    )


def downgrade():
    op.drop_table('collector_states')
    op.drop_index('ix_collector_mappings_collector',
                  table_name='collector_mappings')
    op.drop_table('collector_mappings')
