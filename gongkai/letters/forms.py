"""Forms of the letters pages. They check shape only; the services hold the rules."""

from __future__ import annotations

from django import forms

from gongkai.core.idempotency import IdempotentFormMixin
from gongkai.core.models import Agency

from .models import LetterBox, Notification, Rating, TopicKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class LetterForm(IdempotentFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="致信机构", queryset=Agency.objects.order_by("sort_order", "id"), empty_label=None
    )
    box = forms.ChoiceField(label="信箱", choices=LetterBox.choices, initial=LetterBox.SUGGESTION)
    topic_kind = forms.ChoiceField(label="事项类别", choices=TopicKind.choices, initial=TopicKind.FREE)
    topic = forms.CharField(
        label="所涉事项", max_length=200, required=False, help_text="如某项决策草案、政策文件或办事服务的名称，可不填。"
    )
    subject = forms.CharField(label="标题", max_length=120)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    attachments = MultipleFileField(
        label="附件",
        required=False,
        help_text="最多3个，每个不超过10MB；支持PDF、Word文档、JPEG和PNG图片。附件不公开。",
    )
    name = forms.CharField(label="姓名", max_length=60, help_text="仅供办理人员联系您，不会公开。")
    phone = forms.CharField(
        label="联系电话", max_length=40, required=False, help_text="联系电话和电子邮箱至少填写一项，不会公开。"
    )
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请输入有效的电子邮箱地址。"})
    publish_consent = forms.BooleanField(
        label="同意在去除个人信息后公开我的来信和答复",
        required=False,
        help_text="公开前由工作人员审核，不会公开您的姓名和联系方式。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "content", "name"):
            self.fields[name].error_messages["required"] = f"请填写{self.fields[name].label}。"

    def clean(self):
        data = super().clean()
        if (
            not (data.get("phone") or "").strip()
            and not (data.get("email") or "").strip()
            and not self.has_error("email")
        ):
            self.add_error("phone", "联系电话和电子邮箱至少填写一项，以便答复您。")
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=24)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="您对答复的评价", choices=Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="评价意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowupForm(forms.Form):
    text = forms.CharField(label="追问内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(forms.Form):
    unit = forms.CharField(label="承办科室", max_length=60, required=False)


class ReassignForm(forms.Form):
    to_agency = forms.ModelChoiceField(label="转至机构", queryset=Agency.objects.none(), empty_label=None)
    unit = forms.CharField(label="承办科室", max_length=60, required=False)
    reason = forms.CharField(label="转办理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in targets])


class ReplyForm(forms.Form):
    text = forms.CharField(label="答复内容", max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PublicationForm(forms.Form):
    public_subject = forms.CharField(label="公开标题", max_length=120)
    public_content = forms.CharField(label="公开来信内容", widget=forms.Textarea(attrs={"rows": 8}))
    public_reply = forms.CharField(label="公开答复内容", widget=forms.Textarea(attrs={"rows": 8}))


class PreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label="同时通过电子邮件接收",
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
