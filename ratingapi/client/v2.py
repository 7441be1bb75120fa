"""API v2 as this client speaks it: microversioned, the CloudKitty v2
shapes.

``MAX_MICROVERSION`` is the newest microversion this client was written
and tested against: the one constant to raise when the client learns what
a newer microversion added.  At 2.0 lists page by ``offset``/``limit``
with a ``total``, and an empty list of dataframes or scopes is CloudKitty's
404 "No resource found for provided filters." (read here as an empty
list); from 2.1 every page carries ``links`` to the next one, which the
client follows.  2.2 adds the hashmap rules and the quote; their
declarations say so (``min_microversion``), and against an older server
they fail before sending anything.
"""
from ratingapi.client import errors
from ratingapi.client import resources

MIN_MICROVERSION = '2.0'
MAX_MICROVERSION = '2.2'

# The 404 detail of an empty list at 2.0 (GET /v2/dataframes, /v2/scope).
NOTHING_FOUND = 'No resource found for provided filters.'

TIMESTAMP = resources.Attr(type=resources.timestamp)
AMOUNT = resources.Attr(type=resources.amount)
PAGE_SIZE_PARAM = resources.Param('limit')
BEGIN_END = {'begin': resources.Param(), 'end': resources.Param()}
FILTERS = resources.Param(style=resources.PAIRS)


# Lists page by offset/limit; without a page_size the server's default
# limit applies (see resources.OffsetPages).
PAGES = resources.OffsetPages()


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


# -- dataframes --------------------------------------------------------------

def _period(value):
    if not isinstance(value, dict):
        raise errors.RatingClientError('expected a period, got %r'
                                       % (value,))
    return {key: resources.timestamp(item) if key in ('begin', 'end')
            else item for key, item in value.items()}


def _point(point):
    point = dict(point)
    if isinstance(point.get('vol'), dict):
        point['vol'] = dict(point['vol'])
        if 'qty' in point['vol']:
            point['vol']['qty'] = resources.amount(point['vol']['qty'])
    if isinstance(point.get('rating'), dict):
        point['rating'] = dict(point['rating'])
        if 'price' in point['rating']:
            point['rating']['price'] = resources.amount(
                point['rating']['price'])
    return point


def _usage(value):
    """Metric type → points, with exact Decimal ``qty`` and ``price``."""
    if not isinstance(value, dict):
        raise errors.RatingClientError('expected a usage object, got %r'
                                       % (value,))
    return {type_: [_point(point) for point in points]
            for type_, points in value.items()}


def join_frames(frames):
    """Frames of consecutive pages, with the frame a page boundary split
    joined again: the server pages by points and regroups each page's
    points by period, so the last frame of a page and the first of the
    next may share their period.  Joined, they hold what one page would
    have held (types sorted, points in order)."""
    joined = []
    for frame in frames:
        previous = joined[-1] if joined else None
        if (previous is not None and isinstance(frame, dict)
                and frame.get('period') == previous.get('period')):
            usage = {type_: list(points)
                     for type_, points in previous['usage'].items()}
            for type_, points in frame['usage'].items():
                usage.setdefault(type_, []).extend(points)
            joined[-1] = dict(previous, usage=dict(sorted(usage.items())))
        else:
            joined.append(frame)
    return joined


def count_points(frames):
    """The points of a page of frames: what the server pages by (a
    malformed frame counts none, and fails later as a record)."""
    usages = [frame.get('usage') for frame in frames
              if isinstance(frame, dict)]
    return sum(len(points) for usage in usages if isinstance(usage, dict)
               for points in usage.values() if isinstance(points, list))


# GET /v2/dataframes → {"total": points, "dataframes": [frame, ...],
# ["links"]}: offset/limit/total count points, frames group a page's
# points by period.  POST {"dataframes": [...]} → 204.
DATAFRAME = resources.Resource(
    'dataframe', '/dataframes', singular='dataframe', plural='dataframes',
    pk=None, operations=(resources.LIST,),
    attributes={
        'period': resources.Attr(type=_period),
        'usage': resources.Attr(type=_usage),
    },
    query={**BEGIN_END, 'filters': FILTERS, 'page_size': PAGE_SIZE_PARAM},
    actions=(resources.Action(
        'add_dataframes', 'POST',
        params={'dataframes': resources.Attr()}, required=('dataframes',),
        exact_numbers=True,
        doc='Add rated data points: ``dataframes`` is a list of frames '
            '``{"period": {"begin", "end"}, "usage": {type: [point, '
            '...]}}`` (dicts or dataframe records).  Decimals are sent as '
            'exact JSON numbers (in groupby and metadata too, where a '
            'number is not a string), datetimes in ISO 8601.  All or '
            'nothing: a rejected request stores no point.  None.'),),
    pages=resources.OffsetPages(counter=count_points), combine=join_frames,
    empty_detail=NOTHING_FOUND)


# -- summary -----------------------------------------------------------------

def summary_rows(body):
    """The rows of a summary page as objects, in either format: ``table``
    (``columns`` and rows as lists) or ``object``."""
    results = body.get('results') if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise errors.RatingClientError(
            'expected {"results": [...]}, got %r' % (body,))
    columns = body.get('columns')
    if not isinstance(columns, list):
        if not all(isinstance(row, dict) for row in results):
            raise errors.RatingClientError(
                'summary rows are lists but there are no columns: %r'
                % (body,))
        return results
    rows = []
    for row in results:
        if not isinstance(row, list) or len(row) != len(columns):
            raise errors.RatingClientError(
                'summary row %r does not match the columns %r'
                % (row, columns))
        rows.append(dict(zip(columns, row)))
    return rows


# GET /v2/summary → {"total", "columns", "results": [[...]], "format":
# "table", ["links"]} or {"total", "results": [{...}], "format": "object"}:
# one row per group, begin/end/qty/rate then each groupby key.
SUMMARY = resources.Resource(
    'summary', '/summary', singular='summary', plural='results', pk=None,
    operations=(resources.LIST,),
    attributes={
        'begin': TIMESTAMP,
        'end': TIMESTAMP,
        'qty': AMOUNT,
        'rate': AMOUNT,
    },
    query={**BEGIN_END,
           'groupby': resources.Param(style=resources.MULTI),
           'filters': FILTERS,
           'response_format': resources.Param(),
           'page_size': PAGE_SIZE_PARAM},
    pages=PAGES, reader=summary_rows)


# -- scope states ------------------------------------------------------------

# /v2/scope: GET {"results", "total", ["links"]}, filtered by scope_id;
# POST → the scope (200 at 2.0; 201 + Location from 2.1); PATCH (the
# scope_id in the body) → the scope; PUT (reset) → 202 {}.
SCOPE = resources.Resource(
    'scope', '/scope', singular='scope', plural='results', pk='scope_id',
    operations=(resources.CREATE, resources.RETRIEVE, resources.LIST,
                resources.UPDATE),
    update_method='PATCH', item_path=False,
    attributes={
        'scope_id': resources.Attr(type=str, read_only=True),
        'scope_key': resources.Attr(type=str),
        'fetcher': resources.Attr(type=str),
        'collector': resources.Attr(type=str),
        'active': resources.Attr(type=bool),
        'last_processed_timestamp': resources.Attr(
            type=resources.timestamp, read_only=True),
        'scope_activation_toggle_date': resources.Attr(
            type=resources.timestamp, read_only=True),
    },
    query={name: resources.Param(style=resources.MULTI) for name in (
        'scope_id', 'scope_key', 'fetcher', 'collector', 'active')} | {
        'page_size': PAGE_SIZE_PARAM},
    actions=(resources.Action(
        'reset_scope', 'PUT',
        params={name: resources.Attr() for name in (
            'last_processed_timestamp', 'scope_id', 'all_scopes',
            'scope_key', 'fetcher', 'collector')},
        required=('last_processed_timestamp',),
        doc='Reset the ``last_processed_timestamp`` of the scopes '
            '``scope_id`` (one id or a list), or of every scope with '
            '``all_scopes=True``, narrowed by ``scope_key``, ``fetcher`` '
            'and ``collector``: they will be rated again from there.  '
            'NotFound when no active scope matches.  None.'),),
    pages=PAGES, empty_detail=NOTHING_FOUND)


# -- reprocessing tasks ------------------------------------------------------

REPROCESS_ATTRIBUTES = {
    'scope_id': resources.Attr(type=str, read_only=True),
    'scope_ids': resources.Attr(),          # sent on creation only
    'reason': resources.Attr(type=str),
    'start_reprocess_time': TIMESTAMP,
    'end_reprocess_time': TIMESTAMP,
    'current_reprocess_time': resources.Attr(type=resources.timestamp,
                                             read_only=True),
}

# /v2/task/reprocesses: GET {"results", "total", ["links"]}, newest first
# unless order='asc'; POST {scope_ids, start/end_reprocess_time, reason}
# → 202 {} (so create_reprocess returns None).
REPROCESS = resources.Resource(
    'reprocess', '/task/reprocesses', singular='reprocess',
    plural='results', pk=None,
    operations=(resources.CREATE, resources.LIST),
    attributes=REPROCESS_ATTRIBUTES,
    query={'scope_ids': resources.Param(style=resources.MULTI),
           'order': resources.Param(), 'page_size': PAGE_SIZE_PARAM},
    pages=PAGES)

# /v2/task/reprocesses/<scope_id>: the tasks of one scope.
SCOPE_REPROCESS = resources.Resource(
    'scope_reprocess', '/task/reprocesses/%(scope_id)s',
    singular='reprocess', plural='results', pk=None,
    operations=(resources.LIST,), attributes=REPROCESS_ATTRIBUTES,
    query={'order': resources.Param(), 'page_size': PAGE_SIZE_PARAM},
    pages=PAGES)


# -- hashmap rules (from 2.2) -----------------------------------------------

# The first microversion that serves the hashmap rules and the quote.
HASHMAP_MICROVERSION = '2.2'

HASHMAP_OPERATIONS = (resources.CREATE, resources.RETRIEVE, resources.LIST,
                      resources.UPDATE, resources.DELETE)
TEXT = resources.Attr(type=str)
READ_ONLY_TEXT = resources.Attr(type=str, read_only=True)
IDS = ('service_id', 'field_id', 'group_id', 'tenant_id')
# A rule's parent (service or field) is given at creation and never
# changes (the server's PATCH bodies do not take it): read-only.
PARENTS = {'service_id': READ_ONLY_TEXT, 'field_id': READ_ONLY_TEXT}


def hashmap(noun, collection, pk, attributes, filters=(), **options):
    """A hashmap rule at ``/v2/rating/hashmap/<collection>``: list
    ``{"total", "results", "links"}`` filtered by ``filters``; POST → 201
    with the object; GET, PATCH (partial: only the attributes given) →
    the object; DELETE → 204.  Decimals go as exact JSON numbers."""
    return resources.Resource(
        noun, '/rating/hashmap/' + collection, singular=noun,
        plural='results', pk=pk, operations=HASHMAP_OPERATIONS,
        update_method='PATCH', exact_numbers=True,
        attributes={pk: READ_ONLY_TEXT, **attributes},
        query={**{name: resources.Param() for name in filters},
               'page_size': PAGE_SIZE_PARAM},
        pages=PAGES, min_microversion=HASHMAP_MICROVERSION, **options)


HASHMAP_SERVICE = hashmap('hashmap_service', 'services', 'service_id',
                          {'name': TEXT})

HASHMAP_FIELD = hashmap('hashmap_field', 'fields', 'field_id',
                        {'name': TEXT, 'service_id': READ_ONLY_TEXT},
                        filters=('service_id',))

# DELETE ?recursive=true also deletes the group's mappings and thresholds.
HASHMAP_GROUP = hashmap('hashmap_group', 'groups', 'group_id',
                        {'name': TEXT},
                        delete_query={'recursive': resources.Param()})

# A flat or rate cost for a value of a field (or for a service); deleted
# mappings are kept with their deletion date (list with deleted=True).
# The parent and the name are set at creation only.
HASHMAP_MAPPING = hashmap(
    'hashmap_mapping', 'mappings', 'mapping_id',
    {**{name: TEXT for name in IDS}, **PARENTS,
     'value': TEXT, 'type': TEXT, 'cost': AMOUNT, 'name': READ_ONLY_TEXT,
     'description': TEXT, 'start': TIMESTAMP, 'end': TIMESTAMP,
     'created_at': resources.Attr(type=resources.timestamp, read_only=True),
     'created_by': READ_ONLY_TEXT, 'updated_by': READ_ONLY_TEXT,
     'deleted': resources.Attr(type=resources.timestamp, read_only=True),
     'deleted_by': READ_ONLY_TEXT},
    filters=IDS + ('deleted',))

# A cost from a level of volume on.
HASHMAP_THRESHOLD = hashmap(
    'hashmap_threshold', 'thresholds', 'threshold_id',
    {**{name: TEXT for name in IDS}, **PARENTS,
     'level': AMOUNT, 'type': TEXT, 'cost': AMOUNT},
    filters=IDS)


# -- quote (from 2.2) --------------------------------------------------------

# One priced item of a quote.
QUOTED = resources.Resource(
    'quoted', '/rating/quote', singular='quoted', plural='resources',
    pk=None, operations=(),
    attributes={'service': TEXT, 'volume': AMOUNT, 'price': AMOUNT})


def _quoted(items):
    if not isinstance(items, list) or not all(
            isinstance(item, dict) for item in items):
        raise errors.RatingClientError('expected a list of priced '
                                       'resources, got %r' % (items,))
    return [QUOTED.record(item) for item in items]


# POST /v2/rating/quote {"resources": [{service, volume, groupby,
# metadata}]} → 200 {"total", "resources": [{service, volume, price}]}.
QUOTE = resources.Resource(
    'quote', '/rating/quote', singular='quote', plural='quotes', pk=None,
    operations=(),
    attributes={'total': AMOUNT,
                'resources': resources.Attr(type=_quoted)},
    actions=(resources.Action(
        'quote', 'POST', params={'resources': resources.Attr()},
        required=('resources',), exact_numbers=True, returns_record=True,
        doc='Price usage without storing it: ``resources`` is a list of '
            '``{"service", "volume", "groupby", "metadata"}`` (Decimals '
            'sent as exact JSON numbers).  A quote record: ``total`` and '
            '``resources``, each with ``service``, ``volume`` and '
            '``price`` (Decimals).'),),
    min_microversion=HASHMAP_MICROVERSION)

API = resources.Api(2, (MODULE, DATAFRAME, SUMMARY, SCOPE, REPROCESS,
                        SCOPE_REPROCESS, HASHMAP_SERVICE, HASHMAP_FIELD,
                        HASHMAP_GROUP, HASHMAP_MAPPING, HASHMAP_THRESHOLD,
                        QUOTE),
                    min_microversion=MIN_MICROVERSION,
                    max_microversion=MAX_MICROVERSION)
