"""Summary groupings: how a ``groupby`` splits into at most one time
grouping and the other keys.

The API's schema refuses a ``groupby`` that this refuses, and the summary
query groups by what this returns: the rule is written once.

``time`` is each point's own period; ``time-d``, ``time-w``, ``time-m``
and ``time-y`` are the UTC day, ISO week, month or year it starts in.
"""
TIME = 'time'
TIME_DAY = 'time-d'
TIME_WEEK = 'time-w'
TIME_MONTH = 'time-m'
TIME_YEAR = 'time-y'
TIME_GROUPINGS = (TIME, TIME_DAY, TIME_WEEK, TIME_MONTH, TIME_YEAR)


def split(groupby):
    """``groupby`` → (time grouping or None, other keys without repeats).

    ValueError when it holds more than one time grouping.
    """
    times = list(dict.fromkeys(g for g in groupby if g in TIME_GROUPINGS))
    if len(times) > 1:
        raise ValueError('at most one time grouping, got %s'
                         % ', '.join(times))
    keys = tuple(dict.fromkeys(g for g in groupby
                               if g not in TIME_GROUPINGS))
    return (times[0] if times else None), keys
