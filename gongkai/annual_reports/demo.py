"""The office's 2025 annual report, generated from the demo requests and published through the editorial
workflow (dated back to 20 January 2026, before the 31 January deadline). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.disclosures import services as disclosure_services
from gongkai.disclosures.models import DisclosureItem, ItemVersion

from . import services
from .models import AnnualReport

OFFICE = "nongfa"
TEXTS = {
    "text_overview": "2025年，本办认真贯彻落实《中华人民共和国政府信息公开条例》，全年新收政府信息公开申请{新收申请数}件，"
                     "上年结转{上年结转数}件，办结{办结数}件，结转下年度继续办理{结转下年数}件。",
    "text_proactive": "全年制发行政规范性文件{制发规范性文件数}件，现行有效{现行有效规范性文件数}件，均按规定统一登记、统一编号、统一公布。",
    "text_requests": "依申请公开答复中，予以公开{予以公开数}件，部分公开{部分公开数}件，不予公开{不予公开数}件。",
    "text_review": "全年因政府信息公开被申请行政复议{行政复议数}件，被提起行政诉讼{行政诉讼数}件。",
    "text_problems": "一是个别申请答复临近期限；二是栏目更新频率有待提高。下一步将完善依申请公开办理台账，按期答复。",
    "text_other": "本年度未收取信息处理费。",
}


def seed(*, verbose: bool = False, stdout=None) -> None:
    agency = Agency.objects.filter(slug=OFFICE).first()
    if agency is None or AnnualReport.objects.filter(agency=agency, year=2025).exists():
        return
    try:
        editor, reviewer, signer = (User.objects.get(username=f"{OFFICE}_{r}") for r in ("editor", "reviewer", "signer"))
    except User.DoesNotExist:
        return
    report = services.report_start(by=editor, year=2025)
    services.report_update(report=report, by=editor, **TEXTS, normative_made=2, normative_repealed=1, normative_valid=9,
                           licensing=0, penalties=0, enforcement=0, review_upheld=1, direct_pending=1)
    report = services.report_generate(report=report, by=editor)
    # The report's date is part of what is published (and hashed into the ledger): set it before signing.
    ItemVersion.objects.filter(pk=report.version_id).update(written_on=dt.date(2026, 1, 16))
    try:
        services.report_submit(report=report, by=editor)
    except services.ReportNeedsRelease:
        report.refresh_from_db()
        for hit in report.version.screening_hits.filter(overridden_at=None):
            disclosure_services.hit_override(hit=hit, by=reviewer, reason="年报表三固定栏目名称，非保密标识")
        disclosure_services.version_submit(version=report.version, by=editor)
    report.refresh_from_db()
    version = disclosure_services.version_approve(version=report.version, by=reviewer)
    disclosure_services.version_sign(version=version, by=signer)
    published_at = timezone.make_aware(dt.datetime(2026, 1, 20, 9, 30))
    ItemVersion.objects.filter(pk=version.pk).update(published_at=published_at)
    DisclosureItem.objects.filter(pk=version.item_id).update(first_published_at=published_at)
    if verbose and stdout is not None:
        stdout.write(f"年度报告：{report.title} 已发布（/nianbao/{agency.pk}/2025/）。\n")
