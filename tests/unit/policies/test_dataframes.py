"""Rated data point rules: CloudKitty's names and defaults, documented,
and each route guarded by its own rule."""
import re

import pytest
from oslo_policy import policy as oslo_policy

from ratingapi.api import v2
from ratingapi import context
from ratingapi import policies as all_policies
from ratingapi.policies import base
from ratingapi.policies import dataframes
from ratingapi import policy
from tests.appkit import build_client
from tests.appkit import call
from tests.appkit import make_conf
from tests.unit.api.v2.test_dataframes import body
from tests.unit.api.v2.test_dataframes import point

CLOUDKITTY = {'ADD': ('dataframes:add', base.RULE_ADMIN_API),
              'GET': ('dataframes:get', base.RULE_PROJECT_READER_OR_ADMIN)}
PATH = '/v2/dataframes'
RULES = dataframes.list_rules()


@pytest.mark.parametrize('constant', sorted(CLOUDKITTY))
def test_names_and_defaults_are_cloudkittys(constant):
    name, check_str = CLOUDKITTY[constant]
    assert getattr(dataframes, constant) == name
    [rule] = [rule for rule in RULES if rule.name == name]
    assert rule.check_str == check_str


def test_every_rule_is_registered_once():
    names = [rule.name for rule in all_policies.list_rules()]
    assert sorted(rule.name for rule in RULES) == sorted(
        name for name, _ in CLOUDKITTY.values())
    for rule in RULES:
        assert names.count(rule.name) == 1


@pytest.mark.parametrize('rule', RULES,
                         ids=lambda r: r.name.replace(':', '-'))
def test_rules_are_documented_and_project_scoped(rule):
    assert isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.scope_types == ['project']
    assert rule.description.strip()
    assert [op['path'] for op in rule.operations] == [PATH]


def route_operations(path):
    """(method, documented path) of the v2 route at ``path``."""
    return {(method, v2.VERSION.path + route.path)
            for route in v2.ROUTES
            if v2.VERSION.path + re.sub(r'<[^>]+>', '', route.path) == path
            for method in route.resource.capabilities}


def test_the_route_is_documented_by_its_rules():
    documented = {(op['method'], op['path']) for rule in RULES
                  for op in rule.operations}
    assert route_operations(PATH) == documented == {('GET', PATH),
                                                    ('POST', PATH)}


def _ctx(enforcer, roles, project_id='p1'):
    return context.RequestContext(enforcer=enforcer, roles=roles,
                                  project_id=project_id, user_id='u1')


@pytest.mark.parametrize('roles, project, adds, gets', [
    (['admin'], 'p1', True, True),
    (['member', 'reader'], 'p1', False, True),
    (['reader'], 'p1', False, True),
    ([], 'p1', False, False),
    (['observer'], 'p1', False, False),
])
def test_who_is_allowed(roles, project, adds, gets):
    enforcer = policy.create_enforcer(make_conf())
    ctx = _ctx(enforcer, roles, project)
    target = {'project_id': project}
    assert enforcer.authorize(dataframes.ADD, target, ctx) is adds
    assert enforcer.authorize(dataframes.GET, target, ctx) is gets


OPERATIONS = [(rule.name, op['method']) for rule in RULES
              for op in rule.operations]


def _call(client, method):
    if method == 'POST':
        return call(client, 'POST', PATH, body(point()))
    return call(client, 'GET', PATH, version='2.1')


@pytest.mark.parametrize('rule, method', OPERATIONS,
                         ids=[method for _, method in OPERATIONS])
def test_operation_is_guarded_by_its_rule(tmp_path, rule, method):
    client = build_client(tmp_path, policy_text='"%s": "!"\n' % rule)
    response = _call(client, method)
    assert response.status_code == 403
    assert rule in response.get_data(as_text=True)
    for other_rule, other_method in OPERATIONS:
        if other_rule != rule:
            other = _call(client, other_method)
            assert other.status_code < 300, other.get_data(as_text=True)
