"""The drivers: redirect rules (pure) and how they run flows."""
import logging

import httpx
import pytest

from ratingapi.client import auth
from ratingapi.client import drivers
from ratingapi.client import errors
from ratingapi.client import retry
from tests.unit.client import both

pytestmark = pytest.mark.anyio

URL = 'http://h/v2/rating/modules/noop'


def answer(method, status, location=None):
    request = httpx.Request(method, URL)
    headers = [('Location', location)] if location else []
    response = httpx.Response(status, headers=headers, request=request)
    if location and status in (301, 302, 303, 307, 308):
        # What httpx.Client computes for an unfollowed redirect.
        response.next_request = httpx.Request(
            'GET' if status == 303 and method != 'HEAD' else method,
            request.url.join(location))
    return response


@pytest.mark.parametrize('method,status', [
    ('PUT', 307), ('PUT', 301), ('POST', 303), ('DELETE', 308),
    ('PATCH', 302), ('POST', 300), ('PUT', 304)])
def test_redirects_of_unsafe_methods_raise(method, status):
    response = answer(method, status, '/elsewhere')
    with pytest.raises(errors.RedirectRefused) as info:
        drivers.redirect_request(response.request, response)
    assert 'not sent again' in str(info.value)
    assert info.value.response is response
    assert info.value.status == status


@pytest.mark.parametrize('method,status', [
    ('GET', 200), ('GET', 300), ('GET', 304), ('HEAD', 404),
    ('GET', 302)])
def test_answers_that_are_not_followed(method, status):
    response = answer(method, status)           # no Location
    assert drivers.redirect_request(response.request, response) is None


@pytest.mark.parametrize('method,status', [
    ('GET', 301), ('GET', 302), ('GET', 307), ('HEAD', 308)])
def test_same_origin_redirects_of_get_and_head(method, status):
    response = answer(method, status, '/v2/rating/modules/other')
    auth.anonymous(response.request)
    following = drivers.redirect_request(response.request, response)
    assert str(following.url) == 'http://h/v2/rating/modules/other'
    assert following.method == method
    assert auth.is_anonymous(following)


@pytest.mark.parametrize('location', [
    'http://evil.example/v2/', 'https://h/v2/', 'http://h:8080/v2/'],
    ids=['host', 'scheme', 'port'])
def test_redirects_to_another_origin_raise(location):
    response = answer('GET', 302, location)
    with pytest.raises(errors.RedirectRefused, match='another origin'):
        drivers.redirect_request(response.request, response)


def flow(*urls):
    responses = []
    for url in urls:
        response = yield httpx.Request('GET', url)
        responses.append(response.status_code)
    return responses


async def test_drivers_run_flows(mode):
    def handler(request):
        return httpx.Response(200 if request.url.path == '/a' else 404)
    transport = both.transport(mode, handler)
    policy = retry.RetryPolicy()
    if mode == 'sync':
        with httpx.Client(transport=transport) as http:
            result = drivers.SyncDriver(http, policy).run(
                flow('http://h/a', 'http://h/b'))
    else:
        async with httpx.AsyncClient(transport=transport) as http:
            result = await drivers.AsyncDriver(http, policy).run(
                flow('http://h/a', 'http://h/b'))
    assert result == [200, 404]


async def test_too_many_redirects(mode):
    def handler(request):
        return httpx.Response(302, headers={'Location': '/loop'})
    async with both.make(mode, 'http://h/', handler) as client:
        with pytest.raises(errors.RedirectRefused,
                           match='more than 5 redirects'):
            await client.discover()


async def test_connection_errors_become_connection_failed(mode):
    def handler(request):
        raise httpx.ConnectError('connection refused', request=request)
    slept = []
    async with both.make(mode, 'http://h/', handler, retries=2,
                         sleep=slept.append) as client:
        with pytest.raises(errors.ConnectionFailed) as info:
            await client.discover()
    assert 'connection refused' in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert slept == [0.5, 1.0]


async def test_a_connection_error_without_a_message_is_named(mode):
    def handler(request):
        raise httpx.ReadTimeout('', request=request)
    async with both.make(mode, 'http://h/', handler, retries=0) as client:
        with pytest.raises(errors.ConnectionFailed) as info:
            await client.discover()
    assert str(info.value) == 'GET http://h/ failed: ReadTimeout'


async def test_a_failing_hook_is_logged_not_raised(mode, caplog):
    def handler(request):
        return httpx.Response(300, json={'versions': [{
            'id': 'v1.0', 'status': 'CURRENT',
            'links': [{'rel': 'self', 'href': 'http://h/v1/'}]}]})

    def broken(event):
        raise RuntimeError('metrics backend down')
    caplog.set_level(logging.WARNING, logger='ratingapi.client')
    async with both.make(mode, 'http://h/', handler, on_request=broken,
                         on_response=[broken]) as client:
        await client.discover()
    messages = [r.getMessage() for r in caplog.records]
    assert sum('metrics backend down' in m for m in messages) == 2
