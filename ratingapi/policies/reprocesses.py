"""Reprocessing task rules (CloudKitty's names and defaults: admin only).

The target is ``{"project_id": <one project>}``: the scope of
``/v2/task/reprocesses/{scope_id}``, otherwise the caller's project.
``schedule:all_projects`` (ratingapi's own rule, under the prefix of the
noun's CloudKitty rules) decides who sees and names the tasks of every
project rather than their own.
"""
from oslo_policy import policy

from ratingapi.policies import base

TASK_REPROCESSES = 'schedule:task_reprocesses'
GET_TASK_REPROCESSES = 'schedule:get_task_reprocesses'
ALL_PROJECTS = 'schedule:all_projects'

rules = [
    policy.DocumentedRuleDefault(
        name=TASK_REPROCESSES, check_str=base.ADMIN,
        description='Schedule the reprocessing of a past period of scopes.',
        operations=[{'method': 'POST', 'path': '/v2/task/reprocesses'}],
        scope_types=base.PROJECT_SCOPE),
    policy.DocumentedRuleDefault(
        name=GET_TASK_REPROCESSES, check_str=base.ADMIN,
        description='List reprocessing tasks, of every scope or of one.',
        operations=[
            {'method': 'GET', 'path': '/v2/task/reprocesses'},
            {'method': 'GET', 'path': '/v2/task/reprocesses/{scope_id}'},
        ],
        scope_types=base.PROJECT_SCOPE),
    base.all_projects(ALL_PROJECTS, 'reprocessing tasks'),
]


def list_rules():
    return rules
