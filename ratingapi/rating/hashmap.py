"""The hashmap rating module's pricing: CloudKitty's algorithm, compiled.

Pure: a :class:`RuleSet` of plain values in, prices out.  The caller loads
the rules through storage (soft-deleted mappings left out) and rounds the
prices to storage precision; nothing here rounds.

The algorithm is CloudKitty's ``rating/hash`` (reference §5.3), with these
decisions where CloudKitty is loose or crashes:

* Rules of one tenancy that share a key (service mappings of one group;
  field mappings of one field, group and value; thresholds of one
  service or field, group and level): the later one in the rule set's
  tuple wins, as "last loaded" did.  The caller orders the tuples stably.
* Fields are processed in name order, so of two field thresholds of the
  same level in one group, the one of the first field name wins.
* A field value matches a mapping value by its text: ``str()`` (so True
  is ``'True'`` and None ``'None'``, as in CloudKitty), except that a
  Decimal is written plainly, without exponent (``2.50``, ``100000``).
* A field value meets a threshold if it is a number: an int, a Decimal
  or a string that ``Decimal()`` reads, NaN excepted.  Anything else
  (text, booleans, None) meets none; CloudKitty raised.

Compiling, the point of this module: the rules active at a moment are
merged once per tenant that has rules of its own (other tenants share the
global ones).  Per service, each field value is reduced to a small code
(which mapping value it matches, how many threshold levels it reaches),
and the codes of a point select a memoized entry that makes the price a
function of qty only: ``coef * qty + add``, with ``coef`` and ``add``
picked by the service threshold levels qty reaches.
"""
import bisect
import collections
import dataclasses
import datetime
import decimal
import itertools
import threading

DEFAULT_GROUP = '_DEFAULT_'
TYPES = ('flat', 'rate')

# No rounding anywhere: products and sums of prices are exact.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX,
                         Emin=decimal.MIN_EMIN)
_add = _EXACT.add
_mul = _EXACT.multiply
_ZERO = decimal.Decimal(0)
_ONE = decimal.Decimal(1)
# A threshold replaces the current one only above this initial level.
_FLOOR = decimal.Decimal(-1)
_ABSENT = object()

# Bounds of the memos: they are cleared when full (cheap, and only a
# pathological stream of distinct values refills them).
_MAX_VALUES = 4096
_MAX_ENTRIES = 16384
_MAX_WINDOWS = 16


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


def value_text(value):
    """The text a field value matches mapping values with."""
    if value.__class__ is decimal.Decimal and value.is_finite():
        return format(value, 'f')
    return str(value)


def value_number(value):
    """The Decimal a field value meets thresholds with, or None."""
    kind = value.__class__
    if kind is int:
        return decimal.Decimal(value)
    if kind is decimal.Decimal:
        number = value
    elif kind is str:
        try:
            number = decimal.Decimal(value)
        except decimal.InvalidOperation:
            return None
    elif kind is float:
        number = decimal.Decimal(repr(value))
    else:
        return None
    return number if not number.is_nan() else None


def _check(rule):
    if rule.type not in TYPES:
        raise ValueError('%r: type must be flat or rate' % (rule,))
    numbers = (rule.cost, rule.level) if isinstance(rule, Threshold) else (
        rule.cost,)
    if not all(type(n) is decimal.Decimal and n.is_finite()
               for n in numbers):
        raise TypeError('%r: cost and level must be finite Decimals'
                        % (rule,))
    if isinstance(rule, Mapping) and (rule.field is None) != (
            rule.value is None):
        raise ValueError('%r: a field mapping has a value, a service '
                         'mapping none' % (rule,))


def _group(rule):
    # A group named '' is a group (CloudKitty tested the group's id).
    return DEFAULT_GROUP if rule.group is None else rule.group


class _Layer:
    """One tenancy's rules of one service, shaped as CloudKitty loads them.

    Groups map to ``(type, cost)`` (service mappings), to ``{value:
    (type, cost)}`` (field mappings) or to ``{level: (type, cost)}``
    (thresholds); fields map to their groups.
    """

    def __init__(self):
        self.mappings = {}
        self.thresholds = {}
        self.field_mappings = collections.defaultdict(dict)
        self.field_thresholds = collections.defaultdict(dict)

    def add_mapping(self, rule):
        group = _group(rule)
        if rule.field is None:
            self.mappings[group] = (rule.type, rule.cost)
        else:
            groups = self.field_mappings[rule.field]
            groups.setdefault(group, {})[rule.value] = (rule.type, rule.cost)

    def add_threshold(self, rule):
        group = _group(rule)
        groups = (self.thresholds if rule.field is None
                  else self.field_thresholds[rule.field])
        groups.setdefault(group, {})[rule.level] = (rule.type, rule.cost)

    def merged(self, tenant):
        """The global layer overridden by a tenant's: per group updates."""
        layer = _Layer()
        layer.mappings = {**self.mappings, **tenant.mappings}
        layer.thresholds = _update(self.thresholds, tenant.thresholds)
        for mine, theirs, into in (
                (self.field_mappings, tenant.field_mappings,
                 layer.field_mappings),
                (self.field_thresholds, tenant.field_thresholds,
                 layer.field_thresholds)):
            for field in mine.keys() | theirs.keys():
                into[field] = _update(mine.get(field, {}),
                                      theirs.get(field, {}))
        return layer


def _update(groups, overrides):
    merged = {group: dict(rules) for group, rules in groups.items()}
    for group, rules in overrides.items():
        merged.setdefault(group, {}).update(rules)
    return merged


def _layers(mappings, thresholds):
    """``{service: _Layer}`` of rules, in their order."""
    layers = collections.defaultdict(_Layer)
    for rule in mappings:
        layers[rule.service].add_mapping(rule)
    for rule in thresholds:
        layers[rule.service].add_threshold(rule)
    return layers


def _reachable(levels):
    """``[(level, type, cost)]`` sorted, of levels that can ever count."""
    return sorted((level, type_, cost)
                  for level, (type_, cost) in levels.items()
                  if level > _FLOOR)


class _Field:
    """One field of a service: its rules and the code of a value.

    The code of a value is ``match * (len(levels) + 1) + reached``: the
    1-based index of the mapping value it equals (0: none) and how many
    threshold levels it reaches.
    """

    def __init__(self, name, mappings, thresholds):
        self.name = name
        values = {}
        for group, by_value in mappings.items():
            for value, (type_, cost) in by_value.items():
                values.setdefault(value, []).append((group, type_, cost))
        self.index = {value: i for i, value in enumerate(values, 1)}
        self.matches = ((),) + tuple(tuple(m) for m in values.values())
        by_group = {group: _reachable(levels)
                    for group, levels in thresholds.items()}
        self.levels = tuple(sorted({level for rules in by_group.values()
                                    for level, _, _ in rules}))
        # best[n]: per group, the highest of its levels among the first n.
        self.best = []
        for reached in range(len(self.levels) + 1):
            best = {}
            for group, rules in by_group.items():
                below = [rule for rule in rules
                         if reached and rule[0] <= self.levels[reached - 1]]
                if below:
                    best[group] = below[-1]
            self.best.append(best)
        self.stride = len(self.levels) + 1

    def code(self, value):
        match = self.index.get(value_text(value), 0) if self.index else 0
        reached = 0
        if self.levels:
            number = value_number(value)
            if number is not None:
                reached = bisect.bisect_right(self.levels, number)
        return match * self.stride + reached


class _Service:
    """One service's merged rules, pricing points of that type."""

    def __init__(self, layer):
        self.mappings = layer.mappings
        self.thresholds = {group: _reachable(levels)
                           for group, levels in layer.thresholds.items()}
        names = sorted(layer.field_mappings.keys()
                       | layer.field_thresholds.keys())
        fields = [_Field(name, layer.field_mappings.get(name, {}),
                         layer.field_thresholds.get(name, {}))
                  for name in names]
        self.fields = tuple((field.name, {}, field) for field in fields
                            if field.index or field.levels)
        self.memo = {}

    def price(self, qty, groupby, metadata, price):
        key = []
        for name, codes, field in self.fields:
            value = groupby.get(name, _ABSENT)
            if value is _ABSENT:
                value = metadata.get(name, _ABSENT)
                if value is _ABSENT:
                    key.append(0)
                    continue
            kind = value.__class__
            # Only str and int values key the cache: equal values of other
            # types (True == 1, Decimal('2') == Decimal('2.0')) can differ
            # in text.
            if kind is str or kind is int:
                code = codes.get(value)
                if code is None:
                    if len(codes) >= _MAX_VALUES:
                        codes.clear()
                    code = codes[value] = field.code(value)
            else:
                code = field.code(value)
            key.append(code)
        key = tuple(key)
        entry = self.memo.get(key)
        if entry is None:
            entry = self._entry(key)
        levels, coefs, adds = entry
        at = bisect.bisect_right(levels, qty) if levels else 0
        price = _add(price, _mul(coefs[at], qty))
        add = adds[at]
        return price if add is None else _add(price, add)

    def _entry(self, key):
        """``(levels, coefs, adds)``: price += coef * qty + add.

        coefs[n] and adds[n] apply when qty reaches n of the levels (the
        service threshold levels of every group, merged).
        """
        groups = {}

        def update(group, type_, cost):
            flat_rate = groups.setdefault(group, [_ZERO, _ONE])
            if type_ == 'rate':
                flat_rate[1] = _mul(flat_rate[1], cost)
            elif cost > flat_rate[0]:
                flat_rate[0] = cost

        for group, (type_, cost) in self.mappings.items():
            update(group, type_, cost)
        field_best = {}
        for (_, _, field), code in zip(self.fields, key):
            match, reached = divmod(code, field.stride)
            for rule in field.matches[match]:
                update(*rule)
            for group, rule in field.best[reached].items():
                if group not in field_best or rule[0] > field_best[group][0]:
                    field_best[group] = rule
        groups_with_levels = [g for g, rules in self.thresholds.items()
                              if rules]
        levels = sorted({rule[0] for g in groups_with_levels
                         for rule in self.thresholds[g]})
        coefs = [_ZERO] * (len(levels) + 1)
        adds = [None] * (len(levels) + 1)
        for group in groups.keys() | field_best.keys() | set(
                groups_with_levels):
            flat, rate = groups.get(group, (_ZERO, _ONE))
            field_rule = field_best.get(group)
            own = self.thresholds.get(group, ())
            for at in range(len(levels) + 1):
                service_rule = None
                if at and own:
                    reached = [r for r in own if r[0] <= levels[at - 1]]
                    service_rule = reached[-1] if reached else None
                coef, add = _combine(flat, rate, field_rule, service_rule)
                coefs[at] = _add(coefs[at], coef)
                if add is not None:
                    adds[at] = add if adds[at] is None else _add(adds[at],
                                                                 add)
        entry = (tuple(levels), tuple(coefs), tuple(adds))
        if len(self.memo) >= _MAX_ENTRIES:
            self.memo.clear()
        self.memo[key] = entry
        return entry


def _combine(flat, rate, field_rule, service_rule):
    """One group's price as ``coef * qty + add`` (add None: nothing).

    The service threshold counts unless a field one has a higher level.
    """
    if field_rule is not None and (service_rule is None
                                   or field_rule[0] > service_rule[0]):
        _, type_, cost = field_rule
        if type_ == 'flat':
            flat = _add(flat, cost)
        else:
            rate = _mul(rate, cost)
        return _mul(rate, flat), None
    coef = _mul(rate, flat)
    if service_rule is None:
        return coef, None
    _, type_, cost = service_rule
    if type_ == 'flat':
        return coef, cost
    return _mul(coef, cost), None


class _Compiled:
    """The services of the rules active at some moments, per tenant."""

    def __init__(self, mappings, thresholds):
        split = collections.defaultdict(lambda: ([], []))
        for i, rules in enumerate((mappings, thresholds)):
            for rule in rules:
                split[rule.tenant_id][i].append(rule)
        self.layers = {tenant: _layers(*rules)
                       for tenant, rules in split.items()}
        self.global_layers = self.layers.pop(None, {})
        self.global_table = {service: _Service(layer)
                             for service, layer in self.global_layers.items()}
        # Tenants with rules of their own, compiled on first use.
        self.tables = dict.fromkeys(self.layers)

    def tenant_table(self, tenant):
        table = dict(self.global_table)
        for service, layer in self.layers[tenant].items():
            base = self.global_layers.get(service)
            table[service] = _Service(base.merged(layer) if base else layer)
        self.tables[tenant] = table
        return table


class HashMap:
    """One rule set, compiled lazily per period begin (and per tenant)."""

    def __init__(self, rules):
        for rule in itertools.chain(rules.mappings, rules.thresholds):
            _check(rule)
        self.rules = rules
        # The set of active mappings only changes at a start or an end:
        # moments between two such bounds share one compilation, so a
        # quote priced at "now" finds it without scanning the rules.
        self._bounds = sorted({m.start for m in rules.mappings} | {
            m.end for m in rules.mappings if m.end is not None})
        self._windows = collections.OrderedDict()
        self._lock = threading.Lock()

    def _at(self, moment):
        window = bisect.bisect_right(self._bounds, moment)
        with self._lock:
            compiled = self._windows.get(window)
            if compiled is None:
                compiled = _Compiled(
                    [m for m in self.rules.mappings if m.start <= moment
                     and (m.end is None or moment < m.end)],
                    self.rules.thresholds)
                self._windows[window] = compiled
                if len(self._windows) > _MAX_WINDOWS:
                    self._windows.popitem(last=False)
            else:
                self._windows.move_to_end(window)
            return compiled

    def pricer(self, moment):
        """A callable price(type_, qty, groupby, metadata, tenant, price).

        It prices points whose period begins at ``moment`` (aware): it
        returns ``price`` plus the hashmap price, summed over groups.
        ``tenant`` is the point's scope id or None; qty and price are
        finite Decimals.  A type without rules returns ``price``
        unchanged.
        """
        compiled = self._at(moment)
        tables = compiled.tables
        global_table = compiled.global_table
        tenant_table = compiled.tenant_table

        def price_point(type_, qty, groupby, metadata, tenant, price):
            table = tables.get(tenant, global_table)
            if table is None:
                table = tenant_table(tenant)
            service = table.get(type_)
            if service is None:
                return price
            return service.price(qty, groupby, metadata, price)

        return price_point
