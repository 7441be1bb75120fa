"""[fetcher] options, named as CloudKitty names them."""
from oslo_config import cfg

GROUP = 'fetcher'


def group():
    # A new OptGroup per ConfigOpts (see conf/api.py).
    return cfg.OptGroup(GROUP, title='Scope fetcher options')


opts = [
    cfg.StrOpt('backend', default='keystone',
               help='Fetcher recorded on a scope created without one.'),
]


def register_opts(conf):
    conf.register_group(group())
    conf.register_opts(opts, group=GROUP)
