"""offset/limit validation and next/previous links."""
import dataclasses
from urllib import parse

import flask
import pytest
import voluptuous as vol

from ratingapi.api import pagination
from ratingapi.api import services
from ratingapi.api import validation
from ratingapi.api import v2
from tests.appkit import make_conf


@pytest.fixture
def app():
    conf = make_conf()
    conf.set_override('max_limit', 50, 'api')
    app = flask.Flask(__name__)
    app.config[validation.SETTINGS_KEY] = services.Settings.from_conf(conf)
    return app


def _query(app, **args):
    with app.test_request_context('/scope', query_string=args):
        return vol.Schema(pagination.QUERY)(
            {key: [value] for key, value in args.items()})


def test_default_limit_never_exceeds_max_limit(app):
    # max_limit is 50 here, below the default of 100.
    assert _query(app) == {'offset': 0, 'limit': 50}


def test_default_limit(app):
    app.config[validation.SETTINGS_KEY] = dataclasses.replace(
        app.config[validation.SETTINGS_KEY], max_limit=1000)
    assert _query(app) == {'offset': 0, 'limit': pagination.DEFAULT_LIMIT}


@pytest.mark.parametrize('args', [
    {'limit': '51'}, {'limit': '0'}, {'offset': '-1'},
    {'offset': str(pagination.MAX_OFFSET + 1)}, {'limit': 'ten'}])
def test_out_of_bounds(app, args):
    with pytest.raises(vol.Invalid):
        _query(app, **args)


def test_limit_up_to_max_limit(app):
    assert _query(app, limit='50')['limit'] == 50


def _links(app, offset, limit, total, public_url=None):
    environ = {'SCRIPT_NAME': '/rating/v2'}
    with app.test_request_context(
            '/scope', base_url='http://h:1/rating/v2/',
            query_string={'scope_id': 'a', 'offset': offset,
                          'limit': limit}, environ_base=environ):
        found = pagination.links(offset, limit, total, public_url,
                                 v2.VERSION)
    result = {}
    for link in found:
        url = parse.urlsplit(link['href'])
        query = parse.parse_qs(url.query)
        assert query['scope_id'] == ['a']
        result[link['rel']] = (url.scheme + '://' + url.netloc + url.path,
                               int(query['offset'][0]),
                               int(query['limit'][0]))
    return result


@pytest.mark.parametrize('offset, limit, total, expected', [
    (0, 10, 25, {'next': 10}),
    (10, 10, 25, {'next': 20, 'previous': 0}),
    (20, 10, 25, {'previous': 10}),
    (5, 10, 25, {'next': 15, 'previous': 0}),
    (0, 10, 10, {}),
    (0, 10, 0, {}),
    # Past the end: previous is the last page that has items.
    (90, 10, 25, {'previous': 15}),
    (10, 1, 2, {'previous': 1}),
])
def test_links(app, offset, limit, total, expected):
    links = _links(app, offset, limit, total)
    assert {rel: off for rel, (_, off, _) in links.items()} == expected
    for url, _, page in links.values():
        assert url == 'http://h:1/rating/v2/scope'
        assert page == limit


def test_links_use_public_url(app):
    links = _links(app, 0, 10, 25, public_url='https://api.example.com/r')
    assert links['next'][0] == 'https://api.example.com/r/v2/scope'
