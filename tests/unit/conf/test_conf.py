"""Configuration: registration on fresh ConfigOpts, files and defaults."""
import os

import pytest
from oslo_config import cfg

from ratingapi import conf as rconf
from ratingapi.conf import default


def _fresh(args=(), default_config_files=()):
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    rconf.parse_args(conf, list(args),
                     default_config_files=list(default_config_files))
    return conf


# -- which files are read ----------------------------------------------------

def test_env_variable_names_the_config_file(monkeypatch, tmp_path):
    path = tmp_path / 'a.conf'
    monkeypatch.setenv(rconf.CONFIG_FILE_ENV, str(path))
    assert rconf.default_config_files() == [str(path)]


def test_env_variable_may_list_several_files(monkeypatch, tmp_path):
    paths = [str(tmp_path / 'a.conf'), str(tmp_path / 'b.conf')]
    monkeypatch.setenv(rconf.CONFIG_FILE_ENV,
                       os.pathsep.join(['', paths[0], '', paths[1], '']))
    assert rconf.default_config_files() == paths


def test_env_variable_is_read_by_parse_args(monkeypatch, tmp_path):
    first, second = tmp_path / 'a.conf', tmp_path / 'b.conf'
    first.write_text('[api]\nport = 9001\nmax_limit = 7\n')
    second.write_text('[api]\nport = 9002\n')
    monkeypatch.setenv(rconf.CONFIG_FILE_ENV,
                       os.pathsep.join([str(first), str(second)]))
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    rconf.parse_args(conf, [])
    # Later files win, earlier ones still count.
    assert conf.api.port == 9002
    assert conf.api.max_limit == 7


def test_system_file_only_when_it_exists(monkeypatch, tmp_path):
    monkeypatch.delenv(rconf.CONFIG_FILE_ENV, raising=False)
    path = tmp_path / 'ratingapi.conf'
    monkeypatch.setattr(rconf, 'DEFAULT_CONFIG_FILE', str(path))
    assert rconf.default_config_files() == []
    path.write_text('[DEFAULT]\n')
    assert rconf.default_config_files() == [str(path)]


def test_env_variable_wins_over_the_system_file(monkeypatch, tmp_path):
    system = tmp_path / 'system.conf'
    system.write_text('[DEFAULT]\n')
    monkeypatch.setattr(rconf, 'DEFAULT_CONFIG_FILE', str(system))
    monkeypatch.setenv(rconf.CONFIG_FILE_ENV, str(tmp_path / 'mine.conf'))
    assert rconf.default_config_files() == [str(tmp_path / 'mine.conf')]


def test_system_file_is_etc_ratingapi(monkeypatch):
    monkeypatch.delenv(rconf.CONFIG_FILE_ENV, raising=False)
    assert rconf.DEFAULT_CONFIG_FILE == '/etc/ratingapi/ratingapi.conf'
    expected = ([rconf.DEFAULT_CONFIG_FILE]
                if os.path.exists(rconf.DEFAULT_CONFIG_FILE) else [])
    assert rconf.default_config_files() == expected


def test_explicit_empty_defaults_read_nothing(monkeypatch, tmp_path):
    path = tmp_path / 'a.conf'
    path.write_text('[api]\nport = 9001\n')
    monkeypatch.setenv(rconf.CONFIG_FILE_ENV, str(path))
    assert _fresh().api.port == 8889


def test_process_argv_is_never_parsed(monkeypatch):
    # gunicorn's own flags must not reach oslo.config (TRAPS.md).
    monkeypatch.setattr('sys.argv', ['gunicorn', '--workers', '4', '-b',
                                     '0.0.0.0:80', 'ratingapi.wsgi'])
    assert _fresh().api.port == 8889


def test_config_file_argument(tmp_path):
    path = tmp_path / 'a.conf'
    path.write_text('[DEFAULT]\nauth_strategy = noauth\n'
                    '[api]\nhost = 0.0.0.0\n')
    conf = _fresh(['--config-file', str(path)])
    assert conf.auth_strategy == 'noauth'
    assert conf.api.host == '0.0.0.0'


# -- defaults --------------------------------------------------------------

def test_defaults():
    conf = _fresh()
    assert conf.auth_strategy == 'keystone'
    assert conf.allow_noauth_on_public_address is False
    assert conf.api.host == '127.0.0.1'
    assert conf.api.port == 8889
    assert conf.api.public_url is None
    assert conf.api.enable_proxy_headers_parsing is False
    assert conf.api.strict_checks is False
    assert conf.api.max_limit >= 1
    assert conf.api.max_request_body_size >= 1


def test_database_connection_lives_under_state_path(tmp_path):
    conf = _fresh()
    assert conf.database.connection == 'sqlite:///%s' % os.path.join(
        conf.state_path, 'ratingapi.sqlite')
    path = tmp_path / 'a.conf'
    path.write_text('[DEFAULT]\nstate_path = %s\n' % (tmp_path / 'state'))
    conf = _fresh(['--config-file', str(path)])
    assert conf.database.connection == 'sqlite:///%s' % (
        tmp_path / 'state' / 'ratingapi.sqlite')


def test_state_path_default_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv('XDG_STATE_HOME', str(tmp_path / 'xdg'))
    assert default._default_state_path() == str(tmp_path / 'xdg' /
                                                'ratingapi')
    monkeypatch.delenv('XDG_STATE_HOME')
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    assert default._default_state_path() == str(
        tmp_path / 'home' / '.local' / 'state' / 'ratingapi')


@pytest.mark.parametrize('text', [
    '[DEFAULT]\nauth_strategy = none\n',
    '[api]\nport = 70000\n',
    '[api]\nmax_limit = 0\n',
    '[api]\nworkers = 0\n',
    '[api]\npublic_url = ftp://example.com/rating\n',
])
def test_invalid_values_are_refused(tmp_path, text):
    path = tmp_path / 'a.conf'
    path.write_text(text)
    conf = _fresh(['--config-file', str(path)])
    group, _, line = text.partition('\n')
    name = line.split('=')[0].strip()
    section = None if group == '[DEFAULT]' else group.strip('[]')
    with pytest.raises((cfg.ConfigFileValueError, ValueError)):
        conf[section][name] if section else conf[name]


def test_cors_defaults_let_browsers_use_microversions():
    conf = _fresh()
    allowed = [h.lower() for h in conf.cors.allow_headers]
    exposed = [h.lower() for h in conf.cors.expose_headers]
    assert 'openstack-api-version' in allowed
    assert 'x-auth-token' in allowed
    assert 'openstack-api-version' in exposed
    assert 'x-openstack-request-id' in exposed


def test_library_options_read_by_our_code_are_registered():
    conf = _fresh()
    assert conf.cors.allowed_origin is None
    assert conf.keystone_authtoken.www_authenticate_uri is None


# -- fresh ConfigOpts are independent ----------------------------------------

@pytest.mark.parametrize('group, name, value', [
    (None, 'auth_strategy', 'noauth'),
    ('api', 'port', 9999),
    ('api', 'strict_checks', True),
    ('database', 'connection', 'sqlite://'),
])
def test_an_override_does_not_leak_into_another_conf(group, name, value):
    first = _fresh()
    before = _fresh()[group][name] if group else _fresh()[name]
    first.set_override(name, value, group)
    try:
        assert (first[group][name] if group else first[name]) == value
        other = _fresh()
        assert (other[group][name] if group else other[name]) == before
        # Nor into the process-wide CONF.
        assert ((rconf.CONF[group][name] if group else rconf.CONF[name])
                == before)
    finally:
        first.clear_override(name, group)


def test_registering_twice_is_harmless():
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    rconf.register_all(conf)
    rconf.parse_args(conf, [], default_config_files=[])
    assert conf.api.port == 8889
