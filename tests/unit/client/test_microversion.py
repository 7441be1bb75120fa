"""Microversion strings, the request header and the echo check."""
import httpx
import pytest

from ratingapi.client import errors
from ratingapi.client import microversion


@pytest.mark.parametrize('text,expected', [
    ('2.0', (2, 0)), ('2.10', (2, 10)), ('10.3', (10, 3)), (' 2.1 ', (2, 1))])
def test_parse(text, expected):
    assert microversion.parse(text) == expected


@pytest.mark.parametrize('text', [
    '2', '2.01', '02.1', 'two', '2.x', '0.1', '', 2.1, None, 'latest'])
def test_parse_rejects(text):
    with pytest.raises(ValueError):
        microversion.parse(text)


def test_format_and_header():
    assert microversion.format((2, 10)) == '2.10'
    assert microversion.format(None) is None
    assert microversion.header((2, 1)) == ('OpenStack-API-Version',
                                           'rating 2.1')


@pytest.mark.parametrize('values,expected', [
    (['rating 2.1'], '2.1'),
    (['RATING 2.2'], '2.2'),
    (['compute 2.11, rating 2.2'], '2.2'),
    (['rating 2.1', 'rating 2.3'], '2.3'),
    (['compute 2.11'], None),
    ([], None),
], ids=['plain', 'case', 'folded', 'last-wins', 'other-service', 'none'])
def test_echoed(values, expected):
    headers = httpx.Headers([('OpenStack-API-Version', value)
                             for value in values])
    assert microversion.echoed(headers) == expected


def answer(*values):
    request = httpx.Request('GET', 'http://h/v2/x')
    return httpx.Response(200, request=request, headers=[
        ('OpenStack-API-Version', value) for value in values])


def test_the_same_echo_passes():
    microversion.check_echo(answer('rating 2.1'), (2, 1))


def test_no_echo_passes():
    microversion.check_echo(answer(), (2, 1))


def test_nothing_sent_nothing_checked():
    microversion.check_echo(answer('rating 2.5'), None)


@pytest.mark.parametrize('echo', ['rating 2.0', 'rating latest',
                                  'rating 3.1'])
def test_another_echo_raises(echo):
    response = answer(echo)
    with pytest.raises(errors.MicroversionMismatch) as info:
        microversion.check_echo(response, (2, 1))
    assert info.value.expected == '2.1'
    assert info.value.received == echo.split()[1]
    assert info.value.response is response
    assert '2.1' in str(info.value) and 'http://h/v2/x' in str(info.value)
