"""What every resource under /v1/rating/module_config/<module> shares:
the rule that guards it, the audit name, the Location of what it creates
and its database access."""
import flask

from ratingapi.api import restful
from ratingapi import exceptions
from ratingapi.policies import modules as policies
from ratingapi.rating import modules

# The resources of each module with an API, named in the 404 of a path
# that it does not have.
RESOURCES = {
    'hashmap': '/types, /services, /fields, /groups, /mappings, '
               '/thresholds',
    'pyscripts': '/scripts',
}


class Resource(restful.Resource):
    """Authorizes every request with ``rating:module_config``."""

    def authorize(self):
        # Module settings are no project's data: the target is the
        # caller's own project.
        context = self.context
        context.can(policies.MODULE_CONFIG,
                    {'project_id': context.project_id})

    def who(self):
        return self.context.user_id or 'unknown'

    def location(self, identifier):
        """CloudKitty's Location of a created object: the collection's
        URL as asked (a /v1/billing alias stays one), a slash, the id."""
        return {'Location': self.url('%s/%s' % (
            flask.request.path.rstrip('/'), identifier))}

    def reader(self):
        return self.services.database.reader()

    def session(self):
        return self.services.database.session()


class Unconfigurable(Resource):
    """``/v1/rating/module_config/<module>[/...]`` that no module's API
    serves: 409 for a registered module without one (``noop``, as in
    CloudKitty), 404 for an unknown module and for a path that hashmap or
    pyscripts do not have (CloudKitty: 405)."""

    capabilities = {'GET': 'module-config:any', 'POST': 'module-config:any',
                    'PUT': 'module-config:any',
                    'DELETE': 'module-config:any'}

    def get(self, module_id, **rest):
        self.authorize()
        if module_id in RESOURCES:
            raise exceptions.NotFound('No such %s resource: %s (see %s).' % (
                module_id, flask.request.script_root + flask.request.path,
                RESOURCES[module_id]))
        if module_id in modules.REGISTRY:
            raise exceptions.Conflict('Module is not configurable')
        raise exceptions.NotFound("Module '%s' not found." % module_id)

    post = put = delete = get
