"""A groupby splits into at most one time grouping and the other keys."""
import pytest

from ratingapi.storage import groupings


@pytest.mark.parametrize('groupby, split', [
    ([], (None, ())),
    (['type', 'project_id'], (None, ('type', 'project_id'))),
    (['time-d', 'type'], ('time-d', ('type',))),
    (['type', 'time', 'type', 'time'], ('time', ('type',))),
])
def test_split(groupby, split):
    assert groupings.split(groupby) == split


def test_at_most_one_time_grouping():
    with pytest.raises(ValueError, match='time-d, time-m'):
        groupings.split(['time-d', 'type', 'time-m'])
