"""Policy in code: one module of rules per noun (entry point
``oslo.policy.policies``, namespace ``ratingapi``).

Every handler calls ``context.can(RULE, target)`` with an explicit
target, ``{"project_id": <one project>}``:

* the project the request names when it names exactly one (a scope
  created or updated, ``/v2/task/reprocesses/{scope_id}``);
* otherwise the caller's own project: a listing (summary, data points,
  scopes, tasks) reads the caller's project, and the noun's
  ``<noun>:all_projects`` rule alone decides whether it reads every other
  project too (``RequestContext.visible_projects``); rating modules are
  the cloud's, not a project's, and are read and changed from the
  caller's project.

So a rule such as ``role:reader and project_id:%(project_id)s`` means
"a reader of the project read", never of a project taken from a filter.
"""
import itertools

from ratingapi.policies import base
from ratingapi.policies import collector
from ratingapi.policies import dataframes
from ratingapi.policies import info
from ratingapi.policies import modules
from ratingapi.policies import quote
from ratingapi.policies import report
from ratingapi.policies import reprocesses
from ratingapi.policies import scope
from ratingapi.policies import storage
from ratingapi.policies import summary


def list_rules():
    return list(itertools.chain(base.list_rules(), modules.list_rules(),
                                reprocesses.list_rules(),
                                scope.list_rules(), dataframes.list_rules(),
                                summary.list_rules(), quote.list_rules(),
                                info.list_rules(), collector.list_rules(),
                                report.list_rules(), storage.list_rules()))
