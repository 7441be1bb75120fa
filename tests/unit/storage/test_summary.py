"""Rating summaries: sums, groups, order and pages in SQL, on both backends.

Every test runs on SQLite and on PostgreSQL with the same expectations:
the two backends give the same rows, to the last digit.
"""
import dataclasses
import datetime
import decimal

import pytest
from sqlalchemy import event

from ratingapi.storage import dataframes
from ratingapi.storage import points
from ratingapi.storage import summary

UTC = datetime.timezone.utc
D = decimal.Decimal
T0 = datetime.datetime(2026, 11, 1, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
MONTH_END = datetime.datetime(2026, 12, 1, tzinfo=UTC)
SCOPE_KEY = 'project_id'


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def push(database, begin, type_='cpu', qty=1, price=0, project='p1',
         end=None, **attributes):
    groupby = dict({'project_id': project}, **attributes.pop('groupby', {}))
    point = {'unit': 'u', 'qty': qty, 'price': price, 'groupby': groupby,
             'metadata': attributes.pop('metadata', {})}
    assert not attributes
    with database.session() as session:
        dataframes.push(session, [{'begin': begin, 'end': end or begin + HOUR,
                                   'usage': {type_: [point]}}],
                        scope_key=SCOPE_KEY)


def total(database, groupby=(), filters=None, scopes=None, begin=T0,
          end=MONTH_END, offset=0, limit=100):
    with database.session() as session:
        return summary.total(session, begin=begin, end=end,
                             groupby=list(groupby), filters=filters or {},
                             scopes=scopes, scope_key=SCOPE_KEY,
                             offset=offset, limit=limit)


def rows(result):
    """(begin, end, qty, rate, *groups) of each row, as text for numbers."""
    return [(row.begin, row.end, str(row.qty), str(row.rate), *row.groups)
            for row in result.rows]


@pytest.fixture
def data(database):
    push(database, T0, 'cpu', D('1.5'), D('0.1'), 'p1')
    push(database, T0, 'cpu', D('1.5'), D('0.1'), 'p1')
    push(database, T0 + HOUR, 'cpu', 2, D('0.000000001'), 'p2')
    push(database, T0, 'ram', 512, D('-0.25'), 'p1')
    push(database, T0 + DAY, 'ram', 256, D('0.5'), 'p3')
    return database


# -- no grouping -----------------------------------------------------------

def test_nothing_stored_gives_no_row(database):
    assert total(database) == summary.Summary(total=0, keys=(), rows=())
    assert total(database, ['type']) == summary.Summary(0, ('type',), ())


def test_totals_of_the_period(data):
    result = total(data)
    assert result.total == 1 and result.keys == ()
    assert rows(result) == [(T0, MONTH_END, '773', '0.450000001')]


def test_rows_are_frozen(data):
    result = total(data)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.rows[0].qty = 2


def test_period_selects_by_point_begin(data):
    assert rows(total(data, begin=T0 + HOUR, end=T0 + DAY)) == [
        (T0 + HOUR, T0 + DAY, '2', '1E-9')]
    assert total(data, begin=T0 + 2 * DAY, end=MONTH_END).rows == ()


def test_sums_are_exact(database):
    for _ in range(30):
        push(database, T0, qty=D('0.333333333'), price=D('0.000000007'))
    push(database, T0, qty=D('9223372036854775807'), price=-1)
    [row] = total(database).rows
    assert row.qty == D('9223372036854775816.99999999')
    assert row.rate == D('-0.99999979')


@pytest.mark.parametrize('groupby', [[], ['type'], ['project_id'],
                                     ['type', 'project_id'], ['time-d']])
def test_sums_beyond_64_bits(database, groupby):
    # SQLite's SUM() fails past 2**63; summary sums halves there.
    push(database, T0, qty=2 ** 63 - 1, price=-2 ** 63)
    push(database, T0, qty=2 ** 63 - 1, price=-2 ** 63)
    push(database, T0 + HOUR, qty=D('0.5'), price=D('-0.5'))
    [row] = total(database, groupby).rows
    assert row.qty == 2 ** 64 - D('1.5')
    assert row.rate == -2 ** 64 - D('0.5')


# -- grouping --------------------------------------------------------------

def test_by_type(data):
    result = total(data, ['type'])
    assert result.keys == ('type',) and result.total == 2
    assert rows(result) == [
        (T0, MONTH_END, '5', '0.200000001', 'cpu'),
        (T0, MONTH_END, '768', '0.25', 'ram')]


def test_by_scope_key_uses_scope_ids(data):
    push(data, T0, project=42)
    assert [row.groups for row in total(data, ['project_id']).rows] == [
        ('42',), ('p1',), ('p2',), ('p3',)]
    assert rows(total(data, ['project_id']))[1] == (
        T0, MONTH_END, '515', '-0.05', 'p1')


def test_by_type_and_scope_in_request_order(data):
    assert [row.groups for row in total(
        data, ['type', 'project_id']).rows] == [
        ('cpu', 'p1'), ('cpu', 'p2'), ('ram', 'p1'), ('ram', 'p3')]
    result = total(data, ['project_id', 'type'])
    assert result.keys == ('project_id', 'type')
    assert [row.groups for row in result.rows] == [
        ('p1', 'cpu'), ('p1', 'ram'), ('p2', 'cpu'), ('p3', 'ram')]


def test_repeated_keys_count_once(data):
    result = total(data, ['type', 'type', 'project_id', 'type'])
    assert result.keys == ('type', 'project_id')


def test_by_attribute_keeps_json_values(database):
    push(database, T0, groupby={'size': 2})
    push(database, T0, groupby={'size': 2})
    push(database, T0, groupby={'size': '2'})
    push(database, T0, groupby={'size': D('1.50')})
    push(database, T0, groupby={'size': D('1.5')})
    push(database, T0, groupby={'size': True})
    push(database, T0, groupby={'size': None})
    push(database, T0)
    push(database, T0, metadata={'size': 'from-metadata'})
    push(database, T0, groupby={'size': 'b'}, metadata={'size': 'a'})
    result = total(database, ['size'])
    groups = [(row.groups[0], str(row.qty)) for row in result.rows]
    # Sorted by JSON text, bytewise, no value first: "..." < digits < t.
    assert groups == [(None, '2'), ('2', '1'), ('b', '1'),
                      ('from-metadata', '1'), (D('1.5'), '1'),
                      (D('1.50'), '1'), (2, '2'), (True, '1')]
    assert type(groups[6][0]) is int
    assert str(groups[5][0]) == '1.50'


def test_by_attribute_with_odd_keys(database):
    push(database, T0, groupby={'a.b': 'x', 'é': 'ü'})
    push(database, T0, groupby={'a.b': 'y'})
    assert [row.groups for row in total(database, ['a.b', 'é']).rows] == [
        ('x', 'ü'), ('y', None)]


def test_sorting_is_bytewise(database):
    for name in ('b', 'B', 'a', 'é', 'Z', '_'):
        push(database, T0, type_=name, groupby={'name': name})
    assert [row.groups[0] for row in total(database, ['type']).rows] == [
        'B', 'Z', '_', 'a', 'b', 'é']
    assert [row.groups[0] for row in total(database, ['name']).rows] == [
        'B', 'Z', '_', 'a', 'b', 'é']


# -- time ------------------------------------------------------------------

def test_by_point_period(data):
    push(data, T0, end=T0 + DAY)
    assert [(row.begin, row.end, str(row.qty))
            for row in total(data, ['time']).rows] == [
        (T0, T0 + HOUR, '515'), (T0, T0 + DAY, '1'),
        (T0 + HOUR, T0 + 2 * HOUR, '2'), (T0 + DAY, T0 + DAY + HOUR, '256')]


def test_by_day(data):
    push(data, T0 + 23 * HOUR + datetime.timedelta(seconds=3599))
    assert [(row.begin, row.end, str(row.qty))
            for row in total(data, ['time-d']).rows] == [
        (T0, T0 + DAY, '518'), (T0 + DAY, T0 + 2 * DAY, '256')]


def test_by_day_before_1970(database):
    push(database, at(1969, 12, 31, 23))
    push(database, at(1970, 1, 1))
    assert [(row.begin, row.end) for row in total(
        database, ['time-d'], begin=at(1969, 1, 1),
        end=at(1971, 1, 1)).rows] == [
        (at(1969, 12, 31), at(1970, 1, 1)), (at(1970, 1, 1), at(1970, 1, 2))]


def test_by_iso_week(database):
    # 2026-11-01 is a Sunday, 2026-11-02 a Monday.
    push(database, at(2026, 11, 1, 12))
    push(database, at(2026, 11, 2))
    push(database, at(2026, 11, 8, 23))
    push(database, at(2026, 11, 9))
    assert [(row.begin, str(row.qty)) for row in total(
        database, ['time-w'], begin=at(2026, 10, 1)).rows] == [
        (at(2026, 10, 26), '1'), (at(2026, 11, 2), '2'),
        (at(2026, 11, 9), '1')]
    assert total(database, ['time-w']).rows[0].end == at(2026, 11, 2)


def test_by_week_before_1970(database):
    # 1970-01-01 was a Thursday: its week began on Monday 1969-12-29.
    push(database, at(1970, 1, 1))
    push(database, at(1969, 12, 28, 23))
    assert [(row.begin, row.end) for row in total(
        database, ['time-w'], begin=at(1969, 1, 1),
        end=at(1971, 1, 1)).rows] == [
        (at(1969, 12, 22), at(1969, 12, 29)),
        (at(1969, 12, 29), at(1970, 1, 5))]


def test_by_month(database):
    for moment in (at(2024, 1, 31, 23), at(2024, 2, 1), at(2024, 2, 29, 12),
                   at(2024, 12, 31, 23), at(2025, 2, 3)):
        push(database, moment)
    assert [(row.begin, row.end, str(row.qty)) for row in total(
        database, ['time-m'], begin=at(2024, 1, 1),
        end=at(2026, 1, 1)).rows] == [
        (at(2024, 1, 1), at(2024, 2, 1), '1'),
        (at(2024, 2, 1), at(2024, 3, 1), '2'),
        (at(2024, 12, 1), at(2025, 1, 1), '1'),
        (at(2025, 2, 1), at(2025, 3, 1), '1')]


def test_by_year(database):
    for moment in (at(2024, 12, 31, 23), at(2025, 1, 1), at(2025, 6, 1)):
        push(database, moment)
    assert [(row.begin, row.end, str(row.qty)) for row in total(
        database, ['time-y'], begin=at(2024, 1, 1),
        end=at(2026, 1, 1)).rows] == [
        (at(2024, 1, 1), at(2025, 1, 1), '1'),
        (at(2025, 1, 1), at(2026, 1, 1), '2')]


def test_time_with_other_keys_in_request_order(data):
    assert [(row.begin, row.groups) for row in total(
        data, ['time-d', 'type']).rows] == [
        (T0, ('cpu',)), (T0, ('ram',)), (T0 + DAY, ('ram',))]
    result = total(data, ['type', 'time-d', 'project_id'])
    assert result.keys == ('type', 'project_id')
    assert [(row.groups[0], row.begin, row.groups[1])
            for row in result.rows] == [
        ('cpu', T0, 'p1'), ('cpu', T0, 'p2'), ('ram', T0, 'p1'),
        ('ram', T0 + DAY, 'p3')]


def test_one_time_grouping_at_most(data):
    with pytest.raises(ValueError):
        total(data, ['time-d', 'time-m'])
    assert total(data, ['time-d', 'time-d']).total == 2


# -- filters and scopes ----------------------------------------------------

@pytest.mark.parametrize('filters, expected', [
    ({'type': ['ram']}, [('p1', '512'), ('p3', '256')]),
    ({'project_id': ['p1', 'p2']}, [('p1', '515'), ('p2', '2')]),
    ({'type': ['cpu'], 'project_id': ['p1', 'p3']}, [('p1', '3')]),
    ({'type': ['disk']}, []),
])
def test_filters(data, filters, expected):
    assert [(row.groups[0], str(row.qty)) for row in total(
        data, ['project_id'], filters=filters).rows] == expected


def test_filters_on_attributes(database):
    push(database, T0, groupby={'zone': 'a'}, metadata={'vcpus': 2})
    push(database, T0, qty=2, groupby={'zone': 'b'}, metadata={'vcpus': '2'})
    push(database, T0, qty=4, metadata={'zone': 'a'})
    assert str(total(database, filters={'zone': ['a']}).rows[0].qty) == '5'
    assert str(total(database, filters={'vcpus': ['2']}).rows[0].qty) == '3'


EDGES = [-172801, -86401, -86400, -1, 0, 1, 86399, 86400, 1767225600,
         1767311999]


@pytest.mark.parametrize('groupby', [
    ['project_id'], ['type', 'project_id'], ['project_id', 'type'],
    ['type'], [],
])
@pytest.mark.parametrize('first, stop', [
    (-86401, 1), (-1, 86400), (1, 86399), (-172801, 1767312000),
    (1767225600, 1767311999),
])
def test_days_of_the_scope_index_never_cut_the_period(database, groupby,
                                                      first, stop):
    # Summaries that read the "by scope" index bound begin_day too (and
    # sum by day first): the period's edges must still be exact.
    for number, seconds in enumerate(EDGES):
        push(database, points.from_epoch(seconds),
             ('cpu', 'ram')[number % 2], qty=2 ** number,
             project='p%d' % (number % 3))
    expected = {}
    for number, seconds in enumerate(EDGES):
        if first <= seconds < stop:
            key = tuple({'type': ('cpu', 'ram')[number % 2],
                         'project_id': 'p%d' % (number % 3)}[name]
                        for name in groupby)
            expected[key] = expected.get(key, 0) + 2 ** number
    for scopes in (None, frozenset(['p0', 'p1', 'p2'])):
        result = total(database, groupby, scopes=scopes,
                       begin=points.from_epoch(first),
                       end=points.from_epoch(stop))
        assert {row.groups: row.qty for row in result.rows} == expected


def test_scopes(data):
    result = total(data, ['project_id'], scopes=frozenset(['p1', 'p3']))
    assert [row.groups for row in result.rows] == [('p1',), ('p3',)]
    assert total(data, ['project_id'], scopes=frozenset(['p1']),
                 filters={'project_id': ['p2']}).total == 0


def test_no_scope_at_all_sees_nothing(data):
    assert total(data, ['type', 'time-d'], scopes=frozenset()) == (
        summary.Summary(total=0, keys=('type',), rows=()))


# -- pages -----------------------------------------------------------------

def test_pages(data):
    everything = total(data, ['type', 'project_id'])
    assert everything.total == 4
    page = total(data, ['type', 'project_id'], offset=1, limit=2)
    assert page.total == 4
    assert page.rows == everything.rows[1:3]
    last = total(data, ['type', 'project_id'], offset=3, limit=2)
    assert last.rows == everything.rows[3:]


@pytest.mark.parametrize('groupby', [[], ['type'], ['time-d', 'type']])
def test_a_page_past_the_end_still_counts(data, groupby):
    expected = total(data, groupby).total
    assert total(data, groupby, offset=10, limit=2) == summary.Summary(
        total=expected, keys=tuple(g for g in groupby if g != 'time-d'),
        rows=())


# -- query plans (SQLite has no hash aggregation) --------------------------

def _statement(database, groupby, filters=None, scopes=None):
    """(SQL, parameters) of the summary's main statement."""
    statements = []

    def capture(conn, cursor, statement, parameters, context, many):
        statements.append((statement, parameters))

    event.listen(database.engine, 'before_cursor_execute', capture)
    try:
        total(database, groupby, filters=filters, scopes=scopes)
    finally:
        event.remove(database.engine, 'before_cursor_execute', capture)
    return statements[-1]


def _plan(database, groupby, filters=None, scopes=None):
    statement, parameters = _statement(database, groupby, filters, scopes)
    with database.engine.connect() as connection:
        return ' | '.join(row[3] for row in connection.exec_driver_sql(
            'EXPLAIN QUERY PLAN ' + statement, parameters))


# Opcodes that read a table row (not an index entry) from a cursor.
_ROW_READS = frozenset({'Column', 'Rowid', 'SeekRowid', 'NotExists'})


def _reads_table_rows(database, groupby, scopes=None):
    """Whether SQLite's program for the summary reads rated_points rows.

    EXPLAIN QUERY PLAN only says COVERING INDEX when the index holds
    every column named; with the virtual ``begin_day`` column (migration
    0004) it never does, although its value comes from the index.  The
    bytecode tells: a table cursor is opened, but read only if a column
    has to come from the row.
    """
    statement, parameters = _statement(database, groupby, scopes=scopes)
    with database.engine.connect() as connection:
        root = connection.exec_driver_sql(
            "SELECT rootpage FROM sqlite_schema WHERE type = 'table' "
            "AND name = 'rated_points'").scalar_one()
        program = connection.exec_driver_sql(
            'EXPLAIN ' + statement, parameters).all()
    tables = {row.p1 for row in program
              if row.opcode == 'OpenRead' and row.p2 == root}
    return any(row.opcode in _ROW_READS and row.p1 in tables
               for row in program)


@pytest.mark.parametrize('groupby, index', [
    ([], 'COVERING INDEX ix_rated_points_begin_totals (begin>'),
    (['type'], 'COVERING INDEX ix_rated_points_begin_totals (begin>'),
    (['time-d'], 'COVERING INDEX ix_rated_points_begin_totals (begin>'),
    (['time-m', 'type'],
     'COVERING INDEX ix_rated_points_begin_totals (begin>'),
    (['project_id'], 'INDEX ix_rated_points_scope_id_totals '
                     '(ANY(scope_id) AND begin_day>'),
    (['type', 'project_id'], 'INDEX ix_rated_points_scope_id_totals '
                             '(ANY(scope_id) AND begin_day>'),
    (['project_id', 'type'], 'INDEX ix_rated_points_scope_id_totals '
                             '(ANY(scope_id) AND begin_day>'),
])
def test_sqlite_summaries_read_only_an_index(database_url, database,
                                             groupby, index):
    if not database_url.startswith('sqlite'):
        pytest.skip('SQLite query plans')
    plan = _plan(database, groupby)
    assert 'USING %s' % index in plan
    assert not _reads_table_rows(database, groupby)
    if groupby in ([], ['project_id']):
        # Summed, or grouped, in index order: no sort at all.
        assert 'TEMP B-TREE FOR GROUP BY' not in plan
    else:
        # Only the first sums, by period or by (scope, day, type), are
        # sorted; they are read from the index in their own order.
        assert plan.count('TEMP B-TREE FOR GROUP BY') == 1
        assert plan.index('INDEX') < plan.index('SCAN first') < plan.index(
            'TEMP B-TREE FOR GROUP BY')


def test_sqlite_scoped_summaries_seek_their_scope_and_period(database_url,
                                                             database):
    if not database_url.startswith('sqlite'):
        pytest.skip('SQLite query plans')
    scopes = frozenset(['p1'])
    plan = _plan(database, ['type'], scopes=scopes)
    assert ('INDEX ix_rated_points_scope_id_totals (scope_id=? AND '
            'begin_day>? AND begin_day<?)') in plan
    assert not _reads_table_rows(database, ['type'], scopes=scopes)


def test_reading_a_table_row_is_detected(database_url, database):
    # The check above can fail: a grouping by attribute reads documents.
    if not database_url.startswith('sqlite'):
        pytest.skip('SQLite query plans')
    assert _reads_table_rows(database, ['user_id'])


# -- what /v1/report asks ----------------------------------------------------

def test_no_limit_gives_every_row(data):
    # v1 reports have no pages: they ask for every row at once.
    result = total(data, ['project_id', 'type'], limit=None)
    assert result.total == 4
    assert [row.groups for row in result.rows] == [
        ('p1', 'cpu'), ('p1', 'ram'), ('p2', 'cpu'), ('p3', 'ram')]
    assert [str(row.rate) for row in result.rows] == [
        '0.2', '-0.25', '1E-9', '0.5']


def test_points_of_no_scope_group_under_none_first(database):
    push(database, T0, 'cpu', 1, D('0.000001'), project=None)
    push(database, T0, 'cpu', 1, D('2'), 'p1')
    result = total(database, ['project_id'], limit=None)
    assert [(row.groups, str(row.rate)) for row in result.rows] == [
        ((None,), '0.000001'), (('p1',), '2')]
    # ... and a summary of given scopes leaves them out.
    result = total(database, scopes=frozenset(['p1']), limit=None)
    assert [str(row.rate) for row in result.rows] == ['2']
