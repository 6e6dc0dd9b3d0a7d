"""Evaluations (R3): published with the agency's response, linked to the decision they evaluate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory
from gongkai.core.workflow import WorkflowError
from gongkai.implementation.tests.factories import Team
from gongkai.results import selectors, services
from gongkai.results.models import Evaluation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def team():
    return Team(AgencyFactory())


def evaluate(team, **kw):
    fields = dict(title="高标准农田建设决策实施后评估", evaluator="山东某咨询评估有限公司", method="问卷调查、实地查看、座谈访谈",
                  period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31), conclusions="决策目标基本实现。",
                  recommendations="加强建后管护。", response="已制定管护办法。", subject_title="关于高标准农田建设的决定")
    fields.update(kw)
    return services.evaluation_create(by=team.editor, **fields)


def test_published_evaluation_shows_conclusions_response_and_report(client, team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    e = team.publish(evaluate(team, report=SimpleUploadedFile("评估报告.pdf", PDF)))
    page = client.get(e.get_absolute_url()).content.decode()
    assert "决策目标基本实现" in page and "已制定管护办法" in page and "评估报告.pdf" in page
    assert client.get(reverse("results:evaluation_report", kwargs={"pk": e.pk})).status_code == 200
    assert e.title in client.get(reverse("results:evaluations")).content.decode()


def test_draft_evaluation_is_not_public(client, team):
    e = evaluate(team)
    assert client.get(e.get_absolute_url()).status_code == 404
    assert e.title not in client.get(reverse("results:evaluations")).content.decode()


def test_evaluation_linked_to_a_decision_object_is_found_from_it(team):
    decision_like = AgencyFactory(name="某项决策")  # any model instance: the link is generic
    e = team.publish(evaluate(team, subject=decision_like, subject_title=""))
    assert e.subject_title == "某项决策"
    assert list(selectors.evaluations_for(decision_like)) == [e]


def test_report_that_is_not_pdf_or_word_is_refused(team):
    with pytest.raises(WorkflowError, match="PDF 或 Word"):
        evaluate(team, report=SimpleUploadedFile("x.pdf", b"not a pdf"))
    assert not Evaluation.objects.exists()


def test_report_over_the_size_limit_is_refused(team, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = len(PDF) - 1
    with pytest.raises(WorkflowError, match="评估报告过大"):
        evaluate(team, report=SimpleUploadedFile("评估报告.pdf", PDF))
    assert not Evaluation.objects.exists()
