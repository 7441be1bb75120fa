"""offset/limit pagination shared by every list endpoint.

``limit`` defaults to 100 (CloudKitty's default, or ``[api] max_limit``
when smaller) and may not exceed ``[api] max_limit`` (a 400, not a silent
clamp).  From microversion 2.1 a
page carries ``links`` to the ``next`` and ``previous`` pages.
"""
from urllib import parse

import flask
import voluptuous as vol

from ratingapi.api import discovery
from ratingapi.api import validation

DEFAULT_LIMIT = 100
_max_limit = validation.setting('max_limit')


def _within_max_limit(value):
    maximum = _max_limit()
    if value > maximum:
        raise vol.Invalid('must be at most %d ([api] max_limit)' % maximum)
    return value


# SQL OFFSET/LIMIT take a signed 64-bit integer.
MAX_OFFSET = 2 ** 63 - 1


def _default_limit():
    # CloudKitty's 100, unless the deployment allows less.
    return min(DEFAULT_LIMIT, _max_limit())


QUERY = {
    vol.Optional('offset', default=0): validation.SingleQueryParam(
        validation.integer(minimum=0, maximum=MAX_OFFSET)),
    vol.Optional('limit', default=_default_limit): validation.SingleQueryParam(
        vol.All(validation.integer(minimum=1), _within_max_limit)),
}

# The links of a page in a response (from microversion 2.1).
LINKS = [{
    vol.Required('rel'): vol.In(('next', 'previous')),
    vol.Required('href'): str,
}]

# CloudKitty's detail of the 404 that a listing matching nothing answers
# (before 2.1), and that a scope reset matching no scope answers.
NOTHING_FOUND = 'No resource found for provided filters.'


def version_url(path, public_url, version):
    """Absolute URL of ``path`` (from ``/``) in ``version`` of this
    service: ``[api] public_url`` or the request's root, proxy prefix
    included.  Every link and Location is built here."""
    root = discovery.root_url(flask.request.environ, public_url,
                              mount=version.path)
    return '%sv%d%s' % (root, version.major, path)


def _page_url(offset, limit, public_url, version):
    request = flask.request
    args = request.args.copy()
    args['offset'], args['limit'] = str(offset), str(limit)
    return version_url('%s?%s' % (
        request.path, parse.urlencode(list(args.items(multi=True)))),
        public_url, version)


def links(offset, limit, total, public_url, version):
    """``next``/``previous`` links of the page at ``offset`` of ``total``."""
    result = []
    if offset + limit < total:
        result.append({'rel': 'next', 'href': _page_url(
            offset + limit, limit, public_url, version)})
    if offset > 0:
        # Past the end, the previous page is the last one that has items.
        previous = max(min(offset - limit, total - limit), 0)
        result.append({'rel': 'previous', 'href': _page_url(
            previous, limit, public_url, version)})
    return result
