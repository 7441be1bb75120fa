import pytest

from ratingapi import conf
from ratingapi.cmd import manage
from ratingapi.storage import migration

UNREACHABLE_URL = 'postgresql+psycopg://rating:s3cret@127.0.0.1:1/ratingapi'


@pytest.fixture(autouse=True)
def clean_conf(monkeypatch):
    # main() parses the process-wide CONF: leave it as we found it.
    monkeypatch.delenv(conf.CONFIG_FILE_ENV, raising=False)
    yield
    conf.CONF.reset()
    conf.CONF.unregister_opt(manage.CATEGORY)


@pytest.fixture
def config_file(tmp_path):
    def write(url):
        path = tmp_path / 'ratingapi.conf'
        path.write_text('[database]\nconnection = %s\n' % url)
        return str(path)
    return write


def _manage(config_file, *args):
    return manage.main(['--config-file', config_file, *args])


def test_version_before_sync(config_file, database_url, capsys):
    assert _manage(config_file(database_url), 'db', 'version') == 0
    assert capsys.readouterr().out == 'None\n'


def test_sync_twice_then_version(config_file, database_url, capsys):
    path = config_file(database_url)
    expected = 'database at revision %s\n' % migration.head()
    assert _manage(path, 'db', 'sync') == 0
    assert capsys.readouterr().out == expected
    assert _manage(path, 'db', 'sync') == 0
    assert capsys.readouterr().out == expected
    assert _manage(path, 'db', 'version') == 0
    assert capsys.readouterr().out == migration.head() + '\n'


def test_default_sqlite_under_state_path(tmp_path, capsys):
    path = tmp_path / 'ratingapi.conf'
    path.write_text('[DEFAULT]\nstate_path = %s\n' % (tmp_path / 'state'))
    assert _manage(str(path), 'db', 'sync') == 0
    assert (tmp_path / 'state' / 'ratingapi.sqlite').is_file()


@pytest.mark.parametrize('command', ['sync', 'version'])
def test_unreachable_database(config_file, command, capsys):
    assert _manage(config_file(UNREACHABLE_URL), 'db', command) == 1
    captured = capsys.readouterr()
    assert captured.out == ''
    assert captured.err.startswith('ratingapi-manage: error: database '
                                   'postgresql+psycopg://rating:***@')
    assert 'Connection refused' in captured.err
    assert captured.err.count('\n') == 1
    assert 's3cret' not in captured.err
    assert 'Traceback' not in captured.err


def test_unsupported_database(config_file, capsys):
    assert _manage(config_file('mysql://rating:s3cret@db/rating'),
                   'db', 'sync') == 1
    err = capsys.readouterr().err
    assert 'unsupported database backend' in err
    assert 's3cret' not in err


@pytest.mark.parametrize('args', [[], ['db'], ['db', 'drop']])
def test_usage_errors(config_file, args):
    with pytest.raises(SystemExit) as exit_info:
        _manage(config_file('sqlite://'), *args)
    assert exit_info.value.code == 2
