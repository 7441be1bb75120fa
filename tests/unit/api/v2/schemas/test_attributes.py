"""The keys that filters and groupings may name."""
import pytest
import voluptuous as vol

from ratingapi.api.v2.schemas import attributes


@pytest.mark.parametrize('key', ['project_id', 'a.b', 'é', 'x' * 255])
def test_attribute_key(key):
    assert attributes.attribute_key(key) == key


@pytest.mark.parametrize('key, message', [
    ('', 'must not be empty'),
    ('a"b', 'must not contain'),
    ('a\\b', 'must not contain'),
    ('a\x00b', 'NUL'),
    ('x' * 256, 'at most 255'),
])
def test_attribute_key_refuses(key, message):
    with pytest.raises(vol.Invalid, match=message):
        attributes.attribute_key(key)


def test_filter_keys_checks_every_key():
    assert attributes.filter_keys({'a': ['1']}) == {'a': ['1']}
    with pytest.raises(vol.Invalid):
        attributes.filter_keys({'a': ['1'], '': ['2']})
