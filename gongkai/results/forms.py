from __future__ import annotations

from django import forms

from .models import NormativeDocument, PlanKind

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.Form):
    title = forms.CharField(label="规划名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=PlanKind.choices)
    start_year = forms.IntegerField(label="起始年份", min_value=1950, max_value=2100)
    end_year = forms.IntegerField(label="目标年份", min_value=1950, max_value=2100)
    summary = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    workbook = forms.FileField(label="指标表（.xlsx）", help_text="请先导出本规划的指标表，在其中修改后导入。")


class DocumentForm(forms.Form):
    title = forms.CharField(label="文件名称", max_length=200)
    doc_number = forms.CharField(label="发文字号", max_length=60, required=False)
    written_on = forms.DateField(label="成文日期", widget=DATE)
    effective_on = forms.DateField(label="施行日期", widget=DATE)
    validity_years = forms.IntegerField(label="有效期（年）", min_value=1, max_value=10, help_text="一般5年；暂行、试行1至2年。")
    amends = forms.ModelChoiceField(label="修改的文件", queryset=NormativeDocument.objects.none(), required=False)
    repeals = forms.ModelChoiceField(label="废止的文件", queryset=NormativeDocument.objects.none(), required=False)
    item_url = forms.CharField(label="全文链接", max_length=300, required=False)

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = NormativeDocument.objects.filter(agency_id=agency_id, state="published")
        self.fields["amends"].queryset = qs
        self.fields["repeals"].queryset = qs


class BudgetImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=(("budget", "部门预算"), ("final", "部门决算")))
    workbook = forms.FileField(label="预决算表（.xlsx）", help_text="每张标准表一个工作表，另加“说明”工作表；可先导出已有年度的表格作为模板。")


class EvaluationForm(forms.Form):
    title = forms.CharField(label="评估名称", max_length=200)
    subject_title = forms.CharField(label="所评估的决策", max_length=200)
    subject_url = forms.CharField(label="决策链接", max_length=300, required=False)
    evaluator = forms.CharField(label="评估机构", max_length=120)
    third_party = forms.BooleanField(label="第三方评估", required=False, initial=True)
    method = forms.CharField(label="评估方法", widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.DateField(label="评估期间自", widget=DATE)
    period_end = forms.DateField(label="评估期间至", widget=DATE)
    conclusions = forms.CharField(label="评估结论", widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    response = forms.CharField(label="采纳和整改情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report = forms.FileField(label="评估报告（PDF 或 Word）", required=False)
