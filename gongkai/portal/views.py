"""The public portal: no login; shows only active agencies and public facts."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency, AgencyKind, ReadingPoint
from gongkai.agencies.querysets import in_tree_order


def _portal_root() -> Agency | None:
    """The district the portal is for: the first top-level agency."""
    return Agency.objects.active().roots().order_by("sort_order", "id").first()


def home(request: HttpRequest) -> HttpResponse:
    root = _portal_root()
    counts = {}
    if root is not None:
        rows = (
            Agency.objects.active()
            .subtree_of(root)
            .values("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = {row["kind"]: row["n"] for row in rows}
    return render(
        request,
        "portal/home.html",
        {
            "root": root,
            "department_count": counts.get(AgencyKind.DEPARTMENT, 0),
            "township_count": counts.get(AgencyKind.TOWNSHIP, 0),
        },
    )


def agency_directory(request: HttpRequest) -> HttpResponse:
    agencies = in_tree_order(
        Agency.objects.active().annotate(reading_point_count=Count("reading_points"))
    )
    groups = [
        (label, [a for a in agencies if a.kind == value]) for value, label in AgencyKind.choices
    ]
    return render(
        request,
        "portal/agency_directory.html",
        {"root": _portal_root(), "groups": [(label, items) for label, items in groups if items]},
    )


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(
        Agency.objects.active()
        .select_related("parent")
        .prefetch_related(
            Prefetch("reading_points", queryset=ReadingPoint.objects.order_by("sort_order", "id")),
            Prefetch(
                "children",
                queryset=Agency.objects.active().order_by("sort_order", "id"),
                to_attr="active_children",
            ),
        ),
        slug=slug,
    )
    return render(request, "portal/agency_detail.html", {"root": _portal_root(), "agency": agency})


CHECKS_PER_HOUR = 30


def report_checker(request: HttpRequest) -> HttpResponse:
    """Anyone can paste or upload an annual report and see its tables and findings.
    Nothing is stored."""
    from gongkai.core.ratelimit import allow, client_ip
    from gongkai.reports.actions import review_files
    from gongkai.reports.display import display_tables
    from gongkai.reports.forms import PublicCheckForm

    form = PublicCheckForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        if not allow(
            "report-checker", client_ip(request), limit=CHECKS_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, f"检查过于频繁：每小时最多检查 {CHECKS_PER_HOUR} 次，请稍后再试")
        else:
            upload = form.cleaned_data.get("file")
            if upload is not None:
                files = [(upload.name, upload.read())]
            else:
                files = [("粘贴的文字.txt", form.cleaned_data["text"].encode("utf-8"))]
            [result], _ = review_files(files)
    tables = (
        display_tables(result.report.form, result.report.tables)
        if result is not None and result.report is not None
        else []
    )
    return render(
        request,
        "portal/report_checker.html",
        {"root": _portal_root(), "form": form, "result": result, "tables": tables},
    )
