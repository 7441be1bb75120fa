"""[pyscripts] options: whether rating scripts run, and their limits.

A script is Python code that the service runs: only administrators may
write one (``rating:module_config``), and running them is off unless an
operator turns it on here.
"""
from oslo_config import cfg

GROUP = 'pyscripts'


def group():
    # A new OptGroup per ConfigOpts (see conf/api.py).
    return cfg.OptGroup(GROUP, title='Rating scripts (the pyscripts module)')


opts = [
    cfg.BoolOpt('enable_execution', default=False,
                help='Run the scripts of the pyscripts rating module when '
                     'it is enabled. Off by default: a script is code that '
                     'the service runs, with the rights of its user. While '
                     'this is false, enabling the pyscripts module is '
                     'refused (409), scripts can still be written and '
                     'read, and rating with an enabled module that has a '
                     'script in force fails (409). Each script runs in a '
                     'worker process of its own, with the limits below, '
                     'no environment and no inherited file descriptors; '
                     'that contains mistakes (endless loops, runaway '
                     'memory), it is no sandbox against a hostile author.'),
    cfg.IntOpt('cpu_time_limit', default=5, min=1,
               help='CPU seconds a script worker may use (RLIMIT_CPU) to '
                    'rate one batch of points.'),
    cfg.IntOpt('memory_limit', default=512, min=64,
               help='Address space of a script worker, in MiB '
                    '(RLIMIT_AS). The Python interpreter itself takes '
                    'about 30 MiB of it, the points it rates the rest.'),
    cfg.FloatOpt('timeout', default=10.0, min=0.1,
                 help='Wall-clock seconds a script worker may take to rate '
                      'one batch of points before it is killed (it may be '
                      'sleeping or waiting rather than using CPU).'),
    cfg.IntOpt('max_output_size', default=64, min=1,
               help='Largest output of a script worker, in MiB (the '
                    'priced points it returns, plus what the script '
                    'prints); a worker writing more is killed.'),
]


def register_opts(conf):
    conf.register_group(group())
    conf.register_opts(opts, group=GROUP)
