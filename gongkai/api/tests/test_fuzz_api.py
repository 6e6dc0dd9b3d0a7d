"""Schemathesis over every operation of /api/v1/ (django-ninja's OpenAPI schema), in-process over WSGI.

Each operation is one test (so xdist spreads them), with a fixed, derandomized budget: EXAMPLES
positive cases (schema-valid data), EXAMPLES negative cases (data the schema forbids, which must be
refused with a 4xx) and EXAMPLES cases aimed at records that exist (real ids and tracking codes),
so the fuzzing reaches the 200 answers and not only the 404s. Every answer must be free of server
errors and conform to the schema: documented status code, content type, headers and body; and every
refusal (4xx) must carry a code and say why in Chinese.

OPERATIONS says, for every operation, how it authenticates and which records it may hit; a test
fails when the schema has an operation this table does not cover (or the table names one that
is gone), so a new endpoint is fuzzed from the day it is added.

The "schema-valid data is accepted" check is left out: a schema cannot say which column slugs,
agency ids or tracking codes exist, and an unknown one is rightly answered 404/422 in Chinese.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import pytest
import schemathesis
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from gongkai.config.wsgi import application
from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.publishing.tests.conftest import wsgi_keeps_test_connection  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "10"))  # per operation/form and kind of case; fixed in CI
WEBHOOK_SECRET = "fuzz-webhook-secret"
CJK = re.compile(r"[\u4e00-\u9fff]")


class World:
    """The records the operations can find, each built on first use through the real services."""

    def __init__(self, capture_on_commit):
        self.capture_on_commit = capture_on_commit

    @cached_property
    def agency(self):
        return AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa")

    @cached_property
    def editor(self):
        return staff(self.agency, Role.EDITOR)

    @cached_property
    def reviewer(self):
        return staff(self.agency, Role.REVIEWER)

    @cached_property
    def signer(self):
        return staff(self.agency, Role.SIGNER, Role.AGENCY_ADMIN)

    @cached_property
    def all_roles(self):
        return staff(self.agency, Role.EDITOR, Role.REVIEWER, Role.SIGNER)

    @cached_property
    def column(self):
        from gongkai.disclosures.tests.factories import ColumnFactory

        return ColumnFactory(name="政策文件", slug="policies")

    @cached_property
    def topic(self):
        from gongkai.disclosures.tests.factories import TopicFactory

        return TopicFactory(name="农业、林业、水利", code="A01")

    @cached_property
    def item(self):
        from gongkai.disclosures.tests.factories import published

        # Publication feeds the ledger and the outbox on commit: run those callbacks as a commit would.
        with self.capture_on_commit(execute=True):
            version = published(self.editor, self.reviewer, self.signer, column=self.column, topic=self.topic, title="关于农业项目的通知")
        return version.item

    @cached_property
    def draft_version(self):
        from gongkai.disclosures.tests.factories import draft

        return draft(self.editor, column=self.column, topic=self.topic)

    @cached_property
    def decision(self):
        from gongkai.decisions.tests.factories import in_consultation

        return in_consultation(staff(self.agency, Role.EDITOR))

    @cached_property
    def comment(self):
        from gongkai.decisions import services

        return services.comment_submit(decision=self.decision, content="建议提高管护经费标准。", name="王小明", phone="13912345678", paragraph_number=1, show_name=False, email="", ip=None)

    @cached_property
    def letter(self):
        from gongkai.letters.tests.factories import letter

        return letter(self.agency)

    @cached_property
    def info_request(self):
        from gongkai.info_requests import services

        data = {
            "applicant_type": "natural_person", "name": "王小明", "id_number": "370704199001011234", "phone": "13912345678",
            "description": "申请公开2025年高标准农田建设项目的验收报告。", "delivery": "online",
        }
        return services.request_submit_online(agency=self.agency, data=data)

    @cached_property
    def plan(self):
        from gongkai.implementation.tests.factories import Team, plan_with_steps

        today = timezone.localdate()
        return plan_with_steps(Team(self.agency), [("完成土地平整", today, today + dt.timedelta(days=30))])

    @cached_property
    def budget(self):
        from gongkai.implementation.tests.factories import Team
        from gongkai.results import services
        from gongkai.results.tests.workbooks import workbook

        team = Team(self.agency)
        return team.publish(services.budget_import(by=team.editor, year=2025, kind="final", data=workbook()))

    def session_cookie(self, user) -> dict:
        client = Client()
        client.force_login(user)
        return {"sessionid": client.cookies["sessionid"].value}

    def bearer(self, user) -> dict:
        from gongkai.publishing import services

        return {"Authorization": f"Bearer {services.api_token_create(by=user, name='模糊测试')[1]}"}


@dataclass(frozen=True)
class Op:
    """How to call one operation: its credentials and the records it may address."""

    auth: str = "none"  # "none", "token" (staff bearer token), "session" (staff login), "webhook" (shared secret)
    # Builds the records the operation reads and returns the values that address them:
    # {"path_parameters": {...}} or {"query": {...}}; empty when the operation takes no address.
    known: Callable[[World], dict] | None = None


def path(**getters: Callable[[World], object]) -> Callable[[World], dict]:
    return lambda w: {"path_parameters": {name: get(w) for name, get in getters.items()}}


def query(**getters: Callable[[World], object]) -> Callable[[World], dict]:
    return lambda w: {"query": {name: get(w) for name, get in getters.items()}}


def needs(*names: str) -> Callable[[World], dict]:
    """Records that must exist for the operation to answer with data, addressed by nothing."""

    def build(w: World) -> dict:
        for name in names:
            getattr(w, name)
        return {}

    return build


OPERATIONS: dict[str, Op] = {
    "GET /api/v1/calendar/add-workdays": Op(),
    "GET /api/v1/calendar/is-workday": Op(),
    "GET /api/v1/search": Op(known=query(q=lambda w: w.item.live_version.title[2:6])),
    "GET /api/v1/decisions": Op(known=query(year=lambda w: w.decision.year)),
    "GET /api/v1/decisions/comments/{tracking_code}": Op(known=path(tracking_code=lambda w: w.comment.tracking_code)),
    "GET /api/v1/decisions/{decision_id}": Op(known=path(decision_id=lambda w: w.decision.pk)),
    "POST /api/v1/decisions/{decision_id}/comments": Op(known=path(decision_id=lambda w: w.decision.pk)),
    "POST /api/v1/requests": Op(known=needs("agency")),
    "GET /api/v1/requests/{tracking_code}": Op(known=path(tracking_code=lambda w: w.info_request.tracking_code)),
    "GET /api/v1/annual-reports/{agency_id}/{year}": Op(known=path(agency_id=lambda w: w.agency.pk, year=lambda w: timezone.localdate().year - 1)),
    "GET /api/v1/compliance": Op(auth="session", known=query(agency=lambda w: w.agency.pk)),
    "POST /api/v1/letters": Op(known=needs("agency")),
    "GET /api/v1/letters/{tracking_code}": Op(known=path(tracking_code=lambda w: w.letter.tracking_code)),
    "POST /api/v1/opinion/webhook": Op(auth="webhook", known=needs("agency")),
    "GET /api/v1/execution/plans": Op(known=needs("plan")),
    "GET /api/v1/execution/plans/{plan_id}": Op(known=path(plan_id=lambda w: w.plan.pk)),
    "GET /api/v1/execution/findings": Op(),
    "GET /api/v1/results/plans/{plan_id}": Op(),
    "GET /api/v1/results/documents": Op(),
    "GET /api/v1/results/budgets": Op(known=query(agency=lambda w: w.budget.agency.slug)),
    "GET /api/v1/results/budgets/{budget_id}": Op(known=path(budget_id=lambda w: w.budget.pk)),
    "GET /api/v1/items": Op(known=query(column=lambda w: w.item.live_version.column.slug)),
    "GET /api/v1/items/{item_id}": Op(known=path(item_id=lambda w: w.item.pk)),
    "GET /api/v1/columns": Op(known=needs("item")),
    "GET /api/v1/topics": Op(known=needs("item")),
    "GET /api/v1/agencies": Op(known=needs("item")),
    "GET /api/v1/ledger": Op(known=needs("item")),
    "GET /api/v1/ledger/verify": Op(known=needs("item")),
    "GET /api/v1/ledger/file": Op(known=needs("item")),
    "POST /api/v1/staff/items": Op(auth="token", known=needs("column", "topic")),
    "GET /api/v1/staff/versions/{version_id}": Op(auth="token", known=path(version_id=lambda w: w.draft_version.pk)),
    "POST /api/v1/staff/versions/{version_id}/submit": Op(auth="token", known=path(version_id=lambda w: w.draft_version.pk)),
    "POST /api/v1/staff/versions/{version_id}/approve": Op(auth="token", known=path(version_id=lambda w: w.draft_version.pk)),
    "POST /api/v1/staff/versions/{version_id}/return": Op(auth="token", known=path(version_id=lambda w: w.draft_version.pk)),
    "POST /api/v1/staff/versions/{version_id}/sign": Op(auth="token", known=path(version_id=lambda w: w.draft_version.pk)),
}


def refusals_say_why_in_chinese(ctx, response, case) -> bool | None:
    """A 4xx answer carries {"code", "message"} with the reason in Chinese."""
    if 400 <= response.status_code < 500:
        body = json.loads(response.content or b"{}")
        assert isinstance(body, dict) and body.get("code"), f"{response.status_code} without a code: {body!r}"
        assert CJK.search(str(body.get("message", ""))), f"{response.status_code} without a Chinese message: {body!r}"
    return True


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    # Loading the schema touches no table, but Django's request_started handler checks any
    # connection an earlier test in this worker left open: allow that, whatever the test order.
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def _operations(schema) -> dict:
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


def test_every_operation_of_the_schema_is_fuzzed(schema):
    labels = set(_operations(schema))
    assert labels - set(OPERATIONS) == set(), "operations without an entry in OPERATIONS"
    assert set(OPERATIONS) - labels == set(), "OPERATIONS names operations the schema no longer has"


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_answers_as_its_schema_says(label, schema, settings, django_capture_on_commit_callbacks, wsgi_keeps_test_connection):  # noqa: F811
    operation = _operations(schema)[label]
    spec = OPERATIONS[label]
    world = World(django_capture_on_commit_callbacks)
    settings.OPINION_WEBHOOK_SECRET = WEBHOOK_SECRET

    headers: dict = {}
    cookies: dict = {}
    if spec.auth == "token":
        headers = world.bearer(world.all_roles)
    elif spec.auth == "session":
        cookies = world.session_cookie(world.editor)
    elif spec.auth == "webhook":
        headers = {"X-Gongkai-Secret": WEBHOOK_SECRET}

    credentials = {"headers": headers, "cookies": cookies}
    strategies = [operation.as_strategy(mode, **credentials) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    if spec.known is not None:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, **credentials, **spec.known(world)))

    @given(case=st.one_of(strategies))
    @hypothesis_settings(
        max_examples=EXAMPLES * len(strategies), deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def check(case):
        case.call_and_validate(excluded_checks=[positive_data_acceptance], additional_checks=[refusals_say_why_in_chinese])

    check()
