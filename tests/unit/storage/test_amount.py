"""Exact amounts as (units, nanos): split, join and what split refuses."""
import decimal

import pytest

from ratingapi.storage import amount

D = decimal.Decimal
MAX = 2 ** 63 - 1
MIN = -2 ** 63

# (value given to split, (units, nanos), str of join's result)
ROUND_TRIPS = [
    ('0', (0, 0), '0'),
    ('1', (1, 0), '1'),
    ('-1', (-1, 0), '-1'),
    ('0.1', (0, 100000000), '0.1'),
    ('1.50', (1, 500000000), '1.5'),
    ('-0.3', (-1, 700000000), '-0.3'),
    ('123456789.123456789', (123456789, 123456789), '123456789.123456789'),
    ('1e-9', (0, 1), '1E-9'),
    ('-1e-9', (-1, 999999999), '-1E-9'),
    ('1000', (1000, 0), '1000'),
    ('1E+3', (1000, 0), '1000'),
    ('2.000000000', (2, 0), '2'),
    (str(MAX), (MAX, 0), str(MAX)),
    (str(MAX) + '.999999999', (MAX, 999999999), str(MAX) + '.999999999'),
    (str(MIN), (MIN, 0), str(MIN)),
    (str(MIN + 1) + '.5', (MIN, 500000000), str(MIN + 1) + '.5'),
]


@pytest.mark.parametrize('value, parts, text', ROUND_TRIPS)
def test_split_then_join(value, parts, text):
    assert amount.split(value) == parts
    assert amount.split(D(value)) == parts
    joined = amount.join(*parts)
    assert isinstance(joined, D)
    assert joined == D(value)
    assert str(joined) == text


@pytest.mark.parametrize('value, parts, text', ROUND_TRIPS)
def test_join_then_split(value, parts, text):
    assert amount.split(amount.join(*parts)) == parts


@pytest.mark.parametrize('value', [0, 1, -1, 7, MAX, MIN])
def test_split_accepts_int(value):
    assert amount.split(value) == (value, 0)


def test_split_accepts_float_exactly_representable():
    assert amount.split(1.5) == (1, 500000000)
    assert amount.split(-0.25) == (-1, 750000000)


def test_split_refuses_float_that_is_not_exact():
    # 0.1 as a float is 0.1000000000000000055511151231257827...: refused,
    # not rounded.
    with pytest.raises(amount.AmountError):
        amount.split(0.1)


@pytest.mark.parametrize('value', [
    '0', '0.5', '-0.5', '-0.000000001', '-123.456', '999999999.999999999',
    '-999999999.999999999', str(MIN), str(MAX) + '.1',
])
def test_nanos_in_range(value):
    units, nanos = amount.split(value)
    assert 0 <= nanos < 10 ** 9
    assert D(units) + D(nanos).scaleb(-9) == D(value)


def test_join_wider_than_default_precision_stays_exact():
    assert decimal.getcontext().prec == 28
    joined = amount.join(10 ** 25, 10 ** 15 + 1)
    assert joined == D('10000000000000000001000000.000000001')
    assert str(joined) == '10000000000000000001000000.000000001'
    # The widened precision does not leak into the caller's context.
    assert decimal.getcontext().prec == 28


def test_join_sums_with_nanos_over_one_unit():
    # SQL sums nanos independently: they may exceed 10**9 or be negative.
    assert amount.join(1, 3 * 10 ** 9 + 5) == D('4.000000005')
    assert amount.join(5, -500000000) == D('4.5')
    assert str(amount.join(-1, 10 ** 9)) == '0'


@pytest.mark.parametrize('units, nanos', [(None, None), (None, 0), (0, None)])
def test_join_of_empty_sum_is_zero(units, nanos):
    assert str(amount.join(units, nanos)) == '0'


@pytest.mark.parametrize('units, text', [
    (0, '0'), (10, '10'), (1000, '1000'), (10 ** 6, '1000000'),
    (10 ** 30, '1' + '0' * 30), (-10 ** 20, '-1' + '0' * 20),
])
def test_join_integer_has_no_exponent(units, text):
    joined = amount.join(units, 0)
    assert str(joined) == text
    assert 'E' not in str(amount.join(units - 1, 10 ** 9))
    assert joined.as_tuple().exponent == 0


@pytest.mark.parametrize('units, nanos, text', [
    (1, 500000000, '1.5'),
    (1, 100000, '1.0001'),
    (10, 120000000, '10.12'),
    (100, 5 * 10 ** 8, '100.5'),
])
def test_join_has_no_trailing_zeros(units, nanos, text):
    joined = amount.join(units, nanos)
    assert str(joined) == text
    assert not str(joined).endswith('0')


@pytest.mark.parametrize('value', [
    'NaN', '-NaN', 'sNaN', 'Infinity', '-Infinity', 'inf',
    float('nan'), float('inf'), float('-inf'),
])
def test_split_refuses_non_finite(value):
    with pytest.raises(amount.AmountError):
        amount.split(value)


@pytest.mark.parametrize('value', [
    '1e-10', '0.0000000001', '-0.0000000001', '1.0000000001',
    '0.1234567891', '1.0000000000000000001',
])
def test_split_refuses_more_than_nine_places(value):
    with pytest.raises(amount.AmountError, match='decimal places'):
        amount.split(value)


@pytest.mark.parametrize('value', [
    str(2 ** 63), str(2 ** 63) + '.5', str(MAX) + '.9999999999',
    str(MIN - 1), str(MIN) + '.5', '1e19', '-1e19', '1e100',
    2 ** 63, MIN - 1,
])
def test_split_refuses_units_outside_64_bits(value):
    with pytest.raises(amount.AmountError):
        amount.split(value)


@pytest.mark.parametrize('value', ['1e999999999', '-1e999999999',
                                   '1.5e999999999'])
def test_split_refuses_huge_exponents_without_expanding_them(value):
    # Scaling such a value to an int would need gigabytes.
    with pytest.raises(amount.AmountError, match='too large'):
        amount.split(value)


@pytest.mark.parametrize('value, parts', [
    ('9223372036854775807.999999999', (2 ** 63 - 1, 999999999)),
    ('-9223372036854775808', (-2 ** 63, 0)),
    ('1e-999999999', None),
])
def test_split_at_the_edges_of_the_exponent_guard(value, parts):
    if parts is None:
        with pytest.raises(amount.AmountError, match='decimal places'):
            amount.split(value)
    else:
        assert amount.split(value) == parts


def test_amount_error_is_a_value_error():
    assert issubclass(amount.AmountError, ValueError)


@pytest.mark.parametrize('value', ['x', '', '1,5', '1.2.3', 'one'])
def test_split_of_non_numeric_string(value):
    with pytest.raises(amount.AmountError, match='not a number'):
        amount.split(value)


def test_split_of_none_is_refused():
    with pytest.raises(amount.AmountError, match='not a number'):
        amount.split(None)


@pytest.mark.parametrize('value', [
    '1.00000000000000000000000000001',
    '1.0000000000000000000000000000000001',
    '123456789.0000000000000000000001',
])
def test_split_refuses_digits_lost_to_context_precision(value):
    # Scaling by 10**9 at the default context precision (28 digits) would
    # round these to whole nanos, e.g. '1.00000000000000000000000000001'
    # to (1, 0), and accept them inexactly.
    with pytest.raises(amount.AmountError):
        amount.split(value)
