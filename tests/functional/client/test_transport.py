"""Transport hygiene against the real app: retries and backoff,
redirects, event hooks, logging and redaction."""
import logging
import subprocess
import sys
import textwrap

import httpx
import pytest

from ratingapi.client import errors
from ratingapi.client import events
from tests.functional.client import service as service_
from tests.unit.client import both

pytestmark = pytest.mark.anyio

ROOT = service_.ROOT


def front(handler, method=None, *answers):
    """A front server that answers the first requests (of ``method``, or
    any) itself with ``answers`` (a status, (status, headers), or an
    exception to raise) and forwards everything else to ``handler``."""
    pending = list(answers)

    def handle(request):
        if method in (None, request.method):
            handle.seen.append((request.method, str(request.url)))
            if pending:
                answer = pending.pop(0)
                if isinstance(answer, Exception):
                    raise answer
                status, headers = (answer if isinstance(answer, tuple)
                                   else (answer, {}))
                return httpx.Response(status, headers=headers, json={
                    'message': 'from the front'}, request=request)
        return handler(request)
    handle.seen = []
    return handle


# -- retries ----------------------------------------------------------------

async def test_retries_with_exponential_backoff(client_for, service,
                                                caplog):
    slept = []
    handler = front(service.handle, None, 503, 502, 504)
    caplog.set_level(logging.WARNING, logger='ratingapi.client')
    async with client_for(handler=handler, sleep=slept.append) as client:
        await client.discover()
    assert slept == [0.5, 1.0, 2.0]
    assert len(handler.seen) == 4
    assert service.requests() == [('GET', '/')]
    assert [(r.getMessage(), r.cid) for r in caplog.records] == [
        ('GET %s: HTTP %d; retry %d of 3 in %.2fs' % (ROOT, status, n, wait),
         client.cid)
        for n, status, wait in ((1, 503, 0.5), (2, 502, 1), (3, 504, 2))]


async def test_retry_after_is_honoured(client_for, service):
    slept = []
    handler = front(service.handle, None, (503, {'Retry-After': '7'}),
                    (503, {'Retry-After': '0'}))
    async with client_for(handler=handler, sleep=slept.append) as client:
        await client.discover()
    assert slept == [7.0, 0.0]


async def test_connection_errors_are_retried(client_for, service):
    slept = []
    handler = front(service.handle, None,
                    httpx.ConnectError('connection refused'),
                    httpx.ReadTimeout('timed out'))
    async with client_for(handler=handler, sleep=slept.append) as client:
        modules = await client.retrieve_module()
    assert slept == [0.5, 1.0] and len(modules) == 3


async def test_retries_are_configured_per_client(client_for, service):
    slept = []
    handler = front(service.handle, None, 503, 503, 503)
    async with client_for(handler=handler, sleep=slept.append, retries=1,
                          backoff=0.1) as client:
        with pytest.raises(errors.DiscoveryError) as info:
            await client.discover()
    assert slept == [0.1] and len(handler.seen) == 2
    assert isinstance(info.value.__cause__, errors.ServerError)
    assert info.value.response.status_code == 503
    slept.clear()
    async with client_for(handler=front(service.handle, 'GET', 503),
                          sleep=slept.append, retries=0) as client:
        with pytest.raises(errors.DiscoveryError):
            await client.discover()
    assert slept == []


async def test_put_is_retried(client_for, service):
    slept = []
    handler = front(service.handle, 'PUT', 503)
    async with client_for(handler=handler, sleep=slept.append) as client:
        module = await client.update_module('noop', {'priority': 6})
    assert module.priority == 6
    assert [m for m, _ in handler.seen] == ['PUT', 'PUT'] and slept == [0.5]


async def test_post_is_not_retried(client_for, service):
    slept = []
    handler = front(service.handle, 'POST', 503)
    async with client_for(handler=handler, sleep=slept.append) as client:
        with pytest.raises(errors.ServerError) as info:
            await client.http_post('rating/modules', json={})
    assert info.value.status == 503 and info.value.detail == 'from the front'
    assert len(handler.seen) == 1 and slept == []
    assert service.requests('POST') == []


async def test_async_sleep_for_the_async_client(service):
    slept = []

    async def sleep(seconds):
        slept.append(seconds)
    async with both.make('async', ROOT, front(service.handle, None, 503),
                         sleep=sleep) as client:
        await client.discover()
    assert slept == [0.5]


# -- redirects --------------------------------------------------------------

async def test_a_redirect_of_put_raises_and_is_not_replayed(
        client_for, service):
    target = ROOT + 'v2/rating/modules/hashmap'
    handler = front(service.handle, 'PUT', (307, {'Location': target}))
    async with client_for(handler=handler) as client:
        with pytest.raises(errors.RedirectRefused) as info:
            await client.update_module('noop', {'priority': 2})
    assert info.value.status == 307
    assert 'only GET and HEAD are redirected' in str(info.value)
    assert target in str(info.value)
    assert handler.seen == [('PUT', ROOT + 'v2/rating/modules/noop')]
    assert service.requests('PUT') == []


@pytest.mark.parametrize('method', ['POST', 'DELETE', 'PATCH'])
async def test_redirects_of_other_methods_raise(client_for, service, method):
    handler = front(service.handle, method, (302, {'Location': ROOT}))
    async with client_for(handler=handler) as client:
        with pytest.raises(errors.RedirectRefused):
            await client.request(method, 'rating/modules/noop', json={})
    assert len(handler.seen) == 1


async def test_get_follows_a_same_origin_redirect(client_for, service):
    moved = {'Location': ROOT + 'v2/rating/modules/noop'}

    def handle(request):
        if request.url.path.endswith('/old'):
            return httpx.Response(301, headers=moved, request=request)
        return service.handle(request)
    async with client_for(handler=handle) as client:
        module = await client.http_get('rating/modules/old')
    assert module.json()['module_id'] == 'noop'
    assert service.requests()[-1] == ('GET', '/v2/rating/modules/noop')


async def test_get_refuses_a_redirect_to_another_origin(client_for,
                                                        service):
    def handle(request):
        if request.url.path.endswith('/old'):
            return httpx.Response(302, request=request, headers={
                'Location': 'http://evil.example/steal'})
        return service.handle(request)
    async with client_for(handler=handle, auth='s3cret-token') as client:
        with pytest.raises(errors.RedirectRefused, match='another origin'):
            await client.http_get('rating/modules/old')


# -- event hooks ------------------------------------------------------------

async def test_hooks_count_and_time_every_exchange(client_for, service):
    started, finished = [], []
    handler = front(service.handle, None, 503)
    async with client_for(handler=handler, on_request=started.append,
                          on_response=[finished.append]) as client:
        await client.retrieve_module('noop')
    assert [e.method for e in started] == ['GET'] * 3
    assert [e.status for e in finished] == [503, 300, 200]
    for event in started + finished:
        assert isinstance(event, events.Event)
        assert event.cid == client.cid and event.baseurl == ROOT
    assert started[0].endpoint is None              # during discovery
    assert finished[-1].endpoint == ROOT + 'v2/'
    assert finished[-1].url == ROOT + 'v2/rating/modules/noop'
    assert all(e.elapsed >= 0 for e in finished)
    assert all(e.status is None and e.elapsed is None for e in started)
    assert finished[-1].response.json()['module_id'] == 'noop'
    assert started[-1].request.headers['X-OpenStack-Request-Id'] == (
        client.cid)


async def test_coroutine_hooks_for_the_async_client(service):
    seen = []

    async def on_response(event):
        seen.append(event.status)
    async with both.make('async', ROOT, service.handle,
                         on_response=on_response) as client:
        await client.retrieve_module()
    assert seen == [300, 200]


# -- logging ----------------------------------------------------------------

FIELDS = ('cid', 'baseurl', 'method', 'endpoint', 'url', 'status',
          'elapsed')


async def test_every_request_is_logged_with_its_fields(client_for, caplog):
    caplog.set_level(logging.INFO, logger='ratingapi.client')
    async with client_for() as client:
        await client.retrieve_module('noop')
    records = [r for r in caplog.records if r.name == 'ratingapi.client']
    exchanges = [r for r in records if r.method]
    assert [(r.method, r.url, r.status) for r in exchanges] == [
        ('GET', ROOT, None), ('GET', ROOT, 300),
        ('GET', ROOT + 'v2/rating/modules/noop', None),
        ('GET', ROOT + 'v2/rating/modules/noop', 200)]
    for record in records:
        for field in FIELDS:
            assert hasattr(record, field), (field, record.getMessage())
        assert record.cid == client.cid and record.baseurl == ROOT
    assert exchanges[-1].endpoint == ROOT + 'v2/'
    assert isinstance(exchanges[-1].elapsed, float)
    formatter = logging.Formatter(
        '%(levelname)s %(cid)s %(method)s %(url)s %(status)s %(elapsed)s')
    line = formatter.format(exchanges[-1])
    assert line.startswith('INFO %s GET %sv2/rating/modules/noop 200 ' % (
        client.cid, ROOT))
    assert records[-1].levelno == logging.INFO
    assert all(r.levelno <= logging.INFO for r in records)


async def test_bodies_at_debug_with_secrets_redacted(client_for, caplog,
                                                     service):
    caplog.set_level(logging.DEBUG, logger='ratingapi.client')
    async with client_for(auth='s3cret-token') as client:
        await client.update_module('noop', {'priority': 5})
    debug = [r.getMessage() for r in caplog.records
             if r.levelno == logging.DEBUG]
    text = '\n'.join(debug)
    assert 's3cret-token' not in text
    assert "('x-auth-token', '***')" in text
    assert '{"priority": 5}' in text                 # the request body
    assert '"module_id": "noop"' in text              # a response body
    # ...while the token did reach the server.
    assert service.environs[-1]['HTTP_X_AUTH_TOKEN'] == 's3cret-token'


SILENT = textwrap.dedent('''
    import httpx
    from ratingapi.client import RatingClient, ServerError
    def handle(request):
        if request.url.path != "/":
            return httpx.Response(503)     # retried, with warnings logged
        return httpx.Response(300, json={"versions": [{
            "id": "v2.0", "status": "CURRENT", "min_version": "2.0",
            "max_version": "2.0", "links": [
                {"rel": "self", "href": "http://h/v2/"}]}]})
    with RatingClient("http://h/", transport=httpx.MockTransport(handle),
                      sleep=lambda s: None) as client:
        try:
            client.retrieve_module("noop")
        except ServerError:
            pass
        else:
            raise SystemExit("no error")
''')


def test_nothing_is_printed_by_default():
    result = subprocess.run([sys.executable, '-c', SILENT],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ('', '')
