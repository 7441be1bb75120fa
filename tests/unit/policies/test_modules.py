"""Rating module rules: CloudKitty's names, documented, and enforced."""
import re

import pytest
from oslo_policy import policy as oslo_policy

from ratingapi.api import v1
from ratingapi.api import v2
from ratingapi.policies import base
from ratingapi.policies import modules
from tests.appkit import build_client

# The names CloudKitty registers (cloudkitty/common/policies/...): operators'
# policy files must keep working unchanged.
CLOUDKITTY_NAMES = {
    'LIST_MODULES': 'rating:list_modules',
    'GET_MODULE': 'rating:get_module',
    'UPDATE_MODULE': 'rating:update_module',
    'V2_LIST_MODULES': 'v2_rating:list_modules',
    'V2_GET_MODULE': 'v2_rating:get_module',
    'V2_UPDATE_MODULE': 'v2_rating:update_module',
}

RULES = modules.list_rules()
BODIES = {'PUT': b'{"enabled": true}'}


@pytest.mark.parametrize('constant, name', sorted(CLOUDKITTY_NAMES.items()))
def test_rule_names_are_cloudkittys(constant, name):
    assert getattr(modules, constant) == name


def test_every_constant_has_exactly_one_rule():
    assert sorted(rule.name for rule in RULES) == sorted(
        CLOUDKITTY_NAMES.values())


@pytest.mark.parametrize('rule', RULES, ids=lambda r: r.name)
def test_rules_are_documented_and_project_scoped(rule):
    assert isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.scope_types == ['project']
    # CloudKitty's default for these rules, spelled out (one evaluation).
    assert rule.check_str == base.ADMIN == 'role:admin'
    assert rule.description.strip()
    assert rule.operations
    for operation in rule.operations:
        assert operation['method'] in ('GET', 'PUT', 'POST', 'PATCH',
                                       'DELETE')
        assert operation['path'].startswith(('/v1/', '/v2/'))
    # v1 rules describe v1 paths, v2 rules v2 paths.
    prefix = '/v2/' if rule.name.startswith('v2_') else '/v1/'
    assert all(op['path'].startswith(prefix) for op in rule.operations)


def _route_operations(version, routes):
    """(method, documented path) of every non-public route method."""
    found = set()
    for route in routes:
        if route.resource.public:
            continue
        path = version.path + re.sub(r'<(?:[^:>]+:)?([^>]+)>', r'{\1}',
                                     route.path)
        for method in route.resource.capabilities:
            found.add((method, path))
    return found


def _documented_operations():
    return {(op['method'], op['path']) for rule in RULES
            for op in rule.operations}


def test_every_module_route_is_documented_by_a_rule():
    routes = (_route_operations(v1.VERSION, v1.ROUTES) |
              _route_operations(v2.VERSION, v2.ROUTES))
    module_routes = {op for op in routes if '/rating/modules' in op[1]}
    assert module_routes
    assert module_routes == _documented_operations()


# -- each operation is guarded by its own rule -------------------------------

OPERATIONS = [(rule.name, op['method'], op['path']) for rule in RULES
              for op in rule.operations]


@pytest.fixture
def make_client(tmp_path):
    return lambda denied_rule: build_client(
        tmp_path, policy_text='"%s": "!"\n' % denied_rule)


def _call(client, method, path):
    path = path.replace('{module_id}', 'noop')
    headers = {'X-Roles': 'admin', 'X-Project-Id': 'p1',
               'X-User-Id': 'u1'}
    data = BODIES.get(method)
    if data:
        headers['Content-Type'] = 'application/json'
    return client.open(path, method=method, headers=headers, data=data)


@pytest.mark.parametrize('rule, method, path', OPERATIONS,
                         ids=['%s %s' % (m, p) for _, m, p in OPERATIONS])
def test_operation_is_guarded_by_its_rule(make_client, rule, method, path):
    client = make_client(rule)
    response = _call(client, method, path)
    assert response.status_code == 403
    assert rule in response.get_data(as_text=True)
    # Every other operation is still allowed to the same admin.
    for other_rule, other_method, other_path in OPERATIONS:
        if other_rule != rule:
            other = _call(client, other_method, other_path)
            assert other.status_code < 300, (other_method, other_path,
                                             other.get_data(as_text=True))
