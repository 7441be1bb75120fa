"""What the gabbi fixtures rely on: each app gets its own configuration.

Every YAML file's fixture builds a fresh ``ConfigOpts`` with
``ratingapi.conf.register_all`` and overrides options on it; those
overrides must not show through any other ``ConfigOpts``, the global
``ratingapi.conf.CONF`` included.
"""
import pytest

from ratingapi import conf as rconf
from tests.appkit import make_conf
from tests.functional import fixtures

# One option of each group ratingapi registers, and a value that is not
# its default.  Test ids must not contain ":": gabbi's pytest plugin takes
# any test whose id has one for a gabbi test and fails the collection.
OPTIONS = [
    (None, 'auth_strategy', 'noauth'),
    ('api', 'public_url', 'https://leak.example.com/rating'),
    ('api', 'max_request_body_size', 7),
    ('database', 'connection', 'sqlite:////nonexistent/leak.sqlite'),
]


def _value(conf, group, name):
    return getattr(conf[group] if group else conf, name)


@pytest.mark.parametrize('group,name,value', OPTIONS,
                         ids=[name for _, name, _ in OPTIONS])
def test_override_stays_in_its_own_conf(group, name, value):
    first, second = make_conf(), make_conf()
    before = _value(second, group, name)
    first.set_override(name, value, group)
    try:
        assert _value(first, group, name) == value
        assert _value(second, group, name) == before
        assert _value(rconf.CONF, group, name) != value
    finally:
        first.clear_override(name, group)


@pytest.mark.parametrize('fixture_class', [
    fixtures.PublicUrl, fixtures.SmallBody, fixtures.ProxyHeaders],
    ids=lambda cls: cls.__name__)
def test_fixture_leaves_no_override_behind(fixture_class):
    before = {(g, n): _value(make_conf(), g, n) for g, n, _ in OPTIONS}
    fixture = fixture_class()
    fixture.start_fixture()
    fixture.stop_fixture()
    after = {(g, n): _value(make_conf(), g, n) for g, n, _ in OPTIONS}
    assert after == before
    assert fixtures._CURRENT['app'] is None
