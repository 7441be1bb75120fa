"""Placeholder of the engine's value types (the engine branch replaces
this file)."""
import dataclasses
import datetime
import decimal


@dataclasses.dataclass(frozen=True)
class Mapping:
    service: str
    field: str | None
    value: str | None
    type: str
    cost: decimal.Decimal
    group: str | None
    tenant_id: str | None
    start: datetime.datetime
    end: datetime.datetime | None


@dataclasses.dataclass(frozen=True)
class Threshold:
    service: str
    field: str | None
    level: decimal.Decimal
    type: str
    cost: decimal.Decimal
    group: str | None
    tenant_id: str | None


@dataclasses.dataclass(frozen=True)
class RuleSet:
    revision: int
    mappings: tuple
    thresholds: tuple


class HashMap:
    def __init__(self, rules):
        self.rules = rules

    def pricer(self, moment):
        def price(type_, qty, groupby, metadata, tenant, price):
            return price
        return price
