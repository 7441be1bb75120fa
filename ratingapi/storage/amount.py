"""Exact decimal amounts (quantities, prices) as two SQL integers.

An amount ``v`` is stored as ``units = floor(v)`` and
``nanos = (v - units) * 10**9``, so ``0 <= nanos < 10**9``.  Both backends
sum integers exactly and fast, so totals are computed in SQL and are the
same on SQLite (which has no exact decimal type) and PostgreSQL.  The
price of that: amounts carry at most nine decimal places, and whole units
must fit in a signed 64-bit integer; :func:`split` refuses anything else.
"""
import decimal

SCALE = 10 ** 9
PLACES = 9
MAX_UNITS = 2 ** 63 - 1
# The exponent (Decimal.adjusted) of the largest whole units.
_MAX_ADJUSTED = len(str(MAX_UNITS)) - 1
_ONE = decimal.Decimal(1)
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX,
                         Emin=decimal.MIN_EMIN)


class AmountError(ValueError):
    """A value that cannot be stored exactly."""


def split(value):
    """``Decimal`` → ``(units, nanos)``; exact or AmountError."""
    try:
        value = decimal.Decimal(value)
    except (decimal.InvalidOperation, TypeError):
        raise AmountError('%r is not a number' % (value,))
    if not value.is_finite():
        raise AmountError('%s is not a finite number' % value)
    if value.adjusted() > _MAX_ADJUSTED:
        # Refused before int() below could build an integer of any size.
        raise AmountError('%s is too large' % value)
    # Scaling is exact at the precision of the widest decimal.Context: a
    # narrower one (the default has 28 digits) would round long inputs
    # into whole nanos and accept them inexactly.  An explicit context is
    # also several times cheaper than decimal.localcontext() per call,
    # and split() runs twice per ingested point.
    scaled = _EXACT.scaleb(value, PLACES)
    whole = int(scaled)
    if whole != scaled:
        raise AmountError('%s has more than %d decimal places'
                          % (value, PLACES))
    units, nanos = divmod(whole, SCALE)
    if not -MAX_UNITS - 1 <= units <= MAX_UNITS:
        raise AmountError('%s is too large' % value)
    return units, nanos


def join(units, nanos):
    """``(units, nanos)`` (sums included) → ``Decimal``, exact.

    The result carries no trailing zeros beyond the integer part, so equal
    amounts are written the same way whichever backend summed them.
    """
    # Sums may exceed the default 28 significant digits: the wide context
    # adds them exactly (and, as in split(), costs less than a
    # localcontext() per call: join runs twice per point listed).
    return plain(_EXACT.add(decimal.Decimal(int(units or 0)),
                            _EXACT.scaleb(decimal.Decimal(int(nanos or 0)),
                                          -PLACES)))


def plain(value):
    """``value`` without trailing zeros past the point, never with an
    exponent: ``2.5000`` → ``2.5``, ``3.00`` → ``3``, ``1E+2`` → ``100``."""
    if value == value.to_integral_value():
        return _EXACT.quantize(value, _ONE)
    return _EXACT.normalize(value)
