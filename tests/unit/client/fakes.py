"""Hand-written stand-ins for servers outside our process: a Keystone
(v3 password tokens, revocation, a catalog) and a tiny token-checking
rating service, both answering httpx requests."""
import datetime
import json

import httpx

KEYSTONE = 'http://keystone.example/v3'
RATING = 'http://rating.example/'
PASSWORD = 's3cret'
START = datetime.datetime(2030, 1, 1, 12, 0, 0,
                          tzinfo=datetime.timezone.utc)


def catalog(rating_url=RATING):
    return [
        {'type': 'identity', 'name': 'keystone', 'id': 'k1', 'endpoints': [
            {'interface': 'public', 'region_id': 'RegionOne',
             'region': 'RegionOne', 'url': KEYSTONE, 'id': 'e1'}]},
        {'type': 'rating', 'name': 'ratingapi', 'id': 'r1', 'endpoints': [
            {'interface': 'public', 'region_id': 'RegionOne',
             'region': 'RegionOne', 'url': rating_url, 'id': 'e2'},
            {'interface': 'internal', 'region_id': 'RegionOne',
             'region': 'RegionOne', 'url': 'http://internal.example/',
             'id': 'e3'},
            {'interface': 'public', 'region_id': 'RegionTwo',
             'region': 'RegionTwo', 'url': 'http://two.example/',
             'id': 'e4'}]},
    ]


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


def _json(status, body, headers=()):
    return httpx.Response(status, headers=list(headers),
                          content=json.dumps(body).encode())


class Keystone:
    """POST/DELETE /v3/auth/tokens; tokens live ``ttl`` seconds."""

    def __init__(self, clock, ttl=3600, rating_url=RATING):
        self.clock = clock
        self.ttl = ttl
        self.rating_url = rating_url
        self.valid = {}             # token -> expires_at
        self.requests = []
        self.issued = 0

    def logins(self):
        return [r for r in self.requests if r.method == 'POST']

    def handle(self, request):
        self.requests.append(request)
        if request.url.path != '/v3/auth/tokens':
            return _json(404, {'error': {'code': 404, 'title': 'Not Found',
                                         'message': 'no such thing'}})
        if request.method == 'DELETE':
            if self.valid.pop(request.headers.get('X-Subject-Token'),
                              None) is None:
                return _json(404, {'error': {'code': 404, 'message': 'x',
                                             'title': 'Not Found'}})
            return httpx.Response(204)
        body = json.loads(request.content)
        user = body['auth']['identity']['password']['user']
        if user.get('password') != PASSWORD:
            refusal = {'error': {
                'code': 401, 'title': 'Unauthorized',
                'message': 'The request you have made requires '
                           'authentication.'}}
            return _json(401, refusal, headers=[
                ('WWW-Authenticate', 'Keystone uri="%s"' % KEYSTONE)])
        self.issued += 1
        token = 'gAAAA-token-%d' % self.issued
        expires = self.clock() + datetime.timedelta(seconds=self.ttl)
        self.valid[token] = expires
        scope = body['auth'].get('scope', {}).get('project', {})
        return _json(201, {'token': {
            'methods': ['password'],
            'user': {'id': 'u1', 'name': user.get('name'),
                     'domain': {'id': 'default', 'name': 'Default'}},
            'project': {'id': 'p1', 'name': scope.get('name'),
                        'domain': {'id': 'default', 'name': 'Default'}},
            'roles': [{'id': 'r1', 'name': 'admin'},
                      {'id': 'r2', 'name': 'reader'}],
            'expires_at': expires.strftime('%Y-%m-%dT%H:%M:%S.000000Z'),
            'issued_at': self.clock().strftime('%Y-%m-%dT%H:%M:%S.000000Z'),
            'catalog': catalog(self.rating_url)}},
            headers=[('X-Subject-Token', token)])

    def is_valid(self, token):
        expires = self.valid.get(token)
        return expires is not None and self.clock() < expires

    def revoke_all(self):
        self.valid.clear()


def versions(root):
    return {'versions': [{
        'id': 'v2.0', 'status': 'CURRENT', 'min_version': '2.0',
        'max_version': '2.0', 'version': '2.0',
        'links': [{'rel': 'self', 'href': root + 'v2/'},
                  {'rel': 'collection', 'href': root}]}]}


class Rating:
    """A rating service stand-in whose modules list needs a valid token."""

    def __init__(self, keystone, root=RATING):
        self.keystone = keystone
        self.root = root
        self.requests = []

    def handle(self, request):
        # A snapshot: the client may send the same object again.
        self.requests.append(httpx.Request(request.method, request.url,
                                           headers=request.headers.copy()))
        path = request.url.path
        if path == '/':
            return _json(300, versions(self.root))
        echo = [('OpenStack-API-Version', 'rating 2.0')]
        if path == '/v2/rating/modules':
            if not self.keystone.is_valid(request.headers.get(
                    'X-Auth-Token')):
                return _json(401, {'errors': [{
                    'status': 401, 'code': 'rating.unauthorized',
                    'title': 'Authentication required',
                    'detail': 'This request needs a valid X-Auth-Token.'}]},
                    headers=echo)
            return _json(200, {'modules': []}, headers=echo)
        return _json(404, {'errors': [{'status': 404,
                                       'code': 'rating.uri-not-found',
                                       'title': 'x', 'detail': path}]})


def router(**hosts):
    """One handler routing by host name to ``hosts`` handlers."""
    def handle(request):
        handler = hosts.get(request.url.host.split('.')[0])
        if handler is None:
            return httpx.Response(502, text='no such host')
        return handler(request)
    return handle
