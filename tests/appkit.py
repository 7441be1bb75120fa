"""Set-up shared by the tests: configuration, databases, apps and clients.

Every helper builds something fresh (a new ConfigOpts, a new database
file), so tests never see each other's state.
"""
import contextlib
import datetime
import json
import pathlib

import flask
from oslo_config import cfg
from werkzeug.middleware import dispatcher
from werkzeug import test as wtest

from ratingapi.api import services
from ratingapi.api import validation
from ratingapi import app as composition
from ratingapi import conf as rconf
from ratingapi.storage import migration

ADMIN = {'X-Roles': 'admin', 'X-Project-Id': 'p1', 'X-User-Id': 'u1'}
MEMBER = {'X-Roles': 'member,reader', 'X-Project-Id': 'p1',
          'X-User-Id': 'u2'}
OTHER = {'X-Roles': 'member,reader', 'X-Project-Id': 'p2',
         'X-User-Id': 'u3'}
UNSCOPED = {'X-Roles': 'member,reader', 'X-User-Id': 'u4'}

# The metric definitions of the tests (every feature of the format).
METRICS_FILE = pathlib.Path(__file__).parent / 'functional' / 'data' / (
    'metrics.yml')
# build_client's ``options`` that load them.
METRICS_OPTIONS = '[collect]\nmetrics_conf = %s\n' % METRICS_FILE


def make_conf(config_file=None):
    """A fresh ConfigOpts with every option registered and parsed.

    Without ``config_file`` every option has its default.
    """
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    args = ['--config-file', str(config_file)] if config_file else []
    rconf.parse_args(conf, args, default_config_files=[])
    return conf


def make_settings():
    """The API settings of the default configuration."""
    return services.Settings.from_conf(make_conf())


@contextlib.contextmanager
def settings_app_context(settings=None):
    """A Flask app context holding ``settings`` (default: the defaults)."""
    app = flask.Flask(__name__)
    app.config[validation.SETTINGS_KEY] = (
        make_settings() if settings is None else settings)
    with app.app_context():
        yield app


def sqlite_url(directory):
    """URL of the SQLite database file of the tests in ``directory``."""
    return 'sqlite:///%s' % (directory / 'ratingapi.sqlite')


def migrated_sqlite_url(directory):
    """sqlite_url(directory), migrated to the head revision."""
    url = sqlite_url(directory)
    migration.upgrade(url)
    return url


def build_client(directory, policy_text='', options='', public_url=None,
                 prefix=None):
    """A client of the whole app (noauth) on a migrated database.

    The database, policy file and configuration file are written in
    ``directory``; ``options`` are extra lines of the [api] section (or
    further sections), ``prefix`` mounts the app below a path.
    """
    url = migrated_sqlite_url(directory)
    policy_file = directory / 'policy.yaml'
    policy_file.write_text(policy_text)
    if public_url:
        options = 'public_url = %s\n%s' % (public_url, options)
    config_file = directory / 'ratingapi.conf'
    config_file.write_text(
        '[DEFAULT]\nauth_strategy = noauth\n'
        '[api]\nstrict_checks = true\n%s\n'
        '[database]\nconnection = %s\n'
        '[oslo_policy]\npolicy_file = %s\n' % (options, url, policy_file))
    app = composition.create_app(make_conf(config_file))
    if prefix:
        app = dispatcher.DispatcherMiddleware(
            lambda environ, start: [], {prefix: app})
    return wtest.Client(app)


def call(client, method, path, body=None, headers=ADMIN, version='2.0'):
    """``method path`` at API ``version``, with ``body`` sent as JSON."""
    headers = dict(headers, **{'OpenStack-API-Version':
                               'rating %s' % version})
    data = None
    if body is not None:
        headers['Content-Type'] = 'application/json'
        data = json.dumps(body)
    return client.open(path, method=method, headers=headers, data=data)


def assert_whole_month_around(begin, end, before, after):
    """[begin, end) is one UTC calendar month holding [before, after]."""
    for bound in (begin, end):
        assert bound.utcoffset() == datetime.timedelta(0), bound
        assert (bound.day, bound.time()) == (1, datetime.time()), bound
    assert begin <= before <= after < end
    # From one first of a month to the very next one.
    assert 28 <= (end - begin).days <= 31
