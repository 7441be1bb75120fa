"""When to retry and how long to wait (pure)."""
import datetime

import httpx
import pytest

from ratingapi.client import retry

POLICY = retry.RetryPolicy(retries=3, backoff=0.5, max_backoff=3.0,
                           max_retry_after=60)
NOW = datetime.datetime(2024, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


def answer(status, retry_after=None):
    headers = [('Retry-After', retry_after)] if retry_after else []
    return httpx.Response(status, headers=headers)


@pytest.mark.parametrize('method,attempt,status,retry_after,expected', [
    ('GET', 0, 503, None, 0.5),
    ('GET', 1, 503, None, 1.0),
    ('GET', 2, 502, None, 2.0),
    ('GET', 3, 504, None, None),            # retries exhausted
    ('HEAD', 0, 504, None, 0.5),
    ('PUT', 0, 503, None, 0.5),
    ('DELETE', 0, 503, None, 0.5),
    ('POST', 0, 503, None, None),           # not idempotent
    ('PATCH', 0, 503, None, None),
    ('GET', 0, 500, None, None),            # not a transient status
    ('GET', 0, 429, '5', None),
    ('GET', 0, 503, '7', 7.0),              # Retry-After replaces backoff
    ('GET', 2, 503, '0', 0.0),
    ('GET', 0, 503, '3600', None),          # too long to wait
    ('GET', 0, 503, 'Mon, 01 Jan 2024 12:00:10 GMT', 10.0),
    ('GET', 0, 503, 'Mon, 01 Jan 2024 11:00:00 GMT', 0.0),
    ('GET', 0, 503, 'soon', 0.5),           # unreadable: backoff
], ids=lambda value: str(value).replace(':', '-'))
def test_delay_after_a_response(method, attempt, status, retry_after,
                                expected):
    assert POLICY.delay(method, attempt, response=answer(status, retry_after),
                        now=NOW) == expected


def test_backoff_is_capped():
    assert POLICY.delay('GET', 2, response=answer(503)) == 2.0
    policy = retry.RetryPolicy(retries=10, backoff=1, max_backoff=3)
    assert policy.delay('GET', 5, response=answer(503)) == 3


@pytest.mark.parametrize('error,method,expected', [
    (httpx.ConnectError('refused'), 'GET', 0.5),
    (httpx.ReadTimeout('slow'), 'PUT', 0.5),
    (httpx.RemoteProtocolError('eof'), 'DELETE', 0.5),
    (httpx.ConnectError('refused'), 'POST', None),
    (httpx.UnsupportedProtocol('ftp'), 'GET', None),
], ids=['connect', 'read-timeout', 'protocol', 'post', 'unsupported'])
def test_delay_after_an_error(error, method, expected):
    assert POLICY.delay(method, 0, error=error) == expected


def test_no_retries():
    policy = retry.RetryPolicy(retries=0)
    assert policy.delay('GET', 0, response=answer(503)) is None


def test_negative_settings():
    with pytest.raises(ValueError):
        retry.RetryPolicy(retries=-1)
