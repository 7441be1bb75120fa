"""End to end: ``ratingapi-api`` (gunicorn) on 127.0.0.1, keystoneauth1 as
the client, the way OpenStack tools discover a service."""
import os
import subprocess
import sys

from keystoneauth1 import adapter
from keystoneauth1 import discover
from keystoneauth1 import session as ks_session
import pytest

from ratingapi.storage import migration
from tests.functional import live

BIN = os.path.dirname(sys.executable)


def _write_conf(tmp_path, **api):
    path = tmp_path / 'ratingapi.conf'
    lines = ['[DEFAULT]', 'auth_strategy = noauth',
             'state_path = %s' % tmp_path, '[api]']
    lines += ['%s = %s' % item for item in api.items()]
    path.write_text('\n'.join(lines) + '\n')
    return path


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp('e2e')
    with live.api_server(tmp_path) as running:
        yield {'root': running.root, 'log': running.log,
               'tmp_path': tmp_path}


@pytest.fixture
def sess():
    return ks_session.Session()


def test_launcher_prints_where_it_listens_and_migrates(server):
    output = server['log'].read_text()
    assert 'listening on http://127.0.0.1:' in output
    url = 'sqlite:///%s/ratingapi.sqlite' % server['tmp_path']
    assert migration.current(url) == migration.head()


def test_unversioned_root_picks_v2_with_its_range(server, sess):
    disc = discover.get_discovery(sess, server['root'], authenticated=False)
    data = disc.versioned_data_for(max_version='latest')
    assert data['version'] == (2, 0)
    assert data['url'] == server['root'] + 'v2/'
    assert data['min_microversion'] == (2, 0)
    assert data['max_microversion'] >= (2, 0)
    assert data['status'] == 'CURRENT'


def test_v1_can_be_pinned(server, sess):
    disc = discover.get_discovery(sess, server['root'], authenticated=False)
    data = disc.versioned_data_for(min_version='1', max_version='1.latest')
    assert data['version'] == (1, 0)
    assert data['url'] == server['root'] + 'v1/'
    assert data['max_microversion'] is None


def test_no_version_above_what_the_server_offers(server, sess):
    disc = discover.get_discovery(sess, server['root'], authenticated=False)
    assert disc.versioned_data_for(min_version='99') is None


@pytest.mark.parametrize('major', [1, 2])
def test_versioned_endpoint_discovers_its_own_version(server, sess, major):
    endpoint = server['root'] + 'v%d/' % major
    data = discover.EndpointData(catalog_url=endpoint).get_versioned_data(
        sess, min_version=str(major), max_version='%d.latest' % major,
        allow_version_hack=False)
    assert data.api_version == (major, 0)
    assert data.service_url == endpoint
    root_data = discover.get_discovery(
        sess, server['root'], authenticated=False).versioned_data_for(
        min_version=str(major), max_version='%d.latest' % major)
    assert data.min_microversion == root_data['min_microversion']
    assert data.max_microversion == root_data['max_microversion']


def test_adapter_sends_and_gets_back_the_microversion(server, sess):
    api = adapter.Adapter(sess, service_type='rating',
                          endpoint_override=server['root'] + 'v2/',
                          default_microversion='2.0')
    response = api.get('rating/modules')
    assert response.status_code == 200
    assert response.headers['OpenStack-API-Version'] == 'rating 2.0'
    ids = [module['module_id'] for module in response.json()['modules']]
    assert {'noop', 'hashmap'} <= set(ids)


def test_noauth_refuses_a_public_address(tmp_path):
    config = _write_conf(tmp_path)
    result = subprocess.run(
        [os.path.join(BIN, 'ratingapi-api'), '--config-file', str(config),
         '--bind', '0.0.0.0:%d' % live.free_port()],
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert 'noauth' in result.stderr
    assert 'allow_noauth_on_public_address' in result.stderr
