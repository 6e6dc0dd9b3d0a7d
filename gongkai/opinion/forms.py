"""Forms of the opinion pages (shape only; services hold the rules)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.core.models import Agency
from gongkai.disclosures.models import DisclosureItem

from .models import AnalysisReport, Grade, PressConference, Statement

DT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class IncidentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    grade = forms.ChoiceField(label="等级", choices=Grade.choices, initial=Grade.GENERAL)
    topic = forms.CharField(label="话题", max_length=60, required=False)
    discovered_at = forms.DateTimeField(
        label="发现时间", widget=DT_WIDGET, input_formats=DT_FORMATS, help_text="时限从此时刻起算。"
    )
    source_url = forms.URLField(label="来源链接", required=False, max_length=500, assume_scheme="https")
    summary = forms.CharField(label="舆情摘要", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("discovered_at", timezone.localtime().replace(second=0, microsecond=0))


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label="等级", choices=Grade.choices)
    reason = forms.CharField(label="理由", max_length=500)


class AssignDownForm(forms.Form):
    to_agency = forms.ModelChoiceField(label="交办机构", queryset=Agency.objects.none(), empty_label=None)
    reason = forms.CharField(label="交办说明", max_length=500)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["to_agency"].queryset = Agency.objects.filter(pk__in=agency.descendant_ids() - {agency.pk})


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500)


class StatementForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Statement.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 6}))


class PolicyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DisclosureItem) -> str:
        return f"{obj.live_version.title}（{obj.index_number}）"


class ConferenceForm(forms.Form):
    kind = forms.ChoiceField(label="形式", choices=PressConference.Kind.choices)
    title = forms.CharField(label="主题", max_length=200)
    scheduled_at = forms.DateTimeField(label="时间", widget=DT_WIDGET, input_formats=DT_FORMATS)
    place = forms.CharField(label="地点", max_length=120, required=False)
    first_spokesperson = forms.CharField(
        label="第一新闻发言人", max_length=60, help_text="主要负责同志，如“区长 张某某”。"
    )
    other_spokespersons = forms.CharField(label="其他发言人", max_length=300, required=False)
    media = forms.CharField(label="出席媒体", max_length=500, required=False)
    incidents = forms.ModelMultipleChoiceField(
        label="关联舆情", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    policies = PolicyChoiceField(
        label="关联政策",
        queryset=DisclosureItem.objects.none(),
        required=False,
        help_text="本机构及下级机构已发布的政府信息，可多选（按住 Ctrl 键）。",
    )
    related_links = forms.CharField(
        label="其他站内链接", widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="每行一个，以 / 开头。"
    )

    def __init__(self, *args, incidents=None, policies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incidents"].queryset = incidents
        self.fields["policies"].queryset = policies if policies is not None else DisclosureItem.objects.none()
        self.fields["policies"].widget.attrs["size"] = 8


class HoldForm(forms.Form):
    held_at = forms.DateTimeField(label="召开时间", widget=DT_WIDGET, input_formats=DT_FORMATS)
    summary = forms.CharField(label="发布内容", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    video_url = forms.URLField(label="视频链接", required=False, assume_scheme="https")


class QuestionForm(forms.Form):
    outlet = forms.CharField(label="提问媒体", max_length=120)
    question = forms.CharField(label="提问", widget=forms.Textarea(attrs={"rows": 2}))
    answerer = forms.CharField(label="回答人", max_length=60)
    answer = forms.CharField(label="回答", widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    period = forms.ChoiceField(label="周期", choices=AnalysisReport.Period.choices)
    day = forms.DateField(
        label="所含日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="生成该日所在周或月的报告。"
    )
    district = forms.BooleanField(label="全区报告", required=False)
    comment = forms.CharField(label="研判意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PhotoForm(forms.Form):
    upload = forms.FileField(label="照片（PNG 或 JPEG，不超过10 MB）", widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}))
    alt = forms.CharField(
        label="替代文本", max_length=200, help_text="描述照片内容，如“发言人在发布会上介绍高标准农田建设进展”。"
    )
    caption = forms.CharField(label="图片说明（可选）", max_length=200, required=False)
