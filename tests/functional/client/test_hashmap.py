"""The v2 hashmap rules and the quote through the SDK against the real
app, with both clients.  They are served from microversion 2.2; until a
session negotiates it, the SDK sends nothing for them.  At 2.2: create,
list (pages, filters), retrieve, partial update and delete of each noun;
the errors the server names; exact decimals both ways; and quotes whose
prices are computed here from the rules the test created."""
import datetime
import decimal
import json
import urllib.parse

import pytest

from ratingapi.client import errors

pytestmark = pytest.mark.anyio

D = decimal.Decimal
UTC = datetime.timezone.utc
HASHMAP = '/v2/rating/hashmap/'
UNKNOWN = '8f1d2c3b-0000-4000-8000-000000000000'


async def test_below_2_2_nothing_is_sent(client_for, service):
    async with client_for(version='2.1') as client:
        with pytest.raises(errors.MicroversionTooLow, match='2.2') as info:
            await client.retrieve_hashmap_service()
        with pytest.raises(errors.MicroversionTooLow):
            await client.quote([{'service': 'cpu', 'volume': 1}])
        assert [module.module_id for module in
                await client.retrieve_module()] == ['hashmap', 'noop',
                                                    'pyscripts']
    assert (info.value.required, info.value.negotiated) == ('2.2', '2.1')
    assert [path for _, path in service.requests()] == [
        '/', '/v2/rating/modules']


class Bodies:
    """An on_request hook keeping (method, path, body) of every request
    below the hashmap rules and the quote."""

    def __init__(self):
        self.sent = []

    def __call__(self, event):
        url = event.request.url
        if '/rating/hashmap/' in url.path or url.path.endswith('/quote'):
            self.sent.append((event.method, url.path,
                              event.request.content.decode()))

    def of(self, method):
        return [body for sent_method, _, body in self.sent
                if sent_method == method]


@pytest.fixture
def bodies():
    return Bodies()


@pytest.fixture
def rules(client_for, bodies):
    """A client pinned at 2.2 (not entered yet) recording its bodies."""
    return client_for(version='2.2', on_request=bodies)


def queries(service, collection):
    """The query strings of the GETs of ``collection`` that reached the
    app, parsed."""
    return [urllib.parse.parse_qs(env['QUERY_STRING'])
            for env in service.environs
            if env['REQUEST_METHOD'] == 'GET'
            and env['PATH_INFO'] == '/rating/hashmap/' + collection]


def later(days=1):
    return (datetime.datetime.now(UTC) + datetime.timedelta(days=days)
            ).replace(microsecond=0)


# -- services ----------------------------------------------------------------

async def test_services(rules, service, bodies):
    async with rules as client:
        created = [await client.create_hashmap_service(name=name)
                   for name in ('compute', 'volume', 'image')]
        assert client.microversion == '2.2'
        listed = await client.retrieve_hashmap_service(page_size=2)
        one = await client.retrieve_hashmap_service(created[1].service_id)
        renamed = await client.update_hashmap_service(created[2].service_id,
                                                      {'name': 'glance'})
        kept = await client.update_hashmap_service(created[2].service_id, {})
        assert await client.delete_hashmap_service(
            created[0].service_id) is True
        after = await client.retrieve_hashmap_service()
        assert await client.delete_hashmap_service(
            created[0].service_id) is False
    assert [s.name for s in created] == ['compute', 'volume', 'image']
    assert len({s.service_id for s in created}) == 3
    assert listed == created
    assert one == created[1]
    assert renamed.name == kept.name == 'glance'
    assert renamed.service_id == created[2].service_id
    assert [s.name for s in after] == ['volume', 'glance']
    # Three services two by two: two pages, the second from the first's
    # next link.
    assert queries(service, 'services') == [
        {'limit': ['2'], 'offset': ['0']}, {'limit': ['2'], 'offset': ['2']},
        {'offset': ['0']}]
    assert [json.loads(body) for body in bodies.of('PATCH')] == [
        {'name': 'glance'}, {}]
    assert service.requests('DELETE') == [
        ('DELETE', HASHMAP + 'services/' + created[0].service_id)] * 2


async def test_service_errors(rules):
    async with rules as client:
        compute = await client.create_hashmap_service(name='compute')
        volume = await client.create_hashmap_service(name='volume')
        with pytest.raises(errors.Conflict) as duplicate:
            await client.create_hashmap_service(name='compute')
        with pytest.raises(errors.Conflict) as renamed:
            await client.update_hashmap_service(volume.service_id,
                                                {'name': 'compute'})
        with pytest.raises(errors.NotFound) as missing:
            await client.retrieve_hashmap_service(UNKNOWN)
        with pytest.raises(errors.NotFound) as not_deleted:
            await client.delete_hashmap_service(UNKNOWN,
                                                raise_not_exists=True)
        with pytest.raises(errors.BadRequest) as bad:
            await client.create_hashmap_service(name=7)
        assert (await client.retrieve_hashmap_service(
            volume.service_id)).name == 'volume'
    assert (duplicate.value.status, duplicate.value.code) == (
        409, 'rating.conflict')
    assert duplicate.value.detail == (
        'Service compute already exists (UUID: %s)' % compute.service_id)
    assert renamed.value.detail == duplicate.value.detail
    assert (missing.value.code, missing.value.detail) == (
        'rating.not-found', 'No such service: None (UUID: %s)' % UNKNOWN)
    assert not_deleted.value.detail == missing.value.detail
    assert bad.value.code == 'rating.invalid-input'
    assert bad.value.extra['parameter'] == 'name'
    assert "'name'" in bad.value.detail


# -- fields ------------------------------------------------------------------

async def test_fields(rules, service, bodies):
    async with rules as client:
        compute = await client.create_hashmap_service(name='compute')
        volume = await client.create_hashmap_service(name='volume')
        flavor = await client.create_hashmap_field(
            name='flavor', service_id=compute.service_id)
        os_ = await client.create_hashmap_field(
            name='os', service_id=compute.service_id)
        # The same name under another service is another field.
        kind = await client.create_hashmap_field(
            name='flavor', service_id=volume.service_id)
        of_compute = await client.retrieve_hashmap_field(
            service_id=compute.service_id, page_size=1)
        every = await client.retrieve_hashmap_field()
        renamed = await client.update_hashmap_field(os_.field_id,
                                                    {'name': 'image'})
        again = await client.retrieve_hashmap_field(os_.field_id)
        with pytest.raises(ValueError, match='read-only'):
            await client.update_hashmap_field(
                os_.field_id, {'service_id': volume.service_id})
        # Deleting a service deletes its fields.
        await client.delete_hashmap_service(volume.service_id)
        with pytest.raises(errors.NotFound) as gone:
            await client.retrieve_hashmap_field(kind.field_id)
        left = await client.retrieve_hashmap_field()
    assert (flavor.name, flavor.service_id) == ('flavor', compute.service_id)
    assert kind.service_id == volume.service_id
    assert of_compute == [flavor, os_]
    assert every == [flavor, os_, kind]
    # The name changed, the service was kept.
    assert (renamed.name, renamed.service_id) == ('image',
                                                  compute.service_id)
    assert again == renamed
    assert gone.value.detail == 'No such field: %s' % kind.field_id
    assert left == [flavor, renamed]
    assert queries(service, 'fields')[:3] == [
        {'service_id': [compute.service_id], 'limit': ['1'],
         'offset': ['0']},
        {'service_id': [compute.service_id], 'limit': ['1'],
         'offset': ['1']},
        {'offset': ['0']}]
    assert [json.loads(body) for body in bodies.of('PATCH')] == [
        {'name': 'image'}]


async def test_field_errors(rules):
    async with rules as client:
        compute = await client.create_hashmap_service(name='compute')
        flavor = await client.create_hashmap_field(
            name='flavor', service_id=compute.service_id)
        with pytest.raises(errors.Conflict) as duplicate:
            await client.create_hashmap_field(
                name='flavor', service_id=compute.service_id)
        with pytest.raises(errors.BadRequest) as unknown:
            await client.create_hashmap_field(name='os', service_id=UNKNOWN)
        with pytest.raises(errors.BadRequest) as not_a_uuid:
            await client.create_hashmap_field(name='os', service_id='cpu')
        with pytest.raises(errors.BadRequest) as bad_filter:
            await client.retrieve_hashmap_field(service_id='cpu')
        with pytest.raises(errors.NotFound) as missing:
            await client.update_hashmap_field(UNKNOWN, {'name': 'x'})
        assert await client.retrieve_hashmap_field() == [flavor]
    assert duplicate.value.detail == (
        'Field flavor already exists (UUID: %s)' % flavor.field_id)
    assert unknown.value.detail == (
        'No such service: None (UUID: %s)' % UNKNOWN)
    assert unknown.value.extra['parameter'] == 'service_id'
    assert not_a_uuid.value.extra['parameter'] == 'service_id'
    assert "expected a UUID, got 'cpu'" in not_a_uuid.value.detail
    assert bad_filter.value.extra['parameter'] == 'service_id'
    assert missing.value.detail == 'No such field: %s' % UNKNOWN


# -- groups ------------------------------------------------------------------

async def test_groups(rules, service):
    async with rules as client:
        compute = await client.create_hashmap_service(name='compute')
        kept = await client.create_hashmap_group(name='kept')
        dropped = await client.create_hashmap_group(name='dropped')
        extra = await client.create_hashmap_group(name='extra')
        listed = await client.retrieve_hashmap_group(page_size=2)
        renamed = await client.update_hashmap_group(extra.group_id,
                                                    {'name': 'other'})
        rules_of = {}
        # (A level is unique per service and tenant, whatever the group.)
        for level, group in ((D('10'), kept), (D('20'), dropped)):
            rules_of[group.name] = (
                await client.create_hashmap_mapping(
                    service_id=compute.service_id, group_id=group.group_id,
                    cost=D('1')),
                await client.create_hashmap_threshold(
                    service_id=compute.service_id, group_id=group.group_id,
                    level=level, cost=D('2')))
        # Not recursive: the group's rules stay, in no group.
        assert await client.delete_hashmap_group(kept.group_id) is True
        mapping, threshold = rules_of['kept']
        orphan_mapping = await client.retrieve_hashmap_mapping(
            mapping.mapping_id)
        orphan_threshold = await client.retrieve_hashmap_threshold(
            threshold.threshold_id)
        # Recursive: they go with it, history included.
        assert await client.delete_hashmap_group(dropped.group_id,
                                                 recursive=True) is True
        mapping, threshold = rules_of['dropped']
        with pytest.raises(errors.NotFound):
            await client.retrieve_hashmap_mapping(mapping.mapping_id)
        with pytest.raises(errors.NotFound):
            await client.retrieve_hashmap_threshold(threshold.threshold_id)
        history = await client.retrieve_hashmap_mapping(deleted=True)
        assert await client.delete_hashmap_group(dropped.group_id) is False
        # Its own name again is no conflict; a new group of that name is.
        same = await client.update_hashmap_group(renamed.group_id,
                                                 {'name': 'other'})
        with pytest.raises(errors.Conflict) as duplicate:
            await client.create_hashmap_group(name='other')
        with pytest.raises(errors.NotFound) as missing:
            await client.retrieve_hashmap_group(kept.group_id)
        left = await client.retrieve_hashmap_group()
    assert [g.name for g in listed] == ['kept', 'dropped', 'extra']
    assert (renamed.group_id, renamed.name) == (extra.group_id, 'other')
    assert same == renamed
    assert orphan_mapping.group_id is None
    assert orphan_mapping.cost == D('1')
    assert orphan_threshold.group_id is None
    assert [m.mapping_id for m in history] == [
        rules_of['kept'][0].mapping_id]
    assert duplicate.value.detail == (
        'Group other already exists (UUID: %s)' % extra.group_id)
    assert missing.value.detail == (
        'No such group: None (UUID: %s)' % kept.group_id)
    assert left == [renamed]
    assert len(queries(service, 'groups')) == 3
    assert service.requests('DELETE') == [
        ('DELETE', HASHMAP + 'groups/' + kept.group_id),
        ('DELETE', HASHMAP + 'groups/' + dropped.group_id),
        ('DELETE', HASHMAP + 'groups/' + dropped.group_id)]
    assert [env['QUERY_STRING'] for env in service.environs
            if env['REQUEST_METHOD'] == 'DELETE'] == [
        '', 'recursive=true', '']


# -- mappings ----------------------------------------------------------------

@pytest.fixture
def catalogue():
    """compute (fields flavor and os) and volume, and a group."""
    async def build(client):
        compute = await client.create_hashmap_service(name='compute')
        volume = await client.create_hashmap_service(name='volume')
        flavor = await client.create_hashmap_field(
            name='flavor', service_id=compute.service_id)
        os_ = await client.create_hashmap_field(
            name='os', service_id=compute.service_id)
        group = await client.create_hashmap_group(name='licences')
        return compute, volume, flavor, os_, group
    return build


async def test_mappings_list_and_filter(rules, service, catalogue):
    async with rules as client:
        compute, volume, flavor, os_, group = await catalogue(client)
        small = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.1'))
        large = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.large', cost=D('0.4'),
            name='large', description='the big one')
        windows = await client.create_hashmap_mapping(
            field_id=os_.field_id, value='windows', type='rate',
            cost=D('1.5'), group_id=group.group_id)
        gigabyte = await client.create_hashmap_mapping(
            service_id=volume.service_id, cost=D('0.01'))
        tenant = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.08'),
            tenant_id='gold')
        every = await client.retrieve_hashmap_mapping(page_size=2)
        by_field = await client.retrieve_hashmap_mapping(
            field_id=flavor.field_id)
        by_service = await client.retrieve_hashmap_mapping(
            service_id=volume.service_id)
        by_group = await client.retrieve_hashmap_mapping(
            group_id=group.group_id)
        by_tenant = await client.retrieve_hashmap_mapping(tenant_id='gold')
        one = await client.retrieve_hashmap_mapping(large.mapping_id)
    assert every == [small, large, windows, gigabyte, tenant]
    assert by_field == [small, large, tenant]
    assert by_service == [gigabyte]
    assert by_group == [windows]
    assert by_tenant == [tenant]
    assert one == large
    assert (small.field_id, small.service_id, small.value, small.type,
            small.group_id, small.tenant_id) == (
        flavor.field_id, None, 'm1.small', 'flat', None, None)
    assert (gigabyte.service_id, gigabyte.field_id, gigabyte.value) == (
        volume.service_id, None, None)
    assert (windows.type, windows.group_id) == ('rate', group.group_id)
    assert (large.name, large.description) == ('large', 'the big one')
    assert small.name and small.name != large.name   # given by the server
    assert small.created_by == 'noauth-admin' and small.updated_by is None
    # In force from its creation: aware datetimes.
    assert small.start.utcoffset() == datetime.timedelta(0)
    assert small.end is None and small.deleted is None
    assert [q.get('offset') for q in queries(service, 'mappings')[:3]] == [
        ['0'], ['2'], ['4']]
    assert queries(service, 'mappings')[4] == {
        'service_id': [volume.service_id], 'offset': ['0']}


async def test_mapping_decimals_are_exact(rules, bodies, catalogue):
    # More digits than a float carries, at the column's full precision
    # (12 + 28 digits).
    wide = D('999999999999.9999999999999999999999999999')
    async with rules as client:
        _, volume, flavor, _, _ = await catalogue(client)
        tenth = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.1'))
        exact = await client.create_hashmap_mapping(
            service_id=volume.service_id, cost=wide)
        tiny = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.nano',
            cost=D('0.0000000000000000000000000001'))
        read = await client.retrieve_hashmap_mapping(tenth.mapping_id)
        listed = await client.retrieve_hashmap_mapping()
    assert type(tenth.cost) is D and tenth.cost == D('0.1')
    assert tenth.cost != D(0.1)     # 0.1000000000000000055511151231...
    assert type(read.raw['cost']) is D     # never went through float
    assert read.cost == D('0.1')
    assert exact.cost == wide and str(exact.cost) == str(wide)
    assert tiny.cost == D('1E-28')
    assert [m.cost for m in listed] == [D('0.1'), wide, D('1E-28')]
    # Sent as exact JSON numbers, not strings and not floats.
    posts = bodies.of('POST')
    assert '"cost":0.1}' in posts[-3]
    assert '"cost":%s}' % wide in posts[-2]
    assert '"cost":0.0000000000000000000000000001}' in posts[-1]


async def test_mapping_partial_update(rules, bodies, catalogue):
    start = later(days=2)
    async with rules as client:
        _, _, flavor, _, group = await catalogue(client)
        # Not started yet: anything may change.
        future = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.large', cost=D('0.4'),
            group_id=group.group_id, tenant_id='gold', description='big',
            name='large', start=start)
        cheaper = await client.update_hashmap_mapping(
            future.mapping_id, {'cost': D('0.35')})
        moved = await client.update_hashmap_mapping(
            future.mapping_id, {'group_id': None, 'value': 'm1.xlarge',
                                'type': 'rate',
                                'end': start + datetime.timedelta(days=30)})
        read = await client.retrieve_hashmap_mapping(future.mapping_id)
    assert future.start == start
    # Only the cost changed.
    assert cheaper.cost == D('0.35')
    assert {key: value for key, value in cheaper.items()
            if key not in ('cost', 'updated_by')} == {
        key: value for key, value in future.items()
        if key not in ('cost', 'updated_by')}
    assert (future.updated_by, cheaper.updated_by) == (None, 'noauth-admin')
    # The second update kept the cost, the tenant, the description.
    assert (moved.group_id, moved.value, moved.type, moved.end) == (
        None, 'm1.xlarge', 'rate', start + datetime.timedelta(days=30))
    assert (moved.cost, moved.tenant_id, moved.description, moved.name,
            moved.start) == (D('0.35'), 'gold', 'big', 'large', start)
    assert read == moved
    patches = bodies.of('PATCH')
    assert patches[0] == '{"cost":0.35}'
    assert json.loads(patches[1]) == {
        'group_id': None, 'value': 'm1.xlarge', 'type': 'rate',
        'end': (start + datetime.timedelta(days=30)).isoformat()}


async def test_a_started_mapping_may_only_get_an_end(rules, catalogue):
    end = later(days=30)
    async with rules as client:
        _, _, flavor, _, _ = await catalogue(client)
        running = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.1'))
        with pytest.raises(errors.BadRequest) as cost:
            await client.update_hashmap_mapping(running.mapping_id,
                                                {'cost': D('0.2')})
        ended = await client.update_hashmap_mapping(running.mapping_id,
                                                    {'end': end})
        with pytest.raises(errors.BadRequest) as twice:
            await client.update_hashmap_mapping(
                running.mapping_id, {'end': end + datetime.timedelta(1)})
        # The next price from that end on: adjacent periods do not clash.
        following = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.2'),
            start=end)
        with pytest.raises(errors.Conflict) as overlap:
            await client.create_hashmap_mapping(
                field_id=flavor.field_id, value='m1.small', cost=D('0.3'),
                start=end - datetime.timedelta(hours=1))
        read = await client.retrieve_hashmap_mapping(running.mapping_id)
    assert cost.value.extra['parameter'] == 'cost'
    assert cost.value.detail.startswith(
        'You are allowed to update only the attribute [end]')
    assert (ended.end, ended.cost) == (end, D('0.1'))
    assert twice.value.detail == (
        'Cannot update a rule that was already processed and has a '
        'defined end date.')
    assert following.start == end
    assert overlap.value.detail == (
        "Mapping 'm1.small' already exists for field '%s', tenant: 'None' "
        "(UUID: %s, in force in an overlapping period)"
        % (flavor.field_id, running.mapping_id))
    assert (read.cost, read.end) == (D('0.1'), end)


async def test_mapping_errors(rules, service, catalogue):
    async with rules as client:
        compute, _, flavor, _, _ = await catalogue(client)
        small = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.1'),
            name='small')
        failures = {}
        for label, fields in {
                'duplicate': {'value': 'm1.small'},
                'name taken': {'value': 'm1.large', 'name': 'small'},
                'two parents': {'value': 'x', 'service_id':
                                compute.service_id},
                'no value': {},
                'unknown type': {'value': 'x', 'type': 'percent'},
                'too many places': {'value': 'x',
                                    'cost': D('1E-29')},
                'too large': {'value': 'x', 'cost': D('1E+12')},
                'not a number': {'value': 'x', 'cost': 'ten'},
                'in the past': {'value': 'x',
                                'start': '2020-01-01T00:00:00Z'},
                'end before start': {'value': 'x', 'start': later(2),
                                     'end': later(1)},
                'unknown group': {'value': 'x', 'group_id': UNKNOWN},
        }.items():
            fields = {'field_id': flavor.field_id, 'cost': D('1'),
                      **fields}
            with pytest.raises(errors.HTTPError) as info:
                await client.create_hashmap_mapping(**fields)
            failures[label] = info.value
        with pytest.raises(errors.NotFound) as missing:
            await client.retrieve_hashmap_mapping(UNKNOWN)
        with pytest.raises(ValueError, match='read-only'):
            await client.update_hashmap_mapping(small.mapping_id,
                                                {'name': 'renamed'})
        assert await client.retrieve_hashmap_mapping() == [small]

    def named(label):
        error = failures[label]
        return type(error), error.extra.get('parameter')
    assert named('duplicate') == (errors.Conflict, None)
    assert failures['duplicate'].detail.startswith(
        "Mapping 'm1.small' already exists for field '%s'"
        % flavor.field_id)
    assert named('name taken') == (errors.Conflict, None)
    assert failures['name taken'].detail == (
        "Mapping named 'small' already exists (UUID: %s)"
        % small.mapping_id)
    assert named('two parents') == (errors.BadRequest, None)
    assert failures['two parents'].detail == (
        'You can only specify one parent.')
    assert named('no value') == (errors.BadRequest, 'value')
    assert failures['no value'].detail == (
        'You must specify a value for a field mapping.')
    assert named('unknown type') == (errors.BadRequest, 'type')
    assert "expected one of flat, rate, got 'percent'" in (
        failures['unknown type'].detail)
    assert named('too many places') == (errors.BadRequest, 'cost')
    assert 'at most 28 decimal places' in failures['too many places'].detail
    assert named('too large') == (errors.BadRequest, 'cost')
    assert 'at most 12 digits before' in failures['too large'].detail
    assert named('not a number') == (errors.BadRequest, 'cost')
    assert named('in the past') == (errors.BadRequest, 'start')
    assert 'send force=true' in failures['in the past'].detail
    assert named('end before start') == (errors.BadRequest, 'end')
    assert named('unknown group') == (errors.BadRequest, 'group_id')
    assert failures['unknown group'].detail == (
        'No such group: None (UUID: %s)' % UNKNOWN)
    assert all(error.code == 'rating.invalid-input'
               for error in failures.values() if error.status == 400)
    assert missing.value.detail == 'No such mapping: %s' % UNKNOWN
    # Each failure reached the server and stored nothing.
    assert len(service.requests('POST', HASHMAP + 'mappings')) == 12


async def test_a_cost_beyond_the_scale_is_refused_not_rounded(
        rules, catalogue):
    async with rules as client:
        _, _, flavor, _, _ = await catalogue(client)
        with pytest.raises(errors.BadRequest) as info:
            await client.create_hashmap_mapping(
                field_id=flavor.field_id, value='x',
                cost=D('0.12345678901234567890123456789'))   # 29 places
    assert info.value.extra['parameter'] == 'cost'
    assert 'at most 28 decimal places' in info.value.detail


async def test_mapping_soft_delete(rules, service, catalogue):
    async with rules as client:
        _, _, flavor, _, _ = await catalogue(client)
        small = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.1'))
        large = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.large', cost=D('0.4'))
        assert await client.delete_hashmap_mapping(small.mapping_id) is True
        live = await client.retrieve_hashmap_mapping()
        also_deleted = await client.retrieve_hashmap_mapping(deleted=True)
        shown = await client.retrieve_hashmap_mapping(small.mapping_id)
        assert await client.delete_hashmap_mapping(small.mapping_id) is False
        with pytest.raises(errors.NotFound) as again:
            await client.delete_hashmap_mapping(small.mapping_id,
                                                raise_not_exists=True)
        with pytest.raises(errors.NotFound) as changed:
            await client.update_hashmap_mapping(small.mapping_id,
                                                {'end': later(3)})
        # Its value is free again.
        replacement = await client.create_hashmap_mapping(
            field_id=flavor.field_id, value='m1.small', cost=D('0.2'))
    assert live == [large]
    assert [m.mapping_id for m in also_deleted] == [small.mapping_id,
                                                    large.mapping_id]
    assert shown.deleted is not None and shown.deleted.utcoffset() == (
        datetime.timedelta(0))
    assert shown.deleted_by == 'noauth-admin'
    assert also_deleted[0] == shown
    assert (shown.cost, shown.value) == (D('0.1'), 'm1.small')
    assert again.value.detail == changed.value.detail == (
        'No such mapping: %s' % small.mapping_id)
    assert replacement.cost == D('0.2')
    assert queries(service, 'mappings')[1] == {'deleted': ['true'],
                                               'offset': ['0']}


# -- thresholds --------------------------------------------------------------

async def test_thresholds(rules, service, bodies, catalogue):
    async with rules as client:
        compute, volume, flavor, _, group = await catalogue(client)
        hundred = await client.create_hashmap_threshold(
            service_id=volume.service_id, level=D('100'), cost=D('0.9'),
            type='rate')
        vcpus = await client.create_hashmap_threshold(
            field_id=flavor.field_id, level=D('0.00000001'),
            cost=D('0.1'), group_id=group.group_id)
        tenant = await client.create_hashmap_threshold(
            service_id=volume.service_id, level=D('100'), cost=D('0.8'),
            type='rate', tenant_id='gold')
        every = await client.retrieve_hashmap_threshold(page_size=2)
        by_service = await client.retrieve_hashmap_threshold(
            service_id=volume.service_id)
        by_field = await client.retrieve_hashmap_threshold(
            field_id=flavor.field_id)
        by_group = await client.retrieve_hashmap_threshold(
            group_id=group.group_id)
        by_tenant = await client.retrieve_hashmap_threshold(tenant_id='gold')
        of_compute = await client.retrieve_hashmap_threshold(
            service_id=compute.service_id)
        one = await client.retrieve_hashmap_threshold(hundred.threshold_id)
        cheaper = await client.update_hashmap_threshold(
            hundred.threshold_id, {'cost': D('0.85')})
        higher = await client.update_hashmap_threshold(
            hundred.threshold_id, {'level': D('250.5'), 'type': 'flat'})
        assert await client.delete_hashmap_threshold(
            tenant.threshold_id) is True
        assert await client.delete_hashmap_threshold(
            tenant.threshold_id) is False
        left = await client.retrieve_hashmap_threshold()
    assert (hundred.level, hundred.cost, hundred.type) == (
        D('100'), D('0.9'), 'rate')
    assert type(hundred.level) is D and type(hundred.cost) is D
    assert (hundred.service_id, hundred.field_id) == (volume.service_id,
                                                      None)
    assert (vcpus.level, vcpus.type, vcpus.group_id) == (
        D('1E-8'), 'flat', group.group_id)
    assert every == [hundred, vcpus, tenant]
    assert by_service == [hundred, tenant]
    assert by_field == by_group == [vcpus]
    assert by_tenant == [tenant]
    assert of_compute == []
    assert one == hundred
    # Partial: what was not sent is kept.
    assert (cheaper.level, cheaper.cost, cheaper.type) == (
        D('100'), D('0.85'), 'rate')
    assert (higher.level, higher.cost, higher.type, higher.service_id) == (
        D('250.5'), D('0.85'), 'flat', volume.service_id)
    assert left == [higher, vcpus]
    assert bodies.of('PATCH') == ['{"cost":0.85}',
                                  '{"level":250.5,"type":"flat"}']
    assert [q.get('offset') for q in queries(service, 'thresholds')[:2]] == [
        ['0'], ['2']]


async def test_threshold_errors(rules, catalogue):
    async with rules as client:
        _, volume, flavor, _, _ = await catalogue(client)
        hundred = await client.create_hashmap_threshold(
            service_id=volume.service_id, level=D('100'), cost=D('0.9'))
        other = await client.create_hashmap_threshold(
            service_id=volume.service_id, level=D('200'), cost=D('0.8'))
        with pytest.raises(errors.Conflict) as duplicate:
            # The same level, written otherwise.
            await client.create_hashmap_threshold(
                service_id=volume.service_id, level=D('100.000'),
                cost=D('1'))
        with pytest.raises(errors.Conflict) as moved:
            await client.update_hashmap_threshold(other.threshold_id,
                                                  {'level': D('100')})
        with pytest.raises(errors.BadRequest) as places:
            await client.create_hashmap_threshold(
                service_id=volume.service_id, level=D('1.000000001'),
                cost=D('1'))
        with pytest.raises(errors.BadRequest) as no_parent:
            await client.create_hashmap_threshold(level=D('1'), cost=D('1'))
        with pytest.raises(errors.BadRequest) as missing_cost:
            await client.create_hashmap_threshold(
                field_id=flavor.field_id, level=D('1'))
        with pytest.raises(errors.NotFound) as missing:
            await client.update_hashmap_threshold(UNKNOWN,
                                                  {'cost': D('1')})
        with pytest.raises(ValueError, match='read-only'):
            await client.update_hashmap_threshold(
                hundred.threshold_id, {'field_id': flavor.field_id})
        assert await client.retrieve_hashmap_threshold() == [hundred, other]
    assert duplicate.value.detail == (
        "Threshold '100.000' already exists for service '%s', tenant: "
        "'None' (UUID: %s)" % (volume.service_id, hundred.threshold_id))
    assert moved.value.detail.startswith("Threshold '100' already exists")
    assert places.value.extra['parameter'] == 'level'
    assert 'at most 8 decimal places' in places.value.detail
    assert no_parent.value.detail == 'You must specify one parent.'
    assert missing_cost.value.extra['parameter'] == 'cost'
    assert missing.value.detail == 'No such threshold: %s' % UNKNOWN


# -- quotes ------------------------------------------------------------------

# The rules of the quote test, and the prices they make (CloudKitty's
# hashmap: per group, qty * rate * flat, where flat is the highest flat
# cost that matched and rate the product of the rates; a service
# threshold reached by qty then multiplies (rate) or adds (flat)).
SMALL, LARGE, GOLD_SMALL = D('0.1'), D('0.45'), D('0.08')
WINDOWS = D('1.5')          # rate, in the default group of the flavors
BASE = D('0.02')            # a compute service mapping, group 'base'
PER_GB = D('0.01')          # a volume service mapping
BULK_LEVEL, BULK = D('100'), D('0.9')   # volume threshold, rate


def priced(items, bulk=BULK):
    """Each item's price under the rules above (with the volume
    threshold's cost ``bulk``), by hand."""
    prices = []
    for service, volume, groupby, metadata in items:
        if service == 'compute':
            flavor = metadata.get('flavor')
            flat = {'m1.small': SMALL, 'm1.large': LARGE}.get(flavor, D(0))
            if groupby.get('project_id') == 'gold' and flavor == 'm1.small':
                flat = GOLD_SMALL
            rate = WINDOWS if metadata.get('os') == 'windows' else D(1)
            prices.append(volume * rate * flat + volume * BASE)
        elif service == 'volume':
            price = volume * PER_GB
            if volume >= BULK_LEVEL:
                price *= bulk
            prices.append(price)
        else:
            prices.append(D(0))
    return prices


QUOTED = [
    ('compute', D('2'), {}, {'flavor': 'm1.small', 'os': 'windows'}),
    ('compute', D('3'), {'project_id': 'p1'},
     {'flavor': 'm1.large', 'os': 'linux'}),
    ('compute', D('1'), {'project_id': 'gold'}, {'flavor': 'm1.small'}),
    ('volume', D('50.5'), {}, {}),
    ('volume', D('100'), {}, {}),          # exactly the level: reached
    ('volume', D('200'), {}, {}),
    ('image', D('7'), {}, {}),             # no rules
]


async def create_quote_rules(client):
    compute = await client.create_hashmap_service(name='compute')
    volume = await client.create_hashmap_service(name='volume')
    flavor = await client.create_hashmap_field(
        name='flavor', service_id=compute.service_id)
    os_ = await client.create_hashmap_field(
        name='os', service_id=compute.service_id)
    base = await client.create_hashmap_group(name='base')
    for value, cost, tenant in (('m1.small', SMALL, None),
                                ('m1.large', LARGE, None),
                                ('m1.small', GOLD_SMALL, 'gold')):
        await client.create_hashmap_mapping(
            field_id=flavor.field_id, value=value, cost=cost,
            tenant_id=tenant)
    await client.create_hashmap_mapping(
        field_id=os_.field_id, value='windows', type='rate', cost=WINDOWS)
    await client.create_hashmap_mapping(
        service_id=compute.service_id, cost=BASE, group_id=base.group_id)
    await client.create_hashmap_mapping(service_id=volume.service_id,
                                        cost=PER_GB)
    return await client.create_hashmap_threshold(
        service_id=volume.service_id, level=BULK_LEVEL, cost=BULK,
        type='rate')


def request_of(items):
    return [{'service': service, 'volume': volume, 'groupby': groupby,
             'metadata': metadata}
            for service, volume, groupby, metadata in items]


async def test_quote_prices_by_the_rules(rules, service, bodies):
    expected = priced(QUOTED)
    expected_after = priced(QUOTED, bulk=D('0.75'))
    async with rules as client:
        threshold = await create_quote_rules(client)
        # The hashmap module is disabled by default: nothing is priced.
        unpriced = await client.quote(request_of(QUOTED))
        module = await client.update_module('hashmap', {'enabled': True})
        quote = await client.quote(request_of(QUOTED))
        # A rule changed through the SDK prices the next quote.
        await client.update_hashmap_threshold(threshold.threshold_id,
                                              {'cost': D('0.75')})
        repriced = await client.quote(request_of(QUOTED))
    assert module.enabled is True
    assert unpriced.total == 0
    assert [item.price for item in unpriced.resources] == [0] * len(QUOTED)
    assert [(item.service, item.volume) for item in quote.resources] == [
        (service_, volume) for service_, volume, _, _ in QUOTED]
    assert [item.price for item in quote.resources] == expected
    assert quote.total == sum(expected)
    assert all(type(item.price) is D for item in quote.resources)
    assert type(quote.total) is D
    # Spot checks of the hand computation itself.
    assert expected[0] == D('0.34') and expected[5] == D('1.8')
    assert expected[2] == D('0.10') and expected[6] == 0
    assert [item.price for item in repriced.resources] == expected_after
    assert expected_after[5] == D('1.5') and expected_after[3] == (
        expected[3])
    assert repriced.total == sum(expected_after)
    # Volumes went as exact JSON numbers.
    sent = bodies.of('POST')[-1]
    assert '"volume":50.5,' in sent
    assert json.loads(sent)['resources'][2] == {
        'service': 'compute', 'volume': 1, 'groupby': {'project_id': 'gold'},
        'metadata': {'flavor': 'm1.small'}}
    assert service.requests('POST', '/v2/rating/quote') == [
        ('POST', '/v2/rating/quote')] * 3


async def test_quote_decimals_are_exact(rules):
    volume = D('0.000000000000000000000000001')      # 1E-27
    cost = D('0.3333333333333333333333333333')
    async with rules as client:
        await client.update_module('hashmap', {'enabled': True})
        disk = await client.create_hashmap_service(name='disk')
        await client.create_hashmap_mapping(service_id=disk.service_id,
                                            cost=cost)
        quote = await client.quote([
            {'service': 'disk', 'volume': volume},
            {'service': 'disk', 'volume': D('0.1')},
            {'service': 'disk', 'volume': D('3')}])
    prices = [item.price for item in quote.resources]
    assert [item.volume for item in quote.resources] == [volume, D('0.1'),
                                                         D('3')]
    assert prices == [volume * cost, D('0.1') * cost, D('3') * cost]
    assert prices[2] == D('0.9999999999999999999999999999')
    assert quote.total == sum(prices)
    assert type(quote.resources[1].volume) is D


async def test_quote_errors(rules, service):
    async with rules as client:
        with pytest.raises(errors.BadRequest) as empty:
            await client.quote([])
        with pytest.raises(errors.BadRequest) as negative:
            await client.quote([{'service': 'cpu', 'volume': D('-1')}])
        with pytest.raises(errors.BadRequest) as no_volume:
            await client.quote([{'service': 'cpu'}])
        with pytest.raises(errors.BadRequest) as nested:
            await client.quote([{'service': 'cpu', 'volume': 1,
                                 'metadata': {'flavor': {'name': 'x'}}}])
        with pytest.raises(TypeError, match='resources'):
            await client.quote()
    assert empty.value.extra['parameter'] == 'resources'
    assert negative.value.extra['parameter'] == 'resources.0.volume'
    assert 'must not be negative' in negative.value.detail
    assert no_volume.value.extra['parameter'] == 'resources.0.volume'
    assert nested.value.extra['parameter'].startswith('resources.0.metadata')
    assert len(service.requests('POST', '/v2/rating/quote')) == 4
