from __future__ import annotations

from django import forms

from gongkai.core.idempotency import FORM_FIELD, IdempotentFormMixin
from gongkai.core.models import Agency

from .models import ApplicantType, Channel, Delivery
from .outcomes import STAFF_OUTCOME_CHOICES

STAFF_CHANNELS = [c for c in Channel.choices if c[0] != Channel.ONLINE]


class ApplicationForm(IdempotentFormMixin, forms.Form):
    agency = forms.ModelChoiceField(Agency.objects.all(), label="受理机构", empty_label=None)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices,
                                       help_text="自然人，或法人和其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）")
    name = forms.CharField(label="姓名或名称", max_length=100)
    id_number = forms.CharField(label="身份证件号码或统一社会信用代码", max_length=40,
                                help_text="加密保存，仅本机关依申请公开办理人员可见")
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=40)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False, help_text="选择邮寄时必填")
    info_title = forms.CharField(label="所需信息名称", max_length=200, required=False)
    doc_number = forms.CharField(label="文号", max_length=80, required=False)
    description = forms.CharField(label="所需信息的描述", widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="名称、文号或者便于查询的其他特征性描述")
    purpose = forms.CharField(label="用途（选填）", max_length=200, required=False)
    form_wanted = forms.ChoiceField(label="载体形式", choices=[("electronic", "电子文档"), ("paper", "纸质文本")])
    delivery = forms.ChoiceField(label="获取方式", choices=Delivery.choices)


class StaffApplicationForm(ApplicationForm):
    channel = forms.ChoiceField(label="申请方式", choices=STAFF_CHANNELS)
    arrived_on = forms.DateField(label="到达日期", widget=forms.DateInput(attrs={"type": "date"}))
    signed_on = forms.DateField(label="签收日期（挂号信、快递）", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_on = forms.DateField(label="与申请人确认日期（平常信函、传真）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["agency"]
        del self.fields[FORM_FIELD]  # staff register paper applications: no hidden key


class DateReasonForm(forms.Form):
    on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(DateReasonForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    approved_by = forms.ModelChoiceField(queryset=None, label="批准人（机构负责人）")

    def __init__(self, *args, approvers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = approvers


class ConsultForm(DateReasonForm):
    party = forms.ChoiceField(label="征求对象", choices=[("third_party", "第三方"), ("agency", "其他行政机关")])


class FeeForm(DateReasonForm):
    method = forms.ChoiceField(label="计费方式", choices=[("items", "按件计收"), ("pages", "按量计收（页）")])
    count = forms.IntegerField(label="件数或页数", min_value=1)


class ReplyForm(DateReasonForm):
    outcome = forms.ChoiceField(label="处理结果", choices=STAFF_OUTCOME_CHOICES)
    other_agency = forms.CharField(label="负责公开的机关（不属于本机关时填写）", required=False, max_length=120)
    files = forms.FileField(label="提供的政府信息文件", required=False,
                            widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}))


class ReasonsAcceptForm(DateReasonForm):
    """Art. 35: the applicant's reasons (in `reason`) and the working days added to the reply period."""

    days = forms.IntegerField(label="延迟答复的工作日数", min_value=1, help_text="在法定答复期限基础上增加的工作日数，答复期限据此自动计算")
