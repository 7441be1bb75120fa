"""Queries for reprocessing tasks: requests to rate a scope's past again.

A task covers ``[start_reprocess_time, end_reprocess_time)`` of one scope;
``current_reprocess_time`` is how far the processor got (None: not
started).  A task is finished once its current time reaches its end.
"""
from collections.abc import Collection, Sequence
import dataclasses
import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from ratingapi.storage import models

_TASKS = models.ReprocessTask.__table__
_SCOPES = models.ScopeState.__table__

ASC = 'asc'
DESC = 'desc'
ORDERS = (ASC, DESC)


@dataclasses.dataclass(frozen=True)
class Task:
    scope_id: str
    reason: str
    start_reprocess_time: datetime.datetime
    end_reprocess_time: datetime.datetime
    current_reprocess_time: datetime.datetime | None
    created_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of a listing and the number of rows of all pages."""
    tasks: tuple[Task, ...]
    total: int


class Rejected(Exception):
    """The tasks asked for cannot be scheduled; nothing was stored."""


class NoScopes(Rejected):
    """Every active scope was asked for, and there is none."""


class UnknownScopes(Rejected):
    """Scopes that do not exist, or are not active."""

    def __init__(self, scope_ids):
        super().__init__(scope_ids)
        self.scope_ids = tuple(scope_ids)


class NotProcessed(Rejected):
    """Scopes not yet processed up to the end of the period.

    ``scopes`` holds ``(scope_id, last_processed_timestamp)`` pairs; the
    timestamp is None for a scope never processed.
    """

    def __init__(self, scopes):
        super().__init__(scopes)
        self.scopes = tuple(scopes)


class Overlapping(Rejected):
    """Unfinished tasks of the same scopes that overlap the period."""

    def __init__(self, tasks):
        super().__init__(tasks)
        self.tasks = tuple(tasks)


def _select():
    return sa.select(
        _TASKS.c.scope_id, _TASKS.c.reason, _TASKS.c.start_reprocess_time,
        _TASKS.c.end_reprocess_time, _TASKS.c.current_reprocess_time,
        _TASKS.c.created_at)


def _to_task(row):
    return Task(scope_id=row.scope_id, reason=row.reason,
                start_reprocess_time=row.start_reprocess_time,
                end_reprocess_time=row.end_reprocess_time,
                current_reprocess_time=row.current_reprocess_time,
                created_at=row.created_at)


def list_tasks(session: orm.Session, *, offset: int, limit: int,
               order: str,
               scope_ids: Collection[str] | None = None) -> Page:
    """Tasks (finished ones included) by creation order, ``asc`` or
    ``desc``, of the given scopes (None: of every scope)."""
    if order not in ORDERS:
        raise ValueError('order must be one of %s, not %r' % (ORDERS, order))
    conditions = []
    if scope_ids is not None:
        conditions.append(_TASKS.c.scope_id.in_(sorted(set(scope_ids))))
    total = session.execute(
        sa.select(sa.func.count()).select_from(_TASKS).where(*conditions)
    ).scalar_one()
    key = _TASKS.c.id.asc() if order == ASC else _TASKS.c.id.desc()
    rows = session.execute(
        _select().where(*conditions).order_by(key)
        .offset(offset).limit(limit))
    return Page(tasks=tuple(_to_task(row) for row in rows), total=total)


def _lock_scopes(session, selection):
    # A no-op write on the scopes concerned: PostgreSQL locks their rows,
    # SQLite takes its database write lock.  Concurrent creations for the
    # same scopes therefore check for overlaps one after the other.
    session.execute(sa.update(_SCOPES).where(*selection)
                    .values(active=_SCOPES.c.active))


def create(session: orm.Session, *, start: datetime.datetime,
           end: datetime.datetime, reason: str,
           scope_ids: Sequence[str] | None = None,
           among: Collection[str] | None = None) -> tuple[Task, ...]:
    """Schedule one task per scope for ``[start, end)``; all or nothing.

    ``scope_ids`` names the scopes; None means every active scope.
    ``among``, when given, is every scope the caller may name: any other
    counts as unknown.  Each scope must exist, be active and have been
    processed up to ``end``, and must have no unfinished task overlapping
    the period; otherwise a :class:`Rejected` error says why and nothing
    is stored.  ``start < end`` is the caller's to check.
    """
    selection = [_SCOPES.c.active.is_(True)]
    if scope_ids is not None:
        scope_ids = list(dict.fromkeys(scope_ids))
        selection.append(_SCOPES.c.scope_id.in_(scope_ids))
    if among is not None:
        selection.append(_SCOPES.c.scope_id.in_(sorted(set(among))))
    _lock_scopes(session, selection)
    rows = session.execute(
        sa.select(_SCOPES.c.scope_id, _SCOPES.c.last_processed_timestamp)
        .where(*selection).order_by(_SCOPES.c.id)).all()
    processed = {row.scope_id: row.last_processed_timestamp for row in rows}
    if scope_ids is None:
        if not rows:
            raise NoScopes()
        scope_ids = [row.scope_id for row in rows]
    unknown = [scope_id for scope_id in scope_ids
               if scope_id not in processed]
    if unknown:
        raise UnknownScopes(unknown)
    behind = [(scope_id, processed[scope_id]) for scope_id in scope_ids
              if processed[scope_id] is None or processed[scope_id] < end]
    if behind:
        raise NotProcessed(behind)
    overlapping = session.execute(
        _select().where(
            _TASKS.c.scope_id.in_(scope_ids),
            sa.or_(_TASKS.c.current_reprocess_time.is_(None),
                   _TASKS.c.current_reprocess_time
                   < _TASKS.c.end_reprocess_time),
            _TASKS.c.start_reprocess_time < end,
            _TASKS.c.end_reprocess_time > start)
        .order_by(_TASKS.c.id)).all()
    if overlapping:
        raise Overlapping(_to_task(row) for row in overlapping)
    now = datetime.datetime.now(datetime.timezone.utc)
    tasks = tuple(Task(scope_id=scope_id, reason=reason,
                       start_reprocess_time=start, end_reprocess_time=end,
                       current_reprocess_time=None, created_at=now)
                  for scope_id in scope_ids)
    session.execute(sa.insert(_TASKS), [
        dataclasses.asdict(task) for task in tasks])
    return tasks
