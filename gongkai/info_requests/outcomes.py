"""Outcomes of a request, exactly in the classes of the annual report's table 3 (国办公开办函〔2021〕30号).

Each outcome names its table-3 row and the decree article its reply letter cites.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    code: str
    row: str  # table-3 row key
    group: str  # 予以公开 / 部分公开 / 不予公开 / 无法提供 / 不予处理 / 其他处理
    label: str  # the row's words
    article: str  # what the reply letter cites
    decision: str  # the letter's decision sentence
    gives_files: bool = False


# Table 3 rows in template order: (key, label, level) — level 0 row headings, 1 sub-heading, 2 item.
TABLE3_RESULT_ROWS: list[tuple[str, str, int]] = [
    ("disclosed", "（一）予以公开", 1),
    ("partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("withheld", "（三）不予公开", 1),
    ("withheld_1", "1.属于国家秘密", 2),
    ("withheld_2", "2.其他法律行政法规禁止公开", 2),
    ("withheld_3", "3.危及“三安全一稳定”", 2),
    ("withheld_4", "4.保护第三方合法权益", 2),
    ("withheld_5", "5.属于三类内部事务信息", 2),
    ("withheld_6", "6.属于四类过程性信息", 2),
    ("withheld_7", "7.属于行政执法案卷", 2),
    ("withheld_8", "8.属于行政查询事项", 2),
    ("unavailable", "（四）无法提供", 1),
    ("unavailable_1", "1.本机关不掌握相关政府信息", 2),
    ("unavailable_2", "2.没有现成信息需要另行制作", 2),
    ("unavailable_3", "3.补正后申请内容仍不明确", 2),
    ("not_processed", "（五）不予处理", 1),
    ("not_processed_1", "1.信访举报投诉类申请", 2),
    ("not_processed_2", "2.重复申请", 2),
    ("not_processed_3", "3.要求提供公开出版物", 2),
    ("not_processed_4", "4.无正当理由大量反复申请", 2),
    ("not_processed_5", "5.要求行政机关确认或重新出具已获取信息", 2),
    ("other", "（六）其他处理", 1),
    ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_3", "3.其他", 2),
    ("total", "（七）总计", 1),
]
# Rows that are sums of their items.
GROUP_ROWS = {"withheld": "withheld_", "unavailable": "unavailable_", "not_processed": "not_processed_", "other": "other_"}

_W = "《中华人民共和国政府信息公开条例》"
OUTCOMES: dict[str, Outcome] = {
    o.code: o
    for o in [
        Outcome("already_public", "disclosed", "予以公开", "已主动公开，告知获取途径", f"{_W}第三十六条第（一）项",
                "您申请的信息已经主动公开，现告知获取该政府信息的方式和途径。", True),
        Outcome("disclosed", "disclosed", "予以公开", "予以公开", f"{_W}第三十六条第（二）项",
                "您申请的信息属于可以公开的政府信息，现予以提供。", True),
        Outcome("partly", "partly", "部分公开", "部分公开", f"{_W}第三十六条第（三）项、第三十七条",
                "您申请的信息中含有不应当公开的内容，但能够作区分处理，现提供可以公开的部分。", True),
        Outcome("withheld_secret", "withheld_1", "不予公开", "属于国家秘密", f"{_W}第十四条、第三十六条第（三）项",
                "您申请的信息属于国家秘密，决定不予公开。"),
        Outcome("withheld_law", "withheld_2", "不予公开", "其他法律行政法规禁止公开", f"{_W}第十四条、第三十六条第（三）项",
                "您申请的信息属于法律、行政法规禁止公开的政府信息，决定不予公开。"),
        Outcome("withheld_security", "withheld_3", "不予公开", "危及“三安全一稳定”", f"{_W}第十四条、第三十六条第（三）项",
                "您申请的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，决定不予公开。"),
        Outcome("withheld_third_party", "withheld_4", "不予公开", "保护第三方合法权益", f"{_W}第十五条、第三十六条第（三）项",
                "您申请的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，决定不予公开。"),
        Outcome("withheld_internal", "withheld_5", "不予公开", "属于三类内部事务信息", f"{_W}第十六条第一款、第三十六条第（三）项",
                "您申请的信息属于行政机关的内部事务信息，决定不予公开。"),
        Outcome("withheld_process", "withheld_6", "不予公开", "属于四类过程性信息", f"{_W}第十六条第二款、第三十六条第（三）项",
                "您申请的信息属于行政机关在履行职责过程中形成的过程性信息，决定不予公开。"),
        Outcome("withheld_enforcement", "withheld_7", "不予公开", "属于行政执法案卷", f"{_W}第十六条第二款、第三十六条第（三）项",
                "您申请的信息属于行政执法案卷信息，决定不予公开。"),
        Outcome("withheld_inquiry", "withheld_8", "不予公开", "属于行政查询事项", f"{_W}第三十六条第（七）项",
                "您申请的信息属于行政查询事项，有关法律、行政法规对信息的获取有特别规定，请依照有关规定办理。"),
        Outcome("not_held", "unavailable_1", "无法提供", "本机关不掌握相关政府信息", f"{_W}第三十六条第（四）项",
                "经检索，本机关未制作或获取您申请的政府信息，该政府信息不存在。"),
        Outcome("other_agency", "unavailable_1", "无法提供", "不属于本机关负责公开", f"{_W}第三十六条第（五）项",
                "您申请的信息不属于本机关负责公开，请向负责公开该信息的行政机关申请。"),
        Outcome("needs_creation", "unavailable_2", "无法提供", "没有现成信息需要另行制作", f"{_W}第三十八条",
                "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。"),
        Outcome("still_unclear", "unavailable_3", "无法提供", "补正后申请内容仍不明确", f"{_W}第三十条",
                "经补正，您申请的内容仍不明确，本机关无法提供。"),
        Outcome("petition", "not_processed_1", "不予处理", "信访举报投诉类申请（不作为政府信息公开申请处理）", f"{_W}第三十九条第一款",
                "您以政府信息公开申请的形式进行信访、投诉、举报，本机关不作为政府信息公开申请处理，请通过相应渠道提出。"),
        Outcome("repeated", "not_processed_2", "不予处理", "重复申请", f"{_W}第三十六条第（六）项",
                "本机关已就您申请公开的相同政府信息作出答复，不予重复处理。"),
        Outcome("publication", "not_processed_3", "不予处理", "要求提供公开出版物", f"{_W}第三十九条第二款",
                "您申请的内容为公开出版物，现告知获取途径。"),
        Outcome("excessive", "not_processed_4", "不予处理", "无正当理由大量反复申请", f"{_W}第三十五条",
                "您申请公开政府信息的数量、频次明显超过合理范围，且未能说明合理理由，本机关不予处理。"),
        Outcome("confirmation", "not_processed_5", "不予处理", "要求行政机关确认或重新出具已获取信息", f"{_W}第三十八条",
                "您要求本机关确认或重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。"),
        Outcome("no_correction", "other_1", "其他处理", "逾期不补正，不再处理", f"{_W}第三十条",
                "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"),
        Outcome("fee_unpaid", "other_2", "其他处理", "逾期未缴纳费用，不再处理", f"{_W}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
                "您逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请。"),
        Outcome("other", "other_3", "其他处理", "其他", f"{_W}相关规定",
                "本机关对您的申请作出如下处理。"),
    ]
}
# Outcomes the system sets by itself when the applicant lets a deadline pass; staff choose the others.
SYSTEM_OUTCOMES = {"no_correction", "fee_unpaid"}
STAFF_OUTCOME_CHOICES = [(o.code, f"{o.group}：{o.label}") for o in OUTCOMES.values() if o.code not in SYSTEM_OUTCOMES]
OUTCOME_CHOICES = [(o.code, f"{o.group}：{o.label}") for o in OUTCOMES.values()]
