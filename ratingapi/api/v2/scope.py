"""/v2/scope: list, create, update and reset the state of scopes.

At 2.0 the status codes are CloudKitty's: an empty listing is a 404 and a
duplicate creation a 404 too; creation answers 200.  From 2.1
(``history.HONEST_STATUS_CODES``) a listing is 200 even when empty and
carries ``links``, a creation answers 201 with a ``Location`` and a
duplicate 409.  At every version a reset (PUT) answers 202 ``{}``: it
rewinds the state that the processor reads, and the re-rating it asks
for happens later; a reset that matches no active scope is a 404.

Callers whom ``scope:all_projects`` does not allow (by default: anyone
but an administrator, when an operator's policy lets them in) only ever
see and change the scope of their own project.
"""
from urllib import parse

from ratingapi.api import pagination
from ratingapi.api import restful
from ratingapi.api.v2 import history
from ratingapi.api.v2.schemas import scope as schemas
from ratingapi.api import validation
from ratingapi.api import visibility
from ratingapi import exceptions
from ratingapi.policies import scope as policies
from ratingapi.storage import scope as storage


def _to_wire(scope):
    return {
        'scope_id': scope.scope_id,
        'scope_key': scope.scope_key,
        'fetcher': scope.fetcher,
        'collector': scope.collector,
        'last_processed_timestamp': scope.last_processed_timestamp,
        'active': scope.active,
        'scope_activation_toggle_date': scope.scope_activation_toggle_date,
    }


class ScopeState(restful.Resource):
    capabilities = {'GET': 'scope:list', 'POST': 'scope:create',
                    'PATCH': 'scope:update', 'PUT': 'scope:reset'}

    @property
    def honest(self):
        return self.microversion >= history.HONEST_STATUS_CODES

    @validation.response(schemas.GET_SCOPE_RESPONSE)
    @validation.query(schemas.GET_SCOPE_QUERY)
    def get(self, offset, limit, scope_id, scope_key, fetcher, collector,
            active):
        context = self.context
        context.can(policies.GET_STATE, {'project_id': context.project_id})
        with self.services.database.reader() as connection:
            page = storage.list_scopes(
                connection, offset=offset, limit=limit,
                scope_ids=visibility.visible_scope_ids(
                    context, policies.ALL_PROJECTS, scope_id),
                scope_keys=scope_key, fetchers=fetcher,
                collectors=collector, active=active)
        if not page.scopes and not self.honest:
            raise exceptions.NotFound(pagination.NOTHING_FOUND)
        body = {'results': [_to_wire(scope) for scope in page.scopes],
                'total': page.total}
        if self.honest:
            body['links'] = self.page_links(offset, limit, page.total)
        return body

    @validation.response(schemas.SCOPE)
    @validation.query({})
    @validation.body(schemas.POST_SCOPE_BODY)
    def post(self, scope_id, scope_key, fetcher, collector, active,
             last_processed_timestamp):
        self.context.can(policies.POST_STATE, {'project_id': scope_id})
        visibility.require_visible(self.context, policies.ALL_PROJECTS,
                                   [scope_id])
        try:
            with self.services.database.session() as session:
                scope = storage.create(
                    session, scope_id=scope_id, scope_key=scope_key,
                    fetcher=fetcher, collector=collector, active=active,
                    last_processed_timestamp=last_processed_timestamp)
        except storage.ScopeExists:
            if self.honest:
                raise exceptions.Conflict(
                    'A scope with scope_id %s already exists.' % scope_id)
            raise exceptions.NotFound(
                'Cannot create a scope with an already existing scope_id: '
                '%s.' % scope_id)
        if not self.honest:
            return _to_wire(scope)
        return _to_wire(scope), 201, {'Location': self._location(scope_id)}

    def _location(self, scope_id):
        query = parse.urlencode({'scope_id': scope_id},
                                quote_via=parse.quote)
        return self.url('/scope?%s' % query)

    @validation.response(schemas.SCOPE)
    @validation.query({})
    @validation.body(schemas.PATCH_SCOPE_BODY)
    def patch(self, scope_id, scope_key, fetcher, collector, active):
        self.context.can(policies.PATCH_STATE, {'project_id': scope_id})
        visibility.require_visible(self.context, policies.ALL_PROJECTS,
                                   [scope_id])
        with self.services.database.session() as session:
            scope = storage.update(session, scope_id, scope_key=scope_key,
                                   fetcher=fetcher, collector=collector,
                                   active=active)
        if scope is None:
            raise exceptions.NotFound('No scope with scope_id %s.'
                                      % scope_id)
        return _to_wire(scope)

    @validation.response(schemas.PUT_SCOPE_RESPONSE)
    @validation.query({})
    @validation.body(schemas.PUT_SCOPE_BODY)
    def put(self, all_scopes, scope_id, scope_key, fetcher, collector,
            last_processed_timestamp):
        context = self.context
        context.can(policies.RESET_STATE, {'project_id': context.project_id})
        if all_scopes:
            scope_ids = visibility.visible_scope_ids(
                context, policies.ALL_PROJECTS, None)
        else:
            visibility.require_visible(context, policies.ALL_PROJECTS,
                                       scope_id)
            scope_ids = scope_id
        with self.services.database.session() as session:
            count = storage.reset(
                session, last_processed_timestamp=last_processed_timestamp,
                scope_ids=scope_ids, scope_keys=scope_key, fetchers=fetcher,
                collectors=collector)
        if not count:
            raise exceptions.NotFound(pagination.NOTHING_FOUND)
        return {}, 202
