"""SQLAlchemy models: the tables that alembic migrations create."""
import datetime
import decimal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy import orm

# Constraint names are derived, never left to the backend, so migrations
# (notably SQLite batch table copies) name the same thing the same way.
NAMING_CONVENTION = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


class UTCDateTime(sa.TypeDecorator):
    """An aware UTC datetime on every backend.

    SQLite stores no offset, so values are written as UTC and come back
    tagged UTC; PostgreSQL's timestamptz comes back in UTC as well.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime %r: give a timezone' % value)
        return value.astimezone(datetime.timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc)


class Base(orm.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class ExactDecimal(sa.TypeDecorator):
    """A decimal of ``precision`` digits, ``scale`` of them decimals,
    stored exactly on every backend.

    PostgreSQL has NUMERIC; SQLite would store a float (0.1 comes back as
    0.1000000000000000055511151231), so there the value is kept as its
    text at the full scale, which also makes equal values compare equal.
    Values come back as ``Decimal`` at the column's scale.
    """

    impl = sa.Numeric
    cache_ok = True

    def __init__(self, precision, scale):
        super().__init__(precision, scale, asdecimal=True)
        self.precision = precision
        self.scale = scale
        self._quantum = decimal.Decimal(1).scaleb(-scale)
        self._context = decimal.Context(prec=precision,
                                        traps=[decimal.Inexact])

    def load_dialect_impl(self, dialect):
        if dialect.name == 'sqlite':
            return dialect.type_descriptor(sa.String(self.precision + 2))
        return dialect.type_descriptor(
            sa.Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        # Inexact is trapped: a value with more decimals or digits than
        # the column holds is refused, never rounded.
        exact = self._context.quantize(decimal.Decimal(value),
                                       self._quantum)
        return str(exact) if dialect.name == 'sqlite' else exact

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return self._context.quantize(decimal.Decimal(value), self._quantum)


class ModuleState(Base):
    """Whether a rating module is enabled, its priority, and the revision
    of its configuration (bumped by every change of its rules, so each
    worker knows when the rules it compiled are stale)."""

    __tablename__ = 'rating_modules'

    module_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(64), primary_key=True)
    enabled: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, nullable=False)
    priority: orm.Mapped[int] = orm.mapped_column(sa.Integer, nullable=False)
    updated_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    revision: orm.Mapped[int] = orm.mapped_column(
        sa.BigInteger, nullable=False, server_default='0')


# SQL of RatedPoint.begin_day; integer division truncates towards zero on
# both backends (ratingapi.storage.points.begin_day mirrors it).
BEGIN_DAY = 'begin / 86400'
# JSONB on PostgreSQL: values compare and group (plain json cannot).
JSONDocument = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
# SQLite only auto-increments an INTEGER PRIMARY KEY.
BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


class RatedPoint(Base):
    """One rated data point: how much of a metric type, at what price.

    The period is stored as UTC epoch seconds so that time groupings are
    plain integer arithmetic on every backend.  ``qty`` and ``price`` are
    exact decimals held as whole units plus nano-units (see
    ``ratingapi.storage.amount``), so SQL sums them exactly on SQLite too.
    ``scope_id`` copies ``groupby[scope_key]`` into an indexed column.
    """

    __tablename__ = 'rated_points'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    begin: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, nullable=False)
    end: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, nullable=False)
    type: orm.Mapped[str] = orm.mapped_column(sa.String(255), nullable=False)
    unit: orm.Mapped[str] = orm.mapped_column(sa.String(255), nullable=False)
    qty_units: orm.Mapped[int] = orm.mapped_column(sa.BigInteger,
                                                   nullable=False)
    qty_nanos: orm.Mapped[int] = orm.mapped_column(sa.BigInteger,
                                                   nullable=False)
    price_units: orm.Mapped[int] = orm.mapped_column(sa.BigInteger,
                                                     nullable=False)
    price_nanos: orm.Mapped[int] = orm.mapped_column(sa.BigInteger,
                                                     nullable=False)
    groupby: orm.Mapped[dict] = orm.mapped_column(JSONDocument,
                                                  nullable=False)
    # "metadata" is reserved on declarative classes: map it by name.
    point_metadata: orm.Mapped[dict] = orm.mapped_column(
        'metadata', JSONDocument, nullable=False)
    scope_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    # The day the period starts in (epoch seconds / 86400, truncated),
    # computed by the database.  Migration 0004 makes it VIRTUAL on SQLite
    # (ALTER TABLE can add no other kind) and STORED on PostgreSQL; the
    # model says STORED, which create_all can make on both.  Written
    # nowhere, read through the "by scope" index.
    begin_day: orm.Mapped[int | None] = orm.mapped_column(
        sa.BigInteger, sa.Computed(BEGIN_DAY, persisted=True))

    # (begin) lists points in (begin, id) order; two covering indexes let
    # summaries read no table row, one by period and one by scope then
    # day then type (migrations 0003 and 0004 say why).
    __table_args__ = (
        sa.Index('ix_rated_points_begin', 'begin'),
        sa.Index('ix_rated_points_begin_totals', 'begin', 'end', 'type',
                 'scope_id', 'qty_units', 'qty_nanos', 'price_units',
                 'price_nanos'),
        sa.Index('ix_rated_points_scope_id_totals', 'scope_id',
                 'begin_day', 'type', 'begin', 'qty_units', 'qty_nanos',
                 'price_units', 'price_nanos'),
    )


class ScopeState(Base):
    """The processing state of one scope (a project, usually)."""

    __tablename__ = 'scope_states'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    scope_id: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                  nullable=False,
                                                  unique=True)
    scope_key: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                   nullable=False)
    fetcher: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                 nullable=False)
    collector: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                   nullable=False)
    active: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, nullable=False)
    last_processed_timestamp: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(UTCDateTime))
    scope_activation_toggle_date: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(UTCDateTime))


class ReprocessTask(Base):
    """A request to rate a scope's past period again."""

    __tablename__ = 'reprocess_tasks'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    scope_id: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                  nullable=False, index=True)
    reason: orm.Mapped[str] = orm.mapped_column(sa.Text, nullable=False)
    start_reprocess_time: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    end_reprocess_time: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    current_reprocess_time: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(UTCDateTime))
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)


# -- the hashmap rating module (CloudKitty's tables and constraints) -------

# CloudKitty's Numeric(40, 28) costs and Numeric(20, 8) levels.
COST = ExactDecimal(40, 28)
LEVEL = ExactDecimal(20, 8)
UUID_LENGTH = 36
MAP_TYPES = ('flat', 'rate')
_MAP_TYPE_CHECK = "map_type IN ('flat', 'rate')"
# A rule belongs to a service or to a field, never both, never neither.
_ONE_PARENT_CHECK = ('(service_id IS NULL) != (field_id IS NULL)')


class HashMapService(Base):
    """A priced metric type (its name is the type or its alt_name)."""

    __tablename__ = 'hashmap_services'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    service_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LENGTH), nullable=False, unique=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255), nullable=False,
                                              unique=True)


class HashMapField(Base):
    """A groupby/metadata key of a service whose values are priced."""

    __tablename__ = 'hashmap_fields'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    field_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LENGTH), nullable=False, unique=True)
    service_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('hashmap_services.id', ondelete='CASCADE'),
        nullable=False)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255), nullable=False)

    __table_args__ = (sa.UniqueConstraint('service_id', 'name'),)


class HashMapGroup(Base):
    """A set of rules priced together (see rating.hashmap)."""

    __tablename__ = 'hashmap_groups'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    group_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LENGTH), nullable=False, unique=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255), nullable=False,
                                              unique=True)


class HashMapMapping(Base):
    """A flat or rate cost of a service, or of one value of a field.

    Time-versioned: priced points whose period begins in [start, end);
    deleting one only sets ``deleted`` (the history stays, for re-rating).
    """

    __tablename__ = 'hashmap_mappings'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    mapping_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LENGTH), nullable=False, unique=True)
    value: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    cost: orm.Mapped[decimal.Decimal] = orm.mapped_column(COST,
                                                          nullable=False)
    map_type: orm.Mapped[str] = orm.mapped_column(sa.String(4),
                                                  nullable=False)
    service_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('hashmap_services.id', ondelete='CASCADE'))
    field_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('hashmap_fields.id', ondelete='CASCADE'))
    group_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('hashmap_groups.id', ondelete='SET NULL'))
    tenant_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    name: orm.Mapped[str] = orm.mapped_column(sa.String(32), nullable=False)
    description: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(256))
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    start: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    end: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        UTCDateTime)
    deleted: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        UTCDateTime)
    created_by: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                    nullable=False)
    updated_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    deleted_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))

    __table_args__ = (
        sa.CheckConstraint(_MAP_TYPE_CHECK, name='map_type'),
        sa.CheckConstraint(_ONE_PARENT_CHECK, name='one_parent'),
        sa.Index('ix_hashmap_mappings_service_id', 'service_id'),
        sa.Index('ix_hashmap_mappings_field_id', 'field_id'),
        sa.Index('ix_hashmap_mappings_group_id', 'group_id'),
    )


class HashMapThreshold(Base):
    """A cost that applies from a level of a service's quantity or of a
    field's numeric value.  Unique per (level, parent, tenant), a NULL
    tenant included (hence indexes on an expression, not constraints)."""

    __tablename__ = 'hashmap_thresholds'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    threshold_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LENGTH), nullable=False, unique=True)
    level: orm.Mapped[decimal.Decimal] = orm.mapped_column(LEVEL,
                                                           nullable=False)
    cost: orm.Mapped[decimal.Decimal] = orm.mapped_column(COST,
                                                          nullable=False)
    map_type: orm.Mapped[str] = orm.mapped_column(sa.String(4),
                                                  nullable=False)
    service_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('hashmap_services.id', ondelete='CASCADE'))
    field_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('hashmap_fields.id', ondelete='CASCADE'))
    group_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('hashmap_groups.id', ondelete='SET NULL'))
    tenant_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))

    __table_args__ = (
        sa.CheckConstraint(_MAP_TYPE_CHECK, name='map_type'),
        sa.CheckConstraint(_ONE_PARENT_CHECK, name='one_parent'),
        sa.Index('uq_hashmap_thresholds_service_level', 'service_id',
                 'level', sa.func.coalesce(sa.column('tenant_id'), ''),
                 unique=True),
        sa.Index('uq_hashmap_thresholds_field_level', 'field_id', 'level',
                 sa.func.coalesce(sa.column('tenant_id'), ''), unique=True),
        sa.Index('ix_hashmap_thresholds_group_id', 'group_id'),
    )


class CollectorMapping(Base):
    """Which collector collects a service (CloudKitty's deprecated v1
    collector API; kept for its clients, read by nothing else)."""

    __tablename__ = 'collector_mappings'

    service: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                 primary_key=True)
    collector: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                   nullable=False)

    __table_args__ = (
        sa.Index('ix_collector_mappings_collector', 'collector'),
    )


class CollectorState(Base):
    """Whether a collector is enabled (CloudKitty keeps this in its
    modules table as ``collector_<name>``; a table of its own cannot
    collide with a rating module's row)."""

    __tablename__ = 'collector_states'

    name: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                              primary_key=True)
    enabled: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, nullable=False)


# -- the pyscripts rating module ------------------------------------------

CHECKSUM_LENGTH = 128  # a SHA-512 in hex


class PyScript(Base):
    """A rating script: Python run on the points of the periods that
    begin in [start, end).  Time-versioned and soft-deleted like a hashmap
    mapping; ``checksum`` is the SHA-512 of ``data``, kept by the server.
    Names are unique among the scripts not deleted (checked in code, as
    CloudKitty does since it dropped the constraint)."""

    __tablename__ = 'pyscripts_scripts'

    id: orm.Mapped[int] = orm.mapped_column(BigId, primary_key=True,
                                            autoincrement=True)
    script_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LENGTH), nullable=False, unique=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                              nullable=False)
    data: orm.Mapped[str] = orm.mapped_column(sa.Text, nullable=False)
    checksum: orm.Mapped[str] = orm.mapped_column(
        sa.String(CHECKSUM_LENGTH), nullable=False)
    description: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(256))
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    start: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
    end: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        UTCDateTime)
    deleted: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        UTCDateTime)
    created_by: orm.Mapped[str] = orm.mapped_column(sa.String(255),
                                                    nullable=False)
    updated_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    deleted_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))

    __table_args__ = (
        sa.Index('ix_pyscripts_scripts_name', 'name'),
    )
