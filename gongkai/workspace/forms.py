"""Forms of the staff workspace: they parse input; the services decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.core.sanitize import text_to_html
from gongkai.disclosures.models import CatalogColumn, DisclosureMode, ItemVersion, Topic, Validity, VersionState

_HAS_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def tree_choices(queryset: QuerySet, *, blank: str = "请选择") -> list[tuple[Any, str]]:
    """Options of a parent/children tree in reading order, indented by depth."""
    nodes = list(queryset)
    children: dict[int | None, list[Model]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    result: list[tuple[Any, str]] = [("", blank)]

    def walk(parent_id: int | None, depth: int) -> None:
        for node in children.get(parent_id, []):
            result.append((node.pk, "\u3000" * depth + node.name))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return result


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意区分大小写。"),
        "inactive": _("该账号已停用。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update(autocomplete="username")


class VersionForm(forms.Form):
    """Content and metadata of a version, for creating an item or editing a draft."""

    title = forms.CharField(label=_("标题"), max_length=300)
    summary = forms.CharField(
        label=_("内容概述"),
        max_length=100,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 100}),
        help_text=_("不超过100字。"),
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("可直接粘贴纯文本（每行一段），也可填写 HTML；保存时会清除不安全的内容。"),
    )
    column = forms.ModelChoiceField(label=_("公开目录"), queryset=CatalogColumn.objects.all())
    topic = forms.ModelChoiceField(label=_("主题分类"), queryset=Topic.objects.all())
    doc_number = forms.CharField(label=_("文号"), max_length=80, required=False)
    written_on = forms.DateField(
        label=_("成文日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices, initial=Validity.VALID)
    keywords = forms.CharField(
        label=_("主题词"), max_length=200, required=False, help_text=_("多个主题词用空格或逗号分隔。")
    )
    disclosure_mode = forms.ChoiceField(label=_("公开方式"), choices=DisclosureMode.choices, initial=DisclosureMode.PROACTIVE)
    change_note = forms.CharField(
        label=_("修订说明"), max_length=300, required=False, help_text=_("修订版本公开时显示，说明改了什么。")
    )

    def __init__(self, *args: Any, revision: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = tree_choices(CatalogColumn.objects.all())
        self.fields["topic"].choices = tree_choices(Topic.objects.all())
        if not revision:
            del self.fields["change_note"]

    @classmethod
    def initial_from(cls, version: ItemVersion) -> dict[str, Any]:
        return {
            "title": version.title,
            "summary": version.summary,
            "body": version.body,
            "column": version.column_id,
            "topic": version.topic_id,
            "doc_number": version.doc_number,
            "written_on": version.written_on,
            "validity": version.validity,
            "keywords": version.keywords,
            "disclosure_mode": version.disclosure_mode,
            "change_note": version.change_note,
        }

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body") or ""
        # Plain text (no tags) becomes paragraphs; HTML is sanitised by the service.
        if body.strip() and not _HAS_TAG.search(body):
            return text_to_html(body)
        return body


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AttachmentUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("选择文件"),
        help_text=_("可一次选择多个文件；支持 PDF、Word（DOCX）、Excel（XLSX）、PNG、JPEG。"),
        error_messages={"required": _("请选择要上传的文件。")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("定时发布时间格式不正确。")},
    )
    comment = forms.CharField(required=False)


SORTS = {"updated": "updated_at", "-updated": "-updated_at"}


class VersionFilterForm(forms.Form):
    """Filters of the agency's list of versions (GET)."""

    q = forms.CharField(label=_("标题"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", "全部状态"), *VersionState.choices])
    column = forms.ModelChoiceField(label=_("栏目"), required=False, queryset=CatalogColumn.objects.all())
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = tree_choices(CatalogColumn.objects.all(), blank="全部栏目")

    def filter(self, qs: QuerySet[ItemVersion]) -> QuerySet[ItemVersion]:
        data = self.cleaned_data if self.is_valid() else {}
        if q := (data.get("q") or "").strip():
            qs = qs.filter(title__icontains=q)
        if state := data.get("state"):
            qs = qs.filter(state=state)
        if column := data.get("column"):
            qs = qs.filter(column_id__in=column.self_and_descendant_ids())
        return qs.order_by(SORTS.get(data.get("sort") or "-updated", "-updated_at"), "-id")

    @property
    def current_sort(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or "-updated"
