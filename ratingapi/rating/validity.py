"""When a time-versioned rule (a hashmap mapping, a script) is in force,
and how that period may be set and changed (CloudKitty's rules).

A rule prices the points whose period begins in ``[start, end)``.  Once
it has started it has priced points already: only its ``end`` may still
be set, and only once, so re-rating a past period keeps giving the
prices of that period.
"""
from ratingapi import exceptions


def _text(moment):
    return moment.isoformat() if moment else None


def check_new(start, end, *, now, force=False):
    """The dates of a new rule (``start`` already defaulted to now)."""
    if start < now and not force:
        raise exceptions.InvalidInput(
            'Cannot create a rule with start in the past. start=[%s] '
            'current time=[%s] (send force=true to allow it).'
            % (_text(start), _text(now)), parameter='start')
    if end is not None and end < start:
        raise exceptions.InvalidInput(
            'Cannot create a rule with start after end. start=[%s] '
            'end=[%s].' % (_text(start), _text(end)), parameter='end')


def check_update(current, changes, *, now):
    """What of ``changes`` may be applied to the stored rule ``current``.

    ``changes`` maps attribute names to their new values; the result is
    the changes to store.  A rule that has started may only get an end,
    in the future, and only when it has none; one that has not started
    may change anything, its dates checked as a new rule's are.
    """
    if current.start <= now:
        if current.end is not None:
            raise exceptions.InvalidInput(
                'Cannot update a rule that was already processed and has a '
                'defined end date.')
        changed = sorted(name for name, value in changes.items()
                         if name != 'end' and value is not None
                         and value != getattr(current, name))
        if changed:
            raise exceptions.InvalidInput(
                'You are allowed to update only the attribute [end] as this '
                'rule is already running as it started on [%s] (changed: '
                '%s).' % (_text(current.start), ', '.join(changed)),
                parameter=changed[0])
        end = changes.get('end')
        if end is None:
            return {}
        if end < now:
            raise exceptions.InvalidInput(
                'End date must be in the future. end=[%s] current '
                'time=[%s].' % (_text(end), _text(now)), parameter='end')
        return {'end': end}
    start = changes.get('start') or current.start
    end = changes['end'] if 'end' in changes else current.end
    check_new(start, end, now=now)
    return dict(changes, start=start)
