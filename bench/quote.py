"""Latency of one quote, ``POST /v1/rating/quote``, served as deployed.

Serves ratingapi with its own launcher, ``ratingapi-api`` (gunicorn, its
default workers), noauth, over a SQLite database in a temporary directory
that holds the bench rule set of ``bench/rating.py`` (20 services, 200
field mappings over 5 fields, thresholds, 4 groups, 50 tenant overrides)
stored through ``ratingapi.storage.hashmap``, with the hashmap module
enabled.  Next to it, the bare app of ``bench/bare_app.py`` under the same
gunicorn command line.  wrk measures, at each connection count (1 and 8 by
default)::

    bare      GET /                       the reference (200)
    ratingapi GET /                       300, the same server's floor
    ratingapi POST /v1/rating/quote       one resource; target p50 <= 2 ms
                                          at 1 connection

Before measuring, the quote must answer 200 with exactly the price the
engine computes in this process from the same rule set (and the rules
read back from the database must price a sample of points as the rule set
does), so a broken endpoint cannot look fast; during the runs any
non-2xx/3xx response stops the benchmark.  Rounds alternate the order of
the three runs.  The table shows medians over the rounds.  See
bench/README.md.
"""
import argparse
import dataclasses
import datetime
import decimal
import json
import os
import shutil
import statistics
import sys
import tempfile

import discovery
import rating

D = decimal.Decimal
TARGET_P50 = 0.002  # seconds, at one connection
MARGIN = 0.10       # a target met by less than this is not met
QUOTE_PATH = '/v1/rating/quote'
# One resource as a client would quote it: an instance of a flavor with
# field mappings, a vcpus count that crosses a field threshold, in a
# project with no rules of its own.
RESOURCE = {'service': 'instance', 'volume': '1',
            'desc': {'groupby': {'project_id': rating.TENANTS[100],
                                 'user_id': 'u1', 'id': 'vm-1'},
                     'metadata': {'flavor_name': 'm1.small', 'vcpus': 8,
                                  'availability_zone': 'az1',
                                  'os_distro': 'ubuntu'}}}
LAUNCHER = 'ratingapi-api'


@dataclasses.dataclass(frozen=True)
class Run:
    label: str
    server: str
    path: str
    status: int
    script: str = None  # the wrk Lua script (the POST body)


def quote_body():
    return json.dumps({'resources': [RESOURCE]}, sort_keys=True)


def expected_price(rules, moment):
    """The engine's price of RESOURCE, in this process."""
    desc = RESOURCE['desc']
    price = rating.hashmap.HashMap(rules).pricer(moment)
    return price(RESOURCE['service'], D(RESOURCE['volume']),
                 desc['groupby'], desc['metadata'],
                 desc['groupby']['project_id'], D(0))


# wrk's own check counts only non-2xx/3xx responses; this one wants a 200
# from every quote and makes wrk exit 4 (the run then fails) if not.
LUA = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%s]==]
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0 end
function response(status, headers, body)
  if status ~= 200 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  if total > 0 then
    io.write(string.format("quote.lua: %%d responses were not 200\\n", total))
    os.exit(4)
  end
end
"""


def write_lua(workdir, body):
    path = os.path.join(workdir, 'quote.lua')
    with open(path, 'w') as script:
        script.write(LUA % body)
    return path


# -- the servers -------------------------------------------------------------

def launcher():
    path = os.path.join(os.path.dirname(sys.executable), LAUNCHER)
    if os.path.exists(path):
        return path
    found = shutil.which(LAUNCHER)
    if found is None:
        raise discovery.BenchError(
            '%s not found next to %s nor on PATH: install ratingapi in this '
            'environment (pip install -e .)' % (LAUNCHER, sys.executable))
    return found


def default_workers(config_path):
    """The workers ``ratingapi-api`` starts with this config: ``[api]
    workers``, as the launcher reads it."""
    from oslo_config import cfg

    from ratingapi import conf

    opts = cfg.ConfigOpts()
    conf.register_all(opts)
    conf.parse_args(opts, args=[], default_config_files=[config_path])
    return opts.api.workers


def servers_for(workdir, config_path, workers):
    """The ratingapi server as ``ratingapi-api`` starts it, and the bare app
    under the command line that launcher hands gunicorn."""
    from ratingapi.cmd import api

    env = dict(os.environ)
    env.pop('RATINGAPI_CONFIG_FILE', None)
    env = discovery.hooks_env(discovery.source_env(env, discovery.HERE))
    path = launcher()

    def ratingapi_command(port):
        return [path, '--config-file', config_path,
                '--bind', '%s:%d' % (discovery.HOST, port)]

    def bare_command(port):
        argv = api.gunicorn_argv(discovery.HOST, port, workers)
        return argv[:-1] + [discovery.APPS[discovery.BARE]]

    return {
        discovery.BARE: discovery.Server(discovery.BARE, workers, workdir,
                                         env, command=bare_command),
        discovery.RATINGAPI: discovery.Server(
            discovery.RATINGAPI, workers, workdir, env,
            command=ratingapi_command)}


def verify(servers, rules, body):
    """Statuses, and the quoted price against the engine's."""
    for name, path, status in ((discovery.BARE, '/', 200),
                               (discovery.RATINGAPI, '/', 300)):
        got, data = discovery.request(servers[name].port, path)
        if got != status:
            raise discovery.BenchError('%s GET %s answered %d, expected %d: '
                                       '%r' % (name, path, got, status,
                                               data[:300]))
    moment = datetime.datetime.now(datetime.timezone.utc)
    wanted = expected_price(rules, moment)
    status, data = discovery.request(
        servers[discovery.RATINGAPI].port, QUOTE_PATH,
        headers=discovery.ADMIN + (('Content-Type', 'application/json'),),
        method='POST', body=body)
    if status != 200:
        raise discovery.BenchError('POST %s answered %d: %r' % (
            QUOTE_PATH, status, data[:300]))
    quoted = D(json.loads(data))
    if quoted != wanted or not wanted:
        raise discovery.BenchError(
            'POST %s quoted %s; the engine in process prices it %s%s' % (
                QUOTE_PATH, quoted, wanted,
                '' if wanted else ' (a zero price proves nothing)'))
    return quoted


# -- the runs ----------------------------------------------------------------

def plan(number, runs):
    """The run order of round ``number``: forwards, then backwards."""
    return list(runs) if number % 2 == 0 else list(reversed(runs))


def measure(servers, runs, args):
    """{(connections, run): [WrkResult]} over the rounds."""
    results = {(c, run): [] for c in args.connections for run in runs}
    for number in range(args.rounds):
        for connections in args.connections:
            threads = min(args.threads, connections)
            for run in plan(number, runs):
                server = servers[run.server]
                url = server.url(run.path)
                if args.warmup:
                    discovery.wrk(url, discovery.ADMIN, args.warmup,
                                  connections, threads, run.script)
                cpu = server.cpu_seconds()
                result = discovery.wrk(url, discovery.ADMIN, args.duration,
                                       connections, threads, run.script)
                after = server.cpu_seconds()
                if None not in (cpu, after) and result.requests:
                    result = dataclasses.replace(
                        result, cpu_us=(after - cpu) / result.requests * 1e6)
                results[connections, run].append(result)
                print('  round %d/%d  c=%-2d %-28s %8.1f req/s  p50 %s  '
                      'p99 %s  cpu/req %s' % (
                          number + 1, args.rounds, connections, run.label,
                          result.rps, discovery.ms(result.p50),
                          discovery.ms(result.p99),
                          '-' if result.cpu_us is None
                          else '%.0fus' % result.cpu_us), flush=True)
    return results


def judge(p50):
    """The verdict of a p50 against the target, with the 10 % margin."""
    if p50 > TARGET_P50:
        return 'NOT met'
    if p50 > TARGET_P50 * (1 - MARGIN):
        return 'NOT met (within 10 % of the target)'
    return 'met'


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def report(results, runs, args):
    """Print the table; return whether the target is met."""
    bare, root, quote = runs
    row = '%-28s %5s %9s %8s %8s %7s %6s %6s  %-14s %s'
    header = row % ('request', 'conns', 'req/s', 'p50', 'p99', 'cpu/req',
                    'xbare', 'xroot', 'target', 'verdict')
    print()
    print(header)
    print('-' * len(header))
    met = None
    for connections in args.connections:
        medians = {run: (median(r.rps for r in results[connections, run]),
                         median(r.p50 for r in results[connections, run]),
                         median(r.p99 for r in results[connections, run]),
                         median(r.cpu_us for r in results[connections, run]))
                   for run in runs}
        for run in runs:
            rps, p50, p99, cpu = medians[run]
            target = state = ''
            if run is quote:
                target = 'p50 <= %.0f ms' % (TARGET_P50 * 1e3)
                state = judge(p50)
                if connections == min(args.connections):
                    # The target is judged at the fewest connections.
                    met = state == 'met'
                else:
                    state = '(info) ' + state
            print(row % (
                run.label, connections, '%.1f' % rps, discovery.ms(p50),
                discovery.ms(p99), '-' if cpu is None else '%.0fus' % cpu,
                '%.2f' % (rps / medians[bare][0]),
                '' if run.server == discovery.BARE
                else '%.2f' % (rps / medians[root][0]),
                target, state))
    print()
    print('Medians over %d rounds of %ds wrk runs.  xbare / xroot: median '
          'req/s over the\nbare app\'s / ratingapi GET /\'s at the same '
          'connection count.  cpu/req:\nCPU time (user + system) of the '
          'gunicorn master and workers per request.\nThe target is judged '
          'on the p50 at %d connection(s); a p50 within 10 %% under\nit '
          'does not count as met.' % (args.rounds, args.duration,
                                      min(args.connections)))
    print()
    print('req/s of every run, in run order:')
    for connections in args.connections:
        for run in runs:
            found = results[connections, run]
            errors = sum(sum(r.socket_errors.values()) for r in found)
            print('  c=%-2d %-28s %s%s' % (
                connections, run.label,
                ' '.join('%.0f' % r.rps for r in found),
                '   socket errors: %d' % errors if errors else ''))
        values = [r.rps for r in results[connections, bare]]
        if len(values) > 1:
            spread = statistics.pstdev(values) / statistics.mean(values)
            if spread > discovery.NOISY_CV:
                print('  c=%d: the bare runs spread by %.0f%% (cv): the '
                      'machine was busy; rerun on a quiet one' % (
                          connections, spread * 100))
    return met


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Measure POST /v1/rating/quote of one resource, served '
                    'by ratingapi-api, against GET / and a bare app.')
    parser.add_argument('--duration', type=int, default=5,
                        help='seconds per measured wrk run (default 5)')
    parser.add_argument('--rounds', type=int, default=3,
                        help='rounds over every run; the table shows the '
                             'median (default 3)')
    parser.add_argument('--connections', default='1,8',
                        help='comma-separated wrk connection counts; the '
                             'target is judged on the smallest (default '
                             '1,8)')
    parser.add_argument('--threads', type=int, default=2,
                        help='wrk threads, at most one per connection '
                             '(default 2)')
    parser.add_argument('--warmup', type=int, default=1,
                        help='seconds of unmeasured wrk before each run '
                             '(default 1; 0 for none)')
    parser.add_argument('--strict', action='store_true',
                        help='exit 3 when the target is not met')
    args = parser.parse_args(argv)
    try:
        args.connections = sorted({int(c) for c in
                                   args.connections.split(',')})
    except ValueError:
        parser.error('--connections takes numbers separated by commas')
    if min(args.connections) < 1:
        parser.error('--connections must be at least 1')
    for name in ('duration', 'rounds', 'threads'):
        if getattr(args, name) < 1:
            parser.error('--%s must be at least 1' % name)
    if args.warmup < 0:
        parser.error('--warmup must not be negative')
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if shutil.which('wrk') is None:
        sys.exit('quote.py: wrk is not on PATH; install it first, e.g. '
                 '`%s` (Debian/Ubuntu, as root).' % discovery.WRK_INSTALL)
    servers = {}
    try:
        with tempfile.TemporaryDirectory(prefix='ratingapi-bench-') as tmp:
            config_path = discovery.ratingapi_config(tmp)
            url = 'sqlite:///%s' % os.path.join(tmp, 'ratingapi.sqlite')
            now = datetime.datetime.now(datetime.timezone.utc)
            rules = rating.rule_set(moment=now)
            dropped = rating.store_rules(url, rules)
            try:
                priced = rating.check_stored(url, rules, now,
                                             rating.points(2000))
            except ValueError as exc:
                raise discovery.BenchError(str(exc))
            workers = default_workers(config_path)
            print('rule set: %d mappings, %d thresholds (%d duplicates '
                  'left out), stored through ratingapi.storage.hashmap; '
                  'read back, it prices 2000 points as the engine does '
                  '(%d non-zero)' % (len(rules.mappings),
                                     len(rules.thresholds), dropped, priced))
            discovery.machine_facts(argparse.Namespace(
                workers=workers, connections=args.connections[-1],
                threads=args.threads, duration=args.duration,
                warmup=args.warmup, rounds=args.rounds))
            print('ratingapi: %s, its default %d workers; connections: %s'
                  % (LAUNCHER, workers,
                     ', '.join(map(str, args.connections))))
            body = quote_body()
            script = write_lua(tmp, body)
            runs = (Run('bare GET / (reference)', discovery.BARE, '/', 200),
                    Run('GET /', discovery.RATINGAPI, '/', 300),
                    Run('POST %s' % QUOTE_PATH, discovery.RATINGAPI,
                        QUOTE_PATH, 200, script))
            servers.update(servers_for(tmp, config_path, workers))
            try:
                for server in servers.values():
                    server.start()
                price = verify(servers, rules, body)
                print('quote of 1 resource: %s, as the engine in process '
                      'prices it; body %d bytes' % (price, len(body)))
                for server in servers.values():
                    server.mark_log()
                results = measure(servers, runs, args)
                logged = {name: server.log_since_mark()
                          for name, server in servers.items()}
            finally:
                for server in servers.values():
                    server.stop()
            met = report(results, runs, args)
            print('load average at the end: %s' % discovery.load_average())
            for name, lines in logged.items():
                lines = [line for line in lines
                         if ' ratingapi.access ' not in line]
                if lines:
                    print('warning: %s logged %d lines during the runs; '
                          'first: %s' % (name, len(lines), lines[0]))
    except discovery.BenchError as exc:
        print('quote.py: FAILED: %s' % exc, file=sys.stderr)
        return 1
    return 3 if args.strict and not met else 0


if __name__ == '__main__':
    sys.exit(main())
