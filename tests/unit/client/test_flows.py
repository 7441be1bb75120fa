"""The flows, driven by hand with hand-written answers: no transport."""
import json

import httpx
import pytest

from ratingapi.client import auth
from ratingapi.client import discovery
from ratingapi.client import errors
from ratingapi.client import flows
from ratingapi.client import resources
from ratingapi.client import v1
from ratingapi.client import v2

ROOT = 'http://h/rating/'
V2_URL = ROOT + 'v2/'
APIS = (v2.API, v1.API)


def entry(major, status, microversions=True):
    doc = {'id': 'v%d.0' % major, 'status': status,
           'links': [{'rel': 'self', 'href': '%sv%d/' % (ROOT, major)},
                     {'rel': 'collection', 'href': ROOT}]}
    if microversions:
        doc.update(min_version='%d.0' % major, max_version='%d.0' % major)
    return doc


ROOT_DOC = {'versions': [entry(1, 'SUPPORTED', False), entry(2, 'CURRENT')]}


def drive(flow, respond):
    """Run ``flow``; ``respond(request)`` answers each request."""
    sent = []
    try:
        request = next(flow)
        while True:
            sent.append(request)
            response = respond(request)
            response.request = request
            request = flow.send(response)
    except StopIteration as stop:
        return stop.value, sent


def reply(status=200, body=None, headers=(), echo=True):
    headers = list(headers)
    if echo:
        headers.append(('OpenStack-API-Version', 'rating 2.0'))
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, headers=headers,
                          content=json.dumps(body).encode())


def router(routes):
    """respond() from {(method, url): response or [responses...]}."""
    def respond(request):
        key = (request.method, str(request.url))
        answer = routes[key]
        if isinstance(answer, list):
            return answer.pop(0)
        return answer
    return respond


def connection(apis=APIS, version=2):
    document = discovery.parse(ROOT_DOC, ROOT)
    choice = discovery.choose(document, apis, pin=discovery.Pin(version))
    return flows.Connection(url=ROOT, document=document, choice=choice)


# -- discovery --------------------------------------------------------------

@pytest.mark.parametrize('status', [200, 300])
def test_discovery_accepts_200_and_300(status):
    result, sent = drive(flows.discover(ROOT, APIS),
                         lambda request: reply(status, ROOT_DOC, echo=False))
    assert result.endpoint == V2_URL and result.microversion == (2, 0)
    assert [(r.method, str(r.url)) for r in sent] == [('GET', ROOT)]
    assert auth.is_anonymous(sent[0])
    assert sent[0].headers['Accept'] == 'application/json'


def test_discovery_of_an_error_answer():
    with pytest.raises(errors.DiscoveryError) as info:
        drive(flows.discover(ROOT, APIS), lambda request: reply(
            404, {'message': 'nothing here'}, echo=False))
    assert 'nothing here' in str(info.value)
    assert info.value.response.status_code == 404
    assert isinstance(info.value.__cause__, errors.NotFound)


def test_discovery_of_a_body_that_is_not_json():
    with pytest.raises(errors.DiscoveryError, match='not JSON'):
        drive(flows.discover(ROOT, APIS),
              lambda request: httpx.Response(200, content=b'<html>'))


def test_discovery_retries_with_auth_after_401_only_when_it_has_auth():
    answers = [reply(401, {}, echo=False), reply(300, ROOT_DOC, echo=False)]
    result, sent = drive(flows.discover(ROOT, APIS, authenticated_retry=True),
                         lambda request: answers.pop(0))
    assert [auth.is_anonymous(request) for request in sent] == [True, False]
    with pytest.raises(errors.DiscoveryError):
        drive(flows.discover(ROOT, APIS),
              lambda request: reply(401, {}, echo=False))


def test_versioned_url_uses_its_own_document():
    result, sent = drive(flows.discover(V2_URL, APIS), lambda request: reply(
        200, {'version': entry(2, 'CURRENT')}))
    assert len(sent) == 1 and result.document.single
    assert result.endpoint == V2_URL


def test_versioned_url_of_another_major_follows_the_collection_link():
    respond = router({
        ('GET', ROOT + 'v1/'): reply(200, {'version': entry(
            1, 'SUPPORTED', False)}, echo=False),
        ('GET', ROOT): reply(300, ROOT_DOC, echo=False)})
    result, sent = drive(flows.discover(ROOT + 'v1/', APIS,
                                        pin=discovery.Pin(2)), respond)
    assert [str(r.url) for r in sent] == [ROOT + 'v1/', ROOT]
    assert result.endpoint == V2_URL and result.url == ROOT + 'v1/'


def test_single_document_without_a_way_back():
    lonely = entry(1, 'SUPPORTED', False)
    lonely['links'] = [{'rel': 'self', 'href': 'http://h/legacy'}]
    with pytest.raises(errors.VersionNotAvailable):
        drive(flows.discover('http://h/legacy', APIS, pin=discovery.Pin(2)),
              lambda request: reply(200, {'version': lonely}))


def test_connect_without_url_or_keystone():
    with pytest.raises(errors.NotAuthenticated):
        drive(flows.connect(None, APIS), lambda request: None)


# -- calls ------------------------------------------------------------------

def test_api_requests_carry_the_microversion_below_the_endpoint_only():
    conn = connection()
    request = flows.api_request(conn, 'GET', '/rating/modules')
    assert str(request.url) == V2_URL + 'rating/modules'
    assert request.headers['OpenStack-API-Version'] == 'rating 2.0'
    outside = flows.api_request(conn, 'GET', 'http://elsewhere/x')
    assert str(outside.url) == 'http://elsewhere/x'
    assert 'OpenStack-API-Version' not in outside.headers
    v1_request = flows.api_request(connection(version=1), 'GET', 'x')
    assert 'OpenStack-API-Version' not in v1_request.headers


def test_call_checks_the_echo():
    with pytest.raises(errors.MicroversionMismatch):
        drive(flows.call(connection(), 'GET', 'x'), lambda request: reply(
            200, {}, headers=[('OpenStack-API-Version', 'rating 2.7')],
            echo=False))


def test_call_raises_error_answers_unless_told_not_to():
    with pytest.raises(errors.Conflict):
        drive(flows.call(connection(), 'PUT', 'x'),
              lambda request: reply(409, {}))
    response, _ = drive(flows.call(connection(), 'PUT', 'x',
                                   raise_errors=False),
                        lambda request: reply(409, {}))
    assert response.status_code == 409


# -- resources --------------------------------------------------------------

MODULES = V2_URL + 'rating/modules'
NOOP = {'module_id': 'noop', 'description': 'd', 'enabled': True,
        'hot_config': False, 'priority': 1}


def module(name):
    return dict(NOOP, module_id=name)


def test_list_follows_next_links():
    respond = router({
        ('GET', MODULES): reply(200, {
            'modules': [module('a'), module('b')],
            'links': [{'rel': 'next', 'href': MODULES + '?marker=b'}]}),
        ('GET', MODULES + '?marker=b'): reply(200, {
            'modules': [module('c')],
            'links': [{'rel': 'next', 'href': '?marker=c'}]}),
        ('GET', MODULES + '?marker=c'): reply(200, {'modules': []})})
    records, sent = drive(flows.retrieve(connection(), 'module'), respond)
    assert [r.module_id for r in records] == ['a', 'b', 'c']
    assert len(sent) == 3
    assert all(r.headers['OpenStack-API-Version'] == 'rating 2.0'
               for r in sent)


def test_list_detects_a_loop():
    respond = router({
        ('GET', MODULES): reply(200, {'modules': [], 'links': [
            {'rel': 'next', 'href': MODULES + '?p=2'}]}),
        ('GET', MODULES + '?p=2'): reply(200, {'modules': [], 'links': [
            {'rel': 'next', 'href': MODULES}]})})
    with pytest.raises(errors.PaginationError):
        drive(flows.retrieve(connection(), 'module'), respond)


PAGED = resources.Resource(
    'module', '/rating/modules', singular='module', plural='modules',
    pk='module_id', operations=(resources.LIST,),
    attributes=dict(v2.MODULE.attributes),
    pages=resources.OffsetPages(limit=2))
PAGED_API = resources.Api(2, (PAGED,), min_microversion='2.0',
                          max_microversion='2.0')


def test_list_by_offset_and_limit_with_filters():
    respond = router({
        ('GET', MODULES + '?enabled=true&limit=2&offset=0'): reply(
            200, {'modules': [module('a'), module('b')]}),
        ('GET', MODULES + '?enabled=true&limit=2&offset=2'): reply(
            200, {'modules': [module('c'), module('d')]}),
        ('GET', MODULES + '?enabled=true&limit=2&offset=4'): reply(
            200, {'modules': [module('e')]})})
    records, sent = drive(flows.retrieve(
        connection(apis=(PAGED_API,)), 'module',
        filters={'enabled': 'true'}), respond)
    assert [r.module_id for r in records] == ['a', 'b', 'c', 'd', 'e']
    assert len(sent) == 3


def test_retrieve_one():
    record, sent = drive(flows.retrieve(connection(), 'module', 'noop'),
                         lambda request: reply(200, NOOP))
    assert record.module_id == 'noop'
    assert str(sent[0].url) == MODULES + '/noop'


def test_update_reads_back_after_204():
    respond = router({('PUT', MODULES + '/noop'): reply(204),
                      ('GET', MODULES + '/noop'): reply(200, dict(
                          NOOP, priority=4))})
    record, sent = drive(flows.update(connection(), 'module', 'noop',
                                      {'priority': 4}), respond)
    assert record.priority == 4
    assert [r.method for r in sent] == ['PUT', 'GET']
    assert json.loads(sent[0].content) == {'priority': 4}


def test_update_uses_the_returned_record():
    wire = dict(NOOP, priority=4)
    del wire['hot_config']
    wire['hot-config'] = False
    record, sent = drive(flows.update(connection(version=1), 'module',
                                      'noop', {'priority': 4}),
                         lambda request: reply(200, wire, echo=False))
    assert record.priority == 4 and record.hot_config is False
    assert [r.method for r in sent] == ['PUT']


def test_update_rejects_read_only_before_sending():
    with pytest.raises(ValueError):
        drive(flows.update(connection(), 'module', 'noop',
                           {'hot_config': True}), lambda request: None)


THING = resources.Resource(
    'thing', '/things/%(owner)s', singular='thing', plural='things',
    pk='id', operations=(resources.CREATE, resources.RETRIEVE,
                         resources.DELETE, resources.HEAD),
    attributes={'id': resources.Attr(read_only=True),
                'name': resources.Attr()}, wrapped=True)
THING_API = resources.Api(2, (THING,), min_microversion='2.0',
                          max_microversion='2.0')
THINGS = V2_URL + 'things/o1'


def test_create_with_path_parameters():
    record, sent = drive(
        flows.create(connection(apis=(THING_API,)), 'thing',
                     {'owner': 'o1', 'name': 'x'}),
        lambda request: reply(201, {'thing': {'id': 't1', 'name': 'x'}}))
    assert record.id == 't1'
    assert (sent[0].method, str(sent[0].url)) == ('POST', THINGS)
    assert json.loads(sent[0].content) == {'thing': {'name': 'x'}}


def test_create_follows_location_when_the_body_is_empty():
    respond = router({
        ('POST', THINGS): reply(201, headers=[('Location', 'o1/t1')]),
        ('GET', V2_URL + 'things/o1/t1'): reply(200, {'thing': {
            'id': 't1', 'name': 'x'}})})
    record, sent = drive(flows.create(connection(apis=(THING_API,)),
                                      'thing', {'owner': 'o1',
                                                'name': 'x'}), respond)
    assert record.name == 'x' and len(sent) == 2


@pytest.mark.parametrize('status,raise_not_exists,result', [
    (204, False, True), (404, False, False), (204, True, True)])
def test_delete(status, raise_not_exists, result):
    value, sent = drive(flows.delete(
        connection(apis=(THING_API,)), 'thing', 't1', raise_not_exists,
        {'owner': 'o1'}), lambda request: reply(status))
    assert value is result
    assert (sent[0].method, str(sent[0].url)) == ('DELETE', THINGS + '/t1')


@pytest.mark.parametrize('status,cls', [
    (404, errors.NotFound), (500, errors.ServerError)])
def test_delete_errors(status, cls):
    raise_not_exists = status == 404
    with pytest.raises(cls):
        drive(flows.delete(connection(apis=(THING_API,)), 'thing', 't1',
                           raise_not_exists, {'owner': 'o1'}),
              lambda request: reply(status, {}))


@pytest.mark.parametrize('status,result', [(200, True), (404, False)])
def test_head(status, result):
    value, sent = drive(flows.head(connection(), 'module', 'noop'),
                        lambda request: reply(status))
    assert value is result and sent[0].method == 'HEAD'


def test_resource_checks():
    with pytest.raises(errors.OperationNotAllowed):
        flows.check_declared(APIS, 'planet', resources.LIST)
    with pytest.raises(errors.OperationNotAllowed, match='create'):
        flows.check_declared(APIS, 'module', resources.CREATE)
    flows.check_declared(APIS, 'module', resources.LIST)
    flows.check_declared((v1.API, THING_API), 'thing', resources.DELETE)
    with pytest.raises(errors.OperationNotAllowed, match='v2 has no thing'):
        flows.resource_for(connection(), 'thing', resources.CREATE)
    with pytest.raises(errors.OperationNotAllowed):
        drive(flows.create(connection(), 'module', {}), lambda r: None)
