"""python-cloudkittyclient 6.2.0's deprecated ``cloudkitty collector ...``
commands against ratingapi (gunicorn, noauth), as an operator runs them.

Each command's printed output is checked (``-f json``) and, through the
server's access log, the request the client sent: a collection URL with
a trailing slash and the arguments in the JSON body or the query, which
ratingapi binds as CloudKitty does.  Creating a mapping answers 201
(CloudKitty: 200); the client prints the mapping all the same.
"""
import json

from tests.functional.test_cloudkittyclient import _describe
from tests.functional.test_cloudkittyclient import run
from tests.functional.test_cloudkittyclient import server  # noqa: F401

# What the client prints on stderr for each collector call it makes.
DEPRECATED = ('WARNING: Collector mappings are deprecated and will be '
              'removed in a future release\n')


def ok(server, *args):  # noqa: F811
    """A command that succeeds, saying only it is deprecated: stdout."""
    result = run(server, *args)
    # enable and disable make two calls (PUT, then GET): two warnings.
    assert result.returncode == 0 and result.stderr in (
        DEPRECATED, DEPRECATED * 2), _describe(server, result)
    return result.stdout


def ok_json(server, *args):  # noqa: F811
    return json.loads(ok(server, *args, '-f', 'json'))


def failed(server, *args):  # noqa: F811
    """A command the server refuses: its error output."""
    result = run(server, *args)
    assert result.returncode == 1 and result.stdout == '', _describe(
        server, result)
    assert result.stderr.startswith(DEPRECATED)
    return result.stderr


def _logged(server, method, path):  # noqa: F811
    """The access log lines of ``method path`` (it logs no query)."""
    return [line for line in server['log'].read_text().splitlines()
            if '] %s %s ' % (method, path) in line]


def test_mappings(server):  # noqa: F811
    created = ok_json(server, 'collector-mapping', 'create', 'compute',
                      'gnocchi')
    assert created == [{'Service': 'compute', 'Collector': 'gnocchi'}]
    assert ' 201 ' in _logged(server, 'POST',
                              '/v1/collector/mappings/')[-1]
    ok_json(server, 'collector-mapping', 'create', 'image', 'prometheus')
    # Created again: replaced (200), printed the same way.
    assert ok_json(server, 'collector-mapping', 'create', 'image',
                   'gnocchi') == [{'Service': 'image',
                                   'Collector': 'gnocchi'}]
    assert ' 200 ' in _logged(server, 'POST',
                              '/v1/collector/mappings/')[-1]
    ok_json(server, 'collector-mapping', 'create', 'volume', 'prometheus')

    assert ok_json(server, 'collector-mapping', 'list') == [
        {'Service': 'compute', 'Collector': 'gnocchi'},
        {'Service': 'image', 'Collector': 'gnocchi'},
        {'Service': 'volume', 'Collector': 'prometheus'}]
    assert ok_json(server, 'collector-mapping', 'list', '--collector',
                   'prometheus') == [{'Service': 'volume',
                                      'Collector': 'prometheus'}]
    # The filter came as ?collector= on the collection URL.
    assert _logged(server, 'GET', '/v1/collector/mappings/')
    assert ok_json(server, 'collector-mapping', 'get', 'image') == [
        {'Service': 'image', 'Collector': 'gnocchi'}]

    assert ok(server, 'collector-mapping', 'delete', 'image') == ''
    assert ' 204 ' in _logged(server, 'DELETE',
                              '/v1/collector/mappings/')[-1]
    assert 'No mapping for service: image' in failed(
        server, 'collector-mapping', 'get', 'image')
    assert [row['Service'] for row in ok_json(
        server, 'collector-mapping', 'list')] == ['compute', 'volume']


def test_states(server):  # noqa: F811
    assert ok_json(server, 'collector', 'state', 'get', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': False}]
    # The name came as ?name= on the collection URL.
    assert _logged(server, 'GET', '/v1/collector/states/')
    assert ok_json(server, 'collector', 'enable', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': True}]
    assert ' 200 ' in _logged(server, 'PUT', '/v1/collector/states/')[-1]
    assert ok_json(server, 'collector', 'state', 'get', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': True}]
    assert ok_json(server, 'collector', 'state', 'get', 'prometheus') == [
        {'Collector': 'prometheus', 'State': False}]
    assert ok_json(server, 'collector', 'disable', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': False}]
    assert ok_json(server, 'collector', 'state', 'get', 'gnocchi') == [
        {'Collector': 'gnocchi', 'State': False}]
