"""ratingapi-api: bind parsing, gunicorn argv, and main() up to the exec."""
import os
import sys

import pytest

from ratingapi import conf
from ratingapi.cmd import api
from ratingapi.storage import migration


class Exec(Exception):
    """Stands for the process replacement: execv never returns."""


@pytest.fixture(autouse=True)
def clean_conf(monkeypatch):
    # main() registers its CLI options on, and parses, the process-wide
    # CONF: leave it as we found it.  delenv also makes monkeypatch restore
    # the variable main() sets in os.environ.
    monkeypatch.delenv(conf.CONFIG_FILE_ENV, raising=False)
    yield
    conf.CONF.reset()
    conf.CONF.unregister_opts(api.cli_opts)


@pytest.fixture
def execv(monkeypatch):
    # os.execv replaces the test process with gunicorn: that is the boundary
    # a unit test does not cross.  Capture what would have been exec'd, and
    # the environment the workers would have inherited, instead.
    calls = []

    def fake(path, args):
        calls.append({'path': path, 'args': list(args),
                      'env': dict(os.environ)})
        raise Exec()

    monkeypatch.setattr(api.os, 'execv', fake)
    return calls


@pytest.fixture
def config(tmp_path):
    def write(*lines, name='ratingapi.conf'):
        path = tmp_path / name
        path.write_text('\n'.join(lines) + '\n')
        return str(path)
    return write


def _noauth_config(config, tmp_path, *lines):
    url = 'sqlite:///%s' % (tmp_path / 'ratingapi.sqlite')
    path = config('[DEFAULT]', 'auth_strategy = noauth',
                  'state_path = %s' % (tmp_path / 'state'),
                  *lines,
                  '[database]', 'connection = %s' % url,
                  '[api]', 'host = 127.0.0.1', 'port = 9999',
                  'workers = 5')
    return path, url


def _option(args, name):
    return args[args.index(name) + 1]


def _id(value):
    # Test ids without ':' so node ids stay easy to select.
    return str(value).replace(':', '-') if isinstance(value, str) else None


# -- _split_bind -------------------------------------------------------------

@pytest.mark.parametrize('bind, expected', [
    ('127.0.0.1:8889', ('127.0.0.1', 8889)),
    ('localhost:80', ('localhost', 80)),
    ('0.0.0.0:0', ('0.0.0.0', 0)),
    ('rating.example.org:65535', ('rating.example.org', 65535)),
    ('[::1]:8889', ('::1', 8889)),
    ('[::]:9000', ('::', 9000)),
    ('[fe80::1]:1', ('fe80::1', 1)),
], ids=_id)
def test_split_bind(bind, expected):
    assert api._split_bind(bind) == expected


@pytest.mark.parametrize('bind', [
    '', '8889', 'localhost', 'localhost:', 'localhost:http',
    'localhost:-1', 'localhost:1.5', 'localhost: 80', '[::1]', '[::1]:',
    ':8889', '::1:80',
], ids=_id)
def test_split_bind_refuses(bind):
    with pytest.raises(ValueError, match='HOST:PORT'):
        api._split_bind(bind)


@pytest.mark.parametrize('bind', ['127.0.0.1:65536', '[::1]:99999'],
                         ids=_id)
def test_split_bind_refuses_port_out_of_range(bind):
    # As [api] port (a PortOpt) does, rather than failing inside gunicorn.
    with pytest.raises(ValueError, match='0 to 65535'):
        api._split_bind(bind)


# -- gunicorn_argv -----------------------------------------------------------

def test_gunicorn_argv():
    args = api.gunicorn_argv('127.0.0.1', 8889, 3)
    assert args[:3] == [sys.executable, '-m', 'gunicorn']
    assert '--no-control-socket' in args
    assert _option(args, '--bind') == '127.0.0.1:8889'
    assert _option(args, '--workers') == '3'
    assert args[-1] == 'ratingapi.wsgi:application'


@pytest.mark.parametrize('host, port, bind', [
    ('::1', 8889, '[::1]:8889'),
    ('::', 80, '[::]:80'),
    ('localhost', 1, 'localhost:1'),
], ids=_id)
def test_gunicorn_argv_bind(host, port, bind):
    assert _option(api.gunicorn_argv(host, port, 1), '--bind') == bind


# -- main --------------------------------------------------------------------

def test_main_overrides_config_and_migrates(config, tmp_path, execv, capsys):
    path, url = _noauth_config(config, tmp_path)
    assert migration.current(url) is None
    with pytest.raises(Exec):
        api.main(['--config-file', path,
                  '--bind', '127.0.0.1:18889', '--workers', '3'])
    [call] = execv
    assert call['path'] == sys.executable
    assert call['args'] == api.gunicorn_argv('127.0.0.1', 18889, 3)
    assert _option(call['args'], '--bind') == '127.0.0.1:18889'
    assert _option(call['args'], '--workers') == '3'
    assert call['env'][conf.CONFIG_FILE_ENV] == path
    assert migration.current(url) == migration.head()
    out = capsys.readouterr().out
    assert 'listening on http://127.0.0.1:18889/' in out
    assert '3 workers' in out


def test_main_uses_config_without_flags(config, tmp_path, execv, capsys):
    path, url = _noauth_config(config, tmp_path)
    with pytest.raises(Exec):
        api.main(['--config-file', path])
    [call] = execv
    assert _option(call['args'], '--bind') == '127.0.0.1:9999'
    assert _option(call['args'], '--workers') == '5'
    assert 'listening on http://127.0.0.1:9999/' in capsys.readouterr().out


def test_main_ipv6_bind(config, tmp_path, execv, capsys):
    path, url = _noauth_config(config, tmp_path)
    with pytest.raises(Exec):
        api.main(['--config-file', path, '--bind', '[::1]:18890'])
    assert _option(execv[0]['args'], '--bind') == '[::1]:18890'
    assert 'listening on http://[::1]:18890/' in capsys.readouterr().out


def test_main_hands_every_config_file_to_workers(config, tmp_path, execv):
    path, url = _noauth_config(config, tmp_path)
    extra = config('[api]', 'workers = 4', name='extra.conf')
    with pytest.raises(Exec):
        api.main(['--config-file', path, '--config-file', extra])
    assert execv[0]['env'][conf.CONFIG_FILE_ENV] == os.pathsep.join(
        [path, extra])
    assert _option(execv[0]['args'], '--workers') == '4'


def test_main_migrates_default_sqlite_under_state_path(config, tmp_path,
                                                       execv):
    path = config('[DEFAULT]', 'auth_strategy = noauth',
                  'state_path = %s' % (tmp_path / 'state'))
    with pytest.raises(Exec):
        api.main(['--config-file', path, '--bind', '127.0.0.1:18891'])
    url = 'sqlite:///%s' % (tmp_path / 'state' / 'ratingapi.sqlite')
    assert migration.current(url) == migration.head()


def test_main_refuses_bad_bind(config, tmp_path, execv):
    path, url = _noauth_config(config, tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        api.main(['--config-file', path, '--bind', 'localhost'])
    assert str(exit_info.value.code).startswith('ratingapi-api: --bind')
    assert execv == []


@pytest.mark.parametrize('bind', ['0.0.0.0:18892', '[::]:18892'],
                         ids=_id)
def test_main_refuses_noauth_on_public_address(config, tmp_path, execv,
                                               capsys, bind):
    path, url = _noauth_config(config, tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        api.main(['--config-file', path, '--bind', bind])
    message = str(exit_info.value.code)
    assert message.startswith('ratingapi-api: refusing')
    assert 'allow_noauth_on_public_address' in message
    assert execv == []
    assert migration.current(url) is None
    assert 'listening' not in capsys.readouterr().out


def test_main_refuses_noauth_on_public_host_from_config(config, tmp_path,
                                                        execv):
    path, url = _noauth_config(config, tmp_path)
    override = config('[api]', 'host = 0.0.0.0', name='public.conf')
    with pytest.raises(SystemExit) as exit_info:
        api.main(['--config-file', path, '--config-file', override])
    assert 'allow_noauth_on_public_address' in str(exit_info.value.code)
    assert execv == []


def test_main_noauth_on_public_address_when_allowed(config, tmp_path, execv,
                                                    capsys):
    path, url = _noauth_config(config, tmp_path,
                               'allow_noauth_on_public_address = true')
    with pytest.raises(Exec):
        api.main(['--config-file', path, '--bind', '0.0.0.0:18893'])
    assert _option(execv[0]['args'], '--bind') == '0.0.0.0:18893'
    assert migration.current(url) == migration.head()
    assert 'listening on http://0.0.0.0:18893/' in capsys.readouterr().out


def test_main_keystone_on_public_address(config, tmp_path, execv, capsys):
    url = 'sqlite:///%s' % (tmp_path / 'ratingapi.sqlite')
    path = config('[DEFAULT]', 'auth_strategy = keystone',
                  '[database]', 'connection = %s' % url)
    with pytest.raises(Exec):
        api.main(['--config-file', path, '--bind', '0.0.0.0:18894'])
    assert _option(execv[0]['args'], '--bind') == '0.0.0.0:18894'
    assert 'auth_strategy = keystone' in capsys.readouterr().out


@pytest.mark.parametrize('text, named', [
    ('metrics:\n  cpu:\n    unit: instance\n    mutate: ROUND\n',
     "metric 'cpu', key 'mutate'"),
    ('metrics:\n  cpu:\n    alt_name: instance\n',
     "metric 'cpu', key 'unit' is required"),
], ids=['bad mutate', 'no unit'])
def test_main_refuses_an_invalid_metrics_file(config, tmp_path, execv,
                                              capsys, text, named):
    metrics_file = tmp_path / 'metrics.yml'
    metrics_file.write_text(text)
    path, url = _noauth_config(config, tmp_path, '[collect]',
                               'metrics_conf = %s' % metrics_file)
    with pytest.raises(SystemExit) as exit_info:
        api.main(['--config-file', path])
    message = str(exit_info.value.code)
    assert message.startswith('ratingapi-api: metrics file %s: '
                              % metrics_file)
    assert named in message
    assert execv == []
    assert migration.current(url) is None
    assert 'listening' not in capsys.readouterr().out


def test_main_refuses_a_missing_metrics_file_it_names(config, tmp_path,
                                                      execv):
    missing = tmp_path / 'nowhere.yml'
    path, url = _noauth_config(config, tmp_path, '[collect]',
                               'metrics_conf = %s' % missing)
    with pytest.raises(SystemExit) as exit_info:
        api.main(['--config-file', path])
    assert str(exit_info.value.code) == (
        'ratingapi-api: metrics file %s: no such file' % missing)
    assert execv == []


def test_the_local_config_runs_with_the_sample_metrics(monkeypatch, execv,
                                                       config, tmp_path):
    # The README's command, from the repository root (with the database
    # moved out of the home directory).
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    monkeypatch.chdir(repo)
    local = 'etc/ratingapi/ratingapi-local.conf'
    url = 'sqlite:///%s' % (tmp_path / 'ratingapi.sqlite')
    database = config('[database]', 'connection = %s' % url)
    with pytest.raises(Exec):
        api.main(['--config-file', local, '--config-file', database])
    assert conf.CONF.collect.metrics_conf == 'etc/ratingapi/metrics.yml'
    assert execv[0]['env'][conf.CONFIG_FILE_ENV].startswith(local)
    assert migration.current(url) == migration.head()
