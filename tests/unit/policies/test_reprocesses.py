"""Reprocessing task rules: CloudKitty's names, documented, and enforced."""
import datetime
import itertools

import pytest
from oslo_policy import policy as oslo_policy

from ratingapi import policies as all_policies
from ratingapi.policies import base
from ratingapi.policies import reprocesses
from tests.unit.policies.test_scope import client_with_scope_p1
from tests.unit.policies.test_scope import documented_operations
from tests.unit.policies.test_scope import route_operations

CLOUDKITTY_NAMES = {
    'TASK_REPROCESSES': 'schedule:task_reprocesses',
    'GET_TASK_REPROCESSES': 'schedule:get_task_reprocesses',
}

RULES = reprocesses.list_rules()
PREFIX = '/v2/task/reprocesses'


@pytest.mark.parametrize('constant, name', sorted(CLOUDKITTY_NAMES.items()),
                         ids=sorted(CLOUDKITTY_NAMES))
def test_rule_names_are_cloudkittys(constant, name):
    assert getattr(reprocesses, constant) == name


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
    assert all(op['path'].startswith(PREFIX) for op in rule.operations)


def test_every_route_is_documented_by_one_rule():
    routes = route_operations(PREFIX)
    assert routes == {('GET', PREFIX), ('POST', PREFIX),
                      ('GET', PREFIX + '/{scope_id}')}
    assert routes == documented_operations(RULES)


# -- each operation is guarded by its own rule -------------------------------

_DAYS = itertools.count(1)


def call(client, method, path):
    headers = {'X-Roles': 'admin', 'X-Project-Id': 'p1', 'X-User-Id': 'u1'}
    kwargs = {}
    if method == 'POST':
        # A new day each time: tasks of one scope may not overlap.
        day = next(_DAYS)
        kwargs['json'] = {
            'scope_ids': 'p1', 'reason': 'test',
            'start_reprocess_time': '2026-01-%02dT00:00:00Z' % day,
            'end_reprocess_time': '2026-01-%02dT01:00:00Z' % day}
    return client.open(path.replace('{scope_id}', 'p1'), method=method,
                       headers=headers, **kwargs)


OPERATIONS = [(rule.name, op['method'], op['path']) for rule in RULES
              for op in rule.operations]


@pytest.mark.parametrize('rule, method, path', OPERATIONS,
                         ids=['%s %s' % (method, path.replace('{', '<')
                                         .replace('}', '>'))
                              for _, method, path in OPERATIONS])
def test_operation_is_guarded_by_its_rule(tmp_path, rule, method, path):
    client = client_with_scope_p1(
        tmp_path, rule,
        last_processed=datetime.datetime.now(datetime.timezone.utc))
    response = call(client, method, path)
    assert response.status_code == 403
    assert rule in response.get_data(as_text=True)
    for other_rule, other_method, other_path in OPERATIONS:
        if other_rule != rule:
            other = call(client, other_method, other_path)
            assert other.status_code < 300, (other_method, other_path,
                                             other.get_data(as_text=True))
