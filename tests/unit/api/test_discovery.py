"""The version registry and the documents built from it (DISCOVERY.md §6)."""
import json

import pytest
from werkzeug import test as wtest

from ratingapi.api import discovery
from ratingapi.api import serialization
from ratingapi import exceptions

Microversion = discovery.Microversion


def _synthetic():
    """v2 with 2.0..2.3; 'old' removed at 2.2, 'new' added at 2.2."""
    return discovery.ApiVersion(2, discovery.CURRENT, history=(
        Microversion('2.0', 'start', added=('base', 'old')),
        Microversion('2.1', 'a fix'),
        Microversion('2.2', 'swap', added=('new',), removed=('old',)),
        Microversion('2.3', 'late', added=('latest-thing',)),
    ))


def _by_name(version):
    return {cap.name: cap for cap in version.capabilities}


# -- ApiVersion ------------------------------------------------------------

@pytest.mark.parametrize('status', discovery.STATUSES)
def test_every_api_sig_status_is_accepted(status):
    assert discovery.ApiVersion(3, status).status == status


@pytest.mark.parametrize('status', ['current', 'STABLE', 'BETA', ''])
def test_unknown_status_is_rejected(status):
    with pytest.raises(ValueError):
        discovery.ApiVersion(2, status)


@pytest.mark.parametrize('versions', [
    ('2.1', '2.0'),           # decreasing
    ('2.0', '2.0'),           # repeated
    ('2.0', '2.2', '2.1'),    # out of order
    ('2.9', '2.10', '2.9'),   # numeric order, then back
    ('3.0',),                 # wrong major
    ('2.0', '3.0'),           # leaves its major
])
def test_history_must_increase_within_its_major(versions):
    history = tuple(Microversion(v, 'x') for v in versions)
    with pytest.raises(ValueError):
        discovery.ApiVersion(2, discovery.CURRENT, history=history)


def test_history_compares_numerically():
    history = tuple(Microversion('2.%d' % minor, 'x') for minor in range(12))
    version = discovery.ApiVersion(2, discovery.CURRENT, history=history)
    assert version.min_version == (2, 0)
    assert version.max_version == (2, 11)


def test_malformed_history_version_is_rejected():
    # Fails at import time, whichever error class says so.
    with pytest.raises((ValueError, exceptions.InvalidMicroversion)):
        discovery.ApiVersion(2, discovery.CURRENT,
                             history=(Microversion('2', 'x'),))


def test_ids_and_paths():
    version = discovery.ApiVersion(7, discovery.EXPERIMENTAL)
    assert version.id == 'v7.0'
    assert version.path == '/v7'
    assert not version.microversioned


# -- capabilities -----------------------------------------------------------

def test_capabilities_are_derived_from_history():
    caps = _by_name(_synthetic())
    assert list(caps) == ['base', 'old', 'new', 'latest-thing']
    assert (caps['base'].min_version, caps['base'].max_version) == (
        '2.0', None)
    # Removed at 2.2: 2.1 is the last version that had it.
    assert (caps['old'].min_version, caps['old'].max_version) == (
        '2.0', '2.1')
    assert (caps['new'].min_version, caps['new'].max_version) == (
        '2.2', None)
    assert (caps['latest-thing'].min_version,
            caps['latest-thing'].max_version) == ('2.3', None)


@pytest.mark.parametrize('name, executed, available', [
    ('base', (2, 0), True),
    ('base', (2, 3), True),
    ('old', (2, 0), True),
    ('old', (2, 1), True),
    ('old', (2, 2), False),
    ('old', (2, 3), False),
    ('new', (2, 1), False),
    ('new', (2, 2), True),
    ('new', (2, 3), True),
    ('latest-thing', (2, 2), False),
    ('latest-thing', (2, 3), True),
])
def test_available_flips_exactly_at_the_bounds(name, executed, available):
    assert _by_name(_synthetic())[name].available(executed) is available


def test_capabilities_of_a_major_without_microversions():
    version = discovery.ApiVersion(1, discovery.SUPPORTED,
                                   capability_names=('a', 'b'))
    caps = version.capabilities
    assert [cap.name for cap in caps] == ['a', 'b']
    for cap in caps:
        assert (cap.min_version, cap.max_version) == (None, None)
        assert cap.available(None) is True


def test_capabilities_document_at_a_microversion():
    version = _synthetic()
    doc = discovery.capabilities_document(version, 'https://h/r/', (2, 1),
                                          {'k': 'v'})
    assert doc['version'] == discovery.version_entry(version, 'https://h/r/')
    assert doc['microversion'] == '2.1'
    assert doc['deployment'] == {'k': 'v'}
    assert doc['links'] == [{'rel': 'self',
                             'href': 'https://h/r/v2/capabilities'}]
    listed = {c['name']: c for c in doc['capabilities']}
    assert listed['old'] == {'name': 'old', 'min_version': '2.0',
                             'max_version': '2.1', 'available': True}
    assert listed['new'] == {'name': 'new', 'min_version': '2.2',
                             'max_version': None, 'available': False}


def test_capabilities_document_without_microversions():
    version = discovery.ApiVersion(1, discovery.SUPPORTED,
                                   capability_names=('a',))
    doc = discovery.capabilities_document(version, 'http://h/', None, {})
    assert doc['microversion'] is None
    assert doc['capabilities'] == [{'name': 'a', 'min_version': None,
                                    'max_version': None, 'available': True}]


# -- version entries and documents -------------------------------------------

def test_version_entry_of_a_microversioned_major():
    entry = discovery.version_entry(_synthetic(), 'https://h/rating/')
    assert entry == {
        'id': 'v2.0', 'status': 'CURRENT',
        'min_version': '2.0', 'max_version': '2.3', 'version': '2.3',
        'links': [{'rel': 'self', 'href': 'https://h/rating/v2/'},
                  {'rel': 'collection', 'href': 'https://h/rating/'}],
    }


def test_version_entry_without_microversions_omits_the_range():
    version = discovery.ApiVersion(1, discovery.SUPPORTED)
    entry = discovery.version_entry(version, 'http://h/')
    assert entry == {
        'id': 'v1.0', 'status': 'SUPPORTED',
        'links': [{'rel': 'self', 'href': 'http://h/v1/'},
                  {'rel': 'collection', 'href': 'http://h/'}],
    }


def test_microversions_are_strings_in_the_serialized_entry():
    # A JSON number 2.10 would read back as 2.1 in keystoneauth.
    history = tuple(Microversion('2.%d' % m, 'x') for m in range(11))
    version = discovery.ApiVersion(2, discovery.CURRENT, history=history)
    text = serialization.dumps(discovery.version_entry(version, 'http://h/'))
    assert '"max_version":"2.10"' in text


def test_versions_and_version_documents_share_entries():
    versions = (discovery.ApiVersion(1, discovery.SUPPORTED), _synthetic())
    root = 'http://h:1/'
    listed = discovery.versions_document(versions, root)
    assert list(listed) == ['versions']
    assert listed['versions'] == [discovery.version_entry(v, root)
                                  for v in versions]
    for version, entry in zip(versions, listed['versions']):
        assert discovery.version_document(version, root) == {
            'version': entry}


def test_encoded_versions_document_is_the_serialized_document():
    versions = (discovery.ApiVersion(1, discovery.SUPPORTED), _synthetic())
    root = 'http://h:1/'
    encoded = discovery.encoded_versions_document(versions, root)
    assert isinstance(encoded, bytes)
    document = discovery.versions_document(versions, root)
    assert encoded == serialization.dumps(document).encode()
    assert json.loads(encoded) == document
    # A different root gives a different document.
    other = discovery.encoded_versions_document(versions, 'http://x/')
    assert json.loads(other) == discovery.versions_document(versions,
                                                            'http://x/')


# -- root_url ------------------------------------------------------------

def _environ(host='api.example.com', script='', scheme='http', **extra):
    environ = wtest.EnvironBuilder(
        path='/', base_url='%s://%s%s' % (scheme, host, script)).get_environ()
    environ.update(extra)
    return environ


@pytest.mark.parametrize('public_url, expected', [
    ('https://api.example.com/rating', 'https://api.example.com/rating/'),
    ('https://api.example.com/rating/', 'https://api.example.com/rating/'),
    ('https://api.example.com/rating//', 'https://api.example.com/rating/'),
    ('https://api.example.com', 'https://api.example.com/'),
])
def test_public_url_wins(public_url, expected):
    environ = _environ(host='internal:8889', script='/mnt')
    assert discovery.root_url(environ, public_url) == expected
    assert discovery.root_url(environ, public_url, mount='/v2') == expected


@pytest.mark.parametrize('host, script, mount, expected', [
    ('api.example.com', '', '', 'http://api.example.com/'),
    ('api.example.com:8889', '', '', 'http://api.example.com:8889/'),
    ('api.example.com', '/rating', '', 'http://api.example.com/rating/'),
    ('api.example.com', '/rating/v2', '/v2',
     'http://api.example.com/rating/'),
    ('api.example.com', '/v2', '/v2', 'http://api.example.com/'),
    ('api.example.com', '/a/b/v1', '/v1', 'http://api.example.com/a/b/'),
    ('[::1]:8889', '', '', 'http://[::1]:8889/'),
    ('[2001:db8::1]', '/r', '', 'http://[2001:db8::1]/r/'),
    ('10.0.0.5:80', '', '', 'http://10.0.0.5:80/'),
])
def test_root_url_from_the_request(host, script, mount, expected):
    environ = _environ(host=host, script=script)
    assert discovery.root_url(environ, None, mount=mount) == expected


def test_root_url_keeps_the_scheme():
    environ = _environ(scheme='https', host='secure.example')
    assert discovery.root_url(environ, None) == 'https://secure.example/'


def test_mount_is_only_stripped_from_the_end():
    environ = _environ(script='/v2/rating')
    assert discovery.root_url(environ, None, mount='/v2') == (
        'http://api.example.com/v2/rating/')


@pytest.mark.parametrize('host', [
    'evil.com/x', 'evil.com x', 'a b', 'evil.com:80/path', 'user@evil.com',
    'evil.com?x', 'evil.com#x', '', 'evil.com:port', '[::1',
    # A trailing newline must not slip through the end anchor.
    'evil.example\n',
])
def test_malformed_host_falls_back_to_server_name(host):
    environ = _environ()
    environ.update(HTTP_HOST=host, SERVER_NAME='server.internal',
                   SERVER_PORT='8889')
    assert discovery.root_url(environ, None) == (
        'http://server.internal:8889/')


def test_missing_host_falls_back_to_server_name():
    environ = _environ(SERVER_NAME='server.internal', SERVER_PORT='80')
    del environ['HTTP_HOST']
    assert discovery.root_url(environ, None) == 'http://server.internal:80/'


# -- valid_prefix ----------------------------------------------------------

@pytest.mark.parametrize('prefix', [
    '/rating', '/rating/', '/a/b/', '/a/b/c', '/a.b-c_d~', '/v1.2', '/...'])
def test_valid_prefix_accepts_plain_segments(prefix):
    assert discovery.valid_prefix(prefix) is True


@pytest.mark.parametrize('prefix', [
    '//evil.example', '/a/../b', '/./x', '/..', '/.', '/a/.', 'rating',
    '/a b', '/%2e%2e', '', '/', '/a//b', 'http://evil.example/x',
    '/a?b', '/a#b', '/a\\b', '/a;b', '/é',
    # A trailing newline must not slip through the end anchor.
    '/rating\n',
])
def test_valid_prefix_rejects_the_rest(prefix):
    assert discovery.valid_prefix(prefix) is False
