"""What an import file may hold: its fields and headers, the values allowed, the
report returned."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.publishing.models import (
    Channel,
    Document,
)

MAX_ROWS = 100_000
BATCH = 1000

#: field → accepted header texts (the first is the Chinese label used in messages).
FIELDS: dict[str, tuple[str, ...]] = {
    "agency": ("机构标识", "发布机构", "机构", "agency"),
    "title": ("标题", "名称", "title"),
    "body": ("正文", "body"),
    "body_html": ("正文HTML", "body_html"),
    "doc_number": ("发文字号", "文号", "doc_number"),
    "formed_on": ("成文日期", "生成日期", "formed_on"),
    "published_at": ("发布日期", "published_at"),
    "index_no": ("索引号", "index_no"),
    "theme": ("主题分类", "theme"),
    "genre": ("体裁", "体裁分类", "genre"),
    "summary": ("内容概述", "summary"),
    "keywords": ("关键词", "主题词", "keywords"),
    "source": ("信息来源", "source"),
    "column": ("栏目", "column"),
    "validity": ("有效性", "validity"),
    "validity_changed_on": ("失效/废止日期", "失效日期", "validity_changed_on"),
    "is_regulation": ("规章", "is_regulation"),
    "is_normative": ("规范性文件", "行政规范性文件", "is_normative"),
    "issued_on": ("印发日期", "issued_on"),
    "repealed_on": ("废止日期", "repealed_on"),
    "is_policy": ("政策文件", "is_policy"),
    "five_category": ("五公开类别", "five_category"),
    "key_area": ("重点领域", "key_area"),
    "disclosure": ("公开属性", "disclosure"),
    "withhold_ground": ("不公开依据", "withhold_ground"),
    "withhold_reason": ("不公开理由", "withhold_reason"),
    "channels": ("发布渠道", "channels"),
}
LABEL = {name: headers[0] for name, headers in FIELDS.items()}
TEXT_FIELDS = ("title", "doc_number", "summary", "keywords", "source", "withhold_reason")
LIMITS = {
    name: limit
    for name in TEXT_FIELDS
    if (limit := getattr(Document._meta.get_field(name), "max_length", None))
}

CHANNEL_SYNTAX = """\
发布渠道（channels）：用分号分隔多个渠道，每项为 渠道[:说明][@日期]，例如
  weibo;wechat@2018-03-06;gazette:2018-3;reading_point:滨河镇便民服务中心政府信息查阅点
渠道：website 网站、gazette 公报、weibo 微博、wechat 微信、other_media 其他（报刊、
广播电视、新闻网站）、reading_point 查阅点（也可写中文）。说明：公报为期次（2018-3 或
2018年第3期，必填），查阅点为本机构查阅点名称（不填为第一个查阅点），其他渠道为期次或
链接。日期为该渠道发布的日期，不填为发布日期。已发布的主动公开信息总有政府网站渠道。
公报期次属于发布机构所在的人民政府，平台中没有的期次导入时建立为“已出版”。"""

CHANNEL_WORDS: dict[str, str] = (
    {c.value: c.value for c in Channel}
    | {str(c.label): c.value for c in Channel}
    | {
        "网站": Channel.WEBSITE,
        "公报": Channel.GAZETTE,
        "微博": Channel.WEIBO,
        "微信": Channel.WECHAT,
        "其他": Channel.OTHER_MEDIA,
        "其他方式": Channel.OTHER_MEDIA,
        "报刊": Channel.OTHER_MEDIA,
        "广播电视": Channel.OTHER_MEDIA,
        "新闻网站": Channel.OTHER_MEDIA,
        "查阅点": Channel.READING_POINT,
    }
)
TRUE_WORDS = frozenset({"是", "1", "true", "yes", "y", "√", "有"})
FALSE_WORDS = frozenset({"否", "0", "false", "no", "n", "×", "无", ""})

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
)
_TIME = re.compile(r"(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
_CHANNEL_ITEM = re.compile(
    r"^(?P<name>[^:：@]+?)\s*(?:[:：]\s*(?P<detail>.*?))?\s*"
    r"(?:@(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?))?$"
)
_GAZETTE_ISSUE = re.compile(r"^(\d{4})(?:-|年第)(\d{1,3})期?$")
_DATE_HINT = "（应写作 2018-03-05、2018/3/5 或 2018年3月5日）"


@dataclass(frozen=True)
class ImportFile:
    """An uploaded file: its name decides nothing but the JSONL/CSV/XLSX guess."""

    name: str
    data: bytes


@dataclass
class RowError:
    line: int  # 0: about the whole file
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}" if self.line else self.message


@dataclass
class Rejected:
    line: int
    values: dict[str, Any]  # the row as read, keyed by the file's own headers
    errors: list[str]


@dataclass
class ImportReport:
    filename: str
    dry_run: bool = False
    skip_bad: bool = False
    rows: int = 0
    imported: int = 0
    published: int = 0
    drafts: int = 0
    indexed: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pii_hits: int = 0
    pii_lines: list[int] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    unreadable: str = ""

    @property
    def ok(self) -> bool:
        return not self.unreadable and not self.errors

    @property
    def exit_code(self) -> int:
        """0 imported (or valid, with ``dry_run``; bad rows skipped with ``skip_bad``);
        1 refused, nothing written; 2 the file cannot be read."""
        if self.unreadable:
            return 2
        if not self.errors:
            return 0
        good = self.rows - len(self.rejected)
        file_level = any(e.line == 0 for e in self.errors)
        return 0 if self.skip_bad and good > 0 and not file_level else 1

    def summary(self) -> list[str]:
        out: list[str] = []
        if self.unreadable:
            return [f"无法读取文件“{self.filename}”：{self.unreadable}"]
        if self.exit_code == 1:
            out.append(f"文件“{self.filename}”未导入：{len(self.errors)} 处错误，未写入任何数据。")
        elif self.dry_run:
            good = self.rows - len(self.rejected)
            out.append(f"校验完成（未写入）：{self.rows} 行中 {good} 行可以导入。")
        else:
            out.append(
                f"已导入政府信息 {self.imported} 条（已发布 {self.published} 条，"
                f"草稿 {self.drafts} 条），文件“{self.filename}”。"
            )
            if self.indexed:
                out.append(f"已建立全文检索 {self.indexed} 条。")
        if self.rejected and self.exit_code == 0:
            out.append(f"跳过有错误的行 {len(self.rejected)} 行。")
        if self.pii_hits:
            lines = "、".join(str(n) for n in self.pii_lines[:20])
            more = " 等" if len(self.pii_lines) > 20 else ""
            out.append(
                f"警告：{len(self.pii_lines)} 条信息的标题或正文中发现疑似个人信息共 "
                f"{self.pii_hits} 处（第 {lines}{more} 行）。历史发布内容已原样导入，"
                "请逐条核查，必要时撤回后重新发布遮盖后的版本。"
            )
        out.extend(f"警告：{w}" for w in self.warnings)
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "imported": self.imported,
            "published": self.published,
            "drafts": self.drafts,
            "indexed": self.indexed,
            "errors": [{"line": e.line, "message": str(e)} for e in self.errors],
            "rejected_lines": [r.line for r in self.rejected],
            "warnings": self.warnings,
            "pii_hits": self.pii_hits,
            "pii_lines": self.pii_lines,
            "unreadable": self.unreadable,
            "summary": self.summary(),
        }
