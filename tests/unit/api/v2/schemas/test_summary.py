"""Schemas of /v2/summary: what a request may say, and what it means."""
import datetime
import decimal

import pytest
import voluptuous as vol

from ratingapi.api.v2.schemas import summary as schemas
from tests.appkit import assert_whole_month_around

UTC = datetime.timezone.utc
D = decimal.Decimal
T0 = datetime.datetime(2026, 11, 1, tzinfo=UTC)
T1 = datetime.datetime(2026, 12, 1, tzinfo=UTC)


def _query(query):
    return vol.Schema(schemas.GET_SUMMARY_QUERY)(query)


def test_defaults(app_context):
    before = datetime.datetime.now(UTC)
    query = _query({})
    after = datetime.datetime.now(UTC)
    assert_whole_month_around(query.pop('begin'), query.pop('end'),
                              before, after)
    assert query == {'groupby': [], 'filters': {},
                     'response_format': 'table', 'offset': 0, 'limit': 100}


@pytest.mark.parametrize('values, expected', [
    (['type'], ['type']),
    (['type,project_id'], ['type', 'project_id']),
    (['type', 'project_id'], ['type', 'project_id']),
    (['project_id,type', 'type'], ['project_id', 'type']),
    (['time-d,type'], ['time-d', 'type']),
    (['time'], ['time']), (['time-w'], ['time-w']), (['time-m'], ['time-m']),
    (['time-y'], ['time-y']), (['time-d,time-d'], ['time-d']),
    (['flavor.name'], ['flavor.name']), (['é'], ['é']),
    (['timed'], ['timed']), ([''], []), ([' type , '], ['type']),
])
def test_groupby(app_context, values, expected):
    assert _query({'groupby': values})['groupby'] == expected


def test_filters_accumulate(app_context):
    assert _query({'filters': ['type:cpu,project_id:p1', 'type:ram',
                               'zone:a:b']})['filters'] == {
        'type': ['cpu', 'ram'], 'project_id': ['p1'], 'zone': ['a:b']}


@pytest.mark.parametrize('response_format', ['table', 'object'])
def test_response_formats(app_context, response_format):
    assert _query({'response_format': [response_format]})[
        'response_format'] == response_format


def test_period(app_context):
    result = _query({'begin': ['2026-11-01'], 'end': ['2026-12-01T00:00Z']})
    assert (result['begin'], result['end']) == (T0, T1)


@pytest.mark.parametrize('query, parameter, detail', [
    ({'groupby': ['time-h']}, 'groupby', 'Invalid groupby time option'),
    ({'groupby': ['time-']}, 'groupby', 'Invalid groupby time option'),
    ({'groupby': ['time-d,time-m']}, 'groupby', 'at most one time'),
    ({'groupby': ['time', 'time-y']}, 'groupby', 'at most one time'),
    ({'groupby': ['qty']}, 'groupby', 'names a column'),
    ({'groupby': ['begin']}, 'groupby', 'names a column'),
    ({'groupby': ['a"b']}, 'groupby', 'must not contain'),
    ({'groupby': ['k' * 256]}, 'groupby', 'at most 255'),
    # PostgreSQL holds no NUL and psycopg encodes no lone surrogate.
    ({'groupby': ['\x00']}, 'groupby', 'NUL'),
    ({'groupby': ['type,a\x00b']}, 'groupby', "key 'a\\x00b'"),
    ({'groupby': ['\ud800']}, 'groupby', 'surrogate'),
    ({'filters': ['type:\x00']}, 'filters', "'type' must not contain NUL"),
    ({'filters': ['a:\ud800']}, 'filters', 'surrogate'),
    ({'filters': ['a\x00:b']}, 'filters', 'NUL'),
    ({'filters': ['type']}, 'filters', 'key:value'),
    ({'filters': ['a\\b:c']}, 'filters', 'must not contain'),
    ({'response_format': ['csv']}, 'response_format', 'one of'),
    ({'response_format': ['table', 'object']}, 'response_format', 'once'),
    ({'custom_fields': ['SUM(qty) AS qty']}, 'custom_fields', 'extra keys'),
    ({'begin': ['2026-12-01'], 'end': ['2026-11-01']}, 'end', 'before'),
    ({'end': ['tomorrow']}, 'end', 'ISO 8601'),
    ({'limit': ['0']}, 'limit', 'at least'),
    ({'offset': [str(2 ** 63)]}, 'offset', 'at most'),
])
def test_rejects(app_context, query, parameter, detail):
    with pytest.raises(vol.MultipleInvalid) as info:
        _query(query)
    error = min(info.value.errors, key=lambda e: len(e.path))
    assert [str(part) for part in error.path] == [parameter]
    assert detail in error.error_message


# -- responses -------------------------------------------------------------

ROW = [T0, T1, D('1.5'), D('0.25'), 'cpu']


def test_table_response():
    body = {'total': 1, 'columns': ['begin', 'end', 'qty', 'rate', 'type'],
            'results': [ROW], 'format': 'table'}
    assert vol.Schema(schemas.GET_SUMMARY_RESPONSE)(body) == body


def test_object_response():
    body = {'total': 1, 'format': 'object', 'results': [
        dict(zip(['begin', 'end', 'qty', 'rate', 'type'], ROW))],
        'links': []}
    assert vol.Schema(schemas.GET_SUMMARY_RESPONSE)(body) == body


@pytest.mark.parametrize('body', [
    {'total': 1, 'columns': [], 'results': [[T0, T1, 1.5, D(0)]],
     'format': 'table'},
    {'total': 1, 'columns': [], 'results': [ROW], 'format': 'object'},
    {'total': 1, 'results': [{'qty': D(1)}], 'format': 'object'},
    {'total': 1, 'columns': [], 'results': [ROW]},
])
def test_bad_responses(body):
    with pytest.raises(vol.Invalid):
        vol.Schema(schemas.GET_SUMMARY_RESPONSE)(body)
