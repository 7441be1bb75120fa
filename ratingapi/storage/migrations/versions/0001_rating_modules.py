"""Create rating_modules: enabled flag and priority of each rating module.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rating_modules',
        sa.Column('module_id', sa.String(64), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('module_id', name=op.f('pk_rating_modules')),
    )


def downgrade():
    op.drop_table('rating_modules')
