"""Queries for CloudKitty's deprecated collector API: which collector
collects a service, and whether a collector is enabled.

Nothing else reads them: ratingapi's collectors are configured, not
chosen per service.  They are kept so that clients of that API work.
"""
import dataclasses

import sqlalchemy as sa

from ratingapi import exceptions
from ratingapi import storage
from ratingapi.storage import models

_MAPPINGS = models.CollectorMapping.__table__
_STATES = models.CollectorState.__table__


@dataclasses.dataclass(frozen=True)
class Mapping:
    service: str
    collector: str


@dataclasses.dataclass(frozen=True)
class State:
    name: str
    enabled: bool


def _no_mapping(service):
    # CloudKitty's words, which its clients and tests look for.
    return exceptions.NotFound('No mapping for service: %s' % service)


def list_mappings(executor, collector=None) -> list[Mapping]:
    """Every mapping, by service; only ``collector``'s when given."""
    query = sa.select(_MAPPINGS.c.service, _MAPPINGS.c.collector)
    if collector is not None:
        query = query.where(_MAPPINGS.c.collector == collector)
    rows = executor.execute(query.order_by(_MAPPINGS.c.service))
    return [Mapping(row.service, row.collector) for row in rows]


def get_mapping(executor, service) -> Mapping:
    row = executor.execute(
        sa.select(_MAPPINGS.c.service, _MAPPINGS.c.collector)
        .where(_MAPPINGS.c.service == service)).one_or_none()
    if row is None:
        raise _no_mapping(service)
    return Mapping(row.service, row.collector)


def set_mapping(session, service, collector) -> tuple[Mapping, bool]:
    """Map ``service`` to ``collector``, replacing its mapping if any.

    Returns the mapping and whether it is new.  Of two concurrent
    requests for a new service, one creates and the other replaces.
    """
    inserted = session.execute(
        storage.insert_for(session, _MAPPINGS)
        .values(service=service, collector=collector)
        .on_conflict_do_nothing(index_elements=[_MAPPINGS.c.service])
        .returning(_MAPPINGS.c.service))
    created = inserted.first() is not None
    if not created:
        session.execute(sa.update(_MAPPINGS)
                        .where(_MAPPINGS.c.service == service)
                        .values(collector=collector))
    return Mapping(service, collector), created


def delete_mapping(session, service) -> None:
    deleted = session.execute(
        sa.delete(_MAPPINGS).where(_MAPPINGS.c.service == service))
    if deleted.rowcount == 0:
        raise _no_mapping(service)


def get_state(executor, name) -> State:
    """The state of collector ``name``; one never set is disabled."""
    enabled = executor.execute(
        sa.select(_STATES.c.enabled)
        .where(_STATES.c.name == name)).scalar_one_or_none()
    return State(name, bool(enabled))


def set_state(session, name, enabled) -> State:
    session.execute(
        storage.insert_for(session, _STATES)
        .values(name=name, enabled=enabled)
        .on_conflict_do_update(index_elements=[_STATES.c.name],
                               set_={'enabled': enabled}))
    return State(name, enabled)
