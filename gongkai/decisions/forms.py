"""Forms of the decisions app: they parse input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.core.idempotency import IdempotentFormMixin

from .models import REGISTRATION_CATEGORIES, AttendeeCategory, SelectionMethod, Channel, Classification, Decision, MeetingKind, QuestionKind, RecordKind

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["title", "year", "department", "summary", "secret", "explanation", "basis", "draft_text"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 5}),
            "basis": forms.Textarea(attrs={"rows": 4}),
            "draft_text": forms.Textarea(attrs={"rows": 12}),
        }


class ConsultationForm(forms.Form):
    opens_on = forms.DateField(label="开始日期", widget=DATE)
    closes_on = forms.DateField(label="截止日期", required=False, widget=DATE, help_text="不填则为开始日期后30日。")
    short_reason = forms.CharField(label="期限少于30日的理由（将公开）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=RecordKind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    summary = forms.CharField(label="情况说明（将公开）", widget=forms.Textarea(attrs={"rows": 3}))
    passed = forms.ChoiceField(
        label="合法性审查结论", required=False, choices=[("", "（非合法性审查不填）"), ("yes", "通过"), ("no", "未通过")]
    )
    file = forms.FileField(label="文件材料", required=False)

    def passed_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("passed") or "")


class DecideForm(forms.Form):
    final_text = forms.CharField(label="决定文本（每行一段）", widget=forms.Textarea(attrs={"rows": 10}))
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    meeting = forms.CharField(label="作出决定的会议", max_length=200, help_text="如：区政府第12次常务会议")
    dissent = forms.CharField(label="不同意见（如有）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    index_number = forms.CharField(label="决策文件的索引号", max_length=40)


class EvaluateForm(forms.Form):
    evaluation = forms.CharField(label="评估结论（将公开）", widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(IdempotentFormMixin, forms.Form):
    """The public comment form (with its hidden idempotency key); the paragraph list comes from the draft."""

    paragraph = forms.TypedChoiceField(label="意见针对", coerce=int, empty_value=None, required=False)
    content = forms.CharField(label="意见内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label="姓名（不公开）", max_length=60)
    phone = forms.CharField(label="手机号码（不公开）", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    show_name = forms.BooleanField(label="公开显示我的姓名", required=False)
    email = forms.EmailField(label="电子邮箱（选填，采纳情况说明发布时通知您）", required=False)
    attachment = forms.FileField(
        label="附件（选填）", required=False,
        help_text="PDF、Word（DOCX）、PNG 或 JPEG，不超过10 MB。附件经个人信息筛查后才公开；图片和含个人信息的文件须人工审核。",
    )

    def __init__(self, *args, paragraphs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", "对草案整体")] + [(p.number, f"第{p.number}段") for p in paragraphs]


class StaffCommentForm(forms.Form):
    channel = forms.ChoiceField(label="来源渠道", choices=[(c.value, c.label) for c in (Channel.LETTER, Channel.EMAIL, Channel.SYMPOSIUM, Channel.PHONE)])
    received_on = forms.DateField(label="收到日期", widget=DATE)
    paragraph = forms.IntegerField(label="针对段号（整体意见不填）", required=False, min_value=1)
    content = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 4}))
    name = forms.CharField(label="提出人姓名", max_length=60)
    phone = forms.CharField(label="联系手机", max_length=20)


class ClassifyForm(forms.Form):
    classification = forms.ChoiceField(label="采纳情况", choices=[("", "请选择")] + list(Classification.choices))
    reason = forms.CharField(label="理由（将公开）", widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=MeetingKind.choices)
    title = forms.CharField(label="会议名称", max_length=200)
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label="地点", max_length=200)
    agenda = forms.CharField(label="议程", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    materials_sent_on = forms.DateField(label="材料送达参会人日期", required=False, widget=DATE)


class AttendeeForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=AttendeeCategory.choices)
    name = forms.CharField(label="姓名", max_length=60)
    organisation = forms.CharField(label="单位", max_length=120, required=False)
    name_public = forms.BooleanField(label="本人同意公开姓名", required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(label="会议纪要（将公开）", widget=forms.Textarea(attrs={"rows": 6}))


class SurveyForm(forms.Form):
    title = forms.CharField(label="问卷标题", max_length=200)
    intro = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    opens_on = forms.DateField(label="开始日期", widget=DATE, initial=timezone.localdate)
    closes_on = forms.DateField(label="截止日期", widget=DATE)
    questions = forms.CharField(
        label="题目（每行一题：题型|题目|选项1;选项2…）",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="题型：单选、多选、量表、排序、文字。例：单选|您是否支持该方案？|支持;不支持;无所谓",
    )

    KINDS = {str(label).split("（")[0]: value for value, label in QuestionKind.choices}

    def clean_questions(self) -> list[dict]:
        out = []
        for n, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = line.split("|")
            if len(parts) < 2 or parts[0].strip() not in self.KINDS:
                raise forms.ValidationError(f"第{n}行格式不正确：应为“题型|题目|选项1;选项2”。")
            out.append({"kind": self.KINDS[parts[0].strip()], "text": parts[1].strip(), "options": parts[2].split(";") if len(parts) > 2 else []})
        if not out:
            raise forms.ValidationError("请至少填写一道题目。")
        return out


class PhoneForm(forms.Form):
    phone = forms.CharField(label="手机号码（仅用于核验，不公开）", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=20)


class RegistrationForm(IdempotentFormMixin, forms.Form):
    name = forms.CharField(label="姓名（不公开，选定后经您同意才公开）", max_length=60)
    phone = forms.CharField(label="手机号码（不公开）", max_length=20)
    email = forms.EmailField(label="电子邮箱（选填，不公开）", required=False)
    category = forms.ChoiceField(label="报名类别", choices=[(k, v) for k, v in AttendeeCategory.choices if k in REGISTRATION_CATEGORIES])
    organisation = forms.CharField(label="单位（选填）", max_length=120, required=False)
    statement = forms.CharField(label="参加理由及拟发表的意见", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)
    name_public = forms.BooleanField(label="如被选定，同意在参加人名单中公开我的姓名", required=False)


class RegistrationCodeForm(forms.Form):
    code = forms.CharField(label="报名查询码", max_length=20)


class RegistrationPeriodForm(forms.Form):
    closes_on = forms.DateField(label="公开报名截止日期", widget=DATE)


class SelectionForm(forms.Form):
    outcome = forms.ChoiceField(label="遴选结果", choices=[("selected", "选定"), ("not_selected", "不予选定")])
    method = forms.ChoiceField(label="遴选方式", choices=SelectionMethod.choices, initial=SelectionMethod.CHOSEN)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class DrawForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=[(k, v) for k, v in AttendeeCategory.choices if k in REGISTRATION_CATEGORIES])
    seats = forms.IntegerField(label="名额", min_value=1, max_value=200)


class PeriodChangeForm(forms.Form):
    closes_on = forms.DateField(label="新的截止日期", widget=DATE)
    reason = forms.CharField(label="延长或重新开放的理由（将公开）", widget=forms.Textarea(attrs={"rows": 2}))
