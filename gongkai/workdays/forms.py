from __future__ import annotations

from django import forms

from gongkai.workdays.calendar import MAX_DAYS

MAX_UPLOAD_BYTES = 512 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    notice = forms.CharField(
        label="依据",
        max_length=200,
        required=False,
        help_text="国务院办公厅通知的名称，如：国务院办公厅关于2027年部分节假日安排的通知",
    )


class ScheduleDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=DateInput())
    is_workday = forms.TypedChoiceField(
        label="这一天",
        choices=(("0", "休息（法定节假日或调休放假）"), ("1", "上班（调休上班）")),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="说明", max_length=100, required=False, help_text="如：春节、国庆节调休上班"
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV 文件",
        help_text="UTF-8 或 GB18030 编码；表头为 date,is_workday,note 或 日期,是否工作日,说明",
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件过大，节假日安排文件不应超过 512 KB")
        return bytes(upload.read())


class CalculateForm(forms.Form):
    start = forms.DateField(label="起算日期", widget=DateInput(), help_text="当天不计入")
    days = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=MAX_DAYS,
        help_text="如：20（《政府信息公开条例》第三十三条的答复期限）",
    )
