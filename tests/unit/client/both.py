"""One test body, both clients.

Tests are written once as coroutines against the interface of
:class:`AsyncRatingClient`; the ``mode`` fixture runs each of them with the
async client itself and with a :class:`RatingClient` seen through
:class:`SyncAsAsync`, which calls the real sync method and hands back its
result from a coroutine.  So every behaviour is checked on both clients
with one assertion list.
"""
import asyncio
import concurrent.futures

import httpx
import pytest

from ratingapi import client

MODES = ('sync', 'async')

# Methods that are plain (not coroutines) on both clients.
PLAIN = frozenset({'is_authenticated'})


class SyncAsAsync:
    """A RatingClient presented with AsyncRatingClient's interface."""

    def __init__(self, sync_client):
        self.sync = sync_client

    def __getattr__(self, name):
        value = getattr(self.sync, name)
        if name in PLAIN or not callable(value):
            return value

        async def call(*args, **kwargs):
            return value(*args, **kwargs)
        return call

    def __repr__(self):
        return repr(self.sync)

    async def aclose(self):
        self.sync.close()

    async def __aenter__(self):
        assert self.sync.__enter__() is self.sync
        return self

    async def __aexit__(self, *exc_info):
        return self.sync.__exit__(*exc_info)


def transport(mode, handler):
    """A MockTransport for ``mode``: the async one yields to the event
    loop before answering, so concurrent requests really interleave."""
    if mode == 'sync':
        return httpx.MockTransport(handler)

    async def async_handler(request):
        await asyncio.sleep(0)
        return handler(request)
    return httpx.MockTransport(async_handler)


def no_sleep(seconds):
    """Tests never wait for real (a test about delays passes its own)."""


def in_threads(count, call):
    """``call()`` ``count`` times at once in real threads (the sync mode
    runs concurrent calls in turn): the results."""
    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(call) for _ in range(count)]
        return [future.result() for future in futures]


def make(mode, url, handler=None, **kwargs):
    """A client of ``mode`` (``transport`` built from ``handler``)."""
    kwargs.setdefault('sleep', no_sleep)
    if handler is not None:
        kwargs['transport'] = transport(mode, handler)
    if mode == 'sync':
        return SyncAsAsync(client.RatingClient(url, **kwargs))
    return client.AsyncRatingClient(url, **kwargs)


@pytest.fixture(params=MODES)
def mode(request):
    return request.param


@pytest.fixture
def anyio_backend():
    return 'asyncio'
