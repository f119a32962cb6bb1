"""Bulk import of 政府信息 (``gongkai import documents FILE``, the API's ``POST /import``,
the demo and the benchmark all call :func:`import_documents`).

A file is CSV (UTF-8 or GB18030), XLSX or JSONL (one object per line); headers are
Chinese or English (:data:`FIELDS`). Every row is checked first, in Python, with the
rules of :func:`gongkai.publishing.actions.check_rules` and the field limits of the
model; agencies, 栏目, 主题分类, 查阅点 and existing 索引号 are each looked up with one
query for the whole file. A file with any bad row is rejected whole (nothing written)
unless ``skip_bad`` is given, in which case the good rows are imported and the bad ones
are returned for the rejects file.

What a row becomes:

- with 发布日期 (and 主动公开): a published document — it was already made public
  elsewhere, so it does not go through review again; its own 索引号 is kept as it is
  (historical variants of rules.md §5.4 accepted), otherwise one is generated in the
  national form, serials taken per 前段码 and year in blocks; a 政府网站 publication
  plus any channels of the row (:data:`CHANNEL_SYNTAX`); it is search-indexed after
  the commit. No webhooks are sent for historical publications.
- without 发布日期: a draft that goes through 保密审查 and 审批 like any other.

Everything is written with ``bulk_create`` in one transaction, with one audit event for
the file (``publishing.imported``).
"""

from gongkai.publishing.importer.fields import (
    CHANNEL_SYNTAX,
    FIELDS,
    ImportFile,
    ImportReport,
    Rejected,
    RowError,
)
from gongkai.publishing.importer.reading import parse_date, parse_datetime, read_table
from gongkai.publishing.importer.writing import (
    import_documents,
    index_documents,
    take_serials,
    write_rejects,
)

__all__ = [
    "CHANNEL_SYNTAX",
    "FIELDS",
    "ImportFile",
    "ImportReport",
    "Rejected",
    "RowError",
    "import_documents",
    "index_documents",
    "parse_date",
    "parse_datetime",
    "read_table",
    "take_serials",
    "write_rejects",
]
