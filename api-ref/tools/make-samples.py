#!/usr/bin/env python3
"""Regenerate the JSON samples of the api-ref from the real application.

Every sample under ``api-ref/source/samples/`` is the body of a request sent
to, or a response received from, ratingapi itself: the app is built
in-process (noauth, a throw-away SQLite database, public URL
``http://127.0.0.1:8889``) and driven with Werkzeug's test client.  Nothing
here is written by hand except the request bodies, and those are sent to
the app too, so a request sample that the server would refuse cannot be
published.

Usage::

    python api-ref/tools/make-samples.py            # rewrite the samples
    python api-ref/tools/make-samples.py --check    # exit 1 if any is stale

Run it with an interpreter that can import ratingapi and its dependencies
(the project's test environment).  The only value that changes from one
run to the next, the ``request_id`` of error documents, is replaced by a
fixed one before writing.  A test can run ``--check`` (or call
:func:`generate` and :func:`check`) to prove the docs still match the code.
"""
import argparse
import difflib
import json
import logging
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SAMPLES_DIR = os.path.join(REPO, 'api-ref', 'source', 'samples')

PUBLIC_URL = 'http://127.0.0.1:8889'
# Stands in for the random X-OpenStack-Request-Id in error documents.
FIXED_REQUEST_ID = 'req-00000000-0000-4000-8000-000000000000'

V2_HEADERS = {'OpenStack-API-Version': 'rating 2.0'}


class Call:
    """One request to the app and the sample files it produces."""

    def __init__(self, method, path, status, response=None, request=None,
                 body=None, headers=None):
        self.method = method
        self.path = path
        self.status = status
        self.response = response    # file name for the response body
        self.request = request      # file name for the request body
        self.body = body            # request body (a JSON-able object)
        self.headers = headers or {}


# In order: the GETs run against the registered defaults, the updates come
# after them, and the error samples come last.
CALLS = (
    # Discovery.
    Call('GET', '/', 300, response='versions/versions-list-response.json'),
    Call('GET', '/v1/', 200,
         response='versions/v1-version-show-response.json'),
    Call('GET', '/v2/', 200, headers=V2_HEADERS,
         response='versions/v2-version-show-response.json'),
    Call('GET', '/v1/capabilities', 200,
         response='versions/v1-capabilities-response.json'),
    Call('GET', '/v2/capabilities', 200, headers=V2_HEADERS,
         response='versions/v2-capabilities-response.json'),
    # v2 rating modules.
    Call('GET', '/v2/rating/modules', 200, headers=V2_HEADERS,
         response='v2/modules-list-response.json'),
    Call('GET', '/v2/rating/modules/hashmap', 200, headers=V2_HEADERS,
         response='v2/module-show-response.json'),
    Call('PUT', '/v2/rating/modules/hashmap', 204, headers=V2_HEADERS,
         request='v2/module-update-request.json',
         body={'enabled': True, 'priority': 2}),
    # v1 rating modules (hashmap is enabled by the v2 update above).
    Call('GET', '/v1/rating/modules', 200,
         response='v1/modules-list-response.json'),
    Call('GET', '/v1/rating/modules/hashmap', 200,
         response='v1/module-show-response.json'),
    Call('PUT', '/v1/rating/modules/noop', 200,
         request='v1/module-update-request.json',
         response='v1/module-update-response.json',
         body={'module_id': 'noop', 'enabled': False, 'priority': 3}),
    # Errors: both dialects.
    Call('GET', '/v2/', 406,
         headers={'OpenStack-API-Version': 'rating 2.99'},
         response='errors/microversion-unsupported-response.json'),
    Call('GET', '/v2/', 400,
         headers={'OpenStack-API-Version': 'rating 2.x'},
         response='errors/microversion-invalid-response.json'),
    Call('GET', '/v2/rating/modules/pyscripts', 404, headers=V2_HEADERS,
         response='errors/v2-not-found-response.json'),
    Call('GET', '/v1/rating/modules/pyscripts', 404,
         response='errors/v1-not-found-response.json'),
)


def _dump(document):
    return json.dumps(document, indent=4, ensure_ascii=False) + '\n'


def _normalise(document):
    """Replace the values that differ between runs by fixed ones."""
    if isinstance(document, dict):
        return {key: (FIXED_REQUEST_ID if key == 'request_id'
                      else _normalise(value))
                for key, value in document.items()}
    if isinstance(document, list):
        return [_normalise(item) for item in document]
    return document


def _make_client(workdir):
    sys.path.insert(0, REPO)
    from oslo_config import cfg
    import werkzeug.test

    from ratingapi import app
    from ratingapi import conf as rconf
    from ratingapi.storage import migration

    url = 'sqlite:///%s' % os.path.join(workdir, 'samples.sqlite')
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    rconf.parse_args(conf, [], default_config_files=[])
    conf.set_override('auth_strategy', 'noauth')
    conf.set_override('connection', url, 'database')
    conf.set_override('public_url', PUBLIC_URL, 'api')
    # A response that breaks its schema, or a 2xx that checked no policy,
    # must not become a sample.
    conf.set_override('strict_checks', True, 'api')
    migration.upgrade(url)
    return werkzeug.test.Client(app.create_app(conf))


def generate():
    """Run every call against a fresh app; return ``{relpath: text}``."""
    # The noauth warning is expected here; keep the output readable.
    logging.getLogger('ratingapi').setLevel(logging.ERROR)
    samples = {}
    with tempfile.TemporaryDirectory(prefix='ratingapi-samples-') as tmp:
        client = _make_client(tmp)
        for call in CALLS:
            kwargs = {'method': call.method, 'headers': dict(call.headers),
                      'base_url': PUBLIC_URL}
            if call.body is not None:
                kwargs['data'] = json.dumps(call.body)
                kwargs['content_type'] = 'application/json'
                samples[call.request] = _dump(call.body)
            resp = client.open(call.path, **kwargs)
            text = resp.get_data(as_text=True)
            if resp.status_code != call.status:
                raise SystemExit('%s %s answered %d, expected %d: %s' % (
                    call.method, call.path, resp.status_code, call.status,
                    text))
            if call.response:
                samples[call.response] = _dump(
                    _normalise(json.loads(text)))
            elif text:
                raise SystemExit('%s %s answered a body, expected none: %s'
                                 % (call.method, call.path, text))
    return samples


def _on_disk(directory):
    found = {}
    for base, _dirs, files in os.walk(directory):
        for name in files:
            if name.endswith('.json'):
                path = os.path.join(base, name)
                with open(path, encoding='utf-8') as stream:
                    found[os.path.relpath(path, directory)] = stream.read()
    return found


def check(samples, directory):
    """Differences between ``samples`` and ``directory``, as text lines."""
    current = _on_disk(directory)
    problems = []
    for name in sorted(set(samples) | set(current)):
        if name not in current:
            problems.append('missing: %s' % name)
        elif name not in samples:
            problems.append('not generated by this script: %s' % name)
        elif samples[name] != current[name]:
            problems.append('stale: %s' % name)
            problems.extend(difflib.unified_diff(
                current[name].splitlines(), samples[name].splitlines(),
                'on disk', 'from the app', lineterm=''))
    return problems


def write(samples, directory):
    for name, text in sorted(samples.items()):
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as stream:
            stream.write(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', action='store_true',
                        help='compare with the samples on disk and exit 1 '
                             'when any differs, instead of writing them')
    parser.add_argument('--output', default=SAMPLES_DIR,
                        help='samples directory (default: %(default)s)')
    args = parser.parse_args(argv)
    samples = generate()
    if args.check:
        problems = check(samples, args.output)
        for line in problems:
            print(line)
        if problems:
            print('api-ref samples are out of date: run '
                  'api-ref/tools/make-samples.py')
            return 1
        print('%d api-ref samples match the application' % len(samples))
        return 0
    write(samples, args.output)
    print('wrote %d samples under %s' % (len(samples), args.output))
    return 0


if __name__ == '__main__':
    sys.exit(main())
