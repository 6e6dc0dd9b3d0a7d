"""`manage.py seed_demo`: the demo agencies, staff and ten years of items, created once."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from gongkai.core.credit_code import is_valid_credit_code
from gongkai.core.models import Agency, AuditEvent, IndexSerial, Role, RoleGrant, User
from gongkai.core.workflow import history
from gongkai.disclosures import selectors
from gongkai.disclosures.models import CatalogColumn, DisclosureItem, ItemVersion, ScreeningHit, VersionState
from gongkai.publishing.selectors import ledger_verify
from gongkai.web.demo import seed_plan
from gongkai.web.management.commands.seed_demo import DEFAULT_PASSWORD

INDEX_NUMBER = re.compile(r"^[0-9A-Z]{18}/\d{4}-\d{5}$")
SLUGS = ("fangzi", "nongfa", "nyj", "czj", "fgj")


def _counts() -> tuple:
    return (
        Agency.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
        DisclosureItem.objects.count(),
        ItemVersion.objects.count(),
        AuditEvent.objects.count(),
        ScreeningHit.objects.count(),
        IndexSerial.objects.aggregate(total=Sum("last"))["total"],
    )


def test_seed_plan_is_rebuilt_into_clean_paragraphs():
    blocks = seed_plan.paragraphs()
    headings = [text for level, text in blocks if level]
    assert headings[0] == "一、推进政务运行全过程公开"
    assert "（一）推进决策公开" in headings and "三、优化融合政务公开渠道" in headings
    text = "".join(text for _, text in blocks)
    assert " " not in text and "," not in text
    assert "广泛参与政策制定" in text and "特别是通过权威平台" in text  # extraction misreads corrected
    assert blocks[0][1].startswith("为认真落实中央、省、市、区关于全面推进政务公开工作的文件精神")


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_once():
    call_command("seed_demo", "--quiet")

    # Agencies: the district government with the office and three departments under it.
    root = Agency.objects.get(slug="fangzi")
    office = Agency.objects.get(slug="nongfa")
    assert root.parent is None and root.name == "潍坊市坊子区人民政府"
    assert office.name == "坊子区农业综合开发办公室"
    assert set(root.children.values_list("slug", flat=True)) == {"nongfa", "nyj", "czj", "fgj"}
    for agency in Agency.objects.filter(slug__in=SLUGS):
        assert is_valid_credit_code(agency.credit_code)
        assert agency.phone.startswith("0536-76") and agency.address.startswith("山东省潍坊市坊子区")
        assert agency.office_hours and agency.fax and agency.email and agency.short_name

    # Staff: every role in every agency, and a superuser; one demo password.
    for slug in SLUGS:
        for role in Role.values:
            if role == Role.SUPERVISOR and slug != "fangzi":
                continue  # the district office at the root supervises every agency
            suffix = "admin" if role == Role.AGENCY_ADMIN else role
            user = User.objects.get(username=f"{slug}_{suffix}")
            assert user.agency.slug == slug and user.has_role(role) and user.display_name
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.agency is None
    assert check_password(DEFAULT_PASSWORD, User.objects.get(username="nongfa_editor").password)

    # At least 300 public items, every year 2016–2026, every catalogue column.
    public = selectors.public_versions()
    assert public.count() >= 300
    years = {v.published_at.astimezone(timezone.get_current_timezone()).year for v in public}
    assert set(range(2016, 2027)) <= years
    assert not public.filter(published_at__gte=timezone.now()).exists()
    for column in CatalogColumn.objects.all():
        assert public.filter(column=column).exists(), column.slug
    assert public.values("topic").distinct().count() >= 8
    assert {"valid", "expired", "repealed"} <= set(public.filter(column__slug="normative").values_list("validity", flat=True))

    # The seed plan: the office's first published item, its text without the hosting site's lines.
    plan = public.get(item__agency=office, title="坊子区农业综合开发办公室关于推进政务公开工作的实施方案")
    assert public.filter(item__agency=office).order_by("published_at", "id").first() == plan
    assert plan.doc_number == "坊农发〔2016〕5号" and plan.written_on.year == 2016
    assert plan.column.slug == "guide" and plan.topic.code == "0101"
    assert "实行重大决策预公开制度" in plan.body and "应在24小时内举行新闻发布会" in plan.body
    for boilerplate in ("原创力文档", "VIP", "book118", "文档评论", "tangzhaoxu"):
        assert boilerplate not in plan.body
    assert plan.item.index_number.endswith("/2016-00001")

    # The audit trail is real: written by the editor, approved by the reviewer, signed by the signer.
    steps = {e.action: e.actor.username for e in history(plan)}
    assert steps["create"] == steps["submit"] == "nongfa_editor"
    assert steps["approve"] == "nongfa_reviewer" and steps["sign"] == "nongfa_signer"

    # Index numbers: valid, unique, and of the year the item was first published.
    numbers = list(DisclosureItem.objects.values_list("index_number", "first_published_at"))
    assert all(INDEX_NUMBER.match(n) for n, _ in numbers)
    assert len({n for n, _ in numbers}) == len(numbers)
    for number, first in numbers:
        if first is not None:
            assert number[19:23] == str(first.astimezone(timezone.get_current_timezone()).year)

    # The workspace demo: items of the office in the other states.
    states = list(ItemVersion.objects.filter(item__agency=office).values_list("state", flat=True))
    assert states.count(VersionState.DRAFT) >= 3  # two drafts and the one with screening hits
    for state in (VersionState.SUBMITTED, VersionState.REVIEWED, VersionState.SCHEDULED,
                  VersionState.SUPERSEDED, VersionState.WITHDRAWN):
        assert state in states
    scheduled = ItemVersion.objects.get(item__agency=office, state=VersionState.SCHEDULED)
    assert timezone.localtime(scheduled.publish_at).date() == timezone.localdate() + dt.timedelta(days=1)
    withdrawn = DisclosureItem.objects.get(agency=office, live_version=None, withdrawn_at__isnull=False)
    assert withdrawn.withdrawn_reason
    hits = ScreeningHit.objects.filter(version__item__agency=office, version__state=VersionState.DRAFT)
    assert {"mobile", "secrecy_mark"} <= set(hits.values_list("kind", flat=True))

    # Every publication of the demo is in the ledger as published: nothing was changed afterwards.
    verification = ledger_verify()
    assert verification.ok and verification.entries >= 300, verification.first_broken

    # A second run creates nothing.
    before = _counts()
    call_command("seed_demo", "--quiet")
    assert _counts() == before

    # Without --quiet it prints the logins and where to use them.
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    assert "nongfa_editor" in printed and "czj_signer" in printed and DEFAULT_PASSWORD in printed
    assert "http://127.0.0.1:" in printed and "/staff/" in printed
    assert _counts() == before
