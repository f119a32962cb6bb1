"""Disclosure on request (依申请公开): applications, their deadlines, consultations,
fees, letters, and the reconsideration, litigation and complaint records of table 四.

An :class:`Application` moves through one state machine (:data:`TRANSITIONS`):
待确认 → 办理中 → (补正中 → 办理中) → (征求意见中 → 办理中) → (延期办理中) →
(待缴费 → 办理中) → 已答复 → 已送达 → 已归档, or ends as 视为放弃, 已撤回 or 已转办/告知.
Every move is one function in :mod:`gongkai.applications.actions`. Due dates are stored,
indexed columns that those functions recompute (:mod:`gongkai.applications.deadlines`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from gongkai.applications.querysets import ApplicationQuerySet


class ApplicantKind(models.TextChoices):
    """The seven columns of table 三 (minus 总计); codes of report_forms.md."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证件"


class Channel(models.TextChoices):
    """How the application arrived (条例第二十九条); the receipt date follows
    第三十一条 per channel (rules.md §1.4)."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "信函（挂号等需签收）"
    ORDINARY_MAIL = "ordinary_mail", "信函（平信）"
    FAX = "fax", "传真"
    ONLINE = "online", "网络（网上申请平台）"
    EMAIL = "email", "网络（电子邮件）"


#: Channels whose receipt date is the date the office confirmed with the applicant.
CONFIRMED_CHANNELS = frozenset({Channel.ORDINARY_MAIL, Channel.FAX, Channel.ONLINE, Channel.EMAIL})

#: Legacy 2014 form rows 3.1.1–3.1.4; e-mail counts as 网络.
LEGACY_CHANNEL_ROWS: dict[str, str] = {
    Channel.IN_PERSON: "3.1.1",
    Channel.FAX: "3.1.2",
    Channel.ONLINE: "3.1.3",
    Channel.EMAIL: "3.1.3",
    Channel.REGISTERED_MAIL: "3.1.4",
    Channel.ORDINARY_MAIL: "3.1.4",
}


class RequestedForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    PICKUP = "pickup", "自行领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


class Status(models.TextChoices):
    PENDING = "pending", "待确认"
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "补正中"
    CONSULTATION = "consultation", "征求意见中"
    EXTENDED = "extended", "延期办理中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    REPLIED = "replied", "已答复"
    DELIVERED = "delivered", "已送达"
    ARCHIVED = "archived", "已归档"
    ABANDONED = "abandoned", "视为放弃"
    WITHDRAWN = "withdrawn", "已撤回"
    TRANSFERRED = "transferred", "已转办/告知"


#: Statuses in which the handler is working on the answer (the reply clock runs).
WORKING = frozenset({Status.PROCESSING, Status.EXTENDED})
#: Cases not yet decided; received ones among them are carried forward at year end.
OPEN = frozenset(
    {
        Status.PENDING,
        Status.PROCESSING,
        Status.CORRECTION,
        Status.CONSULTATION,
        Status.EXTENDED,
        Status.AWAITING_FEE,
    }
)
#: ``None`` as a target means "back to work": 延期办理中 if the case was extended,
#: otherwise 办理中.
RESUME: None = None

#: Every allowed status change, by action name. Nothing else moves an application.
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "confirm_receipt": (frozenset({Status.PENDING}), Status.PROCESSING),
    "request_correction": (frozenset({Status.PROCESSING}), Status.CORRECTION),
    "receive_correction": (frozenset({Status.CORRECTION}), Status.PROCESSING),
    "abandon_no_correction": (frozenset({Status.CORRECTION}), Status.ABANDONED),
    "start_consultation": (WORKING | {Status.CONSULTATION}, Status.CONSULTATION),
    "finish_consultation": (frozenset({Status.CONSULTATION}), RESUME),
    "extend": (frozenset({Status.PROCESSING}), Status.EXTENDED),
    "issue_fee_notice": (WORKING, Status.AWAITING_FEE),
    "record_payment": (frozenset({Status.AWAITING_FEE}), RESUME),
    "abandon_unpaid_fee": (frozenset({Status.AWAITING_FEE}), Status.ABANDONED),
    "reply": (WORKING, Status.REPLIED),
    "transfer": (WORKING, Status.TRANSFERRED),
    "withdraw": (OPEN, Status.WITHDRAWN),
    "deliver": (frozenset({Status.REPLIED, Status.TRANSFERRED}), Status.DELIVERED),
    "archive": (
        frozenset({Status.DELIVERED, Status.ABANDONED, Status.WITHDRAWN, Status.TRANSFERRED}),
        Status.ARCHIVED,
    ),
}


class Outcome(models.TextChoices):
    """How a case ended (rules.md §1.4 Art. 36–39 and §1.7). Several outcomes may share
    one row of the 2021 form (:data:`gongkai.applications.outcomes.ROW_2021`)."""

    GRANTED = "granted", "予以公开（第三十六条第二项）"
    ALREADY_PUBLIC = "granted.already_public", "已主动公开，告知获取途径（第三十六条第一项）"
    PARTIAL = "partial", "部分公开（第三十七条）"
    REFUSED_STATE_SECRET = "refused.state_secret", "不予公开：属于国家秘密"
    REFUSED_LAW_FORBIDS = "refused.law_forbids", "不予公开：其他法律行政法规禁止公开"
    REFUSED_SECURITY_STABILITY = (
        "refused.security_stability",
        "不予公开：危及“三安全一稳定”",
    )
    REFUSED_THIRD_PARTY = "refused.third_party", "不予公开：保护第三方合法权益"
    REFUSED_INTERNAL_AFFAIRS = "refused.internal_affairs", "不予公开：属于三类内部事务信息"
    REFUSED_PROCESS_INFO = "refused.process_info", "不予公开：属于四类过程性信息"
    REFUSED_ENFORCEMENT_FILE = "refused.enforcement_file", "不予公开：属于行政执法案卷"
    REFUSED_QUERY_PROCEDURE = "refused.query_procedure", "不予公开：属于行政查询事项"
    NOT_HELD = "unavailable.not_held", "无法提供：经检索没有所申请的信息（第三十六条第四项）"
    NOT_RESPONSIBLE = (
        "unavailable.not_responsible",
        "无法提供：不属于本机关负责公开（第三十六条第五项）",
    )
    NEEDS_CREATION = "unavailable.needs_creation", "无法提供：没有现成信息需要另行制作"
    STILL_UNCLEAR = "unavailable.still_unclear", "无法提供：补正后申请内容仍不明确"
    PETITION = "not_processed.petition", "不予处理：信访举报投诉类申请"
    REPEAT = "not_processed.repeat", "不予处理：重复申请"
    PUBLICATION = "not_processed.publication", "不予处理：要求提供公开出版物"
    EXCESSIVE = "not_processed.excessive", "不予处理：无正当理由大量反复申请"
    CONFIRM_REISSUE = (
        "not_processed.confirm_reissue",
        "不予处理：要求行政机关确认或重新出具已获取信息",
    )
    NO_CORRECTION = "other.no_correction", "其他处理：逾期不补正，视为放弃"
    UNPAID_FEE = "other.unpaid_fee", "其他处理：逾期未缴纳信息处理费，视为放弃"
    WITHDRAWN = "other.withdrawn", "其他处理：申请人撤回申请"
    OTHER = "other.other", "其他处理：其他"


class ThirdPartyInterest(models.TextChoices):
    """Which third-party interest a 第十五条 refusal protects (legacy rows 3.3.4b/c)."""

    TRADE_SECRET = "trade_secret", "商业秘密"
    PRIVACY = "privacy", "个人隐私"
    OTHER = "other", "其他合法权益"


class Application(models.Model):
    """One 政府信息公开申请 to one agency."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    year = models.PositiveSmallIntegerField("登记年度")
    serial = models.PositiveIntegerField("登记序号")
    tracking_code = models.CharField("查询码", max_length=12, unique=True)

    # --- the applicant -------------------------------------------------------------
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=30, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # --- what is asked for -----------------------------------------------------------
    description = models.TextField("所需信息的内容描述")
    document_number = models.CharField("文件名称或文号", max_length=200, blank=True)
    requested_form = models.CharField(
        "信息的指定提供载体形式", max_length=20, choices=RequestedForm.choices
    )
    delivery_method = models.CharField(
        "获取信息方式", max_length=20, choices=DeliveryMethod.choices
    )

    # --- intake (条例第三十一条) ---------------------------------------------------------
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    confirmation_note = models.CharField("确认方式", max_length=200, blank=True)
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    via_portal = models.BooleanField("网上申请平台提交", default=False)

    status = models.CharField(
        "办理状态", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )

    # --- deadlines (stored; recomputed by the actions) ----------------------------------
    clock_start_on = models.DateField("答复期限起算日", null=True, blank=True)
    correction_notice_due_on = models.DateField("补正告知期限", null=True, blank=True)
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_items = models.TextField("需补正事项", blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_approver = models.CharField("批准延期的负责人", max_length=50, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extended_on = models.DateField("延期决定日期", null=True, blank=True)
    paused_workdays = models.PositiveSmallIntegerField("不计入期限的工作日数", default=0)
    reply_due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    latest_due_on = models.DateField("最迟答复期限（含最长延期）", null=True, blank=True)
    due_provisional = models.BooleanField("期限待定（节假日安排未录入）", default=False)
    alert_due_on = models.DateField("下一期限", null=True, blank=True, db_index=True)
    alert_kind = models.CharField("下一期限事项", max_length=20, blank=True)

    # --- the outcome -------------------------------------------------------------------
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True)
    report_row = models.CharField("年报行（2021版）", max_length=40, blank=True, db_index=True)
    legacy_row = models.CharField("年报行（2014版）", max_length=10, blank=True)
    reasoning = models.TextField("理由和依据", blank=True)
    withheld_description = models.TextField("不予公开的部分", blank=True)
    withheld_ground = models.CharField(
        "不予公开部分的理由", max_length=40, choices=Outcome.choices, blank=True
    )
    third_party_interest = models.CharField(
        "涉及的第三方权益", max_length=20, choices=ThirdPartyInterest.choices, blank=True
    )
    responsible_agency = models.CharField("负责公开的机关", max_length=100, blank=True)
    responsible_contact = models.CharField("该机关联系方式", max_length=200, blank=True)
    where_published = models.CharField("已公开的获取途径", max_length=300, blank=True)
    reply_summary = models.TextField("答复内容摘要", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    on_time = models.BooleanField("按期办结", null=True, blank=True)

    # --- delivery and archive ------------------------------------------------------------
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivered_by = models.CharField(
        "送达方式", max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    delivery_proof = models.CharField("送达凭证", max_length=200, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    internal_note = models.TextField("内部备注（不对申请人公开）", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[ApplicationQuerySet] = ApplicationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("-year", "-serial")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "serial"), name="unique_application_serial"
            ),
        )
        indexes = (
            models.Index(fields=("agency", "closed_on"), name="application_closed"),
            models.Index(fields=("agency", "received_on"), name="application_received"),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def number(self) -> str:
        """登记号: 〔年度〕序号, unique within the agency."""
        return f"〔{self.year}〕{self.serial:04d}号"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_organisation(self) -> bool:
        return self.applicant_kind != ApplicantKind.NATURAL_PERSON

    @property
    def extended(self) -> bool:
        return self.extension_days > 0

    @property
    def clock_paused(self) -> bool:
        return (
            self.status in (Status.CONSULTATION, Status.AWAITING_FEE) and self.reply_due_on is None
        )


class ApplicationCounter(models.Model):
    """The last registration serial of an agency and year, taken with an atomic
    ``UPDATE … SET last = last + 1``."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("agency", "year"), name="unique_application_counter"),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


def attachment_path(instance: ApplicationAttachment, filename: str) -> str:
    return f"applications/{instance.application.year}/{instance.application_id}/{filename}"


class AttachmentKind(models.TextChoices):
    IDENTITY = "identity", "身份证明"
    LETTER = "letter", "申请书扫描件"
    CORRECTION = "correction", "补正材料"
    OTHER = "other", "其他材料"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=20, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.filename


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
    CO_MAKER = "co_maker", "征求共同制作机关意见（第三十四条）"


class ConsultationAnswer(models.TextChoices):
    CONSENT = "consent", "同意公开"
    OBJECT = "object", "不同意公开"
    NO_ANSWER = "no_answer", "逾期未答复"


class Consultation(models.Model):
    """A written consultation of a third party or a co-making agency. The time from
    sending the letter to its answer is not counted in the reply period."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=20, choices=ConsultationKind.choices)
    party = models.CharField("被征求意见方", max_length=100)
    party_contact = models.CharField("联系方式", max_length=200, blank=True)
    sent_on = models.DateField("发出日期")
    delivered_on = models.DateField("对方收到日期")
    due_on = models.DateField("答复期限")
    due_provisional = models.BooleanField("期限待定", default=False)
    answered_on = models.DateField("答复（或结束）日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=20, choices=ConsultationAnswer.choices, blank=True)
    opinion = models.TextField("意见内容", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ("sent_on", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.party}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_PAGE = "per_page", "按量计收"


class Fee(models.Model):
    """An information-processing fee (信息处理费, rules.md §4): one method per
    application, amount computed with its explanation lines."""

    application = models.OneToOneField(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="fee"
    )
    method = models.CharField("计收方式", max_length=20, choices=FeeMethod.choices)
    nth_in_month = models.PositiveIntegerField("当月第几件申请", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    lines: models.JSONField[Any, Any] = models.JSONField("计算明细", default=list)
    notice_on = models.DateField("收费通知日期")
    notice_received_on = models.DateField("申请人收到通知日期")
    payment_due_on = models.DateField("缴费期限")
    due_provisional = models.BooleanField("期限待定", default=False)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    paid_amount = models.DecimalField(
        "实缴金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    receipt_number = models.CharField("缴款凭证号", max_length=60, blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount} 元"


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    CORRECTION = "correction", "补正告知书"
    CONSULTATION = "consultation", "第三方意见征询函"
    EXTENSION = "extension", "延期答复告知书"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "答复告知书"


#: Letters the applicant receives (listed on the public tracking page once issued).
APPLICANT_LETTERS = frozenset(
    {
        LetterKind.RECEIPT,
        LetterKind.CORRECTION,
        LetterKind.EXTENSION,
        LetterKind.FEE,
        LetterKind.REPLY,
    }
)


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已出具"


def letter_path(instance: Letter, filename: str) -> str:
    return f"letters/{instance.application.year}/{instance.application_id}/{filename}"


class Letter(models.Model):
    """A notice or reply letter. Drafted from the agency's template with the case's
    facts; staff may edit the text; once issued it is frozen (text, DOCX and PDF)."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices)
    outcome = models.CharField("答复类型", max_length=40, choices=Outcome.choices, blank=True)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name="征求意见",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    recipient = models.CharField("收件人", max_length=100)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=60, blank=True)
    body = models.TextField("正文")
    status = models.CharField(
        "状态", max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    docx = models.FileField("Word 文件", upload_to=letter_path, max_length=300, blank=True)
    pdf = models.FileField("PDF 文件", upload_to=letter_path, max_length=300, blank=True)
    issued_on = models.DateField("出具日期", null=True, blank=True)
    issued_at = models.DateTimeField("出具时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="出具人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    @property
    def is_issued(self) -> bool:
        return self.status == LetterStatus.ISSUED

    @property
    def for_applicant(self) -> bool:
        return self.kind in APPLICANT_LETTERS


class LetterCounter(models.Model):
    """The last letter number of an agency, year and kind (atomic increment)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "kind"), name="unique_letter_counter"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.kind}: {self.last}"


def template_path(instance: LetterTemplate, filename: str) -> str:
    owner = instance.agency_id or "default"
    return f"letter-templates/{owner}/{filename}"


class LetterTemplate(models.Model):
    """An agency's own wording for one letter (and reply outcome), or its own Word
    layout (``kind`` blank: the DOCX file into which every letter is rendered).
    Without one, the platform's default wording and layout are used."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices, blank=True)
    outcome = models.CharField("答复类型", max_length=40, choices=Outcome.choices, blank=True)
    body = models.TextField("正文模板", blank=True)
    layout = models.FileField("Word 版式模板", upload_to=template_path, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "告知书模板"
        verbose_name_plural = "告知书模板"
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "kind", "outcome"), name="unique_letter_template"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display() or 'Word 版式'} {self.get_outcome_display()}".strip()


class DisputeKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class DisputeResult(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class Dispute(models.Model):
    """An administrative reconsideration or lawsuit about disclosure work (table 四;
    legacy rows 4 and 5). Counted in the year it was filed, with its result as known
    on 31 December of that year."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="被申请人/被告机关",
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    application = models.ForeignKey(
        Application,
        verbose_name="关联申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
    )
    kind = models.CharField("类型", max_length=30, choices=DisputeKind.choices)
    case_number = models.CharField("案号", max_length=100, blank=True)
    body = models.CharField("复议机关/受理法院", max_length=100)
    claimant = models.CharField("申请人/原告", max_length=100)
    filed_on = models.DateField("立案（受理）日期", db_index=True)
    summary = models.TextField("案由及请求", blank=True)
    result = models.CharField(
        "结果", max_length=20, choices=DisputeResult.choices, default=DisputeResult.PENDING
    )
    closed_on = models.DateField("审结日期", null=True, blank=True)
    result_note = models.TextField("结果说明", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "行政复议和行政诉讼"
        verbose_name_plural = "行政复议和行政诉讼"
        ordering = ("-filed_on", "-pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.claimant}"


class Complaint(models.Model):
    """A 举报投诉 about disclosure work (条例第四十七条、第五十一条; legacy row 6)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="被投诉机关",
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    application = models.ForeignKey(
        Application,
        verbose_name="关联申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    complainant = models.CharField("举报投诉人", max_length=100)
    received_on = models.DateField("收到日期", db_index=True)
    subject = models.TextField("举报投诉事项")
    handled_on = models.DateField("办结日期", null=True, blank=True)
    result = models.TextField("处理结果", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "举报投诉"
        verbose_name_plural = "举报投诉"
        ordering = ("-received_on", "-pk")

    def __str__(self) -> str:
        return f"举报投诉 {self.complainant} {self.received_on:%Y-%m-%d}"
