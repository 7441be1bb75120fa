"""Version registry and the discovery documents built from it.

Each major version declares one :class:`ApiVersion`.  For a microversioned
major its ``history`` (one :class:`Microversion` per step, each saying in one
line what it added) is the single source of ``min_version``/``max_version``,
of the capabilities list and of what the negotiation accepts; a major
without history (v1) lists its capabilities directly.

The root list, each ``{"version": ...}`` document and the capabilities
document all use :func:`version_entry`, so they cannot disagree.
"""
import dataclasses
import functools
import re

from ratingapi.api import microversion
from ratingapi.api import serialization

CURRENT = 'CURRENT'
SUPPORTED = 'SUPPORTED'
DEPRECATED = 'DEPRECATED'
EXPERIMENTAL = 'EXPERIMENTAL'
STATUSES = (CURRENT, SUPPORTED, DEPRECATED, EXPERIMENTAL)


@dataclasses.dataclass(frozen=True)
class Microversion:
    version: str
    summary: str
    added: tuple = ()      # operations (routes × methods) that appear
    removed: tuple = ()    # capability names that disappear at it
    behaviours: tuple = ()  # changed behaviours of existing operations

    @property
    def introduced(self):
        return self.added + self.behaviours


@dataclasses.dataclass(frozen=True)
class Capability:
    name: str
    min_version: str | None
    max_version: str | None

    def available(self, executed):
        """Whether this capability exists at ``executed`` ((X, Y) or None)."""
        if executed is None:
            return True
        low = microversion.parse(self.min_version)
        if executed < low:
            return False
        if self.max_version is None:
            return True
        return executed <= microversion.parse(self.max_version)


@dataclasses.dataclass(frozen=True)
class ApiVersion:
    major: int
    status: str
    history: tuple = ()           # Microversion entries, oldest first
    capability_names: tuple = ()  # for a major without microversions

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError('unknown version status %r' % self.status)
        versions = [microversion.parse(m.version) for m in self.history]
        if versions != sorted(set(versions)) or any(
                v[0] != self.major for v in versions):
            raise ValueError('v%d history must be strictly increasing '
                             'within its major' % self.major)

    @property
    def id(self):
        return 'v%d.0' % self.major

    @property
    def path(self):
        return '/v%d' % self.major

    @property
    def microversioned(self):
        return bool(self.history)

    @property
    def min_version(self):
        return microversion.parse(self.history[0].version)

    @property
    def max_version(self):
        return microversion.parse(self.history[-1].version)

    @functools.cached_property
    def capabilities(self):
        """Every capability ever published by this major, in history order."""
        if not self.microversioned:
            return tuple(Capability(name, None, None)
                         for name in self.capability_names)
        found = {}
        previous = None
        for step in self.history:
            for name in step.introduced:
                found[name] = [step.version, None]
            for name in step.removed:
                # Last version that still had it: the step before this one.
                found[name][1] = previous
            previous = step.version
        return tuple(Capability(name, low, high)
                     for name, (low, high) in found.items())


def version_entry(version, root_url):
    """The discovery entry of ``version``; ``root_url`` ends with ``/``."""
    entry = {'id': version.id, 'status': version.status}
    if version.microversioned:
        entry['min_version'] = microversion.format(version.min_version)
        entry['max_version'] = microversion.format(version.max_version)
        # Legacy alias read by older clients (Nova-style documents).
        entry['version'] = entry['max_version']
    entry['links'] = [
        {'rel': 'self', 'href': '%sv%d/' % (root_url, version.major)},
        {'rel': 'collection', 'href': root_url},
    ]
    return entry


def versions_document(versions, root_url):
    return {'versions': [version_entry(v, root_url) for v in versions]}


def version_document(version, root_url):
    return {'version': version_entry(version, root_url)}


def capabilities_document(version, root_url, executed, deployment):
    """GET /vN/capabilities at microversion ``executed`` (None on v1)."""
    return {
        'version': version_entry(version, root_url),
        'microversion': (microversion.format(executed)
                         if executed else None),
        'capabilities': [
            {'name': cap.name, 'min_version': cap.min_version,
             'max_version': cap.max_version,
             'available': cap.available(executed)}
            for cap in version.capabilities],
        'deployment': deployment,
        'links': [{'rel': 'self', 'href': '%sv%d/capabilities' % (
            root_url, version.major)}],
    }


@functools.lru_cache(maxsize=64)
def encoded_versions_document(versions, root_url):
    """The root document as bytes: static per root URL, so built once.

    The cache is bounded because ``root_url`` derives from the Host header.
    """
    return serialization.dumps(
        versions_document(versions, root_url)).encode()


# A path prefix announced by a proxy: plain segments only, so a value such
# as "//evil.example" or "/a/../b" can never end up in a link.
_PREFIX_RE = re.compile(r'^(/[A-Za-z0-9._~-]+)+/?$')


_HOST_RE = re.compile(r'^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\]'
                      r'(:[0-9]{1,5})?$')


def valid_host(host):
    return bool(_HOST_RE.fullmatch(host))


def valid_prefix(prefix):
    return bool(_PREFIX_RE.fullmatch(prefix)) and not any(
        seg in ('.', '..') for seg in prefix.split('/'))


def root_url(environ, public_url, mount=''):
    """Absolute URL of the unversioned root, ending with ``/``.

    ``public_url`` (config) wins; otherwise scheme, Host and ``SCRIPT_NAME``
    of the request, less ``mount`` (the version app's own mount point).
    Proxy headers have already been applied to ``environ`` by the proxy
    middleware when, and only when, they are trusted.
    """
    if public_url:
        return public_url.rstrip('/') + '/'
    script = environ.get('SCRIPT_NAME', '')
    if mount and script.endswith(mount):
        script = script[:-len(mount)]
    scheme = environ['wsgi.url_scheme']
    host = environ.get('HTTP_HOST', '')
    if not valid_host(host):
        # Missing or not a host[:port]: never reflect it into a link.
        host = '%s:%s' % (environ['SERVER_NAME'], environ['SERVER_PORT'])
    return '%s://%s%s/' % (scheme, host, script.rstrip('/'))
