"""Schemas of /v2/scope: what each request may say, and what it means."""
import datetime

import pytest
import voluptuous as vol

from ratingapi.api.v2.schemas import scope as schemas

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 1, 1, tzinfo=UTC)


def _invalid(schema, data):
    with pytest.raises(vol.MultipleInvalid) as info:
        vol.Schema(schema)(data)
    return info.value


def _invalid_path(schema, data):
    error = _invalid(schema, data)
    return [str(part) for part in min(error.errors,
                                      key=lambda e: len(e.path)).path]


# -- name ------------------------------------------------------------------

@pytest.mark.parametrize('value', ['p1', 'a b', 'x' * 255, '8f1c-é', 'a/b'])
def test_name_accepts(value):
    assert schemas.name(value) == value


@pytest.mark.parametrize('value', [
    '', ' ', '\t', 'x' * 256, ' p1', 'p1 ', 'a,b', 'p\x001', 'p\n1',
    'p\x7f', 'p\ud800', None, 5, True, ['p1'], {'a': 1}])
def test_name_rejects(value):
    with pytest.raises(vol.Invalid):
        schemas.name(value)


# -- timestamp -------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('2026-01-01T00:00:00Z', T0),
    ('2026-01-01T00:00:00+00:00', T0),
    ('2026-01-01T01:00:00+01:00', T0),
    ('2026-01-01', T0),
    ('2026-01-01 00:00:00', T0),
    ('20260101T000000Z', T0),
])
def test_timestamp_accepts(value, expected):
    result = schemas.timestamp(value)
    assert result == expected
    assert result.tzinfo == UTC


@pytest.mark.parametrize('value', [
    'yesterday', '', '2026-13-01', '2026-01-01T25:00:00', 5, None, True,
    # Out of range once in UTC: never a 500.
    '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00'])
def test_timestamp_rejects(value):
    with pytest.raises(vol.Invalid):
        schemas.timestamp(value)


def test_optional_timestamp():
    assert schemas.optional_timestamp(None) is None
    assert schemas.optional_timestamp('2026-01-01') == T0


# -- multi-valued names ----------------------------------------------------

@pytest.mark.parametrize('values, expected', [
    (['a'], ['a']),
    (['a,b', 'c'], ['a', 'b', 'c']),
    ([' a , b ,'], ['a', 'b']),
])
def test_names_query(values, expected):
    assert vol.Schema(schemas.NAMES_QUERY)(values) == expected


@pytest.mark.parametrize('values', [[''], [','], [' , '], ['x' * 256]])
def test_names_query_rejects(values):
    _invalid(schemas.NAMES_QUERY, values)


@pytest.mark.parametrize('value, expected', [
    ('a', ['a']),
    ('a,b', ['a', 'b']),
    (['a', 'b,c'], ['a', 'b', 'c']),
])
def test_names_body(value, expected):
    assert vol.Schema(schemas.NAMES_BODY)(value) == expected


@pytest.mark.parametrize('value', [
    '', [], [''], 5, None, True, [5], [['a']], {'a': 'b'}])
def test_names_body_rejects(value):
    _invalid(schemas.NAMES_BODY, value)


# -- GET query -------------------------------------------------------------

def test_get_defaults(app_context):
    assert vol.Schema(schemas.GET_SCOPE_QUERY)({}) == {
        'offset': 0, 'limit': 100, 'scope_id': None, 'scope_key': None,
        'fetcher': None, 'collector': None, 'active': None}


def test_get_largest_offset(app_context):
    assert vol.Schema(schemas.GET_SCOPE_QUERY)({
        'offset': [str(2 ** 63 - 1)]})['offset'] == 2 ** 63 - 1


def test_get_offset_beyond_a_bigint_is_invalid(app_context):
    with pytest.raises(vol.Invalid):
        vol.Schema(schemas.GET_SCOPE_QUERY)({'offset': [str(2 ** 63)]})


def test_get_filters(app_context):
    result = vol.Schema(schemas.GET_SCOPE_QUERY)({
        'scope_id': ['a,b', 'c'], 'scope_key': ['project_id'],
        'fetcher': ['keystone'], 'collector': ['gnocchi,prometheus'],
        'active': ['1', 'no'], 'offset': ['2'], 'limit': ['3']})
    assert result == {
        'scope_id': ['a', 'b', 'c'], 'scope_key': ['project_id'],
        'fetcher': ['keystone'], 'collector': ['gnocchi', 'prometheus'],
        'active': [True, False], 'offset': 2, 'limit': 3}


@pytest.mark.parametrize('value, expected', [
    ('true', [True]), ('True', [True]), ('1', [True]), ('yes', [True]),
    ('false', [False]), ('0', [False]), ('NO', [False]),
    ('true,false', [True, False]),
])
def test_get_active(app_context, value, expected):
    assert vol.Schema(schemas.GET_SCOPE_QUERY)(
        {'active': [value]})['active'] == expected


@pytest.mark.parametrize('query, parameter', [
    ({'active': ['maybe']}, 'active'),
    ({'active': ['2']}, 'active'),
    ({'active': ['']}, 'active'),
    ({'scope_id': ['']}, 'scope_id'),
    ({'fetcher': [',']}, 'fetcher'),
    ({'limit': ['0']}, 'limit'),
    ({'limit': ['1001']}, 'limit'),
    ({'offset': ['-1']}, 'offset'),
    ({'offset': ['1', '2']}, 'offset'),
    # Beyond a SQL BIGINT: never sent to the database.
    ({'offset': [str(2 ** 63)]}, 'offset'),
    ({'scope_id': ['p\x001']}, 'scope_id'),
    ({'state': ['x']}, 'state'),
    ({'scope_ids': ['x']}, 'scope_ids'),
])
def test_get_rejects(app_context, query, parameter):
    assert _invalid_path(schemas.GET_SCOPE_QUERY, query) == [parameter]


# -- POST body -------------------------------------------------------------

def test_post_defaults(app_context):
    assert vol.Schema(schemas.POST_SCOPE_BODY)({'scope_id': 'p1'}) == {
        'scope_id': 'p1', 'scope_key': 'project_id', 'fetcher': 'keystone',
        'collector': 'gnocchi', 'active': True,
        'last_processed_timestamp': None}


def test_post_everything(app_context):
    assert vol.Schema(schemas.POST_SCOPE_BODY)({
        'scope_id': 'p1', 'scope_key': 'k', 'fetcher': 'f',
        'collector': 'c', 'active': 'false',
        'last_processed_timestamp': '2026-01-01T00:00:00Z'}) == {
        'scope_id': 'p1', 'scope_key': 'k', 'fetcher': 'f',
        'collector': 'c', 'active': False, 'last_processed_timestamp': T0}


def test_post_null_timestamp_is_never_processed(app_context):
    assert vol.Schema(schemas.POST_SCOPE_BODY)({
        'scope_id': 'p1', 'last_processed_timestamp': None})[
        'last_processed_timestamp'] is None


@pytest.mark.parametrize('body, parameter', [
    ({}, 'scope_id'),
    ({'scope_id': ''}, 'scope_id'),
    ({'scope_id': None}, 'scope_id'),
    ({'scope_id': ['p1']}, 'scope_id'),
    ({'scope_id': 'a,b'}, 'scope_id'),
    ({'scope_id': 'p1', 'scope_key': None}, 'scope_key'),
    ({'scope_id': 'p1', 'fetcher': ''}, 'fetcher'),
    ({'scope_id': 'p1', 'collector': 5}, 'collector'),
    ({'scope_id': 'p1', 'active': 'maybe'}, 'active'),
    ({'scope_id': 'p1', 'active': None}, 'active'),
    ({'scope_id': 'p1', 'last_processed_timestamp': 'soon'},
     'last_processed_timestamp'),
    ({'scope_id': 'p1', 'state': '2026-01-01'}, 'state'),
    ({'scope_id': 'p1', 'scope_activation_toggle_date': '2026-01-01'},
     'scope_activation_toggle_date'),
])
def test_post_rejects(body, parameter, app_context):
    assert _invalid_path(schemas.POST_SCOPE_BODY, body) == [parameter]


# -- PATCH body ------------------------------------------------------------

def test_patch_leaves_out_what_is_not_sent():
    # None: left as it is; an explicit null is a 400 (below).
    schema = vol.Schema(schemas.PATCH_SCOPE_BODY)
    unchanged = {'scope_key': None, 'fetcher': None, 'collector': None,
                 'active': None}
    assert schema({'scope_id': 'p1'}) == dict(unchanged, scope_id='p1')
    assert schema({'scope_id': 'p1', 'active': 'no', 'fetcher': 'f'}) == {
        **unchanged, 'scope_id': 'p1', 'active': False, 'fetcher': 'f'}


@pytest.mark.parametrize('body, parameter', [
    ({}, 'scope_id'),
    ({'active': True}, 'scope_id'),
    ({'scope_id': 'p1', 'active': 'false-ish'}, 'active'),
    ({'scope_id': 'p1', 'scope_key': None}, 'scope_key'),
    ({'scope_id': 'p1', 'collector': ['a']}, 'collector'),
    ({'scope_id': 'p1', 'last_processed_timestamp': '2026-01-01'},
     'last_processed_timestamp'),
])
def test_patch_rejects(body, parameter):
    assert _invalid_path(schemas.PATCH_SCOPE_BODY, body) == [parameter]


# -- PUT body --------------------------------------------------------------

def _reset(body):
    return vol.Schema(schemas.PUT_SCOPE_BODY)(body)


def test_put_all_scopes():
    assert _reset({'all_scopes': True,
                   'last_processed_timestamp': '2026-01-01'}) == {
        'all_scopes': True, 'scope_id': None, 'scope_key': None,
        'fetcher': None, 'collector': None, 'last_processed_timestamp': T0}


def test_put_state_is_an_alias():
    assert _reset({'scope_id': 'a,b', 'state': '2026-01-01T00:00:00'}) == {
        'all_scopes': False, 'scope_id': ['a', 'b'], 'scope_key': None,
        'fetcher': None, 'collector': None, 'last_processed_timestamp': T0}


def test_put_filters():
    assert _reset({'all_scopes': 'yes', 'scope_key': ['k1', 'k2'],
                   'fetcher': 'f', 'collector': 'c1,c2',
                   'state': '2026-01-01'}) == {
        'all_scopes': True, 'scope_id': None, 'scope_key': ['k1', 'k2'],
        'fetcher': ['f'], 'collector': ['c1', 'c2'],
        'last_processed_timestamp': T0}


@pytest.mark.parametrize('body, parameter', [
    ({'state': '2026-01-01'}, 'all_scopes'),
    ({'all_scopes': False, 'state': '2026-01-01'}, 'all_scopes'),
    ({'all_scopes': True, 'scope_id': 'a', 'state': '2026-01-01'},
     'scope_id'),
    ({'all_scopes': False, 'scope_id': 'a', 'state': '2026-01-01'},
     'scope_id'),
    ({'all_scopes': True}, 'last_processed_timestamp'),
    ({'scope_id': 'a', 'last_processed_timestamp': None},
     'last_processed_timestamp'),
    ({'scope_id': 'a', 'state': None}, 'state'),
    ({'scope_id': 'a', 'state': '2026-01-01',
      'last_processed_timestamp': '2026-01-01'}, 'state'),
    ({'scope_id': '', 'state': '2026-01-01'}, 'scope_id'),
    ({'scope_id': [], 'state': '2026-01-01'}, 'scope_id'),
    ({'all_scopes': 'sure', 'state': '2026-01-01'}, 'all_scopes'),
    ({'all_scopes': True, 'fetcher': 5, 'state': '2026-01-01'},
     'fetcher'),
    ({'all_scopes': True, 'active': True, 'state': '2026-01-01'},
     'active'),
])
def test_put_rejects(body, parameter):
    assert _invalid_path(schemas.PUT_SCOPE_BODY, body) == [parameter]


def test_put_missing_timestamp_is_a_missing_parameter():
    error = _invalid(schemas.PUT_SCOPE_BODY, {'all_scopes': True})
    assert isinstance(error.errors[0], vol.RequiredFieldInvalid)


# -- responses -------------------------------------------------------------

def _scope(**values):
    scope = {'scope_id': 'p1', 'scope_key': 'project_id',
             'fetcher': 'keystone', 'collector': 'gnocchi', 'active': True,
             'last_processed_timestamp': T0,
             'scope_activation_toggle_date': None}
    scope.update(values)
    return scope


def test_response_schemas_accept_what_the_api_sends():
    vol.Schema(schemas.SCOPE)(_scope())
    vol.Schema(schemas.GET_SCOPE_RESPONSE)({'results': [_scope()],
                                           'total': 1})
    vol.Schema(schemas.GET_SCOPE_RESPONSE)({
        'results': [], 'total': 3, 'links': [
            {'rel': 'previous', 'href': 'http://x/v2/scope?offset=0'}]})


@pytest.mark.parametrize('scope', [
    _scope(active=1), _scope(last_processed_timestamp='2026-01-01'),
    _scope(scope_key=None), {'scope_id': 'p1'}, _scope(extra=1)],
    ids=range(5))
def test_scope_response_schema_rejects(scope):
    with pytest.raises(vol.Invalid):
        vol.Schema(schemas.SCOPE)(scope)
