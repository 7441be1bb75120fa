"""Quotes: what resources would cost now, priced by the enabled modules.

Nothing is stored.  Each resource is one point of a period that begins
now, so the rules in force now apply, with the tenant rules of its scope
(``groupby[scope_key]``) when it names one.
"""
import dataclasses
import decimal

from ratingapi.rating import chain

ZERO = chain.ZERO


@dataclasses.dataclass(frozen=True)
class Resource:
    service: str                 # the metric type
    volume: decimal.Decimal
    groupby: dict
    metadata: dict


def price(resources, rating_chain, *, now, scope_key, scope_text):
    """The price of each of ``resources``, in order (exact decimals)."""
    points = [{'qty': resource.volume, 'price': None,
               'groupby': resource.groupby, 'metadata': resource.metadata}
              for resource in resources]
    usage = {}
    for resource, point in zip(resources, points):
        usage.setdefault(resource.service, []).append(point)
    chain.rate([{'begin': now, 'usage': usage}], rating_chain,
               scope_text=scope_text, scope_key=scope_key)
    return [point['price'] for point in points]
