"""The v2 microversion history: one entry per step, oldest first.

This list is the single source of v2's ``min_version``/``max_version``, of
its capabilities and of what negotiation accepts.  The operations a step
adds are read from the ``min_version`` of the routes in ``ROUTES``
(``application.with_routes``); a step names here only what routes cannot
say: its summary, the behaviours it changes and what it removes.  A
behaviour gated at a microversion compares the executed version with one
of the constants below, never with a literal.
"""
from ratingapi.api import discovery

# 2.1: honest status codes and pagination links.
HONEST_STATUS_CODES = (2, 1)
# 2.2: the hashmap rules, quotes, and rating on ingest.
RATING = '2.2'
RATES_ON_INGEST = (2, 2)

STEPS = (
    discovery.Microversion(
        '2.0', 'The CloudKitty-compatible v2 API: version and capability '
               'discovery, rating modules, dataframes, summary, scope '
               'states and reprocessing tasks, with CloudKitty status codes.'),
    discovery.Microversion(
        '2.1', 'Honest status codes: POST /v2/scope answers 201 with a '
               'Location, a duplicate scope and a reprocessing task '
               'overlapping an unfinished one answer 409, an empty list '
               'answers 200 instead of 404, and paginated responses carry '
               'next/previous links.',
        behaviours=('scope:create-201', 'scope:create-409',
                    'reprocesses:create-409', 'lists:empty-200',
                    'lists:pagination-links')),
    discovery.Microversion(
        RATING, 'Rating: the hashmap rules under /v2/rating/hashmap '
                '(services, fields, groups, mappings, thresholds; PATCH '
                'changes only what it sends), quotes at /v2/rating/quote, '
                'and points posted to /v2/dataframes without a rating are '
                'priced by the enabled modules before they are stored.',
        behaviours=('dataframes:rate-on-ingest',)),
)
