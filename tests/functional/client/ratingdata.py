"""Builders of rated data for the SDK's functional tests, and a recorder
of what the server answered."""
import datetime
import decimal
import json

UTC = datetime.timezone.utc
D = decimal.Decimal
JAN = datetime.datetime(2024, 1, 1, tzinfo=UTC)
FEB = datetime.datetime(2024, 2, 1, tzinfo=UTC)


def hour(n):
    return JAN + datetime.timedelta(hours=n)


def point(project, qty, price, unit='instance', groupby=None, **metadata):
    return {'vol': {'unit': unit, 'qty': qty},
            'rating': {'price': price},
            'groupby': dict({'project_id': project}, **(groupby or {})),
            'metadata': metadata}


def frame(begin, end=None, **usage):
    """A frame of the hour ``begin`` (a number of hours after JAN, or a
    datetime)."""
    if not isinstance(begin, datetime.datetime):
        begin = hour(begin)
    end = end or begin + datetime.timedelta(hours=1)
    return {'period': {'begin': begin, 'end': end}, 'usage': usage}


def as_read(frames):
    """``frames`` as the SDK reads them back: types sorted, amounts
    Decimal."""
    result = []
    for item in frames:
        usage = {}
        for type_, points in sorted(item['usage'].items()):
            usage[type_] = [dict(p, vol=dict(p['vol'], qty=D(p['vol']['qty'])),
                                 rating={'price': D(p['rating']['price'])})
                            for p in points]
        result.append({'period': item['period'], 'usage': usage})
    return result


def count_points(frames):
    return sum(len(points) for item in frames
               for points in item['usage'].values())


class Recorder:
    """An on_response hook keeping every (method, status, url, body)."""

    def __init__(self):
        self.answers = []
        self.events = []

    def __call__(self, event):
        content = event.response.content
        body = json.loads(content) if content else None
        self.answers.append((event.method, event.status, event.url, body))
        self.events.append(event)

    def of(self, method, path):
        """The answers to ``method`` on URLs whose path is ``path``."""
        return [answer for answer in self.answers
                if answer[0] == method
                and answer[2].split('?')[0].endswith(path)]

    def statuses(self, method, path):
        return [answer[1] for answer in self.of(method, path)]


def next_links(answers):
    """The next links the answers carried, in order."""
    return [link['href'] for _, _, _, body in answers
            if isinstance(body, dict)
            for link in body.get('links', ()) if link['rel'] == 'next']
