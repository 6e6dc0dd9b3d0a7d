from __future__ import annotations

from django import forms

from gongkai.implementation.models import ImplementationPlan

from .models import NormativeDocument, PlanKind, ResultCategory

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


def _lines(text: str, keys: tuple[str, ...], label: str) -> list[dict]:
    """One record a line, fields separated by | (e.g. 新建高标准农田|1.2|万亩)."""
    rows = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) < 2 or len(parts) > len(keys):
            raise forms.ValidationError(f"{label}第{n}行格式应为：{'|'.join(k for k in keys)}。")
        rows.append(dict(zip(keys, parts + [""] * (len(keys) - len(parts)))))
    return rows


class ResultForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=ResultCategory.choices)
    title = forms.CharField(label="标题", max_length=200)
    reported_on = forms.DateField(label="截至日期", widget=DATE)
    summary = forms.CharField(label="落实情况", widget=forms.Textarea(attrs={"rows": 6}))
    figures = forms.CharField(label="主要数据", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="每行一项：名称|数值|单位，例如 新建高标准农田|1.2|万亩")
    links = forms.CharField(label="证明材料链接", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="每行一项：标题|链接，例如 验收公示|/gk/i/123/")
    disclosure_index = forms.CharField(label="相关公开信息索引号", max_length=40, required=False)
    implementation_plan = forms.ModelChoiceField(label="相关实施方案", queryset=ImplementationPlan.objects.none(), required=False)
    attachment = forms.FileField(label="证明材料文件", required=False, help_text="PDF、Word、Excel 或图片")

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implementation_plan"].queryset = ImplementationPlan.objects.filter(agency_id=agency_id, state="published")

    def clean_figures(self):
        return _lines(self.cleaned_data.get("figures", ""), ("name", "value", "unit"), "主要数据")

    def clean_links(self):
        return _lines(self.cleaned_data.get("links", ""), ("title", "url"), "证明材料链接")


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label="证明材料文件", help_text="PDF、Word、Excel 或图片")
