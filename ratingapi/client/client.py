"""The two clients: :class:`RatingClient` (sync) and
:class:`AsyncRatingClient` (async).

Both are written once, in :class:`_Client`: each public operation is a
method that returns a :class:`_Plan` (which flow to run, what to check
first, what to do with the result), and :func:`_driven` turns it into a
plain method on the sync client and an ``async def`` on the async one.
The per-noun methods (``retrieve_module``...) are generated the same way
from the resource declarations of :data:`SUPPORTED_APIS`, one per
operation some declaration allows, plus one per action.

IDEs and type checkers see them through ``client.pyi``, a stub that
:mod:`ratingapi.client.stubgen` writes from these classes (a test fails
when it is out of step; see that module for why a generated stub rather
than hand-written methods).

A client is one session: one httpx client (one connection pool), one
correlation id (``cid``), one discovery (run on first use, or by
``discover()``, and never again), one auth.
"""
import asyncio
import dataclasses
import functools
import inspect
import re
import threading
import uuid
import warnings

import httpx

from ratingapi.client import auth as auth_
from ratingapi.client import discovery
from ratingapi.client import drivers
from ratingapi.client import errors
from ratingapi.client import flows
from ratingapi.client import log
from ratingapi.client import microversion
from ratingapi.client import resources
from ratingapi.client import retry
from ratingapi.client import v1
from ratingapi.client import v2

# The API versions this client speaks, newest first.
SUPPORTED_APIS = {'v2': v2.API, 'v1': v1.API}

SERVICE_TYPE = 'rating'
_CID_RE = re.compile(r'^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-'
                     r'[0-9a-f]{4}-[0-9a-f]{12}$')


def new_cid():
    return 'req-%s' % uuid.uuid4()


@dataclasses.dataclass
class _Plan:
    make: object = None           # (connection) or () -> flow; None: no I/O
    connect: bool = True          # whether ``make`` needs the connection
    check: tuple | None = None    # (noun, operation) to check first
    then: object = None           # result -> final result


def _planner(method):
    """Mark a :class:`_Client` method that returns a :class:`_Plan`."""
    method.is_planner = True
    return method


class _Client:
    """Everything both clients share (see the module docstring).

    ``url``: the unversioned root (discovery runs there) or a versioned
    endpoint (its own document is used; the client follows its
    ``collection`` link when its major does not suit).  Without ``url``,
    the endpoint of ``service_type`` is taken from the Keystone catalog
    (``interface``, ``region_name``).

    ``version``: a major (``"1"``) or a microversion (``"2.0"``) to pin;
    ``unstable``: allow EXPERIMENTAL versions.

    ``auth``: None, a token string, :class:`auth.StaticToken`,
    :class:`auth.KeystonePassword` or any :class:`httpx.Auth`;
    ``auth_url``: shorthand for a KeystonePassword to ``login()`` with.

    ``timeout`` (seconds), ``retries``, ``backoff`` and ``max_backoff``
    (seconds; idempotent requests after 502/503/504 or connection errors),
    ``verify`` (TLS), ``headers`` (added to every request), ``user_agent``
    (a prefix for the User-Agent), ``cid`` (the correlation id, default a
    new ``req-<uuid4>``), ``on_request``/``on_response`` (a callable or a
    list, given an :class:`events.Event`), ``transport`` (an httpx
    transport), ``sleep`` (what waits between retries) and ``apis`` (the
    API declarations, default :data:`SUPPORTED_APIS`).
    """

    def __init__(self, url=None, *, version=None, unstable=False, auth=None,
                 auth_url=None, service_type=SERVICE_TYPE,
                 interface='public', region_name=None, timeout=30.0,
                 retries=3, backoff=0.5, max_backoff=30.0, verify=True,
                 headers=None, user_agent=None, cid=None, on_request=None,
                 on_response=None, transport=None, sleep=None, apis=None):
        self._pin = discovery.parse_pin(version)
        self._unstable = bool(unstable)
        if isinstance(auth, str):
            auth = auth_.StaticToken(auth)
        if auth_url is not None:
            if auth is not None:
                raise TypeError('give auth= or auth_url=, not both')
            auth = auth_.KeystonePassword(auth_url)
        if auth is not None and not isinstance(auth, httpx.Auth):
            raise TypeError('auth must be a token, an httpx.Auth or None')
        if url is None and not isinstance(auth, auth_.KeystonePassword):
            raise TypeError('give url=, or Keystone auth (auth_url= or '
                            'auth=KeystonePassword(...)) to find the URL in '
                            'the service catalog')
        self._url = str(url) if url is not None else None
        self._auth = auth
        self._service_type = service_type
        self._interface = interface
        self._region_name = region_name
        cid = cid or new_cid()
        if not _CID_RE.match(cid):
            raise ValueError('cid must look like req-<uuid4>, not %r' % cid)
        self._cid = cid
        self._apis = tuple(apis or SUPPORTED_APIS.values())
        self._connection = None
        self._capabilities = None
        self._lock = self._lock_class()
        default_headers = {'User-Agent': drivers.user_agent(user_agent),
                           drivers.REQUEST_ID_HEADER: cid}
        default_headers.update(headers or {})
        observer = self._observer_class(
            cid=cid, headers=default_headers, timeout=httpx.Timeout(timeout),
            context=self._log_context, on_request=_hooks(on_request),
            on_response=_hooks(on_response))
        self._http = self._http_class(
            transport=transport, verify=verify, auth=auth,
            follow_redirects=False, timeout=httpx.Timeout(timeout),
            event_hooks={'request': [observer.request_hook],
                         'response': [observer.response_hook]})
        self._driver = self._driver_class(
            self._http, retry.RetryPolicy(retries=retries, backoff=backoff,
                                          max_backoff=max_backoff),
            sleep)

    def __repr__(self):
        return '<%s %s %s cid=%s>' % (
            type(self).__name__, self.endpoint or self._url or '(catalog)',
            self.version or '(not discovered)', self._cid)

    # -- what the session holds ------------------------------------------

    @property
    def cid(self):
        """The correlation id sent as X-OpenStack-Request-Id."""
        return self._cid

    @property
    def url(self):
        """The URL discovery starts from (given, or from the catalog)."""
        return self._connection.url if self._connection else self._url

    @property
    def connection(self):
        """Discovery's result (:class:`flows.Connection`) or None."""
        return self._connection

    @property
    def version(self):
        """The chosen version (:class:`discovery.Version`) or None."""
        return self._connection.version if self._connection else None

    @property
    def microversion(self):
        """The negotiated microversion (``"2.0"``) or None."""
        if self._connection is None:
            return None
        return microversion.format(self._connection.microversion)

    @property
    def endpoint(self):
        """The chosen version's endpoint (its self link) or None."""
        return self._connection.endpoint if self._connection else None

    @property
    def auth(self):
        return self._auth

    @property
    def http(self):
        """The underlying httpx client (the connection pool)."""
        return self._http

    @property
    def apis(self):
        return self._apis

    def is_authenticated(self):
        """Whether requests carry a (not yet expired) token."""
        if isinstance(self._auth, auth_.KeystonePassword):
            return self._auth.is_authenticated()
        return isinstance(self._auth, auth_.StaticToken)

    def _log_context(self):
        return self.url, self.endpoint

    def _connect_flow(self):
        return flows.connect(
            self._url, self._apis, auth=self._auth, pin=self._pin,
            unstable=self._unstable, service_type=self._service_type,
            interface=self._interface, region=self._region_name)

    def _bind(self, connection):
        self._connection = connection
        for warning in connection.choice.warnings:
            warnings.warn(warning, discovery.DeprecatedVersionWarning,
                          stacklevel=4)
            log.warning('%s', warning, cid=self._cid, baseurl=connection.url,
                        endpoint=connection.endpoint)
        log.info('using %s at %s (microversion %s)', connection.version.id,
                 connection.endpoint, self.microversion, cid=self._cid,
                 baseurl=connection.url, endpoint=connection.endpoint)

    def _keystone(self):
        if not isinstance(self._auth, auth_.KeystonePassword):
            raise errors.NotAuthenticated(
                'login() needs Keystone auth: create the client with '
                'auth_url= or auth=KeystonePassword(...)')
        return self._auth

    def _check(self, plan):
        if plan.check is not None:
            flows.check_declared(self._apis, *plan.check)

    # -- operations (each becomes a sync or an async method) -------------

    @_planner
    def capabilities(self, refresh=False):
        """The capabilities of the chosen version, as a
        :class:`capabilities.Capabilities` (fetched once, unless
        ``refresh``)."""
        if self._capabilities is not None and not refresh:
            cached = self._capabilities
            return _Plan(then=lambda _: cached)

        def keep(result):
            self._capabilities = result
            return result
        return _Plan(lambda connection: flows.capabilities(
            connection, authenticated_retry=self._auth is not None),
            then=keep)

    @_planner
    def supports(self, name):
        """Whether capability ``name`` is available at the negotiated
        microversion."""
        plan = _Client.capabilities(self)
        then = plan.then
        plan.then = lambda result: then(result).supports(name)
        return plan

    @_planner
    def login(self, *, username=None, password=None, user_id=None,
              project_name=None, project_id=None, user_domain_id=None,
              user_domain_name=None, project_domain_id=None,
              project_domain_name=None):
        """Log in to Keystone (v3 password) and return the
        :class:`auth.AccessInfo`.  Credentials given here replace those
        of the auth; without any, the auth's own are used."""
        keystone = self._keystone()
        credentials = dict(
            username=username, password=password, user_id=user_id,
            project_name=project_name, project_id=project_id,
            user_domain_id=user_domain_id, user_domain_name=user_domain_name,
            project_domain_id=project_domain_id,
            project_domain_name=project_domain_name)
        if any(value is not None for value in credentials.values()):
            keystone.set_credentials(**credentials)
        return _Plan(keystone.login_flow, connect=False)

    @_planner
    def logout(self):
        """Revoke the Keystone token and forget the credentials."""
        return _Plan(self._keystone().logout_flow, connect=False)

    @_planner
    def request(self, method, path, *, params=None, json=None, content=None,
                headers=None, raise_errors=True):
        """``method`` on ``path`` (relative to the chosen version's
        endpoint, or an absolute URL); the :class:`httpx.Response`.

        Error answers raise (an :class:`errors.HTTPError`) unless
        ``raise_errors`` is False; the microversion echo is always checked.
        """
        return _Plan(lambda connection: flows.call(
            connection, method.upper(), path, params=params, json=json,
            content=content, headers=headers, raise_errors=raise_errors))

    @_planner
    def http_get(self, path, *, params=None, headers=None,
                 raise_errors=True):
        """GET ``path``: see :meth:`request`."""
        return _Client.request(self, 'GET', path, params=params,
                               headers=headers, raise_errors=raise_errors)

    @_planner
    def http_head(self, path, *, params=None, headers=None,
                  raise_errors=True):
        """HEAD ``path``: see :meth:`request`."""
        return _Client.request(self, 'HEAD', path, params=params,
                               headers=headers, raise_errors=raise_errors)

    @_planner
    def http_post(self, path, *, json=None, content=None, params=None,
                  headers=None, raise_errors=True):
        """POST ``path``: see :meth:`request`."""
        return _Client.request(self, 'POST', path, json=json,
                               content=content, params=params,
                               headers=headers, raise_errors=raise_errors)

    @_planner
    def http_put(self, path, *, json=None, content=None, params=None,
                 headers=None, raise_errors=True):
        """PUT ``path``: see :meth:`request`."""
        return _Client.request(self, 'PUT', path, json=json,
                               content=content, params=params,
                               headers=headers, raise_errors=raise_errors)

    @_planner
    def http_patch(self, path, *, json=None, content=None, params=None,
                   headers=None, raise_errors=True):
        """PATCH ``path``: see :meth:`request`."""
        return _Client.request(self, 'PATCH', path, json=json,
                               content=content, params=params,
                               headers=headers, raise_errors=raise_errors)

    @_planner
    def http_delete(self, path, *, params=None, headers=None,
                    raise_errors=True):
        """DELETE ``path``: see :meth:`request`."""
        return _Client.request(self, 'DELETE', path, params=params,
                               headers=headers, raise_errors=raise_errors)

    @_planner
    def create(self, noun, **fields):
        """Create a ``noun`` from attribute ``fields``; the new record
        (path parameters are taken from the fields)."""
        return _Plan(lambda connection: flows.create(connection, noun,
                                                     fields),
                     check=(noun, resources.CREATE))

    @_planner
    def retrieve(self, noun, pk=None, filters=None, **params):
        """The ``noun`` record ``pk``, or, without ``pk``, every record
        of every page.  ``params`` are path parameters and the query
        parameters the resource declares; ``filters`` is its declared
        ``filters`` parameter if it has one, else raw query parameters."""
        operation = resources.LIST if pk is None else resources.RETRIEVE
        return _Plan(lambda connection: flows.retrieve(
            connection, noun, pk, filters, params),
            check=(noun, operation))

    @_planner
    def update(self, noun, pk, data=None, **path_params):
        """Update record ``pk`` with ``data`` (attribute names); the
        updated record."""
        return _Plan(lambda connection: flows.update(
            connection, noun, pk, data, path_params),
            check=(noun, resources.UPDATE))

    @_planner
    def delete(self, noun, pk, raise_not_exists=False, **params):
        """Delete record ``pk``: True if deleted, False if it did not
        exist (NotFound instead with ``raise_not_exists=True``).
        ``params`` are path parameters and the query parameters the
        resource's delete declares."""
        return _Plan(lambda connection: flows.delete(
            connection, noun, pk, raise_not_exists, params),
            check=(noun, resources.DELETE))

    @_planner
    def head(self, noun, pk=None, **path_params):
        """Whether record ``pk`` (or the collection) exists."""
        return _Plan(lambda connection: flows.head(
            connection, noun, pk, path_params),
            check=(noun, resources.HEAD))

    @_planner
    def perform(self, noun, action, **arguments):
        """Run the action named ``action`` that ``noun`` declares (see
        :class:`resources.Action`) with its ``arguments``; None, or the
        answer as a record for an action that returns one."""
        return _Plan(lambda connection: flows.perform(
            connection, noun, action, arguments), check=(noun, action))

    def __getattr__(self, name):
        # <operation>_<noun> or an action of a noun declared only in
        # custom apis=, or an operation no declaration allows (the call
        # then raises OperationNotAllowed, sending nothing).  Neither is
        # in the type stub (client.pyi).
        apis = self.__dict__.get('_apis', ())
        if name.startswith('_'):
            raise AttributeError(name)
        for api in apis:
            for resource in api.resources.values():
                if name in resource.actions:
                    return functools.partial(
                        getattr(self, 'perform'), resource.noun, name)
        operation, _, noun = name.partition('_')
        planner = _GENERIC.get(operation)
        if planner is None or not noun or not any(
                api.resource(noun) for api in apis):
            raise AttributeError(name)
        return functools.partial(getattr(self, operation), noun)


def _hooks(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


_PLANNERS = {name: value for name, value in vars(_Client).items()
             if getattr(value, 'is_planner', False)}
_GENERIC = {name: _PLANNERS[name] for name in (
    resources.CREATE, resources.RETRIEVE, resources.UPDATE,
    resources.DELETE, resources.HEAD)}

_NOUN_DOCS = {
    resources.CREATE: 'Create a %(noun)s; the new record.',
    resources.RETRIEVE: 'The %(noun)s ``pk``, or every %(noun)s (all '
                        'pages) when ``pk`` is None.',
    resources.UPDATE: 'Update the %(noun)s ``pk`` with ``data``; the '
                      'updated record.',
    resources.DELETE: 'Delete the %(noun)s ``pk``: True, or False when it '
                      'did not exist (unless ``raise_not_exists``).',
    resources.HEAD: 'Whether the %(noun)s ``pk`` (or the list) exists.',
}


def _declared_query(noun, apis, operation=resources.RETRIEVE):
    """The query parameters (except ``filters``) of ``operation`` (a
    retrieve: the list's; a delete: ``delete_query``) and whether there
    are path parameters, over every declaration of ``noun``."""
    names, has_path = [], False
    for api in apis:
        resource = api.resource(noun)
        if resource is None:
            continue
        has_path = has_path or bool(resource.path_params)
        query = (resource.delete_query if operation == resources.DELETE
                 else resource.query)
        names.extend(name for name in query
                     if name != 'filters' and name not in names)
    return names, has_path


def _list_only(noun, apis):
    """Whether no declaration of ``noun`` retrieves a single record."""
    return not any(api.resource(noun).allows(resources.RETRIEVE)
                   for api in apis if api.resource(noun) is not None)


def _noun_planner(operation, noun, apis=None):
    generic = _GENERIC[operation]
    # A noun that is only ever listed takes no pk: a positional argument
    # is then its filters, as the docs show.
    list_only = (operation == resources.RETRIEVE and apis is not None
                 and _list_only(noun, apis))
    fixed = (noun, None) if list_only else (noun,)

    def planner(self, *args, **kwargs):
        return generic(self, *fixed, *args, **kwargs)
    signature = inspect.signature(generic)
    params = [p for p in signature.parameters.values()
              if p.name != 'noun' and not (list_only and p.name == 'pk')]
    doc = _NOUN_DOCS[operation] % {'noun': noun}
    if list_only:
        doc = 'Every %s (all pages).' % noun
    if operation in (resources.RETRIEVE, resources.DELETE) and (
            apis is not None):
        # The declared query parameters, by name.
        query, has_path = _declared_query(noun, apis, operation)
        if query or not has_path:
            keywords = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                          default=None) for name in query]
            tail = [params[-1]] if has_path else []
            params = params[:-1] + keywords + tail
        if query:
            doc += ' Query parameters: %s.' % ', '.join(query)
    planner.__signature__ = signature.replace(parameters=params)
    planner.__name__ = planner.__qualname__ = '%s_%s' % (operation, noun)
    planner.__doc__ = doc
    planner.noun, planner.operation = noun, operation
    return planner


def _action_planner(noun, action):
    """The planner of ``action``: its required arguments positional, the
    others keyword-only."""
    parameters = [inspect.Parameter('self',
                                    inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [inspect.Parameter(name,
                                     inspect.Parameter.POSITIONAL_OR_KEYWORD)
                   for name in action.required]
    parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                     default=None)
                   for name in action.params if name not in action.required]
    signature = inspect.Signature(parameters)

    def planner(self, *args, **kwargs):
        arguments = signature.bind(self, *args, **kwargs).arguments
        del arguments['self']
        return _PLANNERS['perform'](self, noun, action.name, **arguments)
    planner.__signature__ = signature
    planner.__name__ = planner.__qualname__ = action.name
    planner.__doc__ = action.doc or 'The %s action of %s.' % (
        action.name, noun)
    planner.noun, planner.action = noun, action
    return planner


def _nouns(apis):
    nouns = []
    for api in apis:
        for noun in api.resources:
            if noun not in nouns:
                nouns.append(noun)
    return nouns


def _actions(apis):
    """(noun, action) of every declared action, each name once."""
    found = {}
    for api in apis:
        for resource in api.resources.values():
            for name, action in resource.actions.items():
                found.setdefault(name, (resource.noun, action))
    return list(found.values())


def _declares(noun, operation, apis):
    """Whether some declaration of ``noun`` allows ``operation`` (a
    retrieve without ``pk`` lists, so LIST counts for RETRIEVE)."""
    wanted = {operation}
    if operation == resources.RETRIEVE:
        wanted.add(resources.LIST)
    return any(resource.allows(each) for resource in (
        api.resource(noun) for api in apis) if resource is not None
        for each in wanted)


def _members(apis):
    """Name → planner of the per-noun methods (only the operations some
    declaration allows) and of the actions of ``apis``."""
    members = {}
    for noun in _nouns(apis):
        for operation in _GENERIC:
            if _declares(noun, operation, apis):
                members['%s_%s' % (operation, noun)] = _noun_planner(
                    operation, noun, apis)
    for noun, action in _actions(apis):
        members[action.name] = _action_planner(noun, action)
    return members


def _wrap(planner, asynchronous):
    if asynchronous:
        async def method(self, *args, **kwargs):
            return await self._execute(planner(self, *args, **kwargs))
    else:
        def method(self, *args, **kwargs):
            return self._execute(planner(self, *args, **kwargs))
    functools.update_wrapper(method, planner)
    del method.__wrapped__
    method.__signature__ = inspect.signature(planner)
    return method


def _driven(asynchronous, apis=None):
    """Class decorator: the planners and the per-noun methods (of
    ``apis``, default :data:`SUPPORTED_APIS`), as sync or async
    methods."""
    def decorate(cls):
        for name, planner in _PLANNERS.items():
            setattr(cls, name, _wrap(planner, asynchronous))
        members = _members(tuple(apis or SUPPORTED_APIS.values()))
        for name, planner in members.items():
            setattr(cls, name, _wrap(planner, asynchronous))
        return cls
    return decorate


@_driven(asynchronous=False)
class RatingClient(_Client):
    """The sync client::

        with RatingClient('https://cloud.example.com/rating') as client:
            for module in client.retrieve_module():
                print(module.module_id, module.enabled)
    """

    _http_class = httpx.Client
    _driver_class = drivers.SyncDriver
    _observer_class = drivers.SyncObserver
    _lock_class = threading.Lock

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        """Close the connection pool."""
        self._http.close()

    def discover(self):
        """Run discovery (once per client) and return the connection."""
        with self._lock:
            if self._connection is None:
                self._bind(self._driver.run(self._connect_flow()))
        return self._connection

    def _execute(self, plan):
        self._check(plan)
        result = None
        if plan.make is not None:
            flow = plan.make(self.discover()) if plan.connect else plan.make()
            result = self._driver.run(flow)
        return plan.then(result) if plan.then else result


@_driven(asynchronous=True)
class AsyncRatingClient(_Client):
    """The async client::

        async with AsyncRatingClient('https://cloud.example.com/rating') as c:
            modules = await c.retrieve_module()
    """

    _http_class = httpx.AsyncClient
    _driver_class = drivers.AsyncDriver
    _observer_class = drivers.AsyncObserver
    _lock_class = asyncio.Lock

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await self.aclose()

    async def aclose(self):
        """Close the connection pool."""
        await self._http.aclose()

    async def discover(self):
        """Run discovery (once per client, under a lock) and return the
        connection."""
        async with self._lock:
            if self._connection is None:
                self._bind(await self._driver.run(self._connect_flow()))
        return self._connection

    async def _execute(self, plan):
        self._check(plan)
        result = None
        if plan.make is not None:
            if plan.connect:
                flow = plan.make(await self.discover())
            else:
                flow = plan.make()
            result = await self._driver.run(flow)
        return plan.then(result) if plan.then else result
