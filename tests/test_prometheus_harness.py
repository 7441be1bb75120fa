"""The Prometheus harness serves exactly the history it was given."""
import datetime

import httpx

from tests import prometheus

UTC = datetime.timezone.utc
START = datetime.datetime(2025, 3, 1, tzinfo=UTC)


def test_history_is_served_as_written(tmp_path):
    series = [
        prometheus.Series('ratingapi_test_vcpus', {'project_id': project},
                          prometheus.hourly(START, 2, lambda moment: n))
        for n, project in ((2, 'p1'), (3, 'p"2'))]
    with prometheus.server(tmp_path, series) as url:
        end = START + datetime.timedelta(hours=1)
        answer = httpx.get(url + '/api/v1/query', params={
            'query': 'sum by (project_id) '
                     '(sum_over_time(ratingapi_test_vcpus[1h]))',
            'time': end.timestamp()}, timeout=10).json()
    assert answer['status'] == 'success'
    found = {item['metric']['project_id']: item['value'][1]
             for item in answer['data']['result']}
    # The 60 samples of the first hour, none on its bounds.
    assert found == {'p1': '120', 'p"2': '180'}
