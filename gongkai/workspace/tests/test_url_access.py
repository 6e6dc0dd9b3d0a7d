"""Every URL pattern of the site (Django's resolver, walked recursively, and every operation of the
API): a page that is not on the public list refuses anonymous visitors, and a staff page refuses
staff of another agency (404, nothing of that agency shown, nothing changed).

A new URL fails these tests until it is either added to PUBLIC (and is really public) or checks
the login; a new staff URL with an object in its address also needs an entry in OBJECTS below.
The workspace's own URLs are walked in more depth (every state, every role) in test_access.py.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import reverse

from gongkai.core.tests.urlwalk import all_patterns, fill

pytestmark = pytest.mark.django_db

# What anyone may open without logging in: the public site and the public API.
PUBLIC = frozenset(
    {
        # site
        "web:home", "web:prefs", "web:guide", "web:sitemap", "web:favicon",
        "disclosures:index", "disclosures:list", "disclosures:column", "disclosures:item", "disclosures:version",
        "disclosures:print", "disclosures:attachment",
        "core:deadline", "search:search",
        "interpretations:index", "interpretations:detail",
        "service_guides:index", "service_guides:guide", "service_guides:guide_docx", "service_guides:material_file",
        "catalogs:index", "catalogs:version", "catalogs:version_xlsx", "catalogs:current",
        "implementation:index", "implementation:plan", "implementation:inspections", "implementation:inspection",
        "implementation:accountability", "implementation:evidence",
        "results:index", "results:plan", "results:documents", "results:document", "results:budgets", "results:budget",
        "results:budget_download", "results:evaluations", "results:evaluation", "results:evaluation_report",
        "results:results", "results:result", "results:result_attachment",
        "decisions:index", "decisions:catalogue", "decisions:track", "decisions:detail", "decisions:comment",
        "decisions:report", "decisions:record_file", "decisions:attachment", "decisions:meetings", "decisions:meetings_ics",
        "decisions:meeting", "decisions:meeting_register", "decisions:registration_status", "decisions:survey",
        "decisions:survey_results", "decisions:survey_csv", "decisions:survey_xlsx",
        "publishing:ledger", "publishing:ledger_download", "publishing:verify", "publishing:verify_item",
        "publishing:rss", "publishing:atom", "publishing:column_rss", "publishing:column_atom", "publishing:agency_rss",
        "publishing:agency_atom", "publishing:decision_rss", "publishing:decision_atom", "publishing:subscribe",
        "publishing:subscribe_confirm", "publishing:unsubscribe", "publishing:interview", "publishing:interview_track",
        "publishing:sitemap", "publishing:robots",
        "health",  # /healthz: ok or failed per backend, nothing else (gongkai/core/health.py)
        "letters:interaction", "letters:index", "letters:new", "letters:receipt", "letters:track", "letters:track_detail",
        "letters:rate", "letters:followup", "letters:published", "letters:stats",
        "opinion:index", "opinion:incident", "opinion:conferences", "opinion:conference", "opinion:conference_photo",
        "info_requests:apply", "info_requests:query", "info_requests:status", "info_requests:status_letter",
        "info_requests:status_file", "info_requests:status_notice",
        "annual_reports:list", "annual_reports:report",
        # the two steps of logging in
        "workspace:login", "admin:login",
        # Django's admin: "view on site" only redirects to an object's public address
        "admin:view_on_site",
        # API: documentation and open data (the operations are checked one by one below)
        "api-v1:api-root", "api-v1:openapi-json", "api-v1:openapi-view",
    }
)


def _is_public_api_operation(operation) -> bool:
    return not operation.auth_callbacks


def _staff_patterns():
    """Every pattern that is not public: pages, admin, and API paths with a staff operation."""
    found = []
    for pattern in all_patterns():
        if pattern.operations:
            if any(not _is_public_api_operation(op) for op in pattern.operations):
                found.append(pattern)
            continue
        if pattern.name not in PUBLIC:
            found.append(pattern)
    return found


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.proxy and m._meta.managed}


def test_public_list_names_only_existing_public_urls():
    names = {p.name for p in all_patterns()}
    assert not PUBLIC - names, f"PUBLIC names URLs that no longer exist: {sorted(PUBLIC - names)}"
    logins = ("workspace:login", "admin:login", "admin:view_on_site")
    staff_named = sorted(n for n in PUBLIC if n not in logins and any(p.name == n and (p.is_staff or p.is_admin) for p in all_patterns()))
    assert not staff_named, f"staff URLs may not be public: {staff_named}"


def test_every_public_api_operation_is_listed_as_such():
    """Public API operations are the ones without auth; the staff ones need a token or a staff login."""
    for pattern in all_patterns():
        for op in pattern.operations:
            if pattern.is_staff:
                assert op.auth_callbacks, f"{pattern.name}: a /api/v1/staff/ operation without auth"


def test_anonymous_visitors_are_refused_by_every_non_public_url(client):
    login = reverse("workspace:login")
    before = _row_counts()
    checked = 0
    for pattern in _staff_patterns():
        path = fill(pattern.route)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            code = response.status_code
            where = f"{method.upper()} {path} ({pattern.name})"
            if pattern.operations:
                assert code in (401, 403, 405), f"{where}: API answered {code} to an anonymous caller"
            elif pattern.is_admin:
                assert code in (302, 405), f"{where}: {code}"
                if code == 302:
                    # Logging out of the admin without a session just goes back to the admin (and its login).
                    allowed = ("/admin/login/", login, "/admin/") if pattern.name == "admin:logout" else ("/admin/login/", login)
                    assert response["Location"].startswith(allowed), f"{where} -> {response['Location']}"
            else:
                assert code == 302, f"{where} answered {code}: add a login check, or add it to PUBLIC if it is public"
                assert response["Location"].startswith(login + "?next="), f"{where} -> {response['Location']}"
            checked += 1
    assert checked > 2 * 150
    assert _row_counts() == before


# --- staff of another agency ---------------------------------------------------------------------

MARK = "乙机构"  # in every text field of agency B's objects: it must appear on no page agency A gets

# The object of agency B that fills each staff URL's <int:…> (model label), and values of its other
# parameters. Workspace URLs are walked in every state in test_access.py. A staff URL with an object
# in its address that is missing here fails test_every_staff_url_with_an_object_is_listed.
OBJECTS: dict[str, tuple[str, dict[str, str]]] = {
    "interpretations:staff_detail": ("interpretations.Interpretation", {}),
    "interpretations:staff_edit": ("interpretations.Interpretation", {}),
    "interpretations:staff_action": ("interpretations.Interpretation", {}),
    "interpretations:staff_plan": ("disclosures.DisclosureItem", {}),
    "service_guides:staff_version": ("service_guides.GuideVersion", {}),
    "service_guides:staff_edit": ("service_guides.GuideVersion", {}),
    "service_guides:staff_action": ("service_guides.GuideVersion", {}),
    "service_guides:staff_revise": ("service_guides.GuideVersion", {}),
    "service_guides:staff_material_file": ("service_guides.Material", {}),
    "service_guides:staff_material_download": ("service_guides.Material", {"slot": "template"}),
    "catalogs:staff_version": ("catalogs.ListVersion", {}),
    "catalogs:staff_action": ("catalogs.ListVersion", {}),
    "implementation:staff_plan": ("implementation.ImplementationPlan", {}),
    "implementation:staff_update_new": ("implementation.ImplementationPlan", {}),
    "implementation:staff_plan_edit": ("implementation.ImplementationPlan", {}),
    "implementation:staff_update_edit": ("implementation.ProgressUpdate", {}),
    "implementation:staff_inspection": ("implementation.Inspection", {}),
    "implementation:staff_finding_action": ("implementation.Finding", {}),
    "implementation:staff_action#plan": ("implementation.ImplementationPlan", {"kind": "plan"}),
    "implementation:staff_action#update": ("implementation.ProgressUpdate", {"kind": "update"}),
    "implementation:staff_action#inspection": ("implementation.Inspection", {"kind": "inspection"}),
    "implementation:staff_action#case": ("implementation.AccountabilityCase", {"kind": "case"}),
    "results:staff_result": ("results.ResultReport", {}),
    "results:staff_plan": ("results.DevelopmentPlan", {}),
    "results:staff_plan_export": ("results.DevelopmentPlan", {}),
    "results:staff_plan_import": ("results.DevelopmentPlan", {}),
    "results:staff_action#budget": ("results.BudgetDisclosure", {"kind": "budget"}),
    "results:staff_action#evaluation": ("results.Evaluation", {"kind": "evaluation"}),
    "results:staff_action#plan": ("results.DevelopmentPlan", {"kind": "plan"}),
    "results:staff_action#document": ("results.NormativeDocument", {"kind": "document"}),
    "results:staff_action#result": ("results.ResultReport", {"kind": "result"}),
    "decisions:staff_detail": ("decisions.Decision", {}),
    "decisions:staff_edit": ("decisions.Decision", {}),
    "decisions:staff_action": ("decisions.Decision", {}),
    "decisions:staff_open": ("decisions.Decision", {}),
    "decisions:staff_record": ("decisions.Decision", {}),
    "decisions:staff_decide": ("decisions.Decision", {}),
    "decisions:staff_document": ("decisions.Decision", {}),
    "decisions:staff_evaluate": ("decisions.Decision", {}),
    "decisions:staff_report": ("decisions.Decision", {}),
    "decisions:staff_meeting_new": ("decisions.Decision", {}),
    "decisions:staff_survey_new": ("decisions.Decision", {}),
    "decisions:staff_comments": ("decisions.Decision", {}),
    "decisions:staff_comment_enter": ("decisions.Decision", {}),
    "decisions:staff_export": ("decisions.Decision", {"fmt": "csv"}),
    "decisions:staff_period": ("decisions.Decision", {}),
    "decisions:staff_moderate": ("decisions.Comment", {}),
    "decisions:staff_classify": ("decisions.Comment", {}),
    "decisions:staff_attachment": ("decisions.CommentAttachment", {}),
    "decisions:staff_meeting": ("decisions.Meeting", {}),
    "decisions:staff_registrations": ("decisions.Meeting", {}),
    "decisions:staff_registration_decide": ("decisions.Registration", {}),
    "decisions:staff_survey": ("decisions.Survey", {}),
    "publishing:staff_interview": ("publishing.InterviewRequest", {}),
    "publishing:media_contact_edit": ("publishing.MediaContact", {}),
    "publishing:media_contact_delete": ("publishing.MediaContact", {}),
    "publishing:delivery_retry": ("publishing.Delivery", {}),
    "publishing:api_token_revoke": ("publishing.ApiToken", {}),
    "letters:staff_detail": ("letters.Letter", {}),
    "letters:staff_action": ("letters.Letter", {"action": "assign"}),
    "opinion:staff_incident": ("opinion.Incident", {}),
    "opinion:staff_action": ("opinion.Incident", {"action": "verify"}),
    "opinion:statement_publish": ("opinion.Statement", {}),
    "opinion:staff_conference": ("opinion.PressConference", {}),
    "opinion:staff_report": ("opinion.AnalysisReport", {}),
    "opinion:staff_report_docx": ("opinion.AnalysisReport", {}),
    "info_requests:staff_detail": ("info_requests.InfoRequest", {}),
    "info_requests:staff_act": ("info_requests.InfoRequest", {"action": "conclude"}),
    "info_requests:staff_letter": ("info_requests.InfoRequest", {}),
    "info_requests:staff_notice": ("info_requests.InfoRequest", {"kind": "correction"}),
    "annual_reports:staff_edit": ("annual_reports.AnnualReport", {}),
    "annual_reports:staff_act": ("annual_reports.AnnualReport", {"action": "docx"}),
}
# Staff URLs whose parameter is not an agency's object: the same for every agency.
SHARED = {"catalogs:staff_template": {"slug": "power"}}


def _object_patterns():
    """Staff pages (outside the workspace and the admin) whose address names an object."""
    return [
        p for p in _staff_patterns()
        if not p.is_admin and not p.operations and not p.name.startswith("workspace:") and "<" in p.route and p.name not in SHARED
    ]


def test_every_staff_url_with_an_object_is_listed():
    names = {p.name for p in _object_patterns()}
    listed = {key.split("#")[0] for key in OBJECTS}
    assert not names - listed, f"add these staff URLs to OBJECTS in {__file__}: {sorted(names - listed)}"
    assert not listed - names, f"OBJECTS names URLs that are gone: {sorted(listed - names)}"


class _Maker:
    """Rows of agency B for any model: required fields filled with MARK text, today's date, B's
    agency and staff, and parent rows made the same way (enough for a selector to find them)."""

    PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    def __init__(self, agency, user):
        self.agency, self.user, self.serial = agency, user, 0

    def __call__(self, label: str, **values):
        from django.core.files.base import ContentFile
        from django.db import models
        from django.utils import timezone

        from gongkai.core.models import Agency, User

        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in values or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            self.serial += 1
            if field.is_relation:
                if field.related_model is Agency:
                    values[field.name] = self.agency
                elif field.related_model is User:
                    values[field.name] = self.user
                elif not field.null:
                    values[field.name] = self(field.related_model._meta.label)
                continue
            if field.has_default() or field.null:
                continue
            if field.choices:
                values[field.name] = field.choices[0][0]
            elif isinstance(field, models.FileField):
                values[field.name] = ContentFile(self.PDF, name=f"b{self.serial}.pdf")
            elif isinstance(field, models.EmailField):
                values[field.name] = f"b{self.serial}@example.com"
            elif isinstance(field, models.URLField):
                values[field.name] = f"https://example.com/b{self.serial}"
            elif isinstance(field, models.SlugField):
                values[field.name] = f"b-{self.serial}"
            elif isinstance(field, models.DateTimeField):
                values[field.name] = timezone.now()
            elif isinstance(field, models.DateField):
                values[field.name] = timezone.localdate()
            elif isinstance(field, models.BooleanField):
                values[field.name] = False
            elif isinstance(field, models.JSONField):
                values[field.name] = {}
            elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
                values[field.name] = timezone.localdate().year if "year" in field.name else 1
            elif isinstance(field, (models.CharField, models.TextField)):
                # Shared rows (a list template, say) belong to no agency: they may show anywhere.
                text = f"{MARK if self._owned(model) else '共用'}{field.verbose_name}{self.serial}"
                values[field.name] = text[: field.max_length] if field.max_length else text
        return model.objects.create(**values)

    def _owned(self, model, seen=()) -> bool:
        """Whether rows of `model` belong to an agency (a required link to an agency or its staff, or to such a row)."""
        from gongkai.core.models import Agency, User

        for field in model._meta.concrete_fields:
            if not field.is_relation or field.null or field.related_model in seen:
                continue
            if field.related_model in (Agency, User) or self._owned(field.related_model, (*seen, model)):
                return True
        return False




def test_staff_of_another_agency_get_404_from_every_staff_url_and_change_nothing(client):
    from gongkai.core.models import Role
    from gongkai.core.tests.factories import AgencyFactory, staff

    roles = [r for r in Role.values if r != Role.SUPERVISOR]  # the supervisor reads every agency by design
    agency_a, agency_b = AgencyFactory(name="坊子区农业综合开发办公室", slug="nongfa"), AgencyFactory(name="坊子区财政局", slug="caizheng")
    user_a, user_b = staff(agency_a, *roles), staff(agency_b, *roles, display_name="乙工作人员")
    make = _Maker(agency_b, user_b)
    objects: dict[str, object] = {}
    for key, (label, _params) in OBJECTS.items():
        objects[key] = objects.get(label) or make(label)
        objects[label] = objects[key]
    patterns = {p.name: p for p in _object_patterns()}

    def url(key: str) -> str:
        name = key.split("#")[0]
        label, params = OBJECTS[key]
        pattern = patterns[name]
        ints = re.findall(r"<int:(\w+)>", pattern.route)
        values = dict(params)
        obj = objects[key]
        if name == "opinion:statement_publish":
            values.update(pk=str(obj.incident_id), statement_pk=str(obj.pk))
        else:
            values.update({ints[0]: str(obj.pk)})
        return fill(pattern.route, values)

    client.force_login(user_a)
    before = _row_counts()
    seen_404 = 0
    for key in OBJECTS:
        path = url(key)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            where = f"{method.upper()} {path} ({key}) as agency A"
            assert response.status_code in (403, 404, 405), f"{where}: {response.status_code}"
            seen_404 += response.status_code == 404
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert MARK.encode() not in body, f"{where} shows agency B's data"
    assert seen_404 >= len(OBJECTS)
    # Lists and forms without an object in the address show nothing of agency B either.
    for pattern in _staff_patterns():
        if pattern.is_admin or pattern.operations or "<" in pattern.route or pattern.name in ("workspace:logout",):
            continue
        response = client.get(fill(pattern.route))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARK.encode() not in body, f"GET {pattern.route} ({pattern.name}) shows agency B's data to agency A"
    assert _row_counts() == before

    # The same addresses do reach the objects for agency B's own staff (so the 404s above were the agency check).
    client.force_login(user_b)
    client.raise_request_exception = False  # made-up content may not render (500): the object was still found
    for key in OBJECTS:
        path = url(key)
        response = client.get(path)
        if response.status_code == 405:
            continue
        assert response.status_code != 404, f"GET {path} ({key}) as agency B: 404, so the test object is not a valid target"


def test_staff_api_operations_refuse_another_agencys_versions(client):
    from gongkai.core.models import Role
    from gongkai.core.tests.factories import AgencyFactory, staff
    from gongkai.disclosures.models import ItemVersion
    from gongkai.disclosures.tests.factories import draft
    from gongkai.publishing import services as publishing

    roles = [r for r in Role.values if r != Role.SUPERVISOR]
    user_a = staff(AgencyFactory(slug="nongfa"), *roles)
    version = draft(staff(AgencyFactory(slug="caizheng"), *roles), title=f"{MARK}草稿")
    _token, raw = publishing.api_token_create(by=user_a, name="对接系统")
    auth = {"Authorization": f"Bearer {raw}"}
    bodies = {"submit": {}, "approve": {"comment": ""}, "return": {"reason": "越权尝试"}, "sign": {"publish_at": None}}
    operations = [p for p in _staff_patterns() if p.operations and "<version_id>" in p.route]
    assert len(operations) == 5
    before = _row_counts()
    for pattern in operations:
        path = fill(pattern.route, {"version_id": str(version.pk)})
        action = path.rsplit("/", 1)[-1]
        if action in bodies:
            response = client.post(path, bodies[action], content_type="application/json", headers=auth)
        else:
            response = client.get(path, headers=auth)
        assert response.status_code == 404, (pattern.name, response.status_code, response.content[:200])
        assert MARK.encode() not in response.content
    assert ItemVersion.objects.get(pk=version.pk).state == version.state
    response = client.get("/api/v1/compliance", headers=auth)  # session-only: a token is not a login
    assert response.status_code == 401
    assert _row_counts() == before
    client.force_login(user_a)
    response = client.get("/api/v1/compliance")
    assert response.status_code == 200 and MARK.encode() not in response.content
