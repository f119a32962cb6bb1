"""主题分类 (the two-level subject taxonomy every agency shares): who keeps it and every
change to it, each one audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404

from gongkai.accounts.models import User
from gongkai.agencies.access import is_top_office_admin
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.publishing.catalogue import THEME_TRACKED, CatalogueError, _invalidate_public_pages
from gongkai.publishing.models import Theme


def can_manage_themes(user: User | AnonymousUser) -> bool:
    """主题分类 is shared by every agency, so (like the working-day calendar) it is kept
    by a superuser or a 公开办管理员 of a top-level agency."""
    return is_top_office_admin(user)


def get_theme_for_user(user: User, pk: int, *, change: bool = False) -> Theme:
    if not user.is_authenticated or not user.is_active:
        raise Http404("没有找到该主题分类")
    theme = Theme.objects.select_related("parent").filter(pk=pk).first()
    if theme is None:
        raise Http404("没有找到该主题分类")
    if change and not can_manage_themes(user):
        raise PermissionDenied("只有区政府公开办管理员可以修改主题分类")
    return theme


def _log_theme(actor: User | None, theme: Theme, action: str, summary: str, changes: Any) -> None:
    record_event(
        actor=actor, obj=theme, action=f"catalogue.{action}", summary=summary, changes=changes
    )


def next_theme_code(parent: Theme | None) -> str:
    """The next free code: ``NN`` for a top-level theme, ``NN.MM`` below ``parent``."""
    if parent is None:
        codes = Theme.objects.filter(parent__isnull=True).values_list("code", flat=True)
        numbers = [int(c) for c in codes if c.isdigit()]
        prefix = ""
    else:
        codes = Theme.objects.filter(code__startswith=f"{parent.code}.").values_list(
            "code", flat=True
        )
        tails = (c[len(parent.code) + 1 :] for c in codes)
        numbers = [int(t) for t in tails if t.isdigit()]
        prefix = f"{parent.code}."
    number = max(numbers, default=0) + 1
    if number > 99:
        raise ValidationError({"name": "该级主题分类的编码已用完（最多99个）"})
    return f"{prefix}{number:02d}"


def _check_theme_name(theme: Theme) -> None:
    theme.name = theme.name.strip()
    if not theme.name:
        raise ValidationError({"name": "请填写分类名称"})
    if len(theme.name) > 50:
        raise ValidationError({"name": "分类名称不能超过50个字"})
    twin = Theme.objects.filter(parent=theme.parent_id, name=theme.name).exclude(pk=theme.pk)
    if twin.exists():
        raise ValidationError({"name": f"同一级已有名为“{theme.name}”的主题分类"})


@transaction.atomic
def create_theme(*, actor: User | None, name: str, parent: Theme | None = None) -> Theme:
    """Add a level-1 theme (``parent`` None) or a level-2 theme with the next free code."""
    if parent is not None:
        parent = Theme.objects.select_for_update().get(pk=parent.pk)
        if parent.parent_id is not None:
            raise ValidationError({"parent": "主题分类只有两级，只能在一级分类下添加"})
        if not parent.is_active:
            raise ValidationError({"parent": f"“{parent.name}”已停用，请先启用"})
    else:
        list(Theme.objects.select_for_update().filter(parent__isnull=True).values_list("pk"))
    theme = Theme(name=name, parent=parent)
    _check_theme_name(theme)
    theme.code = next_theme_code(parent)
    last = Theme.objects.filter(parent=parent).aggregate(m=Max("sort_order"))["m"]
    theme.sort_order = 0 if last is None else last + 1
    theme.save()
    _log_theme(
        actor,
        theme,
        "theme_created",
        f"新增主题分类“{theme.code} {theme.name}”",
        diff({}, snapshot(theme, THEME_TRACKED), Theme),
    )
    transaction.on_commit(_invalidate_public_pages)
    return theme


@transaction.atomic
def rename_theme(*, actor: User | None, theme: Theme, name: str) -> Theme:
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    before = snapshot(theme, THEME_TRACKED)
    theme.name = name
    _check_theme_name(theme)
    changes = diff(before, snapshot(theme, THEME_TRACKED), Theme)
    if changes:
        theme.save(update_fields=["name"])
        _log_theme(
            actor, theme, "theme_renamed", f"主题分类{theme.code}改名为“{theme.name}”", changes
        )
        transaction.on_commit(_invalidate_public_pages)
    return theme


@transaction.atomic
def deactivate_theme(*, actor: User | None, theme: Theme) -> list[Theme]:
    """停用 a theme (and, for a level-1 theme, its level-2 themes). Documents keep it;
    it is no longer offered for new ones."""
    items = [theme, *Theme.objects.filter(parent=theme.pk).order_by("code")]
    done = []
    for item in Theme.objects.select_for_update().filter(pk__in=[t.pk for t in items]):
        if not item.is_active:
            continue
        before = snapshot(item, THEME_TRACKED)
        item.is_active = False
        item.save(update_fields=["is_active"])
        _log_theme(
            actor,
            item,
            "theme_deactivated",
            f"停用主题分类“{item.code} {item.name}”",
            diff(before, snapshot(item, THEME_TRACKED), Theme),
        )
        done.append(item)
    if not done:
        raise CatalogueError(f"主题分类“{theme.name}”已经停用")
    transaction.on_commit(_invalidate_public_pages)
    return done


@transaction.atomic
def reactivate_theme(*, actor: User | None, theme: Theme) -> Theme:
    theme = Theme.objects.select_for_update(of=("self",)).select_related("parent").get(pk=theme.pk)
    if theme.is_active:
        raise CatalogueError(f"主题分类“{theme.name}”已经启用")
    if theme.parent is not None and not theme.parent.is_active:
        raise CatalogueError(f"上级分类“{theme.parent.name}”已停用，请先启用上级分类")
    before = snapshot(theme, THEME_TRACKED)
    theme.is_active = True
    theme.save(update_fields=["is_active"])
    _log_theme(
        actor,
        theme,
        "theme_reactivated",
        f"启用主题分类“{theme.code} {theme.name}”",
        diff(before, snapshot(theme, THEME_TRACKED), Theme),
    )
    transaction.on_commit(_invalidate_public_pages)
    return theme
