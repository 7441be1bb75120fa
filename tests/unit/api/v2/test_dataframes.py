"""/v2/dataframes handlers: what each caller sees and may add, and the 2.1
details that gabbi cannot reach (a loosened policy, a public URL, the
configured scope key and point limit).  HTTP behaviour at the default
configuration is pinned in v2-dataframes.yaml."""
import datetime
import decimal

import pytest

from ratingapi.api.v2 import dataframes as dataframes_api
from ratingapi.storage import dataframes as storage
from tests.appkit import call
from tests.appkit import MEMBER
from tests.appkit import UNSCOPED

UTC = datetime.timezone.utc
D = decimal.Decimal
T0 = datetime.datetime(2026, 11, 1, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)
PERIOD = 'begin=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z'

# An operator who lets project members add their own project's points.
MEMBERS_ADD = '"dataframes:add": "role:member or rule:context_is_admin"\n'


def point(project='p1', qty=1, **groupby):
    return {'vol': {'unit': 'u', 'qty': qty}, 'rating': {'price': 1},
            'groupby': dict(groupby, project_id=project), 'metadata': {}}


def body(*points, begin='2026-11-01T00:00:00Z', end='2026-11-01T01:00:00Z',
         type_='cpu'):
    return {'dataframes': [{'period': {'begin': begin, 'end': end},
                            'usage': {type_: list(points)}}]}


def add(client, *points, **frame):
    response = call(client, 'POST', '/v2/dataframes', body(*points, **frame))
    assert response.status_code == 204, response.get_data(as_text=True)


def listed(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return sorted(p['groupby']['project_id']
                  for frame in response.json['dataframes']
                  for points in frame['usage'].values() for p in points)


# -- frames ----------------------------------------------------------------

def _point(begin, type_, qty):
    return storage.DataPoint(
        begin=begin, end=begin + HOUR, type=type_, unit='u', qty=D(qty),
        price=D(0), groupby={'project_id': 'p1'}, metadata={})


def test_points_are_regrouped_into_frames_by_period():
    points = [_point(T0, 'ram', 1), _point(T0, 'cpu', 2),
              _point(T0, 'ram', 3), _point(T0 + HOUR, 'cpu', 4)]
    frames = dataframes_api.frames_to_wire(points)
    assert [frame['period'] for frame in frames] == [
        {'begin': T0, 'end': T0 + HOUR},
        {'begin': T0 + HOUR, 'end': T0 + 2 * HOUR}]
    assert list(frames[0]['usage']) == ['cpu', 'ram']
    assert [p['vol']['qty'] for p in frames[0]['usage']['ram']] == [1, 3]
    assert frames[1]['usage']['cpu'][0] == {
        'vol': {'unit': 'u', 'qty': D(4)}, 'rating': {'price': D(0)},
        'groupby': {'project_id': 'p1'}, 'metadata': {}}


def test_no_points_no_frames():
    assert dataframes_api.frames_to_wire([]) == []


# -- who sees what ---------------------------------------------------------

@pytest.fixture
def client(make_client):
    client = make_client()
    add(client, point('p1'), point('p2'), point('p1'), point('p3'))
    return client


@pytest.mark.parametrize('version', ['2.0', '2.1'])
def test_a_member_sees_their_project_only(client, version):
    response = call(client, 'GET', '/v2/dataframes?' + PERIOD,
                    headers=MEMBER, version=version)
    assert listed(response) == ['p1', 'p1']
    assert response.json['total'] == 2


def test_asking_for_another_project_finds_nothing(client):
    path = '/v2/dataframes?filters=project_id:p2&' + PERIOD
    assert call(client, 'GET', path, headers=MEMBER).status_code == 404
    response = call(client, 'GET', path, headers=MEMBER, version='2.1')
    assert response.json == {'total': 0, 'dataframes': [], 'links': []}
    assert listed(call(client, 'GET', path)) == ['p2']


@pytest.mark.parametrize('version', ['2.0', '2.1'])
def test_unscoped_sees_an_empty_list(client, version):
    response = call(client, 'GET', '/v2/dataframes?' + PERIOD,
                    headers=UNSCOPED, version=version)
    assert response.status_code == 200
    assert response.json['total'] == 0 and response.json['dataframes'] == []


def test_an_admin_sees_everything(client):
    assert listed(call(client, 'GET', '/v2/dataframes?' + PERIOD)) == [
        'p1', 'p1', 'p2', 'p3']


# -- who may add what ------------------------------------------------------

def test_a_member_may_not_add_by_default(make_client):
    client = make_client()
    response = call(client, 'POST', '/v2/dataframes', body(point('p1')),
                    headers=MEMBER)
    assert response.status_code == 403
    assert 'dataframes:add' in response.json['message']


def test_a_member_allowed_to_add_adds_their_project_only(make_client):
    client = make_client(policy_text=MEMBERS_ADD)
    response = call(client, 'POST', '/v2/dataframes',
                    body(point('p1'), point('p1')), headers=MEMBER)
    assert response.status_code == 204
    response = call(client, 'POST', '/v2/dataframes',
                    body(point('p1'), point('p2')), headers=MEMBER)
    assert response.status_code == 403
    assert 'dataframes[0].usage.cpu[1]' in response.json['message']
    unscoped = call(client, 'POST', '/v2/dataframes', body(point('p1')),
                    headers=UNSCOPED)
    assert unscoped.status_code == 403
    # Nothing of the refused requests was stored.
    assert listed(call(client, 'GET', '/v2/dataframes?' + PERIOD)) == [
        'p1', 'p1']


def test_the_scope_key_is_configurable(make_client):
    client = make_client(options='[collect]\nscope_key = tenant\n')
    add(client, point('p1', tenant='t1'), point('p1', tenant='t2'))
    response = call(client, 'GET', '/v2/dataframes?' + PERIOD,
                    headers=dict(MEMBER, **{'X-Project-Id': 't2'}))
    assert response.json['total'] == 1
    assert response.json['dataframes'][0]['usage']['cpu'][0]['groupby'] == {
        'project_id': 'p1', 'tenant': 't2'}


def test_the_point_limit_is_configurable(make_client):
    client = make_client(options='max_points_per_request = 2\n')
    assert call(client, 'POST', '/v2/dataframes',
                body(point(), point())).status_code == 204
    response = call(client, 'POST', '/v2/dataframes',
                    body(point(), point(), point()))
    assert response.status_code == 400
    assert 'at most 2 points' in response.json['message']


def test_a_rejected_request_stores_nothing(make_client):
    client = make_client()
    bad = body(point('p1'), point('p1', qty=-1))
    bad['dataframes'].insert(0, body(point('p9'))['dataframes'][0])
    response = call(client, 'POST', '/v2/dataframes', bad)
    assert response.status_code == 400
    assert response.json['errors'][0]['parameter'] == (
        'dataframes[1].usage.cpu[1].vol.qty')
    assert call(client, 'GET', '/v2/dataframes?' + PERIOD,
                version='2.1').json['total'] == 0


# -- 2.1: links ------------------------------------------------------------

def _links(response):
    return {link['rel']: link['href'] for link in response.json['links']}


def test_links_follow_the_public_url(make_client):
    client = make_client(
        options='public_url = https://cloud.example.com/rating\n')
    add(client, *[point() for _ in range(5)])
    response = call(client, 'GET', '/v2/dataframes?limit=2&offset=2&'
                    'filters=type:cpu&' + PERIOD, version='2.1')
    links = _links(response)
    assert links['next'].startswith(
        'https://cloud.example.com/rating/v2/dataframes?')
    assert 'offset=4' in links['next'] and 'limit=2' in links['next']
    assert 'filters=type%3Acpu' in links['next']
    assert 'offset=0' in links['previous']


def test_no_links_at_2_0(client):
    response = call(client, 'GET', '/v2/dataframes?limit=1&' + PERIOD)
    assert 'links' not in response.json


def test_walking_the_next_links_visits_every_point(client):
    seen, path = [], '/v2/dataframes?limit=3&' + PERIOD
    while path:
        response = call(client, 'GET', path, version='2.1')
        seen += listed(response)
        path = _links(response).get('next', '').replace('http://localhost',
                                                        '')
    assert sorted(seen) == ['p1', 'p1', 'p2', 'p3']
