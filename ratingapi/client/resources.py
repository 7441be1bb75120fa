"""Declarative resources: each API version says once what it serves.

A :class:`Resource` is a noun with a ``base_path`` (``%(name)s`` path
parameters allowed), the ``singular`` and ``plural`` keys of its bodies,
the operations it allows (create, retrieve, list, update, delete, head),
its primary key and a map of PEP-8 attribute names to :class:`Attr` (wire
name, optional type, read-only).  It may also declare the query
parameters of its list (:class:`Param`) and operations that are not CRUD
(:class:`Action`).  An :class:`Api` groups the resources of one major
version with the microversions the client speaks there.

From these declarations the clients generate ``create_<noun>``,
``retrieve_<noun>``, ``update_<noun>``, ``delete_<noun>`` and
``head_<noun>``, plus one method per action; the flows use the helpers
here to build paths, queries and bodies and to read :class:`Record`
objects back.  Everything here is pure.
"""
import collections.abc
import dataclasses
import datetime
import decimal
import json
import re
import urllib.parse
import uuid

from ratingapi.client import errors
from ratingapi.client import microversion

CREATE = 'create'
RETRIEVE = 'retrieve'
LIST = 'list'
UPDATE = 'update'
DELETE = 'delete'
HEAD = 'head'
OPERATIONS = (CREATE, RETRIEVE, LIST, UPDATE, DELETE, HEAD)

_PARAM_RE = re.compile(r'%\((\w+)\)s')


@dataclasses.dataclass(frozen=True)
class Attr:
    """One attribute: its ``wire`` name (default: the attribute name), an
    optional ``type`` applied to values read from the wire (None values
    and values already of that type are kept), and ``read_only``."""

    wire: str | None = None
    type: object = None           # a callable, usually a class
    read_only: bool = False

    def load(self, value):
        if value is None or self.type is None:
            return value
        if isinstance(self.type, type) and isinstance(value, self.type):
            return value
        return self.type(value)


def timestamp(value):
    """An ISO 8601 date and time read from the wire, as an aware
    datetime (a value without an offset is UTC)."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise errors.RatingClientError(
                'expected an ISO 8601 date and time, got %r' % (value,))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def amount(value):
    """A quantity or a price read from the wire, as an exact Decimal
    (integers too; a float, which the SDK's decoder never makes, by its
    shortest repr)."""
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise errors.RatingClientError('expected a number, got %r'
                                       % (value,))
    try:
        return decimal.Decimal(repr(value) if isinstance(value, float)
                               else value)
    except decimal.InvalidOperation:
        raise errors.RatingClientError('expected a number, got %r'
                                       % (value,))


def dump(value, exact=False):
    """A value as JSON can carry it (Decimal and datetimes as strings:
    the stdlib encoder cannot write an exact decimal number; a
    :class:`Record` as its wire object).  Decimals are written in plain
    notation (``0.000000001``, not ``1E-9``); with ``exact`` they are
    kept, for :func:`exact_json`."""
    if isinstance(value, decimal.Decimal):
        return value if exact else format(value, 'f')
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Record):
        return dump(value.raw, exact)
    if isinstance(value, collections.abc.Mapping):
        return {key: dump(item, exact) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [dump(item, exact) for item in value]
    return value


def exact_json(value):
    """The JSON text (bytes) of ``value``, Decimals written as exact
    numbers: each is first written as a string between two copies of a
    random token, then unquoted."""
    token = uuid.uuid4().hex

    def mark(item):
        if isinstance(item, decimal.Decimal):
            if not item.is_finite():
                raise ValueError('JSON cannot carry %s' % item)
            return '%s%s%s' % (token, format(item, 'f'), token)
        if isinstance(item, dict):
            return {key: mark(each) for key, each in item.items()}
        if isinstance(item, list):
            return [mark(each) for each in item]
        return item
    text = json.dumps(mark(dump(value, exact=True)), allow_nan=False,
                      separators=(',', ':'))
    return re.sub('"%s([-0-9.]+)%s"' % (token, token), r'\1',
                  text).encode('utf-8')


def text(value):
    """A scalar as a query string value: booleans as ``true``/``false``,
    datetimes in ISO 8601, numbers exactly."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (decimal.Decimal, datetime.datetime,
                          datetime.date)):
        return dump(value)
    raise ValueError('cannot send %r in a query string' % (value,))


SINGLE = 'single'
MULTI = 'multi'
PAIRS = 'pairs'


def _no_comma(name, item, what):
    if ',' in item:
        raise ValueError('%s: %s %r holds a comma, which the API reads as '
                         'a separator' % (name, what, item))
    return item


@dataclasses.dataclass(frozen=True)
class Param:
    """A query parameter of a list, by its PEP-8 name: its ``wire`` name
    (default: the name) and its ``style``:

    * ``SINGLE``: one value;
    * ``MULTI``: a value or a list of values, sent as repeated parameters;
    * ``PAIRS``: a mapping of ``key`` to a value or a list of values, sent
      as repeated ``key:value`` parameters (CloudKitty's ``filters``).

    The API splits values on commas: one holding a comma raises
    ValueError before anything is sent.
    """

    wire: str | None = None
    style: str = SINGLE

    def __post_init__(self):
        if self.style not in (SINGLE, MULTI, PAIRS):
            raise ValueError('a Param style is SINGLE, MULTI or PAIRS')

    def encode(self, name, value):
        """The query string values of ``value`` (a list of strings)."""
        if self.style == SINGLE:
            return [text(value)]
        if self.style == MULTI:
            items = [value] if isinstance(value, (str, bool)) or not (
                isinstance(value, collections.abc.Iterable)) else value
            return [_no_comma(name, text(item), 'value') for item in items]
        if not isinstance(value, collections.abc.Mapping):
            raise ValueError('%s takes a mapping of key to value(s), not %r'
                             % (name, value))
        pairs = []
        for key, items in value.items():
            key = _no_comma(name, text(key), 'key')
            if not key or ':' in key:
                raise ValueError('%s: key %r must be non-empty and hold no '
                                 'colon' % (name, key))
            if isinstance(items, (str, bool)) or not isinstance(
                    items, collections.abc.Iterable):
                items = [items]
            pairs.extend('%s:%s' % (key, _no_comma(name, text(item),
                                                   'value'))
                         for item in items)
        return pairs


def raw_query(filters):
    """Query parameters given as they are: a list value is repeated."""
    if filters is not None and not isinstance(filters,
                                              collections.abc.Mapping):
        raise ValueError('filters takes a mapping of query parameters, '
                         'not %r' % (filters,))
    query = {}
    for key, value in (filters or {}).items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            query[key] = [text(item) for item in value]
        else:
            query[key] = text(value)
    return query


@dataclasses.dataclass(frozen=True)
class Action:
    """An operation that is not CRUD, generated as the method ``name`` on
    both clients: ``method`` sent to the resource's path (plus ``path``),
    with the method's arguments as the JSON body.

    ``params`` maps each argument (PEP-8 name) to its :class:`Attr` (wire
    name); the arguments in ``required`` come first and are positional,
    the others are keyword-only and left out of the body when None.  The
    method returns None once the server has answered with a success.
    With ``exact_numbers`` Decimals go as exact JSON numbers (see
    :func:`exact_json`) rather than strings: for bodies where a number
    and a string differ, such as the ``groupby`` of rated data points.
    With ``returns_record`` the method returns the answer read as a
    record of its resource (a quote) rather than None.
    """

    name: str
    method: str
    params: dict
    required: tuple = ()
    path: str = ''
    doc: str = ''
    exact_numbers: bool = False
    returns_record: bool = False

    def __post_init__(self):
        unknown = set(self.required) - set(self.params)
        if unknown:
            raise ValueError('required arguments %s are not params'
                             % sorted(unknown))

    def body(self, arguments):
        missing = [name for name in self.required
                   if arguments.get(name) is None]
        if missing:
            raise TypeError('%s needs %s' % (self.name, ', '.join(missing)))
        body = {}
        for name, value in arguments.items():
            attr = self.params.get(name)
            if attr is None:
                raise TypeError('%s got an unexpected argument %r' % (
                    self.name, name))
            if value is not None:
                body[attr.wire or name] = dump(value, self.exact_numbers)
        return body


class Pages:
    """How a list is paged: by default only by ``next`` links, in the
    body (``links`` or ``<plural>_links``, API-SIG style) or in a ``Link``
    header.  A server without pagination sends neither: one page."""

    def first(self, filters):
        """Query parameters of the first page."""
        return dict(filters or {})

    def count(self, items):
        """How many items the server counts in a page of ``items``."""
        return len(items)

    def next_url(self, resource, response, body, count):
        """URL of the page after ``response`` (whose decoded ``body``
        held ``count`` items, as :meth:`count` counts them), or None for
        the last page."""
        return next_link(resource, response, body)


@dataclasses.dataclass(frozen=True)
class OffsetPages(Pages):
    """``offset``/``limit`` paging; ``next`` links win when the server
    sends them.  Otherwise, when the page says the ``total`` number of
    matching items, the next page is at ``offset + limit`` while that is
    below the total (so items that the server regroups, such as the
    points of dataframes, are counted as the server counts them);
    without a total, a full page (``limit`` items) asks for the next one.

    A ``limit`` in the filters sets the page size.  Without one (and
    without a ``limit`` here) none is sent: the server's default can
    never exceed what the deployment allows (``[api] max_limit``), any
    size the client chose could.  Each page then advances by the items
    it held, counted as the server counts them (``counter``: the points
    of dataframes)."""

    limit: int | None = None
    offset_param: str = 'offset'
    limit_param: str = 'limit'
    counter: collections.abc.Callable = len

    def first(self, filters):
        params = dict(filters or {})
        if self.limit is not None:
            params.setdefault(self.limit_param, self.limit)
        params.setdefault(self.offset_param, 0)
        return params

    def count(self, items):
        return self.counter(items)

    def next_url(self, resource, response, body, count):
        link = next_link(resource, response, body)
        if link is not None:
            return link
        url = response.request.url
        try:
            limit = url.params.get(self.limit_param)
            limit = None if limit is None else int(limit)
            offset = int(url.params.get(self.offset_param, 0))
        except ValueError:
            raise errors.PaginationError(
                'cannot page %s: non-numeric offset or limit' % url)
        step = count if limit is None else limit
        total = body.get('total') if isinstance(body, dict) else None
        if isinstance(total, int) and not isinstance(total, bool):
            if step == 0 or offset + step >= total:
                return None
            return str(url.copy_set_param(self.offset_param,
                                          offset + step))
        if count == 0 or (limit is not None and count < limit):
            return None
        return str(url.copy_set_param(self.offset_param, offset + count))


def next_link(resource, response, body):
    """The ``next`` link of a page, absolute, or None."""
    base = str(response.request.url)
    if isinstance(body, dict):
        for key in ('links', '%s_links' % resource.plural):
            links = body.get(key)
            if not isinstance(links, list):
                continue
            for link in links:
                if (isinstance(link, dict) and link.get('rel') == 'next'
                        and isinstance(link.get('href'), str)):
                    return urllib.parse.urljoin(base, link['href'])
    header = response.links.get('next')
    if header and header.get('url'):
        return urllib.parse.urljoin(base, header['url'])
    return None


class Resource:
    """A noun served at ``base_path`` (see the module docstring).

    Optional parts of a declaration:

    * ``query``: PEP-8 name → :class:`Param`, the query parameters its
      list takes as keyword arguments;
    * ``actions``: its :class:`Action` objects;
    * ``item_path=False``: records have no URL of their own: a retrieve
      filters the list on the primary key, an update sends it in the body
      to the list's URL;
    * ``reader``: body → list of wire objects, for list bodies that are
      not ``{plural: [...]}``;
    * ``combine``: list of wire objects → list of wire objects, run on
      the items of every page together (to join what a page boundary
      split);
    * ``empty_detail``: the detail of a 404 that means "nothing matches"
      (CloudKitty's empty lists): such a page ends the list;
    * ``delete_query``: PEP-8 name → :class:`Param`, the query
      parameters its delete takes as keyword arguments;
    * ``exact_numbers``: create and update bodies carry Decimals as exact
      JSON numbers (see :func:`exact_json`) rather than strings;
    * ``min_microversion``: the first microversion (``"X.Y"``) that serves
      the resource; below it every operation raises
      :class:`errors.MicroversionTooLow` before anything is sent.
    """

    def __init__(self, noun, base_path, *, singular, plural, pk,
                 attributes, operations, update_method='PUT',
                 wrapped=False, pages=None, query=None, actions=(),
                 item_path=True, reader=None, combine=None,
                 empty_detail=None, delete_query=None, exact_numbers=False,
                 min_microversion=None):
        unknown = set(operations) - set(OPERATIONS)
        if unknown:
            raise ValueError('unknown operations %s' % sorted(unknown))
        if update_method not in ('PUT', 'PATCH'):
            raise ValueError('update_method is PUT or PATCH')
        clashes = (set(query or {}) | set(delete_query or {})) & set(
            _PARAM_RE.findall(base_path))
        if clashes:
            raise ValueError('query parameters %s are path parameters'
                             % sorted(clashes))
        self.noun = noun
        self.base_path = base_path
        self.singular = singular
        self.plural = plural
        self.pk = pk
        self.attributes = {
            name: dataclasses.replace(attr, wire=attr.wire or name)
            for name, attr in attributes.items()}
        self.operations = frozenset(operations)
        self.update_method = update_method
        self.wrapped = wrapped
        self.pages = pages or Pages()
        self.query = _named(query)
        self.delete_query = _named(delete_query)
        self.exact_numbers = exact_numbers
        self.min_microversion = (microversion.parse(min_microversion)
                                 if min_microversion else None)
        self.actions = {action.name: action for action in actions}
        clashes = set(self.actions) & set(OPERATIONS)
        if clashes:
            raise ValueError('actions %s are CRUD operations'
                             % sorted(clashes))
        self.item_path = item_path
        self.reader = reader
        self.combine = combine
        self.empty_detail = empty_detail
        self.path_params = tuple(_PARAM_RE.findall(base_path))
        self._by_wire = {attr.wire: name
                         for name, attr in self.attributes.items()}

    def __repr__(self):
        return '<Resource %s at %s>' % (self.noun, self.base_path)

    def allows(self, operation):
        """Whether ``operation`` (a CRUD operation or an action's name)
        is declared."""
        return operation in self.operations or operation in self.actions

    def check(self, operation):
        if not self.allows(operation):
            allowed = sorted(self.operations) + sorted(self.actions)
            raise errors.OperationNotAllowed(
                '%s does not allow %s (it allows %s); nothing was sent.' % (
                    self.noun, operation, ', '.join(allowed) or 'nothing'))

    def split(self, params, declared=None):
        """Keyword arguments of a call → (path parameters, declared query
        parameters: of the list, or ``declared``); any other name raises
        TypeError before anything is sent."""
        declared = self.query if declared is None else declared
        path, query = {}, {}
        for name, value in (params or {}).items():
            if name in self.path_params:
                path[name] = value
            elif name in declared:
                query[name] = value
            else:
                known = sorted(self.path_params) + sorted(declared)
                raise TypeError('%s takes no argument %r (it takes %s)' % (
                    self.noun, name, ', '.join(known) or 'none'))
        return path, query

    def query_params(self, filters=None, params=None):
        """The query string of a list: the declared parameters in
        ``params`` (None values left out) and ``filters``, which is the
        declared ``filters`` parameter when there is one and otherwise
        raw query parameters."""
        params = dict(params or {})
        if 'filters' in self.query:
            params.setdefault('filters', filters)
            filters = None
        query = raw_query(filters)
        for name, value in params.items():
            if value is None:
                continue
            param = self.query[name]
            query[param.wire] = param.encode(name, value)
        return query

    def delete_params(self, params):
        """The query string of a delete: the declared ``delete_query``
        parameters in ``params`` (None values left out)."""
        return {self.delete_query[name].wire:
                self.delete_query[name].encode(name, value)
                for name, value in params.items() if value is not None}

    def check_microversion(self, negotiated):
        """Raise MicroversionTooLow when the resource needs a newer
        microversion than ``negotiated`` ((X, Y), or None)."""
        if self.min_microversion is None or (
                negotiated is not None
                and tuple(negotiated) >= self.min_microversion):
            return
        needed = microversion.format(self.min_microversion)
        got = microversion.format(negotiated)
        raise errors.MicroversionTooLow(
            '%s needs microversion %s or newer, but this session uses %s; '
            'nothing was sent.' % (
                self.noun, needed,
                'no microversion' if got is None else got),
            required=needed, negotiated=got)

    @property
    def pk_wire(self):
        attr = self.attributes.get(self.pk)
        return attr.wire if attr is not None else self.pk

    def path(self, params, pk=None):
        """The path below the version endpoint, without a leading ``/``.

        ``params`` must hold every ``%(name)s`` of the base path; values
        and the ``pk`` are percent-encoded as single segments.
        """
        missing = [name for name in self.path_params
                   if params.get(name) is None]
        if missing:
            raise TypeError('%s needs the path parameter(s) %s' % (
                self.noun, ', '.join(missing)))
        quoted = {name: urllib.parse.quote(str(params[name]), safe='')
                  for name in self.path_params}
        path = (self.base_path % quoted).strip('/')
        if pk is not None:
            path += '/' + urllib.parse.quote(str(pk), safe='')
        return path

    def to_wire(self, fields, *, update=False):
        """Attribute names → wire body; unknown names, and read-only ones
        on update, raise ValueError before anything is sent."""
        body = {}
        for name, value in fields.items():
            attr = self.attributes.get(name)
            if attr is None:
                raise ValueError('%s has no attribute %r (known: %s)' % (
                    self.noun, name, ', '.join(sorted(self.attributes))))
            if update and attr.read_only:
                raise ValueError('%s.%s is read-only' % (self.noun, name))
            body[attr.wire] = dump(value, self.exact_numbers)
        if self.wrapped:
            return {self.singular: body}
        return body

    def record(self, wire):
        return Record(self, wire)

    def one(self, body):
        """The wire object of a single-record body."""
        if self.wrapped and isinstance(body, dict) and isinstance(
                body.get(self.singular), dict):
            body = body[self.singular]
        if not isinstance(body, dict):
            raise errors.RatingClientError(
                'expected a %s object, got %r' % (self.noun, body))
        return body

    def many(self, body):
        """The wire objects of a list body (``{plural: [...]}``, or what
        the declared ``reader`` makes of it)."""
        if self.reader is not None:
            return self.reader(body)
        items = body.get(self.plural) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise errors.RatingClientError(
                'expected {"%s": [...]}, got %r' % (self.plural, body))
        return items

    def attribute_name(self, wire):
        return self._by_wire.get(wire)


def _named(params):
    """PEP-8 name → :class:`Param` with its wire name filled in."""
    return {name: dataclasses.replace(param, wire=param.wire or name)
            for name, param in (params or {}).items()}


class Record(collections.abc.Mapping):
    """One record, read through its resource's attribute map.

    Values are reachable by PEP-8 attribute name as attributes
    (``module.hot_config``) or keys; wire members the declaration does not
    know are kept too (``-`` becomes ``_``).  ``raw`` is the wire object.
    """

    __slots__ = ('_resource', '_values', '_raw')

    def __init__(self, resource, wire):
        values = {}
        for key, value in wire.items():
            name = resource.attribute_name(key)
            if name is not None:
                values[name] = resource.attributes[name].load(value)
            else:
                values.setdefault(key.replace('-', '_'), value)
        object.__setattr__(self, '_resource', resource)
        object.__setattr__(self, '_values', values)
        object.__setattr__(self, '_raw', dict(wire))

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError('%s has no attribute %r' % (
                self._resource.noun, name)) from None

    def __setattr__(self, name, value):
        raise AttributeError('records are read-only')

    def __getitem__(self, name):
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    @property
    def raw(self):
        return dict(self._raw)

    @property
    def resource(self):
        return self._resource

    @property
    def pk(self):
        return self._values.get(self._resource.pk)

    def __repr__(self):
        fields = ', '.join('%s=%r' % item for item in self._values.items())
        return '%s(%s)' % (self._resource.noun.title().replace('_', ''),
                           fields)


class Api:
    """The resources of one major version, and the microversions this
    client speaks there (``"X.Y"`` strings, None for a major without
    microversions)."""

    def __init__(self, major, resources, *, min_microversion=None,
                 max_microversion=None):
        self.major = major
        self.min_microversion = (microversion.parse(min_microversion)
                                 if min_microversion else None)
        self.max_microversion = (microversion.parse(max_microversion)
                                 if max_microversion else None)
        if (self.max_microversion is None) != (
                self.min_microversion is None):
            raise ValueError('give both microversion bounds or neither')
        self.resources = {resource.noun: resource for resource in resources}

    def __repr__(self):
        return '<Api v%d: %s>' % (self.major, ', '.join(self.resources))

    def resource(self, noun):
        return self.resources.get(noun)
