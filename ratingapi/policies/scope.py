"""Scope state rules (CloudKitty's names and defaults: admin only).

The target is ``{"project_id": <one project>}``: the scope itself when the
request names exactly one (create, update), otherwise the caller's project
(list, reset).  CloudKitty used ``tenant_id``, or a list of ids, which no
rule could match.  ``scope:all_projects`` (ratingapi's own rule) decides
who sees and names the scopes of every project rather than their own.
"""
from oslo_policy import policy

from ratingapi.policies import base

GET_STATE = 'scope:get_state'
POST_STATE = 'scope:post_state'
PATCH_STATE = 'scope:patch_state'
RESET_STATE = 'scope:reset_state'
ALL_PROJECTS = 'scope:all_projects'


def _rule(name, method, description):
    return policy.DocumentedRuleDefault(
        name=name, check_str=base.ADMIN, description=description,
        operations=[{'method': method, 'path': '/v2/scope'}],
        scope_types=base.PROJECT_SCOPE)


rules = [
    _rule(GET_STATE, 'GET', 'List scopes and their processing state.'),
    _rule(POST_STATE, 'POST', 'Create a scope.'),
    _rule(PATCH_STATE, 'PATCH',
          'Change the scope key, fetcher, collector or activity of a '
          'scope.'),
    _rule(RESET_STATE, 'PUT',
          'Reset the last processed timestamp of scopes.'),
    base.all_projects(ALL_PROJECTS, 'scopes'),
]


def list_rules():
    return rules
