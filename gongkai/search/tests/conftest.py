"""A small named catalogue for the search tests. The search app owns its tables and
knows agencies only by id and path, so no Agency rows are needed:

/00000001/            中卫市沙坡头区人民政府 (district)
  /00000001/00000002/   民政局         /00000001/00000003/  水务局
  /00000001/00000004/   滨河镇
/00000005/            海原县人民政府 (another county)

key what (agency, column, theme, year, validity)
1   民政局 2025 城乡低保资金 公示, 低保 in title and body   (2, 10, 12.01, 2025, valid)
2   水务局 2024 防汛 通知                               (3, 11, 11, 2024, valid)
3   滨河镇 2018 农村低保 名单, 低保 …… 资金 apart           (4, 10, 12.01, 2018, expired)
4   民政局 2020 最低生活保障 细则, 低保 once in the body    (2, 12, 12.02, 2020, repealed)
5   海原县 2023 <script> in the title, ＰＭ２．５           (5, 20, 05, 2023, valid)
6   滨河镇 2024 低保\\n资金 across a line; 张建国 attached (4, 10, 12, 2024, valid)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.search import Entry, index_entries

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
DISTRICT = "/00000001/"
MINZHENG = "/00000001/00000002/"
SHUIWU = "/00000001/00000003/"
BINHE = "/00000001/00000004/"
HAIYUAN = "/00000005/"


def entry(key: int, title: str, body: str, **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "extra": "",
        "agency_id": 2,
        "agency_path": MINZHENG,
        "column_id": 10,
        "theme": "12.01",
        "genre": "gs",
        "year": 2025,
        "validity": "valid",
        "published_at": datetime.datetime(2025, 1, 1, 9, tzinfo=SHANGHAI)
        + datetime.timedelta(minutes=key),
    }
    values.update(fields)
    return Entry(key=key, title=title, body=body, **values)


CATALOGUE = [
    entry(
        1,
        "沙坡头区民政局关于2025年第三季度城乡低保资金发放情况的公示",
        "根据《社会救助暂行办法》，现将2025年第三季度城乡低保资金发放情况公示如下："
        "全区共发放城乡低保资金356.8万元，惠及低保对象1,204户。",
        published_at=datetime.datetime(2025, 10, 10, 9, tzinfo=SHANGHAI),
    ),
    entry(
        2,
        "沙坡头区水务局关于做好2024年防汛抗旱工作的通知",
        "各乡镇、各单位：为做好2024年防汛工作，确保水库安全度汛，现通知如下。",
        agency_id=3,
        agency_path=SHUIWU,
        column_id=11,
        theme="11",
        genre="tz",
        year=2024,
        published_at=datetime.datetime(2024, 5, 1, 9, tzinfo=SHANGHAI),
    ),
    entry(
        3,
        "滨河镇2018年农村低保对象名单公示",
        "经村民代表评议，确定农村低保对象12户。各村要管好用好救助资金，接受群众监督。",
        agency_id=4,
        agency_path=BINHE,
        year=2018,
        validity="expired",
        published_at=datetime.datetime(2018, 3, 1, 9, tzinfo=SHANGHAI),
    ),
    entry(
        4,
        "沙坡头区民政局关于印发《城乡居民最低生活保障实施细则》的通知",
        "各乡镇人民政府：现将《城乡居民最低生活保障实施细则》印发给你们，"
        "请认真贯彻执行。本细则所称低保，是指城乡居民最低生活保障。",
        column_id=12,
        theme="12.02",
        genre="tz",
        year=2020,
        validity="repealed",
        published_at=datetime.datetime(2020, 6, 1, 9, tzinfo=SHANGHAI),
    ),
    entry(
        5,
        "<script>alert(1)</script>海原县关于空气质量的说明",
        "２０２３年全县ＰＭ２．５平均浓度为２８微克/立方米，空气质量优良天数比例为９０％。",
        agency_id=5,
        agency_path=HAIYUAN,
        column_id=20,
        theme="05",
        genre="sm",
        year=2023,
        published_at=datetime.datetime(2023, 7, 1, 9, tzinfo=SHANGHAI),
    ),
    entry(
        6,
        "滨河镇2024年第二季度救助情况",
        "本季度发放城乡低保\n资金12.5万元，临时救助资金3万元。",
        extra="附件：救助对象名单\n1 张建国 滨河村三组 600\n2 李秀英 滨河村五组 600",
        agency_id=4,
        agency_path=BINHE,
        theme="12",
        year=2024,
        published_at=datetime.datetime(2024, 7, 1, 9, tzinfo=SHANGHAI),
    ),
]


@pytest.fixture
def catalogue(db: None) -> Iterator[list[Entry]]:
    index_entries(CATALOGUE)
    yield CATALOGUE
