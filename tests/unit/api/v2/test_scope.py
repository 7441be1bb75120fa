"""/v2/scope handlers: who sees and changes what, and the 2.1 details
that gabbi cannot reach (a loosened policy, a public URL, a prefix).
HTTP behaviour at the default policy is pinned in v2-scope.yaml."""
import pytest

from tests.appkit import call
from tests.appkit import MEMBER
from tests.appkit import OTHER
from tests.appkit import UNSCOPED

# An operator who lets project members manage their own scope.
MEMBERS_POLICY = ''.join(
    '"%s": "role:member or rule:context_is_admin"\n' % rule
    for rule in ('scope:get_state', 'scope:post_state', 'scope:patch_state',
                 'scope:reset_state'))


def _create(client, *scope_ids, **values):
    for scope_id in scope_ids:
        response = call(client, 'POST', '/v2/scope',
                        dict({'scope_id': scope_id}, **values))
        assert response.status_code == 200, response.json


def _listed(response):
    return [item['scope_id'] for item in response.json['results']]


# -- a loosened policy: members, but only of their own project ---------------

@pytest.fixture
def members(make_client):
    client = make_client(policy_text=MEMBERS_POLICY)
    _create(client, 'p1', 'p2', 'p3')
    return client


@pytest.mark.parametrize('version', ['2.0', '2.1'])
def test_member_lists_only_its_project(members, version):
    response = call(members, 'GET', '/v2/scope', headers=MEMBER,
                    version=version)
    assert response.status_code == 200
    assert _listed(response) == ['p1']
    assert response.json['total'] == 1
    response = call(members, 'GET', '/v2/scope?scope_id=p1,p2,p3',
                    headers=OTHER, version=version)
    assert _listed(response) == ['p2']


def test_member_asking_for_another_project_finds_nothing(members):
    response = call(members, 'GET', '/v2/scope?scope_id=p3',
                    headers=MEMBER)
    assert response.status_code == 404
    response = call(members, 'GET', '/v2/scope?scope_id=p3',
                    headers=MEMBER, version='2.1')
    assert response.status_code == 200
    assert response.json == {'results': [], 'total': 0, 'links': []}


def test_unscoped_member_gets_an_empty_result(members):
    assert call(members, 'GET', '/v2/scope',
                headers=UNSCOPED).status_code == 404
    response = call(members, 'GET', '/v2/scope', headers=UNSCOPED,
                    version='2.1')
    assert response.status_code == 200
    assert response.json['results'] == []


def test_admin_still_sees_everything(members):
    assert _listed(call(members, 'GET', '/v2/scope')) == ['p1', 'p2', 'p3']


def test_member_creates_only_its_project(make_client):
    client = make_client(policy_text=MEMBERS_POLICY)
    response = call(client, 'POST', '/v2/scope', {'scope_id': 'p2'},
                    headers=MEMBER)
    assert response.status_code == 403
    assert 'p2' in response.json['message']
    response = call(client, 'POST', '/v2/scope', {'scope_id': 'p1'},
                    headers=MEMBER)
    assert response.status_code == 200
    assert _listed(call(client, 'GET', '/v2/scope')) == ['p1']


def test_member_patches_only_its_project(members):
    response = call(members, 'PATCH', '/v2/scope',
                    {'scope_id': 'p2', 'active': False}, headers=MEMBER)
    assert response.status_code == 403
    response = call(members, 'PATCH', '/v2/scope',
                    {'scope_id': 'p1', 'active': False}, headers=MEMBER)
    assert response.status_code == 200
    scopes = call(members, 'GET', '/v2/scope').json['results']
    assert [item['active'] for item in scopes] == [False, True, True]


def test_member_resets_only_its_project(members):
    response = call(members, 'PUT', '/v2/scope',
                    {'scope_id': 'p1,p2', 'state': '2026-01-01'},
                    headers=MEMBER)
    assert response.status_code == 403
    response = call(members, 'PUT', '/v2/scope',
                    {'all_scopes': True, 'state': '2026-01-01'},
                    headers=MEMBER)
    assert response.status_code == 202
    scopes = call(members, 'GET', '/v2/scope').json['results']
    assert [item['last_processed_timestamp'] for item in scopes] == [
        '2026-01-01T00:00:00+00:00', None, None]


def test_unscoped_member_resets_nothing(members):
    response = call(members, 'PUT', '/v2/scope',
                    {'all_scopes': True, 'state': '2026-01-01'},
                    headers=UNSCOPED)
    assert response.status_code == 404


# -- policy targets: one project, never a list -------------------------------

OWNER_POLICY = ''.join(
    '"%s": "project_id:%%(project_id)s or rule:context_is_admin"\n' % rule
    for rule in ('scope:post_state', 'scope:patch_state', 'scope:get_state',
                 'scope:reset_state'))


def test_create_and_update_target_the_scope(make_client):
    client = make_client(policy_text=OWNER_POLICY)
    assert call(client, 'POST', '/v2/scope', {'scope_id': 'p2'},
                headers=MEMBER).status_code == 403
    assert call(client, 'POST', '/v2/scope', {'scope_id': 'p1'},
                headers=MEMBER).status_code == 200
    assert call(client, 'PATCH', '/v2/scope', {'scope_id': 'p1'},
                headers=OTHER).status_code == 403
    assert call(client, 'PATCH', '/v2/scope', {'scope_id': 'p1'},
                headers=MEMBER).status_code == 200


def test_list_and_reset_target_the_callers_project(make_client):
    client = make_client(policy_text=OWNER_POLICY)
    _create(client, 'p1', 'p2')
    # The target is the caller's own project: allowed, then narrowed.
    assert _listed(call(client, 'GET', '/v2/scope?scope_id=p1,p2',
                        headers=MEMBER)) == ['p1']
    assert call(client, 'PUT', '/v2/scope',
                {'all_scopes': True, 'state': '2026-01-01'},
                headers=OTHER).status_code == 202
    timestamps = {item['scope_id']: item['last_processed_timestamp']
                  for item in call(client, 'GET',
                                   '/v2/scope').json['results']}
    assert timestamps == {'p1': None, 'p2': '2026-01-01T00:00:00+00:00'}


# -- Location and links behind a public URL or a prefix ----------------------

def test_location_uses_the_public_url(make_client):
    client = make_client(public_url='https://cloud.example.com/rating/')
    response = call(client, 'POST', '/v2/scope', {'scope_id': 'p 1/é'},
                    version='2.1')
    assert response.status_code == 201
    assert response.headers['Location'] == (
        'https://cloud.example.com/rating/v2/scope?scope_id=p%201%2F%C3%A9')
    # The Location lists exactly the created scope.
    listed = call(client, 'GET', response.headers['Location'].split(
        'https://cloud.example.com/rating')[1], version='2.1')
    assert _listed(listed) == ['p 1/é']


def test_location_and_links_keep_the_prefix(make_client):
    client = make_client(prefix='/rating')
    response = call(client, 'POST', '/rating/v2/scope', {'scope_id': 'a'},
                    version='2.1')
    assert response.headers['Location'] == (
        'http://localhost/rating/v2/scope?scope_id=a')
    call(client, 'POST', '/rating/v2/scope', {'scope_id': 'b'})
    response = call(client, 'GET', '/rating/v2/scope?limit=1',
                    version='2.1')
    assert response.json['links'] == [{
        'rel': 'next',
        'href': 'http://localhost/rating/v2/scope?limit=1&offset=1'}]
