"""Found by fuzzing (gongkai/web/tests/test_fuzz_forms.py): once a letter was rated or followed up, the
track page no longer shows those forms, so a second rating or follow-up was refused (400) with its
reason on a form nobody could see. The refusal now says why at the top of the page, and changes nothing."""

from __future__ import annotations

import pytest

from .. import services
from ..models import Letter
from .factories import letter

pytestmark = pytest.mark.django_db


def _replied(agency, handler):
    made = letter(agency)
    services.letter_assign(letter=made, by=handler)
    services.letter_reply(letter=made, by=handler, text="您的建议已采纳。")
    made.refresh_from_db()
    return made


def _alerts(response) -> str:
    from lxml import html

    return " ".join(n.text_content() for n in html.fromstring(response.content.decode()).xpath('//*[@role="alert"]'))


def test_a_second_followup_is_refused_with_a_visible_chinese_message(client, agency, handler):
    made = _replied(agency, handler)
    url = f"/interaction/letters/t/{made.tracking_code}/followup/"
    assert client.post(url, {"text": "请问何时开通？"}).status_code == 302
    before = Letter.objects.values().get(pk=made.pk)

    response = client.post(url, {"text": "再问一次"})
    assert response.status_code == 400
    assert "限追问一次" in _alerts(response)
    assert Letter.objects.values().get(pk=made.pk) == before


def test_rating_a_closed_letter_is_refused_with_a_visible_chinese_message_even_when_the_form_is_invalid(client, agency, handler):
    made = _replied(agency, handler)
    url = f"/interaction/letters/t/{made.tracking_code}/rate/"
    assert client.post(url, {"rating": "3"}).status_code == 302
    before = Letter.objects.values().get(pk=made.pk)

    for data in ({"rating": "1", "comment": "改主意了"}, {"rating": ""}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "不能评价" in _alerts(response)
    assert Letter.objects.values().get(pk=made.pk) == before
