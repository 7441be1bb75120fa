"""Queries for scope states: which scopes exist and how far each is rated.

A scope (a project, usually) is identified by ``scope_id``, unique in the
table.  Filters, ordering (by row id, i.e. creation order) and pagination
all run in SQL.  A filter argument of None means "no filter"; an empty
collection matches nothing.
"""
from collections.abc import Collection
import dataclasses
import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from ratingapi import storage
from ratingapi.storage import models

_TABLE = models.ScopeState.__table__


@dataclasses.dataclass(frozen=True)
class Scope:
    scope_id: str
    scope_key: str
    fetcher: str
    collector: str
    active: bool
    last_processed_timestamp: datetime.datetime | None
    scope_activation_toggle_date: datetime.datetime | None


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of a listing and the number of rows of all pages."""
    scopes: tuple[Scope, ...]
    total: int


class ScopeExists(Exception):
    """A scope with this ``scope_id`` is already stored."""

    def __init__(self, scope_id):
        super().__init__(scope_id)
        self.scope_id = scope_id


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _select():
    return sa.select(
        _TABLE.c.scope_id, _TABLE.c.scope_key, _TABLE.c.fetcher,
        _TABLE.c.collector, _TABLE.c.active,
        _TABLE.c.last_processed_timestamp,
        _TABLE.c.scope_activation_toggle_date)


def _to_scope(row):
    return Scope(scope_id=row.scope_id, scope_key=row.scope_key,
                 fetcher=row.fetcher, collector=row.collector,
                 active=row.active,
                 last_processed_timestamp=row.last_processed_timestamp,
                 scope_activation_toggle_date=(
                     row.scope_activation_toggle_date))


def _conditions(scope_ids, scope_keys, fetchers, collectors, active):
    conditions = []
    for column, values in ((_TABLE.c.scope_id, scope_ids),
                           (_TABLE.c.scope_key, scope_keys),
                           (_TABLE.c.fetcher, fetchers),
                           (_TABLE.c.collector, collectors),
                           (_TABLE.c.active, active)):
        if values is not None:
            conditions.append(column.in_(sorted(set(values))))
    return conditions


def list_scopes(session: orm.Session, *, offset: int, limit: int,
                scope_ids: Collection[str] | None = None,
                scope_keys: Collection[str] | None = None,
                fetchers: Collection[str] | None = None,
                collectors: Collection[str] | None = None,
                active: Collection[bool] | None = None) -> Page:
    """The scopes matching every given filter, in creation order.

    Each filter holds the accepted values of its column (any of them
    matches).
    """
    conditions = _conditions(scope_ids, scope_keys, fetchers, collectors,
                             active)
    total = session.execute(
        sa.select(sa.func.count()).select_from(_TABLE).where(*conditions)
    ).scalar_one()
    rows = session.execute(
        _select().where(*conditions).order_by(_TABLE.c.id)
        .offset(offset).limit(limit))
    return Page(scopes=tuple(_to_scope(row) for row in rows), total=total)


def get(session: orm.Session, scope_id: str) -> Scope | None:
    """The scope ``scope_id``, or None."""
    row = session.execute(
        _select().where(_TABLE.c.scope_id == scope_id)).one_or_none()
    return None if row is None else _to_scope(row)


def create(session: orm.Session, *, scope_id: str, scope_key: str,
           fetcher: str, collector: str, active: bool,
           last_processed_timestamp: datetime.datetime | None) -> Scope:
    """Store a new scope and return it; raise ScopeExists if it exists.

    Its activation toggle date is its creation time.  Two concurrent
    creations of one ``scope_id`` cannot both succeed: the insert gives
    way to the unique constraint instead of failing, and the loser sees
    that nothing was inserted (RETURNING gives no row).
    """
    result = session.execute(
        storage.insert_for(session, _TABLE)
        .values(scope_id=scope_id, scope_key=scope_key, fetcher=fetcher,
                collector=collector, active=active,
                last_processed_timestamp=last_processed_timestamp,
                scope_activation_toggle_date=_now())
        .on_conflict_do_nothing(index_elements=[_TABLE.c.scope_id])
        .returning(_TABLE.c.id))
    if result.first() is None:
        raise ScopeExists(scope_id)
    return get(session, scope_id)


def update(session: orm.Session, scope_id: str, *,
           scope_key: str | None = None, fetcher: str | None = None,
           collector: str | None = None,
           active: bool | None = None) -> Scope | None:
    """Change the given fields of ``scope_id``; None leaves one as it is.

    Changing ``active`` sets ``scope_activation_toggle_date`` to now; the
    comparison happens in the UPDATE itself, so concurrent toggles cannot
    lose it.  Return the scope, or None when there is no such scope.
    """
    changes = {name: value
               for name, value in (('scope_key', scope_key),
                                   ('fetcher', fetcher),
                                   ('collector', collector),
                                   ('active', active))
               if value is not None}
    if active is not None:
        toggle_date = _TABLE.c.scope_activation_toggle_date
        changes['scope_activation_toggle_date'] = sa.case(
            (_TABLE.c.active != active,
             sa.literal(_now(), type_=toggle_date.type)),
            else_=toggle_date)
    if changes:
        session.execute(
            sa.update(_TABLE).where(_TABLE.c.scope_id == scope_id)
            .values(**changes))
    return get(session, scope_id)


def reset(session: orm.Session, *,
          last_processed_timestamp: datetime.datetime,
          scope_ids: Collection[str] | None = None,
          scope_keys: Collection[str] | None = None,
          fetchers: Collection[str] | None = None,
          collectors: Collection[str] | None = None) -> int:
    """Set the last processed timestamp of every matching active scope.

    Inactive scopes are never reset (CloudKitty's rule); there is no cap on
    the number of scopes.  Return how many scopes were reset.
    """
    conditions = _conditions(scope_ids, scope_keys, fetchers, collectors,
                             (True,))
    result = session.execute(
        sa.update(_TABLE).where(*conditions)
        .values(last_processed_timestamp=last_processed_timestamp))
    return result.rowcount
