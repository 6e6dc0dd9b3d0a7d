from django import forms

from .models import ListType


class ImportForm(forms.Form):
    list_type = forms.ModelChoiceField(label="清单类型", queryset=ListType.objects.all(), empty_label="请选择")
    file = forms.FileField(label="Excel 文件（XLSX）", help_text="第1行为列名，与模板一致；每行一个条目")
    change_note = forms.CharField(label="调整说明", max_length=300, required=False, help_text="公开显示，如：依据……调整")


class ReasonForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=300)
