"""Schemas of /v2/task/reprocesses."""
import datetime

import pytest
import voluptuous as vol

from ratingapi.api.v2.schemas import reprocesses as schemas

UTC = datetime.timezone.utc
JAN_1 = datetime.datetime(2026, 1, 1, tzinfo=UTC)
JAN_2 = datetime.datetime(2026, 1, 2, tzinfo=UTC)


def _body(**values):
    body = {'scope_ids': 'p1', 'start_reprocess_time': '2026-01-01',
            'end_reprocess_time': '2026-01-02T00:00:00Z',
            'reason': 'wrong price'}
    body.update(values)
    return {key: value for key, value in body.items() if value is not None}


def _post(body):
    return vol.Schema(schemas.POST_REPROCESSES_BODY)(body)


def _invalid_path(schema, data):
    with pytest.raises(vol.MultipleInvalid) as info:
        vol.Schema(schema)(data)
    error = min(info.value.errors, key=lambda e: len(e.path))
    return [str(part) for part in error.path]


def test_post():
    assert _post(_body()) == {
        'scope_ids': ['p1'], 'start_reprocess_time': JAN_1,
        'end_reprocess_time': JAN_2, 'reason': 'wrong price'}


@pytest.mark.parametrize('scope_ids, expected', [
    ('p1', ['p1']),
    ('p1,p2', ['p1', 'p2']),
    (['p2', 'p1,p3'], ['p2', 'p1', 'p3']),
    (['p1', 'p1', 'p2,p1'], ['p1', 'p2']),
    ('ALL', ['ALL']),
    (['ALL'], ['ALL']),
    (['ALL', 'ALL'], ['ALL']),
])
def test_post_scope_ids(scope_ids, expected):
    assert _post(_body(scope_ids=scope_ids))['scope_ids'] == expected


def test_post_times_are_utc():
    result = _post(_body(start_reprocess_time='2026-01-01T09:00:00+09:00',
                         end_reprocess_time='2026-01-01T12:00:00'))
    assert result['start_reprocess_time'] == JAN_1
    assert result['end_reprocess_time'] == JAN_1.replace(hour=12)


@pytest.mark.parametrize('values, parameter', [
    ({'scope_ids': None}, 'scope_ids'),
    ({'scope_ids': ''}, 'scope_ids'),
    ({'scope_ids': []}, 'scope_ids'),
    ({'scope_ids': 5}, 'scope_ids'),
    ({'scope_ids': 'ALL,p1'}, 'scope_ids'),
    ({'scope_ids': ['p1', 'ALL']}, 'scope_ids'),
    ({'reason': None}, 'reason'),
    ({'reason': ''}, 'reason'),
    ({'reason': '  '}, 'reason'),
    ({'reason': 5}, 'reason'),
    ({'reason': 'a\x00b'}, 'reason'),
    ({'reason': 'a\ud800'}, 'reason'),
    ({'scope_ids': 'p\ud800'}, 'scope_ids'),
    ({'start_reprocess_time': None}, 'start_reprocess_time'),
    ({'start_reprocess_time': 'then'}, 'start_reprocess_time'),
    ({'end_reprocess_time': None}, 'end_reprocess_time'),
    ({'end_reprocess_time': '2026-02-30'}, 'end_reprocess_time'),
    # Empty or reversed periods.
    ({'end_reprocess_time': '2026-01-01'}, 'end_reprocess_time'),
    ({'end_reprocess_time': '2025-12-31'}, 'end_reprocess_time'),
    # Not yet happened.
    ({'end_reprocess_time': '2999-01-01'}, 'end_reprocess_time'),
    ({'scope_id': 'p1'}, 'scope_id'),
])
def test_post_rejects(values, parameter):
    assert _invalid_path(schemas.POST_REPROCESSES_BODY,
                         _body(**values)) == [parameter]


def test_post_reason_may_span_lines():
    assert _post(_body(reason='a\nb'))['reason'] == 'a\nb'


def test_post_end_right_now_is_accepted():
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    result = _post(_body(end_reprocess_time=now.isoformat()))
    assert result['end_reprocess_time'] == now


# -- GET query -------------------------------------------------------------

def _get(query):
    return vol.Schema(schemas.GET_REPROCESSES_QUERY)(query)


def test_get_defaults(app_context):
    assert _get({}) == {'offset': 0, 'limit': 100, 'order': 'desc',
                        'scope_ids': None}


@pytest.mark.parametrize('value, expected', [
    ('asc', 'asc'), ('ASC', 'asc'), ('Desc', 'desc'), ('DESC', 'desc'),
    (' asc ', 'asc')])
def test_get_order(app_context, value, expected):
    assert _get({'order': [value]})['order'] == expected


def test_get_scope_ids(app_context):
    assert _get({'scope_ids': ['a,b', 'c']})['scope_ids'] == ['a', 'b', 'c']


@pytest.mark.parametrize('query, parameter', [
    ({'order': ['up']}, 'order'),
    ({'order': ['']}, 'order'),
    ({'order': ['asc', 'desc']}, 'order'),
    ({'scope_ids': ['']}, 'scope_ids'),
    ({'scope_id': ['p1']}, 'scope_id'),
    ({'limit': ['x']}, 'limit'),
    ({'offset': [str(2 ** 63)]}, 'offset'),
])
def test_get_rejects(app_context, query, parameter):
    assert _invalid_path(schemas.GET_REPROCESSES_QUERY, query) == [
        parameter]


# -- path ------------------------------------------------------------------

def test_path_scope_id_is_compared_as_given():
    path = vol.Schema(schemas.SCOPE_REPROCESSES_PATH)
    # Not a name a scope may be created with, yet not a 400: it finds
    # nothing, as in CloudKitty.
    assert path({'scope_id': 'a,b'}) == {'scope_id': 'a,b'}


@pytest.mark.parametrize('scope_id', ['p\x001', 'p\ud800', 'p' * 256])
def test_path_scope_id_rejects(scope_id):
    assert _invalid_path(schemas.SCOPE_REPROCESSES_PATH,
                         {'scope_id': scope_id}) == ['scope_id']


# -- responses -------------------------------------------------------------

def test_response_schema():
    task = {'scope_id': 'p1', 'reason': 'r', 'start_reprocess_time': JAN_1,
            'end_reprocess_time': JAN_2, 'current_reprocess_time': None}
    schema = vol.Schema(schemas.GET_REPROCESSES_RESPONSE)
    schema({'results': [task], 'total': 1})
    schema({'results': [dict(task, current_reprocess_time=JAN_1)],
            'total': 1, 'links': []})
    with pytest.raises(vol.Invalid):
        schema({'results': [dict(task, current_reprocess_time='')],
                'total': 1})
    with pytest.raises(vol.Invalid):
        schema({'results': [task]})
