import pytest

from tests.functional.client import service as service_
from tests.unit.client.both import anyio_backend  # noqa: F401
from tests.unit.client.both import make
from tests.unit.client.both import mode  # noqa: F401


@pytest.fixture
def build_service(tmp_path):
    """build(overrides=None, wrap=None) → a Service on a fresh app."""
    cleanups = []

    def build(overrides=None, wrap=None):
        path = tmp_path / ('app%d' % len(cleanups))
        path.mkdir()
        app, cleanup = service_.build_app(str(path), overrides)
        cleanups.append(cleanup)
        return service_.Service(wrap(app) if wrap else app)
    yield build
    for cleanup in cleanups:
        cleanup()


@pytest.fixture
def service(build_service):
    return build_service()


@pytest.fixture
def client_for(mode, service):  # noqa: F811
    """client_for(url=ROOT, handler=service.handle, **kwargs)."""
    def build(url=service_.ROOT, handler=None, **kwargs):
        return make(mode, url, handler or service.handle, **kwargs)
    return build


@pytest.fixture(params=['2.0', '2.1'])
def microversion(request):
    """The v2 microversions the client speaks: each rating data test runs
    at both."""
    return request.param
