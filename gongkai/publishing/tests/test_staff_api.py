"""The staff write API: per-user bearer tokens, agency scoping, the editorial workflow through the services."""

import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures.models import DisclosureItem, ItemVersion, VersionState
from gongkai.disclosures.tests.factories import draft
from gongkai.publishing import services
from gongkai.publishing.models import ApiToken, LedgerEntry

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_for(user, name="对接系统"):
    return services.api_token_create(by=user, name=name)[1]


@pytest.fixture
def tokens(team):
    return {who: token_for(getattr(team, who)) for who in ("editor", "reviewer", "signer")}


def new_item(client, raw, column_, topic_, **extra):
    body = {
        "title": "关于2026年高标准农田建设项目的公示",
        "body": "<p>现将项目情况公示如下。</p>",
        "column": column_.slug,
        "topic": topic_.code,
        "doc_number": "坊农发〔2026〕3号",
        "written_on": "2026-03-02",
        "validity": "valid",
        "keywords": "农田 公示",
        "summary": "高标准农田项目公示",
        **extra,
    }
    return client.post(f"{BASE}/items", body, content_type="application/json", **bearer(raw))


def test_whole_path_draft_submit_approve_sign_with_three_users_tokens(client, team, tokens, column, topic, django_capture_on_commit_callbacks):
    r = new_item(client, tokens["editor"], column, topic)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["state"] == "draft"
    assert [a["action"] for a in data["allowed_actions"]] == ["submit"]
    version = ItemVersion.objects.get(pk=data["id"])
    assert version.item.agency == team.agency
    assert version.created_by == team.editor
    assert (version.doc_number, str(version.written_on), version.keywords) == ("坊农发〔2026〕3号", "2026-03-02", "农田 公示")

    vid = data["id"]
    r = client.post(f"{BASE}/versions/{vid}/submit", content_type="application/json", **bearer(tokens["editor"]))
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    r = client.post(f"{BASE}/versions/{vid}/approve", {"comment": "无涉密内容"}, content_type="application/json", **bearer(tokens["reviewer"]))
    assert r.status_code == 200 and r.json()["state"] == "reviewed"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{BASE}/versions/{vid}/sign", content_type="application/json", **bearer(tokens["signer"]))
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["state"] == "published" and out["public_url"].endswith(f"/gk/i/{version.item_id}/")

    version.refresh_from_db()
    assert version.item.live_version_id == vid
    # Each move is recorded under the token's user, through the same workflow as the workspace.
    moves = list(AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(ItemVersion), object_id=vid, action__in=["create", "submit", "approve", "sign"]).order_by("id").values_list("action", "actor_id"))
    assert moves == [("create", team.editor.pk), ("submit", team.editor.pk), ("approve", team.reviewer.pk), ("sign", team.signer.pk)]
    # Publication reached the ledger as any workspace publication does.
    assert LedgerEntry.objects.filter(version_id=vid, action="publish").count() == 1
    assert client.get(f"/api/v1/items/{version.item_id}").status_code == 200


def test_the_authors_token_cannot_approve_its_own_version(client, team, column, topic):
    author = staff(team.agency, Role.EDITOR, Role.REVIEWER)
    raw = token_for(author)
    vid = new_item(client, raw, column, topic).json()["id"]
    assert client.post(f"{BASE}/versions/{vid}/submit", content_type="application/json", **bearer(raw)).status_code == 200

    detail = client.get(f"{BASE}/versions/{vid}", **bearer(raw)).json()
    assert "approve" not in [a["action"] for a in detail["allowed_actions"]]
    r = client.post(f"{BASE}/versions/{vid}/approve", content_type="application/json", **bearer(raw))
    assert r.status_code == 409
    assert r.json()["code"] == "workflow_refused"
    assert "不能对自己撰写的内容" in r.json()["message"]
    assert ItemVersion.objects.get(pk=vid).state == VersionState.SUBMITTED


def test_a_token_of_agency_a_cannot_touch_agency_b_version(client, team, column, topic):
    other = AgencyFactory(name="坊子区财政局", slug="czj")
    foreign = draft(staff(other, Role.EDITOR), column=column, topic=topic)
    foreign = ItemVersion.objects.get(pk=foreign.pk)
    # This user holds every role needed to move a version on, but in another agency.
    strong = staff(team.agency, Role.EDITOR, Role.REVIEWER, Role.SIGNER)
    raw = token_for(strong)
    events_before = AuditEvent.objects.count()

    r = client.get(f"{BASE}/versions/{foreign.pk}", **bearer(raw))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    for action in ("submit", "approve", "sign"):
        r = client.post(f"{BASE}/versions/{foreign.pk}/{action}", content_type="application/json", **bearer(raw))
        assert r.status_code == 404, action
        assert "未找到" in r.json()["message"]
    r = client.post(f"{BASE}/versions/{foreign.pk}/return", {"reason": "退回"}, content_type="application/json", **bearer(raw))
    assert r.status_code == 404

    after = ItemVersion.objects.get(pk=foreign.pk)
    assert (after.state, after.updated_at) == (VersionState.DRAFT, foreign.updated_at)
    assert AuditEvent.objects.count() == events_before


def test_return_needs_a_reason_and_goes_back_to_draft(client, team, tokens, column, topic):
    vid = new_item(client, tokens["editor"], column, topic).json()["id"]
    client.post(f"{BASE}/versions/{vid}/submit", content_type="application/json", **bearer(tokens["editor"]))
    r = client.post(f"{BASE}/versions/{vid}/return", {"reason": "  "}, content_type="application/json", **bearer(tokens["reviewer"]))
    assert r.status_code == 409 and "理由" in r.json()["message"]
    assert ItemVersion.objects.get(pk=vid).state == VersionState.SUBMITTED
    r = client.post(f"{BASE}/versions/{vid}/return", {"reason": "请补充项目金额"}, content_type="application/json", **bearer(tokens["reviewer"]))
    assert r.status_code == 200 and r.json()["state"] == "draft"


def test_screening_blocks_submit_with_masked_hits(client, team, tokens, column, topic):
    vid = new_item(client, tokens["editor"], column, topic, body="<p>联系人手机13812345678。</p>").json()["id"]
    r = client.post(f"{BASE}/versions/{vid}/submit", content_type="application/json", **bearer(tokens["editor"]))
    assert r.status_code == 422
    data = r.json()
    assert data["code"] == "screening_blocked" and "个人信息" in data["message"]
    assert [h["kind"] for h in data["hits"]] == ["mobile"]
    assert "13812345678" not in r.content.decode()
    assert ItemVersion.objects.get(pk=vid).state == VersionState.DRAFT


def test_reviewer_token_cannot_create_and_unknown_column_is_refused(client, team, tokens, column, topic):
    r = new_item(client, tokens["reviewer"], column, topic)
    assert r.status_code == 409 and "权限" in r.json()["message"]
    r = new_item(client, tokens["editor"], column, topic, column="no-such-column")
    assert r.status_code == 422 and "栏目" in r.json()["message"]
    r = new_item(client, tokens["editor"], column, topic, title="")
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert not DisclosureItem.objects.exists()


def test_revoked_bad_and_missing_tokens_get_401_in_chinese(client, team, column, topic):
    raw = token_for(team.editor)
    token = ApiToken.objects.get(user=team.editor)
    assert token.last_used_at is None
    assert new_item(client, raw, column, topic).status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None
    services.api_token_revoke(token_id=token.pk, by=team.editor)

    for headers in (bearer(raw), bearer("gk_not-a-real-token"), {}):
        r = new_item(client, headers.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer "), column, topic) if headers else client.post(
            f"{BASE}/items", {}, content_type="application/json"
        )
        assert r.status_code == 401
        assert r.json()["code"] == "unauthorized" and "令牌" in r.json()["message"]
    assert DisclosureItem.objects.count() == 1


def test_the_token_is_not_stored_in_clear(team):
    token, raw = services.api_token_create(by=team.editor, name="办公系统")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(v) for v in row.values()}
    assert row["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert len(row["prefix"]) == 10 and len(raw) > 40  # only a short, useless-alone beginning is kept to tell tokens apart
    assert services.api_token_authenticate(raw) == team.editor


def test_staff_page_creates_shows_once_and_revokes_own_tokens(client, team):
    client.force_login(team.editor)
    r = client.post("/staff/api-tokens/", {"name": "办公系统对接"})
    assert r.status_code == 200
    token = ApiToken.objects.get(user=team.editor)
    page = r.content.decode()
    raw = page.split('id="new-token" class="token-value" readonly value="')[1].split('"')[0]
    assert hashlib.sha256(raw.encode()).hexdigest() == token.token_hash
    assert raw not in client.get("/staff/api-tokens/").content.decode()  # shown once only

    # Someone else's token cannot be revoked from this account.
    other_token, _ = services.api_token_create(by=team.reviewer, name="审核系统")
    assert client.post(f"/staff/api-tokens/{other_token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=other_token.pk).revoked_at is None

    r = client.post(f"/staff/api-tokens/{token.pk}/revoke/", follow=True)
    assert "已吊销" in r.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert client.post("/staff/api-tokens/", {"name": "  "}).status_code == 400
    assert ApiToken.objects.filter(user=team.editor).count() == 1

