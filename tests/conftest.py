"""Suite-wide pytest hooks."""
import pytest


def _is_gabbi(item):
    # Items made by gabbi's loader (tests/functional/test_gabbi.py).
    return getattr(item, 'originalname', None) == 'test_pytest'


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_collection_modifyitems(items):
    """Hide ':' in the names of non-gabbi tests from gabbi's plugin.

    gabbi's pytest plugin takes every test whose parameter id contains ':'
    (a URL, a policy rule name) for one of its YAML tests and aborts the
    collection with a KeyError.  The names are restored once every other
    hook has run; node ids, which reports use, are never touched.
    """
    renamed = []
    for item in items:
        if ':' in item.name and not _is_gabbi(item):
            renamed.append((item, item.name))
            item.name = item.name.replace(':', '\N{RATIO}')
    yield
    for item, name in renamed:
        item.name = name
