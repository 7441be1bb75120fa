"""One JSON representation: exact Decimals, UTC datetimes."""
import datetime
import decimal
import json

import pytest

from ratingapi.api import serialization

D = decimal.Decimal
FORTY_DIGITS = '1234567890123456789012345678901234567890'


@pytest.mark.parametrize('value, text', [
    (D('0.1'), '0.1'),
    (D('1.50'), '1.50'),
    (D('0'), '0'),
    (D('-3.000000000000000000000000000'), '-3.000000000000000000000000000'),
    (D(FORTY_DIGITS), FORTY_DIGITS),
    (D('0.' + FORTY_DIGITS), '0.' + FORTY_DIGITS),
    (D('12345678901234567890.12345678901234567890'),
     '12345678901234567890.12345678901234567890'),
])
def test_decimal_is_written_exactly(value, text):
    assert serialization.dumps(value) == text
    assert serialization.dumps({'price': value}) == '{"price":%s}' % text


@pytest.mark.parametrize('text', [
    '0.1', '1.50', '0.' + FORTY_DIGITS, FORTY_DIGITS + '.5', '-2.25'])
def test_round_trip_keeps_decimals(text):
    loaded = serialization.loads('{"price": %s}' % text)
    assert type(loaded['price']) is D
    assert loaded['price'] == D(text)
    assert serialization.dumps(loaded) == '{"price":%s}' % text


def test_loads_keeps_integers_integers():
    assert serialization.loads('{"n": 3}') == {'n': 3}
    assert type(serialization.loads('3')) is int


def test_float_never_enters_through_loads():
    assert serialization.loads('[0.1, 1e-3]') == [D('0.1'), D('1e-3')]
    assert not any(isinstance(v, float)
                   for v in serialization.loads('[0.1, 2.5, 1E2]'))


@pytest.mark.parametrize('value', [D('NaN'), D('Infinity'), D('-Infinity'),
                                   float('nan'), float('inf')])
def test_non_finite_numbers_are_refused(value):
    # They have no JSON spelling; writing NaN would break every parser.
    with pytest.raises(ValueError):
        serialization.dumps(value)


@pytest.mark.parametrize('text', ['NaN', 'Infinity', '-Infinity'])
def test_non_finite_numbers_are_not_read(text):
    with pytest.raises(ValueError):
        serialization.loads(text)


def test_naive_datetime_is_utc_with_explicit_offset():
    value = datetime.datetime(2019, 7, 23, 12, 28, 10)
    assert serialization.dumps(value) == '"2019-07-23T12:28:10+00:00"'


@pytest.mark.parametrize('offset_hours, local, utc', [
    (2, '2019-07-23T12:28:10', '2019-07-23T10:28:10+00:00'),
    (-5, '2019-07-23T22:00:00', '2019-07-24T03:00:00+00:00'),
    (0, '2019-07-23T12:28:10', '2019-07-23T12:28:10+00:00'),
])
def test_aware_datetime_is_converted_to_utc(offset_hours, local, utc):
    zone = datetime.timezone(datetime.timedelta(hours=offset_hours))
    value = datetime.datetime.fromisoformat(local).replace(tzinfo=zone)
    assert serialization.dumps({'t': value}) == '{"t":"%s"}' % utc
    assert datetime.datetime.fromisoformat(json.loads(
        serialization.dumps(value))) == value


def test_microseconds_are_kept():
    value = datetime.datetime(2019, 7, 23, 12, 0, 0, 123456,
                              tzinfo=datetime.timezone.utc)
    assert serialization.dumps(value) == '"2019-07-23T12:00:00.123456+00:00"'


@pytest.mark.parametrize('value', [object(), {1, 2}, 1j,
                                   datetime.timedelta(seconds=1)])
def test_unknown_type_is_a_type_error(value):
    with pytest.raises(TypeError) as info:
        serialization.dumps({'v': value})
    assert type(value).__name__ in str(info.value)


def test_output_is_compact_and_valid_json():
    text = serialization.dumps({'a': [1, D('2.5')], 'b': None, 'c': True})
    assert text == '{"a":[1,2.5],"b":null,"c":true}'
    assert json.loads(text) == {'a': [1, 2.5], 'b': None, 'c': True}
