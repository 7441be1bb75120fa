"""Queries for the hashmap rating module: services, fields, groups,
mappings and thresholds, and the rule set the engine prices with.

Rows are named by their public UUIDs (``service_id``, ...); the integer
ids stay inside the database.  Every change bumps the module's revision
in the same transaction (``storage.modules.bump``), so each API worker
and processor reloads its compiled rules on its next request.

Errors carry CloudKitty's messages: an unknown id is NotFound, a parent
that does not exist is InvalidInput (the request names it), a duplicate
is Conflict.  ``who`` arguments are the caller's user id for the audit
columns.
"""
import dataclasses
import datetime
import decimal
import uuid

import sqlalchemy as sa

from ratingapi import exceptions
from ratingapi.rating import hashmap as engine
from ratingapi.rating import modules as registry
from ratingapi.storage import models
from ratingapi.storage import modules

MODULE_ID = 'hashmap'

_SERVICES = models.HashMapService.__table__
_FIELDS = models.HashMapField.__table__
_GROUPS = models.HashMapGroup.__table__
_MAPPINGS = models.HashMapMapping.__table__
_THRESHOLDS = models.HashMapThreshold.__table__


@dataclasses.dataclass(frozen=True)
class Service:
    service_id: str
    name: str


@dataclasses.dataclass(frozen=True)
class Field:
    field_id: str
    name: str
    service_id: str


@dataclasses.dataclass(frozen=True)
class Group:
    group_id: str
    name: str


@dataclasses.dataclass(frozen=True)
class Mapping:
    mapping_id: str
    value: str | None
    type: str
    cost: decimal.Decimal
    service_id: str | None
    field_id: str | None
    group_id: str | None
    tenant_id: str | None
    name: str
    description: str | None
    created_at: datetime.datetime
    start: datetime.datetime
    end: datetime.datetime | None
    deleted: datetime.datetime | None
    created_by: str
    updated_by: str | None
    deleted_by: str | None


@dataclasses.dataclass(frozen=True)
class Threshold:
    threshold_id: str
    level: decimal.Decimal
    type: str
    cost: decimal.Decimal
    service_id: str | None
    field_id: str | None
    group_id: str | None
    tenant_id: str | None


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of a listing and the number of rows of all pages."""
    items: tuple
    total: int


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def new_id():
    return str(uuid.uuid4())


def _page(executor, select, order, offset, limit, to_item):
    total = None
    if limit is not None:
        total = executor.execute(sa.select(sa.func.count()).select_from(
            select.order_by(None).subquery())).scalar_one()
        select = select.offset(offset).limit(limit)
    items = tuple(to_item(row) for row in executor.execute(
        select.order_by(order)))
    return Page(items=items, total=len(items) if total is None else total)


def _one(executor, select, to_item):
    row = executor.execute(select).one_or_none()
    return None if row is None else to_item(row)


def _internal_id(executor, table, column, public_id):
    return executor.execute(sa.select(table.c.id).where(
        column == public_id)).scalar_one_or_none()


def _bump(session):
    module = registry.REGISTRY[MODULE_ID]
    modules.bump(session, MODULE_ID, default_enabled=module.default_enabled,
                 default_priority=module.default_priority)


def _require(found, message):
    if found is None:
        raise exceptions.NotFound(message)
    return found


# -- services ------------------------------------------------------------

def _service_select():
    return sa.select(_SERVICES.c.service_id, _SERVICES.c.name)


def _to_service(row):
    return Service(service_id=row.service_id, name=row.name)


def list_services(executor, *, offset=0, limit=None):
    return _page(executor, _service_select(), _SERVICES.c.id, offset, limit,
                 _to_service)


def no_such_service(service_id):
    return 'No such service: None (UUID: %s)' % service_id


def get_service(executor, service_id):
    return _require(_one(executor, _service_select().where(
        _SERVICES.c.service_id == service_id), _to_service),
        no_such_service(service_id))


def _name_taken(session, name_column, id_column, name, noun, own=None):
    """409 if another object than ``own`` has ``name``: renaming an
    object to its own name is no conflict."""
    taken = session.execute(sa.select(id_column).where(
        name_column == name)).scalar_one_or_none()
    if taken is not None and taken != own:
        raise exceptions.Conflict('%s %s already exists (UUID: %s)'
                                  % (noun, name, taken))


def create_service(session, *, name):
    _name_taken(session, _SERVICES.c.name, _SERVICES.c.service_id, name,
                'Service')
    service_id = new_id()
    session.execute(_SERVICES.insert().values(service_id=service_id,
                                              name=name))
    _bump(session)
    return get_service(session, service_id)


def update_service(session, service_id, *, name):
    get_service(session, service_id)
    _name_taken(session, _SERVICES.c.name, _SERVICES.c.service_id, name,
                'Service', own=service_id)
    session.execute(sa.update(_SERVICES).where(
        _SERVICES.c.service_id == service_id).values(name=name))
    _bump(session)
    return get_service(session, service_id)


def delete_service(session, service_id):
    """Delete a service and, by cascade, its fields and every rule."""
    get_service(session, service_id)
    session.execute(sa.delete(_SERVICES).where(
        _SERVICES.c.service_id == service_id))
    _bump(session)


# -- fields --------------------------------------------------------------

def _field_select():
    return sa.select(_FIELDS.c.field_id, _FIELDS.c.name,
                     _SERVICES.c.service_id).join(
        _SERVICES, _FIELDS.c.service_id == _SERVICES.c.id)


def _to_field(row):
    return Field(field_id=row.field_id, name=row.name,
                 service_id=row.service_id)


def list_fields(executor, *, service_id=None, offset=0, limit=None):
    select = _field_select()
    if service_id is not None:
        select = select.where(_SERVICES.c.service_id == service_id)
    return _page(executor, select, _FIELDS.c.id, offset, limit, _to_field)


def no_such_field(field_id):
    return 'No such field: %s' % field_id


def get_field(executor, field_id):
    return _require(_one(executor, _field_select().where(
        _FIELDS.c.field_id == field_id), _to_field), no_such_field(field_id))


def _field_name_taken(session, service, name, own=None):
    taken = session.execute(sa.select(_FIELDS.c.field_id).where(
        _FIELDS.c.service_id == service, _FIELDS.c.name == name)
    ).scalar_one_or_none()
    if taken is not None and taken != own:
        raise exceptions.Conflict('Field %s already exists (UUID: %s)'
                                  % (name, taken))


def create_field(session, *, service_id, name):
    service = _internal_id(session, _SERVICES, _SERVICES.c.service_id,
                           service_id)
    if service is None:
        raise exceptions.InvalidInput(no_such_service(service_id),
                                      parameter='service_id')
    _field_name_taken(session, service, name)
    field_id = new_id()
    session.execute(_FIELDS.insert().values(field_id=field_id,
                                            service_id=service, name=name))
    _bump(session)
    return get_field(session, field_id)


def update_field(session, field_id, *, name):
    get_field(session, field_id)
    service = session.execute(sa.select(_FIELDS.c.service_id).where(
        _FIELDS.c.field_id == field_id)).scalar_one()
    _field_name_taken(session, service, name, own=field_id)
    session.execute(sa.update(_FIELDS).where(
        _FIELDS.c.field_id == field_id).values(name=name))
    _bump(session)
    return get_field(session, field_id)


def delete_field(session, field_id):
    """Delete a field and, by cascade, its rules."""
    get_field(session, field_id)
    session.execute(sa.delete(_FIELDS).where(_FIELDS.c.field_id == field_id))
    _bump(session)


# -- groups --------------------------------------------------------------

def _group_select():
    return sa.select(_GROUPS.c.group_id, _GROUPS.c.name)


def _to_group(row):
    return Group(group_id=row.group_id, name=row.name)


def list_groups(executor, *, offset=0, limit=None):
    return _page(executor, _group_select(), _GROUPS.c.id, offset, limit,
                 _to_group)


def no_such_group(group_id):
    return 'No such group: None (UUID: %s)' % group_id


def get_group(executor, group_id):
    return _require(_one(executor, _group_select().where(
        _GROUPS.c.group_id == group_id), _to_group), no_such_group(group_id))


def create_group(session, *, name):
    _name_taken(session, _GROUPS.c.name, _GROUPS.c.group_id, name, 'Group')
    group_id = new_id()
    session.execute(_GROUPS.insert().values(group_id=group_id, name=name))
    _bump(session)
    return get_group(session, group_id)


def update_group(session, group_id, *, name):
    get_group(session, group_id)
    _name_taken(session, _GROUPS.c.name, _GROUPS.c.group_id, name, 'Group',
                own=group_id)
    session.execute(sa.update(_GROUPS).where(
        _GROUPS.c.group_id == group_id).values(name=name))
    _bump(session)
    return get_group(session, group_id)


def delete_group(session, group_id, *, recursive):
    """Delete a group; ``recursive`` deletes its mappings (history too)
    and thresholds, otherwise they stay, in no group."""
    get_group(session, group_id)
    group = _internal_id(session, _GROUPS, _GROUPS.c.group_id, group_id)
    if recursive:
        for table in (_MAPPINGS, _THRESHOLDS):
            session.execute(sa.delete(table).where(
                table.c.group_id == group))
    session.execute(sa.delete(_GROUPS).where(_GROUPS.c.id == group))
    _bump(session)


# -- what mappings and thresholds share ------------------------------------

_S = _SERVICES.alias('s')
_F = _FIELDS.alias('f')
_G = _GROUPS.alias('g')


def _rule_select(table, *columns):
    return sa.select(
        *columns, _S.c.service_id.label('public_service_id'),
        _F.c.field_id.label('public_field_id'),
        _G.c.group_id.label('public_group_id'),
    ).select_from(
        table.outerjoin(_S, table.c.service_id == _S.c.id)
        .outerjoin(_F, table.c.field_id == _F.c.id)
        .outerjoin(_G, table.c.group_id == _G.c.id))


def _parents(session, *, service_id, field_id, group_id):
    """Internal ids of a rule's parents: exactly one of service and
    field, and an optional group; unknown ones are a 400."""
    if service_id is not None and field_id is not None:
        raise exceptions.InvalidInput('You can only specify one parent.')
    if service_id is None and field_id is None:
        raise exceptions.InvalidInput('You must specify one parent.')
    found = {'service_id': None, 'field_id': None, 'group_id': None}
    for name, table, column, public, message in (
            ('service_id', _SERVICES, _SERVICES.c.service_id, service_id,
             no_such_service),
            ('field_id', _FIELDS, _FIELDS.c.field_id, field_id,
             no_such_field),
            ('group_id', _GROUPS, _GROUPS.c.group_id, group_id,
             no_such_group)):
        if public is not None:
            found[name] = _internal_id(session, table, column, public)
            if found[name] is None:
                raise exceptions.InvalidInput(message(public),
                                              parameter=name)
    return found


def _group_filter(table, group_id, no_group):
    if no_group:
        return [table.c.group_id.is_(None)]
    if group_id is not None:
        return [_G.c.group_id == group_id]
    return []


def _tenant_filter(table, tenant_id, filter_tenant):
    # CloudKitty's rule: tenants are filtered only when asked, and then
    # no tenant_id means the global rules.
    if not filter_tenant:
        return []
    if tenant_id is None:
        return [table.c.tenant_id.is_(None)]
    return [table.c.tenant_id == tenant_id]


# -- mappings ------------------------------------------------------------

def _mapping_select():
    m = _MAPPINGS.c
    return _rule_select(
        _MAPPINGS, m.mapping_id, m.value, m.map_type, m.cost, m.tenant_id,
        m.name, m.description, m.created_at, m.start, m.end, m.deleted,
        m.created_by, m.updated_by, m.deleted_by)


def _to_mapping(row):
    return Mapping(
        mapping_id=row.mapping_id, value=row.value, type=row.map_type,
        cost=row.cost, service_id=row.public_service_id,
        field_id=row.public_field_id, group_id=row.public_group_id,
        tenant_id=row.tenant_id, name=row.name, description=row.description,
        created_at=row.created_at, start=row.start, end=row.end,
        deleted=row.deleted, created_by=row.created_by,
        updated_by=row.updated_by, deleted_by=row.deleted_by)


def _active_at(moment):
    m = _MAPPINGS.c
    return sa.and_(m.start <= moment,
                   sa.or_(m.end.is_(None), m.end > moment),
                   m.deleted.is_(None))


def list_mappings(executor, *, service_id=None, field_id=None,
                  group_id=None, no_group=False, tenant_id=None,
                  filter_tenant=False, deleted=False, start=None, end=None,
                  created_by=None, updated_by=None, deleted_by=None,
                  description=None, is_active=None, offset=0, limit=None):
    """Mappings matching every given filter, in creation order.

    ``deleted`` includes soft-deleted mappings; ``start``/``end`` keep
    those starting at or after ``start`` and ending before ``end``;
    ``is_active`` keeps those in force now (or, False, the others);
    ``description`` is a case-insensitive substring.
    """
    m = _MAPPINGS.c
    conditions = []
    if service_id is not None:
        conditions.append(_S.c.service_id == service_id)
    if field_id is not None:
        conditions.append(_F.c.field_id == field_id)
    conditions += _group_filter(_MAPPINGS, group_id, no_group)
    conditions += _tenant_filter(_MAPPINGS, tenant_id, filter_tenant)
    if not deleted:
        conditions.append(m.deleted.is_(None))
    if start is not None:
        conditions.append(m.start >= start)
    if end is not None:
        conditions.append(m.end < end)
    for column, value in ((m.created_by, created_by),
                          (m.updated_by, updated_by),
                          (m.deleted_by, deleted_by)):
        if value is not None:
            conditions.append(column == value)
    if description is not None:
        conditions.append(sa.func.lower(m.description).contains(
            description.lower(), autoescape=True))
    if is_active is not None:
        active = _active_at(now())
        conditions.append(active if is_active else sa.not_(active))
    return _page(executor, _mapping_select().where(*conditions), m.id,
                 offset, limit, _to_mapping)


def no_such_mapping(mapping_id):
    return 'No such mapping: %s' % mapping_id


def get_mapping(executor, mapping_id, *, deleted=True):
    """A mapping, soft-deleted ones included unless ``deleted`` is
    False (CloudKitty shows them, but never lets them change)."""
    select = _mapping_select().where(_MAPPINGS.c.mapping_id == mapping_id)
    if not deleted:
        select = select.where(_MAPPINGS.c.deleted.is_(None))
    return _require(_one(executor, select, _to_mapping),
                    no_such_mapping(mapping_id))


def _overlapping(start, end):
    """Half-open periods [start, end) that meet the stored ones."""
    m = _MAPPINGS.c
    conditions = [sa.or_(m.end.is_(None), m.end > start)]
    if end is not None:
        conditions.append(m.start < end)
    return conditions


def _mapping_conflict(session, *, parents, value, tenant_id, name, start,
                      end, exclude=None):
    m = _MAPPINGS.c
    live = [m.deleted.is_(None)]
    if exclude is not None:
        live.append(m.mapping_id != exclude)
    if name is not None:
        taken = session.execute(sa.select(m.mapping_id).where(
            m.name == name, *live)).scalar_one_or_none()
        if taken is not None:
            raise exceptions.Conflict(
                "Mapping named '%s' already exists (UUID: %s)"
                % (name, taken))
    same = [
        m.service_id.is_(None) if parents['service_id'] is None
        else m.service_id == parents['service_id'],
        m.field_id.is_(None) if parents['field_id'] is None
        else m.field_id == parents['field_id'],
        m.group_id.is_(None) if parents['group_id'] is None
        else m.group_id == parents['group_id'],
        m.tenant_id.is_(None) if tenant_id is None
        else m.tenant_id == tenant_id,
        m.value.is_(None) if value is None else m.value == value,
    ]
    clash = session.execute(sa.select(m.mapping_id).where(
        *live, *same, *_overlapping(start, end)).limit(1)
    ).scalar_one_or_none()
    if clash is not None:
        parent = ('field', parents['public_field_id'])
        if parents['field_id'] is None:
            parent = ('service', parents['public_service_id'])
        raise exceptions.Conflict(
            "Mapping '%s' already exists for %s '%s', tenant: '%s' "
            "(UUID: %s, in force in an overlapping period)"
            % (value, parent[0], parent[1], tenant_id, clash))


def _check_mapping_parent(parents, value):
    if parents['service_id'] is not None and value:
        raise exceptions.InvalidInput(
            "You can't specify a value and a service_id.",
            parameter='value')
    if parents['field_id'] is not None and not value:
        raise exceptions.InvalidInput(
            'You must specify a value for a field mapping.',
            parameter='value')


def create_mapping(session, *, cost, type, service_id=None, field_id=None,
                   group_id=None, tenant_id=None, value=None, name=None,
                   description=None, start, end=None, who):
    """Store a new mapping in force from ``start`` until ``end``.

    The caller has checked the dates (ratingapi.rating.validity).  A
    mapping clashes with a live one of the same name, or of the same
    parent, group, tenant and value whose period overlaps: Conflict.
    """
    parents = _parents(session, service_id=service_id, field_id=field_id,
                       group_id=group_id)
    parents.update(public_service_id=service_id, public_field_id=field_id)
    value = value or None
    _check_mapping_parent(parents, value)
    name = name or uuid.uuid4().hex
    _mapping_conflict(session, parents=parents, value=value,
                      tenant_id=tenant_id, name=name, start=start, end=end)
    mapping_id = new_id()
    session.execute(_MAPPINGS.insert().values(
        mapping_id=mapping_id, value=value, cost=cost, map_type=type,
        service_id=parents['service_id'], field_id=parents['field_id'],
        group_id=parents['group_id'], tenant_id=tenant_id, name=name,
        description=description, created_at=now(), start=start, end=end,
        created_by=who))
    _bump(session)
    return get_mapping(session, mapping_id)


def update_mapping(session, mapping_id, *, who, **changes):
    """Apply ``changes`` (already allowed by ratingapi.rating.validity)
    to a live mapping; a value, group or tenant change is checked for
    conflicts as a new mapping would be."""
    current = get_mapping(session, mapping_id, deleted=False)
    merged = {key: getattr(current, key) for key in (
        'value', 'group_id', 'tenant_id', 'start', 'end')}
    merged.update({key: value for key, value in changes.items()
                   if key in merged})
    parents = _parents(session, service_id=current.service_id,
                       field_id=current.field_id,
                       group_id=merged['group_id'])
    parents.update(public_service_id=current.service_id,
                   public_field_id=current.field_id)
    merged['value'] = merged['value'] or None
    _check_mapping_parent(parents, merged['value'])
    _mapping_conflict(session, parents=parents, value=merged['value'],
                      tenant_id=merged['tenant_id'], name=None,
                      start=merged['start'], end=merged['end'],
                      exclude=mapping_id)
    values = {key: value for key, value in changes.items()
              if key in ('cost', 'start', 'end', 'description', 'value',
                         'tenant_id')}
    if 'value' in values:
        values['value'] = values['value'] or None
    if 'type' in changes:
        values['map_type'] = changes['type']
    if 'group_id' in changes:
        values['group_id'] = parents['group_id']
    session.execute(
        sa.update(_MAPPINGS).where(_MAPPINGS.c.mapping_id == mapping_id)
        .values(updated_by=who, **values))
    _bump(session)
    return get_mapping(session, mapping_id)


def delete_mapping(session, mapping_id, *, who):
    """Soft delete: the mapping stays for the periods it priced."""
    get_mapping(session, mapping_id, deleted=False)
    session.execute(
        sa.update(_MAPPINGS).where(_MAPPINGS.c.mapping_id == mapping_id)
        .values(deleted=now(), deleted_by=who))
    _bump(session)


def mapping_group(executor, mapping_id):
    mapping = get_mapping(executor, mapping_id)
    if mapping.group_id is None:
        raise exceptions.NotFound('Mapping has no group (UUID: %s)'
                                  % mapping_id)
    return get_group(executor, mapping.group_id)


# -- thresholds ----------------------------------------------------------

def _threshold_select():
    t = _THRESHOLDS.c
    return _rule_select(_THRESHOLDS, t.threshold_id, t.level, t.map_type,
                        t.cost, t.tenant_id)


def _to_threshold(row):
    return Threshold(
        threshold_id=row.threshold_id, level=row.level, type=row.map_type,
        cost=row.cost, service_id=row.public_service_id,
        field_id=row.public_field_id, group_id=row.public_group_id,
        tenant_id=row.tenant_id)


def list_thresholds(executor, *, service_id=None, field_id=None,
                    group_id=None, no_group=False, tenant_id=None,
                    filter_tenant=False, offset=0, limit=None):
    conditions = []
    if service_id is not None:
        conditions.append(_S.c.service_id == service_id)
    if field_id is not None:
        conditions.append(_F.c.field_id == field_id)
    conditions += _group_filter(_THRESHOLDS, group_id, no_group)
    conditions += _tenant_filter(_THRESHOLDS, tenant_id, filter_tenant)
    return _page(executor, _threshold_select().where(*conditions),
                 _THRESHOLDS.c.id, offset, limit, _to_threshold)


def no_such_threshold(threshold_id):
    return 'No such threshold: %s' % threshold_id


def get_threshold(executor, threshold_id):
    return _require(_one(executor, _threshold_select().where(
        _THRESHOLDS.c.threshold_id == threshold_id), _to_threshold),
        no_such_threshold(threshold_id))


def _threshold_conflict(session, parents, level, tenant_id, exclude=None):
    t = _THRESHOLDS.c
    parent_column, parent, kind, public = (
        (t.service_id, parents['service_id'], 'service',
         parents['public_service_id'])
        if parents['service_id'] is not None else
        (t.field_id, parents['field_id'], 'field',
         parents['public_field_id']))
    conditions = [parent_column == parent, t.level == level,
                  t.tenant_id.is_(None) if tenant_id is None
                  else t.tenant_id == tenant_id]
    if exclude is not None:
        conditions.append(t.threshold_id != exclude)
    clash = session.execute(sa.select(t.threshold_id).where(
        *conditions)).scalar_one_or_none()
    if clash is not None:
        raise exceptions.Conflict(
            "Threshold '%s' already exists for %s '%s', tenant: '%s' "
            "(UUID: %s)" % (level, kind, public, tenant_id, clash))


def create_threshold(session, *, level, cost, type, service_id=None,
                     field_id=None, group_id=None, tenant_id=None):
    parents = _parents(session, service_id=service_id, field_id=field_id,
                       group_id=group_id)
    parents.update(public_service_id=service_id, public_field_id=field_id)
    _threshold_conflict(session, parents, level, tenant_id)
    threshold_id = new_id()
    session.execute(_THRESHOLDS.insert().values(
        threshold_id=threshold_id, level=level, cost=cost, map_type=type,
        service_id=parents['service_id'], field_id=parents['field_id'],
        group_id=parents['group_id'], tenant_id=tenant_id))
    _bump(session)
    return get_threshold(session, threshold_id)


def update_threshold(session, threshold_id, **changes):
    """Change level, cost, type, group or tenant; the parent stays."""
    current = get_threshold(session, threshold_id)
    merged = {key: getattr(current, key)
              for key in ('level', 'group_id', 'tenant_id')}
    merged.update({key: value for key, value in changes.items()
                   if key in merged})
    parents = _parents(session, service_id=current.service_id,
                       field_id=current.field_id,
                       group_id=merged['group_id'])
    parents.update(public_service_id=current.service_id,
                   public_field_id=current.field_id)
    _threshold_conflict(session, parents, merged['level'],
                        merged['tenant_id'], exclude=threshold_id)
    values = {key: value for key, value in changes.items()
              if key in ('level', 'cost', 'tenant_id')}
    if 'type' in changes:
        values['map_type'] = changes['type']
    if 'group_id' in changes:
        values['group_id'] = parents['group_id']
    if values:
        session.execute(sa.update(_THRESHOLDS).where(
            _THRESHOLDS.c.threshold_id == threshold_id).values(**values))
        _bump(session)
    return get_threshold(session, threshold_id)


def delete_threshold(session, threshold_id):
    get_threshold(session, threshold_id)
    session.execute(sa.delete(_THRESHOLDS).where(
        _THRESHOLDS.c.threshold_id == threshold_id))
    _bump(session)


def threshold_group(executor, threshold_id):
    threshold = get_threshold(executor, threshold_id)
    if threshold.group_id is None:
        raise exceptions.NotFound('Threshold has no group (UUID: %s)'
                                  % threshold_id)
    return get_group(executor, threshold.group_id)


# -- the rule set the engine prices with ----------------------------------

def _names(executor, table, column):
    return dict(executor.execute(sa.select(table.c.id, column)).all())


def load_rules(executor, revision: int) -> engine.RuleSet:
    """Every live mapping and every threshold, by name, in id order (the
    engine's "last loaded wins" is then the most recently created)."""
    services = _names(executor, _SERVICES, _SERVICES.c.name)
    groups = _names(executor, _GROUPS, _GROUPS.c.name)
    fields = {row.id: (services[row.service_id], row.name)
              for row in executor.execute(sa.select(
                  _FIELDS.c.id, _FIELDS.c.service_id, _FIELDS.c.name))}

    def parent(row):
        if row.service_id is not None:
            return services[row.service_id], None
        return fields[row.field_id]

    m = _MAPPINGS.c
    mappings = []
    for row in executor.execute(sa.select(
            m.service_id, m.field_id, m.group_id, m.value, m.map_type,
            m.cost, m.tenant_id, m.start, m.end).where(
            m.deleted.is_(None)).order_by(m.id)):
        service, field = parent(row)
        mappings.append(engine.Mapping(
            service=service, field=field, value=row.value,
            type=row.map_type, cost=row.cost,
            group=groups.get(row.group_id), tenant_id=row.tenant_id,
            start=row.start, end=row.end))
    t = _THRESHOLDS.c
    thresholds = []
    for row in executor.execute(sa.select(
            t.service_id, t.field_id, t.group_id, t.level, t.map_type,
            t.cost, t.tenant_id).order_by(t.id)):
        service, field = parent(row)
        thresholds.append(engine.Threshold(
            service=service, field=field, level=row.level,
            type=row.map_type, cost=row.cost,
            group=groups.get(row.group_id), tenant_id=row.tenant_id))
    return engine.RuleSet(revision=revision, mappings=tuple(mappings),
                          thresholds=tuple(thresholds))
