"""The search index's own tables; fed only through ``gongkai.search.index_entries``.

``SearchDocument`` holds one row per indexed document: its original text (for
highlighting), the compacted text (for phrase checks) and the filter values. The
full-text part depends on the database and is created by the migration with raw SQL:

- SQLite: the contentless FTS5 table ``search_fts`` (title, body, extra, meta) whose
  rowid is ``docid``; ``terms`` keeps what was indexed, because a contentless table
  can only forget a row when told its exact terms;
- PostgreSQL: a ``tsv tsvector`` column on ``search_document`` with a GIN index.

``docid`` orders documents by publication time (seconds × 2²² plus the key's low
bits), so "newest first" is the full-text index's own order in SQLite; it is the
primary key (SQLite's rowid) and the FTS5 rowid. ``key`` is the document's own key.
"""

from __future__ import annotations

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class RowIdField(models.BigIntegerField):
    """A 64-bit integer primary key that SQLite makes the table's rowid ("integer
    primary key"), so that joining the FTS5 rowid to it is a direct lookup."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class SearchDocument(models.Model):
    docid = RowIdField("检索序号", primary_key=True)
    key = models.BigIntegerField("文件编号", unique=True)
    agency_id = models.BigIntegerField("发布机构")
    agency_path = models.CharField("机构路径", max_length=255)
    column_id = models.BigIntegerField("栏目", null=True, blank=True)
    theme = models.CharField("主题分类", max_length=40, blank=True)
    genre = models.CharField("体裁", max_length=40, blank=True)
    year = models.IntegerField("成文年份")
    validity = models.CharField("效力状态", max_length=20)
    published_at = models.DateTimeField("发布时间")
    # Large columns last, the one read for phrase checks first: SQLite reads a column
    # by walking the row's overflow pages from the start.
    norm = models.TextField("规范化文本", blank=True)
    title = models.TextField("标题")
    body = models.TextField("正文")
    extra = models.TextField("附件文字", blank=True)
    # SQLite only: the indexed terms, compressed, to delete the row from the FTS5 table
    terms = models.BinaryField("索引词", null=True, blank=True)

    class Meta:
        db_table = "search_document"
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"

    def __str__(self) -> str:
        return self.title
