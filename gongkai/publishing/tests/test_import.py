"""Bulk import of documents: ``import_documents`` and ``gongkai import documents``."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies import actions as agency_actions
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.publishing import indexno
from gongkai.publishing.catalogue import create_column
from gongkai.publishing.importer import import_documents
from gongkai.publishing.models import (
    Channel,
    Document,
    GazetteIssue,
    IndexSerial,
    Publication,
    Status,
    Validity,
)

HEADER = ["机构标识", "标题", "正文", "发文字号", "成文日期", "发布日期", "索引号", "发布渠道"]
FAKE_ID = "11010519491231002X"  # a checksum-valid made-up ID number


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def row(
    agency: str = "spt-binhe",
    title: str = "滨河镇2024年第三季度城乡低保资金发放情况公示",
    formed: str = "2024-09-02",
    published: str = "2024-09-05",
    index_no: str = "",
    channels: str = "",
    number: str = "",
    body: str = "现将本镇低保资金发放情况公示如下。",
) -> list[str]:
    return [agency, title, body, number, formed, published, index_no, channels]


def prefix(agency: Agency) -> str:
    return indexno.prefix_for(agency)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_good_csv_imports_published_documents_and_drafts_with_one_audit_event(
    tmp_path: Path, binhe: Agency, wenchang: Agency
) -> None:
    path = write_csv(
        tmp_path / "docs.csv",
        [
            row(published="2024-09-05 10:30", channels="weibo;wechat@2024-09-06"),
            row(
                agency=wenchang.code,
                title="文昌镇关于做好2024年秋季防汛工作的通知",
                formed="2024/9/3",
                published="2024年9月10日",
                number="文政发〔2024〕12号",
            ),
            row(title="滨河镇2024年人居环境整治工作方案", formed="2024-09-20", published=""),
        ],
    )

    report = import_documents(path, actor=None)

    assert report.errors == [] and report.exit_code == 0
    assert (report.imported, report.published, report.drafts) == (3, 2, 1)
    first = Document.objects.get(title="滨河镇2024年第三季度城乡低保资金发放情况公示")
    assert first.status == Status.PUBLISHED
    assert first.index_no == f"{prefix(binhe)}/2024-00001"
    assert timezone.localtime(first.published_at).strftime("%Y-%m-%d %H:%M") == "2024-09-05 10:30"
    assert first.body_html == "<p>现将本镇低保资金发放情况公示如下。</p>"
    assert first.body_text == "现将本镇低保资金发放情况公示如下。"
    assert first.due_on == datetime.date(2024, 9, 30)  # 20 working days after 2 Sept 2024
    assert first.on_time is True
    channels = dict(first.publications.values_list("channel", "published_on"))
    assert channels == {
        Channel.WEBSITE: datetime.date(2024, 9, 5),
        Channel.WEIBO: datetime.date(2024, 9, 5),
        Channel.WECHAT: datetime.date(2024, 9, 6),
    }
    second = Document.objects.get(agency=wenchang)
    assert (second.index_no, second.doc_number) == (
        f"{prefix(wenchang)}/2024-00001",
        "文政发〔2024〕12号",
    )
    draft = Document.objects.get(title="滨河镇2024年人居环境整治工作方案")
    assert (draft.status, draft.index_no, draft.published_at) == (Status.DRAFT, None, None)
    assert draft.due_on == datetime.date(2024, 10, 23)  # the National Day week is skipped
    assert not draft.publications.exists()
    events = Event.objects.filter(action="publishing.imported")
    assert [e.summary for e in events] == ["导入政府信息 3 条（文件 docs.csv）"]
    assert events[0].object_pk == str(binhe.pk)


def test_good_jsonl_with_english_keys_booleans_and_channel_list(
    tmp_path: Path, district: Agency, binhe: Agency
) -> None:
    records: list[dict[str, Any]] = [
        {
            "agency": "spt",
            "title": "中卫市沙坡头区人民政府关于印发《沙坡头区城乡居民临时救助办法》的通知",
            "body_html": "<p>各乡镇人民政府：</p><script>alert(1)</script><p>现印发给你们。</p>",
            "doc_number": "卫沙政规发〔2024〕2号",
            "formed_on": "2024-03-01",
            "issued_on": "2024-03-01",
            "published_at": "2024-03-04T09:00:00+08:00",
            "is_normative": True,
            "is_policy": "是",
            "genre": "通知",
            "theme": "综合政务\\政务公开",
            "channels": ["gazette:2024-1", "other_media:中卫日报"],
        },
        {
            "agency": "spt",
            "title": "沙坡头区2024年政务公开工作要点",
            "formed_on": "2024-03-05",
            "published_at": "2024-03-06",
            "genre": "plan",
            "is_normative": False,
        },
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n")

    report = import_documents(path, actor=None)

    assert report.errors == []
    assert report.imported == 2
    normative = Document.objects.get(doc_number="卫沙政规发〔2024〕2号")
    assert normative.is_normative and normative.is_policy
    assert normative.issued_on == datetime.date(2024, 3, 1)
    assert (normative.genre, normative.theme.code) == ("notice", "02.01")
    assert normative.body_html == "<p>各乡镇人民政府：</p><p>现印发给你们。</p>"
    issue = GazetteIssue.objects.get()
    assert (issue.agency, issue.year, issue.number, issue.status) == (
        district,
        2024,
        1,
        "published",
    )
    assert sorted(normative.publications.values_list("channel", "reference")) == [
        ("gazette", "2024年第1期"),
        ("other_media", "中卫日报"),
        ("website", ""),
    ]
    assert Publication.objects.get(channel=Channel.GAZETTE).gazette_issue == issue


def test_a_file_with_one_bad_row_is_rejected_whole_and_nothing_is_written(
    tmp_path: Path, binhe: Agency
) -> None:
    path = write_csv(
        tmp_path / "docs.csv",
        [
            row(),
            row(title="滨河镇关于开展安全生产大检查的通知", formed="2018-13-01"),
            row(title=""),
        ],
    )

    report = import_documents(path, actor=None)

    assert [str(e) for e in report.errors] == [
        "第3行：成文日期“2018-13-01”不是有效日期",
        "第4行：标题不能为空",
    ]
    assert report.exit_code == 1
    assert Document.objects.count() == 0
    assert Publication.objects.count() == 0
    assert IndexSerial.objects.count() == 0
    assert Event.objects.filter(action="publishing.imported").count() == 0
    code, _out, err = run("documents", str(path))
    assert code == 1
    assert "第3行：成文日期“2018-13-01”不是有效日期" in err
    assert "未写入任何数据" in err
    assert Document.objects.count() == 0


def test_row_errors_say_what_is_wrong_in_chinese(tmp_path: Path, binhe: Agency) -> None:
    rows: list[dict[str, Any]] = [
        {"agency": "nowhere", "title": "甲", "formed_on": "2024-01-02"},
        {"agency": "spt-binhe", "title": "乙", "formed_on": "昨天"},
        {"agency": "spt-binhe", "title": "丙", "formed_on": "2024-01-02", "is_normative": "也许"},
        {"agency": "spt-binhe", "title": "丁", "formed_on": "2024-01-02", "disclosure": "不予公开"},
        {
            "agency": "spt-binhe",
            "title": "戊",
            "formed_on": "2024-01-05",
            "published_at": "2024-01-03",
        },
        {"agency": "spt-binhe", "title": "己", "formed_on": "2024-01-02", "index_no": "X/2024-1"},
        {
            "agency": "spt-binhe",
            "title": "庚",
            "formed_on": "2024-01-02",
            "published_at": "2024-01-03",
            "channels": "gazette;tiktok",
        },
    ]

    report = import_documents(rows, actor=None)

    assert [str(e) for e in report.errors] == [
        "第1行：找不到机构“nowhere”（请填写机构标识或统一社会信用代码）",
        "第2行：成文日期“昨天”不是有效日期（应写作 2018-03-05、2018/3/5 或 2018年3月5日）",
        "第3行：规范性文件“也许”应填写“是”或“否”",
        "第4行：公开属性为“不予公开”时，须选择《条例》规定的不予主动公开依据（负面清单）",
        "第5行：发布日期不能早于成文日期",
        "第6行：只有已发布的信息（填写了发布日期）才能填写索引号",
        "第7行：发布渠道“gazette”须写明公报期次，如 gazette:2018-3",
        "第7行：发布渠道“tiktok”无法识别（如 weibo、wechat@2018-03-06、gazette:2018-3）",
    ]
    assert Document.objects.count() == 0


def test_skip_bad_imports_good_rows_and_writes_rejects_with_an_error_column(
    tmp_path: Path, binhe: Agency
) -> None:
    path = write_csv(
        tmp_path / "docs.csv",
        [
            row(),
            row(title="滨河镇关于开展安全生产大检查的通知", formed="2018-13-01"),
            row(title="滨河镇2024年秋季征兵工作公告", formed="2024-08-01", published="2024-08-02"),
        ],
    )
    rejects = tmp_path / "rejects.csv"

    code, out, _err = run("documents", str(path), "--skip-bad", str(rejects))

    assert code == 0
    assert Document.objects.count() == 2
    assert "已导入政府信息 2 条（已发布 2 条，草稿 0 条）" in out
    assert "跳过有错误的行 1 行" in out
    with rejects.open(encoding="utf-8-sig") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*HEADER, "错误"]
    assert written[1][:2] == ["spt-binhe", "滨河镇关于开展安全生产大检查的通知"]
    assert written[1][-1] == "成文日期“2018-13-01”不是有效日期"
    assert len(written) == 2
    # serials follow the publication dates, not the file order
    numbers = dict(Document.objects.values_list("title", "index_no"))
    assert numbers["滨河镇2024年秋季征兵工作公告"] == f"{prefix(binhe)}/2024-00001"
    assert numbers["滨河镇2024年第三季度城乡低保资金发放情况公示"] == f"{prefix(binhe)}/2024-00002"


@pytest.mark.parametrize(
    "number",
    [
        "11441700007280420Y/2021-00050",
        "11341702486344515H/202110-00013",
        "0142768-8/2022-00185",
        "01527918X-2020-153077",
    ],
)
def test_historical_index_number_variants_are_kept_as_they_are(binhe: Agency, number: str) -> None:
    report = import_documents(
        [
            {
                "title": "历史信息",
                "formed_on": "2020-05-06",
                "published_at": "2020-05-08",
                "index_no": number,
            }
        ],
        actor=None,
        default_agency=binhe,
    )

    assert report.errors == []
    assert Document.objects.get().index_no == number


def test_duplicate_index_numbers_are_rejected_in_the_file_and_against_the_database(
    binhe: Agency,
) -> None:
    base = {"title": "历史信息", "formed_on": "2020-05-06", "published_at": "2020-05-08"}
    import_documents(
        [base | {"index_no": "0142768-8/2020-00185"}], actor=None, default_agency=binhe
    )

    report = import_documents(
        [
            base | {"index_no": "0142768-8/2020-00185"},
            base | {"index_no": "0142768-8/2020-00186"},
            base | {"index_no": "0142768-8/2020-00186"},
        ],
        actor=None,
        default_agency=binhe,
    )

    assert [str(e) for e in report.errors] == [
        "第1行：索引号“0142768-8/2020-00185”已被其他信息使用",
        "第3行：索引号“0142768-8/2020-00186”与第2行重复",
    ]
    assert Document.objects.count() == 1


def test_an_imported_national_number_moves_the_counter_past_it(binhe: Agency) -> None:
    code = prefix(binhe)
    base = {"title": "历史信息", "formed_on": "2024-05-06", "published_at": "2024-05-08"}
    import_documents([base | {"index_no": f"{code}/2024-00041"}], actor=None, default_agency=binhe)

    import_documents([base], actor=None, default_agency=binhe)

    assert Document.objects.filter(index_no=f"{code}/2024-00042").exists()
    assert indexno.allocate(binhe, 2024) == f"{code}/2024-00043"


def test_gb18030_csv_is_read(tmp_path: Path, binhe: Agency) -> None:
    path = write_csv(
        tmp_path / "excel.csv",
        [row(title="滨河镇关于公布2024年惠农补贴发放名单的公告")],
        encoding="gb18030",
    )

    report = import_documents(path, actor=None)

    assert report.errors == []
    assert Document.objects.get().title == "滨河镇关于公布2024年惠农补贴发放名单的公告"


def test_xlsx_keeps_the_time_of_a_publication_date_cell(tmp_path: Path, binhe: Agency) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题", "成文日期", "发布日期", "规范性文件"])
    sheet.append(
        [
            "滨河镇村级财务公开",
            datetime.date(2024, 7, 1),
            datetime.datetime(2024, 7, 3, 15, 20),  # noqa: DTZ001 - Excel cells have no zone
            0,
        ]
    )
    path = tmp_path / "docs.xlsx"
    book.save(path)

    report = import_documents(path, actor=None, default_agency=binhe)

    assert report.errors == []
    document = Document.objects.get()
    assert document.formed_on == datetime.date(2024, 7, 1)
    assert (
        timezone.localtime(document.published_at).strftime("%Y-%m-%d %H:%M") == "2024-07-03 15:20"
    )


def test_validity_and_repeal_dates_are_checked_and_stored(binhe: Agency) -> None:
    base = {
        "title": "滨河镇村规民约管理办法",
        "formed_on": "2019-03-01",
        "is_normative": "是",
        "issued_on": "2019-03-01",
        "published_at": "2019-03-04",
    }

    bad = import_documents(
        [base | {"validity": "失效"}, base | {"repealed_on": "2018-01-01"}],
        actor=None,
        default_agency=binhe,
    )
    good = import_documents(
        [base | {"repealed_on": "2023-06-30"}], actor=None, default_agency=binhe
    )

    assert [str(e) for e in bad.errors] == [
        "第1行：有效性为“失效”时须填写失效/废止日期",
        "第2行：失效/废止日期不能早于成文日期",
        "第2行：废止日期不能早于成文日期",
    ]
    assert good.errors == []
    document = Document.objects.get()
    assert (document.validity, document.validity_changed_on, document.repealed_on) == (
        Validity.REPEALED,
        datetime.date(2023, 6, 30),
        datetime.date(2023, 6, 30),
    )


def test_columns_themes_and_reading_points_are_resolved(binhe: Agency) -> None:
    parent = create_column(actor=None, agency=binhe, name="重点领域信息公开")
    child = create_column(actor=None, agency=binhe, name="社会救助", parent=parent)
    agency_actions.add_reading_point(
        actor=None, agency=binhe, name="滨河镇便民服务中心查阅点", address="滨河镇便民服务中心"
    )

    report = import_documents(
        [
            {
                "title": "低保公示",
                "formed_on": "2024-05-06",
                "published_at": "2024-05-08",
                "column": "重点领域信息公开/社会救助",
                "theme": "17.01",
                "channels": "查阅点",
            },
            {"title": "低保公示二", "formed_on": "2024-05-06", "column": "不存在的栏目"},
        ],
        actor=None,
        default_agency=binhe,
    )

    assert [str(e) for e in report.errors] == [
        "第2行：“中卫市沙坡头区滨河镇人民政府”的公开目录中没有栏目“不存在的栏目”"
    ]
    report = import_documents(
        [
            {
                "title": "低保公示",
                "formed_on": "2024-05-06",
                "published_at": "2024-05-08",
                "column": "社会救助",
                "theme": "17.01",
                "channels": "查阅点",
            }
        ],
        actor=None,
        default_agency=binhe,
    )
    assert report.errors == []
    document = Document.objects.get()
    assert document.column == child and document.theme.code == "17.01"
    point = document.publications.get(channel=Channel.READING_POINT).reading_point
    assert point is not None and point.name == "滨河镇便民服务中心查阅点"
    child.refresh_from_db()
    assert child.last_published_at == document.published_at


def test_personal_data_is_reported_as_a_warning_not_a_refusal(binhe: Agency) -> None:
    report = import_documents(
        [
            {
                "title": "滨河镇2016年危房改造补助对象公示",
                "formed_on": "2016-05-06",
                "published_at": "2016-05-09",
                "body": f"户主王某某，身份证号{FAKE_ID}，补助2万元。",
            }
        ],
        actor=None,
        default_agency=binhe,
    )

    assert report.errors == [] and report.imported == 1
    assert (report.pii_hits, report.pii_lines) == (1, [1])
    assert any("发现疑似个人信息共 1 处（第 1 行）" in line for line in report.summary())


def test_an_office_admin_imports_only_for_agencies_it_manages(
    carol: User, binhe: Agency, wenchang: Agency
) -> None:
    report = import_documents(
        [
            {"agency": "spt-binhe", "title": "甲", "formed_on": "2024-01-02"},
            {"agency": "spt-wenchang", "title": "乙", "formed_on": "2024-01-02"},
        ],
        actor=carol,
    )

    assert [str(e) for e in report.errors] == [
        "第2行：无权为“中卫市沙坡头区文昌镇人民政府”导入政府信息（须为该机构或上级机构的公开办管理员）"
    ]


def test_dry_run_writes_nothing_and_unreadable_files_exit_2(tmp_path: Path, binhe: Agency) -> None:
    path = write_csv(tmp_path / "docs.csv", [row()])

    code, out, _ = run("documents", str(path), "--dry-run")
    assert (code, Document.objects.count()) == (0, 0)
    assert "校验完成（未写入）：1 行中 1 行可以导入。" in out

    (tmp_path / "empty.csv").write_bytes(b"")
    code, _, err = run("documents", str(tmp_path / "empty.csv"))
    assert code == 2 and "文件是空的" in err
    code, _, err = run("documents", str(tmp_path / "missing.csv"))
    assert code == 2 and "无法打开文件" in err
    code, _, err = run("documents", str(path), "--agency", "nowhere")
    assert (code, err) == (2, "没有标识为 nowhere 的机构")


def test_missing_required_columns_reject_the_file(tmp_path: Path, binhe: Agency) -> None:
    (tmp_path / "docs.csv").write_text("标题,发布日期\n甲,2024-01-02\n", encoding="utf-8")

    report = import_documents(tmp_path / "docs.csv", actor=None)

    assert [str(e) for e in report.errors] == ["缺少必需的列：机构标识、成文日期"]
    assert report.exit_code == 1


def test_actor_is_recorded_on_the_import_event(tmp_path: Path, alice: User) -> None:
    path = write_csv(tmp_path / "docs.csv", [row()])

    code, _, _ = run("documents", str(path), "--actor", "alice")

    assert code == 0
    event = Event.objects.get(action="publishing.imported")
    assert event.actor == alice
    assert event.changes["imported"]["after"] == 1


def test_published_rows_are_search_indexed_after_the_commit(
    binhe: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.search import SearchQuery, search

    with django_capture_on_commit_callbacks(execute=True):
        report = import_documents(
            [
                {
                    "title": "滨河镇2016年枸杞产业扶持资金发放公示",
                    "formed_on": "2016-05-06",
                    "published_at": "2016-05-09",
                    "body": "枸杞种植户补助资金已发放到户。",
                },
                {"title": "滨河镇枸杞产业发展规划（草稿）", "formed_on": "2016-05-06"},
            ],
            actor=None,
            default_agency=binhe,
        )

    assert report.indexed == 1
    page = search(SearchQuery(text="枸杞"))
    assert [hit.key for hit in page.hits] == [Document.objects.get(status=Status.PUBLISHED).pk]
