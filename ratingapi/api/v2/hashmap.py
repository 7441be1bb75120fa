"""/v2/rating/hashmap: the hashmap rules as REST resources (from 2.2).

Each noun (services, fields, groups, mappings, thresholds) is a
collection (``GET`` paginated with ``links``, ``POST`` → 201 with a
``Location``) and an item addressed by its id (``GET``, ``PATCH`` →
200 with the updated object, ``DELETE`` → 204).  A PATCH changes only
what it sends (CloudKitty's v1 PUT replaces the whole object); a mapping
that has started may still only get an end (ratingapi.rating.validity).
Unknown ids are 404, duplicates 409.  Every request needs
``rating:module_config``, as v1's do.
"""
import flask

from ratingapi.api import restful
from ratingapi.api.v2.schemas import hashmap as schemas
from ratingapi.api import validation
from ratingapi.api import hashmap as rules
from ratingapi.policies import modules as policies
from ratingapi.rating import validity
from ratingapi.storage import amount
from ratingapi.storage import hashmap as storage

PREFIX = '/rating/hashmap'


def exact(value):
    """A stored decimal without the column's trailing zeros."""
    return amount.plain(value)


service_to_wire = rules.service_to_wire
field_to_wire = rules.field_to_wire
group_to_wire = rules.group_to_wire


def mapping_to_wire(mapping):
    return {
        'mapping_id': mapping.mapping_id, 'service_id': mapping.service_id,
        'field_id': mapping.field_id, 'group_id': mapping.group_id,
        'tenant_id': mapping.tenant_id, 'value': mapping.value,
        'type': mapping.type, 'cost': exact(mapping.cost),
        'name': mapping.name, 'description': mapping.description,
        'created_at': mapping.created_at, 'start': mapping.start,
        'end': mapping.end, 'created_by': mapping.created_by,
        'updated_by': mapping.updated_by, 'deleted': mapping.deleted,
        'deleted_by': mapping.deleted_by}


def threshold_to_wire(threshold):
    return {
        'threshold_id': threshold.threshold_id,
        'service_id': threshold.service_id, 'field_id': threshold.field_id,
        'group_id': threshold.group_id, 'tenant_id': threshold.tenant_id,
        'level': exact(threshold.level), 'type': threshold.type,
        'cost': exact(threshold.cost)}


class _Hashmap(restful.Resource):

    def authorize(self):
        # Rules are no project's data: the target is the caller's project.
        context = self.context
        context.can(policies.MODULE_CONFIG,
                    {'project_id': context.project_id})

    def who(self):
        return self.context.user_id or 'unknown'

    def listing(self, page, to_wire, offset, limit):
        return {'total': page.total,
                'results': [to_wire(item) for item in page.items],
                'links': self.page_links(offset, limit, page.total)}

    def created(self, body, identifier):
        """201 with the Location of the new object."""
        location = self.url('%s/%s' % (flask.request.path.rstrip('/'),
                                       identifier))
        return body, 201, {'Location': location}


# -- services --------------------------------------------------------------

class Services(_Hashmap):
    capabilities = {'GET': 'hashmap-services:list',
                    'POST': 'hashmap-services:create'}

    @validation.response(schemas.SERVICES)
    @validation.query(schemas.LIST_QUERY)
    def get(self, offset, limit):
        self.authorize()
        with self.services.database.reader() as connection:
            page = storage.list_services(connection, offset=offset,
                                         limit=limit)
        return self.listing(page, service_to_wire, offset, limit)

    @validation.response(schemas.SERVICE)
    @validation.query({})
    @validation.body(schemas.NAME_BODY)
    def post(self, name):
        self.authorize()
        with self.services.database.session() as session:
            service = storage.create_service(session, name=name)
        return self.created(service_to_wire(service), service.service_id)


class Service(_Hashmap):
    capabilities = {'GET': 'hashmap-services:show',
                    'PATCH': 'hashmap-services:update',
                    'DELETE': 'hashmap-services:delete'}

    @validation.response(schemas.SERVICE)
    @validation.query({})
    @validation.path({'service_id': rules.path_id})
    def get(self, service_id):
        self.authorize()
        with self.services.database.reader() as connection:
            return service_to_wire(storage.get_service(connection,
                                                       service_id))

    @validation.response(schemas.SERVICE)
    @validation.query({})
    @validation.body(schemas.PATCH_NAME_BODY)
    @validation.path({'service_id': rules.path_id})
    def patch(self, service_id, **changes):
        self.authorize()
        with self.services.database.session() as session:
            if changes:
                service = storage.update_service(session, service_id,
                                                 **changes)
            else:
                service = storage.get_service(session, service_id)
        return service_to_wire(service)

    @validation.query({})
    @validation.path({'service_id': rules.path_id})
    def delete(self, service_id):
        self.authorize()
        with self.services.database.session() as session:
            storage.delete_service(session, service_id)
        return None, 204


# -- fields ----------------------------------------------------------------

class Fields(_Hashmap):
    capabilities = {'GET': 'hashmap-fields:list',
                    'POST': 'hashmap-fields:create'}

    @validation.response(schemas.FIELDS)
    @validation.query(schemas.LIST_FIELDS_QUERY)
    def get(self, offset, limit, service_id):
        self.authorize()
        with self.services.database.reader() as connection:
            page = storage.list_fields(connection, service_id=service_id,
                                       offset=offset, limit=limit)
        return self.listing(page, field_to_wire, offset, limit)

    @validation.response(schemas.FIELD)
    @validation.query({})
    @validation.body(schemas.FIELD_BODY)
    def post(self, name, service_id):
        self.authorize()
        with self.services.database.session() as session:
            field = storage.create_field(session, service_id=service_id,
                                         name=name)
        return self.created(field_to_wire(field), field.field_id)


class Field(_Hashmap):
    capabilities = {'GET': 'hashmap-fields:show',
                    'PATCH': 'hashmap-fields:update',
                    'DELETE': 'hashmap-fields:delete'}

    @validation.response(schemas.FIELD)
    @validation.query({})
    @validation.path({'field_id': rules.path_id})
    def get(self, field_id):
        self.authorize()
        with self.services.database.reader() as connection:
            return field_to_wire(storage.get_field(connection, field_id))

    @validation.response(schemas.FIELD)
    @validation.query({})
    @validation.body(schemas.PATCH_NAME_BODY)
    @validation.path({'field_id': rules.path_id})
    def patch(self, field_id, **changes):
        self.authorize()
        with self.services.database.session() as session:
            if changes:
                field = storage.update_field(session, field_id, **changes)
            else:
                field = storage.get_field(session, field_id)
        return field_to_wire(field)

    @validation.query({})
    @validation.path({'field_id': rules.path_id})
    def delete(self, field_id):
        self.authorize()
        with self.services.database.session() as session:
            storage.delete_field(session, field_id)
        return None, 204


# -- groups ----------------------------------------------------------------

class Groups(_Hashmap):
    capabilities = {'GET': 'hashmap-groups:list',
                    'POST': 'hashmap-groups:create'}

    @validation.response(schemas.GROUPS)
    @validation.query(schemas.LIST_QUERY)
    def get(self, offset, limit):
        self.authorize()
        with self.services.database.reader() as connection:
            page = storage.list_groups(connection, offset=offset,
                                       limit=limit)
        return self.listing(page, group_to_wire, offset, limit)

    @validation.response(schemas.GROUP)
    @validation.query({})
    @validation.body(schemas.NAME_BODY)
    def post(self, name):
        self.authorize()
        with self.services.database.session() as session:
            group = storage.create_group(session, name=name)
        return self.created(group_to_wire(group), group.group_id)


class Group(_Hashmap):
    capabilities = {'GET': 'hashmap-groups:show',
                    'PATCH': 'hashmap-groups:update',
                    'DELETE': 'hashmap-groups:delete'}

    @validation.response(schemas.GROUP)
    @validation.query({})
    @validation.path({'group_id': rules.path_id})
    def get(self, group_id):
        self.authorize()
        with self.services.database.reader() as connection:
            return group_to_wire(storage.get_group(connection, group_id))

    @validation.response(schemas.GROUP)
    @validation.query({})
    @validation.body(schemas.PATCH_NAME_BODY)
    @validation.path({'group_id': rules.path_id})
    def patch(self, group_id, **changes):
        self.authorize()
        with self.services.database.session() as session:
            if changes:
                group = storage.update_group(session, group_id, **changes)
            else:
                group = storage.get_group(session, group_id)
        return group_to_wire(group)

    @validation.query(schemas.DELETE_GROUP_QUERY)
    @validation.path({'group_id': rules.path_id})
    def delete(self, group_id, recursive):
        self.authorize()
        with self.services.database.session() as session:
            storage.delete_group(session, group_id, recursive=recursive)
        return None, 204


# -- mappings --------------------------------------------------------------

class Mappings(_Hashmap):
    capabilities = {'GET': 'hashmap-mappings:list',
                    'POST': 'hashmap-mappings:create'}

    @validation.response(schemas.MAPPINGS)
    @validation.query(schemas.LIST_MAPPINGS_QUERY)
    def get(self, offset, limit, tenant_id, **filters):
        self.authorize()
        with self.services.database.reader() as connection:
            page = storage.list_mappings(
                connection, offset=offset, limit=limit, tenant_id=tenant_id,
                filter_tenant=tenant_id is not None, **filters)
        return self.listing(page, mapping_to_wire, offset, limit)

    @validation.response(schemas.MAPPING)
    @validation.query(schemas.CREATE_MAPPING_QUERY)
    @validation.body(schemas.MAPPING_BODY)
    def post(self, force, start, end, **attributes):
        self.authorize()
        now = storage.now()
        start = now if start is None else start
        validity.check_new(start, end, now=now, force=force)
        with self.services.database.session() as session:
            mapping = storage.create_mapping(session, start=start, end=end,
                                             who=self.who(), **attributes)
        return self.created(mapping_to_wire(mapping), mapping.mapping_id)


class Mapping(_Hashmap):
    capabilities = {'GET': 'hashmap-mappings:show',
                    'PATCH': 'hashmap-mappings:update',
                    'DELETE': 'hashmap-mappings:delete'}

    @validation.response(schemas.MAPPING)
    @validation.query({})
    @validation.path({'mapping_id': rules.path_id})
    def get(self, mapping_id):
        self.authorize()
        with self.services.database.reader() as connection:
            return mapping_to_wire(storage.get_mapping(connection,
                                                       mapping_id))

    @validation.response(schemas.MAPPING)
    @validation.query({})
    @validation.body(schemas.PATCH_MAPPING_BODY)
    @validation.path({'mapping_id': rules.path_id})
    def patch(self, mapping_id, **changes):
        self.authorize()
        now = storage.now()
        with self.services.database.session() as session:
            current = storage.get_mapping(session, mapping_id,
                                          deleted=False)
            allowed = validity.check_update(current, changes, now=now)
            mapping = (storage.update_mapping(session, mapping_id,
                                              who=self.who(), **allowed)
                       if allowed else current)
        return mapping_to_wire(mapping)

    @validation.query({})
    @validation.path({'mapping_id': rules.path_id})
    def delete(self, mapping_id):
        self.authorize()
        with self.services.database.session() as session:
            storage.delete_mapping(session, mapping_id, who=self.who())
        return None, 204


# -- thresholds ------------------------------------------------------------

class Thresholds(_Hashmap):
    capabilities = {'GET': 'hashmap-thresholds:list',
                    'POST': 'hashmap-thresholds:create'}

    @validation.response(schemas.THRESHOLDS)
    @validation.query(schemas.LIST_THRESHOLDS_QUERY)
    def get(self, offset, limit, tenant_id, **filters):
        self.authorize()
        with self.services.database.reader() as connection:
            page = storage.list_thresholds(
                connection, offset=offset, limit=limit, tenant_id=tenant_id,
                filter_tenant=tenant_id is not None, **filters)
        return self.listing(page, threshold_to_wire, offset, limit)

    @validation.response(schemas.THRESHOLD)
    @validation.query({})
    @validation.body(schemas.THRESHOLD_BODY)
    def post(self, **attributes):
        self.authorize()
        with self.services.database.session() as session:
            threshold = storage.create_threshold(session, **attributes)
        return self.created(threshold_to_wire(threshold),
                            threshold.threshold_id)


class Threshold(_Hashmap):
    capabilities = {'GET': 'hashmap-thresholds:show',
                    'PATCH': 'hashmap-thresholds:update',
                    'DELETE': 'hashmap-thresholds:delete'}

    @validation.response(schemas.THRESHOLD)
    @validation.query({})
    @validation.path({'threshold_id': rules.path_id})
    def get(self, threshold_id):
        self.authorize()
        with self.services.database.reader() as connection:
            return threshold_to_wire(storage.get_threshold(connection,
                                                           threshold_id))

    @validation.response(schemas.THRESHOLD)
    @validation.query({})
    @validation.body(schemas.PATCH_THRESHOLD_BODY)
    @validation.path({'threshold_id': rules.path_id})
    def patch(self, threshold_id, **changes):
        self.authorize()
        with self.services.database.session() as session:
            threshold = storage.update_threshold(session, threshold_id,
                                                 **changes)
        return threshold_to_wire(threshold)

    @validation.query({})
    @validation.path({'threshold_id': rules.path_id})
    def delete(self, threshold_id):
        self.authorize()
        with self.services.database.session() as session:
            storage.delete_threshold(session, threshold_id)
        return None, 204


ROUTES = (
    ('/services', Services, 'hashmap_services'),
    ('/services/<service_id>', Service, 'hashmap_service'),
    ('/fields', Fields, 'hashmap_fields'),
    ('/fields/<field_id>', Field, 'hashmap_field'),
    ('/groups', Groups, 'hashmap_groups'),
    ('/groups/<group_id>', Group, 'hashmap_group'),
    ('/mappings', Mappings, 'hashmap_mappings'),
    ('/mappings/<mapping_id>', Mapping, 'hashmap_mapping'),
    ('/thresholds', Thresholds, 'hashmap_thresholds'),
    ('/thresholds/<threshold_id>', Threshold, 'hashmap_threshold'),
)
