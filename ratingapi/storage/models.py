"""SQLAlchemy models: the tables that alembic migrations create."""
import datetime

import sqlalchemy as sa
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


class ModuleState(Base):
    """Whether a rating module is enabled, and its priority."""

    __tablename__ = 'rating_modules'

    module_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(64), primary_key=True)
    enabled: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, nullable=False)
    priority: orm.Mapped[int] = orm.mapped_column(sa.Integer, nullable=False)
    updated_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        UTCDateTime, nullable=False)
