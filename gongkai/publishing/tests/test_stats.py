"""Annual-report figures from documents: each document counts once in 1.1 and once in
every channel row that carried it; the queries are a fixed few."""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import User
from gongkai.agencies import actions as agency_actions
from gongkai.agencies.models import Agency
from gongkai.publishing import stats
from gongkai.publishing.importer import import_documents


def load(agency: Agency, *rows: dict[str, Any]) -> None:
    base = {"title": "测试信息", "formed_on": "2018-03-01", "published_at": "2018-03-05"}
    report = import_documents([base | r for r in rows], actor=None, default_agency=agency)
    assert report.errors == [], report.errors


def test_a_document_on_three_channels_counts_once_in_1_1_and_once_in_each_channel_row(
    district: Agency, binhe: Agency, django_assert_num_queries: Any
) -> None:
    load(binhe, {"channels": "weibo;wechat"})

    with django_assert_num_queries(3):
        figures = stats.proactive_legacy(district, 2018)

    assert figures == {
        "1.1": 1,
        "1.1a": 0,
        "1.1b": 0,
        "1.2.1": 0,
        "1.2.2": 1,
        "1.2.3": 1,
        "1.2.4": 1,
        "1.2.5": 0,
    }


def test_other_media_and_reading_points_count_a_document_once_in_1_2_5(
    district: Agency, binhe: Agency
) -> None:
    agency_actions.add_reading_point(
        actor=None, agency=binhe, name="滨河镇便民服务中心查阅点", address="滨河镇便民服务中心"
    )
    load(
        binhe,
        {"channels": "other_media:中卫日报;reading_point;other_media:沙坡头区广播电视台"},
        {"channels": "reading_point"},
    )

    figures = stats.proactive_legacy(district, 2018)

    assert (figures["1.1"], figures["1.2.2"], figures["1.2.5"]) == (2, 2, 2)


def test_normative_documents_and_the_subtree_and_the_year_are_respected(
    district: Agency, binhe: Agency, wenchang: Agency
) -> None:
    load(
        binhe,
        {"is_normative": "是", "issued_on": "2018-02-27", "channels": "gazette:2018-1"},
        # issued in 2017, published in 2018: disclosed in 2018, not issued in 2018
        {"is_normative": "是", "issued_on": "2017-12-20", "formed_on": "2017-12-20"},
        # issued in 2018 but not yet published: issued, not disclosed
        {
            "is_normative": "是",
            "issued_on": "2018-11-02",
            "formed_on": "2018-11-02",
            "published_at": "",
        },
        # published in 2019, carried by Weibo in 2019
        {"published_at": "2019-01-03", "formed_on": "2018-12-28", "channels": "weibo"},
    )
    load(wenchang, {}, {})

    binhe_2018 = stats.proactive_legacy(binhe, 2018)
    district_2018 = stats.proactive_legacy(district, 2018)
    binhe_2019 = stats.proactive_legacy(binhe, 2019)

    assert binhe_2018 == {
        "1.1": 2,
        "1.1a": 2,
        "1.1b": 2,
        "1.2.1": 1,
        "1.2.2": 2,
        "1.2.3": 0,
        "1.2.4": 0,
        "1.2.5": 0,
    }
    assert (district_2018["1.1"], district_2018["1.2.2"]) == (4, 4)
    assert (binhe_2019["1.1"], binhe_2019["1.2.2"], binhe_2019["1.2.3"]) == (1, 1, 1)


def test_a_withdrawn_document_was_still_disclosed_that_year(
    district: Agency, binhe: Agency, alice: User
) -> None:
    from gongkai.publishing.actions import withdraw_document
    from gongkai.publishing.models import Document

    load(binhe, {})
    withdraw_document(actor=alice, document=Document.objects.get(), notice="内容有误，已撤回")

    assert stats.proactive_legacy(district, 2018)["1.1"] == 1


def test_table_two_of_the_2021_form_counts_issued_repealed_and_in_force(
    district: Agency, binhe: Agency, django_assert_num_queries: Any
) -> None:
    normative = {"is_normative": "是"}
    load(
        binhe,
        normative | {"issued_on": "2018-03-01"},  # in force
        normative
        | {"issued_on": "2015-03-01", "formed_on": "2015-03-01", "published_at": "2015-03-02"},
        normative
        | {
            "issued_on": "2016-03-01",
            "formed_on": "2016-03-01",
            "published_at": "2016-03-02",
            "repealed_on": "2018-06-30",
        },
        normative
        | {
            "issued_on": "2016-04-01",
            "formed_on": "2016-04-01",
            "published_at": "2016-04-02",
            "validity": "失效",
            "validity_changed_on": "2017-12-31",
        },
        normative
        | {
            "issued_on": "2016-05-01",
            "formed_on": "2016-05-01",
            "published_at": "2016-05-02",
            "repealed_on": "2019-01-10",
        },
        {"is_regulation": "是", "issued_on": "2018-05-01"},
    )

    with django_assert_num_queries(1):
        table = stats.proactive_2021(district, 2018)

    assert table == {
        "art20_1.regulation.issued": 1,
        "art20_1.regulation.repealed": 0,
        "art20_1.regulation.in_force": 1,
        "art20_1.normative.issued": 1,
        "art20_1.normative.repealed": 1,
        "art20_1.normative.in_force": 3,
        "art20_5.licensing": None,
        "art20_6.penalty": None,
        "art20_6.coercion": None,
        "art20_8.fees_10k_yuan": None,
    }


def test_on_time_rate_of_the_year(
    district: Agency, binhe: Agency, django_assert_num_queries: Any
) -> None:
    load(
        binhe,
        {"formed_on": "2018-03-01", "published_at": "2018-03-05"},
        {"formed_on": "2018-03-01", "published_at": "2018-05-02"},  # 38 working days later
    )

    with django_assert_num_queries(1):
        figures = stats.on_time(district, 2018)

    assert figures == {"total": 2, "on_time": 1, "late": 1, "rate": 50.0}
