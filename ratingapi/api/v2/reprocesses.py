"""/v2/task/reprocesses: schedule and list reprocessing tasks.

A creation answers 202 ``{}`` at every version: the tasks are queued and
the processor works through them later.  A request that cannot be
scheduled is rejected as a whole (nothing is stored): 400 for invalid
input, unknown or inactive scopes and scopes not yet processed up to the
end of the period; an overlap with an unfinished task of the same scope is
a 400 at 2.0 (CloudKitty) and a 409 from 2.1.

Listings are 200 even when empty (CloudKitty already did), ordered by
creation, newest first by default; from 2.1 they carry ``links``.  Times
are ISO 8601 in UTC; ``current_reprocess_time`` is null until the
processor starts on a task (CloudKitty wrote "").
"""
from ratingapi.api import restful
from ratingapi.api.v2 import history
from ratingapi.api.v2.schemas import reprocesses as schemas
from ratingapi.api import validation
from ratingapi.api import visibility
from ratingapi import exceptions
from ratingapi.policies import reprocesses as policies
from ratingapi.storage import reprocesses as storage


def _to_wire(task):
    return {
        'scope_id': task.scope_id,
        'reason': task.reason,
        'start_reprocess_time': task.start_reprocess_time,
        'end_reprocess_time': task.end_reprocess_time,
        'current_reprocess_time': task.current_reprocess_time,
    }


def _when(timestamp):
    return timestamp.isoformat() if timestamp else 'never'


def _rejection(error, honest):
    """The API error of a :class:`storage.Rejected` creation."""
    if isinstance(error, storage.NoScopes):
        return exceptions.InvalidInput(
            'There is no active scope to reprocess.', parameter='scope_ids')
    if isinstance(error, storage.UnknownScopes):
        return exceptions.InvalidInput(
            'Scopes %s do not exist or are not active.'
            % ', '.join(error.scope_ids), parameter='scope_ids')
    if isinstance(error, storage.NotProcessed):
        return exceptions.InvalidInput(
            'The period ends after the last processed timestamp of scopes '
            '%s: only what has been processed can be reprocessed.' % ', '.join(
                '%s (%s)' % (scope_id, _when(timestamp))
                for scope_id, timestamp in error.scopes),
            parameter='end_reprocess_time')
    detail = ('The period overlaps unfinished reprocessing tasks: %s.'
              % ', '.join('%s from %s to %s' % (
                  task.scope_id, task.start_reprocess_time.isoformat(),
                  task.end_reprocess_time.isoformat())
                  for task in error.tasks))
    if honest:
        return exceptions.Conflict(detail)
    return exceptions.InvalidInput(detail, parameter='start_reprocess_time')


class _Listing(restful.Resource):

    def _list(self, target_project, scope_ids, offset, limit, order):
        context = self.context
        context.can(policies.GET_TASK_REPROCESSES,
                    {'project_id': target_project})
        with self.services.database.reader() as connection:
            page = storage.list_tasks(
                connection, offset=offset, limit=limit, order=order,
                scope_ids=visibility.visible_scope_ids(
                    context, policies.ALL_PROJECTS, scope_ids))
        body = {'results': [_to_wire(task) for task in page.tasks],
                'total': page.total}
        if self.microversion >= history.HONEST_STATUS_CODES:
            body['links'] = self.page_links(offset, limit, page.total)
        return body


class Reprocesses(_Listing):
    capabilities = {'GET': 'reprocesses:list', 'POST': 'reprocesses:create'}

    @validation.response(schemas.GET_REPROCESSES_RESPONSE)
    @validation.query(schemas.GET_REPROCESSES_QUERY)
    def get(self, offset, limit, order, scope_ids):
        return self._list(self.context.project_id, scope_ids, offset, limit,
                          order)

    @validation.response(schemas.POST_REPROCESSES_RESPONSE)
    @validation.query({})
    @validation.body(schemas.POST_REPROCESSES_BODY)
    def post(self, scope_ids, start_reprocess_time, end_reprocess_time,
             reason):
        context = self.context
        context.can(policies.TASK_REPROCESSES,
                    {'project_id': context.project_id})
        if scope_ids == [schemas.ALL_SCOPES]:
            named = None
            among = context.visible_projects(policies.ALL_PROJECTS)
        else:
            visibility.require_visible(context, policies.ALL_PROJECTS,
                                       scope_ids)
            named, among = scope_ids, None
        try:
            with self.services.database.session() as session:
                storage.create(session, scope_ids=named, among=among,
                               start=start_reprocess_time,
                               end=end_reprocess_time, reason=reason)
        except storage.Rejected as error:
            raise _rejection(
                error, self.microversion >= history.HONEST_STATUS_CODES)
        return {}, 202


class ScopeReprocesses(_Listing):
    capabilities = {'GET': 'reprocesses:list'}

    @validation.response(schemas.GET_REPROCESSES_RESPONSE)
    @validation.path(schemas.SCOPE_REPROCESSES_PATH)
    @validation.query(schemas.GET_REPROCESSES_QUERY)
    def get(self, scope_id, offset, limit, order, scope_ids):
        # The scope of the path wins over a scope_ids filter.
        return self._list(scope_id, [scope_id], offset, limit, order)
