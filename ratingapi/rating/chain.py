"""The module chain: the enabled rating modules price points in turn,
highest priority first, each adding to the price the point carries.

``Rater`` is the entry point of the API (quotes, rating on ingest) and of
the processor.  It reads the modules' state on every call, so enabling,
disabling or re-prioritising a module takes effect on the next request in
every worker and node; it keeps each module's compiled rules for as long
as their revision in storage has not changed.  The pricing itself
(:func:`rate`) is pure.
"""
import dataclasses
import decimal
import threading

from ratingapi.rating import hashmap
from ratingapi.rating import modules
from ratingapi.rating import pyscripts
from ratingapi.storage import amount
from ratingapi.storage import hashmap as hashmap_storage
from ratingapi.storage import pyscripts as pyscripts_storage

ZERO = decimal.Decimal(0)
# Stored prices have the nine decimal places of storage.amount: a price
# computed with more is rounded half to even (banker's rounding), once.
STORED_QUANTUM = decimal.Decimal(1).scaleb(-amount.PLACES)
# Wide enough that quantizing any price the engine makes is exact.
_WIDE = decimal.Context(prec=120, Emax=decimal.MAX_EMAX)


class PriceError(ValueError):
    """A computed price that cannot be stored (names the point)."""


@dataclasses.dataclass(frozen=True)
class Chain:
    """The enabled modules that price, in the order they run."""
    module_ids: tuple
    # One engine per module: .pricer(moment) prices point by point,
    # .rate_frames(batches) frames at once (rating scripts).
    engines: tuple


def _todo(frame, unpriced_only):
    """``[(type_, point)]`` of the points of ``frame`` to price; their
    price starts at 0."""
    todo = []
    for type_, points in frame['usage'].items():
        for point in points:
            if point['price'] is None:
                point['price'] = ZERO
            elif unpriced_only:
                continue
            todo.append((type_, point))
    return todo


def _stages(engines):
    """Runs of engines that price point by point (``pricer``), and the
    engines that price frames at once (``rate_frames``), in order."""
    run = []
    for engine in engines:
        if hasattr(engine, 'pricer'):
            run.append(engine)
            continue
        if run:
            yield run
            run = []
        yield engine
    if run:
        yield run


def _price_points(batches, engines, scope_text, scope_key):
    for frame, todo in batches:
        pricers = [engine.pricer(frame['begin']) for engine in engines]
        for type_, point in todo:
            groupby = point['groupby']
            tenant = scope_text(groupby.get(scope_key))
            qty = point['qty']
            if qty.__class__ is int:  # ingestion keeps small ints
                qty = decimal.Decimal(qty)
            price = point['price']
            for pricer in pricers:
                price = pricer(type_, qty, groupby, point['metadata'],
                               tenant, price)
            point['price'] = price


def rate(frames, chain, *, scope_text, scope_key, unpriced_only=True):
    """Price the points of ``frames`` in place and return them.

    ``frames`` are ingestion frames: ``{'begin', 'end', 'usage': {type:
    [point]}}``, each point a dict with ``qty``, ``price``, ``groupby``
    and ``metadata``.  With ``unpriced_only`` only points whose price is
    None are priced (their price starts at 0); the others keep theirs.
    The tenant of a point is ``scope_text(groupby[scope_key])``.  Modules
    run in the chain's order; a rating script failing raises
    ``ratingapi.exceptions.ScriptFailed`` (the caller stores nothing).
    """
    batches = [(frame, _todo(frame, unpriced_only)) for frame in frames]
    for stage in _stages(chain.engines):
        if isinstance(stage, list):
            _price_points(batches, stage, scope_text, scope_key)
        else:
            stage.rate_frames(batches)
    return frames


def round_for_storage(frames):
    """Round every price to storage's precision; PriceError when one is
    beyond what storage holds."""
    for index, frame in enumerate(frames):
        for type_, points in frame['usage'].items():
            for number, point in enumerate(points):
                if point['price'].__class__ is int:  # exact already
                    continue
                price = point['price'].quantize(
                    STORED_QUANTUM, rounding=decimal.ROUND_HALF_EVEN,
                    context=_WIDE)
                try:
                    amount.split(price)
                except amount.AmountError as exc:
                    raise PriceError(
                        'dataframes[%d].usage.%s[%d]: the computed price '
                        'cannot be stored: %s' % (index, type_, number, exc))
                point['price'] = price
    return frames


class Rater:
    """Builds the chain from storage, once per process, kept current.

    Thread-safe: a worker's threads share the compiled rules; a reload
    replaces them whole.
    """

    def __init__(self, script_limits=pyscripts.DISABLED):
        self._lock = threading.Lock()
        self._hashmap = None  # the HashMap engine of the cached revision
        self._scripts = None  # the pyscripts engine of the cached revision
        self._script_limits = script_limits

    def unavailable(self):
        """``{module_id: why}`` of the modules this deployment cannot
        run: enabling one is refused."""
        if self._script_limits.enabled:
            return {}
        return {pyscripts.MODULE_ID: pyscripts.EXECUTION_OFF}

    def _scripts_engine(self, executor, revision):
        engine = self._scripts
        if engine is None or engine.revision != revision:
            engine = pyscripts.Scripts(
                pyscripts_storage.load_scripts(executor, revision),
                self._script_limits)
            with self._lock:
                current = self._scripts
                if current is None or current.revision < engine.revision:
                    self._scripts = engine
        return engine

    def _hashmap_engine(self, executor, revision):
        engine = self._hashmap
        if engine is None or engine.rules.revision != revision:
            engine = hashmap.HashMap(
                hashmap_storage.load_rules(executor, revision))
            with self._lock:
                current = self._hashmap
                if current is None or (current.rules.revision
                                       < engine.rules.revision):
                    self._hashmap = engine
        return engine

    def chain(self, executor):
        """The current chain: modules' state read now, rules reloaded
        when their revision moved."""
        infos = sorted((info for info in modules.list_modules(executor)
                        if info.enabled),
                       key=lambda info: (-info.priority, info.module_id))
        ids, engines = [], []
        for info in infos:
            if info.module_id == hashmap_storage.MODULE_ID:
                ids.append(info.module_id)
                engines.append(self._hashmap_engine(executor,
                                                    info.revision))
            elif info.module_id == pyscripts_storage.MODULE_ID:
                ids.append(info.module_id)
                engines.append(self._scripts_engine(executor,
                                                    info.revision))
            # noop prices nothing: it is enabled, and skipped.
        return Chain(module_ids=tuple(ids), engines=tuple(engines))
