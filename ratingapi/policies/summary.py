"""Rating summary rules (CloudKitty's names and defaults).

Administrators and the readers of a project may get summaries.  Only
callers allowed ``summary:all_projects`` (ratingapi's own rule) sum the
points of every project; everyone else's summary covers their own.
"""
from oslo_policy import policy

from ratingapi.policies import base

GET_SUMMARY = 'summary:get_summary'
ALL_PROJECTS = 'summary:all_projects'

rules = [
    policy.DocumentedRuleDefault(
        name=GET_SUMMARY, check_str=base.RULE_PROJECT_READER_OR_ADMIN,
        description='Get a rating summary (non-admins: their project '
                    'only).',
        operations=[{'method': 'GET', 'path': '/v2/summary'}],
        scope_types=base.PROJECT_SCOPE),
    base.all_projects(ALL_PROJECTS, 'summaries'),
]


def list_rules():
    return rules
