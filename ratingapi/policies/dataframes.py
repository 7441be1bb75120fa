"""Rated data point rules (CloudKitty's names and defaults).

Adding points is for administrators (a collector or processor runs with
that role).  Reading them is for administrators and the readers of a
project.  Only callers allowed ``dataframes:all_projects`` (ratingapi's
own rule) see, and add, points of every project; the handler restricts
everyone else to their own.
"""
from oslo_policy import policy

from ratingapi.policies import base

ADD = 'dataframes:add'
GET = 'dataframes:get'
ALL_PROJECTS = 'dataframes:all_projects'

PATH = '/v2/dataframes'

rules = [
    policy.DocumentedRuleDefault(
        name=ADD, check_str=base.ADMIN,
        description='Add rated data points.',
        operations=[{'method': 'POST', 'path': PATH}],
        scope_types=base.PROJECT_SCOPE),
    policy.DocumentedRuleDefault(
        name=GET, check_str=base.RULE_PROJECT_READER_OR_ADMIN,
        description='List rated data points (non-admins: their project '
                    'only).',
        operations=[{'method': 'GET', 'path': PATH}],
        scope_types=base.PROJECT_SCOPE),
    base.all_projects(ALL_PROJECTS, 'rated data points'),
]


def list_rules():
    return rules
