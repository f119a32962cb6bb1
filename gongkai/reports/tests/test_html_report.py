"""A 2021-form report published as a web page, with the official table layout (merged
header cells, the 三、本年度办理结果 cell spanning 22 rows, group cells spanning their
sub-rows), read end to end through parse_report."""

from __future__ import annotations

from decimal import Decimal

from gongkai.reports.formspec import APPLICATION_ROWS_2021, RESULT_GROUPS
from gongkai.reports.parse import parse_report

# (row code, natural person, commercial, research, nonprofit, legal service, other)
VALUES = {
    "new": (151, 3, 0, 0, 0, 0),
    "granted": (33, 0, 0, 0, 0, 0),
    "partial": (38, 0, 0, 0, 0, 0),
    "refused.internal_affairs": (3, 0, 0, 0, 0, 0),
    "unavailable.not_held": (49, 1, 0, 0, 0, 0),
    "not_processed.petition": (2, 0, 0, 0, 0, 0),
    "other.no_correction": (8, 0, 0, 0, 0, 0),
    "carried_forward": (18, 2, 0, 0, 0, 0),
}


def _cells(code: str) -> str:
    six = VALUES.get(code, (0,) * 6)
    if code == "total":
        rows = [c for c, _ in APPLICATION_ROWS_2021[2:-2]]
        six = tuple(sum(VALUES.get(r, (0,) * 6)[i] for r in rows) for i in range(6))
    return "".join(f"<td>{v}</td>" for v in (*six, sum(six)))


def _table_three() -> str:
    head = (
        '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，'
        '等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>'
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
        '<td rowspan="2">总计</td></tr>'
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>"
        "<td>其他</td></tr>"
    )
    rows = []
    spans = {"refused": 8, "unavailable": 3, "not_processed": 5, "other": 3}
    seen: set[str] = set()
    for index, (code, label) in enumerate(APPLICATION_ROWS_2021):
        group = code.split(".")[0] if "." in code else ""
        first_cells = ""
        if code in ("new", "carried_over", "carried_forward"):
            first_cells = f'<td colspan="3">{label}</td>'
        else:
            if index == 2:
                first_cells += '<td rowspan="22">三、本年度办理结果</td>'
            if group in spans:
                if group not in seen:
                    seen.add(group)
                    first_cells += f'<td rowspan="{spans[group]}">{RESULT_GROUPS[group]}</td>'
                first_cells += f"<td>{label}</td>"
            else:
                first_cells += f'<td colspan="2">{label}</td>'
        rows.append(f"<tr>{first_cells}{_cells(code)}</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _page() -> bytes:
    proactive = (
        "<table><tr><td colspan='4'>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td>行政规范性文件</td><td>58</td><td>4</td><td>546</td></tr>"
        "<tr><td colspan='4'>第二十条第（五）项</td></tr>"
        "<tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td colspan='3'>2418</td></tr>"
        "<tr><td colspan='4'>第二十条第（六）项</td></tr>"
        "<tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>"
        "<tr><td>行政处罚</td><td colspan='3'>644</td></tr>"
        "<tr><td>行政强制</td><td colspan='3'>64</td></tr>"
        "<tr><td colspan='4'>第二十条第（八）项</td></tr>"
        "<tr><td>信息内容</td><td colspan='3'>本年收费金额（单位：万元）</td></tr>"
        "<tr><td>行政事业性收费</td><td colspan='3'>4166.24</td></tr></table>"
    )
    review = (
        "<table><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
        "<tr><td rowspan='2'>结果维持</td><td rowspan='2'>结果纠正</td>"
        "<td rowspan='2'>其他结果</td><td rowspan='2'>尚未审结</td><td rowspan='2'>总计</td>"
        "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
        "<tr>" + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td>"
        "<td>总计</td>" * 2 + "</tr>"
        "<tr><td>25</td><td>3</td><td>8</td><td>0</td><td>36</td><td>3</td><td>3</td>"
        "<td>0</td><td>0</td><td>6</td><td>3</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>"
        "</table>"
    )
    html = (
        "<html><head><title>某区2025年政府信息公开工作年度报告</title>"
        "<script>var x = '本年制发件数 999';</script></head><body>"
        "<h1>某区人民政府2025年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2025年，共收到政府信息公开申请154件。</p>"
        f"<p>二、主动公开政府信息情况</p>{proactive}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{_table_three()}"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{review}"
        "<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
    )
    return html.encode("utf-8")


def test_web_page_with_the_official_merged_cells_is_read_cell_by_cell() -> None:
    report = parse_report(_page(), "report.html")

    assert (report.form, report.year) == ("2021", 2025)
    assert report.notes == []
    proactive = report.tables["proactive"]
    assert proactive["art20_1.normative.issued"] == 58
    assert proactive["art20_1.normative.repealed"] == 4
    assert proactive["art20_1.normative.in_force"] == 546
    assert proactive["art20_5.licensing"] == 2418
    assert proactive["art20_6.coercion"] == 64
    assert proactive["art20_8.fees_10k_yuan"] == Decimal("4166.24")
    applications = report.tables["applications"]
    for code, _ in APPLICATION_ROWS_2021:
        six = VALUES.get(code, (0,) * 6) if code != "total" else None
        if six is not None:
            assert [applications[code][c] for c in list(applications[code])[:6]] == list(six), code
    assert applications["total"]["total"] == 134
    assert applications["carried_forward"]["total"] == 20
    assert report.tables["review_litigation"]["reconsideration"] == {
        "upheld": 25, "corrected": 3, "other": 8, "pending": 0, "total": 36,
    }  # fmt: skip
    assert report.tables["review_litigation"]["litigation_after_review"]["total"] == 3
