"""The enforcer: policy in code, an optional policy file, loaded once."""
import os
import re
import subprocess
import sys

import pytest
from oslo_config import cfg
from oslo_policy import generator
from oslo_policy import policy as oslo_policy

from ratingapi import context
from ratingapi import policies
from ratingapi.policies import modules as module_policies
from ratingapi import policy
from tests.appkit import make_conf

MODULE_RULES = [rule.name for rule in module_policies.list_rules()]


def _conf(tmp_path, policy_file=None):
    config_file = None
    if policy_file is not None:
        config_file = tmp_path / 'ratingapi.conf'
        config_file.write_text('[oslo_policy]\npolicy_file = %s\n'
                               % policy_file)
    return make_conf(config_file)


def _ctx(enforcer, roles, project_id='p1', **kwargs):
    return context.RequestContext(enforcer=enforcer, roles=roles,
                                  project_id=project_id, user_id='u1',
                                  **kwargs)


def _allowed(enforcer, rule, ctx, target=None):
    target = target or {'project_id': ctx.project_id,
                        'user_id': ctx.user_id}
    return enforcer.authorize(rule, target, ctx, do_raise=False)


def test_every_rule_in_code_is_registered(tmp_path):
    enforcer = policy.create_enforcer(_conf(tmp_path))
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))
    assert set(enforcer.registered_rules) == set(names)
    # Loaded as rules, not only registered: every one can be checked.
    assert set(names) <= set(enforcer.rules)


@pytest.mark.parametrize('rule', MODULE_RULES)
def test_admin_allowed_reader_and_member_denied(tmp_path, rule):
    enforcer = policy.create_enforcer(_conf(tmp_path))
    assert _allowed(enforcer, rule, _ctx(enforcer, ['admin']))
    assert not _allowed(enforcer, rule, _ctx(enforcer, ['reader']))
    assert not _allowed(enforcer, rule, _ctx(enforcer, ['member',
                                                        'reader']))
    assert not _allowed(enforcer, rule, _ctx(enforcer, []))


@pytest.mark.parametrize('rule', MODULE_RULES)
def test_undefined_rule_does_not_fall_back_to_allow(tmp_path, rule):
    enforcer = policy.create_enforcer(_conf(tmp_path))
    with pytest.raises(oslo_policy.PolicyNotRegistered):
        enforcer.authorize(rule + '-typo', {}, _ctx(enforcer, ['admin']))


def test_policy_file_overrides_a_rule(tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": "role:reader"\n' % MODULE_RULES[0])
    enforcer = policy.create_enforcer(_conf(tmp_path, policy_file))
    reader = _ctx(enforcer, ['reader'])
    assert _allowed(enforcer, MODULE_RULES[0], reader)
    # The other rules keep their defaults.
    for rule in MODULE_RULES[1:]:
        assert not _allowed(enforcer, rule, reader)
        assert _allowed(enforcer, rule, _ctx(enforcer, ['admin']))
    assert enforcer.use_conf is True
    assert os.path.samefile(enforcer.policy_path, policy_file)


def test_without_a_policy_file_no_file_is_searched_per_check(tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    enforcer = policy.create_enforcer(_conf(tmp_path, policy_file))
    assert enforcer.use_conf is False
    admin = _ctx(enforcer, ['admin'])
    assert _allowed(enforcer, MODULE_RULES[0], admin)
    # A file that appears later is not looked for on each check.
    policy_file.write_text('"%s": "!"\n' % MODULE_RULES[0])
    assert _allowed(enforcer, MODULE_RULES[0], admin)


def test_default_config_has_no_policy_file(tmp_path):
    conf = _conf(tmp_path)
    enforcer = policy.create_enforcer(conf)
    if conf.find_file(conf.oslo_policy.policy_file):
        pytest.skip('this machine has a %s in a config directory'
                    % conf.oslo_policy.policy_file)
    assert enforcer.use_conf is False
    assert enforcer.policy_path is None


def test_with_a_policy_file_changes_are_picked_up(tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": "role:admin"\n' % MODULE_RULES[0])
    enforcer = policy.create_enforcer(_conf(tmp_path, policy_file))
    admin = _ctx(enforcer, ['admin'])
    assert _allowed(enforcer, MODULE_RULES[0], admin)
    policy_file.write_text('"%s": "!"\n' % MODULE_RULES[0])
    stat = policy_file.stat()
    os.utime(policy_file, (stat.st_atime, stat.st_mtime + 10))
    assert enforcer.use_conf is True
    assert not _allowed(enforcer, MODULE_RULES[0], admin)


def test_policy_dir_counts_as_a_policy_file(tmp_path):
    policy_dir = tmp_path / 'policy.d'
    policy_dir.mkdir()
    (policy_dir / 'a.yaml').write_text('"%s": "role:reader"\n'
                                       % MODULE_RULES[0])
    config_file = tmp_path / 'ratingapi.conf'
    config_file.write_text('[oslo_policy]\npolicy_file = %s\n'
                           'policy_dirs = %s\n'
                           % (tmp_path / 'missing.yaml', policy_dir))
    enforcer = policy.create_enforcer(make_conf(config_file))
    assert enforcer.use_conf is True
    assert _allowed(enforcer, MODULE_RULES[0], _ctx(enforcer, ['reader']))


def test_project_rules_are_scope_checked(tmp_path):
    enforcer = policy.create_enforcer(_conf(tmp_path))
    system_admin = context.RequestContext(
        enforcer=enforcer, roles=['admin'], system_scope='all',
        user_id='u1')
    for rule in MODULE_RULES:
        with pytest.raises(oslo_policy.InvalidScope):
            enforcer.authorize(rule, {}, system_admin, do_raise=True)


def test_sample_generator_lists_every_rule(tmp_path):
    """``oslopolicy-sample-generator --namespace ratingapi``."""
    output = tmp_path / 'policy.yaml.sample'
    generator.generate_sample(args=['--namespace', 'ratingapi',
                                    '--output-file', str(output)],
                              conf=cfg.ConfigOpts())
    text = output.read_text()
    listed = re.findall(r'^#"([^"]+)": "(.*)"$', text, re.MULTILINE)
    assert listed == [(rule.name, rule.check_str)
                      for rule in policies.list_rules()]
    # The generator wraps a description over several comment lines.
    comments = ' '.join(line[2:] for line in text.splitlines()
                        if line.startswith('# '))
    for rule in policies.list_rules():
        assert rule.description in comments


def test_enforcer_entry_point_honours_the_tools_config_file(tmp_path):
    """``oslopolicy-policy-generator`` goes through get_enforcer(); it must
    see the policy file named by its own ``--config-file``."""
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": "role:reader"\n' % MODULE_RULES[0])
    config_file = tmp_path / 'ratingapi.conf'
    config_file.write_text('[oslo_policy]\npolicy_file = %s\n' % policy_file)
    tool = os.path.join(os.path.dirname(sys.executable),
                        'oslopolicy-policy-generator')
    result = subprocess.run(
        [tool, '--namespace', 'ratingapi', '--config-file', str(config_file)],
        capture_output=True, text=True, timeout=120, check=True)
    effective = dict(re.findall(r'^"([^"]+)": "(.*)"$', result.stdout,
                                re.MULTILINE))
    assert effective[MODULE_RULES[0]] == 'role:reader'
    for rule in policies.list_rules():
        if rule.name != MODULE_RULES[0]:
            assert effective[rule.name] == rule.check_str
