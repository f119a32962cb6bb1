"""Forms of the document pages. They parse input; the rules live in the actions."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from gongkai.agencies.models import Agency, ReadingPoint
from gongkai.publishing.models import (
    Channel,
    Column,
    Disclosure,
    Document,
    JustificationBasis,
    Review,
    Theme,
    Validity,
)

YES_NO = ((True, "是"), (False, "否"))


def _column_label(column: Column) -> str:
    return f"{column.agency.display_short}：{column}"


class DocumentForm(forms.ModelForm[Document]):
    agency = forms.ModelChoiceField(
        label="发布机构", queryset=Agency.objects.none(), empty_label="请选择"
    )

    class Meta:
        model = Document
        fields = (
            "agency",
            "title",
            "doc_number",
            "formed_on",
            "disclosure",
            "withhold_ground",
            "withhold_reason",
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
            "body_html",
        )
        widgets = {
            "formed_on": forms.DateInput(attrs={"type": "date"}),
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "disclosure": forms.RadioSelect,
            "withhold_reason": forms.Textarea(attrs={"rows": 2}),
            "body_html": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "disclosure": (
                "起草时确定。依申请公开、不予公开须选择《条例》第十四至十六条规定的依据。"
            ),
            "formed_on": "信息形成或变更的日期；主动公开信息应自该日起20个工作日内公开。",
            "body_html": (
                "可直接输入文字（每行一段），也可粘贴 HTML（段落、表格、列表）；"
                "保存时会自动清除不安全的内容。"
            ),
            "summary": "不重复标题等其他字段，一般不超过300字。",
        }

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = cast(forms.ModelChoiceField, self.fields["agency"])
        agency_field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if self.instance.pk:
            agency_field.disabled = True
            agency_field.initial = self.instance.agency_id
        elif len(agencies) == 1:
            agency_field.initial = agencies[0].pk
        column_field = cast(forms.ModelChoiceField, self.fields["column"])
        column_field.queryset = Column.objects.filter(
            agency__in=agencies, is_active=True
        ).select_related("agency", "parent")
        column_field.label_from_instance = _column_label  # type: ignore[method-assign,assignment]
        theme_field = cast(forms.ModelChoiceField, self.fields["theme"])
        theme_field.queryset = Theme.objects.filter(is_active=True).select_related("parent")
        disclosure_field = cast(forms.ChoiceField, self.fields["disclosure"])
        disclosure_field.choices = Disclosure.choices
        self.fields["body_html"].required = False

    def clean_formed_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["formed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("成文日期不能晚于今天")
        return value

    def document_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "agency"}


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、DOCX、XLSX、图片或文本文件，不超过 20 MB")


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in Review.QUESTIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=label,
                choices=YES_NO,
                coerce=lambda v: v in (True, "True"),
                widget=forms.RadioSelect,
                error_messages={"required": f"请回答：{label}"},
            )
        self.order_fields([key for key, _ in Review.QUESTIONS] + ["comment"])

    def answers(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data[key]) for key, _ in Review.QUESTIONS}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "退回修改须写明意见"},
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(label="审批意见", required=False)
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="留空则立即发布",
    )

    def clean_publish_at(self) -> datetime.datetime | None:
        value: datetime.datetime | None = self.cleaned_data.get("publish_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("定时发布时间应晚于当前时间；立即发布请留空")
        return value


class WithdrawForm(forms.Form):
    notice = forms.CharField(
        label="撤回说明（向公众公开）",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "撤回须填写向公众说明的撤回理由"},
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    on = forms.DateField(
        label="失效/废止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label="渠道", choices=[c for c in Channel.choices if c[0] not in ("website", "gazette")]
    )
    published_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label="期次或链接", required=False, max_length=300)
    reading_point = forms.ModelChoiceField(
        label="查阅点", queryset=ReadingPoint.objects.none(), required=False
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["reading_point"])
        field.queryset = agency.reading_points.all()


class JustifyForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    basis = forms.ChoiceField(label="公开理由", choices=JustificationBasis.choices)
    legal_basis = forms.CharField(
        label="法律依据",
        max_length=300,
        error_messages={"required": "请填写公开个人信息的法律依据"},
    )
