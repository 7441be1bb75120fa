"""[collect] options, named as CloudKitty names them."""
from oslo_config import cfg

GROUP = 'collect'


def group():
    # A new OptGroup per ConfigOpts (see conf/api.py).
    return cfg.OptGroup(GROUP, title='Collection options')


opts = [
    cfg.StrOpt('scope_key', default='project_id',
               help='The groupby key that identifies the scope (the '
                    'project, usually) of a rated data point. Its value is '
                    'stored in an indexed column, filters non-admin callers '
                    'to their own project, and is the default scope_key of '
                    'a new scope. It is read when a point is stored: after '
                    'a change, points stored before keep the scope of the '
                    'old key.'),
    cfg.StrOpt('collector', default='gnocchi',
               help='Collector recorded on a scope created without one.'),
]


def register_opts(conf):
    conf.register_group(group())
    conf.register_opts(opts, group=GROUP)
