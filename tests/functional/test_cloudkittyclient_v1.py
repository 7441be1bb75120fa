"""python-cloudkittyclient 6.2.0's v1 command set (``cloudkitty
--os-rating-api-version 1 ...``), the v1 commands of its default (v2) set,
and ``openstack rating ...`` (python-openstackclient with the client's
plugin), against ratingapi-api (gunicorn, noauth) serving the sample
metrics file, as an operator runs them.

The rated data is ``data/cloudkittyclient-dataframes.json``, posted once
through ``POST /v2/dataframes``; every expected total is summed here from
that file, exactly, so a float anywhere on the way would show (one price
is 1e-09).  Each command's printed output is checked (``-f json`` where
the values matter, the table where the command has no other format).
"""
import collections
import decimal
import hashlib
import json
import os
import subprocess
import sys

import httpx
import pytest

from tests.functional import live
from tests.functional import test_cloudkittyclient as cli
from tests.functional import test_cloudkittyclient_info as info_cli

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
V1 = ('--os-rating-api-version', '1')
DAY = ('-b', '2024-03-01T00:00:00', '-e', '2024-03-02T00:00:00')
HOUR_1 = ('2024-03-01T00:00:00', '2024-03-01T01:00:00')
HOUR_2 = ('2024-03-01T01:00:00', '2024-03-01T02:00:00')
SCRIPT = 'for period in data:\n    pass\n'
# What the client prints on stderr around deprecated endpoints.
TOTAL_DEPRECATED = ('WARNING: /v1/report/total/ endpoint is deprecated, '
                    'please use /v1/report/summary instead.\n')


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp('cloudkittyclient-v1')
    with live.api_server(tmp_path, more_config='[collect]\n'
                         'metrics_conf = %s\n' % info_cli.SAMPLE) as running:
        endpoint = running.root.rstrip('/')
        with httpx.Client(base_url=endpoint, timeout=30) as http:
            posted = http.post(
                '/v2/dataframes',
                content=cli.DATAFRAMES_FILE.read_bytes(),
                headers={'Content-Type': 'application/json'})
            assert posted.status_code == 204, posted.text
            yield {'endpoint': endpoint, 'http': http, 'log': running.log,
                   'env': cli._client_env(tmp_path), 'home': tmp_path}


@pytest.fixture(scope='module')
def rated():
    """``{(project, type): [(begin, end, qty, price), ...]}`` of the data
    file, with exact decimals."""
    document = json.loads(cli.DATAFRAMES_FILE.read_text(),
                          parse_float=decimal.Decimal,
                          parse_int=decimal.Decimal)
    points = collections.defaultdict(list)
    for frame in document['dataframes']:
        begin, end = (frame['period'][key].replace('Z', '')
                      for key in ('begin', 'end'))
        for type_, items in frame['usage'].items():
            for item in items:
                points[item['groupby']['project_id'], type_].append(
                    (begin, end, item['vol']['qty'],
                     item['rating']['price']))
    return points


def _sum(rated, project=None, type_=None):
    return sum((point[3] for (p, t), items in rated.items()
                for point in items
                if project in (None, p) and type_ in (None, t)),
               decimal.Decimal(0))


def v1(server, *args):
    return cli.ok(server, *V1, *args)


def v1_json(server, *args):
    return cli.ok_json(server, *V1, *args)


def _logged(server, method, path):
    return [line for line in server['log'].read_text().splitlines()
            if '] %s %s ' % (method, path) in line]


# -- module * (v1 URLs) ------------------------------------------------------

def test_module_commands(server):
    assert v1_json(server, 'module', 'list') == [
        {'Module': 'hashmap', 'Enabled': False, 'Priority': 1},
        {'Module': 'noop', 'Enabled': True, 'Priority': 1},
        {'Module': 'pyscripts', 'Enabled': False, 'Priority': 1}]
    assert v1_json(server, 'module', 'get', 'hashmap') == [
        {'Module': 'hashmap', 'Enabled': False, 'Priority': 1}]
    assert v1_json(server, 'module', 'enable', 'hashmap') == [
        {'Module': 'hashmap', 'Enabled': True, 'Priority': 1}]
    assert v1_json(server, 'module', 'set', 'priority', 'hashmap',
                   '5') == [
        {'Module': 'hashmap', 'Enabled': True, 'Priority': 5}]
    assert v1_json(server, 'module', 'disable', 'hashmap') == [
        {'Module': 'hashmap', 'Enabled': False, 'Priority': 5}]
    # Through v1 (the whole module dict in one PUT, answered 200: no
    # CloudKitty 302 loop), never through v2.
    assert len(_logged(server, 'PUT', '/v1/rating/modules/hashmap')) == 3
    assert not _logged(server, 'PUT', '/v2/rating/modules/hashmap')
    # pyscripts may not be enabled while execution is off: the 409 says
    # why and the module stays off.
    error = cli.failed(server, *V1, 'module', 'enable', 'pyscripts')
    assert 'enable_execution' in error and '(HTTP 409)' in error
    assert v1_json(server, 'module', 'get', 'pyscripts')[0][
        'Enabled'] is False


# -- summary get, total get (v1 reports) -------------------------------------

def _summary_rows(text):
    header, rows = cli.parse_table(text)
    assert header == ['Tenant ID', 'Resource Type', 'Rate', 'Begin Time',
                      'End Time']
    return [(row[0], row[1], decimal.Decimal(row[2]), row[3], row[4])
            for row in rows]


def test_summary_get(server, rated):
    # The v1 summary command has no usable -f json (it prints the table).
    every = _summary_rows(v1(server, 'summary', 'get', *DAY, '-a'))
    assert every == [('ALL', 'ALL', _sum(rated), *DAY[1::2])]
    assert str(every[0][2]) == '1.750000001'   # exact, not 1.75
    grouped = _summary_rows(v1(server, 'summary', 'get', *DAY, '-a', '-g',
                               'tenant_id', 'res_type'))
    assert grouped == [(project, type_, _sum(rated, project, type_),
                        *DAY[1::2]) for project, type_ in sorted(rated)]
    by_type = _summary_rows(v1(server, 'summary', 'get', *DAY, '-a', '-g',
                               'res_type'))
    assert by_type == [('ALL', type_, _sum(rated, type_=type_), *DAY[1::2])
                       for type_ in sorted({t for _, t in rated})]
    one = _summary_rows(v1(server, 'summary', 'get', *DAY, '-t', 'proj-a'))
    assert one == [('ALL', 'ALL', _sum(rated, 'proj-a'), *DAY[1::2])]
    cpu = _summary_rows(v1(server, 'summary', 'get', *DAY, '-a', '-s',
                           'cpu'))
    assert cpu == [('ALL', 'ALL', _sum(rated, type_='cpu'), *DAY[1::2])]


def _total(server, *args):
    result = cli.run(server, *V1, 'total', 'get', *DAY, *args, '-f',
                     'json')
    # The client warns on stderr before each call of the old endpoint.
    assert (result.returncode, result.stderr) == (
        0, TOTAL_DEPRECATED), cli._describe(server, result)
    [total] = json.loads(result.stdout, parse_float=decimal.Decimal).values()
    return decimal.Decimal(total)


def test_total_get(server, rated):
    assert _total(server, '-a') == _sum(rated)
    assert _total(server, '-t', 'proj-b') == _sum(rated, 'proj-b')
    assert _total(server, '-a', '-s', 'image.size') == _sum(
        rated, type_='image.size')


# -- dataframes get (v1 storage) ----------------------------------------------

def test_dataframes_get(server, rated):
    frames = v1_json(server, 'dataframes', 'get', *DAY)
    found = collections.defaultdict(list)
    for frame in frames:
        # Each frame carries its own project (CloudKitty labels a whole
        # stored frame with its first point's project).
        for resource in frame['Resources']:
            assert resource['desc']['project_id'] == frame['Project ID']
            found[frame['Project ID'], resource['service']].append(
                (frame['Begin'], frame['End'],
                 decimal.Decimal(resource['volume']),
                 decimal.Decimal(resource['rating'])))
    assert {key: sorted(items) for key, items in found.items()} == {
        key: sorted(items) for key, items in rated.items()}
    own = v1_json(server, 'dataframes', 'get', *DAY, '-p', 'proj-a')
    assert {frame['Project ID'] for frame in own} == {'proj-a'}
    assert sum(len(frame['Resources']) for frame in own) == sum(
        len(items) for (project, _), items in rated.items()
        if project == 'proj-a')


# -- report tenant list -------------------------------------------------------

def test_report_tenant_list(server, rated):
    expected = [{'Tenant ID': project}
                for project in sorted({p for p, _ in rated})]
    assert v1_json(server, 'report', 'tenant', 'list', *DAY) == expected
    # The default (v2) command set sends the same v1 request.
    assert cli.ok_json(server, 'report', 'tenant', 'list', *DAY) == expected
    # begin/end are honoured (CloudKitty ignores them): no data in 2023.
    assert v1_json(server, 'report', 'tenant', 'list', '-b',
                   '2023-01-01T00:00:00', '-e', '2023-02-01T00:00:00') == []


# -- info (v1 set; the default set is in test_cloudkittyclient_info) ---------

def test_info_commands(server):
    sample = info_cli.metrics.load(str(info_cli.SAMPLE), 'project_id')
    rows = v1_json(server, 'info', 'metric', 'list')
    assert [row['Metric'] for row in rows] == list(sample.types)
    assert v1_json(server, 'info', 'metric', 'get', 'ram') == [
        {'Metric': 'ram', 'Unit': 'GiB',
         'Metadata': list(sample.find('ram').metadata)}]
    [config] = v1_json(server, 'info', 'config', 'get')
    assert config['Section'] == 'metrics'
    assert sorted(config['Value']) == sorted(sample.document['metrics'])


# -- collector (v1 set; the default set is in ..._collector) -----------------

def test_collector_commands(server):
    def deprecated(*args):
        result = cli.run(server, *V1, *args, '-f', 'json')
        assert result.returncode == 0 and set(
            result.stderr.splitlines()) == {
            'WARNING: Collector mappings are deprecated and will be '
            'removed in a future release'}, cli._describe(server, result)
        return json.loads(result.stdout)

    assert deprecated('collector-mapping', 'create', 'compute',
                      'gnocchi') == [{'Service': 'compute',
                                      'Collector': 'gnocchi'}]
    assert deprecated('collector-mapping', 'list') == [
        {'Service': 'compute', 'Collector': 'gnocchi'}]
    assert deprecated('collector-mapping', 'get', 'compute') == [
        {'Service': 'compute', 'Collector': 'gnocchi'}]
    assert deprecated('collector', 'enable', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': True}]
    assert deprecated('collector', 'state', 'get', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': True}]
    result = cli.run(server, *V1, 'collector-mapping', 'delete', 'compute')
    assert (result.returncode, result.stdout) == (0, ''), cli._describe(
        server, result)
    assert deprecated('collector-mapping', 'list') == []


# -- pyscript (both sets) -----------------------------------------------------

def _script_row(name, script_id, data, start, end, description):
    return {'Name': name, 'Script ID': script_id,
            'Checksum': hashlib.sha512(data.encode()).hexdigest(),
            'Data': data, 'Script Start Date': start,
            'Script End Date': end, 'Script Description': description}


def test_pyscript_commands(server):
    path = server['home'] / 'licences.py'
    path.write_text(SCRIPT)
    [created] = v1_json(server, 'pyscript', 'create', '--start',
                        '2040-01-01T00:00:00', '--description', 'licences',
                        'licences', str(path))
    script_id = created['Script ID']
    expected = _script_row('licences', script_id, SCRIPT,
                           '2040-01-01T00:00:00', None, 'licences')
    assert created == expected
    assert v1_json(server, 'pyscript', 'list') == [expected]
    # The default set sends the same v1 requests.
    assert cli.ok_json(server, 'pyscript', 'get', script_id) == [expected]
    # --no-data: the server leaves the text out, the client prints None.
    assert cli.ok_json(server, 'pyscript', 'list', '--no-data') == [
        dict(expected, Data=None)]
    # update: GET, then one PUT of the whole script (minus its checksum).
    puts = len(_logged(server, 'PUT', '/v1/rating/module_config/pyscripts/'
                                      'scripts/' + script_id))
    [updated] = v1_json(server, 'pyscript', 'update', '-n', 'windows',
                        '--end', '2041-01-01T00:00:00', script_id)
    assert updated == _script_row('windows', script_id, SCRIPT,
                                  '2040-01-01T00:00:00',
                                  '2041-01-01T00:00:00', 'licences')
    assert len(_logged(server, 'PUT', '/v1/rating/module_config/pyscripts/'
                                      'scripts/' + script_id)) == puts + 1
    assert v1(server, 'pyscript', 'delete', script_id) == ''
    assert v1_json(server, 'pyscript', 'list') == []
    error = cli.failed(server, *V1, 'pyscript', 'get', script_id)
    assert 'No such script' in error and '(HTTP 404)' in error


# -- openstack rating ... -----------------------------------------------------

def openstack(server, *args):
    result = subprocess.run(
        [OPENSTACK, '--os-auth-type', 'cloudkitty-noauth', '--os-endpoint',
         server['endpoint'], 'rating', *args],
        capture_output=True, text=True, env=server['env'], timeout=120)
    assert (result.returncode, result.stderr) == (0, ''), (
        '$ openstack rating %s\n%s\n%s' % (' '.join(args), result.stdout,
                                           result.stderr))
    return result.stdout


def test_openstack_rating(server, rated):
    assert os.path.exists(OPENSTACK), (
        'python-openstackclient is a test dependency')
    modules = json.loads(openstack(server, 'module', 'list', '-f', 'json'))
    assert [row['Module'] for row in modules] == [
        'hashmap', 'noop', 'pyscripts']
    created = server['http'].post(
        '/v1/rating/module_config/hashmap/services/',
        json={'name': 'osc-compute'})
    assert created.status_code == 201, created.text
    services = json.loads(openstack(server, 'hashmap', 'service', 'list',
                                    '-f', 'json'))
    assert {'Name': 'osc-compute',
            'Service ID': created.json()['service_id']} in services
    # summary get (v2 set: /v2/summary) prints a table only.
    header, rows = cli.parse_table(openstack(
        server, 'summary', 'get', '-b', '2024-03-01T00:00:00+00:00', '-e',
        '2024-03-02T00:00:00+00:00', '-g', 'project_id'))
    assert header == ['Begin', 'End', 'Qty', 'Rate', 'Project id']
    assert {row[4]: decimal.Decimal(row[3]) for row in rows} == {
        project: _sum(rated, project)
        for project in {p for p, _ in rated}}
