"""The demo catalogue reproduces the seed report's 2018 figures from individual records."""

from __future__ import annotations

from django.db.models import Count

from gongkai.agencies.models import Agency
from gongkai.demo.disclosure import load_demo_catalogue
from gongkai.demo.district import load_demo_district
from gongkai.pii.scanner import scan
from gongkai.publishing import stats
from gongkai.publishing.models import Document, GazetteIssue, Guide, Status


def test_demo_catalogue_gives_the_seed_report_figures_and_current_work(db) -> None:
    root = load_demo_district()

    summary = load_demo_catalogue(root)

    # rules.md §3 rows 1.1–1.2.5 as printed in the seed's 统计表
    assert stats.proactive_legacy(root, 2018) == {
        "1.1": 10947,
        "1.1a": 15,
        "1.1b": 15,
        "1.2.1": 52,
        "1.2.2": 4876,
        "1.2.3": 894,
        "1.2.4": 1233,
        "1.2.5": 3892,
    }
    assert summary.documents_2018 == 10947
    agencies = Agency.objects.count()
    assert Guide.objects.filter(is_published=True, version=1).count() == agencies == 28
    issues = GazetteIssue.objects.filter(agency=root, year=2018, status="published")
    assert list(issues.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    # 92 items at the district service centre, 2352 at the units' own reading points
    points = Document.objects.filter(publications__channel="reading_point")
    assert points.filter(agency=root).count() == 92
    assert points.exclude(agency=root).count() == 2352
    numbers = Document.objects.filter(published_at__year=2018).values_list("index_no", flat=True)
    assert all(n.endswith(tuple(f"/2018-{i:05d}" for i in range(1, 1000))) for n in numbers)
    assert len(set(numbers)) == 10947
    normative = Document.objects.filter(is_normative=True, issued_on__year=2018)
    assert sorted(normative.values_list("doc_number", flat=True))[:2] == [
        "卫沙政办规发〔2018〕1号",
        "卫沙政办规发〔2018〕2号",
    ]
    late = Document.objects.filter(published_at__year=2018, on_time=False).count()
    assert 0 < late < 1000
    # this year's work: every state, for each of the 28 agencies
    current = Document.objects.exclude(published_at__year=2018)
    states = dict(current.values_list("status").annotate(n=Count("id")).order_by())
    assert states == {
        Status.DRAFT: 2 * agencies,
        Status.IN_REVIEW: 2 * agencies,
        Status.IN_APPROVAL: agencies,
        Status.SCHEDULED: agencies,
        Status.PUBLISHED: 2 * agencies,
        Status.WITHDRAWN: agencies,
    }
    waiting = current.filter(status=Status.IN_REVIEW)
    flagged = [d for d in waiting if any(h.blocks_publication for h in scan(d.body_text))]
    assert len(flagged) == agencies
