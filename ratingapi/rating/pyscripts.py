"""The pyscripts rating module: administrators' Python scripts price points.

A script is CloudKitty's: Python run with a global ``data`` holding a
legacy data frame (``{"period": {"begin", "end"}, "usage": {type:
[{"vol": {"unit", "qty"}, "rating": {"price"}, "desc"}]}}``, ``desc``
being the point's metadata overlaid with its groupby), which it changes
in place or replaces.  Only prices may change.

Scripts run only when the operator allows it (``[pyscripts]
enable_execution``), each in a worker process of its own
(:mod:`ratingapi.rating.pyscripts_worker`) limited in CPU time, memory,
output and wall-clock time, with no environment and no inherited file
descriptors.  One worker runs one script over every point of a rating
call (a quote, a POST of data frames): the cost of a process is paid per
script and call, not per point.

A script that fails, runs out of a limit or returns anything but the
same points with prices fails the whole rating call with
:class:`ratingapi.exceptions.ScriptFailed` (409), so nothing is stored.
"""
import dataclasses
import decimal
import logging
import os
import signal
import subprocess
import sys
import tempfile

from ratingapi import exceptions
from ratingapi.rating import pyscripts_worker as worker

LOG = logging.getLogger(__name__)

MODULE_ID = 'pyscripts'
WORKER = os.path.abspath(worker.__file__)
MIB = 1024 * 1024
# Prices a script sets must stay below 10**19 (what storage holds).
_MAX_ADJUSTED = 18
# How much of the worker's stderr goes to the log.
_LOGGED = 2000

EXECUTION_OFF = (
    'The pyscripts module cannot be enabled: executing scripts is off. An '
    'operator must set [pyscripts] enable_execution = true first (a '
    'script is code run by the service).')


def failure(script, reason):
    """The error of a script that could not price the points."""
    return exceptions.ScriptFailed(
        "pyscripts: script '%s' (UUID: %s) %s; the points were not rated "
        "and nothing was stored." % (script.name, script.script_id, reason))


@dataclasses.dataclass(frozen=True)
class Limits:
    """Whether scripts run, and the limits of a worker (``[pyscripts]``)."""
    enabled: bool
    cpu_seconds: int
    memory_mib: int
    timeout: float
    max_output_mib: int


# For a Rater built without configuration: nothing runs.
DISABLED = Limits(enabled=False, cpu_seconds=1, memory_mib=64, timeout=1.0,
                  max_output_mib=1)


def _active(script, moment):
    return script.start <= moment and (script.end is None
                                       or moment < script.end)


def _point_to_data(point):
    return {'vol': {'unit': point.get('unit') or 'undefined',
                    'qty': point['qty']},
            'rating': {'price': point['price']},
            'desc': {**point['metadata'], **point['groupby']}}


def _frame_to_data(frame, todo):
    usage = {}
    for type_, point in todo:
        usage.setdefault(type_, []).append(_point_to_data(point))
    end = frame.get('end')
    return {'period': {'begin': frame['begin'].isoformat(),
                       'end': None if end is None else end.isoformat()},
            'usage': usage}


def to_price(value):
    """A price a script set → a finite Decimal; ValueError otherwise.

    Numbers (int, float, Decimal) and their text are accepted; a float
    counts by its shortest text (0.1 is 0.1), as in CloudKitty.
    """
    if isinstance(value, bool) or not isinstance(
            value, (int, str, decimal.Decimal)):
        raise ValueError('expected a number, got %s' % worker.encode(value))
    if isinstance(value, str):
        try:
            number = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError('expected a number, got %s'
                             % worker.encode(value))
    else:
        number = decimal.Decimal(value)
    if not number.is_finite():
        raise ValueError('expected a finite number, got %s' % value)
    if number and number.adjusted() > _MAX_ADJUSTED:
        raise ValueError('%s is too large a price' % value)
    return number


def _invalid(where, reason):
    return ValueError('data%s: %s' % (where, reason))


def _same(returned, expected, where):
    if returned != expected:
        raise _invalid(where, 'only rating.price may change, this is now '
                       '%s (was %s)' % (worker.encode(returned)[:200],
                                        worker.encode(expected)[:200]))


def prices_of(returned, expected):
    """The prices of a frame a script returned, in the order of the
    ``expected`` frame's points; ValueError naming what is wrong."""
    if not isinstance(returned, dict):
        raise _invalid('', 'expected a dict (a data frame), got %s'
                       % type(returned).__name__)
    if sorted(returned) != sorted(expected):
        raise _invalid('', 'expected the keys %s, got %s'
                       % (sorted(expected), sorted(returned)))
    _same(returned['period'], expected['period'], "['period']")
    usage = returned['usage']
    if not isinstance(usage, dict) or sorted(usage) != sorted(
            expected['usage']):
        raise _invalid("['usage']", 'the types of the points may not '
                       'change: expected %s' % sorted(expected['usage']))
    prices = []
    for type_, wanted in expected['usage'].items():
        points = usage[type_]
        where = "['usage'][%s]" % worker.encode(type_)
        if not isinstance(points, list) or len(points) != len(wanted):
            raise _invalid(where, 'expected a list of %d points'
                           % len(wanted))
        for number, (point, original) in enumerate(zip(points, wanted)):
            here = '%s[%d]' % (where, number)
            if not isinstance(point, dict) or sorted(point) != sorted(
                    original):
                raise _invalid(here, 'expected a point with the keys %s'
                               % sorted(original))
            rating = point['rating']
            if not isinstance(rating, dict) or list(rating) != ['price']:
                raise _invalid(here + "['rating']",
                               'expected {"price": number}')
            for key in original:
                if key != 'rating':
                    _same(point[key], original[key],
                          '%s[%s]' % (here, worker.encode(key)))
            try:
                prices.append(to_price(rating['price']))
            except ValueError as error:
                raise _invalid(here + "['rating']['price']", error)
    return prices


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return 'signal %d' % number


def _why_killed(number, limits):
    name = _signal_name(number)
    if number in (signal.SIGXCPU, signal.SIGKILL):
        return ('was killed (%s) after using its %d CPU seconds '
                '([pyscripts] cpu_time_limit)' % (name, limits.cpu_seconds))
    if number == signal.SIGXFSZ:
        return ('was killed (%s): it wrote more than %d MiB '
                '([pyscripts] max_output_size)'
                % (name, limits.max_output_mib))
    return 'was killed by %s' % name


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone: nothing left to stop


def _tail(stream):
    stream.seek(0)
    return stream.read().decode('utf-8', 'replace')[-_LOGGED:]


def run(script, frames, limits):
    """Run ``script`` over ``frames`` (legacy frames, JSON-ready) in a
    worker; return the frames it left in ``data``.  ScriptFailed when it
    fails or breaks a limit."""
    payload = worker.encode({'name': script.name, 'code': script.data,
                             'frames': frames}).encode('utf-8')
    command = [sys.executable, '-I', '-S', WORKER, str(limits.cpu_seconds),
               str(limits.memory_mib * MIB),
               str(limits.max_output_mib * MIB)]
    with tempfile.TemporaryFile() as stdin, \
            tempfile.TemporaryFile() as stdout, \
            tempfile.TemporaryFile() as stderr:
        stdin.write(payload)
        stdin.seek(0)
        try:
            process = subprocess.Popen(
                command, stdin=stdin, stdout=stdout, stderr=stderr, env={},
                close_fds=True, cwd='/', start_new_session=True)
        except OSError as error:
            raise failure(script, 'could not be started: %s' % error)
        try:
            status = process.wait(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.wait()
            raise failure(
                script, 'did not finish within %s seconds ([pyscripts] '
                'timeout) and was killed' % limits.timeout)
        finally:
            # Whatever the script started in its session goes too.
            _kill_group(process)
        if status < 0:
            raise failure(script, _why_killed(-status, limits))
        stdout.seek(0)
        answer = stdout.read()
        try:
            result = worker.decode(answer.decode('utf-8'))
        except ValueError:
            LOG.warning('pyscripts worker of %s exited with %d: %s',
                        script.script_id, status, _tail(stderr))
            raise failure(
                script, 'stopped without an answer (exit status %d%s)' % (
                    status, '; it may have run out of its %d MiB of memory, '
                    '[pyscripts] memory_limit' % limits.memory_mib
                    if 'MemoryError' in _tail(stderr) else ''))
    if 'error' in result:
        line = result.get('line')
        error = result['error']
        if error.startswith('MemoryError'):
            error += ' (memory_limit is %d MiB)' % limits.memory_mib
        elif 'File too large' in error:
            # Python ignores SIGXFSZ: the write past the limit fails.
            error += ' (max_output_size is %d MiB)' % limits.max_output_mib
        raise failure(script, 'failed%s: %s' % (
            '' if line is None else ' at line %d' % line, error))
    return result['frames']


class Scripts:
    """The scripts of one revision, run in creation order on the points
    of the frames they are in force for (those whose period begins in
    [start, end))."""

    def __init__(self, script_set, limits):
        self.revision = script_set.revision
        self.scripts = script_set.scripts
        self.limits = limits

    def rate_frames(self, batches):
        """``batches``: ``[(frame, [(type_, point), ...])]``; set the
        points' prices to what each script in force makes of them."""
        for script in self.scripts:
            chosen = [(frame, todo) for frame, todo in batches
                      if todo and _active(script, frame['begin'])]
            if not chosen:
                continue
            if not self.limits.enabled:
                raise exceptions.ScriptFailed(
                    "pyscripts: script '%s' (UUID: %s) is in force but "
                    'executing scripts is off ([pyscripts] '
                    'enable_execution = false); disable the pyscripts '
                    'module or ask an operator to allow scripts. The '
                    'points were not rated and nothing was stored.'
                    % (script.name, script.script_id))
            sent = worker.encode([_frame_to_data(frame, todo)
                                  for frame, todo in chosen])
            # The frames as the worker reads them: what comes back is
            # compared with these.
            expected = worker.decode(sent)
            returned = run(script, expected, self.limits)
            try:
                if not isinstance(returned, list) or len(returned) != len(
                        expected):
                    raise ValueError('the worker answered %s frames for %d'
                                     % (len(returned), len(expected)))
                prices = [prices_of(frame, original)
                          for frame, original in zip(returned, expected)]
            except ValueError as error:
                raise failure(script, 'returned an invalid data frame: '
                              '%s' % error)
            for (frame, todo), frame_prices in zip(chosen, prices):
                for (type_, point), price in zip(todo, frame_prices):
                    point['price'] = price
