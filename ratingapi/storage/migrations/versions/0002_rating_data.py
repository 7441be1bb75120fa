"""Create rated_points, scope_states and reprocess_tasks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 00:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

JSONDocument = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'rated_points',
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('begin', sa.BigInteger(), nullable=False),
        sa.Column('end', sa.BigInteger(), nullable=False),
        sa.Column('type', sa.String(255), nullable=False),
        sa.Column('unit', sa.String(255), nullable=False),
        sa.Column('qty_units', sa.BigInteger(), nullable=False),
        sa.Column('qty_nanos', sa.BigInteger(), nullable=False),
        sa.Column('price_units', sa.BigInteger(), nullable=False),
        sa.Column('price_nanos', sa.BigInteger(), nullable=False),
        sa.Column('groupby', JSONDocument, nullable=False),
        sa.Column('metadata', JSONDocument, nullable=False),
        sa.Column('scope_id', sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rated_points')),
    )
    op.create_index('ix_rated_points_begin', 'rated_points', ['begin'])
    op.create_index('ix_rated_points_scope_id_begin', 'rated_points',
                    ['scope_id', 'begin'])
    op.create_index('ix_rated_points_type_begin', 'rated_points',
                    ['type', 'begin'])

    op.create_table(
        'scope_states',
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('scope_id', sa.String(255), nullable=False),
        sa.Column('scope_key', sa.String(255), nullable=False),
        sa.Column('fetcher', sa.String(255), nullable=False),
        sa.Column('collector', sa.String(255), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('last_processed_timestamp', sa.DateTime(timezone=True),
                  nullable=True),
        sa.Column('scope_activation_toggle_date',
                  sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_states')),
        sa.UniqueConstraint('scope_id', name=op.f('uq_scope_states_scope_id')),
    )

    op.create_table(
        'reprocess_tasks',
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('scope_id', sa.String(255), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('start_reprocess_time', sa.DateTime(timezone=True),
                  nullable=False),
        sa.Column('end_reprocess_time', sa.DateTime(timezone=True),
                  nullable=False),
        sa.Column('current_reprocess_time', sa.DateTime(timezone=True),
                  nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reprocess_tasks')),
    )
    op.create_index('ix_reprocess_tasks_scope_id', 'reprocess_tasks',
                    ['scope_id'])


def downgrade():
    op.drop_table('reprocess_tasks')
    op.drop_table('scope_states')
    op.drop_table('rated_points')
