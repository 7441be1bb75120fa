"""Base rules and personas shared by every noun's rules.

Personas: admin (``role:admin``), project member and project reader (their
role on the target's project), service (``role:service``).  The rule names
are CloudKitty's, so operators' policy files keep working.
"""
from oslo_policy import policy

ADMIN = 'role:admin'
PROJECT_MEMBER = 'role:member and project_id:%(project_id)s'
PROJECT_READER = 'role:reader and project_id:%(project_id)s'
SERVICE = 'role:service'

RULE_PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
RULE_PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
RULE_SERVICE_OR_ADMIN = 'rule:service_or_admin'

PROJECT_SCOPE = ['project']

rules = [
    policy.RuleDefault('context_is_admin', ADMIN,
                       description='Decides who is an administrator.'),
    policy.RuleDefault('default', '',
                       description='Rule for checks that name no rule.'),
    policy.RuleDefault('project_member_api', PROJECT_MEMBER,
                       description='Member of the target project.'),
    policy.RuleDefault('project_reader_api', PROJECT_READER,
                       description='Reader of the target project.'),
    policy.RuleDefault('project_member_or_admin',
                       'rule:project_member_api or rule:context_is_admin',
                       description='Project member or administrator.'),
    policy.RuleDefault('project_reader_or_admin',
                       'rule:project_reader_api or rule:context_is_admin',
                       description='Project reader or administrator.'),
    policy.RuleDefault('service_or_admin',
                       'role:service or rule:context_is_admin',
                       description='Another cloud service (e.g. a '
                                   'collector) or an administrator.'),
]


def all_projects(name, noun):
    """The rule that widens what ``noun`` shows a caller to every project.

    Not an operation of its own: every handler of the noun asks it, with
    the caller's project as target, to narrow what the caller reads (and
    may name in what it changes) to their own project when it is denied.
    Admin only by default, as CloudKitty decides; an operator may grant
    e.g. an auditor role cross-project reads.
    """
    return policy.RuleDefault(
        name, ADMIN,
        # One line: the sample generator would wrap a longer one.
        description='See and name the %s of every project.' % noun)


def list_rules():
    return rules
