"""RequestContext: can() answers 401 before identity is confirmed, 403 on
denial; visible_projects() asks the noun's all_projects rule."""
import pytest

from ratingapi import context
from ratingapi import exceptions
from ratingapi.policies import modules as module_policies
from ratingapi.policies import summary as summary_policies
from ratingapi import policy
from tests.appkit import make_conf

ADMIN_RULE = module_policies.V2_LIST_MODULES
# 'role:reader and project_id:%(project_id)s', from the base rules.
PROJECT_READER_RULE = 'project_reader_api'
OWN = {'project_id': 'p1'}


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
        ctx.can(ADMIN_RULE, OWN)
    assert info.value.status == 401
    assert info.value.code == 'rating.unauthorized'
    assert ctx.policy_checked is True


def test_denied_is_403_naming_the_rule(enforcer):
    ctx = _ctx(enforcer, roles=['reader'])
    assert ctx.policy_checked is False
    with pytest.raises(exceptions.Forbidden) as info:
        ctx.can(ADMIN_RULE, OWN)
    assert info.value.status == 403
    assert ADMIN_RULE in info.value.detail
    assert ctx.policy_checked is True


def test_allowed_returns_true_and_marks_checked(enforcer):
    ctx = _ctx(enforcer, roles=['admin'])
    assert ctx.policy_checked is False
    assert ctx.can(ADMIN_RULE, OWN) is True
    assert ctx.policy_checked is True


def test_noauth_admin_without_a_project_is_allowed(enforcer):
    # What NoAuth gives a caller that sends no identity headers.
    ctx = context.RequestContext(enforcer=enforcer, roles=['admin'],
                                 user_id='noauth-admin')
    assert ctx.can(ADMIN_RULE, OWN) is True


def test_wrong_scope_is_403(enforcer):
    ctx = context.RequestContext(enforcer=enforcer, roles=['admin'],
                                 user_id='u1', system_scope='all')
    with pytest.raises(exceptions.Forbidden):
        ctx.can(ADMIN_RULE, OWN)


def test_the_target_decides(enforcer):
    ctx = _ctx(enforcer, roles=['reader'], project_id='p1')
    assert ctx.can(PROJECT_READER_RULE, {'project_id': 'p1'}) is True
    with pytest.raises(exceptions.Forbidden):
        ctx.can(PROJECT_READER_RULE, {'project_id': 'p2'})


def test_there_is_no_default_target(enforcer):
    # Every handler says what it reads or changes.
    with pytest.raises(TypeError):
        _ctx(enforcer, roles=['admin']).can(ADMIN_RULE)


# -- visible_projects --------------------------------------------------------

ALL_PROJECTS = summary_policies.ALL_PROJECTS


@pytest.mark.parametrize('roles, project, visible', [
    (['admin'], 'p1', None),
    (['admin'], None, None),
    (['reader'], 'p1', frozenset(['p1'])),
    (['auditor'], 'p1', frozenset(['p1'])),
    (['reader'], None, frozenset()),
])
def test_visible_projects_by_default(enforcer, roles, project, visible):
    ctx = context.RequestContext(enforcer=enforcer, roles=roles,
                                 project_id=project, user_id='u1')
    assert ctx.visible_projects(ALL_PROJECTS) == visible


def test_visible_projects_follow_the_policy_file(tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": "role:auditor"\n' % ALL_PROJECTS)
    config_file = tmp_path / 'ratingapi.conf'
    config_file.write_text('[oslo_policy]\npolicy_file = %s\n' % policy_file)
    own = policy.create_enforcer(make_conf(config_file))
    auditor = _ctx(own, roles=['auditor'], project_id='p3')
    assert auditor.visible_projects(ALL_PROJECTS) is None
    # Only the rule that was granted: other nouns keep their default.
    assert auditor.visible_projects('dataframes:all_projects') == (
        frozenset(['p3']))
    admin = _ctx(own, roles=['admin'])
    assert admin.visible_projects(ALL_PROJECTS) == frozenset(['p1'])


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
