"""The hashmap price written straight from reference §5.3, for comparison.

Every call walks every rule of the rule set: it loads the rules as
CloudKitty does (global, then the tenant's merged per group), then prices
the one point.  No compilation, no memo: slow and obviously right, which
is what the compiled engine is checked against (tests) and timed against
(bench/rating.py).  It shares no code with ratingapi.rating.hashmap; the
few decisions §5.3 leaves open are written again here the same way (the
module docstring of hashmap lists them).
"""
import decimal

_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX,
                         Emin=decimal.MIN_EMIN)


def _group(rule):
    return rule.group if rule.group is not None else '_DEFAULT_'


def _active(mapping, moment):
    return mapping.start <= moment and (mapping.end is None
                                        or mapping.end > moment)


def _load(rules, moment, service, tenant):
    """CloudKitty's entries of one service for one processor's tenant."""
    entries = {'mappings': {}, 'thresholds': {}, 'fields': {}}
    tenancies = (None,) if tenant is None else (None, tenant)
    for tenancy in tenancies:
        loaded = {'mappings': {}, 'thresholds': {}, 'fields': {}}
        for mapping in rules.mappings:
            if (mapping.service != service or mapping.tenant_id != tenancy
                    or not _active(mapping, moment)):
                continue
            cost = {'type': mapping.type, 'cost': mapping.cost}
            if mapping.field is None:
                loaded['mappings'][_group(mapping)] = cost
            else:
                field = loaded['fields'].setdefault(
                    mapping.field, {'mappings': {}, 'thresholds': {}})
                field['mappings'].setdefault(
                    _group(mapping), {})[mapping.value] = cost
        for threshold in rules.thresholds:
            if (threshold.service != service
                    or threshold.tenant_id != tenancy):
                continue
            cost = {'type': threshold.type, 'cost': threshold.cost}
            if threshold.field is None:
                scope = loaded
            else:
                scope = loaded['fields'].setdefault(
                    threshold.field, {'mappings': {}, 'thresholds': {}})
            scope['thresholds'].setdefault(
                _group(threshold), {})[threshold.level] = cost
        # The merge: dict.update per group.
        for group, cost in loaded['mappings'].items():
            entries['mappings'][group] = cost
        _merge(entries['thresholds'], loaded['thresholds'])
        for name, field in loaded['fields'].items():
            into = entries['fields'].setdefault(
                name, {'mappings': {}, 'thresholds': {}})
            _merge(into['mappings'], field['mappings'])
            _merge(into['thresholds'], field['thresholds'])
    return entries


def _merge(into, groups):
    for group, values in groups.items():
        if group in into:
            into[group].update(values)
        else:
            into[group] = dict(values)


def _text(value):
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return format(value, 'f')
    return str(value)


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, (int, str, decimal.Decimal)):
        return None
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        return None
    return None if number.is_nan() else number


def price(rules, moment, type_, qty, groupby, metadata, tenant, price):
    """``price`` plus the hashmap price of one point; §5.3 to the letter."""
    known = any(rule.service == type_
                for rule in rules.mappings + rules.thresholds)
    if not known:
        return price
    entries = _load(rules, moment, type_, tenant)
    desc = dict(metadata)
    desc.update(groupby)
    res = {}

    def entry(group):
        return res.setdefault(group, {
            'flat': decimal.Decimal(0), 'rate': decimal.Decimal(1),
            'threshold': {'level': decimal.Decimal(-1),
                          'cost': decimal.Decimal(0),
                          'type': 'flat', 'scope': 'field'}})

    def update(group, rule):
        current = entry(group)
        if rule['type'] == 'rate':
            current['rate'] = _EXACT.multiply(current['rate'], rule['cost'])
        else:
            current['flat'] = max(current['flat'], rule['cost'])

    def threshold(group, level, rule, scope):
        current = entry(group)
        if level > current['threshold']['level']:
            current['threshold'] = {'level': level, 'cost': rule['cost'],
                                    'type': rule['type'], 'scope': scope}

    # (a) service mappings, (b) service thresholds.
    for group, rule in entries['mappings'].items():
        update(group, rule)
    for group, levels in entries['thresholds'].items():
        for level, rule in levels.items():
            if qty >= level:
                threshold(group, level, rule, 'service')
    # (c) fields present in desc, in name order.
    for name in sorted(entries['fields']):
        if name not in desc:
            continue
        value = desc[name]
        field = entries['fields'][name]
        for group, values in field['mappings'].items():
            for mapped, rule in values.items():
                if mapped == _text(value):
                    update(group, rule)
        number = _number(value)
        for group, levels in field['thresholds'].items():
            for level, rule in levels.items():
                if number is not None and number >= level:
                    threshold(group, level, rule, 'field')
    # (d) combine.
    total = price
    for current in res.values():
        flat, rate = current['flat'], current['rate']
        found = current['threshold']
        if found['scope'] == 'field':
            if found['type'] == 'flat':
                flat = _EXACT.add(flat, found['cost'])
            else:
                rate = _EXACT.multiply(rate, found['cost'])
        result = _EXACT.multiply(_EXACT.multiply(rate, flat), qty)
        if found['scope'] == 'service':
            if found['type'] == 'flat':
                result = _EXACT.add(result, found['cost'])
            else:
                result = _EXACT.multiply(result, found['cost'])
        total = _EXACT.add(total, result)
    return total
