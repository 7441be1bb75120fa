"""Which scopes a caller may name, from their context's visible projects."""
import pytest

from ratingapi.api import visibility
from ratingapi import exceptions


RULE = 'scope:all_projects'


class FakeContext:
    def __init__(self, visible):
        self.visible = visible

    def visible_projects(self, rule):
        assert rule == RULE
        return self.visible


@pytest.mark.parametrize('visible, requested, expected', [
    (None, None, None),
    (None, ['a', 'b'], ['a', 'b']),
    (frozenset(['a']), None, ['a']),
    (frozenset(['a']), ['b', 'a'], ['a']),
    (frozenset(['a']), ['b'], []),
    (frozenset(), None, []),
    (frozenset(), ['a'], []),
])
def test_visible_scope_ids(visible, requested, expected):
    assert visibility.visible_scope_ids(FakeContext(visible), RULE,
                                        requested) == expected


def test_require_visible():
    visibility.require_visible(FakeContext(None), RULE, ['a', 'b'])
    visibility.require_visible(FakeContext(frozenset(['a'])), RULE, ['a'])
    with pytest.raises(exceptions.Forbidden) as info:
        visibility.require_visible(FakeContext(frozenset(['a'])), RULE,
                                   ['a', 'b', 'c'])
    assert 'b, c' in info.value.detail
    assert RULE in info.value.detail
    with pytest.raises(exceptions.Forbidden):
        visibility.require_visible(FakeContext(frozenset()), RULE, ['a'])
