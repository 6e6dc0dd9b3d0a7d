"""Two-factor login in tests: give a user a confirmed authenticator, compute its current code, and mark
a test client's session as having passed the code step (what django_otp.login does after a good code).

The root conftest makes ``client.force_login(user)`` do both steps for users who need a code
(signers, admins, users who opted in), as ``force_login`` already skips the password step. Pass
``otp=False`` for a session that stopped after the password: ``client.force_login(user, otp=False)``.
"""

from __future__ import annotations

import time

# A fixed key (hex, 20 bytes) so that browser tests can type the code.
TEST_KEY = "3132333435363738393031323334353637383930"


def give_device(user, *, key: str = TEST_KEY):
    """The user's confirmed TOTP device (created with `key` when there is none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试设备", key=key, confirmed=True)
    return device


def totp_now(device, *, at: float | None = None) -> str:
    """The code the device's app shows now (or at `at`)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client, user):
    """Record in the client's session that `user` passed the code step (DEVICE_ID_SESSION_KEY)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = give_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def next_code(device) -> str:
    """A code the device accepts now: the current one, or the next one if the current was just used
    (a code is good once; the server accepts one step ahead)."""
    device.refresh_from_db()
    now = time.time()
    current = int((now - device.t0) // device.step)
    step = max(current, device.last_t + 1)
    return totp_now(device, at=now + (step - current) * device.step)


def ready_for_otp(user) -> None:
    """Before a browser logs in as `user`: a user whose role needs a code gets an authenticator
    (so the login goes to the code step, not to enrolment)."""
    from gongkai.workspace.otp import otp_required_by_role

    if otp_required_by_role(user):
        give_device(user)


def pass_otp_in_page(page, user) -> None:
    """In a browser after the password step: type the code on the code step, for users who need one
    (call ready_for_otp(user) before the password step)."""
    from gongkai.workspace.otp import otp_needed

    if not otp_needed(user):
        return
    device = give_device(user)
    page.wait_for_url("**/staff/otp/verify/**")
    page.get_by_label("动态口令").fill(next_code(device))
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()
