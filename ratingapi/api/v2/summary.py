"""/v2/summary: quantities and prices summed over the rated data points.

Each row holds ``begin``, ``end``, ``qty``, ``rate`` and then the value of
each ``groupby`` key, in the order asked (a time grouping adds no column:
it sets the row's ``begin``/``end`` to its day, week, month, year or
point period, which are otherwise the query's).  ``table`` format gives
``columns`` and rows as lists, ``object`` format rows as objects; ``total``
counts the rows of every page.  See ``ratingapi.storage.summary`` for the
grouping and sorting rules.

A summary that matches nothing is a 200 with no rows at every version
(as in CloudKitty), and keeps its ``columns``: CloudKitty leaves them out
when there is no row, and answers an unscoped non-administrator with a
bare ``{"total": 0, "columns": [], "results": []}``; here every empty
answer has the shape of a full one.  From 2.1
(``history.HONEST_STATUS_CODES``) every page carries ``links`` to the next
and previous ones.

A caller whom ``summary:all_projects`` does not allow (by default: anyone
but an administrator) only ever gets their own project's rows (their
filters are narrowed to it: asking for another project finds nothing),
and no row at all when scoped to no project.
"""
from ratingapi.api import restful
from ratingapi.api.v2 import history
from ratingapi.api.v2.schemas import summary as schemas
from ratingapi.api import validation
from ratingapi.policies import summary as policies
from ratingapi.storage import summary as storage


class Summary(restful.Resource):
    capabilities = {'GET': 'summary:show'}

    @validation.response(schemas.GET_SUMMARY_RESPONSE)
    @validation.query(schemas.GET_SUMMARY_QUERY)
    def get(self, begin, end, groupby, filters, response_format, offset,
            limit):
        context = self.context
        context.can(policies.GET_SUMMARY, {'project_id': context.project_id})
        with self.services.database.reader() as connection:
            result = storage.total(
                connection, begin=begin, end=end, groupby=groupby,
                filters=filters,
                scopes=context.visible_projects(policies.ALL_PROJECTS),
                scope_key=self.services.settings.scope_key, offset=offset,
                limit=limit)
        columns = list(schemas.COLUMNS) + list(result.keys)
        rows = [[row.begin, row.end, row.qty, row.rate, *row.groups]
                for row in result.rows]
        body = {'total': result.total}
        if response_format == schemas.TABLE:
            body['columns'] = columns
            body['results'] = rows
        else:
            body['results'] = [dict(zip(columns, row)) for row in rows]
        body['format'] = response_format
        if self.microversion >= history.HONEST_STATUS_CODES:
            body['links'] = self.page_links(offset, limit, result.total)
        return body
