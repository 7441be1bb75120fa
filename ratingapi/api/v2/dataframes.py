"""/v2/dataframes: add rated data points, and list them page by page.

POST stores every point of the body in one transaction (204), or none
when anything is wrong with any of them (400, see the schemas module).
From 2.2 (``history.RATES_ON_INGEST``) the points sent without a price are
first priced by the enabled rating modules, for their own period and
scope; before, they cost 0 as in CloudKitty.

GET pages through the points whose period starts in [begin, end), in
(begin, id) order: ``offset``/``limit`` count points, ``total`` is the
number of matching points, and each page's points are regrouped into
frames by period, as CloudKitty does.  At 2.0 a query that matches no
point answers CloudKitty's 404; from 2.1
(``history.HONEST_STATUS_CODES``) it answers 200 with an empty list, and
every page carries ``links`` to the next and previous ones.

A caller whom ``dataframes:all_projects`` does not allow (by default:
anyone but an administrator) only ever sees their own project's points
(their filters are narrowed to it: asking for another project finds
nothing), gets an empty 200 when scoped to no project, and, when an
operator's policy lets them add points, may only add points of their own
project.
"""
import itertools

from ratingapi.api import pagination
from ratingapi.api import restful
from ratingapi.api.v2 import history
from ratingapi.api.v2.schemas import dataframes as schemas
from ratingapi.api import validation
from ratingapi import exceptions
from ratingapi.policies import dataframes as policies
from ratingapi.rating import chain
from ratingapi.storage import dataframes as storage
from ratingapi.storage import points


def _point_to_wire(point):
    return {'vol': {'unit': point.unit, 'qty': point.qty},
            'rating': {'price': point.price},
            'groupby': dict(point.groupby),
            'metadata': dict(point.metadata)}


def frames_to_wire(found):
    """Points in (begin, id) order → frames by period, types sorted."""
    frames = []
    for (begin, end), group in itertools.groupby(
            found, key=lambda point: (point.begin, point.end)):
        usage = {}
        for point in group:
            usage.setdefault(point.type, []).append(_point_to_wire(point))
        frames.append({'period': {'begin': begin, 'end': end},
                       'usage': dict(sorted(usage.items()))})
    return frames


def _require_own_points(frames, visible, scope_key):
    for index, frame in enumerate(frames):
        for type_, sent in frame['usage'].items():
            for number, point in enumerate(sent):
                scope = points.scope_text(point['groupby'].get(scope_key))
                if scope not in visible:
                    raise exceptions.Forbidden(
                        'dataframes[%d].usage.%s[%d] belongs to %s %r: only '
                        'a caller allowed %s may add points of another '
                        'project.' % (index, type_, number, scope_key, scope,
                                      policies.ALL_PROJECTS))


def _zero_unpriced(frames):
    for frame in frames:
        for typed in frame['usage'].values():
            for point in typed:
                if point['price'] is None:
                    point['price'] = 0


class DataFrameList(restful.Resource):
    capabilities = {'GET': 'dataframes:list', 'POST': 'dataframes:create'}

    @validation.response(schemas.GET_DATAFRAMES_RESPONSE)
    @validation.query(schemas.GET_DATAFRAMES_QUERY)
    def get(self, begin, end, filters, offset, limit):
        context = self.context
        context.can(policies.GET, {'project_id': context.project_id})
        scopes = context.visible_projects(policies.ALL_PROJECTS)
        with self.services.database.reader() as connection:
            page = storage.retrieve(
                connection, begin=begin, end=end, filters=filters,
                scopes=scopes, scope_key=self.services.settings.scope_key,
                offset=offset,
                limit=limit)
        honest = self.microversion >= history.HONEST_STATUS_CODES
        unscoped = scopes is not None and not scopes
        if not page.total and not honest and not unscoped:
            raise exceptions.NotFound(pagination.NOTHING_FOUND)
        body = {'total': page.total,
                'dataframes': frames_to_wire(page.points)}
        if honest:
            body['links'] = self.page_links(offset, limit, page.total)
        return body

    @validation.query({})
    @validation.body(schemas.POST_DATAFRAMES_BODY)
    def post(self, dataframes):
        context = self.context
        context.can(policies.ADD, {'project_id': context.project_id})
        scope_key = self.services.settings.scope_key
        visible = context.visible_projects(policies.ALL_PROJECTS)
        if visible is not None:
            _require_own_points(dataframes, visible, scope_key)
        if self.microversion >= history.RATES_ON_INGEST:
            self._rate(dataframes, scope_key)
        else:
            _zero_unpriced(dataframes)
        with self.services.database.session() as session:
            storage.push(session, dataframes, scope_key=scope_key)
        return None, 204

    def _rate(self, dataframes, scope_key):
        """Price the points that came without a price (from 2.2)."""
        with self.services.database.reader() as connection:
            rating_chain = self.services.rater.chain(connection)
        chain.rate(dataframes, rating_chain, scope_text=points.scope_text,
                   scope_key=scope_key)
        try:
            chain.round_for_storage(dataframes)
        except chain.PriceError as exc:
            raise exceptions.InvalidInput(str(exc))
