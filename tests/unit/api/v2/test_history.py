"""v2 HISTORY, ROUTES and capabilities agree with each other and the app."""
import re

import pytest
from werkzeug.middleware import dispatcher
from werkzeug import test as wtest

from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import microversion
from ratingapi.api import services as api_services
from ratingapi.api import v2
from ratingapi import middleware
from ratingapi import policy
from ratingapi import storage
from tests import appkit

HTTP_METHODS = ('get', 'head', 'post', 'put', 'patch', 'delete')
CAPABILITY_RE = re.compile(r'^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$')


def _steps():
    return [microversion.parse(step.version) for step in v2.HISTORY]


def test_version_is_built_from_history():
    assert v2.VERSION.history == v2.HISTORY
    assert v2.VERSION.major == 2
    assert v2.VERSION.status == discovery.CURRENT
    assert v2.VERSION.microversioned
    assert v2.VERSION.min_version == _steps()[0]
    assert v2.VERSION.max_version == _steps()[-1]


def test_history_starts_at_2_0_and_steps_by_one():
    steps = _steps()
    assert steps[0] == (2, 0)
    assert steps == [(2, minor) for minor in range(len(steps))]


@pytest.mark.parametrize('step', v2.HISTORY, ids=lambda s: s.version)
def test_each_step_says_what_it_changed(step):
    assert step.summary.strip()
    assert set(step.added).isdisjoint(step.removed)


def test_a_capability_is_added_once_and_removed_only_after():
    added, removed = [], []
    for step in v2.HISTORY:
        for name in step.removed:
            assert name in added and name not in removed, name
            removed.append(name)
        for name in step.introduced:
            # Names never change meaning: no re-adding a retired name.
            assert name not in added, name
            added.append(name)
    assert [cap.name for cap in v2.VERSION.capabilities] == added


@pytest.mark.parametrize('cap', v2.VERSION.capabilities,
                         ids=lambda c: c.name)
def test_capability_names_are_well_formed(cap):
    assert CAPABILITY_RE.match(cap.name)


def test_routes_declare_exactly_the_current_operations():
    # Behaviours are capabilities of existing operations, not routes.
    behaviours = {name for step in v2.HISTORY for name in step.behaviours}
    current = {cap.name for cap in v2.VERSION.capabilities
               if cap.available(v2.VERSION.max_version)}
    assert set(application.capability_names(v2.ROUTES)) == (
        current - behaviours)


@pytest.mark.parametrize('route', v2.ROUTES, ids=lambda r: r.endpoint)
def test_every_method_of_a_route_has_a_capability(route):
    methods = {name.upper() for name in HTTP_METHODS
               if hasattr(route.resource, name)} - {'HEAD'}
    assert methods
    assert set(route.resource.capabilities) == methods


def test_routes_are_unique():
    paths = [route.path for route in v2.ROUTES]
    endpoints = [route.endpoint for route in v2.ROUTES]
    assert len(paths) == len(set(paths))
    assert len(endpoints) == len(set(endpoints))
    assert '/' in paths and '/capabilities' in paths


# -- the served app agrees with the history --------------------------------

@pytest.fixture
def client(tmp_path):
    url = appkit.migrated_sqlite_url(tmp_path)
    conf = appkit.make_conf()
    settings = api_services.Settings.from_conf(conf)
    database = storage.Database(url)
    app = v2.create_app(api_services.Services(settings, database))
    app = dispatcher.DispatcherMiddleware(lambda e, s: [], {'/v2': app})
    app = middleware.ContextMiddleware(app, policy.create_enforcer(conf))
    yield wtest.Client(middleware.NoAuth(app))
    database.dispose()


def _at(client, path, version):
    return client.get(path, headers={
        'OpenStack-API-Version': 'rating %s' % version})


@pytest.mark.parametrize('step', v2.HISTORY, ids=lambda s: s.version)
def test_every_history_version_is_negotiable(client, step):
    response = _at(client, '/v2/capabilities', step.version)
    assert response.status_code == 200
    assert response.headers['OpenStack-API-Version'] == (
        'rating %s' % step.version)
    executed = microversion.parse(step.version)
    body = response.json
    assert body['microversion'] == step.version
    for item in body['capabilities']:
        low = microversion.parse(item['min_version'])
        high = (microversion.parse(item['max_version'])
                if item['max_version'] else None)
        expected = low <= executed and (high is None or executed <= high)
        assert item['available'] is expected, item


def test_version_document_states_the_history_range(client):
    entry = client.get('/v2/').json['version']
    assert entry['min_version'] == v2.HISTORY[0].version
    assert entry['max_version'] == v2.HISTORY[-1].version
    assert entry['version'] == entry['max_version']


def test_next_microversion_is_not_yet_served(client):
    major, minor = v2.VERSION.max_version
    response = _at(client, '/v2/', '%d.%d' % (major, minor + 1))
    assert response.status_code == 406
    item = response.json['errors'][0]
    assert item['max_version'] == v2.HISTORY[-1].version
    assert item['min_version'] == v2.HISTORY[0].version
