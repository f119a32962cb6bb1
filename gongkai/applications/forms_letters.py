"""Forms of the letter pages: edit a draft, issue it, draft another letter, and the
agency's wording templates and Word layout."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from gongkai.applications.forms import date_in_range
from gongkai.applications.models import Application, Consultation, LetterKind


class LetterForm(forms.Form):
    title = forms.CharField(
        label="标题",
        max_length=100,
        error_messages={"required": "请填写标题", "max_length": "标题不能超过100个字"},
    )
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="每行为一个自然段。称呼（收件人）、文号、落款和日期在出具时自动加上。",
        error_messages={"required": "正文不能为空"},
    )


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label="出具日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填写即为今天。出具后文书编号、正文和文件即固定，不能再修改。",
        validators=[date_in_range("出具日期")],
        error_messages={"invalid": "请填写有效的日期，如 2024-10-30"},
    )


class NewLetterForm(forms.Form):
    kind = forms.ChoiceField(
        label="文书类型",
        choices=LetterKind.choices,
        error_messages={"required": "请选择文书类型", "invalid_choice": "请选择有效的文书类型"},
    )
    consultation = forms.ModelChoiceField(
        label="征求意见（仅第三方意见征询函）",
        queryset=Consultation.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": "所选征求意见不属于该申请"},
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(Any, self.fields["consultation"])
        field.queryset = application.consultations.all()


class TemplateForm(forms.Form):
    body = forms.CharField(
        label="正文模板",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false"}),
        help_text="Django 模板写法：{{ 变量 }}、{% if %}…{% endif %}、{% for %}…{% endfor %}。"
        "每行为一个自然段。可用的变量见下方“变量说明”。",
        error_messages={"required": "请填写正文模板"},
    )


class LayoutForm(forms.Form):
    layout = forms.FileField(
        label="Word 版式模板（.docx）",
        help_text="在默认版式的基础上修改后上传。正文处须保留 {{ body }} 或段落循环。",
        error_messages={"required": "请选择要上传的 .docx 文件", "empty": "上传的文件是空的"},
    )
