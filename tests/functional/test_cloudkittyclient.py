"""python-cloudkittyclient 6.2.0's ``cloudkitty`` CLI against ratingapi.

``ratingapi-api`` (gunicorn, noauth) runs once for the module; every
command of the client's v2 command set that talks to a v2 endpoint runs
as a subprocess, the way an operator runs it::

    cloudkitty --os-auth-type cloudkitty-noauth --os-endpoint URL <command>

and the test checks what it prints (``-f json`` where the command is a
lister, so that values can be compared exactly; the default table where
that is what is being checked), that it prints nothing on stderr and that
it exits with 0.  The client sends no microversion: everything here is
microversion 2.0, CloudKitty's behaviour.

Two things the client does wrong whatever the server, pinned here so that
a new client version is noticed:

* ``scope state get`` shows a ``State`` column read from a ``state`` key
  that CloudKitty stopped returning (the API has ``last_processed_timestamp``
  instead): the column always reads None.
* ``scope patch`` returns the server's scope from a cliff ``Command``,
  which cliff takes for the exit status: the command prints the scope's
  ``repr`` on stderr and exits with 1 although the PATCH succeeded.

The rated data is ``data/cloudkittyclient-dataframes.json``: two periods,
two projects, two metric types, amounts chosen so that float arithmetic
would show (0.1 + 0.2 is 0.3 here, and a price of 1e-09 survives a sum).
"""
import ast
import datetime
import importlib.metadata
import json
import os
import pathlib
import subprocess
import sys

import httpx
import pytest

from tests.functional import live

CLIENT_VERSION = '6.2.0'
BIN = os.path.dirname(sys.executable)
CLOUDKITTY = os.path.join(BIN, 'cloudkitty')
DATA = pathlib.Path(__file__).parent / 'data'
DATAFRAMES_FILE = DATA / 'cloudkittyclient-dataframes.json'

UTC = datetime.timezone.utc
# The data file's day, and its two one-hour periods.
DAY = ('2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z')
P1 = ('2024-03-01T00:00:00+00:00', '2024-03-01T01:00:00+00:00')
P2 = ('2024-03-01T01:00:00+00:00', '2024-03-01T02:00:00+00:00')
DAY_OUT = ('2024-03-01T00:00:00+00:00', '2024-03-02T00:00:00+00:00')
# Scopes processed up to the end of the data file's day.
PROCESSED = '2024-03-02T00:00:00+00:00'


def _client_env(home):
    # Neither an OS_* variable of the caller's shell nor their clouds.yaml
    # may pick a cloud or a token.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith('OS_') and key != 'XDG_CONFIG_HOME'}
    env['HOME'] = str(home)
    return env


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    try:
        version = importlib.metadata.version('python-cloudkittyclient')
    except importlib.metadata.PackageNotFoundError:
        version = None
    if version != CLIENT_VERSION or not os.path.exists(CLOUDKITTY):
        pytest.fail('python-cloudkittyclient==%s is a test dependency '
                    '(found %s, script %s)'
                    % (CLIENT_VERSION, version, CLOUDKITTY))
    tmp_path = tmp_path_factory.mktemp('cloudkittyclient')
    with live.api_server(tmp_path) as running:
        endpoint = running.root.rstrip('/')
        with httpx.Client(base_url=endpoint, timeout=30) as http:
            yield {'endpoint': endpoint, 'http': http, 'log': running.log,
                   'env': _client_env(tmp_path)}


def run(server, *args, stdin=None):
    """``cloudkitty <args>`` against the server: the CompletedProcess."""
    return subprocess.run(
        [CLOUDKITTY, '--os-auth-type', 'cloudkitty-noauth',
         '--os-endpoint', server['endpoint'], *args],
        input=stdin, capture_output=True, text=True, env=server['env'],
        timeout=120)


def _describe(server, result):
    return ('$ cloudkitty %s\nexit status %d\n--- stdout\n%s--- stderr\n%s'
            '--- server log (end)\n%s' % (
                ' '.join(result.args[5:]), result.returncode, result.stdout,
                result.stderr, server['log'].read_text()[-4000:]))


def ok(server, *args, stdin=None):
    """Run a command that must succeed silently on stderr: its stdout."""
    result = run(server, *args, stdin=stdin)
    assert (result.returncode, result.stderr) == (0, ''), _describe(
        server, result)
    return result.stdout


def ok_json(server, *args):
    """A lister's rows, from ``-f json``."""
    return json.loads(ok(server, *args, '-f', 'json'))


def parse_table(text):
    """cliff's default table output: (header, rows) of stripped strings."""
    lines = [line for line in text.splitlines() if line.startswith('|')]
    cells = [[cell.strip() for cell in line[1:-1].split('|')]
             for line in lines]
    return cells[0], cells[1:]


def failed(server, *args):
    """Run a command the server must refuse: its error output."""
    result = run(server, *args)
    assert result.returncode == 1 and result.stdout == '', _describe(
        server, result)
    return result.stderr


def _month_start():
    now = datetime.datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(start):
    return start.replace(year=start.year + start.month // 12,
                         month=start.month % 12 + 1)


@pytest.fixture(scope='module')
def dataframes_added(server):
    """``dataframes add``: the data file, then this month's point on stdin.

    Returns both runs' output, which test_dataframes_add checks.
    """
    from_file = run(server, 'dataframes', 'add', str(DATAFRAMES_FILE))
    start = _month_start()
    this_month = {'dataframes': [{
        'period': {'begin': start.isoformat(),
                   'end': (start + datetime.timedelta(hours=1)).isoformat()},
        'usage': {'cpu': [{
            'vol': {'unit': 'instance', 'qty': 3},
            'rating': {'price': 0.75},
            'groupby': {'id': 'vm-1', 'project_id': 'proj-a'},
            'metadata': {'flavor_name': 'm1.small'}}]}}]}
    from_stdin = run(server, 'dataframes', 'add', '-',
                     stdin=json.dumps(this_month))
    return {'file': from_file, 'stdin': from_stdin, 'month': start}


def _create_scope(server, scope_id, **fields):
    body = {'scope_id': scope_id, 'last_processed_timestamp': PROCESSED}
    body.update(fields)
    response = server['http'].post('/v2/scope', json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _scope(server, scope_id):
    response = server['http'].get('/v2/scope',
                                  params={'scope_id': scope_id})
    assert response.status_code == 200, response.text
    [scope] = response.json()['results']
    return scope


@pytest.fixture(scope='module')
def scopes(server):
    """ck-a and ck-b, created through the API: the CLI cannot create."""
    return [
        _create_scope(server, 'ck-a'),
        _create_scope(server, 'ck-b', fetcher='gnocchi',
                      collector='prometheus'),
    ]


@pytest.fixture(scope='module')
def reprocessing_created(server, scopes):
    """``tasks reprocessing create`` for ck-a and ck-b (checked below)."""
    return run(server, 'tasks', 'reprocessing', 'create',
               '--scope-id', 'ck-a', '--scope-id', 'ck-b',
               '--start-reprocess-time', '2024-03-01T00:00:00Z',
               '--end-reprocess-time', '2024-03-01T02:00:00Z',
               '--reason', 'hashmap prices fixed')


# -- module list / get / enable / disable / set priority ---------------------

def _module(module_id, enabled, priority):
    return {'Module': module_id, 'Enabled': enabled, 'Priority': priority}


def test_module_list_shows_noop_and_hashmap(server):
    header, rows = parse_table(ok(server, 'module', 'list'))
    assert header == ['Module', 'Enabled', 'Priority']
    by_id = {row[0]: row for row in rows}
    assert by_id['hashmap'] == ['hashmap', 'False', '1']
    assert by_id['noop'] == ['noop', 'True', '1']

    listed = {row['Module']: row for row in ok_json(server, 'module',
                                                    'list')}
    assert listed['hashmap'] == _module('hashmap', False, 1)
    assert listed['noop'] == _module('noop', True, 1)


def test_module_get(server):
    assert ok_json(server, 'module', 'get', 'noop') == [
        _module('noop', True, 1)]
    assert ok_json(server, 'module', 'get', 'hashmap') == [
        _module('hashmap', False, 1)]


def test_module_enable_set_priority_disable(server):
    try:
        assert ok_json(server, 'module', 'enable', 'hashmap') == [
            _module('hashmap', True, 1)]
        assert ok_json(server, 'module', 'get', 'hashmap') == [
            _module('hashmap', True, 1)]

        assert ok_json(server, 'module', 'set', 'priority', 'hashmap',
                       '5') == [_module('hashmap', True, 5)]
        listed = {row['Module']: row
                  for row in ok_json(server, 'module', 'list')}
        assert listed['hashmap'] == _module('hashmap', True, 5)
        assert listed['noop'] == _module('noop', True, 1)

        assert ok_json(server, 'module', 'disable', 'hashmap') == [
            _module('hashmap', False, 5)]
        assert ok_json(server, 'module', 'get', 'hashmap') == [
            _module('hashmap', False, 5)]

        assert ok_json(server, 'module', 'set', 'priority', 'hashmap',
                       '1') == [_module('hashmap', False, 1)]
    finally:
        server['http'].put('/v2/rating/modules/hashmap',
                           json={'enabled': False, 'priority': 1})


# -- dataframes add / get -----------------------------------------------------

def _row(period, metric, unit, qty, price, groupby, metadata):
    return {'Begin': period[0], 'End': period[1], 'Metric Type': metric,
            'Unit': unit, 'Quantity': qty, 'Price': price,
            'Group By': groupby, 'Metadata': metadata}


VM1_P1 = _row(P1, 'cpu', 'instance', 1, 0.1,
              'id="vm-1" project_id="proj-a"', 'flavor_name="m1.small"')
VM2_P1 = _row(P1, 'cpu', 'instance', 2, 1.25,
              'id="vm-2" project_id="proj-b"', 'flavor_name="m1.large"')
IMG1_P1 = _row(P1, 'image.size', 'MiB', 10.5, 1e-09,
               'id="img-1" project_id="proj-a"', 'disk_format="qcow2"')
VM1_P2 = _row(P2, 'cpu', 'instance', 1, 0.2,
              'id="vm-1" project_id="proj-a"', 'flavor_name="m1.small"')
IMG2_P2 = _row(P2, 'image.size', 'MiB', 0.1, 0.2,
               'id="img-2" project_id="proj-b"', 'disk_format="raw"')


def test_dataframes_add(server, dataframes_added):
    for result in (dataframes_added['file'], dataframes_added['stdin']):
        assert (result.returncode, result.stdout, result.stderr) == (
            0, '', ''), _describe(server, result)
    response = server['http'].get('/v2/dataframes', params={
        'begin': DAY[0], 'end': DAY[1]})
    assert response.status_code == 200, response.text
    assert response.json()['total'] == 5


def test_dataframes_get_period(server, dataframes_added):
    assert ok_json(server, 'dataframes', 'get', '-b', DAY[0],
                   '-e', DAY[1]) == [VM1_P1, VM2_P1, IMG1_P1, VM1_P2,
                                     IMG2_P2]
    assert ok_json(server, 'dataframes', 'get',
                   '--begin', '2024-03-01T02:00:00+01:00',
                   '--end', '2024-03-01T03:00:00+01:00') == [VM1_P2, IMG2_P2]


def test_dataframes_get_table(server, dataframes_added):
    header, rows = parse_table(ok(
        server, 'dataframes', 'get', '-b', '2024-03-01T01:00:00Z',
        '-e', DAY[1]))
    assert header == ['Begin', 'End', 'Metric Type', 'Unit', 'Quantity',
                      'Price', 'Group By', 'Metadata']
    assert rows == [
        [P2[0], P2[1], 'cpu', 'instance', '1', '0.2',
         'id="vm-1" project_id="proj-a"', 'flavor_name="m1.small"'],
        [P2[0], P2[1], 'image.size', 'MiB', '0.1', '0.2',
         'id="img-2" project_id="proj-b"', 'disk_format="raw"'],
    ]


def test_dataframes_get_filters(server, dataframes_added):
    period = ('-b', DAY[0], '-e', DAY[1])
    assert ok_json(server, 'dataframes', 'get', *period,
                   '--filter', 'project_id:proj-b') == [VM2_P1, IMG2_P2]
    assert ok_json(server, 'dataframes', 'get', *period,
                   '--filter', 'type:image.size') == [IMG1_P1, IMG2_P2]
    assert ok_json(server, 'dataframes', 'get', *period,
                   '--filter', 'type:cpu',
                   '--filter', 'project_id:proj-a') == [VM1_P1, VM1_P2]
    assert ok_json(server, 'dataframes', 'get', *period,
                   '--filter', 'flavor_name:m1.large') == [VM2_P1]


def test_dataframes_get_offset_limit(server, dataframes_added):
    # Points are paged in (period, insertion) order.
    assert ok_json(server, 'dataframes', 'get', '-b', DAY[0], '-e', DAY[1],
                   '--offset', '1', '--limit', '2') == [VM2_P1, IMG1_P1]


def test_dataframes_get_defaults_to_this_month(server, dataframes_added):
    start = dataframes_added['month']
    assert ok_json(server, 'dataframes', 'get') == [_row(
        (start.isoformat(),
         (start + datetime.timedelta(hours=1)).isoformat()),
        'cpu', 'instance', 3, 0.75, 'id="vm-1" project_id="proj-a"',
        'flavor_name="m1.small"')]


# -- summary get --------------------------------------------------------------

def _total(qty, rate, period=DAY_OUT, **groups):
    row = {'Begin': period[0], 'End': period[1], 'Qty': qty, 'Rate': rate}
    row.update(groups)
    return row


def test_summary_get_table(server, dataframes_added):
    header, rows = parse_table(ok(server, 'summary', 'get',
                                  '-b', DAY[0], '-e', DAY[1]))
    assert header == ['Begin', 'End', 'Qty', 'Rate']
    assert rows == [[DAY_OUT[0], DAY_OUT[1], '14.6', '1.750000001']]


def test_summary_get_groupby_type(server, dataframes_added):
    assert ok_json(server, 'summary', 'get', '-b', DAY[0], '-e', DAY[1],
                   '-g', 'type') == [
        _total(4, 1.55, Type='cpu'),
        _total(10.6, 0.200000001, Type='image.size'),
    ]


def test_summary_get_groupby_type_and_project(server, dataframes_added):
    header, rows = parse_table(ok(server, 'summary', 'get', '-b', DAY[0],
                                  '-e', DAY[1], '-g', 'type',
                                  '--groupby', 'project_id'))
    assert header == ['Begin', 'End', 'Qty', 'Rate', 'Type', 'Project id']
    assert rows == [
        [DAY_OUT[0], DAY_OUT[1], '2', '0.3', 'cpu', 'proj-a'],
        [DAY_OUT[0], DAY_OUT[1], '2', '1.25', 'cpu', 'proj-b'],
        [DAY_OUT[0], DAY_OUT[1], '10.5', '1e-09', 'image.size', 'proj-a'],
        [DAY_OUT[0], DAY_OUT[1], '0.1', '0.2', 'image.size', 'proj-b'],
    ]


def test_summary_get_filters(server, dataframes_added):
    assert ok_json(server, 'summary', 'get', '-b', DAY[0], '-e', DAY[1],
                   '--filter', 'type:cpu', '-g', 'project_id') == [
        _total(2, 0.3, **{'Project id': 'proj-a'}),
        _total(2, 1.25, **{'Project id': 'proj-b'}),
    ]
    assert ok_json(server, 'summary', 'get', '-b', DAY[0], '-e', DAY[1],
                   '--filter', 'project_id:proj-b') == [_total(2.1, 1.45)]


def test_summary_get_by_period(server, dataframes_added):
    assert ok_json(server, 'summary', 'get', '-b', DAY[0], '-e', DAY[1],
                   '-g', 'time', '--filter', 'project_id:proj-a') == [
        _total(11.5, 0.100000001, period=P1),
        _total(1, 0.2, period=P2),
    ]
    assert ok_json(server, 'summary', 'get',
                   '-b', '2024-02-28T00:00:00Z', '-e', '2024-03-05T00:00:00Z',
                   '-g', 'time-d', '-g', 'type') == [
        _total(4, 1.55, Type='cpu'),
        _total(10.6, 0.200000001, Type='image.size'),
    ]
    assert ok_json(server, 'summary', 'get',
                   '-b', '2024-02-01T00:00:00Z', '-e', '2024-04-01T00:00:00Z',
                   '-g', 'time-m') == [_total(
                       14.6, 1.750000001, period=(
                           '2024-03-01T00:00:00+00:00',
                           '2024-04-01T00:00:00+00:00'))]


def test_summary_get_offset_limit(server, dataframes_added):
    assert ok_json(server, 'summary', 'get', '-b', DAY[0], '-e', DAY[1],
                   '-g', 'type', '-g', 'project_id',
                   '--offset', '1', '--limit', '2') == [
        _total(2, 1.25, Type='cpu', **{'Project id': 'proj-b'}),
        _total(10.5, 1e-09, Type='image.size', **{'Project id': 'proj-a'}),
    ]


def test_summary_get_defaults_to_this_month(server, dataframes_added):
    start = dataframes_added['month']
    assert ok_json(server, 'summary', 'get') == [
        _total(3, 0.75, period=(start.isoformat(),
                                _next_month(start).isoformat()))]


# -- scope state get / reset, scope patch -------------------------------------

def _state_row(scope_id, scope_key='project_id', collector='gnocchi',
               fetcher='keystone'):
    # State: always None, see the module docstring.
    return {'Scope ID': scope_id, 'Scope Key': scope_key,
            'Collector': collector, 'Fetcher': fetcher, 'State': None}


def test_scope_state_get(server, scopes):
    assert ok_json(server, 'scope', 'state', 'get', '--scope-id', 'ck-a',
                   '--scope-id', 'ck-b') == [
        _state_row('ck-a'),
        _state_row('ck-b', collector='prometheus', fetcher='gnocchi'),
    ]
    listed = ok_json(server, 'scope', 'state', 'get')
    assert {'ck-a', 'ck-b'} <= {row['Scope ID'] for row in listed}


def test_scope_state_get_filters_table(server, scopes):
    header, rows = parse_table(ok(server, 'scope', 'state', 'get',
                                  '--collector', 'prometheus',
                                  '--fetcher', 'gnocchi',
                                  '--scope-key', 'project_id'))
    assert header == ['Scope ID', 'Scope Key', 'Collector', 'Fetcher',
                      'State']
    assert rows == [['ck-b', 'project_id', 'prometheus', 'gnocchi',
                     'None']]


def test_scope_state_reset_one_scope(server):
    _create_scope(server, 'ck-reset-1', collector='reset-one')
    _create_scope(server, 'ck-reset-2', collector='reset-one')
    assert ok(server, 'scope', 'state', 'reset', '--scope-id', 'ck-reset-1',
              '2024-02-01T00:00:00Z') == ''
    assert _scope(server, 'ck-reset-1')['last_processed_timestamp'] == (
        '2024-02-01T00:00:00+00:00')
    assert _scope(server, 'ck-reset-2')['last_processed_timestamp'] == (
        PROCESSED)


def test_scope_state_reset_all_scopes(server):
    _create_scope(server, 'ck-reset-3', collector='reset-all')
    _create_scope(server, 'ck-reset-4', collector='reset-all')
    _create_scope(server, 'ck-reset-5', collector='reset-none')
    assert ok(server, 'scope', 'state', 'reset', '--all-scopes',
              '--collector', 'reset-all', '2024-01-15T12:00:00+01:00') == ''
    for scope_id in ('ck-reset-3', 'ck-reset-4'):
        assert _scope(server, scope_id)['last_processed_timestamp'] == (
            '2024-01-15T11:00:00+00:00')
    assert _scope(server, 'ck-reset-5')['last_processed_timestamp'] == (
        PROCESSED)


def _moment(text):
    return datetime.datetime.fromisoformat(text)


def _patch(server, *args):
    """``scope patch``: the scope it prints.

    python-cloudkittyclient 6.2.0 bug, whatever the server: CliPatchScope
    is a cliff ``Command`` whose take_action returns the PATCH response,
    which cliff uses as the exit status, so ``sys.exit(<dict>)`` prints the
    dict's repr on stderr and exits with 1, after a successful PATCH.
    """
    result = run(server, 'scope', 'patch', *args)
    assert (result.returncode, result.stdout) == (1, ''), _describe(
        server, result)
    return ast.literal_eval(result.stderr)


def test_scope_patch(server):
    _create_scope(server, 'ck-patch')
    before = _scope(server, 'ck-patch')

    patched = _patch(server, '--scope-id', 'ck-patch',
                     '--scope-key', 'domain_id', '--collector', 'prometheus',
                     '--fetcher', 'gnocchi', '--active', 'false')
    toggled = patched.pop('scope_activation_toggle_date')
    assert patched == {
        'scope_id': 'ck-patch', 'scope_key': 'domain_id',
        'fetcher': 'gnocchi', 'collector': 'prometheus',
        'last_processed_timestamp': PROCESSED, 'active': False}
    assert _moment(toggled) > _moment(before['scope_activation_toggle_date'])
    assert _scope(server, 'ck-patch') == dict(
        patched, scope_activation_toggle_date=toggled)
    assert ok_json(server, 'scope', 'state', 'get',
                   '--scope-id', 'ck-patch') == [_state_row(
                       'ck-patch', scope_key='domain_id',
                       collector='prometheus', fetcher='gnocchi')]

    # -id is the option's short form; only what is given changes.
    patched = _patch(server, '-id', 'ck-patch', '--active', 'true')
    assert patched['active'] is True
    assert _moment(patched['scope_activation_toggle_date']) > _moment(toggled)
    assert (patched['scope_key'], patched['collector'],
            patched['fetcher']) == ('domain_id', 'prometheus', 'gnocchi')


# -- tasks reprocessing create / get ------------------------------------------

def _task(scope_id):
    return {'Scope ID': scope_id, 'Reason': 'hashmap prices fixed',
            'Start reprocessing time': '2024-03-01T00:00:00+00:00',
            'End reprocessing time': '2024-03-01T02:00:00+00:00',
            'Current reprocessing time': None}


def test_tasks_reprocessing_create(server, reprocessing_created):
    # A lister of the 202's empty object: a table without rows, which
    # cliff prints as an empty line.
    result = reprocessing_created
    assert (result.returncode, result.stdout, result.stderr) == (
        0, '\n', ''), _describe(server, result)
    response = server['http'].get('/v2/task/reprocesses')
    assert response.status_code == 200, response.text
    assert response.json()['total'] == 2


def test_tasks_reprocessing_get(server, reprocessing_created):
    # Newest first (the client sends order=DESC); created in one request,
    # in the order of the scope ids.
    assert ok_json(server, 'tasks', 'reprocessing', 'get') == [
        _task('ck-b'), _task('ck-a')]
    assert ok_json(server, 'tasks', 'reprocessing', 'get',
                   '--order', 'ASC') == [_task('ck-a'), _task('ck-b')]
    assert ok_json(server, 'tasks', 'reprocessing', 'get',
                   '--scope-id', 'ck-a') == [_task('ck-a')]
    assert ok_json(server, 'tasks', 'reprocessing', 'get',
                   '--offset', '1', '--limit', '1') == [_task('ck-a')]


def test_tasks_reprocessing_get_table(server, reprocessing_created):
    header, rows = parse_table(ok(server, 'tasks', 'reprocessing', 'get',
                                  '--scope-id', 'ck-b'))
    assert header == ['Scope ID', 'Reason', 'Start reprocessing time',
                      'End reprocessing time', 'Current reprocessing time']
    assert rows == [['ck-b', 'hashmap prices fixed',
                     '2024-03-01T00:00:00+00:00',
                     '2024-03-01T02:00:00+00:00', 'None']]


# -- what a refused command prints --------------------------------------------

@pytest.mark.parametrize('args, message, status', [
    pytest.param(
        ('tasks', 'reprocessing', 'create', '--scope-id', 'ck-a',
         '--start-reprocess-time', '2024-03-01T02:00:00Z',
         '--end-reprocess-time', '2024-03-01T01:00:00Z', '--reason', 'x'),
        "Invalid body parameter 'end_reprocess_time': must be later than "
        "start_reprocess_time (2024-03-01T02:00:00+00:00).", 400,
        id='reprocessing-end-before-start'),
    pytest.param(
        ('tasks', 'reprocessing', 'create', '--scope-id', 'ck-nope',
         '--start-reprocess-time', '2024-03-01T00:00:00Z',
         '--end-reprocess-time', '2024-03-01T01:00:00Z', '--reason', 'x'),
        'Scopes ck-nope do not exist or are not active.', 400,
        id='reprocessing-unknown-scope'),
    pytest.param(('module', 'get', 'nope'), "Module 'nope' not found.",
                 404, id='module-unknown'),
    pytest.param(('dataframes', 'get', '--filter', 'project_id:nobody'),
                 'No resource found for provided filters.', 404,
                 id='dataframes-none'),
])
def test_refused_command_prints_the_server_error(server, scopes, args,
                                                 message, status):
    # The client prints the raw response body, then the status.
    error = failed(server, *args)
    body, _, tail = error.rstrip('\n').rpartition(' (HTTP ')
    assert tail == '%d)' % status
    assert json.loads(body)['message'] == message
