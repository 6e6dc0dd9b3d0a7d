"""Load the demo data: agencies, staff, and items created through the real editorial services.

Idempotent by stable keys: agencies by slug, users by username, items by (agency, title). A second
run finds everything and creates nothing.

Backdating: the services publish "now" and take the index-number year from today. Demo items are
meant to show ten years of history, so after an item is published through the services its
`published_at` (ItemVersion) and `first_published_at` (DisclosureItem) are set to the historical
date with a queryset update, and its index number is re-issued for the historical year (see
`_renumber`). This is done for demo data only; the services themselves never backdate. The audit
trail is left as it happened: its events carry the time the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from gongkai.core.models import Agency, IndexSerial, Role, RoleGrant, User
from gongkai.disclosures import services
from gongkai.disclosures.models import CatalogColumn, DisclosureItem, ItemVersion, Topic

from .agencies import AGENCIES, AGENCY_BY_SLUG, HOURS, OFFICE, ROLE_SUFFIXES, ROOT, STAFF_NAMES, SUPERUSER, SUPERVISOR
from .base import ItemSpec
from .items import build_specs
from .workspace import WORKSPACE, WorkspaceSpec


@dataclass
class Login:
    username: str
    name: str
    agency: str
    roles: str
    password_ok: bool


@dataclass
class Report:
    agencies_created: int = 0
    users_created: int = 0
    items_created: int = 0
    workspace_created: int = 0
    logins: list[Login] = field(default_factory=list)


@dataclass
class _Created:
    item_id: int
    agency_id: int
    year: int
    order: dt.datetime


def load(*, password: str, today: dt.date | None = None) -> Report:
    today = today or timezone.localdate()
    report = Report()
    with transaction.atomic():
        agencies = _agencies(report)
        users = _users(agencies, password, report)
        created: list[_Created] = []
        bases = {
            agency_id: last
            for agency_id, last in IndexSerial.objects.select_for_update()
            .filter(year=today.year)
            .values_list("agency_id", "last")
        }
        existing = set(
            ItemVersion.objects.filter(item__agency__in=list(agencies.values()))
            .values_list("item__agency__slug", "title")
            .distinct()
        )
        columns = {c.slug: c for c in CatalogColumn.objects.all()}
        topics = {t.code: t for t in Topic.objects.all()}
        for spec in build_specs(today):
            if (spec.agency, spec.title) in existing:
                continue
            created.append(_publish(spec, agencies, users, columns, topics))
            report.items_created += 1
        for wspec in WORKSPACE:
            if (OFFICE, wspec.title) in existing:
                continue
            created.append(_workspace_item(wspec, agencies[OFFICE], users, columns, topics))
            report.workspace_created += 1
        if created:
            _renumber(created, today.year, bases)
    return report


# -- agencies and staff -------------------------------------------------------------------------

def _agencies(report: Report) -> dict[str, Agency]:
    found = {a.slug: a for a in Agency.objects.filter(slug__in=[s.slug for s in AGENCIES])}
    for spec in AGENCIES:  # parents come first in AGENCIES
        if spec.slug in found:
            continue
        found[spec.slug] = Agency.objects.create(
            parent=found[spec.parent] if spec.parent else None,
            name=spec.name,
            short_name=spec.short_name,
            credit_code=spec.credit_code,
            slug=spec.slug,
            address=spec.address,
            phone=spec.phone,
            fax=spec.fax,
            office_hours=HOURS,
            email=spec.email,
            sort_order=spec.sort_order,
        )
        report.agencies_created += 1
    return found


def demo_usernames() -> list[tuple[str, str | None, str, tuple[str, ...]]]:
    """(username, agency slug, display name, roles) of every demo login, the superuser first."""
    rows: list[tuple[str, str | None, str, tuple[str, ...]]] = [(SUPERUSER[0], None, SUPERUSER[1], ())]
    for spec in AGENCIES:
        for (suffix, roles), name in zip(ROLE_SUFFIXES, STAFF_NAMES[spec.slug], strict=True):
            rows.append((f"{spec.slug}_{suffix}", spec.slug, name, roles))
        if spec.slug == ROOT:
            suffix, roles, name = SUPERVISOR
            rows.append((f"{spec.slug}_{suffix}", spec.slug, name, roles))
    return rows


def _users(agencies: dict[str, Agency], password: str, report: Report) -> dict[str, User]:
    rows = demo_usernames()
    users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}
    encoded: str | None = None  # hashed once and shared: hashing is deliberately slow
    for username, slug, name, _roles in rows:
        if username in users:
            continue
        encoded = encoded or make_password(password)
        superuser = slug is None
        users[username] = User.objects.create(
            username=username,
            password=encoded,
            display_name=name,
            agency=agencies[slug] if slug else None,
            is_staff=superuser,
            is_superuser=superuser,
        )
        report.users_created += 1
    grants = set(RoleGrant.objects.filter(user__in=list(users.values())).values_list("user_id", "role"))
    missing = [
        RoleGrant(user=users[username], role=role)
        for username, _slug, _name, roles in rows
        for role in roles
        if (users[username].pk, role) not in grants
    ]
    RoleGrant.objects.bulk_create(missing)
    checked: dict[str, bool] = {}
    for username, slug, name, roles in rows:
        user = users[username]
        user._roles_cache = None  # grants may just have been added
        if user.password not in checked:  # one check per distinct hash (they are shared)
            checked[user.password] = check_password(password, user.password)
        report.logins.append(
            Login(
                username=username,
                name=user.display_name or name,
                agency=AGENCY_BY_SLUG[slug].short_name if slug else "（全部，系统管理后台）",
                roles="、".join(_role_label(r) for r in roles) if roles else "超级管理员",
                password_ok=checked[user.password],
            )
        )
    return users


def _role_label(role: str) -> str:
    return str(Role(role).label)


# -- items -------------------------------------------------------------------------------------

def _staff(users: dict[str, User], slug: str) -> tuple[User, User, User]:
    return users[f"{slug}_editor"], users[f"{slug}_reviewer"], users[f"{slug}_signer"]


def _publish(spec: ItemSpec, agencies, users, columns, topics) -> _Created:
    """editor writes → editor submits (screening runs) → reviewer approves → signer signs; then backdate."""
    editor, reviewer, signer = _staff(users, spec.agency)
    fields = spec.create_fields()
    version = services.item_create(
        by=editor, column=columns[spec.column], topic=topics[spec.topic], **fields
    )
    version = services.version_submit(version=version, by=editor)
    version = services.version_approve(version=version, by=reviewer)
    version = services.version_sign(version=version, by=signer)
    _backdate(version, spec.published_at)
    return _Created(version.item_id, agencies[spec.agency].pk, spec.published_at.year, spec.published_at)


def _backdate(version: ItemVersion, when: dt.datetime, *, first: bool = True) -> None:
    """Demo data only: move a just-published version to its historical publication time."""
    ItemVersion.objects.filter(pk=version.pk).update(published_at=when)
    if first:
        DisclosureItem.objects.filter(pk=version.item_id).update(first_published_at=when)


def _body(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _workspace_item(spec: WorkspaceSpec, agency: Agency, users, columns, topics) -> _Created:
    editor, reviewer, signer = _staff(users, OFFICE)
    version = services.item_create(
        by=editor,
        title=spec.title,
        column=columns[spec.column],
        topic=topics[spec.topic],
        body=_body(spec.paragraphs),
        summary=spec.paragraphs[0][:100] if len(spec.paragraphs[0]) > 10 else spec.paragraphs[1][:100],
        keywords=spec.keywords,
        doc_number=spec.doc_number,
        validity="na",
    )
    now = timezone.now()
    order, year = now, timezone.localdate().year
    if spec.state == "draft":
        pass
    elif spec.state == "screening_hit":
        try:
            services.version_submit(version=version, by=editor)
        except services.ScreeningBlocked:
            pass  # expected: the hits stay on the draft for the workspace to show
        else:  # pragma: no cover - the planted data must be caught
            raise AssertionError("the planted screening hit was not found")
    else:
        version = services.version_submit(version=version, by=editor)
        if spec.state != "submitted":
            version = services.version_approve(version=version, by=reviewer)
        if spec.state == "scheduled":
            tomorrow = timezone.localdate() + dt.timedelta(days=1)
            publish_at = dt.datetime.combine(tomorrow, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
            services.version_sign(version=version, by=signer, publish_at=publish_at)
        elif spec.state in ("revised", "withdrawn"):
            version = services.version_sign(version=version, by=signer)
            assert spec.published_at is not None
            _backdate(version, spec.published_at)
            order, year = spec.published_at, spec.published_at.year
            item = DisclosureItem.objects.get(pk=version.item_id)
            if spec.state == "withdrawn":
                services.item_withdraw(item=item, by=signer, reason=spec.reason)
            else:
                revision = services.item_revise(item=item, by=editor)
                revision = services.version_update(
                    version=revision, by=editor, body=_body(spec.revised_paragraphs), change_note=spec.change_note
                )
                revision = services.version_submit(version=revision, by=editor)
                revision = services.version_approve(version=revision, by=reviewer)
                revision = services.version_sign(version=revision, by=signer)
                assert spec.revised_at is not None
                _backdate(revision, spec.revised_at, first=False)
                ItemVersion.objects.filter(pk=version.pk).update(superseded_at=spec.revised_at)
    return _Created(version.item_id, agency.pk, year, order)


def _renumber(created: list[_Created], this_year: int, bases: dict[int, int]) -> None:
    """Re-issue the index numbers of the items created in this run, per agency and historical year.

    item_create numbered every item in the current year. Inside this one transaction nothing else
    has seen those numbers (the serial rows stay locked until commit), so the current year's
    serials are wound back to where they stood before the run, and every new item gets its number
    again from services.index_number_next for the year it was (back)dated to, in date order.
    Numbers that existed before the run are untouched; the result is unique and gap-free.
    """
    ids = [c.item_id for c in created]
    DisclosureItem.objects.filter(pk__in=ids).update(
        index_number=Concat(Value("demo-renumber-"), Cast("id", output_field=CharField()))
    )
    for agency_id in {c.agency_id for c in created}:
        IndexSerial.objects.filter(agency_id=agency_id, year=this_year).update(last=bases.get(agency_id, 0))
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in={c.agency_id for c in created})}
    for c in sorted(created, key=lambda c: (c.order, c.item_id)):
        number = services.index_number_next(agency=agencies[c.agency_id], year=c.year)
        DisclosureItem.objects.filter(pk=c.item_id).update(index_number=number)
