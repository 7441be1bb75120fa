"""``ratingapi-api``: run the API under gunicorn with our settings.

Options: ``--config-file`` (oslo.config), ``--bind HOST:PORT`` and
``--workers N`` (override ``[api] host/port/workers``).  The embedded SQLite
database is created and migrated before the server starts; PostgreSQL is
migrated explicitly with ``ratingapi-manage db sync`` (several nodes must
not race to migrate it).  gunicorn then imports ``ratingapi.wsgi``
in each worker, after fork, so no database connection crosses a fork.
"""
import os
import sys

from oslo_config import cfg

from ratingapi import conf
from ratingapi import metrics
from ratingapi import middleware
from ratingapi.storage import migration

cli_opts = [
    cfg.StrOpt('bind', metavar='HOST:PORT',
               help='Address to listen on; default [api] host and port.'),
    cfg.IntOpt('workers', min=1,
               help='gunicorn worker processes; default [api] workers.'),
]


def _split_bind(bind):
    host, sep, port = bind.rpartition(':')
    host = host[1:-1] if host.startswith('[') and host.endswith(']') else host
    if (not sep or not host or not port.isdigit()
            or int(port) > 65535 or (':' in host and '[' not in bind)):
        raise ValueError('--bind takes HOST:PORT (IPv6 as [ADDR]:PORT) with '
                         'a port from 0 to 65535, got %r' % bind)
    return host, int(port)


def _gunicorn_bind(host, port):
    return '[%s]:%d' % (host, port) if ':' in host else '%s:%d' % (
        host, port)


def gunicorn_argv(host, port, workers):
    return [sys.executable, '-m', 'gunicorn',
            # gunicorn 27 otherwise opens ~/.gunicorn/gunicorn.ctl, which a
            # second instance silently takes over.
            '--no-control-socket',
            '--bind', _gunicorn_bind(host, port),
            '--workers', str(workers),
            # No gunicorn access log: ratingapi.access logs each request
            # with its request ids.
            'ratingapi.wsgi:application']


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    conf.CONF.register_cli_opts(cli_opts)
    conf.parse_args(conf.CONF, argv, prog='ratingapi-api')
    CONF = conf.CONF
    try:
        host, port = (_split_bind(CONF.bind) if CONF.bind
                      else (CONF.api.host, CONF.api.port))
    except ValueError as exc:
        sys.exit('ratingapi-api: %s' % exc)
    workers = CONF.workers or CONF.api.workers

    if (CONF.auth_strategy == 'noauth' and not middleware.is_loopback(host)
            and not CONF.allow_noauth_on_public_address):
        sys.exit('ratingapi-api: refusing to serve auth_strategy = noauth on '
                 '%s: anyone reaching it would be admin. Bind a loopback '
                 'address, use keystone, or set [DEFAULT] '
                 'allow_noauth_on_public_address = true.' % host)

    # Checked here too so that a bad metrics file stops the launcher with
    # its message, not each gunicorn worker in a loop.
    try:
        metrics.from_conf(CONF)
    except metrics.MetricsError as exc:
        sys.exit('ratingapi-api: %s' % exc)

    url = CONF.database.connection
    if url.startswith('sqlite'):
        migration.upgrade(url)

    # The workers parse their own config (ratingapi.wsgi): hand them ours.
    if CONF.config_file:
        os.environ[conf.CONFIG_FILE_ENV] = os.pathsep.join(
            CONF.config_file)
    print('ratingapi-api: listening on http://%s/ (auth_strategy = %s, '
          '%d workers)' % (_gunicorn_bind(host, port), CONF.auth_strategy,
                           workers), flush=True)
    args = gunicorn_argv(host, port, workers)
    os.execv(args[0], args)
