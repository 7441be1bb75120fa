"""v1 report rules (CloudKitty's names and defaults).

Listing the tenants is for administrators; totals and summaries are for
administrators and the readers of the project they cover.  The target is
that project: ``tenant_id``, or the caller's own.  Only callers allowed
``report:all_projects`` (ratingapi's own rule) list every project, name
another project than their own, or sum every project's points
(``all_tenants``, or a caller scoped to no project).
"""
from oslo_policy import policy

from ratingapi.policies import base

LIST_TENANTS = 'report:list_tenants'
GET_TOTAL = 'report:get_total'
GET_SUMMARY = 'report:get_summary'
ALL_PROJECTS = 'report:all_projects'

rules = [
    policy.DocumentedRuleDefault(
        name=LIST_TENANTS, check_str=base.ADMIN,
        description='List the projects that have rated data in a period.',
        operations=[{'method': 'GET', 'path': '/v1/report/tenants'}],
        scope_types=base.PROJECT_SCOPE),
    policy.DocumentedRuleDefault(
        name=GET_TOTAL, check_str=base.RULE_PROJECT_READER_OR_ADMIN,
        description='Get the total price of a project.',
        operations=[{'method': 'GET', 'path': '/v1/report/total'}],
        scope_types=base.PROJECT_SCOPE),
    policy.DocumentedRuleDefault(
        name=GET_SUMMARY, check_str=base.RULE_PROJECT_READER_OR_ADMIN,
        description='Get the prices of a project by metric type.',
        operations=[{'method': 'GET', 'path': '/v1/report/summary'}],
        scope_types=base.PROJECT_SCOPE),
    base.all_projects(ALL_PROJECTS, 'reports'),
]


def list_rules():
    return rules
