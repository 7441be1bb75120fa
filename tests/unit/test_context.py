"""RequestContext.can(): 401 before identity is confirmed, 403 on denial."""
import pytest

from ratingapi import context
from ratingapi import exceptions
from ratingapi.policies import modules as module_policies
from ratingapi import policy
from tests.appkit import make_conf

ADMIN_RULE = module_policies.V2_LIST_MODULES
# 'role:reader and project_id:%(project_id)s', from the base rules.
PROJECT_READER_RULE = 'project_reader_api'


@pytest.fixture(scope='module')
def enforcer():
    return policy.create_enforcer(make_conf())


def _ctx(enforcer, **kwargs):
    kwargs.setdefault('user_id', 'u1')
    kwargs.setdefault('project_id', 'p1')
    return context.RequestContext(enforcer=enforcer, **kwargs)


def test_unauthenticated_is_401_even_for_an_admin(enforcer):
    # (keystonemiddleware adds WWW-Authenticate to the 401 response: see
    # test_middleware.test_keystone_401_carries_www_authenticate.)
    ctx = _ctx(enforcer, roles=['admin'], authenticated=False)
    with pytest.raises(exceptions.Unauthorized) as info:
        ctx.can(ADMIN_RULE)
    assert info.value.status == 401
    assert info.value.code == 'rating.unauthorized'
    assert ctx.policy_checked is True


def test_denied_is_403_naming_the_rule(enforcer):
    ctx = _ctx(enforcer, roles=['reader'])
    assert ctx.policy_checked is False
    with pytest.raises(exceptions.Forbidden) as info:
        ctx.can(ADMIN_RULE)
    assert info.value.status == 403
    assert ADMIN_RULE in info.value.detail
    assert ctx.policy_checked is True


def test_allowed_returns_true_and_marks_checked(enforcer):
    ctx = _ctx(enforcer, roles=['admin'])
    assert ctx.policy_checked is False
    assert ctx.can(ADMIN_RULE) is True
    assert ctx.policy_checked is True


def test_noauth_admin_without_a_project_is_allowed(enforcer):
    # What NoAuth gives a caller that sends no identity headers.
    ctx = context.RequestContext(enforcer=enforcer, roles=['admin'],
                                 user_id='noauth-admin')
    assert ctx.can(ADMIN_RULE) is True


def test_wrong_scope_is_403(enforcer):
    ctx = context.RequestContext(enforcer=enforcer, roles=['admin'],
                                 user_id='u1', system_scope='all')
    with pytest.raises(exceptions.Forbidden):
        ctx.can(ADMIN_RULE)


def test_default_target_is_the_callers_project(enforcer):
    ctx = _ctx(enforcer, roles=['reader'], project_id='p1')
    assert ctx.can(PROJECT_READER_RULE) is True
    assert ctx.can(PROJECT_READER_RULE, {'project_id': 'p1'}) is True
    with pytest.raises(exceptions.Forbidden):
        ctx.can(PROJECT_READER_RULE, {'project_id': 'p2'})


def test_default_target_is_the_callers_user(enforcer, tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    # A registered rule, redefined by the operator to test user ownership.
    policy_file.write_text('"%s": "user_id:%%(user_id)s"\n'
                           % PROJECT_READER_RULE)
    config_file = tmp_path / 'ratingapi.conf'
    config_file.write_text('[oslo_policy]\npolicy_file = %s\n' % policy_file)
    own = policy.create_enforcer(make_conf(config_file))
    ctx = _ctx(own, roles=[], user_id='u1')
    assert ctx.can(PROJECT_READER_RULE) is True
    with pytest.raises(exceptions.Forbidden):
        ctx.can(PROJECT_READER_RULE, {'user_id': 'u2'})


def test_from_environ_returns_the_stored_context(enforcer):
    ctx = _ctx(enforcer, roles=['admin'])
    assert context.from_environ({context.ENV_KEY: ctx}) is ctx


def test_context_from_identity_headers(enforcer):
    environ = {'HTTP_X_USER_ID': 'u9', 'HTTP_X_PROJECT_ID': 'p9',
               'HTTP_X_ROLES': 'reader,member',
               'openstack.request_id': 'req-1'}
    ctx = context.RequestContext.from_environ(environ, enforcer=enforcer)
    assert (ctx.user_id, ctx.project_id) == ('u9', 'p9')
    assert sorted(ctx.roles) == ['member', 'reader']
    assert ctx.request_id == 'req-1'
    assert ctx.authenticated is True
    assert ctx.enforcer is enforcer
