"""Quote rules (CloudKitty's name and default: anyone may ask a price).

A quote reads no stored data: it prices the resources of the request with
the rules in force.
"""
from oslo_policy import policy

from ratingapi.policies import base

QUOTE = 'rating:quote'

rules = [
    policy.DocumentedRuleDefault(
        name=QUOTE, check_str='',
        description='Price resources with the rating modules (v2 from '
                    'microversion 2.2).',
        operations=[{'method': 'POST', 'path': '/v1/rating/quote'},
                    {'method': 'POST', 'path': '/v2/rating/quote'}],
        scope_types=base.PROJECT_SCOPE),
]


def list_rules():
    return rules
