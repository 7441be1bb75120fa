"""gunicorn config given to both apps by ``bench/discovery.py`` (``-c``).

Its one hook marks each worker ready once it has loaded its app, so the
benchmark waits for every worker instead of the first one that answers.
Nothing else here changes gunicorn's settings.
"""
import os

READY_DIR_ENV = 'BENCH_READY_DIR'


def post_worker_init(worker):
    ready_dir = os.environ.get(READY_DIR_ENV)
    if ready_dir:
        path = os.path.join(ready_dir, 'worker-%d' % os.getpid())
        with open(path, 'w'):
            pass
