"""Parsing and choosing versions, on hand-written documents."""
import pytest

from ratingapi.client import discovery
from ratingapi.client import errors
from ratingapi.client import resources

URL = 'https://api.example.com/rating/'


def link(rel, href):
    return {'rel': rel, 'href': href}


def entry(ident, status, low=None, high=None, path=None, **extra):
    major = ident[1:].split('.')[0]
    doc = {'id': ident, 'status': status,
           'links': [link('self', URL + (path or 'v%s/' % major)),
                     link('collection', URL)]}
    if low:
        doc['min_version'] = low
    if high:
        doc['max_version'] = high
        doc['version'] = high
    doc.update(extra)
    return doc


V1 = entry('v1.0', 'SUPPORTED')
V2 = entry('v2.0', 'CURRENT', '2.0', '2.3')
ROOT = {'versions': [V1, V2]}

CLIENT_V1 = resources.Api(1, ())
CLIENT_V2 = resources.Api(2, (), min_microversion='2.0',
                          max_microversion='2.5')
CLIENT_V3 = resources.Api(3, (), min_microversion='3.0',
                          max_microversion='3.0')
CLIENT = (CLIENT_V2, CLIENT_V1)


# -- parse --------------------------------------------------------------


def summary(document):
    return [(v.id, v.status, v.min_microversion, v.max_microversion, v.url,
             v.collection_url) for v in document.versions]


PARSED = [
    ('ratingapi-root', ROOT, False, [
        ('v2.0', 'CURRENT', (2, 0), (2, 3), URL + 'v2/', URL),
        ('v1.0', 'SUPPORTED', None, None, URL + 'v1/', URL)]),
    ('keystone-values', {'versions': {'values': [{
        'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07',
        'media-types': [{'base': 'application/json'}],
        'links': [link('self', 'https://ks.example.com/v3/')]}]}}, False, [
        ('v3.14', 'CURRENT', None, None, 'https://ks.example.com/v3/',
         'https://ks.example.com/')]),
    ('single-version', {'version': V2}, True, [
        ('v2.0', 'CURRENT', (2, 0), (2, 3), URL + 'v2/', URL)]),
    ('bare-id-object', {'id': 'v1', 'links': [link('self', URL + 'v1/')]},
     True, [('v1', 'CURRENT', None, None, URL + 'v1/', URL)]),
    ('nova-empty-strings', {'versions': [entry(
        'v2.0', 'SUPPORTED', path='v2/', version='', min_version='')]},
     False, [('v2.0', 'SUPPORTED', None, None, URL + 'v2/', URL)]),
    ('max-version-wins', {'versions': [dict(
        entry('v2.0', 'CURRENT', '2.0', '2.3'), version='2.1')]}, False,
     [('v2.0', 'CURRENT', (2, 0), (2, 3), URL + 'v2/', URL)]),
    ('legacy-version-only', {'versions': [{
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.55',
        'min_version': '2.1', 'links': [link('self', URL + 'v2.1/')]}]},
     False, [('v2.1', 'CURRENT', (2, 1), (2, 55), URL + 'v2.1/', URL)]),
    ('placement-relative-self', {'versions': [{
        'id': 'v1.0', 'status': 'CURRENT', 'min_version': '1.0',
        'max_version': '1.39', 'links': [link('self', '')]}]}, False,
     [('v1.0', 'CURRENT', (1, 0), (1, 39), URL, None)]),
    ('relative-links', {'versions': [{
        'id': 'v2.0', 'status': 'current',
        'links': [link('SELF', 'v2/'), link('Collection', '')]}]}, False,
     [('v2.0', 'CURRENT', None, None, URL + 'v2/', URL)]),
    ('statuses-normalised', {'versions': [
        entry('v3.0', 'beta'), entry('v2.0', 'Stable'),
        entry('v1.0', 'deprecated')]}, False, [
        ('v3.0', 'UNKNOWN', None, None, URL + 'v3/', URL),
        ('v2.0', 'CURRENT', None, None, URL + 'v2/', URL),
        ('v1.0', 'DEPRECATED', None, None, URL + 'v1/', URL)]),
    ('sorted-newest-first', {'versions': [
        entry('v1.0', 'SUPPORTED'), entry('v3.0', 'EXPERIMENTAL'),
        entry('v2.0', 'CURRENT')]}, False, [
        ('v3.0', 'EXPERIMENTAL', None, None, URL + 'v3/', URL),
        ('v2.0', 'CURRENT', None, None, URL + 'v2/', URL),
        ('v1.0', 'SUPPORTED', None, None, URL + 'v1/', URL)]),
]


@pytest.mark.parametrize('body,single,expected',
                         [case[1:] for case in PARSED],
                         ids=[case[0] for case in PARSED])
def test_parse(body, single, expected):
    document = discovery.parse(body, URL)
    assert document.single is single
    assert summary(document) == expected


SKIPPED = [
    ('no-status', {'id': 'v3.0', 'links': [link('self', URL)]},
     'no "status"'),
    ('no-id', {'status': 'CURRENT', 'links': [link('self', URL)]},
     'without "id"'),
    ('bad-id', dict(entry('v2.0', 'CURRENT'), id='two'),
     'malformed version id'),
    ('no-links', {'id': 'v3.0', 'status': 'CURRENT'}, 'no "links"'),
    ('no-self-link', {'id': 'v3.0', 'status': 'CURRENT',
                      'links': [link('collection', URL)]}, 'no "self"'),
    ('number-microversion', entry('v3.0', 'CURRENT', 3.0, 3.10),
     'min_version'),
    ('malformed-microversion', entry('v3.0', 'CURRENT', '3.0', '3.x'),
     'max_version'),
    ('other-major-microversion', entry('v3.0', 'CURRENT', '2.0', '2.1'),
     'another major'),
    ('min-above-max', entry('v3.0', 'CURRENT', '3.5', '3.1'),
     'min_version above'),
    ('not-an-object', 'v3.0', 'not an object'),
]


@pytest.mark.parametrize('bad,reason', [case[1:] for case in SKIPPED],
                         ids=[case[0] for case in SKIPPED])
def test_malformed_entries_are_skipped_with_a_reason(bad, reason):
    document = discovery.parse({'versions': [bad, V2]}, URL)
    assert [v.id for v in document.versions] == ['v2.0']
    assert len(document.skipped) == 1 and reason in document.skipped[0]


@pytest.mark.parametrize('bad,reason', [case[1:] for case in SKIPPED],
                         ids=[case[0] for case in SKIPPED])
def test_a_document_with_only_malformed_entries_is_an_error(bad, reason):
    with pytest.raises(errors.DiscoveryError) as info:
        discovery.parse({'versions': [bad]}, URL)
    assert reason in str(info.value) and URL in str(info.value)


INVALID = [
    ('bare-list', [V1, V2], 'a list instead of an object'),
    ('string', 'versions', 'not a JSON object'),
    ('null', None, 'not a JSON object'),
    ('no-versions-member', {'choices': []}, 'no "versions" or "version"'),
    ('versions-not-list', {'versions': 'v2'}, 'is not a list'),
    ('values-not-list', {'versions': {'values': {}}}, 'is not a list'),
    ('empty-list', {'versions': []}, 'No usable version'),
]


@pytest.mark.parametrize('body,message', [case[1:] for case in INVALID],
                         ids=[case[0] for case in INVALID])
def test_invalid_documents(body, message):
    with pytest.raises(errors.DiscoveryError) as info:
        discovery.parse(body, URL)
    assert message in str(info.value)
    assert info.value.url == URL


# -- choose ---------------------------------------------------------------


def doc(*entries):
    return discovery.parse({'versions': list(entries)}, URL)


CHOSEN = [
    # id, document, client apis, pin, unstable → version id, microversion
    ('newest-stable', doc(V1, V2), CLIENT, None, False, 'v2.0', (2, 3)),
    ('client-max-below-server-max', doc(V1, V2),
     (resources.Api(2, (), min_microversion='2.0', max_microversion='2.1'),
      CLIENT_V1), None, False, 'v2.0', (2, 1)),
    ('client-range-above-server-falls-back-to-v1', doc(V1, V2),
     (resources.Api(2, (), min_microversion='2.4', max_microversion='2.6'),
      CLIENT_V1), None, False, 'v1.0', None),
    ('client-max-below-server-min-falls-back-to-v1',
     doc(V1, entry('v2.0', 'CURRENT', '2.2', '2.3')),
     (resources.Api(2, (), min_microversion='2.0', max_microversion='2.1'),
      CLIENT_V1), None, False, 'v1.0', None),
    ('pinned-major-1', doc(V1, V2), CLIENT, '1', False, 'v1.0', None),
    ('pinned-major-v2', doc(V1, V2), CLIENT, 'v2', False, 'v2.0', (2, 3)),
    ('pinned-microversion', doc(V1, V2), CLIENT, '2.1', False, 'v2.0',
     (2, 1)),
    ('pinned-1.0-without-microversions', doc(V1, V2), CLIENT, '1.0', False,
     'v1.0', None),
    ('supported-beats-newer-experimental',
     doc(V2, entry('v3.0', 'EXPERIMENTAL', '3.0', '3.0')),
     (CLIENT_V3, CLIENT_V2), None, False, 'v2.0', (2, 3)),
    ('unstable-takes-experimental',
     doc(V2, entry('v3.0', 'EXPERIMENTAL', '3.0', '3.0')),
     (CLIENT_V3, CLIENT_V2), None, True, 'v3.0', (3, 0)),
    ('supported-beats-newer-deprecated',
     doc(V1, entry('v2.0', 'DEPRECATED', '2.0', '2.3')), CLIENT, None,
     False, 'v1.0', None),
    ('unknown-status-hidden', doc(V1, entry('v2.0', 'BETA', '2.0', '2.3')),
     CLIENT, None, False, 'v1.0', None),
    ('unknown-major-ignored', doc(V1, V2, entry('v9.0', 'CURRENT')),
     CLIENT, None, False, 'v2.0', (2, 3)),
    ('server-without-microversions', doc(entry('v2.0', 'CURRENT')),
     CLIENT, None, False, 'v2.0', None),
    ('keystone-style-stable', discovery.parse({'versions': {'values': [
        {'id': 'v2.0', 'status': 'stable', 'min_version': '2.0',
         'max_version': '2.0', 'links': [link('self', URL + 'v2/')]}]}},
        URL), CLIENT, None, False, 'v2.0', (2, 0)),
]


@pytest.mark.parametrize('document,apis,pin,unstable,ident,mv',
                         [case[1:] for case in CHOSEN],
                         ids=[case[0] for case in CHOSEN])
def test_choose(document, apis, pin, unstable, ident, mv):
    choice = discovery.choose(document, apis,
                              pin=discovery.parse_pin(pin),
                              unstable=unstable)
    assert (choice.version.id, choice.microversion) == (ident, mv)
    assert choice.api.major == choice.version.major
    assert choice.warnings == ()


def test_deprecated_only_as_a_last_resort_with_a_warning():
    choice = discovery.choose(
        doc(entry('v2.0', 'DEPRECATED', '2.0', '2.3')), (CLIENT_V2,))
    assert choice.version.id == 'v2.0'
    assert len(choice.warnings) == 1
    assert 'DEPRECATED' in choice.warnings[0] and URL in choice.warnings[0]


NOT_AVAILABLE = [
    # id, document, apis, pin, unstable, fragments of the message
    ('no-common-major', doc(V1, V2), (CLIENT_V3,), None, False,
     ['v2.0 (CURRENT, microversions 2.0 to 2.3)', 'v1.0 (SUPPORTED)',
      'this client supports v3 (microversions 3.0 to 3.0)']),
    ('pinned-major-absent', doc(V1, V2), CLIENT, '3', False,
     ['for version 3', 'the server offers v2.0', 'v1.0 (SUPPORTED)',
      'this client supports v2 (microversions 2.0 to 2.5), v1']),
    ('pinned-microversion-above-server', doc(V1, V2), CLIENT, '2.4', False,
     ['for version 2.4', 'outside the server range 2.0 to 2.3',
      'microversions 2.0 to 2.3', 'v2 (microversions 2.0 to 2.5)']),
    ('pinned-microversion-above-client', doc(V1, entry(
        'v2.0', 'CURRENT', '2.0', '2.9')), CLIENT, '2.7', False,
     ['outside the client range 2.0 to 2.5']),
    ('pinned-minor-on-v1', doc(V1, V2), CLIENT, '1.1', False,
     ['v1.0 has no microversion 1.1']),
    ('only-experimental', doc(entry('v3.0', 'EXPERIMENTAL', '3.0', '3.0')),
     (CLIENT_V3,), None, False, ['EXPERIMENTAL (pass unstable=True']),
    ('pinned-experimental', doc(V2, entry('v3.0', 'EXPERIMENTAL')),
     (CLIENT_V3, CLIENT_V2), '3', False, ['unstable=True']),
    ('client-max-below-server-min', doc(entry(
        'v2.0', 'CURRENT', '2.6', '2.9')), (CLIENT_V2,), None, False,
     ['microversion 2.5 is outside the server range 2.6 to 2.9']),
    ('only-unknown', doc(entry('v2.0', 'BETA')), CLIENT, None, False,
     ['v2.0 has an unknown status']),
]


@pytest.mark.parametrize('document,apis,pin,unstable,fragments',
                         [case[1:] for case in NOT_AVAILABLE],
                         ids=[case[0] for case in NOT_AVAILABLE])
def test_no_common_version(document, apis, pin, unstable, fragments):
    with pytest.raises(errors.VersionNotAvailable) as info:
        discovery.choose(document, apis, pin=discovery.parse_pin(pin),
                         unstable=unstable)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    assert info.value.offered == document.versions
    assert info.value.supported == tuple(apis)
    assert info.value.requested == pin
    assert URL in message


PINS = [
    ('major', '1', discovery.Pin(1)),
    ('major-v', 'v2', discovery.Pin(2)),
    ('major-upper-v', 'V2', discovery.Pin(2)),
    ('major-int', 2, discovery.Pin(2)),
    ('microversion', '2.1', discovery.Pin(2, 1)),
    ('microversion-10', '2.10', discovery.Pin(2, 10)),
    ('none', None, None),
]


@pytest.mark.parametrize('text,pin', [case[1:] for case in PINS],
                         ids=[case[0] for case in PINS])
def test_parse_pin(text, pin):
    assert discovery.parse_pin(text) == pin


@pytest.mark.parametrize('text', ['2.x', 'latest', 'v2.1', '', 'two',
                                  True, 2.1, '2.1.1'])
def test_parse_pin_rejects(text):
    with pytest.raises(ValueError):
        discovery.parse_pin(text)


@pytest.mark.parametrize('given,expected', [
    ('STABLE', 'CURRENT'), ('stable', 'CURRENT'), ('current', 'CURRENT'),
    ('Supported', 'SUPPORTED'), ('DEPRECATED', 'DEPRECATED'),
    ('experimental', 'EXPERIMENTAL'), ('BETA', 'UNKNOWN'),
    ('', 'UNKNOWN')])
def test_normalize_status(given, expected):
    assert discovery.normalize_status(given) == expected
