"""The unversioned root (DISCOVERY.md §6.2, §6.7), driven as a WSGI app."""
import json

import pytest
from werkzeug import test as wtest

from ratingapi.api import discovery
from ratingapi.api import root
from ratingapi.api import services
from ratingapi import app as composition

HELP = 'https://docs.example.com/errors'


def _settings(public_url=None):
    return services.Settings(
        public_url=public_url, max_limit=1000, max_request_body_size=1024,
        errors_help_url=HELP, strict_checks=True,
        max_points_per_request=100, scope_key='project_id',
        default_collector='gnocchi', default_fetcher='keystone',
        max_v1_dataframes_points=100)


def _client(public_url=None):
    return wtest.Client(root.RootApp(composition.VERSIONS,
                                     _settings(public_url)))


def test_get_answers_300_with_the_versions_document():
    response = _client().get('/', base_url='http://api.example.com:8889')
    assert response.status_code == 300
    assert response.mimetype == 'application/json'
    assert response.headers['Cache-Control'] == 'no-cache'
    assert 'Location' not in response.headers
    assert 'Vary' not in response.headers
    assert 'OpenStack-API-Version' not in response.headers
    assert int(response.headers['Content-Length']) == len(response.data)
    assert response.json == discovery.versions_document(
        composition.VERSIONS, 'http://api.example.com:8889/')


def test_empty_path_is_the_root():
    environ = wtest.EnvironBuilder(path='/').get_environ()
    environ['PATH_INFO'] = ''
    response = wtest.run_wsgi_app(
        root.RootApp(composition.VERSIONS, _settings()), environ)
    assert response[1].startswith('300')


def test_versions_document_follows_the_request():
    response = _client().get('/', base_url='https://h.example/rating')
    hrefs = [link['href'] for entry in response.json['versions']
             for link in entry['links']]
    assert hrefs and all(h.startswith('https://h.example/rating/')
                         for h in hrefs)


def test_public_url_overrides_the_request():
    response = _client(public_url='https://pub.example/r').get(
        '/', base_url='http://internal:1/x')
    assert response.json == discovery.versions_document(
        composition.VERSIONS, 'https://pub.example/r/')


def test_head_has_the_headers_and_no_body():
    client = _client()
    get = client.get('/')
    head = client.head('/')
    assert head.status_code == 300
    assert head.data == b''
    for name in ('Content-Type', 'Content-Length', 'Cache-Control'):
        assert head.headers[name] == get.headers[name]


def test_root_ignores_the_microversion_header():
    response = _client().get('/', headers={
        'OpenStack-API-Version': 'rating 9.9'})
    assert response.status_code == 300


@pytest.mark.parametrize('method', ['POST', 'PUT', 'PATCH', 'DELETE',
                                    'OPTIONS'])
def test_other_methods_are_405_with_allow(method):
    response = _client().open('/', method=method)
    assert response.status_code == 405
    assert response.headers['Allow'] == 'GET, HEAD'
    assert response.mimetype == 'application/json'
    item = response.json['errors'][0]
    assert item['status'] == 405
    assert item['code'] == 'rating.method-not-allowed'
    assert item['links'] == [{'rel': 'help',
                              'href': HELP + '#rating.method-not-allowed'}]


@pytest.mark.parametrize('path', ['/v9', '/v9/', '/v9/capabilities', '/v0',
                                  '/v10/rating/modules'])
def test_unknown_version_is_version_not_found(path):
    response = _client().get(path)
    assert response.status_code == 404
    assert response.mimetype == 'application/json'
    item = response.json['errors'][0]
    assert item['code'] == 'rating.version-not-found'
    assert item['status'] == 404
    assert path in item['detail']


@pytest.mark.parametrize('path', ['/foo', '/v', '/vx', '/v9x', '/index.html',
                                  '/rating/modules'])
def test_other_paths_are_uri_not_found(path):
    response = _client().get(path)
    assert response.status_code == 404
    assert response.json['errors'][0]['code'] == 'rating.uri-not-found'


def test_error_carries_the_request_id_from_environ():
    response = _client().post('/', environ_overrides={
        'openstack.request_id': 'req-42'})
    assert response.json['errors'][0]['request_id'] == 'req-42'


def test_cached_body_differs_per_host():
    client = _client()
    one = client.get('/', base_url='http://one.example')
    two = client.get('/', base_url='http://two.example')
    assert json.loads(one.data)['versions'][0]['links'][0]['href'].startswith(
        'http://one.example/')
    assert json.loads(two.data)['versions'][0]['links'][0]['href'].startswith(
        'http://two.example/')
