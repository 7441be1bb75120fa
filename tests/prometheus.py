"""A real Prometheus over known history, for the tests that collect.

History is written with ``promtool tsdb create-blocks-from openmetrics``
(explicit timestamps, so no waiting for scrapes), then ``prometheus``
serves it on a free loopback port with an empty scrape configuration.
Both come from Debian's ``prometheus`` package, which ``.ci/run``
installs; without it the tests that need it are skipped and say why.

``Series`` is one time series: a metric name, its labels and its samples
``(timestamp, value)`` (aware datetimes, numbers written as given).
"""
import contextlib
import dataclasses
import datetime
import shutil
import subprocess
import time

import httpx
import pytest

from tests.functional import live

PROMETHEUS = shutil.which('prometheus')
PROMTOOL = shutil.which('promtool')
MISSING = ('needs Prometheus and promtool (Debian package "prometheus"; '
           '.ci/run installs it)')


@dataclasses.dataclass(frozen=True)
class Series:
    name: str
    labels: dict
    samples: tuple   # ((aware datetime, number), ...)


def _escape(value):
    return str(value).replace('\\', '\\\\').replace('"', '\\"').replace(
        '\n', '\\n')


def openmetrics(series):
    """The OpenMetrics text of ``series``: one gauge family per metric
    name, its samples in time order, and the mandatory ``# EOF``."""
    families = {}
    for one in series:
        families.setdefault(one.name, []).append(one)
    lines = []
    for name, members in families.items():
        lines.append('# TYPE %s gauge' % name)
        for one in members:
            labels = ','.join('%s="%s"' % (key, _escape(value))
                              for key, value in sorted(one.labels.items()))
            for moment, value in sorted(one.samples):
                lines.append('%s{%s} %s %d' % (
                    name, labels, value, moment.timestamp()))
    lines.append('# EOF')
    return '\n'.join(lines) + '\n'


def require():
    """Skip the calling test when Prometheus is not installed."""
    if not (PROMETHEUS and PROMTOOL):
        pytest.skip(MISSING)


@contextlib.contextmanager
def server(directory, series, timeout=60):
    """Prometheus serving ``series`` for the block: its base URL
    (``http://127.0.0.1:PORT``); always stopped at the end."""
    require()
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / 'history.om'
    data.write_text(openmetrics(series))
    tsdb = directory / 'tsdb'
    subprocess.run([PROMTOOL, 'tsdb', 'create-blocks-from', 'openmetrics',
                    str(data), str(tsdb)], check=True, capture_output=True,
                   timeout=timeout)
    config = directory / 'prometheus.yml'
    config.write_text('')   # valid, and nothing is scraped
    port = live.free_port()
    url = 'http://127.0.0.1:%d' % port
    log = open(directory / 'prometheus.log', 'w')
    process = subprocess.Popen(
        [PROMETHEUS, '--config.file=%s' % config,
         '--storage.tsdb.path=%s' % tsdb,
         # History older than the retention is dropped at start.
         '--storage.tsdb.retention.time=100y',
         '--web.listen-address=127.0.0.1:%d' % port],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_ready(process, url, time.monotonic() + timeout, directory)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_ready(process, url, deadline, directory):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(url + '/-/ready', timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError('Prometheus did not start; its log:\n%s' % (
        directory / 'prometheus.log').read_text()[-4000:])


def hourly(start, hours, value):
    """``(moment, value(moment))`` once a minute for ``hours`` hours from
    ``start``, half a minute past each minute: no sample falls on a
    period's bound, so a range selector ending there holds the same
    samples whether its start is closed (Prometheus 2) or open (3)."""
    return tuple((moment, value(moment)) for moment in (
        start + datetime.timedelta(minutes=minute, seconds=30)
        for minute in range(hours * 60)))
