"""The composition root: config → policy → storage → version apps →
dispatcher → middleware.  Everything the API uses is wired here, once.
"""
import logging

from oslo_log import log
from werkzeug.middleware import dispatcher

from ratingapi.api import root
from ratingapi.api import services as api_services
from ratingapi.api import v1
from ratingapi.api import v2
from ratingapi import metrics
from ratingapi import middleware
from ratingapi import policy
from ratingapi.rating import chain
from ratingapi.rating import pyscripts
from ratingapi import storage

LOG = logging.getLogger(__name__)

# The version registry: the root document lists these, in this order.
VERSIONS = (v1.VERSION, v2.VERSION)


def create_app(conf):
    """The WSGI application for ``conf`` (already parsed).

    The database engine is not created here but on first use in each
    process, so the app may be built before gunicorn forks its workers.
    An unusable metrics file raises ``metrics.MetricsError`` here: the
    service does not start on definitions it cannot trust.
    """
    scripts = conf.pyscripts
    services = api_services.Services(
        settings=api_services.Settings.from_conf(conf),
        database=storage.Database(conf.database.connection),
        metrics=metrics.from_conf(conf),
        rater=chain.Rater(pyscripts.Limits(
            enabled=scripts.enable_execution,
            cpu_seconds=scripts.cpu_time_limit,
            memory_mib=scripts.memory_limit, timeout=scripts.timeout,
            max_output_mib=scripts.max_output_size)))
    mounts = {version.path: factory(services) for version, factory in (
        (v1.VERSION, v1.create_app), (v2.VERSION, v2.create_app))}
    api = dispatcher.DispatcherMiddleware(
        root.RootApp(VERSIONS, services.settings), mounts)
    return middleware.pipeline(api, conf, policy.create_enforcer(conf))


def setup_logging(conf):
    log.setup(conf, 'ratingapi')
