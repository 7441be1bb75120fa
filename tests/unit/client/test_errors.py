"""Error answers → the exception tree, in every dialect."""
import json

import httpx
import pytest

from ratingapi.client import errors

RID = 'req-11111111-2222-3333-4444-555555555555'


def answer(status, body=None, content=None, headers=()):
    request = httpx.Request('GET', 'http://h/v2/rating/modules/x')
    if body is not None:
        content = json.dumps(body).encode()
    return httpx.Response(status, content=content or b'', request=request,
                          headers=list(headers))


def sig(status, code, detail, **extra):
    item = {'status': status, 'code': code, 'title': 'Title %d' % status,
            'detail': detail, 'request_id': RID,
            'links': [{'rel': 'help', 'href': 'https://docs/#' + code}]}
    item.update(extra)
    return {'errors': [item], 'message': detail}


@pytest.mark.parametrize('status,cls', [
    (400, errors.BadRequest), (401, errors.Unauthorized),
    (403, errors.Forbidden), (404, errors.NotFound),
    (405, errors.MethodNotAllowed), (406, errors.NotAcceptable),
    (409, errors.Conflict), (413, errors.RequestTooLarge),
    (415, errors.UnsupportedMediaType), (418, errors.HTTPError),
    (500, errors.ServerError), (503, errors.ServerError),
    (300, errors.RedirectRefused), (307, errors.RedirectRefused)])
def test_class_by_status(status, cls):
    error = errors.from_response(answer(status, sig(status, 'rating.x',
                                                    'it failed')))
    assert type(error) is cls
    assert isinstance(error, errors.HTTPError)
    assert isinstance(error, errors.RatingClientError)
    assert error.status == status


def test_sig_document():
    response = answer(404, sig(404, 'rating.not-found', "Module 'x' not "
                               "found."))
    error = errors.from_response(response)
    assert (error.status, error.code, error.title, error.detail,
            error.request_id) == (404, 'rating.not-found', 'Title 404',
                                  "Module 'x' not found.", RID)
    assert error.response is response
    assert len(error.errors) == 1
    assert str(error) == ("404 rating.not-found: Module 'x' not found. "
                          "(GET http://h/v2/rating/modules/x, request %s)"
                          % RID)


def test_sig_extra_members():
    error = errors.from_response(answer(406, sig(
        406, 'rating.microversion-unsupported', 'Version 2.9 is not '
        'supported', min_version='2.0', max_version='2.3')))
    assert isinstance(error, errors.NotAcceptable)
    assert (error.min_version, error.max_version) == ('2.0', '2.3')
    assert error.extra == {'min_version': '2.0', 'max_version': '2.3'}


def test_v1_fault_body():
    error = errors.from_response(answer(
        404, {'faultcode': 'Client', 'faultstring': "Module 'x' not found.",
              'debuginfo': None},
        headers=[('X-OpenStack-Request-Id', RID)]))
    assert isinstance(error, errors.NotFound)
    assert (error.code, error.title, error.detail, error.request_id) == (
        None, 'Not Found', "Module 'x' not found.", RID)


def test_keystone_body():
    error = errors.from_response(answer(401, {'error': {
        'code': 401, 'title': 'Unauthorized',
        'message': 'The request you have made requires authentication.'}}))
    assert isinstance(error, errors.Unauthorized)
    assert error.detail == ('The request you have made requires '
                            'authentication.')


def test_plain_message_body():
    error = errors.from_response(answer(404, {'message': 'not under /x'}))
    assert error.detail == 'not under /x'


@pytest.mark.parametrize('content,detail', [
    (b'<html>Bad gateway</html>', '<html>Bad gateway</html>'),
    (b'', 'Bad Gateway'),
    (b'[1, 2]', '[1, 2]')], ids=['html', 'empty', 'json-list'])
def test_bodies_without_an_error_document(content, detail):
    error = errors.from_response(answer(502, content=content))
    assert isinstance(error, errors.ServerError)
    assert error.detail == detail and error.code is None


def test_explicit_class():
    error = errors.from_response(answer(401, {}),
                                 cls=errors.AuthenticationFailed)
    assert isinstance(error, errors.Unauthorized)


def test_raise_for_response():
    errors.raise_for_response(answer(204))
    errors.raise_for_response(answer(300, {}), accept=(200, 300))
    with pytest.raises(errors.RedirectRefused):
        errors.raise_for_response(answer(300, {}))
    with pytest.raises(errors.NotFound):
        errors.raise_for_response(answer(404, {}), accept=(200, 300))
