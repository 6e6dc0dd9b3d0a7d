import io

import pytest

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.decisions import demo
from gongkai.decisions.models import Decision, Stage, Survey
from gongkai.disclosures.tests.factories import published

pytestmark = pytest.mark.django_db


def test_demo_seeds_two_decisions_in_different_stages_once():
    agency = AgencyFactory(slug="nongfa")
    editor = staff(agency, Role.EDITOR, username="nongfa_editor")
    signer = staff(agency, Role.SIGNER, username="nongfa_signer")
    published(editor, staff(agency, Role.REVIEWER), signer, title="关于印发项目区群众议事规则的通知")
    demo.seed(verbose=True, stdout=io.StringIO())
    demo.seed(verbose=True, stdout=io.StringIO())
    stages = dict(Decision.objects.values_list("title", "stage"))
    assert stages == {demo.OPEN_TITLE: Stage.CONSULTATION, demo.DONE_TITLE: Stage.PUBLISHED}
    done = Decision.objects.get(title=demo.DONE_TITLE)
    assert done.adoption_report.data["total"] == 4 and done.disclosure_item is not None
    opened = Decision.objects.get(title=demo.OPEN_TITLE)
    assert opened.is_open_for_comment and opened.comments.count() == 5
    assert Survey.objects.get().responses.count() == 4
