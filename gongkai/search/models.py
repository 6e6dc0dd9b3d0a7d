"""The search index's own tables.

SearchDocument holds, for each item the public can see, the text that is searched and the fields
that filter, sort and show results. The backend keeps its token index beside it (an FTS5 table on
SQLite, a tsvector column with a GIN index on PostgreSQL); only gongkai.search.backends knows which.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One public item as indexed: what filters, sorts and shows a result (its long text is in SearchText)."""

    item = models.OneToOneField(
        "disclosures.DisclosureItem", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version_id = models.BigIntegerField(_("已索引版本"))  # compared with the live version by the repair task
    # Publication order, unique: (publication time in seconds << 24) | low 24 bits of the item id.
    # The SQLite token index uses it as its rowid, so "newest first" is its natural order.
    sort_key = models.BigIntegerField(unique=True)
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey("disclosures.CatalogColumn", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("disclosures.Topic", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("发布年份"))
    validity = models.CharField(_("有效性"), max_length=20)
    published_at = models.DateTimeField(_("发布日期"))
    index_number = models.CharField(_("索引号"), max_length=40, db_index=True)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    agency_name = models.CharField(_("发布机构"), max_length=120)
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["-published_at"], name="search_doc_published")]
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")

    def __str__(self) -> str:
        return self.title


class SearchText(models.Model):
    """The long text of a search document, kept apart so that counting and filtering thousands of
    matches reads narrow rows; read only for the snippets of one page of results."""

    document = models.OneToOneField(SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="text")
    body = models.TextField(_("正文"), blank=True)  # summary and body as plain text
    attachments = models.TextField(_("附件文本"), blank=True)

    class Meta:
        verbose_name = _("检索文本")
        verbose_name_plural = _("检索文本")

    def __str__(self) -> str:
        return str(self.document_id)


class PendingUpdate(models.Model):
    """An index update that failed; the repair task retries it (the item is stale in the index until then)."""

    item_id = models.BigIntegerField(unique=True)
    failed_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=1)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("待修复的索引更新")
        verbose_name_plural = _("待修复的索引更新")

    def __str__(self) -> str:
        return f"item {self.item_id}"


class SynonymGroup(models.Model):
    """Words that mean the same to a searcher (农发, 农业综合开发): a search for one finds all."""

    words = models.CharField(
        _("同义词"), max_length=300, help_text=_("用空格、逗号或顿号分隔，例如：农发 农业综合开发")
    )
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("同义词组")
        verbose_name_plural = _("同义词组")

    def __str__(self) -> str:
        return " ↔ ".join(self.word_list())

    def word_list(self) -> list[str]:
        import re

        return [w for w in re.split(r"[\s,，、;；]+", self.words) if w]


class UserWord(models.Model):
    """A word the segmenter must keep whole (local names such as 坊子区); changing the list reindexes."""

    word = models.CharField(_("词语"), max_length=40, unique=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("分词词典词语")
        verbose_name_plural = _("分词词典")

    def __str__(self) -> str:
        return self.word

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.word = (self.word or "").strip()
        if not self.word or any(ch.isspace() for ch in self.word):
            raise ValidationError({"word": _("词语不能为空，也不能包含空格。")})


class PopularSearch(models.Model):
    """How often a query that found something was searched; offered as a suggestion when a search finds nothing."""

    query = models.CharField(_("检索词"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("检索次数"), default=0)
    last_results = models.PositiveIntegerField(_("最近结果数"), default=0)
    last_searched_at = models.DateTimeField(_("最近检索时间"), auto_now=True)
    hidden = models.BooleanField(_("不推荐"), default=False, help_text=_("勾选后不再作为热门检索推荐"))
    pinned = models.BooleanField(_("固定推荐"), default=False, help_text=_("勾选后总是作为推荐检索词"))

    class Meta:
        ordering = ["-pinned", "-count"]
        verbose_name = _("热门检索")
        verbose_name_plural = _("热门检索")

    def __str__(self) -> str:
        return self.query
