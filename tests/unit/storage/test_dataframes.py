"""Rated data points: stored as sent, listed by page, on both backends."""
import dataclasses
import datetime
import decimal

import pytest
import sqlalchemy as sa

from ratingapi.storage import dataframes
from ratingapi.storage import models
from ratingapi.storage import points

UTC = datetime.timezone.utc
D = decimal.Decimal
T0 = datetime.datetime(2026, 11, 1, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)
MONTH_END = datetime.datetime(2026, 12, 1, tzinfo=UTC)
SCOPE_KEY = 'project_id'


def point(qty=1, price=0, unit='u', groupby=None, metadata=None):
    return {'unit': unit, 'qty': qty, 'price': price,
            'groupby': {'project_id': 'p1'} if groupby is None else groupby,
            'metadata': {} if metadata is None else metadata}


def frame(begin=T0, end=None, **usage):
    return {'begin': begin, 'end': end or begin + HOUR, 'usage': usage}


def push(database, *frames, scope_key=SCOPE_KEY):
    with database.session() as session:
        return dataframes.push(session, list(frames), scope_key=scope_key)


def retrieve(database, begin=T0, end=MONTH_END, filters=None, scopes=None,
             offset=0, limit=100, scope_key=SCOPE_KEY):
    with database.session() as session:
        return dataframes.retrieve(
            session, begin=begin, end=end, filters=filters or {},
            scopes=scopes, scope_key=scope_key, offset=offset, limit=limit)


def stored_scope_ids(database):
    with database.session() as session:
        return sorted(session.execute(sa.select(
            models.RatedPoint.scope_id)).scalars(), key=str)


# -- push ------------------------------------------------------------------

def test_nothing_stored(database):
    page = retrieve(database)
    assert page == dataframes.Page(total=0, points=())


def test_push_returns_the_number_of_points(database):
    assert push(database, frame(cpu=[point(), point()], ram=[point()]),
                frame(T0 + HOUR, cpu=[point()])) == 4
    assert retrieve(database).total == 4


def test_push_of_nothing_stores_nothing(database):
    assert push(database) == 0
    assert retrieve(database).total == 0


def test_identical_points_are_two_points(database):
    push(database, frame(cpu=[point(qty=D('1.5')), point(qty=D('1.5'))]))
    page = retrieve(database)
    assert page.total == 2
    assert page.points[0] == page.points[1]


def test_point_is_read_back_as_sent(database):
    groupby = {'project_id': 'p1', 'id': 'vm-1', 'count': 3,
               'ratio': D('0.250'), 'on': True, 'nothing': None,
               'name': 'é ü "quoted" \\ \t'}
    metadata = {'flavor': 'm1.small', 'vcpus': 2, 'big': 2 ** 70,
                'tiny': D('0.000000001')}
    push(database, frame(cpu=[point(qty=D('1.123456789'),
                                    price=D('-2.5'), unit='vcpu',
                                    groupby=groupby, metadata=metadata)]))
    [stored] = retrieve(database).points
    assert stored == dataframes.DataPoint(
        begin=T0, end=T0 + HOUR, type='cpu', unit='vcpu',
        qty=D('1.123456789'), price=D('-2.5'),
        groupby=points.loads(points.dumps(groupby)),
        metadata=points.loads(points.dumps(metadata)))
    assert dict(stored.groupby) == groupby
    assert dict(stored.metadata) == metadata
    # Numbers stay numbers, with their digits.
    assert type(stored.groupby['count']) is int
    assert str(stored.groupby['ratio']) == '0.250'
    assert stored.metadata['big'] == 2 ** 70
    assert list(stored.groupby) == sorted(groupby)


@pytest.mark.parametrize('qty, price', [
    (D('0'), D('0')), (D('0.000000001'), D('-0.000000001')),
    (D('123456789.987654321'), D('-123456789.987654321')),
    (D('9223372036854775807.999999999'), D('-9223372036854775808')),
    (7, -7), (2 ** 63 - 1, -2 ** 63)])
def test_amounts_are_exact(database, qty, price):
    push(database, frame(cpu=[point(qty=qty, price=price)]))
    [stored] = retrieve(database).points
    assert (stored.qty, stored.price) == (qty, price)
    assert type(stored.qty) is D


def test_points_are_frozen(database):
    push(database, frame(cpu=[point()]))
    page = retrieve(database)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.total = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.points[0].qty = 3


def test_scope_id_is_taken_from_the_scope_key(database):
    push(database, frame(cpu=[
        point(groupby={'project_id': 'p1'}),
        point(groupby={'project_id': 42}),
        point(groupby={'project_id': None}),
        point(groupby={'tenant': 'p9'}),
        point(groupby={}, metadata={'project_id': 'only-metadata'}),
    ]))
    assert stored_scope_ids(database) == ['42', None, None, None, 'p1']


def test_scope_key_is_configurable(database):
    push(database, frame(cpu=[point(groupby={'tenant': 't1',
                                             'project_id': 'p1'})]),
         scope_key='tenant')
    assert stored_scope_ids(database) == ['t1']
    assert retrieve(database, scopes=frozenset(['t1']),
                    scope_key='tenant').total == 1
    assert retrieve(database, scopes=frozenset(['p1']),
                    scope_key='tenant').total == 0


def test_a_failed_transaction_stores_nothing(database):
    with pytest.raises(RuntimeError):
        with database.session() as session:
            dataframes.push(session, [frame(cpu=[point()])],
                            scope_key=SCOPE_KEY)
            raise RuntimeError('later failure')
    assert retrieve(database).total == 0


def test_an_unstorable_amount_stores_nothing(database):
    with pytest.raises(ValueError):
        push(database, frame(cpu=[point(), point(qty=D('0.0000000001'))]))
    assert retrieve(database).total == 0


# -- retrieve --------------------------------------------------------------

def _hours(database, count, **point_args):
    push(database, *[frame(T0 + index * HOUR, cpu=[point(**point_args)])
                     for index in range(count)])


def test_points_are_ordered_by_begin_then_insertion(database):
    push(database, frame(T0 + HOUR, cpu=[point(qty=1)]),
         frame(T0, ram=[point(qty=2)], cpu=[point(qty=3)]),
         frame(T0 + HOUR, cpu=[point(qty=4)]))
    page = retrieve(database)
    assert [(p.begin, p.qty) for p in page.points] == [
        (T0, 2), (T0, 3), (T0 + HOUR, 1), (T0 + HOUR, 4)]


def test_pages(database):
    _hours(database, 5)
    begins = [p.begin for p in retrieve(database).points]
    page = retrieve(database, offset=1, limit=2)
    assert page.total == 5
    assert [p.begin for p in page.points] == begins[1:3]
    assert retrieve(database, offset=4, limit=2).points[0].begin == (
        begins[4])
    beyond = retrieve(database, offset=5, limit=2)
    assert beyond == dataframes.Page(total=5, points=())


def test_period_selects_by_point_begin(database):
    _hours(database, 4)
    page = retrieve(database, begin=T0 + HOUR, end=T0 + 3 * HOUR)
    assert [p.begin for p in page.points] == [T0 + HOUR, T0 + 2 * HOUR]
    # A point that starts before begin is out even if it ends after it.
    assert retrieve(database, begin=T0 + HOUR / 2,
                    end=T0 + 2 * HOUR).total == 1
    assert retrieve(database, begin=T0, end=T0).total == 0


EDGES = [-172801, -86401, -86400, -1, 0, 1, 86399, 86400, 1767225600,
         1767311999]


def test_begin_day_is_what_the_database_computes(database):
    push(database, *[frame(points.from_epoch(seconds), cpu=[point()])
                     for seconds in EDGES])
    with database.session() as session:
        stored = session.execute(sa.select(
            models.RatedPoint.begin, models.RatedPoint.begin_day)).all()
    assert sorted(stored) == [(seconds, points.begin_day(seconds))
                              for seconds in EDGES]


@pytest.mark.parametrize('first, stop', [
    (-86401, 1), (-86400, 0), (-1, 86400), (0, 86401), (1, 86399),
    (86399, 1767225601), (-172801, 1767312000), (1767225600, 1767311999),
])
def test_scoped_queries_select_exactly_the_period(database, first, stop):
    # Scoped queries also bound begin_day; those bounds must never cut a
    # point of the period off, on either side of a day or of 1970.
    push(database, *[frame(points.from_epoch(seconds), cpu=[point()])
                     for seconds in EDGES])
    page = retrieve(database, begin=points.from_epoch(first),
                    end=points.from_epoch(stop), scopes={'p1'},
                    limit=len(EDGES))
    assert [points.epoch(p.begin) for p in page.points] == [
        seconds for seconds in EDGES if first <= seconds < stop]


def test_sub_second_bounds(database):
    _hours(database, 2)
    tick = datetime.timedelta(microseconds=1)
    assert retrieve(database, begin=T0 + tick, end=MONTH_END).total == 1
    assert retrieve(database, begin=T0, end=T0 + HOUR + tick).total == 2
    assert retrieve(database, begin=T0 - tick, end=T0 + tick).total == 1


def _filtered(database, **filters):
    return sorted(str(p.qty) for p in retrieve(
        database, filters={k: list(v) for k, v in filters.items()}).points)


@pytest.fixture
def varied(database):
    push(database, frame(
        cpu=[point(qty=1, groupby={'project_id': 'p1', 'zone': 'a'},
                   metadata={'flavor': 'small', 'vcpus': 2}),
             point(qty=2, groupby={'project_id': 'p2', 'zone': 'b'},
                   metadata={'flavor': 'large', 'vcpus': '2'})],
        ram=[point(qty=3, groupby={'project_id': 'p1', 'flavor': 'big'},
                   metadata={'flavor': 'small', 'vcpus': D('2.0')}),
             point(qty=4, groupby={'project_id': 7, 'zone': None},
                   metadata={'zone': 'c', 'on': True})]))
    return database


@pytest.mark.parametrize('filters, expected', [
    ({}, ['1', '2', '3', '4']),
    ({'type': ['cpu']}, ['1', '2']),
    ({'type': ['cpu', 'ram']}, ['1', '2', '3', '4']),
    ({'type': ['disk']}, []),
    ({'project_id': ['p1']}, ['1', '3']),
    ({'project_id': ['7']}, ['4']),
    ({'project_id': ['p1', 'p2']}, ['1', '2', '3']),
    ({'zone': ['a']}, ['1']),
    # groupby first, then metadata (a null groupby value is no value).
    ({'zone': ['c']}, ['4']),
    ({'flavor': ['small']}, ['1']),
    ({'flavor': ['big']}, ['3']),
    # Compared as text: 2 matches the number and the string.
    ({'vcpus': ['2']}, ['1', '2']),
    ({'vcpus': ['2.0']}, ['3']),
    ({'on': ['true']}, ['4']),
    ({'missing': ['x']}, []),
    ({'type': ['cpu'], 'project_id': ['p1']}, ['1']),
    ({'type': ['ram'], 'flavor': ['big', 'small']}, ['3']),
])
def test_filters(varied, filters, expected):
    assert _filtered(varied, **filters) == expected


def test_filters_with_odd_keys_and_values(database):
    push(database, frame(cpu=[
        point(qty=1, groupby={'a.b': 'x', 'quote': 'say "hi"',
                              'unicode': 'é'}),
        point(qty=2, groupby={'a': 'nested'})]))
    assert _filtered(database, **{'a.b': ['x']}) == ['1']
    assert _filtered(database, quote=['say "hi"']) == ['1']
    assert _filtered(database, unicode=['é']) == ['1']
    assert _filtered(database, a=['nested']) == ['2']


def test_scopes_restrict_what_is_seen(varied):
    assert retrieve(varied, scopes=frozenset(['p1'])).total == 2
    assert retrieve(varied, scopes=frozenset(['p1', 'p2'])).total == 3
    assert retrieve(varied, scopes=frozenset(['nope'])).total == 0
    # Filters narrow further: asking for another scope finds nothing.
    assert retrieve(varied, scopes=frozenset(['p1']),
                    filters={'project_id': ['p2']}).total == 0


def test_no_scope_at_all_sees_nothing(varied):
    assert retrieve(varied, scopes=frozenset()) == dataframes.Page(0, ())
