"""The discovery resources every version app serves: ``/`` and
``/capabilities``.  Both are public: discovery must work without a token.
"""
import flask

from ratingapi.api import discovery
from ratingapi.api import restful
from ratingapi.api import validation
from ratingapi.rating import modules

NO_CACHE = {'Cache-Control': 'no-cache'}


class _Discovery(restful.Resource):
    public = True

    def root_url(self):
        return discovery.root_url(flask.request.environ,
                                  self.services.settings.public_url,
                                  mount=self.version.path)


class VersionDocument(_Discovery):
    capabilities = {'GET': 'versions:show'}

    @validation.query({})
    def get(self):
        return (discovery.version_document(self.version, self.root_url()),
                200, NO_CACHE)


class Capabilities(_Discovery):
    capabilities = {'GET': 'capabilities:list'}

    @validation.query({})
    def get(self):
        settings = self.services.settings
        database = self.services.database
        with database.reader() as connection:
            enabled = modules.enabled_module_ids(connection)
        deployment = {
            'max_limit': settings.max_limit,
            'max_request_body_size': settings.max_request_body_size,
            'max_points_per_request': settings.max_points_per_request,
            'rating_modules': enabled,
            'storage_backend': database.backend,
            # The rating types of [collect] metrics_conf, in file order.
            'metric_types': list(self.services.metrics.types),
        }
        return (discovery.capabilities_document(
            self.version, self.root_url(), self.microversion, deployment),
            200, NO_CACHE)
