"""The budgets API lists published budget disclosures and gives one with its tables as JSON; drafts and other ids are 404."""

from __future__ import annotations

import pytest

from gongkai.core.tests.factories import AgencyFactory
from gongkai.implementation.tests.factories import Team
from gongkai.results import services

from .workbooks import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return Team(AgencyFactory())


def test_list_has_count_and_only_published_disclosures(client, team):
    published = team.publish(services.budget_import(by=team.editor, year=2025, kind="final", data=workbook()))
    services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook())  # draft
    body = client.get("/api/v1/results/budgets").json()
    assert body["count"] == 1 and [r["id"] for r in body["results"]] == [published.pk]
    first = body["results"][0]
    assert (first["year"], first["kind"], first["kind_label"], first["agency"]) == (2025, "final", "部门决算", team.agency.name)
    assert client.get("/api/v1/results/budgets?year=2024").json() == {"count": 0, "results": []}
    assert client.get("/api/v1/results/budgets?kind=final&agency=" + team.agency.slug).json()["count"] == 1


def test_detail_gives_every_table_with_rows_as_stored(client, team):
    d = team.publish(services.budget_import(by=team.editor, year=2025, kind="budget", data=workbook()))
    body = client.get(f"/api/v1/results/budgets/{d.pk}").json()
    assert body["explanation"] == d.explanation and body["download_url"].endswith("tables.xlsx")
    stored = {t.kind: t for t in d.tables.all()}
    assert {t["kind"] for t in body["tables"]} == set(stored)
    for t in body["tables"]:
        table = stored[t["kind"]]
        assert t["columns"] == [str(c) for c in table.columns]
        assert [(r["code"], r["name"], r["values"], r["total"]) for r in t["rows"]] == [
            (str(r.get("code") or ""), r["name"], [None if v is None else str(v) for v in r["values"]], bool(r["total"])) for r in table.rows
        ]


def test_draft_or_missing_disclosure_is_404(client, team):
    draft = services.budget_import(by=team.editor, year=2026, kind="budget", data=workbook())
    assert client.get(f"/api/v1/results/budgets/{draft.pk}").status_code == 404
    assert client.get("/api/v1/results/budgets/999999").status_code == 404
