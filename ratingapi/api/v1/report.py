"""/v1/report: the projects with rated data, totals and summaries.

All three are sums of the stored rated points, in SQL
(``ratingapi.storage.summary``), over the points whose period starts in
``[begin, end)``: the same points, the same exact sums as
``/v2/summary``.

A total or a summary covers one project: ``tenant_id``, or by default the
caller's own (the policy target); ``all_tenants=true``, or a caller
scoped to no project (noauth without identity headers), covers every
project.  Naming another project than one's own, or covering every
project, needs ``report:all_projects`` too (403 otherwise).

Differences from CloudKitty, all deliberate:

* ``/tenants`` honours ``begin``/``end`` and lists the projects that have
  points in that period (CloudKitty lists every scope it ever processed);
* ``rate`` is exact (CloudKitty rounds it to 5 decimal places through a
  float); points of no project are summed under ``tenant_id`` null
  (CloudKitty: "ALL", which reads as every project);
* an unknown ``groupby`` key, a bad date or ``end`` before ``begin`` is a
  400.
"""
import decimal

from ratingapi.api import hashmap as wire
from ratingapi.api import restful
from ratingapi.api.v1.schemas import report as schemas
from ratingapi.api import validation
from ratingapi.api import visibility
from ratingapi import exceptions
from ratingapi.policies import report as policies
from ratingapi.storage import points
from ratingapi.storage import summary


def _scopes(context, rule, tenant_id, all_tenants):
    """Authorize ``rule`` and return the scopes a total covers (None:
    every one)."""
    tenant = None if all_tenants else (tenant_id or context.project_id
                                       or None)
    context.can(rule, {'project_id': tenant or context.project_id})
    if tenant is None:
        if context.visible_projects(policies.ALL_PROJECTS) is not None:
            raise exceptions.Forbidden(
                'This report covers every project (all_tenants, or no '
                'tenant_id and no project to default to): only a caller '
                'allowed %s may ask for it.' % policies.ALL_PROJECTS)
        return None
    visibility.require_visible(context, policies.ALL_PROJECTS, [tenant])
    return frozenset([tenant])


def _sums(services, *, begin, end, scopes, service, groupby):
    filters = {points.TYPE_KEY: [service]} if service else {}
    with services.database.reader() as connection:
        return summary.total(
            connection, begin=begin, end=end, groupby=groupby,
            filters=filters, scopes=scopes,
            scope_key=services.settings.scope_key, offset=0, limit=None)


class Tenants(restful.Resource):
    capabilities = {'GET': 'tenants:list'}

    @validation.response(schemas.TENANTS)
    @validation.query(schemas.GET_TENANTS_QUERY)
    def get(self, begin, end):
        context = self.context
        context.can(policies.LIST_TENANTS,
                    {'project_id': context.project_id})
        scope_key = self.services.settings.scope_key
        result = _sums(self.services, begin=begin, end=end,
                       scopes=context.visible_projects(
                           policies.ALL_PROJECTS),
                       service=None, groupby=[scope_key])
        return [row.groups[0] for row in result.rows
                if row.groups[0] is not None]


class Total(restful.Resource):
    capabilities = {'GET': 'total:show'}

    @validation.response(schemas.TOTAL)
    @validation.query(schemas.GET_TOTAL_QUERY)
    def get(self, begin, end, tenant_id, service, all_tenants):
        scopes = _scopes(self.context, policies.GET_TOTAL, tenant_id,
                         all_tenants)
        result = _sums(self.services, begin=begin, end=end, scopes=scopes,
                       service=service, groupby=[])
        # One row of totals, none when no point matched.
        return wire.plain(result.rows[0].rate if result.rows
                          else decimal.Decimal(0))


class Summary(restful.Resource):
    capabilities = {'GET': 'summary:show'}

    @validation.response(schemas.SUMMARY)
    @validation.query(schemas.GET_SUMMARY_QUERY)
    def get(self, begin, end, tenant_id, service, all_tenants, groupby):
        scopes = _scopes(self.context, policies.GET_SUMMARY, tenant_id,
                         all_tenants)
        scope_key = self.services.settings.scope_key
        # CloudKitty's order, whatever the request's: project, then type.
        keys = [key for key, wanted in (
            (scope_key, schemas.TENANT_ID in groupby),
            (points.TYPE_KEY, schemas.RES_TYPE in groupby)) if wanted]
        result = _sums(self.services, begin=begin, end=end, scopes=scopes,
                       service=service, groupby=keys)
        # Every row has the query's period (no time grouping).
        period = {'begin': wire.utc_naive(begin), 'end': wire.utc_naive(end)}
        rows = []
        for row in result.rows:
            values = dict(zip(keys, row.groups))
            rows.append({
                **period,
                'tenant_id': values.get(scope_key, schemas.ALL),
                'res_type': values.get(points.TYPE_KEY, schemas.ALL),
                'rate': wire.plain(row.rate)})
        return {'summary': rows}
