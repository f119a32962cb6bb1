"""The search tables. The full-text part is raw SQL chosen by database vendor:
a contentless FTS5 table on SQLite, a tsvector column with a GIN index on
PostgreSQL (built from pre-segmented terms, never by PostgreSQL's text-search parser)."""

from django.db import migrations, models

import gongkai.search.models

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, extra, meta, content='', "
    "detail=full, tokenize='unicode61 remove_diacritics 0')",
    # pending terms kept in memory before a segment is written (default 1 MB): bulk
    # loads write fewer, larger segments and merge less
    "INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 16777216)",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_FORWARD = [
    "ALTER TABLE search_document ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


POSTGRES_LZ4 = (
    "ALTER TABLE search_document ALTER COLUMN tsv SET COMPRESSION lz4, "
    "ALTER COLUMN norm SET COMPRESSION lz4, ALTER COLUMN body SET COMPRESSION lz4, "
    "ALTER COLUMN extra SET COMPRESSION lz4"
)


def _has_lz4(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings "
            "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def create_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
        if _has_lz4(schema_editor):
            # compressing the large values with lz4 rather than pglz makes bulk
            # loading ~30% faster and reading them back (ranking, phrases) cheaper
            _run(schema_editor, [POSTGRES_LZ4])


def drop_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "docid",
                    gongkai.search.models.RowIdField(
                        primary_key=True, serialize=False, verbose_name="检索序号"
                    ),
                ),
                ("key", models.BigIntegerField(unique=True, verbose_name="文件编号")),
                ("agency_id", models.BigIntegerField(verbose_name="发布机构")),
                ("agency_path", models.CharField(max_length=255, verbose_name="机构路径")),
                ("column_id", models.BigIntegerField(blank=True, null=True, verbose_name="栏目")),
                ("theme", models.CharField(blank=True, max_length=40, verbose_name="主题分类")),
                ("genre", models.CharField(blank=True, max_length=40, verbose_name="体裁")),
                ("year", models.IntegerField(verbose_name="成文年份")),
                ("validity", models.CharField(max_length=20, verbose_name="效力状态")),
                ("published_at", models.DateTimeField(verbose_name="发布时间")),
                ("norm", models.TextField(blank=True, verbose_name="规范化文本")),
                ("title", models.TextField(verbose_name="标题")),
                ("body", models.TextField(verbose_name="正文")),
                ("extra", models.TextField(blank=True, verbose_name="附件文字")),
                ("terms", models.BinaryField(blank=True, null=True, verbose_name="索引词")),
            ],
            options={
                "verbose_name": "检索文档",
                "verbose_name_plural": "检索文档",
                "db_table": "search_document",
            },
        ),
        migrations.RunPython(create_fulltext, drop_fulltext, elidable=False),
    ]
