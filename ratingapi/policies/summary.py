"""Rating summary rules (CloudKitty's names and defaults).

Administrators and the readers of a project may get summaries; a
non-administrator's summary only ever covers their own project: the
handler restricts every query to ``context.visible_projects()``.
"""
from oslo_policy import policy

from ratingapi.policies import base

GET_SUMMARY = 'summary:get_summary'

rules = [
    policy.DocumentedRuleDefault(
        name=GET_SUMMARY, check_str=base.RULE_PROJECT_READER_OR_ADMIN,
        description='Get a rating summary (non-admins: their project '
                    'only).',
        operations=[{'method': 'GET', 'path': '/v2/summary'}],
        scope_types=base.PROJECT_SCOPE),
]


def list_rules():
    return rules
