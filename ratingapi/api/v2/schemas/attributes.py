"""The keys that filters and groupings name, in the query strings of
every reading of points (see ``ratingapi.storage.points.attribute``).
"""
import voluptuous as vol

from ratingapi.api import validation

_name_text = validation.text(validation.MAX_NAME_LENGTH)


def attribute_key(key):
    """A key that filters or groupings may name."""
    if not key:
        raise vol.Invalid('a key must not be empty')
    if '"' in key or '\\' in key:
        # storage.points quotes a key in a JSON path between '"'.
        raise vol.Invalid('key %r must not contain " or \\' % key)
    try:
        return _name_text(key)
    except vol.Invalid as exc:
        raise vol.Invalid('key %r %s' % (key, exc.error_message))


def filter_keys(filters):
    for key in filters:
        attribute_key(key)
    return filters
