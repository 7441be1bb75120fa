"""The one error path: any exception → one JSON document per dialect."""
import json
import logging
import re

import pytest
import werkzeug.exceptions
from werkzeug import test as wtest

from ratingapi.api import errors
from ratingapi import exceptions

HELP = 'https://docs.example.com/ratingapi/errors'
CODE_RE = re.compile(r'^rating\.[a-z0-9._-]+$')


def _all_error_classes():
    found, todo = [], [exceptions.RatingError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize('cls', _all_error_classes(),
                         ids=lambda cls: cls.__name__)
def test_every_error_class_has_a_wire_identity(cls):
    assert CODE_RE.match(cls.code)
    assert 400 <= cls.status < 600
    assert cls.title
    assert cls().detail == cls.title


def test_error_codes_are_unique():
    codes = [cls.code for cls in _all_error_classes()]
    assert len(codes) == len(set(codes))


def test_rating_error_is_returned_as_is():
    error = exceptions.Conflict('taken', headers=[('X-A', 'b')], what='x')
    assert errors.to_rating_error(error) is error


@pytest.mark.parametrize('exc, cls', [
    (werkzeug.exceptions.BadRequest(), exceptions.InvalidInput),
    (werkzeug.exceptions.Unauthorized(), exceptions.Unauthorized),
    (werkzeug.exceptions.Forbidden(), exceptions.Forbidden),
    (werkzeug.exceptions.NotFound(), exceptions.UriNotFound),
    (werkzeug.exceptions.Conflict(), exceptions.Conflict),
    (werkzeug.exceptions.RequestEntityTooLarge(),
     exceptions.RequestTooLarge),
    (werkzeug.exceptions.UnsupportedMediaType(),
     exceptions.UnsupportedMediaType),
])
def test_werkzeug_errors_map_by_status(exc, cls):
    error = errors.to_rating_error(exc)
    assert type(error) is cls
    assert error.status == exc.code
    assert error.detail == exc.description
    assert error.headers == []


def test_not_found_keeps_its_description():
    error = errors.to_rating_error(werkzeug.exceptions.NotFound('gone'))
    assert (error.status, error.code, error.detail) == (
        404, 'rating.uri-not-found', 'gone')


def test_method_not_allowed_keeps_a_sorted_allow_header():
    exc = werkzeug.exceptions.MethodNotAllowed(
        valid_methods=['PUT', 'GET', 'HEAD', 'DELETE'])
    error = errors.to_rating_error(exc)
    assert type(error) is exceptions.MethodNotAllowed
    assert error.status == 405
    assert error.headers == [('Allow', 'DELETE, GET, HEAD, PUT')]


def test_method_not_allowed_without_valid_methods():
    # flask.abort(405) raises MethodNotAllowed(valid_methods=None); the
    # renderer must still give a 405, not crash on sorted(None).
    error = errors.to_rating_error(werkzeug.exceptions.MethodNotAllowed())
    assert error.status == 405
    assert error.code == 'rating.method-not-allowed'


def test_unknown_http_status_keeps_status_and_name():
    error = errors.to_rating_error(werkzeug.exceptions.ImATeapot())
    assert isinstance(error, exceptions.RatingError)
    assert error.status == 418
    assert error.code == 'rating.http-418'
    assert error.title == "I'm a teapot"
    assert CODE_RE.match(error.code)
    # The class attributes are untouched.
    assert exceptions.RatingError.status == 500
    assert exceptions.RatingError.code == 'rating.internal-error'


def test_werkzeug_internal_server_error_has_the_internal_error_code():
    # Flask raises InternalServerError itself (abort(500), or an error
    # handler that failed): one meaning, one published code.
    error = errors.to_rating_error(werkzeug.exceptions.InternalServerError())
    assert error.status == 500
    assert error.code == exceptions.RatingError.code


def test_unexpected_exception_is_a_500_that_leaks_nothing(caplog):
    secret = 'password=hunter2 at /srv/secret/path.py'
    with caplog.at_level(logging.ERROR, logger=errors.__name__):
        try:
            raise KeyError(secret)
        except KeyError as exc:
            error = errors.to_rating_error(exc)
    assert type(error) is exceptions.RatingError
    assert error.status == 500
    assert error.code == 'rating.internal-error'
    assert 'hunter2' not in error.detail
    assert 'KeyError' not in error.detail
    assert 'request id' in error.detail
    # ... but the log has it, with its traceback.
    records = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is KeyError
    assert 'hunter2' in caplog.text


def test_sig_document_shape():
    error = exceptions.UnsupportedMicroversion(
        'Version 2.9 is not supported.', min_version='2.0',
        max_version='2.3')
    document = errors.sig_document(error, 'req-1', HELP)
    assert document == {
        'errors': [{
            'status': 406,
            'code': 'rating.microversion-unsupported',
            'title': 'Requested microversion is unsupported',
            'detail': 'Version 2.9 is not supported.',
            'links': [{'rel': 'help', 'href': HELP +
                       '#rating.microversion-unsupported'}],
            'request_id': 'req-1',
            'min_version': '2.0',
            'max_version': '2.3',
        }],
        'message': 'Version 2.9 is not supported.',
    }


def test_sig_document_without_request_id():
    item = errors.sig_document(exceptions.NotFound(), None, HELP)['errors'][0]
    assert 'request_id' not in item
    assert item['detail'] == exceptions.NotFound.title


@pytest.mark.parametrize('error, faultcode', [
    (exceptions.InvalidInput('bad'), 'Client'),
    (exceptions.NotFound('bad'), 'Client'),
    (exceptions.RequestTooLarge('bad'), 'Client'),
    (exceptions.RatingError('bad'), 'Server'),
])
def test_legacy_document_shape(error, faultcode):
    assert errors.legacy_document(error) == {
        'faultcode': faultcode, 'faultstring': 'bad', 'debuginfo': None}


def _render(exc, dialect, environ=None):
    response = errors.response(exc, dialect, environ or {}, HELP)
    return response, json.loads(response.get_data())


def test_response_sig():
    environ = {errors.REQUEST_ID_ENV: 'req-abc'}
    response, body = _render(
        exceptions.Unauthorized('who?', headers=[('WWW-Authenticate',
                                                  'Keystone')]),
        errors.SIG, environ)
    assert response.status_code == 401
    assert response.mimetype == 'application/json'
    assert response.headers['WWW-Authenticate'] == 'Keystone'
    item = body['errors'][0]
    assert item['status'] == response.status_code
    assert item['request_id'] == 'req-abc'
    assert item['code'] == 'rating.unauthorized'
    assert body['message'] == 'who?'


def test_response_legacy():
    response, body = _render(exceptions.NotFound('no such module'),
                             errors.LEGACY, {errors.REQUEST_ID_ENV: 'req-x'})
    assert response.status_code == 404
    assert response.mimetype == 'application/json'
    assert body == {'faultcode': 'Client', 'faultstring': 'no such module',
                    'debuginfo': None}


def test_response_from_a_werkzeug_error_keeps_allow():
    response, body = _render(
        werkzeug.exceptions.MethodNotAllowed(valid_methods=['GET', 'HEAD']),
        errors.SIG)
    assert response.status_code == 405
    assert response.headers['Allow'] == 'GET, HEAD'
    assert body['errors'][0]['code'] == 'rating.method-not-allowed'


def test_response_is_a_wsgi_app():
    response = errors.response(exceptions.Forbidden('no'), errors.SIG, {},
                               HELP)
    result = wtest.Client(response).get('/')
    assert result.status_code == 403
    assert result.json['errors'][0]['detail'] == 'no'


@pytest.mark.parametrize('path, legacy, vary', [
    ('/v1', True, False),
    ('/v1/', True, False),
    ('/v1/rating/modules', True, False),
    ('/v10', False, False),
    ('/v10/x', False, False),
    ('/v1x', False, False),
    ('/v2', False, True),
    ('/v2/', False, True),
    ('/v2/v1/', False, True),
    ('/v20/x', False, False),
    ('/', False, False),
    ('', False, False),
    ('/healthcheck', False, False),
])
def test_middleware_response_takes_the_dialect_of_the_path(path, legacy,
                                                           vary):
    environ = {'PATH_INFO': path, errors.REQUEST_ID_ENV: 'req-9'}
    response = errors.middleware_response(
        exceptions.RequestTooLarge('big'), environ, HELP)
    body = json.loads(response.get_data())
    assert response.status_code == 413
    if legacy:
        assert body == {'faultcode': 'Client', 'faultstring': 'big',
                        'debuginfo': None}
    else:
        assert body['errors'][0]['code'] == 'rating.request-too-large'
        assert body['errors'][0]['request_id'] == 'req-9'
    assert ('OpenStack-API-Version' in response.vary) is vary
