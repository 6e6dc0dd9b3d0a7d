"""The OpenAPI schema tells the truth: found by fuzzing (test_fuzz_api.py), pinned here."""

from __future__ import annotations

import collections

import pytest
from ninja import Schema

from gongkai.api.urls import api

pytestmark = pytest.mark.django_db


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_no_two_schemas_share_a_component_name():
    """OpenAPI components are keyed by class name: two apps' `StatusOut` (or `CommentIn`, `PlanOut`)
    silently became one, and the schema described the comment status with the request's fields."""
    api.get_openapi_schema()  # imports every router
    by_name = collections.defaultdict(dict)

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("gongkai."):
                by_name[sub.__name__][sub.__module__] = sub.model_json_schema()
            walk(sub)

    walk(Schema)
    clashes = {name: sorted(mods) for name, mods in by_name.items() if len({repr(s) for s in mods.values()}) > 1}
    assert clashes == {}


def test_every_operation_documents_the_answers_it_can_give():
    schema = api.get_openapi_schema()
    missing = []
    for label, operation in _operations(schema):
        codes = {str(c) for c in operation["responses"]}
        expected = {"422"}
        if "requestBody" in operation:
            expected.add("400")
        if operation.get("security"):
            expected.add("401")
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            expected.add("404")
        missing += [f"{label} {code}" for code in expected - codes]
    assert missing == []
    compliance = schema["paths"]["/api/v1/compliance"]["get"]["responses"]
    assert {"403", "404"} <= {str(c) for c in compliance}


def test_the_comment_status_schema_is_the_comment_status(client):
    schema = api.get_openapi_schema()
    ref = schema["paths"]["/api/v1/decisions/comments/{tracking_code}"]["get"]["responses"][200]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert {"decision_id", "decision_title", "classification"} <= set(fields) and "agency" not in fields


def test_a_missing_record_answers_404_in_chinese(client):
    response = client.get("/api/v1/results/budgets/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到该记录。"}
