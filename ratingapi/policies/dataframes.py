"""Rated data point rules (CloudKitty's names and defaults).

Adding points is for administrators (a collector or processor runs with
that role).  Reading them is for administrators and the readers of a
project, who only ever see their own project's points: the handler
restricts every query to ``context.visible_projects()``.
"""
from oslo_policy import policy

from ratingapi.policies import base

ADD = 'dataframes:add'
GET = 'dataframes:get'

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
]


def list_rules():
    return rules
