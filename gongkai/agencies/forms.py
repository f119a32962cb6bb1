from __future__ import annotations

from typing import Any

from django import forms

from gongkai.agencies.actions import AGENCY_FIELDS
from gongkai.agencies.models import Agency, ReadingPoint
from gongkai.lib.codes import CodeError, normalize_code, validate_agency_code

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class AgencyForm(forms.ModelForm[Agency]):
    website = forms.URLField(label="网站", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = AGENCY_FIELDS

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        # Only a new agency must have a parent (top-level governments are made by the
        # platform's superuser in the admin or by the demo/import loaders).
        self.fields["parent"].required = self.instance.pk is None or bool(self.instance.parent_id)
        self.fields["parent"].empty_label = "（无上级机构）"  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        raw = self.cleaned_data.get("code") or ""
        if not raw:
            return ""
        try:
            return validate_agency_code(normalize_code(raw))
        except CodeError as exc:
            raise forms.ValidationError(str(exc)) from None


class ReadingPointForm(forms.ModelForm[ReadingPoint]):
    class Meta:
        model = ReadingPoint
        fields = ("name", "address", "hours", "phone", "sort_order")


class AgencyImportForm(forms.Form):
    file = forms.FileField(label="机构表（CSV 或 XLSX）", help_text="第一行为表头，见下方模板说明")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("文件过大（超过 2 MB），请分批导入")
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("只能上传 .csv 或 .xlsx 文件")
        return upload
