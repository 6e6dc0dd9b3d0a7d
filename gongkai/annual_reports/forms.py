from django import forms

from .models import AnnualReport
from .services import COUNT_FIELDS, TEXT_FIELDS


class ReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [*TEXT_FIELDS, *COUNT_FIELDS, "fees_wan"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in TEXT_FIELDS}


class StartForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
