"""Version apps built by application.create_app, over real SQLite storage."""
import decimal
import logging

import pytest
from werkzeug.middleware import dispatcher
from werkzeug import test as wtest

from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api import restful
from ratingapi.api import services as api_services
from ratingapi.api import v1
from ratingapi.api import v2
from ratingapi import exceptions
from ratingapi import middleware
from ratingapi import policy
from ratingapi import storage
from tests import appkit

HELP = 'https://docs.example.com/errors'


@pytest.fixture
def database(tmp_path):
    database = storage.Database(appkit.migrated_sqlite_url(tmp_path))
    yield database
    database.dispose()


@pytest.fixture
def enforcer():
    return policy.create_enforcer(appkit.make_conf())


def _services(database, strict=True, public_url=None):
    settings = api_services.Settings(
        public_url=public_url, max_limit=1000, max_request_body_size=1024,
        errors_help_url=HELP, strict_checks=strict,
        max_points_per_request=100, scope_key='project_id',
        default_collector='gnocchi', default_fetcher='keystone',
        max_v1_dataframes_points=100)
    return api_services.Services(settings=settings, database=database)


def _client(app, enforcer, mounts=None):
    """The app behind the identity layers of the real pipeline (noauth)."""
    if mounts is not None:
        app = dispatcher.DispatcherMiddleware(app, mounts)
    app = middleware.ContextMiddleware(app, enforcer)
    return wtest.Client(middleware.NoAuth(app))


# -- the strict policy-coverage hook ------------------------------------------

class Unchecked(restful.Resource):
    capabilities = {'GET': 'test:unchecked'}

    def get(self):
        return {'answer': 42}

    def post(self):
        return {'created': True}, 201


class Checked(restful.Resource):
    capabilities = {'GET': 'test:checked'}

    def get(self):
        self.context.can('context_is_admin', {})
        return {'answer': 42}


class Public(Unchecked):
    public = True
    capabilities = {'GET': 'test:public'}


class MissingThing(restful.Resource):
    capabilities = {'GET': 'test:missing'}

    def get(self):
        raise exceptions.NotFound('no such thing')


class Broken(restful.Resource):
    public = True
    capabilities = {'GET': 'test:broken'}

    def get(self):
        raise RuntimeError('secret-token-value')


class Money(restful.Resource):
    public = True
    capabilities = {'GET': 'test:money', 'DELETE': 'test:delete'}

    def get(self):
        return {'price': decimal.Decimal('0.10'),
                'big': decimal.Decimal('1234567890123456789.000000001')}

    def delete(self):
        return None, 204


ROUTES = (
    application.Route('/unchecked', Unchecked, 'unchecked'),
    application.Route('/checked', Checked, 'checked'),
    application.Route('/public', Public, 'public'),
    application.Route('/missing', MissingThing, 'missing'),
    application.Route('/broken', Broken, 'broken'),
    application.Route('/money', Money, 'money'),
)


def _test_app(database, enforcer, strict=True, version=v2.VERSION,
              dialect=errors.SIG):
    app = application.create_app(version, dialect, ROUTES,
                                 _services(database, strict))
    return _client(app, enforcer)


@pytest.mark.parametrize('method, path', [('GET', '/unchecked'),
                                          ('HEAD', '/unchecked'),
                                          ('POST', '/unchecked')])
def test_unchecked_success_becomes_500_in_strict_mode(database, enforcer,
                                                      caplog, method, path):
    client = _test_app(database, enforcer)
    with caplog.at_level(logging.ERROR, logger=application.__name__):
        response = client.open(path, method=method)
    assert response.status_code == 500
    if method != 'HEAD':
        item = response.json['errors'][0]
        assert item['code'] == 'rating.internal-error'
        assert '%s %s' % (method, path) in item['detail']
        assert 'without checking policy' in item['detail']
    assert any('without checking policy' in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize('path', ['/checked', '/public'])
def test_checked_or_public_success_passes(database, enforcer, path):
    response = _test_app(database, enforcer).get(path)
    assert response.status_code == 200
    assert response.json == {'answer': 42}


def test_policy_denied_is_403_not_500(database, enforcer):
    client = _test_app(database, enforcer)
    response = client.get('/checked', headers={'X-Roles': 'reader',
                                               'X-Project-Id': 'p1'})
    assert response.status_code == 403
    assert response.json['errors'][0]['code'] == 'rating.forbidden'


def test_unchecked_error_is_left_alone(database, enforcer):
    response = _test_app(database, enforcer).get('/missing')
    assert response.status_code == 404
    assert response.json['errors'][0]['detail'] == 'no such thing'


def test_hook_is_off_outside_strict_mode(database, enforcer):
    response = _test_app(database, enforcer, strict=False).get('/unchecked')
    assert response.status_code == 200
    assert response.json == {'answer': 42}


def test_capability_names_from_routes():
    assert application.capability_names(ROUTES) == (
        'test:unchecked', 'test:checked', 'test:public', 'test:missing',
        'test:broken', 'test:money', 'test:delete')
    # Duplicates appear once, in first-seen order.
    assert application.capability_names(ROUTES + ROUTES[:2]) == (
        application.capability_names(ROUTES))


def test_aliases_repeat_the_routes_under_a_prefix():
    routes = (application.Route('/rating', Checked, 'rating'),
              application.Route('/rating/<a>/x', Money, 'rx'),
              application.Route('/ratings', Public, 'ratings'),
              application.Route('/other/rating', Public, 'other'))
    assert application.aliases(routes, '/rating', '/billing') == (
        application.Route('/billing', Checked, 'billing_rating',
                          alias_of='/rating'),
        application.Route('/billing/<a>/x', Money, 'billing_rx',
                          alias_of='/rating/<a>/x'))
    # Aliases offer nothing new.
    assert application.capability_names(routes + application.aliases(
        routes, '/rating', '/billing')) == application.capability_names(
            routes)


# -- errors and representation -------------------------------------------

def test_unexpected_exception_is_a_json_500_without_details(database,
                                                            enforcer):
    response = _test_app(database, enforcer).get('/broken')
    assert response.status_code == 500
    assert response.mimetype == 'application/json'
    assert b'secret-token-value' not in response.data
    assert b'Traceback' not in response.data
    assert response.json['errors'][0]['code'] == 'rating.internal-error'


def test_legacy_dialect_renders_v1_faults(database, enforcer):
    client = _test_app(database, enforcer, version=v1.VERSION,
                       dialect=errors.LEGACY)
    response = client.get('/missing')
    assert response.status_code == 404
    assert response.json == {'faultcode': 'Client',
                             'faultstring': 'no such thing',
                             'debuginfo': None}


def test_decimal_is_written_exactly(database, enforcer):
    response = _test_app(database, enforcer).get('/money')
    assert response.status_code == 200
    assert response.mimetype == 'application/json'
    assert response.data == (b'{"price":0.10,'
                             b'"big":1234567890123456789.000000001}')


def test_204_has_no_body(database, enforcer):
    # restful.output_json drops Content-Type for a body-less 204; nothing
    # after it may put a media type back on a response without content.
    response = _test_app(database, enforcer).delete('/money')
    assert response.status_code == 204
    assert response.data == b''
    assert 'Content-Type' not in response.headers


@pytest.mark.parametrize('accept', ['text/html', 'application/xml',
                                    'application/json;q=0', '*/*'])
def test_any_accept_header_gets_json(database, enforcer, accept):
    response = _test_app(database, enforcer).get(
        '/money', headers={'Accept': accept})
    assert response.status_code == 200
    assert response.mimetype == 'application/json'


def test_unknown_path_is_a_json_404(database, enforcer):
    response = _test_app(database, enforcer).get('/nothing/here')
    assert response.status_code == 404
    assert response.json['errors'][0]['code'] == 'rating.uri-not-found'


def test_unsupported_method_is_a_json_405_with_allow(database, enforcer):
    response = _test_app(database, enforcer).put('/checked')
    assert response.status_code == 405
    assert response.json['errors'][0]['code'] == 'rating.method-not-allowed'
    allowed = [m.strip() for m in response.headers['Allow'].split(',')]
    assert 'GET' in allowed and 'PUT' not in allowed
    assert allowed == sorted(allowed)


# -- microversion negotiation on a microversioned major ------------------

def test_microversion_echo_and_vary_on_success(database, enforcer):
    response = _test_app(database, enforcer).get('/public')
    assert response.headers['OpenStack-API-Version'] == 'rating %s' % (
        discovery.microversion.format(v2.VERSION.min_version))
    assert 'OpenStack-API-Version' in response.vary


def test_microversion_latest_is_the_maximum(database, enforcer):
    response = _test_app(database, enforcer).get(
        '/public', headers={'OpenStack-API-Version': 'rating latest'})
    assert response.headers['OpenStack-API-Version'] == 'rating %s' % (
        discovery.microversion.format(v2.VERSION.max_version))


@pytest.mark.parametrize('header, status, code', [
    ('rating 2', 400, 'rating.microversion-invalid'),
    ('rating 9.0', 406, 'rating.microversion-unsupported'),
    ('rating 1.0', 406, 'rating.microversion-unsupported'),
])
def test_microversion_errors_have_vary(database, enforcer, header, status,
                                       code):
    response = _test_app(database, enforcer).get(
        '/public', headers={'OpenStack-API-Version': header})
    assert response.status_code == status
    assert 'OpenStack-API-Version' in response.vary
    item = response.json['errors'][0]
    assert item['code'] == code
    if status == 406:
        assert item['min_version'] == discovery.microversion.format(
            v2.VERSION.min_version)
        assert item['max_version'] == discovery.microversion.format(
            v2.VERSION.max_version)


def test_errors_after_negotiation_carry_the_echo(database, enforcer):
    response = _test_app(database, enforcer).get('/missing')
    assert response.status_code == 404
    assert 'OpenStack-API-Version' in response.headers
    assert 'OpenStack-API-Version' in response.vary


def test_major_without_microversions_has_no_echo(database, enforcer):
    client = _test_app(database, enforcer, version=v1.VERSION,
                       dialect=errors.LEGACY)
    response = client.get('/public', headers={
        'OpenStack-API-Version': 'rating 9.9'})
    assert response.status_code == 200
    assert 'OpenStack-API-Version' not in response.headers
    assert 'OpenStack-API-Version' not in response.vary


# -- the real version apps, mounted ----------------------------------------

@pytest.mark.parametrize('module', [v1, v2], ids=['v1', 'v2'])
def test_version_apps_serve_both_slash_forms(database, enforcer, module):
    app = module.create_app(_services(database))
    version = module.VERSION
    client = _client(lambda e, s: [], enforcer, {version.path: app})
    bare = client.get(version.path, base_url='http://h.example')
    slash = client.get(version.path + '/', base_url='http://h.example')
    for response in (bare, slash):
        assert response.status_code == 200
        assert 'Location' not in response.headers
        assert response.headers['Cache-Control'] == 'no-cache'
    assert bare.json == slash.json == discovery.version_document(
        version, 'http://h.example/')


@pytest.mark.parametrize('path_info', ['', '/'])
def test_version_app_answers_empty_and_slash_path_info(database, enforcer,
                                                       path_info):
    app = v2.create_app(_services(database))
    environ = wtest.EnvironBuilder(path='/', base_url='http://h/v2',
                                   headers={'X-Roles': 'admin'}).get_environ()
    environ['PATH_INFO'] = path_info
    client_app = middleware.ContextMiddleware(app, enforcer)
    body, status, headers = wtest.run_wsgi_app(client_app, environ,
                                               buffered=True)
    assert status.startswith('200')
    assert b'"id":"v2.0"' in b''.join(body)


@pytest.mark.parametrize('module', [v1, v2], ids=['v1', 'v2'])
@pytest.mark.parametrize('priority', [10 ** 20, 2 ** 63])
def test_out_of_range_priority_is_a_400_not_a_500(database, enforcer,
                                                  module, priority):
    # Bad input is a 400 naming the parameter, never a database overflow.
    app = module.create_app(_services(database))
    client = _client(lambda e, s: [], enforcer, {module.VERSION.path: app})
    response = client.put(module.VERSION.path + '/rating/modules/noop',
                          data=b'{"priority": %d}' % priority,
                          content_type='application/json')
    assert response.status_code == 400
    assert 'priority' in response.get_data(as_text=True)


@pytest.mark.parametrize('path', ['/v2/', '/v2/capabilities'])
def test_discovery_rejects_unknown_query_parameters(database, enforcer,
                                                    path):
    app = v2.create_app(_services(database))
    client = _client(lambda e, s: [], enforcer, {'/v2': app})
    response = client.get(path + '?colour=red')
    assert response.status_code == 400
    assert "'colour'" in response.json['errors'][0]['detail']


def test_capabilities_follow_the_negotiated_microversion(database,
                                                         enforcer):
    app = v2.create_app(_services(database))
    client = _client(lambda e, s: [], enforcer, {'/v2': app})
    response = client.get('/v2/capabilities', base_url='http://h.example')
    assert response.status_code == 200
    body = response.json
    assert body['microversion'] == response.headers[
        'OpenStack-API-Version'].split()[1]
    assert body['version'] == discovery.version_entry(v2.VERSION,
                                                      'http://h.example/')
    assert body['links'] == [{'rel': 'self',
                              'href': 'http://h.example/v2/capabilities'}]
    assert body['deployment']['storage_backend'] == 'sqlite'
    assert body['deployment']['max_request_body_size'] == 1024
    assert body['deployment']['max_limit'] == 1000
    assert [c['name'] for c in body['capabilities']] == [
        c.name for c in v2.VERSION.capabilities]


def test_public_url_is_used_by_the_version_document(database, enforcer):
    app = v2.create_app(_services(database,
                                  public_url='https://pub.example/r/'))
    client = _client(lambda e, s: [], enforcer, {'/v2': app})
    response = client.get('/v2/', base_url='http://internal:1')
    assert response.json['version']['links'] == [
        {'rel': 'self', 'href': 'https://pub.example/r/v2/'},
        {'rel': 'collection', 'href': 'https://pub.example/r/'}]


# -- routes that appear at a later microversion ------------------------------

class Later(Checked):
    capabilities = {'GET': 'test:later'}


LATER_HISTORY = application.with_routes((
    discovery.Microversion('2.0', 'first'),
    discovery.Microversion('2.1', 'adds /later'),
), ROUTES[:2] + (application.Route('/later', Later, 'later',
                                   min_version='2.1'),))
LATER_VERSION = discovery.ApiVersion(2, discovery.CURRENT,
                                     history=LATER_HISTORY)


def _later_client(database, enforcer):
    routes = ROUTES[:2] + (application.Route('/later', Later, 'later',
                                             min_version='2.1'),)
    app = application.create_app(LATER_VERSION, errors.SIG, routes,
                                 _services(database))
    return _client(app, enforcer)


def test_with_routes_adds_each_capability_at_its_routes_step():
    first, second = LATER_HISTORY
    assert first.added == ('test:unchecked', 'test:checked')
    assert second.added == ('test:later',)
    [later] = [cap for cap in LATER_VERSION.capabilities
               if cap.name == 'test:later']
    assert (later.min_version, later.max_version) == ('2.1', None)
    assert not later.available((2, 0)) and later.available((2, 1))


def test_with_routes_refuses_a_step_the_history_lacks():
    with pytest.raises(ValueError, match='2.7'):
        application.with_routes(
            (discovery.Microversion('2.0', 'first'),),
            (application.Route('/x', Later, 'x', min_version='2.7'),))


@pytest.mark.parametrize('header, status', [
    (None, 404), ('rating 2.0', 404), ('rating 2.1', 200),
    ('rating latest', 200)])
def test_a_route_answers_404_below_its_min_version(database, enforcer,
                                                   header, status):
    headers = {'OpenStack-API-Version': header} if header else {}
    response = _later_client(database, enforcer).get('/later',
                                                     headers=headers)
    assert response.status_code == status
    if status == 404:
        assert 'from microversion 2.1' in response.json['message']
        assert response.headers['OpenStack-API-Version'] == 'rating 2.0'
