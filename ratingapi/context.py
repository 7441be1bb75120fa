"""The request context: who is calling, and ``can()`` to authorize them."""
from oslo_context import context
from oslo_policy import policy

from ratingapi import exceptions

ENV_KEY = 'ratingapi.context'


class RequestContext(context.RequestContext):
    """An oslo.context with the policy enforcer wired in.

    ``authenticated`` is False when keystonemiddleware could not confirm a
    token (it runs with ``delay_auth_decision`` so that discovery stays
    public): :meth:`can` then answers 401 rather than 403, and
    keystonemiddleware adds ``WWW-Authenticate`` to that response.
    """

    def __init__(self, *, enforcer=None, authenticated=True, **kwargs):
        super().__init__(**kwargs)
        self.enforcer = enforcer
        self.authenticated = authenticated
        # Set by can(): lets tests prove every successful route authorized.
        self.policy_checked = False

    def can(self, rule, target):
        """Authorize ``rule`` on ``target`` or raise 401/403.

        ``target`` is what the request reads or changes, always given:
        see :mod:`ratingapi.policies` for what each handler passes.
        """
        self.policy_checked = True
        if not self.authenticated:
            raise exceptions.Unauthorized(
                'This request needs a valid X-Auth-Token.')
        try:
            self.enforcer.authorize(rule, target, self, do_raise=True)
        except (policy.PolicyNotAuthorized, policy.InvalidScope):
            raise exceptions.Forbidden(
                'Policy does not allow %s to be performed.' % rule)
        return True

    def visible_projects(self, rule):
        """The projects whose data the caller may see and change.

        ``rule`` is the noun's ``<noun>:all_projects``: None (every
        project) when it allows the caller, otherwise a set holding the
        caller's project, empty for a caller scoped to no project.
        """
        if self.enforcer.authorize(rule, {'project_id': self.project_id},
                                   self, do_raise=False):
            return None
        return frozenset([self.project_id] if self.project_id else [])


def from_environ(environ):
    return environ[ENV_KEY]
