"""ratingapi.wsgi: config from $RATINGAPI_CONFIG_FILE, server argv ignored.

Each test imports the module in a fresh interpreter: importing it parses
the process-wide CONF, which must not happen inside the test process.
"""
import json
import os
import subprocess
import sys

from ratingapi import conf
from ratingapi.storage import migration

# Runs in the child; prints one JSON line for the parent to check.
CHILD = '''
import json
import sys

sys.argv = ['gunicorn', '--workers', '2', '-b', '127.0.0.1:1',
            'ratingapi.wsgi:application']

from werkzeug.test import Client

from ratingapi import wsgi

response = Client(wsgi.application).get('/')
document = response.get_json()
v2 = [v for v in document['versions'] if v['id'].startswith('v2')][0]
print(json.dumps({
    'callable': callable(wsgi.application),
    'status': response.status_code,
    'self': [link['href'] for link in v2['links']
             if link['rel'] == 'self'][0],
}))
'''


def _config(path, state, database, public_url):
    path.write_text(
        '[DEFAULT]\n'
        'auth_strategy = noauth\n'
        'state_path = %s\n'
        '[database]\n'
        'connection = %s\n'
        '[api]\n'
        'public_url = %s\n' % (state, database, public_url))
    return str(path)


def _database(tmp_path):
    url = 'sqlite:///%s' % (tmp_path / 'ratingapi.sqlite')
    migration.upgrade(url)
    return url


def _run_child(config_files, tmp_path):
    env = dict(os.environ)
    env[conf.CONFIG_FILE_ENV] = os.pathsep.join(config_files)
    # Keep the child from finding anything under the real home.
    env['XDG_STATE_HOME'] = str(tmp_path / 'xdg')
    result = subprocess.run([sys.executable, '-c', CHILD], env=env,
                            cwd=str(tmp_path), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_application_reads_config_file_and_ignores_argv(tmp_path):
    url = _database(tmp_path)
    path = _config(tmp_path / 'ratingapi.conf', tmp_path / 'state', url,
                   'https://cfg.example/rating')
    out = _run_child([path], tmp_path)
    assert out['callable'] is True
    assert out['status'] == 300
    assert out['self'].startswith('https://cfg.example/rating/v2/')


def test_later_config_file_wins(tmp_path):
    url = _database(tmp_path)
    first = _config(tmp_path / 'first.conf', tmp_path / 'state', url,
                    'https://first.example/rating')
    second = _config(tmp_path / 'second.conf', tmp_path / 'state', url,
                     'https://second.example/rating')
    out = _run_child([first, second], tmp_path)
    assert out['self'].startswith('https://second.example/rating/v2/')
    # And the order matters, not just the presence of the second file.
    out = _run_child([second, first], tmp_path)
    assert out['self'].startswith('https://first.example/rating/v2/')
