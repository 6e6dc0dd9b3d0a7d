import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files of each test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _force_login_passes_the_code_step(monkeypatch):
    """client.force_login(user) skips the password; for users who need a one-time code (signers,
    admins) it also marks the session as having passed the code step, as django_otp.login does.
    client.force_login(user, otp=False) stops after the password (gongkai/workspace/tests/otp_helpers.py)."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None, *, otp=True):
        original(self, user, backend)
        if otp:
            from gongkai.workspace.otp import otp_needed
            from gongkai.workspace.tests.otp_helpers import mark_verified

            if otp_needed(user):
                mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
