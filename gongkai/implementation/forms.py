"""Staff forms of execution openness; they only shape input, the services hold the rules."""

from __future__ import annotations

from django import forms

from gongkai.core.models import Agency

from .models import CaseType

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    subject_title = forms.CharField(label="所属决策或重大任务", max_length=200, help_text="决策名称或重大任务名称")
    subject_url = forms.CharField(label="决策或任务链接", max_length=300, required=False, help_text="例如 /gk/i/123/")
    goals = forms.CharField(label="目标任务", widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(label="主要措施", widget=forms.Textarea(attrs={"rows": 4}))
    supervision_method = forms.CharField(label="监督方式", widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=Agency.objects.all())
    cooperating_units = forms.ModelMultipleChoiceField(label="配合单位", queryset=Agency.objects.all(), required=False)


class StepForm(forms.Form):
    title = forms.CharField(label="步骤", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    due_on = forms.DateField(label="完成时限", widget=DATE)
    unit = forms.ModelChoiceField(label="责任单位", queryset=Agency.objects.all())


class UpdateForm(forms.Form):
    as_of = forms.DateField(label="进展截至", widget=DATE)
    narrative = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 5}))
    problems = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    follow_up = forms.CharField(label="后续举措", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.FileField(label="证明材料", required=False, help_text="PDF、Word、Excel 或图片")

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for s in self.steps:
            self.fields[f"step_{s.pk}"] = forms.IntegerField(label=f"“{s.title}”完成百分比", min_value=0, max_value=100, required=False)

    def percents(self) -> dict[int, int]:
        return {s.pk: self.cleaned_data[f"step_{s.pk}"] for s in self.steps if self.cleaned_data.get(f"step_{s.pk}") is not None}


class InspectionForm(forms.Form):
    title = forms.CharField(label="督查名称", max_length=200)
    inspector = forms.CharField(label="督查单位", max_length=120)
    inspected_on = forms.DateField(label="督查日期", widget=DATE)
    scope = forms.CharField(label="督查范围", widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(forms.Form):
    problem = forms.CharField(label="发现问题", widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(label="整改时限", widget=DATE)
    responsible_unit = forms.ModelChoiceField(label="责任单位", queryset=Agency.objects.all())


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label="问责类型", choices=CaseType.choices)
    unit = forms.ModelChoiceField(label="被问责单位", queryset=Agency.objects.all())
    facts = forms.CharField(label="主要问题", widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(label="问责措施", max_length=200)
    decided_on = forms.DateField(label="问责日期", widget=DATE)
    person_name = forms.CharField(label="被问责人员", max_length=60, required=False)
    publish_name = forms.BooleanField(label="依规定公开人员姓名", required=False)


class ActionForm(forms.Form):
    action = forms.CharField(max_length=30)
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label="整改情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="证明材料", required=False)
