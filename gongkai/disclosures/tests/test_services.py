"""The disclosure services: index numbers, sanitising, revisions, withdrawal, scheduled publication,
agency isolation and the personal-data screening gate."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from gongkai.core.models import AuditEvent, SecrecyMark
from gongkai.core.tests.factories import AgencyFactory, UserFactory, staff
from gongkai.core.workflow import WorkflowError, history
from gongkai.disclosures import services
from gongkai.disclosures.models import Attachment, DisclosureItem, ItemVersion, ScreeningHit, VersionState
from gongkai.disclosures.selectors import public_earlier_versions, public_item, public_versions
from gongkai.disclosures.services import ScreeningBlocked
from gongkai.disclosures.tasks import publish_scheduled_items
from gongkai.disclosures.tests.factories import draft, published

pytestmark = pytest.mark.django_db

S = VersionState
SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"  # a well-formed resident ID (valid region, birth date and check digit)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI), tick=False) as traveller:
        yield traveller


@pytest.fixture
def huey_immediate():
    """Run Huey tasks in-process, as the test settings intend."""
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = was


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def editor(agency):
    return staff(agency, "editor")


@pytest.fixture
def reviewer(agency):
    return staff(agency, "reviewer")


@pytest.fixture
def signer(agency):
    return staff(agency, "signer")


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def state_moves(version: ItemVersion) -> list[tuple[str, str, str]]:
    return [(e.action, e.from_state, e.to_state) for e in history(version) if e.to_state]


def reviewed(editor, reviewer, **fields) -> ItemVersion:
    version = draft(editor, **fields)
    services.version_submit(version=version, by=editor)
    services.version_approve(version=fresh(version), by=reviewer)
    return fresh(version)


# --- index numbers -------------------------------------------------------------------------------


def test_index_numbers_are_credit_code_year_and_a_five_digit_serial_per_agency(clock, agency, editor):
    numbers = [draft(editor).item.index_number for _ in range(3)]
    assert numbers == [f"{agency.credit_code}/2025-{n:05d}" for n in (1, 2, 3)]
    assert all(re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}/\d{4}-\d{5}", n) for n in numbers)

    other = AgencyFactory()
    assert draft(staff(other, "editor")).item.index_number == f"{other.credit_code}/2025-00001"
    assert draft(editor).item.index_number == f"{agency.credit_code}/2025-00004"


def test_the_serial_starts_again_with_the_local_new_year(clock, agency, editor):
    draft(editor)
    draft(editor)
    # 2025-12-31 16:30 UTC is already 2026-01-01 00:30 in Beijing
    clock.move_to(dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC))
    assert draft(editor).item.index_number == f"{agency.credit_code}/2026-00001"
    assert draft(editor).item.index_number == f"{agency.credit_code}/2026-00002"


def test_a_serial_is_never_reused_after_a_deletion_or_a_revision(clock, agency, editor, reviewer, signer):
    first = published(editor, reviewer, signer)
    last = draft(editor)
    assert last.item.index_number.endswith("-00002")
    DisclosureItem.objects.filter(pk=last.item_id).delete()
    assert draft(editor).item.index_number.endswith("-00003")

    revision = services.item_revise(item=first.item, by=editor)
    assert revision.item.index_number == first.item.index_number  # a revision keeps the item's number
    assert draft(editor).item.index_number.endswith("-00004")  # … and uses no serial
    numbers = list(DisclosureItem.objects.values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_index_number_next_counts_per_agency_and_year_without_gaps(agency):
    other = AgencyFactory()
    got = [
        services.index_number_next(agency=agency, year=2025),
        services.index_number_next(agency=other, year=2025),
        services.index_number_next(agency=agency, year=2025),
        services.index_number_next(agency=agency, year=2024),
        services.index_number_next(agency=agency, year=2025),
    ]
    assert got == [
        f"{agency.credit_code}/2025-00001",
        f"{other.credit_code}/2025-00001",
        f"{agency.credit_code}/2025-00002",
        f"{agency.credit_code}/2024-00001",
        f"{agency.credit_code}/2025-00003",
    ]


# --- sanitising ------------------------------------------------------------------------------------

DIRTY = '<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:alert(2)">链接</a></p>'


def _assert_clean(body: str) -> None:
    assert "script" not in body.lower()
    assert "onclick" not in body and "steal" not in body and "alert" not in body
    assert "正文" in body and "链接" in body


def test_the_body_is_sanitised_when_an_item_is_created(editor):
    version = draft(editor, body=DIRTY)
    _assert_clean(fresh(version).body)


def test_the_body_is_sanitised_when_a_draft_is_edited(editor):
    version = draft(editor)
    services.version_update(version=version, by=editor, body=DIRTY)
    _assert_clean(fresh(version).body)


# --- revisions ------------------------------------------------------------------------------------


def test_a_revision_keeps_the_published_version_online_until_it_is_signed(clock, editor, reviewer, signer):
    v1 = published(editor, reviewer, signer, title="原标题")
    item = v1.item
    v2 = services.item_revise(item=item, by=editor)
    assert (v2.number, v2.state, v2.title) == (2, S.DRAFT, "原标题")

    def online() -> list[int]:
        return list(public_versions().filter(item=item).values_list("pk", flat=True))

    services.version_update(version=v2, by=editor, title="新标题", change_note="更新联系方式")
    assert online() == [v1.pk]
    services.version_submit(version=fresh(v2), by=editor)
    assert online() == [v1.pk]
    services.version_approve(version=fresh(v2), by=reviewer)
    assert online() == [v1.pk]
    assert public_item(item.pk).live_version == v1

    clock.shift(dt.timedelta(hours=1))
    services.version_sign(version=fresh(v2), by=signer)
    assert online() == [v2.pk]
    assert fresh(v1).state == S.SUPERSEDED
    assert fresh(v1).superseded_at == timezone.now()
    assert list(public_earlier_versions(item)) == [fresh(v1)]
    item = fresh(item)
    assert item.live_version_id == v2.pk
    assert item.index_number == v1.item.index_number
    assert item.first_published_at == fresh(v1).published_at  # first publication is remembered
    assert public_item(item.pk).live_version.title == "新标题"


def test_only_one_revision_may_be_open_at_a_time(editor, reviewer, signer):
    v1 = published(editor, reviewer, signer)
    services.item_revise(item=v1.item, by=editor)
    with pytest.raises(WorkflowError, match="未发布的修订版本"):
        services.item_revise(item=v1.item, by=editor)
    assert v1.item.versions.count() == 2


def test_only_editors_may_start_a_revision(editor, reviewer, signer):
    v1 = published(editor, reviewer, signer)
    with pytest.raises(WorkflowError):
        services.item_revise(item=v1.item, by=signer)
    assert v1.item.versions.count() == 1


# --- withdrawal ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawal_without_a_reason_is_refused(reason, editor, reviewer, signer):
    v1 = published(editor, reviewer, signer)
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match="必须填写理由"):
        services.item_withdraw(item=v1.item, by=signer, reason=reason)
    assert fresh(v1).state == S.PUBLISHED
    assert fresh(v1.item).live_version_id == v1.pk
    assert list(public_versions()) == [v1]
    assert AuditEvent.objects.count() == events


def test_withdrawal_takes_the_item_off_the_public_lists_and_records_the_reason(editor, reviewer, signer):
    v1 = published(editor, reviewer, signer)
    services.item_withdraw(item=v1.item, by=signer, reason="  政策已废止  ")
    item = fresh(v1.item)
    assert list(public_versions()) == []
    assert fresh(v1).state == S.WITHDRAWN
    assert item.live_version_id is None and item.is_withdrawn
    assert item.withdrawn_reason == "政策已废止"
    assert item.withdrawn_at is not None
    last = history(v1).last()
    assert (last.action, last.from_state, last.to_state, last.actor, last.comment) == (
        "withdraw",
        S.PUBLISHED,
        S.WITHDRAWN,
        signer,
        "政策已废止",
    )
    # the public page remains, showing the reason
    assert public_item(item.pk).withdrawn_reason == "政策已废止"


def test_a_withdrawn_item_cannot_be_withdrawn_again(editor, reviewer, signer):
    v1 = published(editor, reviewer, signer)
    services.item_withdraw(item=v1.item, by=signer, reason="有误")
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError):
        services.item_withdraw(item=fresh(v1.item), by=signer, reason="再次")
    assert fresh(v1.item).withdrawn_reason == "有误"
    assert AuditEvent.objects.count() == events


# --- scheduled publication ------------------------------------------------------------------------


def test_a_scheduled_version_is_not_public_before_its_time_and_is_published_once_at_it(clock, editor, reviewer, signer):
    version = reviewed(editor, reviewer)
    at = timezone.now() + dt.timedelta(hours=3)
    services.version_sign(version=version, by=signer, publish_at=at)
    version = fresh(version)
    assert version.state == S.SCHEDULED and version.publish_at == at
    assert list(public_versions()) == []
    assert fresh(version.item).live_version_id is None

    clock.move_to(at - dt.timedelta(seconds=1))
    assert services.publish_due_versions() == 0
    assert fresh(version).state == S.SCHEDULED
    assert list(public_versions()) == []

    clock.move_to(at)
    assert services.publish_due_versions() == 1
    assert services.publish_due_versions() == 0
    version = fresh(version)
    assert version.state == S.PUBLISHED and version.published_at == at
    assert list(public_versions()) == [version]
    assert fresh(version.item).live_version_id == version.pk
    assert state_moves(version)[-1] == ("publish_due", S.SCHEDULED, S.PUBLISHED)
    assert [m[0] for m in state_moves(version)].count("publish_due") == 1


def test_the_periodic_task_publishes_due_versions_once_and_catches_up(clock, huey_immediate, editor, reviewer, signer):
    early = reviewed(editor, reviewer)
    late = reviewed(editor, reviewer)
    services.version_sign(version=early, by=signer, publish_at=timezone.now() + dt.timedelta(hours=1))
    services.version_sign(version=late, by=signer, publish_at=timezone.now() + dt.timedelta(days=2))

    def publish_due_count() -> int:
        return AuditEvent.objects.filter(action="publish_due").count()

    publish_scheduled_items()  # huey runs it in-process (a periodic task keeps no result)
    assert publish_due_count() == 0
    assert list(public_versions()) == []

    clock.shift(dt.timedelta(hours=5))  # the task did not run at the hour: it catches up later
    publish_scheduled_items()
    publish_scheduled_items()
    assert publish_due_count() == 1
    assert fresh(early).state == S.PUBLISHED
    assert fresh(late).state == S.SCHEDULED
    assert list(public_versions()) == [fresh(early)]

    clock.shift(dt.timedelta(days=2))
    publish_scheduled_items()
    assert publish_due_count() == 2
    assert set(public_versions()) == {fresh(early), fresh(late)}


def test_a_publish_time_in_the_past_publishes_at_once(clock, editor, reviewer, signer):
    version = reviewed(editor, reviewer)
    services.version_sign(version=version, by=signer, publish_at=timezone.now() - dt.timedelta(minutes=5))
    assert fresh(version).state == S.PUBLISHED
    assert state_moves(version)[-1] == ("sign", S.REVIEWED, S.PUBLISHED)


def test_an_unscheduled_version_is_not_published_by_the_task(clock, editor, reviewer, signer):
    version = reviewed(editor, reviewer)
    services.version_sign(version=version, by=signer, publish_at=timezone.now() + dt.timedelta(hours=1))
    services.version_unschedule(version=fresh(version), by=signer)
    assert fresh(version).state == S.REVIEWED and fresh(version).publish_at is None
    clock.shift(dt.timedelta(days=1))
    assert services.publish_due_versions() == 0
    assert fresh(version).state == S.REVIEWED


# --- agency isolation -------------------------------------------------------------------------------


@pytest.fixture
def world(editor, reviewer, signer, agency):
    """Agency A's content, one object in each state a service acts on."""
    blocked = draft(editor, body=f"<p>身份证号{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=blocked, by=editor)
    with_file = draft(editor)
    attachment = services.attachment_add(
        version=with_file, by=editor, upload=SimpleUploadedFile("图.png", PNG, content_type="image/png")
    )
    submitted = draft(editor)
    services.version_submit(version=submitted, by=editor)
    scheduled = reviewed(editor, reviewer)
    services.version_sign(version=scheduled, by=signer, publish_at=timezone.now() + dt.timedelta(days=1))
    return {
        "draft": fresh(draft(editor)),
        "hit": ScreeningHit.objects.get(version=blocked),
        "attachment": attachment,
        "with_file": fresh(with_file),
        "submitted": fresh(submitted),
        "reviewed": reviewed(editor, reviewer),
        "scheduled": fresh(scheduled),
        "published": published(editor, reviewer, signer),
    }


def _everything() -> tuple:
    return (
        list(ItemVersion.objects.order_by("pk").values_list("pk", "state", "title", "body", "publish_at", "updated_by")),
        list(DisclosureItem.objects.order_by("pk").values_list("pk", "live_version", "withdrawn_at", "withdrawn_reason")),
        list(ScreeningHit.objects.order_by("pk").values_list("pk", "overridden_at", "override_reason")),
        list(Attachment.objects.order_by("pk").values_list("pk", "version")),
        AuditEvent.objects.count(),
    )


CROSS_AGENCY_CALLS = {
    "version_update": lambda w, by: services.version_update(version=w["draft"], by=by, title="改"),
    "attachment_add": lambda w, by: services.attachment_add(
        version=w["draft"], by=by, upload=SimpleUploadedFile("a.png", PNG, content_type="image/png")
    ),
    "attachment_remove": lambda w, by: services.attachment_remove(attachment=w["attachment"], by=by),
    "version_submit": lambda w, by: services.version_submit(version=w["draft"], by=by),
    "hit_override": lambda w, by: services.hit_override(hit=w["hit"], by=by, reason="公开号码"),
    "version_approve": lambda w, by: services.version_approve(version=w["submitted"], by=by),
    "version_return": lambda w, by: services.version_return(version=w["submitted"], by=by, reason="退回"),
    "version_sign": lambda w, by: services.version_sign(version=w["reviewed"], by=by),
    "version_sign_scheduled": lambda w, by: services.version_sign(
        version=w["reviewed"], by=by, publish_at=timezone.now() + dt.timedelta(days=1)
    ),
    "version_unschedule": lambda w, by: services.version_unschedule(version=w["scheduled"], by=by),
    "item_withdraw": lambda w, by: services.item_withdraw(item=w["published"].item, by=by, reason="撤回"),
    "item_revise": lambda w, by: services.item_revise(item=w["published"].item, by=by),
}


@pytest.mark.parametrize("service", sorted(CROSS_AGENCY_CALLS))
def test_staff_of_another_agency_get_not_found_from_every_service_and_nothing_changes(service, world):
    outsider = staff(AgencyFactory(), "editor", "reviewer", "signer", "agency_admin")
    before = _everything()
    with pytest.raises(Http404):
        CROSS_AGENCY_CALLS[service](world, outsider)
    assert _everything() == before


@pytest.mark.parametrize("service", sorted(CROSS_AGENCY_CALLS))
def test_staff_without_an_agency_get_not_found_too(service, world):
    loner = UserFactory(agency=None, roles=["editor", "reviewer", "signer", "agency_admin"])
    before = _everything()
    with pytest.raises(Http404):
        CROSS_AGENCY_CALLS[service](world, loner)
    assert _everything() == before


def test_the_same_calls_succeed_for_the_agencys_own_staff(world, agency, editor):
    # proves the cross-agency refusals above are about the agency, not about state or role
    insider = staff(agency, "editor", "reviewer", "signer", "agency_admin")
    for name in sorted(CROSS_AGENCY_CALLS):
        if name == "version_sign_scheduled":
            continue  # the reviewed version is signed by "version_sign" already
        if name == "version_submit":
            continue  # the draft was edited by the insider just before: tested on its own below
        CROSS_AGENCY_CALLS[name](world, insider)
    services.version_submit(version=fresh(world["draft"]), by=editor)


def test_item_create_needs_an_agency_and_the_editor_role(agency):
    from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory

    column, topic = ColumnFactory(), TopicFactory()
    loner = UserFactory(agency=None, roles=["editor"])
    with pytest.raises(WorkflowError):
        services.item_create(by=loner, title="标题", column=column, topic=topic)
    with pytest.raises(WorkflowError):
        services.item_create(by=staff(agency, "reviewer", "signer"), title="标题", column=column, topic=topic)
    assert DisclosureItem.objects.count() == 0


# --- screening -------------------------------------------------------------------------------------


@pytest.fixture
def author_reviewer(agency):
    """Writes drafts and also reviews (others' work)."""
    return staff(agency, "editor", "reviewer")


def test_a_version_holding_an_id_number_cannot_be_submitted(author_reviewer):
    version = draft(author_reviewer, body=f"<p>申请人身份证号：{ID_NUMBER}，请核实。</p>")
    with pytest.raises(ScreeningBlocked) as excinfo:
        services.version_submit(version=version, by=author_reviewer)
    assert fresh(version).state == S.DRAFT
    assert state_moves(version) == []
    hits = list(ScreeningHit.objects.filter(version=version))
    assert [h.kind for h in hits] == ["id_card"]
    assert [h.pk for h in excinfo.value.hits] == [hits[0].pk]
    hit = hits[0]
    assert hit.source == "正文"
    assert hit.is_open
    # shown masked: the number is never stored or shown in full
    assert "1101**********002X" in hit.excerpt
    assert ID_NUMBER not in hit.excerpt
    assert ID_NUMBER not in excinfo.value.message

    # trying again does not pile up hits
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=fresh(version), by=author_reviewer)
    assert ScreeningHit.objects.filter(version=version).count() == 1


def test_a_redacted_draft_can_be_submitted(editor):
    version = draft(editor, body=f"<p>身份证号：{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=version, by=editor)
    services.version_update(version=fresh(version), by=editor, body="<p>身份证号：（已删除）</p>")
    services.version_submit(version=fresh(version), by=editor)
    assert fresh(version).state == S.SUBMITTED
    assert ScreeningHit.objects.filter(version=version).count() == 0


def test_an_overridden_hit_lets_the_draft_through_and_is_recorded(author_reviewer, reviewer):
    version = draft(author_reviewer, body=f"<p>身份证号：{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=version, by=author_reviewer)
    hit = ScreeningHit.objects.get(version=version)

    services.hit_override(hit=hit, by=reviewer, reason="  公示的是法定代表人身份证号，依法应公开  ")
    hit = fresh(hit)
    assert not hit.is_open
    assert hit.overridden_by == reviewer
    assert hit.override_reason == "公示的是法定代表人身份证号，依法应公开"

    services.version_submit(version=fresh(version), by=author_reviewer)
    assert fresh(version).state == S.SUBMITTED
    events = list(history(version))
    assert [e.action for e in events] == ["create", "override_hit", "submit"]
    override = events[1]
    assert override.actor == reviewer
    assert override.comment == "公示的是法定代表人身份证号，依法应公开"
    assert override.data["kind"] == "id_card"
    assert ID_NUMBER not in str(override.data)
    assert (override.from_state, override.to_state) == ("", "")
    assert ScreeningHit.objects.filter(version=version).count() == 1  # the override is kept


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_an_override_without_a_reason_is_refused(reason, editor, reviewer):
    version = draft(editor, body=f"<p>{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=version, by=editor)
    hit = ScreeningHit.objects.get(version=version)
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match="理由"):
        services.hit_override(hit=hit, by=reviewer, reason=reason)
    assert fresh(hit).is_open
    assert AuditEvent.objects.count() == events


def test_the_author_cannot_override_a_hit_in_their_own_draft(author_reviewer):
    version = draft(author_reviewer, body=f"<p>{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=version, by=author_reviewer)
    hit = ScreeningHit.objects.get(version=version)
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match="自己撰写"):
        services.hit_override(hit=hit, by=author_reviewer, reason="我觉得可以")
    assert fresh(hit).is_open
    assert AuditEvent.objects.count() == events
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=fresh(version), by=author_reviewer)


def test_only_reviewers_may_override(editor, signer, agency):
    version = draft(editor, body=f"<p>{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=version, by=editor)
    hit = ScreeningHit.objects.get(version=version)
    for person in (signer, staff(agency, "editor"), staff(agency, "agency_admin")):
        with pytest.raises(WorkflowError, match="权限"):
            services.hit_override(hit=hit, by=person, reason="可以公开")
    assert fresh(hit).is_open


def test_a_hit_is_overridden_once(editor, reviewer, agency):
    version = draft(editor, body=f"<p>{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=version, by=editor)
    hit = ScreeningHit.objects.get(version=version)
    services.hit_override(hit=hit, by=reviewer, reason="一")
    with pytest.raises(WorkflowError):
        services.hit_override(hit=hit, by=staff(agency, "reviewer"), reason="二")
    assert fresh(hit).override_reason == "一"


@pytest.mark.parametrize("publish_in", [None, dt.timedelta(days=1)], ids=["sign", "schedule"])
def test_the_sign_step_scans_again(publish_in, editor, reviewer, signer):
    version = reviewed(editor, reviewer, body="<p>本方案为试点专用稿。</p>")
    # a secrecy mark added after the review: signing must find it
    SecrecyMark.objects.create(word="试点专用")
    publish_at = timezone.now() + publish_in if publish_in else None
    with pytest.raises(ScreeningBlocked):
        services.version_sign(version=version, by=signer, publish_at=publish_at)
    version = fresh(version)
    assert version.state == S.REVIEWED
    assert version.publish_at is None
    assert fresh(version.item).live_version_id is None
    hit = ScreeningHit.objects.get(version=version)
    assert hit.kind == "secrecy_mark"

    services.hit_override(hit=hit, by=reviewer, reason="“试点专用”为方案名称，不是密级标识")
    services.version_sign(version=version, by=signer, publish_at=publish_at)
    assert fresh(version).state == (S.SCHEDULED if publish_in else S.PUBLISHED)


def test_approval_is_refused_while_a_hit_is_open(editor, reviewer):
    version = draft(editor)
    services.version_submit(version=version, by=editor)
    ScreeningHit.objects.create(
        version=version, kind="mobile", label="手机号码", source="正文", excerpt="138****0000", fingerprint="x"
    )
    with pytest.raises(WorkflowError, match="敏感信息"):
        services.version_approve(version=fresh(version), by=reviewer)
    assert fresh(version).state == S.SUBMITTED


def test_submit_scans_the_stored_draft_not_the_callers_stale_copy(editor):
    version = draft(editor)
    stale = fresh(version)  # e.g. loaded by a page opened before the edit below
    services.version_update(version=fresh(version), by=editor, body=f"<p>身份证号：{ID_NUMBER}</p>")
    with pytest.raises(ScreeningBlocked):
        services.version_submit(version=stale, by=editor)
    assert fresh(version).state == S.DRAFT
    assert ScreeningHit.objects.filter(version=version, kind="id_card").count() == 1


def test_sign_acts_on_the_stored_state_not_the_callers_stale_copy(editor, reviewer, signer):
    version = draft(editor)
    stale = fresh(version)  # still says "draft"
    services.version_submit(version=fresh(version), by=editor)
    services.version_approve(version=fresh(version), by=reviewer)
    services.version_sign(version=stale, by=signer)
    assert fresh(version).state == S.PUBLISHED
    # and the reverse: a copy that still says "reviewed" cannot sign twice
    with pytest.raises(WorkflowError, match="已发布"):
        services.version_sign(version=stale, by=signer)
    assert [m[0] for m in state_moves(version)] == ["submit", "approve", "sign"]


def test_an_earlier_editor_of_a_draft_cannot_review_it_after_someone_else_edited_last(agency, editor):
    """Two pairs of eyes: every editor of a version is its author, not only the last one."""
    colleague = staff(agency, "editor", "reviewer")
    version = draft(editor)
    services.version_update(version=version, by=colleague, title="标题由同事修改")
    services.version_update(version=fresh(version), by=editor, title="标题再由原作者修改")
    version = services.version_submit(version=fresh(version), by=editor)
    assert colleague.pk in fresh(version).author_ids
    with pytest.raises(WorkflowError):
        services.version_approve(version=fresh(version), by=colleague)
    assert fresh(version).state == S.SUBMITTED
    from gongkai.disclosures.selectors import review_queue

    assert not review_queue(colleague).filter(pk=version.pk).exists()


def test_withdrawing_an_item_cancels_its_scheduled_revision(clock, editor, reviewer, signer):
    live = published(editor, reviewer, signer)
    revision = services.item_revise(item=live.item, by=editor)
    revision = services.version_submit(version=revision, by=editor)
    revision = services.version_approve(version=revision, by=reviewer)
    services.version_sign(version=revision, by=signer, publish_at=timezone.now() + dt.timedelta(hours=2))
    assert fresh(revision).state == S.SCHEDULED
    services.item_withdraw(item=live.item, by=signer, reason="内容已过时")
    assert fresh(revision).state == S.REVIEWED
    assert fresh(revision).publish_at is None
    clock.shift(dt.timedelta(hours=3))
    assert services.publish_due_versions() == 0
    assert fresh(live.item).live_version_id is None
