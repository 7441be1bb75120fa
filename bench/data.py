"""Query and ingestion times of ratingapi's rated data, at a million points.

For each backend (SQLite, PostgreSQL): load ``--points`` rated points (10
types x 200 projects x hourly periods) into a fresh database through the
storage layer, serve it with gunicorn (one sync worker: one request at a
time) and time, one request at a time::

    GET /v2/summary?groupby=type               target <= 300 ms (PostgreSQL)
    GET /v2/summary?groupby=project_id                <= 600 ms (SQLite)
    GET /v2/summary?groupby=type,project_id    (first page of 1000 of 2000)
    GET /v2/summary?groupby=time-d             median, all four
    GET /v1/report/summary?groupby=tenant_id,res_type    the same targets
    GET /v1/report/total?all_tenants=true
    GET /v2/dataframes?limit=1000
    POST /v2/dataframes, batches of 1000       target >= 30,000 points/s
    the same, unpriced, rated on ingest (2.2)  target >= 25,000 points/s

The rated batches carry no ``rating``: with ``OpenStack-API-Version:
rating 2.2`` the server prices them with the hashmap module, enabled with
the rule set of ``bench/rating.py`` stored in the same database; their
stored prices are checked against the engine afterwards.  Every answer
is checked (status, ``total``, and the summed qty where the page holds
every row) so a broken query cannot look fast.  Each summary
sits next to the same aggregation run as bare SQL on the same database:
the ratio is the API's cost over that floor.  See bench/README.md.
"""
import argparse
import datetime
import decimal
import http.client
import os
import statistics
import sys
import tempfile
import time
import urllib.parse

import simplejson
import sqlalchemy as sa

import discovery
import rating

HOST = discovery.HOST
POSTGRESQL_ENV = 'RATINGAPI_BENCH_POSTGRESQL_URL'
ADMIN = dict(discovery.ADMIN)
REQUEST_TIMEOUT = 120

TYPES = (('instance', 'instance'), ('cpu', 'vcpu'), ('memory', 'MiB'),
         ('image.size', 'MiB'), ('volume.size', 'GiB'),
         ('network.bw.in', 'MB'), ('network.bw.out', 'MB'),
         ('ip.floating', 'ip'), ('radosgw.objects.size', 'GiB'),
         ('storage.objects', 'object'))
PROJECTS = 200
PER_PERIOD = len(TYPES) * PROJECTS
# Exact decimals: qty with up to 3 places, prices per unit with up to 4.
QTYS = tuple(decimal.Decimal(text) for text in ('1', '0.5', '2.25', '12.125'))
RATES = tuple(decimal.Decimal(text) for text in (
    '0.0135', '0.02', '0.0001', '0.0004', '0.0025', '0.001', '0.001',
    '0.005', '0.0002', '0', ))
FLAVORS = ('m1.tiny', 'm1.small', 'm1.medium', 'm1.large')
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
HOUR = datetime.timedelta(hours=1)
LOAD_CHUNK = 50  # periods per transaction (100,000 points)
PAGE = 1000

SUMMARY_TARGET_MS = {'sqlite': 600.0, 'postgresql': 300.0}
INGEST_TARGET = 30000.0
RATED_INGEST_TARGET = 25000.0
RATED_VERSION = 'rating 2.2'  # rating on ingest (history.RATES_ON_INGEST)
# Projects with prices of their own in the bench rule set: every batch
# spread over 100 projects meets five of them.
OVERRIDDEN = tuple('project-%03d' % n for n in range(0, PROJECTS, 20))
CHECKED_BATCHES = 3  # rated batches whose stored prices are checked


class BenchError(Exception):
    """The benchmark cannot give a trustworthy figure."""


# -- the data ----------------------------------------------------------------

def project(number):
    return 'project-%03d' % number


def point(type_index, project_number, hour):
    """One point: (qty, price, groupby, metadata); deterministic."""
    qty = QTYS[(project_number + hour + type_index) % len(QTYS)]
    groupby = {'project_id': project(project_number),
               'user_id': 'user-%03d' % (project_number % 40),
               'id': 'res-%02d-%03d' % (type_index, project_number)}
    metadata = {'flavor_name': FLAVORS[project_number % len(FLAVORS)],
                'vcpus': 1 << (project_number % 4),
                'availability_zone': 'nova'}
    return qty, qty * RATES[type_index], groupby, metadata


def storage_frame(hour):
    usage = {}
    total = decimal.Decimal(0)
    for type_index, (type_, unit) in enumerate(TYPES):
        points = []
        for number in range(PROJECTS):
            qty, price, groupby, metadata = point(type_index, number, hour)
            total += qty
            points.append({'unit': unit, 'qty': qty, 'price': price,
                           'groupby': groupby, 'metadata': metadata})
        usage[type_] = points
    frame = {'begin': START + hour * HOUR, 'end': START + (hour + 1) * HOUR,
             'usage': usage}
    return frame, total


def reset_database(url, backend):
    from ratingapi import storage
    from ratingapi.storage import migration

    if backend == 'postgresql':
        database = storage.Database(url)
        try:
            with database.engine.begin() as connection:
                meta = sa.MetaData()
                meta.reflect(connection)
                meta.drop_all(connection)
        finally:
            database.dispose()
    migration.upgrade(url)


def load(url, backend, periods):
    """Fresh database with ``periods`` x 2000 points; (seconds, qty sum)."""
    from ratingapi import storage
    from ratingapi.storage import dataframes

    reset_database(url, backend)
    database = storage.Database(url)
    qty_total = decimal.Decimal(0)
    stored = 0
    started = time.perf_counter()
    try:
        for first in range(0, periods, LOAD_CHUNK):
            frames = []
            for hour in range(first, min(first + LOAD_CHUNK, periods)):
                frame, total = storage_frame(hour)
                frames.append(frame)
                qty_total += total
            with database.session() as session:
                stored += dataframes.push(session, frames,
                                          scope_key='project_id')
            print('  loaded %d points (%.0fs)' % (
                stored, time.perf_counter() - started), flush=True)
        seconds = time.perf_counter() - started
        if backend == 'postgresql':
            analyzed = time.perf_counter()
            with database.engine.begin() as connection:
                connection.exec_driver_sql('ANALYZE rated_points')
            print('  ANALYZE rated_points after the load: %.1fs (not in the '
                  'load time)' % (time.perf_counter() - analyzed))
    finally:
        database.dispose()
    return stored, seconds, qty_total


# -- the client --------------------------------------------------------------

def call(port, method, path, body=None, headers=()):
    """One request on a new connection: (status, body, seconds)."""
    headers = dict(ADMIN, **dict(headers))
    if body is not None:
        headers['Content-Type'] = 'application/json'
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started
    finally:
        conn.close()


def iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%S+00:00')


def queries(periods, points, qty_total):
    """(label, path, check) per timed GET; check(body) -> error or None."""
    end = START + periods * HOUR
    span = {'begin': iso(START), 'end': iso(end)}
    days = len({(START + hour * HOUR).date() for hour in range(periods)})

    def summary(groupby, total, whole):
        def check(body):
            if body.get('total') != total:
                return 'total %r, expected %d' % (body.get('total'), total)
            rows = body['results']
            if len(rows) != min(total, PAGE):
                return '%d rows, expected %d' % (len(rows), min(total, PAGE))
            if whole:
                qty = sum(decimal.Decimal(str(row[2])) for row in rows)
                if qty != qty_total:
                    return 'qty sums to %s, expected %s' % (qty, qty_total)
            return None
        query = dict(span, groupby=groupby, limit=PAGE)
        return ('GET /v2/summary?groupby=%s' % groupby,
                '/v2/summary?' + urllib.parse.urlencode(query), check, groupby)

    def frames(body):
        if body.get('total') != points:
            return 'total %r, expected %d' % (body.get('total'), points)
        got = sum(len(values) for frame in body['dataframes']
                  for values in frame['usage'].values())
        if got != min(PAGE, points):
            return '%d points in the page, expected %d' % (got, PAGE)
        return None

    return [summary('type', len(TYPES), True),
            summary('project_id', PROJECTS, True),
            summary('type,project_id', len(TYPES) * PROJECTS, False),
            summary('time-d', days, True),
            *v1_report(span),
            ('GET /v2/dataframes?limit=1000',
             '/v2/dataframes?' + urllib.parse.urlencode(dict(span,
                                                             limit=PAGE)),
             frames, None)]


def v1_report(span):
    """The v1 report rows: every (project, type) of every project, and
    the total, which must equal the summed rates of that summary.  The
    groupby '' of the total times no reference SQL but is judged against
    the summary target; the summary's reference is the v2 statement of
    the same grouping (its first page: the aggregation is the cost)."""
    summed = {}

    def summary(body):
        rows = body['summary']
        if len(rows) != len(TYPES) * PROJECTS:
            return '%d rows, expected %d' % (len(rows),
                                             len(TYPES) * PROJECTS)
        summed['rate'] = sum(decimal.Decimal(row['rate']) for row in rows)
        return None

    def total(body):
        if decimal.Decimal(body) != summed.get('rate'):
            return 'total %s, summary rates sum to %s' % (
                body, summed.get('rate'))
        return None

    query = dict(span, all_tenants='true')
    return [('GET /v1/report/summary?groupby=tenant_id,res_type',
             '/v1/report/summary?' + urllib.parse.urlencode(dict(
                 query, groupby='tenant_id,res_type')),
             summary, 'project_id,type'),
            ('GET /v1/report/total?all_tenants=true',
             '/v1/report/total?' + urllib.parse.urlencode(query), total, '')]


def time_get(port, path, check, repeat):
    """1 warm-up + ``repeat`` timed GETs, each checked; seconds list."""
    times = []
    for number in range(repeat + 1):
        status, data, seconds = call(port, 'GET', path)
        if status != 200:
            raise BenchError('GET %s answered %d: %r' % (path, status,
                                                         data[:300]))
        problem = check(simplejson.loads(data, use_decimal=True))
        if problem:
            raise BenchError('GET %s: %s' % (path, problem))
        if number:
            times.append(seconds)
    return times


# -- the reference SQL -------------------------------------------------------

def time_reference(url, groupby, backend, periods, repeat):
    """The statement the API runs for the summary, executed bare.

    ``ratingapi.storage.summary.statement`` builds the very SELECT that
    ``GET /v2/summary`` runs; here it is run and fetched alone: no
    decoding, no JSON, no HTTP, no policy.
    """
    from ratingapi import storage
    from ratingapi.storage import summary

    statement = summary.statement(
        backend, begin=START, end=START + periods * HOUR,
        groupby=groupby.split(','), filters={}, scopes=None,
        scope_key='project_id', offset=0, limit=PAGE)
    database = storage.Database(url)
    times = []
    try:
        with database.engine.connect() as connection:
            for number in range(repeat + 1):
                started = time.perf_counter()
                connection.execute(statement).all()
                if number:
                    times.append(time.perf_counter() - started)
    finally:
        database.dispose()
    return times


# -- ingestion ---------------------------------------------------------------

def wire_batch(hour, spread, rated=False):
    """1000 points of one period as a POST body: 100 projects x 10 types,
    or (``spread`` false) 100 resources x 10 types of one project; with
    ``rated``, no ``rating``: the server prices them."""
    usage = {}
    for type_index, (type_, unit) in enumerate(TYPES):
        points = []
        for number in range(100):
            project_number = (hour * 100 + number) % PROJECTS if spread \
                else hour % PROJECTS
            qty, price, groupby, metadata = point(type_index,
                                                  project_number, hour)
            if not spread:
                groupby['id'] = 'res-%02d-%03d-%03d' % (
                    type_index, project_number, number)
            sent = {'vol': {'unit': unit, 'qty': qty},
                    'groupby': groupby, 'metadata': metadata}
            if not rated:
                sent['rating'] = {'price': price}
            points.append(sent)
        usage[type_] = points
    frame = {'period': {'begin': iso(START + hour * HOUR),
                        'end': iso(START + (hour + 1) * HOUR)},
             'usage': usage}
    return simplejson.dumps({'dataframes': [frame]}).encode()


def post_batch(port, hour, spread, rated):
    """One POST of ``wire_batch``; its points/s.

    ``rated``: points without a price, at the microversion that rates
    them on ingest."""
    headers = (('OpenStack-API-Version', RATED_VERSION),) if rated else ()
    body = wire_batch(hour, spread, rated)
    status, data, seconds = call(port, 'POST', '/v2/dataframes', body,
                                 headers)
    if status != 204:
        raise BenchError('POST /v2/dataframes%s answered %d: %r' % (
            ' (rated on ingest)' if rated else '', status, data[:300]))
    return 1000 / seconds


def ingest(server, first_hour, batches, spread):
    """1 warm-up + ``batches`` POSTs of each kind, priced and unpriced
    (rated on ingest), alternating (which goes first alternates too), so
    drift (a WAL checkpoint, a busy neighbour) hits both alike.

    Returns ``({rated: [points/s of each timed batch]}, {rated: server
    CPU seconds over the timed batches}, [the hours of the rated
    batches])`` (each batch has a period of its own)."""
    rates = {False: [], True: []}
    cpu = {False: 0.0, True: 0.0}
    rated_hours = []
    hour = first_hour
    for number in range(batches + 1):
        for rated in ((False, True) if number % 2 == 0 else (True, False)):
            before = server.cpu_seconds()
            rate = post_batch(server.port, hour, spread, rated)
            after = server.cpu_seconds()
            if rated:
                rated_hours.append(hour)
            if number:
                rates[rated].append(rate)
                if None in (before, after, cpu[rated]):
                    cpu[rated] = None
                else:
                    cpu[rated] += after - before
            hour += 1
    return rates, cpu, rated_hours


def check_rated(url, rules, hours):
    """The points stored by the rated batches of ``hours`` carry the
    price the engine computes in this process, rounded as storage rounds
    it, and most are not free (types the rule set has no service for
    cost 0); the number of points checked and of non-zero prices."""
    from ratingapi import storage
    from ratingapi.rating import chain
    from ratingapi.storage import dataframes
    from ratingapi.storage import points as storage_points

    engine = rating.hashmap.HashMap(rules)
    checked = priced = 0
    database = storage.Database(url)
    try:
        with database.reader() as connection:
            for hour in hours:
                begin = START + hour * HOUR
                page = dataframes.retrieve(
                    connection, begin=begin, end=begin + HOUR, filters={},
                    scopes=None, scope_key='project_id', offset=0,
                    limit=PAGE)
                if page.total != PAGE:
                    raise BenchError('%d points stored for the rated batch '
                                     'of %s, expected %d' % (
                                         page.total, iso(begin), PAGE))
                price = engine.pricer(begin)
                for point in page.points:
                    groupby = dict(point.groupby)
                    wanted = price(
                        point.type, point.qty, groupby, dict(point.metadata),
                        storage_points.scope_text(groupby['project_id']),
                        chain.ZERO).quantize(chain.STORED_QUANTUM,
                                             rounding=decimal.ROUND_HALF_EVEN)
                    if point.price != wanted:
                        raise BenchError(
                            'rated on ingest, %s %s at %s costs %s; the '
                            'engine in process prices it %s' % (
                                point.type, groupby, iso(begin), point.price,
                                wanted))
                    checked += 1
                    priced += point.price != 0
    finally:
        database.dispose()
    # 7 of the 10 types are services of the rule set, each with a flat
    # price: 70 % of the points cost something.
    if priced < checked * 0.7:
        raise BenchError('only %d of %d points rated on ingest cost '
                         'anything: is the hashmap module pricing?' % (
                             priced, checked))
    return checked, priced


# -- one backend -------------------------------------------------------------

def run_backend(backend, url, args, workdir):
    periods = max(1, args.points // PER_PERIOD)
    print('\n== %s: loading %d points (%d types x %d projects x %d hourly '
          'periods) through ratingapi.storage.dataframes.push, %d periods '
          'per transaction' % (backend, periods * PER_PERIOD, len(TYPES),
                               PROJECTS, periods, LOAD_CHUNK), flush=True)
    points, load_seconds, qty_total = load(url, backend, periods)
    print('  load: %d points in %.1fs, %.0f points/s' % (
        points, load_seconds, points / load_seconds), flush=True)
    # The bench rule set, in force over every period here, with prices of
    # their own for some of the projects.
    rules = rating.rule_set(moment=START, overridden=OVERRIDDEN)
    dropped = rating.store_rules(url, rules)
    print('  bench rule set stored, hashmap enabled: %d mappings, %d '
          'thresholds (%d duplicates left out)' % (
              len(rules.mappings), len(rules.thresholds), dropped),
          flush=True)

    env = discovery.source_env(dict(
        os.environ, RATINGAPI_CONFIG_FILE=discovery.ratingapi_config(
            workdir, url)))
    server = discovery.Server(discovery.RATINGAPI, 1, workdir, env)
    results = []
    try:
        server.start()
        server.mark_log()
        for label, path, check, groupby in queries(periods, points,
                                                   qty_total):
            times = time_get(server.port, path, check, args.repeat)
            reference = (time_reference(url, groupby, backend, periods,
                                        args.repeat)
                         if groupby else None)
            results.append((label, times, reference, groupby is not None))
            print('  %s: median %.1f ms' % (label, ms(times)), flush=True)
        ingested = []
        hour = periods
        rated_hours = []
        for spread in (True, False):
            rates, cpu, hours = ingest(server, hour, args.ingest_batches,
                                       spread)
            hour += 2 * (args.ingest_batches + 1)
            # The warm-up batch, the first and the last timed one.
            rated_hours += [hours[0], hours[1], hours[-1]]
            for rated in (False, True):
                ingested.append((spread, rated, rates[rated],
                                 cpu[rated] and len(rates[rated]) * 1000
                                 / cpu[rated]))
                print('  ingestion (%s%s): median %.0f points/s' % (
                    'spread' if spread else 'one project',
                    ', rated on ingest' if rated else '',
                    statistics.median(rates[rated])), flush=True)
        # ratingapi's access log writes one INFO line per request (as in
        # production); anything else is worth showing.
        logged = [line for line in server.log_since_mark()
                  if 'ratingapi.access' not in line]
    finally:
        server.stop()
    checked, priced = check_rated(url, rules, rated_hours)
    print('  rated on ingest: %d stored points of %d batches checked, '
          'each priced as the engine prices it in process (%d non-zero)'
          % (checked, len(rated_hours), priced))
    return report(backend, points, load_seconds, results, ingested, logged)


def ingest_verdict(median, target):
    """PASS only with a 10 % margin: a target met by less is not met."""
    if median < target:
        return 'below target'
    if median < target * 1.1:
        return 'below target (met by < 10 %)'
    return 'PASS'


def ms(times):
    return statistics.median(times) * 1e3


def report(backend, points, load_seconds, results, ingested, logged):
    target = SUMMARY_TARGET_MS[backend]
    print('\n%s, %d points (load %.1fs, %.0f points/s)' % (
        backend, points, load_seconds, points / load_seconds))
    row = '%-40s %8s %8s %8s %8s %6s  %-12s %s'
    header = row % ('request', 'median', 'min', 'max', 'ref SQL', 'ratio',
                    'target', 'verdict')
    print(header)
    print('-' * len(header))
    met = True
    for label, times, reference, is_summary in results:
        median = ms(times)
        ref_text = ratio = target_text = verdict = ''
        if reference:
            ref = ms(reference)
            ref_text = '%.1f' % ref
            ratio = '%.1f' % (median / ref) if ref else '-'
        if is_summary:
            target_text = '<= %.0f ms' % target
            verdict = 'PASS' if median <= target else 'below target'
            met = met and median <= target
        print((row % (label, '%.1f' % median, '%.1f' % (min(times) * 1e3),
                      '%.1f' % (max(times) * 1e3), ref_text, ratio,
                      target_text, verdict)).rstrip())
    print('  (times in ms over %d requests after 1 warm-up; groupby='
          'type,project_id is the first page, offset 0 limit 1000, of '
          'total 2000 rows)' % len(results[0][1]))
    row = '%-40s %8s %8s %8s %8s %6s %8s %6s  %-12s %s'
    print(row % ('POST /v2/dataframes, 1000 points/batch', 'points/s',
                 'min', 'max', 'overall', 'ratio', 'per cpu', 'ratio',
                 'target', 'verdict'))
    unrated = {spread: (statistics.median(rates), per_cpu)
               for spread, rated, rates, per_cpu in ingested if not rated}
    for spread, rated, rates, per_cpu in ingested:
        median = statistics.median(rates)
        # Points over the summed request times: the rare slow batches
        # (SQLite's WAL checkpoints) count here, not in the median.
        overall = len(rates) / sum(1 / rate for rate in rates)
        target = RATED_INGEST_TARGET if rated else INGEST_TARGET
        verdict = ingest_verdict(median, target) if spread else ''
        met = met and (verdict == 'PASS' or not spread)
        label = ('  100 projects x 10 types' if spread
                 else '  1 project x 10 types x 100 resources')
        print(row % ('    same, rated on ingest' if rated else label,
                     '%.0f' % median, '%.0f' % min(rates),
                     '%.0f' % max(rates), '%.0f' % overall,
                     '%.2f' % (median / unrated[spread][0]) if rated
                     else '', '%.0f' % per_cpu if per_cpu else '-',
                     '%.2f' % (per_cpu / unrated[spread][1])
                     if rated and per_cpu and unrated[spread][1] else '',
                     '>= %.0f' % target if spread else '(info)', verdict))
    print('  (points/s: median over the batches; overall: points over the '
          'summed request times; per cpu: points\n  per second of the '
          'server worker\'s CPU time (user + system), which other load on '
          'the\n  machine hardly moves.  Rated on ingest: no price sent, '
          '%s, the hashmap\n  module on the bench rule set; ratio: its '
          'figure over the unrated one of the\n  same kind, batches '
          'alternated)' % RATED_VERSION)
    if logged:
        print('server logged %d lines besides the access log; first: %s'
              % (len(logged), logged[0]))
    return met


# -- main --------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Load rated points into SQLite and/or PostgreSQL and '
                    'time /v2/summary, /v2/dataframes and ingestion.')
    parser.add_argument('--backend', default='both',
                        choices=('sqlite', 'postgresql', 'both'))
    parser.add_argument('--postgresql-url',
                        default=os.environ.get(POSTGRESQL_ENV),
                        help='PostgreSQL database to use (ALL ITS TABLES '
                             'ARE DROPPED); default: $%s' % POSTGRESQL_ENV)
    parser.add_argument('--points', type=int, default=1000000,
                        help='points to load, rounded down to whole '
                             'periods of %d (default 1000000)' % PER_PERIOD)
    parser.add_argument('--repeat', type=int, default=7,
                        help='timed requests per query after 1 warm-up '
                             '(default 7)')
    parser.add_argument('--ingest-batches', type=int, default=30,
                        help='timed POST batches of 1000 points per kind, '
                             'after 1 warm-up (default 30)')
    parser.add_argument('--strict', action='store_true',
                        help='exit 3 when a target is not met')
    args = parser.parse_args(argv)
    for name in ('points', 'repeat', 'ingest_batches'):
        if getattr(args, name) < 1:
            parser.error('--%s must be at least 1' % name.replace('_', '-'))
    if args.backend in ('postgresql', 'both') and not args.postgresql_url:
        parser.error('PostgreSQL needs --postgresql-url or $%s (a '
                     'throw-away database: its tables are dropped); or use '
                     '--backend sqlite' % POSTGRESQL_ENV)
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    print('machine: nproc %d, load average %s; python %s, sqlite %s' % (
        cpus, discovery.load_average(), sys.version.split()[0],
        __import__('sqlite3').sqlite_version))
    backends = (('sqlite', 'postgresql') if args.backend == 'both'
                else (args.backend,))
    met = True
    try:
        for backend in backends:
            with tempfile.TemporaryDirectory(
                    prefix='ratingapi-bench-data-') as workdir:
                if backend == 'sqlite':
                    url = 'sqlite:///%s' % os.path.join(workdir,
                                                        'ratingapi.sqlite')
                else:
                    url = args.postgresql_url
                met = run_backend(backend, url, args, workdir) and met
    except (BenchError, OSError) as exc:
        print('data.py: FAILED: %s' % exc, file=sys.stderr)
        return 1
    print('\nload average at the end: %s' % discovery.load_average())
    return 3 if args.strict and not met else 0


if __name__ == '__main__':
    sys.exit(main())
