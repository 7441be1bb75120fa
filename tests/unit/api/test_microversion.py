"""OpenStack-API-Version parsing and negotiation (DISCOVERY.md §2.3, §6.6)."""
import pytest

from ratingapi.api import microversion
from ratingapi import exceptions

MIN = (2, 0)
MAX = (2, 3)


@pytest.mark.parametrize('text, expected', [
    ('2.0', (2, 0)),
    ('2.1', (2, 1)),
    ('2.10', (2, 10)),
    ('10.3', (10, 3)),
    ('1.0', (1, 0)),
])
def test_parse_accepts_x_dot_y(text, expected):
    assert microversion.parse(text) == expected


@pytest.mark.parametrize('text', [
    '2', '2.01', '02.0', '0.1', 'two', '2.x', '', '2.0.1', ' 2.0', '2.0 ',
    '2.', '.1', '-2.0', '2,0', 'latest',
    # A trailing newline must not slip through the end anchor.
    '2.0\n',
])
def test_parse_rejects_anything_else(text):
    with pytest.raises(exceptions.InvalidMicroversion) as info:
        microversion.parse(text)
    error = info.value
    assert error.status == 400
    assert error.code == 'rating.microversion-invalid'
    assert isinstance(error, exceptions.InvalidInput)
    # The detail quotes the offending value and the header.
    assert repr(text) in error.detail
    assert microversion.HEADER in error.detail


@pytest.mark.parametrize('version, text', [
    ((2, 0), '2.0'), ((2, 10), '2.10'), ((10, 3), '10.3')])
def test_format_round_trips_parse(version, text):
    assert microversion.format(version) == text
    assert microversion.parse(microversion.format(version)) == version


def test_ordering_is_numeric_not_lexical():
    assert microversion.parse('2.10') > microversion.parse('2.9')
    assert microversion.parse('10.0') > microversion.parse('9.99')
    assert sorted(['2.10', '2.9', '2.1'], key=microversion.parse) == [
        '2.1', '2.9', '2.10']


@pytest.mark.parametrize('values, expected', [
    ([], None),
    (['rating 2.1'], '2.1'),
    (['RATING 2.1'], '2.1'),
    (['Rating latest'], 'latest'),
    (['compute 2.11'], None),
    (['compute 2.11, rating 2.2'], '2.2'),
    (['rating 2.2, compute 2.11'], '2.2'),
    (['rating 2.1, rating 2.2'], '2.2'),
    (['rating 2.1', 'rating 2.3'], '2.3'),
    (['rating 2.3', 'compute 2.1', 'identity 3.0'], '2.3'),
    (['rating 2.1,compute 2.9', 'volume 3.0,RATING 2.2'], '2.2'),
    (['  rating   2.2  '], '2.2'),
    (['ratingx 2.2'], None),
    (['', ','], None),
])
def test_requested_takes_the_last_entry_for_rating(values, expected):
    assert microversion.requested(values) == expected


@pytest.mark.parametrize('values, expected', [
    ([], MIN),
    (['compute 2.99'], MIN),
    (['identity 3.14, compute 2.1'], MIN),
    (['rating latest'], MAX),
    (['rating LATEST'], MAX),
    (['rating Latest'], MAX),
    (['rating 2.0'], (2, 0)),
    (['rating 2.2'], (2, 2)),
    (['rating 2.3'], (2, 3)),
    (['rating 2.3', 'rating 2.1'], (2, 1)),
])
def test_negotiate_within_range(values, expected):
    assert microversion.negotiate(values, MIN, MAX) == expected


@pytest.mark.parametrize('text', ['2.4', '2.10', '1.0', '1.9', '3.0',
                                  '10.0'])
def test_negotiate_out_of_range_is_unsupported(text):
    with pytest.raises(exceptions.UnsupportedMicroversion) as info:
        microversion.negotiate(['rating %s' % text], MIN, MAX)
    error = info.value
    assert error.status == 406
    assert error.code == 'rating.microversion-unsupported'
    assert error.extra == {'min_version': '2.0', 'max_version': '2.3'}
    assert text in error.detail
    assert 'Minimum is 2.0' in error.detail
    assert 'maximum is 2.3' in error.detail


def test_negotiate_numeric_bounds():
    # 2.9 < 2.10: lexical comparison would get both of these wrong.
    assert microversion.negotiate(['rating 2.10'], (2, 0), (2, 10)) == (
        2, 10)
    assert microversion.negotiate(['rating 2.9'], (2, 0), (2, 10)) == (2, 9)
    with pytest.raises(exceptions.UnsupportedMicroversion):
        microversion.negotiate(['rating 2.10'], (2, 0), (2, 9))


@pytest.mark.parametrize('values', [
    ['rating 2'], ['rating two'], ['rating 2.01'], ['rating'],
    ['rating 2.0 extra'], ['compute 2.1, rating 2.x'],
])
def test_negotiate_malformed_is_invalid(values):
    with pytest.raises(exceptions.InvalidMicroversion):
        microversion.negotiate(values, MIN, MAX)


def test_negotiate_only_the_last_rating_entry_is_parsed():
    # An earlier malformed entry is overridden by a later valid one.
    assert microversion.negotiate(['rating 2.x', 'rating 2.1'], MIN,
                                  MAX) == (2, 1)


@pytest.mark.parametrize('version, value', [
    ((2, 0), 'rating 2.0'), ((2, 10), 'rating 2.10')])
def test_echo(version, value):
    assert microversion.echo(version) == ('OpenStack-API-Version', value)
