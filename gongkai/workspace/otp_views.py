"""The second login step (动态口令) and enrolling an authenticator app (see gongkai/workspace/otp.py)."""

from __future__ import annotations

from base64 import b32encode

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.workflow import WorkflowError

from . import otp


class CodeForm(forms.Form):
    code = forms.CharField(
        label="动态口令",
        min_length=6,
        max_length=6,
        help_text="打开手机上的身份验证器应用，输入显示的6位数字。",
        error_messages={"required": "请输入6位动态口令。", "min_length": "动态口令是6位数字。", "max_length": "动态口令是6位数字。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError("动态口令是6位数字。")
        return code


def _check(device: TOTPDevice, form: CodeForm) -> bool:
    """Verify the code on the device (django-otp throttles failures); add the reason of a refusal to the form."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 60
        form.add_error("code", f"输入错误次数过多，请{seconds}秒后再试。")
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", "动态口令不正确或已过期，请输入应用中当前显示的数字。")
    return False


def _finish(request: HttpRequest, device: TOTPDevice) -> None:
    django_otp.login(request, device)
    request.session.cycle_key()  # a new session id once the login is complete


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: the code from the enrolled device."""
    user = request.user
    next_url = otp.safe_next(request)
    if otp.is_verified(user) or not otp.otp_needed(user):
        return redirect(next_url)
    device = otp.confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('workspace:otp_setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form):
        _finish(request, device)
        return redirect(next_url)
    return render(request, "workspace/otp_verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (first time, or to replace the phone once logged in with the old one)."""
    user = request.user
    next_url = otp.safe_next(request)
    current = otp.confirmed_device(user)
    if current is not None and not otp.is_verified(user):
        # Whoever knows only the password must not replace the device: the code of the old one first.
        return redirect(f"{reverse('workspace:otp_verify')}?{request.GET.urlencode()}")
    op = request.POST.get("op", "confirm") if request.method == "POST" else ""
    if op == "disable" and current is not None:
        try:
            otp.devices_remove(user=user, by=user)
        except WorkflowError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "已停用两步验证。")
        return redirect("workspace:otp_setup")
    replacing = current is not None and (op in ("replace", "confirm") or "replace" in request.GET)
    if current is not None and not replacing:
        return render(request, "workspace/otp_setup.html", {"enabled": True, "required": otp.otp_required_by_role(user), "next": next_url})
    device = otp.pending_device(user)
    form = CodeForm(request.POST if op == "confirm" else None)
    if op == "confirm" and form.is_valid() and _check(device, form):
        device = otp.device_confirm(device=device, by=user)
        _finish(request, device)
        messages.success(request, "两步验证已启用。以后每次登录，输入密码后还需输入动态口令。")
        return redirect(next_url)
    secret = b32encode(device.bin_key).decode()
    context = {
        "enabled": False,
        "replacing": current is not None,
        "required": otp.otp_required_by_role(user),
        "form": form,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url,
        "next": next_url,
    }
    return render(request, "workspace/otp_setup.html", context)
