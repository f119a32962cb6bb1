"""Feeding the index: insert, replace, remove, clear; inside the caller's transaction;
many entries at once through worker processes."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from gongkai import search
from gongkai.search import SearchQuery, index_entries, remove_entries
from gongkai.search.models import SearchDocument
from gongkai.search.tests.conftest import CATALOGUE, SHANGHAI, entry

pytestmark = pytest.mark.django_db


def keys(text: str, **filters: object) -> list[int]:
    page = search.search(SearchQuery(text=text, limit=100, **filters))  # type: ignore[arg-type]
    assert page.total == len(page.hits)
    return sorted(h.key for h in page.hits)


def test_index_entries_returns_how_many_were_written():
    assert index_entries(CATALOGUE) == len(CATALOGUE)
    assert index_entries([]) == 0
    assert SearchDocument.objects.count() == len(CATALOGUE)


def test_indexing_the_same_key_again_replaces_the_entry(catalogue: list[search.Entry]):
    index_entries(
        [entry(3, "滨河镇2018年农村特困人员名单公示", "确定特困供养对象5人。", year=2018)]
    )
    assert keys("特困") == [3]
    assert keys("低保") == [1, 4, 6]  # 3 no longer mentions it
    assert keys("低保", year=2018) == []
    assert SearchDocument.objects.count() == len(CATALOGUE)


def test_replacing_many_times_leaves_one_row(db: None):
    for n in range(5):
        index_entries([entry(7, f"第{n}次修订的通知", f"修订内容{n}")])
    assert keys("修订") == [7]
    assert keys("通知") == [7]
    assert SearchDocument.objects.get().title == "第4次修订的通知"


def test_remove_entries(catalogue: list[search.Entry]):
    remove_entries([1, 3, 999])
    assert keys("低保") == [4, 6]
    remove_entries([])
    assert SearchDocument.objects.count() == len(CATALOGUE) - 2


def test_clear(catalogue: list[search.Entry]):
    search.clear()
    assert keys("低保") == []
    index_entries(CATALOGUE[:1])
    assert keys("低保") == [1]


def test_indexing_after_the_callers_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        transaction.on_commit(lambda: index_entries(CATALOGUE[:2]))
        assert keys("防汛") == []  # not yet
    assert keys("防汛") == [2]


def test_indexing_rolls_back_with_the_callers_transaction(db: None):
    with pytest.raises(RuntimeError), transaction.atomic():
        index_entries(CATALOGUE)
        assert keys("防汛") == [2]
        raise RuntimeError("the caller failed")
    assert keys("防汛") == []
    assert keys("低保") == []


def test_removal_rolls_back_with_the_callers_transaction(catalogue: list[search.Entry]):
    with pytest.raises(RuntimeError), transaction.atomic():
        remove_entries([2])
        raise RuntimeError("the caller failed")
    assert keys("防汛") == [2]


def test_same_second_and_same_low_key_bits_do_not_collide(db: None):
    moment = datetime.datetime(2024, 1, 1, 8, tzinfo=SHANGHAI)
    a = entry(5, "第一份公告", "同一秒发布", published_at=moment)
    b = entry(5 + 2**22, "第二份公告", "同一秒发布", published_at=moment)
    index_entries([a])
    index_entries([b])
    assert keys("公告") == [5, 5 + 2**22]
    index_entries([a])  # replacing keeps both
    assert keys("同一秒") == [5, 5 + 2**22]


def test_dates_before_1970_and_long_texts(db: None):
    old = entry(
        1,
        "关于1958年水利建设的档案",
        "水利" * 30_000,
        published_at=datetime.datetime(1958, 3, 1, tzinfo=SHANGHAI),
        year=1958,
    )
    index_entries([old])
    page = search.search(SearchQuery(text="水利"))
    assert [h.key for h in page.hits] == [1]
    assert page.hits[0].published_at.year == 1958


def test_many_entries_are_prepared_by_worker_processes(db: None):
    many = [
        entry(
            k, f"第{k}号文件", f"关于第{k}批次项目的公示，项目编号XM{k:05d}。", year=2000 + k % 20
        )
        for k in range(1, 2_501)
    ]
    assert index_entries(many, processes=2) == 2_500
    assert search.search(SearchQuery(text="公示")).total == 2_500
    assert keys("xm01234") == [1234]
    assert search.search(SearchQuery(text="公示", year=2005)).total == 125


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's contentless FTS5 table")
def test_flush_leaves_no_orphans_in_the_fts5_table(catalogue: list[search.Entry]):
    from django.apps import apps

    from gongkai.search.apps import _forget_orphans

    SearchDocument.objects.all().delete()  # what `flush` does between transactional tests
    _forget_orphans(apps.get_app_config("search"))  # flush then sends post_migrate
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts_docsize")
        assert cursor.fetchone()[0] == 0
    index_entries(CATALOGUE[:1])
    assert keys("低保") == [1]


def test_a_failing_bulk_load_raises_its_own_error(db: None):
    def entries() -> Iterator[search.Entry]:
        for k in range(1, 1_500):
            yield entry(k, f"第{k}号文件", "内容")
        raise ValueError("the source broke")

    with pytest.raises(ValueError, match="the source broke"):
        index_entries(entries(), processes=1)
    if connection.vendor == "sqlite":  # merging is switched back on
        with connection.cursor() as cursor:
            cursor.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'")
            assert cursor.fetchone()[0] == 4


def test_the_database_check_passes():
    from gongkai.search.checks import check_database

    assert check_database() == []


def test_text_choices_values_reach_the_worker_processes(db: None):
    from django.db import models

    class Genre(models.TextChoices):  # a str subclass the workers cannot import
        NOTICE = "tz", "通知"

    many = [entry(k, f"第{k}号通知", "内容", genre=Genre.NOTICE) for k in range(1, 1_202)]
    assert index_entries(many, processes=2) == 1_201
    assert search.search(SearchQuery(text="通知", genre="tz")).total == 1_201
