"""[collect] options, named as CloudKitty names them."""
from oslo_config import cfg

GROUP = 'collect'
DEFAULT_METRICS_CONF = '/etc/ratingapi/metrics.yml'


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
    cfg.StrOpt('metrics_conf', default=DEFAULT_METRICS_CONF,
               help='Metrics file, in CloudKitty\'s metrics.yml format: '
                    'what is collected and rated, each metric with its '
                    'unit, alt_name (the rating type), groupby, metadata, '
                    'factor, offset and mutate. It is read and validated '
                    'once, when the service starts: an invalid file stops '
                    'it with a message naming the metric and the key. '
                    'When the file at the default path does not exist the '
                    'service runs without metric definitions (and says '
                    'so in its log); a file named here that does not exist '
                    'stops it. An empty value means no metric '
                    'definitions. A relative path is relative to the '
                    'working directory.'),
]


def register_opts(conf):
    conf.register_group(group())
    conf.register_opts(opts, group=GROUP)
