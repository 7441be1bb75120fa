"""/v2/rating/modules: list, show and update the rating modules."""
from ratingapi.api import restful
from ratingapi.api.v2.schemas import modules as schemas
from ratingapi.api import validation
from ratingapi.policies import modules as policies
from ratingapi.rating import modules


def _to_wire(info):
    return {'module_id': info.module_id, 'description': info.description,
            'enabled': info.enabled, 'hot_config': info.hot_config,
            'priority': info.priority}


class ModuleList(restful.Resource):
    capabilities = {'GET': 'modules:list'}

    @validation.response(schemas.GET_MODULES_RESPONSE)
    @validation.query({})
    def get(self):
        self.context.can(policies.V2_LIST_MODULES,
                         {'project_id': self.context.project_id})
        with self.services.database.reader() as connection:
            infos = modules.list_modules(connection)
        return {'modules': [_to_wire(info) for info in infos]}


class Module(restful.Resource):
    capabilities = {'GET': 'modules:show', 'PUT': 'modules:update'}

    @validation.response(schemas.MODULE)
    @validation.query({})
    def get(self, module_id):
        self.context.can(policies.V2_GET_MODULE,
                         {'project_id': self.context.project_id})
        with self.services.database.reader() as connection:
            return _to_wire(modules.get_module(connection, module_id))

    @validation.query({})
    @validation.body(schemas.PUT_MODULE_BODY)
    def put(self, module_id, enabled, priority):
        self.context.can(policies.V2_UPDATE_MODULE,
                         {'project_id': self.context.project_id})
        with self.services.database.session() as session:
            modules.update_module(
                session, module_id, enabled=enabled, priority=priority,
                unavailable=self.services.rater.unavailable())
        return None, 204
