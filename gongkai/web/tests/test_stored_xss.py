"""Stored XSS: payloads planted through every public form and the API, pushed through to publication
where the workflow allows it (a comment approved, a letter replied to and published, an item signed),
then every public page that shows them, and the staff pages that handle them, are fetched and parsed:
no <script>, no on* attribute and no javascript: link may come from input (html_safety.py).

Each text field gets all of XSS_PAYLOADS (cut to the field's length), each carrying MARKER.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from gongkai.core.models import Role
from gongkai.core.tests.factories import staff

from .fuzz_world import MARKER, XSS_PAYLOADS, World
from .html_safety import executable_from_input

pytestmark = pytest.mark.django_db

ALL = "\n".join(XSS_PAYLOADS)
SHORT = XSS_PAYLOADS[1]  # '"><img src=x onerror=alert("gkxss")>', 38 characters, for short fields


def cut(n: int) -> str:
    return ALL[:n]


@pytest.fixture
def world():
    return World()


@pytest.fixture
def staff_client(world):
    """A staff member of the agency with every role but signer/admin (those log in with a second factor)."""
    client = Client()
    client.user = staff(world.agency, Role.EDITOR, Role.REVIEWER, Role.MODERATOR, Role.HANDLER, Role.REQUEST_HANDLER, Role.SPOKESPERSON)
    client.force_login(client.user)
    return client


def assert_safe(client, *urls: str, shown_somewhere: bool = True) -> None:
    """Every page answers and holds no executable markup from input; at least one shows the marker (as text)."""
    shown = False
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        assert executable_from_input(page) == [], url
        shown = shown or MARKER in page
    assert shown or not shown_somewhere, f"the planted text shows on none of {urls}: the test would prove nothing"


def post_json(client, url: str, body: dict, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_comments_planted_by_form_and_api_are_escaped_once_shown(client, staff_client, world, django_capture_on_commit_callbacks):
    from gongkai.decisions import services
    from gongkai.decisions.models import Comment
    from gongkai.decisions.tests.factories import after_close

    decision = world.decision
    response = client.post(
        f"/decisions/{decision.pk}/comment/",
        {"content": cut(5000), "name": SHORT, "phone": "13700001234", "show_name": "on", "paragraph": "1", "email": "", "idem": uuid.uuid4().hex},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    response = post_json(client, f"/api/v1/decisions/{decision.pk}/comments", {"content": cut(5000), "name": SHORT, "phone": "13700005678", "show_name": True})
    assert response.status_code == 201, response.content
    comments = list(Comment.objects.filter(decision=decision))
    assert len(comments) == 2
    for comment in comments:
        services.comment_moderate(comment=comment, by=world.editor, action="approve")
    assert_safe(client, f"/decisions/{decision.pk}/", *(f"/decisions/track/?code={c.tracking_code}" for c in comments))

    with after_close(decision):  # each comment answered with a public reason, which may quote it
        for comment in comments:
            services.comment_classify(comment=comment, by=world.handler, classification="adopted", reason=cut(500))
        assert_safe(client, f"/decisions/{decision.pk}/", *(f"/decisions/track/?code={c.tracking_code}" for c in comments))
        staff_client.force_login(staff_client.user)  # a month on, the morning's session has expired
        assert_safe(staff_client, f"/staff/decisions/{decision.pk}/comments/", f"/staff/decisions/{decision.pk}/")


def test_letters_planted_by_form_and_api_are_escaped_through_publication(client, staff_client, world):
    from gongkai.letters import services
    from gongkai.letters.models import Letter

    response = client.post(
        "/interaction/letters/new/",
        {
            "agency": str(world.agency.pk), "box": "suggestion", "topic_kind": "free", "topic": cut(200), "subject": cut(120),
            "content": cut(5000), "name": SHORT, "phone": "13700003333", "email": "", "publish_consent": "on", "idem": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    response = post_json(
        client, "/api/v1/letters", {"agency": world.agency.slug, "topic": cut(200), "subject": cut(120), "content": cut(5000), "name": SHORT, "phone": "13700004444", "publish_consent": True}
    )
    assert response.status_code == 201, response.content
    reviewer = staff(world.agency, Role.REVIEWER)
    letters = list(Letter.objects.all())
    assert len(letters) == 2
    for made in letters:
        services.letter_assign(letter=made, by=world.handler, unit=SHORT[:60])
        services.letter_reply(letter=made, by=world.handler, text="答复：" + cut(3000))
        assert client.post(f"/interaction/letters/t/{made.tracking_code}/followup/", {"text": cut(2000)}).status_code == 302
        made.refresh_from_db()
        services.letter_reply(letter=made, by=world.handler, text="追问答复：" + cut(3000))
        made.refresh_from_db()
        assert client.post(f"/interaction/letters/t/{made.tracking_code}/rate/", {"rating": "2", "comment": cut(500)}).status_code == 302
        made.refresh_from_db()
        services.letter_publication_propose(letter=made, by=world.handler)
        made.refresh_from_db()
        services.letter_publication_approve(
            letter=made, by=reviewer, public_subject=made.public_subject, public_content=made.public_content, public_reply=made.public_reply
        )

    assert_safe(
        client, "/interaction/letters/", "/interaction/", *(f"/interaction/letters/p/{m.pk}/" for m in letters),
        *(f"/interaction/letters/t/{m.tracking_code}/" for m in letters),
    )
    assert_safe(staff_client, "/interaction/staff/letters/", *(f"/interaction/staff/letters/{m.pk}/" for m in letters))


def test_information_requests_planted_by_form_and_api_are_escaped(client, staff_client, world):
    from gongkai.info_requests.models import InfoRequest

    fields = {
        "applicant_type": "natural_person", "name": SHORT, "id_number": "370704199001011234", "contact_person": SHORT, "phone": "13700004444",
        "email": "", "address": cut(200), "info_title": cut(200), "doc_number": cut(80), "description": cut(4000), "purpose": cut(200),
        "form_wanted": "electronic", "delivery": "online",
    }
    response = client.post("/yisq/", {**fields, "agency": str(world.agency.pk), "idem": uuid.uuid4().hex})
    assert response.status_code == 200 and "info_requests/receipt.html" in [t.name for t in response.templates]
    api_fields = {k: v for k, v in fields.items() if k != "form_wanted"}
    response = post_json(client, "/api/v1/requests", {**api_fields, "agency_id": world.agency.pk})
    assert response.status_code == 201, response.content
    requests = list(InfoRequest.objects.all())
    assert len(requests) == 2
    # The status page shows no applicant data (none of the planted text): it must still be clean.
    assert_safe(client, *(f"/yisq/r/{r.tracking_code}/" for r in requests), "/yisq/", shown_somewhere=False)
    assert_safe(staff_client, "/yisq/staff/", *(f"/yisq/staff/{r.pk}/" for r in requests))


def test_hearing_registrations_survey_answers_and_interview_requests_are_escaped(client, staff_client, world):
    from gongkai.decisions import services
    from gongkai.decisions.models import Answer, Registration, SmsMessage
    from gongkai.publishing.models import InterviewRequest

    meeting = world.hearing
    response = client.post(
        f"/decisions/meetings/{meeting.pk}/register/",
        {"name": SHORT, "phone": "13700005678", "email": "", "category": "public", "organisation": cut(120), "statement": cut(2000), "idem": uuid.uuid4().hex},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    registration = Registration.objects.get()

    survey = world.survey
    single, text = survey.questions.order_by("number")
    phone = "13700009999"
    assert client.post(f"/decisions/surveys/{survey.pk}/", {"step": "send", "phone": phone}).status_code == 200
    code = SmsMessage.objects.filter(phone=phone).first().text.split("验证码为")[1][:6]
    response = client.post(f"/decisions/surveys/{survey.pk}/", {"step": "answer", "phone": phone, "code": code, f"q{single.pk}": "0", f"q{text.pk}": cut(2000)})
    assert "decisions/survey_done.html" in [t.name for t in response.templates], response.content.decode()[-2000:]
    for answer in Answer.objects.filter(question=text):
        services.answer_approve(answer=answer, by=world.editor, approve=True)
    services.survey_publish_results(survey=survey, by=world.editor)

    response = client.post(
        "/media/interview/",
        {"agency": world.agency.slug, "outlet": cut(80), "reporter": SHORT, "email": "reporter@example.com", "phone": "13700005555",
         "subject": cut(200), "questions": cut(2000), "preferred_date": "", "idem": uuid.uuid4().hex},
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    interview = InterviewRequest.objects.get()

    assert_safe(
        client, f"/decisions/meetings/registration/?code={registration.tracking_code}", f"/decisions/meetings/{meeting.pk}/",
        f"/decisions/surveys/{survey.pk}/results/", f"/media/interview/track/?code={interview.tracking_code}",
    )
    assert_safe(
        staff_client, f"/staff/decisions/meetings/{meeting.pk}/", f"/staff/decisions/surveys/{survey.pk}/",
        "/staff/media/interviews/", f"/staff/media/interviews/{interview.pk}/",
    )


def test_opinion_sightings_pushed_by_the_webhook_are_escaped(client, staff_client, world, settings):
    from gongkai.opinion.models import Incident

    settings.OPINION_WEBHOOK_SECRET = "s3cret"
    for url in (f"javascript:alert('{MARKER}')", f" JavaScript:alert('{MARKER}')", f"data:text/html,<script>alert('{MARKER}')</script>"):
        response = post_json(
            client, "/api/v1/opinion/webhook", {"agency": world.agency.slug, "id": url, "title": cut(300), "url": url, "summary": cut(5000)},
            HTTP_X_GONGKAI_SECRET="s3cret",
        )
        assert response.status_code in (200, 201, 422), response.content
    incidents = list(Incident.objects.all())
    assert incidents
    assert_safe(staff_client, "/opinion/staff/", *(f"/opinion/staff/{i.pk}/" for i in incidents))


def test_items_written_through_the_staff_api_are_escaped_once_published(client, staff_client, world, django_capture_on_commit_callbacks):
    from gongkai.publishing import services

    def bearer(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {services.api_token_create(by=user, name='测试')[1]}"}

    from gongkai.disclosures.tests.factories import TopicFactory

    topic = TopicFactory(name="农业、林业、水利", code="A01")
    body = {
        "title": "农业" + cut(198), "body": "<p>正文</p>" + ALL, "column": world.column.slug, "topic": topic.code, "doc_number": cut(80),
        "keywords": cut(200), "summary": cut(100),
    }
    response = post_json(client, "/api/v1/staff/items", body, **bearer(world.editor))
    assert response.status_code == 201, response.content
    vid = response.json()["id"]
    assert post_json(client, f"/api/v1/staff/versions/{vid}/submit", {}, **bearer(world.editor)).status_code == 200
    assert post_json(client, f"/api/v1/staff/versions/{vid}/approve", {"comment": cut(2000)}, **bearer(world.reviewer)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, f"/api/v1/staff/versions/{vid}/sign", {"comment": cut(2000)}, **bearer(world.signer))
    assert response.status_code == 200 and response.json()["state"] == "published", response.content
    item_id = response.json()["item_id"]

    assert_safe(
        client, f"/gk/i/{item_id}/", f"/gk/i/{item_id}/print/", "/gk/list/", "/gk/", "/", "/search/?q=农业", f"/ledger/items/{item_id}/", "/ledger/",
    )
    assert_safe(staff_client, "/staff/", f"/staff/v/{vid}/")
