"""The capabilities document (``GET /vN/capabilities``) as a typed model.

The document (DISCOVERY.md 6.5) lists every capability the major ever
published, each with the microversions that carry it and whether it is
``available`` at the negotiated microversion, plus what the deployment
says about itself.  :meth:`Capabilities.supports` answers from it.
"""
import dataclasses
import types

from ratingapi.client import discovery
from ratingapi.client import errors


@dataclasses.dataclass(frozen=True)
class Capability:
    name: str
    min_version: str | None
    max_version: str | None
    available: bool


@dataclasses.dataclass(frozen=True)
class Deployment:
    """What the deployment states; members this client does not know yet
    are kept in ``extra``."""

    max_limit: int | None = None
    max_request_body_size: int | None = None
    rating_modules: tuple = ()
    storage_backend: str | None = None
    # The rating types of the deployment's metric definitions.
    metric_types: tuple = ()
    extra: types.MappingProxyType = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({}))


_DEPLOYMENT_FIELDS = ('max_limit', 'max_request_body_size',
                      'rating_modules', 'storage_backend', 'metric_types')


@dataclasses.dataclass(frozen=True)
class Capabilities:
    version: discovery.Version
    microversion: str | None
    capabilities: tuple
    deployment: Deployment
    url: str | None = None

    @property
    def names(self):
        return tuple(cap.name for cap in self.capabilities)

    def get(self, name):
        for cap in self.capabilities:
            if cap.name == name:
                return cap
        return None

    def supports(self, name):
        """Whether ``name`` is listed and available at this microversion."""
        cap = self.get(name)
        return bool(cap and cap.available)

    def __contains__(self, name):
        return self.supports(name)

    def __iter__(self):
        return iter(self.capabilities)


def parse(body, url):
    """The :class:`Capabilities` in ``body`` (decoded JSON from ``url``)."""
    if not isinstance(body, dict) or not isinstance(
            body.get('capabilities'), list):
        raise errors.DiscoveryError(
            'Invalid capabilities document at %s' % url, url=url)
    version = discovery.parse(body, url).versions[0]
    caps = []
    for item in body['capabilities']:
        if not isinstance(item, dict) or not isinstance(item.get('name'),
                                                        str):
            raise errors.DiscoveryError(
                'Invalid capability %r at %s' % (item, url), url=url)
        caps.append(Capability(
            name=item['name'], min_version=item.get('min_version'),
            max_version=item.get('max_version'),
            available=bool(item.get('available', True))))
    raw = body.get('deployment') or {}
    if not isinstance(raw, dict):
        raise errors.DiscoveryError(
            'Invalid deployment member at %s' % url, url=url)
    deployment = Deployment(
        max_limit=raw.get('max_limit'),
        max_request_body_size=raw.get('max_request_body_size'),
        rating_modules=tuple(raw.get('rating_modules') or ()),
        storage_backend=raw.get('storage_backend'),
        metric_types=tuple(raw.get('metric_types') or ()),
        extra=types.MappingProxyType({
            key: value for key, value in raw.items()
            if key not in _DEPLOYMENT_FIELDS}))
    return Capabilities(version=version,
                        microversion=body.get('microversion'),
                        capabilities=tuple(caps), deployment=deployment,
                        url=url)
