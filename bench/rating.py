"""Points per second of the hashmap engine, compiled and straight.

Builds a realistic rule set deterministically (20 services, 200 field
mappings over 5 fields, service and field thresholds, 4 groups, 50 tenant
overrides) and a stream of points (several fields each, 500 tenants,
varied qty), then times, in this one process:

* the compiled engine (``ratingapi.rating.hashmap``): a fresh HashMap per
  run, so compiling and filling its memos are in the figure;
* the same engine warm: a second pass over the points with that HashMap;
* the straight reference (``tests/unit/rating/hashmap_reference.py``),
  which walks every rule per point, on a slice of the points.

Each figure is the median of several runs.  Both engines must agree on
every point of the slice, or the script stops.  See bench/README.md.
"""
import argparse
import datetime
import decimal
import os
import random
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from ratingapi.rating import hashmap  # noqa: E402
from tests.unit.rating import hashmap_reference  # noqa: E402

D = decimal.Decimal
UTC = datetime.timezone.utc
MOMENT = datetime.datetime(2026, 3, 1, 12, tzinfo=UTC)
TARGET = 200000

SERVICES = ['instance', 'volume.size', 'image.size', 'ip.floating',
            'network.bw.in', 'network.bw.out', 'radosgw.objects.size',
            'snapshot.size', 'loadbalancer', 'dns.zone', 'k8s.cluster',
            'db.instance', 'backup.size', 'gpu.hours', 'vpn.tunnel',
            'share.size', 'secret', 'queue', 'cdn.traffic', 'license']
GROUPS = [None, 'storage', 'network', 'license']
FIELD_VALUES = {
    'flavor_name': ['m1.%s' % size for size in (
        'tiny', 'small', 'medium', 'large', 'xlarge')] + [
        'c2.%d' % n for n in range(1, 11)] + ['g1.a100', 'g1.h100'],
    'availability_zone': ['nova', 'az1', 'az2', 'az3'],
    'vcpus': [1, 2, 4, 8, 16, 32],
    'os_distro': ['ubuntu', 'debian', 'rocky', 'windows', 'rhel', 'sles'],
    'volume_type': ['ssd', 'hdd', 'nvme', 'replicated'],
}
FIELDS = sorted(FIELD_VALUES)
TENANTS = ['%032x' % n for n in range(500)]
OVERRIDDEN = TENANTS[:10]


def _cost(rnd, low='0.001', high='5'):
    cents = rnd.randint(int(D(low) * 1000), int(D(high) * 1000))
    return D(cents).scaleb(-3)


def rule_set(seed=1, moment=MOMENT, overridden=OVERRIDDEN):
    """The bench rule set, in force from 30 days before ``moment`` (a
    superseded price of each service before that), with the tenant
    overrides of the 10 tenants ``overridden``."""
    rnd = random.Random(seed)
    start = moment - datetime.timedelta(days=30)
    mappings, thresholds = [], []

    def add_mapping(service, field=None, value=None, type_='flat',
                    cost=None, group=None, tenant=None, begin=start,
                    end=None):
        mappings.append(hashmap.Mapping(
            service, field, value, type_, cost or _cost(rnd), group, tenant,
            begin, end))

    for service in SERVICES:
        # A superseded price and the current one, as an edit leaves them.
        add_mapping(service, begin=start - datetime.timedelta(days=60),
                    end=start)
        add_mapping(service)
        if rnd.random() < 0.3:
            add_mapping(service, group=rnd.choice(GROUPS[1:]))
    for _ in range(200):
        field = rnd.choice(FIELDS)
        add_mapping(rnd.choice(SERVICES), field,
                    str(rnd.choice(FIELD_VALUES[field])),
                    rnd.choice(('flat', 'rate', 'rate')),
                    _cost(rnd, '0.5', '3'), rnd.choice(GROUPS))
    for service in SERVICES[:12]:
        group = rnd.choice(GROUPS)
        for level in rnd.sample((10, 50, 100, 500), 2):
            thresholds.append(hashmap.Threshold(
                service, None, D(level), rnd.choice(('flat', 'rate')),
                _cost(rnd, '0.5', '2'), group, None))
    for service in SERVICES[:8]:
        for level in (4, 16):
            thresholds.append(hashmap.Threshold(
                service, 'vcpus', D(level), 'flat', _cost(rnd),
                rnd.choice(GROUPS), None))
    # 50 overrides by 10 tenants: prices of their own.
    for n in range(50):
        tenant = overridden[n % len(overridden)]
        kind = n % 5
        if kind == 0:
            thresholds.append(hashmap.Threshold(
                rnd.choice(SERVICES[:12]), None, D(100), 'rate',
                _cost(rnd, '0.5', '1'), None, tenant))
        else:
            field = rnd.choice(FIELDS) if kind > 1 else None
            add_mapping(rnd.choice(SERVICES), field,
                        field and str(rnd.choice(FIELD_VALUES[field])),
                        'flat' if kind < 3 else 'rate', _cost(rnd),
                        rnd.choice(GROUPS), tenant)
    return hashmap.RuleSet(1, tuple(mappings), tuple(thresholds))


# -- the rule set in a database (bench/quote.py, bench/data.py) -------------

def _storable(rules):
    """``rules`` without the rules storage refuses as duplicates, keeping
    the last of each, which is the one the engine prices with anyway
    (later wins).  A threshold's key in storage has no group: if two of
    one key differed in group, dropping one would change prices; the
    caller's check against the unreduced rule set would say so."""
    mappings = {}
    for rule in rules.mappings:
        mappings.pop((rule.service, rule.field, rule.value, rule.group,
                      rule.tenant_id, rule.start, rule.end), None)
        mappings[(rule.service, rule.field, rule.value, rule.group,
                  rule.tenant_id, rule.start, rule.end)] = rule
    thresholds = {}
    for rule in rules.thresholds:
        key = (rule.service, rule.field, rule.level, rule.tenant_id)
        thresholds.pop(key, None)
        thresholds[key] = rule
    return tuple(mappings.values()), tuple(thresholds.values())


def store_rules(url, rules, who='bench'):
    """Write ``rules`` into the (migrated) database at ``url`` through
    ``ratingapi.storage.hashmap``, as the v1/v2 hashmap APIs would, and
    enable the hashmap module.  Returns the number of mappings and
    thresholds left out as duplicates of later ones."""
    from ratingapi import storage
    from ratingapi.rating import modules
    from ratingapi.storage import hashmap as hashmap_storage

    mappings, thresholds = _storable(rules)
    database = storage.Database(url)
    try:
        with database.session() as session:
            groups = {None: None}
            for name in GROUPS[1:]:
                groups[name] = hashmap_storage.create_group(
                    session, name=name).group_id
            services = {name: hashmap_storage.create_service(
                session, name=name).service_id for name in SERVICES}
            fields = {}

            def parent(rule):
                if rule.field is None:
                    return {'service_id': services[rule.service]}
                key = (rule.service, rule.field)
                if key not in fields:
                    fields[key] = hashmap_storage.create_field(
                        session, service_id=services[rule.service],
                        name=rule.field).field_id
                return {'field_id': fields[key]}

            for rule in mappings:
                hashmap_storage.create_mapping(
                    session, cost=rule.cost, type=rule.type,
                    group_id=groups[rule.group], tenant_id=rule.tenant_id,
                    value=rule.value, start=rule.start, end=rule.end,
                    who=who, **parent(rule))
            for rule in thresholds:
                hashmap_storage.create_threshold(
                    session, level=rule.level, cost=rule.cost,
                    type=rule.type, group_id=groups[rule.group],
                    tenant_id=rule.tenant_id, **parent(rule))
            modules.update_module(session, hashmap_storage.MODULE_ID,
                                  enabled=True)
    finally:
        database.dispose()
    return (len(rules.mappings) - len(mappings)
            + len(rules.thresholds) - len(thresholds))


def check_stored(url, rules, moment, sample):
    """The rules the server loads from ``url`` price every point of
    ``sample`` (``points()`` tuples) at ``moment`` as ``rules`` do; the
    number of points with a non-zero price.  Raises ValueError if not."""
    from ratingapi import storage
    from ratingapi.rating import modules
    from ratingapi.storage import hashmap as hashmap_storage

    database = storage.Database(url)
    try:
        with database.reader() as connection:
            info = modules.get_module(connection, hashmap_storage.MODULE_ID)
            loaded = hashmap_storage.load_rules(connection, info.revision)
    finally:
        database.dispose()
    if not info.enabled:
        raise ValueError('the hashmap module is not enabled')
    stored = hashmap.HashMap(loaded).pricer(moment)
    wanted = hashmap.HashMap(rules).pricer(moment)
    priced = 0
    for point in sample:
        got, expected = stored(*point), wanted(*point)
        if got != expected:
            raise ValueError('the stored rules price %r at %s, the bench '
                             'rule set at %s' % (point, got, expected))
        priced += bool(got)
    return priced


def points(count, seed=2, tenants=TENANTS):
    rnd = random.Random(seed)
    made = []
    for n in range(count):
        tenant = rnd.choice(tenants)
        groupby = {'project_id': tenant, 'user_id': '%x' % rnd.randrange(50),
                   'id': '%08x' % rnd.randrange(1 << 32)}
        metadata = {field: rnd.choice(FIELD_VALUES[field])
                    for field in rnd.sample(FIELDS, rnd.randint(2, 5))}
        if rnd.random() < 0.1:
            metadata['flavor_name'] = 'custom-%d' % rnd.randrange(1000)
        qty = D(rnd.randrange(1, 100000)).scaleb(-rnd.randint(0, 3))
        made.append((rnd.choice(SERVICES), qty, groupby, metadata, tenant,
                     D(0)))
    return made


def rate(engine_price, batch):
    started = time.perf_counter()
    for point in batch:
        engine_price(*point)
    return len(batch) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--points', type=int, default=200000)
    parser.add_argument('--reference-points', type=int, default=2000)
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()

    rules = rule_set()
    batch = points(args.points)
    sample = batch[:args.reference_points]
    print('rule set: %d mappings (%d active), %d thresholds; %d points, '
          'reference on %d' % (
              len(rules.mappings),
              sum(1 for m in rules.mappings if m.start <= MOMENT
                  and (m.end is None or MOMENT < m.end)),
              len(rules.thresholds), len(batch), len(sample)))

    def reference(*point):
        return hashmap_reference.price(rules, MOMENT, *point)

    price = hashmap.HashMap(rules).pricer(MOMENT)
    for point in sample:
        if price(*point) != reference(*point):
            sys.exit('the engines disagree on %r' % (point,))

    cold, warm, straight = [], [], []
    for _ in range(args.runs):
        engine = hashmap.HashMap(rules)
        # Compiling is in the cold figure: pricer() is inside the timing.
        started = time.perf_counter()
        price = engine.pricer(MOMENT)
        for point in batch:
            price(*point)
        cold.append(len(batch) / (time.perf_counter() - started))
        warm.append(rate(price, batch))
        straight.append(rate(reference, sample))

    def line(name, rates):
        print('%-22s %10.0f points/s  (runs: %s)' % (
            name, statistics.median(rates),
            ', '.join('%.0f' % r for r in rates)))

    line('compiled, fresh', cold)
    line('compiled, warm', warm)
    line('reference', straight)
    print('ratio fresh/reference: %.0f' % (
        statistics.median(cold) / statistics.median(straight)))
    best = statistics.median(cold)
    verdict = ('met' if best >= TARGET * 1.1 else
               'met by less than 10 %: not met' if best >= TARGET
               else 'not met')
    print('target %d points/s (fresh): %s' % (TARGET, verdict))


if __name__ == '__main__':
    main()
