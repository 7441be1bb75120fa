"""Version discovery, the pure part: parse a versions document, choose.

No I/O here (the flows fetch, the drivers send): :func:`parse` turns a
decoded JSON body into a :class:`Document`, :func:`choose` picks the
version and microversion both sides support.

Accepted shapes, as keystoneauth reads them (DISCOVERY.md 1.2):
``{"versions": [...]}`` (API-SIG, ratingapi's root), Keystone's
``{"versions": {"values": [...]}}``, a single ``{"version": {...}}``
(a versioned endpoint) and a bare ``{"id": ...}`` object (old Ironic,
status forced to CURRENT).  A top-level list is an error.

Each entry needs an ``id``, a ``status`` and a ``self`` link, and its
microversions (``min_version``, ``max_version`` or the legacy ``version``;
``""`` means absent) must be ``"X.Y"`` strings; an entry that breaks these
rules is skipped and the reason kept.  Statuses are upper-cased, ``STABLE``
becomes ``CURRENT`` and anything unknown becomes ``UNKNOWN``, which is never
chosen.  Relative links are resolved against the URL the document came
from; absolute links are used as served (ratingapi builds them from its
public URL or its trusted proxy headers).

The choice (DISCOVERY.md 6.9): the newest CURRENT or SUPPORTED version the
client supports (EXPERIMENTAL joins them with ``unstable=True``);
DEPRECATED only when nothing else fits, with a warning.  A pinned major
(``"1"``) or microversion (``"2.1"``) restricts the choice; the negotiated
microversion is ``min(client max, server max)`` (or the pin) and must lie
within both ranges.  When nothing fits, :class:`VersionNotAvailable` says
what the server offers and what the client supports.
"""
import dataclasses
import re
import urllib.parse

from ratingapi.client import errors
from ratingapi.client import microversion

CURRENT = 'CURRENT'
SUPPORTED = 'SUPPORTED'
DEPRECATED = 'DEPRECATED'
EXPERIMENTAL = 'EXPERIMENTAL'
UNKNOWN = 'UNKNOWN'
STATUSES = (CURRENT, SUPPORTED, DEPRECATED, EXPERIMENTAL)

_ID_RE = re.compile(r'^v?([0-9]+)(?:\.([0-9]+))?$', re.IGNORECASE)
_PIN_RE = re.compile(r'^(?:v([0-9]+)|([0-9]+)|([0-9]+)\.([0-9]+))$',
                     re.IGNORECASE)
_VERSION_SEGMENT_RE = re.compile(r'/v[0-9]+(\.[0-9]+)?/?$')


def normalize_status(status):
    """API-SIG normalisation: upper case, ``STABLE`` → ``CURRENT``, and
    anything but the four statuses → ``UNKNOWN``."""
    status = str(status).upper()
    if status == 'STABLE':
        return CURRENT
    return status if status in STATUSES else UNKNOWN


def parse_version_id(text):
    """``"v2.0"``, ``"v2"``, ``"2"`` → ``(2, 0)``; raise ValueError."""
    match = _ID_RE.match(str(text).strip())
    if not match:
        raise ValueError('malformed version id %r' % (text,))
    return int(match.group(1)), int(match.group(2) or 0)


@dataclasses.dataclass(frozen=True)
class Pin:
    """A version asked for: a major (``minor`` None) or a microversion."""

    major: int
    minor: int | None = None

    @property
    def microversion(self):
        return None if self.minor is None else (self.major, self.minor)

    def __str__(self):
        if self.minor is None:
            return str(self.major)
        return '%d.%d' % (self.major, self.minor)


def parse_pin(version):
    """``"1"``, ``"v1"``, ``1`` → major 1; ``"2.1"`` → microversion 2.1;
    None → None; anything else raises ValueError."""
    if version is None:
        return None
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str):
        raise ValueError('version must be a string such as "2" or "2.1", '
                         'not %r' % (version,))
    match = _PIN_RE.match(version.strip())
    if not match:
        raise ValueError('version must be a major ("2", "v2") or a '
                         'microversion ("2.1"), not %r' % (version,))
    major_v, major, mv_major, mv_minor = match.groups()
    if mv_major is not None:
        return Pin(int(mv_major), int(mv_minor))
    return Pin(int(major_v or major))


@dataclasses.dataclass(frozen=True)
class Version:
    """One entry of a versions document, normalised."""

    id: str
    number: tuple
    status: str
    url: str
    collection_url: str | None = None
    min_microversion: tuple | None = None
    max_microversion: tuple | None = None

    @property
    def major(self):
        return self.number[0]

    @property
    def microversioned(self):
        return self.max_microversion is not None

    def describe(self):
        text = '%s (%s' % (self.id, self.status)
        if self.microversioned:
            text += ', microversions %s to %s' % (
                microversion.format(self.min_microversion),
                microversion.format(self.max_microversion))
        return text + ')'

    def __str__(self):
        return self.id


@dataclasses.dataclass(frozen=True)
class Document:
    """A parsed versions document: ``versions`` newest first; ``single``
    when it was a ``{"version": ...}`` document (a versioned endpoint)."""

    url: str
    versions: tuple
    single: bool = False
    skipped: tuple = ()


@dataclasses.dataclass(frozen=True)
class Choice:
    """What :func:`choose` picked: the version entry, the client API
    declaration that speaks it, the microversion to send (None when the
    version has none) and warnings for the user."""

    version: Version
    api: object
    microversion: tuple | None
    warnings: tuple = ()


def _resolve(base, href):
    if urllib.parse.urlsplit(href).scheme:
        return href
    return urllib.parse.urljoin(base.rstrip('/') + '/', href)


def _collection_of(url):
    """The unversioned URL above a versioned one, when it looks like one."""
    parts = urllib.parse.urlsplit(url)
    if not _VERSION_SEGMENT_RE.search(parts.path):
        return None
    path = _VERSION_SEGMENT_RE.sub('/', parts.path)
    return urllib.parse.urlunsplit(parts._replace(path=path, query='',
                                                  fragment=''))


def _microversion_field(raw, *names):
    for name in names:
        value = raw.get(name)
        if value is None or value == '':
            continue
        try:
            return microversion.parse(value)
        except ValueError as exc:
            raise ValueError('%s: %s' % (name, exc))
    return None


def _entry(raw, url, forced_status=None):
    if not isinstance(raw, dict):
        raise ValueError('entry %r is not an object' % (raw,))
    if 'id' not in raw:
        raise ValueError('entry without "id"')
    ident = raw['id']
    number = parse_version_id(ident)
    status = forced_status or raw.get('status')
    if status is None:
        raise ValueError('%s: no "status"' % ident)
    links = raw.get('links')
    if not isinstance(links, list):
        raise ValueError('%s: no "links" list' % ident)
    hrefs = {}
    for link in links:
        if (isinstance(link, dict) and isinstance(link.get('rel'), str)
                and isinstance(link.get('href'), str)):
            hrefs.setdefault(link['rel'].lower(), link['href'])
    if 'self' not in hrefs:
        raise ValueError('%s: no "self" link' % ident)
    self_url = _resolve(url, hrefs['self'])
    collection = hrefs.get('collection')
    collection_url = (_resolve(url, collection) if collection is not None
                      else _collection_of(self_url))
    low = _microversion_field(raw, 'min_version')
    high = _microversion_field(raw, 'max_version', 'version')
    if high is None and low is not None:
        high = low
    if low is None and high is not None:
        low = (number[0], 0)
    for bound in (low, high):
        if bound is not None and bound[0] != number[0]:
            raise ValueError('%s: microversion %s of another major' % (
                ident, microversion.format(bound)))
    if low is not None and low > high:
        raise ValueError('%s: min_version above max_version' % ident)
    return Version(id=str(ident), number=number,
                   status=normalize_status(status), url=self_url,
                   collection_url=collection_url, min_microversion=low,
                   max_microversion=high)


def parse(body, url):
    """The :class:`Document` in ``body`` (decoded JSON) fetched at
    ``url``; raise :class:`DiscoveryError` when it is unusable."""
    forced_status = None
    single = False
    if isinstance(body, list):
        raise errors.DiscoveryError(
            'Invalid versions document at %s: a list instead of an '
            'object' % url, url=url)
    if not isinstance(body, dict):
        raise errors.DiscoveryError(
            'Invalid versions document at %s: not a JSON object' % url,
            url=url)
    if 'versions' in body:
        values = body['versions']
        if isinstance(values, dict):
            values = values.get('values')
    elif isinstance(body.get('version'), dict):
        values, single = [body['version']], True
    elif 'id' in body:
        values, single, forced_status = [body], True, CURRENT
    else:
        raise errors.DiscoveryError(
            'Invalid versions document at %s: no "versions" or "version" '
            'member' % url, url=url)
    if not isinstance(values, list):
        raise errors.DiscoveryError(
            'Invalid versions document at %s: "versions" is not a list'
            % url, url=url)
    versions, skipped = [], []
    for raw in values:
        try:
            versions.append(_entry(raw, url, forced_status))
        except ValueError as exc:
            skipped.append(str(exc))
    if not versions:
        raise errors.DiscoveryError(
            'No usable version in the document at %s%s' % (
                url, (': ' + '; '.join(skipped)) if skipped else ''),
            url=url)
    versions.sort(key=lambda version: version.number, reverse=True)
    return Document(url=url, versions=tuple(versions), single=single,
                    skipped=tuple(skipped))


def describe_supported(apis):
    """``"v2 (microversions 2.0 to 2.0), v1"``."""
    texts = []
    for api in sorted(apis, key=lambda api: api.major, reverse=True):
        text = 'v%d' % api.major
        if api.max_microversion is not None:
            text += ' (microversions %s to %s)' % (
                microversion.format(api.min_microversion),
                microversion.format(api.max_microversion))
        texts.append(text)
    return ', '.join(texts)


def negotiate(version, api, pin=None):
    """The microversion to use with ``version`` through ``api``, or raise
    ValueError saying why there is none.

    The pin when given, else ``min(client max, server max)``; it must lie
    within both ranges.  None when either side has no microversions.
    """
    wanted = pin.microversion if pin is not None else None
    if not version.microversioned or api.max_microversion is None:
        if wanted is not None and wanted != (version.major, 0):
            raise ValueError('%s has no microversion %s' % (
                version.id, microversion.format(wanted)))
        return None
    server = (version.min_microversion, version.max_microversion)
    client = (api.min_microversion, api.max_microversion)
    chosen = wanted if wanted is not None else min(client[1], server[1])
    for side, (low, high) in (('server', server), ('client', client)):
        if not low <= chosen <= high:
            raise ValueError('microversion %s is outside the %s range %s '
                             'to %s' % (microversion.format(chosen), side,
                                        microversion.format(low),
                                        microversion.format(high)))
    return chosen


def choose(document, apis, *, pin=None, unstable=False):
    """The :class:`Choice` for ``document`` given the client's ``apis``
    (objects with ``major``, ``min_microversion`` and ``max_microversion``),
    an optional :class:`Pin` and ``unstable``; raise VersionNotAvailable.
    """
    by_major = {api.major: api for api in apis}
    preferred, deprecated, reasons = [], [], []
    for version in document.versions:      # newest first
        api = by_major.get(version.major)
        if api is None:
            continue
        if pin is not None and version.major != pin.major:
            continue
        if version.status == UNKNOWN:
            reasons.append('%s has an unknown status' % version.id)
            continue
        if version.status == EXPERIMENTAL and not unstable:
            reasons.append('%s is EXPERIMENTAL (pass unstable=True to use '
                           'it)' % version.id)
            continue
        try:
            chosen = negotiate(version, api, pin)
        except ValueError as exc:
            reasons.append('%s: %s' % (version.id, exc))
            continue
        target = deprecated if version.status == DEPRECATED else preferred
        target.append(Choice(version, api, chosen))
    if preferred:
        return preferred[0]
    if deprecated:
        choice = deprecated[0]
        warning = ('%s offered by %s is DEPRECATED; it is used because no '
                   'other version suits both sides' % (
                       choice.version.id, document.url))
        return dataclasses.replace(choice, warnings=(warning,))
    message = 'No API version in common with %s' % document.url
    if pin is not None:
        message += ' for version %s' % pin
    message += ': the server offers %s; this client supports %s' % (
        ', '.join(v.describe() for v in document.versions) or 'nothing',
        describe_supported(apis))
    if reasons:
        message += ' (%s)' % '; '.join(reasons)
    raise errors.VersionNotAvailable(
        message + '.', offered=document.versions, supported=apis,
        requested=None if pin is None else str(pin), url=document.url)


class DeprecatedVersionWarning(UserWarning):
    """The version in use is DEPRECATED on the server (chosen only because
    nothing else suits both sides)."""
