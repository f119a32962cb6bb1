from __future__ import annotations

from typing import Any

from django import forms

from gongkai.agencies.models import Agency

MAX_PASTE_CHARS = 200_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field. Empty files are accepted here: the review lists them
    as unreadable instead of refusing the whole batch."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReviewBatchForm(forms.Form):
    title = forms.CharField(
        label="批次名称", max_length=100, help_text="如：2025年度各部门、乡镇年报审查"
    )
    reports = MultipleFileField(
        label="年度报告文件",
        help_text="可一次选择多份：文本（.txt）、网页（.html）、Word（.docx）或 PDF，"
        "每份不超过 10 MB",
    )

    def clean_reports(self) -> list[Any]:
        files = self.cleaned_data["reports"]
        if not files:
            raise forms.ValidationError("请至少选择一份报告文件")
        return files


class ImportFiguresForm(forms.Form):
    agency = forms.ModelChoiceField(label="导入到机构", queryset=Agency.objects.none())
    replace = forms.BooleanField(label="替换已有数据", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class PublicCheckForm(forms.Form):
    text = forms.CharField(
        label="粘贴报告全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="从网页或 PDF 复制的年度报告全文（含统计表）",
    )
    file = forms.FileField(
        label="或上传报告文件", required=False, help_text="文本、网页、Word 或 PDF，不超过 10 MB"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text, upload = data.get("text", ""), data.get("file")
        if not text and not upload:
            raise forms.ValidationError("请粘贴报告全文或上传报告文件")
        if len(text) > MAX_PASTE_CHARS:
            raise forms.ValidationError(f"粘贴的文字过长（超过 {MAX_PASTE_CHARS} 字）")
        if upload is not None and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("文件超过 10 MB")
        return data
