"""v1 storage rules (CloudKitty's name and default).

Administrators and the readers of a project may list its rated data
points.  Only callers allowed ``storage:all_projects`` (ratingapi's own
rule) list every project's points or name another project; everyone else
sees their own project's (none when scoped to no project).
"""
from oslo_policy import policy

from ratingapi.policies import base

LIST_DATA_FRAMES = 'storage:list_data_frames'
ALL_PROJECTS = 'storage:all_projects'

rules = [
    policy.DocumentedRuleDefault(
        name=LIST_DATA_FRAMES, check_str=base.RULE_PROJECT_READER_OR_ADMIN,
        description='List the rated data points of a project (v1 form).',
        operations=[{'method': 'GET', 'path': '/v1/storage/dataframes'}],
        scope_types=base.PROJECT_SCOPE),
    base.all_projects(ALL_PROJECTS, 'v1 rated data points'),
]


def list_rules():
    return rules
