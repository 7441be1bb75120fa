"""API v2 as this client speaks it: microversioned, the CloudKitty v2
shapes.

``MAX_MICROVERSION`` is the newest microversion this client was written
and tested against: the one constant to raise when the client learns what
a newer microversion added.
"""
from ratingapi.client import resources

MIN_MICROVERSION = '2.0'
MAX_MICROVERSION = '2.0'

# /v2/rating/modules: list → {"modules": [...]}, show → the bare object,
# PUT → 204 (the update flow then reads the module back).
MODULE = resources.Resource(
    'module', '/rating/modules', singular='module', plural='modules',
    pk='module_id',
    operations=(resources.RETRIEVE, resources.LIST, resources.UPDATE,
                resources.HEAD),
    attributes={
        'module_id': resources.Attr(type=str, read_only=True),
        'description': resources.Attr(type=str, read_only=True),
        'enabled': resources.Attr(type=bool),
        'hot_config': resources.Attr('hot_config', bool, read_only=True),
        'priority': resources.Attr(type=int),
    })

API = resources.Api(2, (MODULE,), min_microversion=MIN_MICROVERSION,
                    max_microversion=MAX_MICROVERSION)
