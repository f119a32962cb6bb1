"""Import agencies from a CSV or XLSX file: every row is checked first, every error is
reported with its row number, and nothing is imported when any row is bad."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies import actions
from gongkai.agencies.access import manageable_agencies
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.lib.codes import CodeError, normalize_code, validate_agency_code
from gongkai.lib.tables import TableError, read_records

COLUMNS = {
    "机构全称": "name",
    "简称": "short_name",
    "标识": "slug",
    "机构类型": "kind",
    "上级机构": "parent",
    "统一社会信用代码": "code",
    "机构代码": "code",
    "公开工作机构": "office_name",
    "办公地址": "office_address",
    "邮政编码": "office_postcode",
    "办公时间": "office_hours",
    "联系电话": "office_phone",
    "传真": "office_fax",
    "电子邮箱": "office_email",
    "查阅点名称": "rp_name",
    "查阅点地址": "rp_address",
    "查阅点开放时间": "rp_hours",
}
REQUIRED = ("name", "slug", "kind")
TEMPLATE_HEADER = [
    "机构全称",
    "简称",
    "标识",
    "机构类型",
    "上级机构",
    "统一社会信用代码",
    "公开工作机构",
    "办公地址",
    "邮政编码",
    "办公时间",
    "联系电话",
    "传真",
    "电子邮箱",
    "查阅点名称",
    "查阅点地址",
    "查阅点开放时间",
]
KIND_WORDS = {label: value for value, label in AgencyKind.choices} | {
    value: value for value in AgencyKind.values
}
HEADER_FOR = {f: h for h, f in COLUMNS.items() if h != "机构代码"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row and not self.column:
            return self.message  # about the whole file
        where = f"第{self.row}行" if self.row else "表头"
        return f"{where}{('「' + self.column + '」') if self.column else ''}：{self.message}"


@dataclass
class ImportResult:
    created: list[Agency] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def import_agencies(*, actor: User | None, data: bytes, filename: str) -> ImportResult:
    """Validate and import; on any error nothing is written and the errors are returned."""
    try:
        records, missing = read_records(data, filename, COLUMNS)
    except TableError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    missing_required = [h for h in missing if COLUMNS[h] in REQUIRED]
    if missing_required:
        return ImportResult(errors=[RowError(0, h, "缺少必需的列") for h in missing_required])
    if not records:
        return ImportResult(errors=[RowError(0, "", "文件中没有数据行")])
    try:
        created = _import(actor, records)
    except ImportFailed as failed:
        return ImportResult(errors=failed.errors)
    return ImportResult(created=created)


@transaction.atomic
def _import(actor: User | None, records: list[tuple[int, dict[str, str]]]) -> list[Agency]:
    errors: list[RowError] = []
    allowed = manageable_agencies(actor) if actor is not None else Agency.objects.all()
    by_key: dict[str, Agency] = {}
    for agency in allowed:
        by_key.setdefault(agency.slug, agency)
        by_key.setdefault(agency.name, agency)
    file_slugs: dict[str, int] = {}
    file_codes: dict[str, int] = {}
    existing_slugs = set(Agency.objects.values_list("slug", flat=True))
    existing_codes = set(Agency.objects.exclude(code="").values_list("code", flat=True))

    # First pass: check every row on its own, so every error is reported at once.
    for number, row in records:
        for name in REQUIRED:
            if not row.get(name):
                errors.append(RowError(number, HEADER_FOR[name], "不能为空"))
        kind = row.get("kind", "")
        if kind and kind not in KIND_WORDS:
            errors.append(
                RowError(
                    number,
                    "机构类型",
                    f"「{kind}」不是有效类型，应为人民政府、政府部门、乡镇街道或其他",
                )
            )
        slug = row.get("slug", "")
        if slug:
            if slug in existing_slugs:
                errors.append(RowError(number, "标识", f"「{slug}」已被其他机构使用"))
            elif slug in file_slugs:
                errors.append(RowError(number, "标识", f"与第{file_slugs[slug]}行重复"))
            file_slugs.setdefault(slug, number)
        code = normalize_code(row.get("code", ""))
        if code:
            try:
                validate_agency_code(code)
            except CodeError as exc:
                errors.append(RowError(number, "统一社会信用代码", str(exc)))
            else:
                if code in existing_codes:
                    errors.append(RowError(number, "统一社会信用代码", "该代码已被其他机构使用"))
                elif code in file_codes:
                    errors.append(
                        RowError(number, "统一社会信用代码", f"与第{file_codes[code]}行重复")
                    )
                file_codes.setdefault(code, number)
        if bool(row.get("rp_name")) != bool(row.get("rp_address")):
            errors.append(RowError(number, "查阅点名称", "查阅点名称和地址须同时填写"))
        parent_key = row.get("parent", "")
        if not parent_key and actor is not None and not actor.is_superuser:
            errors.append(RowError(number, "上级机构", "不能为空（只能导入本机关的下级机构）"))
    if errors:
        raise ImportFailed(errors)

    # Second pass: create in file order; a parent may be an earlier row of the file.
    created: list[Agency] = []
    savepoint_errors: list[RowError] = []
    for number, row in records:
        parent_key = row.get("parent", "")
        parent = by_key.get(parent_key) if parent_key else None
        if parent_key and parent is None:
            savepoint_errors.append(
                RowError(
                    number,
                    "上级机构",
                    f"找不到「{parent_key}」（须为您有权管理的机构，或本文件中更靠前的一行）",
                )
            )
            continue
        fields = {
            name: row.get(name, "")
            for name in ("name", "short_name", "slug", "code", *actions.OFFICE_FIELDS)
        }
        try:
            agency = actions.create_agency(
                actor=actor, parent=parent, kind=KIND_WORDS[row["kind"]], **fields
            )
            if row.get("rp_name"):
                actions.add_reading_point(
                    actor=actor,
                    agency=agency,
                    name=row["rp_name"],
                    address=row["rp_address"],
                    hours=row.get("rp_hours", ""),
                )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = HEADER_FOR.get(field_name, "")
                savepoint_errors.extend(RowError(number, column, m) for m in messages)
            continue
        created.append(agency)
        by_key[agency.slug] = agency
        by_key.setdefault(agency.name, agency)
    if savepoint_errors:
        raise ImportFailed(savepoint_errors)  # rolls back every row already created
    return created
