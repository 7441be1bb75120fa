"""Throughput of ratingapi's discovery and list endpoints against a bare app.

Serves ``bench/bare_app.py`` and ``ratingapi.wsgi:application`` under the
same gunicorn settings, on free loopback ports, and measures with wrk::

    bare      GET /                      the reference (200, tiny JSON)
    ratingapi GET /                      300, target >= 0.50 x bare
    ratingapi GET /v2/                   200
    ratingapi GET /v2/capabilities       200 (reads the database)
    ratingapi GET /v2/rating/modules     200, as admin: policy is enforced,
                                         target >= 0.25 x bare

Each endpoint is checked for its expected status first, each wrk run is
preceded by a short warm-up, and the rounds interleave the bare app with
ratingapi so that drift hits both.  The table shows the median over the
rounds.  Run it with the interpreter that has ratingapi and gunicorn
installed; see bench/README.md.
"""
import argparse
import dataclasses
import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOST = '127.0.0.1'
BARE, RATINGAPI = 'bare', 'ratingapi'
APPS = {BARE: 'bare_app:application',
        RATINGAPI: 'ratingapi.wsgi:application'}
ADMIN = (('X-Roles', 'admin'), ('X-Project-Id', 'bench'),
         ('X-User-Id', 'bench'))
MEMBER = (('X-Roles', 'member'), ('X-Project-Id', 'bench'),
          ('X-User-Id', 'bench'))
START_TIMEOUT = 60
STOP_TIMEOUT = 15
WRK_INSTALL = 'apt-get install -y wrk'
try:
    CLOCK_TICKS = os.sysconf('SC_CLK_TCK')
except (AttributeError, ValueError, OSError):
    CLOCK_TICKS = 100


@dataclasses.dataclass(frozen=True)
class Endpoint:
    label: str
    server: str
    path: str
    status: int
    headers: tuple = ()
    target: float = None
    goal: float = None


ENDPOINTS = (
    Endpoint('bare GET / (reference)', BARE, '/', 200),
    Endpoint('GET /', RATINGAPI, '/', 300, target=0.50, goal=0.80),
    Endpoint('GET /v2/', RATINGAPI, '/v2/', 200),
    Endpoint('GET /v2/capabilities', RATINGAPI, '/v2/capabilities', 200),
    Endpoint('GET /v2/rating/modules admin', RATINGAPI,
             '/v2/rating/modules', 200, headers=ADMIN, target=0.25),
)


class BenchError(Exception):
    """The benchmark cannot give a trustworthy figure."""


# -- the servers -------------------------------------------------------------

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_argv(app, port, workers):
    """The one gunicorn command line both apps get; only the app differs.

    No gunicorn access log, as ``ratingapi-api`` runs it (ratingapi
    writes its own per-request line, which the bare app does not pay).
    """
    return [sys.executable, '-m', 'gunicorn',
            '--no-control-socket',
            '--bind', '%s:%d' % (HOST, port),
            '--workers', str(workers),
            '--worker-class', 'sync',
            '--log-level', 'warning',
            '--pythonpath', HERE,
            '--config', os.path.join(HERE, 'gunicorn_hooks.py'),
            app]


def hooks_env(env):
    """``env`` plus what makes a gunicorn started by some other command line
    (``ratingapi-api``) load ``gunicorn_hooks.py``: gunicorn reads
    ``--config`` from ``$GUNICORN_CMD_ARGS`` when its argv has none."""
    return dict(env, GUNICORN_CMD_ARGS='--config %s' % shlex.quote(
        os.path.join(HERE, 'gunicorn_hooks.py')))


def source_env(env, *paths):
    """``env`` whose PYTHONPATH starts with ``paths`` and this checkout,
    so a server runs the ratingapi next to this script, not whichever one
    the virtualenv has installed."""
    current = env.get('PYTHONPATH')
    return dict(env, PYTHONPATH=os.pathsep.join(
        list(paths) + [ROOT] + ([current] if current else [])))


class Server:
    """One gunicorn master in its own process group, output to a file."""

    def __init__(self, name, workers, workdir, env, command=None):
        """``command(port)`` is the command line that serves on ``port``
        (default: :func:`gunicorn_argv` of ``APPS[name]``); it must run
        ``gunicorn_hooks.py`` for readiness, as :func:`hooks_env` does for
        a command line of its own."""
        self.name = name
        self.workers = workers
        self.port = free_port()
        self.log_path = os.path.join(workdir, '%s.log' % name)
        self.argv = (command(self.port) if command is not None
                     else gunicorn_argv(APPS[name], self.port, workers))
        self.workdir = workdir
        # gunicorn_hooks.py marks each worker that has loaded its app here.
        self.ready_dir = os.path.join(workdir, '%s.ready' % name)
        os.mkdir(self.ready_dir)
        self.env = dict(env, BENCH_READY_DIR=self.ready_dir)
        self.proc = None
        self._log_mark = 0

    def url(self, path):
        return 'http://%s:%d%s' % (HOST, self.port, path)

    def start(self):
        with open(self.log_path, 'ab') as log:
            self.proc = subprocess.Popen(
                self.argv, cwd=self.workdir, env=self.env,
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError('%s: gunicorn exited with %d:\n%s' % (
                    self.name, self.proc.returncode, self.log_tail()))
            if len(os.listdir(self.ready_dir)) >= self.workers:
                try:
                    request(self.port, '/')
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        raise BenchError('%s: %d workers not all up and answering on %s '
                         'after %ds:\n%s' % (
                             self.name, self.workers, self.url('/'),
                             START_TIMEOUT, self.log_tail()))

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # The group is the master and the workers it forked: ours.
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(STOP_TIMEOUT)

    def cpu_seconds(self):
        """User + system CPU time of the master and its workers so far.

        The workers are the pids ``gunicorn_hooks.py`` wrote; None where
        /proc cannot tell (not Linux).
        """
        pids = [self.proc.pid] + [int(name.split('-', 1)[1])
                                  for name in os.listdir(self.ready_dir)]
        total = 0
        for pid in pids:
            try:
                with open('/proc/%d/stat' % pid) as stat:
                    # Fields after the ')' closing the command name:
                    # utime and stime are the 12th and 13th.
                    fields = stat.read().rsplit(')', 1)[1].split()
            except (OSError, IndexError):
                return None
            total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS

    def mark_log(self):
        self._log_mark = os.path.getsize(self.log_path)

    def log_since_mark(self):
        with open(self.log_path, 'rb') as log:
            log.seek(self._log_mark)
            return log.read().decode('utf-8', 'replace').splitlines()

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, 'rb') as log:
                text = log.read().decode('utf-8', 'replace')
        except OSError:
            return '(no log)'
        return '\n'.join(text.splitlines()[-lines:])


def request(port, path, headers=(), method='GET', body=None):
    """One request without redirect handling: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=dict(headers))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def ratingapi_config(workdir, url=None):
    """A noauth config under ``workdir``; its path.

    Without ``url``, a SQLite database under ``workdir``, migrated here.
    """
    if url is None:
        from ratingapi.storage import migration

        url = 'sqlite:///%s' % os.path.join(workdir, 'ratingapi.sqlite')
        migration.upgrade(url)
    path = os.path.join(workdir, 'ratingapi.conf')
    with open(path, 'w') as conf:
        conf.write('[DEFAULT]\n'
                   'auth_strategy = noauth\n'
                   # oslo.log: INFO and up to stdout (our log file),
                   # the per-request access log included, as deployed.
                   'debug = false\n'
                   'state_path = %s\n'
                   '\n'
                   '[database]\n'
                   'connection = %s\n' % (workdir, url))
    return path


def verify(servers):
    """Every endpoint answers its expected status; policy really runs."""
    for endpoint in ENDPOINTS:
        server = servers[endpoint.server]
        status, body = request(server.port, endpoint.path, endpoint.headers)
        if status != endpoint.status:
            raise BenchError('%s %s answered %d, expected %d: %r' % (
                endpoint.server, endpoint.path, status, endpoint.status,
                body[:300]))
    # The admin figure is only worth something if the policy check runs:
    # the same request as a non-admin must be refused.
    status, _ = request(servers[RATINGAPI].port, '/v2/rating/modules',
                        MEMBER)
    if status != 403:
        print('warning: GET /v2/rating/modules as a member answered %d, '
              'not 403: is policy enforced on that path?' % status)


# -- wrk ---------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class WrkResult:
    rps: float
    p50: float  # seconds
    p99: float  # seconds
    requests: int
    bad_status: int
    socket_errors: dict
    cpu_us: float = None  # server CPU time per request, microseconds


_UNITS = {'us': 1e-6, 'ms': 1e-3, 's': 1.0, 'm': 60.0, 'h': 3600.0}
_DURATION = r'([0-9.]+)(us|ms|s|m|h)'


def _seconds(match):
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output):
    """req/s, p50, p99 and the error counters of a ``wrk --latency`` run."""
    rps = re.search(r'^Requests/sec:\s+([0-9.]+)', output, re.M)
    p50 = re.search(r'^\s+50(?:\.000)?%\s+' + _DURATION, output, re.M)
    p99 = re.search(r'^\s+99(?:\.000)?%\s+' + _DURATION, output, re.M)
    total = re.search(r'^\s+(\d+) requests in', output, re.M)
    if not (rps and p50 and p99 and total):
        raise BenchError('cannot parse wrk output:\n%s' % output)
    bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', output)
    errors = re.search(r'Socket errors: connect (\d+), read (\d+), '
                       r'write (\d+), timeout (\d+)', output)
    names = ('connect', 'read', 'write', 'timeout')
    return WrkResult(
        rps=float(rps.group(1)), p50=_seconds(p50), p99=_seconds(p99),
        requests=int(total.group(1)),
        bad_status=int(bad.group(1)) if bad else 0,
        socket_errors=dict(zip(names, map(int, errors.groups())))
        if errors else dict.fromkeys(names, 0))


def wrk(url, headers, duration, connections, threads, script=None):
    """One wrk run; ``script``: a Lua file (e.g. setting a POST body)."""
    argv = ['wrk', '-c', str(connections), '-t', str(threads),
            '-d', '%ds' % duration, '--latency']
    if script is not None:
        argv += ['--script', script]
    for name, value in headers:
        argv += ['-H', '%s: %s' % (name, value)]
    argv.append(url)
    done = subprocess.run(argv, capture_output=True, text=True,
                          timeout=duration + 60)
    if done.returncode != 0:
        raise BenchError('%s exited with %d:\n%s%s' % (
            ' '.join(argv), done.returncode, done.stdout, done.stderr))
    result = parse_wrk(done.stdout)
    if result.bad_status:
        raise BenchError(
            '%s: wrk counted %d non-2xx/3xx responses out of %d: the '
            'figure would measure errors, not the endpoint.\n%s' % (
                url, result.bad_status, result.requests, done.stdout))
    return result


# -- the run -----------------------------------------------------------------

REFERENCE = ENDPOINTS[0]
MEASURED = ENDPOINTS[1:]
NOISY_CV = 0.10


def round_plan(number):
    """The runs of one round, as (first, second) pairs in run order.

    Every ratingapi endpoint runs right next to a bare run, so drift (a
    busy neighbour, thermal limits) hits both; even rounds go bare first
    and odd rounds go backwards, so neither app always runs first.
    """
    if number % 2 == 0:
        return [(REFERENCE, endpoint) for endpoint in MEASURED]
    return [(endpoint, REFERENCE) for endpoint in reversed(MEASURED)]


def measure(servers, args):
    """Every wrk result per endpoint, and per ratingapi endpoint the ratios
    of its req/s to the bare run it was paired with."""
    results = {endpoint: [] for endpoint in ENDPOINTS}
    paired = {endpoint: [] for endpoint in MEASURED}
    threads = min(args.threads, args.connections)
    for number in range(args.rounds):
        for pair in round_plan(number):
            got = {}
            for endpoint in pair:
                url = servers[endpoint.server].url(endpoint.path)
                if args.warmup:
                    wrk(url, endpoint.headers, args.warmup,
                        args.connections, threads)
                server = servers[endpoint.server]
                cpu = server.cpu_seconds()
                result = wrk(url, endpoint.headers, args.duration,
                             args.connections, threads)
                after = server.cpu_seconds()
                if None not in (cpu, after) and result.requests:
                    result = dataclasses.replace(
                        result, cpu_us=(after - cpu) / result.requests * 1e6)
                got[endpoint] = result
                results[endpoint].append(result)
                print('  round %d/%d  %-30s %7.1f req/s  p50 %s  p99 %s'
                      '  cpu/req %s' % (
                          number + 1, args.rounds, endpoint.label,
                          result.rps, ms(result.p50), ms(result.p99),
                          '-' if result.cpu_us is None
                          else '%.0fus' % result.cpu_us), flush=True)
            measured = pair[1] if pair[0] is REFERENCE else pair[0]
            bare = got[REFERENCE].rps
            paired[measured].append(got[measured].rps / bare if bare
                                    else 0.0)
    return results, paired


def ms(seconds):
    return '%.2fms' % (seconds * 1e3)


def target_text(endpoint):
    if endpoint.target is None:
        return ''
    text = '>= %.2f' % endpoint.target
    if endpoint.goal is not None:
        text += ' (goal %.2f)' % endpoint.goal
    return text


def verdict(endpoint, ratio, paired):
    if endpoint.target is None:
        return ''
    if ratio < endpoint.target:
        state = 'below target'
    elif endpoint.goal is not None and ratio < endpoint.goal:
        state = 'PASS (below goal)'
    else:
        state = 'PASS'
    if (ratio >= endpoint.target) != (paired >= endpoint.target):
        state += '; paired ratio disagrees: noisy run'
    return state


def _median_cpu(runs):
    values = [run.cpu_us for run in runs if run.cpu_us is not None]
    return statistics.median(values) if values else None


def report(results, paired):
    """Print the table of medians; return whether every target is met."""
    medians = {endpoint: (statistics.median(run.rps for run in runs),
                          statistics.median(run.p50 for run in runs),
                          statistics.median(run.p99 for run in runs),
                          _median_cpu(runs))
               for endpoint, runs in results.items()}
    bare_rps = medians[REFERENCE][0]
    row = '%-30s %6s %8s %8s %8s %5s %6s %7s  %-19s %s'
    header = row % ('endpoint', 'status', 'req/s', 'p50', 'p99', 'ratio',
                    'paired', 'cpu/req', 'target', 'verdict')
    print()
    print(header.rstrip())
    print('-' * len(header.rstrip()))
    met = True
    for endpoint in ENDPOINTS:
        rps, p50, p99, cpu = medians[endpoint]
        ratio = rps / bare_rps if bare_rps else 0.0
        if endpoint is REFERENCE:
            pair_text, state = '', ''
        else:
            pair_ratio = statistics.median(paired[endpoint])
            pair_text = '%.2f' % pair_ratio
            state = verdict(endpoint, ratio, pair_ratio)
        if endpoint.target is not None and ratio < endpoint.target:
            met = False
        print((row % (endpoint.label, endpoint.status, '%.1f' % rps,
                      ms(p50), ms(p99), '%.2f' % ratio, pair_text,
                      '-' if cpu is None else '%.0fus' % cpu,
                      target_text(endpoint), state)).rstrip())
    print()
    print('ratio: median req/s / the bare app\'s median req/s.  paired: '
          'median of the\nratios to the bare run next to each run.  cpu/req: '
          'median CPU time (user +\nsystem) the gunicorn master and workers '
          'spent per request.')
    print()
    print('req/s of every run, in run order:')
    for endpoint in ENDPOINTS:
        runs = results[endpoint]
        errors = {}
        for run in runs:
            for name, count in run.socket_errors.items():
                errors[name] = errors.get(name, 0) + count
        noted = ', '.join('%s %d' % item for item in errors.items()
                          if item[1])
        print('  %-30s %s%s' % (
            endpoint.label, ' '.join('%.0f' % run.rps for run in runs),
            '   socket errors: ' + noted if noted else ''))
        requests = sum(run.requests for run in runs)
        if requests and sum(errors.values()) > 0.01 * requests:
            print('warning: %s: socket errors on more than 1%% of %d '
                  'requests; its figures are suspect' % (
                      endpoint.label, requests))
    bare = [run.rps for run in results[REFERENCE]]
    if len(bare) > 1:
        spread = statistics.pstdev(bare) / statistics.mean(bare)
        print('bare app spread over %d runs: %.0f..%.0f req/s, cv %.0f%%%s'
              % (len(bare), min(bare), max(bare), spread * 100,
                 ' -- noisy machine (other load?): trust the paired '
                 'ratios and cpu/req, or rerun' if spread > NOISY_CV
                 else ''))
    return met


def load_average():
    try:
        return ' '.join('%.2f' % x for x in os.getloadavg())
    except OSError:
        return 'unknown'


def machine_facts(args):
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    version = subprocess.run(['wrk', '-v'], capture_output=True,
                             text=True).stdout.splitlines()
    print('machine: %d CPUs usable (os.cpu_count %s), load average %s' % (
        cpus, os.cpu_count(), load_average()))
    print('python %s; %s' % (sys.version.split()[0],
                             version[0] if version else 'wrk'))
    print('gunicorn: %d sync workers per app, no access log; wrk: %d '
          'connections, %d threads, %ds runs after %ds warm-up, %d rounds'
          % (args.workers, args.connections,
             min(args.threads, args.connections), args.duration,
             args.warmup, args.rounds))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Measure ratingapi discovery endpoints against a bare '
                    'WSGI app under the same gunicorn settings, with wrk.')
    parser.add_argument('--duration', type=int, default=10,
                        help='seconds per measured wrk run (default 10)')
    parser.add_argument('--rounds', type=int, default=3,
                        help='rounds over every endpoint; the table shows '
                             'the median (default 3)')
    parser.add_argument('--connections', type=int, default=32,
                        help='wrk connections (default 32)')
    parser.add_argument('--threads', type=int, default=2,
                        help='wrk threads (default 2)')
    parser.add_argument('--workers', type=int, default=2,
                        help='gunicorn workers per app (default 2)')
    parser.add_argument('--warmup', type=int, default=2,
                        help='seconds of unmeasured wrk before each run '
                             '(default 2; 0 for none)')
    parser.add_argument('--strict', action='store_true',
                        help='exit 3 when a target is not met')
    args = parser.parse_args(argv)
    for name in ('duration', 'rounds', 'connections', 'threads', 'workers'):
        if getattr(args, name) < 1:
            parser.error('--%s must be at least 1' % name)
    if args.warmup < 0:
        parser.error('--warmup must not be negative')
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if shutil.which('wrk') is None:
        sys.exit('discovery.py: wrk is not on PATH; install it first, '
                 'e.g. `%s` (Debian/Ubuntu, as root).' % WRK_INSTALL)
    machine_facts(args)
    servers = {}
    try:
        with tempfile.TemporaryDirectory(prefix='ratingapi-bench-') as tmp:
            env = dict(os.environ)
            env.pop('RATINGAPI_CONFIG_FILE', None)
            servers[BARE] = Server(BARE, args.workers, tmp, env)
            rating_env = dict(env, RATINGAPI_CONFIG_FILE=ratingapi_config(
                tmp))
            servers[RATINGAPI] = Server(RATINGAPI, args.workers, tmp,
                                        rating_env)
            try:
                for server in servers.values():
                    server.start()
                verify(servers)
                for server in servers.values():
                    server.mark_log()
                results, paired = measure(servers, args)
                logged = {name: server.log_since_mark()
                          for name, server in servers.items()}
            finally:
                for server in servers.values():
                    server.stop()
            met = report(results, paired)
            print('load average at the end: %s' % load_average())
            for name, lines in logged.items():
                # The access log is part of what is measured.
                lines = [line for line in lines
                         if ' ratingapi.access ' not in line]
                if lines:
                    print('warning: %s logged %d lines during the runs '
                          '(a per-request log skews the figures); first: %s'
                          % (name, len(lines), lines[0]))
    except BenchError as exc:
        print('discovery.py: FAILED: %s' % exc, file=sys.stderr)
        return 1
    return 3 if args.strict and not met else 0


if __name__ == '__main__':
    sys.exit(main())
