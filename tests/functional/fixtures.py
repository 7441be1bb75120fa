"""gabbi fixtures: each YAML file names one, which builds the app it tests.

How gabbi 4.2.3 wires an app in (read from its source):

* ``intercept=`` is a factory, but it is *not* called when a YAML file's
  fixtures start: ``suitemaker.TestMaker.make_one_test`` builds an
  ``httpclient.Http`` for every single test while the tests are collected,
  and ``Http.__init__`` calls the factory right there.  So the factory runs
  once per test, before any fixture of any file has started.
* A file's fixtures start just before its first test runs and stop after
  its last one (``GabbiSuite.run``, or ``gabbi.pytester`` under pytest).

Hence the design: :func:`intercept` hands every test the same small WSGI
callable, :func:`current_app`, which forwards each request to the app built
by the fixture of the file that is running now (the module-level
``_CURRENT`` below).  Files run one after the other, so one "current app"
at a time is enough; a request made while no fixture is active fails
loudly instead of reaching a stale app.

Every fixture builds a fresh ``ConfigOpts`` (never the global ``CONF``)
with the metric definitions of ``tests/functional/data/metrics.yml``,
a fresh migrated SQLite file in its own temporary directory, and turns
``[api] strict_checks`` on, so schema mismatches and unchecked policy
become 500s that the tests catch.
"""
import os
import shutil
import tempfile

from gabbi import fixture
from oslo_policy import opts as policy_opts
from werkzeug.middleware import dispatcher
from werkzeug import wrappers

from ratingapi import app as ratingapi_app
from ratingapi.storage import migration
from tests.appkit import make_conf
from tests.appkit import METRICS_FILE

# The app of the YAML file whose fixture is running (None between files).
_CURRENT = {'app': None}

# Where PrefixMounted mounts the whole service.
MOUNT_PREFIX = '/rating'

PUBLIC_URL = 'https://cloud.example.com/rating'
WWW_AUTHENTICATE_URI = 'https://keystone.example.com/identity'
SMALL_BODY_LIMIT = 32

# The operator's policy file PolicyFile installs: v2 list_modules for readers.
POLICY_FILE_TEXT = '"v2_rating:list_modules": "role:reader"\n'

# An auditor role that reads summaries and data points (of its project),
# and lists scopes and reprocessing tasks (admin only by default)...
AUDITOR_READS = ''.join(
    '"%s": "rule:project_reader_or_admin or role:auditor"\n' % rule
    for rule in ('summary:get_summary', 'dataframes:get')) + ''.join(
    '"%s": "role:admin or role:auditor"\n' % rule
    for rule in ('scope:get_state', 'schedule:get_task_reprocesses'))
# ...and, granted these, those of every project.
AUDITOR_ALL_PROJECTS = ''.join(
    '"%s": "role:admin or role:auditor"\n' % rule
    for rule in ('summary:all_projects', 'dataframes:all_projects',
                 'scope:all_projects', 'schedule:all_projects'))


def current_app(environ, start_response):
    """WSGI app that forwards to the app of the running YAML file."""
    app = _CURRENT['app']
    if app is None:
        raise RuntimeError('no gabbi fixture is active: every YAML file in '
                           'tests/functional/gabbits must list one')
    return app(environ, start_response)


def intercept():
    """The app factory given to gabbi (called at collection time)."""
    return current_app


def _outside_mount(environ, start_response):
    """What a front server answers outside the mounted service."""
    response = wrappers.Response(
        '{"message": "not under %s"}' % MOUNT_PREFIX, status=404,
        mimetype='application/json')
    return response(environ, start_response)


class ServiceFixture(fixture.GabbiFixture):
    """A fresh app on a fresh database, configured by class attributes.

    ``overrides`` maps ``(group, option)`` (group None for [DEFAULT]) to a
    value; subclasses add theirs on top of the noauth test defaults.
    """

    overrides = {}

    def start_fixture(self):
        self.tmpdir = tempfile.mkdtemp(prefix='ratingapi-gabbi-')
        url = 'sqlite:///%s' % os.path.join(self.tmpdir, 'ratingapi.sqlite')
        migration.upgrade(url)
        conf = make_conf()
        settings = {
            (None, 'auth_strategy'): 'noauth',
            ('database', 'connection'): url,
            ('api', 'strict_checks'): True,
            ('collect', 'metrics_conf'): str(METRICS_FILE),
        }
        settings.update(self.overrides)
        settings.update(self.extra_overrides(conf))
        self.conf, self.settings = conf, settings
        for (group, name), value in settings.items():
            conf.set_override(name, value, group)
        _CURRENT['app'] = self.wrap(ratingapi_app.create_app(conf))

    def extra_overrides(self, conf):
        """Overrides that need the temporary directory or extra options."""
        return {}

    def wrap(self, app):
        return app

    def stop_fixture(self):
        _CURRENT['app'] = None
        # Undo every override: the options of ratingapi's [api] and
        # [database] groups are shared by every ConfigOpts that registered
        # them (see test_fixtures.py), so they would leak into the next
        # file's app and into the global CONF.
        for group, name in getattr(self, 'settings', {}):
            self.conf.clear_override(name, group)
        shutil.rmtree(self.tmpdir, ignore_errors=True)


class NoAuth(ServiceFixture):
    """The test default: noauth, direct access, no proxy trusted."""


class NoMetrics(ServiceFixture):
    """[collect] metrics_conf empty: no metric definitions at all."""

    overrides = {('collect', 'metrics_conf'): ''}


class Keystone(ServiceFixture):
    """auth_strategy = keystone.

    No Keystone server is needed: keystonemiddleware runs with
    delay_auth_decision, so a request without a token never reaches
    Keystone; it arrives unconfirmed and the API answers 401 wherever
    policy is checked.
    """

    overrides = {
        (None, 'auth_strategy'): 'keystone',
        ('keystone_authtoken', 'www_authenticate_uri'):
            WWW_AUTHENTICATE_URI,
    }


class ProxyHeaders(ServiceFixture):
    """[api] enable_proxy_headers_parsing = True."""

    overrides = {('api', 'enable_proxy_headers_parsing'): True}


class PublicUrl(ServiceFixture):
    """[api] public_url set, with proxy headers trusted as well."""

    overrides = {
        ('api', 'public_url'): PUBLIC_URL,
        ('api', 'enable_proxy_headers_parsing'): True,
    }


class PrefixMounted(ServiceFixture):
    """The whole service mounted under /rating (SCRIPT_NAME=/rating)."""

    def wrap(self, app):
        return dispatcher.DispatcherMiddleware(_outside_mount,
                                               {MOUNT_PREFIX: app})


class SmallBody(ServiceFixture):
    """[api] max_request_body_size small enough to trip with a test body."""

    overrides = {('api', 'max_request_body_size'): SMALL_BODY_LIMIT}


class PolicyFile(ServiceFixture):
    """[oslo_policy] policy_file granting v2 list_modules to readers."""

    policy_text = POLICY_FILE_TEXT

    def extra_overrides(self, conf):
        path = os.path.join(self.tmpdir, 'policy.yaml')
        with open(path, 'w') as policy_file:
            policy_file.write(self.policy_text)
        # The enforcer registers [oslo_policy] only when it is created,
        # after the overrides are set: register the options first.
        for group, options in policy_opts.list_opts():
            conf.register_opts(options, group)
        return {('oslo_policy', 'policy_file'): path}


class AuditorPolicyFile(PolicyFile):
    """A policy file letting auditors read every project's points, scopes
    and reprocessing tasks."""

    policy_text = AUDITOR_READS + AUDITOR_ALL_PROJECTS


class AuditorOwnProjectPolicyFile(PolicyFile):
    """The same auditors, without the all_projects grants."""

    policy_text = AUDITOR_READS


class InfoPolicyFile(PolicyFile):
    """Metric information for admins only, the deprecated
    /v1/info/services/<id> URL switched off."""

    policy_text = ('"info:list_metrics_info": "role:admin"\n'
                   '"info:get_metric_info": "role:admin"\n'
                   '"info:get_service_info": "!"\n')


class PyScriptsEnabled(ServiceFixture):
    """[pyscripts] enable_execution = True: rating scripts run."""

    overrides = {('pyscripts', 'enable_execution'): True}


class SmallV1Listing(ServiceFixture):
    """[api] max_v1_dataframes_points small enough to trip with test data."""

    overrides = {('api', 'max_v1_dataframes_points'): 5}


# An auditor role that reads v1 reports and data points (of its
# project)...
AUDITOR_V1_READS = ''.join(
    '"%s": "rule:project_reader_or_admin or role:auditor"\n' % rule
    for rule in ('report:get_total', 'report:get_summary',
                 'storage:list_data_frames'))
# ...and, granted these, those of every project.
AUDITOR_V1_ALL_PROJECTS = ''.join(
    '"%s": "role:admin or role:auditor"\n' % rule
    for rule in ('report:all_projects', 'storage:all_projects'))


class AuditorV1PolicyFile(PolicyFile):
    """Auditors reading every project's v1 reports and points."""

    policy_text = AUDITOR_V1_READS + AUDITOR_V1_ALL_PROJECTS


class AuditorV1OwnProjectPolicyFile(PolicyFile):
    """The same auditors, without the all_projects grants."""

    policy_text = AUDITOR_V1_READS
