"""Chinese full-text search at scale: import rate and query latency against "the floor".

    .venv/bin/python benchmarks/search.py                     # 1,000,000 documents, SQLite
    .venv/bin/python benchmarks/search.py --n 100000
    .venv/bin/python benchmarks/search.py --n 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench

Generates N realistic disclosure documents deterministically (titles such as
"沙坡头区民政局关于2025年第三季度城乡低保资金发放情况的公示", bodies of government
phrases with varied place names and numbers, median ~1,500 characters), imports them
through ``import_documents`` (today: ``gongkai.search.index_entries``), then runs a fixed
mix of rare, common, two-character and phrase queries through ``gongkai.search.search``
and through "the floor", and prints p50/p95 of both.

The floor is the raw SQL (on the DB-API cursor, query already segmented) that returns
the same first page — keys with title, body, attachment text and date, as a page of
results needs — and the same total: the FTS5 MATCH / tsquery with the filters, bm25 or
ts_rank order, the phrase check, and the count. Every query's page and total are
checked to be equal to ``search()``'s before timing. The ratio is thus what parsing,
highlighting and Python cost on top of the database's own work.

The database is always a throw-away one: a temporary SQLite file, or for PostgreSQL the
database named in the URL (its name must contain "bench"), created and dropped by the
script. 1,000,000 documents take ~25 minutes and ~20 GB of temporary disk on SQLite.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20250930
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

# --- the corpus ---------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


REGIONS = _words(
    "沙坡头区 中宁县 海原县 兴庆区 金凤区 西夏区 永宁县 贺兰县 灵武市 "
    "大武口区 惠农区 平罗县 利通区 红寺堡区 盐池县 同心县 青铜峡市 原州区 "
    "西吉县 隆德县 泾源县 彭阳县"
)
CITY_OF = dict.fromkeys(REGIONS[:3], "中卫市") | dict.fromkeys(REGIONS[3:9], "银川市")
TOWN_HEADS = _words(
    "宣和 永康 镇罗 东园 柔远 常乐 兴仁 香山 迎水 滨河 文昌 宁安 石空 "
    "白马 余丁 鸣沙 恩和 新堡 大战场 徐套 喊叫水 舟塔 李旺 西安 树台 关桥 "
    "贾塘 史店 曹洼 甘城 红羊 郑旗 九彩 园艺 三营 黄铎堡 张易 开城 彭堡 "
    "头营 官厅 什字 沙塘 联财 神林 好水 观庄 陈靳 凤城 山河 新集 黄峁山 "
    "城阳 古城 草庙 孟塬 冯庄 小岔 交岔 王洼 罗洼"
)
NAME_CHARS = (
    "张王李刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕建国建华志强"
    "海燕小红春梅淑珍凤英文学德福有才永红秀珍学军卫东建军晓东亚军金花彩霞宏伟海龙"
)
VILLAGE_CHARS = (
    "东西南北上下前后新旧大小高低长宽丰庆兴隆安宁和平永泰福寿康乐红光胜利团结先锋"
    "沙河湾滩沟梁峁塬川堡寨营屯庄井泉柳杨榆槐桃杏枣梨花果园林山石岭坡台城关"
)
DEPARTMENTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # department: (theme code, short name, topics)
    "民政局": (
        "12",
        "民政",
        (
            "城乡低保",
            "低保资金",
            "特困人员供养",
            "临时救助",
            "残疾人两项补贴",
            "高龄津贴",
            "养老服务",
            "婚姻登记",
            "社会组织年检",
            "殡葬改革",
            "孤儿基本生活费",
            "留守儿童关爱",
        ),
    ),
    "财政局": (
        "05",
        "财政",
        (
            "预算执行",
            "部门决算",
            "政府采购",
            "专项资金",
            "转移支付",
            "国有资产管理",
            "惠民惠农财政补贴",
            "政府债务",
            "三公经费",
            "财政监督检查",
        ),
    ),
    "教育局": (
        "13",
        "教育",
        (
            "义务教育",
            "学前教育资助",
            "营养改善计划",
            "校舍安全",
            "教师招聘",
            "学生资助",
            "中考招生",
            "控辍保学",
            "课后服务",
        ),
    ),
    "卫生健康局": (
        "14",
        "卫生健康",
        (
            "基本公共卫生服务",
            "家庭医生签约",
            "疫苗接种",
            "传染病防控",
            "计划生育奖励扶助",
            "医疗机构监管",
            "健康扶贫",
            "爱国卫生运动",
        ),
    ),
    "人力资源和社会保障局": (
        "06",
        "人社",
        (
            "就业创业",
            "城乡居民养老保险",
            "工伤保险",
            "农民工工资支付",
            "职业技能培训",
            "公益性岗位",
            "事业单位公开招聘",
            "创业担保贷款",
        ),
    ),
    "自然资源局": (
        "08",
        "自然资源",
        (
            "土地征收",
            "国土空间规划",
            "不动产登记",
            "耕地保护",
            "矿产资源",
            "地质灾害防治",
            "国有建设用地使用权出让",
        ),
    ),
    "住房和城乡建设局": (
        "09",
        "住建",
        (
            "农村危房改造",
            "老旧小区改造",
            "保障性住房",
            "建筑施工安全",
            "物业管理",
            "燃气安全",
            "棚户区改造",
            "城市供热",
        ),
    ),
    "农业农村局": (
        "10",
        "农业农村",
        (
            "耕地地力保护补贴",
            "农机购置补贴",
            "高标准农田建设",
            "动物防疫",
            "农村人居环境整治",
            "秸秆综合利用",
            "枸杞产业",
            "滩羊产业",
            "农村土地承包",
        ),
    ),
    "水务局": (
        "11",
        "水务",
        (
            "防汛抗旱",
            "农村饮水安全",
            "河长制",
            "水土保持",
            "灌区节水改造",
            "水资源费征收",
        ),
    ),
    "交通运输局": (
        "15",
        "交通",
        ("农村公路建设", "道路运输许可", "公路养护", "城乡公交", "治超治限", "出租汽车管理"),
    ),
    "生态环境局": (
        "16",
        "生态环境",
        (
            "大气污染防治",
            "环境影响评价",
            "排污许可",
            "黄河生态保护",
            "环境行政处罚",
            "中央生态环境保护督察整改",
        ),
    ),
    "市场监督管理局": (
        "17",
        "市场监管",
        (
            "食品安全抽检",
            "特种设备安全",
            "价格监督检查",
            "企业信用监管",
            "双随机一公开",
            "药品安全",
        ),
    ),
    "应急管理局": (
        "18",
        "应急管理",
        ("安全生产", "森林草原防灭火", "自然灾害救助", "危险化学品", "应急预案演练"),
    ),
    "医疗保障局": (
        "19",
        "医疗保障",
        ("城乡居民医保", "医保基金监管", "大病保险", "门诊慢特病", "医保参保缴费", "异地就医"),
    ),
    "乡村振兴局": (
        "20",
        "乡村振兴",
        ("巩固拓展脱贫攻坚成果", "防止返贫监测", "衔接资金", "扶贫项目资产", "以工代赈"),
    ),
    "统计局": ("03", "统计", ("经济运行", "人口普查", "农业普查", "统计公报", "统计执法")),
    "人民政府办公室": (
        "01",
        "政府",
        (
            "政府信息公开",
            "政务服务",
            "优化营商环境",
            "政府工作报告",
            "重大行政决策",
            "规范性文件清理",
            "建议提案办理",
        ),
    ),
}
TOWN_TOPICS = (
    "城乡低保",
    "农村危房改造",
    "耕地地力保护补贴",
    "防止返贫监测",
    "农村人居环境整治",
    "村务公开",
    "防汛抗旱",
    "秸秆禁烧",
    "森林草原防灭火",
    "城乡居民医保",
    "村级集体经济",
    "高龄津贴",
)
GENRES = (
    # code, name, weight
    ("gs", "公示", 22),
    ("tz", "通知", 25),
    ("gg", "公告", 8),
    ("bg", "报告", 8),
    ("pf", "批复", 6),
    ("fa", "方案", 8),
    ("yj", "意见", 5),
    ("bf", "办法", 4),
    ("jd", "决定", 4),
    ("hb", "函", 4),
    ("qt", "其他", 6),
)
PERIODS = ("第一季度", "第二季度", "第三季度", "第四季度", "上半年", "下半年", "度", "1月", "6月")
THINGS = (
    "资金发放",
    "资金分配",
    "项目实施",
    "审核确认",
    "绩效评价",
    "专项检查",
    "动态调整",
    "政策落实",
)
PLANS = ("实施方案", "工作方案", "管理办法", "实施细则", "考核办法", "应急预案", "行动计划")
PROJECT_KINDS = (
    "道路硬化工程",
    "饮水安全巩固提升工程",
    "高标准农田建设项目",
    "村级综合服务中心建设项目",
    "日间照料中心建设项目",
    "排水管网改造工程",
    "光伏扶贫电站项目",
    "冷链物流仓储项目",
    "老旧小区改造项目",
    "学校运动场改造工程",
)

OPENINGS = (
    "为深入贯彻落实党中央、国务院关于{topic}的决策部署，进一步规范{topic}工作，根据《{law}》和自治区有关规定，结合{region}实际，",
    "根据《中华人民共和国政府信息公开条例》和{city}{topic}工作安排，",
    "为切实做好{year}年{topic}工作，确保各项政策落到实处，经{agency}研究决定，",
    "按照自治区{dept}《关于做好{year}年{topic}工作的通知》要求，",
    "为保障人民群众合法权益，推动{topic}工作规范化、制度化、常态化，",
)
LAWS = (
    "社会救助暂行办法",
    "中华人民共和国预算法",
    "中华人民共和国土地管理法",
    "中华人民共和国行政许可法",
    "中华人民共和国安全生产法",
    "中华人民共和国食品安全法",
    "宁夏回族自治区最低生活保障办法",
    "中华人民共和国环境保护法",
    "中华人民共和国义务教育法",
    "医疗保障基金使用监督管理条例",
)
SENTENCES = (
    "{year}年{period}，全{unit}共发放{topic}资金{money}万元，惠及{num}户{num2}人。",
    "{town}{village}、{town2}{village2}等{small}个行政村共计{num}户纳入{topic}范围。",
    "经村民代表大会评议、镇人民政府审核、{dept}审批，现将有关情况予以公示。",
    "公示期间，如有异议，请以书面形式向{agency}反映，联系电话：0955-{phone}。",
    "各乡镇、各部门要高度重视，明确责任分工，确保{topic}工作按时完成。",
    "{year}年{month}月{day}日，{agency}组织召开{topic}工作推进会，{person}同志出席会议并讲话。",
    "截至{year}年{month}月底，{topic}累计完成投资{money}万元，占年度计划的{pct}%。",
    "对群众反映的{topic}问题，要建立台账、逐项销号，做到件件有落实、事事有回音。",
    "严格落实“四个不摘”要求，持续巩固{topic}成果，坚决守住不发生规模性返贫的底线。",
    "项目建设地点位于{town}{village}，建设内容包括{project}，总投资{money}万元。",
    "资金来源为中央财政衔接推进乡村振兴补助资金{money}万元、自治区配套资金{money2}万元。",
    "{person}、{person2}等{small}名同志符合{topic}条件，经审核予以确认。",
    "各单位要加强{topic}资金监管，严禁截留、挤占、挪用，确保资金安全规范使用。",
    "对违反规定的，依法依规追究有关单位和人员责任；构成犯罪的，依法移送司法机关处理。",
    "本{genre}自印发之日起施行，有效期{small}年。{year}年印发的有关文件同时废止。",
    "各乡镇人民政府、区直各部门要结合实际，制定具体实施方案，于{month}月{day}日前报送{agency}。",
    "{town}镇{village}党支部书记{person}介绍，今年以来共开展{topic}宣传活动{small}场次，发放宣传资料{num}份。",
    "全年完成{topic}目标任务{num}人次，同比增长{pct}%，群众满意度达到{pct2}%。",
    "坚持以人民为中心的发展思想，统筹推进{topic}和{topic2}工作，不断增强人民群众获得感、幸福感、安全感。",
    "根据监测数据，{region}空气质量优良天数比例为{pct}%，PM2.5平均浓度为{small}微克/立方米。",
    "申请人应当提交身份证、户口簿、收入证明等材料，由户籍所在地乡镇人民政府受理。",
    "办理时限为{small}个工作日，不收取任何费用，可通过“我的宁夏”APP在线申请。",
    "{dept}将会同财政、审计等部门对{topic}开展专项检查，检查结果纳入年度效能目标考核。",
    "二、工作任务（一）全面摸排底数。以行政村为单位，对辖区内{topic}对象进行全面排查。",
    "三、保障措施（一）加强组织领导。成立由分管副区长任组长的{topic}工作领导小组。",
    "（二）强化督查考核。将{topic}工作纳入年度目标管理考核，实行月调度、季通报。",
    "（三）加强宣传引导。充分利用广播电视、微信公众号等媒体，广泛宣传{topic}政策。",
    "附件：{year}年{region}{topic}{thing}明细表",
    "{person}，男，{age}岁，{town}{village}村民，家庭人口{small}人，因病致贫，申请{topic}。",
    "{person}，女，{age}岁，{town}{village}{group}组，残疾等级{level}级，享受{topic}每月{money3}元。",
    "{region}人民政府办公室{year}年{month}月{day}日",
    "此次调整后，城市低保标准提高到每人每月{money3}元，农村低保标准提高到每人每年{money4}元。",
    "一是加强组织领导，二是完善工作机制，三是强化资金保障，四是严格督查问效。",
    "会议指出，{topic}事关群众切身利益，要坚持问题导向，补齐短板弱项，推动工作提质增效。",
    "经{region}第{small}次常务会议研究同意，现将《{region}{topic}{plan}》印发给你们，请认真贯彻执行。",
    "{region}{year}年共受理政府信息公开申请{num}件，办结{num2}件，其中予以公开{small}件。",
    "采购项目编号：NXZW-{year}-{phone}，采购预算{money}万元，中标供应商为宁夏{company}有限公司。",
    "依据《{law}》第{small}条规定，决定对{company}有限公司处以罚款{money3}元的行政处罚。",
)
UNITS = ("区", "县", "市", "镇", "乡")
COMPANY_HEADS = _words(
    "塞上 贺兰山 黄河 六盘山 沙湖 西部 宁银 金沙 鑫源 宏达 恒远 华泰 天和 "
    "瑞丰 盛世 鼎盛 嘉禾 昊阳 凯达 银龙"
)
COMPANY_TAILS = ("建设工程", "环保科技", "农业发展", "物业服务", "商贸", "信息技术", "建材")


@dataclasses.dataclass(frozen=True)
class BenchAgency:
    id: int
    name: str
    path: str
    department: str  # a key of DEPARTMENTS, or "" for a township
    region: str
    town: str


@dataclasses.dataclass(frozen=True)
class BenchDoc:
    """One generated document: what the publishing app's importer will receive."""

    key: int
    title: str
    body: str
    attachment_text: str
    agency_id: int
    agency_path: str
    column_id: int | None
    theme: str
    genre: str
    year: int
    validity: str
    published_at: datetime.datetime


def make_agencies() -> list[BenchAgency]:
    agencies = []
    next_id = 1
    for r, region in enumerate(REGIONS):
        root_id = next_id
        next_id += 1
        root_path = f"/{root_id:08d}/"
        agencies.append(
            BenchAgency(root_id, f"{region}人民政府", root_path, "人民政府办公室", region, "")
        )
        for dept in DEPARTMENTS:
            name = f"{region}{dept}"
            path = f"{root_path}{next_id:08d}/"
            agencies.append(BenchAgency(next_id, name, path, dept, region, ""))
            next_id += 1
        for t in range(8):
            head = TOWN_HEADS[(r * 5 + t * 7) % len(TOWN_HEADS)]
            town = head + ("乡" if t % 4 == 3 else "镇")
            path = f"{root_path}{next_id:08d}/"
            agencies.append(BenchAgency(next_id, f"{region}{town}人民政府", path, "", region, town))
            next_id += 1
    return agencies


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))


class CorpusGenerator:
    """Deterministic documents: generator ``doc(i)`` depends only on the seed and i."""

    def __init__(self, seed: int = SEED) -> None:
        self.seed = seed
        self.agencies = make_agencies()
        # townships and the district office publish most; departments vary
        self.agency_weights = list(
            itertools.accumulate(
                (3.0 if a.town else 2.0 if a.department == "人民政府办公室" else 1.0)
                for a in self.agencies
            )
        )
        rng = random.Random(seed)
        self.villages = [
            rng.choice(VILLAGE_CHARS) + rng.choice(VILLAGE_CHARS) + "村" for _ in range(3000)
        ]
        self.village_cum = _zipf_weights(len(self.villages), 0.8)
        self.surnames = NAME_CHARS
        self.given = GIVEN_CHARS
        self.companies = [h + t for h in COMPANY_HEADS for t in COMPANY_TAILS]
        self.genre_cum = list(itertools.accumulate(w for _, _, w in GENRES))

    def _village(self, rng: random.Random) -> str:
        return self.villages[bisect.bisect(self.village_cum, rng.random() * self.village_cum[-1])]

    def _person(self, rng: random.Random) -> str:
        given = rng.choice(self.given) + (rng.choice(self.given) if rng.random() < 0.7 else "")
        return rng.choice(self.surnames) + given

    def _fill(self, template: str, rng: random.Random, ctx: dict[str, str]) -> str:
        values = {
            "money": f"{rng.randint(5, 9000)}.{rng.randint(0, 99):02d}",
            "money2": f"{rng.randint(1, 900)}.{rng.randint(0, 9)}",
            "money3": str(rng.choice((200, 300, 500, 650, 720, 780, 1000, 2000, 5000, 20000))),
            "money4": str(rng.choice((4200, 4800, 5160, 5640, 6000))),
            "num": str(rng.randint(12, 9800)),
            "num2": str(rng.randint(20, 20000)),
            "small": str(rng.randint(2, 30)),
            "pct": f"{rng.randint(40, 120)}.{rng.randint(0, 9)}",
            "pct2": f"{rng.randint(90, 99)}.{rng.randint(0, 9)}",
            "month": str(rng.randint(1, 12)),
            "day": str(rng.randint(1, 28)),
            "age": str(rng.randint(18, 95)),
            "level": rng.choice("一二三四"),
            "group": rng.choice("一二三四五六七八九十"),
            "phone": f"{rng.randint(1000000, 9999999)}",
            "person": self._person(rng),
            "person2": self._person(rng),
            "village": self._village(rng),
            "village2": self._village(rng),
            "town2": rng.choice(TOWN_HEADS) + "镇",
            "project": rng.choice(PROJECT_KINDS),
            "company": rng.choice(self.companies),
            "law": rng.choice(LAWS),
            "period": rng.choice(PERIODS),
            "thing": rng.choice(THINGS),
            "plan": rng.choice(PLANS),
            "unit": rng.choice(UNITS),
        }
        values |= ctx
        return template.format_map(values)

    def doc(self, i: int) -> BenchDoc:
        rng = random.Random(self.seed * 10_000_019 + i)
        agency = self.agencies[
            bisect.bisect(self.agency_weights, rng.random() * self.agency_weights[-1])
        ]
        if agency.town:
            theme_code, dept_short, topics = "20", "乡村振兴", TOWN_TOPICS
        else:
            theme_code, dept_short, topics = DEPARTMENTS[agency.department]
        t = rng.randrange(len(topics))
        topic = topics[min(t, rng.randrange(len(topics)))]  # skewed to the first topics
        topic2 = rng.choice(topics)
        genre_i = bisect.bisect(self.genre_cum, rng.random() * self.genre_cum[-1])
        genre_code, genre_name, _ = GENRES[genre_i]
        year = min(2025, 2012 + int(rng.triangular(0, 15, 13)))
        published = datetime.datetime(year, 1, 1, 9, tzinfo=SHANGHAI) + datetime.timedelta(
            days=rng.randrange(360), minutes=rng.randrange(600)
        )
        town = agency.town or rng.choice(TOWN_HEADS) + "镇"
        ctx = {
            "topic": topic,
            "topic2": topic2,
            "region": agency.region,
            "city": CITY_OF.get(agency.region, "吴忠市"),
            "agency": agency.name,
            "dept": agency.region + (agency.department or "民政局"),
            "year": str(year),
            "town": town,
            "genre": genre_name,
        }
        title = self._fill(
            rng.choice(
                (
                    "{agency}关于{year}年{period}{topic}{thing}情况的公示",
                    "{agency}关于印发《{region}{topic}{plan}》的通知",
                    "{agency}关于{year}年度{topic}工作情况的报告",
                    "关于{town}{village}{project}的批复",
                    "{agency}{year}年{topic}{thing}名单公示",
                    "{region}{year}年政府信息公开工作年度报告",
                    "{agency}关于做好{year}年{topic}工作的通知",
                    "关于{topic}有关事项的公告",
                    "{agency}关于{person}申请{topic}的答复",
                )
            ),
            rng,
            ctx,
        )
        target = max(200, min(12_000, int(rng.lognormvariate(7.31, 0.45))))  # median ~1,500
        parts = [self._fill(rng.choice(OPENINGS), rng, ctx), "现将有关事项通知如下。\n"]
        length = sum(map(len, parts))
        repertoire = rng.sample(SENTENCES, 12)  # documents differ in what they say
        while length < target:
            sentence = self._fill(rng.choice(repertoire), rng, ctx)
            if rng.random() < 0.15:
                sentence += "\n"
            parts.append(sentence)
            length += len(sentence)
        body = "".join(parts)
        extra = ""
        if rng.random() < 0.3:
            rows = [f"{year}年{topic}{rng.choice(THINGS)}明细表", "序号 姓名 所在村组 金额（元）"]
            for n in range(rng.randint(3, 60)):
                rows.append(
                    f"{n + 1} {self._person(rng)} {town}{self._village(rng)}"
                    f"{rng.choice('一二三四五六')}组 {rng.randint(100, 9000)}"
                )
            extra = "\n".join(rows)
        validity = rng.choices(("valid", "expired", "repealed"), (80, 15, 5))[0]
        return BenchDoc(
            key=i + 1,
            title=title,
            body=body,
            attachment_text=extra,
            agency_id=agency.id,
            agency_path=agency.path,
            column_id=None if rng.random() < 0.1 else 1 + genre_i * 3 + len(dept_short) % 3,
            theme=f"{theme_code}.{1 + t:02d}" if rng.random() < 0.7 else theme_code,
            genre=genre_code,
            year=year,
            validity=validity,
            published_at=published,
        )

    def docs(self, n: int) -> Iterator[BenchDoc]:
        return (self.doc(i) for i in range(n))


def _generate_chunk(bounds: tuple[int, int]) -> list[BenchDoc]:
    generator = CorpusGenerator()
    return [generator.doc(i) for i in range(*bounds)]


def generate(n: int, processes: int) -> list[BenchDoc]:
    """All N documents, generated in parallel (each depends only on the seed and its
    number, so the result is the same for any number of processes)."""
    import multiprocessing

    step = 5000
    bounds = [(start, min(n, start + step)) for start in range(0, n, step)]
    if processes <= 1 or n <= step:
        return [doc for b in bounds for doc in _generate_chunk(b)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return [doc for chunk in pool.imap(_generate_chunk, bounds) for doc in chunk]


# --- the import step: through the publishing app's importer --------------------------

#: The generator's genre codes as the platform's 体裁 (publishing.models.Genre).
GENRE_VALUES = {
    "gs": "publicity", "tz": "notice", "gg": "announcement", "bg": "report",
    "pf": "reply", "fa": "plan", "yj": "opinion", "bf": "measures", "jd": "decision",
    "hb": "letter", "qt": "other",
}  # fmt: skip
IMPORT_CHUNK = 50_000


def _create_agencies() -> dict[int, str]:
    """The generated agencies as real Agency rows (in id order, so their paths are the
    ones the generator used); bench id → slug."""
    from gongkai.agencies.models import Agency, AgencyKind, path_segment
    from gongkai.lib.codes import make_credit_code

    slugs: dict[int, str] = {}
    by_id: dict[int, Agency] = {}
    for a in make_agencies():
        parent_path = a.path[: -len(path_segment(a.id)) - 1]
        parent = next((p for p in by_id.values() if p.path == parent_path), None)
        agency = Agency.objects.create(
            name=a.name,
            slug=f"bench-{a.id}",
            kind=AgencyKind.TOWNSHIP if a.town else AgencyKind.DEPARTMENT,
            code=make_credit_code("11640500", f"{a.id:08d}"),
            parent=parent,
            path="",
        )
        agency.path = (parent.path if parent else "/") + path_segment(agency.pk) + "/"
        agency.depth = agency.path.count("/") - 2
        agency.save(update_fields=["path", "depth"])
        if agency.path != a.path:
            raise SystemExit(f"agency path {agency.path} != {a.path}: use an empty database")
        by_id[a.id] = agency
        slugs[a.id] = agency.slug
    return slugs


def _row(d: BenchDoc, slug: str, themes: set[str]) -> dict[str, str]:
    theme = d.theme if d.theme in themes else d.theme.split(".")[0]
    published = d.published_at
    formed = (published - datetime.timedelta(days=3)).date()
    row = {
        "agency": slug,
        "title": d.title,
        "body": d.body,
        "formed_on": formed.isoformat(),
        "published_at": published.isoformat(),
        "genre": GENRE_VALUES.get(d.genre, "other"),
        "theme": theme if theme in themes else "",
        "validity": d.validity,
    }
    if d.validity != "valid":
        changed = min(published.date() + datetime.timedelta(days=400), datetime.date(2026, 1, 1))
        row["validity_changed_on"] = changed.isoformat()
    return row


def import_documents(docs: Sequence[BenchDoc]) -> int:
    """Import through :func:`gongkai.publishing.importer.import_documents` — the path of
    ``gongkai import documents``: every row checked, 索引号 generated, publications and
    the audit event written, then the search index filled after commit. Returns how
    many documents were imported (and indexed)."""
    from gongkai import search
    from gongkai.publishing.importer import import_documents as run_import
    from gongkai.publishing.models import Theme

    slugs = _create_agencies()
    themes = set(Theme.objects.values_list("code", flat=True))
    count = 0
    for start in range(0, len(docs), IMPORT_CHUNK):
        rows = [_row(d, slugs[d.agency_id], themes) for d in docs[start : start + IMPORT_CHUNK]]
        report = run_import(rows, actor=None)
        if not report.ok:
            raise SystemExit(f"import refused: {report.errors[:3]}")
        count += report.imported
    search.optimize()
    return count


# --- the query mix --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BenchQuery:
    label: str
    kind: str
    text: str
    filters: dict[str, Any] = dataclasses.field(default_factory=dict)
    order: str = "relevance"


QUERIES = (
    BenchQuery("张建国", "rare", "张建国"),
    BenchQuery("乐泉村", "rare", "乐泉村"),
    BenchQuery("孤儿基本生活费", "rare", "孤儿基本生活费"),
    BenchQuery("殡葬改革", "rare", "殡葬改革"),
    BenchQuery("枸杞", "rare 2-char", "枸杞"),
    BenchQuery("滩羊", "rare 2-char", "滩羊"),
    BenchQuery("高龄津贴", "medium", "高龄津贴"),
    BenchQuery("贺兰山环保科技", "medium", "贺兰山环保科技"),
    BenchQuery("NXZW-2019", "medium", "NXZW-2019"),
    BenchQuery("宣和镇", "medium", "宣和镇"),
    BenchQuery("镇罗 (not a word)", "medium 2-char", "镇罗"),
    BenchQuery("坡头 (not a word)", "medium 2-char", "坡头"),
    BenchQuery("医保", "medium 2-char", "医保"),
    BenchQuery("防汛", "medium 2-char", "防汛"),
    BenchQuery("“贺兰山环保科技”", "phrase", "“贺兰山环保科技”"),
    BenchQuery("“高龄津贴”", "phrase", "“高龄津贴”"),
    BenchQuery("“城乡低保资金”", "phrase", "“城乡低保资金”"),
    BenchQuery("危房改造", "common", "危房改造"),
    BenchQuery("低保", "common 2-char", "低保"),
    BenchQuery("保资 (not a word)", "common 2-char", "保资"),
    BenchQuery("公示", "common 2-char", "公示"),
    BenchQuery("资金", "common 2-char", "资金"),
    BenchQuery("低保 公示", "two words", "低保 公示"),
    BenchQuery("危房改造 宣和镇", "two words", "危房改造 宣和镇"),
    BenchQuery("低保 year=2020", "filtered", "低保", {"year": 2020}),
    BenchQuery("资金 沙坡头区 subtree", "filtered", "资金", {"agency_path": "/00000001/"}),
    BenchQuery("医保 theme=19", "filtered", "医保", {"theme": "19"}),
    BenchQuery("低保 repealed", "filtered", "低保", {"validity": "repealed"}),
    BenchQuery("低保 by date", "date", "低保", order="date"),
    BenchQuery("危房改造 by date", "date", "危房改造", order="date"),
    BenchQuery("乐泉村 by date", "date", "乐泉村", order="date"),
)


# --- the floor: the same questions as raw SQL on the raw DB-API cursor ---------------


class Floor:
    """Minimal raw SQL returning the same first page (keys with title, body, attachment
    text and date) and the same total. The query is parsed outside the timing."""

    def __init__(self, vendor: str, raw_connection: Any) -> None:
        self.vendor = vendor
        self.raw = raw_connection

    def prepare(self, q: BenchQuery) -> Callable[[], tuple[int, list[int]]]:
        from gongkai.search import query as search_query
        from gongkai.search.index import _filter_terms
        from gongkai.search.types import SearchQuery

        # the terms come from the same parser: the floor is the SQL, not the parsing
        parsed = search_query.parse(q.text)
        words = parsed.index_terms
        filters = _filter_terms(SearchQuery(text=q.text, **q.filters))
        phrases = parsed.phrases
        if self.vendor == "sqlite":
            return self._sqlite(words, filters, phrases, q.order)
        return self._postgres(words, filters, phrases, q.order)

    def _sqlite(
        self, words: list[str], filters: list[str], phrases: list[str], order: str
    ) -> Callable[[], tuple[int, list[int]]]:
        match = "{title body extra} : (" + " AND ".join(f'"{w}"' for w in words) + ")"
        if filters:
            match += " AND meta : (" + " AND ".join(f'"{f}"' for f in filters) + ")"
        bm25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.0)"
        inner = "score, rowid DESC" if order == "relevance" else "rowid DESC"
        outer = "p.score, p.rowid DESC" if order == "relevance" else "p.rowid DESC"
        if phrases:  # one pass over the candidates: page and total together
            source = (
                "search_fts JOIN search_document d ON d.docid = search_fts.rowid "
                "WHERE search_fts MATCH ?" + " AND instr(d.norm, ?) > 0" * len(phrases)
            )
            page = (
                "SELECT rowid, score, count(*) OVER () AS total FROM ("  # noqa: S608
                f"SELECT search_fts.rowid AS rowid, {bm25} AS score FROM {source}"
                f") ORDER BY {inner} LIMIT 20"
            )
        else:
            source = "search_fts WHERE search_fts MATCH ?"
            page = f"SELECT rowid, {bm25} AS score, NULL AS total FROM {source} ORDER BY {inner} LIMIT 20"  # noqa: S608, E501
        page_sql = (
            "SELECT d.key, d.title, d.body, d.extra, d.published_at, p.total "  # noqa: S608
            f"FROM ({page}) p JOIN search_document d ON d.docid = p.rowid ORDER BY {outer}"
        )
        count_sql = f"SELECT count(*) FROM {source}"  # noqa: S608
        params = [match, *phrases]

        def run() -> tuple[int, list[int]]:
            cur = self.raw.cursor()
            rows = cur.execute(page_sql, params).fetchall()
            keys = [r[0] for r in rows]
            if rows and rows[0][5] is not None:
                return rows[0][5], keys
            if len(rows) < 20:
                return len(rows), keys
            return cur.execute(count_sql, params).fetchone()[0], keys

        return run

    def _postgres(
        self, words: list[str], filters: list[str], phrases: list[str], order: str
    ) -> Callable[[], tuple[int, list[int]]]:
        full = " & ".join(f"'{t}'" for t in [*words, *(f"#{f}" for f in filters)])
        user = " & ".join(f"'{t}'" for t in words)
        where = "tsv @@ %s::tsquery" + " AND strpos(norm, %s) > 0" * len(phrases)
        rank = "ts_rank('{0.0, 0.2, 0.4, 1.0}', tsv, %s::tsquery)"
        one_pass = order == "relevance" or bool(phrases)
        if one_pass:  # every match is read anyway: count in the same pass
            inner = "score DESC, docid DESC" if order == "relevance" else "docid DESC"
            outer = "p.score DESC, p.docid DESC" if order == "relevance" else "p.docid DESC"
            page_sql = (
                "SELECT d.key, d.title, d.body, d.extra, d.published_at, p.total FROM ("  # noqa: S608
                f"SELECT docid, {rank} AS score, count(*) OVER () AS total "
                f"FROM search_document WHERE {where} ORDER BY {inner} LIMIT 20) p "
                f"JOIN search_document d USING (docid) ORDER BY {outer}"
            )
            page_params = [user, full, *phrases]
        else:
            page_sql = (
                "SELECT key, title, body, extra, published_at, NULL FROM search_document "  # noqa: S608
                f"WHERE {where} ORDER BY docid DESC LIMIT 20"
            )
            page_params = [full, *phrases]
        count_sql = f"SELECT count(*) FROM search_document WHERE {where}"  # noqa: S608
        count_params = [full, *phrases]

        def run() -> tuple[int, list[int]]:
            # the same plans as gongkai.search: the GIN index for ranking and counting
            with self.raw.transaction(), self.raw.cursor() as cur:
                if one_pass:
                    cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute(page_sql, page_params)
                rows = cur.fetchall()
                keys = [r[0] for r in rows]
                if rows and rows[0][5] is not None:
                    return rows[0][5], keys
                if len(rows) < 20:
                    return len(rows), keys
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute(count_sql, count_params)
                return cur.fetchone()[0], keys

        return run


# --- running it -----------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def configure(database_url: str | None) -> tuple[str, Callable[[], None]]:
    """Point Django at a throw-away database; returns its description and a cleanup."""
    var_dir = tempfile.mkdtemp(prefix="gongkai-bench-search-")
    os.environ["GONGKAI_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    cleanup: Callable[[], None]
    if database_url:
        import dj_database_url
        import psycopg

        params = dj_database_url.parse(database_url)
        name = params["NAME"]
        if name in ("gongkai", "postgres", "template0", "template1") or "bench" not in name:
            sys.exit(f"refusing to use database {name!r}: the name must contain 'bench'")
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = database_url

        def cleanup() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            shutil.rmtree(var_dir, ignore_errors=True)

        described = f"PostgreSQL database {name} (created and dropped by this script)"
    else:
        os.environ.pop("DATABASE_URL", None)

        def cleanup() -> None:
            shutil.rmtree(var_dir, ignore_errors=True)

        described = f"SQLite {var_dir}/gongkai.sqlite3 (deleted afterwards)"
    import django

    django.setup()
    return described, cleanup


def database_size(vendor: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            return int(pages * cursor.fetchone()[0])
        cursor.execute("SELECT pg_total_relation_size('search_document')")
        return int(cursor.fetchone()[0])


def run_queries(per_term: int, n: int) -> None:
    from django.db import connection

    from gongkai.search import SearchQuery, search

    connection.ensure_connection()
    floor = Floor(connection.vendor, connection.connection)
    print(
        f"\n{'query':<24}{'kind':<15}{'matches':>9}{'%':>7}"
        f"{'p50':>9}{'p95':>9}{'floor50':>9}{'floor95':>9}{'×p50':>7}{'×p95':>7}  <5%→50ms"
    )
    ratios: list[float] = []
    for q in QUERIES:
        request = SearchQuery(text=q.text, order=q.order, **q.filters)  # type: ignore[arg-type]
        raw = floor.prepare(q)
        page = search(request)
        total, keys = raw()
        assert page.total == total, (q.label, page.total, total)
        assert [h.key for h in page.hits] == keys, (q.label, [h.key for h in page.hits], keys)
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(per_term):
            start = time.perf_counter()
            search(request)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw()
            theirs.append(time.perf_counter() - start)
        p50, p95 = percentile(ours, 50) * 1000, percentile(ours, 95) * 1000
        f50, f95 = percentile(theirs, 50) * 1000, percentile(theirs, 95) * 1000
        share = total / n * 100
        target = ("ok" if p95 <= 50 else "SLOW") if share < 5 else ""
        ratios.append(p50 / f50)
        print(
            f"{q.label:<24}{q.kind:<15}{total:>9}{share:>6.2f}%"
            f"{p50:>8.1f} {p95:>8.1f} {f50:>8.1f} {f95:>8.1f} {p50 / f50:>6.2f} {p95 / f95:>6.2f}"
            f"  {target}"
        )
    print(f"median ratio p50: {statistics.median(ratios):.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="documents (1,000,000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres://…/gongkai_bench (default: DATABASE_URL, else a temporary SQLite)",
    )
    parser.add_argument("--queries-per-term", type=int, default=20)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)

    described, cleanup = configure(args.database_url or None)
    try:
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        print(f"database: {described}")
        start = time.perf_counter()
        docs = generate(args.n, args.processes)
        chars = statistics.median(len(d.body) for d in docs[:10_000])
        print(
            f"generated {len(docs):,} documents in {time.perf_counter() - start:.0f} s "
            f"(median body {chars:,.0f} characters)"
        )
        start = time.perf_counter()
        count = import_documents(docs)
        elapsed = time.perf_counter() - start
        del docs
        print(
            f"imported {count:,} documents in {elapsed:.1f} s: {count / elapsed:,.0f} documents/s; "
            f"index size {database_size(connection.vendor) / 1e6:,.0f} MB"
        )
        run_queries(args.queries_per_term, count)
    finally:
        if not args.keep:
            cleanup()


if __name__ == "__main__":
    main()
