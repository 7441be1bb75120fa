"""python-cloudkittyclient 6.2.0's ``cloudkitty info ...`` commands
against ratingapi (gunicorn, noauth) started with the sample metrics file
(``etc/ratingapi/metrics.yml``), as an operator runs them."""
import pathlib

import httpx
import pytest
import yaml

from ratingapi import metrics
from tests.functional import live
from tests.functional import test_cloudkittyclient as cli

SAMPLE = (pathlib.Path(__file__).resolve().parents[2] / 'etc' /
          'ratingapi' / 'metrics.yml')


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp('cloudkittyclient-info')
    with live.api_server(tmp_path, more_config='[collect]\n'
                         'metrics_conf = %s\n' % SAMPLE) as running:
        endpoint = running.root.rstrip('/')
        with httpx.Client(base_url=endpoint, timeout=30) as http:
            yield {'endpoint': endpoint, 'http': http, 'log': running.log,
                   'env': cli._client_env(tmp_path)}


@pytest.fixture(scope='module')
def sample():
    return metrics.load(str(SAMPLE), 'project_id')


def test_info_metric_list(server, sample):
    rows = cli.ok_json(server, 'info', 'metric', 'list')
    assert [row['Metric'] for row in rows] == list(sample.types)
    image = sample.find('image')
    assert rows[list(sample.types).index('image')] == {
        'Metric': 'image', 'Unit': image.unit,
        'Metadata': list(image.metadata)}


def test_info_metric_get(server, sample):
    [row] = cli.ok_json(server, 'info', 'metric', 'get', 'ram')
    assert row == {'Metric': 'ram', 'Unit': 'GiB',
                   'Metadata': list(sample.find('ram').metadata)}


def test_info_metric_get_by_datasource_name_fails(server):
    error = cli.failed(server, 'info', 'metric', 'get', 'memory')
    assert 'No such metric: memory.' in error
    assert '(HTTP 404)' in error


def test_info_config_get(server):
    rows = cli.ok_json(server, 'info', 'config', 'get')
    # One row per top-level member of the file: its metrics, as written.
    [row] = rows
    assert row['Section'] == 'metrics'
    with open(SAMPLE) as stream:
        written = yaml.safe_load(stream)
    assert row['Value'] == written['metrics']
    assert row['Value']['memory']['factor'] == '1/1024'
