"""Authentication, as :class:`httpx.Auth` objects.

* None: nothing is added (noauth deployments, discovery).
* :class:`StaticToken`: a token obtained elsewhere, sent as
  ``X-Auth-Token``.
* :class:`KeystonePassword`: Keystone v3 password authentication.  The
  token comes from ``POST <auth_url>/auth/tokens``; it is obtained on first
  use (or by ``login``), obtained again shortly before it expires and once
  more when a service answers 401 (a revoked token), and revoked by
  ``logout``.  The token response carries the service catalog, where
  :meth:`AccessInfo.endpoint_for` finds ratingapi (service type
  ``rating``) by interface and region.

The Keystone conversations (:meth:`KeystonePassword.login_flow`,
:meth:`KeystonePassword.logout_flow`) are generators written once: httpx
drives them inside :meth:`KeystonePassword.auth_flow`, the SDK's drivers
drive them for an explicit login, logout or catalog lookup.

Requests marked with :func:`anonymous` are sent without any auth: the
discovery documents and Keystone's own token requests.
"""
import asyncio
import dataclasses
import datetime
import threading

import httpx

from ratingapi.client import errors

TOKEN_HEADER = 'X-Auth-Token'
SUBJECT_TOKEN_HEADER = 'X-Subject-Token'
ANONYMOUS = 'ratingapi.anonymous'
DEFAULT_DOMAIN = 'default'
# What KeystonePassword.auth_flow yields to take and release its lock.
LOCK = object()
UNLOCK = object()


def anonymous(request):
    """Mark ``request`` to be sent without the client's auth."""
    request.extensions[ANONYMOUS] = True
    return request


def is_anonymous(request):
    return bool(request.extensions.get(ANONYMOUS))


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


class StaticToken(httpx.Auth):
    """Send a token obtained elsewhere as ``X-Auth-Token``."""

    def __init__(self, token):
        if not token:
            raise ValueError('StaticToken needs a token')
        self._token = token

    def __repr__(self):
        return '<StaticToken ***>'

    def auth_flow(self, request):
        request.headers[TOKEN_HEADER] = self._token
        yield request


@dataclasses.dataclass(frozen=True)
class Endpoint:
    interface: str
    region: str | None
    url: str
    id: str | None = None


@dataclasses.dataclass(frozen=True)
class Service:
    type: str
    name: str | None
    id: str | None
    endpoints: tuple


def _parse_time(text):
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


@dataclasses.dataclass(frozen=True)
class AccessInfo:
    """A Keystone token and what came with it (the token is not shown in
    ``repr``)."""

    token: str = dataclasses.field(repr=False)
    expires_at: datetime.datetime | None
    user_id: str | None
    user_name: str | None
    project_id: str | None
    project_name: str | None
    roles: tuple
    catalog: tuple

    @classmethod
    def from_response(cls, response):
        token = response.headers.get(SUBJECT_TOKEN_HEADER)
        try:
            body = response.json()['token']
        except (ValueError, KeyError, TypeError):
            body = None
        if not token or not isinstance(body, dict):
            raise errors.RatingClientError(
                'Keystone answered %d without a token (%s)' % (
                    response.status_code, response.request.url))
        user = body.get('user') or {}
        project = body.get('project') or {}
        catalog = []
        for service in body.get('catalog') or ():
            catalog.append(Service(
                type=service.get('type', ''), name=service.get('name'),
                id=service.get('id'), endpoints=tuple(
                    Endpoint(interface=ep.get('interface', ''),
                             region=ep.get('region_id') or ep.get('region'),
                             url=ep.get('url', ''), id=ep.get('id'))
                    for ep in service.get('endpoints') or ())))
        return cls(token=token,
                   expires_at=_parse_time(body.get('expires_at')),
                   user_id=user.get('id'), user_name=user.get('name'),
                   project_id=project.get('id'),
                   project_name=project.get('name'),
                   roles=tuple(role.get('name') for role in
                               body.get('roles') or ()),
                   catalog=tuple(catalog))

    def expires_within(self, seconds, now):
        if self.expires_at is None:
            return False
        return self.expires_at - datetime.timedelta(seconds=seconds) <= now

    def endpoint_for(self, service_type, interface='public', region=None):
        """The URL of ``service_type`` at ``interface`` (public, internal,
        admin) in ``region`` (any when None); EndpointNotFound otherwise.
        """
        wanted = interface.lower()
        if wanted.endswith('url'):
            wanted = wanted[:-3]        # publicURL, the v2 spelling
        found = []
        for service in self.catalog:
            if service.type.lower() != service_type.lower():
                continue
            for endpoint in service.endpoints:
                if endpoint.interface.lower() == wanted and (
                        region is None or endpoint.region == region):
                    found.append(endpoint.url)
        if found:
            return found[0]
        offered = sorted('%s/%s/%s' % (service.type, endpoint.interface,
                                       endpoint.region)
                         for service in self.catalog
                         for endpoint in service.endpoints)
        raise errors.EndpointNotFound(
            'No %s endpoint of service type %r%s in the catalog (it has: '
            '%s)' % (wanted, service_type,
                     ' in region %s' % region if region else '',
                     ', '.join(offered) or 'nothing'))


def tokens_url(auth_url):
    """``<auth_url>/auth/tokens``, ``/v3`` added when missing."""
    base = str(auth_url).rstrip('/')
    if not base.endswith('/v3'):
        base += '/v3'
    return base + '/auth/tokens'


class KeystonePassword(httpx.Auth):
    """Keystone v3 password authentication, project-scoped when a project
    is named.  Domains default to ``default``.

    ``expiry_leeway`` seconds before ``expires_at`` the token is renewed;
    ``clock`` (returning an aware datetime) is there for tests.
    """

    requires_response_body = True

    def __init__(self, auth_url, username=None, password=None, *,
                 user_id=None, user_domain_id=None, user_domain_name=None,
                 project_name=None, project_id=None, project_domain_id=None,
                 project_domain_name=None, expiry_leeway=60, clock=None):
        self.auth_url = str(auth_url)
        self.expiry_leeway = expiry_leeway
        self._clock = clock or _now
        self._credentials = {}
        self._access = None
        self._thread_lock = threading.Lock()
        self._async_lock = asyncio.Lock()
        self.set_credentials(
            username=username, password=password, user_id=user_id,
            user_domain_id=user_domain_id,
            user_domain_name=user_domain_name, project_name=project_name,
            project_id=project_id, project_domain_id=project_domain_id,
            project_domain_name=project_domain_name)

    def __repr__(self):
        return '<KeystonePassword %s user=%s>' % (
            self.auth_url, self._credentials.get('username') or
            self._credentials.get('user_id'))

    # -- state ------------------------------------------------------------

    def set_credentials(self, **credentials):
        """Replace the credentials (and forget any token)."""
        self._credentials = {key: value for key, value in credentials.items()
                             if value is not None}
        self._access = None

    def has_credentials(self):
        creds = self._credentials
        return bool(creds.get('password') and (creds.get('username') or
                                               creds.get('user_id')))

    @property
    def access(self):
        """The current :class:`AccessInfo`, or None."""
        return self._access

    @property
    def token(self):
        return self._access.token if self._access else None

    def is_authenticated(self):
        """Whether a token is held that is not about to expire."""
        return self._access is not None and not self._access.expires_within(
            self.expiry_leeway, self._clock())

    def forget(self):
        """Drop the token (the credentials stay)."""
        self._access = None

    def needs_login(self):
        return not self.is_authenticated() and self.has_credentials()

    # -- conversations ----------------------------------------------------

    def _body(self):
        creds = self._credentials
        user = {'password': creds['password']}
        if creds.get('user_id'):
            user['id'] = creds['user_id']
        else:
            user['name'] = creds['username']
            user['domain'] = (
                {'name': creds['user_domain_name']}
                if creds.get('user_domain_name') else
                {'id': creds.get('user_domain_id', DEFAULT_DOMAIN)})
        auth = {'identity': {'methods': ['password'],
                             'password': {'user': user}}}
        if creds.get('project_id'):
            auth['scope'] = {'project': {'id': creds['project_id']}}
        elif creds.get('project_name'):
            auth['scope'] = {'project': {
                'name': creds['project_name'],
                'domain': ({'name': creds['project_domain_name']}
                           if creds.get('project_domain_name') else
                           {'id': creds.get('project_domain_id',
                                            DEFAULT_DOMAIN)})}}
        return {'auth': auth}

    def login_flow(self):
        """POST the credentials; return (and keep) the AccessInfo."""
        if not self.has_credentials():
            raise errors.NotAuthenticated(
                'No Keystone credentials: call login(username=..., '
                'password=..., project_name=...) first.')
        response = yield anonymous(httpx.Request(
            'POST', tokens_url(self.auth_url), json=self._body(),
            headers={'Accept': 'application/json'}))
        if response.status_code == 401:
            raise errors.from_response(response,
                                       cls=errors.AuthenticationFailed)
        errors.raise_for_response(response)
        self._access = AccessInfo.from_response(response)
        return self._access

    def logout_flow(self):
        """Revoke the token (when one is held) and forget the
        credentials, so nothing logs in again silently."""
        access = self._access
        self._access = None
        self._credentials = {}
        if access is None:
            return None
        response = yield anonymous(httpx.Request(
            'DELETE', tokens_url(self.auth_url),
            headers={TOKEN_HEADER: access.token,
                     SUBJECT_TOKEN_HEADER: access.token,
                     'Accept': 'application/json'}))
        # 404: the token was already invalid, which is what we wanted.
        if response.status_code != 404:
            errors.raise_for_response(response)
        return None

    def auth_flow(self, request):
        # Written once for both drivers below: besides requests it yields
        # LOCK and UNLOCK around each login, so that one request logs in
        # while the others wait and then use the token it got.
        if self.needs_login():
            yield LOCK
            if self.needs_login():      # nobody logged in while we waited
                yield from self.login_flow()
            yield UNLOCK
        token = self.token
        if token:
            request.headers[TOKEN_HEADER] = token
        response = yield request
        if response.status_code != 401 or not self.has_credentials():
            return
        # Revoked or expired early: once more with a fresh token, unless
        # another request renewed it meanwhile.  The old token is kept
        # until the new one is there, so waiting requests never see None.
        yield LOCK
        if self.token == token:
            yield from self.login_flow()
        yield UNLOCK
        if not self.token:              # logged out meanwhile: the 401
            return                      # is the answer
        request.headers[TOKEN_HEADER] = self.token
        yield request

    # The drivers of auth_flow: LOCK and UNLOCK take and release a thread
    # lock or an asyncio lock; requests go to httpx, read answers back.

    def sync_auth_flow(self, request):
        flow = self.auth_flow(request)
        held = False
        reply = None
        try:
            while True:
                try:
                    step = flow.send(reply)
                except StopIteration:
                    return
                reply = None
                if step is LOCK:
                    self._thread_lock.acquire()
                    held = True
                elif step is UNLOCK:
                    self._thread_lock.release()
                    held = False
                else:
                    reply = yield step
                    reply.read()        # requires_response_body
        finally:
            flow.close()
            if held:
                self._thread_lock.release()

    async def async_auth_flow(self, request):
        flow = self.auth_flow(request)
        held = False
        reply = None
        try:
            while True:
                try:
                    step = flow.send(reply)
                except StopIteration:
                    return
                reply = None
                if step is LOCK:
                    await self._async_lock.acquire()
                    held = True
                elif step is UNLOCK:
                    self._async_lock.release()
                    held = False
                else:
                    reply = yield step
                    await reply.aread()
        finally:
            flow.close()
            if held:
                self._async_lock.release()
