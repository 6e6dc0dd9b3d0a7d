from __future__ import annotations

from django import forms

from gongkai.disclosures.models import DisclosureItem

from .models import SECTIONS, Form


class PolicyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DisclosureItem) -> str:
        title = obj.live_version.title if obj.live_version_id else "（未发布）"
        return f"{title}（{obj.index_number}）"


class InterpretationForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    form = forms.ChoiceField(label="解读形式", choices=Form.choices)
    policies = PolicyChoiceField(label="解读的政策文件", queryset=DisclosureItem.objects.none(), help_text="可多选")
    interpreter = forms.CharField(label="解读人（职务）", max_length=100, required=False, help_text="如：主要负责人（第一解读人）")
    event_on = forms.DateField(label="发布会或访谈日期", required=False, help_text="格式：2026-05-08")
    media_url = forms.URLField(label="视频或图解链接", required=False, assume_scheme="https")
    summary = forms.CharField(label="内容（非文字解读：说明、问答或文章正文）", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, policies_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policies"].queryset = policies_qs if policies_qs is not None else DisclosureItem.objects.none()
        self.fields["policies"].widget.attrs["size"] = 8
        for name, label in SECTIONS:
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="文字解读必填"
            )

    @classmethod
    def initial_from(cls, interpretation) -> dict:
        data = {name: getattr(interpretation, name) for name in ("title", "form", "interpreter", "event_on", "media_url", "summary")}
        data.update({name: getattr(interpretation, name) for name, _label in SECTIONS})
        data["policies"] = list(interpretation.policies.values_list("pk", flat=True))
        return data


class ReasonForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=300)


class PlanForm(forms.Form):
    needs_interpretation = forms.BooleanField(label="该文件需要解读", required=False)
    plan = forms.CharField(
        label="解读方案", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="解读形式、解读人、发布渠道和时间安排；随文件一并报签",
    )


class FormFilter(forms.Form):
    form = forms.ChoiceField(label="解读形式", choices=[("", "全部形式"), *Form.choices], required=False)
