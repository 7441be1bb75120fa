"""The type stub of the clients (``client.pyi``): current, complete, and
shipped; a resource that gains a method makes these tests fail until the
stub is written again (``python -m ratingapi.client.stubgen``)."""
import ast
import inspect
import pathlib
import tomllib

import pytest

from ratingapi import client as sdk
from ratingapi.client import client as client_
from ratingapi.client import resources
from ratingapi.client import stubgen
from ratingapi.client import v1
from ratingapi.client import v2

CLIENTS = (sdk.RatingClient, sdk.AsyncRatingClient)
PACKAGE = pathlib.Path(sdk.__file__).parent
REGENERATE = 'out of step: run python -m ratingapi.client.stubgen'


def stub_classes(text):
    """Class name → {method name: [(is async, parameter names), ...]}
    (one entry per overload) of a stub's text."""
    found = {}
    for node in ast.parse(text).body:
        if not isinstance(node, ast.ClassDef):
            continue
        methods = found.setdefault(node.name, {})
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = item.args
                names = [a.arg for a in arguments.posonlyargs + arguments.args
                         + arguments.kwonlyargs]
                for extra in (arguments.vararg, arguments.kwarg):
                    if extra is not None:
                        names.append(extra.arg)
                methods.setdefault(item.name, []).append(
                    (isinstance(item, ast.AsyncFunctionDef), names))
    return found


def differences(cls, text):
    """What the stub ``text`` says otherwise than ``cls`` does at run
    time: missing or extra methods, another async-ness, other
    parameters."""
    declared = stub_classes(text).get(cls.__name__, {})
    problems = []
    public = stubgen.members(cls)
    for name in sorted(set(public) - set(declared)):
        problems.append('missing %s' % name)
    for name in sorted(set(declared) - set(public)):
        problems.append('extra %s' % name)
    for name in sorted(set(public) & set(declared)):
        member = public[name]
        if isinstance(member, property):
            continue
        names = list(inspect.signature(member).parameters)
        asynchronous = inspect.iscoroutinefunction(member)
        for overload in declared[name]:
            if overload != (asynchronous, names):
                problems.append('%s: stub %r, runtime %r' % (
                    name, overload, (asynchronous, names)))
    return problems


def test_the_checked_in_stub_is_current():
    assert (PACKAGE / 'client.pyi').read_text() == stubgen.render(), (
        REGENERATE)


@pytest.mark.parametrize('cls', CLIENTS, ids=['sync', 'async'])
def test_the_stub_declares_every_public_method_as_it_runs(cls):
    assert differences(cls, (PACKAGE / 'client.pyi').read_text()) == []


def test_async_methods_are_coroutines_in_the_stub():
    classes = stub_classes((PACKAGE / 'client.pyi').read_text())
    sync, asynchronous = (classes['RatingClient'],
                          classes['AsyncRatingClient'])
    assert sync['retrieve_scope'] == [(False, ['self', 'pk', 'filters',
                                               'scope_id', 'scope_key',
                                               'fetcher', 'collector',
                                               'active', 'page_size'])] * 2
    assert {overload[0] for overload in asynchronous['retrieve_scope']} == {
        True}
    assert asynchronous['aclose'][0][0] and not sync['close'][0][0]
    assert asynchronous['is_authenticated'] == [(False, ['self'])]


GADGET = resources.Resource(
    'gadget', '/gadgets', singular='gadget', plural='gadgets', pk='id',
    attributes={'id': resources.Attr(read_only=True)},
    operations=(resources.CREATE, resources.LIST),
    actions=(resources.Action('poke_gadget', 'POST',
                              params={'hard': resources.Attr()}),))


def grown_clients():
    """Both clients with v2 declaring one more noun."""
    grown = resources.Api(2, tuple(v2.API.resources.values()) + (GADGET,),
                          min_microversion=v2.MIN_MICROVERSION,
                          max_microversion=v2.MAX_MICROVERSION)
    apis = (grown, v1.API)
    sync = client_._driven(False, apis)(
        type('RatingClient', (sdk.RatingClient,), {}))
    asynchronous = client_._driven(True, apis)(
        type('AsyncRatingClient', (sdk.AsyncRatingClient,), {}))
    return sync, asynchronous


def test_a_resource_that_gains_a_method_fails_until_the_stub_follows():
    checked_in = (PACKAGE / 'client.pyi').read_text()
    sync, asynchronous = grown_clients()
    for cls in (sync, asynchronous):
        assert differences(cls, checked_in) == [
            'missing create_gadget', 'missing poke_gadget',
            'missing retrieve_gadget']
    rendered = stubgen.render((sync, asynchronous))
    assert rendered != checked_in
    assert differences(sync, rendered) == differences(
        asynchronous, rendered) == []
    assert '    async def create_gadget(self, **fields: Any)' in rendered
    assert '    def retrieve_gadget(' in rendered


def test_only_declared_operations_are_methods():
    """The classes show what the declarations allow; any other
    <operation>_<noun> still answers, and raises OperationNotAllowed
    without sending anything (tested with the flows)."""
    for cls in CLIENTS:
        assert hasattr(cls, 'update_module') and hasattr(cls, 'head_module')
        assert not hasattr(cls, 'create_module')
        assert not hasattr(cls, 'delete_scope')
        assert hasattr(cls, 'retrieve_summary')      # a list
    client = sdk.RatingClient('http://h/')
    try:
        assert client.create_module.args == ('module',)
    finally:
        client.close()


def test_a_public_method_without_a_return_type_is_refused():
    class Odd(sdk.RatingClient):
        def frobnicate(self):
            """New."""
    with pytest.raises(LookupError, match='frobnicate'):
        stubgen.render((Odd,))


def test_check_mode(capsys):
    assert stubgen.main(['--check']) == 0
    assert 'current' in capsys.readouterr().out


def test_the_package_ships_the_stub_and_its_marker():
    assert (PACKAGE / 'py.typed').is_file()
    pyproject = PACKAGE.parent.parent / 'pyproject.toml'
    data = tomllib.loads(pyproject.read_text())
    shipped = data['tool']['setuptools']['package-data']['ratingapi.client']
    assert 'py.typed' in shipped and '*.pyi' in shipped
