"""The reference for ``bench/discovery.py``: the cheapest WSGI app there is.

It answers every request with 200 and a small, precomputed JSON body, so
its throughput under gunicorn is what the server, the sockets and the
machine allow, with no framework at all.  ratingapi's figures are reported
as a ratio of this one's.
"""
BODY = b'{"status": "ok", "app": "bare"}'
HEADERS = [
    ('Content-Type', 'application/json'),
    ('Content-Length', str(len(BODY))),
]


def application(environ, start_response):
    start_response('200 OK', list(HEADERS))
    return [BODY]
