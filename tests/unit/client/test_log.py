"""Redaction and the fields of the SDK's log records."""
import json
import logging

import httpx

from ratingapi.client import log


def test_logger_is_silent_by_default():
    logger = logging.getLogger('ratingapi.client')
    assert logger is log.LOG
    assert any(isinstance(handler, logging.NullHandler)
               for handler in logger.handlers)


def test_redact_headers():
    headers = httpx.Headers([('X-Auth-Token', 'secret'),
                             ('x-subject-token', 'secret2'),
                             ('Authorization', 'Basic abc'),
                             ('Accept', 'application/json')])
    assert log.redact_headers(headers) == [
        ('x-auth-token', '***'), ('x-subject-token', '***'),
        ('authorization', '***'), ('accept', 'application/json')]


def test_redact_a_keystone_password_body():
    body = {'auth': {'identity': {'methods': ['password'], 'password': {
        'user': {'name': 'admin', 'domain': {'id': 'default'},
                 'password': 's3cret'}}}}}
    redacted = log.redact(body)
    assert redacted['auth']['identity']['password']['user'] == {
        'name': 'admin', 'domain': {'id': 'default'}, 'password': '***'}
    assert redacted['auth']['identity']['methods'] == ['password']


def test_redact_tokens_and_secrets():
    assert log.redact({'token': 'abc', 'access_token': 'x',
                       'client_secret': 'y', 'credential': 'z',
                       'items': [{'Password': 1}], 'name': 'n'}) == {
        'token': '***', 'access_token': '***', 'client_secret': '***',
        'credential': '***', 'items': [{'Password': '***'}], 'name': 'n'}


def test_body_text():
    text = log.body_text(json.dumps({'password': 'p', 'a': 1}).encode())
    assert text == '{"a": 1, "password": "***"}'
    assert log.body_text(b'') == ''
    assert log.body_text(b'\x00\x01 not json', 'application/octet-stream') \
        == '<11 bytes of application/octet-stream>'
    long = log.body_text(json.dumps({'a': 'x' * 10000}).encode())
    assert len(long) == log.MAX_BODY + 3


def test_fields():
    assert log.fields(cid='req-1', status=200) == {
        'cid': 'req-1', 'baseurl': None, 'method': None, 'endpoint': None,
        'url': None, 'status': 200, 'elapsed': None}
