"""/v1/collector: CloudKitty's deprecated collector API, on its wire.

Which collector collects a service (mappings) and whether a collector is
enabled (states).  ratingapi's own collection does not read them; they
are stored and served so that python-cloudkittyclient's ``collector``
commands keep working.

CloudKitty's binding is kept: every argument comes from the path, the
query string or the JSON body (``POST /mappings/`` with ``{"collector",
"service"}``, ``POST /mappings/<collector>/<service>``, ``DELETE
/mappings/`` with ``{"service"}``, ``GET /states/?name=``,
``/collector/<name>/states``); given twice, it must be the same.

Where this differs: creating a mapping answers 201 with a ``Location``
(CloudKitty: 200 whether it created or replaced; replacing still answers
200); ``GET /mappings/<service>?collector=`` is a 404 when the service is
mapped to another collector (CloudKitty refuses the argument).
"""
from urllib import parse

from ratingapi.api import restful
from ratingapi.api.v1.schemas import collector as schemas
from ratingapi.api import validation
from ratingapi import exceptions
from ratingapi.policies import collector as policies
from ratingapi.storage import collector as storage


def _mapping_to_wire(mapping):
    return {'service': mapping.service, 'collector': mapping.collector}


def _state_to_wire(state):
    return {'name': state.name, 'enabled': state.enabled}


class _Collector(restful.Resource):

    def authorize(self, rule):
        # Mappings and states are no project's: the caller's project.
        context = self.context
        context.can(rule, {'project_id': context.project_id})

    def set_mapping(self, collector, service):
        self.authorize(policies.MANAGE_MAPPING)
        with self.services.database.session() as session:
            mapping, created = storage.set_mapping(session, service,
                                                   collector)
        if not created:
            return _mapping_to_wire(mapping)
        return _mapping_to_wire(mapping), 201, {'Location': self.url(
            '/collector/mappings/%s' % parse.quote(service, safe=''))}

    def delete_mapping(self, service):
        self.authorize(policies.MANAGE_MAPPING)
        with self.services.database.session() as session:
            storage.delete_mapping(session, service)
        return None, 204

    def get_state(self, name):
        self.authorize(policies.GET_STATE)
        with self.services.database.reader() as connection:
            return _state_to_wire(storage.get_state(connection, name))

    def set_state(self, name, enabled):
        self.authorize(policies.UPDATE_STATE)
        with self.services.database.session() as session:
            return _state_to_wire(storage.set_state(session, name, enabled))


class Collector(restful.Resource):
    """``GET /v1/collector``: CloudKitty's routing stub, 204.  It says
    nothing, so it checks no rule (CloudKitty checks none either)."""

    public = True

    @validation.query(schemas.NO_QUERY)
    def get(self):
        return None, 204


# -- mappings --------------------------------------------------------------

class Mappings(_Collector):
    capabilities = {'GET': 'collector-mappings:list',
                    'POST': 'collector-mappings:create',
                    'DELETE': 'collector-mappings:delete'}

    @validation.response(schemas.MAPPINGS)
    @validation.query(schemas.LIST_MAPPINGS_QUERY)
    def get(self, collector):
        self.authorize(policies.LIST_MAPPINGS)
        with self.services.database.reader() as connection:
            mappings = storage.list_mappings(connection, collector)
        return {'mappings': [_mapping_to_wire(m) for m in mappings]}

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.MAPPING_ARGUMENTS_QUERY)
    @validation.optional_body(schemas.MAPPING_ARGUMENTS_BODY)
    @validation.required('collector', 'service')
    def post(self, collector, service):
        return self.set_mapping(collector, service)

    @validation.query(schemas.SERVICE_QUERY)
    @validation.optional_body(schemas.SERVICE_BODY)
    @validation.required('service')
    def delete(self, service):
        return self.delete_mapping(service)


class Mapping(_Collector):
    capabilities = {'GET': 'collector-mappings:show',
                    'DELETE': 'collector-mappings:delete'}

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.GET_MAPPING_QUERY)
    @validation.path({'service': schemas.NAME})
    def get(self, service, collector):
        self.authorize(policies.GET_MAPPING)
        with self.services.database.reader() as connection:
            mapping = storage.get_mapping(connection, service)
        if collector is not None and mapping.collector != collector:
            raise exceptions.NotFound(
                'No mapping for service: %s with collector: %s (it is '
                'mapped to %s).' % (service, collector, mapping.collector))
        return _mapping_to_wire(mapping)

    @validation.query(schemas.SERVICE_QUERY)
    @validation.optional_body(schemas.SERVICE_BODY)
    @validation.path({'service': schemas.NAME})
    def delete(self, service):
        return self.delete_mapping(service)


class CollectorMappings(_Collector):
    """``POST /mappings/<collector>``: Pecan binds the first path segment
    to ``collector``, the service comes from the query or the body."""

    capabilities = {'POST': 'collector-mappings:create'}

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.MAPPING_ARGUMENTS_QUERY)
    @validation.optional_body(schemas.MAPPING_ARGUMENTS_BODY)
    @validation.path({'collector': schemas.NAME})
    @validation.required('service')
    def post(self, collector, service):
        return self.set_mapping(collector, service)


class CollectorServiceMapping(_Collector):
    capabilities = {'POST': 'collector-mappings:create'}

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.MAPPING_ARGUMENTS_QUERY)
    @validation.optional_body(schemas.MAPPING_ARGUMENTS_BODY)
    @validation.path({'collector': schemas.NAME, 'service': schemas.NAME})
    def post(self, collector, service):
        return self.set_mapping(collector, service)


# -- states ----------------------------------------------------------------

class States(_Collector):
    """``/states?name=`` or ``/states`` with the name in the body."""

    capabilities = {'GET': 'collector-states:show',
                    'PUT': 'collector-states:update'}

    @validation.response(schemas.STATE)
    @validation.query(schemas.STATE_QUERY)
    @validation.required('name')
    def get(self, name):
        return self.get_state(name)

    @validation.response(schemas.STATE)
    @validation.query(schemas.STATE_QUERY)
    @validation.body(schemas.PUT_STATE_BODY)
    @validation.required('name')
    def put(self, name, enabled):
        return self.set_state(name, enabled)


class State(_Collector):
    """``/states/<name>`` and ``/<name>/states``."""

    capabilities = {'GET': 'collector-states:show',
                    'PUT': 'collector-states:update'}

    @validation.response(schemas.STATE)
    @validation.query(schemas.STATE_QUERY)
    @validation.path({'name': schemas.NAME})
    def get(self, name):
        return self.get_state(name)

    @validation.response(schemas.STATE)
    @validation.query(schemas.STATE_QUERY)
    @validation.body(schemas.PUT_STATE_BODY)
    @validation.path({'name': schemas.NAME})
    def put(self, name, enabled):
        return self.set_state(name, enabled)


PREFIX = '/collector'
ROUTES = (
    ('', Collector, 'collector'),
    ('/mappings', Mappings, 'collector_mappings'),
    ('/mappings/<service>', Mapping, 'collector_mapping'),
    # The same path as above for POST, where it names the collector.
    ('/mappings/<collector>', CollectorMappings,
     'collector_collector_mappings'),
    ('/mappings/<collector>/<service>', CollectorServiceMapping,
     'collector_collector_service_mapping'),
    ('/states', States, 'collector_states'),
    ('/states/<name>', State, 'collector_state'),
    ('/<name>/states', State, 'collector_named_states'),
)
