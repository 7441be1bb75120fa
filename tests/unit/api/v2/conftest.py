"""Fixtures of the v2 handler tests."""
import pytest

from tests import appkit


@pytest.fixture
def make_client(tmp_path):
    """appkit.build_client on tmp_path: ``make_client(**options)``."""
    return lambda **options: appkit.build_client(tmp_path, **options)
