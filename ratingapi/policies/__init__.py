"""Policy in code: one module of rules per noun (entry point
``oslo.policy.policies``, namespace ``ratingapi``)."""
import itertools

from ratingapi.policies import base
from ratingapi.policies import dataframes
from ratingapi.policies import modules
from ratingapi.policies import quote
from ratingapi.policies import reprocesses
from ratingapi.policies import scope
from ratingapi.policies import summary


def list_rules():
    return list(itertools.chain(base.list_rules(), modules.list_rules(),
                                reprocesses.list_rules(),
                                scope.list_rules(), dataframes.list_rules(),
                                summary.list_rules(), quote.list_rules()))
