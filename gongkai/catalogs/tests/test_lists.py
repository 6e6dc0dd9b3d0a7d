"""Lists (M1): typed import with a per-row error report, versions through the workflow, the public diff, XLSX export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from gongkai.catalogs import selectors, services
from gongkai.catalogs.diff import FieldChange
from gongkai.catalogs.models import Entry, ListVersion, State
from gongkai.catalogs.xlsx import ImportRejected
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError

from .factories import power_list_type, publish, workbook

pytestmark = pytest.mark.django_db

V1 = [
    ("QL-001", "农业项目立项审批", "行政许可", "《农田建设项目管理办法》第十条", 20, "2024-01-01"),
    ("QL-002", "项目资金违规处罚", "行政处罚", "《财政违法行为处罚处分条例》第十四条", 30, "2024-01-01"),
    ("QL-003", "项目验收确认", "行政确认", "《农田建设项目管理办法》第二十五条", 15, "2024-01-01"),
]
V2 = [
    ("QL-001", "农业项目立项审批", "行政许可", "《农田建设项目管理办法》第十条", 10, "2024-01-01"),  # days changed
    ("QL-003", "项目竣工验收确认", "行政确认", "《农田建设项目管理办法》第二十五条", 15, "2025-03-01"),  # name + date changed
    ("QL-004", "项目档案检查", "其他行政权力", "", "", ""),  # added; QL-002 removed
]


def test_a_version_diff_shows_exactly_the_added_removed_and_changed_entries(team):
    editor, reviewer, signer = team
    list_type = power_list_type()
    first = publish(services.version_import(by=editor, list_type=list_type, data=workbook(V1)), *team)
    second = publish(services.version_import(by=editor, list_type=list_type, data=workbook(V2), change_note="依据机构职能调整"), *team)
    diff = selectors.version_diff(second, selectors.previous_public(second))
    assert [d["code"] for d in diff.added] == ["QL-004"]
    assert [d["code"] for d in diff.removed] == ["QL-002"]
    assert [(c.key, c.fields) for c in diff.changed] == [
        ("QL-001", [FieldChange("承诺时限（工作日）", "20", "10")]),
        ("QL-003", [FieldChange("事项名称", "项目验收确认", "项目竣工验收确认"), FieldChange("实施日期", "2024-01-01", "2025-03-01")]),
    ]
    first.refresh_from_db()
    assert first.state == State.SUPERSEDED and second.state == State.PUBLISHED


def test_an_excel_import_with_two_bad_rows_names_both_and_imports_nothing(editor):
    list_type = power_list_type()
    rows = [
        V1[0],
        ("QL-002", "", "行政处罚", "", "三十", "2024-01-01"),  # row 3: name empty, days not an integer
        V1[2],
        ("QL-001", "重复事项", "行政征收", "", 5, "2024-13-01"),  # row 5: duplicate key, bad choice, bad date
    ]
    with pytest.raises(ImportRejected) as err:
        services.version_import(by=editor, list_type=list_type, data=workbook(rows))
    assert [e.row for e in err.value.errors] == [3, 5]
    assert "“事项名称”不能为空" in str(err.value.errors[0]) and "应为整数" in str(err.value.errors[0])
    assert all(s in str(err.value.errors[1]) for s in ("与第2行重复", "行政征收", "应为日期"))
    assert "第3、5行" in err.value.message
    assert not ListVersion.objects.exists() and not Entry.objects.exists()


def test_the_import_page_shows_the_per_row_error_report(client, editor):
    list_type = power_list_type()
    client.force_login(editor)
    bad = workbook([("QL-1", "", "行政许可", "", "", ""), ("QL-2", "名称", "罚款", "", "", "")])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("catalogs:staff_index"), {"list_type": list_type.pk, "file": SimpleUploadedFile("q.xlsx", bad)})
    html = response.content.decode()
    assert response.status_code == 422 and "第2行" in html and "第3行" in html and "未导入任何内容" in html
    assert not ListVersion.objects.exists()


def test_a_file_missing_a_column_or_not_excel_is_refused(editor):
    list_type = power_list_type()
    with pytest.raises(ImportRejected, match="表头缺少列：权力类型"):
        services.version_import(by=editor, list_type=list_type, data=workbook([], header=["事项编码", "事项名称"]))
    with pytest.raises(ImportRejected, match="不是有效的 Excel"):
        services.version_import(by=editor, list_type=list_type, data=b"PK\x03\x04 broken")
    assert not ListVersion.objects.exists()


def test_typed_values_are_normalised(editor):
    rows = [("QL-9", "名称", "行政许可", "", 12.0, dt.datetime(2025, 5, 8))]
    version = services.version_import(by=editor, list_type=power_list_type(), data=workbook(rows))
    assert version.entries.get().data == {"code": "QL-9", "name": "名称", "kind": "行政许可", "basis": "", "days": "12", "since": "2025-05-08"}


def test_only_one_open_version_at_a_time_and_the_author_cannot_approve(agency):
    everyone = staff(agency, "editor", "reviewer")
    list_type = power_list_type()
    version = services.version_import(by=everyone, list_type=list_type, data=workbook(V1))
    with pytest.raises(WorkflowError, match="正在办理"):
        services.version_import(by=everyone, list_type=list_type, data=workbook(V2))
    services.version_submit(version=version, by=everyone)
    with pytest.raises(WorkflowError, match="自己撰写"):
        services.version_approve(version=version, by=everyone)


def test_public_pages_show_the_diff_and_history_and_export_xlsx(client, team):
    editor, reviewer, signer = team
    list_type = power_list_type()
    first = publish(services.version_import(by=editor, list_type=list_type, data=workbook(V1)), *team)
    second = publish(services.version_import(by=editor, list_type=list_type, data=workbook(V2)), *team)
    draft = services.version_import(by=editor, list_type=list_type, data=workbook(V1))

    html = client.get(reverse("catalogs:current", args=["power", editor.agency.slug])).content.decode()
    assert "与第1版相比的变化" in html and "新增 1 条，删除 1 条，修改 2 条" in html and "项目竣工验收确认" in html
    assert client.get(reverse("catalogs:version", args=[first.pk])).status_code == 200
    assert client.get(reverse("catalogs:version", args=[draft.pk])).status_code == 404

    response = client.get(reverse("catalogs:version_xlsx", args=[second.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["事项编码", "事项名称", "权力类型", "设定依据", "承诺时限（工作日）", "实施日期"]
    assert [r[0] for r in values[1:]] == ["QL-001", "QL-003", "QL-004"]
    # the export reads back in as the same entries
    again = services.version_import(by=staff(AgencyFactory(), "editor"), list_type=list_type, data=response.content)
    assert list(again.entries.values_list("data", flat=True)) == list(second.entries.values_list("data", flat=True))


def test_staff_of_another_agency_get_404(client, editor):
    version = services.version_import(by=editor, list_type=power_list_type(), data=workbook(V1))
    client.force_login(staff(AgencyFactory(), "editor", "reviewer"))
    assert client.get(reverse("catalogs:staff_version", args=[version.pk])).status_code == 404
    assert client.post(reverse("catalogs:staff_action", args=[version.pk]), {"action": "submit"}).status_code == 404
    assert ListVersion.objects.get().state == State.DRAFT


def test_public_index_query_count_does_not_grow_with_versions(client, team, django_assert_max_num_queries):
    editor, reviewer, signer = team
    list_type = power_list_type()
    for agency_editor in (editor, staff(AgencyFactory(), "editor")):
        services.version_import(by=agency_editor, list_type=list_type, data=workbook(V1))
    for version in ListVersion.objects.filter(agency=editor.agency):
        publish(version, *team)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("catalogs:index")).status_code == 200
