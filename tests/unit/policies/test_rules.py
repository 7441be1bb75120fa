"""Every rule of every noun: CloudKitty's names and defaults, documented,
covering every non-public route, and enforced under CloudKitty's names.

``CLOUDKITTY`` is the one table of what operators rely on: the names,
defaults and routes of CloudKitty's rules (cloudkitty/common/policies/...),
so an operator's policy file keeps working unchanged.  ``RATINGAPI`` lists
the rules CloudKitty lacks: each noun's ``all_projects``, which guards no
route but decides which projects a caller sees (CloudKitty hard-wires
"admins see every project"; the defaults say the same).
"""
import collections
import datetime
import re

import pytest
from oslo_policy import policy as oslo_policy

from ratingapi.api import v1
from ratingapi.api import v2
from ratingapi import context
from ratingapi import policies as all_policies
from ratingapi.policies import base
from ratingapi.policies import collector
from ratingapi.policies import dataframes
from ratingapi.policies import info
from ratingapi.policies import modules
from ratingapi.policies import quote
from ratingapi.policies import report
from ratingapi.policies import reprocesses
from ratingapi.policies import scope
from ratingapi.policies import storage as storage_policies
from ratingapi.policies import summary
from ratingapi import policy
from ratingapi import storage
from ratingapi.storage import collector as collector_storage
from ratingapi.storage import scope as scope_storage
from tests import appkit
from tests.unit.api.v2.test_dataframes import body
from tests.unit.api.v2.test_dataframes import point

Rule = collections.namedtuple(
    'Rule', 'module constant name default operations')

# CloudKitty's default check strings, spelled out.
ADMIN = 'role:admin'
READER_OR_ADMIN = 'rule:project_reader_or_admin'
ANYONE = ''

MODULE = '/v%d/rating/modules'
TASKS = '/v2/task/reprocesses'

CLOUDKITTY = [
    Rule(modules, 'LIST_MODULES', 'rating:list_modules', ADMIN,
         [('GET', MODULE % 1)]),
    Rule(modules, 'GET_MODULE', 'rating:get_module', ADMIN,
         [('GET', MODULE % 1 + '/{module_id}')]),
    Rule(modules, 'UPDATE_MODULE', 'rating:update_module', ADMIN,
         [('PUT', MODULE % 1 + '/{module_id}')]),
    Rule(modules, 'V2_LIST_MODULES', 'v2_rating:list_modules', ADMIN,
         [('GET', MODULE % 2)]),
    Rule(modules, 'V2_GET_MODULE', 'v2_rating:get_module', ADMIN,
         [('GET', MODULE % 2 + '/{module_id}')]),
    Rule(modules, 'V2_UPDATE_MODULE', 'v2_rating:update_module', ADMIN,
         [('PUT', MODULE % 2 + '/{module_id}')]),
    Rule(modules, 'MODULE_CONFIG', 'rating:module_config', ADMIN,
         [(op['method'], op['path']) for rule in modules.list_rules()
          if rule.name == 'rating:module_config'
          for op in rule.operations]),
    Rule(quote, 'QUOTE', 'rating:quote', ANYONE,
         [('POST', '/v1/rating/quote'), ('POST', '/v2/rating/quote')]),
    Rule(dataframes, 'ADD', 'dataframes:add', ADMIN,
         [('POST', '/v2/dataframes')]),
    Rule(dataframes, 'GET', 'dataframes:get', READER_OR_ADMIN,
         [('GET', '/v2/dataframes')]),
    Rule(summary, 'GET_SUMMARY', 'summary:get_summary', READER_OR_ADMIN,
         [('GET', '/v2/summary')]),
    Rule(scope, 'GET_STATE', 'scope:get_state', ADMIN,
         [('GET', '/v2/scope')]),
    Rule(scope, 'POST_STATE', 'scope:post_state', ADMIN,
         [('POST', '/v2/scope')]),
    Rule(scope, 'PATCH_STATE', 'scope:patch_state', ADMIN,
         [('PATCH', '/v2/scope')]),
    Rule(scope, 'RESET_STATE', 'scope:reset_state', ADMIN,
         [('PUT', '/v2/scope')]),
    Rule(reprocesses, 'TASK_REPROCESSES', 'schedule:task_reprocesses',
         ADMIN, [('POST', TASKS)]),
    Rule(reprocesses, 'GET_TASK_REPROCESSES',
         'schedule:get_task_reprocesses', ADMIN,
         [('GET', TASKS), ('GET', TASKS + '/{scope_id}')]),
    Rule(info, 'GET_CONFIG', 'info:get_config', ANYONE,
         [('GET', '/v1/info/config')]),
    Rule(info, 'LIST_METRICS_INFO', 'info:list_metrics_info', ANYONE,
         [('GET', '/v1/info/metrics')]),
    Rule(info, 'GET_METRIC_INFO', 'info:get_metric_info', ANYONE,
         [('GET', '/v1/info/metrics/{metric_id}')]),
    # CloudKitty registers these but never checks them; the deprecated
    # aliases check them and the metrics rule (ratingapi.policies.info).
    Rule(info, 'LIST_SERVICES_INFO', 'info:list_services_info', ANYONE,
         [('GET', '/v1/info/services')]),
    Rule(info, 'GET_SERVICE_INFO', 'info:get_service_info', ANYONE,
         [('GET', '/v1/info/services/{metric_id}')]),
    Rule(collector, 'LIST_MAPPINGS', 'collector:list_mappings', ADMIN,
         [('GET', '/v1/collector/mappings')]),
    Rule(collector, 'GET_MAPPING', 'collector:get_mapping', ADMIN,
         [('GET', '/v1/collector/mappings/{service}')]),
    Rule(collector, 'MANAGE_MAPPING', 'collector:manage_mapping', ADMIN,
         [('POST', '/v1/collector/mappings'),
          ('POST', '/v1/collector/mappings/{collector}'),
          ('POST', '/v1/collector/mappings/{collector}/{service}'),
          ('DELETE', '/v1/collector/mappings'),
          ('DELETE', '/v1/collector/mappings/{service}')]),
    Rule(collector, 'GET_STATE', 'collector:get_state', ADMIN,
         [('GET', '/v1/collector/states'),
          ('GET', '/v1/collector/states/{name}'),
          ('GET', '/v1/collector/{name}/states')]),
    Rule(collector, 'UPDATE_STATE', 'collector:update_state', ADMIN,
         [('PUT', '/v1/collector/states'),
          ('PUT', '/v1/collector/states/{name}'),
          ('PUT', '/v1/collector/{name}/states')]),
    Rule(report, 'LIST_TENANTS', 'report:list_tenants', ADMIN,
         [('GET', '/v1/report/tenants')]),
    Rule(report, 'GET_TOTAL', 'report:get_total', READER_OR_ADMIN,
         [('GET', '/v1/report/total')]),
    Rule(report, 'GET_SUMMARY', 'report:get_summary', READER_OR_ADMIN,
         [('GET', '/v1/report/summary')]),
    Rule(storage_policies, 'LIST_DATA_FRAMES', 'storage:list_data_frames',
         READER_OR_ADMIN, [('GET', '/v1/storage/dataframes')]),
]
# ratingapi's own rules: no operation of their own, admin by default.
RATINGAPI = [
    Rule(dataframes, 'ALL_PROJECTS', 'dataframes:all_projects', ADMIN, []),
    Rule(summary, 'ALL_PROJECTS', 'summary:all_projects', ADMIN, []),
    Rule(scope, 'ALL_PROJECTS', 'scope:all_projects', ADMIN, []),
    Rule(reprocesses, 'ALL_PROJECTS', 'schedule:all_projects', ADMIN, []),
    Rule(report, 'ALL_PROJECTS', 'report:all_projects', ADMIN, []),
    Rule(storage_policies, 'ALL_PROJECTS', 'storage:all_projects', ADMIN,
         []),
]
EVERY_RULE = CLOUDKITTY + RATINGAPI
MODULES = sorted({row.module for row in CLOUDKITTY},
                 key=lambda module: module.__name__)
# Discovery: the only routes anyone may call without a rule.
PUBLIC = {('GET', '/v1/'), ('GET', '/v1/capabilities'),
          ('GET', '/v2/'), ('GET', '/v2/capabilities')}


# -- names, defaults and documentation ---------------------------------------

@pytest.mark.parametrize('row', EVERY_RULE, ids=lambda row: row.name)
def test_constant_is_the_rules_name(row):
    assert getattr(row.module, row.constant) == row.name


@pytest.mark.parametrize('row', CLOUDKITTY, ids=lambda row: row.name)
def test_rule_has_cloudkittys_default_and_is_documented(row):
    [rule] = [rule for rule in row.module.list_rules()
              if rule.name == row.name]
    assert isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.scope_types == ['project']
    assert rule.check_str == row.default
    assert rule.description.strip()
    assert [(op['method'], op['path'])
            for op in rule.operations] == row.operations


@pytest.mark.parametrize('row', RATINGAPI, ids=lambda row: row.name)
def test_own_rule_has_its_default_and_guards_no_route(row):
    [rule] = [rule for rule in row.module.list_rules()
              if rule.name == row.name]
    # Not documented as an operation: every handler of the noun asks it.
    assert not isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.check_str == row.default
    assert rule.description.strip()


@pytest.mark.parametrize('module', MODULES,
                         ids=lambda module: module.__name__.split('.')[-1])
def test_module_has_exactly_the_tables_rules(module):
    assert sorted(rule.name for rule in module.list_rules()) == sorted(
        row.name for row in EVERY_RULE if row.module is module)


def test_every_rule_is_in_a_table_and_registered_once():
    names = [rule.name for rule in all_policies.list_rules()]
    base_names = {rule.name for rule in base.list_rules()}
    assert sorted(name for name in names if name not in base_names) == (
        sorted(row.name for row in EVERY_RULE))


def _route_operations(version, routes, public):
    """(method, documented path) of the routes that are ``public`` or not.

    An alias route (``/v1/billing/...``) is the operation of the route it
    repeats (``Route.alias_of``): the same rule guards both.
    """
    return [(method, version.path + re.sub(r'<(?:[^:>]+:)?([^>]+)>', r'{\1}',
                                           route.alias_of or route.path))
            for route in routes if route.resource.public == public
            for method in route.resource.capabilities]


def _originals(routes):
    return [route for route in routes if route.alias_of is None]


def test_module_config_guards_the_pyscripts_routes():
    [row] = [row for row in CLOUDKITTY if row.name == 'rating:module_config']
    scripts = '/v1/rating/module_config/pyscripts/scripts'
    assert {op for op in row.operations if 'pyscripts' in op[1]} == {
        ('GET', scripts), ('POST', scripts), ('PUT', scripts),
        ('DELETE', scripts), ('GET', scripts + '/{script_id}'),
        ('PUT', scripts + '/{script_id}'),
        ('DELETE', scripts + '/{script_id}')}


def test_rules_cover_every_non_public_route_once():
    guarded = (_route_operations(v1.VERSION, _originals(v1.ROUTES), False) +
               _route_operations(v2.VERSION, v2.ROUTES, False))
    # Every alias is one of those operations.
    assert set(_route_operations(v1.VERSION, v1.ROUTES, False)) <= set(
        guarded)
    documented = [(op['method'], op['path'])
                  for module in MODULES for rule in module.list_rules()
                  for op in getattr(rule, 'operations', [])]
    assert len(guarded) == len(set(guarded))
    assert len(documented) == len(set(documented))
    assert set(guarded) == set(documented) == {
        operation for row in CLOUDKITTY for operation in row.operations}
    assert set(_route_operations(v1.VERSION, v1.ROUTES, True) +
               _route_operations(v2.VERSION, v2.ROUTES, True)) == PUBLIC


def _guarding(method, path):
    return [rule for module in MODULES for rule in module.list_rules()
            if {'method': method, 'path': path} in getattr(
                rule, 'operations', [])]


def test_rules_name_the_microversion_their_v2_routes_appeared_in():
    # oslo.policy's operations carry no version, so a rule guarding routes
    # that appeared after 2.0 says from when in its description: the
    # policy reference then lists, per version, what is really served.
    appeared = collections.defaultdict(set)
    for route in v2.ROUTES:
        if route.resource.public:
            continue
        path = v2.VERSION.path + re.sub(r'<(?:[^:>]+:)?([^>]+)>', r'{\1}',
                                        route.path)
        for method in route.resource.capabilities:
            for rule in _guarding(method, path):
                appeared[rule.name].add(route.min_version)
    assert appeared['rating:module_config'] == {'2.2'}
    for name, versions in appeared.items():
        rule = {rule.name: rule for module in MODULES
                for rule in module.list_rules()}[name]
        named = set(re.findall(r'microversion ([0-9]+\.[0-9]+)',
                               rule.description))
        assert named == versions - {None}, (name, rule.description)


# -- who the defaults allow ---------------------------------------------------

# (roles, project) of each persona, and the defaults that allow it on a
# target in project p1.
PERSONAS = {
    'admin': (['admin'], 'p1', {ANYONE, ADMIN, READER_OR_ADMIN}),
    'admin-of-p2': (['admin'], 'p2', {ANYONE, ADMIN, READER_OR_ADMIN}),
    'member-reader': (['member', 'reader'], 'p1',
                      {ANYONE, READER_OR_ADMIN}),
    'reader': (['reader'], 'p1', {ANYONE, READER_OR_ADMIN}),
    'member': (['member'], 'p1', {ANYONE}),
    'no-role': ([], 'p1', {ANYONE}),
    'observer': (['observer'], 'p1', {ANYONE}),
    'reader-of-p2': (['reader'], 'p2', {ANYONE}),
    'member-reader-of-p2': (['member', 'reader'], 'p2', {ANYONE}),
}


@pytest.mark.parametrize('persona', sorted(PERSONAS))
def test_who_the_defaults_allow(persona):
    roles, project, allowed_defaults = PERSONAS[persona]
    enforcer = policy.create_enforcer(appkit.make_conf())
    ctx = context.RequestContext(enforcer=enforcer, roles=roles,
                                 project_id=project, user_id='u1')
    allowed = {row.name: enforcer.authorize(row.name, {'project_id': 'p1'},
                                            ctx)
               for row in EVERY_RULE}
    assert allowed == {row.name: row.default in allowed_defaults
                       for row in EVERY_RULE}


# -- each operation is guarded by its CloudKitty-named rule ------------------

# What each operation is called with, to succeed for an admin of p1 on a
# database holding the active scope p1 and whatever the other operations
# did before (each test has a fresh database).
REQUESTS = {
    ('GET', MODULE % 1): {},
    ('GET', MODULE % 1 + '/{module_id}'): {},
    ('PUT', MODULE % 1 + '/{module_id}'): {'body': {'enabled': True}},
    ('GET', MODULE % 2): {},
    ('GET', MODULE % 2 + '/{module_id}'): {},
    ('PUT', MODULE % 2 + '/{module_id}'): {'body': {'enabled': True}},
    ('POST', '/v2/dataframes'): {'body': body(point())},
    ('GET', '/v2/dataframes'): {'version': '2.1'},
    ('GET', '/v2/summary'): {},
    ('GET', '/v2/scope'): {'query': '?scope_id=p1'},
    ('POST', '/v2/scope'): {'body': {'scope_id': 'new'}},
    ('PATCH', '/v2/scope'): {'body': {'scope_id': 'p1', 'active': True}},
    ('PUT', '/v2/scope'): {'body': {'scope_id': 'p1',
                                    'state': '2026-01-01T00:00:00Z'}},
    # Before p1's last processed timestamp, even once reset above.
    ('POST', TASKS): {'body': {
        'scope_ids': 'p1', 'reason': 'test',
        'start_reprocess_time': '2025-12-01T00:00:00Z',
        'end_reprocess_time': '2025-12-01T01:00:00Z'}},
    ('GET', TASKS): {},
    ('GET', TASKS + '/{scope_id}'): {},
    ('GET', '/v1/info/config'): {},
    ('GET', '/v1/info/metrics'): {},
    ('GET', '/v1/info/metrics/{metric_id}'): {},
    ('GET', '/v1/info/services'): {},
    ('GET', '/v1/info/services/{metric_id}'): {},
    ('GET', '/v1/report/tenants'): {},
    ('GET', '/v1/report/total'): {},
    ('GET', '/v1/report/summary'): {},
    ('GET', '/v1/storage/dataframes'): {},
}
# The deprecated info aliases check the metrics rule besides their own.
ALSO_CHECKED = {
    ('GET', '/v1/info/services'): 'info:list_metrics_info',
    ('GET', '/v1/info/services/{metric_id}'): 'info:get_metric_info',
}
PROCESSED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
PATH_VALUES = {'{module_id}': 'noop', '{scope_id}': 'p1',
               '{metric_id}': 'instance'}
# The collector operations, in the order of their rules: the seeded
# mapping of compute is read, replaced and deleted last.
PATH_VALUES.update({'{collector}': 'gnocchi', '{service}': 'compute',
                    '{name}': 'gnocchi'})
REQUESTS.update({
    ('GET', '/v1/collector/mappings'): {},
    ('GET', '/v1/collector/mappings/{service}'): {},
    ('POST', '/v1/collector/mappings'): {
        'body': {'collector': 'gnocchi', 'service': 'image'}},
    ('POST', '/v1/collector/mappings/{collector}'): {
        'query': '?service=volume'},
    ('POST', '/v1/collector/mappings/{collector}/{service}'): {},
    ('DELETE', '/v1/collector/mappings'): {'body': {'service': 'image'}},
    ('DELETE', '/v1/collector/mappings/{service}'): {},
    ('GET', '/v1/collector/states'): {'query': '?name=gnocchi'},
    ('GET', '/v1/collector/states/{name}'): {},
    ('GET', '/v1/collector/{name}/states'): {},
    ('PUT', '/v1/collector/states'): {
        'body': {'name': 'gnocchi', 'enabled': True}},
    ('PUT', '/v1/collector/states/{name}'): {'body': {'enabled': True}},
    ('PUT', '/v1/collector/{name}/states'): {'body': {'enabled': False}},
})

# The rating rules are walked by test_rating_operation_is_guarded below:
# their routes need hashmap objects that the others would delete.
RATING_RULES = ('rating:module_config', 'rating:quote')
OPERATIONS = [(row.name, method, path) for row in CLOUDKITTY
              for method, path in row.operations
              if row.name not in RATING_RULES]


def _client_denied(directory, name):
    """A client whose policy file denies ``name``, on a database holding
    the active scope p1, with the tests' metric definitions."""
    client = appkit.build_client(directory, policy_text='"%s": "!"\n' % name,
                                 options=appkit.METRICS_OPTIONS)
    database = storage.Database(appkit.sqlite_url(directory))
    with database.session() as session:
        scope_storage.create(session, scope_id='p1', scope_key='k',
                             fetcher='f', collector='c', active=True,
                             last_processed_timestamp=PROCESSED)
        collector_storage.set_mapping(session, 'compute', 'gnocchi')
    database.dispose()
    return client


def _call(client, method, path):
    request = REQUESTS[method, path]
    for placeholder, value in PATH_VALUES.items():
        path = path.replace(placeholder, value)
    return appkit.call(client, method, path + request.get('query', ''),
                       request.get('body'),
                       version=request.get('version', '2.0'))


@pytest.mark.parametrize('name, method, path', OPERATIONS,
                         ids=['%s %s' % (method, path)
                              for _, method, path in OPERATIONS])
def test_operation_is_guarded_by_its_cloudkitty_rule(tmp_path, name, method,
                                                     path):
    client = _client_denied(tmp_path, name)
    response = _call(client, method, path)
    assert response.status_code == 403
    assert name in response.get_data(as_text=True)
    # Every operation of every other rule is still allowed to the admin,
    # but those that check this rule too.
    for other_name, other_method, other_path in OPERATIONS:
        if other_name != name:
            other = _call(client, other_method, other_path)
            if ALSO_CHECKED.get((other_method, other_path)) == name:
                assert other.status_code == 403
                assert name in other.get_data(as_text=True)
                continue
            assert other.status_code < 300, (other_method, other_path,
                                             other.get_data(as_text=True))


# -- the rating rules obey an operator's policy file, route by route --------
#
# Which persona the defaults let through each route of these two rules is
# walked in gabbi, on real objects (tests/functional/gabbits/personas-*.yaml,
# kept complete by tests/functional/test_personas_coverage.py).  What gabbi
# cannot say cheaply stays here: each route asks its own rule, so a policy
# file denying the rule refuses even an admin there (in gabbi, one app and
# one file per rule and route); and an admin naming ids that do not exist
# gets a 4xx, never a 5xx, on every route.

UUID = '00000000-0000-4000-8000-000000000001'
RATING_OPERATIONS = [(row.name, method, path) for row in CLOUDKITTY
                     if row.name in RATING_RULES
                     for method, path in row.operations]


def _rating_body(method, path):
    """A body that passes validation, so that policy decides."""
    noun = path.rstrip('/').split('/')[-1]
    v1_collection = path.startswith('/v1/') and '{' not in path
    if path.endswith('/quote'):
        return {'resources': [{'service': 'compute', 'volume': 1}]}
    if method == 'DELETE' and v1_collection:
        return {'%s_id' % noun[:-1]: UUID}
    if method == 'PATCH':
        return {}
    if method not in ('POST', 'PUT'):
        return None
    if 'module_config/{module_id}' in path:
        return {}
    for name in ('mappings', 'thresholds'):
        if '/%s' % name in path:
            body = {'cost': 1, 'service_id': UUID}
            if name == 'thresholds':
                body['level'] = 1
            if method == 'PUT' and v1_collection:
                body['%s_id' % name[:-1]] = UUID
            return body
    if '/fields' in path:
        return {'name': 'n', 'service_id': UUID}
    if method == 'PUT' and v1_collection:  # pyscripts' scripts
        return {'name': 'n', '%s_id' % noun[:-1]: UUID}
    return {'name': 'n'}


# v1 listings that need an argument in their query.
RATING_QUERIES = {
    '/fields': 'service_id', '/thresholds': 'service_id',
    '/groups/mappings': 'group_id', '/groups/thresholds': 'group_id',
    '/mappings/group': 'mapping_id', '/thresholds/group': 'threshold_id'}


def _rating_call(client, method, path, headers, served_at=None):
    # served_at: the alias path to send the request of ``path`` to.
    url = re.sub(r'\{[a-z_]+_id\}', UUID, served_at or path).replace(
        '{module_id}', 'noop').replace('{rest}', 'x')
    for suffix, argument in RATING_QUERIES.items():
        if method == 'GET' and path == (
                '/v1/rating/module_config/hashmap' + suffix):
            url += '?%s=%s' % (argument, UUID)
    return appkit.call(client, method, url, _rating_body(method, path),
                       headers=headers, version='2.2')


@pytest.mark.parametrize('name, method, path', RATING_OPERATIONS,
                         ids=['%s %s' % (method, path)
                              for _, method, path in RATING_OPERATIONS])
def test_rating_operation_is_guarded(tmp_path, name, method, path):
    denied = appkit.build_client(tmp_path / 'denied',
                                 policy_text='"%s": "!"\n' % name)
    response = _rating_call(denied, method, path, appkit.ADMIN)
    assert response.status_code == 403, response.get_data(as_text=True)
    assert name in response.get_data(as_text=True)
    # Allowed by the defaults, on unknown ids: a refusal of the request
    # (404, 400, 409), not of the caller, and never a 500.
    client = appkit.build_client(tmp_path / 'default')
    response = _rating_call(client, method, path, appkit.ADMIN)
    assert response.status_code not in (401, 403)
    assert response.status_code < 500, response.get_data(as_text=True)


# -- /v1/billing: each alias is guarded by its original's rule --------------

def _alias_operations():
    """(rule, method, alias path, original path) of every alias route."""
    operations = []
    for route in v1.ROUTES:
        if route.alias_of is None:
            continue
        alias, original = (
            v1.VERSION.path + re.sub(r'<(?:[^:>]+:)?([^>]+)>', r'{\1}', path)
            for path in (route.path, route.alias_of))
        for method in route.resource.capabilities:
            [rule] = _guarding(method, original)
            operations.append((rule.name, method, alias, original))
    return operations


def test_billing_aliases_are_guarded_by_their_originals_rules(tmp_path):
    operations = _alias_operations()
    # A guard against a table that finds no alias and so proves nothing.
    assert ('rating:quote', 'POST', '/v1/billing/quote',
            '/v1/rating/quote') in operations
    assert len(operations) == len(_route_operations(
        v1.VERSION, [route for route in v1.ROUTES
                     if route.path.startswith(v1.RATING + '/')], False))
    clients = {}
    for name, method, alias, original in operations:
        if name not in clients:
            clients[name] = appkit.build_client(
                tmp_path / name.replace(':', '-'),
                policy_text='"%s": "!"\n' % name)
        if (method, original) in REQUESTS:
            request = REQUESTS[method, original]
            url = alias
            for placeholder, value in PATH_VALUES.items():
                url = url.replace(placeholder, value)
            response = appkit.call(clients[name], method,
                                   url + request.get('query', ''),
                                   request.get('body'))
        else:
            response = _rating_call(clients[name], method, original,
                                    appkit.ADMIN, served_at=alias)
        assert response.status_code == 403, (method, alias)
        assert name in response.get_data(as_text=True)
