"""The hashmap pricing engine, against §5.3 and a straight reference."""
import datetime
import decimal
import random

import pytest

from ratingapi.rating import hashmap
from tests.unit.rating import hashmap_reference

D = decimal.Decimal
UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 1, 1, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)


def mapping(cost, type_='flat', service='compute', field=None, value=None,
            group=None, tenant=None, start=T0 - HOUR, end=None):
    return hashmap.Mapping(service=service, field=field, value=value,
                           type=type_, cost=D(cost), group=group,
                           tenant_id=tenant, start=start, end=end)


def threshold(level, cost, type_='flat', service='compute', field=None,
              group=None, tenant=None):
    return hashmap.Threshold(service=service, field=field, level=D(level),
                             type=type_, cost=D(cost), group=group,
                             tenant_id=tenant)


def rate(rules, qty, groupby=None, metadata=None, tenant=None,
         type_='compute', price='0', moment=T0):
    ruleset = hashmap.RuleSet(
        revision=1,
        mappings=tuple(r for r in rules if isinstance(r, hashmap.Mapping)),
        thresholds=tuple(r for r in rules
                         if isinstance(r, hashmap.Threshold)))
    args = (type_, D(qty), groupby or {}, metadata or {}, tenant, D(price))
    priced = hashmap.HashMap(ruleset).pricer(moment)(*args)
    # Every case also holds for the reference: both read §5.3 alike.
    assert priced == hashmap_reference.price(ruleset, moment, *args)
    return priced


TINY = {'flavor': 'm1.tiny'}


# The verified price table of §5.3, row by row.

def test_table_service_flat_and_field_rate():
    rules = [mapping('0.5'),
             mapping('2', 'rate', field='flavor', value='m1.tiny')]
    assert rate(rules, 3, metadata=TINY) == D('3')


def test_table_service_rate_alone_prices_nothing():
    assert rate([mapping('2', 'rate')], 3) == 0


def test_table_service_flat_threshold_reached_adds_once():
    assert rate([threshold(10, 5)], 20) == D('5')


def test_table_service_flat_threshold_not_reached():
    assert rate([threshold(10, 5)], 5) == 0


def test_table_service_rate_threshold_not_reached():
    assert rate([mapping('1'), threshold(10, 3, 'rate')], 5) == D('5')


def test_table_service_rate_threshold_reached_multiplies():
    assert rate([mapping('1'), threshold(10, 3, 'rate')], 20) == D('60')


# Mappings and groups.

def test_most_expensive_flat_wins():
    rules = [mapping('0.5'),
             mapping('3', field='flavor', value='m1.tiny'),
             mapping('2', field='az', value='nova')]
    assert rate(rules, 2, metadata={'flavor': 'm1.tiny', 'az': 'nova'}) == 6


def test_rates_multiply():
    rules = [mapping('2'),
             mapping('3', 'rate', field='size', value='10'),
             mapping('5', 'rate', field='flavor', value='m1.tiny'),
             mapping('7', 'rate', field='az', value='nova')]
    metadata = {'flavor': 'm1.tiny', 'az': 'nova', 'size': 10}
    assert rate(rules, 1, metadata=metadata) == 2 * 3 * 5 * 7


def test_groups_are_priced_apart_and_summed():
    rules = [mapping('2'), mapping('3', group='a'),
             mapping('10', 'rate', field='flavor', value='m1.tiny',
                     group='a'),
             mapping('5', field='flavor', value='m1.tiny', group='b')]
    # default 2 x 4, a 10 x 3 x 4, b 5 x 4
    assert rate(rules, 4, metadata=TINY) == 8 + 120 + 20


def test_group_none_is_the_default_group():
    rules = [mapping('1', group='_DEFAULT_'),
             mapping('2', 'rate', field='flavor', value='m1.tiny')]
    assert rate(rules, 3, metadata=TINY) == 6


def test_values_match_by_text():
    rules = [mapping('1.5', field='vcpus', value='2')]
    assert rate(rules, 2, metadata={'vcpus': 2}) == 3
    assert rate(rules, 2, metadata={'vcpus': '2'}) == 3
    assert rate(rules, 2, metadata={'vcpus': D('2')}) == 3
    assert rate(rules, 2, metadata={'vcpus': D('2.0')}) == 0
    assert rate(rules, 2, metadata={'vcpus': 3}) == 0


def test_decimals_match_without_exponent():
    rules = [mapping('1', field='size', value='100000')]
    assert rate(rules, 1, metadata={'size': D('1E+5')}) == 1


def test_booleans_and_none_match_as_python_text():
    rules = [mapping('1', field='public', value='True'),
             mapping('2', field='zone', value='None')]
    assert rate(rules, 1, metadata={'public': True}) == 1
    assert rate(rules, 1, metadata={'public': 1}) == 0
    assert rate(rules, 1, metadata={'public': 'true'}) == 0
    assert rate(rules, 1, metadata={'zone': None}) == 2


def test_groupby_wins_over_metadata():
    rules = [mapping('1', field='flavor', value='m1.tiny'),
             mapping('4', field='flavor', value='m1.big')]
    assert rate(rules, 1, groupby={'flavor': 'm1.big'},
                metadata={'flavor': 'm1.tiny'}) == 4


def test_absent_field_matches_nothing():
    rules = [mapping('1', field='flavor', value='m1.tiny'),
             threshold(0, 5, field='flavor')]
    assert rate(rules, 1, metadata={'other': 'm1.tiny'}) == 0


def test_unknown_service_passes_through():
    assert rate([mapping('1')], 3, type_='volume', price='1.25') == D('1.25')


def test_previous_price_is_added_to():
    assert rate([mapping('2')], 3, price='0.5') == D('6.5')


def test_last_service_mapping_of_a_group_wins():
    assert rate([mapping('5'), mapping('2')], 1) == 2
    # Even of another type: one service mapping per group.
    assert rate([mapping('5'), mapping('2', 'rate')], 1) == 0
    assert rate([mapping('2', 'rate'), mapping('5')], 1) == 5


def test_prices_are_exact():
    rules = [mapping('0.1000000000000000000000000001'),
             mapping('1.0000000000000000000000000003', 'rate',
                     field='flavor', value='m1.tiny')]
    # The product written out by hand: 79 significant digits.
    expected = D('0.333333333333333333330000000433333333333333333329'
                 '000000099999999999999999999')
    assert rate(rules, '3.3333333333333333333', metadata=TINY) == expected


# Thresholds.

def test_highest_reached_threshold_counts():
    rules = [mapping('1'), threshold(10, 2), threshold(20, 7),
             threshold(30, 100)]
    assert rate(rules, 25) == 25 + 7
    assert rate(rules, 20) == 20 + 7
    assert rate(rules, '19.9') == D('19.9') + 2


def test_field_threshold_folds_before_the_product():
    rules = [mapping('2'), threshold(4, 3, field='vcpus'),
             threshold(8, 10, 'rate', field='ram')]
    # flat 2 + 3, times qty
    assert rate(rules, 2, metadata={'vcpus': 4}) == 10
    # rate 10 on flat 2, times qty
    assert rate(rules, 2, metadata={'ram': '8'}) == 40


def test_higher_field_threshold_beats_service_threshold():
    rules = [mapping('1'), threshold(5, 100), threshold(6, 3, field='vcpus')]
    assert rate(rules, 10, metadata={'vcpus': 6}) == (1 + 3) * 10


def test_higher_service_threshold_beats_field_threshold():
    rules = [mapping('1'), threshold(7, 100), threshold(6, 3, field='vcpus')]
    assert rate(rules, 10, metadata={'vcpus': 6}) == 10 + 100


def test_tie_goes_to_the_service_threshold():
    rules = [mapping('1'), threshold(6, 100), threshold(6, 3, field='vcpus')]
    assert rate(rules, 10, metadata={'vcpus': 6}) == 10 + 100


def test_tie_between_fields_goes_to_the_first_name():
    rules = [mapping('1'), threshold(6, 3, field='b'),
             threshold(6, 5, field='a')]
    assert rate(rules, 10, metadata={'a': 6, 'b': 6}) == (1 + 5) * 10


def test_one_threshold_per_group():
    rules = [mapping('1'), mapping('1', group='g'), threshold(1, 10),
             threshold(2, 20, group='g'), threshold(1, 5, field='vcpus'),
             threshold(1, 7, field='vcpus', group='g')]
    # default: the service's (tie); g: the service's, higher
    assert rate(rules, 3, metadata={'vcpus': 1}) == (3 + 10) + (3 + 20)


def test_thresholds_at_or_below_minus_one_never_count():
    rules = [mapping('1'), threshold(-1, 50), threshold('-0.5', 5)]
    assert rate(rules, 2) == 2 + 5
    assert rate([mapping('1'), threshold(-2, 50)], 2) == 2


def test_numeric_text_meets_field_thresholds():
    rules = [mapping('1'), threshold(4, 3, field='vcpus')]
    assert rate(rules, 1, metadata={'vcpus': '4.5'}) == 4
    assert rate(rules, 1, metadata={'vcpus': D('3.99')}) == 1


@pytest.mark.parametrize('value', [
    'many', True, False, None, 'NaN', D('NaN'), '', [4]])
def test_non_numbers_meet_no_field_threshold(value):
    rules = [mapping('1'), threshold(0, 3, field='vcpus'),
             mapping('2', field='vcpus', value='many')]
    expected = 2 if value == 'many' else 1
    assert rate(rules, 1, metadata={'vcpus': value}) == expected


# Tenants.

def test_tenant_service_mapping_replaces_the_global_one():
    rules = [mapping('2'), mapping('5', tenant='p1'), mapping('1', group='g')]
    assert rate(rules, 1, tenant='p1') == 5 + 1
    assert rate(rules, 1, tenant='p2') == 2 + 1
    assert rate(rules, 1) == 2 + 1


def test_tenant_service_mapping_of_another_group_adds():
    rules = [mapping('2'), mapping('5', group='g', tenant='p1')]
    assert rate(rules, 1, tenant='p1') == 7


def test_tenant_field_mapping_replaces_the_global_one():
    rules = [mapping('1', field='flavor', value='m1.tiny'),
             mapping('2', field='flavor', value='m1.big'),
             mapping('9', field='flavor', value='m1.tiny', tenant='p1'),
             mapping('4', field='flavor', value='m1.new', tenant='p1')]
    assert rate(rules, 1, metadata=TINY, tenant='p1') == 9
    assert rate(rules, 1, metadata={'flavor': 'm1.big'}, tenant='p1') == 2
    assert rate(rules, 1, metadata={'flavor': 'm1.new'}, tenant='p1') == 4
    assert rate(rules, 1, metadata=TINY, tenant='p2') == 1
    assert rate(rules, 1, metadata={'flavor': 'm1.new'}, tenant='p2') == 0


def test_tenant_threshold_replaces_the_global_one():
    rules = [mapping('1'), threshold(10, 5), threshold(20, 6),
             threshold(10, 50, tenant='p1'),
             threshold(3, 1, field='vcpus'),
             threshold(3, 9, 'rate', field='vcpus', tenant='p1')]
    assert rate(rules, 15, tenant='p1') == 15 + 50
    assert rate(rules, 25, tenant='p1') == 25 + 6
    assert rate(rules, 15, tenant='p2') == 15 + 5
    assert rate(rules, 2, metadata={'vcpus': 3}, tenant='p1') == 18
    assert rate(rules, 2, metadata={'vcpus': 3}, tenant='p2') == 4


def test_tenant_rules_do_not_leak_into_other_services_or_tenants():
    rules = [mapping('1'), mapping('3', service='volume', tenant='p1')]
    engine = hashmap.HashMap(hashmap.RuleSet(1, tuple(rules), ()))
    price = engine.pricer(T0)
    assert price('compute', D(1), {}, {}, 'p1', D(0)) == 1
    assert price('volume', D(1), {}, {}, 'p1', D(0)) == 3
    assert price('volume', D(1), {}, {}, 'p2', D('0.5')) == D('0.5')
    assert price('volume', D(1), {}, {}, None, D(0)) == 0


# Time.

def test_mapping_ending_at_the_moment_is_not_applied():
    assert rate([mapping('3', end=T0)], 1) == 0


def test_mapping_starting_at_the_moment_is_applied():
    assert rate([mapping('3', start=T0)], 1) == 3


def test_future_mapping_is_not_applied():
    rules = [mapping('3', start=T0 + HOUR), mapping('1', group='g')]
    assert rate(rules, 1) == 1


def test_versions_of_a_rule_apply_to_their_periods():
    rules = [mapping('1', end=T0), mapping('2', start=T0, end=T0 + HOUR),
             mapping('4', start=T0 + HOUR)]
    engine = hashmap.HashMap(hashmap.RuleSet(1, tuple(rules), ()))
    prices = [engine.pricer(T0 + n * HOUR)('compute', D(1), {}, {}, None,
                                           D(0)) for n in (-1, 0, 1, 5, 0)]
    assert prices == [1, 2, 4, 4, 2]


def test_moments_between_two_bounds_share_one_compilation():
    # The active rules change only at a start or an end: a quote priced at
    # "now" must not compile (or scan the rules) again every time.
    rules = [mapping('1', end=T0), mapping('2', start=T0, end=T0 + HOUR)]
    engine = hashmap.HashMap(hashmap.RuleSet(1, tuple(rules), ()))
    minute = datetime.timedelta(minutes=1)
    inside = [T0, T0 + minute, T0 + HOUR - minute]
    assert len({id(engine._at(moment)) for moment in inside}) == 1
    assert len({id(engine._at(moment)) for moment in (
        T0 - minute, T0, T0 + HOUR)}) == 3
    assert [engine.pricer(moment)('compute', D(1), {}, {}, None, D(0))
            for moment in (T0 - minute, *inside, T0 + HOUR)] == [
        1, 2, 2, 2, 0]


# Rules the engine refuses.

@pytest.mark.parametrize('rule', [
    mapping('1', 'percent'),
    mapping('1', field='flavor'),
    mapping('1', value='m1.tiny'),
    hashmap.Mapping('compute', None, None, 'flat', 1.5, None, None, T0,
                    None),
    threshold(1, 'NaN'),
])
def test_malformed_rules_are_refused(rule):
    mappings = (rule,) if isinstance(rule, hashmap.Mapping) else ()
    thresholds = () if mappings else (rule,)
    with pytest.raises((TypeError, ValueError)):
        hashmap.HashMap(hashmap.RuleSet(1, mappings, thresholds))


# The compiled engine against the reference, on random rule sets.

SERVICES = ('compute', 'volume')
FIELDS = ('flavor', 'vcpus', 'az', 'size')
GROUPS = (None, '_DEFAULT_', 'g1', '')
TENANTS = (None, 'p1', 'p2', 'p3')
VALUES = ('m1.tiny', 'm1.big', '2', '4', '10', '0.5', 'True', 'None',
          'nova', '2.0')
LEVELS = ('-2', '-1', '-0.5', '0', '1', '2', '2.0', '4', '5', '10', '10.5')
POINT_VALUES = ('m1.tiny', 'm1.big', 'nova', '2', '4', '10', '0.5', '2.0',
                'x', '', 'NaN', 2, 4, 10, 0, -3, True, False, None,
                D('2'), D('2.0'), D('10.50'), D('1E+1'), D('0.5'))


def _cost(rnd):
    return D(rnd.choice(('0', '1', '2', '3', '0.5', '0.25', '1.5', '-1',
                         '0.0000001', '123.456', '1E+2')))


def _type(rnd):
    # Flats mostly: a group without one prices nothing.
    return rnd.choice(('flat', 'flat', 'rate'))


def _random_rules(rnd):
    moments = [T0 + n * HOUR for n in range(-2, 3)]
    mappings = []
    for _ in range(rnd.randint(0, 40)):
        start = rnd.choice(moments[:1] * 3 + moments)
        end = rnd.choice((None, None, None, start + rnd.randint(1, 3) * HOUR))
        field = rnd.choice((None,) + FIELDS)
        mappings.append(hashmap.Mapping(
            service=rnd.choice(SERVICES), field=field,
            value=None if field is None else rnd.choice(VALUES),
            type=_type(rnd), cost=_cost(rnd),
            group=rnd.choice(GROUPS), tenant_id=rnd.choice(TENANTS),
            start=start, end=end))
    thresholds = [hashmap.Threshold(
        service=rnd.choice(SERVICES), field=rnd.choice((None,) + FIELDS),
        level=D(rnd.choice(LEVELS)), type=_type(rnd),
        cost=_cost(rnd), group=rnd.choice(GROUPS),
        tenant_id=rnd.choice(TENANTS)) for _ in range(rnd.randint(0, 15))]
    return hashmap.RuleSet(1, tuple(mappings), tuple(thresholds))


def _random_attributes(rnd):
    return {field: rnd.choice((rnd.choice(VALUES), rnd.choice(POINT_VALUES)))
            for field in rnd.sample(FIELDS, rnd.randint(0, len(FIELDS)))}


def _random_point(rnd):
    return (rnd.choice(SERVICES * 2 + ('network',)),
            D(rnd.choice(LEVELS + ('0.3', '3', '7', '100'))),
            _random_attributes(rnd), _random_attributes(rnd),
            rnd.choice(TENANTS + ('p4',)), D(rnd.choice(('0', '1.5'))))


def test_compiled_engine_equals_the_reference_on_random_rules():
    rnd = random.Random(20260101)
    compared = nonzero = 0
    prices = set()
    for _ in range(300):
        rules = _random_rules(rnd)
        engine = hashmap.HashMap(rules)
        for moment in rnd.sample([T0 + n * HOUR for n in range(-3, 4)], 3):
            price = engine.pricer(moment)
            for _ in range(40):
                args = _random_point(rnd)
                expected = hashmap_reference.price(rules, moment, *args)
                assert price(*args) == expected, (rules, moment, args)
                compared += 1
                nonzero += expected not in (0, D('1.5'))
                prices.add(expected)
    # The comparison means something only if many prices are not trivial.
    assert nonzero > compared // 4
    assert len(prices) > 1000


def test_memos_stay_bounded_and_right(monkeypatch):
    monkeypatch.setattr(hashmap, '_MAX_VALUES', 8)
    monkeypatch.setattr(hashmap, '_MAX_ENTRIES', 4)
    rules = [mapping('1'), mapping('2', 'rate', field='n', value='7'),
             threshold(5, 10, field='n'), threshold(50, 3, 'rate')]
    engine = hashmap.HashMap(hashmap.RuleSet(1, tuple(
        r for r in rules if isinstance(r, hashmap.Mapping)), tuple(
        r for r in rules if isinstance(r, hashmap.Threshold))))
    price = engine.pricer(T0)
    service = engine._at(T0).global_table['compute']
    for n in range(100):
        qty = D(n % 60)
        rate_ = 2 if n == 7 else 1
        if qty >= 50:  # the service threshold, higher than the field's
            expected = rate_ * 1 * qty * 3
        elif n >= 5:
            expected = rate_ * (1 + 10) * qty
        else:
            expected = rate_ * 1 * qty
        assert price('compute', qty, {}, {'n': n}, None, D(0)) == expected
        assert len(service.fields[0][1]) <= 8 and len(service.memo) <= 4
