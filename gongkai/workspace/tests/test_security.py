"""Staff security: password hashing, login lockout, two-factor login, session expiry, security
headers, HTTPS settings, and no secret in the repository. (Rate limits: test_ratelimit.py; upload
checks: gongkai/core/tests/test_upload_security.py; every URL's access check: test_url_access.py.)"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import runpy
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.hashers import check_password, make_password
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, UserFactory, staff
from gongkai.disclosures.models import ItemVersion, VersionState
from gongkai.disclosures.tests.factories import draft
from gongkai.workspace import otp
from gongkai.workspace.tests.helpers import walk
from gongkai.workspace.tests.otp_helpers import give_device, next_code, totp_now

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"  # UserFactory's password
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"
REPO = Path(__file__).resolve().parents[3]


def production_settings(monkeypatch, **env) -> dict:
    """The settings module as a server without GONGKAI_TESTING reads it, with `env` set."""
    monkeypatch.delenv("GONGKAI_TESTING", raising=False)
    for name in ("HTTPS", "SECURE_COOKIES", "HSTS_SECONDS", "HSTS_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def _login(client, user, password=PASSWORD, **extra):
    return client.post(reverse("workspace:login"), {"username": user.username, "password": password, **extra})


# --- passwords -----------------------------------------------------------------------------------


def test_production_settings_hash_passwords_with_argon2_and_upgrade_pbkdf2(monkeypatch):
    conf = production_settings(monkeypatch)
    assert conf["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=conf["PASSWORD_HASHERS"]):
        encoded = make_password("春风又绿江南岸-2026")
        assert encoded.startswith("argon2$argon2id$")
        assert check_password("春风又绿江南岸-2026", encoded) and not check_password("wrong", encoded)
        # An older PBKDF2 hash still logs in and is rewritten as Argon2 at that moment.
        old = make_password("春风又绿江南岸-2026", hasher="pbkdf2_sha256")
        upgraded = []
        assert check_password("春风又绿江南岸-2026", old, setter=lambda raw: upgraded.append(make_password(raw)))
        assert upgraded and upgraded[0].startswith("argon2$")


def test_test_settings_keep_the_fast_hasher(settings):
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- settings: HTTPS, cookies, secret key ----------------------------------------------------------


def test_https_setting_turns_on_secure_cookies_redirect_and_hsts(monkeypatch):
    plain = production_settings(monkeypatch)
    assert not plain["SECURE_SSL_REDIRECT"] and plain["SECURE_HSTS_SECONDS"] == 0 and not plain["SESSION_COOKIE_SECURE"]
    assert plain["SECURE_PROXY_SSL_HEADER"] is None
    https = production_settings(monkeypatch, HTTPS="1")
    assert https["SECURE_SSL_REDIRECT"] is True
    assert https["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert https["SECURE_HSTS_SECONDS"] >= 180 * 24 * 3600 and https["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert https["SESSION_COOKIE_SECURE"] is True and https["CSRF_COOKIE_SECURE"] is True
    assert https["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True and https["SESSION_COOKIE_HTTPONLY"] is True
    assert https["GONGKAI_SESSION_IDLE_SECONDS"] == 30 * 60 and https["SESSION_COOKIE_AGE"] == 12 * 3600
    assert https["GONGKAI_RATELIMIT_ENABLED"] is True and "AXES_ENABLED" not in https  # lockout on (axes default)
    tuned = production_settings(monkeypatch, GONGKAI_RATELIMITS="letters:new=20/600, decisions:comment=30/60", GONGKAI_RATELIMIT_SCALE="100")
    assert tuned["GONGKAI_RATELIMITS"] == {"letters:new": (20, 600), "decisions:comment": (30, 60)}
    assert tuned["GONGKAI_RATELIMIT_SCALE"] == 100


def test_behind_https_proxy_http_is_redirected_and_hsts_sent(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/guide/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/guide/"
    response = client.get("/guide/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_secret_key_comes_from_the_environment(monkeypatch):
    conf = production_settings(monkeypatch, SECRET_KEY="from-the-environment-" + "x" * 40)
    assert conf["SECRET_KEY"] == "from-the-environment-" + "x" * 40
    source = SETTINGS_FILE.read_text()
    assert re.search(r"^SECRET_KEY\s*=\s*_secret_key\(\)$", source, re.MULTILINE)
    assert not re.search(r"^SECRET_KEY\s*=\s*['\"]", source, re.MULTILINE)


# Assignments of credentials written out in a file; values that are clearly placeholders or read
# from the environment/settings are not secrets.
_SECRET_ASSIGNMENT = re.compile(
    r"""(?ix)\b(secret_key|secret|password|passwd|api_key|apikey|access_key|token|private_key)\b\s*[:=]\s*
        (?P<q>['"])(?P<value>[^'"\s]{16,})(?P=q)"""
)
_SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}"),
    "Django secret key": re.compile(r"django-insecure-[^'\"\s]{20,}"),
}
# Published, deliberately public values (demo data and test fixtures), each checked by a test.
_PUBLIC_VALUES = {
    "GONGKAIDEMOKEYGONGKAIDEMOKEY2345",  # the demo TOTP key (README, gongkai/workspace/demo.py)
    "3132333435363738393031323334353637383930",  # RFC 6238 test key used in otp_helpers.py
    "correct-horse-42",  # UserFactory's password in tests
}


def test_no_secret_is_committed_to_the_repository():
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.CalledProcessError) as exc:  # pragma: no cover - CI always has git
        pytest.fail(f"git ls-files failed: {exc}")
    found = []
    for name in filter(None, listed.stdout.decode().split("\0")):
        path = REPO / name
        if not path.is_file() or path.stat().st_size > 2_000_000 or name.startswith(("node_modules/", "test-artifacts/")):
            continue
        if path.resolve() == Path(__file__).resolve():
            continue  # this file: the patterns themselves and the planted sample below
        data = path.read_bytes()
        if b"\0" in data[:1024]:
            continue  # binary
        text = data.decode("utf-8", errors="replace")
        for label, pattern in _SECRET_PATTERNS.items():
            if pattern.search(text):
                found.append(f"{name}: {label}")
        if name.endswith((".py", ".env", ".ini", ".cfg", ".toml", ".yml", ".yaml", ".json", ".sh")) or "/" not in name:
            for match in _SECRET_ASSIGNMENT.finditer(text):
                value = match.group("value")
                if value in _PUBLIC_VALUES or re.fullmatch(r"[a-z0-9_.-]*(?:example|placeholder|changeme|dummy|test|demo)[a-z0-9_.-]*", value, re.I):
                    continue
                found.append(f"{name}: {match.group(0)[:60]}")
    assert not found, "secret-looking values in tracked files:\n" + "\n".join(found)
    ignored = (REPO / ".gitignore").read_text()
    assert re.search(r"^/?var/?$", ignored, re.MULTILINE), "var/ (which holds the generated secret_key) must be ignored"


def test_secret_scan_recognises_planted_secrets():
    planted = 'SECRET_KEY = "k8s9-hgq2l-4f7x0a9b7c2d1e5f6a8b9c0d"\n-----BEGIN RSA PRIVATE KEY-----\nAKIAIOSFODNN7EXAMPLE'
    assert _SECRET_ASSIGNMENT.search(planted)
    assert _SECRET_PATTERNS["private key"].search(planted) and _SECRET_PATTERNS["AWS access key"].search(planted)


# --- security headers ----------------------------------------------------------------------------


def test_pages_carry_the_security_headers(client):
    response = client.get("/guide/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_oversized_request_is_refused_before_it_is_read(client, settings):
    settings.GONGKAI_REQUEST_MAX_BYTES = 1000
    response = client.post(reverse("letters:new"), data=b"x" * 2000, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


# --- login lockout (django-axes) -----------------------------------------------------------------


def test_login_is_locked_after_the_failure_limit_with_a_chinese_page(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    user = staff(AgencyFactory(), "editor")
    for _ in range(2):
        response = _login(client, user, "wrong-password")
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    response = _login(client, user, "wrong-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "账号已暂时锁定" in page and "3次" in page and "请联系本机构管理员" in page
    # Locked: even the right password does not log in now.
    response = _login(client, user)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert client.get(reverse("workspace:home")).status_code == 302


# --- two-factor login ----------------------------------------------------------------------------


@pytest.fixture
def agency():
    return AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")


def test_who_must_use_two_factor(agency):
    assert otp.otp_required_by_role(staff(agency, Role.SIGNER))
    assert otp.otp_required_by_role(staff(agency, Role.AGENCY_ADMIN))
    assert otp.otp_required_by_role(UserFactory(agency=None, is_staff=True, is_superuser=True))
    for role in (Role.EDITOR, Role.REVIEWER, Role.HANDLER, Role.SPOKESPERSON, Role.SUPERVISOR):
        assert not otp.otp_required_by_role(staff(agency, role))


def test_signer_enrols_at_first_login_then_gives_the_code_at_every_login(client, agency, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off after the wrong codes typed here on purpose
    signer = staff(agency, Role.SIGNER)
    response = _login(client, signer)
    assert response.status_code == 302
    # Before anything else: enrolment.
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("workspace:otp_setup") + "?next=")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and "必须启用两步验证" in text
    device = TOTPDevice.objects.get(user=signer, confirmed=False)
    assert f"secret={device.config_url.split('secret=')[1].split('&')[0]}" in text  # the otpauth URI is shown
    assert "otpauth://totp/" in text
    response = client.post(reverse("workspace:otp_setup"), {"op": "confirm", "code": "000000", "next": "/staff/"})
    assert "动态口令不正确" in response.content.decode()
    response = client.post(reverse("workspace:otp_setup"), {"op": "confirm", "code": next_code(device), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get(reverse("workspace:home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="otp_enrolled", object_id=signer.pk).exists()

    client.post(reverse("workspace:logout"))
    _login(client, signer)
    response = client.get(reverse("workspace:home"))
    assert response["Location"].startswith(reverse("workspace:otp_verify"))
    response = client.post(reverse("workspace:otp_verify") + "?next=/staff/", {"code": "123456"})
    assert response.status_code == 200 and "动态口令不正确" in response.content.decode()
    assert client.get(reverse("workspace:home")).status_code == 302
    response = client.post(reverse("workspace:otp_verify"), {"code": next_code(device), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get(reverse("workspace:home")).status_code == 200


def test_wrong_codes_are_throttled(client, agency, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's back-off after one wrong code
    signer = staff(agency, Role.SIGNER)
    device = give_device(signer)
    client.force_login(signer, otp=False)
    client.post(reverse("workspace:otp_verify"), {"code": "000000"})
    response = client.post(reverse("workspace:otp_verify"), {"code": next_code(device)})
    assert response.status_code == 200 and "输入错误次数过多" in response.content.decode()
    assert client.get(reverse("workspace:home")).status_code == 302


def test_unverified_signer_and_admin_reach_no_page_and_no_api(client, agency):
    signer = staff(agency, Role.SIGNER, Role.AGENCY_ADMIN)
    give_device(signer)
    client.force_login(signer, otp=False)
    for url in ("/staff/", "/staff/decisions/", "/interpretations/staff/", "/staff/compliance/", "/admin/", "/guide/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("workspace:otp_verify") + "?next="), url
    response = client.get("/api/v1/compliance")
    assert response.status_code == 403 and response.json()["code"] == "otp_required"
    # The steps themselves and logging out stay open.
    assert client.get(reverse("workspace:otp_verify")).status_code == 200
    # The browser's own favicon request on the code page is not sent round to the code step.
    assert not client.get("/favicon.ico")["Location"].startswith(reverse("workspace:otp_verify"))
    assert client.post(reverse("workspace:logout")).status_code == 302


def test_admin_site_refuses_an_unverified_superuser(client):
    admin = UserFactory(agency=None, is_staff=True, is_superuser=True)
    client.force_login(admin, otp=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("workspace:otp_setup"))
    client.force_login(admin)  # password and code
    assert client.get("/admin/").status_code == 200


def test_signing_refuses_an_unverified_session_on_its_own(client, agency, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "gongkai.workspace.otp.OTPRequiredMiddleware"]
    editor, reviewer, signer = staff(agency, Role.EDITOR), staff(agency, Role.REVIEWER), staff(agency, Role.SIGNER)
    version = walk(draft(editor, title="关于公开2026年农业综合开发项目的通知"), editor=editor, reviewer=reviewer)
    client.force_login(signer, otp=False)
    response = client.post(reverse("workspace:version_action", args=[version.pk]), {"action": "sign", "publish_at": ""})
    assert response.status_code == 200 and "签发前须完成两步验证" in response.content.decode()
    assert ItemVersion.objects.get(pk=version.pk).state == VersionState.REVIEWED
    client.force_login(signer)
    client.post(reverse("workspace:version_action", args=[version.pk]), {"action": "sign", "publish_at": ""})
    assert ItemVersion.objects.get(pk=version.pk).state == VersionState.PUBLISHED


def test_password_alone_cannot_replace_the_device(client, agency):
    signer = staff(agency, Role.SIGNER)
    device = give_device(signer)
    client.force_login(signer, otp=False)
    response = client.get(reverse("workspace:otp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("workspace:otp_verify"))
    response = client.post(reverse("workspace:otp_setup"), {"op": "replace"})
    assert response["Location"].startswith(reverse("workspace:otp_verify"))
    assert list(TOTPDevice.objects.filter(user=signer)) == [device]


def test_verified_signer_replaces_the_phone_but_cannot_switch_two_factor_off(client, agency):
    signer = staff(agency, Role.SIGNER)
    old = give_device(signer)
    client.force_login(signer)
    page = client.get(reverse("workspace:otp_setup")).content.decode()
    assert "两步验证已启用" in page and "停用两步验证" not in page
    response = client.post(reverse("workspace:otp_setup"), {"op": "disable"}, follow=True)
    assert "不能停用" in response.content.decode() and TOTPDevice.objects.filter(pk=old.pk).exists()
    client.post(reverse("workspace:otp_setup"), {"op": "replace"})
    new = TOTPDevice.objects.get(user=signer, confirmed=False)
    response = client.post(reverse("workspace:otp_setup"), {"op": "confirm", "code": totp_now(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=signer).values_list("pk", "confirmed")) == [(new.pk, True)]


def test_editor_may_opt_in_and_out(client, agency):
    editor = staff(agency, Role.EDITOR)
    client.force_login(editor)
    assert client.get(reverse("workspace:home")).status_code == 200
    page = client.get(reverse("workspace:otp_setup")).content.decode()
    assert "启用后，每次登录时" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    client.post(reverse("workspace:otp_setup"), {"op": "confirm", "code": totp_now(device)})
    client.post(reverse("workspace:logout"))
    _login(client, editor)
    assert client.get(reverse("workspace:home"))["Location"].startswith(reverse("workspace:otp_verify"))
    client.post(reverse("workspace:otp_verify"), {"code": next_code(device)})
    assert client.get(reverse("workspace:home")).status_code == 200
    client.post(reverse("workspace:otp_setup"), {"op": "disable"})
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert AuditEvent.objects.filter(action="otp_disabled", object_id=editor.pk).exists()


def test_admin_resets_a_lost_device_and_the_user_enrols_again(client, agency):
    signer = staff(agency, Role.SIGNER)
    give_device(signer)
    admin = UserFactory(agency=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    device = TOTPDevice.objects.get(user=signer)
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=signer).exists()
    client.force_login(signer, otp=False)
    assert client.get("/staff/")["Location"].startswith(reverse("workspace:otp_setup"))
    # The admin list does not show keys or QR codes.
    give_device(signer)
    client.force_login(admin)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert "qrcode" not in listing.lower()


def test_server_command_resets_a_device_with_an_audit_event(agency):
    signer = staff(agency, Role.SIGNER)
    give_device(signer)
    out = io.StringIO()
    call_command("otp_reset", signer.username, stdout=out)
    assert "下次登录时需重新绑定" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=signer).exists()
    assert AuditEvent.objects.filter(action="otp_reset", object_id=signer.pk).exists()


def test_demo_signers_and_admins_get_the_published_demo_key(agency):
    from gongkai.workspace import demo

    signer = staff(agency, Role.SIGNER, username="nongfa_signer")
    editor = staff(agency, Role.EDITOR, username="nongfa_editor")
    admin = UserFactory(username="admin", agency=None, is_staff=True, is_superuser=True)
    out = io.StringIO()
    demo.seed(verbose=True, stdout=out)
    demo.seed(verbose=False, stdout=out)  # idempotent
    assert demo.DEFAULT_DEMO_SECRET in out.getvalue()
    for user in (signer, admin):
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed and device.key == demo.demo_key_hex()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    code = io.StringIO()
    call_command("otp_demo_code", stdout=code, stderr=io.StringIO())
    assert code.getvalue().strip() == totp_now(TOTPDevice.objects.get(user=signer))


# --- session expiry ------------------------------------------------------------------------------


def test_idle_staff_session_ends_and_the_cookie_dies_with_the_browser(client, agency, settings):
    settings.GONGKAI_SESSION_IDLE_SECONDS = 30 * 60
    editor = staff(agency, Role.EDITOR)
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        response = _login(client, editor)
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
        assert client.get(reverse("workspace:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("workspace:home")).status_code == 200  # activity moves the clock on
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("workspace:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("workspace:home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("workspace:login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "未操作，为保护账号安全已自动退出" in page


def test_environment_is_untouched_by_the_settings_probe():
    # production_settings() runs the settings file with a patched environment; the real one stays.
    assert os.environ.get("GONGKAI_TESTING") == "1"
