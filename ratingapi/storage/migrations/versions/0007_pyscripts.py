"""Create the table of the pyscripts rating module.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14 00:00:00

The script text is stored as text (CloudKitty: zlib-compressed bytes);
its SHA-512 checksum is computed by the server.
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'pyscripts_scripts',
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('script_id', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.Column('checksum', sa.String(128), nullable=False),
        sa.Column('description', sa.String(256), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('end', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_by', sa.String(255), nullable=False),
        sa.Column('updated_by', sa.String(255), nullable=True),
        sa.Column('deleted_by', sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pyscripts_scripts')),
        sa.UniqueConstraint('script_id',
                            name=op.f('uq_pyscripts_scripts_script_id')),
    )
    op.create_index('ix_pyscripts_scripts_name', 'pyscripts_scripts',
                    ['name'])


def downgrade():
    op.drop_table('pyscripts_scripts')
