"""Metric definitions: what is collected and rated, read from a metrics
file in CloudKitty's ``metrics.yml`` format.

The file is read and validated once, when a process starts (the API and,
later, the processor); :func:`load` answers a :class:`Metrics` or raises
:class:`MetricsError` naming the metric and the key at fault.  CloudKitty
instead re-reads the file on every request and answers 405 when it is
invalid.

The format, as CloudKitty defines it, and what we adopt::

    metrics:                   # mandatory, a mapping with at least one metric
      <metric name>:           # as the datasource calls it (image.size)
        unit: MiB              # mandatory, non-empty
        alt_name: image        # the rating type; default: the metric name
        description: ...       # optional free text
        groupby: [id]          # default []
        metadata: [disk_format]  # default []
        factor: 1/1048576      # default 1; int, decimal or fraction "a/b"
        offset: 0              # default 0; same forms
        mutate: NONE           # NONE (default), CEIL, FLOOR, NUMBOOL,
                               # NOTNUMBOOL or MAP
        mutate_map: {0: 1}     # with MAP only, and then mandatory
        extra_args: {...}      # the collector's own options, kept as given

A metric may also be a list of such mappings, one rating type each (recent
CloudKitty releases accept this form).  As CloudKitty's collectors do,
``groupby`` always gains the scope key (``[collect] scope_key``) and the
resource key (``extra_args.resource_key``, default ``id``, the Gnocchi
collector's convention, which is CloudKitty's default collector), in that
order; a key may not be in both ``groupby`` and ``metadata``, and
repeated keys count once.  Unknown keys are refused, as CloudKitty's
schema refuses them.

``factor``, ``offset`` and ``mutate_map`` are exact ``Fraction`` values:
a YAML float is read by its decimal digits (``0.1`` is 1/10), never
through binary floating point.
"""
import dataclasses
import decimal
import fractions
import logging
import math
import types

import voluptuous as vol
import yaml

from ratingapi.conf import collect

LOG = logging.getLogger(__name__)

MUTATIONS = ('NONE', 'CEIL', 'FLOOR', 'NUMBOOL', 'NOTNUMBOOL', 'MAP')
RESOURCE_KEY = 'id'
# Rating types and units are stored in VARCHAR(255) columns.
MAX_NAME_LENGTH = 255


class MetricsError(Exception):
    """The metrics file cannot be used; the message says where and why."""


@dataclasses.dataclass(frozen=True)
class Metric:
    """One rating type: how a datasource metric becomes rated quantities."""

    name: str                  # the metric as the datasource names it
    alt_name: str              # the rating type (the API's metric_id)
    unit: str
    groupby: tuple
    metadata: tuple
    factor: fractions.Fraction
    offset: fractions.Fraction
    mutate: str
    mutate_map: types.MappingProxyType | None = None
    description: str | None = None
    extra_args: types.MappingProxyType = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({}))

    def quantity(self, collected):
        """The exact rated quantity of a ``collected`` value.

        ``collected * factor + offset``, then mutated (CloudKitty mutates
        after converting).  Rounding, if any, is the caller's business.
        """
        qty = exact(collected) * self.factor + self.offset
        if self.mutate == 'CEIL':
            return fractions.Fraction(math.ceil(qty))
        if self.mutate == 'FLOOR':
            return fractions.Fraction(math.floor(qty))
        if self.mutate == 'NUMBOOL':
            return fractions.Fraction(qty != 0)
        if self.mutate == 'NOTNUMBOOL':
            return fractions.Fraction(qty == 0)
        if self.mutate == 'MAP':
            # A value the map does not name counts 0, as in CloudKitty.
            return self.mutate_map.get(qty, fractions.Fraction(0))
        return qty


@dataclasses.dataclass(frozen=True)
class Metrics:
    """Every metric definition of a file, in file order.

    ``document`` is the file as parsed (numbers written as the decimals
    they were, so it serializes to JSON exactly); None without a file.
    """

    metrics: tuple = ()
    document: dict | None = dataclasses.field(default=None, compare=False)
    path: str | None = None

    @property
    def types(self):
        """The rating types, each once, in file order."""
        return tuple(dict.fromkeys(metric.alt_name
                                   for metric in self.metrics))

    def find(self, metric_id):
        """The first metric whose ``alt_name`` is ``metric_id``, or None.

        Matched on ``alt_name`` only, as CloudKitty does: a metric renamed
        by ``alt_name`` is not found under its datasource name.
        """
        for metric in self.metrics:
            if metric.alt_name == metric_id:
                return metric
        return None


def exact(value):
    """An int, a decimal number or a fraction ``"a/b"`` → ``Fraction``."""
    if isinstance(value, bool):
        raise vol.Invalid('expected a number, got %r' % (value,))
    if isinstance(value, float):
        # The shortest repr of a float is the decimal the file wrote.
        value = repr(value)
    if isinstance(value, (int, str, decimal.Decimal, fractions.Fraction)):
        try:
            number = fractions.Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
        else:
            return number
    raise vol.Invalid('expected an integer, a decimal number or a fraction '
                      'such as 1/1024, got %r' % (value,))


def _name(value):
    if not isinstance(value, str) or not value:
        raise vol.Invalid('expected a non-empty string, got %r' % (value,))
    if '\x00' in value or len(value) > MAX_NAME_LENGTH:
        raise vol.Invalid('expected at most %d characters and no NUL'
                          % MAX_NAME_LENGTH)
    return value


def _key(value):
    if not isinstance(value, str) or not value:
        raise vol.Invalid('expected a non-empty string, got %r' % (value,))
    return value


def _metrics(value):
    if not isinstance(value, dict) or not value:
        raise vol.Invalid('expected a mapping of at least one metric')
    return value


DOCUMENT = vol.Schema({vol.Required('metrics'): _metrics})

METRIC = vol.Schema({
    vol.Required('unit'): _name,
    vol.Optional('alt_name'): _name,
    vol.Optional('description'): vol.All(str, vol.Length(min=1)),
    vol.Required('groupby', default=list): [_key],
    vol.Required('metadata', default=list): [_key],
    vol.Required('factor', default=1): exact,
    vol.Required('offset', default=0): exact,
    vol.Required('mutate', default='NONE'): vol.In(
        MUTATIONS, msg='expected one of %s' % ', '.join(MUTATIONS)),
    vol.Optional('mutate_map'): {exact: exact},
    vol.Optional('extra_args'): {str: object},
})


def _message(exc):
    """``key 'unit': expected ...`` from a voluptuous error."""
    error = min(exc.errors, key=lambda e: len(e.path))
    where = '.'.join(str(part) for part in error.path)
    if error.error_message == 'extra keys not allowed':
        return 'unknown key %r' % where
    if isinstance(error, vol.RequiredFieldInvalid):
        return 'key %r is required' % where
    return 'key %r: %s' % (where, error.error_message)


def _json_able(value, where):
    """``value`` as JSON can carry it: floats as exact decimals, keys as
    text; a YAML date, binary or set has no JSON form and is refused."""
    if isinstance(value, dict):
        return {_json_key(key, where): _json_able(item, '%s.%s' % (
            where, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_able(item, where) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise MetricsError('%s: %r has no JSON form' % (where, value))
        return decimal.Decimal(repr(value))
    if value is None or isinstance(value, (str, int)):
        return value
    raise MetricsError('%s: %r has no JSON form (quote it to make it a '
                       'string)' % (where, value))


def _json_key(key, where):
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return {True: 'true', False: 'false', None: 'null'}[key]
    if isinstance(key, (int, float)):
        return repr(key)
    raise MetricsError('%s: the key %r has no JSON form' % (where, key))


def _metric(name, entry, scope_key, index=None):
    where = 'metric %r' % name
    if index is not None:
        where += ' (entry %d)' % (index + 1)
    try:
        values = METRIC(entry)
    except vol.MultipleInvalid as exc:
        raise MetricsError('%s, %s' % (where, _message(exc)))
    if values['mutate'] == 'MAP' and 'mutate_map' not in values:
        raise MetricsError("%s, key 'mutate_map' is required with "
                           "mutate MAP" % where)
    if values['mutate'] != 'MAP' and 'mutate_map' in values:
        raise MetricsError("%s, key 'mutate_map': only allowed with mutate "
                           "MAP (mutate is %s)" % (where, values['mutate']))
    alt_name = values.get('alt_name', name)
    try:
        _name(alt_name)
    except vol.Invalid as exc:
        raise MetricsError('%s: its name is its rating type when it has no '
                           'alt_name, and it is not one: %s' % (where, exc))
    extra_args = values.get('extra_args', {})
    resource_key = extra_args.get('resource_key', RESOURCE_KEY)
    if not isinstance(resource_key, str) or not resource_key:
        raise MetricsError("%s, key 'extra_args.resource_key': expected a "
                           "non-empty string, got %r" % (where, resource_key))
    groupby = tuple(dict.fromkeys(values['groupby'] + [scope_key,
                                                       resource_key]))
    metadata = tuple(dict.fromkeys(values['metadata']))
    both = [key for key in metadata if key in groupby]
    if both:
        raise MetricsError(
            "%s, key 'metadata': %s also in groupby (which always holds %r "
            "and %r)" % (where, ', '.join(map(repr, both)), scope_key,
                         resource_key))
    mutate_map = values.get('mutate_map')
    return Metric(
        name=name, alt_name=alt_name,
        unit=values['unit'], groupby=groupby, metadata=metadata,
        factor=values['factor'], offset=values['offset'],
        mutate=values['mutate'],
        mutate_map=(None if mutate_map is None
                    else types.MappingProxyType(mutate_map)),
        description=values.get('description'),
        extra_args=types.MappingProxyType(extra_args))


def parse(document, scope_key):
    """:class:`Metrics` from a parsed metrics file (a mapping)."""
    if not isinstance(document, dict):
        raise MetricsError('expected a mapping with a "metrics" key, got %s'
                           % ('an empty file' if document is None
                              else repr(document)))
    try:
        DOCUMENT(document)
    except vol.MultipleInvalid as exc:
        raise MetricsError(_message(exc))
    metrics = []
    for name, entries in document['metrics'].items():
        if not isinstance(name, str) or not name:
            raise MetricsError('metric names must be non-empty strings, '
                               'got %r' % (name,))
        if isinstance(entries, list):
            if not entries:
                raise MetricsError('metric %r: expected a mapping or a '
                                   'non-empty list of mappings' % name)
            metrics.extend(_metric(name, entry, scope_key, index)
                           for index, entry in enumerate(entries))
        else:
            metrics.append(_metric(name, entries, scope_key))
    seen = {}
    for metric in metrics:
        if metric.alt_name in seen:
            # CloudKitty accepts it; the two then share one rating type.
            LOG.warning('Metrics %r and %r share the rating type %r: '
                        '/v1/info/metrics/%s shows the first.',
                        seen[metric.alt_name], metric.name, metric.alt_name,
                        metric.alt_name)
        seen.setdefault(metric.alt_name, metric.name)
    return Metrics(metrics=tuple(metrics),
                   document={'metrics': _json_able(document['metrics'],
                                                   'key metrics')})


def load(path, scope_key, missing_ok=False):
    """:class:`Metrics` from the file at ``path``.

    A missing file is an error unless ``missing_ok``: then there are no
    metric definitions (and the log says so).
    """
    try:
        with open(path, encoding='utf-8') as stream:
            document = yaml.safe_load(stream)
    except FileNotFoundError:
        if not missing_ok:
            raise MetricsError('metrics file %s: no such file' % path)
        LOG.warning('No metrics file at %s: running without metric '
                    'definitions ([collect] metrics_conf).', path)
        return Metrics()
    except (OSError, UnicodeDecodeError) as exc:
        raise MetricsError('metrics file %s: cannot be read: %s'
                           % (path, exc))
    except yaml.YAMLError as exc:
        raise MetricsError('metrics file %s: not valid YAML: %s'
                           % (path, exc))
    try:
        metrics = parse(document, scope_key)
    except MetricsError as exc:
        raise MetricsError('metrics file %s: %s' % (path, exc))
    return dataclasses.replace(metrics, path=path)


def from_conf(conf):
    """The definitions ``[collect] metrics_conf`` names."""
    path = conf.collect.metrics_conf
    if not path:
        return Metrics()
    return load(path, conf.collect.scope_key,
                missing_ok=path == collect.DEFAULT_METRICS_CONF)
