"""When to send a request again, and after how long (pure).

Only idempotent methods are retried, and only after a 502, 503 or 504
answer or a connection-level error; the delay doubles from ``backoff`` up
to ``max_backoff``, and a ``Retry-After`` header (seconds or an HTTP date)
replaces it.  A ``Retry-After`` longer than ``max_retry_after`` is not
waited for: the answer is returned (and raised) as it is.
"""
import dataclasses
import datetime
import email.utils

import httpx

IDEMPOTENT_METHODS = frozenset({'GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'})
RETRY_STATUSES = frozenset({502, 503, 504})
RETRY_ERRORS = (httpx.NetworkError, httpx.TimeoutException,
                httpx.RemoteProtocolError)


def retry_after(value, now=None):
    """Seconds to wait according to a ``Retry-After`` value, or None."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return max(0.0, (when - now).total_seconds())


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_retry_after: float = 120.0

    def __post_init__(self):
        if self.retries < 0 or self.backoff < 0:
            raise ValueError('retries and backoff must not be negative')

    def delay(self, method, attempt, *, response=None, error=None,
              now=None):
        """Seconds to wait before retry number ``attempt + 1`` of a
        ``method`` request that got ``response`` or raised ``error``; None
        when it must not be retried."""
        if attempt >= self.retries:
            return None
        if method.upper() not in IDEMPOTENT_METHODS:
            return None
        if response is not None:
            if response.status_code not in RETRY_STATUSES:
                return None
            after = retry_after(response.headers.get('Retry-After'), now)
            if after is not None:
                return after if after <= self.max_retry_after else None
        elif not isinstance(error, RETRY_ERRORS):
            return None
        return min(self.max_backoff, self.backoff * (2 ** attempt))
