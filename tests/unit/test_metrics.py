"""The metrics file: CloudKitty's format, its defaults, what groupby gains,
exact numbers, and errors that name the metric and the key."""
import fractions
import pathlib

import pytest

from ratingapi.api import serialization
from ratingapi import app
from ratingapi import metrics
from tests import appkit

F = fractions.Fraction
REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = REPO / 'etc' / 'ratingapi' / 'metrics.yml'


def _load(tmp_path, text, scope_key='project_id'):
    path = tmp_path / 'metrics.yml'
    path.write_text(text)
    return metrics.load(str(path), scope_key)


def _error(tmp_path, text):
    with pytest.raises(metrics.MetricsError) as info:
        _load(tmp_path, text)
    message = str(info.value)
    assert message.startswith('metrics file %s: ' % (tmp_path /
                                                     'metrics.yml'))
    return message


# -- what a valid file gives ------------------------------------------------

def test_defaults_of_a_minimal_metric(tmp_path):
    [metric] = _load(tmp_path, 'metrics:\n  volume.size:\n    unit: GiB\n'
                     ).metrics
    assert metric == metrics.Metric(
        name='volume.size', alt_name='volume.size', unit='GiB',
        groupby=('project_id', 'id'), metadata=(), factor=F(1),
        offset=F(0), mutate='NONE')
    assert metric.mutate_map is None and metric.description is None
    assert dict(metric.extra_args) == {}


def test_every_key(tmp_path):
    [metric] = _load(tmp_path, '''
metrics:
  cpu:
    unit: instance
    alt_name: instance
    description: Running instances.
    groupby: [user_id]
    metadata: [flavor_name, flavor_id]
    factor: 3/2
    offset: -0.25
    mutate: CEIL
    extra_args: {resource_type: instance, aggregation_method: mean}
''').metrics
    assert (metric.name, metric.alt_name, metric.unit) == (
        'cpu', 'instance', 'instance')
    assert metric.description == 'Running instances.'
    assert metric.groupby == ('user_id', 'project_id', 'id')
    assert metric.metadata == ('flavor_name', 'flavor_id')
    assert (metric.factor, metric.offset) == (F(3, 2), F(-1, 4))
    assert metric.mutate == 'CEIL'
    assert dict(metric.extra_args) == {'resource_type': 'instance',
                                       'aggregation_method': 'mean'}


def test_metric_is_frozen(tmp_path):
    [metric] = _load(tmp_path, 'metrics:\n  a:\n    unit: u\n').metrics
    with pytest.raises(AttributeError):
        metric.unit = 'other'
    with pytest.raises(TypeError):
        metric.extra_args['x'] = 1


@pytest.mark.parametrize('written, exact', [
    ('2', F(2)), ('0.1', F(1, 10)), ('1/1048576', F(1, 1048576)),
    ('"0.3"', F(3, 10)), ('1e-3', F(1, 1000)), ('-1/3', F(-1, 3)),
    ('0.000001', F(1, 1000000)),
])
def test_factor_and_offset_are_exact(tmp_path, written, exact):
    [metric] = _load(tmp_path, 'metrics:\n  a:\n    unit: u\n'
                     '    factor: %s\n    offset: %s\n' % (written, written)
                     ).metrics
    assert metric.factor == exact and metric.offset == exact
    assert type(metric.factor) is F and type(metric.offset) is F


def test_groupby_gains_the_scope_key_and_the_resource_key_once(tmp_path):
    loaded = _load(tmp_path, '''
metrics:
  a: {unit: u, groupby: [id, domain_id, id]}
  b: {unit: u, groupby: [x], extra_args: {resource_key: uuid}}
''', scope_key='domain_id')
    assert [m.groupby for m in loaded.metrics] == [
        ('id', 'domain_id'), ('x', 'domain_id', 'uuid')]


def test_repeated_metadata_counts_once(tmp_path):
    [metric] = _load(tmp_path, 'metrics:\n  a: {unit: u, metadata: [x, y, '
                     'x]}\n').metrics
    assert metric.metadata == ('x', 'y')


def test_list_form_gives_one_rating_type_per_entry(tmp_path):
    loaded = _load(tmp_path, '''
metrics:
  libvirt_domain_openstack_info:
    - {unit: vcpu, alt_name: vcpus}
    - {unit: license, alt_name: os.license, metadata: [os_distro]}
  ram: {unit: GiB}
''')
    assert [(m.name, m.alt_name) for m in loaded.metrics] == [
        ('libvirt_domain_openstack_info', 'vcpus'),
        ('libvirt_domain_openstack_info', 'os.license'), ('ram', 'ram')]
    assert loaded.types == ('vcpus', 'os.license', 'ram')


def test_find_matches_alt_name_only(tmp_path):
    loaded = _load(tmp_path, '''
metrics:
  cpu: {unit: instance, alt_name: instance}
  instance.status: {unit: instance, alt_name: instance}
  ram: {unit: GiB}
''')
    # The first of two sharing a rating type, as CloudKitty answers.
    assert loaded.find('instance').name == 'cpu'
    assert loaded.find('ram').name == 'ram'
    assert loaded.find('cpu') is None
    assert loaded.types == ('instance', 'ram')


def test_document_is_the_file_as_parsed_and_json_exact(tmp_path):
    loaded = _load(tmp_path, '''
metrics:
  a:
    unit: u
    offset: 0.1
    mutate: MAP
    mutate_map: {0.0: 1, 2: 0.5}
    extra_args: {flag: true, nothing: null}
''')
    assert serialization.dumps(loaded.document) == (
        '{"metrics":{"a":{"unit":"u","offset":0.1,"mutate":"MAP",'
        '"mutate_map":{"0.0":1,"2":0.5},'
        '"extra_args":{"flag":true,"nothing":null}}}}')


# -- quantities ---------------------------------------------------------------

def _metric(**values):
    values = {'name': 'm', 'alt_name': 'm', 'unit': 'u', 'groupby': (),
              'metadata': (), 'factor': F(1), 'offset': F(0),
              'mutate': 'NONE', **values}
    return metrics.Metric(**values)


@pytest.mark.parametrize('mutate, collected, expected', [
    ('NONE', '9.9', F(99)), ('CEIL', '9.91', F(100)),
    ('FLOOR', '9.99', F(99)), ('NUMBOOL', '0', F(0)),
    ('NUMBOOL', '0.2', F(1)), ('NOTNUMBOOL', '0', F(1)),
    ('NOTNUMBOOL', '3', F(0)),
])
def test_quantity_converts_then_mutates(mutate, collected, expected):
    # CloudKitty converts first: 9.9 * 10 = 99 before CEIL, not 100.
    assert _metric(factor=F(10), mutate=mutate).quantity(
        collected) == expected


def test_quantity_is_exact():
    metric = _metric(factor=F(1, 1048576), offset=F(1, 10))
    assert metric.quantity(1048576 * 3) == F(31, 10)
    assert metric.quantity(0.1) == F(1, 10485760) + F(1, 10)


def test_map_mutation(tmp_path):
    [metric] = _load(tmp_path, 'metrics:\n  s:\n    unit: instance\n'
                     '    mutate: MAP\n    mutate_map: {0.0: 1, 16: 2}\n'
                     ).metrics
    assert metric.quantity('0') == 1
    assert metric.quantity(16.0) == 2
    # Not in the map: 0, as in CloudKitty.
    assert metric.quantity(4) == 0


# -- the sample file and the test file --------------------------------------

def test_the_sample_file_is_valid():
    loaded = metrics.load(str(SAMPLE), 'project_id')
    assert loaded.path == str(SAMPLE)
    for expected in ('instance', 'ram', 'volume', 'image', 'ip.floating',
                     'radosgw'):
        assert expected in loaded.types
    assert loaded.find('image').factor == F(1, 1048576)
    for metric in loaded.metrics:
        assert metric.groupby[-2:] == ('project_id', 'id')


def test_the_tests_file_is_valid():
    assert metrics.load(str(appkit.METRICS_FILE), 'project_id').types == (
        'instance', 'volume.size', 'image', 'instance.status', 'vcpus',
        'os.license')


# -- what a file may not say -----------------------------------------------

@pytest.mark.parametrize('text, expected', [
    ('', 'expected a mapping with a "metrics" key, got an empty file'),
    ('- a\n', "expected a mapping with a \"metrics\" key, got ['a']"),
    ('other: 1\n', "unknown key 'other'"),
    ('name: x\nmetrics: {a: {unit: u}}\n', "unknown key 'name'"),
    ('metrics: {}\n', "key 'metrics': expected a mapping of at least one "
                      "metric"),
    ('metrics:\n  a: {}\n', "metric 'a', key 'unit' is required"),
    ('metrics:\n  a: {unit: ""}\n', "metric 'a', key 'unit': expected a "
                                    "non-empty string"),
    ('metrics:\n  a: {unit: u, grouby: [id]}\n',
     "metric 'a', unknown key 'grouby'"),
    ('metrics:\n  a: {unit: u, mutate: ROUND}\n',
     "metric 'a', key 'mutate': expected one of NONE, CEIL, FLOOR, NUMBOOL, "
     "NOTNUMBOOL, MAP"),
    ('metrics:\n  a: {unit: u, factor: 0.1.2}\n',
     "metric 'a', key 'factor': expected an integer, a decimal number or a "
     "fraction"),
    ('metrics:\n  a: {unit: u, factor: 1/0}\n', "metric 'a', key 'factor'"),
    ('metrics:\n  a: {unit: u, offset: true}\n', "metric 'a', key 'offset'"),
    ('metrics:\n  a: {unit: u, groupby: id}\n', "metric 'a', key 'groupby'"),
    ('metrics:\n  a: {unit: u, metadata: [""]}\n',
     "metric 'a', key 'metadata.0'"),
    ('metrics:\n  a: {unit: u, mutate: MAP}\n',
     "metric 'a', key 'mutate_map' is required with mutate MAP"),
    ('metrics:\n  a: {unit: u, mutate_map: {0: 1}}\n',
     "metric 'a', key 'mutate_map': only allowed with mutate MAP"),
    ('metrics:\n  a: {unit: u, mutate: MAP, mutate_map: {0: x}}\n',
     "metric 'a', key 'mutate_map.0'"),
    ('metrics:\n  a: {unit: u, metadata: [project_id]}\n',
     "metric 'a', key 'metadata': 'project_id' also in groupby"),
    ('metrics:\n  a: {unit: u, groupby: [x], metadata: [x]}\n',
     "metric 'a', key 'metadata': 'x' also in groupby"),
    ('metrics:\n  a: {unit: u, extra_args: [1]}\n',
     "metric 'a', key 'extra_args'"),
    ('metrics:\n  a: []\n', "metric 'a': expected a mapping or a non-empty "
                            "list"),
    ('metrics:\n  a: [{unit: u}, {alt_name: b}]\n',
     "metric 'a' (entry 2), key 'unit' is required"),
    ('metrics:\n  a: {unit: u, alt_name: %s}\n' % ('x' * 256),
     "metric 'a', key 'alt_name': expected at most 255 characters"),
    ('metrics:\n  1: {unit: u}\n', 'metric names must be non-empty strings'),
    ('metrics:\n  a: {unit: u, extra_args: {since: 2026-01-01}}\n',
     'key metrics.a.extra_args.since: datetime.date(2026, 1, 1) has no '
     'JSON form (quote it'),
    ('metrics: {a: [unclosed\n', 'not valid YAML'),
    ('metrics:\n  a: [{unit: u}, {unit: ""}]\n',
     "metric 'a' (entry 2), key 'unit'"),
    ('metrics:\n  %s: {unit: u}\n' % ('x' * 256),
     'its name is its rating type when it has no alt_name'),
    ('metrics:\n  a: {unit: u, extra_args: {resource_key: 5}}\n',
     "metric 'a', key 'extra_args.resource_key': expected a non-empty "
     "string"),
], ids=lambda value: value if len(value) < 40 else value[:40])
def test_invalid_files_are_refused_naming_metric_and_key(tmp_path, text,
                                                         expected):
    assert expected in _error(tmp_path, text)


def test_a_missing_file(tmp_path):
    missing = str(tmp_path / 'none.yml')
    with pytest.raises(metrics.MetricsError) as info:
        metrics.load(missing, 'project_id')
    assert str(info.value) == 'metrics file %s: no such file' % missing
    assert metrics.load(missing, 'project_id', missing_ok=True) == (
        metrics.Metrics())


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(metrics.MetricsError) as info:
        metrics.load(str(tmp_path), 'project_id')
    assert 'cannot be read' in str(info.value)


# -- [collect] metrics_conf ---------------------------------------------------

def test_from_conf_reads_the_named_file():
    conf = appkit.make_conf()
    conf.set_override('metrics_conf', str(SAMPLE), 'collect')
    conf.set_override('scope_key', 'domain_id', 'collect')
    loaded = metrics.from_conf(conf)
    assert loaded.path == str(SAMPLE)
    assert 'domain_id' in loaded.find('instance').groupby


def test_from_conf_empty_means_no_definitions():
    conf = appkit.make_conf()
    conf.set_override('metrics_conf', '', 'collect')
    assert metrics.from_conf(conf) == metrics.Metrics()


def test_from_conf_missing_at_the_default_path_means_none(monkeypatch,
                                                          tmp_path, caplog):
    absent = str(tmp_path / 'metrics.yml')
    monkeypatch.setattr(metrics.collect, 'DEFAULT_METRICS_CONF', absent)
    conf = appkit.make_conf()
    conf.set_override('metrics_conf', absent, 'collect')
    assert metrics.from_conf(conf) == metrics.Metrics()
    assert 'No metrics file at %s' % absent in caplog.text


def test_from_conf_missing_elsewhere_is_an_error(tmp_path):
    conf = appkit.make_conf()
    conf.set_override('metrics_conf', str(tmp_path / 'typo.yml'), 'collect')
    with pytest.raises(metrics.MetricsError):
        metrics.from_conf(conf)


def test_the_default_path():
    assert appkit.make_conf().collect.metrics_conf == (
        '/etc/ratingapi/metrics.yml')


def test_an_invalid_file_stops_app_creation(tmp_path):
    path = tmp_path / 'metrics.yml'
    path.write_text('metrics:\n  cpu: {unit: instance, factor: x}\n')
    conf = appkit.make_conf()
    conf.set_override('metrics_conf', str(path), 'collect')
    with pytest.raises(metrics.MetricsError) as info:
        app.create_app(conf)
    assert "metric 'cpu', key 'factor'" in str(info.value)
