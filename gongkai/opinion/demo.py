"""Demo public-opinion work of the office: a 重大 incident answered within 5 hours with a press
conference within 24 hours, a 较大 one answered and closed, a 一般 one overdue, a conference with its
transcript, and this month's analysis report. Idempotent: incidents are keyed by (agency, title)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, Role, User
from gongkai.disclosures.models import DisclosureItem

from . import reports, services
from .models import AnalysisReport, Grade, Incident

OFFICE = "nongfa"
MAJOR_TITLE = "坊子区某镇高标准农田项目区灌溉渠垮塌引发关注"


def _users() -> tuple[User | None, User | None]:
    handler = User.objects.filter(username="nongfa_handler").first()  # made by letters/demo.py
    signer = User.objects.filter(username=f"{OFFICE}_signer").first()
    if handler is None or signer is None or not handler.has_role(Role.HANDLER) or not signer.has_role(Role.SIGNER):
        return None, None
    return handler, signer


def seed(*, verbose: bool = False, stdout=None) -> None:
    agency = Agency.objects.filter(slug=OFFICE).first()
    handler, signer = _users()
    if agency is None or handler is None:
        return
    titles = set(Incident.objects.filter(agency=agency).values_list("title", flat=True))
    now = timezone.now()
    made = 0
    with transaction.atomic():
        if MAJOR_TITLE not in titles:
            raised = timezone.localtime(now - dt.timedelta(days=3)).replace(hour=22, minute=0, second=0, microsecond=0)
            incident = services.incident_raise(
                agency=agency,
                by=handler,
                title=MAJOR_TITLE,
                grade=Grade.MAJOR,
                topic="农田水利",
                summary="网民发布视频称项目区新建灌溉渠垮塌，质疑工程质量，转发量较大。",
                discovered_at=raised,
            )
            services.incident_assign(incident=incident, by=handler)
            first = services.statement_draft(
                incident=incident,
                by=handler,
                title="关于项目区灌溉渠局部垮塌的情况通报",
                body="经现场核实，受强降雨影响，项目区一段灌溉渠局部垮塌，无人员伤亡。我办已会同施工单位连夜抢修，并委托第三方检测工程质量。",
            )
            services.statement_publish(statement=first, by=signer, now=raised + dt.timedelta(hours=3, minutes=20))
            conference = services.conference_schedule(
                by=signer,
                title="项目区灌溉渠垮塌情况新闻发布会",
                scheduled_at=raised + dt.timedelta(hours=19),
                first_spokesperson="区农发办主任 张志强",
                other_spokespersons="区水利局副局长",
                place="区政府新闻发布厅",
                media="潍坊日报、潍坊电视台、坊子融媒体中心",
                incidents=[incident],
                policies=list(
                    DisclosureItem.objects.filter(agency=agency, live_version__isnull=False).order_by("-id")[:2]
                ),
            )
            services.conference_hold(
                conference=conference,
                by=signer,
                held_at=raised + dt.timedelta(hours=19),
                summary="通报了抢修进展和工程质量检测安排，承诺检测结果向社会公开。",
                questions=[
                    (
                        "潍坊日报",
                        "垮塌的原因是什么？是否存在质量问题？",
                        "张志强",
                        "初步判断与短时强降雨有关；工程质量已委托第三方检测，结果将向社会公开。",
                    ),
                    ("坊子融媒体中心", "会不会影响今年的灌溉？", "张志强", "抢修将于三日内完成，不影响冬灌。"),
                ],
            )
            second = services.statement_draft(
                incident=incident,
                by=handler,
                title="抢修进展通报",
                kind="progress",
                body="垮塌渠段已完成抢修并恢复通水，第三方检测正在进行。",
            )
            services.statement_publish(statement=second, by=signer, now=raised + dt.timedelta(days=1, hours=12))
            made += 1
        title = "网民反映项目补助资金发放进度慢"
        if title not in titles:
            raised = now - dt.timedelta(days=6, hours=5)
            incident = services.incident_raise(
                agency=agency, by=handler, title=title, grade=Grade.LARGER, topic="项目资金", discovered_at=raised
            )
            services.incident_assign(incident=incident, by=handler)
            s = services.statement_draft(
                incident=incident,
                by=handler,
                title="关于补助资金发放进度的说明",
                kind="response",
                body="补助资金已于本周拨付至各合作社账户，个别因账户信息有误正在补正。",
            )
            services.statement_publish(statement=s, by=signer, now=raised + dt.timedelta(hours=20))
            services.incident_close(incident=incident, by=handler)
            made += 1
        title = "自媒体称某项目占用基本农田"
        if title not in titles:
            services.incident_raise(
                agency=agency,
                by=handler,
                title=title,
                grade=Grade.GENERAL,
                topic="农田保护",
                summary="某自媒体账号发文称项目配套设施占用基本农田，尚未回应。",
                discovered_at=now - dt.timedelta(hours=60),
            )
            made += 1
    if not AnalysisReport.objects.filter(
        agency=agency, period=AnalysisReport.Period.MONTH, start=timezone.localdate().replace(day=1)
    ).exists():
        reports.report_generate(
            by=signer,
            period=AnalysisReport.Period.MONTH,
            day=timezone.localdate(),
            comment="本月舆情总体平稳，重大舆情处置及时；一般舆情回应存在逾期，需加强值班。",
        )
    if verbose and stdout is not None:
        stdout.write(f"舆情：新建 {made} 件，含新闻发布会和本月研判报告。")
