import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request under /ru/ leaves Russian active; later tests expect the default language."""
    yield
    translation.activate("en")
