"""/v1/rating/module_config/hashmap: CloudKitty's hashmap API, on its wire.

python-cloudkittyclient relies on Pecan's binding conventions, kept here:
collection URLs with or without a trailing slash, ids taken from the JSON
body on PUT and DELETE to a collection URL (``DELETE /services/`` with
``{"service_id": ...}``), nested aliases (``/services/<id>/fields`` is
``/fields?service_id=<id>``, ``/groups/mappings?group_id=`` is
``/groups/<id>/mappings``) and query arguments repeating a path id.

Where CloudKitty is wrong this is not: a PUT answers 200 with the updated
object (CloudKitty: a 302 to itself, which keystoneauth replays 30
times); listing thresholds without a parent, or a mapping with an ``end``
but no ``start``, is a 400 (CloudKitty: 500); costs and levels are exact
on every backend (CloudKitty's SQLite stores floats).

Every request needs ``rating:module_config``.
"""
from ratingapi.api import hashmap as rules
from ratingapi.api.v1 import module_config
from ratingapi.api.v1.schemas import hashmap as schemas
from ratingapi.api import validation
from ratingapi import exceptions
from ratingapi.rating import validity
from ratingapi.storage import hashmap as storage
from ratingapi.storage import models

PREFIX = '/rating/module_config/hashmap'


service_to_wire = rules.service_to_wire
field_to_wire = rules.field_to_wire
group_to_wire = rules.group_to_wire


def mapping_to_wire(mapping):
    naive = rules.utc_naive
    return {
        'mapping_id': mapping.mapping_id, 'value': mapping.value,
        'type': mapping.type, 'cost': rules.fixed(mapping.cost, models.COST),
        'service_id': mapping.service_id, 'field_id': mapping.field_id,
        'group_id': mapping.group_id, 'tenant_id': mapping.tenant_id,
        'created_at': naive(mapping.created_at),
        'start': naive(mapping.start), 'end': naive(mapping.end),
        'name': mapping.name, 'description': mapping.description,
        'deleted': naive(mapping.deleted),
        'created_by': mapping.created_by, 'updated_by': mapping.updated_by,
        'deleted_by': mapping.deleted_by}


def threshold_to_wire(threshold):
    return {
        'threshold_id': threshold.threshold_id,
        'level': rules.fixed(threshold.level, models.LEVEL),
        'type': threshold.type,
        'cost': rules.fixed(threshold.cost, models.COST),
        'service_id': threshold.service_id, 'field_id': threshold.field_id,
        'group_id': threshold.group_id, 'tenant_id': threshold.tenant_id}


class Types(module_config.Resource):
    capabilities = {'GET': 'hashmap-types:list'}

    @validation.response(schemas.TYPES)
    @validation.query(schemas.NO_QUERY)
    def get(self):
        self.authorize()
        return list(rules.MAP_TYPES)


# -- services --------------------------------------------------------------

class Services(module_config.Resource):
    capabilities = {'GET': 'hashmap-services:list',
                    'POST': 'hashmap-services:create',
                    'DELETE': 'hashmap-services:delete'}

    @validation.response(schemas.SERVICES)
    @validation.query(schemas.NO_QUERY)
    def get(self):
        self.authorize()
        with self.reader() as connection:
            page = storage.list_services(connection)
        return {'services': [service_to_wire(s) for s in page.items]}

    @validation.response(schemas.SERVICE)
    @validation.query(schemas.NO_QUERY)
    @validation.body(schemas.SERVICE_BODY)
    def post(self, name, **ignored):
        self.authorize()
        with self.session() as session:
            service = storage.create_service(session, name=name)
        return (service_to_wire(service), 201,
                self.location(service.service_id))

    @validation.query(schemas.SERVICE_QUERY)
    @validation.body(schemas.DELETE_SERVICE_BODY)
    def delete(self, service_id):
        self.authorize()
        with self.session() as session:
            storage.delete_service(session, service_id)
        return None, 204


class Service(module_config.Resource):
    capabilities = {'GET': 'hashmap-services:show',
                    'DELETE': 'hashmap-services:delete'}

    @validation.response(schemas.SERVICE)
    @validation.query(schemas.SERVICE_QUERY)
    @validation.path({'service_id': rules.path_id})
    def get(self, service_id):
        self.authorize()
        with self.reader() as connection:
            return service_to_wire(storage.get_service(connection,
                                                       service_id))

    @validation.query(schemas.SERVICE_QUERY)
    @validation.path({'service_id': rules.path_id})
    def delete(self, service_id):
        self.authorize()
        with self.session() as session:
            storage.delete_service(session, service_id)
        return None, 204


# -- fields ----------------------------------------------------------------

def _list_fields(resource, service_id):
    resource.authorize()
    with resource.reader() as connection:
        page = storage.list_fields(connection, service_id=service_id)
    return {'fields': [field_to_wire(f) for f in page.items]}


class Fields(module_config.Resource):
    capabilities = {'GET': 'hashmap-fields:list',
                    'POST': 'hashmap-fields:create',
                    'DELETE': 'hashmap-fields:delete'}

    @validation.response(schemas.FIELDS)
    @validation.query(schemas.LIST_FIELDS_QUERY)
    def get(self, service_id):
        return _list_fields(self, service_id)

    @validation.response(schemas.FIELD)
    @validation.query(schemas.NO_QUERY)
    @validation.body(schemas.FIELD_BODY)
    def post(self, name, service_id, **ignored):
        self.authorize()
        with self.session() as session:
            field = storage.create_field(session, service_id=service_id,
                                         name=name)
        return field_to_wire(field), 201, self.location(field.field_id)

    @validation.query(schemas.FIELD_QUERY)
    @validation.body(schemas.DELETE_FIELD_BODY)
    def delete(self, field_id):
        self.authorize()
        with self.session() as session:
            storage.delete_field(session, field_id)
        return None, 204


class ServiceFields(module_config.Resource):
    capabilities = {'GET': 'hashmap-fields:list'}

    @validation.response(schemas.FIELDS)
    @validation.query(schemas.SERVICE_QUERY)
    @validation.path({'service_id': rules.path_id})
    def get(self, service_id):
        return _list_fields(self, service_id)


class Field(module_config.Resource):
    capabilities = {'GET': 'hashmap-fields:show',
                    'DELETE': 'hashmap-fields:delete'}

    @validation.response(schemas.FIELD)
    @validation.query(schemas.FIELD_QUERY)
    @validation.path({'field_id': rules.path_id})
    def get(self, field_id):
        self.authorize()
        with self.reader() as connection:
            return field_to_wire(storage.get_field(connection, field_id))

    @validation.query(schemas.FIELD_QUERY)
    @validation.path({'field_id': rules.path_id})
    def delete(self, field_id):
        self.authorize()
        with self.session() as session:
            storage.delete_field(session, field_id)
        return None, 204


# -- groups ----------------------------------------------------------------

def _delete_group(resource, group_id, recursive):
    resource.authorize()
    with resource.session() as session:
        storage.delete_group(session, group_id, recursive=recursive)
    return None, 204


class Groups(module_config.Resource):
    capabilities = {'GET': 'hashmap-groups:list',
                    'POST': 'hashmap-groups:create',
                    'DELETE': 'hashmap-groups:delete'}

    @validation.response(schemas.GROUPS)
    @validation.query(schemas.NO_QUERY)
    def get(self):
        self.authorize()
        with self.reader() as connection:
            page = storage.list_groups(connection)
        return {'groups': [group_to_wire(g) for g in page.items]}

    @validation.response(schemas.GROUP)
    @validation.query(schemas.NO_QUERY)
    @validation.body(schemas.GROUP_BODY)
    def post(self, name, **ignored):
        self.authorize()
        with self.session() as session:
            group = storage.create_group(session, name=name)
        return group_to_wire(group), 201, self.location(group.group_id)

    @validation.query(schemas.DELETE_GROUP_QUERY)
    @validation.body(schemas.DELETE_GROUP_BODY)
    def delete(self, group_id, recursive):
        return _delete_group(self, group_id, recursive)


class Group(module_config.Resource):
    capabilities = {'GET': 'hashmap-groups:show',
                    'DELETE': 'hashmap-groups:delete'}

    @validation.response(schemas.GROUP)
    @validation.query(schemas.GROUP_QUERY)
    @validation.path({'group_id': rules.path_id})
    def get(self, group_id):
        self.authorize()
        with self.reader() as connection:
            return group_to_wire(storage.get_group(connection, group_id))

    @validation.query(schemas.DELETE_GROUP_ITEM_QUERY)
    @validation.path({'group_id': rules.path_id})
    def delete(self, group_id, recursive):
        return _delete_group(self, group_id, recursive)


# -- mappings --------------------------------------------------------------

def _list_mappings(resource, **filters):
    resource.authorize()
    with resource.reader() as connection:
        page = storage.list_mappings(connection, **filters)
    return {'mappings': [mapping_to_wire(m) for m in page.items]}


def _update_mapping(resource, mapping_id, changes):
    resource.authorize()
    now = storage.now()
    with resource.session() as session:
        current = storage.get_mapping(session, mapping_id, deleted=False)
        allowed = validity.check_update(current, changes, now=now)
        mapping = storage.update_mapping(session, mapping_id,
                                         who=resource.who(), **allowed)
    return mapping_to_wire(mapping)


def _mapping_changes(cost, type, value, group_id, tenant_id, start, end,
                     description):
    # CloudKitty's PUT replaces: what is not sent becomes null (value
    # and dates keep their meaning through validity.check_update).
    return {'cost': cost, 'type': type, 'value': value or None,
            'group_id': group_id, 'tenant_id': tenant_id, 'start': start,
            'end': end, 'description': description}


def _delete_mapping(resource, mapping_id):
    resource.authorize()
    with resource.session() as session:
        storage.delete_mapping(session, mapping_id, who=resource.who())
    return None, 204


class Mappings(module_config.Resource):
    capabilities = {'GET': 'hashmap-mappings:list',
                    'POST': 'hashmap-mappings:create',
                    'PUT': 'hashmap-mappings:update',
                    'DELETE': 'hashmap-mappings:delete'}

    @validation.response(schemas.MAPPINGS)
    @validation.query(schemas.LIST_MAPPINGS_QUERY)
    def get(self, all, **filters):
        if not all and not any(filters[key] for key in (
                'service_id', 'field_id', 'group_id')):
            raise exceptions.InvalidInput(
                'You must specify either service_id, field_id or group_id '
                '(or all=true).', parameter='all')
        return _list_mappings(self, **filters)

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.CREATE_MAPPING_QUERY)
    @validation.body(schemas.MAPPING_BODY)
    def post(self, force, cost, type, value, service_id, field_id,
             group_id, tenant_id, start, end, name, description,
             **ignored):
        self.authorize()
        if end is not None and start is None:
            raise exceptions.InvalidInput(
                'A mapping with an end needs a start.', parameter='start')
        now = storage.now()
        start = now if start is None else start
        validity.check_new(start, end, now=now, force=force)
        with self.session() as session:
            mapping = storage.create_mapping(
                session, cost=cost, type=type, service_id=service_id,
                field_id=field_id, group_id=group_id, tenant_id=tenant_id,
                value=value, name=name, description=description,
                start=start, end=end, who=self.who())
        return (mapping_to_wire(mapping), 201,
                self.location(mapping.mapping_id))

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.MAPPING_QUERY)
    @validation.body(schemas.PUT_MAPPINGS_BODY)
    def put(self, mapping_id, cost, type, value, group_id, tenant_id, start,
            end, description, **ignored):
        return _update_mapping(self, mapping_id, _mapping_changes(
            cost, type, value, group_id, tenant_id, start, end,
            description))

    @validation.query(schemas.MAPPING_QUERY)
    @validation.body(schemas.DELETE_MAPPING_BODY)
    def delete(self, mapping_id):
        return _delete_mapping(self, mapping_id)


class Mapping(module_config.Resource):
    capabilities = {'GET': 'hashmap-mappings:show',
                    'PUT': 'hashmap-mappings:update',
                    'DELETE': 'hashmap-mappings:delete'}

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.MAPPING_QUERY)
    @validation.path({'mapping_id': rules.path_id})
    def get(self, mapping_id):
        self.authorize()
        with self.reader() as connection:
            return mapping_to_wire(storage.get_mapping(connection,
                                                       mapping_id))

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.MAPPING_QUERY)
    @validation.body(schemas.MAPPING_BODY)
    @validation.path({'mapping_id': rules.path_id})
    def put(self, mapping_id, cost, type, value, group_id, tenant_id, start,
            end, description, **ignored):
        return _update_mapping(self, mapping_id, _mapping_changes(
            cost, type, value, group_id, tenant_id, start, end,
            description))

    @validation.query(schemas.MAPPING_QUERY)
    @validation.path({'mapping_id': rules.path_id})
    def delete(self, mapping_id):
        return _delete_mapping(self, mapping_id)


def _nested_mappings(filter_name, schema):
    class Nested(module_config.Resource):
        capabilities = {'GET': 'hashmap-mappings:list'}

        @validation.response(schemas.MAPPINGS)
        @validation.query(schema)
        @validation.path({filter_name: rules.path_id})
        def get(self, **ids):
            return _list_mappings(self, **{filter_name: ids[filter_name]})
    Nested.__name__ = Nested.__qualname__ = '%sMappings' % (
        filter_name.split('_')[0].title())
    return Nested


ServiceMappings = _nested_mappings('service_id', schemas.SERVICE_QUERY)
FieldMappings = _nested_mappings('field_id', schemas.FIELD_QUERY)
GroupMappings = _nested_mappings('group_id', schemas.GROUP_QUERY)


class GroupMappingsByQuery(module_config.Resource):
    capabilities = {'GET': 'hashmap-mappings:list'}

    @validation.response(schemas.MAPPINGS)
    @validation.query(schemas.BY_GROUP_QUERY)
    def get(self, group_id):
        return _list_mappings(self, group_id=group_id)


class MappingGroup(module_config.Resource):
    capabilities = {'GET': 'hashmap-mappings:show-group'}

    @validation.response(schemas.GROUP)
    @validation.query(schemas.MAPPING_QUERY)
    @validation.path({'mapping_id': rules.path_id})
    def get(self, mapping_id):
        self.authorize()
        with self.reader() as connection:
            return group_to_wire(storage.mapping_group(connection,
                                                       mapping_id))


class MappingGroupByQuery(MappingGroup):

    @validation.response(schemas.GROUP)
    @validation.query(schemas.BY_MAPPING_QUERY)
    def get(self, mapping_id):
        self.authorize()
        with self.reader() as connection:
            return group_to_wire(storage.mapping_group(connection,
                                                       mapping_id))


# -- thresholds ------------------------------------------------------------

def _list_thresholds(resource, **filters):
    resource.authorize()
    with resource.reader() as connection:
        page = storage.list_thresholds(connection, **filters)
    return {'thresholds': [threshold_to_wire(t) for t in page.items]}


def _update_threshold(resource, threshold_id, level, cost, type, group_id,
                      tenant_id):
    resource.authorize()
    with resource.session() as session:
        threshold = storage.update_threshold(
            session, threshold_id, level=level, cost=cost, type=type,
            group_id=group_id, tenant_id=tenant_id)
    return threshold_to_wire(threshold)


def _delete_threshold(resource, threshold_id):
    resource.authorize()
    with resource.session() as session:
        storage.delete_threshold(session, threshold_id)
    return None, 204


class Thresholds(module_config.Resource):
    capabilities = {'GET': 'hashmap-thresholds:list',
                    'POST': 'hashmap-thresholds:create',
                    'PUT': 'hashmap-thresholds:update',
                    'DELETE': 'hashmap-thresholds:delete'}

    @validation.response(schemas.THRESHOLDS)
    @validation.query(schemas.LIST_THRESHOLDS_QUERY)
    def get(self, **filters):
        if not any(filters[key] for key in (
                'service_id', 'field_id', 'group_id')):
            raise exceptions.InvalidInput(
                'You must specify either service_id, field_id or '
                'group_id.', parameter='service_id')
        return _list_thresholds(self, **filters)

    @validation.response(schemas.THRESHOLD)
    @validation.query(schemas.NO_QUERY)
    @validation.body(schemas.THRESHOLD_BODY)
    def post(self, level, cost, type, service_id, field_id, group_id,
             tenant_id, **ignored):
        self.authorize()
        with self.session() as session:
            threshold = storage.create_threshold(
                session, level=level, cost=cost, type=type,
                service_id=service_id, field_id=field_id,
                group_id=group_id, tenant_id=tenant_id)
        return (threshold_to_wire(threshold), 201,
                self.location(threshold.threshold_id))

    @validation.response(schemas.THRESHOLD)
    @validation.query(schemas.THRESHOLD_QUERY)
    @validation.body(schemas.PUT_THRESHOLDS_BODY)
    def put(self, threshold_id, level, cost, type, group_id, tenant_id,
            **ignored):
        return _update_threshold(self, threshold_id, level, cost, type,
                                 group_id, tenant_id)

    @validation.query(schemas.THRESHOLD_QUERY)
    @validation.body(schemas.DELETE_THRESHOLD_BODY)
    def delete(self, threshold_id):
        return _delete_threshold(self, threshold_id)


class Threshold(module_config.Resource):
    capabilities = {'GET': 'hashmap-thresholds:show',
                    'PUT': 'hashmap-thresholds:update',
                    'DELETE': 'hashmap-thresholds:delete'}

    @validation.response(schemas.THRESHOLD)
    @validation.query(schemas.THRESHOLD_QUERY)
    @validation.path({'threshold_id': rules.path_id})
    def get(self, threshold_id):
        self.authorize()
        with self.reader() as connection:
            return threshold_to_wire(storage.get_threshold(connection,
                                                           threshold_id))

    @validation.response(schemas.THRESHOLD)
    @validation.query(schemas.THRESHOLD_QUERY)
    @validation.body(schemas.THRESHOLD_BODY)
    @validation.path({'threshold_id': rules.path_id})
    def put(self, threshold_id, level, cost, type, group_id, tenant_id,
            **ignored):
        return _update_threshold(self, threshold_id, level, cost, type,
                                 group_id, tenant_id)

    @validation.query(schemas.THRESHOLD_QUERY)
    @validation.path({'threshold_id': rules.path_id})
    def delete(self, threshold_id):
        return _delete_threshold(self, threshold_id)


def _nested_thresholds(filter_name, schema):
    class Nested(module_config.Resource):
        capabilities = {'GET': 'hashmap-thresholds:list'}

        @validation.response(schemas.THRESHOLDS)
        @validation.query(schema)
        @validation.path({filter_name: rules.path_id})
        def get(self, **ids):
            return _list_thresholds(self, **{filter_name: ids[filter_name]})
    Nested.__name__ = Nested.__qualname__ = '%sThresholds' % (
        filter_name.split('_')[0].title())
    return Nested


ServiceThresholds = _nested_thresholds('service_id', schemas.SERVICE_QUERY)
FieldThresholds = _nested_thresholds('field_id', schemas.FIELD_QUERY)
GroupThresholds = _nested_thresholds('group_id', schemas.GROUP_QUERY)


class GroupThresholdsByQuery(module_config.Resource):
    capabilities = {'GET': 'hashmap-thresholds:list'}

    @validation.response(schemas.THRESHOLDS)
    @validation.query(schemas.BY_GROUP_QUERY)
    def get(self, group_id):
        return _list_thresholds(self, group_id=group_id)


class ThresholdGroup(module_config.Resource):
    capabilities = {'GET': 'hashmap-thresholds:show-group'}

    @validation.response(schemas.GROUP)
    @validation.query(schemas.THRESHOLD_QUERY)
    @validation.path({'threshold_id': rules.path_id})
    def get(self, threshold_id):
        self.authorize()
        with self.reader() as connection:
            return group_to_wire(storage.threshold_group(connection,
                                                         threshold_id))


class ThresholdGroupByQuery(ThresholdGroup):

    @validation.response(schemas.GROUP)
    @validation.query(schemas.BY_THRESHOLD_QUERY)
    def get(self, threshold_id):
        self.authorize()
        with self.reader() as connection:
            return group_to_wire(storage.threshold_group(connection,
                                                         threshold_id))


ROUTES = (
    ('/types', Types, 'hashmap_types'),
    ('/services', Services, 'hashmap_services'),
    ('/services/<service_id>', Service, 'hashmap_service'),
    ('/services/<service_id>/fields', ServiceFields,
     'hashmap_service_fields'),
    ('/services/<service_id>/mappings', ServiceMappings,
     'hashmap_service_mappings'),
    ('/services/<service_id>/thresholds', ServiceThresholds,
     'hashmap_service_thresholds'),
    ('/fields', Fields, 'hashmap_fields'),
    ('/fields/<field_id>', Field, 'hashmap_field'),
    ('/fields/<field_id>/mappings', FieldMappings, 'hashmap_field_mappings'),
    ('/fields/<field_id>/thresholds', FieldThresholds,
     'hashmap_field_thresholds'),
    ('/groups', Groups, 'hashmap_groups'),
    ('/groups/mappings', GroupMappingsByQuery, 'hashmap_groups_mappings'),
    ('/groups/thresholds', GroupThresholdsByQuery,
     'hashmap_groups_thresholds'),
    ('/groups/<group_id>', Group, 'hashmap_group'),
    ('/groups/<group_id>/mappings', GroupMappings, 'hashmap_group_mappings'),
    ('/groups/<group_id>/thresholds', GroupThresholds,
     'hashmap_group_thresholds'),
    ('/mappings', Mappings, 'hashmap_mappings'),
    ('/mappings/group', MappingGroupByQuery, 'hashmap_mappings_group'),
    ('/mappings/<mapping_id>', Mapping, 'hashmap_mapping'),
    ('/mappings/<mapping_id>/group', MappingGroup, 'hashmap_mapping_group'),
    ('/thresholds', Thresholds, 'hashmap_thresholds'),
    ('/thresholds/group', ThresholdGroupByQuery,
     'hashmap_thresholds_group'),
    ('/thresholds/<threshold_id>', Threshold, 'hashmap_threshold'),
    ('/thresholds/<threshold_id>/group', ThresholdGroup,
     'hashmap_threshold_group'),
)
