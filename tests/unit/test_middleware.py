"""The WSGI pipeline and each of its layers."""
import io
import json
import logging

import pytest
from werkzeug import test as wtest
from werkzeug import wrappers

from ratingapi import app as composition
from ratingapi import context
from ratingapi import middleware
from ratingapi import policy
from tests import appkit

HELP = 'https://docs.example.com/errors'


class Spy:
    """An inner app that records the environ it was called with."""

    def __init__(self, read_body=False):
        self.environ = None
        self.calls = 0
        self.read_body = read_body
        self.body = None

    def __call__(self, environ, start_response):
        self.environ = environ
        self.calls += 1
        if self.read_body:
            self.body = environ['wsgi.input'].read()
        start_response('200 OK', [('Content-Type', 'text/plain')])
        return [b'spy']


@pytest.fixture
def make_conf(tmp_path):
    """A fresh ConfigOpts; ``group__name=value`` go through a config file,
    the way an operator sets them."""
    def make(**options):
        lines = {}
        for key, value in options.items():
            group, _, name = key.rpartition('__')
            if isinstance(value, list):
                value = ','.join(value)
            lines.setdefault(group or 'DEFAULT', []).append(
                '%s = %s' % (name, value))
        config_file = tmp_path / 'ratingapi.conf'
        config_file.write_text(''.join(
            '[%s]\n%s\n' % (group, '\n'.join(entries))
            for group, entries in lines.items()))
        return appkit.make_conf(config_file)
    return make


# -- NoAuth ----------------------------------------------------------------

def _noauth(headers):
    spy = Spy()
    wtest.Client(middleware.NoAuth(spy)).get('/v2/x', headers=headers)
    return spy.environ


def test_noauth_without_roles_is_admin():
    environ = _noauth({})
    assert environ['HTTP_X_ROLES'] == 'admin'
    assert environ['HTTP_X_USER_ID'] == middleware.NOAUTH_DEFAULT_USER
    assert environ['HTTP_X_IDENTITY_STATUS'] == 'Confirmed'


def test_noauth_without_roles_keeps_a_given_user():
    environ = _noauth({'X-User-Id': 'alice'})
    assert environ['HTTP_X_ROLES'] == 'admin'
    assert environ['HTTP_X_USER_ID'] == 'alice'


def test_noauth_keeps_the_given_identity():
    environ = _noauth({'X-Roles': 'reader', 'X-User-Id': 'bob',
                       'X-Project-Id': 'p1'})
    assert environ['HTTP_X_ROLES'] == 'reader'
    assert environ['HTTP_X_USER_ID'] == 'bob'
    assert environ['HTTP_X_PROJECT_ID'] == 'p1'
    assert environ['HTTP_X_IDENTITY_STATUS'] == 'Confirmed'


def test_noauth_overrides_a_claimed_identity_status():
    environ = _noauth({'X-Roles': 'reader',
                       'X-Identity-Status': 'Invalid'})
    assert environ['HTTP_X_IDENTITY_STATUS'] == 'Confirmed'


def test_noauth_with_empty_roles_is_not_admin():
    environ = _noauth({'X-Roles': ''})
    assert environ['HTTP_X_ROLES'] == ''
    assert 'HTTP_X_USER_ID' not in environ


# -- BodySizeLimit -----------------------------------------------------------

def _limited(limit=10, read_body=False):
    spy = Spy(read_body=read_body)
    return spy, wtest.Client(middleware.BodySizeLimit(spy, limit, HELP))


@pytest.mark.parametrize('path', ['/v2/rating/modules/noop', '/', '/v2',
                                  '/healthcheck', '/v10/x'])
def test_body_too_large_is_a_sig_413(path):
    spy, client = _limited()
    response = client.put(path, data=b'x' * 11,
                          environ_overrides={
                              'openstack.request_id': 'req-7'})
    assert response.status_code == 413
    assert response.mimetype == 'application/json'
    item = response.json['errors'][0]
    assert item['status'] == 413
    assert item['code'] == 'rating.request-too-large'
    assert item['request_id'] == 'req-7'
    assert '11' in item['detail'] and '10' in item['detail']
    assert item['links'][0]['href'].startswith(HELP)
    assert spy.calls == 0


@pytest.mark.parametrize('path', ['/v1', '/v1/', '/v1/rating/modules/noop'])
def test_body_too_large_is_a_legacy_413_on_v1(path):
    spy, client = _limited()
    response = client.put(path, data=b'x' * 11)
    assert response.status_code == 413
    assert response.json['faultcode'] == 'Client'
    assert '10' in response.json['faultstring']
    assert spy.calls == 0
    assert 'OpenStack-API-Version' not in response.vary


@pytest.mark.parametrize('size', [0, 1, 10])
def test_body_within_the_limit_passes(size):
    spy, client = _limited(read_body=True)
    response = client.put('/v2/x', data=b'x' * size)
    assert response.status_code == 200
    assert spy.body == b'x' * size


def _chunked_environ(body):
    environ = wtest.EnvironBuilder(path='/v2/x', method='PUT').get_environ()
    environ.pop('CONTENT_LENGTH', None)
    environ['HTTP_TRANSFER_ENCODING'] = 'chunked'
    environ['wsgi.input'] = io.BytesIO(body)
    return environ


def test_chunked_body_within_the_limit_reaches_the_app_whole():
    spy = Spy(read_body=True)
    app = middleware.BodySizeLimit(spy, 10, HELP)
    wtest.run_wsgi_app(app, _chunked_environ(b'x' * 10), buffered=True)
    assert spy.body == b'x' * 10
    assert spy.environ['CONTENT_LENGTH'] == '10'


def test_a_buffered_chunked_body_is_a_plain_body_for_werkzeug():
    # No wsgi.input_terminated (not every server sets it): Werkzeug reads
    # a body of known length only if nothing says it is chunked.
    seen = {}

    def app(environ, start_response):
        seen['environ'] = environ
        seen['body'] = wrappers.Request(environ).get_data()
        start_response('204 No Content', [])
        return []

    environ = _chunked_environ(b'x' * 10)
    assert 'wsgi.input_terminated' not in environ
    limited = middleware.BodySizeLimit(app, 10, HELP)
    wtest.run_wsgi_app(limited, environ, buffered=True)
    assert seen['body'] == b'x' * 10
    assert 'HTTP_TRANSFER_ENCODING' not in seen['environ']


def test_chunked_body_reaches_the_api_through_the_pipeline(make_conf,
                                                           tmp_path):
    url = appkit.migrated_sqlite_url(tmp_path)
    conf = make_conf(auth_strategy='noauth', database__connection=url)
    app = composition.create_app(conf)
    environ = _chunked_environ(b'{"scope_id": "chunky"}')
    environ.update(PATH_INFO='/v2/scope', REQUEST_METHOD='POST',
                   CONTENT_TYPE='application/json')
    assert 'wsgi.input_terminated' not in environ
    body, status, _ = wtest.run_wsgi_app(app, environ, buffered=True)
    assert status.startswith('200'), b''.join(body)
    assert json.loads(b''.join(body))['scope_id'] == 'chunky'


def test_chunked_body_over_the_limit_is_a_413_before_the_app():
    # The whole body is refused, not passed on cut to its first 10 bytes.
    spy = Spy(read_body=True)
    app = middleware.BodySizeLimit(spy, 10, HELP)
    _, status, _ = wtest.run_wsgi_app(app, _chunked_environ(b'x' * 11),
                                      buffered=True)
    assert status.startswith('413')
    assert spy.calls == 0


def test_oversized_chunked_body_is_413_not_truncated(make_conf, tmp_path):
    url = appkit.migrated_sqlite_url(tmp_path)
    conf = make_conf(auth_strategy='noauth', api__max_request_body_size=20,
                     database__connection=url)
    app = composition.create_app(conf)
    # 48 bytes whose first 20 are valid JSON: truncation would accept it.
    body = b'{"enabled": false}' + b' ' * 30
    environ = _chunked_environ(body)
    environ['PATH_INFO'] = '/v2/rating/modules/noop'
    environ['CONTENT_TYPE'] = 'application/json'
    _, status, _ = wtest.run_wsgi_app(app, environ, buffered=True)
    assert status.startswith('413')
    shown = wtest.Client(app).get('/v2/rating/modules/noop').json
    assert shown['enabled'] is True


# -- ProxyHeaders ------------------------------------------------------------

def _proxied(headers, script_name=''):
    spy = Spy()
    client = wtest.Client(middleware.ProxyHeaders(spy))
    client.get('/v2/', headers=headers,
               environ_overrides={'SCRIPT_NAME': script_name},
               base_url='http://internal:8889')
    return spy.environ


def test_proxy_headers_apply_proto_and_host():
    environ = _proxied({'X-Forwarded-Proto': 'https',
                        'X-Forwarded-Host': 'api.example.com'})
    assert environ['wsgi.url_scheme'] == 'https'
    assert environ['HTTP_HOST'] == 'api.example.com'


@pytest.mark.parametrize('prefix, script, expected', [
    ('/rating', '', '/rating'),
    ('/rating/', '', '/rating'),
    ('/a/b', '/mnt', '/a/b/mnt'),
])
def test_valid_prefix_is_prepended_to_script_name(prefix, script, expected):
    environ = _proxied({'X-Forwarded-Prefix': prefix}, script_name=script)
    assert environ['SCRIPT_NAME'] == expected


@pytest.mark.parametrize('prefix', ['//evil.example', '/a/../b',
                                    'rating', '/%2e%2e', '/a b'])
def test_malformed_prefix_is_ignored(prefix, caplog):
    environ = _proxied({'X-Forwarded-Prefix': prefix}, script_name='/mnt')
    assert environ['SCRIPT_NAME'] == '/mnt'
    assert 'X-Forwarded-Prefix' in caplog.text


def test_proxy_headers_are_ignored_unless_trusted(make_conf):
    assert middleware.proxy_headers(make_conf()) is None
    assert middleware.proxy_headers(make_conf(
        api__enable_proxy_headers_parsing=True)) is middleware.ProxyHeaders


@pytest.mark.parametrize('hosts', ['evil.example/x', '', ' , ',
                                   'public.example, evil.example/x'])
def test_malformed_forwarded_host_is_ignored(hosts, caplog):
    environ = _proxied({'X-Forwarded-Proto': 'https',
                        'X-Forwarded-Host': hosts})
    assert environ['HTTP_HOST'] == 'internal:8889'
    assert environ['wsgi.url_scheme'] == 'https'
    assert 'X-Forwarded-Host' in caplog.text


@pytest.mark.parametrize('hosts', [
    'client.example, public.example', 'evil.example/x,public.example',
    'a, b , public.example'])
def test_forwarded_host_chain_uses_the_value_our_proxy_appended(hosts,
                                                                caplog):
    # ProxyFix(x_host=1) trusts the last value only: what a client put
    # before it neither wins nor spoils it.
    environ = _proxied({'X-Forwarded-Host': hosts})
    assert environ['HTTP_HOST'] == 'public.example'
    assert 'X-Forwarded-Host' not in caplog.text


# -- LastResort --------------------------------------------------------------

def _exploding(environ, start_response):
    raise RuntimeError('secret-token-value')


@pytest.mark.parametrize('path, legacy', [('/v2/x', False), ('/', False),
                                          ('/v1/x', True)])
def test_last_resort_turns_an_escaping_exception_into_json(path, legacy):
    client = wtest.Client(middleware.LastResort(_exploding, HELP))
    response = client.get(path)
    assert response.status_code == 500
    assert response.mimetype == 'application/json'
    assert b'secret-token-value' not in response.data
    if legacy:
        assert response.json['faultcode'] == 'Server'
    else:
        assert response.json['errors'][0]['code'] == 'rating.internal-error'


def _dispatched_then_exploding(environ, start_response):
    # As the version dispatcher does before an app (or the middleware
    # wrapping it) raises.
    environ['SCRIPT_NAME'] += '/v1'
    environ['PATH_INFO'] = environ['PATH_INFO'][len('/v1'):]
    return _exploding(environ, start_response)


def test_last_resort_takes_the_dialect_of_the_path_as_it_came_in():
    client = wtest.Client(middleware.LastResort(_dispatched_then_exploding,
                                                HELP))
    response = client.get('/v1/rating/modules')
    assert response.status_code == 500
    assert response.json['faultcode'] == 'Server'


def test_keystone_without_a_way_to_name_itself_is_a_legacy_500_on_v1(
        make_conf, tmp_path):
    # No www_authenticate_uri and no auth plugin: keystonemiddleware
    # fails on a request without a token (README, api-ref errors.inc).
    conf = make_conf(
        database__connection='sqlite:///%s' % (tmp_path / 'r.sqlite'))
    client = wtest.Client(composition.create_app(conf))
    response = client.get('/v1/rating/modules')
    assert response.status_code == 500
    assert response.json['faultcode'] == 'Server'
    response = client.get('/v2/rating/modules')
    assert response.status_code == 500
    assert response.json['errors'][0]['code'] == 'rating.internal-error'


def test_last_resort_passes_normal_responses():
    spy = Spy()
    response = wtest.Client(middleware.LastResort(spy, HELP)).get('/x')
    assert response.status_code == 200
    assert response.data == b'spy'


# -- ContextMiddleware ------------------------------------------------------

@pytest.mark.parametrize('status, authenticated', [
    ('Confirmed', True), ('Invalid', False), (None, False)])
def test_context_authenticated_only_when_confirmed(make_conf, status,
                                                   authenticated):
    enforcer = policy.create_enforcer(make_conf())
    spy = Spy()
    app = middleware.ContextMiddleware(spy, enforcer)
    headers = {'X-User-Id': 'u', 'X-Project-Id': 'p', 'X-Roles': 'reader'}
    if status:
        headers['X-Identity-Status'] = status
    wtest.Client(app).get('/v2/x', headers=headers)
    ctx = context.from_environ(spy.environ)
    assert ctx.authenticated is authenticated
    assert (ctx.user_id, ctx.project_id) == ('u', 'p')
    assert ctx.roles == ['reader']
    assert ctx.enforcer is enforcer


def test_keystone_401_carries_www_authenticate(make_conf, tmp_path):
    uri = 'https://ks.example/v3'
    conf = make_conf(
        database__connection='sqlite:///%s' % (tmp_path / 'r.sqlite'),
        keystone_authtoken__www_authenticate_uri=uri)
    client = wtest.Client(composition.create_app(conf))
    response = client.get('/v2/rating/modules')
    assert response.status_code == 401
    assert response.json['errors'][0]['code'] == 'rating.unauthorized'
    assert response.headers['WWW-Authenticate'] == 'Keystone uri="%s"' % uri
    # Discovery stays public under the same configuration.
    assert client.get('/v2/').status_code == 200
    assert client.get('/').status_code == 300


# -- the whole pipeline ----------------------------------------------------

def test_noauth_pipeline_builds_a_confirmed_admin_context(make_conf):
    conf = make_conf(auth_strategy='noauth')
    spy = Spy()
    client = wtest.Client(middleware.pipeline(
        spy, conf, policy.create_enforcer(conf)))
    response = client.get('/v2/rating/modules')
    assert response.status_code == 200
    request_id = response.headers['X-OpenStack-Request-Id']
    assert request_id.startswith('req-')
    ctx = context.from_environ(spy.environ)
    assert ctx.authenticated is True
    assert ctx.roles == ['admin']
    assert ctx.request_id == request_id


def test_pipeline_renders_an_escaping_exception_with_its_request_id(
        make_conf):
    conf = make_conf(auth_strategy='noauth')
    client = wtest.Client(middleware.pipeline(
        _exploding, conf, policy.create_enforcer(conf)))
    response = client.get('/v2/rating/modules')
    assert response.status_code == 500
    assert response.json['errors'][0]['request_id'] == (
        response.headers['X-OpenStack-Request-Id'])
    assert b'secret-token-value' not in response.data


def test_keystone_pipeline_ignores_spoofed_identity_headers(make_conf):
    conf = make_conf()
    spy = Spy()
    client = wtest.Client(middleware.pipeline(
        spy, conf, policy.create_enforcer(conf)))
    response = client.get('/v2/rating/modules', headers={
        'X-Identity-Status': 'Confirmed', 'X-Roles': 'admin',
        'X-User-Id': 'mallory', 'X-Project-Id': 'p1'})
    assert response.status_code == 200
    ctx = context.from_environ(spy.environ)
    assert ctx.authenticated is False
    assert 'admin' not in ctx.roles
    assert ctx.user_id != 'mallory'


@pytest.mark.parametrize('strategy', ['keystone', 'noauth'])
def test_healthcheck_needs_no_identity(make_conf, strategy):
    conf = make_conf(auth_strategy=strategy)
    spy = Spy()
    client = wtest.Client(middleware.pipeline(
        spy, conf, policy.create_enforcer(conf)))
    response = client.get('/healthcheck')
    assert response.status_code == 200
    assert response.headers['X-OpenStack-Request-Id'].startswith('req-')
    assert spy.calls == 0


def test_size_limit_runs_before_authentication(make_conf):
    conf = make_conf(api__max_request_body_size=5)
    spy = Spy()
    client = wtest.Client(middleware.pipeline(
        spy, conf, policy.create_enforcer(conf)))
    response = client.put('/v1/rating/modules/noop', data=b'x' * 6)
    assert response.status_code == 413
    assert response.json['faultcode'] == 'Client'
    assert response.headers['X-OpenStack-Request-Id'].startswith('req-')
    assert spy.calls == 0


def test_sig_413_from_the_pipeline_carries_the_request_id(make_conf):
    conf = make_conf(api__max_request_body_size=5)
    client = wtest.Client(middleware.pipeline(
        Spy(), conf, policy.create_enforcer(conf)))
    response = client.put('/v2/rating/modules/noop', data=b'x' * 6)
    assert response.status_code == 413
    assert response.json['errors'][0]['request_id'] == (
        response.headers['X-OpenStack-Request-Id'])
    # Like every v2 response, errors raised before dispatch included.
    assert 'OpenStack-API-Version' in response.vary


def test_trusted_proxy_is_applied_before_everything(make_conf):
    conf = make_conf(auth_strategy='noauth',
                     api__enable_proxy_headers_parsing=True)
    spy = Spy()
    client = wtest.Client(middleware.pipeline(
        spy, conf, policy.create_enforcer(conf)))
    client.get('/v2/', headers={'X-Forwarded-Proto': 'https',
                                'X-Forwarded-Host': 'api.example.com',
                                'X-Forwarded-Prefix': '/rating'})
    assert spy.environ['wsgi.url_scheme'] == 'https'
    assert spy.environ['HTTP_HOST'] == 'api.example.com'
    assert spy.environ['SCRIPT_NAME'] == '/rating'


def test_untrusted_proxy_headers_change_nothing(make_conf):
    conf = make_conf(auth_strategy='noauth')
    spy = Spy()
    client = wtest.Client(middleware.pipeline(
        spy, conf, policy.create_enforcer(conf)))
    client.get('/v2/', base_url='http://direct:8889', headers={
        'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Prefix': '/rating'})
    assert spy.environ['wsgi.url_scheme'] == 'http'
    assert spy.environ['HTTP_HOST'] == 'direct:8889'
    assert spy.environ['SCRIPT_NAME'] == ''


def test_cors_lets_browsers_use_the_microversion_header(make_conf):
    conf = make_conf(auth_strategy='noauth',
                     cors__allowed_origin=['https://dashboard.example'])
    client = wtest.Client(middleware.pipeline(
        Spy(), conf, policy.create_enforcer(conf)))
    preflight = client.options('/v2/rating/modules', headers={
        'Origin': 'https://dashboard.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'OpenStack-API-Version'})
    assert preflight.status_code == 200
    allowed = preflight.headers['Access-Control-Allow-Headers'].lower()
    assert 'openstack-api-version' in allowed
    response = client.get('/v2/rating/modules', headers={
        'Origin': 'https://dashboard.example'})
    exposed = response.headers['Access-Control-Expose-Headers'].lower()
    assert 'openstack-api-version' in exposed
    assert 'x-openstack-request-id' in exposed


def test_no_cors_layer_unless_configured(make_conf):
    assert middleware.cors_layer(make_conf()) is None


# -- is_loopback -----------------------------------------------------------

@pytest.mark.parametrize('host, expected', [
    ('localhost', True),
    ('127.0.0.1', True),
    ('127.1.2.3', True),
    ('::1', True),
    ('0.0.0.0', False),
    ('::', False),
    ('10.0.0.1', False),
    ('192.168.1.10', False),
    ('2001:db8::1', False),
    ('example.com', False),
    ('localhost.example.com', False),
    ('', False),
])
def test_is_loopback(host, expected):
    assert middleware.is_loopback(host) is expected


def test_error_bodies_are_json_documents():
    # A 413 body must be parseable JSON, never an HTML page.
    spy, client = _limited(limit=1)
    response = client.post('/v2/x', data=b'xx')
    json.loads(response.get_data(as_text=True))


# -- auth strategy -----------------------------------------------------------

def test_noauth_start_logs_a_loud_warning(make_conf, caplog):
    conf = make_conf(auth_strategy='noauth')
    with caplog.at_level(logging.WARNING, logger='ratingapi.middleware'):
        middleware.pipeline(Spy(), conf, policy.create_enforcer(conf))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any('noauth' in r.getMessage() and 'admin' in r.getMessage()
               for r in warnings)


def test_keystone_start_logs_no_noauth_warning(make_conf, caplog):
    conf = make_conf(auth_strategy='keystone')
    with caplog.at_level(logging.WARNING, logger='ratingapi.middleware'):
        middleware.pipeline(Spy(), conf, policy.create_enforcer(conf))
    assert 'noauth' not in caplog.text


# -- RequestId and AccessLog -------------------------------------------------

def test_request_id_is_set_and_returned_and_a_global_one_kept():
    spy = Spy()
    client = wtest.Client(middleware.RequestId(spy))
    caller_id = 'req-12345678-1234-1234-1234-123456789012'
    response = client.get('/v2/', headers={
        'X-OpenStack-Request-Id': caller_id})
    own = response.headers['X-OpenStack-Request-Id']
    assert own.startswith('req-') and own != caller_id
    assert spy.environ['openstack.request_id'] == own
    assert spy.environ['openstack.global_request_id'] == caller_id


def test_malformed_global_request_id_is_dropped():
    spy = Spy()
    wtest.Client(middleware.RequestId(spy)).get('/', headers={
        'X-OpenStack-Request-Id': 'req-; DROP TABLE'})
    assert 'openstack.global_request_id' not in spy.environ


def test_access_log_names_the_request_and_its_ids(caplog):
    spy = Spy()
    client = wtest.Client(middleware.RequestId(middleware.AccessLog(spy)))
    caller_id = 'req-12345678-1234-1234-1234-123456789012'
    with caplog.at_level(logging.INFO, logger='ratingapi.access'):
        response = client.get('/v2/rating/modules', headers={
            'X-OpenStack-Request-Id': caller_id})
    [record] = [r for r in caplog.records if r.name == 'ratingapi.access']
    line = record.getMessage()
    assert line.startswith('GET /v2/rating/modules 200 ')
    assert response.headers['X-OpenStack-Request-Id'] in line
    assert caller_id in line
