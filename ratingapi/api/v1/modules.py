"""/v1/rating/modules: the legacy twin of /v2/rating/modules.

Unlike CloudKitty (302 to itself, which keystoneauth replays 30 times), a
successful PUT answers 200 with the updated module.
"""
from ratingapi.api import restful
from ratingapi.api.v1.schemas import modules as schemas
from ratingapi.api import validation
from ratingapi.policies import modules as policies
from ratingapi.rating import modules


def _to_wire(info):
    return {'module_id': info.module_id, 'description': info.description,
            'enabled': info.enabled, 'hot-config': info.hot_config,
            'priority': info.priority}


class ModuleList(restful.Resource):
    capabilities = {'GET': 'modules:list'}

    @validation.response(schemas.GET_MODULES_RESPONSE)
    @validation.query({})
    def get(self):
        self.context.can(policies.LIST_MODULES,
                         {'project_id': self.context.project_id})
        with self.services.database.reader() as connection:
            infos = modules.list_modules(connection)
        return {'modules': [_to_wire(info) for info in infos]}


class Module(restful.Resource):
    capabilities = {'GET': 'modules:show', 'PUT': 'modules:update'}

    @validation.response(schemas.MODULE)
    @validation.query(schemas.GET_MODULE_QUERY)
    def get(self, module_id):
        self.context.can(policies.GET_MODULE,
                         {'project_id': self.context.project_id})
        with self.services.database.reader() as connection:
            return _to_wire(modules.get_module(connection, module_id))

    @validation.response(schemas.MODULE)
    @validation.query({})
    @validation.body(schemas.PUT_MODULE_BODY)
    def put(self, module_id, enabled, priority):
        self.context.can(policies.UPDATE_MODULE,
                         {'project_id': self.context.project_id})
        with self.services.database.session() as session:
            info = modules.update_module(
                session, module_id, enabled=enabled, priority=priority,
                unavailable=self.services.rater.unavailable())
        return _to_wire(info)
