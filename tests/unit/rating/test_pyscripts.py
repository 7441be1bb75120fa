"""Rating scripts run in real worker processes: prices come back exact,
and a script that fails, loops, eats memory or returns something else
fails the rating with ScriptFailed, leaving the points unpriced."""
import datetime
import decimal
import os

import pytest

from ratingapi import exceptions
from ratingapi.rating import chain
from ratingapi.rating import pyscripts
from ratingapi.storage import pyscripts as storage

D = decimal.Decimal
UTC = datetime.timezone.utc
BEGIN = datetime.datetime(2026, 3, 1, tzinfo=UTC)
LIMITS = pyscripts.Limits(enabled=True, cpu_seconds=2, memory_mib=256,
                          timeout=10.0, max_output_mib=4)


def script(data, name='s', start=datetime.datetime(2026, 1, 1, tzinfo=UTC),
           end=None):
    return storage.Script(
        script_id='00000000-0000-4000-8000-%012d' % len(name), name=name,
        data=data, checksum=storage.checksum(data), description=None,
        created_at=start, start=start, end=end, deleted=None,
        created_by='u1', updated_by=None, deleted_by=None)


def frames():
    return [{'begin': BEGIN, 'end': BEGIN + datetime.timedelta(hours=1),
             'usage': {
                 'compute': [
                     {'qty': D('2'), 'price': None, 'unit': 'instance',
                      'groupby': {'project_id': 'p1'},
                      'metadata': {'flavor': 'm1.large', 'vcpus': 4}},
                     {'qty': 1, 'price': D('7'), 'unit': 'instance',
                      'groupby': {'project_id': 'p1'},
                      'metadata': {'flavor': 'm1.small'}}],
                 'volume': [
                     {'qty': D('0.5'), 'price': None, 'unit': 'GiB',
                      'groupby': {'project_id': 'p2'}, 'metadata': {}}]}}]


def rate(*scripts, limits=LIMITS, data=None):
    engine = pyscripts.Scripts(storage.ScriptSet(revision=1,
                                                 scripts=scripts), limits)
    data = frames() if data is None else data
    chain.rate(data, chain.Chain(module_ids=('pyscripts',),
                                 engines=(engine,)),
               scope_text=str, scope_key='project_id')
    return data


def prices(data):
    return [point['price'] for frame in data
            for points in frame['usage'].values() for point in points]


SET_PRICES = '''
import decimal
for service, points in data['usage'].items():
    for point in points:
        if point['desc'].get('flavor') == 'm1.large':
            point['rating']['price'] = point['vol']['qty'] * decimal.Decimal(
                '0.125')
        elif service == 'volume':
            point['rating']['price'] = '1.10'
'''


def test_a_script_sets_exact_prices_of_unpriced_points_only():
    assert prices(rate(script(SET_PRICES))) == [D('0.250'), D('7'),
                                                D('1.10')]


def test_the_script_sees_cloudkittys_frame():
    seen = '''
import datetime, decimal
point = data['usage']['compute'][0]
assert list(data['usage']) == ['compute', 'volume'], data
assert isinstance(data['period']['begin'], datetime.datetime)
assert data['period']['end'] - data['period']['begin'] == \\
    datetime.timedelta(hours=1)
assert point['vol'] == {'unit': 'instance', 'qty': decimal.Decimal(2)}
assert isinstance(point['vol']['qty'], decimal.Decimal)
assert point['rating'] == {'price': decimal.Decimal(0)}
# desc: metadata overlaid with groupby.
assert point['desc'] == {'flavor': 'm1.large', 'vcpus': 4,
                         'project_id': 'p1'}, point['desc']
assert len(data['usage']['compute']) == 1  # the priced one is not sent
data['usage']['volume'][0]['rating']['price'] = 3
'''
    assert prices(rate(script(seen))) == [D('0'), D('7'), D('3')]


def test_scripts_run_in_order_on_each_others_prices():
    first = script("for p in data['usage']['volume']:\n"
                   "    p['rating']['price'] = 2\n", name='a')
    second = script("for p in data['usage']['volume']:\n"
                    "    p['rating']['price'] *= 3\n", name='bb')
    assert prices(rate(first, second))[2] == D('6')


def test_a_script_not_in_force_does_not_run():
    later = script('raise ValueError', start=BEGIN + datetime.timedelta(
        seconds=1))
    ended = script('raise ValueError', name='ended',
                   start=datetime.datetime(2025, 1, 1, tzinfo=UTC),
                   end=BEGIN)
    assert prices(rate(later, ended)) == [D('0'), D('7'), D('0')]


def test_one_worker_per_script_for_all_frames():
    # The worker's pid is the same for every frame of the call.
    count = '''
import os
for p in data['usage']['volume']:
    p['rating']['price'] = os.getpid()
'''
    two = frames() + frames()
    two[1]['begin'] = BEGIN + datetime.timedelta(hours=1)
    data = rate(script(count), data=two)
    pids = {frame['usage']['volume'][0]['price'] for frame in data}
    assert len(pids) == 1 and pids != {os.getpid()}


@pytest.mark.parametrize('price, expected', [
    ('1.5', D('1.5')), (3, D('3')), ('0.1', D('0.1')),
    ("decimal.Decimal('-2.25')", D('-2.25')),
    # A float counts by its shortest text, never by its binary value.
    ('0.1 + 0.2', D('0.30000000000000004')), ('0.1', D('0.1'))])
def test_prices_of_any_numeric_kind_become_decimals(price, expected):
    data = rate(script("import decimal\n"
                       "data['usage']['volume'][0]['rating']['price'] = %s\n"
                       % price))
    assert prices(data)[2] == expected
    assert type(prices(data)[2]) is decimal.Decimal


@pytest.mark.parametrize('price, reason', [
    ("float('nan')", 'expected a finite number, got nan'),
    ("decimal.Decimal('Infinity')", 'expected a finite number'),
    ("'abc'", 'expected a number, got "abc"'),
    ('True', 'expected a number, got true'),
    ('None', 'expected a number, got null'),
    ('[1]', 'expected a number'),
    ("decimal.Decimal('1e30')", 'too large a price'),
])
def test_a_price_that_is_no_number_fails(price, reason):
    with pytest.raises(exceptions.ScriptFailed) as failed:
        rate(script("import decimal\n"
                    "data['usage']['volume'][0]['rating']['price'] = %s\n"
                    % price))
    assert "data['usage'][\"volume\"][0]['rating']['price']" in str(
        failed.value)
    assert reason in str(failed.value)


def _fails(data, **limits):
    limits = pyscripts.Limits(**{**LIMITS.__dict__, **limits})
    points = frames()
    with pytest.raises(exceptions.ScriptFailed) as failed:
        rate(script(data, name='bad'), limits=limits, data=points)
    assert failed.value.status == 409
    assert failed.value.code == 'rating.script-failed'
    message = str(failed.value)
    assert message.startswith("pyscripts: script 'bad' (UUID: ")
    assert message.endswith('nothing was stored.')
    # No price was set by the failed script.
    assert prices(points)[0] == D('0')
    return message


def test_a_script_that_raises_fails_naming_the_line():
    message = _fails('x = 1\nraise KeyError("flavor")\n')
    assert "failed at line 2: KeyError: 'flavor'" in message


def test_a_script_that_exits_fails():
    assert 'SystemExit: 3' in _fails('import sys\nsys.exit(3)\n')


def test_an_endless_loop_is_stopped_by_the_cpu_limit():
    message = _fails('while True:\n    pass\n', cpu_seconds=1,
                     timeout=30.0)
    assert 'after using its 1 CPU seconds' in message


def test_a_sleeping_script_is_stopped_by_the_wall_clock_limit():
    message = _fails('import time\ntime.sleep(60)\n', timeout=0.5)
    assert 'did not finish within 0.5 seconds' in message


def test_a_script_that_allocates_too_much_fails():
    message = _fails('hog = bytearray(512 * 1024 * 1024)\n',
                     memory_mib=128)
    assert 'MemoryError' in message and 'memory_limit is 128 MiB' in message


def test_a_script_that_prints_too_much_is_killed():
    message = _fails("import sys\nwhile True:\n    sys.stdout.write('x' * "
                     "65536)\n", max_output_mib=1)
    assert 'File too large (max_output_size is 1 MiB)' in message


def test_a_script_inherits_no_environment(monkeypatch):
    monkeypatch.setenv('RATINGAPI_SECRET', 'do-not-leak')
    reads = ("import os\n"
             "data['usage']['volume'][0]['rating']['price'] = "
             "len(os.environ)\n")
    assert prices(rate(script(reads)))[2] == D('0')


def test_a_script_inherits_no_file_descriptor(tmp_path):
    with open(tmp_path / 'secret', 'w') as secret:
        os.set_inheritable(secret.fileno(), True)
        probe = ("import os\n"
                 "open_fds = len(os.listdir('/proc/self/fd'))\n"
                 "data['usage']['volume'][0]['rating']['price'] = "
                 "open_fds\n")
        # stdin, stdout, stderr, the answer's copy of stdout, and the
        # directory listdir reads.
        assert prices(rate(script(probe)))[2] == D('5')


@pytest.mark.parametrize('data, reason', [
    ('data = []', 'expected a dict (a data frame), got list'),
    ("del data['period']", "expected the keys ['period', 'usage']"),
    ("data['usage']['other'] = []", 'the types of the points may not '
                                    'change'),
    ("data['usage']['compute'].append(data['usage']['compute'][0])",
     'expected a list of 1 points'),
    ("data['usage']['compute'][0]['vol']['qty'] += 1",
     'only rating.price may change'),
    ("data['usage']['compute'][0]['desc']['flavor'] = 'free'",
     'only rating.price may change'),
    ("data['usage']['compute'][0]['rating']['discount'] = 1",
     'expected {"price": number}'),
    ("data['period']['begin'] = None", "data['period']: only rating.price"),
    ("data['usage']['compute'][0]['rating']['price'] = object()",
     'is not JSON data'),
    ('del data', 'deleted the global "data"'),
])
def test_a_malformed_frame_fails(data, reason):
    message = _fails(data)
    assert reason in message


def test_a_syntax_error_fails():
    assert 'SyntaxError' in _fails('for x in')


def test_scripts_in_force_while_execution_is_off_fail():
    off = pyscripts.Limits(**{**LIMITS.__dict__, 'enabled': False})
    with pytest.raises(exceptions.ScriptFailed) as failed:
        rate(script('pass'), limits=off)
    assert '[pyscripts] enable_execution = false' in str(failed.value)


def test_nothing_in_force_runs_nothing_even_when_execution_is_off():
    off = pyscripts.Limits(**{**LIMITS.__dict__, 'enabled': False})
    later = script('pass', start=BEGIN + datetime.timedelta(days=1))
    assert prices(rate(later, limits=off)) == [D('0'), D('7'), D('0')]


def test_the_rater_refuses_to_enable_pyscripts_while_execution_is_off():
    assert chain.Rater().unavailable() == {
        'pyscripts': pyscripts.EXECUTION_OFF}
    assert '[pyscripts] enable_execution = true' in pyscripts.EXECUTION_OFF
    assert chain.Rater(LIMITS).unavailable() == {}
