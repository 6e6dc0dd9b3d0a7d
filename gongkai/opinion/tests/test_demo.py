"""The demo data of letters and opinion: every story present, and a second run creates nothing."""

from __future__ import annotations

import pytest

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.letters import demo as letters_demo
from gongkai.letters.models import Letter, LetterState, PublicationState
from gongkai.opinion import demo as opinion_demo
from gongkai.opinion.clocks import incident_clocks
from gongkai.opinion.models import AnalysisReport, ConferenceState, Incident, PressConference

pytestmark = pytest.mark.django_db


def test_demo_has_every_story_and_is_idempotent():
    office = AgencyFactory(slug="nongfa")
    staff(office, "reviewer", username="nongfa_reviewer")
    staff(office, "signer", username="nongfa_signer")
    for _ in range(2):
        letters_demo.seed()
        opinion_demo.seed()
    assert Letter.objects.count() == 6
    assert set(Letter.objects.values_list("state", flat=True)) == set(LetterState.values)
    assert Letter.objects.filter(pub_state=PublicationState.PUBLISHED).count() == 1
    assert Incident.objects.count() == 3
    major = Incident.objects.get(title=opinion_demo.MAJOR_TITLE)
    assert [c.status() for c in incident_clocks(major)] == ["met", "met"]
    statuses = {i.title: [c.status() for c in incident_clocks(i)] for i in Incident.objects.all()}
    assert ["overdue"] in statuses.values()
    assert (
        PressConference.objects.get().state == ConferenceState.HELD
        and PressConference.objects.get().questions.count() == 2
    )
    assert AnalysisReport.objects.count() == 1
