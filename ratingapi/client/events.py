"""What the ``on_request`` / ``on_response`` hooks receive.

One :class:`Event` per HTTP exchange (every retry, redirect and Keystone
request included), so a hook can count and time calls into any metrics
system without the SDK depending on one::

    def on_response(event):
        REQUESTS.labels(event.method, event.status).inc()
        LATENCY.observe(event.elapsed)
"""
import dataclasses

import httpx


@dataclasses.dataclass
class Event:
    cid: str
    method: str
    url: str
    baseurl: str | None
    endpoint: str | None
    request: httpx.Request
    response: httpx.Response | None = None
    status: int | None = None
    elapsed: float | None = None   # seconds until the response headers

    def log_fields(self):
        """The ``extra`` of the log records about this exchange."""
        return {'cid': self.cid, 'baseurl': self.baseurl,
                'method': self.method, 'endpoint': self.endpoint,
                'url': self.url, 'status': self.status,
                'elapsed': self.elapsed}
