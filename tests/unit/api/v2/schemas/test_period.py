"""begin/end of every reading of points: CloudKitty's month defaults."""
import datetime

import pytest
import voluptuous as vol

from ratingapi.api.v2.schemas import period
from tests.appkit import assert_whole_month_around

UTC = datetime.timezone.utc
QUERY = vol.Schema(period.period_query({}))


@pytest.mark.parametrize('now, start, next_start', [
    # Mid-month.
    (datetime.datetime(2026, 11, 15, 12, 30, 45, 123456, tzinfo=UTC),
     datetime.datetime(2026, 11, 1, tzinfo=UTC),
     datetime.datetime(2026, 12, 1, tzinfo=UTC)),
    # The last instant of November: still November.
    (datetime.datetime(2026, 11, 30, 23, 59, 59, 999999, tzinfo=UTC),
     datetime.datetime(2026, 11, 1, tzinfo=UTC),
     datetime.datetime(2026, 12, 1, tzinfo=UTC)),
    # December's first instant, then its last: the next month is in the
    # next year.
    (datetime.datetime(2026, 12, 1, tzinfo=UTC),
     datetime.datetime(2026, 12, 1, tzinfo=UTC),
     datetime.datetime(2027, 1, 1, tzinfo=UTC)),
    (datetime.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
     datetime.datetime(2026, 12, 1, tzinfo=UTC),
     datetime.datetime(2027, 1, 1, tzinfo=UTC)),
    (datetime.datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC),
     datetime.datetime(2027, 1, 1, tzinfo=UTC),
     datetime.datetime(2027, 2, 1, tzinfo=UTC)),
    # A leap February.
    (datetime.datetime(2028, 2, 29, 12, tzinfo=UTC),
     datetime.datetime(2028, 2, 1, tzinfo=UTC),
     datetime.datetime(2028, 3, 1, tzinfo=UTC)),
], ids=['mid-month', 'nov-end', 'dec-start', 'dec-end', 'jan', 'leap-feb'])
def test_month_boundaries(now, start, next_start):
    assert period.month_start(now) == start
    assert period.next_month_start(now) == next_start


def test_month_boundaries_default_to_the_current_month():
    before = datetime.datetime.now(UTC)
    start, next_start = period.month_start(), period.next_month_start()
    after = datetime.datetime.now(UTC)
    assert_whole_month_around(start, next_start, before, after)


def test_period_query_defaults_to_the_current_month():
    before = datetime.datetime.now(UTC)
    values = QUERY({})
    after = datetime.datetime.now(UTC)
    assert_whole_month_around(values['begin'], values['end'], before, after)


def test_period_query_refuses_an_end_before_begin():
    with pytest.raises(vol.MultipleInvalid) as info:
        QUERY({'begin': ['2026-11-02T00:00:00Z'],
               'end': ['2026-11-01T00:00:00Z']})
    assert info.value.path == ['end']
    assert 'must not be before begin' in str(info.value)


def test_period_query_allows_an_empty_period():
    moment = datetime.datetime(2026, 11, 1, tzinfo=UTC)
    assert QUERY({'begin': ['2026-11-01T00:00:00Z'],
                  'end': ['2026-11-01T00:00:00Z']}) == {
        'begin': moment, 'end': moment}
