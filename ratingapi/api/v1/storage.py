"""/v1/storage/dataframes: rated data points in CloudKitty's v1 form.

The points whose period starts in ``[begin, end)``, as frames of one
period, one metric type and one project each: every frame's
``tenant_id`` is the project of each of its points (CloudKitty labels
all the points of a stored frame with the project of its first one).
Frames are ordered by period, type, then project (null, the points of no
project, first); each resource is ``{service, desc, volume, rating}``,
``desc`` being the point's metadata overlaid with its groupby.

v1 has no pages, and a month of points can be millions: a period that
holds more than ``[api] max_v1_dataframes_points`` matching points is a
400 asking for a narrower one (CloudKitty has no bound).

A caller whom ``storage:all_projects`` does not allow (by default:
anyone but an administrator) sees their own project's points, none when
scoped to no project, and gets a 403 naming another project.
"""
import itertools

from ratingapi.api import hashmap as wire
from ratingapi.api import restful
from ratingapi.api.v1.schemas import storage as schemas
from ratingapi.api import validation
from ratingapi.api import visibility
from ratingapi import exceptions
from ratingapi.policies import storage as policies
from ratingapi.storage import dataframes
from ratingapi.storage import points


def _frames(found, scope_key):
    """Points → v1 frames by (period, type, project), in that order."""
    def key(point):
        scope = points.scope_text(point.groupby.get(scope_key))
        return (point.begin, point.end, point.type,
                scope is not None, scope or '')

    frames = []
    for (begin, end, type_, scoped, scope), group in itertools.groupby(
            sorted(found, key=key), key=key):
        frames.append({
            'begin': wire.utc_naive(begin), 'end': wire.utc_naive(end),
            'tenant_id': scope if scoped else None,
            'resources': [{
                'service': type_,
                'desc': {**point.metadata, **point.groupby},
                'volume': wire.plain(point.qty),
                'rating': wire.plain(point.price)} for point in group]})
    return frames


class DataFrames(restful.Resource):
    capabilities = {'GET': 'dataframes:list'}

    @validation.response(schemas.GET_DATAFRAMES_RESPONSE)
    @validation.query(schemas.GET_DATAFRAMES_QUERY)
    def get(self, begin, end, tenant_id, resource_type):
        context = self.context
        context.can(policies.LIST_DATA_FRAMES,
                    {'project_id': tenant_id or context.project_id})
        if tenant_id:
            visibility.require_visible(context, policies.ALL_PROJECTS,
                                       [tenant_id])
            scopes = frozenset([tenant_id])
        else:
            scopes = context.visible_projects(policies.ALL_PROJECTS)
        filters = {points.TYPE_KEY: [resource_type]} if resource_type else {}
        settings = self.services.settings
        bound = settings.max_v1_dataframes_points
        with self.services.database.reader() as connection:
            page = dataframes.retrieve(
                connection, begin=begin, end=end, filters=filters,
                scopes=scopes, scope_key=settings.scope_key, offset=0,
                limit=bound)
        if page.total > bound:
            raise exceptions.InvalidInput(
                'The period from begin to end holds %d matching points, '
                'more than the %d ([api] max_v1_dataframes_points) that '
                'GET /v1/storage/dataframes returns at once: narrow the '
                'period or name a tenant_id or resource_type, or page '
                'through GET /v2/dataframes.' % (page.total, bound),
                parameter='end')
        return {'dataframes': _frames(page.points, settings.scope_key)}
