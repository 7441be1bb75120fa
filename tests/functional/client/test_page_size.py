"""Lists without a page_size on a deployment whose ``[api] max_limit`` is
below the usual 100, at 2.0 (offset and total) and 2.1 (next links), with
both clients, against the real app: the client asks for no page size, so
the server's default (its max_limit) applies and every item comes back
once."""
import httpx
import pytest

from tests.functional.client import service as service_
from tests.functional.client.ratingdata import as_read
from tests.functional.client.ratingdata import FEB
from tests.functional.client.ratingdata import frame
from tests.functional.client.ratingdata import JAN
from tests.functional.client.ratingdata import point
from tests.functional.client.ratingdata import Recorder
from tests.unit.client.both import make

pytestmark = pytest.mark.anyio

MAX_LIMIT = 50
PROJECTS = ['p%02d' % n for n in range(60)]
# 40 frames of 3 points (two for each project): pages of 50 points end
# inside a frame, and 60 summary rows need two pages.
FRAMES = [frame(n, cpu=[point(PROJECTS[(3 * n + i) % 60], 1, 1)
                        for i in range(3)]) for n in range(40)]
PERIOD = {'begin': JAN, 'end': FEB}


def pages_of(recorder, path):
    """(offset, limit) of each page asked for."""
    params = [httpx.URL(url).params
              for _, _, url, _ in recorder.of('GET', path)]
    return [(p.get('offset'), p.get('limit')) for p in params]


async def test_lists_use_the_server_page_size(mode, build_service,
                                              microversion):
    service = build_service({('api', 'max_limit'): MAX_LIMIT})
    recorder = Recorder()
    async with make(mode, service_.ROOT, service.handle, version=microversion,
                    on_response=recorder) as client:
        caps = await client.capabilities()
        assert caps.deployment.max_limit == MAX_LIMIT
        await client.add_dataframes(FRAMES)
        frames = await client.retrieve_dataframe(**PERIOD)
        summary = await client.retrieve_summary(groupby='project_id',
                                                **PERIOD)
    assert [dict(item) for item in frames] == as_read(FRAMES)
    assert sorted(row['project_id'] for row in summary) == PROJECTS
    assert {row['qty'] for row in summary} == {2}
    # The first page asks for no limit; at 2.0 each page advances by
    # what the server counted (points for dataframes), from 2.1 by the
    # next links (which carry the server's limit).
    later = None if microversion == '2.0' else str(MAX_LIMIT)
    assert pages_of(recorder, '/v2/dataframes') == [
        ('0', None), ('50', later), ('100', later)]
    assert pages_of(recorder, '/v2/summary') == [('0', None), ('50', later)]
