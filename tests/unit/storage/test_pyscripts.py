"""Rating script storage on real SQLite and PostgreSQL: the server's
checksum, name conflicts among live scripts, soft delete, filters, the
revision and the scripts the engine loads."""
import datetime
import hashlib

import pytest

from ratingapi import exceptions
from ratingapi.storage import modules
from ratingapi.storage import pyscripts

UTC = datetime.timezone.utc
START = datetime.datetime(2040, 1, 1, tzinfo=UTC)
TEXT = "data['usage'] = data['usage']  # é\n"


def _revision(database):
    with database.reader() as connection:
        state = modules.get(connection, pyscripts.MODULE_ID)
    return state.revision if state else 0


def _create(database, name='s', data=TEXT, start=START, end=None,
            description=None):
    with database.session() as session:
        return pyscripts.create_script(
            session, name=name, data=data, description=description,
            start=start, end=end, who='u1')


def test_create_stores_the_script_and_its_sha512(database):
    script = _create(database, description='d')
    assert script.checksum == hashlib.sha512(TEXT.encode()).hexdigest()
    assert len(script.checksum) == 128
    with database.reader() as connection:
        stored = pyscripts.get_script(connection, script.script_id)
    assert stored == script
    assert (stored.data, stored.start, stored.end, stored.created_by,
            stored.deleted) == (TEXT, START, None, 'u1', None)
    assert stored.created_at.tzinfo is not None


def test_every_change_bumps_the_revision(database):
    assert _revision(database) == 0
    script = _create(database)
    assert _revision(database) == 1
    with database.session() as session:
        pyscripts.update_script(session, script.script_id, who='u2',
                                data='pass')
    assert _revision(database) == 2
    with database.session() as session:
        pyscripts.delete_script(session, script.script_id, who='u3')
    assert _revision(database) == 3


def test_update_recomputes_the_checksum(database):
    script = _create(database)
    with database.session() as session:
        updated = pyscripts.update_script(session, script.script_id,
                                          who='u2', data='pass\n')
    assert updated.checksum == hashlib.sha512(b'pass\n').hexdigest()
    assert updated.updated_by == 'u2'


def test_a_live_name_is_a_conflict_a_deleted_one_is_free(database):
    first = _create(database, name='n')
    with pytest.raises(exceptions.Conflict) as taken:
        _create(database, name='n')
    assert str(taken.value) == 'Script n already exists (UUID: %s)' % (
        first.script_id)
    other = _create(database, name='m')
    with database.session() as session:
        with pytest.raises(exceptions.Conflict):
            pyscripts.update_script(session, other.script_id, who='u',
                                    name='n')
    with database.session() as session:
        pyscripts.delete_script(session, first.script_id, who='u2')
    assert _create(database, name='n').script_id != first.script_id


def test_soft_delete_hides_the_script_and_keeps_its_row(database):
    script = _create(database)
    with database.session() as session:
        pyscripts.delete_script(session, script.script_id, who='u2')
    with database.reader() as connection:
        with pytest.raises(exceptions.NotFound) as missing:
            pyscripts.get_script(connection, script.script_id)
        assert str(missing.value) == (
            'No such script: None (UUID: %s)' % script.script_id)
        assert pyscripts.list_scripts(connection).items == ()
        [deleted] = pyscripts.list_scripts(connection, deleted=True).items
        assert pyscripts.load_scripts(connection, 7).scripts == ()
    assert deleted.deleted is not None and deleted.deleted_by == 'u2'
    with database.session() as session:
        with pytest.raises(exceptions.NotFound):
            pyscripts.delete_script(session, script.script_id, who='u2')


def test_filters(database):
    now = pyscripts.now()
    running = _create(database, name='running', start=now,
                      description='Compute PRICES')
    later = _create(database, name='later', start=START,
                    end=START + datetime.timedelta(days=1))

    def names(**filters):
        with database.reader() as connection:
            return [s.name for s in pyscripts.list_scripts(
                connection, **filters).items]

    assert names() == ['running', 'later']
    assert names(is_active=True) == ['running']
    assert names(is_active=False) == ['later']
    assert names(description='prices') == ['running']
    assert names(start=START) == ['later']
    assert names(end=START + datetime.timedelta(days=2)) == ['later']
    assert names(created_by='u1') == ['running', 'later']
    assert names(updated_by='u1') == []
    with database.reader() as connection:
        page = pyscripts.list_scripts(connection, offset=1, limit=1)
    assert [s.script_id for s in page.items] == [later.script_id]
    assert page.total == 2
    assert running.script_id != later.script_id


def test_the_engine_loads_live_scripts_in_creation_order(database):
    for name in ('b', 'a', 'c'):
        _create(database, name=name)
    with database.session() as session:
        [b] = [s for s in pyscripts.list_scripts(session).items
               if s.name == 'b']
        pyscripts.delete_script(session, b.script_id, who='u')
    with database.reader() as connection:
        loaded = pyscripts.load_scripts(connection, 4)
    assert loaded.revision == 4
    assert [s.name for s in loaded.scripts] == ['a', 'c']


def test_updating_an_unknown_attribute_is_refused(database):
    script = _create(database)
    with database.session() as session:
        with pytest.raises(ValueError):
            pyscripts.update_script(session, script.script_id, who='u',
                                    checksum='0')
