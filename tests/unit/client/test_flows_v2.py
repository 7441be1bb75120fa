"""The flows of the v2 rating data resources, driven by hand with
hand-written answers: empty lists at 2.0, paging by total, records
without item URLs, actions."""
import datetime
import decimal
import json
import urllib.parse

import httpx
import pytest

from ratingapi.client import errors
from ratingapi.client import flows
from ratingapi.client import resources
from ratingapi.client import v2
from tests.unit.client.test_flows import connection
from tests.unit.client.test_flows import drive
from tests.unit.client.test_flows import reply
from tests.unit.client.test_flows import V2_URL

UTC = datetime.timezone.utc
SCOPE_URL = V2_URL + 'scope'


def nothing_found(detail=v2.NOTHING_FOUND, code='rating.not-found'):
    return reply(404, {'errors': [{'status': 404, 'code': code,
                                   'title': 'Not found', 'detail': detail}]},
                 echo=False)


def query(request):
    return urllib.parse.parse_qs(request.url.query.decode(),
                                 keep_blank_values=True)


def scope(scope_id, **extra):
    return dict({'scope_id': scope_id, 'scope_key': 'project_id',
                 'fetcher': 'keystone', 'collector': 'gnocchi',
                 'active': True, 'last_processed_timestamp': None,
                 'scope_activation_toggle_date': None}, **extra)


@pytest.mark.parametrize('noun', ['scope', 'dataframe'])
def test_an_empty_list_at_2_0_is_a_404_read_as_empty(noun):
    records, sent = drive(flows.retrieve(connection(), noun),
                          lambda request: nothing_found())
    assert records == [] and len(sent) == 1


def test_cloudkittys_own_404_body_is_read_as_empty_too():
    answer = reply(404, {'message': v2.NOTHING_FOUND}, echo=False)
    records, _ = drive(flows.retrieve(connection(), 'scope'),
                       lambda request: answer)
    assert records == []


@pytest.mark.parametrize('noun,answer', [
    ('scope', nothing_found('No such thing.')),
    ('scope', nothing_found(code='rating.uri-not-found', detail='/v2/x')),
    ('summary', nothing_found()),
    ('module', nothing_found()),
], ids=['other-detail', 'unknown-url', 'summary-never-404s',
        'modules-never-404'])
def test_other_404s_are_errors(noun, answer):
    with pytest.raises(errors.NotFound):
        drive(flows.retrieve(connection(), noun), lambda request: answer)


def test_a_404_on_a_later_page_ends_the_list():
    answers = [reply(200, {'results': [scope('a'), scope('b')],
                           'total': 3}), nothing_found()]
    records, sent = drive(
        flows.retrieve(connection(), 'scope', params={'page_size': 2}),
        lambda request: answers.pop(0))
    assert [record.pk for record in records] == ['a', 'b']
    assert [query(request)['offset'] for request in sent] == [['0'], ['2']]


def test_list_errors_are_raised():
    with pytest.raises(errors.BadRequest):
        drive(flows.retrieve(connection(), 'scope'),
              lambda request: reply(400, {'message': 'no'}, echo=False))


def test_list_pages_by_total_with_the_declared_query():
    rows = [{'begin': '2024-01-01T00:00:00+00:00',
             'end': '2024-02-01T00:00:00+00:00', 'qty': index,
             'rate': 0.1, 'type': 't%d' % index}
            for index in range(5)]

    def respond(request):
        offset = int(query(request)['offset'][0])
        return reply(200, {'total': 5, 'format': 'table',
                           'columns': list(rows[0]),
                           'results': [list(row.values()) for row
                                       in rows[offset:offset + 2]]})
    records, sent = drive(flows.retrieve(
        connection(), 'summary', filters={'type': ['t1', 't2']},
        params={'groupby': 'type', 'page_size': 2,
                'begin': datetime.datetime(2024, 1, 1, tzinfo=UTC)}),
        respond)
    assert [record.type for record in records] == ['t0', 't1', 't2', 't3',
                                                   't4']
    assert records[3].qty == decimal.Decimal(3)
    assert records[3].rate == decimal.Decimal('0.1')
    assert [query(request) for request in sent] == [{
        'filters': ['type:t1', 'type:t2'], 'groupby': ['type'],
        'begin': ['2024-01-01T00:00:00+00:00'], 'limit': ['2'],
        'offset': [str(offset)]} for offset in (0, 2, 4)]


def test_dataframes_join_the_frames_of_consecutive_pages():
    def point(n):
        return {'vol': {'unit': 'u', 'qty': n}, 'rating': {'price': n},
                'groupby': {}, 'metadata': {}}
    period = {'begin': '2024-01-01T00:00:00+00:00',
              'end': '2024-01-01T01:00:00+00:00'}
    answers = [
        reply(200, {'total': 3, 'dataframes': [
            {'period': period, 'usage': {'cpu': [point(1), point(2)]}}]}),
        reply(200, {'total': 3, 'dataframes': [
            {'period': period, 'usage': {'cpu': [point(3)]}}]})]
    records, sent = drive(flows.retrieve(connection(), 'dataframe',
                                         params={'page_size': 2}),
                          lambda request: answers.pop(0))
    frame, = records
    assert [p['vol']['qty'] for p in frame.usage['cpu']] == [1, 2, 3]
    assert len(sent) == 2


def test_unknown_arguments_raise_before_anything_is_sent():
    with pytest.raises(TypeError, match='colour'):
        drive(flows.retrieve(connection(), 'scope', params={'colour': 1}),
              lambda request: None)
    with pytest.raises(ValueError, match='comma'):
        drive(flows.retrieve(connection(), 'scope',
                             params={'scope_id': 'a,b'}),
              lambda request: None)


# -- a resource without item URLs --------------------------------------------

def test_retrieve_one_filters_the_list():
    record, sent = drive(flows.retrieve(connection(), 'scope', 'p 1'),
                         lambda request: reply(200, {
                             'results': [scope('p 1')], 'total': 1}))
    assert record.pk == 'p 1'
    assert str(sent[0].url) == SCOPE_URL + '?scope_id=p+1'


def test_retrieve_one_that_is_not_there():
    with pytest.raises(errors.NotFound) as info:
        drive(flows.retrieve(connection(), 'scope', 'p1'),
              lambda request: reply(200, {'results': [], 'total': 0},
                                    headers=[('X-OpenStack-Request-Id',
                                              'req-1')]))
    assert info.value.detail == 'No scope with scope_id p1.'
    assert info.value.request_id == 'req-1'
    assert info.value.status == 404
    # At 2.0 the server's own 404 is raised as it is.
    with pytest.raises(errors.NotFound) as info:
        drive(flows.retrieve(connection(), 'scope', 'p1'),
              lambda request: nothing_found())
    assert info.value.detail == v2.NOTHING_FOUND


def test_retrieve_one_ignores_other_records():
    with pytest.raises(errors.NotFound):
        drive(flows.retrieve(connection(), 'scope', 'p1'),
              lambda request: reply(200, {'results': [scope('p2')],
                                          'total': 1}))


def test_retrieve_one_with_the_pk_as_a_filter_too():
    with pytest.raises(TypeError, match='not both'):
        drive(flows.retrieve(connection(), 'scope', 'p1',
                             params={'scope_id': 'p2'}),
              lambda request: None)


def test_update_sends_the_pk_in_the_body():
    record, sent = drive(flows.update(connection(), 'scope', 'p1',
                                      {'active': False, 'fetcher': 'f'}),
                         lambda request: reply(200, scope(
                             'p1', active=False, fetcher='f')))
    assert (sent[0].method, str(sent[0].url)) == ('PATCH', SCOPE_URL)
    assert json.loads(sent[0].content) == {'scope_id': 'p1',
                                           'active': False, 'fetcher': 'f'}
    assert record.active is False and record.fetcher == 'f'


def test_update_reads_back_by_filter_after_an_empty_answer():
    answers = [reply(204), reply(200, {'results': [scope('p1')],
                                       'total': 1})]
    record, sent = drive(flows.update(connection(), 'scope', 'p1',
                                      {'active': True}),
                         lambda request: answers.pop(0))
    assert record.pk == 'p1'
    assert [(r.method, str(r.url)) for r in sent] == [
        ('PATCH', SCOPE_URL), ('GET', SCOPE_URL + '?scope_id=p1')]


def test_update_of_read_only_attributes_sends_nothing():
    with pytest.raises(ValueError, match='read-only'):
        drive(flows.update(connection(), 'scope', 'p1',
                           {'last_processed_timestamp': None}),
              lambda request: None)


def test_create_answered_by_202_and_an_empty_object_is_none():
    start = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    record, sent = drive(flows.create(connection(), 'reprocess', {
        'scope_ids': ['a', 'b'], 'start_reprocess_time': start,
        'end_reprocess_time': start + datetime.timedelta(hours=1),
        'reason': 'r'}), lambda request: reply(202, {}))
    assert record is None
    assert json.loads(sent[0].content) == {
        'scope_ids': ['a', 'b'], 'reason': 'r',
        'start_reprocess_time': '2024-01-01T00:00:00+00:00',
        'end_reprocess_time': '2024-01-01T01:00:00+00:00'}


# -- actions ----------------------------------------------------------------

def test_perform_reset():
    result, sent = drive(flows.perform(connection(), 'scope', 'reset_scope', {
        'last_processed_timestamp': datetime.datetime(2024, 1, 1,
                                                      tzinfo=UTC),
        'all_scopes': True, 'fetcher': None}),
        lambda request: reply(202, {}))
    assert result is None
    assert (sent[0].method, str(sent[0].url)) == ('PUT', SCOPE_URL)
    assert json.loads(sent[0].content) == {
        'last_processed_timestamp': '2024-01-01T00:00:00+00:00',
        'all_scopes': True}


def test_perform_add_dataframes_sends_exact_decimal_numbers():
    frames = [{'period': {'begin': '2024-01-01T00:00:00Z',
                          'end': '2024-01-01T01:00:00Z'},
               'usage': {'cpu': [{'vol': {'unit': 'u', 'qty': decimal.Decimal(
                   '0.000000001')}, 'rating': {'price': decimal.Decimal(
                       '12345678901234567.123456789')},
                   'groupby': {'n': 3, 'ratio': decimal.Decimal('1.50')},
                   'metadata': {'s': '1.5'}}]}}]
    result, sent = drive(flows.perform(connection(), 'dataframe',
                                       'add_dataframes',
                                       {'dataframes': frames}),
                         lambda request: reply(204))
    assert result is None
    assert (sent[0].method, str(sent[0].url)) == ('POST',
                                                  V2_URL + 'dataframes')
    assert sent[0].headers['Content-Type'] == 'application/json'
    content = sent[0].content.decode()
    assert ('"vol":{"unit":"u","qty":0.000000001},'
            '"rating":{"price":12345678901234567.123456789},'
            '"groupby":{"n":3,"ratio":1.50},"metadata":{"s":"1.5"}'
            ) in content
    decoded = json.loads(content, parse_float=decimal.Decimal)
    assert decoded['dataframes'] == [dict(frames[0], usage={'cpu': [
        frames[0]['usage']['cpu'][0]]})]


def test_perform_raises_error_answers():
    with pytest.raises(errors.BadRequest):
        drive(flows.perform(connection(), 'dataframe', 'add_dataframes',
                            {'dataframes': []}),
              lambda request: reply(400, {'message': 'empty'}, echo=False))


def test_perform_an_action_with_a_path():
    thing = resources.Resource(
        'thing', '/things/%(owner)s', singular='thing', plural='things',
        pk='id', attributes={}, operations=(),
        actions=(resources.Action('poke_thing', 'POST', path='/poke/',
                                  params={'owner': resources.Attr(),
                                          'hard': resources.Attr()}),))
    api = resources.Api(2, (thing,), min_microversion='2.0',
                        max_microversion='2.0')
    _, sent = drive(flows.perform(connection(apis=(api,)), 'thing',
                                  'poke_thing', {'owner': 'o 1',
                                                 'hard': True}),
                    lambda request: reply(204))
    assert str(sent[0].url) == V2_URL + 'things/o%201/poke'
    assert json.loads(sent[0].content) == {'hard': True}


def test_perform_checks_the_declaration():
    with pytest.raises(errors.OperationNotAllowed, match='reset_scope'):
        drive(flows.perform(connection(), 'summary', 'reset_scope', {}),
              lambda request: None)
    with pytest.raises(errors.OperationNotAllowed, match='v1 has no scope'):
        drive(flows.perform(connection(version=1), 'scope', 'reset_scope',
                            {}), lambda request: None)
    with pytest.raises(errors.OperationNotAllowed):
        flows.check_declared((v2.API,), 'module', 'reset_scope')
    flows.check_declared((v2.API,), 'scope', 'reset_scope')


def test_httpx_sends_repeated_parameters():
    # What the flows rely on: a list value is a repeated parameter.
    request = httpx.Request('GET', 'http://h/', params={'a': ['1', '2']})
    assert str(request.url) == 'http://h/?a=1&a=2'
