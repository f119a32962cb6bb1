"""Stored results of reading published reports: review batches (a superior office's
spring review of its units' reports) and historical figures imported from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReviewBatch(models.Model):
    """One upload of many reports reviewed together, e.g. all units' reports for a year."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="审查机构",
        on_delete=models.PROTECT,
        related_name="review_batches",
    )
    title = models.CharField("名称", max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    series_findings = models.JSONField("跨年度检查结果", default=list, blank=True)

    class Meta:
        verbose_name = "年报批量审查"
        verbose_name_plural = "年报批量审查"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title


class ReviewedReport(models.Model):
    """One report of a batch: what was read from it and what the checks found."""

    batch = models.ForeignKey(
        ReviewBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="reports"
    )
    filename = models.CharField("文件名", max_length=255)
    form = models.CharField("格式", max_length=10, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    agency_name = models.CharField("报告机构", max_length=200, blank=True)
    tables = models.JSONField("统计表", default=dict, blank=True)
    notes = models.JSONField("读取说明", default=list, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("警告数", default=0)
    score = models.PositiveSmallIntegerField("质量分", null=True, blank=True)
    unreadable = models.CharField("无法读取的原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "审查的年报"
        verbose_name_plural = "审查的年报"
        ordering = ("batch", "agency_name", "year", "id")

    def __str__(self) -> str:
        return self.filename

    @property
    def readable(self) -> bool:
        return not self.unreadable


class FigureSource(models.TextChoices):
    PARSED_REPORT = "parsed_report", "从已发布年报读取"
    ENTERED = "entered", "人工录入"


class HistoricalFigures(models.Model):
    """An agency's annual-report figures for a year before the platform, so that
    year-over-year comparison works from the first day."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="historical_figures",
    )
    year = models.PositiveSmallIntegerField("年度")
    form = models.CharField("格式", max_length=10)
    tables = models.JSONField("统计表", default=dict)
    source = models.CharField(
        "来源", max_length=20, choices=FigureSource.choices, default=FigureSource.PARSED_REPORT
    )
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        verbose_name = "历史年报数据"
        verbose_name_plural = "历史年报数据"
        ordering = ("agency", "-year")
        constraints = (
            models.UniqueConstraint(fields=("agency", "year"), name="unique_figures_per_year"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年"
