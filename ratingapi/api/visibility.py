"""Which scopes a caller may name: their context's visible projects.

Shared by every noun whose data belongs to a project (scopes, their
reprocessing tasks): a listing is narrowed to what the caller sees, and
naming a scope outside it is a 403.  ``rule`` is the noun's
``<noun>:all_projects`` rule (see ``RequestContext.visible_projects``).
"""
from ratingapi import exceptions


def visible_scope_ids(context, rule, requested):
    """``requested`` (None: every scope) narrowed to what the caller sees."""
    visible = context.visible_projects(rule)
    if visible is None:
        return requested
    if requested is None:
        return sorted(visible)
    return [scope_id for scope_id in requested if scope_id in visible]


def require_visible(context, rule, scope_ids):
    """Forbid naming a scope outside the caller's projects."""
    visible = context.visible_projects(rule)
    if visible is None:
        return
    hidden = [scope_id for scope_id in scope_ids if scope_id not in visible]
    if hidden:
        raise exceptions.Forbidden(
            'Scopes %s are not your project: only a caller allowed %s may '
            'name them.' % (', '.join(hidden), rule))
