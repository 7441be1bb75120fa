"""Declarative resources: each API version says once what it serves.

A :class:`Resource` is a noun with a ``base_path`` (``%(name)s`` path
parameters allowed), the ``singular`` and ``plural`` keys of its bodies,
the operations it allows (create, retrieve, list, update, delete, head),
its primary key and a map of PEP-8 attribute names to :class:`Attr` (wire
name, optional type, read-only).  An :class:`Api` groups the resources of
one major version with the microversions the client speaks there.

From these declarations the clients generate ``create_<noun>``,
``retrieve_<noun>``, ``update_<noun>``, ``delete_<noun>`` and
``head_<noun>``; the flows use the helpers here to build paths and bodies
and to read :class:`Record` objects back.  Everything here is pure.
"""
import collections.abc
import dataclasses
import datetime
import decimal
import re
import urllib.parse

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


def dump(value):
    """A value as JSON can carry it (Decimal and datetimes as strings)."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [dump(item) for item in value]
    return value


class Pages:
    """How a list is paged: by default only by ``next`` links, in the
    body (``links`` or ``<plural>_links``, API-SIG style) or in a ``Link``
    header.  A server without pagination sends neither: one page."""

    def first(self, filters):
        """Query parameters of the first page."""
        return dict(filters or {})

    def next_url(self, resource, response, body, count):
        """URL of the page after ``response`` (whose decoded ``body``
        held ``count`` items), or None for the last page."""
        return next_link(resource, response, body)


@dataclasses.dataclass(frozen=True)
class OffsetPages(Pages):
    """``offset``/``limit`` paging: a full page (``limit`` items) asks
    for the next one; ``next`` links still win when the server sends
    them.  A ``limit`` in the filters sets the page size."""

    limit: int = 100
    offset_param: str = 'offset'
    limit_param: str = 'limit'

    def first(self, filters):
        params = dict(filters or {})
        params.setdefault(self.limit_param, self.limit)
        params.setdefault(self.offset_param, 0)
        return params

    def next_url(self, resource, response, body, count):
        link = next_link(resource, response, body)
        if link is not None:
            return link
        url = response.request.url
        try:
            limit = int(url.params.get(self.limit_param, self.limit))
            offset = int(url.params.get(self.offset_param, 0))
        except ValueError:
            raise errors.PaginationError(
                'cannot page %s: non-numeric offset or limit' % url)
        if count == 0 or count < limit:
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
    """A noun served at ``base_path`` (see the module docstring)."""

    def __init__(self, noun, base_path, *, singular, plural, pk,
                 attributes, operations, update_method='PUT',
                 wrapped=False, pages=None):
        unknown = set(operations) - set(OPERATIONS)
        if unknown:
            raise ValueError('unknown operations %s' % sorted(unknown))
        if update_method not in ('PUT', 'PATCH'):
            raise ValueError('update_method is PUT or PATCH')
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
        self.path_params = tuple(_PARAM_RE.findall(base_path))
        self._by_wire = {attr.wire: name
                         for name, attr in self.attributes.items()}

    def __repr__(self):
        return '<Resource %s at %s>' % (self.noun, self.base_path)

    def allows(self, operation):
        return operation in self.operations

    def check(self, operation):
        if operation not in self.operations:
            raise errors.OperationNotAllowed(
                '%s does not allow %s (it allows %s); nothing was sent.' % (
                    self.noun, operation,
                    ', '.join(sorted(self.operations)) or 'nothing'))

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
            body[attr.wire] = dump(value)
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
        """The wire objects of a list body (``{plural: [...]}``)."""
        items = body.get(self.plural) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise errors.RatingClientError(
                'expected {"%s": [...]}, got %r' % (self.plural, body))
        return items

    def attribute_name(self, wire):
        return self._by_wire.get(wire)


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
