"""Writing the checked rows: documents, 索引号, publications, the audit event, the
search index; and the rejects file."""

from __future__ import annotations

import csv
import datetime
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.events import record_event
from gongkai.lib.tables import TableError
from gongkai.publishing import indexno
from gongkai.publishing.importer.checking import (
    _Channel,
    _check,
    _Lookups,
    _lookups,
    _Row,
    _texts_of,
)
from gongkai.publishing.importer.fields import (
    BATCH,
    LABEL,
    ImportFile,
    ImportReport,
    Rejected,
    RowError,
)
from gongkai.publishing.importer.reading import (
    HEADER_FIELDS,
    Table,
    _header_key,
    _text,
    read_table,
)
from gongkai.publishing.models import (
    Channel,
    Column,
    Document,
    GazetteIssue,
    GazetteStatus,
    IndexSerial,
    Publication,
    Status,
)

# --- the import ------------------------------------------------------------------------


def import_documents(
    rows_or_path: str | os.PathLike[str] | ImportFile | Iterable[Mapping[str, Any]],
    *,
    actor: User | None,
    default_agency: Agency | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Check and import a file (a path or an :class:`ImportFile`) or rows (mappings
    keyed by field names or headers). Never raises for bad input: the report says."""
    if isinstance(rows_or_path, ImportFile | str | os.PathLike):
        if isinstance(rows_or_path, ImportFile):
            name, data = rows_or_path.name, rows_or_path.data
        else:
            path = Path(rows_or_path)
            name = path.name
            try:
                data = path.read_bytes()
            except OSError as exc:
                return ImportReport(name, unreadable=f"无法打开文件（{exc.strerror}）")
        report = ImportReport(name, dry_run=dry_run, skip_bad=skip_bad)
        try:
            table = read_table(name, data)
        except TableError as exc:
            report.unreadable = str(exc)
            return report
    else:
        report = ImportReport("接口提交的数据", dry_run=dry_run, skip_bad=skip_bad)
        given = [dict(r) for r in rows_or_path]
        header = list(dict.fromkeys(k for r in given for k in r))
        table = Table(header, [(n, r) for n, r in enumerate(given, start=1)])
    report.header = table.header
    report.rows = len(table.rows)
    _run(table, report, actor, default_agency)
    return report


def _run(
    table: Table, report: ImportReport, actor: User | None, default_agency: Agency | None
) -> None:
    mapping: dict[str, str] = {}
    for header in table.header:
        name = HEADER_FIELDS.get(_header_key(header))
        if name is None:
            report.warnings.append(f"未识别的列“{header}”，已忽略")
        elif name in mapping.values():
            report.warnings.append(f"列“{header}”与前面的列重复，已忽略")
        else:
            mapping[header] = name
    if not table.rows:
        report.errors.append(RowError(0, "文件中没有数据行"))
        return
    missing = [LABEL[n] for n in ("title", "formed_on") if n not in mapping.values()]
    if "agency" not in mapping.values() and default_agency is None:
        missing.insert(0, LABEL["agency"])
    if missing:
        report.errors.append(RowError(0, f"缺少必需的列：{'、'.join(missing)}"))
        return
    broken = {e.line: e for e in table.broken}
    records = [
        {name: _text(values.get(header)) for header, name in mapping.items()}
        for _, values in table.rows
    ]
    look = _lookups(records, actor, default_agency)
    now = timezone.now()
    good: list[_Row] = []
    first_line: dict[str, int] = {}
    with _texts_of(records) as texts:  # bodies and the personal-data scan, in parallel
        checked = [
            (None, [broken[line].message])
            if line in broken
            else _check(line, record, look, default_agency, actor, now)
            for (line, _), record in zip(table.rows, records, strict=True)
        ]
        for (row, _), (body_html, body_text, pii) in zip(checked, texts, strict=True):
            if row is not None:
                row.document.body_html, row.document.body_text, row.pii = body_html, body_text, pii
    for (line, values), record, (row, errors) in zip(table.rows, records, checked, strict=True):
        number = record.get("index_no", "")
        if number and number in first_line:
            errors.append(f"索引号“{number}”与第{first_line[number]}行重复")
            row = None
        elif number:
            first_line[number] = line
        if errors:
            report.errors.extend(RowError(line, message) for message in errors)
            report.rejected.append(Rejected(line, values, errors))
        elif row is not None:
            good.append(row)
            if row.pii:
                report.pii_hits += row.pii
                report.pii_lines.append(line)
    if report.errors and not report.skip_bad:
        return
    if report.dry_run or not good:
        return
    try:
        documents = _write(good, look, actor, report)
    except indexno.IndexNumberError as exc:
        report.errors.append(RowError(0, f"{exc}，未写入任何数据"))
        return
    except IntegrityError:
        report.errors.append(
            RowError(0, "保存时发生冲突（可能有人同时导入了相同的索引号），未写入任何数据，请重试")
        )
        return
    report.document_ids = [d.pk for d in documents]
    report.imported = len(documents)
    report.published = sum(1 for d in documents if d.status == Status.PUBLISHED)
    report.drafts = report.imported - report.published


@transaction.atomic
def _write(
    rows: list[_Row], look: _Lookups, actor: User | None, report: ImportReport
) -> list[Document]:
    documents = [r.document for r in rows]
    given = [d.index_no for r in rows if r.index_given and (d := r.document).index_no]
    indexno.reserve_imported(given)
    _number([d for d in documents if d.status == Status.PUBLISHED and not d.index_no])
    Document.objects.bulk_create(documents, batch_size=BATCH)
    Publication.objects.bulk_create(_publications(rows, look, actor), batch_size=BATCH)
    _touch_columns(documents)
    agencies = list(dict.fromkeys(d.agency for d in documents))
    published = sum(1 for d in documents if d.status == Status.PUBLISHED)
    ids = sorted(d.pk for d in documents)
    record_event(
        actor=actor,
        obj=agencies[0],
        action="publishing.imported",
        summary=f"导入政府信息 {len(documents)} 条（文件 {report.filename[:120]}）",
        changes={
            "file": {"label": "文件", "before": None, "after": report.filename},
            "imported": {"label": "导入条数", "before": None, "after": len(documents)},
            "published": {"label": "其中已发布", "before": None, "after": published},
            "agencies": {
                "label": "发布机构",
                "before": None,
                "after": "、".join(a.name for a in agencies[:10])
                + (f" 等 {len(agencies)} 个" if len(agencies) > 10 else ""),
            },
            "ids": {"label": "信息编号", "before": None, "after": f"{ids[0]}–{ids[-1]}"},
        },
        agency=agencies[0] if len(agencies) == 1 else _common_ancestor(agencies),
    )
    public = [d for d in documents if d.status == Status.PUBLISHED and d.is_public]
    transaction.on_commit(lambda: _after_import(public, report))
    return documents


def take_serials(prefix: str, year: int, count: int) -> range:
    """``count`` consecutive 索引号 serials of ``prefix`` and ``year``, taken with one
    atomic ``UPDATE`` (the counter row stays locked until the transaction ends)."""
    IndexSerial.objects.get_or_create(prefix=prefix, year=year)
    IndexSerial.objects.filter(prefix=prefix, year=year).update(last=F("last") + count)
    last = IndexSerial.objects.values_list("last", flat=True).get(prefix=prefix, year=year)
    if last > indexno.MAX_SERIAL:
        raise indexno.IndexNumberError(
            f"{prefix} {year}年的索引号顺序号已用完（最多 {indexno.MAX_SERIAL} 个）"
        )
    return range(last - count + 1, last + 1)


def _number(documents: list[Document]) -> None:
    """National-form 索引号 for published documents that came without one, in the order
    they were published."""
    groups: dict[tuple[str, int], list[Document]] = defaultdict(list)
    for document in documents:
        year = _published_on(document).year
        groups[(indexno.prefix_for(document.agency), year)].append(document)
    for (prefix, year), group in groups.items():
        group.sort(key=lambda d: d.published_at or d.formed_on)
        for document, serial in zip(group, take_serials(prefix, year, len(group)), strict=True):
            document.index_no = f"{prefix}/{year}-{serial:05d}"


def _publications(rows: list[_Row], look: _Lookups, actor: User | None) -> list[Publication]:
    wanted: dict[tuple[int, int, int], datetime.date] = {}
    for row in rows:
        for channel in row.channels:
            if channel.gazette is not None:
                day = channel.day or _published_on(row.document)
                issue_key = (look.gazette_agency[row.document.agency_id].pk, *channel.gazette)
                wanted[issue_key] = min(day, wanted.get(issue_key, day))
    issues: dict[tuple[int, int, int], GazetteIssue] = {}
    if wanted:
        agency_ids = {k[0] for k in wanted}
        for found in GazetteIssue.objects.filter(
            agency_id__in=agency_ids, year__in={k[1] for k in wanted}
        ):
            issues[(found.agency_id, found.year, found.number)] = found
        missing = [
            GazetteIssue(
                agency_id=key[0],
                year=key[1],
                number=key[2],
                status=GazetteStatus.PUBLISHED,
                published_on=day,
            )
            for key, day in wanted.items()
            if key not in issues
        ]
        for created in GazetteIssue.objects.bulk_create(missing):
            issues[(created.agency_id, created.year, created.number)] = created
    out: list[Publication] = []
    for row in rows:
        document = row.document
        if document.status != Status.PUBLISHED or not document.is_public:
            continue
        day = _published_on(document)
        listed = {c.channel: c for c in row.channels}
        website = listed.get(Channel.WEBSITE) or _Channel(Channel.WEBSITE, "", None)
        for channel in [website, *(c for c in row.channels if c.channel != Channel.WEBSITE)]:
            issue: GazetteIssue | None = None
            if channel.gazette is not None:
                issue = issues[(look.gazette_agency[document.agency_id].pk, *channel.gazette)]
            out.append(
                Publication(
                    document=document,
                    channel=channel.channel,
                    published_on=channel.day or day,
                    reference=channel.reference,
                    gazette_issue=issue,
                    reading_point=channel.reading_point,
                    recorded_by=actor,
                )
            )
    return out


def _published_on(document: Document) -> datetime.date:
    if document.published_at is None:
        raise ValueError("not a published document")
    return timezone.localtime(document.published_at).date()


def _touch_columns(documents: list[Document]) -> None:
    latest: dict[int, datetime.datetime] = {}
    for d in documents:
        if d.column_id is not None and d.published_at is not None and d.is_public:
            latest[d.column_id] = max(d.published_at, latest.get(d.column_id, d.published_at))
    for column_id, when in latest.items():
        Column.objects.filter(
            Q(last_published_at__isnull=True) | Q(last_published_at__lt=when), pk=column_id
        ).update(last_published_at=when)


def _common_ancestor(agencies: list[Agency]) -> Agency:
    """The agency the import event is filed under when rows belong to several: the
    first agency whose subtree holds them all, else the first agency."""
    for agency in sorted(agencies, key=lambda a: len(a.path)):
        if all(a.path.startswith(agency.path) for a in agencies):
            return agency
    return agencies[0]


def _after_import(documents: list[Document], report: ImportReport) -> None:
    from gongkai.publishing.effects import invalidate_public_pages

    report.indexed = index_documents(documents)
    invalidate_public_pages()


def index_documents(documents: list[Document]) -> int:
    """Search-index freshly imported documents (they have no attachments yet). One call,
    so the search app prepares the batches in its worker processes."""
    from gongkai.search import Entry, index_entries

    return index_entries(
        Entry(
            key=d.pk,
            title=d.title,
            body=d.body_text,
            extra="",
            agency_id=d.agency_id,
            agency_path=d.agency.path,
            column_id=d.column_id,
            theme=d.theme.code if d.theme is not None else "",
            genre=str(d.genre),  # plain str, not the enum: entries are pickled to workers
            year=d.formed_on.year,
            validity=str(d.validity),
            published_at=d.published_at,
        )
        for d in documents
        if d.published_at is not None
    )


# --- the rejects file -------------------------------------------------------------------


def write_rejects(report: ImportReport, path: str | os.PathLike[str]) -> None:
    """The bad rows as they were read, with an extra 错误 column: JSON lines when
    ``path`` ends in ``.jsonl``, otherwise CSV (UTF-8 with BOM, for Excel)."""
    target = Path(path)
    if target.suffix.lower() in (".jsonl", ".ndjson"):
        with target.open("w", encoding="utf-8") as out:
            for rejected in report.rejected:
                values = {k: _jsonable(v) for k, v in rejected.values.items()}
                values["错误"] = "；".join(rejected.errors)
                out.write(json.dumps(values, ensure_ascii=False) + "\n")
        return
    header = list(dict.fromkeys([*report.header, *(k for r in report.rejected for k in r.values)]))
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([*header, "错误"])
        for rejected in report.rejected:
            writer.writerow(
                [_text(rejected.values.get(h)) for h in header] + ["；".join(rejected.errors)]
            )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return _text(value)
    return value
