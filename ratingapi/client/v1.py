"""API v1 as this client speaks it: CloudKitty's legacy surface, without
microversions (its errors are v1 fault bodies)."""
from ratingapi.client import resources

# /v1/rating/modules: list → {"modules": [...]}, show → the bare object,
# PUT → 200 with the module; the wire spells hot-config with a dash.
MODULE = resources.Resource(
    'module', '/rating/modules', singular='module', plural='modules',
    pk='module_id',
    operations=(resources.RETRIEVE, resources.LIST, resources.UPDATE,
                resources.HEAD),
    attributes={
        'module_id': resources.Attr(type=str, read_only=True),
        'description': resources.Attr(type=str, read_only=True),
        'enabled': resources.Attr(type=bool),
        'hot_config': resources.Attr('hot-config', bool, read_only=True),
        'priority': resources.Attr(type=int),
    })

API = resources.Api(1, (MODULE,))
