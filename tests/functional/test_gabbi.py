"""Load every YAML file in gabbits/ as a gabbi suite, run in-process.

Each file names a fixture from :mod:`tests.functional.fixtures`; that
fixture builds the app (config, fresh SQLite database) the file runs
against, and :func:`fixtures.intercept` routes the requests to it.
"""
import os

from gabbi import driver
# pytest only parametrizes a function named test_pytest: it must be
# importable from this module or pytest reports "no tests ran".
from gabbi.driver import test_pytest  # noqa: F401

from tests.functional import fixtures
from tests.functional import handlers

GABBITS_DIR = os.path.join(os.path.dirname(__file__), 'gabbits')


def pytest_generate_tests(metafunc):
    driver.py_test_generator(
        GABBITS_DIR, intercept=fixtures.intercept,
        fixture_module=fixtures, test_loader_name=__name__,
        response_handlers=[handlers.ErrorDocumentHandler],
        metafunc=metafunc)
