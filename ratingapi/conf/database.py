"""[database] options."""
from oslo_config import cfg

GROUP = 'database'


def group():
    # A new OptGroup per ConfigOpts: oslo.config copies a registered group
    # only shallowly, so sharing one would share overrides between configs.
    return cfg.OptGroup(GROUP, title='Storage options')


opts = [
    cfg.StrOpt('connection', secret=True,
               default='sqlite:///$state_path/ratingapi.sqlite',
               help='SQLAlchemy URL of the database. SQLite (the default, '
                    'a file under state_path) suits a single node; use '
                    'PostgreSQL (postgresql+psycopg://user:pw@host/db) when '
                    'several API nodes share one database. Other drivers '
                    '(psycopg2, pg8000, ...) are refused.'),
]


def register_opts(conf):
    conf.register_group(group())
    conf.register_opts(opts, group=GROUP)
