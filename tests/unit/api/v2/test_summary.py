"""/v2/summary handler: what each caller sees, both formats, and the 2.1
links.  HTTP behaviour at the default configuration is pinned in
v2-summary.yaml."""
import pytest

from tests.appkit import ADMIN
from tests.appkit import call
from tests.appkit import MEMBER
from tests.appkit import UNSCOPED
from tests.unit.api.v2.test_dataframes import add
from tests.unit.api.v2.test_dataframes import PERIOD
from tests.unit.api.v2.test_dataframes import point

COLUMNS = ['begin', 'end', 'qty', 'rate', 'project_id']


@pytest.fixture
def client(make_client):
    client = make_client()
    add(client, point('p1', qty=1), point('p2', qty=2), point('p1', qty=4),
        point('p3', qty=8))
    return client


def _summary(client, query='', headers=ADMIN, version='2.0'):
    response = call(client, 'GET', '/v2/summary?%s&%s' % (PERIOD, query),
                    headers=headers, version=version)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_table_format(client):
    assert _summary(client, 'groupby=project_id') == {
        'total': 3, 'format': 'table', 'columns': COLUMNS, 'results': [
            ['2026-11-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00',
             5, 2, 'p1'],
            ['2026-11-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00',
             2, 1, 'p2'],
            ['2026-11-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00',
             8, 1, 'p3']]}


def test_object_format(client):
    table = _summary(client, 'groupby=project_id')
    objects = _summary(client, 'groupby=project_id&response_format=object')
    assert objects == {'total': 3, 'format': 'object', 'results': [
        dict(zip(COLUMNS, row)) for row in table['results']]}


def test_a_member_sums_their_project_only(client):
    assert _summary(client, 'groupby=project_id', headers=MEMBER)[
        'results'] == [['2026-11-01T00:00:00+00:00',
                        '2026-12-01T00:00:00+00:00', 5, 2, 'p1']]
    assert _summary(client, headers=MEMBER)['results'][0][2:] == [5, 2]


def test_asking_for_another_project_finds_nothing(client):
    result = _summary(client, 'filters=project_id:p2', headers=MEMBER)
    assert result == {'total': 0, 'format': 'table',
                      'columns': COLUMNS[:4], 'results': []}


@pytest.mark.parametrize('response_format, version', [
    ('table', '2.0'), ('object', '2.0'), ('table', '2.1')])
def test_unscoped_gets_an_empty_summary_of_the_usual_shape(
        client, response_format, version):
    result = _summary(client, 'groupby=type,project_id&response_format='
                      + response_format, headers=UNSCOPED, version=version)
    expected = {'total': 0, 'format': response_format, 'results': []}
    if response_format == 'table':
        expected['columns'] = COLUMNS[:4] + ['type', 'project_id']
    if version == '2.1':
        expected['links'] = []
    assert result == expected


def test_links_at_2_1(client):
    result = _summary(client, 'groupby=project_id&limit=1&offset=1',
                      version='2.1')
    assert [row[-1] for row in result['results']] == ['p2']
    links = {link['rel']: link['href'] for link in result['links']}
    assert 'offset=2' in links['next'] and 'limit=1' in links['next']
    assert 'groupby=project_id' in links['next']
    assert 'offset=0' in links['previous']
    assert 'links' not in _summary(client, 'groupby=project_id&limit=1')


@pytest.mark.parametrize('query', ['', 'groupby=project_id',
                                   'groupby=type,project_id'])
def test_totals_beyond_64_bits(make_client, query):
    # Accepted points must sum on every backend: on SQLite, whose SUM()
    # stops at 2**63, this used to be a 500.
    client = make_client()
    add(client, point('p1', qty=2 ** 63 - 1), point('p1', qty=2 ** 63 - 1))
    [row] = _summary(client, query)['results']
    assert row[2] == 2 ** 64 - 2
    assert row[3] == 2
