"""Proactive disclosure (主动公开): documents, their review, channels, guides and catalogues.

A :class:`Document` is one piece of 政府信息. Its 公开属性 is fixed when it is drafted;
it moves through 草稿 → 待审查 (保密审查) → 待审批 → 已发布 (or 定时发布) and may be
withdrawn (撤回) afterwards. The allowed moves are :data:`TRANSITIONS`; every move is one
function in :mod:`gongkai.publishing.actions`.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from gongkai.publishing.querysets import DocumentQuerySet


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdGround(models.TextChoices):
    """The negative list (负面清单, rules.md §1.2); the codes are those of the 2021 form's
    ``refused.*`` rows so a withheld document and a refused application speak alike."""

    STATE_SECRET = "state_secret", "属于国家秘密（条例第十四条）"
    LAW_FORBIDS = "law_forbids", "其他法律行政法规禁止公开（条例第十四条）"
    SECURITY_STABILITY = "security_stability", "危及“三安全一稳定”（条例第十四条）"
    THIRD_PARTY = "third_party", "保护第三方合法权益（条例第十五条）"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息（条例第十六条第一款）"
    PROCESS_INFO = "process_info", "属于四类过程性信息（条例第十六条第二款）"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷（条例第十六条第二款）"
    QUERY_PROCEDURE = "query_procedure", "属于行政查询事项"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待审查"
    IN_APPROVAL = "in_approval", "待审批"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


#: Every allowed status change, by action name. Nothing else moves a document.
TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "submit": (frozenset({Status.DRAFT}), Status.IN_REVIEW),
    "pass_review": (frozenset({Status.IN_REVIEW}), Status.IN_APPROVAL),
    "return": (frozenset({Status.IN_REVIEW, Status.IN_APPROVAL, Status.SCHEDULED}), Status.DRAFT),
    "approve": (frozenset({Status.IN_APPROVAL}), Status.PUBLISHED),
    "schedule": (frozenset({Status.IN_APPROVAL}), Status.SCHEDULED),
    "publish_scheduled": (frozenset({Status.SCHEDULED}), Status.PUBLISHED),
    "withdraw": (frozenset({Status.PUBLISHED}), Status.WITHDRAWN),
}

#: Statuses in which the text of a document may still be edited.
EDITABLE = frozenset({Status.DRAFT})


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Genre(models.TextChoices):
    """体裁分类 (the usual official-document genres plus 其他)."""

    REGULATION = "regulation", "规章"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REPLY = "reply", "批复"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    PLAN = "plan", "规划计划"
    MEASURES = "measures", "办法规定"
    PUBLICITY = "publicity", "公示"
    NEWS = "news", "工作动态"
    OTHER = "other", "其他"


class FiveCategory(models.TextChoices):
    """五公开: 决策、执行、管理、服务、结果."""

    DECISION = "decision", "决策公开"
    EXECUTION = "execution", "执行公开"
    MANAGEMENT = "management", "管理公开"
    SERVICE = "service", "服务公开"
    RESULT = "result", "结果公开"


class KeyArea(models.TextChoices):
    """重点领域信息公开."""

    FISCAL = "fiscal", "财政预决算"
    MAJOR_PROJECTS = "major_projects", "重大建设项目"
    PUBLIC_RESOURCES = "public_resources", "公共资源配置"
    SOCIAL_WELFARE = "social_welfare", "社会公益事业"
    POVERTY_RELIEF = "poverty_relief", "扶贫和社会救助"
    EDUCATION = "education", "教育"
    HEALTH = "health", "医疗卫生"
    ENVIRONMENT = "environment", "生态环境"
    FOOD_DRUG = "food_drug", "食品药品安全"
    SAFETY = "safety", "安全生产"
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    FEES = "fees", "行政事业性收费"
    PROCUREMENT = "procurement", "政府采购"
    PERSONNEL = "personnel", "人事信息"
    OTHER = "other", "其他"


class Freshness(models.TextChoices):
    """栏目 update classes (rules.md §5.2)."""

    NEWS = "news", "动态要闻类（2周）"
    NOTICE_POLICY = "notice_policy", "通知公告、政策文件类（6个月）"
    PERSONNEL_PLAN = "personnel_plan", "人事、规划计划类（1年）"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    """Channels of rules.md §1.3 item 4, in the legacy form's row order (1.2.1–1.2.5)."""

    GAZETTE = "gazette", "政府公报"
    WEBSITE = "website", "政府网站"
    WEIBO = "weibo", "政务微博"
    WECHAT = "wechat", "政务微信"
    OTHER_MEDIA = "other_media", "其他方式（报刊、广播电视、新闻网站等）"
    READING_POINT = "reading_point", "查阅点"


#: Legacy-form row per channel. 查阅点 counts under 其他方式 (row 1.2.5).
CHANNEL_ROWS: dict[str, str] = {
    Channel.GAZETTE: "1.2.1",
    Channel.WEBSITE: "1.2.2",
    Channel.WEIBO: "1.2.3",
    Channel.WECHAT: "1.2.4",
    Channel.OTHER_MEDIA: "1.2.5",
    Channel.READING_POINT: "1.2.5",
}


class Theme(models.Model):
    """主题分类: a two-level taxonomy (``05`` 综合政务, ``05.02`` 政务公开)."""

    code = models.CharField("代码", max_length=10, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ("code",)

    def __str__(self) -> str:
        if self.parent is not None:
            return f"{self.parent}\\{self.name}"
        return self.name


class Column(models.Model):
    """A 栏目 of an agency's 政府信息公开目录."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机构", on_delete=models.CASCADE, related_name="columns"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("栏目名称", max_length=60)
    freshness = models.CharField(
        "更新类别", max_length=20, choices=Freshness.choices, default=Freshness.OTHER
    )
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    last_published_at = models.DateTimeField("最近发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ("agency", "sort_order", "id")

    def __str__(self) -> str:
        if self.parent is not None:
            return f"{self.parent.name} › {self.name}"
        return self.name


class Guide(models.Model):
    """One version of an agency's 政府信息公开指南. Versions are never edited once
    published; a new version is drafted from the latest one."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机构", on_delete=models.CASCADE, related_name="guides"
    )
    version = models.PositiveIntegerField("版本")
    scope = models.TextField("公开范围和信息分类", blank=True)
    arrangement = models.TextField("信息编排体系", blank=True)
    how_to_obtain = models.TextField("获取方式", blank=True)
    how_to_apply = models.TextField("依申请公开的办理", blank=True)
    fees = models.TextField("收费标准", blank=True)
    remedies = models.TextField("监督和救济", blank=True)
    is_published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编写人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "scope",
        "arrangement",
        "how_to_obtain",
        "how_to_apply",
        "fees",
        "remedies",
    )

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"
        ordering = ("agency", "-version")
        constraints = (
            models.UniqueConstraint(fields=("agency", "version"), name="unique_guide_version"),
        )

    def __str__(self) -> str:
        return f"{self.agency}政府信息公开指南（第{self.version}版）"


class Document(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="发布机构",
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField("标题", max_length=300)
    body_html = models.TextField("正文", blank=True)
    body_text = models.TextField("正文纯文本", blank=True, editable=False)
    doc_number = models.CharField("发文字号", max_length=100, blank=True)
    formed_on = models.DateField("成文日期")
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    index_no = models.CharField("索引号", max_length=40, null=True, blank=True, unique=True)
    theme = models.ForeignKey(
        Theme, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT
    )
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices, default=Genre.OTHER)
    summary = models.CharField("内容概述", max_length=500, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    source = models.CharField("信息来源", max_length=100, blank=True)
    column = models.ForeignKey(
        Column,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )

    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField("失效/废止日期", null=True, blank=True)
    is_regulation = models.BooleanField("规章", default=False)
    is_normative = models.BooleanField("行政规范性文件", default=False)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    is_policy = models.BooleanField("政策文件", default=False)
    five_category = models.CharField(
        "五公开类别", max_length=20, choices=FiveCategory.choices, blank=True
    )
    key_area = models.CharField("重点领域", max_length=30, choices=KeyArea.choices, blank=True)

    disclosure = models.CharField("公开属性", max_length=20, choices=Disclosure.choices)
    withhold_ground = models.CharField(
        "不公开依据", max_length=30, choices=WithholdGround.choices, blank=True
    )
    withhold_reason = models.TextField("不公开理由", blank=True)

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_for = models.DateTimeField("定时发布时间", null=True, blank=True, db_index=True)
    due_on = models.DateField("公开期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    on_time = models.BooleanField("按时公开", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_notice = models.TextField("撤回说明", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects: ClassVar[DocumentQuerySet] = DocumentQuerySet.as_manager()  # type: ignore[assignment]

    #: Fields staff edit (in this order on the form and on the history page).
    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "doc_number",
        "formed_on",
        "column",
        "theme",
        "genre",
        "summary",
        "keywords",
        "source",
        "five_category",
        "key_area",
        "is_regulation",
        "is_normative",
        "issued_on",
        "is_policy",
        "disclosure",
        "withhold_ground",
        "withhold_reason",
        "body_html",
    )

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ("-published_at", "-id")
        indexes = (
            models.Index(fields=("agency", "status", "-published_at"), name="doc_agency_pub"),
            models.Index(fields=("status", "due_on"), name="doc_status_due"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.WITHDRAWN) and (
            self.disclosure == Disclosure.PROACTIVE
        )

    @property
    def year(self) -> int:
        return self.formed_on.year

    def can(self, action: str) -> bool:
        sources, _ = TRANSITIONS[action]
        return self.status in sources


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    file = models.FileField("原件", upload_to=attachment_path)
    published_file = models.FileField("公开件", upload_to=attachment_path, blank=True)
    text = models.TextField("提取的文字", blank=True, editable=False)
    masked = models.BooleanField("已遮盖个人信息", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ("document", "sort_order", "id")

    def __str__(self) -> str:
        return self.name

    @property
    def public_file(self) -> models.fields.files.FieldFile:
        return self.published_file if self.published_file else self.file


class ReviewStage(models.TextChoices):
    REVIEW = "review", "保密审查"
    APPROVAL = "approval", "领导审批"


class ReviewDecision(models.TextChoices):
    PASS = "pass", "通过"
    RETURN = "return", "退回修改"


class Review(models.Model):
    """One sign-off on a document: the confidentiality review with each question
    answered, or the leader's approval."""

    QUESTIONS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("no_state_secret", "不涉及国家秘密"),
        ("no_work_secret", "不涉及工作秘密"),
        ("no_privacy_or_trade_secret", "不涉及个人隐私和商业秘密"),
        ("content_accurate", "内容准确无误"),
        ("attribute_correct", "公开属性正确"),
    )

    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.CASCADE, related_name="reviews"
    )
    stage = models.CharField("环节", max_length=10, choices=ReviewStage.choices)
    decision = models.CharField("结论", max_length=10, choices=ReviewDecision.choices)
    no_state_secret = models.BooleanField("不涉及国家秘密", null=True)
    no_work_secret = models.BooleanField("不涉及工作秘密", null=True)
    no_privacy_or_trade_secret = models.BooleanField("不涉及个人隐私和商业秘密", null=True)
    content_accurate = models.BooleanField("内容准确无误", null=True)
    attribute_correct = models.BooleanField("公开属性正确", null=True)
    comment = models.TextField("意见", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签署人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("签署时间")

    class Meta:
        verbose_name = "审查审批记录"
        verbose_name_plural = "审查审批记录"
        ordering = ("document", "decided_at", "id")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}：{self.get_decision_display()}"


class JustificationBasis(models.TextChoices):
    PUNITIVE = "punitive", "惩戒公示"
    MANDATORY = "mandatory", "法定强制披露"


class PiiJustification(models.Model):
    """A reviewer's decision to publish one personal-data hit unmasked."""

    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.CASCADE, related_name="justifications"
    )
    location = models.CharField("位置", max_length=220)
    kind = models.CharField("类型", max_length=20)
    fingerprint = models.CharField(max_length=64)
    masked_value = models.CharField("内容（遮盖显示）", max_length=100)
    basis = models.CharField("理由", max_length=20, choices=JustificationBasis.choices)
    legal_basis = models.CharField("法律依据", max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "个人信息公开理由"
        verbose_name_plural = "个人信息公开理由"
        constraints = (
            models.UniqueConstraint(
                fields=("document", "fingerprint"), name="unique_justification"
            ),
        )

    def __str__(self) -> str:
        return f"{self.location} {self.masked_value}"


class GazetteStatus(models.TextChoices):
    DRAFT = "draft", "编辑中"
    PUBLISHED = "published", "已出版"


class GazetteIssue(models.Model):
    """One numbered issue of the 政府公报 (e.g. 2018年第3期)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="编印机构", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号")
    status = models.CharField(
        "状态", max_length=10, choices=GazetteStatus.choices, default=GazetteStatus.DRAFT
    )
    published_on = models.DateField("出版日期", null=True, blank=True)
    pdf = models.FileField("PDF", upload_to="gazette/", blank=True)
    #: The documents of an issue being edited, in order (primary keys). On publication
    #: each becomes a gazette :class:`Publication` (``items``), which is what counts.
    document_ids = models.JSONField("收录信息", default=list, blank=True)

    class Meta:
        verbose_name = "政府公报"
        verbose_name_plural = "政府公报"
        ordering = ("-year", "-number")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "number"), name="unique_gazette_issue"
            ),
        )

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"


class Publication(models.Model):
    """A document carried by one channel on one date. A document counts once in
    主动公开政府信息数 however many of these it has (legacy row 1.1)."""

    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.CASCADE, related_name="publications"
    )
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    published_on = models.DateField("发布日期", db_index=True)
    reference = models.CharField("期次或链接", max_length=300, blank=True)
    gazette_issue = models.ForeignKey(
        GazetteIssue,
        verbose_name="公报期次",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    reading_point = models.ForeignKey(
        "agencies.ReadingPoint",
        verbose_name="查阅点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "发布渠道记录"
        verbose_name_plural = "发布渠道记录"
        ordering = ("document", "published_on", "id")
        indexes = (models.Index(fields=("channel", "published_on"), name="pub_channel_date"),)
        constraints = (
            models.UniqueConstraint(
                fields=("document", "gazette_issue"),
                condition=models.Q(gazette_issue__isnull=False),
                name="unique_gazette_item",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.published_on}"


class IndexSerial(models.Model):
    """The last 索引号 serial used for one 前段码 and year. Serials are taken with an
    atomic ``UPDATE … SET last = last + 1`` so concurrent publications never collide."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("prefix", "year"), name="unique_index_serial"),
        )

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}: {self.last}"


class WebhookEndpoint(models.Model):
    """An outbound webhook for a channel the platform cannot reach itself (Weibo,
    WeChat, a newspaper's system): on publication the document is POSTed, signed with
    HMAC-SHA256 over the body, retried by a huey task."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机构", on_delete=models.CASCADE, related_name="webhooks"
    )
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    url = models.URLField("接收地址")
    secret = models.CharField("签名密钥", max_length=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "推送接口"
        verbose_name_plural = "推送接口"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已送达"
    FAILED = "failed", "失败"


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name="推送接口",
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    document = models.ForeignKey(
        Document, verbose_name="政府信息", on_delete=models.CASCADE, related_name="deliveries"
    )
    payload = models.JSONField("内容")
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    MAX_ATTEMPTS: ClassVar[int] = 6

    class Meta:
        verbose_name = "推送记录"
        verbose_name_plural = "推送记录"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.endpoint} #{self.document_id}"
