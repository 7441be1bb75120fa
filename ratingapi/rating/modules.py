"""The rating modules this server knows, and their enable/priority state.

Modules are registered here in code (no string-loaded plugins); their
state (enabled, priority) lives in storage so every API node sees the same.
A module without a stored state has its registered defaults.
"""
import dataclasses

from ratingapi import exceptions
from ratingapi.storage import modules as storage


# Priorities are stored as a SQL INTEGER (32 bits on PostgreSQL).
MIN_PRIORITY = 1
MAX_PRIORITY = 2 ** 31 - 1


@dataclasses.dataclass(frozen=True)
class RatingModule:
    module_id: str
    description: str
    hot_config: bool
    default_enabled: bool
    default_priority: int = 1


REGISTRY = {module.module_id: module for module in (
    RatingModule('hashmap', 'HashMap rating module.', hot_config=True,
                 default_enabled=False),
    RatingModule('noop', 'Dummy test module.', hot_config=False,
                 default_enabled=True),
    RatingModule('pyscripts', 'PyScripts rating module.', hot_config=True,
                 default_enabled=False),
)}


@dataclasses.dataclass(frozen=True)
class ModuleInfo:
    module_id: str
    description: str
    hot_config: bool
    enabled: bool
    priority: int
    # Advances with every change of the module's rules (0: never changed).
    revision: int = 0


def _info(module, state):
    return ModuleInfo(
        module_id=module.module_id, description=module.description,
        hot_config=module.hot_config,
        enabled=state.enabled if state else module.default_enabled,
        priority=state.priority if state else module.default_priority,
        revision=state.revision if state else 0)


def _registered(module_id):
    try:
        return REGISTRY[module_id]
    except KeyError:
        raise exceptions.NotFound("Module '%s' not found." % module_id)


def list_modules(session):
    states = storage.get_all(session)
    return [_info(module, states.get(module_id))
            for module_id, module in sorted(REGISTRY.items())]


def get_module(session, module_id):
    module = _registered(module_id)
    return _info(module, storage.get(session, module_id))


def update_module(session, module_id, enabled=None, priority=None,
                  unavailable=None):
    """Store ``enabled`` and ``priority`` (None: unchanged).

    ``unavailable`` maps the modules this deployment cannot run to why
    (``Rater.unavailable()``): enabling one of them is a Conflict.
    """
    module = _registered(module_id)
    if enabled and unavailable and module_id in unavailable:
        raise exceptions.Conflict(unavailable[module_id])
    state = storage.set(session, module_id, enabled=enabled,
                        priority=priority,
                        default_enabled=module.default_enabled,
                        default_priority=module.default_priority)
    return _info(module, state)


def enabled_module_ids(session):
    return [info.module_id for info in list_modules(session) if info.enabled]
