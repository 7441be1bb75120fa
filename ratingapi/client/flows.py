"""Every conversation of the SDK, written once as a generator.

A flow yields :class:`httpx.Request` objects, receives each
:class:`httpx.Response` (read, redirects and retries already handled) and
returns its result; :mod:`ratingapi.client.drivers` runs it with httpx's
sync or async client.  Flows never touch the network themselves, so a
test can drive one by hand with responses it wrote.

URLs are always absolute: a path is resolved against the versioned
endpoint taken from the chosen version's ``self`` link (``Client.send``
ignores ``base_url``), and every request to that endpoint of a
microversioned version carries ``OpenStack-API-Version: rating X.Y``,
whose echo is checked on the answer.
"""
import dataclasses
import decimal
import json
import urllib.parse

import httpx

from ratingapi.client import auth as auth_
from ratingapi.client import capabilities as capabilities_
from ratingapi.client import discovery
from ratingapi.client import errors
from ratingapi.client import microversion
from ratingapi.client import resources

JSON = 'application/json'
DISCOVERY_STATUSES = (200, 300)


@dataclasses.dataclass(frozen=True)
class Connection:
    """Where discovery led: ``url`` is where it started (the URL given or
    found in the catalog), ``document`` the versions document the choice
    was made from."""

    url: str
    document: discovery.Document
    choice: discovery.Choice

    @property
    def version(self):
        return self.choice.version

    @property
    def api(self):
        return self.choice.api

    @property
    def microversion(self):
        return self.choice.microversion

    @property
    def endpoint(self):
        url = self.choice.version.url
        return url if url.endswith('/') else url + '/'


def decode(response, error=errors.RatingClientError):
    """The JSON body of ``response`` (numbers with a fraction as
    Decimal: money never goes through float)."""
    try:
        return json.loads(response.content, parse_float=decimal.Decimal)
    except ValueError:
        raise error('%s %s answered %d with a body that is not JSON' % (
            response.request.method, response.request.url,
            response.status_code))


def resolve(endpoint, path):
    """``path`` below ``endpoint``; absolute URLs are kept as they are."""
    if urllib.parse.urlsplit(str(path)).scheme:
        return str(path)
    return endpoint + str(path).lstrip('/')


# -- discovery --------------------------------------------------------------

def fetch_document(url, *, authenticated_retry=False):
    """GET a versions document without auth (200 and 300 are both
    answers); retry with auth on 401 when there is some."""
    request = auth_.anonymous(httpx.Request('GET', url,
                                            headers={'Accept': JSON}))
    response = yield request
    if response.status_code == 401 and authenticated_retry:
        response = yield httpx.Request('GET', url, headers={'Accept': JSON})
    if response.status_code not in DISCOVERY_STATUSES:
        cause = errors.from_response(response)
        raise errors.DiscoveryError(
            'Cannot read the versions document at %s: %s' % (url, cause),
            url=url, response=response) from cause
    body = decode(response, error=errors.DiscoveryError)
    return discovery.parse(body, str(response.request.url))


def discover(url, apis, *, pin=None, unstable=False,
             authenticated_retry=False):
    """Fetch the document at ``url`` and choose a version.

    A single-version document (a versioned URL) is used as it is when its
    version suits; otherwise the client follows its ``collection`` link
    and chooses among everything the server offers.
    """
    document = yield from fetch_document(
        url, authenticated_retry=authenticated_retry)
    try:
        choice = discovery.choose(document, apis, pin=pin,
                                  unstable=unstable)
    except errors.VersionNotAvailable:
        collection = document.versions[0].collection_url
        if not document.single or not collection or (
                collection.rstrip('/') == url.rstrip('/')):
            raise
        document = yield from fetch_document(
            collection, authenticated_retry=authenticated_retry)
        choice = discovery.choose(document, apis, pin=pin,
                                  unstable=unstable)
    return Connection(url=url, document=document, choice=choice)


def connect(url, apis, *, auth=None, pin=None, unstable=False,
            service_type='rating', interface='public', region=None):
    """Discovery at ``url``, or at the catalog's endpoint of
    ``service_type`` (logging in to Keystone first when needed)."""
    keystone = isinstance(auth, auth_.KeystonePassword)
    if url is None:
        if not keystone:
            raise errors.NotAuthenticated(
                'No URL given and no Keystone auth to find one in the '
                'catalog.')
        if not auth.is_authenticated():
            yield from auth.login_flow()
        url = auth.access.endpoint_for(service_type, interface, region)
    return (yield from discover(url, apis, pin=pin, unstable=unstable,
                                authenticated_retry=auth is not None))


# -- calls ------------------------------------------------------------------

def api_request(connection, method, path, *, params=None, json=None,
                content=None, headers=None):
    """A request to ``path`` below the chosen endpoint."""
    url = resolve(connection.endpoint, path)
    merged = {'Accept': JSON}
    if connection.microversion is not None and url.startswith(
            connection.endpoint):
        name, value = microversion.header(connection.microversion)
        merged[name] = value
    merged.update(headers or {})
    return httpx.Request(method, url, params=params, json=json,
                         content=content, headers=merged)


def sent_microversion(request):
    text = microversion.echoed(request.headers)
    return microversion.parse(text) if text else None


def check(response, raise_errors=True):
    """Raise the error of an error answer (when asked) and check the echo
    of a microversioned request."""
    if response.status_code >= 300:
        if raise_errors:
            errors.raise_for_response(response)
        return response
    microversion.check_echo(response, sent_microversion(response.request))
    return response


def call(connection, method, path, *, raise_errors=True, **kwargs):
    """One request below the endpoint; the checked response."""
    response = yield api_request(connection, method, path, **kwargs)
    return check(response, raise_errors)


def capabilities(connection, *, authenticated_retry=False):
    """GET capabilities (public; with auth only after a 401)."""
    request = auth_.anonymous(api_request(connection, 'GET', 'capabilities'))
    response = yield request
    if response.status_code == 401 and authenticated_retry:
        response = yield api_request(connection, 'GET', 'capabilities')
    check(response)
    return capabilities_.parse(decode(response, errors.DiscoveryError),
                               str(response.request.url))


# -- resources --------------------------------------------------------------

def check_declared(apis, noun, operation):
    """Raise OperationNotAllowed unless some version in ``apis`` declares
    ``noun`` with ``operation`` (checked before discovery)."""
    declared = [api.resource(noun) for api in apis]
    declared = [resource for resource in declared if resource is not None]
    if not declared:
        raise errors.OperationNotAllowed(
            'No API version of this client declares %r.' % noun)
    if not any(resource.allows(operation) for resource in declared):
        declared[0].check(operation)


def resource_for(connection, noun, operation):
    """The chosen version's declaration of ``noun``, which must allow
    ``operation`` and be served at the negotiated microversion."""
    resource = connection.api.resource(noun)
    if resource is None:
        raise errors.OperationNotAllowed(
            'v%d has no %s; nothing was sent.' % (connection.api.major,
                                                  noun))
    resource.check(operation)
    resource.check_microversion(connection.microversion)
    return resource


def _body(exact, body):
    """Request keyword arguments for a JSON ``body``: Decimals as exact
    numbers when ``exact`` (see :func:`resources.exact_json`)."""
    if exact:
        return {'content': resources.exact_json(body),
                'headers': {'Content-Type': JSON}}
    return {'json': body}


def _record_or_none(resource, response):
    """The record of an answer; None for no body or an empty object (a
    202 ``{}``: accepted, nothing to show)."""
    if response.status_code == 204 or not response.content:
        return None
    body = decode(response)
    if body == {}:
        return None
    return resource.record(resource.one(body))


def create(connection, noun, fields):
    resource = resource_for(connection, noun, resources.CREATE)
    params = {name: fields[name] for name in resource.path_params
              if name in fields}
    body_fields = {name: value for name, value in fields.items()
                   if name in resource.attributes or name not in params}
    path = resource.path(params)
    body = resource.to_wire(body_fields)
    response = yield from call(connection, 'POST', path,
                               **_body(resource.exact_numbers, body))
    record = _record_or_none(resource, response)
    location = response.headers.get('Location')
    if record is None and location and resource.allows(resources.RETRIEVE):
        response = yield from call(connection, 'GET',
                                   response.request.url.join(location))
        record = _record_or_none(resource, response)
    return record


def retrieve(connection, noun, pk=None, filters=None, params=None):
    """Record ``pk``, or every record of the list.  ``params`` are the
    path parameters and the declared query parameters (see
    :meth:`resources.Resource.query_params`)."""
    if pk is None:
        return (yield from list_all(connection, noun, filters, params))
    resource = resource_for(connection, noun, resources.RETRIEVE)
    path_params, query = resource.split(params)
    query = resource.query_params(filters, query) or None
    if not resource.item_path:
        return (yield from _retrieve_by_filter(
            connection, resource, pk, path_params, query))
    response = yield from call(
        connection, 'GET', resource.path(path_params, pk), params=query)
    return resource.record(resource.one(decode(response)))


def _retrieve_by_filter(connection, resource, pk, path_params, query):
    """The record ``pk`` of a resource without item URLs: its list,
    filtered on the primary key, must hold exactly that record."""
    pk = resources.text(pk)
    if resource.pk_wire in (query or {}):
        raise TypeError('give the %s %s as pk or as a filter, not both'
                        % (resource.noun, resource.pk_wire))
    query = dict(query or {}, **{resource.pk_wire: pk})
    response = yield from call(connection, 'GET',
                               resource.path(path_params), params=query)
    items = [item for item in resource.many(decode(response))
             if isinstance(item, dict) and item.get(resource.pk_wire) == pk]
    if len(items) != 1:
        raise errors.NotFound(
            'No %s with %s %s.' % (resource.noun, resource.pk_wire, pk),
            request_id=response.headers.get(errors.REQUEST_ID_HEADER),
            response=response)
    return resource.record(items[0])


def _empty_answer(resource, response):
    """Whether ``response`` is a 404 that means "nothing matches"."""
    return (resource.empty_detail is not None
            and response.status_code == 404
            and errors.from_response(response).detail
            == resource.empty_detail)


def list_all(connection, noun, filters=None, params=None):
    """Every record of every page (see :class:`resources.Pages`).

    A page that is a 404 meaning "nothing matches" (the resource's
    ``empty_detail``, CloudKitty's answer to an empty list) ends the
    list; the resource's ``combine`` joins the items of all pages.
    """
    resource = resource_for(connection, noun, resources.LIST)
    path_params, query = resource.split(params)
    url = resolve(connection.endpoint, resource.path(path_params))
    params = resource.pages.first(
        resource.query_params(filters, query)) or None
    items, seen = [], set()
    while True:
        response = yield from call(connection, 'GET', url, params=params,
                                   raise_errors=False)
        if _empty_answer(resource, response):
            break
        errors.raise_for_response(response)
        body = decode(response)
        page = resource.many(body)
        items.extend(page)
        seen.add(str(response.request.url))
        following = resource.pages.next_url(
            resource, response, body, resource.pages.count(page))
        if following is None:
            break
        if following in seen:
            raise errors.PaginationError(
                'The pages of %s loop back to %s' % (noun, following))
        url, params = following, None
    if resource.combine is not None:
        items = resource.combine(items)
    return [resource.record(item) for item in items]


def update(connection, noun, pk, data, path_params=None):
    """Update and return the record; after an empty answer (204) the
    record is read back when the resource can be retrieved.  A resource
    without item URLs gets the primary key in the body."""
    resource = resource_for(connection, noun, resources.UPDATE)
    body = resource.to_wire(data or {}, update=True)
    if resource.item_path:
        path = resource.path(path_params or {}, pk)
    else:
        path = resource.path(path_params or {})
        target = body[resource.singular] if resource.wrapped else body
        target[resource.pk_wire] = resources.dump(pk)
    response = yield from call(connection, resource.update_method, path,
                               **_body(resource.exact_numbers, body))
    record = _record_or_none(resource, response)
    if record is None and resource.allows(resources.RETRIEVE):
        record = yield from retrieve(connection, noun, pk,
                                     params=path_params)
    return record


def delete(connection, noun, pk, raise_not_exists=False, params=None):
    """True when deleted; False when there was nothing to delete (unless
    ``raise_not_exists``, then NotFound).  ``params`` are the path
    parameters and the query parameters the delete declares."""
    resource = resource_for(connection, noun, resources.DELETE)
    path_params, query = resource.split(params, resource.delete_query)
    response = yield from call(connection, 'DELETE',
                               resource.path(path_params, pk),
                               params=resource.delete_params(query) or None,
                               raise_errors=False)
    if response.status_code == 404 and not raise_not_exists:
        return False
    errors.raise_for_response(response)
    return True


def head(connection, noun, pk=None, path_params=None):
    """Whether the record (or the collection) exists."""
    resource = resource_for(connection, noun, resources.HEAD)
    response = yield from call(connection, 'HEAD',
                               resource.path(path_params or {}, pk),
                               raise_errors=False)
    if response.status_code == 404:
        return False
    errors.raise_for_response(response)
    return True


def perform(connection, noun, name, arguments):
    """The action ``name`` of ``noun`` (see :class:`resources.Action`):
    its request, then None once answered with a success (or, when the
    action says so, the answer as a record)."""
    resource = resource_for(connection, noun, name)
    action = resource.actions[name]
    arguments = dict(arguments)
    path_params = {param: arguments.pop(param)
                   for param in resource.path_params if param in arguments}
    path = resource.path(path_params)
    if action.path:
        path += '/' + action.path.strip('/')
    body = action.body(arguments)
    response = yield from call(connection, action.method, path,
                               **_body(action.exact_numbers, body))
    if action.returns_record:
        return resource.record(resource.one(decode(response)))
    return None
