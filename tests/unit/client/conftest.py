from tests.unit.client.both import anyio_backend  # noqa: F401
from tests.unit.client.both import mode  # noqa: F401
