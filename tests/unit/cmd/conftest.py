"""ratingapi-manage drives storage: run it on the storage test databases."""
from tests.unit.storage.conftest import database_url  # noqa: F401
