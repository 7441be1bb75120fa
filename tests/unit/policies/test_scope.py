"""Scope state rules: CloudKitty's names, documented, and enforced."""
import itertools
import re

import pytest
from oslo_policy import policy as oslo_policy

from ratingapi.api import v2
from ratingapi import policies as all_policies
from ratingapi.policies import base
from ratingapi.policies import scope
from ratingapi import storage
from ratingapi.storage import scope as scope_storage
from tests import appkit

CLOUDKITTY_NAMES = {
    'GET_STATE': 'scope:get_state',
    'POST_STATE': 'scope:post_state',
    'PATCH_STATE': 'scope:patch_state',
    'RESET_STATE': 'scope:reset_state',
}

RULES = scope.list_rules()
PREFIX = '/v2/scope'


@pytest.mark.parametrize('constant, name', sorted(CLOUDKITTY_NAMES.items()),
                         ids=sorted(CLOUDKITTY_NAMES))
def test_rule_names_are_cloudkittys(constant, name):
    assert getattr(scope, constant) == name


def test_every_constant_has_exactly_one_rule():
    assert sorted(rule.name for rule in RULES) == sorted(
        CLOUDKITTY_NAMES.values())


def test_rules_are_registered():
    names = [rule.name for rule in all_policies.list_rules()]
    for rule in RULES:
        assert names.count(rule.name) == 1


@pytest.mark.parametrize('rule', RULES,
                         ids=lambda r: r.name.replace(':', '-'))
def test_rules_are_documented_admin_only_and_project_scoped(rule):
    assert isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.scope_types == ['project']
    assert rule.check_str == base.RULE_ADMIN_API
    assert rule.description.strip()
    assert [op['path'] for op in rule.operations] == [PREFIX]


def route_operations(prefix):
    """(method, documented path) of every v2 route method under prefix."""
    found = set()
    for route in v2.ROUTES:
        path = v2.VERSION.path + re.sub(r'<(?:[^:>]+:)?([^>]+)>', r'{\1}',
                                        route.path)
        if path == prefix or path.startswith(prefix + '/'):
            for method in route.resource.capabilities:
                found.add((method, path))
    return found


def documented_operations(rules):
    operations = [(op['method'], op['path']) for rule in rules
                  for op in rule.operations]
    assert len(operations) == len(set(operations))
    return set(operations)


def test_every_route_is_documented_by_one_rule():
    routes = route_operations(PREFIX)
    assert routes == {('GET', PREFIX), ('POST', PREFIX),
                      ('PATCH', PREFIX), ('PUT', PREFIX)}
    assert routes == documented_operations(RULES)


# -- each operation is guarded by its own rule -------------------------------

_NAMES = itertools.count()


def _request(method):
    if method == 'GET':
        return '?scope_id=p1', None
    if method == 'POST':
        return '', {'scope_id': 'new-%d' % next(_NAMES)}
    if method == 'PATCH':
        return '', {'scope_id': 'p1', 'active': True}
    return '', {'scope_id': 'p1', 'state': '2026-01-01T00:00:00Z'}


def client_with_scope_p1(tmp_path, denied_rule, last_processed=None):
    """A client denied ``denied_rule``, on a database holding scope p1."""
    client = appkit.build_client(tmp_path,
                                 policy_text='"%s": "!"\n' % denied_rule)
    database = storage.Database(appkit.sqlite_url(tmp_path))
    with database.session() as session:
        scope_storage.create(session, scope_id='p1', scope_key='k',
                             fetcher='f', collector='c', active=True,
                             last_processed_timestamp=last_processed)
    database.dispose()
    return client


def call(client, method):
    query, body = _request(method)
    headers = {'X-Roles': 'admin', 'X-Project-Id': 'p1', 'X-User-Id': 'u1'}
    kwargs = {}
    if body is not None:
        kwargs['json'] = body
    return client.open(PREFIX + query, method=method, headers=headers,
                       **kwargs)


OPERATIONS = [(rule.name, op['method']) for rule in RULES
              for op in rule.operations]


@pytest.mark.parametrize('rule, method', OPERATIONS,
                         ids=[method for _, method in OPERATIONS])
def test_operation_is_guarded_by_its_rule(tmp_path, rule, method):
    client = client_with_scope_p1(tmp_path, rule)
    response = call(client, method)
    assert response.status_code == 403
    assert rule in response.get_data(as_text=True)
    for other_rule, other_method in OPERATIONS:
        if other_rule != rule:
            other = call(client, other_method)
            assert other.status_code < 300, (other_method,
                                             other.get_data(as_text=True))
