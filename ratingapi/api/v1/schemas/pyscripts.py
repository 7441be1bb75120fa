"""Schemas of /v1/rating/module_config/pyscripts (CloudKitty's shapes).

A body is the script object; the attributes python-cloudkittyclient
sends back on update (``script_id``, ``created_at``, ``deleted``,
``*_by``) are accepted and ignored, ``checksum`` is refused (the server
computes it).  Every unknown attribute or query argument is a 400.
"""
import voluptuous as vol

from ratingapi.api import hashmap as rules
from ratingapi.api.v1.schemas import hashmap
from ratingapi.api import validation

_one = validation.SingleQueryParam
_bool = _one(validation.boolean)
_maybe = hashmap._maybe

MAX_NAME = 255
name = validation.text(MAX_NAME)
_text = validation.text()


def code(value):
    """A script's text: Python that compiles (None stays None: an empty
    script on create, the stored one kept on update).

    Compiling runs nothing; it only finds syntax errors now rather than
    when points are rated.
    """
    if value is None:
        return None
    value = _text(value)
    try:
        compile(value, '<pyscript>', 'exec')
    except SyntaxError as error:
        raise vol.Invalid('is not valid Python: %s at line %s'
                          % (error.msg, error.lineno))
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        raise vol.Invalid('is not valid Python: %s' % error)
    return value


def read_only(value):
    raise vol.Invalid('Cannot set read only field.')


# -- queries ---------------------------------------------------------------

NO_QUERY = hashmap.NO_QUERY
SCRIPT_QUERY = {vol.Optional('script_id'): _one(rules.path_id)}

LIST_SCRIPTS_QUERY = {
    vol.Optional('no_data', default=False): _bool,
    vol.Optional('deleted', default=False): _bool,
    vol.Optional('start', default=None): _maybe(rules.moment),
    vol.Optional('end', default=None): _maybe(rules.moment),
    vol.Optional('created_by', default=None): _maybe(rules.tenant),
    vol.Optional('updated_by', default=None): _maybe(rules.tenant),
    vol.Optional('deleted_by', default=None): _maybe(rules.tenant),
    vol.Optional('description', default=None): _maybe(rules.description),
    vol.Optional('is_active', default=None): _maybe(validation.boolean),
}

CREATE_SCRIPT_QUERY = {vol.Optional('force', default=False): _bool}

# -- bodies ----------------------------------------------------------------

SCRIPT_BODY = {
    vol.Required('name'): name,
    # None on update: keep the stored script (on create: an empty one).
    vol.Optional('data', default=None): code,
    vol.Optional('start', default=None): vol.Any(None, rules.moment),
    vol.Optional('end', default=None): vol.Any(None, rules.end_moment),
    vol.Optional('description', default=None): vol.Any(
        None, rules.description),
    vol.Optional('checksum'): read_only,
    vol.Optional('script_id'): vol.Any(None, rules.path_id),
    **hashmap._IGNORED,
}

PUT_SCRIPTS_BODY = hashmap._with_id(SCRIPT_BODY, 'script_id')
DELETE_SCRIPT_BODY = {vol.Required('script_id'): rules.path_id}

# -- responses -------------------------------------------------------------

_TEXT = vol.Any(None, str)
_KEYS = ('script_id', 'name', 'checksum', 'created_at', 'start', 'end',
         'description', 'deleted', 'created_by', 'updated_by', 'deleted_by')

SCRIPT = {**{vol.Required(key): _TEXT for key in _KEYS},
          vol.Required('data'): str}
SCRIPT_WITHOUT_DATA = {vol.Required(key): _TEXT for key in _KEYS}
SCRIPTS = {vol.Required('scripts'): [vol.Any(SCRIPT, SCRIPT_WITHOUT_DATA)]}
