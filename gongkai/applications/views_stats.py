"""依申请公开统计: table 三 and 四 of the annual report (and the legacy 2014 rows) for
an agency and its subtree, each non-zero figure linking to the cases behind it, and
the same tables as an Excel workbook.

The figure links carry ``agency`` (pk), ``year``, ``row`` and, in the applicant
columns, ``applicant_kind``; the lists resolve ``row`` with
:func:`gongkai.applications.stats.application_filter` (or ``dispute_filter`` /
``complaint_filter``), so a list shows exactly the cases counted.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.agencies.access import visible_agencies
from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import in_tree_order
from gongkai.applications import stats
from gongkai.core.auth import staff_user
from gongkai.reports.formspec import (
    APPLICANT_COLUMNS,
    LEGACY_ROWS,
    RESULT_GROUPS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    FormId,
    application_rows,
    form_for_year,
)

FIRST_YEAR = 2008  # the 2007 条例 took effect on 1 May 2008
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_URLS = {
    "applications": ("applications:list", "/workbench/applications/"),
    "disputes": ("applications:dispute_list", "/workbench/applications/disputes/"),
    "complaints": ("applications:complaint_list", ""),
}


class StatsForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机构（含下级机构）",
        queryset=Agency.objects.none(),
        error_messages={"required": "请选择机构", "invalid_choice": "请选择您可以查看的机构"},
    )
    year = forms.IntegerField(
        label="年度",
        error_messages={"required": "请选择年度", "invalid": "年度应为四位数字，如 2025"},
    )
    legacy = forms.BooleanField(label="同时显示2014年格式统计表（第三至七项）", required=False)

    def __init__(self, data: Any, agencies: Sequence[Agency], this_year: int) -> None:
        super().__init__(data)
        self.this_year = this_year
        field_ = self.fields["agency"]
        assert isinstance(field_, forms.ModelChoiceField)  # noqa: S101
        field_.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        field_.choices = [(a.pk, a.name) for a in agencies]

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= self.this_year:
            raise forms.ValidationError(f"年度应在 {FIRST_YEAR} 到 {self.this_year} 之间")
        return year


def _parse(request: HttpRequest) -> tuple[StatsForm, list[Agency]]:
    agencies = in_tree_order(visible_agencies(staff_user(request)))
    if not agencies:
        raise PermissionDenied("您没有可以查看的机构")
    this_year = timezone.localdate().year
    data = request.GET.copy()
    data.setdefault("agency", str(agencies[0].pk))
    data.setdefault("year", str(this_year))
    return StatsForm(data, agencies, this_year), agencies


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form, agencies = _parse(request)
    this_year = timezone.localdate().year
    context: dict[str, Any] = {
        "form": form,
        "years": range(this_year, FIRST_YEAR - 1, -1),
        "agencies": agencies,
    }
    if not form.is_valid():
        return render(request, "applications/statistics.html", context, status=400)
    agency, year, legacy = (form.cleaned_data[k] for k in ("agency", "year", "legacy"))
    context.update(_report(agency, year, legacy=legacy, link=_linker(agency, year)))
    context["export_query"] = urlencode(
        {"agency": agency.pk, "year": year, **({"legacy": "on"} if legacy else {})}
    )
    return render(request, "applications/statistics.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    form, _ = _parse(request)
    if not form.is_valid():
        messages = "；".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(messages, status=400, content_type="text/plain; charset=utf-8")
    agency, year, legacy = (form.cleaned_data[k] for k in ("agency", "year", "legacy"))
    report = _report(agency, year, legacy=legacy, link=None)
    buffer = io.BytesIO()
    workbook(agency, year, report["tables"]).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="applications-{year}-{agency.pk}.xlsx"'
    return response


# --- the tables as grids (one structure for the page and the workbook) ------------------


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Figure:
    code: str  # "<row>/<column>" for tests and scripts
    value: int | Decimal
    url: str | None


@dataclass
class GridRow:
    heads: list[Cell]
    figures: list[Figure]
    unit: str | None = None


@dataclass
class Grid:
    title: str
    header: list[list[Cell]]
    rows: list[GridRow] = field(default_factory=list)


Link = Callable[[str, str], str | None] | None


def _linker(agency: Agency, year: int) -> Callable[[str, str], str | None]:
    bases: dict[str, str] = {}
    for target, (name, fallback) in LIST_URLS.items():
        try:
            bases[target] = reverse(name)
        except NoReverseMatch:
            bases[target] = fallback or bases.get("disputes", "")

    def link(row: str, kind: str) -> str | None:
        query = {"agency": agency.pk, "year": year, "row": row}
        if kind and kind != "total":
            query["applicant_kind"] = kind
        return f"{bases[stats.row_target(row)]}?{urlencode(query)}"

    return link


def _figure(row: str, column: str, value: int | Decimal, link: Link) -> Figure:
    url = link(row, column) if link is not None and value else None
    return Figure(f"{row}/{column}", value, url)


TABLE3_HEADER = [
    [
        Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        Cell("申请人情况", 1, 7),
    ],
    [Cell("自然人", 2), Cell("法人或其他组织", 1, 5), Cell("总计", 2)],
    [Cell(label) for _, label in APPLICANT_COLUMNS[1:6]],
]


def table3_grid(form: FormId, table: dict[str, dict[str, int]], link: Link) -> Grid:
    label = "2021年格式" if form == "2021" else "2019年试行格式"
    grid = Grid(f"三、收到和处理政府信息公开申请情况（{label}）", TABLE3_HEADER)
    rows = application_rows(form)
    results = [c for c, _ in rows if c not in (*stats.HEAD_ROWS, *stats.TAIL_ROWS)]
    group_sizes: dict[str, int] = {}
    for code in results:
        group = code.partition(".")[0]
        if "." in code and group in RESULT_GROUPS:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    for code, text in rows:
        heads: list[Cell] = []
        group = code.partition(".")[0]
        if code in ("new", "carried_over", "carried_forward"):
            heads.append(Cell(text, 1, 3))
        else:
            if code == results[0]:
                heads.append(Cell("三、本年度办理结果", len(results) + 1))
            if "." in code and group in RESULT_GROUPS:
                if code == next(c for c in results if c.startswith(f"{group}.")):
                    heads.append(Cell(RESULT_GROUPS[group], group_sizes[group]))
                heads.append(Cell(text))
            else:
                heads.append(Cell(text, 1, 2))
        figures = [_figure(code, c, table[code][c], link) for c, _ in APPLICANT_COLUMNS]
        grid.rows.append(GridRow(heads, figures))
    return grid


def table4_grid(table: dict[str, dict[str, int]], link: Link) -> Grid:
    columns = [Cell(label) for _, label in REVIEW_COLUMNS]
    header = [
        [Cell("行政复议", 1, 5), Cell("行政诉讼", 1, 10)],
        [Cell(c.text, 2) for c in columns]
        + [Cell("未经复议直接起诉", 1, 5), Cell("复议后起诉", 1, 5)],
        columns + columns,
    ]
    grid = Grid("四、政府信息公开行政复议、行政诉讼情况", header)
    figures = [
        _figure(f"{group}.{c}", "total", table[group][c], link)
        for group, _ in REVIEW_GROUPS
        for c, _ in REVIEW_COLUMNS
    ]
    grid.rows.append(GridRow([], figures))
    return grid


def legacy_grid(values: dict[str, int | Decimal], link: Link) -> Grid:
    grid = Grid(
        "政府信息公开情况统计表（2014年格式）第三至七项",
        [[Cell("统计指标"), Cell("单位"), Cell("统计数")]],
    )
    for code, text, unit in LEGACY_ROWS:
        if code == "3":
            grid.rows.append(GridRow([Cell(text)], [], unit=""))
        elif code in values:
            figure = _figure(f"{stats.LEGACY_PREFIX}{code}", "total", values[code], link)
            grid.rows.append(GridRow([Cell(text)], [figure], unit=unit))
    return grid


def _report(agency: Agency, year: int, *, legacy: bool, link: Link) -> dict[str, Any]:
    form: FormId = form_for_year(year)
    tables: list[Grid] = []
    if form != "2014":
        tables.append(table3_grid(form, stats.table3(agency, year, form=form), link))
        tables.append(table4_grid(stats.table4(agency, year), link))
    show_legacy = legacy or form == "2014"
    if show_legacy:
        tables.append(legacy_grid(stats.legacy(agency, year), link))
    carried = _figure(
        "carried_forward", "total", stats.carried_forward_cases(agency, year).count(), link
    )
    return {
        "agency": agency,
        "year": year,
        "form_id": form,
        "show_legacy": show_legacy,
        "tables": tables,
        "summary": stats.summary(agency, year),
        "carried": carried,
    }


# --- the workbook -----------------------------------------------------------------------


def workbook(agency: Agency, year: int, grids: Sequence[Grid]) -> Workbook:
    book = Workbook()
    first = True
    for grid in grids:
        sheet = book.active if first else book.create_sheet()
        assert isinstance(sheet, Worksheet)  # noqa: S101
        first = False
        sheet.title = grid.title.split("（")[0][:31]
        sheet.append([f"{agency.name}{year}年度 {grid.title}"])
        sheet.cell(1, 1).font = Font(bold=True)
        _write_grid(sheet, grid, top=3)
    return book


def _write_grid(sheet: Worksheet, grid: Grid, top: int) -> None:
    """Place the grid's cells honouring row and column spans (as a browser would)."""
    taken: set[tuple[int, int]] = set()

    def put(r: int, cells: Sequence[Cell], bold: bool) -> int:
        c = 1
        for cell in cells:
            while (r, c) in taken:
                c += 1
            target = sheet.cell(r, c, cell.text)
            target.alignment = Alignment(wrap_text=True, vertical="center")
            if bold:
                target.font = Font(bold=True)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=c,
                    end_row=r + cell.rowspan - 1,
                    end_column=c + cell.colspan - 1,
                )
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan
        return c

    r = top
    for cells in grid.header:
        put(r, cells, bold=True)
        r += 1
    for row in grid.rows:
        c = put(r, row.heads, bold=False)
        while (r, c) in taken:
            c += 1
        if row.unit is not None:
            sheet.cell(r, c, row.unit)
            c += 1
        for figure in row.figures:
            sheet.cell(r, c, figure.value)
            c += 1
        r += 1
    sheet.column_dimensions["A"].width = 24
