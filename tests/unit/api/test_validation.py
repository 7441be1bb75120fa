"""voluptuous validators and the query/body/response decorators."""
import datetime
import inspect
import logging

import flask
import pytest
import voluptuous as vol

from ratingapi.api import v1
from ratingapi.api import v2
from ratingapi.api import validation
from ratingapi import exceptions

UTC = datetime.timezone.utc


# -- boolean ---------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('true', True), ('True', True), ('TRUE', True), ('1', True),
    ('yes', True), ('YES', True), ('Yes', True), (' true ', True),
    ('false', False), ('False', False), ('FALSE', False), ('0', False),
    ('no', False), ('NO', False), ('No', False),
    (True, True), (False, False), (1, True), (0, False),
])
def test_boolean_accepts(value, expected):
    assert validation.boolean(value) is expected


@pytest.mark.parametrize('value', [
    'maybe', '2', '', ' ', 'y', 'n', 'on', 'off', 'truefalse', 2, -1, None,
    1.5, [], {}])
def test_boolean_rejects(value):
    with pytest.raises(vol.Invalid) as info:
        validation.boolean(value)
    assert repr(value) in str(info.value)


# -- integer ---------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('0', 0), ('42', 42), ('-7', -7), (' 12 ', 12), (5, 5), (-3, -3),
    ('007', 7),
])
def test_integer_accepts(value, expected):
    result = vol.Schema(validation.integer())(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize('value', [
    True, False, 1.0, 1.5, '1.5', '1e3', '', ' ', '-', '--5', 'one', '0x10',
    None, [1], '1 2'])
def test_integer_rejects(value):
    with pytest.raises(vol.Invalid):
        vol.Schema(validation.integer())(value)


@pytest.mark.parametrize('value, ok', [
    ('0', False), ('1', True), ('10', True), ('11', False), (11, False),
    (0, False), (1, True)])
def test_integer_bounds(value, ok):
    schema = vol.Schema(validation.integer(minimum=1, maximum=10))
    if ok:
        assert schema(value) == int(value)
    else:
        with pytest.raises(vol.Invalid) as info:
            schema(value)
        assert 'must be at' in str(info.value)


# -- iso_datetime ------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('2019-07-23T12:28:10', datetime.datetime(2019, 7, 23, 12, 28, 10,
                                              tzinfo=UTC)),
    ('2019-07-23T12:28:10Z', datetime.datetime(2019, 7, 23, 12, 28, 10,
                                               tzinfo=UTC)),
    ('2019-07-23T12:28:10+00:00', datetime.datetime(2019, 7, 23, 12, 28, 10,
                                                    tzinfo=UTC)),
    ('2019-07-23T12:28:10+02:00', datetime.datetime(2019, 7, 23, 10, 28, 10,
                                                    tzinfo=UTC)),
    ('2019-07-23T00:30:00-05:30', datetime.datetime(2019, 7, 23, 6, 0, 0,
                                                    tzinfo=UTC)),
    ('2019-07-23', datetime.datetime(2019, 7, 23, tzinfo=UTC)),
    ('2019-07-23 12:28:10', datetime.datetime(2019, 7, 23, 12, 28, 10,
                                              tzinfo=UTC)),
    ('20190723T122810Z', datetime.datetime(2019, 7, 23, 12, 28, 10,
                                           tzinfo=UTC)),
    ('2019-07-23T12:28:10.500000Z', datetime.datetime(
        2019, 7, 23, 12, 28, 10, 500000, tzinfo=UTC)),
    (' 2019-07-23T12:28:10Z ', datetime.datetime(2019, 7, 23, 12, 28, 10,
                                                 tzinfo=UTC)),
    (datetime.datetime(2019, 7, 23, 12, 0),
     datetime.datetime(2019, 7, 23, 12, 0, tzinfo=UTC)),
    (datetime.datetime(2019, 7, 23, 12, 0, tzinfo=datetime.timezone(
        datetime.timedelta(hours=-1))),
     datetime.datetime(2019, 7, 23, 13, 0, tzinfo=UTC)),
])
def test_iso_datetime_gives_aware_utc(value, expected):
    result = validation.iso_datetime(value)
    assert result == expected
    assert result.utcoffset() == datetime.timedelta(0)
    assert result.tzinfo == UTC


@pytest.mark.parametrize('value', [
    'yesterday', '', '2019', '2019-13-01', '2019-07-32', '23/07/2019',
    '2019-07-23T25:00:00', '1563884890', 'T12:00', '2019-07-23T12:28:10+2'])
def test_iso_datetime_rejects_garbage(value):
    with pytest.raises(vol.Invalid) as info:
        validation.iso_datetime(value)
    assert repr(value) in str(info.value)


# -- query parameter helpers ---------------------------------------------

def test_single_query_param_exactly_once():
    param = validation.SingleQueryParam(validation.boolean)
    assert param(['yes']) is True
    for values in ([], ['yes', 'no']):
        with pytest.raises(vol.Invalid) as info:
            param(values)
        assert '%d values' % len(values) in str(info.value)


def test_single_query_param_validates_its_value():
    with pytest.raises(vol.Invalid):
        validation.SingleQueryParam(validation.boolean)(['maybe'])


@pytest.mark.parametrize('values, expected', [
    (['a'], ['a']),
    (['a,b'], ['a', 'b']),
    (['a', 'b'], ['a', 'b']),
    (['a,b', 'c'], ['a', 'b', 'c']),
    (['a, b ,,c', ''], ['a', 'b', 'c']),
    ('a,b', ['a', 'b']),
    ([], []),
])
def test_multi_query_param_flattens(values, expected):
    assert validation.MultiQueryParam(str)(values) == expected


def test_multi_query_param_validates_each_item():
    param = validation.MultiQueryParam(validation.integer())
    assert param(['1,2', '3']) == [1, 2, 3]
    with pytest.raises(vol.Invalid):
        param(['1,x'])


@pytest.mark.parametrize('values, expected', [
    (['type:image'], {'type': 'image'}),
    (['type:image,project:p1'], {'type': 'image', 'project': 'p1'}),
    (['type:image', 'project:p1'], {'type': 'image', 'project': 'p1'}),
    ([' type : image '], {'type': 'image'}),
    (['url:http://x'], {'url': 'http://x'}),
    (['empty:'], {'empty': ''}),
    ([], {}),
])
def test_dict_query_param_parses_pairs(values, expected):
    assert validation.DictQueryParam(str)(values) == expected


def test_dict_query_param_duplicate_key_is_an_error():
    with pytest.raises(vol.Invalid) as info:
        validation.DictQueryParam(str)(['type:a', 'type:b'])
    assert "'type'" in str(info.value)
    with pytest.raises(vol.Invalid):
        validation.DictQueryParam(str)(['type:a,type:b'])


def test_dict_query_param_multi_collects_values():
    param = validation.DictQueryParam(str, multi=True)
    assert param(['type:a,type:b', 'type:c', 'p:x']) == {
        'type': ['a', 'b', 'c'], 'p': ['x']}


@pytest.mark.parametrize('pair', ['novalue', ':x', ' :x', ''])
def test_dict_query_param_malformed_pair(pair):
    with pytest.raises(vol.Invalid) as info:
        validation.DictQueryParam(str)([pair])
    assert 'key:value' in str(info.value)


def test_dict_query_param_validates_values():
    param = validation.DictQueryParam(validation.integer())
    assert param(['a:1']) == {'a': 1}
    with pytest.raises(vol.Invalid):
        param(['a:x'])


def test_dict_query_param_names_the_key_of_a_bad_value():
    with pytest.raises(vol.Invalid) as info:
        validation.DictQueryParam(validation.text())(['a:1,type:x\x00'])
    assert info.value.error_message == (
        "the value of 'type' must not contain NUL characters")


# -- text ------------------------------------------------------------------

@pytest.mark.parametrize('value', ['', 'p1', 'a b\t\n', 'é😀', 'x' * 300])
def test_text_accepts(value):
    assert validation.text()(value) == value


@pytest.mark.parametrize('value, reason', [
    ('a\x00b', 'NUL'), ('\x00', 'NUL'), ('a\ud800', 'surrogate'),
    ('\udfff', 'surrogate'), (5, 'expected a string'),
    (None, 'expected a string'), (b'p1', 'expected a string')])
def test_text_rejects_what_postgresql_cannot_hold(value, reason):
    with pytest.raises(vol.Invalid) as info:
        validation.text()(value)
    assert reason in info.value.error_message


def test_text_max_length():
    name = validation.text(validation.MAX_NAME_LENGTH)
    assert name('x' * 255) == 'x' * 255
    with pytest.raises(vol.Invalid) as info:
        name('é' * 256)
    assert info.value.error_message == 'must be at most 255 characters long'


# -- the decorators ---------------------------------------------------------

QUERY = {
    vol.Optional('enabled'): validation.SingleQueryParam(validation.boolean),
    vol.Optional('limit'): validation.SingleQueryParam(
        validation.integer(minimum=1)),
    vol.Optional('order', default=['asc']): validation.SingleQueryParam(
        vol.In(['asc', 'desc'])),
    vol.Optional('module_id'): validation.SingleQueryParam(str),
    vol.Optional('groupby'): validation.MultiQueryParam(str),
}

BODY = {
    vol.Required('name'): str,
    vol.Optional('priority', default=1): validation.integer(minimum=1),
    vol.Optional('module_id'): str,
}


def _app(strict=True):
    app = flask.Flask(__name__)
    app.config['RATINGAPI_STRICT_CHECKS'] = strict
    return app


def _echo(**kwargs):
    return kwargs


def _call_query(query_string, **path):
    with _app().test_request_context('/x', query_string=query_string):
        return validation.query(QUERY)(_echo)(**path)


def _call_body(data=None, content_type='application/json', **path):
    with _app().test_request_context('/x', method='PUT', data=data,
                                     content_type=content_type):
        return validation.body(BODY)(_echo)(**path)


def test_query_gives_typed_kwargs_and_schema_defaults():
    assert _call_query('enabled=yes&groupby=a,b&groupby=c') == {
        'enabled': True, 'order': 'asc', 'groupby': ['a', 'b', 'c']}
    assert _call_query('limit=3&order=desc') == {'limit': 3,
                                                 'order': 'desc'}


def test_query_typed_default_of_a_single_param():
    # ARCHITECTURE rule 8: defaults live in the schema, written as the
    # value the handler gets.  voluptuous runs the validator on the
    # default too, so SingleQueryParam must accept an already typed value
    # instead of failing on len(10) (a TypeError, i.e. a 500).
    schema = {vol.Optional('limit', default=10): validation.SingleQueryParam(
        validation.integer(minimum=1))}
    with _app().test_request_context('/x'):
        assert validation.query(schema)(_echo)() == {'limit': 10}


def test_query_unknown_parameter_is_named():
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_query('limit=3&colour=red')
    assert info.value.status == 400
    assert 'Unknown query parameter' in info.value.detail
    assert "'colour'" in info.value.detail
    assert info.value.extra == {'parameter': 'colour'}


@pytest.mark.parametrize('query_string, name, reason', [
    ('enabled=maybe', 'enabled', 'expected a boolean'),
    ('limit=0', 'limit', 'must be at least 1'),
    ('limit=x', 'limit', 'expected an integer'),
    ('limit=1&limit=2', 'limit', 'must be given once'),
])
def test_query_invalid_value_names_parameter_and_reason(query_string, name,
                                                        reason):
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_query(query_string)
    detail = info.value.detail
    assert 'Invalid query parameter %r' % name in detail
    assert reason in detail
    assert info.value.extra == {'parameter': name}


def test_query_missing_required_parameter():
    schema = {vol.Required('begin'): validation.SingleQueryParam(
        validation.iso_datetime)}
    with _app().test_request_context('/x'):
        with pytest.raises(exceptions.InvalidInput) as info:
            validation.query(schema)(_echo)()
    assert info.value.detail == "Missing required query parameter 'begin'."


def test_query_repeating_a_path_kwarg_must_agree():
    assert _call_query('module_id=noop', module_id='noop') == {
        'module_id': 'noop', 'order': 'asc'}
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_query('module_id=hashmap', module_id='noop')
    assert "'module_id'" in info.value.detail
    assert "'noop'" in info.value.detail
    assert "'hashmap'" in info.value.detail


PATH = {vol.Required('scope_id'): validation.text(3)}


def _call_path(query_string='', **path):
    handler = validation.path(PATH)(validation.query(QUERY)(_echo))
    with _app().test_request_context('/x', query_string=query_string):
        return handler(**path)


def test_path_passes_valid_parameters_and_the_query():
    assert _call_path('limit=2', scope_id='p1') == {
        'scope_id': 'p1', 'limit': 2, 'order': 'asc'}


@pytest.mark.parametrize('value, reason', [
    ('p\x001', 'must not contain NUL characters'),
    ('abcd', 'must be at most 3 characters long')])
def test_path_invalid_value_names_parameter_and_reason(value, reason):
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_path(scope_id=value)
    assert info.value.detail == (
        "Invalid path parameter 'scope_id': %s." % reason)
    assert info.value.extra == {'parameter': 'scope_id'}


def test_body_gives_typed_kwargs_and_schema_defaults():
    assert _call_body('{"name": "n"}') == {'name': 'n', 'priority': 1}
    assert _call_body('{"name": "n", "priority": "5"}') == {
        'name': 'n', 'priority': 5}


def test_body_accepts_a_charset_parameter():
    assert _call_body('{"name": "n"}',
                      content_type='application/json; charset=utf-8') == {
        'name': 'n', 'priority': 1}


@pytest.mark.parametrize('data', ['{"name": ', 'name=n', '\xff', "{'a': 1}"])
def test_body_not_json(data):
    with pytest.raises(exceptions.InvalidJSON) as info:
        _call_body(data.encode('latin-1'))
    assert info.value.status == 400
    assert info.value.code == 'rating.invalid-json'


@pytest.mark.parametrize('data', [None, b'', b'  \n'])
def test_body_missing(data):
    with pytest.raises(exceptions.InvalidJSON):
        _call_body(data)


@pytest.mark.parametrize('data', ['[]', '[{"name": "n"}]', '"n"', '1',
                                  'null'])
def test_body_must_be_an_object(data):
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_body(data)
    assert type(info.value) is exceptions.InvalidInput
    assert 'JSON object' in info.value.detail


@pytest.mark.parametrize('content_type', [
    'text/plain', 'application/x-www-form-urlencoded', 'application/xml'])
def test_body_wrong_content_type(content_type):
    with pytest.raises(exceptions.UnsupportedMediaType) as info:
        _call_body('{"name": "n"}', content_type=content_type)
    assert info.value.status == 415
    assert content_type in info.value.detail


def test_body_unknown_and_missing_fields():
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_body('{"name": "n", "colour": "red"}')
    assert info.value.detail == "Unknown body parameter 'colour'."
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_body('{"priority": 2}')
    assert info.value.detail == "Missing required body parameter 'name'."
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_body('{"name": "n", "priority": 0}')
    assert "Invalid body parameter 'priority'" in info.value.detail


def test_body_repeating_a_path_kwarg_must_agree():
    assert _call_body('{"name": "n", "module_id": "noop"}',
                      module_id='noop') == {
        'name': 'n', 'priority': 1, 'module_id': 'noop'}
    with pytest.raises(exceptions.InvalidInput) as info:
        _call_body('{"name": "n", "module_id": "x"}', module_id='noop')
    assert info.value.extra == {'parameter': 'module_id'}


RESPONSE = {vol.Required('n'): int}


def _respond(value, strict):
    handler = validation.response(RESPONSE)(lambda: value)
    with _app(strict).test_request_context('/things'):
        return handler()


@pytest.mark.parametrize('value', [{'n': 1}, ({'n': 1}, 200),
                                   ({'n': 1}, 201, {'X': 'y'})])
@pytest.mark.parametrize('strict', [True, False])
def test_response_passes_a_matching_payload_through(value, strict):
    assert _respond(value, strict) == value


@pytest.mark.parametrize('value', [{'n': 'x'}, ({'m': 1}, 200)])
def test_response_mismatch_is_an_error_in_strict_mode(value):
    with pytest.raises(exceptions.RatingError) as info:
        _respond(value, strict=True)
    assert info.value.status == 500
    assert '/things' in info.value.detail


@pytest.mark.parametrize('value', [{'n': 'x'}, ({'m': 1}, 200)])
def test_response_mismatch_only_logs_otherwise(value, caplog):
    with caplog.at_level(logging.WARNING, logger=validation.__name__):
        assert _respond(value, strict=False) == value
    messages = [r.getMessage() for r in caplog.records
                if r.levelno == logging.WARNING]
    assert len(messages) == 1
    assert '/things' in messages[0]
    assert 'does not match its schema' in messages[0]


# -- defaults live in the schema only --------------------------------------

def test_defaults_fill_in_what_was_left_out_after_validation():
    schema = vol.Schema(vol.All({vol.Optional('on'): validation.boolean},
                                validation.defaults(on=None)))
    assert schema({}) == {'on': None}
    assert schema({'on': 'yes'}) == {'on': True}
    # An explicit null is still refused: only leaving it out means None.
    with pytest.raises(vol.Invalid):
        schema({'on': None})


HANDLERS = [
    (version.VERSION.path + route.path, resource.__name__, method, handler)
    for version in (v1, v2) for route in version.ROUTES
    for resource in [route.resource]
    for method in ('get', 'post', 'put', 'patch', 'delete')
    for handler in [getattr(resource, method, None)] if handler]


@pytest.mark.parametrize('path, resource, method, handler', HANDLERS,
                         ids=['%s %s' % (method.upper(), path)
                              for path, _, method, _ in HANDLERS])
def test_no_handler_parameter_has_a_default(path, resource, method,
                                            handler):
    # inspect.signature follows functools.wraps to the handler itself.
    defaulted = [
        name for name, parameter in inspect.signature(
            handler).parameters.items()
        if parameter.default is not inspect.Parameter.empty]
    assert not defaulted, (
        '%s.%s has defaults for %s: give them to its schema (ARCHITECTURE '
        'rule 8)' % (resource, method, ', '.join(defaulted)))
