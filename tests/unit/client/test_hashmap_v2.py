"""The v2 hashmap rules and the quote (from microversion 2.2), on both
clients, against a hand-written server that answers as the wire contract
says; and what a server at 2.1 gets: nothing."""
import datetime
import decimal
import inspect
import json
import urllib.parse

import httpx
import pytest

from ratingapi import client as sdk
from ratingapi.client import errors
from ratingapi.client import resources
from ratingapi.client import v2
from tests.unit.client import both

pytestmark = pytest.mark.anyio

ROOT = 'http://rating.example/'
V2 = ROOT + 'v2/'
HASHMAP = V2 + 'rating/hashmap/'
UTC = datetime.timezone.utc
D = decimal.Decimal
HEADER = 'OpenStack-API-Version'


def versions(server_max):
    return {'versions': [
        {'id': 'v2.0', 'status': 'CURRENT', 'min_version': '2.0',
         'max_version': server_max,
         'links': [{'rel': 'self', 'href': V2}]},
        {'id': 'v1.0', 'status': 'SUPPORTED',
         'links': [{'rel': 'self', 'href': ROOT + 'v1/'}]}]}


class Server:
    """Answers discovery at ``server_max`` and each (method, URL) from
    ``routes`` (a response body, or (status, body, headers)), echoing the
    microversion asked for; keeps what it was sent."""

    def __init__(self, routes=(), server_max='2.2'):
        self.routes = dict(routes)
        self.server_max = server_max
        self.sent = []

    def __call__(self, request):
        self.sent.append(request)
        if str(request.url) == ROOT:
            return json_response(300, versions(self.server_max))
        answer = self.routes[(request.method, str(request.url))]
        status, body, headers = (answer if isinstance(answer, tuple)
                                 else (200, answer, {}))
        headers = dict(headers)
        asked = request.headers.get(HEADER)
        if asked:
            headers[HEADER] = asked
        return json_response(status, body, headers)

    def api_calls(self):
        return [(request.method, str(request.url)) for request in self.sent
                if str(request.url) != ROOT]

    def body(self, index=-1):
        """The raw JSON text of a request sent below the endpoint."""
        calls = [request for request in self.sent
                 if str(request.url) != ROOT]
        return calls[index].content.decode()


def json_response(status, body, headers=()):
    """An answer; Decimals in ``body`` are written as exact numbers, as
    the server writes them."""
    if body is None:
        return httpx.Response(status, headers=dict(headers))
    return httpx.Response(status, headers=dict(headers),
                          content=resources.exact_json(body))


def url(path, **query):
    return HASHMAP + path + ('?' + urllib.parse.urlencode(query)
                             if query else '')


SERVICE = {'service_id': 's1', 'name': 'compute'}
MAPPING = {
    'mapping_id': 'm1', 'service_id': None, 'field_id': 'f1',
    'group_id': 'g1', 'tenant_id': None, 'value': 'm1.small',
    'type': 'flat', 'cost': 0.1, 'name': 'small', 'description': None,
    'start': '2024-01-01T00:00:00+00:00', 'end': None,
    'created_at': '2024-01-01T10:00:00+00:00', 'created_by': 'admin',
    'updated_by': None, 'deleted': None, 'deleted_by': None}


def mapping_body(**changes):
    """A mapping as the server writes it: the cost an exact number."""
    text = json.dumps(dict(MAPPING, **changes))
    return text.replace('"cost": 0.1', '"cost": 0.10')


def test_declarations():
    for resource in (v2.HASHMAP_SERVICE, v2.HASHMAP_FIELD, v2.HASHMAP_GROUP,
                     v2.HASHMAP_MAPPING, v2.HASHMAP_THRESHOLD, v2.QUOTE):
        assert resource.min_microversion == (2, 2), resource
    assert v2.HASHMAP_FIELD.path({}, 'f 1') == 'rating/hashmap/fields/f%201'
    assert v2.HASHMAP_MAPPING.update_method == 'PATCH'
    assert v2.HASHMAP_MAPPING.allows(resources.DELETE)
    assert set(v2.HASHMAP_MAPPING.query) == {
        'service_id', 'field_id', 'group_id', 'tenant_id', 'deleted',
        'page_size'}
    assert set(v2.HASHMAP_GROUP.delete_query) == {'recursive'}
    read_only = {name for name, attr in v2.HASHMAP_MAPPING.attributes.items()
                 if attr.read_only}
    assert read_only == {'mapping_id', 'created_at', 'created_by',
                         'updated_by', 'deleted', 'deleted_by',
                         'service_id', 'field_id', 'name'}
    assert v2.QUOTE.allows('quote') and not v2.QUOTE.operations


async def test_service_crud(mode):
    server = Server({
        ('POST', url('services')): (201, SERVICE, {
            'Location': url('services/s1')}),
        ('GET', url('services', offset=0)): {
            'total': 2, 'results': [SERVICE], 'links': [
                {'rel': 'next', 'href': url('services', offset=1, limit=1)}]},
        ('GET', url('services', offset=1, limit=1)): {
            'total': 2, 'results': [{'service_id': 's2', 'name': 'volume'}],
            'links': []},
        ('GET', url('services/s1')): SERVICE,
        ('PATCH', url('services/s1')): dict(SERVICE, name='nova'),
        ('DELETE', url('services/s1')): (204, None, {}),
        ('DELETE', url('services/s9')): (404, {'errors': [{
            'status': 404, 'code': 'rating.not-found', 'title': 'Not Found',
            'detail': 'nope'}]}, {}),
    })
    async with both.make(mode, ROOT, server) as client:
        created = await client.create_hashmap_service(name='compute')
        listed = await client.retrieve_hashmap_service()
        one = await client.retrieve_hashmap_service('s1')
        updated = await client.update_hashmap_service('s1', {'name': 'nova'})
        assert await client.delete_hashmap_service('s1') is True
        assert await client.delete_hashmap_service('s9') is False
    assert (created.service_id, created.name) == ('s1', 'compute')
    assert [record.pk for record in listed] == ['s1', 's2']
    assert one == created and updated.name == 'nova'
    assert [request.headers[HEADER] for request in server.sent[1:]] == [
        'rating 2.2'] * 7
    bodies = [request.content for request in server.sent
              if request.method in ('POST', 'PATCH')]
    assert [json.loads(body) for body in bodies] == [{'name': 'compute'},
                                                     {'name': 'nova'}]


async def test_field_lists_by_service(mode):
    field = {'field_id': 'f1', 'name': 'flavor', 'service_id': 's1'}
    server = Server({('GET', url('fields', service_id='s1', offset=0)): {
        'total': 1, 'results': [field], 'links': []}})
    async with both.make(mode, ROOT, server) as client:
        fields = await client.retrieve_hashmap_field(service_id='s1')
        with pytest.raises(TypeError, match='field_id'):
            await client.retrieve_hashmap_field(field_id='f1')
    assert [(f.field_id, f.service_id) for f in fields] == [('f1', 's1')]


async def test_mappings_are_exact_and_partial(mode):
    mapping = json.loads(mapping_body(), parse_float=D)
    server = Server({
        ('POST', url('mappings')): (201, mapping, {
            'Location': url('mappings/m1')}),
        ('GET', url('mappings', field_id='f1', deleted='true', offset=0)): {
            'total': 1, 'results': [dict(mapping, deleted=(
                '2024-02-01T00:00:00+01:00'), deleted_by='admin')],
            'links': []},
        ('PATCH', url('mappings/m1')): dict(mapping, cost=D('0.25')),
    })
    async with both.make(mode, ROOT, server) as client:
        created = await client.create_hashmap_mapping(
            field_id='f1', group_id='g1', value='m1.small', type='flat',
            cost=D('0.10'), name='small',
            start=datetime.datetime(2024, 1, 1, tzinfo=UTC))
        create_body = server.body()
        deleted = await client.retrieve_hashmap_mapping(field_id='f1',
                                                        deleted=True)
        updated = await client.update_hashmap_mapping('m1',
                                                      {'cost': D('0.25')})
        with pytest.raises(ValueError, match='read-only'):
            await client.update_hashmap_mapping('m1', {'created_by': 'x'})
    assert '"cost":0.10' in create_body
    assert json.loads(create_body, parse_float=D) == {
        'field_id': 'f1', 'group_id': 'g1', 'value': 'm1.small',
        'type': 'flat', 'cost': D('0.10'), 'name': 'small',
        'start': '2024-01-01T00:00:00+00:00'}
    assert server.body() == '{"cost":0.25}'      # only what was given
    assert created.cost == D('0.10') and isinstance(created.cost, D)
    assert created.start == datetime.datetime(2024, 1, 1, tzinfo=UTC)
    assert created.created_at.tzinfo is not None and created.deleted is None
    assert deleted[0].deleted == datetime.datetime(2024, 1, 31, 23,
                                                   tzinfo=UTC)
    assert updated.cost == D('0.25')
    assert len(server.api_calls()) == 3


@pytest.mark.parametrize('noun,data', [
    ('hashmap_field', {'service_id': 's2'}),
    ('hashmap_mapping', {'field_id': 'f2'}),
    ('hashmap_mapping', {'service_id': 's2'}),
    ('hashmap_mapping', {'name': 'renamed'}),
    ('hashmap_threshold', {'service_id': 's2'}),
    ('hashmap_threshold', {'field_id': 'f2'}),
])
async def test_parents_and_mapping_names_are_set_at_creation_only(
        mode, noun, data):
    """The server's PATCH bodies take no parent (nor a mapping's name):
    the SDK refuses them before sending, as for the other read-only
    attributes."""
    server = Server()
    async with both.make(mode, ROOT, server) as client:
        with pytest.raises(ValueError, match='%s.%s is read-only' % (
                noun, next(iter(data)))):
            await getattr(client, 'update_' + noun)('x1', data)
    assert server.api_calls() == []


async def test_parents_and_names_are_sent_on_create(mode):
    server = Server({('POST', url('fields')): (201, {
        'field_id': 'f1', 'name': 'flavor', 'service_id': 's1'}, {})})
    async with both.make(mode, ROOT, server) as client:
        field = await client.create_hashmap_field(name='flavor',
                                                  service_id='s1')
    assert json.loads(server.body()) == {'name': 'flavor',
                                         'service_id': 's1'}
    assert field.service_id == 's1'


async def test_thresholds_read_decimals(mode):
    threshold = {'threshold_id': 't1', 'service_id': 's1', 'field_id': None,
                 'group_id': None, 'tenant_id': None, 'level': 10,
                 'type': 'rate', 'cost': '0.5'}
    server = Server({('GET', url('thresholds/t1')): threshold})
    async with both.make(mode, ROOT, server) as client:
        record = await client.retrieve_hashmap_threshold('t1')
    assert (record.level, record.cost) == (D(10), D('0.5'))
    assert isinstance(record.level, D)


@pytest.mark.parametrize('recursive,query', [
    (True, '?recursive=true'), (False, '?recursive=false'), (None, '')])
async def test_group_delete_may_be_recursive(mode, recursive, query):
    server = Server({('DELETE', HASHMAP + 'groups/g1' + query):
                     (204, None, {})})
    async with both.make(mode, ROOT, server) as client:
        assert await client.delete_hashmap_group(
            'g1', recursive=recursive) is True
        with pytest.raises(TypeError, match='recursive'):
            await client.delete_hashmap_group('g1', cascade=True)
    assert len(server.api_calls()) == 1


async def test_quote(mode):
    answer = ('{"total": 1.50, "resources": [{"service": "cpu", '
              '"volume": 3, "price": 1.50}]}')
    server = Server({('POST', V2 + 'rating/quote'): json.loads(
        answer, parse_float=D)})
    async with both.make(mode, ROOT, server) as client:
        quote = await client.quote([{'service': 'cpu', 'volume': D('3'),
                                     'groupby': {'flavor': 'm1.small'},
                                     'metadata': {'vcpus': D('2')}}])
    assert json.loads(server.body()) == {'resources': [{
        'service': 'cpu', 'volume': 3, 'groupby': {'flavor': 'm1.small'},
        'metadata': {'vcpus': 2}}]}
    assert quote.total == D('1.50') and isinstance(quote.total, D)
    assert [(item.service, item.volume, item.price)
            for item in quote.resources] == [('cpu', D(3), D('1.50'))]


def test_a_malformed_quote_is_an_error():
    with pytest.raises(errors.RatingClientError, match='priced'):
        v2.QUOTE.record({'total': 1, 'resources': 'none'})


CALLS_AT_2_2 = [
    ('create_hashmap_service', (), {'name': 'x'}),
    ('retrieve_hashmap_field', (), {}),
    ('retrieve_hashmap_group', ('g1',), {}),
    ('update_hashmap_mapping', ('m1', {'cost': 1}), {}),
    ('delete_hashmap_group', ('g1',), {'recursive': True}),
    ('retrieve_hashmap_threshold', (), {'service_id': 's1'}),
    ('quote', ([{'service': 'cpu', 'volume': 1}],), {}),
]


@pytest.mark.parametrize('name,args,kwargs', CALLS_AT_2_2,
                         ids=[call[0] for call in CALLS_AT_2_2])
async def test_a_server_at_2_1_gets_nothing(mode, name, args, kwargs):
    """The client speaks up to 2.2 and negotiates 2.1 with a 2.1 server:
    what that version serves works, the rest fails before any request,
    naming the microversion it needs."""
    server = Server({('GET', V2 + 'rating/modules'): {'modules': []}},
                    server_max='2.1')
    async with both.make(mode, ROOT, server) as client:
        with pytest.raises(errors.MicroversionTooLow) as info:
            await getattr(client, name)(*args, **kwargs)
        assert client.microversion == '2.1'
        assert await client.retrieve_module() == []
    assert (info.value.required, info.value.negotiated) == ('2.2', '2.1')
    assert 'needs microversion 2.2' in str(info.value)
    assert isinstance(info.value, errors.OperationNotAllowed)
    assert server.api_calls() == [('GET', V2 + 'rating/modules')]
    assert server.sent[-1].headers[HEADER] == 'rating 2.1'


async def test_v1_has_no_hashmap_rules(mode):
    server = Server()
    async with both.make(mode, ROOT, server, version='1') as client:
        with pytest.raises(errors.OperationNotAllowed, match='v1 has no'):
            await client.retrieve_hashmap_service()
    assert server.api_calls() == []


def test_a_resource_without_a_microversion_is_refused_on_its_own():
    with pytest.raises(errors.MicroversionTooLow, match='no microversion'):
        v2.HASHMAP_GROUP.check_microversion(None)
    v2.HASHMAP_GROUP.check_microversion((2, 3))
    v2.MODULE.check_microversion(None)


def test_generated_signatures():
    for cls in (sdk.RatingClient, sdk.AsyncRatingClient):
        assert str(inspect.signature(cls.delete_hashmap_group)) == (
            '(self, pk, raise_not_exists=False, *, recursive=None)')
        assert str(inspect.signature(cls.retrieve_hashmap_mapping)) == (
            '(self, pk=None, filters=None, *, service_id=None, '
            'field_id=None, group_id=None, tenant_id=None, deleted=None, '
            'page_size=None)')
        assert str(inspect.signature(cls.quote)) == '(self, resources)'
        assert not hasattr(cls, 'head_hashmap_service')
