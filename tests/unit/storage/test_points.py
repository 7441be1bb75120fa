"""Rated points as stored: periods as epoch seconds, JSON as plain text.

Selection (``points.conditions``) is tested through the queries that use
it, on both backends: see test_dataframes and test_summary.
"""
import datetime
import decimal

import pytest

from ratingapi.storage import points

UTC = datetime.timezone.utc
D = decimal.Decimal
T0 = datetime.datetime(2026, 11, 1, tzinfo=UTC)


def test_epoch_round_trip():
    moment = datetime.datetime(2026, 11, 25, 13, 5, 7, tzinfo=UTC)
    assert points.from_epoch(points.epoch(moment)) == moment
    assert points.epoch(points.EPOCH) == 0
    before = datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert points.epoch(before) == -1


def test_epoch_refuses_fractions_of_a_second():
    with pytest.raises(ValueError):
        points.epoch(T0 + datetime.timedelta(microseconds=1))


@pytest.mark.parametrize('moment, expected', [
    (T0, 1793491200),
    (T0 + datetime.timedelta(microseconds=1), 1793491201),
    (T0 - datetime.timedelta(microseconds=1), 1793491200),
])
def test_epoch_ceiling(moment, expected):
    assert points.epoch_ceiling(moment) == expected


@pytest.mark.parametrize('document, text', [
    ({}, '{}'),
    ({'a': 'x', 'b': 2, 'c': True, 'd': None},
     '{"a":"x","b":2,"c":true,"d":null}'),
    ({'n': D('1.50')}, '{"n":1.50}'),
    ({'n': D('1E+3')}, '{"n":1000}'),
    ({'n': D('1E-7')}, '{"n":0.0000001}'),
    ({'n': D('-0.0')}, '{"n":0.0}'),
    ({'s': 'é"\\\x01'}, '{"s":"é\\"\\\\\\u0001"}'),
    ({'big': 12345678901234567890}, '{"big":12345678901234567890}'),
])
def test_dumps_writes_plain_numbers_and_raw_unicode(document, text):
    assert points.dumps(document) == text


def test_loads_sorts_keys_and_keeps_exact_numbers():
    loaded = points.loads('{"b":1.50,"a":2,"c":"x"}')
    assert list(loaded) == ['a', 'b', 'c']
    assert loaded['b'] == D('1.50') and str(loaded['b']) == '1.50'
    assert type(loaded['a']) is int
    with pytest.raises(TypeError):
        loaded['a'] = 3


@pytest.mark.parametrize('value, scope', [
    ('p1', 'p1'), (5, '5'), (D('1.50'), '1.50'), (True, 'true'),
    (None, None), ('', '')])
def test_scope_text(value, scope):
    assert points.scope_text(value) == scope


@pytest.mark.parametrize('text, matches', [
    ('p1', ['"p1"']),
    ('2', ['"2"', '2']),
    ('1.50', ['"1.50"', '1.50']),
    ('1e3', ['"1e3"', '1000']),
    ('true', ['"true"', 'true']),
    ('null', ['"null"']),
    ('NaN', ['"NaN"']),
    ('', ['""']),
])
def test_match_texts(text, matches):
    assert points.match_texts(text) == matches


@pytest.mark.parametrize('seconds, day', [
    (0, 0), (86399, 0), (86400, 1), (1767225600, 20454),
    # Truncated towards zero, as SQL's integer division is.
    (-1, 0), (-86399, 0), (-86400, -1), (-86401, -1), (-172800, -2),
])
def test_begin_day(seconds, day):
    assert points.begin_day(seconds) == day
