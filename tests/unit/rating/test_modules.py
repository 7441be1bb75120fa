"""The rating module registry and its stored state, on real SQLite."""
import pytest

from ratingapi import exceptions
from ratingapi.rating import modules
from ratingapi import storage
from ratingapi.storage import migration
from ratingapi.storage import modules as stored_modules


@pytest.fixture
def database(tmp_path):
    url = 'sqlite:///%s' % (tmp_path / 'ratingapi.sqlite')
    migration.upgrade(url)
    database = storage.Database(url)
    yield database
    database.dispose()


def _list(database):
    with database.session() as session:
        return modules.list_modules(session)


def _get(database, module_id):
    with database.session() as session:
        return modules.get_module(session, module_id)


def _update(database, module_id, **kwargs):
    with database.session() as session:
        return modules.update_module(session, module_id, **kwargs)


def _enabled(database):
    with database.session() as session:
        return modules.enabled_module_ids(session)


def test_registry_has_cloudkittys_builtin_modules():
    assert {'noop', 'hashmap'} <= set(modules.REGISTRY)
    for module_id, module in modules.REGISTRY.items():
        assert module.module_id == module_id
        assert module.description
        assert module.default_priority >= 1


def test_noop_and_hashmap_defaults():
    noop, hashmap = modules.REGISTRY['noop'], modules.REGISTRY['hashmap']
    # CloudKitty: hashmap is configurable at runtime, noop is not.
    assert hashmap.hot_config is True
    assert noop.hot_config is False


@pytest.mark.parametrize('module_id', sorted(modules.REGISTRY))
def test_defaults_without_stored_state(database, module_id):
    registered = modules.REGISTRY[module_id]
    info = _get(database, module_id)
    assert info == modules.ModuleInfo(
        module_id=module_id, description=registered.description,
        hot_config=registered.hot_config,
        enabled=registered.default_enabled,
        priority=registered.default_priority)


def test_list_is_every_registered_module_sorted(database):
    infos = _list(database)
    assert [info.module_id for info in infos] == sorted(modules.REGISTRY)
    assert infos == [_get(database, m) for m in sorted(modules.REGISTRY)]


@pytest.mark.parametrize('module_id', sorted(modules.REGISTRY))
def test_update_creates_then_updates_state(database, module_id):
    registered = modules.REGISTRY[module_id]
    flipped = not registered.default_enabled
    info = _update(database, module_id, enabled=flipped)
    assert info.enabled is flipped
    assert info.priority == registered.default_priority
    assert _get(database, module_id) == info

    info = _update(database, module_id, priority=42)
    assert (info.enabled, info.priority) == (flipped, 42)
    assert _get(database, module_id) == info

    info = _update(database, module_id, enabled=not flipped, priority=3)
    assert (info.enabled, info.priority) == (not flipped, 3)
    assert _get(database, module_id) == info


def test_update_without_changes_keeps_the_state(database):
    before = _update(database, 'hashmap', enabled=True, priority=7)
    assert _update(database, 'hashmap') == before
    assert _get(database, 'hashmap') == before


def test_update_only_touches_its_module(database):
    untouched = {m: _get(database, m) for m in modules.REGISTRY
                 if m != 'hashmap'}
    _update(database, 'hashmap', enabled=True, priority=9)
    for module_id, info in untouched.items():
        assert _get(database, module_id) == info


def test_state_is_shared_through_storage(database):
    _update(database, 'hashmap', enabled=True, priority=5)
    other = storage.Database(database.url)
    try:
        with other.session() as session:
            info = modules.get_module(session, 'hashmap')
    finally:
        other.dispose()
    assert (info.enabled, info.priority) == (True, 5)


@pytest.mark.parametrize('call', [
    lambda session: modules.get_module(session, 'nope'),
    lambda session: modules.update_module(session, 'nope', enabled=True),
    lambda session: modules.get_module(session, 'NOOP'),
])
def test_unknown_module_is_not_found(database, call):
    with pytest.raises(exceptions.NotFound) as info:
        with database.session() as session:
            call(session)
    assert info.value.status == 404
    assert 'not found' in info.value.detail


def test_unknown_module_update_stores_nothing(database):
    with pytest.raises(exceptions.NotFound):
        _update(database, 'nope', enabled=True)
    with database.session() as session:
        assert 'nope' not in stored_modules.get_all(session)


def test_enabled_module_ids_follow_state(database):
    defaults = [m for m in sorted(modules.REGISTRY)
                if modules.REGISTRY[m].default_enabled]
    assert _enabled(database) == defaults
    for module_id in modules.REGISTRY:
        _update(database, module_id, enabled=True)
    assert _enabled(database) == sorted(modules.REGISTRY)
    for module_id in modules.REGISTRY:
        _update(database, module_id, enabled=False)
    assert _enabled(database) == []
    _update(database, 'hashmap', enabled=True)
    assert _enabled(database) == ['hashmap']


def test_pyscripts_is_registered_disabled():
    pyscripts = modules.REGISTRY['pyscripts']
    assert pyscripts.default_enabled is False
    assert pyscripts.hot_config is True


def test_enabling_an_unavailable_module_is_a_conflict(database):
    unavailable = {'pyscripts': 'scripts are off'}
    with pytest.raises(exceptions.Conflict) as refused:
        _update(database, 'pyscripts', enabled=True, unavailable=unavailable)
    assert str(refused.value) == 'scripts are off'
    assert _get(database, 'pyscripts').enabled is False
    # Disabling it, or changing its priority, is allowed.
    info = _update(database, 'pyscripts', enabled=False, priority=3,
                   unavailable=unavailable)
    assert (info.enabled, info.priority) == (False, 3)
    # Other modules are not concerned.
    assert _update(database, 'hashmap', enabled=True,
                   unavailable=unavailable).enabled is True
