"""End to end: the sync client against ``ratingapi-api`` (gunicorn,
noauth) over real sockets."""

import pytest

from ratingapi import client as sdk
from tests.functional import live
from tests.functional.client.test_discovery import NEGOTIATED


@pytest.fixture(scope='module')
def root(tmp_path_factory):
    with live.api_server(tmp_path_factory.mktemp('client-e2e')) as server:
        yield server.root


def test_sync_client_against_gunicorn(root):
    seen = []
    with sdk.RatingClient(root, on_response=seen.append) as client:
        connection = client.discover()
        assert connection.document.url == root
        assert client.endpoint == root + 'v2/'
        assert client.microversion == NEGOTIATED
        modules = client.retrieve_module()
        assert [m.module_id for m in modules] == ['hashmap', 'noop',
                                                  'pyscripts']
        hashmap = client.update_module('hashmap', {'enabled': True,
                                                   'priority': 3})
        assert (hashmap.enabled, hashmap.priority) == (True, 3)
        assert client.supports('modules:update')
        assert 'hashmap' in client.capabilities().deployment.rating_modules
        with pytest.raises(sdk.NotFound) as info:
            client.retrieve_module('nope')
        assert info.value.code == 'rating.not-found'
        assert client.head_module('noop')
    assert client.http.is_closed
    assert [e.status for e in seen] == [300, 200, 204, 200, 200, 404, 200]
    assert {e.request.headers['X-OpenStack-Request-Id'] for e in seen} == {
        client.cid}
    with sdk.RatingClient(root + 'v2/', version='1') as legacy:
        assert legacy.retrieve_module('hashmap').priority == 3
        assert legacy.endpoint == root + 'v1/'


def test_nothing_listening(root):
    slept = []
    with sdk.RatingClient('http://127.0.0.1:%d/' % live.free_port(),
                          sleep=slept.append, retries=2) as client:
        with pytest.raises(sdk.ConnectionFailed):
            client.discover()
    assert slept == [0.5, 1.0]
