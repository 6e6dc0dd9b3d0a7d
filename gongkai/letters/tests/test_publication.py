"""Publishing selected letters: consent, personal data removed automatically, a reviewer checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.tests.factories import staff
from gongkai.core.workflow import WorkflowError

from .. import services
from ..models import PublicationState
from .factories import letter

pytestmark = pytest.mark.django_db


def resident_id(first17: str = "37070419850312271") -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


ID_NUMBER = resident_id()


def replied(agency, handler, **fields):
    made = letter(agency, **fields)
    services.letter_assign(letter=made, by=handler)
    services.letter_reply(letter=made, by=handler, text="王小明同志：您的建议已采纳，请拨打13912345678以外的热线咨询。")
    made.refresh_from_db()
    return made


def test_published_letter_contains_no_contact_or_id_even_when_written_into_the_text(client, agency, handler, reviewer):
    made = replied(
        agency,
        handler,
        email="wxm@example.com",
        subject="王小明的建议",
        content=f"我是王小明，身份证{ID_NUMBER}，电话139 1234 5678，邮箱wxm@example.com，另一个邮箱a.b@qq.com，希望修路。",
    )
    services.letter_publication_propose(letter=made, by=handler)
    made.refresh_from_db()
    assert made.pub_state == PublicationState.PROPOSED
    services.letter_publication_approve(
        letter=made,
        by=reviewer,
        public_subject=made.public_subject,
        public_content=made.public_content,
        public_reply=made.public_reply,
    )
    page = client.get(reverse("letters:published", kwargs={"pk": made.pk}))
    assert page.status_code == 200 and "希望修路" in page.text and "您的建议已采纳" in page.text
    for secret in ("13912345678", "139 1234 5678", ID_NUMBER, "wxm@example.com", "a.b@qq.com", "王小明"):
        assert secret not in page.text


def test_a_letter_without_consent_cannot_be_proposed(agency, handler):
    made = replied(agency, handler, publish_consent=False)
    with pytest.raises(WorkflowError, match="未同意公开"):
        services.letter_publication_propose(letter=made, by=handler)
    made.refresh_from_db()
    assert made.pub_state == PublicationState.NONE and made.public_content == ""


def test_the_proposer_cannot_approve_their_own_selection(agency, handler):
    both = staff(agency, "handler", "reviewer")
    made = replied(agency, handler)
    services.letter_publication_propose(letter=made, by=both)
    made.refresh_from_db()
    with pytest.raises(WorkflowError, match="自己"):
        services.letter_publication_approve(
            letter=made, by=both, public_subject="s", public_content="c", public_reply="r"
        )
    made.refresh_from_db()
    assert made.pub_state == PublicationState.PROPOSED and made.published_at is None


def test_approval_is_refused_while_the_reviewer_put_personal_data_back(agency, handler, reviewer):
    made = replied(agency, handler)
    services.letter_publication_propose(letter=made, by=handler)
    made.refresh_from_db()
    with pytest.raises(WorkflowError, match="个人信息"):
        services.letter_publication_approve(
            letter=made,
            by=reviewer,
            public_subject="建议",
            public_content="联系13800001111",
            public_reply=made.public_reply,
        )
    made.refresh_from_db()
    assert made.pub_state == PublicationState.PROPOSED


def test_a_long_number_that_fails_the_id_check_is_still_hidden(agency, handler):
    made = replied(agency, handler, content="身份证370704198503122710（校验位写错），请回电。")
    services.letter_publication_propose(letter=made, by=handler)
    made.refresh_from_db()
    assert "370704198503122710" not in made.public_content and "请回电" in made.public_content


def test_unpublished_letters_are_not_public(client, agency, handler):
    made = replied(agency, handler)
    services.letter_publication_propose(letter=made, by=handler)
    assert client.get(reverse("letters:published", kwargs={"pk": made.pk})).status_code == 404


def test_published_list_query_count_does_not_grow(client, agency, handler, reviewer, django_assert_max_num_queries):
    def publish_one():
        made = replied(agency, handler)
        services.letter_publication_propose(letter=made, by=handler)
        made.refresh_from_db()
        services.letter_publication_approve(
            letter=made,
            by=reviewer,
            public_subject="建议",
            public_content=made.public_content,
            public_reply=made.public_reply,
        )

    publish_one()
    with django_assert_max_num_queries(4) as first:
        assert client.get(reverse("letters:index")).status_code == 200
    for _ in range(5):
        publish_one()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("letters:index")).status_code == 200
