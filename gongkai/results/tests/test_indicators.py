"""Plan indicators (R2): status follows target and actual values; Excel export re-imports without loss."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gongkai.core.tests.factories import AgencyFactory
from gongkai.implementation.tests.factories import Team
from gongkai.results import excel, selectors, services
from gongkai.results.models import Indicator, IndicatorStatus, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return Team(AgencyFactory())


@pytest.fixture
def plan(team):
    return services.development_plan_create(by=team.editor, title="坊子区“十四五”农业发展规划", start_year=2021, end_year=2025)


def status_of(plan, name):
    return next(r.status for r in selectors.indicator_rows(plan) if r.indicator.name == name)


def test_indicator_status_follows_target_and_actual(team, plan):
    d = Decimal
    services.indicator_save(plan=plan, by=team.editor, name="高标准农田面积", unit="万亩", baseline=d(20), target=d(30))
    assert status_of(plan, "高标准农田面积") == IndicatorStatus.NO_DATA
    # 2022 on the straight path from 20 to 30 over five years is 24; 23 is behind, 24.5 on track
    services.indicator_save(plan=plan, by=team.editor, name="高标准农田面积", unit="万亩", baseline=d(20), target=d(30), values={2022: (None, d(23))})
    assert status_of(plan, "高标准农田面积") == IndicatorStatus.BEHIND
    services.indicator_save(plan=plan, by=team.editor, name="高标准农田面积", unit="万亩", baseline=d(20), target=d(30), values={2022: (None, d("24.5"))})
    assert status_of(plan, "高标准农田面积") == IndicatorStatus.ON_TRACK
    # a year target set explicitly overrides the straight path
    services.indicator_save(plan=plan, by=team.editor, name="高标准农田面积", unit="万亩", baseline=d(20), target=d(30), values={2022: (d(26), d("24.5"))})
    assert status_of(plan, "高标准农田面积") == IndicatorStatus.BEHIND
    services.indicator_save(plan=plan, by=team.editor, name="高标准农田面积", unit="万亩", baseline=d(20), target=d(30), values={2023: (None, d(30))})
    assert status_of(plan, "高标准农田面积") == IndicatorStatus.ACHIEVED


def test_lower_is_better_indicator(team, plan):
    d = Decimal
    services.indicator_save(plan=plan, by=team.editor, name="化肥使用量", higher_is_better=False, baseline=d(100), target=d(90), values={2021: (None, d(97))})
    assert status_of(plan, "化肥使用量") == IndicatorStatus.ON_TRACK  # path target 98
    services.indicator_save(plan=plan, by=team.editor, name="化肥使用量", higher_is_better=False, baseline=d(100), target=d(90), values={2021: (None, d(99))})
    assert status_of(plan, "化肥使用量") == IndicatorStatus.BEHIND


def test_public_plan_page_shows_table_and_chart_data(client, team, plan):
    services.indicator_save(plan=plan, by=team.editor, name="农民人均可支配收入", unit="元", baseline=Decimal(18000), target=Decimal(25000),
                            nature="expected", values={2021: (Decimal(19000), Decimal(19500))})
    team.publish(plan)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "农民人均可支配收入" in page and "19500" in page and "按进度推进" in page
    assert 'id="indicator-data"' in page


def test_export_then_import_round_trips_without_loss(team, plan):
    d = Decimal
    services.indicator_save(plan=plan, by=team.editor, name="粮食总产量", unit="万吨", nature="binding", baseline=d("35.2"), target=d(36),
                            values={2021: (d("35.4"), d("35.61")), 2022: (None, d(35.9))})
    services.indicator_save(plan=plan, by=team.editor, name="化肥使用量", unit="吨", higher_is_better=False, target=d(900))
    before = sorted(IndicatorValue.objects.values_list("indicator__name", "year", "target", "actual"))
    before_ind = sorted(Indicator.objects.values_list("name", "unit", "nature", "higher_is_better", "baseline", "target"))
    report = excel.import_indicators(plan=plan, by=team.editor, data=excel.export_indicators(plan))
    assert report.errors == [] and report.saved == 2
    assert sorted(IndicatorValue.objects.values_list("indicator__name", "year", "target", "actual")) == before
    assert sorted(Indicator.objects.values_list("name", "unit", "nature", "higher_is_better", "baseline", "target")) == before_ind


def test_import_with_bad_rows_reports_each_row_and_saves_nothing(team, plan):
    services.indicator_save(plan=plan, by=team.editor, name="粮食总产量", target=Decimal(36))
    wb = load_workbook(io.BytesIO(excel.export_indicators(plan)))
    ws = wb.active
    ws["G2"] = "很多"  # target not a number
    ws.append([2, "新指标", "个", "约束性", "越大越好", None, 10, 5, 6])
    ws.append([3, "另一个", "个", "随便", "越大越好", None, 10])
    buf = io.BytesIO()
    wb.save(buf)
    report = excel.import_indicators(plan=plan, by=team.editor, data=buf.getvalue())
    assert report.saved == 0
    assert [row for row, _ in report.errors] == [2, 4]
    assert "规划目标值" in report.errors[0][1] and "属性" in report.errors[1][1]
    assert list(Indicator.objects.values_list("name", flat=True)) == ["粮食总产量"]
    assert not IndicatorValue.objects.exists()
