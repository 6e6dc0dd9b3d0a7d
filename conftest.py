import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files of each test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
