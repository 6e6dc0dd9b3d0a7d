"""Two-factor login with time-based one-time codes (TOTP, django-otp).

Who must use it: signers (签发), agency administrators and site administrators (is_staff or
is_superuser, the /admin/ users). Anyone else may opt in; once they have a confirmed device it is
asked for at every login too. After the password, such a user is sent to the code step (or, without
a confirmed device, to enrolment) before any other page, including /admin/; the API answers 403.
Recovery from a lost phone: a site administrator deletes the device in /admin/ (“TOTP devices”), or
on the server `manage.py otp_reset <username>`; the user enrols again at the next login.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.models import Role, User
from gongkai.core.workflow import WorkflowError, record_event

REQUIRED_ROLES = frozenset({Role.SIGNER, Role.AGENCY_ADMIN})
DEVICE_NAME = "身份验证器"
# Paths an unverified user may still open: the two steps, logging out, static files.
_OPEN_URL_NAMES = ("workspace:login", "workspace:logout", "workspace:otp_verify", "workspace:otp_setup", "web:favicon")


def otp_required_by_role(user: User | AnonymousUser) -> bool:
    """Signers, agency administrators and site administrators must use a second factor."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or REQUIRED_ROLES & user.roles)


def otp_needed(user: User | AnonymousUser) -> bool:
    """True when this user's login is complete only with a code: required by role, or opted in."""
    if not user.is_authenticated:
        return False
    return otp_required_by_role(user) or user_has_device(user, confirmed=True)


def is_verified(user: User | AnonymousUser) -> bool:
    """The session passed the code step (OTPMiddleware sets otp_device)."""
    return getattr(user, "otp_device", None) is not None


def session_complete(user: User | AnonymousUser) -> bool:
    """Logged in with everything this user's login needs."""
    return user.is_authenticated and (is_verified(user) or not otp_needed(user))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; a new key only when none is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def device_confirm(*, device: TOTPDevice, by: User) -> TOTPDevice:
    """Make the device whose code was just checked the user's one authenticator (replacing any other)."""
    if device.user_id != by.pk:
        raise WorkflowError("只能绑定自己的身份验证器。")
    TOTPDevice.objects.filter(user=by).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(by, action="otp_enrolled", label="启用两步验证", by=by, agency_id=by.agency_id)
    return device


@transaction.atomic
def devices_remove(*, user: User, by: User | None, reason: str = "") -> int:
    """Remove the user's authenticators: the user switching two-factor off (only where the role allows),
    or an administrator's reset after a lost phone (`by` None: on the server). Returns how many."""
    if by is not None and by.pk == user.pk and otp_required_by_role(user):
        raise WorkflowError("您的角色必须使用两步验证，不能停用。更换手机请使用“更换设备”。")
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    if by is not None and by.pk == user.pk:
        record_event(user, action="otp_disabled", label="停用两步验证", by=by, agency_id=user.agency_id)
    else:
        record_event(user, action="otp_reset", label="重置两步验证设备", by=by, agency_id=user.agency_id, comment=reason)
    return count


def safe_next(request: HttpRequest, default: str = "workspace:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


class OTPRequiredMiddleware:
    """Sends a user whose login still lacks the code to the code step or to enrolment (after OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(user) or not otp_needed(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OPEN_URL_NAMES:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"code": "otp_required", "message": "请先在工作台完成两步验证（输入动态口令）后再使用。"},
                status=403,
                json_dumps_params={"ensure_ascii": False},
            )
        step = "workspace:otp_verify" if user_has_device(user, confirmed=True) else "workspace:otp_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
