"""Fixtures of the v2 schema tests."""
import pytest

from tests import appkit


@pytest.fixture
def settings():
    """The API settings of the default configuration."""
    return appkit.make_settings()


@pytest.fixture
def app_context(settings):
    """A Flask app context holding ``settings``, as a request has."""
    with appkit.settings_app_context(settings) as app:
        yield app
