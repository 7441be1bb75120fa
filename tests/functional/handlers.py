"""A gabbi response handler for ratingapi's error documents.

gabbi's substitutions (``$HEADERS``, ``$RESPONSE``) only reach *earlier*
responses, so plain YAML cannot say "the body's request_id equals this
response's X-OpenStack-Request-Id header".  This handler adds the key
``response_error_document`` that checks one response against the whole
contract of its wire dialect::

    response_error_document:
      dialect: sig                  # root and v2 (API-SIG errors)
      code: rating.forbidden        # optional: the exact code
      detail: /priority/            # optional: text or /regex/ in detail

``sig`` (root and v2)::

    {"errors": [{"status": <HTTP status>, "code": "rating.<...>",
                 "title": "...", "detail": "...",
                 "request_id": <X-OpenStack-Request-Id header>,
                 "links": [{"rel": "help", "href": "http(s)://..."}],
                 ...}],
     "message": <errors[0].detail>}

``legacy`` (v1, CloudKitty's fault body)::

    {"faultcode": "Client" (4xx) or "Server" (5xx),
     "faultstring": "...", "debuginfo": null}

Both dialects must be served as ``application/json`` (never HTML).
"""
import json
import re

from gabbi.handlers import base

DIALECTS = ('sig', 'legacy')
CODE_RE = re.compile(r'^rating\.[a-z0-9._-]+$')
REQUEST_ID_RE = re.compile(r'^req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$')
HELP_HREF_RE = re.compile(r'^https?://[^/\s]+/\S*$')
OPTIONS = ('dialect', 'code', 'detail')


class ErrorDocumentHandler(base.ResponseHandler):

    test_key_suffix = 'error_document'
    test_key_value = {}

    def __call__(self, test):
        spec = test.test_data[self._key]
        if not spec:
            return
        if not isinstance(spec, dict) or spec.get('dialect') not in DIALECTS:
            raise AssertionError(
                '%s needs a dialect, one of %s' % (self._key, DIALECTS))
        unknown = set(spec) - set(OPTIONS)
        if unknown:
            raise AssertionError('%s: unknown keys %s' % (
                self._key, sorted(unknown)))
        status = int(test.response['status'])
        content_type = test.response.get('content-type', '')
        test.assertEqual('application/json',
                         content_type.split(';')[0].strip(),
                         'error served as %r, not JSON' % content_type)
        try:
            body = json.loads(test.output)
        except ValueError:
            raise AssertionError('error body is not JSON: %r' % test.output)
        test.assertIsInstance(body, dict, 'error body is not an object')
        if spec['dialect'] == 'sig':
            detail = self._check_sig(test, body, status, spec.get('code'))
        else:
            detail = self._check_legacy(test, body, status)
        expected = spec.get('detail')
        if expected is not None:
            self._check_detail(test, str(expected), detail)

    def _check_sig(self, test, body, status, code):
        test.assertEqual({'errors', 'message'}, set(body),
                         'top-level keys of an errors document')
        errors = body['errors']
        test.assertIsInstance(errors, list)
        test.assertTrue(errors, 'errors list is empty')
        item = errors[0]
        test.assertEqual(status, item.get('status'),
                         'errors[0].status differs from the HTTP status')
        test.assertRegex(str(item.get('code')), CODE_RE)
        if code is not None:
            test.assertEqual(code, item['code'])
        for key in ('title', 'detail'):
            test.assertIsInstance(item.get(key), str, key)
            test.assertTrue(item[key].strip(), '%s is empty' % key)
        header = test.response.get('x-openstack-request-id')
        test.assertIsNotNone(header, 'no X-OpenStack-Request-Id header')
        test.assertRegex(header, REQUEST_ID_RE)
        test.assertEqual(header, item.get('request_id'),
                         'request_id differs from X-OpenStack-Request-Id')
        helps = [link for link in item.get('links') or []
                 if link.get('rel') == 'help']
        test.assertTrue(helps, 'no help link in errors[0].links')
        for link in helps:
            test.assertRegex(str(link.get('href')), HELP_HREF_RE)
        test.assertEqual(item['detail'], body['message'],
                         'message differs from errors[0].detail')
        return item['detail']

    def _check_legacy(self, test, body, status):
        test.assertEqual({'faultcode', 'faultstring', 'debuginfo'},
                         set(body), 'keys of a v1 fault body')
        test.assertEqual('Client' if status < 500 else 'Server',
                         body['faultcode'])
        test.assertIsInstance(body['faultstring'], str)
        test.assertTrue(body['faultstring'].strip(), 'faultstring is empty')
        test.assertIsNone(body['debuginfo'])
        return body['faultstring']

    def _check_detail(self, test, expected, detail):
        if self.is_regex(expected):
            test.assertRegex(detail, expected[1:-1])
        else:
            test.assertEqual(expected, detail)
