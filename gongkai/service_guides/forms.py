from __future__ import annotations

from django import forms

from gongkai.core.workflow import WorkflowError

from . import lines
from .models import ServiceType, Theme


class GuideForm(forms.Form):
    code = forms.CharField(label="事项编码", max_length=40, help_text="如：370704-NF-GG-001；建成后不可修改")
    name = forms.CharField(label="事项名称", max_length=200)
    service_type = forms.ChoiceField(label="事项类型", choices=ServiceType.choices)
    themes = forms.ModelMultipleChoiceField(label="服务主题", queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple)
    legal_basis = forms.CharField(label="办事依据", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="每行一条：法律名称｜条款")
    conditions = forms.CharField(label="办理条件", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    steps = forms.CharField(label="办理流程", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="每行一步：步骤名称｜说明")
    materials = forms.CharField(label="申请材料", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                help_text="每行一项：名称｜原件/复印件｜份数｜填写说明（空白表格和示例在保存后上传）")
    fee_free = forms.BooleanField(label="不收费", required=False)
    fee_amount = forms.CharField(label="收费标准", max_length=200, required=False)
    fee_basis = forms.CharField(label="收费依据", max_length=300, required=False)
    statutory_days = forms.IntegerField(label="法定办结时限（工作日）", min_value=0, max_value=365, required=False)
    promised_days = forms.IntegerField(label="承诺办结时限（工作日）", min_value=0, max_value=365, required=False)
    location = forms.CharField(label="办理地点", max_length=300, required=False)
    hours = forms.CharField(label="办理时间", max_length=200, required=False)
    consult_phone = forms.CharField(label="咨询电话", max_length=60, required=False)
    complaint_phone = forms.CharField(label="监督投诉电话", max_length=60, required=False)
    online_url = forms.URLField(label="网上办理地址", required=False, assume_scheme="https")
    faqs = forms.CharField(label="常见问题", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="每行一问：问题｜解答")
    change_note = forms.CharField(label="修订说明", max_length=300, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]

    def _parsed(self, name, parser):
        try:
            return parser(self.cleaned_data.get(name, ""))
        except WorkflowError as err:
            raise forms.ValidationError(err.message) from err

    def clean_legal_basis(self):
        return self._parsed("legal_basis", lines.parse_basis)

    def clean_steps(self):
        return self._parsed("steps", lines.parse_steps)

    def clean_materials(self):
        return self._parsed("materials", lines.parse_materials)

    def clean_faqs(self):
        return self._parsed("faqs", lines.parse_faqs)

    @classmethod
    def initial_from(cls, version) -> dict:
        data = {f: getattr(version, f) for f in (
            "name", "service_type", "conditions", "fee_free", "fee_amount", "fee_basis", "statutory_days", "promised_days",
            "location", "hours", "consult_phone", "complaint_phone", "online_url", "change_note")}
        data["themes"] = list(version.item.themes.values_list("pk", flat=True))
        data["legal_basis"] = lines.basis_text(version.legal_basis)
        data["steps"] = lines.steps_text(version.steps)
        data["faqs"] = lines.faqs_text(version.faqs)
        data["materials"] = lines.materials_text(version.materials.all())
        return data


class MaterialFileForm(forms.Form):
    slot = forms.ChoiceField(choices=[("template", "空白表格"), ("example", "示例样表")], label="类别")
    file = forms.FileField(label="文件")


class ReasonForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=300)
