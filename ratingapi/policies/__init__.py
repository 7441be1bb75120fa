"""Policy in code: one module of rules per noun (entry point
``oslo.policy.policies``, namespace ``ratingapi``)."""
import itertools

from ratingapi.policies import base
from ratingapi.policies import modules


def list_rules():
    return list(itertools.chain(base.list_rules(), modules.list_rules()))
