"""The only I/O of the SDK: two drivers that run flows over httpx.

:class:`SyncDriver` sends with an :class:`httpx.Client`,
:class:`AsyncDriver` with an :class:`httpx.AsyncClient`; both do the same
things around each request of a flow:

* retries with exponential backoff (:class:`retry.RetryPolicy`), through
  an injectable ``sleep``;
* redirects: followed for GET and HEAD within the same origin only; any
  3xx answer to another method raises :class:`RedirectRefused` and the
  request is never replayed;
* requests marked anonymous (discovery, Keystone) go without auth.

An :class:`Observer`, installed as httpx event hooks, sees every HTTP
exchange (auth sub-requests, retries and redirects included): it adds the
correlation id, the User-Agent and the timeout, logs, and calls the
user's ``on_request`` / ``on_response`` hooks with an :class:`Event`.
"""
import asyncio
import importlib.metadata
import inspect
import platform
import time

import httpx

from ratingapi.client import auth
from ratingapi.client import errors
from ratingapi.client import events
from ratingapi.client import log

REQUEST_ID_HEADER = 'X-OpenStack-Request-Id'
SAFE_METHODS = frozenset({'GET', 'HEAD'})
MAX_REDIRECTS = 5
_STARTED = 'ratingapi.started'


def sdk_version():
    try:
        return importlib.metadata.version('ratingapi')
    except importlib.metadata.PackageNotFoundError:
        return 'unknown'


def user_agent(prefix=None):
    """``[prefix ]ratingapi-client/<v> httpx/<v> Python/<v>``."""
    agent = 'ratingapi-client/%s httpx/%s Python/%s' % (
        sdk_version(), httpx.__version__, platform.python_version())
    return '%s %s' % (prefix, agent) if prefix else agent


def _origin(url):
    return url.scheme, url.host, url.port


def redirect_request(request, response):
    """The request to send after the redirect ``response``, or None when
    the answer is not a redirect to follow (it is then the answer).

    A 3xx answer to anything but GET/HEAD raises, as does a redirect to
    another origin (the token would go with it).
    """
    if not 300 <= response.status_code < 400:
        return None
    location = response.headers.get('Location')
    if request.method not in SAFE_METHODS:
        raise _refused(response, '%s %s answered %d%s; only GET and HEAD '
                       'are redirected, so it was not sent again' % (
                           request.method, request.url, response.status_code,
                           ' to %s' % location if location else ''))
    following = response.next_request
    if following is None:
        return None         # 300 (discovery), 304, or no Location
    if _origin(following.url) != _origin(request.url):
        raise _refused(response, '%s %s redirects to another origin (%s); '
                       'not followed' % (request.method, request.url,
                                         following.url))
    following.extensions = dict(request.extensions)
    return following


def _refused(response, detail):
    answer = errors.from_response(response)
    return errors.RedirectRefused(
        detail, status=answer.status, code=answer.code, title=answer.title,
        request_id=answer.request_id, response=response)


class Observer:
    """Per-client bookkeeping of every HTTP exchange (see module doc)."""

    def __init__(self, *, cid, headers, timeout, context,
                 on_request=(), on_response=()):
        self.cid = cid
        self.headers = headers          # defaults added to every request
        self.timeout = timeout          # httpx.Timeout
        self.context = context          # () -> (baseurl, endpoint)
        self.on_request = list(on_request)
        self.on_response = list(on_response)

    def _event(self, request):
        baseurl, endpoint = self.context()
        return events.Event(cid=self.cid, method=request.method,
                            url=str(request.url), baseurl=baseurl,
                            endpoint=endpoint, request=request)

    def request(self, request):
        for name, value in self.headers.items():
            if name not in request.headers:
                request.headers[name] = value
        request.extensions.setdefault('timeout', self.timeout.as_dict())
        request.extensions[_STARTED] = time.perf_counter()
        event = self._event(request)
        log.request(event)
        return event

    def response(self, response):
        request = response.request
        event = self._event(request)
        event.response = response
        event.status = response.status_code
        started = request.extensions.get(_STARTED)
        if started is not None:
            event.elapsed = round(time.perf_counter() - started, 6)
        log.response(event)
        return event

    def _failed(self, hook, exc):
        baseurl, endpoint = self.context()
        log.warning('event hook %r failed: %s', hook, exc, cid=self.cid,
                    baseurl=baseurl, endpoint=endpoint)


class SyncObserver(Observer):

    def _call(self, hooks, event):
        for hook in hooks:
            try:
                hook(event)
            except Exception as exc:
                self._failed(hook, exc)

    def request_hook(self, request):
        self._call(self.on_request, self.request(request))

    def response_hook(self, response):
        if log.needs_body():
            response.read()
        self._call(self.on_response, self.response(response))


class AsyncObserver(Observer):

    async def _call(self, hooks, event):
        for hook in hooks:
            try:
                result = hook(event)
                if inspect.isawaitable(result):
                    await result
            except Exception as exc:
                self._failed(hook, exc)

    async def request_hook(self, request):
        await self._call(self.on_request, self.request(request))

    async def response_hook(self, response):
        if log.needs_body():
            await response.aread()
        await self._call(self.on_response, self.response(response))


def _auth_for(request):
    return None if auth.is_anonymous(request) else httpx.USE_CLIENT_DEFAULT


def _retrying(request, attempt, delay, policy, cause):
    log.warning('%s %s: %s; retry %d of %d in %.2fs', request.method,
                request.url, cause, attempt + 1, policy.retries, delay,
                cid=request.headers.get(REQUEST_ID_HEADER),
                method=request.method, url=str(request.url))


def _failed(request, exc):
    return errors.ConnectionFailed('%s %s failed: %s' % (
        request.method, request.url, str(exc) or type(exc).__name__),
        request=request)


class SyncDriver:
    """Runs flows with an :class:`httpx.Client`."""

    def __init__(self, http, policy, sleep=None):
        self.http = http
        self.policy = policy
        self.sleep = sleep or time.sleep

    def run(self, flow):
        """Drive ``flow`` to its end and return its result."""
        try:
            request = next(flow)
            while True:
                request = flow.send(self.send(request))
        except StopIteration as stop:
            return stop.value
        finally:
            flow.close()

    def send(self, request):
        """One request, with its retries and redirects: the response."""
        attempt = 0
        while True:
            try:
                response = self._exchange(request)
            except httpx.TransportError as exc:
                delay = self.policy.delay(request.method, attempt, error=exc)
                if delay is None:
                    raise _failed(request, exc) from exc
                cause = exc
            else:
                delay = self.policy.delay(request.method, attempt,
                                          response=response)
                if delay is None:
                    return response
                cause = 'HTTP %d' % response.status_code
            _retrying(request, attempt, delay, self.policy, cause)
            self.sleep(delay)
            attempt += 1

    def _exchange(self, request):
        for _ in range(MAX_REDIRECTS + 1):
            response = self.http.send(request, auth=_auth_for(request))
            following = redirect_request(request, response)
            if following is None:
                return response
            request = following
        raise _refused(response, 'more than %d redirects' % MAX_REDIRECTS)


class AsyncDriver:
    """Runs flows with an :class:`httpx.AsyncClient`; ``sleep`` may be a
    coroutine function or a plain function."""

    def __init__(self, http, policy, sleep=None):
        self.http = http
        self.policy = policy
        self.sleep = sleep or asyncio.sleep

    async def run(self, flow):
        try:
            request = next(flow)
            while True:
                request = flow.send(await self.send(request))
        except StopIteration as stop:
            return stop.value
        finally:
            flow.close()

    async def send(self, request):
        attempt = 0
        while True:
            try:
                response = await self._exchange(request)
            except httpx.TransportError as exc:
                delay = self.policy.delay(request.method, attempt, error=exc)
                if delay is None:
                    raise _failed(request, exc) from exc
                cause = exc
            else:
                delay = self.policy.delay(request.method, attempt,
                                          response=response)
                if delay is None:
                    return response
                cause = 'HTTP %d' % response.status_code
            _retrying(request, attempt, delay, self.policy, cause)
            result = self.sleep(delay)
            if inspect.isawaitable(result):
                await result
            attempt += 1

    async def _exchange(self, request):
        for _ in range(MAX_REDIRECTS + 1):
            response = await self.http.send(request, auth=_auth_for(request))
            following = redirect_request(request, response)
            if following is None:
                return response
            request = following
        raise _refused(response, 'more than %d redirects' % MAX_REDIRECTS)
