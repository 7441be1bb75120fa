"""Queries for the state of the rating modules (enabled, priority)."""
import dataclasses
import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from ratingapi import storage
from ratingapi.storage import models

_TABLE = models.ModuleState.__table__


@dataclasses.dataclass(frozen=True)
class ModuleState:
    module_id: str
    enabled: bool
    priority: int
    revision: int = 0


def _select():
    return sa.select(_TABLE.c.module_id, _TABLE.c.enabled, _TABLE.c.priority,
                     _TABLE.c.revision)


def _to_state(row):
    return ModuleState(module_id=row.module_id, enabled=row.enabled,
                       priority=row.priority, revision=row.revision)


def get_all(session: orm.Session) -> dict[str, ModuleState]:
    """Return the stored module states, keyed by module id."""
    rows = session.execute(_select().order_by(_TABLE.c.module_id))
    return {row.module_id: _to_state(row) for row in rows}


def get(session: orm.Session, module_id: str) -> ModuleState | None:
    """Return the stored state of ``module_id``, or None."""
    row = session.execute(
        _select().where(_TABLE.c.module_id == module_id)).one_or_none()
    return None if row is None else _to_state(row)


def _ensure(session, module_id, default_enabled, default_priority):
    """Give ``module_id`` a row (its defaults) unless it has one; a
    concurrent insert wins without an error.  Return the time."""
    now = datetime.datetime.now(datetime.timezone.utc)
    session.execute(
        storage.insert_for(session, _TABLE)
        .values(module_id=module_id, enabled=default_enabled,
                priority=default_priority, updated_at=now)
        .on_conflict_do_nothing(index_elements=[_TABLE.c.module_id]))
    return now


def bump(session: orm.Session, module_id: str, *, default_enabled: bool,
         default_priority: int) -> None:
    """Advance the revision of ``module_id``'s rules.

    Called in the transaction that changes them, so a reader that sees
    the new rules also sees the new revision; on PostgreSQL the row lock
    orders concurrent writers.
    """
    _ensure(session, module_id, default_enabled, default_priority)
    session.execute(
        sa.update(_TABLE).where(_TABLE.c.module_id == module_id)
        .values(revision=_TABLE.c.revision + 1))


def set(session: orm.Session, module_id: str, *,
        enabled: bool | None = None, priority: int | None = None,
        default_enabled: bool, default_priority: int) -> ModuleState:
    """Store the state of ``module_id`` and return it.

    A module without a row starts from the defaults; a None value leaves
    its field as it is.  Two processes may do this at once: the insert
    gives way to a concurrent one instead of failing, then the update
    applies on top of whichever row won.
    """
    now = _ensure(session, module_id, default_enabled, default_priority)
    changes = {name: value
               for name, value in (('enabled', enabled),
                                   ('priority', priority))
               if value is not None}
    if changes:
        session.execute(
            sa.update(_TABLE)
            .where(_TABLE.c.module_id == module_id)
            .values(updated_at=now, **changes))
    return get(session, module_id)
