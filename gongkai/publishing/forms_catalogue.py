"""Forms of the guide, column and theme pages. They only parse input; the rules (depth,
cycles, unique names, versioning) are checked by :mod:`gongkai.publishing.catalogue`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from gongkai.publishing.catalogue import MAX_GUIDE_FIELD
from gongkai.publishing.models import Column, Freshness, Guide, Theme

GUIDE_HELP = {
    "scope": "依照《条例》第十九条至第二十一条列明主动公开的范围和信息类别，"
    "并说明第十四条至第十六条规定的不予公开情形",
    "arrangement": "目录的编排方式和索引号规则",
    "how_to_obtain": "主动公开信息的获取途径（网站、公报、查阅点、新媒体等）",
    "how_to_apply": "受理机构、申请方式、申请内容、补正、收到申请的时间、答复期限",
    "fees": "依照国办函〔2020〕109号说明信息处理费",
    "remedies": "投诉举报、行政复议、行政诉讼",
}


class GuideForm(forms.Form):
    """The six text parts of a guide (contacts and reading points come from the agency
    record and are shown live)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Guide.TEXT_FIELDS:
            field = Guide._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=str(getattr(field, "verbose_name", name)),
                required=False,
                strip=True,
                max_length=MAX_GUIDE_FIELD,
                widget=forms.Textarea(attrs={"rows": 12}),
                help_text=GUIDE_HELP[name],
            )


class GuideDiffForm(forms.Form):
    """Which two versions to compare (GET)."""

    old = forms.TypedChoiceField(label="旧版本", coerce=int)
    new = forms.TypedChoiceField(label="新版本", coerce=int)

    def __init__(self, *args: Any, versions: Sequence[Guide], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (g.version, f"第{g.version}版{'（已发布）' if g.is_published else '（草稿）'}")
            for g in versions
        ]
        self.fields["old"].choices = choices  # type: ignore[attr-defined]
        self.fields["new"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise forms.ValidationError("请选择两个不同的版本进行比较")
        return data


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=60)
    parent = forms.TypedChoiceField(
        label="上级栏目",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="不选则为一级栏目；栏目最多三级",
    )
    freshness = forms.ChoiceField(
        label="更新类别",
        choices=Freshness.choices,
        help_text="决定栏目更新检查的期限：动态要闻类2周，通知公告、政策文件类6个月，"
        "人事、规划计划类1年",
    )
    description = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(
        self, *args: Any, parents: Sequence[tuple[Column, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._parents = {column.pk: column for column, _ in parents}
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", "（无，作为一级栏目）"),
            *((column.pk, label) for column, label in parents),
        ]

    def clean_parent(self) -> Column | None:
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        if pk not in self._parents:
            raise forms.ValidationError("请选择本机构启用中的栏目作为上级栏目")
        return self._parents[pk]


class ThemeForm(forms.Form):
    name = forms.CharField(label="分类名称", max_length=50)


class ThemeCreateForm(ThemeForm):
    parent = forms.TypedChoiceField(
        label="上级分类",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="不选则新增一级分类（编码如 23）；选择后新增二级分类（编码如 05.06）",
    )

    def __init__(self, *args: Any, parents: Sequence[Theme] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parents = {theme.pk: theme for theme in parents}
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", "（无，作为一级分类）"),
            *((theme.pk, f"{theme.code} {theme.name}") for theme in parents),
        ]
        self.order_fields(["parent", "name"])

    def clean_parent(self) -> Theme | None:
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        if pk not in self._parents:
            raise forms.ValidationError("请选择启用中的一级分类")
        return self._parents[pk]
