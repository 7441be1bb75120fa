"""/v2/task/reprocesses handlers: who sees and schedules what, and how a
rejected creation is reported.  HTTP behaviour at the default policy is
pinned in v2-reprocesses.yaml."""
import datetime

import pytest

from ratingapi.api.v2 import reprocesses as reprocesses_api
from ratingapi import exceptions
from ratingapi.storage import reprocesses as storage
from tests.appkit import ADMIN
from tests.appkit import call
from tests.appkit import MEMBER
from tests.appkit import OTHER
from tests.appkit import UNSCOPED

UTC = datetime.timezone.utc
JAN_1 = datetime.datetime(2026, 1, 1, tzinfo=UTC)
JAN_2 = datetime.datetime(2026, 1, 2, tzinfo=UTC)

MEMBERS_POLICY = ''.join(
    '"%s": "role:member or rule:context_is_admin"\n' % rule
    for rule in ('schedule:task_reprocesses',
                 'schedule:get_task_reprocesses'))
OWNER_POLICY = (
    '"schedule:get_task_reprocesses": '
    '"project_id:%(project_id)s or rule:context_is_admin"\n')


def _task(scope_id, **values):
    return dict({'scope_ids': scope_id, 'reason': 'r',
                 'start_reprocess_time': '2026-01-01',
                 'end_reprocess_time': '2026-01-02'}, **values)


@pytest.fixture
def client(make_client):
    def make(policy_text):
        client = make_client(policy_text=policy_text)
        for scope_id in ('p1', 'p2', 'p3'):
            response = call(client, 'POST', '/v2/scope', {
                'scope_id': scope_id,
                'last_processed_timestamp': '2026-02-01'})
            assert response.status_code == 200
        return client
    return make


def _scopes(response):
    assert response.status_code == 200, response.json
    return [task['scope_id'] for task in response.json['results']]


# -- a loosened policy: members, but only of their own project ---------------

def test_member_schedules_only_its_project(client):
    members = client(MEMBERS_POLICY)
    response = call(members, 'POST', '/v2/task/reprocesses',
                    _task('p1,p2'), headers=MEMBER)
    assert response.status_code == 403
    assert 'p2' in response.json['message']
    assert call(members, 'POST', '/v2/task/reprocesses', _task('p1'),
                headers=MEMBER).status_code == 202
    assert _scopes(call(members, 'GET', '/v2/task/reprocesses')) == ['p1']


def test_member_all_means_its_project(client):
    members = client(MEMBERS_POLICY)
    assert call(members, 'POST', '/v2/task/reprocesses', _task('ALL'),
                headers=OTHER).status_code == 202
    assert _scopes(call(members, 'GET', '/v2/task/reprocesses')) == ['p2']


def test_unscoped_member_has_no_scope_to_reprocess(client):
    members = client(MEMBERS_POLICY)
    response = call(members, 'POST', '/v2/task/reprocesses', _task('ALL'),
                    headers=UNSCOPED)
    assert response.status_code == 400
    assert response.json['errors'][0]['parameter'] == 'scope_ids'


def test_member_lists_only_its_project(client):
    members = client(MEMBERS_POLICY)
    assert call(members, 'POST', '/v2/task/reprocesses', _task('ALL'),
                headers=ADMIN).status_code == 202
    for version in ('2.0', '2.1'):
        assert _scopes(call(members, 'GET', '/v2/task/reprocesses',
                            headers=MEMBER, version=version)) == ['p1']
        assert _scopes(call(members, 'GET',
                            '/v2/task/reprocesses?scope_ids=p1,p2',
                            headers=OTHER, version=version)) == ['p2']
        assert _scopes(call(members, 'GET', '/v2/task/reprocesses/p2',
                            headers=MEMBER, version=version)) == []
        assert _scopes(call(members, 'GET', '/v2/task/reprocesses',
                            headers=UNSCOPED, version=version)) == []
    assert _scopes(call(members, 'GET', '/v2/task/reprocesses')) == [
        'p3', 'p2', 'p1']


def test_listing_one_scope_targets_that_scope(client):
    owners = client(OWNER_POLICY)
    assert call(owners, 'POST', '/v2/task/reprocesses',
                _task('ALL')).status_code == 202
    assert _scopes(call(owners, 'GET', '/v2/task/reprocesses/p1',
                        headers=MEMBER)) == ['p1']
    assert call(owners, 'GET', '/v2/task/reprocesses/p1',
                headers=OTHER).status_code == 403
    # The whole list targets the caller's own project.
    assert _scopes(call(owners, 'GET', '/v2/task/reprocesses',
                        headers=OTHER)) == ['p2']


def test_path_wins_over_scope_ids(client):
    admin = client('')
    assert call(admin, 'POST', '/v2/task/reprocesses',
                _task('ALL')).status_code == 202
    assert _scopes(call(admin, 'GET',
                        '/v2/task/reprocesses/p2?scope_ids=p1,p3')) == ['p2']


# -- how a rejection is reported ---------------------------------------------

OVERLAP = storage.Overlapping([storage.Task(
    scope_id='p1', reason='r', start_reprocess_time=JAN_1,
    end_reprocess_time=JAN_2, current_reprocess_time=None,
    created_at=JAN_1)])


@pytest.mark.parametrize('error, honest, kind, parameter, words', [
    (storage.NoScopes(), False, exceptions.InvalidInput, 'scope_ids',
     ['no active scope']),
    (storage.UnknownScopes(['a', 'b']), True, exceptions.InvalidInput,
     'scope_ids', ['a, b', 'not active']),
    (storage.NotProcessed([('a', JAN_1), ('b', None)]), True,
     exceptions.InvalidInput, 'end_reprocess_time',
     ['a (2026-01-01T00:00:00+00:00)', 'b (never)']),
    (OVERLAP, False, exceptions.InvalidInput, 'start_reprocess_time',
     ['p1 from 2026-01-01T00:00:00+00:00 to 2026-01-02T00:00:00+00:00']),
    (OVERLAP, True, exceptions.Conflict, None,
     ['p1 from 2026-01-01T00:00:00+00:00 to 2026-01-02T00:00:00+00:00']),
], ids=['no-scopes', 'unknown', 'not-processed', 'overlap-2.0',
        'overlap-2.1'])
def test_rejection(error, honest, kind, parameter, words):
    result = reprocesses_api._rejection(error, honest)
    assert type(result) is kind
    assert result.extra.get('parameter') == parameter
    for word in words:
        assert word in result.detail
