"""``gongkai search rebuild`` and ``gongkai search query``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.search import index
from gongkai.search.tests.conftest import CATALOGUE

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return caught.value


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "_sources", [])
    index.register_source(lambda: iter(CATALOGUE))


def test_rebuild_indexes_every_registered_source(source: None):
    index.index_entries([CATALOGUE[0]])
    index.register_source(lambda: CATALOGUE[:0])
    assert run("rebuild") == "已重建检索索引：共 6 篇文件。\n"
    assert index.search(index.SearchQuery(text="防汛")).total == 1


def test_registering_a_source_twice_counts_once(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index, "_sources", [])

    def everything() -> list[index.Entry]:
        return CATALOGUE

    index.register_source(everything)
    index.register_source(everything)
    assert run("rebuild") == "已重建检索索引：共 6 篇文件。\n"


def test_rebuild_without_sources_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index, "_sources", [])
    assert str(fails("rebuild")) == "没有登记任何索引来源，无法重建：请先安装提供文件的模块。"


def test_query_prints_hits(catalogue: object):
    out = run("query", "防汛")
    assert out.splitlines()[:3] == [
        "共 1 条，第 1–1 条：",
        "",
        out.splitlines()[2],
    ]
    assert out.splitlines()[2].startswith(
        "[2] 沙坡头区水务局关于做好2024年【防汛】抗旱工作的通知  2024-05-01"
    )


def test_query_json(catalogue: object):
    data = json.loads(run("query", "低保", "--year", "2018", "--json"))
    assert data["total"] == 1
    assert data["hits"][0]["key"] == 3
    assert data["hits"][0]["published_at"] == "2018-03-01T01:00:00+00:00"
    assert data["query"]["year"] == 2018


def test_query_nothing_found_prints_the_suggestion(catalogue: object):
    assert run("query", "火箭") == (
        "没有找到与“火箭”相关的信息。请检查是否有错别字，或换用更短、更常用的关键词。\n"
    )


def test_query_needs_text():
    assert str(fails("query")) == "缺少参数：检索词"


def test_no_subcommand():
    assert str(fails()) == "请指定子命令：rebuild 或 query"
