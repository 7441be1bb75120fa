"""Covering indexes for summaries of rated_points.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 00:00:00

A summary sums qty and price over every point of a period, grouped by
type, by scope, by both or by time.  The two indexes below hold the
grouping columns, the period and the four amount columns, so a summary
reads index entries (a few dozen bytes) and never the table rows (which
carry the groupby and metadata documents):

* (begin, end, type, scope_id, amounts), "by period": totals, time
  groupings and grouping by type, which first sum by (period, type) in
  index order, then group those few sums;
* (scope_id, type, begin, amounts), "by scope": grouping by scope, or by
  scope and type, in index order, and every query of a non-admin caller
  (always about one scope).

They replace (scope_id, begin) and (type, begin), which they cover.

SQLite has no hash aggregation: it groups rows in index order or sorts
them all first (seconds at a million points).  To group in the order of
the "by scope" index while reading only the requested period, it jumps
over each (scope, type) prefix to that period ("skip-scan"), which it
only does when its statistics (``sqlite_stat1``) show many rows per
prefix.  This migration writes such statistics for rated_points, the
shape of a typical rating database, as SQLite documents for steering its
query planner; ``ANALYZE`` replaces them with measured ones.

The price: a batch of points spread over many (scope, type) series
updates as many pages of the "by scope" index.  The "by period" index
only ever grows at its end, as points arrive in time order.
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_AMOUNTS = ['qty_units', 'qty_nanos', 'price_units', 'price_nanos']
INDEXES = {
    'ix_rated_points_begin_totals':
        ['begin', 'end', 'type', 'scope_id'] + _AMOUNTS,
    'ix_rated_points_scope_id_totals':
        ['scope_id', 'type', 'begin'] + _AMOUNTS,
}

# sqlite_stat1 "stat" of each index: its rows, then the average number of
# rows sharing each prefix of its columns. A million points: 500 periods
# of 2000 points, 10 types, 200 scopes.
_SQLITE_STATS = {
    'ix_rated_points_begin': '1000000 2000',
    'ix_rated_points_begin_totals': '1000000 2000 2000 200 1 1 1 1 1',
    'ix_rated_points_scope_id_totals': '1000000 5000 500 1 1 1 1 1',
}


def _seed_sqlite_stats():
    # ANALYZE of a one-row table creates sqlite_stat1 if it is missing.
    op.execute('ANALYZE alembic_version')
    op.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'rated_points'")
    for index, stat in sorted(_SQLITE_STATS.items()):
        op.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES "
                   "('rated_points', '%s', '%s')" % (index, stat))


def upgrade():
    op.drop_index('ix_rated_points_scope_id_begin', 'rated_points')
    op.drop_index('ix_rated_points_type_begin', 'rated_points')
    for name, columns in INDEXES.items():
        op.create_index(name, 'rated_points', columns)
    if op.get_bind().dialect.name == 'sqlite':
        _seed_sqlite_stats()


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'rated_points'")
    for name in INDEXES:
        op.drop_index(name, 'rated_points')
    op.create_index('ix_rated_points_type_begin', 'rated_points',
                    ['type', 'begin'])
    op.create_index('ix_rated_points_scope_id_begin', 'rated_points',
                    ['scope_id', 'begin'])
