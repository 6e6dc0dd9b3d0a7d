import datetime as dt

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions import services

from .factories import PLANTED_NAMES, PLANTED_PHONES, in_consultation

pytestmark = pytest.mark.django_db


def test_every_public_page_renders_without_personal_data(client):
    agency = AgencyFactory()
    editor, moderator = staff(agency, Role.EDITOR), staff(agency, Role.MODERATOR)
    decision = in_consultation(editor)
    comment = services.comment_submit(decision=decision, content="建议提高标准。", name=PLANTED_NAMES[1], phone=PLANTED_PHONES[1], paragraph_number=1)
    services.comment_moderate(comment=comment, by=moderator, action="approve")
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=9), dt.time(9)))
    meeting = services.meeting_create(decision=decision, by=editor, kind="hearing", title="听证会", starts_at=start, ends_at=start + dt.timedelta(hours=2), place="会议室")
    survey = services.survey_create(
        decision=decision, by=editor, title="调查", intro="", opens_on=timezone.localdate(), closes_on=timezone.localdate(),
        questions=[{"kind": "single", "text": "支持吗？", "options": ["是", "否"]}],
    )
    services.survey_publish_results(survey=survey, by=editor)
    urls = [
        reverse("decisions:index"),
        reverse("decisions:catalogue"),
        reverse("decisions:track") + f"?code={comment.tracking_code}",
        decision.get_absolute_url(),
        reverse("decisions:meetings"),
        meeting.get_absolute_url(),
        reverse("decisions:survey", kwargs={"pk": survey.pk}),
        reverse("decisions:survey_results", kwargs={"pk": survey.pk}),
        "/api/v1/decisions",
        f"/api/v1/decisions/{decision.pk}",
        f"/api/v1/decisions/comments/{comment.tracking_code}",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_consultation_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    editor = staff(AgencyFactory(), Role.EDITOR)
    for _ in range(3):
        in_consultation(editor)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("decisions:index"))
    for _ in range(3):
        in_consultation(editor)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("decisions:index"))
    assert len(six) == len(three)


def test_unknown_tracking_code_says_so(client):
    response = client.get(reverse("decisions:track") + "?code=YJNOSUCHCODE")
    assert "没有找到该查询码" in response.content.decode()
    assert client.get("/api/v1/decisions/comments/YJNOSUCHCODE").status_code == 404
