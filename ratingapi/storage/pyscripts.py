"""Queries for the pyscripts rating module: its scripts, and the set of
scripts the engine runs.

A script is named by its public UUID (``script_id``).  Every change bumps
the module's revision in the same transaction, so each worker reloads its
scripts on its next request.  Deleting is soft: a deleted script keeps
its row (for the periods it priced) and is neither shown nor run.  The
checksum is the SHA-512 of the script's text, computed here.
"""
import dataclasses
import datetime
import hashlib

import sqlalchemy as sa

from ratingapi import exceptions
from ratingapi.rating import modules as registry
from ratingapi.storage import hashmap
from ratingapi.storage import models
from ratingapi.storage import modules

MODULE_ID = 'pyscripts'

_SCRIPTS = models.PyScript.__table__

now = hashmap.now
Page = hashmap.Page


@dataclasses.dataclass(frozen=True)
class Script:
    script_id: str
    name: str
    data: str
    checksum: str
    description: str | None
    created_at: datetime.datetime
    start: datetime.datetime
    end: datetime.datetime | None
    deleted: datetime.datetime | None
    created_by: str
    updated_by: str | None
    deleted_by: str | None


@dataclasses.dataclass(frozen=True)
class ScriptSet:
    """The live scripts (not deleted), in creation order, as of a
    revision of the module."""
    revision: int
    scripts: tuple  # of Script


def checksum(data: str) -> str:
    return hashlib.sha512(data.encode('utf-8')).hexdigest()


def _bump(session):
    module = registry.REGISTRY[MODULE_ID]
    modules.bump(session, MODULE_ID, default_enabled=module.default_enabled,
                 default_priority=module.default_priority)


def _select():
    return sa.select(*(_SCRIPTS.c[name] for name in (
        'script_id', 'name', 'data', 'checksum', 'description',
        'created_at', 'start', 'end', 'deleted', 'created_by', 'updated_by',
        'deleted_by')))


def _to_script(row):
    return Script(**row._mapping)


def _active_at(moment):
    s = _SCRIPTS.c
    return sa.and_(s.start <= moment,
                   sa.or_(s.end.is_(None), s.end > moment),
                   s.deleted.is_(None))


def list_scripts(executor, *, deleted=False, start=None, end=None,
                 created_by=None, updated_by=None, deleted_by=None,
                 description=None, is_active=None, offset=0, limit=None):
    """Scripts matching every given filter, in creation order.

    The filters are those of hashmap mappings (storage.hashmap): soft-
    deleted scripts only with ``deleted``, ``start``/``end`` keep those
    starting at or after ``start`` and ending before ``end``,
    ``is_active`` those in force now (False: the others), ``description``
    is a case-insensitive substring.
    """
    s = _SCRIPTS.c
    conditions = []
    if not deleted:
        conditions.append(s.deleted.is_(None))
    if start is not None:
        conditions.append(s.start >= start)
    if end is not None:
        conditions.append(s.end < end)
    for column, value in ((s.created_by, created_by),
                          (s.updated_by, updated_by),
                          (s.deleted_by, deleted_by)):
        if value is not None:
            conditions.append(column == value)
    if description is not None:
        conditions.append(sa.func.lower(s.description).contains(
            description.lower(), autoescape=True))
    if is_active is not None:
        active = _active_at(now())
        conditions.append(active if is_active else sa.not_(active))
    select = _select().where(*conditions)
    total = None
    if limit is not None:
        total = executor.execute(sa.select(sa.func.count()).select_from(
            select.subquery())).scalar_one()
        select = select.offset(offset).limit(limit)
    items = tuple(_to_script(row)
                  for row in executor.execute(select.order_by(s.id)))
    return Page(items=items, total=len(items) if total is None else total)


def no_such_script(script_id):
    return 'No such script: None (UUID: %s)' % script_id


def get_script(executor, script_id):
    """A live script; a deleted or unknown one is NotFound (as in
    CloudKitty, unlike hashmap mappings)."""
    row = executor.execute(_select().where(
        _SCRIPTS.c.script_id == script_id,
        _SCRIPTS.c.deleted.is_(None))).one_or_none()
    if row is None:
        raise exceptions.NotFound(no_such_script(script_id))
    return _to_script(row)


def _name_taken(session, name, exclude=None):
    s = _SCRIPTS.c
    conditions = [s.name == name, s.deleted.is_(None)]
    if exclude is not None:
        conditions.append(s.script_id != exclude)
    taken = session.execute(sa.select(s.script_id).where(
        *conditions).limit(1)).scalar_one_or_none()
    if taken is not None:
        raise exceptions.Conflict('Script %s already exists (UUID: %s)'
                                  % (name, taken))


def create_script(session, *, name, data, description=None, start,
                  end=None, who):
    """Store a new script in force from ``start`` until ``end`` (the
    caller has checked the dates: ratingapi.rating.validity)."""
    _name_taken(session, name)
    script_id = hashmap.new_id()
    session.execute(_SCRIPTS.insert().values(
        script_id=script_id, name=name, data=data, checksum=checksum(data),
        description=description, created_at=now(), start=start, end=end,
        created_by=who))
    _bump(session)
    return get_script(session, script_id)


UPDATABLE = ('name', 'data', 'description', 'start', 'end')


def update_script(session, script_id, *, who, **changes):
    """Apply ``changes`` (already allowed by ratingapi.rating.validity)
    to a live script; a new name must be free."""
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise ValueError('cannot update %s' % ', '.join(sorted(unknown)))
    get_script(session, script_id)
    if changes.get('name') is not None:
        _name_taken(session, changes['name'], exclude=script_id)
    values = dict(changes)
    if 'data' in values:
        values['checksum'] = checksum(values['data'])
    session.execute(sa.update(_SCRIPTS).where(
        _SCRIPTS.c.script_id == script_id).values(updated_by=who, **values))
    _bump(session)
    return get_script(session, script_id)


def delete_script(session, script_id, *, who):
    """Soft delete: the script stays for the periods it priced."""
    get_script(session, script_id)
    session.execute(
        sa.update(_SCRIPTS).where(_SCRIPTS.c.script_id == script_id)
        .values(deleted=now(), deleted_by=who))
    _bump(session)


def load_scripts(executor, revision: int) -> ScriptSet:
    """Every live script, in creation order (the order they run in)."""
    rows = executor.execute(_select().where(
        _SCRIPTS.c.deleted.is_(None)).order_by(_SCRIPTS.c.id))
    return ScriptSet(revision=revision,
                     scripts=tuple(_to_script(row) for row in rows))
