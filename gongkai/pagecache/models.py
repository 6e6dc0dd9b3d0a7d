"""The shared index of cached pages: which page depends on which rows.

A dependency is a table plus equality conditions on its columns, e.g. the comments of decision 7
(`decisions_comment`, decision_id=7), or a whole table when the page read it without such
conditions. Every app server and worker reads and writes these tables, so they agree on what is
cached; the pages themselves are files (see store.py).
"""

from django.db import models


class CachedPage(models.Model):
    """One stored rendering of one path in one display variant (several may exist while a page is re-rendered)."""

    key = models.CharField(max_length=600, db_index=True)  # "<variant><path>", the file's folder below the cache root
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key


class PageTag(models.Model):
    """A page depends on the rows of `table` matching one set of equality conditions (hashed into `key`)."""

    page = models.ForeignKey(CachedPage, on_delete=models.CASCADE, related_name="tags")
    table = models.CharField(max_length=100, db_index=True)
    key = models.CharField(max_length=40, db_index=True)

    def __str__(self) -> str:
        return f"{self.table}:{self.key}"


class TagScheme(models.Model):
    """The column sets pages have used as conditions on a table, so a write knows which keys it touches."""

    table = models.CharField(max_length=100)
    columns = models.CharField(max_length=300)  # comma-separated, sorted; "" = the whole table

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "columns"], name="pagecache_scheme_unique")]

    def __str__(self) -> str:
        return f"{self.table}({self.columns})"


class Generation(models.Model):
    """A counter bumped by every invalidation; a page rendered across a bump is not stored."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
