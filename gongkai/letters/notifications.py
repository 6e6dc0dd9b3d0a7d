"""Staff notifications (in-app, and by e-mail for the kinds each user chose) and the clock reminders.

The reminder run goes over every app's open clocks (gongkai.core.clocks) and, for each clock, at 50 %,
80 % and 100 % of its time reminds the responsible staff of the clock's agency; at 100 % it also
escalates to the agency's leaders (signers). What it did is recorded per (clock, due time, stage) in
`ClockReminder`, so a rerun sends nothing twice and a missed run catches up: only the latest stage
reached is sent, the earlier ones are recorded as skipped.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.clocks import Clock
from gongkai.core.models import Role, User

from .models import ClockReminder, Notification, NotificationPreference

STAGES = ((100, "100"), (80, "80"), (50, "50"))  # latest first
# Who is responsible for which kind of clock (by role).
RESPONSIBLE_ROLES = {
    "opinion_info": (Role.HANDLER, Role.SPOKESPERSON),
    "opinion_press": (Role.SPOKESPERSON, Role.HANDLER),
    "opinion_response": (Role.HANDLER, Role.SPOKESPERSON),
    "letter_reply": (Role.HANDLER,),
}
# Clocks of other apps (requests, interpretations, consultations …) go to the agency's administrators,
# who pass them on; an app can add its own kinds above.
DEFAULT_ROLES = (Role.AGENCY_ADMIN,)
ESCALATION_ROLES = (Role.SIGNER,)


def staff_with_roles(agency_id: int, roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(agency_id=agency_id, is_active=True, role_grants__role__in=list(roles))
        .distinct()
        .order_by("pk")
    )


def notify(*, users: Iterable[User], kind: str, title: str, url: str = "") -> list[Notification]:
    """One in-app notification per user; e-mail to those who chose this kind, after commit."""
    created = [Notification.objects.create(user=u, kind=kind, title=title[:300], url=url) for u in users]
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _email(ids))
    return created


def _email(ids: list[int]) -> None:
    prefs = dict(NotificationPreference.objects.values_list("user_id", "email_kinds"))
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    for n in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user"):
        if not n.user.email or n.kind not in (prefs.get(n.user_id) or []):
            continue
        body = n.title + (f"\n\n{site}{n.url}" if n.url else "")
        send_mail(f"【政务公开工作台】{n.get_kind_display()}", body, None, [n.user.email], fail_silently=True)
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (or the given ones) as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def preference_set(*, user: User, email_kinds: Iterable[str]) -> NotificationPreference:
    """Choose which kinds of notification also come by e-mail."""
    valid = set(Notification.Kind.values)
    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    pref.email_kinds = sorted(set(email_kinds) & valid)
    pref.save(update_fields=["email_kinds"])
    return pref


def every_open_clock() -> Iterable[Clock]:
    """Every app's open clocks. Like core.clocks.all_open_clocks, but skips a `clocks` module without
    `open_clocks` (core's own clocks.py defines the protocol and would otherwise break the loop)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.clocks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.clocks":
                raise
            continue
        provider = getattr(module, "open_clocks", None)
        if provider is not None:
            yield from provider()


def clock_fraction(clock: Clock, now: dt.datetime) -> float:
    total = (clock.due_at - clock.started_at).total_seconds()
    if total <= 0:
        return 1.0
    return (now - clock.started_at).total_seconds() / total


def _stage_reached(clock: Clock, now: dt.datetime) -> str | None:
    percent = clock_fraction(clock, now) * 100
    for threshold, stage in STAGES:
        if percent >= threshold:
            return stage
    return None


def _record(clock: Clock, stage: str, now: dt.datetime, recipients: int) -> bool:
    """Claim one stage of one clock; False when it was already done (by this or another run)."""
    try:
        with transaction.atomic():
            ClockReminder.objects.create(
                clock_kind=clock.kind,
                clock_url=clock.url,
                due_at=clock.due_at,
                stage=stage,
                sent_at=now,
                recipients=recipients,
            )
    except IntegrityError:
        return False
    return True


def clock_reminders_run(*, now: dt.datetime | None = None, clocks: Iterable[Clock] | None = None) -> int:
    """Send the reminders and escalations that are due now and were not yet sent; return how many
    notifications were created."""
    now = now or timezone.now()
    sent = 0
    for clock in clocks if clocks is not None else every_open_clock():
        if clock.done_at is not None:
            continue
        stage = _stage_reached(clock, now)
        if stage is None:
            continue
        done = set(
            ClockReminder.objects.filter(clock_kind=clock.kind, clock_url=clock.url, due_at=clock.due_at).values_list(
                "stage", flat=True
            )
        )
        stages = [s for _, s in STAGES]
        later = stages[: stages.index(stage)]
        if stage in done or any(s in done for s in later):
            continue
        with transaction.atomic():
            users = staff_with_roles(clock.agency_id, RESPONSIBLE_ROLES.get(clock.kind, DEFAULT_ROLES))
            if not _record(clock, stage, now, len(users)):
                continue
            for earlier in stages[stages.index(stage) + 1 :]:
                if earlier not in done:
                    _record(clock, earlier, now, 0)  # a missed run: the earlier reminder is no longer useful
            local_due = timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")
            if stage == "100":
                title = f"【已逾期】{clock.kind_label}：{clock.title}（时限 {local_due}）"
            else:
                title = f"【时限已过{stage}%】{clock.kind_label}：{clock.title}（请于 {local_due} 前完成）"
            sent += len(notify(users=users, kind=Notification.Kind.REMINDER, title=title, url=clock.url))
            if stage == "100":
                leaders = staff_with_roles(clock.agency_id, ESCALATION_ROLES)
                if _record(clock, "escalation", now, len(leaders)):
                    sent += len(
                        notify(
                            users=leaders,
                            kind=Notification.Kind.ESCALATION,
                            title=f"【逾期督办】{clock.kind_label}：{clock.title}，已超过时限（{local_due}），请督促办理。",
                            url=clock.url,
                        )
                    )
    return sent
