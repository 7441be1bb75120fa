#!/usr/bin/env python3
"""Regenerate the JSON samples of the api-ref from the real application.

Every sample under ``api-ref/source/samples/`` is the body of a request sent
to, or a response received from, ratingapi itself: the app is built
in-process (noauth, a throw-away SQLite database, public URL
``http://127.0.0.1:8889``) and driven with Werkzeug's test client.  Nothing
here is written by hand except the request bodies, and those are sent to
the app too, so a request sample that the server would refuse cannot be
published.

Usage::

    python api-ref/tools/make-samples.py            # rewrite the samples
    python api-ref/tools/make-samples.py --check    # exit 1 if any is stale

Run it with an interpreter that can import ratingapi and its dependencies
(the project's test environment).  A test can run ``--check`` (or call
:func:`generate` and :func:`check`) to prove the docs still match the code.

Samples must not change from one run to the next:

* every date sent is explicit and in the past (``begin``/``end`` of
  dataframes and summaries, scope timestamps, reprocessing periods), so no
  sample depends on the day it was made;
* two values the server takes from the clock or from chance are replaced
  by fixed ones before writing, and only those: the ``request_id`` of
  error documents (:data:`FIXED_REQUEST_ID`) and a non-null
  ``scope_activation_toggle_date``, which the server sets to the time a
  scope is created or its ``active`` flag changes
  (:data:`FIXED_TOGGLE_DATE`).  The api-ref says so next to those samples;
* the hashmap samples add two more: the ids of hashmap objects
  (``service_id``, ``field_id``, ``group_id``, ``mapping_id``,
  ``threshold_id``), which the server draws with uuid4, are replaced by
  fixed ones (:data:`FIXED_IDS`, in the order they are first seen, the
  same id always by the same stand-in, in requests and paths too), and a
  mapping's ``created_at``, taken from the clock, by
  :data:`FIXED_CREATED_AT` (naive, as v1 writes it, where the server sent
  it naive).  Mapping ``start`` dates are always sent explicitly.

A call may take its body or path from the responses of earlier calls:
``save`` names response members to remember, and a body given as a
function, or a path with ``{name}`` placeholders, uses them.

Besides the status, a call may name response headers it expects (such as
the ``Location`` of a scope created at 2.1), so a header the api-ref
describes is checked too.
"""
import argparse
import difflib
import json
import logging
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SAMPLES_DIR = os.path.join(REPO, 'api-ref', 'source', 'samples')

PUBLIC_URL = 'http://127.0.0.1:8889'
METRICS_FILE = os.path.join(REPO, 'etc', 'ratingapi', 'metrics.yml')
# Stands in for the random X-OpenStack-Request-Id in error documents.
FIXED_REQUEST_ID = 'req-00000000-0000-4000-8000-000000000000'
# Stands in for the wall-clock time at which a scope was created or its
# ``active`` flag last changed.
FIXED_TOGGLE_DATE = '2026-04-01T09:00:00+00:00'
# Stand in for the uuid4 ids of hashmap objects, in order of appearance.
FIXED_IDS = tuple('%08x-0000-4000-8000-%012x' % (n, n)
                  for n in range(1, 33))
# Stands in for the wall-clock time at which a hashmap mapping was created.
FIXED_CREATED_AT = '2026-04-01T09:00:00+00:00'
HASHMAP_ID_KEYS = ('service_id', 'field_id', 'group_id', 'mapping_id',
                   'threshold_id', 'script_id')

V2_HEADERS = {'OpenStack-API-Version': 'rating 2.0'}
V21_HEADERS = {'OpenStack-API-Version': 'rating 2.1'}
V22_HEADERS = {'OpenStack-API-Version': 'rating 2.2'}
HASHMAP_V2 = '/v2/rating/hashmap'
HASHMAP_V1 = '/v1/rating/module_config/hashmap'
PYSCRIPTS_V1 = '/v1/rating/module_config/pyscripts'
# A rating script: CloudKitty's data frame in ``data``, prices changed.
_WINDOWS_SCRIPT = (
    "import decimal\n"
    "for points in data['usage'].values():\n"
    "    for point in points:\n"
    "        if point['desc'].get('os_distro') == 'windows':\n"
    "            point['rating']['price'] += (\n"
    "                decimal.Decimal('0.05') * point['vol']['qty'])\n")

# The projects (and scopes) of the rated data samples.
PROJECT_A = '3f5c8a2e6b1d4e7f9a0b2c4d6e8f0a1b'
PROJECT_B = '9b7d5f3a1c2e4f6a8b0c1d3e5f7a9b2c'
PROJECT_C = 'c1e3a5b7d9f24a6c8e0b2d4f6a8c0e3d'


def _point(project, resource, qty, price, unit, metadata):
    return {'vol': {'unit': unit, 'qty': qty},
            'rating': {'price': price},
            'groupby': {'id': resource, 'project_id': project},
            'metadata': metadata}


def _hour(hour):
    return {'begin': '2026-03-01T%02d:00:00+00:00' % hour,
            'end': '2026-03-01T%02d:00:00+00:00' % (hour + 1)}


_SMALL = {'flavor_name': 'm1.small', 'vcpus': 1}
_LARGE = {'flavor_name': 'm1.large', 'vcpus': 4}
_SSD = {'volume_type': 'ssd'}

DATAFRAMES = {'dataframes': [
    {'period': _hour(hour), 'usage': {
        'instance': [
            _point(PROJECT_A, '6a0c1e2f-3b4d-4c5e-8f6a-7b8c9d0e1f2a', 1,
                   0.025, 'instance', _SMALL),
            _point(PROJECT_B, 'e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8', 1,
                   0.1, 'instance', _LARGE),
        ],
        'volume.size': [
            _point(PROJECT_A, '0d1e2f3a-4b5c-4d6e-9f0a-1b2c3d4e5f6a', 20,
                   0.004, 'GiB', _SSD),
        ],
    }} for hour in (0, 1)]}

# Rated data: the whole of March 2026.
MARCH = 'begin=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z'
# The same, as v1 clients write it (naive, UTC).
MARCH_V1 = 'begin=2026-03-01T00:00:00&end=2026-04-01T00:00:00'


class Call:
    """One request to the app and the sample files it produces."""

    def __init__(self, method, path, status, response=None, request=None,
                 body=None, headers=None, expect_headers=None, setup=False,
                 save=None):
        self.method = method
        self.path = path
        self.status = status
        self.response = response    # file name for the response body
        self.request = request      # file name for the request body
        self.body = body            # request body (a JSON-able object)
        self.headers = headers or {}
        # Response headers that must have exactly these values.
        self.expect_headers = expect_headers or {}
        # A call that only prepares the data of later samples: its
        # response body, if any, is not published.
        self.setup = setup
        # {name: response member} to remember for later calls' bodies
        # (a function of the remembered values) and paths ('{name}').
        self.save = save or {}


# In order: the module GETs run against the registered defaults and the
# module updates come after them; the rated data, scopes and reprocessing
# tasks build on each other (see the comments); the error samples of
# discovery and modules come last.  One database serves every call.
CALLS = (
    # Discovery.
    Call('GET', '/', 300, response='versions/versions-list-response.json'),
    Call('GET', '/v1/', 200,
         response='versions/v1-version-show-response.json'),
    Call('GET', '/v2/', 200, headers=V2_HEADERS,
         response='versions/v2-version-show-response.json'),
    Call('GET', '/v1/capabilities', 200,
         response='versions/v1-capabilities-response.json'),
    Call('GET', '/v2/capabilities', 200, headers=V2_HEADERS,
         response='versions/v2-capabilities-response.json'),
    # v2 rating modules.
    Call('GET', '/v2/rating/modules', 200, headers=V2_HEADERS,
         response='v2/modules-list-response.json'),
    Call('GET', '/v2/rating/modules/hashmap', 200, headers=V2_HEADERS,
         response='v2/module-show-response.json'),
    Call('PUT', '/v2/rating/modules/hashmap', 204, headers=V2_HEADERS,
         request='v2/module-update-request.json',
         body={'enabled': True, 'priority': 2}),
    # v1 rating modules (hashmap is enabled by the v2 update above).
    Call('GET', '/v1/rating/modules', 200,
         response='v1/modules-list-response.json'),
    Call('GET', '/v1/rating/modules/hashmap', 200,
         response='v1/module-show-response.json'),
    Call('PUT', '/v1/rating/modules/noop', 200,
         request='v1/module-update-request.json',
         response='v1/module-update-response.json',
         body={'module_id': 'noop', 'enabled': False, 'priority': 3}),
    # v2 capabilities at 2.1, where its behaviours become available.
    Call('GET', '/v2/capabilities', 200, headers=V21_HEADERS,
         response='versions/v2-capabilities-2.1-response.json'),
    # v2 dataframes.
    Call('POST', '/v2/dataframes', 204, headers=V2_HEADERS,
         request='v2/dataframes-create-request.json', body=DATAFRAMES),
    Call('GET', '/v2/dataframes?%s&filters=project_id:%s' % (
        MARCH, PROJECT_A), 200, headers=V2_HEADERS,
         response='v2/dataframes-list-response.json'),
    Call('GET', '/v2/dataframes?%s&offset=2&limit=2' % MARCH, 200,
         headers=V21_HEADERS,
         response='v2/dataframes-list-2.1-response.json'),
    Call('GET', '/v2/dataframes?begin=2026-02-01T00:00:00Z'
         '&end=2026-03-01T00:00:00Z', 404, headers=V2_HEADERS,
         response='errors/dataframes-not-found-response.json'),
    Call('GET', '/v2/dataframes?begin=2026-02-01T00:00:00Z'
         '&end=2026-03-01T00:00:00Z', 200, headers=V21_HEADERS,
         response='v2/dataframes-list-empty-2.1-response.json'),
    Call('POST', '/v2/dataframes', 400, headers=V2_HEADERS,
         body={'dataframes': [{'period': _hour(2), 'usage': {'instance': [
             _point(PROJECT_A, '6a0c1e2f-3b4d-4c5e-8f6a-7b8c9d0e1f2a', -1,
                    0.025, 'instance', _SMALL)]}}]},
         response='errors/dataframes-invalid-response.json'),
    # v2 summary, over the points above.
    Call('GET', '/v2/summary?%s' % MARCH, 200, headers=V2_HEADERS,
         response='v2/summary-response.json'),
    Call('GET', '/v2/summary?%s&groupby=type&groupby=project_id' % MARCH,
         200, headers=V2_HEADERS,
         response='v2/summary-groupby-response.json'),
    Call('GET', '/v2/summary?%s&groupby=time-d,type&response_format=object'
         '&filters=project_id:%s' % (MARCH, PROJECT_A), 200,
         headers=V2_HEADERS,
         response='v2/summary-object-response.json'),
    Call('GET', '/v2/summary?%s&groupby=project_id,type&offset=1&limit=1'
         % MARCH, 200, headers=V21_HEADERS,
         response='v2/summary-2.1-response.json'),
    # v2 scope states.
    Call('POST', '/v2/scope', 200, headers=V2_HEADERS,
         request='v2/scope-create-request.json',
         response='v2/scope-create-response.json',
         body={'scope_id': PROJECT_A, 'scope_key': 'project_id',
               'fetcher': 'keystone', 'collector': 'gnocchi',
               'active': True,
               'last_processed_timestamp': '2026-04-01T00:00:00+00:00'}),
    Call('POST', '/v2/scope', 201, headers=V21_HEADERS,
         request='v2/scope-create-2.1-request.json',
         response='v2/scope-create-2.1-response.json',
         expect_headers={'Location': PUBLIC_URL + '/v2/scope?scope_id='
                         + PROJECT_B},
         body={'scope_id': PROJECT_B,
               'last_processed_timestamp': '2026-04-01T00:00:00+00:00'}),
    Call('POST', '/v2/scope', 201, headers=V21_HEADERS, setup=True,
         body={'scope_id': PROJECT_C}),
    Call('POST', '/v2/scope', 404, headers=V2_HEADERS,
         body={'scope_id': PROJECT_A},
         response='errors/scope-create-duplicate-response.json'),
    Call('POST', '/v2/scope', 409, headers=V21_HEADERS,
         body={'scope_id': PROJECT_A},
         response='errors/scope-create-conflict-2.1-response.json'),
    Call('GET', '/v2/scope', 200, headers=V2_HEADERS,
         response='v2/scope-list-response.json'),
    Call('GET', '/v2/scope?offset=1&limit=1', 200, headers=V21_HEADERS,
         response='v2/scope-list-2.1-response.json'),
    Call('PATCH', '/v2/scope', 200, headers=V2_HEADERS,
         request='v2/scope-update-request.json',
         response='v2/scope-update-response.json',
         body={'scope_id': PROJECT_C, 'active': False}),
    # v2 reprocessing tasks, of the scopes above.
    Call('POST', '/v2/task/reprocesses', 202, headers=V2_HEADERS,
         request='v2/reprocesses-create-request.json',
         response='v2/reprocesses-create-response.json',
         body={'scope_ids': [PROJECT_A, PROJECT_B],
               'start_reprocess_time': '2026-03-01T00:00:00+00:00',
               'end_reprocess_time': '2026-03-02T00:00:00+00:00',
               'reason': 'Prices of March 1st were corrected.'}),
    Call('POST', '/v2/task/reprocesses', 202, headers=V2_HEADERS,
         setup=True,
         body={'scope_ids': PROJECT_A,
               'start_reprocess_time': '2026-03-10T00:00:00+00:00',
               'end_reprocess_time': '2026-03-11T00:00:00+00:00',
               'reason': 'Volume type ssd was not rated on March 10th.'}),
    Call('POST', '/v2/task/reprocesses', 400, headers=V2_HEADERS,
         body={'scope_ids': PROJECT_B,
               'start_reprocess_time': '2026-03-01T12:00:00+00:00',
               'end_reprocess_time': '2026-03-03T00:00:00+00:00',
               'reason': 'Rate March 1st and 2nd again.'},
         response='errors/reprocesses-overlap-response.json'),
    Call('POST', '/v2/task/reprocesses', 409, headers=V21_HEADERS,
         body={'scope_ids': PROJECT_B,
               'start_reprocess_time': '2026-03-01T12:00:00+00:00',
               'end_reprocess_time': '2026-03-03T00:00:00+00:00',
               'reason': 'Rate March 1st and 2nd again.'},
         response='errors/reprocesses-overlap-2.1-response.json'),
    Call('GET', '/v2/task/reprocesses', 200, headers=V2_HEADERS,
         response='v2/reprocesses-list-response.json'),
    Call('GET', '/v2/task/reprocesses?order=asc&offset=1&limit=1', 200,
         headers=V21_HEADERS,
         response='v2/reprocesses-list-2.1-response.json'),
    Call('GET', '/v2/task/reprocesses/%s' % PROJECT_A, 200,
         headers=V2_HEADERS,
         response='v2/scope-reprocesses-list-response.json'),
    # A reset comes after the reprocessing tasks: these need scopes
    # processed up to the end of their period.
    Call('PUT', '/v2/scope', 202, headers=V2_HEADERS,
         request='v2/scope-reset-request.json',
         response='v2/scope-reset-response.json',
         body={'scope_id': [PROJECT_A, PROJECT_B],
               'last_processed_timestamp': '2026-03-01T00:00:00+00:00'}),
    # v2 hashmap rules and quote (2.2); hashmap is enabled above.  The
    # rated data above was posted at 2.0: it is not priced again.  A
    # mapping without a name gets a random one: every mapping is named.
    Call('POST', HASHMAP_V2 + '/services', 201, headers=V22_HEADERS,
         request='v2/hashmap-service-create-request.json',
         response='v2/hashmap-service-create-response.json',
         body={'name': 'instance'}, save={'service': 'service_id'}),
    Call('POST', HASHMAP_V2 + '/fields', 201, headers=V22_HEADERS,
         setup=True, save={'field': 'field_id'},
         body=lambda saved: {'name': 'flavor_name',
                             'service_id': saved['service']}),
    Call('POST', HASHMAP_V2 + '/mappings?force=true', 201,
         headers=V22_HEADERS,
         request='v2/hashmap-mapping-create-request.json',
         response='v2/hashmap-mapping-create-response.json',
         body=lambda saved: {'field_id': saved['field'],
                             'value': 'm1.small', 'type': 'flat',
                             'name': 'm1-small',
                             'cost': 0.025,
                             'start': '2026-01-01T00:00:00+00:00',
                             'description': 'm1.small instances'}),
    Call('POST', HASHMAP_V2 + '/mappings', 201, headers=V22_HEADERS,
         setup=True, save={'large': 'mapping_id'},
         body=lambda saved: {'field_id': saved['field'],
                             'value': 'm1.large', 'cost': '0.1',
                             'name': 'm1-large',
                             'start': '2030-01-01T00:00:00+00:00'}),
    Call('GET', HASHMAP_V2 + '/mappings?field_id={field}', 200,
         headers=V22_HEADERS,
         response='v2/hashmap-mappings-list-response.json'),
    Call('PATCH', HASHMAP_V2 + '/mappings/{large}', 200,
         headers=V22_HEADERS,
         request='v2/hashmap-mapping-update-request.json',
         response='v2/hashmap-mapping-update-response.json',
         body={'cost': '0.12'}),
    Call('POST', '/v2/rating/quote', 200, headers=V22_HEADERS,
         request='v2/quote-request.json', response='v2/quote-response.json',
         body={'resources': [
             {'service': 'instance', 'volume': 2,
              'groupby': {'project_id': PROJECT_A},
              'metadata': {'flavor_name': 'm1.small', 'vcpus': 1}},
             {'service': 'instance', 'volume': '1',
              'groupby': {'project_id': PROJECT_B},
              'metadata': {'flavor_name': 'm1.medium', 'vcpus': 2}}]}),
    # v1 hashmap rules and quote, over the same rules.
    Call('POST', HASHMAP_V1 + '/mappings', 201,
         request='v1/hashmap-mapping-create-request.json',
         response='v1/hashmap-mapping-create-response.json',
         body=lambda saved: {'field_id': saved['field'],
                             'value': 'm1.tiny', 'type': 'flat',
                             'name': 'm1-tiny',
                             'cost': '0.01',
                             'start': '2031-01-01T00:00:00'}),
    Call('POST', '/v1/rating/quote', 200,
         request='v1/quote-request.json', response='v1/quote-response.json',
         body={'resources': [{'service': 'instance', 'volume': '3',
                              'desc': {'flavor_name': 'm1.small'}}]}),
    # v1 info: the metric definitions of etc/ratingapi/metrics.yml.
    Call('GET', '/v1/info/config', 200,
         response='v1/info-config-response.json'),
    Call('GET', '/v1/info/metrics', 200,
         response='v1/info-metrics-list-response.json'),
    Call('GET', '/v1/info/metrics/image', 200,
         response='v1/info-metric-show-response.json'),
    Call('GET', '/v1/info/metrics/image.size', 404,
         response='errors/v1-info-metric-not-found-response.json'),
    # v1 collector (deprecated): map compute to gnocchi, enable gnocchi,
    # with the bodies python-cloudkittyclient sends.
    Call('POST', '/v1/collector/mappings/', 201,
         request='v1/collector-mapping-create-request.json',
         response='v1/collector-mapping-create-response.json',
         body={'collector': 'gnocchi', 'service': 'compute'},
         expect_headers={'Location': PUBLIC_URL +
                         '/v1/collector/mappings/compute'}),
    Call('GET', '/v1/collector/mappings', 200,
         response='v1/collector-mappings-list-response.json'),
    Call('PUT', '/v1/collector/states/', 200,
         request='v1/collector-state-update-request.json',
         response='v1/collector-state-update-response.json',
         body={'name': 'gnocchi', 'enabled': True}),
    # v1 rating scripts (pyscripts); [pyscripts] enable_execution is off
    # here, so the module stays disabled and the quotes above unchanged.
    Call('POST', PYSCRIPTS_V1 + '/scripts', 201,
         request='v1/pyscripts-script-create-request.json',
         response='v1/pyscripts-script-create-response.json',
         save={'script': 'script_id'},
         body={'name': 'windows-licence',
               'data': _WINDOWS_SCRIPT,
               'start': '2031-01-01T00:00:00', 'end': None,
               'description': 'Windows licences: 0.05 per instance'}),
    Call('GET', PYSCRIPTS_V1 + '/scripts?no_data=true', 200,
         response='v1/pyscripts-scripts-list-response.json'),
    Call('PUT', PYSCRIPTS_V1 + '/scripts/{script}', 200,
         request='v1/pyscripts-script-update-request.json',
         response='v1/pyscripts-script-update-response.json',
         body={'name': 'windows-licence', 'data': _WINDOWS_SCRIPT,
               'start': '2031-01-01T00:00:00', 'end': '2031-12-31',
               'description': 'Windows licences in 2031'}),
    Call('PUT', '/v1/rating/modules/pyscripts', 409,
         body={'module_id': 'pyscripts', 'enabled': True, 'priority': 1},
         response='errors/v1-pyscripts-execution-off-response.json'),
    # v1 reports and storage, over the rated data posted above.
    Call('GET', '/v1/report/tenants?%s' % MARCH_V1, 200,
         response='v1/report-tenants-response.json'),
    Call('GET', '/v1/report/total?%s&tenant_id=%s' % (MARCH_V1, PROJECT_A),
         200, response='v1/report-total-response.json'),
    Call('GET', '/v1/report/summary?%s&all_tenants=true'
         '&groupby=tenant_id,res_type' % MARCH_V1, 200,
         response='v1/report-summary-response.json'),
    Call('GET', '/v1/storage/dataframes?%s&tenant_id=%s' % (
        MARCH_V1, PROJECT_A), 200,
         response='v1/storage-dataframes-response.json'),
    # Errors: both dialects.
    Call('GET', '/v2/', 406,
         headers={'OpenStack-API-Version': 'rating 2.99'},
         response='errors/microversion-unsupported-response.json'),
    Call('GET', '/v2/', 400,
         headers={'OpenStack-API-Version': 'rating 2.x'},
         response='errors/microversion-invalid-response.json'),
    Call('GET', '/v2/rating/modules/gnocchi', 404, headers=V2_HEADERS,
         response='errors/v2-not-found-response.json'),
    Call('GET', '/v1/rating/modules/gnocchi', 404,
         response='errors/v1-not-found-response.json'),
)


def _dump(document):
    return json.dumps(document, indent=4, ensure_ascii=False) + '\n'


_FIXED = {'request_id': FIXED_REQUEST_ID,
          'scope_activation_toggle_date': FIXED_TOGGLE_DATE}


class _Ids(dict):
    """Each hashmap id seen, with its stand-in (FIXED_IDS in order)."""

    def fixed(self, value):
        if value not in self:
            self[value] = FIXED_IDS[len(self)]
        return self[value]


def _fixed(key, value, ids):
    if key in _FIXED:
        return _FIXED[key]
    if key in HASHMAP_ID_KEYS and isinstance(value, str):
        return ids.fixed(value)
    if key == 'created_at' and isinstance(value, str):
        # v1 writes it naive, v2 with its offset.
        return (FIXED_CREATED_AT if value.endswith('+00:00')
                else FIXED_CREATED_AT[:-len('+00:00')])
    return value


def _normalise(document, ids):
    """Replace the values that differ between runs by fixed ones."""
    if isinstance(document, dict):
        return {key: (_fixed(key, value, ids) if value is not None
                      and not isinstance(value, (dict, list))
                      else _normalise(value, ids))
                for key, value in document.items()}
    if isinstance(document, list):
        return [_normalise(item, ids) for item in document]
    return document


def _make_client(workdir):
    sys.path.insert(0, REPO)
    from oslo_config import cfg
    import werkzeug.test

    from ratingapi import app
    from ratingapi import conf as rconf
    from ratingapi.storage import migration

    url = 'sqlite:///%s' % os.path.join(workdir, 'samples.sqlite')
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    rconf.parse_args(conf, [], default_config_files=[])
    conf.set_override('auth_strategy', 'noauth')
    conf.set_override('connection', url, 'database')
    conf.set_override('public_url', PUBLIC_URL, 'api')
    # The sample metric definitions, as the local config loads them.
    conf.set_override('metrics_conf', METRICS_FILE, 'collect')
    # A response that breaks its schema, or a 2xx that checked no policy,
    # must not become a sample.
    conf.set_override('strict_checks', True, 'api')
    migration.upgrade(url)
    return werkzeug.test.Client(app.create_app(conf))


def generate():
    """Run every call against a fresh app; return ``{relpath: text}``."""
    # The noauth warning is expected here; keep the output readable.
    logging.getLogger('ratingapi').setLevel(logging.ERROR)
    samples = {}
    with tempfile.TemporaryDirectory(prefix='ratingapi-samples-') as tmp:
        client = _make_client(tmp)
        ids = _Ids()
        saved = {}
        for call in CALLS:
            kwargs = {'method': call.method, 'headers': dict(call.headers),
                      'base_url': PUBLIC_URL}
            path = call.path.format(**saved) if saved else call.path
            body = call.body(saved) if callable(call.body) else call.body
            if body is not None:
                kwargs['data'] = json.dumps(body)
                kwargs['content_type'] = 'application/json'
            resp = client.open(path, **kwargs)
            text = resp.get_data(as_text=True)
            if resp.status_code != call.status:
                raise SystemExit('%s %s answered %d, expected %d: %s' % (
                    call.method, call.path, resp.status_code, call.status,
                    text))
            for name, value in call.expect_headers.items():
                if resp.headers.get(name) != value:
                    raise SystemExit('%s %s answered %s: %r, expected %r'
                                     % (call.method, call.path, name,
                                        resp.headers.get(name), value))
            document = json.loads(text) if text else None
            for name, member in call.save.items():
                saved[name] = document[member]
            # Responses first: the ids they create get their stand-ins in
            # the order the server made them.
            if call.response:
                samples[call.response] = _dump(_normalise(document, ids))
            elif text and not call.setup:
                raise SystemExit('%s %s answered a body, expected none: %s'
                                 % (call.method, call.path, text))
            if body is not None and call.request:
                samples[call.request] = _dump(_normalise(body, ids))
    return samples


def _on_disk(directory):
    found = {}
    for base, _dirs, files in os.walk(directory):
        for name in files:
            if name.endswith('.json'):
                path = os.path.join(base, name)
                with open(path, encoding='utf-8') as stream:
                    found[os.path.relpath(path, directory)] = stream.read()
    return found


def check(samples, directory):
    """Differences between ``samples`` and ``directory``, as text lines."""
    current = _on_disk(directory)
    problems = []
    for name in sorted(set(samples) | set(current)):
        if name not in current:
            problems.append('missing: %s' % name)
        elif name not in samples:
            problems.append('not generated by this script: %s' % name)
        elif samples[name] != current[name]:
            problems.append('stale: %s' % name)
            problems.extend(difflib.unified_diff(
                current[name].splitlines(), samples[name].splitlines(),
                'on disk', 'from the app', lineterm=''))
    return problems


def write(samples, directory):
    for name, text in sorted(samples.items()):
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as stream:
            stream.write(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', action='store_true',
                        help='compare with the samples on disk and exit 1 '
                             'when any differs, instead of writing them')
    parser.add_argument('--output', default=SAMPLES_DIR,
                        help='samples directory (default: %(default)s)')
    args = parser.parse_args(argv)
    samples = generate()
    if args.check:
        problems = check(samples, args.output)
        for line in problems:
            print(line)
        if problems:
            print('api-ref samples are out of date: run '
                  'api-ref/tools/make-samples.py')
            return 1
        print('%d api-ref samples match the application' % len(samples))
        return 0
    write(samples, args.output)
    print('wrote %d samples under %s' % (len(samples), args.output))
    return 0


if __name__ == '__main__':
    sys.exit(main())
