"""Configuration: one oslo.config ConfigOpts, one module of options per group.

``CONF`` is the process-wide object that ``ratingapi.wsgi``, the console
scripts and the oslo generators share.  Code below the composition root
(``ratingapi.app``) receives the values it needs explicitly.
"""
import os

from keystonemiddleware import auth_token
from oslo_config import cfg
from oslo_log import log
from oslo_middleware import cors

from ratingapi.conf import api
from ratingapi.conf import collect
from ratingapi.conf import database
from ratingapi.conf import default
from ratingapi.conf import fetcher
from ratingapi.conf import opts
from ratingapi.conf import pyscripts

CONF = cfg.CONF

CONFIG_FILE_ENV = 'RATINGAPI_CONFIG_FILE'
DEFAULT_CONFIG_FILE = '/etc/ratingapi/ratingapi.conf'


def register_all(conf):
    """Register every option ratingapi reads on ``conf``."""
    for module in (default, api, database, collect, fetcher, pyscripts):
        module.register_opts(conf)
    # Library options read by our own code (the middleware and the policy
    # enforcer register theirs when they are built).
    log.register_options(conf)
    conf.register_opts(cors.CORS_OPTS, 'cors')
    for group, options in auth_token.list_opts():
        conf.register_opts(options, group)


opts.set_defaults()
register_all(CONF)


def default_config_files():
    """Config files used when none is given on the command line.

    ``$RATINGAPI_CONFIG_FILE`` wins (it may list several files separated by
    ``:``); otherwise ``/etc/ratingapi/ratingapi.conf`` when it exists.
    """
    env = os.environ.get(CONFIG_FILE_ENV)
    if env:
        return [path for path in env.split(os.pathsep) if path]
    if os.path.exists(DEFAULT_CONFIG_FILE):
        return [DEFAULT_CONFIG_FILE]
    return []


def parse_args(conf, args, default_config_files=None, prog='ratingapi'):
    """Parse ``args`` (never the process argv implicitly) into ``conf``."""
    if default_config_files is None:
        default_config_files = globals()['default_config_files']()
    conf(args=args, project='ratingapi', prog=prog,
         default_config_files=default_config_files)
