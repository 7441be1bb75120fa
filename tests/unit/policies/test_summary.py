"""Rating summary rule: CloudKitty's name and default, documented, and
guarding its route."""
import pytest
from oslo_policy import policy as oslo_policy

from ratingapi import context
from ratingapi import policies as all_policies
from ratingapi.policies import base
from ratingapi.policies import summary
from ratingapi import policy
from tests.appkit import build_client
from tests.appkit import call
from tests.appkit import make_conf
from tests.unit.policies.test_dataframes import route_operations

PATH = '/v2/summary'


def test_name_and_default_are_cloudkittys():
    assert summary.GET_SUMMARY == 'summary:get_summary'
    [rule] = summary.list_rules()
    assert rule.name == summary.GET_SUMMARY
    assert rule.check_str == base.RULE_PROJECT_READER_OR_ADMIN


def test_rule_is_registered_once():
    names = [rule.name for rule in all_policies.list_rules()]
    assert names.count(summary.GET_SUMMARY) == 1


def test_rule_is_documented_and_project_scoped():
    [rule] = summary.list_rules()
    assert isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.scope_types == ['project']
    assert rule.description.strip()
    assert [(op['method'], op['path']) for op in rule.operations] == [
        ('GET', PATH)]
    assert route_operations(PATH) == {('GET', PATH)}


@pytest.mark.parametrize('roles, allowed', [
    (['admin'], True), (['member', 'reader'], True), (['reader'], True),
    ([], False), (['observer'], False), (['member'], False)])
def test_who_is_allowed(roles, allowed):
    enforcer = policy.create_enforcer(make_conf())
    ctx = context.RequestContext(enforcer=enforcer, roles=roles,
                                 project_id='p1', user_id='u1')
    assert enforcer.authorize(summary.GET_SUMMARY, {'project_id': 'p1'},
                              ctx) is allowed


def test_the_route_is_guarded_by_its_rule(tmp_path):
    client = build_client(tmp_path,
                          policy_text='"%s": "!"\n' % summary.GET_SUMMARY)
    response = call(client, 'GET', PATH)
    assert response.status_code == 403
    assert summary.GET_SUMMARY in response.get_data(as_text=True)
